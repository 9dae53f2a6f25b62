//! The dated records the unit's measures are worked out from (`domain::unit`): who
//! was here when, OASys reviews (with the audit trail's earlier values), the
//! supervisor's contacts, agreed plans, induction checklists,
//! boards held and who took part, and the gate's incidents and late returns.

use chrono::{DateTime, Utc};
use rusqlite::{params, params_from_iter};

use super::SupervisorFilter;
use super::prisoners::{PRISONER_COLUMN_COUNT, PRISONER_COLUMNS, prisoner_from_row};
use super::{Db, Result, parse_instant};
use crate::domain::dates::utc_to_london;
use crate::domain::unit::{
    AgreedPlan, HeldBoard, InductionItemFact, InductionRecord, OmPart, PlanNeed, RoshChange, UnitFacts, UnitPrisoner,
};

impl Db {
    /// Everything the measures read, for one caseload or the unit (archived records
    /// too: a prisoner who left in March still counts for February). The gate's
    /// figures are read for the whole unit alone, the only view that shows them.
    pub fn unit_facts(&self, whose: SupervisorFilter, since: DateTime<Utc>) -> Result<UnitFacts> {
        let (condition, values): (&str, Vec<i64>) = match whose {
            SupervisorFilter::All => ("1", vec![]),
            SupervisorFilter::Staff(id) => ("p.allocated_supervisor_id = ?", vec![id]),
            SupervisorFilter::Unallocated => ("p.allocated_supervisor_id IS NULL", vec![]),
        };
        let mut statement = self
            .conn
            .prepare(&format!("SELECT {PRISONER_COLUMNS}, p.archived_at FROM prisoner p WHERE {condition}"))?;
        let (mut prisoners, oasys_now): (Vec<UnitPrisoner>, Vec<Option<chrono::NaiveDate>>) = statement
            .query_map(params_from_iter(&values), |row| {
                let prisoner = prisoner_from_row(row)?;
                let left_on = row
                    .get::<_, Option<String>>(PRISONER_COLUMN_COUNT)?
                    .map(|at| parse_instant(&at).map(|at| utc_to_london(at).date_naive()))
                    .transpose()?;
                let unit_prisoner = UnitPrisoner {
                    id: prisoner.id,
                    label: format!("{} ({})", prisoner.details.display_name(), prisoner.details.prison_number.as_str()),
                    received_on: prisoner.details.reception_date,
                    left_on,
                    scope: prisoner.details.scope_facts(),
                    rosh_changes: Vec::new(),
                };
                Ok((unit_prisoner, prisoner.details.last_oasys_review_date))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .unzip();
        // The rest is read whole and kept for those prisoners alone (one caseload, or all).
        let ids: std::collections::HashSet<i64> = prisoners.iter().map(|prisoner| prisoner.id).collect();
        let mine = |id: &i64| ids.contains(id);

        let seen = self
            .conn
            // The covering index holds all three columns: the table's rows (with their
            // notes) are never read.
            .prepare(
                "SELECT prisoner_id, contact_date FROM contact INDEXED BY contact_latest_seen
                 WHERE sees_prisoner AND contact_date >= ?1",
            )?
            .query_map([utc_to_london(since).date_naive()], |row| Ok((row.get(0)?, super::date_at(row, 1)?)))?
            .collect::<rusqlite::Result<Vec<(i64, chrono::NaiveDate)>>>()?
            .into_iter()
            .filter(|(id, _)| mine(id))
            .collect();
        // Each review date a record has held (the one now, and the old and new values
        // of every change the audit trail recorded) and each change of RoH, in one
        // pass over the prisoner updates of the audit trail. A value set when the
        // record was made is the old value of the update that changed it, or the one
        // the record holds now.
        let mut oasys_reviews: Vec<(i64, chrono::NaiveDate)> =
            prisoners.iter().zip(oasys_now).filter_map(|(prisoner, now)| Some((prisoner.id, now?))).collect();
        let mut rosh_changes: std::collections::HashMap<i64, Vec<RoshChange>> = std::collections::HashMap::new();
        let mut statement = self.conn.prepare(
            "SELECT row_id, at,
                    old_values ->> '$.last_oasys_review_date', new_values ->> '$.last_oasys_review_date',
                    old_values ->> '$.rosh', new_values ->> '$.rosh'
             FROM audit_log WHERE table_name = 'prisoner' AND action = 'update'
             -- Each record's changes oldest first, as UnitPrisoner::rosh_changes promises
             -- (the index on table and row gives this order without a sort).
             ORDER BY row_id, id",
        )?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            if !mine(&id) {
                continue;
            }
            for column in [2, 3] {
                if let Some(day) = super::optional_date(row, column)? {
                    oasys_reviews.push((id, day));
                }
            }
            let (before, after) = (row.get::<_, Option<String>>(4)?, row.get::<_, Option<String>>(5)?);
            if before != after {
                rosh_changes.entry(id).or_default().push(RoshChange {
                    at: parse_instant(&row.get::<_, String>(1)?)?,
                    before: super::decode_optional(before)?,
                    after: super::decode_optional(after)?,
                });
            }
        }
        oasys_reviews.sort_unstable();
        oasys_reviews.dedup();
        for prisoner in &mut prisoners {
            prisoner.rosh_changes = rosh_changes.remove(&prisoner.id).unwrap_or_default();
        }
        let plans = self
            .conn
            .prepare(
                "SELECT prisoner_id, closed_on, next_review_date FROM plan_version
                 WHERE status = 'closed' AND closed_on IS NOT NULL",
            )?
            .query_map([], |row| {
                Ok(AgreedPlan {
                    prisoner_id: row.get(0)?,
                    agreed_on: super::date_at(row, 1)?,
                    next_review: super::optional_date(row, 2)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .filter(|plan| mine(&plan.prisoner_id))
            .collect();
        let needs = self
            .conn
            .prepare(
                // Only versions that can be in force in the period: those agreed in it,
                // and each prisoner's last one agreed before it (SQLite takes the bare
                // columns from the row holding the max). CROSS JOIN keeps the versions
                // first: left to itself SQLite read every objective ever written.
                "WITH in_force (id, prisoner_id, closed_on) AS (
                     SELECT id, prisoner_id, closed_on FROM plan_version
                     WHERE status = 'closed' AND closed_on >= ?1
                     UNION ALL
                     SELECT id, prisoner_id, closed_on FROM (
                         SELECT id, prisoner_id, closed_on, max(number) FROM plan_version
                         WHERE status = 'closed' AND closed_on < ?1 GROUP BY prisoner_id))
                 SELECT v.prisoner_id, v.closed_on, i.name, i.offered, o.intervention_state
                 FROM in_force v
                 CROSS JOIN objective o ON o.plan_version_id = v.id
                 JOIN intervention i ON i.id = o.intervention_id
                 WHERE o.intervention_state IS NOT NULL",
            )?
            .query_map([utc_to_london(since).date_naive()], |row| {
                Ok(PlanNeed {
                    prisoner_id: row.get(0)?,
                    agreed_on: super::date_at(row, 1)?,
                    intervention: row.get(2)?,
                    offered: row.get(3)?,
                    state: super::decode(row.get_ref(4)?.as_str()?)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .filter(|need| mine(&need.prisoner_id))
            .collect();
        let mut inductions: Vec<InductionRecord> = Vec::new();
        let mut statement = self.conn.prepare(
            "SELECT c.id, c.prisoner_id, c.received_at, t.title, i.due_at,
                    CASE WHEN i.status = 'open' THEN NULL ELSE i.done_at END
             FROM induction_checklist c
             CROSS JOIN induction_item i ON i.checklist_id = c.id
             JOIN induction_template_item t ON t.id = i.template_item_id
             WHERE c.received_at >= ?1 ORDER BY c.id, t.position",
        )?;
        let mut rows = statement.query([super::instant_text(since)])?;
        let mut current: Option<i64> = None;
        while let Some(row) = rows.next()? {
            let checklist: i64 = row.get(0)?;
            let prisoner_id: i64 = row.get(1)?;
            if !mine(&prisoner_id) {
                continue;
            }
            if current != Some(checklist) {
                current = Some(checklist);
                let received_at = parse_instant(text_at(row, 2)?)?;
                inductions.push(InductionRecord { prisoner_id, received_at, items: Vec::new() });
            }
            let item = InductionItemFact {
                title: row.get(3)?,
                due_at: parse_instant(text_at(row, 4)?)?,
                finished: optional_text_at(row, 5)?.map(parse_instant).transpose()?,
            };
            if let Some(record) = inductions.last_mut() {
                record.items.push(item);
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
                 FROM planning_meeting m WHERE m.held = 1 AND m.meeting_date >= ?1",
            )?
            .query_map([utc_to_london(since).date_naive()], |row| {
                let part = match row.get::<_, Option<String>>(2)?.as_deref() {
                    Some("in_person") => OmPart::InPerson,
                    Some("video_link") => OmPart::VideoLink,
                    Some("written_report") => OmPart::WrittenReport,
                    _ => OmPart::Absent,
                };
                Ok(HeldBoard { prisoner_id: row.get(0)?, held_on: super::date_at(row, 1)?, offender_manager: part })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .filter(|board| mine(&board.prisoner_id))
            .collect();
        // The gate's figures are the unit's: shown for the whole unit only.
        let (key_incidents, late_returns) =
            if whose == SupervisorFilter::All { self.gate_facts(since)? } else { (Vec::new(), Vec::new()) };
        Ok(UnitFacts { prisoners, seen, oasys_reviews, plans, needs, inductions, boards, key_incidents, late_returns })
    }

    /// When each key incident was reported, and when each bunch came back after its
    /// due time, since `since`.
    fn gate_facts(&self, since: DateTime<Utc>) -> Result<(Instants, Instants)> {
        let key_incidents = self
            .conn
            .prepare("SELECT reported_at FROM key_incident WHERE reported_at >= ?1")?
            .query_map([super::instant_text(since)], |row| parse_instant(text_at(row, 0)?))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // A return is late when it came after the due time of the issue it closed;
        // corrected movements do not count. Since version 13 each return records that
        // due time, and the late ones are one range of a partial index.
        let since_text = super::instant_text(since);
        let mut late_returns = self
            .conn
            .prepare(
                "SELECT m.at FROM key_movement m INDEXED BY key_movement_late_returns
                 WHERE m.kind = 'return' AND m.at > m.due_back AND m.at >= ?1
                   AND NOT EXISTS (SELECT 1 FROM key_movement c WHERE c.corrects = m.id)",
            )?
            .query_map([&since_text], |row| parse_instant(text_at(row, 0)?))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // Returns recorded before then are paired with their issues by one pass over the
        // movements in the order they were recorded (a bunch cannot come back before it
        // went out), up to the last such return, read as a range of row ids: through
        // the time index each row was a separate lookup. The pass starts a week early,
        // for bunches out when the period began, at the first movement recorded for
        // that time: times out and in are never in the future (`domain::keys`), so
        // nothing for the period was recorded before it.
        let last_without_due: Option<i64> = self.conn.query_row(
            "SELECT max(id) FROM key_movement INDEXED BY key_movement_returns_before_due_times
             WHERE kind = 'return' AND due_back IS NULL AND at >= ?1",
            [&since_text],
            |row| row.get(0),
        )?;
        if let Some(last) = last_without_due {
            late_returns.extend(self.late_returns_paired(since, last)?);
        }
        Ok((key_incidents, late_returns))
    }

    /// The late returns among those recorded without their due time (before version
    /// 13), from `since` up to the movement `last`, each paired with the issue before
    /// it on the same bunch.
    fn late_returns_paired(&self, since: DateTime<Utc>, last: i64) -> Result<Instants> {
        let since_text = super::instant_text(since);
        let corrected: std::collections::HashSet<i64> = self
            .conn
            .prepare("SELECT corrects FROM key_movement WHERE corrects IS NOT NULL")?
            .query_map([], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        // Each movement comes as its bunch, its kind, the time that matters (an issue's
        // due time, a return's time), and whether it is a return without a due time.
        let mut statement = self.conn.prepare(
            "SELECT id, bunch_id, kind, CASE kind WHEN 'issue' THEN due_back ELSE at END,
                    kind = 'return' AND due_back IS NULL
             FROM key_movement
             WHERE id >= (SELECT coalesce((SELECT id FROM key_movement INDEXED BY key_movement_by_time
                                           WHERE at >= ?1 ORDER BY at LIMIT 1), 0))
               AND id <= ?2
             ORDER BY id",
        )?;
        let mut rows = statement.query(params![super::instant_text(since - chrono::Duration::days(7)), last])?;
        // Each bunch's due time while it is out; the text buffer is kept between
        // issues, so the pass allocates once per bunch rather than once per issue.
        let mut due_on_bunch: std::collections::HashMap<i64, (bool, String)> = std::collections::HashMap::new();
        let mut late_returns = Vec::new();
        while let Some(row) = rows.next()? {
            if corrected.contains(&row.get::<_, i64>(0)?) {
                continue;
            }
            let (bunch, kind, time) = (row.get::<_, i64>(1)?, text_at(row, 2)?, text_at(row, 3)?);
            let without_due: bool = row.get(4)?;
            let (out, due) = due_on_bunch.entry(bunch).or_default();
            if kind == "issue" {
                *out = true;
                due.clear();
                due.push_str(time);
            // Instants are stored in one fixed format, so their text sorts as time.
            // Returns with their due time were counted from the index.
            } else if kind == "return"
                && std::mem::take(out)
                && without_due
                && time > due.as_str()
                && time >= since_text.as_str()
            {
                late_returns.push(parse_instant(time)?);
            }
        }
        Ok(late_returns)
    }
}

/// Moments in time, such as when each key incident was reported.
type Instants = Vec<DateTime<Utc>>;

/// A text column read in place: a fifth of a million movements are read for a
/// year, and copying each value out first was most of the time.
fn text_at<'row>(row: &'row rusqlite::Row, index: usize) -> rusqlite::Result<&'row str> {
    Ok(row.get_ref(index)?.as_str()?)
}

fn optional_text_at<'row>(row: &'row rusqlite::Row, index: usize) -> rusqlite::Result<Option<&'row str>> {
    Ok(row.get_ref(index)?.as_str_or_null()?)
}
