//! The key register's printouts: the end-of-day reconciliation for signing, and the
//! movement history of a bunch or a holder for a date range.

use chrono::{DateTime, Utc};

use super::{Block, Column, Document, Section};
use crate::domain::dates::{format_local, utc_to_london};
use crate::domain::keys::{HookState, Whereabouts, end_of_day_problems, hook_label};
use crate::storage::{HookTile, MovementLine};

/// Every hook with what should be on it now, to check against the key safe and sign.
pub fn reconciliation(establishment: &str, printed: String, tiles: &[HookTile], now: DateTime<Utc>) -> Document {
    let out: Vec<&HookTile> = tiles.iter().filter(|tile| matches!(tile.whereabouts, Whereabouts::Out { .. })).collect();
    let mut blocks = vec![
        Block::Title("End-of-day key reconciliation".into()),
        Block::Paragraph(format!(
            "At {}: {}; {} out, {} overdue, {} out of use, {} compromised by an open incident (a lost key or a short count). Check every hook holds its bunch or the tally shown, tick it, and sign.",
            format_local(now),
            crate::domain::text::plural(tiles.len(), "hook"),
            crate::domain::text::plural_with(out.len(), "bunch", "bunches"),
            tiles.iter().filter(|tile| tile.state == HookState::Overdue).count(),
            tiles.iter().filter(|tile| tile.state == HookState::OutOfUse).count(),
            tiles.iter().filter(|tile| tile.compromised).count(),
        )),
    ];
    // The same check as the screen's, so paper and screen agree.
    let problems = end_of_day_problems(tiles.iter().map(|tile| tile.at_day_end(now)), utc_to_london(now).date_naive());
    blocks.push(Block::Heading("Needs attention".into()));
    if problems.is_empty() {
        blocks.push(Block::Paragraph("No hook needs attention.".into()));
    } else {
        blocks.push(Block::Table {
            caption: None,
            columns: vec![Column::new("Hook and what to do", 8.0), Column::new("Seen to by", 2.0)],
            rows: problems.into_iter().map(|problem| vec![problem, String::new()]).collect(),
        });
    }
    if !out.is_empty() {
        blocks.push(Block::Heading("Still out".into()));
        blocks.push(Block::Table {
            caption: None,
            columns: vec![
                Column::new("Hook", 0.7),
                Column::new("Bunch", 3.0),
                Column::new("Holder (tally)", 2.5),
                Column::new("Out since", 1.6),
                Column::new("Due back", 1.6),
                Column::new("State", 1.2),
            ],
            rows: out
                .iter()
                .map(|tile| {
                    let (since, due) = match tile.whereabouts {
                        Whereabouts::Out { since, due_back, .. } => (format_local(since), format_local(due_back)),
                        Whereabouts::In => (String::new(), String::new()),
                    };
                    vec![
                        tile.bunch.hook.to_string(),
                        tile.bunch.description.clone(),
                        tile.holder
                            .as_ref()
                            .map_or(String::new(), |holder| format!("{} ({})", holder.name, holder.tally)),
                        since,
                        due,
                        hook_label(tile.state, tile.compromised),
                    ]
                })
                .collect(),
        });
    }
    blocks.push(Block::Heading("Every hook".into()));
    blocks.push(Block::Table {
        caption: None,
        columns: vec![
            Column::new("Hook", 0.7),
            Column::new("Bunch", 3.2),
            Column::new("Keys", 0.7),
            Column::new("Should hold", 3.0),
            Column::new("Checked", 1.0),
        ],
        rows: tiles
            .iter()
            .map(|tile| {
                let should_hold = match (tile.state, &tile.holder) {
                    (HookState::OutOfUse, _) => format!("Nothing: out of use ({})", tile.bunch.out_of_use_reason),
                    (_, Some(holder)) if tile.compromised => {
                        format!("Tally {} ({}); bunch COMPROMISED, do not issue", holder.tally, holder.name)
                    }
                    (_, Some(holder)) => format!("Tally {} ({})", holder.tally, holder.name),
                    (_, None) if tile.compromised => "Bunch: COMPROMISED, do not issue".into(),
                    _ => "Bunch".into(),
                };
                vec![
                    tile.bunch.hook.to_string(),
                    tile.bunch.description.clone(),
                    tile.bunch.key_count.to_string(),
                    should_hold,
                    String::new(),
                ]
            })
            .collect(),
    });
    blocks.push(Block::Signatures(vec!["Gate officer".into(), "Orderly officer".into()]));
    Document {
        title: "End-of-day key reconciliation".into(),
        establishment: establishment.to_string(),
        printed,
        audit_head: None,
        contents: None,
        sections: vec![Section {
            identity: format!("Key safe reconciliation at {}", format_local(now)),
            kind: "Key register".into(),
            blocks,
        }],
    }
}

/// Every bunch still out past its due time, with the last holder and where to find
/// them, to hand to the orderly officer at the cut-off (what a key cabinet prints).
pub fn overdue(establishment: &str, printed: String, tiles: &[HookTile], now: DateTime<Utc>) -> Document {
    let overdue: Vec<&HookTile> = tiles.iter().filter(|tile| tile.state == HookState::Overdue).collect();
    let mut blocks = vec![
        Block::Title("Keys overdue".into()),
        Block::Paragraph(format!(
            "At {}: {} out past the time {} due back. Find each holder, get the keys back or account for them, and note it here.",
            format_local(now),
            crate::domain::text::plural_with(overdue.len(), "bunch", "bunches"),
            if overdue.len() == 1 { "it was" } else { "they were" },
        )),
    ];
    if overdue.is_empty() {
        blocks.push(Block::Paragraph("No bunch is overdue.".into()));
    } else {
        blocks.push(Block::Table {
            caption: None,
            columns: vec![
                Column::new("Hook", 1.0),
                Column::new("Bunch", 2.4),
                Column::new("Last holder (tally)", 2.2),
                Column::new("Department", 1.7),
                Column::new("Out since", 1.6),
                Column::new("Due back", 1.6),
                Column::new("Back or accounted for", 2.0),
            ],
            rows: overdue
                .iter()
                .map(|tile| {
                    let (since, due) = match tile.whereabouts {
                        Whereabouts::Out { since, due_back, .. } => (format_local(since), format_local(due_back)),
                        Whereabouts::In => (String::new(), String::new()),
                    };
                    let (holder, department) = tile.holder.as_ref().map_or((String::new(), String::new()), |holder| {
                        (format!("{} ({})", holder.name, holder.tally), holder.department.clone())
                    });
                    vec![
                        tile.bunch.hook.to_string(),
                        tile.bunch.description.clone(),
                        holder,
                        department,
                        since,
                        due,
                        String::new(),
                    ]
                })
                .collect(),
        });
    }
    blocks.push(Block::Signatures(vec!["Gate officer".into(), "Orderly officer".into()]));
    Document {
        title: "Keys overdue".into(),
        establishment: establishment.to_string(),
        printed,
        audit_head: None,
        contents: None,
        sections: vec![Section {
            identity: format!("Keys overdue at {}", format_local(now)),
            kind: "Key register".into(),
            blocks,
        }],
    }
}

/// The movements of one bunch or one holder (or all) between two instants.
pub fn history(establishment: &str, printed: String, subject: &str, lines: &[MovementLine]) -> Document {
    let rows = lines
        .iter()
        .map(|line| {
            let movement = &line.movement;
            vec![
                format_local(movement.at),
                line.hook.to_string(),
                line.bunch.clone(),
                line.what(),
                line.holder_words(),
                line.detail(),
                movement.recorded_by.clone(),
            ]
        })
        .collect();
    Document {
        title: format!("Key movements: {subject}"),
        establishment: establishment.to_string(),
        printed,
        audit_head: None,
        contents: None,
        sections: vec![Section {
            identity: subject.to_string(),
            kind: "Key register".into(),
            blocks: vec![
                Block::Title("Key movements".into()),
                Block::Paragraph(format!("{}, newest first.", crate::domain::text::plural(lines.len(), "movement"))),
                Block::Table {
                    caption: None,
                    columns: vec![
                        Column::new("When", 1.6),
                        Column::new("Hook", 0.8),
                        Column::new("Bunch", 2.0),
                        Column::new("Movement", 1.5),
                        Column::new("Holder (tally)", 1.9),
                        Column::new("Details", 2.4),
                        Column::new("Recorded by", 1.3),
                    ],
                    rows,
                },
            ],
        }],
    }
}
