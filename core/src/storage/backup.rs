//! Backups, checks of a case file, and restore. A backup is made with SQLite's online
//! backup API into a temporary file, checked with `integrity_check`, synced, and only
//! then renamed into place: a backup that exists is a good one.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::heads::{self, Event, HeadLine, Manifest};
use super::keyring::{CaseKey, Keyring, key_file_path};
use super::{APPLICATION_ID, Error, LATEST_VERSION, Result, connect};
use crate::domain::audit::Head;
use crate::domain::backups::{BackupKind, keep};
use crate::domain::disclosure::Disclosure;

const PREFIX: &str = "omu-desk-backup-";
const STAMP: &str = "%Y-%m-%dT%H%M%S";
/// Added to the name of a backup taken by hand, which rotation never removes.
const BY_HAND: &str = "-by-hand";

/// A backup file, when it was taken and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupFile {
    pub path: PathBuf,
    pub taken_at: DateTime<Utc>,
    pub kind: BackupKind,
}

/// What a check of a file found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileCheck {
    pub version: i64,
    pub prisoners: i64,
    /// The database's guards (triggers) missing, changed or added, in words. A file at
    /// an older schema gets today's guards when it is opened, so is not compared.
    pub guard_problems: Vec<String>,
}

/// The folder backups go to unless the user chose another: beside the case file.
pub fn default_folder(case_file: &Path) -> PathBuf {
    case_file.parent().map_or_else(|| PathBuf::from("backups"), |folder| folder.join("backups"))
}

/// Backs up the case file at `source` into `folder`, then prunes old backups
/// (7 daily, 4 weekly, 12 monthly). Opens its own read connection, so it can run
/// beside the app's. The backup is encrypted with the same key, and a copy of the key
/// file goes beside it, so a backup on a USB drive is whole but useless without a
/// passphrase.
pub fn back_up(
    source: &Path,
    key: &CaseKey,
    folder: &Path,
    now: DateTime<Utc>,
    kind: BackupKind,
) -> Result<BackupFile> {
    std::fs::create_dir_all(folder)?;
    let suffix = if kind == BackupKind::ByHand { BY_HAND } else { "" };
    let name = format!("{PREFIX}{}{suffix}.sqlite3", now.format(STAMP));
    let target = folder.join(&name);
    let partial = folder.join(format!(".{name}.partial"));
    let outcome = (|| {
        let from = connect(source, key, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        from.busy_timeout(std::time::Duration::from_secs(5))?;
        let mut to = connect(
            &partial,
            key,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        {
            let backup = rusqlite::backup::Backup::new(&from, &mut to)?;
            backup.run_to_completion(512, std::time::Duration::ZERO, None)?;
        }
        // A backup is a single self-contained file, not a WAL pair.
        to.pragma_update(None, "journal_mode", "DELETE")?;
        integrity(&to)?;
        let published = published_head(&to)?;
        let manifest = match &published {
            Some((case_file, head, _)) => {
                let schema: i64 = to.pragma_query_value(None, "user_version", |row| row.get(0))?;
                let prisoners: i64 = to.query_row("SELECT count(*) FROM prisoner", [], |row| row.get(0))?;
                Some(Manifest::new(case_file, now, head, schema, prisoners))
            }
            None => None,
        };
        drop(to);
        std::fs::File::open(&partial)?.sync_all()?;
        Keyring::load(source)?.copy_to(&key_file_path(&target))?;
        if let Some(manifest) = &manifest {
            heads::write_manifest(&target, manifest)?;
        }
        std::fs::rename(&partial, &target)?;
        sync_folder(folder);
        Ok::<_, Error>(published)
    })();
    let published = match outcome {
        Ok(published) => published,
        Err(error) => {
            let _ = std::fs::remove_file(&partial);
            let _ = std::fs::remove_file(heads::manifest_path(&target));
            return Err(error);
        }
    };
    if let Some((case_file, head, actor)) = published {
        let line = HeadLine::new(now, Event::Backup, &case_file, Some(&head), &actor);
        heads::append(&heads::log_path(source), &line)?;
        if !same_folder(folder, &default_folder(source)) {
            heads::append(&heads::folder_log_path(folder), &line)?;
        }
    }
    prune(folder)?;
    Ok(BackupFile { path: target, taken_at: now, kind })
}

/// The case file's identity, its audit trail's head and the last person recorded, as
/// a connection to it sees them (none for a file with no seals yet).
fn published_head(conn: &Connection) -> Result<Option<(String, Head, String)>> {
    let Some(head) = super::audit::head(conn)? else { return Ok(None) };
    let case_file: String = conn.query_row("SELECT uid FROM case_file_identity WHERE id = 1", [], |row| row.get(0))?;
    let actor: String = conn
        .query_row("SELECT name FROM audit_actor WHERE id = 1", [], |row| row.get(0))
        .optional()?
        .unwrap_or_default();
    Ok(Some((case_file, head, actor)))
}

/// True when two folder names reach the same folder.
fn same_folder(one: &Path, other: &Path) -> bool {
    match (std::fs::canonicalize(one), std::fs::canonicalize(other)) {
        (Ok(one), Ok(other)) => one == other,
        _ => one == other,
    }
}

/// Takes the daily backup unless it was already taken today (London time).
pub fn back_up_if_due(source: &Path, key: &CaseKey, folder: &Path, now: DateTime<Utc>) -> Result<Option<BackupFile>> {
    let today = crate::domain::dates::utc_to_london(now).date_naive();
    let done_today = list(folder)?.iter().any(|backup| {
        backup.kind == BackupKind::Daily && crate::domain::dates::utc_to_london(backup.taken_at).date_naive() == today
    });
    if done_today {
        return Ok(None);
    }
    back_up(source, key, folder, now, BackupKind::Daily).map(Some)
}

/// What a backup to a place the person chose discloses: the whole case file.
pub fn disclosure() -> Disclosure {
    Disclosure::register("setting", "case file backed up")
}

/// The backups in `folder`, newest first.
pub fn list(folder: &Path) -> Result<Vec<BackupFile>> {
    let mut backups = Vec::new();
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(backups),
        Err(error) => return Err(error.into()),
    };
    for entry in entries {
        let path = entry?.path();
        let Some(stamp) = path
            .file_name()
            .and_then(|name| name.to_str())
            .and_then(|name| name.strip_prefix(PREFIX))
            .and_then(|name| name.strip_suffix(".sqlite3"))
        else {
            continue;
        };
        let (stamp, kind) = match stamp.strip_suffix(BY_HAND) {
            Some(stamp) => (stamp, BackupKind::ByHand),
            None => (stamp, BackupKind::Daily),
        };
        if let Ok(taken) = NaiveDateTime::parse_from_str(stamp, STAMP) {
            backups.push(BackupFile { path, taken_at: taken.and_utc(), kind });
        }
    }
    backups.sort_by_key(|backup| std::cmp::Reverse(backup.taken_at));
    Ok(backups)
}

/// The newest backup that passes its checks, for offering when the file is damaged.
pub fn newest_good(folder: &Path, key: &CaseKey) -> Result<Option<BackupFile>> {
    Ok(list(folder)?.into_iter().find(|backup| check(&backup.path, key).is_ok()))
}

fn prune(folder: &Path) -> Result<()> {
    let backups = list(folder)?;
    let taken: Vec<(DateTime<Utc>, BackupKind)> = backups.iter().map(|backup| (backup.taken_at, backup.kind)).collect();
    let kept = keep(&taken);
    for (backup, keep_it) in backups.iter().zip(kept) {
        if !keep_it {
            std::fs::remove_file(&backup.path)?;
            let _ = std::fs::remove_file(key_file_path(&backup.path));
            let _ = std::fs::remove_file(heads::manifest_path(&backup.path));
        }
    }
    Ok(())
}

/// Checks a file is a whole, undamaged OMU Desk case file this version can open.
pub fn check(path: &Path, key: &CaseKey) -> Result<FileCheck> {
    if !path.is_file() {
        return Err(Error::NoSuchFile { path: path.to_path_buf() });
    }
    let conn = read_only(path, key)?;
    let not_ours = || Error::NotOmuDesk { path: path.to_path_buf() };
    let application_id: i64 = conn.pragma_query_value(None, "application_id", |row| row.get(0)).map_err(|error| {
        match error.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => not_ours(),
            _ => Error::from(error),
        }
    })?;
    if application_id != APPLICATION_ID {
        return Err(not_ours());
    }
    let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if version > LATEST_VERSION {
        return Err(Error::NewerSchema { found: version, supported: LATEST_VERSION });
    }
    integrity(&conn)?;
    let prisoners = conn.query_row("SELECT count(*) FROM prisoner", [], |row| row.get(0))?;
    let guard_problems = if version == LATEST_VERSION { super::guards::check(&conn)? } else { Vec::new() };
    Ok(FileCheck { version, prisoners, guard_problems })
}

/// Opens a file only to read it. A write-ahead-log file on read-only media (a CD, a
/// write-protected USB drive, a folder without write access) cannot be opened the
/// usual way, because SQLite wants to create its shared-memory file beside it; it is
/// then read as immutable. Checking writes nothing, so it works there too.
fn read_only(path: &Path, key: &CaseKey) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let first = connect(path, key, flags).and_then(|conn| {
        // Opening succeeds lazily; the first read is what needs the shared memory.
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
        Ok(conn)
    });
    match first {
        Err(Error::Sqlite(error))
            if matches!(
                error.sqlite_error_code(),
                Some(rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly)
            ) =>
        {
            let uri = format!("file:{}?immutable=1", path.display());
            connect(Path::new(&uri), key, flags | OpenFlags::SQLITE_OPEN_URI)
        }
        other => other,
    }
}

/// The start-up checks: `quick_check` of the whole file and the links between
/// records. They read every page, so the app runs them in the background after
/// opening, on their own connection.
pub fn check_health(path: &Path, key: &CaseKey) -> Result<()> {
    let conn = read_only(path, key)?;
    let quick: String = conn.query_row("PRAGMA quick_check", [], |row| row.get(0))?;
    if quick != "ok" {
        return Err(Error::Damaged(quick));
    }
    let broken: Option<String> =
        conn.query_row("SELECT \"table\" FROM pragma_foreign_key_check LIMIT 1", [], |row| row.get(0)).optional()?;
    if let Some(table) = broken {
        return Err(Error::Damaged(format!("records in {table} point at records that are missing")));
    }
    Ok(())
}

/// The start-up check of the audit trail, on its own read connection: its seals, and
/// every head published outside the file (see [`super::Db::verify_audit`]).
pub fn check_trail(path: &Path, key: &CaseKey) -> Result<super::ChainReport> {
    let conn = read_only(path, key)?;
    super::audit::verify_file(&conn, path, &[])
}

fn integrity(conn: &Connection) -> Result<()> {
    let result: String = conn.query_row("PRAGMA integrity_check", [], |row| row.get(0))?;
    if result != "ok" {
        return Err(Error::Damaged(result));
    }
    Ok(())
}

/// Replaces the case file at `live` with the backup at `chosen`, after checking the
/// backup and keeping a copy of the current file in `folder`. The swap is a rename:
/// the live file is either the old one or the restored one, never half of each.
/// The restored file's audit trail then records the restore, by `actor`: the backup,
/// where the replaced file is kept and the replaced file's head, so the entries
/// written since the backup are explained rather than silently gone; both heads go
/// into the head log. No connection to `live` may be open.
pub fn restore(
    live: &Path,
    key: &CaseKey,
    chosen: &Path,
    folder: &Path,
    now: DateTime<Utc>,
    actor: &str,
) -> Result<Option<PathBuf>> {
    check(chosen, key)?;
    let backup_head = read_only(chosen, key).and_then(|conn| super::audit::head(&conn)).ok().flatten();
    std::fs::create_dir_all(folder)?;
    // Keep what is there now, damaged or not: it may hold work since the backup.
    let (kept, replaced) = if live.exists() {
        let replaced = read_only(live, key).and_then(|conn| published_head(&conn));
        let copy = folder.join(format!("omu-desk-before-restore-{}.sqlite3", now.format(STAMP)));
        std::fs::copy(live, &copy)?;
        for suffix in ["-wal", "-shm"] {
            let side = side_file(live, suffix);
            if side.exists() {
                std::fs::copy(&side, side_file(&copy, suffix))?;
            }
        }
        (Some(copy), replaced.ok().flatten())
    } else {
        (None, None)
    };
    if let Some((case_file, head, _)) = &replaced {
        heads::append(&heads::log_path(live), &HeadLine::new(now, Event::Replaced, case_file, Some(head), actor))?;
    }
    let live_folder = live.parent().filter(|folder| !folder.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let incoming = live_folder.join(".omu-desk-restore.partial");
    std::fs::copy(chosen, &incoming)?;
    std::fs::File::open(&incoming)?.sync_all()?;
    // A write-ahead log left from the old file would be replayed into the new one.
    for suffix in ["-wal", "-shm"] {
        let side = side_file(live, suffix);
        if side.exists() {
            std::fs::remove_file(&side)?;
        }
    }
    std::fs::rename(&incoming, live)?;
    // A lost key file comes back with the backup (the case key never changes).
    if !key_file_path(live).exists() {
        Keyring::load_file(&key_file_path(chosen))?.copy_to(&key_file_path(live))?;
    }
    sync_folder(live_folder);

    let head_json = |head: Option<&Head>| match head {
        Some(head) => serde_json::json!({ "entry": head.entry, "seal": head.seal, "code": head.to_string() }),
        None => serde_json::Value::Null,
    };
    let mut restored = super::Db::open(live, key, actor)?;
    let details = serde_json::json!({
        "what": format!("case file restored from the backup {}", chosen.display()),
        "backup": chosen.display().to_string(),
        "backup_head": head_json(backup_head.as_ref()),
        "replaced_kept_at": kept.as_ref().map(|kept| kept.display().to_string()),
        "replaced_head": head_json(replaced.as_ref().map(|(_, head, _)| head)),
    });
    restored.write(|tx| super::audit::record(tx, "restore", "setting", None, &details))?;
    restored.publish_head(Event::Restore, now)?;
    Ok(kept)
}

fn side_file(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// Makes a rename durable (a no-op where folders cannot be synced).
fn sync_folder(folder: &Path) {
    if let Ok(handle) = std::fs::File::open(folder) {
        let _ = handle.sync_all();
    }
}
