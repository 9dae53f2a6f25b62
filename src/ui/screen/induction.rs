//! Induction across the caseload: every open checklist, most overdue first (or by any
//! column clicked), and how
//! many prisoners are overdue on each item ("Basic skills screen: 7 overdue").

use iced::widget::{button, column, container, row, scrollable, text};
use iced::{Alignment, Element, Fill};

use super::{Context, Screen, Shared};
use crate::ui::printing;
use crate::ui::theme::{self, BannerKind, Surface};
use crate::ui::widget::{BODY_SIZE, LABEL_SIZE, badge, banner, cell, heading, section, slot, sort_cell};
use omu_core::domain::dates::{due_state, format_date, format_local};
use omu_core::domain::induction::{
    ChecklistColumn, ChecklistRow, ChecklistSort, Template, arrange_checklists, overdue_by_item,
};
use omu_core::domain::text::plural;
use omu_core::storage::OpenInduction;

pub struct InductionScreen {
    open: Vec<OpenInduction>,
    sort: ChecklistSort,
    template: Option<Template>,
    error: Option<String>,
    /// Where the overdue items saved as a spreadsheet went, or why not.
    saving: printing::Status,
}

#[derive(Debug, Clone)]
pub enum Message {
    /// Open a prisoner's checklist (by prisoner id).
    Open(i64),
    /// Edit the establishment's induction procedure (administrators).
    EditProcedure,
    /// A column heading was clicked: sort by it, or the other way round.
    SortBy(ChecklistColumn),
    /// Save every overdue item, checklist by checklist as shown, as a spreadsheet.
    ExportList,
    /// Where the spreadsheet went, or why not.
    ListSaved(printing::Outcome),
    /// Open or dismiss the saved file's banner.
    Saving(printing::Message),
}

pub enum Action {
    None,
    /// Show this prisoner's record on its induction tab.
    OpenChecklist(i64),
    /// Show the procedure editor.
    EditProcedure,
    /// Save the spreadsheet (a dialog, then the file, in the background).
    Run(iced::Task<Message>),
}

impl InductionScreen {
    /// The open checklists, in the order shown.
    pub fn open(&self) -> &[OpenInduction] {
        &self.open
    }

    pub fn new(ctx: &mut Context) -> Self {
        let loaded = ctx.db.open_inductions().and_then(|open| Ok((open, ctx.db.current_template()?)));
        match loaded {
            Ok((mut open, template)) => {
                let sort = ChecklistSort::default();
                arrange_checklists(&mut open, sort, ctx.now, row_keys);
                Self { open, sort, template: Some(template), error: None, saving: printing::Status::default() }
            }
            Err(error) => Self {
                open: Vec::new(),
                sort: ChecklistSort::default(),
                template: None,
                error: Some(format!("Could not read the checklists: {error}")),
                saving: printing::Status::default(),
            },
        }
    }
}

/// What the sort reads from a row.
fn row_keys(row: &OpenInduction) -> ChecklistRow<'_> {
    ChecklistRow {
        prison_number: &row.prison_number,
        name: &row.name,
        location: &row.location,
        checklist: &row.checklist,
    }
}

impl Screen for InductionScreen {
    type Message = Message;
    type Action = Action;

    fn update(&mut self, message: Message, ctx: &mut Context) -> Action {
        match message {
            Message::Open(id) => Action::OpenChecklist(id),
            Message::EditProcedure => Action::EditProcedure,
            Message::SortBy(column) => {
                self.sort = self.sort.clicked(column);
                arrange_checklists(&mut self.open, self.sort, ctx.now, row_keys);
                Action::None
            }
            Message::ExportList => {
                let table = omu_core::exchange::lists::induction_overdue(&self.open, ctx.now);
                Action::Run(printing::export_list(table, ctx).map(Message::ListSaved))
            }
            Message::ListSaved(outcome) => {
                self.saving.finished(outcome, ctx.db);
                Action::None
            }
            Message::Saving(message) => Action::Run(self.saving.update(message).map(Message::Saving)),
        }
    }

    fn view<'a>(&'a self, shared: &Shared<'a>) -> Element<'a, Message> {
        let now = shared.now;
        let overdue_total: usize = self.open.iter().map(|row| row.checklist.overdue_items(now)).sum();
        let mut page = column![
            row![
                heading("Induction"),
                iced::widget::space::horizontal(),
                button(text("Export overdue items…")).on_press(Message::ExportList).style(button::secondary),
                button(text("Edit the induction procedure")).on_press(Message::EditProcedure).style(button::secondary),
            ]
            .spacing(8)
            .align_y(Alignment::Center),
            text(format!(
                "{}, {}. Items past their due time are in red; the most overdue checklist is first.",
                plural(self.open.len(), "open checklist"),
                plural(overdue_total, "overdue item")
            ))
            .size(BODY_SIZE),
        ]
        .spacing(10);
        page =
            page.push(slot(self.error.as_ref().map(|error| Element::from(banner(BannerKind::Error, error.as_str())))));
        page = page.push(slot(self.saving.view().map(|saved| saved.map(Message::Saving))));
        if let Some(template) = &self.template {
            let review_due = template.review_due();
            let state = due_state(review_due, omu_core::domain::dates::utc_to_london(now).date_naive());
            let line = format!(
                "Procedure version {}, last reviewed {}; next review due {} ({}).",
                template.version,
                format_date(template.last_reviewed),
                format_date(review_due),
                state.describe()
            );
            page = page.push(text(line).size(BODY_SIZE).style(theme::due_text(state)));
        }

        let counts = overdue_by_item(self.open.iter().map(|row| &row.checklist), now);
        let by_item: Element<'_, Message> = if counts.is_empty() {
            text("Nothing is overdue.").size(BODY_SIZE).style(theme::muted).into()
        } else {
            column(counts.into_iter().map(|(title, count)| {
                row![text(title).size(BODY_SIZE).width(Fill), badge(BannerKind::Error, format!("{count} overdue"))]
                    .spacing(8)
                    .align_y(Alignment::Center)
                    .into()
            }))
            .spacing(4)
            .into()
        };

        let head = |label: &'static str, column: ChecklistColumn, portion| {
            sort_cell(label, self.sort, column, Message::SortBy, portion)
        };
        let header = container(
            row![
                head("Prison no.", ChecklistColumn::PrisonNumber, 2),
                head("Name", ChecklistColumn::Name, 4),
                head("Location", ChecklistColumn::Location, 2),
                head("Received", ChecklistColumn::Received, 3),
                head("Done", ChecklistColumn::Done, 2),
                head("Overdue", ChecklistColumn::Overdue, 2),
                head("Next due", ChecklistColumn::NextDue, 5),
            ]
            .spacing(6),
        )
        .padding([6, 8])
        .style(theme::table_header);
        let rows = self.open.iter().enumerate().map(|(index, row_data)| {
            let checklist = &row_data.checklist;
            let overdue = checklist.overdue_items(now);
            let done = checklist.items.len() - checklist.open_items();
            let next_item = checklist.next_due();
            let next_overdue = next_item.is_some_and(|item| item.is_overdue(now));
            let next = next_item
                .map_or(String::new(), |item| format!("{}: {}", item.template_item.title, format_local(item.due_at)));
            let overdue_cell: Element<'_, Message> = if overdue > 0 {
                badge(BannerKind::Error, format!("{overdue} OVERDUE"))
            } else {
                text("none").size(BODY_SIZE).style(theme::muted).into()
            };
            let line = row![
                cell(text(row_data.prison_number.as_str()).size(BODY_SIZE), 2),
                cell(text(row_data.name.as_str()).size(BODY_SIZE), 4),
                cell(text(row_data.location.as_str()).size(BODY_SIZE), 2),
                cell(text(format_local(checklist.received_at)).size(BODY_SIZE), 3),
                cell(text(format!("{done} of {}", checklist.items.len())).size(BODY_SIZE), 2),
                cell(overdue_cell, 2),
                cell(text(next).size(LABEL_SIZE).style(if next_overdue { theme::error_text } else { theme::muted }), 5),
            ]
            .spacing(6)
            .align_y(Alignment::Center);
            button(line)
                .on_press(Message::Open(row_data.prisoner_id))
                .padding([6, 8])
                .width(Fill)
                .style(theme::table_row(Surface::Card, index % 2 == 1))
                .into()
        });
        let list: Element<'_, Message> = if self.open.is_empty() {
            text("No induction checklist is open. New receptions get one when their record is saved.")
                .size(BODY_SIZE)
                .style(theme::muted)
                .into()
        } else {
            column![header, column(rows).spacing(1)].spacing(2).into()
        };
        page.push(
            scrollable(
                column![section("Overdue by item", by_item), section("Open checklists", list)]
                    .spacing(12)
                    .padding(iced::Padding { right: 14.0, ..iced::Padding::ZERO }),
            )
            .height(Fill),
        )
        .into()
    }
}
