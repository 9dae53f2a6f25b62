//! The caseload query, and the reads of it kept between screens.
//!
//! The caseload, Due, My day and Workload screens all read the whole unit. A read is
//! kept while the file is unchanged. It is brought up to date by reading again only the
//! prisoners whose entries changed: those our own writes touched, which temporary
//! triggers note (see [`watch_caseload_changes`]), and those with an induction item
//! fallen due. A new day works every summary out again from what was read. Only
//! another program's write (which these triggers never see) reads the list afresh.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, params_from_iter};

use super::prisoners::{OVERDUE_INDUCTION_JOIN, PRISONER_COLUMN_COUNT, PRISONER_COLUMNS, facts_columns};
use super::prisoners::{facts_from_row, prisoner_from_row};
use super::{Db, Result};
use crate::domain::caseload::CaseloadEntry;
use crate::domain::prisoner::summarise;
use crate::domain::risk::{Coded, Rosh};
use crate::domain::text::search_query;

/// Whose caseload to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SupervisorFilter {
    /// The whole unit.
    #[default]
    All,
    /// One supervisor's caseload.
    Staff(i64),
    /// Prisoners no supervisor holds yet.
    Unallocated,
}

/// What narrows the caseload in the database (the rest is domain filtering).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CaseloadQuery {
    pub search: String,
    pub supervisor: SupervisorFilter,
    pub wing: Option<String>,
    pub rosh: Option<Rosh>,
    pub archived: bool,
}

/// Every table a caseload entry is read from, with the prisoners a changed row of it
/// changes the entries of: a query over `{row}` (the trigger's `old` or `new`). A
/// NULL prisoner stands for every entry. The test below holds this list to the query.
const CASELOAD_SOURCES: &[(&str, &str)] = &[
    ("prisoner", "SELECT {row}.id"),
    ("contact", "SELECT {row}.prisoner_id"),
    ("significant_change", "SELECT {row}.prisoner_id"),
    ("plan_version", "SELECT {row}.prisoner_id"),
    ("induction_checklist", "SELECT {row}.prisoner_id"),
    // An item whose checklist is already gone (a cascade) names nobody, so everyone.
    ("induction_item", "SELECT (SELECT prisoner_id FROM induction_checklist WHERE id = {row}.checklist_id)"),
    // The supervisor's name is shown on each of their prisoners.
    ("staff", "SELECT id FROM prisoner WHERE allocated_supervisor_id = {row}.id"),
    // The tier rules work out every prisoner's tier.
    ("tier_rule", "SELECT NULL"),
];

/// More changed prisoners than this (an import, a bulk edit) and reading the whole
/// list is quicker than reading each again.
const PATCH_LIMIT: usize = 200;

/// Sets up, on this connection only, the temporary table and triggers that note which
/// prisoners our own writes change. Temporary: nothing is added to the file, and
/// another program's writes (which these never see) move `data_version` instead.
pub(super) fn watch_caseload_changes(conn: &Connection) -> Result<()> {
    // AUTOINCREMENT: a change noted after the table was emptied must still come after
    // every change a kept read has seen, never take a freed number again.
    let mut sql = String::from(
        "CREATE TEMP TABLE caseload_change (seq INTEGER PRIMARY KEY AUTOINCREMENT, prisoner_id INTEGER);\n",
    );
    for (table, prisoners) in CASELOAD_SOURCES {
        for (event, rows) in [("INSERT", &["new"][..]), ("UPDATE", &["old", "new"][..]), ("DELETE", &["old"][..])] {
            let named: Vec<String> = rows.iter().map(|row| prisoners.replace("{row}", row)).collect();
            sql.push_str(&format!(
                "CREATE TEMP TRIGGER caseload_change_{table}_{event} AFTER {event} ON main.{table}
                 BEGIN INSERT INTO caseload_change (prisoner_id) {}; END;\n",
                named.join(" UNION ")
            ));
        }
    }
    conn.execute_batch(&sql)?;
    Ok(())
}

impl Db {
    /// The caseload narrowed by `query`, each prisoner with scope, tier and due dates
    /// worked out for `today`, in the order of their ids.
    pub fn caseload(&self, query: &CaseloadQuery, today: NaiveDate) -> Result<Vec<Arc<CaseloadEntry>>> {
        self.caseload_at(query, today, chrono::Utc::now())
    }

    /// The caseload as it stands at `now` (which the tests move on).
    fn caseload_at(
        &self,
        query: &CaseloadQuery,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Vec<Arc<CaseloadEntry>>> {
        let now = super::instant_text(now);
        let file = self.file_state()?;
        let found = self.caseload_reads.borrow_mut().find(query, today, file, &now);
        let read = match found {
            Some(Found::Current(entries)) => return Ok(entries),
            Some(Found::Stale(read)) => Some(read),
            None => None,
        };
        let changes_seen: i64 =
            self.conn.query_row("SELECT coalesce(max(seq), 0) FROM caseload_change", [], |row| row.get(0))?;
        let changed = match &read {
            Some(read) => self.changed_since(read, &now)?,
            None => None,
        };
        let entries = match (read, changed) {
            (Some(read), Some(changed)) => {
                let kept = if read.today == today {
                    read.entries
                } else {
                    let tiers = self.tier_table()?;
                    read.entries.into_iter().map(|entry| CaseloadEntry::on_day(entry, &tiers, today)).collect()
                };
                if changed.is_empty() {
                    kept
                } else {
                    let fresh = self.read_caseload(query, today, &now, Some(&changed))?;
                    patch(&kept, &changed, fresh)
                }
            }
            (read, _) => {
                // Dropping a whole unit's entries takes about a millisecond, which the
                // person waiting for the list need not wait for.
                if let Some(read) = read {
                    drop(std::thread::Builder::new().name("dropping an old caseload".into()).spawn(move || drop(read)));
                }
                self.read_caseload(query, today, &now, None)?.into_iter().map(Arc::new).collect()
            }
        };
        // The overdue counts were worked out for `now`: they hold until the next open
        // induction item falls due.
        let valid_until: Option<String> = self.conn.query_row(
            "SELECT min(due_at) FROM induction_item WHERE status = 'open' AND due_at >= ?1",
            [&now],
            |row| row.get(0),
        )?;
        let mut reads = self.caseload_reads.borrow_mut();
        reads.keep(CaseloadRead {
            query: query.clone(),
            today,
            file,
            read_at: now,
            valid_until,
            changes_seen,
            entries: entries.clone(),
        });
        // Changes every kept read has taken in are not needed again. Forgetting them is
        // a change of ours too: the kept reads are told, as nothing else was written.
        if self.conn.execute("DELETE FROM caseload_change WHERE seq <= ?1", [reads.oldest_changes_seen()])? > 0 {
            reads.forgot_changes(file, self.conn.total_changes());
        }
        Ok(entries)
    }

    /// What says whether the file changed since a read: SQLite's `data_version` moves
    /// when another connection commits (a backup restored beside the app, an insider's
    /// SQL), and this connection's count of changed rows moves with every write of ours,
    /// triggers included.
    fn file_state(&self) -> Result<FileState> {
        Ok(FileState {
            data_version: self.conn.pragma_query_value(None, "data_version", |row| row.get(0))?,
            own_changes: self.conn.total_changes(),
        })
    }

    /// The prisoners whose entries changed since `read`: those our writes changed and
    /// those with an induction item fallen due. None when a change touches every entry
    /// or so many that reading the whole list is quicker.
    fn changed_since(&self, read: &CaseloadRead, now: &str) -> Result<Option<HashSet<i64>>> {
        // A clock put back would un-count overdue items: read it all.
        if now < read.read_at.as_str() {
            return Ok(None);
        }
        let mut statement = self.conn.prepare_cached(
            "SELECT prisoner_id FROM caseload_change WHERE seq > ?1
             UNION
             SELECT ic.prisoner_id FROM induction_item i JOIN induction_checklist ic ON ic.id = i.checklist_id
             WHERE i.status = 'open' AND i.due_at >= ?2 AND i.due_at < ?3",
        )?;
        let named = statement
            .query_map(rusqlite::params![read.changes_seen, read.read_at, now], |row| row.get::<_, Option<i64>>(0))?;
        let mut changed = HashSet::new();
        for prisoner in named {
            match prisoner? {
                Some(id) if changed.len() < PATCH_LIMIT => changed.insert(id),
                _ => return Ok(None),
            };
        }
        Ok(Some(changed))
    }

    /// Reads the caseload for `query`, or only the `changed` prisoners on it, in the
    /// order of their ids.
    fn read_caseload(
        &self,
        query: &CaseloadQuery,
        today: NaiveDate,
        now: &str,
        changed: Option<&HashSet<i64>>,
    ) -> Result<Vec<CaseloadEntry>> {
        let tiers = self.tier_table()?;
        let mut conditions = vec![if query.archived {
            "p.archived_at IS NOT NULL".to_string()
        } else {
            "p.archived_at IS NULL".to_string()
        }];
        let mut values: Vec<rusqlite::types::Value> = Vec::new();
        values.push(now.to_string().into());
        if let Some(changed) = changed {
            conditions.push("p.id IN (SELECT value FROM json_each(?))".into());
            values.push(super::id_list(changed.iter().copied()).into());
        }
        if let Some(fts) = search_query(&query.search) {
            conditions.push("p.id IN (SELECT rowid FROM prisoner_search WHERE prisoner_search MATCH ?)".into());
            values.push(fts.into());
        }
        match query.supervisor {
            SupervisorFilter::All => {}
            SupervisorFilter::Staff(id) => {
                conditions.push("p.allocated_supervisor_id = ?".into());
                values.push(id.into());
            }
            SupervisorFilter::Unallocated => conditions.push("p.allocated_supervisor_id IS NULL".into()),
        }
        if let Some(wing) = &query.wing {
            conditions.push("p.wing = ?".into());
            values.push(wing.clone().into());
        }
        if let Some(rosh) = query.rosh {
            conditions.push("p.rosh = ?".into());
            values.push(rosh.code().to_string().into());
        }
        // Most of the unit is not archived, so reading the table in order beats
        // following a partial index to each row; the indexes serve the narrower lists.
        let whole_unit =
            query.supervisor == SupervisorFilter::All && query.wing.is_none() && !query.archived && changed.is_none();
        let mut statement = self.conn.prepare_cached(&caseload_sql(whole_unit, &conditions))?;
        let rows = statement.query_map(params_from_iter(values), |row| {
            Ok((
                prisoner_from_row(row)?,
                row.get::<_, Option<String>>(SUPERVISOR_NAME)?,
                facts_from_row(row, SUPERVISOR_NAME + 1)?,
                row.get::<_, i64>(SUPERVISOR_NAME + 1 + INDUCTION_OVERDUE)? as usize,
                row.get::<_, Option<String>>(SUPERVISOR_NAME + 2 + INDUCTION_OVERDUE)?,
            ))
        })?;
        let mut entries = Vec::new();
        for row in rows {
            let (prisoner, supervisor_name, facts, induction_overdue, induction_next_due) = row?;
            let induction_next_due = induction_next_due
                .map(|instant| {
                    super::parse_instant(&instant).map(|at| crate::domain::dates::utc_to_london(at).date_naive())
                })
                .transpose()?;
            let summary = summarise(&prisoner.details, &tiers, &facts, today);
            entries.push(CaseloadEntry {
                prisoner,
                supervisor_name,
                facts,
                induction_overdue,
                induction_next_due,
                summary,
            });
        }
        Ok(entries)
    }
}

/// The caseload query: `whole_unit` reads the table in order rather than through an
/// index. The first `?` is the current instant (see `OVERDUE_INDUCTION_JOIN`).
fn caseload_sql(whole_unit: bool, conditions: &[String]) -> String {
    format!(
        "SELECT {PRISONER_COLUMNS}, s.name AS supervisor_name, {}
         FROM prisoner p {} LEFT JOIN staff s ON s.id = p.allocated_supervisor_id {OVERDUE_INDUCTION_JOIN}
         WHERE {} ORDER BY p.id",
        facts_columns(),
        if whole_unit { "NOT INDEXED" } else { "" },
        conditions.join(" AND ")
    )
}

/// Positions in a caseload row: the prisoner's columns, the supervisor's name, then
/// the facts (last contact, overdue induction items, last change, plan review).
const SUPERVISOR_NAME: usize = PRISONER_COLUMN_COUNT;
const INDUCTION_OVERDUE: usize = 1;

/// A kept read with the entries of the `changed` prisoners replaced by `fresh` (those
/// of them still on the list), both in the order of prisoner ids.
fn patch(kept: &[Arc<CaseloadEntry>], changed: &HashSet<i64>, fresh: Vec<CaseloadEntry>) -> Vec<Arc<CaseloadEntry>> {
    let mut fresh = fresh.into_iter().map(Arc::new).peekable();
    let mut entries = Vec::with_capacity(kept.len() + fresh.len());
    for entry in kept.iter().filter(|entry| !changed.contains(&entry.prisoner.id)) {
        while let Some(first) = fresh.next_if(|first| first.prisoner.id < entry.prisoner.id) {
            entries.push(first);
        }
        entries.push(Arc::clone(entry));
    }
    entries.extend(fresh);
    entries
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileState {
    data_version: i64,
    own_changes: u64,
}

/// One caseload read and what it holds for.
#[derive(Debug)]
struct CaseloadRead {
    query: CaseloadQuery,
    today: NaiveDate,
    file: FileState,
    /// The instant the overdue induction items were counted at.
    read_at: String,
    /// The due time of the next open induction item not yet overdue at the read.
    valid_until: Option<String>,
    /// The last change noted in `caseload_change` when it was read.
    changes_seen: i64,
    entries: Vec<Arc<CaseloadEntry>>,
}

/// What a kept read can give.
#[derive(Debug)]
enum Found {
    /// Nothing was written since: the read as it is.
    Current(Vec<Arc<CaseloadEntry>>),
    /// We wrote since, the day changed or an induction item fell due: the read, to be
    /// brought up to date.
    Stale(CaseloadRead),
}

/// The last few caseload reads, newest first. A few, not one, because the screens
/// ask for different lists (the whole unit for Due, my caseload for My day).
#[derive(Debug, Default)]
pub(super) struct CaseloadReads {
    reads: Vec<CaseloadRead>,
}

impl CaseloadReads {
    const KEPT: usize = 4;

    /// The earlier read of `query`: as it is when it still holds for `today` at
    /// `now`, else to be brought up to date. Another program's write forgets every read.
    fn find(&mut self, query: &CaseloadQuery, today: NaiveDate, file: FileState, now: &str) -> Option<Found> {
        self.reads.retain(|read| read.file.data_version == file.data_version);
        let position = self.reads.iter().position(|read| &read.query == query)?;
        let read = self.reads.remove(position);
        if read.file == file && read.today == today && read.valid_until.as_deref().is_none_or(|until| now <= until) {
            let entries = read.entries.clone();
            self.reads.insert(0, read);
            Some(Found::Current(entries))
        } else {
            Some(Found::Stale(read))
        }
    }

    fn keep(&mut self, read: CaseloadRead) {
        self.reads.retain(|kept| kept.query != read.query);
        self.reads.insert(0, read);
        self.reads.truncate(Self::KEPT);
    }

    /// The newest change every kept read has taken in.
    fn oldest_changes_seen(&self) -> i64 {
        self.reads.iter().map(|read| read.changes_seen).min().unwrap_or(i64::MAX)
    }

    /// The only write since `file` was our forgetting changes already taken in: the
    /// reads that were current at `file` still are.
    fn forgot_changes(&mut self, file: FileState, own_changes: u64) {
        for read in self.reads.iter_mut().filter(|read| read.file == file) {
            read.file.own_changes = own_changes;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(query: CaseloadQuery, today: NaiveDate, valid_until: Option<&str>) -> CaseloadRead {
        CaseloadRead {
            query,
            today,
            file: FILE,
            read_at: "2026-01-01T00:00:00Z".into(),
            valid_until: valid_until.map(str::to_string),
            changes_seen: 0,
            entries: Vec::new(),
        }
    }

    const FILE: FileState = FileState { data_version: 1, own_changes: 10 };

    fn current(found: Option<Found>) -> bool {
        matches!(found, Some(Found::Current(_)))
    }

    fn stale(found: Option<Found>) -> bool {
        matches!(found, Some(Found::Stale(_)))
    }

    #[test]
    fn a_kept_read_holds_until_the_next_induction_item_falls_due() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap();
        let mut reads = CaseloadReads::default();
        reads.keep(read(CaseloadQuery::default(), today, Some("2026-03-29T01:00:00Z")));
        let find = |reads: &mut CaseloadReads, now: &str| reads.find(&CaseloadQuery::default(), today, FILE, now);
        assert!(current(find(&mut reads, "2026-03-29T00:59:59Z")));
        assert!(current(find(&mut reads, "2026-03-29T01:00:00Z")), "due at, not yet past");
        assert!(stale(find(&mut reads, "2026-03-29T01:00:01Z")), "the item is now overdue");
    }

    #[test]
    fn a_kept_read_is_for_its_own_query_day_and_file() {
        let today = NaiveDate::from_ymd_opt(2028, 2, 29).unwrap();
        let mine = CaseloadQuery { supervisor: SupervisorFilter::Staff(3), ..CaseloadQuery::default() };
        let mut reads = CaseloadReads::default();
        reads.keep(read(CaseloadQuery::default(), today, None));
        let now = "2028-02-29T12:00:00Z";
        assert!(reads.find(&mine, today, FILE, now).is_none());
        assert!(current(reads.find(&CaseloadQuery::default(), today, FILE, now)));
        assert!(stale(reads.find(&CaseloadQuery::default(), today.succ_opt().unwrap(), FILE, now)));
        reads.keep(read(CaseloadQuery::default(), today, None));
        let written = FileState { own_changes: 11, ..FILE };
        assert!(stale(reads.find(&CaseloadQuery::default(), today, written, now)));
        reads.keep(read(CaseloadQuery::default(), today, None));
        let elsewhere = FileState { data_version: 2, ..FILE };
        assert!(reads.find(&CaseloadQuery::default(), today, elsewhere, now).is_none());
        assert!(
            reads.find(&CaseloadQuery::default(), today, FILE, now).is_none(),
            "another program's write forgets every read"
        );
    }

    #[test]
    fn only_the_most_recent_reads_are_kept() {
        let today = NaiveDate::from_ymd_opt(2026, 10, 25).unwrap();
        let query = |wing: usize| CaseloadQuery { wing: Some(format!("Wing {wing}")), ..CaseloadQuery::default() };
        let mut reads = CaseloadReads::default();
        for wing in 0..=CaseloadReads::KEPT {
            reads.keep(read(query(wing), today, None));
        }
        let now = "2026-10-25T12:00:00Z";
        assert!(reads.find(&query(0), today, FILE, now).is_none(), "the oldest gave way");
        for wing in 1..=CaseloadReads::KEPT {
            assert!(current(reads.find(&query(wing), today, FILE, now)), "wing {wing}");
        }
    }

    /// A table the caseload query reads but no trigger watches would leave a kept read
    /// showing what that table said before our write.
    #[test]
    fn every_table_the_caseload_reads_is_watched() {
        let sql = caseload_sql(true, &["1".into()]);
        let words: Vec<&str> = sql.split_whitespace().collect();
        let mut read: Vec<&str> = words
            .windows(2)
            .filter(|pair| pair[0] == "FROM" || pair[0] == "JOIN")
            .map(|pair| pair[1])
            .filter(|table| *table != "(" && *table != "(SELECT")
            .collect();
        // Tiers are worked out by the rules, read beside the query.
        read.push("tier_rule");
        read.sort();
        read.dedup();
        let mut watched: Vec<&str> = CASELOAD_SOURCES.iter().map(|(table, _)| *table).collect();
        watched.sort();
        assert_eq!(read, watched);
    }

    /// One of our own writes to something a caseload entry shows.
    #[derive(Debug, Clone)]
    enum Write {
        Contact {
            prisoner: usize,
            days_ago: i64,
            kind: usize,
        },
        Wing {
            prisoner: usize,
            wing: usize,
        },
        Archive {
            prisoner: usize,
            archived: bool,
        },
        Allocate {
            prisoner: usize,
            staff: Option<usize>,
        },
        Rename {
            prisoner: usize,
        },
        SignificantChange {
            prisoner: usize,
            days_ago: i64,
        },
        InductionDue {
            item: usize,
            hours: i64,
        },
        RenameStaff {
            staff: usize,
        },
        TierRule {
            rule: usize,
        },
        NothingShown,
        /// Not a write: the clock moves on, past induction items' due times and into
        /// new days.
        TimePasses {
            hours: i64,
        },
    }

    fn write() -> impl proptest::strategy::Strategy<Value = Write> {
        use proptest::prelude::*;
        let prisoner = 0..60usize;
        prop_oneof![
            (prisoner.clone(), 0..90i64, 0..6usize).prop_map(|(prisoner, days_ago, kind)| Write::Contact {
                prisoner,
                days_ago,
                kind
            }),
            (prisoner.clone(), 0..3usize).prop_map(|(prisoner, wing)| Write::Wing { prisoner, wing }),
            (prisoner.clone(), any::<bool>()).prop_map(|(prisoner, archived)| Write::Archive { prisoner, archived }),
            (prisoner.clone(), proptest::option::of(0..4usize))
                .prop_map(|(prisoner, staff)| Write::Allocate { prisoner, staff }),
            prisoner.clone().prop_map(|prisoner| Write::Rename { prisoner }),
            (prisoner, 0..400i64).prop_map(|(prisoner, days_ago)| Write::SignificantChange { prisoner, days_ago }),
            (0..40usize, -48..48i64).prop_map(|(item, hours)| Write::InductionDue { item, hours }),
            (0..4usize).prop_map(|staff| Write::RenameStaff { staff }),
            (0..12usize).prop_map(|rule| Write::TierRule { rule }),
            Just(Write::NothingShown),
            // Hours, past induction items falling due; or many days, past birthdays
            // and release dates.
            prop_oneof![1..40i64, (1..800i64).prop_map(|days| days * 24)].prop_map(|hours| Write::TimePasses { hours }),
        ]
    }

    fn apply(db: &mut Db, write: &Write, now: &mut DateTime<Utc>) {
        let today = crate::domain::dates::utc_to_london(*now).date_naive();
        use crate::domain::contact::{ContactDetails, ContactType};
        let ids: Vec<i64> = db
            .conn
            .prepare("SELECT id FROM prisoner ORDER BY id")
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let staff: Vec<i64> = db.staff().unwrap().iter().map(|staff| staff.id).collect();
        let prisoner = |n: usize| ids[n % ids.len()];
        let day = |days_ago: i64| (today - chrono::Duration::days(days_ago)).to_string();
        let sql = |sql: &str, values: &[&dyn rusqlite::ToSql]| {
            db.conn.execute(sql, values).unwrap();
        };
        match write {
            Write::Contact { prisoner: n, days_ago, kind } => {
                let details = ContactDetails {
                    contact_date: today - chrono::Duration::days(*days_ago),
                    contact_type: ContactType::ALL[kind % ContactType::ALL.len()],
                    staff_name: "Tess Tester".into(),
                    notes: String::new(),
                };
                db.add_contact(prisoner(*n), &details).unwrap();
            }
            Write::Wing { prisoner: n, wing } => {
                sql("UPDATE prisoner SET wing = ?2 WHERE id = ?1", &[&prisoner(*n), &["A", "B", "Segregation"][*wing]])
            }
            Write::Archive { prisoner: n, archived } => db.set_archived(prisoner(*n), *archived).unwrap(),
            Write::Allocate { prisoner: n, staff: who } => {
                let who = who.map(|who| staff[who % staff.len()]);
                sql("UPDATE prisoner SET allocated_supervisor_id = ?2 WHERE id = ?1", &[&prisoner(*n), &who])
            }
            Write::Rename { prisoner: n } => {
                let mut details = db.prisoner(prisoner(*n)).unwrap().details;
                details.surname = "Renamed".into();
                db.update_prisoner(prisoner(*n), &details).unwrap();
            }
            Write::SignificantChange { prisoner: n, days_ago } => sql(
                "INSERT INTO significant_change (prisoner_id, changed_on, description) VALUES (?1, ?2, 'moved wing')",
                &[&prisoner(*n), &day(*days_ago)],
            ),
            Write::InductionDue { item, hours } => {
                let due = super::super::instant_text(*now + chrono::Duration::hours(*hours));
                sql(
                    "UPDATE induction_item SET due_at = ?2
                     WHERE id = (SELECT id FROM induction_item ORDER BY id LIMIT 1 OFFSET ?1)",
                    &[&(*item as i64), &due],
                )
            }
            Write::RenameStaff { staff: who } => {
                sql("UPDATE staff SET name = name || ' Jr' WHERE id = ?1", &[&staff[who % staff.len()]])
            }
            Write::TierRule { rule } => sql(
                "UPDATE tier_rule SET tier = CASE tier WHEN 'A' THEN 'B' ELSE 'A' END
                 WHERE rowid = (SELECT rowid FROM tier_rule ORDER BY rowid LIMIT 1 OFFSET ?1)",
                &[&(*rule as i64)],
            ),
            Write::NothingShown => db.set_actor("Someone Else").unwrap(),
            Write::TimePasses { hours } => *now += chrono::Duration::hours(*hours),
        }
    }

    /// A copy of one demo case file, made once per test run: filling a file takes
    /// longer than the writes and reads each case makes.
    fn demo_file() -> (tempfile::TempDir, Db) {
        use super::super::CaseKey;
        static DEMO: std::sync::OnceLock<(tempfile::TempDir, CaseKey)> = std::sync::OnceLock::new();
        let (template, key) = DEMO.get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let key = CaseKey::generate();
            let mut db = Db::open(&dir.path().join("case.sqlite3"), &key, "Tess Tester").unwrap();
            crate::demo::populate(&mut db, crate::domain::dates::london_today(), "Tess Tester").unwrap();
            (dir, key)
        });
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(template.path().join("case.sqlite3"), dir.path().join("case.sqlite3")).unwrap();
        let db = Db::open(&dir.path().join("case.sqlite3"), key, "Tess Tester").unwrap();
        (dir, db)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(12))]

        /// Whatever we write, a kept read brought up to date says what a whole new
        /// read says, for each of the lists the screens keep.
        #[test]
        fn a_kept_read_brought_up_to_date_equals_a_new_read(writes in proptest::collection::vec(write(), 1..10)) {
            let (_dir, mut db) = demo_file();
            let mut now = Utc::now();
            let today = |now: DateTime<Utc>| crate::domain::dates::utc_to_london(now).date_naive();
            let first_staff = db.staff().unwrap()[0].id;
            let queries = [
                CaseloadQuery::default(),
                CaseloadQuery { supervisor: SupervisorFilter::Staff(first_staff), ..CaseloadQuery::default() },
                CaseloadQuery { archived: true, ..CaseloadQuery::default() },
                CaseloadQuery { search: "renamed".into(), ..CaseloadQuery::default() },
            ];
            for query in &queries {
                db.caseload_at(query, today(now), now).unwrap();
            }
            for write in &writes {
                apply(&mut db, write, &mut now);
                for query in &queries {
                    let kept: Vec<CaseloadEntry> = db.caseload_at(query, today(now), now).unwrap().iter().map(|entry| (**entry).clone()).collect();
                    let fresh = db.read_caseload(query, today(now), &super::super::instant_text(now), None).unwrap();
                    let differ = kept.iter().zip(&fresh).find(|(kept, fresh)| kept != fresh);
                    proptest::prop_assert!(
                        kept.len() == fresh.len() && differ.is_none(),
                        "{:?} after {:?}: {} kept against {} read; first to differ {:?}",
                        query, write, kept.len(), fresh.len(), differ.map(|(kept, fresh)| (kept.prisoner.id, fresh.prisoner.id, &kept.prisoner.details.wing, &fresh.prisoner.details.wing))
                    );
                }
            }
        }
    }
}
