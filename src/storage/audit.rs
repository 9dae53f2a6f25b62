//! Reading the audit trail (writing it is the database's job: see the triggers).

use super::{Db, Result};

/// One change as the audit trail recorded it.
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

impl Db {
    /// The changes to one row, oldest first.
    pub fn audit_for(&self, table: &str, row_id: i64) -> Result<Vec<AuditEntry>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, at, actor, action, table_name, row_id, old_values, new_values
             FROM audit_log WHERE table_name = ?1 AND row_id = ?2 ORDER BY id",
        )?;
        let entries = statement
            .query_map(rusqlite::params![table, row_id], |row| {
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
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(entries)
    }

    /// Records that a record left the app (printed or exported): a disclosure of
    /// personal data, attributable to the user.
    pub fn record_disclosure(&mut self, table: &str, row_id: i64, what: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO audit_log (at, actor, action, table_name, row_id, old_values, new_values)
                 VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), (SELECT name FROM audit_actor WHERE id = 1),
                         'disclose', ?1, ?2, NULL, json_object('what', ?3))",
                rusqlite::params![table, row_id, what],
            )?;
            Ok(())
        })
    }

    pub fn audit_count(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT count(*) FROM audit_log", [], |row| row.get(0))?)
    }
}
