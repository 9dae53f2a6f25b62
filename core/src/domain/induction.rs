//! Induction: the establishment's checklist from reception to the end of the first
//! week, when each item falls due, how an item is completed or exempted, and where a
//! bounded answer flows so nothing is typed twice.
//!
//! Just over 600 lines: due times, completion and where an answer flows are one
//! rule set, tested together in `induction/tests.rs`.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use super::contact::{ContactDetails, ContactType};
use super::dates::{LONDON, add_months, format_date, london_to_utc, parse_date, parse_time, utc_to_london};
use super::form::Invalid;
use super::risk::{Coded, coded_enum};
use super::text::{NAME_MAX_CHARS, NOTES_MAX_CHARS, SHORT_TEXT_MAX_CHARS, clean_line, clean_notes};

/// When an item is due, counted from the moment of reception.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DueRule {
    /// By the end of the day of reception (local time).
    OnTheDay,
    /// Within this many elapsed hours.
    WithinHours(u32),
    /// Within this many days: the same wall-clock time that many days later.
    WithinDays(u32),
}

impl DueRule {
    pub const COMMON: [DueRule; 5] = [
        DueRule::OnTheDay,
        DueRule::WithinHours(24),
        DueRule::WithinHours(72),
        DueRule::WithinDays(7),
        DueRule::WithinDays(14),
    ];

    /// The instant the item falls due for a reception at `received_at`.
    pub fn due_at(self, received_at: DateTime<Utc>) -> DateTime<Utc> {
        let local = utc_to_london(received_at);
        match self {
            DueRule::OnTheDay => {
                let end_of_day = local.date_naive().and_time(NaiveTime::from_hms_opt(23, 59, 0).expect("valid"));
                LONDON
                    .from_local_datetime(&end_of_day)
                    .latest()
                    .map_or(received_at, |instant| instant.with_timezone(&Utc))
            }
            DueRule::WithinHours(hours) => received_at + Duration::hours(i64::from(hours)),
            DueRule::WithinDays(days) => {
                let date = local.date_naive() + Duration::days(i64::from(days));
                london_to_utc(date, local.time())
            }
        }
    }

    pub fn describe(self) -> String {
        match self {
            DueRule::OnTheDay => "on the day of reception".to_string(),
            DueRule::WithinHours(1) => "within 1 hour".to_string(),
            DueRule::WithinHours(hours) => format!("within {hours} hours"),
            DueRule::WithinDays(1) => "within 1 day".to_string(),
            DueRule::WithinDays(days) => format!("within {days} days"),
        }
    }

    /// Stored as a kind and an amount.
    pub fn to_parts(self) -> (&'static str, u32) {
        match self {
            DueRule::OnTheDay => ("on_the_day", 0),
            DueRule::WithinHours(hours) => ("hours", hours),
            DueRule::WithinDays(days) => ("days", days),
        }
    }

    pub fn from_parts(kind: &str, amount: u32) -> Option<DueRule> {
        match kind {
            "on_the_day" => Some(DueRule::OnTheDay),
            "hours" => Some(DueRule::WithinHours(amount)),
            "days" => Some(DueRule::WithinDays(amount)),
            _ => None,
        }
    }
}

impl std::fmt::Display for DueRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

coded_enum! {
    /// A question an item asks whose answer is bounded and belongs elsewhere too.
    Question {
        None => "none", "No question";
        Interpreter => "interpreter", "Interpreter needed?";
        ProblemsOnArrival => "problems_on_arrival", "Problems on arrival";
        BasicSkills => "basic_skills", "Basic skills screening outcome";
        Disability => "disability", "Disability or health needs";
        SupervisorAllocated => "supervisor_allocated", "Supervisor allocated on the record";
    }
}

coded_enum! {
    /// Problems a new reception may have, to be helped with in the first 24 hours.
    Problem {
        ContactingFamily => "contacting_family", "Contacting family";
        Money => "money", "Money worries";
        Housing => "housing", "Housing or tenancy at risk";
        Employment => "employment", "Job at risk";
        Health => "health", "Health";
        FeelingLow => "feeling_low", "Feeling low, depressed or suicidal";
        Substances => "substances", "Drugs or alcohol";
    }
}

coded_enum! {
    /// What the basic skills (literacy and numeracy) screen found.
    SkillsOutcome {
        NoNeed => "no_need", "No need identified";
        Literacy => "literacy", "Literacy support needed";
        Numeracy => "numeracy", "Numeracy support needed";
        Both => "both", "Literacy and numeracy support needed";
        DyslexiaIndicated => "dyslexia_indicated", "Dyslexia indicated: refer for assessment";
    }
}

/// The answer recorded for an item's question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Answer {
    Interpreter { needed: bool, language: String },
    Problems { problems: Vec<String> },
    BasicSkills { outcome: String },
    Disability { needs: String },
}

impl Answer {
    /// One line for lists and the printed record.
    pub fn describe(&self) -> String {
        match self {
            Answer::Interpreter { needed: true, language } if language.is_empty() => "Interpreter needed".into(),
            Answer::Interpreter { needed: true, language } => format!("Interpreter needed ({language})"),
            Answer::Interpreter { needed: false, .. } => "No interpreter needed".into(),
            Answer::Problems { problems } if problems.is_empty() => "No problems on arrival".into(),
            Answer::Problems { problems } => {
                let labels: Vec<&str> =
                    problems.iter().filter_map(|code| Problem::from_code(code)).map(Problem::label).collect();
                format!("Problems on arrival: {}", labels.join(", ").to_lowercase())
            }
            Answer::BasicSkills { outcome } => {
                SkillsOutcome::from_code(outcome).map_or_else(|| outcome.clone(), |outcome| outcome.label().to_string())
            }
            Answer::Disability { needs } if needs.is_empty() => "No disability or health needs declared".into(),
            Answer::Disability { needs } => format!("Needs: {needs}"),
        }
    }
}

/// A change to the prisoner's record that an answer causes.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    SetInterpreter { needed: bool, language: Option<String> },
    SetLiteracyNeeds(String),
    SetDisability(String),
    AddContact(ContactDetails),
}

/// Where an answer belongs besides the checklist.
pub fn effects(answer: &Answer, done_by: &str, done_on: NaiveDate) -> Vec<Effect> {
    match answer {
        Answer::Interpreter { needed, language } => {
            vec![Effect::SetInterpreter { needed: *needed, language: (!language.is_empty()).then(|| language.clone()) }]
        }
        Answer::Problems { problems } if problems.is_empty() => Vec::new(),
        Answer::Problems { .. } => vec![Effect::AddContact(ContactDetails {
            contact_date: done_on,
            contact_type: ContactType::Other,
            staff_name: done_by.to_string(),
            notes: format!("Induction. {}. Help to be offered within 24 hours of arrival.", answer.describe()),
        })],
        Answer::BasicSkills { outcome } => match SkillsOutcome::from_code(outcome) {
            Some(SkillsOutcome::NoNeed) | None => Vec::new(),
            Some(outcome) => vec![Effect::SetLiteracyNeeds(format!("{} (induction screen)", outcome.label()))],
        },
        Answer::Disability { needs } if needs.is_empty() => Vec::new(),
        Answer::Disability { needs } => vec![Effect::SetDisability(needs.clone())],
    }
}

/// One item of a template version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateItem {
    pub id: Option<i64>,
    pub title: String,
    pub guidance: String,
    pub role: String,
    pub mandatory: bool,
    pub due: DueRule,
    pub question: Question,
    pub retired: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateStatus {
    Draft,
    Published,
    Superseded,
}

/// A version of the establishment's induction procedure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub id: i64,
    pub version: u32,
    pub status: TemplateStatus,
    pub last_reviewed: NaiveDate,
    pub items: Vec<TemplateItem>,
}

/// Procedures are reviewed every year.
pub const REVIEW_EVERY_MONTHS: u32 = 12;

impl Template {
    pub fn review_due(&self) -> NaiveDate {
        add_months(self.last_reviewed, REVIEW_EVERY_MONTHS)
    }

    pub fn active_items(&self) -> impl Iterator<Item = &TemplateItem> {
        self.items.iter().filter(|item| !item.retired)
    }
}

/// Checks an item as edited in the template editor.
pub fn validate_template_item(item: &TemplateItem) -> Result<TemplateItem, Invalid> {
    let title = clean_line(&item.title, SHORT_TEXT_MAX_CHARS).map_err(Invalid::at("Title"))?;
    if title.is_empty() {
        return Err(Invalid::required("Title"));
    }
    let guidance = clean_notes(&item.guidance, NOTES_MAX_CHARS).map_err(Invalid::at("Guidance"))?;
    let role = clean_line(&item.role, SHORT_TEXT_MAX_CHARS).map_err(Invalid::at("Who does it"))?;
    match item.due {
        DueRule::WithinHours(0) | DueRule::WithinDays(0) => {
            return Err(Invalid::rule("Due", "give a number of hours or days above zero, or choose 'on the day'"));
        }
        DueRule::WithinHours(hours) if hours > 24 * 90 => {
            return Err(Invalid::rule("Due", "at most 2,160 hours"));
        }
        DueRule::WithinDays(days) if days > 90 => return Err(Invalid::rule("Due", "at most 90 days")),
        _ => {}
    }
    Ok(TemplateItem { title, guidance, role, ..item.clone() })
}

/// A new reception within this many days starts a checklist when saved.
pub const AUTO_START_WITHIN_DAYS: i64 = 14;

pub fn starts_automatically(reception_date: NaiveDate, today: NaiveDate) -> bool {
    reception_date <= today && (today - reception_date).num_days() <= AUTO_START_WITHIN_DAYS
}

/// The moment the due times count from. Without a recorded time, midnight: items fall
/// due earlier rather than later.
pub fn reception_instant(date: NaiveDate, time: Option<NaiveTime>) -> DateTime<Utc> {
    london_to_utc(date, time.unwrap_or(NaiveTime::MIN))
}

coded_enum! {
    ItemStatus {
        Open => "open", "Open";
        Completed => "completed", "Done";
        NotApplicable => "not_applicable", "Not applicable";
        Exempt => "exempt", "Exempt";
    }
}

coded_enum! {
    /// Why an item was not done, from the establishment's list.
    ExemptionReason {
        Transferred => "transferred", "Transferred out";
        Released => "released", "Released or discharged";
        Refused => "refused", "Refused to take part";
        Health => "health", "Health: not fit to take part";
        Substances => "substances", "Drug or alcohol dependency";
        Security => "security", "Security";
        Regime => "regime", "Regime: not available";
        DoneElsewhere => "done_elsewhere", "Already done in another establishment";
        Other => "other", "Other (explain)";
    }
}

/// One item of one prisoner's checklist, with its fixed copy of the template item.
#[derive(Debug, Clone, PartialEq)]
pub struct ChecklistItem {
    pub id: i64,
    pub template_item: TemplateItem,
    pub due_at: DateTime<Utc>,
    pub status: ItemStatus,
    pub done_by: Option<String>,
    pub done_at: Option<DateTime<Utc>>,
    pub exemption_reason: Option<ExemptionReason>,
    pub reason_notes: String,
    pub outcome_notes: String,
    pub answer: Option<Answer>,
}

impl ChecklistItem {
    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        self.status == ItemStatus::Open && self.due_at < now
    }

    /// Done, but after it was due: shown as such, so lateness is not hidden by "done".
    pub fn done_late(&self) -> bool {
        self.status == ItemStatus::Completed && self.done_at.is_some_and(|done| done > self.due_at)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Checklist {
    pub id: i64,
    pub prisoner_id: i64,
    pub template_version: u32,
    pub received_at: DateTime<Utc>,
    pub started_by: String,
    pub items: Vec<ChecklistItem>,
}

impl Checklist {
    pub fn open_items(&self) -> usize {
        self.items.iter().filter(|item| item.status == ItemStatus::Open).count()
    }

    pub fn overdue_items(&self, now: DateTime<Utc>) -> usize {
        self.items.iter().filter(|item| item.is_overdue(now)).count()
    }

    pub fn is_complete(&self) -> bool {
        self.open_items() == 0
    }

    /// The earliest due time still open: what makes a checklist most urgent.
    pub fn next_due(&self) -> Option<&ChecklistItem> {
        self.items.iter().filter(|item| item.status == ItemStatus::Open).min_by_key(|item| item.due_at)
    }
}

/// How many checklists have each item overdue, most first: "Basic skills screen: 7".
pub fn overdue_by_item<'a>(
    checklists: impl IntoIterator<Item = &'a Checklist>,
    now: DateTime<Utc>,
) -> Vec<(String, usize)> {
    let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for checklist in checklists {
        for item in checklist.items.iter().filter(|item| item.is_overdue(now)) {
            *counts.entry(item.template_item.title.clone()).or_default() += 1;
        }
    }
    let mut counts: Vec<(String, usize)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counts
}

/// A column of the open checklists to sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ChecklistColumn {
    PrisonNumber,
    Name,
    Location,
    /// The earliest reception first.
    Received,
    /// The fewest items done first.
    Done,
    /// The most overdue items first.
    Overdue,
    /// The checklist whose oldest open item fell due first comes first: the most
    /// overdue at the top.
    #[default]
    NextDue,
}

/// How the open checklists are sorted.
pub type ChecklistSort = crate::domain::sorting::ListSort<ChecklistColumn>;

/// What the sort reads from one row of the open checklists.
pub struct ChecklistRow<'a> {
    pub prison_number: &'a str,
    pub name: &'a str,
    pub location: &'a str,
    pub checklist: &'a Checklist,
}

/// Sorts open checklists by `sort` as of `now`; ties go by next due, then name.
pub fn arrange_checklists<T>(
    rows: &mut [T],
    sort: ChecklistSort,
    now: DateTime<Utc>,
    read: impl for<'r> Fn(&'r T) -> ChecklistRow<'r>,
) {
    use crate::domain::sorting::{by_text, missing_last};
    let next_due = |row: &ChecklistRow| row.checklist.next_due().map(|item| item.due_at);
    let done = |row: &ChecklistRow| row.checklist.items.len() - row.checklist.open_items();
    sort.arrange(
        rows,
        |column, a, b| {
            let (a, b) = (read(a), read(b));
            match column {
                ChecklistColumn::PrisonNumber => a.prison_number.cmp(b.prison_number),
                ChecklistColumn::Name => by_text(a.name, b.name),
                ChecklistColumn::Location => by_text(a.location, b.location),
                ChecklistColumn::Received => a.checklist.received_at.cmp(&b.checklist.received_at),
                ChecklistColumn::Done => done(&a).cmp(&done(&b)),
                ChecklistColumn::Overdue => b.checklist.overdue_items(now).cmp(&a.checklist.overdue_items(now)),
                ChecklistColumn::NextDue => missing_last(next_due(&a), next_due(&b)),
            }
        },
        |a, b| {
            let (a, b) = (read(a), read(b));
            missing_last(next_due(&a), next_due(&b)).then_with(|| by_text(a.name, b.name))
        },
    );
}

/// What the user wants to do with an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemAction {
    Complete,
    NotApplicable,
    Exempt,
    Reopen,
}

/// The item form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemForm {
    pub done_by: String,
    pub done_date: String,
    pub done_time: String,
    pub exemption_reason: Option<ExemptionReason>,
    pub reason_notes: String,
    pub outcome_notes: String,
    pub interpreter_needed: Option<bool>,
    pub language: String,
    pub problems: Vec<Problem>,
    pub skills_outcome: Option<SkillsOutcome>,
    pub disability_needs: String,
}

impl ItemForm {
    /// Defaults to now and the current user, as the issue asks; both editable.
    pub fn new(now: DateTime<Utc>, user: &str, item: &ChecklistItem) -> Self {
        let local = utc_to_london(now);
        let mut form = Self {
            done_by: user.to_string(),
            done_date: format_date(local.date_naive()),
            done_time: local.format("%H:%M").to_string(),
            outcome_notes: item.outcome_notes.clone(),
            ..Self::default()
        };
        match &item.answer {
            Some(Answer::Interpreter { needed, language }) => {
                form.interpreter_needed = Some(*needed);
                form.language = language.clone();
            }
            Some(Answer::Problems { problems }) => {
                form.problems = problems.iter().filter_map(|code| Problem::from_code(code)).collect();
            }
            Some(Answer::BasicSkills { outcome }) => form.skills_outcome = SkillsOutcome::from_code(outcome),
            Some(Answer::Disability { needs }) => form.disability_needs = needs.clone(),
            None => {}
        }
        form
    }
}

/// A checked change to one item, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemChange {
    pub status: ItemStatus,
    pub done_by: Option<String>,
    pub done_at: Option<DateTime<Utc>>,
    pub exemption_reason: Option<ExemptionReason>,
    pub reason_notes: String,
    pub outcome_notes: String,
    pub answer: Option<Answer>,
}

/// Checks an action on an item: times not in the future nor before reception, a
/// reason for every exemption, an answer where the item asks a question.
pub fn validate_item_change(
    action: ItemAction,
    form: &ItemForm,
    item: &ChecklistItem,
    received_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<ItemChange, Invalid> {
    let outcome_notes = clean_notes(&form.outcome_notes, NOTES_MAX_CHARS).map_err(Invalid::at("Outcome notes"))?;
    if action == ItemAction::Reopen {
        return Ok(ItemChange {
            status: ItemStatus::Open,
            done_by: None,
            done_at: None,
            exemption_reason: None,
            reason_notes: String::new(),
            outcome_notes,
            answer: None,
        });
    }
    let done_by = clean_line(&form.done_by, NAME_MAX_CHARS).map_err(Invalid::at("By"))?;
    if done_by.is_empty() {
        return Err(Invalid::rule("By", "say who did it"));
    }
    let date = match parse_date(&form.done_date) {
        Ok(Some(date)) => date,
        Ok(None) => return Err(Invalid::rule("When", "the date is required")),
        Err(message) => return Err(Invalid::rule("When", format!("{message}"))),
    };
    let time = match parse_time(&form.done_time) {
        Ok(time) => time.unwrap_or(NaiveTime::MIN),
        Err(message) => return Err(Invalid::rule("When", format!("{message}"))),
    };
    let done_at = london_to_utc(date, time);
    if done_at > now + Duration::minutes(1) {
        return Err(Invalid::rule("When", "that time is in the future"));
    }
    if done_at < received_at {
        return Err(Invalid::rule(
            "When",
            format!("that is before reception ({})", utc_to_london(received_at).format("%d/%m/%Y %H:%M")),
        ));
    }
    let reason_notes = clean_notes(&form.reason_notes, NOTES_MAX_CHARS).map_err(Invalid::at("Reason"))?;
    match action {
        ItemAction::Complete => {
            let answer = answer_from(item.template_item.question, form)?;
            Ok(ItemChange {
                status: ItemStatus::Completed,
                done_by: Some(done_by),
                done_at: Some(done_at),
                exemption_reason: None,
                reason_notes: String::new(),
                outcome_notes,
                answer,
            })
        }
        ItemAction::NotApplicable | ItemAction::Exempt => {
            if action == ItemAction::NotApplicable && item.template_item.mandatory {
                return Err(Invalid::rule(
                    "Not applicable",
                    "this item is mandatory: it can be exempted with a reason, not marked not applicable",
                ));
            }
            let Some(reason) = form.exemption_reason else {
                return Err(Invalid::rule("Reason", "choose why it was not done"));
            };
            if reason == ExemptionReason::Other && reason_notes.is_empty() {
                return Err(Invalid::rule("Reason", "explain 'other' in the notes"));
            }
            Ok(ItemChange {
                status: if action == ItemAction::Exempt { ItemStatus::Exempt } else { ItemStatus::NotApplicable },
                done_by: Some(done_by),
                done_at: Some(done_at),
                exemption_reason: Some(reason),
                reason_notes,
                outcome_notes,
                answer: None,
            })
        }
        ItemAction::Reopen => unreachable!("handled above"),
    }
}

/// What an open item's question finds already on the prisoner's record, if that
/// answers it: the item is then done, with this as its outcome. The record and the
/// checklist are one truth, so nobody ticks off what the record already shows.
pub fn answered_by_record(question: Question, allocated_supervisor: Option<&str>) -> Option<String> {
    match (question, allocated_supervisor) {
        (Question::SupervisorAllocated, Some(name)) => Some(format!("Allocated on the record to {name}")),
        _ => None,
    }
}

fn answer_from(question: Question, form: &ItemForm) -> Result<Option<Answer>, Invalid> {
    Ok(match question {
        Question::None | Question::SupervisorAllocated => None,
        Question::Interpreter => {
            let needed = form
                .interpreter_needed
                .ok_or_else(|| Invalid::rule("Answer", "is an interpreter needed? Choose yes or no"))?;
            let language = clean_line(&form.language, SHORT_TEXT_MAX_CHARS).map_err(Invalid::at("Language"))?;
            if needed && language.is_empty() {
                return Err(Invalid::rule("Language", "which language is the interpreter for?"));
            }
            Some(Answer::Interpreter { needed, language: if needed { language } else { String::new() } })
        }
        Question::ProblemsOnArrival => Some(Answer::Problems {
            problems: Problem::ALL
                .iter()
                .filter(|problem| form.problems.contains(problem))
                .map(|problem| problem.code().to_string())
                .collect(),
        }),
        Question::BasicSkills => {
            let outcome = form.skills_outcome.ok_or_else(|| Invalid::rule("Answer", "choose the screening outcome"))?;
            Some(Answer::BasicSkills { outcome: outcome.code().to_string() })
        }
        Question::Disability => {
            let needs = clean_line(&form.disability_needs, SHORT_TEXT_MAX_CHARS).map_err(Invalid::at("Needs"))?;
            Some(Answer::Disability { needs })
        }
    })
}

#[cfg(test)]
mod tests;
