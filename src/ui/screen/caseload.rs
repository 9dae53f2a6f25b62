//! The caseload: every prisoner a supervisor (or the unit) holds, searchable as you
//! type, filtered and sorted, with overdue reviews and contacts in red.

use iced::widget::{button, checkbox, column, container, pick_list, row, scrollable, text, text_input};
use iced::{Alignment, Element, Fill, Task};
use std::path::PathBuf;

use super::{Choice, Context, Screen, Shared, coded_choices, selected};
use crate::ui::dialog::{self, OpenedFile};
use crate::ui::theme::{self, BannerKind};
use crate::ui::widget::{BODY_SIZE, LABEL_SIZE, badge, banner, cell, chip, heading, slot};
use omu_core::domain::caseload::{CaseloadEntry, CaseloadFilter, SortKey, arrange};
use omu_core::domain::dates::{DueState, format_date};
use omu_core::domain::risk::{Coded, Rosh};
use omu_core::domain::staff::Staff;
use omu_core::domain::text::plural_with;
use omu_core::exchange;
use omu_core::storage::{CaseloadQuery, SupervisorFilter};

/// Rows drawn at once: a long caseload is paged so typing never waits on drawing.
pub const PAGE_SIZE: usize = 50;

pub const SEARCH_ID: &str = "caseload-search";

pub struct Caseload {
    query: CaseloadQuery,
    filter: CaseloadFilter,
    sort: SortKey,
    entries: Vec<CaseloadEntry>,
    wings: Vec<String>,
    page: usize,
    error: Option<String>,
    /// How the last import of a transfer pack went.
    import_notice: Option<(BannerKind, String)>,
    /// A pack naming prisoners already here, waiting for the person to say whether to
    /// replace them: the file, its bytes, and who is already here.
    replacing: Option<(PathBuf, Vec<u8>, Vec<String>)>,
}

#[derive(Debug, Clone)]
pub enum Message {
    /// The search box changed.
    SearchChanged(String),
    /// Whose caseload to show.
    WhoseSelected(SupervisorFilter),
    /// Show one wing (or all).
    WingSelected(Choice<String>),
    /// Show one tier (or all).
    TierSelected(Choice<String>),
    /// Show one risk of serious harm level (or all).
    RoshSelected(Choice<Rosh>),
    /// Sort the list this way.
    SortSelected(SortKey),
    /// Show only prisoners in scope of offender management.
    InScopeOnly(bool),
    /// Show only prisoners whose OASys/RoH review is overdue.
    OverdueReviewOnly(bool),
    /// Show only prisoners whose monthly contact is overdue.
    OverdueContactOnly(bool),
    /// Show only prisoners with induction items overdue.
    OverdueInductionOnly(bool),
    /// Show archived records instead of current ones.
    ShowArchived(bool),
    /// Show this page of the list.
    PageChanged(usize),
    /// A row was clicked.
    Open(i64),
    /// Start a new prisoner's record (Ctrl+N).
    NewPrisoner,
    /// Choose a transfer pack (or export) to import.
    ImportPack,
    /// The file chosen and read (or why not).
    PackChosen(dialog::OpenedFile),
    /// Import the pack waiting, replacing the records already here.
    ReplaceFromPack,
    /// Do not import the pack waiting.
    CancelImport,
}

pub enum Action {
    None,
    Open(i64),
    NewPrisoner,
    Run(Task<Message>),
    /// An import wrote records (staff and the catalogue may have grown too).
    Imported,
}

impl Caseload {
    /// Opens on the user's own caseload when they hold one, else the whole unit.
    pub fn new(ctx: &mut Context) -> Self {
        let supervisor = ctx.me().map_or(SupervisorFilter::All, |me| SupervisorFilter::Staff(me.id));
        let mut caseload = Self {
            query: CaseloadQuery { supervisor, ..CaseloadQuery::default() },
            filter: CaseloadFilter::default(),
            sort: SortKey::Name,
            entries: Vec::new(),
            wings: Vec::new(),
            page: 0,
            error: None,
            import_notice: None,
            replacing: None,
        };
        caseload.refresh(ctx);
        caseload
    }

    /// Reads the caseload again (after a change elsewhere).
    pub fn refresh(&mut self, ctx: &mut Context) {
        let result = ctx.db.caseload(&self.query, ctx.today).and_then(|entries| Ok((entries, ctx.db.wings()?)));
        match result {
            Ok((entries, wings)) => {
                self.entries = arrange(entries, &self.filter, self.sort, ctx.today);
                self.wings = wings;
                self.page = self.page.min(self.last_page());
                self.error = None;
            }
            Err(error) => self.error = Some(format!("The caseload could not be read: {error}")),
        }
    }

    pub fn set_error(&mut self, message: String) {
        self.error = Some(message);
    }

    pub fn entries(&self) -> &[CaseloadEntry] {
        &self.entries
    }

    fn last_page(&self) -> usize {
        self.entries.len().saturating_sub(1) / PAGE_SIZE
    }

    /// Imports a pack in one transaction: all of it, or (with every reason) none.
    fn import(&mut self, ctx: &mut Context, path: &std::path::Path, bytes: &[u8], replace: bool) -> Action {
        let name = file_label(path);
        match exchange::import(ctx.db, bytes, replace, ctx.today) {
            Ok(summary) => {
                self.import_notice = Some((BannerKind::Success, format!("Imported {name}: {}", summary.describe())));
                Action::Imported
            }
            Err(error) => {
                self.import_notice = Some((BannerKind::Error, format!("{name} was not imported: {error}")));
                Action::None
            }
        }
    }

    fn table<'a>(&'a self, shared: &Shared<'a>) -> Element<'a, Message> {
        if self.entries.is_empty() {
            let hint = if self.query.search.trim().is_empty() {
                "No prisoners match. Clear a filter, or add a prisoner with New prisoner (Ctrl+N)."
            } else {
                "No one matches that search. Check the spelling or try part of the name or number."
            };
            return container(text(hint).size(BODY_SIZE).style(theme::muted)).padding(20).into();
        }
        let heading_cell = |label: &'a str, portion| cell(text(label).size(LABEL_SIZE), portion);
        let header = container(
            row![
                heading_cell("Prison no.", 2),
                heading_cell("Name", 4),
                heading_cell("Location", 2),
                heading_cell("Tier", 1),
                heading_cell("RoH", 2),
                heading_cell("Scope", 2),
                heading_cell("OASys review due", 3),
                heading_cell("Supervisor contact due", 3),
                heading_cell("Supervisor", 3),
            ]
            .spacing(6),
        )
        .padding([6, 8])
        .style(theme::table_header);

        let start = self.page * PAGE_SIZE;
        let rows = self.entries.iter().skip(start).take(PAGE_SIZE).enumerate().map(|(index, entry)| {
            let details = &entry.prisoner.details;
            let review = entry.summary.review_state(shared.today);
            let contact = entry.summary.contact_state(shared.today);
            let mut name = column![text(details.display_name()).size(BODY_SIZE)];
            let mut flags = row![].spacing(4);
            if details.transfer_hold {
                flags = flags.push(badge(BannerKind::Warning, "TRANSFER HOLD"));
            }
            if details.recall {
                flags = flags.push(badge(BannerKind::Info, "RECALL"));
            }
            if details.ppo {
                flags = flags.push(badge(BannerKind::Info, "PPO"));
            }
            if entry.induction_overdue > 0 {
                flags = flags.push(badge(BannerKind::Error, format!("INDUCTION: {} OVERDUE", entry.induction_overdue)));
            }
            if details.transfer_hold || details.recall || details.ppo || entry.induction_overdue > 0 {
                name = name.push(flags);
            }
            let scope: Element<'a, Message> = if entry.summary.scope.value {
                badge(BannerKind::Success, "IN SCOPE")
            } else {
                text("out of scope").size(LABEL_SIZE).style(theme::muted).into()
            };
            let line = row![
                cell(text(details.prison_number.as_str()).size(BODY_SIZE), 2),
                cell(name, 4),
                cell(text(details.location()).size(BODY_SIZE), 2),
                cell(text(entry.summary.tier.value.clone().unwrap_or_else(|| "–".into())).size(BODY_SIZE), 1),
                cell(text(details.rosh.map_or("not assessed", Rosh::label)).size(BODY_SIZE), 2),
                cell(scope, 2),
                cell(due(entry.summary.review_due.value, review), 3),
                cell(due(entry.summary.contact_due.value, contact), 3),
                cell(text(entry.supervisor_name.clone().unwrap_or_else(|| "unallocated".into())).size(BODY_SIZE), 3),
            ]
            .spacing(6)
            .align_y(Alignment::Center);
            button(line)
                .on_press(Message::Open(entry.prisoner.id))
                .padding([6, 8])
                .width(Fill)
                .style(theme::table_row(index % 2 == 1))
                .into()
        });
        let mut body = column![header].spacing(2);
        body = body.push(scrollable(column(rows).spacing(1)).height(Fill));
        if self.last_page() > 0 {
            let previous = button(text("Previous page"))
                .on_press_maybe((self.page > 0).then(|| Message::PageChanged(self.page - 1)));
            let next = button(text("Next page"))
                .on_press_maybe((self.page < self.last_page()).then(|| Message::PageChanged(self.page + 1)));
            body = body.push(
                row![
                    previous,
                    text(format!(
                        "Page {} of {} ({}–{} of {})",
                        self.page + 1,
                        self.last_page() + 1,
                        start + 1,
                        (start + PAGE_SIZE).min(self.entries.len()),
                        self.entries.len()
                    ))
                    .size(BODY_SIZE),
                    next
                ]
                .spacing(12)
                .align_y(Alignment::Center),
            );
        }
        body.height(Fill).into()
    }
}

impl Screen for Caseload {
    type Message = Message;
    type Action = Action;

    fn update(&mut self, message: Message, ctx: &mut Context) -> Action {
        match message {
            Message::SearchChanged(search) => {
                self.query.search = search;
                self.page = 0;
            }
            Message::WhoseSelected(supervisor) => {
                self.query.supervisor = supervisor;
                self.page = 0;
            }
            Message::WingSelected(choice) => self.query.wing = choice.value,
            Message::TierSelected(choice) => self.filter.tier = choice.value,
            Message::RoshSelected(choice) => self.query.rosh = choice.value,
            Message::SortSelected(sort) => self.sort = sort,
            Message::InScopeOnly(on) => self.filter.in_scope_only = on,
            Message::OverdueReviewOnly(on) => self.filter.overdue_review_only = on,
            Message::OverdueContactOnly(on) => self.filter.overdue_contact_only = on,
            Message::OverdueInductionOnly(on) => self.filter.overdue_induction_only = on,
            Message::ShowArchived(on) => {
                self.query.archived = on;
                self.page = 0;
            }
            Message::PageChanged(page) => {
                self.page = page.min(self.last_page());
                return Action::None;
            }
            Message::Open(id) => return Action::Open(id),
            Message::NewPrisoner => return Action::NewPrisoner,
            Message::ImportPack => {
                self.replacing = None;
                let dialogs = ctx.dialogs.clone();
                return Action::Run(Task::perform(async move { dialogs.open_json().await }, Message::PackChosen));
            }
            Message::PackChosen(OpenedFile::Cancelled) => return Action::None,
            Message::PackChosen(OpenedFile::NoDialog) => {
                self.import_notice = Some((
                    BannerKind::Error,
                    "No file chooser could be shown on this desktop. Import from the command line instead: \
                     omu-desk import FILE.json"
                        .into(),
                ));
                return Action::None;
            }
            Message::PackChosen(OpenedFile::Read { bytes: Err(message), .. }) => {
                self.import_notice = Some((BannerKind::Error, format!("Not imported: {message}")));
                return Action::None;
            }
            Message::PackChosen(OpenedFile::Read { path, bytes: Ok(bytes) }) => {
                match exchange::already_here(ctx.db, &bytes) {
                    Ok(here) if !here.is_empty() => {
                        self.import_notice = None;
                        self.replacing = Some((path, bytes, here));
                        return Action::None;
                    }
                    Ok(_) => return self.import(ctx, &path, &bytes, false),
                    Err(error) => {
                        self.import_notice =
                            Some((BannerKind::Error, format!("{} was not imported: {error}", file_label(&path))))
                    }
                }
            }
            Message::ReplaceFromPack => {
                let Some((path, bytes, _)) = self.replacing.take() else { return Action::None };
                return self.import(ctx, &path, &bytes, true);
            }
            Message::CancelImport => {
                self.replacing = None;
                return Action::None;
            }
        }
        self.refresh(ctx);
        Action::None
    }

    fn view<'a>(&'a self, shared: &Shared<'a>) -> Element<'a, Message> {
        let title = match self.query.supervisor {
            SupervisorFilter::Staff(id) if shared.me().map(|me| me.id) == Some(id) => "My caseload".to_string(),
            SupervisorFilter::Staff(id) => format!(
                "Caseload of {}",
                shared.staff.iter().find(|member| member.id == id).map_or("?", |member| member.name.as_str())
            ),
            SupervisorFilter::All => "Whole unit".to_string(),
            SupervisorFilter::Unallocated => "Not yet allocated".to_string(),
        };
        let header = row![
            heading(title),
            iced::widget::space::horizontal(),
            button(text("Import a transfer pack…").size(BODY_SIZE))
                .on_press(Message::ImportPack)
                .style(button::secondary)
                .padding([8, 14]),
            button(text("New prisoner  (Ctrl+N)").size(BODY_SIZE))
                .on_press(Message::NewPrisoner)
                .style(button::primary)
                .padding([8, 14]),
        ]
        .spacing(10)
        .align_y(Alignment::Center);

        let mut whose = row![].spacing(6).align_y(Alignment::Center);
        if let Some(me) = shared.me().map(|me| me.id) {
            whose = whose.push(toggle(
                "My caseload",
                self.query.supervisor == SupervisorFilter::Staff(me),
                SupervisorFilter::Staff(me),
            ));
        }
        whose = whose
            .push(toggle("Whole unit", self.query.supervisor == SupervisorFilter::All, SupervisorFilter::All))
            .push(toggle(
                "Unallocated",
                self.query.supervisor == SupervisorFilter::Unallocated,
                SupervisorFilter::Unallocated,
            ));
        let supervisor_choices: Vec<Choice<i64>> = std::iter::once(Choice::none("Any supervisor"))
            .chain(supervisors(shared).map(|member| Choice::some(member.id, member.name.clone())))
            .collect();
        let current_supervisor = match self.query.supervisor {
            SupervisorFilter::Staff(id) => selected(&supervisor_choices, Some(&id)),
            _ => None,
        };
        whose = whose.push(text("Supervisor").size(LABEL_SIZE).style(theme::muted)).push(
            pick_list(supervisor_choices, current_supervisor, |choice: Choice<i64>| {
                Message::WhoseSelected(choice.value.map_or(SupervisorFilter::All, SupervisorFilter::Staff))
            })
            .text_size(BODY_SIZE)
            .placeholder("Choose…"),
        );

        let search = text_input("Search by name or prison number  (Ctrl+F)", &self.query.search)
            .id(SEARCH_ID)
            .on_input(Message::SearchChanged)
            .padding(8)
            .size(16);

        let wing_choices: Vec<Choice<String>> = std::iter::once(Choice::none("All wings"))
            .chain(self.wings.iter().map(|wing| Choice::some(wing.clone(), format!("Wing {wing}"))))
            .collect();
        let tier_choices: Vec<Choice<String>> = std::iter::once(Choice::none("All tiers"))
            .chain(shared.tiers.iter().map(|tier| Choice::some(tier.clone(), format!("Tier {tier}"))))
            .collect();
        let rosh_choices = coded_choices::<Rosh>("Any RoH");
        let filters = row![
            pick_list(wing_choices.clone(), selected(&wing_choices, self.query.wing.as_ref()), Message::WingSelected)
                .text_size(BODY_SIZE),
            pick_list(tier_choices.clone(), selected(&tier_choices, self.filter.tier.as_ref()), Message::TierSelected)
                .text_size(BODY_SIZE),
            pick_list(rosh_choices.clone(), selected(&rosh_choices, self.query.rosh.as_ref()), Message::RoshSelected)
                .text_size(BODY_SIZE),
            text("Sort by").size(LABEL_SIZE).style(theme::muted),
            pick_list(SortKey::ALL, Some(self.sort), Message::SortSelected).text_size(BODY_SIZE),
        ]
        .spacing(8)
        .align_y(Alignment::Center);
        let ticks = row![
            checkbox(self.filter.in_scope_only)
                .label("In scope only")
                .on_toggle(Message::InScopeOnly)
                .text_size(BODY_SIZE),
            checkbox(self.filter.overdue_review_only)
                .label("OASys review overdue")
                .on_toggle(Message::OverdueReviewOnly)
                .text_size(BODY_SIZE),
            checkbox(self.filter.overdue_contact_only)
                .label("Contact overdue")
                .on_toggle(Message::OverdueContactOnly)
                .text_size(BODY_SIZE),
            checkbox(self.filter.overdue_induction_only)
                .label("Induction overdue")
                .on_toggle(Message::OverdueInductionOnly)
                .text_size(BODY_SIZE),
            checkbox(self.query.archived)
                .label("Archived records")
                .on_toggle(Message::ShowArchived)
                .text_size(BODY_SIZE),
        ]
        .spacing(18);

        let reviews_overdue = self.entries.iter().filter(|e| e.review_overdue(shared.today)).count();
        let contacts_overdue = self.entries.iter().filter(|e| e.contact_overdue(shared.today)).count();
        let counts = row![
            text(plural_with(self.entries.len(), "prisoner", "prisoners")).size(BODY_SIZE),
            count_badge(reviews_overdue, "OASys review overdue", "OASys reviews overdue"),
            count_badge(contacts_overdue, "contact overdue", "contacts overdue"),
        ]
        .spacing(10)
        .align_y(Alignment::Center);

        let mut page = column![header].spacing(10);
        if let Some((_, _, here)) = &self.replacing {
            page = page.push(
                container(
                    column![
                        text(format!(
                            "Already in this case file: {}. Replace the record here with the one in the pack? \
                             Contacts are added; sentence plans already here are kept as they are.",
                            here.join(", ")
                        ))
                        .size(BODY_SIZE),
                        row![
                            button(text("Replace and import")).on_press(Message::ReplaceFromPack).style(button::danger),
                            button(text("Do not import")).on_press(Message::CancelImport).style(button::secondary),
                        ]
                        .spacing(10),
                    ]
                    .spacing(8),
                )
                .padding([8, 12])
                .width(Fill)
                .style(theme::banner(BannerKind::Warning)),
            );
        }
        page = page.push(slot(
            self.import_notice.as_ref().map(|(kind, message)| Element::from(banner(*kind, message.as_str()))),
        ));
        page = page.push(whose).push(search).push(filters).push(ticks).push(counts);
        page =
            page.push(slot(self.error.as_ref().map(|error| Element::from(banner(BannerKind::Error, error.as_str())))));
        page = page.push(self.table(shared));
        page.into()
    }
}

/// The staff who may hold a caseload, for the "whose caseload" list.
fn supervisors<'a>(shared: &Shared<'a>) -> impl Iterator<Item = &'a Staff> {
    shared.staff.iter().filter(|member| member.active && member.role.holds_caseload())
}

fn toggle<'a>(label: &'a str, active: bool, whose: SupervisorFilter) -> Element<'a, Message> {
    chip(label, active, Message::WhoseSelected(whose)).padding([6, 12]).into()
}

fn due<'a>(date: chrono::NaiveDate, state: DueState) -> Element<'a, Message> {
    column![
        text(format_date(date)).size(BODY_SIZE).style(theme::due_text(state)),
        text(state.describe()).size(LABEL_SIZE).style(theme::due_text(state)),
    ]
    .into()
}

fn count_badge<'a>(count: usize, one: &str, many: &str) -> Element<'a, Message> {
    let label = plural_with(count, one, many);
    if count == 0 { text(label).size(BODY_SIZE).style(theme::muted).into() } else { badge(BannerKind::Error, label) }
}

/// A file's name as the person chose it, for messages.
fn file_label(path: &std::path::Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |name| name.to_string_lossy().into_owned())
}
