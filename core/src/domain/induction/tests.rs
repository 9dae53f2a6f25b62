//! The induction rules at their edges.

use super::*;
use proptest::prelude::*;

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
}

fn item(question: Question, mandatory: bool) -> ChecklistItem {
    ChecklistItem {
        id: 1,
        template_item: TemplateItem {
            id: Some(1),
            title: "Test".into(),
            guidance: String::new(),
            role: String::new(),
            mandatory,
            due: DueRule::WithinHours(24),
            question,
            retired: false,
        },
        due_at: utc("2026-11-02T09:00:00Z"),
        status: ItemStatus::Open,
        done_by: None,
        done_at: None,
        exemption_reason: None,
        reason_notes: String::new(),
        outcome_notes: String::new(),
        answer: None,
    }
}

#[test]
fn within_24_hours_across_the_spring_clock_change() {
    // 23:30 GMT on Saturday 28 March 2026, the last Saturday of March.
    let received = reception_instant(NaiveDate::from_ymd_opt(2026, 3, 28).unwrap(), NaiveTime::from_hms_opt(23, 30, 0));
    assert_eq!(received, utc("2026-03-28T23:30:00Z"));
    let due = DueRule::WithinHours(24).due_at(received);
    // 24 elapsed hours later; the clocks went forward, so 00:30 BST on Monday.
    assert_eq!(due, utc("2026-03-29T23:30:00Z"));
    assert_eq!(utc_to_london(due).format("%d/%m/%Y %H:%M").to_string(), "30/03/2026 00:30");
}

#[test]
fn within_days_keeps_the_wall_clock_time_across_the_autumn_change() {
    // 10:00 BST on Friday 23 October 2026; clocks go back on Sunday 25th.
    let received = reception_instant(NaiveDate::from_ymd_opt(2026, 10, 23).unwrap(), NaiveTime::from_hms_opt(10, 0, 0));
    let due = DueRule::WithinDays(7).due_at(received);
    assert_eq!(utc_to_london(due).format("%d/%m/%Y %H:%M").to_string(), "30/10/2026 10:00");
    // That is 7 days and 1 hour of elapsed time.
    assert_eq!(due - received, Duration::hours(7 * 24 + 1));
}

#[test]
fn on_the_day_ends_at_local_midnight_and_month_ends_roll_over() {
    let received = reception_instant(NaiveDate::from_ymd_opt(2026, 7, 31).unwrap(), NaiveTime::from_hms_opt(16, 0, 0));
    let due = DueRule::OnTheDay.due_at(received);
    assert_eq!(utc_to_london(due).format("%d/%m/%Y %H:%M").to_string(), "31/07/2026 23:59");
    let later = DueRule::WithinHours(72).due_at(received);
    assert_eq!(utc_to_london(later).format("%d/%m/%Y %H:%M").to_string(), "03/08/2026 16:00");
    let leap = reception_instant(NaiveDate::from_ymd_opt(2028, 2, 28).unwrap(), NaiveTime::from_hms_opt(20, 0, 0));
    let next = DueRule::WithinHours(24).due_at(leap);
    assert_eq!(utc_to_london(next).format("%d/%m/%Y").to_string(), "29/02/2028");
}

#[test]
fn a_missing_reception_time_counts_from_midnight() {
    let received = reception_instant(NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(), None);
    assert_eq!(received, utc("2026-01-05T00:00:00Z"));
}

#[test]
fn completion_times_must_be_real_and_in_range() {
    let received = utc("2026-11-01T09:00:00Z");
    let now = utc("2026-11-02T12:00:00Z");
    let open = item(Question::None, true);
    let form = |date: &str, time: &str| ItemForm {
        done_by: "Jo".into(),
        done_date: date.into(),
        done_time: time.into(),
        ..ItemForm::default()
    };
    assert!(validate_item_change(ItemAction::Complete, &form("02/11/2026", "11:00"), &open, received, now).is_ok());
    let future = validate_item_change(ItemAction::Complete, &form("02/11/2026", "13:30"), &open, received, now);
    assert!(future.unwrap_err().to_string().contains("future"));
    let early = validate_item_change(ItemAction::Complete, &form("01/11/2026", "08:00"), &open, received, now);
    assert!(early.unwrap_err().to_string().contains("before reception"));
    let nobody = ItemForm { done_by: " ".into(), ..form("02/11/2026", "10:00") };
    assert!(validate_item_change(ItemAction::Complete, &nobody, &open, received, now).is_err());
}

#[test]
fn exemptions_need_a_reason() {
    let received = utc("2026-11-01T09:00:00Z");
    let now = utc("2026-11-02T12:00:00Z");
    let base = ItemForm {
        done_by: "Jo".into(),
        done_date: "02/11/2026".into(),
        done_time: "10:00".into(),
        ..ItemForm::default()
    };
    let mandatory = item(Question::None, true);
    let refused = validate_item_change(ItemAction::Exempt, &base, &mandatory, received, now).unwrap_err().to_string();
    assert_eq!(refused, "Reason: choose why it was not done");
    let other = ItemForm { exemption_reason: Some(ExemptionReason::Other), ..base.clone() };
    assert!(
        validate_item_change(ItemAction::Exempt, &other, &mandatory, received, now)
            .unwrap_err()
            .to_string()
            .contains("explain")
    );
    let transferred = ItemForm { exemption_reason: Some(ExemptionReason::Transferred), ..base.clone() };
    let change = validate_item_change(ItemAction::Exempt, &transferred, &mandatory, received, now).unwrap();
    assert_eq!(change.status, ItemStatus::Exempt);
    let na = validate_item_change(ItemAction::NotApplicable, &transferred, &mandatory, received, now);
    assert!(na.unwrap_err().to_string().contains("mandatory"));
    let optional = item(Question::None, false);
    assert!(validate_item_change(ItemAction::NotApplicable, &transferred, &optional, received, now).is_ok());
}

#[test]
fn answers_flow_where_they_belong() {
    let day = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    let interpreter = Answer::Interpreter { needed: true, language: "Polish".into() };
    assert_eq!(
        effects(&interpreter, "Jo", day),
        vec![Effect::SetInterpreter { needed: true, language: Some("Polish".into()) }]
    );
    let problems = Answer::Problems { problems: vec!["money".into(), "feeling_low".into()] };
    let flowed = effects(&problems, "Jo", day);
    let [Effect::AddContact(contact)] = flowed.as_slice() else { panic!("one contact expected: {flowed:?}") };
    assert_eq!(
        contact.notes,
        "Induction. Problems on arrival: money worries, feeling low, depressed or suicidal. Help to be offered within 24 hours of arrival."
    );
    assert!(effects(&Answer::Problems { problems: vec![] }, "Jo", day).is_empty());
    assert!(effects(&Answer::BasicSkills { outcome: "no_need".into() }, "Jo", day).is_empty());
    assert_eq!(
        effects(&Answer::BasicSkills { outcome: "dyslexia_indicated".into() }, "Jo", day),
        vec![Effect::SetLiteracyNeeds("Dyslexia indicated: refer for assessment (induction screen)".into())]
    );
}

#[test]
fn a_question_item_needs_its_answer() {
    let received = utc("2026-11-01T09:00:00Z");
    let now = utc("2026-11-02T12:00:00Z");
    let base = ItemForm {
        done_by: "Jo".into(),
        done_date: "02/11/2026".into(),
        done_time: "10:00".into(),
        ..ItemForm::default()
    };
    let asks = item(Question::Interpreter, true);
    assert!(
        validate_item_change(ItemAction::Complete, &base, &asks, received, now)
            .unwrap_err()
            .to_string()
            .contains("yes or no")
    );
    let yes = ItemForm { interpreter_needed: Some(true), ..base.clone() };
    assert!(
        validate_item_change(ItemAction::Complete, &yes, &asks, received, now)
            .unwrap_err()
            .to_string()
            .contains("which language")
    );
    let no = ItemForm { interpreter_needed: Some(false), language: "ignored".into(), ..base };
    let change = validate_item_change(ItemAction::Complete, &no, &asks, received, now).unwrap();
    assert_eq!(change.answer, Some(Answer::Interpreter { needed: false, language: String::new() }));
}

proptest! {
    #[test]
    fn due_is_never_before_reception(
        day in 0u32..3650,
        minutes in 0u32..1440,
        rule in prop_oneof![Just(DueRule::OnTheDay), (1u32..500).prop_map(DueRule::WithinHours), (1u32..60).prop_map(DueRule::WithinDays)],
    ) {
        let date = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + Duration::days(i64::from(day));
        let time = NaiveTime::from_num_seconds_from_midnight_opt(minutes * 60, 0);
        let received = reception_instant(date, time);
        prop_assert!(rule.due_at(received) >= received);
    }

    #[test]
    fn item_validation_never_panics(
        by in "\\PC{0,20}",
        date in "[0-9/]{0,12}",
        time in "[0-9:]{0,6}",
        notes in "\\PC{0,40}",
        action in prop_oneof![Just(ItemAction::Complete), Just(ItemAction::Exempt), Just(ItemAction::NotApplicable), Just(ItemAction::Reopen)],
    ) {
        let form = ItemForm { done_by: by, done_date: date, done_time: time, reason_notes: notes, ..ItemForm::default() };
        let _ = validate_item_change(action, &form, &item(Question::BasicSkills, false), utc("2026-01-01T00:00:00Z"), utc("2026-06-01T00:00:00Z"));
    }
}

#[test]
fn only_what_the_record_holds_answers_an_item() {
    assert_eq!(
        answered_by_record(Question::SupervisorAllocated, Some("Rachel Okoro")).as_deref(),
        Some("Allocated on the record to Rachel Okoro")
    );
    assert_eq!(answered_by_record(Question::SupervisorAllocated, None), None, "no supervisor yet: still open");
    for question in Question::ALL.iter().filter(|question| **question != Question::SupervisorAllocated) {
        assert_eq!(answered_by_record(*question, Some("Rachel Okoro")), None, "{question:?} is answered by hand");
    }
}

#[test]
fn open_checklists_sort_most_overdue_first_and_by_any_column() {
    let checklist = |prisoner_id, received: &str, dues: &[&str], done: usize| Checklist {
        id: prisoner_id,
        prisoner_id,
        template_version: 1,
        received_at: utc(received),
        started_by: "Rachel Okoro".into(),
        items: dues
            .iter()
            .enumerate()
            .map(|(index, due)| ChecklistItem {
                due_at: utc(due),
                status: if index < done { ItemStatus::Completed } else { ItemStatus::Open },
                ..item(Question::None, true)
            })
            .collect(),
    };
    let rows = vec![
        (
            "A1111AA",
            "Zeller, Ann",
            checklist(1, "2026-11-01T09:00:00Z", &["2026-11-02T09:00:00Z", "2026-11-08T09:00:00Z"], 0),
        ),
        (
            "B2222BB",
            "abbott, Ben",
            checklist(2, "2026-11-03T09:00:00Z", &["2026-11-01T09:00:00Z", "2026-11-04T09:00:00Z"], 1),
        ),
        ("C3333CC", "Mills, Cy", checklist(3, "2026-10-30T09:00:00Z", &["2026-11-20T09:00:00Z"], 0)),
    ];
    let now = utc("2026-11-10T12:00:00Z");
    fn read<'r>(row: &'r (&'static str, &'static str, Checklist)) -> ChecklistRow<'r> {
        ChecklistRow { prison_number: row.0, name: row.1, location: "", checklist: &row.2 }
    }
    let order = |sort: ChecklistSort| {
        let mut rows = rows.clone();
        arrange_checklists(&mut rows, sort, now, read);
        rows.iter().map(|row| row.2.prisoner_id).collect::<Vec<_>>()
    };
    // Prisoner 2's first item is done, so its oldest open item (4 November) is later
    // than prisoner 1's (2 November).
    assert_eq!(order(ChecklistSort::default()), [1, 2, 3]);
    let by_name = ChecklistSort::default().clicked(ChecklistColumn::Name);
    assert_eq!(order(by_name), [2, 3, 1], "by name, whatever the case");
    assert_eq!(order(by_name.clicked(ChecklistColumn::Name)), [1, 3, 2]);
    assert_eq!(order(ChecklistSort::default().clicked(ChecklistColumn::Received)), [3, 1, 2]);
    assert_eq!(order(ChecklistSort::default().clicked(ChecklistColumn::Overdue)), [1, 2, 3], "2 overdue, 1, then none");
    assert_eq!(order(ChecklistSort::default().clicked(ChecklistColumn::Done)), [1, 3, 2]);
}
