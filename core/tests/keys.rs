//! The key register on a real case file: issue and return, refusals, corrections,
//! incidents, and the board always equal to a replay of the history.

mod common;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use common::{bunch, temp_db, today};
use omu_core::domain::keys::{
    Bunch, DEFAULT_CUT_OFF, HolderStatus, HookState, IncidentKind, NewIncident, ReportedTo, TallyHolder, Whereabouts,
    default_due_back, whereabouts,
};
use omu_core::storage::{Db, IssueDetails, ReturnDetails};
use proptest::prelude::*;

fn holder(tally: u32, assessed: Option<NaiveDate>) -> TallyHolder {
    common::tally_holder(tally, &format!("Officer {tally}"), assessed)
}

/// A key safe of `hooks` bunches and as many assessed holders; returns their ids.
fn key_safe(db: &mut Db, hooks: u32) -> (Vec<i64>, Vec<i64>) {
    let bunches = (1..=hooks).map(|hook| db.save_bunch(&bunch(hook)).unwrap()).collect();
    let holders =
        (1..=hooks).map(|tally| db.save_holder(&holder(tally, Some(today() - Duration::days(30)))).unwrap()).collect();
    (bunches, holders)
}

fn issue(bunch_id: i64, holder_id: i64, at: DateTime<Utc>) -> IssueDetails {
    IssueDetails {
        bunch_id,
        holder_id,
        at,
        due_back: at + Duration::hours(8),
        count_confirmed: true,
        count_note: String::new(),
        second_holder_id: None,
    }
}

/// The words of a printout, every page, with single spaces.
fn printed_words(printable: &omu_core::print::Printable) -> String {
    let rendered = omu_core::pdf::render(&printable.document).unwrap();
    let document = lopdf::Document::load_mem(&rendered.bytes).unwrap();
    (1..=document.get_pages().len() as u32)
        .map(|page| document.extract_text(&[page]).unwrap())
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn give_back(bunch_id: i64, at: DateTime<Utc>) -> ReturnDetails {
    ReturnDetails { bunch_id, at, count_confirmed: true, count_note: String::new(), condition: "Good".into() }
}

#[test]
fn issue_and_return_with_every_refusal_explained() {
    let (dir, mut db) = temp_db();
    let (bunches, holders) = key_safe(&mut db, 3);
    let now = Utc::now();
    let morning = now - Duration::hours(3);
    db.issue_keys(&issue(bunches[0], holders[0], morning), now).unwrap();
    let board = db.key_board(now).unwrap();
    assert_eq!(board[0].state, HookState::Out);
    assert_eq!(board[0].holder.as_ref().unwrap().tally, 1);

    let already_out = db.issue_keys(&issue(bunches[0], holders[1], morning), now).unwrap_err();
    assert!(already_out.to_string().contains("already out"), "{already_out}");
    let one_tally = db.issue_keys(&issue(bunches[1], holders[0], morning), now).unwrap_err();
    assert!(one_tally.to_string().contains("tally 1 is already on hook 1"), "{one_tally}");
    let in_already = db.return_keys(&give_back(bunches[1], now), now).unwrap_err();
    assert!(in_already.to_string().contains("already in the key safe"));
    let too_early = db.return_keys(&give_back(bunches[0], morning - Duration::minutes(5)), now).unwrap_err();
    assert!(too_early.to_string().contains("before the keys went out"));
    db.return_keys(&give_back(bunches[0], now), now).unwrap();
    assert_eq!(db.key_board(now).unwrap()[0].state, HookState::In);

    let unassessed = db.save_holder(&holder(50, None)).unwrap();
    let refused = db.issue_keys(&issue(bunches[2], unassessed, morning), now).unwrap_err();
    assert!(refused.to_string().contains("no key risk assessment"), "{refused}");
    let clash = db.save_holder(&holder(2, None)).unwrap_err();
    assert!(clash.to_string().contains("tally 2 is already held by Officer 2"));
    drop(dir);
}

#[test]
fn the_register_is_history_and_mistakes_are_corrected_not_erased() {
    let (dir, mut db) = temp_db();
    let (bunches, holders) = key_safe(&mut db, 2);
    let now = Utc::now();
    let first = db.issue_keys(&issue(bunches[0], holders[0], now - Duration::hours(2)), now).unwrap();
    let conn = common::raw(db.path());
    assert!(conn.execute("UPDATE key_movement SET holder_id = NULL", []).unwrap_err().to_string().contains("history"));
    assert!(conn.execute("DELETE FROM key_movement", []).unwrap_err().to_string().contains("history"));

    // Issued to the wrong person: correct it, then issue to the right one.
    assert!(db.correct_movement(first, " ", now).is_err(), "a correction needs a reason");
    db.correct_movement(first, "Issued to the wrong tally", now).unwrap();
    assert_eq!(db.key_board(now).unwrap()[0].state, HookState::In);
    let second = db.issue_keys(&issue(bunches[0], holders[1], now - Duration::hours(1)), now).unwrap();
    assert_eq!(db.key_board(now).unwrap()[0].holder.as_ref().unwrap().tally, 2);
    // Only the latest movement can be corrected, and only once.
    assert!(db.correct_movement(first, "again", now).is_err());
    db.return_keys(&give_back(bunches[0], now), now).unwrap();
    assert!(db.correct_movement(second, "not the latest", now).unwrap_err().to_string().contains("latest"));
    let history =
        db.movement_history(now - Duration::days(1), now + Duration::minutes(1), Some(bunches[0]), None, 100).unwrap();
    assert_eq!(history.len(), 4, "issue, correction, issue, return all kept");
    assert!(history.iter().any(|line| line.voided && line.movement.id == first));
    drop(dir);
}

#[test]
fn a_lost_key_compromises_the_bunch_until_the_incident_closes() {
    let (dir, mut db) = temp_db();
    let (bunches, holders) = key_safe(&mut db, 2);
    let now = Utc::now();
    db.issue_keys(&issue(bunches[1], holders[1], now - Duration::hours(2)), now).unwrap();
    db.return_keys(
        &ReturnDetails {
            bunch_id: bunches[1],
            at: now - Duration::hours(1),
            count_confirmed: false,
            count_note: "6 of 7".into(),
            condition: "One missing".into(),
        },
        now,
    )
    .unwrap();
    let incident = db
        .report_incident(
            &NewIncident {
                kind: IncidentKind::Lost,
                hook: 2,
                keys_affected: "One cell key".into(),
                reported_by: "Gate officer".into(),
                explanation: "Returned one key short".into(),
                reported_to: ReportedTo::SecurityManager,
                actions: "Search".into(),
            },
            now,
        )
        .unwrap();
    let incidents = db.incidents().unwrap();
    assert!(incidents.iter().all(|incident| incident.last_holder == "Officer 2 (tally 2)"));
    assert_eq!(db.key_board(now).unwrap()[1].state, HookState::Compromised);
    let refused = db.issue_keys(&issue(bunches[1], holders[0], now), now).unwrap_err();
    assert!(refused.to_string().contains("compromised"), "{refused}");
    db.close_incident(incident, "Key found in the workshop; locks not compromised", now).unwrap();
    assert!(db.close_incident(incident, "again", now).is_err());
    // The short return opened an incident of its own: it too must be closed.
    assert_eq!(db.key_board(now).unwrap()[1].state, HookState::Compromised);
    let short_count = db.incidents().unwrap().into_iter().find(|i| i.closed_at.is_none()).unwrap();
    assert_eq!(short_count.kind, IncidentKind::CountDiscrepancy);
    db.close_incident(short_count.id, "The lost key was found: count now 7 of 7", now).unwrap();
    assert_eq!(db.key_board(now).unwrap()[1].state, HookState::In);
    db.issue_keys(&issue(bunches[1], holders[0], now), now).unwrap();
    drop(dir);
}

#[test]
fn overdue_at_the_cut_off() {
    let (dir, mut db) = temp_db();
    let (bunches, holders) = key_safe(&mut db, 1);
    let issued = omu_core::domain::dates::london_to_utc(
        today() - Duration::days(1),
        chrono::NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
    );
    let due = default_due_back(issued, DEFAULT_CUT_OFF, false);
    db.issue_keys(&IssueDetails { due_back: due, ..issue(bunches[0], holders[0], issued) }, Utc::now()).unwrap();
    assert_eq!(db.key_board(due).unwrap()[0].state, HookState::Out);
    assert_eq!(db.key_board(due + Duration::seconds(1)).unwrap()[0].state, HookState::Overdue);
    drop(dir);
}

#[derive(Debug, Clone)]
enum GateAction {
    Issue { hook: usize, tally: usize },
    Return { hook: usize },
    Correct { hook: usize },
}

fn gate_action() -> impl Strategy<Value = GateAction> {
    prop_oneof![
        (0usize..4, 0usize..4).prop_map(|(hook, tally)| GateAction::Issue { hook, tally }),
        (0usize..4).prop_map(|hook| GateAction::Return { hook }),
        (0usize..4).prop_map(|hook| GateAction::Correct { hook }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Through the real storage: whatever the gate tries, valid or not, the board the
    /// app shows equals a replay of each bunch's history, and refused actions add
    /// nothing to the register.
    #[test]
    fn the_stored_board_is_a_replay_of_the_stored_history(actions in proptest::collection::vec(gate_action(), 1..40)) {
        let (dir, mut db) = temp_db();
        let (bunches, holders) = key_safe(&mut db, 4);
        let start = Utc::now() - Duration::hours(6);
        for (step, action) in actions.into_iter().enumerate() {
            let at = start + Duration::minutes(step as i64 * 5);
            let now = at + Duration::minutes(1);
            let before: usize = bunches.iter().map(|id| db.bunch_history(*id).unwrap().len()).sum();
            let result = match action {
                GateAction::Issue { hook, tally } => db.issue_keys(&issue(bunches[hook], holders[tally], at), now).map(|_| ()),
                GateAction::Return { hook } => db.return_keys(&give_back(bunches[hook], at), now).map(|_| ()),
                GateAction::Correct { hook } => {
                    let latest = db.key_board(now).unwrap()[hook].whereabouts;
                    let history = db.bunch_history(bunches[hook]).unwrap();
                    let target = history.iter().rev().find(|m| m.kind != omu_core::domain::keys::MovementKind::Correction && !history.iter().any(|c| c.corrects == Some(m.id)));
                    match target {
                        Some(target) if latest != Whereabouts::In || target.kind == omu_core::domain::keys::MovementKind::Return => {
                            db.correct_movement(target.id, "Entered in error", now).map(|_| ())
                        }
                        _ => Ok(()),
                    }
                }
            };
            let after: usize = bunches.iter().map(|id| db.bunch_history(*id).unwrap().len()).sum();
            if result.is_err() {
                prop_assert_eq!(before, after, "a refused action wrote to the register");
            }
            let board = db.key_board(now).unwrap();
            for (tile, bunch_id) in board.iter().zip(&bunches) {
                prop_assert_eq!(tile.whereabouts, whereabouts(&db.bunch_history(*bunch_id).unwrap()));
            }
        }
        drop(dir);
    }
}

#[test]
fn the_demo_key_safe() {
    let (dir, mut db) = temp_db();
    omu_core::demo::populate(&mut db, today(), "Demo User").unwrap();
    let board = db.key_board(Utc::now()).unwrap();
    assert!((100..=140).contains(&board.len()), "{} hooks", board.len());
    assert!(board.iter().any(|tile| tile.state == HookState::Overdue), "an overdue bunch");
    assert!(
        board.iter().any(|tile| tile.state == HookState::Compromised || tile.compromised),
        "an open lost-key incident"
    );
    assert!(board.iter().any(|tile| tile.state == HookState::OutOfUse));
    assert!(db.incidents().unwrap().iter().any(|incident| incident.closed_at.is_none()));
    let day = db.movement_history(Utc::now() - Duration::days(4), Utc::now(), None, None, 10_000).unwrap();
    assert!(day.len() > 100, "a realistic few days of movements: {}", day.len());
    // A few bunches came back late, and the Unit page counts them.
    let late = day.iter().filter(|line| line.movement.returned_late().is_some()).count();
    assert!((1..=10).contains(&late), "{late} late returns");
    let facts = db.unit_facts(omu_core::storage::SupervisorFilter::All, Utc::now() - Duration::days(5)).unwrap();
    assert_eq!(facts.late_returns.len(), late);
    drop(dir);
}

#[test]
fn a_key_safe_is_set_up_in_one_go_and_a_clash_adds_nothing() {
    use omu_core::domain::keys::HookRangeForm;
    let (_dir, mut db) = temp_db();
    db.save_bunch(&bunch(5)).unwrap();
    let range = |first: &str, last: &str| HookRangeForm {
        first: first.into(),
        last: last.into(),
        description: "Wing A cell {n}".into(),
        key_count: "2".into(),
    };
    let clash = db.add_bunches(&range("1", "120").validate().unwrap()).unwrap_err().to_string();
    assert!(clash.contains("1 hook already holds a bunch (5): nothing was added"), "{clash}");
    assert_eq!(db.bunches().unwrap().len(), 1, "all or nothing");

    assert_eq!(db.add_bunches(&range("6", "125").validate().unwrap()).unwrap(), 120);
    let bunches = db.bunches().unwrap();
    assert_eq!(bunches.len(), 121);
    assert!(bunches.iter().any(|b| b.hook == 125 && b.description == "Wing A cell 125" && b.key_count == 2));
}

#[test]
fn a_bunch_returned_short_is_compromised_at_once_until_its_incident_is_closed() {
    let (_dir, mut db) = temp_db();
    let (bunches, holders) = key_safe(&mut db, 2);
    let now = Utc::now();
    db.issue_keys(&issue(bunches[0], holders[0], now - Duration::hours(3)), now).unwrap();
    let short = ReturnDetails {
        count_confirmed: false,
        count_note: "cell key 3 missing".into(),
        ..give_back(bunches[0], now - Duration::minutes(5))
    };
    db.return_keys(&short, now).unwrap();

    let tile = db.key_board(now).unwrap().remove(0);
    assert!(tile.compromised && tile.state == HookState::Compromised, "{tile:?}");
    let incident = db.incidents().unwrap().into_iter().find(|incident| incident.closed_at.is_none()).unwrap();
    assert_eq!(incident.kind, IncidentKind::CountDiscrepancy);
    assert_eq!(incident.last_holder, "Officer 1 (tally 1)");
    assert!(incident.explanation.contains("cell key 3 missing"));
    let refused = db.issue_keys(&issue(bunches[0], holders[1], now - Duration::minutes(1)), now).unwrap_err();
    assert!(refused.to_string().contains("compromised"), "{refused}");

    db.close_incident(incident.id, "Key found in the office and put back on the bunch", now).unwrap();
    assert!(!db.key_board(now).unwrap()[0].compromised);
    db.issue_keys(&issue(bunches[0], holders[1], now - Duration::minutes(1)), now).unwrap();
}

#[test]
fn the_screen_and_the_printed_reconciliation_name_the_same_problems() {
    let (_dir, mut db) = temp_db();
    let (bunches, holders) = key_safe(&mut db, 3);
    let now = Utc::now();
    db.issue_keys(&issue(bunches[0], holders[0], now - Duration::hours(2)), now).unwrap();
    // The holder is suspended while their keys are out.
    let mut suspended = db.tally_holders().unwrap().remove(0);
    suspended.suspended = true;
    db.save_holder(&suspended).unwrap();

    let board = db.key_board(now).unwrap();
    let today = omu_core::domain::dates::utc_to_london(now).date_naive();
    let problems = omu_core::domain::keys::end_of_day_problems(board.iter().map(|tile| tile.at_day_end(now)), today);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("Hook 1: out with Officer 1, who may not now draw keys"), "{problems:?}");

    let printable = omu_core::print::key_reconciliation(&db, now).unwrap();
    let text = printed_words(&printable);
    assert!(text.contains("Needs attention"), "{text}");
    assert!(
        text.contains("Hook 1: out with Officer 1, who may not now draw keys"),
        "the paper says what the screen says"
    );
}

#[test]
fn key_rights_and_the_second_officer_are_kept_by_the_register_itself() {
    let (dir, mut db) = temp_db();
    let now = Utc::now();
    let morning = now - Duration::hours(2);
    let healthcare = db.save_bunch(&Bunch { access_group: "healthcare".into(), ..bunch(1) }).unwrap();
    let perimeter = db.save_bunch(&Bunch { access_group: "perimeter".into(), restricted: true, ..bunch(2) }).unwrap();
    let assessed = Some(today() - Duration::days(30));
    let wing_officer = db.save_holder(&holder(1, assessed)).unwrap();
    let gate_officer =
        db.save_holder(&TallyHolder { access_groups: vec!["perimeter".into()], ..holder(2, assessed) }).unwrap();
    let manager = db
        .save_holder(&TallyHolder {
            access_groups: vec!["healthcare".into(), "perimeter".into()],
            ..holder(3, assessed)
        })
        .unwrap();
    let audit_before = db.verify_audit().unwrap().entries;

    // Whatever the screen does, the register refuses and writes nothing.
    let no_rights = db.issue_keys(&issue(healthcare, wing_officer, morning), now).unwrap_err();
    assert!(no_rights.to_string().contains("access does not include the healthcare keys"), "{no_rights}");
    let alone = db.issue_keys(&issue(perimeter, gate_officer, morning), now).unwrap_err();
    assert!(alone.to_string().contains("restricted"), "{alone}");
    let unauthorised_second =
        IssueDetails { second_holder_id: Some(wing_officer), ..issue(perimeter, gate_officer, morning) };
    let refused = db.issue_keys(&unauthorised_second, now).unwrap_err();
    assert!(refused.to_string().contains("Officer 1's access does not include the perimeter keys"), "{refused}");
    assert_eq!(db.verify_audit().unwrap().entries, audit_before, "nothing was written");
    assert!(db.key_board(now).unwrap().iter().all(|tile| tile.state == HookState::In));

    // With a second officer who may: both names are on the movement.
    db.issue_keys(&IssueDetails { second_holder_id: Some(manager), ..issue(perimeter, gate_officer, morning) }, now)
        .unwrap();
    let history = db.movement_history(morning - Duration::hours(1), now, None, None, 10).unwrap();
    assert_eq!(history[0].movement.second_holder_id, Some(manager));
    assert_eq!(history[0].holder_words(), "Officer 2 (2), confirmed by Officer 3 (tally 3)");
    db.issue_keys(&issue(healthcare, manager, morning), now).unwrap();

    // A holder who is leaving draws nothing more, and the tally they hold is flagged.
    let leaver = db.holder_by_tally(3).unwrap().unwrap();
    db.save_holder(&TallyHolder { status: HolderStatus::Leaving, ..leaver }).unwrap();
    let board = db.key_board(now).unwrap();
    let out_with_leaver = board.iter().find(|tile| tile.bunch.id == healthcare).unwrap();
    assert!(out_with_leaver.holder.as_ref().unwrap().barred(today()).unwrap().contains("leaving"));

    // A holder's own time for keys back is kept as typed.
    let evening = chrono::NaiveTime::from_hms_opt(21, 0, 0);
    let late = db.holder_by_tally(1).unwrap().unwrap();
    db.save_holder(&TallyHolder { keys_due_by: evening, ..late }).unwrap();
    assert_eq!(db.holder_by_tally(1).unwrap().unwrap().keys_due_by, evening);
    drop(dir);
}

#[test]
fn the_printed_overdue_list_names_the_bunches_the_board_shows_overdue_with_their_last_holders() {
    let (_dir, mut db) = temp_db();
    let (bunches, holders) = key_safe(&mut db, 3);
    let now = Utc::now();
    let out = now - Duration::hours(3);
    db.issue_keys(&IssueDetails { due_back: now - Duration::hours(1), ..issue(bunches[0], holders[0], out) }, now)
        .unwrap();
    db.issue_keys(&IssueDetails { due_back: now + Duration::hours(1), ..issue(bunches[1], holders[1], out) }, now)
        .unwrap();
    let board = db.key_board(now).unwrap();
    let overdue: Vec<u32> =
        board.iter().filter(|tile| tile.state == HookState::Overdue).map(|tile| tile.bunch.hook).collect();
    assert_eq!(overdue, [1]);

    let printable = omu_core::print::keys_overdue(&db, now).unwrap();
    let text = printed_words(&printable);
    assert!(text.contains("1 bunch out past the time it was due back"), "{text}");
    assert!(text.contains("Officer 1 (1)"), "the last holder is named: {text}");
    assert!(!text.contains("Officer 2 (2)"), "a bunch not yet due is not on it: {text}");
    assert!(text.contains("Orderly officer"), "signed by two people");
}

#[test]
fn one_hook_read_again_is_the_hook_the_whole_board_shows() {
    let (_dir, mut db) = temp_db();
    let (bunches, holders) = key_safe(&mut db, 4);
    let now = Utc::now();
    db.issue_keys(&issue(bunches[1], holders[1], now - Duration::hours(1)), now).unwrap();
    db.return_keys(
        &ReturnDetails { count_confirmed: false, count_note: "one short".into(), ..give_back(bunches[1], now) },
        now,
    )
    .unwrap();
    db.issue_keys(&issue(bunches[2], holders[2], now - Duration::hours(1)), now).unwrap();
    let board = db.key_board(now).unwrap();
    for tile in &board {
        assert_eq!(&db.hook_tile(tile.bunch.id, now).unwrap(), tile, "hook {}", tile.bunch.hook);
    }
    assert!(board[1].compromised && board[2].holder.is_some());
    // Later, the same tile falls overdue without being read again.
    let later = now + Duration::hours(12);
    assert_eq!(board[2].state_at(later), HookState::Overdue);
}

#[test]
fn an_access_groups_own_time_is_kept_changed_and_given_back_to_the_cut_off() {
    let (_dir, mut db) = temp_db();
    let evening = chrono::NaiveTime::from_hms_opt(20, 30, 0);
    db.set_access_group_time(" Education ", evening).unwrap();
    assert_eq!(db.access_group_times().unwrap().get("education").copied(), evening, "one spelling");
    db.set_access_group_time("education", chrono::NaiveTime::from_hms_opt(21, 0, 0)).unwrap();
    assert_eq!(db.access_group_times().unwrap().len(), 1, "changed, not added");
    db.set_access_group_time("education", None).unwrap();
    assert!(db.access_group_times().unwrap().is_empty(), "back to the cut-off");
    assert!(db.set_access_group_time("  ", evening).unwrap_err().to_string().contains("needs a name"));
    assert!(db.verify_audit().unwrap().is_intact(), "each change is in the sealed trail");
}

#[test]
fn the_unit_figures_count_a_return_after_its_due_time_as_late() {
    use omu_core::domain::dates::london_to_utc;
    let (_dir, mut db) = temp_db();
    let (bunches, holders) = key_safe(&mut db, 2);
    let at = |hour: u32| london_to_utc(today(), chrono::NaiveTime::from_hms_opt(hour, 0, 0).unwrap());
    // Hook 1 due back at 10:00 and returned at 11:00; hook 2 due at 17:00, back at 11:00.
    db.issue_keys(&IssueDetails { due_back: at(10), ..issue(bunches[0], holders[0], at(9)) }, at(9)).unwrap();
    db.issue_keys(&IssueDetails { due_back: at(17), ..issue(bunches[1], holders[1], at(9)) }, at(9)).unwrap();
    db.return_keys(&give_back(bunches[0], at(11)), at(11)).unwrap();
    db.return_keys(&give_back(bunches[1], at(11)), at(11)).unwrap();
    let facts = db.unit_facts(omu_core::storage::SupervisorFilter::All, at(0)).unwrap();
    assert_eq!(facts.late_returns, vec![at(11)], "only hook 1 came back late");
}

#[test]
fn a_return_records_the_due_time_it_closed_and_a_voided_late_return_is_not_counted() {
    use omu_core::domain::dates::london_to_utc;
    let (_dir, mut db) = temp_db();
    let (bunches, holders) = key_safe(&mut db, 2);
    let at = |hour: u32, minute: u32| london_to_utc(today(), chrono::NaiveTime::from_hms_opt(hour, minute, 0).unwrap());
    // Hook 1 comes back at its due minute: on time.
    db.issue_keys(&IssueDetails { due_back: at(10, 0), ..issue(bunches[0], holders[0], at(9, 0)) }, at(9, 0)).unwrap();
    db.return_keys(&give_back(bunches[0], at(10, 0)), at(10, 0)).unwrap();
    // Hook 2 is booked back late by mistake, the return voided, then back later still.
    db.issue_keys(&IssueDetails { due_back: at(10, 0), ..issue(bunches[1], holders[1], at(9, 0)) }, at(9, 0)).unwrap();
    let mistaken = db.return_keys(&give_back(bunches[1], at(10, 30)), at(10, 30)).unwrap();
    db.correct_movement(mistaken, "Booked against the wrong hook", at(10, 31)).unwrap();
    db.return_keys(&give_back(bunches[1], at(11, 0)), at(11, 0)).unwrap();
    let facts = db.unit_facts(omu_core::storage::SupervisorFilter::All, at(0, 0)).unwrap();
    assert_eq!(facts.late_returns, vec![at(11, 0)], "the on-time return and the voided one are not counted");
    // The ledger says which return was late, and against what due time.
    let lines = db.movement_history(at(0, 0), at(12, 0), Some(bunches[1]), None, 10).unwrap();
    let late: Vec<String> =
        lines.iter().filter(|line| line.movement.at == at(11, 0)).map(|line| line.detail()).collect();
    assert_eq!(late.len(), 1);
    assert!(late[0].starts_with("late: was due "), "{late:?}");
    let on_time = db.movement_history(at(0, 0), at(12, 0), Some(bunches[0]), None, 10).unwrap();
    assert!(
        on_time.iter().all(|line| !line.detail().contains("late")),
        "{:?}",
        on_time.iter().map(|l| l.detail()).collect::<Vec<_>>()
    );
}
