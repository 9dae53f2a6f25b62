//! The rules of accountability that need no database: the audit trail's head as a
//! person reads it aloud or types it from paper, how long a sign-in waits after
//! failures, and how far back an entry's time may step before it counts as back-dated.

use chrono::{DateTime, Duration, Utc};

/// The state of the audit trail at one moment: the newest sealed entry and its seal.
/// Published outside the case file (printouts, backups, the head log) so a later
/// trail can be checked to extend it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// Id of the newest sealed entry (entries are numbered from 1).
    pub entry: i64,
    /// The seal of that entry, as stored (64 hex digits).
    pub seal: String,
}

/// A head as printed: the entry number and the first 75 bits of the seal in 15
/// letters and digits, with a check character, grouped in fours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintedHead {
    pub entry: i64,
    /// The 15 code characters, without the check character or dashes.
    code: String,
}

/// Crockford's base 32: no I, L, O or U, so nothing reads as something else.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CODE_LENGTH: usize = 15;

impl Head {
    /// The head as a person reads it: `3371 · 7KQ2-M9XD-P4TR-WB8K`.
    pub fn printed(&self) -> PrintedHead {
        let bytes = hex::decode(&self.seal).unwrap_or_default();
        let mut code = String::with_capacity(CODE_LENGTH);
        for index in 0..CODE_LENGTH {
            let bit = index * 5;
            let value = (0..5).fold(0usize, |value, offset| {
                let position = bit + offset;
                let set = bytes.get(position / 8).is_some_and(|byte| byte & (0x80 >> (position % 8)) != 0);
                (value << 1) | usize::from(set)
            });
            code.push(ALPHABET[value] as char);
        }
        PrintedHead { entry: self.entry, code }
    }

    /// True when `printed` was made from this head.
    pub fn matches(&self, printed: &PrintedHead) -> bool {
        self.printed() == *printed
    }
}

impl std::fmt::Display for Head {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.printed().fmt(f)
    }
}

/// Why a typed head was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeadError {
    #[error("a head is the entry number, then 16 letters and digits, e.g. 3371 · 7KQ2-M9XD-P4TR-WB8K")]
    Shape,
    #[error("'{0}' is not a letter or digit a head uses (it has no I, L, O or U)")]
    Character(char),
    #[error("the check character does not match: a character was mistyped; compare it with the paper again")]
    Check,
}

impl PrintedHead {
    /// Reads a head typed from paper. Spaces, dashes and dots do not matter, nor does
    /// case; O reads as 0 and I or L as 1, as Crockford's alphabet allows.
    pub fn parse(typed: &str) -> Result<PrintedHead, HeadError> {
        let typed = typed.trim();
        let split = typed.find(|c: char| !c.is_ascii_digit()).ok_or(HeadError::Shape)?;
        let entry: i64 = typed[..split].parse().map_err(|_| HeadError::Shape)?;
        let mut symbols = Vec::with_capacity(CODE_LENGTH + 1);
        for character in typed[split..].chars() {
            if character.is_whitespace() || matches!(character, '-' | '·' | '.' | '•') {
                continue;
            }
            let upper = match character.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                other => other,
            };
            let value = ALPHABET.iter().position(|&symbol| symbol as char == upper);
            symbols.push(value.ok_or(HeadError::Character(character))?);
        }
        if symbols.len() != CODE_LENGTH + 1 {
            return Err(HeadError::Shape);
        }
        let check = symbols.pop().unwrap_or_default();
        if check_symbol(entry, &symbols) != check {
            return Err(HeadError::Check);
        }
        Ok(PrintedHead { entry, code: symbols.iter().map(|&value| ALPHABET[value] as char).collect() })
    }
}

impl std::fmt::Display for PrintedHead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let values: Vec<usize> = self
            .code
            .chars()
            .filter_map(|character| ALPHABET.iter().position(|&symbol| symbol as char == character))
            .collect();
        let mut all = self.code.clone();
        all.push(ALPHABET[check_symbol(self.entry, &values)] as char);
        let groups: Vec<&str> =
            (0..all.len()).step_by(4).map(|start| &all[start..(start + 4).min(all.len())]).collect();
        write!(f, "{} · {}", self.entry, groups.join("-"))
    }
}

/// Luhn mod 32 over the entry number's digits and the code: any one character
/// mistyped, and any two neighbours swapped, change it.
fn check_symbol(entry: i64, code: &[usize]) -> usize {
    let digits = entry.to_string().bytes().map(|digit| usize::from(digit - b'0')).collect::<Vec<_>>();
    let values: Vec<usize> = digits.into_iter().chain(code.iter().copied()).collect();
    let mut sum = 0;
    for (index, value) in values.iter().rev().enumerate() {
        let weighted = if index % 2 == 0 { value * 2 } else { *value };
        sum += weighted / 32 + weighted % 32;
    }
    (32 - sum % 32) % 32
}

/// Failed sign-ins in a row allowed before each further attempt waits.
pub const FREE_ATTEMPTS: usize = 5;
/// The longest wait between attempts.
pub const LONGEST_WAIT: Duration = Duration::seconds(60);

/// How long after the last failure the next attempt must wait: nothing for the first
/// five failures in a row, then one second, doubling with each further failure up to
/// a minute. A person who mistypes twice never notices; a guessing program is slowed
/// to a minute a guess.
pub fn wait_after_failures(failures_in_a_row: usize) -> Duration {
    if failures_in_a_row < FREE_ATTEMPTS {
        return Duration::zero();
    }
    let doublings = (failures_in_a_row - FREE_ATTEMPTS).min(6) as u32;
    Duration::seconds(1 << doublings).min(LONGEST_WAIT)
}

/// How much longer to wait, at `now`, before the next attempt may be checked.
pub fn remaining_wait(failures_in_a_row: usize, last_failure: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Duration {
    let Some(last) = last_failure else { return Duration::zero() };
    let until = last + wait_after_failures(failures_in_a_row);
    (until - now).max(Duration::zero()).min(LONGEST_WAIT)
}

/// "3 failed attempts for your name since you last signed in (last at 14:02)."
pub fn describe_failed_attempts(attempts: &[DateTime<Utc>]) -> Option<String> {
    let last = attempts.last()?;
    Some(format!(
        "{} for your name since you last signed in (last at {}). If that was not you, tell an administrator.",
        crate::domain::text::plural(attempts.len(), "failed attempt"),
        crate::domain::dates::format_local(*last)
    ))
}

/// How far an entry's time may be before an earlier entry's: clocks are corrected by
/// a few seconds now and then, but an entry minutes older than the one before it was
/// written with a false time, or with the clock put back.
pub const CLOCK_TOLERANCE: Duration = Duration::minutes(5);

/// True when an entry at `at` following one at `latest_before` steps back in time by
/// more than the tolerance.
pub fn is_back_dated(at: DateTime<Utc>, latest_before: DateTime<Utc>) -> bool {
    latest_before - at > CLOCK_TOLERANCE
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn some_head(entry: i64, seed: u8) -> Head {
        Head {
            entry,
            seal: hex::encode((0..32).map(|index| seed.wrapping_mul(31).wrapping_add(index)).collect::<Vec<u8>>()),
        }
    }

    #[test]
    fn a_head_prints_grouped_and_reads_back_however_it_is_typed() {
        let head = some_head(3371, 7);
        let printed = head.to_string();
        assert!(printed.starts_with("3371 · "), "{printed}");
        let code = printed.trim_start_matches("3371 · ");
        assert_eq!(code.split('-').map(str::len).collect::<Vec<_>>(), [4, 4, 4, 4], "{printed}");
        assert!(head.matches(&PrintedHead::parse(&printed).unwrap()));
        let loose = format!("3371{}", code.to_lowercase().replace('-', " ").replace('0', "o").replace('1', "l"));
        assert!(head.matches(&PrintedHead::parse(&loose).unwrap()), "{loose}");
        assert!(!head.matches(&PrintedHead::parse(&some_head(3371, 8).to_string()).unwrap()));
    }

    #[test]
    fn a_typed_head_with_a_typo_is_refused_with_the_reason() {
        assert_eq!(PrintedHead::parse(""), Err(HeadError::Shape));
        assert_eq!(PrintedHead::parse("3371"), Err(HeadError::Shape));
        assert_eq!(PrintedHead::parse("3371 · 7KQ2-M9XD"), Err(HeadError::Shape));
        assert_eq!(PrintedHead::parse("3371 · 7KQ2-M9XD-P4TR-WB8U"), Err(HeadError::Character('U')));
        let printed = some_head(42, 3).to_string();
        let wrong_entry = printed.replacen("42", "43", 1);
        assert_eq!(PrintedHead::parse(&wrong_entry), Err(HeadError::Check));
    }

    proptest! {
        #[test]
        fn any_single_mistyped_character_or_swapped_pair_is_caught(seed: u8, entry in 1i64..100_000, at in 0usize..16, to in 0usize..32) {
            let printed = some_head(entry, seed).to_string();
            let (number, code) = printed.split_once(" · ").unwrap();
            let mut symbols: Vec<char> = code.chars().filter(|c| *c != '-').collect();
            let replacement = ALPHABET[to] as char;
            prop_assume!(symbols[at] != replacement);
            symbols[at] = replacement;
            let typo = format!("{number} {}", symbols.iter().collect::<String>());
            prop_assert_eq!(PrintedHead::parse(&typo), Err(HeadError::Check));

            let mut swapped: Vec<char> = code.chars().filter(|c| *c != '-').collect();
            let at = at.min(14);
            prop_assume!(swapped[at] != swapped[at + 1]);
            // Luhn's one blind spot: the lowest and highest symbols side by side.
            prop_assume!(!matches!((swapped[at], swapped[at + 1]), ('0', 'Z') | ('Z', '0')));
            swapped.swap(at, at + 1);
            let swap = format!("{number} {}", swapped.iter().collect::<String>());
            prop_assert!(PrintedHead::parse(&swap).is_err());
        }
    }

    #[test]
    fn sign_ins_wait_longer_after_five_failures_in_a_row_up_to_a_minute() {
        let waits: Vec<i64> = (0..14).map(|failures| wait_after_failures(failures).num_seconds()).collect();
        assert_eq!(waits, [0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60]);
        let last = DateTime::parse_from_rfc3339("2026-03-29T00:59:58Z").unwrap().with_timezone(&Utc);
        // Across the change to British Summer Time: the wait is in real seconds.
        assert_eq!(remaining_wait(8, Some(last), last + Duration::seconds(3)), Duration::seconds(5));
        assert_eq!(remaining_wait(8, Some(last), last + Duration::seconds(9)), Duration::zero());
        assert_eq!(remaining_wait(8, None, last), Duration::zero());
        // A clock put back an hour does not make the wait an hour.
        assert_eq!(remaining_wait(20, Some(last), last - Duration::hours(1)), LONGEST_WAIT);
    }

    #[test]
    fn only_a_step_back_beyond_the_tolerance_is_back_dating() {
        let at = DateTime::parse_from_rfc3339("2026-10-25T01:30:00Z").unwrap().with_timezone(&Utc);
        assert!(!is_back_dated(at, at));
        assert!(!is_back_dated(at - Duration::minutes(5), at));
        assert!(is_back_dated(at - Duration::minutes(6), at));
        assert!(!is_back_dated(at + Duration::days(1), at));
    }
}
