//! Calendar rules: how dates are typed and shown, months added, things fall due, and
//! local (Europe/London) wall-clock times turn into instants.

use chrono::{DateTime, Datelike, Duration, LocalResult, Months, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// Every date and time the unit works with is UK local time.
pub const LONDON: Tz = chrono_tz::Europe::London;

/// Dates outside this range are typing mistakes, not prison records.
pub const EARLIEST_YEAR: i32 = 1900;
pub const LATEST_YEAR: i32 = 2200;

/// Why a typed date or time was refused, in the words shown beside the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("required")]
    Missing,
    #[error("'{0}' is not a date: type it as DD/MM/YYYY")]
    NotADate(String),
    #[error("'{0}' is not a real date")]
    NotReal(String),
    #[error("'{0}' is out of range: years {EARLIEST_YEAR} to {LATEST_YEAR} only")]
    OutOfRange(String),
    #[error("'{0}' is not a time: type it as HH:MM (24-hour)")]
    NotATime(String),
    #[error("cannot be in the future")]
    InFuture,
}

/// Why a range of dates (From, To) was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RangeError {
    #[error("From: {0}")]
    From(DateError),
    #[error("To: {0}")]
    To(DateError),
    #[error("From must be on or before To")]
    Backwards,
    #[error("show at most {0} days at a time")]
    TooLong(i64),
}

/// Parses a date as a British user types it (`23/11/2026`, `23-11-2026`, `23.11.2026`)
/// or in ISO form (`2026-11-23`). Empty input means "no date".
pub fn parse_date(input: &str) -> Result<Option<NaiveDate>, DateError> {
    let input = input.trim();
    if input.is_empty() {
        return Ok(None);
    }
    let parsed = if is_iso_shape(input) {
        NaiveDate::parse_from_str(input, "%Y-%m-%d").ok()
    } else {
        let parts: Vec<&str> = input.split(['/', '-', '.']).collect();
        match parts.as_slice() {
            [day, month, year] if year.len() == 4 => match (day.parse(), month.parse(), year.parse()) {
                (Ok(day), Ok(month), Ok(year)) => NaiveDate::from_ymd_opt(year, month, day),
                _ => None,
            },
            _ => return Err(DateError::NotADate(input.to_string())),
        }
    };
    let date = parsed.ok_or_else(|| DateError::NotReal(input.to_string()))?;
    if !(EARLIEST_YEAR..=LATEST_YEAR).contains(&date.year()) {
        return Err(DateError::OutOfRange(input.to_string()));
    }
    Ok(Some(date))
}

/// A date that must be given: empty input is refused as "required".
pub fn required_date(input: &str) -> Result<NaiveDate, DateError> {
    parse_date(input)?.ok_or(DateError::Missing)
}

/// The day something happened: required, and not after `today`. One rule for every
/// form that records the past (a contact, a review, a change, a status).
pub fn past_date(input: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    let date = required_date(input)?;
    if date > today {
        return Err(DateError::InFuture);
    }
    Ok(date)
}

/// A date that may be left empty but, when given, is not after `today` (a key talk,
/// a risk assessment).
pub fn optional_past_date(input: &str, today: NaiveDate) -> Result<Option<NaiveDate>, DateError> {
    match parse_date(input)? {
        Some(date) if date > today => Err(DateError::InFuture),
        date => Ok(date),
    }
}

/// A From-To range of whole days, both given, From not after To, and no longer than
/// `max_days` when there is a limit.
pub fn date_range(from: &str, to: &str, max_days: Option<i64>) -> Result<(NaiveDate, NaiveDate), RangeError> {
    let from = required_date(from).map_err(RangeError::From)?;
    let to = required_date(to).map_err(RangeError::To)?;
    if from > to {
        return Err(RangeError::Backwards);
    }
    if let Some(limit) = max_days
        && (to - from).num_days() > limit
    {
        return Err(RangeError::TooLong(limit));
    }
    Ok((from, to))
}

fn is_iso_shape(input: &str) -> bool {
    let bytes = input.as_bytes();
    bytes.len() == 10 && bytes[4] == b'-' && bytes[7] == b'-'
}

/// Parses a 24-hour time (`09:30`, `9:30`). Empty input means "no time".
pub fn parse_time(input: &str) -> Result<Option<NaiveTime>, DateError> {
    let input = input.trim();
    if input.is_empty() {
        return Ok(None);
    }
    NaiveTime::parse_from_str(input, "%H:%M").map(Some).map_err(|_| DateError::NotATime(input.to_string()))
}

/// How dates are shown to users and printed: `23/11/2026`.
pub fn format_date(date: NaiveDate) -> String {
    // Written out rather than through strftime: the caseload formats thousands.
    format!("{:02}/{:02}/{:04}", date.day(), date.month(), date.year())
}

pub fn format_optional_date(date: Option<NaiveDate>) -> String {
    date.map(format_date).unwrap_or_default()
}

/// How dates are stored and exchanged: `2026-11-23`.
pub fn iso_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Adds calendar months, landing on the last day of a shorter month
/// (31 January + 1 month = 28 or 29 February), as people count "a month later".
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX)
}

/// Whole years between a date of birth and a day: the person's age that day.
pub fn age_on(date_of_birth: NaiveDate, day: NaiveDate) -> i32 {
    let mut age = day.year() - date_of_birth.year();
    // A birthday on 29 February is reached on 1 March in common years.
    let birthday_this_year = date_of_birth
        .with_year(day.year())
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(day.year(), 3, 1).expect("1 March exists"));
    if day < birthday_this_year {
        age -= 1;
    }
    age
}

/// Where something stands against its due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueState {
    /// Past its due date by this many days.
    Overdue(i64),
    /// Due today or within the warning window, in this many days.
    DueSoon(i64),
    /// Due later than the warning window.
    NotYetDue(i64),
}

/// Items due within two weeks are flagged so they can be planned for.
pub const DUE_SOON_DAYS: i64 = 14;

pub fn due_state(due: NaiveDate, today: NaiveDate) -> DueState {
    let days = (due - today).num_days();
    if days < 0 {
        DueState::Overdue(-days)
    } else if days <= DUE_SOON_DAYS {
        DueState::DueSoon(days)
    } else {
        DueState::NotYetDue(days)
    }
}

impl DueState {
    pub fn is_overdue(self) -> bool {
        matches!(self, DueState::Overdue(_))
    }

    /// A short phrase for lists: "3 days overdue", "due today", "in 20 days".
    pub fn describe(self) -> String {
        match self {
            DueState::Overdue(1) => "1 day overdue".to_string(),
            DueState::Overdue(days) => format!("{days} days overdue"),
            DueState::DueSoon(0) => "due today".to_string(),
            DueState::DueSoon(1) => "due tomorrow".to_string(),
            DueState::DueSoon(days) | DueState::NotYetDue(days) => format!("due in {days} days"),
        }
    }
}

/// The instant a London wall-clock time happened. In the spring gap (01:00-02:00 on
/// the last Sunday of March) the clock reads the later hour; in the autumn overlap the
/// first (BST) occurrence is taken.
pub fn london_to_utc(date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let local = date.and_time(time);
    match LONDON.from_local_datetime(&local) {
        LocalResult::Single(instant) => instant.with_timezone(&Utc),
        LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
        LocalResult::None => {
            let shifted = local + Duration::hours(1);
            LONDON
                .from_local_datetime(&shifted)
                .earliest()
                .map(|instant| instant.with_timezone(&Utc))
                .unwrap_or_else(|| Utc.from_utc_datetime(&local))
        }
    }
}

/// An instant shown as London wall-clock time.
pub fn utc_to_london(instant: DateTime<Utc>) -> DateTime<Tz> {
    instant.with_timezone(&LONDON)
}

/// An instant as UK local time, as lists and printouts show it: "18/11/2026 10:15".
pub fn format_local(instant: DateTime<Utc>) -> String {
    utc_to_london(instant).format("%d/%m/%Y %H:%M").to_string()
}

/// Today's date in London.
pub fn london_today() -> NaiveDate {
    utc_to_london(Utc::now()).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn british_and_iso_dates_parse() {
        assert_eq!(parse_date("23/11/2026"), Ok(Some(date(2026, 11, 23))));
        assert_eq!(parse_date(" 1/2/2024 "), Ok(Some(date(2024, 2, 1))));
        assert_eq!(parse_date("2026-11-23"), Ok(Some(date(2026, 11, 23))));
        assert_eq!(parse_date("29.02.2024"), Ok(Some(date(2024, 2, 29))));
        assert_eq!(parse_date(""), Ok(None));
    }

    #[test]
    fn impossible_and_out_of_range_dates_are_refused() {
        assert!(parse_date("29/02/2023").unwrap_err().to_string().contains("not a real date"));
        assert!(parse_date("31/04/2026").is_err());
        assert!(parse_date("2026-13-01").is_err());
        assert!(parse_date("12/11/26").is_err());
        assert!(parse_date("tomorrow").is_err());
        assert!(parse_date("01/01/1899").unwrap_err().to_string().contains("out of range"));
        assert!(parse_date("01/01/2201").is_err());
    }

    #[test]
    fn a_past_date_is_required_and_not_after_today() {
        let today = date(2026, 12, 1);
        assert_eq!(past_date("01/12/2026", today), Ok(today));
        assert_eq!(past_date("29/02/2024", today), Ok(date(2024, 2, 29)));
        assert_eq!(past_date("", today), Err(DateError::Missing));
        assert_eq!(past_date("02/12/2026", today), Err(DateError::InFuture));
        assert_eq!(past_date("29/02/2026", today), Err(DateError::NotReal("29/02/2026".into())));
    }

    #[test]
    fn a_range_needs_both_days_in_order_and_within_its_limit() {
        assert_eq!(date_range("01/11/2026", "30/11/2026", Some(92)), Ok((date(2026, 11, 1), date(2026, 11, 30))));
        assert_eq!(date_range("", "30/11/2026", None), Err(RangeError::From(DateError::Missing)));
        assert_eq!(
            date_range("01/11/2026", "31/11/2026", None),
            Err(RangeError::To(DateError::NotReal("31/11/2026".into())))
        );
        assert_eq!(date_range("02/11/2026", "01/11/2026", None), Err(RangeError::Backwards));
        assert_eq!(date_range("01/01/2026", "01/12/2026", Some(92)), Err(RangeError::TooLong(92)));
        assert_eq!(RangeError::Backwards.to_string(), "From must be on or before To");
    }

    #[test]
    fn adding_months_clamps_to_month_end() {
        assert_eq!(add_months(date(2026, 1, 31), 1), date(2026, 2, 28));
        assert_eq!(add_months(date(2024, 1, 31), 1), date(2024, 2, 29));
        assert_eq!(add_months(date(2025, 10, 31), 4), date(2026, 2, 28));
        assert_eq!(add_months(date(2023, 10, 31), 4), date(2024, 2, 29));
        assert_eq!(add_months(date(2024, 2, 29), 12), date(2025, 2, 28));
        assert_eq!(add_months(date(2026, 12, 15), 1), date(2027, 1, 15));
    }

    #[test]
    fn age_counts_leap_day_birthdays_from_first_of_march() {
        let born = date(2008, 2, 29);
        assert_eq!(age_on(born, date(2026, 2, 28)), 17);
        assert_eq!(age_on(born, date(2026, 3, 1)), 18);
        assert_eq!(age_on(born, date(2028, 2, 29)), 20);
        assert_eq!(age_on(date(2000, 11, 23), date(2026, 11, 22)), 25);
        assert_eq!(age_on(date(2000, 11, 23), date(2026, 11, 23)), 26);
    }

    #[test]
    fn due_state_boundaries() {
        let today = date(2026, 11, 23);
        assert_eq!(due_state(date(2026, 11, 22), today), DueState::Overdue(1));
        assert_eq!(due_state(today, today), DueState::DueSoon(0));
        assert_eq!(due_state(date(2026, 12, 7), today), DueState::DueSoon(14));
        assert_eq!(due_state(date(2026, 12, 8), today), DueState::NotYetDue(15));
        assert_eq!(DueState::Overdue(3).describe(), "3 days overdue");
    }

    #[test]
    fn london_times_follow_british_summer_time() {
        // Winter: GMT, so 09:00 local is 09:00 UTC.
        let winter = london_to_utc(date(2026, 1, 10), NaiveTime::from_hms_opt(9, 0, 0).unwrap());
        assert_eq!(winter.to_rfc3339(), "2026-01-10T09:00:00+00:00");
        // Summer: BST, so 09:00 local is 08:00 UTC.
        let summer = london_to_utc(date(2026, 7, 10), NaiveTime::from_hms_opt(9, 0, 0).unwrap());
        assert_eq!(summer.to_rfc3339(), "2026-07-10T08:00:00+00:00");
        // 01:30 on 29 March 2026 does not exist in London: the clock reads 02:30 BST.
        let gap = london_to_utc(date(2026, 3, 29), NaiveTime::from_hms_opt(1, 30, 0).unwrap());
        assert_eq!(gap.to_rfc3339(), "2026-03-29T01:30:00+00:00");
        // 01:30 on 25 October 2026 happens twice: the first (BST) one is taken.
        let overlap = london_to_utc(date(2026, 10, 25), NaiveTime::from_hms_opt(1, 30, 0).unwrap());
        assert_eq!(overlap.to_rfc3339(), "2026-10-25T00:30:00+00:00");
    }
}
