//! The key and tally register. Issues, returns and corrections are appended; the
//! board is derived from them.
//!
//! Over 600 lines because every movement query must use the same rule for the
//! standing movement (`standing_movement`), and it is defined here once.

use chrono::{DateTime, NaiveTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Db, Error, Result, decode};
use super::{instant_text, parse_instant};
use crate::domain::dates::format_local;
use crate::domain::keys::{
    Bunch, HookState, Incident, IssueRequest, Movement, MovementKind, NewIncident, TallyHolder, Visitor, Whereabouts,
    hook_state, whereabouts,
};
use crate::domain::risk::Coded;

/// One hook of the key safe as the board shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HookTile {
    pub bunch: Bunch,
    pub state: HookState,
    pub whereabouts: Whereabouts,
    /// Whose tally hangs on the hook while the bunch is out.
    pub holder: Option<TallyHolder>,
    pub compromised: bool,
}

impl HookTile {
    /// The hook's state at `now`: a bunch falls overdue as the clock passes its due
    /// time, without the register being read again.
    pub fn state_at(&self, now: DateTime<Utc>) -> HookState {
        hook_state(&self.bunch, self.whereabouts, self.compromised, now)
    }

    /// The hook as the end-of-day check reads it at `now`.
    pub fn at_day_end(&self, now: DateTime<Utc>) -> crate::domain::keys::HookAtDayEnd<'_> {
        crate::domain::keys::HookAtDayEnd {
            bunch: &self.bunch,
            state: self.state_at(now),
            compromised: self.compromised,
            holder: self.holder.as_ref(),
        }
    }
}

/// What the gate records when keys go out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueDetails {
    pub bunch_id: i64,
    pub holder_id: i64,
    pub at: DateTime<Utc>,
    pub due_back: DateTime<Utc>,
    pub count_confirmed: bool,
    pub count_note: String,
    /// The officer confirming the issue of a restricted bunch.
    pub second_holder_id: Option<i64>,
}

/// What the gate records when keys come back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnDetails {
    pub bunch_id: i64,
    pub at: DateTime<Utc>,
    pub count_confirmed: bool,
    pub count_note: String,
    pub condition: String,
}

/// A movement with the names the register prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovementLine {
    pub movement: Movement,
    pub hook: u32,
    pub bunch: String,
    pub holder: Option<String>,
    pub tally: Option<u32>,
    /// The officer who confirmed the issue of a restricted bunch, with their tally.
    pub second_holder: Option<String>,
    /// A later correction voided this movement.
    pub voided: bool,
}

impl MovementLine {
    /// What happened, as the ledger says it: "Issued", "Returned (voided by a correction)".
    pub fn what(&self) -> String {
        let mut what = self.movement.kind.label().to_string();
        if self.voided {
            what.push_str(" (voided by a correction)");
        }
        what
    }

    /// When it was due back, the count, the condition and any reason, in a line.
    pub fn detail(&self) -> String {
        let movement = &self.movement;
        let mut detail = Vec::new();
        // An issue says when it is due; a return records the due time it closed,
        // and says so only when it came back after it.
        if let Some(due) = movement.returned_late() {
            detail.push(format!("late: was due {}", format_local(due)));
        } else if let (MovementKind::Issue, Some(due)) = (movement.kind, movement.due_back) {
            detail.push(format!("due {}", format_local(due)));
        }
        if !movement.count_confirmed {
            detail.push(format!("count: {}", movement.count_note));
        }
        if !movement.condition.is_empty() {
            detail.push(movement.condition.clone());
        }
        if !movement.reason.is_empty() {
            detail.push(format!("reason: {}", movement.reason));
        }
        detail.join("; ")
    }

    /// Who had the keys, as the ledger and its printout name them: "Jo Quinn (9)",
    /// and for a restricted bunch who confirmed the issue.
    pub fn holder_words(&self) -> String {
        match (&self.holder, self.tally, &self.second_holder) {
            (Some(name), Some(tally), Some(second)) => format!("{name} ({tally}), confirmed by {second}"),
            (Some(name), Some(tally), None) => format!("{name} ({tally})"),
            _ => String::new(),
        }
    }
}

fn bunch_from_row(row: &Row) -> rusqlite::Result<Bunch> {
    Ok(Bunch {
        id: row.get("id")?,
        hook: row.get("hook")?,
        description: row.get("description")?,
        key_count: row.get("key_count")?,
        contents: row.get("contents")?,
        out_of_use: row.get("out_of_use")?,
        out_of_use_reason: row.get("out_of_use_reason")?,
        access_group: row.get("access_group")?,
        restricted: row.get("restricted")?,
    })
}

fn holder_from_row(row: &Row) -> rusqlite::Result<TallyHolder> {
    Ok(TallyHolder {
        id: row.get("id")?,
        name: row.get("name")?,
        role: row.get("role")?,
        department: row.get("department")?,
        tally: row.get("tally")?,
        risk_assessed_on: row.get("risk_assessed_on")?,
        key_talk_on: row.get("key_talk_on")?,
        chain_and_pouch: row.get("chain_and_pouch")?,
        overnight_allowed: row.get("overnight_allowed")?,
        suspended: row.get("suspended")?,
        access_groups: split_groups(&row.get::<_, String>("access_groups")?),
        status: decode(&row.get::<_, String>("staff_status")?)?,
        keys_due_by: row
            .get::<_, Option<String>>("keys_due_by")?
            .map(|kept| {
                NaiveTime::parse_from_str(&kept, "%H:%M").map_err(|error| {
                    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(error))
                })
            })
            .transpose()?,
    })
}

/// The access groups as kept in one column: "healthcare, residential".
fn split_groups(kept: &str) -> Vec<String> {
    kept.split(',').map(str::trim).filter(|group| !group.is_empty()).map(str::to_string).collect()
}

fn movement_from_row(row: &Row) -> rusqlite::Result<Movement> {
    Ok(Movement {
        id: row.get("id")?,
        bunch_id: row.get("bunch_id")?,
        kind: decode(&row.get::<_, String>("kind")?)?,
        holder_id: row.get("holder_id")?,
        at: parse_instant(&row.get::<_, String>("at")?)?,
        due_back: row.get::<_, Option<String>>("due_back")?.as_deref().map(parse_instant).transpose()?,
        recorded_by: row.get("recorded_by")?,
        count_confirmed: row.get("count_confirmed")?,
        count_note: row.get("count_note")?,
        condition: row.get("condition")?,
        corrects: row.get("corrects")?,
        reason: row.get("reason")?,
        second_holder_id: row.get("second_holder_id")?,
    })
}

fn incident_from_row(row: &Row) -> rusqlite::Result<Incident> {
    Ok(Incident {
        id: row.get("id")?,
        kind: decode(&row.get::<_, String>("kind")?)?,
        bunch_id: row.get("bunch_id")?,
        keys_affected: row.get("keys_affected")?,
        reported_by: row.get("reported_by")?,
        reported_at: parse_instant(&row.get::<_, String>("reported_at")?)?,
        last_holder: row.get("last_holder")?,
        explanation: row.get("explanation")?,
        reported_to: decode(&row.get::<_, String>("reported_to")?)?,
        actions: row.get("actions")?,
        closed_at: row.get::<_, Option<String>>("closed_at")?.as_deref().map(parse_instant).transpose()?,
        closed_by: row.get("closed_by")?,
        closure_notes: row.get("closure_notes")?,
    })
}

/// The latest standing issue or return of each bunch: the whole board in one query.
/// Walking each bunch's (bunch, id) index backwards stops at the first row that
/// counts, however long the history.
const CURRENT_MOVEMENT: &str = "
    SELECT m.* FROM key_bunch b JOIN key_movement m ON m.id = (
        SELECT latest.id FROM standing_movement latest
        WHERE latest.bunch_id = b.id AND latest.kind IN ('issue', 'return')
        ORDER BY latest.id DESC LIMIT 1)";

impl Db {
    pub fn bunches(&self) -> Result<Vec<Bunch>> {
        let mut statement = self.conn.prepare_cached("SELECT * FROM key_bunch ORDER BY hook")?;
        let bunches = statement.query_map([], bunch_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(bunches)
    }

    /// Adds (id 0) or changes a bunch; its contents history is in the audit trail.
    pub fn save_bunch(&mut self, bunch: &Bunch) -> Result<i64> {
        self.write(|tx| {
            let clash: Option<i64> = tx
                .query_row(
                    "SELECT id FROM key_bunch WHERE hook = ?1 AND id <> ?2",
                    params![bunch.hook, bunch.id],
                    |row| row.get(0),
                )
                .optional()?;
            if clash.is_some() {
                return Err(Error::Invalid(format!("hook {} already holds another bunch", bunch.hook)));
            }
            if bunch.id == 0 {
                insert_bunch(tx, bunch)
            } else {
                tx.execute(
                    "UPDATE key_bunch SET hook = ?2, description = ?3, key_count = ?4, contents = ?5, out_of_use = ?6,
                         out_of_use_reason = ?7, access_group = ?8, restricted = ?9 WHERE id = ?1",
                    params![
                        bunch.id,
                        bunch.hook,
                        bunch.description,
                        bunch.key_count,
                        bunch.contents,
                        bunch.out_of_use,
                        bunch.out_of_use_reason,
                        bunch.access_group,
                        bunch.restricted
                    ],
                )?;
                Ok(bunch.id)
            }
        })
    }

    /// Adds a run of bunches (a key safe set up in one go): all of them, or none when
    /// any of their hooks already holds a bunch. Returns how many were added.
    pub fn add_bunches(&mut self, bunches: &[Bunch]) -> Result<usize> {
        self.write(|tx| {
            let mut taken = Vec::new();
            {
                let mut statement = tx.prepare_cached("SELECT 1 FROM key_bunch WHERE hook = ?1")?;
                for bunch in bunches {
                    if statement.exists([bunch.hook])? {
                        taken.push(bunch.hook.to_string());
                    }
                }
            }
            if !taken.is_empty() {
                let shown: Vec<String> = taken.iter().take(10).cloned().collect();
                let more = if taken.len() > 10 { format!(" and {} more", taken.len() - 10) } else { String::new() };
                return Err(Error::Invalid(format!(
                    "{} already {} a bunch ({}{more}): nothing was added; choose hooks that are empty",
                    crate::domain::text::plural(taken.len(), "hook"),
                    if taken.len() == 1 { "holds" } else { "hold" },
                    shown.join(", ")
                )));
            }
            for bunch in bunches {
                insert_bunch(tx, bunch)?;
            }
            Ok(bunches.len())
        })
    }

    pub fn tally_holders(&self) -> Result<Vec<TallyHolder>> {
        let mut statement = self.conn.prepare_cached("SELECT * FROM tally_holder ORDER BY tally")?;
        let holders = statement.query_map([], holder_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(holders)
    }

    pub fn holder_by_tally(&self, tally: u32) -> Result<Option<TallyHolder>> {
        Ok(self.conn.query_row("SELECT * FROM tally_holder WHERE tally = ?1", [tally], holder_from_row).optional()?)
    }

    /// Adds (id 0) or changes a tally holder; tally numbers are unique.
    pub fn save_holder(&mut self, holder: &TallyHolder) -> Result<i64> {
        self.write(|tx| {
            let clash: Option<String> = tx
                .query_row(
                    "SELECT name FROM tally_holder WHERE tally = ?1 AND id <> ?2",
                    params![holder.tally, holder.id],
                    |row| row.get(0),
                )
                .optional()?;
            if let Some(name) = clash {
                return Err(Error::Invalid(format!("tally {} is already held by {name}", holder.tally)));
            }
            if holder.id == 0 {
                insert_holder(tx, holder)
            } else {
                tx.execute(
                    "UPDATE tally_holder SET name = ?2, role = ?3, department = ?4, tally = ?5, risk_assessed_on = ?6,
                         key_talk_on = ?7, chain_and_pouch = ?8, overnight_allowed = ?9, suspended = ?10,
                         access_groups = ?11, staff_status = ?12, keys_due_by = ?13
                     WHERE id = ?1",
                    holder_values(holder),
                )?;
                Ok(holder.id)
            }
        })
    }

    /// Every hook as the gate sees it now.
    pub fn key_board(&self, now: DateTime<Utc>) -> Result<Vec<HookTile>> {
        let bunches = self.bunches()?;
        let holders = self.tally_holders()?;
        let mut current = std::collections::HashMap::new();
        let mut statement = self.conn.prepare_cached(CURRENT_MOVEMENT)?;
        for movement in statement.query_map([], movement_from_row)? {
            let movement = movement?;
            current.insert(movement.bunch_id, movement);
        }
        let mut compromised = std::collections::HashSet::new();
        let mut open = self.conn.prepare_cached(&format!(
            "SELECT DISTINCT bunch_id FROM key_incident WHERE closed_at IS NULL AND {COMPROMISING}"
        ))?;
        for bunch_id in open.query_map([], |row| row.get::<_, i64>(0))? {
            compromised.insert(bunch_id?);
        }
        Ok(bunches
            .into_iter()
            .map(|bunch| {
                let where_now = current
                    .get(&bunch.id)
                    .map_or(Whereabouts::In, |movement| whereabouts(std::slice::from_ref(movement)));
                let is_compromised = compromised.contains(&bunch.id);
                let holder = match where_now {
                    Whereabouts::Out { holder_id, .. } => holders.iter().find(|holder| holder.id == holder_id).cloned(),
                    Whereabouts::In => None,
                };
                HookTile {
                    state: hook_state(&bunch, where_now, is_compromised, now),
                    whereabouts: where_now,
                    holder,
                    compromised: is_compromised,
                    bunch,
                }
            })
            .collect())
    }

    /// One hook as the gate sees it now: what the screen refreshes after an issue or
    /// a return, in place of the whole board (four small queries).
    pub fn hook_tile(&self, bunch_id: i64, now: DateTime<Utc>) -> Result<HookTile> {
        let bunch = bunch_by_id(&self.conn, bunch_id)?;
        let where_now = current_whereabouts(&self.conn, bunch_id)?;
        let compromised = is_compromised(&self.conn, bunch_id)?;
        let holder = match where_now {
            Whereabouts::Out { holder_id, .. } => self
                .conn
                .prepare_cached("SELECT * FROM tally_holder WHERE id = ?1")?
                .query_row([holder_id], holder_from_row)
                .optional()?,
            Whereabouts::In => None,
        };
        Ok(HookTile {
            state: hook_state(&bunch, where_now, compromised, now),
            whereabouts: where_now,
            holder,
            compromised,
            bunch,
        })
    }

    /// The whole history of one bunch, oldest first.
    pub fn bunch_history(&self, bunch_id: i64) -> Result<Vec<Movement>> {
        let mut statement = self.conn.prepare_cached("SELECT * FROM key_movement WHERE bunch_id = ?1 ORDER BY id")?;
        let movements = statement.query_map([bunch_id], movement_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(movements)
    }

    /// Issues a bunch, after checking every rule against the register as it stands,
    /// inside the same transaction.
    pub fn issue_keys(&mut self, issue: &IssueDetails, now: DateTime<Utc>) -> Result<i64> {
        self.write(|tx| {
            let bunch = bunch_by_id(tx, issue.bunch_id)?;
            let holder = tx
                .query_row("SELECT * FROM tally_holder WHERE id = ?1", [issue.holder_id], holder_from_row)
                .optional()?
                .ok_or_else(|| Error::NotFound(format!("tally holder {}", issue.holder_id)))?;
            let second = match issue.second_holder_id {
                Some(id) => Some(
                    tx.query_row("SELECT * FROM tally_holder WHERE id = ?1", [id], holder_from_row)
                        .optional()?
                        .ok_or_else(|| Error::NotFound(format!("tally holder {id}")))?,
                ),
                None => None,
            };
            let where_now = current_whereabouts(tx, bunch.id)?;
            let holder_has_out = holder_has_out(tx, holder.id)?;
            IssueRequest {
                bunch: &bunch,
                whereabouts: where_now,
                compromised: is_compromised(tx, bunch.id)?,
                holder: &holder,
                holder_has_out,
                issued_at: issue.at,
                due_back: issue.due_back,
                second: second.as_ref(),
            }
            .check(now)
            ?;
            tx.execute(
                "INSERT INTO key_movement (bunch_id, kind, holder_id, at, due_back, recorded_by, count_confirmed, count_note,
                     second_holder_id)
                 VALUES (?1, 'issue', ?2, ?3, ?4, (SELECT name FROM audit_actor WHERE id = 1), ?5, ?6, ?7)",
                params![
                    bunch.id,
                    holder.id,
                    instant_text(issue.at),
                    instant_text(issue.due_back),
                    issue.count_confirmed,
                    issue.count_note,
                    second.as_ref().filter(|_| bunch.restricted).map(|second| second.id)
                ],
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    pub fn return_keys(&mut self, details: &ReturnDetails, now: DateTime<Utc>) -> Result<i64> {
        self.write(|tx| {
            let bunch = bunch_by_id(tx, details.bunch_id)?;
            let where_now = current_whereabouts(tx, bunch.id)?;
            let due_back = crate::domain::keys::check_return(
                &bunch,
                where_now,
                details.at,
                details.count_confirmed,
                &details.count_note,
                now,
            )?;
            tx.execute(
                "INSERT INTO key_movement (bunch_id, kind, at, due_back, recorded_by, count_confirmed, count_note,
                     condition)
                 VALUES (?1, 'return', ?2, ?3, (SELECT name FROM audit_actor WHERE id = 1), ?4, ?5, ?6)",
                params![
                    bunch.id,
                    instant_text(details.at),
                    instant_text(due_back),
                    details.count_confirmed,
                    details.count_note,
                    details.condition
                ],
            )?;
            let movement = tx.last_insert_rowid();
            if !details.count_confirmed {
                // A short count is not a normal return: the bunch is compromised from
                // this moment, by an incident opened in the same transaction.
                let last_holder: String = match where_now {
                    Whereabouts::Out { holder_id, .. } => tx
                        .query_row(
                            "SELECT name || ' (tally ' || tally || ')' FROM tally_holder WHERE id = ?1",
                            [holder_id],
                            |row| row.get(0),
                        )
                        .optional()?
                        .unwrap_or_default(),
                    Whereabouts::In => String::new(),
                };
                tx.execute(
                    "INSERT INTO key_incident (kind, bunch_id, keys_affected, reported_by, reported_at, last_holder,
                         explanation, reported_to)
                     VALUES ('count_discrepancy', ?1, '', (SELECT name FROM audit_actor WHERE id = 1), ?2, ?3, ?4,
                         'orderly_officer')",
                    params![
                        bunch.id,
                        instant_text(now),
                        last_holder,
                        format!("Returned with the count not as listed: {}", details.count_note)
                    ],
                )?;
            }
            Ok(movement)
        })
    }

    /// Voids a mistaken issue or return with a recorded correction. Only the latest
    /// effective movement of a bunch can be corrected, so history stays consistent.
    pub fn correct_movement(&mut self, movement_id: i64, reason: &str, now: DateTime<Utc>) -> Result<i64> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Error::Invalid("say why the movement was wrong".into()));
        }
        self.write(|tx| {
            let bunch_id: i64 = tx
                .query_row(
                    "SELECT bunch_id FROM key_movement WHERE id = ?1 AND kind IN ('issue', 'return')",
                    [movement_id],
                    |row| row.get(0),
                )
                .optional()?
                .ok_or_else(|| Error::NotFound(format!("movement {movement_id}")))?;
            let latest = current_movement(tx, bunch_id)?.map(|movement| movement.id);
            if latest != Some(movement_id) {
                return Err(Error::Invalid("only the latest movement of a bunch can be corrected".into()));
            }
            tx.execute(
                "INSERT INTO key_movement (bunch_id, kind, at, recorded_by, corrects, reason)
                 VALUES (?1, 'correction', ?2, (SELECT name FROM audit_actor WHERE id = 1), ?3, ?4)",
                params![bunch_id, instant_text(now), movement_id, reason],
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// Movements from `from` to `to`, for one bunch, one holder, or all; newest first.
    pub fn movement_history(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        bunch_id: Option<i64>,
        holder_id: Option<i64>,
        limit: usize,
    ) -> Result<Vec<MovementLine>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT m.*, b.hook, b.description, h.name AS holder_name, h.tally,
                    (SELECT s.name || ' (tally ' || s.tally || ')' FROM tally_holder s WHERE s.id = m.second_holder_id)
                        AS second_holder,
                    NOT EXISTS (SELECT 1 FROM standing_movement s WHERE s.id = m.id) AS voided
             FROM key_movement m
             JOIN key_bunch b ON b.id = m.bunch_id
             LEFT JOIN tally_holder h ON h.id = coalesce(m.holder_id,
                 (SELECT i.holder_id FROM key_movement i WHERE i.bunch_id = m.bunch_id AND i.kind = 'issue' AND i.id < m.id
                  ORDER BY i.id DESC LIMIT 1))
             WHERE m.at BETWEEN ?1 AND ?2
               AND (?3 IS NULL OR m.bunch_id = ?3)
               AND (?4 IS NULL OR h.id = ?4)
             ORDER BY m.id DESC
             LIMIT ?5",
        )?;
        let lines = statement
            .query_map(params![instant_text(from), instant_text(to), bunch_id, holder_id, limit as i64], |row| {
                Ok(MovementLine {
                    movement: movement_from_row(row)?,
                    hook: row.get("hook")?,
                    bunch: row.get("description")?,
                    holder: row.get("holder_name")?,
                    tally: row.get("tally")?,
                    second_holder: row.get("second_holder")?,
                    voided: row.get("voided")?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(lines)
    }

    /// Opens an incident; the last known holder comes from the register.
    pub fn report_incident(&mut self, incident: &NewIncident, now: DateTime<Utc>) -> Result<i64> {
        self.write(|tx| {
            let bunch_id: i64 = tx
                .query_row("SELECT id FROM key_bunch WHERE hook = ?1", [incident.hook], |row| row.get(0))
                .optional()?
                .ok_or_else(|| Error::Invalid(format!("no bunch hangs on hook {}", incident.hook)))?;
            let last_holder: String = tx
                .query_row(
                    "SELECT h.name || ' (tally ' || h.tally || ')' FROM standing_movement m
                     JOIN tally_holder h ON h.id = m.holder_id
                     WHERE m.bunch_id = ?1 AND m.kind = 'issue'
                     ORDER BY m.id DESC LIMIT 1",
                    [bunch_id],
                    |row| row.get(0),
                )
                .optional()?
                .unwrap_or_else(|| "no one has drawn this bunch".into());
            tx.execute(
                "INSERT INTO key_incident (kind, bunch_id, keys_affected, reported_by, reported_at, last_holder,
                     explanation, reported_to, actions)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    incident.kind.code(),
                    bunch_id,
                    incident.keys_affected,
                    incident.reported_by,
                    instant_text(now),
                    last_holder,
                    incident.explanation,
                    incident.reported_to.code(),
                    incident.actions
                ],
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    pub fn close_incident(&mut self, incident_id: i64, notes: &str, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            let changed = tx.execute(
                "UPDATE key_incident SET closed_at = ?2, closed_by = (SELECT name FROM audit_actor WHERE id = 1),
                     closure_notes = ?3
                 WHERE id = ?1 AND closed_at IS NULL",
                params![incident_id, instant_text(now), notes],
            )?;
            if changed == 0 {
                return Err(Error::Invalid("the incident is already closed".into()));
            }
            Ok(())
        })
    }

    /// Incidents, open first, newest first.
    pub fn incidents(&self) -> Result<Vec<Incident>> {
        let mut statement =
            self.conn.prepare_cached("SELECT * FROM key_incident ORDER BY closed_at IS NOT NULL, reported_at DESC")?;
        let incidents = statement.query_map([], incident_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(incidents)
    }

    pub fn sign_in_visitor(&mut self, visitor: &Visitor) -> Result<i64> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO key_visitor (name, organisation, purpose, escorted_by, signed_in_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![visitor.name, visitor.organisation, visitor.purpose, visitor.escorted_by, instant_text(visitor.signed_in_at)],
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    pub fn sign_out_visitor(&mut self, visitor_id: i64, at: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            let changed = tx.execute(
                "UPDATE key_visitor SET signed_out_at = ?2 WHERE id = ?1 AND signed_out_at IS NULL AND signed_in_at <= ?2",
                params![visitor_id, instant_text(at)],
            )?;
            if changed == 0 {
                return Err(Error::Invalid("already signed out, or the time is before they signed in".into()));
            }
            Ok(())
        })
    }

    /// Visitors still in, and those who signed in since `since`.
    pub fn visitors(&self, since: DateTime<Utc>) -> Result<Vec<Visitor>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT * FROM key_visitor WHERE signed_out_at IS NULL OR signed_in_at >= ?1
             ORDER BY signed_out_at IS NOT NULL, signed_in_at DESC",
        )?;
        let visitors = statement
            .query_map([instant_text(since)], |row| {
                Ok(Visitor {
                    id: row.get("id")?,
                    name: row.get("name")?,
                    organisation: row.get("organisation")?,
                    purpose: row.get("purpose")?,
                    escorted_by: row.get("escorted_by")?,
                    signed_in_at: parse_instant(&row.get::<_, String>("signed_in_at")?)?,
                    signed_out_at: row
                        .get::<_, Option<String>>("signed_out_at")?
                        .as_deref()
                        .map(parse_instant)
                        .transpose()?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(visitors)
    }

    /// The time keys are due back by (Settings, 17:00 unless changed).
    pub fn key_cut_off(&self) -> Result<NaiveTime> {
        Ok(self.settings()?.key_cut_off)
    }

    /// The access groups that have their own time for keys back.
    pub fn access_group_times(&self) -> Result<std::collections::BTreeMap<String, NaiveTime>> {
        let mut statement = self.conn.prepare_cached("SELECT name, keys_due_by FROM key_access_group ORDER BY name")?;
        let rows = statement.query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))?;
        let mut times = std::collections::BTreeMap::new();
        for row in rows {
            let (name, kept) = row?;
            let time = NaiveTime::parse_from_str(&kept, "%H:%M")
                .map_err(|_| Error::Invalid(format!("access group {name}: '{kept}' is not a time")))?;
            times.insert(name, time);
        }
        Ok(times)
    }

    /// Gives an access group its own time for keys back, or (`None`) the
    /// establishment's again.
    pub fn set_access_group_time(&mut self, group: &str, time: Option<NaiveTime>) -> Result<()> {
        let group = crate::domain::keys::access_group_name(group);
        if group.is_empty() {
            return Err(Error::Invalid("an access group needs a name".into()));
        }
        self.write(|tx| {
            match time {
                Some(time) => tx.execute(
                    "INSERT INTO key_access_group (name, keys_due_by) VALUES (?1, ?2)
                     ON CONFLICT (name) DO UPDATE SET keys_due_by = excluded.keys_due_by",
                    params![group, time.format("%H:%M").to_string()],
                )?,
                None => tx.execute("DELETE FROM key_access_group WHERE name = ?1", [&group])?,
            };
            Ok(())
        })
    }
}

fn bunch_by_id(conn: &Connection, id: i64) -> Result<Bunch> {
    conn.query_row("SELECT * FROM key_bunch WHERE id = ?1", [id], bunch_from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("bunch {id}")))
}

/// The latest standing issue or return of one bunch.
fn current_movement(conn: &Connection, bunch_id: i64) -> Result<Option<Movement>> {
    Ok(conn
        .prepare_cached(&format!("{CURRENT_MOVEMENT} WHERE b.id = ?1"))?
        .query_row([bunch_id], movement_from_row)
        .optional()?)
}

fn current_whereabouts(conn: &Connection, bunch_id: i64) -> Result<Whereabouts> {
    let current = current_movement(conn, bunch_id)?;
    Ok(current.map_or(Whereabouts::In, |movement| whereabouts(std::slice::from_ref(&movement))))
}

/// The hook where the holder's tally hangs, if they have a bunch out: their latest
/// issue that no correction voids, if it is still that bunch's current movement.
fn holder_has_out(conn: &Connection, holder_id: i64) -> Result<Option<u32>> {
    let latest_issue: Option<(i64, i64)> = conn
        .prepare_cached(
            "SELECT m.id, m.bunch_id FROM standing_movement m
             WHERE m.holder_id = ?1 AND m.kind = 'issue'
             ORDER BY m.at DESC, m.id DESC LIMIT 1",
        )?
        .query_row([holder_id], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    let Some((issue_id, bunch_id)) = latest_issue else { return Ok(None) };
    if current_movement(conn, bunch_id)?.map(|movement| movement.id) != Some(issue_id) {
        return Ok(None);
    }
    Ok(Some(bunch_by_id(conn, bunch_id)?.hook))
}

/// The incidents that compromise a bunch while open: a key lost, or a bunch that came
/// back short. Until closed, the bunch must not be issued.
const COMPROMISING: &str = "kind IN ('lost', 'count_discrepancy')";

fn is_compromised(conn: &Connection, bunch_id: i64) -> Result<bool> {
    Ok(conn.query_row(
        &format!(
            "SELECT EXISTS (SELECT 1 FROM key_incident WHERE bunch_id = ?1 AND {COMPROMISING} AND closed_at IS NULL)"
        ),
        [bunch_id],
        |row| row.get(0),
    )?)
}

pub(super) fn insert_bunch(conn: &Connection, bunch: &Bunch) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO key_bunch (hook, description, key_count, contents, out_of_use, out_of_use_reason, access_group,
             restricted)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        bunch.hook,
        bunch.description,
        bunch.key_count,
        bunch.contents,
        bunch.out_of_use,
        bunch.out_of_use_reason,
        bunch.access_group,
        bunch.restricted
    ])?;
    Ok(conn.last_insert_rowid())
}

pub(super) fn insert_holder(conn: &Connection, holder: &TallyHolder) -> Result<i64> {
    // The id (?1) is left for SQLite to choose.
    conn.prepare_cached(
        "INSERT INTO tally_holder (id, name, role, department, tally, risk_assessed_on, key_talk_on, chain_and_pouch,
             overnight_allowed, suspended, access_groups, staff_status, keys_due_by)
         VALUES (NULL, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(holder_values(holder))?;
    Ok(conn.last_insert_rowid())
}

/// A holder's columns in table order, `id` first, as the INSERT and UPDATE bind them.
fn holder_values(holder: &TallyHolder) -> impl rusqlite::Params + '_ {
    (
        holder.id,
        &holder.name,
        &holder.role,
        &holder.department,
        holder.tally,
        holder.risk_assessed_on,
        holder.key_talk_on,
        holder.chain_and_pouch,
        holder.overnight_allowed,
        holder.suspended,
        holder.access_groups.join(", "),
        holder.status.code(),
        holder.keys_due_by.map(|time| time.format("%H:%M").to_string()),
    )
}
