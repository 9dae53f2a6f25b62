//! Categorisation decisions: the security category a review gave, the day, the
//! reason, and when the category is next reviewed. Kept as history; the newest one
//! is the prisoner's category and sets the recategorisation due date.

use chrono::NaiveDate;

use super::dates::{format_date, parse_date, past_date};
use super::form::Invalid;
use super::text::clean_line;

/// The longest reason a decision keeps: a sentence or two, as the review form gives it.
pub const REASON_MAX_CHARS: usize = 500;

/// A valid decision, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryDecisionDetails {
    /// The establishment's code for the category (`security_category`).
    pub category: String,
    pub decided_on: NaiveDate,
    pub reason: String,
    /// When the category is next reviewed; the record's recategorisation due date.
    pub next_review_due: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryDecision {
    pub id: i64,
    pub prisoner_id: i64,
    pub details: CategoryDecisionDetails,
}

impl CategoryDecisionDetails {
    /// "Category C, decided 01/10/2026: no adjudications in 12 months" for the record.
    pub fn describe(&self, category_label: &str) -> String {
        format!("{category_label}, decided {}: {}", format_date(self.decided_on), self.reason)
    }
}

/// Refuses a category code the establishment does not use, naming the ones it does.
pub fn known_category(code: &str, categories: &[String]) -> Result<(), Invalid> {
    if categories.iter().any(|known| known == code) {
        return Ok(());
    }
    Err(Invalid::rule(
        field::CATEGORY,
        format!("'{code}' is not a category this establishment uses ({})", categories.join(", ")),
    ))
}

/// Field labels, as the form shows them, so a message sits beside its field.
pub mod field {
    pub const CATEGORY: &str = "Category decided";
    pub const DECIDED: &str = "Decided on";
    pub const REASON: &str = "Reason";
    pub const NEXT_REVIEW: &str = "Next review due";
}

/// The decision form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CategoryDecisionForm {
    pub category: Option<String>,
    pub decided_on: String,
    pub reason: String,
    pub next_review_due: String,
}

impl CategoryDecisionForm {
    /// A decision made today, keeping the category the record holds until another is chosen.
    pub fn new(today: NaiveDate, current_category: Option<&str>) -> Self {
        Self {
            category: current_category.map(str::to_string),
            decided_on: format_date(today),
            reason: String::new(),
            next_review_due: String::new(),
        }
    }

    /// Checks the decision against the establishment's categories and the decision
    /// before it; the error names the field and the rule it breaks.
    pub fn validate(
        &self,
        today: NaiveDate,
        categories: &[String],
        previous: Option<&CategoryDecisionDetails>,
    ) -> Result<CategoryDecisionDetails, Invalid> {
        let details = self.validate_rules(today, previous)?;
        known_category(&details.category, categories)?;
        Ok(details)
    }

    /// Every rule but which categories the establishment uses: for a file read before
    /// the case file is open, whose categories are checked as it is written.
    pub fn validate_rules(
        &self,
        today: NaiveDate,
        previous: Option<&CategoryDecisionDetails>,
    ) -> Result<CategoryDecisionDetails, Invalid> {
        let category = self
            .category
            .as_deref()
            .map(str::trim)
            .filter(|code| !code.is_empty())
            .ok_or_else(|| Invalid::required(field::CATEGORY))?;
        let decided_on = past_date(&self.decided_on, today).map_err(Invalid::at(field::DECIDED))?;
        if let Some(previous) = previous
            && decided_on < previous.decided_on
        {
            return Err(Invalid::rule(
                field::DECIDED,
                format!(
                    "cannot be before the last decision ({}): decisions are kept in the order they were made",
                    format_date(previous.decided_on)
                ),
            ));
        }
        let reason = clean_line(&self.reason, REASON_MAX_CHARS).map_err(Invalid::at(field::REASON))?;
        if reason.is_empty() {
            return Err(Invalid::rule(field::REASON, "say why: the reason is what a later review reads first"));
        }
        let next_review_due = parse_date(&self.next_review_due).map_err(Invalid::at(field::NEXT_REVIEW))?;
        if next_review_due.is_some_and(|due| due <= decided_on) {
            return Err(Invalid::rule(
                field::NEXT_REVIEW,
                format!("must be after the decision ({})", format_date(decided_on)),
            ));
        }
        Ok(CategoryDecisionDetails { category: category.to_string(), decided_on, reason, next_review_due })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::form::Problem;
    use proptest::prelude::*;

    fn day(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    fn categories() -> Vec<String> {
        ["A", "B", "C", "D"].map(String::from).to_vec()
    }

    fn form() -> CategoryDecisionForm {
        CategoryDecisionForm {
            category: Some("D".into()),
            decided_on: "01/12/2026".into(),
            reason: "Twelve months without adjudications; risk of abscond assessed as low".into(),
            next_review_due: "01/06/2027".into(),
        }
    }

    const TODAY: (i32, u32, u32) = (2026, 12, 1);

    fn today() -> NaiveDate {
        day(TODAY.0, TODAY.1, TODAY.2)
    }

    #[test]
    fn a_complete_decision_is_kept_as_typed() {
        let details = form().validate(today(), &categories(), None).unwrap();
        assert_eq!(details.category, "D");
        assert_eq!(details.decided_on, today());
        assert_eq!(details.next_review_due, Some(day(2027, 6, 1)));
    }

    #[test]
    fn a_category_the_establishment_does_not_use_is_refused_by_name() {
        let invalid = CategoryDecisionForm { category: Some("E".into()), ..form() }
            .validate(today(), &categories(), None)
            .unwrap_err();
        assert!(invalid.is_about(field::CATEGORY));
        assert!(invalid.to_string().contains("'E' is not a category"), "{invalid}");
        let missing = CategoryDecisionForm { category: None, ..form() }.validate(today(), &categories(), None);
        assert_eq!(missing.unwrap_err(), Invalid::required(field::CATEGORY));
    }

    #[test]
    fn a_decision_is_not_in_the_future_nor_before_the_last_one() {
        let tomorrow = CategoryDecisionForm { decided_on: "02/12/2026".into(), ..form() };
        let invalid = tomorrow.validate(today(), &categories(), None).unwrap_err();
        assert!(invalid.is_about(field::DECIDED));
        assert!(matches!(invalid.problem, Problem::Date(_)));

        let last = form().validate(today(), &categories(), None).unwrap();
        let earlier = CategoryDecisionForm { decided_on: "30/11/2026".into(), ..form() };
        let invalid = earlier.validate(today(), &categories(), Some(&last)).unwrap_err();
        assert!(invalid.is_about(field::DECIDED));
        assert!(invalid.to_string().contains("01/12/2026"), "{invalid}");
        // The same day as the last decision is a second review that day, not an error.
        assert!(form().validate(today(), &categories(), Some(&last)).is_ok());
    }

    #[test]
    fn the_reason_is_required_and_one_line() {
        for reason in ["", "   "] {
            let invalid =
                CategoryDecisionForm { reason: reason.into(), ..form() }.validate(today(), &categories(), None);
            assert!(invalid.unwrap_err().is_about(field::REASON));
        }
        let long = CategoryDecisionForm { reason: "x".repeat(REASON_MAX_CHARS + 1), ..form() };
        assert!(long.validate(today(), &categories(), None).unwrap_err().is_about(field::REASON));
    }

    #[test]
    fn the_next_review_is_after_the_decision_and_may_be_left_open() {
        let same_day = CategoryDecisionForm { next_review_due: "01/12/2026".into(), ..form() };
        assert!(same_day.validate(today(), &categories(), None).unwrap_err().is_about(field::NEXT_REVIEW));
        let open = CategoryDecisionForm { next_review_due: String::new(), ..form() };
        assert_eq!(open.validate(today(), &categories(), None).unwrap().next_review_due, None);
        // A leap day six months on is a date like any other.
        let leap =
            CategoryDecisionForm { decided_on: "29/08/2027".into(), next_review_due: "29/02/2028".into(), ..form() };
        assert_eq!(
            leap.validate(day(2027, 9, 1), &categories(), None).unwrap().next_review_due,
            Some(day(2028, 2, 29))
        );
    }

    proptest! {
        /// Whatever is typed, validation answers (never panics), and what it accepts
        /// keeps the rules: a known category, not in the future, a reason, a later review.
        #[test]
        fn accepted_decisions_keep_every_rule(
            category in proptest::option::of("[A-E ]{0,2}"),
            decided in "[0-9/]{0,10}",
            reason in "\\PC{0,20}",
            next in "[0-9/]{0,10}",
        ) {
            let typed = CategoryDecisionForm { category, decided_on: decided, reason, next_review_due: next };
            if let Ok(details) = typed.validate(today(), &categories(), None) {
                prop_assert!(categories().contains(&details.category));
                prop_assert!(details.decided_on <= today());
                prop_assert!(!details.reason.trim().is_empty());
                prop_assert!(details.next_review_due.is_none_or(|due| due > details.decided_on));
            }
        }
    }
}
