//! The application: the way in (set-up, sign-in, a file that could not be opened),
//! then a signed-in [`Session`]; the keyboard shortcuts and the inactivity lock.
//!
//! One file because the way in and the shortcuts share one state machine (which
//! stage has the keyboard); the signed-in desk lives in `session.rs`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use iced::keyboard::{self, Key, key::Named};
use iced::time::Instant;
use iced::widget::{button, column, container, operation, text};
use iced::{Element, Event, Subscription, Task, Theme, event};

use super::dialog::Dialogs;
use super::screen::audit;
use super::screen::boards;
use super::screen::caseload;
use super::screen::due;
use super::screen::induction;
use super::screen::interventions;
use super::screen::keys;
use super::screen::my_day;
use super::screen::prisoner;
use super::screen::procedure;
use super::screen::recovery;
use super::screen::settings;
use super::screen::sheet_import;
use super::screen::sign_in::{self, Mode, SignInScreen};
use super::screen::unit;
use super::screen::users;
use super::screen::welcome;
use super::screen::workload;
use super::session::{Clock, Session};
use super::start_timings::StartTimings;
use super::theme::{self, BannerKind};
use super::widget::{BODY_SIZE, banner};
use omu_core::domain::staff::TextSize;
use omu_core::domain::users::{Capability, User};
use omu_core::storage::{self, CaseKey, Error as StorageError, Keyring, backup, key_file_path};

/// Where the sidebar can take the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Destination {
    MyDay,
    Caseload,
    Due,
    Boards,
    Interventions,
    Induction,
    Keys,
    Workload,
    Unit,
    Users,
    Audit,
    Settings,
}

impl Destination {
    /// What the signed-in person's role must allow to go there.
    pub(super) fn needs(self) -> Capability {
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
    /// Tab: the next field.
    NextField,
    /// Shift+Tab: the previous field.
    PreviousField,
}

#[derive(Debug, Clone)]
pub enum Message {
    /// Setting up, signing in, unlocking, recovering.
    SignIn(sign_in::Message),
    /// A sidebar entry was chosen.
    Navigate(Destination),
    /// Work on the caseload.
    Caseload(caseload::Message),
    /// Work on a prisoner's record.
    Prisoner(prisoner::Message),
    /// Work on Settings.
    Settings(settings::Message),
    /// Work on the first screen of a new file.
    Welcome(welcome::Message),
    /// Work on the recovery key screen shown after set-up.
    Recovery(recovery::Message),
    /// Work on the Induction overview.
    Induction(induction::Message),
    /// Work on the induction procedure editor.
    Procedure(procedure::Message),
    /// Work on a caseload being imported from a spreadsheet.
    SheetImport(sheet_import::Message),
    /// Work on the Due list.
    Due(due::Message),
    /// Work on the Unit screen's figures.
    Unit(unit::Message),
    /// Act on My day (open a record from it).
    MyDay(my_day::Message),
    /// Work on the board diary.
    Boards(boards::Message),
    /// Work on the interventions catalogue.
    Interventions(interventions::Message),
    /// Work at the key board.
    Keys(keys::Message),
    /// Work on Users.
    Users(users::Message),
    /// Work on the audit trail.
    Audit(audit::Message),
    /// Work on the Workload table.
    Workload(workload::Message),
    /// A keyboard shortcut.
    Shortcut(Shortcut),
    /// A key press or click anywhere: the person is still here.
    Activity,
    /// Time passes: lock after the set spell without use.
    Tick(Instant),
    /// Lock now (the sidebar's Lock).
    Lock,
    /// Close the case file and go back to the sign-in screen.
    SignOut,
    /// The data folder was opened (or could not be).
    FolderOpened(Result<(), String>),
    /// The start-of-day backup finished (the file it wrote, or none needed today).
    AutoBackup(Result<Option<PathBuf>, String>),
    /// The start-up checks of the whole file finished.
    HealthChecked(Result<(), String>),
    /// Recovery key sheets an earlier version left on this PC were deleted.
    LeftRecoverySheetsRemoved(Vec<PathBuf>),
    /// The start-up check of the audit trail against its seals and published heads.
    TrailChecked(Result<omu_core::storage::ChainReport, String>),
    /// Replace the case file with this backup.
    Restore(PathBuf),
    /// Re-key the case file with the signed-in administrator's passphrase.
    ReKey(zeroize::Zeroizing<String>),
    /// Hide the news banner.
    DismissNotice,
    /// Go where the person asked, dropping the unsaved work they were warned about.
    LeaveAnyway,
    /// Stay with the unsaved work.
    StayOnPage,
    /// Throw away the unsaved edits on this page, as asked with Esc and confirmed:
    /// the page is read again from the case file.
    UndoEdits,
}

impl Message {
    /// Work on the page itself, rather than moving between pages or the session.
    pub(super) fn is_for_page(&self) -> bool {
        matches!(
            self,
            Message::Caseload(_)
                | Message::Prisoner(_)
                | Message::Settings(_)
                | Message::Induction(_)
                | Message::Procedure(_)
                | Message::SheetImport(_)
                | Message::Due(_)
                | Message::Unit(_)
                | Message::Boards(_)
                | Message::Interventions(_)
                | Message::Keys(_)
                | Message::Users(_)
                | Message::Audit(_)
                | Message::Workload(_)
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
    /// Where save and open dialogs come from (a folder, in tests).
    dialogs: Dialogs,
    /// Where the time comes from (fixed, in tests).
    clock: Clock,
    /// Start-up timings for the benchmark, when asked for.
    timings: Option<StartTimings>,
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
        App {
            path: path.to_path_buf(),
            name: name.to_string(),
            state,
            dialogs: Dialogs::default(),
            clock: Clock::System,
            timings: None,
        }
    }

    /// The app writing its start-up timings to standard error, when asked for.
    pub(super) fn timed(mut self, timings: Option<StartTimings>) -> App {
        self.timings = timings;
        self
    }

    /// The case file opened for someone whose key is unsealed (after signing in).
    pub fn open_as(path: &Path, key: &CaseKey, user: User) -> App {
        let mut app = App {
            path: path.to_path_buf(),
            name: user.name.clone(),
            state: State::Problem(Problem::empty()),
            dialogs: Dialogs::default(),
            clock: Clock::System,
            timings: None,
        };
        app.state = app.enter(key, user);
        app
    }

    /// Saves every file into `dialogs`' folder instead of asking (tests, kiosks).
    pub fn set_dialogs(&mut self, dialogs: Dialogs) {
        if let State::Ready(session) = &mut self.state {
            session.set_dialogs(dialogs.clone());
        }
        self.dialogs = dialogs;
    }

    /// Runs the app at a fixed time (tests).
    pub fn set_clock(&mut self, clock: Clock) {
        if let State::Ready(session) = &mut self.state {
            session.set_clock(clock);
        }
        self.clock = clock;
    }

    fn enter(&self, key: &CaseKey, user: User) -> State {
        match storage::open_as(&self.path, key, user.clone()).and_then(|signed_in| {
            Session::new(signed_in.db, user.clone(), self.dialogs.clone(), self.clock, &signed_in.failed_attempts)
        }) {
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
        let (key, checked_key) = (session.key().clone(), session.key().clone());
        let folder = session.backup_folder().unwrap_or_else(|| backup::default_folder(&self.path));
        let now = self.clock.now();
        let daily = Task::perform(async move { backup::back_up_if_due(&source, &key, &folder, now) }, |result| {
            Message::AutoBackup(result.map(|taken| taken.map(|file| file.path)).map_err(|error| error.to_string()))
        });
        // The full checks read every page: in the background, not before the first screen.
        let health = Task::perform(async move { backup::check_health(&checked, &checked_key) }, |result| {
            Message::HealthChecked(result.map_err(|error| error.to_string()))
        });
        let (trail, trail_key) = (self.path.clone(), session.key().clone());
        let trail = Task::perform(async move { backup::check_trail(&trail, &trail_key) }, |result| {
            Message::TrailChecked(result.map_err(|error| error.to_string()))
        });
        let leftovers = Task::perform(
            async { crate::ui::dialog::remove_left_recovery_sheets() },
            Message::LeftRecoverySheetsRemoved,
        );
        Task::batch([session.focus_page(), health, trail, daily, leftovers])
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
            State::Ready(session) => session.locked_screen(),
            State::Problem(_) => None,
        }
    }

    pub fn title(&self) -> String {
        match self.session() {
            Some(session) if !session.settings().establishment_name.is_empty() => {
                format!("OMU Desk: {}", session.settings().establishment_name)
            }
            _ => "OMU Desk".to_string(),
        }
    }

    pub fn theme(&self) -> Theme {
        let choice = self.session().map(|session| session.settings().theme).unwrap_or_default();
        theme::theme(choice)
    }

    pub fn scale_factor(&self) -> f32 {
        match self.session().map(|session| session.settings().text_size) {
            Some(TextSize::Large) => 1.25,
            _ => 1.0,
        }
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        if let (Some(timings), Message::SignIn(sign_in::Message::Submit)) = (&self.timings, &message) {
            timings.signing_in();
        }
        match message {
            Message::Restore(chosen) => return self.restore(&chosen),
            Message::ReKey(passphrase) => return self.re_key(&passphrase),
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
                if session.is_locked() {
                    return Task::none();
                }
                let Some(then) = session.take_confirmed_move() else { return Task::none() };
                let task = self.update(then);
                if let State::Ready(session) = &mut self.state {
                    session.finish_confirmed_move();
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
            Message::Tick(now) => session.lock_if_idle(now),
            Message::Lock => session.lock(true),
            Message::AutoBackup(_)
            | Message::HealthChecked(_)
            | Message::TrailChecked(_)
            | Message::LeftRecoverySheetsRemoved(_) => session.update(message),
            // Behind the lock, only the way back in answers the keyboard and mouse.
            _ if session.is_locked() => Task::none(),
            message => {
                session.touch();
                session.update(message)
            }
        }
    }

    fn sign_in(&mut self, message: sign_in::Message) -> Task<Message> {
        let action = match &mut self.state {
            State::SignIn(screen) => screen.update(message),
            State::Ready(session) => match session.locked_screen_mut() {
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
                    return session.focus_page();
                }
                self.state = self.enter(&key, user);
                self.start_of_session()
            }
            sign_in::Action::SetUp(key, user, recovery) => {
                self.state = self.enter(&key, user);
                if let State::Ready(session) = &mut self.state {
                    session.show_recovery_key(recovery);
                }
                Task::none()
            }
        }
    }

    /// Closes the case file and goes back to the sign-in screen.
    fn sign_out(&mut self) -> Task<Message> {
        if let Some(session) = self.session() {
            self.name = session.user().name.clone();
        }
        // Dropping the session closes the database and releases the lock.
        self.state = State::Problem(Problem::empty());
        let (dialogs, clock) = (self.dialogs.clone(), self.clock);
        *self = App::open(&self.path, &self.name);
        self.dialogs = dialogs;
        self.clock = clock;
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
                session.backup_folder().unwrap_or_else(|| backup::default_folder(&self.path)),
                session.key().clone(),
                session.user().clone(),
            ),
            State::Problem(Problem { signed_in: Some((key, user)), .. }) => {
                (backup::default_folder(&self.path), key.clone(), user.clone())
            }
            _ => return Task::none(),
        };
        // Dropping the session closes the database and releases the lock.
        self.state = State::Problem(Problem::empty());
        let outcome = backup::restore(&self.path, &key, chosen, &folder, self.clock.now(), &user.name);
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
                    State::Ready(session) => session.notify(BannerKind::Error, message),
                    State::SignIn(_) => {}
                }
            }
        }
        Task::none()
    }

    /// Closes the case file, re-keys it and opens it again under the new key, showing
    /// the new recovery key to lock away.
    fn re_key(&mut self, passphrase: &str) -> Task<Message> {
        let State::Ready(session) = &self.state else { return Task::none() };
        let folder = session.backup_folder().unwrap_or_else(|| backup::default_folder(&self.path));
        let (key, user) = (session.key().clone(), session.user().clone());
        // Dropping the session closes the database and releases the lock.
        self.state = State::Problem(Problem::empty());
        match storage::re_key(&self.path, &user.name, passphrase, &folder, self.clock.now()) {
            Ok(done) => {
                self.state = self.enter(&done.key, user);
                if let State::Ready(session) = &mut self.state {
                    session.show_recovery_key(done.recovery);
                    session.notify(
                        BannerKind::Success,
                        format!(
                            "Re-keyed: old key files and the old recovery key open nothing written from now on. A checked backup under the old key is at {}. {} keep their passphrase; their key is sealed anew when they next sign in.",
                            done.backup.display(),
                            omu_core::domain::text::plural(done.pending, "other user")
                        ),
                    );
                }
            }
            Err(error) => {
                self.state = self.enter(&key, user);
                if let State::Ready(session) = &mut self.state {
                    session.notify(BannerKind::Error, format!("Not re-keyed: {error}. The case file is as it was."));
                }
            }
        }
        Task::none()
    }

    pub fn view(&self) -> Element<'_, Message> {
        if let Some(timings) = &self.timings {
            timings.viewed(matches!(&self.state, State::Ready(session) if session.locked_screen().is_none()));
        }
        match &self.state {
            State::SignIn(screen) => screen.view().map(Message::SignIn),
            State::Ready(session) => match session.locked_screen() {
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
            State::Ready(session) if !session.is_locked() => {
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
