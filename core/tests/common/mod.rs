//! Helpers shared by the integration tests of both crates (the app's tests include
//! this file by path): temporary case files and records.
#![allow(dead_code)]

use chrono::NaiveDate;
use omu_core::domain::dates::london_today;
use omu_core::domain::prisoner::{PrisonerDetails, PrisonerForm};
use omu_core::domain::risk::{Likelihood, Rosh, SentenceType};
use omu_core::storage::{self, CaseKey, Db, Keyring};
use rusqlite::OpenFlags;

pub const USER: &str = "Test Supervisor";
pub const PASSPHRASE: &str = "test copper lantern";

/// A case file in a temporary folder that disappears with the test, set up with
/// [`USER`] as its administrator.
pub fn temp_db() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let db = new_file(&dir.path().join("case-file.sqlite3"));
    (dir, db)
}

/// A new case file at `path`, opened for [`USER`]. Set up once per test binary and
/// copied (file, key file and head log) for each test: setting up seals the key
/// twice, and each seal takes a quarter of a second by design.
pub fn new_file(path: &std::path::Path) -> Db {
    use std::sync::OnceLock;
    static TEMPLATE: OnceLock<(tempfile::TempDir, std::path::PathBuf)> = OnceLock::new();
    let (_, template) = TEMPLATE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temporary folder");
        let template = dir.path().join("template.sqlite3");
        let (key, user, _) = storage::set_up(&template, USER, PASSPHRASE).expect("set up a new case file");
        drop(storage::open_as(&template, &key, user).expect("open the new case file"));
        (dir, template)
    });
    for (from, to) in [
        (template.clone(), path.to_path_buf()),
        (storage::key_file_path(template), storage::key_file_path(path)),
        (storage::heads::log_path(template), storage::heads::log_path(path)),
    ] {
        std::fs::copy(from, to).expect("copy the new case file");
    }
    let administrator =
        omu_core::domain::users::User { name: USER.into(), role: omu_core::domain::users::Role::Administrator };
    storage::open_as(path, &key(path), administrator).expect("open the new case file").db
}

/// A case file set up on its own, with a key of its own: another establishment's.
pub fn separate_file(path: &std::path::Path) -> Db {
    let (key, user, _) = storage::set_up(path, USER, PASSPHRASE).expect("set up a new case file");
    storage::open_as(path, &key, user).expect("open the new case file").db
}

/// The case key of the file at `path`, as [`USER`] unseals it. Kept once unsealed
/// (per key file contents), since unsealing takes a quarter of a second by design.
pub fn key(path: &std::path::Path) -> CaseKey {
    use std::collections::HashMap;
    use std::sync::Mutex;
    static UNSEALED: Mutex<Option<HashMap<Vec<u8>, CaseKey>>> = Mutex::new(None);
    let key_file = std::fs::read(storage::key_file_path(path)).unwrap_or_default();
    let mut unsealed = UNSEALED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    unsealed
        .get_or_insert_with(HashMap::new)
        .entry(key_file)
        .or_insert_with(|| Keyring::load(path).expect("key file").unlock(USER, PASSPHRASE).expect("unseal").0)
        .clone()
}

/// Opens the file at `path` again, signed in as [`USER`].
pub fn reopen(path: &std::path::Path) -> Db {
    storage::sign_in(path, USER, PASSPHRASE).expect("sign in").db
}

/// A plain SQLite connection to the file, keyed: what another program with the key
/// could do behind the app's back.
pub fn raw(path: &std::path::Path) -> rusqlite::Connection {
    storage::connect(path, &key(path), OpenFlags::SQLITE_OPEN_READ_WRITE).expect("open with the key")
}

pub fn today() -> NaiveDate {
    london_today()
}

/// A valid prisoner form; change fields with struct update syntax.
pub fn form(prison_number: &str, forenames: &str, surname: &str) -> PrisonerForm {
    PrisonerForm {
        prison_number: prison_number.into(),
        surname: surname.into(),
        forenames: forenames.into(),
        date_of_birth: "14/03/1990".into(),
        reception_date: "01/11/2025".into(),
        sentence_type: Some(SentenceType::Determinate),
        sentence_years: "4".into(),
        sentence_date: "20/10/2025".into(),
        rosh: Some(Rosh::High),
        reoffending_likelihood: Some(Likelihood::Medium),
        wing: "A".into(),
        ..PrisonerForm::default()
    }
}

pub fn details(prison_number: &str, forenames: &str, surname: &str) -> PrisonerDetails {
    form(prison_number, forenames, surname).validate(today()).expect("valid test record")
}

/// Counts rows of a table through a separate connection, as another program would.
pub fn count(path: &std::path::Path, table: &str) -> i64 {
    let conn = raw(path);
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |row| row.get(0)).expect("count")
}

/// A bunch on `hook` of seven keys, in use, open to every holder.
pub fn bunch(hook: u32) -> omu_core::domain::keys::Bunch {
    omu_core::domain::keys::Bunch {
        id: 0,
        hook,
        description: format!("Bunch {hook}"),
        key_count: 7,
        contents: String::new(),
        out_of_use: false,
        out_of_use_reason: String::new(),
        access_group: String::new(),
        restricted: false,
    }
}

/// A serving officer on `tally`, risk assessed and given the key talk on `assessed`.
/// Tests run at any hour, so the holder may keep keys overnight (the overnight rule
/// has its own tests in the domain).
pub fn tally_holder(tally: u32, name: &str, assessed: Option<NaiveDate>) -> omu_core::domain::keys::TallyHolder {
    omu_core::domain::keys::TallyHolder {
        id: 0,
        name: name.into(),
        role: "Officer".into(),
        department: "A wing".into(),
        tally,
        risk_assessed_on: assessed,
        key_talk_on: assessed,
        chain_and_pouch: true,
        overnight_allowed: true,
        suspended: false,
        access_groups: Vec::new(),
        status: omu_core::domain::keys::HolderStatus::Serving,
        keys_due_by: None,
    }
}
