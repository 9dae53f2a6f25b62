//! Every form keeps what is typed after a failed save: the person reads the reason,
//! clicks back into the field, rubs it out and types it again key by key while the
//! message shows, and the whole value arrives. Run in the [`Live`] window, where the
//! view is rebuilt after every key, as it is in the real one; the objective and bunch
//! forms have theirs beside their other tests.

use crate::harness::*;
use crate::live::Live;
use omu_desk::ui::screen::prisoner::TextField;
use omu_desk::ui::widget::field_id;

fn window() -> Live {
    Live::new(1280.0, 2400.0)
}

#[test]
fn the_prisoner_form_takes_a_retyped_date_of_birth_whole() {
    let (dir, mut app) = demo_app();
    let mut window = window();
    window.click(&mut app, "New prisoner  (Ctrl+N)");
    for (field, value) in [
        (TextField::PrisonNumber, "A7777ZZ"),
        (TextField::Surname, "Kowalski"),
        (TextField::Forenames, "Jan"),
        (TextField::DateOfBirth, "31/02/1990"),
        (TextField::SentenceYears, "3"),
        (TextField::SentenceDate, "01/10/2025"),
    ] {
        window.click(&mut app, selector::id(field.id()));
        window.type_text(&mut app, value);
    }
    window.click(&mut app, "Save  (Ctrl+S)");
    assert!(shows_containing(&app, "31/02/1990"), "the reason names the date");
    window.retype(&mut app, selector::id(TextField::DateOfBirth.id()), "31/02/1990", "28/02/1990");
    assert_eq!(app.session().unwrap().prisoner().unwrap().form().date_of_birth, "28/02/1990");
    window.click(&mut app, "Save  (Ctrl+S)");
    assert!(shows(&app, "Saved Kowalski, Jan."));
    drop(dir);
}

#[test]
fn the_tally_holder_form_takes_a_retyped_tally_whole() {
    let (dir, mut app) = demo_app();
    let mut window = window();
    window.click(&mut app, "Keys");
    window.click(&mut app, "Tally holders");
    window.click(&mut app, "Add a tally holder");
    window.click(&mut app, selector::id(field_id("Name")));
    window.type_text(&mut app, "Jo Whitfield");
    window.replace(&mut app, selector::id(field_id("Tally number")), "9x1");
    window.click(&mut app, "Save holder");
    assert!(shows_containing(&app, "Not saved"), "the save is refused with a reason");
    window.retype(&mut app, selector::id(field_id("Tally number")), "9x1", "971");
    window.click(&mut app, "Save holder");
    let holders = app.session().unwrap().db().tally_holders().unwrap();
    assert!(holders.iter().any(|holder| holder.tally == 971 && holder.name == "Jo Whitfield"), "every key arrived");
    drop(dir);
}

#[test]
fn the_contact_log_takes_a_retyped_date_whole() {
    let (dir, mut app) = demo_app();
    let mut window = window();
    let prisoner = app.session().unwrap().caseload().entries()[0].prisoner.clone();
    let name = prisoner.details.display_name();
    window.click(&mut app, name.as_str());
    let before = app.session().unwrap().db().contacts(prisoner.id).unwrap().len();
    window.replace(&mut app, selector::id(field_id("Date")), "32/11/2026");
    window.click(&mut app, "Add contact");
    assert!(shows_containing(&app, "32/11/2026"), "the reason names the date");
    let yesterday = today() - chrono::Duration::days(1);
    let typed = omu_core::domain::dates::format_date(yesterday);
    window.retype(&mut app, selector::id(field_id("Date")), "32/11/2026", &typed);
    window.click(&mut app, "Add contact");
    let contacts = app.session().unwrap().db().contacts(prisoner.id).unwrap();
    assert_eq!(contacts.len(), before + 1, "the contact was added");
    assert!(contacts.iter().any(|contact| contact.details.contact_date == yesterday), "every key arrived");
    drop(dir);
}

#[test]
fn the_settings_take_a_retyped_cut_off_whole() {
    let (dir, mut app) = demo_app();
    let mut window = window();
    window.click(&mut app, "Settings");
    let cut_off = field_id("Keys due back by (24-hour, e.g. 17:00)");
    let offered = app.session().unwrap().db().settings().unwrap().key_cut_off.format("%H:%M").to_string();
    window.retype(&mut app, selector::id(cut_off.clone()), &offered, "5pm");
    window.click(&mut app, "Save settings");
    assert!(shows_containing(&app, "5pm"), "the reason names what was typed");
    window.retype(&mut app, selector::id(cut_off), "5pm", "17:45");
    window.click(&mut app, "Save settings");
    let saved = app.session().unwrap().db().settings().unwrap().key_cut_off;
    assert_eq!(saved, chrono::NaiveTime::from_hms_opt(17, 45, 0).unwrap(), "every key arrived");
    drop(dir);
}

#[test]
fn an_induction_item_takes_a_retyped_time_whole() {
    let (dir, mut app) = new_reception_app();
    let mut window = window();
    window.click(&mut app, "Wiśniewski, Tomasz");
    window.click(&mut app, "Induction (9 overdue)");
    window.click(&mut app, "Health screen");
    let an_hour_ago = omu_core::domain::dates::utc_to_london(chrono::Utc::now() - chrono::Duration::hours(1));
    window.replace(&mut app, selector::id(field_id("Date (DD/MM/YYYY)")), &an_hour_ago.format("%d/%m/%Y").to_string());
    window.replace(&mut app, selector::id(field_id("Time (HH:MM)")), "25:70");
    window.click(&mut app, "Mark done");
    assert!(shows(&app, "Induction (9 overdue)"), "not done with a time that does not exist");
    window.retype(&mut app, selector::id(field_id("Time (HH:MM)")), "25:70", &an_hour_ago.format("%H:%M").to_string());
    window.click(&mut app, "Mark done");
    assert!(shows(&app, "Health screen: done."), "every key arrived");
    assert!(shows(&app, "Induction (8 overdue)"));
    drop(dir);
}

#[test]
fn a_planning_meeting_takes_a_retyped_date_whole() {
    let (dir, mut app, _) = planning_app();
    let mut window = window();
    window.click(&mut app, "Yılmaz, Ayşe");
    window.click(&mut app, "Sentence plan");
    window.click(&mut app, "Start the initial plan");
    window.click(&mut app, "Plan or record a meeting");
    window.replace(&mut app, selector::id(field_id("Date")), "31/06/2027");
    window.click(&mut app, "Save meeting");
    assert!(shows_containing(&app, "31/06/2027"), "the reason names the date");
    let in_a_fortnight = omu_core::domain::dates::format_date(today() + chrono::Duration::days(14));
    window.retype(&mut app, selector::id(field_id("Date")), "31/06/2027", &in_a_fortnight);
    window.click(&mut app, "Save meeting");
    let prisoner = app.session().unwrap().prisoner().unwrap().id().unwrap();
    let meetings = app.session().unwrap().db().meetings(prisoner).unwrap();
    assert_eq!(meetings.len(), 1, "the meeting was saved");
    assert_eq!(meetings[0].date, today() + chrono::Duration::days(14), "every key arrived");
    drop(dir);
}

#[test]
fn a_key_incident_takes_a_retyped_hook_whole() {
    use omu_core::domain::keys::{IncidentKind, ReportedTo};
    use omu_desk::ui::screen::keys::{Message as Keys, incidents};
    let (dir, mut app) = demo_app();
    let mut window = window();
    window.click(&mut app, "Keys");
    window.click(&mut app, "Incidents");
    let before = app.session().unwrap().db().incidents().unwrap().len();
    window.click(&mut app, "Report an incident");
    apply(
        &mut app,
        [
            Message::Keys(Keys::Incidents(incidents::Message::Kind(IncidentKind::Damaged))),
            Message::Keys(Keys::Incidents(incidents::Message::ReportedTo(ReportedTo::SecurityManager))),
        ],
    );
    window.replace(&mut app, selector::id(field_id("Hook")), "2x");
    window.replace(&mut app, selector::id(field_id("Written explanation")), "Bent in the lock");
    window.click(&mut app, "Record incident");
    assert!(shows_containing(&app, "Not"), "refused with a reason");
    window.retype(&mut app, selector::id(field_id("Hook")), "2x", "21");
    window.click(&mut app, "Record incident");
    let db = app.session().unwrap().db();
    let incidents = db.incidents().unwrap();
    assert_eq!(incidents.len(), before + 1, "the incident was recorded");
    let hook_21 = db.bunches().unwrap().into_iter().find(|bunch| bunch.hook == 21).unwrap().id;
    assert!(
        incidents.iter().any(|incident| incident.bunch_id == hook_21 && incident.explanation == "Bent in the lock")
    );
    drop(dir);
}

#[test]
fn a_visitor_takes_the_missing_escort_whole() {
    let (dir, mut app) = demo_app();
    let mut window = window();
    window.click(&mut app, "Keys");
    window.click(&mut app, "Visitors");
    window.replace(&mut app, selector::id(field_id("Name")), "Dr Amara Osei");
    window.click(&mut app, "Sign in");
    assert!(shows_containing(&app, "say who escorts the visitor"), "refused with the reason");
    window.replace(&mut app, selector::id(field_id("Escorted by")), "Officer Bates");
    window.click(&mut app, "Sign in");
    let since = chrono::Utc::now() - chrono::Duration::hours(1);
    let visitors = app.session().unwrap().db().visitors(since).unwrap();
    assert!(
        visitors.iter().any(|visitor| visitor.name == "Dr Amara Osei" && visitor.escorted_by == "Officer Bates"),
        "every key arrived"
    );
    drop(dir);
}

#[test]
fn a_new_user_takes_a_retyped_passphrase_whole() {
    use omu_desk::ui::screen::users;
    let (dir, mut app) = demo_app();
    let mut window = window();
    window.click(&mut app, "Users");
    window.replace(&mut app, selector::id(users::NEW_NAME_ID), "Sam Okafor");
    window.replace(&mut app, selector::id(users::NEW_PASSPHRASE_ID), "short");
    window.replace(&mut app, selector::id(users::NEW_REPEAT_ID), "short");
    window.click(&mut app, "Add");
    assert!(shows_containing(&app, "Not added"), "a short passphrase is refused with the reason");
    window.retype(&mut app, selector::id(users::NEW_PASSPHRASE_ID), "short", "river copper lantern");
    window.retype(&mut app, selector::id(users::NEW_REPEAT_ID), "short", "river copper lantern");
    window.click(&mut app, "Add");
    assert!(
        app.session().unwrap().db().users().unwrap().iter().any(|user| user.name == "Sam Okafor"),
        "the person was added with the passphrase as retyped"
    );
    drop(dir);
}

#[test]
fn the_interventions_catalogue_takes_the_missing_name_whole() {
    use omu_core::domain::plan::{InterventionKind, Pathway};
    use omu_core::domain::risk::Coded;
    use omu_desk::ui::screen::interventions::Message as Interventions;
    let (dir, mut app) = demo_app();
    let mut window = window();
    window.click(&mut app, "Interventions");
    apply(
        &mut app,
        [
            Message::Interventions(Interventions::Kind(InterventionKind::ALL[0])),
            Message::Interventions(Interventions::Pathway(Pathway::Accommodation)),
        ],
    );
    window.click(&mut app, "Add");
    assert!(shows_containing(&app, "Not added"), "refused with the reason");
    window.replace(&mut app, selector::id(field_id("Name")), "Tenancy ready course");
    window.click(&mut app, "Add");
    assert!(
        app.session()
            .unwrap()
            .interventions()
            .unwrap()
            .report()
            .iter()
            .any(|line| line.intervention.name == "Tenancy ready course"),
        "every key arrived"
    );
    drop(dir);
}

#[test]
fn the_induction_procedure_takes_a_retyped_title_whole() {
    use omu_desk::ui::screen::procedure::Message as Procedure;
    let (dir, mut app) = demo_app();
    let mut window = window();
    window.click(&mut app, "Induction");
    window.click(&mut app, "Edit the induction procedure");
    apply(&mut app, [Message::Procedure(Procedure::StartEditing)]);
    // The first item's title is rubbed out, and the save refused with the reason.
    window.replace(&mut app, selector::id(field_id("Title")), "");
    window.click(&mut app, "Save draft");
    assert!(shows_containing(&app, "Item 1: Title"), "refused with the reason");
    window.replace(&mut app, selector::id(field_id("Title")), "Cell and phone call on the first night");
    window.click(&mut app, "Save draft");
    let draft = app.session().unwrap().db().draft_template().unwrap().expect("a draft");
    assert_eq!(draft.items[0].title, "Cell and phone call on the first night", "every key arrived");
    drop(dir);
}

/// The Sentence plan tab of the planning file's prisoner, and their id.
fn plan_tab(window: &mut Live) -> (tempfile::TempDir, App, i64) {
    let (dir, mut app, _) = planning_app();
    window.click(&mut app, "Yılmaz, Ayşe");
    window.click(&mut app, "Sentence plan");
    let prisoner = app.session().unwrap().prisoner().unwrap().id().unwrap();
    (dir, app, prisoner)
}

fn yesterday_typed() -> (chrono::NaiveDate, String) {
    let yesterday = today() - chrono::Duration::days(1);
    (yesterday, omu_core::domain::dates::format_date(yesterday))
}

#[test]
fn an_oasys_review_takes_a_retyped_date_whole() {
    let mut window = window();
    let (dir, mut app, prisoner) = plan_tab(&mut window);
    let field = || selector::id(field_id("OASys/RoH review done on"));
    window.replace(&mut app, field(), "31/09/2026");
    window.click(&mut app, "Record review");
    assert!(shows_containing(&app, "31/09/2026"), "the reason names the date");
    let (yesterday, typed) = yesterday_typed();
    window.retype(&mut app, field(), "31/09/2026", &typed);
    window.click(&mut app, "Record review");
    let record = app.session().unwrap().db().prisoner(prisoner).unwrap();
    assert_eq!(record.details.last_oasys_review_date, Some(yesterday), "every key arrived");
    drop(dir);
}

#[test]
fn a_significant_change_takes_a_retyped_date_whole() {
    let mut window = window();
    let (dir, mut app, prisoner) = plan_tab(&mut window);
    let field = || selector::id(field_id("Significant change on"));
    window.replace(&mut app, field(), "32/01/2026");
    window.replace(
        &mut app,
        selector::id(field_id("What changed (e.g. new charge, incident, family bereavement)")),
        "New charge",
    );
    window.click(&mut app, "Record change");
    assert!(shows_containing(&app, "32/01/2026"), "the reason names the date");
    let (yesterday, typed) = yesterday_typed();
    window.retype(&mut app, field(), "32/01/2026", &typed);
    window.click(&mut app, "Record change");
    let changes = app.session().unwrap().db().significant_changes(prisoner).unwrap();
    assert!(changes.contains(&(yesterday, "New charge".to_string())), "every key arrived: {changes:?}");
    drop(dir);
}

#[test]
fn a_key_worker_takes_the_missing_role_whole() {
    let mut window = window();
    let (dir, mut app, prisoner) = plan_tab(&mut window);
    let before = app.session().unwrap().db().keyworkers(prisoner).unwrap().len();
    window.replace(&mut app, selector::id(field_id("Name")), "Sam Adeyemi");
    window.click(&mut app, "Add key worker");
    assert_eq!(app.session().unwrap().db().keyworkers(prisoner).unwrap().len(), before, "not added without a role");
    window.replace(&mut app, selector::id(field_id("Role (e.g. Education, CARATS, Chaplaincy)")), "Education");
    window.click(&mut app, "Add key worker");
    let keyworkers = app.session().unwrap().db().keyworkers(prisoner).unwrap();
    assert!(
        keyworkers.iter().any(|worker| worker.name == "Sam Adeyemi" && worker.role == "Education"),
        "every key arrived"
    );
    drop(dir);
}

#[test]
fn a_run_of_hooks_takes_a_retyped_last_hook_whole() {
    let (dir, mut app) = demo_app();
    let mut window = window();
    window.click(&mut app, "Keys");
    window.click(&mut app, "Bunches");
    window.click(&mut app, "Set up a run of hooks…");
    let before = app.session().unwrap().db().bunches().unwrap().len();
    let last = || selector::id(field_id("To hook"));
    window.replace(&mut app, last(), "13x");
    assert!(shows_containing(&app, "a whole number from 1 to 9999"), "the preview says why at once");
    window.retype(&mut app, last(), "13x", "130");
    window.click(&mut app, "Add 10 bunches");
    assert_eq!(app.session().unwrap().db().bunches().unwrap().len(), before + 10, "every key arrived");
    drop(dir);
}

#[test]
fn a_parole_review_takes_a_retyped_report_date_whole() {
    use omu_core::domain::parole::ParoleReviewType;
    use omu_desk::ui::screen::prisoner::{Message as Record, parole};
    let (dir, mut app, _) = planning_app();
    let mut window = window();
    window.click(&mut app, "Yılmaz, Ayşe");
    // iced_test cannot open a drop-down's menu: the choice is sent as its message.
    apply(
        &mut app,
        [omu_desk::ui::Message::Prisoner(Record::Parole(parole::Message::Type(ParoleReviewType::ParoleEligibility)))],
    );
    let hearing = omu_core::domain::dates::format_date(today() + chrono::Duration::days(60));
    let too_late = omu_core::domain::dates::format_date(today() + chrono::Duration::days(61));
    window.replace(&mut app, selector::id(field_id("Target hearing date")), &hearing);
    window.replace(&mut app, selector::id(field_id("Custody report due")), &too_late);
    window.click(&mut app, "Open parole review");
    assert!(shows_containing(&app, "must be on or before the hearing"), "the reason shows");
    let in_ten_days = omu_core::domain::dates::format_date(today() + chrono::Duration::days(10));
    window.retype(&mut app, selector::id(field_id("Custody report due")), &too_late, &in_ten_days);
    window.click(&mut app, "Open parole review");
    let reviews = app.session().unwrap().prisoner().unwrap().parole().unwrap().reviews().to_vec();
    assert_eq!(reviews.len(), 1, "the review was opened");
    assert_eq!(reviews[0].details.report_due_date, Some(today() + chrono::Duration::days(10)), "every key arrived");
    drop(dir);
}

#[test]
fn a_categorisation_decision_takes_a_retyped_review_date_whole() {
    use omu_desk::ui::screen::Choice;
    use omu_desk::ui::screen::prisoner::{Message as Record, categorisation};
    let (dir, mut app, _) = planning_app();
    let mut window = window();
    window.click(&mut app, "Yılmaz, Ayşe");
    apply(
        &mut app,
        [omu_desk::ui::Message::Prisoner(Record::Categorisation(categorisation::Message::Category(Choice::some(
            "D".into(),
            "Category D (open)",
        ))))],
    );
    window.click(&mut app, selector::id(field_id("Reason")));
    window.type_text(&mut app, "Twelve months without adjudications");
    window.replace(&mut app, selector::id(field_id("Next review due")), "30/02/2027");
    window.click(&mut app, "Record decision");
    assert!(shows_containing(&app, "30/02/2027"), "the reason names the date");
    window.retype(&mut app, selector::id(field_id("Next review due")), "30/02/2027", "28/02/2027");
    window.click(&mut app, "Record decision");
    let screen = app.session().unwrap().prisoner().unwrap();
    let decisions = screen.categorisation().unwrap().decisions();
    assert_eq!(decisions.len(), 1, "the decision was recorded");
    assert_eq!(decisions[0].details.reason, "Twelve months without adjudications");
    assert_eq!(decisions[0].details.next_review_due, chrono::NaiveDate::from_ymd_opt(2027, 2, 28));
    drop(dir);
}

#[test]
fn the_warning_days_take_a_retyped_number_whole() {
    use omu_core::domain::deadlines::DeadlineKind;
    use omu_core::domain::risk::Coded;
    let (dir, mut app) = demo_app();
    let mut window = window();
    window.click(&mut app, "Settings");
    let parole = field_id(DeadlineKind::ParoleReport.label());
    window.replace(&mut app, selector::id(parole.clone()), "4x");
    window.click(&mut app, "Save warning days");
    assert!(shows_containing(&app, "'4x'"), "the reason names what was typed");
    window.retype(&mut app, selector::id(parole), "4x", "42");
    window.click(&mut app, "Save warning days");
    let warnings = app.session().unwrap().db().deadline_warnings().unwrap();
    assert_eq!(warnings.amber_days(DeadlineKind::ParoleReport), 42, "every key arrived");
    drop(dir);
}
