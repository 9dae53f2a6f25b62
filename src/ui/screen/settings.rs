//! Settings: your passphrase and how the app looks (everyone); the establishment,
//! locking, retention, when each kind of deadline turns amber, where the case file
//! and backups live, and the unit's staff list (administrators).
//!
//! Over 600 lines because every section saves through the one `SettingsForm` check
//! and shares one "leave with edits?" question; split, each part would repeat both.

use crate::ui::choice::choice;
use iced::widget::{button, checkbox, column, radio, row, scrollable, text};
use iced::{Alignment, Element, Fill};
use omu_core::domain::backups::BackupKind;
use omu_core::domain::deadlines::{AMBER_DAYS_MAX, DeadlineKind, WarningsForm};

use std::path::PathBuf;

use zeroize::Zeroizing;

use iced::Task;

use super::{Context, Screen, Shared};
use crate::ui::theme::{self, BannerKind};
use crate::ui::widget::{BODY_SIZE, banner, confirm_bar, field, field_id, field_row, heading, labelled, section, slot};
use omu_core::domain::risk::Coded;
use omu_core::domain::staff::{Settings, SettingsForm, StaffRole, TextSize, ThemeChoice, validate_staff_name};
use omu_core::storage::{SealedPassphrase, backup};

pub struct SettingsScreen {
    form: SettingsForm,
    /// The settings as stored, to tell whether there are edits to lose.
    saved: Settings,
    administrator: bool,
    current_passphrase: String,
    new_passphrase: String,
    repeat_passphrase: String,
    /// The passphrase change is being worked out off the window's thread.
    changing_passphrase: bool,
    backup_folder: String,
    backups: Vec<backup::BackupFile>,
    backing_up: bool,
    /// A backup chosen for restore, checked, waiting for the user to confirm.
    restore: Option<(PathBuf, backup::FileCheck)>,
    /// The administrator's passphrase, typed to re-key the case file.
    rekey_passphrase: String,
    /// Re-keying was asked for and waits for the administrator to confirm.
    rekey_asked: bool,
    new_staff_name: String,
    new_staff_role: StaffRole,
    /// Who signs in, to show beside each person on the staff list.
    users: Vec<omu_core::domain::users::User>,
    /// How many days before it falls due each kind of deadline turns amber, as typed.
    warnings: WarningsForm,
    /// The same as stored, to tell whether there are edits to lose.
    warnings_saved: WarningsForm,
    /// The kind a failed save of the warnings was about, and what is wrong.
    warnings_error: Option<(String, String)>,
    notice: Option<(BannerKind, String)>,
}

#[derive(Debug, Clone)]
pub enum Message {
    /// The establishment's name was edited.
    EstablishmentChanged(String),
    /// Minutes before the app locks, as typed.
    LockMinutes(String),
    /// Years records are kept after a prisoner leaves, as typed.
    RetentionYears(String),
    /// When keys are due back at the gate, as typed.
    KeyCutOff(String),
    /// My current passphrase, as typed.
    CurrentPassphrase(String),
    /// My new passphrase, as typed.
    NewPassphrase(String),
    /// My new passphrase again.
    RepeatPassphrase(String),
    /// Change my passphrase to the new one.
    ChangePassphrase,
    /// The current passphrase was checked and the new one sealed (or not).
    PassphraseSealed(Result<SealedPassphrase, String>),
    /// The text size was chosen.
    TextSize(TextSize),
    /// The colours were chosen.
    Theme(ThemeChoice),
    /// Save the settings (Ctrl+S).
    Save,
    /// Open the folder that holds the case file.
    OpenDataFolder,
    /// The new staff member's name was edited.
    NewStaffName(String),
    /// The new staff member's role was chosen.
    NewStaffRole(StaffRole),
    /// Add the new staff member.
    AddStaff,
    /// A staff member (by id) was marked as working here or not.
    StaffActive(i64, bool),
    /// The backup folder was edited.
    BackupFolder(String),
    /// Keep backups in the folder typed.
    SaveBackupFolder,
    /// Take a checked backup now.
    BackUpNow,
    /// The backup finished: the file it wrote, or why not.
    BackedUp(Result<PathBuf, String>),
    /// Pick a backup file with the system's file dialog.
    ChooseRestore,
    /// A backup was chosen (from the list or the dialog): check it.
    RestoreChosen(Option<PathBuf>),
    /// Restore the backup checked.
    ConfirmRestore,
    /// Keep the case file as it is.
    CancelRestore,
    /// The passphrase to re-key with, as typed.
    ReKeyPassphrase(String),
    /// Re-key the case file: ask first.
    AskReKey,
    /// Re-key it now.
    ConfirmReKey,
    /// Do not re-key it.
    CancelReKey,
    /// The days before it falls due that a kind of deadline turns amber, as typed.
    AmberDays(DeadlineKind, String),
    /// Save the days for every kind.
    SaveAmberDays,
}

pub enum Action {
    None,
    /// Settings or the staff list changed: the app reloads them.
    Changed,
    /// Open the case file's folder with the computer's file manager.
    OpenDataFolder,
    Run(Task<Message>),
    /// Replace the case file with this (checked) backup.
    Restore(PathBuf),
    /// Re-key the case file, with the administrator's passphrase.
    ReKey(Zeroizing<String>),
}

impl SettingsScreen {
    pub fn new(ctx: &mut Context) -> Self {
        let administrator = ctx.user.role.may(omu_core::domain::users::Capability::Administer);
        let folder = ctx.db.backup_folder().unwrap_or_default();
        let warnings = WarningsForm::from_warnings(&ctx.db.deadline_warnings().unwrap_or_default());
        Self {
            form: SettingsForm::from_settings(ctx.settings),
            saved: ctx.settings.clone(),
            administrator,
            current_passphrase: String::new(),
            new_passphrase: String::new(),
            repeat_passphrase: String::new(),
            changing_passphrase: false,
            backups: backup::list(&folder).unwrap_or_default(),
            backup_folder: folder.display().to_string(),
            backing_up: false,
            restore: None,
            rekey_passphrase: String::new(),
            rekey_asked: false,
            new_staff_name: String::new(),
            new_staff_role: StaffRole::OffenderSupervisor,
            users: ctx.db.users().unwrap_or_default(),
            warnings: warnings.clone(),
            warnings_saved: warnings,
            warnings_error: None,
            notice: None,
        }
    }

    pub fn notify(&mut self, kind: BannerKind, message: String) {
        self.notice = Some((kind, message));
    }
}

impl Screen for SettingsScreen {
    type Message = Message;
    type Action = Action;

    fn update(&mut self, message: Message, ctx: &mut Context) -> Action {
        match message {
            Message::EstablishmentChanged(value) => self.form.establishment_name = value,
            Message::LockMinutes(value) => self.form.lock_minutes = value,
            Message::RetentionYears(value) => self.form.retention_years = value,
            Message::KeyCutOff(value) => self.form.key_cut_off = value,
            Message::CurrentPassphrase(value) => self.current_passphrase = value,
            Message::NewPassphrase(value) => self.new_passphrase = value,
            Message::RepeatPassphrase(value) => self.repeat_passphrase = value,
            Message::ChangePassphrase if !self.changing_passphrase => {
                // Checking the current passphrase and sealing the new one are each a
                // slow key derivation: they run off the window's thread.
                self.changing_passphrase = true;
                let name = ctx.settings.user_name.clone();
                let (path, key) = (ctx.db.path().to_path_buf(), ctx.db.key().clone());
                let current = Zeroizing::new(std::mem::take(&mut self.current_passphrase));
                let (new, repeat) =
                    (Zeroizing::new(self.new_passphrase.clone()), Zeroizing::new(self.repeat_passphrase.clone()));
                return Action::Run(Task::perform(
                    async move {
                        let (_, user) = omu_core::storage::unlock(&path, &name, &current)
                            .map_err(|_| "your current passphrase is not right".to_string())?;
                        omu_core::domain::users::check_new_passphrase(&new, &repeat, &user.name)
                            .map_err(|invalid| invalid.to_string())?;
                        SealedPassphrase::new(&key, &user, &new).map_err(|error| error.to_string())
                    },
                    Message::PassphraseSealed,
                ));
            }
            Message::ChangePassphrase => {}
            Message::PassphraseSealed(sealed) => {
                self.changing_passphrase = false;
                let changed =
                    sealed.and_then(|sealed| ctx.db.set_sealed_passphrase(sealed).map_err(|error| error.to_string()));
                self.notice = Some(match changed {
                    Ok(()) => {
                        self.new_passphrase.clear();
                        self.repeat_passphrase.clear();
                        (BannerKind::Success, "Your passphrase is changed. Use the new one from now on.".into())
                    }
                    Err(message) => (BannerKind::Error, format!("Passphrase not changed: {message}")),
                });
            }
            Message::TextSize(size) => self.form.text_size = size,
            Message::Theme(choice) => self.form.theme = choice,
            Message::Save => {
                let saved =
                    self.form.validate(ctx.settings).map_err(|invalid| invalid.to_string()).and_then(|settings| {
                        ctx.db.save_settings(&settings).map(|()| settings).map_err(|e| e.to_string())
                    });
                match saved {
                    Ok(settings) => {
                        self.form = SettingsForm::from_settings(&settings);
                        self.saved = settings;
                        self.notice = Some((BannerKind::Success, "Settings saved.".into()));
                        return Action::Changed;
                    }
                    Err(message) => self.notice = Some((BannerKind::Error, format!("Not saved: {message}"))),
                }
            }
            Message::OpenDataFolder => return Action::OpenDataFolder,
            Message::NewStaffName(value) => self.new_staff_name = value,
            Message::NewStaffRole(role) => self.new_staff_role = role,
            Message::AddStaff => {
                let added =
                    validate_staff_name(&self.new_staff_name).map_err(|message| format!("Name: {message}")).and_then(
                        |name| ctx.db.add_staff(&name, self.new_staff_role).map(|_| name).map_err(|e| e.to_string()),
                    );
                match added {
                    Ok(name) => {
                        self.new_staff_name.clear();
                        self.notice = Some((BannerKind::Success, format!("{name} added to the staff list.")));
                        return Action::Changed;
                    }
                    Err(message) => self.notice = Some((BannerKind::Error, format!("Not added: {message}"))),
                }
            }
            Message::StaffActive(id, active) => match ctx.db.set_staff_active(id, active) {
                Ok(()) => return Action::Changed,
                Err(error) => self.notice = Some((BannerKind::Error, format!("Not changed: {error}"))),
            },
            Message::BackupFolder(value) => self.backup_folder = value,
            Message::SaveBackupFolder => match ctx.db.set_backup_folder(&self.backup_folder) {
                Ok(()) => {
                    let folder = ctx.db.backup_folder().unwrap_or_default();
                    self.backup_folder = folder.display().to_string();
                    self.backups = backup::list(&folder).unwrap_or_default();
                    self.notice = Some((BannerKind::Success, format!("Backups will go to {}.", folder.display())));
                }
                Err(error) => self.notice = Some((BannerKind::Error, format!("Not saved: {error}"))),
            },
            Message::BackUpNow => {
                let source = ctx.db.path().to_path_buf();
                let key = ctx.db.key().clone();
                let folder = match ctx.db.backup_folder() {
                    Ok(folder) => folder,
                    Err(error) => {
                        self.notice = Some((BannerKind::Error, format!("Not backed up: {error}")));
                        return Action::None;
                    }
                };
                self.backing_up = true;
                let now = ctx.now;
                return Action::Run(Task::perform(
                    async move { backup::back_up(&source, &key, &folder, now, BackupKind::ByHand).map(|file| file.path) },
                    |result| Message::BackedUp(result.map_err(|error| error.to_string())),
                ));
            }
            Message::BackedUp(result) => {
                self.backing_up = false;
                match result {
                    Ok(path) => {
                        let recorded = ctx.db.record_disclosure(&backup::disclosure(), &path);
                        self.notice = Some(match recorded {
                            Ok(()) => (BannerKind::Success, format!("Backed up and checked: {}", path.display())),
                            Err(error) => (
                                BannerKind::Warning,
                                format!(
                                    "Backed up to {}, but the audit trail could not record it: {error}",
                                    path.display()
                                ),
                            ),
                        });
                    }
                    Err(message) => self.notice = Some((BannerKind::Error, format!("Not backed up: {message}"))),
                }
                self.backups = backup::list(&ctx.db.backup_folder().unwrap_or_default()).unwrap_or_default();
            }
            Message::ChooseRestore => {
                let folder = ctx.db.backup_folder().ok();
                let dialogs = ctx.dialogs.clone();
                return Action::Run(Task::perform(
                    async move { dialogs.open_backup(folder).await },
                    Message::RestoreChosen,
                ));
            }
            Message::RestoreChosen(None) => {}
            Message::RestoreChosen(Some(path)) => match backup::check(&path, ctx.db.key()) {
                Ok(check) => self.restore = Some((path, check)),
                Err(error) => {
                    self.restore = None;
                    self.notice = Some((
                        BannerKind::Error,
                        format!("That file cannot be restored: {error}. Nothing was changed."),
                    ));
                }
            },
            Message::ConfirmRestore => {
                if let Some((path, _)) = self.restore.take() {
                    return Action::Restore(path);
                }
            }
            Message::CancelRestore => self.restore = None,
            Message::ReKeyPassphrase(typed) => self.rekey_passphrase = typed,
            Message::AskReKey if self.rekey_passphrase.is_empty() => {
                self.notice = Some((BannerKind::Error, "Type your passphrase to re-key the case file.".into()));
            }
            Message::AskReKey => self.rekey_asked = true,
            Message::CancelReKey => self.rekey_asked = false,
            Message::ConfirmReKey => {
                self.rekey_asked = false;
                return Action::ReKey(Zeroizing::new(std::mem::take(&mut self.rekey_passphrase)));
            }
            Message::AmberDays(kind, typed) => self.warnings.set(kind, typed),
            Message::SaveAmberDays => {
                let warnings = match self.warnings.validate() {
                    Ok(warnings) => warnings,
                    Err(invalid) => {
                        self.warnings_error = Some((invalid.field.to_string(), invalid.problem.to_string()));
                        return Action::None;
                    }
                };
                self.warnings_error = None;
                match ctx.db.save_deadline_warnings(&warnings) {
                    Ok(()) => {
                        self.warnings = WarningsForm::from_warnings(&warnings);
                        self.warnings_saved = self.warnings.clone();
                        self.notice = Some((
                            BannerKind::Success,
                            "Warning days saved: Due, My day and the printed list use them from now on.".into(),
                        ));
                    }
                    Err(error) => self.notice = Some((BannerKind::Error, format!("Warning days not saved: {error}"))),
                }
            }
        }
        Action::None
    }

    fn view<'a>(&'a self, shared: &Shared<'a>) -> Element<'a, Message> {
        let (staff, data_file) = (shared.staff, shared.data_file);
        let appearance = row![
            labelled(
                "Text size",
                row![
                    radio("Normal", TextSize::Normal, Some(self.form.text_size), Message::TextSize)
                        .text_size(BODY_SIZE),
                    radio("Large", TextSize::Large, Some(self.form.text_size), Message::TextSize).text_size(BODY_SIZE),
                ]
                .spacing(16),
                None,
            ),
            labelled(
                "Colours",
                row![
                    radio("Light", ThemeChoice::Light, Some(self.form.theme), Message::Theme).text_size(BODY_SIZE),
                    radio("Dark", ThemeChoice::Dark, Some(self.form.theme), Message::Theme).text_size(BODY_SIZE),
                ]
                .spacing(16),
                None,
            ),
        ]
        .spacing(24);
        let appearance = column![
            appearance,
            text("Text size and colours are yours alone: each person who signs in chooses their own.")
                .size(13)
                .style(theme::muted),
        ]
        .spacing(6);
        let mut general = column![].spacing(12);
        general = general.push(slot(self.administrator.then(|| {
            Element::from(field_row([
                field(
                    "Establishment (printed on every document)",
                    &self.form.establishment_name,
                    None,
                    Message::EstablishmentChanged,
                ),
                field("Lock after (minutes without use)", &self.form.lock_minutes, None, Message::LockMinutes),
                field(
                    "Keep records for (years after leaving)",
                    &self.form.retention_years,
                    None,
                    Message::RetentionYears,
                ),
                field("Keys due back by (24-hour, e.g. 17:00)", &self.form.key_cut_off, None, Message::KeyCutOff),
            ]))
        })));
        let general = section(
            if self.administrator { "This establishment and the app" } else { "How the app looks" },
            general
                .push(appearance)
                .push(button(text("Save settings")).on_press(Message::Save).style(button::primary).padding([8, 16])),
        );
        let secret = |label, value, on_input: fn(String) -> Message| {
            labelled(
                label,
                iced::widget::text_input("", value).id(field_id(label)).secure(true).on_input(on_input).padding(6),
                None,
            )
        };
        let passphrase = section(
            "Your passphrase",
            column![
                field_row([
                    secret("Current passphrase", &self.current_passphrase, Message::CurrentPassphrase),
                    secret("New passphrase", &self.new_passphrase, Message::NewPassphrase),
                    secret("Type it again", &self.repeat_passphrase, Message::RepeatPassphrase),
                ]),
                button(text("Change my passphrase"))
                    .on_press_maybe((!self.changing_passphrase).then_some(Message::ChangePassphrase))
                    .style(button::secondary),
            ]
            .spacing(10),
        );

        let data = section(
            "Case file",
            column![
                text(data_file.display().to_string()).size(BODY_SIZE),
                text("Everything is kept in this one file on this PC.").size(13).style(theme::muted),
                button(text("Open its folder")).on_press(Message::OpenDataFolder).style(button::secondary),
            ]
            .spacing(8),
        );

        let mut backups = column![
            text("A backup is taken automatically once a day when OMU Desk starts, checked before it counts, and kept 7 daily, 4 weekly and 12 monthly.")
                .size(13)
                .style(theme::muted),
            row![
                field("Backup folder (e.g. a USB drive)", &self.backup_folder, None, Message::BackupFolder),
                button(text("Use this folder")).on_press(Message::SaveBackupFolder).style(button::secondary),
            ]
            .spacing(10)
            .align_y(Alignment::End),
            row![
                button(text(if self.backing_up { "Backing up…" } else { "Back up now" }))
                    .on_press_maybe((!self.backing_up).then_some(Message::BackUpNow))
                    .style(button::primary),
                button(text("Restore from another file…")).on_press(Message::ChooseRestore).style(button::secondary),
            ]
            .spacing(10),
        ]
        .spacing(10);
        backups = backups.push(slot(self.restore.as_ref().map(|(path, check)| {
            confirm_bar(
                format!(
                    "Restore {}? It holds {} prisoners and passed its checks. The case file as it is now is kept beside the backups, and OMU Desk reopens on the restored file.",
                    path.display(),
                    check.prisoners
                ),
                "Restore",
                Message::ConfirmRestore,
                "Cancel",
                Message::CancelRestore,
            )
        })));
        for file in self.backups.iter().take(10) {
            backups = backups.push(
                row![
                    text(match file.kind {
                        BackupKind::Daily =>
                            format!("{} (daily)", omu_core::domain::dates::format_local(file.taken_at)),
                        BackupKind::ByHand => {
                            format!("{} (taken by hand; kept)", omu_core::domain::dates::format_local(file.taken_at))
                        }
                    })
                    .size(BODY_SIZE)
                    .width(Fill),
                    button(text("Restore…"))
                        .on_press(Message::RestoreChosen(Some(file.path.clone())))
                        .style(button::text),
                ]
                .align_y(Alignment::Center),
            );
        }
        let backup_section = section("Backups", backups);

        let rekey = section(
            "Re-key the case file",
            column![
                text("If a key file may have left the unit with a copy of the case file, re-key: everything from now on is under a new key that the old key file cannot open. A checked backup is taken first; everyone keeps their passphrase; you get a new recovery key to lock away, and the old one stops working.")
                    .size(BODY_SIZE),
                row![
                    secret("Your passphrase", &self.rekey_passphrase, Message::ReKeyPassphrase),
                    button(text("Re-key the case file…")).on_press(Message::AskReKey).style(button::secondary),
                ]
                .spacing(10)
                .align_y(Alignment::End),
                slot(self.rekey_asked.then(|| {
                    confirm_bar(
                        "Re-key now? The case file closes for a moment and opens again under the new key.",
                        "Re-key",
                        Message::ConfirmReKey,
                        "Cancel",
                        Message::CancelReKey,
                    )
                })),
            ]
            .spacing(10),
        );

        let warning_error = |kind: DeadlineKind| {
            self.warnings_error.as_ref().filter(|(field, _)| field == kind.label()).map(|(_, problem)| problem.as_str())
        };
        let warning_fields: Vec<Element<'a, Message>> = DeadlineKind::ALL
            .iter()
            .copied()
            .map(|kind| {
                field(kind.label(), self.warnings.days(kind), warning_error(kind), move |typed| {
                    Message::AmberDays(kind, typed)
                })
            })
            .collect();
        // Four to a row, the last row filled out so every field keeps the same width.
        const PER_ROW: usize = 4;
        let mut warning_rows = column![].spacing(10);
        let mut fields = warning_fields.into_iter().peekable();
        while fields.peek().is_some() {
            let mut line: Vec<Element<'a, Message>> = fields.by_ref().take(PER_ROW).collect();
            line.resize_with(PER_ROW, || iced::widget::Space::new().width(Fill).into());
            warning_rows = warning_rows.push(field_row(line));
        }
        let warnings_section = section(
            "When deadlines turn amber",
            column![
                text(format!(
                    "Days before it falls due that each kind of deadline turns amber on Due, My day and the printed list (0 to {AMBER_DAYS_MAX}). Every kind is red from the day after."
                ))
                .size(13)
                .style(theme::muted),
                warning_rows,
                button(text("Save warning days")).on_press(Message::SaveAmberDays).style(button::primary),
            ]
            .spacing(10),
        );

        let people = column(staff.iter().map(|member| {
            row![
                text(member.name.as_str()).size(BODY_SIZE).width(Fill),
                text(member.role.label()).size(BODY_SIZE).width(Fill),
                text(
                    self.users
                        .iter()
                        .find(|user| omu_core::domain::users::same_user(&user.name, &member.name))
                        .map_or("does not sign in".to_string(), |user| format!("signs in as {}", user.role.label())),
                )
                .size(13)
                .style(theme::muted)
                .width(Fill),
                checkbox(member.active)
                    .label("Active")
                    .on_toggle(move |active| Message::StaffActive(member.id, active))
                    .text_size(BODY_SIZE),
            ]
            .spacing(10)
            .align_y(Alignment::Center)
            .into()
        }))
        .spacing(6);
        let staff_section = section(
            "Staff list",
            column![
                text("Everyone who holds cases or takes part in the unit's work. People added on the Users screen to sign in are put here too.")
                    .size(13)
                    .style(theme::muted),
                people,
                row![
                    field("New member's name", &self.new_staff_name, None, Message::NewStaffName),
                    labelled(
                        "Role",
                        choice(StaffRole::ALL, Some(self.new_staff_role), Message::NewStaffRole)
                            .text_size(BODY_SIZE),
                        None,
                    ),
                    button(text("Add")).on_press(Message::AddStaff).style(button::primary).padding([8, 16]),
                ]
                .spacing(10)
                .align_y(Alignment::End),
            ]
            .spacing(12),
        );

        let mut page = column![heading("Settings")].spacing(12);
        page =
            page.push(slot(self.notice.as_ref().map(|(kind, message)| Element::from(banner(*kind, message.as_str())))));
        let sections = if self.administrator {
            column![general, warnings_section, passphrase, data, backup_section, rekey, staff_section]
        } else {
            column![general, passphrase]
        };
        page.push(
            scrollable(sections.spacing(12).padding(iced::Padding { right: 14.0, ..iced::Padding::ZERO })).height(Fill),
        )
        .into()
    }

    /// What leaving now would lose.
    fn unsaved_work(&self) -> Option<&'static str> {
        let settings_changed = self.form != SettingsForm::from_settings(&self.saved);
        if settings_changed {
            Some("the settings")
        } else if self.warnings != self.warnings_saved {
            Some("the warning days")
        } else if [&self.current_passphrase, &self.new_passphrase, &self.repeat_passphrase]
            .iter()
            .any(|typed| !typed.is_empty())
        {
            Some("the passphrase change")
        } else if !self.rekey_passphrase.is_empty() {
            Some("the re-key")
        } else if !self.new_staff_name.trim().is_empty() {
            Some("the new staff member")
        } else {
            None
        }
    }
}
