//! The prisoner record: what is kept, how typed input becomes a valid record, and
//! what is computed from it (scope, tier, when the next review and contact are due).

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

use super::dates::{DueState, add_months, due_state, format_optional_date, parse_date, parse_time};
use super::form::Problem;
use super::risk::{Assessment, Likelihood, Rosh, ScopeFacts, SentenceLength, SentenceType, TierTable, assess_scope};
use super::text::{NAME_MAX_CHARS, NOTES_MAX_CHARS, SHORT_TEXT_MAX_CHARS, clean_line, clean_notes};

mod form;
pub use form::{Field, FieldErrors, PrisonerForm};

/// A NOMIS prison number: a letter, four digits, two letters (`A1234BC`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PrisonNumber(String);

impl PrisonNumber {
    pub fn parse(input: &str) -> Result<Self, Problem> {
        let value: String = input.trim().to_uppercase();
        if value.is_empty() {
            return Err(Problem::Required);
        }
        let bytes = value.as_bytes();
        let well_formed = bytes.len() == 7
            && bytes[0].is_ascii_uppercase()
            && bytes[1..5].iter().all(u8::is_ascii_digit)
            && bytes[5..7].iter().all(u8::is_ascii_uppercase);
        if !well_formed {
            return Err(Problem::Rule(format!(
                "'{}' is not a prison number: a letter, four digits and two letters, e.g. A1234BC",
                input.trim()
            )));
        }
        Ok(Self(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for PrisonNumber {
    type Error = Problem;
    fn try_from(value: String) -> Result<Self, Problem> {
        Self::parse(&value)
    }
}

impl From<PrisonNumber> for String {
    fn from(number: PrisonNumber) -> String {
        number.0
    }
}

impl fmt::Display for PrisonNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Needs to assess early and carry into the plan.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiversityNeeds {
    pub disability: String,
    pub first_language: String,
    pub interpreter_needed: bool,
    pub literacy_needs: String,
    pub faith: String,
    pub faith_observance: String,
    pub care_leaver: bool,
    pub veteran: bool,
    pub foreign_national: bool,
    pub nationality: String,
}

impl DiversityNeeds {
    /// The needs worth showing where a plan or meeting is prepared, one line each.
    pub fn summary(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if !self.disability.is_empty() {
            lines.push(format!("Disability: {}", self.disability));
        }
        if self.interpreter_needed {
            let language = if self.first_language.is_empty() {
                "language not recorded".to_string()
            } else {
                self.first_language.clone()
            };
            lines.push(format!("Interpreter needed ({language})"));
        } else if !self.first_language.is_empty() && !self.first_language.eq_ignore_ascii_case("english") {
            lines.push(format!("First language: {}", self.first_language));
        }
        if !self.literacy_needs.is_empty() {
            lines.push(format!("Literacy: {}", self.literacy_needs));
        }
        if !self.faith.is_empty() {
            if self.faith_observance.is_empty() {
                lines.push(format!("Faith: {}", self.faith));
            } else {
                lines.push(format!("Faith: {} ({})", self.faith, self.faith_observance));
            }
        }
        if self.foreign_national {
            if self.nationality.is_empty() {
                lines.push("Foreign national".to_string());
            } else {
                lines.push(format!("Foreign national ({})", self.nationality));
            }
        }
        if self.care_leaver {
            lines.push("Care leaver".to_string());
        }
        if self.veteran {
            lines.push("Armed forces veteran".to_string());
        }
        lines
    }
}

/// The community offender manager who owns the sentence end to end.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffenderManager {
    pub name: String,
    pub area: String,
    pub contact: String,
}

/// A valid prisoner record, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct PrisonerDetails {
    pub prison_number: PrisonNumber,
    pub surname: String,
    pub forenames: String,
    pub preferred_name: String,
    pub date_of_birth: NaiveDate,
    pub reception_date: Option<NaiveDate>,
    pub reception_time: Option<NaiveTime>,
    pub wing: String,
    pub cell: String,
    pub sentence_type: SentenceType,
    pub sentence_length: Option<SentenceLength>,
    pub sentence_date: Option<NaiveDate>,
    pub conditional_release_date: Option<NaiveDate>,
    pub parole_eligibility_date: Option<NaiveDate>,
    pub licence_expiry_date: Option<NaiveDate>,
    pub sentence_expiry_date: Option<NaiveDate>,
    pub tariff_expiry_date: Option<NaiveDate>,
    pub automatic_release_date: Option<NaiveDate>,
    pub hdc_eligibility_date: Option<NaiveDate>,
    pub hdc_approved_date: Option<NaiveDate>,
    pub post_recall_release_date: Option<NaiveDate>,
    pub approved_parole_date: Option<NaiveDate>,
    pub rotl_eligibility_date: Option<NaiveDate>,
    pub recategorisation_due_date: Option<NaiveDate>,
    pub security_category: Option<String>,
    pub rosh: Option<Rosh>,
    pub reoffending_likelihood: Option<Likelihood>,
    pub last_oasys_review_date: Option<NaiveDate>,
    pub mappa_category: Option<u8>,
    pub mappa_level: Option<u8>,
    pub ppo: bool,
    pub recall: bool,
    pub transfer_hold: bool,
    pub transfer_hold_reason: String,
    pub diversity: DiversityNeeds,
    pub offender_manager: OffenderManager,
    pub allocated_supervisor_id: Option<i64>,
    pub notes: String,
}

impl PrisonerDetails {
    /// "O'Brien, Seán" as lists and printouts show it.
    pub fn display_name(&self) -> String {
        format!("{}, {}", self.surname, self.forenames)
    }

    pub fn location(&self) -> String {
        match (self.wing.is_empty(), self.cell.is_empty()) {
            (false, false) => format!("{}-{}", self.wing, self.cell),
            (false, true) => self.wing.clone(),
            (true, false) => self.cell.clone(),
            (true, true) => String::new(),
        }
    }

    pub fn scope_facts(&self) -> ScopeFacts {
        ScopeFacts {
            date_of_birth: self.date_of_birth,
            sentence_type: self.sentence_type,
            sentence_length: self.sentence_length,
            sentence_date: self.sentence_date,
            rosh: self.rosh,
            ppo: self.ppo,
        }
    }
}

/// A stored prisoner.
#[derive(Debug, Clone, PartialEq)]
pub struct Prisoner {
    pub id: i64,
    pub details: PrisonerDetails,
    pub archived: bool,
}

/// How often RoH is reviewed and the supervisor sees the prisoner.
pub const OASYS_REVIEW_MONTHS: u32 = 4;
pub const SUPERVISOR_CONTACT_MONTHS: u32 = 1;
/// Days after reception by which a prisoner with no OASys/RoH review on record has
/// had its status checked (the induction template's first-week item).
pub const FIRST_OASYS_CHECK_DAYS: i64 = 7;

/// What the caseload shows for one prisoner, worked out from the record.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseSummary {
    pub scope: Assessment<bool>,
    pub tier: Assessment<Option<String>>,
    pub review_due: Assessment<NaiveDate>,
    pub contact_due: Assessment<NaiveDate>,
    /// `None` until a plan has been agreed.
    pub plan_review_due: Option<Assessment<NaiveDate>>,
    /// The nearest release date ahead, of the kinds the sentence has.
    pub earliest_release: Option<super::release::EarliestRelease>,
}

impl CaseSummary {
    pub fn review_state(&self, today: NaiveDate) -> DueState {
        due_state(self.review_due.value, today)
    }

    pub fn contact_state(&self, today: NaiveDate) -> DueState {
        due_state(self.contact_due.value, today)
    }
}

/// What else the case file knows that changes when things fall due.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CaseFacts {
    /// The latest contact that counts as the supervisor seeing the prisoner.
    pub last_supervisor_contact: Option<NaiveDate>,
    /// The latest significant change recorded: it brings the OASys review forward.
    pub last_significant_change: Option<NaiveDate>,
    /// The review date set when the latest plan version was agreed.
    pub plan_review_due: Option<NaiveDate>,
}

/// Works out scope, tier and what is due for one prisoner.
pub fn summarise(details: &PrisonerDetails, tiers: &TierTable, facts: &CaseFacts, today: NaiveDate) -> CaseSummary {
    use super::dates::format_date;
    let routine_review = match details.last_oasys_review_date {
        Some(last) => Assessment::new(
            add_months(last, OASYS_REVIEW_MONTHS),
            format!(
                "last OASys/RoH review {}, reviewed at least every {OASYS_REVIEW_MONTHS} months",
                format_date(last)
            ),
        ),
        // A new reception's OASys status is checked in the first week (the induction
        // item), not overdue on the day they arrive.
        None => match details.reception_date {
            Some(received) => Assessment::new(
                received + chrono::Duration::days(FIRST_OASYS_CHECK_DAYS),
                format!(
                    "no OASys/RoH review recorded: check its status in the first week after reception on {}",
                    format_date(received)
                ),
            ),
            None => Assessment::new(today, "no OASys/RoH review recorded"),
        },
    };
    let review_due = match facts.last_significant_change {
        Some(change)
            if details.last_oasys_review_date.is_none_or(|last| change > last) && change < routine_review.value =>
        {
            Assessment::new(change, format!("significant change recorded on {}: review RoH now", format_date(change)))
        }
        _ => routine_review,
    };
    let contact_due = match facts.last_supervisor_contact {
        Some(last) => Assessment::new(
            add_months(last, SUPERVISOR_CONTACT_MONTHS),
            format!("last seen by the supervisor {}, seen at least monthly", format_date(last)),
        ),
        None => match details.reception_date {
            Some(received) => Assessment::new(
                add_months(received, SUPERVISOR_CONTACT_MONTHS),
                format!("no supervisor contact recorded since reception on {}", format_date(received)),
            ),
            None => Assessment::new(today, "no supervisor contact recorded"),
        },
    };
    CaseSummary {
        scope: assess_scope(&details.scope_facts(), today),
        tier: tiers.assess(details.sentence_type, details.rosh, details.reoffending_likelihood),
        review_due,
        contact_due,
        plan_review_due: facts
            .plan_review_due
            .map(|date| Assessment::new(date, "review date set when the current plan was agreed")),
        earliest_release: super::release::earliest_release(details, today),
    }
}

#[cfg(test)]
mod tests;
