//! The ledger of movements, and the end-of-day reconciliation.

use super::*;
use iced::widget::column;

/// The width of the column that offers the correction.
const CORRECT_WIDTH: f32 = 90.0;

/// A column of the movement history to sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HistoryColumn {
    /// The newest first: the ledger's own order.
    #[default]
    When,
    Hook,
    What,
    Holder,
    /// Counts that differed first.
    Count,
}

/// Sorts the movements by `sort`; ties go newest first.
pub(super) fn arrange_history(lines: &mut [MovementLine], sort: ListSort<HistoryColumn>) {
    use omu_core::domain::sorting::{by_text, missing_last};
    let newest_first =
        |a: &MovementLine, b: &MovementLine| b.movement.at.cmp(&a.movement.at).then(b.movement.id.cmp(&a.movement.id));
    sort.arrange(
        lines,
        |column, a, b| match column {
            HistoryColumn::When => newest_first(a, b),
            HistoryColumn::Hook => a.hook.cmp(&b.hook),
            HistoryColumn::What => a.movement.kind.label().cmp(b.movement.kind.label()),
            HistoryColumn::Holder => missing_last(a.holder.as_deref(), b.holder.as_deref())
                .then_with(|| by_text(a.holder.as_deref().unwrap_or(""), b.holder.as_deref().unwrap_or(""))),
            HistoryColumn::Count => a.movement.count_confirmed.cmp(&b.movement.count_confirmed),
        },
        newest_first,
    );
}

impl KeysScreen {
    pub(super) fn history_view(&self, now: DateTime<Utc>) -> Element<'_, Message> {
        let out: Vec<&HookTile> =
            self.tiles.iter().filter(|tile| matches!(tile.whereabouts, Whereabouts::Out { .. })).collect();
        let problems = omu_core::domain::keys::end_of_day_problems(
            self.tiles.iter().map(|tile| tile.at_day_end(now)),
            utc_to_london(now).date_naive(),
        );
        let end_of_day = section(
            "End-of-day check",
            column![
                text(if out.is_empty() {
                    "Every bunch is in the key safe.".to_string()
                } else {
                    format!(
                        "Still out: {}",
                        out.iter()
                            .map(|tile| format!(
                                "{} ({})",
                                tile.bunch.hook,
                                tile.holder.as_ref().map_or("?".to_string(), |h| h.name.clone())
                            ))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })
                .size(BODY_SIZE),
                text(if problems.is_empty() { "No hook needs attention.".to_string() } else { problems.join("\n") })
                    .size(BODY_SIZE)
                    .style(if problems.is_empty() { theme::muted } else { theme::error_text }),
                row![
                    button(text("Print the reconciliation for signing"))
                        .on_press(Message::PrintReconciliation)
                        .style(button::primary),
                    button(text("Print the list of keys overdue"))
                        .on_press(Message::PrintOverdue)
                        .style(button::secondary),
                ]
                .spacing(8),
            ]
            .spacing(8),
        );
        let filters = row![
            field("From", &self.history_from, None, |v| Message::HistoryText(HistoryField::From, v)),
            field("To", &self.history_to, None, |v| Message::HistoryText(HistoryField::To, v)),
            field("Hook (empty = all)", &self.history_hook, None, |v| Message::HistoryText(HistoryField::Hook, v)),
            field("Tally (empty = all)", &self.history_tally, None, |v| Message::HistoryText(HistoryField::Tally, v)),
            button(text("Show")).on_press(Message::ShowHistory).style(button::primary),
            button(text("Clear filters")).on_press(Message::ClearHistoryFilters).style(button::secondary),
            button(text("Print")).on_press(Message::PrintHistory).style(button::secondary),
        ]
        .spacing(8)
        .align_y(Alignment::End);
        // The movement a correction may void is each bunch's last one recorded, in
        // whatever order the list is shown.
        let latest: std::collections::HashMap<i64, i64> = self
            .history
            .iter()
            .filter(|line| !line.voided && line.movement.corrects.is_none())
            .fold(std::collections::HashMap::new(), |mut latest, line| {
                let id = latest.entry(line.movement.bunch_id).or_insert(line.movement.id);
                *id = (*id).max(line.movement.id);
                latest
            });
        let head = |label: &'static str, column: HistoryColumn, portion| {
            container(sort_heading(label, self.history_sort, column, Message::SortHistory))
                .width(Length::FillPortion(portion))
        };
        let header = container(
            row![
                head("When", HistoryColumn::When, 2),
                head("Hook", HistoryColumn::Hook, 1),
                head("What", HistoryColumn::What, 2),
                head("Tally holder", HistoryColumn::Holder, 3),
                head("Count and condition", HistoryColumn::Count, 3),
            ]
            .push(iced::widget::space().width(CORRECT_WIDTH))
            .spacing(6),
        )
        .padding([4, 0])
        .style(theme::table_header);
        let lines = self.history.iter().map(|line| {
            let movement = &line.movement;
            let mut what = movement.kind.label().to_string();
            if line.voided {
                what.push_str(" (void)");
            }
            let row_view = row![
                text(format_local(movement.at)).size(LABEL_SIZE).width(Length::FillPortion(2)),
                text(format!("Hook {}", line.hook)).size(LABEL_SIZE).width(Length::FillPortion(1)),
                text(what).size(LABEL_SIZE).width(Length::FillPortion(2)),
                text(line.holder_words()).size(LABEL_SIZE).width(Length::FillPortion(3)),
                text(if movement.count_confirmed {
                    movement.condition.clone()
                } else {
                    format!("Count: {}", movement.count_note)
                })
                .size(LABEL_SIZE)
                .width(Length::FillPortion(3)),
            ]
            .spacing(6)
            .align_y(Alignment::Center);
            let correctable = latest.get(&movement.bunch_id) == Some(&movement.id) && movement.corrects.is_none();
            let correcting = self.correcting.as_ref().filter(|(id, _)| correctable && *id == movement.id);
            let start_correction: Element<'_, Message> = if correctable && correcting.is_none() {
                button(text("Correct…").size(LABEL_SIZE))
                    .on_press(Message::StartCorrection(movement.id))
                    .style(button::text)
                    .into()
            } else {
                iced::widget::space().into()
            };
            let row_view = row_view.push(container(start_correction).width(CORRECT_WIDTH));
            match correcting {
                // The reason goes on a line of its own, so the columns stay in line.
                Some((_, reason)) => column![
                    row_view,
                    row![
                        text_input("Why it was wrong", reason).on_input(Message::CorrectionReason).width(320),
                        button(text("Record correction")).on_press(Message::Correct).style(button::danger),
                    ]
                    .spacing(8)
                    .align_y(Alignment::Center),
                ]
                .spacing(4)
                .into(),
                None => row_view.into(),
            }
        });
        scrollable(
            column![end_of_day, section("Movements", column![filters, header, column(lines).spacing(4)].spacing(10))]
                .spacing(12)
                .padding(iced::Padding { right: 14.0, ..iced::Padding::ZERO }),
        )
        .height(Fill)
        .into()
    }

    /// The history filter as instants and numbers.
    pub(super) fn history_range(&self) -> Result<HistoryRange, String> {
        let (from, to) = date_range(&self.history_from, &self.history_to, None).map_err(|error| error.to_string())?;
        let number = |value: &str, label: &str| -> Result<Option<u32>, String> {
            let value = value.trim();
            if value.is_empty() {
                return Ok(None);
            }
            value.parse().map(Some).map_err(|_| format!("{label}: a number, or leave it empty for all"))
        };
        Ok(HistoryRange {
            from: london_to_utc(from, NaiveTime::MIN),
            to: london_to_utc(to + Duration::days(1), NaiveTime::MIN),
            hook: number(&self.history_hook, "Hook")?,
            tally: number(&self.history_tally, "Tally")?,
        })
    }

    pub(super) fn show_history(&mut self, ctx: &mut Context) {
        let range = self.history_range();
        let HistoryRange { from, to, hook, tally } = match range {
            Ok(range) => range,
            Err(message) => return self.fail(message),
        };
        let bunch = hook.and_then(|hook| self.tiles.iter().find(|t| t.bunch.hook == hook).map(|t| t.bunch.id));
        let holder = tally.and_then(|tally| self.holders.iter().find(|h| h.tally == tally).map(|h| h.id));
        if hook.is_some() && bunch.is_none() {
            return self.fail("No bunch on that hook");
        }
        if tally.is_some() && holder.is_none() {
            return self.fail("No one holds that tally");
        }
        match ctx.db.movement_history(from, to, bunch, holder, 500) {
            Ok(lines) => {
                self.history = lines;
                arrange_history(&mut self.history, self.history_sort);
            }
            Err(error) => self.fail(format!("The history could not be read: {error}")),
        }
    }
}
