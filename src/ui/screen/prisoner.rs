//! One prisoner's record: the form (new or existing), what follows from it (scope,
//! tier, when review and contact are due, each with its reason) and the contact log.
//!
//! Over 600 lines because the form, its derived facts and the contact log are one
//! page with one unsaved-work rule; the views are in `prisoner/`.

use crate::ui::choice::choice;
use iced::widget::{button, checkbox, column, container, row, scrollable, text, text_editor, text_input};
use iced::{Alignment, Element, Fill, Length, Task};

use super::checklist::{self, ChecklistPanel};
use super::plan::{self, PlanPanel};
use super::{Choice, Context, Screen, Shared, coded_choices, selected};
use crate::ui::printing::{self, FileKind};
use crate::ui::theme::{self, BannerKind};
use crate::ui::widget::{
    BODY_SIZE, LABEL_SIZE, badge, banner, chip, confirm_bar, field, field_row, labelled, section, slots,
};
use omu_core::domain::contact::{Contact, ContactForm, ContactType};
use omu_core::domain::dates::{due_state, format_date};
use omu_core::domain::prisoner::{CaseSummary, Field, FieldErrors, Prisoner, PrisonerForm};
use omu_core::domain::risk::{Coded, Likelihood, Rosh, SentenceType, describe_mappa};
use omu_core::domain::staff::Staff;
use omu_core::exchange;
use omu_core::storage;

pub mod categorisation;
pub mod parole;
mod related;
pub use categorisation::CategorisationPanel;
pub use parole::ParolePanel;

mod facts;

mod form;

/// The text fields of the form, in tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextField {
    PrisonNumber,
    Surname,
    Forenames,
    PreferredName,
    DateOfBirth,
    ReceptionDate,
    ReceptionTime,
    Wing,
    Cell,
    SentenceYears,
    SentenceMonths,
    SentenceDays,
    SentenceDate,
    ConditionalReleaseDate,
    ParoleEligibilityDate,
    LicenceExpiryDate,
    SentenceExpiryDate,
    TariffExpiryDate,
    AutomaticReleaseDate,
    HdcEligibilityDate,
    HdcApprovedDate,
    PostRecallReleaseDate,
    ApprovedParoleDate,
    RotlEligibilityDate,
    RecategorisationDueDate,
    LastOasysReviewDate,
    TransferHoldReason,
    Disability,
    FirstLanguage,
    LiteracyNeeds,
    Faith,
    FaithObservance,
    Nationality,
    OffenderManagerName,
    OffenderManagerArea,
    OffenderManagerContact,
}

impl TextField {
    /// The input's widget id: how focus moves to it and how tests find it.
    pub fn id(self) -> String {
        format!("prisoner-{self:?}")
    }

    fn value(self, form: &mut PrisonerForm) -> &mut String {
        match self {
            TextField::PrisonNumber => &mut form.prison_number,
            TextField::Surname => &mut form.surname,
            TextField::Forenames => &mut form.forenames,
            TextField::PreferredName => &mut form.preferred_name,
            TextField::DateOfBirth => &mut form.date_of_birth,
            TextField::ReceptionDate => &mut form.reception_date,
            TextField::ReceptionTime => &mut form.reception_time,
            TextField::Wing => &mut form.wing,
            TextField::Cell => &mut form.cell,
            TextField::SentenceYears => &mut form.sentence_years,
            TextField::SentenceMonths => &mut form.sentence_months,
            TextField::SentenceDays => &mut form.sentence_days,
            TextField::SentenceDate => &mut form.sentence_date,
            TextField::ConditionalReleaseDate => &mut form.conditional_release_date,
            TextField::ParoleEligibilityDate => &mut form.parole_eligibility_date,
            TextField::LicenceExpiryDate => &mut form.licence_expiry_date,
            TextField::SentenceExpiryDate => &mut form.sentence_expiry_date,
            TextField::TariffExpiryDate => &mut form.tariff_expiry_date,
            TextField::AutomaticReleaseDate => &mut form.automatic_release_date,
            TextField::HdcEligibilityDate => &mut form.hdc_eligibility_date,
            TextField::HdcApprovedDate => &mut form.hdc_approved_date,
            TextField::PostRecallReleaseDate => &mut form.post_recall_release_date,
            TextField::ApprovedParoleDate => &mut form.approved_parole_date,
            TextField::RotlEligibilityDate => &mut form.rotl_eligibility_date,
            TextField::RecategorisationDueDate => &mut form.recategorisation_due_date,
            TextField::LastOasysReviewDate => &mut form.last_oasys_review_date,
            TextField::TransferHoldReason => &mut form.transfer_hold_reason,
            TextField::Disability => &mut form.disability,
            TextField::FirstLanguage => &mut form.first_language,
            TextField::LiteracyNeeds => &mut form.literacy_needs,
            TextField::Faith => &mut form.faith,
            TextField::FaithObservance => &mut form.faith_observance,
            TextField::Nationality => &mut form.nationality,
            TextField::OffenderManagerName => &mut form.offender_manager_name,
            TextField::OffenderManagerArea => &mut form.offender_manager_area,
            TextField::OffenderManagerContact => &mut form.offender_manager_contact,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    Ppo,
    Recall,
    TransferHold,
    InterpreterNeeded,
    CareLeaver,
    Veteran,
    ForeignNational,
}

impl Flag {
    fn value(self, form: &mut PrisonerForm) -> &mut bool {
        match self {
            Flag::Ppo => &mut form.ppo,
            Flag::Recall => &mut form.recall,
            Flag::TransferHold => &mut form.transfer_hold,
            Flag::InterpreterNeeded => &mut form.interpreter_needed,
            Flag::CareLeaver => &mut form.care_leaver,
            Flag::Veteran => &mut form.veteran,
            Flag::ForeignNational => &mut form.foreign_national,
        }
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    /// A text field was edited.
    Text(TextField, String),
    /// A tick box was changed.
    Flag(Flag, bool),
    /// The sentence type was chosen.
    SentenceType(SentenceType),
    /// The security category was chosen.
    SecurityCategory(Choice<String>),
    /// The risk of serious harm was chosen.
    Rosh(Choice<Rosh>),
    /// The likelihood of reoffending was chosen.
    Likelihood(Choice<Likelihood>),
    /// The MAPPA category was chosen.
    MappaCategory(Choice<u8>),
    /// The MAPPA level was chosen.
    MappaLevel(Choice<u8>),
    /// The allocated supervisor was chosen.
    Supervisor(Choice<i64>),
    /// The notes were edited.
    NotesEdited(text_editor::Action),
    /// Save what is being written on the tab showing (Ctrl+S).
    Save,
    /// Undo unsaved edits (after asking), or leave a new record (Esc).
    Cancel,
    /// Undo the edits to the saved record, after being asked.
    ConfirmUndo,
    /// Keep the edits, after being asked.
    KeepChanges,
    /// Back to the caseload; asks first if there are unsaved changes.
    Back,
    /// Leave without saving, after being asked.
    DiscardAndLeave,
    /// Stay on the form, after being asked.
    KeepEditing,
    /// Archive the record (true) or bring it back to the caseload (false).
    SetArchived(bool),
    /// Save this prisoner's transfer pack (record, contacts, plans, boards) as JSON.
    ExportPack,
    /// Where the pack went, or why not.
    PackExported(printing::Outcome),
    /// Open or dismiss the saved pack's banner.
    Exporting(printing::Message),
    /// The new contact's date was edited.
    ContactDate(String),
    /// The new contact's kind was chosen.
    ContactType(ContactType),
    /// Who made the contact was edited.
    ContactWho(String),
    /// The contact's notes were edited.
    ContactNotes(text_editor::Action),
    /// Record the contact.
    AddContact,
    /// Switch between the record, the sentence plan and the induction checklist.
    Tab(Tab),
    /// Work on the induction checklist tab.
    Checklist(checklist::Message),
    /// Work on the sentence plan tab.
    Plan(plan::Message),
    /// Work on the record's parole reviews.
    Parole(parole::Message),
    /// Work on the record's categorisation decisions.
    Categorisation(categorisation::Message),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Record,
    Induction,
    Plan,
}

pub enum Action {
    None,
    /// The record was saved or archived: the caseload should be read again.
    Changed,
    /// Leave the screen.
    Leave,
    Run(Task<Message>),
}

pub struct PrisonerScreen {
    saved: Option<Prisoner>,
    form: PrisonerForm,
    notes: text_editor::Content,
    errors: FieldErrors,
    summary: Option<CaseSummary>,
    contacts: Vec<Contact>,
    contact_form: ContactForm,
    /// The contact's notes, several lines as people write them.
    contact_notes: text_editor::Content,
    contact_error: Option<String>,
    security_categories: Vec<Choice<String>>,
    notice: Option<(BannerKind, String)>,
    exporting: printing::Status,
    leave_requested: bool,
    /// Esc was pressed with edits to the saved record: asking before undoing them.
    undo_requested: bool,
    tab: Tab,
    checklist: Option<ChecklistPanel>,
    plan: Option<PlanPanel>,
    parole: Option<ParolePanel>,
    categorisation: Option<CategorisationPanel>,
}

impl PrisonerScreen {
    pub fn new_reception(ctx: &mut Context) -> Self {
        let mut form = PrisonerForm::new_reception(ctx.today);
        form.allocated_supervisor_id = ctx.me().filter(|me| me.role.holds_caseload()).map(|me| me.id);
        let mut screen = Self::with_form(ctx, None, form);
        screen.notice = Some((
            BannerKind::Info,
            "New prisoner: fill in at least the prison number, names, date of birth and sentence, then Save (Ctrl+S)."
                .into(),
        ));
        screen
    }

    pub fn open(ctx: &mut Context, id: i64) -> Result<Self, storage::Error> {
        let prisoner = ctx.db.prisoner(id)?;
        let form = PrisonerForm::from_details(&prisoner.details);
        let mut screen = Self::with_form(ctx, Some(prisoner), form);
        screen.reload_related(ctx);
        Ok(screen)
    }

    fn with_form(ctx: &mut Context, saved: Option<Prisoner>, form: PrisonerForm) -> Self {
        let security_categories = std::iter::once(Choice::none("Not set"))
            .chain(
                ctx.db
                    .security_categories()
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(code, label)| Choice::some(code, label)),
            )
            .collect();
        Self {
            saved,
            notes: text_editor::Content::with_text(&form.notes),
            form,
            errors: FieldErrors::default(),
            summary: None,
            contacts: Vec::new(),
            contact_form: ContactForm::new(ctx.today, &ctx.settings.user_name),
            contact_notes: text_editor::Content::new(),
            contact_error: None,
            security_categories,
            notice: None,
            exporting: printing::Status::default(),
            leave_requested: false,
            undo_requested: false,
            tab: Tab::Record,
            checklist: None,
            plan: None,
            parole: None,
            categorisation: None,
        }
    }

    /// Shows the given tab (the induction overview opens prisoners on their checklist).
    pub fn show(&mut self, tab: Tab) {
        self.tab = tab;
    }

    pub fn tab(&self) -> Tab {
        self.tab
    }

    pub fn plan(&self) -> Option<&PlanPanel> {
        self.plan.as_ref()
    }

    pub fn parole(&self) -> Option<&ParolePanel> {
        self.parole.as_ref()
    }

    pub fn categorisation(&self) -> Option<&CategorisationPanel> {
        self.categorisation.as_ref()
    }

    pub fn checklist(&self) -> Option<&ChecklistPanel> {
        self.checklist.as_ref()
    }

    /// The stored record's id, once it has been saved.
    pub fn id(&self) -> Option<i64> {
        self.saved.as_ref().map(|prisoner| prisoner.id)
    }

    pub fn form(&self) -> &PrisonerForm {
        &self.form
    }

    pub fn has_unsaved_changes(&self, today: chrono::NaiveDate) -> bool {
        match &self.saved {
            Some(prisoner) => self.form != PrisonerForm::from_details(&prisoner.details),
            None => {
                let blank = PrisonerForm::new_reception(today);
                PrisonerForm { allocated_supervisor_id: None, ..self.form.clone() }
                    != PrisonerForm { allocated_supervisor_id: None, ..blank }
            }
        }
    }

    /// Asks before leaving with unsaved changes; true when it is fine to leave now.
    pub fn request_leave(&mut self, today: chrono::NaiveDate) -> bool {
        if self.has_unsaved_changes(today) {
            self.leave_requested = true;
            false
        } else {
            true
        }
    }

    /// Builds the pack now (a few milliseconds), then asks where to save it and writes
    /// it off the window's thread; the result names this prisoner's pack.
    fn export_pack(&mut self, ctx: &mut Context) -> Action {
        let Some(prisoner) = &self.saved else { return Action::None };
        let number = prisoner.details.prison_number.clone();
        let json = match exchange::export_json(ctx.db, Some(&number)) {
            Ok((json, _)) => json,
            Err(error) => {
                self.exporting.failed(format!("the transfer pack could not be made: {error}"));
                return Action::None;
            }
        };
        let task = printing::export(
            FileKind::TransferPack,
            format!("transfer-pack-{number}.json"),
            json,
            format!("the transfer pack of {number}"),
            exchange::transfer_pack_disclosure(prisoner.id, &number),
            ctx,
        );
        Action::Run(task.map(Message::PackExported))
    }

    fn back(&mut self, ctx: &mut Context) -> Action {
        if self.request_leave(ctx.today) { Action::Leave } else { Action::None }
    }
}

impl Screen for PrisonerScreen {
    type Message = Message;
    type Action = Action;

    fn update(&mut self, message: Message, ctx: &mut Context) -> Action {
        match message {
            Message::Text(field, value) => *field.value(&mut self.form) = value,
            Message::Flag(flag, on) => *flag.value(&mut self.form) = on,
            Message::SentenceType(kind) => self.form.sentence_type = Some(kind),
            Message::SecurityCategory(choice) => self.form.security_category = choice.value,
            Message::Rosh(choice) => self.form.rosh = choice.value,
            Message::Likelihood(choice) => self.form.reoffending_likelihood = choice.value,
            Message::MappaCategory(choice) => self.form.mappa_category = choice.value,
            Message::MappaLevel(choice) => self.form.mappa_level = choice.value,
            Message::Supervisor(choice) => self.form.allocated_supervisor_id = choice.value,
            Message::NotesEdited(action) => {
                self.notes.perform(action);
                self.form.notes = self.notes.text();
            }
            // Ctrl+S saves what is being written on the tab showing: an objective or a
            // meeting record on the plan, else the record itself.
            Message::Save => {
                match self.plan.as_ref().filter(|_| self.tab == Tab::Plan).and_then(PlanPanel::save_message) {
                    Some(save) => return self.update(Message::Plan(save), ctx),
                    None => return self.save(ctx),
                }
            }
            Message::Cancel => match &self.saved {
                Some(_)
                    if self.tab == Tab::Induction && self.checklist.as_ref().is_some_and(ChecklistPanel::item_open) =>
                {
                    return self.update(Message::Checklist(checklist::Message::Close), ctx);
                }
                Some(_)
                    if self.tab == Tab::Plan
                        && self.plan.as_ref().is_some_and(|plan| plan.save_message().is_some()) =>
                {
                    return self.update(Message::Plan(plan::Message::Escape), ctx);
                }
                Some(_) if self.has_unsaved_changes(ctx.today) => self.undo_requested = true,
                Some(_) => {}
                None => return self.back(ctx),
            },
            Message::ConfirmUndo => {
                if let Some(prisoner) = &self.saved {
                    self.form = PrisonerForm::from_details(&prisoner.details);
                    self.notes = text_editor::Content::with_text(&self.form.notes);
                    self.errors = FieldErrors::default();
                    self.leave_requested = false;
                    self.undo_requested = false;
                    self.notice = Some((BannerKind::Info, "Changes undone.".into()));
                }
            }
            Message::KeepChanges => self.undo_requested = false,
            Message::Back => return self.back(ctx),
            Message::DiscardAndLeave => return Action::Leave,
            Message::KeepEditing => self.leave_requested = false,
            Message::SetArchived(archived) => return self.set_archived(ctx, archived),
            Message::ExportPack => return self.export_pack(ctx),
            Message::PackExported(outcome) => self.exporting.finished(outcome, ctx.db),
            Message::Exporting(message) => return Action::Run(self.exporting.update(message).map(Message::Exporting)),
            Message::ContactDate(value) => self.contact_form.contact_date = value,
            Message::ContactType(kind) => self.contact_form.contact_type = Some(kind),
            Message::ContactWho(value) => self.contact_form.staff_name = value,
            Message::ContactNotes(action) => {
                self.contact_notes.perform(action);
                self.contact_form.notes = self.contact_notes.text();
            }
            Message::AddContact => self.add_contact(ctx),
            Message::Tab(tab) => {
                // "Saved ..." belongs to the tab it happened on.
                if tab != self.tab && matches!(self.notice, Some((BannerKind::Success | BannerKind::Info, _))) {
                    self.notice = None;
                }
                self.tab = tab;
            }
            Message::Parole(message) => {
                let Some(panel) = &mut self.parole else { return Action::None };
                if panel.update(message, ctx) {
                    return Action::Changed;
                }
            }
            Message::Categorisation(message) => {
                let Some(panel) = &mut self.categorisation else { return Action::None };
                if panel.update(message, ctx) {
                    self.absorb_category_decision(ctx);
                    return Action::Changed;
                }
            }
            Message::Plan(message) => {
                let Some(panel) = &mut self.plan else { return Action::None };
                match panel.update(message, ctx) {
                    plan::Action::None => {}
                    plan::Action::Run(task) => return Action::Run(task.map(Message::Plan)),
                    plan::Action::RecordChanged => {
                        self.absorb_review(ctx);
                        return Action::Changed;
                    }
                }
            }
            Message::Checklist(message) => {
                let Some(panel) = &mut self.checklist else {
                    return Action::None;
                };
                match panel.update(message, ctx) {
                    checklist::Action::None => {}
                    checklist::Action::Run(task) => {
                        return Action::Run(task.map(Message::Checklist));
                    }
                    checklist::Action::RecordChanged => {
                        self.absorb_induction_answers(ctx);
                        return Action::Changed;
                    }
                }
            }
        }
        Action::None
    }

    fn view<'a>(&'a self, shared: &Shared<'a>) -> Element<'a, Message> {
        let (today, staff) = (shared.today, shared.staff);
        let title = match &self.saved {
            Some(prisoner) => format!("{}  ·  {}", prisoner.details.display_name(), prisoner.details.prison_number),
            None => "New prisoner".to_string(),
        };
        // The name on a line of its own, so it never wraps into the buttons however
        // narrow the window; the buttons keep the same places on every tab.
        let mut actions = row![].spacing(10).align_y(Alignment::Center);
        if let Some(prisoner) = self.saved.as_ref().filter(|_| self.tab == Tab::Record) {
            actions = actions.push(
                button(text("Export transfer pack…"))
                    .on_press(Message::ExportPack)
                    .style(button::secondary)
                    .padding([8, 12]),
            );
            actions = actions.push(
                if prisoner.archived {
                    button(text("Restore")).on_press(Message::SetArchived(false)).style(button::secondary)
                } else {
                    button(text("Archive")).on_press(Message::SetArchived(true)).style(button::secondary)
                }
                .padding([8, 12]),
            );
        }
        if self.tab == Tab::Record {
            actions = actions
                .push(button(text("Cancel  (Esc)")).on_press(Message::Cancel).style(button::secondary).padding([8, 12]))
                .push(button(text("Save  (Ctrl+S)")).on_press(Message::Save).style(button::primary).padding([8, 16]));
        }

        // At large text the record's buttons run onto a second line rather than off
        // the edge; "Back to caseload" keeps its place whatever the tab (a spacer in a
        // wrapping row takes a line of its own, which moved the tabs between tabs).
        let top = row![
            button(text("Back to caseload")).on_press(Message::Back).style(button::secondary).padding([8, 12]),
            iced::widget::space::horizontal(),
            actions.wrap().vertical_spacing(8),
        ]
        .spacing(10)
        .align_y(Alignment::Start);
        let mut page = column![top, text(title).size(22)].spacing(10);
        page = page.push(slots([
            self.saved.as_ref().filter(|prisoner| prisoner.archived).map(|_| {
            banner(BannerKind::Warning, "This record is archived. Restore it to put it back on the caseload.")
        }),
            self.leave_requested.then(|| {
            Element::from(
                container(
                    row![
                        text("You have unsaved changes.").size(BODY_SIZE).width(Fill),
                        button(text("Save")).on_press(Message::Save).style(button::primary),
                        button(text("Discard changes")).on_press(Message::DiscardAndLeave).style(button::danger),
                        button(text("Keep editing")).on_press(Message::KeepEditing).style(button::secondary),
                    ]
                    .spacing(10)
                    .align_y(Alignment::Center),
                )
                .padding([8, 12])
                .style(theme::banner(BannerKind::Warning)),
            )
        }),
            self.undo_requested.then(|| {
            Element::from(confirm_bar(
                "Undo every change you made to this record since it was last saved?",
                "Undo changes",
                Message::ConfirmUndo,
                "Keep editing",
                Message::KeepChanges,
            ))
        }),
            self.notice.as_ref().map(|(kind, message)| Element::from(banner(*kind, message.as_str()))),
            self.exporting.view().map(|saved| saved.map(Message::Exporting)),
            matches!(self.exporting.outcome(), Some(printing::Outcome::Saved { .. })).then(|| {
            banner(
                BannerKind::Warning,
                "The pack holds personal data (OFFICIAL-SENSITIVE): send it to the receiving prison only by the secure route, then delete your copy.",
            )
        }),
        ]));
        if let Some(panel) = self.checklist.as_ref().filter(|_| self.saved.is_some()) {
            let now = shared.now;
            let overdue = panel.checklist().map_or(0, |checklist| checklist.overdue_items(now));
            let induction_label =
                if overdue > 0 { format!("Induction ({overdue} overdue)") } else { "Induction".to_string() };
            page = page.push(
                row![
                    tab_button("Record".to_string(), Tab::Record, self.tab),
                    tab_button("Sentence plan".to_string(), Tab::Plan, self.tab),
                    tab_button(induction_label, Tab::Induction, self.tab)
                ]
                .spacing(6),
            );
            if self.tab == Tab::Induction {
                return page
                    .push(
                        scrollable(
                            container(panel.view(shared).map(Message::Checklist))
                                .padding(iced::Padding { right: 14.0, ..iced::Padding::ZERO }),
                        )
                        .height(Fill),
                    )
                    .into();
            }
            if let (Tab::Plan, Some(plan)) = (self.tab, &self.plan) {
                return page
                    .push(
                        scrollable(
                            container(plan.view(shared).map(Message::Plan))
                                .padding(iced::Padding { right: 14.0, ..iced::Padding::ZERO }),
                        )
                        .height(Fill),
                    )
                    .into();
            }
        }
        let body = row![
            container(self.form_view(staff)).width(Length::FillPortion(3)),
            container(self.side_panel(today)).width(Length::FillPortion(2)),
        ]
        .spacing(14);
        page.push(
            scrollable(container(body).padding(iced::Padding { right: 14.0, ..iced::Padding::ZERO })).height(Fill),
        )
        .into()
    }

    /// Work in the contact, induction or plan forms that leaving now would lose (the
    /// record's own form is asked about by [`Self::request_leave`]).
    fn unsaved_work(&self) -> Option<&'static str> {
        if !self.contact_form.notes.trim().is_empty() {
            return Some("the contact you were recording");
        }
        self.checklist
            .as_ref()
            .and_then(ChecklistPanel::unsaved_work)
            .or_else(|| self.plan.as_ref().and_then(PlanPanel::unsaved_work))
    }
}

fn tab_button<'a>(label: String, tab: Tab, current: Tab) -> Element<'a, Message> {
    chip(label, tab == current, Message::Tab(tab)).padding([6, 14]).into()
}

fn not_saved_message(errors: &FieldErrors) -> String {
    let count = errors.len();
    format!(
        "Not saved: {} to put right (marked in red below). What you typed is kept.",
        if count == 1 { "1 field".to_string() } else { format!("{count} fields") }
    )
}
