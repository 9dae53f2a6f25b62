//! A large establishment for measuring speed: 2,000 prisoners with five years of
//! history (about 20,000 planning meetings, 100,000 objectives, 50,000 contacts,
//! induction checklists) and a key safe of 500 hooks with about a million movements.
//! Deterministic: the same seed and day give the same file. Written with the bulk
//! loader in a few large transactions.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};

use crate::domain::contact::{ContactDetails, ContactType};
use crate::domain::dates::{add_months, london_to_utc};
use crate::domain::induction::ItemStatus;
use crate::domain::keys::{Bunch, DEFAULT_CUT_OFF, HolderStatus, TallyHolder, default_due_back};
use crate::domain::plan::{
    Agreement, Attendee, InterventionState, Keyworker, MeetingDetails, Objective, ObjectiveStatus, Participation,
    PlanKind, ResponsibleRole,
};
use crate::domain::prisoner::{DiversityNeeds, OffenderManager, PrisonNumber, PrisonerDetails};
use crate::domain::risk::{Coded, Likelihood, Rosh, SentenceLength, SentenceType};
use crate::domain::staff::StaffRole;
use crate::storage::{Db, Result};

use super::{FORENAMES, SURNAMES};

pub const PRISONERS: usize = 2_000;
pub const HOOKS: u32 = 500;
const YEARS: i64 = 5;
/// Plans are reviewed every quarter here, giving about ten versions per stay.
const REVIEW_MONTHS: u32 = 3;
const SEED: u64 = 0x00AA_2000;
/// One loan in this many is returned late.
const LATE_EVERY: usize = 31;

/// What was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub prisoners: usize,
    pub contacts: usize,
    pub plan_versions: usize,
    pub objectives: usize,
    pub meetings: usize,
    pub checklists: usize,
    pub key_movements: usize,
}

/// Fills a new, empty case file with the large establishment.
pub fn populate(db: &mut Db, today: NaiveDate, user: &str) -> Result<Counts> {
    if !db.is_new()? {
        return Err(crate::storage::Error::Invalid("the demo can only be loaded into a new, empty case file".into()));
    }
    let mut settings = db.settings()?;
    settings.establishment_name = "HMP Greatmoor (large demo)".into();
    db.save_settings(&settings)?;
    let mut rng = fastrand::Rng::with_seed(SEED);
    let mut counts = Counts::default();
    let interventions = db.interventions()?;
    let now = london_to_utc(today, NaiveTime::from_hms_opt(12, 0, 0).expect("noon"));

    let supervisors: Vec<String> = std::iter::once(user.to_string())
        .chain((1..40).map(|n| format!("{} {}", FORENAMES[n % FORENAMES.len()], SURNAMES[(n * 7) % SURNAMES.len()])))
        .collect();
    let staff_ids: Vec<i64> = db.bulk(|bulk| {
        let mut ids = Vec::new();
        for (index, name) in supervisors.iter().enumerate() {
            // Generated names can repeat: make each unique on the staff list.
            let unique = if supervisors[..index].contains(name) { format!("{name} ({index})") } else { name.clone() };
            ids.push(bulk.staff(&unique, StaffRole::OffenderSupervisor)?);
        }
        Ok(ids)
    })?;

    let mut numbers = std::collections::HashSet::new();
    for block in 0..(PRISONERS / 100) {
        db.bulk(|bulk| {
            for offset in 0..100 {
                let index = block * 100 + offset;
                let number = loop {
                    let candidate = format!(
                        "{}{:04}{}{}",
                        ['A', 'G'][rng.usize(..2)],
                        rng.u32(1000..10000),
                        rng.alphabetic().to_ascii_uppercase(),
                        rng.alphabetic().to_ascii_uppercase()
                    );
                    if numbers.insert(candidate.clone()) {
                        break PrisonNumber::parse(&candidate).expect("generated in NOMIS shape");
                    }
                };
                let details = prisoner(&mut rng, today, index, number, staff_ids[index % staff_ids.len()]);
                let id = bulk.prisoner(&details)?;
                counts.prisoners += 1;
                let received = details.reception_date.unwrap_or(today);
                let stay = (today - received).num_days().max(1);

                // Contacts about every month, the latest usually recent.
                let contacts = 40.min(stay / 25 + 1);
                for n in 0..contacts {
                    let day = today - Duration::days(rng.i64(0..20) + n * 28);
                    if day < received {
                        break;
                    }
                    bulk.contact(
                        id,
                        &ContactDetails {
                            contact_date: day,
                            contact_type: if n % 5 == 4 {
                                ContactType::OffenderManager
                            } else {
                                ContactType::FaceToFace
                            },
                            staff_name: supervisors[index % supervisors.len()].clone(),
                            notes: "Reviewed progress on the sentence plan.".into(),
                        },
                    )?;
                    counts.contacts += 1;
                }

                // Induction: complete for settled prisoners, part done for new ones.
                let received_at = london_to_utc(received, NaiveTime::from_hms_opt(14, 0, 0).expect("time"));
                let settled = stay > 10;
                bulk.checklist(id, received_at, "Reception officer", |position| {
                    if settled || position < 5 {
                        if position == 13 && index % 7 == 0 { ItemStatus::Exempt } else { ItemStatus::Completed }
                    } else {
                        ItemStatus::Open
                    }
                })?;
                counts.checklists += 1;

                bulk.keyworker(id, &Keyworker { id: 0, name: "Sam Okoye".into(), role: "CARATS worker".into() })?;

                // Plans: an initial plan and a review every quarter.
                if details.sentence_type == SentenceType::Remand {
                    continue;
                }
                let mut start = received + Duration::days(10);
                let mut number = 1;
                let mut objectives: Vec<Objective> =
                    (0..5).map(|n| objective(&mut rng, &interventions, start, n)).collect();
                while start <= today {
                    let meeting_day = start + Duration::days(7);
                    let next_review = add_months(meeting_day, REVIEW_MONTHS);
                    let held = meeting_day < today;
                    let meeting = MeetingDetails {
                        date: if held { meeting_day } else { today + Duration::days(rng.i64(1..21)) },
                        time: NaiveTime::from_hms_opt(9 + rng.u32(0..7), [0, 30][rng.usize(..2)], 0),
                        chair: "Head of OMU".into(),
                        held,
                        prisoner_attended: held && rng.u32(0..5) > 0,
                        prisoner_views: if held { "Agreed the plan.".into() } else { String::new() },
                        decisions: if held { "Plan agreed.".into() } else { String::new() },
                        next_review_date: held.then_some(next_review),
                        attendees: vec![
                            Attendee {
                                name: supervisors[index % supervisors.len()].clone(),
                                role: "Offender supervisor".into(),
                                participation: if held { Participation::InPerson } else { Participation::Invited },
                            },
                            Attendee {
                                name: details.offender_manager.name.clone(),
                                role: "Offender manager".into(),
                                participation: if held { Participation::VideoLink } else { Participation::Invited },
                            },
                        ],
                    };
                    let kind = if number == 1 { PlanKind::Initial } else { PlanKind::Review };
                    // Some of the latest reviews are overdue: agreed, but the next is past.
                    let closed = held.then_some((meeting_day, next_review));
                    bulk.plan(id, number, kind, start, &objectives, Some(&meeting), closed)?;
                    counts.plan_versions += 1;
                    counts.objectives += objectives.len();
                    counts.meetings += 1;
                    if !held {
                        break;
                    }
                    // Progress for the next version.
                    for objective in &mut objectives {
                        if objective.status.is_active() && rng.u32(0..3) == 0 {
                            objective.status = ObjectiveStatus::Achieved;
                            objective.status_changed_on = meeting_day;
                        } else if objective.status == ObjectiveStatus::NotStarted {
                            objective.status = ObjectiveStatus::InProgress;
                            objective.status_changed_on = meeting_day;
                        }
                    }
                    number += 1;
                    start = next_review - Duration::days(14);
                    if next_review > today && rng.u32(0..4) > 0 {
                        break; // reviewed on time; the next is not yet due
                    }
                }
            }
            Ok(())
        })?;
    }

    counts.key_movements = key_safe(db, &mut rng, today, now)?;
    Ok(counts)
}

fn prisoner(
    rng: &mut fastrand::Rng,
    today: NaiveDate,
    index: usize,
    number: PrisonNumber,
    supervisor: i64,
) -> PrisonerDetails {
    let received =
        today - Duration::days(if index.is_multiple_of(50) { rng.i64(0..7) } else { rng.i64(14..365 * YEARS) });
    let sentence_type = match rng.u32(0..100) {
        0..=6 => SentenceType::Life,
        7..=10 => SentenceType::Ipp,
        11..=15 => SentenceType::Remand,
        _ => SentenceType::Determinate,
    };
    let months = [14, 18, 24, 30, 36, 48, 60, 72, 96, 120][rng.usize(..10)];
    let sentence_date = (sentence_type != SentenceType::Remand).then(|| received - Duration::days(rng.i64(0..20)));
    let length = (sentence_type == SentenceType::Determinate).then_some(SentenceLength {
        years: months / 12,
        months: months % 12,
        days: 0,
    });
    let rosh = [Rosh::Low, Rosh::Medium, Rosh::Medium, Rosh::High, Rosh::High, Rosh::VeryHigh][rng.usize(..6)];
    PrisonerDetails {
        prison_number: number,
        surname: SURNAMES[rng.usize(..SURNAMES.len())].to_string(),
        forenames: FORENAMES[rng.usize(..FORENAMES.len())].to_string(),
        preferred_name: String::new(),
        date_of_birth: today - Duration::days(rng.i64(19 * 365..70 * 365)),
        reception_date: Some(received),
        reception_time: NaiveTime::from_hms_opt(14, 0, 0),
        wing: ["A", "B", "C", "D", "E", "F", "G", "H"][rng.usize(..8)].to_string(),
        cell: format!("{}-{:02}", rng.u8(1..5), rng.u8(1..40)),
        sentence_type,
        sentence_length: length,
        sentence_date,
        conditional_release_date: None,
        parole_eligibility_date: None,
        licence_expiry_date: None,
        sentence_expiry_date: match (length, sentence_date) {
            (Some(length), Some(start)) => Some(length.end_from(start)),
            _ => None,
        },
        tariff_expiry_date: None,
        automatic_release_date: None,
        hdc_eligibility_date: None,
        hdc_approved_date: None,
        post_recall_release_date: None,
        approved_parole_date: None,
        rotl_eligibility_date: None,
        recategorisation_due_date: None,
        security_category: Some(["B", "C", "C", "D"][rng.usize(..4)].to_string()),
        rosh: Some(rosh),
        reoffending_likelihood: Some([Likelihood::Low, Likelihood::Medium, Likelihood::High][rng.usize(..3)]),
        last_oasys_review_date: Some((today - Duration::days(rng.i64(0..200))).max(received)),
        mappa_category: None,
        mappa_level: None,
        ppo: index.is_multiple_of(23),
        recall: index.is_multiple_of(17),
        transfer_hold: false,
        transfer_hold_reason: String::new(),
        diversity: DiversityNeeds {
            first_language: if index.is_multiple_of(13) { "Polish".into() } else { String::new() },
            ..DiversityNeeds::default()
        },
        offender_manager: OffenderManager {
            name: format!("OM {}", index % 120),
            area: "North West".into(),
            contact: String::new(),
        },
        allocated_supervisor_id: Some(supervisor),
        notes: String::new(),
    }
}

fn objective(
    rng: &mut fastrand::Rng,
    interventions: &[crate::domain::plan::Intervention],
    start: NaiveDate,
    n: usize,
) -> Objective {
    let intervention = &interventions[rng.usize(..interventions.len())];
    Objective {
        id: None,
        text: format!("Work towards: {}", intervention.name),
        pathway: intervention.pathway,
        need: format!("Need on pathway {}", intervention.pathway.code()),
        intervention_id: Some(intervention.id),
        intervention_state: Some(if intervention.offered {
            [InterventionState::Required, InterventionState::Waiting, InterventionState::On][rng.usize(..3)]
        } else {
            [InterventionState::Required, InterventionState::Waiting][rng.usize(..2)]
        }),
        responsible_role: [ResponsibleRole::Psychology, ResponsibleRole::Education, ResponsibleRole::Carats][n % 3],
        responsible_name: String::new(),
        target_date: Some(start + Duration::days(rng.i64(60..300))),
        status: ObjectiveStatus::NotStarted,
        status_changed_on: start,
        progress_notes: String::new(),
        agreement: Some(Agreement::Agreed),
        agreement_words: String::new(),
    }
}

/// 500 hooks, their holders, and five years of daily issues and returns: about a
/// million movements. Today some bunches are out; one has been out since yesterday.
fn key_safe(db: &mut Db, rng: &mut fastrand::Rng, today: NaiveDate, now: DateTime<Utc>) -> Result<usize> {
    let (bunches, holders) = db.bulk(|bulk| {
        let mut bunches = Vec::new();
        let mut holders = Vec::new();
        for hook in 1..=HOOKS {
            bunches.push(bulk.bunch(&Bunch {
                id: 0,
                hook,
                description: format!("Area {} keys", hook % 40 + 1),
                key_count: 4 + hook % 5,
                contents: "Suite keys".into(),
                out_of_use: hook % 97 == 0,
                out_of_use_reason: if hook % 97 == 0 { "Awaiting new keys".into() } else { String::new() },
                access_group: String::new(),
                restricted: false,
            })?);
            holders.push(bulk.holder(&TallyHolder {
                id: 0,
                name: format!(
                    "{} {}",
                    FORENAMES[hook as usize % FORENAMES.len()],
                    SURNAMES[(hook as usize * 3) % SURNAMES.len()]
                ),
                role: "Prison officer".into(),
                department: format!("Area {}", hook % 40 + 1),
                tally: hook,
                risk_assessed_on: Some(today - Duration::days(i64::from(hook % 300))),
                key_talk_on: Some(today - Duration::days(i64::from(hook % 300))),
                chain_and_pouch: true,
                overnight_allowed: hook % 10 == 0,
                suspended: false,
                access_groups: Vec::new(),
                status: HolderStatus::Serving,
                keys_due_by: None,
            })?);
        }
        Ok((bunches, holders))
    })?;
    let mut movements = 0;
    let days = YEARS * 365;
    for chunk in (0..days).collect::<Vec<_>>().chunks(60) {
        db.bulk(|bulk| {
            for day_back in chunk.iter().rev() {
                let day = today - Duration::days(days - 1 - day_back);
                let seven = london_to_utc(day, NaiveTime::from_hms_opt(7, 0, 0).expect("time"));
                // About 274 of the 500 draw their keys each day.
                for hook in 0..HOOKS as usize {
                    if rng.u32(0..100) >= 55 || (hook + 1) % 97 == 0 {
                        continue;
                    }
                    let out = seven + Duration::minutes(rng.i64(0..180));
                    if out > now {
                        continue;
                    }
                    let due = default_due_back(out, DEFAULT_CUT_OFF, false);
                    let early = Duration::minutes(rng.i64(5..300));
                    // About one return in thirty comes back after its due time (never
                    // today's, which would still be out), so the Unit page's late
                    // returns read a realistic index range.
                    let last_day = day == today;
                    let back = if !last_day && (hook + *day_back as usize).is_multiple_of(LATE_EVERY) {
                        due + Duration::minutes(5 + (hook % 90) as i64)
                    } else {
                        due - early
                    };
                    let overdue_since_yesterday = hook == 4 && day == today - Duration::days(1);
                    let returned = if overdue_since_yesterday || (last_day && back > now) || back <= out {
                        None
                    } else {
                        Some(back)
                    };
                    if hook == 4 && day == today {
                        continue; // still out from yesterday
                    }
                    bulk.key_loan(bunches[hook], holders[hook], out, due, returned)?;
                    movements += 1 + usize::from(returned.is_some());
                }
            }
            Ok(())
        })?;
    }
    Ok(movements)
}
