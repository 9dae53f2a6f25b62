//! Editing the establishment's induction procedure: a draft copied from the version
//! in use, items added, reordered, changed or retired, then published as the next
//! version. Checklists already under way keep the version they started with.

use crate::ui::choice::choice;
use iced::widget::{button, checkbox, column, container, row, scrollable, text, text_input};
use iced::{Alignment, Element, Fill, Length};

use super::{Context, Screen, Shared};
use crate::ui::theme::{self, BannerKind};
use crate::ui::widget::{BODY_SIZE, banner, confirm_bar, field, field_row, heading, labelled, slot};
use omu_core::domain::dates::format_date;
use omu_core::domain::induction::{DueRule, Question, Template, TemplateItem, validate_template_item};
use omu_core::domain::risk::Coded;

pub struct ProcedureScreen {
    current: Option<Template>,
    draft: Option<Vec<TemplateItem>>,
    /// The draft as last stored, to tell whether there are edits to lose.
    saved_draft: Option<Vec<TemplateItem>>,
    /// Publishing or discarding was asked for and waits for the person to confirm.
    asked: Option<FinalStep>,
    notice: Option<(BannerKind, String)>,
}

/// A step that cannot be undone, asked about first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FinalStep {
    Publish,
    Discard,
}

/// How an item's due time is chosen in the editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueKind {
    OnTheDay,
    Hours,
    Days,
}

impl DueKind {
    const ALL: [DueKind; 3] = [DueKind::OnTheDay, DueKind::Hours, DueKind::Days];

    fn of(rule: DueRule) -> (DueKind, u32) {
        match rule {
            DueRule::OnTheDay => (DueKind::OnTheDay, 0),
            DueRule::WithinHours(hours) => (DueKind::Hours, hours),
            DueRule::WithinDays(days) => (DueKind::Days, days),
        }
    }

    fn rule(self, amount: u32) -> DueRule {
        match self {
            DueKind::OnTheDay => DueRule::OnTheDay,
            DueKind::Hours => DueRule::WithinHours(amount),
            DueKind::Days => DueRule::WithinDays(amount),
        }
    }
}

impl std::fmt::Display for DueKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DueKind::OnTheDay => "On the day",
            DueKind::Hours => "Within hours",
            DueKind::Days => "Within days",
        })
    }
}

/// Item numbers (`usize`) are positions in the draft, from 0.
#[derive(Debug, Clone)]
pub enum Message {
    /// Start a draft of the next version, as a copy of the current one.
    StartEditing,
    /// An item's title was edited.
    Title(usize, String),
    /// An item's guidance for staff was edited.
    Guidance(usize, String),
    /// Who does the item was edited.
    Role(usize, String),
    /// Whether the item must be done (or exempted) was changed.
    Mandatory(usize, bool),
    /// How the item's due time is counted was chosen.
    DueKind(usize, DueKind),
    /// The number of hours or days was edited.
    DueAmount(usize, String),
    /// The question the item asks was chosen.
    Question(usize, Question),
    /// Whether the item is retired (kept on old checklists, left off new ones).
    Retired(usize, bool),
    /// Move the item up one place.
    MoveUp(usize),
    /// Move the item down one place.
    MoveDown(usize),
    /// Add a blank item at the end.
    AddItem,
    /// Save the draft without publishing it.
    SaveDraft,
    /// Publish the draft as the next version, or throw it away: asks first.
    Ask(FinalStep),
    /// Go ahead with the step asked about.
    Confirm,
    /// Do not: keep the draft as it is.
    KeepDraft,
    /// Record that the procedure was reviewed today with no changes.
    MarkReviewed,
    /// Back to the Induction screen.
    Back,
}

pub enum Action {
    None,
    /// Show the Induction screen again.
    Back,
}

impl ProcedureScreen {
    pub fn new(ctx: &mut Context) -> Self {
        let mut screen = Self { current: None, draft: None, saved_draft: None, asked: None, notice: None };
        screen.reload(ctx);
        screen
    }

    fn reload(&mut self, ctx: &mut Context) {
        match ctx.db.current_template().and_then(|current| Ok((current, ctx.db.draft_template()?))) {
            Ok((current, draft)) => {
                self.current = Some(current);
                self.draft = draft.map(|draft| draft.items);
                self.saved_draft = self.draft.clone();
            }
            Err(error) => self.notice = Some((BannerKind::Error, format!("Could not read the procedure: {error}"))),
        }
    }

    /// Checks every item; on the first problem says which item and keeps the edits.
    fn checked_items(&mut self) -> Option<Vec<TemplateItem>> {
        let items = self.draft.as_ref()?;
        let mut checked = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            match validate_template_item(item) {
                Ok(item) => checked.push(item),
                Err(message) => {
                    self.notice = Some((BannerKind::Error, format!("Item {}: {message}", index + 1)));
                    return None;
                }
            }
        }
        Some(checked)
    }

    fn publish(&mut self, ctx: &mut Context) {
        let Some(items) = self.checked_items() else { return };
        match ctx.db.publish_template_draft(&items, ctx.today) {
            Ok(version) => {
                self.reload(ctx);
                self.notice = Some((
                    BannerKind::Success,
                    format!("Version {version} published. New checklists use it; those under way keep theirs."),
                ));
            }
            Err(error) => self.notice = Some((BannerKind::Error, format!("Not published: {error}"))),
        }
    }

    fn discard(&mut self, ctx: &mut Context) {
        match ctx.db.discard_template_draft() {
            Ok(()) => {
                self.draft = None;
                self.saved_draft = None;
                self.notice = Some((BannerKind::Info, "Draft discarded.".into()));
            }
            Err(error) => self.notice = Some((BannerKind::Error, format!("Not discarded: {error}"))),
        }
    }

    fn edit(&mut self, message: Message) {
        let Some(items) = &mut self.draft else { return };
        match message {
            Message::Title(index, value) => items[index].title = value,
            Message::Guidance(index, value) => items[index].guidance = value,
            Message::Role(index, value) => items[index].role = value,
            Message::Mandatory(index, on) => items[index].mandatory = on,
            Message::DueKind(index, kind) => {
                let (_, amount) = DueKind::of(items[index].due);
                let amount = match kind {
                    DueKind::OnTheDay => 0,
                    _ if amount == 0 => {
                        if kind == DueKind::Hours {
                            24
                        } else {
                            7
                        }
                    }
                    _ => amount,
                };
                items[index].due = kind.rule(amount);
            }
            Message::DueAmount(index, value) => {
                let (kind, _) = DueKind::of(items[index].due);
                // Digits only: anything else is not a number of hours or days.
                let digits: String = value.chars().filter(char::is_ascii_digit).take(4).collect();
                items[index].due = kind.rule(digits.parse().unwrap_or(0));
            }
            Message::Question(index, question) => items[index].question = question,
            Message::Retired(index, on) => items[index].retired = on,
            Message::MoveUp(index) if index > 0 => items.swap(index, index - 1),
            Message::MoveDown(index) if index + 1 < items.len() => items.swap(index, index + 1),
            Message::AddItem => items.push(TemplateItem {
                id: None,
                title: String::new(),
                guidance: String::new(),
                role: String::new(),
                mandatory: true,
                due: DueRule::WithinDays(7),
                question: Question::None,
                retired: false,
            }),
            _ => {}
        }
    }
}

impl Screen for ProcedureScreen {
    type Message = Message;
    type Action = Action;

    fn update(&mut self, message: Message, ctx: &mut Context) -> Action {
        if let Message::Back = message {
            return Action::Back;
        }
        match message {
            Message::StartEditing => match ctx.db.start_template_draft() {
                Ok(draft) => {
                    self.draft = Some(draft.items);
                    self.saved_draft = self.draft.clone();
                }
                Err(error) => self.notice = Some((BannerKind::Error, format!("Could not start a draft: {error}"))),
            },
            Message::MarkReviewed => match ctx.db.mark_template_reviewed(ctx.today) {
                Ok(()) => {
                    self.reload(ctx);
                    self.notice = Some((BannerKind::Success, "Recorded as reviewed today, with no changes.".into()));
                }
                Err(error) => self.notice = Some((BannerKind::Error, format!("Not recorded: {error}"))),
            },
            Message::SaveDraft => {
                if let Some(items) = self.checked_items() {
                    match ctx.db.save_template_draft(&items) {
                        Ok(()) => {
                            self.saved_draft = self.draft.clone();
                            self.notice = Some((
                                BannerKind::Success,
                                "Draft saved. Publish it to use it for new checklists.".into(),
                            ))
                        }
                        Err(error) => self.notice = Some((BannerKind::Error, format!("Not saved: {error}"))),
                    }
                }
            }
            Message::Ask(step) => {
                // The items are checked before asking, so the question is never
                // followed by "not published".
                if step == FinalStep::Discard || self.checked_items().is_some() {
                    self.asked = Some(step);
                }
            }
            Message::KeepDraft => self.asked = None,
            Message::Confirm => match self.asked.take() {
                Some(FinalStep::Publish) => self.publish(ctx),
                Some(FinalStep::Discard) => self.discard(ctx),
                None => {}
            },
            edit => self.edit(edit),
        }
        Action::None
    }

    fn view<'a>(&'a self, _shared: &Shared<'a>) -> Element<'a, Message> {
        let mut page = column![
            row![
                button(text("Back to induction")).on_press(Message::Back).style(button::secondary),
                heading("Induction procedure"),
            ]
            .spacing(12)
            .align_y(Alignment::Center)
        ]
        .spacing(10);
        page =
            page.push(slot(self.notice.as_ref().map(|(kind, message)| Element::from(banner(*kind, message.as_str())))));
        let Some(current) = &self.current else {
            return page.into();
        };
        page = page.push(
            text(format!(
                "Version {} is in use; last reviewed {}, review due by {}. Procedures are reviewed every year.",
                current.version,
                format_date(current.last_reviewed),
                format_date(current.review_due())
            ))
            .size(BODY_SIZE),
        );
        match &self.draft {
            None => {
                page = page.push(
                    row![
                        button(text("Edit: make version ".to_string() + &(current.version + 1).to_string()))
                            .on_press(Message::StartEditing)
                            .style(button::primary),
                        button(text("Reviewed today: no changes"))
                            .on_press(Message::MarkReviewed)
                            .style(button::secondary),
                    ]
                    .spacing(10),
                );
                let items = current.active_items().enumerate().map(|(index, item)| {
                    row![
                        text(format!("{}.", index + 1)).size(BODY_SIZE).width(Length::Fixed(28.0)),
                        column![
                            text(item.title.as_str()).size(BODY_SIZE),
                            text(format!(
                                "{} · {}{}{}",
                                item.role,
                                item.due.describe(),
                                if item.mandatory { "" } else { " · optional" },
                                if item.question == Question::None {
                                    String::new()
                                } else {
                                    format!(" · asks: {}", item.question.label())
                                }
                            ))
                            .size(13)
                            .style(theme::muted),
                        ]
                        .width(Fill),
                    ]
                    .into()
                });
                page.push(scrollable(container(column(items).spacing(8)).padding([4, 14])).height(Fill)).into()
            }
            Some(items) => {
                page = page.push(
                    row![
                        button(text("Add an item")).on_press(Message::AddItem).style(button::secondary),
                        button(text("Save draft")).on_press(Message::SaveDraft).style(button::secondary),
                        button(text(format!("Publish as version {}", current.version + 1)))
                            .on_press(Message::Ask(FinalStep::Publish))
                            .style(button::primary),
                        button(text("Discard draft")).on_press(Message::Ask(FinalStep::Discard)).style(button::danger),
                    ]
                    .spacing(10),
                );
                page = page.push(slot(self.asked.map(|step| {
                    let (question, confirm) = match step {
                        FinalStep::Publish => (
                            format!(
                                "Publish version {}? Every new reception's checklist will follow it, and a published version can no longer be changed.",
                                current.version + 1
                            ),
                            "Publish",
                        ),
                        FinalStep::Discard => (
                            "Discard the draft? Every change in it is lost; the version in use stays as it is.".to_string(),
                            "Discard",
                        ),
                    };
                    confirm_bar(question, confirm, Message::Confirm, "Keep the draft", Message::KeepDraft)
                })));
                let editors = items.iter().enumerate().map(|(index, item)| item_editor(index, item, items.len()));
                page.push(
                    scrollable(
                        column(editors).spacing(10).padding(iced::Padding { right: 14.0, ..iced::Padding::ZERO }),
                    )
                    .height(Fill),
                )
                .into()
            }
        }
    }

    /// What leaving now would lose.
    fn unsaved_work(&self) -> Option<&'static str> {
        (self.draft != self.saved_draft).then_some("the draft procedure")
    }
}

fn item_editor(index: usize, item: &TemplateItem, count: usize) -> Element<'_, Message> {
    let (kind, amount) = DueKind::of(item.due);
    let amount_input: Element<'_, Message> = if kind == DueKind::OnTheDay {
        text("").into()
    } else {
        text_input("number", &amount.to_string())
            .on_input(move |value| Message::DueAmount(index, value))
            .padding(6)
            .size(BODY_SIZE)
            .width(Length::Fixed(80.0))
            .into()
    };
    let title = if item.retired { format!("{}. (retired)", index + 1) } else { format!("{}.", index + 1) };
    container(
        column![
            row![
                text(title).size(BODY_SIZE).width(Fill),
                button(text("Up"))
                    .on_press_maybe((index > 0).then_some(Message::MoveUp(index)))
                    .style(button::secondary),
                button(text("Down"))
                    .on_press_maybe((index + 1 < count).then_some(Message::MoveDown(index)))
                    .style(button::secondary),
                checkbox(item.retired)
                    .label("Retired")
                    .on_toggle(move |on| Message::Retired(index, on))
                    .text_size(BODY_SIZE),
            ]
            .spacing(8)
            .align_y(Alignment::Center),
            field_row([
                field("Title", &item.title, None, move |value| Message::Title(index, value)),
                field("Who usually does it", &item.role, None, move |value| { Message::Role(index, value) }),
            ]),
            field("Guidance", &item.guidance, None, move |value| { Message::Guidance(index, value) }),
            row![
                labelled(
                    "Due",
                    row![
                        choice(DueKind::ALL, Some(kind), move |kind| Message::DueKind(index, kind))
                            .text_size(BODY_SIZE),
                        amount_input,
                    ]
                    .spacing(6),
                    None,
                ),
                labelled(
                    "Question it asks",
                    choice(Question::ALL, Some(item.question), move |question| { Message::Question(index, question) })
                        .text_size(BODY_SIZE),
                    None,
                ),
                container(
                    checkbox(item.mandatory)
                        .label("Mandatory")
                        .on_toggle(move |on| Message::Mandatory(index, on))
                        .text_size(BODY_SIZE)
                )
                .padding([18, 0]),
            ]
            .spacing(16),
        ]
        .spacing(8),
    )
    .padding(12)
    .style(theme::card)
    .into()
}
