//! The commands that move case data in and out: JSON exports and transfer packs,
//! spreadsheets, lists and the calendar.

use std::path::{Path, PathBuf};

use omu_core::domain::dates::london_today;
use omu_core::domain::prisoner::PrisonNumber;
use omu_core::domain::text::{plural, plural_with};
use omu_core::domain::users::Capability;

use super::{ListArgs, SheetArgs, sign_in, whose_caseload};

/// The case file, or one transfer pack, as JSON.
pub(super) fn export(db_path: &Path, user: &str, out: PathBuf, prisoner: Option<String>) -> Result<(), String> {
    let mut db = sign_in(db_path, user, Capability::CaseWork)?;
    let prisoner = prisoner
        .map(|number| PrisonNumber::parse(&number).map_err(|message| format!("--prisoner: {message}")))
        .transpose()?;
    let count =
        omu_core::exchange::export_to_file(&mut db, prisoner.as_ref(), &out).map_err(|error| error.to_string())?;
    println!("Exported {} to {}", plural(count, "prisoner"), out.display());
    Ok(())
}

/// A JSON export read in: all of it or nothing.
pub(super) fn import(db_path: &Path, user: &str, file: PathBuf, replace: bool) -> Result<(), String> {
    let mut db = sign_in(db_path, user, Capability::CaseWork)?;
    let summary =
        omu_core::exchange::import_file(&mut db, &file, replace, london_today()).map_err(|error| error.to_string())?;
    println!("Imported {}: {}", file.display(), summary.describe());
    Ok(())
}

/// A caseload spreadsheet read in, after every row is checked.
pub(super) fn import_sheet(db_path: &Path, user: &str, args: SheetArgs) -> Result<(), String> {
    let SheetArgs { file, sheet, mapping, write_mapping, dry_run, update } = args;
    let grid = omu_core::exchange::sheet::read_file(&file, sheet.as_deref())?;
    let mut db = sign_in(db_path, user, Capability::CaseWork)?;
    let mapping = match mapping {
        Some(path) => {
            let text =
                std::fs::read_to_string(&path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
            omu_core::exchange::sheet::Mapping::from_json(&text)
                .map_err(|problem| format!("{}: {problem}", path.display()))?
        }
        None => omu_core::exchange::sheet::mapping_for(&db, &grid).map_err(|error| error.to_string())?,
    };
    let headings = omu_core::exchange::sheet::headings(&grid, &mapping);
    println!("{}", omu_core::exchange::sheet::describe_mapping(&headings, &mapping));
    if let Some(path) = write_mapping {
        omu_core::storage::write_file_atomically(&path, mapping.to_json().as_bytes())
            .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
        println!("The mapping is in {}: change it and pass it back with --mapping.", path.display());
    }
    let existing = if update {
        omu_core::exchange::sheet::ExistingRecords::UpdateMapped
    } else {
        omu_core::exchange::sheet::ExistingRecords::Skip
    };
    let plan = omu_core::exchange::sheet::plan(&db, &grid, &mapping, existing, london_today())
        .map_err(|error| error.to_string())?;
    println!("{}", plan.describe());
    if !plan.problems.is_empty() {
        return Err(format!(
            "nothing was imported: {} to put right first",
            plural_with(plan.problems.len(), "problem", "problems")
        ));
    }
    for line in plan.preview(5) {
        println!("  {}", line.join(" | "));
    }
    if dry_run {
        println!("Dry run: nothing was written.");
        return Ok(());
    }
    let summary = omu_core::exchange::sheet::apply(&mut db, &plan).map_err(|error| error.to_string())?;
    omu_core::exchange::sheet::remember(&mut db, &grid, &mapping).map_err(|error| error.to_string())?;
    println!("Imported {}: {}", file.display(), summary.describe());
    Ok(())
}

/// One list as a spreadsheet.
pub(super) fn export_list(db_path: &Path, user: &str, args: ListArgs) -> Result<(), String> {
    let ListArgs { kind, out, staff, from, to } = args;
    // The ending is checked before signing in, so a mistyped name costs nothing.
    omu_core::exchange::lists::ListFormat::of(&out).map_err(|error| error.to_string())?;
    let today = london_today();
    let day = |value: Option<String>, name: &str, default: chrono::NaiveDate| match value
        .map(|value| omu_core::domain::dates::parse_date(&value))
        .transpose()
    {
        Ok(day) => Ok(day.flatten().unwrap_or(default)),
        Err(problem) => Err(format!("--{name}: {problem}")),
    };
    let (first, last) = (day(from, "from", today - chrono::Duration::days(7))?, day(to, "to", today)?);
    if first > last {
        return Err("--from: cannot be after --to".into());
    }
    let mut db = sign_in(db_path, user, kind.needs())?;
    let whose = whose_caseload(&db, staff.as_deref(), user)?;
    let midnight = chrono::NaiveTime::MIN;
    let scope = omu_core::exchange::lists::ListScope {
        staff_id: whose.as_ref().map(|member| member.id),
        from: omu_core::domain::dates::london_to_utc(first, midnight),
        to: omu_core::domain::dates::london_to_utc(last + chrono::Duration::days(1), midnight),
    };
    let table = omu_core::exchange::lists::from_case_file(&db, kind, scope, today, chrono::Utc::now())
        .map_err(|error| error.to_string())?;
    let rows = omu_core::exchange::lists::write_list(&mut db, &table, &out).map_err(|error| error.to_string())?;
    println!("Exported {} ({}) to {}", table.title.to_lowercase(), plural(rows, "row"), out.display());
    Ok(())
}

/// Deadlines and boards as an iCalendar file.
pub(super) fn calendar(db_path: &Path, user: &str, out: PathBuf, staff: Option<String>) -> Result<(), String> {
    let mut db = sign_in(db_path, user, Capability::CaseWork)?;
    let whose = whose_caseload(&db, staff.as_deref(), user)?;
    let today = omu_core::domain::dates::london_today();
    let export = omu_core::exchange::calendar::calendar_export(
        &db,
        whose.as_ref().map(|member| member.id),
        today,
        chrono::Utc::now(),
    )
    .map_err(|error| error.to_string())?;
    omu_core::exchange::calendar::write_calendar(&mut db, &export, &out).map_err(|error| error.to_string())?;
    println!(
        "Exported {} and {} for {} to {}",
        plural(export.deadlines, "deadline"),
        plural(export.boards, "board"),
        whose.map_or("the whole unit".to_string(), |member| format!("{}'s caseload", member.name)),
        out.display()
    );
    Ok(())
}
