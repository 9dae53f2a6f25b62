//! The Due board on paper: every deadline in the list as the screen showed it, with
//! its state in words so it reads the same in black and white.

use chrono::NaiveDate;

use super::{Block, Column, Document, Section};
use crate::domain::dates::{DueState, format_date};
use crate::domain::deadlines::DueItem;

/// `whose` is "Rachel Okoro's caseload" or "the whole unit".
pub fn due_list(establishment: &str, printed: String, whose: &str, items: &[DueItem], today: NaiveDate) -> Document {
    let overdue = items.iter().filter(|item| item.state(today).is_overdue()).count();
    let soon = items.iter().filter(|item| matches!(item.state(today), DueState::DueSoon(_))).count();
    let mut blocks = vec![
        Block::Title("Deadlines".into()),
        Block::Paragraph(format!(
            "{} for {whose} on {}: {overdue} overdue, {soon} due soon. Most overdue first.",
            crate::domain::text::plural(items.len(), "deadline"),
            format_date(today)
        )),
    ];
    if items.is_empty() {
        blocks.push(Block::Paragraph("Nothing is overdue or falling due.".into()));
    } else {
        blocks.push(Block::Table {
            caption: None,
            columns: vec![
                Column::new("Due", 1.7),
                Column::new("State", 1.5),
                Column::new("What", 1.7),
                Column::new("Prisoner", 2.2),
                Column::new("Supervisor", 1.5),
                Column::new("Why", 3.3),
            ],
            rows: items
                .iter()
                .map(|item| {
                    let state = item.state(today);
                    let words = match state {
                        DueState::Overdue(_) => format!("OVERDUE: {}", state.describe()),
                        DueState::DueSoon(_) => format!("Soon: {}", state.describe()),
                        DueState::NotYetDue(_) => state.describe(),
                    };
                    vec![
                        format_date(item.due),
                        words,
                        item.kind.to_string(),
                        format!("{} ({})", item.name, item.prison_number),
                        item.supervisor.clone().unwrap_or_else(|| "unallocated".into()),
                        item.reason.clone(),
                    ]
                })
                .collect(),
        });
    }
    Document {
        title: "Deadlines".into(),
        establishment: establishment.to_string(),
        printed,
        audit_head: None,
        contents: None,
        sections: vec![Section { identity: format!("Deadlines for {whose}"), kind: "Due board".into(), blocks }],
    }
}
