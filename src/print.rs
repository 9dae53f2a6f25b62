//! What the app and the command line print: each function reads what a document
//! needs from the case file and returns it ready to render, with a sensible file name.

use chrono::{DateTime, Utc};

use crate::domain::dates::{iso_date, utc_to_london};
use crate::pdf::{self, Document};
use crate::storage::{self, Db};

#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    #[error("{0}")]
    Nothing(String),
    #[error(transparent)]
    Storage(#[from] storage::Error),
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
}

/// A document ready to render, and the file name to offer for it.
#[derive(Debug, Clone)]
pub struct Printable {
    pub document: Document,
    pub file_name: String,
}

/// "23/11/2026 18:04 by Priya Shah"
pub fn printed_line(db: &Db, now: DateTime<Utc>) -> Result<String, PrintError> {
    Ok(format!(
        "{} by {}",
        utc_to_london(now).format("%d/%m/%Y %H:%M"),
        db.actor()?
    ))
}

/// The newest induction checklist of one prisoner.
pub fn induction_record(
    db: &Db,
    prisoner_id: i64,
    now: DateTime<Utc>,
) -> Result<Printable, PrintError> {
    let prisoner = db.prisoner(prisoner_id)?;
    let checklist = db
        .checklists(prisoner_id)?
        .into_iter()
        .next()
        .ok_or_else(|| {
            PrintError::Nothing(format!(
                "{} has no induction checklist to print",
                prisoner.details.display_name()
            ))
        })?;
    let establishment = db.settings()?.establishment_name;
    let details = &prisoner.details;
    let supervisor = supervisor_name(db, details.allocated_supervisor_id)?;
    Ok(Printable {
        document: pdf::induction::document(
            &establishment,
            printed_line(db, now)?,
            details,
            supervisor.as_deref(),
            &checklist,
            now,
        ),
        file_name: pdf::file_name(&[
            details.prison_number.as_str(),
            &details.surname,
            "induction record",
            &iso_date(utc_to_london(now).date_naive()),
        ]),
    })
}

fn supervisor_name(db: &Db, id: Option<i64>) -> Result<Option<String>, PrintError> {
    let Some(id) = id else { return Ok(None) };
    Ok(db
        .staff()?
        .into_iter()
        .find(|member| member.id == id)
        .map(|member| member.name))
}

/// Renders and writes a document; returns the number of pages.
pub fn write_pdf(document: &Document, path: &std::path::Path) -> Result<usize, PrintError> {
    let rendered = pdf::render(document)?;
    pdf::write(&rendered.bytes, path)?;
    Ok(rendered.total_pages)
}
