//! Bringing a caseload in from a spreadsheet: the sheet chosen, the columns mapped to
//! the record (proposed from their headings, each one changeable), the words the
//! sheet uses for risk and sentence taught to the value table, what to do with
//! prison numbers already here, then a preview and every problem by row and column.
//! Nothing is written until the person presses Import, and then all of it or none.

use std::path::PathBuf;

use iced::widget::{button, column, container, radio, row, scrollable, text};
use iced::{Alignment, Element, Fill};

use super::{Choice, Context, Screen, Shared, selected};
use crate::ui::choice::choice;
use crate::ui::theme::{self, BannerKind};
use crate::ui::widget::{BODY_SIZE, LABEL_SIZE, banner, cell, field, heading, labelled, section, slot};
use omu_core::exchange::sheet::{
    self, ExistingRecords, Grid, MAX_PROBLEMS_SHOWN, Mapping, PREVIEW_HEADINGS, SheetField, SheetPlan, ValueKind,
};

/// How many rows the preview shows.
const PREVIEW_ROWS: usize = 5;

pub struct SheetImportScreen {
    path: PathBuf,
    bytes: Vec<u8>,
    /// The sheet read, or why it could not be.
    grid: Result<Grid, String>,
    mapping: Mapping,
    /// The heading row as typed, so a half-typed number is not lost.
    heading_row: String,
    existing: ExistingRecords,
    plan: Option<SheetPlan>,
    /// A word being taught to the value table: its kind, the word, the value it means.
    value_kind: ValueKind,
    value_word: String,
    value_code: Option<String>,
    notice: Option<(BannerKind, String)>,
    /// The person has changed the mapping or taught the table a word: leaving loses it.
    adjusted: bool,
}

#[derive(Debug, Clone)]
pub enum Message {
    /// Another sheet of the workbook was chosen.
    Sheet(String),
    /// The heading row's number was edited.
    HeadingRow(String),
    /// The field a column (by position) fills was chosen, or "not imported".
    Column(usize, Choice<SheetField>),
    /// What to do with prison numbers already in the case file.
    Existing(ExistingRecords),
    /// The kind of word being taught to the value table.
    ValueKind(ValueKind),
    /// The word the sheet uses, as typed.
    ValueWord(String),
    /// The record's value the word means.
    ValueCode(String),
    /// Add the word to the value table.
    AddValue,
    /// Write every row (all or nothing).
    Import,
    /// Leave without importing.
    Back,
}

pub enum Action {
    None,
    /// Back to the caseload, with nothing written.
    Back,
    /// The rows were written: back to the caseload, saying what was done.
    Imported(String),
}

impl SheetImportScreen {
    pub fn new(ctx: &mut Context, path: PathBuf, bytes: Vec<u8>) -> Self {
        let grid = sheet::read_grid(&bytes, None);
        let mapping = match &grid {
            Ok(grid) => sheet::mapping_for(ctx.db, grid).unwrap_or_else(|_| sheet::propose(&grid.rows)),
            Err(_) => Mapping::default(),
        };
        let mut screen = Self {
            path,
            bytes,
            heading_row: mapping.heading_row.to_string(),
            grid,
            mapping,
            existing: ExistingRecords::Skip,
            plan: None,
            value_kind: ValueKind::Rosh,
            value_word: String::new(),
            value_code: None,
            notice: None,
            adjusted: false,
        };
        screen.replan(ctx);
        screen
    }

    pub fn mapping(&self) -> &Mapping {
        &self.mapping
    }

    /// Works the import out again after any change: nothing is written.
    fn replan(&mut self, ctx: &mut Context) {
        self.plan = match &self.grid {
            Ok(grid) => match sheet::plan(ctx.db, grid, &self.mapping, self.existing, ctx.today) {
                Ok(plan) => Some(plan),
                Err(error) => {
                    self.notice = Some((BannerKind::Error, format!("The import could not be worked out: {error}")));
                    None
                }
            },
            Err(_) => None,
        };
    }

    fn file_name(&self) -> String {
        self.path.file_name().map_or_else(|| self.path.display().to_string(), |name| name.to_string_lossy().into())
    }
}

impl Screen for SheetImportScreen {
    type Message = Message;
    type Action = Action;

    fn update(&mut self, message: Message, ctx: &mut Context) -> Action {
        match message {
            Message::Sheet(name) => {
                self.grid = sheet::read_grid(&self.bytes, Some(&name));
                if let Ok(grid) = &self.grid {
                    self.mapping = sheet::propose(&grid.rows);
                    self.heading_row = self.mapping.heading_row.to_string();
                }
            }
            Message::HeadingRow(typed) => {
                if let (Ok(number), Ok(grid)) = (typed.trim().parse::<usize>(), &self.grid)
                    && (1..=grid.rows.len()).contains(&number)
                {
                    // The columns are proposed again from the headings on that row.
                    let values = std::mem::take(&mut self.mapping.values);
                    self.mapping = Mapping { values, ..sheet::propose_at(&grid.rows, number) };
                }
                self.heading_row = typed;
                self.adjusted = true;
            }
            Message::Column(column, chosen) => {
                if self.mapping.columns.len() <= column {
                    self.mapping.columns.resize(column + 1, None);
                }
                self.mapping.columns[column] = chosen.value;
                self.adjusted = true;
            }
            Message::Existing(existing) => self.existing = existing,
            Message::ValueKind(kind) => {
                self.value_kind = kind;
                self.value_code = None;
            }
            Message::ValueWord(word) => {
                self.value_word = word;
                return Action::None;
            }
            Message::ValueCode(code) => {
                self.value_code = Some(code);
                return Action::None;
            }
            Message::AddValue => {
                let word = self.value_word.trim().to_string();
                let added = match (&self.value_code, word.is_empty()) {
                    (_, true) => Err("type the word the sheet uses".to_string()),
                    (None, false) => Err("choose what it means".to_string()),
                    (Some(code), false) => self.mapping.values.add(self.value_kind, &word, code).map(|()| code.clone()),
                };
                match added {
                    Ok(code) => {
                        self.notice = Some((
                            BannerKind::Success,
                            format!("'{word}' now reads as {} {code}.", self.value_kind.label().to_lowercase()),
                        ));
                        self.value_word.clear();
                        self.adjusted = true;
                    }
                    Err(problem) => {
                        self.notice = Some((BannerKind::Error, format!("Not added: {problem}")));
                        return Action::None;
                    }
                }
            }
            Message::Import => {
                let (Some(plan), Ok(grid)) = (&self.plan, &self.grid) else { return Action::None };
                return match sheet::apply(ctx.db, plan) {
                    Ok(summary) => {
                        // The layout is read the same way next time; a failure to
                        // remember it loses nothing that was imported.
                        let _ = sheet::remember(ctx.db, grid, &self.mapping);
                        self.adjusted = false;
                        Action::Imported(format!("Imported {}: {}", self.file_name(), summary.describe()))
                    }
                    Err(error) => {
                        self.notice = Some((BannerKind::Error, format!("Nothing was imported: {error}")));
                        Action::None
                    }
                };
            }
            Message::Back => return Action::Back,
        }
        self.replan(ctx);
        Action::None
    }

    fn unsaved_work(&self) -> Option<&'static str> {
        self.adjusted.then_some("the spreadsheet import (the columns as you mapped them)")
    }

    fn view<'a>(&'a self, _shared: &Shared<'a>) -> Element<'a, Message> {
        let mut page = column![
            row![
                heading(format!("Import a caseload from {}", self.file_name())),
                iced::widget::space::horizontal(),
                button(text("Back to caseload")).on_press(Message::Back).style(button::secondary),
            ]
            .align_y(Alignment::Center),
            text("Check how each column is read, then the preview and the problems below. Nothing is written until you press Import, and then every row goes in or none does.")
                .size(BODY_SIZE)
                .style(theme::muted),
        ]
        .spacing(10);
        page =
            page.push(slot(self.notice.as_ref().map(|(kind, message)| Element::from(banner(*kind, message.as_str())))));
        let grid = match &self.grid {
            Ok(grid) => grid,
            Err(problem) => {
                return page.push(banner(BannerKind::Error, format!("This file cannot be imported: {problem}"))).into();
            }
        };
        // Where things stand, before the columns: the full account is at the foot.
        if let Some(plan) = &self.plan {
            let standing = if plan.problems.is_empty() {
                text(format!(
                    "{} ready to import: check the preview at the foot, then Import.",
                    omu_core::domain::text::plural(plan.rows.len(), "row")
                ))
                .size(BODY_SIZE)
            } else {
                text(format!(
                    "{} to put right before anything can be imported: they are listed at the foot, by row and column.",
                    omu_core::domain::text::plural_with(plan.problems.len(), "problem", "problems")
                ))
                .size(BODY_SIZE)
                .style(theme::error_text)
            };
            page = page.push(standing);
        }
        let mut body = column![].spacing(12);

        // Which sheet, and which row holds the headings.
        let mut where_ = row![].spacing(12).align_y(Alignment::End);
        if grid.sheets.len() > 1 {
            where_ = where_.push(labelled(
                "Sheet",
                choice(grid.sheets.clone(), Some(grid.sheet.clone()), Message::Sheet).text_size(BODY_SIZE),
                None,
            ));
        }
        where_ = where_.push(
            iced::widget::container(field("Headings on row", &self.heading_row, None, Message::HeadingRow)).width(180),
        );
        body = body.push(where_);

        // Each column: its heading, its first value, and the field it fills.
        let fields: Vec<Choice<SheetField>> = std::iter::once(Choice::none("Not imported"))
            .chain(SheetField::ALL.into_iter().map(|field| Choice::some(field, field.label())))
            .collect();
        let headings = sheet::headings(grid, &self.mapping);
        let first_row = grid.rows.get(self.mapping.heading_row).cloned().unwrap_or_default();
        let mut columns = column![
            container(
                row![
                    cell(text("Column heading").size(LABEL_SIZE), 3),
                    cell(text("First row").size(LABEL_SIZE), 3),
                    cell(text("Goes into").size(LABEL_SIZE), 4),
                ]
                .spacing(8)
            )
            .padding([6, 8])
            .style(theme::table_header)
        ]
        .spacing(4);
        for (index, heading) in headings.iter().enumerate() {
            let mapped = self.mapping.columns.get(index).copied().flatten();
            columns = columns.push(
                row![
                    cell(
                        text(if heading.is_empty() { format!("(column {})", index + 1) } else { heading.clone() })
                            .size(BODY_SIZE),
                        3
                    ),
                    cell(
                        text(first_row.get(index).map(sheet::Cell::shown).unwrap_or_default())
                            .size(BODY_SIZE)
                            .style(theme::muted),
                        3
                    ),
                    cell(
                        choice(fields.clone(), selected(&fields, mapped.as_ref()), move |chosen| Message::Column(
                            index, chosen
                        ))
                        .text_size(BODY_SIZE)
                        .width(Fill),
                        4
                    ),
                ]
                .spacing(8)
                .padding([0, 8])
                .align_y(Alignment::Center),
            );
        }
        body = body.push(section("Columns", columns));

        // The words the value table reads, and a way to teach it one.
        let mut words = column![].spacing(4);
        let all = self.mapping.values.all_words();
        for kind in ValueKind::ALL {
            let line = kind
                .codes()
                .into_iter()
                .map(|code| {
                    let said: Vec<&str> = all
                        .iter()
                        .filter(|(of, _, means)| *of == kind && means == code)
                        .map(|(_, word, _)| word.as_str())
                        .collect();
                    format!("{code}: {}", said.join(", "))
                })
                .collect::<Vec<_>>()
                .join("   ·   ");
            words = words.push(text(format!("{}  —  {line}", kind.label())).size(LABEL_SIZE));
        }
        let codes: Vec<String> = self.value_kind.codes().into_iter().map(str::to_string).collect();
        let teach = row![
            labelled(
                "Kind",
                choice(ValueKind::ALL.to_vec(), Some(self.value_kind), Message::ValueKind).text_size(BODY_SIZE),
                None
            ),
            field("The sheet says", &self.value_word, None, Message::ValueWord),
            labelled(
                "Which means",
                choice(codes, self.value_code.clone(), Message::ValueCode).placeholder("Choose").text_size(BODY_SIZE),
                None
            ),
            button(text("Add the word")).on_press(Message::AddValue).style(button::secondary),
        ]
        .spacing(10)
        .align_y(Alignment::End);
        body = body.push(section(
            "Words the sheet uses",
            column![
                text(
                    "Case, spaces and punctuation are ignored: \"V High\", \"VH\" and \"very high\" are the same word."
                )
                .size(LABEL_SIZE)
                .style(theme::muted),
                words,
                teach
            ]
            .spacing(8),
        ));

        // Prison numbers already here.
        body = body.push(section(
            "Prison numbers already in the case file",
            row![
                radio("Leave those records as they are", ExistingRecords::Skip, Some(self.existing), Message::Existing)
                    .text_size(BODY_SIZE),
                radio(
                    "Update only the fields mapped above",
                    ExistingRecords::UpdateMapped,
                    Some(self.existing),
                    Message::Existing
                )
                .text_size(BODY_SIZE),
            ]
            .spacing(24),
        ));

        if let Some(plan) = &self.plan {
            body = body.push(self.outcome(plan));
        }
        page.push(scrollable(body.padding(iced::Padding { right: 14.0, ..iced::Padding::ZERO })).height(Fill)).into()
    }
}

impl SheetImportScreen {
    /// The preview, the problems, and the Import button.
    fn outcome<'a>(&'a self, plan: &'a SheetPlan) -> Element<'a, Message> {
        let mut preview = column![
            container(row(PREVIEW_HEADINGS.iter().map(|heading| cell(text(*heading).size(LABEL_SIZE), 2))).spacing(8))
                .padding([6, 8])
                .style(theme::table_header)
        ]
        .spacing(4);
        for line in plan.preview(PREVIEW_ROWS) {
            preview = preview.push(
                row(line.into_iter().map(|value| cell(text(value).size(BODY_SIZE), 2))).spacing(8).padding([0, 8]),
            );
        }
        let mut summary = column![
            text(format!(
                "{} to add, {} to update, {} already here left alone.",
                omu_core::domain::text::plural(plan.new_count(), "prisoner"),
                plan.update_count(),
                plan.skipped.len()
            ))
            .size(BODY_SIZE)
        ]
        .spacing(6);
        if !plan.new_staff.is_empty() {
            summary = summary.push(
                text(format!("Added to the staff list as offender supervisors: {}", plan.new_staff.join(", ")))
                    .size(BODY_SIZE),
            );
        }
        for problem in plan.problems.iter().take(MAX_PROBLEMS_SHOWN) {
            summary = summary.push(text(problem.as_str()).size(BODY_SIZE).style(theme::error_text));
        }
        if plan.problems.len() > MAX_PROBLEMS_SHOWN {
            summary = summary.push(
                text(format!("and {} more problems", plan.problems.len() - MAX_PROBLEMS_SHOWN))
                    .size(BODY_SIZE)
                    .style(theme::error_text),
            );
        }
        let label = if plan.problems.is_empty() {
            format!("Import {}", omu_core::domain::text::plural(plan.rows.len(), "row"))
        } else {
            format!(
                "Put {} right first",
                omu_core::domain::text::plural_with(plan.problems.len(), "problem", "problems")
            )
        };
        summary = summary.push(
            button(text(label)).on_press_maybe(plan.is_ready().then_some(Message::Import)).style(button::primary),
        );
        column![section("Preview: the first rows as they will be saved", preview), section("What will happen", summary)]
            .spacing(12)
            .into()
    }
}
