//! Sentence plans on a real case file: versions, immutability of agreed plans,
//! meetings, key workers, reviews and the unmet need counts.

mod common;

use chrono::Duration;
use common::{details, temp_db, today};
use omu_core::domain::plan::{
    Agreement, Attendee, InterventionState, MeetingDetails, Objective, ObjectiveStatus, Participation, Pathway,
    PlanKind, ResponsibleRole, unmet_need,
};
use omu_core::domain::risk::Rosh;
use omu_core::storage::Db;

fn objective(text: &str, intervention_id: Option<i64>, state: Option<InterventionState>) -> Objective {
    Objective {
        id: None,
        text: text.into(),
        pathway: Pathway::Attitudes,
        need: "A need".into(),
        intervention_id,
        intervention_state: state,
        responsible_role: ResponsibleRole::Psychology,
        responsible_name: "Dr Ruth Evans".into(),
        target_date: Some(today() + Duration::days(120)),
        status: ObjectiveStatus::NotStarted,
        status_changed_on: today(),
        progress_notes: String::new(),
        agreement: Some(Agreement::Agreed),
        agreement_words: "Yes".into(),
    }
}

fn intervention(db: &Db, starts: &str) -> i64 {
    db.interventions().unwrap().into_iter().find(|i| i.name.starts_with(starts)).unwrap().id
}

#[test]
fn a_review_copies_the_plan_and_the_agreed_version_never_changes() {
    let (dir, mut db) = temp_db();
    let prisoner = db.insert_prisoner(&details("A1234BC", "Seán", "Ó'Brien")).unwrap();
    assert!(
        db.start_plan_version(prisoner, PlanKind::Review, today()).unwrap_err().to_string().contains("initial plan")
    );
    let first = db.start_plan_version(prisoner, PlanKind::Initial, today() - Duration::days(30)).unwrap();
    let tsp = intervention(&db, "Thinking Skills");
    db.save_objective(first, &objective("Complete TSP", Some(tsp), Some(InterventionState::Waiting))).unwrap();
    db.save_objective(first, &objective("Keep enhanced status", None, None)).unwrap();
    assert!(
        db.close_plan_version(first, today() - Duration::days(40), today() - Duration::days(20)).is_err(),
        "review after agreement"
    );
    db.close_plan_version(first, today() + Duration::days(150), today() - Duration::days(20)).unwrap();
    let agreed = db.plan_version(first).unwrap();

    let path = db.path().to_path_buf();
    let snapshot = |path: &std::path::Path| -> Vec<(String, String, String)> {
        let conn = common::raw(path);
        let mut statement = conn.prepare("SELECT text, status, coalesce(intervention_state, '') FROM objective WHERE plan_version_id = ?1 ORDER BY id").unwrap();
        statement
            .query_map([first], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let before = snapshot(&path);

    let review = db.start_plan_version(prisoner, PlanKind::Review, today()).unwrap();
    assert!(
        db.start_plan_version(prisoner, PlanKind::Review, today())
            .unwrap_err()
            .to_string()
            .contains("already being prepared")
    );
    let mut copied = db.plan_version(review).unwrap();
    assert_eq!(copied.number, 2);
    assert_eq!(copied.objectives.len(), 2);
    assert_eq!(copied.objectives[0].text, "Complete TSP");
    // Progress in the review changes the review only.
    let mut progressed = copied.objectives.remove(0);
    progressed.status = ObjectiveStatus::InProgress;
    progressed.intervention_state = Some(InterventionState::On);
    db.save_objective(review, &progressed).unwrap();
    assert_eq!(db.plan_version(first).unwrap(), agreed);
    assert_eq!(snapshot(&path), before);

    // No path changes an agreed version: not the storage API, not raw SQL.
    let old_objective = agreed.objectives[0].clone();
    assert!(db.save_objective(first, &Objective { text: "Changed".into(), ..old_objective.clone() }).is_err());
    assert!(db.remove_objective(old_objective.id.unwrap()).is_err());
    let conn = common::raw(&path);
    for sql in [
        format!("UPDATE objective SET text = 'x' WHERE plan_version_id = {first}"),
        format!("DELETE FROM objective WHERE plan_version_id = {first}"),
        format!("UPDATE plan_version SET next_review_date = '2030-01-01' WHERE id = {first}"),
        format!(
            "INSERT INTO objective (plan_version_id, position, text, pathway, responsible_role, status, status_changed_on) VALUES ({first}, 9, 'x', '1', 'other', 'not_started', '2026-01-01')"
        ),
    ] {
        let error = conn.execute(&sql, []).unwrap_err();
        assert!(error.to_string().contains("closed plan version"), "{sql}: {error}");
    }
    assert_eq!(snapshot(&path), before);
    drop(dir);
}

#[test]
fn the_meeting_that_agreed_a_plan_is_fixed_with_it() {
    let (dir, mut db) = temp_db();
    let prisoner = db.insert_prisoner(&details("A1234BC", "Seán", "Ó'Brien")).unwrap();
    let plan = db.start_plan_version(prisoner, PlanKind::Initial, today() - Duration::days(10)).unwrap();
    db.save_objective(plan, &objective("Complete TSP", None, None)).unwrap();
    let meeting = MeetingDetails {
        date: today() - Duration::days(2),
        time: None,
        chair: "Head of OMU".into(),
        held: true,
        prisoner_attended: true,
        prisoner_views: "Fine".into(),
        decisions: "Agreed".into(),
        next_review_date: Some(today() + Duration::days(180)),
        attendees: vec![Attendee {
            name: "Helen Carter".into(),
            role: "OM".into(),
            participation: Participation::VideoLink,
        }],
    };
    let meeting_id = db.save_meeting(prisoner, None, Some(plan), &meeting).unwrap();
    // Still a draft: the meeting can be corrected.
    db.save_meeting(
        prisoner,
        Some(meeting_id),
        Some(plan),
        &MeetingDetails { decisions: "Agreed as written".into(), ..meeting.clone() },
    )
    .unwrap();
    db.close_plan_version(plan, today() + Duration::days(180), today() - Duration::days(2)).unwrap();
    let error = db.save_meeting(prisoner, Some(meeting_id), Some(plan), &meeting).unwrap_err();
    assert!(error.to_string().contains("cannot be changed"), "{error}");
    assert_eq!(db.meetings(prisoner).unwrap()[0].decisions, "Agreed as written");

    // The diary names who was not invited.
    db.add_keyworker(prisoner, "Ann Lee", "Education").unwrap();
    let diary = db.board_diary(today() - Duration::days(7), today()).unwrap();
    assert_eq!(diary.len(), 1);
    assert_eq!(diary[0].not_invited, vec!["Ann Lee (Education)".to_string()]);
    drop(dir);
}

#[test]
fn unmet_need_on_a_constructed_caseload() {
    let (dir, mut db) = temp_db();
    let art = intervention(&db, "Aggression Replacement");
    let tsp = intervention(&db, "Thinking Skills");
    let catalogue = db.interventions().unwrap();
    assert!(!catalogue.iter().find(|i| i.id == art).unwrap().offered);
    for (number, objectives) in [
        ("A1111AA", vec![(art, InterventionState::Required), (tsp, InterventionState::On)]),
        ("B2222BB", vec![(art, InterventionState::Waiting), (tsp, InterventionState::Waiting)]),
        ("C3333CC", vec![(tsp, InterventionState::Completed)]),
    ] {
        let prisoner = db.insert_prisoner(&details(number, "Test", "Person")).unwrap();
        let plan = db.start_plan_version(prisoner, PlanKind::Initial, today()).unwrap();
        for (id, state) in objectives {
            db.save_objective(plan, &objective("Programme", Some(id), Some(state))).unwrap();
        }
    }
    // An archived prisoner's need does not count.
    let gone = db.insert_prisoner(&details("D4444DD", "Gone", "Person")).unwrap();
    let plan = db.start_plan_version(gone, PlanKind::Initial, today()).unwrap();
    db.save_objective(plan, &objective("Programme", Some(art), Some(InterventionState::Required))).unwrap();
    db.set_archived(gone, true).unwrap();

    let report = unmet_need(&catalogue, &db.required_interventions().unwrap());
    let line = |id| report.iter().find(|line| line.intervention.id == id).unwrap();
    assert_eq!((line(art).need, line(art).unmet, line(art).waiting, line(art).not_referred), (2, 2, 1, 1));
    assert_eq!((line(tsp).need, line(tsp).on_it, line(tsp).waiting, line(tsp).unmet), (2, 1, 1, 0));
    assert_eq!(report[0].intervention.id, art, "unmet need first");
    drop(dir);
}

#[test]
fn recording_a_review_or_a_change_moves_the_due_dates_at_once() {
    let (dir, mut db) = temp_db();
    let mut record = details("A1234BC", "Seán", "Ó'Brien");
    record.last_oasys_review_date = Some(today() - Duration::days(200));
    let prisoner = db.insert_prisoner(&record).unwrap();
    assert!(db.case_summary(prisoner, today()).unwrap().review_state(today()).is_overdue());

    db.record_oasys_review(prisoner, today(), Some(Rosh::VeryHigh), None).unwrap();
    let summary = db.case_summary(prisoner, today()).unwrap();
    assert_eq!(summary.review_due.value, omu_core::domain::dates::add_months(today(), 4));
    assert_eq!(db.prisoner(prisoner).unwrap().details.rosh, Some(Rosh::VeryHigh));

    db.record_significant_change(prisoner, today(), "New charge").unwrap();
    // A change on the day of the review is covered by it.
    assert_eq!(
        db.case_summary(prisoner, today()).unwrap().review_due.value,
        omu_core::domain::dates::add_months(today(), 4)
    );
    let tomorrow = today() + Duration::days(1);
    db.record_significant_change(prisoner, tomorrow, "Incident on the wing").unwrap();
    let summary = db.case_summary(prisoner, tomorrow).unwrap();
    assert_eq!(summary.review_due.value, tomorrow);
    assert!(summary.review_due.reason.contains("significant change"));
    drop(dir);
}

#[test]
fn the_pre_release_deadline_lists_the_latest_plan_s_open_pathways_and_reads_no_one_else_s() {
    use omu_core::domain::deadlines::DeadlineKind;
    use omu_core::storage::CaseloadQuery;
    let (dir, mut db) = temp_db();
    let mut leaving = details("A1234BC", "Seán", "Ó'Brien");
    leaving.conditional_release_date = Some(today() + Duration::days(42));
    let leaving = db.insert_prisoner(&leaving).unwrap();
    let mut staying = details("B2345CD", "Dan", "Webb");
    staying.conditional_release_date = Some(today() + Duration::days(400));
    let staying = db.insert_prisoner(&staying).unwrap();
    let with = |pathway, status| Objective { pathway, status, ..objective("Objective", None, None) };
    for prisoner in [leaving, staying] {
        // The first plan's open finance objective is not on the latest plan.
        let first = db.start_plan_version(prisoner, PlanKind::Initial, today() - Duration::days(60)).unwrap();
        db.save_objective(first, &with(Pathway::Finance, ObjectiveStatus::InProgress)).unwrap();
        db.close_plan_version(first, today() + Duration::days(100), today() - Duration::days(50)).unwrap();
        let latest = db.start_plan_version(prisoner, PlanKind::Review, today()).unwrap();
        let copied = db.plan_version(latest).unwrap().objectives[0].clone();
        db.save_objective(latest, &Objective { status: ObjectiveStatus::Achieved, ..copied }).unwrap();
        db.save_objective(latest, &with(Pathway::Education, ObjectiveStatus::InProgress)).unwrap();
        db.save_objective(latest, &with(Pathway::Accommodation, ObjectiveStatus::NotStarted)).unwrap();
        db.save_objective(latest, &with(Pathway::Health, ObjectiveStatus::Achieved)).unwrap();
    }
    let entries = db.caseload(&CaseloadQuery::default(), today()).unwrap();
    let facts = db.deadline_facts(&entries, today()).unwrap();
    assert_eq!(facts.open_pathways.keys().copied().collect::<Vec<_>>(), vec![leaving], "only the one near release");
    assert_eq!(facts.open_pathways[&leaving], vec![Pathway::Accommodation, Pathway::Education]);
    // Read together, each prisoner's pathways are their own latest plan's; one with no
    // plan has none.
    let nobody = db.insert_prisoner(&details("C3456DE", "Ann", "Lee")).unwrap();
    let together = db.open_pathways(&[nobody, staying, leaving]).unwrap();
    assert_eq!(together[&staying], together[&leaving]);
    assert_eq!(together[&nobody], vec![]);
    assert_eq!(together.len(), 3);
    let pre_release: Vec<_> = db
        .deadlines(&entries, today(), 28)
        .unwrap()
        .into_iter()
        .filter(|item| item.kind == DeadlineKind::PreRelease)
        .collect();
    assert_eq!(pre_release.len(), 1);
    assert_eq!(pre_release[0].prisoner_id, leaving);
    assert!(
        pre_release[0].reason.ends_with("open: 1 Accommodation; 2 Education, training and employment"),
        "{}",
        pre_release[0].reason
    );
    drop(dir);
}

#[test]
fn the_demo_covers_plans_meetings_unmet_need_and_overdue_reviews() {
    let (dir, mut db) = temp_db();
    omu_core::demo::populate(&mut db, today(), "Demo User").unwrap();
    let report = unmet_need(&db.interventions().unwrap(), &db.required_interventions().unwrap());
    assert!(report.iter().any(|line| line.unmet > 0), "unmet need");
    let entries = db.caseload(&Default::default(), today()).unwrap();
    assert!(
        entries.iter().any(|e| e.summary.plan_review_due.as_ref().is_some_and(|r| r.value < today())),
        "an overdue plan review"
    );
    assert!(entries.iter().any(|e| e.review_overdue(today())), "an overdue OASys review");
    let diary = db.board_diary(today(), today() + Duration::days(14)).unwrap();
    assert!(diary.iter().any(|entry| !entry.meeting.held), "boards in the diary");
    assert!(diary.iter().any(|entry| !entry.not_invited.is_empty()), "someone not invited");
    let multi_version = db.all_prisoners().unwrap().into_iter().any(|p| db.plan_versions(p.id).unwrap().len() >= 3);
    assert!(multi_version, "plan history over several reviews");
    drop(dir);
}

#[test]
fn the_demo_reads_as_good_work() {
    use omu_core::domain::plan::InterventionState;
    use omu_core::storage::{CaseloadQuery, SupervisorFilter};
    let (dir, mut db) = common::temp_db();
    omu_core::demo::populate(&mut db, common::today(), omu_core::demo::DEMO_USER).unwrap();
    // Each demo account that does case work opens on a caseload of its own.
    let staff = db.staff().unwrap();
    for (name, role) in omu_core::demo::DEMO_ACCOUNTS {
        if !role.may(omu_core::domain::users::Capability::CaseWork) {
            continue;
        }
        let me =
            staff.iter().find(|member| member.name == *name).unwrap_or_else(|| panic!("{name} is on the staff list"));
        let query = CaseloadQuery { supervisor: SupervisorFilter::Staff(me.id), ..CaseloadQuery::default() };
        assert!(db.caseload(&query, common::today()).unwrap().len() >= 5, "{name} has a caseload");
    }
    let interventions = db.interventions().unwrap();
    let mut missed = 0;
    for prisoner in db.caseload(&CaseloadQuery::default(), common::today()).unwrap() {
        for plan in db.plan_versions(prisoner.prisoner.id).unwrap() {
            for objective in &plan.objectives {
                if let Some(target) = objective.target_date {
                    assert!(target >= plan.started_on, "a target after the version started: {}", objective.text);
                }
                let offered =
                    objective.intervention_id.is_none_or(|id| interventions.iter().any(|i| i.id == id && i.offered));
                assert!(
                    offered
                        || !matches!(
                            objective.intervention_state,
                            Some(InterventionState::On | InterventionState::Completed)
                        ),
                    "nobody is on or has completed a programme not run here: {}",
                    objective.text
                );
                missed += usize::from(objective.target_missed(common::today()));
            }
        }
    }
    assert!(missed > 0, "a few missed targets for the boards to see");
    drop(dir);
}
