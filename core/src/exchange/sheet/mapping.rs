//! Which column holds which field of the record, proposed from the headings a
//! spreadsheet uses ("Prison No", "DOB", "RoSH"), and the table that turns the words
//! people type ("VH", "Med", "Y") into the record's own values.
//!
//! Over 600 lines because the headings it recognises, the words it translates and
//! the filling of a form from a cell are one vocabulary, kept in one file.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::read::Cell;
use crate::domain::prisoner::PrisonerForm;
use crate::domain::risk::{Coded, Likelihood, Rosh, SentenceType};
use crate::domain::text::fold;

/// A field of the record a column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SheetField {
    PrisonNumber,
    Surname,
    Forenames,
    /// "SURNAME, Forenames" or "Forenames Surname" in one column.
    FullName,
    PreferredName,
    DateOfBirth,
    ReceptionDate,
    Wing,
    Cell,
    /// "C-2-18": the wing, then the cell.
    Location,
    SentenceType,
    SentenceLength,
    SentenceDate,
    ConditionalReleaseDate,
    ParoleEligibilityDate,
    LicenceExpiryDate,
    SentenceExpiryDate,
    TariffExpiryDate,
    HdcEligibilityDate,
    SecurityCategory,
    Rosh,
    ReoffendingLikelihood,
    LastOasysReviewDate,
    MappaCategory,
    MappaLevel,
    Ppo,
    Recall,
    Supervisor,
    OffenderManager,
    Nationality,
    FirstLanguage,
    Notes,
}

impl SheetField {
    pub const ALL: [SheetField; 32] = [
        SheetField::PrisonNumber,
        SheetField::Surname,
        SheetField::Forenames,
        SheetField::FullName,
        SheetField::PreferredName,
        SheetField::DateOfBirth,
        SheetField::ReceptionDate,
        SheetField::Wing,
        SheetField::Cell,
        SheetField::Location,
        SheetField::SentenceType,
        SheetField::SentenceLength,
        SheetField::SentenceDate,
        SheetField::ConditionalReleaseDate,
        SheetField::ParoleEligibilityDate,
        SheetField::LicenceExpiryDate,
        SheetField::SentenceExpiryDate,
        SheetField::TariffExpiryDate,
        SheetField::HdcEligibilityDate,
        SheetField::SecurityCategory,
        SheetField::Rosh,
        SheetField::ReoffendingLikelihood,
        SheetField::LastOasysReviewDate,
        SheetField::MappaCategory,
        SheetField::MappaLevel,
        SheetField::Ppo,
        SheetField::Recall,
        SheetField::Supervisor,
        SheetField::OffenderManager,
        SheetField::Nationality,
        SheetField::FirstLanguage,
        SheetField::Notes,
    ];

    /// The field's name as the record shows it.
    pub fn label(self) -> &'static str {
        match self {
            SheetField::PrisonNumber => "Prison number",
            SheetField::Surname => "Surname",
            SheetField::Forenames => "Forenames",
            SheetField::FullName => "Full name",
            SheetField::PreferredName => "Preferred name",
            SheetField::DateOfBirth => "Date of birth",
            SheetField::ReceptionDate => "Reception date",
            SheetField::Wing => "Wing",
            SheetField::Cell => "Cell",
            SheetField::Location => "Location (wing-cell)",
            SheetField::SentenceType => "Sentence type",
            SheetField::SentenceLength => "Sentence length",
            SheetField::SentenceDate => "Sentence date",
            SheetField::ConditionalReleaseDate => "Conditional release (CRD)",
            SheetField::ParoleEligibilityDate => "Parole eligibility (PED)",
            SheetField::LicenceExpiryDate => "Licence expiry (LED)",
            SheetField::SentenceExpiryDate => "Sentence expiry (SED)",
            SheetField::TariffExpiryDate => "Tariff expiry (TED)",
            SheetField::HdcEligibilityDate => "HDC eligibility (HDCED)",
            SheetField::SecurityCategory => "Security category",
            SheetField::Rosh => "Risk of serious harm (RoH)",
            SheetField::ReoffendingLikelihood => "Likelihood of reoffending",
            SheetField::LastOasysReviewDate => "Last OASys review",
            SheetField::MappaCategory => "MAPPA category",
            SheetField::MappaLevel => "MAPPA level",
            SheetField::Ppo => "PPO",
            SheetField::Recall => "Recall",
            SheetField::Supervisor => "Offender supervisor",
            SheetField::OffenderManager => "Offender manager",
            SheetField::Nationality => "Nationality",
            SheetField::FirstLanguage => "First language",
            SheetField::Notes => "Notes",
        }
    }

    /// Headings spreadsheets use for it, folded (lower case, no accents, letters and
    /// digits only).
    fn headings(self) -> &'static [&'static str] {
        match self {
            SheetField::PrisonNumber => &[
                "prisonnumber",
                "prisonno",
                "prisonnum",
                "nomsnumber",
                "nomsno",
                "noms",
                "prisonerno",
                "prisonernumber",
                "number",
                "pno",
            ],
            SheetField::Surname => &["surname", "lastname", "familyname"],
            SheetField::Forenames => &["forenames", "forename", "firstname", "firstnames", "givenname", "givennames"],
            SheetField::FullName => &["name", "fullname", "prisonername", "prisoner"],
            SheetField::PreferredName => &["preferredname", "knownas", "aka"],
            SheetField::DateOfBirth => &["dateofbirth", "dob", "birthdate", "born"],
            SheetField::ReceptionDate => &["receptiondate", "reception", "received", "arrived", "dateofreception"],
            SheetField::Wing => &["wing", "unit", "houseblock"],
            SheetField::Cell => &["cell", "cellno"],
            SheetField::Location => &["location", "cellocation", "celllocation"],
            SheetField::SentenceType => &["sentencetype", "type", "sentence"],
            SheetField::SentenceLength => &["sentencelength", "length", "term"],
            SheetField::SentenceDate => &["sentencedate", "sentenced", "dateofsentence"],
            SheetField::ConditionalReleaseDate => {
                &["crd", "conditionalreleasedate", "conditionalrelease", "releasedate"]
            }
            SheetField::ParoleEligibilityDate => &["ped", "paroleeligibilitydate", "paroleeligibility"],
            SheetField::LicenceExpiryDate => &["led", "licenceexpirydate", "licenceexpiry", "licenseexpiry"],
            SheetField::SentenceExpiryDate => &["sed", "sentenceexpirydate", "sentenceexpiry", "sled"],
            SheetField::TariffExpiryDate => &["ted", "tariffexpirydate", "tariffexpiry", "tariff"],
            SheetField::HdcEligibilityDate => &["hdced", "hdceligibilitydate", "hdceligibility", "hdc"],
            SheetField::SecurityCategory => &["category", "cat", "securitycategory", "seccat"],
            SheetField::Rosh => &["rosh", "roh", "riskofseriousharm", "riskofharm", "risk"],
            SheetField::ReoffendingLikelihood => {
                &["likelihoodofreoffending", "reoffending", "ogrs", "reoffendingrisk", "rsr"]
            }
            SheetField::LastOasysReviewDate => &["lastoasys", "oasys", "oasysdate", "lastoasysreview", "oasysreview"],
            SheetField::MappaCategory => &["mappa", "mappacategory", "mappacat"],
            SheetField::MappaLevel => &["mappalevel", "level"],
            SheetField::Ppo => &["ppo", "prolificpriorityoffender"],
            SheetField::Recall => &["recall", "recalled"],
            SheetField::Supervisor => {
                &["supervisor", "offendersupervisor", "os", "pom", "keyworker", "allocatedto", "allocated"]
            }
            SheetField::OffenderManager => &["offendermanager", "om", "com", "probationofficer"],
            SheetField::Nationality => &["nationality"],
            SheetField::FirstLanguage => &["firstlanguage", "language"],
            SheetField::Notes => &["notes", "comments", "comment", "remarks"],
        }
    }

    /// The field a heading means, if any: the same words, ignoring case, spaces,
    /// punctuation and accents.
    pub fn for_heading(heading: &str) -> Option<SheetField> {
        let folded = squash(heading);
        if folded.is_empty() {
            return None;
        }
        SheetField::ALL.into_iter().find(|field| field.headings().contains(&folded.as_str()))
    }
}

/// Letters and digits only, lower case, no accents: "Prison No." → "prisonno".
fn squash(text: &str) -> String {
    fold(text).chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase()
}

/// Which field each column fills (`None`: not imported), by column.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    /// The row holding the headings, counted from 1 as the spreadsheet shows it.
    pub heading_row: usize,
    pub columns: Vec<Option<SheetField>>,
    /// Words people type, and the record's value they mean, beyond the built-in ones.
    #[serde(default)]
    pub values: ValueTable,
}

impl Mapping {
    /// A mapping as `--write-mapping` writes it, read back (perhaps edited by hand).
    pub fn from_json(text: &str) -> Result<Self, String> {
        serde_json::from_str(text).map_err(|error| format!("not a mapping: {error}"))
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a mapping is plain data")
    }

    /// Each field mapped from more than one column, with the headings.
    pub fn mapped_twice(&self, headings: &[String]) -> Vec<String> {
        let mut by_field: BTreeMap<SheetField, Vec<&str>> = BTreeMap::new();
        for (column, field) in self.columns.iter().enumerate() {
            if let Some(field) = field {
                by_field.entry(*field).or_default().push(headings.get(column).map_or("?", String::as_str));
            }
        }
        by_field
            .into_iter()
            .filter(|(_, columns)| columns.len() > 1)
            .map(|(field, columns)| {
                format!(
                    "{} is mapped from more than one column ('{}'): choose one",
                    field.label(),
                    columns.join("', '")
                )
            })
            .collect()
    }

    pub fn column_of(&self, field: SheetField) -> Option<usize> {
        self.columns.iter().position(|mapped| *mapped == Some(field))
    }
}

/// Proposes a mapping: the heading row is the first of the top 20 with two or more
/// known headings (else the first row), read by [`propose_at`].
pub fn propose(rows: &[Vec<Cell>]) -> Mapping {
    let known = |row: &Vec<Cell>| row.iter().filter(|cell| SheetField::for_heading(&cell.shown()).is_some()).count();
    let heading_index = rows.iter().take(20).position(|row| known(row) >= 2).unwrap_or(0);
    propose_at(rows, heading_index + 1)
}

/// Proposes a mapping with the headings on `heading_row` (counted from 1): each
/// column gets the field its heading means; the first column for a field wins and
/// the others are left out.
pub fn propose_at(rows: &[Vec<Cell>], heading_row: usize) -> Mapping {
    let mut columns = Vec::new();
    let mut taken = Vec::new();
    for cell in rows.get(heading_row.saturating_sub(1)).into_iter().flatten() {
        let field = SheetField::for_heading(&cell.shown()).filter(|field| !taken.contains(field));
        if let Some(field) = field {
            taken.push(field);
        }
        columns.push(field);
    }
    Mapping { heading_row: heading_row.max(1), columns, values: ValueTable::default() }
}

/// The choice fields whose words the value table reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    Rosh,
    Likelihood,
    SentenceType,
    YesNo,
}

impl std::fmt::Display for ValueKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

impl ValueKind {
    pub const ALL: [ValueKind; 4] = [ValueKind::Rosh, ValueKind::Likelihood, ValueKind::SentenceType, ValueKind::YesNo];

    pub fn label(self) -> &'static str {
        match self {
            ValueKind::Rosh => "Risk of serious harm",
            ValueKind::Likelihood => "Likelihood of reoffending",
            ValueKind::SentenceType => "Sentence type",
            ValueKind::YesNo => "Yes or no (PPO, recall)",
        }
    }

    /// The values the record takes, as codes.
    pub fn codes(self) -> Vec<&'static str> {
        match self {
            ValueKind::Rosh => Rosh::ALL.iter().map(|value| value.code()).collect(),
            ValueKind::Likelihood => Likelihood::ALL.iter().map(|value| value.code()).collect(),
            ValueKind::SentenceType => SentenceType::ALL.iter().map(|value| value.code()).collect(),
            ValueKind::YesNo => vec!["yes", "no"],
        }
    }

    /// The words understood without being told, folded, and the code each means.
    fn built_in(self) -> &'static [(&'static str, &'static str)] {
        match self {
            ValueKind::Rosh => &[
                ("low", "low"),
                ("l", "low"),
                ("lo", "low"),
                ("medium", "medium"),
                ("med", "medium"),
                ("m", "medium"),
                ("high", "high"),
                ("h", "high"),
                ("hi", "high"),
                ("veryhigh", "very_high"),
                ("vhigh", "very_high"),
                ("vh", "very_high"),
                ("v", "very_high"),
            ],
            ValueKind::Likelihood => &[
                ("low", "low"),
                ("l", "low"),
                ("medium", "medium"),
                ("med", "medium"),
                ("m", "medium"),
                ("high", "high"),
                ("h", "high"),
            ],
            ValueKind::SentenceType => &[
                ("determinate", "determinate"),
                ("det", "determinate"),
                ("sds", "determinate"),
                ("eds", "determinate"),
                ("sopc", "determinate"),
                ("fixed", "determinate"),
                ("ipp", "ipp"),
                ("life", "life"),
                ("lifer", "life"),
                ("lifesentence", "life"),
                ("remand", "remand"),
                ("remanded", "remand"),
                ("unsentenced", "remand"),
                ("convictedunsentenced", "remand"),
            ],
            ValueKind::YesNo => &[
                ("yes", "yes"),
                ("y", "yes"),
                ("true", "yes"),
                ("1", "yes"),
                ("x", "yes"),
                ("no", "no"),
                ("n", "no"),
                ("false", "no"),
                ("0", "no"),
            ],
        }
    }
}

/// The words the person has added, by kind: folded word → code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValueTable(pub BTreeMap<ValueKind, BTreeMap<String, String>>);

impl ValueTable {
    /// Adds a word meaning `code`; the code must be one the record takes.
    pub fn add(&mut self, kind: ValueKind, word: &str, code: &str) -> Result<(), String> {
        if !kind.codes().contains(&code) {
            return Err(format!("'{code}' is not a {} value ({})", kind.label(), kind.codes().join(", ")));
        }
        self.0.entry(kind).or_default().insert(squash(word), code.to_string());
        Ok(())
    }

    /// The code a typed word means: the person's own words first, then the built-in
    /// ones. `None` for a word neither knows.
    pub fn code(&self, kind: ValueKind, word: &str) -> Option<String> {
        let folded = squash(word);
        self.0
            .get(&kind)
            .and_then(|words| words.get(&folded).cloned())
            .or_else(|| kind.built_in().iter().find(|(known, _)| *known == folded).map(|(_, code)| code.to_string()))
    }

    /// Every word understood, by kind, for the person to see: built in and added.
    pub fn all_words(&self) -> Vec<(ValueKind, String, String)> {
        let mut words: Vec<(ValueKind, String, String)> = Vec::new();
        for kind in ValueKind::ALL {
            for (word, code) in kind.built_in() {
                words.push((kind, word.to_string(), code.to_string()));
            }
            for (word, code) in self.0.get(&kind).into_iter().flatten() {
                words.push((kind, word.clone(), code.clone()));
            }
        }
        words
    }
}

/// What a cell gives a form field, or why it cannot.
pub(super) fn fill(form: &mut PrisonerForm, field: SheetField, cell: &Cell, values: &ValueTable) -> Result<(), String> {
    if let Cell::Formula(formula) = cell {
        return Err(format!(
            "holds a formula (={formula}) with no value saved: open the file in Excel or LibreOffice and save it, or paste the values"
        ));
    }
    let shown = cell.shown();
    let date = || match cell {
        // A date column holding a number is Excel's day count (a cell formatted as a
        // number, or a CSV from a system that writes serials).
        Cell::Number(serial) if (1.0..2_958_466.0).contains(serial) => {
            let day = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).expect("a date")
                + chrono::Duration::days(serial.trunc() as i64);
            crate::domain::dates::format_date(day)
        }
        _ => shown.clone(),
    };
    let choice = |kind: ValueKind| -> Result<Option<String>, String> {
        if shown.is_empty() {
            return Ok(None);
        }
        values.code(kind, &shown).map(Some).ok_or_else(|| {
            format!(
                "'{shown}' is not a {} value ({}); add it to the value table",
                kind.label(),
                kind.codes().join(", ")
            )
        })
    };
    let yes = |kind: ValueKind| -> Result<bool, String> { Ok(choice(kind)?.as_deref() == Some("yes")) };
    let number = |max: u8| -> Result<Option<u8>, String> {
        if shown.is_empty() {
            return Ok(None);
        }
        let digits: String = shown.chars().filter(char::is_ascii_digit).collect();
        match digits.parse::<u8>() {
            Ok(value) if (1..=max).contains(&value) => Ok(Some(value)),
            _ => Err(format!("'{shown}' is not 1 to {max}")),
        }
    };
    match field {
        SheetField::PrisonNumber => form.prison_number = shown,
        SheetField::Surname => form.surname = shown,
        SheetField::Forenames => form.forenames = shown,
        SheetField::FullName => {
            let (surname, forenames) = split_name(&shown);
            form.surname = surname;
            form.forenames = forenames;
        }
        SheetField::PreferredName => form.preferred_name = shown,
        SheetField::DateOfBirth => form.date_of_birth = date(),
        SheetField::ReceptionDate => form.reception_date = date(),
        SheetField::Wing => form.wing = shown,
        SheetField::Cell => form.cell = shown,
        SheetField::Location => match shown.split_once(['-', '/', ' ']) {
            Some((wing, cell)) => {
                form.wing = wing.trim().to_string();
                form.cell = cell.trim().to_string();
            }
            None => form.wing = shown,
        },
        SheetField::SentenceType => {
            if let Some(code) = choice(ValueKind::SentenceType)? {
                form.sentence_type = SentenceType::ALL.iter().copied().find(|kind| kind.code() == code);
            }
        }
        SheetField::SentenceLength => {
            let (years, months, days) = sentence_length(&shown)?;
            form.sentence_years = years;
            form.sentence_months = months;
            form.sentence_days = days;
        }
        SheetField::SentenceDate => form.sentence_date = date(),
        SheetField::ConditionalReleaseDate => form.conditional_release_date = date(),
        SheetField::ParoleEligibilityDate => form.parole_eligibility_date = date(),
        SheetField::LicenceExpiryDate => form.licence_expiry_date = date(),
        SheetField::SentenceExpiryDate => form.sentence_expiry_date = date(),
        SheetField::TariffExpiryDate => form.tariff_expiry_date = date(),
        SheetField::HdcEligibilityDate => form.hdc_eligibility_date = date(),
        SheetField::SecurityCategory => form.security_category = category_code(&shown),
        SheetField::Rosh => {
            form.rosh =
                choice(ValueKind::Rosh)?.and_then(|code| Rosh::ALL.iter().copied().find(|value| value.code() == code));
        }
        SheetField::ReoffendingLikelihood => {
            form.reoffending_likelihood = choice(ValueKind::Likelihood)?
                .and_then(|code| Likelihood::ALL.iter().copied().find(|value| value.code() == code));
        }
        SheetField::LastOasysReviewDate => form.last_oasys_review_date = date(),
        SheetField::MappaCategory => form.mappa_category = number(3)?,
        SheetField::MappaLevel => form.mappa_level = number(3)?,
        SheetField::Ppo => form.ppo = yes(ValueKind::YesNo)?,
        SheetField::Recall => form.recall = yes(ValueKind::YesNo)?,
        // Who supervises is matched to the staff list when the rows are written.
        SheetField::Supervisor => {}
        SheetField::OffenderManager => form.offender_manager_name = shown,
        SheetField::Nationality => form.nationality = shown,
        SheetField::FirstLanguage => form.first_language = shown,
        SheetField::Notes => form.notes = cell.shown(),
    }
    Ok(())
}

/// "Cat C", "Category C", "c" → "C"; longer codes ("YOI closed") as written.
fn category_code(text: &str) -> Option<String> {
    let trimmed = text.trim();
    let lower = trimmed.to_lowercase();
    let rest = ["category", "cat."]
        .iter()
        .chain(std::iter::once(&"cat"))
        .find_map(|prefix| lower.starts_with(prefix).then(|| trimmed[prefix.len()..].trim()))
        .unwrap_or(trimmed);
    match rest.chars().count() {
        0 => None,
        1 => Some(rest.to_ascii_uppercase()),
        _ => Some(rest.to_string()),
    }
}

/// "SMITH, John Paul" → (Smith, John Paul); "John Paul Smith" → (Smith, John Paul).
/// A surname in capitals (as the national systems print it) is put in title case.
fn split_name(name: &str) -> (String, String) {
    let title = |word: &str| {
        if word.chars().any(char::is_lowercase) {
            return word.to_string();
        }
        let lower = word.to_lowercase();
        let mut out = String::new();
        let mut start = true;
        for c in lower.chars() {
            if start {
                out.extend(c.to_uppercase())
            } else {
                out.push(c)
            }
            start = matches!(c, '-' | '\'' | ' ');
        }
        out
    };
    match name.split_once(',') {
        Some((surname, forenames)) => (title(surname.trim()), forenames.trim().to_string()),
        None => match name.trim().rsplit_once(' ') {
            Some((forenames, surname)) => (title(surname.trim()), forenames.trim().to_string()),
            None => (title(name.trim()), String::new()),
        },
    }
}

/// "4y 6m", "4 years 6 months", "18 months", "2y": the parts, as the form's fields.
fn sentence_length(text: &str) -> Result<(String, String, String), String> {
    let (mut years, mut months, mut days) = (String::new(), String::new(), String::new());
    if text.trim().is_empty() {
        return Ok((years, months, days));
    }
    let lower = text.to_lowercase();
    let mut rest = lower.as_str();
    let refused = || format!("'{text}' is not a sentence length: write it like 4y 6m, 18 months or 28 days");
    while !rest.trim().is_empty() {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',' || c == '&');
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if digits.is_empty() {
            return Err(refused());
        }
        rest = rest[digits.len()..].trim_start();
        let unit: String = rest.chars().take_while(char::is_ascii_alphabetic).collect();
        rest = &rest[unit.len()..];
        match unit.as_str() {
            "y" | "yr" | "yrs" | "year" | "years" => years = digits,
            "m" | "mth" | "mths" | "month" | "months" => months = digits,
            "d" | "day" | "days" => days = digits,
            _ => return Err(refused()),
        }
    }
    Ok((years, months, days))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ordinary_headings_are_recognised_however_they_are_written() {
        for (heading, field) in [
            ("Prison No", SheetField::PrisonNumber),
            ("NOMS number", SheetField::PrisonNumber),
            ("D.O.B.", SheetField::DateOfBirth),
            ("RoSH", SheetField::Rosh),
            ("Surname", SheetField::Surname),
            ("  Forename(s) ", SheetField::Forenames),
            ("Cat", SheetField::SecurityCategory),
            ("Offender Supervisor", SheetField::Supervisor),
            ("CRD", SheetField::ConditionalReleaseDate),
        ] {
            assert_eq!(SheetField::for_heading(heading), Some(field), "{heading}");
        }
        assert_eq!(SheetField::for_heading("Shoe size"), None);
        assert_eq!(SheetField::for_heading(""), None);
    }

    #[test]
    fn the_heading_row_is_found_below_a_title_and_a_blank_row() {
        let text = |value: &str| Cell::Text(value.into());
        let rows = vec![
            vec![text("HMP Northmoor caseload"), Cell::Empty],
            vec![Cell::Empty, Cell::Empty],
            vec![text("Prison No"), text("Name"), text("DOB"), text("Name"), text("Comments")],
            vec![text("A1234BC"), text("SMITH, John"), text("01/02/1990"), text("x"), text("")],
        ];
        let mapping = propose(&rows);
        assert_eq!(mapping.heading_row, 3);
        assert_eq!(
            mapping.columns,
            vec![
                Some(SheetField::PrisonNumber),
                Some(SheetField::FullName),
                Some(SheetField::DateOfBirth),
                None,
                Some(SheetField::Notes)
            ],
            "a second 'Name' column is left out, not mapped twice"
        );
        let headings: Vec<String> = rows[2].iter().map(Cell::shown).collect();
        let twice = Mapping { columns: vec![Some(SheetField::Surname), Some(SheetField::Surname)], ..mapping };
        assert_eq!(twice.mapped_twice(&headings).len(), 1);
    }

    #[test]
    fn the_words_people_type_become_the_record_values() {
        let mut table = ValueTable::default();
        assert_eq!(table.code(ValueKind::Rosh, "V High").as_deref(), Some("very_high"));
        assert_eq!(table.code(ValueKind::Rosh, "VH").as_deref(), Some("very_high"));
        assert_eq!(table.code(ValueKind::Rosh, "Med").as_deref(), Some("medium"));
        assert_eq!(table.code(ValueKind::Rosh, "very high").as_deref(), Some("very_high"));
        assert_eq!(table.code(ValueKind::Rosh, "Extreme"), None);
        table.add(ValueKind::Rosh, "Extreme", "very_high").unwrap();
        assert_eq!(table.code(ValueKind::Rosh, "extreme").as_deref(), Some("very_high"));
        assert!(table.add(ValueKind::Rosh, "Mild", "mild").unwrap_err().contains("low, medium, high, very_high"));
    }

    #[test]
    fn names_lengths_and_serial_dates_are_read_as_people_write_them() {
        assert_eq!(split_name("SMITH, John Paul"), ("Smith".into(), "John Paul".into()));
        assert_eq!(split_name("John Paul O'BRIEN-JONES"), ("O'Brien-Jones".into(), "John Paul".into()));
        assert_eq!(split_name("de Souza, Ana"), ("de Souza".into(), "Ana".into()));
        assert_eq!(sentence_length("4y 6m").unwrap(), ("4".into(), "6".into(), String::new()));
        assert_eq!(sentence_length("18 Months").unwrap(), (String::new(), "18".into(), String::new()));
        assert_eq!(sentence_length("2 years, 28 days").unwrap(), ("2".into(), String::new(), "28".into()));
        assert!(sentence_length("six years").is_err());
        assert!(sentence_length("6").is_err(), "a bare number could be years or months");
        assert_eq!(category_code("Cat C").as_deref(), Some("C"));
        assert_eq!(category_code("category d").as_deref(), Some("D"));
        assert_eq!(category_code("YOI closed").as_deref(), Some("YOI closed"));
        assert_eq!(category_code(" "), None);
        let mut form = PrisonerForm::default();
        // Excel's day numbers, counted from 30/12/1899.
        fill(&mut form, SheetField::DateOfBirth, &Cell::Number(32933.0), &ValueTable::default()).unwrap();
        assert_eq!(form.date_of_birth, "01/03/1990");
        // The leap day 29/02/2000 is day 36585.
        fill(&mut form, SheetField::DateOfBirth, &Cell::Number(36585.0), &ValueTable::default()).unwrap();
        assert_eq!(form.date_of_birth, "29/02/2000");
    }

    proptest! {
        /// Whatever a cell holds, filling any field answers (a value or a sentence),
        /// never panics.
        #[test]
        fn any_cell_in_any_field_is_answered(field in 0..SheetField::ALL.len(), text in "\\PC{0,24}", number in -1e9f64..1e9) {
            let mut form = PrisonerForm::default();
            let _ = fill(&mut form, SheetField::ALL[field], &Cell::Text(text), &ValueTable::default());
            let _ = fill(&mut form, SheetField::ALL[field], &Cell::Number(number), &ValueTable::default());
        }
    }
}
