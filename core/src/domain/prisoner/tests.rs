//! The prisoner rules at their edges.

use super::*;
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

pub(crate) fn valid_form() -> PrisonerForm {
    PrisonerForm {
        prison_number: "a1234bc".into(),
        surname: "Ó'Brien".into(),
        forenames: "Seán".into(),
        date_of_birth: "14/03/1990".into(),
        reception_date: "01/11/2026".into(),
        sentence_type: Some(SentenceType::Determinate),
        sentence_years: "4".into(),
        sentence_date: "20/10/2026".into(),
        conditional_release_date: "20/10/2028".into(),
        sentence_expiry_date: "19/10/2030".into(),
        rosh: Some(Rosh::High),
        reoffending_likelihood: Some(Likelihood::Medium),
        ..PrisonerForm::default()
    }
}

#[test]
fn a_valid_form_becomes_a_record() {
    let details = valid_form().validate(today()).expect("valid");
    assert_eq!(details.prison_number.as_str(), "A1234BC");
    assert_eq!(details.display_name(), "Ó'Brien, Seán");
    assert_eq!(details.sentence_length, Some(SentenceLength { years: 4, months: 0, days: 0 }));
    assert_eq!(PrisonerForm::from_details(&details).validate(today()), Ok(details));
}

#[test]
fn bad_prison_number_names_the_field() {
    let form = PrisonerForm { prison_number: "12345".into(), ..valid_form() };
    let errors = form.validate(today()).unwrap_err();
    assert!(errors.get(Field::PrisonNumber).unwrap().contains("a letter, four digits"));
    assert_eq!(errors.len(), 1);
}

#[test]
fn required_fields_are_named() {
    let errors = PrisonerForm::default().validate(today()).unwrap_err();
    for field in [Field::PrisonNumber, Field::Surname, Field::Forenames, Field::DateOfBirth, Field::SentenceType] {
        assert_eq!(errors.get(field), Some("required"), "{field:?}");
    }
}

#[test]
fn release_dates_cannot_precede_the_sentence() {
    let form = PrisonerForm { conditional_release_date: "19/10/2026".into(), ..valid_form() };
    let errors = form.validate(today()).unwrap_err();
    assert_eq!(errors.get(Field::ConditionalReleaseDate), Some("cannot be before the sentence date"));
}

#[test]
fn date_of_birth_must_be_in_the_past_and_plausible() {
    let future = PrisonerForm { date_of_birth: "24/11/2026".into(), ..valid_form() };
    assert_eq!(future.validate(today()).unwrap_err().get(Field::DateOfBirth), Some("must be in the past"));
    let today_born = PrisonerForm { date_of_birth: "23/11/2026".into(), ..valid_form() };
    assert!(today_born.validate(today()).is_err());
    let leap = PrisonerForm { date_of_birth: "29/02/2001".into(), ..valid_form() };
    assert!(leap.validate(today()).unwrap_err().get(Field::DateOfBirth).unwrap().contains("not a real date"));
}

#[test]
fn sentence_shape_matches_its_type() {
    let no_length = PrisonerForm { sentence_years: String::new(), ..valid_form() };
    assert!(no_length.validate(today()).unwrap_err().get(Field::SentenceLength).unwrap().contains("needs its length"));
    let bad_length = PrisonerForm { sentence_months: "six".into(), ..valid_form() };
    assert!(bad_length.validate(today()).unwrap_err().get(Field::SentenceLength).unwrap().contains("months"));
    let life = PrisonerForm {
        sentence_type: Some(SentenceType::Life),
        sentence_years: String::new(),
        tariff_expiry_date: "01/01/2040".into(),
        ..valid_form()
    };
    // A life sentence has no conditional release: the Parole Board decides.
    assert_eq!(
        life.validate(today()).unwrap_err().get(Field::ConditionalReleaseDate),
        Some("CRD (conditional release) does not apply to a life or IPP sentence")
    );
    let life = PrisonerForm { conditional_release_date: String::new(), ..life };
    assert!(life.validate(today()).is_ok());
}

#[test]
fn mappa_level_needs_a_category_and_hold_needs_a_reason() {
    let form = PrisonerForm { mappa_level: Some(2), transfer_hold: true, ..valid_form() };
    let errors = form.validate(today()).unwrap_err();
    assert!(errors.get(Field::MappaCategory).is_some());
    assert!(errors.get(Field::TransferHoldReason).is_some());
}

#[test]
fn reviews_fall_due_four_months_on_and_contact_monthly() {
    let mut details = valid_form().validate(today()).unwrap();
    details.last_oasys_review_date = NaiveDate::from_ymd_opt(2026, 6, 30);
    let tiers = TierTable::new(vec![(Rosh::High, Likelihood::Medium, "B".into())]);
    let last_contact = NaiveDate::from_ymd_opt(2026, 10, 31);
    let facts = CaseFacts { last_supervisor_contact: last_contact, ..CaseFacts::default() };
    let summary = summarise(&details, &tiers, &facts, today());
    assert_eq!(summary.review_due.value, NaiveDate::from_ymd_opt(2026, 10, 30).unwrap());
    assert!(summary.review_state(today()).is_overdue());
    assert_eq!(summary.contact_due.value, NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
    assert!(!summary.contact_state(today()).is_overdue());
    assert_eq!(summary.tier.value.as_deref(), Some("B"));
    assert!(summary.scope.value);
}

#[test]
fn leap_year_review_from_end_of_october() {
    let mut details = valid_form().validate(today()).unwrap();
    details.last_oasys_review_date = NaiveDate::from_ymd_opt(2023, 10, 31);
    let summary = summarise(&details, &TierTable::default(), &CaseFacts::default(), today());
    assert_eq!(summary.review_due.value, NaiveDate::from_ymd_opt(2024, 2, 29).unwrap());
}

#[test]
fn a_significant_change_brings_the_review_forward() {
    let mut details = valid_form().validate(today()).unwrap();
    details.last_oasys_review_date = NaiveDate::from_ymd_opt(2026, 10, 1);
    let change = NaiveDate::from_ymd_opt(2026, 11, 10);
    let facts = CaseFacts { last_significant_change: change, ..CaseFacts::default() };
    let summary = summarise(&details, &TierTable::default(), &facts, today());
    assert_eq!(summary.review_due.value, change.unwrap());
    assert!(summary.review_due.reason.contains("significant change"));
    // A change before the last review is already covered by it.
    let earlier = CaseFacts { last_significant_change: NaiveDate::from_ymd_opt(2026, 9, 1), ..CaseFacts::default() };
    let summary = summarise(&details, &TierTable::default(), &earlier, today());
    assert_eq!(summary.review_due.value, NaiveDate::from_ymd_opt(2027, 2, 1).unwrap());
}

#[test]
fn no_review_or_contact_recorded_is_due_in_the_first_week_and_month() {
    let details = valid_form().validate(today()).unwrap();
    let received = details.reception_date.unwrap();
    let summary = summarise(&details, &TierTable::default(), &CaseFacts::default(), today());
    assert!(summary.review_due.reason.starts_with("no OASys/RoH review recorded: check its status in the first week"));
    assert_eq!(summary.review_due.value, received + chrono::Duration::days(FIRST_OASYS_CHECK_DAYS));
    assert_eq!(summary.contact_due.value, NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
    // On the day they arrive, a new reception's review is due, not overdue.
    let arriving = PrisonerDetails { reception_date: Some(today()), ..details.clone() };
    let summary = summarise(&arriving, &TierTable::default(), &CaseFacts::default(), today());
    assert_eq!(summary.review_state(today()), DueState::DueSoon(FIRST_OASYS_CHECK_DAYS));
    // With no reception date either, it is due now.
    let unknown = PrisonerDetails { reception_date: None, ..details };
    let summary = summarise(&unknown, &TierTable::default(), &CaseFacts::default(), today());
    assert_eq!(summary.review_due.value, today());
}

proptest! {
    #[test]
    fn prison_number_parse_accepts_exactly_the_nomis_shape(input in "\\PC{0,12}") {
        match PrisonNumber::parse(&input) {
            Ok(number) => {
                let bytes = number.as_str().as_bytes();
                prop_assert_eq!(bytes.len(), 7);
                prop_assert!(bytes[0].is_ascii_uppercase());
                prop_assert!(bytes[1..5].iter().all(u8::is_ascii_digit));
                prop_assert!(bytes[5..].iter().all(u8::is_ascii_uppercase));
            }
            Err(message) => prop_assert!(!message.to_string().is_empty()),
        }
    }

    #[test]
    fn validation_never_panics_and_valid_output_round_trips(
        number in "[A-Za-z0-9 ]{0,9}",
        surname in "\\PC{0,30}",
        born in "[0-9/\\-]{0,12}",
        years in "[0-9a-z]{0,3}",
        sentenced in "[0-9/]{0,10}",
    ) {
        let form = PrisonerForm {
            prison_number: number,
            surname,
            date_of_birth: born,
            sentence_years: years,
            sentence_date: sentenced,
            ..valid_form()
        };
        if let Ok(details) = form.validate(today()) {
            let again = PrisonerForm::from_details(&details).validate(today());
            prop_assert_eq!(again, Ok(details));
        }
    }
}
