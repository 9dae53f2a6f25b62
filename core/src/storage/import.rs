//! Writing a checked import batch: one transaction for the whole batch.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction, params};

use super::plans::{close_imported_plan_version, insert_keyworker, insert_meeting, insert_plan_version};
use super::prisoners::prisoner_by_number;
use super::reception::{insert_prisoner, update_prisoner};
use super::staff::{insert_staff, staff_by_name};
use super::{Db, Error, Result, contacts::insert_contact};
use crate::domain::categorisation::known_category;
use crate::domain::contact::ContactDetails;
use crate::domain::plan::{InterventionKind, MeetingDetails, Objective, Pathway, PlanKind};
use crate::domain::prisoner::{Prisoner, PrisonerDetails};
use crate::domain::risk::Coded;
use crate::domain::staff::StaffRole;

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportSummary {
    pub prisoners_added: usize,
    pub prisoners_replaced: usize,
    pub contacts_added: usize,
    pub staff_added: usize,
    pub plan_versions_added: usize,
    pub meetings_added: usize,
    pub interventions_added: usize,
    /// Prisoners whose plans and meetings here were kept, the file's left aside.
    pub plans_kept_as_here: usize,
}

impl ImportSummary {
    /// What the import did, in a sentence, for the window and the command line alike.
    pub fn describe(&self) -> String {
        use crate::domain::text::plural;
        let mut parts = vec![format!(
            "{} added, {} replaced, {} added",
            plural(self.prisoners_added, "prisoner"),
            self.prisoners_replaced,
            plural(self.contacts_added, "contact")
        )];
        if self.staff_added > 0 {
            parts.push(format!(
                "{} added to the staff list",
                plural(self.staff_added, "person").replace("persons", "people")
            ));
        }
        if self.plan_versions_added > 0 || self.meetings_added > 0 {
            parts.push(format!(
                "{} and {} added",
                plural(self.plan_versions_added, "plan version"),
                plural(self.meetings_added, "planning meeting")
            ));
        }
        if self.interventions_added > 0 {
            parts.push(format!(
                "{} added to the catalogue as not offered here",
                plural(self.interventions_added, "intervention")
            ));
        }
        if self.plans_kept_as_here > 0 {
            parts.push(format!(
                "{} already had sentence plans or meetings here: those were kept as they are, and the file's left aside (two histories of one plan are never mixed)",
                plural(self.plans_kept_as_here, "prisoner")
            ));
        }
        parts.join("; ") + "."
    }
}

/// Records already checked against the domain rules, ready to write.
#[derive(Debug, Clone, Default)]
pub struct ImportBatch {
    pub staff: Vec<(String, StaffRole, bool)>,
    pub prisoners: Vec<ImportedPrisoner>,
}

#[derive(Debug, Clone)]
pub struct ImportedPrisoner {
    pub details: PrisonerDetails,
    /// The allocated supervisor's name; added to the staff list if new.
    pub supervisor: Option<String>,
    pub archived: bool,
    pub contacts: Vec<ContactDetails>,
    pub planning: ImportedPlanning,
}

/// A prisoner's sentence planning as another establishment recorded it.
#[derive(Debug, Clone, Default)]
pub struct ImportedPlanning {
    /// Name and role of each known key worker.
    pub keyworkers: Vec<(String, String)>,
    /// Oldest first, numbered from 1 without gaps; only the last may be a draft.
    pub versions: Vec<ImportedPlanVersion>,
    pub meetings: Vec<ImportedMeeting>,
    /// Day and description of each significant change (they bring reviews forward).
    pub significant_changes: Vec<(NaiveDate, String)>,
    /// Parole reviews; one opened here on the same day for the same reason is kept.
    pub parole_reviews: Vec<crate::domain::parole::ParoleReviewDetails>,
    /// Categorisation decisions, oldest first; ones recorded here already, or older
    /// than the newest decision here, are left out.
    pub category_decisions: Vec<crate::domain::categorisation::CategoryDecisionDetails>,
}

impl ImportedPlanning {
    fn has_plans_or_meetings(&self) -> bool {
        !self.versions.is_empty() || !self.meetings.is_empty()
    }
}

#[derive(Debug, Clone)]
pub struct ImportedPlanVersion {
    pub number: u32,
    pub kind: PlanKind,
    pub started_on: NaiveDate,
    pub closed: Option<ClosedPlan>,
    /// Each objective with the intervention it names (the id is set on import).
    pub objectives: Vec<(Objective, Option<InterventionName>)>,
}

#[derive(Debug, Clone)]
pub struct ClosedPlan {
    pub closed_on: NaiveDate,
    pub closed_by: Option<String>,
    pub next_review_date: NaiveDate,
}

/// An intervention as named in another establishment's catalogue.
#[derive(Debug, Clone)]
pub struct InterventionName {
    pub name: String,
    pub kind: InterventionKind,
    pub pathway: Pathway,
}

#[derive(Debug, Clone)]
pub struct ImportedMeeting {
    /// The number of the plan version the meeting produced, if any.
    pub plan_version: Option<u32>,
    pub details: MeetingDetails,
}

impl Db {
    /// Writes the batch in one transaction. Conflicts with what is already in the file
    /// (a prison number present without `replace`, an unknown security category) are
    /// all collected and refuse the whole batch.
    pub fn import(&mut self, batch: &ImportBatch, replace: bool) -> Result<ImportSummary> {
        let categories: Vec<String> = self.security_categories()?.into_iter().map(|(code, _)| code).collect();
        self.write(|tx| {
            let mut summary = ImportSummary::default();
            let mut conflicts = Vec::new();
            for (name, role, active) in &batch.staff {
                if staff_by_name(tx, name)?.is_none() {
                    let id = insert_staff(tx, name, *role)?;
                    if !active {
                        tx.execute("UPDATE staff SET active = 0 WHERE id = ?1", [id])?;
                    }
                    summary.staff_added += 1;
                }
            }
            for (index, record) in batch.prisoners.iter().enumerate() {
                let number = &record.details.prison_number;
                let at = format!("prisoners[{index}] ({number})");
                let unknown_categories: Vec<String> = record
                    .details
                    .security_category
                    .iter()
                    .map(|category| ("security_category".to_string(), category))
                    .chain(record.planning.category_decisions.iter().enumerate().map(|(index, decision)| {
                        (format!("category_decisions[{index}]: category"), &decision.category)
                    }))
                    .filter_map(|(field, category)| {
                        known_category(category, &categories).err().map(|invalid| format!("{at}: {field}: {}", invalid.problem))
                    })
                    .collect();
                if !unknown_categories.is_empty() {
                    conflicts.extend(unknown_categories);
                    continue;
                }
                let supervisor_id = match &record.supervisor {
                    Some(name) => Some(match staff_by_name(tx, name)? {
                        Some(id) => id,
                        None => {
                            summary.staff_added += 1;
                            insert_staff(tx, name, StaffRole::OffenderSupervisor)?
                        }
                    }),
                    None => None,
                };
                let mut details = record.details.clone();
                let existing = prisoner_by_number(tx, number)?;
                let id = match existing {
                    Some(_) if !replace => {
                        conflicts.push(format!(
                            "{at}: prison_number: {number} is already in the case file (import with replace to overwrite it)"
                        ));
                        continue;
                    }
                    Some(Prisoner { id, details: current, .. }) => {
                        // A transfer pack carries no allocation: keep ours.
                        details.allocated_supervisor_id = supervisor_id.or(current.allocated_supervisor_id);
                        update_prisoner(tx, id, &details)?;
                        summary.prisoners_replaced += 1;
                        id
                    }
                    None => {
                        details.allocated_supervisor_id = supervisor_id;
                        summary.prisoners_added += 1;
                        insert_prisoner(tx, &details)?
                    }
                };
                tx.execute(
                    "UPDATE prisoner SET archived_at = CASE
                        WHEN ?2 THEN coalesce(archived_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
                        ELSE NULL END
                     WHERE id = ?1",
                    params![id, record.archived],
                )?;
                import_planning(tx, id, &record.planning, &mut summary)?;
                for contact in &record.contacts {
                    let already: bool = tx.query_row(
                        "SELECT EXISTS (SELECT 1 FROM contact WHERE prisoner_id = ?1
                            AND contact_date = ?2 AND contact_type = ?3
                            AND staff_name = ?4 AND notes = ?5)",
                        params![
                            id,
                            contact.contact_date,
                            contact.contact_type.code(),
                            contact.staff_name,
                            contact.notes
                        ],
                        |row| row.get(0),
                    )?;
                    if !already {
                        insert_contact(tx, id, contact)?;
                        summary.contacts_added += 1;
                    }
                }
            }
            if !conflicts.is_empty() {
                return Err(Error::Invalid(conflicts.join("\n")));
            }
            Ok(summary)
        })
    }

    /// Every prisoner in the file, archived included, by prison number.
    pub fn all_prisoners(&self) -> Result<Vec<Prisoner>> {
        let query = super::CaseloadQuery::default();
        let today = crate::domain::dates::london_today();
        let mut prisoners: Vec<Prisoner> = self
            .caseload(&query, today)?
            .into_iter()
            .chain(self.caseload(&super::CaseloadQuery { archived: true, ..query.clone() }, today)?)
            .map(|entry| entry.prisoner.clone())
            .collect();
        prisoners.sort_by(|a, b| a.details.prison_number.cmp(&b.details.prison_number));
        Ok(prisoners)
    }
}

/// Writes a prisoner's key workers, plan versions (each closed as it was, with the
/// meetings that produced it) and other meetings.
fn import_planning(
    tx: &Transaction,
    prisoner_id: i64,
    planning: &ImportedPlanning,
    summary: &mut ImportSummary,
) -> Result<()> {
    for (name, role) in &planning.keyworkers {
        let known: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM keyworker WHERE prisoner_id = ?1 AND name = ?2 AND role = ?3 AND active = 1)",
            params![prisoner_id, name, role],
            |row| row.get(0),
        )?;
        if !known {
            insert_keyworker(tx, prisoner_id, name, role)?;
        }
    }
    for (changed_on, description) in &planning.significant_changes {
        tx.execute(
            "INSERT INTO significant_change (prisoner_id, changed_on, description)
             SELECT ?1, ?2, ?3 WHERE NOT EXISTS (SELECT 1 FROM significant_change
                 WHERE prisoner_id = ?1 AND changed_on = ?2 AND description = ?3)",
            params![prisoner_id, changed_on, description],
        )?;
    }
    for review in &planning.parole_reviews {
        if !super::parole::has_review(tx, prisoner_id, review)? {
            super::parole::insert_review(tx, prisoner_id, review)?;
        }
    }
    for decision in &planning.category_decisions {
        if !super::categorisation::already_decided(tx, prisoner_id, decision)? {
            super::categorisation::insert_decision(tx, prisoner_id, decision)?;
        }
    }
    let planned_here: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM plan_version WHERE prisoner_id = ?1)
             OR EXISTS (SELECT 1 FROM planning_meeting WHERE prisoner_id = ?1)",
        [prisoner_id],
        |row| row.get(0),
    )?;
    if planned_here && planning.has_plans_or_meetings() {
        // Two histories of one plan cannot be merged: the plans made here stay as they are.
        summary.plans_kept_as_here += 1;
        return Ok(());
    }
    for version in &planning.versions {
        let mut objectives = Vec::with_capacity(version.objectives.len());
        for (objective, intervention) in &version.objectives {
            let intervention_id = match intervention {
                Some(named) => Some(intervention_id(tx, named, summary)?),
                None => None,
            };
            objectives.push(Objective { intervention_id, ..objective.clone() });
        }
        let plan_id =
            insert_plan_version(tx, prisoner_id, version.number, version.kind, version.started_on, &objectives)?;
        summary.plan_versions_added += 1;
        // Meetings go in before the version closes: a closed plan's meeting is fixed.
        for meeting in planning.meetings.iter().filter(|meeting| meeting.plan_version == Some(version.number)) {
            insert_meeting(tx, prisoner_id, Some(plan_id), &meeting.details)?;
            summary.meetings_added += 1;
        }
        if let Some(closed) = &version.closed {
            close_imported_plan_version(
                tx,
                plan_id,
                closed.closed_on,
                closed.closed_by.as_deref(),
                closed.next_review_date,
            )?;
        }
    }
    for meeting in planning.meetings.iter().filter(|meeting| meeting.plan_version.is_none()) {
        insert_meeting(tx, prisoner_id, None, &meeting.details)?;
        summary.meetings_added += 1;
    }
    Ok(())
}

/// The catalogue entry of that name, added when this establishment has none: as not
/// offered here, so the need shows as unmet rather than disappearing.
fn intervention_id(tx: &Transaction, named: &InterventionName, summary: &mut ImportSummary) -> Result<i64> {
    if let Some(id) =
        tx.query_row("SELECT id FROM intervention WHERE name = ?1", [&named.name], |row| row.get(0)).optional()?
    {
        return Ok(id);
    }
    tx.execute(
        "INSERT INTO intervention (name, kind, pathway, offered, waiting_list_notes) VALUES (?1, ?2, ?3, 0, ?4)",
        params![
            named.name,
            named.kind.code(),
            named.pathway.code(),
            "Named in an imported plan; not offered here unless you say so."
        ],
    )?;
    summary.interventions_added += 1;
    Ok(tx.last_insert_rowid())
}
