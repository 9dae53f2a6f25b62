//! The printed unit report: each measure's rule, its number now, a chart of the last
//! twelve months and the table under it, the prisoners behind this month's misses,
//! and the gate's incidents and late returns.

use super::{Block, Column, Document, Section};
use crate::chart::{BarChart, month_label};
use crate::domain::unit::UnitReport;

/// The most names printed under a measure.
const NAMES_SHOWN: usize = 20;

/// The report as one section, headed with whose figures they are and the period.
pub fn unit_report(establishment: &str, printed: String, report: &UnitReport) -> Document {
    let period = format!("the twelve months to {}", report.as_of.format("%d/%m/%Y"));
    let mut blocks = vec![
        Block::Title("How the unit is doing".into()),
        Block::Paragraph(format!(
            "For {} over {period}. Every figure is worked out from the dated records as they stood at each month's end (the last month as it stands on {}); the rule is printed beside it.",
            report.whose,
            report.as_of.format("%d/%m/%Y")
        )),
    ];
    for (measure, months) in &report.measures {
        let Some(latest) = months.last() else { continue };
        blocks.push(Block::Heading(measure.title().into()));
        blocks.push(Block::Note(measure.rule().into()));
        let so_far = if report.as_of < crate::domain::unit::month_end(latest.month) { " so far" } else { "" };
        blocks.push(Block::Paragraph(format!(
            "{}{so_far}: {}{}.",
            latest.month.format("%B %Y"),
            latest.describe(),
            if latest.total() > 0 { format!(" {}", measure.counts()) } else { String::new() }
        )));
        let chart =
            BarChart::of_percentages(&months.iter().map(|month| (month.month, month.percent())).collect::<Vec<_>>());
        blocks.push(Block::Chart(chart));
        blocks.push(by_month(
            months.iter().map(|month| month.month),
            [
                ("Met", months.iter().map(|month| month.met.len().to_string()).collect()),
                ("Of", months.iter().map(|month| month.total().to_string()).collect()),
                (
                    "Share",
                    months
                        .iter()
                        .map(|month| month.percent().map_or("–".to_string(), |percent| format!("{percent}%")))
                        .collect(),
                ),
            ],
        ));
        if *measure == crate::domain::unit::Measure::OffenderManagerAtBoards
            && let Some(parts) = report.om_parts.last()
        {
            blocks.push(Block::Note(format!(
                "How they took part in {}: {}.",
                latest.month.format("%B"),
                parts.describe()
            )));
        }
        if *measure == crate::domain::unit::Measure::InductionInAWeek
            && let Some(items) = report.induction_items.last().filter(|items| !items.is_empty())
        {
            blocks.push(Block::Table {
                caption: Some(format!("Each item for {}'s receptions", latest.month.format("%B"))),
                columns: vec![
                    Column::new("Induction item", 4.0),
                    Column::new("On time", 1.0),
                    Column::new("Late or still open", 1.6),
                ],
                rows: items
                    .iter()
                    .map(|item| vec![item.title.clone(), item.on_time.to_string(), item.late.to_string()])
                    .collect(),
            });
            blocks.push(Block::Note(crate::domain::unit::ITEMS_ON_TIME_RULE.into()));
        }
        if !latest.missed.is_empty() {
            // A glance, not a register: on a large unit the names would run to pages.
            let names: Vec<&str> = latest.missed.iter().take(NAMES_SHOWN).map(|id| report.name(*id)).collect();
            let more = latest.missed.len().saturating_sub(NAMES_SHOWN);
            let rest = if more > 0 { format!("; and {more} more, listed on the Unit page") } else { String::new() };
            blocks.push(Block::Note(format!("Not met in {}: {}{rest}.", latest.month.format("%B"), names.join("; "))));
        }
    }
    blocks.push(Block::Heading("Interventions required".into()));
    blocks.push(Block::Note(crate::domain::unit::UNMET_NEED_RULE.into()));
    blocks.push(Block::Chart(BarChart::of_counts(
        &report
            .needs
            .iter()
            .zip(report.months(crate::domain::unit::Measure::CurrentPlan))
            .map(|(lines, month)| (month.month, lines.iter().map(crate::domain::unit::NeedLine::unmet).sum()))
            .collect::<Vec<_>>(),
    )));
    if let Some(lines) = report.needs.last().filter(|lines| !lines.is_empty()) {
        blocks.push(Block::Table {
            caption: Some(format!("At {}", report.as_of.format("%d/%m/%Y"))),
            columns: vec![
                Column::new("Intervention", 4.0),
                Column::new("Offered here", 1.2),
                Column::new("Required", 1.1),
                Column::new("Waiting", 1.1),
                Column::new("On it", 1.0),
                Column::new("Completed", 1.3),
            ],
            rows: lines
                .iter()
                .map(|line| {
                    vec![
                        line.intervention.clone(),
                        if line.offered { "yes" } else { "no" }.to_string(),
                        line.required.to_string(),
                        line.waiting.to_string(),
                        line.on.to_string(),
                        line.completed.to_string(),
                    ]
                })
                .collect(),
        });
    }
    if let Some(keys) = &report.keys {
        blocks.push(Block::Heading("Key incidents and late returns".into()));
        blocks.push(Block::Note(
            "Key incidents reported in the month (lost, damaged or taken out keys, short counts), and bunches returned after the time they were due back, by London time.".into(),
        ));
        blocks.push(Block::Chart(BarChart::of_counts(
            &keys.iter().map(|month| (month.month, month.incidents)).collect::<Vec<_>>(),
        )));
        blocks.push(by_month(
            keys.iter().map(|month| month.month),
            [
                ("Incidents", keys.iter().map(|month| month.incidents.to_string()).collect()),
                ("Late returns", keys.iter().map(|month| month.late_returns.to_string()).collect()),
            ],
        ));
    }
    Document {
        title: format!("Unit report to {}", report.as_of.format("%d/%m/%Y")),
        establishment: establishment.to_string(),
        printed,
        audit_head: None,
        contents: None,
        sections: vec![Section { identity: capitalised(&report.whose), kind: "Unit report".into(), blocks }],
    }
}

/// A table with a column per month and a row per figure, so twelve months fit under
/// their chart in four lines.
fn by_month<const ROWS: usize>(
    months: impl Iterator<Item = chrono::NaiveDate>,
    rows: [(&str, Vec<String>); ROWS],
) -> Block {
    let columns =
        std::iter::once(Column::new("", 1.6)).chain(months.map(|month| Column::new(month_label(month), 1.0))).collect();
    Block::Table {
        caption: None,
        columns,
        rows: rows
            .into_iter()
            .map(|(label, values)| std::iter::once(label.to_string()).chain(values).collect())
            .collect(),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}
