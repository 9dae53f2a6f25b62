use crate::harness::*;

#[test]
fn issue_and_return_by_tally_number_with_the_keyboard() {
    use omu_core::domain::keys::HookState;
    let (dir, mut app) = gate_app();
    click(&mut app, "Keys");
    assert_eq!(hook_state(&app, 1), HookState::In);

    gate_types(&mut app, "1");
    assert!(shows(&app, "ISSUE hook 1 (Wing 1 cells, 7 keys) to Amy Baker (tally 1, Wing)"));
    gate_types(&mut app, "");
    assert_eq!(hook_state(&app, 1), HookState::Out);
    assert!(shows(&app, "1 in · 1 out · 0 overdue · 0 out of use · 0 compromised · cut-off 17:00"));

    // The same tally again: Amy is bringing her keys back.
    gate_types(&mut app, "1");
    assert!(shows(&app, "Return  (Enter)"));
    gate_types(&mut app, "");
    assert_eq!(hook_state(&app, 1), HookState::In);
    assert!(shows(&app, "Hook 1 returned by Amy Baker (tally 1). Count correct."));
    drop(dir);
}

#[test]
fn a_refused_issue_says_why() {
    use omu_core::domain::keys::HookState;
    let (dir, mut app) = gate_app();
    click(&mut app, "Keys");
    // Refused at the first Enter: no issue is offered to confirm.
    gate_types(&mut app, "2");
    assert!(shows(&app, "Cannot issue: Ben Cole has no key risk assessment recorded."));
    assert!(!shows_start(&app, "ISSUE hook 2"), "nothing waits for a second Enter");
    assert!(!shows(&app, "Issue  (Enter)"));
    assert_eq!(hook_state(&app, 2), HookState::In);
    // Esc starts again: the refused number and its reason go, and the next tally is
    // typed into an empty box.
    apply(&mut app, [Message::Shortcut(omu_desk::ui::app::Shortcut::Cancel)]);
    assert!(!shows_start(&app, "Cannot issue"), "the reason is gone");
    gate_types(&mut app, "1");
    assert!(shows(&app, "ISSUE hook 1 (Wing 1 cells, 7 keys) to Amy Baker (tally 1, Wing)"), "1, not 21");
    // The tally holders tab shows the same reason beside the name.
    click(&mut app, "Tally holders");
    assert!(shows(&app, "Ben Cole has no key risk assessment recorded"));
    drop(dir);
}

#[test]
fn a_key_issue_waiting_for_enter_is_not_lost_by_signing_out() {
    use omu_core::domain::keys::HookState;
    let (dir, mut app) = gate_app();
    click(&mut app, "Keys");
    gate_types(&mut app, "1");
    click(&mut app, "Sign out");
    assert!(shows(&app, "You have not saved the key issue or return waiting for Enter."));
    click(&mut app, "Stay on this page");
    assert!(app.session().is_some(), "still signed in");
    assert!(!shows(&app, "Leave without saving"));
    // The movement is still there to confirm.
    gate_types(&mut app, "");
    assert_eq!(hook_state(&app, 1), HookState::Out);
    // Nothing waiting now: signing out needs no question.
    click(&mut app, "Sign out");
    assert!(app.session().is_none(), "signed out");
    drop(dir);
}

#[test]
fn the_bunch_form_keeps_every_key_typed_after_an_error() {
    use crate::live::Live;
    use omu_desk::ui::widget::field_id;
    let (dir, mut app) = demo_app();
    let mut window = Live::new(1280.0, 2400.0);
    window.click(&mut app, "Keys");
    window.click(&mut app, "Bunches");
    window.click(&mut app, "Add a bunch");
    // The form offers the next free hook; the person types their own over it.
    window.click(&mut app, selector::id(field_id("Hook")));
    let offered = app.session().unwrap().keys().unwrap().bunch_form().unwrap().hook.len();
    for _ in 0..offered {
        window.tap(&mut app, iced::keyboard::key::Named::Backspace);
    }
    window.type_text(&mut app, "9x");
    window.click(&mut app, selector::id(field_id("Description")));
    window.type_text(&mut app, "Chapel");
    window.click(&mut app, selector::id(field_id("Number of keys")));
    window.type_text(&mut app, "3");
    window.click(&mut app, "Save bunch");
    assert!(shows_start(&app, "Not saved: Hook: a whole number from 1 to 9999"));
    window.click(&mut app, selector::id(field_id("Hook")));
    window.tap(&mut app, iced::keyboard::key::Named::Backspace);
    window.tap(&mut app, iced::keyboard::key::Named::Backspace);
    window.type_text(&mut app, "130");
    window.click(&mut app, "Save bunch");
    let bunches = app.session().unwrap().db().bunches().unwrap();
    assert!(
        bunches.iter().any(|bunch| bunch.hook == 130 && bunch.description == "Chapel"),
        "every key arrived: {:?}",
        app.session().unwrap().keys().unwrap().bunch_form()
    );
    drop(dir);
}

#[test]
fn a_run_of_hooks_is_set_up_in_one_go_and_a_clash_adds_nothing() {
    use omu_desk::ui::screen::keys::{HookRangeField, Message as Keys, bunches};
    let (dir, mut app) = demo_app();
    click(&mut app, "Keys");
    click(&mut app, "Bunches");
    let before = app.session().unwrap().db().bunches().unwrap();
    let next = before.iter().map(|bunch| bunch.hook).max().unwrap() + 1;
    click(&mut app, "Set up a run of hooks…");
    type_into_labelled(&mut app, "To hook", &(next + 19).to_string());
    apply(
        &mut app,
        [
            Message::Keys(Keys::Bunches(bunches::Message::HookRangeText(
                HookRangeField::Description,
                "Wing C cell {n}".into(),
            ))),
            Message::Keys(Keys::Bunches(bunches::Message::HookRangeText(HookRangeField::Count, "2".into()))),
        ],
    );
    assert!(shows_start(&app, &format!("Adds 20 bunches, 2 keys each: hook {next} \"Wing C cell {next}\"")));
    click(&mut app, "Add 20 bunches");
    assert!(shows(&app, "20 bunches added. Edit any bunch to list what is on it."));
    assert_eq!(app.session().unwrap().db().bunches().unwrap().len(), before.len() + 20);

    click(&mut app, "Set up a run of hooks…");
    apply(&mut app, [Message::Keys(Keys::Bunches(bunches::Message::HookRangeText(HookRangeField::First, "1".into())))]);
    type_into_labelled(&mut app, "To hook", "3");
    click(&mut app, "Add 3 bunches");
    assert!(shows_start(&app, "Not added: 3 hooks already hold a bunch (1, 2, 3): nothing was added"));
    assert_eq!(app.session().unwrap().db().bunches().unwrap().len(), before.len() + 20);
    drop(dir);
}

#[test]
fn the_cut_off_alarm_appears_at_the_cut_off_and_the_next_shift_sees_keys_out_overnight() {
    use omu_desk::ui::session::Clock;
    let (dir, mut app) = gate_app();
    // Today, in London time: Amy draws hook 1 at 09:00, due back at the 17:00 cut-off.
    let day = common::today();
    let london = |day: chrono::NaiveDate, hour: u32, minute: u32| {
        Clock::Fixed(omu_core::domain::dates::london_to_utc(
            day,
            chrono::NaiveTime::from_hms_opt(hour, minute, 0).unwrap(),
        ))
    };
    let at = |hour: u32, minute: u32| london(day, hour, minute);
    app.set_clock(at(9, 0));
    click(&mut app, "Keys");
    gate_types(&mut app, "1");
    gate_types(&mut app, "");
    assert!(!shows_containing(&app, "cut-off, still out"));

    app.set_clock(at(16, 59));
    click(&mut app, "Tally holders");
    click(&mut app, "Board");
    assert!(!shows_containing(&app, "cut-off, still out"), "16:59: not yet");

    app.set_clock(at(17, 0));
    click(&mut app, "Tally holders");
    click(&mut app, "Board");
    assert!(shows_start(
        &app,
        "After the 17:00 cut-off, still out: hook 1 with Amy Baker (tally 1, Wing) since 09:00. Contact each holder"
    ));

    // The morning shift: the alarm waits for today's cut-off; the keys out overnight are listed.
    app.set_clock(london(day.succ_opt().unwrap(), 7, 30));
    click(&mut app, "Tally holders");
    click(&mut app, "Board");
    assert!(shows_start(
        &app,
        "Out overnight, from before today: hook 1 with Amy Baker (tally 1, Wing) since yesterday 09:00"
    ));
    assert!(!shows_containing(&app, "cut-off, still out"));
    drop(dir);
}

/// The gate of [`gate_app`] with the perimeter's keys on hook 3 (restricted), Cara
/// Dunn on tally 3 (with perimeter access when `cara_may` says so), and Amy Baker
/// given access to the perimeter.
fn perimeter_gate(cara_may: bool) -> (tempfile::TempDir, App) {
    use omu_core::domain::keys::{Bunch, HolderStatus, TallyHolder};
    gate_app_with(|db| {
        db.save_bunch(&Bunch {
            id: 0,
            hook: 3,
            description: "Gate and perimeter".into(),
            key_count: 2,
            contents: String::new(),
            out_of_use: false,
            out_of_use_reason: String::new(),
            access_group: "perimeter".into(),
            restricted: true,
        })
        .unwrap();
        let amy = db.holder_by_tally(1).unwrap().unwrap();
        db.save_holder(&TallyHolder { access_groups: vec!["perimeter".into()], ..amy.clone() }).unwrap();
        db.save_holder(&TallyHolder {
            id: 0,
            name: "Cara Dunn".into(),
            tally: 3,
            role: "Custodial manager".into(),
            access_groups: if cara_may { vec!["perimeter".into()] } else { Vec::new() },
            status: HolderStatus::Serving,
            ..amy
        })
        .unwrap();
    })
}

#[test]
fn a_restricted_bunch_is_issued_only_when_a_second_officer_confirms_by_tally() {
    use omu_core::domain::keys::HookState;
    use omu_desk::ui::screen::keys::{Message as Keys, SECOND_TALLY_ID};
    let (dir, mut app) = perimeter_gate(true);
    click(&mut app, "Keys");
    // Hook 3 is typed: Amy (tally 1) draws it, so the gate types the hook.
    apply(&mut app, [Message::Keys(Keys::Lookup("3".into()))]);
    apply(&mut app, [Message::Keys(Keys::Submit)]);
    assert!(shows_start(&app, "ISSUE hook 3 (Gate and perimeter, 2 keys) to Cara Dunn"), "tally 3 draws hook 3");
    assert!(shows_start(&app, "RESTRICTED: a second authorised officer confirms"));
    // Enter without the second tally: refused with the reason, nothing issued.
    apply(&mut app, [Message::Keys(Keys::Confirm)]);
    assert!(shows_containing(&app, "a second authorised officer types their tally number"));
    assert_eq!(hook_state(&app, 3), HookState::In);
    // Cara cannot confirm her own issue; Amy can.
    type_into_id(&mut app, SECOND_TALLY_ID, "3");
    apply(&mut app, [Message::Keys(Keys::Confirm)]);
    assert!(shows_containing(&app, "must be someone other than the person drawing the keys"));
    assert_eq!(hook_state(&app, 3), HookState::In);
    apply(&mut app, [Message::Keys(Keys::SecondTally(String::new()))]);
    type_into_id(&mut app, SECOND_TALLY_ID, "1");
    apply(&mut app, [Message::Keys(Keys::Confirm)]);
    assert_eq!(hook_state(&app, 3), HookState::Out);
    assert!(shows_containing(&app, "issued to Cara Dunn (tally 3), confirmed by Amy Baker (tally 1), due back"));
    click(&mut app, "History and end of day");
    assert!(shows(&app, "Cara Dunn (3), confirmed by Amy Baker (tally 1)"), "both names on the movement");
    drop(dir);
}

#[test]
fn a_holder_without_access_is_refused_at_the_first_enter() {
    use omu_core::domain::keys::HookState;
    let (dir, mut app) = perimeter_gate(false);
    click(&mut app, "Keys");
    gate_types(&mut app, "3");
    assert!(shows(
        &app,
        "Cannot issue: Cara Dunn's access does not include the perimeter keys (bunch 3). An administrator can add it on their tally holder record."
    ));
    assert!(!shows(&app, "Issue  (Enter)"), "nothing waits for a second Enter");
    assert_eq!(hook_state(&app, 3), HookState::In);
    drop(dir);
}

#[test]
fn a_leavers_tally_still_out_is_flagged_on_the_board_and_at_the_end_of_the_day() {
    use omu_core::domain::keys::HolderStatus;
    use omu_desk::ui::screen::keys::{Message as Keys, holders};
    let (dir, mut app) = gate_app();
    click(&mut app, "Keys");
    gate_types(&mut app, "1");
    gate_types(&mut app, "");
    // Amy is marked as leaving on her tally holder record.
    click(&mut app, "Tally holders");
    click(&mut app, "Edit");
    apply(&mut app, [Message::Keys(Keys::Holders(holders::Message::Status(HolderStatus::Leaving)))]);
    click(&mut app, "Save holder");
    assert!(shows(&app, "Amy Baker is leaving: their keys are to be handed back"));
    click(&mut app, "Board");
    assert!(shows_containing(&app, "HOLDER BARRED"), "the tile flags the tally she still holds");
    click(&mut app, "History and end of day");
    assert!(shows_containing(&app, "Amy Baker is leaving"), "and the end-of-day check names it");
    // She cannot draw again once the keys are back.
    click(&mut app, "Board");
    gate_types(&mut app, "1");
    gate_types(&mut app, "");
    gate_types(&mut app, "1");
    assert!(shows(&app, "Cannot issue: Amy Baker is leaving: their keys are to be handed back."));
    drop(dir);
}

#[test]
fn an_access_group_with_its_own_time_is_due_back_by_it() {
    use omu_core::domain::keys::{Bunch, HolderStatus, TallyHolder, default_due_back};
    let evening = chrono::NaiveTime::from_hms_opt(20, 30, 0).unwrap();
    let (dir, mut app) = gate_app_with(|db| {
        db.save_bunch(&Bunch {
            id: 0,
            hook: 3,
            description: "Education block".into(),
            key_count: 4,
            contents: String::new(),
            out_of_use: false,
            out_of_use_reason: String::new(),
            access_group: "education".into(),
            restricted: false,
        })
        .unwrap();
        let amy = db.holder_by_tally(1).unwrap().unwrap();
        db.save_holder(&TallyHolder {
            id: 0,
            name: "Cara Dunn".into(),
            tally: 3,
            access_groups: vec!["education".into()],
            status: HolderStatus::Serving,
            ..amy
        })
        .unwrap();
    });
    click(&mut app, "Keys");
    click(&mut app, "Bunches");
    assert!(shows(&app, "The education keys"));
    // The time is set on the bunches tab, as a gate officer would type it.
    let set = |app: &mut App, typed: &str| {
        use omu_desk::ui::screen::keys::{Message as Keys, bunches};
        apply(
            app,
            [
                Message::Keys(Keys::Bunches(bunches::Message::GroupTime("education".into(), typed.into()))),
                Message::Keys(Keys::Bunches(bunches::Message::SaveGroupTime("education".into()))),
            ],
        );
    };
    set(&mut app, "half eight");
    assert!(shows_start(&app, "Not saved: The group's time for keys back: 'half eight' is not a 24-hour time"));
    set(&mut app, "20:30");
    assert!(shows(&app, "The education keys are due back by 20:30."));
    assert_eq!(app.session().unwrap().db().access_group_times().unwrap().get("education"), Some(&evening));

    click(&mut app, "Board");
    gate_types(&mut app, "3");
    let now = chrono::Utc::now();
    let expected = default_due_back(now, evening, true);
    let shown = omu_core::domain::dates::utc_to_london(expected).format("%d/%m/%Y %H:%M").to_string();
    assert!(shows(&app, &shown), "due back by the group's time: {shown}");
    drop(dir);
}

#[test]
fn a_hook_nobody_has_the_tally_of_is_drawn_by_typing_the_hook_then_the_tally() {
    use omu_core::domain::keys::{Bunch, HookState};
    let (dir, mut app) = gate_app_with(|db| {
        db.save_bunch(&Bunch {
            id: 0,
            hook: 9,
            description: "Healthcare stores".into(),
            key_count: 3,
            contents: String::new(),
            out_of_use: false,
            out_of_use_reason: String::new(),
            access_group: "healthcare".into(),
            restricted: false,
        })
        .unwrap();
    });
    click(&mut app, "Keys");
    gate_types(&mut app, "9");
    assert!(shows_start(
        &app,
        "Hook 9 (Healthcare stores, 3 keys) is in. Type the tally number of the person drawing it"
    ));
    assert!(shows(&app, "Tally of the person drawing hook 9, then Enter"));
    // Amy's access does not include healthcare: refused at this first Enter.
    gate_types(&mut app, "1");
    assert!(shows_containing(&app, "Cannot issue: Amy Baker's access does not include the healthcare keys (bunch 9)."));
    assert!(!shows(&app, "Issue  (Enter)"), "nothing waits for a second Enter");
    assert_eq!(hook_state(&app, 9), HookState::In);

    // A clicked tile does not guess who is drawing it: it asks, and the tally decides.
    apply(&mut app, [Message::Keys(omu_desk::ui::screen::keys::Message::Hook(2))]);
    assert!(shows(&app, "Tally of the person drawing hook 2, then Enter"));
    gate_types(&mut app, "1");
    assert!(shows(&app, "ISSUE hook 2 (Wing 2 cells, 7 keys) to Amy Baker (tally 1, Wing)"));
    gate_types(&mut app, "");
    assert_eq!(hook_state(&app, 2), HookState::Out);
    // Her tally now brings hook 2 back, whatever number her own hook has.
    gate_types(&mut app, "1");
    assert!(shows_start(&app, "RETURN hook 2 (Wing 2 cells, 7 keys) from Amy Baker (tally 1)"));
    drop(dir);
}

#[test]
fn a_short_count_typed_at_the_gate_becomes_an_incident_and_compromises_the_bunch() {
    use omu_core::domain::keys::HookState;
    use omu_desk::ui::screen::keys::Message as Keys;
    use omu_desk::ui::widget::field_id;
    let (dir, mut app) = gate_app();
    click(&mut app, "Keys");
    gate_types(&mut app, "1");
    gate_types(&mut app, "");
    assert_eq!(hook_state(&app, 1), HookState::Out);

    // Amy brings hook 1 back with six of its seven keys: the gate types the count.
    gate_types(&mut app, "1");
    assert!(shows_start(&app, "RETURN hook 1 (Wing 1 cells, 7 keys) from Amy Baker (tally 1)"));
    type_into_labelled(&mut app, "Keys counted (empty = as listed)", "6");
    assert!(shows(&app, "What is different"), "the count differs, from the keyboard");
    // The note starts with the two counts; the gate adds what is missing, then Enter.
    assert!(shows(&app, "6 keys counted, 7 listed"));
    apply(&mut app, [Message::Keys(Keys::CountNote("6 keys counted, 7 listed: cell key missing".into()))]);
    let mut ui = ui(&app);
    ui.click(selector::id(field_id("What is different"))).expect("the note");
    ui.tap_key(iced::keyboard::key::Named::Enter);
    let messages: Vec<Message> = ui.into_messages().collect();
    apply(&mut app, messages);

    assert_eq!(hook_state(&app, 1), HookState::Compromised, "compromised from the moment it came back short");
    assert!(shows(&app, "1 in · 0 out · 0 overdue · 0 out of use · 1 compromised · cut-off 17:00"));
    let incidents = app.session().unwrap().db().incidents().unwrap();
    let opened = incidents.last().expect("an incident was opened");
    assert!(opened.closed_at.is_none(), "open until someone closes it");
    assert!(
        format!("{opened:?}").contains("6 keys counted, 7 listed: cell key missing"),
        "the holder's count and what is missing are on the incident: {opened:?}"
    );
    // Refused for issue at the first Enter until the incident is closed.
    gate_types(&mut app, "1");
    assert!(shows_start(&app, "Cannot issue"), "a compromised bunch is not issued");
    drop(dir);
}

#[test]
fn an_empty_key_safe_says_how_to_set_it_up() {
    let (dir, mut db) = temp_db();
    let gate_officer = User { name: "Gate Officer".into(), role: Role::Gate };
    db.add_user(&gate_officer, GATE_PASSPHRASE).unwrap();
    let path = db.path().to_path_buf();
    drop(db);
    let mut app = App::open_as(&path, &common::key(&path), gate_officer);
    click(&mut app, "Keys");
    assert!(shows_start(&app, "The key safe has no hooks yet. On Bunches, Set up a run of hooks"));
    click(&mut app, "Tally holders");
    assert!(shows_start(&app, "No tally holders yet. Add each person who draws keys"));
    click(&mut app, "Bunches");
    assert!(shows_start(&app, "The key safe is empty. Set up a run of hooks"));
    drop(dir);
}
