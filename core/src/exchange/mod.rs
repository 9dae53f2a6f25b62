//! The JSON exchange format: the whole case file, or one prisoner as a transfer pack
//! for a move to another establishment. Documented in `docs/JSON_FORMAT.md`.
//!
//! Import is all or nothing: every record is checked with the same rules as the
//! forms, every error is reported with its record and field, and nothing is written
//! unless everything passes.
//!
//! `export` builds the document from the case file; `import` parses, checks and
//! writes it; `audit` turns the audit trail into a spreadsheet.

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

mod audit;
pub mod calendar;
mod export;
mod import;
pub mod lists;
pub mod sheet;

pub use audit::{describe_audit_entry, entry_in_words};
pub use export::{
    audit_trail_disclosure, export, export_json, export_to_file, record_export, transfer_pack_disclosure, write_export,
};
pub use import::{already_here, check_bytes, import, import_file, parse, validate};

pub const FORMAT_NAME: &str = "omu-desk-case-file";
/// Version 2 added each prisoner's sentence plans, planning meetings, key workers and
/// significant changes; version 3 the release dates beyond CRD, PED, LED, SED and
/// TED, the recategorisation due date, parole reviews and categorisation decisions.
/// Version 1 and 2 files (without them) are still read.
pub const FORMAT_VERSION: u32 = 3;

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
    pub automatic_release_date: Option<String>,
    pub hdc_eligibility_date: Option<String>,
    pub hdc_approved_date: Option<String>,
    pub post_recall_release_date: Option<String>,
    pub approved_parole_date: Option<String>,
    pub rotl_eligibility_date: Option<String>,
    pub recategorisation_due_date: Option<String>,
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
    /// Oldest first (version 3).
    pub parole_reviews: Vec<ParoleReviewJson>,
    /// Oldest first (version 3).
    pub category_decisions: Vec<CategoryDecisionJson>,
}

/// A categorisation decision (version 3): the category's code, dates YYYY-MM-DD.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CategoryDecisionJson {
    pub category: String,
    pub decided_on: String,
    pub reason: String,
    pub next_review_due: Option<String>,
}

/// A parole review (version 3): codes as in docs/JSON_FORMAT.md, dates YYYY-MM-DD.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ParoleReviewJson {
    pub review_type: String,
    pub opened_on: String,
    pub target_hearing_date: Option<String>,
    pub report_due_date: Option<String>,
    pub report_writer: String,
    pub report_sent_on: Option<String>,
    pub status: String,
    pub outcome: Option<String>,
    pub outcome_received_on: Option<String>,
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

/// Why a file could not be read, as a sentence rather than the system's error code.
fn reading(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "there is no such file (check the name and the folder)".to_string(),
        std::io::ErrorKind::PermissionDenied => "you may not read it (ask for access to the folder)".to_string(),
        _ => error.to_string(),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    #[error("cannot read {path}: {}", reading(.source))]
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
