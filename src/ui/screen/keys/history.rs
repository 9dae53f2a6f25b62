//! The ledger of movements, and the end-of-day reconciliation.

use super::{Context, Outcome};
use crate::ui::theme;
use crate::ui::widget::{BODY_SIZE, LABEL_SIZE, field, field_with_placeholder, section, sort_cell};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use iced::widget::{button, column, container, row, scrollable, text, text_input};
use iced::{Alignment, Element, Fill, Length};
use omu_core::domain::dates::{date_range, format_local, london_to_utc, utc_to_london};
use omu_core::domain::keys::TallyHolder;
use omu_core::domain::keys::Whereabouts;
use omu_core::domain::risk::Coded;
use omu_core::domain::sorting::ListSort;
use omu_core::print;
use omu_core::storage::{HookTile, MovementLine};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryField {
    From,
    To,
    Hook,
    Tally,
}

/// The history filter as instants and numbers.
struct HistoryRange {
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    hook: Option<u32>,
    tally: Option<u32>,
}

/// The width of the column that offers the correction.
const CORRECT_WIDTH: f32 = 90.0;

/// A column of the movement history to sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryColumn {
    /// The oldest first, as every column reads from its heading's ▲.
    When,
    Hook,
    What,
    Holder,
    /// Counts that differed first.
    Count,
}

/// How the ledger first shows: the newest first (When ▼).
const NEWEST_FIRST: ListSort<HistoryColumn> = ListSort { key: HistoryColumn::When, reversed: true };

/// Sorts the movements by `sort`; ties go newest first.
fn arrange_history(lines: &mut [MovementLine], sort: ListSort<HistoryColumn>) {
    use omu_core::domain::sorting::{by_text, missing_last};
    let newest_first =
        |a: &MovementLine, b: &MovementLine| b.movement.at.cmp(&a.movement.at).then(b.movement.id.cmp(&a.movement.id));
    sort.arrange(
        lines,
        |column, a, b| match column {
            HistoryColumn::When => newest_first(b, a),
            HistoryColumn::Hook => a.hook.cmp(&b.hook),
            HistoryColumn::What => a.movement.kind.label().cmp(b.movement.kind.label()),
            HistoryColumn::Holder => missing_last(a.holder.as_deref(), b.holder.as_deref())
                .then_with(|| by_text(a.holder.as_deref().unwrap_or(""), b.holder.as_deref().unwrap_or(""))),
            HistoryColumn::Count => a.movement.count_confirmed.cmp(&b.movement.count_confirmed),
        },
        newest_first,
    );
}

/// The history tab's own state: the filters as typed, the movements they found, how
/// they are sorted, and the correction being written.
pub struct HistoryTab {
    from: String,
    to: String,
    hook: String,
    tally: String,
    lines: Vec<MovementLine>,
    sort: ListSort<HistoryColumn>,
    correcting: Option<(i64, String)>,
}

#[derive(Debug, Clone)]
pub enum Message {
    /// A filter of the movement history was edited.
    Text(HistoryField, String),
    /// Read the movement history with the filters as typed.
    Show,
    /// Back to the last week's movements of every hook and tally, newest first.
    ClearFilters,
    /// A heading was clicked: sort by it, or the other way round.
    SortBy(HistoryColumn),
    /// Start correcting this movement (by id): ask why it was wrong.
    StartCorrection(i64),
    /// Why the movement was wrong was edited.
    CorrectionReason(String),
    /// Record the correction, which voids the movement.
    Correct,
    /// Print the end-of-day reconciliation for signing.
    PrintReconciliation,
    /// Print the keys out past their due time, with their last holders.
    PrintOverdue,
    /// Print the movement history as filtered.
    PrintHistory,
    /// Save the movements listed, in their order, as a spreadsheet (.xlsx or .csv).
    ExportHistory,
}

impl HistoryTab {
    /// The last week, for every hook and tally.
    pub fn new(today: NaiveDate) -> Self {
        Self {
            from: omu_core::domain::dates::format_date(today - Duration::days(7)),
            to: omu_core::domain::dates::format_date(today),
            hook: String::new(),
            tally: String::new(),
            lines: Vec::new(),
            sort: NEWEST_FIRST,
            correcting: None,
        }
    }

    /// The movements found, in the order shown.
    pub fn lines(&self) -> &[MovementLine] {
        &self.lines
    }

    /// The correction whose reason leaving would lose, if one is being written.
    pub fn unsaved_work(&self) -> Option<&'static str> {
        self.correcting.as_ref().is_some_and(|(_, reason)| !reason.trim().is_empty()).then_some("the correction")
    }

    /// The tab is shown: the movements are read the first time.
    pub fn open(&mut self, ctx: &mut Context, tiles: &[HookTile], holders: &[TallyHolder]) -> Outcome {
        if self.lines.is_empty() { self.show(ctx, tiles, holders) } else { Outcome::Nothing }
    }

    pub fn update(
        &mut self,
        message: Message,
        ctx: &mut Context,
        tiles: &[HookTile],
        holders: &[TallyHolder],
    ) -> Outcome {
        match message {
            Message::Text(field, value) => {
                *match field {
                    HistoryField::From => &mut self.from,
                    HistoryField::To => &mut self.to,
                    HistoryField::Hook => &mut self.hook,
                    HistoryField::Tally => &mut self.tally,
                } = value;
                Outcome::Nothing
            }
            Message::Show => self.show(ctx, tiles, holders),
            Message::ClearFilters => {
                *self = HistoryTab { lines: std::mem::take(&mut self.lines), ..HistoryTab::new(ctx.today) };
                self.show(ctx, tiles, holders)
            }
            Message::SortBy(column) => {
                self.sort = self.sort.clicked(column);
                arrange_history(&mut self.lines, self.sort);
                Outcome::Nothing
            }
            Message::StartCorrection(id) => {
                self.correcting = Some((id, String::new()));
                Outcome::Nothing
            }
            Message::CorrectionReason(value) => {
                if let Some((_, reason)) = &mut self.correcting {
                    *reason = value;
                }
                Outcome::Nothing
            }
            Message::Correct => {
                let Some((id, reason)) = self.correcting.clone() else { return Outcome::Nothing };
                match ctx.db.correct_movement(id, &reason, ctx.now) {
                    Ok(_) => {
                        self.correcting = None;
                        if let Outcome::Refused(reason) = self.show(ctx, tiles, holders) {
                            return Outcome::Refused(reason);
                        }
                        Outcome::Changed(
                            crate::ui::theme::BannerKind::Success,
                            "Correction recorded; the mistaken movement is kept, marked void.".into(),
                        )
                    }
                    Err(error) => Outcome::Refused(format!("Not corrected: {error}")),
                }
            }
            Message::PrintReconciliation => Outcome::Print(Box::new(print::key_reconciliation(ctx.db, ctx.now))),
            Message::PrintOverdue => Outcome::Print(Box::new(print::keys_overdue(ctx.db, ctx.now))),
            Message::ExportHistory => {
                let subject = format!("{} to {} as listed", self.from.trim(), self.to.trim());
                Outcome::Export(Box::new(omu_core::exchange::lists::key_history(&self.lines, &subject)))
            }
            Message::PrintHistory => match self.range() {
                Ok(range) => {
                    let printable = print::key_history(ctx.db, range.from, range.to, range.hook, range.tally, ctx.now);
                    Outcome::Print(Box::new(printable))
                }
                Err(message) => Outcome::Refused(message),
            },
        }
    }

    pub fn view<'a>(&'a self, tiles: &'a [HookTile], now: DateTime<Utc>) -> Element<'a, Message> {
        let out: Vec<&HookTile> =
            tiles.iter().filter(|tile| matches!(tile.whereabouts, Whereabouts::Out { .. })).collect();
        let problems = omu_core::domain::keys::end_of_day_problems(
            tiles.iter().map(|tile| tile.at_day_end(now)),
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
            // A date needs more room than a hook or tally number: at 1024 wide four
            // equal fields cut the year off.
            container(field("From", &self.from, None, |v| Message::Text(HistoryField::From, v)))
                .width(Length::FillPortion(3)),
            container(field("To", &self.to, None, |v| Message::Text(HistoryField::To, v)))
                .width(Length::FillPortion(3)),
            container(field_with_placeholder("Only hook", "all", &self.hook, None, |v| {
                Message::Text(HistoryField::Hook, v)
            }))
            .width(Length::FillPortion(2)),
            container(field_with_placeholder("Only tally", "all", &self.tally, None, |v| {
                Message::Text(HistoryField::Tally, v)
            }))
            .width(Length::FillPortion(2)),
            button(text("Show")).on_press(Message::Show).style(button::primary),
            button(text("Clear filters")).on_press(Message::ClearFilters).style(button::secondary),
            button(text("Print")).on_press(Message::PrintHistory).style(button::secondary),
            button(text("Export…")).on_press(Message::ExportHistory).style(button::secondary),
        ]
        .spacing(8)
        .align_y(Alignment::End);
        // The movement a correction may void is each bunch's last one recorded, in
        // whatever order the list is shown.
        let latest: std::collections::HashMap<i64, i64> = self
            .lines
            .iter()
            .filter(|line| !line.voided && line.movement.corrects.is_none())
            .fold(std::collections::HashMap::new(), |mut latest, line| {
                let id = latest.entry(line.movement.bunch_id).or_insert(line.movement.id);
                *id = (*id).max(line.movement.id);
                latest
            });
        let head = |label: &'static str, column: HistoryColumn, portion| {
            sort_cell(label, self.sort, column, Message::SortBy, portion)
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
        let lines = self.lines.iter().map(|line| {
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
    fn range(&self) -> Result<HistoryRange, String> {
        let (from, to) = date_range(&self.from, &self.to, None).map_err(|error| error.to_string())?;
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
            hook: number(&self.hook, "Hook")?,
            tally: number(&self.tally, "Tally")?,
        })
    }

    /// Reads the movements the filters pick, or says why not.
    fn show(&mut self, ctx: &mut Context, tiles: &[HookTile], holders: &[TallyHolder]) -> Outcome {
        let HistoryRange { from, to, hook, tally } = match self.range() {
            Ok(range) => range,
            Err(message) => return Outcome::Refused(message),
        };
        let bunch = hook.and_then(|hook| tiles.iter().find(|t| t.bunch.hook == hook).map(|t| t.bunch.id));
        let holder = tally.and_then(|tally| holders.iter().find(|h| h.tally == tally).map(|h| h.id));
        if hook.is_some() && bunch.is_none() {
            return Outcome::Refused("No bunch on that hook".into());
        }
        if tally.is_some() && holder.is_none() {
            return Outcome::Refused("No one holds that tally".into());
        }
        match ctx.db.movement_history(from, to, bunch, holder, 500) {
            Ok(lines) => {
                self.lines = lines;
                arrange_history(&mut self.lines, self.sort);
                Outcome::Nothing
            }
            Err(error) => Outcome::Refused(format!("The history could not be read: {error}")),
        }
    }
}
