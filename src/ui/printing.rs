//! Printing from any screen: ask where to save, render and write the PDF off the UI
//! thread, record the disclosure, and offer to open the file.

use std::path::PathBuf;

use iced::widget::{button, row, text};
use iced::{Alignment, Element, Task};

use super::dialog::{self, SaveTarget};
use super::theme::BannerKind;
use super::widget::banner;
use omu_core::print::{self, Printable};
use omu_core::storage::Db;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Saved { path: PathBuf, pages: usize, fallback: bool },
    Cancelled,
    Failed(String),
}

/// Asks for a file and writes the PDF there, in the background.
pub fn print(printable: Printable, db: &Db) -> Task<Outcome> {
    let folder = db.last_print_folder().ok().flatten();
    Task::perform(
        async move {
            let (path, fallback) = match dialog::save_pdf(printable.file_name.clone(), folder).await {
                SaveTarget::Chosen(path) => (path, false),
                SaveTarget::Fallback(path) => (path, true),
                SaveTarget::Cancelled => return Outcome::Cancelled,
            };
            match print::write_pdf(&printable.document, &path) {
                Ok(pages) => Outcome::Saved { path, pages, fallback },
                Err(error) => Outcome::Failed(error.to_string()),
            }
        },
        std::convert::identity,
    )
}

/// What the screen shows after printing, and the record of it.
#[derive(Debug, Clone, Default)]
pub struct Status {
    outcome: Option<Outcome>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Open(PathBuf),
    Dismiss,
    Opened(Result<(), String>),
}

impl Status {
    /// Takes the outcome of [`print`]; a saved file is recorded in the audit trail as
    /// a disclosure of `table` row `row_id`.
    pub fn finished(&mut self, outcome: Outcome, db: &mut Db, table: &str, row_id: i64, what: &str) {
        if let Outcome::Saved { path, .. } = &outcome {
            let recorded = db
                .record_disclosure(table, row_id, &format!("{what} printed to {}", path.display()))
                .and_then(|()| match path.parent() {
                    Some(folder) => db.set_last_print_folder(folder),
                    None => Ok(()),
                });
            if let Err(error) = recorded {
                self.outcome = Some(Outcome::Failed(format!(
                    "the PDF was saved to {} but the audit trail could not record it: {error}",
                    path.display()
                )));
                return;
            }
        }
        self.outcome = Some(outcome);
    }

    /// Shows the outcome of printing something that is not a record of a person (and
    /// so not a disclosure), such as the recovery key sheet.
    pub fn show(&mut self, outcome: Outcome) {
        self.outcome = Some(outcome);
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::Open(path) => Task::perform(dialog::open_path(path), Message::Opened),
            Message::Dismiss => {
                self.outcome = None;
                Task::none()
            }
            Message::Opened(Err(error)) => {
                self.outcome = Some(Outcome::Failed(format!("could not open the file: {error}")));
                Task::none()
            }
            Message::Opened(Ok(())) => Task::none(),
        }
    }

    pub fn view(&self) -> Option<Element<'_, Message>> {
        let outcome = self.outcome.as_ref()?;
        Some(match outcome {
            Outcome::Saved { path, pages, fallback } => {
                let where_ = if *fallback {
                    format!(
                        "No save dialog is available on this computer, so the PDF ({pages} page(s)) was saved to {}",
                        path.display()
                    )
                } else {
                    format!("Saved {pages} page(s) to {}", path.display())
                };
                row![
                    banner(BannerKind::Success, where_),
                    button(text("Open it")).on_press(Message::Open(path.clone())),
                    button(text("Dismiss")).on_press(Message::Dismiss).style(button::secondary),
                ]
                .spacing(8)
                .align_y(Alignment::Center)
                .into()
            }
            Outcome::Cancelled => return None,
            Outcome::Failed(message) => row![
                banner(BannerKind::Error, format!("Not printed: {message}")),
                button(text("Dismiss")).on_press(Message::Dismiss).style(button::secondary),
            ]
            .spacing(8)
            .align_y(Alignment::Center)
            .into(),
        })
    }
}
