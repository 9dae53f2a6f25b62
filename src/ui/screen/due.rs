//! Every deadline across the caseload in one list, overdue first: OASys/RoH and plan
//! reviews, monthly contact, induction, parole reports and outcomes, home detention
//! curfew, recategorisation, ROTL and pre-release.

use iced::widget::{button, column, container, row, scrollable, text};
use iced::{Alignment, Element, Fill};

use super::prisoner::Tab;
use super::{Context, Screen, Shared};
use crate::ui::printing;
use crate::ui::theme::{self, BannerKind, Surface};
use crate::ui::widget::{BODY_SIZE, LABEL_SIZE, badge, banner, cell, chip, heading, slot, sort_cell, whose_toggles};
use iced::Task;
use omu_core::domain::dates::{DueState, format_date};
use omu_core::domain::deadlines::{DeadlineKind, DueItem, DueSort, DueSortKey, arrange_due};
use omu_core::domain::risk::Coded;
use omu_core::print;
use omu_core::storage::{CaseloadQuery, SupervisorFilter};

/// How far ahead the list looks, besides everything overdue.
pub const HORIZON_DAYS: i64 = 28;
/// Rows drawn at once.
const PAGE_SIZE: usize = 60;

pub struct DueScreen {
    whole_unit: bool,
    items: Vec<DueItem>,
    sort: DueSort,
    /// Only this kind of deadline, or every kind.
    only: Option<DeadlineKind>,
    page: usize,
    error: Option<String>,
    saving: printing::Status,
}

#[derive(Debug, Clone)]
pub enum Message {
    /// Show the whole unit (true) or my caseload (false).
    WholeUnit(bool),
    /// Open a prisoner's record (by id) where this kind of deadline is dealt with.
    Open(i64, DeadlineKind),
    /// Show this page of the list.
    Page(usize),
    /// A column heading was clicked: sort by it, or the other way round.
    SortBy(DueSortKey),
    /// Show only this kind of deadline (or every kind).
    Only(Option<DeadlineKind>),
    /// Every kind, most overdue first.
    ClearFilters,
    /// Save the deadlines and boards shown (my caseload or the unit) as a calendar.
    ExportCalendar,
    /// Print the list as shown (the kind chosen, in its order).
    Print,
    /// Save the list as shown as a spreadsheet (.xlsx or .csv).
    ExportList,
    /// Where the calendar or the printed list went, or why not.
    Saved(printing::Outcome),
    /// Open or dismiss the saved file's banner.
    Saving(printing::Message),
}

pub enum Action {
    None,
    /// Open this record on this tab.
    OpenPrisoner(i64, Tab),
    /// Save the calendar or the printed list (a dialog, then the file, in the background).
    Run(Task<Message>),
}

impl DueScreen {
    pub fn new(ctx: &mut Context) -> Self {
        let mut screen = Self {
            whole_unit: ctx.me().is_none(),
            items: Vec::new(),
            sort: DueSort::default(),
            only: None,
            page: 0,
            error: None,
            saving: printing::Status::default(),
        };
        screen.refresh(ctx);
        screen
    }

    pub fn items(&self) -> &[DueItem] {
        &self.items
    }

    /// The items the list shows, in its order: the kind chosen, sorted as chosen.
    pub fn shown(&self) -> Vec<&DueItem> {
        self.items.iter().filter(|item| self.only.is_none_or(|kind| item.kind == kind)).collect()
    }

    fn refresh(&mut self, ctx: &mut Context) {
        let supervisor = match ctx.me() {
            Some(me) if !self.whole_unit => SupervisorFilter::Staff(me.id),
            _ => SupervisorFilter::All,
        };
        let read = || -> omu_core::storage::Result<Vec<DueItem>> {
            let entries = ctx.db.caseload(&CaseloadQuery { supervisor, ..CaseloadQuery::default() }, ctx.today)?;
            ctx.db.deadlines(&entries, ctx.today, HORIZON_DAYS)
        };
        match read() {
            Ok(items) => {
                self.items = items;
                arrange_due(&mut self.items, self.sort);
                self.error = None;
            }
            Err(error) => self.error = Some(format!("The deadlines could not be read: {error}")),
        }
        self.page = 0;
    }
}

impl Screen for DueScreen {
    type Message = Message;
    type Action = Action;

    fn update(&mut self, message: Message, ctx: &mut Context) -> Action {
        match message {
            Message::WholeUnit(on) => {
                self.whole_unit = on;
                self.refresh(ctx);
            }
            Message::Open(id, kind) => return Action::OpenPrisoner(id, tab_for(kind)),
            Message::Page(page) => self.page = page,
            Message::SortBy(key) => {
                self.sort = self.sort.clicked(key);
                arrange_due(&mut self.items, self.sort);
                self.page = 0;
            }
            Message::Only(kind) => {
                self.only = kind;
                self.page = 0;
            }
            Message::ExportCalendar => {
                let staff = if self.whole_unit { None } else { ctx.me().map(|me| me.id) };
                return Action::Run(self.saving.calendar(staff, ctx).map(Message::Saved));
            }
            Message::ExportList => {
                let shown: Vec<DueItem> = self.shown().into_iter().cloned().collect();
                let table = omu_core::exchange::lists::due(&shown, ctx.today);
                return Action::Run(printing::export_list(table, ctx).map(Message::Saved));
            }
            Message::Print => {
                let whose = match ctx.me() {
                    Some(me) if !self.whole_unit => format!("{}'s caseload", me.name),
                    _ => "the whole unit".to_string(),
                };
                let shown: Vec<DueItem> = self.shown().into_iter().cloned().collect();
                match print::due_list(ctx.db, &whose, &shown, ctx.today, ctx.now) {
                    Ok(printable) => return Action::Run(printing::print(printable, ctx).map(Message::Saved)),
                    Err(error) => self.saving.failed(format!("the list could not be printed: {error}")),
                }
            }
            Message::Saved(outcome) => self.saving.finished(outcome, ctx.db),
            Message::Saving(message) => return Action::Run(self.saving.update(message).map(Message::Saving)),
            Message::ClearFilters => {
                self.only = None;
                self.sort = DueSort::default();
                arrange_due(&mut self.items, self.sort);
                self.page = 0;
            }
        }
        Action::None
    }

    fn view<'a>(&'a self, shared: &Shared<'a>) -> Element<'a, Message> {
        let (today, has_caseload) = (shared.today, shared.me().is_some());
        let overdue = self.items.iter().filter(|item| item.due < today).count();
        let amber = self.items.iter().filter(|item| matches!(item.state(today), DueState::DueSoon(_))).count();
        let mut toggles = whose_toggles(has_caseload, self.whole_unit, Message::WholeUnit);
        toggles = toggles
            .push(button(text("Print this list")).on_press(Message::Print).style(button::secondary))
            .push(button(text("Export to spreadsheet…")).on_press(Message::ExportList).style(button::secondary))
            .push(button(text("Export to calendar…")).on_press(Message::ExportCalendar).style(button::secondary));
        let mut page = column![
            heading("Due"),
            toggles.wrap().vertical_spacing(6),
            row![
                text(format!(
                    "Every deadline overdue, amber, or falling due in the next {HORIZON_DAYS} days. Click a row to open the record."
                ))
                .size(BODY_SIZE),
                if overdue > 0 {
                    badge(BannerKind::Error, format!("{overdue} OVERDUE"))
                } else {
                    badge(BannerKind::Success, "NOTHING OVERDUE")
                },
                badge(BannerKind::Warning, format!("{amber} DUE SOON")),
            ]
            .spacing(10)
            .align_y(Alignment::Center)
            .wrap(),
        ]
        .spacing(10);
        page =
            page.push(slot(self.error.as_ref().map(|error| Element::from(banner(BannerKind::Error, error.as_str())))));
        page = page.push(self.saving.view().map(|banner| banner.map(Message::Saving)));
        let mut chips = row![chip("Every kind", self.only.is_none(), Message::Only(None))].spacing(6);
        // Only the kinds on the list, each with how many, so the row says what is there.
        for kind in DeadlineKind::ALL.iter().copied() {
            let count = self.items.iter().filter(|item| item.kind == kind).count();
            if count > 0 || self.only == Some(kind) {
                chips = chips.push(chip(
                    format!("{} ({count})", kind.label()),
                    self.only == Some(kind),
                    Message::Only(Some(kind)),
                ));
            }
        }
        if self.only.is_some() || self.sort != DueSort::default() {
            chips = chips.push(button(text("Clear filters")).on_press(Message::ClearFilters).style(button::text));
        }
        page = page.push(chips.align_y(Alignment::Center).wrap().vertical_spacing(6));
        let heading_cell =
            |label: &'static str, key: DueSortKey, portion| sort_cell(label, self.sort, key, Message::SortBy, portion);
        let header = container(
            row![
                heading_cell("Due", DueSortKey::Due, 3),
                heading_cell("What", DueSortKey::What, 4),
                heading_cell("Prisoner", DueSortKey::Prisoner, 4),
                heading_cell("Supervisor", DueSortKey::Supervisor, 3),
                cell(text("Why").size(LABEL_SIZE), 5),
            ]
            .spacing(6),
        )
        .padding([6, 8])
        .style(theme::table_header);
        let shown = self.shown();
        let start = self.page * PAGE_SIZE;
        let rows = shown.iter().skip(start).take(PAGE_SIZE).enumerate().map(|(index, item)| {
            let state = item.state(today);
            let line = row![
                cell(
                    column![
                        text(format_date(item.due)).size(BODY_SIZE).style(theme::due_text(state)),
                        text(state.describe()).size(LABEL_SIZE).style(theme::due_text(state)),
                    ],
                    3
                ),
                cell(text(item.kind.label()).size(BODY_SIZE), 4),
                cell(
                    column![
                        text(item.name.as_str()).size(BODY_SIZE),
                        text(item.prison_number.as_str()).size(LABEL_SIZE)
                    ],
                    4
                ),
                cell(text(item.supervisor.clone().unwrap_or_else(|| "unallocated".into())).size(BODY_SIZE), 3),
                cell(text(item.reason.as_str()).size(LABEL_SIZE).style(theme::muted), 5),
            ]
            .spacing(6)
            .align_y(Alignment::Center);
            button(line)
                .on_press(Message::Open(item.prisoner_id, item.kind))
                .padding([6, 8])
                .width(Fill)
                .style(theme::table_row(Surface::Page, index % 2 == 1))
                .into()
        });
        let pages = shown.len().div_ceil(PAGE_SIZE).max(1);
        let mut list = column![header, scrollable(column(rows).spacing(1)).height(Fill)].spacing(2).height(Fill);
        if pages > 1 {
            list = list.push(
                row![
                    button(text("Previous page")).on_press_maybe((self.page > 0).then(|| Message::Page(self.page - 1))),
                    text(format!("Page {} of {pages}", self.page + 1)).size(BODY_SIZE),
                    button(text("Next page"))
                        .on_press_maybe((self.page + 1 < pages).then(|| Message::Page(self.page + 1))),
                ]
                .spacing(12)
                .align_y(Alignment::Center),
            );
        }
        page.push(list).into()
    }
}

/// Where a deadline is dealt with: OASys and plan reviews and pre-release work on the
/// sentence plan, induction items on the checklist, the rest (contacts, parole, dates)
/// on the record itself.
pub(super) fn tab_for(kind: DeadlineKind) -> Tab {
    match kind {
        DeadlineKind::OasysReview | DeadlineKind::PlanReview | DeadlineKind::PreRelease => Tab::Plan,
        DeadlineKind::InductionItem => Tab::Induction,
        DeadlineKind::SupervisorContact
        | DeadlineKind::ParoleReport
        | DeadlineKind::HearingOutcome
        | DeadlineKind::HdcEligibility
        | DeadlineKind::Recategorisation
        | DeadlineKind::RotlEligibility => Tab::Record,
    }
}
