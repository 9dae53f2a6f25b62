//! The caseload as a supervisor reads it: filtered, sorted, and summed up per
//! supervisor for the unit manager sharing out cases.

use std::sync::Arc;

use chrono::NaiveDate;
use std::collections::BTreeMap;

use super::prisoner::{CaseFacts, CaseSummary, Prisoner, summarise};
use super::risk::{Coded, Rosh, TierTable};

/// One prisoner on the caseload with what is worked out from the record.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseloadEntry {
    pub prisoner: Prisoner,
    pub supervisor_name: Option<String>,
    /// What the summary is worked out from besides the record: kept so that a new day
    /// can work the summary out again without reading the case file.
    pub facts: CaseFacts,
    /// Induction items past their due time and still open.
    pub induction_overdue: usize,
    /// The London date the earliest open induction item falls due.
    pub induction_next_due: Option<NaiveDate>,
    pub summary: CaseSummary,
}

impl CaseloadEntry {
    /// The entry as it stands on `today`, worked out again from what it holds. The
    /// same shared entry when the summary did not move with the date, as most do not.
    pub fn on_day(mut entry: Arc<Self>, tiers: &TierTable, today: NaiveDate) -> Arc<Self> {
        let summary = summarise(&entry.prisoner.details, tiers, &entry.facts, today);
        if summary != entry.summary {
            Arc::make_mut(&mut entry).summary = summary;
        }
        entry
    }

    pub fn review_overdue(&self, today: NaiveDate) -> bool {
        self.summary.review_state(today).is_overdue()
    }

    pub fn contact_overdue(&self, today: NaiveDate) -> bool {
        self.summary.contact_state(today).is_overdue()
    }

    /// Released within the next 12 weeks (today included).
    pub fn releasing_soon(&self, today: NaiveDate) -> bool {
        self.summary.earliest_release.is_some_and(|release| super::release::in_pre_release(release.date, today))
    }
}

/// Filters on what is computed rather than stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseloadFilter {
    pub tier: Option<String>,
    pub in_scope_only: bool,
    pub overdue_review_only: bool,
    pub overdue_contact_only: bool,
    pub overdue_induction_only: bool,
    /// Only prisoners whose earliest release is in the pre-release window (from today
    /// to 12 weeks ahead).
    pub releasing_soon_only: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Name,
    PrisonNumber,
    Location,
    Tier,
    /// Most overdue OASys/RoH review first.
    ReviewDue,
    /// Most overdue supervisor contact first.
    ContactDue,
    /// Highest risk of serious harm first.
    Rosh,
    /// In scope of offender management first.
    Scope,
    /// By supervisor's name, the unallocated last.
    Supervisor,
    /// Soonest earliest release first; those with none recorded last.
    Release,
}

impl SortKey {
    pub const ALL: [SortKey; 10] = [
        SortKey::Name,
        SortKey::PrisonNumber,
        SortKey::Location,
        SortKey::Tier,
        SortKey::Rosh,
        SortKey::Scope,
        SortKey::ReviewDue,
        SortKey::ContactDue,
        SortKey::Release,
        SortKey::Supervisor,
    ];
}

/// How the caseload is sorted: by which column, and whether reversed.
pub type Sort = super::sorting::ListSort<SortKey>;

impl CaseloadFilter {
    /// True when no filter is set: an empty list then means nobody is there.
    pub fn is_clear(&self) -> bool {
        *self == CaseloadFilter::default()
    }
}

impl std::fmt::Display for SortKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SortKey::Name => "Name",
            SortKey::PrisonNumber => "Prison number",
            SortKey::Location => "Location",
            SortKey::Tier => "Tier",
            SortKey::ReviewDue => "Review due",
            SortKey::ContactDue => "Contact due",
            SortKey::Rosh => "RoH",
            SortKey::Scope => "Scope",
            SortKey::Supervisor => "Supervisor",
            SortKey::Release => "Earliest release",
        })
    }
}

/// Keeps the entries that pass `filter`, in `sort` order.
pub fn arrange(
    mut entries: Vec<Arc<CaseloadEntry>>,
    filter: &CaseloadFilter,
    sort: Sort,
    today: NaiveDate,
) -> Vec<Arc<CaseloadEntry>> {
    entries.retain(|entry| {
        filter.tier.as_ref().is_none_or(|tier| entry.summary.tier.value.as_ref() == Some(tier))
            && (!filter.in_scope_only || entry.summary.scope.value)
            && (!filter.overdue_review_only || entry.review_overdue(today))
            && (!filter.overdue_contact_only || entry.contact_overdue(today))
            && (!filter.overdue_induction_only || entry.induction_overdue > 0)
            && (!filter.releasing_soon_only || entry.releasing_soon(today))
    });
    let name_key = |entry: &CaseloadEntry| {
        let details = &entry.prisoner.details;
        (super::text::fold(&details.surname), super::text::fold(&details.forenames))
    };
    match sort.key {
        SortKey::Name => entries.sort_by_cached_key(|entry| name_key(entry)),
        SortKey::PrisonNumber => {
            entries.sort_by(|a, b| a.prisoner.details.prison_number.cmp(&b.prisoner.details.prison_number))
        }
        SortKey::Location => entries.sort_by_cached_key(|entry| {
            (entry.prisoner.details.wing.clone(), entry.prisoner.details.cell.clone(), name_key(entry))
        }),
        SortKey::Tier => entries.sort_by_cached_key(|entry| {
            // Untiered prisoners last, then by name.
            (entry.summary.tier.value.is_none(), entry.summary.tier.value.clone(), name_key(entry))
        }),
        SortKey::ReviewDue => entries.sort_by_cached_key(|entry| (entry.summary.review_due.value, name_key(entry))),
        SortKey::ContactDue => entries.sort_by_cached_key(|entry| (entry.summary.contact_due.value, name_key(entry))),
        SortKey::Rosh => {
            entries.sort_by_cached_key(|entry| (std::cmp::Reverse(entry.prisoner.details.rosh), name_key(entry)))
        }
        SortKey::Scope => entries.sort_by_cached_key(|entry| (!entry.summary.scope.value, name_key(entry))),
        SortKey::Release => entries.sort_by_cached_key(|entry| {
            let release = entry.summary.earliest_release.map(|release| release.date);
            (release.is_none(), release, name_key(entry))
        }),
        SortKey::Supervisor => entries.sort_by_cached_key(|entry| {
            (entry.supervisor_name.is_none(), entry.supervisor_name.as_deref().map(super::text::fold), name_key(entry))
        }),
    }
    if sort.reversed {
        entries.reverse();
    }
    entries
}

/// One supervisor's share of the unit's work.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Workload {
    /// `None` for prisoners not yet allocated.
    pub supervisor: Option<String>,
    pub supervisor_id: Option<i64>,
    pub total: usize,
    pub by_tier: BTreeMap<String, usize>,
    pub by_rosh: BTreeMap<Rosh, usize>,
    pub in_scope: usize,
    pub overdue_review: usize,
    pub overdue_contact: usize,
    /// Prisoners with an induction item past its due time.
    pub overdue_induction: usize,
}

impl Workload {
    /// The unit's totals: every row added up.
    pub fn total_of(rows: &[Workload]) -> Workload {
        let mut total = Workload::default();
        for row in rows {
            total.total += row.total;
            for (tier, count) in &row.by_tier {
                *total.by_tier.entry(tier.clone()).or_default() += count;
            }
            for (rosh, count) in &row.by_rosh {
                *total.by_rosh.entry(*rosh).or_default() += count;
            }
            total.in_scope += row.in_scope;
            total.overdue_review += row.overdue_review;
            total.overdue_contact += row.overdue_contact;
            total.overdue_induction += row.overdue_induction;
        }
        total
    }

    pub fn tier_count(&self, tier: &str) -> usize {
        self.by_tier.get(tier).copied().unwrap_or(0)
    }

    pub fn rosh_count(&self, rosh: Rosh) -> usize {
        self.by_rosh.get(&rosh).copied().unwrap_or(0)
    }

    /// High and very high RoH together: the cases that take most time.
    pub fn high_rosh(&self) -> usize {
        self.rosh_count(Rosh::High) + self.rosh_count(Rosh::VeryHigh)
    }
}

/// Counts per supervisor (unallocated last), for sharing out cases.
pub fn workloads(entries: &[Arc<CaseloadEntry>], today: NaiveDate) -> Vec<Workload> {
    let mut by_supervisor: BTreeMap<(bool, String), Workload> = BTreeMap::new();
    for entry in entries {
        let key = match &entry.supervisor_name {
            Some(name) => (false, name.clone()),
            None => (true, String::new()),
        };
        let workload = by_supervisor.entry(key).or_insert_with(|| Workload {
            supervisor: entry.supervisor_name.clone(),
            supervisor_id: entry.prisoner.details.allocated_supervisor_id,
            ..Workload::default()
        });
        workload.total += 1;
        if let Some(tier) = &entry.summary.tier.value {
            *workload.by_tier.entry(tier.clone()).or_default() += 1;
        }
        if let Some(rosh) = entry.prisoner.details.rosh {
            *workload.by_rosh.entry(rosh).or_default() += 1;
        }
        workload.in_scope += usize::from(entry.summary.scope.value);
        workload.overdue_review += usize::from(entry.review_overdue(today));
        workload.overdue_contact += usize::from(entry.contact_overdue(today));
        workload.overdue_induction += usize::from(entry.induction_overdue > 0);
    }
    by_supervisor.into_values().collect()
}

/// A column of the workload table to sort by. The counts sort largest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WorkloadColumn {
    /// By name, the unallocated last: the table's own order.
    #[default]
    Supervisor,
    Cases,
    Rosh(Rosh),
    InScope,
    ReviewsOverdue,
    ContactsOverdue,
    InductionOverdue,
}

/// How the workload table is sorted.
pub type WorkloadSort = super::sorting::ListSort<WorkloadColumn>;

/// Sorts supervisors' workloads by `sort`; ties go by name, the unallocated last.
pub fn arrange_workloads(rows: &mut [Workload], sort: WorkloadSort) {
    use super::sorting::{by_text, missing_last};
    let by_name = |a: &Workload, b: &Workload| {
        missing_last(a.supervisor.as_ref(), b.supervisor.as_ref())
            .then_with(|| by_text(a.supervisor.as_deref().unwrap_or(""), b.supervisor.as_deref().unwrap_or("")))
    };
    let largest_first = |a: usize, b: usize| b.cmp(&a);
    sort.arrange(
        rows,
        |column, a, b| match column {
            WorkloadColumn::Supervisor => by_name(a, b),
            WorkloadColumn::Cases => largest_first(a.total, b.total),
            WorkloadColumn::Rosh(rosh) => largest_first(a.rosh_count(rosh), b.rosh_count(rosh)),
            WorkloadColumn::InScope => largest_first(a.in_scope, b.in_scope),
            WorkloadColumn::ReviewsOverdue => largest_first(a.overdue_review, b.overdue_review),
            WorkloadColumn::ContactsOverdue => largest_first(a.overdue_contact, b.overdue_contact),
            WorkloadColumn::InductionOverdue => largest_first(a.overdue_induction, b.overdue_induction),
        },
        by_name,
    );
}

/// RoH labels in order, for column headings.
pub fn rosh_levels() -> impl Iterator<Item = (Rosh, &'static str)> {
    Rosh::ALL.iter().map(|rosh| (*rosh, rosh.label()))
}
