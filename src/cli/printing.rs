//! The commands that print to PDF: each builds one printable, and [`print_out`] writes
//! it (recording the disclosure, as the window does) and says where it went.

use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveTime, Utc};
use omu_core::domain::dates::{RangeError, date_range, london_to_utc, parse_date};
use omu_core::domain::text::plural;
use omu_core::domain::users::Capability;
use omu_core::print::{self, Printable};
use omu_core::storage::Db;

use super::{KeyHistoryArgs, find_prisoner, sign_in};

/// A prisoner's induction record.
pub(super) fn print_induction(db_path: &Path, user: &str, prisoner: String, out: PathBuf) -> Result<(), String> {
    let mut db = sign_in(db_path, user, Capability::CaseWork)?;
    let id = find_prisoner(&db, &prisoner)?;
    let printable = print::induction_record(&db, id, Utc::now()).map_err(|error| error.to_string())?;
    print_out(&mut db, &printable, &out, "the induction record")
}

/// A prisoner's latest sentence plan.
pub(super) fn print_plan(db_path: &Path, user: &str, prisoner: String, out: PathBuf) -> Result<(), String> {
    let mut db = sign_in(db_path, user, Capability::CaseWork)?;
    let id = find_prisoner(&db, &prisoner)?;
    let plan = print::latest_plan(&db, id).map_err(|error| error.to_string())?;
    let printable = print::sentence_plan(&db, plan, Utc::now()).map_err(|error| error.to_string())?;
    print_out(&mut db, &printable, &out, "the sentence plan")
}

/// Every plan for one day's planning meetings.
pub(super) fn board_pack(db_path: &Path, user: &str, date: String, out: PathBuf) -> Result<(), String> {
    let day = parse_date(&date)
        .map_err(|message| format!("--date: {message}"))?
        .ok_or("--date: give the date of the meetings")?;
    let mut db = sign_in(db_path, user, Capability::CaseWork)?;
    let printable = print::board_pack(&db, day, Utc::now()).map_err(|error| error.to_string())?;
    let plans = plural(printable.document.sections.len(), "plan");
    print_out(&mut db, &printable, &out, &plans)
}

/// The end-of-day key reconciliation.
pub(super) fn key_reconciliation(db_path: &Path, user: &str, out: PathBuf) -> Result<(), String> {
    let mut db = sign_in(db_path, user, Capability::KeyRegister)?;
    let printable = print::key_reconciliation(&db, Utc::now()).map_err(|error| error.to_string())?;
    print_out(&mut db, &printable, &out, "the key reconciliation")
}

/// The keys out past their due time.
pub(super) fn keys_overdue(db_path: &Path, user: &str, out: PathBuf) -> Result<(), String> {
    let mut db = sign_in(db_path, user, Capability::KeyRegister)?;
    let printable = print::keys_overdue(&db, Utc::now()).map_err(|error| error.to_string())?;
    print_out(&mut db, &printable, &out, "the keys overdue")
}

/// Key movements over a range of days.
pub(super) fn key_history(db_path: &Path, user: &str, args: KeyHistoryArgs) -> Result<(), String> {
    let KeyHistoryArgs { from, to, hook, tally, out } = args;
    let (from, to) = date_range(&from, &to, None).map_err(|error| match error {
        RangeError::From(problem) => format!("--from: {problem}"),
        RangeError::To(problem) => format!("--to: {problem}"),
        _ => format!("--from and --to: {error}"),
    })?;
    let mut db = sign_in(db_path, user, Capability::KeyRegister)?;
    let printable = print::key_history(
        &db,
        london_to_utc(from, NaiveTime::MIN),
        london_to_utc(to + Duration::days(1), NaiveTime::MIN),
        hook,
        tally,
        Utc::now(),
    )
    .map_err(|error| error.to_string())?;
    print_out(&mut db, &printable, &out, "key movements")
}

/// Writes `printable` to `out` and says so: "Printed the sentence plan to plan.pdf (2 pages)".
fn print_out(db: &mut Db, printable: &Printable, out: &Path, what: &str) -> Result<(), String> {
    let pages = print::print_to_file(db, printable, out).map_err(|error| error.to_string())?;
    println!("Printed {what} to {} ({})", out.display(), plural(pages, "page"));
    Ok(())
}
