//! Sentence and risk vocabulary, the tier mapping, and the offender management
//! model's scope rules, each answer with the reason a supervisor can read.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

use super::dates::{add_months, age_on};

/// A value kept in the file as a short code and shown to people as a label.
pub trait Coded: Sized + Copy + 'static {
    const ALL: &'static [Self];
    fn code(self) -> &'static str;
    fn label(self) -> &'static str;

    fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|value| value.code() == code)
    }
}

macro_rules! coded_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$variant_meta:meta])* $variant:ident => $code:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$variant_meta])* $variant),+ }

        impl Coded for $name {
            const ALL: &'static [Self] = &[$(Self::$variant),+];
            fn code(self) -> &'static str {
                match self { $(Self::$variant => $code),+ }
            }
            fn label(self) -> &'static str {
                match self { $(Self::$variant => $label),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}
pub(crate) use coded_enum;

coded_enum! {
    /// The kind of sentence being served.
    SentenceType {
        Determinate => "determinate", "Determinate";
        Ipp => "ipp", "IPP (indeterminate, public protection)";
        Life => "life", "Life";
        Remand => "remand", "Remand / unsentenced";
    }
}

coded_enum! {
    /// OASys Risk of (serious) Harm.
    Rosh {
        Low => "low", "Low";
        Medium => "medium", "Medium";
        High => "high", "High";
        VeryHigh => "very_high", "Very high";
    }
}

coded_enum! {
    /// OASys likelihood of reoffending.
    Likelihood {
        Low => "low", "Low";
        Medium => "medium", "Medium";
        High => "high", "High";
    }
}

/// A sentence length as the court gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SentenceLength {
    pub years: u32,
    pub months: u32,
    pub days: u32,
}

impl SentenceLength {
    pub fn is_zero(self) -> bool {
        self.years == 0 && self.months == 0 && self.days == 0
    }

    /// Where a sentence of this length starting on `start` runs to.
    pub fn end_from(self, start: NaiveDate) -> NaiveDate {
        add_months(start, self.years * 12 + self.months) + Duration::days(i64::from(self.days))
    }

    /// "12 months or more", counted on the calendar from `start`.
    pub fn at_least_months(self, months: u32, start: NaiveDate) -> bool {
        self.end_from(start) >= add_months(start, months)
    }

    /// "More than four weeks", counted on the calendar from `start`.
    pub fn more_than_days(self, days: i64, start: NaiveDate) -> bool {
        self.end_from(start) > start + Duration::days(days)
    }
}

impl fmt::Display for SentenceLength {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if self.years > 0 {
            parts.push(format!("{}y", self.years));
        }
        if self.months > 0 {
            parts.push(format!("{}m", self.months));
        }
        if self.days > 0 {
            parts.push(format!("{}d", self.days));
        }
        if parts.is_empty() { f.write_str("0d") } else { f.write_str(&parts.join(" ")) }
    }
}

/// RoH x likelihood of reoffending -> tier, as the establishment has set it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TierTable {
    rules: Vec<(Rosh, Likelihood, String)>,
}

impl TierTable {
    pub fn new(rules: Vec<(Rosh, Likelihood, String)>) -> Self {
        Self { rules }
    }

    pub fn rules(&self) -> &[(Rosh, Likelihood, String)] {
        &self.rules
    }

    /// The tier and the reason for it, or why there is none.
    pub fn assess(
        &self,
        sentence_type: SentenceType,
        rosh: Option<Rosh>,
        likelihood: Option<Likelihood>,
    ) -> Assessment<Option<String>> {
        if sentence_type == SentenceType::Remand {
            return Assessment::new(None, "not tiered: unsentenced");
        }
        let (Some(rosh), Some(likelihood)) = (rosh, likelihood) else {
            return Assessment::new(None, "not tiered: needs both RoH and likelihood of reoffending from OASys");
        };
        match self.rules.iter().find(|(r, l, _)| *r == rosh && *l == likelihood) {
            Some((_, _, tier)) => Assessment::new(
                Some(tier.clone()),
                format!(
                    "RoH {} x reoffending {} gives tier {tier}",
                    rosh.label().to_lowercase(),
                    likelihood.label().to_lowercase()
                ),
            ),
            None => Assessment::new(
                None,
                format!(
                    "not tiered: the tier table has no rule for RoH {} x reoffending {}",
                    rosh.label().to_lowercase(),
                    likelihood.label().to_lowercase()
                ),
            ),
        }
    }
}

/// A computed answer and the sentence that explains it.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment<T> {
    pub value: T,
    pub reason: String,
}

impl<T> Assessment<T> {
    pub fn new(value: T, reason: impl Into<String>) -> Self {
        Self { value, reason: reason.into() }
    }
}

/// What the scope rules look at.
#[derive(Debug, Clone, Copy)]
pub struct ScopeFacts {
    pub date_of_birth: NaiveDate,
    pub sentence_type: SentenceType,
    pub sentence_length: Option<SentenceLength>,
    pub sentence_date: Option<NaiveDate>,
    pub rosh: Option<Rosh>,
    pub ppo: bool,
}

pub const YOUNG_ADULT_AGES: std::ops::RangeInclusive<i32> = 18..=20;

/// In scope of the offender management model (Phase II/III): adults serving 12
/// months or more who are high or very high RoH; PPOs; IPP prisoners; young adults
/// serving more than four weeks. Every reason that applies is given.
pub fn assess_scope(facts: &ScopeFacts, today: NaiveDate) -> Assessment<bool> {
    let Some(basis) = scope_basis(facts, today) else {
        return Assessment::new(false, "not in scope: unsentenced (remand)");
    };
    let ScopeBasis { age, serving, ipp, ppo, adult_high_rosh, young_adult } = basis;
    let mut reasons = Vec::new();
    if ipp {
        reasons.push("IPP sentence".to_string());
    }
    if ppo {
        reasons.push("prolific and other priority offender".to_string());
    }
    if let Some(rosh) = adult_high_rosh {
        reasons.push(format!("adult serving 12 months or more with {} RoH", rosh.label().to_lowercase()));
    }
    if young_adult {
        reasons.push(format!("young adult (aged {age}) serving more than four weeks"));
    }
    if !reasons.is_empty() {
        return Assessment::new(true, format!("in scope: {}", reasons.join("; ")));
    }
    let why_not = if age < *YOUNG_ADULT_AGES.start() {
        format!("not in scope: aged {age}, under 18")
    } else if serving_is_unknown(serving) {
        "not in scope on what is recorded: sentence length missing".to_string()
    } else if age > *YOUNG_ADULT_AGES.end() {
        match facts.rosh {
            None => "not in scope on what is recorded: RoH not assessed".to_string(),
            Some(Rosh::High | Rosh::VeryHigh) => {
                "not in scope: adult serving under 12 months, not PPO or IPP".to_string()
            }
            Some(rosh) => format!("not in scope: adult with {} RoH, not PPO or IPP", rosh.label().to_lowercase()),
        }
    } else {
        format!("not in scope: young adult (aged {age}) serving four weeks or less")
    };
    Assessment::new(false, why_not)
}

/// The same rule as [`assess_scope`], without the words: the Unit page asks it of
/// every prisoner at each of twelve month ends.
pub fn in_scope(facts: &ScopeFacts, today: NaiveDate) -> bool {
    scope_basis(facts, today)
        .is_some_and(|basis| basis.ipp || basis.ppo || basis.adult_high_rosh.is_some() || basis.young_adult)
}

/// Which of the scope rule's reasons apply; `None` for a prisoner on remand.
struct ScopeBasis {
    age: i32,
    serving: Serving,
    ipp: bool,
    ppo: bool,
    /// An adult serving 12 months or more, with this high or very high RoH.
    adult_high_rosh: Option<Rosh>,
    /// A young adult serving more than four weeks.
    young_adult: bool,
}

fn scope_basis(facts: &ScopeFacts, today: NaiveDate) -> Option<ScopeBasis> {
    if facts.sentence_type == SentenceType::Remand {
        return None;
    }
    let age = age_on(facts.date_of_birth, today);
    let start = facts.sentence_date.unwrap_or(today);
    let serving = match facts.sentence_type {
        SentenceType::Life | SentenceType::Ipp => Serving::Indeterminate,
        _ => match facts.sentence_length {
            Some(length) => Serving::Length(length),
            None => Serving::Unknown,
        },
    };
    let twelve_months_or_more = match serving {
        Serving::Indeterminate => Some(true),
        Serving::Length(length) => Some(length.at_least_months(12, start)),
        Serving::Unknown => None,
    };
    let more_than_four_weeks = match serving {
        Serving::Indeterminate => Some(true),
        Serving::Length(length) => Some(length.more_than_days(28, start)),
        Serving::Unknown => None,
    };
    let adult = age > *YOUNG_ADULT_AGES.end();
    Some(ScopeBasis {
        age,
        serving,
        ipp: facts.sentence_type == SentenceType::Ipp,
        ppo: facts.ppo,
        adult_high_rosh: facts
            .rosh
            .filter(|rosh| adult && matches!(rosh, Rosh::High | Rosh::VeryHigh) && twelve_months_or_more == Some(true)),
        young_adult: YOUNG_ADULT_AGES.contains(&age) && more_than_four_weeks == Some(true),
    })
}

#[derive(Clone, Copy)]
enum Serving {
    Indeterminate,
    Length(SentenceLength),
    Unknown,
}

fn serving_is_unknown(serving: Serving) -> bool {
    matches!(serving, Serving::Unknown)
}

/// MAPPA category and level as printed: "Cat 2 / Level 1".
pub fn describe_mappa(category: Option<u8>, level: Option<u8>) -> String {
    match (category, level) {
        (Some(category), Some(level)) => format!("Cat {category} / Level {level}"),
        (Some(category), None) => format!("Cat {category}"),
        _ => "Not MAPPA".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn length(years: u32, months: u32, days: u32) -> Option<SentenceLength> {
        Some(SentenceLength { years, months, days })
    }

    fn adult(rosh: Option<Rosh>, sentence_length: Option<SentenceLength>) -> ScopeFacts {
        ScopeFacts {
            date_of_birth: date(1980, 5, 5),
            sentence_type: SentenceType::Determinate,
            sentence_length,
            sentence_date: Some(date(2026, 1, 31)),
            rosh,
            ppo: false,
        }
    }

    const TODAY: (i32, u32, u32) = (2026, 11, 23);

    fn today() -> NaiveDate {
        date(TODAY.0, TODAY.1, TODAY.2)
    }

    #[test]
    fn twelve_month_rule_boundary() {
        let high = Some(Rosh::High);
        assert!(assess_scope(&adult(high, length(1, 0, 0)), today()).value);
        assert!(assess_scope(&adult(high, length(0, 12, 0)), today()).value);
        assert!(!assess_scope(&adult(high, length(0, 11, 30)), today()).value);
        // From 31 January, 11 months and 31 days reaches 31 January next year.
        assert!(assess_scope(&adult(high, length(0, 11, 31)), today()).value);
        // 365 days from 31 January 2026 is 31 January 2027: 12 months.
        assert!(assess_scope(&adult(high, length(0, 0, 365)), today()).value);
        assert!(!assess_scope(&adult(high, length(0, 0, 364)), today()).value);
    }

    #[test]
    fn twelve_months_across_a_leap_day() {
        // From 1 March 2027, 365 days lands on 29 February 2028: short of 1 March.
        let mut facts = adult(Some(Rosh::VeryHigh), length(0, 0, 365));
        facts.sentence_date = Some(date(2027, 3, 1));
        assert!(!assess_scope(&facts, today()).value);
        facts.sentence_length = length(0, 0, 366);
        assert!(assess_scope(&facts, today()).value);
    }

    #[test]
    fn adult_needs_high_rosh() {
        let medium = assess_scope(&adult(Some(Rosh::Medium), length(4, 0, 0)), today());
        assert!(!medium.value);
        assert!(medium.reason.contains("medium RoH"), "{}", medium.reason);
        let unknown = assess_scope(&adult(None, length(4, 0, 0)), today());
        assert!(unknown.reason.contains("RoH not assessed"));
        let short = assess_scope(&adult(Some(Rosh::High), length(0, 6, 0)), today());
        assert!(short.reason.contains("under 12 months"));
    }

    #[test]
    fn ipp_and_ppo_are_always_in_scope_with_reasons() {
        let mut facts = adult(Some(Rosh::Low), None);
        facts.sentence_type = SentenceType::Ipp;
        facts.ppo = true;
        let scope = assess_scope(&facts, today());
        assert!(scope.value);
        assert_eq!(scope.reason, "in scope: IPP sentence; prolific and other priority offender");
    }

    #[test]
    fn young_adult_more_than_four_weeks() {
        let mut facts = adult(Some(Rosh::Low), length(0, 0, 28));
        facts.date_of_birth = date(2006, 1, 1); // 20 on the test day
        assert!(!assess_scope(&facts, today()).value);
        facts.sentence_length = length(0, 0, 29);
        let scope = assess_scope(&facts, today());
        assert!(scope.value);
        assert!(scope.reason.contains("young adult (aged 20)"));
        // 21st birthday on the day: now an adult, and low RoH is out of scope.
        facts.date_of_birth = date(2005, 11, 23);
        assert!(!assess_scope(&facts, today()).value);
    }

    #[test]
    fn remand_is_never_in_scope_or_tiered() {
        let mut facts = adult(Some(Rosh::VeryHigh), length(10, 0, 0));
        facts.sentence_type = SentenceType::Remand;
        assert!(!assess_scope(&facts, today()).value);
        let table = TierTable::new(vec![(Rosh::VeryHigh, Likelihood::High, "A".into())]);
        let tier = table.assess(SentenceType::Remand, Some(Rosh::VeryHigh), Some(Likelihood::High));
        assert_eq!(tier.value, None);
    }

    #[test]
    fn tier_comes_from_the_table_with_its_reason() {
        let table = TierTable::new(vec![(Rosh::High, Likelihood::Medium, "B".into())]);
        let tier = table.assess(SentenceType::Determinate, Some(Rosh::High), Some(Likelihood::Medium));
        assert_eq!(tier.value.as_deref(), Some("B"));
        assert_eq!(tier.reason, "RoH high x reoffending medium gives tier B");
        let missing = table.assess(SentenceType::Determinate, Some(Rosh::Low), Some(Likelihood::Low));
        assert_eq!(missing.value, None);
        assert!(missing.reason.contains("no rule"));
        let partial = table.assess(SentenceType::Life, Some(Rosh::High), None);
        assert!(partial.reason.contains("needs both"));
    }

    #[test]
    fn codes_round_trip() {
        for rosh in Rosh::ALL {
            assert_eq!(Rosh::from_code(rosh.code()), Some(*rosh));
        }
        assert_eq!(SentenceType::from_code("life"), Some(SentenceType::Life));
        assert_eq!(SentenceType::from_code("LIFE"), None);
    }

    proptest::proptest! {
        /// The Unit page's yes/no and the record's worded answer are one rule.
        #[test]
        fn in_scope_agrees_with_the_worded_assessment(
            born in 0i64..30_000,
            kind in 0usize..4,
            length in proptest::option::of((0u32..20, 0u32..12, 0u32..40)),
            sentenced in proptest::option::of(0i64..8000),
            rosh in proptest::option::of(0usize..4),
            ppo: bool,
            today in 0i64..9000,
        ) {
            let epoch = date(1950, 1, 1);
            let facts = ScopeFacts {
                date_of_birth: epoch + Duration::days(born),
                sentence_type: SentenceType::ALL[kind],
                sentence_length: length.map(|(years, months, days)| SentenceLength { years, months, days }),
                sentence_date: sentenced.map(|days| date(2000, 1, 1) + Duration::days(days)),
                rosh: rosh.map(|index| Rosh::ALL[index]),
                ppo,
            };
            let today = date(2000, 1, 1) + Duration::days(today);
            proptest::prop_assert_eq!(in_scope(&facts, today), assess_scope(&facts, today).value);
        }
    }
}
