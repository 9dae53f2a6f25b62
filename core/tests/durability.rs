//! Trying to lose data the ways a real PC can: damage, a full disk, a read-only or
//! locked file, a second copy of the app, a file moved while open, a crash mid-write.

mod common;

use omu_core::domain::backups::BackupKind;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::Utc;
use common::{USER, count, details, key, temp_db, today};
use omu_core::storage::{Db, Error, backup};
use rusqlite::Connection;

/// Row counts that must survive: case data and the audit trail.
fn snapshot(path: &Path) -> Vec<i64> {
    ["prisoner", "contact", "plan_version", "objective", "key_movement", "induction_item", "audit_log"]
        .iter()
        .map(|table| count(path, table))
        .collect()
}

#[test]
fn back_up_damage_the_file_and_restore_everything() {
    let (dir, mut db) = temp_db();
    omu_core::demo::populate(&mut db, today(), USER).unwrap();
    let live = db.path().to_path_buf();
    let folder = db.backup_folder().unwrap();
    drop(db);
    let before = snapshot(&live);
    let key = key(&live);
    let taken = backup::back_up(&live, &key, &folder, Utc::now(), BackupKind::ByHand).unwrap();
    assert!(taken.path.exists());
    assert!(omu_core::storage::key_file_path(&taken.path).exists(), "the key file goes with the backup");
    assert_eq!(backup::check(&taken.path, &key).unwrap().prisoners, before[0]);

    // Damage the live file: overwrite a stretch in the middle with garbage.
    let mut bytes = std::fs::read(&live).unwrap();
    let middle = bytes.len() / 2;
    for byte in &mut bytes[middle..middle + 8192] {
        *byte = 0xA5;
    }
    std::fs::write(&live, &bytes).unwrap();
    let _ = std::fs::remove_file(format!("{}-wal", live.display()));
    // The start-up check finds the damage (opening alone may not touch the bad pages).
    let error = backup::check_health(&live, &key).expect_err("the damage is found");
    assert!(matches!(error, Error::Damaged(_) | Error::WrongKey { .. } | Error::Sqlite(_)), "{error}");
    assert!(error.to_string().contains("damaged"), "{error}");

    let offered = backup::newest_good(&folder, &key).unwrap().expect("a good backup to offer");
    let kept = backup::restore(&live, &key, &offered.path, &folder, Utc::now(), USER).unwrap().unwrap();
    assert!(kept.exists(), "the damaged file is kept, not thrown away");
    let reopened = common::reopen(&live);
    drop(reopened);
    let after = snapshot(&live);
    // Opening wrote one audit row (the actor); everything else is exactly back.
    assert_eq!(&after[..6], &before[..6]);
    assert!(after[6] >= before[6]);
    drop(dir);
}

#[test]
fn a_bad_restore_file_changes_nothing() {
    let (dir, mut db) = temp_db();
    db.insert_prisoner(&details("A1234BC", "Seán", "Ó'Brien")).unwrap();
    let live = db.path().to_path_buf();
    drop(db);
    let before = std::fs::read(&live).unwrap();
    let garbage = dir.path().join("garbage.sqlite3");
    std::fs::write(&garbage, b"not a database, just text ".repeat(200)).unwrap();
    let key = key(&live);
    let error = backup::restore(&live, &key, &garbage, &dir.path().join("backups"), Utc::now(), USER).unwrap_err();
    assert!(error.to_string().contains("not an OMU Desk case file"), "{error}");
    let other = dir.path().join("other.sqlite3");
    Connection::open(&other).unwrap().execute_batch("CREATE TABLE x (y);").unwrap();
    assert!(backup::restore(&live, &key, &other, &dir.path().join("backups"), Utc::now(), USER).is_err());
    // Another case file, encrypted with another key, is not this one's backup.
    let stranger = dir.path().join("stranger.sqlite3");
    drop(common::separate_file(&stranger));
    let error = backup::restore(&live, &key, &stranger, &dir.path().join("backups"), Utc::now(), USER).unwrap_err();
    assert!(error.to_string().contains("cannot be read with this key"), "{error}");
    assert_eq!(std::fs::read(&live).unwrap(), before);
}

#[test]
fn truncated_and_garbage_files_are_refused_untouched() {
    let (dir, mut db) = temp_db();
    for n in 0..40 {
        db.insert_prisoner(&details(&format!("A{:04}BC", n + 1000), "Test", "Person")).unwrap();
    }
    let live = db.path().to_path_buf();
    drop(db);
    let full = std::fs::read(&live).unwrap();
    let truncated = dir.path().join("truncated.sqlite3");
    std::fs::write(&truncated, &full[..full.len() / 3]).unwrap();
    let before = std::fs::read(&truncated).unwrap();
    let key = key(&live);
    let error = match Db::open(&truncated, &key, USER) {
        Err(error) => error,
        Ok(db) => {
            drop(db);
            backup::check_health(&truncated, &key).expect_err("the start-up check refuses it")
        }
    };
    let message = error.to_string();
    assert!(message.contains("damaged") || message.contains("not an OMU Desk"), "{message}");
    assert_eq!(std::fs::read(&truncated).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn another_spelling_of_the_path_cannot_open_a_second_writer() {
    let (dir, db) = temp_db();
    let key = key(db.path());
    let real = db.path().to_path_buf();
    // Through a symbolic link, a folder link, `..`, and a hard link.
    let link = dir.path().join("shortcut.sqlite3");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let folder_link = dir.path().join("elsewhere");
    std::os::unix::fs::symlink(dir.path(), &folder_link).unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let roundabout = dir.path().join("sub").join("..").join(real.file_name().unwrap());
    let hard = dir.path().join("hard-link.sqlite3");
    std::fs::hard_link(&real, &hard).unwrap();
    for other in [link, folder_link.join(real.file_name().unwrap()), roundabout, hard] {
        let error =
            Db::open(&other, &key, "Someone Else").err().unwrap_or_else(|| panic!("{} opened", other.display()));
        assert!(matches!(error, Error::InUse { .. }), "{}: {error}", other.display());
    }
    drop(db);
    drop(dir);
}

#[test]
fn a_second_copy_is_told_who_has_the_file() {
    let (dir, db) = temp_db();
    let error = Db::open(db.path(), &key(db.path()), "Someone Else").err().expect("refused while open");
    assert!(matches!(error, Error::InUse { .. }));
    let message = error.to_string();
    assert!(message.contains(USER) && message.contains("only one copy"), "{message}");
    let path = db.path().to_path_buf();
    drop(db);
    Db::open(&path, &key(&path), "Someone Else").expect("free once closed");
    drop(dir);
}

#[test]
fn a_file_locked_by_another_program_loses_nothing() {
    let (dir, mut db) = temp_db();
    let id = db.insert_prisoner(&details("A1234BC", "Seán", "Ó'Brien")).unwrap();
    let other = common::raw(db.path());
    other.execute_batch("BEGIN EXCLUSIVE;").unwrap();
    let error = db.insert_prisoner(&details("B1234BC", "Zoë", "Łukasiewicz")).unwrap_err();
    assert!(error.to_string().contains("in use by another program"), "{error}");
    other.execute_batch("ROLLBACK;").unwrap();
    drop(other);
    db.insert_prisoner(&details("B1234BC", "Zoë", "Łukasiewicz")).expect("works once released");
    assert_eq!(db.prisoner(id).unwrap().details.surname, "Ó'Brien");
    drop(dir);
}

#[cfg(unix)]
#[test]
fn a_file_moved_while_open_refuses_to_write() {
    let (dir, mut db) = temp_db();
    db.insert_prisoner(&details("A1234BC", "Seán", "Ó'Brien")).unwrap();
    let moved = dir.path().join("moved.sqlite3");
    std::fs::rename(db.path(), &moved).unwrap();
    let error = db.insert_prisoner(&details("B1234BC", "Zoë", "Łukasiewicz")).unwrap_err();
    assert!(matches!(error, Error::Moved { .. }), "{error}");
    assert!(error.to_string().contains("moved or deleted"));
    drop(db);
}

/// A small filesystem mounted for a test (needs root, as CI has); unmounted on drop.
struct Mount(PathBuf);

impl Mount {
    fn tmpfs(size: &str) -> Option<Mount> {
        let dir = tempfile::tempdir().ok()?.keep();
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&dir)
            .status()
            .ok()?;
        status.success().then(|| Mount(dir))
    }

    fn read_only(&self) {
        assert!(Command::new("mount").args(["-o", "remount,ro"]).arg(&self.0).status().unwrap().success());
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn a_full_disk_keeps_every_committed_record() {
    let Some(mount) = Mount::tmpfs("1500k") else {
        eprintln!("skipped: cannot mount a small filesystem here (needs root)");
        return;
    };
    let path = mount.0.join("case.sqlite3");
    let mut db = common::new_file(&path);
    let long_notes = "Notes that take room on a small disk. ".repeat(200);
    let mut saved = 0;
    let error = loop {
        let mut record = details(&format!("A{:04}BC", 1000 + saved), "Test", "Person");
        record.notes = long_notes.clone();
        match db.insert_prisoner(&record) {
            Ok(_) => saved += 1,
            Err(error) => break error,
        }
        assert!(saved < 2000, "the disk never filled");
    };
    assert!(error.to_string().contains("disk is full"), "{error}");
    assert!(saved > 0);
    drop(db);
    let check = backup::check(&path, &key(&path)).unwrap();
    assert_eq!(check.prisoners, saved as i64, "every committed record is there, and nothing half-written");
}

#[test]
fn a_read_only_folder_is_explained() {
    let Some(mount) = Mount::tmpfs("4m") else {
        eprintln!("skipped: cannot mount a filesystem here (needs root)");
        return;
    };
    let path = mount.0.join("case.sqlite3");
    let mut db = common::new_file(&path);
    db.insert_prisoner(&details("A1234BC", "Seán", "Ó'Brien")).unwrap();
    drop(db);
    mount.read_only();
    let message = match Db::open(&path, &key(&path), USER) {
        Ok(mut db) => db.insert_prisoner(&details("B1234BC", "Zoë", "Łukasiewicz")).unwrap_err().to_string(),
        Err(error) => error.to_string(),
    };
    assert!(message.contains("read-only") || message.contains("cannot be opened"), "{message}");
    assert_eq!(backup::check(&path, &key(&path)).unwrap().prisoners, 1);
}

/// Rounds of kill-at-a-random-moment: `OMU_CRASH_ROUNDS=500 cargo test --release
/// --test durability crash` runs the long version.
fn crash_rounds() -> usize {
    std::env::var("OMU_CRASH_ROUNDS").ok().and_then(|value| value.parse().ok()).unwrap_or(25)
}

const CONTACTS_PER_CHANGE: usize = 3;

/// Run as a child process by the crash test: commits changes forever, printing the
/// number of each after its commit returns.
#[test]
fn crash_writer_child() {
    let Ok(path) = std::env::var("OMU_CRASH_CHILD") else { return };
    use std::io::Write;
    let mut db = common::reopen(Path::new(&path));
    let start = count(Path::new(&path), "prisoner");
    let mut out = std::io::stdout().lock();
    for n in start.. {
        // One change: a prisoner and its contacts, in one transaction (an import batch).
        let mut record = details(
            &format!("A{:04}{}", n % 10_000, ["BC", "DE", "FG", "HJ"][(n / 10_000) as usize % 4]),
            "Crash",
            "Test",
        );
        record.notes = format!("change {n}");
        let contacts = (0..CONTACTS_PER_CHANGE)
            .map(|c| omu_core::domain::contact::ContactDetails {
                contact_date: today(),
                contact_type: omu_core::domain::contact::ContactType::FaceToFace,
                staff_name: format!("Officer {c}"),
                notes: format!("contact {c} of change {n}"),
            })
            .collect();
        let batch = omu_core::storage::ImportBatch {
            staff: Vec::new(),
            prisoners: vec![omu_core::storage::ImportedPrisoner {
                details: record,
                supervisor: None,
                archived: false,
                contacts,
                planning: Default::default(),
            }],
        };
        db.import(&batch, false).unwrap();
        writeln!(out, "committed {n}").unwrap();
        out.flush().unwrap();
    }
}

#[cfg(unix)]
#[test]
fn killed_mid_write_every_reported_commit_survives_whole() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.sqlite3");
    drop(common::new_file(&path));
    let mut rng = fastrand::Rng::with_seed(7);
    let mut reported = 0i64;
    for round in 0..crash_rounds() {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "crash_writer_child", "--nocapture", "--test-threads=1"])
            .env("OMU_CRASH_CHILD", &path)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let wanted = rng.usize(1..25);
        let mut lines = BufReader::new(stdout).lines();
        let mut seen = 0;
        while seen < wanted {
            match lines.next() {
                Some(Ok(line)) if line.starts_with("committed ") => {
                    reported = reported.max(line["committed ".len()..].trim().parse::<i64>().unwrap() + 1);
                    seen += 1;
                }
                Some(Ok(_)) => {}
                _ => break,
            }
        }
        // Kill it at a random moment, usually in the middle of the next commit.
        std::thread::sleep(std::time::Duration::from_micros(rng.u64(0..3000)));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        drop(lines);

        let conn = common::raw(&path);
        let integrity: String = conn.query_row("PRAGMA integrity_check", [], |row| row.get(0)).unwrap();
        assert_eq!(integrity, "ok", "round {round}");
        let prisoners: i64 = conn.query_row("SELECT count(*) FROM prisoner", [], |row| row.get(0)).unwrap();
        assert!(prisoners >= reported, "round {round}: {prisoners} prisoners but {reported} commits were reported");
        // No half change: every prisoner has all its contacts and its audit rows.
        let broken: i64 = conn
            .query_row(
                "SELECT count(*) FROM prisoner p WHERE (SELECT count(*) FROM contact c WHERE c.prisoner_id = p.id) <> ?1",
                [CONTACTS_PER_CHANGE as i64],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(broken, 0, "round {round}: a half-written change is visible");
        let unaudited: i64 = conn
            .query_row(
                "SELECT count(*) FROM prisoner p WHERE NOT EXISTS
                     (SELECT 1 FROM audit_log a WHERE a.table_name = 'prisoner' AND a.row_id = p.id AND a.action = 'insert')",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(unaudited, 0, "round {round}: a change without its audit row");
        drop(conn);
        // Every entry is sealed: a kill never leaves an entry without its seal (which
        // would read as written outside OMU Desk), and the head log it left still holds.
        let trail = omu_core::storage::Db::open(&path, &key(&path), USER).unwrap().verify_audit().unwrap();
        assert!(trail.is_intact(), "round {round}: {:?}", trail.problems);
    }
    assert!(reported > 0);
    eprintln!("{} rounds, {reported} acknowledged commits, none lost", crash_rounds());
}
