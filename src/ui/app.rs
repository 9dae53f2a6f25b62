//! The application: which screen is showing, navigation between screens, keyboard
//! shortcuts, and the actions screens ask for.

use std::path::{Path, PathBuf};
use std::time::Duration;

use iced::time::Instant;

use chrono::NaiveDate;
use iced::keyboard::{self, Key, key::Named};
use iced::widget::{button, column, container, operation, row, text};
use iced::{Alignment, Element, Event, Fill, Subscription, Task, Theme, event};

use super::screen::Context;
use super::screen::audit::{self, AuditScreen};
use super::screen::boards::{self, BoardsScreen};
use super::screen::caseload::{self, Caseload};
use super::screen::due::{self, DueScreen};
use super::screen::induction::{self, InductionScreen};
use super::screen::interventions::{self, InterventionsScreen};
use super::screen::keys::{self, KeysScreen};
use super::screen::prisoner::{self, PrisonerScreen};
use super::screen::procedure::{self, ProcedureScreen};
use super::screen::recovery::{self, RecoveryScreen};
use super::screen::settings::{self, SettingsScreen};
use super::screen::sign_in::{self, Mode, SignInScreen};
use super::screen::users::{self, UsersScreen};
use super::screen::welcome::{self, Welcome};
use super::screen::workload::WorkloadScreen;
use super::theme::{self, BannerKind};
use super::widget::{BODY_SIZE, banner};
use omu_core::demo;
use omu_core::domain::dates::london_today;
use omu_core::domain::staff::{Settings, Staff, StaffRole, TextSize};
use omu_core::domain::users::{Capability, User, refusal, same_user};
use omu_core::storage::{self, CaseKey, Db, Error as StorageError, Keyring, backup, key_file_path};

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
    Users,
    Audit,
    Settings,
}

impl Destination {
    /// What the signed-in person's role must allow to go there.
    fn needs(self) -> Capability {
        match self {
            Destination::Keys | Destination::Settings => Capability::KeyRegister,
            Destination::Users | Destination::Audit => Capability::Administer,
            _ => Capability::CaseWork,
        }
    }
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
    /// Setting up, signing in, unlocking, recovering.
    SignIn(sign_in::Message),
    Navigate(Destination),
    Caseload(caseload::Message),
    Prisoner(prisoner::Message),
    Settings(settings::Message),
    Welcome(welcome::Message),
    Recovery(recovery::Message),
    Induction(induction::Message),
    Procedure(procedure::Message),
    Due(due::Message),
    Boards(boards::Message),
    Interventions(interventions::Message),
    Keys(keys::Message),
    Users(users::Message),
    Audit(audit::Message),
    Shortcut(Shortcut),
    /// A key press or click anywhere: the person is still here.
    Activity,
    /// Time passes: lock after the set spell without use.
    Tick(Instant),
    Lock,
    SignOut,
    /// The data folder was opened (or could not be).
    FolderOpened(Result<(), String>),
    /// The start-of-day backup finished (the file it wrote, or none needed today).
    AutoBackup(Result<Option<PathBuf>, String>),
    /// The start-up checks of the whole file finished.
    HealthChecked(Result<(), String>),
    /// Replace the case file with this backup.
    Restore(PathBuf),
    DismissNotice,
    /// Go where the person asked, dropping the unsaved work they were warned about.
    LeaveAnyway,
    /// Stay with the unsaved work.
    StayOnPage,
}

impl Message {
    /// Work on the page itself, rather than moving between pages or the session.
    fn is_for_page(&self) -> bool {
        matches!(
            self,
            Message::Caseload(_)
                | Message::Prisoner(_)
                | Message::Settings(_)
                | Message::Induction(_)
                | Message::Procedure(_)
                | Message::Due(_)
                | Message::Boards(_)
                | Message::Interventions(_)
                | Message::Keys(_)
                | Message::Users(_)
                | Message::Audit(_)
        )
    }
}

/// The app: the case file it was asked to open, and the way in, that file open, or
/// the reason it could not be opened.
pub struct App {
    path: PathBuf,
    /// The name offered on the sign-in screen.
    name: String,
    state: State,
}

enum State {
    /// Setting up, signing in or recovering: nothing of the case file is shown.
    SignIn(SignInScreen),
    Problem(Problem),
    Ready(Box<Session>),
}

/// Why the file could not be opened, and the newest good backup to offer. The key
/// is there when the person had signed in (a damaged file), so a backup can be
/// checked and restored for them.
struct Problem {
    message: String,
    signed_in: Option<(CaseKey, User)>,
    backup: Option<(backup::BackupFile, backup::FileCheck)>,
    restore_error: Option<String>,
}

pub struct Session {
    db: Db,
    user: User,
    settings: Settings,
    staff: Vec<Staff>,
    tiers: Vec<String>,
    today: NaiveDate,
    caseload: Caseload,
    page: Page,
    /// News from work done in the background (the daily backup, a restore).
    notice: Option<(BannerKind, String)>,
    /// Shown instead of everything else after a spell without use; the pages behind
    /// it keep whatever was typed.
    locked: Option<SignInScreen>,
    last_activity: Instant,
    /// A move away from unsaved work, waiting for the person to confirm it.
    leaving: Option<Leaving>,
    /// Set while a confirmed move is carried out.
    leave_confirmed: bool,
}

struct Leaving {
    /// The message that asked to leave, carried out if the person confirms.
    then: Box<Message>,
    /// What would be lost, e.g. "the draft procedure".
    unsaved: &'static str,
}

enum Page {
    Welcome(Welcome),
    Recovery(RecoveryScreen),
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
    Users(UsersScreen),
    Audit(AuditScreen),
}

impl Page {
    /// Typed work on this page that leaving it now would lose.
    fn unsaved_work(&self) -> Option<&'static str> {
        match self {
            Page::Prisoner(screen) => screen.unsaved_work(),
            Page::Settings(screen) => screen.unsaved_work(),
            Page::Procedure(screen) => screen.unsaved_work(),
            Page::Interventions(screen) => screen.unsaved_work(),
            Page::Keys(screen) => screen.unsaved_work(),
            Page::Users(screen) => screen.unsaved_work(),
            Page::Welcome(_)
            | Page::Recovery(_)
            | Page::Caseload
            | Page::Workload(_)
            | Page::Induction(_)
            | Page::Due(_)
            | Page::Boards(_)
            | Page::Audit(_) => None,
        }
    }
}

impl App {
    /// The way in to the case file at `path`: set-up for a new file, sign-in for one
    /// that is set up. `name` is offered on the sign-in screen.
    pub fn open(path: &Path, name: &str) -> App {
        let state = if Keyring::exists(path) {
            State::SignIn(SignInScreen::new(path.to_path_buf(), Mode::SignIn, name.to_string()))
        } else if path.exists() {
            State::Problem(Problem {
                message: StorageError::NoKeyFile { path: key_file_path(path) }.to_string(),
                signed_in: None,
                backup: None,
                restore_error: None,
            })
        } else {
            State::SignIn(SignInScreen::new(path.to_path_buf(), Mode::SetUp, name.to_string()))
        };
        App { path: path.to_path_buf(), name: name.to_string(), state }
    }

    /// The case file opened for someone whose key is unsealed (after signing in).
    pub fn open_as(path: &Path, key: &CaseKey, user: User) -> App {
        let mut app =
            App { path: path.to_path_buf(), name: user.name.clone(), state: State::Problem(Problem::empty()) };
        app.state = app.enter(key, user);
        app
    }

    fn enter(&self, key: &CaseKey, user: User) -> State {
        match storage::open_as(&self.path, key, user.clone())
            .and_then(|signed_in| Session::new(signed_in.db, user.clone()))
        {
            Ok(session) => State::Ready(Box::new(session)),
            Err(error) => {
                // A damaged or missing file: offer the newest backup that passes its checks.
                let damaged =
                    matches!(error, StorageError::Damaged(_) | StorageError::WrongKey { .. } | StorageError::Sqlite(_));
                let offer = (damaged || !self.path.exists())
                    .then(|| backup::newest_good(&backup::default_folder(&self.path), key).ok().flatten())
                    .flatten()
                    .and_then(|file| backup::check(&file.path, key).ok().map(|check| (file, check)));
                State::Problem(Problem {
                    message: error.to_string(),
                    signed_in: Some((key.clone(), user)),
                    backup: offer,
                    restore_error: None,
                })
            }
        }
    }

    /// Opens the way in, with the cursor in the first field.
    pub fn boot(path: &Path, name: &str) -> (App, Task<Message>) {
        let app = App::open(path, name);
        let task = match &app.state {
            State::SignIn(screen) => screen.focus().map(Message::SignIn),
            _ => Task::none(),
        };
        (app, task)
    }

    /// At most once a day, a backup; and the full checks of the file. Both in the background.
    fn start_of_session(&self) -> Task<Message> {
        let State::Ready(session) = &self.state else { return Task::none() };
        let (source, checked) = (self.path.clone(), self.path.clone());
        let (key, checked_key) = (session.db.key().clone(), session.db.key().clone());
        let folder = session.db.backup_folder().unwrap_or_else(|_| backup::default_folder(&self.path));
        let daily = Task::perform(
            async move { backup::back_up_if_due(&source, &key, &folder, chrono::Utc::now()) },
            |result| {
                Message::AutoBackup(result.map(|taken| taken.map(|file| file.path)).map_err(|error| error.to_string()))
            },
        );
        // The full checks read every page: in the background, not before the first screen.
        let health = Task::perform(async move { backup::check_health(&checked, &checked_key) }, |result| {
            Message::HealthChecked(result.map_err(|error| error.to_string()))
        });
        Task::batch([health, daily])
    }

    pub fn session(&self) -> Option<&Session> {
        match &self.state {
            State::Ready(session) => Some(session),
            _ => None,
        }
    }

    /// The sign-in (or set-up, or unlock) screen showing, if any.
    pub fn sign_in_screen(&self) -> Option<&SignInScreen> {
        match &self.state {
            State::SignIn(screen) => Some(screen),
            State::Ready(session) => session.locked.as_ref(),
            State::Problem(_) => None,
        }
    }

    pub fn title(&self) -> String {
        match self.session() {
            Some(session) if !session.settings.establishment_name.is_empty() => {
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
        match message {
            Message::Restore(chosen) => return self.restore(&chosen),
            Message::SignIn(message) => return self.sign_in(message),
            Message::SignOut => {
                // Unsaved work is asked about first, as when leaving a page.
                if let State::Ready(session) = &mut self.state
                    && !session.may_leave(Message::SignOut)
                {
                    return Task::none();
                }
                return self.sign_out();
            }
            Message::LeaveAnyway => {
                let State::Ready(session) = &mut self.state else { return Task::none() };
                if session.locked.is_some() {
                    return Task::none();
                }
                let Some(leaving) = session.leaving.take() else { return Task::none() };
                session.leave_confirmed = true;
                let task = self.update(*leaving.then);
                if let State::Ready(session) = &mut self.state {
                    session.leave_confirmed = false;
                }
                return task;
            }
            _ => {}
        }
        let State::Ready(session) = &mut self.state else {
            // Tab moves between the sign-in fields as everywhere else.
            return match message {
                Message::Shortcut(Shortcut::NextField) => operation::focus_next(),
                Message::Shortcut(Shortcut::PreviousField) => operation::focus_previous(),
                _ => Task::none(),
            };
        };
        match message {
            Message::Tick(now) => {
                session.lock_if_idle(now);
                Task::none()
            }
            Message::Lock => {
                session.lock();
                Task::none()
            }
            Message::AutoBackup(_) | Message::HealthChecked(_) => session.update(message),
            // Behind the lock, only the way back in answers the keyboard and mouse.
            _ if session.locked.is_some() => Task::none(),
            message => {
                session.last_activity = Instant::now();
                session.update(message)
            }
        }
    }

    fn sign_in(&mut self, message: sign_in::Message) -> Task<Message> {
        let action = match &mut self.state {
            State::SignIn(screen) => screen.update(message),
            State::Ready(session) => match &mut session.locked {
                Some(screen) => screen.update(message),
                None => return Task::none(),
            },
            State::Problem(_) => return Task::none(),
        };
        match action {
            sign_in::Action::None => Task::none(),
            sign_in::Action::Run(task) => task.map(Message::SignIn),
            sign_in::Action::SignOut => self.sign_out(),
            sign_in::Action::SignedIn(key, user) => {
                if let State::Ready(session) = &mut self.state {
                    session.unlock(&user);
                    return Task::none();
                }
                self.state = self.enter(&key, user);
                self.start_of_session()
            }
            sign_in::Action::SetUp(key, user, recovery) => {
                self.state = self.enter(&key, user);
                if let State::Ready(session) = &mut self.state {
                    session.page = Page::Recovery(RecoveryScreen::new(recovery));
                }
                Task::none()
            }
        }
    }

    /// Closes the case file and goes back to the sign-in screen.
    fn sign_out(&mut self) -> Task<Message> {
        if let Some(session) = self.session() {
            self.name = session.user.name.clone();
        }
        // Dropping the session closes the database and releases the lock.
        self.state = State::Problem(Problem::empty());
        *self = App::open(&self.path, &self.name);
        match &self.state {
            State::SignIn(screen) => screen.focus().map(Message::SignIn),
            _ => Task::none(),
        }
    }

    /// Closes the case file, puts the chosen backup in its place (keeping the current
    /// file beside the backups) and opens it again.
    fn restore(&mut self, chosen: &Path) -> Task<Message> {
        let (folder, key, user) = match &self.state {
            State::Ready(session) => (
                session.db.backup_folder().unwrap_or_else(|_| backup::default_folder(&self.path)),
                session.db.key().clone(),
                session.user.clone(),
            ),
            State::Problem(Problem { signed_in: Some((key, user)), .. }) => {
                (backup::default_folder(&self.path), key.clone(), user.clone())
            }
            _ => return Task::none(),
        };
        // Dropping the session closes the database and releases the lock.
        self.state = State::Problem(Problem::empty());
        let outcome = backup::restore(&self.path, &key, chosen, &folder, chrono::Utc::now());
        self.state = self.enter(&key, user);
        match outcome {
            Ok(kept) => {
                if let State::Ready(session) = &mut self.state {
                    session.notify_restored(chosen, kept.as_deref());
                }
            }
            Err(error) => {
                let message = format!("Not restored: {error}. The case file is as it was.");
                match &mut self.state {
                    State::Problem(problem) => problem.restore_error = Some(message),
                    State::Ready(session) => session.notify_restore_failed(message),
                    State::SignIn(_) => {}
                }
            }
        }
        Task::none()
    }

    pub fn view(&self) -> Element<'_, Message> {
        match &self.state {
            State::SignIn(screen) => screen.view().map(Message::SignIn),
            State::Ready(session) => match &session.locked {
                Some(screen) => screen.view().map(Message::SignIn),
                None => session.view(),
            },
            State::Problem(problem) => {
                let mut content = column![
                    text("The case file could not be opened").size(24),
                    text(self.path.display().to_string()).size(BODY_SIZE),
                    banner(BannerKind::Error, problem.message.as_str()),
                    text("Nothing has been changed. Check the file is the right one and not open in another program, or start OMU Desk with another file: omu-desk --db PATH.")
                        .size(BODY_SIZE),
                ]
                .spacing(14)
                .max_width(720);
                if let Some((file, check)) = &problem.backup {
                    content = content.push(
                        container(
                            column![
                                text(format!(
                                    "The newest good backup was taken {} and holds {} prisoners. Restoring it keeps the current file beside the backups.",
                                    omu_core::domain::dates::format_local(file.taken_at),
                                    check.prisoners
                                ))
                                .size(BODY_SIZE),
                                button(text("Restore this backup"))
                                    .on_press(Message::Restore(file.path.clone()))
                                    .style(button::primary),
                            ]
                            .spacing(10),
                        )
                        .padding(14)
                        .style(theme::card),
                    );
                }
                if let Some(error) = &problem.restore_error {
                    content = content.push(banner(BannerKind::Error, error.as_str()));
                }
                if problem.signed_in.is_some() {
                    content =
                        content.push(button(text("Sign out")).on_press(Message::SignOut).style(button::secondary));
                }
                container(content).padding(40).into()
            }
        }
    }

    pub fn subscription(&self) -> Subscription<Message> {
        let input = event::listen_with(input);
        match &self.state {
            State::Ready(session) if session.locked.is_none() => {
                Subscription::batch([input, iced::time::every(Duration::from_secs(15)).map(Message::Tick)])
            }
            _ => input,
        }
    }
}

impl Problem {
    fn empty() -> Problem {
        Problem { message: String::new(), signed_in: None, backup: None, restore_error: None }
    }
}

/// Keyboard shortcuts, and any other key press or click as a sign the person is still
/// there. Ctrl combinations and Esc work even while typing in a field.
fn input(event: Event, status: event::Status, _window: iced::window::Id) -> Option<Message> {
    let (key, modifiers) = match event {
        Event::Keyboard(keyboard::Event::KeyPressed { key, modifiers, .. }) => (key, modifiers),
        Event::Mouse(iced::mouse::Event::ButtonPressed(_) | iced::mouse::Event::WheelScrolled { .. }) => {
            return Some(Message::Activity);
        }
        _ => return None,
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
        _ => return Some(Message::Activity),
    };
    Some(Message::Shortcut(shortcut))
}

impl Session {
    fn new(mut db: Db, user: User) -> omu_core::storage::Result<Session> {
        let settings = db.settings()?;
        let staff = db.staff()?;
        let tiers = distinct_tiers(&db)?;
        let today = london_today();
        let is_new = db.is_new()?;
        let caseload = Caseload::new(&mut Context { db: &mut db, today, settings: &settings, staff: &staff });
        let page = Page::Caseload;
        let mut session = Session {
            db,
            user,
            settings,
            staff,
            tiers,
            today,
            caseload,
            page,
            notice: None,
            locked: None,
            last_activity: Instant::now(),
            leaving: None,
            leave_confirmed: false,
        };
        if is_new && session.may(Capability::Administer) {
            session.page = Page::Welcome(Welcome::new());
        } else if !session.may(Capability::CaseWork) {
            let _ = session.navigate(Destination::Keys);
        }
        Ok(session)
    }

    pub fn user(&self) -> &User {
        &self.user
    }

    fn may(&self, capability: Capability) -> bool {
        self.user.role.may(capability)
    }

    pub fn is_locked(&self) -> bool {
        self.locked.is_some()
    }

    /// Hides everything behind the unlock screen; the pages keep what was typed.
    fn lock(&mut self) {
        if self.locked.is_none() {
            self.locked = Some(SignInScreen::new(self.db.path().to_path_buf(), Mode::Unlock, self.user.name.clone()));
        }
    }

    fn lock_if_idle(&mut self, now: Instant) {
        let limit = Duration::from_secs(u64::from(self.settings.lock_minutes) * 60);
        if now.saturating_duration_since(self.last_activity) >= limit {
            self.lock();
        }
    }

    /// Only the person who was signed in unlocks; anyone else signs them out first.
    fn unlock(&mut self, user: &User) {
        if same_user(&user.name, &self.user.name) {
            self.locked = None;
            self.last_activity = Instant::now();
        }
    }

    fn notify_restored(&mut self, chosen: &Path, kept: Option<&Path>) {
        let kept = kept.map(|path| format!(" The file as it was is kept at {}.", path.display())).unwrap_or_default();
        self.notice = Some((BannerKind::Success, format!("Restored the backup {}.{kept}", chosen.display())));
    }

    fn notify_restore_failed(&mut self, message: String) {
        self.notice = Some((BannerKind::Error, message));
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

    pub fn audit(&self) -> Option<&AuditScreen> {
        match &self.page {
            Page::Audit(screen) => Some(screen),
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
        if message.is_for_page() {
            // Back at work on the page: the question about leaving it no longer stands.
            self.leaving = None;
        }
        match message {
            Message::Navigate(destination) => self.navigate(destination),
            Message::Caseload(message) => {
                let action =
                    self.caseload.update(message, &mut ctx(&mut self.db, self.today, &self.settings, &self.staff));
                match action {
                    caseload::Action::None => Task::none(),
                    caseload::Action::Open(id) => self.open_prisoner(id),
                    caseload::Action::NewPrisoner => self.new_prisoner(),
                    caseload::Action::Run(task) => task.map(Message::Caseload),
                    caseload::Action::Imported => {
                        self.reload_reference_data();
                        self.refresh_caseload();
                        Task::none()
                    }
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
                        Task::perform(super::dialog::open_path(folder), Message::FolderOpened)
                    }
                    settings::Action::Run(task) => task.map(Message::Settings),
                    settings::Action::Restore(path) => Task::done(Message::Restore(path)),
                }
            }
            Message::FolderOpened(result) => {
                if let (Err(message), Page::Settings(screen)) = (result, &mut self.page) {
                    screen.notify(BannerKind::Error, format!("Could not open the folder: {message}"));
                }
                Task::none()
            }
            Message::Welcome(message) => self.welcome(message),
            Message::Recovery(message) => {
                let Page::Recovery(screen) = &mut self.page else { return Task::none() };
                match screen.update(message, &self.db, &self.user.name) {
                    recovery::Action::None => Task::none(),
                    recovery::Action::Run(task) => task.map(Message::Recovery),
                    recovery::Action::Continue => {
                        self.page = if self.db.is_new().unwrap_or(false) {
                            Page::Welcome(Welcome::new())
                        } else {
                            Page::Caseload
                        };
                        Task::none()
                    }
                }
            }
            Message::Users(message) => {
                let Page::Users(screen) = &mut self.page else { return Task::none() };
                screen
                    .update(message, &mut ctx(&mut self.db, self.today, &self.settings, &self.staff))
                    .map(Message::Users)
            }
            Message::Audit(message) => {
                let Page::Audit(screen) = &mut self.page else { return Task::none() };
                match screen.update(message, &mut ctx(&mut self.db, self.today, &self.settings, &self.staff)) {
                    audit::Action::None => Task::none(),
                    audit::Action::Run(task) => task.map(Message::Audit),
                }
            }
            Message::AutoBackup(Ok(_))
            | Message::Restore(_)
            | Message::HealthChecked(Ok(()))
            | Message::Activity
            | Message::Tick(_)
            | Message::Lock
            | Message::SignOut
            | Message::LeaveAnyway
            | Message::SignIn(_) => Task::none(),
            Message::HealthChecked(Err(message)) => {
                self.notice = Some((
                    BannerKind::Error,
                    format!(
                        "The start-up check found a problem: {message}. Stop entering work; in Settings, Backups, restore the newest good backup."
                    ),
                ));
                Task::none()
            }
            Message::AutoBackup(Err(message)) => {
                self.notice = Some((
                    BannerKind::Error,
                    format!(
                        "Today's automatic backup failed: {message}. Back up from Settings, or check the backup folder."
                    ),
                ));
                Task::none()
            }
            Message::DismissNotice => {
                self.notice = None;
                Task::none()
            }
            Message::StayOnPage => {
                self.leaving = None;
                Task::none()
            }
            Message::Induction(message) => {
                let Page::Induction(screen) = &mut self.page else {
                    return Task::none();
                };
                match screen.update(message) {
                    induction::Action::None => Task::none(),
                    induction::Action::OpenChecklist(id) => self.open_prisoner_on(id, prisoner::Tab::Induction),
                    induction::Action::EditProcedure if !self.may(Capability::Administer) => {
                        self.notice =
                            Some((BannerKind::Error, format!("Not opened: {}", refusal(Capability::Administer))));
                        Task::none()
                    }
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
        let (user, establishment) = (self.user.name.clone(), screen.establishment_name.trim().to_string());
        let result = match action {
            welcome::Action::None => return Task::none(),
            welcome::Action::LoadDemo => {
                demo::populate(&mut self.db, self.today, &user).map(|_| ()).map_err(|e| e.to_string())
            }
            welcome::Action::StartEmpty => {
                let settings = Settings { establishment_name: establishment, ..self.settings.clone() };
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
            Shortcut::New if !self.is_welcome() && self.may(Capability::CaseWork) => self.new_prisoner(),
            Shortcut::Find if !self.is_welcome() && self.may(Capability::CaseWork) => {
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

    /// True when the current page may be left now. Unsaved work is asked about first:
    /// `then` is what asked to leave, carried out if the person confirms.
    fn may_leave(&mut self, then: Message) -> bool {
        if self.leave_confirmed {
            return true;
        }
        let must_stay = match &mut self.page {
            // The record's own form asks with its own bar, which offers to save.
            Page::Prisoner(screen) => !screen.request_leave(self.today),
            Page::Welcome(_) | Page::Recovery(_) => true,
            _ => false,
        };
        if must_stay {
            return false;
        }
        match self.page.unsaved_work() {
            Some(unsaved) => {
                self.leaving = Some(Leaving { then: Box::new(then), unsaved });
                false
            }
            None => true,
        }
    }

    fn navigate(&mut self, destination: Destination) -> Task<Message> {
        if !self.may(destination.needs()) {
            self.notice = Some((BannerKind::Error, format!("Not opened: {}", refusal(destination.needs()))));
            return Task::none();
        }
        if !self.may_leave(Message::Navigate(destination)) {
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
            Destination::Settings => {
                let administrator = self.may(Capability::Administer);
                Page::Settings(SettingsScreen::new(
                    &mut ctx(&mut self.db, self.today, &self.settings, &self.staff),
                    administrator,
                ))
            }
            Destination::Users => {
                Page::Users(UsersScreen::new(&mut ctx(&mut self.db, self.today, &self.settings, &self.staff)))
            }
            Destination::Audit => {
                Page::Audit(AuditScreen::new(&mut ctx(&mut self.db, self.today, &self.settings, &self.staff)))
            }
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

    /// Opens a prisoner's record, after the audit trail has recorded who looked.
    fn open_prisoner(&mut self, id: i64) -> Task<Message> {
        if !self.may(Capability::CaseWork) {
            self.notice = Some((BannerKind::Error, format!("Not opened: {}", refusal(Capability::CaseWork))));
            return Task::none();
        }
        if let Err(error) = self.db.record_consultation(id) {
            self.caseload.set_error(format!(
                "The record was not opened: the audit trail could not record the viewing ({error})"
            ));
            return Task::none();
        }
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
        if !self.may(Capability::CaseWork) || !self.may_leave(Message::Shortcut(Shortcut::New)) {
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
            Page::Recovery(screen) => return screen.view().map(Message::Recovery),
            Page::Users(screen) => screen.view().map(Message::Users),
            Page::Audit(screen) => screen.view(self.settings.retention_years, self.today).map(Message::Audit),
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
        let content: Element<'_, Message> = match &self.leaving {
            Some(leaving) => column![
                container(
                    row![
                        text(format!("You have not saved {}.", leaving.unsaved)).size(BODY_SIZE).width(Fill),
                        button(text("Leave without saving")).on_press(Message::LeaveAnyway).style(button::danger),
                        button(text("Stay on this page")).on_press(Message::StayOnPage).style(button::secondary),
                    ]
                    .spacing(10)
                    .align_y(Alignment::Center),
                )
                .padding([8, 12])
                .style(theme::banner(BannerKind::Warning)),
                content
            ]
            .spacing(10)
            .into(),
            None => content,
        };
        let content: Element<'_, Message> = match &self.notice {
            Some((kind, message)) => column![
                row![
                    banner(*kind, message.as_str()),
                    button(text("Dismiss")).on_press(Message::DismissNotice).style(button::secondary),
                ]
                .spacing(8)
                .align_y(Alignment::Center),
                content
            ]
            .spacing(10)
            .into(),
            None => content,
        };
        row![self.sidebar(), container(content).padding(18).width(Fill).height(Fill)].into()
    }

    fn sidebar(&self) -> Element<'_, Message> {
        let current = match &self.page {
            Page::Caseload | Page::Prisoner(_) | Page::Welcome(_) | Page::Recovery(_) => Destination::Caseload,
            Page::Users(_) => Destination::Users,
            Page::Audit(_) => Destination::Audit,
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
        let mut links = column![].spacing(6);
        for (label, destination) in [
            ("Caseload", Destination::Caseload),
            ("Due", Destination::Due),
            ("Induction", Destination::Induction),
            ("Boards", Destination::Boards),
            ("Interventions", Destination::Interventions),
            ("Keys", Destination::Keys),
            ("Workload", Destination::Workload),
            ("Users", Destination::Users),
            ("Audit trail", Destination::Audit),
            ("Settings", Destination::Settings),
        ] {
            if self.may(destination.needs()) {
                links = links.push(nav(label, destination));
            }
        }
        let small = |label: &'static str, message: Message| {
            button(text(label).size(13)).on_press(message).padding([4, 8]).style(button::secondary)
        };
        container(
            column![
                text("OMU Desk").size(22),
                text(self.settings.establishment_name.as_str()).size(13),
                iced::widget::space().height(16),
                links,
                iced::widget::space::vertical(),
                text(format!("Signed in as\n{}\n{}", self.user.name, self.user.role.name())).size(13),
                row![small("Lock", Message::Lock), small("Sign out", Message::SignOut)].spacing(6),
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

fn distinct_tiers(db: &Db) -> omu_core::storage::Result<Vec<String>> {
    let mut tiers: Vec<String> = db.tier_table()?.rules().iter().map(|(_, _, tier)| tier.clone()).collect();
    tiers.sort();
    tiers.dedup();
    Ok(tiers)
}
