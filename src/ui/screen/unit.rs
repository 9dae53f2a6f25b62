//! How the unit is doing: each inspection measure as its number now and a chart of
//! the last twelve months (built from the chart module the printed report shares), with the prisoners behind any month one click away.

use iced::Length::FillPortion;
use iced::widget::{Stack, button, column, container, row, scrollable, space, text};
use iced::{Alignment, Element, Fill, Task};

use super::prisoner::Tab;
use super::{Context, Screen, Shared};
use crate::ui::printing;
use crate::ui::theme::{self, BannerKind};
use crate::ui::widget::{BODY_SIZE, LABEL_SIZE, banner, heading, section, slot, whose_toggles};
use omu_core::chart::BarChart;
use omu_core::domain::unit::{
    ITEMS_ON_TIME_RULE, ItemTimeliness, Measure, MonthFigure, NeedLine, UnitReport, last_twelve_months,
};
use omu_core::print;
use omu_core::storage::SupervisorFilter;

/// The height of each chart's plot on screen, and the room above it for the
/// tallest bar's figure and at its left for the axis labels.
const PLOT_HEIGHT: f32 = 110.0;
const CAPTION_ROW: f32 = 16.0;
const AXIS_WIDTH: f32 = 40.0;

pub struct UnitScreen {
    whole_unit: bool,
    report: Option<UnitReport>,
    /// The month whose prisoners are listed under a measure (an index into its year).
    selected: Option<(Measure, usize)>,
    error: Option<String>,
    saving: printing::Status,
}

#[derive(Debug, Clone)]
pub enum Message {
    /// Show the whole unit (true) or my caseload (false).
    WholeUnit(bool),
    /// A month of a measure (a bar, or the number now) was clicked: list its prisoners.
    Select(Measure, usize),
    /// Hide the list of prisoners.
    CloseList,
    /// Open a prisoner's record, from the list behind a number.
    Open(i64),
    /// Print the unit report as shown (PDF).
    Print,
    /// Save the figures shown as a spreadsheet (.xlsx or .csv).
    ExportFigures,
    /// Where the report or the figures went, or why not.
    Printed(printing::Outcome),
    /// Open or dismiss the saved file's banner.
    Saving(printing::Message),
}

pub enum Action {
    None,
    /// Open this record on this tab.
    OpenPrisoner(i64, Tab),
    /// Save the printed report (a dialog, then the file, in the background).
    Run(Task<Message>),
}

impl UnitScreen {
    pub fn new(ctx: &mut Context) -> Self {
        let mut screen = Self {
            whole_unit: ctx.me().is_none(),
            report: None,
            selected: None,
            error: None,
            saving: printing::Status::default(),
        };
        screen.refresh(ctx);
        screen
    }

    pub fn report(&self) -> Option<&UnitReport> {
        self.report.as_ref()
    }

    fn refresh(&mut self, ctx: &mut Context) {
        let (filter, whose) = match ctx.me() {
            Some(me) if !self.whole_unit => (SupervisorFilter::Staff(me.id), format!("{}'s caseload", me.name)),
            _ => (SupervisorFilter::All, "the whole unit".to_string()),
        };
        let since = omu_core::domain::dates::london_to_utc(last_twelve_months(ctx.today)[0], chrono::NaiveTime::MIN);
        match ctx.db.unit_facts(filter, since) {
            Ok(facts) => {
                self.report = Some(UnitReport::new(&facts, whose, ctx.today, self.whole_unit));
                self.error = None;
            }
            Err(error) => self.error = Some(format!("The unit's figures could not be read: {error}")),
        }
        self.selected = None;
    }

    fn measure_view<'a>(&'a self, report: &'a UnitReport, measure: Measure) -> Element<'a, Message> {
        let months = report.months(measure);
        let latest = months.len().saturating_sub(1);
        let now = months.last().map_or("none to count".to_string(), MonthFigure::describe);
        let chart =
            BarChart::of_percentages(&months.iter().map(|month| (month.month, month.percent())).collect::<Vec<_>>());
        let mut content = column![
            text(measure.rule()).size(LABEL_SIZE).style(theme::muted),
            row![
                text("This month so far:").size(BODY_SIZE),
                button(text(now).size(20)).on_press(Message::Select(measure, latest)).style(button::text).padding(0),
            ]
            .spacing(8)
            .align_y(Alignment::Center),
            chart_view(
                &chart,
                Some(measure),
                self.selected.filter(|(shown, _)| *shown == measure).map(|(_, index)| index)
            ),
        ]
        .spacing(8);
        let index = self.selected.filter(|(shown, _)| *shown == measure).map_or(latest, |(_, index)| index);
        if measure == Measure::InductionInAWeek
            && let (Some(items), Some(figure)) = (report.induction_items.get(index), months.get(index))
        {
            content = content.push(items_view(items, figure));
        }
        if measure == Measure::OffenderManagerAtBoards
            && let (Some(parts), Some(figure)) = (report.om_parts.get(index), months.get(index))
        {
            content = content.push(
                text(format!("How they took part in {}: {}.", figure.month.format("%B %Y"), parts.describe()))
                    .size(BODY_SIZE),
            );
        }
        if let Some((_, index)) = self.selected.filter(|(shown, _)| *shown == measure)
            && let Some(figure) = months.get(index)
        {
            content = content.push(self.drill_down(report, measure, figure));
        }
        section(measure.title(), content)
    }

    /// The prisoners behind one month of a measure, each a click from the record.
    fn drill_down<'a>(
        &'a self,
        report: &'a UnitReport,
        measure: Measure,
        figure: &MonthFigure,
    ) -> Element<'a, Message> {
        let list = |title: String, ids: &[i64]| {
            let mut names = column![text(title).size(BODY_SIZE)].spacing(2);
            for id in ids {
                names = names.push(
                    button(text(report.name(*id).to_string()).size(LABEL_SIZE))
                        .on_press(Message::Open(*id))
                        .style(button::text)
                        .padding([1, 0]),
                );
            }
            container(names).width(Fill)
        };
        let month = figure.month.format("%B %Y");
        container(
            column![
                row![
                    text(format!("{month}: {}", figure.describe())).size(BODY_SIZE).width(Fill),
                    button(text("Close the list").size(LABEL_SIZE))
                        .on_press(Message::CloseList)
                        .style(button::secondary),
                ]
                .align_y(Alignment::Center),
                row![
                    list(format!("Not met ({})", figure.missed.len()), &figure.missed),
                    list(format!("Met ({} {})", figure.met.len(), measure.counts()), &figure.met),
                ]
                .spacing(16),
            ]
            .spacing(8),
        )
        .padding(10)
        .style(theme::card)
        .into()
    }

    fn needs_view<'a>(&'a self, report: &'a UnitReport) -> Element<'a, Message> {
        let months = report.months(Measure::CurrentPlan);
        let chart = BarChart::of_counts(
            &report
                .needs
                .iter()
                .zip(months)
                .map(|(lines, month)| (month.month, lines.iter().map(NeedLine::unmet).sum()))
                .collect::<Vec<_>>(),
        );
        let mut table = column![row![
            text("Intervention").size(LABEL_SIZE).width(FillPortion(4)),
            text("Offered here").size(LABEL_SIZE).width(FillPortion(1)),
            text("Required").size(LABEL_SIZE).width(FillPortion(1)),
            text("Waiting").size(LABEL_SIZE).width(FillPortion(1)),
            text("On it").size(LABEL_SIZE).width(FillPortion(1)),
            text("Completed").size(LABEL_SIZE).width(FillPortion(1)),
        ]]
        .spacing(3);
        for line in report.needs.last().into_iter().flatten() {
            let number = |count: usize| text(count.to_string()).size(BODY_SIZE).width(FillPortion(1));
            table = table.push(row![
                text(line.intervention.clone()).size(BODY_SIZE).width(FillPortion(4)),
                text(if line.offered { "yes" } else { "no" }).size(BODY_SIZE).width(FillPortion(1)),
                number(line.required),
                number(line.waiting),
                number(line.on),
                number(line.completed),
            ]);
        }
        section(
            "Interventions required",
            column![
                text(omu_core::domain::unit::UNMET_NEED_RULE).size(LABEL_SIZE).style(theme::muted),
                chart_view(&chart, None, None),
                text("Now, by intervention, the most still to start first:").size(BODY_SIZE),
                table,
            ]
            .spacing(8),
        )
    }

    fn keys_view<'a>(&'a self, report: &'a UnitReport) -> Option<Element<'a, Message>> {
        let keys = report.keys.as_ref()?;
        let incidents =
            BarChart::of_counts(&keys.iter().map(|month| (month.month, month.incidents)).collect::<Vec<_>>());
        let late = keys.iter().map(|month| month.late_returns).sum::<usize>();
        Some(section(
            "Key incidents",
            column![
                text("Key incidents reported in each month (lost, damaged or taken-out keys, short counts).")
                    .size(LABEL_SIZE)
                    .style(theme::muted),
                chart_view(&incidents, None, None),
                text(format!("Bunches returned after their due time over the twelve months: {late}.")).size(BODY_SIZE),
            ]
            .spacing(8),
        ))
    }
}

impl Screen for UnitScreen {
    type Message = Message;
    type Action = Action;

    fn update(&mut self, message: Message, ctx: &mut Context) -> Action {
        match message {
            Message::WholeUnit(on) => {
                self.whole_unit = on;
                self.refresh(ctx);
            }
            Message::Select(measure, index) => self.selected = Some((measure, index)),
            Message::CloseList => self.selected = None,
            Message::Open(id) => return Action::OpenPrisoner(id, Tab::Record),
            Message::Print => {
                let whose = if self.whole_unit { None } else { ctx.me().cloned() };
                match print::unit_report(ctx.db, whose.as_ref(), ctx.today, ctx.now) {
                    Ok(printable) => return Action::Run(printing::print(printable, ctx).map(Message::Printed)),
                    Err(error) => self.saving.failed(format!("the report could not be printed: {error}")),
                }
            }
            Message::ExportFigures => {
                if let Some(report) = &self.report {
                    let table = omu_core::exchange::lists::unit_figures(report);
                    return Action::Run(printing::export_list(table, ctx).map(Message::Printed));
                }
            }
            Message::Printed(outcome) => self.saving.finished(outcome, ctx.db),
            Message::Saving(message) => return Action::Run(self.saving.update(message).map(Message::Saving)),
        }
        Action::None
    }

    fn view<'a>(&'a self, shared: &Shared<'a>) -> Element<'a, Message> {
        let toggles = whose_toggles(shared.me().is_some(), self.whole_unit, Message::WholeUnit)
            .push(button(text("Print the unit report")).on_press(Message::Print).style(button::secondary))
            .push(button(text("Export the figures…")).on_press(Message::ExportFigures).style(button::secondary));
        let mut page = column![
            heading("How the unit is doing"),
            toggles.wrap().vertical_spacing(6),
            text("The last twelve months, each worked out from the dated records as they stood at the month's end. Click a number or a month's bar to see the prisoners behind it.")
                .size(BODY_SIZE)
                .style(theme::muted),
        ]
        .spacing(10);
        page =
            page.push(slot(self.error.as_ref().map(|error| Element::from(banner(BannerKind::Error, error.as_str())))));
        page = page.push(slot(self.saving.view().map(|saved| saved.map(Message::Saving))));
        let Some(report) = &self.report else { return page.into() };
        let mut measures = column![].spacing(12);
        for measure in Measure::ALL {
            measures = measures.push(self.measure_view(report, measure));
        }
        measures = measures.push(self.needs_view(report));
        measures = measures.push(self.keys_view(report));
        page.push(
            scrollable(container(measures).padding(iced::Padding { right: 14.0, ..iced::Padding::ZERO })).height(Fill),
        )
        .into()
    }
}

/// One chart, built from the shared chart module's scale and bar places: ruled ticks
/// labelled on the left, each month's bar with its figure above and its month below.
/// A bar is a button when the chart (`selects`) lists prisoners behind its months.
///
/// Drawn with plain widgets rather than iced's canvas: in the real window on a PC
/// without a GPU (wgpu on Mesa's software Vulkan) iced 0.14 drew no canvas shapes
/// at all, only their text; rectangles and text draw on every renderer.
/// Each induction item's timeliness for one month's receptions.
fn items_view<'a>(items: &[ItemTimeliness], figure: &MonthFigure) -> Element<'a, Message> {
    let month = figure.month.format("%B %Y");
    if items.is_empty() {
        return text(format!("No induction items fell due for {month}'s receptions.")).size(BODY_SIZE).into();
    }
    let mut table = column![row![
        text(format!("Each item for {month}'s receptions")).size(LABEL_SIZE).width(FillPortion(4)),
        text("On time").size(LABEL_SIZE).width(FillPortion(1)),
        text("Late or still open").size(LABEL_SIZE).width(FillPortion(1)),
    ]]
    .spacing(3);
    for item in items {
        let late = text(item.late.to_string()).size(BODY_SIZE).width(FillPortion(1));
        table = table.push(row![
            text(item.title.clone()).size(BODY_SIZE).width(FillPortion(4)),
            text(item.on_time.to_string()).size(BODY_SIZE).width(FillPortion(1)),
            if item.late > 0 { late.style(theme::error_text) } else { late },
        ]);
    }
    column![table, text(ITEMS_ON_TIME_RULE).size(LABEL_SIZE).style(theme::muted)].spacing(4).into()
}

fn chart_view<'a>(chart: &BarChart, selects: Option<Measure>, selected: Option<usize>) -> Element<'a, Message> {
    let scale = chart.scale();
    let rule_at = |tick: f32| CAPTION_ROW + PLOT_HEIGHT * (1.0 - tick / scale.top);
    let mut rules = Stack::new().width(Fill).height(CAPTION_ROW + PLOT_HEIGHT + 1.0);
    let mut labels = Stack::new().width(AXIS_WIDTH).height(CAPTION_ROW + PLOT_HEIGHT + 1.0);
    for tick in &scale.ticks {
        let y = rule_at(*tick);
        rules =
            rules.push(column![space().height(y), container(space()).width(Fill).height(1).style(theme::chart_rule)]);
        labels = labels.push(column![
            space().height((y - 7.0).max(0.0)),
            container(text(scale.label(*tick, chart.percent)).size(11).style(theme::muted))
                .width(AXIS_WIDTH - 6.0)
                .align_x(Alignment::End),
        ]);
    }
    let mut bars = row![].height(CAPTION_ROW + PLOT_HEIGHT);
    let mut months = row![space().width(AXIS_WIDTH)];
    for (index, (bar, place)) in chart.bars.iter().zip(chart.places()).enumerate() {
        let height = PLOT_HEIGHT * place.height;
        let shape = container(space()).width(Fill).height(height).style(theme::chart_bar);
        let slot = column![
            space().height(Fill),
            container(text(bar.caption.clone()).size(11)).width(Fill).align_x(Alignment::Center),
            row![space().width(FillPortion(1)), container(shape).width(FillPortion(3)), space().width(FillPortion(1))],
        ]
        .width(Fill)
        .height(Fill);
        bars = bars.push(match selects {
            Some(measure) => Element::from(
                button(slot)
                    .on_press(Message::Select(measure, index))
                    .padding(0)
                    .width(FillPortion(1))
                    .height(Fill)
                    .style(move |theme, status| theme::chart_slot(theme, status, selected == Some(index))),
            ),
            None => container(slot).width(FillPortion(1)).height(Fill).into(),
        });
        months = months.push(
            container(text(bar.label.clone()).size(11).style(theme::muted))
                .width(FillPortion(1))
                .align_x(Alignment::Center),
        );
    }
    column![row![labels, Stack::new().push(rules).push(bars).width(Fill)], months].spacing(3).into()
}
