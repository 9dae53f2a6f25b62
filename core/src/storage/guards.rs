//! The database's own guards: the triggers that keep the audit trail append-only,
//! copy every change into it, and keep closed plans, published templates and key
//! movements as history. Someone with the key can drop or rewrite them; start-up and
//! `check` compare them with what the migrations create, and the app saves nothing
//! while they differ, until an administrator puts them back (a logged action).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use rusqlite::Connection;

use super::Result;

/// The triggers a case file at the latest schema has, by name, with their SQL, as a
/// new file built by the migrations has them.
fn expected() -> &'static BTreeMap<String, String> {
    static EXPECTED: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    EXPECTED.get_or_init(|| {
        let mut conn = Connection::open_in_memory().expect("an in-memory database");
        super::migrations::migrate(&mut conn, Path::new(":memory:")).expect("the migrations build a new file");
        triggers(&conn).expect("the new file's triggers")
    })
}

fn triggers(conn: &Connection) -> Result<BTreeMap<String, String>> {
    let mut statement = conn.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")?;
    let found = statement
        .query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, Option<String>>(1)?.unwrap_or_default())))?
        .collect::<rusqlite::Result<BTreeMap<_, _>>>()?;
    Ok(found)
}

/// SQL compared without regard to spacing or line breaks.
fn same_sql(one: &str, other: &str) -> bool {
    one.split_whitespace().eq(other.split_whitespace())
}

/// What a guard does, in words, from its name.
fn purpose(name: &str) -> String {
    if name.contains("append_only") {
        "keeps the audit trail append-only".into()
    } else if let Some(rest) = name.strip_prefix("audit_") {
        match rest.rsplit_once('_') {
            Some((table, action)) => format!("records each {action} in {table} in the audit trail"),
            None => "records changes in the audit trail".into(),
        }
    } else if name.contains("search") {
        "keeps the prisoner search up to date".into()
    } else {
        "keeps past records as history".into()
    }
}

/// Each guard that is missing, changed or added, in words; empty when all are as the
/// migrations made them.
pub(super) fn check(conn: &Connection) -> Result<Vec<String>> {
    let found = triggers(conn)?;
    let mut problems = Vec::new();
    for (name, sql) in expected() {
        match found.get(name) {
            None => problems.push(format!("the guard {name} ({}) is missing", purpose(name))),
            Some(actual) if !same_sql(actual, sql) => {
                problems.push(format!("the guard {name} ({}) has been changed", purpose(name)));
            }
            Some(_) => {}
        }
    }
    for name in found.keys().filter(|name| !expected().contains_key(*name)) {
        problems.push(format!("a trigger {name} that OMU Desk did not create has been added"));
    }
    Ok(problems)
}

/// Puts every guard back as the migrations made it and removes any added trigger.
/// Returns what was put right.
pub(super) fn put_back(conn: &Connection) -> Result<Vec<String>> {
    let problems = check(conn)?;
    let found = triggers(conn)?;
    for name in found.keys().filter(|name| !expected().get(*name).is_some_and(|sql| same_sql(sql, &found[*name]))) {
        conn.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
    }
    let now = triggers(conn)?;
    for (name, sql) in expected() {
        if !now.contains_key(name) {
            conn.execute_batch(sql)?;
        }
    }
    Ok(problems)
}

/// Creates one guard as the migrations make it: for the erasure past retention, which
/// lifts the append-only rule for one statement and puts it straight back.
pub(super) fn create(conn: &Connection, name: &str) -> Result<()> {
    let sql = expected().get(name).ok_or_else(|| super::Error::Invalid(format!("no guard named {name}")))?;
    conn.execute_batch(sql)?;
    Ok(())
}
