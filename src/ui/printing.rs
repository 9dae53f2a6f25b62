//! Every file that leaves the app from a screen (a printed PDF, a spreadsheet, a
//! transfer pack): ask where to save, write it off the window's thread, record the
//! disclosure in the audit trail, and offer to open the file.

use std::path::PathBuf;

use iced::widget::{button, row, text};
use iced::{Alignment, Element, Task};

use super::dialog::{self, SaveTarget};
use super::screen::Context;
use super::theme::BannerKind;
use super::widget::banner;
use omu_core::domain::disclosure::Disclosure;
use omu_core::domain::text::plural;
use omu_core::print::{self, Printable};
use omu_core::storage::Db;

/// How saving ended. A saved file carries what it discloses, fixed when the button was
/// pressed, so the audit trail records the document saved, whatever the person looked
/// at while the save dialog was open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Saved {
        path: PathBuf,
        /// What was written, e.g. "2 pages" or "40 entries".
        size: String,
        fallback: bool,
        disclosure: Option<Disclosure>,
    },
    Cancelled,
    Failed(String),
}

/// The kinds of file a screen saves, for the save dialog's title and filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    TransferPack,
    Calendar,
}

/// Asks for a file and writes the PDF there, in the background.
pub fn print(printable: Printable, ctx: &Context) -> Task<Outcome> {
    let folder = ctx.db.last_print_folder().ok().flatten();
    let dialogs = ctx.dialogs.clone();
    Task::perform(
        async move {
            let (path, fallback) = match dialogs.save_pdf(printable.file_name.clone(), folder).await {
                SaveTarget::Chosen(path) => (path, false),
                SaveTarget::Fallback(path) => (path, true),
                SaveTarget::Cancelled => return Outcome::Cancelled,
            };
            match print::write_pdf(&printable.document, &path) {
                Ok(pages) => {
                    Outcome::Saved { path, size: plural(pages, "page"), fallback, disclosure: printable.disclosure }
                }
                Err(error) => Outcome::Failed(error.to_string()),
            }
        },
        std::convert::identity,
    )
}

/// Saves the recovery key sheet, only where the person chooses (a USB drive, a
/// printer's spool): never into a folder on this PC the app picked, where the key
/// would rest beside the file it opens.
pub fn print_recovery_sheet(printable: Printable, dialogs: &crate::ui::dialog::Dialogs) -> Task<Outcome> {
    let dialogs = dialogs.clone();
    Task::perform(
        async move {
            let path = match dialogs.save_pdf(printable.file_name.clone(), None).await {
                SaveTarget::Chosen(path) => path,
                SaveTarget::Fallback(_) => {
                    return Outcome::Failed(
                        "no file dialog could be shown, so the sheet was not saved anywhere: write the key down from the screen instead".into(),
                    );
                }
                SaveTarget::Cancelled => return Outcome::Cancelled,
            };
            match print::write_pdf(&printable.document, &path) {
                Ok(pages) => Outcome::Saved { path, size: plural(pages, "page"), fallback: false, disclosure: None },
                Err(error) => Outcome::Failed(error.to_string()),
            }
        },
        std::convert::identity,
    )
}

/// Asks for a file and writes `bytes` there (through a temporary file renamed into
/// place), in the background. `size` says what it holds ("40 entries").
pub fn export(
    kind: FileKind,
    file_name: String,
    bytes: Vec<u8>,
    size: String,
    disclosure: Disclosure,
    ctx: &Context,
) -> Task<Outcome> {
    let folder = ctx.db.last_print_folder().ok().flatten();
    let dialogs = ctx.dialogs.clone();
    Task::perform(
        async move {
            let chosen = match kind {
                FileKind::TransferPack => dialogs.save_json(file_name, folder).await,
                FileKind::Calendar => dialogs.save_ics(file_name, folder).await,
            };
            let (path, fallback) = match chosen {
                SaveTarget::Chosen(path) => (path, false),
                SaveTarget::Fallback(path) => (path, true),
                SaveTarget::Cancelled => return Outcome::Cancelled,
            };
            match omu_core::storage::write_file_atomically(&path, &bytes) {
                Ok(()) => Outcome::Saved { path, size, fallback, disclosure: Some(disclosure) },
                Err(error) => Outcome::Failed(format!("{}: {error}", path.display())),
            }
        },
        std::convert::identity,
    )
}

/// Asks where to save a list and writes it as the chosen ending says (.xlsx, or
/// .csv; a name with neither becomes a workbook), in the background.
pub fn export_list(table: omu_core::exchange::lists::ListTable, ctx: &Context) -> Task<Outcome> {
    use omu_core::exchange::lists::{ListFormat, list_bytes};
    let folder = ctx.db.last_print_folder().ok().flatten();
    let dialogs = ctx.dialogs.clone();
    let file_name = format!("{} {}.xlsx", table.title, ctx.today);
    Task::perform(
        async move {
            let (mut path, fallback) = match dialogs.save_list(file_name, folder).await {
                SaveTarget::Chosen(path) => (path, false),
                SaveTarget::Fallback(path) => (path, true),
                SaveTarget::Cancelled => return Outcome::Cancelled,
            };
            if path.extension().is_none() {
                path.set_extension("xlsx");
            }
            let written = ListFormat::of(&path)
                .and_then(|format| list_bytes(&table, format))
                .map_err(|error| error.to_string())
                .and_then(|bytes| {
                    omu_core::storage::write_file_atomically(&path, &bytes)
                        .map_err(|error| format!("{}: {error}", path.display()))
                });
            match written {
                Ok(()) => Outcome::Saved {
                    size: plural(table.rows.len(), "row"),
                    path,
                    fallback,
                    disclosure: Some(table.disclosure),
                },
                Err(message) => Outcome::Failed(message),
            }
        },
        std::convert::identity,
    )
}

/// What the screen shows after saving, and the record of it.
#[derive(Debug, Clone, Default)]
pub struct Status {
    outcome: Option<Outcome>,
}

#[derive(Debug, Clone)]
pub enum Message {
    /// Open the saved file with the computer's own program for it.
    Open(PathBuf),
    /// Hide the banner.
    Dismiss,
    /// The file was opened (or could not be).
    Opened(Result<(), String>),
}

impl Status {
    /// Starts printing a document prepared from the case file (a few milliseconds),
    /// or shows why it could not be prepared.
    pub fn start(&mut self, prepared: Result<Printable, print::PrintError>, ctx: &Context) -> Task<Outcome> {
        match prepared {
            Ok(printable) => print(printable, ctx),
            Err(error) => {
                self.outcome = Some(Outcome::Failed(error.to_string()));
                Task::none()
            }
        }
    }

    /// Shows an outcome that is not recorded anywhere (the recovery key sheet: no
    /// case data, and its folder is not remembered for the next printout).
    pub fn show(&mut self, outcome: Outcome) {
        self.outcome = Some(outcome);
    }

    /// Shows why a file could not be prepared.
    pub fn failed(&mut self, message: String) {
        self.outcome = Some(Outcome::Failed(message));
    }

    /// Takes the outcome of [`print`] or [`export`]; a saved file is recorded in the
    /// audit trail with what it discloses.
    pub fn finished(&mut self, outcome: Outcome, db: &mut Db) {
        if let Outcome::Saved { path, disclosure, .. } = &outcome {
            let recorded = disclosure
                .as_ref()
                .map_or(Ok(()), |disclosure| db.record_disclosure(disclosure, path))
                .and_then(|()| match path.parent() {
                    Some(folder) => db.set_last_print_folder(folder),
                    None => Ok(()),
                });
            if let Err(error) = recorded {
                self.outcome = Some(Outcome::Failed(format!(
                    "the file was saved to {} but the audit trail could not record it: {error}",
                    path.display()
                )));
                return;
            }
        }
        self.outcome = Some(outcome);
    }

    /// Saves the deadlines and boards of `staff`'s caseload (or the unit's) as a
    /// calendar: a save dialog, then the file; or says here why it could not be made.
    pub fn calendar(&mut self, staff: Option<i64>, ctx: &Context) -> Task<Outcome> {
        match omu_core::exchange::calendar::calendar_export(ctx.db, staff, ctx.today, ctx.now) {
            Ok(made) => export(
                FileKind::Calendar,
                format!("omu-desk-calendar-{}.ics", ctx.today),
                made.ics.into_bytes(),
                format!("{} and {}", plural(made.deadlines, "deadline"), plural(made.boards, "board")),
                made.disclosure,
                ctx,
            ),
            Err(error) => {
                self.failed(format!("the calendar could not be made: {error}"));
                Task::none()
            }
        }
    }

    pub fn outcome(&self) -> Option<&Outcome> {
        self.outcome.as_ref()
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
            Outcome::Saved { path, size, fallback, .. } => {
                let where_ = if *fallback {
                    format!(
                        "No save dialog is available on this computer, so the file ({size}) was saved to {}",
                        path.display()
                    )
                } else {
                    format!("Saved {size} to {}", path.display())
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
                banner(BannerKind::Error, format!("Not saved: {message}")),
                button(text("Dismiss")).on_press(Message::Dismiss).style(button::secondary),
            ]
            .spacing(8)
            .align_y(Alignment::Center)
            .into(),
        })
    }
}
