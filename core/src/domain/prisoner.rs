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

/// Every field of the prisoner form, so a message can sit beside the field it is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    PrisonNumber,
    Surname,
    Forenames,
    PreferredName,
    DateOfBirth,
    ReceptionDate,
    ReceptionTime,
    Wing,
    Cell,
    SentenceType,
    SentenceLength,
    SentenceDate,
    ConditionalReleaseDate,
    ParoleEligibilityDate,
    LicenceExpiryDate,
    SentenceExpiryDate,
    TariffExpiryDate,
    SecurityCategory,
    LastOasysReviewDate,
    MappaCategory,
    MappaLevel,
    TransferHoldReason,
    Disability,
    FirstLanguage,
    LiteracyNeeds,
    Faith,
    FaithObservance,
    Nationality,
    OffenderManagerName,
    OffenderManagerArea,
    OffenderManagerContact,
    Notes,
}

impl Field {
    /// The field's name in the JSON exchange format.
    pub fn json_name(self) -> &'static str {
        match self {
            Field::PrisonNumber => "prison_number",
            Field::Surname => "surname",
            Field::Forenames => "forenames",
            Field::PreferredName => "preferred_name",
            Field::DateOfBirth => "date_of_birth",
            Field::ReceptionDate => "reception_date",
            Field::ReceptionTime => "reception_time",
            Field::Wing => "wing",
            Field::Cell => "cell",
            Field::SentenceType => "sentence_type",
            Field::SentenceLength => "sentence_length",
            Field::SentenceDate => "sentence_date",
            Field::ConditionalReleaseDate => "conditional_release_date",
            Field::ParoleEligibilityDate => "parole_eligibility_date",
            Field::LicenceExpiryDate => "licence_expiry_date",
            Field::SentenceExpiryDate => "sentence_expiry_date",
            Field::TariffExpiryDate => "tariff_expiry_date",
            Field::SecurityCategory => "security_category",
            Field::LastOasysReviewDate => "last_oasys_review_date",
            Field::MappaCategory => "mappa_category",
            Field::MappaLevel => "mappa_level",
            Field::TransferHoldReason => "transfer_hold_reason",
            Field::Disability => "disability",
            Field::FirstLanguage => "first_language",
            Field::LiteracyNeeds => "literacy_needs",
            Field::Faith => "faith",
            Field::FaithObservance => "faith_observance",
            Field::Nationality => "nationality",
            Field::OffenderManagerName => "offender_manager.name",
            Field::OffenderManagerArea => "offender_manager.area",
            Field::OffenderManagerContact => "offender_manager.contact",
            Field::Notes => "notes",
        }
    }
}

/// Messages for the fields that failed, in form order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(BTreeMap<Field, String>);

impl FieldErrors {
    /// Records the first problem found with `field`, in the words shown beside it.
    pub fn insert(&mut self, field: Field, problem: impl fmt::Display) {
        self.0.entry(field).or_insert_with(|| problem.to_string());
    }

    pub fn get(&self, field: Field) -> Option<&str> {
        self.0.get(&field).map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = (Field, &str)> {
        self.0.iter().map(|(field, message)| (*field, message.as_str()))
    }
}

/// The prisoner form as typed: text, choices and ticks, before validation. Kept whole
/// when a save fails, so nothing typed is lost.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrisonerForm {
    pub prison_number: String,
    pub surname: String,
    pub forenames: String,
    pub preferred_name: String,
    pub date_of_birth: String,
    pub reception_date: String,
    pub reception_time: String,
    pub wing: String,
    pub cell: String,
    pub sentence_type: Option<SentenceType>,
    pub sentence_years: String,
    pub sentence_months: String,
    pub sentence_days: String,
    pub sentence_date: String,
    pub conditional_release_date: String,
    pub parole_eligibility_date: String,
    pub licence_expiry_date: String,
    pub sentence_expiry_date: String,
    pub tariff_expiry_date: String,
    pub security_category: Option<String>,
    pub rosh: Option<Rosh>,
    pub reoffending_likelihood: Option<Likelihood>,
    pub last_oasys_review_date: String,
    pub mappa_category: Option<u8>,
    pub mappa_level: Option<u8>,
    pub ppo: bool,
    pub recall: bool,
    pub transfer_hold: bool,
    pub transfer_hold_reason: String,
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
    pub offender_manager_name: String,
    pub offender_manager_area: String,
    pub offender_manager_contact: String,
    pub allocated_supervisor_id: Option<i64>,
    pub notes: String,
}

impl PrisonerForm {
    /// A blank form for a new reception: determinate sentence, received today.
    pub fn new_reception(today: NaiveDate) -> Self {
        Self {
            sentence_type: Some(SentenceType::Determinate),
            reception_date: super::dates::format_date(today),
            ..Self::default()
        }
    }

    pub fn from_details(details: &PrisonerDetails) -> Self {
        let number = |value: u32| {
            if value == 0 { String::new() } else { value.to_string() }
        };
        let length = details.sentence_length.unwrap_or_default();
        Self {
            prison_number: details.prison_number.to_string(),
            surname: details.surname.clone(),
            forenames: details.forenames.clone(),
            preferred_name: details.preferred_name.clone(),
            date_of_birth: format_optional_date(Some(details.date_of_birth)),
            reception_date: format_optional_date(details.reception_date),
            reception_time: details.reception_time.map(|time| time.format("%H:%M").to_string()).unwrap_or_default(),
            wing: details.wing.clone(),
            cell: details.cell.clone(),
            sentence_type: Some(details.sentence_type),
            sentence_years: number(length.years),
            sentence_months: number(length.months),
            sentence_days: number(length.days),
            sentence_date: format_optional_date(details.sentence_date),
            conditional_release_date: format_optional_date(details.conditional_release_date),
            parole_eligibility_date: format_optional_date(details.parole_eligibility_date),
            licence_expiry_date: format_optional_date(details.licence_expiry_date),
            sentence_expiry_date: format_optional_date(details.sentence_expiry_date),
            tariff_expiry_date: format_optional_date(details.tariff_expiry_date),
            security_category: details.security_category.clone(),
            rosh: details.rosh,
            reoffending_likelihood: details.reoffending_likelihood,
            last_oasys_review_date: format_optional_date(details.last_oasys_review_date),
            mappa_category: details.mappa_category,
            mappa_level: details.mappa_level,
            ppo: details.ppo,
            recall: details.recall,
            transfer_hold: details.transfer_hold,
            transfer_hold_reason: details.transfer_hold_reason.clone(),
            disability: details.diversity.disability.clone(),
            first_language: details.diversity.first_language.clone(),
            interpreter_needed: details.diversity.interpreter_needed,
            literacy_needs: details.diversity.literacy_needs.clone(),
            faith: details.diversity.faith.clone(),
            faith_observance: details.diversity.faith_observance.clone(),
            care_leaver: details.diversity.care_leaver,
            veteran: details.diversity.veteran,
            foreign_national: details.diversity.foreign_national,
            nationality: details.diversity.nationality.clone(),
            offender_manager_name: details.offender_manager.name.clone(),
            offender_manager_area: details.offender_manager.area.clone(),
            offender_manager_contact: details.offender_manager.contact.clone(),
            allocated_supervisor_id: details.allocated_supervisor_id,
            notes: details.notes.clone(),
        }
    }

    /// Checks every field against today's date; returns the record or a message for
    /// each field that is wrong.
    pub fn validate(&self, today: NaiveDate) -> Result<PrisonerDetails, FieldErrors> {
        let mut errors = FieldErrors::default();

        let prison_number = PrisonNumber::parse(&self.prison_number)
            .map_err(|message| errors.insert(Field::PrisonNumber, message))
            .ok();
        let mut line = |field: Field, value: &str, max: usize, required: bool| -> String {
            match clean_line(value, max) {
                Ok(clean) if required && clean.is_empty() => {
                    errors.insert(field, "required");
                    clean
                }
                Ok(clean) => clean,
                Err(message) => {
                    errors.insert(field, message);
                    String::new()
                }
            }
        };
        let surname = line(Field::Surname, &self.surname, NAME_MAX_CHARS, true);
        let forenames = line(Field::Forenames, &self.forenames, NAME_MAX_CHARS, true);
        let preferred_name = line(Field::PreferredName, &self.preferred_name, NAME_MAX_CHARS, false);
        let wing = line(Field::Wing, &self.wing, SHORT_TEXT_MAX_CHARS, false);
        let cell = line(Field::Cell, &self.cell, SHORT_TEXT_MAX_CHARS, false);
        let transfer_hold_reason =
            line(Field::TransferHoldReason, &self.transfer_hold_reason, SHORT_TEXT_MAX_CHARS, false);
        let disability = line(Field::Disability, &self.disability, SHORT_TEXT_MAX_CHARS, false);
        let first_language = line(Field::FirstLanguage, &self.first_language, SHORT_TEXT_MAX_CHARS, false);
        let literacy_needs = line(Field::LiteracyNeeds, &self.literacy_needs, SHORT_TEXT_MAX_CHARS, false);
        let faith = line(Field::Faith, &self.faith, SHORT_TEXT_MAX_CHARS, false);
        let faith_observance = line(Field::FaithObservance, &self.faith_observance, SHORT_TEXT_MAX_CHARS, false);
        let nationality = line(Field::Nationality, &self.nationality, SHORT_TEXT_MAX_CHARS, false);
        let om_name = line(Field::OffenderManagerName, &self.offender_manager_name, NAME_MAX_CHARS, false);
        let om_area = line(Field::OffenderManagerArea, &self.offender_manager_area, SHORT_TEXT_MAX_CHARS, false);
        let om_contact =
            line(Field::OffenderManagerContact, &self.offender_manager_contact, SHORT_TEXT_MAX_CHARS, false);
        let notes = clean_notes(&self.notes, NOTES_MAX_CHARS)
            .map_err(|message| errors.insert(Field::Notes, message))
            .unwrap_or_default();

        let mut date = |field: Field, value: &str| -> Option<NaiveDate> {
            parse_date(value).map_err(|message| errors.insert(field, message)).ok().flatten()
        };
        let date_of_birth = date(Field::DateOfBirth, &self.date_of_birth);
        let reception_date = date(Field::ReceptionDate, &self.reception_date);
        let sentence_date = date(Field::SentenceDate, &self.sentence_date);
        let conditional_release_date = date(Field::ConditionalReleaseDate, &self.conditional_release_date);
        let parole_eligibility_date = date(Field::ParoleEligibilityDate, &self.parole_eligibility_date);
        let licence_expiry_date = date(Field::LicenceExpiryDate, &self.licence_expiry_date);
        let sentence_expiry_date = date(Field::SentenceExpiryDate, &self.sentence_expiry_date);
        let tariff_expiry_date = date(Field::TariffExpiryDate, &self.tariff_expiry_date);
        let last_oasys_review_date = date(Field::LastOasysReviewDate, &self.last_oasys_review_date);

        let reception_time = parse_time(&self.reception_time)
            .map_err(|message| errors.insert(Field::ReceptionTime, message))
            .ok()
            .flatten();
        if reception_time.is_some() && reception_date.is_none() && self.reception_date.trim().is_empty() {
            errors.insert(Field::ReceptionDate, "a reception time needs a reception date");
        }

        match date_of_birth {
            None if self.date_of_birth.trim().is_empty() => errors.insert(Field::DateOfBirth, "required"),
            Some(born) if born >= today => errors.insert(Field::DateOfBirth, "must be in the past"),
            Some(born) if super::dates::age_on(born, today) < 10 => {
                errors.insert(Field::DateOfBirth, "gives an age under 10: check the year")
            }
            Some(born) if super::dates::age_on(born, today) > 110 => {
                errors.insert(Field::DateOfBirth, "gives an age over 110: check the year")
            }
            _ => {}
        }
        for (field, value) in [
            (Field::ReceptionDate, reception_date),
            (Field::SentenceDate, sentence_date),
            (Field::LastOasysReviewDate, last_oasys_review_date),
        ] {
            if let Some(value) = value {
                if value > today {
                    errors.insert(field, "cannot be in the future");
                }
                if date_of_birth.is_some_and(|born| value < born) {
                    errors.insert(field, "cannot be before the date of birth");
                }
            }
        }
        if let Some(start) = sentence_date {
            for (field, value) in [
                (Field::ConditionalReleaseDate, conditional_release_date),
                (Field::ParoleEligibilityDate, parole_eligibility_date),
                (Field::LicenceExpiryDate, licence_expiry_date),
                (Field::SentenceExpiryDate, sentence_expiry_date),
                (Field::TariffExpiryDate, tariff_expiry_date),
            ] {
                if value.is_some_and(|value| value < start) {
                    errors.insert(field, "cannot be before the sentence date");
                }
            }
        }
        if let (Some(release), Some(expiry)) = (conditional_release_date, sentence_expiry_date)
            && expiry < release
        {
            errors.insert(Field::SentenceExpiryDate, "cannot be before the conditional release date");
        }

        let sentence_type = self.sentence_type;
        if sentence_type.is_none() {
            errors.insert(Field::SentenceType, "required");
        }
        let sentence_length = self.sentence_length(&mut errors);
        match sentence_type {
            Some(SentenceType::Determinate)
                if sentence_length.is_none() && !errors_has(&errors, Field::SentenceLength) =>
            {
                errors.insert(Field::SentenceLength, "a determinate sentence needs its length")
            }
            Some(SentenceType::Remand) if sentence_length.is_some() => {
                errors.insert(Field::SentenceLength, "a remand prisoner has no sentence length")
            }
            Some(SentenceType::Remand) if sentence_date.is_some() => {
                errors.insert(Field::SentenceDate, "a remand prisoner has no sentence date")
            }
            Some(SentenceType::Determinate) if tariff_expiry_date.is_some() => {
                errors.insert(Field::TariffExpiryDate, "tariff expiry applies to life and IPP sentences only")
            }
            _ => {}
        }

        match (self.mappa_category, self.mappa_level) {
            (None, Some(_)) => errors.insert(Field::MappaCategory, "a MAPPA level needs a category"),
            (Some(category), _) if !(1..=3).contains(&category) => {
                errors.insert(Field::MappaCategory, "MAPPA category is 1, 2 or 3")
            }
            (_, Some(level)) if !(1..=3).contains(&level) => {
                errors.insert(Field::MappaLevel, "MAPPA level is 1, 2 or 3")
            }
            _ => {}
        }
        if self.transfer_hold && transfer_hold_reason.is_empty() {
            errors
                .insert(Field::TransferHoldReason, "say why the transfer is held (e.g. the programme being completed)");
        }

        let security_category =
            self.security_category.as_deref().map(str::trim).filter(|code| !code.is_empty()).map(str::to_string);

        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(PrisonerDetails {
            prison_number: prison_number.expect("checked above"),
            surname,
            forenames,
            preferred_name,
            date_of_birth: date_of_birth.expect("checked above"),
            reception_date,
            reception_time,
            wing,
            cell,
            sentence_type: sentence_type.expect("checked above"),
            sentence_length,
            sentence_date,
            conditional_release_date,
            parole_eligibility_date,
            licence_expiry_date,
            sentence_expiry_date,
            tariff_expiry_date,
            security_category,
            rosh: self.rosh,
            reoffending_likelihood: self.reoffending_likelihood,
            last_oasys_review_date,
            mappa_category: self.mappa_category,
            mappa_level: self.mappa_level,
            ppo: self.ppo,
            recall: self.recall,
            transfer_hold: self.transfer_hold,
            transfer_hold_reason,
            diversity: DiversityNeeds {
                disability,
                first_language,
                interpreter_needed: self.interpreter_needed,
                literacy_needs,
                faith,
                faith_observance,
                care_leaver: self.care_leaver,
                veteran: self.veteran,
                foreign_national: self.foreign_national,
                nationality,
            },
            offender_manager: OffenderManager { name: om_name, area: om_area, contact: om_contact },
            allocated_supervisor_id: self.allocated_supervisor_id,
            notes,
        })
    }

    fn sentence_length(&self, errors: &mut FieldErrors) -> Option<SentenceLength> {
        let mut part = |value: &str, unit: &str, max: u32| -> u32 {
            let value = value.trim();
            if value.is_empty() {
                return 0;
            }
            match value.parse::<u32>() {
                Ok(number) if number <= max => number,
                _ => {
                    errors.insert(Field::SentenceLength, format!("{unit} must be a whole number from 0 to {max}"));
                    0
                }
            }
        };
        let length = SentenceLength {
            years: part(&self.sentence_years, "years", 99),
            months: part(&self.sentence_months, "months", 1188),
            days: part(&self.sentence_days, "days", 36_500),
        };
        (!length.is_zero()).then_some(length)
    }
}

fn errors_has(errors: &FieldErrors, field: Field) -> bool {
    errors.get(field).is_some()
}

/// How often RoH is reviewed and the supervisor sees the prisoner.
pub const OASYS_REVIEW_MONTHS: u32 = 4;
pub const SUPERVISOR_CONTACT_MONTHS: u32 = 1;

/// What the caseload shows for one prisoner, worked out from the record.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseSummary {
    pub scope: Assessment<bool>,
    pub tier: Assessment<Option<String>>,
    pub review_due: Assessment<NaiveDate>,
    pub contact_due: Assessment<NaiveDate>,
    /// `None` until a plan has been agreed.
    pub plan_review_due: Option<Assessment<NaiveDate>>,
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
        None => Assessment::new(details.reception_date.unwrap_or(today).min(today), "no OASys/RoH review recorded"),
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
    }
}

#[cfg(test)]
mod tests {
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
        assert!(
            no_length.validate(today()).unwrap_err().get(Field::SentenceLength).unwrap().contains("needs its length")
        );
        let bad_length = PrisonerForm { sentence_months: "six".into(), ..valid_form() };
        assert!(bad_length.validate(today()).unwrap_err().get(Field::SentenceLength).unwrap().contains("months"));
        let life = PrisonerForm {
            sentence_type: Some(SentenceType::Life),
            sentence_years: String::new(),
            tariff_expiry_date: "01/01/2040".into(),
            ..valid_form()
        };
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
        let earlier =
            CaseFacts { last_significant_change: NaiveDate::from_ymd_opt(2026, 9, 1), ..CaseFacts::default() };
        let summary = summarise(&details, &TierTable::default(), &earlier, today());
        assert_eq!(summary.review_due.value, NaiveDate::from_ymd_opt(2027, 2, 1).unwrap());
    }

    #[test]
    fn no_review_or_contact_recorded_is_due_now() {
        let details = valid_form().validate(today()).unwrap();
        let summary = summarise(&details, &TierTable::default(), &CaseFacts::default(), today());
        assert_eq!(summary.review_due.reason, "no OASys/RoH review recorded");
        assert!(summary.review_state(today()) != DueState::NotYetDue(0));
        assert_eq!(summary.contact_due.value, NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
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
}
