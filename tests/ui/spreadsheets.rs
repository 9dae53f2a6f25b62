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

#[test]
fn a_caseload_comes_in_from_a_spreadsheet_through_the_mapping_page() {
    use omu_desk::ui::Message;
    use omu_desk::ui::dialog::OpenedFile;
    use omu_desk::ui::screen::caseload::Message as Caseload;
    use omu_desk::ui::screen::sheet_import::Message as Import;
    let (dir, mut app) = demo_app();
    let before = app.session().unwrap().db().all_prisoners().unwrap().len();
    // Headings below a title, the names in one column, risk as the unit writes it.
    let csv = "OMU caseload export\r\n\r\nPrison No,Name,DOB,Length,RoSH,Comments\r\n\
               Z1111ZZ,\"NEWMAN, Alex\",03/04/1991,3y,VH,\r\n\
               Z2222ZZ,\"NEWELL, Sam\",07/06/1985,18 months,Extreme,\r\n";
    let path = dir.path().join("caseload.csv");
    // iced_test cannot work the system's file chooser: its answer is sent as its message.
    apply(
        &mut app,
        [Message::Caseload(Caseload::SheetChosen(OpenedFile::Read { path, bytes: Ok(csv.as_bytes().to_vec()) }))],
    );
    assert!(shows(&app, "Import a caseload from caseload.csv"));
    let screen = app.session().unwrap().sheet_import().expect("on the import page");
    assert_eq!(screen.mapping().heading_row, 3);
    // One word the table does not know: named by row and column, and Import waits.
    assert!(shows_containing(&app, "row 5, column 'RoSH': 'Extreme' is not a Risk of serious harm value"));
    assert!(shows(&app, "Put 1 problem right first"));
    assert_eq!(app.session().unwrap().db().all_prisoners().unwrap().len(), before, "nothing written");

    // The person teaches it the word, and the preview shows the row as it will be saved.
    type_into_labelled(&mut app, "The sheet says", "Extreme");
    apply(&mut app, [Message::SheetImport(Import::ValueCode("very_high".into()))]);
    click(&mut app, "Add the word");
    assert!(shows(&app, "'Extreme' now reads as risk of serious harm very_high."));
    assert!(shows(&app, "Newman, Alex"), "the preview, in title case");
    click(&mut app, "Import 2 rows");
    assert!(app.session().unwrap().sheet_import().is_none(), "back on the caseload");
    assert!(shows_containing(&app, "Imported caseload.csv: 2 prisoners added"));
    let prisoners = app.session().unwrap().db().all_prisoners().unwrap();
    assert_eq!(prisoners.len(), before + 2);
    let sam = prisoners.iter().find(|p| p.details.prison_number.as_str() == "Z2222ZZ").unwrap();
    assert_eq!(sam.details.rosh, Some(omu_core::domain::risk::Rosh::VeryHigh));
    drop(dir);
}
