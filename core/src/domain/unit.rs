//! How the unit is doing: the measures inspection reports are made of, for each of
//! the last twelve months, worked out from the dated records as they stood on each
//! month's last day (never from a stored counter), each with the prisoners behind
//! its number and its rule in words.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use super::dates::{london_to_utc, utc_to_london};
use super::plan::InterventionState;
use super::risk::{Rosh, ScopeFacts, in_scope};

/// One prisoner as the measures read them.
#[derive(Debug, Clone)]
pub struct UnitPrisoner {
    pub id: i64,
    /// "Surname, Forenames (A1234BC)".
    pub label: String,
    pub received_on: Option<NaiveDate>,
    /// The day the record was archived (left the establishment), London time.
    pub left_on: Option<NaiveDate>,
    /// Sentence and risk as the record holds them now.
    pub scope: ScopeFacts,
    /// Each change of RoH the audit trail recorded, oldest first.
    pub rosh_changes: Vec<RoshChange>,
}

/// A change of a record's RoH level, from the audit trail.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RoshChange {
    pub at: DateTime<Utc>,
    pub before: Option<Rosh>,
    pub after: Option<Rosh>,
}

impl UnitPrisoner {
    /// Sentence and risk as they stood at the end of `day`: the RoH level then,
    /// from the audit trail's changes (the rest of the scope facts are the sentence,
    /// which is corrected rather than changed).
    fn scope_on(&self, day: NaiveDate) -> ScopeFacts {
        let day_ends = london_to_utc(day + Duration::days(1), chrono::NaiveTime::MIN);
        let rosh = match self.rosh_changes.iter().rev().find(|change| change.at < day_ends) {
            Some(change) => change.after,
            None => self.rosh_changes.first().map_or(self.scope.rosh, |first| first.before),
        };
        ScopeFacts { rosh, ..self.scope }
    }

    /// In custody here at the end of `day`: received by then and not yet gone.
    fn here_on(&self, day: NaiveDate) -> bool {
        self.received_on.is_some_and(|received| received <= day) && self.left_on.is_none_or(|left| left > day)
    }
}

/// A plan version as agreed at its board.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AgreedPlan {
    pub prisoner_id: i64,
    pub agreed_on: NaiveDate,
    pub next_review: Option<NaiveDate>,
}

/// An intervention an agreed plan version requires, with how far the prisoner got.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanNeed {
    pub prisoner_id: i64,
    /// The day its plan version was agreed.
    pub agreed_on: NaiveDate,
    pub intervention: String,
    /// Whether this establishment offers it.
    pub offered: bool,
    pub state: InterventionState,
}

/// A reception's induction checklist: when they arrived, and its items.
#[derive(Debug, Clone, PartialEq)]
pub struct InductionRecord {
    pub prisoner_id: i64,
    pub received_at: DateTime<Utc>,
    pub items: Vec<InductionItemFact>,
}

/// One item of a checklist: when it was due and when it was finished (done, exempt
/// or not applicable), `None` while it is open.
#[derive(Debug, Clone, PartialEq)]
pub struct InductionItemFact {
    pub title: String,
    pub due_at: DateTime<Utc>,
    pub finished: Option<DateTime<Utc>>,
}

/// How the offender manager took part in a board, if at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OmPart {
    InPerson,
    VideoLink,
    WrittenReport,
    /// Invited but did not take part, or not on the list at all.
    Absent,
}

/// A planning meeting that was held.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeldBoard {
    pub prisoner_id: i64,
    pub held_on: NaiveDate,
    pub offender_manager: OmPart,
}

/// Everything the measures are worked out from, read from the case file at once.
#[derive(Debug, Clone, Default)]
pub struct UnitFacts {
    pub prisoners: Vec<UnitPrisoner>,
    /// Days the supervisor saw each prisoner (face to face or by video).
    pub seen: Vec<(i64, NaiveDate)>,
    /// Every OASys/RoH review date each record has held: the one now and those the
    /// audit trail shows it held before.
    pub oasys_reviews: Vec<(i64, NaiveDate)>,
    pub plans: Vec<AgreedPlan>,
    pub needs: Vec<PlanNeed>,
    pub inductions: Vec<InductionRecord>,
    pub boards: Vec<HeldBoard>,
    /// When each key incident was reported.
    pub key_incidents: Vec<DateTime<Utc>>,
    /// When each bunch came back after its due time.
    pub late_returns: Vec<DateTime<Utc>>,
}

/// The measures on the Unit screen and the printed report, in the order they show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Measure {
    CurrentPlan,
    OasysInDate,
    MonthlyContact,
    InductionInAWeek,
    ReviewsOnTime,
    OffenderManagerAtBoards,
}

impl Measure {
    pub const ALL: [Measure; 6] = [
        Measure::CurrentPlan,
        Measure::OasysInDate,
        Measure::MonthlyContact,
        Measure::InductionInAWeek,
        Measure::ReviewsOnTime,
        Measure::OffenderManagerAtBoards,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Measure::CurrentPlan => "In-scope prisoners with a current sentence plan",
            Measure::OasysInDate => "OASys/RoH reviews in date",
            Measure::MonthlyContact => "Seen by their supervisor in the month",
            Measure::InductionInAWeek => "Induction completed within the first week",
            Measure::ReviewsOnTime => "Plans reviewed by their due date",
            Measure::OffenderManagerAtBoards => "Offender manager took part in the board",
        }
    }

    /// The rule, in the words printed beside the number.
    pub fn rule(self) -> &'static str {
        match self {
            Measure::CurrentPlan => {
                "Of the prisoners here at the month's end and in scope of the offender management model then (with the RoH level the record held that day), those whose latest plan agreed by that day was not past its review date."
            }
            Measure::OasysInDate => {
                "Of the prisoners here at the month's end, those with an OASys/RoH review in the four months up to it (every review date the record has held, from the audit trail), or received too recently for the first one to be due."
            }
            Measure::MonthlyContact => {
                "Of the prisoners here for the whole month, those the supervisor saw (face to face or by video) on a day in it."
            }
            Measure::InductionInAWeek => {
                "Of the prisoners received in the month, those whose every induction item was done, exempted or found not to apply within seven days of arrival."
            }
            Measure::ReviewsOnTime => {
                "Of the agreed plans whose review fell due in the month (up to today), those followed by another agreed version on or before the due date."
            }
            Measure::OffenderManagerAtBoards => {
                "Of the planning boards held in the month, those the offender manager took part in: in person, by video link or by written report."
            }
        }
    }

    /// What one counted item is, for "12 of 14 prisoners".
    pub fn counts(self) -> &'static str {
        match self {
            Measure::ReviewsOnTime => "plans",
            Measure::OffenderManagerAtBoards => "boards",
            _ => "prisoners",
        }
    }
}

/// One month of one measure: who met it and who did not, as prisoner ids (a
/// prisoner with two late reviews in a month is listed twice).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MonthFigure {
    /// The first day of the month.
    pub month: NaiveDate,
    pub met: Vec<i64>,
    pub missed: Vec<i64>,
}

impl MonthFigure {
    pub fn total(&self) -> usize {
        self.met.len() + self.missed.len()
    }

    /// The share met, as a whole percentage; `None` when there was nothing to count.
    pub fn percent(&self) -> Option<u32> {
        (self.total() > 0).then(|| ((self.met.len() * 100 + self.total() / 2) / self.total()) as u32)
    }

    /// "12 of 14 (86%)", or "none to count".
    pub fn describe(&self) -> String {
        match self.percent() {
            Some(percent) => format!("{} of {} ({percent}%)", self.met.len(), self.total()),
            None => "none to count".to_string(),
        }
    }
}

/// The first day of the month `day` is in.
pub fn month_of(day: NaiveDate) -> NaiveDate {
    day.with_day(1).expect("every month has a first day")
}

/// The last day of the month starting `first`.
pub fn month_end(first: NaiveDate) -> NaiveDate {
    next_month(first) - Duration::days(1)
}

fn next_month(first: NaiveDate) -> NaiveDate {
    super::dates::add_months(month_of(first), 1)
}

/// The twelve months ending with the one `today` is in, oldest first.
pub fn last_twelve_months(today: NaiveDate) -> Vec<NaiveDate> {
    let this_month = month_of(today);
    (0..12).rev().map(|back| sub_months(this_month, back)).collect()
}

fn sub_months(first: NaiveDate, months: u32) -> NaiveDate {
    let index = first.year() * 12 + first.month0() as i32 - months as i32;
    NaiveDate::from_ymd_opt(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1).expect("a first of the month")
}

/// The facts grouped by prisoner, once per report: every measure looks up one
/// prisoner's plans, contacts and reviews, and scanning all of them for each of two
/// thousand prisoners and twelve months took seconds on a large unit.
struct ByPrisoner<'a> {
    plans: HashMap<i64, Vec<&'a AgreedPlan>>,
    seen: HashMap<i64, Vec<NaiveDate>>,
    oasys: HashMap<i64, Vec<NaiveDate>>,
    needs: HashMap<i64, Vec<&'a PlanNeed>>,
}

impl<'a> ByPrisoner<'a> {
    fn new(facts: &'a UnitFacts) -> Self {
        let mut index =
            ByPrisoner { plans: HashMap::new(), seen: HashMap::new(), oasys: HashMap::new(), needs: HashMap::new() };
        for plan in &facts.plans {
            index.plans.entry(plan.prisoner_id).or_default().push(plan);
        }
        for (id, day) in &facts.seen {
            index.seen.entry(*id).or_default().push(*day);
        }
        for (id, day) in &facts.oasys_reviews {
            index.oasys.entry(*id).or_default().push(*day);
        }
        for need in &facts.needs {
            index.needs.entry(need.prisoner_id).or_default().push(need);
        }
        index
    }

    fn plans(&self, id: i64) -> &[&'a AgreedPlan] {
        self.plans.get(&id).map_or(&[], Vec::as_slice)
    }

    /// The plan version in force at the end of `last`: the latest agreed by then.
    fn plan_on(&self, id: i64, last: NaiveDate) -> Option<&'a AgreedPlan> {
        self.plans(id).iter().copied().filter(|plan| plan.agreed_on <= last).max_by_key(|plan| plan.agreed_on)
    }

    fn days(map: &HashMap<i64, Vec<NaiveDate>>, id: i64) -> &[NaiveDate] {
        map.get(&id).map_or(&[], Vec::as_slice)
    }
}

/// Works out `measure` for the month starting `month`, as things stood at its end,
/// or at `today` for the month still running.
pub fn figure(facts: &UnitFacts, measure: Measure, month: NaiveDate, today: NaiveDate) -> MonthFigure {
    figure_in(facts, &ByPrisoner::new(facts), measure, month, today)
}

fn figure_in(
    facts: &UnitFacts,
    index: &ByPrisoner,
    measure: Measure,
    month: NaiveDate,
    today: NaiveDate,
) -> MonthFigure {
    let first = month_of(month);
    let last = month_end(first).min(today);
    let mut figure = MonthFigure { month: first, ..MonthFigure::default() };
    let mut count = |id: i64, met: bool| if met { figure.met.push(id) } else { figure.missed.push(id) };
    match measure {
        Measure::CurrentPlan => {
            let counted = |p: &&UnitPrisoner| p.here_on(last) && in_scope(&p.scope_on(last), last);
            for prisoner in facts.prisoners.iter().filter(counted) {
                let current = index.plan_on(prisoner.id, last);
                count(prisoner.id, current.is_some_and(|plan| plan.next_review.is_none_or(|due| due >= last)));
            }
        }
        Measure::OasysInDate => {
            use super::prisoner::{FIRST_OASYS_CHECK_DAYS, OASYS_REVIEW_MONTHS};
            for prisoner in facts.prisoners.iter().filter(|p| p.here_on(last)) {
                let reviewed = ByPrisoner::days(&index.oasys, prisoner.id)
                    .iter()
                    .any(|on| *on <= last && last <= super::dates::add_months(*on, OASYS_REVIEW_MONTHS));
                let too_new = prisoner
                    .received_on
                    .is_some_and(|received| received + Duration::days(FIRST_OASYS_CHECK_DAYS) >= last);
                count(prisoner.id, reviewed || too_new);
            }
        }
        Measure::MonthlyContact => {
            let whole_month = facts.prisoners.iter().filter(|p| {
                p.received_on.is_some_and(|received| received <= first) && p.left_on.is_none_or(|left| left > last)
            });
            for prisoner in whole_month {
                let seen = ByPrisoner::days(&index.seen, prisoner.id).iter().any(|day| (first..=last).contains(day));
                count(prisoner.id, seen);
            }
        }
        Measure::InductionInAWeek => {
            for induction in &facts.inductions {
                let received = utc_to_london(induction.received_at).date_naive();
                if !(first..=last).contains(&received) {
                    continue;
                }
                let week = induction.received_at + Duration::days(7);
                let finished_in_week = induction.items.iter().all(|item| item.finished.is_some_and(|at| at <= week));
                count(induction.prisoner_id, finished_in_week);
            }
        }
        Measure::ReviewsOnTime => {
            for plan in &facts.plans {
                let Some(due) = plan.next_review.filter(|due| (first..=last).contains(due)) else { continue };
                let reviewed = index
                    .plans(plan.prisoner_id)
                    .iter()
                    .any(|later| later.agreed_on > plan.agreed_on && later.agreed_on <= due);
                count(plan.prisoner_id, reviewed);
            }
        }
        Measure::OffenderManagerAtBoards => {
            for board in facts.boards.iter().filter(|board| (first..=last).contains(&board.held_on)) {
                count(board.prisoner_id, board.offender_manager != OmPart::Absent);
            }
        }
    }
    figure
}

/// The rule for the induction items table, printed under it.
pub const ITEMS_ON_TIME_RULE: &str = "Of the receptions in the month, each induction item that has fallen due, and whether it was finished (done, exempted or found not to apply) by its own due time; items still open past it count as late.";

/// One induction item across a month's receptions.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ItemTimeliness {
    pub title: String,
    pub on_time: usize,
    pub late: usize,
}

/// Each induction item's timeliness for the receptions in the month starting
/// `month`, counting the items that have fallen due by the end of `today`, in
/// checklist order.
pub fn items_on_time(facts: &UnitFacts, month: NaiveDate, today: NaiveDate) -> Vec<ItemTimeliness> {
    let first = month_of(month);
    let last = month_end(first).min(today);
    // A reception on the month's last evening has items due in the next month: an
    // item counts once it has fallen due, by the report's day.
    let counted_to = london_to_utc(today + Duration::days(1), chrono::NaiveTime::MIN);
    let mut lines: Vec<ItemTimeliness> = Vec::new();
    let received_in_month = facts
        .inductions
        .iter()
        .filter(|record| (first..=last).contains(&utc_to_london(record.received_at).date_naive()));
    for item in received_in_month.flat_map(|record| &record.items).filter(|item| item.due_at < counted_to) {
        let on_time = item.finished.is_some_and(|at| at <= item.due_at);
        let index = match lines.iter().position(|line| line.title == item.title) {
            Some(index) => index,
            None => {
                lines.push(ItemTimeliness { title: item.title.clone(), ..ItemTimeliness::default() });
                lines.len() - 1
            }
        };
        if on_time {
            lines[index].on_time += 1;
        } else {
            lines[index].late += 1;
        }
    }
    lines
}

/// The rule for the interventions chart, printed beside it on screen and paper.
pub const UNMET_NEED_RULE: &str = "Interventions still to start (required but not referred, or on a waiting list) in the latest plan each prisoner here had agreed by the month's end, whether or not this establishment offers them.";

/// One intervention's demand at a month's end, from the plans in force then.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NeedLine {
    pub intervention: String,
    pub offered: bool,
    pub required: usize,
    pub waiting: usize,
    pub on: usize,
    pub completed: usize,
}

impl NeedLine {
    /// Those still to start: required and not referred, or waiting.
    pub fn unmet(&self) -> usize {
        self.required + self.waiting
    }
}

/// Demand for each intervention at the end of the month starting `month`: the
/// interventions in the latest plan each prisoner here then had agreed by that day,
/// the most unmet first.
pub fn unmet_need(facts: &UnitFacts, month: NaiveDate, today: NaiveDate) -> Vec<NeedLine> {
    unmet_need_in(facts, &ByPrisoner::new(facts), month, today)
}

fn unmet_need_in(facts: &UnitFacts, index: &ByPrisoner, month: NaiveDate, today: NaiveDate) -> Vec<NeedLine> {
    let last = month_end(month_of(month)).min(today);
    let mut lines: std::collections::BTreeMap<&str, NeedLine> = std::collections::BTreeMap::new();
    for prisoner in facts.prisoners.iter().filter(|p| p.here_on(last)) {
        let Some(current) = index.plan_on(prisoner.id, last) else { continue };
        let needs = index.needs.get(&prisoner.id).map_or(&[][..], Vec::as_slice);
        for need in needs.iter().filter(|need| need.agreed_on == current.agreed_on) {
            let line = lines.entry(need.intervention.as_str()).or_insert_with(|| NeedLine {
                intervention: need.intervention.clone(),
                offered: need.offered,
                ..NeedLine::default()
            });
            match need.state {
                InterventionState::Required => line.required += 1,
                InterventionState::Waiting => line.waiting += 1,
                InterventionState::On => line.on += 1,
                InterventionState::Completed => line.completed += 1,
            }
        }
    }
    let mut lines: Vec<NeedLine> = lines.into_values().collect();
    lines.sort_by(|a, b| b.unmet().cmp(&a.unmet()).then_with(|| a.intervention.cmp(&b.intervention)));
    lines
}

/// How the offender manager took part in the boards held in a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OmParts {
    pub in_person: usize,
    pub video_link: usize,
    pub written_report: usize,
    pub absent: usize,
}

impl OmParts {
    /// "2 in person, 1 by video link, none by written report, 1 not taking part".
    pub fn describe(&self) -> String {
        let count = |n: usize| if n == 0 { "none".to_string() } else { n.to_string() };
        format!(
            "{} in person, {} by video link, {} by written report, {} not taking part",
            count(self.in_person),
            count(self.video_link),
            count(self.written_report),
            count(self.absent)
        )
    }
}

/// How the offender manager took part in the boards held in the month starting
/// `month` (to `today` for the month still running).
pub fn om_parts(facts: &UnitFacts, month: NaiveDate, today: NaiveDate) -> OmParts {
    let first = month_of(month);
    let last = month_end(first).min(today);
    let mut parts = OmParts::default();
    for board in facts.boards.iter().filter(|board| (first..=last).contains(&board.held_on)) {
        match board.offender_manager {
            OmPart::InPerson => parts.in_person += 1,
            OmPart::VideoLink => parts.video_link += 1,
            OmPart::WrittenReport => parts.written_report += 1,
            OmPart::Absent => parts.absent += 1,
        }
    }
    parts
}

/// Key incidents reported, and bunches returned after their due time, in a month
/// (London time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KeysMonth {
    pub month: NaiveDate,
    pub incidents: usize,
    pub late_returns: usize,
}

/// The gate's two numbers for each of the twelve months up to `today`'s.
pub fn keys_year(facts: &UnitFacts, today: NaiveDate) -> Vec<KeysMonth> {
    let in_month = |at: &DateTime<Utc>, first: NaiveDate| {
        let start = london_to_utc(first, chrono::NaiveTime::MIN);
        let end = london_to_utc(next_month(first), chrono::NaiveTime::MIN);
        (start..end).contains(at)
    };
    last_twelve_months(today)
        .into_iter()
        .map(|month| KeysMonth {
            month,
            incidents: facts.key_incidents.iter().filter(|at| in_month(at, month)).count(),
            late_returns: facts.late_returns.iter().filter(|at| in_month(at, month)).count(),
        })
        .collect()
}

#[cfg(test)]
mod tests;

/// The Unit screen's and the printed report's figures: each measure's twelve
/// months, the gate's, and the names of the prisoners behind them.
#[derive(Debug, Clone)]
pub struct UnitReport {
    /// "Rachel Okoro's caseload" or "the whole unit".
    pub whose: String,
    /// The day the figures run to: today, or the last day of an earlier month asked for.
    pub as_of: NaiveDate,
    pub measures: Vec<(Measure, Vec<MonthFigure>)>,
    /// The gate's figures, shown for the whole unit only.
    pub keys: Option<Vec<KeysMonth>>,
    /// How the offender manager took part, month by month.
    pub om_parts: Vec<OmParts>,
    /// Each month's demand for interventions, month by month.
    pub needs: Vec<Vec<NeedLine>>,
    /// Each induction item's timeliness, month by month.
    pub induction_items: Vec<Vec<ItemTimeliness>>,
    pub names: std::collections::HashMap<i64, String>,
}

impl UnitReport {
    /// Works out every measure for the twelve months up to `as_of`.
    pub fn new(facts: &UnitFacts, whose: String, as_of: NaiveDate, with_keys: bool) -> Self {
        let index = ByPrisoner::new(facts);
        let months = last_twelve_months(as_of);
        let year_of = |measure: Measure| -> Vec<MonthFigure> {
            months.iter().map(|month| figure_in(facts, &index, measure, *month, as_of)).collect()
        };
        UnitReport {
            whose,
            as_of,
            measures: Measure::ALL.iter().map(|&measure| (measure, year_of(measure))).collect(),
            keys: with_keys.then(|| keys_year(facts, as_of)),
            om_parts: last_twelve_months(as_of).into_iter().map(|month| om_parts(facts, month, as_of)).collect(),
            needs: months.iter().map(|month| unmet_need_in(facts, &index, *month, as_of)).collect(),
            induction_items: months.iter().map(|month| items_on_time(facts, *month, as_of)).collect(),
            names: facts.prisoners.iter().map(|prisoner| (prisoner.id, prisoner.label.clone())).collect(),
        }
    }

    /// One measure's months, oldest first.
    pub fn months(&self, measure: Measure) -> &[MonthFigure] {
        self.measures.iter().find(|(shown, _)| *shown == measure).map_or(&[], |(_, months)| months.as_slice())
    }

    /// The name and number of a prisoner counted in a figure.
    pub fn name(&self, id: i64) -> &str {
        self.names.get(&id).map_or("a prisoner no longer on file", String::as_str)
    }

    /// Every prisoner named in the latest month of any measure: what printing it
    /// discloses.
    pub fn named(&self) -> Vec<i64> {
        self.measures
            .iter()
            .filter_map(|(_, months)| months.last())
            .flat_map(|figure| figure.met.iter().chain(&figure.missed).copied())
            .collect()
    }
}
