//! Categorisation decisions: kept as history, the newest setting the record's
//! category and its recategorisation due date in the same transaction.

use chrono::NaiveDate;
use rusqlite::{Connection, Row, params};

use super::{Db, Error, Result};
use crate::domain::categorisation::{CategoryDecision, CategoryDecisionDetails};

impl Db {
    /// A prisoner's categorisation decisions, the newest first.
    pub fn category_decisions(&self, prisoner_id: i64) -> Result<Vec<CategoryDecision>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, prisoner_id, category, decided_on, reason, next_review_due FROM category_decision
             WHERE prisoner_id = ?1 ORDER BY decided_on DESC, id DESC",
        )?;
        let decisions = statement.query_map([prisoner_id], decision_from_row)?.collect::<rusqlite::Result<_>>()?;
        Ok(decisions)
    }

    /// Records a decision, and makes its category and next review the record's own;
    /// returns its id.
    pub fn record_category_decision(&mut self, prisoner_id: i64, details: &CategoryDecisionDetails) -> Result<i64> {
        self.write(|tx| insert_decision(tx, prisoner_id, details))
    }
}

/// The one INSERT, for the form and imports: the decision, then the record's category
/// and due date. The database keeps decisions in date order, so this one is the newest.
pub(super) fn insert_decision(conn: &Connection, prisoner_id: i64, details: &CategoryDecisionDetails) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO category_decision (prisoner_id, category, decided_on, reason, next_review_due)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        prisoner_id,
        details.category,
        details.decided_on,
        details.reason,
        details.next_review_due
    ])?;
    let id = conn.last_insert_rowid();
    let changed = conn
        .prepare_cached("UPDATE prisoner SET security_category = ?2, recategorisation_due_date = ?3 WHERE id = ?1")?
        .execute(params![prisoner_id, details.category, details.next_review_due])?;
    if changed == 0 {
        return Err(Error::NotFound(format!("prisoner {prisoner_id}")));
    }
    Ok(id)
}

/// Whether the prisoner has this decision already, or a later one (a transfer pack
/// brought back, or imported twice): the history here stands.
pub(super) fn already_decided(conn: &Connection, prisoner_id: i64, details: &CategoryDecisionDetails) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM category_decision WHERE prisoner_id = ?1
             AND (decided_on > ?3 OR (decided_on = ?3 AND category = ?2)))",
        params![prisoner_id, details.category, details.decided_on],
        |row| row.get(0),
    )?)
}

fn decision_from_row(row: &Row) -> rusqlite::Result<CategoryDecision> {
    let decided_on: Option<NaiveDate> = super::optional_date(row, 3)?;
    Ok(CategoryDecision {
        id: row.get(0)?,
        prisoner_id: row.get(1)?,
        details: CategoryDecisionDetails {
            category: row.get(2)?,
            decided_on: decided_on.ok_or_else(|| {
                rusqlite::Error::InvalidColumnType(3, "decided_on".into(), rusqlite::types::Type::Null)
            })?,
            reason: row.get(4)?,
            next_review_due: super::optional_date(row, 5)?,
        },
    })
}
