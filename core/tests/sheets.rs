//! A caseload brought in from spreadsheets: workbooks made here with the writer
//! crate, CSVs in each encoding, read, mapped, checked row by row and written whole,
//! or refused with a sentence and nothing written.

mod common;

use std::io::Write;

use chrono::NaiveDate;
use common::{count, temp_db, today};
use omu_core::domain::risk::{Rosh, SentenceType};
use omu_core::exchange::sheet::{self, ExistingRecords, Mapping, SheetField, ValueKind};
use omu_core::storage::Db;
use rust_xlsxwriter::{Format, Workbook};

fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

/// A workbook as a unit keeps one: a title, a blank row, headings in row 3, names in
/// one column in capitals, dates typed three ways, risk as "VH" and "Med", and the
/// supervisor's name. `bad` adds two rows that cannot go in.
fn messy_workbook(bad: bool) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Caseload Nov").unwrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    sheet.write_string(0, 0, "HMP Northmoor OMU caseload, November").unwrap();
    for (column, heading) in
        ["Prison No", "Name", "DOB", "Sentence", "Length", "Sentence date", "RoSH", "Wing", "OS", "Comments"]
            .iter()
            .enumerate()
    {
        sheet.write_string(2, column as u16, *heading).unwrap();
    }
    // A date cell, a date typed as text, an ISO date, and Excel's day number.
    sheet.write_string(3, 0, "A1234BC").unwrap();
    sheet.write_string(3, 1, "O'BRIEN, Seán").unwrap();
    sheet.write_date_with_format(3, 2, day(1988, 2, 29), &date).unwrap();
    sheet.write_string(4, 0, "b2345cd").unwrap();
    sheet.write_string(4, 1, "AP RHYS, Dafydd").unwrap();
    sheet.write_string(4, 2, "14/07/1979").unwrap();
    sheet.write_string(5, 0, "C3456DE").unwrap();
    sheet.write_string(5, 1, "KOWALSKA, Ewa").unwrap();
    sheet.write_string(5, 2, "1992-11-03").unwrap();
    for row in 3..6 {
        sheet.write_string(row, 3, ["SDS", "Det", "sds"][row as usize - 3]).unwrap();
        sheet.write_string(row, 4, ["4y 6m", "18 months", "6 years"][row as usize - 3]).unwrap();
        sheet.write_number(row, 5, 45870.0).unwrap(); // 01/08/2025 as a day number
        sheet.write_string(row, 6, ["VH", "Med", "low"][row as usize - 3]).unwrap();
        sheet.write_string(row, 7, "C").unwrap();
        sheet.write_string(row, 8, ["Rachel Okoro", "rachel okoro", "Sam Newcomer"][row as usize - 3]).unwrap();
    }
    sheet.write_string(5, 9, "=HYPERLINK(\"x\")").unwrap();
    // A blank row in the middle is passed over.
    if bad {
        sheet.write_string(7, 0, "D4567EF").unwrap();
        sheet.write_string(7, 1, "SMITH, John").unwrap();
        sheet.write_string(7, 2, "31/02/1990").unwrap();
        sheet.write_string(7, 3, "SDS").unwrap();
        sheet.write_string(7, 4, "2y").unwrap();
        sheet.write_string(8, 0, "E5678FG").unwrap();
        sheet.write_string(8, 1, "JONES, Ann").unwrap();
        sheet.write_string(8, 2, "01/01/1990").unwrap();
        sheet.write_string(8, 3, "SDS").unwrap();
        sheet.write_string(8, 4, "2y").unwrap();
        sheet.write_string(8, 6, "VVH").unwrap();
    }
    book.save_to_buffer().unwrap()
}

fn with_staff() -> (tempfile::TempDir, Db) {
    let (dir, mut db) = temp_db();
    db.add_staff("Rachel Okoro", omu_core::domain::staff::StaffRole::OffenderSupervisor).unwrap();
    (dir, db)
}

#[test]
fn a_messy_workbook_goes_in_field_by_field_once_its_bad_rows_are_put_right() {
    let (dir, mut db) = with_staff();
    let path = db.path().to_path_buf();
    let grid = sheet::read_grid(&messy_workbook(true), None).unwrap();
    assert_eq!(grid.sheet, "Caseload Nov");
    let mapping = sheet::mapping_for(&db, &grid).unwrap();
    assert_eq!(mapping.heading_row, 3, "the headings are found below the title");
    assert_eq!(mapping.column_of(SheetField::FullName), Some(1));
    assert_eq!(mapping.column_of(SheetField::Supervisor), Some(8));

    // The bad rows are named by row and column, and nothing is written.
    let before = (count(&path, "prisoner"), count(&path, "audit_log"));
    let plan = sheet::plan(&db, &grid, &mapping, ExistingRecords::Skip, today()).unwrap();
    assert!(!plan.is_ready());
    assert!(
        plan.problems.iter().any(|p| p.starts_with("row 8, column 'DOB': '31/02/1990' is not a real date")),
        "{:?}",
        plan.problems
    );
    assert!(plan.problems.iter().any(|p| p.starts_with("row 9, column 'RoSH': 'VVH' is not")), "{:?}", plan.problems);
    assert!(sheet::apply(&mut db, &plan).is_err());
    assert_eq!((count(&path, "prisoner"), count(&path, "audit_log")), before, "nothing written");

    // The person teaches the table a word; the date has to be put right in the sheet.
    let mut mapping = mapping;
    mapping.values.add(ValueKind::Rosh, "VVH", "very_high").unwrap();
    let plan = sheet::plan(&db, &grid, &mapping, ExistingRecords::Skip, today()).unwrap();
    assert_eq!(plan.problems.len(), 1, "{:?}", plan.problems);

    let grid = sheet::read_grid(&messy_workbook(false), None).unwrap();
    let plan = sheet::plan(&db, &grid, &mapping, ExistingRecords::Skip, today()).unwrap();
    assert!(plan.is_ready(), "{:?}", plan.problems);
    assert_eq!(plan.new_staff, vec!["Sam Newcomer".to_string()], "said before anything is written");
    assert_eq!(plan.preview(1)[0][2], "O'Brien, Seán");
    let summary = sheet::apply(&mut db, &plan).unwrap();
    assert_eq!(summary.prisoners_added, 3);
    sheet::remember(&mut db, &grid, &mapping).unwrap();

    let record = |number: &str| {
        db.prisoner_by_number(&omu_core::domain::prisoner::PrisonNumber::parse(number).unwrap()).unwrap().unwrap()
    };
    let first = record("A1234BC").details;
    assert_eq!((first.surname.as_str(), first.forenames.as_str()), ("O'Brien", "Seán"));
    assert_eq!(first.date_of_birth, day(1988, 2, 29), "a date cell, a leap day");
    assert_eq!(first.sentence_type, SentenceType::Determinate);
    assert_eq!(first.sentence_length.unwrap().to_string(), "4y 6m");
    assert_eq!(first.sentence_date, Some(day(2025, 8, 1)), "Excel's day number");
    assert_eq!(first.rosh, Some(Rosh::VeryHigh));
    assert_eq!(first.security_category, None, "the wing column is not the category");
    assert_eq!(first.wing, "C");
    let second = record("B2345CD").details;
    assert_eq!((second.surname.as_str(), second.forenames.as_str()), ("Ap Rhys", "Dafydd"), "capitals in title case");
    assert_eq!(second.date_of_birth, day(1979, 7, 14), "typed DD/MM/YYYY");
    assert_eq!(second.rosh, Some(Rosh::Medium));
    let third = record("C3456DE").details;
    assert_eq!(third.date_of_birth, day(1992, 11, 3), "typed ISO");
    assert_eq!(third.notes, "=HYPERLINK(\"x\")", "kept as text; it is never run");
    let staff = db.staff().unwrap();
    let rachel = staff.iter().find(|member| member.name == "Rachel Okoro").unwrap().id;
    assert_eq!(first.allocated_supervisor_id, Some(rachel));
    assert_eq!(second.allocated_supervisor_id, Some(rachel), "matched however it is typed");
    assert!(staff.iter().any(|member| member.name == "Sam Newcomer"));

    // The next file of the same layout is read with the mapping as it was left.
    assert_eq!(sheet::mapping_for(&db, &grid).unwrap(), mapping);
    drop(dir);
}

#[test]
fn existing_prison_numbers_are_skipped_or_only_their_mapped_fields_updated() {
    let (dir, mut db) = with_staff();
    let mut known = common::details("A1234BC", "Seán", "O'Brien");
    known.notes = "Kept: written here, not in the sheet".into();
    known.rosh = Some(Rosh::Low);
    let id = db.insert_prisoner(&known).unwrap();
    let csv = "Prison No,Surname,Forenames,DOB,Length,RoH\r\nA1234BC,O'Brien,Seán,29/02/1988,4y,High\r\nB2345CD,Ap Rhys,Dafydd,14/07/1979,2y,Low\r\n";
    let grid = sheet::read_grid(csv.as_bytes(), None).unwrap();
    let mapping = sheet::propose(&grid.rows);

    let skip = sheet::plan(&db, &grid, &mapping, ExistingRecords::Skip, today()).unwrap();
    assert_eq!(skip.skipped, vec![(2, "A1234BC".to_string())]);
    assert_eq!(skip.new_count(), 1);
    // A dry run: the plan is all there is, and the file is as it was.
    let path = db.path().to_path_buf();
    assert_eq!(count(&path, "prisoner"), 1);

    let update = sheet::plan(&db, &grid, &mapping, ExistingRecords::UpdateMapped, today()).unwrap();
    assert_eq!((update.new_count(), update.update_count()), (1, 1));
    sheet::apply(&mut db, &update).unwrap();
    let changed = db.prisoner(id).unwrap().details;
    assert_eq!(changed.rosh, Some(Rosh::High), "a mapped field is updated");
    assert_eq!(changed.notes, "Kept: written here, not in the sheet", "an unmapped one is kept");
    drop(dir);
}

#[test]
fn csv_files_are_read_in_utf8_with_or_without_a_mark_and_in_windows_1252() {
    let (dir, db) = with_staff();
    let text = "Prison No;Surname;Forenames;DOB;Length\nA1234BC;Ó'Súilleabháin;Seán;29/02/1988;4y\n";
    let with_mark = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
    let (windows, _, lossy) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!lossy);
    for bytes in [text.as_bytes().to_vec(), with_mark, windows.into_owned()] {
        let grid = sheet::read_grid(&bytes, None).unwrap();
        let mapping = sheet::propose(&grid.rows);
        let plan = sheet::plan(&db, &grid, &mapping, ExistingRecords::Skip, today()).unwrap();
        assert!(plan.is_ready(), "{:?}", plan.problems);
        assert_eq!(plan.rows[0].details.surname, "Ó'Súilleabháin");
        assert_eq!(plan.rows[0].details.date_of_birth, day(1988, 2, 29));
    }
    drop(dir);
}

#[test]
fn files_that_cannot_be_imported_get_a_sentence() {
    let (dir, db) = with_staff();
    // An old .xls, or a workbook with a password (both are OLE compound files).
    let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0];
    assert!(sheet::read_grid(&ole, None).unwrap_err().contains("save it as .xlsx"));
    // A zip that is not a workbook.
    let mut not_a_workbook = Vec::new();
    {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut not_a_workbook));
        zip.start_file("hello.txt", zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(b"hello").unwrap();
        zip.finish().unwrap();
    }
    assert!(sheet::read_grid(&not_a_workbook, None).unwrap_err().contains("not a workbook"));
    // A zip bomb: a part that unpacks to thousands of times its size.
    let mut bomb = Vec::new();
    {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut bomb));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(9));
        zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
        let zeros = vec![b'0'; 1024 * 1024];
        for _ in 0..12 {
            zip.write_all(&zeros).unwrap();
        }
        zip.finish().unwrap();
    }
    let refused = sheet::read_grid(&bomb, None).unwrap_err();
    assert!(refused.contains("would unpack to 12 MB"), "{refused}");
    // A sheet that is not there.
    let refused = sheet::read_grid(&messy_workbook(false), Some("December")).unwrap_err();
    assert!(refused.contains("no sheet called 'December' (it has: Caseload Nov)"), "{refused}");
    // 100,000 rows.
    let mut huge = String::from("Prison No,Surname\n");
    for row in 0..100_000 {
        huge.push_str(&format!("A{row:04}BC,Name\n"));
    }
    assert!(sheet::read_grid(huge.as_bytes(), None).unwrap_err().contains("up to 20000"));
    // A column mapped twice, and no prison number.
    let grid = sheet::read_grid(b"Surname,Last name,DOB\nSmith,Smith,01/01/1990\n", None).unwrap();
    let mapping = Mapping {
        columns: vec![Some(SheetField::Surname), Some(SheetField::Surname), Some(SheetField::DateOfBirth)],
        ..sheet::propose(&grid.rows)
    };
    let plan = sheet::plan(&db, &grid, &mapping, ExistingRecords::Skip, today()).unwrap();
    assert!(
        plan.problems.iter().any(|p| p.contains("Surname is mapped from more than one column")),
        "{:?}",
        plan.problems
    );
    assert!(plan.problems.iter().any(|p| p.contains("no column is mapped to the prison number")));
    drop(dir);
}

/// Replays the sheet fuzzer's saved corpus (fuzz/corpus/import_sheet) through reading,
/// planning and writing: no input panics, and none half-applies.
#[test]
fn every_saved_sheet_input_is_answered_and_none_half_applies() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus/import_sheet");
    let mut inputs: Vec<_> = std::fs::read_dir(&folder).unwrap().map(|entry| entry.unwrap().path()).collect();
    inputs.sort();
    assert!(inputs.len() >= 10, "the corpus has {} inputs", inputs.len());
    let (dir, mut db) = with_staff();
    let path = db.path().to_path_buf();
    let mut imported = 0;
    for input in inputs {
        let Ok(grid) = sheet::read_file(&input, None) else { continue };
        let mapping = sheet::propose(&grid.rows);
        for existing in [ExistingRecords::Skip, ExistingRecords::UpdateMapped] {
            let plan = sheet::plan(&db, &grid, &mapping, existing, today()).unwrap();
            let before = count(&path, "prisoner");
            match sheet::apply(&mut db, &plan) {
                Ok(_) => imported += 1,
                Err(error) => {
                    assert!(!error.to_string().is_empty());
                    assert_eq!(count(&path, "prisoner"), before, "{} half-applied", input.display());
                }
            }
        }
    }
    assert!(imported > 0, "some of the corpus goes in");
    drop(dir);
}

#[test]
fn merged_titles_offset_tables_and_formulas_without_values_are_read_as_the_sheet_shows_them() {
    let (dir, db) = with_staff();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    // A merged title across the top, and the table starting at B4 rather than A1.
    sheet.merge_range(0, 1, 1, 5, "Caseload at 1 December", &Format::new().set_bold()).unwrap();
    for (column, heading) in ["Prison No", "Surname", "Forenames", "DOB", "Length"].iter().enumerate() {
        sheet.write_string(3, 1 + column as u16, *heading).unwrap();
    }
    for (row, number) in [(4, "A1234BC"), (5, "B2345CD")] {
        sheet.write_string(row, 1, number).unwrap();
        sheet.write_string(row, 2, "Smith").unwrap();
        sheet.write_string(row, 3, "Jo").unwrap();
        sheet.write_string(row, 5, "2y").unwrap();
    }
    sheet.write_string(4, 4, "01/02/1990").unwrap();
    // Written by a program: a formula and no value saved with it.
    sheet.write_formula(5, 4, "=DATE(1990,2,1)").unwrap();
    let grid = sheet::read_grid(&book.save_to_buffer().unwrap(), None).unwrap();
    let mapping = sheet::propose(&grid.rows);
    assert_eq!(mapping.heading_row, 4, "row 4, as the spreadsheet numbers it");
    assert_eq!(mapping.column_of(SheetField::PrisonNumber), Some(1), "column B");
    let plan = sheet::plan(&db, &grid, &mapping, ExistingRecords::Skip, today()).unwrap();
    assert_eq!(plan.problems.len(), 1, "{:?}", plan.problems);
    assert!(
        plan.problems[0].starts_with("row 6, column 'DOB': holds a formula (=DATE(1990,2,1)) with no value saved"),
        "{:?}",
        plan.problems
    );
    drop(dir);
}
