//! The earliest-release rule with every kind of date present or not, and today on
//! either side of each; the pre-release window at its edges.

use super::*;
use crate::domain::prisoner::{Field, PrisonerForm};
use proptest::prelude::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A determinate record as typed: three years from 20/10/2026, CRD 20/04/2028.
pub(crate) fn form() -> PrisonerForm {
    PrisonerForm {
        prison_number: "A1234BC".into(),
        surname: "Okafor".into(),
        forenames: "Daniel".into(),
        date_of_birth: "14/03/1990".into(),
        reception_date: "01/11/2026".into(),
        sentence_type: Some(SentenceType::Determinate),
        sentence_years: "3".into(),
        sentence_date: "20/10/2026".into(),
        conditional_release_date: "20/04/2028".into(),
        sentence_expiry_date: "19/10/2029".into(),
        ..PrisonerForm::default()
    }
}

/// A determinate record with only its sentence date: every release date is set by
/// the test.
fn bare(sentence_type: SentenceType) -> PrisonerDetails {
    let mut details = form().validate(day(2026, 12, 1)).expect("valid");
    details.sentence_type = sentence_type;
    details.conditional_release_date = None;
    details.sentence_expiry_date = None;
    details
}

fn set(details: &mut PrisonerDetails, kind: ReleaseKind, date: Option<NaiveDate>) {
    let slot = match kind {
        ReleaseKind::Apd => &mut details.approved_parole_date,
        ReleaseKind::Hdcad => &mut details.hdc_approved_date,
        ReleaseKind::Ard => &mut details.automatic_release_date,
        ReleaseKind::Crd => &mut details.conditional_release_date,
        ReleaseKind::Prrd => &mut details.post_recall_release_date,
        ReleaseKind::Ted => &mut details.tariff_expiry_date,
        ReleaseKind::Ped => &mut details.parole_eligibility_date,
        ReleaseKind::Hdced => &mut details.hdc_eligibility_date,
        ReleaseKind::Sed => &mut details.sentence_expiry_date,
        ReleaseKind::Led => &mut details.licence_expiry_date,
    };
    *slot = date;
}

fn earliest(details: &PrisonerDetails, today: NaiveDate) -> Option<(ReleaseKind, NaiveDate)> {
    earliest_release(details, today).map(|release| (release.kind, release.date))
}

#[test]
fn no_dates_no_release() {
    assert_eq!(earliest(&bare(SentenceType::Determinate), day(2026, 12, 1)), None);
}

#[test]
fn home_detention_curfew_eligibility_comes_first_and_is_named_as_a_possibility() {
    let mut details = bare(SentenceType::Determinate);
    set(&mut details, ReleaseKind::Hdced, Some(day(2027, 10, 23)));
    set(&mut details, ReleaseKind::Crd, Some(day(2028, 4, 20)));
    let release = earliest_release(&details, day(2026, 12, 1)).unwrap();
    assert_eq!((release.kind, release.date), (ReleaseKind::Hdced, day(2027, 10, 23)));
    assert_eq!(release.describe(), "HDCED 23/10/2027");
    assert!(release.kind.certainty().contains("only if"));
    // The day itself is still ahead; the day after, the conditional release is next.
    assert_eq!(earliest(&details, day(2027, 10, 23)), Some((ReleaseKind::Hdced, day(2027, 10, 23))));
    assert_eq!(earliest(&details, day(2027, 10, 24)), Some((ReleaseKind::Crd, day(2028, 4, 20))));
}

#[test]
fn when_every_date_has_gone_by_the_latest_is_shown_and_has_passed() {
    let mut details = bare(SentenceType::Determinate);
    set(&mut details, ReleaseKind::Hdced, Some(day(2027, 10, 23)));
    set(&mut details, ReleaseKind::Crd, Some(day(2028, 4, 20)));
    let today = day(2028, 5, 1);
    let release = earliest_release(&details, today).unwrap();
    assert_eq!((release.kind, release.date), (ReleaseKind::Crd, day(2028, 4, 20)));
    assert!(release.has_passed(today));
    assert!(!release.has_passed(day(2028, 4, 20)));
}

#[test]
fn an_approved_date_stands_in_for_its_eligibility() {
    let mut details = bare(SentenceType::Determinate);
    set(&mut details, ReleaseKind::Hdced, Some(day(2027, 1, 10)));
    set(&mut details, ReleaseKind::Hdcad, Some(day(2027, 2, 1)));
    set(&mut details, ReleaseKind::Crd, Some(day(2027, 6, 1)));
    assert_eq!(earliest(&details, day(2026, 12, 1)), Some((ReleaseKind::Hdcad, day(2027, 2, 1))));

    let mut lifer = bare(SentenceType::Life);
    set(&mut lifer, ReleaseKind::Ped, Some(day(2026, 12, 20)));
    set(&mut lifer, ReleaseKind::Ted, Some(day(2027, 3, 1)));
    assert_eq!(earliest(&lifer, day(2026, 12, 1)), Some((ReleaseKind::Ped, day(2026, 12, 20))));
    set(&mut lifer, ReleaseKind::Apd, Some(day(2027, 5, 5)));
    assert_eq!(earliest(&lifer, day(2026, 12, 1)), Some((ReleaseKind::Apd, day(2027, 5, 5))));
}

#[test]
fn sentence_and_licence_expiry_count_only_when_nothing_else_is_recorded() {
    let mut details = bare(SentenceType::Determinate);
    set(&mut details, ReleaseKind::Sed, Some(day(2029, 10, 19)));
    set(&mut details, ReleaseKind::Led, Some(day(2029, 10, 19)));
    assert_eq!(
        earliest(&details, day(2026, 12, 1)),
        Some((ReleaseKind::Sed, day(2029, 10, 19))),
        "same day: SED first"
    );
    set(&mut details, ReleaseKind::Crd, Some(day(2028, 4, 20)));
    // Even after the CRD has gone by, it is the release, not the sentence expiry.
    assert_eq!(earliest(&details, day(2028, 6, 1)), Some((ReleaseKind::Crd, day(2028, 4, 20))));
}

#[test]
fn kinds_that_do_not_apply_to_the_sentence_are_ignored() {
    let mut details = bare(SentenceType::Determinate);
    set(&mut details, ReleaseKind::Ted, Some(day(2027, 1, 1)));
    set(&mut details, ReleaseKind::Crd, Some(day(2028, 1, 1)));
    assert_eq!(earliest(&details, day(2026, 12, 1)), Some((ReleaseKind::Crd, day(2028, 1, 1))));
    details.sentence_type = SentenceType::Ipp;
    set(&mut details, ReleaseKind::Hdced, Some(day(2026, 12, 10)));
    assert_eq!(earliest(&details, day(2026, 12, 1)), Some((ReleaseKind::Ted, day(2027, 1, 1))));
    details.sentence_type = SentenceType::Remand;
    assert_eq!(earliest(&details, day(2026, 12, 1)), None);
}

#[test]
fn on_the_same_day_the_more_certain_release_is_named() {
    let mut details = bare(SentenceType::Determinate);
    set(&mut details, ReleaseKind::Ped, Some(day(2027, 3, 1)));
    set(&mut details, ReleaseKind::Crd, Some(day(2027, 3, 1)));
    assert_eq!(earliest(&details, day(2026, 12, 1)).unwrap().0, ReleaseKind::Crd);
    assert_eq!(earliest(&details, day(2027, 4, 1)).unwrap().0, ReleaseKind::Crd);
}

#[test]
fn pre_release_starts_exactly_twelve_weeks_before() {
    let release = day(2027, 3, 1);
    assert_eq!(pre_release_starts(release), day(2026, 12, 7));
    assert!(!in_pre_release(release, day(2026, 12, 6)));
    assert!(in_pre_release(release, day(2026, 12, 7)));
    assert!(in_pre_release(release, release));
    assert!(!in_pre_release(release, day(2027, 3, 2)));
    // Across a leap day: 84 days before 22 May 2028 is 28 February 2028.
    assert_eq!(pre_release_starts(day(2028, 5, 22)), day(2028, 2, 28));
}

#[test]
fn the_form_refuses_dates_the_sentence_does_not_have() {
    let today = day(2026, 12, 1);
    let life = PrisonerForm {
        sentence_type: Some(SentenceType::Life),
        sentence_years: String::new(),
        conditional_release_date: String::new(),
        sentence_expiry_date: String::new(),
        hdc_eligibility_date: "01/06/2027".into(),
        ..form()
    };
    let errors = life.validate(today).unwrap_err();
    assert_eq!(
        errors.get(Field::HdcEligibilityDate),
        Some("HDCED (home detention curfew eligibility) does not apply to a life or IPP sentence")
    );
    let early = PrisonerForm { hdc_eligibility_date: "01/10/2026".into(), ..form() };
    assert_eq!(
        early.validate(today).unwrap_err().get(Field::HdcEligibilityDate),
        Some("cannot be before the sentence date")
    );
    let approved_first =
        PrisonerForm { hdc_eligibility_date: "01/06/2027".into(), hdc_approved_date: "01/05/2027".into(), ..form() };
    assert_eq!(
        approved_first.validate(today).unwrap_err().get(Field::HdcApprovedDate),
        Some("cannot be before the HDC eligibility date (HDCED)")
    );
    let not_recalled = PrisonerForm { post_recall_release_date: "01/06/2027".into(), ..form() };
    assert_eq!(
        not_recalled.validate(today).unwrap_err().get(Field::PostRecallReleaseDate),
        Some("a post-recall release date needs the recall box ticked")
    );
    let recalled = PrisonerForm { recall: true, ..not_recalled };
    assert!(recalled.validate(today).is_ok());
    let good = PrisonerForm {
        hdc_eligibility_date: "23/10/2027".into(),
        rotl_eligibility_date: "01/02/2027".into(),
        recategorisation_due_date: "01/04/2027".into(),
        ..form()
    };
    let details = good.validate(today).expect("valid");
    assert_eq!(PrisonerForm::from_details(&details).validate(today), Ok(details));
}

fn kind_strategy() -> impl Strategy<Value = Vec<Option<i64>>> {
    proptest::collection::vec(proptest::option::of(-800i64..800), ReleaseKind::ALL.len())
}

proptest! {
    #[test]
    fn the_earliest_release_is_the_nearest_date_ahead_else_the_latest_past(
        offsets in kind_strategy(),
        sentence in prop_oneof![Just(SentenceType::Determinate), Just(SentenceType::Life), Just(SentenceType::Ipp)],
        today_offset in -400i64..400,
    ) {
        let base = day(2027, 6, 1);
        let today = base + Duration::days(today_offset);
        let mut details = bare(sentence);
        for (kind, offset) in ReleaseKind::ALL.iter().zip(&offsets) {
            set(&mut details, *kind, offset.map(|days| base + Duration::days(days)));
        }
        let counted: Vec<(ReleaseKind, NaiveDate)> = ReleaseKind::ALL
            .iter()
            .filter(|kind| kind.applies_to(sentence))
            .filter_map(|kind| kind.date_in(&details).map(|date| (*kind, date)))
            .collect();
        // What counts: not superseded by a decision, and expiry dates only when no
        // release date is recorded.
        let decided = |kind: ReleaseKind| kind.superseded_by().iter().any(|by| counted.iter().any(|(k, _)| k == by));
        let live: Vec<_> = counted.iter().copied().filter(|(kind, _)| !decided(*kind)).collect();
        let releases: Vec<_> = live.iter().copied().filter(|(kind, _)| !kind.is_fallback()).collect();
        let live = if releases.is_empty() { live } else { releases };
        match earliest(&details, today) {
            None => prop_assert!(live.is_empty()),
            Some((kind, date)) => {
                prop_assert!(live.contains(&(kind, date)));
                match live.iter().filter(|(_, other)| *other >= today).map(|(_, other)| *other).min() {
                    Some(nearest) => prop_assert_eq!(date, nearest),
                    None => prop_assert_eq!(Some(date), live.iter().map(|(_, other)| *other).max()),
                }
            }
        }
    }
}
