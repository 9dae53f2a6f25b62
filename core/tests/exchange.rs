//! The JSON exchange format: round trips, transfer packs, and broken files that must
//! leave the case file exactly as it was.

mod common;

use common::{count, details, temp_db, today};
use omu_core::domain::contact::{ContactDetails, ContactType};
use omu_core::domain::prisoner::PrisonNumber;
use omu_core::exchange::{self, ExchangeError};
use omu_core::storage::Db;

fn demo_file() -> (tempfile::TempDir, Db) {
    let (dir, mut db) = temp_db();
    omu_core::demo::populate(&mut db, today(), "Demo User").unwrap();
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
    let prisoners = first["prisoners"].as_array().unwrap();
    for part in [
        "sentence_plans",
        "meetings",
        "keyworkers",
        "contacts",
        "significant_changes",
        "parole_reviews",
        "category_decisions",
    ] {
        assert!(prisoners.iter().any(|p| !p[part].as_array().unwrap().is_empty()), "the demo's {part} are exported");
    }

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
/// The refusal of a version 3 file holding one prisoner with these extra fields.
fn refused_with_fields(fields: &str) -> String {
    let record = prisoner_json("A1234BC", "1990-01-01");
    let record = format!("{}, {fields}}}", &record[..record.len() - 1]);
    refused(&format!(r#"{{"format": "omu-desk-case-file", "version": 3, "prisoners": [{record}]}}"#))
}

fn refused(json: &str) -> String {
    refused_bytes(json.as_bytes())
}

fn refused_bytes(bytes: &[u8]) -> String {
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
    let error = exchange::import(&mut db, bytes, true, today()).expect_err("must be refused");
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
fn files_as_windows_saves_them_are_read_or_named() {
    // Notepad's UTF-8 with a byte-order mark imports as it is.
    let (dir, mut db) = temp_db();
    let json = format!(r#"{{ {HEADER}, "prisoners": [{}] }}"#, prisoner_json("B1111BB", "1990-01-01"));
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), json.as_bytes()].concat();
    let summary = exchange::import(&mut db, &with_bom, false, today()).expect("a UTF-8 file with a BOM imports");
    assert_eq!(summary.prisoners_added, 1);
    drop(dir);
    // UTF-16, with or without its mark, is named, with how to save it again.
    let utf16: Vec<u8> = json.encode_utf16().flat_map(u16::to_le_bytes).collect();
    for bytes in [[b"\xFF\xFE".as_slice(), &utf16].concat(), utf16.clone()] {
        let message = refused_bytes(&bytes);
        assert!(message.contains("UTF-16") && message.contains("Encoding to UTF-8"), "{message}");
    }
    // Windows-1252 (an é as the single byte E9) is named too.
    let ansi = json.replace("Smith", "Sm\u{e9}").into_bytes().iter().flat_map(|b| vec![*b]).collect::<Vec<u8>>();
    let ansi: Vec<u8> = String::from_utf8(ansi).unwrap().chars().map(|c| c as u32 as u8).collect();
    assert!(refused_bytes(&ansi).contains("not UTF-8 text"));
}

#[test]
fn a_missing_or_impossible_version_gets_a_sentence() {
    let missing = refused(r#"{"format": "omu-desk-case-file", "prisoners": []}"#);
    assert!(missing.contains("the file has no \"version\""), "{missing}");
    assert!(!missing.contains("None"), "{missing}");
    let zero = refused(r#"{"format": "omu-desk-case-file", "version": 0, "prisoners": []}"#);
    assert!(zero.contains("\"version\" is 0, which no OMU Desk writes"), "{zero}");
    assert!(!zero.contains("Some"), "{zero}");
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
    // A folder that does not exist yet is made; a path through a file is an error.
    let new_folder = dir.path().join("no such folder").join("export.json");
    exchange::export_to_file(&mut db, None, &new_folder).unwrap();
    assert!(new_folder.exists());
    let through_a_file = out.join("export.json");
    let error = exchange::export_to_file(&mut db, None, &through_a_file).unwrap_err();
    assert!(matches!(error, ExchangeError::Write { .. }));
    assert!(!through_a_file.exists());
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

#[test]
fn a_transfer_pack_carries_the_sentence_plan_and_its_boards() {
    use omu_core::domain::plan::{Intervention, InterventionKind, Pathway, PlanStatus};
    let (dir, mut db) = demo_file();
    // An intervention only this establishment lists, required by a new objective.
    let resolve = db
        .save_intervention(&Intervention {
            id: 0,
            name: "Resolve (violence programme)".into(),
            kind: InterventionKind::AccreditedProgramme,
            pathway: Pathway::Attitudes,
            offered: true,
            waiting_list_notes: String::new(),
            active: true,
        })
        .unwrap();
    let planned = db
        .all_prisoners()
        .unwrap()
        .into_iter()
        .find(|p| {
            let versions = db.plan_versions(p.id).unwrap();
            versions.len() >= 2 && versions.iter().any(|v| v.status == PlanStatus::Closed)
        })
        .expect("the demo has a prisoner with a reviewed plan");
    let versions = db.plan_versions(planned.id).unwrap();
    let draft = versions.iter().find(|v| v.status == PlanStatus::Draft).map(|v| v.id);
    let draft = match draft {
        Some(id) => id,
        None => db.start_plan_version(planned.id, omu_core::domain::plan::PlanKind::Review, today()).unwrap(),
    };
    let mut objective = db.plan_version(draft).unwrap().objectives[0].clone();
    objective.id = None;
    objective.text = "Complete Resolve".into();
    objective.intervention_id = Some(resolve);
    objective.intervention_state = Some(omu_core::domain::plan::InterventionState::Required);
    db.save_objective(draft, &objective).unwrap();

    let number = planned.details.prison_number.clone();
    let pack = serde_json::to_vec(&exchange::export(&db, Some(&number)).unwrap()).unwrap();
    let (other_dir, mut other) = temp_db();
    let summary = exchange::import(&mut other, &pack, false, today()).unwrap();
    let moved = other.prisoner_by_number(&number).unwrap().unwrap();

    // Every version as it was: closed ones closed, by whom, on the day; objectives in order.
    let strip = |versions: Vec<omu_core::domain::plan::PlanVersion>, catalogue: &[Intervention]| {
        versions
            .into_iter()
            .map(|v| {
                let objectives: Vec<_> = v
                    .objectives
                    .into_iter()
                    .map(|o| {
                        let name =
                            o.intervention_id.map(|id| catalogue.iter().find(|i| i.id == id).unwrap().name.clone());
                        (omu_core::domain::plan::Objective { id: None, intervention_id: None, ..o }, name)
                    })
                    .collect();
                (v.number, v.kind, v.status, v.started_on, v.closed_on, v.closed_by, v.next_review_date, objectives)
            })
            .collect::<Vec<_>>()
    };
    let here = strip(db.plan_versions(planned.id).unwrap(), &db.interventions().unwrap());
    let there = strip(other.plan_versions(moved.id).unwrap(), &other.interventions().unwrap());
    assert_eq!(here, there);
    assert_eq!(summary.plan_versions_added, here.len());

    // The programme they need is recorded there as not offered: the need stays visible.
    let listed = other.interventions().unwrap().into_iter().find(|i| i.name == "Resolve (violence programme)").unwrap();
    assert!(!listed.offered);
    assert_eq!(summary.interventions_added, 1);

    // Boards with who took part, and the versions they agreed.
    let meetings_here = db.meetings(planned.id).unwrap();
    let meetings_there = other.meetings(moved.id).unwrap();
    assert_eq!(meetings_here.len(), meetings_there.len());
    assert!(!meetings_there.is_empty());
    for (a, b) in meetings_here.iter().zip(&meetings_there) {
        assert_eq!((a.date, &a.chair, &a.attendees, &a.decisions), (b.date, &b.chair, &b.attendees, &b.decisions));
        let version_number = |db: &Db, id: Option<i64>| id.map(|id| db.plan_version(id).unwrap().number);
        assert_eq!(version_number(&db, a.plan_version_id), version_number(&other, b.plan_version_id));
    }
    assert_eq!(
        db.keyworkers(planned.id).unwrap().len(),
        other.keyworkers(moved.id).unwrap().len(),
        "key workers travel too"
    );

    // An agreed version is as fixed there as here.
    let closed = other.plan_versions(moved.id).unwrap().into_iter().find(|v| v.status == PlanStatus::Closed).unwrap();
    let mut changed = closed.objectives[0].clone();
    changed.text = "Rewritten".into();
    assert!(other.save_objective(closed.id, &changed).is_err());

    // The same pack again, replacing: the plans there are kept, not doubled.
    let again = exchange::import(&mut other, &pack, true, today()).unwrap();
    assert_eq!((again.prisoners_replaced, again.plans_kept_as_here, again.plan_versions_added), (1, 1, 0));
    assert_eq!(other.plan_versions(moved.id).unwrap().len(), here.len());
    drop((dir, other_dir));
}

#[test]
fn a_broken_plan_history_is_refused_with_every_reason() {
    let plans = r#""significant_changes": [{"date": "2099-01-01", "description": "New charge"}],
    "sentence_plans": [
        {"number": 1, "kind": "review", "status": "draft", "started_on": "2026-01-05",
         "objectives": [{"text": "Find work", "pathway": "9", "responsible_role": "prisoner",
                         "status": "not_started", "status_changed_on": "2026-01-05"}]},
        {"number": 3, "kind": "review", "status": "closed", "started_on": "2026-03-01",
         "closed_on": "2026-02-01", "next_review_date": "2026-01-01", "objectives": []}
    ],
    "meetings": [{"date": "2026-03-01", "chair": "A Chair", "plan_version": 5}]"#;
    let record = prisoner_json("A1234BC", "1990-01-01");
    let record = format!("{}, {plans}}}", &record[..record.len() - 1]);
    let message = refused(&format!(r#"{{"format": "omu-desk-case-file", "version": 2, "prisoners": [{record}]}}"#));
    for reason in [
        "sentence_plans[0]: kind: the first version, and only the first, is the initial plan",
        "sentence_plans[0]: status: only the newest version can be a draft",
        "sentence_plans[0]: objectives[0]: pathway: unknown value '9'",
        "sentence_plans[1]: number: versions are numbered 1, 2, 3... oldest first (found 3)",
        "sentence_plans[1]: closed_on: before the version started",
        "sentence_plans[1]: next_review_date: must be after the plan was agreed",
        "meetings[0]: plan_version: there is no version 5 in this file",
        "significant_changes[0]: Change date: cannot be in the future",
    ] {
        assert!(message.contains(reason), "missing {reason:?} in:\n{message}");
    }
}

#[test]
fn a_parole_review_is_held_to_the_rules_of_the_form() {
    let reviews = r#""parole_reviews": [
        {"review_type": "ped", "opened_on": "2026-06-01", "target_hearing_date": "2026-05-01", "status": "active"},
        {"review_type": "ped", "opened_on": "2026-06-01", "target_hearing_date": "2026-09-01",
         "report_due_date": "2026-09-02", "status": "active"},
        {"review_type": "parole", "opened_on": "2026-06-01", "status": "done"}
    ]"#;
    let message = refused_with_fields(reviews);
    for reason in [
        "parole_reviews[0]: Target hearing date: cannot be before the review was opened (01/06/2026)",
        "parole_reviews[1]: Custody report due: must be on or before the hearing (01/09/2026)",
        "parole_reviews[2]: review_type: unknown value 'parole'",
        "parole_reviews[2]: status: unknown value 'done'",
    ] {
        assert!(message.contains(reason), "missing {reason:?} in:\n{message}");
    }
}

#[test]
fn categorisation_decisions_are_held_to_the_rules_of_the_form_and_the_establishment() {
    let decisions = r#""category_decisions": [
        {"category": "C", "decided_on": "2026-06-01", "reason": "Initial categorisation"},
        {"category": "D", "decided_on": "2026-05-01", "reason": "Earlier than the first"},
        {"category": "D", "decided_on": "2026-07-01", "reason": " "},
        {"category": "D", "decided_on": "2026-08-01", "reason": "Reviewed", "next_review_due": "2026-08-01"}
    ]"#;
    let message = refused_with_fields(decisions);
    for reason in [
        "category_decisions[1]: Decided on: cannot be before the last decision (01/06/2026)",
        "category_decisions[2]: Reason: say why",
        "category_decisions[3]: Next review due: must be after the decision (01/08/2026)",
    ] {
        assert!(message.contains(reason), "missing {reason:?} in:\n{message}");
    }

    // A category this establishment does not use is refused as the file is written.
    let unknown = r#""category_decisions": [{"category": "E", "decided_on": "2026-06-01", "reason": "Reviewed"}]"#;
    let message = refused_with_fields(unknown);
    assert!(
        message.contains("category_decisions[0]: category: 'E' is not a category this establishment uses"),
        "{message}"
    );
}

#[test]
fn a_version_one_file_still_imports() {
    let (dir, mut db) = temp_db();
    let json = format!(r#"{{{HEADER}, "prisoners": [{}]}}"#, prisoner_json("A1234BC", "1990-01-01"));
    let summary = exchange::import(&mut db, json.as_bytes(), false, today()).unwrap();
    assert_eq!((summary.prisoners_added, summary.plan_versions_added), (1, 0));
    drop(dir);
}
