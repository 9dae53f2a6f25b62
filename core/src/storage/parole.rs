//! Parole reviews, and how early each kind of deadline turns amber.

use std::sync::Arc;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::{Connection, Row, ToSql};

use super::{Db, Error, Result, decode, decode_optional};
use crate::domain::caseload::CaseloadEntry;
use crate::domain::deadlines::{DeadlineFacts, DeadlineKind, DueItem, Warnings, due_items, needs_open_pathways};
use crate::domain::parole::{ParoleReview, ParoleReviewDetails};
use crate::domain::risk::Coded;

const REVIEW_COLUMNS: &str = "id, prisoner_id, review_type, opened_on, target_hearing_date, report_due_date,
    report_writer, report_sent_on, status, outcome, outcome_received_on";

impl Db {
    /// A prisoner's parole reviews, the latest opened first.
    pub fn parole_reviews(&self, prisoner_id: i64) -> Result<Vec<ParoleReview>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {REVIEW_COLUMNS} FROM parole_review WHERE prisoner_id = ?1 ORDER BY opened_on DESC, id DESC"
        ))?;
        let reviews = statement.query_map([prisoner_id], review_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(reviews)
    }

    /// Every review still asking for something (active or deferred), by prisoner.
    pub fn open_parole_reviews(&self) -> Result<BTreeMap<i64, Vec<ParoleReview>>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {REVIEW_COLUMNS} FROM parole_review WHERE status IN ('active', 'deferred') ORDER BY id"
        ))?;
        let mut by_prisoner: BTreeMap<i64, Vec<ParoleReview>> = BTreeMap::new();
        for review in statement.query_map([], review_from_row)? {
            let review = review?;
            by_prisoner.entry(review.prisoner_id).or_default().push(review);
        }
        Ok(by_prisoner)
    }

    /// Opens a review (`id` None) or changes one; returns its id.
    pub fn save_parole_review(
        &mut self,
        prisoner_id: i64,
        id: Option<i64>,
        details: &ParoleReviewDetails,
    ) -> Result<i64> {
        self.write(|tx| match id {
            None => insert_review(tx, prisoner_id, details),
            Some(id) => {
                let changed = tx
                    .prepare_cached(
                        "UPDATE parole_review SET review_type = :review_type, opened_on = :opened_on,
                         target_hearing_date = :target_hearing_date, report_due_date = :report_due_date,
                         report_writer = :report_writer, report_sent_on = :report_sent_on, status = :status,
                         outcome = :outcome, outcome_received_on = :outcome_received_on
                     WHERE id = :id AND prisoner_id = :prisoner_id",
                    )?
                    .execute(&*values(prisoner_id, Some(id), details))?;
                if changed == 0 {
                    return Err(Error::NotFound(format!("parole review {id}")));
                }
                Ok(id)
            }
        })
    }

    /// Every deadline of `entries` that is overdue, amber or due within
    /// `horizon_days`, with what the case file knows besides the caseload.
    pub fn deadlines(
        &self,
        entries: &[Arc<CaseloadEntry>],
        today: NaiveDate,
        horizon_days: i64,
    ) -> Result<Vec<DueItem>> {
        let facts = self.deadline_facts(entries, today)?;
        Ok(due_items(entries, &facts, &self.deadline_warnings()?, today, horizon_days))
    }

    /// What the deadlines of `entries` need besides the caseload itself: the open
    /// parole reviews, and the pathways still open on the latest plan of those near
    /// release.
    pub fn deadline_facts(&self, entries: &[Arc<CaseloadEntry>], today: NaiveDate) -> Result<DeadlineFacts> {
        let near_release: Vec<i64> =
            entries.iter().filter(|entry| needs_open_pathways(entry, today)).map(|entry| entry.prisoner.id).collect();
        Ok(DeadlineFacts {
            parole_reviews: self.open_parole_reviews()?,
            open_pathways: self.open_pathways(&near_release)?,
        })
    }

    /// How many days before it falls due each kind of deadline turns amber.
    pub fn deadline_warnings(&self) -> Result<Warnings> {
        let mut statement = self.conn.prepare_cached("SELECT kind, amber_days FROM deadline_warning")?;
        let mut warnings = Warnings::default();
        for row in statement.query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?)))? {
            let (code, days) = row?;
            // A kind this version does not know (written by a later one) is left alone.
            if let Some(kind) = DeadlineKind::from_code(&code) {
                warnings.set(kind, days);
            }
        }
        Ok(warnings)
    }

    /// Sets how early every kind of deadline turns amber, in one transaction.
    pub fn save_deadline_warnings(&mut self, warnings: &Warnings) -> Result<()> {
        self.write(|tx| {
            let mut statement = tx.prepare_cached(
                "INSERT INTO deadline_warning (kind, amber_days) VALUES (?1, ?2)
                 ON CONFLICT (kind) DO UPDATE SET amber_days = excluded.amber_days
                 WHERE amber_days <> excluded.amber_days",
            )?;
            for kind in DeadlineKind::ALL.iter().copied() {
                statement.execute(rusqlite::params![kind.code(), warnings.amber_days(kind)])?;
            }
            Ok(())
        })
    }
}

fn values(prisoner_id: i64, id: Option<i64>, details: &ParoleReviewDetails) -> Vec<(&'static str, Box<dyn ToSql>)> {
    vec![
        (":id", Box::new(id)),
        (":prisoner_id", Box::new(prisoner_id)),
        (":review_type", Box::new(details.review_type.code())),
        (":opened_on", Box::new(details.opened_on)),
        (":target_hearing_date", Box::new(details.target_hearing_date)),
        (":report_due_date", Box::new(details.report_due_date)),
        (":report_writer", Box::new(details.report_writer.clone())),
        (":report_sent_on", Box::new(details.report_sent_on)),
        (":status", Box::new(details.status.code())),
        (":outcome", Box::new(details.outcome.map(Coded::code))),
        (":outcome_received_on", Box::new(details.outcome_received_on)),
    ]
}

/// Opens a parole review; returns its id. The one INSERT, for the form and imports.
pub(super) fn insert_review(conn: &Connection, prisoner_id: i64, details: &ParoleReviewDetails) -> Result<i64> {
    let values = values(prisoner_id, None, details);
    let params: Vec<(&str, &dyn ToSql)> =
        values.iter().filter(|(name, _)| *name != ":id").map(|(name, value)| (*name, value.as_ref())).collect();
    conn.prepare_cached(
        "INSERT INTO parole_review (prisoner_id, review_type, opened_on, target_hearing_date, report_due_date,
             report_writer, report_sent_on, status, outcome, outcome_received_on)
         VALUES (:prisoner_id, :review_type, :opened_on, :target_hearing_date, :report_due_date,
             :report_writer, :report_sent_on, :status, :outcome, :outcome_received_on)",
    )?
    .execute(params.as_slice())?;
    Ok(conn.last_insert_rowid())
}

/// Whether the prisoner already has a review of this type opened on this day (a
/// transfer pack brought back, or imported twice).
pub(super) fn has_review(conn: &Connection, prisoner_id: i64, details: &ParoleReviewDetails) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM parole_review WHERE prisoner_id = ?1 AND review_type = ?2 AND opened_on = ?3)",
        rusqlite::params![prisoner_id, details.review_type.code(), details.opened_on],
        |row| row.get(0),
    )?)
}

fn review_from_row(row: &Row) -> rusqlite::Result<ParoleReview> {
    let date = |index: usize| -> rusqlite::Result<Option<NaiveDate>> { super::optional_date(row, index) };
    Ok(ParoleReview {
        id: row.get(0)?,
        prisoner_id: row.get(1)?,
        details: ParoleReviewDetails {
            review_type: decode(&row.get::<_, String>(2)?)?,
            opened_on: date(3)?.ok_or_else(|| {
                rusqlite::Error::InvalidColumnType(3, "opened_on".into(), rusqlite::types::Type::Null)
            })?,
            target_hearing_date: date(4)?,
            report_due_date: date(5)?,
            report_writer: row.get(6)?,
            report_sent_on: date(7)?,
            status: decode(&row.get::<_, String>(8)?)?,
            outcome: decode_optional(row.get(9)?)?,
            outcome_received_on: date(10)?,
        },
    })
}
