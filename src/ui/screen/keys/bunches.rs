//! Bunches: what hangs on each hook and how many keys, and the form for one.

use super::*;
use crate::ui::widget::{field_with_placeholder, slot};
use iced::Element;
use iced::widget::column;

/// A column of the bunches to sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BunchColumn {
    #[default]
    Hook,
    Description,
    /// The state on the board (in, out, overdue…).
    State,
}

impl KeysScreen {
    pub(super) fn bunches_view(&self, now: DateTime<Utc>) -> Element<'_, Message> {
        let mut tiles: Vec<&HookTile> = self.tiles.iter().collect();
        self.bunch_sort.arrange(
            &mut tiles,
            |column, a, b| match column {
                BunchColumn::Hook => a.bunch.hook.cmp(&b.bunch.hook),
                BunchColumn::Description => {
                    omu_core::domain::sorting::by_text(&a.bunch.description, &b.bunch.description)
                }
                BunchColumn::State => a.state_at(now).label().cmp(b.state_at(now).label()),
            },
            |a, b| a.bunch.hook.cmp(&b.bunch.hook),
        );
        let head = |label: &'static str, column: BunchColumn| {
            sort_heading(label, self.bunch_sort.key == column, self.bunch_sort.reversed, Message::SortBunches(column))
        };
        let mut list = column![
            row![
                text(omu_core::domain::text::plural_with(self.tiles.len(), "bunch", "bunches"))
                    .size(BODY_SIZE)
                    .width(Fill),
                button(text("Set up a run of hooks…")).on_press(Message::NewHookRange).style(button::secondary),
                button(text("Add a bunch")).on_press(Message::NewBunch).style(button::primary),
            ]
            .spacing(8)
            .align_y(Alignment::Center)
        ]
        .spacing(6);
        if self.tiles.is_empty() && self.hook_range.is_none() && self.bunch_form.is_none() {
            list = list.push(
                text("The key safe is empty. Set up a run of hooks to add a bunch on each in one go (e.g. hooks 1 to 120, \"Wing A cell {n}\", 2 keys each), then edit any bunch to list its keys.")
                    .size(BODY_SIZE)
                    .style(theme::muted),
            );
        }
        list = list.push(slot(self.hook_range.as_ref().map(|form| Element::from(hook_range_editor(form)))));
        list = list.push(slot(self.bunch_form.as_ref().map(|(_, form)| Element::from(bunch_editor(form)))));
        if !tiles.is_empty() {
            list = list.push(
                container(
                    row![
                        container(head("Hook", BunchColumn::Hook)).width(60),
                        container(head("Bunch", BunchColumn::Description)).width(Fill),
                        head("On the board", BunchColumn::State),
                        iced::widget::space().width(60),
                    ]
                    .spacing(10),
                )
                .padding([4, 0])
                .style(theme::table_header),
            );
        }
        for tile in tiles {
            let bunch = &tile.bunch;
            list = list.push(
                row![
                    text(format!("{:>4}", bunch.hook)).size(18).width(60),
                    column![
                        text(bunch.description.as_str()).size(BODY_SIZE),
                        text(format!(
                            "{} keys · {}{}{}",
                            bunch.key_count,
                            bunch.contents,
                            if bunch.access_group.is_empty() {
                                String::new()
                            } else {
                                format!(" · {} only", bunch.access_group)
                            },
                            if bunch.restricted { " · RESTRICTED: two officers" } else { "" }
                        ))
                        .size(LABEL_SIZE)
                        .style(theme::muted),
                    ]
                    .width(Fill),
                    text(tile.state_at(now).label()).size(BODY_SIZE),
                    button(text("Edit")).on_press(Message::EditBunch(bunch.id)).style(button::secondary),
                ]
                .spacing(10)
                .align_y(Alignment::Center),
            );
        }
        scrollable(list.padding(iced::Padding { right: 14.0, ..iced::Padding::ZERO })).height(Fill).into()
    }
}

pub(super) fn bunch_editor(form: &BunchForm) -> Element<'_, Message> {
    let mut content = column![
        field_row([
            field("Hook", &form.hook, None, |v| Message::BunchText(BunchField::Hook, v)),
            field("Description", &form.description, None, |v| Message::BunchText(BunchField::Description, v)),
            field("Number of keys", &form.key_count, None, |v| Message::BunchText(BunchField::Count, v)),
        ]),
        field("Contents (types, suites, serials)", &form.contents, None, |v| Message::BunchText(
            BunchField::Contents,
            v
        )),
        field_row([field_with_placeholder(
            "Access group (empty = any holder)",
            "e.g. healthcare",
            &form.access_group,
            None,
            |v| Message::BunchText(BunchField::AccessGroup, v)
        )]),
        row![
            chip("Out of use", form.out_of_use, Message::BunchOutOfUse(!form.out_of_use)),
            chip(
                "Restricted: a second officer confirms each issue",
                form.restricted,
                Message::BunchRestricted(!form.restricted)
            ),
        ]
        .spacing(6),
    ]
    .spacing(8);
    if form.out_of_use {
        content = content.push(field("Why it is out of use", &form.out_of_use_reason, None, |v| {
            Message::BunchText(BunchField::Reason, v)
        }));
    }
    content = content.push(
        row![
            button(text("Save bunch")).on_press(Message::SaveBunch).style(button::primary),
            button(text("Cancel")).on_press(Message::CancelBunch).style(button::secondary),
        ]
        .spacing(8),
    );
    container(content).padding(12).style(theme::card).into()
}

fn hook_range_editor(form: &HookRangeForm) -> Element<'_, Message> {
    // What Add would do, worked out by the same rule it uses.
    let preview = match form.validate() {
        Ok(bunches) => match (bunches.first(), bunches.last()) {
            (Some(first), Some(last)) if bunches.len() > 1 => format!(
                "Adds {} bunches, {} keys each: hook {} \"{}\" to hook {} \"{}\".",
                bunches.len(),
                first.key_count,
                first.hook,
                first.description,
                last.hook,
                last.description
            ),
            (Some(only), _) => {
                format!("Adds one bunch: hook {} \"{}\", {} keys.", only.hook, only.description, only.key_count)
            }
            _ => String::new(),
        },
        Err(message) => message.to_string(),
    };
    let count = form.validate().map_or(0, |bunches| bunches.len());
    container(
        column![
            text("Set up a run of hooks").size(18),
            field_row([
                field("From hook", &form.first, None, |v| Message::HookRangeText(HookRangeField::First, v)),
                field("To hook", &form.last, None, |v| Message::HookRangeText(HookRangeField::Last, v)),
                field("Keys on each", &form.key_count, None, |v| Message::HookRangeText(HookRangeField::Count, v)),
            ]),
            field("Name of each bunch ({n} is its hook number)", &form.description, None, |v| {
                Message::HookRangeText(HookRangeField::Description, v)
            }),
            text(preview).size(LABEL_SIZE).style(theme::muted),
            row![
                button(text(if count > 1 { format!("Add {count} bunches") } else { "Add".to_string() }))
                    .on_press(Message::AddHookRange)
                    .style(button::primary),
                button(text("Cancel")).on_press(Message::CancelHookRange).style(button::secondary),
            ]
            .spacing(8),
        ]
        .spacing(8),
    )
    .padding(12)
    .style(theme::card)
    .into()
}
