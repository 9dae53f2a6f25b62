//! Bunches: what hangs on each hook and how many keys, and the form for one.

use super::{Context, Outcome};
use crate::ui::theme::{self, BannerKind};
use crate::ui::widget::{
    BODY_SIZE, LABEL_SIZE, chip, field, field_row, field_with_placeholder, section, slot, sort_heading,
};
use chrono::NaiveTime;
use chrono::{DateTime, Utc};
use iced::widget::{button, column, container, row, scrollable, text, text_input};
use iced::{Alignment, Element, Fill};
use omu_core::domain::keys::{Bunch, BunchForm, HookRangeForm, parse_group_time};
use omu_core::domain::sorting::ListSort;
use omu_core::storage::HookTile;
use std::collections::BTreeMap;

/// A column of the bunches to sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BunchColumn {
    #[default]
    Hook,
    Description,
    /// The state on the board (in, out, overdue…).
    State,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BunchField {
    Hook,
    Description,
    Count,
    Contents,
    Reason,
    AccessGroup,
}

/// The fields of the run-of-hooks form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HookRangeField {
    First,
    Last,
    Description,
    Count,
}

/// The bunches tab's own state: the bunch form, the run of hooks, and the sort.
#[derive(Default)]
pub struct BunchesTab {
    form: Option<(i64, BunchForm)>,
    /// A run of hooks being set up in one go.
    hook_range: Option<HookRangeForm>,
    sort: ListSort<BunchColumn>,
    /// Access groups' times for keys back as being typed, by group.
    group_times: BTreeMap<String, String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    /// Open the form for a new bunch.
    New,
    /// Open this bunch (by id) to edit.
    Edit(i64),
    /// A field of the bunch form was edited.
    Text(BunchField, String),
    /// Whether the bunch is out of use was changed.
    OutOfUse(bool),
    /// Whether the bunch needs a second officer to issue was changed.
    Restricted(bool),
    /// Save the bunch form.
    Save,
    /// Close the bunch form without saving.
    Cancel,
    /// Open the form that sets up a run of hooks in one go.
    NewHookRange,
    /// A field of the run of hooks was edited.
    HookRangeText(HookRangeField, String),
    /// Add a bunch on every hook of the run.
    AddHookRange,
    /// Close the run-of-hooks form without adding anything.
    CancelHookRange,
    /// A heading was clicked: sort by it, or the other way round.
    SortBy(BunchColumn),
    /// An access group's time for keys back was edited.
    GroupTime(String, String),
    /// Keep the group's time as typed (empty: the establishment's cut-off).
    SaveGroupTime(String),
}

impl BunchesTab {
    /// The bunch form being filled in, if one is open.
    pub fn form(&self) -> Option<&BunchForm> {
        self.form.as_ref().map(|(_, form)| form)
    }

    /// The form whose typing leaving would lose, if one is open.
    pub fn unsaved_work(&self) -> Option<&'static str> {
        if self.form.is_some() {
            Some("the bunch form")
        } else if self.hook_range.is_some() {
            Some("the run of hooks")
        } else {
            None
        }
    }

    pub fn update(
        &mut self,
        message: Message,
        ctx: &mut Context,
        tiles: &[HookTile],
        kept_times: &BTreeMap<String, NaiveTime>,
    ) -> Outcome {
        let next_hook = || tiles.iter().map(|t| t.bunch.hook).max().unwrap_or(0) + 1;
        match message {
            Message::New => {
                self.form = Some((0, BunchForm { hook: next_hook().to_string(), ..BunchForm::default() }));
            }
            Message::Edit(id) => {
                self.form =
                    tiles.iter().find(|tile| tile.bunch.id == id).map(|tile| (id, BunchForm::from_bunch(&tile.bunch)));
            }
            Message::Text(field, value) => {
                if let Some((_, form)) = &mut self.form {
                    *match field {
                        BunchField::Hook => &mut form.hook,
                        BunchField::Description => &mut form.description,
                        BunchField::Count => &mut form.key_count,
                        BunchField::Contents => &mut form.contents,
                        BunchField::Reason => &mut form.out_of_use_reason,
                        BunchField::AccessGroup => &mut form.access_group,
                    } = value;
                }
            }
            Message::OutOfUse(on) => {
                if let Some((_, form)) = &mut self.form {
                    form.out_of_use = on;
                }
            }
            Message::Restricted(on) => {
                if let Some((_, form)) = &mut self.form {
                    form.restricted = on;
                }
            }
            Message::Save => {
                let Some((id, form)) = &self.form else { return Outcome::Nothing };
                return match form.validate() {
                    Ok(bunch) => match ctx.db.save_bunch(&Bunch { id: *id, ..bunch }) {
                        Ok(_) => {
                            self.form = None;
                            Outcome::Changed(
                                BannerKind::Success,
                                "Bunch saved; the change is in the audit trail.".into(),
                            )
                        }
                        Err(error) => Outcome::Refused(format!("Not saved: {error}")),
                    },
                    Err(message) => Outcome::Refused(format!("Not saved: {message}")),
                };
            }
            Message::Cancel => self.form = None,
            Message::NewHookRange => {
                self.hook_range = Some(HookRangeForm { first: next_hook().to_string(), ..HookRangeForm::default() });
            }
            Message::HookRangeText(field, value) => {
                if let Some(form) = &mut self.hook_range {
                    *match field {
                        HookRangeField::First => &mut form.first,
                        HookRangeField::Last => &mut form.last,
                        HookRangeField::Description => &mut form.description,
                        HookRangeField::Count => &mut form.key_count,
                    } = value;
                }
            }
            Message::AddHookRange => {
                let Some(form) = &self.hook_range else { return Outcome::Nothing };
                return match form
                    .validate()
                    .map_err(|message| message.to_string())
                    .and_then(|bunches| ctx.db.add_bunches(&bunches).map_err(|error| error.to_string()))
                {
                    Ok(added) => {
                        self.hook_range = None;
                        Outcome::Changed(
                            BannerKind::Success,
                            format!(
                                "{} added. Edit any bunch to list what is on it.",
                                omu_core::domain::text::plural_with(added, "bunch", "bunches")
                            ),
                        )
                    }
                    Err(message) => Outcome::Refused(format!("Not added: {message}")),
                };
            }
            Message::CancelHookRange => self.hook_range = None,
            Message::SortBy(column) => self.sort = self.sort.clicked(column),
            Message::GroupTime(group, typed) => {
                self.group_times.insert(group, typed);
            }
            Message::SaveGroupTime(group) => {
                let typed = self.group_times.get(&group).cloned().unwrap_or_else(|| time_text(kept_times.get(&group)));
                return match parse_group_time(&typed).map_err(|invalid| invalid.to_string()).and_then(|time| {
                    ctx.db.set_access_group_time(&group, time).map(|()| time).map_err(|error| error.to_string())
                }) {
                    Ok(time) => {
                        self.group_times.remove(&group);
                        Outcome::Changed(
                            BannerKind::Success,
                            match time {
                                Some(time) => format!("The {group} keys are due back by {}.", time.format("%H:%M")),
                                None => format!("The {group} keys are due back by the establishment's cut-off."),
                            },
                        )
                    }
                    Err(message) => Outcome::Refused(format!("Not saved: {message}")),
                };
            }
        }
        Outcome::Nothing
    }

    /// Each access group on a bunch, with its own time for keys back as kept or typed.
    fn group_times_view<'a>(
        &'a self,
        tiles: &[HookTile],
        kept: &BTreeMap<String, NaiveTime>,
    ) -> Option<Element<'a, Message>> {
        let groups: std::collections::BTreeSet<String> =
            tiles.iter().map(|tile| tile.bunch.access_group.clone()).filter(|group| !group.is_empty()).collect();
        if groups.is_empty() {
            return None;
        }
        let rows = groups.into_iter().map(|group| {
            let shown = self.group_times.get(&group).cloned().unwrap_or_else(|| time_text(kept.get(&group)));
            let typing = group.clone();
            row![
                text(format!("The {group} keys")).size(BODY_SIZE).width(Fill),
                text_input("the cut-off", &shown)
                    .on_input(move |typed| Message::GroupTime(typing.clone(), typed))
                    .on_submit(Message::SaveGroupTime(group.clone()))
                    .padding(6)
                    .size(BODY_SIZE)
                    .width(120),
                button(text("Save")).on_press(Message::SaveGroupTime(group)).style(button::secondary),
            ]
            .spacing(8)
            .align_y(Alignment::Center)
            .into()
        });
        Some(section("Times for keys back, by access group (HH:MM; empty for the cut-off)", column(rows).spacing(6)))
    }

    pub fn view<'a>(
        &'a self,
        all: &'a [HookTile],
        kept_times: &BTreeMap<String, NaiveTime>,
        now: DateTime<Utc>,
    ) -> Element<'a, Message> {
        let mut tiles: Vec<&HookTile> = all.iter().collect();
        self.sort.arrange(
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
        let head = |label: &'static str, column: BunchColumn| sort_heading(label, self.sort, column, Message::SortBy);
        let mut list = column![
            row![
                text(omu_core::domain::text::plural_with(all.len(), "bunch", "bunches")).size(BODY_SIZE).width(Fill),
                button(text("Set up a run of hooks…")).on_press(Message::NewHookRange).style(button::secondary),
                button(text("Add a bunch")).on_press(Message::New).style(button::primary),
            ]
            .spacing(8)
            .align_y(Alignment::Center)
        ]
        .spacing(6);
        if all.is_empty() && self.hook_range.is_none() && self.form.is_none() {
            list = list.push(
                text("The key safe is empty. Set up a run of hooks to add a bunch on each in one go (e.g. hooks 1 to 120, \"Wing A cell {n}\", 2 keys each), then edit any bunch to list its keys.")
                    .size(BODY_SIZE)
                    .style(theme::muted),
            );
        }
        list = list.push(slot(self.hook_range.as_ref().map(|form| Element::from(hook_range_editor(form)))));
        list = list.push(slot(self.form.as_ref().map(|(_, form)| Element::from(bunch_editor(form)))));
        list = list.push(slot(self.group_times_view(all, kept_times)));
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
                    button(text("Edit")).on_press(Message::Edit(bunch.id)).style(button::secondary),
                ]
                .spacing(10)
                .align_y(Alignment::Center),
            );
        }
        scrollable(list.padding(iced::Padding { right: 14.0, ..iced::Padding::ZERO })).height(Fill).into()
    }
}

fn bunch_editor(form: &BunchForm) -> Element<'_, Message> {
    let mut content = column![
        field_row([
            field("Hook", &form.hook, None, |v| Message::Text(BunchField::Hook, v)),
            field("Description", &form.description, None, |v| Message::Text(BunchField::Description, v)),
            field("Number of keys", &form.key_count, None, |v| Message::Text(BunchField::Count, v)),
        ]),
        field("Contents (types, suites, serials)", &form.contents, None, |v| Message::Text(BunchField::Contents, v)),
        field_row([field_with_placeholder(
            "Access group (empty = any holder)",
            "e.g. healthcare",
            &form.access_group,
            None,
            |v| Message::Text(BunchField::AccessGroup, v)
        )]),
        row![
            chip("Out of use", form.out_of_use, Message::OutOfUse(!form.out_of_use)),
            chip(
                "Restricted: a second officer confirms each issue",
                form.restricted,
                Message::Restricted(!form.restricted)
            ),
        ]
        .spacing(6),
    ]
    .spacing(8);
    if form.out_of_use {
        content = content.push(field("Why it is out of use", &form.out_of_use_reason, None, |v| {
            Message::Text(BunchField::Reason, v)
        }));
    }
    content = content.push(
        row![
            button(text("Save bunch")).on_press(Message::Save).style(button::primary),
            button(text("Cancel")).on_press(Message::Cancel).style(button::secondary),
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

/// A kept time as the field shows it: HH:MM, or empty for the cut-off.
fn time_text(kept: Option<&NaiveTime>) -> String {
    kept.map(|time| time.format("%H:%M").to_string()).unwrap_or_default()
}
