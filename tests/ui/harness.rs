//! Driving the app as the runtime would, headless: a Simulator of the current view,
//! clicks and typing fed back into `update`, and the tasks `update` returns run to
//! the end, their results fed back in turn.

pub(crate) use crate::common::{self, USER, temp_db, today};
pub use iced::Settings;
pub use iced_test::{Simulator, selector};
pub use omu_core::domain::dates::{add_months, due_state, format_date};
pub use omu_core::domain::users::{Role, User};
pub use omu_core::storage::Keyring;
pub use omu_desk::ui::screen::caseload::SEARCH_ID;
pub use omu_desk::ui::screen::prisoner::TextField;
pub use omu_desk::ui::screen::sign_in;
pub use omu_desk::ui::{App, FONT_BOLD, FONT_NAME, FONT_REGULAR, Message};

pub const GATE_PASSPHRASE: &str = "gate house morning";

/// A simulator of the app's current view, with the app's own font, tall enough that
/// long forms need no scrolling.
pub fn ui(app: &App) -> Simulator<'_, Message> {
    let settings = Settings {
        fonts: vec![FONT_REGULAR.into(), FONT_BOLD.into()],
        default_font: iced::Font::with_name(FONT_NAME),
        ..Settings::default()
    };
    Simulator::with_size(settings, (1280.0, 2400.0), app.view())
}

/// Feeds what the simulator produced back into the app, as the runtime would: each
/// message's task is run to the end (dialogs answer at once, into the test's folder)
/// and what it produces is fed back in turn. Widget operations (focus) need a window
/// and are left out.
pub fn apply(app: &mut App, messages: impl IntoIterator<Item = Message>) {
    let mut queue: std::collections::VecDeque<Message> = messages.into_iter().collect();
    let mut steps = 0;
    while let Some(message) = queue.pop_front() {
        steps += 1;
        assert!(steps < 10_000, "messages keep producing messages");
        queue.extend(outputs(app.update(message)));
    }
}

/// What a task produces, run on this thread.
pub fn outputs(task: iced::Task<Message>) -> Vec<Message> {
    use futures::StreamExt;
    let Some(stream) = iced_runtime::task::into_stream(task) else { return Vec::new() };
    futures::executor::block_on(
        stream
            .filter_map(|action| async move {
                match action {
                    iced_runtime::Action::Output(message) => Some(message),
                    _ => None,
                }
            })
            .collect(),
    )
}

/// Where files the app saves go in tests: beside the case file, in `saved/`.
pub fn saved_folder(case_file: &std::path::Path) -> std::path::PathBuf {
    case_file.parent().unwrap().join("saved")
}

/// The app on the file at `path`, signed in as [`USER`] (an administrator), saving
/// every file into [`saved_folder`] without a dialog.
pub fn signed_in_app(path: &std::path::Path) -> App {
    let mut app = App::open_as(path, &common::key(path), User { name: USER.into(), role: Role::Administrator });
    std::fs::create_dir_all(saved_folder(path)).unwrap();
    app.set_dialogs(omu_desk::ui::dialog::Dialogs::SaveInto(saved_folder(path)));
    // A supervisor opens on My day; the tests start from the caseload, as a person
    // would go there next.
    if app.session().is_some_and(|session| session.my_day().is_some()) {
        click(&mut app, "Caseload");
    }
    app
}

/// A case file with the demo establishment, opened as the demo's first supervisor.
pub fn demo_app() -> (tempfile::TempDir, App) {
    let (dir, mut db) = temp_db();
    omu_core::demo::populate(&mut db, today(), USER).unwrap();
    let path = db.path().to_path_buf();
    drop(db);
    let app = signed_in_app(&path);
    (dir, app)
}

pub fn type_into(app: &mut App, field: TextField, text: &str) {
    let mut ui = ui(app);
    ui.click(selector::id(field.id())).expect("field on screen");
    ui.typewrite(text);
    let messages: Vec<Message> = ui.into_messages().collect();
    apply(app, messages);
}

pub fn click(app: &mut App, label: &str) {
    let mut ui = ui(app);
    ui.click(label).unwrap_or_else(|error| panic!("cannot click {label:?}: {error}"));
    let messages: Vec<Message> = ui.into_messages().collect();
    apply(app, messages);
}

pub fn shows(app: &App, label: &str) -> bool {
    ui(app).find(label).is_ok()
}

pub fn search(app: &mut App, text: &str) {
    let mut ui = ui(app);
    ui.click(selector::id(SEARCH_ID)).unwrap();
    ui.typewrite(text);
    let messages: Vec<Message> = ui.into_messages().collect();
    apply(app, messages);
}

/// A case file holding one prisoner received 30 hours ago, allocated to the user.
pub fn new_reception_app() -> (tempfile::TempDir, App) {
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

pub fn induction_overdue(app: &App) -> usize {
    let checklist = app.session().unwrap().prisoner().unwrap().checklist().unwrap().checklist().unwrap();
    checklist.overdue_items(chrono::Utc::now())
}

/// Types into the item panel's "Reason notes" field.
pub fn type_into_labelled_notes(app: &mut App, text: &str) {
    let mut ui = ui(app);
    ui.click(selector::id(omu_desk::ui::screen::checklist::REASON_NOTES_ID)).expect("reason notes field");
    ui.typewrite(text);
    let messages: Vec<Message> = ui.into_messages().collect();
    apply(app, messages);
}

/// One prisoner with a key worker and an offender manager, on the user's caseload.
pub fn planning_app() -> (tempfile::TempDir, App, i64) {
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

pub fn plan_message(message: omu_desk::ui::screen::plan::Message) -> Message {
    Message::Prisoner(omu_desk::ui::screen::prisoner::Message::Plan(message))
}

pub fn type_into_id(app: &mut App, id: &'static str, text: &str) {
    let mut ui = ui(app);
    ui.click(selector::id(id)).unwrap_or_else(|error| panic!("field {id}: {error}"));
    ui.typewrite(text);
    let messages: Vec<Message> = ui.into_messages().collect();
    apply(app, messages);
}

/// A key safe of two hooks: tally 1 may draw keys, tally 2 has no risk assessment.
pub fn gate_app() -> (tempfile::TempDir, App) {
    gate_app_with(|_| ())
}

/// [`gate_app`], with more set up in the file first.
pub fn gate_app_with(more: impl FnOnce(&mut omu_core::storage::Db)) -> (tempfile::TempDir, App) {
    let (dir, mut db) = temp_db();
    let mut settings = db.settings().unwrap();
    settings.establishment_name = "HMP Testbridge".into();
    db.save_settings(&settings).unwrap();
    for hook in 1..=2 {
        db.save_bunch(&omu_core::domain::keys::Bunch {
            description: format!("Wing {hook} cells"),
            ..common::bunch(hook)
        })
        .unwrap();
    }
    let assessed = Some(common::today() - chrono::Duration::days(20));
    for (tally, name, assessment) in [(1, "Amy Baker", assessed), (2, "Ben Cole", None)] {
        db.save_holder(&omu_core::domain::keys::TallyHolder {
            department: "Wing".into(),
            ..common::tally_holder(tally, name, assessment)
        })
        .unwrap();
    }
    more(&mut db);
    let gate_officer = User { name: "Gate Officer".into(), role: Role::Gate };
    db.add_user(&gate_officer, GATE_PASSPHRASE).unwrap();
    let path = db.path().to_path_buf();
    drop(db);
    (dir, App::open_as(&path, &common::key(&path), gate_officer))
}

/// Types into the gate's number box and presses Enter, as the gate officer does.
pub fn gate_types(app: &mut App, typed: &str) {
    let mut ui = ui(app);
    ui.click(selector::id(omu_desk::ui::screen::keys::LOOKUP_ID)).expect("the number box");
    if !typed.is_empty() {
        ui.typewrite(typed);
    }
    ui.tap_key(iced::keyboard::key::Named::Enter);
    let messages: Vec<Message> = ui.into_messages().collect();
    apply(app, messages);
}

pub fn hook_state(app: &App, hook: u32) -> omu_core::domain::keys::HookState {
    app.session().unwrap().keys().unwrap().tiles().iter().find(|tile| tile.bunch.hook == hook).unwrap().state
}

/// True when some text on screen starts with `start` (for messages ending in details).
pub fn shows_start(app: &App, start: &str) -> bool {
    use iced_test::selector::Candidate;
    let mut ui = ui(app);
    ui.find(|candidate: Candidate<'_>| match candidate {
        Candidate::Text { content, .. } if content.starts_with(start) => Some(()),
        _ => None,
    })
    .is_ok()
}

/// Types into the field labelled `label` (found by its stable id).
pub fn type_into_labelled(app: &mut App, label: &str, text: &str) {
    let mut ui = ui(app);
    ui.click(selector::id(omu_desk::ui::widget::field_id(label)))
        .unwrap_or_else(|error| panic!("field {label}: {error}"));
    ui.typewrite(text);
    let messages: Vec<Message> = ui.into_messages().collect();
    apply(app, messages);
}

/// True when some text on screen contains `part`.
pub fn shows_containing(app: &App, part: &str) -> bool {
    use iced_test::selector::Candidate;
    let mut ui = ui(app);
    ui.find(|candidate: Candidate<'_>| match candidate {
        Candidate::Text { content, .. } if content.contains(part) => Some(()),
        _ => None,
    })
    .is_ok()
}

/// How far down the window the text `label` is drawn: to check the order of a list
/// that is sorted as it is drawn.
pub fn top_of(app: &App, label: &str) -> f32 {
    let mut ui = ui(app);
    ui.find(label).unwrap_or_else(|_| panic!("{label:?} is on screen")).bounds().y
}
