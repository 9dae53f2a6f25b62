//! The caseload: every prisoner a supervisor (or the unit) holds, searchable as you
//! type, filtered and sorted, with overdue reviews and contacts in red.
//!
//! Just over 600 lines: search, filters, sort and the import of a transfer pack share
//! the one list they act on.

use std::sync::Arc;

use crate::ui::choice::choice;
use iced::widget::{button, checkbox, column, container, row, scrollable, text, text_input};
use iced::{Alignment, Element, Fill, Task};
use std::path::PathBuf;

use super::{Choice, Context, Screen, Shared, coded_choices, selected};
use crate::ui::dialog::{self, OpenedFile};
use crate::ui::printing;
use crate::ui::theme::{self, BannerKind, Surface};
use crate::ui::widget::{BODY_SIZE, LABEL_SIZE, badge, banner, cell, chip, heading, slot, slots, sort_cell};
use omu_core::domain::caseload::{CaseloadEntry, CaseloadFilter, Sort, SortKey, arrange};
use omu_core::domain::dates::{DueState, due_state, format_date};
use omu_core::domain::release::{EarliestRelease, in_pre_release};
use omu_core::domain::risk::{Coded, Rosh};
use omu_core::domain::staff::Staff;
use omu_core::domain::text::plural_with;
use omu_core::exchange;
use omu_core::storage::{CaseloadQuery, SupervisorFilter};

/// Rows drawn at once: a long caseload is paged so typing never waits on drawing.
pub const PAGE_SIZE: usize = 50;

pub const SEARCH_ID: &str = "caseload-search";

/// The path field offered when no file chooser can be shown.
pub const SHEET_PATH_ID: &str = "caseload-sheet-path";

pub struct Caseload {
    query: CaseloadQuery,
    filter: CaseloadFilter,
    sort: Sort,
    entries: Vec<Arc<CaseloadEntry>>,
    wings: Vec<String>,
    page: usize,
    error: Option<String>,
    /// How the last import of a transfer pack went.
    import_notice: Option<(BannerKind, String)>,
    /// A pack naming prisoners already here, waiting for the person to say whether to
    /// replace them: the file, its bytes, and who is already here.
    replacing: Option<(PathBuf, Vec<u8>, Vec<String>)>,
    /// Where the list saved as a spreadsheet went, or why not.
    saving: printing::Status,
    /// The spreadsheet's path as typed, offered when no file chooser can be shown.
    sheet_path: Option<String>,
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
    /// A column heading was clicked: sort by it, or the other way if already.
    SortBy(SortKey),
    /// Clear every filter (whose caseload stays as chosen).
    ClearFilters,
    /// Show only prisoners in scope of offender management.
    InScopeOnly(bool),
    /// Show only prisoners whose OASys/RoH review is overdue.
    OverdueReviewOnly(bool),
    /// Show only prisoners whose monthly contact is overdue.
    OverdueContactOnly(bool),
    /// Show only prisoners with induction items overdue.
    OverdueInductionOnly(bool),
    /// Show only prisoners whose earliest release is in the next 12 weeks.
    ReleasingSoonOnly(bool),
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
    /// Choose a spreadsheet (.xlsx, .ods, .csv) to bring a caseload in from.
    ImportSheet,
    /// The spreadsheet chosen and read (or why not).
    SheetChosen(dialog::OpenedFile),
    /// The spreadsheet's path, typed where no file chooser could be shown.
    SheetPath(String),
    /// Read the spreadsheet at the path typed.
    OpenSheetPath,
    /// Import the pack waiting, replacing the records already here.
    ReplaceFromPack,
    /// Do not import the pack waiting.
    CancelImport,
    /// Save the list as shown (filtered and sorted) as a spreadsheet (.xlsx or .csv).
    ExportList,
    /// Where the spreadsheet went, or why not.
    ListSaved(printing::Outcome),
    /// Open or dismiss the saved file's banner.
    Saving(printing::Message),
}

pub enum Action {
    None,
    Open(i64),
    NewPrisoner,
    Run(Task<Message>),
    /// An import wrote records (staff and the catalogue may have grown too).
    Imported,
    /// Map and check this spreadsheet (its path and bytes) on the import page.
    ImportSheet(PathBuf, Vec<u8>),
}

impl Caseload {
    /// Opens on the user's own caseload when they hold one, else the whole unit.
    pub fn new(ctx: &mut Context) -> Self {
        let supervisor = ctx.me().map_or(SupervisorFilter::All, |me| SupervisorFilter::Staff(me.id));
        let mut caseload = Self {
            query: CaseloadQuery { supervisor, ..CaseloadQuery::default() },
            filter: CaseloadFilter::default(),
            sort: Sort::default(),
            entries: Vec::new(),
            wings: Vec::new(),
            page: 0,
            error: None,
            import_notice: None,
            replacing: None,
            saving: printing::Status::default(),
            sheet_path: None,
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

    pub fn entries(&self) -> &[Arc<CaseloadEntry>] {
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

    /// True when a filter or search narrows the list (whose caseload aside).
    fn filtered(&self) -> bool {
        !self.filter.is_clear()
            || !self.query.search.trim().is_empty()
            || self.query.wing.is_some()
            || self.query.rosh.is_some()
            || self.query.archived
    }

    /// What an empty list means, and what to do next.
    fn empty_hint(&self) -> Element<'_, Message> {
        let (hint, clear) = if !self.query.search.trim().is_empty() {
            ("No one matches that search. Check the spelling, or try part of the name or number.", true)
        } else if self.filtered() {
            ("No prisoners match these filters.", true)
        } else if self.query.supervisor != SupervisorFilter::All {
            (
                "No prisoners on this caseload yet. See the Whole unit or allocate a supervisor on a record; on a new case file, add one with New prisoner (Ctrl+N) or bring the unit's list in with Import a spreadsheet…",
                false,
            )
        } else {
            (
                "No prisoners yet. Add one with New prisoner (Ctrl+N), bring the unit's list in with Import a spreadsheet…, or records from another prison with Import a transfer pack…",
                false,
            )
        };
        let mut content = column![text(hint).size(BODY_SIZE).style(theme::muted)].spacing(10);
        if clear {
            content =
                content.push(button(text("Clear filters")).on_press(Message::ClearFilters).style(button::secondary));
        }
        container(content).padding(20).into()
    }

    fn table<'a>(&'a self, shared: &Shared<'a>) -> Element<'a, Message> {
        if self.entries.is_empty() {
            return self.empty_hint();
        }
        let today = shared.today;
        let sort = self.sort;
        let start = self.page * PAGE_SIZE;
        let mut body = column![
            iced::widget::responsive(move |size| self.rows(today, sort, start, Columns::for_width(size.width)))
                .height(Fill)
        ]
        .spacing(2);
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

    /// The heading and one page of rows, with the columns that fit `columns`.
    fn rows(&self, today: chrono::NaiveDate, sort: Sort, start: usize, columns: Columns) -> Element<'_, Message> {
        let heading_cell =
            |label: &'static str, key: SortKey, portion| sort_cell(label, sort, key, Message::SortBy, portion);
        let mut head = row![
            container(heading_cell("Prison no.", SortKey::PrisonNumber, 1)).width(PRISON_NUMBER_WIDTH),
            heading_cell("Name", SortKey::Name, 4),
        ]
        .spacing(6);
        if columns.location {
            head = head.push(heading_cell("Location", SortKey::Location, 2));
        }
        head = head.push(heading_cell("Tier", SortKey::Tier, 1)).push(heading_cell("RoH", SortKey::Rosh, 2));
        if columns.scope {
            head = head.push(heading_cell("Scope", SortKey::Scope, 2));
        }
        head = head.push(heading_cell("OASys review due", SortKey::ReviewDue, 3)).push(heading_cell(
            "Supervisor contact due",
            SortKey::ContactDue,
            3,
        ));
        if columns.release {
            head = head.push(heading_cell("Earliest release", SortKey::Release, 3));
        }
        if columns.supervisor {
            head = head.push(heading_cell("Supervisor", SortKey::Supervisor, 3));
        }
        let header = container(head).padding([6, 8]).style(theme::table_header);

        let rows = self.entries.iter().skip(start).take(PAGE_SIZE).enumerate().map(|(index, entry)| {
            let details = &entry.prisoner.details;
            let review = entry.summary.review_state(today);
            let contact = entry.summary.contact_state(today);
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
            if !columns.scope && entry.summary.scope.value {
                flags = flags.push(badge(BannerKind::Success, "IN SCOPE"));
            }
            if details.transfer_hold || details.recall || details.ppo || entry.induction_overdue > 0 || !columns.scope {
                // Several flags on a narrow window go onto a second line, never off the cell.
                name = name.push(flags.wrap().vertical_spacing(3));
            }
            let mut line = row![
                container(text(details.prison_number.as_str()).size(BODY_SIZE)).width(PRISON_NUMBER_WIDTH),
                cell(name, 4),
            ]
            .spacing(6)
            .align_y(Alignment::Center);
            if columns.location {
                line = line.push(cell(text(details.location()).size(BODY_SIZE), 2));
            }
            line = line
                .push(cell(text(entry.summary.tier.value.clone().unwrap_or_else(|| "–".into())).size(BODY_SIZE), 1))
                .push(cell(text(details.rosh.map_or("not assessed", Rosh::label)).size(BODY_SIZE), 2));
            if columns.scope {
                let scope: Element<'_, Message> = if entry.summary.scope.value {
                    badge(BannerKind::Success, "IN SCOPE")
                } else {
                    text("out of scope").size(LABEL_SIZE).style(theme::muted).into()
                };
                line = line.push(cell(scope, 2));
            }
            line = line
                .push(cell(due(entry.summary.review_due.value, review), 3))
                .push(cell(due(entry.summary.contact_due.value, contact), 3));
            if columns.release {
                line = line.push(cell(release(entry.summary.earliest_release, today), 3));
            }
            if columns.supervisor {
                line = line.push(cell(
                    text(entry.supervisor_name.clone().unwrap_or_else(|| "unallocated".into())).size(BODY_SIZE),
                    3,
                ));
            }
            button(line)
                .on_press(Message::Open(entry.prisoner.id))
                .padding([5, 8])
                .width(Fill)
                .style(theme::table_row(Surface::Page, index % 2 == 1))
                .into()
        });
        // Room on the right for the scrollbar, so it never covers the last column.
        let rows = container(column(rows).spacing(1)).padding(iced::Padding { right: 14.0, ..iced::Padding::ZERO });
        column![header, scrollable(rows).height(Fill)].spacing(2).into()
    }
}

/// A prison number never wraps or is cut: it is what people read out.
const PRISON_NUMBER_WIDTH: f32 = 84.0;

/// Which columns the caseload's width allows. On a narrow window the supervisor goes
/// first (the caseload is usually one person's), then the location, then the earliest
/// release (on the record a click away), then scope,
/// which moves beside the name as a badge.
#[derive(Debug, Clone, Copy)]
struct Columns {
    release: bool,
    location: bool,
    scope: bool,
    supervisor: bool,
}

impl Columns {
    fn for_width(width: f32) -> Self {
        Self { supervisor: width >= 1000.0, location: width >= 840.0, release: width >= 760.0, scope: width >= 720.0 }
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
            Message::SortSelected(key) => self.sort = Sort { key, reversed: false },
            Message::SortBy(key) => self.sort = self.sort.clicked(key),
            Message::ClearFilters => {
                self.filter = CaseloadFilter::default();
                self.query = CaseloadQuery { supervisor: self.query.supervisor, ..CaseloadQuery::default() };
                self.page = 0;
            }
            Message::InScopeOnly(on) => self.filter.in_scope_only = on,
            Message::OverdueReviewOnly(on) => self.filter.overdue_review_only = on,
            Message::OverdueContactOnly(on) => self.filter.overdue_contact_only = on,
            Message::OverdueInductionOnly(on) => self.filter.overdue_induction_only = on,
            Message::ReleasingSoonOnly(on) => self.filter.releasing_soon_only = on,
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
            Message::ImportSheet => {
                let dialogs = ctx.dialogs.clone();
                return Action::Run(Task::perform(async move { dialogs.open_sheet().await }, Message::SheetChosen));
            }
            Message::SheetChosen(OpenedFile::Cancelled) => return Action::None,
            Message::SheetChosen(OpenedFile::NoDialog) => {
                // No chooser on this desktop: the path can be typed instead.
                self.sheet_path.get_or_insert_with(String::new);
                self.import_notice = Some((
                    BannerKind::Info,
                    "No file chooser could be shown on this desktop: type the spreadsheet's path in the box above and press Enter.".into(),
                ));
                return Action::None;
            }
            Message::SheetPath(typed) => self.sheet_path = Some(typed),
            Message::OpenSheetPath => {
                let Some(typed) = self.sheet_path.as_deref().map(str::trim).filter(|typed| !typed.is_empty()) else {
                    return Action::None;
                };
                let path = PathBuf::from(typed);
                let read = exchange::sheet::read::read_bytes(&path);
                match read {
                    Ok(bytes) => {
                        self.sheet_path = None;
                        self.import_notice = None;
                        return Action::ImportSheet(path, bytes);
                    }
                    Err(problem) => {
                        self.import_notice = Some((BannerKind::Error, problem));
                        return Action::None;
                    }
                }
            }
            Message::SheetChosen(OpenedFile::Read { bytes: Err(message), .. }) => {
                self.import_notice = Some((BannerKind::Error, format!("Not imported: {message}")));
                return Action::None;
            }
            Message::SheetChosen(OpenedFile::Read { path, bytes: Ok(bytes) }) => {
                self.import_notice = None;
                return Action::ImportSheet(path, bytes);
            }
            Message::ReplaceFromPack => {
                let Some((path, bytes, _)) = self.replacing.take() else { return Action::None };
                return self.import(ctx, &path, &bytes, true);
            }
            Message::CancelImport => {
                self.replacing = None;
                return Action::None;
            }
            Message::ExportList => {
                let table = exchange::lists::caseload(&self.entries);
                return Action::Run(printing::export_list(table, ctx).map(Message::ListSaved));
            }
            Message::ListSaved(outcome) => {
                self.saving.finished(outcome, ctx.db);
                return Action::None;
            }
            Message::Saving(message) => return Action::Run(self.saving.update(message).map(Message::Saving)),
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
        // The title and the main action; moving records in and out on a line of their
        // own, which wraps rather than pushing New prisoner off a narrow window.
        let secondary = |label: &'static str, message: Message| {
            button(text(label).size(LABEL_SIZE)).on_press(message).style(button::secondary).padding([5, 10])
        };
        let header = column![
            row![
                heading(title),
                iced::widget::space::horizontal(),
                button(text("New prisoner  (Ctrl+N)").size(BODY_SIZE))
                    .on_press(Message::NewPrisoner)
                    .style(button::primary)
                    .padding([8, 14]),
            ]
            .spacing(10)
            .align_y(Alignment::Center),
            row![
                secondary("Export list…", Message::ExportList),
                secondary("Import a spreadsheet…", Message::ImportSheet),
                secondary("Import a transfer pack…", Message::ImportPack),
            ]
            .spacing(8)
            .wrap()
            .vertical_spacing(6),
        ]
        .spacing(6);

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
            choice(supervisor_choices, current_supervisor, |choice: Choice<i64>| {
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
            choice(wing_choices.clone(), selected(&wing_choices, self.query.wing.as_ref()), Message::WingSelected)
                .text_size(BODY_SIZE),
            choice(tier_choices.clone(), selected(&tier_choices, self.filter.tier.as_ref()), Message::TierSelected)
                .text_size(BODY_SIZE),
            choice(rosh_choices.clone(), selected(&rosh_choices, self.query.rosh.as_ref()), Message::RoshSelected)
                .text_size(BODY_SIZE),
            text("Sort by").size(LABEL_SIZE).style(theme::muted),
            choice(SortKey::ALL, Some(self.sort.key), Message::SortSelected).text_size(BODY_SIZE),
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
            checkbox(self.filter.releasing_soon_only)
                .label("Release in the next 12 weeks")
                .on_toggle(Message::ReleasingSoonOnly)
                .text_size(BODY_SIZE),
            checkbox(self.query.archived)
                .label("Archived records")
                .on_toggle(Message::ShowArchived)
                .text_size(BODY_SIZE),
        ]
        .spacing(18)
        // At large text the ticks run onto a second line rather than off the edge.
        .wrap()
        .vertical_spacing(8);

        let reviews_overdue = self.entries.iter().filter(|e| e.review_overdue(shared.today)).count();
        let contacts_overdue = self.entries.iter().filter(|e| e.contact_overdue(shared.today)).count();
        let mut counts = row![
            text(plural_with(self.entries.len(), "prisoner", "prisoners")).size(BODY_SIZE),
            count_badge(reviews_overdue, "OASys review overdue", "OASys reviews overdue"),
            count_badge(contacts_overdue, "contact overdue", "contacts overdue"),
        ]
        .spacing(10)
        .align_y(Alignment::Center);
        if self.filtered() {
            counts = counts.push(
                button(text("Clear filters").size(BODY_SIZE))
                    .on_press(Message::ClearFilters)
                    .style(button::secondary)
                    .padding([4, 10]),
            );
        }

        let mut page = column![header].spacing(10);
        page = page.push(slots([
            self.sheet_path.as_ref().map(|typed| {
                Element::from(
                    row![
                        text_input("e.g. /home/omu/caseload.xlsx", typed)
                            .id(SHEET_PATH_ID)
                            .on_input(Message::SheetPath)
                            .on_submit(Message::OpenSheetPath)
                            .padding(6)
                            .size(BODY_SIZE),
                        button(text("Open the spreadsheet")).on_press(Message::OpenSheetPath).style(button::primary),
                    ]
                    .spacing(8)
                    .align_y(Alignment::Center),
                )
            }),
            self.replacing.as_ref().map(|(_, _, here)| {
                Element::from(
                    container(
                        column![
                            text(format!(
                                "Already in this case file: {}. Replace the record here with the one in the pack? \
                             Contacts are added; sentence plans already here are kept as they are.",
                                here.join(", ")
                            ))
                            .size(BODY_SIZE),
                            row![
                                button(text("Replace and import"))
                                    .on_press(Message::ReplaceFromPack)
                                    .style(button::danger),
                                button(text("Do not import")).on_press(Message::CancelImport).style(button::secondary),
                            ]
                            .spacing(10),
                        ]
                        .spacing(8),
                    )
                    .padding([8, 12])
                    .width(Fill)
                    .style(theme::banner(BannerKind::Warning)),
                )
            }),
            self.import_notice.as_ref().map(|(kind, message)| Element::from(banner(*kind, message.as_str()))),
            self.saving.view().map(|saved| saved.map(Message::Saving)),
        ]));
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

/// The earliest release's date and type; red once it has gone by (the record cannot
/// be right), amber inside the 12 pre-release weeks.
fn release<'a>(release: Option<EarliestRelease>, today: chrono::NaiveDate) -> Element<'a, Message> {
    let Some(release) = release else {
        return text("none recorded").size(LABEL_SIZE).style(theme::muted).into();
    };
    let state = if release.has_passed(today) {
        due_state(release.date, today)
    } else if in_pre_release(release.date, today) {
        DueState::DueSoon((release.date - today).num_days())
    } else {
        DueState::NotYetDue((release.date - today).num_days())
    };
    column![
        text(format_date(release.date)).size(BODY_SIZE).style(theme::due_text(state)),
        text(release.kind.code()).size(LABEL_SIZE).style(theme::due_text(state)),
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
