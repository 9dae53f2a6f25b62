//! The record's categorisation: the last decision (category, day, reason), the ones
//! before it, and a form to record the next review's decision. A part of the record
//! screen with its own state and messages; a decision sets the record's category and
//! its recategorisation due date, which the Due board reads.

use iced::widget::{button, column, row, text};
use iced::{Element, Fill};

use super::super::{Choice, Context, selected};
use crate::ui::choice::choice;
use crate::ui::theme;
use crate::ui::widget::{BODY_SIZE, LABEL_SIZE, field, field_row, labelled, section};
use omu_core::domain::categorisation::{CategoryDecision, CategoryDecisionForm, field as label};
use omu_core::domain::dates::format_date;

/// A typed field of the decision form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionText {
    Decided,
    Reason,
    NextReview,
}

#[derive(Debug, Clone)]
pub enum Message {
    /// The decision's date, reason or next review date was edited.
    Text(DecisionText, String),
    /// The category decided was chosen.
    Category(Choice<String>),
    /// Record the decision in the form.
    Record,
}

pub struct CategorisationPanel {
    prisoner_id: i64,
    /// Newest first.
    decisions: Vec<CategoryDecision>,
    /// The establishment's categories: code and label, in its order.
    categories: Vec<Choice<String>>,
    form: CategoryDecisionForm,
    /// The field a failed save was about, and what is wrong with it.
    error: Option<(String, String)>,
    notice: Option<String>,
}

impl CategorisationPanel {
    pub fn new(ctx: &mut Context, prisoner_id: i64, current_category: Option<&str>) -> Self {
        let categories = ctx
            .db
            .security_categories()
            .unwrap_or_default()
            .into_iter()
            .map(|(code, label)| Choice::some(code, label))
            .collect();
        let mut panel = Self {
            prisoner_id,
            decisions: Vec::new(),
            categories,
            form: CategoryDecisionForm::new(ctx.today, current_category),
            error: None,
            notice: None,
        };
        panel.refresh(ctx);
        panel
    }

    pub fn decisions(&self) -> &[CategoryDecision] {
        &self.decisions
    }

    /// Reads the decisions again; what is typed in the form stays.
    pub fn refresh(&mut self, ctx: &mut Context) {
        match ctx.db.category_decisions(self.prisoner_id) {
            Ok(decisions) => self.decisions = decisions,
            Err(error) => self.notice = Some(format!("The categorisation decisions could not be read: {error}")),
        }
    }

    /// Returns true when a decision was recorded (the record's category and its due
    /// date then differ).
    pub fn update(&mut self, message: Message, ctx: &mut Context) -> bool {
        match message {
            Message::Text(which, value) => {
                *match which {
                    DecisionText::Decided => &mut self.form.decided_on,
                    DecisionText::Reason => &mut self.form.reason,
                    DecisionText::NextReview => &mut self.form.next_review_due,
                } = value;
            }
            Message::Category(choice) => self.form.category = choice.value,
            Message::Record => return self.record(ctx),
        }
        false
    }

    fn record(&mut self, ctx: &mut Context) -> bool {
        let codes: Vec<String> = self.categories.iter().filter_map(|choice| choice.value.clone()).collect();
        let previous = self.decisions.first().map(|decision| &decision.details);
        let details = match self.form.validate(ctx.today, &codes, previous) {
            Ok(details) => details,
            Err(invalid) => {
                self.error = Some((invalid.field.to_string(), invalid.problem.to_string()));
                return false;
            }
        };
        match ctx.db.record_category_decision(self.prisoner_id, &details) {
            Ok(_) => {
                self.notice = Some(format!("Recorded: {}.", details.describe(self.label(&details.category))));
                self.error = None;
                self.form = CategoryDecisionForm::new(ctx.today, Some(&details.category));
                self.refresh(ctx);
                true
            }
            Err(error) => {
                self.notice = Some(format!("Not recorded: {error}"));
                false
            }
        }
    }

    /// The establishment's name for a category code ("Category D (open)").
    fn label<'a>(&'a self, code: &'a str) -> &'a str {
        self.categories
            .iter()
            .find(|choice| choice.value.as_deref() == Some(code))
            .map_or(code, |choice| choice.label.as_str())
    }

    pub fn view<'a>(&'a self) -> Element<'a, Message> {
        let mut history = column![].spacing(6);
        match self.decisions.split_first() {
            None => {
                history = history.push(
                    text("No categorisation decision recorded. Record the initial categorisation, then each review.")
                        .size(BODY_SIZE)
                        .style(theme::muted),
                );
            }
            Some((last, earlier)) => {
                let next = match last.details.next_review_due {
                    Some(due) => format!("next review due {}", format_date(due)),
                    None => "no next review date set".into(),
                };
                history = history.push(
                    column![
                        text(format!(
                            "Last decision: {}, {}",
                            self.label(&last.details.category),
                            format_date(last.details.decided_on)
                        ))
                        .size(BODY_SIZE),
                        text(&last.details.reason).size(BODY_SIZE),
                        text(next).size(LABEL_SIZE).style(theme::muted),
                    ]
                    .spacing(2),
                );
                for decision in earlier {
                    history = history.push(
                        text(decision.details.describe(self.label(&decision.details.category)))
                            .size(LABEL_SIZE)
                            .style(theme::muted),
                    );
                }
            }
        }

        let error =
            |name: &str| self.error.as_ref().filter(|(field, _)| field == name).map(|(_, problem)| problem.as_str());
        let input = |name: &'static str, value: &'a str, which: DecisionText| {
            field(name, value, error(name), move |value| Message::Text(which, value))
        };
        let form = &self.form;
        let entry = column![
            field_row([
                labelled(
                    label::CATEGORY,
                    choice(
                        self.categories.clone(),
                        selected(&self.categories, form.category.as_ref()),
                        Message::Category
                    )
                    .placeholder("Choose the category")
                    .text_size(BODY_SIZE)
                    .width(Fill),
                    error(label::CATEGORY),
                ),
                input(label::DECIDED, &form.decided_on, DecisionText::Decided),
            ]),
            input(label::REASON, &form.reason, DecisionText::Reason),
            input(label::NEXT_REVIEW, &form.next_review_due, DecisionText::NextReview),
            row![button(text("Record decision")).on_press(Message::Record).style(button::primary)],
        ]
        .push(self.notice.as_ref().map(|notice| text(notice).size(LABEL_SIZE)))
        .spacing(8);
        section("Categorisation", column![history, entry].spacing(12))
    }
}
