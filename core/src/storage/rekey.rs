//! Re-keying the case file: a copy under a new key, so a key file that leaked with an
//! old copy opens nothing written since.
//!
//! The case file and its key file must change together, and two files cannot be
//! renamed in one step. So the new pair is written into a journal folder beside them
//! (`<case file>.rekey/`), checked, and marked ready; only then are the two renamed into
//! place. Whoever next reads the key file finishes a ready journal (both renames are
//! safe to repeat) or throws away one that never got ready, so a re-key stopped at any
//! moment leaves either the old pair or the new one, never a mix.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::OpenFlags;

use super::heads::Event;
use super::keyring::{CaseKey, Keyring, RecoveryKey, key_file_path};
use super::{Db, Error, Result, backup};
use crate::domain::backups::BackupKind;
use crate::domain::users::Role;

const READY: &str = "ready";

fn journal(case_file: &Path) -> PathBuf {
    let mut name = case_file.as_os_str().to_os_string();
    name.push(".rekey");
    PathBuf::from(name)
}

fn journal_file(case_file: &Path) -> PathBuf {
    journal(case_file).join("case-file.sqlite3")
}

fn journal_keys(case_file: &Path) -> PathBuf {
    journal(case_file).join("case-file.keys")
}

/// Finishes a re-key that was stopped after it was ready, or throws away one stopped
/// before. Called before the key file is read.
pub(super) fn settle(case_file: &Path) -> Result<()> {
    let folder = journal(case_file);
    if !folder.exists() {
        return Ok(());
    }
    if !folder.join(READY).exists() {
        std::fs::remove_dir_all(&folder)?;
        return Ok(());
    }
    // The new case file first: until the new key file follows, the journal still
    // holds it, so a stop between the two renames is finished next time.
    if journal_file(case_file).exists() {
        for suffix in ["-wal", "-shm"] {
            let mut side = case_file.as_os_str().to_os_string();
            side.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(side));
        }
        std::fs::rename(journal_file(case_file), case_file)?;
    }
    if journal_keys(case_file).exists() {
        std::fs::rename(journal_keys(case_file), key_file_path(case_file))?;
    }
    std::fs::remove_dir_all(&folder)?;
    sync_parent(case_file);
    Ok(())
}

fn sync_parent(path: &Path) {
    if let Some(folder) = path.parent().filter(|folder| !folder.as_os_str().is_empty())
        && let Ok(handle) = std::fs::File::open(folder)
    {
        let _ = handle.sync_all();
    }
}

/// What a re-key did.
#[derive(Debug)]
pub struct ReKeyed {
    pub key: CaseKey,
    /// The new recovery key: the old one no longer opens anything new.
    pub recovery: RecoveryKey,
    /// The checked backup taken first, under the old key.
    pub backup: PathBuf,
    /// Users whose slot is sealed again with the new key at their next sign-in.
    pub pending: usize,
}

/// Re-keys the case file at `path`, which nobody may have open: a checked backup into
/// `folder` first, then a copy under a new random key, every user's slot carried over
/// (the administrator's sealed now under `passphrase`, the others at their next sign-in)
/// and a new recovery key. All or nothing, as the module says.
pub fn re_key(
    path: &Path,
    administrator: &str,
    passphrase: &str,
    folder: &Path,
    now: DateTime<Utc>,
) -> Result<ReKeyed> {
    settle(path)?;
    let keyring = Keyring::load(path)?;
    let (old_key, user) = keyring.unlock(administrator, passphrase)?;
    if user.role != Role::Administrator {
        return Err(Error::Forbidden("only an administrator may re-key the case file".into()));
    }
    let taken = backup::back_up(path, &old_key, folder, now, BackupKind::ByHand)?;
    let new_key = CaseKey::generate();
    let _ = std::fs::remove_dir_all(journal(path));
    std::fs::create_dir_all(journal(path))?;
    let (rekeyed, recovery) = keyring.rekeyed(&old_key, &new_key, &user, passphrase)?;
    Db::open(path, &old_key, &user.name)?.export_under(&journal_file(path), &new_key)?;
    {
        // The entry goes into the copy, so a re-key that stops half-way leaves no
        // record of a re-key that never happened in the file that is still in use.
        let mut copy = Db::open(&journal_file(path), &new_key, &user.name)?;
        let pending = rekeyed.pending_rekey();
        copy.write(|tx| {
            super::audit::record(
                tx,
                "re-key",
                "setting",
                None,
                &serde_json::json!({
                    "what": format!(
                        "case file re-keyed under a new key with a new recovery key; checked backup first at {}; {} to sign in again for their key to be sealed anew",
                        taken.path.display(),
                        crate::domain::text::plural(pending, "other user")
                    ),
                    "backup": taken.path.display().to_string(),
                }),
            )
        })?;
    }
    let copy = super::connect(&journal_file(path), &new_key, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let result: String = copy.query_row("PRAGMA integrity_check", [], |row| row.get(0))?;
    if result != "ok" {
        return Err(Error::Damaged(result));
    }
    drop(copy);
    std::fs::File::open(journal_file(path))?.sync_all()?;
    rekeyed.save_as(&journal_keys(path))?;
    std::fs::File::create(journal(path).join(READY))?.sync_all()?;
    sync_parent(&journal_file(path));
    settle(path)?;
    let db = Db::open(path, &new_key, &user.name)?;
    db.publish_head(Event::ReKey, now)?;
    Ok(ReKeyed { key: new_key, recovery, backup: taken.path, pending: rekeyed.pending_rekey() })
}

impl Db {
    /// Writes a whole copy of the case file to `target`, encrypted under `key`, with
    /// its schema version and application id.
    fn export_under(&self, target: &Path, key: &CaseKey) -> Result<()> {
        let version: i64 = self.conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
        let target_text = target.to_str().ok_or_else(|| Error::Invalid("the folder's name cannot be used".into()))?;
        self.conn.execute("ATTACH DATABASE ?1 AS rekeyed KEY ?2", [target_text, key.pragma_value().as_str()])?;
        let outcome = (|| {
            self.conn.query_row("SELECT sqlcipher_export('rekeyed')", [], |_| Ok(()))?;
            self.conn.execute_batch(&format!(
                "PRAGMA rekeyed.user_version = {version}; PRAGMA rekeyed.application_id = {};",
                super::APPLICATION_ID
            ))?;
            Ok::<_, Error>(())
        })();
        self.conn.execute_batch("DETACH DATABASE rekeyed")?;
        outcome
    }
}
