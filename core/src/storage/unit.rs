//! The dated records the unit's measures are worked out from (`domain::unit`): who
//! was here when, OASys reviews (with the audit trail's earlier values), the
//! supervisor's contacts, agreed plans, induction checklists,
//! boards held and who took part, and the gate's incidents and late returns.

use chrono::{DateTime, Utc};
use rusqlite::params_from_iter;

use super::prisoners::{PRISONER_COLUMN_COUNT, PRISONER_COLUMNS, SupervisorFilter, prisoner_from_row};
use super::{Db, Result, parse_instant};
use crate::domain::dates::utc_to_london;
use crate::domain::unit::{AgreedPlan, HeldBoard, InductionRecord, OmPart, PlanNeed, UnitFacts, UnitPrisoner};

impl Db {
    /// Everything the measures read, for one caseload or the unit (archived records
    /// too: a prisoner who left in March still counts for February). The gate's
    /// figures are the unit's whoever asks.
    pub fn unit_facts(&self, whose: SupervisorFilter, since: DateTime<Utc>) -> Result<UnitFacts> {
        let (condition, values): (&str, Vec<i64>) = match whose {
            SupervisorFilter::All => ("1", vec![]),
            SupervisorFilter::Staff(id) => ("p.allocated_supervisor_id = ?", vec![id]),
            SupervisorFilter::Unallocated => ("p.allocated_supervisor_id IS NULL", vec![]),
        };
        let mut statement = self
            .conn
            .prepare(&format!("SELECT {PRISONER_COLUMNS}, p.archived_at FROM prisoner p WHERE {condition}"))?;
        let prisoners = statement
            .query_map(params_from_iter(&values), |row| {
                let prisoner = prisoner_from_row(row)?;
                let left_on = row
                    .get::<_, Option<String>>(PRISONER_COLUMN_COUNT)?
                    .map(|at| parse_instant(&at).map(|at| utc_to_london(at).date_naive()))
                    .transpose()?;
                Ok(UnitPrisoner {
                    id: prisoner.id,
                    label: format!("{} ({})", prisoner.details.display_name(), prisoner.details.prison_number.as_str()),
                    received_on: prisoner.details.reception_date,
                    left_on,
                    scope: prisoner.details.scope_facts(),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // The rest is read whole and kept for those prisoners alone (one caseload, or all).
        let ids: std::collections::HashSet<i64> = prisoners.iter().map(|prisoner| prisoner.id).collect();
        let mine = |id: &i64| ids.contains(id);

        let seen = self
            .conn
            .prepare("SELECT prisoner_id, contact_date FROM contact WHERE sees_prisoner AND contact_date >= ?1")?
            .query_map([utc_to_london(since).date_naive()], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<Vec<(i64, chrono::NaiveDate)>>>()?
            .into_iter()
            .filter(|(id, _)| mine(id))
            .collect();
        // Each review date a record has held: the one now, and the old and new values
        // of every change the audit trail recorded.
        let mut oasys_reviews: Vec<(i64, chrono::NaiveDate)> = self
            .conn
            .prepare(
                "SELECT id, last_oasys_review_date FROM prisoner WHERE last_oasys_review_date IS NOT NULL
                 UNION
                 SELECT row_id, json_extract(old_values, '$.last_oasys_review_date') FROM audit_log
                 WHERE table_name = 'prisoner' AND json_extract(old_values, '$.last_oasys_review_date') IS NOT NULL
                 UNION
                 SELECT row_id, json_extract(new_values, '$.last_oasys_review_date') FROM audit_log
                 WHERE table_name = 'prisoner' AND json_extract(new_values, '$.last_oasys_review_date') IS NOT NULL",
            )?
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        oasys_reviews.retain(|(id, _)| mine(id));
        let plans = self
            .conn
            .prepare(
                "SELECT prisoner_id, closed_on, next_review_date FROM plan_version
                 WHERE status = 'closed' AND closed_on IS NOT NULL",
            )?
            .query_map([], |row| {
                Ok(AgreedPlan { prisoner_id: row.get(0)?, agreed_on: row.get(1)?, next_review: row.get(2)? })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .filter(|plan| mine(&plan.prisoner_id))
            .collect();
        let needs = self
            .conn
            .prepare(
                "SELECT v.prisoner_id, v.closed_on, i.name, i.offered, o.intervention_state
                 FROM objective o
                 JOIN plan_version v ON v.id = o.plan_version_id
                 JOIN intervention i ON i.id = o.intervention_id
                 WHERE v.status = 'closed' AND v.closed_on IS NOT NULL AND o.intervention_state IS NOT NULL
                   -- Only versions that can be in force in the period: those agreed in it,
                   -- and each prisoner's last one agreed before it.
                   AND (v.closed_on >= ?1 OR v.number = (
                        SELECT max(w.number) FROM plan_version w
                        WHERE w.prisoner_id = v.prisoner_id AND w.status = 'closed' AND w.closed_on < ?1))",
            )?
            .query_map([utc_to_london(since).date_naive()], |row| {
                Ok(PlanNeed {
                    prisoner_id: row.get(0)?,
                    agreed_on: row.get(1)?,
                    intervention: row.get(2)?,
                    offered: row.get(3)?,
                    state: super::decode(&row.get::<_, String>(4)?)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .filter(|need| mine(&need.prisoner_id))
            .collect();
        let mut inductions: Vec<InductionRecord> = Vec::new();
        let mut statement = self.conn.prepare(
            "SELECT c.id, c.prisoner_id, c.received_at, CASE WHEN i.status = 'open' THEN NULL ELSE i.done_at END
             FROM induction_checklist c CROSS JOIN induction_item i ON i.checklist_id = c.id
             WHERE c.received_at >= ?1 ORDER BY c.id",
        )?;
        let mut rows = statement.query([super::instant_text(since)])?;
        let mut current: Option<i64> = None;
        while let Some(row) = rows.next()? {
            let checklist: i64 = row.get(0)?;
            let prisoner_id: i64 = row.get(1)?;
            if !mine(&prisoner_id) {
                continue;
            }
            let finished = row.get::<_, Option<String>>(3)?.map(|at| parse_instant(&at)).transpose()?;
            if current != Some(checklist) {
                current = Some(checklist);
                let received_at = parse_instant(&row.get::<_, String>(2)?)?;
                inductions.push(InductionRecord { prisoner_id, received_at, finished: Vec::new() });
            }
            if let Some(record) = inductions.last_mut() {
                record.finished.push(finished);
            }
        }
        let boards = self
            .conn
            .prepare(
                "SELECT m.prisoner_id, m.meeting_date,
                        (SELECT a.participation FROM meeting_attendee a
                         WHERE a.meeting_id = m.id AND lower(a.role) LIKE '%offender manager%'
                           AND a.participation IN ('in_person', 'video_link', 'written_report')
                         ORDER BY a.position LIMIT 1)
                 FROM planning_meeting m WHERE m.held = 1",
            )?
            .query_map([], |row| {
                let part = match row.get::<_, Option<String>>(2)?.as_deref() {
                    Some("in_person") => OmPart::InPerson,
                    Some("video_link") => OmPart::VideoLink,
                    Some("written_report") => OmPart::WrittenReport,
                    _ => OmPart::Absent,
                };
                Ok(HeldBoard { prisoner_id: row.get(0)?, held_on: row.get(1)?, offender_manager: part })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .filter(|board| mine(&board.prisoner_id))
            .collect();
        let since_text = super::instant_text(since);
        let key_incidents = self
            .conn
            .prepare("SELECT reported_at FROM key_incident WHERE reported_at >= ?1")?
            .query_map([&since_text], |row| parse_instant(&row.get::<_, String>(0)?))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // A return is late when it came after the due time of the issue before it on
        // the same hook; corrected movements do not count. One pass over the period's
        // movements in time order, read through the time index (a query per return, or
        // ordering by id, which scans every movement ever made, cost over a second).
        let mut statement = self.conn.prepare(
            "SELECT id, bunch_id, kind, at, due_back, corrects FROM key_movement WHERE at >= ?1 ORDER BY at, id",
        )?;
        let movements = statement
            .query_map([&since_text], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, Option<String>>(4)?,
                    row.get::<_, Option<i64>>(5)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let corrected: std::collections::HashSet<i64> = movements.iter().filter_map(|movement| movement.5).collect();
        let mut due_on_hook: std::collections::HashMap<i64, Option<String>> = std::collections::HashMap::new();
        let mut late_returns = Vec::new();
        for (_, bunch, kind, at, due_back, _) in
            movements.into_iter().filter(|movement| !corrected.contains(&movement.0))
        {
            match kind.as_str() {
                "issue" => {
                    due_on_hook.insert(bunch, due_back);
                }
                // Instants are stored in one fixed format, so their text sorts as time.
                "return" => {
                    if let Some(Some(due)) = due_on_hook.remove(&bunch)
                        && at > due
                    {
                        late_returns.push(parse_instant(&at)?);
                    }
                }
                _ => {}
            }
        }
        Ok(UnitFacts { prisoners, seen, oasys_reviews, plans, needs, inductions, boards, key_incidents, late_returns })
    }
}
