//! Replays the fuzzer's saved corpus (fuzz/corpus/import_json) through the import
//! checks and a real import: no input panics, and none half-applies.

mod common;

use common::{count, temp_db, today};
use omu_core::exchange;

#[test]
fn every_corpus_input_is_handled() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus/import_json");
    let mut inputs: Vec<_> =
        std::fs::read_dir(&folder).expect("the saved corpus").map(|entry| entry.unwrap().path()).collect();
    inputs.sort();
    assert!(inputs.len() >= 10, "the corpus has {} inputs", inputs.len());
    let (dir, mut db) = temp_db();
    let path = db.path().to_path_buf();
    let (mut accepted, mut refused) = (0, 0);
    for input in inputs {
        let bytes = std::fs::read(&input).unwrap();
        let checked = exchange::check_bytes(&bytes);
        let before = (count(&path, "prisoner"), count(&path, "contact"));
        match exchange::import(&mut db, &bytes, true, today()) {
            Ok(_) => accepted += 1,
            Err(error) => {
                refused += 1;
                assert!(!error.to_string().is_empty(), "{}", input.display());
                assert_eq!(
                    before,
                    (count(&path, "prisoner"), count(&path, "contact")),
                    "{} half-applied",
                    input.display()
                );
            }
        }
        // A file the checks refuse is never imported.
        if checked.is_err() {
            assert_eq!(before, (count(&path, "prisoner"), count(&path, "contact")), "{}", input.display());
        }
    }
    assert!(accepted > 0 && refused > 0, "the corpus covers both: {accepted} accepted, {refused} refused");
    drop(dir);
}
