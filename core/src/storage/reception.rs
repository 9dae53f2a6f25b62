//! A prisoner received, or their record changed: the record is written and, for a
//! new reception, the induction checklist started, in the same transaction. The one
//! module that joins the prisoner record and induction, so neither imports the other.

use rusqlite::Connection;

use super::{Db, Result, induction, prisoners};
use crate::domain::prisoner::PrisonerDetails;

impl Db {
    /// Adds a prisoner; refuses a prison number already in the file.
    pub fn insert_prisoner(&mut self, details: &PrisonerDetails) -> Result<i64> {
        self.write(|tx| insert_prisoner(tx, details))
    }

    pub fn update_prisoner(&mut self, id: i64, details: &PrisonerDetails) -> Result<()> {
        self.write(|tx| update_prisoner(tx, id, details))
    }
}

pub(super) fn insert_prisoner(conn: &Connection, details: &PrisonerDetails) -> Result<i64> {
    let id = prisoners::insert_prisoner(conn, details)?;
    induction::start_if_new_reception(conn, id, details)?;
    induction::complete_answered_by_record(conn, id, details)?;
    Ok(id)
}

pub(super) fn update_prisoner(conn: &Connection, id: i64, details: &PrisonerDetails) -> Result<()> {
    prisoners::update_prisoner(conn, id, details)?;
    induction::start_if_new_reception(conn, id, details)?;
    induction::complete_answered_by_record(conn, id, details)
}
