//! The gate's key board: every hook at a glance, and issue or return by typing a
//! tally (or hook) number and pressing Enter. Tabs hold the tally holders, the
//! bunches, incidents, visitors, and the history with the end-of-day check.
//!
//! This file holds the board's issue and return, which wait for Enter; each other
//! tab is a part of its own in `keys/` (state, Message, update, view), telling the
//! screen what changed through [`Outcome`].

use chrono::{DateTime, Duration, NaiveTime, Utc};
use iced::widget::{button, column, container, grid, operation, row, scrollable, text, text_input};
use iced::{Alignment, Background, Border, Color, Element, Fill, Task, Theme};

use super::{Context, Screen, Shared};
use crate::ui::printing;
use crate::ui::theme::{self, BannerKind};
use crate::ui::widget::{BODY_SIZE, LABEL_SIZE, banner, heading, labelled, slots};
use omu_core::domain::dates::{format_local, utc_to_london};
use omu_core::domain::keys::{
    BoardHook, Bunch, BunchForm, GateEntry, HookState, Incident, IncidentForm, IncidentKind, TallyHolder, Visitor,
    Whereabouts, count_difference, counted_keys, default_due_back, movement_time, parse_due_back, read_gate_hook,
    read_gate_number,
};
use omu_core::print;
use omu_core::storage::{HookTile, IssueDetails, MovementLine, ReturnDetails};

pub mod history;
pub use bunches::{BunchColumn, BunchField, HookRangeField};
pub use history::{HistoryColumn, HistoryField};
pub use holders::{HolderColumn, HolderField, HolderFlag};

pub mod visitors;
pub use visitors::VisitorField;

pub mod incidents;
pub use incidents::IncidentField;

pub mod bunches;

pub mod holders;

mod board;
mod gate;

pub const LOOKUP_ID: &str = "keys-lookup";
/// The second officer's tally box, shown for a restricted bunch.
pub const SECOND_TALLY_ID: &str = "keys-second-tally";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Board,
    Holders,
    Bunches,
    Incidents,
    Visitors,
    History,
}

impl Tab {
    const ALL: [(Tab, &'static str); 6] = [
        (Tab::Board, "Board"),
        (Tab::Holders, "Tally holders"),
        (Tab::Bunches, "Bunches"),
        (Tab::Incidents, "Incidents"),
        (Tab::Visitors, "Visitors"),
        (Tab::History, "History and end of day"),
    ];
}

/// What the gate is about to do, waiting for Enter.
#[derive(Debug, Clone, PartialEq)]
enum Pending {
    Issue { bunch: Bunch, holder: TallyHolder },
    Return { bunch: Bunch, holder: Option<TallyHolder>, since: DateTime<Utc> },
}

pub struct KeysScreen {
    tab: Tab,
    tiles: Vec<HookTile>,
    holders: Vec<TallyHolder>,
    incidents: Vec<Incident>,
    visitors: Vec<Visitor>,
    cut_off: NaiveTime,
    /// The access groups with their own time for keys back.
    group_times: std::collections::BTreeMap<String, NaiveTime>,
    lookup: String,
    /// A hook chosen with no tally of its number: the next number is the tally of
    /// the person drawing it.
    drawing: Option<u32>,
    pending: Option<Pending>,
    /// The tally of the second officer confirming a restricted issue.
    second_tally: String,
    search: String,
    only: Option<HookState>,
    time: String,
    due: String,
    count_differs: bool,
    /// The keys counted, as typed ("" for as listed).
    counted: String,
    count_note: String,
    condition: String,
    holders_tab: holders::HoldersTab,
    bunches_tab: bunches::BunchesTab,
    incidents_tab: incidents::IncidentsTab,
    visitors_tab: visitors::VisitorsTab,
    history_tab: history::HistoryTab,
    notice: Option<(BannerKind, String)>,
    printing: printing::Status,
}

#[derive(Debug, Clone)]
pub enum Message {
    /// One of the screen's tabs was chosen.
    Tab(Tab),
    /// Something on the tally holders tab.
    Holders(holders::Message),
    /// Something on the bunches tab.
    Bunches(bunches::Message),
    /// Something on the incidents tab.
    Incidents(incidents::Message),
    /// Something on the visitors tab.
    Visitors(visitors::Message),
    /// Something on the history and end-of-day tab.
    History(history::Message),
    /// The tally or hook number box was edited.
    Lookup(String),
    /// Enter in the number box: find the tally or hook, or confirm what was found.
    Submit,
    /// Confirm the issue or return waiting for Enter.
    Confirm,
    /// Esc or Cancel: drop the issue or return waiting for Enter; with nothing
    /// waiting, empty the number box and its message. Nothing is recorded.
    CancelPending,
    /// The time out (or in) was edited, for a movement written up late.
    Time(String),
    /// The time the keys are due back was edited.
    Due(String),
    /// Whether the count on return differs from the bunch's list was changed.
    CountDiffers(bool),
    /// What is different about the count was edited.
    CountNote(String),
    /// The keys counted were typed: a number other than the list's is a count that
    /// differs, from the keyboard.
    Counted(String),
    /// The condition of the keys on return was edited.
    Condition(String),
    /// The board's search box was edited.
    Search(String),
    /// Empty the board's search and show every hook.
    ClearBoardFilters,
    /// Show only hooks in this state (or all).
    Only(Option<HookState>),
    /// A tile was clicked: start from its hook number.
    Hook(u32),
    /// The second officer's tally number, for a restricted bunch, was edited.
    SecondTally(String),
    /// A printout was saved, or failed; it names what it disclosed.
    Printed(printing::Outcome),
    /// The printing status line (open the saved file, dismiss).
    Printing(printing::Message),
}

pub enum Action {
    None,
    Run(Task<Message>),
}

/// What one tab's update asks of the keys screen.
pub enum Outcome {
    Nothing,
    /// The register changed: read it again, and tell the gate this.
    Changed(BannerKind, String),
    /// Nothing was written, for this reason.
    Refused(String),
    /// Print this (a save dialog, the file written, the disclosure recorded).
    Print(Box<Result<print::Printable, print::PrintError>>),
    /// Save this list as a spreadsheet (a save dialog, the file, the disclosure).
    Export(Box<omu_core::exchange::lists::ListTable>),
}

impl KeysScreen {
    pub fn new(ctx: &mut Context) -> Self {
        let mut screen = Self {
            tab: Tab::Board,
            tiles: Vec::new(),
            holders: Vec::new(),
            incidents: Vec::new(),
            visitors: Vec::new(),
            cut_off: omu_core::domain::keys::DEFAULT_CUT_OFF,
            group_times: std::collections::BTreeMap::new(),
            lookup: String::new(),
            drawing: None,
            pending: None,
            second_tally: String::new(),
            search: String::new(),
            only: None,
            time: String::new(),
            due: String::new(),
            count_differs: false,
            counted: String::new(),
            count_note: String::new(),
            condition: "Good".into(),
            holders_tab: holders::HoldersTab::default(),
            bunches_tab: bunches::BunchesTab::default(),
            incidents_tab: incidents::IncidentsTab::default(),
            visitors_tab: visitors::VisitorsTab::default(),
            history_tab: history::HistoryTab::new(ctx.today),
            notice: None,
            printing: printing::Status::default(),
        };
        screen.reload(ctx);
        screen
    }

    /// Puts the cursor in the number box, ready for the first tally.
    pub fn focus() -> Task<Message> {
        operation::focus(LOOKUP_ID)
    }

    /// The bunch form being filled in, if one is open.
    pub fn bunch_form(&self) -> Option<&BunchForm> {
        self.bunches_tab.form()
    }

    /// The movement history, in the order shown.
    pub fn history(&self) -> &[MovementLine] {
        self.history_tab.lines()
    }

    pub fn tiles(&self) -> &[HookTile] {
        &self.tiles
    }

    fn reload(&mut self, ctx: &mut Context) {
        let now = ctx.now;
        let loaded = (|| {
            Ok::<_, omu_core::storage::Error>((
                ctx.db.key_board(now)?,
                ctx.db.tally_holders()?,
                ctx.db.incidents()?,
                ctx.db.visitors(now - Duration::hours(24))?,
                ctx.db.key_cut_off()?,
                ctx.db.access_group_times()?,
            ))
        })();
        match loaded {
            Ok((tiles, holders, incidents, visitors, cut_off, group_times)) => {
                self.group_times = group_times;
                self.tiles = tiles;
                self.holders = holders;
                self.incidents = incidents;
                self.visitors = visitors;
                self.cut_off = cut_off;
            }
            Err(error) => self.notice = Some((BannerKind::Error, format!("The register could not be read: {error}"))),
        }
    }

    /// What a tab's update asks of the screen: read the register again after a
    /// change and say so, or show why nothing changed.
    fn after(&mut self, outcome: Outcome, ctx: &mut Context) -> Action {
        match outcome {
            Outcome::Nothing => {}
            Outcome::Changed(kind, notice) => {
                self.reload(ctx);
                self.notice = Some((kind, notice));
            }
            Outcome::Refused(reason) => self.fail(reason),
            Outcome::Print(printable) => return self.print(ctx, *printable),
            Outcome::Export(table) => return Action::Run(printing::export_list(*table, ctx).map(Message::Printed)),
        }
        Action::None
    }

    fn fail(&mut self, message: impl Into<String>) {
        self.notice = Some((BannerKind::Error, message.into()));
    }

    fn print(&mut self, ctx: &mut Context, printable: Result<print::Printable, print::PrintError>) -> Action {
        Action::Run(self.printing.start(printable, ctx).map(Message::Printed))
    }
}

impl Screen for KeysScreen {
    type Message = Message;
    type Action = Action;

    fn update(&mut self, message: Message, ctx: &mut Context) -> Action {
        match message {
            Message::Tab(tab) => {
                self.tab = tab;
                self.notice = None;
                if tab == Tab::History {
                    let outcome = self.history_tab.open(ctx, &self.tiles, &self.holders);
                    return self.after(outcome, ctx);
                }
                if tab == Tab::Board {
                    return Action::Run(Self::focus());
                }
            }
            Message::History(message) => {
                let outcome = self.history_tab.update(message, ctx, &self.tiles, &self.holders);
                return self.after(outcome, ctx);
            }
            Message::Incidents(message) => {
                let outcome = self.incidents_tab.update(message, ctx);
                return self.after(outcome, ctx);
            }
            Message::Visitors(message) => {
                let outcome = self.visitors_tab.update(message, ctx);
                return self.after(outcome, ctx);
            }
            Message::Bunches(message) => {
                let outcome = self.bunches_tab.update(message, ctx, &self.tiles, &self.group_times);
                return self.after(outcome, ctx);
            }
            Message::Holders(message) => {
                let outcome = self.holders_tab.update(message, ctx, &self.holders);
                return self.after(outcome, ctx);
            }
            Message::Lookup(value) => {
                self.lookup = value.chars().filter(char::is_ascii_digit).take(4).collect();
                self.pending = None;
            }
            Message::Submit => {
                if self.pending.is_some() {
                    return self.confirm(ctx);
                }
                self.resolve(ctx);
                match &self.pending {
                    // A restricted bunch waits for the second officer's tally: the
                    // cursor goes there, so the gate carries on from the keyboard.
                    Some(Pending::Issue { bunch, .. }) if bunch.restricted => {
                        return Action::Run(operation::focus(SECOND_TALLY_ID));
                    }
                    Some(_) => {}
                    // Refused: the number stays to read beside the reason, selected, so
                    // the next number typed replaces it instead of running on from it.
                    None => return Action::Run(Self::focus().chain(operation::select_all(LOOKUP_ID))),
                }
            }
            Message::Confirm => return self.confirm(ctx),
            Message::CancelPending => {
                // With nothing waiting, Esc starts again: an empty box and no reason.
                if self.pending.take().is_none() {
                    self.lookup.clear();
                    self.drawing = None;
                    self.notice = None;
                }
                return Action::Run(Self::focus());
            }
            Message::Hook(hook) => {
                self.tab = Tab::Board;
                self.lookup = hook.to_string();
                self.pending = None;
                self.resolve_hook(hook, ctx);
                return Action::Run(Self::focus());
            }
            Message::Time(value) => self.time = value,
            Message::Due(value) => self.due = value,
            Message::CountDiffers(on) => {
                self.count_differs = on;
                if !on {
                    self.counted.clear();
                }
            }
            Message::Counted(typed) => self.counted_typed(typed),
            Message::CountNote(value) => self.count_note = value,
            Message::Condition(value) => self.condition = value,
            Message::Search(value) => self.search = value,
            Message::ClearBoardFilters => {
                self.search.clear();
                self.only = None;
            }
            Message::Only(state) => self.only = state,
            Message::SecondTally(value) => {
                self.second_tally = value.chars().filter(char::is_ascii_digit).take(4).collect();
            }
            Message::Printed(outcome) => self.printing.finished(outcome, ctx.db),
            Message::Printing(message) => return Action::Run(self.printing.update(message).map(Message::Printing)),
        }
        Action::None
    }

    fn view<'a>(&'a self, shared: &Shared<'a>) -> Element<'a, Message> {
        let mut tabs = row![].spacing(6);
        for (tab, label) in Tab::ALL {
            tabs =
                tabs.push(button(text(label).size(BODY_SIZE)).on_press(Message::Tab(tab)).style(if tab == self.tab {
                    button::primary
                } else {
                    button::secondary
                }));
        }
        let mut page = column![heading("Keys and tallies"), tabs].spacing(10);
        page = page.push(slots([
            self.notice.as_ref().map(|(kind, message)| Element::from(banner(*kind, message.as_str()))),
            self.printing.view().map(|status| Element::from(status.map(Message::Printing))),
        ]));
        let body = match self.tab {
            Tab::Board => self.board_view(shared.now),
            Tab::Holders => self.holders_tab.view(&self.holders, shared.now).map(Message::Holders),
            Tab::Bunches => self.bunches_tab.view(&self.tiles, &self.group_times, shared.now).map(Message::Bunches),
            Tab::Incidents => self.incidents_tab.view(&self.incidents, &self.tiles).map(Message::Incidents),
            Tab::Visitors => self.visitors_tab.view(&self.visitors).map(Message::Visitors),
            Tab::History => self.history_tab.view(&self.tiles, shared.now).map(Message::History),
        };
        page.push(body).into()
    }

    /// What leaving now would lose: a movement waiting for Enter, or a form begun.
    fn unsaved_work(&self) -> Option<&'static str> {
        if self.pending.is_some() {
            Some("the key issue or return waiting for Enter")
        } else if let Some(work) = self.incidents_tab.unsaved_work() {
            Some(work)
        } else if self.holders_tab.is_editing() {
            Some("the tally holder form")
        } else if let Some(work) = self.bunches_tab.unsaved_work() {
            Some(work)
        } else if let Some(work) = self.history_tab.unsaved_work() {
            Some(work)
        } else if let Some(work) = self.visitors_tab.unsaved_work() {
            Some(work)
        } else if !self.count_note.trim().is_empty() {
            Some("the end-of-day count")
        } else {
            None
        }
    }
}
