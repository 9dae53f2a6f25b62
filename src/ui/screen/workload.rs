//! Each supervisor's share of the unit's cases, for a unit manager sharing out work:
//! counts by tier and RoH, how many are in scope, and how much is overdue.

use iced::widget::{column, container, row, scrollable, text};
use iced::{Element, Fill};

use super::Context;
use crate::ui::theme::{self, BannerKind};
use crate::ui::widget::{BODY_SIZE, LABEL_SIZE, banner, cell, heading};
use omu_core::domain::caseload::{Workload, rosh_levels, workloads};
use omu_core::storage::CaseloadQuery;

pub struct WorkloadScreen {
    rows: Vec<Workload>,
    tiers: Vec<String>,
    error: Option<String>,
}

impl WorkloadScreen {
    pub fn new(ctx: &mut Context, tiers: &[String]) -> Self {
        let (rows, error) = match ctx.db.caseload(&CaseloadQuery::default(), ctx.today) {
            Ok(entries) => (workloads(&entries, ctx.today), None),
            Err(error) => (Vec::new(), Some(format!("The caseload could not be read: {error}"))),
        };
        Self { rows, tiers: tiers.to_vec(), error }
    }

    pub fn rows(&self) -> &[Workload] {
        &self.rows
    }

    pub fn view<Message: 'static>(&self) -> Element<'_, Message> {
        let head = |label: String, portion| cell(text(label).size(LABEL_SIZE), portion);
        let mut header = row![head("Supervisor".into(), 4), head("Cases".into(), 1)].spacing(6);
        for tier in &self.tiers {
            header = header.push(head(format!("Tier {tier}"), 1));
        }
        for (_, label) in rosh_levels() {
            header = header.push(head(format!("RoH {}", label.to_lowercase()), 1));
        }
        header = header
            .push(head("In scope".into(), 1))
            .push(head("Reviews overdue".into(), 2))
            .push(head("Contacts overdue".into(), 2));

        let lines = self.rows.iter().map(|workload| {
            let number = |count: usize| cell(text(count.to_string()).size(BODY_SIZE), 1);
            let overdue = |count: usize| {
                cell(
                    text(count.to_string()).size(BODY_SIZE).style(move |theme: &iced::Theme| {
                        iced::widget::text::Style {
                            color: (count > 0).then(|| theme.extended_palette().danger.base.color),
                        }
                    }),
                    2,
                )
            };
            let mut line = row![
                cell(
                    text(workload.supervisor.clone().unwrap_or_else(|| "Not yet allocated".into())).size(BODY_SIZE),
                    4
                ),
                number(workload.total),
            ]
            .spacing(6);
            for tier in &self.tiers {
                line = line.push(number(workload.tier_count(tier)));
            }
            for (rosh, _) in rosh_levels() {
                line = line.push(number(workload.rosh_count(rosh)));
            }
            line.push(number(workload.in_scope))
                .push(overdue(workload.overdue_review))
                .push(overdue(workload.overdue_contact))
                .into()
        });
        let mut page = column![
            heading("Workload by supervisor"),
            text("Current (not archived) cases across the unit. Use it to share out new receptions fairly: high-risk and in-scope cases take more time.")
                .size(BODY_SIZE)
                .style(theme::muted),
        ]
        .spacing(10);
        if let Some(error) = &self.error {
            page = page.push(banner(BannerKind::Error, error.as_str()));
        }
        page.push(container(header).padding([6, 8]).style(theme::table_header))
            .push(scrollable(container(column(lines).spacing(8)).padding([4, 8])).height(Fill))
            .into()
    }
}
