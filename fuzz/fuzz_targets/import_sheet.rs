//! Fuzzes reading a spreadsheet and proposing its mapping: whatever the bytes (a
//! workbook, a CSV, anything), an answer and no panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(grid) = omu_core::exchange::sheet::read_grid(data, None) {
        let mapping = omu_core::exchange::sheet::propose(&grid.rows);
        let _ = omu_core::exchange::sheet::headings(&grid, &mapping);
    }
});
