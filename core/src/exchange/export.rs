//! The case file (or one prisoner's transfer pack) as the JSON document, and the
//! record of it leaving the PC.

use super::*;

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
            automatic_release_date: iso(d.automatic_release_date),
            hdc_eligibility_date: iso(d.hdc_eligibility_date),
            hdc_approved_date: iso(d.hdc_approved_date),
            post_recall_release_date: iso(d.post_recall_release_date),
            approved_parole_date: iso(d.approved_parole_date),
            rotl_eligibility_date: iso(d.rotl_eligibility_date),
            recategorisation_due_date: iso(d.recategorisation_due_date),
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
            parole_reviews: db
                .parole_reviews(prisoner.id)?
                .into_iter()
                .rev()
                .map(|review| {
                    let r = review.details;
                    ParoleReviewJson {
                        review_type: r.review_type.code().to_string(),
                        opened_on: iso_date(r.opened_on),
                        target_hearing_date: iso(r.target_hearing_date),
                        report_due_date: iso(r.report_due_date),
                        report_writer: r.report_writer,
                        report_sent_on: iso(r.report_sent_on),
                        status: r.status.code().to_string(),
                        outcome: r.outcome.map(|outcome| outcome.code().to_string()),
                        outcome_received_on: iso(r.outcome_received_on),
                    }
                })
                .collect(),
            category_decisions: db
                .category_decisions(prisoner.id)?
                .into_iter()
                .rev()
                .map(|decision| {
                    let d = decision.details;
                    CategoryDecisionJson {
                        category: d.category,
                        decided_on: iso_date(d.decided_on),
                        reason: d.reason,
                        next_review_due: iso(d.next_review_due),
                    }
                })
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
