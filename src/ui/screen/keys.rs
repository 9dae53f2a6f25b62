//! The gate's key board: every hook at a glance, and issue or return by typing a
//! tally (or hook) number and pressing Enter. Tabs hold the tally holders, the
//! bunches, incidents, visitors, and the history with the end-of-day check.

use chrono::{DateTime, Duration, NaiveTime, Utc};
use iced::widget::{button, column, container, grid, operation, row, scrollable, text, text_input};
use iced::{Alignment, Background, Border, Color, Element, Fill, Length, Task, Theme};

use super::{Context, Screen, Shared};
use crate::ui::printing;
use crate::ui::theme::{self, BannerKind};
use crate::ui::widget::{BODY_SIZE, LABEL_SIZE, badge, banner, chip, field, field_row, heading, labelled, section};
use omu_core::domain::dates::{format_local, london_to_utc, parse_date, utc_to_london};
use omu_core::domain::keys::{
    Bunch, BunchForm, HolderForm, HookState, Incident, IncidentForm, IncidentKind, ReportedTo, TallyHolder, Visitor,
    Whereabouts, default_due_back, movement_time, parse_due_back,
};
use omu_core::domain::risk::Coded;
use omu_core::domain::text::{NAME_MAX_CHARS, SHORT_TEXT_MAX_CHARS, clean_line};
use omu_core::print;
use omu_core::storage::{HookTile, IssueDetails, MovementLine, ReturnDetails};

pub const LOOKUP_ID: &str = "keys-lookup";

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

#[derive(Debug, Clone, Default)]
struct VisitorForm {
    name: String,
    organisation: String,
    purpose: String,
    escorted_by: String,
}

pub struct KeysScreen {
    tab: Tab,
    tiles: Vec<HookTile>,
    holders: Vec<TallyHolder>,
    incidents: Vec<Incident>,
    visitors: Vec<Visitor>,
    cut_off: NaiveTime,
    lookup: String,
    pending: Option<Pending>,
    search: String,
    only: Option<HookState>,
    time: String,
    due: String,
    count_differs: bool,
    count_note: String,
    condition: String,
    holder_form: Option<(i64, HolderForm)>,
    bunch_form: Option<(i64, BunchForm)>,
    incident_form: Option<IncidentForm>,
    closing: Option<(i64, String)>,
    visitor_form: VisitorForm,
    history_from: String,
    history_to: String,
    history_hook: String,
    history_tally: String,
    history: Vec<MovementLine>,
    correcting: Option<(i64, String)>,
    notice: Option<(BannerKind, String)>,
    printing: printing::Status,
}

#[derive(Debug, Clone)]
pub enum Message {
    Tab(Tab),
    Lookup(String),
    /// Enter in the number box: find the tally or hook, or confirm what was found.
    Submit,
    Confirm,
    CancelPending,
    Time(String),
    Due(String),
    CountDiffers(bool),
    CountNote(String),
    Condition(String),
    Search(String),
    Only(Option<HookState>),
    /// A tile was clicked: start from its hook number.
    Hook(u32),
    NewHolder,
    EditHolder(i64),
    HolderText(HolderField, String),
    HolderFlag(HolderFlag, bool),
    SaveHolder,
    CancelHolder,
    NewBunch,
    EditBunch(i64),
    BunchText(BunchField, String),
    BunchOutOfUse(bool),
    SaveBunch,
    CancelBunch,
    NewIncident,
    IncidentKind(IncidentKind),
    IncidentReportedTo(ReportedTo),
    IncidentText(IncidentField, String),
    SaveIncident,
    CancelIncident,
    StartClosing(i64),
    ClosingNotes(String),
    CloseIncident,
    VisitorText(VisitorField, String),
    SignIn,
    SignOut(i64),
    HistoryText(HistoryField, String),
    ShowHistory,
    StartCorrection(i64),
    CorrectionReason(String),
    Correct,
    PrintReconciliation,
    PrintHistory,
    Printed(printing::Outcome),
    Printing(printing::Message),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HolderField {
    Name,
    Role,
    Department,
    Tally,
    Assessed,
    KeyTalk,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HolderFlag {
    ChainAndPouch,
    Overnight,
    Suspended,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BunchField {
    Hook,
    Description,
    Count,
    Contents,
    Reason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncidentField {
    Hook,
    Keys,
    ReportedBy,
    Explanation,
    Actions,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VisitorField {
    Name,
    Organisation,
    Purpose,
    Escort,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryField {
    From,
    To,
    Hook,
    Tally,
}

pub enum Action {
    None,
    Run(Task<Message>),
}

impl KeysScreen {
    pub fn new(ctx: &mut Context) -> Self {
        let today = omu_core::domain::dates::format_date(ctx.today);
        let mut screen = Self {
            tab: Tab::Board,
            tiles: Vec::new(),
            holders: Vec::new(),
            incidents: Vec::new(),
            visitors: Vec::new(),
            cut_off: omu_core::domain::keys::DEFAULT_CUT_OFF,
            lookup: String::new(),
            pending: None,
            search: String::new(),
            only: None,
            time: String::new(),
            due: String::new(),
            count_differs: false,
            count_note: String::new(),
            condition: "Good".into(),
            holder_form: None,
            bunch_form: None,
            incident_form: None,
            closing: None,
            visitor_form: VisitorForm::default(),
            history_from: omu_core::domain::dates::format_date(ctx.today - Duration::days(7)),
            history_to: today,
            history_hook: String::new(),
            history_tally: String::new(),
            history: Vec::new(),
            correcting: None,
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

    pub fn tiles(&self) -> &[HookTile] {
        &self.tiles
    }

    fn reload(&mut self, ctx: &mut Context) {
        let now = Utc::now();
        let loaded = (|| {
            Ok::<_, omu_core::storage::Error>((
                ctx.db.key_board(now)?,
                ctx.db.tally_holders()?,
                ctx.db.incidents()?,
                ctx.db.visitors(now - Duration::hours(24))?,
                ctx.db.key_cut_off()?,
            ))
        })();
        match loaded {
            Ok((tiles, holders, incidents, visitors, cut_off)) => {
                self.tiles = tiles;
                self.holders = holders;
                self.incidents = incidents;
                self.visitors = visitors;
                self.cut_off = cut_off;
            }
            Err(error) => self.notice = Some((BannerKind::Error, format!("The register could not be read: {error}"))),
        }
    }

    fn fail(&mut self, message: impl Into<String>) {
        self.notice = Some((BannerKind::Error, message.into()));
    }

    fn print(&mut self, ctx: &mut Context, printable: Result<print::Printable, print::PrintError>) -> Action {
        Action::Run(self.printing.start(printable, ctx).map(Message::Printed))
    }

    fn edit_incident(&mut self, change: impl FnOnce(&mut IncidentForm)) {
        if let Some(form) = &mut self.incident_form {
            change(form);
        }
    }

    /// Works out from a typed number what the gate means: the holder of that tally
    /// returning their keys or drawing their own bunch, or the bunch on that hook.
    fn resolve(&mut self, ctx: &mut Context) {
        let Ok(number) = self.lookup.parse::<u32>() else {
            self.fail("Type a tally or hook number, then press Enter");
            return;
        };
        self.reload(ctx);
        if let Some(holder) = self.holders.iter().find(|holder| holder.tally == number).cloned() {
            let held = self.tiles.iter().find(|tile| tile.holder.as_ref().is_some_and(|h| h.id == holder.id));
            self.pending = match held {
                Some(tile) => {
                    Some(Pending::Return { bunch: tile.bunch.clone(), holder: Some(holder), since: out_since(tile) })
                }
                None => match self.tiles.iter().find(|tile| tile.bunch.hook == number) {
                    Some(tile) if tile.holder.is_none() => Some(Pending::Issue { bunch: tile.bunch.clone(), holder }),
                    Some(tile) => {
                        self.fail(format!(
                            "Tally {number} ({}) has no keys out, and bunch {number} is out with {}.",
                            holder.name,
                            tile.holder.as_ref().map_or("someone", |h| h.name.as_str())
                        ));
                        None
                    }
                    None => {
                        self.fail(format!(
                            "Tally {number} ({}) has no keys out and no bunch on hook {number}.",
                            holder.name
                        ));
                        None
                    }
                },
            };
        } else {
            self.resolve_hook(number, ctx);
        }
        self.prepare_times();
    }

    fn resolve_hook(&mut self, hook: u32, ctx: &mut Context) {
        self.reload(ctx);
        match self.tiles.iter().find(|tile| tile.bunch.hook == hook) {
            Some(tile) if matches!(tile.whereabouts, Whereabouts::Out { .. }) => {
                self.pending = Some(Pending::Return {
                    bunch: tile.bunch.clone(),
                    holder: tile.holder.clone(),
                    since: out_since(tile),
                });
            }
            Some(tile) => match self.holders.iter().find(|holder| holder.tally == hook) {
                Some(holder) => {
                    self.pending = Some(Pending::Issue { bunch: tile.bunch.clone(), holder: holder.clone() })
                }
                None => self.fail(format!("Hook {hook} is in. Type the tally number of the person drawing it.")),
            },
            None => self.fail(format!("No tally holder or bunch is numbered {hook}.")),
        }
        self.prepare_times();
    }

    fn prepare_times(&mut self) {
        self.time.clear();
        self.count_differs = false;
        self.count_note.clear();
        self.condition = "Good".into();
        self.due = match &self.pending {
            Some(Pending::Issue { holder, .. }) => {
                let due = default_due_back(Utc::now(), self.cut_off, holder.overnight_allowed);
                utc_to_london(due).format("%d/%m/%Y %H:%M").to_string()
            }
            _ => String::new(),
        };
        if self.pending.is_some() && matches!(self.notice, Some((BannerKind::Error, _))) {
            self.notice = None;
        }
    }

    fn confirm(&mut self, ctx: &mut Context) -> Action {
        let Some(pending) = self.pending.clone() else { return Action::None };
        let now = ctx.now;
        let at = match movement_time(&self.time, now) {
            Ok(at) => at,
            Err(message) => {
                self.fail(message.to_string());
                return Action::None;
            }
        };
        let result = match &pending {
            Pending::Issue { bunch, holder } => {
                let due_back = match parse_due_back(&self.due, ctx.now) {
                    Ok(due) => due,
                    Err(message) => {
                        self.fail(format!("Due back: {message}"));
                        return Action::None;
                    }
                };
                ctx.db
                    .issue_keys(
                        &IssueDetails {
                            bunch_id: bunch.id,
                            holder_id: holder.id,
                            at,
                            due_back,
                            count_confirmed: !self.count_differs,
                            count_note: self.count_note.trim().to_string(),
                        },
                        now,
                    )
                    .map(|_| {
                        format!(
                            "Hook {} ({}) issued to {} (tally {}), due back {}.",
                            bunch.hook,
                            bunch.description,
                            holder.name,
                            holder.tally,
                            format_local(due_back)
                        )
                    })
            }
            Pending::Return { bunch, holder, .. } => ctx
                .db
                .return_keys(
                    &ReturnDetails {
                        bunch_id: bunch.id,
                        at,
                        count_confirmed: !self.count_differs,
                        count_note: self.count_note.trim().to_string(),
                        condition: self.condition.trim().to_string(),
                    },
                    now,
                )
                .map(|_| {
                    format!(
                        "Hook {} returned{}. {}",
                        bunch.hook,
                        holder.as_ref().map(|h| format!(" by {} (tally {})", h.name, h.tally)).unwrap_or_default(),
                        if self.count_differs {
                            "Count discrepancy noted: record an incident."
                        } else {
                            "Count correct."
                        }
                    )
                }),
        };
        match result {
            Ok(done) => {
                self.pending = None;
                self.lookup.clear();
                self.reload(ctx);
                self.notice = Some((if self.count_differs { BannerKind::Warning } else { BannerKind::Success }, done));
                if self.count_differs {
                    self.incident_form = Some(IncidentForm {
                        kind: Some(IncidentKind::CountDiscrepancy),
                        hook: match &pending {
                            Pending::Issue { bunch, .. } | Pending::Return { bunch, .. } => bunch.hook.to_string(),
                        },
                        explanation: self.count_note.clone(),
                        reported_by: ctx.settings.user_name.clone(),
                        ..IncidentForm::default()
                    });
                }
                Action::Run(Self::focus())
            }
            Err(error) => {
                self.fail(error.to_string());
                Action::None
            }
        }
    }

    fn sign_in(&mut self, ctx: &mut Context) {
        let form = &self.visitor_form;
        let name = clean_line(&form.name, NAME_MAX_CHARS);
        let escort = clean_line(&form.escorted_by, NAME_MAX_CHARS);
        let (Ok(name), Ok(escorted_by)) = (name, escort) else {
            self.fail("Name and escort: no control characters, up to 100 characters");
            return;
        };
        if name.is_empty() || escorted_by.is_empty() {
            self.fail("Sign in: the visitor's name and who escorts them are required");
            return;
        }
        let visitor = Visitor {
            id: 0,
            name,
            organisation: clean_line(&form.organisation, SHORT_TEXT_MAX_CHARS).unwrap_or_default(),
            purpose: clean_line(&form.purpose, SHORT_TEXT_MAX_CHARS).unwrap_or_default(),
            escorted_by,
            signed_in_at: Utc::now(),
            signed_out_at: None,
        };
        match ctx.db.sign_in_visitor(&visitor) {
            Ok(_) => {
                self.visitor_form = VisitorForm::default();
                self.reload(ctx);
                self.notice = Some((BannerKind::Success, format!("{} signed in.", visitor.name)));
            }
            Err(error) => self.fail(format!("Not signed in: {error}")),
        }
    }

    /// The history filter as instants and numbers.
    fn history_range(&self) -> Result<HistoryRange, String> {
        let from = parse_date(&self.history_from).map_err(|m| format!("From: {m}"))?.ok_or("From: required")?;
        let to = parse_date(&self.history_to).map_err(|m| format!("To: {m}"))?.ok_or("To: required")?;
        if from > to {
            return Err("From must be on or before To".into());
        }
        let number = |value: &str, label: &str| -> Result<Option<u32>, String> {
            let value = value.trim();
            if value.is_empty() {
                return Ok(None);
            }
            value.parse().map(Some).map_err(|_| format!("{label}: a number, or leave it empty for all"))
        };
        Ok(HistoryRange {
            from: london_to_utc(from, NaiveTime::MIN),
            to: london_to_utc(to + Duration::days(1), NaiveTime::MIN),
            hook: number(&self.history_hook, "Hook")?,
            tally: number(&self.history_tally, "Tally")?,
        })
    }

    fn show_history(&mut self, ctx: &mut Context) {
        let range = self.history_range();
        let HistoryRange { from, to, hook, tally } = match range {
            Ok(range) => range,
            Err(message) => return self.fail(message),
        };
        let bunch = hook.and_then(|hook| self.tiles.iter().find(|t| t.bunch.hook == hook).map(|t| t.bunch.id));
        let holder = tally.and_then(|tally| self.holders.iter().find(|h| h.tally == tally).map(|h| h.id));
        if hook.is_some() && bunch.is_none() {
            return self.fail("No bunch on that hook");
        }
        if tally.is_some() && holder.is_none() {
            return self.fail("No one holds that tally");
        }
        match ctx.db.movement_history(from, to, bunch, holder, 500) {
            Ok(lines) => self.history = lines,
            Err(error) => self.fail(format!("The history could not be read: {error}")),
        }
    }

    fn board_view(&self) -> Element<'_, Message> {
        let count = |state: HookState| self.tiles.iter().filter(|tile| tile.state == state).count();
        let lookup = text_input("Tally no.", &self.lookup)
            .id(LOOKUP_ID)
            .on_input(Message::Lookup)
            .on_submit(Message::Submit)
            .padding(10)
            .size(26)
            .width(340);
        let mut top = column![
            row![
                labelled("Type a tally (or hook) number, then Enter", lookup, None),
                text(format!(
                    "{} in · {} out · {} overdue · {} out of use · cut-off {}",
                    count(HookState::In),
                    count(HookState::Out) + count(HookState::Overdue),
                    count(HookState::Overdue),
                    count(HookState::OutOfUse),
                    self.cut_off.format("%H:%M")
                ))
                .size(BODY_SIZE),
            ]
            .spacing(16)
            .align_y(Alignment::Center)
        ]
        .spacing(10);
        if let Some(pending) = &self.pending {
            top = top.push(self.pending_view(pending));
        }
        let filter_chip = |label: &'static str, state: Option<HookState>| {
            button(text(label).size(LABEL_SIZE)).on_press(Message::Only(state)).style(if self.only == state {
                button::primary
            } else {
                button::secondary
            })
        };
        top = top.push(
            row![
                text_input("Find a holder, bunch or tally", &self.search)
                    .on_input(Message::Search)
                    .padding(6)
                    .width(280),
                filter_chip("All", None),
                filter_chip("Out", Some(HookState::Out)),
                filter_chip("Overdue", Some(HookState::Overdue)),
                filter_chip("Out of use", Some(HookState::OutOfUse)),
                filter_chip("Compromised", Some(HookState::Compromised)),
            ]
            .spacing(6)
            .align_y(Alignment::Center),
        );
        let wanted = omu_core::domain::text::fold(self.search.trim());
        let tiles = self
            .tiles
            .iter()
            .filter(|tile| self.only.is_none_or(|state| tile.state == state))
            .filter(|tile| {
                wanted.is_empty()
                    || tile.bunch.hook.to_string() == wanted
                    || omu_core::domain::text::fold(&tile.bunch.description).contains(&wanted)
                    || tile.holder.as_ref().is_some_and(|holder| {
                        holder.tally.to_string() == wanted
                            || omu_core::domain::text::fold(&holder.name).contains(&wanted)
                    })
            })
            .map(tile_view);
        column![
            top,
            scrollable(grid(tiles).fluid(132).height(iced::widget::grid::aspect_ratio(132, 84)).spacing(6))
                .height(Fill)
        ]
        .spacing(10)
        .into()
    }

    fn pending_view<'a>(&'a self, pending: &'a Pending) -> Element<'a, Message> {
        let (headline, action) = match pending {
            Pending::Issue { bunch, holder } => (
                format!(
                    "ISSUE hook {} ({}, {} keys) to {} (tally {}, {})",
                    bunch.hook, bunch.description, bunch.key_count, holder.name, holder.tally, holder.department
                ),
                "Issue  (Enter)",
            ),
            Pending::Return { bunch, holder, since } => (
                format!(
                    "RETURN hook {} ({}, {} keys) from {}, out since {}",
                    bunch.hook,
                    bunch.description,
                    bunch.key_count,
                    holder.as_ref().map_or("unknown holder".to_string(), |h| format!("{} (tally {})", h.name, h.tally)),
                    format_local(*since)
                ),
                "Return  (Enter)",
            ),
        };
        let key_count = match pending {
            Pending::Issue { bunch, .. } | Pending::Return { bunch, .. } => bunch.key_count,
        };
        let mut details = column![text(headline).size(18)].spacing(8);
        let mut fields = row![field("Time (empty = now)", &self.time, None, Message::Time)].spacing(10);
        if let Pending::Issue { .. } = pending {
            fields = fields.push(field("Due back", &self.due, None, Message::Due));
        } else {
            fields = fields.push(field("Condition", &self.condition, None, Message::Condition));
        }
        details = details.push(fields);
        details = details.push(
            row![
                button(text(format!("{key_count} keys, as listed")))
                    .on_press(Message::CountDiffers(false))
                    .style(if self.count_differs { button::secondary } else { button::success }),
                button(text("Count differs")).on_press(Message::CountDiffers(true)).style(if self.count_differs {
                    button::danger
                } else {
                    button::secondary
                }),
            ]
            .spacing(6),
        );
        if self.count_differs {
            details = details.push(field("What is different", &self.count_note, None, Message::CountNote));
        }
        details = details.push(
            row![
                button(text(action).size(17)).on_press(Message::Confirm).style(button::primary).padding([8, 18]),
                button(text("Cancel")).on_press(Message::CancelPending).style(button::secondary).padding([8, 14]),
            ]
            .spacing(8),
        );
        container(details).padding(14).width(Fill).style(theme::card).into()
    }

    fn holders_view(&self) -> Element<'_, Message> {
        let today = utc_to_london(Utc::now()).date_naive();
        let mut list = column![
            row![
                text(format!("{} tally holders", self.holders.len())).size(BODY_SIZE).width(Fill),
                button(text("Add a tally holder")).on_press(Message::NewHolder).style(button::primary),
            ]
            .align_y(Alignment::Center)
        ]
        .spacing(6);
        if let Some((_, form)) = &self.holder_form {
            list = list.push(holder_editor(form));
        }
        for holder in &self.holders {
            let status: Element<'_, Message> = match holder.barred(today) {
                Some(reason) => badge(BannerKind::Error, reason),
                None => badge(BannerKind::Success, "MAY DRAW KEYS"),
            };
            list = list.push(
                row![
                    text(format!("{:>4}", holder.tally)).size(18).width(60),
                    column![
                        text(holder.name.as_str()).size(BODY_SIZE),
                        text(format!(
                            "{} · {}{}",
                            holder.role,
                            holder.department,
                            if holder.overnight_allowed { " · overnight" } else { "" }
                        ))
                        .size(LABEL_SIZE)
                        .style(theme::muted),
                    ]
                    .width(Fill),
                    status,
                    button(text("Edit")).on_press(Message::EditHolder(holder.id)).style(button::secondary),
                ]
                .spacing(10)
                .align_y(Alignment::Center),
            );
        }
        scrollable(list.padding(iced::Padding { right: 14.0, ..iced::Padding::ZERO })).height(Fill).into()
    }

    fn bunches_view(&self) -> Element<'_, Message> {
        let mut list = column![
            row![
                text(format!("{} bunches on {} hooks", self.tiles.len(), self.tiles.len())).size(BODY_SIZE).width(Fill),
                button(text("Add a bunch")).on_press(Message::NewBunch).style(button::primary),
            ]
            .align_y(Alignment::Center)
        ]
        .spacing(6);
        if let Some((_, form)) = &self.bunch_form {
            list = list.push(bunch_editor(form));
        }
        for tile in &self.tiles {
            let bunch = &tile.bunch;
            list = list.push(
                row![
                    text(format!("{:>4}", bunch.hook)).size(18).width(60),
                    column![
                        text(bunch.description.as_str()).size(BODY_SIZE),
                        text(format!("{} keys · {}", bunch.key_count, bunch.contents))
                            .size(LABEL_SIZE)
                            .style(theme::muted),
                    ]
                    .width(Fill),
                    text(tile.state.label()).size(BODY_SIZE),
                    button(text("Edit")).on_press(Message::EditBunch(bunch.id)).style(button::secondary),
                ]
                .spacing(10)
                .align_y(Alignment::Center),
            );
        }
        scrollable(list.padding(iced::Padding { right: 14.0, ..iced::Padding::ZERO })).height(Fill).into()
    }

    fn incidents_view(&self) -> Element<'_, Message> {
        let mut list = column![
            row![
                text(format!("{} open", self.incidents.iter().filter(|i| i.closed_at.is_none()).count()))
                    .size(BODY_SIZE)
                    .width(Fill),
                button(text("Report an incident")).on_press(Message::NewIncident).style(button::primary),
            ]
            .align_y(Alignment::Center)
        ]
        .spacing(8);
        if let Some(form) = &self.incident_form {
            list = list.push(incident_editor(form));
        }
        for incident in &self.incidents {
            let hook = self.tiles.iter().find(|t| t.bunch.id == incident.bunch_id).map_or(0, |t| t.bunch.hook);
            let mut card = column![
                row![
                    text(format!("{} · hook {hook}", incident.kind.label())).size(17).width(Fill),
                    if incident.closed_at.is_some() {
                        badge(BannerKind::Success, "CLOSED")
                    } else {
                        badge(BannerKind::Error, "OPEN")
                    },
                ]
                .align_y(Alignment::Center),
                text(format!(
                    "Reported {} by {} to the {}. Last holder: {}.",
                    format_local(incident.reported_at),
                    incident.reported_by,
                    incident.reported_to.label().to_lowercase(),
                    incident.last_holder
                ))
                .size(LABEL_SIZE),
                text(format!("Keys: {}", incident.keys_affected)).size(LABEL_SIZE),
                text(format!("Explanation: {}", incident.explanation)).size(LABEL_SIZE),
                text(format!("Actions: {}", incident.actions)).size(LABEL_SIZE),
            ]
            .spacing(4);
            match (incident.closed_at, &self.closing) {
                (Some(closed), _) => {
                    card = card.push(
                        text(format!(
                            "Closed {} by {}: {}",
                            format_local(closed),
                            incident.closed_by.clone().unwrap_or_default(),
                            incident.closure_notes
                        ))
                        .size(LABEL_SIZE),
                    )
                }
                (None, Some((id, notes))) if *id == incident.id => {
                    card = card.push(
                        row![
                            field("What was found and done", notes, None, Message::ClosingNotes),
                            button(text("Close incident")).on_press(Message::CloseIncident).style(button::primary),
                        ]
                        .spacing(8)
                        .align_y(Alignment::End),
                    )
                }
                (None, _) => {
                    card = card.push(
                        button(text("Close…")).on_press(Message::StartClosing(incident.id)).style(button::secondary),
                    )
                }
            }
            list = list.push(container(card).padding(10).width(Fill).style(theme::card));
        }
        scrollable(list.padding(iced::Padding { right: 14.0, ..iced::Padding::ZERO })).height(Fill).into()
    }

    fn visitors_view(&self) -> Element<'_, Message> {
        let form = &self.visitor_form;
        let mut list = column![section(
            "Sign in a visitor or contractor (no tally)",
            column![
                field_row([
                    field("Name", &form.name, None, |v| Message::VisitorText(VisitorField::Name, v)),
                    field("Organisation", &form.organisation, None, |v| Message::VisitorText(
                        VisitorField::Organisation,
                        v
                    )),
                ]),
                field_row([
                    field("Purpose", &form.purpose, None, |v| Message::VisitorText(VisitorField::Purpose, v)),
                    field("Escorted by", &form.escorted_by, None, |v| Message::VisitorText(VisitorField::Escort, v)),
                ]),
                button(text("Sign in")).on_press(Message::SignIn).style(button::primary),
            ]
            .spacing(8),
        )]
        .spacing(8);
        for visitor in &self.visitors {
            let status: Element<'_, Message> = match visitor.signed_out_at {
                Some(out) => text(format!("Signed out {}", format_local(out))).size(LABEL_SIZE).into(),
                None => button(text("Sign out")).on_press(Message::SignOut(visitor.id)).style(button::secondary).into(),
            };
            list = list.push(
                row![
                    column![
                        text(format!("{} ({})", visitor.name, visitor.organisation)).size(BODY_SIZE),
                        text(format!(
                            "{} · escorted by {} · in {}",
                            visitor.purpose,
                            visitor.escorted_by,
                            format_local(visitor.signed_in_at)
                        ))
                        .size(LABEL_SIZE)
                        .style(theme::muted),
                    ]
                    .width(Fill),
                    status,
                ]
                .align_y(Alignment::Center),
            );
        }
        scrollable(list.padding(iced::Padding { right: 14.0, ..iced::Padding::ZERO })).height(Fill).into()
    }

    fn history_view(&self) -> Element<'_, Message> {
        let out: Vec<&HookTile> =
            self.tiles.iter().filter(|tile| matches!(tile.whereabouts, Whereabouts::Out { .. })).collect();
        let problems: Vec<String> = self
            .tiles
            .iter()
            .filter_map(|tile| match (tile.state, &tile.holder) {
                (HookState::Overdue, Some(holder)) => {
                    Some(format!("Hook {}: overdue with {} (tally {})", tile.bunch.hook, holder.name, holder.tally))
                }
                (HookState::Compromised, _) => {
                    Some(format!("Hook {}: compromised by an open lost-key incident", tile.bunch.hook))
                }
                (_, Some(holder)) if holder.barred(utc_to_london(Utc::now()).date_naive()).is_some() => {
                    Some(format!("Hook {}: out with {}, who may not now draw keys", tile.bunch.hook, holder.name))
                }
                _ => None,
            })
            .collect();
        let end_of_day = section(
            "End-of-day check",
            column![
                text(if out.is_empty() {
                    "Every bunch is in the key safe.".to_string()
                } else {
                    format!(
                        "Still out: {}",
                        out.iter()
                            .map(|tile| format!(
                                "{} ({})",
                                tile.bunch.hook,
                                tile.holder.as_ref().map_or("?".to_string(), |h| h.name.clone())
                            ))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })
                .size(BODY_SIZE),
                text(if problems.is_empty() { "No hook needs attention.".to_string() } else { problems.join("\n") })
                    .size(BODY_SIZE)
                    .style(if problems.is_empty() { theme::muted } else { theme::error_text }),
                button(text("Print the reconciliation for signing"))
                    .on_press(Message::PrintReconciliation)
                    .style(button::primary),
            ]
            .spacing(8),
        );
        let filters = row![
            field("From", &self.history_from, None, |v| Message::HistoryText(HistoryField::From, v)),
            field("To", &self.history_to, None, |v| Message::HistoryText(HistoryField::To, v)),
            field("Hook (empty = all)", &self.history_hook, None, |v| Message::HistoryText(HistoryField::Hook, v)),
            field("Tally (empty = all)", &self.history_tally, None, |v| Message::HistoryText(HistoryField::Tally, v)),
            button(text("Show")).on_press(Message::ShowHistory).style(button::primary),
            button(text("Print")).on_press(Message::PrintHistory).style(button::secondary),
        ]
        .spacing(8)
        .align_y(Alignment::End);
        let latest: std::collections::HashMap<i64, i64> = self
            .history
            .iter()
            .filter(|line| !line.voided && line.movement.corrects.is_none())
            .fold(std::collections::HashMap::new(), |mut latest, line| {
                latest.entry(line.movement.bunch_id).or_insert(line.movement.id);
                latest
            });
        let lines = self.history.iter().map(|line| {
            let movement = &line.movement;
            let mut what = movement.kind.label().to_string();
            if line.voided {
                what.push_str(" (void)");
            }
            let mut row_view = row![
                text(format_local(movement.at)).size(LABEL_SIZE).width(Length::FillPortion(2)),
                text(format!("Hook {}", line.hook)).size(LABEL_SIZE).width(Length::FillPortion(1)),
                text(what).size(LABEL_SIZE).width(Length::FillPortion(2)),
                text(match (&line.holder, line.tally) {
                    (Some(name), Some(tally)) => format!("{name} ({tally})"),
                    _ => String::new(),
                })
                .size(LABEL_SIZE)
                .width(Length::FillPortion(3)),
                text(if movement.count_confirmed {
                    movement.condition.clone()
                } else {
                    format!("Count: {}", movement.count_note)
                })
                .size(LABEL_SIZE)
                .width(Length::FillPortion(3)),
            ]
            .spacing(6)
            .align_y(Alignment::Center);
            if latest.get(&movement.bunch_id) == Some(&movement.id) && movement.corrects.is_none() {
                row_view = match &self.correcting {
                    Some((id, reason)) if *id == movement.id => row_view
                        .push(text_input("Why it was wrong", reason).on_input(Message::CorrectionReason).width(200))
                        .push(button(text("Record correction")).on_press(Message::Correct).style(button::danger)),
                    _ => row_view.push(
                        button(text("Correct…")).on_press(Message::StartCorrection(movement.id)).style(button::text),
                    ),
                };
            }
            row_view.into()
        });
        scrollable(
            column![end_of_day, section("Movements", column![filters, column(lines).spacing(4)].spacing(10))]
                .spacing(12)
                .padding(iced::Padding { right: 14.0, ..iced::Padding::ZERO }),
        )
        .height(Fill)
        .into()
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
                if tab == Tab::History && self.history.is_empty() {
                    self.show_history(ctx);
                }
                if tab == Tab::Board {
                    return Action::Run(Self::focus());
                }
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
            }
            Message::Confirm => return self.confirm(ctx),
            Message::CancelPending => {
                self.pending = None;
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
            Message::CountDiffers(on) => self.count_differs = on,
            Message::CountNote(value) => self.count_note = value,
            Message::Condition(value) => self.condition = value,
            Message::Search(value) => self.search = value,
            Message::Only(state) => self.only = state,
            Message::NewHolder => {
                let next = self.holders.iter().map(|h| h.tally).max().unwrap_or(0) + 1;
                self.holder_form = Some((0, HolderForm { tally: next.to_string(), ..HolderForm::default() }));
            }
            Message::EditHolder(id) => {
                self.holder_form = self
                    .holders
                    .iter()
                    .find(|holder| holder.id == id)
                    .map(|holder| (id, HolderForm::from_holder(holder)));
            }
            Message::HolderText(field, value) => {
                if let Some((_, form)) = &mut self.holder_form {
                    *match field {
                        HolderField::Name => &mut form.name,
                        HolderField::Role => &mut form.role,
                        HolderField::Department => &mut form.department,
                        HolderField::Tally => &mut form.tally,
                        HolderField::Assessed => &mut form.risk_assessed_on,
                        HolderField::KeyTalk => &mut form.key_talk_on,
                    } = value;
                }
            }
            Message::HolderFlag(flag, on) => {
                if let Some((_, form)) = &mut self.holder_form {
                    *match flag {
                        HolderFlag::ChainAndPouch => &mut form.chain_and_pouch,
                        HolderFlag::Overnight => &mut form.overnight_allowed,
                        HolderFlag::Suspended => &mut form.suspended,
                    } = on;
                }
            }
            Message::SaveHolder => {
                let Some((id, form)) = &self.holder_form else { return Action::None };
                match form.validate(ctx.today) {
                    Ok(holder) => match ctx.db.save_holder(&TallyHolder { id: *id, ..holder }) {
                        Ok(_) => {
                            self.holder_form = None;
                            self.reload(ctx);
                            self.notice = Some((BannerKind::Success, "Tally holder saved.".into()));
                        }
                        Err(error) => self.fail(format!("Not saved: {error}")),
                    },
                    Err(message) => self.fail(message.to_string()),
                }
            }
            Message::CancelHolder => self.holder_form = None,
            Message::NewBunch => {
                let next = self.tiles.iter().map(|t| t.bunch.hook).max().unwrap_or(0) + 1;
                self.bunch_form = Some((0, BunchForm { hook: next.to_string(), ..BunchForm::default() }));
            }
            Message::EditBunch(id) => {
                self.bunch_form = self
                    .tiles
                    .iter()
                    .find(|tile| tile.bunch.id == id)
                    .map(|tile| (id, BunchForm::from_bunch(&tile.bunch)));
            }
            Message::BunchText(field, value) => {
                if let Some((_, form)) = &mut self.bunch_form {
                    *match field {
                        BunchField::Hook => &mut form.hook,
                        BunchField::Description => &mut form.description,
                        BunchField::Count => &mut form.key_count,
                        BunchField::Contents => &mut form.contents,
                        BunchField::Reason => &mut form.out_of_use_reason,
                    } = value;
                }
            }
            Message::BunchOutOfUse(on) => {
                if let Some((_, form)) = &mut self.bunch_form {
                    form.out_of_use = on;
                }
            }
            Message::SaveBunch => {
                let Some((id, form)) = &self.bunch_form else { return Action::None };
                match form.validate() {
                    Ok(bunch) => match ctx.db.save_bunch(&Bunch { id: *id, ..bunch }) {
                        Ok(_) => {
                            self.bunch_form = None;
                            self.reload(ctx);
                            self.notice =
                                Some((BannerKind::Success, "Bunch saved; the change is in the audit trail.".into()));
                        }
                        Err(error) => self.fail(format!("Not saved: {error}")),
                    },
                    Err(message) => self.fail(message.to_string()),
                }
            }
            Message::CancelBunch => self.bunch_form = None,
            Message::NewIncident => {
                self.incident_form =
                    Some(IncidentForm { reported_by: ctx.settings.user_name.clone(), ..IncidentForm::default() })
            }
            Message::IncidentKind(kind) => self.edit_incident(|form| form.kind = Some(kind)),
            Message::IncidentReportedTo(to) => self.edit_incident(|form| form.reported_to = Some(to)),
            Message::IncidentText(field, value) => self.edit_incident(|form| {
                *match field {
                    IncidentField::Hook => &mut form.hook,
                    IncidentField::Keys => &mut form.keys_affected,
                    IncidentField::ReportedBy => &mut form.reported_by,
                    IncidentField::Explanation => &mut form.explanation,
                    IncidentField::Actions => &mut form.actions,
                } = value
            }),
            Message::SaveIncident => {
                let Some(form) = &self.incident_form else { return Action::None };
                match form.validate() {
                    Ok(incident) => match ctx.db.report_incident(&incident, Utc::now()) {
                        Ok(_) => {
                            self.incident_form = None;
                            self.reload(ctx);
                            self.notice = Some((
                                BannerKind::Warning,
                                if incident.kind == IncidentKind::Lost {
                                    format!(
                                        "Incident recorded. Bunch {} is compromised until the incident is closed.",
                                        incident.hook
                                    )
                                } else {
                                    "Incident recorded.".to_string()
                                },
                            ));
                        }
                        Err(error) => self.fail(format!("Not recorded: {error}")),
                    },
                    Err(message) => self.fail(message.to_string()),
                }
            }
            Message::CancelIncident => self.incident_form = None,
            Message::StartClosing(id) => self.closing = Some((id, String::new())),
            Message::ClosingNotes(value) => {
                if let Some((_, notes)) = &mut self.closing {
                    *notes = value;
                }
            }
            Message::CloseIncident => {
                let Some((id, notes)) = &self.closing else { return Action::None };
                if notes.trim().is_empty() {
                    self.fail("Closing: say what was found and done (e.g. key found, locks not compromised)");
                    return Action::None;
                }
                match ctx.db.close_incident(*id, notes.trim(), Utc::now()) {
                    Ok(()) => {
                        self.closing = None;
                        self.reload(ctx);
                        self.notice = Some((BannerKind::Success, "Incident closed.".into()));
                    }
                    Err(error) => self.fail(format!("Not closed: {error}")),
                }
            }
            Message::VisitorText(field, value) => {
                *match field {
                    VisitorField::Name => &mut self.visitor_form.name,
                    VisitorField::Organisation => &mut self.visitor_form.organisation,
                    VisitorField::Purpose => &mut self.visitor_form.purpose,
                    VisitorField::Escort => &mut self.visitor_form.escorted_by,
                } = value;
            }
            Message::SignIn => self.sign_in(ctx),
            Message::SignOut(id) => match ctx.db.sign_out_visitor(id, Utc::now()) {
                Ok(()) => self.reload(ctx),
                Err(error) => self.fail(format!("Not signed out: {error}")),
            },
            Message::HistoryText(field, value) => {
                *match field {
                    HistoryField::From => &mut self.history_from,
                    HistoryField::To => &mut self.history_to,
                    HistoryField::Hook => &mut self.history_hook,
                    HistoryField::Tally => &mut self.history_tally,
                } = value;
            }
            Message::ShowHistory => self.show_history(ctx),
            Message::StartCorrection(id) => self.correcting = Some((id, String::new())),
            Message::CorrectionReason(value) => {
                if let Some((_, reason)) = &mut self.correcting {
                    *reason = value;
                }
            }
            Message::Correct => {
                let Some((id, reason)) = self.correcting.clone() else { return Action::None };
                match ctx.db.correct_movement(id, &reason, Utc::now()) {
                    Ok(_) => {
                        self.correcting = None;
                        self.reload(ctx);
                        self.show_history(ctx);
                        self.notice = Some((
                            BannerKind::Success,
                            "Correction recorded; the mistaken movement is kept, marked void.".into(),
                        ));
                    }
                    Err(error) => self.fail(format!("Not corrected: {error}")),
                }
            }
            Message::PrintReconciliation => {
                return self.print(ctx, print::key_reconciliation(ctx.db, Utc::now()));
            }
            Message::PrintHistory => {
                let printable = self.history_range().and_then(|range| {
                    print::key_history(ctx.db, range.from, range.to, range.hook, range.tally, Utc::now())
                        .map_err(|error| error.to_string())
                });
                return match printable {
                    Ok(printable) => Action::Run(printing::print(printable, ctx).map(Message::Printed)),
                    Err(message) => {
                        self.printing.failed(message);
                        Action::None
                    }
                };
            }
            Message::Printed(outcome) => self.printing.finished(outcome, ctx.db),
            Message::Printing(message) => return Action::Run(self.printing.update(message).map(Message::Printing)),
        }
        Action::None
    }

    fn view<'a>(&'a self, _shared: &Shared<'a>) -> Element<'a, Message> {
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
        if let Some((kind, message)) = &self.notice {
            page = page.push(banner(*kind, message.as_str()));
        }
        if let Some(status) = self.printing.view() {
            page = page.push(status.map(Message::Printing));
        }
        let body = match self.tab {
            Tab::Board => self.board_view(),
            Tab::Holders => self.holders_view(),
            Tab::Bunches => self.bunches_view(),
            Tab::Incidents => self.incidents_view(),
            Tab::Visitors => self.visitors_view(),
            Tab::History => self.history_view(),
        };
        page.push(body).into()
    }

    /// What leaving now would lose: a movement waiting for Enter, or a form begun.
    fn unsaved_work(&self) -> Option<&'static str> {
        let typed = |text: &Option<(i64, String)>| text.as_ref().is_some_and(|(_, typed)| !typed.trim().is_empty());
        let visitor = &self.visitor_form;
        if self.pending.is_some() {
            Some("the key issue or return waiting for Enter")
        } else if self.incident_form.is_some() || typed(&self.closing) {
            Some("the incident report")
        } else if self.holder_form.is_some() {
            Some("the tally holder form")
        } else if self.bunch_form.is_some() {
            Some("the bunch form")
        } else if typed(&self.correcting) {
            Some("the correction")
        } else if [&visitor.name, &visitor.organisation, &visitor.purpose].iter().any(|typed| !typed.trim().is_empty())
        {
            Some("the visitor entry")
        } else if !self.count_note.trim().is_empty() {
            Some("the end-of-day count")
        } else {
            None
        }
    }
}

/// The history filter as instants and numbers.
struct HistoryRange {
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    hook: Option<u32>,
    tally: Option<u32>,
}

fn out_since(tile: &HookTile) -> DateTime<Utc> {
    match tile.whereabouts {
        Whereabouts::Out { since, .. } => since,
        Whereabouts::In => Utc::now(),
    }
}

/// A hook drawn large enough to read from a step back, coloured by its state.
fn tile_view(tile: &HookTile) -> Element<'_, Message> {
    let state = tile.state;
    let who = match (&tile.holder, tile.whereabouts) {
        (Some(holder), Whereabouts::Out { since, .. }) => {
            format!(
                "Tally {} {}\nsince {}",
                holder.tally,
                short_name(&holder.name),
                utc_to_london(since).format("%H:%M")
            )
        }
        _ if state == HookState::OutOfUse => "Out of use".to_string(),
        _ if state == HookState::Compromised => "COMPROMISED".to_string(),
        _ => format!("{} keys in", tile.bunch.key_count),
    };
    let content = column![
        row![text(tile.bunch.hook.to_string()).size(24), text(state.label()).size(12)]
            .spacing(6)
            .align_y(Alignment::Center),
        text(who).size(12),
    ]
    .spacing(2);
    button(content)
        .on_press(Message::Hook(tile.bunch.hook))
        .padding(6)
        .width(Fill)
        .height(Fill)
        .style(move |theme: &Theme, status| tile_style(theme, state, status))
        .into()
}

fn short_name(name: &str) -> String {
    let mut parts = name.split_whitespace();
    match (parts.next(), parts.last()) {
        (Some(first), Some(last)) => format!("{}. {last}", first.chars().next().unwrap_or(' ')),
        (Some(only), None) => only.to_string(),
        _ => String::new(),
    }
}

fn tile_style(theme: &Theme, state: HookState, status: button::Status) -> button::Style {
    let palette = theme.extended_palette();
    let (background, text_color) = match state {
        HookState::In => (palette.background.weak.color, palette.background.weak.text),
        HookState::Out => (palette.primary.base.color, palette.primary.base.text),
        HookState::Overdue => (palette.danger.base.color, palette.danger.base.text),
        HookState::OutOfUse => (palette.background.strong.color, palette.background.strong.text),
        HookState::Compromised => (Color::from_rgb8(0x3A, 0x0D, 0x12), Color::WHITE),
    };
    let border = if matches!(status, button::Status::Hovered) { 2.0 } else { 0.0 };
    button::Style {
        background: Some(Background::Color(background)),
        text_color,
        border: Border { width: border, color: palette.primary.strong.color, radius: 6.0.into() },
        ..button::Style::default()
    }
}

fn holder_editor(form: &HolderForm) -> Element<'_, Message> {
    container(
        column![
            field_row([
                field("Name", &form.name, None, |v| Message::HolderText(HolderField::Name, v)),
                field("Tally number", &form.tally, None, |v| Message::HolderText(HolderField::Tally, v)),
            ]),
            field_row([
                field("Role", &form.role, None, |v| Message::HolderText(HolderField::Role, v)),
                field("Department", &form.department, None, |v| Message::HolderText(HolderField::Department, v)),
            ]),
            field_row([
                field("Key risk assessment (date)", &form.risk_assessed_on, None, |v| Message::HolderText(
                    HolderField::Assessed,
                    v
                )),
                field("Key talk (date)", &form.key_talk_on, None, |v| Message::HolderText(HolderField::KeyTalk, v)),
            ]),
            row![
                chip(
                    "Belt, chain and pouch issued",
                    form.chain_and_pouch,
                    Message::HolderFlag(HolderFlag::ChainAndPouch, !form.chain_and_pouch)
                ),
                chip(
                    "May keep keys overnight",
                    form.overnight_allowed,
                    Message::HolderFlag(HolderFlag::Overnight, !form.overnight_allowed)
                ),
                chip("Suspended", form.suspended, Message::HolderFlag(HolderFlag::Suspended, !form.suspended)),
            ]
            .spacing(6),
            row![
                button(text("Save holder")).on_press(Message::SaveHolder).style(button::primary),
                button(text("Cancel")).on_press(Message::CancelHolder).style(button::secondary),
            ]
            .spacing(8),
        ]
        .spacing(8),
    )
    .padding(12)
    .style(theme::card)
    .into()
}

fn bunch_editor(form: &BunchForm) -> Element<'_, Message> {
    let mut content = column![
        field_row([
            field("Hook", &form.hook, None, |v| Message::BunchText(BunchField::Hook, v)),
            field("Description", &form.description, None, |v| Message::BunchText(BunchField::Description, v)),
            field("Number of keys", &form.key_count, None, |v| Message::BunchText(BunchField::Count, v)),
        ]),
        field("Contents (types, suites, serials)", &form.contents, None, |v| Message::BunchText(
            BunchField::Contents,
            v
        )),
        row![chip("Out of use", form.out_of_use, Message::BunchOutOfUse(!form.out_of_use))],
    ]
    .spacing(8);
    if form.out_of_use {
        content = content.push(field("Why it is out of use", &form.out_of_use_reason, None, |v| {
            Message::BunchText(BunchField::Reason, v)
        }));
    }
    content = content.push(
        row![
            button(text("Save bunch")).on_press(Message::SaveBunch).style(button::primary),
            button(text("Cancel")).on_press(Message::CancelBunch).style(button::secondary),
        ]
        .spacing(8),
    );
    container(content).padding(12).style(theme::card).into()
}

fn incident_editor(form: &IncidentForm) -> Element<'_, Message> {
    let kinds = row(IncidentKind::ALL
        .iter()
        .map(|kind| chip(kind.label(), form.kind == Some(*kind), Message::IncidentKind(*kind)).into()))
    .spacing(6);
    let to = row(ReportedTo::ALL
        .iter()
        .map(|to| chip(to.label(), form.reported_to == Some(*to), Message::IncidentReportedTo(*to)).into()))
    .spacing(6);
    container(
        column![
            labelled("What happened", kinds, None),
            field_row([
                field("Hook", &form.hook, None, |v| Message::IncidentText(IncidentField::Hook, v)),
                field("Which keys", &form.keys_affected, None, |v| Message::IncidentText(IncidentField::Keys, v)),
                field("Reported by", &form.reported_by, None, |v| Message::IncidentText(IncidentField::ReportedBy, v)),
            ]),
            field("Written explanation", &form.explanation, None, |v| Message::IncidentText(
                IncidentField::Explanation,
                v
            )),
            labelled("Reported to", to, None),
            field("Actions (relock, replacement keys, search)", &form.actions, None, |v| Message::IncidentText(
                IncidentField::Actions,
                v
            )),
            row![
                button(text("Record incident")).on_press(Message::SaveIncident).style(button::danger),
                button(text("Cancel")).on_press(Message::CancelIncident).style(button::secondary),
            ]
            .spacing(8),
        ]
        .spacing(8),
    )
    .padding(12)
    .style(theme::card)
    .into()
}
