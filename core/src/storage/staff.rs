//! The unit's staff list.

use rusqlite::{Connection, OptionalExtension, params};

use super::{Db, Error, Result, decode};
use crate::domain::risk::Coded;
use crate::domain::staff::{Staff, StaffRole};

impl Db {
    /// Everyone on the staff list, active first, by name.
    pub fn staff(&self) -> Result<Vec<Staff>> {
        let mut statement =
            self.conn.prepare_cached("SELECT id, name, role, active FROM staff ORDER BY active DESC, name")?;
        let staff = statement
            .query_map([], |row| {
                Ok(Staff {
                    id: row.get(0)?,
                    name: row.get(1)?,
                    role: decode(&row.get::<_, String>(2)?)?,
                    active: row.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(staff)
    }

    /// Adds someone to the staff list; names are unique within the unit.
    pub fn add_staff(&mut self, name: &str, role: StaffRole) -> Result<i64> {
        self.write(|tx| {
            if staff_by_name(tx, name)?.is_some() {
                return Err(Error::Invalid(format!("{name} is already on the staff list")));
            }
            insert_staff(tx, name, role)
        })
    }

    pub fn set_staff_active(&mut self, id: i64, active: bool) -> Result<()> {
        self.write(|tx| {
            tx.execute("UPDATE staff SET active = ?2 WHERE id = ?1", params![id, active])?;
            Ok(())
        })
    }
}

pub(super) fn staff_by_name(conn: &Connection, name: &str) -> Result<Option<i64>> {
    Ok(conn.query_row("SELECT id FROM staff WHERE name = ?1", [name], |row| row.get(0)).optional()?)
}

pub(super) fn insert_staff(conn: &Connection, name: &str, role: StaffRole) -> Result<i64> {
    conn.execute("INSERT INTO staff (name, role) VALUES (?1, ?2)", params![name, role.code()])?;
    Ok(conn.last_insert_rowid())
}
