//! The audit trail (administrators only): every change, view, print, export and
//! erasure with who and when; filtered by dates or a prisoner; checked against its
//! seals; exported for an inspector; and the erasure of records past retention.

use chrono::{NaiveDate, Utc};
use iced::widget::{button, column, container, row, scrollable, text};
use iced::{Alignment, Element, Fill, Task};

use super::{Context, Screen, Shared};
use crate::ui::printing;
use crate::ui::theme::{self, BannerKind};
use crate::ui::widget::{BODY_SIZE, LABEL_SIZE, banner, cell, field, heading, section, slots, sort_cell};
use omu_core::domain::audit::PrintedHead;
use omu_core::domain::audit_words::Names;
use omu_core::domain::dates::{format_date, parse_date};
use omu_core::domain::prisoner::PrisonNumber;
use omu_core::domain::sorting::{ListSort, by_text};
use omu_core::domain::text::{plural, plural_with};
use omu_core::exchange::{describe_audit_entry, entry_in_words};
use omu_core::storage::{AuditEntry, AuditFilter, ChainReport, Db, PastRetention};

/// A column of the trail to sort the entries shown by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditColumn {
    /// The oldest first, as every column reads from its heading's ▲.
    When,
    Who,
    What,
}

/// How the trail first shows: the newest first (When ▼).
const NEWEST_FIRST: ListSort<AuditColumn> = ListSort { key: AuditColumn::When, reversed: true };

/// Sorts the entries shown by `sort`; ties go newest first.
fn arrange_entries(entries: &mut [AuditEntry], sort: ListSort<AuditColumn>, names: &Names) {
    let newest_first = |a: &AuditEntry, b: &AuditEntry| b.id.cmp(&a.id);
    sort.arrange(
        entries,
        |column, a, b| match column {
            AuditColumn::When => a.id.cmp(&b.id),
            AuditColumn::Who => by_text(&a.actor, &b.actor),
            AuditColumn::What => by_text(&entry_in_words(a, names).what, &entry_in_words(b, names).what),
        },
        newest_first,
    );
}

/// Entries shown at once; the export has them all.
const SHOWN: usize = 200;

pub struct AuditScreen {
    from: String,
    to: String,
    prison_number: String,
    /// A head typed from the foot of a printout, to check the trail against.
    paper_head: String,
    /// The trail's head as it is now, to write down.
    head: Option<String>,
    /// The database's guards found changed when the file was opened.
    guard_problems: Vec<String>,
    filter: AuditFilter,
    entries: Vec<AuditEntry>,
    sort: ListSort<AuditColumn>,
    /// Names for the ids the entries hold, to read them in people's words.
    names: Names,
    /// Entries whose stored values are shown beside the words.
    raw_shown: std::collections::HashSet<i64>,
    chain: Option<ChainReport>,
    erasure: Option<PastRetention>,
    notice: Option<(BannerKind, String)>,
    saving: printing::Status,
}

#[derive(Debug, Clone)]
pub enum Message {
    /// The first day to show was edited.
    From(String),
    /// Back to the last week for everyone, newest first.
    ClearFilters,
    /// The last day to show was edited.
    To(String),
    /// The prison number to show entries about was edited.
    PrisonNumber(String),
    /// Show the entries the filter picks.
    Show,
    /// A head from the foot of a printout was edited.
    PaperHead(String),
    /// Check every entry against its seal, and the trail against every head published
    /// outside the file and the one typed from paper.
    Verify,
    /// The administrator has looked at the entries written outside OMU Desk that the
    /// check found: note it, so they are no longer reported as new.
    AcknowledgeOutside,
    /// Put the database's guards back as OMU Desk made them (logged).
    PutGuardsBack,
    /// Show or hide an entry's values as stored, beside the words.
    ToggleRaw(i64),
    /// A column heading was clicked: sort the entries shown by it, or the other way.
    SortBy(AuditColumn),
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
    /// The guards are back: the warning that nothing can be saved is out of date.
    GuardsPutBack,
}

impl AuditScreen {
    pub fn new(ctx: &mut Context) -> Self {
        let mut screen = Self {
            from: format_date(ctx.today - chrono::Duration::days(7)),
            to: format_date(ctx.today),
            prison_number: String::new(),
            paper_head: String::new(),
            head: None,
            guard_problems: Vec::new(),
            filter: AuditFilter::default(),
            entries: Vec::new(),
            sort: NEWEST_FIRST,
            names: Names::default(),
            raw_shown: std::collections::HashSet::new(),
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
        self.head = ctx.db.head().ok().flatten().map(|head| head.to_string());
        self.guard_problems = ctx.db.guard_problems().to_vec();
        let outcome = self.read_filter(ctx.db).and_then(|filter| {
            let entries = ctx.db.audit_entries(&filter).map_err(|e| e.to_string())?;
            let names = ctx.db.audit_names().map_err(|e| e.to_string())?;
            Ok((filter, entries, names))
        });
        match outcome {
            Ok((filter, entries, names)) => {
                self.filter = filter;
                self.entries = entries;
                self.names = names;
                arrange_entries(&mut self.entries, self.sort, &self.names);
                self.notice = None;
            }
            Err(message) => self.notice = Some((BannerKind::Error, message)),
        }
    }

    /// Checks the trail, against the head typed from paper too when there is one.
    fn verify(&mut self, db: &Db) {
        let typed = match self.paper_head.trim() {
            "" => Vec::new(),
            typed => match PrintedHead::parse(typed) {
                Ok(head) => vec![head],
                Err(reason) => {
                    self.notice = Some((BannerKind::Error, format!("Head from a printout: {reason}")));
                    return;
                }
            },
        };
        match db.verify_audit_with(&typed) {
            Ok(report) => {
                self.chain = Some(report);
                self.notice = None;
            }
            Err(error) => self.notice = Some((BannerKind::Error, format!("The trail could not be checked: {error}"))),
        }
    }

    /// The check of the trail: the head to write down, a head from paper, the verdict,
    /// and what to do about guards that were changed.
    fn checking_view(&self) -> Element<'_, Message> {
        let head = match &self.head {
            Some(head) => format!(
                "Head now: {head}. It is printed at the foot of every printout; a trail that does not extend it has been changed."
            ),
            None => "The trail has no sealed entries yet.".to_string(),
        };
        let mut content = column![
            text(head).size(BODY_SIZE),
            row![
                field("Head from a printout (optional)", &self.paper_head, None, Message::PaperHead),
                button(text("Check the trail")).on_press(Message::Verify).style(button::primary),
            ]
            .spacing(10)
            .align_y(Alignment::End),
        ]
        .spacing(8);
        if let Some(report) = &self.chain {
            content = content.push(chain_banner(report));
            if !report.outside.is_empty() {
                content = content.push(
                    button(text(format!(
                        "I have looked at the {} written outside OMU Desk",
                        plural_with(report.outside.len(), "entry", "entries")
                    )))
                    .on_press(Message::AcknowledgeOutside)
                    .style(button::secondary),
                );
            }
        }
        if !self.guard_problems.is_empty() {
            let mut lines = vec![
                "The case file's own guards were changed outside OMU Desk, so nothing can be saved. Check the trail first: what was done while they were off may not be recorded."
                    .to_string(),
            ];
            lines.extend(self.guard_problems.iter().cloned());
            content = content.push(banner(BannerKind::Error, lines.join("\n")));
            content = content
                .push(button(text("Put the guards back")).on_press(Message::PutGuardsBack).style(button::danger));
        }
        section("Checking the trail", content)
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
                        "Archived before {}: {}, with everything recorded about them; and {} older than that.",
                        format_date(found.cutoff),
                        plural(found.prisoners.len(), "prisoner"),
                        plural_with(found.audit_entries as usize, "audit entry", "audit entries")
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
            Message::ClearFilters => {
                self.from = format_date(ctx.today - chrono::Duration::days(7));
                self.to = format_date(ctx.today);
                self.prison_number.clear();
                self.sort = NEWEST_FIRST;
                self.show(ctx);
            }
            Message::PaperHead(value) => self.paper_head = value,
            Message::Verify => self.verify(ctx.db),
            Message::AcknowledgeOutside => {
                let outside = self.chain.as_ref().map(|report| report.outside.clone()).unwrap_or_default();
                match ctx.db.acknowledge_outside(&outside) {
                    Ok(()) => {
                        self.verify(ctx.db);
                        self.show(ctx);
                    }
                    Err(error) => self.notice = Some((BannerKind::Error, format!("Not noted: {error}"))),
                }
            }
            Message::PutGuardsBack => {
                let outcome = ctx.db.put_guards_back();
                self.show(ctx);
                let put_back = outcome.is_ok();
                self.notice = Some(match outcome {
                    Ok(fixed) => (
                        BannerKind::Success,
                        format!(
                            "Put back {} as OMU Desk made {}; saving works again. What was wrong is recorded in the audit trail.",
                            plural(fixed.len(), "guard"),
                            if fixed.len() == 1 { "it" } else { "them" }
                        ),
                    ),
                    Err(error) => (BannerKind::Error, format!("The guards were not put back: {error}")),
                });
                if put_back {
                    return Action::GuardsPutBack;
                }
            }
            Message::SortBy(column) => {
                self.sort = self.sort.clicked(column);
                arrange_entries(&mut self.entries, self.sort, &self.names);
            }
            Message::ToggleRaw(id) => {
                if !self.raw_shown.remove(&id) {
                    self.raw_shown.insert(id);
                }
            }
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
                let task = printing::export_list(omu_core::exchange::lists::audit_trail(&entries, &self.names), ctx);
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
                            "Erased {} archived before {} and {} older than that. The erasure is logged.",
                            plural(done.prisoners.len(), "prisoner record"),
                            format_date(done.cutoff),
                            plural_with(done.audit_entries as usize, "audit entry", "audit entries")
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
                button(text("Clear filters")).on_press(Message::ClearFilters).style(button::secondary),
                button(text("Export to spreadsheet…")).on_press(Message::Export).style(button::secondary),
            ]
            .spacing(10)
            .align_y(Alignment::End),
        ]
        .spacing(12);
        page = page.push(slots([
            self.notice.as_ref().map(|(kind, message)| Element::from(banner(*kind, message.as_str()))),
            self.saving.view().map(|saved| Element::from(saved.map(Message::Saving))),
        ]));
        page = page.push(self.checking_view());
        let head = |label: &'static str, column: AuditColumn, portion| {
            sort_cell(label, self.sort, column, Message::SortBy, portion)
        };
        let header = row![
            head("When", AuditColumn::When, 2),
            head("Who", AuditColumn::Who, 2),
            head("What", AuditColumn::What, 4),
            cell(text("Details").size(LABEL_SIZE), 6),
            cell(text("").size(LABEL_SIZE), 1),
        ]
        .spacing(8);
        let mut list = column![].spacing(2);
        for entry in &self.entries {
            let words = entry_in_words(entry, &self.names);
            let mut details = words.details;
            if details.chars().count() > 220 {
                details = details.chars().take(220).chain(['…']).collect();
            }
            let raw_shown = self.raw_shown.contains(&entry.id);
            list = list.push(
                row![
                    cell(text(local_time(&entry.at)).size(13), 2),
                    cell(text(entry.actor.as_str()).size(13), 2),
                    cell(text(words.what).size(13), 4),
                    cell(text(details).size(13), 6),
                    cell(
                        button(text(if raw_shown { "Hide stored" } else { "As stored" }).size(12))
                            .on_press(Message::ToggleRaw(entry.id))
                            .style(button::text)
                            .padding(0),
                        1
                    ),
                ]
                .spacing(8)
                .padding([3, 6]),
            );
            if raw_shown {
                let record = match entry.row_id {
                    Some(row_id) => format!("{} {row_id}", entry.table_name),
                    None => entry.table_name.clone(),
                };
                list = list.push(
                    container(
                        text(format!(
                            "Entry {} · {} · {record} · {} · {}",
                            entry.id,
                            entry.action,
                            entry.at,
                            describe_audit_entry(entry)
                        ))
                        .size(12)
                        .font(iced::Font::MONOSPACE),
                    )
                    .padding([2, 12])
                    .style(theme::card),
                );
            }
        }
        let count = if self.entries.len() == SHOWN {
            format!("The newest {SHOWN} entries that match; the export has them all.")
        } else {
            format!("{} match.", plural_with(self.entries.len(), "entry", "entries"))
        };
        page = page.push(text(count).size(13).style(theme::muted));
        // The scrollbar's room on the right, so the headings stand over their columns.
        let beside_scrollbar = iced::Padding { top: 6.0, right: 20.0, bottom: 6.0, left: 6.0 };
        page = page.push(container(header).padding(beside_scrollbar).style(theme::table_header));
        // Retention goes below the entries, in the same scroll, so the entries get the
        // height of the window rather than a strip between two sections.
        page = page.push(
            scrollable(
                column![list, self.retention_view(retention_years, today)]
                    .spacing(12)
                    .padding(iced::Padding { right: 14.0, ..iced::Padding::ZERO }),
            )
            .height(Fill),
        );
        page.into()
    }
}

fn chain_banner<'a>(report: &ChainReport) -> Element<'a, Message> {
    let erased = report
        .erased_before
        .map(|id| format!(" Entries before {id} were erased past retention, by a logged action."))
        .unwrap_or_default();
    let mut lines = vec![format!("{}{erased}", report.summary())];
    lines.extend(report.details());
    let kind = if report.is_intact() { BannerKind::Success } else { BannerKind::Error };
    banner(kind, lines.join("\n"))
}

/// "2026-11-23T10:04:05.123Z" as London time, "23/11/2026 10:04:05".
fn local_time(at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(at)
        .map(|instant| {
            omu_core::domain::dates::utc_to_london(instant.with_timezone(&Utc)).format("%d/%m/%Y %H:%M:%S").to_string()
        })
        .unwrap_or_else(|_| at.to_string())
}
