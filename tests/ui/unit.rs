//! How the unit is doing: from a number on the Unit page to the prisoners behind it,
//! and on to one of their records.

use crate::harness::*;
use omu_core::domain::unit::Measure;

#[test]
fn a_number_on_the_unit_page_lists_its_prisoners_and_each_opens_their_record() {
    let (dir, mut app) = demo_app();
    click(&mut app, "Unit");
    assert!(shows(&app, "How the unit is doing"));
    let report = app.session().unwrap().unit().unwrap().report().expect("the figures").clone();
    let now = report.months(Measure::CurrentPlan).last().unwrap().clone();
    assert!(now.total() > 0, "the demo caseload has in-scope prisoners");
    click(&mut app, now.describe().as_str());
    // The list is exactly the prisoners counted, met and not.
    assert!(shows(&app, &format!("Not met ({})", now.missed.len())));
    assert!(shows(&app, &format!("Met ({} prisoners)", now.met.len())));
    for id in now.met.iter().chain(&now.missed) {
        assert!(shows(&app, report.name(*id)), "{} is listed", report.name(*id));
    }
    let first = now.missed.first().or(now.met.first()).copied().unwrap();
    click(&mut app, report.name(first));
    assert_eq!(app.session().unwrap().prisoner().and_then(|screen| screen.id()), Some(first), "the record opens");

    // A month's bar lists that month instead; the whole unit adds the gate's figures.
    click(&mut app, "Unit");
    apply(&mut app, [Message::Unit(omu_desk::ui::screen::unit::Message::Select(Measure::MonthlyContact, 10))]);
    let seen = report.months(Measure::MonthlyContact)[10].clone();
    assert!(shows_containing(&app, &format!("{}: {}", seen.month.format("%B %Y"), seen.describe())));
    click(&mut app, "Whole unit");
    assert!(shows(&app, "Key incidents"));
    // The induction measure breaks a month's receptions down by item.
    let unit = app.session().unwrap().unit().unwrap().report().expect("the figures").clone();
    let month = unit.induction_items.iter().rposition(|items| !items.is_empty()).expect("demo receptions");
    apply(&mut app, [Message::Unit(omu_desk::ui::screen::unit::Message::Select(Measure::InductionInAWeek, month))]);
    let received = unit.months(Measure::InductionInAWeek)[month].month.format("%B %Y");
    assert!(shows(&app, &format!("Each item for {received}'s receptions")));
    assert!(shows(&app, &unit.induction_items[month][0].title));
    click(&mut app, "Print the unit report");
    assert!(shows_containing(&app, "Saved"), "the report is saved and recorded");
    click(&mut app, "Export the figures…");
    let saved = std::fs::read_dir(saved_folder(app.session().unwrap().db().path())).unwrap();
    assert!(
        saved.filter_map(Result::ok).any(|file| file
            .file_name()
            .to_string_lossy()
            .to_lowercase()
            .contains("unit figures")),
        "the figures are saved as a workbook"
    );
    drop(dir);
}
