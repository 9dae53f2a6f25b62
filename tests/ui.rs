//! The screens driven as a user drives them, headless with iced_test's Simulator:
//! click by label, type into focused fields, feed the messages back into `update`,
//! and check what the next view shows.

mod common;

use common::{USER, temp_db, today};
use iced::Settings;
use iced_test::{Simulator, selector};
use omu_desk::domain::dates::{add_months, due_state, format_date};
use omu_desk::ui::screen::caseload::SEARCH_ID;
use omu_desk::ui::screen::prisoner::TextField;
use omu_desk::ui::{App, FONT_BOLD, FONT_NAME, FONT_REGULAR, Message};

/// A simulator of the app's current view, with the app's own font.
fn ui(app: &App) -> Simulator<'_, Message> {
    let settings = Settings {
        fonts: vec![FONT_REGULAR.into(), FONT_BOLD.into()],
        default_font: iced::Font::with_name(FONT_NAME),
        ..Settings::default()
    };
    Simulator::with_size(settings, (1280.0, 1000.0), app.view())
}

/// Feeds what the simulator produced back into the app, as the runtime would.
fn apply(app: &mut App, messages: impl IntoIterator<Item = Message>) {
    for message in messages {
        let _ = app.update(message);
    }
}

/// A case file with the demo establishment, opened as the demo's first supervisor.
fn demo_app() -> (tempfile::TempDir, App) {
    let (dir, mut db) = temp_db();
    omu_desk::demo::populate(&mut db, today(), USER).unwrap();
    let path = db.path().to_path_buf();
    drop(db);
    let app = App::open(&path, Some(USER));
    (dir, app)
}

fn type_into(app: &mut App, field: TextField, text: &str) {
    let mut ui = ui(app);
    ui.click(selector::id(field.id())).expect("field on screen");
    ui.typewrite(text);
    let messages: Vec<Message> = ui.into_messages().collect();
    apply(app, messages);
}

fn click(app: &mut App, label: &str) {
    let mut ui = ui(app);
    ui.click(label)
        .unwrap_or_else(|error| panic!("cannot click {label:?}: {error}"));
    let messages: Vec<Message> = ui.into_messages().collect();
    apply(app, messages);
}

fn shows(app: &App, label: &str) -> bool {
    ui(app).find(label).is_ok()
}

#[test]
fn a_new_file_offers_the_demo_or_an_empty_start() {
    let (dir, db) = temp_db();
    let path = db.path().to_path_buf();
    drop(db);
    let mut app = App::open(&path, Some(USER));
    assert!(shows(&app, "Welcome to OMU Desk"));
    // Starting empty without an establishment name is refused with a reason.
    click(&mut app, "Start with an empty case file");
    assert!(shows(
        &app,
        "Establishment: type its name, e.g. HMP Northmoor"
    ));
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
fn a_bad_prison_number_is_explained_and_the_typing_kept() {
    let (dir, mut app) = demo_app();
    click(&mut app, "New prisoner  (Ctrl+N)");
    type_into(&mut app, TextField::PrisonNumber, "12345");
    type_into(&mut app, TextField::Surname, "Kowalski");
    click(&mut app, "Save  (Ctrl+S)");
    assert!(shows(
        &app,
        "'12345' is not a prison number: a letter, four digits and two letters, e.g. A1234BC"
    ));
    assert!(shows(
        &app,
        "Not saved: 4 fields to put right (marked in red below). What you typed is kept."
    ));
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
    assert_eq!(
        app.session().unwrap().db().contacts(id).unwrap().len(),
        before + 1
    );
    // Seen today, so the next contact is due a calendar month from today.
    let next = add_months(today(), 1);
    let expected = format!(
        "{}  ({})",
        format_date(next),
        due_state(next, today()).describe()
    );
    assert!(shows(&app, &expected), "{expected}");
    drop(dir);
}

fn search(app: &mut App, text: &str) {
    let mut ui = ui(app);
    ui.click(selector::id(SEARCH_ID)).unwrap();
    ui.typewrite(text);
    let messages: Vec<Message> = ui.into_messages().collect();
    apply(app, messages);
}

#[test]
fn workload_counts_every_current_case() {
    let (dir, mut app) = demo_app();
    click(&mut app, "Workload");
    let session = app.session().unwrap();
    let total: usize = session
        .workload()
        .unwrap()
        .rows()
        .iter()
        .map(|row| row.total)
        .sum();
    let current = session
        .db()
        .caseload(&Default::default(), today())
        .unwrap()
        .len();
    assert_eq!(total, current);
    assert!(shows(&app, "Workload by supervisor"));
    assert!(shows(&app, "Not yet allocated"));
    drop(dir);
}
