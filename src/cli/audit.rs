//! The audit trail's commands (administrators): verify, acknowledge, export.

use std::path::{Path, PathBuf};

use omu_core::domain::audit::PrintedHead;
use omu_core::domain::text::plural_with;
use omu_core::domain::users::Capability;

use super::{find_prisoner, sign_in};

/// Every seal and every published head checked.
pub(super) fn verify(db_path: &Path, user: &str, heads: Vec<String>) -> Result<(), String> {
    let typed = heads
        .iter()
        .map(|head| PrintedHead::parse(head).map_err(|reason| format!("--head \"{head}\": {reason}")))
        .collect::<Result<Vec<_>, _>>()?;
    let db = sign_in(db_path, user, Capability::Administer)?;
    let report = db.verify_audit_with(&typed).map_err(|error| error.to_string())?;
    for line in report.details() {
        println!("{line}");
    }
    if report.is_intact() {
        println!("{}", report.summary());
        Ok(())
    } else {
        Err(report.summary())
    }
}

/// Entries written outside OMU Desk noted as looked at.
pub(super) fn acknowledge(db_path: &Path, user: &str) -> Result<(), String> {
    let mut db = sign_in(db_path, user, Capability::Administer)?;
    let report = db.verify_audit().map_err(|error| error.to_string())?;
    db.acknowledge_outside(&report.outside).map_err(|error| error.to_string())?;
    println!(
        "Noted {} written outside OMU Desk as looked at by {user}.",
        plural_with(report.outside.len(), "entry", "entries")
    );
    Ok(())
}

/// The audit trail, or part of it, as a spreadsheet.
pub(super) fn export(
    db_path: &Path,
    user: &str,
    from: Option<String>,
    to: Option<String>,
    prisoner: Option<String>,
    out: PathBuf,
) -> Result<(), String> {
    let day = |value: Option<String>, name: &str| {
        value
            .map(|value| omu_core::domain::dates::parse_date(&value).map_err(|message| format!("--{name}: {message}")))
            .transpose()
            .map(Option::flatten)
    };
    let (from, to) = (day(from, "from")?, day(to, "to")?);
    let mut db = sign_in(db_path, user, Capability::Administer)?;
    let prisoner_id = prisoner.map(|number| find_prisoner(&db, &number)).transpose()?;
    let entries = db
        .audit_entries(&omu_core::storage::AuditFilter { from, to, prisoner_id, limit: None })
        .map_err(|error| error.to_string())?;
    let names = db.audit_names().map_err(|error| error.to_string())?;
    let table = omu_core::exchange::lists::audit_trail(&entries, &names);
    omu_core::exchange::lists::write_list(&mut db, &table, &out).map_err(|error| error.to_string())?;
    println!("Exported {} audit entries to {}", entries.len(), out.display());
    Ok(())
}
