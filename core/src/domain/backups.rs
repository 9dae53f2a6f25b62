//! Which backups to keep: the newest of each of the last 7 days, 4 weeks and 12
//! months that have one (grandfather-father-son), so a mistake found late can still
//! be undone and the folder never fills the disk.

use chrono::{DateTime, Datelike, Utc};

use super::dates::utc_to_london;

pub const DAILY: usize = 7;
pub const WEEKLY: usize = 4;
pub const MONTHLY: usize = 12;

/// For each backup time (any order), whether to keep it.
pub fn keep(taken: &[DateTime<Utc>]) -> Vec<bool> {
    let mut order: Vec<usize> = (0..taken.len()).collect();
    order.sort_by(|a, b| taken[*b].cmp(&taken[*a]));
    let mut kept = vec![false; taken.len()];
    let mut days = Vec::new();
    let mut weeks = Vec::new();
    let mut months = Vec::new();
    for index in order {
        let local = utc_to_london(taken[index]).date_naive();
        let day = local;
        let week = (local.iso_week().year(), local.iso_week().week());
        let month = (local.year(), local.month());
        let slot = |seen: &mut Vec<_>, key, limit: usize| {
            if !seen.contains(&key) && seen.len() < limit {
                seen.push(key);
                true
            } else {
                false
            }
        };
        let newest_of_day = slot(&mut days, (day.year(), day.ordinal()), DAILY);
        let newest_of_week = slot(&mut weeks, week, WEEKLY);
        let newest_of_month = slot(&mut months, month, MONTHLY);
        kept[index] = newest_of_day || newest_of_week || newest_of_month;
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;
    use proptest::prelude::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn two_backups_a_day_for_a_year_leave_a_bounded_set() {
        let start = at("2026-01-01T08:00:00Z");
        let taken: Vec<DateTime<Utc>> = (0..730).map(|half_days| start + Duration::hours(12 * half_days)).collect();
        let kept = keep(&taken);
        let count = kept.iter().filter(|keep| **keep).count();
        assert!(count <= DAILY + WEEKLY + MONTHLY, "{count}");
        assert!(count >= MONTHLY, "{count}");
        // The newest is always kept, and the morning one of the last day is not.
        assert!(kept[729]);
        assert!(!kept[728]);
    }

    #[test]
    fn the_newest_of_each_recent_day_is_kept() {
        let taken = vec![
            at("2026-11-23T09:00:00Z"),
            at("2026-11-23T17:00:00Z"),
            at("2026-11-22T09:00:00Z"),
            at("2026-11-20T09:00:00Z"),
        ];
        assert_eq!(keep(&taken), vec![false, true, true, true]);
    }

    proptest! {
        #[test]
        fn the_newest_backup_is_always_kept(offsets in proptest::collection::vec(0i64..100_000, 1..60)) {
            let base = at("2025-01-01T00:00:00Z");
            let taken: Vec<DateTime<Utc>> = offsets.iter().map(|minutes| base + Duration::minutes(*minutes * 7)).collect();
            let kept = keep(&taken);
            // Two backups taken at the same instant are one backup (the file name is the time).
            let newest = *taken.iter().max().unwrap();
            prop_assert!(taken.iter().zip(&kept).any(|(time, keep)| *time == newest && *keep));
            prop_assert!(kept.iter().filter(|k| **k).count() <= DAILY + WEEKLY + MONTHLY);
        }
    }
}
