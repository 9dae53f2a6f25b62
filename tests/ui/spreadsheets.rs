//! Lists out to spreadsheets from the window: the list as shown on each page, saved
//! as a workbook, re-read, and recorded as a disclosure.

use crate::harness::*;
use calamine::{Reader, Xlsx};

/// The rows of the workbook saved into the test's folder under `name`.
fn workbook_rows(app: &App, name_start: &str) -> Vec<Vec<String>> {
    let folder = saved_folder(app.session().unwrap().db().path());
    let path = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| path.file_name().unwrap().to_string_lossy().starts_with(name_start))
        .unwrap_or_else(|| panic!("no {name_start}… saved in {}", folder.display()));
    assert_eq!(path.extension().unwrap(), "xlsx");
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let sheet = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&sheet).unwrap();
    range.rows().map(|row| row.iter().map(ToString::to_string).collect()).collect()
}

fn disclosed(app: &App, what: &str) -> bool {
    let entries = app.session().unwrap().db().audit_entries(&Default::default()).unwrap();
    entries.iter().any(|entry| entry.action == "disclose" && format!("{entry:?}").contains(what))
}

#[test]
fn each_list_is_saved_as_shown_as_a_workbook_and_recorded() {
    let (dir, mut app) = demo_app();
    // The caseload, filtered by a search: only what is shown goes out.
    click(&mut app, "Whole unit");
    search(&mut app, "Green");
    let shown = app.session().unwrap().caseload().entries().len();
    assert!(shown >= 2, "the demo has a few Greens");
    click(&mut app, "Export list…");
    assert!(shows_containing(&app, &format!("Saved {shown} rows to")), "the saved banner");
    let rows = workbook_rows(&app, "Caseload");
    assert_eq!(rows.len(), shown + 1);
    assert!(rows.iter().skip(1).all(|row| row[1].starts_with("Green")), "{rows:?}");
    assert!(disclosed(&app, &format!("caseload of {shown} prisoners exported")));

    // The Due board, one kind only.
    click(&mut app, "Due");
    click(&mut app, "Whole unit");
    let parole = app
        .session()
        .unwrap()
        .due()
        .unwrap()
        .items()
        .iter()
        .filter(|item| item.kind == omu_core::domain::deadlines::DeadlineKind::ParoleReport);
    let count = parole.count();
    click(&mut app, &format!("Parole custody report ({count})"));
    click(&mut app, "Export to spreadsheet…");
    let rows = workbook_rows(&app, "Due");
    assert_eq!(rows.len(), count + 1);
    assert!(rows.iter().skip(1).all(|row| row[2] == "Parole custody report"), "{rows:?}");

    // The workload, the unmet need report and the induction items overdue.
    click(&mut app, "Workload");
    click(&mut app, "Export to spreadsheet…");
    let rows = workbook_rows(&app, "Workload");
    assert_eq!(rows.last().unwrap()[0], "Whole unit", "the totals come last");
    click(&mut app, "Interventions");
    click(&mut app, "Export to spreadsheet…");
    assert!(workbook_rows(&app, "Unmet need").len() > 1);
    click(&mut app, "Induction");
    click(&mut app, "Export overdue items…");
    assert!(workbook_rows(&app, "Induction overdue").len() > 1);
    assert!(disclosed(&app, "list of induction items overdue exported"));
    drop(dir);
}
