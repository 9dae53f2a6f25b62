//! The audit trail: reading it, sealing it, checking its seals, and the entries the
//! app writes itself (consultation, disclosure, erasure). Changes to case data are
//! written by the database's triggers, so no code path can skip them.
//!
//! Over 600 lines because sealing and checking the seals must agree byte for byte;
//! keeping them together keeps them in step.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

use super::{Db, Result, heads};
use crate::domain::audit::{Head, PrintedHead, is_back_dated};
use crate::domain::dates::format_local;
use crate::domain::disclosure::{Disclosure, Subject};
use crate::domain::text::{plural, plural_with};

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
    /// The id of the newest entry, sealed or not.
    pub last_entry: i64,
    /// Entries before this id were erased past retention, by a logged action.
    pub erased_before: Option<i64>,
    /// Each problem in words, at most [`ChainReport::SHOWN`]; `problem_count` has them all.
    pub problems: Vec<String>,
    pub problem_count: u64,
    /// Entries without a seal that no administrator has looked at yet.
    pub outside: Vec<OutsideEntry>,
    /// Entries without a seal an administrator has looked at and noted.
    pub acknowledged: u64,
    /// Heads published outside the file that the trail extends.
    pub heads_checked: u64,
    /// Heads older than an erasure past retention, which cannot be checked any more.
    pub heads_before_erasure: u64,
    /// Heads the trail does not extend, and the restore on record that says why.
    pub explained: Vec<String>,
    /// Places heads are kept that could not be read: missing, damaged or another
    /// case file's. They never stop the app; they are named.
    pub warnings: Vec<String>,
}

impl ChainReport {
    pub const SHOWN: usize = 20;

    pub fn is_intact(&self) -> bool {
        self.problem_count == 0
    }

    /// The verdict in a sentence, as the command line and the Audit trail screen say it.
    pub fn summary(&self) -> String {
        let entries = plural_with(self.entries as usize, "entry", "entries");
        let heads = match self.heads_checked {
            0 => String::new(),
            count => format!(" It extends {} published outside the file.", plural(count as usize, "head")),
        };
        if self.is_intact() {
            format!("Audit trail intact: all {entries} match their seals.{heads}")
        } else {
            format!(
                "The audit trail has been altered outside OMU Desk: {} in {entries}.{heads}",
                plural(self.problem_count as usize, "problem")
            )
        }
    }

    /// Everything found besides the verdict, one line each: problems, then heads
    /// explained by a restore, entries already looked at, and places that could not
    /// be read.
    pub fn details(&self) -> Vec<String> {
        let mut lines = self.problems.clone();
        if self.problem_count > self.problems.len() as u64 {
            lines.push(format!("… and {} more", plural(self.problem_count as usize - self.problems.len(), "problem")));
        }
        lines.extend(self.explained.iter().map(|line| format!("Explained: {line}")));
        if self.acknowledged > 0 {
            lines.push(format!(
                "{} written outside OMU Desk {} been looked at by an administrator (see the 'acknowledge' entries).",
                plural_with(self.acknowledged as usize, "entry", "entries"),
                if self.acknowledged == 1 { "has" } else { "have" }
            ));
        }
        if self.heads_before_erasure > 0 {
            lines.push(format!(
                "{} older than the last erasure past retention could not be checked.",
                plural(self.heads_before_erasure as usize, "head")
            ));
        }
        lines.extend(self.warnings.iter().map(|line| format!("Note: {line}")));
        lines
    }

    fn problem(&mut self, text: String) {
        self.problem_count += 1;
        if self.problems.len() < Self::SHOWN {
            self.problems.push(text);
        }
    }
}

/// An entry that appeared without a seal: written by something other than OMU Desk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutsideEntry {
    pub id: i64,
    pub at: String,
    /// Who the entry says wrote it: a claim, since OMU Desk did not write it.
    pub claimed_actor: String,
    pub action: String,
    pub table_name: String,
}

impl From<&AuditEntry> for OutsideEntry {
    fn from(entry: &AuditEntry) -> Self {
        Self {
            id: entry.id,
            at: entry.at.clone(),
            claimed_actor: entry.actor.clone(),
            action: entry.action.clone(),
            table_name: entry.table_name.clone(),
        }
    }
}

/// A head published outside the case file, and where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownHead {
    /// Where it came from, in words: "the head log beside the key file (sign-out, 01/12/2026 14:02)".
    pub source: String,
    pub published_at: Option<DateTime<Utc>>,
    pub entry: i64,
    pub proof: Proof,
}

/// What a published head holds of the seal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Proof {
    /// The whole seal, from a head log or a backup manifest.
    Seal(String),
    /// The printed code, typed in from paper.
    Printed(PrintedHead),
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

/// The newest entry, written by anyone: what a transaction notes before it starts, so
/// it seals only what it wrote itself.
pub(super) fn newest_entry(conn: &Connection) -> Result<i64> {
    Ok(conn.prepare_cached("SELECT coalesce(max(id), 0) FROM audit_log")?.query_row([], |row| row.get(0))?)
}

/// The newest sealed entry and its seal, or where the chain starts.
fn last_seal(conn: &Connection) -> Result<(i64, String)> {
    let last: Option<(i64, String)> = conn
        .prepare_cached("SELECT audit_id, hash FROM audit_seal ORDER BY audit_id DESC LIMIT 1")?
        .query_row([], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    match last {
        Some(last) => Ok(last),
        None => chain_start(conn),
    }
}

/// The audit trail's head: its newest sealed entry and that entry's seal.
pub(super) fn head(conn: &Connection) -> Result<Option<Head>> {
    let (entry, seal) = last_seal(conn)?;
    Ok((entry > 0).then_some(Head { entry, seal }))
}

/// Seals the entries written after entry `written_after`, chained on from the last
/// seal. Runs inside each write's transaction with the newest entry as it was when
/// the transaction began, so an entry and its seal commit together, and an entry
/// someone put in the file by other means is never sealed: it stays reported as
/// written outside OMU Desk.
pub(super) fn seal(conn: &Connection, written_after: i64) -> Result<()> {
    let (last_sealed, mut previous) = last_seal(conn)?;
    let mut pending =
        conn.prepare_cached(&format!("SELECT {ENTRY_COLUMNS} FROM audit_log l WHERE l.id > ?1 ORDER BY l.id"))?;
    let mut insert = conn.prepare_cached("INSERT INTO audit_seal (audit_id, hash) VALUES (?1, ?2)")?;
    let mut rows = pending.query([written_after.max(last_sealed)])?;
    while let Some(row) = rows.next()? {
        let entry = entry_from_row(row)?;
        previous = entry_seal(&previous, &entry);
        insert.execute(params![entry.id, previous])?;
    }
    Ok(())
}

/// The entries an administrator has looked at and noted as written outside OMU Desk.
fn acknowledged(conn: &Connection) -> Result<std::collections::HashSet<i64>> {
    let mut statement = conn.prepare(
        "SELECT l.new_values FROM audit_log l JOIN audit_seal s ON s.audit_id = l.id WHERE l.action = 'acknowledge'",
    )?;
    let mut ids = std::collections::HashSet::new();
    for values in statement.query_map([], |row| row.get::<_, Option<String>>(0))? {
        let values: serde_json::Value = values?.and_then(|text| serde_json::from_str(&text).ok()).unwrap_or_default();
        ids.extend(values["entries"].as_array().into_iter().flatten().filter_map(serde_json::Value::as_i64));
    }
    Ok(ids)
}

/// A restore as the restored trail records it, to explain heads of the file it replaced.
struct RecordedRestore {
    at: DateTime<Utc>,
    backup_entry: i64,
    replaced_entry: Option<i64>,
    kept: String,
}

/// Recomputes every seal from the entries as they are now, checks that time runs
/// forward, and checks the trail against every head published outside the file.
pub(super) fn verify(conn: &Connection, heads: &[KnownHead]) -> Result<ChainReport> {
    let (start, mut previous) = chain_start(conn)?;
    let mut report = ChainReport { erased_before: (start > 0).then_some(start + 1), ..ChainReport::default() };
    let noted = acknowledged(conn)?;
    let wanted: std::collections::HashSet<i64> = heads.iter().map(|head| head.entry).collect();
    let mut recomputed = std::collections::HashMap::new();
    let mut restores = Vec::new();
    let mut latest: Option<(i64, DateTime<Utc>)> = None;
    let mut statement = conn.prepare(&format!(
        "SELECT {ENTRY_COLUMNS}, s.hash FROM audit_log l LEFT JOIN audit_seal s ON s.audit_id = l.id
         WHERE l.id > ?1 ORDER BY l.id"
    ))?;
    let mut rows = statement.query([start])?;
    while let Some(row) = rows.next()? {
        let entry = entry_from_row(row)?;
        let sealed: Option<String> = row.get(8)?;
        report.entries += 1;
        report.last_entry = entry.id;
        let Some(sealed) = sealed else {
            if noted.contains(&entry.id) {
                report.acknowledged += 1;
            } else {
                report.outside.push(OutsideEntry::from(&entry));
                report.problem(format!(
                    "entry {} ({}, {} by {}, as it claims) has no seal: it was written outside OMU Desk",
                    entry.id, entry.at, entry.action, entry.actor
                ));
            }
            continue;
        };
        let expected = entry_seal(&previous, &entry);
        if wanted.contains(&entry.id) {
            recomputed.insert(entry.id, expected.clone());
        }
        if let Ok(at) = DateTime::parse_from_rfc3339(&entry.at).map(|at| at.with_timezone(&Utc)) {
            match latest {
                Some((before, latest_at)) if is_back_dated(at, latest_at) => report.problem(format!(
                    "entry {} ({} by {}) is dated {}, before entry {before} ({}): it was back-dated, or the computer's clock was put back",
                    entry.id,
                    entry.action,
                    entry.actor,
                    format_local(at),
                    format_local(latest_at)
                )),
                Some((_, latest_at)) if latest_at >= at => {}
                _ => latest = Some((entry.id, at)),
            }
            if entry.action == "restore" {
                let values: serde_json::Value =
                    entry.new_values.as_deref().and_then(|text| serde_json::from_str(text).ok()).unwrap_or_default();
                restores.push(RecordedRestore {
                    at,
                    backup_entry: values["backup_head"]["entry"].as_i64().unwrap_or(0),
                    replaced_entry: values["replaced_head"]["entry"].as_i64(),
                    kept: values["replaced_kept_at"].as_str().unwrap_or("").to_string(),
                });
            }
        }
        if sealed != expected {
            report.problem(format!(
                "entry {} ({}, {} by {}) does not match its seal: it was changed, or an entry before it was removed or moved",
                entry.id, entry.at, entry.action, entry.actor
            ));
            // Carry on from the stored seal, so one change is reported once.
            previous = sealed;
            continue;
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
    for known in heads {
        check_head(&mut report, known, start, &recomputed, &restores);
    }
    Ok(report)
}

/// Checks the trail of the case file at `path` (open on `conn`): its seals, and every
/// head in the head logs and backup manifests where this file keeps them, and `typed`.
pub(super) fn verify_file(conn: &Connection, path: &std::path::Path, typed: &[PrintedHead]) -> Result<ChainReport> {
    let case_file: String = conn.query_row("SELECT uid FROM case_file_identity WHERE id = 1", [], |row| row.get(0))?;
    let mut folders = vec![super::backup::default_folder(path)];
    let chosen = super::settings::backup_folder(conn, path)?;
    if !folders.contains(&chosen) {
        folders.push(chosen);
    }
    let mut logs = vec![heads::log_path(path)];
    logs.extend(folders.iter().map(|folder| heads::folder_log_path(folder)));
    let (mut known, warnings) = heads::known_heads(&case_file, &logs, &folders);
    known.extend(typed.iter().map(|printed| KnownHead {
        source: format!("paper ({printed})"),
        published_at: None,
        entry: printed.entry,
        proof: Proof::Printed(printed.clone()),
    }));
    let mut report = verify(conn, &known)?;
    report.warnings = warnings;
    Ok(report)
}

/// Checks the trail extends one head published outside it.
fn check_head(
    report: &mut ChainReport,
    known: &KnownHead,
    start: i64,
    recomputed: &std::collections::HashMap<i64, String>,
    restores: &[RecordedRestore],
) {
    if known.entry <= start {
        report.heads_before_erasure += 1;
        return;
    }
    let holds = recomputed.get(&known.entry).map(|seal| {
        let here = Head { entry: known.entry, seal: seal.clone() };
        match &known.proof {
            Proof::Seal(published) => *published == here.seal,
            Proof::Printed(printed) => here.matches(printed),
        }
    });
    if holds == Some(true) {
        report.heads_checked += 1;
        return;
    }
    // A restore in this trail, after the head was published, from a backup older than
    // it: the head belongs to the file that restore replaced.
    let explained = restores.iter().find(|restore| {
        known.entry > restore.backup_entry
            && known.published_at.is_none_or(|published| published <= restore.at)
            && restore.replaced_entry.is_none_or(|replaced| known.entry <= replaced)
    });
    if let Some(restore) = explained {
        report.explained.push(format!(
            "the head from {} (entry {}) is from the file replaced by the restore on {}: entries {} to {} are in that file, kept at {}",
            known.source,
            known.entry,
            format_local(restore.at),
            restore.backup_entry + 1,
            known.entry,
            restore.kept
        ));
        return;
    }
    if holds.is_none() && known.entry > report.last_entry {
        report.problem(format!(
            "the trail ends at entry {}, but the head from {} shows entry {} existed: entries {} to {} were removed, or the file was replaced by an older copy without a restore",
            report.last_entry,
            known.source,
            known.entry,
            report.last_entry + 1,
            known.entry
        ));
    } else {
        report.problem(format!(
            "the trail does not extend the head from {} (entry {}): entries up to {} were changed, removed or put in since that head was published",
            known.source, known.entry, known.entry
        ));
    }
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
    /// Names for the ids an audit entry holds, to read it in people's words: every
    /// prisoner still in the file (archived too), staff member and user.
    pub fn audit_names(&self) -> Result<crate::domain::audit_words::Names> {
        let pairs = |sql: &str| -> Result<std::collections::HashMap<i64, String>> {
            let mut statement = self.conn.prepare(sql)?;
            let rows = statement.query_map([], |row| Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        Ok(crate::domain::audit_words::Names {
            prisoners: pairs("SELECT id, surname || ', ' || forenames || ' (' || prison_number || ')' FROM prisoner")?,
            staff: pairs("SELECT id, name FROM staff")?,
            users: pairs("SELECT id, name FROM app_user")?,
            bunches: pairs("SELECT id, 'hook ' || hook || ', ' || description FROM key_bunch")?,
            holders: pairs("SELECT id, 'tally ' || tally || ', ' || name FROM tally_holder")?,
        })
    }

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

    /// Checks every seal of the audit trail against the entries as they are now, and
    /// the trail against every head published in the head logs and backup manifests.
    pub fn verify_audit(&self) -> Result<ChainReport> {
        self.verify_audit_with(&[])
    }

    /// As [`Db::verify_audit`], and against heads typed in from paper.
    pub fn verify_audit_with(&self, typed: &[PrintedHead]) -> Result<ChainReport> {
        verify_file(&self.conn, &self.path, typed)
    }

    /// The audit trail's head now: what printouts, backups and the head log carry.
    pub fn head(&self) -> Result<Option<Head>> {
        head(&self.conn)
    }

    /// Which case file this is, as head logs and manifests name it.
    pub fn case_file_id(&self) -> Result<String> {
        Ok(self.conn.query_row("SELECT uid FROM case_file_identity WHERE id = 1", [], |row| row.get(0))?)
    }

    /// Appends the head to the head log beside the key file: at sign-in and sign-out,
    /// and after a backup, restore, recovery, erasure or re-key.
    pub fn publish_head(&self, event: heads::Event, at: DateTime<Utc>) -> Result<()> {
        let line = heads::HeadLine::new(at, event, &self.case_file_id()?, self.head()?.as_ref(), &self.actor()?);
        heads::append(&heads::log_path(&self.path), &line)
    }

    /// Notes that an administrator has looked at entries written outside OMU Desk:
    /// they stay in the trail, and verify stops reporting them as new.
    pub fn acknowledge_outside(&mut self, entries: &[OutsideEntry]) -> Result<()> {
        if entries.is_empty() {
            return Ok(());
        }
        let ids: Vec<i64> = entries.iter().map(|entry| entry.id).collect();
        let described: Vec<String> = entries
            .iter()
            .map(|entry| {
                format!("{} ({}, {} by {}, as it claims)", entry.id, entry.at, entry.action, entry.claimed_actor)
            })
            .collect();
        self.write(|tx| {
            record(
                tx,
                "acknowledge",
                "audit_log",
                None,
                &serde_json::json!({
                    "what": format!("looked at entries written outside OMU Desk: {}", described.join("; ")),
                    "entries": ids,
                }),
            )
        })
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
