//! What leaves the case file when a person prints, exports or copies it: decided when
//! they press the button, so the audit trail records what was shown, whatever they
//! look at while the save dialog is open, and the window and the command line record
//! the same thing for the same document.

/// A printout, export or copy, and what of the case file it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disclosure {
    pub subject: Subject,
    /// What it was and what was done, e.g. "sentence plan version 2 printed"; the
    /// audit entry adds " to <where>".
    pub what: String,
}

/// The records a disclosure shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// Records about people: `table` rows, each with the prisoner it is about, so the
    /// audit trail can be read by prisoner.
    Records { table: &'static str, rows: Vec<DisclosedRow> },
    /// A register or the whole file, not one row of it (the key register, the audit
    /// trail, a backup of the case file).
    Register(&'static str),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DisclosedRow {
    pub id: i64,
    pub prisoner_id: i64,
}

impl Disclosure {
    /// One record about one prisoner.
    pub fn record(table: &'static str, id: i64, prisoner_id: i64, what: impl Into<String>) -> Self {
        Self::records(table, vec![DisclosedRow { id, prisoner_id }], what)
    }

    pub fn records(table: &'static str, rows: Vec<DisclosedRow>, what: impl Into<String>) -> Self {
        Self { subject: Subject::Records { table, rows }, what: what.into() }
    }

    /// A list of prisoners' records (a caseload, a list of deadlines), each prisoner once.
    pub fn prisoners(ids: impl IntoIterator<Item = i64>, what: impl Into<String>) -> Self {
        let mut ids: Vec<i64> = ids.into_iter().collect();
        ids.sort_unstable();
        ids.dedup();
        let rows = ids.into_iter().map(|id| DisclosedRow { id, prisoner_id: id }).collect();
        Self::records("prisoner", rows, what)
    }

    pub fn register(table: &'static str, what: impl Into<String>) -> Self {
        Self { subject: Subject::Register(table), what: what.into() }
    }
}
