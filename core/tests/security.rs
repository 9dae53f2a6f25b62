//! A stolen copy is useless, every access is attributable, and the audit trail's past
//! cannot be changed unnoticed: encryption at rest, the key file, users and roles,
//! the sealed audit trail and retention.

mod common;

use chrono::Utc;
use common::{PASSPHRASE, USER, details, key, raw, reopen, temp_db, today};
use omu_core::domain::backups::BackupKind;
use omu_core::domain::contact::{ContactDetails, ContactType};
use omu_core::domain::users::{Role, User};
use omu_core::storage::{self, Error, Keyring, backup, key_file_path};

const SURNAME: &str = "Quillfeatherstone";
const NOTE: &str = "Disclosed a debt to the Zanzibar marmalade syndicate";

/// A contact whose notes hold [`NOTE`], text that must never show outside the key.
fn add_noted_contact(db: &mut storage::Db, prisoner_id: i64) {
    let contact = ContactDetails {
        contact_date: today(),
        contact_type: ContactType::FaceToFace,
        staff_name: USER.into(),
        notes: NOTE.into(),
    };
    db.add_contact(prisoner_id, &contact).unwrap();
}

fn contains(bytes: &[u8], needle: &str) -> bool {
    bytes.windows(needle.len()).any(|window| window == needle.as_bytes())
}

#[test]
fn the_file_its_log_and_its_backups_hold_no_readable_names_or_notes() {
    let (dir, mut db) = temp_db();
    let mut record = details("A1234BC", "Ezekiel", SURNAME);
    record.notes = NOTE.into();
    let id = db.insert_prisoner(&record).unwrap();
    add_noted_contact(&mut db, id);
    let path = db.path().to_path_buf();
    // While open, the newest pages are in the write-ahead log.
    let wal = std::fs::read(format!("{}-wal", path.display())).unwrap();
    assert!(!wal.is_empty());
    let folder = dir.path().join("usb");
    let taken = backup::back_up(&path, db.key(), &folder, Utc::now(), BackupKind::ByHand).unwrap();
    drop(db);
    for (what, bytes) in [
        ("case file", std::fs::read(&path).unwrap()),
        ("write-ahead log", wal),
        ("backup", std::fs::read(&taken.path).unwrap()),
        ("key file", std::fs::read(key_file_path(&path)).unwrap()),
    ] {
        for needle in [SURNAME, "Zanzibar", "A1234BC", "SQLite format 3", "CREATE TABLE"] {
            assert!(!contains(&bytes, needle), "{what} shows {needle:?}");
        }
    }
    // The same file read with the key has it all.
    assert_eq!(reopen(&path).prisoner(id).unwrap().details.surname, SURNAME);
}

#[test]
fn a_wrong_passphrase_or_a_stranger_is_refused_cleanly() {
    let (dir, db) = temp_db();
    let path = db.path().to_path_buf();
    drop(db);
    let wrong = storage::sign_in(&path, USER, "not the passphrase").err().unwrap();
    assert!(matches!(wrong, Error::WrongPassphrase), "{wrong}");
    let stranger = storage::sign_in(&path, "Somebody Else", PASSPHRASE).err().unwrap();
    assert_eq!(stranger.to_string(), wrong.to_string(), "who has access is not revealed");
    // Another file's key does not open this one.
    let other = dir.path().join("other.sqlite3");
    drop(common::separate_file(&other));
    let error = storage::Db::open(&path, &key(&other), USER).err().unwrap();
    assert!(matches!(error, Error::WrongKey { .. }), "{error}");
    // Without its key file the case file cannot be opened at all, and says so.
    std::fs::rename(key_file_path(&path), dir.path().join("elsewhere.keys")).unwrap();
    let error = storage::sign_in(&path, USER, PASSPHRASE).err().unwrap();
    assert!(error.to_string().contains("key file"), "{error}");
}

#[test]
fn users_come_and_go_without_re_encrypting_the_file() {
    let (dir, mut db) = temp_db();
    db.insert_prisoner(&details("A1234BC", "Ezekiel", SURNAME)).unwrap();
    let path = db.path().to_path_buf();
    let header = |path: &std::path::Path| std::fs::read(path).unwrap()[..16].to_vec();
    let salt_before = header(&path);
    let key_before = key(&path);

    let gary = User { name: "Gary Gate".into(), role: Role::Gate };
    db.add_user(&gary, "gate house morning").unwrap();
    assert!(db.add_user(&gary, "another passphrase").is_err(), "one entry per person");
    let signed_in = storage::unlock(&path, "gary gate", "gate house morning").unwrap();
    assert_eq!(signed_in.1, gary);

    // An old copy of the key file, as someone leaving might keep.
    let old_keys = dir.path().join("old.keys");
    std::fs::copy(key_file_path(&path), &old_keys).unwrap();

    db.set_passphrase("Gary Gate", "new gate passphrase").unwrap();
    assert!(storage::unlock(&path, "Gary Gate", "gate house morning").is_err());
    assert!(storage::unlock(&path, "Gary Gate", "new gate passphrase").is_ok());

    assert!(db.remove_user(USER, USER).is_err(), "nobody removes themselves");
    db.remove_user("Gary Gate", USER).unwrap();
    assert!(storage::unlock(&path, "Gary Gate", "new gate passphrase").is_err(), "no longer in the key file");
    drop(db);
    // The old key file still unseals the key, but the case file itself refuses them.
    std::fs::copy(&old_keys, key_file_path(&path)).unwrap();
    let error = storage::sign_in(&path, "Gary Gate", "gate house morning").err().unwrap();
    assert!(error.to_string().contains("no longer has access"), "{error}");

    // The file was never re-encrypted: same key, same salt in its header.
    assert_eq!(header(&path), salt_before);
    let _ = key_before;
    let user_entries = reopen_as_admin(&path).audit_entries(&Default::default()).unwrap();
    assert!(user_entries.iter().any(|entry| entry.action == "passphrase"), "a reset is logged");
    assert!(user_entries.iter().any(|entry| entry.table_name == "app_user" && entry.action == "insert"));
}

#[test]
fn a_passphrase_sealed_elsewhere_or_for_a_changed_role_is_refused() {
    let (dir, mut db) = temp_db();
    let other = common::separate_file(&dir.path().join("other.sqlite3"));
    let path = db.path().to_path_buf();
    let gary = User { name: "Gary Gate".into(), role: Role::Gate };
    // Sealed with another case file's key: storing it would lock Gary out, so it is refused.
    let foreign = storage::SealedPassphrase::new(other.key(), &gary, "gate house morning").unwrap();
    assert!(db.add_sealed_user(foreign, None).unwrap_err().to_string().contains("another case file"));
    assert!(storage::unlock(&path, "Gary Gate", "gate house morning").is_err());

    db.add_sealed_user(storage::SealedPassphrase::new(db.key(), &gary, "gate house morning").unwrap(), None).unwrap();
    // A reset sealed for a role Gary does not hold is refused; the old passphrase still works.
    let promoted = User { role: Role::Administrator, ..gary.clone() };
    let reset = storage::SealedPassphrase::new(db.key(), &promoted, "new gate passphrase").unwrap();
    assert!(db.set_sealed_passphrase(reset).is_err());
    assert_eq!(storage::unlock(&path, "Gary Gate", "gate house morning").unwrap().1, gary);
    // Weak passphrases are refused before any sealing.
    assert!(storage::SealedPassphrase::new(db.key(), &gary, "short").is_err());
}

/// The administrator, with the current key file (restored from the old copy above).
fn reopen_as_admin(path: &std::path::Path) -> storage::Db {
    storage::open_as(path, &key(path), User { name: USER.into(), role: Role::Administrator }).unwrap().db
}

#[test]
fn the_last_administrator_stays_and_the_recovery_key_makes_a_new_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("case.sqlite3");
    let (key, admin, recovery) = storage::set_up(&path, USER, PASSPHRASE).unwrap();
    let mut db = storage::open_as(&path, &key, admin).unwrap().db;
    db.add_user(&User { name: "Sue Supervisor".into(), role: Role::Supervisor }, "sue copper lantern").unwrap();
    assert!(db.remove_user(USER, "Sue Supervisor").unwrap_err().to_string().contains("last administrator"));
    drop(db);

    // Every administrator's passphrase is forgotten: the recovery key, typed loosely.
    let typed = recovery.as_str().to_lowercase().replace('-', " ");
    assert!(storage::recover(&path, "WRONG-KEY", USER, "a fresh passphrase here").is_err());
    let (_, user) = storage::recover(&path, &typed, USER, "a fresh passphrase here").unwrap();
    assert_eq!(user.role, Role::Administrator);
    let db = storage::sign_in(&path, USER, "a fresh passphrase here").unwrap().db;
    assert!(storage::unlock(&path, USER, PASSPHRASE).is_err(), "the forgotten passphrase is gone");
    let entries = db.audit_entries(&Default::default()).unwrap();
    assert!(entries.iter().any(|entry| entry.action == "recover"), "the recovery is logged");
}

#[test]
fn the_seals_show_an_entry_edited_deleted_or_reordered() {
    let (dir, mut db) = temp_db();
    for n in 0..5 {
        db.insert_prisoner(&details(&format!("A{:04}BC", 1000 + n), "Test", "Person")).unwrap();
    }
    let path = db.path().to_path_buf();
    let report = db.verify_audit().unwrap();
    assert!(report.is_intact(), "{:?}", report.problems);
    assert!(report.entries >= 5);
    drop(db);
    let pristine = dir.path().join("pristine.sqlite3");
    let copy = |to: &std::path::Path| {
        std::fs::copy(&path, to).unwrap();
        std::fs::copy(key_file_path(&path), key_file_path(to)).unwrap();
    };
    copy(&pristine);

    // Each tampering is done as someone with the key and the sqlite3 tool could.
    let tamper = |sql: &str| {
        std::fs::copy(&pristine, &path).unwrap();
        let conn = raw(&path);
        conn.execute_batch(
            "DROP TRIGGER audit_log_is_append_only_update; DROP TRIGGER audit_log_is_append_only_delete;",
        )
        .unwrap();
        conn.execute_batch(sql).unwrap();
        drop(conn);
        reopen(&path).verify_audit().unwrap()
    };
    let edited = tamper("UPDATE audit_log SET actor = 'Someone Else' WHERE id = 2;");
    assert!(!edited.is_intact());
    assert!(edited.problems[0].contains("entry 2"), "{:?}", edited.problems);

    let deleted = tamper("DELETE FROM audit_log WHERE id = 3;");
    assert!(!deleted.is_intact());
    assert!(deleted.problems.iter().any(|problem| problem.contains("entry 3 was deleted")), "{:?}", deleted.problems);

    let reordered = tamper(
        "UPDATE audit_log SET id = -1 WHERE id = 2; UPDATE audit_log SET id = 2 WHERE id = 4;
         UPDATE audit_log SET id = 4 WHERE id = -1;",
    );
    assert!(!reordered.is_intact());
    assert!(reordered.problem_count >= 2, "{:?}", reordered.problems);

    let injected = tamper(
        "INSERT INTO audit_log (at, actor, action, table_name) VALUES ('2026-01-01T00:00:00Z', 'Ghost', 'update', 'prisoner');",
    );
    assert!(injected.problems.iter().any(|problem| problem.contains("no seal")), "{:?}", injected.problems);
}

#[test]
fn viewing_printing_and_exporting_are_logged_with_who() {
    let (_dir, mut db) = temp_db();
    let id = db.insert_prisoner(&details("A1234BC", "Ezekiel", SURNAME)).unwrap();
    db.record_consultation(id).unwrap();
    let printed = omu_core::domain::disclosure::Disclosure::record("prisoner", id, id, "induction record printed");
    db.record_disclosure(&printed, std::path::Path::new("x.pdf")).unwrap();
    let filter = storage::AuditFilter { prisoner_id: Some(id), ..Default::default() };
    let entries = db.audit_entries(&filter).unwrap();
    let actions: Vec<&str> = entries.iter().map(|entry| entry.action.as_str()).collect();
    assert_eq!(actions, ["disclose", "view", "insert"], "newest first, all about this prisoner");
    assert!(entries.iter().all(|entry| entry.actor == USER));
    assert!(db.verify_audit().unwrap().is_intact());
}

#[test]
fn records_past_retention_are_erased_by_a_logged_action_and_the_chain_still_holds() {
    let (_dir, mut db) = temp_db();
    let leaver = db.insert_prisoner(&details("A1111AA", "Old", SURNAME)).unwrap();
    add_noted_contact(&mut db, leaver);
    // History the database otherwise keeps from deletion goes with the record: an
    // agreed plan and a categorisation decision.
    use omu_core::domain::plan::{Objective, ObjectiveStatus, Pathway, PlanKind, ResponsibleRole};
    let plan = db.start_plan_version(leaver, PlanKind::Initial, today()).unwrap();
    let objective = Objective {
        id: None,
        text: "Find somewhere to live".into(),
        pathway: Pathway::Accommodation,
        need: String::new(),
        intervention_id: None,
        intervention_state: None,
        responsible_role: ResponsibleRole::OffenderSupervisor,
        responsible_name: String::new(),
        target_date: None,
        status: ObjectiveStatus::NotStarted,
        status_changed_on: today(),
        progress_notes: String::new(),
        agreement: None,
        agreement_words: String::new(),
    };
    db.save_objective(plan, &objective).unwrap();
    db.close_plan_version(plan, today() + chrono::Duration::days(90), today()).unwrap();
    let decision = omu_core::domain::categorisation::CategoryDecisionDetails {
        category: "C".into(),
        decided_on: today(),
        reason: "Initial categorisation".into(),
        next_review_due: None,
    };
    db.record_category_decision(leaver, &decision).unwrap();
    let stays = db.insert_prisoner(&details("B2222BB", "Current", "Person")).unwrap();
    db.set_archived(leaver, true).unwrap();
    // Seven years on (seen from the future, as the file cannot be aged).
    let later = today() + chrono::Duration::days(365 * 7 + 30);
    let found = db.past_retention(7, later).unwrap();
    assert_eq!(found.prisoners.len(), 1);
    assert!(found.audit_entries > 0);
    assert!(db.past_retention(7, today()).unwrap().is_empty(), "nothing is past retention today");

    let done = db.erase_past_retention(7, later).unwrap();
    assert_eq!(done.prisoners, vec![("A1111AA".to_string(), format!("{SURNAME}, Old"))]);
    assert!(db.prisoner(leaver).is_err());
    assert!(db.prisoner(stays).is_ok(), "the current prisoner is untouched");
    let entries = db.audit_entries(&Default::default()).unwrap();
    assert_eq!(entries[0].action, "erase", "the erasure is the newest entry");
    assert!(
        entries.iter().all(|entry| {
            let values = format!("{:?}{:?}", entry.old_values, entry.new_values);
            !values.contains(SURNAME) && !values.contains("Zanzibar")
        }),
        "nothing of the erased person is copied into the log"
    );
    let report = db.verify_audit().unwrap();
    assert!(report.is_intact(), "{:?}", report.problems);
    assert!(report.erased_before.is_some());
    // Still fine after more work.
    db.insert_prisoner(&details("C3333CC", "New", "Arrival")).unwrap();
    assert!(db.verify_audit().unwrap().is_intact());
}

#[test]
fn a_backup_restores_with_its_own_key_file_when_the_live_one_is_lost() {
    let (dir, mut db) = temp_db();
    db.insert_prisoner(&details("A1234BC", "Ezekiel", SURNAME)).unwrap();
    let path = db.path().to_path_buf();
    let folder = dir.path().join("usb");
    let case_key = key(&path);
    let taken = backup::back_up(&path, &case_key, &folder, Utc::now(), BackupKind::ByHand).unwrap();
    drop(db);
    std::fs::remove_file(key_file_path(&path)).unwrap();
    let keyring = Keyring::load_file(&key_file_path(&taken.path)).unwrap();
    let (unsealed, _) = keyring.unlock(USER, PASSPHRASE).unwrap();
    backup::restore(&path, &unsealed, &taken.path, &folder, Utc::now(), USER).unwrap();
    assert!(key_file_path(&path).exists(), "the key file came back with the backup");
    assert_eq!(reopen(&path).caseload(&Default::default(), today()).unwrap().len(), 1);
}
