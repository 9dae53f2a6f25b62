//! The screens driven as a user drives them, headless with iced_test's Simulator:
//! click by label, type into focused fields, feed the messages back into `update`,
//! and check what the next view shows.

#[path = "../core/tests/common/mod.rs"]
mod common;

use common::{USER, temp_db, today};
use iced::Settings;
use iced_test::{Simulator, selector};
use omu_core::domain::dates::{add_months, due_state, format_date};
use omu_core::domain::users::{Role, User};
use omu_core::storage::Keyring;
use omu_desk::ui::screen::caseload::SEARCH_ID;
use omu_desk::ui::screen::prisoner::TextField;
use omu_desk::ui::screen::sign_in;
use omu_desk::ui::{App, FONT_BOLD, FONT_NAME, FONT_REGULAR, Message};

const GATE_PASSPHRASE: &str = "gate house morning";

/// A simulator of the app's current view, with the app's own font, tall enough that
/// long forms need no scrolling.
fn ui(app: &App) -> Simulator<'_, Message> {
    let settings = Settings {
        fonts: vec![FONT_REGULAR.into(), FONT_BOLD.into()],
        default_font: iced::Font::with_name(FONT_NAME),
        ..Settings::default()
    };
    Simulator::with_size(settings, (1280.0, 2400.0), app.view())
}

/// Feeds what the simulator produced back into the app, as the runtime would.
fn apply(app: &mut App, messages: impl IntoIterator<Item = Message>) {
    for message in messages {
        let _ = app.update(message);
    }
}

/// The app on the file at `path`, signed in as [`USER`] (an administrator).
fn signed_in_app(path: &std::path::Path) -> App {
    App::open_as(path, &common::key(path), User { name: USER.into(), role: Role::Administrator })
}

/// A case file with the demo establishment, opened as the demo's first supervisor.
fn demo_app() -> (tempfile::TempDir, App) {
    let (dir, mut db) = temp_db();
    omu_core::demo::populate(&mut db, today(), USER).unwrap();
    let path = db.path().to_path_buf();
    drop(db);
    let app = signed_in_app(&path);
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
    ui.click(label).unwrap_or_else(|error| panic!("cannot click {label:?}: {error}"));
    let messages: Vec<Message> = ui.into_messages().collect();
    apply(app, messages);
}

fn shows(app: &App, label: &str) -> bool {
    ui(app).find(label).is_ok()
}

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
    apply(&mut app, messages);
    assert!(shows(&app, "Checking…"), "the key derivation runs in the background");
    // The runtime would run the set-up task; run the same call and hand back its answer.
    let done = omu_core::storage::set_up(&path, USER, "short and copper river").map_err(|error| error.to_string());
    apply(&mut app, [Message::SignIn(sign_in::Message::SetUpDone(done))]);
    assert!(shows(&app, "Your recovery key"));
    assert!(std::fs::read(&path).unwrap().windows(15).all(|window| window != b"SQLite format 3"), "encrypted");
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
    let total: usize = session.workload().unwrap().rows().iter().map(|row| row.total).sum();
    let current = session.db().caseload(&Default::default(), today()).unwrap().len();
    assert_eq!(total, current);
    assert!(shows(&app, "Workload by supervisor"));
    assert!(shows(&app, "Not yet allocated"));
    drop(dir);
}

/// A case file holding one prisoner received 30 hours ago, allocated to the user.
fn new_reception_app() -> (tempfile::TempDir, App) {
    use chrono::{Duration, NaiveTime, Timelike, Utc};
    let (dir, mut db) = temp_db();
    let me = db.add_staff(USER, omu_core::domain::staff::StaffRole::OffenderSupervisor).unwrap();
    let mut settings = db.settings().unwrap();
    settings.establishment_name = "HMP Testbridge".into();
    db.save_settings(&settings).unwrap();
    let at = omu_core::domain::dates::utc_to_london(Utc::now() - Duration::hours(30));
    let mut details = common::details("A5555EE", "Tomasz", "Wiśniewski");
    details.reception_date = Some(at.date_naive());
    details.reception_time = NaiveTime::from_hms_opt(at.hour(), at.minute(), 0);
    details.sentence_date = Some(at.date_naive() - Duration::days(2));
    details.allocated_supervisor_id = Some(me);
    db.insert_prisoner(&details).unwrap();
    let path = db.path().to_path_buf();
    drop(db);
    (dir, signed_in_app(&path))
}

fn induction_overdue(app: &App) -> usize {
    let checklist = app.session().unwrap().prisoner().unwrap().checklist().unwrap().checklist().unwrap();
    checklist.overdue_items(chrono::Utc::now())
}

#[test]
fn complete_and_exempt_induction_items_and_see_the_overdue_count_fall() {
    let (dir, mut app) = new_reception_app();
    assert!(shows(&app, "INDUCTION: 9 OVERDUE"));
    click(&mut app, "Wiśniewski, Tomasz");
    click(&mut app, "Induction (9 overdue)");
    assert!(shows(&app, "Print induction record"));

    // Complete the health screen: the form starts as "now, by me".
    click(&mut app, "Health screen");
    assert!(shows(&app, USER));
    click(&mut app, "Mark done");
    assert_eq!(induction_overdue(&app), 8);
    assert!(shows(&app, "Health screen: done."));
    assert!(shows(&app, "Induction (8 overdue)"));

    // An exemption without a reason is refused; the typed notes stay.
    click(&mut app, "Property recorded");
    type_into_labelled_notes(&mut app, "Came from HMP Leeds with property sealed");
    click(&mut app, "Exempt");
    assert!(shows(&app, "Reason: choose why it was not done"));
    assert!(shows(&app, "Came from HMP Leeds with property sealed"));
    assert_eq!(induction_overdue(&app), 8);

    // Choose the reason from the list, as a user would, and exempt it.
    click(&mut app, "Already done in another establishment");
    click(&mut app, "Exempt");
    assert!(shows(&app, "Property recorded: exempted."), "exemption saved");
    assert_eq!(induction_overdue(&app), 7);
    assert!(shows(&app, "Induction (7 overdue)"));

    // The caseload shows the new count too.
    click(&mut app, "Back to caseload");
    assert!(shows(&app, "INDUCTION: 7 OVERDUE"));
    drop(dir);
}

/// Types into the item panel's "Reason notes" field.
fn type_into_labelled_notes(app: &mut App, text: &str) {
    let mut ui = ui(app);
    ui.click(selector::id(omu_desk::ui::screen::checklist::REASON_NOTES_ID)).expect("reason notes field");
    ui.typewrite(text);
    let messages: Vec<Message> = ui.into_messages().collect();
    apply(app, messages);
}

/// One prisoner with a key worker and an offender manager, on the user's caseload.
fn planning_app() -> (tempfile::TempDir, App, i64) {
    let (dir, mut db) = temp_db();
    let me = db.add_staff(USER, omu_core::domain::staff::StaffRole::OffenderSupervisor).unwrap();
    let mut settings = db.settings().unwrap();
    settings.establishment_name = "HMP Testbridge".into();
    db.save_settings(&settings).unwrap();
    let mut details = common::details("A6666FF", "Ayşe", "Yılmaz");
    details.allocated_supervisor_id = Some(me);
    details.offender_manager.name = "Helen Carter".into();
    details.diversity.interpreter_needed = true;
    details.diversity.first_language = "Turkish".into();
    let id = db.insert_prisoner(&details).unwrap();
    db.add_keyworker(id, "Sam Okoye", "CARATS worker").unwrap();
    let path = db.path().to_path_buf();
    drop(db);
    (dir, signed_in_app(&path), id)
}

fn plan_message(message: omu_desk::ui::screen::plan::Message) -> Message {
    Message::Prisoner(omu_desk::ui::screen::prisoner::Message::Plan(message))
}

fn type_into_id(app: &mut App, id: &'static str, text: &str) {
    let mut ui = ui(app);
    ui.click(selector::id(id)).unwrap_or_else(|error| panic!("field {id}: {error}"));
    ui.typewrite(text);
    let messages: Vec<Message> = ui.into_messages().collect();
    apply(app, messages);
}

#[test]
fn plan_with_an_unavailable_intervention_then_hold_the_board() {
    use omu_core::domain::plan::{Participation, Pathway, ResponsibleRole};
    use omu_desk::ui::screen::plan::{self, Message as Plan};

    let (dir, mut app, prisoner_id) = planning_app();
    click(&mut app, "Yılmaz, Ayşe");
    click(&mut app, "Sentence plan");
    // Diversity needs are there to plan around.
    assert!(shows(&app, "Interpreter needed (Turkish)"));
    click(&mut app, "Start the initial plan");
    click(&mut app, "Add objective");
    type_into_id(&mut app, plan::OBJECTIVE_TEXT_ID, "Complete Aggression Replacement Training");
    // iced_test cannot open a drop-down's menu, so the choices a user makes there are
    // sent as the messages the drop-downs produce.
    let art = app
        .session()
        .unwrap()
        .db()
        .interventions()
        .unwrap()
        .into_iter()
        .find(|intervention| intervention.name.starts_with("Aggression Replacement"))
        .unwrap();
    assert!(!art.offered, "the demo catalogue does not offer ART here");
    apply(
        &mut app,
        [
            plan_message(Plan::Pathway(Pathway::Attitudes)),
            plan_message(Plan::Intervention(omu_desk::ui::screen::Choice::some(art.id, art.describe()))),
            plan_message(Plan::Responsible(ResponsibleRole::Psychology)),
        ],
    );
    assert!(shows(
        &app,
        &format!(
            "{} is not offered here. It is recorded as required but unavailable, and counted in the unmet need report.",
            art.name
        )
    ));
    let target = common::today() + chrono::Duration::days(180);
    type_into_id(&mut app, plan::TARGET_DATE_ID, &omu_core::domain::dates::format_date(target));
    click(&mut app, "Save objective");
    assert!(shows(&app, "Objective saved."));
    assert!(shows(&app, "REQUIRED: NOT AVAILABLE HERE"));

    // The board: the key worker and offender manager are invited by default.
    click(&mut app, "Plan or record a meeting");
    click(&mut app, "Held");
    apply(
        &mut app,
        [
            plan_message(Plan::AttendeeParticipation(0, Participation::InPerson)),
            plan_message(Plan::AttendeeParticipation(1, Participation::VideoLink)),
        ],
    );
    click(&mut app, "The prisoner attended");
    type_into_id(&mut app, plan::PRISONER_VIEWS_ID, "Wants to go somewhere that runs ART");
    let next_review = common::today() + chrono::Duration::days(182);
    type_into_id(&mut app, plan::NEXT_REVIEW_ID, &omu_core::domain::dates::format_date(next_review));
    click(&mut app, "Save meeting");
    assert!(shows(&app, "Meeting saved."), "the meeting is saved");
    assert!(shows(&app, "Sam Okoye (CARATS worker): in person"));
    assert!(shows(&app, "Helen Carter (Offender manager): video link"));

    // Agree the plan: the review date the meeting set becomes the plan's.
    click(&mut app, "Agree and close version 1");
    assert!(shows(
        &app,
        &format!("Version 1 agreed and closed; next review {}.", omu_core::domain::dates::format_date(next_review))
    ));
    let summary = app.session().unwrap().db().case_summary(prisoner_id, common::today()).unwrap();
    assert_eq!(summary.plan_review_due.unwrap().value, next_review);
    let state = omu_core::domain::dates::due_state(next_review, common::today());
    assert!(shows(&app, &format!("{} ({})", omu_core::domain::dates::format_date(next_review), state.describe())));
    // A closed version offers no editing.
    assert!(!shows(&app, "Add objective"));
    drop(dir);
}

#[test]
fn the_due_screen_and_unmet_need_report_follow_the_plans() {
    let (dir, mut app) = demo_app();
    click(&mut app, "Interventions");
    let report = app.session().unwrap().interventions().unwrap().report();
    let unmet: usize = report.iter().map(|line| line.unmet).sum();
    assert!(unmet > 0, "the demo has unmet need");
    assert!(shows(
        &app,
        &format!(
            "Counted from each current prisoner's latest plan. {unmet} need(s) for interventions this establishment does not offer."
        )
    ));

    click(&mut app, "Due");
    let items = app.session().unwrap().due().unwrap().items().to_vec();
    assert!(!items.is_empty());
    assert!(items.windows(2).all(|pair| pair[0].due <= pair[1].due), "overdue first");
    click(&mut app, "Boards");
    assert!(!app.session().unwrap().boards().unwrap().entries().is_empty());
    // A range of years would build thousands of rows: refused with the reason, the
    // diary already shown stays.
    let shown = app.session().unwrap().boards().unwrap().entries().len();
    let to = format_date(today() + chrono::Duration::days(400));
    apply(&mut app, [Message::Boards(omu_desk::ui::screen::boards::Message::To(to))]);
    click(&mut app, "Show");
    assert!(shows(
        &app,
        "Show at most 92 days (13 weeks) at a time; past meetings are on each prisoner's sentence plan"
    ));
    assert_eq!(app.session().unwrap().boards().unwrap().entries().len(), shown);
    drop(dir);
}

/// A key safe of two hooks: tally 1 may draw keys, tally 2 has no risk assessment.
fn gate_app() -> (tempfile::TempDir, App) {
    use omu_core::domain::keys::{Bunch, TallyHolder};
    let (dir, mut db) = temp_db();
    let mut settings = db.settings().unwrap();
    settings.establishment_name = "HMP Testbridge".into();
    db.save_settings(&settings).unwrap();
    for hook in 1..=2 {
        db.save_bunch(&Bunch {
            id: 0,
            hook,
            description: format!("Wing {hook} cells"),
            key_count: 7,
            contents: String::new(),
            out_of_use: false,
            out_of_use_reason: String::new(),
        })
        .unwrap();
    }
    let assessed = Some(common::today() - chrono::Duration::days(20));
    for (tally, name, assessment) in [(1, "Amy Baker", assessed), (2, "Ben Cole", None)] {
        db.save_holder(&TallyHolder {
            id: 0,
            name: name.into(),
            role: "Officer".into(),
            department: "Wing".into(),
            tally,
            risk_assessed_on: assessment,
            key_talk_on: assessment,
            chain_and_pouch: true,
            overnight_allowed: true,
            suspended: false,
        })
        .unwrap();
    }
    let gate_officer = User { name: "Gate Officer".into(), role: Role::Gate };
    db.add_user(&gate_officer, GATE_PASSPHRASE).unwrap();
    let path = db.path().to_path_buf();
    drop(db);
    (dir, App::open_as(&path, &common::key(&path), gate_officer))
}

/// Types into the gate's number box and presses Enter, as the gate officer does.
fn gate_types(app: &mut App, typed: &str) {
    let mut ui = ui(app);
    ui.click(selector::id(omu_desk::ui::screen::keys::LOOKUP_ID)).expect("the number box");
    if !typed.is_empty() {
        ui.typewrite(typed);
    }
    ui.tap_key(iced::keyboard::key::Named::Enter);
    let messages: Vec<Message> = ui.into_messages().collect();
    apply(app, messages);
}

fn hook_state(app: &App, hook: u32) -> omu_core::domain::keys::HookState {
    app.session().unwrap().keys().unwrap().tiles().iter().find(|tile| tile.bunch.hook == hook).unwrap().state
}

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
    assert!(shows(&app, "1 in · 1 out · 0 overdue · 0 out of use · cut-off 17:00"));

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
    gate_types(&mut app, "2");
    assert!(shows(&app, "ISSUE hook 2 (Wing 2 cells, 7 keys) to Ben Cole (tally 2, Wing)"));
    gate_types(&mut app, "");
    assert!(shows(&app, "Cannot issue: Ben Cole has no key risk assessment recorded."));
    assert_eq!(hook_state(&app, 2), HookState::In);
    // The tally holders tab shows the same reason beside the name.
    click(&mut app, "Tally holders");
    assert!(shows(&app, "Ben Cole has no key risk assessment recorded"));
    drop(dir);
}

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
    assert!(shows(&app, "Not added: The two passphrases differ; type the same passphrase twice"));
    assert!(shows(&app, "Dan Mercer"), "the typed name stays");
    // Corrected (select-all and retype, as the person would).
    apply(&mut app, [Message::Users(omu_desk::ui::screen::users::Message::Repeat(GATE_PASSPHRASE.into()))]);
    click(&mut app, "Add");
    // The key derivation runs off the window's thread; meanwhile Add waits for it.
    let mut form = ui(&app);
    form.click("Add").unwrap();
    assert_eq!(form.into_messages().count(), 0, "Add is disabled while the passphrase is sealed");
    // The runtime would run the sealing task; run the same call and hand back its answer.
    let dan = User { name: "Dan Mercer".into(), role: Role::Gate };
    let sealed = omu_core::storage::SealedPassphrase::new(app.session().unwrap().db().key(), &dan, GATE_PASSPHRASE)
        .map_err(|error| error.to_string());
    apply(&mut app, [Message::Users(omu_desk::ui::screen::users::Message::Sealed(sealed))]);
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
fn an_edited_procedure_draft_is_not_lost_by_leaving() {
    use omu_desk::ui::screen::procedure::Message as Procedure;
    let (dir, mut app) = demo_app();
    click(&mut app, "Induction");
    apply(&mut app, [Message::Induction(omu_desk::ui::screen::induction::Message::EditProcedure)]);
    apply(&mut app, [Message::Procedure(Procedure::StartEditing)]);
    // A draft just started holds nothing unsaved.
    click(&mut app, "Caseload");
    assert!(!shows(&app, "Leave without saving"));
    click(&mut app, "Induction");
    apply(&mut app, [Message::Induction(omu_desk::ui::screen::induction::Message::EditProcedure)]);
    apply(&mut app, [Message::Procedure(Procedure::Title(0, "First night: cell check and phone call".into()))]);
    click(&mut app, "Keys");
    assert!(shows(&app, "You have not saved the draft procedure."));
    click(&mut app, "Stay on this page");
    assert!(shows(&app, "First night: cell check and phone call"));
    click(&mut app, "Save draft");
    click(&mut app, "Keys");
    assert!(app.session().unwrap().keys().is_some(), "saved, so leaving needs no question");
    drop(dir);
}

#[test]
fn an_objective_being_written_is_not_lost_by_leaving_the_record() {
    let (dir, mut app, _) = planning_app();
    click(&mut app, "Yılmaz, Ayşe");
    click(&mut app, "Sentence plan");
    click(&mut app, "Start the initial plan");
    click(&mut app, "Add objective");
    type_into_id(&mut app, omu_desk::ui::screen::plan::OBJECTIVE_TEXT_ID, "Find a tenancy before release");
    click(&mut app, "Due");
    assert!(shows(&app, "You have not saved the objective."));
    assert!(app.session().unwrap().prisoner().is_some(), "still on the record");
    click(&mut app, "Stay on this page");
    assert!(shows(&app, "Find a tenancy before release"));
    drop(dir);
}

#[test]
fn a_transfer_pack_is_exported_from_the_record_and_imported_from_the_caseload() {
    use omu_desk::ui::dialog::OpenedFile::Read;
    use omu_desk::ui::screen::caseload::Message as Caseload;
    use omu_desk::ui::screen::prisoner::Message as Record;
    // The sending prison: export Ayşe Yılmaz's pack from her record.
    let (dir, mut app, prisoner_id) = planning_app();
    click(&mut app, "Yılmaz, Ayşe");
    click(&mut app, "Export transfer pack…");
    // The runtime would ask where to save and write the file; do the same and hand
    // back where it went.
    let pack = dir.path().join("transfer-pack-A6666FF.json");
    let number = omu_core::domain::prisoner::PrisonNumber::parse("A6666FF").unwrap();
    let (json, _) = omu_core::exchange::export_json(app.session().unwrap().db(), Some(&number)).unwrap();
    omu_core::exchange::write_export(&pack, &json).unwrap();
    apply(&mut app, [Message::Prisoner(Record::PackExported(Some(Ok(pack.clone()))))]);
    assert!(shows_start(&app, &format!("Transfer pack saved to {}.", pack.display())));
    let disclosed = app.session().unwrap().db().audit_entries(&Default::default()).unwrap();
    assert!(
        disclosed.iter().any(|entry| entry.action == "disclose" && entry.row_id == Some(prisoner_id)),
        "the export is in the audit trail"
    );

    // The receiving prison: import it from the caseload.
    let (other_dir, mut other) = demo_app();
    let bytes = std::fs::read(&pack).unwrap();
    apply(&mut other, [Message::Caseload(Caseload::PackChosen(Read { path: pack.clone(), bytes: Ok(bytes.clone()) }))]);
    assert!(shows_start(&other, "Imported transfer-pack-A6666FF.json: 1 prisoner(s) added, 0 replaced"));
    click(&mut other, "Whole unit");
    search(&mut other, "ayse");
    assert!(shows(&other, "Yılmaz, Ayşe"));

    // The same pack again: asked first, and replacing keeps the plans already there.
    apply(&mut other, [Message::Caseload(Caseload::PackChosen(Read { path: pack.clone(), bytes: Ok(bytes) }))]);
    assert!(shows_start(&other, "Already in this case file: A6666FF (Yılmaz, Ayşe)."));
    click(&mut other, "Replace and import");
    assert!(shows_start(&other, "Imported transfer-pack-A6666FF.json: 0 prisoner(s) added, 1 replaced"));

    // A file that is not a pack: a clear reason, nothing changed.
    apply(
        &mut other,
        [Message::Caseload(Caseload::PackChosen(Read { path: pack, bytes: Ok(b"{ not json".to_vec()) }))],
    );
    assert!(shows_start(&other, "transfer-pack-A6666FF.json was not imported: not valid JSON"));
    drop((dir, other_dir));
}

/// True when some text on screen starts with `start` (for messages ending in details).
fn shows_start(app: &App, start: &str) -> bool {
    use iced_test::selector::Candidate;
    let mut ui = ui(app);
    ui.find(|candidate: Candidate<'_>| match candidate {
        Candidate::Text { content, .. } if content.starts_with(start) => Some(()),
        _ => None,
    })
    .is_ok()
}
