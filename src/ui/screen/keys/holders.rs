//! Tally holders: who may draw keys, their assessments, and the form for one.

use super::*;
use crate::ui::choice::choice;
use crate::ui::widget::{field_with_placeholder, slot};
use iced::Element;
use iced::widget::column;

/// A column of the tally holders to sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HolderColumn {
    #[default]
    Tally,
    Name,
    /// Those barred from drawing keys first.
    Status,
}

impl KeysScreen {
    pub(super) fn holders_view(&self, now: DateTime<Utc>) -> Element<'_, Message> {
        let today = utc_to_london(now).date_naive();
        let mut holders: Vec<&TallyHolder> = self.holders.iter().collect();
        self.holder_sort.arrange(
            &mut holders,
            |column, a, b| match column {
                HolderColumn::Tally => a.tally.cmp(&b.tally),
                HolderColumn::Name => omu_core::domain::sorting::by_text(&a.name, &b.name),
                HolderColumn::Status => b.barred(today).is_some().cmp(&a.barred(today).is_some()),
            },
            |a, b| a.tally.cmp(&b.tally),
        );
        let head = |label: &'static str, column: HolderColumn| {
            sort_heading(label, self.holder_sort.key == column, self.holder_sort.reversed, Message::SortHolders(column))
        };
        let mut list = column![
            row![
                text(format!("{} tally holders", self.holders.len())).size(BODY_SIZE).width(Fill),
                button(text("Add a tally holder")).on_press(Message::NewHolder).style(button::primary),
            ]
            .align_y(Alignment::Center)
        ]
        .spacing(6);
        list = list.push(slot(self.holder_form.as_ref().map(|(_, form)| Element::from(holder_editor(form)))));
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
                    button(text("Edit")).on_press(Message::EditHolder(holder.id)).style(button::secondary),
                ]
                .spacing(10)
                .align_y(Alignment::Center),
            );
        }
        scrollable(list.padding(iced::Padding { right: 14.0, ..iced::Padding::ZERO })).height(Fill).into()
    }
}

pub(super) fn holder_editor(form: &HolderForm) -> Element<'_, Message> {
    container(
        column![
            field_row([
                field("Name", &form.name, None, |v| Message::HolderText(HolderField::Name, v)),
                field("Tally number", &form.tally, None, |v| Message::HolderText(HolderField::Tally, v)),
            ]),
            field_row([
                field("Role", &form.role, None, |v| Message::HolderText(HolderField::Role, v)),
                field("Department", &form.department, None, |v| Message::HolderText(HolderField::Department, v)),
            ]),
            field_row([
                field("Key risk assessment (date)", &form.risk_assessed_on, None, |v| Message::HolderText(
                    HolderField::Assessed,
                    v
                )),
                field("Key talk (date)", &form.key_talk_on, None, |v| Message::HolderText(HolderField::KeyTalk, v)),
            ]),
            field_row([
                field_with_placeholder(
                    "May also draw (access groups, separated by commas)",
                    "e.g. healthcare, perimeter",
                    &form.access_groups,
                    None,
                    |v| Message::HolderText(HolderField::Access, v)
                ),
                field_with_placeholder(
                    "Own time for keys back",
                    "HH:MM; empty for the establishment's cut-off",
                    &form.keys_due_by,
                    None,
                    |v| Message::HolderText(HolderField::DueBy, v)
                ),
                labelled(
                    "Staff status",
                    choice(HolderStatus::ALL, Some(form.status), Message::HolderStatus)
                        .text_size(BODY_SIZE)
                        .width(Fill),
                    None
                ),
            ]),
            row![
                chip(
                    "Belt, chain and pouch issued",
                    form.chain_and_pouch,
                    Message::HolderFlag(HolderFlag::ChainAndPouch, !form.chain_and_pouch)
                ),
                chip(
                    "May keep keys overnight",
                    form.overnight_allowed,
                    Message::HolderFlag(HolderFlag::Overnight, !form.overnight_allowed)
                ),
                chip("Suspended", form.suspended, Message::HolderFlag(HolderFlag::Suspended, !form.suspended)),
            ]
            .spacing(6),
            row![
                button(text("Save holder")).on_press(Message::SaveHolder).style(button::primary),
                button(text("Cancel")).on_press(Message::CancelHolder).style(button::secondary),
            ]
            .spacing(8),
        ]
        .spacing(8),
    )
    .padding(12)
    .style(theme::card)
    .into()
}
