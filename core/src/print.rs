//! What the app and the command line print: each function reads what a document
//! needs from the case file and returns it ready to render, with a sensible file name.

use chrono::{DateTime, Utc};

use crate::domain::dates::{iso_date, utc_to_london};
use crate::domain::disclosure::{DisclosedRow, Disclosure};
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

/// A document ready to render, the file name to offer for it, and what printing it
/// discloses (none for the recovery key sheet, which holds no case data).
#[derive(Debug, Clone)]
pub struct Printable {
    pub document: Document,
    pub file_name: String,
    pub disclosure: Option<Disclosure>,
}

/// How the recovery key sheet's file name starts.
pub const RECOVERY_SHEET_NAME: &str = "omu desk recovery key";

/// "23/11/2026 18:04 by Priya Shah"
pub fn printed_line(db: &Db, now: DateTime<Utc>) -> Result<String, PrintError> {
    Ok(format!("{} by {}", utc_to_london(now).format("%d/%m/%Y %H:%M"), db.actor()?))
}

/// Puts the audit trail's head at the foot of every page of a printout of case data.
fn with_head(db: &Db, mut document: Document) -> Result<Document, PrintError> {
    document.audit_head = db.head()?.map(|head| head.to_string());
    Ok(document)
}

/// The newest induction checklist of one prisoner.
pub fn induction_record(db: &Db, prisoner_id: i64, now: DateTime<Utc>) -> Result<Printable, PrintError> {
    let prisoner = db.prisoner(prisoner_id)?;
    let checklist = db.checklists(prisoner_id)?.into_iter().next().ok_or_else(|| {
        PrintError::Nothing(format!("{} has no induction checklist to print", prisoner.details.display_name()))
    })?;
    let establishment = db.settings()?.establishment_name;
    let details = &prisoner.details;
    let supervisor = supervisor_name(db, details.allocated_supervisor_id)?;
    Ok(Printable {
        document: with_head(
            db,
            pdf::induction::document(
                &establishment,
                printed_line(db, now)?,
                details,
                supervisor.as_deref(),
                &checklist,
                now,
            ),
        )?,
        file_name: pdf::file_name(&[
            details.prison_number.as_str(),
            &details.surname,
            "induction record",
            &iso_date(utc_to_london(now).date_naive()),
        ]),
        disclosure: Some(Disclosure::record(
            "induction_checklist",
            checklist.id,
            prisoner_id,
            format!("induction record of {} printed", details.prison_number),
        )),
    })
}

/// The data one printed plan needs.
pub fn plan_sheet(db: &Db, plan_id: i64, today: chrono::NaiveDate) -> Result<pdf::plan::PlanSheet, PrintError> {
    let plan = db.plan_version(plan_id)?;
    let prisoner = db.prisoner(plan.prisoner_id)?;
    let meeting = db
        .meetings(plan.prisoner_id)?
        .into_iter()
        .filter(|meeting| meeting.plan_version_id == Some(plan.id))
        .max_by_key(|meeting| (meeting.held, meeting.date, meeting.time));
    let versions = db.plan_versions(plan.prisoner_id)?;
    let since = crate::domain::plan::last_agreed_before(&versions, &plan).cloned();
    let categories = db.security_categories()?;
    let last_categorisation = db.category_decisions(plan.prisoner_id)?.into_iter().next().map(|decision| {
        let code = decision.details.category.as_str();
        let label = categories.iter().find(|(known, _)| known == code).map_or(code, |(_, label)| label.as_str());
        decision.details.describe(label)
    });
    Ok(pdf::plan::PlanSheet {
        since,
        last_categorisation,
        supervisor: supervisor_name(db, prisoner.details.allocated_supervisor_id)?,
        summary: db.case_summary(plan.prisoner_id, today)?,
        interventions: db.interventions()?,
        details: prisoner.details,
        plan,
        meeting,
        today,
    })
}

/// Invitations to a planning meeting, one page for each person on its list.
pub fn invitations(db: &Db, prisoner_id: i64, meeting_id: i64, now: DateTime<Utc>) -> Result<Printable, PrintError> {
    let prisoner = db.prisoner(prisoner_id)?;
    let meeting = db
        .meetings(prisoner_id)?
        .into_iter()
        .find(|meeting| meeting.id == meeting_id)
        .ok_or_else(|| PrintError::Nothing("that meeting is no longer on the record".into()))?;
    if meeting.held {
        return Err(PrintError::Nothing("the meeting has been held: there is no one left to invite".into()));
    }
    if meeting.attendees.is_empty() {
        return Err(PrintError::Nothing(
            "nobody is on the meeting's list yet: add the attendees (or invite the key workers and offender manager) first".into(),
        ));
    }
    let plan = match meeting.plan_version_id.map(|id| db.plan_version(id)).transpose()? {
        Some(plan) => format!("{} (version {})", crate::domain::risk::Coded::label(plan.kind), plan.number),
        None => "Sentence plan".to_string(),
    };
    let today = utc_to_london(now).date_naive();
    let reply_by = match meeting.date.pred_opt() {
        Some(day) if day > today => crate::domain::dates::format_date(day),
        _ => "as soon as you can".to_string(),
    };
    let sheet = pdf::plan::InvitationSheet {
        reply_by,
        supervisor: supervisor_name(db, prisoner.details.allocated_supervisor_id)?,
        details: prisoner.details,
        meeting,
        plan,
    };
    let establishment = db.settings()?.establishment_name;
    let disclosure = Disclosure::record(
        "planning_meeting",
        sheet.meeting.id,
        prisoner_id,
        format!(
            "invitations to the planning meeting of {} on {} printed for {}",
            sheet.details.prison_number,
            crate::domain::dates::format_date(sheet.meeting.date),
            sheet.meeting.attendees.iter().map(|attendee| attendee.name.as_str()).collect::<Vec<_>>().join(", ")
        ),
    );
    Ok(Printable {
        file_name: pdf::file_name(&[
            sheet.details.prison_number.as_str(),
            &sheet.details.surname,
            "invitations",
            &iso_date(sheet.meeting.date),
        ]),
        document: with_head(db, pdf::plan::invitations(&establishment, printed_line(db, now)?, &sheet))?,
        disclosure: Some(disclosure),
    })
}

/// One version of a sentence plan.
pub fn sentence_plan(db: &Db, plan_id: i64, now: DateTime<Utc>) -> Result<Printable, PrintError> {
    let today = utc_to_london(now).date_naive();
    let sheet = plan_sheet(db, plan_id, today)?;
    let establishment = db.settings()?.establishment_name;
    let file_name = pdf::file_name(&[
        sheet.details.prison_number.as_str(),
        &sheet.details.surname,
        "sentence plan",
        &iso_date(today),
    ]);
    let disclosure = Disclosure::record(
        "plan_version",
        sheet.plan.id,
        sheet.plan.prisoner_id,
        format!("sentence plan of {} (version {}) printed", sheet.details.prison_number, sheet.plan.number),
    );
    Ok(Printable {
        document: with_head(db, pdf::plan::document(&establishment, printed_line(db, now)?, &sheet))?,
        file_name,
        disclosure: Some(disclosure),
    })
}

/// The latest plan version of a prisoner, for the command line.
pub fn latest_plan(db: &Db, prisoner_id: i64) -> Result<i64, PrintError> {
    let prisoner = db.prisoner(prisoner_id)?;
    db.plan_versions(prisoner_id)?.first().map(|plan| plan.id).ok_or_else(|| {
        PrintError::Nothing(format!("{} has no sentence plan to print", prisoner.details.display_name()))
    })
}

/// Every plan for the planning meetings on `date`, with a contents page.
pub fn board_pack(db: &Db, date: chrono::NaiveDate, now: DateTime<Utc>) -> Result<Printable, PrintError> {
    let today = utc_to_london(now).date_naive();
    let diary = db.board_diary(date, date)?;
    if diary.is_empty() {
        return Err(PrintError::Nothing(format!(
            "there are no planning meetings on {}",
            crate::domain::dates::format_date(date)
        )));
    }
    let mut sheets = Vec::with_capacity(diary.len());
    for entry in &diary {
        let plan_id = match entry.meeting.plan_version_id {
            Some(id) => id,
            None => latest_plan(db, entry.meeting.prisoner_id)?,
        };
        let mut sheet = plan_sheet(db, plan_id, today)?;
        sheet.meeting = Some(entry.meeting.clone());
        sheets.push(sheet);
    }
    let establishment = db.settings()?.establishment_name;
    let title = format!("Board pack: planning meetings on {}", crate::domain::dates::format_date(date));
    let rows =
        sheets.iter().map(|sheet| DisclosedRow { id: sheet.plan.id, prisoner_id: sheet.plan.prisoner_id }).collect();
    Ok(Printable {
        document: with_head(db, pdf::plan::board_pack(&establishment, printed_line(db, now)?, &title, &sheets))?,
        file_name: pdf::file_name(&["board pack", &iso_date(date)]),
        disclosure: Some(Disclosure::records(
            "plan_version",
            rows,
            format!("sentence plan in the board pack for {} printed", crate::domain::dates::format_date(date)),
        )),
    })
}

/// The end-of-day reconciliation of the key safe.
pub fn key_reconciliation(db: &Db, now: DateTime<Utc>) -> Result<Printable, PrintError> {
    let tiles = db.key_board(now)?;
    if tiles.is_empty() {
        return Err(PrintError::Nothing("the key safe has no bunches yet".into()));
    }
    let establishment = db.settings()?.establishment_name;
    Ok(Printable {
        document: with_head(db, pdf::keys::reconciliation(&establishment, printed_line(db, now)?, &tiles, now))?,
        file_name: pdf::file_name(&["key reconciliation", &utc_to_london(now).format("%Y-%m-%d %H%M").to_string()]),
        disclosure: Some(Disclosure::register("key_movement", "key reconciliation printed")),
    })
}

/// The Due board as shown (`items`, filtered and sorted as on the screen), for `whose`
/// ("Rachel Okoro's caseload", "the whole unit").
pub fn due_list(
    db: &Db,
    whose: &str,
    items: &[crate::domain::deadlines::DueItem],
    today: chrono::NaiveDate,
    now: DateTime<Utc>,
) -> Result<Printable, PrintError> {
    let establishment = db.settings()?.establishment_name;
    Ok(Printable {
        document: with_head(db, pdf::deadlines::due_list(&establishment, printed_line(db, now)?, whose, items, today))?,
        file_name: pdf::file_name(&["deadlines", whose, &iso_date(today)]),
        disclosure: Some(Disclosure::prisoners(
            items.iter().map(|item| item.prisoner_id),
            format!("list of {} printed", crate::domain::text::plural(items.len(), "deadline")),
        )),
    })
}

/// The bunches out past their due time, with their last holders.
pub fn keys_overdue(db: &Db, now: DateTime<Utc>) -> Result<Printable, PrintError> {
    let tiles = db.key_board(now)?;
    if tiles.is_empty() {
        return Err(PrintError::Nothing("the key safe has no bunches yet".into()));
    }
    let establishment = db.settings()?.establishment_name;
    Ok(Printable {
        document: with_head(db, pdf::keys::overdue(&establishment, printed_line(db, now)?, &tiles, now))?,
        file_name: pdf::file_name(&["keys overdue", &utc_to_london(now).format("%Y-%m-%d %H%M").to_string()]),
        disclosure: Some(Disclosure::register("key_movement", "list of keys overdue printed")),
    })
}

/// How the unit is doing over the twelve months to `as_of`: for one supervisor's
/// caseload, or the whole unit (with the gate's figures) when `whose` is `None`.
pub fn unit_report(
    db: &Db,
    whose: Option<&crate::domain::staff::Staff>,
    as_of: chrono::NaiveDate,
    now: DateTime<Utc>,
) -> Result<Printable, PrintError> {
    use crate::domain::unit::{UnitReport, last_twelve_months};
    let since = crate::domain::dates::london_to_utc(last_twelve_months(as_of)[0], chrono::NaiveTime::MIN);
    let filter = whose
        .map_or(crate::storage::SupervisorFilter::All, |member| crate::storage::SupervisorFilter::Staff(member.id));
    let facts = db.unit_facts(filter, since)?;
    let label = whose.map_or("the whole unit".to_string(), |member| format!("{}'s caseload", member.name));
    let report = UnitReport::new(&facts, label, as_of, whose.is_none());
    let establishment = db.settings()?.establishment_name;
    let named = report.named();
    Ok(Printable {
        document: with_head(db, pdf::unit::unit_report(&establishment, printed_line(db, now)?, &report))?,
        file_name: pdf::file_name(&["unit report", &as_of.format("%Y-%m-%d").to_string()]),
        disclosure: Some(if named.is_empty() {
            Disclosure::register("prisoner", "unit report printed")
        } else {
            Disclosure::prisoners(named, "unit report printed")
        }),
    })
}

/// Key movements between two instants, for one bunch (hook), one holder (tally) or all.
pub fn key_history(
    db: &Db,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    hook: Option<u32>,
    tally: Option<u32>,
    now: DateTime<Utc>,
) -> Result<Printable, PrintError> {
    let bunch = match hook {
        Some(hook) => Some(
            db.bunches()?
                .into_iter()
                .find(|bunch| bunch.hook == hook)
                .ok_or_else(|| PrintError::Nothing(format!("no bunch hangs on hook {hook}")))?,
        ),
        None => None,
    };
    let holder = match tally {
        Some(tally) => {
            Some(db.holder_by_tally(tally)?.ok_or_else(|| PrintError::Nothing(format!("no one holds tally {tally}")))?)
        }
        None => None,
    };
    let lines =
        db.movement_history(from, to, bunch.as_ref().map(|b| b.id), holder.as_ref().map(|h| h.id), usize::MAX >> 1)?;
    let mut subject = match (&bunch, &holder) {
        (Some(bunch), _) => format!("hook {} ({})", bunch.hook, bunch.description),
        (None, Some(holder)) => format!("tally {} ({})", holder.tally, holder.name),
        (None, None) => "all bunches".to_string(),
    };
    subject.push_str(&format!(
        ", {} to {}",
        crate::domain::dates::format_local(from),
        crate::domain::dates::format_local(to)
    ));
    let establishment = db.settings()?.establishment_name;
    Ok(Printable {
        document: with_head(db, pdf::keys::history(&establishment, printed_line(db, now)?, &subject, &lines))?,
        file_name: pdf::file_name(&[
            "key movements",
            &iso_date(utc_to_london(from).date_naive()),
            "to",
            &iso_date(utc_to_london(to).date_naive()),
        ]),
        disclosure: Some(Disclosure::register("key_movement", format!("key movements ({subject}) printed"))),
    })
}

fn supervisor_name(db: &Db, id: Option<i64>) -> Result<Option<String>, PrintError> {
    let Some(id) = id else { return Ok(None) };
    Ok(db.staff()?.into_iter().find(|member| member.id == id).map(|member| member.name))
}

/// Renders and writes a document; returns the number of pages.
pub fn write_pdf(document: &Document, path: &std::path::Path) -> Result<usize, PrintError> {
    let rendered = pdf::render(document)?;
    pdf::write(&rendered.bytes, path)?;
    Ok(rendered.total_pages)
}

/// Writes the document to `path` and records what it discloses in the audit trail,
/// naming the file.
pub fn print_to_file(db: &mut Db, printable: &Printable, path: &std::path::Path) -> Result<usize, PrintError> {
    let pages = write_pdf(&printable.document, path)?;
    if let Some(disclosure) = &printable.disclosure {
        db.record_disclosure(disclosure, path)?;
    }
    Ok(pages)
}

/// The sheet printed at set-up: the recovery key, and what it is for. Not case data,
/// so not a disclosure; it is the one thing that opens the file when every
/// administrator's passphrase is lost.
pub fn recovery_sheet(
    case_file: &std::path::Path,
    administrator: &str,
    recovery_key: &str,
    now: DateTime<Utc>,
) -> Printable {
    use crate::pdf::{Block, Section};
    let blocks = vec![
        Block::Title("OMU Desk recovery key".into()),
        Block::Paragraph(
            "Keep this sheet locked away (the unit's safe), apart from the PC. With it, an administrator can be given a new passphrase when every administrator's passphrase has been lost. Without it and without any administrator's passphrase, nobody can open the case file."
                .into(),
        ),
        Block::Heading("Recovery key".into()),
        Block::Title(recovery_key.to_string()),
        Block::Fields(vec![
            ("Case file".into(), case_file.display().to_string()),
            ("Set up by".into(), administrator.to_string()),
            ("Set up on".into(), utc_to_london(now).format("%d/%m/%Y %H:%M").to_string()),
        ]),
        Block::Note(
            "To use it: on the sign-in screen choose \"Lost every administrator passphrase?\", type the key (spaces and dashes do not matter), your name and a new passphrase. The use is recorded in the audit trail."
                .into(),
        ),
        Block::Signatures(vec!["Placed in the safe by".into(), "Witnessed by".into()]),
    ];
    Printable {
        document: Document {
            title: "OMU Desk recovery key".into(),
            establishment: String::new(),
            printed: format!("{} by {administrator}", utc_to_london(now).format("%d/%m/%Y %H:%M")),
            audit_head: None,
            contents: None,
            sections: vec![Section { identity: "Recovery key".into(), kind: "Security".into(), blocks }],
        },
        file_name: pdf::file_name(&[RECOVERY_SHEET_NAME, &iso_date(utc_to_london(now).date_naive())]),
        disclosure: None,
    }
}
