//! Tally holders: who may draw keys, their assessments, and the form for one.

use super::{Context, Outcome};
use crate::ui::choice::choice;
use crate::ui::theme::{self, BannerKind};
use crate::ui::widget::{
    BODY_SIZE, LABEL_SIZE, badge, chip, field, field_row, field_with_placeholder, labelled, slot, sort_heading,
};
use chrono::{DateTime, Utc};
use iced::widget::{button, column, container, row, scrollable, text};
use iced::{Alignment, Element, Fill};
use omu_core::domain::dates::utc_to_london;
use omu_core::domain::keys::{HolderForm, HolderStatus, TallyHolder};
use omu_core::domain::risk::Coded;
use omu_core::domain::sorting::ListSort;

/// A column of the tally holders to sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HolderColumn {
    #[default]
    Tally,
    Name,
    /// Those barred from drawing keys first.
    Status,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HolderField {
    Name,
    Role,
    Department,
    Tally,
    Assessed,
    KeyTalk,
    Access,
    DueBy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HolderFlag {
    ChainAndPouch,
    Overnight,
    Suspended,
}

/// The tally holders tab's own state: the form being filled in, and the sort.
#[derive(Default)]
pub struct HoldersTab {
    form: Option<(i64, HolderForm)>,
    sort: ListSort<HolderColumn>,
}

#[derive(Debug, Clone)]
pub enum Message {
    /// Open the form for a new tally holder.
    New,
    /// Open this tally holder (by id) to edit.
    Edit(i64),
    /// A field of the tally holder form was edited.
    Text(HolderField, String),
    /// A tick box of the tally holder form was changed.
    Flag(HolderFlag, bool),
    /// The tally holder's standing (serving, leaving, on long leave) was chosen.
    Status(HolderStatus),
    /// Save the tally holder form.
    Save,
    /// Close the tally holder form without saving.
    Cancel,
    /// A heading was clicked: sort by it, or the other way round.
    SortBy(HolderColumn),
}

impl HoldersTab {
    /// Whether a form is open, whose typing leaving would lose.
    pub fn is_editing(&self) -> bool {
        self.form.is_some()
    }

    pub fn update(&mut self, message: Message, ctx: &mut Context, holders: &[TallyHolder]) -> Outcome {
        match message {
            Message::New => {
                let next = holders.iter().map(|h| h.tally).max().unwrap_or(0) + 1;
                self.form = Some((0, HolderForm { tally: next.to_string(), ..HolderForm::default() }));
            }
            Message::Edit(id) => {
                self.form =
                    holders.iter().find(|holder| holder.id == id).map(|holder| (id, HolderForm::from_holder(holder)));
            }
            Message::Text(field, value) => {
                if let Some((_, form)) = &mut self.form {
                    *match field {
                        HolderField::Name => &mut form.name,
                        HolderField::Role => &mut form.role,
                        HolderField::Department => &mut form.department,
                        HolderField::Tally => &mut form.tally,
                        HolderField::Assessed => &mut form.risk_assessed_on,
                        HolderField::KeyTalk => &mut form.key_talk_on,
                        HolderField::Access => &mut form.access_groups,
                        HolderField::DueBy => &mut form.keys_due_by,
                    } = value;
                }
            }
            Message::Flag(flag, on) => {
                if let Some((_, form)) = &mut self.form {
                    *match flag {
                        HolderFlag::ChainAndPouch => &mut form.chain_and_pouch,
                        HolderFlag::Overnight => &mut form.overnight_allowed,
                        HolderFlag::Suspended => &mut form.suspended,
                    } = on;
                }
            }
            Message::Status(status) => {
                if let Some((_, form)) = &mut self.form {
                    form.status = status;
                }
            }
            Message::Save => {
                let Some((id, form)) = &self.form else { return Outcome::Nothing };
                return match form.validate(ctx.today) {
                    Ok(holder) => match ctx.db.save_holder(&TallyHolder { id: *id, ..holder }) {
                        Ok(_) => {
                            self.form = None;
                            Outcome::Changed(BannerKind::Success, "Tally holder saved.".into())
                        }
                        Err(error) => Outcome::Refused(format!("Not saved: {error}")),
                    },
                    Err(message) => Outcome::Refused(format!("Not saved: {message}")),
                };
            }
            Message::Cancel => self.form = None,
            Message::SortBy(column) => self.sort = self.sort.clicked(column),
        }
        Outcome::Nothing
    }

    pub fn view<'a>(&'a self, all: &'a [TallyHolder], now: DateTime<Utc>) -> Element<'a, Message> {
        let today = utc_to_london(now).date_naive();
        let mut holders: Vec<&TallyHolder> = all.iter().collect();
        self.sort.arrange(
            &mut holders,
            |column, a, b| match column {
                HolderColumn::Tally => a.tally.cmp(&b.tally),
                HolderColumn::Name => omu_core::domain::sorting::by_text(&a.name, &b.name),
                HolderColumn::Status => b.barred(today).is_some().cmp(&a.barred(today).is_some()),
            },
            |a, b| a.tally.cmp(&b.tally),
        );
        let head = |label: &'static str, column: HolderColumn| sort_heading(label, self.sort, column, Message::SortBy);
        let mut list = column![
            row![
                text(format!("{} tally holders", all.len())).size(BODY_SIZE).width(Fill),
                button(text("Add a tally holder")).on_press(Message::New).style(button::primary),
            ]
            .align_y(Alignment::Center)
        ]
        .spacing(6);
        list = list.push(slot(self.form.as_ref().map(|(_, form)| Element::from(holder_editor(form)))));
        if all.is_empty() && self.form.is_none() {
            list = list.push(
                text("No tally holders yet. Add each person who draws keys with their tally number, key risk assessment and key talk: the gate refuses keys to anyone without them.")
                    .size(BODY_SIZE)
                    .style(theme::muted),
            );
        }
        if !holders.is_empty() {
            list = list.push(
                container(
                    row![
                        container(head("Tally", HolderColumn::Tally)).width(60),
                        container(head("Name", HolderColumn::Name)).width(Fill),
                        head("May draw keys", HolderColumn::Status),
                        iced::widget::space().width(60),
                    ]
                    .spacing(10),
                )
                .padding([4, 0])
                .style(theme::table_header),
            );
        }
        for holder in holders {
            let status: Element<'_, Message> = match holder.barred(today) {
                Some(reason) => badge(BannerKind::Error, reason),
                None => badge(BannerKind::Success, "MAY DRAW KEYS"),
            };
            list = list.push(
                row![
                    text(format!("{:>4}", holder.tally)).size(18).width(60),
                    column![
                        text(holder.name.as_str()).size(BODY_SIZE),
                        text(format!(
                            "{} · {}{}{}{}",
                            holder.role,
                            holder.department,
                            if holder.overnight_allowed { " · overnight" } else { "" },
                            if holder.access_groups.is_empty() {
                                String::new()
                            } else {
                                format!(" · may draw {}", holder.access_groups.join(", "))
                            },
                            holder
                                .keys_due_by
                                .map_or(String::new(), |time| format!(" · keys back by {}", time.format("%H:%M")))
                        ))
                        .size(LABEL_SIZE)
                        .style(theme::muted),
                    ]
                    .width(Fill),
                    status,
                    button(text("Edit")).on_press(Message::Edit(holder.id)).style(button::secondary),
                ]
                .spacing(10)
                .align_y(Alignment::Center),
            );
        }
        scrollable(list.padding(iced::Padding { right: 14.0, ..iced::Padding::ZERO })).height(Fill).into()
    }
}

fn holder_editor(form: &HolderForm) -> Element<'_, Message> {
    container(
        column![
            field_row([
                field("Name", &form.name, None, |v| Message::Text(HolderField::Name, v)),
                field("Tally number", &form.tally, None, |v| Message::Text(HolderField::Tally, v)),
            ]),
            field_row([
                field("Role", &form.role, None, |v| Message::Text(HolderField::Role, v)),
                field("Department", &form.department, None, |v| Message::Text(HolderField::Department, v)),
            ]),
            field_row([
                field("Key risk assessment (date)", &form.risk_assessed_on, None, |v| Message::Text(
                    HolderField::Assessed,
                    v
                )),
                field("Key talk (date)", &form.key_talk_on, None, |v| Message::Text(HolderField::KeyTalk, v)),
            ]),
            field_row([
                field_with_placeholder(
                    "May also draw (access groups, separated by commas)",
                    "e.g. healthcare, perimeter",
                    &form.access_groups,
                    None,
                    |v| Message::Text(HolderField::Access, v)
                ),
                field_with_placeholder(
                    "Own time for keys back",
                    "HH:MM; empty for the establishment's cut-off",
                    &form.keys_due_by,
                    None,
                    |v| Message::Text(HolderField::DueBy, v)
                ),
                labelled(
                    "Staff status",
                    choice(HolderStatus::ALL, Some(form.status), Message::Status).text_size(BODY_SIZE).width(Fill),
                    None
                ),
            ]),
            row![
                chip(
                    "Belt, chain and pouch issued",
                    form.chain_and_pouch,
                    Message::Flag(HolderFlag::ChainAndPouch, !form.chain_and_pouch)
                ),
                chip(
                    "May keep keys overnight",
                    form.overnight_allowed,
                    Message::Flag(HolderFlag::Overnight, !form.overnight_allowed)
                ),
                chip("Suspended", form.suspended, Message::Flag(HolderFlag::Suspended, !form.suspended)),
            ]
            .spacing(6),
            row![
                button(text("Save holder")).on_press(Message::Save).style(button::primary),
                button(text("Cancel")).on_press(Message::Cancel).style(button::secondary),
            ]
            .spacing(8),
        ]
        .spacing(8),
    )
    .padding(12)
    .style(theme::card)
    .into()
}
