//! Creating a new case file from `schema.sql` and bringing an older one up to date,
//! one numbered migration at a time, all in one transaction.

use std::path::Path;

use rusqlite::{Connection, Transaction};

use super::{APPLICATION_ID, Error, Result};

/// Version 1 is `schema.sql`; each later entry moves the file up by one.
const MIGRATIONS: &[(i64, &str)] = &[
    (2, include_str!("migrations/002_induction.sql")),
    (3, include_str!("migrations/003_sentence_planning.sql")),
    (4, include_str!("migrations/004_keys.sql")),
    (5, include_str!("migrations/005_access_and_accountability.sql")),
    (6, include_str!("migrations/006_standing_movements.sql")),
    (7, include_str!("migrations/007_accountability_heads.sql")),
    (8, include_str!("migrations/008_items_the_record_answers.sql")),
    (9, include_str!("migrations/009_key_rights.sql")),
    (10, include_str!("migrations/010_deadlines.sql")),
    (11, include_str!("migrations/011_categorisation.sql")),
    (12, include_str!("migrations/012_unit_figures.sql")),
    (13, include_str!("migrations/013_returns_carry_their_due_time.sql")),
];

pub const LATEST_VERSION: i64 = 1 + MIGRATIONS.len() as i64;

/// Tables that are not case data: the audit trail itself, its seals and its actor.
const NOT_AUDITED: &[&str] = &["audit_log", "audit_actor", "audit_seal", "audit_anchor"];

pub(super) fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    upgrade(conn, path, LATEST_VERSION)
}

/// The schema version from which a head log is kept beside the key file.
pub(super) const HEADS_FROM: i64 = 7;

/// The schema version the first seals were written at: entries written before a
/// file reached it had none, and are sealed by the upgrade that brings it there.
const SEALS_FROM: i64 = 5;

/// Brings a case file (empty, or written by an earlier OMU Desk) up to schema
/// version `target`, one numbered migration at a time, all in one transaction. The
/// app always asks for [`LATEST_VERSION`]; the upgrade tests build files at each
/// earlier version with it, as those versions of OMU Desk left them.
pub fn upgrade(conn: &mut Connection, path: &Path, target: i64) -> Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if version > LATEST_VERSION {
        return Err(Error::NewerSchema { found: version, supported: LATEST_VERSION });
    }
    let application_id: i64 = conn.pragma_query_value(None, "application_id", |row| row.get(0))?;
    let has_tables: bool =
        conn.query_row("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table')", [], |row| row.get(0))?;
    if (version == 0 && has_tables) || (version > 0 && application_id != APPLICATION_ID) {
        return Err(Error::NotOmuDesk { path: path.to_path_buf() });
    }
    let target = target.clamp(1, LATEST_VERSION);
    if version >= target {
        return Ok(());
    }

    let tx = conn.transaction()?;
    if version == 0 {
        tx.execute_batch(include_str!("../../../schema.sql"))?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    }
    let entries_before: i64 = if version >= SEALS_FROM {
        tx.query_row("SELECT coalesce(max(id), 0) FROM audit_log", [], |row| row.get(0))?
    } else {
        0
    };
    for (step, script) in MIGRATIONS.iter().filter(|(step, _)| *step > version.max(1) && *step <= target) {
        tx.execute_batch(script)?;
        tx.pragma_update(None, "user_version", step)?;
    }
    install_audit_triggers(&tx)?;
    if version < SEALS_FROM && target >= SEALS_FROM {
        // Entries from before seals existed: sealed now, by the upgrade, so the
        // chain starts whole. Nothing after this is sealed that the app did not write.
        super::audit::seal(&tx, 0)?;
    } else if version >= SEALS_FROM {
        // What this upgrade itself changed (a new procedure version) is the app's own
        // writing, in this transaction: sealed like any other.
        super::audit::seal(&tx, entries_before)?;
    }
    tx.pragma_update(None, "user_version", target)?;
    tx.commit()?;
    Ok(())
}

/// Every ordinary table except the audit trail's own gets triggers that copy each
/// insert, update and delete into `audit_log`, so no code path can skip the record.
/// Regenerated after every migration, so a new column is audited from the start.
fn install_audit_triggers(tx: &Transaction) -> Result<()> {
    for table in audited_tables(tx)? {
        let columns = table_columns(tx, &table)?;
        let values = |prefix: &str| {
            let pairs: Vec<String> =
                columns.iter().map(|column| format!("'{column}', {prefix}.\"{column}\"")).collect();
            format!("json_object({})", pairs.join(", "))
        };
        let (old, new) = (values("OLD"), values("NEW"));
        let deleted = format!(
            "CASE WHEN (SELECT erasing FROM audit_actor WHERE id = 1) THEN json_object('erased', 'past retention') ELSE {old} END"
        );
        for (action, event, row, old_values, new_values) in [
            ("insert", "INSERT", "NEW.rowid", "NULL", new.as_str()),
            ("update", "UPDATE", "NEW.rowid", old.as_str(), new.as_str()),
            ("delete", "DELETE", "OLD.rowid", deleted.as_str(), "NULL"),
        ] {
            tx.execute_batch(&format!(
                "DROP TRIGGER IF EXISTS \"audit_{table}_{action}\";
                 CREATE TRIGGER \"audit_{table}_{action}\" AFTER {event} ON \"{table}\"
                 BEGIN
                     INSERT INTO audit_log (at, actor, action, table_name, row_id, old_values, new_values)
                     VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
                             (SELECT name FROM audit_actor WHERE id = 1),
                             '{action}', '{table}', {row}, {old_values}, {new_values});
                 END;"
            ))?;
        }
    }
    Ok(())
}

/// Ordinary tables holding case data: not SQLite's own, not full-text index tables
/// (a virtual table and its shadow tables), not the audit trail.
pub(super) fn audited_tables(conn: &Connection) -> Result<Vec<String>> {
    let mut statement = conn.prepare(
        "SELECT name FROM sqlite_master AS t
         WHERE type = 'table'
           AND name NOT LIKE 'sqlite_%'
           AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'
           AND NOT EXISTS (
               SELECT 1 FROM sqlite_master AS v
               WHERE v.type = 'table' AND v.sql LIKE 'CREATE VIRTUAL TABLE%'
                 AND t.name LIKE v.name || '\\_%' ESCAPE '\\')
         ORDER BY name",
    )?;
    let names = statement.query_map([], |row| row.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(names.into_iter().filter(|name| !NOT_AUDITED.contains(&name.as_str())).collect())
}

/// Columns copied into the audit trail; the derived search index text is left out.
fn table_columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut statement = conn.prepare(&format!("PRAGMA table_info(\"{table}\")"))?;
    let columns = statement.query_map([], |row| row.get::<_, String>(1))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(columns.into_iter().filter(|column| column != "search_terms").collect())
}
