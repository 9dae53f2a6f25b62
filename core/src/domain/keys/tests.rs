//! The keys rules at their edges.

use super::*;
use proptest::prelude::*;

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
}

fn holder() -> TallyHolder {
    TallyHolder {
        id: 1,
        name: "Officer Jones".into(),
        role: "Officer".into(),
        department: "A wing".into(),
        tally: 12,
        risk_assessed_on: NaiveDate::from_ymd_opt(2026, 6, 1),
        key_talk_on: NaiveDate::from_ymd_opt(2026, 6, 1),
        chain_and_pouch: true,
        overnight_allowed: false,
        suspended: false,
        access_groups: Vec::new(),
        status: HolderStatus::Serving,
        keys_due_by: None,
    }
}

fn bunch() -> Bunch {
    Bunch {
        id: 1,
        hook: 12,
        description: "A wing cells".into(),
        key_count: 7,
        contents: String::new(),
        out_of_use: false,
        out_of_use_reason: String::new(),
        access_group: String::new(),
        restricted: false,
    }
}

#[test]
fn cut_off_follows_british_summer_time() {
    // 17:00 in summer is 16:00 UTC; in winter 17:00 UTC.
    assert_eq!(default_due_back(utc("2026-07-01T07:00:00Z"), DEFAULT_CUT_OFF, false), utc("2026-07-01T16:00:00Z"));
    assert_eq!(default_due_back(utc("2026-12-01T07:00:00Z"), DEFAULT_CUT_OFF, false), utc("2026-12-01T17:00:00Z"));
    // The day the clocks go back: issued 08:00 BST, due 17:00 GMT, 10 hours later.
    let issued = utc("2026-10-25T07:00:00Z");
    assert_eq!(default_due_back(issued, DEFAULT_CUT_OFF, false) - issued, Duration::hours(10));
}

#[test]
fn after_the_cut_off_keys_go_overnight_only_with_permission() {
    let late = utc("2026-11-23T22:30:00Z");
    assert_eq!(default_due_back(late, DEFAULT_CUT_OFF, true), utc("2026-11-24T17:00:00Z"));
    let due = default_due_back(late, DEFAULT_CUT_OFF, false);
    assert_eq!(due, utc("2026-11-23T23:59:00Z"));
    let now = late;
    let refused = IssueRequest {
        bunch: &bunch(),
        whereabouts: Whereabouts::In,
        compromised: false,
        holder: &holder(),
        holder_has_out: None,
        issued_at: late,
        due_back: utc("2026-11-24T17:00:00Z"),
        second: None,
    }
    .check(now);
    assert!(refused.unwrap_err().to_string().contains("may not keep keys overnight"));
    let night = TallyHolder { overnight_allowed: true, ..holder() };
    assert!(
        IssueRequest {
            bunch: &bunch(),
            whereabouts: Whereabouts::In,
            compromised: false,
            holder: &night,
            holder_has_out: None,
            issued_at: late,
            due_back: utc("2026-11-24T17:00:00Z"),
            second: None,
        }
        .check(now)
        .is_ok()
    );
}

#[test]
fn no_valid_assessment_no_keys() {
    let now = utc("2026-11-23T09:00:00Z");
    let due = utc("2026-11-23T17:00:00Z");
    let unassessed = TallyHolder { risk_assessed_on: None, ..holder() };
    let refused = IssueRequest {
        bunch: &bunch(),
        whereabouts: Whereabouts::In,
        compromised: false,
        holder: &unassessed,
        holder_has_out: None,
        issued_at: now,
        due_back: due,
        second: None,
    }
    .check(now)
    .unwrap_err()
    .to_string();
    assert_eq!(refused, "Cannot issue: Officer Jones has no key risk assessment recorded.");
    let expired = TallyHolder { risk_assessed_on: NaiveDate::from_ymd_opt(2025, 11, 23), ..holder() };
    assert!(
        IssueRequest {
            bunch: &bunch(),
            whereabouts: Whereabouts::In,
            compromised: false,
            holder: &expired,
            holder_has_out: None,
            issued_at: now,
            due_back: due,
            second: None,
        }
        .check(now)
        .unwrap_err()
        .to_string()
        .contains("expired")
    );
    let no_pouch = TallyHolder { chain_and_pouch: false, ..holder() };
    assert!(
        IssueRequest {
            bunch: &bunch(),
            whereabouts: Whereabouts::In,
            compromised: false,
            holder: &no_pouch,
            holder_has_out: None,
            issued_at: now,
            due_back: due,
            second: None,
        }
        .check(now)
        .unwrap_err()
        .to_string()
        .contains("chain and pouch")
    );
    assert!(
        IssueRequest {
            bunch: &bunch(),
            whereabouts: Whereabouts::In,
            compromised: true,
            holder: &holder(),
            holder_has_out: None,
            issued_at: now,
            due_back: due,
            second: None,
        }
        .check(now)
        .unwrap_err()
        .to_string()
        .contains("compromised")
    );
    assert!(
        IssueRequest {
            bunch: &bunch(),
            whereabouts: Whereabouts::In,
            compromised: false,
            holder: &holder(),
            holder_has_out: Some(3),
            issued_at: now,
            due_back: due,
            second: None,
        }
        .check(now)
        .unwrap_err()
        .to_string()
        .contains("already on hook 3")
    );
}

#[test]
fn returns_are_checked() {
    let since = utc("2026-11-23T08:00:00Z");
    let out = Whereabouts::Out { holder_id: 1, since, due_back: utc("2026-11-23T17:00:00Z") };
    let now = utc("2026-11-23T12:00:00Z");
    assert!(
        check_return(&bunch(), Whereabouts::In, now, true, "", now).unwrap_err().to_string().contains("already in")
    );
    assert!(
        check_return(&bunch(), out, utc("2026-11-23T07:59:00Z"), true, "", now)
            .unwrap_err()
            .to_string()
            .contains("before the keys went out")
    );
    assert!(check_return(&bunch(), out, now, false, " ", now).unwrap_err().to_string().starts_with("Count"));
    assert!(check_return(&bunch(), out, now, false, "6 keys, one missing", now).is_ok());
    assert_eq!(check_return(&bunch(), out, now, true, "", now), Ok(utc("2026-11-23T17:00:00Z")));
}

#[test]
fn overdue_is_past_the_due_time() {
    let out =
        Whereabouts::Out { holder_id: 1, since: utc("2026-11-23T08:00:00Z"), due_back: utc("2026-11-23T17:00:00Z") };
    assert_eq!(hook_state(&bunch(), out, false, utc("2026-11-23T17:00:00Z")), HookState::Out);
    assert_eq!(hook_state(&bunch(), out, false, utc("2026-11-23T17:00:01Z")), HookState::Overdue);
    // Overnight: still out, not overdue, after midnight.
    let overnight =
        Whereabouts::Out { holder_id: 1, since: utc("2026-11-23T22:00:00Z"), due_back: utc("2026-11-24T17:00:00Z") };
    assert_eq!(hook_state(&bunch(), overnight, false, utc("2026-11-24T01:00:00Z")), HookState::Out);
}

/// An action at the gate, for the state machine property test.
#[derive(Debug, Clone)]
enum Action {
    Issue { bunch: usize, holder: usize, minutes: i64 },
    Return { bunch: usize, minutes: i64 },
    Correct { back: usize },
    OutOfUse { bunch: usize, on: bool },
    Lost { bunch: usize, open: bool },
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        (0usize..4, 0usize..4, -30i64..600).prop_map(|(bunch, holder, minutes)| Action::Issue {
            bunch,
            holder,
            minutes
        }),
        (0usize..4, -30i64..600).prop_map(|(bunch, minutes)| Action::Return { bunch, minutes }),
        (0usize..6).prop_map(|back| Action::Correct { back }),
        (0usize..4, any::<bool>()).prop_map(|(bunch, on)| Action::OutOfUse { bunch, on }),
        (0usize..4, any::<bool>()).prop_map(|(bunch, open)| Action::Lost { bunch, open }),
    ]
}

proptest! {
    /// The board kept step by step (as the gate acts) always equals a replay of the
    /// history, and refused actions change nothing.
    #[test]
    fn the_board_is_a_replay_of_the_history(actions in proptest::collection::vec(action(), 1..80)) {
        let start = utc("2026-11-23T07:00:00Z");
        let holders: Vec<TallyHolder> = (0..4).map(|i| TallyHolder { id: i + 1, tally: i as u32 + 1, overnight_allowed: i % 2 == 0, ..holder() }).collect();
        let mut bunches: Vec<Bunch> = (0..4).map(|i| Bunch { id: i + 1, hook: i as u32 + 1, ..bunch() }).collect();
        let mut compromised = [false; 4];
        let mut history: Vec<Movement> = Vec::new();
        let mut board: Vec<Whereabouts> = vec![Whereabouts::In; 4];
        let mut clock = start;
        for action in actions {
            let before = (board.clone(), history.len());
            match action {
                Action::Issue { bunch, holder, minutes } => {
                    clock += Duration::minutes(minutes.max(1));
                    let at = clock;
                    let holder = &holders[holder];
                    let holding = board.iter().position(|w| matches!(w, Whereabouts::Out { holder_id, .. } if *holder_id == holder.id)).map(|i| i as u32 + 1);
                    let due = default_due_back(at, DEFAULT_CUT_OFF, holder.overnight_allowed);
                    let due = if due <= at { at + Duration::hours(1) } else { due };
                    let allowed = IssueRequest { bunch: &bunches[bunch], whereabouts: board[bunch], compromised: compromised[bunch], holder, holder_has_out: holding, issued_at: at, due_back: due, second: None }.check(clock);
                    if allowed.is_ok() {
                        let id = history.len() as i64 + 1;
                        history.push(Movement { id, bunch_id: bunches[bunch].id, kind: MovementKind::Issue, holder_id: Some(holder.id), at, due_back: Some(due), recorded_by: "Gate".into(), count_confirmed: true, count_note: String::new(), condition: String::new(), corrects: None, reason: String::new(), second_holder_id: None });
                        board[bunch] = Whereabouts::Out { holder_id: holder.id, since: at, due_back: due };
                    } else {
                        prop_assert_eq!(&before, &(board.clone(), history.len()));
                    }
                }
                Action::Return { bunch, minutes } => {
                    let at = clock + Duration::minutes(minutes);
                    clock = clock.max(at);
                    if check_return(&bunches[bunch], board[bunch], at, true, "", clock).is_ok() {
                        let id = history.len() as i64 + 1;
                        history.push(Movement { id, bunch_id: bunches[bunch].id, kind: MovementKind::Return, holder_id: None, at, due_back: None, recorded_by: "Gate".into(), count_confirmed: true, count_note: String::new(), condition: "Good".into(), corrects: None, reason: String::new(), second_holder_id: None });
                        board[bunch] = Whereabouts::In;
                    }
                }
                Action::Correct { back } => {
                    // Void the latest effective movement of some bunch.
                    let voided: std::collections::HashSet<i64> = history.iter().filter_map(|m| m.corrects).collect();
                    let target = history.iter().rev().filter(|m| m.kind != MovementKind::Correction && !voided.contains(&m.id)).nth(back).cloned();
                    if let Some(target) = target {
                        let id = history.len() as i64 + 1;
                        history.push(Movement { id, bunch_id: target.bunch_id, kind: MovementKind::Correction, holder_id: None, at: clock, due_back: None, recorded_by: "Gate".into(), count_confirmed: true, count_note: String::new(), condition: String::new(), corrects: Some(target.id), reason: "Entered in error".into(), second_holder_id: None });
                        let index = (target.bunch_id - 1) as usize;
                        let own: Vec<Movement> = history.iter().filter(|m| m.bunch_id == target.bunch_id).cloned().collect();
                        board[index] = whereabouts(&own);
                    }
                }
                Action::OutOfUse { bunch, on } => {
                    if board[bunch] == Whereabouts::In {
                        bunches[bunch].out_of_use = on;
                    }
                }
                Action::Lost { bunch, open } => compromised[bunch] = open,
            }
            // The invariant: what the gate keeps equals the replay of the register.
            for (index, bunch) in bunches.iter().enumerate() {
                let own: Vec<Movement> = history.iter().filter(|m| m.bunch_id == bunch.id).cloned().collect();
                prop_assert_eq!(whereabouts(&own), board[index]);
            }
            // A holder never has two bunches out: one tally, one hook.
            for holder in &holders {
                let out = board.iter().filter(|w| matches!(w, Whereabouts::Out { holder_id, .. } if *holder_id == holder.id)).count();
                prop_assert!(out <= 1 || history.iter().any(|m| m.kind == MovementKind::Correction));
            }
        }
    }

    #[test]
    fn holder_and_bunch_forms_never_panic(tally in "\\PC{0,6}", hook in "\\PC{0,6}", date in "[0-9/]{0,12}", name in "\\PC{0,20}") {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let _ = HolderForm { name: name.clone(), tally, risk_assessed_on: date.clone(), ..HolderForm::default() }.validate(today);
        let _ = BunchForm { hook, description: name, key_count: "7".into(), ..BunchForm::default() }.validate();
    }
}

#[test]
fn the_cut_off_is_a_24_hour_time() {
    assert_eq!(parse_cut_off("17:00"), Ok(NaiveTime::from_hms_opt(17, 0, 0).unwrap()));
    assert_eq!(parse_cut_off(" 16:30 "), Ok(NaiveTime::from_hms_opt(16, 30, 0).unwrap()));
    let refused = parse_cut_off("5pm").unwrap_err().to_string();
    assert_eq!(refused, "Keys due back by: '5pm' is not a 24-hour time: type it as HH:MM, e.g. 17:00 for 5pm");
    assert_eq!(parse_cut_off("").unwrap_err().to_string(), "Keys due back by: required");
    assert!(parse_cut_off("25:00").is_err());
}

#[test]
fn a_range_of_hooks_becomes_one_bunch_each_named_by_its_pattern() {
    let form = |first: &str, last: &str, name: &str, keys: &str| HookRangeForm {
        first: first.into(),
        last: last.into(),
        description: name.into(),
        key_count: keys.into(),
    };
    let bunches = form("11", "13", "Wing A cell {n}", "2").validate().unwrap();
    assert_eq!(bunches.iter().map(|b| b.hook).collect::<Vec<_>>(), [11, 12, 13]);
    assert_eq!(bunches[1].description, "Wing A cell 12");
    assert!(bunches.iter().all(|b| b.key_count == 2 && !b.out_of_use));
    assert_eq!(form("5", "5", "Workshop", "1").validate().unwrap()[0].description, "Workshop 5");

    let refused = |f: HookRangeForm| f.validate().unwrap_err().to_string();
    assert!(refused(form("10", "9", "x", "1")).contains("To hook: must be the same as or after"));
    assert!(refused(form("1", "1001", "x", "1")).contains("at most 1000 hooks"));
    assert!(refused(form("1", "3", " {n} ", "1")).contains("Name: say what the bunches open"));
    assert!(refused(form("1", "3", "x", "0")).contains("Keys on each"));
    assert!(refused(form("0", "3", "x", "1")).contains("From hook"));
}

proptest! {
    #[test]
    fn every_hook_in_a_valid_range_gets_exactly_one_bunch(first in 1u32..9000, span in 0u32..999) {
        let last = (first + span).min(9999);
        let bunches = HookRangeForm {
            first: first.to_string(),
            last: last.to_string(),
            description: "Hook {n}".into(),
            key_count: "3".into(),
        }
        .validate()
        .unwrap();
        prop_assert_eq!(bunches.len() as u32, last - first + 1);
        prop_assert!(bunches.windows(2).all(|pair| pair[1].hook == pair[0].hook + 1));
        let named_by_hook = bunches.iter().all(|bunch| bunch.description == format!("Hook {}", bunch.hook));
        prop_assert!(named_by_hook);
    }
}

#[test]
fn out_since_gives_the_day_when_it_was_not_today_in_london() {
    // 23:30 BST on 31 March is 22:30 UTC: still 31 March in London.
    let now = utc("2026-04-01T08:00:00Z");
    assert_eq!(out_since(utc("2026-04-01T06:07:00Z"), now), "07:07", "today, in BST");
    assert_eq!(out_since(utc("2026-03-31T22:30:00Z"), now), "yesterday 23:30", "late last night, London time");
    assert_eq!(out_since(utc("2026-03-30T16:00:00Z"), now), "30/03 17:00", "older: the date");
    // Across the clock change: 00:30 GMT on 29 March is still that day in London.
    assert_eq!(out_since(utc("2026-03-29T00:30:00Z"), utc("2026-03-29T09:00:00Z")), "00:30");
}

#[test]
fn may_draw_refuses_before_any_time_is_typed() {
    let now = utc("2026-11-24T09:00:00Z");
    let ask = |compromised: bool, holder: &TallyHolder| {
        IssueRequest {
            bunch: &bunch(),
            whereabouts: Whereabouts::In,
            compromised,
            holder,
            holder_has_out: None,
            // Times not yet typed: whatever they are, the answer is the same.
            issued_at: now,
            due_back: now,
            second: None,
        }
        .may_draw(now)
    };
    assert!(ask(false, &holder()).is_ok(), "the due time is checked later, on confirming");
    assert!(ask(true, &holder()).unwrap_err().to_string().contains("compromised by an open incident"));
    let suspended = TallyHolder { suspended: true, ..holder() };
    assert!(ask(false, &suspended).is_err(), "a suspended holder is refused at once");
}

#[test]
fn the_cut_off_alarm_starts_at_the_cut_off_and_lists_what_is_still_out() {
    let cut_off = NaiveTime::from_hms_opt(17, 0, 0).unwrap();
    // 16:00 UTC is 16:00 GMT in November; due back at the cut-off, 17:00 GMT.
    let out = |since: &str, due: &str| Whereabouts::Out { holder_id: 1, since: utc(since), due_back: utc(due) };
    let bunches = [
        (2, out("2026-11-24T08:00:00Z", "2026-11-24T17:00:00Z")),
        (5, Whereabouts::In),
        (6, out("2026-11-23T08:00:00Z", "2026-11-23T17:00:00Z")),
        (9, out("2026-11-24T08:00:00Z", "2026-11-25T17:00:00Z")),
    ];
    let at = |now: &str| gate_alerts(bunches, cut_off, utc(now));
    assert_eq!(at("2026-11-24T16:59:00Z").after_cut_off, Vec::<u32>::new(), "16:59: not yet");
    assert_eq!(at("2026-11-24T17:00:00Z").after_cut_off, [2, 6], "17:00: what was due, not the overnight loan");
    assert_eq!(at("2026-11-24T09:00:00Z").out_overnight, [6], "out since yesterday");
    // After midnight everything out since the day before is overnight; the alarm waits for the cut-off.
    let past_midnight = at("2026-11-25T00:30:00Z");
    assert_eq!(past_midnight.out_overnight, [2, 6, 9]);
    assert!(past_midnight.after_cut_off.is_empty());
    // In summer the cut-off is 17:00 BST, 16:00 UTC.
    let summer =
        gate_alerts([(3, out("2026-07-01T07:00:00Z", "2026-07-01T16:00:00Z"))], cut_off, utc("2026-07-01T16:00:00Z"));
    assert_eq!(summer.after_cut_off, [3]);
}

#[test]
fn the_end_of_day_check_names_each_problem_once_per_kind() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let (in_bunch, out_bunch) = (Bunch { hook: 3, ..bunch() }, Bunch { hook: 4, ..bunch() });
    let suspended = TallyHolder { suspended: true, ..holder() };
    let problems = end_of_day_problems(
        [
            HookAtDayEnd { bunch: &bunch(), state: HookState::In, compromised: false, holder: None },
            HookAtDayEnd { bunch: &in_bunch, state: HookState::Compromised, compromised: true, holder: None },
            HookAtDayEnd { bunch: &out_bunch, state: HookState::Overdue, compromised: true, holder: Some(&suspended) },
        ],
        today,
    );
    assert_eq!(problems.len(), 4, "{problems:?}");
    assert!(problems[0].starts_with("Hook 3: compromised"));
    assert!(problems[1].starts_with("Hook 4: compromised"), "compromised while still out");
    assert!(problems[2].starts_with("Hook 4: overdue with Officer Jones (tally 12)"));
    assert!(problems[3].starts_with("Hook 4: out with Officer Jones, who may not now draw keys"));
}

#[test]
fn a_visitor_needs_a_name_and_an_escort_and_text_the_rule_allows() {
    let now = utc("2026-11-24T10:00:00Z");
    let form = |name: &str, escort: &str| VisitorForm {
        name: name.into(),
        organisation: "Locksmiths Ltd".into(),
        purpose: "Survey".into(),
        escorted_by: escort.into(),
    };
    let visitor = form("  Mark Sutton ", "Ben Patel").validate(now).unwrap();
    assert_eq!((visitor.name.as_str(), visitor.signed_in_at), ("Mark Sutton", now));
    assert!(form("", "Ben Patel").validate(now).unwrap_err().to_string().starts_with("Name:"));
    assert!(form("Mark Sutton", " ").validate(now).unwrap_err().to_string().starts_with("Escorted by:"));
    assert!(form("Mark\u{200B}Sutton", "Ben Patel").validate(now).is_err(), "a zero-width space is refused");
}

fn request<'a>(bunch: &'a Bunch, holder: &'a TallyHolder, second: Option<&'a TallyHolder>) -> IssueRequest<'a> {
    let at = utc("2026-11-24T09:00:00Z");
    IssueRequest {
        bunch,
        whereabouts: Whereabouts::In,
        compromised: false,
        holder,
        holder_has_out: None,
        issued_at: at,
        due_back: utc("2026-11-24T16:00:00Z"),
        second,
    }
}

#[test]
fn a_bunch_in_an_access_group_goes_only_to_those_with_access_at_the_first_enter() {
    let now = utc("2026-11-24T09:00:00Z");
    let healthcare = Bunch { access_group: "healthcare".into(), ..bunch() };
    let refused = request(&healthcare, &holder(), None).may_draw(now).unwrap_err().to_string();
    assert!(refused.contains("Officer Jones's access does not include the healthcare keys"), "{refused}");
    let nurse_escort = TallyHolder { access_groups: vec!["healthcare".into()], ..holder() };
    assert!(request(&healthcare, &nurse_escort, None).check(now).is_ok());
    // The open bunches stay open to everyone.
    assert!(request(&bunch(), &holder(), None).check(now).is_ok());
}

#[test]
fn a_restricted_bunch_needs_a_second_authorised_officer() {
    let now = utc("2026-11-24T09:00:00Z");
    let perimeter = Bunch { access_group: "perimeter".into(), restricted: true, ..bunch() };
    let drawing = TallyHolder { access_groups: vec!["perimeter".into()], ..holder() };
    // The first Enter offers the issue; the confirmation asks for the second tally.
    assert!(request(&perimeter, &drawing, None).may_draw(now).is_ok());
    let alone = request(&perimeter, &drawing, None).check(now).unwrap_err().to_string();
    assert!(alone.contains("a second authorised officer types their tally number"), "{alone}");
    let same = request(&perimeter, &drawing, Some(&drawing)).check(now).unwrap_err().to_string();
    assert!(same.contains("someone other than the person drawing"), "{same}");
    let no_access = TallyHolder { id: 2, tally: 20, name: "Officer Lee".into(), ..holder() };
    let refused = request(&perimeter, &drawing, Some(&no_access)).check(now).unwrap_err().to_string();
    assert!(refused.contains("Officer Lee's access does not include the perimeter keys"), "{refused}");
    let away =
        TallyHolder { status: HolderStatus::LongLeave, access_groups: vec!["perimeter".into()], ..no_access.clone() };
    let refused = request(&perimeter, &drawing, Some(&away)).check(now).unwrap_err().to_string();
    assert!(refused.contains("Officer Lee is on long leave, so cannot confirm"), "{refused}");
    let manager = TallyHolder { access_groups: vec!["perimeter".into()], ..no_access };
    assert!(request(&perimeter, &drawing, Some(&manager)).check(now).is_ok());
}

#[test]
fn only_those_serving_draw_keys() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    assert_eq!(holder().barred(today), None);
    let leaving = TallyHolder { status: HolderStatus::Leaving, ..holder() };
    assert_eq!(leaving.barred(today).as_deref(), Some("Officer Jones is leaving: their keys are to be handed back"));
    let away = TallyHolder { status: HolderStatus::LongLeave, ..holder() };
    assert!(away.barred(today).unwrap().contains("long leave"));
}

#[test]
fn access_groups_are_kept_in_one_spelling() {
    let form = HolderForm {
        name: "Officer Jones".into(),
        tally: "12".into(),
        access_groups: " Healthcare,  perimeter ,,healthcare".into(),
        ..HolderForm::default()
    };
    let holder = form.validate(NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()).unwrap();
    assert_eq!(holder.access_groups, vec!["healthcare".to_string(), "perimeter".to_string()]);
    let bunch = BunchForm {
        hook: "3".into(),
        description: "Gate".into(),
        key_count: "2".into(),
        access_group: "  Perimeter  Gates ".into(),
        ..BunchForm::default()
    };
    assert_eq!(bunch.validate().unwrap().access_group, "perimeter gates");
    let two = BunchForm { access_group: "perimeter, healthcare".into(), ..bunch };
    assert!(two.validate().unwrap_err().to_string().contains("one group for a bunch"));
}

#[test]
fn a_holder_with_their_own_time_is_due_back_by_it_across_the_clock_change() {
    let late_education = TallyHolder { keys_due_by: NaiveTime::from_hms_opt(21, 0, 0), ..holder() };
    let noon = utc("2026-11-24T12:00:00Z");
    let cut_off = cut_off_for(&late_education, None, DEFAULT_CUT_OFF);
    let due = default_due_back(noon, cut_off, late_education.overnight_allowed);
    assert_eq!(due, utc("2026-11-24T21:00:00Z"), "21:00, not the 17:00 cut-off");
    assert_eq!(cut_off_for(&holder(), None, DEFAULT_CUT_OFF), DEFAULT_CUT_OFF);
    // Night staff draw at 21:00 BST on the Saturday the clocks go back, and are due
    // at 07:30 GMT on the Sunday.
    let night = TallyHolder { keys_due_by: NaiveTime::from_hms_opt(7, 30, 0), overnight_allowed: true, ..holder() };
    let evening = utc("2026-10-24T20:00:00Z");
    let cut_off = cut_off_for(&night, None, DEFAULT_CUT_OFF);
    assert_eq!(default_due_back(evening, cut_off, true), utc("2026-10-25T07:30:00Z"));
}

#[test]
fn an_access_group_has_its_own_time_unless_the_holder_has_theirs() {
    let education = NaiveTime::from_hms_opt(20, 30, 0);
    assert_eq!(cut_off_for(&holder(), education, DEFAULT_CUT_OFF), education.unwrap(), "the group's time");
    let own = TallyHolder { keys_due_by: NaiveTime::from_hms_opt(18, 0, 0), ..holder() };
    assert_eq!(
        cut_off_for(&own, education, DEFAULT_CUT_OFF),
        NaiveTime::from_hms_opt(18, 0, 0).unwrap(),
        "theirs first"
    );
    assert_eq!(parse_group_time(" ").unwrap(), None);
    assert_eq!(parse_group_time("20:30").unwrap(), education);
    let typed = parse_group_time("half eight").unwrap_err().to_string();
    assert!(typed.contains("'half eight' is not a 24-hour time"), "{typed}");
}

#[test]
fn a_holders_own_time_is_a_real_time_that_ends_after_it_starts() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let form = HolderForm { name: "Officer Jones".into(), tally: "12".into(), ..HolderForm::default() };
    let typed = |time: &str, overnight: bool| {
        HolderForm { keys_due_by: time.into(), overnight_allowed: overnight, ..form.clone() }.validate(today)
    };
    assert_eq!(typed("", false).unwrap().keys_due_by, None, "empty: the establishment's cut-off");
    assert_eq!(typed("21:00", false).unwrap().keys_due_by, NaiveTime::from_hms_opt(21, 0, 0));
    let five_pm = typed("5pm", false).unwrap_err().to_string();
    assert!(five_pm.contains("'5pm' is not a 24-hour time: type it as HH:MM, e.g. 17:00 for 5pm"), "{five_pm}");
    let backwards = typed("07:30", false).unwrap_err().to_string();
    assert!(backwards.contains("07:30 would end before it starts"), "{backwards}");
    assert_eq!(typed("07:30", true).unwrap().keys_due_by, NaiveTime::from_hms_opt(7, 30, 0));
}

/// Holders with tallies 1, 2 and 12; hooks 1 (in), 2 (out with tally 1's holder),
/// 12 (out, holder unknown) and 51 (in, nobody's tally).
fn gate() -> (Vec<TallyHolder>, Vec<BoardHook>) {
    let holders: Vec<TallyHolder> = [(1, 1), (2, 2), (3, 12)]
        .into_iter()
        .map(|(id, tally)| TallyHolder { id, tally, name: format!("Tally {tally}"), ..holder() })
        .collect();
    let hooks = vec![
        BoardHook { hook: 1, out: false, out_with: None },
        BoardHook { hook: 2, out: true, out_with: Some(1) },
        BoardHook { hook: 12, out: true, out_with: None },
        BoardHook { hook: 51, out: false, out_with: None },
    ];
    (holders, hooks)
}

#[test]
fn a_typed_number_is_a_tally_first_then_a_hook() {
    let (holders, hooks) = gate();
    // Tally 1 has hook 2 out: typing it brings hook 2 back, not an issue of hook 1.
    assert_eq!(read_gate_number(1, None, &holders, &hooks), GateEntry::Return { hook: 2 });
    // Tally 2 has nothing out and hook 2 is out with someone else.
    assert_eq!(read_gate_number(2, None, &holders, &hooks), GateEntry::NoMatch(GateMiss::TheirHookIsOut(2)));
    // Tally 12 has nothing out, and hook 12 is out: said, not issued.
    assert_eq!(read_gate_number(12, None, &holders, &hooks), GateEntry::NoMatch(GateMiss::TheirHookIsOut(12)));
    // Hook 51 is nobody's tally: it waits for the tally of the person drawing it.
    assert_eq!(read_gate_number(51, None, &holders, &hooks), GateEntry::TallyFor { hook: 51 });
    assert_eq!(read_gate_number(77, None, &holders, &hooks), GateEntry::NoMatch(GateMiss::Nothing(77)));
}

#[test]
fn after_a_hook_the_next_number_is_the_tally_drawing_it() {
    let (holders, hooks) = gate();
    assert_eq!(read_gate_number(2, Some(51), &holders, &hooks), GateEntry::Issue { hook: 51, holder: &holders[1] });
    let miss = read_gate_number(9, Some(51), &holders, &hooks);
    assert_eq!(miss, GateEntry::NoMatch(GateMiss::NoSuchTally { tally: 9, hook: 51 }));
    let GateEntry::NoMatch(miss) = miss else { unreachable!() };
    assert_eq!(
        miss.to_string(),
        "No one holds tally 9. Type the tally number of the person drawing hook 51, or press Esc."
    );
}

#[test]
fn a_clicked_tile_returns_what_is_out_and_asks_whose_tally_for_what_is_in() {
    let (_, hooks) = gate();
    assert_eq!(read_gate_hook(2, &hooks), GateEntry::Return { hook: 2 });
    assert_eq!(read_gate_hook(12, &hooks), GateEntry::Return { hook: 12 });
    // Hook 1 is in: even though tally 1 exists, a click does not guess who is drawing it.
    assert_eq!(read_gate_hook(1, &hooks), GateEntry::TallyFor { hook: 1 });
}

proptest! {
    /// Whatever is typed, an issue goes to the holder of the typed tally, on their own
    /// hook unless a hook was chosen first, and only for a bunch that is in.
    #[test]
    fn an_issue_is_always_to_the_typed_tally_for_a_bunch_that_is_in(
        number in 0u32..60,
        drawing in proptest::option::of(prop::sample::select(vec![1u32, 51])),
    ) {
        let (holders, hooks) = gate();
        if let GateEntry::Issue { hook, holder } = read_gate_number(number, drawing, &holders, &hooks) {
            prop_assert_eq!(holder.tally, number);
            prop_assert_eq!(hook, drawing.unwrap_or(number));
            prop_assert!(hooks.iter().any(|board| board.hook == hook && !board.out));
        }
    }
}

#[test]
fn a_typed_count_reads_as_a_number_and_says_both_counts() {
    assert_eq!(counted_keys(""), None, "empty is as listed");
    assert_eq!(counted_keys(" 6 "), Some(6));
    assert_eq!(counted_keys("six"), None);
    assert_eq!(count_difference(6, 7), "6 keys counted, 7 listed");
    assert_eq!(count_difference(1, 2), "1 key counted, 2 listed");
}
