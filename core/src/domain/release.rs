//! Release dates, as the national allocation service (Manage POM cases) models them,
//! and the earliest release: the one date a supervisor plans the end of custody to.

use chrono::{Duration, NaiveDate};

use super::prisoner::PrisonerDetails;
use super::risk::SentenceType;

/// A kind of release date. The order is how certain a release on it is, most
/// certain first: between two dates on the same day the more certain is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReleaseKind {
    /// Approved parole date: the Parole Board has directed release.
    Apd,
    /// Home detention curfew approved date.
    Hdcad,
    /// Automatic release date (no licence).
    Ard,
    /// Conditional release date (on licence).
    Crd,
    /// Post-recall release date.
    Prrd,
    /// Tariff expiry (indeterminate sentences): release only if the Board directs it.
    Ted,
    /// Parole eligibility date: release only if the Board directs it.
    Ped,
    /// Home detention curfew eligibility: a possibility, not a certainty.
    Hdced,
    /// Sentence expiry, when no release date applies.
    Sed,
    /// Licence expiry, when no release date applies.
    Led,
}

impl ReleaseKind {
    pub const ALL: [ReleaseKind; 10] = [
        ReleaseKind::Apd,
        ReleaseKind::Hdcad,
        ReleaseKind::Ard,
        ReleaseKind::Crd,
        ReleaseKind::Prrd,
        ReleaseKind::Ted,
        ReleaseKind::Ped,
        ReleaseKind::Hdced,
        ReleaseKind::Sed,
        ReleaseKind::Led,
    ];

    /// The abbreviation staff use: "HDCED".
    pub fn code(self) -> &'static str {
        match self {
            ReleaseKind::Apd => "APD",
            ReleaseKind::Hdcad => "HDCAD",
            ReleaseKind::Ard => "ARD",
            ReleaseKind::Crd => "CRD",
            ReleaseKind::Prrd => "PRRD",
            ReleaseKind::Ted => "TED",
            ReleaseKind::Ped => "PED",
            ReleaseKind::Hdced => "HDCED",
            ReleaseKind::Sed => "SED",
            ReleaseKind::Led => "LED",
        }
    }

    /// What the abbreviation stands for.
    pub fn meaning(self) -> &'static str {
        match self {
            ReleaseKind::Apd => "approved parole",
            ReleaseKind::Hdcad => "home detention curfew approved",
            ReleaseKind::Ard => "automatic release",
            ReleaseKind::Crd => "conditional release",
            ReleaseKind::Prrd => "post-recall release",
            ReleaseKind::Ted => "tariff expiry",
            ReleaseKind::Ped => "parole eligibility",
            ReleaseKind::Hdced => "home detention curfew eligibility",
            ReleaseKind::Sed => "sentence expiry",
            ReleaseKind::Led => "licence expiry",
        }
    }

    /// How sure a release on this date is, for the record beside the date.
    pub fn certainty(self) -> &'static str {
        match self {
            ReleaseKind::Apd | ReleaseKind::Hdcad => "approved",
            ReleaseKind::Ard | ReleaseKind::Crd | ReleaseKind::Prrd | ReleaseKind::Sed | ReleaseKind::Led => {
                "fixed by the sentence"
            }
            ReleaseKind::Ted | ReleaseKind::Ped => "only if the Parole Board directs release",
            ReleaseKind::Hdced => "only if home detention curfew is approved",
        }
    }

    /// Whether this kind of date belongs to a sentence of this type: home detention
    /// curfew to determinate sentences, tariff expiry to indeterminate ones, none to
    /// a prisoner on remand.
    pub fn applies_to(self, sentence_type: SentenceType) -> bool {
        match sentence_type {
            SentenceType::Remand => false,
            SentenceType::Determinate => self != ReleaseKind::Ted,
            SentenceType::Ipp | SentenceType::Life => {
                !matches!(self, ReleaseKind::Hdced | ReleaseKind::Hdcad | ReleaseKind::Ard | ReleaseKind::Crd)
            }
        }
    }

    /// Dates used only when no release date of any other kind is recorded.
    fn is_fallback(self) -> bool {
        matches!(self, ReleaseKind::Sed | ReleaseKind::Led)
    }

    /// The record's date of this kind.
    pub fn date_in(self, details: &PrisonerDetails) -> Option<NaiveDate> {
        match self {
            ReleaseKind::Apd => details.approved_parole_date,
            ReleaseKind::Hdcad => details.hdc_approved_date,
            ReleaseKind::Ard => details.automatic_release_date,
            ReleaseKind::Crd => details.conditional_release_date,
            ReleaseKind::Prrd => details.post_recall_release_date,
            ReleaseKind::Ted => details.tariff_expiry_date,
            ReleaseKind::Ped => details.parole_eligibility_date,
            ReleaseKind::Hdced => details.hdc_eligibility_date,
            ReleaseKind::Sed => details.sentence_expiry_date,
            ReleaseKind::Led => details.licence_expiry_date,
        }
    }

    /// A decided date stands in for the eligibility it decided: once home detention
    /// curfew is approved its eligibility date is no longer a release date, and once
    /// parole is approved neither parole eligibility nor tariff expiry is.
    fn superseded_by(self) -> &'static [ReleaseKind] {
        match self {
            ReleaseKind::Hdced => &[ReleaseKind::Hdcad],
            ReleaseKind::Ped | ReleaseKind::Ted => &[ReleaseKind::Apd],
            _ => &[],
        }
    }
}

/// The date a prisoner is next expected to leave custody, and of what kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EarliestRelease {
    pub kind: ReleaseKind,
    pub date: NaiveDate,
}

impl EarliestRelease {
    /// "HDCED 14/03/2027" as the caseload shows it.
    pub fn describe(self) -> String {
        format!("{} {}", self.kind.code(), super::dates::format_date(self.date))
    }

    /// A release date that has gone by while the prisoner is still on the caseload:
    /// either they have left and the record is not closed, or a date is wrong.
    pub fn has_passed(self, today: NaiveDate) -> bool {
        self.date < today
    }
}

/// The earliest release: of the dates of the kinds that apply to the sentence, the
/// nearest one from today on; when every one has gone by, the latest of them.
/// Sentence and licence expiry count only when no other release date is recorded.
pub fn earliest_release(details: &PrisonerDetails, today: NaiveDate) -> Option<EarliestRelease> {
    let recorded = |kind: ReleaseKind| kind.applies_to(details.sentence_type).then(|| kind.date_in(details)).flatten();
    let candidates: Vec<EarliestRelease> = ReleaseKind::ALL
        .iter()
        .filter(|kind| !kind.is_fallback())
        .filter(|kind| kind.superseded_by().iter().all(|decided| recorded(*decided).is_none()))
        .filter_map(|kind| recorded(*kind).map(|date| EarliestRelease { kind: *kind, date }))
        .collect();
    let candidates = if candidates.is_empty() {
        ReleaseKind::ALL
            .iter()
            .filter(|kind| kind.is_fallback())
            .filter_map(|kind| recorded(*kind).map(|date| EarliestRelease { kind: *kind, date }))
            .collect()
    } else {
        candidates
    };
    let nearest_ahead =
        candidates.iter().filter(|release| release.date >= today).min_by_key(|release| (release.date, release.kind));
    let latest_past = || candidates.iter().max_by(|a, b| a.date.cmp(&b.date).then(b.kind.cmp(&a.kind)));
    nearest_ahead.or_else(latest_past).copied()
}

/// Weeks before the earliest release from which resettlement is worked on in earnest.
pub const PRE_RELEASE_WEEKS: i64 = 12;

/// The day pre-release work starts: 12 weeks before the release.
pub fn pre_release_starts(release: NaiveDate) -> NaiveDate {
    release - Duration::weeks(PRE_RELEASE_WEEKS)
}

/// Whether `today` is in the pre-release window: from exactly 12 weeks before the
/// release up to the release day itself.
pub fn in_pre_release(release: NaiveDate, today: NaiveDate) -> bool {
    today >= pre_release_starts(release) && today <= release
}

#[cfg(test)]
pub(crate) mod tests;
