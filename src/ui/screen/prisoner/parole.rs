//! The record's parole reviews: the list, and a form to open one or bring one up to
//! date (report sent, outcome received). A part of the record screen with its own
//! state and messages; what it saves turns up on the Due board.

use iced::widget::{button, column, row, text};
use iced::{Alignment, Element, Fill};

use super::super::{Choice, Context, coded_choices, selected};
use crate::ui::choice::choice;
use crate::ui::theme;
use crate::ui::widget::{BODY_SIZE, LABEL_SIZE, field, field_row, labelled, section};
use omu_core::domain::dates::format_date;
use omu_core::domain::parole::{
    ParoleOutcome, ParoleReview, ParoleReviewForm, ParoleReviewType, ParoleStatus, field as label,
};
use omu_core::domain::risk::Coded;

/// A typed field of the review form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParoleText {
    Opened,
    Hearing,
    ReportDue,
    Writer,
    ReportSent,
    OutcomeReceived,
}

#[derive(Debug, Clone)]
pub enum Message {
    /// A date or the writer's name was edited.
    Text(ParoleText, String),
    /// The review type was chosen.
    Type(ParoleReviewType),
    /// The review's status was chosen.
    Status(ParoleStatus),
    /// The outcome was chosen (or cleared).
    Outcome(Choice<ParoleOutcome>),
    /// Bring this review (by id) into the form to change it.
    Edit(i64),
    /// Clear the form to open a new review.
    New,
    /// Save the review in the form.
    Save,
}

pub struct ParolePanel {
    prisoner_id: i64,
    reviews: Vec<ParoleReview>,
    form: ParoleReviewForm,
    /// The review being changed; `None` while opening a new one.
    editing: Option<i64>,
    /// The field a failed save was about, and what is wrong with it.
    error: Option<(String, String)>,
    saved_notice: Option<String>,
}

impl ParolePanel {
    pub fn new(ctx: &mut Context, prisoner_id: i64) -> Self {
        let mut panel = Self {
            prisoner_id,
            reviews: Vec::new(),
            form: ParoleReviewForm::new(ctx.today, &ctx.settings.user_name),
            editing: None,
            error: None,
            saved_notice: None,
        };
        panel.refresh(ctx);
        panel
    }

    pub fn reviews(&self) -> &[ParoleReview] {
        &self.reviews
    }

    /// Reads the reviews again; what is typed in the form stays.
    pub fn refresh(&mut self, ctx: &mut Context) {
        match ctx.db.parole_reviews(self.prisoner_id) {
            Ok(reviews) => self.reviews = reviews,
            Err(error) => self.saved_notice = Some(format!("The parole reviews could not be read: {error}")),
        }
    }

    /// Returns true when a review was saved (the Due board then differs).
    pub fn update(&mut self, message: Message, ctx: &mut Context) -> bool {
        match message {
            Message::Text(which, value) => {
                let form = &mut self.form;
                *match which {
                    ParoleText::Opened => &mut form.opened_on,
                    ParoleText::Hearing => &mut form.target_hearing_date,
                    ParoleText::ReportDue => &mut form.report_due_date,
                    ParoleText::Writer => &mut form.report_writer,
                    ParoleText::ReportSent => &mut form.report_sent_on,
                    ParoleText::OutcomeReceived => &mut form.outcome_received_on,
                } = value;
            }
            Message::Type(review_type) => self.form.review_type = Some(review_type),
            Message::Status(status) => self.form.status = status,
            Message::Outcome(outcome) => self.form.outcome = outcome.value,
            Message::Edit(id) => {
                if let Some(review) = self.reviews.iter().find(|review| review.id == id) {
                    self.form = ParoleReviewForm::from_details(&review.details);
                    self.editing = Some(id);
                    self.error = None;
                    self.saved_notice = None;
                }
            }
            Message::New => {
                self.form = ParoleReviewForm::new(ctx.today, &ctx.settings.user_name);
                self.editing = None;
                self.error = None;
            }
            Message::Save => return self.save(ctx),
        }
        false
    }

    fn save(&mut self, ctx: &mut Context) -> bool {
        let details = match self.form.validate(ctx.today) {
            Ok(details) => details,
            Err(invalid) => {
                self.error = Some((invalid.field.to_string(), invalid.problem.to_string()));
                return false;
            }
        };
        match ctx.db.save_parole_review(self.prisoner_id, self.editing, &details) {
            Ok(id) => {
                self.saved_notice = Some(format!("Saved: {}.", details.describe()));
                self.error = None;
                self.editing = Some(id);
                self.refresh(ctx);
                true
            }
            Err(error) => {
                self.saved_notice = Some(format!("Not saved: {error}"));
                false
            }
        }
    }

    pub fn view<'a>(&'a self) -> Element<'a, Message> {
        let mut list = column![].spacing(6);
        if self.reviews.is_empty() {
            list = list.push(
                text("No parole review recorded. Open one when the Parole Board's review begins.")
                    .size(BODY_SIZE)
                    .style(theme::muted),
            );
        }
        for review in &self.reviews {
            let details = &review.details;
            let report = match (details.report_due_date, details.report_sent_on) {
                (_, Some(sent)) => format!("report sent {}", format_date(sent)),
                (Some(due), None) => format!("report due {}", format_date(due)),
                (None, None) => "no report date".into(),
            };
            let outcome = match (details.outcome, details.outcome_received_on) {
                (Some(outcome), Some(received)) => format!("{} (received {})", outcome.label(), format_date(received)),
                _ => details.status.label().to_string(),
            };
            list = list.push(
                row![
                    column![
                        text(details.describe()).size(BODY_SIZE),
                        text(format!("{report} · {outcome}")).size(LABEL_SIZE).style(theme::muted),
                    ]
                    .width(Fill),
                    button(text("Change")).on_press(Message::Edit(review.id)).style(button::secondary),
                ]
                .spacing(8)
                .align_y(Alignment::Center),
            );
        }

        let error =
            |name: &str| self.error.as_ref().filter(|(field, _)| field == name).map(|(_, problem)| problem.as_str());
        let form = &self.form;
        let input = |name: &'static str, value: &'a str, which: ParoleText| {
            field(name, value, error(name), move |value| Message::Text(which, value))
        };
        let outcomes: Vec<Choice<ParoleOutcome>> = coded_choices::<ParoleOutcome>("No outcome yet");
        let entry = column![
            field_row([
                labelled(
                    label::TYPE,
                    choice(ParoleReviewType::ALL, form.review_type, Message::Type).text_size(BODY_SIZE).width(Fill),
                    error(label::TYPE),
                ),
                input(label::OPENED, &form.opened_on, ParoleText::Opened),
            ]),
            field_row([
                input(label::HEARING, &form.target_hearing_date, ParoleText::Hearing),
                input(label::REPORT_DUE, &form.report_due_date, ParoleText::ReportDue),
            ]),
            field_row([
                input(label::WRITER, &form.report_writer, ParoleText::Writer),
                input(label::REPORT_SENT, &form.report_sent_on, ParoleText::ReportSent),
            ]),
            field_row([
                labelled(
                    "Status",
                    choice(ParoleStatus::ALL, Some(form.status), Message::Status).text_size(BODY_SIZE).width(Fill),
                    None,
                ),
                labelled(
                    label::OUTCOME,
                    choice(outcomes.clone(), selected(&outcomes, form.outcome.as_ref()), Message::Outcome)
                        .text_size(BODY_SIZE)
                        .width(Fill),
                    error(label::OUTCOME),
                ),
            ]),
            input(label::OUTCOME_RECEIVED, &form.outcome_received_on, ParoleText::OutcomeReceived),
            row![
                button(text(if self.editing.is_some() { "Save parole review" } else { "Open parole review" }))
                    .on_press(Message::Save)
                    .style(button::primary),
            ]
            .push(self.editing.map(|_| button(text("New review")).on_press(Message::New).style(button::secondary)))
            .spacing(8),
        ]
        .push(self.saved_notice.as_ref().map(|notice| text(notice).size(LABEL_SIZE)))
        .spacing(8);
        section("Parole reviews", column![list, entry].spacing(12))
    }
}
