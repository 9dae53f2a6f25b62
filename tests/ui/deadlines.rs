//! Deadlines beyond the reviews: a parole review and a categorisation decision recorded
//! on the record, refused when they break the rules (with what was typed kept), and
//! then on the Due board.

use crate::harness::*;
use omu_core::domain::dates::format_date;
use omu_core::domain::deadlines::DeadlineKind;
use omu_core::domain::parole::ParoleReviewType;
use omu_desk::ui::screen::Choice;
use omu_desk::ui::screen::prisoner::Message as Record;
use omu_desk::ui::screen::prisoner::categorisation;
use omu_desk::ui::screen::prisoner::parole::{self, ParoleText};

fn parole_message(message: parole::Message) -> omu_desk::ui::Message {
    omu_desk::ui::Message::Prisoner(Record::Parole(message))
}

#[test]
fn a_parole_review_opened_on_the_record_is_on_the_due_board() {
    let (dir, mut app, _) = planning_app();
    let today = common::today();
    click(&mut app, "Yılmaz, Ayşe");
    assert!(shows(&app, "No parole review recorded. Open one when the Parole Board's review begins."));
    // iced_test cannot open a drop-down's menu: the choice is sent as its message.
    apply(&mut app, [parole_message(parole::Message::Type(ParoleReviewType::ParoleEligibility))]);
    let hearing = format_date(today + chrono::Duration::days(60));
    let too_late = format_date(today + chrono::Duration::days(61));
    type_into_labelled(&mut app, "Target hearing date", &hearing);
    type_into_labelled(&mut app, "Custody report due", &too_late);
    click(&mut app, "Open parole review");
    assert!(shows(&app, &format!("must be on or before the hearing ({hearing}): the Board reads it first")));
    assert!(app.session().unwrap().prisoner().unwrap().parole().unwrap().reviews().is_empty(), "nothing saved");

    // What was typed is still there: only the report's date is put right.
    let report_due = format_date(today + chrono::Duration::days(10));
    // The field's whole new value, as the text input sends it once the old is rubbed out.
    apply(&mut app, [parole_message(parole::Message::Text(ParoleText::ReportDue, report_due))]);
    assert!(shows(&app, &hearing), "the hearing date typed earlier is kept");
    click(&mut app, "Open parole review");
    let reviews = app.session().unwrap().prisoner().unwrap().parole().unwrap().reviews().to_vec();
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0].details.target_hearing_date, Some(today + chrono::Duration::days(60)));
    assert!(shows_containing(&app, "report due"));

    click(&mut app, "Back to caseload");
    click(&mut app, "Due");
    let due = app.session().unwrap().due().unwrap();
    let report = due.items().iter().find(|item| item.kind == DeadlineKind::ParoleReport).expect("on the Due board");
    assert_eq!(report.due, today + chrono::Duration::days(10));
    assert!(report.reason.contains("Parole eligibility (PED), hearing"), "{}", report.reason);
    assert!(shows(&app, "Parole custody report (1)"));
    click(&mut app, "Parole custody report (1)");
    assert_eq!(app.session().unwrap().due().unwrap().shown().len(), 1);
    assert!(shows(&app, "due in 10 days"));

    // The list as shown, on paper: one deadline, recorded as printed.
    click(&mut app, "Print this list");
    assert!(shows_containing(&app, "Saved 1 page to"), "the saved banner");
    let entries = app.session().unwrap().db().audit_entries(&Default::default()).unwrap();
    assert!(entries.iter().any(|entry| format!("{entry:?}").contains("list of 1 deadline printed")));
    click(&mut app, "Dismiss");

    // The same deadlines out to a calendar: saved, and recorded as a disclosure.
    click(&mut app, "Export to calendar…");
    assert!(shows_containing(&app, "and 0 boards to"), "the saved banner says what went where");
    let entries = app.session().unwrap().db().audit_entries(&Default::default()).unwrap();
    assert!(entries.iter().any(|entry| entry.action == "disclose" && format!("{entry:?}").contains("calendar of")));
    click(&mut app, "Dismiss");

    // And from the board diary.
    click(&mut app, "Boards");
    click(&mut app, "Export to calendar…");
    assert!(shows_containing(&app, "and 0 boards to"));
    drop(dir);
}

#[test]
fn my_day_lists_what_is_due_now_and_opens_the_record() {
    let (dir, mut app) = demo_app();
    click(&mut app, "My day");
    let today = common::today();
    assert!(shows(&app, &format!("My day: {}", today.format("%A %d %B %Y"))));
    let screen = app.session().unwrap().my_day().unwrap();
    let due = screen.due_now().to_vec();
    assert!(!due.is_empty(), "the demo caseload has something due");
    assert!(due.iter().all(|item| item.due <= today), "only today's and overdue deadlines");
    assert!(screen.past_release().iter().all(|item| item.kind == DeadlineKind::PreRelease && item.due < today));
    // One click from the record.
    let first = &due[0];
    click(
        &mut app,
        &format!("{}: {} ({})", omu_core::domain::risk::Coded::label(first.kind), first.name, first.prison_number),
    );
    let record = app.session().unwrap().prisoner().expect("the record is open");
    assert_eq!(record.id(), Some(first.prisoner_id));
    drop(dir);
}

#[test]
fn a_supervisor_opens_on_my_day_and_the_gate_on_the_keys() {
    use omu_core::domain::users::{Role, User};
    let (dir, mut db) = common::temp_db();
    omu_core::demo::populate(&mut db, common::today(), common::USER).unwrap();
    let path = db.path().to_path_buf();
    drop(db);
    let app = omu_desk::ui::App::open_as(
        &path,
        &common::key(&path),
        User { name: common::USER.into(), role: Role::Administrator },
    );
    assert!(app.session().unwrap().my_day().is_some(), "the demo's supervisor starts the day on My day");
    drop(app);
    let (_gate_dir, gate) = gate_app();
    assert!(gate.session().unwrap().my_day().is_none());
    drop(dir);
}

fn categorisation_message(message: categorisation::Message) -> omu_desk::ui::Message {
    omu_desk::ui::Message::Prisoner(Record::Categorisation(message))
}

#[test]
fn a_categorisation_decision_recorded_on_the_record_sets_the_category_and_the_due_review() {
    let (dir, mut app, _) = planning_app();
    let today = common::today();
    click(&mut app, "Yılmaz, Ayşe");
    assert!(shows(&app, "No categorisation decision recorded. Record the initial categorisation, then each review."));
    // iced_test cannot open a drop-down's menu: the choice is sent as its message.
    apply(
        &mut app,
        [categorisation_message(categorisation::Message::Category(Choice::some("D".into(), "Category D (open)")))],
    );
    let next_review = format_date(today + chrono::Duration::days(7));
    type_into_labelled(&mut app, "Next review due", &next_review);
    click(&mut app, "Record decision");
    assert!(shows(&app, "say why: the reason is what a later review reads first"));
    let screen = app.session().unwrap().prisoner().unwrap();
    assert!(screen.categorisation().unwrap().decisions().is_empty(), "nothing recorded");

    // What was typed stays; the reason is added and the decision recorded.
    assert!(shows(&app, &next_review), "the next review typed earlier is kept");
    type_into_labelled(&mut app, "Reason", "Twelve months without adjudications");
    click(&mut app, "Record decision");
    let screen = app.session().unwrap().prisoner().unwrap();
    assert_eq!(screen.categorisation().unwrap().decisions().len(), 1);
    assert!(shows(&app, &format!("Last decision: Category D (open), {}", format_date(today))));
    assert!(shows(&app, &format!("next review due {next_review}")));
    // The record's own category and due date follow, as the form shows them.
    assert_eq!(screen.form().security_category.as_deref(), Some("D"));
    assert_eq!(screen.form().recategorisation_due_date, next_review);
    let stored = app.session().unwrap().db().prisoner(screen.id().unwrap()).unwrap();
    assert_eq!(stored.details.security_category.as_deref(), Some("D"));

    // The next review is a week off: amber on the Due board.
    click(&mut app, "Back to caseload");
    click(&mut app, "Due");
    let due = app.session().unwrap().due().unwrap();
    let review = due
        .items()
        .iter()
        .find(|item| item.kind == DeadlineKind::Recategorisation && item.name.contains("Yılmaz"))
        .expect("on the Due board");
    assert_eq!(review.due, today + chrono::Duration::days(7));
    assert!(review.reason.contains("D"), "{}", review.reason);
    drop(dir);
}

#[test]
fn an_administrator_sets_when_each_kind_of_deadline_turns_amber() {
    use omu_desk::ui::screen::settings::Message as Settings;
    let (dir, mut app) = demo_app();
    click(&mut app, "Settings");
    assert!(shows(&app, "When deadlines turn amber"));
    // Typed on the end of the 28 already there: 2800 days is past the limit.
    type_into_labelled(&mut app, "Parole custody report", "00");
    click(&mut app, "Save warning days");
    assert!(shows(&app, "a whole number of days from 0 to 365 (found '2800')"));
    assert_eq!(
        app.session().unwrap().db().deadline_warnings().unwrap().amber_days(DeadlineKind::ParoleReport),
        28,
        "nothing saved"
    );
    // Leaving now would lose the edit: the app asks.
    click(&mut app, "Due");
    assert!(shows(&app, "You have not saved the warning days."));
    click(&mut app, "Stay on this page");
    apply(&mut app, [omu_desk::ui::Message::Settings(Settings::AmberDays(DeadlineKind::ParoleReport, "42".into()))]);
    click(&mut app, "Save warning days");
    assert!(shows(&app, "Warning days saved: Due, My day and the printed list use them from now on."));
    let db = app.session().unwrap().db();
    assert_eq!(db.deadline_warnings().unwrap().amber_days(DeadlineKind::ParoleReport), 42);
    let entries = db.audit_entries(&Default::default()).unwrap();
    assert!(entries.iter().any(|entry| entry.table_name == "deadline_warning"), "the change is in the audit trail");

    // The Due board reads the new days.
    click(&mut app, "Due");
    click(&mut app, "Whole unit");
    let due = app.session().unwrap().due().unwrap();
    let report = due.items().iter().find(|item| item.kind == DeadlineKind::ParoleReport).expect("a parole report due");
    assert_eq!(report.amber_days, 42);
    drop(dir);
}
