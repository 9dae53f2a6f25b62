//! A signed-in session: the case file and the facts every screen shares (the desk),
//! which page is showing, moving between pages (asking first when typed work would
//! be lost), and acting on what each screen's `update` asks for.
//!
//! Over 600 lines because every page change passes through one place that asks
//! about unsaved work and acts on each screen's `Action`; split, the two would drift.

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use iced::time::Instant;
use iced::widget::operation;
use iced::{Element, Task};

use super::app::{Destination, Message, Shortcut};
use super::dialog::Dialogs;
use super::screen::audit::{self, AuditScreen};
use super::screen::boards::{self, BoardsScreen};
use super::screen::caseload::{self, Caseload};
use super::screen::due::{self, DueScreen};
use super::screen::induction::{self, InductionScreen};
use super::screen::interventions::{self, InterventionsScreen};
use super::screen::keys::{self, KeysScreen};
use super::screen::my_day::{self, MyDayScreen};
use super::screen::prisoner::{self, PrisonerScreen};
use super::screen::procedure::{self, ProcedureScreen};
use super::screen::recovery::{self, RecoveryScreen};
use super::screen::settings::{self, SettingsScreen};
use super::screen::sheet_import::{self, SheetImportScreen};
use super::screen::sign_in::{Mode, SignInScreen};
use super::screen::unit::{self, UnitScreen};
use super::screen::users::{self, UsersScreen};
use super::screen::welcome::{self, Welcome};
use super::screen::workload::{self, WorkloadScreen};
use super::screen::{Context, Screen, Shared};
use super::theme::BannerKind;
use omu_core::domain::dates::utc_to_london;
use omu_core::domain::staff::{Settings, Staff};
use omu_core::domain::users::{Capability, User, refusal, same_user};
use omu_core::storage::{Db, RecoveryKey, SupervisorFilter};

mod navigation;

mod pages;

mod frame;

/// Where the time comes from: the computer's clock, or a fixed instant (tests, and
/// anyone checking what the gate showed at 17:00).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Clock {
    #[default]
    System,
    Fixed(DateTime<Utc>),
}

impl Clock {
    pub fn now(self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(instant) => instant,
        }
    }
}

/// The case file and what every screen reads from it, kept apart from the pages so a
/// page can be updated with a [`Context`] borrowed from the desk.
pub struct Desk {
    pub(super) db: Db,
    pub(super) user: User,
    settings: Settings,
    staff: Vec<Staff>,
    tiers: Vec<String>,
    dialogs: Dialogs,
    clock: Clock,
    now: DateTime<Utc>,
}

impl Desk {
    fn context(&mut self) -> Context<'_> {
        Context {
            db: &mut self.db,
            today: utc_to_london(self.now).date_naive(),
            now: self.now,
            settings: &self.settings,
            staff: &self.staff,
            user: &self.user,
            dialogs: &self.dialogs,
        }
    }

    fn shared(&self) -> Shared<'_> {
        Shared {
            today: self.today(),
            now: self.now,
            settings: &self.settings,
            staff: &self.staff,
            user: &self.user,
            tiers: &self.tiers,
            data_file: self.db.path(),
        }
    }

    fn today(&self) -> NaiveDate {
        utc_to_london(self.now).date_naive()
    }

    fn may(&self, capability: Capability) -> bool {
        self.user.role.may(capability)
    }

    /// Reads the settings, staff and tiers again after a screen changed them.
    fn reload(&mut self) {
        if let Ok(settings) = self.db.settings() {
            self.settings = settings;
        }
        if let Ok(staff) = self.db.staff() {
            self.staff = staff;
        }
        if let Ok(tiers) = self.db.tier_names() {
            self.tiers = tiers;
        }
    }
}

pub struct Session {
    desk: Desk,
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
    /// Asked by Esc, to throw the edits away and stay, rather than to leave.
    undo: bool,
}

enum Page {
    Welcome(Welcome),
    Recovery(RecoveryScreen),
    Caseload,
    Prisoner(Box<PrisonerScreen>),
    Workload(WorkloadScreen),
    Settings(Box<SettingsScreen>),
    Induction(InductionScreen),
    Procedure(ProcedureScreen),
    SheetImport(Box<SheetImportScreen>),
    Due(DueScreen),
    Unit(Box<UnitScreen>),
    MyDay(MyDayScreen),
    Boards(BoardsScreen),
    Interventions(InterventionsScreen),
    Keys(Box<KeysScreen>),
    Users(UsersScreen),
    Audit(Box<AuditScreen>),
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
            Page::SheetImport(screen) => screen.unsaved_work(),
            Page::Welcome(_)
            | Page::Recovery(_)
            | Page::Caseload
            | Page::Workload(_)
            | Page::Induction(_)
            | Page::Due(_)
            | Page::Unit(_)
            | Page::MyDay(_)
            | Page::Boards(_)
            | Page::Audit(_) => None,
        }
    }

    /// Which sidebar entry this page belongs to.
    fn destination(&self) -> Destination {
        match self {
            Page::Caseload | Page::Prisoner(_) | Page::SheetImport(_) | Page::Welcome(_) | Page::Recovery(_) => {
                Destination::Caseload
            }
            Page::Users(_) => Destination::Users,
            Page::Audit(_) => Destination::Audit,
            Page::Workload(_) => Destination::Workload,
            Page::Settings(_) => Destination::Settings,
            Page::Induction(_) | Page::Procedure(_) => Destination::Induction,
            Page::Due(_) => Destination::Due,
            Page::Unit(_) => Destination::Unit,
            Page::MyDay(_) => Destination::MyDay,
            Page::Boards(_) => Destination::Boards,
            Page::Interventions(_) => Destination::Interventions,
            Page::Keys(_) => Destination::Keys,
        }
    }
}

impl Session {
    /// The desk for `user`, with the case file open. `failed_attempts` are the failed
    /// sign-ins under their name since they last signed in, told to them first.
    pub(super) fn new(
        db: Db,
        user: User,
        dialogs: Dialogs,
        clock: Clock,
        failed_attempts: &[chrono::DateTime<chrono::Utc>],
    ) -> omu_core::storage::Result<Session> {
        let settings = db.settings()?;
        let staff = db.staff()?;
        let tiers = db.tier_names()?;
        let is_new = db.is_new()?;
        let now = clock.now();
        let mut desk = Desk { db, user, settings, staff, tiers, dialogs, clock, now };
        let caseload = Caseload::new(&mut desk.context());
        let mut session = Session {
            desk,
            caseload,
            page: Page::Caseload,
            notice: None,
            locked: None,
            last_activity: Instant::now(),
            leaving: None,
            leave_confirmed: false,
        };
        if let Some(warning) = omu_core::domain::audit::describe_failed_attempts(failed_attempts) {
            session.notify(BannerKind::Warning, warning);
        }
        if let Some(first) = session.desk.db.guard_problems().first() {
            session.notify(
                BannerKind::Error,
                format!(
                    "Nothing can be saved: the case file's own guards were changed outside OMU Desk ({first}). An administrator must open the Audit trail, look at what happened and put them back."
                ),
            );
        }
        if is_new && session.desk.may(Capability::Administer) {
            session.page = Page::Welcome(Welcome::default());
        } else if !session.desk.may(Capability::CaseWork) {
            let _ = session.navigate(Destination::Keys);
        } else if session.desk.context().me().is_some_and(|me| me.role.holds_caseload()) {
            // A supervisor's day starts with what it holds.
            let _ = session.navigate(Destination::MyDay);
        }
        Ok(session)
    }

    pub fn user(&self) -> &User {
        &self.desk.user
    }

    /// Where the cursor goes when the desk opens or is unlocked: the key board's
    /// number box, so the gate works from the keyboard from the first key.
    pub(super) fn focus_page(&self) -> Task<Message> {
        match &self.page {
            Page::Keys(_) => KeysScreen::focus().map(Message::Keys),
            _ => Task::none(),
        }
    }

    pub fn db(&self) -> &Db {
        &self.desk.db
    }

    pub(super) fn key(&self) -> &omu_core::storage::CaseKey {
        self.desk.db.key()
    }

    pub(super) fn backup_folder(&self) -> Option<std::path::PathBuf> {
        self.desk.db.backup_folder().ok()
    }

    pub(super) fn settings(&self) -> &Settings {
        &self.desk.settings
    }

    pub(super) fn set_dialogs(&mut self, dialogs: Dialogs) {
        self.desk.dialogs = dialogs;
    }

    pub(super) fn set_clock(&mut self, clock: Clock) {
        self.desk.clock = clock;
        self.desk.now = clock.now();
    }

    pub fn is_locked(&self) -> bool {
        self.locked.is_some()
    }

    pub(super) fn locked_screen(&self) -> Option<&SignInScreen> {
        self.locked.as_ref()
    }

    pub(super) fn locked_screen_mut(&mut self) -> Option<&mut SignInScreen> {
        self.locked.as_mut()
    }

    /// Hides everything behind the unlock screen; the pages keep what was typed.
    /// `by_hand` when the person pressed Lock, rather than the app locking itself.
    pub(super) fn lock(&mut self, by_hand: bool) -> Task<Message> {
        if self.locked.is_none() {
            let screen =
                SignInScreen::new(self.desk.db.path().to_path_buf(), Mode::Unlock, self.desk.user.name.clone());
            let screen = if by_hand { screen.locked_by_hand() } else { screen };
            let focus = screen.focus().map(Message::SignIn);
            self.locked = Some(screen);
            return focus;
        }
        Task::none()
    }

    pub(super) fn lock_if_idle(&mut self, now: Instant) -> Task<Message> {
        let limit = Duration::from_secs(u64::from(self.desk.settings.lock_minutes) * 60);
        if now.saturating_duration_since(self.last_activity) >= limit {
            return self.lock(false);
        }
        Task::none()
    }

    /// Only the person who was signed in unlocks; anyone else signs them out first.
    pub(super) fn unlock(&mut self, user: &User) {
        if same_user(&user.name, &self.desk.user.name) {
            self.locked = None;
            self.last_activity = Instant::now();
        }
    }

    pub(super) fn touch(&mut self) {
        self.last_activity = Instant::now();
    }

    pub(super) fn show_recovery_key(&mut self, key: RecoveryKey) {
        self.page = Page::Recovery(RecoveryScreen::new(key));
    }

    pub(super) fn notify(&mut self, kind: BannerKind, message: String) {
        self.notice = Some((kind, message));
    }

    pub(super) fn notify_restored(&mut self, chosen: &Path, kept: Option<&Path>) {
        let kept = kept.map(|path| format!(" The file as it was is kept at {}.", path.display())).unwrap_or_default();
        self.notify(BannerKind::Success, format!("Restored the backup {}.{kept}", chosen.display()));
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

    pub fn my_day(&self) -> Option<&MyDayScreen> {
        match &self.page {
            Page::MyDay(screen) => Some(screen),
            _ => None,
        }
    }

    pub fn sheet_import(&self) -> Option<&SheetImportScreen> {
        match &self.page {
            Page::SheetImport(screen) => Some(screen),
            _ => None,
        }
    }

    pub fn unit(&self) -> Option<&UnitScreen> {
        match &self.page {
            Page::Unit(screen) => Some(screen),
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

    pub(super) fn update(&mut self, message: Message) -> Task<Message> {
        self.desk.now = self.desk.clock.now();
        if message.is_for_page() {
            // Back at work on the page: the question about leaving it no longer stands.
            self.leaving = None;
        }
        match message {
            Message::Navigate(destination) => self.navigate(destination),
            Message::Caseload(message) => self.caseload_update(message),
            Message::Prisoner(message) => self.prisoner_update(message),
            Message::Settings(message) => self.settings_update(message),
            Message::FolderOpened(result) => {
                if let (Err(message), Page::Settings(screen)) = (result, &mut self.page) {
                    screen.notify(BannerKind::Error, format!("Could not open the folder: {message}"));
                }
                Task::none()
            }
            Message::Welcome(message) => self.welcome_update(message),
            Message::Recovery(message) => self.recovery_update(message),
            Message::Users(message) => self.users_update(message),
            Message::Audit(message) => {
                let Page::Audit(screen) = &mut self.page else { return Task::none() };
                match screen.update(message, &mut self.desk.context()) {
                    audit::Action::None => Task::none(),
                    audit::Action::Run(task) => task.map(Message::Audit),
                    audit::Action::GuardsPutBack => {
                        self.notice = None;
                        Task::none()
                    }
                }
            }
            Message::Workload(message) => {
                let Page::Workload(screen) = &mut self.page else { return Task::none() };
                match screen.update(message, &mut self.desk.context()) {
                    workload::Action::None => Task::none(),
                    workload::Action::OpenCaseload(filter) => self.open_caseload_of(filter),
                    workload::Action::Run(task) => task.map(Message::Workload),
                }
            }
            Message::TrailChecked(Ok(report)) if !report.is_intact() => {
                self.notify(
                    BannerKind::Error,
                    format!(
                        "The start-up check of the audit trail found {}: {} An administrator should open the Audit trail and check it.",
                        omu_core::domain::text::plural(report.problem_count as usize, "problem"),
                        report.problems.first().cloned().unwrap_or_default()
                    ),
                );
                Task::none()
            }
            Message::LeftRecoverySheetsRemoved(removed) if !removed.is_empty() => {
                let places: Vec<String> = removed.iter().map(|path| path.display().to_string()).collect();
                self.notify(
                    BannerKind::Info,
                    format!(
                        "Deleted {} of the recovery key that an earlier version saved on this PC ({}): the key must be kept away from the PC it opens.",
                        omu_core::domain::text::plural_with(removed.len(), "copy", "copies"),
                        places.join(", ")
                    ),
                );
                Task::none()
            }
            Message::TrailChecked(Err(message)) => {
                self.notify(BannerKind::Error, format!("The audit trail could not be checked at start-up: {message}"));
                Task::none()
            }
            Message::HealthChecked(Err(message)) => {
                self.notify(
                    BannerKind::Error,
                    format!(
                        "The start-up check found a problem: {message}. Stop entering work; in Settings, Backups, restore the newest good backup."
                    ),
                );
                Task::none()
            }
            Message::AutoBackup(Err(message)) => {
                self.notify(
                    BannerKind::Error,
                    format!(
                        "Today's automatic backup failed: {message}. Back up from Settings, or check the backup folder."
                    ),
                );
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
            Message::UndoEdits => {
                let ctx = &mut self.desk.context();
                match &mut self.page {
                    Page::Procedure(screen) => *screen = ProcedureScreen::new(ctx),
                    Page::Settings(screen) => **screen = SettingsScreen::new(ctx),
                    Page::Interventions(screen) => *screen = InterventionsScreen::new(ctx),
                    Page::Users(screen) => *screen = UsersScreen::new(ctx),
                    _ => {}
                }
                Task::none()
            }
            Message::Induction(message) => self.induction_update(message),
            Message::Due(message) => {
                let Page::Due(screen) = &mut self.page else { return Task::none() };
                match screen.update(message, &mut self.desk.context()) {
                    due::Action::None => Task::none(),
                    due::Action::OpenPrisoner(id, tab) => self.open_prisoner_on(id, tab),
                    due::Action::Run(task) => task.map(Message::Due),
                }
            }
            Message::Unit(message) => {
                let Page::Unit(screen) = &mut self.page else { return Task::none() };
                match screen.update(message, &mut self.desk.context()) {
                    unit::Action::None => Task::none(),
                    unit::Action::OpenPrisoner(id, tab) => self.open_prisoner_on(id, tab),
                    unit::Action::Run(task) => task.map(Message::Unit),
                }
            }
            Message::MyDay(message) => {
                let Page::MyDay(screen) = &mut self.page else { return Task::none() };
                match screen.update(message, &mut self.desk.context()) {
                    my_day::Action::None => Task::none(),
                    my_day::Action::OpenPrisoner(id, tab) => self.open_prisoner_on(id, tab),
                }
            }
            Message::Boards(message) => {
                let Page::Boards(screen) = &mut self.page else { return Task::none() };
                match screen.update(message, &mut self.desk.context()) {
                    boards::Action::None => Task::none(),
                    boards::Action::OpenPlan(id) => self.open_prisoner_on(id, prisoner::Tab::Plan),
                    boards::Action::Run(task) => task.map(Message::Boards),
                }
            }
            Message::Interventions(message) => {
                let Page::Interventions(screen) = &mut self.page else { return Task::none() };
                match screen.update(message, &mut self.desk.context()) {
                    interventions::Action::None => Task::none(),
                    interventions::Action::Run(task) => task.map(Message::Interventions),
                }
            }
            Message::Keys(message) => {
                let Page::Keys(screen) = &mut self.page else { return Task::none() };
                match screen.update(message, &mut self.desk.context()) {
                    keys::Action::None => Task::none(),
                    keys::Action::Run(task) => task.map(Message::Keys),
                }
            }
            Message::SheetImport(message) => {
                let Page::SheetImport(screen) = &mut self.page else { return Task::none() };
                match screen.update(message, &mut self.desk.context()) {
                    sheet_import::Action::None => Task::none(),
                    sheet_import::Action::Back => self.navigate(Destination::Caseload),
                    sheet_import::Action::Imported(said) => {
                        self.desk.reload();
                        self.refresh_caseload();
                        let task = self.navigate(Destination::Caseload);
                        self.notify(BannerKind::Success, said);
                        task
                    }
                }
            }
            Message::Procedure(message) => {
                let Page::Procedure(screen) = &mut self.page else { return Task::none() };
                match screen.update(message, &mut self.desk.context()) {
                    procedure::Action::None => Task::none(),
                    procedure::Action::Back => self.navigate(Destination::Induction),
                }
            }
            Message::Shortcut(shortcut) => self.shortcut(shortcut),
            Message::AutoBackup(Ok(_))
            | Message::Restore(_)
            | Message::ReKey(_)
            | Message::HealthChecked(Ok(()))
            | Message::TrailChecked(Ok(_))
            | Message::LeftRecoverySheetsRemoved(_)
            | Message::Activity
            | Message::Tick(_)
            | Message::Lock
            | Message::SignOut
            | Message::LeaveAnyway
            | Message::SignIn(_) => Task::none(),
        }
    }

    fn refresh_caseload(&mut self) {
        self.caseload.refresh(&mut self.desk.context());
    }

    pub(super) fn view(&self) -> Element<'_, Message> {
        let shared = self.desk.shared();
        let content: Element<'_, Message> = match &self.page {
            Page::Welcome(screen) => return screen.view(&shared).map(Message::Welcome),
            Page::Recovery(screen) => return screen.view(&shared).map(Message::Recovery),
            Page::Users(screen) => screen.view(&shared).map(Message::Users),
            Page::Audit(screen) => screen.view(&shared).map(Message::Audit),
            Page::Caseload => self.caseload.view(&shared).map(Message::Caseload),
            Page::Prisoner(screen) => screen.view(&shared).map(Message::Prisoner),
            Page::Workload(screen) => screen.view(&shared).map(Message::Workload),
            Page::Settings(screen) => screen.view(&shared).map(Message::Settings),
            Page::Induction(screen) => screen.view(&shared).map(Message::Induction),
            Page::Procedure(screen) => screen.view(&shared).map(Message::Procedure),
            Page::SheetImport(screen) => screen.view(&shared).map(Message::SheetImport),
            Page::Due(screen) => screen.view(&shared).map(Message::Due),
            Page::Unit(screen) => screen.view(&shared).map(Message::Unit),
            Page::MyDay(screen) => screen.view(&shared).map(Message::MyDay),
            Page::Boards(screen) => screen.view(&shared).map(Message::Boards),
            Page::Interventions(screen) => screen.view(&shared).map(Message::Interventions),
            Page::Keys(screen) => screen.view(&shared).map(Message::Keys),
        };
        frame::around(self, content)
    }
}
