//! The board diary: planning meetings by date, who is invited, who is missing, and
//! the board pack for a day's meetings.

use chrono::{Duration, NaiveDate};
use iced::widget::{button, column, container, row, scrollable, text};
use iced::{Alignment, Element, Fill, Task};

use super::{Context, Screen, Shared};
use crate::ui::printing;
use crate::ui::theme::{self, BannerKind, Surface};
use crate::ui::widget::{BODY_SIZE, LABEL_SIZE, badge, banner, field, heading, slots};
use omu_core::domain::dates::{RangeError, date_range, format_date};
use omu_core::domain::text::plural;
use omu_core::print;
use omu_core::storage::DiaryEntry;

/// The widest range the diary shows at once. The diary is for arranging the coming
/// weeks' boards; a wider range would build thousands of rows in one frame, and each
/// prisoner's past meetings are on their sentence plan.
const MAX_DAYS: i64 = 92;

pub struct BoardsScreen {
    from: String,
    to: String,
    entries: Vec<DiaryEntry>,
    error: Option<String>,
    printing: printing::Status,
}

#[derive(Debug, Clone)]
pub enum Message {
    /// The first day to show was edited.
    From(String),
    /// The last day to show was edited.
    To(String),
    /// Show the meetings between the two days.
    Show,
    /// Open a prisoner's plan (by prisoner id).
    Open(i64),
    /// Print the board pack for the meetings on this day.
    PrintPack(NaiveDate),
    /// Save my boards and deadlines (the unit's, for someone without a caseload) as a
    /// calendar.
    ExportCalendar,
    /// Where the pack or the calendar went, or why not.
    Printed(printing::Outcome),
    /// Open or dismiss the printed pack's banner.
    Printing(printing::Message),
}

pub enum Action {
    None,
    /// Show this prisoner's record on its plan tab.
    OpenPlan(i64),
    Run(Task<Message>),
}

impl BoardsScreen {
    /// Opens on the past week and the next four.
    pub fn new(ctx: &mut Context) -> Self {
        let mut screen = Self {
            from: format_date(ctx.today - Duration::days(7)),
            to: format_date(ctx.today + Duration::days(28)),
            entries: Vec::new(),
            error: None,
            printing: printing::Status::default(),
        };
        screen.show(ctx);
        screen
    }

    pub fn entries(&self) -> &[DiaryEntry] {
        &self.entries
    }

    fn show(&mut self, ctx: &mut Context) {
        let range = match date_range(&self.from, &self.to, Some(MAX_DAYS)) {
            Ok(range) => range,
            Err(RangeError::TooLong(_)) => {
                self.error = Some(format!(
                    "Show at most {MAX_DAYS} days (13 weeks) at a time; past meetings are on each prisoner's sentence plan"
                ));
                return;
            }
            Err(error) => {
                self.error = Some(error.to_string());
                return;
            }
        };
        match ctx.db.board_diary(range.0, range.1) {
            Ok(entries) => {
                self.entries = entries;
                self.error = None;
            }
            Err(error) => self.error = Some(format!("The diary could not be read: {error}")),
        }
    }
}

impl Screen for BoardsScreen {
    type Message = Message;
    type Action = Action;

    fn update(&mut self, message: Message, ctx: &mut Context) -> Action {
        match message {
            Message::From(value) => self.from = value,
            Message::To(value) => self.to = value,
            Message::Show => self.show(ctx),
            Message::Open(id) => return Action::OpenPlan(id),
            Message::PrintPack(date) => {
                let prepared = print::board_pack(ctx.db, date, ctx.now);
                return Action::Run(self.printing.start(prepared, ctx).map(Message::Printed));
            }
            Message::ExportCalendar => {
                let staff = ctx.me().filter(|me| me.role.holds_caseload()).map(|me| me.id);
                return Action::Run(self.printing.calendar(staff, ctx).map(Message::Printed));
            }
            Message::Printed(outcome) => self.printing.finished(outcome, ctx.db),
            Message::Printing(message) => return Action::Run(self.printing.update(message).map(Message::Printing)),
        }
        Action::None
    }

    fn view<'a>(&'a self, _shared: &Shared<'a>) -> Element<'a, Message> {
        let mut page = column![
            heading("Board diary"),
            row![
                field("From", &self.from, None, Message::From),
                field("To", &self.to, None, Message::To),
                button(text("Show")).on_press(Message::Show).style(button::primary),
                button(text("Export to calendar…")).on_press(Message::ExportCalendar).style(button::secondary),
            ]
            .spacing(10)
            .align_y(Alignment::End)
            .width(760),
        ]
        .spacing(10);
        page = page.push(slots([
            self.error.as_ref().map(|error| Element::from(banner(BannerKind::Error, error.as_str()))),
            self.printing.view().map(|status| Element::from(status.map(Message::Printing))),
        ]));
        let mut days = column![].spacing(14);
        if self.entries.is_empty() {
            days = days.push(text("No planning meetings in these dates.").size(BODY_SIZE).style(theme::muted));
        }
        let mut index = 0;
        while index < self.entries.len() {
            let date = self.entries[index].meeting.date;
            let end = self.entries[index..]
                .iter()
                .position(|entry| entry.meeting.date != date)
                .map_or(self.entries.len(), |n| index + n);
            let meetings = &self.entries[index..end];
            let mut day = column![
                row![
                    text(format!("{}  ({})", date.format("%A %d %B %Y"), plural(meetings.len(), "meeting")))
                        .size(17)
                        .width(Fill),
                    button(text("Print board pack")).on_press(Message::PrintPack(date)).style(button::secondary),
                ]
                .align_y(Alignment::Center)
            ]
            .spacing(6);
            for entry in meetings {
                day = day.push(meeting_row(entry));
            }
            days = days.push(container(day).padding(12).width(Fill).style(theme::card));
            index = end;
        }
        page.push(scrollable(days.padding(iced::Padding { right: 14.0, ..iced::Padding::ZERO })).height(Fill)).into()
    }
}

fn meeting_row(entry: &DiaryEntry) -> Element<'_, Message> {
    let meeting = &entry.meeting;
    let time = meeting.time.map(|time| time.format("%H:%M").to_string()).unwrap_or_else(|| "--:--".into());
    let contributed = meeting.attendees.iter().filter(|a| a.participation.contributed()).count();
    let people = if meeting.held {
        format!("{contributed} of {} took part · chair {}", meeting.attendees.len(), meeting.chair)
    } else {
        format!("{} invited · chair {}", meeting.attendees.len(), meeting.chair)
    };
    let mut details = column![
        row![
            text(time).size(BODY_SIZE).width(60),
            text(format!("{}  ·  {}  ·  {}", entry.name, entry.prison_number, entry.location))
                .size(BODY_SIZE)
                .width(Fill),
            if meeting.held { badge(BannerKind::Success, "HELD") } else { badge(BannerKind::Info, "PLANNED") },
        ]
        .spacing(8)
        .align_y(Alignment::Center),
        text(people).size(LABEL_SIZE).style(theme::muted),
    ]
    .spacing(2);
    if !entry.not_invited.is_empty() {
        details = details.push(text(format!("Not invited: {}", entry.not_invited.join(", "))).size(LABEL_SIZE).style(
            |theme: &iced::Theme| iced::widget::text::Style {
                color: Some(theme.extended_palette().warning.strong.color),
            },
        ));
    }
    button(details)
        .on_press(Message::Open(meeting.prisoner_id))
        .padding([6, 8])
        .width(Fill)
        .style(theme::table_row(Surface::Card, false))
        .into()
}
