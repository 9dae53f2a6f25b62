//! One prisoner's induction checklist, shown as a tab of the prisoner screen: every
//! item with its due time, overdue items in red, and a panel to complete, exempt or
//! reopen the item chosen.

use crate::ui::choice::choice;
use chrono::{DateTime, Utc};
use iced::widget::{button, checkbox, column, container, radio, row, text, text_input};
use iced::{Alignment, Element, Fill, Length, Task};

use super::{Context, Screen, Shared};
use crate::ui::printing;
use crate::ui::theme::{self, BannerKind, Surface};
use crate::ui::widget::{
    BODY_SIZE, LABEL_SIZE, badge, banner, chip, confirm_bar, field, field_row, labelled, section, slot, slots,
};
use omu_core::domain::dates::format_local as local;
use omu_core::domain::induction::{
    Checklist, ChecklistItem, ExemptionReason, ItemAction, ItemForm, ItemStatus, Problem, Question, SkillsOutcome,
    validate_item_change,
};
use omu_core::domain::risk::Coded;
use omu_core::print;

pub const REASON_NOTES_ID: &str = "induction-reason-notes";

pub struct ChecklistPanel {
    prisoner_id: i64,
    checklist: Option<Checklist>,
    selected: Option<i64>,
    form: ItemForm,
    /// The item form as it opened, to tell whether there are edits to lose.
    opened_form: ItemForm,
    /// Closing the item was asked for while it holds edits: waiting for the person to
    /// throw them away or keep editing.
    closing: bool,
    error: Option<String>,
    notice: Option<(BannerKind, String)>,
    printing: printing::Status,
}

#[derive(Debug, Clone)]
pub enum Message {
    /// Start a checklist by hand for a prisoner already here.
    Start,
    /// An item was chosen to work on.
    Select(i64),
    /// Close the item being worked on (Close, or Esc); asks first when it holds edits.
    Close,
    /// Close the item, throwing away what was typed.
    DiscardItemEdits,
    /// Keep working on the item.
    KeepItemEdits,
    /// Who did the item, as typed.
    By(String),
    /// The day it was done, as typed.
    Date(String),
    /// The time it was done, as typed.
    Time(String),
    /// Why it was not done (exempt or not applicable).
    Reason(ExemptionReason),
    /// Notes on the reason.
    ReasonNotes(String),
    /// What came of it.
    Outcome(String),
    /// The answer to "interpreter needed?".
    Interpreter(bool),
    /// The first language, as typed.
    Language(String),
    /// A problem on arrival ticked or unticked.
    Problem(Problem, bool),
    /// The basic skills screen's outcome.
    Skills(SkillsOutcome),
    /// Disability needs, as typed.
    Disability(String),
    /// Complete, exempt, mark not applicable or reopen the chosen item.
    Act(ItemAction),
    /// Print the induction record.
    Print,
    /// Where the record went, or why not.
    Printed(printing::Outcome),
    /// Open or dismiss the printed record's banner.
    Printing(printing::Message),
}

pub enum Action {
    None,
    /// An answer flowed into the prisoner's record: the record should be read again.
    RecordChanged,
    Run(Task<Message>),
}

impl ChecklistPanel {
    pub fn new(ctx: &mut Context, prisoner_id: i64) -> Self {
        let mut panel = Self {
            prisoner_id,
            checklist: None,
            selected: None,
            form: ItemForm::default(),
            opened_form: ItemForm::default(),
            closing: false,
            error: None,
            notice: None,
            printing: printing::Status::default(),
        };
        panel.refresh(ctx);
        panel
    }

    pub fn checklist(&self) -> Option<&Checklist> {
        self.checklist.as_ref()
    }

    /// True while an item is open to work on (Esc closes it).
    pub fn item_open(&self) -> bool {
        self.selected.is_some()
    }

    /// Reads the checklist again, keeping the item being worked on and what was typed.
    pub fn refresh(&mut self, ctx: &mut Context) {
        match ctx.db.checklists(self.prisoner_id) {
            Ok(checklists) => self.checklist = checklists.into_iter().next(),
            Err(error) => self.notice = Some((BannerKind::Error, format!("Could not read the checklist: {error}"))),
        }
    }

    fn selected_item(&self) -> Option<&ChecklistItem> {
        let id = self.selected?;
        self.checklist.as_ref()?.items.iter().find(|item| item.id == id)
    }

    fn act(&mut self, action: ItemAction, ctx: &mut Context) -> Action {
        let (Some(checklist), Some(item)) = (self.checklist.as_ref(), self.selected_item()) else {
            return Action::None;
        };
        let change = match validate_item_change(action, &self.form, item, checklist.received_at, ctx.now) {
            Ok(change) => change,
            Err(message) => {
                self.error = Some(message.to_string());
                return Action::None;
            }
        };
        let flows = change.answer.is_some();
        let title = item.template_item.title.clone();
        match ctx.db.update_induction_item(item.id, &change) {
            Ok(()) => {
                self.error = None;
                self.selected = None;
                self.refresh(ctx);
                let done = match action {
                    ItemAction::Complete => "done",
                    ItemAction::Exempt => "exempted",
                    ItemAction::NotApplicable => "marked not applicable",
                    ItemAction::Reopen => "reopened",
                };
                self.notice = Some((BannerKind::Success, format!("{title}: {done}.")));
                if flows { Action::RecordChanged } else { Action::None }
            }
            Err(error) => {
                self.error = Some(format!("Not saved: {error}. What you typed is kept."));
                Action::None
            }
        }
    }

    fn item_row<'a>(&'a self, item: &'a ChecklistItem, now: DateTime<Utc>) -> Element<'a, Message> {
        let status = match item.status {
            ItemStatus::Open if item.is_overdue(now) => badge(BannerKind::Error, "OVERDUE"),
            ItemStatus::Open => badge(BannerKind::Info, "OPEN"),
            ItemStatus::Completed if item.done_late() => badge(BannerKind::Warning, "DONE LATE"),
            ItemStatus::Completed => badge(BannerKind::Success, "DONE"),
            ItemStatus::Exempt => badge(BannerKind::Warning, "EXEMPT"),
            ItemStatus::NotApplicable => badge(BannerKind::Warning, "N/A"),
        };
        let mut title = column![text(item.template_item.title.as_str()).size(BODY_SIZE)];
        let mut detail = item.template_item.role.clone();
        if !item.template_item.mandatory {
            detail.push_str(" · optional");
        }
        title = title.push(text(detail).size(LABEL_SIZE).style(theme::muted));
        let due_style = if item.is_overdue(now) { theme::error_text } else { theme::muted };
        let due = column![
            text(local(item.due_at)).size(BODY_SIZE).style(due_style),
            text(item.template_item.due.describe()).size(LABEL_SIZE).style(theme::muted),
        ];
        let mut outcome = Vec::new();
        if let (Some(by), Some(at)) = (&item.done_by, item.done_at) {
            outcome.push(format!("{by}, {}", local(at)));
        }
        if let Some(reason) = item.exemption_reason {
            outcome.push(reason.label().to_string());
        }
        if let Some(answer) = &item.answer {
            outcome.push(answer.describe());
        }
        let line = row![
            container(status).width(Length::Fixed(84.0)),
            container(title).width(Length::FillPortion(5)),
            container(due).width(Length::FillPortion(3)),
            container(text(outcome.join("\n")).size(LABEL_SIZE)).width(Length::FillPortion(4)),
        ]
        .spacing(8)
        .align_y(Alignment::Center);
        button(line)
            .on_press(if self.selected == Some(item.id) { Message::Close } else { Message::Select(item.id) })
            .padding([6, 8])
            .width(Fill)
            .style(theme::table_row(Surface::Card, false))
            .into()
    }

    fn item_panel<'a>(&'a self, item: &'a ChecklistItem) -> Element<'a, Message> {
        let form = &self.form;
        let mut content = column![].spacing(10);
        if !item.template_item.guidance.is_empty() {
            content = content.push(text(item.template_item.guidance.as_str()).size(BODY_SIZE).style(theme::muted));
        }
        if item.status != ItemStatus::Open {
            // Already dealt with: say by whom and when; the only action is to reopen.
            let who = match (&item.done_by, item.done_at) {
                (Some(by), Some(at)) => format!("{} by {by}, {}", item.status.label(), local(at)),
                _ => item.status.label().to_string(),
            };
            content = content.push(text(who).size(BODY_SIZE));
            if !item.reason_notes.is_empty() {
                content = content.push(text(item.reason_notes.as_str()).size(BODY_SIZE));
            }
            if !item.outcome_notes.is_empty() {
                content = content.push(text(item.outcome_notes.as_str()).size(BODY_SIZE));
            }
            content = content
                .push(slot(self.error.as_ref().map(|error| Element::from(banner(BannerKind::Error, error.as_str())))));
            content = content.push(
                row![
                    button(text("Reopen")).on_press(Message::Act(ItemAction::Reopen)).style(button::secondary),
                    button(text("Close")).on_press(Message::Close).style(button::text),
                ]
                .spacing(8),
            );
            return container(content).padding(14).width(Fill).style(theme::card).into();
        }
        content = content.push(field_row([
            field("By", &form.done_by, None, Message::By),
            field("Date (DD/MM/YYYY)", &form.done_date, None, Message::Date),
            field("Time (HH:MM)", &form.done_time, None, Message::Time),
        ]));
        match item.template_item.question {
            Question::None => {}
            Question::SupervisorAllocated => {
                content = content.push(
                    text("Done by itself when a supervisor is allocated on the prisoner's record (Record tab).")
                        .size(LABEL_SIZE)
                        .style(theme::muted),
                );
            }
            Question::Interpreter => {
                content = content.push(labelled(
                    "Is an interpreter needed?",
                    row![
                        radio("Yes", true, form.interpreter_needed, Message::Interpreter).text_size(BODY_SIZE),
                        radio("No", false, form.interpreter_needed, Message::Interpreter).text_size(BODY_SIZE),
                    ]
                    .spacing(20),
                    None,
                ));
                if form.interpreter_needed == Some(true) {
                    content = content.push(field("Language", &form.language, None, Message::Language));
                }
            }
            Question::ProblemsOnArrival => {
                let ticks = Problem::ALL.iter().map(|problem| {
                    checkbox(form.problems.contains(problem))
                        .label(problem.label())
                        .on_toggle(move |on| Message::Problem(*problem, on))
                        .text_size(BODY_SIZE)
                        .into()
                });
                content = content.push(labelled(
                    "Problems on arrival (none ticked means none found; ticked problems go into the contact log)",
                    column(ticks).spacing(4),
                    None,
                ));
            }
            Question::BasicSkills => {
                content = content.push(labelled(
                    "Screening outcome (goes into the record's literacy needs)",
                    choice(SkillsOutcome::ALL, form.skills_outcome, Message::Skills).text_size(BODY_SIZE),
                    None,
                ));
            }
            Question::Disability => {
                content = content.push(field(
                    "Disability or health needs found (goes into the record; leave empty if none)",
                    &form.disability_needs,
                    None,
                    Message::Disability,
                ));
            }
        }
        content = content.push(field("Outcome notes", &form.outcome_notes, None, Message::Outcome));
        // Every reason in view, one click each, rather than hidden in a drop-down.
        let reasons = ExemptionReason::ALL.chunks(3).map(|chunk| {
            row(chunk.iter().map(|reason| {
                let chosen = form.exemption_reason == Some(*reason);
                chip(reason.label(), chosen, Message::Reason(*reason)).width(Fill).into()
            }))
            .spacing(8)
            .into()
        });
        content = content.push(labelled("Reason, if not done", column(reasons).spacing(6), None));
        content = content.push(labelled(
            "Reason notes",
            text_input("", &form.reason_notes)
                .id(REASON_NOTES_ID)
                .on_input(Message::ReasonNotes)
                .padding(6)
                .size(BODY_SIZE),
            None,
        ));
        content = content
            .push(slot(self.error.as_ref().map(|error| Element::from(banner(BannerKind::Error, error.as_str())))));
        let mut buttons = row![
            button(text("Mark done")).on_press(Message::Act(ItemAction::Complete)).style(button::primary),
            button(text("Exempt")).on_press(Message::Act(ItemAction::Exempt)).style(button::secondary),
        ]
        .spacing(8);
        if !item.template_item.mandatory {
            buttons = buttons.push(
                button(text("Not applicable"))
                    .on_press(Message::Act(ItemAction::NotApplicable))
                    .style(button::secondary),
            );
        }
        buttons = buttons.push(button(text("Close  (Esc)")).on_press(Message::Close).style(button::text));
        content = content.push(buttons);
        content = content.push(slot(self.closing.then(|| {
            confirm_bar(
                "Close this item and throw away what you typed for it?",
                "Throw it away",
                Message::DiscardItemEdits,
                "Keep editing",
                Message::KeepItemEdits,
            )
        })));
        container(content).padding(14).width(Fill).style(theme::card).into()
    }
}

impl Screen for ChecklistPanel {
    type Message = Message;
    type Action = Action;

    fn update(&mut self, message: Message, ctx: &mut Context) -> Action {
        match message {
            Message::Start => match ctx.db.start_checklist(self.prisoner_id) {
                Ok(_) => {
                    self.refresh(ctx);
                    self.notice = Some((BannerKind::Success, "Induction checklist started.".into()));
                }
                Err(error) => self.notice = Some((BannerKind::Error, format!("Not started: {error}"))),
            },
            Message::Select(id) => {
                self.selected = Some(id);
                self.error = None;
                self.closing = false;
                if let Some(item) = self.selected_item() {
                    self.form = ItemForm::new(ctx.now, &ctx.settings.user_name, item);
                    self.opened_form = self.form.clone();
                }
            }
            Message::Close if self.unsaved_work().is_some() => self.closing = true,
            Message::Close | Message::DiscardItemEdits => {
                self.selected = None;
                self.closing = false;
            }
            Message::KeepItemEdits => self.closing = false,
            Message::By(value) => self.form.done_by = value,
            Message::Date(value) => self.form.done_date = value,
            Message::Time(value) => self.form.done_time = value,
            Message::Reason(reason) => self.form.exemption_reason = Some(reason),
            Message::ReasonNotes(value) => self.form.reason_notes = value,
            Message::Outcome(value) => self.form.outcome_notes = value,
            Message::Interpreter(needed) => self.form.interpreter_needed = Some(needed),
            Message::Language(value) => self.form.language = value,
            Message::Problem(problem, on) => {
                self.form.problems.retain(|p| *p != problem);
                if on {
                    self.form.problems.push(problem);
                }
            }
            Message::Skills(outcome) => self.form.skills_outcome = Some(outcome),
            Message::Disability(value) => self.form.disability_needs = value,
            Message::Act(action) => return self.act(action, ctx),
            Message::Print => {
                let prepared = print::induction_record(ctx.db, self.prisoner_id, ctx.now);
                return Action::Run(self.printing.start(prepared, ctx).map(Message::Printed));
            }
            Message::Printed(outcome) => self.printing.finished(outcome, ctx.db),
            Message::Printing(message) => {
                return Action::Run(self.printing.update(message).map(Message::Printing));
            }
        }
        Action::None
    }

    fn view<'a>(&'a self, shared: &Shared<'a>) -> Element<'a, Message> {
        let now = shared.now;
        let mut page = column![].spacing(10);
        page = page.push(slots([
            self.notice.as_ref().map(|(kind, message)| Element::from(banner(*kind, message.as_str()))),
            self.printing.view().map(|status| Element::from(status.map(Message::Printing))),
        ]));
        let Some(checklist) = &self.checklist else {
            return page
                .push(section(
                    "Induction",
                    column![
                        text("No induction checklist yet. New receptions get one when their record is saved; start one here for a prisoner already in the establishment (the reception date and time count as the start).")
                            .size(BODY_SIZE),
                        button(text("Start induction checklist")).on_press(Message::Start).style(button::primary),
                    ]
                    .spacing(10),
                ))
                .into();
        };
        let done = checklist.items.iter().filter(|item| item.status != ItemStatus::Open).count();
        let overdue = checklist.overdue_items(now);
        let summary = row![
            text(format!(
                "Received {}  ·  procedure version {}  ·  {done} of {} done",
                local(checklist.received_at),
                checklist.template_version,
                checklist.items.len()
            ))
            .size(BODY_SIZE)
            .width(Fill),
            if overdue > 0 {
                badge(BannerKind::Error, format!("{overdue} OVERDUE"))
            } else if checklist.is_complete() {
                badge(BannerKind::Success, "COMPLETE")
            } else {
                badge(BannerKind::Info, "ON TIME")
            },
            button(text("Print induction record")).on_press(Message::Print).style(button::secondary),
        ]
        .spacing(10)
        .align_y(Alignment::Center);
        page = page.push(summary);

        let mut items = column![].spacing(4);
        for item in &checklist.items {
            items = items.push(self.item_row(item, now));
            if self.selected == Some(item.id) {
                items = items.push(self.item_panel(item));
            }
        }
        page.push(items).into()
    }

    /// What leaving now would lose.
    fn unsaved_work(&self) -> Option<&'static str> {
        (self.selected.is_some() && self.form != self.opened_form).then_some("the induction item")
    }
}
