//! Settings: the establishment printed on documents, who the user is, how the app
//! looks, where the case file lives, and the unit's staff list.

use iced::widget::{button, checkbox, column, pick_list, radio, row, scrollable, text};
use iced::{Alignment, Element, Fill};

use super::Context;
use crate::domain::risk::Coded;
use crate::domain::staff::{Settings, Staff, StaffRole, TextSize, ThemeChoice, validate_staff_name};
use crate::ui::theme::{self, BannerKind};
use crate::ui::widget::{BODY_SIZE, banner, field, field_row, heading, labelled, section};

pub struct SettingsScreen {
    form: Settings,
    new_staff_name: String,
    new_staff_role: StaffRole,
    notice: Option<(BannerKind, String)>,
}

#[derive(Debug, Clone)]
pub enum Message {
    EstablishmentChanged(String),
    UserChanged(String),
    TextSize(TextSize),
    Theme(ThemeChoice),
    Save,
    OpenDataFolder,
    NewStaffName(String),
    NewStaffRole(StaffRole),
    AddStaff,
    StaffActive(i64, bool),
}

pub enum Action {
    None,
    /// Settings or the staff list changed: the app reloads them.
    Changed,
    OpenDataFolder,
}

impl SettingsScreen {
    pub fn new(settings: &Settings) -> Self {
        Self {
            form: settings.clone(),
            new_staff_name: String::new(),
            new_staff_role: StaffRole::OffenderSupervisor,
            notice: None,
        }
    }

    pub fn notify(&mut self, kind: BannerKind, message: String) {
        self.notice = Some((kind, message));
    }

    pub fn update(&mut self, message: Message, ctx: &mut Context) -> Action {
        match message {
            Message::EstablishmentChanged(value) => self.form.establishment_name = value,
            Message::UserChanged(value) => self.form.user_name = value,
            Message::TextSize(size) => self.form.text_size = size,
            Message::Theme(choice) => self.form.theme = choice,
            Message::Save => {
                let saved = self
                    .form
                    .validate()
                    .and_then(|settings| ctx.db.save_settings(&settings).map(|()| settings).map_err(|e| e.to_string()));
                match saved {
                    Ok(settings) => {
                        self.form = settings;
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
        }
        Action::None
    }

    pub fn view<'a>(&'a self, staff: &'a [Staff], data_file: &'a std::path::Path) -> Element<'a, Message> {
        let general = section(
            "This establishment and you",
            column![
                field_row([
                    field(
                        "Establishment (printed on every document)",
                        &self.form.establishment_name,
                        None,
                        Message::EstablishmentChanged
                    ),
                    field("Your name (the audit trail records it)", &self.form.user_name, None, Message::UserChanged),
                ]),
                row![
                    labelled(
                        "Text size",
                        row![
                            radio("Normal", TextSize::Normal, Some(self.form.text_size), Message::TextSize)
                                .text_size(BODY_SIZE),
                            radio("Large", TextSize::Large, Some(self.form.text_size), Message::TextSize)
                                .text_size(BODY_SIZE),
                        ]
                        .spacing(16),
                        None,
                    ),
                    labelled(
                        "Colours",
                        row![
                            radio("Light", ThemeChoice::Light, Some(self.form.theme), Message::Theme)
                                .text_size(BODY_SIZE),
                            radio("Dark", ThemeChoice::Dark, Some(self.form.theme), Message::Theme)
                                .text_size(BODY_SIZE),
                        ]
                        .spacing(16),
                        None,
                    ),
                ]
                .spacing(24),
                button(text("Save settings")).on_press(Message::Save).style(button::primary).padding([8, 16]),
            ]
            .spacing(12),
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

        let people = column(staff.iter().map(|member| {
            row![
                text(member.name.as_str()).size(BODY_SIZE).width(Fill),
                text(member.role.label()).size(BODY_SIZE).width(Fill),
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
                people,
                row![
                    field("New member's name", &self.new_staff_name, None, Message::NewStaffName),
                    labelled(
                        "Role",
                        pick_list(StaffRole::ALL, Some(self.new_staff_role), Message::NewStaffRole)
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
        if let Some((kind, message)) = &self.notice {
            page = page.push(banner(*kind, message.as_str()));
        }
        page.push(
            scrollable(
                column![general, data, staff_section]
                    .spacing(12)
                    .padding(iced::Padding { right: 14.0, ..iced::Padding::ZERO }),
            )
            .height(Fill),
        )
        .into()
    }
}
