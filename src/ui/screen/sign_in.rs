//! Getting in: setting up a new case file (the first administrator and the recovery
//! key), signing in, unlocking after inactivity, and the recovery key when every
//! administrator's passphrase is lost. The key derivation is deliberately slow, so it
//! runs in a `Task`, never in `update`.

use std::path::PathBuf;

use iced::widget::{button, column, container, row, text, text_input};
use iced::{Alignment, Element, Fill, Task};

use crate::ui::theme::{self, BannerKind};
use crate::ui::widget::{BODY_SIZE, banner, heading, labelled, slot};
use omu_core::domain::users::{PASSPHRASE_MIN_CHARS, User, check_new_passphrase, check_user_name};
use omu_core::storage::{self, CaseKey, RecoveryKey};

pub const NAME_ID: &str = "sign-in-name";
pub const PASSPHRASE_ID: &str = "sign-in-passphrase";
pub const REPEAT_ID: &str = "sign-in-repeat";
pub const RECOVERY_ID: &str = "sign-in-recovery";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// No case file yet: create it and its first administrator.
    SetUp,
    SignIn,
    /// The app locked itself; only the person signed in may unlock it.
    Unlock,
    /// Every administrator's passphrase is lost: the recovery key makes a new one.
    Recover,
}

pub struct SignInScreen {
    path: PathBuf,
    mode: Mode,
    name: String,
    passphrase: String,
    repeat: String,
    recovery_key: String,
    error: Option<String>,
    busy: bool,
    /// The person locked the app themselves (the sidebar's Lock), rather than it
    /// locking itself after a spell without use.
    locked_by_hand: bool,
}

#[derive(Debug, Clone)]
pub enum Message {
    /// The name typed.
    Name(String),
    /// The passphrase typed.
    Passphrase(String),
    /// The passphrase typed again (set-up, recovery).
    Repeat(String),
    /// The recovery key typed.
    RecoveryKey(String),
    /// Sign in, set up, unlock or recover (Enter).
    Submit,
    /// Switch to recovering with the recovery key.
    UseRecoveryKey,
    /// Back from recovery to signing in.
    BackToSignIn,
    /// Sign out from the unlock screen (someone else is at the PC).
    SignOut,
    /// The key derivation finished: the key and user, or why not.
    Unlocked(Result<(CaseKey, User), String>),
    /// The new case file was set up: its key, first administrator and recovery key, or why not.
    SetUpDone(Result<(CaseKey, User, RecoveryKey), String>),
}

pub enum Action {
    None,
    Run(Task<Message>),
    /// The case key is unsealed for this person.
    SignedIn(CaseKey, User),
    /// A new case file exists; show its recovery key once.
    SetUp(CaseKey, User, RecoveryKey),
    SignOut,
}

impl SignInScreen {
    /// The unlock screen for someone who pressed Lock themselves.
    pub fn locked_by_hand(mut self) -> Self {
        self.locked_by_hand = true;
        self
    }

    pub fn new(path: PathBuf, mode: Mode, name: String) -> Self {
        Self {
            path,
            mode,
            name,
            passphrase: String::new(),
            repeat: String::new(),
            recovery_key: String::new(),
            error: None,
            busy: false,
            locked_by_hand: false,
        }
    }

    /// The field to type into first.
    pub fn focus(&self) -> Task<Message> {
        let id = if self.mode == Mode::Unlock || (self.mode == Mode::SignIn && !self.name.is_empty()) {
            PASSPHRASE_ID
        } else {
            NAME_ID
        };
        iced::widget::operation::focus(id)
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Name(value) if self.mode != Mode::Unlock => self.name = value,
            Message::Name(_) => {}
            Message::Passphrase(value) => self.passphrase = value,
            Message::Repeat(value) => self.repeat = value,
            Message::RecoveryKey(value) => self.recovery_key = value,
            Message::UseRecoveryKey => self.switch(Mode::Recover),
            Message::BackToSignIn => self.switch(Mode::SignIn),
            Message::SignOut => return Action::SignOut,
            Message::Submit if self.busy => {}
            Message::Submit => return self.submit(),
            Message::Unlocked(result) => {
                self.busy = false;
                match result {
                    Ok((key, user)) => {
                        self.passphrase.clear();
                        return Action::SignedIn(key, user);
                    }
                    Err(message) => {
                        // The passphrase is cleared so the next try starts clean; the name stays.
                        self.passphrase.clear();
                        self.error = Some(message);
                    }
                }
            }
            Message::SetUpDone(result) => {
                self.busy = false;
                match result {
                    Ok((key, user, recovery)) => {
                        self.passphrase.clear();
                        self.repeat.clear();
                        return Action::SetUp(key, user, recovery);
                    }
                    Err(message) => self.error = Some(message),
                }
            }
        }
        Action::None
    }

    fn switch(&mut self, mode: Mode) {
        self.mode = mode;
        self.error = None;
        self.passphrase.clear();
        self.repeat.clear();
        self.recovery_key.clear();
    }

    fn submit(&mut self) -> Action {
        let checked = match self.mode {
            Mode::SignIn | Mode::Unlock => {
                check_user_name(&self.name).map_err(|invalid| invalid.to_string()).and_then(|name| {
                    if self.passphrase.is_empty() { Err("Type your passphrase".to_string()) } else { Ok(name) }
                })
            }
            Mode::SetUp | Mode::Recover => {
                check_user_name(&self.name).map_err(|invalid| invalid.to_string()).and_then(|name| {
                    if self.mode == Mode::Recover && self.recovery_key.trim().is_empty() {
                        return Err("Type the recovery key, as printed when OMU Desk was set up".to_string());
                    }
                    check_new_passphrase(&self.passphrase, &self.repeat, &name)
                        .map(|()| name)
                        .map_err(|invalid| invalid.to_string())
                })
            }
        };
        let name = match checked {
            Ok(name) => name,
            Err(message) => {
                self.error = Some(message);
                return Action::None;
            }
        };
        self.error = None;
        self.busy = true;
        let (path, passphrase) = (self.path.clone(), self.passphrase.clone());
        let task = match self.mode {
            Mode::SignIn | Mode::Unlock => Task::perform(
                async move { storage::unlock(&path, &name, &passphrase).map_err(|error| error.to_string()) },
                Message::Unlocked,
            ),
            Mode::SetUp => Task::perform(
                async move { storage::set_up(&path, &name, &passphrase).map_err(|error| error.to_string()) },
                Message::SetUpDone,
            ),
            Mode::Recover => {
                let recovery_key = self.recovery_key.clone();
                Task::perform(
                    async move {
                        storage::recover(&path, &recovery_key, &name, &passphrase).map_err(|error| error.to_string())
                    },
                    Message::Unlocked,
                )
            }
        };
        Action::Run(task)
    }

    pub fn view(&self) -> Element<'_, Message> {
        let (title, explanation) = match self.mode {
            Mode::SetUp => (
                "Set up OMU Desk",
                "The case file is encrypted: a copy taken off this PC cannot be read without a passphrase. You will be its first administrator; you can add the unit's other staff afterwards, each with their own passphrase.",
            ),
            Mode::SignIn => {
                ("Sign in to OMU Desk", "Everything you view, change or print is recorded under your name.")
            }
            Mode::Unlock if self.locked_by_hand => (
                "OMU Desk is locked",
                "You locked OMU Desk. Type your passphrase to carry on where you left off; nothing you typed is lost.",
            ),
            Mode::Unlock => (
                "OMU Desk is locked",
                "Locked after a spell without use. Type your passphrase to carry on where you left off; nothing you typed is lost.",
            ),
            Mode::Recover => (
                "Sign in with the recovery key",
                "For when no administrator can sign in. The recovery key was printed when OMU Desk was set up. The name you give becomes an administrator with the new passphrase; this is recorded in the audit trail.",
            ),
        };
        let input = |value: &str, id: &'static str, on_input: fn(String) -> Message, secure: bool| {
            text_input("", value)
                .id(id)
                .secure(secure)
                .on_input(on_input)
                .on_submit(Message::Submit)
                .padding(8)
                .size(BODY_SIZE)
        };
        let mut form = column![heading(title), text(explanation).size(BODY_SIZE)].spacing(14);
        form = form.push(match self.mode {
            Mode::Unlock => labelled("Signed in as", text(self.name.as_str()).size(BODY_SIZE), None),
            _ => labelled("Your full name", input(&self.name, NAME_ID, Message::Name, false), None),
        });
        if self.mode == Mode::Recover {
            form = form.push(labelled(
                "Recovery key",
                input(&self.recovery_key, RECOVERY_ID, Message::RecoveryKey, false),
                None,
            ));
        }
        let passphrase_label = match self.mode {
            Mode::SetUp | Mode::Recover => "New passphrase",
            _ => "Passphrase",
        };
        form = form.push(labelled(
            passphrase_label,
            input(&self.passphrase, PASSPHRASE_ID, Message::Passphrase, true),
            None,
        ));
        if matches!(self.mode, Mode::SetUp | Mode::Recover) {
            form = form
                .push(labelled("Type it again", input(&self.repeat, REPEAT_ID, Message::Repeat, true), None))
                .push(
                    text(format!(
                        "At least {PASSPHRASE_MIN_CHARS} characters. Three random words you will remember make a strong one, e.g. \"copper river lantern\"."
                    ))
                    .size(13)
                    .style(theme::muted),
                );
        }
        form =
            form.push(slot(self.error.as_ref().map(|error| Element::from(banner(BannerKind::Error, error.as_str())))));
        let submit_label = match (self.mode, self.busy) {
            (_, true) => "Checking…",
            (Mode::SetUp, false) => "Set up",
            (Mode::Unlock, false) => "Unlock",
            (_, false) => "Sign in",
        };
        let mut buttons = row![
            button(text(submit_label).size(BODY_SIZE))
                .on_press_maybe((!self.busy).then_some(Message::Submit))
                .style(button::primary)
                .padding([10, 18])
        ]
        .spacing(12)
        .align_y(Alignment::Center);
        buttons = match self.mode {
            Mode::SignIn => buttons.push(
                button(text("Lost every administrator passphrase?").size(13))
                    .on_press(Message::UseRecoveryKey)
                    .style(button::text),
            ),
            Mode::Recover => buttons
                .push(button(text("Back").size(BODY_SIZE)).on_press(Message::BackToSignIn).style(button::secondary)),
            Mode::Unlock => buttons.push(
                button(text("Sign out (unsaved changes are discarded)").size(BODY_SIZE))
                    .on_press(Message::SignOut)
                    .style(button::secondary),
            ),
            Mode::SetUp => buttons,
        };
        form = form.push(buttons);
        if self.mode == Mode::SetUp {
            form = form.push(
                text("Next you will see a recovery key. Print it and lock it away: if every administrator's passphrase is lost as well as the recovery key, nobody can open the case file, not even the makers of OMU Desk.")
                    .size(13)
                    .style(theme::muted),
            );
        }
        form = form.push(text(self.path.display().to_string()).size(12).style(theme::muted));
        container(container(form).padding(28).max_width(620).style(theme::card)).center_x(Fill).padding(40).into()
    }
}
