//! The case file on real temporary files: creation and migration, transactions,
//! the audit trail, search and the caseload queries.

mod common;

use common::{USER, count, details, temp_db, today};
use omu_core::domain::caseload::{CaseloadEntry, CaseloadFilter, Sort, arrange, workloads};
use omu_core::domain::contact::{ContactDetails, ContactType};
use omu_core::domain::staff::StaffRole;
use omu_core::storage::{self, CaseloadQuery, Db, ImportBatch, ImportedPrisoner, LATEST_VERSION, SupervisorFilter};
use rusqlite::Connection;

#[test]
fn a_new_file_is_created_at_the_latest_version_with_audit_triggers() {
    let (dir, db) = temp_db();
    let path = db.path().to_path_buf();
    drop(db);
    let conn = common::raw(&path);
    let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0)).unwrap();
    assert_eq!(version, LATEST_VERSION);
    let application_id: i64 = conn.pragma_query_value(None, "application_id", |row| row.get(0)).unwrap();
    assert_eq!(application_id, storage::APPLICATION_ID);
    let journal: String = conn.pragma_query_value(None, "journal_mode", |row| row.get(0)).unwrap();
    assert_eq!(journal, "wal");
    // Every case table has its three audit triggers.
    let mut statement = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
               AND name NOT LIKE 'prisoner_search%'
               AND name NOT IN ('audit_log', 'audit_actor', 'audit_seal', 'audit_anchor')",
        )
        .unwrap();
    let tables: Vec<String> = statement.query_map([], |row| row.get(0)).unwrap().map(Result::unwrap).collect();
    assert!(tables.contains(&"prisoner".to_string()));
    for table in tables {
        for action in ["insert", "update", "delete"] {
            let exists: bool = conn
                .query_row(
                    "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?1)",
                    [format!("audit_{table}_{action}")],
                    |row| row.get(0),
                )
                .unwrap();
            assert!(exists, "no {action} audit trigger on {table}");
        }
    }
    drop(dir);
}

#[test]
fn reopening_keeps_the_data() {
    let (dir, mut db) = temp_db();
    let path = db.path().to_path_buf();
    let id = db.insert_prisoner(&details("A1234BC", "Seán", "Ó'Brien")).unwrap();
    drop(db);
    let db = common::reopen(&path);
    assert_eq!(db.prisoner(id).unwrap().details.surname, "Ó'Brien");
    drop(dir);
}

#[test]
fn a_newer_schema_is_refused_and_left_alone() {
    let (dir, db) = temp_db();
    let path = db.path().to_path_buf();
    drop(db);
    common::raw(&path).pragma_update(None, "user_version", LATEST_VERSION + 1).unwrap();
    let error = Db::open(&path, &common::key(&path), USER).err().expect("refused");
    assert!(matches!(error, storage::Error::NewerSchema { .. }), "{error}");
    assert!(error.to_string().contains("newer version of OMU Desk"));
    let version: i64 = common::raw(&path).pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(version, LATEST_VERSION + 1);
    drop(dir);
}

#[test]
fn files_that_are_not_case_files_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = dir.path().join("notes.txt");
    std::fs::write(&garbage, b"Dear diary, this is not a database at all. ".repeat(100)).unwrap();
    let before = std::fs::read(&garbage).unwrap();
    let key = storage::CaseKey::generate();
    let error = Db::open(&garbage, &key, USER).err().expect("refused");
    assert!(error.to_string().contains("not an OMU Desk case file"), "{error}");
    assert_eq!(std::fs::read(&garbage).unwrap(), before);

    let other = dir.path().join("other.sqlite3");
    Connection::open(&other).unwrap().execute_batch("CREATE TABLE recipes (name TEXT);").unwrap();
    let error = Db::open(&other, &key, USER).err().expect("refused");
    assert!(matches!(error, storage::Error::NotOmuDesk { .. }), "{error}");
}

#[test]
fn every_change_is_in_the_audit_trail_with_who_and_what() {
    let (dir, mut db) = temp_db();
    let id = db.insert_prisoner(&details("A1234BC", "Seán", "Ó'Brien")).unwrap();
    let mut changed = details("A1234BC", "Seán", "Ó'Brien");
    changed.wing = "C".into();
    db.set_actor("Second User").unwrap();
    db.update_prisoner(id, &changed).unwrap();
    db.set_archived(id, true).unwrap();

    let entries = db.audit_for("prisoner", id).unwrap();
    let actions: Vec<&str> = entries.iter().map(|entry| entry.action.as_str()).collect();
    assert_eq!(actions, ["insert", "update", "update"]);
    assert_eq!(entries[0].actor, USER);
    assert_eq!(entries[1].actor, "Second User");
    let old: serde_json::Value = serde_json::from_str(entries[1].old_values.as_deref().unwrap()).unwrap();
    let new: serde_json::Value = serde_json::from_str(entries[1].new_values.as_deref().unwrap()).unwrap();
    assert_eq!(old["wing"], "A");
    assert_eq!(new["wing"], "C");
    assert_eq!(new["surname"], "Ó'Brien");
    assert!(entries[2].new_values.as_deref().unwrap().contains("archived_at"));
    drop(dir);
}

#[test]
fn the_audit_trail_refuses_update_and_delete() {
    let (dir, mut db) = temp_db();
    db.insert_prisoner(&details("A1234BC", "Seán", "Ó'Brien")).unwrap();
    let path = db.path().to_path_buf();
    drop(db);
    let conn = common::raw(&path);
    let update = conn.execute("UPDATE audit_log SET actor = 'someone else'", []).unwrap_err();
    assert!(update.to_string().contains("append-only"), "{update}");
    let delete = conn.execute("DELETE FROM audit_log", []).unwrap_err();
    assert!(delete.to_string().contains("append-only"), "{delete}");
    // Even raw SQL on case data is recorded, because the database does it.
    conn.execute("UPDATE prisoner SET wing = 'Z'", []).unwrap();
    let raw: i64 = conn
        .query_row("SELECT count(*) FROM audit_log WHERE action = 'update' AND new_values LIKE '%\"Z\"%'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(raw, 1);
    drop(dir);
}

#[test]
fn a_failed_write_rolls_back_whole() {
    let (dir, mut db) = temp_db();
    let path = db.path().to_path_buf();
    db.insert_prisoner(&details("A1111AA", "Existing", "Person")).unwrap();
    let audit_before = db.audit_count().unwrap();
    // The first record is new; the second clashes with the one in the file, so the
    // whole batch (first record, its contact, the new staff member) must vanish.
    let contact = ContactDetails {
        contact_date: today(),
        contact_type: ContactType::FaceToFace,
        staff_name: "A".into(),
        notes: String::new(),
    };
    let batch = ImportBatch {
        staff: vec![("New Colleague".into(), StaffRole::OffenderSupervisor, true)],
        prisoners: vec![
            ImportedPrisoner {
                details: details("B2222BB", "New", "Person"),
                supervisor: None,
                archived: false,
                contacts: vec![contact],
                planning: Default::default(),
            },
            ImportedPrisoner {
                details: details("A1111AA", "Clash", "Person"),
                supervisor: None,
                archived: false,
                contacts: vec![],
                planning: Default::default(),
            },
        ],
    };
    let error = db.import(&batch, false).unwrap_err();
    assert!(error.to_string().contains("A1111AA is already in the case file"), "{error}");
    assert_eq!(count(&path, "prisoner"), 1);
    assert_eq!(count(&path, "contact"), 0);
    assert_eq!(count(&path, "staff"), 0);
    assert_eq!(db.audit_count().unwrap(), audit_before);
    drop(dir);
}

#[test]
fn duplicate_prison_numbers_are_refused() {
    let (dir, mut db) = temp_db();
    db.insert_prisoner(&details("A1234BC", "Seán", "Ó'Brien")).unwrap();
    let error = db.insert_prisoner(&details("A1234BC", "Other", "Person")).unwrap_err();
    assert!(matches!(error, storage::Error::DuplicatePrisonNumber(ref n) if n == "A1234BC"));
    let other = db.insert_prisoner(&details("B1234BC", "Other", "Person")).unwrap();
    let error = db.update_prisoner(other, &details("A1234BC", "Other", "Person")).unwrap_err();
    assert!(matches!(error, storage::Error::DuplicatePrisonNumber(_)));
    drop(dir);
}

fn names(db: &Db, search: &str) -> Vec<String> {
    let query = CaseloadQuery { search: search.into(), ..CaseloadQuery::default() };
    let mut names: Vec<String> =
        db.caseload(&query, today()).unwrap().into_iter().map(|entry| entry.prisoner.details.display_name()).collect();
    names.sort();
    names
}

#[test]
fn search_ignores_case_accents_and_apostrophes() {
    let (dir, mut db) = temp_db();
    db.insert_prisoner(&details("A1234BC", "Seán", "Ó'Brien")).unwrap();
    db.insert_prisoner(&details("B2345CD", "Zoë", "Łukasiewicz")).unwrap();
    db.insert_prisoner(&details("C3456DE", "Ayşe", "Yılmaz")).unwrap();
    db.insert_prisoner(&details("D4567EF", "Sean", "Smith")).unwrap();
    assert_eq!(names(&db, "sean obrien"), ["Ó'Brien, Seán"]);
    assert_eq!(names(&db, "SEAN"), ["Smith, Sean", "Ó'Brien, Seán"]);
    assert_eq!(names(&db, "brien"), ["Ó'Brien, Seán"]);
    assert_eq!(names(&db, "zoe luk"), ["Łukasiewicz, Zoë"]);
    assert_eq!(names(&db, "ayse yilmaz"), ["Yılmaz, Ayşe"]);
    assert_eq!(names(&db, "c345"), ["Yılmaz, Ayşe"]);
    assert!(names(&db, "nobody").is_empty());
    // FTS5 syntax typed by a user is treated as text, not as a query.
    assert!(names(&db, "\"sean\" OR NEAR(").is_empty());
    // Renaming updates the index.
    let id = db.caseload(&CaseloadQuery { search: "smith".into(), ..CaseloadQuery::default() }, today()).unwrap()[0]
        .prisoner
        .id;
    db.update_prisoner(id, &details("D4567EF", "Sean", "Jones")).unwrap();
    assert!(names(&db, "smith").is_empty());
    assert_eq!(names(&db, "jones"), ["Jones, Sean"]);
    drop(dir);
}

#[test]
fn caseload_by_supervisor_archive_and_overdue_contact() {
    let (dir, mut db) = temp_db();
    let me = db.add_staff("Me Myself", StaffRole::OffenderSupervisor).unwrap();
    let mut mine = details("A1234BC", "Mine", "Case");
    mine.allocated_supervisor_id = Some(me);
    let mine_id = db.insert_prisoner(&mine).unwrap();
    let theirs = db.insert_prisoner(&details("B1234BC", "Unallocated", "Case")).unwrap();

    let query = |supervisor, archived| CaseloadQuery { supervisor, archived, ..CaseloadQuery::default() };
    assert_eq!(db.caseload(&query(SupervisorFilter::Staff(me), false), today()).unwrap().len(), 1);
    assert_eq!(db.caseload(&query(SupervisorFilter::Unallocated, false), today()).unwrap()[0].prisoner.id, theirs);

    db.set_archived(theirs, true).unwrap();
    assert_eq!(db.caseload(&query(SupervisorFilter::All, false), today()).unwrap().len(), 1);
    assert_eq!(db.caseload(&query(SupervisorFilter::All, true), today()).unwrap()[0].prisoner.id, theirs);
    db.set_archived(theirs, false).unwrap();

    // Received long ago and never seen: contact overdue. Seen today: not overdue.
    let entries = db.caseload(&query(SupervisorFilter::All, false), today()).unwrap();
    let overdue = CaseloadFilter { overdue_contact_only: true, ..CaseloadFilter::default() };
    assert_eq!(arrange(entries.clone(), &overdue, Sort::default(), today()).len(), 2);
    db.add_contact(
        mine_id,
        &ContactDetails {
            contact_date: today(),
            contact_type: ContactType::FaceToFace,
            staff_name: "Me Myself".into(),
            notes: String::new(),
        },
    )
    .unwrap();
    // A phone call does not count as seeing the prisoner.
    db.add_contact(
        theirs,
        &ContactDetails {
            contact_date: today(),
            contact_type: ContactType::Telephone,
            staff_name: "Me Myself".into(),
            notes: String::new(),
        },
    )
    .unwrap();
    let entries = db.caseload(&query(SupervisorFilter::All, false), today()).unwrap();
    let still_overdue = arrange(entries.clone(), &overdue, Sort::default(), today());
    assert_eq!(still_overdue.len(), 1);
    assert_eq!(still_overdue[0].prisoner.id, theirs);

    let loads = workloads(&entries, today());
    assert_eq!(loads.len(), 2);
    assert_eq!(loads[0].supervisor.as_deref(), Some("Me Myself"));
    assert_eq!(loads[0].total, 1);
    assert_eq!(loads[0].overdue_contact, 0);
    assert_eq!(loads[1].supervisor, None);
    assert_eq!(loads[1].overdue_contact, 1);
    assert_eq!(loads[1].tier_count("B"), 1);
    drop(dir);
}

#[test]
fn the_demo_is_varied_and_loads_only_into_a_new_file() {
    let (dir, mut db) = temp_db();
    let count = omu_core::demo::populate(&mut db, today(), "Demo User").unwrap();
    assert!((55..=65).contains(&count), "{count}");
    let entries = db.caseload(&CaseloadQuery::default(), today()).unwrap();
    assert!(entries.iter().any(|e| e.summary.scope.value));
    assert!(entries.iter().any(|e| !e.summary.scope.value));
    assert!(entries.iter().any(|e| e.review_overdue(today())));
    assert!(entries.iter().any(|e| e.contact_overdue(today())));
    assert!(entries.iter().any(|e| e.prisoner.details.surname == "Ó'Brien"));
    let mine = db.staff().unwrap().into_iter().find(|s| s.name == "Demo User").unwrap();
    assert!(entries.iter().any(|e| e.prisoner.details.allocated_supervisor_id == Some(mine.id)));
    assert!(omu_core::demo::populate(&mut db, today(), "Demo User").is_err());
    drop(dir);
}

#[test]
fn text_size_and_theme_are_each_person_s_own() {
    use omu_core::domain::staff::{TextSize, ThemeChoice};
    let (_dir, mut db) = temp_db();
    let mut mine = db.settings().unwrap();
    mine.establishment_name = "HMP Testbridge".into();
    mine.text_size = TextSize::Large;
    mine.theme = ThemeChoice::Dark;
    db.save_settings(&mine).unwrap();
    let path = db.path().to_path_buf();
    drop(db);

    let other = Db::open(&path, &common::key(&path), "Gary Gate").unwrap();
    let theirs = other.settings().unwrap();
    assert_eq!(
        (theirs.text_size, theirs.theme),
        (TextSize::Normal, ThemeChoice::Light),
        "not forced on the next person"
    );
    assert_eq!(theirs.establishment_name, "HMP Testbridge", "the establishment's settings are shared");
    drop(other);
    let again = Db::open(&path, &common::key(&path), &format!("  {}  ", common::USER.to_uppercase())).unwrap();
    assert_eq!(
        again.settings().unwrap().text_size,
        TextSize::Large,
        "kept under the person, however the name is typed"
    );
}

#[test]
fn the_file_itself_refuses_release_and_parole_dates_that_break_the_rules() {
    use common::raw;
    let (dir, mut db) = temp_db();
    let mut lifer = details("A7777LF", "Leon", "Ferris");
    lifer.sentence_type = omu_core::domain::risk::SentenceType::Life;
    lifer.sentence_length = None;
    let id = db.insert_prisoner(&lifer).unwrap();
    let path = db.path().to_path_buf();
    drop(db);
    // An insider with the key and SQL, going round the form.
    let conn = raw(&path);
    let hdc = conn.execute("UPDATE prisoner SET hdc_eligibility_date = '2027-01-01' WHERE id = ?1", [id]);
    assert!(hdc.is_err_and(|error| error.to_string().contains("CHECK")), "HDC on a life sentence");
    let early_hearing = conn.execute(
        "INSERT INTO parole_review (prisoner_id, review_type, opened_on, target_hearing_date)
         VALUES (?1, 'tariff_expiry', '2026-06-01', '2026-05-01')",
        [id],
    );
    assert!(early_hearing.is_err(), "a hearing before the review was opened");
    let late_report = conn.execute(
        "INSERT INTO parole_review (prisoner_id, review_type, opened_on, target_hearing_date, report_due_date)
         VALUES (?1, 'tariff_expiry', '2026-06-01', '2026-09-01', '2026-09-02')",
        [id],
    );
    assert!(late_report.is_err(), "a report due after the hearing");
    let outcome_without_date = conn.execute(
        "INSERT INTO parole_review (prisoner_id, review_type, opened_on, outcome) VALUES (?1, 'tariff_expiry', '2026-06-01', 'release')",
        [id],
    );
    assert!(outcome_without_date.is_err(), "an outcome without the day it was received");
    drop(dir);
}

#[test]
fn a_categorisation_decision_sets_the_category_and_its_next_review_and_stays_as_history() {
    use common::raw;
    use omu_core::domain::categorisation::CategoryDecisionDetails;
    use omu_core::domain::deadlines::DeadlineKind;
    let (dir, mut db) = temp_db();
    let id = db.insert_prisoner(&details("A8888CD", "Cora", "Dunne")).unwrap();
    let first = CategoryDecisionDetails {
        category: "C".into(),
        decided_on: today() - chrono::Duration::days(200),
        reason: "Initial categorisation".into(),
        next_review_due: Some(today() - chrono::Duration::days(10)),
    };
    db.record_category_decision(id, &first).unwrap();
    let record = db.prisoner(id).unwrap().details;
    assert_eq!(record.security_category.as_deref(), Some("C"));
    assert_eq!(record.recategorisation_due_date, first.next_review_due);
    // The review is overdue, so the Due board asks for it.
    let due = |db: &Db| {
        let query = CaseloadQuery::default();
        let entries = db.caseload(&query, today()).unwrap();
        db.deadlines(&entries, today(), 28)
            .unwrap()
            .into_iter()
            .filter(|item| item.kind == DeadlineKind::Recategorisation)
            .count()
    };
    assert_eq!(due(&db), 1);

    let second = CategoryDecisionDetails {
        category: "D".into(),
        decided_on: today(),
        reason: "Twelve months without adjudications".into(),
        next_review_due: Some(today() + chrono::Duration::days(182)),
    };
    db.record_category_decision(id, &second).unwrap();
    let record = db.prisoner(id).unwrap().details;
    assert_eq!(record.security_category.as_deref(), Some("D"));
    assert_eq!(record.recategorisation_due_date, second.next_review_due);
    let decisions = db.category_decisions(id).unwrap();
    assert_eq!(decisions.iter().map(|d| d.details.category.as_str()).collect::<Vec<_>>(), ["D", "C"], "newest first");
    assert_eq!(due(&db), 0, "the review was done: nothing is due for six months");

    // An insider with the key and SQL cannot rewrite, remove or back-date a decision.
    let path = db.path().to_path_buf();
    drop(db);
    let conn = raw(&path);
    let rewrite = conn.execute("UPDATE category_decision SET category = 'B' WHERE prisoner_id = ?1", [id]);
    assert!(rewrite.is_err_and(|error| error.to_string().contains("history")));
    let remove = conn.execute("DELETE FROM category_decision WHERE prisoner_id = ?1", [id]);
    assert!(remove.is_err_and(|error| error.to_string().contains("history")));
    let back_dated = conn.execute(
        "INSERT INTO category_decision (prisoner_id, category, decided_on, reason) VALUES (?1, 'B', '2020-01-01', 'x')",
        [id],
    );
    assert!(back_dated.is_err_and(|error| error.to_string().contains("before the last one")));
    let unknown = conn.execute(
        "INSERT INTO category_decision (prisoner_id, category, decided_on, reason) VALUES (?1, 'Z', '2030-01-01', 'x')",
        [id],
    );
    assert!(unknown.is_err(), "a category the establishment does not have");
    let no_reason = conn.execute(
        "INSERT INTO category_decision (prisoner_id, category, decided_on, reason) VALUES (?1, 'C', '2030-01-01', ' ')",
        [id],
    );
    assert!(no_reason.is_err(), "a decision without its reason");
    drop(dir);
}

#[test]
fn the_demo_supervisor_has_every_kind_of_deadline_on_her_caseload() {
    use omu_core::domain::deadlines::DeadlineKind;
    use omu_core::domain::risk::Coded;
    let (dir, mut db) = temp_db();
    omu_core::demo::populate(&mut db, today(), "Demo User").unwrap();
    let supervisor = db.staff().unwrap().into_iter().find(|member| member.name == "Rachel Okoro").unwrap();
    let query = CaseloadQuery { supervisor: SupervisorFilter::Staff(supervisor.id), ..CaseloadQuery::default() };
    let entries = db.caseload(&query, today()).unwrap();
    let items = db.deadlines(&entries, today(), 28).unwrap();
    for kind in DeadlineKind::ALL {
        assert!(items.iter().any(|item| item.kind == *kind), "no {} on the demo caseload", kind.label());
    }
    drop(dir);
}

/// The caseload is kept between reads, and after our own writes only the prisoners
/// written to are read again; every kind of change must show at the next read.
#[test]
fn a_kept_caseload_read_gives_way_to_every_change() {
    let (dir, mut db) = temp_db();
    let path = dir.path().join("case-file.sqlite3");
    let id = db.insert_prisoner(&details("A1234BC", "David", "Smith")).unwrap();
    let whole_unit = CaseloadQuery::default();
    let first = db.caseload(&whole_unit, today()).unwrap();
    let again = db.caseload(&whole_unit, today()).unwrap();
    assert!(std::sync::Arc::ptr_eq(&first[0], &again[0]), "nothing changed: the same read, not a new one");
    assert!(first[0].contact_overdue(today()));

    // Our own write, to a table the caseload only reads through a subquery.
    let seen = ContactDetails {
        contact_date: today(),
        contact_type: ContactType::FaceToFace,
        staff_name: USER.into(),
        notes: String::new(),
    };
    let other = db.insert_prisoner(&details("B2345CD", "Ann", "Jones")).unwrap();
    let before = db.caseload(&whole_unit, today()).unwrap();
    db.add_contact(id, &seen).unwrap();
    let after = db.caseload(&whole_unit, today()).unwrap();
    assert!(!after[0].contact_overdue(today()));
    assert_eq!(after[1].prisoner.id, other);
    assert!(std::sync::Arc::ptr_eq(&before[1], &after[1]), "only the prisoner written to is read again");
    // Archiving takes the prisoner off the list without reading the rest again.
    db.set_archived(other, true).unwrap();
    assert_eq!(db.caseload(&whole_unit, today()).unwrap().len(), 1);
    db.set_archived(other, false).unwrap();
    assert_eq!(db.caseload(&whole_unit, today()).unwrap().len(), 2);

    // Another program's write to the file behind the app's back.
    common::raw(&path).execute("UPDATE prisoner SET wing = 'Z' WHERE id = ?1", [id]).unwrap();
    assert_eq!(db.caseload(&whole_unit, today()).unwrap()[0].prisoner.details.wing, "Z");

    // A new day works each summary out again from what was read, without reading the
    // file: the monthly contact seen today is overdue in six weeks.
    let this_day = db.caseload(&whole_unit, today()).unwrap();
    let later = today() + chrono::Duration::days(42);
    let that_day = db.caseload(&whole_unit, later).unwrap();
    assert!(this_day[0].contact_overdue(today()) != that_day[0].contact_overdue(later));
    // Another program's write (which changes nothing shown) has the list read whole.
    common::raw(&path).execute("UPDATE prisoner SET wing = wing", []).unwrap();
    let read_afresh = db.caseload(&whole_unit, later).unwrap();
    assert!(!std::sync::Arc::ptr_eq(&that_day[1], &read_afresh[1]));
    let entries =
        |list: &[std::sync::Arc<CaseloadEntry>]| list.iter().map(|entry| (**entry).clone()).collect::<Vec<_>>();
    assert_eq!(entries(&that_day), entries(&read_afresh));

    // Each list is its own read: my caseload is not the whole unit's.
    let me = db.add_staff("Me Myself", StaffRole::OffenderSupervisor).unwrap();
    let mine = CaseloadQuery { supervisor: SupervisorFilter::Staff(me), ..CaseloadQuery::default() };
    assert!(db.caseload(&mine, today()).unwrap().is_empty());
    assert_eq!(db.caseload(&whole_unit, today()).unwrap().len(), 2);
    drop(dir);
}
