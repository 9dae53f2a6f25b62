//! The commands that print to PDF: each builds one printable, and [`print_out`] writes
//! it (recording the disclosure, as the window does) and says where it went.

use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDate, NaiveTime, Utc};
use omu_core::domain::dates::{RangeError, date_range, london_to_utc, london_today, parse_date};
use omu_core::domain::text::plural;
use omu_core::domain::unit::month_end;
use omu_core::domain::users::Capability;
use omu_core::print::{self, Printable};
use omu_core::storage::Db;

use super::{KeyHistoryArgs, find_prisoner, sign_in, whose_caseload};

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

/// The unit report for the twelve months to `month` (YYYY-MM), for a caseload or the unit.
pub(super) fn unit_report(
    db_path: &Path,
    user: &str,
    out: PathBuf,
    month: Option<String>,
    staff: Option<String>,
) -> Result<(), String> {
    let today = london_today();
    let as_of = match month {
        None => today,
        Some(typed) => {
            let first = NaiveDate::parse_from_str(&format!("{}-01", typed.trim()), "%Y-%m-%d")
                .map_err(|_| format!("--month: give the month as YYYY-MM, e.g. 2026-03 (found '{typed}')"))?;
            if first > today {
                return Err(format!("--month: {typed} has not begun yet"));
            }
            month_end(first).min(today)
        }
    };
    let mut db = sign_in(db_path, user, Capability::CaseWork)?;
    let whose = whose_caseload(&db, staff.as_deref(), user)?;
    let printable = print::unit_report(&db, whose.as_ref(), as_of, Utc::now()).map_err(|error| error.to_string())?;
    print_out(&mut db, &printable, &out, "the unit report")
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
