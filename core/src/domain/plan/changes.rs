//! What changed between two versions of a plan, so a board sees progress at a glance:
//! objectives added and removed, and for those carried forward a new target, status,
//! intervention stage or person responsible.

use super::*;

/// One change from the earlier version to the later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Added { objective: String },
    Removed { objective: String, last_status: ObjectiveStatus },
    Target { objective: String, from: Option<NaiveDate>, to: Option<NaiveDate> },
    Status { objective: String, from: ObjectiveStatus, to: ObjectiveStatus },
    Intervention { objective: String, from: Option<InterventionState>, to: Option<InterventionState> },
    Responsible { objective: String, from: String, to: String },
}

impl Change {
    /// The change in a line, as the screen and the printed review show it.
    pub fn describe(&self) -> String {
        let date = |date: &Option<NaiveDate>| date.map_or("none".to_string(), format_date);
        let stage = |state: &Option<InterventionState>| state.map_or("none", InterventionState::label).to_string();
        match self {
            Change::Added { objective } => format!("Added: {objective}"),
            Change::Removed { objective, last_status } => {
                format!("Removed: {objective} (was {})", last_status.label().to_lowercase())
            }
            Change::Target { objective, from, to } => {
                format!("New target for {objective}: {} (was {})", date(to), date(from))
            }
            Change::Status { objective, from, to } => format!("{objective}: {} (was {})", to.label(), from.label()),
            Change::Intervention { objective, from, to } => {
                format!("{objective}: intervention {} (was {})", stage(to), stage(from))
            }
            Change::Responsible { objective, from, to } => format!("{objective}: now {to} (was {from})"),
        }
    }
}

/// Who is responsible, as a line shows it.
fn responsible(objective: &Objective) -> String {
    if objective.responsible_name.is_empty() {
        objective.responsible_role.label().to_string()
    } else {
        format!("{} ({})", objective.responsible_name, objective.responsible_role.label())
    }
}

/// The changes from `earlier` to `later`. An objective is the same one when its text
/// and pathway are: a reworded objective shows as one removed and one added.
pub fn changes(earlier: &PlanVersion, later: &PlanVersion) -> Vec<Change> {
    let same = |a: &Objective, b: &Objective| a.text == b.text && a.pathway == b.pathway;
    let mut found = Vec::new();
    for now in &later.objectives {
        let Some(before) = earlier.objectives.iter().find(|before| same(before, now)) else {
            found.push(Change::Added { objective: now.text.clone() });
            continue;
        };
        let objective = now.text.clone();
        if before.status != now.status {
            found.push(Change::Status { objective: objective.clone(), from: before.status, to: now.status });
        }
        if before.target_date != now.target_date {
            found.push(Change::Target { objective: objective.clone(), from: before.target_date, to: now.target_date });
        }
        if before.intervention_state != now.intervention_state {
            found.push(Change::Intervention {
                objective: objective.clone(),
                from: before.intervention_state,
                to: now.intervention_state,
            });
        }
        if responsible(before) != responsible(now) {
            found.push(Change::Responsible { objective, from: responsible(before), to: responsible(now) });
        }
    }
    for before in &earlier.objectives {
        if !later.objectives.iter().any(|now| same(before, now)) {
            found.push(Change::Removed { objective: before.text.clone(), last_status: before.status });
        }
    }
    found
}

/// The version `version` is compared with: the newest agreed (closed) version before it.
pub fn last_agreed_before<'a>(versions: &'a [PlanVersion], version: &PlanVersion) -> Option<&'a PlanVersion> {
    versions
        .iter()
        .filter(|other| other.status == PlanStatus::Closed && other.number < version.number)
        .max_by_key(|other| other.number)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn objective(text: &str, status: ObjectiveStatus, target: Option<NaiveDate>) -> Objective {
        Objective {
            id: None,
            text: text.into(),
            pathway: Pathway::Accommodation,
            need: String::new(),
            intervention_id: None,
            intervention_state: None,
            responsible_role: ResponsibleRole::Resettlement,
            responsible_name: String::new(),
            target_date: target,
            status,
            status_changed_on: date(2026, 6, 1),
            progress_notes: String::new(),
            agreement: None,
            agreement_words: String::new(),
        }
    }

    fn version(number: u32, status: PlanStatus, objectives: Vec<Objective>) -> PlanVersion {
        PlanVersion {
            id: number.into(),
            prisoner_id: 1,
            number,
            kind: if number == 1 { PlanKind::Initial } else { PlanKind::Review },
            status,
            started_on: date(2026, 1, 1),
            closed_on: None,
            closed_by: None,
            next_review_date: None,
            objectives,
        }
    }

    #[test]
    fn a_review_shows_what_moved_since_the_agreed_plan() {
        use ObjectiveStatus::*;
        let earlier = version(
            1,
            PlanStatus::Closed,
            vec![
                objective("Find a tenancy", NotStarted, Some(date(2026, 9, 30))),
                objective("Open a bank account", InProgress, Some(date(2026, 6, 30))),
                objective("Attend Sycamore Tree", NotStarted, None),
            ],
        );
        let later = version(
            2,
            PlanStatus::Draft,
            vec![
                objective("Find a tenancy", InProgress, Some(date(2027, 2, 28))),
                objective("Open a bank account", InProgress, Some(date(2026, 6, 30))),
                objective("Register with a GP", NotStarted, None),
            ],
        );
        let found = changes(&earlier, &later);
        assert_eq!(
            found,
            vec![
                Change::Status { objective: "Find a tenancy".into(), from: NotStarted, to: InProgress },
                Change::Target {
                    objective: "Find a tenancy".into(),
                    from: Some(date(2026, 9, 30)),
                    to: Some(date(2027, 2, 28))
                },
                Change::Added { objective: "Register with a GP".into() },
                Change::Removed { objective: "Attend Sycamore Tree".into(), last_status: NotStarted },
            ]
        );
        assert_eq!(found[1].describe(), "New target for Find a tenancy: 28/02/2027 (was 30/09/2026)");
        assert!(changes(&later, &later).is_empty(), "a version compared with itself has no changes");
        let versions = [earlier.clone(), later.clone()];
        assert_eq!(last_agreed_before(&versions, &later).map(|v| v.number), Some(1));
        assert_eq!(last_agreed_before(&versions, &earlier), None);
    }
}
