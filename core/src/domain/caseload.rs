//! The caseload as a supervisor reads it: filtered, sorted, and summed up per
//! supervisor for the unit manager sharing out cases.

use chrono::NaiveDate;
use std::collections::BTreeMap;

use super::prisoner::{CaseSummary, Prisoner};
use super::risk::{Coded, Rosh};

/// One prisoner on the caseload with what is worked out from the record.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseloadEntry {
    pub prisoner: Prisoner,
    pub supervisor_name: Option<String>,
    pub last_supervisor_contact: Option<NaiveDate>,
    /// Induction items past their due time and still open.
    pub induction_overdue: usize,
    pub summary: CaseSummary,
}

impl CaseloadEntry {
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
    mut entries: Vec<CaseloadEntry>,
    filter: &CaseloadFilter,
    sort: Sort,
    today: NaiveDate,
) -> Vec<CaseloadEntry> {
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
        SortKey::Name => entries.sort_by_cached_key(name_key),
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
pub fn workloads(entries: &[CaseloadEntry], today: NaiveDate) -> Vec<Workload> {
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

/// One thing due for one prisoner, for the Due screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueItem {
    pub prisoner_id: i64,
    pub prison_number: String,
    pub name: String,
    pub supervisor: Option<String>,
    pub kind: super::plan::DueKind,
    pub due: NaiveDate,
    pub reason: String,
}

/// A column of the Due list to sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DueSortKey {
    /// Most overdue first.
    #[default]
    Due,
    What,
    Prisoner,
    Supervisor,
}

/// How the Due list is sorted: a column, and whether the other way round.
pub type DueSort = super::sorting::ListSort<DueSortKey>;

/// Sorts due items by `sort`; ties go most overdue first, then by name, so the order
/// is the same on every read.
pub fn arrange_due(items: &mut [DueItem], sort: DueSort) {
    use super::sorting::{by_text, missing_last};
    sort.arrange(
        items,
        |key, a, b| match key {
            DueSortKey::Due => a.due.cmp(&b.due).then(a.kind.cmp(&b.kind)),
            DueSortKey::What => a.kind.cmp(&b.kind),
            DueSortKey::Prisoner => by_text(&a.name, &b.name),
            DueSortKey::Supervisor => missing_last(a.supervisor.as_ref(), b.supervisor.as_ref()),
        },
        |a, b| a.due.cmp(&b.due).then(a.name.cmp(&b.name)).then(a.kind.cmp(&b.kind)),
    );
}

/// Everything overdue or due within `horizon_days`, most overdue first.
pub fn due_items(entries: &[CaseloadEntry], today: NaiveDate, horizon_days: i64) -> Vec<DueItem> {
    use super::plan::DueKind;
    let horizon = today + chrono::Duration::days(horizon_days);
    let mut items = Vec::new();
    for entry in entries {
        let summary = &entry.summary;
        let mut push = |kind, due: NaiveDate, reason: &str| {
            if due <= horizon {
                items.push(DueItem {
                    prisoner_id: entry.prisoner.id,
                    prison_number: entry.prisoner.details.prison_number.to_string(),
                    name: entry.prisoner.details.display_name(),
                    supervisor: entry.supervisor_name.clone(),
                    kind,
                    due,
                    reason: reason.to_string(),
                });
            }
        };
        push(DueKind::OasysReview, summary.review_due.value, &summary.review_due.reason);
        if let Some(review) = &summary.plan_review_due {
            push(DueKind::PlanReview, review.value, &review.reason);
        }
        push(DueKind::SupervisorContact, summary.contact_due.value, &summary.contact_due.reason);
    }
    items.sort_by(|a, b| a.due.cmp(&b.due).then(a.kind.cmp(&b.kind)).then(a.name.cmp(&b.name)));
    items
}

#[cfg(test)]
mod due_sort_tests {
    use super::*;
    use crate::domain::plan::DueKind;
    use proptest::prelude::*;

    fn item(name: &str, supervisor: Option<&str>, kind: DueKind, day: u32) -> DueItem {
        DueItem {
            prisoner_id: 0,
            prison_number: String::new(),
            name: name.into(),
            supervisor: supervisor.map(str::to_string),
            kind,
            due: NaiveDate::from_ymd_opt(2026, 12, day).unwrap(),
            reason: String::new(),
        }
    }

    #[test]
    fn each_column_sorts_and_a_second_click_reverses_with_unallocated_last() {
        let mut items = vec![
            item("Ó'Brien, Seán", Some("Rachel Okoro"), DueKind::SupervisorContact, 3),
            item("Adams, Tom", None, DueKind::PlanReview, 9),
            item("Zane, Ali", Some("Ben Patel"), DueKind::OasysReview, 1),
        ];
        let names = |items: &[DueItem]| items.iter().map(|item| item.name.clone()).collect::<Vec<_>>();
        arrange_due(&mut items, DueSort::default());
        assert_eq!(names(&items), ["Zane, Ali", "Ó'Brien, Seán", "Adams, Tom"], "most overdue first");
        let by_prisoner = DueSort::default().clicked(DueSortKey::Prisoner);
        arrange_due(&mut items, by_prisoner);
        assert_eq!(names(&items), ["Adams, Tom", "Ó'Brien, Seán", "Zane, Ali"], "accents do not move a name");
        arrange_due(&mut items, by_prisoner.clicked(DueSortKey::Prisoner));
        assert_eq!(names(&items), ["Zane, Ali", "Ó'Brien, Seán", "Adams, Tom"]);
        arrange_due(&mut items, DueSort::default().clicked(DueSortKey::Supervisor));
        assert_eq!(names(&items), ["Zane, Ali", "Ó'Brien, Seán", "Adams, Tom"], "unallocated last");
        arrange_due(&mut items, DueSort::default().clicked(DueSortKey::What));
        assert_eq!(items[0].kind, DueKind::OasysReview);
    }

    proptest! {
        #[test]
        fn sorting_keeps_every_item_and_a_reverse_is_a_reverse(days in proptest::collection::vec(1u32..28, 0..30)) {
            let mut items: Vec<DueItem> = days
                .iter()
                .enumerate()
                .map(|(index, day)| item(&format!("Person {index:02}"), None, DueKind::PlanReview, *day))
                .collect();
            let count = items.len();
            arrange_due(&mut items, DueSort::default());
            let forward: Vec<_> = items.iter().map(|item| item.due).collect();
            prop_assert!(forward.windows(2).all(|pair| pair[0] <= pair[1]));
            arrange_due(&mut items, DueSort { key: DueSortKey::Due, reversed: true });
            prop_assert_eq!(items.len(), count);
            let backward: Vec<_> = items.iter().map(|item| item.due).collect();
            prop_assert!(backward.windows(2).all(|pair| pair[0] >= pair[1]));
        }
    }
}
