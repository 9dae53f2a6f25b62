//! The application: which screen is showing, navigation between screens, keyboard
//! shortcuts, and the actions screens ask for.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use iced::keyboard::{self, Key, key::Named};
use iced::widget::{button, column, container, operation, row, text};
use iced::{Alignment, Element, Event, Fill, Subscription, Task, Theme, event};

use super::screen::Context;
use super::screen::boards::{self, BoardsScreen};
use super::screen::caseload::{self, Caseload};
use super::screen::due::{self, DueScreen};
use super::screen::induction::{self, InductionScreen};
use super::screen::interventions::{self, InterventionsScreen};
use super::screen::keys::{self, KeysScreen};
use super::screen::prisoner::{self, PrisonerScreen};
use super::screen::procedure::{self, ProcedureScreen};
use super::screen::settings::{self, SettingsScreen};
use super::screen::welcome::{self, Welcome};
use super::screen::workload::WorkloadScreen;
use super::theme::{self, BannerKind};
use super::widget::{BODY_SIZE, banner};
use crate::demo;
use crate::domain::dates::london_today;
use crate::domain::staff::{Settings, Staff, StaffRole, TextSize, os_user_name};
use crate::storage::Db;

/// Where the sidebar can take the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Destination {
    Caseload,
    Due,
    Boards,
    Interventions,
    Induction,
    Keys,
    Workload,
    Settings,
}

/// A keyboard shortcut, whichever screen is showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcut {
    /// Ctrl+F: jump to the caseload search.
    Find,
    /// Ctrl+N: a new prisoner.
    New,
    /// Ctrl+S: save the form on screen.
    Save,
    /// Esc: cancel the edit on screen.
    Cancel,
    /// Tab / Shift+Tab: next or previous field.
    NextField,
    PreviousField,
}

#[derive(Debug, Clone)]
pub enum Message {
    Navigate(Destination),
    Caseload(caseload::Message),
    Prisoner(prisoner::Message),
    Settings(settings::Message),
    Welcome(welcome::Message),
    Induction(induction::Message),
    Procedure(procedure::Message),
    Due(due::Message),
    Boards(boards::Message),
    Interventions(interventions::Message),
    Keys(keys::Message),
    Shortcut(Shortcut),
    /// The data folder was opened (or could not be).
    FolderOpened(Result<(), String>),
}

/// The app with its case file open, or the reason it could not be opened.
pub enum App {
    Problem { path: PathBuf, message: String },
    Ready(Box<Session>),
}

pub struct Session {
    db: Db,
    settings: Settings,
    staff: Vec<Staff>,
    tiers: Vec<String>,
    today: NaiveDate,
    caseload: Caseload,
    page: Page,
}

enum Page {
    Welcome(Welcome),
    Caseload,
    Prisoner(Box<PrisonerScreen>),
    Workload(WorkloadScreen),
    Settings(SettingsScreen),
    Induction(InductionScreen),
    Procedure(ProcedureScreen),
    Due(DueScreen),
    Boards(BoardsScreen),
    Interventions(InterventionsScreen),
    Keys(Box<KeysScreen>),
}

impl App {
    /// Opens the case file at `path`; `user` overrides the name saved in settings.
    pub fn open(path: &Path, user: Option<&str>) -> App {
        let actor = user.map(str::to_string).unwrap_or_else(os_user_name);
        match Db::open(path, &actor).and_then(|db| Session::new(db, user)) {
            Ok(session) => App::Ready(Box::new(session)),
            Err(error) => App::Problem { path: path.to_path_buf(), message: error.to_string() },
        }
    }

    pub fn session(&self) -> Option<&Session> {
        match self {
            App::Ready(session) => Some(session),
            App::Problem { .. } => None,
        }
    }

    pub fn title(&self) -> String {
        match self {
            App::Ready(session) if !session.settings.establishment_name.is_empty() => {
                format!("OMU Desk: {}", session.settings.establishment_name)
            }
            _ => "OMU Desk".to_string(),
        }
    }

    pub fn theme(&self) -> Theme {
        let choice = self.session().map(|session| session.settings.theme).unwrap_or_default();
        theme::theme(choice)
    }

    pub fn scale_factor(&self) -> f32 {
        match self.session().map(|session| session.settings.text_size) {
            Some(TextSize::Large) => 1.25,
            _ => 1.0,
        }
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        match self {
            App::Ready(session) => session.update(message),
            App::Problem { .. } => Task::none(),
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        match self {
            App::Ready(session) => session.view(),
            App::Problem { path, message } => container(
                column![
                    text("The case file could not be opened").size(24),
                    text(path.display().to_string()).size(BODY_SIZE),
                    banner(BannerKind::Error, message.as_str()),
                    text("Nothing has been changed. Check the file is the right one and not open in another program, or start OMU Desk with another file: omu-desk --db PATH.")
                        .size(BODY_SIZE),
                ]
                .spacing(14)
                .max_width(720),
            )
            .padding(40)
            .into(),
        }
    }

    pub fn subscription(&self) -> Subscription<Message> {
        event::listen_with(shortcut)
    }
}

/// Keyboard shortcuts. Ctrl combinations and Esc work even while typing in a field.
fn shortcut(event: Event, status: event::Status, _window: iced::window::Id) -> Option<Message> {
    let Event::Keyboard(keyboard::Event::KeyPressed { key, modifiers, .. }) = event else {
        return None;
    };
    let shortcut = match key.as_ref() {
        Key::Character("f") if modifiers.command() => Shortcut::Find,
        Key::Character("n") if modifiers.command() => Shortcut::New,
        Key::Character("s") if modifiers.command() => Shortcut::Save,
        Key::Named(Named::Escape) => Shortcut::Cancel,
        Key::Named(Named::Tab) if status == event::Status::Ignored => {
            if modifiers.shift() {
                Shortcut::PreviousField
            } else {
                Shortcut::NextField
            }
        }
        _ => return None,
    };
    Some(Message::Shortcut(shortcut))
}

impl Session {
    fn new(mut db: Db, user: Option<&str>) -> crate::storage::Result<Session> {
        let settings = db.settings()?;
        if user.is_none() {
            db.set_actor(&settings.user_name)?;
        }
        let staff = db.staff()?;
        let tiers = distinct_tiers(&db)?;
        let today = london_today();
        let is_new = db.is_new()?;
        let caseload = Caseload::new(&mut Context { db: &mut db, today, settings: &settings, staff: &staff });
        let page = if is_new { Page::Welcome(Welcome::new(settings.user_name.clone())) } else { Page::Caseload };
        Ok(Session { db, settings, staff, tiers, today, caseload, page })
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    pub fn caseload(&self) -> &Caseload {
        &self.caseload
    }

    /// The open prisoner screen, if that is what is showing.
    pub fn prisoner(&self) -> Option<&PrisonerScreen> {
        match &self.page {
            Page::Prisoner(screen) => Some(screen),
            _ => None,
        }
    }

    pub fn workload(&self) -> Option<&WorkloadScreen> {
        match &self.page {
            Page::Workload(screen) => Some(screen),
            _ => None,
        }
    }

    pub fn boards(&self) -> Option<&BoardsScreen> {
        match &self.page {
            Page::Boards(screen) => Some(screen),
            _ => None,
        }
    }

    pub fn due(&self) -> Option<&DueScreen> {
        match &self.page {
            Page::Due(screen) => Some(screen),
            _ => None,
        }
    }

    pub fn interventions(&self) -> Option<&InterventionsScreen> {
        match &self.page {
            Page::Interventions(screen) => Some(screen),
            _ => None,
        }
    }

    pub fn keys(&self) -> Option<&KeysScreen> {
        match &self.page {
            Page::Keys(screen) => Some(screen),
            _ => None,
        }
    }

    pub fn induction(&self) -> Option<&InductionScreen> {
        match &self.page {
            Page::Induction(screen) => Some(screen),
            _ => None,
        }
    }

    pub fn is_welcome(&self) -> bool {
        matches!(self.page, Page::Welcome(_))
    }

    fn update(&mut self, message: Message) -> Task<Message> {
        self.today = london_today();
        match message {
            Message::Navigate(destination) => self.navigate(destination),
            Message::Caseload(message) => {
                let action =
                    self.caseload.update(message, &mut ctx(&mut self.db, self.today, &self.settings, &self.staff));
                match action {
                    caseload::Action::None => Task::none(),
                    caseload::Action::Open(id) => self.open_prisoner(id),
                    caseload::Action::NewPrisoner => self.new_prisoner(),
                }
            }
            Message::Prisoner(message) => {
                let Page::Prisoner(screen) = &mut self.page else {
                    return Task::none();
                };
                let action = screen.update(message, &mut ctx(&mut self.db, self.today, &self.settings, &self.staff));
                match action {
                    prisoner::Action::None => Task::none(),
                    prisoner::Action::Changed => {
                        self.refresh_caseload();
                        Task::none()
                    }
                    prisoner::Action::Leave => {
                        self.page = Page::Caseload;
                        self.refresh_caseload();
                        Task::none()
                    }
                    prisoner::Action::Run(task) => task.map(Message::Prisoner),
                }
            }
            Message::Settings(message) => {
                let Page::Settings(screen) = &mut self.page else {
                    return Task::none();
                };
                let action = screen.update(message, &mut ctx(&mut self.db, self.today, &self.settings, &self.staff));
                match action {
                    settings::Action::None => Task::none(),
                    settings::Action::Changed => {
                        self.reload_reference_data();
                        Task::none()
                    }
                    settings::Action::OpenDataFolder => {
                        let folder = self.db.path().parent().map(Path::to_path_buf).unwrap_or_default();
                        Task::perform(
                            async move {
                                open::that_detached(&folder).map_err(|error| format!("{}: {error}", folder.display()))
                            },
                            Message::FolderOpened,
                        )
                    }
                }
            }
            Message::FolderOpened(result) => {
                if let (Err(message), Page::Settings(screen)) = (result, &mut self.page) {
                    screen.notify(BannerKind::Error, format!("Could not open the folder: {message}"));
                }
                Task::none()
            }
            Message::Welcome(message) => self.welcome(message),
            Message::Induction(message) => {
                let Page::Induction(screen) = &mut self.page else {
                    return Task::none();
                };
                match screen.update(message) {
                    induction::Action::None => Task::none(),
                    induction::Action::OpenChecklist(id) => self.open_prisoner_on(id, prisoner::Tab::Induction),
                    induction::Action::EditProcedure => {
                        let screen =
                            ProcedureScreen::new(&mut ctx(&mut self.db, self.today, &self.settings, &self.staff));
                        self.page = Page::Procedure(screen);
                        Task::none()
                    }
                }
            }
            Message::Due(message) => {
                let Page::Due(screen) = &mut self.page else { return Task::none() };
                match screen.update(message, &mut ctx(&mut self.db, self.today, &self.settings, &self.staff)) {
                    due::Action::None => Task::none(),
                    due::Action::OpenPrisoner(id) => self.open_prisoner_on(id, prisoner::Tab::Plan),
                }
            }
            Message::Boards(message) => {
                let Page::Boards(screen) = &mut self.page else { return Task::none() };
                match screen.update(message, &mut ctx(&mut self.db, self.today, &self.settings, &self.staff)) {
                    boards::Action::None => Task::none(),
                    boards::Action::OpenPlan(id) => self.open_prisoner_on(id, prisoner::Tab::Plan),
                    boards::Action::Run(task) => task.map(Message::Boards),
                }
            }
            Message::Interventions(message) => {
                if let Page::Interventions(screen) = &mut self.page {
                    screen.update(message, &mut ctx(&mut self.db, self.today, &self.settings, &self.staff));
                }
                Task::none()
            }
            Message::Keys(message) => {
                let Page::Keys(screen) = &mut self.page else { return Task::none() };
                match screen.update(message, &mut ctx(&mut self.db, self.today, &self.settings, &self.staff)) {
                    keys::Action::None => Task::none(),
                    keys::Action::Run(task) => task.map(Message::Keys),
                }
            }
            Message::Procedure(message) => {
                let Page::Procedure(screen) = &mut self.page else {
                    return Task::none();
                };
                match screen.update(message, &mut ctx(&mut self.db, self.today, &self.settings, &self.staff)) {
                    procedure::Action::None => Task::none(),
                    procedure::Action::Back => self.navigate(Destination::Induction),
                }
            }
            Message::Shortcut(shortcut) => self.shortcut(shortcut),
        }
    }

    fn welcome(&mut self, message: welcome::Message) -> Task<Message> {
        let Page::Welcome(screen) = &mut self.page else {
            return Task::none();
        };
        let action = screen.update(message);
        let (user, establishment) = (screen.user_name.trim().to_string(), screen.establishment_name.trim().to_string());
        let result = match action {
            welcome::Action::None => return Task::none(),
            welcome::Action::LoadDemo => Settings { user_name: user.clone(), ..self.settings.clone() }
                .validate()
                .and_then(|_| demo::populate(&mut self.db, self.today, &user).map_err(|e| e.to_string()))
                .map(|_| ()),
            welcome::Action::StartEmpty => {
                let settings =
                    Settings { user_name: user.clone(), establishment_name: establishment, ..self.settings.clone() };
                settings.validate().and_then(|settings| {
                    if settings.establishment_name.is_empty() {
                        return Err("Establishment: type its name, e.g. HMP Northmoor".to_string());
                    }
                    self.db.save_settings(&settings).map_err(|e| e.to_string())?;
                    self.db.add_staff(&settings.user_name, StaffRole::OffenderSupervisor).map_err(|e| e.to_string())?;
                    Ok(())
                })
            }
        };
        match result {
            Ok(()) => {
                self.reload_reference_data();
                self.caseload = Caseload::new(&mut ctx(&mut self.db, self.today, &self.settings, &self.staff));
                self.page = Page::Caseload;
            }
            Err(message) => {
                if let Page::Welcome(screen) = &mut self.page {
                    screen.error = Some(message);
                }
            }
        }
        Task::none()
    }

    fn shortcut(&mut self, shortcut: Shortcut) -> Task<Message> {
        match shortcut {
            Shortcut::NextField => operation::focus_next(),
            Shortcut::PreviousField => operation::focus_previous(),
            Shortcut::Save => match &self.page {
                Page::Prisoner(_) => self.update(Message::Prisoner(prisoner::Message::Save)),
                Page::Settings(_) => self.update(Message::Settings(settings::Message::Save)),
                _ => Task::none(),
            },
            Shortcut::Cancel => match &self.page {
                Page::Prisoner(_) => self.update(Message::Prisoner(prisoner::Message::Cancel)),
                Page::Keys(_) => self.update(Message::Keys(keys::Message::CancelPending)),
                _ => Task::none(),
            },
            Shortcut::New if !self.is_welcome() => self.new_prisoner(),
            Shortcut::Find if !self.is_welcome() => {
                let task = self.navigate(Destination::Caseload);
                if matches!(self.page, Page::Caseload) {
                    task.chain(operation::focus(caseload::SEARCH_ID)).chain(operation::select_all(caseload::SEARCH_ID))
                } else {
                    task
                }
            }
            Shortcut::New | Shortcut::Find => Task::none(),
        }
    }

    /// Leaves the current page unless it holds unsaved changes (then it asks first).
    fn may_leave(&mut self) -> bool {
        match &mut self.page {
            Page::Prisoner(screen) => screen.request_leave(self.today),
            Page::Welcome(_) => false,
            _ => true,
        }
    }

    fn navigate(&mut self, destination: Destination) -> Task<Message> {
        if !self.may_leave() {
            return Task::none();
        }
        self.page = match destination {
            Destination::Caseload => {
                self.refresh_caseload();
                Page::Caseload
            }
            Destination::Workload => Page::Workload(WorkloadScreen::new(
                &mut ctx(&mut self.db, self.today, &self.settings, &self.staff),
                &self.tiers,
            )),
            Destination::Settings => Page::Settings(SettingsScreen::new(&self.settings)),
            Destination::Due => {
                Page::Due(DueScreen::new(&mut ctx(&mut self.db, self.today, &self.settings, &self.staff)))
            }
            Destination::Boards => {
                Page::Boards(BoardsScreen::new(&mut ctx(&mut self.db, self.today, &self.settings, &self.staff)))
            }
            Destination::Interventions => Page::Interventions(InterventionsScreen::new(&mut ctx(
                &mut self.db,
                self.today,
                &self.settings,
                &self.staff,
            ))),
            Destination::Keys => {
                self.page = Page::Keys(Box::new(KeysScreen::new(&mut ctx(
                    &mut self.db,
                    self.today,
                    &self.settings,
                    &self.staff,
                ))));
                return KeysScreen::focus().map(Message::Keys);
            }
            Destination::Induction => {
                Page::Induction(InductionScreen::new(&mut ctx(&mut self.db, self.today, &self.settings, &self.staff)))
            }
        };
        Task::none()
    }

    fn open_prisoner(&mut self, id: i64) -> Task<Message> {
        match PrisonerScreen::open(&mut ctx(&mut self.db, self.today, &self.settings, &self.staff), id) {
            Ok(screen) => self.page = Page::Prisoner(Box::new(screen)),
            Err(error) => self.caseload.set_error(format!("The record could not be opened: {error}")),
        }
        Task::none()
    }

    fn open_prisoner_on(&mut self, id: i64, tab: prisoner::Tab) -> Task<Message> {
        let task = self.open_prisoner(id);
        if let Page::Prisoner(screen) = &mut self.page {
            screen.show(tab);
        }
        task
    }

    fn new_prisoner(&mut self) -> Task<Message> {
        if !self.may_leave() {
            return Task::none();
        }
        let screen = PrisonerScreen::new_reception(&mut ctx(&mut self.db, self.today, &self.settings, &self.staff));
        self.page = Page::Prisoner(Box::new(screen));
        operation::focus(prisoner::TextField::PrisonNumber.id())
    }

    fn refresh_caseload(&mut self) {
        self.caseload.refresh(&mut ctx(&mut self.db, self.today, &self.settings, &self.staff));
    }

    fn reload_reference_data(&mut self) {
        if let Ok(settings) = self.db.settings() {
            self.settings = settings;
        }
        if let Ok(staff) = self.db.staff() {
            self.staff = staff;
        }
        if let Ok(tiers) = distinct_tiers(&self.db) {
            self.tiers = tiers;
        }
    }

    /// The user's own staff record, when they are on the staff list.
    fn me(&self) -> Option<&Staff> {
        self.staff.iter().find(|member| member.name == self.settings.user_name)
    }

    fn view(&self) -> Element<'_, Message> {
        let content: Element<'_, Message> = match &self.page {
            Page::Welcome(screen) => return screen.view().map(Message::Welcome),
            Page::Caseload => {
                let view_context = caseload::ViewContext {
                    today: self.today,
                    my_id: self.me().map(|member| member.id),
                    staff: &self.staff,
                    tiers: &self.tiers,
                };
                self.caseload.view(&view_context).map(Message::Caseload)
            }
            Page::Prisoner(screen) => screen.view(self.today, &self.staff).map(Message::Prisoner),
            Page::Workload(screen) => screen.view(),
            Page::Settings(screen) => screen.view(&self.staff, self.db.path()).map(Message::Settings),
            Page::Induction(screen) => screen.view(chrono::Utc::now()).map(Message::Induction),
            Page::Procedure(screen) => screen.view().map(Message::Procedure),
            Page::Due(screen) => screen.view(self.today, self.me().is_some()).map(Message::Due),
            Page::Boards(screen) => screen.view().map(Message::Boards),
            Page::Interventions(screen) => screen.view().map(Message::Interventions),
            Page::Keys(screen) => screen.view().map(Message::Keys),
        };
        row![self.sidebar(), container(content).padding(18).width(Fill).height(Fill)].into()
    }

    fn sidebar(&self) -> Element<'_, Message> {
        let current = match &self.page {
            Page::Caseload | Page::Prisoner(_) | Page::Welcome(_) => Destination::Caseload,
            Page::Workload(_) => Destination::Workload,
            Page::Settings(_) => Destination::Settings,
            Page::Induction(_) | Page::Procedure(_) => Destination::Induction,
            Page::Due(_) => Destination::Due,
            Page::Boards(_) => Destination::Boards,
            Page::Interventions(_) => Destination::Interventions,
            Page::Keys(_) => Destination::Keys,
        };
        let nav = |label: &'static str, destination: Destination| {
            button(text(label).size(BODY_SIZE))
                .on_press(Message::Navigate(destination))
                .width(Fill)
                .padding([8, 12])
                .style(theme::nav_button(current == destination))
        };
        container(
            column![
                text("OMU Desk").size(22),
                text(self.settings.establishment_name.as_str()).size(13),
                iced::widget::space().height(16),
                nav("Caseload", Destination::Caseload),
                nav("Due", Destination::Due),
                nav("Induction", Destination::Induction),
                nav("Boards", Destination::Boards),
                nav("Interventions", Destination::Interventions),
                nav("Keys", Destination::Keys),
                nav("Workload", Destination::Workload),
                nav("Settings", Destination::Settings),
                iced::widget::space::vertical(),
                text(format!("Signed in as\n{}", self.settings.user_name)).size(13),
                text("OFFICIAL-SENSITIVE").size(12),
            ]
            .spacing(6)
            .align_x(Alignment::Start),
        )
        .padding(14)
        .width(190)
        .height(Fill)
        .style(theme::sidebar)
        .into()
    }
}

fn ctx<'a>(db: &'a mut Db, today: NaiveDate, settings: &'a Settings, staff: &'a [Staff]) -> Context<'a> {
    Context { db, today, settings, staff }
}

fn distinct_tiers(db: &Db) -> crate::storage::Result<Vec<String>> {
    let mut tiers: Vec<String> = db.tier_table()?.rules().iter().map(|(_, _, tier)| tier.clone()).collect();
    tiers.sort();
    tiers.dedup();
    Ok(tiers)
}
