//! The key board: every hook as a tile, the number box, and the issue or return
//! waiting for Enter.

use super::*;
use crate::ui::widget::{slot, submitting_field};
use iced::Element;
use iced::widget::column;

impl KeysScreen {
    pub(super) fn board_view(&self, now: DateTime<Utc>) -> Element<'_, Message> {
        let count = |state: HookState| self.tiles.iter().filter(|tile| tile.state_at(now) == state).count();
        let lookup = text_input("Tally no.", &self.lookup)
            .id(LOOKUP_ID)
            .on_input(Message::Lookup)
            .on_submit(Message::Submit)
            .padding(10)
            .size(26)
            .width(340);
        let mut top = column![
            row![
                match self.drawing {
                    Some(hook) => column![
                        text(format!("Tally of the person drawing hook {hook}, then Enter"))
                            .size(LABEL_SIZE)
                            .style(theme::muted),
                        lookup
                    ]
                    .spacing(3)
                    .width(Fill)
                    .into(),
                    None => labelled("Type a tally (or hook) number, then Enter", lookup, None),
                },
                text(format!(
                    "{} in · {} out · {} overdue · {} out of use · {} compromised · cut-off {}",
                    count(HookState::In),
                    count(HookState::Out) + count(HookState::Overdue),
                    count(HookState::Overdue),
                    count(HookState::OutOfUse),
                    self.tiles.iter().filter(|tile| tile.compromised).count(),
                    self.cut_off.format("%H:%M")
                ))
                .size(BODY_SIZE),
            ]
            .spacing(16)
            .align_y(Alignment::Center)
        ]
        .spacing(10);
        top = top.push(self.alerts_view(now));
        top = top.push(slot(self.pending.as_ref().map(|pending| Element::from(self.pending_view(pending, now)))));
        top = top.push(self.drawing_view());
        let filter_chip = |label: &'static str, state: Option<HookState>| {
            button(text(label).size(LABEL_SIZE)).on_press(Message::Only(state)).style(if self.only == state {
                button::primary
            } else {
                button::secondary
            })
        };
        top = top.push(
            row![
                text_input("Find a holder, bunch or tally", &self.search)
                    .on_input(Message::Search)
                    .padding(6)
                    .width(280),
                filter_chip("All", None),
                filter_chip("Out", Some(HookState::Out)),
                filter_chip("Overdue", Some(HookState::Overdue)),
                filter_chip("Out of use", Some(HookState::OutOfUse)),
                filter_chip("Compromised", Some(HookState::Compromised)),
            ]
            .push((self.only.is_some() || !self.search.is_empty()).then(|| {
                button(text("Clear filters").size(LABEL_SIZE)).on_press(Message::ClearBoardFilters).style(button::text)
            }))
            .spacing(6)
            .align_y(Alignment::Center),
        );
        let wanted = omu_core::domain::text::fold(self.search.trim());
        let tiles = self
            .tiles
            .iter()
            .filter(|tile| {
                // A compromised bunch is listed as such whether it is in or still out.
                self.only.is_none_or(|state| {
                    tile.state_at(now) == state || (state == HookState::Compromised && tile.compromised)
                })
            })
            .filter(|tile| {
                wanted.is_empty()
                    || tile.bunch.hook.to_string() == wanted
                    || omu_core::domain::text::fold(&tile.bunch.description).contains(&wanted)
                    || tile.holder.as_ref().is_some_and(|holder| {
                        holder.tally.to_string() == wanted
                            || omu_core::domain::text::fold(&holder.name).contains(&wanted)
                    })
            })
            .map(|tile| tile_view(tile, now));
        if self.tiles.is_empty() {
            top = top.push(
                text("The key safe has no hooks yet. On Bunches, Set up a run of hooks adds the whole safe in one go; then add the people who draw keys on Tally holders, and the board fills in.")
                    .size(BODY_SIZE)
                    .style(theme::muted),
            );
        } else if self.holders.is_empty() {
            top = top.push(
                text("No tally holders yet: add the people who draw keys on Tally holders before issuing any.")
                    .size(BODY_SIZE)
                    .style(theme::muted),
            );
        }
        column![
            top,
            // Room on the right for the scrollbar, so the last column is not cut.
            scrollable(
                container(grid(tiles).fluid(132).height(iced::widget::grid::aspect_ratio(132, 100)).spacing(6))
                    .padding(iced::Padding { right: 14.0, ..iced::Padding::ZERO })
            )
            .height(Fill)
        ]
        .spacing(10)
        .into()
    }

    /// The cut-off alarm and the start-of-shift list, each naming the hook, who has it
    /// and where they work, so they can be reached.
    fn alerts_view(&self, now: DateTime<Utc>) -> Element<'_, Message> {
        let alerts = omu_core::domain::keys::gate_alerts(
            self.tiles.iter().map(|tile| (tile.bunch.hook, tile.whereabouts)),
            self.cut_off,
            now,
        );
        let describe = |hooks: &[u32]| {
            let mut lines: Vec<String> = hooks
                .iter()
                .take(12)
                .filter_map(|hook| self.tiles.iter().find(|tile| tile.bunch.hook == *hook))
                .map(|tile| {
                    let since = match tile.whereabouts {
                        Whereabouts::Out { since, .. } => omu_core::domain::keys::out_since(since, now),
                        Whereabouts::In => String::new(),
                    };
                    match &tile.holder {
                        Some(holder) => format!(
                            "hook {} with {} (tally {}, {}) since {since}",
                            tile.bunch.hook, holder.name, holder.tally, holder.department
                        ),
                        None => format!("hook {} since {since}", tile.bunch.hook),
                    }
                })
                .collect();
            if hooks.len() > 12 {
                lines.push(format!("and {} more (filter: Overdue)", hooks.len() - 12));
            }
            lines.join("; ")
        };
        let alarm = (!alerts.after_cut_off.is_empty()).then(|| {
            Element::from(
                column![
                    banner(
                        BannerKind::Error,
                        format!(
                            "After the {} cut-off, still out: {}. Contact each holder, or record an incident.",
                            self.cut_off.format("%H:%M"),
                            describe(&alerts.after_cut_off)
                        ),
                    ),
                    button(text("Print the list of keys overdue"))
                        .on_press(Message::History(history::Message::PrintOverdue))
                        .style(button::danger),
                ]
                .spacing(6),
            )
        });
        let overnight = (!alerts.out_overnight.is_empty()).then(|| {
            Element::from(banner(
                BannerKind::Warning,
                format!("Out overnight, from before today: {}.", describe(&alerts.out_overnight)),
            ))
        });
        crate::ui::widget::slots([alarm, overnight])
    }

    /// The hook chosen, waiting for the tally of the person drawing it.
    fn drawing_view(&self) -> Option<Element<'_, Message>> {
        let hook = self.drawing?;
        let tile = self.tiles.iter().find(|tile| tile.bunch.hook == hook)?;
        Some(banner(
            BannerKind::Info,
            format!(
                "Hook {hook} ({}, {} keys) is in. Type the tally number of the person drawing it, then Enter; Esc starts again.",
                tile.bunch.description, tile.bunch.key_count
            ),
        ))
    }

    pub(super) fn pending_view<'a>(&'a self, pending: &'a Pending, now: DateTime<Utc>) -> Element<'a, Message> {
        let (headline, action) = match pending {
            Pending::Issue { bunch, holder } => (
                format!(
                    "ISSUE hook {} ({}, {} keys) to {} (tally {}, {})",
                    bunch.hook, bunch.description, bunch.key_count, holder.name, holder.tally, holder.department
                ),
                "Issue  (Enter)",
            ),
            Pending::Return { bunch, holder, since } => (
                format!(
                    "RETURN hook {} ({}, {} keys) from {}, out since {}",
                    bunch.hook,
                    bunch.description,
                    bunch.key_count,
                    holder.as_ref().map_or("unknown holder".to_string(), |h| format!("{} (tally {})", h.name, h.tally)),
                    omu_core::domain::keys::out_since(*since, now)
                ),
                "Return  (Enter)",
            ),
        };
        let key_count = match pending {
            Pending::Issue { bunch, .. } | Pending::Return { bunch, .. } => bunch.key_count,
        };
        let mut details = column![text(headline).size(18)].spacing(8);
        // Enter in any of these fields confirms, as the button says.
        let entry = |label: &'a str, value: &'a str, on_input: fn(String) -> Message| {
            submitting_field(label, value, on_input, Message::Confirm)
        };
        let mut fields = row![
            entry("Time (empty = now)", &self.time, Message::Time),
            submitting_field("Keys counted (empty = as listed)", &self.counted, Message::Counted, Message::Confirm),
        ]
        .spacing(10);
        if let Pending::Issue { bunch, .. } = pending {
            fields = fields.push(entry("Due back", &self.due, Message::Due));
            if bunch.restricted {
                fields = fields.push(labelled(
                    "Second officer's tally",
                    text_input("Tally no.", &self.second_tally)
                        .id(SECOND_TALLY_ID)
                        .on_input(Message::SecondTally)
                        .on_submit(Message::Confirm)
                        .padding(6)
                        .size(BODY_SIZE),
                    None,
                ));
            }
        } else {
            fields = fields.push(entry("Condition", &self.condition, Message::Condition));
        }
        if let Pending::Issue { bunch, .. } = pending
            && bunch.restricted
        {
            details = details.push(
                text("RESTRICTED: a second authorised officer confirms this issue with their own tally number, then Enter.")
                    .size(BODY_SIZE)
                    .style(theme::error_text),
            );
        }
        details = details.push(fields);
        details = details.push(
            row![
                button(text(format!("{key_count} keys, as listed")))
                    .on_press(Message::CountDiffers(false))
                    .style(if self.count_differs { button::secondary } else { button::success }),
                button(text("Count differs")).on_press(Message::CountDiffers(true)).style(if self.count_differs {
                    button::danger
                } else {
                    button::secondary
                }),
            ]
            .spacing(6),
        );
        details = details
            .push(slot(self.count_differs.then(|| entry("What is different", &self.count_note, Message::CountNote))));
        details = details.push(
            row![
                button(text(action).size(17)).on_press(Message::Confirm).style(button::primary).padding([8, 18]),
                button(text("Cancel")).on_press(Message::CancelPending).style(button::secondary).padding([8, 14]),
            ]
            .spacing(8),
        );
        container(details).padding(14).width(Fill).style(theme::card).into()
    }
}

/// A hook drawn large enough to read from a step back, coloured by its state.
pub(super) fn tile_view(tile: &HookTile, now: DateTime<Utc>) -> Element<'_, Message> {
    let state = tile.state_at(now);
    let who = match (&tile.holder, tile.whereabouts) {
        (Some(holder), Whereabouts::Out { since, .. }) => format!(
            "{}Tally {} {}\nsince {}",
            // Out with an open incident: it must not go out again when it comes back;
            // out with someone now barred (suspended, leaving): get the keys back.
            if tile.compromised {
                "COMPROMISED\n"
            } else if holder.barred(utc_to_london(now).date_naive()).is_some() {
                "HOLDER BARRED\n"
            } else {
                ""
            },
            holder.tally,
            short_name(&holder.name),
            omu_core::domain::keys::out_since(since, now)
        ),
        // The state above already says so; this says what to do.
        _ if state == HookState::OutOfUse => "Do not issue".to_string(),
        _ if state == HookState::Compromised => "Do not issue: incident open".to_string(),
        _ => format!("{} keys in", tile.bunch.key_count),
    };
    let content = column![
        row![text(tile.bunch.hook.to_string()).size(24), text(state.label()).size(12)]
            .spacing(6)
            .align_y(Alignment::Center),
        text(who).size(12),
    ]
    .spacing(2);
    button(content)
        .on_press(Message::Hook(tile.bunch.hook))
        .padding(6)
        .width(Fill)
        .height(Fill)
        .style(move |theme: &Theme, status| tile_style(theme, state, status))
        .into()
}

pub(super) fn short_name(name: &str) -> String {
    let mut parts = name.split_whitespace();
    match (parts.next(), parts.last()) {
        (Some(first), Some(last)) => format!("{}. {last}", first.chars().next().unwrap_or(' ')),
        (Some(only), None) => only.to_string(),
        _ => String::new(),
    }
}

pub(super) fn tile_style(theme: &Theme, state: HookState, status: button::Status) -> button::Style {
    let palette = theme.extended_palette();
    let (background, text_color) = match state {
        HookState::In => (palette.background.weak.color, palette.background.weak.text),
        HookState::Out => (palette.primary.base.color, palette.primary.base.text),
        HookState::Overdue => (palette.danger.base.color, palette.danger.base.text),
        HookState::OutOfUse => (palette.background.strong.color, palette.background.strong.text),
        HookState::Compromised => (Color::from_rgb8(0x3A, 0x0D, 0x12), Color::WHITE),
    };
    let border = if matches!(status, button::Status::Hovered) { 2.0 } else { 0.0 };
    button::Style {
        background: Some(Background::Color(background)),
        text_color,
        border: Border { width: border, color: palette.primary.strong.color, radius: 6.0.into() },
        ..button::Style::default()
    }
}
