//! Sentence planning: plan versions and their objectives by resettlement pathway, the
//! interventions a prisoner needs (whether or not this establishment offers them),
//! planning meetings and who took part, and the unmet need across the caseload.

use chrono::{NaiveDate, NaiveTime};

use super::dates::{DateError, format_date, parse_date, parse_time, past_date};
use super::form::Invalid;
use super::risk::{Coded, coded_enum};
use super::text::{NAME_MAX_CHARS, NOTES_MAX_CHARS, SHORT_TEXT_MAX_CHARS, clean_line, clean_notes};

mod changes;
mod meeting;
pub use changes::{Change, changes, last_agreed_before};
pub use meeting::{Attendee, AttendeeForm, Meeting, MeetingDetails, MeetingForm};

coded_enum! {
    /// The eight resettlement pathways.
    Pathway {
        Accommodation => "1", "1 Accommodation";
        Education => "2", "2 Education, training and employment";
        Health => "3", "3 Health";
        DrugsAndAlcohol => "4", "4 Drugs and alcohol";
        Finance => "5", "5 Finance, benefit and debt";
        Family => "6", "6 Children, families and community";
        Attitudes => "7", "7 Attitudes, thinking and behaviour";
        Victims => "8", "8 Victims and abuse";
    }
}

coded_enum! {
    /// Why a plan version was made.
    PlanKind {
        Initial => "initial", "Initial plan";
        Review => "review", "Review";
        Transfer => "transfer", "Transfer";
        Termination => "termination", "Termination";
    }
}

coded_enum! {
    ObjectiveStatus {
        NotStarted => "not_started", "Not started";
        InProgress => "in_progress", "In progress";
        Achieved => "achieved", "Achieved";
        NotAchieved => "not_achieved", "Not achieved";
        NoLongerRequired => "no_longer_required", "No longer required";
    }
}

impl ObjectiveStatus {
    /// Still being worked on: counts towards need.
    pub fn is_active(self) -> bool {
        matches!(self, ObjectiveStatus::NotStarted | ObjectiveStatus::InProgress)
    }
}

coded_enum! {
    /// Whether the prisoner agreed the objective.
    Agreement {
        Agreed => "agreed", "Agreed";
        DidNotAgree => "did_not_agree", "Did not agree";
        CouldNotAnswer => "could_not_answer", "Could not answer";
    }
}

coded_enum! {
    /// Who is responsible for an objective.
    ResponsibleRole {
        OffenderSupervisor => "offender_supervisor", "Offender supervisor";
        OffenderManager => "offender_manager", "Offender manager";
        Education => "education", "Education";
        Healthcare => "healthcare", "Healthcare";
        Chaplaincy => "chaplaincy", "Chaplaincy";
        Carats => "carats", "CARATS / drug service";
        Psychology => "psychology", "Psychology / programmes";
        Resettlement => "resettlement", "Resettlement";
        Employment => "employment", "Employment";
        Housing => "housing", "Housing";
        Prisoner => "prisoner", "The prisoner";
        Other => "other", "Other";
    }
}

coded_enum! {
    InterventionKind {
        AccreditedProgramme => "accredited_programme", "Accredited programme";
        Education => "education", "Education";
        Work => "work", "Work";
        Treatment => "treatment", "Treatment";
        Other => "other", "Other";
    }
}

coded_enum! {
    /// Where the prisoner is with an intervention their objective requires.
    InterventionState {
        Required => "required", "Required, not yet referred";
        Waiting => "waiting", "On the waiting list";
        On => "on", "On it now";
        Completed => "completed", "Completed";
    }
}

coded_enum! {
    /// How someone took part in a planning meeting.
    Participation {
        Invited => "invited", "Invited (meeting not yet held)";
        InPerson => "in_person", "In person";
        VideoLink => "video_link", "Video link";
        WrittenReport => "written_report", "Written report";
        InvitedAbsent => "invited_absent", "Invited but absent";
    }
}

impl Participation {
    /// Took part in some way (a written report counts).
    pub fn contributed(self) -> bool {
        matches!(self, Participation::InPerson | Participation::VideoLink | Participation::WrittenReport)
    }
}

/// An entry in the establishment's interventions catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intervention {
    pub id: i64,
    pub name: String,
    pub kind: InterventionKind,
    pub pathway: Pathway,
    /// Whether this establishment runs it. A plan may still require one it does not.
    pub offered: bool,
    pub waiting_list_notes: String,
    pub active: bool,
}

impl Intervention {
    pub fn describe(&self) -> String {
        if self.offered { self.name.clone() } else { format!("{} (not offered here)", self.name) }
    }
}

impl std::fmt::Display for Intervention {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

/// The catalogue entry as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InterventionForm {
    pub name: String,
    pub kind: Option<InterventionKind>,
    pub pathway: Option<Pathway>,
    pub offered: bool,
    pub waiting_list_notes: String,
}

impl InterventionForm {
    pub fn validate(&self) -> Result<Intervention, Invalid> {
        let name = clean_line(&self.name, SHORT_TEXT_MAX_CHARS).map_err(Invalid::at("Name"))?;
        if name.is_empty() {
            return Err(Invalid::required("Name"));
        }
        let kind = self.kind.ok_or_else(|| Invalid::rule("Kind", "choose one"))?;
        let pathway = self.pathway.ok_or_else(|| Invalid::rule("Pathway", "choose one"))?;
        let waiting_list_notes =
            clean_notes(&self.waiting_list_notes, NOTES_MAX_CHARS).map_err(Invalid::at("Waiting list"))?;
        Ok(Intervention { id: 0, name, kind, pathway, offered: self.offered, waiting_list_notes, active: true })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Objective {
    pub id: Option<i64>,
    pub text: String,
    pub pathway: Pathway,
    pub need: String,
    pub intervention_id: Option<i64>,
    pub intervention_state: Option<InterventionState>,
    pub responsible_role: ResponsibleRole,
    pub responsible_name: String,
    pub target_date: Option<NaiveDate>,
    pub status: ObjectiveStatus,
    pub status_changed_on: NaiveDate,
    pub progress_notes: String,
    pub agreement: Option<Agreement>,
    pub agreement_words: String,
}

impl Objective {
    /// Still being worked on and past its target date: shown in red on screen and
    /// marked on the printed plan, for the board to set a new target or a new way.
    pub fn target_missed(&self, today: NaiveDate) -> bool {
        self.status.is_active() && self.target_date.is_some_and(|target| target < today)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanStatus {
    Draft,
    Closed,
}

/// One version of a prisoner's sentence plan. A closed version never changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanVersion {
    pub id: i64,
    pub prisoner_id: i64,
    pub number: u32,
    pub kind: PlanKind,
    pub status: PlanStatus,
    pub started_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub closed_by: Option<String>,
    pub next_review_date: Option<NaiveDate>,
    pub objectives: Vec<Objective>,
}

impl PlanVersion {
    pub fn title(&self) -> String {
        let state = match (self.status, self.closed_on) {
            (PlanStatus::Draft, _) => "draft".to_string(),
            (PlanStatus::Closed, Some(date)) => format!("agreed {}", format_date(date)),
            (PlanStatus::Closed, None) => "closed".to_string(),
        };
        format!("Version {}: {} ({state})", self.number, self.kind.label())
    }

    /// Objectives by pathway, in pathway order then the order they were written.
    pub fn by_pathway(&self) -> Vec<(Pathway, Vec<&Objective>)> {
        Pathway::ALL
            .iter()
            .map(|pathway| (*pathway, self.objectives.iter().filter(|o| o.pathway == *pathway).collect::<Vec<_>>()))
            .filter(|(_, objectives)| !objectives.is_empty())
            .collect()
    }
}

/// The objective form as typed. `previous_status` is what was stored, so a status
/// change can be told apart from an unchanged one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ObjectiveForm {
    pub text: String,
    pub pathway: Option<Pathway>,
    pub need: String,
    pub intervention_id: Option<i64>,
    pub intervention_state: Option<InterventionState>,
    pub responsible_role: Option<ResponsibleRole>,
    pub responsible_name: String,
    pub target_date: String,
    pub status: Option<ObjectiveStatus>,
    pub status_changed_on: String,
    pub previous_status: Option<ObjectiveStatus>,
    pub progress_notes: String,
    pub agreement: Option<Agreement>,
    pub agreement_words: String,
}

impl ObjectiveForm {
    pub fn new() -> Self {
        Self { status: Some(ObjectiveStatus::NotStarted), ..Self::default() }
    }

    pub fn from_objective(objective: &Objective) -> Self {
        Self {
            text: objective.text.clone(),
            pathway: Some(objective.pathway),
            need: objective.need.clone(),
            intervention_id: objective.intervention_id,
            intervention_state: objective.intervention_state,
            responsible_role: Some(objective.responsible_role),
            responsible_name: objective.responsible_name.clone(),
            target_date: objective.target_date.map(format_date).unwrap_or_default(),
            status: Some(objective.status),
            status_changed_on: format_date(objective.status_changed_on),
            previous_status: Some(objective.status),
            progress_notes: objective.progress_notes.clone(),
            agreement: objective.agreement,
            agreement_words: objective.agreement_words.clone(),
        }
    }

    /// Checks the objective against the plan it belongs to: a pathway, a target not
    /// before the plan starts, a date for every change of status.
    pub fn validate(&self, plan_start: NaiveDate, today: NaiveDate) -> Result<Objective, Invalid> {
        let text = clean_notes(&self.text, NOTES_MAX_CHARS).map_err(Invalid::at("Objective"))?;
        if text.is_empty() {
            return Err(Invalid::rule("Objective", "say what the prisoner will do, specifically"));
        }
        let pathway = self
            .pathway
            .ok_or_else(|| Invalid::rule("Pathway", "every objective belongs to a resettlement pathway"))?;
        let need = clean_line(&self.need, SHORT_TEXT_MAX_CHARS).map_err(Invalid::at("Need"))?;
        let responsible_role =
            self.responsible_role.ok_or_else(|| Invalid::rule("Responsible", "choose who is responsible"))?;
        let responsible_name =
            clean_line(&self.responsible_name, NAME_MAX_CHARS).map_err(Invalid::at("Responsible name"))?;
        let target_date = parse_date(&self.target_date).map_err(Invalid::at("Target date"))?;
        if let Some(target) = target_date
            && target < plan_start
        {
            return Err(Invalid::rule(
                "Target date",
                format!("{} is before the plan starts ({})", format_date(target), format_date(plan_start)),
            ));
        }
        let status = self.status.ok_or_else(|| Invalid::rule("Status", "choose one"))?;
        let status_changed_on = match parse_date(&self.status_changed_on).map_err(Invalid::at("Status date"))? {
            Some(date) => date,
            None if self.previous_status.is_some_and(|previous| previous != status) => {
                return Err(Invalid::rule("Status date", "give the date the status changed"));
            }
            None if self.previous_status.is_none() => today,
            None => return Err(Invalid::required("Status date")),
        };
        if status_changed_on > today {
            return Err(Invalid::new("Status date", DateError::InFuture));
        }
        if self.intervention_state.is_some() && self.intervention_id.is_none() {
            return Err(Invalid::rule("Intervention", "choose the intervention before saying where they are with it"));
        }
        let progress_notes =
            clean_notes(&self.progress_notes, NOTES_MAX_CHARS).map_err(Invalid::at("Progress notes"))?;
        let agreement_words =
            clean_notes(&self.agreement_words, NOTES_MAX_CHARS).map_err(Invalid::at("Prisoner's words"))?;
        Ok(Objective {
            id: None,
            text,
            pathway,
            need,
            intervention_id: self.intervention_id,
            intervention_state: self
                .intervention_id
                .map(|_| self.intervention_state.unwrap_or(InterventionState::Required)),
            responsible_role,
            responsible_name,
            target_date,
            status,
            status_changed_on,
            progress_notes,
            agreement: self.agreement,
            agreement_words,
        })
    }
}

/// A significant change as typed: what changed (required) and the day (up to today).
pub fn check_significant_change(
    date: &str,
    description: &str,
    today: NaiveDate,
) -> Result<(NaiveDate, String), Invalid> {
    let description = clean_line(description, SHORT_TEXT_MAX_CHARS).map_err(Invalid::at("Significant change"))?;
    if description.is_empty() {
        return Err(Invalid::rule("Significant change", "say what changed"));
    }
    let date = past_date(date, today).map_err(Invalid::at("Change date"))?;
    Ok((date, description))
}

/// A key worker known to be involved with the prisoner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keyworker {
    pub id: i64,
    pub name: String,
    pub role: String,
}

/// A key worker as typed or imported: both a name and a role (education, CARATS,
/// chaplaincy...), because the plan and the board pack say who does what.
pub fn check_keyworker(name: &str, role: &str) -> Result<(String, String), Invalid> {
    let name = clean_line(name, NAME_MAX_CHARS).map_err(Invalid::at("Key worker name"))?;
    if name.is_empty() {
        return Err(Invalid::required("Key worker name"));
    }
    let role = clean_line(role, SHORT_TEXT_MAX_CHARS).map_err(Invalid::at("Key worker role"))?;
    if role.is_empty() {
        return Err(Invalid::rule("Key worker role", "say what they do, e.g. Education, CARATS"));
    }
    Ok((name, role))
}

/// The known key workers and offender manager who are not on a meeting's list.
pub fn not_invited(keyworkers: &[Keyworker], offender_manager: &str, attendees: &[Attendee]) -> Vec<String> {
    let listed = |name: &str| {
        let wanted = super::text::fold(name.trim());
        attendees.iter().any(|attendee| super::text::fold(attendee.name.trim()) == wanted)
    };
    let mut missing: Vec<String> = keyworkers
        .iter()
        .filter(|keyworker| !listed(&keyworker.name))
        .map(|keyworker| format!("{} ({})", keyworker.name, keyworker.role))
        .collect();
    if !offender_manager.trim().is_empty() && !listed(offender_manager) {
        missing.push(format!("{} (offender manager)", offender_manager.trim()));
    }
    missing
}

/// One intervention's line in the unmet need report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeedLine {
    pub intervention: Intervention,
    /// Prisoners whose current plan has an active objective requiring it.
    pub need: usize,
    pub on_it: usize,
    pub waiting: usize,
    pub not_referred: usize,
    /// Prisoners who need it while this establishment does not offer it.
    pub unmet: usize,
}

/// An active objective requiring an intervention, one per prisoner and intervention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequiredIntervention {
    pub prisoner_id: i64,
    pub intervention_id: i64,
    pub state: InterventionState,
}

/// Counts need per intervention across the caseload. A prisoner is counted once per
/// intervention, at the furthest state any of their objectives has reached.
pub fn unmet_need(catalogue: &[Intervention], required: &[RequiredIntervention]) -> Vec<NeedLine> {
    let rank = |state: InterventionState| match state {
        InterventionState::Required => 0,
        InterventionState::Waiting => 1,
        InterventionState::On => 2,
        InterventionState::Completed => 3,
    };
    let mut per_prisoner: std::collections::HashMap<(i64, i64), InterventionState> = std::collections::HashMap::new();
    for entry in required {
        let state = per_prisoner.entry((entry.prisoner_id, entry.intervention_id)).or_insert(entry.state);
        if rank(entry.state) > rank(*state) {
            *state = entry.state;
        }
    }
    let mut lines: Vec<NeedLine> = catalogue
        .iter()
        .map(|intervention| {
            let states: Vec<InterventionState> = per_prisoner
                .iter()
                .filter(|((_, id), state)| *id == intervention.id && **state != InterventionState::Completed)
                .map(|(_, state)| *state)
                .collect();
            let count = |wanted: InterventionState| states.iter().filter(|state| **state == wanted).count();
            NeedLine {
                intervention: intervention.clone(),
                need: states.len(),
                on_it: count(InterventionState::On),
                waiting: count(InterventionState::Waiting),
                not_referred: count(InterventionState::Required),
                unmet: if intervention.offered { 0 } else { states.len() },
            }
        })
        .filter(|line| line.need > 0 || line.intervention.active)
        .collect();
    arrange_need(&mut lines, NeedSort::default());
    lines
}

/// A column of the unmet need report to sort by. The counts sort largest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NeedColumn {
    Intervention,
    Pathway,
    /// Not offered here first.
    Offered,
    Need,
    OnIt,
    Waiting,
    NotReferred,
    /// The most unmet need first: the report's own order.
    #[default]
    Unmet,
}

/// How the unmet need report is sorted.
pub type NeedSort = crate::domain::sorting::ListSort<NeedColumn>;

/// Sorts the report by `sort`; ties go most unmet, most needed, then by name.
pub fn arrange_need(lines: &mut [NeedLine], sort: NeedSort) {
    use crate::domain::sorting::by_text;
    let largest_first = |a: usize, b: usize| b.cmp(&a);
    sort.arrange(
        lines,
        |column, a, b| match column {
            NeedColumn::Intervention => by_text(&a.intervention.name, &b.intervention.name),
            NeedColumn::Pathway => a.intervention.pathway.label().cmp(b.intervention.pathway.label()),
            NeedColumn::Offered => a.intervention.offered.cmp(&b.intervention.offered),
            NeedColumn::Need => largest_first(a.need, b.need),
            NeedColumn::OnIt => largest_first(a.on_it, b.on_it),
            NeedColumn::Waiting => largest_first(a.waiting, b.waiting),
            NeedColumn::NotReferred => largest_first(a.not_referred, b.not_referred),
            NeedColumn::Unmet => largest_first(a.unmet, b.unmet),
        },
        |a, b| {
            b.unmet.cmp(&a.unmet).then(b.need.cmp(&a.need)).then(by_text(&a.intervention.name, &b.intervention.name))
        },
    );
}

#[cfg(test)]
mod tests;
