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
