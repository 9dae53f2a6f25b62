use crate::harness::*;

#[test]
fn a_new_file_is_set_up_then_offers_the_demo_or_an_empty_start() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.sqlite3");
    let mut app = App::open(&path, USER);
    assert!(shows(&app, "Set up OMU Desk"));
    // A short passphrase is refused with the reason before anything is written.
    type_into_id(&mut app, sign_in::PASSPHRASE_ID, "short");
    type_into_id(&mut app, sign_in::REPEAT_ID, "short");
    click(&mut app, "Set up");
    assert!(shows(
        &app,
        "Passphrase: at least 12 characters (you typed 5); three random words are easy to remember and strong"
    ));
    assert!(!path.exists() && !Keyring::exists(&path));

    let mut form = ui(&app);
    form.click(selector::id(sign_in::PASSPHRASE_ID)).unwrap();
    form.typewrite(" and copper river");
    form.click(selector::id(sign_in::REPEAT_ID)).unwrap();
    form.typewrite(" and copper river");
    form.click("Set up").unwrap();
    let messages: Vec<Message> = form.into_messages().collect();
    let (typed, set_up) = messages.split_at(messages.len() - 1);
    apply(&mut app, typed.to_vec());
    let deriving = app.update(set_up[0].clone());
    assert!(shows(&app, "Checking…"), "the key derivation runs in the background");
    apply(&mut app, outputs(deriving));
    assert!(shows(&app, "Your recovery key"));
    assert!(std::fs::read(&path).unwrap().windows(15).all(|window| window != b"SQLite format 3"), "encrypted");
    // The sheet goes only where the person chooses (here a USB drive), and nowhere else.
    let usb = dir.path().join("usb");
    std::fs::create_dir_all(&usb).unwrap();
    app.set_dialogs(omu_desk::ui::dialog::Dialogs::SaveInto(usb.clone()));
    click(&mut app, "Save the sheet to a USB drive or printer…");
    let sheets: Vec<_> = std::fs::read_dir(&usb).unwrap().flatten().map(|entry| entry.path()).collect();
    assert_eq!(sheets.len(), 1, "{sheets:?}");
    let case_folder: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|entry| entry.file_name()).collect();
    assert!(
        case_folder.iter().all(|name| !name.to_string_lossy().ends_with(".pdf")),
        "no copy beside the case file: {case_folder:?}"
    );
    assert_eq!(app.session().unwrap().db().last_print_folder().unwrap(), None, "the drive is not remembered");
    click(&mut app, "I have printed or written it down: continue");

    assert!(shows(&app, "Welcome to OMU Desk"));
    // Starting empty without an establishment name is refused with a reason.
    click(&mut app, "Start with an empty case file");
    assert!(shows(&app, "Establishment: type its name, e.g. HMP Northmoor"));
    let mut ui = ui(&app);
    ui.click(selector::id("welcome-establishment")).unwrap();
    ui.typewrite("HMP Testbridge");
    let messages: Vec<Message> = ui.into_messages().collect();
    apply(&mut app, messages);
    click(&mut app, "Start with an empty case file");
    assert!(shows(&app, "My caseload"));
    assert!(shows(&app, "HMP Testbridge"));
    drop(dir);
}

#[test]
fn type_a_new_prisoner_and_save_it() {
    let (dir, mut app) = demo_app();
    click(&mut app, "New prisoner  (Ctrl+N)");
    assert!(shows(&app, "New prisoner"));
    type_into(&mut app, TextField::PrisonNumber, "a7777zz");
    type_into(&mut app, TextField::Surname, "Ní Bhriain");
    type_into(&mut app, TextField::Forenames, "Siobhán");
    type_into(&mut app, TextField::DateOfBirth, "02/05/1994");
    type_into(&mut app, TextField::SentenceYears, "3");
    type_into(&mut app, TextField::SentenceDate, "01/10/2025");
    click(&mut app, "Save  (Ctrl+S)");
    assert!(shows(&app, "Saved Ní Bhriain, Siobhán."));
    assert!(shows(&app, "Ní Bhriain, Siobhán  ·  A7777ZZ"));
    // What follows from the record is worked out at once.
    assert!(shows(&app, "Next OASys/RoH review"));

    // Back on the caseload, the new prisoner is there and can be found.
    click(&mut app, "Back to caseload");
    search(&mut app, "siobhan");
    assert!(shows(&app, "Ní Bhriain, Siobhán"));
    assert!(shows(&app, "1 prisoner"));
    drop(dir);
}

#[test]
fn tab_stops_on_the_drop_downs_and_the_arrows_choose() {
    use crate::live::Live;
    use iced::keyboard::key::Named;
    use omu_core::domain::risk::SentenceType;
    let (dir, mut app) = demo_app();
    let mut window = Live::new(1280.0, 2400.0);
    window.click(&mut app, "New prisoner  (Ctrl+N)");
    window.click(&mut app, selector::id(TextField::Cell.id()));
    window.type_text(&mut app, "3");
    // Tab from the cell goes to the supervisor drop-down, not past it.
    let supervisor = |app: &App| app.session().unwrap().prisoner().unwrap().form().allocated_supervisor_id;
    let offered = supervisor(&app);
    window.next_field(&mut app);
    window.tap(&mut app, Named::ArrowDown);
    let next = supervisor(&app);
    assert!(next.is_some() && next != offered, "the arrow chose the next supervisor: {offered:?} then {next:?}");
    window.tap(&mut app, Named::ArrowUp);
    assert_eq!(supervisor(&app), offered, "and the arrow up went back");
    // Then the sentence type, chosen by its first letter, then the length in years.
    window.next_field(&mut app);
    window.type_text(&mut app, "l");
    assert_eq!(app.session().unwrap().prisoner().unwrap().form().sentence_type, Some(SentenceType::Life));
    window.next_field(&mut app);
    window.type_text(&mut app, "4");
    let form = app.session().unwrap().prisoner().unwrap().form();
    assert_eq!(form.sentence_years, "4", "the typing went to the field after the drop-down");
    assert_eq!(form.cell, "3");
    drop(dir);
}

#[test]
fn a_bad_prison_number_is_explained_and_the_typing_kept() {
    let (dir, mut app) = demo_app();
    click(&mut app, "New prisoner  (Ctrl+N)");
    type_into(&mut app, TextField::PrisonNumber, "12345");
    type_into(&mut app, TextField::Surname, "Kowalski");
    click(&mut app, "Save  (Ctrl+S)");
    assert!(shows(&app, "'12345' is not a prison number: a letter, four digits and two letters, e.g. A1234BC"));
    assert!(shows(&app, "Not saved: 4 fields to put right (marked in red below). What you typed is kept."));
    // The typed values are still in their fields.
    assert!(shows(&app, "12345"));
    assert!(shows(&app, "Kowalski"));
    let form = app.session().unwrap().prisoner().unwrap().form();
    assert_eq!(form.prison_number, "12345");
    assert_eq!(form.surname, "Kowalski");
    drop(dir);
}

#[test]
fn search_narrows_the_list() {
    let (dir, mut app) = demo_app();
    click(&mut app, "Whole unit");
    let everyone = app.session().unwrap().caseload().entries().len();
    assert!(everyone > 40);
    assert!(shows(&app, "Łukasiewicz, Zoë"));

    search(&mut app, "sean obrien");
    assert_eq!(app.session().unwrap().caseload().entries().len(), 1);
    assert!(shows(&app, "Ó'Brien, Seán"));
    assert!(!shows(&app, "Łukasiewicz, Zoë"));
    assert!(shows(&app, "1 prisoner"));
    drop(dir);
}

#[test]
fn opening_a_prisoner_shows_scope_with_its_reason_and_logs_a_contact() {
    let (dir, mut app) = demo_app();
    click(&mut app, "Whole unit");
    search(&mut app, "obrien");
    click(&mut app, "Ó'Brien, Seán");
    assert!(shows(&app, "What follows from the record"));
    assert!(shows(&app, "Offender management model"));
    let id = app.session().unwrap().prisoner().unwrap().id().unwrap();
    let before = app.session().unwrap().db().contacts(id).unwrap().len();
    // The contact form starts as a face-to-face contact today by the user.
    click(&mut app, "Add contact");
    assert_eq!(app.session().unwrap().db().contacts(id).unwrap().len(), before + 1);
    // Seen today, so the next contact is due a calendar month from today.
    let next = add_months(today(), 1);
    let expected = format!("{}  ({})", format_date(next), due_state(next, today()).describe());
    assert!(shows(&app, &expected), "{expected}");
    drop(dir);
}

#[test]
fn workload_counts_every_current_case() {
    let (dir, mut app) = demo_app();
    click(&mut app, "Workload");
    let session = app.session().unwrap();
    let total: usize = session.workload().unwrap().rows().iter().map(|row| row.total).sum();
    let current = session.db().caseload(&Default::default(), today()).unwrap().len();
    assert_eq!(total, current);
    assert!(shows(&app, "Workload by supervisor"));
    assert!(shows(&app, "Not yet allocated"));
    drop(dir);
}

#[test]
fn a_transfer_pack_is_exported_from_the_record_and_imported_from_the_caseload() {
    use omu_desk::ui::dialog::OpenedFile::Read;
    use omu_desk::ui::screen::caseload::Message as Caseload;
    // The sending prison: export Ayşe Yılmaz's pack from her record.
    let (dir, mut app, prisoner_id) = planning_app();
    click(&mut app, "Yılmaz, Ayşe");
    click(&mut app, "Export transfer pack…");
    // The save dialog answered with the test's folder; the pack was written there.
    let pack = saved_folder(app.session().unwrap().db().path()).join("transfer-pack-A6666FF.json");
    assert!(pack.exists(), "the pack was written");
    assert!(shows_start(&app, &format!("Saved the transfer pack of A6666FF to {}", pack.display())));
    assert!(shows_start(&app, "The pack holds personal data (OFFICIAL-SENSITIVE)"));
    let disclosed = app.session().unwrap().db().audit_entries(&Default::default()).unwrap();
    assert!(
        disclosed.iter().any(|entry| entry.action == "disclose" && entry.row_id == Some(prisoner_id)),
        "the export is in the audit trail"
    );

    // The receiving prison: import it from the caseload.
    let (other_dir, mut other) = demo_app();
    let bytes = std::fs::read(&pack).unwrap();
    apply(&mut other, [Message::Caseload(Caseload::PackChosen(Read { path: pack.clone(), bytes: Ok(bytes.clone()) }))]);
    assert!(shows_start(&other, "Imported transfer-pack-A6666FF.json: 1 prisoner added, 0 replaced"));
    click(&mut other, "Whole unit");
    search(&mut other, "ayse");
    assert!(shows(&other, "Yılmaz, Ayşe"));

    // The same pack again: asked first, and replacing keeps the plans already there.
    apply(&mut other, [Message::Caseload(Caseload::PackChosen(Read { path: pack.clone(), bytes: Ok(bytes) }))]);
    assert!(shows_start(&other, "Already in this case file: A6666FF (Yılmaz, Ayşe)."));
    click(&mut other, "Replace and import");
    assert!(shows_start(&other, "Imported transfer-pack-A6666FF.json: 0 prisoners added, 1 replaced"));

    // A file that is not a pack: a clear reason, nothing changed.
    apply(
        &mut other,
        [Message::Caseload(Caseload::PackChosen(Read { path: pack, bytes: Ok(b"{ not json".to_vec()) }))],
    );
    assert!(shows_start(&other, "transfer-pack-A6666FF.json was not imported: not valid JSON"));
    drop((dir, other_dir));
}
