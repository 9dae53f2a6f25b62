//! A demo establishment so a new user sees a living app at once: about sixty
//! prisoners with varied sentences and risk, names with accents and apostrophes, a
//! staff list and contact history. Deterministic: the same seed and day give the
//! same file.
//!
//! Over 600 lines because one seeded generator must draw every prisoner's facts in
//! a fixed order to stay deterministic; the key safe and induction are already apart.

mod induction;
mod keys;
pub mod large;
mod plans;

use induction::{INDUCTIONS, InductionState, SENIOR_SUPERVISOR, supervisors_of, work_through_induction};
use keys::key_safe;
use plans::plan_for;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};

use crate::domain::contact::{ContactDetails, ContactType};
use crate::domain::dates::add_months;
use crate::domain::induction::{Answer, DueRule, ExemptionReason, ItemChange, ItemStatus, Question};
use crate::domain::keys::{Bunch, HolderStatus, IncidentKind, NewIncident, ReportedTo, TallyHolder, Visitor};
use crate::domain::plan::{
    Agreement, Attendee, InterventionState, MeetingDetails, Objective, ObjectiveStatus, Participation, Pathway,
    PlanKind, ResponsibleRole,
};
use crate::domain::prisoner::{DiversityNeeds, OffenderManager, PrisonNumber, PrisonerDetails};
use crate::domain::risk::{Likelihood, Rosh, SentenceLength, SentenceType};
use crate::domain::staff::StaffRole;
use crate::domain::users::{Role, User};
use crate::storage::{
    self, Db, ImportBatch, ImportedPrisoner, IssueDetails, RecoveryKey, Result, ReturnDetails, SignedIn,
};

pub const DEMO_ESTABLISHMENT: &str = "HMP Northmoor (demo)";
/// The supervisor the demo is seen as when no name is given: its administrator.
pub const DEMO_USER: &str = "Priya Shah";
/// Every demo user's passphrase (documented in the README, printed by `omu-desk demo`).
/// A real file's passphrases are each person's own.
pub const DEMO_PASSPHRASE: &str = "demo copper lantern";
/// Who can sign in to a demo file: one of each role.
pub const DEMO_ACCOUNTS: &[(&str, Role)] =
    &[(DEMO_USER, Role::Administrator), (SENIOR_SUPERVISOR, Role::Supervisor), ("Dan Mercer", Role::Gate)];
const SEED: u64 = 0x0_4D_55_44;

/// Sets up a new, encrypted demo file with the [`DEMO_ACCOUNTS`], signed in as the
/// administrator. The file is empty until [`populate`] (or `large::populate`) fills it.
pub fn set_up(path: &std::path::Path) -> Result<(SignedIn, RecoveryKey)> {
    let (key, administrator, recovery) = storage::set_up(path, DEMO_USER, DEMO_PASSPHRASE)?;
    let mut signed_in = storage::open_as(path, &key, administrator)?;
    for (name, role) in &DEMO_ACCOUNTS[1..] {
        // The demo's staff list, with each person's role, comes with its establishment.
        let user = User { name: name.to_string(), role: *role };
        let sealed = storage::SealedPassphrase::new(signed_in.db.key(), &user, DEMO_PASSPHRASE)?;
        signed_in.db.add_sealed_user(sealed, None)?;
    }
    Ok((signed_in, recovery))
}

/// People whose names test every printout and search.
const NAMED_PRISONERS: &[(&str, &str)] = &[
    ("Seán", "Ó'Brien"),
    ("Zoë", "Łukasiewicz"),
    ("Ayşe", "Yılmaz"),
    ("Jean-Luc", "D'Arcy"),
    ("Oluwaseun", "Adébáyọ̀"),
    ("Björn", "Ångström"),
    ("Tomasz", "Wiśniewski"),
    ("Mohammed", "Al-Hassan"),
    ("Kieran", "O'Neill"),
    ("Dafydd", "ap Rhys"),
];

const FORENAMES: &[&str] = &[
    "Daniel",
    "Ryan",
    "Connor",
    "Marcus",
    "Tyrone",
    "Ashley",
    "Lee",
    "Paul",
    "Wayne",
    "Gareth",
    "Dylan",
    "Rhys",
    "Kyle",
    "Craig",
    "Jordan",
    "Nathan",
    "Dean",
    "Sean",
    "Mark",
    "Lewis",
    "Callum",
    "Ross",
    "Jason",
    "Reece",
    "Ahmed",
    "Chukwuemeka",
    "Dariusz",
    "Nikolai",
    "Jamie",
    "Liam",
    "Stephen",
    "Michael",
];

const SURNAMES: &[&str] = &[
    "Smith",
    "Jones",
    "Williams",
    "Brown",
    "Davies",
    "Evans",
    "Thomas",
    "Roberts",
    "Hughes",
    "Lewis",
    "Morgan",
    "Griffiths",
    "Wilson",
    "Taylor",
    "Walker",
    "Wright",
    "Robinson",
    "Thompson",
    "White",
    "Hall",
    "Green",
    "Wood",
    "Clarke",
    "Jackson",
    "Khan",
    "Okafor",
    "Kowalczyk",
    "Petrov",
    "McAllister",
    "Fitzgerald",
    "Bennett",
    "Shaw",
];

const OFFENDER_MANAGERS: &[(&str, &str, &str)] = &[
    ("Helen Carter", "Greater Manchester", "0161 555 0142"),
    ("Joseph Mensah", "London North", "020 7946 0321"),
    ("Siân Pritchard", "Wales: Cardiff and Vale", "029 2018 0457"),
    ("Gary Holt", "Yorkshire: Leeds", "0113 496 0780"),
    ("Aisha Begum", "West Midlands: Birmingham", "0121 496 0633"),
    ("Rob Turner", "North West: Liverpool", "0151 496 0255"),
];

const CONTACT_NOTES: &[&str] = &[
    "Discussed progress on sentence plan targets; engaging well.",
    "Reviewed education attendance. Agreed to apply for the Level 2 maths course.",
    "Raised worries about housing on release; referred to resettlement.",
    "Family contact: partner visiting fortnightly. No concerns raised.",
    "Spoke about the victim awareness course waiting list.",
    "Low mood reported; checked ACCT status (none open) and signposted to healthcare.",
    "Went through parole dossier timetable and what the board will need.",
    "Explained recall reasons and licence conditions again; accepts responsibility.",
];

/// Fills an empty case file with the demo establishment; `user` becomes the first
/// supervisor, so "my caseload" shows something.
pub fn populate(db: &mut Db, today: NaiveDate, user: &str) -> Result<usize> {
    if !db.is_new()? {
        return Err(crate::storage::Error::Invalid("the demo can only be loaded into a new, empty case file".into()));
    }
    // Today, the demo's gate is at work now; on another day (tests, screenshots) it is
    // ten in the morning there, so the same day always gives the same file.
    let now = if today == crate::domain::dates::london_today() {
        Utc::now()
    } else {
        crate::domain::dates::london_to_utc(today, NaiveTime::from_hms_opt(10, 0, 0).expect("a time"))
    };
    let mut settings = db.settings()?;
    settings.establishment_name = DEMO_ESTABLISHMENT.to_string();
    db.save_settings(&settings)?;
    // The induction procedure was last reviewed in the summer, whatever day the file
    // is made on (a new file's procedure says it was reviewed the day it was set up).
    db.mark_template_reviewed(today - Duration::days(120))?;
    let batch = establishment(today, user);
    let count = batch.prisoners.len();
    // New receptions start their induction checklists as they are written.
    db.import(&batch, false)?;
    for (index, state) in INDUCTIONS {
        let number = &batch.prisoners[index].details.prison_number;
        if let Some(prisoner) = db.prisoner_by_number(number)? {
            // Saving a record starts the checklist only for a reception near the real
            // today; a demo made for another day (tests, screenshots) starts its own.
            if db.checklists(prisoner.id)?.is_empty() {
                db.start_checklist(prisoner.id)?;
            }
            work_through_induction(db, prisoner.id, state, supervisors_of(user)[index % 4], now)?;
        }
    }
    let mut rng = fastrand::Rng::with_seed(SEED + 1);
    for (index, record) in batch.prisoners.iter().enumerate() {
        if record.archived || record.details.sentence_type == SentenceType::Remand {
            continue;
        }
        if let Some(prisoner) = db.prisoner_by_number(&record.details.prison_number)? {
            let supervisor = record.supervisor.as_deref().unwrap_or("Rachel Okoro");
            plan_for(db, &mut rng, today, index, &prisoner.details, prisoner.id, supervisor)?;
            parole_for(db, today, index, &prisoner.details, prisoner.id, supervisor)?;
            categorisation_for(db, today, index, &prisoner.details, prisoner.id)?;
        }
    }
    deadline_stages(db, today)?;
    key_safe(db, &mut rng, now)?;
    Ok(count)
}

/// The last categorisation review, six months before the next one falls due: the
/// category on the record, with the reason a review would give.
fn categorisation_for(
    db: &mut Db,
    today: NaiveDate,
    index: usize,
    details: &PrisonerDetails,
    prisoner_id: i64,
) -> Result<()> {
    use crate::domain::categorisation::CategoryDecisionDetails;
    let (Some(category), Some(next_review_due)) = (&details.security_category, details.recategorisation_due_date)
    else {
        return Ok(());
    };
    const REASONS: [&str; 4] = [
        "Initial categorisation: sentence length, offence and escape history considered",
        "Reviewed: no adjudications, engaging with the sentence plan; category maintained",
        "Reviewed: risk of abscond and harm assessed as manageable at this category",
        "Reviewed: security information received; category maintained pending the next review",
    ];
    let decision = CategoryDecisionDetails {
        category: category.clone(),
        decided_on: (next_review_due - Duration::days(182)).min(today),
        reason: REASONS[index % REASONS.len()].to_string(),
        next_review_due: Some(next_review_due),
    };
    db.record_category_decision(prisoner_id, &decision)?;
    Ok(())
}

/// Parole reviews at each stage, for prisoners whose parole or tariff date is near:
/// a report due soon, one late, a hearing held with no outcome yet, one decided.
fn parole_for(
    db: &mut Db,
    today: NaiveDate,
    index: usize,
    details: &PrisonerDetails,
    prisoner_id: i64,
    writer: &str,
) -> Result<()> {
    use crate::domain::parole::{ParoleOutcome, ParoleReviewDetails, ParoleReviewType, ParoleStatus};
    let (review_type, eligible) = match (details.tariff_expiry_date, details.parole_eligibility_date) {
        (Some(tariff), _) => (ParoleReviewType::TariffExpiry, tariff),
        (None, Some(eligible)) => (ParoleReviewType::ParoleEligibility, eligible),
        _ => return Ok(()),
    };
    // Reviews open about six months before the date; only those near it have one.
    if (eligible - today).num_days().abs() > 400 {
        return Ok(());
    }
    let stage = index % 4;
    let hearing = match stage {
        0 => today + Duration::days(75),
        1 => today + Duration::days(40),
        2 => today - Duration::days(9),
        _ => today - Duration::days(60),
    };
    let opened_on = (hearing - Duration::days(180)).min(today);
    let report_due = hearing - Duration::days(56);
    let decided = stage == 3;
    let review = ParoleReviewDetails {
        review_type,
        opened_on,
        target_hearing_date: Some(hearing),
        report_due_date: Some(report_due),
        report_writer: writer.to_string(),
        // The report for the hearing forty days off is late; the others went in time.
        report_sent_on: (stage >= 2).then(|| report_due - Duration::days(3)),
        status: if decided { ParoleStatus::Completed } else { ParoleStatus::Active },
        outcome: decided.then_some(ParoleOutcome::NoRelease),
        outcome_received_on: decided.then(|| hearing + Duration::days(14)),
    };
    db.save_parole_review(prisoner_id, None, &review)?;
    Ok(())
}

/// The demo supervisor's caseload holds every kind of deadline at some stage: home
/// detention curfew coming up, ROTL eligibility, a parole review whose report is due
/// soon and one whose hearing was held with no outcome yet, besides what the random
/// records give.
fn deadline_stages(db: &mut Db, today: NaiveDate) -> Result<()> {
    use crate::domain::parole::{ParoleReviewDetails, ParoleReviewType, ParoleStatus};
    use crate::storage::{CaseloadQuery, SupervisorFilter};
    let Some(supervisor) = db.staff()?.into_iter().find(|member| member.name == SENIOR_SUPERVISOR) else {
        return Ok(());
    };
    let query = CaseloadQuery { supervisor: SupervisorFilter::Staff(supervisor.id), ..CaseloadQuery::default() };
    let mut determinate = db
        .caseload(&query, today)?
        .into_iter()
        .filter(|entry| {
            let details = &entry.prisoner.details;
            details.sentence_type == SentenceType::Determinate
                && !details.recall
                && details.conditional_release_date.is_some_and(|release| release > today + Duration::days(200))
        })
        .map(|entry| entry.prisoner.clone());
    if let Some(mut prisoner) = determinate.next() {
        prisoner.details.hdc_eligibility_date = Some(today + Duration::days(45));
        prisoner.details.hdc_approved_date = None;
        db.update_prisoner(prisoner.id, &prisoner.details)?;
    }
    if let Some(mut prisoner) = determinate.next() {
        prisoner.details.rotl_eligibility_date = Some(today + Duration::days(10));
        db.update_prisoner(prisoner.id, &prisoner.details)?;
    }
    if let Some(mut prisoner) = determinate.next() {
        // An extended sentence: release at the parole eligibility date only if the
        // Board directs it.
        let eligible = today + Duration::days(120);
        prisoner.details.parole_eligibility_date = Some(eligible);
        db.update_prisoner(prisoner.id, &prisoner.details)?;
        let hearing = eligible - Duration::days(14);
        let review = ParoleReviewDetails {
            review_type: ParoleReviewType::ParoleEligibility,
            opened_on: today - Duration::days(60),
            target_hearing_date: Some(hearing),
            report_due_date: Some(today + Duration::days(12)),
            report_writer: SENIOR_SUPERVISOR.to_string(),
            report_sent_on: None,
            status: ParoleStatus::Active,
            outcome: None,
            outcome_received_on: None,
        };
        db.save_parole_review(prisoner.id, None, &review)?;
    }
    if let Some(mut prisoner) = determinate.next() {
        // Another extended sentence, past its parole eligibility date: the Board sat
        // nine days ago and its decision has not been recorded.
        let eligible = today - Duration::days(5);
        prisoner.details.parole_eligibility_date = Some(eligible);
        db.update_prisoner(prisoner.id, &prisoner.details)?;
        let hearing = today - Duration::days(9);
        let review = ParoleReviewDetails {
            review_type: ParoleReviewType::ParoleEligibility,
            opened_on: hearing - Duration::days(180),
            target_hearing_date: Some(hearing),
            report_due_date: Some(hearing - Duration::days(56)),
            report_writer: SENIOR_SUPERVISOR.to_string(),
            report_sent_on: Some(hearing - Duration::days(60)),
            status: ParoleStatus::Active,
            outcome: None,
            outcome_received_on: None,
        };
        db.save_parole_review(prisoner.id, None, &review)?;
    }
    Ok(())
}

/// The demo establishment as a batch of records.
pub fn establishment(today: NaiveDate, user: &str) -> ImportBatch {
    let mut rng = fastrand::Rng::with_seed(SEED);
    let supervisors = supervisors_of(user);
    let mut staff: Vec<(String, StaffRole, bool)> = supervisors
        .iter()
        .map(|name| {
            let role = if *name == SENIOR_SUPERVISOR {
                StaffRole::SeniorOffenderSupervisor
            } else {
                StaffRole::OffenderSupervisor
            };
            (name.to_string(), role, true)
        })
        .collect();
    staff.push(("Sam Ellis".into(), StaffRole::CaseAdministrator, true));

    let mut numbers = std::collections::HashSet::new();
    let mut prisoners = Vec::new();
    for index in 0..60 {
        let (forenames, surname) = match NAMED_PRISONERS.get(index) {
            Some((forenames, surname)) => (forenames.to_string(), surname.to_string()),
            None => {
                (FORENAMES[rng.usize(..FORENAMES.len())].to_string(), SURNAMES[rng.usize(..SURNAMES.len())].to_string())
            }
        };
        let prison_number = loop {
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
        let details = prisoner(&mut rng, today, index, prison_number, forenames, surname);
        let supervisor = match index % 13 {
            12 => None,
            n => Some(supervisors[n % supervisors.len()].to_string()),
        };
        let contacts = contacts(&mut rng, today, &details, supervisor.as_deref().unwrap_or("Sam Ellis"));
        prisoners.push(ImportedPrisoner {
            details,
            supervisor,
            archived: index == 59,
            contacts,
            planning: Default::default(),
        });
    }
    ImportBatch { staff, prisoners }
}

/// The release dates beyond CRD and TED, so the demo has prisoners at each stage:
/// eligible for home detention curfew soon, approved for it, recalled, granted parole.
struct DemoReleaseDates {
    hdc_eligibility: Option<NaiveDate>,
    hdc_approved: Option<NaiveDate>,
    post_recall: Option<NaiveDate>,
    approved_parole: Option<NaiveDate>,
    rotl_eligibility: Option<NaiveDate>,
    recategorisation_due: Option<NaiveDate>,
}

#[allow(clippy::too_many_arguments)]
fn release_dates(
    rng: &mut fastrand::Rng,
    today: NaiveDate,
    index: usize,
    sentence_type: SentenceType,
    sentence_length: Option<SentenceLength>,
    sentence_date: Option<NaiveDate>,
    conditional_release: Option<NaiveDate>,
    tariff_expiry: Option<NaiveDate>,
) -> DemoReleaseDates {
    // Home detention curfew: sentences of a year to under four years, eligible up to
    // 180 days before the conditional release date, never in the first 28 days.
    let hdc_eligibility = match (sentence_length, sentence_date, conditional_release) {
        (Some(length), Some(start), Some(release)) if (1..4).contains(&length.years) && index % 3 != 2 => {
            Some((release - Duration::days(180)).max(start + Duration::days(28)))
        }
        _ => None,
    };
    let hdc_approved = match (hdc_eligibility, conditional_release) {
        (Some(eligible), Some(release)) if index % 4 == 1 && eligible <= today + Duration::days(30) => {
            Some((eligible.max(today) + Duration::days(21)).min(release))
        }
        _ => None,
    };
    let recalled = sentence_type == SentenceType::Determinate && index % 8 == 6;
    let post_recall = recalled.then(|| today + Duration::days(rng.i64(20..300)));
    let approved_parole = match tariff_expiry {
        Some(tariff) if tariff < today && index.is_multiple_of(2) => Some(today + Duration::days(rng.i64(30..120))),
        _ => None,
    };
    let rotl_eligibility = match (sentence_date, conditional_release) {
        (Some(start), Some(release)) if index % 5 == 3 => Some((release - Duration::days(270)).max(start)),
        _ => None,
    };
    let recategorisation_due =
        (sentence_type != SentenceType::Remand).then(|| today + Duration::days(rng.i64(-20..240)));
    DemoReleaseDates {
        hdc_eligibility,
        hdc_approved,
        post_recall,
        approved_parole,
        rotl_eligibility,
        recategorisation_due,
    }
}

fn prisoner(
    rng: &mut fastrand::Rng,
    today: NaiveDate,
    index: usize,
    prison_number: PrisonNumber,
    forenames: String,
    surname: String,
) -> PrisonerDetails {
    let days = |rng: &mut fastrand::Rng, range: std::ops::Range<i64>| Duration::days(rng.i64(range));
    // Several young adults, to show the under-21 scope rule.
    let age_days = if index % 9 == 4 { rng.i64(18 * 365 + 10..21 * 365 - 10) } else { rng.i64(21 * 365..68 * 365) };
    let date_of_birth = today - Duration::days(age_days);
    // Four recent receptions whose induction is under way (see `INDUCTIONS`); most
    // arrived months or years ago.
    let reception_date = match INDUCTIONS.iter().find(|(at, _)| *at == index) {
        Some((_, state)) => today - Duration::days(state.days_ago()),
        None => today - days(rng, 20..1100),
    };
    let sentence_type = match rng.u32(0..100) {
        0..=6 => SentenceType::Life,
        7..=11 => SentenceType::Ipp,
        12..=17 => SentenceType::Remand,
        _ => SentenceType::Determinate,
    };
    let (sentence_length, sentence_date) = match sentence_type {
        SentenceType::Remand => (None, None),
        SentenceType::Determinate => {
            const LENGTHS: [u32; 12] = [6, 9, 14, 18, 24, 30, 36, 48, 60, 72, 96, 120];
            let start = reception_date - days(rng, 0..20);
            let length = |months: u32| SentenceLength { years: months / 12, months: months % 12, days: 0 };
            // Still in custody: the conditional release (half-way) is at least a
            // fortnight off, so nobody on the demo caseload should have left already.
            let still_in = |months: u32| {
                let end = length(months).end_from(start);
                start + (end - start) / 2 > today + Duration::days(14)
            };
            let drawn = LENGTHS[rng.usize(..LENGTHS.len())];
            let months = LENGTHS.iter().copied().find(|months| *months >= drawn && still_in(*months)).unwrap_or(120);
            (Some(length(months)), Some(start))
        }
        _ => (None, Some(reception_date - days(rng, 0..20))),
    };
    let end = match (sentence_length, sentence_date) {
        (Some(length), Some(start)) => Some(length.end_from(start)),
        _ => None,
    };
    let conditional_release_date = match (sentence_length, sentence_date, end) {
        (Some(_), Some(start), Some(end)) => Some(start + (end - start) / 2),
        _ => None,
    };
    let tariff_expiry_date = match (sentence_type, sentence_date) {
        (SentenceType::Life | SentenceType::Ipp, Some(start)) => {
            Some(start + Duration::days(rng.i64(4 * 365..18 * 365)))
        }
        _ => None,
    };
    let release = release_dates(
        rng,
        today,
        index,
        sentence_type,
        sentence_length,
        sentence_date,
        conditional_release_date,
        tariff_expiry_date,
    );
    let rosh = match rng.u32(0..100) {
        0..=4 => None,
        5..=29 => Some(Rosh::Low),
        30..=64 => Some(Rosh::Medium),
        65..=91 => Some(Rosh::High),
        _ => Some(Rosh::VeryHigh),
    };
    let reoffending_likelihood = rosh.map(|_| [Likelihood::Low, Likelihood::Medium, Likelihood::High][rng.usize(..3)]);
    // Most reviews are in date; about a quarter are overdue, as inspectors found.
    let last_oasys_review_date = match rng.u32(0..100) {
        0..=7 => None,
        8..=30 => Some(today - days(rng, 125..260)),
        _ => Some((today - days(rng, 0..110)).max(reception_date)),
    }
    .map(|date| date.max(reception_date));
    let high_risk = matches!(rosh, Some(Rosh::High | Rosh::VeryHigh));
    let (mappa_category, mappa_level) =
        if high_risk && rng.u32(0..3) == 0 { (Some(rng.u8(1..4)), Some(rng.u8(1..3))) } else { (None, None) };
    let wing = ["A", "B", "C", "D", "E"][rng.usize(..5)].to_string();
    let cell = format!("{}-{:02}", rng.u8(1..4), rng.u8(1..40));
    let diversity = diversity(rng, index);
    let (om_name, om_area, om_contact) = OFFENDER_MANAGERS[rng.usize(..OFFENDER_MANAGERS.len())];
    let transfer_hold = index % 17 == 5;
    PrisonerDetails {
        prison_number,
        surname,
        forenames,
        preferred_name: if index == 3 { "JL".into() } else { String::new() },
        date_of_birth,
        reception_date: Some(reception_date),
        reception_time: match INDUCTIONS.iter().find(|(at, _)| *at == index) {
            Some((_, InductionState::Fresh)) => NaiveTime::from_hms_opt(0, 5, 0),
            _ => NaiveTime::from_hms_opt(rng.u32(9..19), [0, 15, 30, 45][rng.usize(..4)], 0),
        },
        wing,
        cell,
        sentence_type,
        sentence_length,
        sentence_date,
        conditional_release_date,
        parole_eligibility_date: tariff_expiry_date.map(|date| date - Duration::days(180)),
        licence_expiry_date: end,
        sentence_expiry_date: end,
        tariff_expiry_date,
        automatic_release_date: None,
        hdc_eligibility_date: release.hdc_eligibility,
        hdc_approved_date: release.hdc_approved,
        post_recall_release_date: release.post_recall,
        approved_parole_date: release.approved_parole,
        rotl_eligibility_date: release.rotl_eligibility,
        recategorisation_due_date: release.recategorisation_due,
        security_category: Some(["B", "C", "C", "C", "D"][rng.usize(..5)].to_string()),
        rosh,
        reoffending_likelihood,
        last_oasys_review_date,
        mappa_category,
        mappa_level,
        ppo: index % 11 == 7,
        recall: sentence_type == SentenceType::Determinate && index % 8 == 6,
        transfer_hold,
        transfer_hold_reason: if transfer_hold {
            "Part-way through the Thinking Skills Programme (ends in 6 weeks)".into()
        } else {
            String::new()
        },
        diversity,
        offender_manager: OffenderManager { name: om_name.into(), area: om_area.into(), contact: om_contact.into() },
        allocated_supervisor_id: None,
        notes: if index.is_multiple_of(10) {
            "Prefers morning appointments: works in the kitchens from 13:00.".into()
        } else {
            String::new()
        },
    }
}

fn diversity(rng: &mut fastrand::Rng, index: usize) -> DiversityNeeds {
    let mut needs = DiversityNeeds::default();
    match index {
        1 => {
            needs.first_language = "Polish".into();
            needs.interpreter_needed = true;
            needs.foreign_national = true;
            needs.nationality = "Polish".into();
        }
        2 => {
            needs.first_language = "Turkish".into();
            needs.interpreter_needed = true;
            needs.foreign_national = true;
            needs.nationality = "Turkish".into();
            needs.faith = "Muslim".into();
            needs.faith_observance = "Friday prayers 12:30-14:00".into();
        }
        7 => {
            needs.faith = "Muslim".into();
            needs.faith_observance = "Friday prayers 12:30-14:00".into();
        }
        _ => {}
    }
    if rng.u32(0..6) == 0 {
        needs.literacy_needs =
            ["Dyslexia (assessed)", "Reads at entry level 2", "Needs large print"][rng.usize(..3)].into();
    }
    if rng.u32(0..9) == 0 {
        needs.disability =
            ["Hearing impaired: uses a hearing loop", "Wheelchair user", "ADHD (diagnosed)"][rng.usize(..3)].into();
    }
    if rng.u32(0..12) == 0 {
        needs.veteran = true;
    }
    if rng.u32(0..7) == 0 {
        needs.care_leaver = true;
    }
    if needs.faith.is_empty() && rng.u32(0..3) == 0 {
        needs.faith = ["Church of England", "Roman Catholic", "Sikh", "Buddhist", "Pagan"][rng.usize(..5)].into();
    }
    needs
}

fn contacts(
    rng: &mut fastrand::Rng,
    today: NaiveDate,
    details: &PrisonerDetails,
    supervisor: &str,
) -> Vec<ContactDetails> {
    let received = details.reception_date.unwrap_or(today);
    let span = (today - received).num_days();
    if span < 3 {
        return Vec::new();
    }
    // Most prisoners were seen within the month; about one in four is overdue,
    // as inspectors found.
    let last_seen_days_ago = if rng.u32(0..4) == 0 { rng.i64(32..120) } else { rng.i64(0..28) };
    let mut day = (span - last_seen_days_ago).max(0);
    let mut contacts = Vec::new();
    for index in 0..rng.usize(1..7) {
        let contact_type = match if index == 0 { 0 } else { rng.u32(0..10) } {
            0..=6 => ContactType::FaceToFace,
            7 => ContactType::VideoLink,
            8 => ContactType::OffenderManager,
            _ => ContactType::Telephone,
        };
        contacts.push(ContactDetails {
            contact_date: received + Duration::days(day),
            contact_type,
            staff_name: supervisor.to_string(),
            notes: CONTACT_NOTES[rng.usize(..CONTACT_NOTES.len())].to_string(),
        });
        day -= rng.i64(20..60);
        if day < 0 {
            break;
        }
    }
    contacts.sort_by_key(|contact| contact.contact_date);
    contacts
}
