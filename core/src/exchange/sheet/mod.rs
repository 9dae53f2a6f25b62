//! A caseload brought in from a spreadsheet (.xlsx, .ods or .csv): the sheet read, a
//! mapping of its columns to the record proposed and adjusted, every row checked by
//! the prisoner form's own rules, a preview, and then all of it written in one
//! transaction, or nothing.

pub mod mapping;
pub mod read;

use chrono::NaiveDate;

pub use mapping::{Mapping, SheetField, ValueKind, ValueTable, propose, propose_at};
pub use read::{Cell, Grid, read_file, read_grid};

use super::ExchangeError;
use crate::domain::prisoner::{Field, PrisonerDetails, PrisonerForm};
use crate::domain::risk::SentenceType;
use crate::domain::text::fold;
use crate::storage::{Db, ImportBatch, ImportSummary, ImportedPrisoner};

/// What to do with a row whose prison number is already in the case file, said before
/// anything is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExistingRecords {
    /// Leave the record as it is.
    #[default]
    Skip,
    /// Change only the fields the sheet's columns are mapped to.
    UpdateMapped,
}

/// A row ready to be written.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetRow {
    /// The row's number as the spreadsheet shows it.
    pub row: usize,
    pub details: PrisonerDetails,
    pub supervisor: Option<String>,
    /// The record it updates, and whether that record is archived (it stays so).
    pub updates: Option<(i64, bool)>,
}

/// The import worked out, before anything is written.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetPlan {
    pub headings: Vec<String>,
    pub mapping: Mapping,
    pub rows: Vec<SheetRow>,
    /// Rows left alone because their prison number is already here: (row, number).
    pub skipped: Vec<(usize, String)>,
    /// Every problem, by row and column; while there is one, nothing can be written.
    pub problems: Vec<String>,
    /// Supervisors named in the sheet who are not on the staff list yet: they are
    /// added as offender supervisors.
    pub new_staff: Vec<String>,
}

impl SheetPlan {
    pub fn is_ready(&self) -> bool {
        self.problems.is_empty() && !self.rows.is_empty()
    }

    pub fn new_count(&self) -> usize {
        self.rows.iter().filter(|row| row.updates.is_none()).count()
    }

    pub fn update_count(&self) -> usize {
        self.rows.len() - self.new_count()
    }

    /// The first `count` rows as they will be saved, under [`PREVIEW_HEADINGS`].
    pub fn preview(&self, count: usize) -> Vec<[String; 7]> {
        use crate::domain::dates::format_optional_date;
        self.rows
            .iter()
            .take(count)
            .map(|row| {
                let details = &row.details;
                [
                    row.row.to_string(),
                    details.prison_number.to_string(),
                    format!("{}, {}", details.surname, details.forenames),
                    format_optional_date(Some(details.date_of_birth)),
                    match details.sentence_length {
                        Some(length) => format!("{} {length}", sentence_word(details.sentence_type)),
                        None => sentence_word(details.sentence_type).to_string(),
                    },
                    details.rosh.map_or("not assessed".into(), |rosh| crate::domain::risk::Coded::label(rosh).into()),
                    row.supervisor.clone().unwrap_or_default(),
                ]
            })
            .collect()
    }

    /// In a few lines: what will be written, and what is wrong.
    pub fn describe(&self) -> String {
        use crate::domain::text::plural;
        let mut lines = vec![format!(
            "{} to add, {} to update, {} already here left alone",
            plural(self.new_count(), "prisoner"),
            self.update_count(),
            self.skipped.len()
        )];
        if !self.new_staff.is_empty() {
            lines.push(format!("new on the staff list as offender supervisors: {}", self.new_staff.join(", ")));
        }
        lines.extend(self.problems.iter().take(MAX_PROBLEMS_SHOWN).map(|problem| format!("problem: {problem}")));
        if self.problems.len() > MAX_PROBLEMS_SHOWN {
            lines.push(format!("and {} more problems", self.problems.len() - MAX_PROBLEMS_SHOWN));
        }
        lines.join("\n")
    }
}

/// The columns of [`SheetPlan::preview`].
pub const PREVIEW_HEADINGS: [&str; 7] = ["Row", "Prison no.", "Name", "Date of birth", "Sentence", "RoH", "Supervisor"];

/// How many problems a summary lists before counting the rest.
pub const MAX_PROBLEMS_SHOWN: usize = 50;

fn sentence_word(sentence: SentenceType) -> &'static str {
    match sentence {
        SentenceType::Determinate => "determinate",
        SentenceType::Ipp => "IPP",
        SentenceType::Life => "life",
        SentenceType::Remand => "remand",
    }
}

/// The headings the mapping reads: the cells of its heading row.
pub fn headings(grid: &Grid, mapping: &Mapping) -> Vec<String> {
    grid.rows
        .get(mapping.heading_row.saturating_sub(1))
        .map_or_else(Vec::new, |row| row.iter().map(Cell::shown).collect())
}

/// The spreadsheet column a form field's message belongs to.
fn sheet_fields_for(field: Field) -> &'static [SheetField] {
    match field {
        Field::PrisonNumber => &[SheetField::PrisonNumber],
        Field::Surname => &[SheetField::Surname, SheetField::FullName],
        Field::Forenames => &[SheetField::Forenames, SheetField::FullName],
        Field::PreferredName => &[SheetField::PreferredName],
        Field::DateOfBirth => &[SheetField::DateOfBirth],
        Field::ReceptionDate => &[SheetField::ReceptionDate],
        Field::Wing => &[SheetField::Wing, SheetField::Location],
        Field::Cell => &[SheetField::Cell, SheetField::Location],
        Field::SentenceType => &[SheetField::SentenceType],
        Field::SentenceLength => &[SheetField::SentenceLength],
        Field::SentenceDate => &[SheetField::SentenceDate],
        Field::ConditionalReleaseDate => &[SheetField::ConditionalReleaseDate],
        Field::ParoleEligibilityDate => &[SheetField::ParoleEligibilityDate],
        Field::LicenceExpiryDate => &[SheetField::LicenceExpiryDate],
        Field::SentenceExpiryDate => &[SheetField::SentenceExpiryDate],
        Field::TariffExpiryDate => &[SheetField::TariffExpiryDate],
        Field::HdcEligibilityDate => &[SheetField::HdcEligibilityDate],
        Field::SecurityCategory => &[SheetField::SecurityCategory],
        Field::LastOasysReviewDate => &[SheetField::LastOasysReviewDate],
        Field::MappaCategory => &[SheetField::MappaCategory],
        Field::MappaLevel => &[SheetField::MappaLevel],
        Field::OffenderManagerName => &[SheetField::OffenderManager],
        Field::Nationality => &[SheetField::Nationality],
        Field::FirstLanguage => &[SheetField::FirstLanguage],
        Field::Notes => &[SheetField::Notes],
        _ => &[],
    }
}

/// Works the import out: every row read through the mapping and checked as the
/// prisoner form checks it, against the case file as it is now. Writes nothing.
pub fn plan(
    db: &Db,
    grid: &Grid,
    mapping: &Mapping,
    existing: ExistingRecords,
    today: NaiveDate,
) -> Result<SheetPlan, ExchangeError> {
    let headings = headings(grid, mapping);
    let mut problems = mapping.mapped_twice(&headings);
    if mapping.column_of(SheetField::PrisonNumber).is_none() {
        problems.push("no column is mapped to the prison number: every record needs one".into());
    }
    if mapping.column_of(SheetField::Surname).is_none() && mapping.column_of(SheetField::FullName).is_none() {
        problems.push("no column is mapped to the surname (or the full name)".into());
    }
    let column_name = |column: usize| {
        headings
            .get(column)
            .filter(|heading| !heading.is_empty())
            .cloned()
            .unwrap_or_else(|| format!("column {}", column + 1))
    };
    let staff = db.staff()?;
    let categories: Vec<String> = db.security_categories()?.into_iter().map(|(code, _)| code).collect();
    let mut rows = Vec::new();
    let mut skipped = Vec::new();
    let mut new_staff: Vec<String> = Vec::new();
    let mut seen: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    if problems.is_empty() {
        for (index, cells) in grid.rows.iter().enumerate().skip(mapping.heading_row) {
            let row = index + 1;
            if cells.iter().all(Cell::is_empty) {
                continue;
            }
            let cell = |column: usize| cells.get(column).cloned().unwrap_or(Cell::Empty);
            let number_typed =
                mapping.column_of(SheetField::PrisonNumber).map(|column| cell(column).shown()).unwrap_or_default();
            let found = crate::domain::prisoner::PrisonNumber::parse(&number_typed)
                .ok()
                .map(|number| db.prisoner_by_number(&number))
                .transpose()?
                .flatten();
            if let Some(first) = seen.insert(number_typed.trim().to_uppercase(), row)
                && !number_typed.trim().is_empty()
            {
                problems.push(format!("row {row}: prison number {number_typed} is also on row {first}"));
                continue;
            }
            let mut form = match (&found, existing) {
                (Some(_), ExistingRecords::Skip) => {
                    skipped.push((row, number_typed));
                    continue;
                }
                (Some(prisoner), ExistingRecords::UpdateMapped) => PrisonerForm::from_details(&prisoner.details),
                (None, _) => PrisonerForm { sentence_type: Some(SentenceType::Determinate), ..PrisonerForm::default() },
            };
            let before = problems.len();
            for (column, field) in mapping.columns.iter().enumerate() {
                let Some(field) = field else { continue };
                if let Err(message) = mapping::fill(&mut form, *field, &cell(column), &mapping.values) {
                    problems.push(format!("row {row}, column '{}': {message}", column_name(column)));
                }
            }
            if let Some(category) = &form.security_category
                && !categories.contains(category)
            {
                let column = mapping.column_of(SheetField::SecurityCategory).map_or_else(String::new, column_name);
                problems.push(format!(
                    "row {row}, column '{column}': '{category}' is not a category this establishment uses ({})",
                    categories.join(", ")
                ));
            }
            if problems.len() > before {
                continue;
            }
            let details = match form.validate(today) {
                Ok(details) => details,
                Err(errors) => {
                    for (field, message) in errors.iter() {
                        let column = sheet_fields_for(field).iter().find_map(|wanted| mapping.column_of(*wanted));
                        // The value is named unless the message already quotes it.
                        let typed = column
                            .map(|column| cell(column).shown())
                            .filter(|typed| !typed.is_empty() && !message.contains(typed.as_str()));
                        problems.push(match (column, typed) {
                            (Some(column), Some(typed)) => {
                                format!("row {row}, column '{}': {typed}: {message}", column_name(column))
                            }
                            (Some(column), None) => format!("row {row}, column '{}': {message}", column_name(column)),
                            (None, _) => format!("row {row}: {}: {message}", field.json_name().replace('_', " ")),
                        });
                    }
                    continue;
                }
            };
            let supervisor = mapping
                .column_of(SheetField::Supervisor)
                .map(|column| cell(column).shown())
                .filter(|name| !name.is_empty())
                .map(|name| match staff.iter().find(|member| fold(&member.name) == fold(&name)) {
                    Some(member) => member.name.clone(),
                    None => {
                        if !new_staff.iter().any(|known| fold(known) == fold(&name)) {
                            new_staff.push(name.clone());
                        }
                        name
                    }
                });
            rows.push(SheetRow {
                row,
                details,
                supervisor,
                updates: found.map(|prisoner| (prisoner.id, prisoner.archived)),
            });
        }
    }
    if problems.is_empty() && rows.is_empty() && skipped.is_empty() {
        problems.push(format!("no rows with data below the headings on row {}", mapping.heading_row));
    }
    Ok(SheetPlan { headings, mapping: mapping.clone(), rows, skipped, problems, new_staff })
}

/// Writes the planned rows in one transaction: all of them, or none when there is a
/// problem (the plan's, or one the file finds as it is written).
pub fn apply(db: &mut Db, plan: &SheetPlan) -> Result<ImportSummary, ExchangeError> {
    if !plan.problems.is_empty() {
        return Err(ExchangeError::Invalid(plan.problems.clone()));
    }
    let batch = ImportBatch {
        staff: Vec::new(),
        prisoners: plan
            .rows
            .iter()
            .map(|row| ImportedPrisoner {
                details: row.details.clone(),
                supervisor: row.supervisor.clone(),
                archived: row.updates.is_some_and(|(_, archived)| archived),
                contacts: Vec::new(),
                planning: Default::default(),
            })
            .collect(),
    };
    let replace = plan.rows.iter().any(|row| row.updates.is_some());
    Ok(db.import(&batch, replace)?)
}

/// The mapping in words, a line per column: "'DOB' → Date of birth".
pub fn describe_mapping(headings: &[String], mapping: &Mapping) -> String {
    let mut lines = vec![format!("headings on row {}:", mapping.heading_row)];
    for (column, heading) in headings.iter().enumerate() {
        let field = mapping.columns.get(column).copied().flatten();
        let shown = if heading.is_empty() { format!("column {}", column + 1) } else { format!("'{heading}'") };
        lines.push(match field {
            Some(field) => format!("  {shown} → {}", field.label()),
            None => format!("  {shown} → not imported"),
        });
    }
    lines.join("\n")
}

/// The key a mapping is remembered under: the headings, folded, so the next file of
/// the same layout is read the same way.
pub fn layout_key(headings: &[String]) -> String {
    use sha2::Digest;
    let folded: Vec<String> = headings.iter().map(|heading| fold(heading).trim().to_lowercase()).collect();
    hex::encode(&sha2::Sha256::digest(folded.join("\u{1f}").as_bytes())[..12])
}

/// The mapping to use: the one remembered for this layout, else the proposed one.
pub fn mapping_for(db: &Db, grid: &Grid) -> Result<Mapping, ExchangeError> {
    let proposed = propose(&grid.rows);
    let key = layout_key(&headings(grid, &proposed));
    Ok(match db.sheet_mapping(&key)? {
        // A remembered mapping this version cannot read gives way to the proposal.
        Some(json) => Mapping::from_json(&json).unwrap_or(proposed),
        None => proposed,
    })
}

/// Remembers the mapping for the next file with the same headings (found as the
/// proposal finds them, whichever heading row the person settled on).
pub fn remember(db: &mut Db, grid: &Grid, mapping: &Mapping) -> Result<(), ExchangeError> {
    let key = layout_key(&headings(grid, &propose(&grid.rows)));
    Ok(db.save_sheet_mapping(&key, &mapping.to_json())?)
}
