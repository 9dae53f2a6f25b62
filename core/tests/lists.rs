//! Every list out to a spreadsheet: written, then read back with the reader crates
//! (calamine for workbooks, csv for text) and checked cell by cell.

mod common;

use std::io::Read;

use calamine::{Data, Reader, Xlsx};
use chrono::Utc;
use common::{temp_db, today};
use omu_core::exchange::lists::{self, ListFormat, ListKind, ListScope, ListTable, ListValue, list_bytes};
use omu_core::storage::Db;

fn demo() -> (tempfile::TempDir, Db) {
    let (dir, mut db) = temp_db();
    omu_core::demo::populate(&mut db, today(), "Demo User").unwrap();
    (dir, db)
}

fn whole_unit() -> ListScope {
    let now = Utc::now();
    ListScope { staff_id: None, from: now - chrono::Duration::days(7), to: now }
}

fn workbook(table: &ListTable) -> (Vec<u8>, calamine::Range<Data>) {
    let bytes = list_bytes(table, ListFormat::Xlsx).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.clone())).unwrap();
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    (bytes, range)
}

/// The XML of the first sheet, where the page header and frozen pane are kept.
fn sheet_xml(bytes: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    archive.by_name("xl/worksheets/sheet1.xml").unwrap().read_to_string(&mut xml).unwrap();
    xml
}

#[test]
fn the_caseload_comes_out_as_a_workbook_with_real_dates_and_the_marking() {
    let (dir, db) = demo();
    let table = lists::from_case_file(&db, ListKind::Caseload, whole_unit(), today(), Utc::now()).unwrap();
    let entries = db.caseload(&omu_core::storage::CaseloadQuery::default(), today()).unwrap();
    assert_eq!(table.rows.len(), entries.len());
    let (bytes, range) = workbook(&table);
    assert_eq!(range.height(), entries.len() + 1, "a heading row and one row per prisoner");
    let heading = |column: usize| range.get((0, column)).unwrap().to_string();
    assert_eq!(heading(0), "Prison no.");
    let column = |name: &str| (0..range.width()).find(|at| heading(*at) == name).unwrap();
    for (row, entry) in entries.iter().enumerate() {
        let at = row + 1;
        assert_eq!(range.get((at, 0)).unwrap().to_string(), entry.prisoner.details.prison_number.as_str());
        assert_eq!(range.get((at, column("Surname"))).unwrap().to_string(), entry.prisoner.details.surname);
        // A date is a date cell, and the same day.
        match range.get((at, column("OASys review due"))).unwrap() {
            Data::DateTime(date) => {
                assert_eq!(date.as_datetime().unwrap().date(), entry.summary.review_due.value, "row {at}")
            }
            other => panic!("row {at}: the review date is {other:?}, not a date"),
        }
        // A count is a number.
        assert!(matches!(range.get((at, column("Induction items overdue"))).unwrap(), Data::Float(_) | Data::Int(_)));
    }
    let xml = sheet_xml(&bytes);
    assert!(xml.contains("OFFICIAL-SENSITIVE"), "the marking is in the page header");
    assert!(xml.contains(r#"ySplit="1""#), "the heading row is frozen");
    assert!(xml.contains("<autoFilter"), "the headings filter");
    drop(dir);
}

#[test]
fn every_list_comes_out_with_a_heading_row_and_its_rows() {
    let (dir, db) = demo();
    for kind in ListKind::ALL {
        let table = lists::from_case_file(&db, kind, whole_unit(), today(), Utc::now()).unwrap();
        assert!(!table.rows.is_empty(), "{kind:?}: the demo has some");
        assert!(table.rows.iter().all(|row| row.len() == table.columns.len()), "{kind:?}: every row is whole");
        let (_, range) = workbook(&table);
        assert_eq!(range.height(), table.rows.len() + 1, "{kind:?}");
        assert_eq!(range.get((0, 0)).unwrap().to_string(), table.columns[0].heading, "{kind:?}");
    }
    drop(dir);
}

#[test]
fn csv_is_utf8_with_a_mark_and_text_is_never_run_as_a_formula() {
    let mut table = lists::due(&[], today());
    let mut row = vec![ListValue::Empty; table.columns.len()];
    row[0] = ListValue::Date(chrono::NaiveDate::from_ymd_opt(2027, 2, 28).unwrap());
    row[4] = ListValue::Text("Ó'Súilleabháin, Seán".into());
    row[6] = ListValue::Text("=HYPERLINK(\"http://x\",\"click\")".into());
    table.rows.push(row.clone());
    row[6] = ListValue::Text("+44 20 7946 0000, \"quoted\"\r\nsecond line".into());
    table.rows.push(row);
    let bytes = list_bytes(&table, ListFormat::Csv).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a byte-order mark, so Excel reads the accents");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headings: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(headings[0], "Due");
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(&records[0][0], "2027-02-28");
    assert_eq!(&records[0][4], "Ó'Súilleabháin, Seán");
    assert_eq!(&records[0][6], "'=HYPERLINK(\"http://x\",\"click\")", "a formula is shown, not run");
    assert_eq!(&records[1][6], "'+44 20 7946 0000, \"quoted\"\r\nsecond line", "quotes and lines survive");
    // In a workbook the same text is a text cell, never a formula.
    let (bytes, range) = workbook(&table);
    assert_eq!(range.get((1, 6)).unwrap().to_string(), "=HYPERLINK(\"http://x\",\"click\")");
    assert!(!sheet_xml(&bytes).contains("<f>"), "no formula cells");
}

#[test]
fn writing_a_list_records_the_disclosure_and_a_wrong_ending_writes_nothing() {
    let (dir, mut db) = demo();
    let table = lists::from_case_file(&db, ListKind::Due, whole_unit(), today(), Utc::now()).unwrap();
    let before = db.audit_count().unwrap();
    let wrong = dir.path().join("due.pdf");
    let refused = lists::write_list(&mut db, &table, &wrong).unwrap_err();
    assert!(refused.to_string().contains(".xlsx (Excel) or .csv"), "{refused}");
    assert!(!wrong.exists());
    assert_eq!(db.audit_count().unwrap(), before, "nothing recorded");

    let out = dir.path().join("due.xlsx");
    assert_eq!(lists::write_list(&mut db, &table, &out).unwrap(), table.rows.len());
    let entries = db.audit_entries(&Default::default()).unwrap();
    assert_eq!(entries[0].action, "disclose");
    assert!(format!("{:?}", entries[0].new_values).contains("deadlines exported"), "{:?}", entries[0]);
    drop(dir);
}
