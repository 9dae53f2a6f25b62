//! The audit trail: reading it, sealing it, checking its seals, and the entries the
//! app writes itself (consultation, disclosure, erasure). Changes to case data are
//! written by the database's triggers, so no code path can skip them.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

use super::{Db, Result};
use crate::domain::disclosure::{Disclosure, Subject};

/// The seal before the first entry.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One entry as the audit trail recorded it.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    pub id: i64,
    /// UTC instant, ISO 8601.
    pub at: String,
    pub actor: String,
    pub action: String,
    pub table_name: String,
    pub row_id: Option<i64>,
    pub old_values: Option<String>,
    pub new_values: Option<String>,
}

/// Which entries an administrator wants to see or export.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditFilter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Entries about this prisoner: their record and everything that names them.
    pub prisoner_id: Option<i64>,
    /// At most this many, newest first; `None` for all (an export).
    pub limit: Option<usize>,
}

/// What checking the seals found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChainReport {
    pub entries: u64,
    /// Entries before this id were erased past retention, by a logged action.
    pub erased_before: Option<i64>,
    /// Each problem in words, at most [`ChainReport::SHOWN`]; `problem_count` has them all.
    pub problems: Vec<String>,
    pub problem_count: u64,
}

impl ChainReport {
    pub const SHOWN: usize = 20;

    pub fn is_intact(&self) -> bool {
        self.problem_count == 0
    }

    fn problem(&mut self, text: String) {
        self.problem_count += 1;
        if self.problems.len() < Self::SHOWN {
            self.problems.push(text);
        }
    }
}

const ENTRY_COLUMNS: &str = "l.id, l.at, l.actor, l.action, l.table_name, l.row_id, l.old_values, l.new_values";

fn entry_from_row(row: &rusqlite::Row) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        id: row.get(0)?,
        at: row.get(1)?,
        actor: row.get(2)?,
        action: row.get(3)?,
        table_name: row.get(4)?,
        row_id: row.get(5)?,
        old_values: row.get(6)?,
        new_values: row.get(7)?,
    })
}

/// The seal of `entry` following `previous`: SHA-256 over every field, each
/// length-prefixed so no two different entries hash the same bytes.
pub(super) fn entry_seal(previous: &str, entry: &AuditEntry) -> String {
    let mut hasher = Sha256::new();
    let mut field = |bytes: Option<&[u8]>| match bytes {
        Some(bytes) => {
            hasher.update([1u8]);
            hasher.update((bytes.len() as u64).to_le_bytes());
            hasher.update(bytes);
        }
        None => hasher.update([0u8]),
    };
    field(Some(previous.as_bytes()));
    field(Some(&entry.id.to_le_bytes()));
    field(Some(entry.at.as_bytes()));
    field(Some(entry.actor.as_bytes()));
    field(Some(entry.action.as_bytes()));
    field(Some(entry.table_name.as_bytes()));
    let row_id = entry.row_id.map(i64::to_le_bytes);
    field(row_id.as_ref().map(|bytes| bytes.as_slice()));
    field(entry.old_values.as_deref().map(str::as_bytes));
    field(entry.new_values.as_deref().map(str::as_bytes));
    hex::encode(hasher.finalize())
}

/// Where the chain starts: after the last erasure, or at the beginning.
fn chain_start(conn: &Connection) -> Result<(i64, String)> {
    Ok(conn
        .query_row("SELECT last_erased, hash FROM audit_anchor ORDER BY id DESC LIMIT 1", [], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .optional()?
        .unwrap_or((0, GENESIS.to_string())))
}

/// Seals every entry written since the last seal. Runs inside each write's
/// transaction, so an entry and its seal commit together.
pub(super) fn seal(conn: &Connection) -> Result<()> {
    let last: Option<(i64, String)> = conn
        .prepare_cached("SELECT audit_id, hash FROM audit_seal ORDER BY audit_id DESC LIMIT 1")?
        .query_row([], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    let (after, mut previous) = match last {
        Some(last) => last,
        None => chain_start(conn)?,
    };
    let mut pending =
        conn.prepare_cached(&format!("SELECT {ENTRY_COLUMNS} FROM audit_log l WHERE l.id > ?1 ORDER BY l.id"))?;
    let mut insert = conn.prepare_cached("INSERT INTO audit_seal (audit_id, hash) VALUES (?1, ?2)")?;
    let mut rows = pending.query([after])?;
    while let Some(row) = rows.next()? {
        let entry = entry_from_row(row)?;
        previous = entry_seal(&previous, &entry);
        insert.execute(params![entry.id, previous])?;
    }
    Ok(())
}

/// Recomputes every seal from the entries as they are now.
pub(super) fn verify(conn: &Connection) -> Result<ChainReport> {
    let (start, mut previous) = chain_start(conn)?;
    let mut report = ChainReport { erased_before: (start > 0).then_some(start + 1), ..ChainReport::default() };
    let mut statement = conn.prepare(&format!(
        "SELECT {ENTRY_COLUMNS}, s.hash FROM audit_log l LEFT JOIN audit_seal s ON s.audit_id = l.id
         WHERE l.id > ?1 ORDER BY l.id"
    ))?;
    let mut rows = statement.query([start])?;
    while let Some(row) = rows.next()? {
        let entry = entry_from_row(row)?;
        let sealed: Option<String> = row.get(8)?;
        report.entries += 1;
        let expected = entry_seal(&previous, &entry);
        match sealed {
            None => report.problem(format!(
                "entry {} ({}, {}) has no seal: it was written outside OMU Desk",
                entry.id, entry.at, entry.action
            )),
            Some(sealed) if sealed != expected => {
                report.problem(format!(
                    "entry {} ({}, {} by {}) does not match its seal: it was changed, or an entry before it was removed or moved",
                    entry.id, entry.at, entry.action, entry.actor
                ));
                // Carry on from the stored seal, so one change is reported once.
                previous = sealed;
                continue;
            }
            Some(_) => {}
        }
        previous = expected;
    }
    let mut orphans = conn.prepare(
        "SELECT audit_id FROM audit_seal WHERE audit_id > ?1 AND audit_id NOT IN (SELECT id FROM audit_log) ORDER BY audit_id",
    )?;
    let missing = orphans.query_map([start], |row| row.get::<_, i64>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    for id in missing {
        report.problem(format!("entry {id} was deleted (its seal is still there)"));
    }
    Ok(report)
}

/// Writes one entry the app records itself (not a change to a table).
pub(super) fn record(
    conn: &Connection,
    action: &str,
    table: &str,
    row_id: Option<i64>,
    details: &serde_json::Value,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO audit_log (at, actor, action, table_name, row_id, old_values, new_values)
         VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), (SELECT name FROM audit_actor WHERE id = 1), ?1, ?2, ?3, NULL, ?4)",
    )?
    .execute(params![action, table, row_id, details.to_string()])?;
    Ok(())
}

impl Db {
    /// The changes to one row, oldest first.
    pub fn audit_for(&self, table: &str, row_id: i64) -> Result<Vec<AuditEntry>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {ENTRY_COLUMNS} FROM audit_log l WHERE l.table_name = ?1 AND l.row_id = ?2 ORDER BY l.id"
        ))?;
        let entries =
            statement.query_map(params![table, row_id], entry_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(entries)
    }

    /// Entries matching `filter`, newest first.
    pub fn audit_entries(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
        let mut conditions = vec!["1".to_string()];
        let mut values: Vec<rusqlite::types::Value> = Vec::new();
        if let Some(from) = filter.from {
            conditions.push("l.at >= ?".into());
            values.push(format!("{from}").into());
        }
        if let Some(to) = filter.to {
            // `at` is an ISO instant: everything on `to` sorts before the next day.
            conditions.push("l.at < ?".into());
            values.push(format!("{}", to + chrono::Duration::days(1)).into());
        }
        if let Some(prisoner) = filter.prisoner_id {
            conditions.push(
                "((l.table_name = 'prisoner' AND l.row_id = ?1_)
                  OR json_extract(coalesce(l.new_values, l.old_values), '$.prisoner_id') = ?1_)"
                    .replace("?1_", &format!("?{}", values.len() + 1)),
            );
            values.push(prisoner.into());
        }
        let limit = filter.limit.map_or(String::new(), |limit| format!(" LIMIT {limit}"));
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM audit_log l WHERE {} ORDER BY l.id DESC{limit}",
            conditions.join(" AND ")
        );
        let mut statement = self.conn.prepare(&sql)?;
        let entries = statement
            .query_map(rusqlite::params_from_iter(values), entry_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(entries)
    }

    /// Checks every seal of the audit trail against the entries as they are now.
    pub fn verify_audit(&self) -> Result<ChainReport> {
        verify(&self.conn)
    }

    /// Records that someone opened a prisoner's record: a consultation of personal data.
    pub fn record_consultation(&mut self, prisoner_id: i64) -> Result<()> {
        self.write(|tx| {
            record(
                tx,
                "view",
                "prisoner",
                Some(prisoner_id),
                &serde_json::json!({ "what": "record opened", "prisoner_id": prisoner_id }),
            )
        })
    }

    /// Records that records left the app (printed, exported, backed up to a chosen
    /// place) to `destination`: a disclosure of personal data, attributable to the
    /// user. One entry per record shown, all in one transaction.
    pub fn record_disclosure(&mut self, disclosure: &Disclosure, destination: &std::path::Path) -> Result<()> {
        let what = format!("{} to {}", disclosure.what, destination.display());
        self.write(|tx| match &disclosure.subject {
            Subject::Records { table, rows } => rows.iter().try_for_each(|row| {
                let details = serde_json::json!({ "what": what, "prisoner_id": row.prisoner_id });
                record(tx, "disclose", table, Some(row.id), &details)
            }),
            Subject::Register(table) => record(tx, "disclose", table, None, &serde_json::json!({ "what": what })),
        })
    }

    pub fn audit_count(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT count(*) FROM audit_log", [], |row| row.get(0))?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: i64, old: Option<&str>) -> AuditEntry {
        AuditEntry {
            id,
            at: "2026-11-23T10:00:00.000Z".into(),
            actor: "Ann".into(),
            action: "update".into(),
            table_name: "prisoner".into(),
            row_id: Some(7),
            old_values: old.map(str::to_string),
            new_values: None,
        }
    }

    #[test]
    fn a_seal_covers_every_field_and_the_one_before() {
        let base = entry_seal(GENESIS, &entry(1, Some("{}")));
        assert_eq!(base, entry_seal(GENESIS, &entry(1, Some("{}"))));
        assert_ne!(base, entry_seal(GENESIS, &entry(2, Some("{}"))));
        assert_ne!(base, entry_seal(GENESIS, &entry(1, None)), "NULL differs from any text");
        assert_ne!(base, entry_seal(GENESIS, &entry(1, Some("{ }"))));
        assert_ne!(base, entry_seal(&base, &entry(1, Some("{}"))));
        let mut moved = entry(1, Some("{}"));
        moved.actor = "Annupdate".into();
        moved.action = String::new();
        assert_ne!(base, entry_seal(GENESIS, &moved), "fields cannot run into each other");
    }
}
