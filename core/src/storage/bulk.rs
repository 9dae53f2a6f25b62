//! Writing many records at once in one transaction with prepared statements: the
//! large demo establishment (years of history) loads in seconds. The audit triggers
//! still record every row, as they would for real work.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Transaction, params};

use super::instant_text;
use super::{Db, Result};
use crate::domain::contact::ContactDetails;
use crate::domain::induction::ItemStatus;
use crate::domain::keys::{Bunch, TallyHolder};
use crate::domain::plan::{Keyworker, MeetingDetails, Objective, PlanKind};
use crate::domain::prisoner::PrisonerDetails;
use crate::domain::risk::Coded;
use crate::domain::staff::StaffRole;

/// A transaction that many records are written in.
pub struct Bulk<'a> {
    tx: &'a Transaction<'a>,
}

impl Db {
    /// Runs `work` with a bulk writer; everything commits together or not at all.
    pub fn bulk<T>(&mut self, work: impl FnOnce(&mut Bulk) -> Result<T>) -> Result<T> {
        self.write(|tx| work(&mut Bulk { tx }))
    }
}

impl Bulk<'_> {
    pub fn staff(&mut self, name: &str, role: StaffRole) -> Result<i64> {
        super::staff::insert_staff(self.tx, name, role)
    }

    /// A prisoner; no induction checklist is started (the generator writes its own).
    pub fn prisoner(&mut self, details: &PrisonerDetails) -> Result<i64> {
        super::prisoners::write_new_prisoner(self.tx, details)
    }

    pub fn contact(&mut self, prisoner_id: i64, contact: &ContactDetails) -> Result<()> {
        super::contacts::insert_contact(self.tx, prisoner_id, contact)?;
        Ok(())
    }

    pub fn keyworker(&mut self, prisoner_id: i64, keyworker: &Keyworker) -> Result<()> {
        self.tx
            .prepare_cached("INSERT INTO keyworker (prisoner_id, name, role) VALUES (?1, ?2, ?3)")?
            .execute(params![prisoner_id, keyworker.name, keyworker.role])?;
        Ok(())
    }

    /// A plan version with its objectives and the meeting that agreed it; closed
    /// (agreed on `closed_on`) when given, a draft otherwise.
    #[allow(clippy::too_many_arguments)]
    pub fn plan(
        &mut self,
        prisoner_id: i64,
        number: u32,
        kind: PlanKind,
        started_on: NaiveDate,
        objectives: &[Objective],
        meeting: Option<&MeetingDetails>,
        closed: Option<(NaiveDate, NaiveDate)>,
    ) -> Result<i64> {
        self.tx
            .prepare_cached(
                "INSERT INTO plan_version (prisoner_id, number, kind, status, started_on) VALUES (?1, ?2, ?3, 'draft', ?4)",
            )?
            .execute(params![prisoner_id, number, kind.code(), started_on])?;
        let plan_id = self.tx.last_insert_rowid();
        for objective in objectives {
            super::plans::insert_objective(self.tx, plan_id, objective)?;
        }
        if let Some(meeting) = meeting {
            self.tx
                .prepare_cached(
                    "INSERT INTO planning_meeting (prisoner_id, plan_version_id, meeting_date, meeting_time, chair, held,
                         prisoner_attended, prisoner_views, decisions, next_review_date)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                )?
                .execute(params![
                    prisoner_id,
                    plan_id,
                    meeting.date,
                    meeting.time.map(|time| time.format("%H:%M").to_string()),
                    meeting.chair,
                    meeting.held,
                    meeting.prisoner_attended,
                    meeting.prisoner_views,
                    meeting.decisions,
                    meeting.next_review_date
                ])?;
            let meeting_id = self.tx.last_insert_rowid();
            for (position, attendee) in meeting.attendees.iter().enumerate() {
                self.tx
                    .prepare_cached(
                        "INSERT INTO meeting_attendee (meeting_id, position, name, role, participation)
                         VALUES (?1, ?2, ?3, ?4, ?5)",
                    )?
                    .execute(params![
                        meeting_id,
                        position as i64,
                        attendee.name,
                        attendee.role,
                        attendee.participation.code()
                    ])?;
            }
        }
        if let Some((closed_on, next_review)) = closed {
            self.tx
                .prepare_cached(
                    "UPDATE plan_version SET status = 'closed', closed_on = ?2, next_review_date = ?3, closed_by = 'OMU Desk demo'
                     WHERE id = ?1",
                )?
                .execute(params![plan_id, closed_on, next_review])?;
        }
        Ok(plan_id)
    }

    /// An induction checklist from the published template, every item in the state
    /// `state_of` gives it (by position), done `done_after` reception.
    pub fn checklist(
        &mut self,
        prisoner_id: i64,
        received_at: DateTime<Utc>,
        done_by: &str,
        mut state_of: impl FnMut(usize) -> ItemStatus,
    ) -> Result<()> {
        let template = super::induction::published_template(self.tx)?;
        self.tx
            .prepare_cached(
                "INSERT INTO induction_checklist (prisoner_id, template_id, received_at, started_at, started_by)
                 VALUES (?1, ?2, ?3, ?3, ?4)",
            )?
            .execute(params![prisoner_id, template.id, instant_text(received_at), done_by])?;
        let checklist_id = self.tx.last_insert_rowid();
        for (position, item) in template.active_items().enumerate() {
            let due = item.due.due_at(received_at);
            let status = state_of(position);
            let done = status != ItemStatus::Open;
            self.tx
                .prepare_cached(
                    "INSERT INTO induction_item (checklist_id, template_item_id, due_at, status, done_by, done_at,
                         exemption_reason)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?
                .execute(params![
                    checklist_id,
                    item.id,
                    instant_text(due),
                    status.code(),
                    done.then_some(done_by),
                    done.then(|| instant_text(due.min(received_at + chrono::Duration::hours(2)))),
                    matches!(status, ItemStatus::Exempt | ItemStatus::NotApplicable).then_some("regime")
                ])?;
        }
        Ok(())
    }

    pub fn bunch(&mut self, bunch: &Bunch) -> Result<i64> {
        super::keys::insert_bunch(self.tx, bunch)
    }

    pub fn holder(&mut self, holder: &TallyHolder) -> Result<i64> {
        super::keys::insert_holder(self.tx, holder)
    }

    /// One issue, and its return when `returned_at` is given.
    pub fn key_loan(
        &mut self,
        bunch_id: i64,
        holder_id: i64,
        out: DateTime<Utc>,
        due_back: DateTime<Utc>,
        returned_at: Option<DateTime<Utc>>,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO key_movement (bunch_id, kind, holder_id, at, due_back, recorded_by)
                 VALUES (?1, 'issue', ?2, ?3, ?4, 'Gate')",
            )?
            .execute(params![bunch_id, holder_id, instant_text(out), instant_text(due_back)])?;
        if let Some(back) = returned_at {
            self.tx
                .prepare_cached(
                    "INSERT INTO key_movement (bunch_id, kind, at, due_back, recorded_by, condition)
                     VALUES (?1, 'return', ?2, ?3, 'Gate', 'Good')",
                )?
                .execute(params![bunch_id, instant_text(back), instant_text(due_back)])?;
        }
        Ok(())
    }
}
