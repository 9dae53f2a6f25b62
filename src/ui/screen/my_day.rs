//! My day: what a supervisor's day holds, on one page. Today's boards, new
//! receptions, anyone past their earliest release still on the caseload (the record
//! cannot be right), and every deadline due today or overdue, each a click from the
//! record.

use chrono::Duration;
use iced::widget::{button, column, row, scrollable, text};
use iced::{Alignment, Element, Fill};

use super::prisoner::Tab;
use super::{Context, Screen, Shared};
use crate::ui::theme::{self, BannerKind, Surface};
use crate::ui::widget::{BODY_SIZE, LABEL_SIZE, badge, banner, heading, section};
use omu_core::domain::dates::{DueState, format_date};
use omu_core::domain::deadlines::{DeadlineKind, DueItem};
use omu_core::domain::risk::Coded;
use omu_core::domain::text::plural;
use omu_core::storage::{CaseloadQuery, DiaryEntry, SupervisorFilter};

/// How recent a reception counts as new: the induction's first week.
pub const NEW_RECEPTION_DAYS: i64 = 7;

/// A prisoner received in the last week.
struct Reception {
    prisoner_id: i64,
    name: String,
    prison_number: String,
    received: chrono::NaiveDate,
}

pub struct MyDayScreen {
    /// Whose day: the signed-in person's caseload, or the unit for someone without one.
    whose: String,
    boards: Vec<DiaryEntry>,
    receptions: Vec<Reception>,
    past_release: Vec<DueItem>,
    due_now: Vec<DueItem>,
    error: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    /// Open a prisoner's record (by id) on this tab.
    Open(i64, Tab),
}

pub enum Action {
    None,
    /// Open this record on this tab.
    OpenPrisoner(i64, Tab),
}

impl MyDayScreen {
    pub fn new(ctx: &mut Context) -> Self {
        let me = ctx.me().filter(|me| me.role.holds_caseload()).cloned();
        let mut screen = Self {
            whose: me.as_ref().map_or("the whole unit".to_string(), |me| format!("{}'s caseload", me.name)),
            boards: Vec::new(),
            receptions: Vec::new(),
            past_release: Vec::new(),
            due_now: Vec::new(),
            error: None,
        };
        let supervisor = me.map_or(SupervisorFilter::All, |me| SupervisorFilter::Staff(me.id));
        let today = ctx.today;
        let read = || -> omu_core::storage::Result<_> {
            let entries = ctx.db.caseload(&CaseloadQuery { supervisor, ..CaseloadQuery::default() }, today)?;
            let items = ctx.db.deadlines(&entries, today, 0)?;
            let boards = ctx.db.board_diary(today, today)?;
            Ok((entries, items, boards))
        };
        match read() {
            Ok((entries, items, boards)) => {
                let on_caseload: std::collections::BTreeSet<i64> = entries.iter().map(|e| e.prisoner.id).collect();
                screen.boards =
                    boards.into_iter().filter(|entry| on_caseload.contains(&entry.meeting.prisoner_id)).collect();
                screen.receptions = entries
                    .iter()
                    .filter_map(|entry| {
                        let details = &entry.prisoner.details;
                        let received = details.reception_date?;
                        (received <= today && today - received < Duration::days(NEW_RECEPTION_DAYS)).then(|| {
                            Reception {
                                prisoner_id: entry.prisoner.id,
                                name: details.display_name(),
                                prison_number: details.prison_number.to_string(),
                                received,
                            }
                        })
                    })
                    .collect();
                screen.receptions.sort_by(|a, b| b.received.cmp(&a.received).then(a.name.cmp(&b.name)));
                let (past, due): (Vec<DueItem>, Vec<DueItem>) = items
                    .into_iter()
                    .filter(|item| item.due <= today)
                    .partition(|item| item.kind == DeadlineKind::PreRelease && item.due < today);
                screen.past_release = past;
                screen.due_now = due;
            }
            Err(error) => screen.error = Some(format!("Your day could not be read: {error}")),
        }
        screen
    }

    /// Deadlines due today or overdue, most overdue first.
    pub fn due_now(&self) -> &[DueItem] {
        &self.due_now
    }

    /// Prisoners whose earliest release has gone by.
    pub fn past_release(&self) -> &[DueItem] {
        &self.past_release
    }
}

impl Screen for MyDayScreen {
    type Message = Message;
    type Action = Action;

    fn update(&mut self, message: Message, _ctx: &mut Context) -> Action {
        match message {
            Message::Open(id, tab) => Action::OpenPrisoner(id, tab),
        }
    }

    fn view<'a>(&'a self, shared: &Shared<'a>) -> Element<'a, Message> {
        let today = shared.today;
        let line = |id: i64, tab: Tab, main: String, detail: String, flag: Option<Element<'a, Message>>| {
            let content = row![
                column![text(main).size(BODY_SIZE), text(detail).size(LABEL_SIZE).style(theme::muted)]
                    .spacing(2)
                    .width(Fill)
            ]
            .push(flag)
            .spacing(8)
            .align_y(Alignment::Center);
            Element::from(
                button(content)
                    .on_press(Message::Open(id, tab))
                    .padding([6, 8])
                    .width(Fill)
                    .style(theme::table_row(Surface::Card, false)),
            )
        };
        let empty = |words: &'static str| Element::from(text(words).size(BODY_SIZE).style(theme::muted));

        let boards: Element<'a, Message> = if self.boards.is_empty() {
            empty("No planning boards today.")
        } else {
            column(self.boards.iter().map(|entry| {
                let meeting = &entry.meeting;
                let when = meeting.time.map_or("today".to_string(), |time| time.format("%H:%M").to_string());
                line(
                    meeting.prisoner_id,
                    Tab::Plan,
                    format!("{when}  {} ({})", entry.name, entry.prison_number),
                    format!("{} invited · chair {}", meeting.attendees.len(), meeting.chair),
                    None,
                )
            }))
            .spacing(2)
            .into()
        };
        let receptions: Element<'a, Message> = if self.receptions.is_empty() {
            empty("No one received in the last week.")
        } else {
            column(self.receptions.iter().map(|reception| {
                line(
                    reception.prisoner_id,
                    Tab::Induction,
                    format!("{} ({})", reception.name, reception.prison_number),
                    format!("received {}: induction under way", format_date(reception.received)),
                    None,
                )
            }))
            .spacing(2)
            .into()
        };
        let item_line = |item: &'a DueItem| {
            let state = item.state(today);
            let flag = match state {
                DueState::Overdue(_) => badge(BannerKind::Error, state.describe().to_uppercase()),
                _ => badge(BannerKind::Warning, state.describe().to_uppercase()),
            };
            line(
                item.prisoner_id,
                super::due::tab_for(item.kind),
                format!("{}: {} ({})", item.kind.label(), item.name, item.prison_number),
                item.reason.clone(),
                Some(flag),
            )
        };
        let due: Element<'a, Message> = if self.due_now.is_empty() {
            empty("Nothing due today or overdue.")
        } else {
            column(self.due_now.iter().map(item_line)).spacing(2).into()
        };

        let mut page = column![
            heading(format!("My day: {}", today.format("%A %d %B %Y"))),
            text(format!(
                "For {}: {}, {}, {} due today or overdue.",
                self.whose,
                plural(self.boards.len(), "board"),
                plural(self.receptions.len(), "new reception"),
                plural(self.due_now.len(), "deadline")
            ))
            .size(BODY_SIZE),
        ]
        .spacing(12);
        if let Some(error) = &self.error {
            page = page.push(banner(BannerKind::Error, error.as_str()));
        }
        if !self.past_release.is_empty() {
            page = page.push(section(
                "Past their earliest release and still on the caseload",
                column(self.past_release.iter().map(item_line)).spacing(2),
            ));
        }
        page = page
            .push(section("Boards today", boards))
            .push(section("New receptions", receptions))
            .push(section("Due today and overdue", due));
        scrollable(page.padding(iced::Padding { right: 14.0, ..iced::Padding::ZERO })).height(Fill).into()
    }
}
