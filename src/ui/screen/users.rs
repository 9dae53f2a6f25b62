//! Who may sign in (administrators only): add a person with their role and first
//! passphrase, reset a forgotten passphrase, remove someone who has left. The case
//! file is never re-encrypted: only the key file changes.

use crate::ui::choice::choice;
use iced::widget::{button, column, container, row, text, text_input};
use iced::{Alignment, Element, Fill, Task};
use zeroize::Zeroizing;

use super::{Context, Screen, Shared};
use crate::ui::theme::{self, BannerKind};
use crate::ui::widget::{BODY_SIZE, LABEL_SIZE, banner, cell, heading, labelled, section, slot, slots, sort_cell};
use omu_core::domain::risk::Coded;
use omu_core::domain::sorting::{ListSort, by_text};
use omu_core::domain::staff::StaffRole;
use omu_core::domain::users::{Role, User, check_new_passphrase, default_staff_role, same_user};
use omu_core::storage::SealedPassphrase;

pub const NEW_NAME_ID: &str = "users-new-name";
pub const NEW_PASSPHRASE_ID: &str = "users-new-passphrase";
pub const NEW_REPEAT_ID: &str = "users-new-repeat";
pub const RESET_PASSPHRASE_ID: &str = "users-reset-passphrase";
pub const RESET_REPEAT_ID: &str = "users-reset-repeat";

/// A column of the users to sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UserColumn {
    #[default]
    Name,
    Role,
}

pub struct UsersScreen {
    users: Vec<User>,
    sort: ListSort<UserColumn>,
    name: String,
    role: Role,
    /// Where the new user goes on the staff list (none: not on it).
    staff_listing: StaffListing,
    passphrase: String,
    repeat: String,
    /// The person whose passphrase is being reset, with the new one typed twice.
    resetting: Option<(String, String, String)>,
    /// Asked before removing: the person's name.
    removing: Option<String>,
    /// A passphrase is being sealed (the slow key derivation runs off the window's
    /// thread); the buttons that start one wait for it.
    sealing: bool,
    notice: Option<(BannerKind, String)>,
}

/// A place on the staff list, or none, as a choice in a drop-down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaffListing(pub Option<StaffRole>);

impl StaffListing {
    fn all() -> Vec<StaffListing> {
        StaffRole::ALL.iter().map(|role| StaffListing(Some(*role))).chain([StaffListing(None)]).collect()
    }
}

impl std::fmt::Display for StaffListing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(role) => f.write_str(role.label()),
            None => f.write_str("Not on the staff list"),
        }
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    /// A column heading was clicked: sort by it, or the other way round.
    SortBy(UserColumn),
    /// The new user's name was edited.
    Name(String),
    /// The new user's role was chosen (and with it their usual place on the staff list).
    Role(Role),
    /// Where the new user goes on the staff list was chosen.
    StaffListing(StaffListing),
    /// The new user's first passphrase, as typed.
    Passphrase(String),
    /// The new user's first passphrase again.
    Repeat(String),
    /// Add the new user.
    Add,
    /// The new user's passphrase is sealed (or could not be), with the place on the
    /// staff list chosen when Add was pressed.
    Sealed(Result<SealedPassphrase, String>, StaffListing),
    /// Start resetting this person's forgotten passphrase.
    StartReset(String),
    /// The reset passphrase, as typed.
    ResetPassphrase(String),
    /// The reset passphrase again.
    ResetRepeat(String),
    /// Reset the passphrase to the one typed.
    ConfirmReset,
    /// The reset passphrase is sealed (or could not be).
    ResetSealed(Result<SealedPassphrase, String>),
    /// Leave the passphrase as it was.
    CancelReset,
    /// Ask before removing this person.
    Remove(String),
    /// Remove them: they can no longer sign in.
    ConfirmRemove,
    /// Keep them.
    CancelRemove,
}

pub enum Action {
    None,
    Run(Task<Message>),
    /// The users (and so the staff list) changed: the app reloads them.
    Changed,
}

impl UsersScreen {
    pub fn new(ctx: &mut Context) -> Self {
        let mut screen = Self {
            users: Vec::new(),
            sort: ListSort::default(),
            name: String::new(),
            role: Role::Supervisor,
            staff_listing: StaffListing(default_staff_role(Role::Supervisor)),
            passphrase: String::new(),
            repeat: String::new(),
            resetting: None,
            removing: None,
            sealing: false,
            notice: None,
        };
        screen.reload(ctx);
        screen
    }

    pub fn users(&self) -> &[User] {
        &self.users
    }

    fn reload(&mut self, ctx: &mut Context) {
        match ctx.db.users() {
            Ok(users) => self.users = users,
            Err(error) => self.notice = Some((BannerKind::Error, format!("The users could not be read: {error}"))),
        }
    }

    /// Seals the case key for `user` under `passphrase` off the window's thread.
    fn seal(
        &mut self,
        ctx: &Context,
        user: User,
        passphrase: &str,
        done: impl Fn(Result<SealedPassphrase, String>) -> Message + Send + 'static,
    ) -> Task<Message> {
        if self.sealing {
            return Task::none();
        }
        self.sealing = true;
        let key = ctx.db.key().clone();
        let passphrase = Zeroizing::new(passphrase.to_string());
        Task::perform(
            async move { SealedPassphrase::new(&key, &user, &passphrase).map_err(|error| error.to_string()) },
            done,
        )
    }
}

impl Screen for UsersScreen {
    type Message = Message;
    type Action = Action;

    fn update(&mut self, message: Message, ctx: &mut Context) -> Action {
        match message {
            Message::SortBy(column) => self.sort = self.sort.clicked(column),
            Message::Name(value) => self.name = value,
            Message::Role(role) => {
                self.role = role;
                self.staff_listing = StaffListing(default_staff_role(role));
            }
            Message::StaffListing(listing) => self.staff_listing = listing,
            Message::Passphrase(value) => self.passphrase = value,
            Message::Repeat(value) => self.repeat = value,
            Message::Add => {
                if let Err(message) = check_new_passphrase(&self.passphrase, &self.repeat, &self.name) {
                    self.notice = Some((BannerKind::Error, format!("Not added: {message}")));
                    return Action::None;
                }
                let user = User { name: self.name.trim().to_string(), role: self.role };
                let listing = self.staff_listing;
                return Action::Run(
                    self.seal(ctx, user, &self.passphrase.clone(), move |sealed| Message::Sealed(sealed, listing)),
                );
            }
            Message::Sealed(sealed, listing) => {
                self.sealing = false;
                let outcome = sealed.and_then(|sealed| {
                    let user = sealed.user().clone();
                    ctx.db.add_sealed_user(sealed, listing.0).map(|()| user).map_err(|error| error.to_string())
                });
                match outcome {
                    Ok(user) => {
                        let staff = match listing.0 {
                            Some(role) => format!(" They are on the staff list as {}.", role.label().to_lowercase()),
                            None => String::new(),
                        };
                        self.notice = Some((
                            BannerKind::Success,
                            format!(
                                "{} can now sign in as {}.{staff} Tell them their passphrase in person.",
                                user.name,
                                user.role.label()
                            ),
                        ));
                        self.name.clear();
                        self.passphrase.clear();
                        self.repeat.clear();
                        self.reload(ctx);
                        return Action::Changed;
                    }
                    // What was typed stays, so the person can correct it.
                    Err(message) => self.notice = Some((BannerKind::Error, format!("Not added: {message}"))),
                }
            }
            Message::StartReset(name) => {
                self.resetting = Some((name, String::new(), String::new()));
                self.notice = None;
            }
            Message::ResetPassphrase(value) => {
                if let Some((_, passphrase, _)) = &mut self.resetting {
                    *passphrase = value;
                }
            }
            Message::ResetRepeat(value) => {
                if let Some((_, _, repeat)) = &mut self.resetting {
                    *repeat = value;
                }
            }
            Message::ConfirmReset => {
                let Some((name, passphrase, repeat)) = self.resetting.clone() else { return Action::None };
                let checked =
                    check_new_passphrase(&passphrase, &repeat, &name).map_err(|i| i.to_string()).and_then(|()| {
                        self.users
                            .iter()
                            .find(|user| user.name == name)
                            .cloned()
                            .ok_or_else(|| format!("{name} is no longer a user"))
                    });
                match checked {
                    Ok(user) => return Action::Run(self.seal(ctx, user, &passphrase, Message::ResetSealed)),
                    Err(message) => self.notice = Some((BannerKind::Error, format!("Not reset: {message}"))),
                }
            }
            Message::ResetSealed(sealed) => {
                self.sealing = false;
                let outcome = sealed.and_then(|sealed| {
                    let name = sealed.user().name.clone();
                    ctx.db.set_sealed_passphrase(sealed).map(|()| name).map_err(|error| error.to_string())
                });
                self.notice = Some(match outcome {
                    Ok(name) => {
                        self.resetting = None;
                        (
                            BannerKind::Success,
                            format!(
                                "{name}'s passphrase is reset. Tell them in person; they can change it in Settings."
                            ),
                        )
                    }
                    Err(message) => (BannerKind::Error, format!("Not reset: {message}")),
                });
            }
            Message::CancelReset => self.resetting = None,
            Message::Remove(name) => self.removing = Some(name),
            Message::CancelRemove => self.removing = None,
            Message::ConfirmRemove => {
                let Some(name) = self.removing.take() else { return Action::None };
                self.notice = Some(match ctx.db.remove_user(&name, &ctx.settings.user_name) {
                    Ok(()) => {
                        self.reload(ctx);
                        (
                            BannerKind::Success,
                            format!(
                                "{name} can no longer sign in. Their past work stays in the audit trail under their name."
                            ),
                        )
                    }
                    Err(error) => (BannerKind::Error, format!("Not removed: {error}")),
                });
            }
        }
        Action::None
    }

    fn view<'a>(&'a self, shared: &Shared<'a>) -> Element<'a, Message> {
        let mut page = column![
            heading("Users"),
            text("Each person signs in with their own name and passphrase; the audit trail records everything under that name. Passphrases are not stored anywhere: each opens the case file's key, sealed for that person alone.")
                .size(BODY_SIZE),
        ]
        .spacing(14);
        page =
            page.push(slot(self.notice.as_ref().map(|(kind, message)| Element::from(banner(*kind, message.as_str())))));
        let head = |label: &'static str, column: UserColumn, portion| {
            sort_cell(label, self.sort, column, Message::SortBy, portion)
        };
        let header = row![
            head("Name", UserColumn::Name, 3),
            head("Signs in as", UserColumn::Role, 3),
            cell(text("On the staff list as").size(LABEL_SIZE), 3),
            cell(text("").size(LABEL_SIZE), 4),
        ]
        .spacing(8);
        let mut list = column![container(header).padding(6).style(theme::table_header)].spacing(4);
        let mut users: Vec<&User> = self.users.iter().collect();
        self.sort.arrange(
            &mut users,
            |column, a, b| match column {
                UserColumn::Name => by_text(&a.name, &b.name),
                UserColumn::Role => a.role.label().cmp(b.role.label()),
            },
            |a, b| by_text(&a.name, &b.name),
        );
        for user in users {
            list = list.push(
                row![
                    cell(text(user.name.as_str()).size(BODY_SIZE), 3),
                    cell(text(user.role.label()).size(BODY_SIZE), 3),
                    cell(
                        text(
                            shared
                                .staff
                                .iter()
                                .find(|member| same_user(&member.name, &user.name))
                                .map_or("not on it", |member| member.role.label())
                        )
                        .size(BODY_SIZE),
                        3
                    ),
                    cell(
                        row![
                            button(text("Reset passphrase").size(13))
                                .on_press(Message::StartReset(user.name.clone()))
                                .style(button::secondary),
                            button(text("Remove").size(13))
                                .on_press(Message::Remove(user.name.clone()))
                                .style(button::danger),
                        ]
                        .spacing(6),
                        4,
                    ),
                ]
                .spacing(8)
                .padding([4, 6])
                .align_y(Alignment::Center),
            );
        }
        page = page.push(list);
        page = page.push(slots([
            self.removing.as_ref().map(|name| {
                Element::from(
                    container(
                        row![
                            text(format!("Remove {name}? They will no longer be able to sign in."))
                                .size(BODY_SIZE)
                                .width(Fill),
                            button(text("Remove them")).on_press(Message::ConfirmRemove).style(button::danger),
                            button(text("Keep them")).on_press(Message::CancelRemove).style(button::secondary),
                        ]
                        .spacing(8)
                        .align_y(Alignment::Center),
                    )
                    .padding(12)
                    .style(theme::card),
                )
            }),
            self.resetting.as_ref().map(|(name, passphrase, repeat)| {
                Element::from(section(
                    "Reset a forgotten passphrase",
                    column![
                        text(format!("A new passphrase for {name}. Give it to them in person.")).size(BODY_SIZE),
                        row![
                            labelled(
                                "New passphrase",
                                text_input("", passphrase)
                                    .id(RESET_PASSPHRASE_ID)
                                    .secure(true)
                                    .on_input(Message::ResetPassphrase)
                                    .padding(6),
                                None
                            ),
                            labelled(
                                "Type it again",
                                text_input("", repeat)
                                    .id(RESET_REPEAT_ID)
                                    .secure(true)
                                    .on_input(Message::ResetRepeat)
                                    .on_submit(Message::ConfirmReset)
                                    .padding(6),
                                None
                            ),
                        ]
                        .spacing(12),
                        row![
                            button(text("Set passphrase"))
                                .on_press_maybe((!self.sealing).then_some(Message::ConfirmReset))
                                .style(button::primary),
                            button(text("Cancel")).on_press(Message::CancelReset).style(button::secondary),
                        ]
                        .spacing(8),
                    ]
                    .spacing(10),
                ))
            }),
        ]));
        page = page.push(section(
            "Add a person",
            column![
                row![
                    labelled(
                        "Full name",
                        text_input("e.g. Sam Okafor", &self.name).id(NEW_NAME_ID).on_input(Message::Name).padding(6),
                        None
                    ),
                    labelled("Role", choice(Role::ALL, Some(self.role), Message::Role).padding(6), None),
                ]
                .spacing(12),
                row![
                    labelled(
                        "On the staff list as",
                        choice(StaffListing::all(), Some(self.staff_listing), Message::StaffListing).padding(6),
                        None
                    ),
                    text("Someone on the staff list as a supervisor can be allocated cases.")
                        .size(13)
                        .style(theme::muted)
                        .width(Fill),
                ]
                .spacing(12)
                .align_y(Alignment::End),
                row![
                    labelled(
                        "First passphrase",
                        text_input("", &self.passphrase)
                            .id(NEW_PASSPHRASE_ID)
                            .secure(true)
                            .on_input(Message::Passphrase)
                            .padding(6),
                        None
                    ),
                    labelled(
                        "Type it again",
                        text_input("", &self.repeat)
                            .id(NEW_REPEAT_ID)
                            .secure(true)
                            .on_input(Message::Repeat)
                            .on_submit(Message::Add)
                            .padding(6),
                        None
                    ),
                ]
                .spacing(12),
                text("Gate staff see only the key register. Supervisors do case work and keys. Administrators also manage users, the induction template, settings and the audit trail.")
                    .size(13)
                    .style(theme::muted),
                button(text("Add")).on_press_maybe((!self.sealing).then_some(Message::Add)).style(button::primary),
            ]
            .spacing(10),
        ));
        iced::widget::scrollable(page.padding(iced::Padding { right: 14.0, ..iced::Padding::ZERO })).height(Fill).into()
    }

    /// What leaving now would lose.
    fn unsaved_work(&self) -> Option<&'static str> {
        if [&self.name, &self.passphrase, &self.repeat].iter().any(|typed| !typed.trim().is_empty()) {
            Some("the new user")
        } else if self.resetting.as_ref().is_some_and(|(_, first, again)| !first.is_empty() || !again.is_empty()) {
            Some("the passphrase reset")
        } else {
            None
        }
    }
}
