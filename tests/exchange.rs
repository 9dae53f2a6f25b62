//! The JSON exchange format: round trips, transfer packs, and broken files that must
//! leave the case file exactly as it was.

mod common;

use common::{count, details, temp_db, today};
use omu_desk::domain::contact::{ContactDetails, ContactType};
use omu_desk::domain::prisoner::PrisonNumber;
use omu_desk::exchange::{self, ExchangeError};
use omu_desk::storage::Db;

fn demo_file() -> (tempfile::TempDir, Db) {
    let (dir, mut db) = temp_db();
    omu_desk::demo::populate(&mut db, today(), "Demo User").unwrap();
    (dir, db)
}

fn without_timestamp(mut value: serde_json::Value) -> serde_json::Value {
    value["exported_at"] = serde_json::Value::Null;
    value
}

#[test]
fn whole_file_round_trip_is_lossless() {
    let (dir, db) = demo_file();
    let first = serde_json::to_value(exchange::export(&db, None).unwrap()).unwrap();
    let bytes = serde_json::to_vec(&first).unwrap();

    let (other_dir, mut other) = temp_db();
    let summary = exchange::import(&mut other, &bytes, false, today()).unwrap();
    assert_eq!(summary.prisoners_added, first["prisoners"].as_array().unwrap().len());
    assert!(summary.contacts_added > 0);
    // Settings are not part of an import; copy the establishment to compare.
    let mut settings = other.settings().unwrap();
    settings.establishment_name = db.settings().unwrap().establishment_name;
    other.save_settings(&settings).unwrap();
    let second = serde_json::to_value(exchange::export(&other, None).unwrap()).unwrap();
    assert_eq!(without_timestamp(first), without_timestamp(second));
    drop((dir, other_dir));
}

#[test]
fn a_transfer_pack_carries_one_prisoner_and_no_allocation() {
    let (dir, db) = demo_file();
    let someone =
        db.all_prisoners().unwrap().into_iter().find(|p| p.details.allocated_supervisor_id.is_some()).unwrap();
    let number = someone.details.prison_number.clone();
    let pack = exchange::export(&db, Some(&number)).unwrap();
    assert_eq!(pack.prisoners.len(), 1);
    assert!(pack.staff.is_empty());
    assert_eq!(pack.prisoners[0].allocated_supervisor, None);
    let bytes = serde_json::to_vec(&pack).unwrap();

    // Into another establishment: added, unallocated.
    let (other_dir, mut other) = temp_db();
    exchange::import(&mut other, &bytes, false, today()).unwrap();
    let moved = other.prisoner_by_number(&number).unwrap().unwrap();
    assert_eq!(moved.details.allocated_supervisor_id, None);
    assert_eq!(moved.details.surname, someone.details.surname);

    // Back into the first file: refused unless told to replace.
    let mut db = db;
    let error = exchange::import(&mut db, &bytes, false, today()).unwrap_err();
    assert!(error.to_string().contains(&format!("{number} is already in the case file")), "{error}");
    let summary = exchange::import(&mut db, &bytes, true, today()).unwrap();
    assert_eq!(summary.prisoners_replaced, 1);
    assert_eq!(summary.contacts_added, 0, "contacts already recorded are not doubled");
    let kept = db.prisoner_by_number(&number).unwrap().unwrap();
    assert_eq!(kept.details.allocated_supervisor_id, someone.details.allocated_supervisor_id);
    drop((dir, other_dir));
}

#[test]
fn unknown_prisoner_in_export_is_a_clear_error() {
    let (dir, db) = temp_db();
    let error = exchange::export(&db, Some(&PrisonNumber::parse("Z9999ZZ").unwrap())).unwrap_err();
    assert!(error.to_string().contains("Z9999ZZ is not in the case file"));
    drop(dir);
}

/// Imports `json` into a file holding one prisoner and checks nothing changed.
fn refused(json: &str) -> String {
    let (dir, mut db) = temp_db();
    let id = db.insert_prisoner(&details("A1234BC", "Seán", "Ó'Brien")).unwrap();
    db.add_contact(
        id,
        &ContactDetails {
            contact_date: today(),
            contact_type: ContactType::FaceToFace,
            staff_name: "X".into(),
            notes: String::new(),
        },
    )
    .unwrap();
    let path = db.path().to_path_buf();
    let before = (count(&path, "prisoner"), count(&path, "contact"), count(&path, "staff"), count(&path, "audit_log"));
    let before_record = db.prisoner(id).unwrap();
    let error = exchange::import(&mut db, json.as_bytes(), true, today()).expect_err("must be refused");
    let after = (count(&path, "prisoner"), count(&path, "contact"), count(&path, "staff"), count(&path, "audit_log"));
    assert_eq!(before, after, "the case file changed");
    assert_eq!(db.prisoner(id).unwrap(), before_record);
    drop(dir);
    error.to_string()
}

const HEADER: &str = r#""format": "omu-desk-case-file", "version": 1"#;

fn prisoner_json(number: &str, date_of_birth: &str) -> String {
    format!(
        r#"{{"prison_number": "{number}", "surname": "Smith", "forenames": "Dan", "date_of_birth": "{date_of_birth}",
            "sentence_type": "determinate", "sentence_length": {{"years": 2}}, "sentence_date": "2025-01-10"}}"#
    )
}

#[test]
fn broken_json_is_refused() {
    assert!(refused("{ this is not json").contains("not valid JSON"));
    assert!(refused("").contains("not valid JSON"));
    assert!(
        refused(r#"{"format": "something-else", "version": 1, "prisoners": []}"#).contains("not an OMU Desk export")
    );
}

#[test]
fn a_newer_version_is_named_as_such() {
    let message = refused(r#"{"format": "omu-desk-case-file", "version": 7, "prisoners": [], "new_thing": 1}"#);
    assert!(message.contains("version 7, written by a newer OMU Desk"), "{message}");
}

#[test]
fn bad_dates_name_the_record_and_field() {
    let json = format!(
        r#"{{ {HEADER}, "prisoners": [{}, {}] }}"#,
        prisoner_json("B1111BB", "1990-01-01"),
        prisoner_json("C2222CC", "2001-02-30")
    );
    let message = refused(&json);
    assert!(message.contains("prisoners[1] (C2222CC): date_of_birth: '2001-02-30' is not a real date"), "{message}");
    assert!(!message.contains("prisoners[0]"), "{message}");
}

#[test]
fn every_error_is_listed_not_just_the_first() {
    let json = format!(
        r#"{{ {HEADER}, "prisoners": [{}, {}, {}] }}"#,
        prisoner_json("BAD", "1990-01-01"),
        prisoner_json("D3333DD", "1990-01-01").replace("determinate", "community"),
        prisoner_json("E4444EE", "1990-01-01").replace(r#""surname": "Smith""#, r#""surname": "Sm\u202eith""#),
    );
    let message = refused(&json);
    assert!(message.contains("prisoners[0] (BAD): prison_number:"), "{message}");
    assert!(message.contains("prisoners[1] (D3333DD): sentence_type: unknown value 'community'"), "{message}");
    assert!(
        message.contains("prisoners[2] (E4444EE): surname: contains an invisible text-direction character"),
        "{message}"
    );
}

#[test]
fn duplicates_within_a_file_are_refused() {
    let json = format!(
        r#"{{ {HEADER}, "prisoners": [{}, {}] }}"#,
        prisoner_json("F5555FF", "1990-01-01"),
        prisoner_json("f5555ff", "1991-01-01")
    );
    assert!(refused(&json).contains("F5555FF appears more than once"));
}

#[test]
fn unknown_fields_and_security_categories_are_refused() {
    let typo = format!(
        r#"{{ {HEADER}, "prisoners": [{}] }}"#,
        prisoner_json("G6666GG", "1990-01-01").replace("surname", "surnmae")
    );
    assert!(refused(&typo).contains("unknown field `surnmae`"));
    let category = format!(
        r#"{{ {HEADER}, "prisoners": [{}] }}"#,
        prisoner_json("G6666GG", "1990-01-01").replace(r#""surname""#, r#""security_category": "Z", "surname""#)
    );
    assert!(refused(&category).contains("security_category: 'Z' is not a category"));
}

#[test]
fn export_file_is_written_whole() {
    let (dir, mut db) = demo_file();
    let out = dir.path().join("export.json");
    let disclosures_before =
        db.audit_entries(&Default::default()).unwrap().iter().filter(|e| e.action == "disclose").count();
    let count = exchange::export_to_file(&mut db, None, &out).unwrap();
    let disclosures = db.audit_entries(&Default::default()).unwrap().iter().filter(|e| e.action == "disclose").count();
    assert_eq!(disclosures, disclosures_before + 1, "an export is logged as a disclosure");
    let parsed = exchange::parse(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(parsed.prisoners.len(), count);
    let missing_folder = dir.path().join("no such folder").join("export.json");
    let error = exchange::export_to_file(&mut db, None, &missing_folder).unwrap_err();
    assert!(matches!(error, ExchangeError::Write { .. }));
    assert!(!missing_folder.exists());
}

mod random_imports {
    use super::*;
    use proptest::prelude::*;

    const FIELDS: &[&str] = &[
        "prison_number",
        "surname",
        "forenames",
        "date_of_birth",
        "reception_date",
        "sentence_type",
        "sentence_date",
        "conditional_release_date",
        "rosh",
        "reoffending_likelihood",
        "mappa_category",
        "security_category",
        "notes",
        "allocated_supervisor",
    ];

    fn value() -> impl Strategy<Value = serde_json::Value> {
        prop_oneof![
            "\\PC{0,30}".prop_map(serde_json::Value::from),
            "[0-9]{4}-[0-9]{2}-[0-9]{2}".prop_map(serde_json::Value::from),
            "[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}".prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            Just(serde_json::Value::Null),
            Just(serde_json::Value::Bool(true)),
            "[A-Z][0-9]{4}[A-Z]{2}".prop_map(serde_json::Value::from),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        /// Random values in random fields: an import either applies whole or leaves
        /// the case file exactly as it was, and never panics.
        #[test]
        fn an_import_applies_whole_or_not_at_all(
            changes in proptest::collection::vec((0usize..5, 0usize..FIELDS.len(), value()), 1..6),
            truncate in proptest::option::of(0usize..4000),
        ) {
            let (dir, mut db) = temp_db();
            db.insert_prisoner(&details("A1234BC", "Seán", "Ó'Brien")).unwrap();
            let mut document: serde_json::Value = serde_json::from_str(&sample_export(5)).unwrap();
            for (record, field, value) in changes {
                document["prisoners"][record][FIELDS[field]] = value;
            }
            let mut bytes = serde_json::to_vec(&document).unwrap();
            if let Some(cut) = truncate {
                bytes.truncate(cut.min(bytes.len()));
            }
            let path = db.path().to_path_buf();
            let before = (count(&path, "prisoner"), count(&path, "contact"), count(&path, "staff"), count(&path, "audit_log"));
            match exchange::import(&mut db, &bytes, false, today()) {
                Ok(summary) => {
                    prop_assert_eq!(count(&path, "prisoner"), before.0 + summary.prisoners_added as i64);
                    prop_assert_eq!(count(&path, "contact"), before.1 + summary.contacts_added as i64);
                }
                Err(error) => {
                    prop_assert!(!error.to_string().is_empty());
                    let after = (count(&path, "prisoner"), count(&path, "contact"), count(&path, "staff"), count(&path, "audit_log"));
                    prop_assert_eq!(before, after);
                }
            }
            drop(dir);
        }
    }

    /// A valid export of `prisoners` records with contacts, as JSON text.
    pub fn sample_export(prisoners: usize) -> String {
        let records: Vec<String> = (0..prisoners)
            .map(|n| {
                format!(
                    r#"{{"prison_number": "B{:04}CD", "surname": "Smith", "forenames": "Dan", "date_of_birth": "1990-01-0{}",
                        "reception_date": "2026-01-10", "sentence_type": "determinate", "sentence_length": {{"years": 2}},
                        "sentence_date": "2026-01-05", "rosh": "high", "reoffending_likelihood": "low", "allocated_supervisor": "Priya Shah",
                        "contacts": [{{"date": "2026-02-01", "type": "face_to_face", "staff_name": "Priya Shah", "notes": "Seen"}}]}}"#,
                    2000 + n,
                    n % 9 + 1
                )
            })
            .collect();
        format!(
            r#"{{ {HEADER}, "staff": [{{"name": "Priya Shah", "role": "offender_supervisor"}}], "prisoners": [{}] }}"#,
            records.join(",")
        )
    }
}
