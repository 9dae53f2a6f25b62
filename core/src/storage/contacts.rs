//! The contact log.

use rusqlite::{Connection, params};

use super::{Db, Result, decode};
use crate::domain::contact::{Contact, ContactDetails};
use crate::domain::risk::Coded;

impl Db {
    /// A prisoner's contacts, newest first.
    pub fn contacts(&self, prisoner_id: i64) -> Result<Vec<Contact>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, prisoner_id, contact_date, contact_type, staff_name, notes
             FROM contact WHERE prisoner_id = ?1
             ORDER BY contact_date DESC, id DESC",
        )?;
        let contacts = statement
            .query_map([prisoner_id], |row| {
                Ok(Contact {
                    id: row.get(0)?,
                    prisoner_id: row.get(1)?,
                    details: ContactDetails {
                        contact_date: row.get(2)?,
                        contact_type: decode(&row.get::<_, String>(3)?)?,
                        staff_name: row.get(4)?,
                        notes: row.get(5)?,
                    },
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(contacts)
    }

    pub fn add_contact(&mut self, prisoner_id: i64, details: &ContactDetails) -> Result<i64> {
        self.write(|tx| insert_contact(tx, prisoner_id, details))
    }
}

pub(super) fn insert_contact(conn: &Connection, prisoner_id: i64, details: &ContactDetails) -> Result<i64> {
    conn.execute(
        "INSERT INTO contact (prisoner_id, contact_date, contact_type, staff_name, notes)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![prisoner_id, details.contact_date, details.contact_type.code(), details.staff_name, details.notes],
    )?;
    Ok(conn.last_insert_rowid())
}
