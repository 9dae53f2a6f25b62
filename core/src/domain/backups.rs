//! Which backups to keep: of the daily backups, the newest of each of the last 7
//! days, 4 weeks and 12 months that have one (grandfather-father-son), so a mistake
//! found late can still be undone and the folder never fills the disk. A backup taken
//! by hand is never removed to make room: it was taken for a reason (before an
//! import, before a restore), and it never pushes the day's own backup out.

use chrono::{DateTime, Datelike, Utc};

use super::dates::utc_to_london;

pub const DAILY: usize = 7;
pub const WEEKLY: usize = 4;
pub const MONTHLY: usize = 12;

/// How a backup came to be taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupKind {
    /// The once-a-day backup taken when the app starts.
    Daily,
    /// "Back up now", or `omu-desk backup`.
    ByHand,
}

/// For each backup (any order), whether to keep it.
pub fn keep(backups: &[(DateTime<Utc>, BackupKind)]) -> Vec<bool> {
    let mut kept: Vec<bool> = backups.iter().map(|(_, kind)| *kind == BackupKind::ByHand).collect();
    let daily: Vec<usize> = (0..backups.len()).filter(|index| backups[*index].1 == BackupKind::Daily).collect();
    let taken: Vec<DateTime<Utc>> = daily.iter().map(|index| backups[*index].0).collect();
    for (index, keep_it) in daily.into_iter().zip(keep_daily(&taken)) {
        kept[index] = keep_it;
    }
    kept
}

/// Grandfather-father-son over the daily backups' times.
fn keep_daily(taken: &[DateTime<Utc>]) -> Vec<bool> {
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
        let kept = keep_daily(&taken);
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
        assert_eq!(keep_daily(&taken), vec![false, true, true, true]);
    }

    /// A year of a supervisor's backups with a fixed clock: a daily backup each
    /// morning the app was started (not on the days it failed), and one by hand now
    /// and then in the afternoon.
    #[test]
    fn a_year_of_daily_hand_and_failed_backups() {
        let start = at("2026-01-01T08:00:00Z");
        let mut backups = Vec::new();
        for day in 0..365 {
            let morning = start + Duration::days(day);
            if day % 9 != 4 {
                backups.push((morning, BackupKind::Daily));
            }
            if day % 10 == 3 {
                backups.push((morning + Duration::hours(6), BackupKind::ByHand));
            }
        }
        let kept = keep(&backups);
        for ((taken, kind), keep_it) in backups.iter().zip(&kept) {
            if *kind == BackupKind::ByHand {
                assert!(keep_it, "a backup taken by hand ({taken}) is never removed to make room");
            }
        }
        let daily_kept = backups.iter().zip(&kept).filter(|((_, kind), keep)| *kind == BackupKind::Daily && **keep);
        assert!(daily_kept.count() <= DAILY + WEEKLY + MONTHLY);
        // Each of the last seven days that had a daily backup still has it, the days
        // with a backup by hand included.
        let last_day = utc_to_london(backups.last().unwrap().0).date_naive();
        for ((taken, kind), keep_it) in backups.iter().zip(&kept) {
            let day = utc_to_london(*taken).date_naive();
            if *kind == BackupKind::Daily && (last_day - day).num_days() < DAILY as i64 {
                assert!(keep_it, "the daily backup of {day} is kept");
            }
        }
        // A manual backup the same day does not push out that day's daily one.
        let same_day =
            [(at("2026-11-30T08:00:00Z"), BackupKind::Daily), (at("2026-11-30T15:00:00Z"), BackupKind::ByHand)];
        assert_eq!(keep(&same_day), vec![true, true]);
    }

    proptest! {
        #[test]
        fn the_newest_backup_is_always_kept(offsets in proptest::collection::vec(0i64..100_000, 1..60)) {
            let base = at("2025-01-01T00:00:00Z");
            let taken: Vec<DateTime<Utc>> = offsets.iter().map(|minutes| base + Duration::minutes(*minutes * 7)).collect();
            let kept = keep_daily(&taken);
            // Two backups taken at the same instant are one backup (the file name is the time).
            let newest = *taken.iter().max().unwrap();
            prop_assert!(taken.iter().zip(&kept).any(|(time, keep)| *time == newest && *keep));
            prop_assert!(kept.iter().filter(|k| **k).count() <= DAILY + WEEKLY + MONTHLY);
        }
    }
}
