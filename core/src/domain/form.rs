//! How a form is refused: which field (as the form labels it) and why, so the window
//! can show the reason beside the field and the import can name it by record.

use std::borrow::Cow;

use super::dates::DateError;
use super::text::TextError;

/// A form that cannot be saved as typed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct Invalid {
    /// The field's label, e.g. "Target date" or "Attendee 2 name".
    pub field: Cow<'static, str>,
    pub problem: Problem,
}

/// What is wrong with the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("required")]
    Required,
    #[error(transparent)]
    Date(#[from] DateError),
    #[error(transparent)]
    Text(#[from] TextError),
    /// A rule of this form, in a sentence ("before the plan starts (01/11/2026)").
    #[error("{0}")]
    Rule(String),
}

impl Invalid {
    pub fn new(field: impl Into<Cow<'static, str>>, problem: impl Into<Problem>) -> Self {
        Self { field: field.into(), problem: problem.into() }
    }

    /// A field left empty that must be given.
    pub fn required(field: impl Into<Cow<'static, str>>) -> Self {
        Self::new(field, Problem::Required)
    }

    /// A field that breaks one of the form's own rules, said in a sentence.
    pub fn rule(field: impl Into<Cow<'static, str>>, sentence: impl Into<String>) -> Self {
        Self::new(field, Problem::Rule(sentence.into()))
    }

    /// For `map_err`: names the field a date or text problem belongs to.
    pub fn at<E: Into<Problem>>(field: impl Into<Cow<'static, str>>) -> impl FnOnce(E) -> Invalid {
        let field = field.into();
        move |problem| Invalid::new(field, problem)
    }

    /// True when this is about the field labelled `label`, to show it beside that field.
    pub fn is_about(&self, label: &str) -> bool {
        self.field == label
    }
}
