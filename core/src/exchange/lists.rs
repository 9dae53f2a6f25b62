//! Every list the app shows, out to a spreadsheet: one table per list, with typed
//! columns, written as .xlsx (real dates and numbers, a frozen heading row, widths,
//! the protective marking in the page header) or CSV. Each export is a disclosure.

use std::sync::Arc;

use std::path::Path;

use chrono::NaiveDate;

use super::ExchangeError;
use crate::domain::audit_words::Names;
use crate::domain::caseload::{CaseloadEntry, Workload, rosh_levels};
use crate::domain::dates::{format_local, iso_date};
use crate::domain::deadlines::DueItem;
use crate::domain::disclosure::{DisclosedRow, Disclosure};
use crate::domain::plan::NeedLine;
use crate::domain::risk::Coded;
use crate::domain::text::plural;
use crate::storage::{self, MovementLine, OpenInduction};

/// The marking every exported list carries, as every printout does.
pub const MARKING: &str = "OFFICIAL-SENSITIVE";

/// The longest text a spreadsheet cell holds (Excel's own limit).
const CELL_MAX_CHARS: usize = 32_767;

/// One cell, typed, so a date is a date in the spreadsheet and a count a number.
#[derive(Debug, Clone, PartialEq)]
pub enum ListValue {
    Text(String),
    Date(NaiveDate),
    Count(i64),
    Empty,
}

impl ListValue {
    fn text(value: impl Into<String>) -> Self {
        ListValue::Text(value.into())
    }

    fn date(value: Option<NaiveDate>) -> Self {
        value.map_or(ListValue::Empty, ListValue::Date)
    }

    fn count(value: usize) -> Self {
        ListValue::Count(i64::try_from(value).unwrap_or(i64::MAX))
    }
}

/// A column: its heading and its width in characters.
#[derive(Debug, Clone, PartialEq)]
pub struct ListColumn {
    pub heading: String,
    pub width: f64,
}

/// A list as the spreadsheet gets it: a title (the sheet's name), the columns, the rows.
#[derive(Debug, Clone, PartialEq)]
pub struct ListTable {
    pub title: String,
    pub columns: Vec<ListColumn>,
    pub rows: Vec<Vec<ListValue>>,
    /// What leaving the PC with it discloses, for the audit trail.
    pub disclosure: Disclosure,
}

impl ListTable {
    fn new(title: &str, columns: &[(&str, f64)], disclosure: Disclosure) -> Self {
        Self {
            title: title.to_string(),
            columns: columns
                .iter()
                .map(|(heading, width)| ListColumn { heading: heading.to_string(), width: *width })
                .collect(),
            rows: Vec::new(),
            disclosure,
        }
    }
}

/// The two spreadsheet formats, chosen by the file's ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListFormat {
    Xlsx,
    Csv,
}

impl ListFormat {
    pub fn of(path: &Path) -> Result<Self, ExchangeError> {
        match path.extension().and_then(|ending| ending.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("xlsx") => Ok(ListFormat::Xlsx),
            Some("csv") => Ok(ListFormat::Csv),
            _ => Err(ExchangeError::Format(format!(
                "{}: a list is saved as .xlsx (Excel) or .csv; name the file with one of those endings",
                path.display()
            ))),
        }
    }
}

/// The list as a file of `format`.
pub fn list_bytes(table: &ListTable, format: ListFormat) -> Result<Vec<u8>, ExchangeError> {
    match format {
        ListFormat::Xlsx => xlsx(table),
        ListFormat::Csv => csv(table),
    }
}

/// Writes the list to `out` (its ending says the format) through a temporary file
/// renamed into place, and records the disclosure; returns the number of rows.
pub fn write_list(db: &mut storage::Db, table: &ListTable, out: &Path) -> Result<usize, ExchangeError> {
    let bytes = list_bytes(table, ListFormat::of(out)?)?;
    super::write_export(out, &bytes)?;
    db.record_disclosure(&table.disclosure, out)?;
    Ok(table.rows.len())
}

/// Text a spreadsheet would run as a formula (= + - @, or a tab or return before
/// one) gets a leading apostrophe: shown as typed, never run.
fn defused(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}").into() } else { text.into() }
}

fn clipped(text: &str) -> &str {
    match text.char_indices().nth(CELL_MAX_CHARS) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// CSV (RFC 4180) in UTF-8 with a byte-order mark, so Excel reads names with accents;
/// dates as YYYY-MM-DD, which every spreadsheet reads as a date.
fn csv(table: &ListTable) -> Result<Vec<u8>, ExchangeError> {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(b"\xEF\xBB\xBF".to_vec());
    let failed = |error: csv::Error| ExchangeError::Format(format!("the list could not be written as CSV: {error}"));
    writer.write_record(table.columns.iter().map(|column| column.heading.as_str())).map_err(failed)?;
    for row in &table.rows {
        let fields: Vec<String> = row
            .iter()
            .map(|value| match value {
                ListValue::Text(text) => defused(clipped(text)).into_owned(),
                ListValue::Date(date) => iso_date(*date),
                ListValue::Count(count) => count.to_string(),
                ListValue::Empty => String::new(),
            })
            .collect();
        writer.write_record(&fields).map_err(failed)?;
    }
    writer.into_inner().map_err(|error| ExchangeError::Format(format!("the list could not be written as CSV: {error}")))
}

/// An Excel workbook of one sheet: a bold, frozen heading row with filters, dates as
/// dates (shown DD/MM/YYYY), counts as numbers, text as text (never a formula), and
/// the marking in the printed page's header and footer.
fn xlsx(table: &ListTable) -> Result<Vec<u8>, ExchangeError> {
    use rust_xlsxwriter::{Format, Workbook};
    let failed = |error: rust_xlsxwriter::XlsxError| {
        ExchangeError::Format(format!("the list could not be written as a workbook: {error}"))
    };
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name(&table.title)).map_err(failed)?;
    sheet.set_header(format!("&C&\"-,Bold\"{MARKING}")).set_footer(format!("&L{MARKING}&RPage &P of &N"));
    let heading = Format::new().set_bold().set_text_wrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (column, spec) in table.columns.iter().enumerate() {
        let column = u16::try_from(column).map_err(|_| ExchangeError::Format("too many columns".into()))?;
        sheet.write_string_with_format(0, column, spec.heading.as_str(), &heading).map_err(failed)?;
        sheet.set_column_width(column, spec.width).map_err(failed)?;
    }
    for (index, row) in table.rows.iter().enumerate() {
        let at = u32::try_from(index + 1)
            .ok()
            .filter(|at| *at < 1_048_576)
            .ok_or_else(|| ExchangeError::Format("more rows than a spreadsheet holds (1,048,575)".into()))?;
        for (column, value) in row.iter().enumerate() {
            let column = column as u16;
            match value {
                ListValue::Text(text) => {
                    sheet.write_string(at, column, clipped(text)).map_err(failed)?;
                }
                ListValue::Date(day) => {
                    sheet.write_date_with_format(at, column, day, &date).map_err(failed)?;
                }
                ListValue::Count(count) => {
                    sheet.write_number(at, column, *count as f64).map_err(failed)?;
                }
                ListValue::Empty => {}
            }
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(failed)?;
    if let Some(last) = table.columns.len().checked_sub(1) {
        sheet.autofilter(0, 0, table.rows.len() as u32, last as u16).map_err(failed)?;
    }
    workbook.save_to_buffer().map_err(failed)
}

/// A sheet name Excel accepts: at most 31 characters, none of : \ / ? * [ ].
fn sheet_name(title: &str) -> String {
    let cleaned: String = title.chars().filter(|c| !matches!(c, ':' | '\\' | '/' | '?' | '*' | '[' | ']')).collect();
    let name: String = cleaned.trim_matches('\'').chars().take(31).collect();
    if name.trim().is_empty() { "List".into() } else { name }
}

/// The caseload as shown: its rows in the order on screen.
pub fn caseload(entries: &[Arc<CaseloadEntry>]) -> ListTable {
    let mut table = ListTable::new(
        "Caseload",
        &[
            ("Prison no.", 11.0),
            ("Surname", 18.0),
            ("Forenames", 18.0),
            ("Wing", 7.0),
            ("Cell", 8.0),
            ("Sentence", 14.0),
            ("Tier", 6.0),
            ("RoH", 10.0),
            ("In scope", 9.0),
            ("OASys review due", 14.0),
            ("Supervisor contact due", 14.0),
            ("Earliest release", 14.0),
            ("Release type", 9.0),
            ("Induction items overdue", 11.0),
            ("Supervisor", 18.0),
        ],
        Disclosure::prisoners(
            entries.iter().map(|entry| entry.prisoner.id),
            format!("caseload of {} exported", plural(entries.len(), "prisoner")),
        ),
    );
    for entry in entries {
        let details = &entry.prisoner.details;
        let summary = &entry.summary;
        let release = summary.earliest_release.as_ref();
        table.rows.push(vec![
            ListValue::text(details.prison_number.as_str()),
            ListValue::text(&details.surname),
            ListValue::text(&details.forenames),
            ListValue::text(&details.wing),
            ListValue::text(&details.cell),
            ListValue::text(details.sentence_type.label()),
            summary.tier.value.clone().map_or(ListValue::Empty, ListValue::Text),
            details.rosh.map_or(ListValue::Empty, |rosh| ListValue::text(rosh.label())),
            ListValue::text(if summary.scope.value { "Yes" } else { "No" }),
            ListValue::Date(summary.review_due.value),
            ListValue::Date(summary.contact_due.value),
            ListValue::date(release.map(|release| release.date)),
            release.map_or(ListValue::Empty, |release| ListValue::text(release.kind.code())),
            ListValue::count(entry.induction_overdue),
            entry.supervisor_name.clone().map_or(ListValue::Empty, ListValue::Text),
        ]);
    }
    table
}

/// The Due board as shown.
pub fn due(items: &[DueItem], today: NaiveDate) -> ListTable {
    let mut table = ListTable::new(
        "Due",
        &[
            ("Due", 11.0),
            ("State", 16.0),
            ("What", 22.0),
            ("Prison no.", 11.0),
            ("Prisoner", 24.0),
            ("Supervisor", 18.0),
            ("Why", 50.0),
        ],
        Disclosure::prisoners(
            items.iter().map(|item| item.prisoner_id),
            format!("list of {} exported", plural(items.len(), "deadline")),
        ),
    );
    for item in items {
        table.rows.push(vec![
            ListValue::Date(item.due),
            ListValue::text(item.state(today).describe()),
            ListValue::text(item.kind.label()),
            ListValue::text(&item.prison_number),
            ListValue::text(&item.name),
            item.supervisor.clone().map_or(ListValue::Empty, ListValue::Text),
            ListValue::text(&item.reason),
        ]);
    }
    table
}

/// The unmet need report: each intervention, how many need it and where they are.
pub fn unmet_need(lines: &[NeedLine]) -> ListTable {
    let mut table = ListTable::new(
        "Unmet need",
        &[
            ("Intervention", 32.0),
            ("Kind", 18.0),
            ("Pathway", 28.0),
            ("Offered here", 10.0),
            ("Need it", 9.0),
            ("On it", 9.0),
            ("Waiting", 9.0),
            ("Not referred", 10.0),
            ("Unmet", 9.0),
        ],
        Disclosure::register("intervention", "unmet need report exported"),
    );
    for line in lines {
        let intervention = &line.intervention;
        table.rows.push(vec![
            ListValue::text(&intervention.name),
            ListValue::text(intervention.kind.label()),
            ListValue::text(intervention.pathway.label()),
            ListValue::text(if intervention.offered { "Yes" } else { "No" }),
            ListValue::count(line.need),
            ListValue::count(line.on_it),
            ListValue::count(line.waiting),
            ListValue::count(line.not_referred),
            ListValue::count(line.unmet),
        ]);
    }
    table
}

/// Each supervisor's share of the work, then the unit's totals.
pub fn workload(rows: &[Workload], tiers: &[String]) -> ListTable {
    let mut columns: Vec<(String, f64)> = vec![("Supervisor".into(), 22.0), ("Cases".into(), 8.0)];
    columns.extend(tiers.iter().map(|tier| (format!("Tier {tier}"), 8.0)));
    columns.extend(rosh_levels().map(|(_, label)| (format!("RoH {}", label.to_lowercase()), 9.0)));
    columns.extend(
        ["In scope", "OASys reviews overdue", "Contacts overdue", "Inductions overdue"]
            .map(|heading| (heading.to_string(), 11.0)),
    );
    let mut table = ListTable {
        title: "Workload".into(),
        columns: columns.into_iter().map(|(heading, width)| ListColumn { heading, width }).collect(),
        rows: Vec::new(),
        disclosure: Disclosure::register("prisoner", "workload summary exported"),
    };
    let total = Workload::total_of(rows);
    for (name, row) in rows
        .iter()
        .map(|row| (row.supervisor.clone().unwrap_or_else(|| "Not yet allocated".into()), row))
        .chain(std::iter::once(("Whole unit".to_string(), &total)))
    {
        let mut cells = vec![ListValue::Text(name), ListValue::count(row.total)];
        cells.extend(tiers.iter().map(|tier| ListValue::count(row.tier_count(tier))));
        cells.extend(rosh_levels().map(|(rosh, _)| ListValue::count(row.rosh_count(rosh))));
        cells.extend(
            [row.in_scope, row.overdue_review, row.overdue_contact, row.overdue_induction].map(ListValue::count),
        );
        table.rows.push(cells);
    }
    table
}

/// Every induction item past its due time, one row each.
pub fn induction_overdue(open: &[OpenInduction], now: chrono::DateTime<chrono::Utc>) -> ListTable {
    let mut table = ListTable::new(
        "Induction overdue",
        &[("Prison no.", 11.0), ("Prisoner", 24.0), ("Location", 10.0), ("Item", 36.0), ("Was due", 18.0)],
        Disclosure::records(
            "induction_checklist",
            open.iter()
                .map(|induction| DisclosedRow { id: induction.checklist.id, prisoner_id: induction.prisoner_id })
                .collect(),
            "list of induction items overdue exported",
        ),
    );
    for induction in open {
        for item in induction.checklist.items.iter().filter(|item| item.is_overdue(now)) {
            table.rows.push(vec![
                ListValue::text(&induction.prison_number),
                ListValue::text(&induction.name),
                ListValue::text(&induction.location),
                ListValue::text(&item.template_item.title),
                ListValue::text(format_local(item.due_at)),
            ]);
        }
    }
    table
}

/// Key movements, as the history screen lists them.
pub fn key_history(lines: &[MovementLine], subject: &str) -> ListTable {
    let mut table = ListTable::new(
        "Key movements",
        &[
            ("When", 17.0),
            ("Hook", 6.0),
            ("Bunch", 24.0),
            ("What", 22.0),
            ("Holder (tally)", 24.0),
            ("Detail", 36.0),
            ("Recorded by", 18.0),
        ],
        Disclosure::register("key_movement", format!("key movements exported: {subject}")),
    );
    for line in lines {
        table.rows.push(vec![
            ListValue::text(format_local(line.movement.at)),
            ListValue::count(line.hook as usize),
            ListValue::text(&line.bunch),
            ListValue::text(line.what()),
            ListValue::text(line.holder_words()),
            ListValue::text(line.detail()),
            ListValue::text(&line.movement.recorded_by),
        ]);
    }
    table
}

/// The audit trail for an inspector: what each entry did in people's words, then the
/// values as stored.
pub fn audit_trail(entries: &[storage::AuditEntry], names: &Names) -> ListTable {
    let mut table = ListTable::new(
        "Audit trail",
        &[
            ("Entry", 8.0),
            ("At (UTC)", 24.0),
            ("Who", 18.0),
            ("Action", 10.0),
            ("Record", 18.0),
            ("Row", 7.0),
            ("What", 40.0),
            ("Details", 40.0),
            ("Stored values", 60.0),
        ],
        super::audit_trail_disclosure(entries.len()),
    );
    for entry in entries {
        let words = super::entry_in_words(entry, names);
        table.rows.push(vec![
            ListValue::Count(entry.id),
            ListValue::text(&entry.at),
            ListValue::text(&entry.actor),
            ListValue::text(&entry.action),
            ListValue::text(&entry.table_name),
            entry.row_id.map_or(ListValue::Empty, ListValue::Count),
            ListValue::Text(words.what),
            ListValue::Text(words.details),
            ListValue::Text(super::describe_audit_entry(entry)),
        ]);
    }
    table
}

/// The lists the command line exports, by the name it is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    Caseload,
    Due,
    UnmetNeed,
    Workload,
    InductionOverdue,
    KeyHistory,
    Audit,
    UnitFigures,
}

impl ListKind {
    pub const ALL: [ListKind; 8] = [
        ListKind::Caseload,
        ListKind::Due,
        ListKind::UnmetNeed,
        ListKind::Workload,
        ListKind::InductionOverdue,
        ListKind::KeyHistory,
        ListKind::Audit,
        ListKind::UnitFigures,
    ];

    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ListKind::Caseload => "caseload",
            ListKind::Due => "due",
            ListKind::UnmetNeed => "unmet-need",
            ListKind::Workload => "workload",
            ListKind::InductionOverdue => "induction-overdue",
            ListKind::KeyHistory => "key-history",
            ListKind::Audit => "audit",
            ListKind::UnitFigures => "unit-figures",
        }
    }

    /// The list a command-line name means, or a sentence naming the ones there are.
    pub fn named(name: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.name() == name.trim())
            .ok_or_else(|| format!("there is no list called '{name}': {}", Self::ALL.map(ListKind::name).join(", ")))
    }

    /// Who may export it: the audit trail is the administrators', key history is
    /// the gate's too, the rest is case work.
    pub fn needs(self) -> crate::domain::users::Capability {
        use crate::domain::users::Capability;
        match self {
            ListKind::Audit => Capability::Administer,
            ListKind::KeyHistory => Capability::KeyRegister,
            _ => Capability::CaseWork,
        }
    }
}

/// Whose lists and which stretch of time: a supervisor's caseload (`None`: the whole
/// unit), and for key movements and the audit trail, from and to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListScope {
    pub staff_id: Option<i64>,
    pub from: chrono::DateTime<chrono::Utc>,
    pub to: chrono::DateTime<chrono::Utc>,
}

/// How far ahead the exported Due list looks, as the Due board does.
pub const DUE_DAYS: i64 = 28;

/// A list read fresh from the case file, in each list's own default order.
pub fn from_case_file(
    db: &storage::Db,
    kind: ListKind,
    scope: ListScope,
    today: NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<ListTable, ExchangeError> {
    use crate::domain::deadlines::{DueSort, arrange_due};
    use crate::domain::plan::{NeedSort, arrange_need};
    let supervisor = scope.staff_id.map_or(storage::SupervisorFilter::All, storage::SupervisorFilter::Staff);
    let query = storage::CaseloadQuery { supervisor, ..storage::CaseloadQuery::default() };
    Ok(match kind {
        ListKind::Caseload => caseload(&db.caseload(&query, today)?),
        ListKind::Due => {
            let entries = db.caseload(&query, today)?;
            let mut items = db.deadlines(&entries, today, DUE_DAYS)?;
            arrange_due(&mut items, DueSort::default());
            due(&items, today)
        }
        ListKind::UnmetNeed => {
            let mut lines = crate::domain::plan::unmet_need(&db.interventions()?, &db.required_interventions()?);
            arrange_need(&mut lines, NeedSort::default());
            unmet_need(&lines)
        }
        ListKind::Workload => {
            let entries = db.caseload(&storage::CaseloadQuery::default(), today)?;
            workload(&crate::domain::caseload::workloads(&entries, today), &db.tier_names()?)
        }
        ListKind::InductionOverdue => induction_overdue(&db.open_inductions()?, now),
        ListKind::KeyHistory => key_history(
            &db.movement_history(scope.from, scope.to, None, None, usize::MAX >> 1)?,
            &format!("all bunches, {} to {}", format_local(scope.from), format_local(scope.to)),
        ),
        ListKind::Audit => {
            let filter = storage::AuditFilter {
                from: Some(crate::domain::dates::utc_to_london(scope.from).date_naive()),
                to: Some(crate::domain::dates::utc_to_london(scope.to).date_naive()),
                prisoner_id: None,
                limit: None,
            };
            audit_trail(&db.audit_entries(&filter)?, &db.audit_names()?)
        }
        ListKind::UnitFigures => {
            use crate::domain::unit::{UnitReport, last_twelve_months};
            let since = crate::domain::dates::london_to_utc(last_twelve_months(today)[0], chrono::NaiveTime::MIN);
            let facts = db.unit_facts(supervisor, since)?;
            let whose = match scope.staff_id {
                Some(id) => db
                    .staff()?
                    .into_iter()
                    .find(|member| member.id == id)
                    .map_or_else(|| "one caseload".to_string(), |member| format!("{}'s caseload", member.name)),
                None => "the whole unit".to_string(),
            };
            unit_figures(&UnitReport::new(&facts, whose, today, scope.staff_id.is_none()))
        }
    })
}

/// The unit's figures: a row per measure and month, with the counts behind each
/// share, and the gate's counts for the whole unit. Counts only: no names, so the
/// export discloses no one's record.
pub fn unit_figures(report: &crate::domain::unit::UnitReport) -> ListTable {
    let columns = [("Measure", 44.0), ("Month", 12.0), ("Met", 8.0), ("Of", 8.0), ("Share (%)", 10.0)];
    let mut table = ListTable {
        title: format!("Unit figures for {}", report.whose),
        columns: columns.into_iter().map(|(heading, width)| ListColumn { heading: heading.into(), width }).collect(),
        rows: Vec::new(),
        disclosure: Disclosure::register("prisoner", "unit figures exported"),
    };
    for (measure, months) in &report.measures {
        for month in months {
            table.rows.push(vec![
                ListValue::text(measure.title()),
                ListValue::Date(month.month),
                ListValue::count(month.met.len()),
                ListValue::count(month.total()),
                month.percent().map_or(ListValue::Empty, |percent| ListValue::Count(percent.into())),
            ]);
        }
    }
    for month in report.keys.iter().flatten() {
        for (what, count) in
            [("Key incidents reported", month.incidents), ("Bunches returned late", month.late_returns)]
        {
            table.rows.push(vec![
                ListValue::text(what),
                ListValue::Date(month.month),
                ListValue::count(count),
                ListValue::Empty,
                ListValue::Empty,
            ]);
        }
    }
    table
}
