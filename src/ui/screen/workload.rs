//! Each supervisor's share of the unit's cases, for a unit manager sharing out work:
//! counts by tier and RoH, how many are in scope, how much is overdue, and the unit's
//! totals. A row opens that person's caseload.

use iced::widget::{button, column, container, row, scrollable, text};
use iced::{Element, Fill};

use super::{Context, Screen, Shared};
use crate::ui::printing;
use crate::ui::theme::{self, BannerKind, Surface};
use crate::ui::widget::{BODY_SIZE, LABEL_SIZE, banner, cell, heading, slot, sort_cell};
use omu_core::domain::caseload::{Workload, WorkloadColumn, WorkloadSort, arrange_workloads, rosh_levels, workloads};
use omu_core::storage::{CaseloadQuery, SupervisorFilter};

/// The share of the row each column takes. At 1024 wide the narrow columns only
/// just hold their headings: "Cases" (one word, with the sort arrow beside it) and
/// "scope" need a little more than a tier's or a risk level's column.
const SUPERVISOR_PORTION: u16 = 5;
const CASES_PORTION: u16 = 3;
const COUNT_PORTION: u16 = 2;
const OVERDUE_PORTION: u16 = 4;

pub struct WorkloadScreen {
    rows: Vec<Workload>,
    /// Where the table saved as a spreadsheet went, or why not.
    saving: printing::Status,
    sort: WorkloadSort,
    total: Workload,
    tiers: Vec<String>,
    error: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    /// A row was clicked: show that supervisor's caseload (or the unallocated cases).
    Open(SupervisorFilter),
    /// A column heading was clicked: sort by it, or the other way round.
    SortBy(WorkloadColumn),
    /// Save the table as shown as a spreadsheet (.xlsx or .csv).
    ExportList,
    /// Where the spreadsheet went, or why not.
    ListSaved(printing::Outcome),
    /// Open or dismiss the saved file's banner.
    Saving(printing::Message),
}

pub enum Action {
    None,
    /// Show the caseload filtered to these cases.
    OpenCaseload(SupervisorFilter),
    /// Save the spreadsheet (a dialog, then the file, in the background).
    Run(iced::Task<Message>),
}

impl WorkloadScreen {
    pub fn new(ctx: &mut Context, tiers: &[String]) -> Self {
        let (rows, error) = match ctx.db.caseload(&CaseloadQuery::default(), ctx.today) {
            Ok(entries) => (workloads(&entries, ctx.today), None),
            Err(error) => (Vec::new(), Some(format!("The caseload could not be read: {error}"))),
        };
        Self {
            total: Workload::total_of(&rows),
            rows,
            saving: printing::Status::default(),
            sort: WorkloadSort::default(),
            tiers: tiers.to_vec(),
            error,
        }
    }

    pub fn rows(&self) -> &[Workload] {
        &self.rows
    }

    /// One line of the table: a button for a supervisor's row, plain text for totals.
    fn line<'a>(&self, workload: &Workload, label: String) -> iced::widget::Row<'a, Message> {
        let number = |count: usize| cell(text(count.to_string()).size(BODY_SIZE), COUNT_PORTION);
        let overdue = |count: usize| {
            cell(
                text(count.to_string()).size(BODY_SIZE).style(move |theme: &iced::Theme| iced::widget::text::Style {
                    color: (count > 0).then(|| theme.extended_palette().danger.base.color),
                }),
                OVERDUE_PORTION,
            )
        };
        let total = cell(text(workload.total.to_string()).size(BODY_SIZE), CASES_PORTION);
        let mut line = row![cell(text(label).size(BODY_SIZE), SUPERVISOR_PORTION), total].spacing(6);
        for tier in &self.tiers {
            line = line.push(number(workload.tier_count(tier)));
        }
        for (rosh, _) in rosh_levels() {
            line = line.push(number(workload.rosh_count(rosh)));
        }
        line.push(cell(text(workload.in_scope.to_string()).size(BODY_SIZE), CASES_PORTION))
            .push(overdue(workload.overdue_review))
            .push(overdue(workload.overdue_contact))
            .push(overdue(workload.overdue_induction))
    }
}

impl Screen for WorkloadScreen {
    type Message = Message;
    type Action = Action;

    fn update(&mut self, message: Message, ctx: &mut Context) -> Action {
        match message {
            Message::ExportList => {
                let table = omu_core::exchange::lists::workload(&self.rows, &self.tiers);
                Action::Run(printing::export_list(table, ctx).map(Message::ListSaved))
            }
            Message::ListSaved(outcome) => {
                self.saving.finished(outcome, ctx.db);
                Action::None
            }
            Message::Saving(message) => Action::Run(self.saving.update(message).map(Message::Saving)),
            Message::Open(filter) => Action::OpenCaseload(filter),
            Message::SortBy(column) => {
                self.sort = self.sort.clicked(column);
                arrange_workloads(&mut self.rows, self.sort);
                Action::None
            }
        }
    }

    fn view<'a>(&'a self, _shared: &Shared<'a>) -> Element<'a, Message> {
        let head = |label: String, portion| cell(text(label).size(LABEL_SIZE), portion);
        let sorting = |label: String, column: WorkloadColumn, portion| {
            sort_cell(label, self.sort, column, Message::SortBy, portion)
        };
        // Narrow columns: each heading on two short lines, so none is cut at 1024 wide.
        let mut header = row![
            sorting("Supervisor".into(), WorkloadColumn::Supervisor, SUPERVISOR_PORTION),
            sorting("Cases".into(), WorkloadColumn::Cases, CASES_PORTION)
        ]
        .spacing(6);
        for tier in &self.tiers {
            header = header.push(head(format!("Tier\n{tier}"), COUNT_PORTION));
        }
        for (rosh, label) in rosh_levels() {
            let short = match label.to_lowercase().as_str() {
                "medium" => "med.".to_string(),
                "very high" => "v. high".to_string(),
                other => other.to_string(),
            };
            header = header.push(sorting(format!("RoH\n{short}"), WorkloadColumn::Rosh(rosh), COUNT_PORTION));
        }
        header = header
            .push(sorting("In\nscope".into(), WorkloadColumn::InScope, CASES_PORTION))
            .push(sorting("Reviews overdue".into(), WorkloadColumn::ReviewsOverdue, OVERDUE_PORTION))
            .push(sorting("Contacts overdue".into(), WorkloadColumn::ContactsOverdue, OVERDUE_PORTION))
            .push(sorting("Induction overdue".into(), WorkloadColumn::InductionOverdue, OVERDUE_PORTION));

        let lines = self.rows.iter().enumerate().map(|(index, workload)| {
            let (label, filter) = match (&workload.supervisor, workload.supervisor_id) {
                (Some(name), Some(id)) => (name.clone(), SupervisorFilter::Staff(id)),
                _ => ("Not yet allocated".to_string(), SupervisorFilter::Unallocated),
            };
            button(self.line(workload, label))
                .on_press(Message::Open(filter))
                .padding([4, 0])
                .width(Fill)
                .style(theme::table_row(Surface::Page, index % 2 == 1))
                .into()
        });
        let totals =
            container(self.line(&self.total, "Whole unit".to_string())).padding([6, 0]).style(theme::table_header);
        let mut page = column![
            row![
                heading("Workload by supervisor"),
                iced::widget::space::horizontal(),
                button(text("Export to spreadsheet…").size(BODY_SIZE))
                    .on_press(Message::ExportList)
                    .style(button::secondary),
            ]
            .align_y(iced::Alignment::Center),
            text("Current (not archived) cases across the unit. Use it to share out new receptions fairly: high-risk and in-scope cases take more time. Click a row to see that caseload.")
                .size(BODY_SIZE)
                .style(theme::muted),
        ]
        .spacing(10);
        page =
            page.push(slot(self.error.as_ref().map(|error| Element::from(banner(BannerKind::Error, error.as_str())))));
        page = page.push(slot(self.saving.view().map(|saved| saved.map(Message::Saving))));
        page.push(container(header).padding([6, 8]).style(theme::table_header))
            .push(scrollable(container(column(lines).push(totals).spacing(4)).padding([4, 8])).height(Fill))
            .into()
    }
}
