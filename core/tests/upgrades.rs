//! A case file written by every earlier version of OMU Desk opens with today's code:
//! each test builds a file at one earlier schema version, with data in every table
//! that version had (as that version's SQL left it, through its audit triggers),
//! opens it as the app does, and checks that every row survived, the records read
//! back as they were written, and the audit trail verifies.

mod common;

use std::collections::BTreeMap;

use chrono::SubsecRound;
use omu_core::domain::dates::format_date;
use omu_core::storage::{self, CaseKey, Db, LATEST_VERSION};
use rusqlite::{Connection, OpenFlags};

/// Each version's data, applied once the file has reached that version.
const FIXTURES: [&str; 12] = [
    include_str!("upgrades/v1.sql"),
    include_str!("upgrades/v2.sql"),
    include_str!("upgrades/v3.sql"),
    include_str!("upgrades/v4.sql"),
    include_str!("upgrades/v5.sql"),
    include_str!("upgrades/v6.sql"),
    include_str!("upgrades/v7.sql"),
    include_str!("upgrades/v8.sql"),
    include_str!("upgrades/v9.sql"),
    include_str!("upgrades/v10.sql"),
    include_str!("upgrades/v11.sql"),
    include_str!("upgrades/v12.sql"),
];

/// Tables no fixture fills: the search index's own tables follow `prisoner`, and an
/// anchor is written only by an erasure past retention (covered in security.rs).
const LEFT_EMPTY: &[&str] = &["audit_anchor"];

/// A file at schema `version`, built step by step as successive versions of OMU
/// Desk would have left it.
fn file_at(version: i64) -> (tempfile::TempDir, std::path::PathBuf, CaseKey) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("older.sqlite3");
    let key = CaseKey::generate();
    let mut conn =
        storage::connect(&path, &key, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE).unwrap();
    conn.pragma_update(None, "foreign_keys", true).unwrap();
    for step in 1..=version {
        storage::upgrade(&mut conn, &path, step).unwrap();
        conn.execute_batch(FIXTURES[step as usize - 1]).unwrap_or_else(|error| panic!("fixture v{step}: {error}"));
    }
    let reached: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0)).unwrap();
    assert_eq!(reached, version);
    (dir, path, key)
}

/// Every ordinary table and how many rows it holds.
fn row_counts(conn: &Connection) -> BTreeMap<String, i64> {
    let mut statement = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap();
    let tables: Vec<String> = statement.query_map([], |row| row.get(0)).unwrap().map(Result::unwrap).collect();
    tables
        .into_iter()
        .map(|table| {
            let count = conn.query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |row| row.get(0)).unwrap();
            (table, count)
        })
        .collect()
}

fn upgraded_from(version: i64) {
    let (_dir, path, key) = file_at(version);
    let before = {
        let conn = storage::connect(&path, &key, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        row_counts(&conn)
    };
    for (table, count) in &before {
        let virtual_part = table.starts_with("prisoner_search");
        assert!(*count > 0 || virtual_part || LEFT_EMPTY.contains(&table.as_str()), "v{version}: {table} is empty");
    }

    let db = Db::open(&path, &key, "Upgrade Test").unwrap_or_else(|error| panic!("v{version} opens: {error}"));
    let conn = storage::connect(&path, &key, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let version_now: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0)).unwrap();
    assert_eq!(version_now, LATEST_VERSION);
    let after = row_counts(&conn);
    for (table, count) in &before {
        let kept = after.get(table).copied();
        // Later migrations add settings of their own (the key cut-off), recorded in the
        // audit trail and sealed like any change.
        // Version 8 gives a procedure that checklists follow its next version.
        if ["audit_log", "audit_seal", "setting", "induction_template", "induction_template_item"]
            .contains(&table.as_str())
        {
            assert!(kept >= Some(*count), "v{version}: rows of {table} are only ever added");
        } else {
            assert_eq!(kept, Some(*count), "v{version}: every row of {table} survived");
        }
    }

    let report = db.verify_audit().unwrap();
    assert!(report.is_intact(), "v{version}: {:?}", report.problems);
    assert!(report.entries > 0, "v{version}: the old entries are still there");

    // The records read back as they were written.
    let prisoner = db.prisoner(1).unwrap();
    assert_eq!(prisoner.details.surname, "Ó'Súilleabháin");
    assert_eq!(format_date(prisoner.details.date_of_birth), "29/02/1988");
    assert_eq!(db.contacts(1).unwrap().len(), 1);
    if version >= 2 {
        let checklist = db.checklists(1).unwrap().remove(0);
        // The item done by hand, and the one the record answers, done by the upgrade.
        assert_eq!(checklist.items.iter().filter(|item| item.done_by.is_some()).count(), 2);
        let allocated = checklist
            .items
            .iter()
            .find(|item| item.template_item.title == "Offender supervisor allocated")
            .expect("the item is on the checklist");
        assert_eq!(allocated.outcome_notes, "Allocated on the record to Ann Older", "v{version}");
    }
    // The procedure in use asks the record whether a supervisor is allocated.
    let current = db.current_template().unwrap();
    assert!(
        current.items.iter().any(|item| item.question == omu_core::domain::induction::Question::SupervisorAllocated),
        "v{version}: {:?}",
        current.items.iter().map(|item| (&item.title, item.question)).collect::<Vec<_>>()
    );
    if version >= 3 {
        let plans = db.plan_versions(1).unwrap();
        assert_eq!(plans[0].objectives[0].text, "Complete the Thinking Skills Programme");
        assert_eq!(db.meetings(1).unwrap()[0].attendees.len(), 1);
        assert_eq!(db.keyworkers(1).unwrap()[0].role, "CARATS worker");
    }
    if version >= 4 {
        let board = db.key_board(chrono::Utc::now()).unwrap();
        let hook = board.iter().find(|tile| tile.bunch.hook == 12).unwrap();
        assert_eq!(hook.whereabouts, omu_core::domain::keys::Whereabouts::In, "the corrected issue does not stand");
        // Key rights came later: what was there stays open to every holder serving.
        assert!(board.iter().all(|tile| tile.bunch.access_group.is_empty() && !tile.bunch.restricted));
        let holders = db.tally_holders().unwrap();
        assert!(
            holders.iter().all(|holder| holder.access_groups.is_empty()
                && holder.status == omu_core::domain::keys::HolderStatus::Serving)
        );
    }
    if version >= 5 {
        let users = db.users().unwrap();
        assert!(users.iter().any(|user| user.name == "Ann Older"));
    }
    if version >= 10 {
        assert_eq!(prisoner.details.hdc_eligibility_date.map(format_date).as_deref(), Some("01/06/2022"));
        assert_eq!(db.parole_reviews(1).unwrap()[0].details.report_writer, "Ann Older");
        assert_eq!(prisoner.details.security_category.as_deref(), Some("C"));
    }
    if version == 10 {
        // Categorisation decisions came later: the category stands with no decision behind it.
        assert!(db.category_decisions(1).unwrap().is_empty());
    }
    if version >= 11 {
        let decisions = db.category_decisions(1).unwrap();
        assert_eq!(decisions.len(), 1);
        assert_eq!(decisions[0].details.reason, "Settled on the wing, no adjudications");
    }
    if version >= 3 {
        // The Unit page reads the agreed plan's need (through the index version 12
        // added) and the board that agreed it.
        let since = chrono::DateTime::parse_from_rfc3339("2020-01-01T00:00:00Z").unwrap().with_timezone(&chrono::Utc);
        let facts = db.unit_facts(storage::SupervisorFilter::All, since).unwrap();
        assert_eq!(facts.needs.len(), 1, "v{version}");
        assert_eq!(facts.needs[0].state, omu_core::domain::plan::InterventionState::Waiting);
        assert_eq!(facts.boards.len(), 1, "v{version}");
    }
    if version >= 4 {
        // A return recorded before returns kept their due time is still paired with
        // its issue; one recorded now carries its own. Both late ones are counted.
        let mut db = db;
        let now = chrono::Utc::now().trunc_subsecs(0);
        let (bunch_id, holder_id) = late_return_recorded_now(&mut db, now);
        let late_returns = |db: &Db| {
            let since = "2020-01-01T00:00:00Z".parse::<chrono::DateTime<chrono::Utc>>().unwrap();
            let mut late = db.unit_facts(storage::SupervisorFilter::All, since).unwrap().late_returns;
            late.sort();
            late
        };
        let mut expected: Vec<chrono::DateTime<chrono::Utc>> = Vec::new();
        if version >= 12 {
            expected.push("2021-03-05T18:30:00Z".parse().unwrap());
        }
        expected.push(now);
        assert_eq!(late_returns(&db), expected, "v{version}: bunch {bunch_id}, holder {holder_id}");
        // The upgraded file refuses a return without its due time, however written.
        let conn = storage::connect(&path, &key, OpenFlags::SQLITE_OPEN_READ_WRITE).unwrap();
        let refused = conn
            .execute(
                "INSERT INTO key_movement (bunch_id, kind, at, recorded_by) VALUES (?1, 'return', ?2, 'Insider')",
                rusqlite::params![bunch_id, "2026-01-01T10:00:00Z"],
            )
            .unwrap_err();
        assert!(refused.to_string().contains("records the due time"), "v{version}: {refused}");
    }
}

/// A bunch of its own issued to a holder of its own an hour ago, due back half an
/// hour ago, and returned at `now`; their ids.
fn late_return_recorded_now(db: &mut Db, now: chrono::DateTime<chrono::Utc>) -> (i64, i64) {
    let bunch_id = db.save_bunch(&common::bunch(30)).unwrap();
    let assessed = Some(now.date_naive() - chrono::Duration::days(30));
    let holder_id = db.save_holder(&common::tally_holder(30, "Officer Upgrade", assessed)).unwrap();
    let issue = storage::IssueDetails {
        bunch_id,
        holder_id,
        at: now - chrono::Duration::hours(1),
        due_back: now - chrono::Duration::minutes(30),
        count_confirmed: true,
        count_note: String::new(),
        second_holder_id: None,
    };
    db.issue_keys(&issue, now).unwrap();
    let back = storage::ReturnDetails {
        bunch_id,
        at: now,
        count_confirmed: true,
        count_note: String::new(),
        condition: "Good".into(),
    };
    db.return_keys(&back, now).unwrap();
    (bunch_id, holder_id)
}

#[test]
fn a_version_1_file_opens_with_everything_in_it() {
    upgraded_from(1);
}

#[test]
fn a_version_2_file_opens_with_everything_in_it() {
    upgraded_from(2);
}

#[test]
fn a_version_3_file_opens_with_everything_in_it() {
    upgraded_from(3);
}

#[test]
fn a_version_4_file_opens_with_everything_in_it() {
    upgraded_from(4);
}

#[test]
fn a_version_5_file_opens_with_everything_in_it() {
    upgraded_from(5);
}

#[test]
fn a_version_6_file_opens_with_everything_in_it() {
    upgraded_from(6);
}

#[test]
fn a_version_7_file_opens_with_everything_in_it() {
    upgraded_from(7);
}

#[test]
fn a_version_8_file_opens_with_everything_in_it() {
    upgraded_from(8);
}

#[test]
fn a_version_9_file_opens_with_everything_in_it() {
    upgraded_from(9);
}

#[test]
fn a_version_10_file_opens_with_everything_in_it() {
    upgraded_from(10);
}

#[test]
fn a_version_11_file_opens_with_everything_in_it() {
    upgraded_from(11);
}

#[test]
fn a_version_12_file_opens_with_everything_in_it() {
    upgraded_from(12);
}

#[test]
fn every_earlier_version_has_a_test() {
    assert_eq!(FIXTURES.len() as i64, LATEST_VERSION - 1, "add a fixture and a test for the version before this one");
}
