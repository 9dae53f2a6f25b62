//! The demo's sentence plans, planning meetings and key workers.

use super::*;

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
pub(super) fn plan_for(
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
        let offered = match objective.intervention_id {
            Some(id) => db.interventions()?.iter().any(|intervention| intervention.id == id && intervention.offered),
            None => true,
        };
        if objective.status == ObjectiveStatus::Achieved && !offered {
            // Nobody completes a programme this establishment does not run: still
            // waiting for a transfer to a prison that does.
            objective.status = ObjectiveStatus::InProgress;
            objective.intervention_state = Some(InterventionState::Waiting);
        } else if objective.status == ObjectiveStatus::Achieved {
            objective.intervention_state = objective.intervention_state.map(|_| InterventionState::Completed);
        } else if objective.intervention_state == Some(InterventionState::Required) {
            objective.intervention_state = Some(InterventionState::Waiting);
        }
        // The board sets a new target, after the review, for what is still being worked
        // on. Some of these pass before the next board: the missed targets it will see.
        if objective.target_date.is_none_or(|target| target <= started_on) {
            objective.target_date = Some(started_on + Duration::days(rng.i64(60..200)));
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
