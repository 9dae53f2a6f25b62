//! One module per screen, every one on the same contract ([`Screen`]): its state, a
//! `Message` (each variant documented), `update(&mut self, Message, &mut Context) ->
//! Action` where the `Action` is what the app should do next (open a record, say the
//! case file changed, run a task), `view(&self, &Shared)`, and `unsaved_work` saying
//! what leaving would lose. Screens call the domain for every rule and the storage
//! for every read and write; slow work and dialogs go out as tasks whose results
//! name the record they belong to.

pub mod audit;
pub mod boards;
pub mod caseload;
pub mod checklist;
pub mod due;
pub mod induction;
pub mod interventions;
pub mod keys;
pub mod my_day;
pub mod plan;
pub mod prisoner;
pub mod procedure;
pub mod recovery;
pub mod settings;
pub mod sheet_import;
pub mod sign_in;
pub mod unit;
pub mod users;
pub mod welcome;
pub mod workload;

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use iced::Element;

use super::dialog::Dialogs;
use omu_core::domain::staff::{Settings, Staff};
use omu_core::domain::users::User;
use omu_core::storage::Db;

/// The contract every screen inside a signed-in session keeps. (Signing in is the
/// one exception: it runs before any case file is open, so it has no `Context`.)
pub trait Screen {
    type Message;
    /// What the app should do after an update.
    type Action;

    fn update(&mut self, message: Self::Message, ctx: &mut Context) -> Self::Action;

    fn view<'a>(&'a self, shared: &Shared<'a>) -> Element<'a, Self::Message>;

    /// Typed work that leaving the screen now would lose, e.g. "the objective".
    fn unsaved_work(&self) -> Option<&'static str> {
        None
    }
}

/// What a screen's `update` may use: the case file and the facts every screen shares.
/// `today` and `now` come from the session's clock, so tests can fix the time.
pub struct Context<'a> {
    pub db: &'a mut Db,
    pub today: NaiveDate,
    pub now: DateTime<Utc>,
    pub settings: &'a Settings,
    pub staff: &'a [Staff],
    pub user: &'a User,
    pub dialogs: &'a Dialogs,
}

impl Context<'_> {
    /// The staff record of the person using the app, if they are on the staff list.
    pub fn me(&self) -> Option<&Staff> {
        me(self.staff, self.settings)
    }

    /// The facts a view reads, for a screen that builds parts of itself in `update`.
    pub fn shared(&self) -> Shared<'_> {
        Shared {
            today: self.today,
            now: self.now,
            settings: self.settings,
            staff: self.staff,
            user: self.user,
            tiers: &[],
            data_file: self.db.path(),
        }
    }
}

/// What every `view` may read: the same facts as [`Context`], without the case file.
#[derive(Clone, Copy)]
pub struct Shared<'a> {
    pub today: NaiveDate,
    pub now: DateTime<Utc>,
    pub settings: &'a Settings,
    pub staff: &'a [Staff],
    pub user: &'a User,
    /// The tiers the establishment's tier table gives, for filters.
    pub tiers: &'a [String],
    /// The case file's path, shown on Settings.
    pub data_file: &'a Path,
}

impl Shared<'_> {
    /// The staff record of the person using the app, if they are on the staff list.
    pub fn me(&self) -> Option<&Staff> {
        me(self.staff, self.settings)
    }
}

fn me<'a>(staff: &'a [Staff], settings: &Settings) -> Option<&'a Staff> {
    staff.iter().find(|member| member.name == settings.user_name)
}

/// A choice in a drop-down list, where `None` is "any" or "not set".
#[derive(Debug, Clone, PartialEq)]
pub struct Choice<T> {
    pub value: Option<T>,
    pub label: String,
}

impl<T> Choice<T> {
    pub fn none(label: impl Into<String>) -> Self {
        Self { value: None, label: label.into() }
    }

    pub fn some(value: T, label: impl Into<String>) -> Self {
        Self { value: Some(value), label: label.into() }
    }
}

impl<T> std::fmt::Display for Choice<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

/// The options of a coded value, headed by a "not set" or "any" option.
pub fn coded_choices<T: omu_core::domain::risk::Coded + PartialEq>(none_label: &str) -> Vec<Choice<T>> {
    std::iter::once(Choice::none(none_label))
        .chain(T::ALL.iter().map(|value| Choice::some(*value, value.label())))
        .collect()
}

/// The option in `choices` holding `value`.
pub fn selected<T: PartialEq + Clone>(choices: &[Choice<T>], value: Option<&T>) -> Option<Choice<T>> {
    choices.iter().find(|choice| choice.value.as_ref() == value).cloned()
}
