//! The interventions catalogue and the unmet need report: how many prisoners need
//! each intervention, how many are on it or waiting, and how many need one this
//! establishment does not offer. This is the figure inspectors found hidden.

use crate::ui::choice::choice;
use iced::widget::{button, checkbox, column, container, row, scrollable, text};
use iced::{Alignment, Element, Fill};

use super::{Context, Screen, Shared};
use crate::ui::printing;
use crate::ui::theme::{self, BannerKind};
use crate::ui::widget::{
    BODY_SIZE, LABEL_SIZE, badge, banner, cell, field, heading, labelled, section, slot, sort_cell,
};
use omu_core::domain::plan::{
    Intervention, InterventionForm, InterventionKind, NeedColumn, NeedLine, NeedSort, Pathway, arrange_need, unmet_need,
};
use omu_core::domain::risk::Coded;
use omu_core::domain::text::plural;

pub struct InterventionsScreen {
    report: Vec<NeedLine>,
    sort: NeedSort,
    form: InterventionForm,
    notice: Option<(BannerKind, String)>,
    /// Where the report saved as a spreadsheet went, or why not.
    saving: printing::Status,
}

#[derive(Debug, Clone)]
pub enum Message {
    /// Whether this establishment offers the intervention (by id) was changed.
    Offered(i64, bool),
    /// The new intervention's name was edited.
    Name(String),
    /// The new intervention's kind was chosen.
    Kind(InterventionKind),
    /// The new intervention's pathway was chosen.
    Pathway(Pathway),
    /// Whether the new intervention is offered here was changed.
    NewOffered(bool),
    /// The new intervention's waiting list notes were edited.
    WaitingList(String),
    /// Add the new intervention to the catalogue.
    Add,
    /// A column heading was clicked: sort by it, or the other way round.
    SortBy(NeedColumn),
    /// Save the unmet need report as shown as a spreadsheet (.xlsx or .csv).
    ExportList,
    /// Where the spreadsheet went, or why not.
    ListSaved(printing::Outcome),
    /// Open or dismiss the saved file's banner.
    Saving(printing::Message),
}

pub enum Action {
    None,
    /// Save the spreadsheet (a dialog, then the file, in the background).
    Run(iced::Task<Message>),
}

/// The "add to the catalogue" form as it first shows: most entries are offered here.
fn blank_form() -> InterventionForm {
    InterventionForm { offered: true, ..InterventionForm::default() }
}

impl InterventionsScreen {
    pub fn new(ctx: &mut Context) -> Self {
        let mut screen = Self {
            report: Vec::new(),
            sort: NeedSort::default(),
            form: blank_form(),
            notice: None,
            saving: printing::Status::default(),
        };
        screen.refresh(ctx);
        screen
    }

    pub fn report(&self) -> &[NeedLine] {
        &self.report
    }

    fn refresh(&mut self, ctx: &mut Context) {
        match ctx.db.interventions().and_then(|catalogue| Ok((catalogue, ctx.db.required_interventions()?))) {
            Ok((catalogue, required)) => {
                self.report = unmet_need(&catalogue, &required);
                arrange_need(&mut self.report, self.sort);
            }
            Err(error) => self.notice = Some((BannerKind::Error, format!("Could not read the catalogue: {error}"))),
        }
    }
}

impl Screen for InterventionsScreen {
    type Message = Message;
    type Action = Action;

    fn update(&mut self, message: Message, ctx: &mut Context) -> Action {
        match message {
            Message::Offered(id, offered) => {
                let Some(line) = self.report.iter().find(|line| line.intervention.id == id) else {
                    return Action::None;
                };
                let changed = Intervention { offered, ..line.intervention.clone() };
                match ctx.db.save_intervention(&changed) {
                    Ok(_) => self.refresh(ctx),
                    Err(error) => self.notice = Some((BannerKind::Error, format!("Not changed: {error}"))),
                }
            }
            Message::Name(value) => self.form.name = value,
            Message::Kind(kind) => self.form.kind = Some(kind),
            Message::Pathway(pathway) => self.form.pathway = Some(pathway),
            Message::NewOffered(on) => self.form.offered = on,
            Message::WaitingList(value) => self.form.waiting_list_notes = value,
            Message::SortBy(column) => {
                self.sort = self.sort.clicked(column);
                arrange_need(&mut self.report, self.sort);
            }
            Message::ExportList => {
                let table = omu_core::exchange::lists::unmet_need(&self.report);
                return Action::Run(printing::export_list(table, ctx).map(Message::ListSaved));
            }
            Message::ListSaved(outcome) => self.saving.finished(outcome, ctx.db),
            Message::Saving(message) => return Action::Run(self.saving.update(message).map(Message::Saving)),
            Message::Add => match self.form.validate() {
                Ok(intervention) => match ctx.db.save_intervention(&intervention) {
                    Ok(_) => {
                        self.notice =
                            Some((BannerKind::Success, format!("{} added to the catalogue.", intervention.name)));
                        self.form = blank_form();
                        self.refresh(ctx);
                    }
                    Err(error) => self.notice = Some((BannerKind::Error, format!("Not added: {error}"))),
                },
                Err(message) => self.notice = Some((BannerKind::Error, format!("Not added: {message}"))),
            },
        }
        Action::None
    }

    fn view<'a>(&'a self, _shared: &Shared<'a>) -> Element<'a, Message> {
        let unmet: usize = self.report.iter().map(|line| line.unmet).sum();
        let mut page = column![
            row![
                heading("Interventions and unmet need"),
                iced::widget::space::horizontal(),
                button(text("Export to spreadsheet…").size(BODY_SIZE))
                    .on_press(Message::ExportList)
                    .style(button::secondary),
            ]
            .align_y(iced::Alignment::Center),
            text(format!(
                "Counted from each current prisoner's latest plan. {} for interventions this establishment does not offer.",
                plural(unmet, "need")
            ))
            .size(BODY_SIZE),
        ]
        .spacing(10);
        page =
            page.push(slot(self.notice.as_ref().map(|(kind, message)| Element::from(banner(*kind, message.as_str())))));
        page = page.push(slot(self.saving.view().map(|saved| saved.map(Message::Saving))));
        let head = |label: &'static str, column: NeedColumn, portion| {
            sort_cell(label, self.sort, column, Message::SortBy, portion)
        };
        let header = container(
            row![
                head("Intervention", NeedColumn::Intervention, 5),
                head("Pathway", NeedColumn::Pathway, 4),
                head("Offered here", NeedColumn::Offered, 2),
                head("Need it", NeedColumn::Need, 1),
                head("On it", NeedColumn::OnIt, 1),
                head("Waiting", NeedColumn::Waiting, 2),
                head("Not referred", NeedColumn::NotReferred, 2),
                head("Unmet", NeedColumn::Unmet, 2),
            ]
            .spacing(6),
        )
        .padding([6, 8])
        .style(theme::table_header);
        let lines = self.report.iter().map(|line| {
            let number = |count: usize| cell(text(count.to_string()).size(BODY_SIZE), 1);
            let unmet: Element<'_, Message> = if line.unmet > 0 {
                badge(BannerKind::Error, format!("{} UNMET", line.unmet))
            } else {
                text("0").size(BODY_SIZE).style(theme::muted).into()
            };
            let mut name = column![text(line.intervention.name.as_str()).size(BODY_SIZE)];
            if !line.intervention.waiting_list_notes.is_empty() {
                name =
                    name.push(text(line.intervention.waiting_list_notes.as_str()).size(LABEL_SIZE).style(theme::muted));
            }
            row![
                cell(name, 5),
                cell(text(line.intervention.pathway.label()).size(LABEL_SIZE), 4),
                cell(
                    checkbox(line.intervention.offered)
                        .on_toggle(move |on| Message::Offered(line.intervention.id, on))
                        .label(if line.intervention.offered { "yes" } else { "no" })
                        .text_size(BODY_SIZE),
                    2
                ),
                number(line.need),
                number(line.on_it),
                cell(text(line.waiting.to_string()).size(BODY_SIZE), 2),
                cell(text(line.not_referred.to_string()).size(BODY_SIZE), 2),
                cell(unmet, 2),
            ]
            .spacing(6)
            .align_y(Alignment::Center)
            .into()
        });
        let add = section(
            "Add to the catalogue",
            column![
                row![
                    field("Name", &self.form.name, None, Message::Name),
                    labelled(
                        "Kind",
                        choice(InterventionKind::ALL, self.form.kind, Message::Kind)
                            .placeholder("Choose…")
                            .text_size(BODY_SIZE),
                        None,
                    ),
                    labelled(
                        "Pathway",
                        choice(Pathway::ALL, self.form.pathway, Message::Pathway)
                            .placeholder("Choose…")
                            .text_size(BODY_SIZE),
                        None,
                    ),
                ]
                .spacing(10),
                row![
                    field("Waiting list notes", &self.form.waiting_list_notes, None, Message::WaitingList),
                    checkbox(self.form.offered)
                        .label("Offered here")
                        .on_toggle(Message::NewOffered)
                        .text_size(BODY_SIZE),
                    button(text("Add")).on_press(Message::Add).style(button::primary),
                ]
                .spacing(10)
                .align_y(Alignment::End),
            ]
            .spacing(10),
        );
        page.push(
            scrollable(
                column![header, column(lines).spacing(6).padding([4, 8]), add]
                    .spacing(8)
                    .padding(iced::Padding { right: 14.0, ..iced::Padding::ZERO }),
            )
            .height(Fill),
        )
        .into()
    }

    /// What leaving now would lose.
    fn unsaved_work(&self) -> Option<&'static str> {
        (self.form != blank_form()).then_some("the new intervention")
    }
}
