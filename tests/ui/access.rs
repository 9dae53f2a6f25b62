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
    click(&mut app, "Check the seals");
    let report = app.session().unwrap().audit().unwrap().chain().unwrap().clone();
    assert!(report.is_intact(), "{:?}", report.problems);
    assert!(shows(
        &app,
        &format!("All {} entries match their seals: nothing has been changed, removed or reordered.", report.entries)
    ));
    assert!(app.session().unwrap().audit().unwrap().entries().iter().any(|entry| entry.table_name == "app_user"));
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
