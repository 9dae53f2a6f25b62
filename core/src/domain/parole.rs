//! Parole reviews: the hearing, the custody report the supervisor's unit writes for
//! the Parole Board, and the outcome; and the deadlines they make.

use chrono::NaiveDate;

use super::dates::{format_date, optional_past_date, parse_date, past_date};
use super::form::Invalid;
use super::risk::{Coded, coded_enum};
use super::text::{NAME_MAX_CHARS, clean_line};

coded_enum! {
    /// Why the Parole Board is reviewing the case.
    ParoleReviewType {
        ParoleEligibility => "ped", "Parole eligibility (PED)";
        TariffExpiry => "tariff_expiry", "Tariff expiry (TED)";
        PostTariff => "post_tariff", "Post-tariff review";
        Recall => "recall", "Recall review";
        Other => "other", "Other";
    }
}

coded_enum! {
    /// Where the review has got to.
    ParoleStatus {
        Active => "active", "Active";
        Deferred => "deferred", "Deferred";
        Completed => "completed", "Completed";
        Withdrawn => "withdrawn", "Withdrawn";
    }
}

coded_enum! {
    /// What the Board decided.
    ParoleOutcome {
        Release => "release", "Release directed";
        NoRelease => "no_release", "No release";
        OpenConditions => "open_conditions", "Move to open conditions";
        Adjourned => "adjourned", "Adjourned";
    }
}

/// A valid parole review, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParoleReviewDetails {
    pub review_type: ParoleReviewType,
    pub opened_on: NaiveDate,
    pub target_hearing_date: Option<NaiveDate>,
    pub report_due_date: Option<NaiveDate>,
    pub report_writer: String,
    /// When the custody report went to the Board: until then its due date is a deadline.
    pub report_sent_on: Option<NaiveDate>,
    pub status: ParoleStatus,
    pub outcome: Option<ParoleOutcome>,
    pub outcome_received_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParoleReview {
    pub id: i64,
    pub prisoner_id: i64,
    pub details: ParoleReviewDetails,
}

/// A deadline a parole review makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParoleDeadline {
    /// The custody report is due and has not been sent.
    Report(NaiveDate),
    /// The hearing date has come and no outcome is recorded.
    Outcome(NaiveDate),
}

impl ParoleReviewDetails {
    /// What the supervisor must still do: send the report by its due date, and
    /// record the outcome once the hearing has been. A review that is withdrawn or
    /// completed asks for nothing.
    pub fn deadlines(&self, today: NaiveDate) -> Vec<ParoleDeadline> {
        if matches!(self.status, ParoleStatus::Withdrawn | ParoleStatus::Completed) {
            return Vec::new();
        }
        let mut deadlines = Vec::new();
        if let (Some(due), None) = (self.report_due_date, self.report_sent_on) {
            deadlines.push(ParoleDeadline::Report(due));
        }
        if let (Some(hearing), None) = (self.target_hearing_date, self.outcome)
            && hearing <= today
        {
            deadlines.push(ParoleDeadline::Outcome(hearing));
        }
        deadlines
    }

    /// "Parole eligibility (PED), hearing 14/03/2027" for lists.
    pub fn describe(&self) -> String {
        match self.target_hearing_date {
            Some(hearing) => format!("{}, hearing {}", self.review_type.label(), format_date(hearing)),
            None => format!("{}, no hearing date yet", self.review_type.label()),
        }
    }
}

/// Field labels, as the form shows them, so a message sits beside its field.
pub mod field {
    pub const TYPE: &str = "Review type";
    pub const OPENED: &str = "Review opened";
    pub const HEARING: &str = "Target hearing date";
    pub const REPORT_DUE: &str = "Custody report due";
    pub const WRITER: &str = "Report written by";
    pub const REPORT_SENT: &str = "Report sent";
    pub const OUTCOME: &str = "Outcome";
    pub const OUTCOME_RECEIVED: &str = "Outcome received";
}

/// The parole review form as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParoleReviewForm {
    pub review_type: Option<ParoleReviewType>,
    pub opened_on: String,
    pub target_hearing_date: String,
    pub report_due_date: String,
    pub report_writer: String,
    pub report_sent_on: String,
    pub status: ParoleStatus,
    pub outcome: Option<ParoleOutcome>,
    pub outcome_received_on: String,
}

impl ParoleReviewForm {
    /// A review opened today, its report to be written by the person signed in.
    pub fn new(today: NaiveDate, writer: &str) -> Self {
        Self {
            review_type: None,
            opened_on: format_date(today),
            target_hearing_date: String::new(),
            report_due_date: String::new(),
            report_writer: writer.to_string(),
            report_sent_on: String::new(),
            status: ParoleStatus::Active,
            outcome: None,
            outcome_received_on: String::new(),
        }
    }

    pub fn from_details(details: &ParoleReviewDetails) -> Self {
        let date = |value: Option<NaiveDate>| value.map(format_date).unwrap_or_default();
        Self {
            review_type: Some(details.review_type),
            opened_on: format_date(details.opened_on),
            target_hearing_date: date(details.target_hearing_date),
            report_due_date: date(details.report_due_date),
            report_writer: details.report_writer.clone(),
            report_sent_on: date(details.report_sent_on),
            status: details.status,
            outcome: details.outcome,
            outcome_received_on: date(details.outcome_received_on),
        }
    }

    /// Checks the review; the error names the field and the rule it breaks.
    pub fn validate(&self, today: NaiveDate) -> Result<ParoleReviewDetails, Invalid> {
        let review_type = self.review_type.ok_or_else(|| Invalid::required(field::TYPE))?;
        let opened_on = past_date(&self.opened_on, today).map_err(Invalid::at(field::OPENED))?;
        let hearing = parse_date(&self.target_hearing_date).map_err(Invalid::at(field::HEARING))?;
        if let Some(hearing) = hearing
            && hearing < opened_on
        {
            return Err(Invalid::rule(
                field::HEARING,
                format!("cannot be before the review was opened ({})", format_date(opened_on)),
            ));
        }
        let report_due = parse_date(&self.report_due_date).map_err(Invalid::at(field::REPORT_DUE))?;
        if let Some(due) = report_due {
            if due < opened_on {
                return Err(Invalid::rule(
                    field::REPORT_DUE,
                    format!("cannot be before the review was opened ({})", format_date(opened_on)),
                ));
            }
            if let Some(hearing) = hearing
                && due > hearing
            {
                return Err(Invalid::rule(
                    field::REPORT_DUE,
                    format!("must be on or before the hearing ({}): the Board reads it first", format_date(hearing)),
                ));
            }
        }
        let report_writer = clean_line(&self.report_writer, NAME_MAX_CHARS).map_err(Invalid::at(field::WRITER))?;
        let report_sent_on =
            optional_past_date(&self.report_sent_on, today).map_err(Invalid::at(field::REPORT_SENT))?;
        if report_sent_on.is_some_and(|sent| sent < opened_on) {
            return Err(Invalid::rule(field::REPORT_SENT, "cannot be before the review was opened"));
        }
        let outcome_received_on =
            optional_past_date(&self.outcome_received_on, today).map_err(Invalid::at(field::OUTCOME_RECEIVED))?;
        match (self.outcome, outcome_received_on) {
            (Some(_), None) => {
                return Err(Invalid::rule(field::OUTCOME_RECEIVED, "say when the outcome was received"));
            }
            (None, Some(_)) => return Err(Invalid::rule(field::OUTCOME, "choose the outcome that was received")),
            (Some(_), Some(received)) => {
                if let Some(hearing) = hearing
                    && received < hearing
                {
                    return Err(Invalid::rule(
                        field::OUTCOME_RECEIVED,
                        format!("cannot be before the hearing ({})", format_date(hearing)),
                    ));
                }
            }
            (None, None) => {}
        }
        if self.status == ParoleStatus::Completed && self.outcome.is_none() {
            return Err(Invalid::rule(field::OUTCOME, "a completed review has an outcome"));
        }
        Ok(ParoleReviewDetails {
            review_type,
            opened_on,
            target_hearing_date: hearing,
            report_due_date: report_due,
            report_writer,
            report_sent_on,
            status: self.status,
            outcome: self.outcome,
            outcome_received_on,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn today() -> NaiveDate {
        day(2026, 12, 1)
    }

    fn form() -> ParoleReviewForm {
        ParoleReviewForm {
            review_type: Some(ParoleReviewType::ParoleEligibility),
            target_hearing_date: "15/03/2027".into(),
            report_due_date: "01/02/2027".into(),
            ..ParoleReviewForm::new(day(2026, 11, 2), "Rachel Okoro")
        }
    }

    #[test]
    fn a_review_round_trips_through_its_form() {
        let details = form().validate(today()).expect("valid");
        assert_eq!(details.describe(), "Parole eligibility (PED), hearing 15/03/2027");
        assert_eq!(ParoleReviewForm::from_details(&details).validate(today()), Ok(details));
    }

    #[test]
    fn the_rules_name_their_field() {
        let cases = [
            (ParoleReviewForm { review_type: None, ..form() }, field::TYPE, "required"),
            (
                ParoleReviewForm { target_hearing_date: "01/11/2026".into(), ..form() },
                field::HEARING,
                "cannot be before the review was opened (02/11/2026)",
            ),
            (
                ParoleReviewForm { report_due_date: "16/03/2027".into(), ..form() },
                field::REPORT_DUE,
                "must be on or before the hearing (15/03/2027): the Board reads it first",
            ),
            (
                ParoleReviewForm { outcome: Some(ParoleOutcome::NoRelease), ..form() },
                field::OUTCOME_RECEIVED,
                "say when the outcome was received",
            ),
            (ParoleReviewForm { opened_on: "02/12/2026".into(), ..form() }, field::OPENED, "cannot be in the future"),
            (
                ParoleReviewForm { status: ParoleStatus::Completed, ..form() },
                field::OUTCOME,
                "a completed review has an outcome",
            ),
        ];
        for (form, field, message) in cases {
            let error = form.validate(today()).unwrap_err();
            assert!(error.is_about(field), "{error} should be about {field}");
            assert_eq!(error.problem.to_string(), message);
        }
    }

    #[test]
    fn the_report_is_a_deadline_until_sent_and_the_outcome_from_the_hearing_day() {
        let details = form().validate(today()).unwrap();
        assert_eq!(details.deadlines(today()), vec![ParoleDeadline::Report(day(2027, 2, 1))]);
        let sent = ParoleReviewDetails { report_sent_on: Some(day(2027, 1, 30)), ..details.clone() };
        assert_eq!(sent.deadlines(day(2027, 3, 14)), vec![]);
        assert_eq!(sent.deadlines(day(2027, 3, 15)), vec![ParoleDeadline::Outcome(day(2027, 3, 15))]);
        let decided = ParoleReviewDetails {
            outcome: Some(ParoleOutcome::Release),
            outcome_received_on: Some(day(2027, 3, 20)),
            ..sent
        };
        assert_eq!(decided.deadlines(day(2027, 4, 1)), vec![]);
        let withdrawn = ParoleReviewDetails { status: ParoleStatus::Withdrawn, ..details };
        assert_eq!(withdrawn.deadlines(day(2027, 4, 1)), vec![]);
    }

    proptest! {
        #[test]
        fn a_valid_review_never_has_its_hearing_before_it_opened_or_its_report_after_the_hearing(
            opened in 0i64..400, hearing in proptest::option::of(-100i64..500), report in proptest::option::of(-100i64..500)
        ) {
            let base = day(2025, 10, 1);
            let date = |offset: i64| format_date(base + chrono::Duration::days(offset));
            let form = ParoleReviewForm {
                review_type: Some(ParoleReviewType::Recall),
                opened_on: date(opened),
                target_hearing_date: hearing.map(date).unwrap_or_default(),
                report_due_date: report.map(date).unwrap_or_default(),
                ..ParoleReviewForm::new(base, "")
            };
            if let Ok(details) = form.validate(today())
                && let Some(hearing) = details.target_hearing_date
            {
                prop_assert!(hearing >= details.opened_on);
                if let Some(report) = details.report_due_date {
                    prop_assert!(report <= hearing);
                }
            }
        }
    }
}
