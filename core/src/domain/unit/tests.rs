//! Each measure on a small hand-built unit with known answers across months: a
//! prisoner who arrives and leaves mid-month, a plan agreed on a month's last day,
//! and an induction that begins late on a British Summer Time evening.

use super::*;
use crate::domain::plan::InterventionState;
use crate::domain::risk::SentenceType;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
}

fn item(title: &str, due: &str, finished: Option<&str>) -> InductionItemFact {
    InductionItemFact { title: title.into(), due_at: utc(due), finished: finished.map(utc) }
}

/// Always in scope (IPP), received and perhaps gone on the days given.
fn prisoner(id: i64, received: &str, left: Option<&str>) -> UnitPrisoner {
    UnitPrisoner {
        id,
        label: format!("Prisoner {id}"),
        received_on: Some(day(received)),
        left_on: left.map(day),
        scope: ScopeFacts {
            date_of_birth: day("1980-01-01"),
            sentence_type: SentenceType::Ipp,
            sentence_length: None,
            sentence_date: Some(day("2020-01-01")),
            rosh: None,
            ppo: false,
        },
        rosh_changes: Vec::new(),
    }
}

fn unit() -> UnitFacts {
    UnitFacts {
        prisoners: vec![
            prisoner(1, "2025-01-10", None),
            // Arrives mid-March, leaves mid-May.
            prisoner(2, "2026-03-15", Some("2026-05-20")),
            prisoner(3, "2025-06-01", None),
        ],
        seen: vec![(1, day("2026-03-31")), (3, day("2026-04-01")), (2, day("2026-04-10"))],
        // Prisoner 1 was reviewed in November, then (the record now says) in April.
        oasys_reviews: vec![(1, day("2025-11-30")), (1, day("2026-04-20")), (3, day("2026-01-15"))],
        plans: vec![
            // Agreed on the last day of March, review due at the end of April: met
            // then, and reviewed on the due day.
            AgreedPlan { prisoner_id: 1, agreed_on: day("2026-03-31"), next_review: Some(day("2026-04-30")) },
            AgreedPlan { prisoner_id: 1, agreed_on: day("2026-04-30"), next_review: Some(day("2026-10-30")) },
            // Prisoner 3's plan lapses on 15 April and is reviewed late.
            AgreedPlan { prisoner_id: 3, agreed_on: day("2025-10-15"), next_review: Some(day("2026-04-15")) },
            AgreedPlan { prisoner_id: 3, agreed_on: day("2026-05-02"), next_review: Some(day("2026-11-02")) },
        ],
        needs: vec![
            PlanNeed {
                prisoner_id: 1,
                agreed_on: day("2026-03-31"),
                intervention: "Thinking Skills".into(),
                offered: true,
                state: InterventionState::Waiting,
            },
            PlanNeed {
                prisoner_id: 1,
                agreed_on: day("2026-04-30"),
                intervention: "Thinking Skills".into(),
                offered: true,
                state: InterventionState::On,
            },
            PlanNeed {
                prisoner_id: 3,
                agreed_on: day("2025-10-15"),
                intervention: "Healthy Relationships".into(),
                offered: false,
                state: InterventionState::Required,
            },
        ],
        inductions: vec![
            // 23:30 on 31 March 2026 in London (BST) is 22:30 UTC: a March reception.
            InductionRecord {
                prisoner_id: 2,
                received_at: utc("2026-03-31T22:30:00Z"),
                items: vec![
                    item("Cell sharing risk assessment", "2026-04-01T00:30:00Z", Some("2026-04-01T09:00:00Z")),
                    item("Induction talk", "2026-04-07T22:30:00Z", Some("2026-04-07T22:00:00Z")),
                ],
            },
            InductionRecord {
                prisoner_id: 4,
                received_at: utc("2026-04-02T10:00:00Z"),
                items: vec![
                    item("Cell sharing risk assessment", "2026-04-02T12:00:00Z", Some("2026-04-02T12:00:00Z")),
                    item("Induction talk", "2026-04-09T10:00:00Z", None),
                ],
            },
        ],
        boards: vec![
            HeldBoard { prisoner_id: 1, held_on: day("2026-03-31"), offender_manager: OmPart::VideoLink },
            HeldBoard { prisoner_id: 3, held_on: day("2026-03-12"), offender_manager: OmPart::Absent },
        ],
        key_incidents: vec![utc("2026-03-31T23:30:00Z"), utc("2026-03-31T22:30:00Z")],
        late_returns: vec![utc("2026-04-01T00:10:00Z")],
    }
}

const TODAY: &str = "2026-06-10";

fn of(measure: Measure, month: &str) -> MonthFigure {
    figure(&unit(), measure, day(month), day(TODAY))
}

#[test]
fn a_current_plan_is_the_latest_agreed_by_the_months_end_and_not_past_review() {
    // February: nobody has a plan yet; prisoner 2 has not arrived.
    let february = of(Measure::CurrentPlan, "2026-02-01");
    assert_eq!((february.met, february.missed), (vec![3], vec![1]), "prisoner 3's plan runs to 15 April");
    // March: agreed on its last day counts for March; prisoner 2 is here without one.
    let march = of(Measure::CurrentPlan, "2026-03-01");
    assert_eq!((march.met, march.missed), (vec![1, 3], vec![2]));
    // April: prisoner 1's new version was agreed on the day the old one fell due;
    // prisoner 3's lapsed on the 15th.
    let april = of(Measure::CurrentPlan, "2026-04-01");
    assert_eq!((april.met, april.missed), (vec![1], vec![2, 3]));
    // May: prisoner 2 left on the 20th and is not counted at the month's end.
    let may = of(Measure::CurrentPlan, "2026-05-01");
    assert_eq!((&may.met, &may.missed), (&vec![1, 3], &vec![]));
    assert_eq!(may.describe(), "2 of 2 (100%)");
}

#[test]
fn monthly_contact_counts_those_here_all_month_seen_on_a_day_in_it() {
    let march = of(Measure::MonthlyContact, "2026-03-01");
    // Prisoner 2 arrived mid-month; 1 was seen on the 31st; 3 on 1 April, not March.
    assert_eq!((march.met, march.missed), (vec![1], vec![3]));
    let april = of(Measure::MonthlyContact, "2026-04-01");
    assert_eq!((april.met, april.missed), (vec![2, 3], vec![1]));
    // May: prisoner 2 leaves mid-month, so is not here the whole month.
    let may = of(Measure::MonthlyContact, "2026-05-01");
    assert_eq!(may.total(), 2);
}

#[test]
fn induction_counts_receptions_by_london_day_and_every_item_within_seven_days() {
    let march = of(Measure::InductionInAWeek, "2026-03-01");
    assert_eq!((march.met, march.missed), (vec![2], vec![]), "23:30 BST on 31 March is a March reception");
    let april = of(Measure::InductionInAWeek, "2026-04-01");
    assert_eq!((april.met, april.missed), (vec![], vec![4]), "an item still open is not done in the week");
    assert_eq!(of(Measure::InductionInAWeek, "2026-05-01").percent(), None);
}

#[test]
fn each_induction_item_is_on_time_when_finished_by_its_own_due_time() {
    let facts = unit();
    let line = |title: &str, on_time: usize, late: usize| ItemTimeliness { title: title.into(), on_time, late };
    assert_eq!(
        items_on_time(&facts, day("2026-03-01"), day(TODAY)),
        vec![line("Cell sharing risk assessment", 0, 1), line("Induction talk", 1, 0)],
        "finished half an hour before its due time is on time; nine hours after is late"
    );
    assert_eq!(
        items_on_time(&facts, day("2026-04-01"), day(TODAY)),
        vec![line("Cell sharing risk assessment", 1, 0), line("Induction talk", 0, 1)],
        "finished at the due minute is on time; still open past it is late"
    );
    // On 5 April the induction talk is not yet due: it is not counted either way.
    assert_eq!(
        items_on_time(&facts, day("2026-04-01"), day("2026-04-05")),
        vec![line("Cell sharing risk assessment", 1, 0)]
    );
    assert!(items_on_time(&facts, day("2026-05-01"), day(TODAY)).is_empty());
}

#[test]
fn reviews_on_time_need_a_later_version_by_the_due_day() {
    let april = of(Measure::ReviewsOnTime, "2026-04-01");
    assert_eq!((april.met, april.missed), (vec![1], vec![3]), "reviewed on the due day counts; 2 May does not");
    // October's review has not yet fallen due on 10 June: nothing to count.
    assert_eq!(of(Measure::ReviewsOnTime, "2026-10-01").total(), 0);
}

#[test]
fn offender_manager_attendance_counts_boards_held_in_the_month() {
    let march = of(Measure::OffenderManagerAtBoards, "2026-03-01");
    assert_eq!((&march.met, &march.missed), (&vec![1], &vec![3]));
    assert_eq!(march.describe(), "1 of 2 (50%)");
    let parts = om_parts(&unit(), day("2026-03-01"), day(TODAY));
    assert_eq!(parts.describe(), "none in person, 1 by video link, none by written report, 1 not taking part");
}

#[test]
fn the_year_runs_to_the_month_of_today_and_keys_count_by_london_month() {
    let months = last_twelve_months(day("2026-02-28"));
    assert_eq!(months.first(), Some(&day("2025-03-01")));
    assert_eq!(months.last(), Some(&day("2026-02-01")));
    let keys = keys_year(&unit(), day(TODAY));
    let april = keys.iter().find(|month| month.month == day("2026-04-01")).unwrap();
    // 23:30 UTC on 31 March is 00:30 BST on 1 April; 22:30 UTC is still March.
    assert_eq!((april.incidents, april.late_returns), (1, 1));
    let march = keys.iter().find(|month| month.month == day("2026-03-01")).unwrap();
    assert_eq!(march.incidents, 1);
}

#[test]
fn a_leap_february_ends_on_the_29th() {
    assert_eq!(month_end(day("2028-02-01")), day("2028-02-29"));
    assert_eq!(month_end(day("2026-12-01")), day("2026-12-31"));
    assert_eq!(last_twelve_months(day("2026-01-15"))[0], day("2025-02-01"));
}

#[test]
fn an_oasys_review_is_in_date_for_four_months_and_a_new_reception_is_not_yet_due() {
    // March's end: prisoner 1's November review ran out on 30 March; prisoner 3's
    // January one holds; prisoner 2 arrived on the 15th, inside the first-week check.
    let march = of(Measure::OasysInDate, "2026-03-01");
    assert_eq!((&march.met, &march.missed), (&vec![3], &vec![1, 2]), "15 March plus a week is before the 31st");
    // April's end: prisoner 1's review of the 20th (the record's value now) counts.
    let april = of(Measure::OasysInDate, "2026-04-01");
    assert_eq!((&april.met, &april.missed), (&vec![1, 3], &vec![2]));
    // February's end: November's review is in date (four months to 30 March).
    let february = of(Measure::OasysInDate, "2026-02-01");
    assert_eq!((&february.met, &february.missed), (&vec![1, 3], &vec![]));
}

#[test]
fn unmet_need_reads_the_plan_in_force_at_the_months_end() {
    let march = unmet_need(&unit(), day("2026-03-01"), day(TODAY));
    assert_eq!(march.len(), 2);
    assert_eq!((march[0].intervention.as_str(), march[0].unmet()), ("Healthy Relationships", 1), "most unmet first");
    assert_eq!((march[1].waiting, march[1].on), (1, 0), "waiting under the plan agreed on 31 March");
    let may = unmet_need(&unit(), day("2026-05-01"), day(TODAY));
    let thinking = may.iter().find(|line| line.intervention == "Thinking Skills").unwrap();
    assert_eq!((thinking.waiting, thinking.on), (0, 1), "on it under the version agreed on 30 April");
    assert!(may.iter().all(|line| line.intervention != "Healthy Relationships"), "prisoner 3's May plan has none");
}

#[test]
fn scope_at_a_months_end_uses_the_roh_the_record_held_that_day() {
    // An adult serving three years, raised from medium to high RoH at 00:30 on
    // 1 April 2026 BST (23:30 UTC on 31 March), then lowered to medium in May.
    let mut adult = prisoner(9, "2025-01-10", None);
    adult.scope = ScopeFacts {
        date_of_birth: day("1980-05-05"),
        sentence_type: SentenceType::Determinate,
        sentence_length: Some(crate::domain::risk::SentenceLength { years: 3, months: 0, days: 0 }),
        sentence_date: Some(day("2025-01-01")),
        rosh: Some(Rosh::Medium),
        ppo: false,
    };
    adult.rosh_changes = vec![
        RoshChange { at: utc("2026-03-31T23:30:00Z"), before: Some(Rosh::Medium), after: Some(Rosh::High) },
        RoshChange { at: utc("2026-05-12T10:00:00Z"), before: Some(Rosh::High), after: Some(Rosh::Medium) },
    ];
    let facts = UnitFacts { prisoners: vec![adult], ..UnitFacts::default() };
    let counted = |month: &str| figure(&facts, Measure::CurrentPlan, day(month), day(TODAY)).total();
    assert_eq!(counted("2026-03-01"), 0, "medium RoH on 31 March: not in scope");
    assert_eq!(counted("2026-04-01"), 1, "high RoH on 30 April: in scope, with no plan");
    assert_eq!(counted("2026-05-01"), 0, "medium again by 31 May");
    assert_eq!(counted("2026-02-01"), 0, "before the first change, the level it changed from");
}
