use crate::harness::*;

#[test]
fn opening_a_record_is_logged_and_the_lock_keeps_what_was_typed() {
    use omu_desk::ui::app::Shortcut;
    let (dir, mut app) = demo_app();
    let path = app.session().unwrap().db().path().to_path_buf();
    let views = |app: &App| {
        let entries = app.session().unwrap().db().audit_entries(&Default::default()).unwrap();
        entries.iter().filter(|entry| entry.action == "view" && entry.actor == USER).count()
    };
    search(&mut app, "sean obrien");
    click(&mut app, "Ó'Brien, Seán");
    assert_eq!(views(&app), 1, "opening the record is recorded as a consultation");
    type_into(&mut app, TextField::Cell, "Q");
    let typed = app.session().unwrap().prisoner().unwrap().form().cell.clone();
    assert!(typed.ends_with('Q'));

    // Eleven minutes without a key press or click (the default lock is ten).
    apply(&mut app, [Message::Tick(iced::time::Instant::now() + std::time::Duration::from_secs(11 * 60))]);
    assert!(shows(&app, "OMU Desk is locked"));
    assert!(!shows(&app, &typed), "nothing of the record shows behind the lock");
    // Shortcuts do nothing behind the lock: the unsaved edit is not saved by Ctrl+S.
    apply(&mut app, [Message::Shortcut(Shortcut::Save)]);

    type_into_id(&mut app, sign_in::PASSPHRASE_ID, "not my passphrase");
    click(&mut app, "Unlock");
    let answer = omu_core::storage::unlock(&path, USER, "not my passphrase").map_err(|error| error.to_string());
    apply(&mut app, [Message::SignIn(sign_in::Message::Unlocked(answer))]);
    assert!(shows(
        &app,
        "that name and passphrase do not open this case file; check both (the passphrase is case-sensitive)"
    ));
    assert!(app.session().unwrap().is_locked());

    type_into_id(&mut app, sign_in::PASSPHRASE_ID, common::PASSPHRASE);
    click(&mut app, "Unlock");
    let answer = omu_core::storage::unlock(&path, USER, common::PASSPHRASE).map_err(|error| error.to_string());
    apply(&mut app, [Message::SignIn(sign_in::Message::Unlocked(answer))]);
    assert!(!app.session().unwrap().is_locked());
    assert_eq!(app.session().unwrap().prisoner().unwrap().form().cell, typed, "the typing survived the lock");
    assert!(shows(&app, &typed));
    drop(dir);
}

#[test]
fn the_gate_sees_only_the_key_register() {
    use omu_desk::ui::app::{Destination, Shortcut};
    let (dir, mut app) = gate_app();
    assert!(app.session().unwrap().keys().is_some(), "the gate starts on the key board");
    for hidden in ["Caseload", "Induction", "Workload", "Users", "Audit trail"] {
        assert!(!shows(&app, hidden), "{hidden} is offered to the gate");
    }
    apply(&mut app, [Message::Navigate(Destination::Caseload)]);
    assert!(shows(
        &app,
        "Not opened: your role is the key register only: case records need a supervisor or administrator"
    ));
    // Not by a message from the caseload, nor by Ctrl+N.
    apply(&mut app, [Message::Caseload(omu_desk::ui::screen::caseload::Message::Open(1))]);
    apply(&mut app, [Message::Shortcut(Shortcut::New)]);
    assert!(app.session().unwrap().prisoner().is_none());
    drop(dir);
}

#[test]
fn an_administrator_adds_a_user_and_checks_the_audit_trail() {
    let (dir, mut app) = demo_app();
    click(&mut app, "Users");
    type_into_id(&mut app, omu_desk::ui::screen::users::NEW_NAME_ID, "Dan Mercer");
    apply(&mut app, [Message::Users(omu_desk::ui::screen::users::Message::Role(Role::Gate))]);
    type_into_id(&mut app, omu_desk::ui::screen::users::NEW_PASSPHRASE_ID, GATE_PASSPHRASE);
    type_into_id(&mut app, omu_desk::ui::screen::users::NEW_REPEAT_ID, "gate house mornings");
    click(&mut app, "Add");
    assert!(shows(&app, "Not added: Repeat: the two passphrases differ; type the same passphrase twice"));
    assert!(shows(&app, "Dan Mercer"), "the typed name stays");
    // Corrected (select-all and retype, as the person would).
    apply(&mut app, [Message::Users(omu_desk::ui::screen::users::Message::Repeat(GATE_PASSPHRASE.into()))]);
    // The key derivation runs off the window's thread; meanwhile Add waits for it.
    let sealing = app.update(Message::Users(omu_desk::ui::screen::users::Message::Add));
    let mut form = ui(&app);
    form.click("Add").unwrap();
    assert_eq!(form.into_messages().count(), 0, "Add is disabled while the passphrase is sealed");
    apply(&mut app, outputs(sealing));
    assert!(shows(
        &app,
        "Dan Mercer can now sign in as Gate (key register only). Tell them their passphrase in person."
    ));
    let path = app.session().unwrap().db().path().to_path_buf();
    assert_eq!(omu_core::storage::unlock(&path, "Dan Mercer", GATE_PASSPHRASE).unwrap().1.role, Role::Gate);

    click(&mut app, "Audit trail");
    click(&mut app, "Check the trail");
    let report = app.session().unwrap().audit().unwrap().chain().unwrap().clone();
    assert!(report.is_intact(), "{:?}", report.problems);
    assert!(shows_start(&app, &format!("Audit trail intact: all {} entries match their seals.", report.entries)));
    assert!(app.session().unwrap().audit().unwrap().entries().iter().any(|entry| entry.table_name == "app_user"));
    // In people's words, with the values as stored one click away.
    assert!(shows(&app, "Added a user"));
    let added =
        app.session().unwrap().audit().unwrap().entries().iter().find(|e| e.table_name == "app_user").unwrap().id;
    apply(&mut app, [Message::Audit(omu_desk::ui::screen::audit::Message::ToggleRaw(added))]);
    assert!(shows_start(&app, &format!("Entry {added} · insert · app_user")));
    drop(dir);
}

#[test]
fn the_audit_trail_reads_in_people_s_words() {
    let (dir, mut db) = temp_db();
    omu_core::demo::populate(&mut db, today(), USER).unwrap();
    let entry = db.caseload(&Default::default(), today()).unwrap().into_iter().next().unwrap();
    let (id, mut details) = (entry.prisoner.id, entry.prisoner.details.clone());
    let wing_before = details.wing.clone();
    details.wing = "Z".into();
    db.update_prisoner(id, &details).unwrap();
    let path = db.path().to_path_buf();
    drop(db);
    let mut app = signed_in_app(&path);
    click(&mut app, "Audit trail");
    let whose = format!("{} ({})", details.display_name(), details.prison_number);
    assert!(shows(&app, &format!("Changed the record of {whose}")), "who did what to whose record");
    assert!(shows_containing(&app, &format!("Wing: {wing_before} → Z")), "fields named as the form does");
    assert!(!shows_containing(&app, "prisoner_id"), "no database names");
    drop(dir);
}

#[test]
fn leaving_a_page_with_typed_work_asks_first() {
    use omu_desk::ui::screen::interventions::Message as Catalogue;
    let (dir, mut app) = demo_app();
    click(&mut app, "Interventions");
    apply(&mut app, [Message::Interventions(Catalogue::Name("Sycamore Tree".into()))]);
    click(&mut app, "Caseload");
    assert!(shows(&app, "You have not saved the new intervention."));
    assert!(app.session().unwrap().interventions().is_some(), "still on the catalogue");

    // Typing on: the question goes away and the text is still there.
    apply(&mut app, [Message::Interventions(Catalogue::Name("Sycamore Tree (RJ)".into()))]);
    assert!(!shows(&app, "Leave without saving"));
    assert!(shows(&app, "Sycamore Tree (RJ)"));

    click(&mut app, "Due");
    click(&mut app, "Leave without saving");
    assert!(app.session().unwrap().due().is_some(), "on the page that was asked for");
    assert!(!shows(&app, "You have not saved the new intervention."));
    // An untouched page is left without a question.
    click(&mut app, "Interventions");
    click(&mut app, "Caseload");
    assert!(app.session().unwrap().interventions().is_none());
    drop(dir);
}

#[test]
fn an_administrator_sets_the_key_cut_off_in_settings() {
    use omu_desk::ui::screen::settings::Message as Settings;
    let (dir, mut app) = demo_app();
    click(&mut app, "Settings");
    apply(&mut app, [Message::Settings(Settings::KeyCutOff("5pm".into()))]);
    click(&mut app, "Save settings");
    assert!(shows_start(&app, "Not saved: Keys due back by: '5pm' is not a 24-hour time"));
    apply(&mut app, [Message::Settings(Settings::KeyCutOff("16:30".into()))]);
    click(&mut app, "Save settings");
    assert!(shows(&app, "Settings saved."));
    let cut_off = app.session().unwrap().db().key_cut_off().unwrap();
    assert_eq!(cut_off.format("%H:%M").to_string(), "16:30");
    drop(dir);
}

#[test]
fn an_administrator_sees_entries_written_outside_the_app_and_notes_having_looked() {
    let (dir, app) = demo_app();
    let path = app.session().unwrap().db().path().to_path_buf();
    drop(app);
    // An insider's entry, in someone else's name, straight into the file.
    common::raw(&path)
        .execute_batch(
            "INSERT INTO audit_log (at, actor, action, table_name, row_id) VALUES ('2026-01-05T09:00:00Z', 'Rachel Okoro', 'update', 'prisoner', 1);",
        )
        .unwrap();
    let mut app = signed_in_app(&path);
    click(&mut app, "Audit trail");
    assert!(shows_start(&app, "Head now: "), "the head to write down");
    // A head typed from paper with a typo is refused with the reason.
    let head = app.session().unwrap().db().head().unwrap().unwrap().to_string();
    let typo = format!("{}{}", &head[..head.len() - 1], if head.ends_with('A') { 'B' } else { 'A' });
    type_into_labelled(&mut app, "Head from a printout (optional)", &typo);
    click(&mut app, "Check the trail");
    assert!(shows_start(&app, "Head from a printout: the check character does not match"));
    assert!(shows(&app, &typo), "what was typed is kept");

    apply(&mut app, [Message::Audit(omu_desk::ui::screen::audit::Message::PaperHead(head))]);
    click(&mut app, "Check the trail");
    assert!(shows_start(&app, "The audit trail has been altered outside OMU Desk: 1 problem in"));
    assert!(shows_containing(
        &app,
        "update by Rachel Okoro, as it claims) has no seal: it was written outside OMU Desk"
    ));
    click(&mut app, "I have looked at the 1 entry written outside OMU Desk");
    assert!(shows_start(&app, "Audit trail intact:"));
    assert!(shows_containing(&app, "1 entry written outside OMU Desk has been looked at by an administrator"));
    drop(dir);
}

#[test]
fn changed_guards_stop_saving_until_an_administrator_puts_them_back() {
    let (dir, app) = demo_app();
    let path = app.session().unwrap().db().path().to_path_buf();
    drop(app);
    common::raw(&path).execute_batch("DROP TRIGGER audit_prisoner_update;").unwrap();
    let mut app = signed_in_app(&path);
    assert!(shows_start(&app, "Nothing can be saved: the case file's own guards were changed outside OMU Desk"));
    click(&mut app, "Audit trail");
    assert!(shows_containing(
        &app,
        "the guard audit_prisoner_update (records each update in prisoner in the audit trail) is missing"
    ));
    click(&mut app, "Put the guards back");
    assert!(shows_start(&app, "Put back 1 guard as OMU Desk made it; saving works again."));
    assert!(app.session().unwrap().db().guard_problems().is_empty());
    assert!(!shows_start(&app, "Nothing can be saved"), "the warning at the head of the page goes too");
    drop(dir);
}

#[test]
fn failed_sign_ins_under_your_name_are_told_when_you_sign_in() {
    let (dir, app) = demo_app();
    let path = app.session().unwrap().db().path().to_path_buf();
    drop(app);
    for _ in 0..3 {
        assert!(omu_core::storage::unlock(&path, USER, "a guess at it").is_err());
    }
    let app = signed_in_app(&path);
    assert!(shows_start(&app, "3 failed attempts for your name since you last signed in (last at"));
    drop(dir);
}

#[test]
fn an_administrator_re_keys_the_case_file_and_is_shown_the_new_recovery_key() {
    let (dir, mut app) = demo_app();
    let path = app.session().unwrap().db().path().to_path_buf();
    let old_key = common::key(&path);
    click(&mut app, "Settings");
    click(&mut app, "Re-key the case file…");
    assert!(shows(&app, "Type your passphrase to re-key the case file."));
    type_into_labelled(&mut app, "Your passphrase", common::PASSPHRASE);
    click(&mut app, "Re-key the case file…");
    click(&mut app, "Cancel");
    assert!(!shows(&app, "Re-key"), "cancelled: nothing is asked");
    click(&mut app, "Re-key the case file…");
    click(&mut app, "Re-key");
    assert!(shows_containing(&app, "This key opens the case file"), "the new recovery key is shown to lock away");
    click(&mut app, "I have printed or written it down: continue");
    assert!(shows_containing(&app, "A checked backup under the old key is at"));
    assert!(app.session().unwrap().db().verify_audit().unwrap().is_intact());
    drop(app);
    let refused = omu_core::storage::Db::open(&path, &old_key, USER).err().expect("the old key opens nothing now");
    assert!(matches!(refused, omu_core::storage::Error::WrongKey { .. }), "{refused}");
    drop(dir);
}

#[test]
fn esc_in_settings_asks_then_puts_back_what_is_saved() {
    use omu_desk::ui::app::Shortcut;
    use omu_desk::ui::screen::settings::Message as Settings;
    let (dir, mut app) = demo_app();
    click(&mut app, "Settings");
    apply(&mut app, [Message::Settings(Settings::KeyCutOff("18:45".into()))]);
    apply(&mut app, [Message::Shortcut(Shortcut::Cancel)]);
    assert!(shows_containing(&app, "Throw away your unsaved changes to"));
    click(&mut app, "Keep editing");
    assert!(shows(&app, "18:45"));
    apply(&mut app, [Message::Shortcut(Shortcut::Cancel)]);
    click(&mut app, "Throw them away");
    assert!(!shows(&app, "18:45"));
    assert!(shows(&app, "17:00"), "the saved cut-off is back");
    drop(dir);
}

#[test]
fn a_supervisor_added_as_a_user_is_on_the_staff_list_and_can_be_allocated_cases() {
    use omu_desk::ui::screen::users::{self, Message as Users};
    let (dir, mut app) = demo_app();
    click(&mut app, "Users");
    type_into_id(&mut app, users::NEW_NAME_ID, "Sam Okafor");
    type_into_id(&mut app, users::NEW_PASSPHRASE_ID, "river copper lantern");
    type_into_id(&mut app, users::NEW_REPEAT_ID, "river copper lantern");
    apply(&mut app, [Message::Users(Users::Add)]);
    assert!(shows_containing(&app, "They are on the staff list as offender supervisor. Tell them their passphrase"));
    let staff = app.session().unwrap().db().staff().unwrap();
    let sam = staff.iter().find(|member| member.name == "Sam Okafor").expect("on the staff list");
    assert!(sam.role.holds_caseload(), "so cases can be allocated to them");

    // A gate officer is not put on it (the drop-down's choice follows the role).
    type_into_id(&mut app, users::NEW_NAME_ID, "Gina Gate");
    apply(&mut app, [Message::Users(Users::Role(Role::Gate))]);
    type_into_id(&mut app, users::NEW_PASSPHRASE_ID, GATE_PASSPHRASE);
    type_into_id(&mut app, users::NEW_REPEAT_ID, GATE_PASSPHRASE);
    apply(&mut app, [Message::Users(Users::Add)]);
    assert!(!app.session().unwrap().db().staff().unwrap().iter().any(|member| member.name == "Gina Gate"));
    click(&mut app, "Settings");
    assert!(shows_containing(&app, "signs in as Supervisor"), "the staff list says who signs in");
    drop(dir);
}
