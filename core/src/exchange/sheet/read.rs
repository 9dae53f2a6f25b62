//! Reading a workbook (.xlsx, .ods) or a CSV into a grid of typed cells, with the
//! limits that keep a hostile or broken file from taking the PC's memory.

use calamine::{Data, Reader};
use chrono::NaiveDate;

/// The largest file a sheet import reads.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;
/// The most a workbook may unpack to, and how many times its packed size: a zip
/// bomb unpacks to thousands of times more.
const MAX_UNPACKED_BYTES: u64 = 200 * 1024 * 1024;
const MAX_UNPACK_RATIO: u64 = 200;
/// The most rows one import takes: more than any unit's caseload.
pub const MAX_ROWS: usize = 20_000;
/// The most columns read from a row.
pub const MAX_COLUMNS: usize = 200;

/// One cell as the file holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
    /// A formula with no value saved beside it (a file written by a program, not
    /// saved by a spreadsheet): there is nothing to import.
    Formula(String),
}

impl Cell {
    /// The cell as a person would read it, for headings, previews and messages.
    pub fn shown(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) => text.trim().to_string(),
            Cell::Number(number) if number.fract() == 0.0 && number.abs() < 1e15 => format!("{}", *number as i64),
            Cell::Number(number) => number.to_string(),
            Cell::Date(date) => crate::domain::dates::format_date(*date),
            Cell::Formula(formula) => format!("={formula}"),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.shown().is_empty()
    }
}

/// A sheet read whole: the workbook's sheet names, the one read, and its rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub sheets: Vec<String>,
    pub sheet: String,
    pub rows: Vec<Vec<Cell>>,
}

/// What kind of file the bytes are, from their first bytes rather than the name.
fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

fn is_old_office(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

/// The bytes of the file at `path`, refusing one too large before reading it.
pub fn read_bytes(path: &std::path::Path) -> Result<Vec<u8>, String> {
    let size = std::fs::metadata(path).map_err(|error| format!("cannot read {}: {error}", path.display()))?.len();
    if size > MAX_FILE_BYTES {
        return Err(format!(
            "{} is {} MB; a caseload import reads up to {} MB (save just the sheet you need)",
            path.display(),
            size / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    std::fs::read(path).map_err(|error| format!("cannot read {}: {error}", path.display()))
}

/// Reads the file at `path` and the sheet named, or the first one.
pub fn read_file(path: &std::path::Path, sheet: Option<&str>) -> Result<Grid, String> {
    let bytes = read_bytes(path)?;
    read_grid(&bytes, sheet).map_err(|problem| format!("{}: {problem}", path.display()))
}

/// Reads `bytes` (a workbook or a CSV) and the sheet named, or the first one.
pub fn read_grid(bytes: &[u8], sheet: Option<&str>) -> Result<Grid, String> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "the file is {} MB; a caseload import reads up to {} MB (save just the sheet you need)",
            bytes.len() / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    if is_old_office(bytes) {
        return Err("this is an old-style Excel file (.xls) or a password-protected workbook: open it in Excel, remove any password, and save it as .xlsx (Excel Workbook)".into());
    }
    if is_zip(bytes) {
        return read_workbook(bytes, sheet);
    }
    if sheet.is_some() {
        return Err("a CSV file has no sheets: leave out the sheet name".into());
    }
    read_csv(bytes)
}

fn read_workbook(bytes: &[u8], sheet: Option<&str>) -> Result<Grid, String> {
    check_unpacked_size(bytes)?;
    let cursor = std::io::Cursor::new(bytes);
    let mut book = calamine::open_workbook_auto_from_rs(cursor)
        .map_err(|error| format!("this is not a workbook OMU Desk can read (.xlsx or .ods): {error}"))?;
    let sheets = book.sheet_names().to_vec();
    let name = match sheet {
        Some(wanted) => sheets
            .iter()
            .find(|name| name.trim().eq_ignore_ascii_case(wanted.trim()))
            .cloned()
            .ok_or_else(|| format!("the workbook has no sheet called '{wanted}' (it has: {})", sheets.join(", ")))?,
        None => sheets.first().cloned().ok_or("the workbook has no sheets")?,
    };
    let range = book.worksheet_range(&name).map_err(|error| format!("sheet '{name}' could not be read: {error}"))?;
    if range.height() > MAX_ROWS + 50 {
        return Err(too_many_rows(range.height()));
    }
    // The range starts at the first cell used; rows and columns keep the numbers the
    // spreadsheet shows, so "row 5" is row 5 there.
    let (first_row, first_column) = range.start().map_or((0, 0), |(row, column)| (row as usize, column as usize));
    let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); first_row];
    for row in range.rows() {
        let mut cells = vec![Cell::Empty; first_column.min(MAX_COLUMNS)];
        cells.extend(row.iter().take(MAX_COLUMNS.saturating_sub(first_column)).map(cell_from));
        rows.push(cells);
    }
    // A formula whose value was never saved reads as empty (or nought): say so instead.
    if let Ok(formulas) = book.worksheet_formula(&name) {
        let (formula_row, formula_column) =
            formulas.start().map_or((0, 0), |(row, column)| (row as usize, column as usize));
        for (row, column, formula) in formulas.used_cells() {
            let (row, column) = (formula_row + row, formula_column + column);
            if let Some(cell) = rows.get_mut(row).and_then(|cells| cells.get_mut(column))
                && !formula.is_empty()
                && matches!(cell, Cell::Empty | Cell::Number(0.0))
            {
                *cell = Cell::Formula(formula.clone());
            }
        }
    }
    Ok(Grid { sheets, sheet: name, rows })
}

fn too_many_rows(rows: usize) -> String {
    format!("the sheet has {rows} rows; one import takes up to {MAX_ROWS} (split the file)")
}

/// Refuses a workbook that would unpack to far more than it is: each part's size
/// is read from the zip's own directory before anything is unpacked.
fn check_unpacked_size(bytes: &[u8]) -> Result<(), String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|error| format!("the workbook is damaged: {error}"))?;
    let mut unpacked: u64 = 0;
    for index in 0..archive.len() {
        let part = archive.by_index_raw(index).map_err(|error| format!("the workbook is damaged: {error}"))?;
        if part.encrypted() {
            return Err("the workbook is password-protected: remove the password in Excel and save it again".into());
        }
        unpacked = unpacked.saturating_add(part.size());
    }
    let packed = bytes.len() as u64;
    if unpacked > MAX_UNPACKED_BYTES || unpacked > packed.saturating_mul(MAX_UNPACK_RATIO) {
        return Err(format!(
            "the workbook would unpack to {} MB from {} KB: that is not an ordinary spreadsheet, so it is not read",
            unpacked / (1024 * 1024),
            packed / 1024
        ));
    }
    Ok(())
}

fn cell_from(data: &Data) -> Cell {
    match data {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::String(text) => Cell::Text(text.clone()),
        Data::Int(number) => Cell::Number(*number as f64),
        Data::Float(number) => Cell::Number(*number),
        Data::Bool(value) => Cell::Text(if *value { "yes".into() } else { "no".into() }),
        Data::DateTime(moment) => match moment.as_datetime() {
            Some(at) => Cell::Date(at.date()),
            None => Cell::Number(moment.as_f64()),
        },
        Data::DateTimeIso(text) | Data::DurationIso(text) => {
            match NaiveDate::parse_from_str(text.get(..10).unwrap_or(text), "%Y-%m-%d") {
                Ok(date) => Cell::Date(date),
                Err(_) => Cell::Text(text.clone()),
            }
        }
    }
}

/// A CSV in UTF-8 (with or without its byte-order mark) or, failing that, Windows-1252
/// (as older Excel saves it), with `,` or `;` between fields.
fn read_csv(bytes: &[u8]) -> Result<Grid, String> {
    let text: std::borrow::Cow<'_, str> = match std::str::from_utf8(bytes) {
        Ok(text) => text.strip_prefix('\u{feff}').unwrap_or(text).into(),
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0,
    };
    if text.contains('\0') {
        return Err("this is not a spreadsheet or a CSV file (it holds binary data)".into());
    }
    let first_line = text.lines().find(|line| !line.trim().is_empty()).unwrap_or("");
    let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() { b';' } else { b',' };
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let bytes = text.as_bytes();
    let (mut counted, mut lines_before) = (0, 0);
    for (index, record) in reader.records().enumerate() {
        if index >= MAX_ROWS + 50 {
            return Err(too_many_rows(index));
        }
        let record = record.map_err(|error| format!("line {}: {error}", index + 1))?;
        // Blank lines are passed over by the reader; rows keep the file's line numbers,
        // so "row 5" is the fifth line a person sees.
        let line = match record.position() {
            Some(position) => {
                // The position is where the reader began, before the blank lines it
                // passed; lines are counted on from the last record, not from the start.
                let mut start = (position.byte() as usize).min(bytes.len());
                while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
                    start += 1;
                }
                lines_before += bytes[counted..start.max(counted)].iter().filter(|byte| **byte == b'\n').count();
                counted = start.max(counted);
                lines_before + 1
            }
            None => rows.len() + 1,
        };
        while rows.len() + 1 < line {
            rows.push(Vec::new());
        }
        rows.push(record.iter().take(MAX_COLUMNS).map(|field| Cell::Text(field.to_string())).collect());
    }
    Ok(Grid { sheets: Vec::new(), sheet: String::new(), rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_keep_the_line_numbers_a_person_sees() {
        let grid = read_grid(b"Title\r\n\r\nPrison No,Name\r\nA1234BC,Smith\r\n", None).unwrap();
        let shown: Vec<Vec<String>> = grid.rows.iter().map(|row| row.iter().map(Cell::shown).collect()).collect();
        assert_eq!(shown[2], ["Prison No", "Name"], "{shown:?}");
        assert_eq!(shown[3], ["A1234BC", "Smith"]);
    }
}
