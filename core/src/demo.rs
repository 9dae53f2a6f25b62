//! A demo establishment so a new user sees a living app at once: about sixty
//! prisoners with varied sentences and risk, names with accents and apostrophes, a
//! staff list and contact history. Deterministic: the same seed and day give the
//! same file.

pub mod large;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};

use crate::domain::contact::{ContactDetails, ContactType};
use crate::domain::dates::add_months;
use crate::domain::induction::{Answer, DueRule, ExemptionReason, ItemChange, ItemStatus, Question};
use crate::domain::keys::{Bunch, IncidentKind, NewIncident, ReportedTo, TallyHolder, Visitor};
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
    &[(DEMO_USER, Role::Administrator), ("Rachel Okoro", Role::Supervisor), ("Dan Mercer", Role::Gate)];
const SEED: u64 = 0x0_4D_55_44;

/// Sets up a new, encrypted demo file with the [`DEMO_ACCOUNTS`], signed in as the
/// administrator. The file is empty until [`populate`] (or `large::populate`) fills it.
pub fn set_up(path: &std::path::Path) -> Result<(SignedIn, RecoveryKey)> {
    let (key, administrator, recovery) = storage::set_up(path, DEMO_USER, DEMO_PASSPHRASE)?;
    let mut signed_in = storage::open_as(path, &key, administrator)?;
    for (name, role) in &DEMO_ACCOUNTS[1..] {
        signed_in.db.add_user(&User { name: name.to_string(), role: *role }, DEMO_PASSPHRASE)?;
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
    let mut settings = db.settings()?;
    settings.establishment_name = DEMO_ESTABLISHMENT.to_string();
    db.save_settings(&settings)?;
    let batch = establishment(today, user);
    let count = batch.prisoners.len();
    // New receptions start their induction checklists as they are written.
    db.import(&batch, false)?;
    for (index, state) in INDUCTIONS {
        let number = &batch.prisoners[index].details.prison_number;
        if let Some(prisoner) = db.prisoner_by_number(number)? {
            work_through_induction(db, prisoner.id, state, supervisors_of(user)[index % 4])?;
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
        }
    }
    key_safe(db, &mut rng, Utc::now())?;
    Ok(count)
}

const AREAS: &[&str] = &[
    "A wing",
    "B wing",
    "C wing",
    "D wing",
    "E wing",
    "Healthcare",
    "Education",
    "Workshops",
    "Kitchen",
    "Chapel",
    "Reception",
    "Visits",
    "Gym",
    "Segregation unit",
    "Gate",
];

const STAFF_NAMES: &[&str] = &[
    "Jones", "Patel", "Murphy", "Campbell", "Hussain", "Price", "Reid", "Baker", "Lloyd", "Quinn", "Hart", "Nolan",
    "Mensah", "Kaur", "Doyle", "Fraser", "Ellis", "Booth", "Byrne", "Cole",
];

/// The tally whose keys went home yesterday.
const OVERDUE_TALLY: u32 = 6;

/// A key safe of 120 hooks, about ninety tally holders and a few days of the gate's
/// work: most keys back by the cut-off, one bunch overdue since yesterday, one open
/// lost-key incident, and visitors signed in today.
fn key_safe(db: &mut Db, rng: &mut fastrand::Rng, now: DateTime<Utc>) -> Result<()> {
    for hook in 1..=120u32 {
        let area = AREAS[(hook as usize - 1) % AREAS.len()];
        let (description, count, contents) = match hook % 4 {
            0 => (
                format!("{area}: cell keys, landing {}", hook % 3 + 1),
                7,
                "Suite 1 cell keys x4, gate key x2, fire escape x1",
            ),
            1 => (format!("{area}: offices and stores"), 5, "Office x2, store x2, cabinet x1"),
            2 => (format!("{area}: gates and grilles"), 4, "Suite 3 gate keys x3, grille x1"),
            _ => (format!("{area}: general"), 6, "Suite 2 general x4, padlock x2"),
        };
        db.save_bunch(&Bunch {
            id: 0,
            hook,
            description,
            key_count: count,
            contents: contents.into(),
            out_of_use: hook == 88,
            out_of_use_reason: if hook == 88 {
                "Lock changed: new keys awaited from the locksmith".into()
            } else {
                String::new()
            },
        })?;
    }
    let today = crate::domain::dates::utc_to_london(now).date_naive();
    let forenames =
        ["Amy", "Ben", "Chris", "Dan", "Emma", "Faye", "Gary", "Hana", "Ian", "Jo", "Kim", "Lee", "Mo", "Nia"];
    let mut holders = Vec::new();
    for tally in 1..=120u32 {
        if tally % 4 == 3 {
            continue; // not every hook has a personal tally holder
        }
        let name = format!(
            "{} {}",
            forenames[tally as usize % forenames.len()],
            STAFF_NAMES[tally as usize % STAFF_NAMES.len()]
        );
        let assessed = if tally == 14 {
            None
        } else if tally == 22 {
            Some(today - Duration::days(400)) // expired
        } else {
            Some(today - Duration::days(rng.i64(10..330)))
        };
        let id = db.save_holder(&TallyHolder {
            id: 0,
            name,
            role: if tally % 10 == 0 { "Custodial manager".into() } else { "Prison officer".into() },
            department: AREAS[(tally as usize - 1) % AREAS.len()].into(),
            tally,
            risk_assessed_on: assessed,
            key_talk_on: assessed,
            chain_and_pouch: tally != 30,
            overnight_allowed: tally % 9 == 0,
            suspended: tally == 41,
        })?;
        holders.push((id, tally));
    }
    let bunches = db.bunches()?;
    let cut_off = db.key_cut_off()?;
    let bunch_on = |hook: u32| bunches.iter().find(|bunch| bunch.hook == hook).map(|bunch| bunch.id);
    // Three past days and today: out in the morning, back by the cut-off.
    for days_ago in (0..4).rev() {
        let day = today - Duration::days(days_ago);
        for (holder_id, tally) in &holders {
            let Some(bunch_id) = bunch_on(*tally) else { continue };
            let left_out = days_ago == 1 && *tally == OVERDUE_TALLY;
            if rng.u32(0..10) < 3 && !left_out {
                continue; // rest day
            }
            let out = crate::domain::dates::london_to_utc(day, NaiveTime::from_hms_opt(7, 0, 0).expect("time"))
                + Duration::minutes(rng.i64(0..150));
            if out > now {
                continue;
            }
            let due = crate::domain::keys::default_due_back(out, cut_off, false);
            let issued = db.issue_keys(
                &IssueDetails {
                    bunch_id,
                    holder_id: *holder_id,
                    at: out,
                    due_back: due,
                    count_confirmed: true,
                    count_note: String::new(),
                },
                now,
            );
            if issued.is_err() {
                continue; // refused (no assessment, suspended, bunch out of use): as at the gate
            }
            if left_out {
                continue; // never brought back: overdue now
            }
            let back = due - Duration::minutes(rng.i64(5..240));
            if back > now || back <= out {
                continue;
            }
            let condition = if rng.u32(0..50) == 0 { "Bent key reported" } else { "Good" };
            db.return_keys(
                &ReturnDetails {
                    bunch_id,
                    at: back,
                    count_confirmed: true,
                    count_note: String::new(),
                    condition: condition.into(),
                },
                now,
            )?;
        }
    }
    db.report_incident(
        &NewIncident {
            kind: IncidentKind::Lost,
            hook: 57,
            keys_affected: "One Suite 2 general key".into(),
            reported_by: "Gary Cole".into(),
            explanation: "Bunch returned with six keys instead of seven; search of the workshop under way.".into(),
            reported_to: ReportedTo::SecurityManager,
            actions: "Area locked down; search ordered; locksmith warned.".into(),
        },
        now - Duration::hours(20),
    )?;
    for (name, organisation, purpose, escort) in [
        ("Mark Sutton", "Locksmiths Ltd", "Survey of workshop locks", "Ben Patel"),
        ("Dr Amira Haddad", "Visiting psychiatrist", "Clinic on Healthcare", "Faye Hart"),
    ] {
        db.sign_in_visitor(&Visitor {
            id: 0,
            name: name.into(),
            organisation: organisation.into(),
            purpose: purpose.into(),
            escorted_by: escort.into(),
            signed_in_at: now - Duration::minutes(rng.i64(20..180)),
            signed_out_at: None,
        })?;
    }
    Ok(())
}

/// An objective the demo may give a prisoner.
struct ObjectiveIdea {
    text: &'static str,
    pathway: Pathway,
    need: &'static str,
    intervention: Option<&'static str>,
    role: ResponsibleRole,
}

const OBJECTIVE_IDEAS: &[ObjectiveIdea] = &[
    ObjectiveIdea {
        text: "Complete the Thinking Skills Programme",
        pathway: Pathway::Attitudes,
        need: "Impulsive decisions under pressure",
        intervention: Some("Thinking Skills Programme (TSP)"),
        role: ResponsibleRole::Psychology,
    },
    ObjectiveIdea {
        text: "Complete Aggression Replacement Training",
        pathway: Pathway::Attitudes,
        need: "Violence when angry",
        intervention: Some("Aggression Replacement Training (ART)"),
        role: ResponsibleRole::Psychology,
    },
    ObjectiveIdea {
        text: "Reach Level 1 in English",
        pathway: Pathway::Education,
        need: "Reads at entry level",
        intervention: Some("Literacy (English functional skills)"),
        role: ResponsibleRole::Education,
    },
    ObjectiveIdea {
        text: "Gain the painting and decorating NVQ to improve job prospects",
        pathway: Pathway::Education,
        need: "No qualifications or work history",
        intervention: Some("Painting and decorating NVQ"),
        role: ResponsibleRole::Education,
    },
    ObjectiveIdea {
        text: "Work with CARATS and stay drug-free, shown by negative tests",
        pathway: Pathway::DrugsAndAlcohol,
        need: "Heroin use before custody",
        intervention: Some("CARATS assessment and one-to-one work"),
        role: ResponsibleRole::Carats,
    },
    ObjectiveIdea {
        text: "Complete the P-ASRO substance misuse programme",
        pathway: Pathway::DrugsAndAlcohol,
        need: "Offending linked to drug use",
        intervention: Some("Prisons Addressing Substance Related Offending (P-ASRO)"),
        role: ResponsibleRole::Psychology,
    },
    ObjectiveIdea {
        text: "Have an address to go to on release",
        pathway: Pathway::Accommodation,
        need: "No fixed abode before custody",
        intervention: Some("Housing advice (resettlement)"),
        role: ResponsibleRole::Housing,
    },
    ObjectiveIdea {
        text: "Open a bank account and agree a plan for rent arrears",
        pathway: Pathway::Finance,
        need: "Debts of about £2,000",
        intervention: Some("Money management and debt advice"),
        role: ResponsibleRole::Resettlement,
    },
    ObjectiveIdea {
        text: "Rebuild contact with his children through family days",
        pathway: Pathway::Family,
        need: "Little contact with his children",
        intervention: Some("Family visits and family days"),
        role: ResponsibleRole::OffenderSupervisor,
    },
    ObjectiveIdea {
        text: "Complete the Healthy Relationships Programme",
        pathway: Pathway::Family,
        need: "Domestic abuse in past relationships",
        intervention: Some("Healthy Relationships Programme (HRP)"),
        role: ResponsibleRole::Psychology,
    },
    ObjectiveIdea {
        text: "Complete Sycamore Tree and write a victim letter (not sent)",
        pathway: Pathway::Victims,
        need: "Little awareness of the harm to victims",
        intervention: Some("Sycamore Tree (victim awareness)"),
        role: ResponsibleRole::Chaplaincy,
    },
    ObjectiveIdea {
        text: "Attend every mental health in-reach appointment",
        pathway: Pathway::Health,
        need: "Low mood and anxiety",
        intervention: Some("Mental health in-reach"),
        role: ResponsibleRole::Healthcare,
    },
    ObjectiveIdea {
        text: "Keep enhanced status with no adjudications for six months",
        pathway: Pathway::Attitudes,
        need: "Poor behaviour on the wing",
        intervention: None,
        role: ResponsibleRole::Prisoner,
    },
    ObjectiveIdea {
        text: "Gain a CSCS card for construction work on release",
        pathway: Pathway::Education,
        need: "Wants building work on release",
        intervention: Some("Construction skills (CSCS card)"),
        role: ResponsibleRole::Employment,
    },
];

const KEYWORKERS: &[(&str, &str)] = &[
    ("Sam Okoye", "CARATS worker"),
    ("Ann Lee", "Education"),
    ("Rev. Mark Hughes", "Chaplaincy"),
    ("Dr Ruth Evans", "Psychology"),
    ("Kelly Byrne", "Resettlement"),
];

const PRISONER_VIEWS: &[&str] = &[
    "Wants to do the course before his parole hearing and asked for a job in the workshops.",
    "Said the plan is fair but he is worried about where he will live.",
    "Did not want to talk about his drug use in front of the board.",
    "Agreed with everything and asked for help writing to his daughter.",
];

/// Gives a prisoner key workers, an initial plan agreed at a meeting and, for longer
/// stays, reviews: some done, some overdue, some planned for the coming weeks.
fn plan_for(
    db: &mut Db,
    rng: &mut fastrand::Rng,
    today: NaiveDate,
    index: usize,
    details: &PrisonerDetails,
    prisoner_id: i64,
    supervisor: &str,
) -> Result<()> {
    let received = details.reception_date.unwrap_or(today);
    let keyworkers: Vec<(&str, &str)> =
        (0..rng.usize(1..3)).map(|k| KEYWORKERS[(index + k * 2) % KEYWORKERS.len()]).collect();
    for (name, role) in &keyworkers {
        db.add_keyworker(prisoner_id, name, role)?;
    }
    let plan_start = received + Duration::days(10);
    if plan_start > today {
        return Ok(());
    }
    let plan_id = db.start_plan_version(prisoner_id, PlanKind::Initial, plan_start)?;
    for _ in 0..rng.usize(2..6) {
        add_objective(db, rng, plan_id, plan_start, supervisor)?;
    }
    let meeting_day = plan_start + Duration::days(7);
    if meeting_day >= today {
        // Still being prepared: the initial board is in the diary.
        let day = today + Duration::days(rng.i64(1..10));
        return planned_meeting(db, rng, prisoner_id, plan_id, day, supervisor, details, &keyworkers);
    }
    let mut next_review = add_months(meeting_day, 6);
    held_meeting(db, rng, prisoner_id, plan_id, meeting_day, next_review, supervisor, details, &keyworkers)?;
    db.close_plan_version(plan_id, next_review, meeting_day)?;
    // Six-monthly reviews held on time until about now; a few are left a little
    // overdue and some are in the diary for the coming days.
    while next_review < today - Duration::days(40) {
        let review_id = start_review(db, rng, prisoner_id, next_review - Duration::days(14), supervisor)?;
        let following = add_months(next_review, 6);
        held_meeting(db, rng, prisoner_id, review_id, next_review, following, supervisor, details, &keyworkers)?;
        db.close_plan_version(review_id, following, next_review)?;
        next_review = following;
    }
    if next_review < today + Duration::days(21) && index % 3 == 1 {
        let review_id = start_review(db, rng, prisoner_id, today - Duration::days(7), supervisor)?;
        let day = today + Duration::days([3, 3, 7, 10][index % 4]);
        planned_meeting(db, rng, prisoner_id, review_id, day, supervisor, details, &keyworkers)?;
    }
    if index % 10 == 2 {
        db.record_significant_change(prisoner_id, today - Duration::days(4), "New charge of assault on an officer")?;
    }
    Ok(())
}

/// A review version: progress marked on the objectives carried forward, those
/// already achieved dropped.
fn start_review(
    db: &mut Db,
    rng: &mut fastrand::Rng,
    prisoner_id: i64,
    started_on: NaiveDate,
    supervisor: &str,
) -> Result<i64> {
    let review_id = db.start_plan_version(prisoner_id, PlanKind::Review, started_on)?;
    for mut objective in db.plan_version(review_id)?.objectives {
        if objective.status == ObjectiveStatus::Achieved {
            if let Some(id) = objective.id {
                db.remove_objective(id)?;
            }
            continue;
        }
        objective.status = [
            ObjectiveStatus::InProgress,
            ObjectiveStatus::Achieved,
            ObjectiveStatus::InProgress,
            ObjectiveStatus::NotAchieved,
        ][rng.usize(..4)];
        objective.status_changed_on = started_on;
        objective.progress_notes = "Reviewed at the six-month board.".into();
        if objective.status == ObjectiveStatus::Achieved {
            objective.intervention_state = objective.intervention_state.map(|_| InterventionState::Completed);
        } else if objective.intervention_state == Some(InterventionState::Required) {
            objective.intervention_state = Some(InterventionState::Waiting);
        }
        db.save_objective(review_id, &objective)?;
    }
    if db.plan_version(review_id)?.objectives.len() < 2 {
        add_objective(db, rng, review_id, started_on, supervisor)?;
    }
    Ok(review_id)
}

/// A new objective from the ideas, not yet in the plan.
fn add_objective(
    db: &mut Db,
    rng: &mut fastrand::Rng,
    plan_id: i64,
    plan_start: NaiveDate,
    supervisor: &str,
) -> Result<()> {
    let existing: Vec<String> = db.plan_version(plan_id)?.objectives.into_iter().map(|o| o.text).collect();
    let Some(idea) = (0..OBJECTIVE_IDEAS.len())
        .map(|_| &OBJECTIVE_IDEAS[rng.usize(..OBJECTIVE_IDEAS.len())])
        .find(|idea| !existing.iter().any(|text| text == idea.text))
    else {
        return Ok(());
    };
    let intervention = match idea.intervention {
        Some(name) => db.interventions()?.into_iter().find(|i| i.name == name),
        None => None,
    };
    let intervention_id = intervention.as_ref().map(|i| i.id);
    // Nobody is on a programme this establishment does not run.
    let states: &[InterventionState] = if intervention.as_ref().is_some_and(|i| i.offered) {
        &[InterventionState::Required, InterventionState::Waiting, InterventionState::On]
    } else {
        &[InterventionState::Required, InterventionState::Waiting]
    };
    db.save_objective(
        plan_id,
        &Objective {
            id: None,
            text: idea.text.into(),
            pathway: idea.pathway,
            need: idea.need.into(),
            intervention_id,
            intervention_state: intervention_id.map(|_| states[rng.usize(..states.len())]),
            responsible_role: idea.role,
            responsible_name: if idea.role == ResponsibleRole::OffenderSupervisor {
                supervisor.into()
            } else {
                String::new()
            },
            target_date: Some(plan_start + Duration::days(rng.i64(90..365))),
            status: ObjectiveStatus::NotStarted,
            status_changed_on: plan_start,
            progress_notes: String::new(),
            agreement: Some(if rng.u32(0..8) == 0 { Agreement::DidNotAgree } else { Agreement::Agreed }),
            agreement_words: if rng.bool() {
                "I want to do this before my parole hearing.".into()
            } else {
                String::new()
            },
        },
    )?;
    Ok(())
}

fn attendees(
    rng: &mut fastrand::Rng,
    supervisor: &str,
    details: &PrisonerDetails,
    keyworkers: &[(&str, &str)],
    held: bool,
) -> Vec<Attendee> {
    let how = |rng: &mut fastrand::Rng, usual: Participation| {
        if !held {
            Participation::Invited
        } else if rng.u32(0..4) == 0 {
            Participation::InvitedAbsent
        } else {
            usual
        }
    };
    let mut list = vec![Attendee {
        name: supervisor.into(),
        role: "Offender supervisor".into(),
        participation: if held { Participation::InPerson } else { Participation::Invited },
    }];
    // Offender managers often missed boards: only some are invited at all.
    if rng.u32(0..3) > 0 {
        list.push(Attendee {
            name: details.offender_manager.name.clone(),
            role: "Offender manager".into(),
            participation: how(rng, Participation::VideoLink),
        });
    }
    for (index, (name, role)) in keyworkers.iter().enumerate() {
        if index == 0 || rng.bool() {
            list.push(Attendee {
                name: (*name).into(),
                role: (*role).into(),
                participation: how(rng, Participation::WrittenReport),
            });
        }
    }
    list
}

#[allow(clippy::too_many_arguments)]
fn held_meeting(
    db: &mut Db,
    rng: &mut fastrand::Rng,
    prisoner_id: i64,
    plan_id: i64,
    day: NaiveDate,
    next_review: NaiveDate,
    supervisor: &str,
    details: &PrisonerDetails,
    keyworkers: &[(&str, &str)],
) -> Result<()> {
    let attended = rng.u32(0..5) > 0;
    db.save_meeting(
        prisoner_id,
        None,
        Some(plan_id),
        &MeetingDetails {
            date: day,
            time: NaiveTime::from_hms_opt(9 + rng.u32(0..6), [0, 30][rng.usize(..2)], 0),
            chair: "Rachel Okoro".into(),
            held: true,
            prisoner_attended: attended,
            prisoner_views: if attended {
                PRISONER_VIEWS[rng.usize(..PRISONER_VIEWS.len())].into()
            } else {
                String::new()
            },
            decisions: "Plan agreed as written. Referrals to be made by the responsible staff within two weeks.".into(),
            next_review_date: Some(next_review),
            attendees: attendees(rng, supervisor, details, keyworkers, true),
        },
    )?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn planned_meeting(
    db: &mut Db,
    rng: &mut fastrand::Rng,
    prisoner_id: i64,
    plan_id: i64,
    day: NaiveDate,
    supervisor: &str,
    details: &PrisonerDetails,
    keyworkers: &[(&str, &str)],
) -> Result<()> {
    db.save_meeting(
        prisoner_id,
        None,
        Some(plan_id),
        &MeetingDetails {
            date: day,
            time: NaiveTime::from_hms_opt(9 + rng.u32(0..6), [0, 30][rng.usize(..2)], 0),
            chair: "Rachel Okoro".into(),
            held: false,
            prisoner_attended: false,
            prisoner_views: String::new(),
            decisions: String::new(),
            next_review_date: None,
            attendees: attendees(rng, supervisor, details, keyworkers, false),
        },
    )?;
    Ok(())
}

/// How far the demo's recent receptions have got with induction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum InductionState {
    /// Arrived today, just after midnight: the first items only.
    Fresh,
    /// Two days in: the first day done but for one call, the week's items open.
    PartDone,
    /// Five days in: problems on arrival and the interpreter question overdue.
    Overdue,
    /// Twelve days in: everything done or exempted.
    Complete,
}

impl InductionState {
    fn days_ago(self) -> i64 {
        match self {
            InductionState::Fresh => 0,
            InductionState::PartDone => 2,
            InductionState::Overdue => 5,
            InductionState::Complete => 12,
        }
    }
}

const INDUCTIONS: [(usize, InductionState); 4] = [
    (3, InductionState::Fresh),
    (18, InductionState::PartDone),
    (33, InductionState::Overdue),
    (48, InductionState::Complete),
];

fn supervisors_of(user: &str) -> [&str; 4] {
    [user, "Tom Gallagher", "Ewa Nowak", "Andrew Price"]
}

fn work_through_induction(db: &mut Db, prisoner_id: i64, state: InductionState, officer: &str) -> Result<()> {
    let Some(checklist) = db.checklists(prisoner_id)?.into_iter().next() else {
        return Ok(());
    };
    let now = Utc::now();
    for (position, item) in checklist.items.iter().enumerate() {
        let title = item.template_item.title.as_str();
        let first_day = matches!(item.template_item.due, DueRule::OnTheDay | DueRule::WithinHours(24));
        let wanted = match state {
            InductionState::Fresh => item.template_item.due == DueRule::OnTheDay && title.starts_with("Identity"),
            InductionState::PartDone => first_day && !title.starts_with("First phone call"),
            InductionState::Overdue => item.template_item.due == DueRule::OnTheDay,
            InductionState::Complete => true,
        };
        if !wanted {
            continue;
        }
        // Done in order, about half an hour apart, never after it was due.
        let done_at = (checklist.received_at + Duration::minutes(25 * (position as i64 + 1))).min(item.due_at).min(now);
        let exempt = state == InductionState::Complete && title.starts_with("Benefits");
        let answer = match item.template_item.question {
            Question::None => None,
            Question::Interpreter => Some(Answer::Interpreter { needed: false, language: String::new() }),
            Question::ProblemsOnArrival => {
                Some(Answer::Problems { problems: vec!["money".into(), "contacting_family".into()] })
            }
            Question::BasicSkills => Some(Answer::BasicSkills { outcome: "literacy".into() }),
            Question::Disability => Some(Answer::Disability { needs: String::new() }),
        };
        db.update_induction_item(
            item.id,
            &ItemChange {
                status: if exempt { ItemStatus::Exempt } else { ItemStatus::Completed },
                done_by: Some(officer.to_string()),
                done_at: Some(done_at),
                exemption_reason: exempt.then_some(ExemptionReason::Regime),
                reason_notes: if exempt {
                    "Jobcentre Plus surgery cancelled this week; booked for next Tuesday.".into()
                } else {
                    String::new()
                },
                outcome_notes: String::new(),
                answer: if exempt { None } else { answer },
            },
        )?;
    }
    Ok(())
}

/// The demo establishment as a batch of records.
pub fn establishment(today: NaiveDate, user: &str) -> ImportBatch {
    let mut rng = fastrand::Rng::with_seed(SEED);
    let supervisors = supervisors_of(user);
    let mut staff: Vec<(String, StaffRole, bool)> =
        supervisors.iter().map(|name| (name.to_string(), StaffRole::OffenderSupervisor, true)).collect();
    staff.push(("Sam Ellis".into(), StaffRole::CaseAdministrator, true));
    staff.push(("Rachel Okoro".into(), StaffRole::SeniorOffenderSupervisor, true));

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
            let months = [6, 9, 14, 18, 24, 30, 36, 48, 60, 72, 96, 120][rng.usize(..12)];
            (
                Some(SentenceLength { years: months / 12, months: months % 12, days: 0 }),
                Some(reception_date - days(rng, 0..20)),
            )
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
