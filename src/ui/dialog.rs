//! Native file dialogs and opening files, behind one small interface so screens (and
//! tests) never touch rfd directly.

use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Where the user chose to save, or that they cancelled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveTarget {
    Chosen(PathBuf),
    /// No dialog could be shown (a Linux desktop without the file-chooser portal): the
    /// file goes to the fallback folder and the user is told where.
    Fallback(PathBuf),
    Cancelled,
}

/// A dialog answered faster than this was never shown: no person cancels that fast.
const NO_DIALOG_WITHIN: Duration = Duration::from_millis(250);

/// The folder printouts go to when no dialog can be shown: one the person can find
/// (Documents, or their home folder), never the hidden data folder.
pub fn fallback_folder() -> PathBuf {
    directories::UserDirs::new()
        .map(|dirs| dirs.document_dir().unwrap_or(dirs.home_dir()).join("OMU Desk"))
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Deletes recovery key sheets an earlier version saved where no dialog was shown (the
/// fallback folder, or the data folder's old "printouts"): the key must not rest on the
/// PC it opens. Returns what was removed, to say so.
pub fn remove_left_recovery_sheets() -> Vec<PathBuf> {
    let old_printouts =
        omu_core::storage::default_path().and_then(|path| path.parent().map(|folder| folder.join("printouts")));
    let mut removed = Vec::new();
    for folder in std::iter::once(fallback_folder()).chain(old_printouts) {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for path in entries.flatten().map(|entry| entry.path()) {
            let name = path.file_name().and_then(|name| name.to_str()).unwrap_or_default().to_lowercase();
            if name.starts_with(omu_core::print::RECOVERY_SHEET_NAME)
                && name.ends_with(".pdf")
                && std::fs::remove_file(&path).is_ok()
            {
                removed.push(path);
            }
        }
    }
    removed
}

/// Where the answers to "save as" and "open" come from: the desktop's own dialogs, or
/// a folder every file is saved into without asking (what tests, and a kiosk set-up,
/// use; nothing is ever opened from it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Dialogs {
    #[default]
    Native,
    SaveInto(PathBuf),
}

impl Dialogs {
    /// Asks where to save a PDF named `file_name`, starting in `folder`.
    pub async fn save_pdf(&self, file_name: String, folder: Option<PathBuf>) -> SaveTarget {
        self.save(file_name, folder, "Save the PDF", ("PDF document", "pdf")).await
    }

    /// Asks where to save a list as a spreadsheet: an Excel workbook, or CSV.
    pub async fn save_list(&self, file_name: String, folder: Option<PathBuf>) -> SaveTarget {
        self.save_as(file_name, folder, "Save the list", &[("Excel workbook", "xlsx"), ("CSV spreadsheet", "csv")])
            .await
    }

    /// Asks where to save a transfer pack (JSON) named `file_name`.
    pub async fn save_json(&self, file_name: String, folder: Option<PathBuf>) -> SaveTarget {
        self.save(file_name, folder, "Save the transfer pack", ("OMU Desk transfer pack (JSON)", "json")).await
    }

    /// Asks where to save a calendar (iCalendar) named `file_name`.
    pub async fn save_ics(&self, file_name: String, folder: Option<PathBuf>) -> SaveTarget {
        self.save(file_name, folder, "Save the calendar", ("iCalendar file (Outlook and other calendars)", "ics")).await
    }

    async fn save(&self, file_name: String, folder: Option<PathBuf>, title: &str, kind: (&str, &str)) -> SaveTarget {
        self.save_as(file_name, folder, title, &[kind]).await
    }

    async fn save_as(
        &self,
        file_name: String,
        folder: Option<PathBuf>,
        title: &str,
        kinds: &[(&str, &str)],
    ) -> SaveTarget {
        match self {
            Dialogs::Native => save(file_name, folder, title, kinds).await,
            Dialogs::SaveInto(folder) => SaveTarget::Chosen(folder.join(file_name)),
        }
    }

    /// Asks for a transfer pack or export to import and reads it.
    pub async fn open_json(&self) -> OpenedFile {
        match self {
            Dialogs::Native => open_json().await,
            Dialogs::SaveInto(_) => OpenedFile::NoDialog,
        }
    }

    /// Asks for a spreadsheet to bring a caseload in from, and reads it.
    pub async fn open_sheet(&self) -> OpenedFile {
        match self {
            Dialogs::Native => open_sheet().await,
            Dialogs::SaveInto(_) => OpenedFile::NoDialog,
        }
    }

    /// Asks for a backup file to restore; `None` if cancelled or no dialog can be
    /// shown (the Settings screen lists the backups in the folder as well).
    pub async fn open_backup(&self, folder: Option<PathBuf>) -> Option<PathBuf> {
        match self {
            Dialogs::Native => open_backup(folder).await,
            Dialogs::SaveInto(_) => None,
        }
    }
}

/// A file the person chose to open, read.
#[derive(Debug, Clone)]
pub enum OpenedFile {
    Read {
        path: PathBuf,
        bytes: Result<Vec<u8>, String>,
    },
    Cancelled,
    /// No dialog could be shown (a Linux desktop without the file-chooser portal).
    NoDialog,
}

/// A file to open: what the dialog asks for, and the largest it reads.
struct OpenKind {
    title: &'static str,
    filter: &'static str,
    extensions: &'static [&'static str],
    max_bytes: u64,
    too_large: &'static str,
}

/// Asks for a transfer pack or export to import and reads it (refusing one too large
/// to be an export).
async fn open_json() -> OpenedFile {
    open(OpenKind {
        title: "Choose a transfer pack to import",
        filter: "OMU Desk transfer pack (JSON)",
        extensions: &["json"],
        max_bytes: omu_core::exchange::MAX_IMPORT_BYTES,
        too_large: "too large to be an OMU Desk export",
    })
    .await
}

/// Asks for a spreadsheet and reads it (refusing one too large to be a caseload).
async fn open_sheet() -> OpenedFile {
    open(OpenKind {
        title: "Choose a spreadsheet to import",
        filter: "Spreadsheets (Excel, OpenDocument, CSV)",
        extensions: &["xlsx", "xlsm", "ods", "csv", "txt"],
        max_bytes: omu_core::exchange::sheet::read::MAX_FILE_BYTES,
        too_large: "too large to be a caseload (20 MB at most)",
    })
    .await
}

async fn open(kind: OpenKind) -> OpenedFile {
    let asked = Instant::now();
    let Some(handle) =
        rfd::AsyncFileDialog::new().set_title(kind.title).add_filter(kind.filter, kind.extensions).pick_file().await
    else {
        return if asked.elapsed() < NO_DIALOG_WITHIN { OpenedFile::NoDialog } else { OpenedFile::Cancelled };
    };
    let path = handle.path().to_path_buf();
    let bytes = std::fs::metadata(&path)
        .and_then(|metadata| {
            if metadata.len() > kind.max_bytes {
                Err(std::io::Error::other(kind.too_large))
            } else {
                std::fs::read(&path)
            }
        })
        .map_err(|error| format!("{}: {error}", path.display()));
    OpenedFile::Read { path, bytes }
}

async fn save(file_name: String, folder: Option<PathBuf>, title: &str, kinds: &[(&str, &str)]) -> SaveTarget {
    let mut dialog = rfd::AsyncFileDialog::new().set_title(title).set_file_name(&file_name);
    for (kind, extension) in kinds {
        dialog = dialog.add_filter(*kind, &[*extension]);
    }
    if let Some(folder) = folder.filter(|folder| folder.is_dir()) {
        dialog = dialog.set_directory(folder);
    }
    let asked = Instant::now();
    match dialog.save_file().await {
        Some(handle) => SaveTarget::Chosen(handle.path().to_path_buf()),
        None if asked.elapsed() < NO_DIALOG_WITHIN => {
            let folder = fallback_folder();
            match std::fs::create_dir_all(&folder) {
                Ok(()) => SaveTarget::Fallback(folder.join(file_name)),
                Err(_) => SaveTarget::Cancelled,
            }
        }
        None => SaveTarget::Cancelled,
    }
}

/// Opens a file or folder with the system's own program for it.
pub async fn open_path(path: PathBuf) -> Result<(), String> {
    open::that_detached(&path).map_err(|error| format!("{}: {error}", path.display()))
}

async fn open_backup(folder: Option<PathBuf>) -> Option<PathBuf> {
    let mut dialog = rfd::AsyncFileDialog::new()
        .set_title("Choose a backup to restore")
        .add_filter("OMU Desk case file", &["sqlite3", "db"]);
    if let Some(folder) = folder.filter(|folder| folder.is_dir()) {
        dialog = dialog.set_directory(folder);
    }
    dialog.pick_file().await.map(|handle| handle.path().to_path_buf())
}
