//! The commands that make, check, copy and replace the case file itself.

use std::path::{Path, PathBuf};

use omu_core::demo;
use omu_core::domain::backups::BackupKind;
use omu_core::domain::dates::london_today;
use omu_core::domain::users::Capability;
use omu_core::storage::{self, Db, Error as StorageError, Keyring, backup, key_file_path};
use zeroize::Zeroizing;

use super::{about, allowed, demo_file, passphrase, sign_in, sign_in_with};

/// Set up a new case file with `user` as its first administrator.
pub(super) fn set_up(db_path: &Path, user: &str) -> Result<(), String> {
    let passphrase = match std::env::var("OMU_DESK_PASSPHRASE") {
        Ok(passphrase) => Zeroizing::new(passphrase),
        Err(_) => {
            let first = passphrase(user)?;
            let again = Zeroizing::new(
                rpassword::prompt_password("The same passphrase again: ").map_err(|error| error.to_string())?,
            );
            omu_core::domain::users::check_new_passphrase(&first, &again, user)
                .map_err(|invalid| invalid.to_string())?;
            first
        }
    };
    let (_, administrator, recovery) =
        storage::set_up(db_path, user, &passphrase).map_err(|error| format!("{}: {error}", db_path.display()))?;
    println!(
        "Set up {} with {} as its administrator.\nRecovery key (print it and lock it away; it is shown only now): {}",
        db_path.display(),
        administrator.name,
        recovery.as_str()
    );
    Ok(())
}

/// The large demo, for measuring speed.
pub(super) fn demo_large(db_path: &Path, user: &str) -> Result<(), String> {
    let (mut db, as_user) = demo_file(db_path, user)?;
    let as_user = as_user.as_str();
    let started = std::time::Instant::now();
    let counts = demo::large::populate(&mut db, london_today(), as_user).map_err(|error| error.to_string())?;
    println!(
        "Large demo written to {} in {:.1} s: {} prisoners, {} contacts, {} plan versions, {} objectives, {} meetings, {} checklists, {} key movements.",
        db_path.display(),
        started.elapsed().as_secs_f64(),
        counts.prisoners,
        counts.contacts,
        counts.plan_versions,
        counts.objectives,
        counts.meetings,
        counts.checklists,
        counts.key_movements
    );
    Ok(())
}

/// The demo establishment.
pub(super) fn demo_small(db_path: &Path, user: &str) -> Result<(), String> {
    let (mut db, as_user) = demo_file(db_path, user)?;
    let count = demo::populate(&mut db, london_today(), &as_user).map_err(|error| error.to_string())?;
    println!(
        "Demo establishment '{}' written to {}: {count} prisoners; you are {as_user}.",
        demo::DEMO_ESTABLISHMENT,
        db_path.display()
    );
    Ok(())
}

/// A checked backup, into the backup folder or one the person chose.
pub(super) fn backup(db_path: &Path, user: &str, to: Option<PathBuf>) -> Result<(), String> {
    let mut db = sign_in(db_path, user, Capability::CaseWork)?;
    let chosen = to.is_some();
    let folder = match to {
        Some(folder) => folder,
        None => db.backup_folder().map_err(|error| error.to_string())?,
    };
    let key = db.key().clone();
    let file = backup::back_up(db_path, &key, &folder, chrono::Utc::now(), BackupKind::ByHand)
        .map_err(|error| error.to_string())?;
    if chosen {
        // A copy in a place the user chose is a disclosure, like an export.
        db.record_disclosure(&backup::disclosure(), &file.path).map_err(|error| error.to_string())?;
    }
    println!("Backed up and checked: {}", file.path.display());
    Ok(())
}

/// Replace the case file with a checked backup.
pub(super) fn restore(db_path: &Path, user: &str, file: PathBuf, yes: bool) -> Result<(), String> {
    // The live file may be damaged, so the key comes from the key file alone:
    // the live one, or the backup's own when the live one is lost.
    let keyring = Keyring::load_settled(db_path)
        .or_else(|_| Keyring::load_file(&key_file_path(&file)))
        .map_err(|error| error.to_string())?;
    let passphrase = passphrase(user)?;
    let (key, who) = keyring.unlock(user, &passphrase).map_err(|error| error.to_string())?;
    allowed(&who, Capability::Administer)?;
    let check = backup::check(&file, &key).map_err(|error| format!("{}; nothing was changed", about(&file, &error)))?;
    if !yes {
        return Err(format!(
            "{} holds {} prisoners (schema {}). Restoring replaces {}; run again with --yes to go ahead",
            file.display(),
            check.prisoners,
            check.version,
            db_path.display()
        ));
    }
    // Refuse while anyone has the file open; a damaged file can still be replaced.
    let folder = match db_path.exists().then(|| Db::open(db_path, &key, &who.name)) {
        Some(Ok(db)) => db.backup_folder().map_err(|error| error.to_string())?,
        Some(Err(error @ StorageError::InUse { .. })) => return Err(format!("{error}; nothing was changed")),
        _ => backup::default_folder(db_path),
    };
    let kept = backup::restore(db_path, &key, &file, &folder, chrono::Utc::now(), &who.name)
        .map_err(|error| error.to_string())?;
    match kept {
        Some(kept) => println!("Restored {}; the file as it was is kept at {}", file.display(), kept.display()),
        None => println!("Restored {}", file.display()),
    }
    Ok(())
}

/// Put the case file under a new key.
pub(super) fn re_key(db_path: &Path, user: &str, yes: bool) -> Result<(), String> {
    let passphrase = passphrase(user)?;
    let db = sign_in_with(db_path, user, &passphrase, Capability::Administer)?;
    if !yes {
        return Err(format!(
            "Re-keying puts {} under a new key and a new recovery key (the old one stops working); run again with --yes to go ahead",
            db_path.display()
        ));
    }
    let folder = db.backup_folder().map_err(|error| error.to_string())?;
    drop(db);
    let done = storage::re_key(db_path, user, &passphrase, &folder, chrono::Utc::now())
        .map_err(|error| format!("{error}; the case file is as it was"))?;
    println!(
        "Re-keyed {}. A checked backup under the old key is at {}.\nNew recovery key (print it and lock it away; it is shown only now): {}",
        db_path.display(),
        done.backup.display(),
        done.recovery.as_str()
    );
    if done.pending > 0 {
        println!(
            "{} keep their passphrase; their key is sealed anew when they next sign in.",
            omu_core::domain::text::plural(done.pending, "other user")
        );
    }
    Ok(())
}

/// Check a case file or backup, its guards and its trail.
pub(super) fn check(db_path: &Path, user: &str, file: Option<PathBuf>) -> Result<(), String> {
    let target = file.as_deref().unwrap_or(db_path);
    let keyring = Keyring::load_settled(db_path)
        .or_else(|_| Keyring::load_file(&key_file_path(target)))
        .map_err(|error| error.to_string())?;
    let (key, _) = keyring.unlock(user, &passphrase(user)?).map_err(|error| error.to_string())?;
    let check = backup::check(target, &key).map_err(|error| about(target, &error))?;
    if !check.guard_problems.is_empty() {
        for problem in &check.guard_problems {
            println!("{problem}");
        }
        return Err(format!(
            "{}: the database's own guards were changed outside OMU Desk; an administrator can put them back from the Audit trail screen",
            target.display()
        ));
    }
    // The trail against its seals and published heads, for a file at today's
    // schema (an older backup is brought up to date, and checked, when opened).
    if check.version == storage::LATEST_VERSION {
        let trail = backup::check_trail(target, &key).map_err(|error| about(target, &error))?;
        if !trail.is_intact() {
            for line in trail.details() {
                println!("{line}");
            }
            return Err(format!("{}: {}", target.display(), trail.summary()));
        }
    }
    println!("{}: OK, schema version {}, {} prisoners", target.display(), check.version, check.prisoners);
    Ok(())
}
