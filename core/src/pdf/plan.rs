//! The printed sentence plan, and the board pack of several plans.

use super::{Block, Column, Contents, Document, Section};
use crate::domain::dates::{format_date, format_optional_date};
use crate::domain::plan::{Intervention, InterventionState, Meeting, PlanStatus, PlanVersion};
use crate::domain::prisoner::{CaseSummary, PrisonerDetails};
use crate::domain::release::{ReleaseKind, earliest_release};
use crate::domain::risk::{Coded, describe_mappa};

/// Everything one printed plan shows.
#[derive(Debug, Clone)]
pub struct PlanSheet {
    pub details: PrisonerDetails,
    pub supervisor: Option<String>,
    pub summary: CaseSummary,
    pub plan: PlanVersion,
    pub interventions: Vec<Intervention>,
    /// The meeting that agreed (or will agree) this version.
    pub meeting: Option<Meeting>,
    /// The day it is printed, for targets already missed.
    pub today: chrono::NaiveDate,
    /// The agreed version before this one, to print what changed since.
    pub since: Option<PlanVersion>,
    /// The last categorisation decision in words: category, day and reason.
    pub last_categorisation: Option<String>,
}

/// "HDCED 14/03/2027 (home detention curfew eligibility: only if home detention
/// curfew is approved)", or that no release date is recorded.
fn earliest_release_words(details: &PrisonerDetails, today: chrono::NaiveDate) -> String {
    match earliest_release(details, today) {
        Some(release) => format!("{} ({}: {})", release.describe(), release.kind.meaning(), release.kind.certainty()),
        None => "no release date recorded".into(),
    }
}

fn yes_no(value: bool) -> String {
    if value { "Yes".into() } else { "No".into() }
}

/// One plan as a section of a document.
pub fn section(sheet: &PlanSheet) -> Section {
    let details = &sheet.details;
    let plan = &sheet.plan;
    let summary = &sheet.summary;
    let mut blocks =
        vec![Block::Title(format!("Sentence plan: version {} ({})", plan.number, plan.kind.label().to_lowercase()))];
    let status = match plan.status {
        PlanStatus::Closed => format!(
            "Agreed {}{}",
            format_optional_date(plan.closed_on),
            plan.closed_by.as_ref().map(|by| format!(" (closed by {by})")).unwrap_or_default()
        ),
        PlanStatus::Draft => "DRAFT: not yet agreed".into(),
    };
    blocks.push(Block::Fields(vec![
        ("Plan status".into(), status),
        ("Plan started".into(), format_date(plan.started_on)),
        ("Next review".into(), format_optional_date(plan.next_review_date)),
        ("Offender supervisor".into(), sheet.supervisor.clone().unwrap_or_else(|| "Not yet allocated".into())),
        (
            "Offender manager".into(),
            [details.offender_manager.name.as_str(), details.offender_manager.area.as_str()]
                .iter()
                .filter(|part| !part.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ("OM contact".into(), details.offender_manager.contact.clone()),
    ]));

    blocks.push(Block::Heading("Sentence and key dates".into()));
    let mut key_dates: Vec<(String, String)> = vec![
        ("Sentence".into(), details.sentence_type.label().to_string()),
        ("Length".into(), details.sentence_length.map(|length| length.to_string()).unwrap_or_default()),
        ("Sentence date".into(), format_optional_date(details.sentence_date)),
        ("Reception".into(), format_optional_date(details.reception_date)),
        ("Earliest release".into(), earliest_release_words(details, sheet.today)),
    ];
    // Every release date recorded, in order of certainty, as the record holds them.
    key_dates.extend(ReleaseKind::ALL.iter().filter_map(|kind| {
        kind.date_in(details)
            .map(|date| (format!("{} ({})", capitalise(kind.meaning()), kind.code()), format_date(date)))
    }));
    key_dates.extend([
        ("ROTL eligibility".into(), format_optional_date(details.rotl_eligibility_date)),
        ("Recategorisation due".into(), format_optional_date(details.recategorisation_due_date)),
        ("Security category".into(), details.security_category.clone().unwrap_or_default()),
        ("Last categorisation".into(), sheet.last_categorisation.clone().unwrap_or_else(|| "not recorded".into())),
        ("Recall".into(), yes_no(details.recall)),
        (
            "Transfer hold".into(),
            if details.transfer_hold { format!("Yes: {}", details.transfer_hold_reason) } else { "No".into() },
        ),
    ]);
    blocks.push(Block::Fields(key_dates));

    blocks.push(Block::Heading("Risk".into()));
    blocks.push(Block::Fields(vec![
        ("Risk of serious harm".into(), details.rosh.map_or("Not assessed".into(), |rosh| rosh.label().to_string())),
        (
            "Likelihood of reoffending".into(),
            details.reoffending_likelihood.map_or("Not assessed".into(), |likelihood| likelihood.label().to_string()),
        ),
        ("Tier".into(), summary.tier.value.clone().map_or("Not tiered".into(), |tier| format!("Tier {tier}"))),
        ("MAPPA".into(), describe_mappa(details.mappa_category, details.mappa_level)),
        ("PPO".into(), yes_no(details.ppo)),
        ("Last OASys review".into(), format_optional_date(details.last_oasys_review_date)),
    ]));
    blocks.push(Block::Paragraph(format!(
        "Offender management model: {}. Tier: {}.",
        capitalise(&summary.scope.reason),
        summary.tier.reason
    )));

    blocks.push(Block::Heading("Diversity needs to take into account".into()));
    let needs = details.diversity.summary();
    blocks.push(Block::Paragraph(if needs.is_empty() { "None recorded.".into() } else { needs.join("\n") }));

    if let Some(earlier) = &sheet.since {
        let found = crate::domain::plan::changes(earlier, plan);
        blocks.push(Block::Heading(match earlier.closed_on {
            Some(agreed) => format!("Changes since version {} (agreed {})", earlier.number, format_date(agreed)),
            None => format!("Changes since version {}", earlier.number),
        }));
        blocks.push(Block::Paragraph(if found.is_empty() {
            "No changes yet.".into()
        } else {
            found.iter().map(|change| format!("• {}", change.describe())).collect::<Vec<_>>().join("\n")
        }));
    }
    blocks.push(Block::Heading("Objectives".into()));
    if plan.objectives.is_empty() {
        blocks.push(Block::Paragraph("No objectives recorded.".into()));
    }
    let intervention = |id: Option<i64>| id.and_then(|id| sheet.interventions.iter().find(|i| i.id == id));
    let mut unavailable = Vec::new();
    for (pathway, objectives) in plan.by_pathway() {
        let rows = objectives
            .iter()
            .map(|objective| {
                let mut what = objective.text.clone();
                if !objective.need.is_empty() {
                    what.push_str(&format!("\nNeed: {}", objective.need));
                }
                if !objective.progress_notes.is_empty() {
                    what.push_str(&format!("\nProgress: {}", objective.progress_notes));
                }
                let intervention_cell = match intervention(objective.intervention_id) {
                    Some(found) => {
                        let state = objective.intervention_state.map_or("", InterventionState::label);
                        if found.offered {
                            format!("{}\n{state}", found.name)
                        } else {
                            unavailable.push(format!("{}: {}", found.name, objective.text));
                            format!("{}\nREQUIRED: NOT AVAILABLE HERE\n{state}", found.name)
                        }
                    }
                    None => "None".into(),
                };
                let responsible = if objective.responsible_name.is_empty() {
                    objective.responsible_role.label().to_string()
                } else {
                    format!("{}\n{}", objective.responsible_name, objective.responsible_role.label())
                };
                let agreement = match objective.agreement {
                    Some(agreement) if objective.agreement_words.is_empty() => agreement.label().to_string(),
                    Some(agreement) => format!("{}: \u{201c}{}\u{201d}", agreement.label(), objective.agreement_words),
                    None => "Not recorded".into(),
                };
                vec![
                    what,
                    intervention_cell,
                    responsible,
                    if objective.target_missed(sheet.today) {
                        format!("{}\nMISSED: set a new target", format_optional_date(objective.target_date))
                    } else {
                        format_optional_date(objective.target_date)
                    },
                    format!("{}\nsince {}", objective.status.label(), format_date(objective.status_changed_on)),
                    agreement,
                ]
            })
            .collect();
        blocks.push(Block::Table { caption: Some(pathway.label().to_string()), columns: objective_columns(), rows });
    }
    if !unavailable.is_empty() {
        blocks.push(Block::Heading("Required but not available here".into()));
        blocks.push(Block::Paragraph(format!(
            "These interventions are required by the plan but not offered by this establishment. They are recorded as an unmet need, not replaced.\n{}",
            unavailable.iter().map(|line| format!("• {line}")).collect::<Vec<_>>().join("\n")
        )));
    }

    blocks.push(Block::Heading("Planning meeting".into()));
    match &sheet.meeting {
        Some(meeting) => {
            blocks.push(Block::Fields(vec![
                (
                    "Date".into(),
                    format!(
                        "{}{}",
                        format_date(meeting.date),
                        meeting.time.map(|time| format!(" {}", time.format("%H:%M"))).unwrap_or_default()
                    ),
                ),
                ("Chair".into(), meeting.chair.clone()),
                ("Held".into(), if meeting.held { "Yes".into() } else { "Planned, not yet held".into() }),
                ("Prisoner attended".into(), yes_no(meeting.prisoner_attended)),
            ]));
            if !meeting.attendees.is_empty() {
                blocks.push(Block::Table {
                    caption: None,
                    columns: vec![
                        Column::new("Attendee", 3.0),
                        Column::new("Role", 3.0),
                        Column::new("How they took part", 3.0),
                    ],
                    rows: meeting
                        .attendees
                        .iter()
                        .map(|a| vec![a.name.clone(), a.role.clone(), a.participation.label().to_string()])
                        .collect(),
                });
            }
            blocks.push(Block::Paragraph(format!(
                "The prisoner's views: {}",
                if meeting.prisoner_views.is_empty() { "none recorded" } else { &meeting.prisoner_views }
            )));
            blocks.push(Block::Paragraph(format!(
                "Decisions: {}",
                if meeting.decisions.is_empty() { "none recorded" } else { &meeting.decisions }
            )));
        }
        None => blocks.push(Block::Paragraph("No planning meeting recorded for this version.".into())),
    }
    blocks.push(Block::Paragraph(format!("Next review: {}", format_optional_date(plan.next_review_date))));
    blocks.push(Block::Space(6.0));
    blocks.push(Block::Signatures(vec!["Prisoner".into(), "Offender supervisor".into(), "Chair".into()]));
    Section { identity: super::induction::identity(details), kind: "Sentence plan".into(), blocks }
}

fn objective_columns() -> Vec<Column> {
    vec![
        Column::new("Objective", 3.2),
        Column::new("Intervention", 2.2),
        Column::new("Responsible", 1.6),
        Column::new("Target", 1.4),
        Column::new("Status", 1.3),
        Column::new("Prisoner's agreement", 1.8),
    ]
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub fn document(establishment: &str, printed: String, sheet: &PlanSheet) -> Document {
    Document {
        title: format!("Sentence plan: {} {}", sheet.details.prison_number, sheet.details.display_name()),
        establishment: establishment.to_string(),
        printed,
        audit_head: None,
        contents: None,
        sections: vec![section(sheet)],
    }
}

/// Several plans in one file, each on new pages with its own numbering, after a
/// contents page listing prisoner, time and page.
pub fn board_pack(establishment: &str, printed: String, title: &str, sheets: &[PlanSheet]) -> Document {
    Document {
        title: title.to_string(),
        establishment: establishment.to_string(),
        printed,
        audit_head: None,
        contents: Some(Contents {
            title: title.to_string(),
            columns: vec![
                Column::new("Time", 0.8),
                Column::new("Prisoner", 3.0),
                Column::new("Prison number", 1.2),
                Column::new("Plan", 1.8),
            ],
            rows: sheets
                .iter()
                .map(|sheet| {
                    vec![
                        sheet
                            .meeting
                            .as_ref()
                            .and_then(|meeting| meeting.time)
                            .map(|time| time.format("%H:%M").to_string())
                            .unwrap_or_default(),
                        sheet.details.display_name(),
                        sheet.details.prison_number.to_string(),
                        format!("Version {} ({})", sheet.plan.number, sheet.plan.kind.label().to_lowercase()),
                    ]
                })
                .collect(),
        }),
        sections: sheets.iter().map(section).collect(),
    }
}

/// What an invitation needs beyond the meeting itself.
#[derive(Debug, Clone)]
pub struct InvitationSheet {
    pub details: PrisonerDetails,
    pub meeting: Meeting,
    /// "Initial plan", "Review (version 3)".
    pub plan: String,
    /// The prisoner's offender supervisor, who arranges the meeting.
    pub supervisor: Option<String>,
    /// "30/11/2026", or "as soon as you can" when the meeting is close.
    pub reply_by: String,
}

/// One page for each person invited to a planning meeting: when, what for, and the
/// ways to take part, so a key worker who cannot come still contributes.
pub fn invitations(establishment: &str, printed: String, sheet: &InvitationSheet) -> Document {
    let meeting = &sheet.meeting;
    let when = match meeting.time {
        Some(time) => format!("{} at {}", format_date(meeting.date), time.format("%H:%M")),
        None => format_date(meeting.date),
    };
    let reply_by = &sheet.reply_by;
    let arranged_by = sheet.supervisor.clone().unwrap_or_else(|| meeting.chair.clone());
    let sections = meeting
        .attendees
        .iter()
        .map(|attendee| Section {
            identity: format!("{} ({})", attendee.name, attendee.role),
            kind: "Invitation".into(),
            blocks: vec![
                Block::Title("Invitation to a sentence planning meeting".into()),
                Block::Fields(vec![
                    ("To".into(), format!("{} ({})", attendee.name, attendee.role)),
                    ("When".into(), when.clone()),
                    ("Prisoner".into(), sheet.details.display_name()),
                    ("Prison number".into(), sheet.details.prison_number.to_string()),
                    ("Plan".into(), sheet.plan.clone()),
                    ("Chair".into(), meeting.chair.clone()),
                    ("Arranged by".into(), arranged_by.clone()),
                    ("Reply by".into(), reply_by.clone()),
                ]),
                Block::Paragraph(format!(
                    "You are invited to the sentence planning meeting for {}, where their sentence plan is agreed with them and the people working with them. Your knowledge of their progress matters to it.",
                    sheet.details.display_name()
                )),
                Block::Heading("How to take part".into()),
                Block::Paragraph(format!(
                    "In person: come to the Offender Management Unit, {establishment}, ten minutes before the start."
                )),
                Block::Paragraph(format!(
                    "By video link or telephone: tell {arranged_by}, who will send the link or number."
                )),
                Block::Paragraph(format!(
                    "In writing: if you cannot attend, send your contribution to {arranged_by} before the meeting; it is read at the meeting and recorded with the plan."
                )),
                Block::Note(
                    "This invitation names a prisoner: keep it safe, pass it on only by the secure route, and destroy it after the meeting."
                        .into(),
                ),
            ],
        })
        .collect();
    Document {
        title: format!("Invitations: {} {}", sheet.details.prison_number, sheet.details.display_name()),
        establishment: establishment.to_string(),
        printed,
        audit_head: None,
        contents: None,
        sections,
    }
}
