//! Induction templates and checklists.

use chrono::{NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Db, Error, Result, decode, instant_text, parse_instant};
use crate::domain::contact::ContactDetails;
use crate::domain::dates::{london_today, utc_to_london};
use crate::domain::induction::{
    Answer, Checklist, ChecklistItem, DueRule, Effect, ItemChange, ItemStatus, Template, TemplateItem, TemplateStatus,
    answered_by_record, effects, reception_instant, starts_automatically,
};
use crate::domain::prisoner::PrisonerDetails;
use crate::domain::risk::Coded;

const TEMPLATE_ITEM_COLUMNS: &str = "id, title, guidance, role, mandatory, due_kind, due_amount, question, retired";

fn template_item_from_row(row: &Row) -> rusqlite::Result<TemplateItem> {
    let kind: String = row.get("due_kind")?;
    let amount: u32 = row.get("due_amount")?;
    Ok(TemplateItem {
        id: Some(row.get("id")?),
        title: row.get("title")?,
        guidance: row.get("guidance")?,
        role: row.get("role")?,
        mandatory: row.get("mandatory")?,
        due: DueRule::from_parts(&kind, amount).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                0,
                rusqlite::types::Type::Text,
                format!("unknown due rule {kind}").into(),
            )
        })?,
        question: decode(&row.get::<_, String>("question")?)?,
        retired: row.get("retired")?,
    })
}

/// An open checklist as the induction overview lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenInduction {
    pub prisoner_id: i64,
    pub prison_number: String,
    pub name: String,
    pub location: String,
    pub checklist: Checklist,
}

impl Db {
    /// The version in use for new checklists.
    pub fn current_template(&self) -> Result<Template> {
        template_with_status(&self.conn, "published")?
            .ok_or_else(|| Error::NotFound("a published induction template".into()))
    }

    /// The version being edited, if any.
    pub fn draft_template(&self) -> Result<Option<Template>> {
        template_with_status(&self.conn, "draft")
    }

    /// Starts editing: a draft copied from the published version (or the draft already
    /// under way).
    pub fn start_template_draft(&mut self) -> Result<Template> {
        if let Some(draft) = self.draft_template()? {
            return Ok(draft);
        }
        let current = self.current_template()?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO induction_template (version, status, last_reviewed) VALUES (?1, 'draft', ?2)",
                params![current.version + 1, current.last_reviewed],
            )?;
            let draft_id = tx.last_insert_rowid();
            insert_template_items(tx, draft_id, &current.items)?;
            Ok(())
        })?;
        self.draft_template()?.ok_or_else(|| Error::NotFound("the new draft".into()))
    }

    /// Replaces the draft's items with `items`, in order.
    pub fn save_template_draft(&mut self, items: &[TemplateItem]) -> Result<()> {
        let draft = self.draft_template()?.ok_or_else(|| Error::NotFound("a draft induction template".into()))?;
        self.write(|tx| {
            tx.execute("DELETE FROM induction_template_item WHERE template_id = ?1", [draft.id])?;
            insert_template_items(tx, draft.id, items)
        })
    }

    /// Makes the draft the version new checklists use; checklists under way keep theirs.
    pub fn publish_template_draft(&mut self, items: &[TemplateItem], reviewed_on: NaiveDate) -> Result<u32> {
        let draft = self.draft_template()?.ok_or_else(|| Error::NotFound("a draft induction template".into()))?;
        if items.iter().all(|item| item.retired) {
            return Err(Error::Invalid("a template needs at least one item that is not retired".into()));
        }
        self.write(|tx| {
            tx.execute("DELETE FROM induction_template_item WHERE template_id = ?1", [draft.id])?;
            insert_template_items(tx, draft.id, items)?;
            tx.execute("UPDATE induction_template SET status = 'superseded' WHERE status = 'published'", [])?;
            tx.execute(
                "UPDATE induction_template SET status = 'published', last_reviewed = ?2,
                     published_at = ?3, published_by = (SELECT name FROM audit_actor WHERE id = 1)
                 WHERE id = ?1",
                params![draft.id, reviewed_on, instant_text(Utc::now())],
            )?;
            Ok(draft.version)
        })
    }

    pub fn discard_template_draft(&mut self) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "DELETE FROM induction_template_item WHERE template_id IN
                     (SELECT id FROM induction_template WHERE status = 'draft')",
                [],
            )?;
            tx.execute("DELETE FROM induction_template WHERE status = 'draft'", [])?;
            Ok(())
        })
    }

    /// Records that the published procedure was reviewed and still stands.
    pub fn mark_template_reviewed(&mut self, reviewed_on: NaiveDate) -> Result<()> {
        self.write(|tx| {
            tx.execute("UPDATE induction_template SET last_reviewed = ?1 WHERE status = 'published'", [reviewed_on])?;
            Ok(())
        })
    }

    /// Starts a checklist by hand for a prisoner already here.
    pub fn start_checklist(&mut self, prisoner_id: i64) -> Result<i64> {
        self.write(|tx| {
            let details = super::prisoners::details_by_id(tx, prisoner_id)?;
            let started = start_checklist(tx, prisoner_id, &details)?.ok_or_else(|| {
                Error::Invalid("an induction checklist for this reception has already been started".into())
            })?;
            complete_answered_by_record(tx, prisoner_id, &details)?;
            Ok(started)
        })
    }

    /// A prisoner's checklists, newest reception first.
    pub fn checklists(&self, prisoner_id: i64) -> Result<Vec<Checklist>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT c.id FROM induction_checklist c WHERE c.prisoner_id = ?1 ORDER BY c.received_at DESC, c.id DESC",
        )?;
        let ids =
            statement.query_map([prisoner_id], |row| row.get::<_, i64>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
        ids.into_iter().map(|id| checklist(&self.conn, id)).collect()
    }

    /// Completes, exempts or reopens one item, and carries its answer into the
    /// prisoner's record, all in one transaction.
    pub fn update_induction_item(&mut self, item_id: i64, change: &ItemChange) -> Result<()> {
        self.write(|tx| {
            let prisoner_id: i64 = tx
                .query_row(
                    "SELECT c.prisoner_id FROM induction_item i JOIN induction_checklist c ON c.id = i.checklist_id
                     WHERE i.id = ?1",
                    [item_id],
                    |row| row.get(0),
                )
                .optional()?
                .ok_or_else(|| Error::NotFound(format!("induction item {item_id}")))?;
            let answer = change
                .answer
                .as_ref()
                .map(|answer| serde_json::to_string(answer).map_err(|error| Error::Invalid(error.to_string())))
                .transpose()?;
            tx.execute(
                "UPDATE induction_item SET status = ?2, done_by = ?3, done_at = ?4, exemption_reason = ?5,
                     reason_notes = ?6, outcome_notes = ?7, answer = ?8
                 WHERE id = ?1",
                params![
                    item_id,
                    change.status.code(),
                    change.done_by,
                    change.done_at.map(instant_text),
                    change.exemption_reason.map(Coded::code),
                    change.reason_notes,
                    change.outcome_notes,
                    answer
                ],
            )?;
            if let (Some(answer), Some(done_by), Some(done_at)) = (&change.answer, &change.done_by, change.done_at) {
                let done_on = utc_to_london(done_at).date_naive();
                for effect in effects(answer, done_by, done_on) {
                    apply_effect(tx, prisoner_id, effect)?;
                }
            }
            Ok(())
        })
    }

    /// Every checklist with something still open, for current prisoners.
    pub fn open_inductions(&self) -> Result<Vec<OpenInduction>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT DISTINCT c.id, p.id, p.prison_number, p.surname, p.forenames, p.wing, p.cell
             FROM induction_checklist c
             JOIN prisoner p ON p.id = c.prisoner_id
             JOIN induction_item i ON i.checklist_id = c.id AND i.status = 'open'
             WHERE p.archived_at IS NULL",
        )?;
        let rows = statement
            .query_map([], |row| {
                let wing: String = row.get(5)?;
                let cell: String = row.get(6)?;
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, String>(2)?,
                    format!("{}, {}", row.get::<_, String>(3)?, row.get::<_, String>(4)?),
                    [wing, cell].into_iter().filter(|part| !part.is_empty()).collect::<Vec<_>>().join("-"),
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(checklist_id, prisoner_id, prison_number, name, location)| {
                Ok(OpenInduction {
                    prisoner_id,
                    prison_number,
                    name,
                    location,
                    checklist: checklist(&self.conn, checklist_id)?,
                })
            })
            .collect()
    }
}

pub(super) fn published_template(conn: &Connection) -> Result<Template> {
    template_with_status(conn, "published")?.ok_or_else(|| Error::NotFound("a published induction template".into()))
}

fn template_with_status(conn: &Connection, status: &str) -> Result<Option<Template>> {
    let header = conn
        .query_row("SELECT id, version, last_reviewed FROM induction_template WHERE status = ?1", [status], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, u32>(1)?, row.get::<_, NaiveDate>(2)?))
        })
        .optional()?;
    let Some((id, version, last_reviewed)) = header else {
        return Ok(None);
    };
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {TEMPLATE_ITEM_COLUMNS} FROM induction_template_item WHERE template_id = ?1 ORDER BY position, id"
    ))?;
    let items = statement.query_map([id], template_item_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(Template {
        id,
        version,
        status: match status {
            "draft" => TemplateStatus::Draft,
            "published" => TemplateStatus::Published,
            _ => TemplateStatus::Superseded,
        },
        last_reviewed,
        items,
    }))
}

fn insert_template_items(conn: &Connection, template_id: i64, items: &[TemplateItem]) -> Result<()> {
    let mut statement = conn.prepare_cached(
        "INSERT INTO induction_template_item
             (template_id, position, title, guidance, role, mandatory, due_kind, due_amount, question, retired)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for (position, item) in items.iter().enumerate() {
        let (kind, amount) = item.due.to_parts();
        statement.execute(params![
            template_id,
            position as i64 + 1,
            item.title,
            item.guidance,
            item.role,
            item.mandatory,
            kind,
            amount,
            item.question.code(),
            item.retired
        ])?;
    }
    Ok(())
}

/// Starts a checklist from the published template for the prisoner's reception, unless
/// one for that reception exists. Returns the new checklist's id.
pub(super) fn start_checklist(conn: &Connection, prisoner_id: i64, details: &PrisonerDetails) -> Result<Option<i64>> {
    let Some(reception_date) = details.reception_date else {
        return Err(Error::Invalid("record the reception date first: due times count from it".into()));
    };
    let received_at = reception_instant(reception_date, details.reception_time);
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM induction_checklist WHERE prisoner_id = ?1 AND received_at = ?2)",
        params![prisoner_id, instant_text(received_at)],
        |row| row.get(0),
    )?;
    if exists {
        return Ok(None);
    }
    let template = template_with_status(conn, "published")?
        .ok_or_else(|| Error::NotFound("a published induction template".into()))?;
    conn.execute(
        "INSERT INTO induction_checklist (prisoner_id, template_id, received_at, started_at, started_by)
         VALUES (?1, ?2, ?3, ?4, (SELECT name FROM audit_actor WHERE id = 1))",
        params![prisoner_id, template.id, instant_text(received_at), instant_text(Utc::now())],
    )?;
    let checklist_id = conn.last_insert_rowid();
    let mut statement =
        conn.prepare_cached("INSERT INTO induction_item (checklist_id, template_item_id, due_at) VALUES (?1, ?2, ?3)")?;
    for item in template.active_items() {
        statement.execute(params![checklist_id, item.id, instant_text(item.due.due_at(received_at))])?;
    }
    Ok(Some(checklist_id))
}

/// Completes the prisoner's open items that their record already answers (see
/// [`answered_by_record`]), as the person saving the record, now.
pub(super) fn complete_answered_by_record(
    conn: &Connection,
    prisoner_id: i64,
    details: &PrisonerDetails,
) -> Result<()> {
    let supervisor: Option<String> = match details.allocated_supervisor_id {
        Some(id) => conn.query_row("SELECT name FROM staff WHERE id = ?1", [id], |row| row.get(0)).optional()?,
        None => None,
    };
    let mut open = conn.prepare_cached(
        "SELECT i.id, t.question FROM induction_item i
         JOIN induction_checklist c ON c.id = i.checklist_id
         JOIN induction_template_item t ON t.id = i.template_item_id
         WHERE c.prisoner_id = ?1 AND i.status = 'open' AND t.question <> 'none'",
    )?;
    let items = open
        .query_map([prisoner_id], |row| Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (item_id, question) in items {
        let Some(outcome) = answered_by_record(decode(&question)?, supervisor.as_deref()) else { continue };
        conn.execute(
            "UPDATE induction_item SET status = 'completed', done_by = (SELECT name FROM audit_actor WHERE id = 1),
                 done_at = ?2, outcome_notes = ?3 WHERE id = ?1",
            params![item_id, instant_text(Utc::now()), outcome],
        )?;
    }
    Ok(())
}

/// Starts the checklist of a new reception when its record is saved.
pub(super) fn start_if_new_reception(conn: &Connection, prisoner_id: i64, details: &PrisonerDetails) -> Result<()> {
    if details.reception_date.is_some_and(|date| starts_automatically(date, london_today())) {
        start_checklist(conn, prisoner_id, details)?;
    }
    Ok(())
}

fn checklist(conn: &Connection, id: i64) -> Result<Checklist> {
    let (prisoner_id, version, received_at, started_by) = conn.query_row(
        "SELECT c.prisoner_id, t.version, c.received_at, c.started_by
         FROM induction_checklist c JOIN induction_template t ON t.id = c.template_id WHERE c.id = ?1",
        [id],
        |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, u32>(1)?,
                parse_instant(&row.get::<_, String>(2)?)?,
                row.get::<_, String>(3)?,
            ))
        },
    )?;
    let mut statement = conn.prepare_cached(
        "SELECT i.id AS item_id, i.due_at, i.status, i.done_by, i.done_at, i.exemption_reason, i.reason_notes,
                i.outcome_notes, i.answer,
                t.id, t.title, t.guidance, t.role, t.mandatory, t.due_kind, t.due_amount, t.question, t.retired
         FROM induction_item i JOIN induction_template_item t ON t.id = i.template_item_id
         WHERE i.checklist_id = ?1 ORDER BY i.due_at, t.position, t.id",
    )?;
    let items = statement
        .query_map([id], |row| {
            let answer: Option<String> = row.get("answer")?;
            Ok(ChecklistItem {
                id: row.get("item_id")?,
                template_item: template_item_from_row(row)?,
                due_at: parse_instant(&row.get::<_, String>("due_at")?)?,
                status: decode::<ItemStatus>(&row.get::<_, String>("status")?)?,
                done_by: row.get("done_by")?,
                done_at: row.get::<_, Option<String>>("done_at")?.as_deref().map(parse_instant).transpose()?,
                exemption_reason: super::decode_optional(row.get("exemption_reason")?)?,
                reason_notes: row.get("reason_notes")?,
                outcome_notes: row.get("outcome_notes")?,
                answer: answer.and_then(|text| serde_json::from_str::<Answer>(&text).ok()),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Checklist { id, prisoner_id, template_version: version, received_at, started_by, items })
}

fn apply_effect(conn: &Connection, prisoner_id: i64, effect: Effect) -> Result<()> {
    match effect {
        Effect::SetInterpreter { needed, language } => {
            conn.execute(
                "UPDATE prisoner SET interpreter_needed = ?2, first_language = coalesce(?3, first_language) WHERE id = ?1",
                params![prisoner_id, needed, language],
            )?;
        }
        Effect::SetLiteracyNeeds(needs) => {
            conn.execute("UPDATE prisoner SET literacy_needs = ?2 WHERE id = ?1", params![prisoner_id, needs])?;
        }
        Effect::SetDisability(needs) => {
            conn.execute("UPDATE prisoner SET disability = ?2 WHERE id = ?1", params![prisoner_id, needs])?;
        }
        Effect::AddContact(contact) => {
            super::contacts::insert_contact(conn, prisoner_id, &ContactDetails { ..contact })?;
        }
    }
    Ok(())
}
