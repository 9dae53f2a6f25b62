//! The prisoner form as typed, and how it becomes a valid record: every field checked
//! against today, each message kept beside the field it is about.

use super::*;
use crate::domain::release::ReleaseKind;

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
    AutomaticReleaseDate,
    HdcEligibilityDate,
    HdcApprovedDate,
    PostRecallReleaseDate,
    ApprovedParoleDate,
    RotlEligibilityDate,
    RecategorisationDueDate,
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
            Field::AutomaticReleaseDate => "automatic_release_date",
            Field::HdcEligibilityDate => "hdc_eligibility_date",
            Field::HdcApprovedDate => "hdc_approved_date",
            Field::PostRecallReleaseDate => "post_recall_release_date",
            Field::ApprovedParoleDate => "approved_parole_date",
            Field::RotlEligibilityDate => "rotl_eligibility_date",
            Field::RecategorisationDueDate => "recategorisation_due_date",
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
    pub automatic_release_date: String,
    pub hdc_eligibility_date: String,
    pub hdc_approved_date: String,
    pub post_recall_release_date: String,
    pub approved_parole_date: String,
    pub rotl_eligibility_date: String,
    pub recategorisation_due_date: String,
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
            reception_date: crate::domain::dates::format_date(today),
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
            automatic_release_date: format_optional_date(details.automatic_release_date),
            hdc_eligibility_date: format_optional_date(details.hdc_eligibility_date),
            hdc_approved_date: format_optional_date(details.hdc_approved_date),
            post_recall_release_date: format_optional_date(details.post_recall_release_date),
            approved_parole_date: format_optional_date(details.approved_parole_date),
            rotl_eligibility_date: format_optional_date(details.rotl_eligibility_date),
            recategorisation_due_date: format_optional_date(details.recategorisation_due_date),
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
        let automatic_release_date = date(Field::AutomaticReleaseDate, &self.automatic_release_date);
        let hdc_eligibility_date = date(Field::HdcEligibilityDate, &self.hdc_eligibility_date);
        let hdc_approved_date = date(Field::HdcApprovedDate, &self.hdc_approved_date);
        let post_recall_release_date = date(Field::PostRecallReleaseDate, &self.post_recall_release_date);
        let approved_parole_date = date(Field::ApprovedParoleDate, &self.approved_parole_date);
        let rotl_eligibility_date = date(Field::RotlEligibilityDate, &self.rotl_eligibility_date);
        let recategorisation_due_date = date(Field::RecategorisationDueDate, &self.recategorisation_due_date);
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
            Some(born) if crate::domain::dates::age_on(born, today) < 10 => {
                errors.insert(Field::DateOfBirth, "gives an age under 10: check the year")
            }
            Some(born) if crate::domain::dates::age_on(born, today) > 110 => {
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
                (Field::AutomaticReleaseDate, automatic_release_date),
                (Field::HdcEligibilityDate, hdc_eligibility_date),
                (Field::HdcApprovedDate, hdc_approved_date),
                (Field::PostRecallReleaseDate, post_recall_release_date),
                (Field::ApprovedParoleDate, approved_parole_date),
                (Field::RotlEligibilityDate, rotl_eligibility_date),
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
        if let Some(sentence_type) = sentence_type {
            for (field, kind, value) in [
                (Field::AutomaticReleaseDate, ReleaseKind::Ard, automatic_release_date),
                (Field::ConditionalReleaseDate, ReleaseKind::Crd, conditional_release_date),
                (Field::HdcEligibilityDate, ReleaseKind::Hdced, hdc_eligibility_date),
                (Field::HdcApprovedDate, ReleaseKind::Hdcad, hdc_approved_date),
                (Field::ParoleEligibilityDate, ReleaseKind::Ped, parole_eligibility_date),
                (Field::ApprovedParoleDate, ReleaseKind::Apd, approved_parole_date),
                (Field::PostRecallReleaseDate, ReleaseKind::Prrd, post_recall_release_date),
            ] {
                if value.is_some() && !kind.applies_to(sentence_type) {
                    let sentence = match sentence_type {
                        SentenceType::Determinate => "a determinate sentence",
                        SentenceType::Ipp | SentenceType::Life => "a life or IPP sentence",
                        SentenceType::Remand => "a prisoner on remand",
                    };
                    errors.insert(field, format!("{} ({}) does not apply to {sentence}", kind.code(), kind.meaning()));
                }
            }
        }
        if let (Some(eligible), Some(approved)) = (hdc_eligibility_date, hdc_approved_date)
            && approved < eligible
        {
            errors.insert(Field::HdcApprovedDate, "cannot be before the HDC eligibility date (HDCED)");
        }
        if let (Some(approved), Some(release)) = (hdc_approved_date, conditional_release_date)
            && approved > release
        {
            errors.insert(Field::HdcApprovedDate, "cannot be after the conditional release date (CRD)");
        }
        if post_recall_release_date.is_some() && !self.recall {
            errors.insert(Field::PostRecallReleaseDate, "a post-recall release date needs the recall box ticked");
        }
        if let Some(expiry) = sentence_expiry_date {
            for (field, value) in [
                (Field::AutomaticReleaseDate, automatic_release_date),
                (Field::HdcEligibilityDate, hdc_eligibility_date),
                (Field::RotlEligibilityDate, rotl_eligibility_date),
            ] {
                if value.is_some_and(|value| value > expiry) {
                    errors.insert(field, "cannot be after the sentence expiry date");
                }
            }
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
            automatic_release_date,
            hdc_eligibility_date,
            hdc_approved_date,
            post_recall_release_date,
            approved_parole_date,
            rotl_eligibility_date,
            recategorisation_due_date,
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
