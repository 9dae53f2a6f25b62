//! The plan rules at their edges.

use super::*;
use proptest::prelude::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn a_significant_change_needs_what_and_a_day_up_to_today() {
    let today = date(2028, 2, 29);
    assert_eq!(check_significant_change("29/02/2028", "  New charge  ", today), Ok((today, "New charge".to_string())));
    assert_eq!(
        check_significant_change("01/03/2028", "New charge", today).unwrap_err().to_string(),
        "Change date: cannot be in the future"
    );
    assert_eq!(check_significant_change("", "New charge", today).unwrap_err().to_string(), "Change date: required");
    assert_eq!(
        check_significant_change("29/02/2028", "   ", today).unwrap_err().to_string(),
        "Significant change: say what changed"
    );
    assert!(
        check_significant_change("30/02/2028", "New charge", today)
            .unwrap_err()
            .to_string()
            .starts_with("Change date: ")
    );
}

fn form() -> ObjectiveForm {
    ObjectiveForm {
        text: "Complete the Thinking Skills Programme".into(),
        pathway: Some(Pathway::Attitudes),
        responsible_role: Some(ResponsibleRole::Psychology),
        target_date: "31/05/2027".into(),
        ..ObjectiveForm::new()
    }
}

#[test]
fn an_objective_needs_a_pathway_and_a_target_within_the_plan() {
    let start = date(2026, 11, 1);
    let today = date(2026, 11, 23);
    assert!(form().validate(start, today).is_ok());
    let no_pathway = ObjectiveForm { pathway: None, ..form() };
    assert!(no_pathway.validate(start, today).unwrap_err().to_string().starts_with("Pathway"));
    let early = ObjectiveForm { target_date: "31/10/2026".into(), ..form() };
    assert!(early.validate(start, today).unwrap_err().to_string().contains("before the plan starts"));
    let leap = ObjectiveForm { target_date: "29/02/2027".into(), ..form() };
    assert!(leap.validate(start, today).unwrap_err().to_string().contains("not a real date"));
}

#[test]
fn a_status_change_needs_its_date() {
    let start = date(2026, 11, 1);
    let today = date(2026, 11, 23);
    let saved = form().validate(start, today).unwrap();
    let mut edit = ObjectiveForm::from_objective(&saved);
    edit.status = Some(ObjectiveStatus::Achieved);
    edit.status_changed_on = String::new();
    assert_eq!(edit.validate(start, today).unwrap_err().to_string(), "Status date: give the date the status changed");
    edit.status_changed_on = "24/11/2026".into();
    assert!(edit.validate(start, today).unwrap_err().to_string().contains("future"));
    edit.status_changed_on = "22/11/2026".into();
    assert_eq!(edit.validate(start, today).unwrap().status_changed_on, date(2026, 11, 22));
}

#[test]
fn a_required_intervention_defaults_to_not_yet_referred() {
    let objective =
        ObjectiveForm { intervention_id: Some(4), ..form() }.validate(date(2026, 1, 1), date(2026, 11, 23)).unwrap();
    assert_eq!(objective.intervention_state, Some(InterventionState::Required));
    let orphan = ObjectiveForm { intervention_state: Some(InterventionState::On), ..form() };
    assert!(orphan.validate(date(2026, 1, 1), date(2026, 11, 23)).is_err());
}

#[test]
fn meetings_are_checked() {
    let today = date(2026, 11, 23);
    let mut meeting = MeetingForm {
        date: "20/11/2026".into(),
        time: "10:00".into(),
        chair: "Head of OMU".into(),
        held: true,
        next_review_date: "20/05/2027".into(),
        attendees: vec![AttendeeForm {
            name: "Helen Carter".into(),
            role: "Offender manager".into(),
            participation: Some(Participation::VideoLink),
        }],
        ..MeetingForm::default()
    };
    assert!(meeting.validate(today).is_ok());
    meeting.date = "01/12/2026".into();
    assert!(meeting.validate(today).unwrap_err().to_string().contains("future"));
    meeting.held = false;
    meeting.next_review_date = String::new();
    meeting.attendees[0].participation = Some(Participation::Invited);
    assert!(meeting.validate(today).is_ok(), "a planned meeting");
    meeting.held = true;
    meeting.date = "20/11/2026".into();
    meeting.next_review_date = "20/05/2027".into();
    assert!(meeting.validate(today).unwrap_err().to_string().contains("say how Helen Carter took part"));
    meeting.attendees[0].participation = Some(Participation::InPerson);
    meeting.next_review_date = "19/11/2026".into();
    assert!(meeting.validate(today).unwrap_err().to_string().contains("after the meeting"));
}

#[test]
fn uninvited_keyworkers_and_offender_manager_are_named() {
    let keyworkers = vec![
        Keyworker { id: 1, name: "Sam Okoye".into(), role: "CARATS worker".into() },
        Keyworker { id: 2, name: "Ann Lee".into(), role: "Education".into() },
    ];
    let attendees =
        vec![Attendee { name: "sam okoye".into(), role: "CARATS".into(), participation: Participation::InPerson }];
    assert_eq!(
        not_invited(&keyworkers, "Helen Carter", &attendees),
        vec!["Ann Lee (Education)".to_string(), "Helen Carter (offender manager)".to_string()]
    );
}

fn intervention(id: i64, name: &str, offered: bool) -> Intervention {
    Intervention {
        id,
        name: name.into(),
        kind: InterventionKind::AccreditedProgramme,
        pathway: Pathway::Attitudes,
        offered,
        waiting_list_notes: String::new(),
        active: true,
    }
}

#[test]
fn unmet_need_counts_prisoners_not_objectives() {
    let catalogue =
        vec![intervention(1, "Thinking Skills", true), intervention(2, "Aggression Replacement Training", false)];
    let need = |prisoner_id, intervention_id, state| RequiredIntervention { prisoner_id, intervention_id, state };
    let required = vec![
        need(10, 1, InterventionState::On),
        need(10, 1, InterventionState::Required), // a second objective, same prisoner
        need(11, 1, InterventionState::Waiting),
        need(12, 1, InterventionState::Completed), // done: no longer a need
        need(10, 2, InterventionState::Required),
        need(11, 2, InterventionState::Required),
        need(13, 2, InterventionState::Waiting),
    ];
    let report = unmet_need(&catalogue, &required);
    assert_eq!(report[0].intervention.name, "Aggression Replacement Training");
    assert_eq!((report[0].need, report[0].unmet, report[0].waiting, report[0].not_referred), (3, 3, 1, 2));
    assert_eq!((report[1].need, report[1].on_it, report[1].waiting, report[1].unmet), (2, 1, 1, 0));
}

#[test]
fn the_unmet_need_report_sorts_by_any_column_and_back() {
    let catalogue = vec![
        intervention(1, "Thinking Skills", true),
        intervention(2, "Aggression Replacement Training", false),
        intervention(3, "alcohol awareness", true),
    ];
    let need = |prisoner_id, intervention_id, state| RequiredIntervention { prisoner_id, intervention_id, state };
    let required = vec![
        need(10, 1, InterventionState::On),
        need(11, 1, InterventionState::Waiting),
        need(12, 1, InterventionState::Waiting),
        need(10, 2, InterventionState::Required),
        need(13, 3, InterventionState::Waiting),
    ];
    let mut report = unmet_need(&catalogue, &required);
    let names = |report: &[NeedLine]| report.iter().map(|line| line.intervention.id).collect::<Vec<_>>();
    assert_eq!(names(&report), [2, 1, 3], "most unmet, then most needed");
    let by_name = NeedSort::default().clicked(NeedColumn::Intervention);
    arrange_need(&mut report, by_name);
    assert_eq!(names(&report), [2, 3, 1], "by name, whatever the case");
    arrange_need(&mut report, by_name.clicked(NeedColumn::Intervention));
    assert_eq!(names(&report), [1, 3, 2]);
    arrange_need(&mut report, NeedSort::default().clicked(NeedColumn::Waiting));
    assert_eq!(names(&report), [1, 3, 2], "most waiting first; ties by the report's order");
}

proptest! {
    #[test]
    fn objective_validation_never_panics(
        text in "\\PC{0,60}",
        target in "[0-9/]{0,12}",
        status_date in "[0-9/]{0,12}",
    ) {
        let form = ObjectiveForm { text, target_date: target, status_changed_on: status_date, ..form() };
        if let Ok(objective) = form.validate(date(2026, 1, 1), date(2026, 11, 23)) {
            prop_assert!(objective.target_date.is_none_or(|t| t >= date(2026, 1, 1)));
            prop_assert!(objective.status_changed_on <= date(2026, 11, 23));
        }
    }
}
