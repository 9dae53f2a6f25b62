//! Heads published outside the case file, and failed sign-ins.
//!
//! The head log (`<case file>.heads`, one JSON object a line, only ever appended) sits
//! beside the key file. At each sign-in, sign-out, backup, restore, recovery, erasure
//! and re-key it gets the audit trail's head; a backup to a folder elsewhere (a USB
//! drive) appends to that folder's `omu-desk.heads` too, and each backup has a
//! manifest beside it with the head of what it holds. A later trail must extend every
//! head found in these places (see `audit::verify`). A failed sign-in is written here
//! before the case file is open, since a wrong passphrase cannot open it.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::audit::{KnownHead, Proof};
use super::{Error, Result};
use crate::domain::audit::Head;
use crate::domain::dates::format_local;
use crate::domain::users::same_user;

/// The name of the head log in a backup folder.
const FOLDER_LOG: &str = "omu-desk.heads";
const MANIFEST_FORMAT: &str = "omu-desk-backup-manifest";

/// Why a line was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Event {
    SetUp,
    /// First opened by a version of OMU Desk that keeps a head log.
    Upgraded,
    SignIn,
    SignOut,
    FailedSignIn,
    Backup,
    /// The head of the file a restore replaced, written just before it was replaced.
    Replaced,
    Restore,
    Recovery,
    Erasure,
    ReKey,
}

impl Event {
    fn label(self) -> &'static str {
        match self {
            Event::SetUp => "set-up",
            Event::Upgraded => "first opened by this version",
            Event::SignIn => "sign-in",
            Event::SignOut => "sign-out",
            Event::FailedSignIn => "failed sign-in",
            Event::Backup => "backup",
            Event::Replaced => "file replaced by a restore",
            Event::Restore => "restore",
            Event::Recovery => "recovery key sign-in",
            Event::Erasure => "erasure past retention",
            Event::ReKey => "re-key",
        }
    }
}

/// One line of a head log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeadLine {
    pub at: DateTime<Utc>,
    pub event: Event,
    /// The case file's identity; absent on a failed sign-in, written before it is open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seal: Option<String>,
    /// Who: the person signed in, or the name typed at a failed sign-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl HeadLine {
    pub fn new(at: DateTime<Utc>, event: Event, case_file: &str, head: Option<&Head>, name: &str) -> Self {
        Self {
            at,
            event,
            case_file: Some(case_file.to_string()),
            entry: head.map(|head| head.entry),
            seal: head.map(|head| head.seal.clone()),
            name: Some(name.to_string()),
        }
    }

    fn head(&self) -> Option<Head> {
        Some(Head { entry: self.entry?, seal: self.seal.clone()? })
    }
}

/// The head log beside a case file's key file.
pub fn log_path(case_file: &Path) -> PathBuf {
    let mut name = case_file.as_os_str().to_os_string();
    name.push(".heads");
    PathBuf::from(name)
}

/// The head log kept in a backup folder.
pub fn folder_log_path(folder: &Path) -> PathBuf {
    folder.join(FOLDER_LOG)
}

/// Adds a line to a head log, creating it if needed, and syncs it to disk.
pub fn append(log: &Path, line: &HeadLine) -> Result<()> {
    if let Some(folder) = log.parent().filter(|folder| !folder.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder)?;
    }
    let mut text = serde_json::to_string(line).map_err(|error| Error::Invalid(error.to_string()))?;
    text.push('\n');
    let mut file = std::fs::OpenOptions::new().create(true).append(true).open(log)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    Ok(())
}

/// A head log's lines, with a warning for each that cannot be read. A missing log
/// reads as empty, with `missing` set.
#[derive(Debug, Default)]
pub struct ReadLog {
    pub lines: Vec<HeadLine>,
    pub warnings: Vec<String>,
    pub missing: bool,
}

pub fn read(log: &Path) -> ReadLog {
    let text = match std::fs::read(log) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return ReadLog { missing: true, ..ReadLog::default() };
        }
        Err(error) => {
            return ReadLog {
                warnings: vec![format!("the head log {} cannot be read ({error})", log.display())],
                ..ReadLog::default()
            };
        }
    };
    let mut read = ReadLog::default();
    for (number, line) in text.lines().enumerate().filter(|(_, line)| !line.trim().is_empty()) {
        match serde_json::from_str::<HeadLine>(line) {
            Ok(parsed) => read.lines.push(parsed),
            Err(_) => read.warnings.push(format!("line {} of the head log {} is damaged", number + 1, log.display())),
        }
    }
    read
}

/// Failed sign-ins since the last successful one (anyone's), oldest first: what the
/// next sign-in carries into the audit trail, and what slows the next attempt.
pub fn failures_since_last_sign_in(log: &[HeadLine]) -> Vec<&HeadLine> {
    let after = log.iter().rposition(|line| line.event == Event::SignIn).map_or(0, |index| index + 1);
    log[after..].iter().filter(|line| line.event == Event::FailedSignIn).collect()
}

/// Failed sign-ins under `name` since that person last signed in.
pub fn failures_for(log: &[HeadLine], name: &str) -> Vec<DateTime<Utc>> {
    let named = |line: &HeadLine| line.name.as_deref().is_some_and(|typed| same_user(typed, name));
    let after = log.iter().rposition(|line| line.event == Event::SignIn && named(line)).map_or(0, |index| index + 1);
    log[after..].iter().filter(|line| line.event == Event::FailedSignIn && named(line)).map(|line| line.at).collect()
}

/// A backup's manifest: which case file, when, and the head of what it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub case_file: String,
    pub taken_at: DateTime<Utc>,
    pub entry: i64,
    pub seal: String,
    pub schema: i64,
    pub prisoners: i64,
}

impl Manifest {
    pub fn new(case_file: &str, taken_at: DateTime<Utc>, head: &Head, schema: i64, prisoners: i64) -> Self {
        Self {
            format: MANIFEST_FORMAT.into(),
            case_file: case_file.into(),
            taken_at,
            entry: head.entry,
            seal: head.seal.clone(),
            schema,
            prisoners,
        }
    }
}

/// Where a backup's manifest is: beside it.
pub fn manifest_path(backup: &Path) -> PathBuf {
    let mut name = backup.as_os_str().to_os_string();
    name.push(".manifest");
    PathBuf::from(name)
}

pub fn write_manifest(backup: &Path, manifest: &Manifest) -> Result<()> {
    let bytes = serde_json::to_vec_pretty(manifest).map_err(|error| Error::Invalid(error.to_string()))?;
    super::write_file_atomically(&manifest_path(backup), &bytes)?;
    Ok(())
}

/// Reads a backup's manifest, naming what is wrong with it.
pub fn read_manifest(backup: &Path) -> std::result::Result<Manifest, String> {
    let path = manifest_path(backup);
    let bytes = std::fs::read(&path).map_err(|error| match error.kind() {
        std::io::ErrorKind::NotFound => format!("the backup {} has no manifest", backup.display()),
        _ => format!("the manifest {} cannot be read ({error})", path.display()),
    })?;
    match serde_json::from_slice::<Manifest>(&bytes) {
        Ok(manifest) if manifest.format == MANIFEST_FORMAT => Ok(manifest),
        _ => Err(format!("the manifest {} is damaged", path.display())),
    }
}

/// Every head published for the case file `case_file_id` in the head logs at `logs`
/// and the backup manifests in `backup_folders`, with warnings for what cannot be used.
pub fn known_heads(case_file_id: &str, logs: &[PathBuf], backup_folders: &[PathBuf]) -> (Vec<KnownHead>, Vec<String>) {
    let mut heads = Vec::new();
    let mut warnings = Vec::new();
    for (index, log) in logs.iter().enumerate() {
        let read = read(log);
        if read.missing {
            // The first log is the one beside the key file, written at set-up: its
            // absence means it was removed. A backup folder may simply have none yet.
            if index == 0 {
                warnings.push(format!(
                    "the head log {} is missing: heads published there cannot be checked",
                    log.display()
                ));
            }
            continue;
        }
        warnings.extend(read.warnings);
        let ours = |line: &&HeadLine| line.case_file.as_deref() == Some(case_file_id);
        let begins_well =
            read.lines.iter().find(ours).is_some_and(|first| matches!(first.event, Event::SetUp | Event::Upgraded));
        if index == 0 && !begins_well {
            warnings.push(format!(
                "the head log {} does not begin with the case file's set-up: it was removed, cut short or replaced, so heads published before its first line cannot be checked",
                log.display()
            ));
        }
        let mut foreign = 0;
        for line in &read.lines {
            let Some(head) = line.head() else { continue };
            match line.case_file.as_deref() {
                Some(id) if id == case_file_id => heads.push(KnownHead {
                    source: format!(
                        "the head log {} ({}, {})",
                        log.display(),
                        line.event.label(),
                        format_local(line.at)
                    ),
                    published_at: Some(line.at),
                    entry: head.entry,
                    proof: Proof::Seal(head.seal),
                }),
                _ => foreign += 1,
            }
        }
        if foreign > 0 {
            warnings.push(format!(
                "{} in the head log {} belong to another case file and were not used",
                crate::domain::text::plural(foreign, "line"),
                log.display()
            ));
        }
    }
    for folder in backup_folders {
        let Ok(backups) = super::backup::list(folder) else { continue };
        for backup in backups {
            match read_manifest(&backup.path) {
                Ok(manifest) if manifest.case_file == case_file_id => heads.push(KnownHead {
                    source: format!("the manifest of the backup {}", backup.path.display()),
                    published_at: Some(manifest.taken_at),
                    entry: manifest.entry,
                    proof: Proof::Seal(manifest.seal),
                }),
                Ok(_) => warnings
                    .push(format!("the manifest of the backup {} belongs to another case file", backup.path.display())),
                Err(warning) => warnings.push(warning),
            }
        }
    }
    (heads, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(event: Event, name: &str, minute: u32) -> HeadLine {
        let at = DateTime::parse_from_rfc3339(&format!("2026-12-01T14:{minute:02}:00Z")).unwrap().with_timezone(&Utc);
        HeadLine { at, event, case_file: None, entry: None, seal: None, name: Some(name.into()) }
    }

    #[test]
    fn failures_count_from_the_last_sign_in() {
        let log = vec![
            line(Event::FailedSignIn, "Ann Admin", 0),
            line(Event::SignIn, "Ann Admin", 1),
            line(Event::FailedSignIn, "ann admin", 2),
            line(Event::FailedSignIn, "Gary Gate", 3),
            line(Event::SignIn, "Gary Gate", 4),
            line(Event::FailedSignIn, "Ann Admin", 5),
        ];
        assert_eq!(failures_since_last_sign_in(&log).len(), 1, "Gary's sign-in carried the earlier ones");
        let ann = failures_for(&log, "Ann Admin");
        assert_eq!(ann.len(), 2, "Ann's since she last signed in, whatever the case typed");
        assert_eq!(ann[1], line(Event::FailedSignIn, "", 5).at);
        assert!(failures_for(&log, "Gary Gate").is_empty());
    }

    #[test]
    fn a_damaged_line_is_named_and_the_rest_read() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("case.sqlite3.heads");
        assert!(read(&log).missing);
        append(&log, &line(Event::SignIn, "Ann Admin", 1)).unwrap();
        std::fs::OpenOptions::new().append(true).open(&log).unwrap().write_all(b"{ half a line\n").unwrap();
        append(&log, &line(Event::SignOut, "Ann Admin", 2)).unwrap();
        let read = read(&log);
        assert_eq!(read.lines.len(), 2);
        assert_eq!(read.warnings.len(), 1);
        assert!(read.warnings[0].starts_with("line 2 of the head log"), "{:?}", read.warnings);
    }
}
