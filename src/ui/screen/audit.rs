//! The audit trail (administrators only): every change, view, print, export and
//! erasure with who and when; filtered by dates or a prisoner; checked against its
//! seals; exported for an inspector; and the erasure of records past retention.

use chrono::{NaiveDate, Utc};
use iced::widget::{button, column, container, row, scrollable, text};
use iced::{Alignment, Element, Fill, Task};

use super::{Context, Screen, Shared};
use crate::ui::printing::{self, FileKind};
use crate::ui::theme::{self, BannerKind};
use crate::ui::widget::{BODY_SIZE, LABEL_SIZE, banner, cell, field, heading, section, slots};
use omu_core::domain::dates::{format_date, parse_date};
use omu_core::domain::prisoner::PrisonNumber;
use omu_core::domain::text::plural_with;
use omu_core::exchange::{audit_trail_csv, audit_trail_disclosure, describe_audit_entry};
use omu_core::storage::{AuditEntry, AuditFilter, ChainReport, Db, PastRetention};

/// Entries shown at once; the export has them all.
const SHOWN: usize = 200;

pub struct AuditScreen {
    from: String,
    to: String,
    prison_number: String,
    filter: AuditFilter,
    entries: Vec<AuditEntry>,
    chain: Option<ChainReport>,
    erasure: Option<PastRetention>,
    notice: Option<(BannerKind, String)>,
    saving: printing::Status,
}

#[derive(Debug, Clone)]
pub enum Message {
    /// The first day to show was edited.
    From(String),
    /// The last day to show was edited.
    To(String),
    /// The prison number to show entries about was edited.
    PrisonNumber(String),
    /// Show the entries the filter picks.
    Show,
    /// Check every entry against its seal.
    Verify,
    /// Save the entries the filter picks as a spreadsheet.
    Export,
    /// Where the spreadsheet went, or why not.
    Exported(printing::Outcome),
    /// Open or dismiss the saved spreadsheet's banner.
    Saving(printing::Message),
    /// List the records past retention, before anything is erased.
    PreviewErasure,
    /// Erase the records listed.
    ConfirmErasure,
    /// Keep them.
    CancelErasure,
}

pub enum Action {
    None,
    Run(Task<Message>),
}

impl AuditScreen {
    pub fn new(ctx: &mut Context) -> Self {
        let mut screen = Self {
            from: format_date(ctx.today - chrono::Duration::days(7)),
            to: format_date(ctx.today),
            prison_number: String::new(),
            filter: AuditFilter::default(),
            entries: Vec::new(),
            chain: None,
            erasure: None,
            notice: None,
            saving: printing::Status::default(),
        };
        screen.show(ctx);
        screen
    }

    pub fn entries(&self) -> &[AuditEntry] {
        &self.entries
    }

    pub fn chain(&self) -> Option<&ChainReport> {
        self.chain.as_ref()
    }

    fn read_filter(&self, db: &Db) -> Result<AuditFilter, String> {
        let date = |label: &str, value: &str| parse_date(value).map_err(|message| format!("{label}: {message}"));
        let from = date("From", &self.from)?;
        let to = date("To", &self.to)?;
        if let (Some(from), Some(to)) = (from, to)
            && from > to
        {
            return Err("From must be on or before To".into());
        }
        let prisoner_id = match self.prison_number.trim() {
            "" => None,
            typed => {
                let number = PrisonNumber::parse(typed).map_err(|message| format!("Prison number: {message}"))?;
                let prisoner = db.prisoner_by_number(&number).map_err(|error| error.to_string())?;
                Some(prisoner.ok_or_else(|| format!("Prison number: {number} is not in the case file"))?.id)
            }
        };
        Ok(AuditFilter { from, to, prisoner_id, limit: Some(SHOWN) })
    }

    fn show(&mut self, ctx: &mut Context) {
        let outcome = self.read_filter(ctx.db).and_then(|filter| {
            ctx.db.audit_entries(&filter).map(|entries| (filter, entries)).map_err(|e| e.to_string())
        });
        match outcome {
            Ok((filter, entries)) => {
                self.filter = filter;
                self.entries = entries;
                self.notice = None;
            }
            Err(message) => self.notice = Some((BannerKind::Error, message)),
        }
    }

    fn retention_view(&self, retention_years: u32, today: NaiveDate) -> Element<'_, Message> {
        let content: Element<'_, Message> = match &self.erasure {
            None => row![
                text(format!(
                    "Records are kept {retention_years} years after a prisoner leaves (Settings). Erasing what is older is never automatic."
                ))
                .size(BODY_SIZE)
                .width(Fill),
                button(text("Find records past retention")).on_press(Message::PreviewErasure).style(button::secondary),
            ]
            .spacing(10)
            .align_y(Alignment::Center)
            .into(),
            Some(found) if found.is_empty() => row![
                text(format!("Nothing is past retention today ({}).", format_date(today))).size(BODY_SIZE).width(Fill),
                button(text("Close")).on_press(Message::CancelErasure).style(button::secondary),
            ]
            .spacing(10)
            .align_y(Alignment::Center)
            .into(),
            Some(found) => {
                let names: Vec<String> =
                    found.prisoners.iter().take(12).map(|(number, name)| format!("{number} {name}")).collect();
                let more = found.prisoners.len().saturating_sub(names.len());
                column![
                    text(format!(
                        "Archived before {}: {} prisoner(s), with everything recorded about them; and {} audit entries older than that.",
                        format_date(found.cutoff),
                        found.prisoners.len(),
                        found.audit_entries
                    ))
                    .size(BODY_SIZE),
                    text(if more > 0 { format!("{} and {more} more", names.join(", ")) } else { names.join(", ") })
                        .size(13),
                    row![
                        button(text("Erase them")).on_press(Message::ConfirmErasure).style(button::danger),
                        button(text("Cancel")).on_press(Message::CancelErasure).style(button::secondary),
                    ]
                    .spacing(8),
                ]
                .spacing(8)
                .into()
            }
        };
        section("Retention", content)
    }
}

impl Screen for AuditScreen {
    type Message = Message;
    type Action = Action;

    fn update(&mut self, message: Message, ctx: &mut Context) -> Action {
        match message {
            Message::From(value) => self.from = value,
            Message::To(value) => self.to = value,
            Message::PrisonNumber(value) => self.prison_number = value,
            Message::Show => self.show(ctx),
            Message::Verify => match ctx.db.verify_audit() {
                Ok(report) => self.chain = Some(report),
                Err(error) => {
                    self.notice = Some((BannerKind::Error, format!("The seals could not be checked: {error}")))
                }
            },
            Message::Export => {
                let filter = AuditFilter { limit: None, ..self.filter.clone() };
                let entries = match ctx.db.audit_entries(&filter) {
                    Ok(entries) => entries,
                    Err(error) => {
                        self.notice = Some((BannerKind::Error, format!("Not exported: {error}")));
                        return Action::None;
                    }
                };
                // An export of the log names people: it is a disclosure like any other.
                let task = printing::export(
                    FileKind::Spreadsheet,
                    format!("omu-desk-audit-{}.csv", ctx.today),
                    audit_trail_csv(&entries).into_bytes(),
                    plural_with(entries.len(), "entry", "entries"),
                    audit_trail_disclosure(entries.len()),
                    ctx,
                );
                return Action::Run(task.map(Message::Exported));
            }
            Message::Exported(outcome) => {
                self.saving.finished(outcome, ctx.db);
                self.show(ctx);
            }
            Message::Saving(message) => return Action::Run(self.saving.update(message).map(Message::Saving)),
            Message::PreviewErasure => match ctx.db.past_retention(ctx.settings.retention_years, ctx.today) {
                Ok(found) => self.erasure = Some(found),
                Err(error) => self.notice = Some((BannerKind::Error, error.to_string())),
            },
            Message::CancelErasure => self.erasure = None,
            Message::ConfirmErasure => {
                self.erasure = None;
                self.notice = Some(match ctx.db.erase_past_retention(ctx.settings.retention_years, ctx.today) {
                    Ok(done) => (
                        BannerKind::Success,
                        format!(
                            "Erased {} prisoner record(s) archived before {} and {} audit entries older than that. The erasure is logged.",
                            done.prisoners.len(),
                            format_date(done.cutoff),
                            done.audit_entries
                        ),
                    ),
                    Err(error) => (BannerKind::Error, format!("Nothing was erased: {error}")),
                });
                self.show(ctx);
            }
        }
        Action::None
    }

    fn view<'a>(&'a self, shared: &Shared<'a>) -> Element<'a, Message> {
        let (retention_years, today) = (shared.settings.retention_years, shared.today);
        let mut page = column![
            heading("Audit trail"),
            row![
                field("From", &self.from, None, Message::From),
                field("To", &self.to, None, Message::To),
                field("Prison number (optional)", &self.prison_number, None, Message::PrisonNumber),
                button(text("Show")).on_press(Message::Show).style(button::primary),
                button(text("Export to spreadsheet…")).on_press(Message::Export).style(button::secondary),
                button(text("Check the seals")).on_press(Message::Verify).style(button::secondary),
            ]
            .spacing(10)
            .align_y(Alignment::End),
        ]
        .spacing(12);
        page = page.push(slots([
            self.notice.as_ref().map(|(kind, message)| Element::from(banner(*kind, message.as_str()))),
            self.saving.view().map(|saved| Element::from(saved.map(Message::Saving))),
            self.chain.as_ref().map(|report| Element::from(chain_banner(report))),
        ]));
        let header = row![
            cell(text("When").size(LABEL_SIZE), 2),
            cell(text("Who").size(LABEL_SIZE), 2),
            cell(text("Did").size(LABEL_SIZE), 1),
            cell(text("Record").size(LABEL_SIZE), 2),
            cell(text("Details").size(LABEL_SIZE), 7),
        ]
        .spacing(8);
        let mut list = column![].spacing(2);
        for entry in &self.entries {
            let record = match entry.row_id {
                Some(row_id) => format!("{} {row_id}", entry.table_name),
                None => entry.table_name.clone(),
            };
            let mut details = describe_audit_entry(entry);
            if details.chars().count() > 220 {
                details = details.chars().take(220).chain(['…']).collect();
            }
            list = list.push(
                row![
                    cell(text(local_time(&entry.at)).size(13), 2),
                    cell(text(entry.actor.as_str()).size(13), 2),
                    cell(text(entry.action.as_str()).size(13), 1),
                    cell(text(record).size(13), 2),
                    cell(text(details).size(13), 7),
                ]
                .spacing(8)
                .padding([3, 6]),
            );
        }
        let count = if self.entries.len() == SHOWN {
            format!("The newest {SHOWN} entries that match; the export has them all.")
        } else {
            format!("{} entries match.", self.entries.len())
        };
        page = page.push(text(count).size(13).style(theme::muted));
        page = page.push(container(header).padding(6).style(theme::table_header));
        page = page.push(scrollable(list).height(Fill));
        page = page.push(self.retention_view(retention_years, today));
        page.into()
    }
}

fn chain_banner<'a>(report: &ChainReport) -> Element<'a, Message> {
    let erased = report
        .erased_before
        .map(|id| format!(" (entries before {id} were erased past retention, by a logged action)"))
        .unwrap_or_default();
    if report.is_intact() {
        banner(
            BannerKind::Success,
            format!(
                "All {} entries match their seals: nothing has been changed, removed or reordered{erased}.",
                report.entries
            ),
        )
    } else {
        let mut text_lines = vec![format!(
            "{} problem(s) in {} entries: the audit trail has been altered outside OMU Desk{erased}.",
            report.problem_count, report.entries
        )];
        text_lines.extend(report.problems.iter().cloned());
        banner(BannerKind::Error, text_lines.join("\n"))
    }
}

/// "2026-11-23T10:04:05.123Z" as London time, "23/11/2026 10:04:05".
fn local_time(at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(at)
        .map(|instant| {
            omu_core::domain::dates::utc_to_london(instant.with_timezone(&Utc)).format("%d/%m/%Y %H:%M:%S").to_string()
        })
        .unwrap_or_else(|_| at.to_string())
}
