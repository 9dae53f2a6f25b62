//! The printed induction record of one prisoner.

use chrono::{DateTime, Utc};

use super::{Block, Column, Document, Section};
use crate::domain::dates::{format_date, format_local as local};
use crate::domain::induction::{Checklist, ItemStatus};
use crate::domain::prisoner::PrisonerDetails;
use crate::domain::risk::Coded;

/// "Ó'Brien, Seán · A1234BC · born 14/03/1990 · A-3-36": who every page is about.
pub fn identity(details: &PrisonerDetails) -> String {
    let mut parts = vec![
        details.display_name(),
        details.prison_number.to_string(),
        format!("born {}", format_date(details.date_of_birth)),
    ];
    let location = details.location();
    if !location.is_empty() {
        parts.push(location);
    }
    parts.join("  ·  ")
}

/// The induction record as a section: every item with who did it, when, the outcome
/// or the reason it was not done, and what is still open.
pub fn section(
    details: &PrisonerDetails,
    supervisor: Option<&str>,
    checklist: &Checklist,
    now: DateTime<Utc>,
) -> Section {
    let done = checklist.items.iter().filter(|item| item.status != ItemStatus::Open).count();
    let overdue = checklist.overdue_items(now);
    let mut blocks = vec![
        Block::Title("Induction record".into()),
        Block::Fields(vec![
            ("Received".into(), local(checklist.received_at)),
            ("Procedure".into(), format!("Version {}", checklist.template_version)),
            ("Progress".into(), format!("{done} of {} items done", checklist.items.len())),
            (
                "Overdue".into(),
                if overdue == 0 {
                    "None".into()
                } else {
                    format!("{} past their due time", crate::domain::text::plural(overdue, "item"))
                },
            ),
            ("Checklist started by".into(), checklist.started_by.clone()),
            ("Offender supervisor".into(), supervisor.unwrap_or("Not yet allocated").to_string()),
        ]),
    ];
    let rows = checklist
        .items
        .iter()
        .map(|item| {
            let status = match item.status {
                ItemStatus::Open if item.is_overdue(now) => "OVERDUE".to_string(),
                ItemStatus::Open => "Open".to_string(),
                other => other.label().to_string(),
            };
            let who_when = match (&item.done_by, item.done_at) {
                (Some(by), Some(at)) => format!("{by}\n{}", local(at)),
                _ => String::new(),
            };
            let mut outcome = Vec::new();
            if let Some(reason) = item.exemption_reason {
                outcome.push(format!("Reason: {}", reason.label()));
            }
            if !item.reason_notes.is_empty() {
                outcome.push(item.reason_notes.clone());
            }
            if let Some(answer) = &item.answer {
                outcome.push(answer.describe());
            }
            if !item.outcome_notes.is_empty() {
                outcome.push(item.outcome_notes.clone());
            }
            let title = if item.template_item.mandatory {
                item.template_item.title.clone()
            } else {
                format!("{} (optional)", item.template_item.title)
            };
            vec![
                title,
                format!("{}\n({})", local(item.due_at), item.template_item.due.describe()),
                status,
                who_when,
                outcome.join("\n"),
            ]
        })
        .collect();
    blocks.push(Block::Heading("Checklist".into()));
    blocks.push(Block::Table {
        caption: None,
        columns: vec![
            Column::new("Item", 2.8),
            Column::new("Due", 1.9),
            Column::new("Status", 1.1),
            Column::new("Done by, when", 2.0),
            Column::new("Outcome, answer or reason", 3.0),
        ],
        rows,
    });
    blocks.push(Block::Signatures(vec!["Induction officer".into(), "Offender supervisor".into()]));
    Section { identity: identity(details), kind: "Induction record".into(), blocks }
}

/// The induction record of one prisoner as a document.
pub fn document(
    establishment: &str,
    printed: String,
    details: &PrisonerDetails,
    supervisor: Option<&str>,
    checklist: &Checklist,
    now: DateTime<Utc>,
) -> Document {
    Document {
        title: format!("Induction record: {} {}", details.prison_number, details.display_name()),
        establishment: establishment.to_string(),
        printed,
        audit_head: None,
        contents: None,
        sections: vec![section(details, supervisor, checklist, now)],
    }
}
