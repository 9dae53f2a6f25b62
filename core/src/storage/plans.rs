//! Sentence plans, interventions, planning meetings, key workers and significant
//! changes.
//!
//! Just over 600 lines: the plan's versions, objectives and meetings share the
//! closed-version rule and the one objective INSERT.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, ToSql, params};

use super::{Db, Error, Result, decode, decode_optional};
use crate::domain::plan::{
    Attendee, Intervention, Keyworker, Meeting, MeetingDetails, Objective, Pathway, PlanKind, PlanStatus, PlanVersion,
    RequiredIntervention,
};
use crate::domain::risk::{Coded, Likelihood, Rosh};

/// A meeting in the board diary, with whom it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiaryEntry {
    pub meeting: Meeting,
    pub prison_number: String,
    pub name: String,
    pub location: String,
    /// Known key workers and the offender manager not on the meeting's list.
    pub not_invited: Vec<String>,
}

fn intervention_from_row(row: &Row) -> rusqlite::Result<Intervention> {
    Ok(Intervention {
        id: row.get("id")?,
        name: row.get("name")?,
        kind: decode(&row.get::<_, String>("kind")?)?,
        pathway: decode(&row.get::<_, String>("pathway")?)?,
        offered: row.get("offered")?,
        waiting_list_notes: row.get("waiting_list_notes")?,
        active: row.get("active")?,
    })
}

fn objective_from_row(row: &Row) -> rusqlite::Result<Objective> {
    Ok(Objective {
        id: Some(row.get("id")?),
        text: row.get("text")?,
        pathway: decode(&row.get::<_, String>("pathway")?)?,
        need: row.get("need")?,
        intervention_id: row.get("intervention_id")?,
        intervention_state: decode_optional(row.get("intervention_state")?)?,
        responsible_role: decode(&row.get::<_, String>("responsible_role")?)?,
        responsible_name: row.get("responsible_name")?,
        target_date: row.get("target_date")?,
        status: decode(&row.get::<_, String>("status")?)?,
        status_changed_on: row.get("status_changed_on")?,
        progress_notes: row.get("progress_notes")?,
        agreement: decode_optional(row.get("agreement")?)?,
        agreement_words: row.get("agreement_words")?,
    })
}

impl Db {
    /// The resettlement pathways with objectives still open (not started or in
    /// progress) on the latest plan version of each of `prisoners`, for pre-release.
    /// One query for them all: read one by one, each read was prepared again, since
    /// SQLite plans this query afresh for each prisoner bound to it.
    pub fn open_pathways(&self, prisoners: &[i64]) -> Result<BTreeMap<i64, Vec<Pathway>>> {
        let mut open: BTreeMap<i64, Vec<Pathway>> = prisoners.iter().map(|id| (*id, Vec::new())).collect();
        if prisoners.is_empty() {
            return Ok(open);
        }
        let mut statement = self.conn.prepare_cached(
            "SELECT DISTINCT pv.prisoner_id, o.pathway
             FROM plan_version pv CROSS JOIN objective o ON o.plan_version_id = pv.id
             WHERE pv.prisoner_id IN (SELECT value FROM json_each(?1))
               AND pv.number = (SELECT max(number) FROM plan_version WHERE prisoner_id = pv.prisoner_id)
               AND o.status IN ('not_started', 'in_progress')
             ORDER BY pv.prisoner_id, o.pathway",
        )?;
        let rows = statement.query_map([super::id_list(prisoners.iter().copied())], |row| {
            Ok((row.get::<_, i64>(0)?, decode::<Pathway>(row.get_ref(1)?.as_str()?)?))
        })?;
        for row in rows {
            let (prisoner, pathway) = row?;
            open.entry(prisoner).or_default().push(pathway);
        }
        Ok(open)
    }

    /// The interventions catalogue, offered ones first, by pathway and name.
    pub fn interventions(&self) -> Result<Vec<Intervention>> {
        let mut statement =
            self.conn.prepare_cached("SELECT * FROM intervention ORDER BY active DESC, pathway, name")?;
        let interventions = statement.query_map([], intervention_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(interventions)
    }

    /// Adds (id 0) or changes an intervention in the catalogue.
    pub fn save_intervention(&mut self, intervention: &Intervention) -> Result<i64> {
        self.write(|tx| {
            let clash: Option<i64> = tx
                .query_row(
                    "SELECT id FROM intervention WHERE name = ?1 AND id <> ?2",
                    params![intervention.name, intervention.id],
                    |row| row.get(0),
                )
                .optional()?;
            if clash.is_some() {
                return Err(Error::Invalid(format!("{} is already in the catalogue", intervention.name)));
            }
            if intervention.id == 0 {
                tx.execute(
                    "INSERT INTO intervention (name, kind, pathway, offered, waiting_list_notes, active)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![
                        intervention.name,
                        intervention.kind.code(),
                        intervention.pathway.code(),
                        intervention.offered,
                        intervention.waiting_list_notes,
                        intervention.active
                    ],
                )?;
                Ok(tx.last_insert_rowid())
            } else {
                tx.execute(
                    "UPDATE intervention SET name = ?2, kind = ?3, pathway = ?4, offered = ?5,
                         waiting_list_notes = ?6, active = ?7 WHERE id = ?1",
                    params![
                        intervention.id,
                        intervention.name,
                        intervention.kind.code(),
                        intervention.pathway.code(),
                        intervention.offered,
                        intervention.waiting_list_notes,
                        intervention.active
                    ],
                )?;
                Ok(intervention.id)
            }
        })
    }

    /// A prisoner's plan versions, newest first, each with its objectives.
    pub fn plan_versions(&self, prisoner_id: i64) -> Result<Vec<PlanVersion>> {
        plan_versions(&self.conn, prisoner_id)
    }

    pub fn plan_version(&self, plan_id: i64) -> Result<PlanVersion> {
        let prisoner_id: i64 = self
            .conn
            .query_row("SELECT prisoner_id FROM plan_version WHERE id = ?1", [plan_id], |row| row.get(0))
            .optional()?
            .ok_or_else(|| Error::NotFound(format!("plan version {plan_id}")))?;
        plan_versions(&self.conn, prisoner_id)?
            .into_iter()
            .find(|plan| plan.id == plan_id)
            .ok_or_else(|| Error::NotFound(format!("plan version {plan_id}")))
    }

    /// Starts the next version as a draft, copying the objectives of the last one.
    pub fn start_plan_version(&mut self, prisoner_id: i64, kind: PlanKind, started_on: NaiveDate) -> Result<i64> {
        self.write(|tx| {
            let versions = plan_versions(tx, prisoner_id)?;
            if versions.iter().any(|plan| plan.status == PlanStatus::Draft) {
                return Err(Error::Invalid("a draft version is already being prepared: finish or close it first".into()));
            }
            if versions.is_empty() != (kind == PlanKind::Initial) {
                return Err(Error::Invalid(if versions.is_empty() {
                    "the first plan is the initial plan".into()
                } else {
                    "this prisoner already has an initial plan: start a review, transfer or termination version".into()
                }));
            }
            let number = versions.first().map_or(1, |latest| latest.number + 1);
            tx.execute(
                "INSERT INTO plan_version (prisoner_id, number, kind, status, started_on) VALUES (?1, ?2, ?3, 'draft', ?4)",
                params![prisoner_id, number, kind.code(), started_on],
            )?;
            let plan_id = tx.last_insert_rowid();
            if let Some(latest) = versions.first() {
                for objective in &latest.objectives {
                    insert_objective(tx, plan_id, objective)?;
                }
            }
            Ok(plan_id)
        })
    }

    /// Adds an objective to a draft, or changes one (the database refuses either on a
    /// closed version).
    pub fn save_objective(&mut self, plan_id: i64, objective: &Objective) -> Result<i64> {
        self.write(|tx| match objective.id {
            None => insert_objective(tx, plan_id, objective),
            Some(id) => {
                let changed = tx.execute(
                    "UPDATE objective SET text = ?2, pathway = ?3, need = ?4, intervention_id = ?5,
                         intervention_state = ?6, responsible_role = ?7, responsible_name = ?8, target_date = ?9,
                         status = ?10, status_changed_on = ?11, progress_notes = ?12, agreement = ?13,
                         agreement_words = ?14
                     WHERE id = ?1 AND plan_version_id = ?15",
                    params![
                        id,
                        objective.text,
                        objective.pathway.code(),
                        objective.need,
                        objective.intervention_id,
                        objective.intervention_state.map(Coded::code),
                        objective.responsible_role.code(),
                        objective.responsible_name,
                        objective.target_date,
                        objective.status.code(),
                        objective.status_changed_on,
                        objective.progress_notes,
                        objective.agreement.map(Coded::code),
                        objective.agreement_words,
                        plan_id
                    ],
                )?;
                if changed == 0 {
                    return Err(Error::NotFound(format!("objective {id}")));
                }
                Ok(id)
            }
        })
    }

    pub fn remove_objective(&mut self, objective_id: i64) -> Result<()> {
        self.write(|tx| {
            tx.execute("DELETE FROM objective WHERE id = ?1", [objective_id])?;
            Ok(())
        })
    }

    /// Closes (agrees) a draft version: from now on it never changes.
    pub fn close_plan_version(&mut self, plan_id: i64, next_review: NaiveDate, closed_on: NaiveDate) -> Result<()> {
        let plan = self.plan_version(plan_id)?;
        if plan.status == PlanStatus::Closed {
            return Err(Error::Invalid("this version is already closed".into()));
        }
        if plan.objectives.is_empty() && plan.kind != PlanKind::Termination {
            return Err(Error::Invalid("a plan needs at least one objective before it is agreed".into()));
        }
        if next_review <= closed_on {
            return Err(Error::Invalid("the next review must be after the plan is agreed".into()));
        }
        self.write(|tx| {
            tx.execute(
                "UPDATE plan_version SET status = 'closed', closed_on = ?2, next_review_date = ?3,
                     closed_by = (SELECT name FROM audit_actor WHERE id = 1)
                 WHERE id = ?1",
                params![plan_id, closed_on, next_review],
            )?;
            Ok(())
        })
    }

    /// A prisoner's meetings, newest first.
    pub fn meetings(&self, prisoner_id: i64) -> Result<Vec<Meeting>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT * FROM planning_meeting WHERE prisoner_id = ?1 ORDER BY meeting_date DESC, meeting_time DESC",
        )?;
        let meetings = statement.query_map([prisoner_id], meeting_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        meetings.into_iter().map(|meeting| with_attendees(&self.conn, meeting)).collect()
    }

    /// Plans (id `None`) or records a meeting; attendees are replaced by the given list.
    pub fn save_meeting(
        &mut self,
        prisoner_id: i64,
        meeting_id: Option<i64>,
        plan_version_id: Option<i64>,
        details: &MeetingDetails,
    ) -> Result<i64> {
        self.write(|tx| {
            let id = match meeting_id {
                None => return insert_meeting(tx, prisoner_id, plan_version_id, details),
                Some(id) => {
                    execute_with_meeting(
                        tx,
                        "UPDATE planning_meeting SET prisoner_id = ?1, plan_version_id = ?2, meeting_date = ?3,
                             meeting_time = ?4, chair = ?5, held = ?6, prisoner_attended = ?7, prisoner_views = ?8,
                             decisions = ?9, next_review_date = ?10
                         WHERE id = ?11",
                        (prisoner_id, plan_version_id, details),
                        Some(id),
                    )?;
                    tx.execute("DELETE FROM meeting_attendee WHERE meeting_id = ?1", [id])?;
                    id
                }
            };
            insert_attendees(tx, id, &details.attendees)?;
            Ok(id)
        })
    }

    /// Meetings from `from` to `to` inclusive, by date and time, for the board diary.
    pub fn board_diary(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<DiaryEntry>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT m.*, p.prison_number, p.surname, p.forenames, p.wing, p.cell, p.offender_manager_name
             FROM planning_meeting m JOIN prisoner p ON p.id = m.prisoner_id
             WHERE m.meeting_date BETWEEN ?1 AND ?2
             ORDER BY m.meeting_date",
        )?;
        let rows = statement
            .query_map(params![from, to], |row| {
                let wing: String = row.get("wing")?;
                let cell: String = row.get("cell")?;
                Ok((
                    meeting_from_row(row)?,
                    row.get::<_, String>("prison_number")?,
                    format!("{}, {}", row.get::<_, String>("surname")?, row.get::<_, String>("forenames")?),
                    [wing, cell].into_iter().filter(|part| !part.is_empty()).collect::<Vec<_>>().join("-"),
                    row.get::<_, String>("offender_manager_name")?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut entries = rows
            .into_iter()
            .map(|(meeting, prison_number, name, location, offender_manager)| {
                let meeting = with_attendees(&self.conn, meeting)?;
                let keyworkers = self.keyworkers(meeting.prisoner_id)?;
                let not_invited = crate::domain::plan::not_invited(&keyworkers, &offender_manager, &meeting.attendees);
                Ok(DiaryEntry { meeting, prison_number, name, location, not_invited })
            })
            .collect::<Result<Vec<_>>>()?;
        // By day and time, then by name as people read it (accents folded).
        entries.sort_by_cached_key(|entry| {
            (entry.meeting.date, entry.meeting.time, crate::domain::text::fold(&entry.name))
        });
        Ok(entries)
    }

    pub fn keyworkers(&self, prisoner_id: i64) -> Result<Vec<Keyworker>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, name, role FROM keyworker WHERE prisoner_id = ?1 AND active = 1 ORDER BY name",
        )?;
        let keyworkers = statement
            .query_map([prisoner_id], |row| Ok(Keyworker { id: row.get(0)?, name: row.get(1)?, role: row.get(2)? }))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(keyworkers)
    }

    pub fn add_keyworker(&mut self, prisoner_id: i64, name: &str, role: &str) -> Result<i64> {
        self.write(|tx| insert_keyworker(tx, prisoner_id, name, role))
    }

    /// Takes a key worker off the prisoner's list (kept in the file, marked inactive).
    pub fn remove_keyworker(&mut self, keyworker_id: i64) -> Result<()> {
        self.write(|tx| {
            tx.execute("UPDATE keyworker SET active = 0 WHERE id = ?1", [keyworker_id])?;
            Ok(())
        })
    }

    /// A prisoner's significant changes, oldest first.
    pub fn significant_changes(&self, prisoner_id: i64) -> Result<Vec<(NaiveDate, String)>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT changed_on, description FROM significant_change WHERE prisoner_id = ?1 ORDER BY changed_on, id",
        )?;
        let changes = statement
            .query_map([prisoner_id], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(changes)
    }

    /// Records a significant change: the next OASys/RoH review falls due that day.
    pub fn record_significant_change(
        &mut self,
        prisoner_id: i64,
        changed_on: NaiveDate,
        description: &str,
    ) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO significant_change (prisoner_id, changed_on, description) VALUES (?1, ?2, ?3)",
                params![prisoner_id, changed_on, description],
            )?;
            Ok(())
        })
    }

    /// Records an OASys/RoH review done on `reviewed_on`, with the risk it found.
    pub fn record_oasys_review(
        &mut self,
        prisoner_id: i64,
        reviewed_on: NaiveDate,
        rosh: Option<Rosh>,
        likelihood: Option<Likelihood>,
    ) -> Result<()> {
        self.write(|tx| {
            let changed = tx.execute(
                "UPDATE prisoner SET last_oasys_review_date = ?2, rosh = coalesce(?3, rosh),
                     reoffending_likelihood = coalesce(?4, reoffending_likelihood)
                 WHERE id = ?1",
                params![prisoner_id, reviewed_on, rosh.map(Coded::code), likelihood.map(Coded::code)],
            )?;
            if changed == 0 {
                return Err(Error::NotFound(format!("prisoner {prisoner_id}")));
            }
            Ok(())
        })
    }

    /// Active objectives needing an intervention in each current prisoner's latest plan.
    pub fn required_interventions(&self) -> Result<Vec<RequiredIntervention>> {
        let mut statement = self.conn.prepare_cached(
            "WITH latest AS (SELECT prisoner_id, max(number) AS number FROM plan_version GROUP BY prisoner_id)
             SELECT pv.prisoner_id, o.intervention_id, o.intervention_state
             FROM latest
             JOIN plan_version pv ON pv.prisoner_id = latest.prisoner_id AND pv.number = latest.number
             JOIN prisoner p ON p.id = pv.prisoner_id AND p.archived_at IS NULL
             JOIN objective o ON o.plan_version_id = pv.id
             WHERE o.intervention_id IS NOT NULL AND o.status IN ('not_started', 'in_progress')",
        )?;
        let rows = statement
            .query_map([], |row| {
                Ok(RequiredIntervention {
                    prisoner_id: row.get(0)?,
                    intervention_id: row.get(1)?,
                    state: decode(&row.get::<_, String>(2)?)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

fn plan_versions(conn: &Connection, prisoner_id: i64) -> Result<Vec<PlanVersion>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, prisoner_id, number, kind, status, started_on, closed_on, closed_by, next_review_date
         FROM plan_version WHERE prisoner_id = ?1 ORDER BY number DESC",
    )?;
    let mut plans = statement
        .query_map([prisoner_id], |row| {
            Ok(PlanVersion {
                id: row.get(0)?,
                prisoner_id: row.get(1)?,
                number: row.get(2)?,
                kind: decode(&row.get::<_, String>(3)?)?,
                status: if row.get::<_, String>(4)? == "closed" { PlanStatus::Closed } else { PlanStatus::Draft },
                started_on: row.get(5)?,
                closed_on: row.get(6)?,
                closed_by: row.get(7)?,
                next_review_date: row.get(8)?,
                objectives: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut objectives =
        conn.prepare_cached("SELECT * FROM objective WHERE plan_version_id = ?1 ORDER BY position, id")?;
    for plan in &mut plans {
        plan.objectives = objectives.query_map([plan.id], objective_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    }
    Ok(plans)
}

pub(super) fn insert_keyworker(conn: &Connection, prisoner_id: i64, name: &str, role: &str) -> Result<i64> {
    conn.execute(
        "INSERT INTO keyworker (prisoner_id, name, role) VALUES (?1, ?2, ?3)",
        params![prisoner_id, name, role],
    )?;
    Ok(conn.last_insert_rowid())
}

pub(super) fn insert_meeting(
    conn: &Connection,
    prisoner_id: i64,
    plan_version_id: Option<i64>,
    details: &MeetingDetails,
) -> Result<i64> {
    execute_with_meeting(
        conn,
        "INSERT INTO planning_meeting (prisoner_id, plan_version_id, meeting_date, meeting_time, chair,
             held, prisoner_attended, prisoner_views, decisions, next_review_date)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        (prisoner_id, plan_version_id, details),
        None,
    )?;
    let id = conn.last_insert_rowid();
    insert_attendees(conn, id, &details.attendees)?;
    Ok(id)
}

/// Runs `sql` with a meeting's ten columns as ?1 to ?10, and `id` as ?11 when given.
fn execute_with_meeting(
    conn: &Connection,
    sql: &str,
    (prisoner_id, plan_version_id, details): (i64, Option<i64>, &MeetingDetails),
    id: Option<i64>,
) -> Result<()> {
    let time = details.time.map(|time| time.format("%H:%M").to_string());
    let mut values: Vec<&dyn ToSql> = vec![
        &prisoner_id,
        &plan_version_id,
        &details.date,
        &time,
        &details.chair,
        &details.held,
        &details.prisoner_attended,
        &details.prisoner_views,
        &details.decisions,
        &details.next_review_date,
    ];
    if let Some(id) = &id {
        values.push(id);
    }
    conn.execute(sql, values.as_slice())?;
    Ok(())
}

fn insert_attendees(conn: &Connection, meeting_id: i64, attendees: &[Attendee]) -> Result<()> {
    for (position, attendee) in attendees.iter().enumerate() {
        conn.execute(
            "INSERT INTO meeting_attendee (meeting_id, position, name, role, participation)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![meeting_id, position as i64, attendee.name, attendee.role, attendee.participation.code()],
        )?;
    }
    Ok(())
}

/// Adds a plan version as it stood elsewhere (an imported transfer pack): started as
/// a draft so its objectives can go in, then closed as it was, by whom it was.
pub(super) fn insert_plan_version(
    conn: &Connection,
    prisoner_id: i64,
    number: u32,
    kind: PlanKind,
    started_on: NaiveDate,
    objectives: &[Objective],
) -> Result<i64> {
    conn.execute(
        "INSERT INTO plan_version (prisoner_id, number, kind, status, started_on) VALUES (?1, ?2, ?3, 'draft', ?4)",
        params![prisoner_id, number, kind.code(), started_on],
    )?;
    let plan_id = conn.last_insert_rowid();
    for objective in objectives {
        insert_objective(conn, plan_id, objective)?;
    }
    Ok(plan_id)
}

pub(super) fn close_imported_plan_version(
    conn: &Connection,
    plan_id: i64,
    closed_on: NaiveDate,
    closed_by: Option<&str>,
    next_review: NaiveDate,
) -> Result<()> {
    conn.execute(
        "UPDATE plan_version SET status = 'closed', closed_on = ?2, closed_by = ?3, next_review_date = ?4 WHERE id = ?1",
        params![plan_id, closed_on, closed_by, next_review],
    )?;
    Ok(())
}

/// Adds an objective at the end of its plan version. The one INSERT of an objective:
/// the plan screen, the import and the large demo loader all come through here.
pub(super) fn insert_objective(conn: &Connection, plan_id: i64, objective: &Objective) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO objective (plan_version_id, position, text, pathway, need, intervention_id, intervention_state,
             responsible_role, responsible_name, target_date, status, status_changed_on, progress_notes, agreement,
             agreement_words)
         VALUES (?1, (SELECT coalesce(max(position), 0) + 1 FROM objective WHERE plan_version_id = ?1),
             ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        plan_id,
        objective.text,
        objective.pathway.code(),
        objective.need,
        objective.intervention_id,
        objective.intervention_state.map(Coded::code),
        objective.responsible_role.code(),
        objective.responsible_name,
        objective.target_date,
        objective.status.code(),
        objective.status_changed_on,
        objective.progress_notes,
        objective.agreement.map(Coded::code),
        objective.agreement_words
    ])?;
    Ok(conn.last_insert_rowid())
}

fn meeting_from_row(row: &Row) -> rusqlite::Result<Meeting> {
    Ok(Meeting {
        id: row.get("id")?,
        prisoner_id: row.get("prisoner_id")?,
        plan_version_id: row.get("plan_version_id")?,
        date: row.get("meeting_date")?,
        time: row.get("meeting_time")?,
        chair: row.get("chair")?,
        held: row.get("held")?,
        prisoner_attended: row.get("prisoner_attended")?,
        prisoner_views: row.get("prisoner_views")?,
        decisions: row.get("decisions")?,
        next_review_date: row.get("next_review_date")?,
        attendees: Vec::new(),
    })
}

fn with_attendees(conn: &Connection, mut meeting: Meeting) -> Result<Meeting> {
    let mut statement = conn.prepare_cached(
        "SELECT name, role, participation FROM meeting_attendee WHERE meeting_id = ?1 ORDER BY position",
    )?;
    meeting.attendees = statement
        .query_map([meeting.id], |row| {
            Ok(Attendee { name: row.get(0)?, role: row.get(1)?, participation: decode(&row.get::<_, String>(2)?)? })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(meeting)
}
