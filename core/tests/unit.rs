//! The unit's measures read from a real case file: the storage query, the figures
//! for each month with the prisoners behind them, and the printed report holding
//! the same numbers.

mod common;

use chrono::{Duration, Utc};
use common::{form, temp_db, today};
use omu_core::domain::contact::{ContactDetails, ContactType};
use omu_core::domain::dates::{add_months, format_date, london_to_utc};
use omu_core::domain::plan::{Agreement, Objective, ObjectiveStatus, Pathway, PlanKind, ResponsibleRole};
use omu_core::domain::risk::{Coded, Rosh};
use omu_core::domain::unit::{Measure, UnitReport, last_twelve_months, month_end};
use omu_core::print;
use omu_core::storage::SupervisorFilter;

#[test]
fn the_figures_come_from_the_dated_records_and_the_report_prints_them() {
    let (_dir, mut db) = temp_db();
    let received = format_date(today() - Duration::days(730));
    let record = |number: &str, surname: &str| {
        omu_core::domain::prisoner::PrisonerForm { reception_date: received.clone(), ..form(number, "Sam", surname) }
            .validate(today())
            .unwrap()
    };
    let with_plan = db.insert_prisoner(&record("A1111AA", "Planned")).unwrap();
    let without = db.insert_prisoner(&record("B2222BB", "Waiting")).unwrap();
    let months = last_twelve_months(today());
    // Agreed on the last day of the month ten months ago, reviewed a year later.
    let agreed = month_end(months[1]);
    let plan = db.start_plan_version(with_plan, PlanKind::Initial, agreed - Duration::days(3)).unwrap();
    db.save_objective(
        plan,
        &Objective {
            id: None,
            text: "Find an address for release".into(),
            pathway: Pathway::ALL[0],
            need: "No fixed abode".into(),
            intervention_id: None,
            intervention_state: None,
            responsible_role: ResponsibleRole::Psychology,
            responsible_name: String::new(),
            target_date: Some(agreed + Duration::days(200)),
            status: ObjectiveStatus::NotStarted,
            status_changed_on: agreed - Duration::days(3),
            progress_notes: String::new(),
            agreement: Some(Agreement::Agreed),
            agreement_words: String::new(),
        },
    )
    .unwrap();
    db.close_plan_version(plan, add_months(agreed, 12), agreed).unwrap();
    // Seen in the month before last.
    db.add_contact(
        with_plan,
        &ContactDetails {
            contact_date: months[9] + Duration::days(2),
            contact_type: ContactType::FaceToFace,
            staff_name: "Rachel Okoro".into(),
            notes: String::new(),
        },
    )
    .unwrap();

    // Two OASys reviews: the record now holds the later; the audit trail the earlier.
    db.record_oasys_review(with_plan, months[2] + Duration::days(5), None, None).unwrap();
    db.record_oasys_review(with_plan, months[8] + Duration::days(5), None, None).unwrap();

    let since = london_to_utc(months[0], chrono::NaiveTime::MIN);
    let facts = db.unit_facts(SupervisorFilter::All, since).unwrap();
    let report = UnitReport::new(&facts, "the whole unit".into(), today(), true);
    let plans = report.months(Measure::CurrentPlan);
    assert_eq!((plans[0].met.len(), plans[0].missed.clone()), (0, vec![with_plan, without]), "before the plan");
    assert_eq!(
        (plans[1].met.clone(), plans[1].missed.clone()),
        (vec![with_plan], vec![without]),
        "agreed on the last day"
    );
    assert_eq!(plans[11].describe(), "1 of 2 (50%)");
    let seen = report.months(Measure::MonthlyContact);
    assert_eq!((seen[9].met.clone(), seen[9].missed.clone()), (vec![with_plan], vec![without]));
    assert_eq!(report.name(without), "Waiting, Sam (B2222BB)", "the drill-down names the record");
    let oasys = report.months(Measure::OasysInDate);
    assert_eq!(oasys[3].met, vec![with_plan], "the earlier review, read from the audit trail, was in date then");
    assert_eq!(oasys[7].met, Vec::<i64>::new(), "four months on it had run out");
    assert_eq!(oasys[9].met, vec![with_plan], "the review the record holds now");

    let printable = print::unit_report(&db, None, today(), Utc::now()).unwrap();
    let bytes = omu_core::pdf::render(&printable.document).unwrap().bytes;
    let document = lopdf::Document::load_mem(&bytes).unwrap();
    let pages: Vec<u32> = document.get_pages().keys().copied().collect();
    let text = document.extract_text(&pages).unwrap();
    for expected in
        ["How the unit is doing", "In-scope prisoners with a current sentence plan", "1 of 2 (50%)", "Waiting, Sam"]
    {
        assert!(text.contains(expected), "the report holds '{expected}':\n{text}");
    }
}

#[test]
fn roh_changes_and_induction_items_are_read_from_the_file() {
    let (_dir, mut db) = temp_db();
    let received = format_date(today());
    let mut details = omu_core::domain::prisoner::PrisonerForm {
        reception_date: received,
        rosh: Some(omu_core::domain::risk::Rosh::Medium),
        ..form("C3333CC", "Alex", "Raised")
    }
    .validate(today())
    .unwrap();
    let raised = db.insert_prisoner(&details).unwrap();
    details.rosh = Some(omu_core::domain::risk::Rosh::High);
    db.update_prisoner(raised, &details).unwrap();
    // An unrelated edit is not a change of RoH. (Receiving them started the checklist.)
    details.wing = "B".into();
    db.update_prisoner(raised, &details).unwrap();

    let since = london_to_utc(last_twelve_months(today())[0], chrono::NaiveTime::MIN);
    let facts = db.unit_facts(SupervisorFilter::All, since).unwrap();
    let changes = &facts.prisoners[0].rosh_changes;
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!((changes[0].before, changes[0].after), (Some(Rosh::Medium), Some(Rosh::High)));
    let template = db.current_template().unwrap();
    let record = &facts.inductions[0];
    assert_eq!(record.prisoner_id, raised);
    let titles: Vec<&str> = record.items.iter().map(|item| item.title.as_str()).collect();
    let published: Vec<&str> =
        template.items.iter().filter(|item| !item.retired).map(|item| item.title.as_str()).collect();
    assert_eq!(titles, published, "every item of the checklist, in the template's order");
    assert!(record.items.iter().all(|item| item.due_at >= record.received_at));

    // The printed report breaks the month's receptions down by item.
    let printable = print::unit_report(&db, None, today(), Utc::now()).unwrap();
    let bytes = omu_core::pdf::render(&printable.document).unwrap().bytes;
    let document = lopdf::Document::load_mem(&bytes).unwrap();
    let pages: Vec<u32> = document.get_pages().keys().copied().collect();
    let text = document.extract_text(&pages).unwrap();
    let report = UnitReport::new(&facts, "the whole unit".into(), today(), true);
    let due_items = report.induction_items.last().unwrap();
    let month = omu_core::domain::unit::month_of(today()).format("%B").to_string();
    assert!(!due_items.is_empty(), "items due on the day of arrival have fallen due by its end");
    assert!(text.contains(&format!("Each item for {month}")), "{text}");
    assert!(text.contains(&due_items[0].title), "{text}");
}
