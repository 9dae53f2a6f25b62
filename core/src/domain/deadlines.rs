//! Every deadline on a caseload in one list: reviews, contact, induction, parole,
//! home detention curfew, recategorisation and pre-release, each amber from a number
//! of days before it that the unit holds as data, and red once it has gone by.

use std::sync::Arc;

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::caseload::CaseloadEntry;
use super::dates::{DueState, format_date};
use super::form::Invalid;
use super::parole::{ParoleDeadline, ParoleReview};
use super::plan::Pathway;
use super::release::{EarliestRelease, ReleaseKind, in_pre_release, pre_release_starts};
use super::risk::{Coded, coded_enum};

coded_enum! {
    /// A kind of deadline. The order breaks ties on the same day.
    DeadlineKind {
        OasysReview => "oasys_review", "OASys/RoH review";
        PlanReview => "plan_review", "Sentence plan review";
        SupervisorContact => "supervisor_contact", "Supervisor contact";
        InductionItem => "induction_item", "Induction";
        ParoleReport => "parole_report", "Parole custody report";
        HearingOutcome => "hearing_outcome", "Parole hearing outcome";
        HdcEligibility => "hdc_eligibility", "HDC eligibility";
        Recategorisation => "recategorisation", "Recategorisation";
        PreRelease => "pre_release", "Pre-release";
        RotlEligibility => "rotl_eligibility", "ROTL eligibility";
    }
}

impl DeadlineKind {
    /// Days before the due date that the kind turns amber when the case file holds
    /// no figure of its own (the same figures migration 10 writes).
    pub fn default_amber_days(self) -> i64 {
        match self {
            DeadlineKind::OasysReview | DeadlineKind::PlanReview | DeadlineKind::SupervisorContact => {
                super::dates::DUE_SOON_DAYS
            }
            DeadlineKind::InductionItem => 1,
            DeadlineKind::ParoleReport => 28,
            DeadlineKind::HearingOutcome => 0,
            // The HDC process (address checks, the risk assessment) starts ten weeks
            // before eligibility.
            DeadlineKind::HdcEligibility => 70,
            DeadlineKind::Recategorisation | DeadlineKind::RotlEligibility => 14,
            // Pre-release work runs the last twelve weeks.
            DeadlineKind::PreRelease => super::release::PRE_RELEASE_WEEKS * 7,
        }
    }
}

/// Days after eligibility that a missing home detention curfew decision stays on the
/// list (red): by then it has been approved, refused, or the prisoner has gone; the
/// register keeps no refusals, so it cannot stay red for ever.
pub const HDC_DECISION_LATE_DAYS: i64 = 28;

/// How early each kind of deadline turns amber, as the case file holds it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Warnings(BTreeMap<DeadlineKind, i64>);

impl Warnings {
    pub fn set(&mut self, kind: DeadlineKind, days: i64) {
        self.0.insert(kind, days);
    }

    pub fn amber_days(&self, kind: DeadlineKind) -> i64 {
        self.0.get(&kind).copied().unwrap_or_else(|| kind.default_amber_days())
    }
}

/// The most days before a deadline that it can turn amber (the file holds to it too).
pub const AMBER_DAYS_MAX: i64 = 365;

/// The warning days as typed on the settings screen, one field per kind, labelled
/// with the kind's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarningsForm(BTreeMap<DeadlineKind, String>);

impl WarningsForm {
    pub fn from_warnings(warnings: &Warnings) -> Self {
        Self(DeadlineKind::ALL.iter().map(|kind| (*kind, warnings.amber_days(*kind).to_string())).collect())
    }

    pub fn days(&self, kind: DeadlineKind) -> &str {
        self.0.get(&kind).map_or("", String::as_str)
    }

    pub fn set(&mut self, kind: DeadlineKind, typed: String) {
        self.0.insert(kind, typed);
    }

    /// Every kind's days, a whole number from 0 to [`AMBER_DAYS_MAX`]; the error is
    /// about the first kind that is not.
    pub fn validate(&self) -> Result<Warnings, Invalid> {
        let mut warnings = Warnings::default();
        for kind in DeadlineKind::ALL.iter().copied() {
            let typed = self.days(kind).trim();
            if typed.is_empty() {
                return Err(Invalid::required(kind.label()));
            }
            match typed.parse::<i64>() {
                Ok(days) if (0..=AMBER_DAYS_MAX).contains(&days) => warnings.set(kind, days),
                _ => {
                    return Err(Invalid::rule(
                        kind.label(),
                        format!("a whole number of days from 0 to {AMBER_DAYS_MAX} (found '{typed}')"),
                    ));
                }
            }
        }
        Ok(warnings)
    }
}

/// Red once the day has gone by; amber from `amber_days` before it, the day itself
/// included; otherwise not yet due.
pub fn deadline_state(due: NaiveDate, today: NaiveDate, amber_days: i64) -> DueState {
    let days = (due - today).num_days();
    if days < 0 {
        DueState::Overdue(-days)
    } else if days <= amber_days {
        DueState::DueSoon(days)
    } else {
        DueState::NotYetDue(days)
    }
}

/// One deadline for one prisoner, for the Due board, My day and the calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueItem {
    pub prisoner_id: i64,
    pub prison_number: String,
    pub name: String,
    pub supervisor: Option<String>,
    pub kind: DeadlineKind,
    pub due: NaiveDate,
    pub reason: String,
    /// Days before `due` that it turns amber.
    pub amber_days: i64,
    /// The record it comes from when a prisoner can have several of the kind (the
    /// parole review), so a calendar can tell them apart.
    pub source_id: Option<i64>,
}

impl DueItem {
    pub fn state(&self, today: NaiveDate) -> DueState {
        deadline_state(self.due, today, self.amber_days)
    }
}

/// What else the case file knows that makes deadlines, by prisoner id.
#[derive(Debug, Clone, Default)]
pub struct DeadlineFacts {
    /// Parole reviews still active or deferred.
    pub parole_reviews: BTreeMap<i64, Vec<ParoleReview>>,
    /// Resettlement pathways with objectives still open on the latest plan, for the
    /// prisoners `needs_open_pathways` names (no one else's are read).
    pub open_pathways: BTreeMap<i64, Vec<Pathway>>,
}

/// Whether the pre-release deadline will list this prisoner's open pathways: only in
/// the twelve weeks up to the earliest release. The Due list reads the pathways of
/// these prisoners alone, a few dozen in a unit of two thousand.
pub fn needs_open_pathways(entry: &CaseloadEntry, today: NaiveDate) -> bool {
    entry.summary.earliest_release.is_some_and(|release| in_pre_release(release.date, today))
}

/// Every deadline that is overdue, amber, or falls due within `horizon_days`, most
/// overdue first.
pub fn due_items(
    entries: &[Arc<CaseloadEntry>],
    facts: &DeadlineFacts,
    warnings: &Warnings,
    today: NaiveDate,
    horizon_days: i64,
) -> Vec<DueItem> {
    let mut items = Vec::new();
    for entry in entries {
        let details = &entry.prisoner.details;
        let summary = &entry.summary;
        // The reason is written only for a deadline on the list: most are beyond the
        // horizon, and each sentence is cloned or formatted.
        let mut push = |kind: DeadlineKind, due: NaiveDate, reason: &dyn Fn() -> String, source_id: Option<i64>| {
            let amber_days = warnings.amber_days(kind);
            if (due - today).num_days() <= horizon_days.max(amber_days) {
                items.push(DueItem {
                    prisoner_id: entry.prisoner.id,
                    prison_number: details.prison_number.to_string(),
                    name: details.display_name(),
                    supervisor: entry.supervisor_name.clone(),
                    kind,
                    due,
                    reason: reason(),
                    amber_days,
                    source_id,
                });
            }
        };
        push(DeadlineKind::OasysReview, summary.review_due.value, &|| summary.review_due.reason.clone(), None);
        if let Some(review) = &summary.plan_review_due {
            push(DeadlineKind::PlanReview, review.value, &|| review.reason.clone(), None);
        }
        push(DeadlineKind::SupervisorContact, summary.contact_due.value, &|| summary.contact_due.reason.clone(), None);
        if let Some(next) = entry.induction_next_due {
            let reason = || match entry.induction_overdue {
                0 => "the next induction item falls due".to_string(),
                1 => "1 induction item overdue".to_string(),
                overdue => format!("{overdue} induction items overdue"),
            };
            push(DeadlineKind::InductionItem, next, &reason, None);
        }
        for review in facts.parole_reviews.get(&entry.prisoner.id).into_iter().flatten() {
            let review_id = review.id;
            let review = &review.details;
            for deadline in review.deadlines(today) {
                match deadline {
                    ParoleDeadline::Report(due) => {
                        let reason = || {
                            let writer = if review.report_writer.is_empty() {
                                "no writer named".to_string()
                            } else {
                                format!("written by {}", review.report_writer)
                            };
                            format!("custody report for {}; {writer}", review.describe())
                        };
                        push(DeadlineKind::ParoleReport, due, &reason, Some(review_id))
                    }
                    ParoleDeadline::Outcome(hearing) => push(
                        DeadlineKind::HearingOutcome,
                        hearing,
                        &|| format!("{}: record the Board's outcome once received", review.describe()),
                        Some(review_id),
                    ),
                }
            }
        }
        if let Some(eligible) = details.hdc_eligibility_date
            && details.hdc_approved_date.is_none()
            && ReleaseKind::Hdced.applies_to(details.sentence_type)
            && (today - eligible).num_days() <= HDC_DECISION_LATE_DAYS
            && details.conditional_release_date.is_none_or(|release| today <= release)
        {
            push(
                DeadlineKind::HdcEligibility,
                eligible,
                &|| {
                    "eligible for home detention curfew: address checks and the risk assessment start ten weeks before; no approved date recorded".into()
                },
                None,
            );
        }
        if let Some(due) = details.recategorisation_due_date {
            let category = details.security_category.as_deref().unwrap_or("not recorded");
            push(DeadlineKind::Recategorisation, due, &|| format!("security category now {category}"), None);
        }
        if let Some(eligible) = details.rotl_eligibility_date
            && today <= eligible
        {
            push(
                DeadlineKind::RotlEligibility,
                eligible,
                &|| "eligible for release on temporary licence: plan the risk assessment".into(),
                None,
            );
        }
        if let Some(release) = summary.earliest_release {
            let pathways = facts.open_pathways.get(&entry.prisoner.id).map(Vec::as_slice).unwrap_or_default();
            if let Some(reason) = pre_release_reason(release, pathways, today) {
                push(DeadlineKind::PreRelease, release.date, &|| reason.clone(), None);
            }
        }
    }
    // In place, not stable: the items are large and a stable sort moves each through
    // a buffer. The prisoner and the record make the order total, so it is the same
    // every time.
    items.sort_unstable_by(|a, b| {
        (a.due, a.kind, &a.name, a.prisoner_id, a.source_id).cmp(&(b.due, b.kind, &b.name, b.prisoner_id, b.source_id))
    });
    items
}

/// From 12 weeks before the earliest release: the pathways still open, accommodation
/// first; after the release date, that the record cannot be right.
pub fn pre_release_reason(release: EarliestRelease, open_pathways: &[Pathway], today: NaiveDate) -> Option<String> {
    if release.has_passed(today) {
        return Some(format!(
            "{} has gone by and the prisoner is still on the caseload: archive the record or correct the date",
            release.describe()
        ));
    }
    if !in_pre_release(release.date, today) {
        return None;
    }
    let mut pathways = open_pathways.to_vec();
    pathways.sort();
    pathways.dedup();
    let open = if pathways.is_empty() {
        "no resettlement objectives open".to_string()
    } else {
        format!("open: {}", pathways.iter().map(|pathway| pathway.label()).collect::<Vec<_>>().join("; "))
    };
    Some(format!(
        "{} ({}, {}); pre-release since {}; {open}",
        release.describe(),
        release.kind.meaning(),
        release.kind.certainty(),
        format_date(pre_release_starts(release.date))
    ))
}

/// A column of the Due list to sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DueSortKey {
    /// Most overdue first.
    #[default]
    Due,
    What,
    Prisoner,
    Supervisor,
}

/// How the Due list is sorted: a column, and whether the other way round.
pub type DueSort = super::sorting::ListSort<DueSortKey>;

/// Sorts due items by `sort`; ties go most overdue first, then by name, so the order
/// is the same on every read.
pub fn arrange_due(items: &mut [DueItem], sort: DueSort) {
    use super::sorting::{by_text, missing_last};
    sort.arrange(
        items,
        |key, a, b| match key {
            DueSortKey::Due => a.due.cmp(&b.due).then(a.kind.cmp(&b.kind)),
            DueSortKey::What => a.kind.cmp(&b.kind),
            DueSortKey::Prisoner => by_text(&a.name, &b.name),
            DueSortKey::Supervisor => missing_last(a.supervisor.as_ref(), b.supervisor.as_ref()),
        },
        |a, b| a.due.cmp(&b.due).then(a.name.cmp(&b.name)).then(a.kind.cmp(&b.kind)),
    );
}

#[cfg(test)]
mod due_sort_tests {
    use super::*;
    use proptest::prelude::*;

    fn item(name: &str, supervisor: Option<&str>, kind: DeadlineKind, day: u32) -> DueItem {
        DueItem {
            prisoner_id: 0,
            prison_number: String::new(),
            name: name.into(),
            supervisor: supervisor.map(str::to_string),
            kind,
            due: NaiveDate::from_ymd_opt(2026, 12, day).unwrap(),
            reason: String::new(),
            amber_days: 14,
            source_id: None,
        }
    }

    #[test]
    fn each_column_sorts_and_a_second_click_reverses_with_unallocated_last() {
        let mut items = vec![
            item("Ó'Brien, Seán", Some("Rachel Okoro"), DeadlineKind::SupervisorContact, 3),
            item("Adams, Tom", None, DeadlineKind::PlanReview, 9),
            item("Zane, Ali", Some("Ben Patel"), DeadlineKind::OasysReview, 1),
        ];
        let names = |items: &[DueItem]| items.iter().map(|item| item.name.clone()).collect::<Vec<_>>();
        arrange_due(&mut items, DueSort::default());
        assert_eq!(names(&items), ["Zane, Ali", "Ó'Brien, Seán", "Adams, Tom"], "most overdue first");
        let by_prisoner = DueSort::default().clicked(DueSortKey::Prisoner);
        arrange_due(&mut items, by_prisoner);
        assert_eq!(names(&items), ["Adams, Tom", "Ó'Brien, Seán", "Zane, Ali"], "accents do not move a name");
        arrange_due(&mut items, by_prisoner.clicked(DueSortKey::Prisoner));
        assert_eq!(names(&items), ["Zane, Ali", "Ó'Brien, Seán", "Adams, Tom"]);
        arrange_due(&mut items, DueSort::default().clicked(DueSortKey::Supervisor));
        assert_eq!(names(&items), ["Zane, Ali", "Ó'Brien, Seán", "Adams, Tom"], "unallocated last");
        arrange_due(&mut items, DueSort::default().clicked(DueSortKey::What));
        assert_eq!(items[0].kind, DeadlineKind::OasysReview);
    }

    proptest! {
        #[test]
        fn sorting_keeps_every_item_and_a_reverse_is_a_reverse(days in proptest::collection::vec(1u32..28, 0..30)) {
            let mut items: Vec<DueItem> = days
                .iter()
                .enumerate()
                .map(|(index, day)| item(&format!("Person {index:02}"), None, DeadlineKind::PlanReview, *day))
                .collect();
            let count = items.len();
            arrange_due(&mut items, DueSort::default());
            let forward: Vec<_> = items.iter().map(|item| item.due).collect();
            prop_assert!(forward.windows(2).all(|pair| pair[0] <= pair[1]));
            arrange_due(&mut items, DueSort { key: DueSortKey::Due, reversed: true });
            prop_assert_eq!(items.len(), count);
            let backward: Vec<_> = items.iter().map(|item| item.due).collect();
            prop_assert!(backward.windows(2).all(|pair| pair[0] >= pair[1]));
        }
    }
}

#[cfg(test)]
mod kind_tests {
    use super::*;
    use crate::domain::parole::{ParoleReviewDetails, ParoleReviewType, ParoleStatus};
    use crate::domain::prisoner::{CaseFacts, Prisoner, PrisonerDetails, PrisonerForm, summarise};
    use crate::domain::risk::TierTable;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// The release tests' determinate record, with an OASys review on record.
    fn details() -> PrisonerDetails {
        PrisonerForm { last_oasys_review_date: "01/11/2026".into(), ..crate::domain::release::tests::form() }
            .validate(day(2026, 12, 1))
            .unwrap()
    }

    fn entry(details: PrisonerDetails, today: NaiveDate) -> Arc<CaseloadEntry> {
        let facts = CaseFacts { last_supervisor_contact: Some(today), ..CaseFacts::default() };
        let summary = summarise(&details, &TierTable::new(vec![]), &facts, today);
        Arc::new(CaseloadEntry {
            prisoner: Prisoner { id: 7, details, archived: false },
            supervisor_name: Some("Rachel Okoro".into()),
            facts,
            induction_overdue: 0,
            induction_next_due: None,
            summary,
        })
    }

    fn kinds_on(details: PrisonerDetails, facts: &DeadlineFacts, today: NaiveDate) -> Vec<(DeadlineKind, DueState)> {
        let entries = [entry(details, today)];
        due_items(&entries, facts, &Warnings::default(), today, 28)
            .into_iter()
            .filter(|item| {
                !matches!(
                    item.kind,
                    DeadlineKind::OasysReview | DeadlineKind::SupervisorContact | DeadlineKind::PlanReview
                )
            })
            .map(|item| (item.kind, item.state(today)))
            .collect()
    }

    #[test]
    fn each_kind_turns_amber_on_its_own_day_and_red_the_day_after() {
        let due = day(2027, 3, 1);
        for kind in DeadlineKind::ALL.iter().copied() {
            let amber = kind.default_amber_days();
            let before = due - chrono::Duration::days(amber + 1);
            assert!(matches!(deadline_state(due, before, amber), DueState::NotYetDue(_)), "{kind:?}");
            let first_amber = due - chrono::Duration::days(amber);
            assert_eq!(deadline_state(due, first_amber, amber), DueState::DueSoon(amber), "{kind:?}");
            assert_eq!(deadline_state(due, due, amber), DueState::DueSoon(0), "{kind:?}: due today is amber");
            assert_eq!(deadline_state(due, due + chrono::Duration::days(1), amber), DueState::Overdue(1), "{kind:?}");
        }
        // The unit's own figure wins over the default.
        let mut warnings = Warnings::default();
        warnings.set(DeadlineKind::ParoleReport, 42);
        assert_eq!(warnings.amber_days(DeadlineKind::ParoleReport), 42);
        assert_eq!(warnings.amber_days(DeadlineKind::Recategorisation), 14);
    }

    #[test]
    fn open_pathways_are_needed_only_in_the_twelve_weeks_up_to_release() {
        let mut details = details();
        details.conditional_release_date = Some(day(2027, 3, 1));
        let twelve_weeks_before = day(2026, 12, 7);
        let needs = |today: NaiveDate| needs_open_pathways(&entry(details.clone(), today), today);
        assert!(!needs(twelve_weeks_before - chrono::Duration::days(1)));
        assert!(needs(twelve_weeks_before));
        assert!(needs(day(2027, 3, 1)), "on the release day itself");
        assert!(!needs(day(2027, 3, 2)), "gone by: the reason says the record is wrong, not what is open");
    }

    #[test]
    fn pre_release_starts_exactly_twelve_weeks_before_and_lists_open_pathways_accommodation_first() {
        let mut details = details();
        details.conditional_release_date = Some(day(2027, 3, 1));
        let mut facts = DeadlineFacts::default();
        facts.open_pathways.insert(7, vec![Pathway::Finance, Pathway::Accommodation]);
        let twelve_weeks_before = day(2026, 12, 7);
        assert_eq!(kinds_on(details.clone(), &facts, twelve_weeks_before - chrono::Duration::days(1)), vec![]);
        let on_the_day = kinds_on(details.clone(), &facts, twelve_weeks_before);
        assert_eq!(on_the_day, vec![(DeadlineKind::PreRelease, DueState::DueSoon(84))]);
        let entries = [entry(details.clone(), twelve_weeks_before)];
        let item = due_items(&entries, &facts, &Warnings::default(), twelve_weeks_before, 28)
            .into_iter()
            .find(|item| item.kind == DeadlineKind::PreRelease)
            .unwrap();
        assert!(item.reason.ends_with("open: 1 Accommodation; 5 Finance, benefit and debt"), "{}", item.reason);
        // Gone by and still here: red, and it says the record cannot be right.
        let after = kinds_on(details, &facts, day(2027, 3, 2));
        assert_eq!(after, vec![(DeadlineKind::PreRelease, DueState::Overdue(1))]);
    }

    #[test]
    fn home_detention_curfew_is_a_deadline_until_approved_and_a_while_after_eligibility() {
        let mut details = details();
        details.hdc_eligibility_date = Some(day(2027, 6, 1));
        let facts = DeadlineFacts::default();
        // The pre-release window opens from the HDCED too (it is the earliest release):
        // only the HDC deadline is looked at here.
        let kinds_on = |details: PrisonerDetails, facts: &DeadlineFacts, today: NaiveDate| {
            kinds_on(details, facts, today)
                .into_iter()
                .filter(|(kind, _)| *kind == DeadlineKind::HdcEligibility)
                .collect::<Vec<_>>()
        };
        assert_eq!(kinds_on(details.clone(), &facts, day(2027, 3, 22)), vec![], "more than ten weeks off");
        assert_eq!(
            kinds_on(details.clone(), &facts, day(2027, 3, 23)),
            vec![(DeadlineKind::HdcEligibility, DueState::DueSoon(70))]
        );
        assert_eq!(
            kinds_on(details.clone(), &facts, day(2027, 6, 29)),
            vec![(DeadlineKind::HdcEligibility, DueState::Overdue(28))]
        );
        assert_eq!(kinds_on(details.clone(), &facts, day(2027, 6, 30)), vec![], "the decision is long made");
        details.hdc_approved_date = Some(day(2027, 6, 20));
        assert_eq!(kinds_on(details, &facts, day(2027, 6, 1)), vec![]);
    }

    #[test]
    fn a_parole_review_makes_its_report_and_outcome_deadlines() {
        let today = day(2027, 1, 20);
        let mut facts = DeadlineFacts::default();
        let review = ParoleReviewDetails {
            review_type: ParoleReviewType::ParoleEligibility,
            opened_on: day(2026, 11, 1),
            target_hearing_date: Some(day(2027, 1, 15)),
            report_due_date: Some(day(2026, 12, 1)),
            report_writer: "Rachel Okoro".into(),
            report_sent_on: None,
            status: ParoleStatus::Active,
            outcome: None,
            outcome_received_on: None,
        };
        facts.parole_reviews.insert(7, vec![ParoleReview { id: 1, prisoner_id: 7, details: review }]);
        let mut details = details();
        details.recategorisation_due_date = Some(day(2027, 2, 1));
        assert_eq!(
            kinds_on(details, &facts, today),
            vec![
                (DeadlineKind::ParoleReport, DueState::Overdue(50)),
                (DeadlineKind::HearingOutcome, DueState::Overdue(5)),
                (DeadlineKind::Recategorisation, DueState::DueSoon(12)),
            ]
        );
    }
}

#[cfg(test)]
mod warnings_form_tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_form_starts_from_the_file_and_gives_back_what_was_typed() {
        let mut held = Warnings::default();
        held.set(DeadlineKind::ParoleReport, 42);
        let mut form = WarningsForm::from_warnings(&held);
        assert_eq!(form.days(DeadlineKind::ParoleReport), "42");
        assert_eq!(form.days(DeadlineKind::OasysReview), "14", "the default where the file has none");
        form.set(DeadlineKind::HdcEligibility, " 0 ".into());
        let warnings = form.validate().unwrap();
        assert_eq!(warnings.amber_days(DeadlineKind::HdcEligibility), 0);
        assert_eq!(warnings.amber_days(DeadlineKind::ParoleReport), 42);
    }

    #[test]
    fn a_bad_number_is_refused_by_the_kind_it_is_for() {
        let mut form = WarningsForm::from_warnings(&Warnings::default());
        for typed in ["366", "-1", "two weeks", "1.5"] {
            form.set(DeadlineKind::Recategorisation, typed.into());
            let invalid = form.validate().unwrap_err();
            assert!(invalid.is_about("Recategorisation"), "{invalid}");
            assert!(invalid.to_string().contains("from 0 to 365"), "{invalid}");
        }
        form.set(DeadlineKind::Recategorisation, "365".into());
        assert!(form.validate().is_ok(), "the limit itself is allowed");
        form.set(DeadlineKind::PreRelease, String::new());
        assert_eq!(form.validate().unwrap_err(), Invalid::required("Pre-release"));
    }

    proptest! {
        /// Whatever is typed, an accepted form holds days within the limit for every kind.
        #[test]
        fn accepted_days_are_within_the_limit(kind in 0..DeadlineKind::ALL.len(), typed in "\\PC{0,6}") {
            let mut form = WarningsForm::from_warnings(&Warnings::default());
            form.set(DeadlineKind::ALL[kind], typed);
            if let Ok(warnings) = form.validate() {
                for kind in DeadlineKind::ALL {
                    prop_assert!((0..=AMBER_DAYS_MAX).contains(&warnings.amber_days(*kind)));
                }
            }
        }
    }
}
