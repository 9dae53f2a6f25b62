//! A JSON document read back: parsed, checked with the forms' own rules (every
//! problem named by record and field), then written in one transaction or not at all.

use super::*;
use crate::domain::categorisation::CategoryDecisionForm;
use crate::domain::parole::{ParoleOutcome, ParoleReviewForm, ParoleReviewType, ParoleStatus};

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
/// The JSON text of a file as people save it: a UTF-8 byte-order mark (what Windows
/// Notepad writes) is dropped; UTF-16 and other encodings are named, with the way to
/// save the file again.
fn json_text(bytes: &[u8]) -> Result<&[u8], ExchangeError> {
    let resave = "open it in Notepad, choose Save As, set Encoding to UTF-8, and import it again";
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let utf16 = bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF")
        || (bytes.len() >= 4 && (bytes[1] == 0 && bytes[3] == 0 || bytes[0] == 0 && bytes[2] == 0));
    if utf16 {
        return Err(ExchangeError::Format(format!(
            "the file is saved as UTF-16 (\"Unicode\") text, and OMU Desk reads UTF-8: {resave}"
        )));
    }
    if let Err(error) = std::str::from_utf8(bytes) {
        return Err(ExchangeError::Format(format!(
            "the file is not UTF-8 text (byte {} is not; perhaps it was saved as ANSI or Windows-1252): {resave}",
            error.valid_up_to() + 1
        )));
    }
    Ok(bytes)
}

pub fn parse(bytes: &[u8]) -> Result<CaseFileJson, ExchangeError> {
    let bytes = json_text(bytes)?;
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
        Some(version) => {
            return Err(ExchangeError::Format(format!(
                "\"version\" is {version}, which no OMU Desk writes: this OMU Desk reads versions 1 to {FORMAT_VERSION}"
            )));
        }
        None => {
            return Err(ExchangeError::Format(format!(
                "the file has no \"version\": every OMU Desk export says which version of the format it is (1 to {FORMAT_VERSION}); was the line removed?"
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
    for (index, review) in record.parole_reviews.iter().enumerate() {
        let at = format!("parole_reviews[{index}]");
        let before = errors.len();
        let review_type = coded::<ParoleReviewType>(&format!("{at}: review_type"), &review.review_type, errors);
        let status = coded::<ParoleStatus>(&format!("{at}: status"), &review.status, errors);
        let outcome =
            review.outcome.as_deref().map(|outcome| coded::<ParoleOutcome>(&format!("{at}: outcome"), outcome, errors));
        if errors.len() > before {
            continue;
        }
        // The same rules as the form on the record.
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        let form = ParoleReviewForm {
            review_type,
            opened_on: review.opened_on.clone(),
            target_hearing_date: text(&review.target_hearing_date),
            report_due_date: text(&review.report_due_date),
            report_writer: review.report_writer.clone(),
            report_sent_on: text(&review.report_sent_on),
            status: status.expect("checked above"),
            outcome: outcome.flatten(),
            outcome_received_on: text(&review.outcome_received_on),
        };
        match form.validate(today) {
            Ok(details) => planning.parole_reviews.push(details),
            Err(invalid) => errors.push(format!("{at}: {invalid}")),
        }
    }
    for (index, decision) in record.category_decisions.iter().enumerate() {
        // The same rules as the form on the record; the establishment's categories are
        // checked as the file is written.
        let form = CategoryDecisionForm {
            category: Some(decision.category.clone()),
            decided_on: decision.decided_on.clone(),
            reason: decision.reason.clone(),
            next_review_due: decision.next_review_due.clone().unwrap_or_default(),
        };
        match form.validate_rules(today, planning.category_decisions.last()) {
            Ok(details) => planning.category_decisions.push(details),
            Err(invalid) => errors.push(format!("category_decisions[{index}]: {invalid}")),
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
        automatic_release_date: text(&record.automatic_release_date),
        hdc_eligibility_date: text(&record.hdc_eligibility_date),
        hdc_approved_date: text(&record.hdc_approved_date),
        post_recall_release_date: text(&record.post_recall_release_date),
        approved_parole_date: text(&record.approved_parole_date),
        rotl_eligibility_date: text(&record.rotl_eligibility_date),
        recategorisation_due_date: text(&record.recategorisation_due_date),
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
