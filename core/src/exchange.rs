//! The JSON exchange format: the whole case file, or one prisoner as a transfer pack
//! for a move to another establishment. Documented in `docs/JSON_FORMAT.md`.
//!
//! Import is all or nothing: every record is checked with the same rules as the
//! forms, every error is reported with its record and field, and nothing is written
//! unless everything passes.

use chrono::{NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::contact::{ContactForm, ContactType};
use crate::domain::dates::{iso_date, parse_date, past_date};
use crate::domain::disclosure::Disclosure;
use crate::domain::plan::{
    AttendeeForm, InterventionKind, MeetingForm, ObjectiveForm, Participation, Pathway, PlanKind, PlanStatus,
    check_keyworker, check_significant_change,
};
use crate::domain::prisoner::{PrisonNumber, PrisonerForm};
use crate::domain::risk::{Coded, Likelihood, Rosh, SentenceType};
use crate::domain::staff::{StaffRole, validate_staff_name};
use crate::domain::text::{NAME_MAX_CHARS, SHORT_TEXT_MAX_CHARS, clean_line};
use crate::storage::{
    self, ClosedPlan, Db, ImportBatch, ImportSummary, ImportedMeeting, ImportedPlanVersion, ImportedPlanning,
    ImportedPrisoner, InterventionName,
};

pub const FORMAT_NAME: &str = "omu-desk-case-file";
/// Version 2 added each prisoner's sentence plans, planning meetings, key workers and
/// significant changes; version 1 files (without them) are still read.
pub const FORMAT_VERSION: u32 = 2;

/// Imports larger than this are refused before parsing: a case file of 2,000
/// prisoners with their contacts is a few megabytes.
pub const MAX_IMPORT_BYTES: u64 = 256 * 1024 * 1024;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseFileJson {
    pub format: String,
    pub version: u32,
    #[serde(default)]
    pub exported_at: String,
    #[serde(default)]
    pub establishment: String,
    #[serde(default)]
    pub staff: Vec<StaffJson>,
    pub prisoners: Vec<PrisonerJson>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffJson {
    pub name: String,
    pub role: String,
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SentenceLengthJson {
    pub years: u32,
    pub months: u32,
    pub days: u32,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DiversityJson {
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

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OffenderManagerJson {
    pub name: String,
    pub area: String,
    pub contact: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactJson {
    pub date: String,
    #[serde(rename = "type")]
    pub contact_type: String,
    pub staff_name: String,
    #[serde(default)]
    pub notes: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PrisonerJson {
    pub prison_number: String,
    pub surname: String,
    pub forenames: String,
    pub preferred_name: String,
    pub date_of_birth: String,
    pub reception_date: Option<String>,
    pub reception_time: Option<String>,
    pub wing: String,
    pub cell: String,
    pub sentence_type: String,
    pub sentence_length: Option<SentenceLengthJson>,
    pub sentence_date: Option<String>,
    pub conditional_release_date: Option<String>,
    pub parole_eligibility_date: Option<String>,
    pub licence_expiry_date: Option<String>,
    pub sentence_expiry_date: Option<String>,
    pub tariff_expiry_date: Option<String>,
    pub security_category: Option<String>,
    pub rosh: Option<String>,
    pub reoffending_likelihood: Option<String>,
    pub last_oasys_review_date: Option<String>,
    pub mappa_category: Option<u8>,
    pub mappa_level: Option<u8>,
    pub ppo: bool,
    pub recall: bool,
    pub transfer_hold: bool,
    pub transfer_hold_reason: String,
    pub diversity: DiversityJson,
    pub offender_manager: OffenderManagerJson,
    pub allocated_supervisor: Option<String>,
    pub notes: String,
    pub archived: bool,
    pub contacts: Vec<ContactJson>,
    pub keyworkers: Vec<KeyworkerJson>,
    /// Oldest first.
    pub sentence_plans: Vec<PlanVersionJson>,
    /// Oldest first.
    pub meetings: Vec<MeetingJson>,
    /// Oldest first.
    pub significant_changes: Vec<SignificantChangeJson>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SignificantChangeJson {
    pub date: String,
    pub description: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct KeyworkerJson {
    pub name: String,
    pub role: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PlanVersionJson {
    pub number: u32,
    pub kind: String,
    /// `draft` or `closed` (agreed; never changes).
    pub status: String,
    pub started_on: String,
    pub closed_on: Option<String>,
    pub closed_by: Option<String>,
    pub next_review_date: Option<String>,
    pub objectives: Vec<ObjectiveJson>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ObjectiveJson {
    pub text: String,
    pub pathway: String,
    pub need: String,
    pub intervention: Option<InterventionJson>,
    pub intervention_state: Option<String>,
    pub responsible_role: String,
    pub responsible_name: String,
    pub target_date: Option<String>,
    pub status: String,
    pub status_changed_on: String,
    pub progress_notes: String,
    pub agreement: Option<String>,
    pub agreement_words: String,
}

/// An intervention named by an objective, as the exporting establishment lists it.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct InterventionJson {
    pub name: String,
    pub kind: String,
    pub pathway: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MeetingJson {
    pub date: String,
    pub time: Option<String>,
    pub chair: String,
    pub held: bool,
    pub prisoner_attended: bool,
    pub prisoner_views: String,
    pub decisions: String,
    pub next_review_date: Option<String>,
    /// The number of the plan version this meeting produced, if any.
    pub plan_version: Option<u32>,
    pub attendees: Vec<AttendeeJson>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AttendeeJson {
    pub name: String,
    pub role: String,
    pub participation: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("cannot write {path}: {source}")]
    Write { path: String, source: std::io::Error },
    #[error("{0}")]
    Format(String),
    #[error("the import was refused and nothing was changed:\n{}", .0.join("\n"))]
    Invalid(Vec<String>),
    #[error(transparent)]
    Storage(#[from] storage::Error),
}

/// Builds the JSON document for the whole case file, or for one prisoner (a transfer
/// pack: no staff list and no allocation, which mean nothing elsewhere).
pub fn export(db: &Db, prisoner: Option<&PrisonNumber>) -> Result<CaseFileJson, ExchangeError> {
    let settings = db.settings()?;
    let staff = db.staff()?;
    let prisoners = match prisoner {
        Some(number) => vec![
            db.prisoner_by_number(number)?
                .ok_or_else(|| ExchangeError::Format(format!("prison number {number} is not in the case file")))?,
        ],
        None => db.all_prisoners()?,
    };
    let staff_name = |id: Option<i64>| {
        id.and_then(|id| staff.iter().find(|member| member.id == id)).map(|member| member.name.clone())
    };
    let catalogue = db.interventions()?;
    let mut prisoner_json = Vec::with_capacity(prisoners.len());
    for prisoner in prisoners {
        let contacts = db
            .contacts(prisoner.id)?
            .into_iter()
            .rev()
            .map(|contact| ContactJson {
                date: iso_date(contact.details.contact_date),
                contact_type: contact.details.contact_type.code().to_string(),
                staff_name: contact.details.staff_name,
                notes: contact.details.notes,
            })
            .collect();
        let (keyworkers, sentence_plans, meetings) = export_planning(db, prisoner.id, &catalogue)?;
        let d = prisoner.details;
        let iso = |date: Option<NaiveDate>| date.map(iso_date);
        prisoner_json.push(PrisonerJson {
            prison_number: d.prison_number.to_string(),
            surname: d.surname,
            forenames: d.forenames,
            preferred_name: d.preferred_name,
            date_of_birth: iso_date(d.date_of_birth),
            reception_date: iso(d.reception_date),
            reception_time: d.reception_time.map(|time| time.format("%H:%M").to_string()),
            wing: d.wing,
            cell: d.cell,
            sentence_type: d.sentence_type.code().to_string(),
            sentence_length: d.sentence_length.map(|length| SentenceLengthJson {
                years: length.years,
                months: length.months,
                days: length.days,
            }),
            sentence_date: iso(d.sentence_date),
            conditional_release_date: iso(d.conditional_release_date),
            parole_eligibility_date: iso(d.parole_eligibility_date),
            licence_expiry_date: iso(d.licence_expiry_date),
            sentence_expiry_date: iso(d.sentence_expiry_date),
            tariff_expiry_date: iso(d.tariff_expiry_date),
            security_category: d.security_category,
            rosh: d.rosh.map(|value| value.code().to_string()),
            reoffending_likelihood: d.reoffending_likelihood.map(|value| value.code().to_string()),
            last_oasys_review_date: iso(d.last_oasys_review_date),
            mappa_category: d.mappa_category,
            mappa_level: d.mappa_level,
            ppo: d.ppo,
            recall: d.recall,
            transfer_hold: d.transfer_hold,
            transfer_hold_reason: d.transfer_hold_reason,
            diversity: DiversityJson {
                disability: d.diversity.disability,
                first_language: d.diversity.first_language,
                interpreter_needed: d.diversity.interpreter_needed,
                literacy_needs: d.diversity.literacy_needs,
                faith: d.diversity.faith,
                faith_observance: d.diversity.faith_observance,
                care_leaver: d.diversity.care_leaver,
                veteran: d.diversity.veteran,
                foreign_national: d.diversity.foreign_national,
                nationality: d.diversity.nationality,
            },
            offender_manager: OffenderManagerJson {
                name: d.offender_manager.name,
                area: d.offender_manager.area,
                contact: d.offender_manager.contact,
            },
            allocated_supervisor: staff_name(d.allocated_supervisor_id),
            notes: d.notes,
            archived: prisoner.archived,
            contacts,
            keyworkers,
            sentence_plans,
            meetings,
            significant_changes: db
                .significant_changes(prisoner.id)?
                .into_iter()
                .map(|(date, description)| SignificantChangeJson { date: iso_date(date), description })
                .collect(),
        });
    }
    let transfer_pack = prisoner.is_some();
    if transfer_pack {
        for record in &mut prisoner_json {
            record.allocated_supervisor = None;
        }
    }
    Ok(CaseFileJson {
        format: FORMAT_NAME.to_string(),
        version: FORMAT_VERSION,
        exported_at: Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        establishment: settings.establishment_name,
        staff: if transfer_pack {
            Vec::new()
        } else {
            staff
                .into_iter()
                .map(|member| StaffJson {
                    name: member.name,
                    role: member.role.code().to_string(),
                    active: member.active,
                })
                .collect()
        },
        prisoners: prisoner_json,
    })
}

type PlanningJson = (Vec<KeyworkerJson>, Vec<PlanVersionJson>, Vec<MeetingJson>);

/// A prisoner's key workers, plan versions and meetings, oldest first.
fn export_planning(
    db: &Db,
    prisoner_id: i64,
    catalogue: &[crate::domain::plan::Intervention],
) -> Result<PlanningJson, ExchangeError> {
    let keyworkers = db
        .keyworkers(prisoner_id)?
        .into_iter()
        .map(|keyworker| KeyworkerJson { name: keyworker.name, role: keyworker.role })
        .collect();
    let versions = db.plan_versions(prisoner_id)?;
    let number_of = |plan_id: Option<i64>| {
        plan_id.and_then(|id| versions.iter().find(|version| version.id == id)).map(|version| version.number)
    };
    let meetings = db
        .meetings(prisoner_id)?
        .into_iter()
        .rev()
        .map(|meeting| MeetingJson {
            date: iso_date(meeting.date),
            time: meeting.time.map(|time| time.format("%H:%M").to_string()),
            chair: meeting.chair,
            held: meeting.held,
            prisoner_attended: meeting.prisoner_attended,
            prisoner_views: meeting.prisoner_views,
            decisions: meeting.decisions,
            next_review_date: meeting.next_review_date.map(iso_date),
            plan_version: number_of(meeting.plan_version_id),
            attendees: meeting
                .attendees
                .into_iter()
                .map(|attendee| AttendeeJson {
                    name: attendee.name,
                    role: attendee.role,
                    participation: attendee.participation.code().to_string(),
                })
                .collect(),
        })
        .collect();
    let sentence_plans = versions
        .iter()
        .rev()
        .map(|version| PlanVersionJson {
            number: version.number,
            kind: version.kind.code().to_string(),
            status: match version.status {
                PlanStatus::Draft => "draft",
                PlanStatus::Closed => "closed",
            }
            .to_string(),
            started_on: iso_date(version.started_on),
            closed_on: version.closed_on.map(iso_date),
            closed_by: version.closed_by.clone(),
            next_review_date: version.next_review_date.map(iso_date),
            objectives: version
                .objectives
                .iter()
                .map(|objective| ObjectiveJson {
                    text: objective.text.clone(),
                    pathway: objective.pathway.code().to_string(),
                    need: objective.need.clone(),
                    intervention: objective
                        .intervention_id
                        .and_then(|id| catalogue.iter().find(|entry| entry.id == id))
                        .map(|entry| InterventionJson {
                            name: entry.name.clone(),
                            kind: entry.kind.code().to_string(),
                            pathway: entry.pathway.code().to_string(),
                        }),
                    intervention_state: objective.intervention_state.map(|state| state.code().to_string()),
                    responsible_role: objective.responsible_role.code().to_string(),
                    responsible_name: objective.responsible_name.clone(),
                    target_date: objective.target_date.map(iso_date),
                    status: objective.status.code().to_string(),
                    status_changed_on: iso_date(objective.status_changed_on),
                    progress_notes: objective.progress_notes.clone(),
                    agreement: objective.agreement.map(|agreement| agreement.code().to_string()),
                    agreement_words: objective.agreement_words.clone(),
                })
                .collect(),
        })
        .collect();
    Ok((keyworkers, sentence_plans, meetings))
}

/// Writes the export to `out` through a temporary file, so a failed write never
/// leaves half a file where a good one was, and records the disclosure.
pub fn export_to_file(
    db: &mut Db,
    prisoner: Option<&PrisonNumber>,
    out: &std::path::Path,
) -> Result<usize, ExchangeError> {
    let (json, count) = export_json(db, prisoner)?;
    write_export(out, &json)?;
    record_export(db, prisoner, out, count)?;
    Ok(count)
}

/// The export as pretty JSON, with how many prisoners it holds.
pub fn export_json(db: &Db, prisoner: Option<&PrisonNumber>) -> Result<(Vec<u8>, usize), ExchangeError> {
    let document = export(db, prisoner)?;
    let count = document.prisoners.len();
    let json = serde_json::to_vec_pretty(&document).map_err(|error| ExchangeError::Format(error.to_string()))?;
    Ok((json, count))
}

/// Writes an export through a temporary file renamed into place.
pub fn write_export(out: &std::path::Path, json: &[u8]) -> Result<(), ExchangeError> {
    crate::storage::write_file_atomically(out, json)
        .map_err(|source| ExchangeError::Write { path: out.display().to_string(), source })
}

/// Records in the audit trail that an export left the case file, and where to.
pub fn record_export(
    db: &mut Db,
    prisoner: Option<&PrisonNumber>,
    out: &std::path::Path,
    count: usize,
) -> Result<(), ExchangeError> {
    let disclosure = match prisoner.map(|number| db.prisoner_by_number(number)).transpose()?.flatten() {
        Some(found) => transfer_pack_disclosure(found.id, &found.details.prison_number),
        None => Disclosure::register("prisoner", format!("whole case file ({count} prisoners) exported")),
    };
    db.record_disclosure(&disclosure, out)?;
    Ok(())
}

/// What exporting one prisoner's transfer pack discloses.
pub fn transfer_pack_disclosure(prisoner_id: i64, prison_number: &PrisonNumber) -> Disclosure {
    Disclosure::record("prisoner", prisoner_id, prisoner_id, format!("transfer pack of {prison_number} exported"))
}

/// What exporting `count` entries of the audit trail discloses (it names people).
pub fn audit_trail_disclosure(count: usize) -> Disclosure {
    Disclosure::register("audit_log", format!("{count} audit entries exported"))
}

/// The prisoners in an export who are already in this case file, as "A1234BC
/// (Surname, Forenames)", so the person can be asked before they are replaced.
pub fn already_here(db: &Db, bytes: &[u8]) -> Result<Vec<String>, ExchangeError> {
    let document = parse(bytes)?;
    let mut here = Vec::new();
    for record in &document.prisoners {
        let Ok(number) = PrisonNumber::parse(&record.prison_number) else { continue };
        if let Some(found) = db.prisoner_by_number(&number)? {
            here.push(format!("{number} ({}, {})", found.details.surname, found.details.forenames));
        }
    }
    Ok(here)
}

/// Reads an export file and imports it (see [`import`]).
pub fn import_file(
    db: &mut Db,
    path: &std::path::Path,
    replace: bool,
    today: NaiveDate,
) -> Result<ImportSummary, ExchangeError> {
    let read_error = |source| ExchangeError::Read { path: path.display().to_string(), source };
    let size = std::fs::metadata(path).map_err(read_error)?.len();
    if size > MAX_IMPORT_BYTES {
        return Err(ExchangeError::Format(format!(
            "{} is {size} bytes, over the import limit of {MAX_IMPORT_BYTES}",
            path.display()
        )));
    }
    let bytes = std::fs::read(path).map_err(read_error)?;
    import(db, &bytes, replace, today)
}

/// Checks a whole export document and, only if every record passes, writes it in one
/// transaction. A prison number already in the file is refused unless `replace`, in
/// which case the record is replaced and contacts not already recorded are added.
pub fn import(db: &mut Db, bytes: &[u8], replace: bool, today: NaiveDate) -> Result<ImportSummary, ExchangeError> {
    let document = parse(bytes)?;
    let batch = validate(&document, today)?;
    let summary = db.import(&batch, replace).map_err(|error| match error {
        storage::Error::Invalid(message) => ExchangeError::Invalid(vec![message]),
        other => ExchangeError::Storage(other),
    })?;
    Ok(summary)
}

/// Reads and checks an import without writing anything: what the fuzzer drives and
/// the corpus replay test runs. Returns how many records would be imported.
pub fn check_bytes(bytes: &[u8]) -> Result<usize, ExchangeError> {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date");
    let document = parse(bytes)?;
    Ok(validate(&document, today)?.prisoners.len())
}

/// Parses the JSON and checks it is an OMU Desk export this version understands.
pub fn parse(bytes: &[u8]) -> Result<CaseFileJson, ExchangeError> {
    // Check the header first, so a newer export is named as such rather than
    // reported as an unknown field somewhere inside.
    #[derive(Deserialize)]
    struct Header {
        format: Option<String>,
        version: Option<u32>,
    }
    let header: Header =
        serde_json::from_slice(bytes).map_err(|error| ExchangeError::Format(format!("not valid JSON: {error}")))?;
    if header.format.as_deref() != Some(FORMAT_NAME) {
        return Err(ExchangeError::Format(format!("not an OMU Desk export: \"format\" should be \"{FORMAT_NAME}\"")));
    }
    match header.version {
        Some(1..=FORMAT_VERSION) => {}
        Some(version) if version > FORMAT_VERSION => {
            return Err(ExchangeError::Format(format!(
                "this export is format version {version}, written by a newer OMU Desk; this version reads version {FORMAT_VERSION}"
            )));
        }
        other => {
            return Err(ExchangeError::Format(format!(
                "unsupported export version {other:?}: this OMU Desk reads versions 1 to {FORMAT_VERSION}"
            )));
        }
    }
    serde_json::from_slice(bytes).map_err(|error| ExchangeError::Format(format!("{error}")))
}

/// Checks every record with the forms' rules; collects every error.
pub fn validate(document: &CaseFileJson, today: NaiveDate) -> Result<ImportBatch, ExchangeError> {
    let mut errors = Vec::new();
    let mut batch = ImportBatch::default();

    for (index, member) in document.staff.iter().enumerate() {
        let at = format!("staff[{index}]");
        let name = validate_staff_name(&member.name).map_err(|m| errors.push(format!("{at}: name: {m}")));
        let role = StaffRole::from_code(&member.role)
            .ok_or_else(|| errors.push(format!("{at}: role: unknown role '{}'", member.role)));
        if let (Ok(name), Ok(role)) = (name, role) {
            batch.staff.push((name, role, member.active));
        }
    }

    let mut seen = std::collections::HashSet::new();
    for (index, record) in document.prisoners.iter().enumerate() {
        let at = if record.prison_number.trim().is_empty() {
            format!("prisoners[{index}]")
        } else {
            format!("prisoners[{index}] ({})", record.prison_number.trim())
        };
        let mut form_errors = Vec::new();
        let form = to_form(record, &mut form_errors);
        let details = match form.validate(today) {
            Ok(details) => Some(details),
            Err(field_errors) => {
                for (field, message) in field_errors.iter() {
                    form_errors.push(format!("{}: {message}", field.json_name()));
                }
                None
            }
        };
        let mut contacts = Vec::new();
        for (contact_index, contact) in record.contacts.iter().enumerate() {
            let contact_type = ContactType::from_code(&contact.contact_type);
            if contact_type.is_none() {
                form_errors
                    .push(format!("contacts[{contact_index}]: type: unknown contact type '{}'", contact.contact_type));
                continue;
            }
            let contact_form = ContactForm {
                contact_date: contact.date.clone(),
                contact_type,
                staff_name: contact.staff_name.clone(),
                notes: contact.notes.clone(),
            };
            match contact_form.validate(today, None) {
                Ok(details) => contacts.push(details),
                Err(message) => form_errors.push(format!("contacts[{contact_index}]: {message}")),
            }
        }
        let planning = validate_planning(record, today, &mut form_errors);
        let supervisor = match &record.allocated_supervisor {
            Some(name) => match validate_staff_name(name) {
                Ok(name) => Some(name),
                Err(message) => {
                    form_errors.push(format!("allocated_supervisor: {message}"));
                    None
                }
            },
            None => None,
        };
        if let Some(details) = &details
            && !seen.insert(details.prison_number.clone())
        {
            form_errors.push(format!("prison_number: {} appears more than once in this file", details.prison_number));
        }
        if !form_errors.is_empty() {
            errors.extend(form_errors.into_iter().map(|message| format!("{at}: {message}")));
            continue;
        }
        if let Some(details) = details {
            batch.prisoners.push(ImportedPrisoner {
                details,
                supervisor,
                archived: record.archived,
                contacts,
                planning,
            });
        }
    }
    if errors.is_empty() { Ok(batch) } else { Err(ExchangeError::Invalid(errors)) }
}

/// Checks a prisoner's plans and meetings with the same rules as the plan screens,
/// plus what only a whole history can break: versions numbered 1, 2, 3... with the
/// initial plan first, only the last one a draft, and meetings that point at a
/// version in the file.
fn validate_planning(record: &PrisonerJson, today: NaiveDate, errors: &mut Vec<String>) -> ImportedPlanning {
    fn coded<T: Coded>(at: &str, value: &str, errors: &mut Vec<String>) -> Option<T> {
        let parsed = T::from_code(value);
        if parsed.is_none() {
            let known: Vec<&str> = T::ALL.iter().map(|value| value.code()).collect();
            errors.push(format!("{at}: unknown value '{value}' (one of: {})", known.join(", ")));
        }
        parsed
    }
    let date = |at: &str, value: &str, errors: &mut Vec<String>| -> Option<NaiveDate> {
        match past_date(value, today) {
            Ok(date) => Some(date),
            Err(message) => {
                errors.push(format!("{at}: {message}"));
                None
            }
        }
    };
    let mut planning = ImportedPlanning::default();
    for (index, keyworker) in record.keyworkers.iter().enumerate() {
        let at = format!("keyworkers[{index}]");
        match check_keyworker(&keyworker.name, &keyworker.role) {
            Ok(checked) => planning.keyworkers.push(checked),
            Err(invalid) => errors.push(format!("{at}: {invalid}")),
        }
    }
    for (index, change) in record.significant_changes.iter().enumerate() {
        match check_significant_change(&change.date, &change.description, today) {
            Ok(checked) => planning.significant_changes.push(checked),
            Err(message) => errors.push(format!("significant_changes[{index}]: {message}")),
        }
    }
    let first_start = record.sentence_plans.first().and_then(|plan| parse_date(&plan.started_on).ok().flatten());
    let count = record.sentence_plans.len();
    for (index, plan) in record.sentence_plans.iter().enumerate() {
        let at = format!("sentence_plans[{index}]");
        let before = errors.len();
        if plan.number as usize != index + 1 {
            errors.push(format!("{at}: number: versions are numbered 1, 2, 3... oldest first (found {})", plan.number));
        }
        let kind = coded::<PlanKind>(&format!("{at}: kind"), &plan.kind, errors);
        if let Some(kind) = kind
            && (kind == PlanKind::Initial) != (index == 0)
        {
            errors.push(format!("{at}: kind: the first version, and only the first, is the initial plan"));
        }
        let started_on = date(&format!("{at}: started_on"), &plan.started_on, errors);
        let closed = match plan.status.as_str() {
            "draft" if index + 1 < count => {
                errors.push(format!("{at}: status: only the newest version can be a draft"));
                None
            }
            "draft" => None,
            "closed" => {
                let closed_on = date(&format!("{at}: closed_on"), plan.closed_on.as_deref().unwrap_or(""), errors);
                let next_review = match plan.next_review_date.as_deref().map(parse_date) {
                    Some(Ok(Some(next))) => Some(next),
                    Some(Err(message)) => {
                        errors.push(format!("{at}: next_review_date: {message}"));
                        None
                    }
                    _ => {
                        errors.push(format!("{at}: next_review_date: a closed version sets the next review"));
                        None
                    }
                };
                let closed_by = match plan.closed_by.as_deref().map(|name| clean_line(name, NAME_MAX_CHARS)) {
                    Some(Ok(name)) => Some(name).filter(|name| !name.is_empty()),
                    Some(Err(message)) => {
                        errors.push(format!("{at}: closed_by: {message}"));
                        None
                    }
                    None => None,
                };
                match (closed_on, next_review, started_on) {
                    (Some(closed_on), Some(next_review_date), Some(started_on)) => {
                        if closed_on < started_on {
                            errors.push(format!("{at}: closed_on: before the version started"));
                        }
                        if next_review_date <= closed_on {
                            errors.push(format!("{at}: next_review_date: must be after the plan was agreed"));
                        }
                        Some(ClosedPlan { closed_on, closed_by, next_review_date })
                    }
                    _ => None,
                }
            }
            other => {
                errors.push(format!("{at}: status: unknown value '{other}' (one of: draft, closed)"));
                None
            }
        };
        let mut objectives = Vec::with_capacity(plan.objectives.len());
        for (objective_index, objective) in plan.objectives.iter().enumerate() {
            let at = format!("{at}: objectives[{objective_index}]");
            let intervention = objective.intervention.as_ref().and_then(|named| {
                let name = clean_line(&named.name, SHORT_TEXT_MAX_CHARS)
                    .map_err(|message| errors.push(format!("{at}: intervention: name: {message}")))
                    .ok()
                    .filter(|name| !name.is_empty());
                let kind = coded::<InterventionKind>(&format!("{at}: intervention: kind"), &named.kind, errors);
                let pathway = coded::<Pathway>(&format!("{at}: intervention: pathway"), &named.pathway, errors);
                Some(InterventionName { name: name?, kind: kind?, pathway: pathway? })
            });
            let status = coded(&format!("{at}: status"), &objective.status, errors);
            let form = ObjectiveForm {
                text: objective.text.clone(),
                pathway: coded(&format!("{at}: pathway"), &objective.pathway, errors),
                need: objective.need.clone(),
                // A stand-in id: the real one is found by name when the import is written.
                intervention_id: intervention.as_ref().map(|_| 0),
                intervention_state: objective
                    .intervention_state
                    .as_deref()
                    .and_then(|state| coded(&format!("{at}: intervention_state"), state, errors)),
                responsible_role: coded(&format!("{at}: responsible_role"), &objective.responsible_role, errors),
                responsible_name: objective.responsible_name.clone(),
                target_date: objective.target_date.clone().unwrap_or_default(),
                status,
                status_changed_on: objective.status_changed_on.clone(),
                // As stored, so a missing status date is an error rather than today.
                previous_status: status,
                progress_notes: objective.progress_notes.clone(),
                agreement: objective
                    .agreement
                    .as_deref()
                    .and_then(|agreement| coded(&format!("{at}: agreement"), agreement, errors)),
                agreement_words: objective.agreement_words.clone(),
            };
            // Objectives carried into a later version keep their targets, so they are
            // checked against the first version's start.
            match form.validate(first_start.unwrap_or(NaiveDate::MIN), today) {
                Ok(checked) => objectives.push((checked, intervention)),
                Err(message) => errors.push(format!("{at}: {message}")),
            }
        }
        if let (Some(kind), Some(started_on), true) = (kind, started_on, errors.len() == before) {
            planning.versions.push(ImportedPlanVersion { number: plan.number, kind, started_on, closed, objectives });
        }
    }
    for (index, meeting) in record.meetings.iter().enumerate() {
        let at = format!("meetings[{index}]");
        if let Some(number) = meeting.plan_version
            && (number == 0 || number as usize > count)
        {
            errors.push(format!("{at}: plan_version: there is no version {number} in this file"));
            continue;
        }
        let mut attendees = Vec::with_capacity(meeting.attendees.len());
        for (attendee_index, attendee) in meeting.attendees.iter().enumerate() {
            attendees.push(AttendeeForm {
                name: attendee.name.clone(),
                role: attendee.role.clone(),
                participation: coded::<Participation>(
                    &format!("{at}: attendees[{attendee_index}]: participation"),
                    &attendee.participation,
                    errors,
                ),
            });
        }
        let form = MeetingForm {
            date: meeting.date.clone(),
            time: meeting.time.clone().unwrap_or_default(),
            chair: meeting.chair.clone(),
            held: meeting.held,
            prisoner_attended: meeting.prisoner_attended,
            prisoner_views: meeting.prisoner_views.clone(),
            decisions: meeting.decisions.clone(),
            next_review_date: meeting.next_review_date.clone().unwrap_or_default(),
            attendees,
        };
        match form.validate(today) {
            Ok(details) => planning.meetings.push(ImportedMeeting { plan_version: meeting.plan_version, details }),
            Err(message) => errors.push(format!("{at}: {message}")),
        }
    }
    planning
}

/// Turns a JSON record into the form the app validates, so import and typing obey
/// exactly the same rules. Codes that do not exist are reported here.
fn to_form(record: &PrisonerJson, errors: &mut Vec<String>) -> PrisonerForm {
    fn coded<T: Coded>(field: &str, value: &Option<String>, errors: &mut Vec<String>) -> Option<T> {
        let value = value.as_deref()?;
        let parsed = T::from_code(value);
        if parsed.is_none() {
            let known: Vec<&str> = T::ALL.iter().map(|value| value.code()).collect();
            errors.push(format!("{field}: unknown value '{value}' (one of: {})", known.join(", ")));
        }
        parsed
    }
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let sentence_type = coded::<SentenceType>(
        "sentence_type",
        &Some(record.sentence_type.clone()).filter(|value| !value.is_empty()),
        errors,
    );
    let length = record.sentence_length.as_ref();
    let number =
        |value: Option<u32>| value.filter(|value| *value > 0).map(|value| value.to_string()).unwrap_or_default();
    PrisonerForm {
        prison_number: record.prison_number.clone(),
        surname: record.surname.clone(),
        forenames: record.forenames.clone(),
        preferred_name: record.preferred_name.clone(),
        date_of_birth: record.date_of_birth.clone(),
        reception_date: text(&record.reception_date),
        reception_time: text(&record.reception_time),
        wing: record.wing.clone(),
        cell: record.cell.clone(),
        sentence_type,
        sentence_years: number(length.map(|l| l.years)),
        sentence_months: number(length.map(|l| l.months)),
        sentence_days: number(length.map(|l| l.days)),
        sentence_date: text(&record.sentence_date),
        conditional_release_date: text(&record.conditional_release_date),
        parole_eligibility_date: text(&record.parole_eligibility_date),
        licence_expiry_date: text(&record.licence_expiry_date),
        sentence_expiry_date: text(&record.sentence_expiry_date),
        tariff_expiry_date: text(&record.tariff_expiry_date),
        security_category: record.security_category.clone(),
        rosh: coded::<Rosh>("rosh", &record.rosh, errors),
        reoffending_likelihood: coded::<Likelihood>("reoffending_likelihood", &record.reoffending_likelihood, errors),
        last_oasys_review_date: text(&record.last_oasys_review_date),
        mappa_category: record.mappa_category,
        mappa_level: record.mappa_level,
        ppo: record.ppo,
        recall: record.recall,
        transfer_hold: record.transfer_hold,
        transfer_hold_reason: record.transfer_hold_reason.clone(),
        disability: record.diversity.disability.clone(),
        first_language: record.diversity.first_language.clone(),
        interpreter_needed: record.diversity.interpreter_needed,
        literacy_needs: record.diversity.literacy_needs.clone(),
        faith: record.diversity.faith.clone(),
        faith_observance: record.diversity.faith_observance.clone(),
        care_leaver: record.diversity.care_leaver,
        veteran: record.diversity.veteran,
        foreign_national: record.diversity.foreign_national,
        nationality: record.diversity.nationality.clone(),
        offender_manager_name: record.offender_manager.name.clone(),
        offender_manager_area: record.offender_manager.area.clone(),
        offender_manager_contact: record.offender_manager.contact.clone(),
        allocated_supervisor_id: None,
        notes: record.notes.clone(),
    }
}

/// What an audit entry did, in a line: the fields an update changed, what a view or
/// disclosure was, or the whole record for an insert or delete.
pub fn describe_audit_entry(entry: &storage::AuditEntry) -> String {
    let parse = |values: &Option<String>| {
        values.as_deref().and_then(|text| serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(text).ok())
    };
    let show = |value: &serde_json::Value| match value {
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Null => "(empty)".into(),
        other => other.to_string(),
    };
    match (parse(&entry.old_values), parse(&entry.new_values)) {
        (Some(old), Some(new)) => {
            let changed: Vec<String> = new
                .iter()
                .filter(|(field, value)| old.get(*field) != Some(*value))
                .map(|(field, value)| {
                    format!("{field}: {} → {}", old.get(field).map_or("(none)".into(), show), show(value))
                })
                .collect();
            if changed.is_empty() { "no change".into() } else { changed.join("; ") }
        }
        (None, Some(values)) | (Some(values), None) => {
            values.iter().map(|(field, value)| format!("{field}: {}", show(value))).collect::<Vec<_>>().join("; ")
        }
        (None, None) => String::new(),
    }
}

/// The audit trail as CSV (RFC 4180), one entry a line, for a spreadsheet.
pub fn audit_trail_csv(entries: &[storage::AuditEntry]) -> String {
    fn quoted(field: &str) -> String {
        // A leading = + - @ would make a spreadsheet run the text as a formula.
        let safe = if field.starts_with(['=', '+', '-', '@']) { format!("'{field}") } else { field.to_string() };
        format!("\"{}\"", safe.replace('"', "\"\""))
    }
    let mut csv = String::from("entry,at (UTC),who,action,record,row,details\r\n");
    for entry in entries {
        let row = [
            entry.id.to_string(),
            entry.at.clone(),
            entry.actor.clone(),
            entry.action.clone(),
            entry.table_name.clone(),
            entry.row_id.map(|id| id.to_string()).unwrap_or_default(),
            describe_audit_entry(entry),
        ];
        csv.push_str(&row.iter().map(|field| quoted(field)).collect::<Vec<_>>().join(","));
        csv.push_str("\r\n");
    }
    csv
}

#[cfg(test)]
mod audit_csv_tests {
    use super::*;

    fn entry(old: Option<&str>, new: Option<&str>) -> storage::AuditEntry {
        storage::AuditEntry {
            id: 3,
            at: "2026-11-23T10:00:00.000Z".into(),
            actor: "Ann \"Nan\" Example".into(),
            action: "update".into(),
            table_name: "prisoner".into(),
            row_id: Some(7),
            old_values: old.map(str::to_string),
            new_values: new.map(str::to_string),
        }
    }

    #[test]
    fn an_update_names_only_what_changed() {
        let line = describe_audit_entry(&entry(
            Some(r#"{"wing":"A","cell":"1-01","rosh":"low"}"#),
            Some(r#"{"wing":"B","cell":"1-01","rosh":null}"#),
        ));
        assert_eq!(line, "rosh: low → (empty); wing: A → B");
    }

    #[test]
    fn csv_quotes_every_field_and_defuses_formulas() {
        let csv = audit_trail_csv(&[entry(None, Some(r#"{"what":"=HYPERLINK(\"x\")"}"#))]);
        let line = csv.lines().nth(1).unwrap();
        assert!(line.starts_with("\"3\",\"2026-11-23T10:00:00.000Z\",\"Ann \"\"Nan\"\" Example\""), "{line}");
        assert!(line.contains("\"what: =HYPERLINK(\"\"x\"\")\""), "{line}");
        assert!(csv.starts_with("entry,at (UTC),who"));
    }
}
