//! Writing a checked import batch: one transaction for the whole batch.

use rusqlite::params;

use super::prisoners::{insert_prisoner, prisoner_by_number, update_prisoner};
use super::staff::{insert_staff, staff_by_name};
use super::{Db, Error, Result, contacts::insert_contact};
use crate::domain::contact::ContactDetails;
use crate::domain::prisoner::{Prisoner, PrisonerDetails};
use crate::domain::risk::Coded;
use crate::domain::staff::StaffRole;
use crate::exchange::ImportSummary;

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
                if let Some(category) = &record.details.security_category
                    && !categories.contains(category)
                {
                    conflicts.push(format!(
                        "{at}: security_category: '{category}' is not a category this establishment uses ({})",
                        categories.join(", ")
                    ));
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
            .map(|entry| entry.prisoner)
            .collect();
        prisoners.sort_by(|a, b| a.details.prison_number.cmp(&b.details.prison_number));
        Ok(prisoners)
    }
}
