//! One module per screen. Each has its state, its `Message`, an `update` that returns
//! an `Action` for the app to act on, and a `view`.

pub mod audit;
pub mod boards;
pub mod caseload;
pub mod checklist;
pub mod due;
pub mod induction;
pub mod interventions;
pub mod keys;
pub mod plan;
pub mod prisoner;
pub mod procedure;
pub mod recovery;
pub mod settings;
pub mod sign_in;
pub mod users;
pub mod welcome;
pub mod workload;

use chrono::NaiveDate;

use omu_core::domain::staff::{Settings, Staff};
use omu_core::storage::Db;

/// What a screen's `update` may use: the case file and the facts every screen shares.
pub struct Context<'a> {
    pub db: &'a mut Db,
    pub today: NaiveDate,
    pub settings: &'a Settings,
    pub staff: &'a [Staff],
}

impl Context<'_> {
    /// The staff record of the person using the app, if they are on the staff list.
    pub fn me(&self) -> Option<&Staff> {
        self.staff.iter().find(|member| member.name == self.settings.user_name)
    }
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
