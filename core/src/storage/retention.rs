//! Erasing what is past retention: prisoners archived longer ago than the retention
//! period, with everything recorded about them, and audit entries older than it. Only
//! ever by an administrator's explicit action, which is itself logged.

use std::collections::HashMap;

use chrono::{Months, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params};

use super::{Db, Error, Result};

/// What is (or was) past retention on a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PastRetention {
    /// Records archived, and audit entries written, before this date.
    pub cutoff: NaiveDate,
    /// (prison number, name) of each prisoner to erase.
    pub prisoners: Vec<(String, String)>,
    pub audit_entries: u64,
}

impl PastRetention {
    pub fn is_empty(&self) -> bool {
        self.prisoners.is_empty() && self.audit_entries == 0
    }
}

fn cutoff(years: u32, today: NaiveDate) -> Result<NaiveDate> {
    today
        .checked_sub_months(Months::new(years.saturating_mul(12)))
        .ok_or_else(|| Error::Invalid(format!("a retention of {years} years reaches before any date")))
}

impl Db {
    /// What erasing with a retention of `years` would remove today, for the
    /// administrator to see before confirming.
    pub fn past_retention(&self, years: u32, today: NaiveDate) -> Result<PastRetention> {
        past_retention(&self.conn, cutoff(years, today)?)
    }

    /// Erases what is past retention, in one transaction, and logs the erasure. The
    /// deletions' own audit rows say "erased" rather than copying the personal data
    /// back into the log; the audit chain restarts from an anchor kept for `verify`.
    pub fn erase_past_retention(&mut self, years: u32, today: NaiveDate) -> Result<PastRetention> {
        let cutoff = cutoff(years, today)?;
        self.write(|tx| {
            let found = past_retention(tx, cutoff)?;
            tx.execute("UPDATE audit_actor SET erasing = 1 WHERE id = 1", [])?;
            tx.execute("CREATE TEMP TABLE erase_prisoner (id INTEGER PRIMARY KEY)", [])?;
            tx.execute(
                "INSERT INTO erase_prisoner (id) SELECT id FROM prisoner
                 WHERE archived_at IS NOT NULL AND archived_at < ?1",
                [cutoff.to_string()],
            )?;
            let links = foreign_keys(tx)?;
            erase_rows(tx, &links, "prisoner", "id IN (SELECT id FROM temp.erase_prisoner)", 0)?;
            tx.execute("DROP TABLE temp.erase_prisoner", [])?;
            tx.execute("UPDATE audit_actor SET erasing = 0 WHERE id = 1", [])?;
            // The anchor is the newest sealed entry past retention: its seal is one the
            // app wrote, so the chain after it still checks.
            let last_erased: Option<i64> = tx.query_row(
                "SELECT max(l.id) FROM audit_log l JOIN audit_seal s ON s.audit_id = l.id WHERE l.at < ?1",
                [cutoff.to_string()],
                |row| row.get(0),
            )?;
            let mut audit_erased = 0;
            if let Some(last) = last_erased {
                let hash: String = tx
                    .query_row("SELECT hash FROM audit_seal WHERE audit_id = ?1", [last], |row| row.get(0))
                    .optional()?
                    .ok_or_else(|| Error::Damaged(format!("audit entry {last} has no seal")))?;
                tx.execute(
                    "INSERT INTO audit_anchor (last_erased, hash, erased_at)
                     VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                    params![last, hash],
                )?;
                // The append-only rule is lifted for this one statement, inside this
                // transaction: entries from the start of the log up to the anchor.
                tx.execute_batch("DROP TRIGGER audit_log_is_append_only_delete")?;
                audit_erased = tx.execute("DELETE FROM audit_log WHERE id <= ?1", [last])?;
                super::guards::create(tx, "audit_log_is_append_only_delete")?;
            }
            super::audit::record(
                tx,
                "erase",
                "prisoner",
                None,
                &serde_json::json!({
                    "what": "records past retention erased",
                    "archived_before": cutoff.to_string(),
                    "prison_numbers": found.prisoners.iter().map(|(number, _)| number).collect::<Vec<_>>(),
                    "audit_entries_erased": audit_erased,
                }),
            )?;
            Ok(PastRetention { audit_entries: audit_erased as u64, ..found })
        })
        .and_then(|erased| {
            self.publish_head(super::heads::Event::Erasure, chrono::Utc::now())?;
            Ok(erased)
        })
    }
}

fn past_retention(conn: &Connection, cutoff: NaiveDate) -> Result<PastRetention> {
    let mut statement = conn.prepare(
        "SELECT prison_number, surname || ', ' || forenames FROM prisoner
         WHERE archived_at IS NOT NULL AND archived_at < ?1 ORDER BY surname, forenames",
    )?;
    let prisoners = statement
        .query_map([cutoff.to_string()], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let audit_entries: i64 =
        conn.query_row("SELECT count(*) FROM audit_log WHERE at < ?1", [cutoff.to_string()], |row| row.get(0))?;
    Ok(PastRetention { cutoff, prisoners, audit_entries: audit_entries as u64 })
}

/// (child table, child column, parent column) for each table other tables point at.
type Links = HashMap<String, Vec<(String, String, String)>>;

fn foreign_keys(conn: &Connection) -> Result<Links> {
    let mut links = Links::new();
    for table in super::migrations::audited_tables(conn)? {
        let mut statement = conn.prepare("SELECT \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?1)")?;
        let rows = statement
            .query_map([&table], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get::<_, Option<String>>(2)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (parent, from, to) in rows {
            if parent != table {
                links.entry(parent).or_default().push((table.clone(), from, to.unwrap_or_else(|| "rowid".into())));
            }
        }
    }
    Ok(links)
}

/// Deletes the rows of `table` matching `condition`, and first every row that points
/// at them, however deep: whatever tables later versions add, nothing is left behind
/// pointing at an erased prisoner.
fn erase_rows(conn: &Connection, links: &Links, table: &str, condition: &str, depth: usize) -> Result<()> {
    if depth > 8 {
        return Err(Error::Invalid(format!("the records under {table} link too deeply to erase safely")));
    }
    for (child, column, parent_column) in links.get(table).into_iter().flatten() {
        let child_condition =
            format!("\"{column}\" IN (SELECT \"{parent_column}\" FROM \"{table}\" WHERE {condition})");
        erase_rows(conn, links, child, &child_condition, depth + 1)?;
    }
    conn.execute(&format!("DELETE FROM \"{table}\" WHERE {condition}"), [])?;
    Ok(())
}
