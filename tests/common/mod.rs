//! Helpers shared by the integration tests: temporary case files and records.
#![allow(dead_code)]

use chrono::NaiveDate;
use omu_desk::domain::dates::london_today;
use omu_desk::domain::prisoner::{PrisonerDetails, PrisonerForm};
use omu_desk::domain::risk::{Likelihood, Rosh, SentenceType};
use omu_desk::storage::Db;

pub const USER: &str = "Test Supervisor";

/// A case file in a temporary folder that disappears with the test.
pub fn temp_db() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let db = Db::open(&dir.path().join("case-file.sqlite3"), USER).expect("open a new case file");
    (dir, db)
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
    let conn = rusqlite::Connection::open(path).expect("open for counting");
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |row| row.get(0)).expect("count")
}
