//! Each main screen at 1024x768 (many office PCs still run it), drawn with the CPU
//! renderer and compared with the committed snapshot. The demo is loaded for a fixed
//! day and the app runs on a fixed clock, so the same code draws the same pixels.
//! When a screen changes on purpose: look at `target/snapshots/<name>-tiny-skia.png`,
//! and if it is right, delete `tests/snapshots/<name>-tiny-skia.sha256` and run again.

use crate::harness::*;
use omu_desk::ui::session::Clock;

/// A Wednesday in British Summer Time, far from any day the tests run on.
fn day() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2025, 6, 4).unwrap()
}

fn fixed_demo(name: &str, role: Role) -> (tempfile::TempDir, App) {
    let (dir, mut db) = temp_db();
    omu_core::demo::populate(&mut db, day(), USER).unwrap();
    if name != USER {
        db.add_user(&User { name: name.into(), role }, common::PASSPHRASE).unwrap();
    }
    let path = db.path().to_path_buf();
    drop(db);
    let mut app = App::open_as(&path, &common::key(&path), User { name: name.into(), role });
    let noon = omu_core::domain::dates::london_to_utc(day(), chrono::NaiveTime::from_hms_opt(10, 30, 0).unwrap());
    app.set_clock(Clock::Fixed(noon));
    std::fs::create_dir_all(saved_folder(&path)).unwrap();
    app.set_dialogs(omu_desk::ui::dialog::Dialogs::SaveInto(saved_folder(&path)));
    if app.session().is_some_and(|session| session.my_day().is_some()) {
        click(&mut app, "Caseload");
    }
    (dir, app)
}

fn matches(app: &App, name: &str) {
    matches_at(app, name, (1024.0, 768.0));
}

/// Large text scales the whole window by 1.25, so at 1024x768 the screens are laid out
/// as in a window of 1024/1.25 by 768/1.25.
const LARGE_TEXT_AT_1024: (f32, f32) = (1024.0 / 1.25, 768.0 / 1.25);

fn matches_at(app: &App, name: &str, size: (f32, f32)) {
    let settings = Settings {
        fonts: vec![FONT_REGULAR.into(), FONT_BOLD.into()],
        default_font: iced::Font::with_name(FONT_NAME),
        ..Settings::default()
    };
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut ui = Simulator::with_size(settings, size, app.view());
    let snapshot = ui.snapshot(&app.theme()).expect("a snapshot");
    let picture = root.join("target/snapshots").join(name);
    let _ = std::fs::remove_file(picture.with_file_name(format!("{name}-tiny-skia.png")));
    snapshot.matches_image(&picture).expect("the picture is written");
    assert!(
        snapshot.matches_hash(root.join("tests/snapshots").join(name)).expect("the snapshot is read"),
        "{name} looks different: see target/snapshots/{name}-tiny-skia.png"
    );
}

#[test]
fn the_main_screens_at_1024_by_768() {
    let (dir, mut app) = fixed_demo(USER, Role::Administrator);
    matches(&app, "caseload-unit");
    click(&mut app, "Whole unit");
    let first = app.session().unwrap().caseload().entries()[0].prisoner.id;
    apply(&mut app, [Message::Caseload(omu_desk::ui::screen::caseload::Message::Open(first))]);
    matches(&app, "record");
    click(&mut app, "Sentence plan");
    matches(&app, "plan");
    for (page, name) in [
        ("Due", "due"),
        ("Induction", "induction"),
        ("Boards", "boards"),
        ("Interventions", "interventions"),
        ("Workload", "workload"),
        ("Unit", "unit"),
        ("Users", "users"),
    ] {
        click(&mut app, page);
        matches(&app, name);
    }
    // A caseload spreadsheet being mapped, with a word the table does not know yet.
    click(&mut app, "Caseload");
    let csv = "Unit caseload\nPrison No,Name,DOB,Sentence,Length,RoSH,OS,Comments\n\
               Z1111ZZ,\"NEWMAN, Alex\",03/04/1991,SDS,3y,VH,Test Supervisor,Settled\n\
               Z2222ZZ,\"NEWELL, Sam\",07/06/1985,Det,18 months,Extreme,Test Supervisor,\n";
    let chosen = omu_desk::ui::dialog::OpenedFile::Read { path: "caseload.csv".into(), bytes: Ok(csv.into()) };
    apply(&mut app, [Message::Caseload(omu_desk::ui::screen::caseload::Message::SheetChosen(chosen))]);
    matches(&app, "sheet-import");
    drop(dir);
}

#[test]
fn the_gate_at_1024_by_768() {
    let (dir, mut app) = fixed_demo("Dan Mercer", Role::Gate);
    matches(&app, "keys-board");
    click(&mut app, "Tally holders");
    matches(&app, "keys-holders");
    drop(dir);
}

#[test]
fn the_screens_typed_in_most_at_large_text() {
    let (dir, mut app) = fixed_demo(USER, Role::Administrator);
    click(&mut app, "Whole unit");
    matches_at(&app, "large-caseload", LARGE_TEXT_AT_1024);
    let first = app.session().unwrap().caseload().entries()[0].prisoner.id;
    apply(&mut app, [Message::Caseload(omu_desk::ui::screen::caseload::Message::Open(first))]);
    matches_at(&app, "large-record", LARGE_TEXT_AT_1024);
    click(&mut app, "Due");
    matches_at(&app, "large-due", LARGE_TEXT_AT_1024);
    drop(dir);
    let (dir, app) = fixed_demo("Dan Mercer", Role::Gate);
    matches_at(&app, "large-keys-board", LARGE_TEXT_AT_1024);
    drop(dir);
}
