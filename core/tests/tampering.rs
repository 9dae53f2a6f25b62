//! An insider who can sign in and open the case file with SQL, trying each way to
//! change the audit trail unnoticed. Each tampering is done as that person would: SQL
//! on a keyed connection (and, where they would need it, a small program that
//! computes seals the way the source code shows), never through the app's API. Each
//! is detected, with a message that says what happened.

mod common;

use chrono::Utc;
use common::{PASSPHRASE, USER, details, key, raw, reopen, temp_db};
use omu_core::domain::audit::PrintedHead;
use omu_core::domain::backups::BackupKind;
use omu_core::storage::{self, Db, backup, heads};
use sha2::{Digest, Sha256};

/// A file with some history, closed (which publishes its head to the head log).
fn file_with_history(entries: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, mut db) = temp_db();
    for n in 0..entries {
        db.insert_prisoner(&details(&format!("A{:04}BC", 1000 + n), "Test", "Person")).unwrap();
    }
    let path = db.path().to_path_buf();
    drop(db);
    (dir, path)
}

/// The guards an insider has to lift to change the past, and put back after so the
/// start-up check of the guards sees nothing.
const APPEND_ONLY: [&str; 4] = [
    "audit_log_is_append_only_update",
    "audit_log_is_append_only_delete",
    "audit_seal_is_append_only_update",
    "audit_seal_is_append_only_delete",
];

/// Runs `sql` with the append-only guards lifted, then puts them back as they were.
fn behind_the_guards(path: &std::path::Path, sql: &str) {
    let conn = raw(path);
    let saved: Vec<String> = APPEND_ONLY
        .iter()
        .map(|name| conn.query_row("SELECT sql FROM sqlite_master WHERE name = ?1", [name], |row| row.get(0)).unwrap())
        .collect();
    for name in APPEND_ONLY {
        conn.execute_batch(&format!("DROP TRIGGER {name}")).unwrap();
    }
    conn.execute_batch(sql).unwrap();
    for sql in saved {
        conn.execute_batch(&sql).unwrap();
    }
}

/// The seal the source code shows, as an insider's own program would compute it.
fn insider_seal(previous: &str, row: &rusqlite::Row) -> String {
    let mut hasher = Sha256::new();
    let mut field = |bytes: Option<Vec<u8>>| match bytes {
        Some(bytes) => {
            hasher.update([1u8]);
            hasher.update((bytes.len() as u64).to_le_bytes());
            hasher.update(bytes);
        }
        None => hasher.update([0u8]),
    };
    let text = |index: usize| row.get::<_, Option<String>>(index).unwrap().map(String::into_bytes);
    field(Some(previous.as_bytes().to_vec()));
    field(Some(row.get::<_, i64>(0).unwrap().to_le_bytes().to_vec()));
    for index in 1..5 {
        field(text(index));
    }
    field(row.get::<_, Option<i64>>(5).unwrap().map(|id| id.to_le_bytes().to_vec()));
    field(text(6));
    field(text(7));
    hex::encode(hasher.finalize())
}

/// Recomputes every seal from entry `from` on, so the chain inside the file is whole
/// again after an edit: what an insider with the source code would do.
fn reseal_from(path: &std::path::Path, from: i64) {
    let conn = raw(path);
    let mut previous: String =
        conn.query_row("SELECT hash FROM audit_seal WHERE audit_id = ?1", [from - 1], |row| row.get(0)).unwrap();
    let mut statement = conn
        .prepare(
            "SELECT id, at, actor, action, table_name, row_id, old_values, new_values FROM audit_log WHERE id >= ?1 ORDER BY id",
        )
        .unwrap();
    let mut seals = Vec::new();
    let mut rows = statement.query([from]).unwrap();
    while let Some(row) = rows.next().unwrap() {
        previous = insider_seal(&previous, row);
        seals.push((row.get::<_, i64>(0).unwrap(), previous.clone()));
    }
    drop(rows);
    drop(statement);
    drop(conn);
    let sql: String = seals
        .iter()
        .map(|(id, seal)| format!("INSERT OR REPLACE INTO audit_seal (audit_id, hash) VALUES ({id}, '{seal}');"))
        .collect();
    behind_the_guards(path, &format!("DELETE FROM audit_seal WHERE audit_id >= {from}; {sql}"));
}

fn newest_entry(path: &std::path::Path) -> i64 {
    raw(path).query_row("SELECT max(id) FROM audit_log", [], |row| row.get(0)).unwrap()
}

fn problems(db: &Db) -> Vec<String> {
    let report = db.verify_audit().unwrap();
    assert!(!report.is_intact(), "the tampering went unnoticed");
    report.problems
}

fn mentions(found: &[String], words: &str) -> bool {
    found.iter().any(|problem| problem.contains(words))
}

#[test]
fn an_edited_entry_breaks_its_seal() {
    let (_dir, path) = file_with_history(5);
    behind_the_guards(&path, "UPDATE audit_log SET actor = 'Someone Else' WHERE id = 2;");
    let found = problems(&reopen(&path));
    assert!(mentions(&found, "entry 2 (") && mentions(&found, "does not match its seal"), "{found:?}");
}

#[test]
fn a_deleted_middle_entry_with_its_seal_breaks_the_next_one() {
    let (_dir, path) = file_with_history(5);
    behind_the_guards(&path, "DELETE FROM audit_log WHERE id = 3; DELETE FROM audit_seal WHERE audit_id = 3;");
    let found = problems(&reopen(&path));
    assert!(mentions(&found, "entry 4") && mentions(&found, "an entry before it was removed"), "{found:?}");
}

#[test]
fn an_edit_with_every_seal_recomputed_does_not_extend_the_published_head() {
    let (_dir, path) = file_with_history(5);
    behind_the_guards(&path, "UPDATE audit_log SET actor = 'Someone Else' WHERE id = 2;");
    reseal_from(&path, 2);
    let found = problems(&reopen(&path));
    assert!(
        mentions(&found, "does not extend the head from the head log") && !mentions(&found, "does not match its seal"),
        "the chain inside the file is whole; only the head outside it catches the edit: {found:?}"
    );
}

/// Removes the newest `count` entries and their seals, guards put back after.
fn delete_newest(path: &std::path::Path, count: i64) -> i64 {
    let newest = newest_entry(path);
    let keep = newest - count;
    behind_the_guards(
        path,
        &format!("DELETE FROM audit_log WHERE id > {keep}; DELETE FROM audit_seal WHERE audit_id > {keep};"),
    );
    newest
}

#[test]
fn deleted_newest_entries_are_caught_by_the_head_in_the_head_log() {
    let (_dir, path) = file_with_history(5);
    let newest = delete_newest(&path, 3);
    let found = problems(&reopen(&path));
    assert!(
        mentions(&found, &format!("shows entry {newest} existed")) && mentions(&found, "the head log"),
        "{found:?}"
    );
}

#[test]
fn deleted_newest_entries_are_caught_by_a_backup_manifest_when_the_head_log_is_gone() {
    let (dir, path) = file_with_history(5);
    let backups = dir.path().join("backups");
    backup::back_up(&path, &key(&path), &backups, Utc::now(), BackupKind::ByHand).unwrap();
    let backed_up = newest_entry(&path);
    delete_newest(&path, 2);
    std::fs::remove_file(heads::log_path(&path)).unwrap();
    let report = reopen(&path).verify_audit().unwrap();
    assert!(
        mentions(&report.problems, &format!("shows entry {backed_up} existed"))
            && mentions(&report.problems, "the manifest of the backup"),
        "{:?}",
        report.problems
    );
    assert!(
        mentions(&report.warnings, "does not begin with the case file's set-up"),
        "the removed head log is named: {:?}",
        report.warnings
    );
}

#[test]
fn a_head_log_from_another_case_file_or_a_damaged_manifest_is_named_and_the_file_still_opens() {
    let (dir, path) = file_with_history(2);
    let taken =
        backup::back_up(&path, &key(&path), &dir.path().join("backups"), Utc::now(), BackupKind::ByHand).unwrap();
    std::fs::write(heads::manifest_path(&taken.path), b"{ not a manifest").unwrap();
    let other = dir.path().join("other").join("other.sqlite3");
    drop(common::separate_file(&other));
    // Another file's head log in place of this one's: a mix-up, or a cover-up.
    std::fs::copy(heads::log_path(&other), heads::log_path(&path)).unwrap();
    let report = reopen(&path).verify_audit().unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    for named in ["belong to another case file", "is damaged", "does not begin with the case file's set-up"] {
        assert!(mentions(&report.warnings, named), "{named}: {:?}", report.warnings);
    }
}

#[test]
fn deleted_newest_entries_are_caught_by_a_head_typed_from_a_printout() {
    let (_dir, path) = file_with_history(5);
    let mut db = reopen(&path);
    let plan = db.start_plan_version(1, omu_core::domain::plan::PlanKind::Initial, common::today()).unwrap();
    // The head as printed at the foot of the sentence plan, read off the paper.
    let printable = omu_core::print::sentence_plan(&db, plan, Utc::now()).unwrap();
    let rendered = omu_core::pdf::render(&printable.document).unwrap();
    let text = lopdf::Document::load_mem(&rendered.bytes).unwrap().extract_text(&[1]).unwrap();
    let footer = text.lines().find_map(|line| line.trim().strip_prefix("Audit head ")).expect("a head on the page");
    let paper = PrintedHead::parse(footer).unwrap();
    drop(db);
    delete_newest(&path, 3);
    // Everything outside the file but the paper is gone too.
    std::fs::remove_file(heads::log_path(&path)).unwrap();
    let report = reopen(&path).verify_audit_with(std::slice::from_ref(&paper)).unwrap();
    assert!(
        mentions(&report.problems, &format!("shows entry {} existed", paper.entry))
            && mentions(&report.problems, "paper"),
        "{:?}",
        report.problems
    );
    // One character read wrong (a letter that differs from the one printed).
    let first = footer.chars().find(|c| c.is_alphabetic()).unwrap();
    let typo = footer.replacen(first, if first == 'Q' { "R" } else { "Q" }, 1);
    assert!(PrintedHead::parse(&typo).is_err(), "a typo is refused");
}

#[test]
fn a_forged_entry_stays_unsealed_after_ordinary_writes_until_an_administrator_notes_it() {
    let (_dir, path) = file_with_history(3);
    raw(&path)
        .execute_batch(
            "INSERT INTO audit_log (at, actor, action, table_name, row_id, new_values)
             VALUES ('2026-01-05T09:00:00Z', 'Rachel Okoro', 'update', 'prisoner', 1, '{\"rosh\":\"low\"}');",
        )
        .unwrap();
    let mut db = reopen(&path);
    db.insert_prisoner(&details("B2000BB", "Later", "Arrival")).unwrap();
    db.record_consultation(1).unwrap();
    drop(db);
    let mut db = reopen(&path);
    let report = db.verify_audit().unwrap();
    assert!(!report.is_intact());
    assert_eq!(report.outside.len(), 1, "{:?}", report.problems);
    assert_eq!(report.outside[0].claimed_actor, "Rachel Okoro");
    assert!(mentions(&report.problems, "as it claims) has no seal: it was written outside OMU Desk"));

    db.acknowledge_outside(&report.outside).unwrap();
    let after = db.verify_audit().unwrap();
    assert!(after.is_intact(), "{:?}", after.problems);
    assert_eq!(after.acknowledged, 1);
    let noted = db.audit_entries(&Default::default()).unwrap();
    assert!(noted[0].action == "acknowledge" && noted[0].actor == USER, "who looked is on the record");
}

#[test]
fn a_back_dated_entry_with_a_forged_seal_is_reported() {
    let (_dir, path) = file_with_history(3);
    let newest = newest_entry(&path);
    raw(&path)
        .execute_batch(
            "INSERT INTO audit_log (at, actor, action, table_name, row_id, new_values)
             VALUES ('2025-01-05T09:00:00.000Z', 'Rachel Okoro', 'update', 'prisoner', 1, '{\"rosh\":\"low\"}');",
        )
        .unwrap();
    reseal_from(&path, newest + 1);
    let found = problems(&reopen(&path));
    assert!(mentions(&found, "is dated 05/01/2025") && mentions(&found, "back-dated"), "{found:?}");
}

#[test]
fn dropped_triggers_are_noticed_and_nothing_is_saved_until_they_are_put_back() {
    let (_dir, path) = file_with_history(2);
    raw(&path)
        .execute_batch("DROP TRIGGER audit_prisoner_update; DROP TRIGGER audit_log_is_append_only_delete;")
        .unwrap();
    let check = backup::check(&path, &key(&path)).unwrap();
    assert!(mentions(&check.guard_problems, "audit_prisoner_update"), "{:?}", check.guard_problems);
    let mut db = reopen(&path);
    assert!(mentions(db.guard_problems(), "keeps the audit trail append-only"), "{:?}", db.guard_problems());
    let refused = db.insert_prisoner(&details("B2000BB", "Later", "Arrival")).unwrap_err().to_string();
    assert!(refused.contains("nothing was saved") && refused.contains("guards"), "{refused}");

    let fixed = db.put_guards_back().unwrap();
    assert_eq!(fixed.len(), 2, "{fixed:?}");
    assert!(db.guard_problems().is_empty());
    db.insert_prisoner(&details("B2000BB", "Later", "Arrival")).unwrap();
    assert!(db.audit_entries(&Default::default()).unwrap().iter().any(|entry| entry.action == "guards"));
    assert!(db.verify_audit().unwrap().is_intact());
    // An added trigger that would quietly rewrite the trail is a guard problem too.
    drop(db);
    raw(&path)
        .execute_batch(
            "CREATE TRIGGER quietly AFTER INSERT ON audit_log BEGIN UPDATE setting SET value = value WHERE 0; END;",
        )
        .unwrap();
    assert!(mentions(reopen(&path).guard_problems(), "trigger quietly that OMU Desk did not create"));
}

#[test]
fn a_restore_is_on_the_record_and_explains_the_entries_it_took_away() {
    let (dir, path) = file_with_history(3);
    let backups = dir.path().join("backups");
    let taken = backup::back_up(&path, &key(&path), &backups, Utc::now(), BackupKind::ByHand).unwrap();
    let mut db = reopen(&path);
    db.insert_prisoner(&details("B2000BB", "Since", "Backup")).unwrap();
    drop(db); // the sign-out head now includes the entry the restore will take away
    backup::restore(&path, &key(&path), &taken.path, &backups, Utc::now(), USER).unwrap();
    let db = reopen(&path);
    let report = db.verify_audit().unwrap();
    assert!(report.is_intact(), "{:?}", report.problems);
    assert!(mentions(&report.explained, "replaced by the restore"), "{:?}", report.explained);
    let restore = db.audit_entries(&Default::default()).unwrap().into_iter().find(|entry| entry.action == "restore");
    let restore = restore.expect("the restore is in the restored trail");
    let values = restore.new_values.unwrap();
    assert!(values.contains("omu-desk-before-restore") && values.contains("replaced_head"), "{values}");
    let log = heads::read(&heads::log_path(&path));
    assert!(log.lines.iter().any(|line| line.event == heads::Event::Replaced));
    assert!(log.lines.iter().any(|line| line.event == heads::Event::Restore));
}

#[test]
fn failed_sign_ins_are_counted_slowed_and_carried_into_the_trail() {
    let (_dir, path) = file_with_history(1);
    for _ in 0..6 {
        assert!(storage::sign_in(&path, USER, "not the passphrase").is_err());
    }
    let log = heads::read(&heads::log_path(&path));
    let last = log.lines.last().unwrap().at;
    // After six in a row the next attempt waits two seconds from the last failure.
    assert_eq!(storage::sign_in_wait(&path, last + chrono::Duration::milliseconds(500)).num_milliseconds(), 1500);
    assert_eq!(storage::sign_in_wait(&path, last + chrono::Duration::seconds(3)), chrono::Duration::zero());

    let signed_in = storage::sign_in(&path, USER, PASSPHRASE).unwrap();
    assert_eq!(signed_in.failed_attempts.len(), 6);
    let told = omu_core::domain::audit::describe_failed_attempts(&signed_in.failed_attempts).unwrap();
    assert!(told.starts_with("6 failed attempts for your name since you last signed in (last at"), "{told}");
    let carried = signed_in.db.audit_entries(&Default::default()).unwrap();
    assert_eq!(carried.iter().filter(|entry| entry.action == "failed sign-in").count(), 6);
    assert_eq!(storage::sign_in_wait(&path, Utc::now()), chrono::Duration::zero(), "a sign-in ends the run");
    drop(signed_in);
    assert!(storage::sign_in(&path, USER, PASSPHRASE).unwrap().failed_attempts.is_empty(), "told once");
}

#[test]
fn after_a_re_key_a_leaked_key_file_and_an_old_copy_open_nothing_new() {
    use omu_core::domain::users::{Role, User};
    let (dir, mut db) = temp_db();
    db.insert_prisoner(&details("A1000BC", "Before", "Rekey")).unwrap();
    db.add_user(&User { name: "Gary Gate".into(), role: Role::Gate }, "gate house morning").unwrap();
    let path = db.path().to_path_buf();
    drop(db);
    let leaked = dir.path().join("leaked.keys");
    std::fs::copy(storage::key_file_path(&path), &leaked).unwrap();
    let old_copy = dir.path().join("old-copy.sqlite3");
    std::fs::copy(&path, &old_copy).unwrap();

    let done = storage::re_key(&path, USER, PASSPHRASE, &dir.path().join("backups"), Utc::now()).unwrap();
    assert_eq!(done.pending, 1, "Gary's slot waits for his next sign-in");
    let (old_key, _) = storage::Keyring::load_file(&leaked).unwrap().unlock(USER, PASSPHRASE).unwrap();
    assert!(backup::check(&done.backup, &old_key).is_ok(), "a checked backup under the old key came first");

    let mut db = storage::sign_in(&path, USER, PASSPHRASE).unwrap().db;
    db.insert_prisoner(&details("A2000BC", "After", "Rekey")).unwrap();
    let report = db.verify_audit().unwrap();
    assert!(report.is_intact(), "{:?}", report.problems);
    assert!(db.audit_entries(&Default::default()).unwrap().iter().any(|entry| entry.action == "re-key"));
    drop(db);

    // The leaked key file gives the old key: it opens the old copy, not the file now.
    assert!(backup::check(&old_copy, &old_key).is_ok());
    let refused = Db::open(&path, &old_key, USER).err().unwrap();
    assert!(matches!(refused, storage::Error::WrongKey { .. }), "{refused}");

    // Gary signs in with his own passphrase; his slot is sealed anew and the bridge goes.
    let gary = storage::sign_in(&path, "Gary Gate", "gate house morning").unwrap();
    assert_eq!(raw_count(&path, gary.db.key(), "prisoner"), 2, "his sign-in gives the new key");
    drop(gary);
    assert_eq!(storage::Keyring::load(&path).unwrap().pending_rekey(), 0);
    let after = std::fs::read_to_string(storage::key_file_path(&path)).unwrap();
    assert!(!after.contains("rekeyed"), "no envelope left once every slot is sealed anew");

    // The new recovery key works; the old one opens nothing.
    assert!(storage::recover(&path, done.recovery.as_str(), USER, "a fresh passphrase here").is_ok());
    let log = heads::read(&heads::log_path(&path));
    assert!(log.lines.iter().any(|line| line.event == heads::Event::ReKey));
}

/// Run as a child process by the test below: re-keys the case file again and again.
#[test]
fn re_key_child() {
    let Ok(path) = std::env::var("OMU_REKEY_CHILD") else { return };
    use std::io::Write;
    let path = std::path::Path::new(&path);
    let folder = path.parent().unwrap().join("backups");
    for round in 0.. {
        storage::re_key(path, USER, PASSPHRASE, &folder, Utc::now()).unwrap();
        println!("re-keyed {round}");
        std::io::stdout().flush().unwrap();
    }
}

#[cfg(unix)]
#[test]
fn a_re_key_killed_at_any_moment_leaves_a_file_that_opens_whole() {
    use std::io::{BufRead, BufReader};
    let (dir, mut db) = temp_db();
    for n in 0..20 {
        db.insert_prisoner(&details(&format!("A{:04}BC", 1000 + n), "Test", "Person")).unwrap();
    }
    let path = db.path().to_path_buf();
    drop(db);
    let mut rng = fastrand::Rng::with_seed(11);
    for round in 0..6 {
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "re_key_child", "--nocapture", "--test-threads=1"])
            .env("OMU_REKEY_CHILD", &path)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        if round % 2 == 1 {
            // Let one re-key finish first, then kill the next part way.
            while let Some(Ok(line)) = lines.next() {
                if line.starts_with("re-keyed") {
                    break;
                }
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(rng.u64(50..1500)));
        child.kill().unwrap();
        child.wait().unwrap();
        drop(lines);
        let signed_in = storage::sign_in(&path, USER, PASSPHRASE)
            .unwrap_or_else(|error| panic!("round {round}: the file does not open after the kill: {error}"));
        assert_eq!(raw_count(&path, signed_in.db.key(), "prisoner"), 20, "round {round}");
        let report = signed_in.db.verify_audit().unwrap();
        assert!(report.is_intact(), "round {round}: {:?}", report.problems);
        drop(signed_in);
        assert!(!dir.path().join("case-file.sqlite3.rekey").exists(), "round {round}: the journal is settled");
    }
}

fn raw_count(path: &std::path::Path, key: &storage::CaseKey, table: &str) -> i64 {
    storage::connect(path, key, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |row| row.get(0))
        .unwrap()
}
