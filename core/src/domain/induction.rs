//! Induction: the establishment's checklist from reception to the end of the first
//! week, when each item falls due, how an item is completed or exempted, and where a
//! bounded answer flows so nothing is typed twice.

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

/// Orders checklists so the one whose oldest open item fell due first comes first.
pub fn most_overdue_first<T>(rows: &mut [T], checklist: impl Fn(&T) -> &Checklist) {
    rows.sort_by_key(|row| checklist(row).next_due().map(|item| item.due_at));
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

fn answer_from(question: Question, form: &ItemForm) -> Result<Option<Answer>, Invalid> {
    Ok(match question {
        Question::None => None,
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
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    fn item(question: Question, mandatory: bool) -> ChecklistItem {
        ChecklistItem {
            id: 1,
            template_item: TemplateItem {
                id: Some(1),
                title: "Test".into(),
                guidance: String::new(),
                role: String::new(),
                mandatory,
                due: DueRule::WithinHours(24),
                question,
                retired: false,
            },
            due_at: utc("2026-11-02T09:00:00Z"),
            status: ItemStatus::Open,
            done_by: None,
            done_at: None,
            exemption_reason: None,
            reason_notes: String::new(),
            outcome_notes: String::new(),
            answer: None,
        }
    }

    #[test]
    fn within_24_hours_across_the_spring_clock_change() {
        // 23:30 GMT on Saturday 28 March 2026, the last Saturday of March.
        let received =
            reception_instant(NaiveDate::from_ymd_opt(2026, 3, 28).unwrap(), NaiveTime::from_hms_opt(23, 30, 0));
        assert_eq!(received, utc("2026-03-28T23:30:00Z"));
        let due = DueRule::WithinHours(24).due_at(received);
        // 24 elapsed hours later; the clocks went forward, so 00:30 BST on Monday.
        assert_eq!(due, utc("2026-03-29T23:30:00Z"));
        assert_eq!(utc_to_london(due).format("%d/%m/%Y %H:%M").to_string(), "30/03/2026 00:30");
    }

    #[test]
    fn within_days_keeps_the_wall_clock_time_across_the_autumn_change() {
        // 10:00 BST on Friday 23 October 2026; clocks go back on Sunday 25th.
        let received =
            reception_instant(NaiveDate::from_ymd_opt(2026, 10, 23).unwrap(), NaiveTime::from_hms_opt(10, 0, 0));
        let due = DueRule::WithinDays(7).due_at(received);
        assert_eq!(utc_to_london(due).format("%d/%m/%Y %H:%M").to_string(), "30/10/2026 10:00");
        // That is 7 days and 1 hour of elapsed time.
        assert_eq!(due - received, Duration::hours(7 * 24 + 1));
    }

    #[test]
    fn on_the_day_ends_at_local_midnight_and_month_ends_roll_over() {
        let received =
            reception_instant(NaiveDate::from_ymd_opt(2026, 7, 31).unwrap(), NaiveTime::from_hms_opt(16, 0, 0));
        let due = DueRule::OnTheDay.due_at(received);
        assert_eq!(utc_to_london(due).format("%d/%m/%Y %H:%M").to_string(), "31/07/2026 23:59");
        let later = DueRule::WithinHours(72).due_at(received);
        assert_eq!(utc_to_london(later).format("%d/%m/%Y %H:%M").to_string(), "03/08/2026 16:00");
        let leap = reception_instant(NaiveDate::from_ymd_opt(2028, 2, 28).unwrap(), NaiveTime::from_hms_opt(20, 0, 0));
        let next = DueRule::WithinHours(24).due_at(leap);
        assert_eq!(utc_to_london(next).format("%d/%m/%Y").to_string(), "29/02/2028");
    }

    #[test]
    fn a_missing_reception_time_counts_from_midnight() {
        let received = reception_instant(NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(), None);
        assert_eq!(received, utc("2026-01-05T00:00:00Z"));
    }

    #[test]
    fn completion_times_must_be_real_and_in_range() {
        let received = utc("2026-11-01T09:00:00Z");
        let now = utc("2026-11-02T12:00:00Z");
        let open = item(Question::None, true);
        let form = |date: &str, time: &str| ItemForm {
            done_by: "Jo".into(),
            done_date: date.into(),
            done_time: time.into(),
            ..ItemForm::default()
        };
        assert!(validate_item_change(ItemAction::Complete, &form("02/11/2026", "11:00"), &open, received, now).is_ok());
        let future = validate_item_change(ItemAction::Complete, &form("02/11/2026", "13:30"), &open, received, now);
        assert!(future.unwrap_err().to_string().contains("future"));
        let early = validate_item_change(ItemAction::Complete, &form("01/11/2026", "08:00"), &open, received, now);
        assert!(early.unwrap_err().to_string().contains("before reception"));
        let nobody = ItemForm { done_by: " ".into(), ..form("02/11/2026", "10:00") };
        assert!(validate_item_change(ItemAction::Complete, &nobody, &open, received, now).is_err());
    }

    #[test]
    fn exemptions_need_a_reason() {
        let received = utc("2026-11-01T09:00:00Z");
        let now = utc("2026-11-02T12:00:00Z");
        let base = ItemForm {
            done_by: "Jo".into(),
            done_date: "02/11/2026".into(),
            done_time: "10:00".into(),
            ..ItemForm::default()
        };
        let mandatory = item(Question::None, true);
        let refused =
            validate_item_change(ItemAction::Exempt, &base, &mandatory, received, now).unwrap_err().to_string();
        assert_eq!(refused, "Reason: choose why it was not done");
        let other = ItemForm { exemption_reason: Some(ExemptionReason::Other), ..base.clone() };
        assert!(
            validate_item_change(ItemAction::Exempt, &other, &mandatory, received, now)
                .unwrap_err()
                .to_string()
                .contains("explain")
        );
        let transferred = ItemForm { exemption_reason: Some(ExemptionReason::Transferred), ..base.clone() };
        let change = validate_item_change(ItemAction::Exempt, &transferred, &mandatory, received, now).unwrap();
        assert_eq!(change.status, ItemStatus::Exempt);
        let na = validate_item_change(ItemAction::NotApplicable, &transferred, &mandatory, received, now);
        assert!(na.unwrap_err().to_string().contains("mandatory"));
        let optional = item(Question::None, false);
        assert!(validate_item_change(ItemAction::NotApplicable, &transferred, &optional, received, now).is_ok());
    }

    #[test]
    fn answers_flow_where_they_belong() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        let interpreter = Answer::Interpreter { needed: true, language: "Polish".into() };
        assert_eq!(
            effects(&interpreter, "Jo", day),
            vec![Effect::SetInterpreter { needed: true, language: Some("Polish".into()) }]
        );
        let problems = Answer::Problems { problems: vec!["money".into(), "feeling_low".into()] };
        let flowed = effects(&problems, "Jo", day);
        let [Effect::AddContact(contact)] = flowed.as_slice() else { panic!("one contact expected: {flowed:?}") };
        assert_eq!(
            contact.notes,
            "Induction. Problems on arrival: money worries, feeling low, depressed or suicidal. Help to be offered within 24 hours of arrival."
        );
        assert!(effects(&Answer::Problems { problems: vec![] }, "Jo", day).is_empty());
        assert!(effects(&Answer::BasicSkills { outcome: "no_need".into() }, "Jo", day).is_empty());
        assert_eq!(
            effects(&Answer::BasicSkills { outcome: "dyslexia_indicated".into() }, "Jo", day),
            vec![Effect::SetLiteracyNeeds("Dyslexia indicated: refer for assessment (induction screen)".into())]
        );
    }

    #[test]
    fn a_question_item_needs_its_answer() {
        let received = utc("2026-11-01T09:00:00Z");
        let now = utc("2026-11-02T12:00:00Z");
        let base = ItemForm {
            done_by: "Jo".into(),
            done_date: "02/11/2026".into(),
            done_time: "10:00".into(),
            ..ItemForm::default()
        };
        let asks = item(Question::Interpreter, true);
        assert!(
            validate_item_change(ItemAction::Complete, &base, &asks, received, now)
                .unwrap_err()
                .to_string()
                .contains("yes or no")
        );
        let yes = ItemForm { interpreter_needed: Some(true), ..base.clone() };
        assert!(
            validate_item_change(ItemAction::Complete, &yes, &asks, received, now)
                .unwrap_err()
                .to_string()
                .contains("which language")
        );
        let no = ItemForm { interpreter_needed: Some(false), language: "ignored".into(), ..base };
        let change = validate_item_change(ItemAction::Complete, &no, &asks, received, now).unwrap();
        assert_eq!(change.answer, Some(Answer::Interpreter { needed: false, language: String::new() }));
    }

    proptest! {
        #[test]
        fn due_is_never_before_reception(
            day in 0u32..3650,
            minutes in 0u32..1440,
            rule in prop_oneof![Just(DueRule::OnTheDay), (1u32..500).prop_map(DueRule::WithinHours), (1u32..60).prop_map(DueRule::WithinDays)],
        ) {
            let date = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + Duration::days(i64::from(day));
            let time = NaiveTime::from_num_seconds_from_midnight_opt(minutes * 60, 0);
            let received = reception_instant(date, time);
            prop_assert!(rule.due_at(received) >= received);
        }

        #[test]
        fn item_validation_never_panics(
            by in "\\PC{0,20}",
            date in "[0-9/]{0,12}",
            time in "[0-9:]{0,6}",
            notes in "\\PC{0,40}",
            action in prop_oneof![Just(ItemAction::Complete), Just(ItemAction::Exempt), Just(ItemAction::NotApplicable), Just(ItemAction::Reopen)],
        ) {
            let form = ItemForm { done_by: by, done_date: date, done_time: time, reason_notes: notes, ..ItemForm::default() };
            let _ = validate_item_change(action, &form, &item(Question::BasicSkills, false), utc("2026-01-01T00:00:00Z"), utc("2026-06-01T00:00:00Z"));
        }
    }
}
