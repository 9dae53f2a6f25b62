//! The case file: one SQLite database, opened in one place, with every SQL statement
//! of the app in this module. Each public write is one transaction.

mod access;
mod audit;
pub mod backup;
mod bulk;
mod caseload;
mod categorisation;
mod contacts;
mod guards;
pub mod heads;
mod import;
mod induction;
mod keyring;
mod keys;
mod migrations;
mod parole;
mod plans;
mod prisoners;
mod reception;
mod rekey;
mod retention;
mod settings;
mod staff;
mod unit;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, ErrorCode, OpenFlags};

pub use access::{SignedIn, open_as, recover, set_up, sign_in, sign_in_wait, unlock};
pub use audit::{AuditEntry, AuditFilter, ChainReport, KnownHead, OutsideEntry, Proof};
pub use bulk::Bulk;
pub use caseload::{CaseloadQuery, SupervisorFilter};
pub use import::{
    ClosedPlan, ImportBatch, ImportSummary, ImportedMeeting, ImportedPlanVersion, ImportedPlanning, ImportedPrisoner,
    InterventionName,
};
pub use induction::OpenInduction;
pub use keyring::{CaseKey, Keyring, RecoveryKey, SealedPassphrase, key_file_path};
pub use keys::{HookTile, IssueDetails, MovementLine, ReturnDetails};
pub use migrations::{LATEST_VERSION, upgrade};
pub use plans::DiaryEntry;
pub use rekey::{ReKeyed, re_key};
pub use retention::PastRetention;

/// `PRAGMA application_id` of an OMU Desk file ('OMUD').
pub const APPLICATION_ID: i64 = 0x4F4D_5544;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}", describe_sqlite(.0))]
    Sqlite(#[from] rusqlite::Error),
    #[error("{path} is not an OMU Desk case file (it is some other kind of file or database)")]
    NotOmuDesk { path: PathBuf },
    #[error(
        "this case file was written by a newer version of OMU Desk (schema {found}, this version knows up to {supported}); update OMU Desk to open it"
    )]
    NewerSchema { found: i64, supported: i64 },
    #[error("prison number {0} is already in the case file")]
    DuplicatePrisonNumber(String),
    #[error("{0} is not in the case file")]
    NotFound(String),
    #[error("there is no file at {path}")]
    NoSuchFile { path: PathBuf },
    #[error("{0}")]
    Invalid(String),
    /// A form the domain refused, kept typed so the window can show it by its field.
    #[error(transparent)]
    Refused(#[from] crate::domain::form::Invalid),
    #[error("the case file is damaged and cannot be used safely; restore the newest good backup (SQLite found: {})", first_line(.0))]
    Damaged(String),
    #[error("the case file is in use by {by}; close OMU Desk there first (only one copy may have the file open)")]
    InUse { by: String },
    #[error(
        "the case file {path} was moved or deleted while open: nothing was saved; put it back, or restart OMU Desk"
    )]
    Moved { path: PathBuf },
    #[error("{}", describe_io(.0))]
    Io(#[from] std::io::Error),
    #[error(
        "the key file {path} is missing: without it the case file cannot be opened; copy it back (each backup folder holds one beside each backup)"
    )]
    NoKeyFile { path: PathBuf },
    #[error("that name and passphrase do not open this case file; check both (the passphrase is case-sensitive)")]
    WrongPassphrase,
    #[error("{0}")]
    Forbidden(String),
    #[error(
        "{path} cannot be read with this key: it is not an OMU Desk case file, it is damaged, or it belongs with another key file"
    )]
    WrongKey { path: PathBuf },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

fn describe_sqlite(error: &rusqlite::Error) -> String {
    match error.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => "the file is not an OMU Desk case file, or it is damaged".to_string(),
        Some(ErrorCode::DiskFull) => "the disk is full: nothing was saved; free some space and try again".to_string(),
        Some(ErrorCode::ReadOnly) => "the case file or its folder is read-only: nothing was saved".to_string(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            "the case file is in use by another program: nothing was saved; try again".to_string()
        }
        Some(ErrorCode::DatabaseCorrupt) => {
            "the case file is damaged (SQLite reports a malformed database image); restore the newest good backup"
                .to_string()
        }
        Some(ErrorCode::CannotOpen) => {
            "the case file cannot be opened (check the folder exists and you may write to it)".to_string()
        }
        _ => error.to_string(),
    }
}

/// The first line of SQLite's report, short enough to read.
fn first_line(report: &str) -> String {
    let line = report.lines().find(|line| !line.trim().is_empty() && !line.contains("***")).unwrap_or(report).trim();
    line.chars().take(120).collect()
}

fn describe_io(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::ReadOnlyFilesystem | std::io::ErrorKind::PermissionDenied => {
            format!(
                "the case file or its folder is read-only ({error}): nothing was saved; ask for write access or copy the file somewhere you can write"
            )
        }
        std::io::ErrorKind::StorageFull => {
            "the disk is full: nothing was saved; free some space and try again".to_string()
        }
        _ => error.to_string(),
    }
}

/// An open case file. While it is open, a lock file beside it tells any other copy
/// of the app who has it.
pub struct Db {
    conn: Connection,
    key: CaseKey,
    path: PathBuf,
    identity: Option<FileIdentity>,
    /// Guards (triggers) found missing or changed when the file was opened: while
    /// there are any, nothing is saved.
    guard_problems: Vec<String>,
    /// Caseload reads kept between screens (the caseload's own module decides when
    /// they hold and brings them up to date).
    caseload_reads: std::cell::RefCell<caseload::CaseloadReads>,
    _lock: Lock,
}

/// Which file on disk the case file is, to notice it being moved or deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileIdentity {
    device: u64,
    inode: u64,
}

fn identity(path: &Path) -> Option<FileIdentity> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|meta| FileIdentity { device: meta.dev(), inode: meta.ino() })
    }
    #[cfg(not(unix))]
    {
        // Windows refuses to delete or move a file that is open.
        std::fs::metadata(path).ok().map(|_| FileIdentity { device: 0, inode: 0 })
    }
}

/// Takes the lock beside the case file, or says who holds it.
/// The case file's one true name: the same file reached through a symbolic link, a
/// `..` or another spelling of its folder gets the same lock.
fn canonical(path: &Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(path) {
        return real;
    }
    let folder = path.parent().filter(|folder| !folder.as_os_str().is_empty()).unwrap_or(Path::new("."));
    match (std::fs::canonicalize(folder), path.file_name()) {
        (Ok(folder), Some(name)) => folder.join(name),
        _ => path.to_path_buf(),
    }
}

/// Held while a case file is open: the lock file beside it (which says who has it)
/// and, where the platform allows, a lock on the database file itself, so even a hard
/// link to it cannot open a second writer.
struct Lock {
    _file: std::fs::File,
    _database: Option<std::fs::File>,
}

fn lock(path: &Path, actor: &str) -> Result<Lock> {
    use std::io::{Read, Seek, Write};
    let real = canonical(path);
    let lock_path = {
        let mut name = real.as_os_str().to_os_string();
        name.push(".lock");
        PathBuf::from(name)
    };
    let mut file = std::fs::OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&lock_path)?;
    let in_use = |file: &mut std::fs::File| {
        let mut by = String::new();
        let _ = file.read_to_string(&mut by);
        Error::InUse {
            by: if by.trim().is_empty() { "another copy of OMU Desk".into() } else { by.trim().to_string() },
        }
    };
    // On Unix the database file itself is locked too (flock, which SQLite's own
    // fcntl locks do not see). Not on Windows, where a whole-file lock would stop
    // SQLite reading its own file.
    let database = if cfg!(unix) && real.exists() {
        let database = std::fs::File::open(&real)?;
        match database.try_lock() {
            Ok(()) => Some(database),
            Err(std::fs::TryLockError::WouldBlock) => return Err(in_use(&mut file)),
            Err(std::fs::TryLockError::Error(error)) => return Err(error.into()),
        }
    } else {
        None
    };
    match file.try_lock() {
        Ok(()) => {
            let host = ["COMPUTERNAME", "HOSTNAME"]
                .iter()
                .find_map(|key| std::env::var(key).ok())
                .or_else(|| std::fs::read_to_string("/etc/hostname").ok().map(|name| name.trim().to_string()))
                .unwrap_or_else(|| "this computer".into());
            file.set_len(0)?;
            file.seek(std::io::SeekFrom::Start(0))?;
            write!(
                file,
                "{actor} on {host} (process {}) since {}",
                std::process::id(),
                crate::domain::dates::format_local(chrono::Utc::now())
            )?;
            file.flush()?;
            Ok(Lock { _file: file, _database: database })
        }
        Err(std::fs::TryLockError::WouldBlock) => Err(in_use(&mut file)),
        Err(std::fs::TryLockError::Error(error)) => Err(error.into()),
    }
}

impl Db {
    /// Opens (or creates) the case file at `path` with its key, brings its schema up
    /// to date, and names `actor` as the person the audit trail records. People sign
    /// in through [`sign_in`], which finds the key and checks who they are.
    pub fn open(path: &Path, key: &CaseKey, actor: &str) -> Result<Db> {
        if let Some(parent) = path.parent()
            && !parent.as_os_str().is_empty()
        {
            std::fs::create_dir_all(parent)?;
        }
        let lock = lock(path, actor)?;
        let conn = connect(
            path,
            key,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let mut db = Db {
            conn,
            key: key.clone(),
            path: path.to_path_buf(),
            identity: None,
            guard_problems: Vec::new(),
            caseload_reads: Default::default(),
            _lock: lock,
        };
        db.configure()?;
        let before: i64 = db.conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
        migrations::migrate(&mut db.conn, &db.path)?;
        caseload::watch_caseload_changes(&db.conn)?;
        db.guard_problems = guards::check(&db.conn)?;
        db.identity = identity(path);
        db.set_actor(actor)?;
        if (1..migrations::HEADS_FROM).contains(&before) {
            db.publish_head(heads::Event::Upgraded, chrono::Utc::now())?;
        }
        Ok(db)
    }

    fn configure(&self) -> Result<()> {
        self.conn.busy_timeout(std::time::Duration::from_secs(2))?;
        self.conn.pragma_update(None, "foreign_keys", true)?;
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        // Sorts and temporary tables stay in memory, never in a file on disk.
        self.conn.pragma_update(None, "temp_store", "MEMORY")?;
        // 64 MB of page cache: every page is decrypted as it is read into the cache,
        // and the Unit page's year of records (a fifth of a million key movements,
        // the plans and their needs) is about 40 MB. With 32 MB each opening read
        // and decrypted it all again: 240 ms of reading against 75.
        self.conn.pragma_update(None, "cache_size", -64_000)?;
        Ok(())
    }

    /// The key this file is encrypted with, for the backup and check connections.
    pub fn key(&self) -> &CaseKey {
        &self.key
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Names the person recorded in the audit trail for changes from now on.
    pub fn set_actor(&mut self, actor: &str) -> Result<()> {
        let actor = actor.trim();
        if actor.is_empty() {
            return Err(Error::Invalid("the user's name is needed for the audit trail".into()));
        }
        self.conn.execute(
            "INSERT INTO audit_actor (id, name) VALUES (1, ?1)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name",
            [actor],
        )?;
        Ok(())
    }

    pub fn actor(&self) -> Result<String> {
        Ok(self.conn.query_row("SELECT name FROM audit_actor WHERE id = 1", [], |row| row.get(0))?)
    }

    /// True for a file with no establishment, staff or prisoners yet: a new user.
    pub fn is_new(&self) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM prisoner)
                AND NOT EXISTS (SELECT 1 FROM staff)
                AND NOT EXISTS (SELECT 1 FROM setting WHERE key = 'establishment_name')",
            [],
            |row| row.get(0),
        )?)
    }

    /// The database's guards found missing or changed at opening, in words.
    pub fn guard_problems(&self) -> &[String] {
        &self.guard_problems
    }

    /// Puts the database's guards back as the migrations make them, and records what
    /// was wrong in the audit trail. Saving works again afterwards.
    pub fn put_guards_back(&mut self) -> Result<Vec<String>> {
        let fixed = self.write_unguarded(|tx| {
            let fixed = guards::put_back(tx)?;
            audit::record(
                tx,
                "guards",
                "setting",
                None,
                &serde_json::json!({ "what": format!("the database's guards put back: {}", fixed.join("; ")) }),
            )?;
            Ok(fixed)
        })?;
        self.guard_problems = guards::check(&self.conn)?;
        Ok(fixed)
    }

    /// Runs `work` in one transaction: it commits whole or not at all. Refuses to write
    /// to a file that has been moved or deleted, where the work would be lost, and to a
    /// file whose guards were changed, where it would not be recorded as it should.
    fn write<T>(&mut self, work: impl FnOnce(&rusqlite::Transaction) -> Result<T>) -> Result<T> {
        if let Some(first) = self.guard_problems.first() {
            return Err(Error::Forbidden(format!(
                "nothing was saved: the case file's own guards were changed outside OMU Desk ({first}); an administrator must look at the audit trail and put them back"
            )));
        }
        self.write_unguarded(work)
    }

    fn write_unguarded<T>(&mut self, work: impl FnOnce(&rusqlite::Transaction) -> Result<T>) -> Result<T> {
        if self.identity.is_some() && identity(&self.path) != self.identity {
            return Err(Error::Moved { path: self.path.clone() });
        }
        // Immediate: the write lock is taken before the newest entry is noted, so
        // nothing can slip in between and be sealed as this transaction's.
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let written_after = audit::newest_entry(&tx)?;
        let value = work(&tx)?;
        audit::seal(&tx, written_after)?;
        tx.commit()?;
        Ok(value)
    }
}

/// Closing the case file publishes its head to the head log beside the key file: the
/// sign-out of the window and the end of each command line command. Not when the file
/// has been moved or deleted, where there is nothing to publish beside.
impl Drop for Db {
    fn drop(&mut self) {
        if self.identity.is_some() && identity(&self.path) == self.identity {
            let _ = self.publish_head(heads::Event::SignOut, chrono::Utc::now());
        }
    }
}

/// Opens a connection to an encrypted case file. The key must be the first statement
/// on a connection; the first read then tells whether the key fits the file. The app
/// opens files through [`Db::open`]; this is for its backups and checks, and for tests
/// that must look at the file as another program would.
pub fn connect(path: &Path, key: &CaseKey, flags: OpenFlags) -> Result<Connection> {
    // SQLCipher sets up its crypto provider when a connection is first keyed, and that
    // set-up is not safe to run on two threads at once (seen as a rare "error occurred
    // with PRAGMA key" when backups and checks open connections beside the app's).
    static KEYING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    // Even one at a time, keying a connection to a new file has failed, very rarely,
    // with that same message while other threads were busy with their own files (once
    // in many CI runs, never in 120 runs of the same tests here): the statement is
    // refused before the file is touched, so a fresh connection is keyed again. A
    // wrong key is a different answer, and is never retried.
    const KEYING_ATTEMPTS: usize = 3;
    let mut attempt = 1;
    loop {
        let conn = Connection::open_with_flags(path, flags)?;
        let (keying, first_read) = {
            let _one_at_a_time = KEYING.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            // A wrong key is an answer the app explains, not an error to print on the console.
            conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
            let statement = zeroize::Zeroizing::new(format!("PRAGMA key = \"{}\";", key.pragma_value().as_str()));
            match conn.execute_batch(&statement) {
                Ok(()) => (Ok(()), conn.query_row("PRAGMA schema_version", [], |_| Ok(()))),
                Err(error) => (Err(error), Ok(())),
            }
        };
        match keying {
            Err(error) if attempt < KEYING_ATTEMPTS && error.sqlite_error_code() == Some(ErrorCode::Unknown) => {
                attempt += 1;
                continue;
            }
            keying => keying?,
        }
        first_read.map_err(|error| match error.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) if is_plain_sqlite(path) => Error::NotOmuDesk { path: path.to_path_buf() },
            Some(ErrorCode::NotADatabase) => Error::WrongKey { path: path.to_path_buf() },
            _ => Error::from(error),
        })?;
        return Ok(conn);
    }
}

/// An unencrypted SQLite file starts with this header; an encrypted one looks random.
fn is_plain_sqlite(path: &Path) -> bool {
    use std::io::Read;
    let mut header = [0u8; 16];
    std::fs::File::open(path).and_then(|mut file| file.read_exact(&mut header)).is_ok()
        && &header == b"SQLite format 3\0"
}

/// The case file's default place: the platform's data folder for OMU Desk.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("uk", "OMU Desk", "OMU Desk").map(|dirs| dirs.data_dir().join("omu-desk.sqlite3"))
}

/// Writes `bytes` to `path` through a temporary file in the same folder, synced and
/// then renamed over the target: a crash or full disk leaves the old file or the new
/// one, never half of one.
pub fn write_file_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // A folder the person named that does not exist yet is made, as a file manager's
    // "save as" would let them.
    std::fs::create_dir_all(&folder)?;
    let mut temporary = tempfile::NamedTempFile::new_in(&folder)?;
    temporary.write_all(bytes)?;
    temporary.as_file().sync_all()?;
    temporary.persist(path).map_err(|error| error.error)?;
    Ok(())
}

/// How instants are stored: UTC, to the second, so "overdue" is a comparison of text.
pub(super) fn instant_text(instant: chrono::DateTime<chrono::Utc>) -> String {
    instant.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

pub(super) fn parse_instant(text: &str) -> rusqlite::Result<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|instant| instant.with_timezone(&chrono::Utc))
        .map_err(|error| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(error)))
}

/// Reads a stored code back into its enum, refusing codes this version does not know.
fn decode<T: crate::domain::risk::Coded>(code: &str) -> rusqlite::Result<T> {
    T::from_code(code).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("unknown code '{code}'").into(),
        )
    })
}

/// Reads a stored ISO date (`2026-11-23`) or NULL. Written out rather than through
/// chrono's format parser, which costs more than the rest of a caseload row.
/// Row ids as one bound value, a JSON array for `IN (SELECT value FROM json_each(?))`:
/// one statement for any number of ids, prepared once.
fn id_list(ids: impl Iterator<Item = i64>) -> String {
    let ids: Vec<String> = ids.map(|id| id.to_string()).collect();
    format!("[{}]", ids.join(","))
}

fn optional_date(row: &rusqlite::Row, column: usize) -> rusqlite::Result<Option<chrono::NaiveDate>> {
    let Some(text) = row.get_ref(column)?.as_str_or_null()? else { return Ok(None) };
    let bytes = text.as_bytes();
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        bytes
            .get(range)?
            .iter()
            .try_fold(0u32, |value, byte| byte.is_ascii_digit().then(|| value * 10 + u32::from(byte - b'0')))
    };
    let parsed = (bytes.len() == 10 && bytes[4] == b'-' && bytes[7] == b'-')
        .then(|| chrono::NaiveDate::from_ymd_opt(number(0..4)? as i32, number(5..7)?, number(8..10)?))
        .flatten();
    parsed.map(Some).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            column,
            rusqlite::types::Type::Text,
            format!("not a date: {text}").into(),
        )
    })
}

/// Reads a stored ISO date that is never NULL.
fn date_at(row: &rusqlite::Row, column: usize) -> rusqlite::Result<chrono::NaiveDate> {
    optional_date(row, column)?.ok_or(rusqlite::Error::InvalidColumnType(
        column,
        "a date".into(),
        rusqlite::types::Type::Null,
    ))
}

fn decode_optional<T: crate::domain::risk::Coded>(code: Option<String>) -> rusqlite::Result<Option<T>> {
    code.map(|code| decode(&code)).transpose()
}
