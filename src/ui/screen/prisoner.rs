//! One prisoner's record: the form (new or existing), what follows from it (scope,
//! tier, when review and contact are due, each with its reason) and the contact log.

use iced::widget::{button, checkbox, column, container, pick_list, row, scrollable, text, text_editor, text_input};
use iced::{Alignment, Element, Fill, Length, Task};

use super::checklist::{self, ChecklistPanel};
use super::plan::{self, PlanPanel};
use super::{Choice, Context, Screen, Shared, coded_choices, selected};
use crate::ui::printing::{self, FileKind};
use crate::ui::theme::{self, BannerKind};
use crate::ui::widget::{BODY_SIZE, LABEL_SIZE, badge, banner, chip, confirm_bar, field, field_row, labelled, section};
use omu_core::domain::contact::{Contact, ContactForm, ContactType};
use omu_core::domain::dates::{due_state, format_date};
use omu_core::domain::prisoner::{CaseSummary, Field, FieldErrors, Prisoner, PrisonerForm};
use omu_core::domain::risk::{Coded, Likelihood, Rosh, SentenceType, describe_mappa};
use omu_core::domain::staff::Staff;
use omu_core::exchange;
use omu_core::storage;

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
    ContactNotes(String),
    /// Record the contact.
    AddContact,
    /// Switch between the record, the sentence plan and the induction checklist.
    Tab(Tab),
    /// Work on the induction checklist tab.
    Checklist(checklist::Message),
    /// Work on the sentence plan tab.
    Plan(plan::Message),
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
            contact_error: None,
            security_categories,
            notice: None,
            exporting: printing::Status::default(),
            leave_requested: false,
            undo_requested: false,
            tab: Tab::Record,
            checklist: None,
            plan: None,
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

    /// Reads the contacts, the checklist and the plan again. Panels already open are
    /// refreshed in place, so a half-written objective or induction answer survives a
    /// save of the record.
    fn reload_related(&mut self, ctx: &mut Context) {
        let Some(prisoner) = &self.saved else { return };
        match &mut self.checklist {
            Some(panel) => panel.refresh(ctx),
            None => self.checklist = Some(ChecklistPanel::new(ctx, prisoner.id)),
        }
        match &mut self.plan {
            Some(panel) => panel.refresh(ctx),
            None => self.plan = Some(PlanPanel::new(ctx, prisoner.id, prisoner.details.clone())),
        }
        let loaded = ctx
            .db
            .contacts(prisoner.id)
            .and_then(|contacts| Ok((contacts, ctx.db.case_summary(prisoner.id, ctx.today)?)));
        match loaded {
            Ok((contacts, summary)) => {
                self.summary = Some(summary);
                self.contacts = contacts;
            }
            Err(error) => self.notice = Some((BannerKind::Error, format!("Could not read the contacts: {error}"))),
        }
    }

    /// A recorded OASys review changed the stored risk: take it into the form too.
    fn absorb_review(&mut self, ctx: &mut Context) {
        let Some(id) = self.id() else { return };
        if let Ok(prisoner) = ctx.db.prisoner(id) {
            self.form.last_oasys_review_date = PrisonerForm::from_details(&prisoner.details).last_oasys_review_date;
            self.form.rosh = prisoner.details.rosh;
            self.form.reoffending_likelihood = prisoner.details.reoffending_likelihood;
            self.saved = Some(prisoner);
        }
        if let Ok(summary) = ctx.db.case_summary(id, ctx.today) {
            self.summary = Some(summary);
        }
    }

    /// An induction answer changed fields of the stored record: take them into the
    /// form too, keeping any other unsaved edits.
    fn absorb_induction_answers(&mut self, ctx: &mut Context) {
        let Some(id) = self.id() else { return };
        match ctx.db.prisoner(id) {
            Ok(prisoner) => {
                let stored = &prisoner.details.diversity;
                self.form.interpreter_needed = stored.interpreter_needed;
                self.form.first_language = stored.first_language.clone();
                self.form.literacy_needs = stored.literacy_needs.clone();
                self.form.disability = stored.disability.clone();
                self.saved = Some(prisoner);
                self.reload_related(ctx);
            }
            Err(error) => self.notice = Some((BannerKind::Error, format!("Could not read the record again: {error}"))),
        }
    }

    fn back(&mut self, ctx: &mut Context) -> Action {
        if self.request_leave(ctx.today) { Action::Leave } else { Action::None }
    }

    fn save(&mut self, ctx: &mut Context) -> Action {
        self.leave_requested = false;
        let details = match self.form.validate(ctx.today) {
            Ok(details) => details,
            Err(errors) => {
                self.notice = Some((BannerKind::Error, not_saved_message(&errors)));
                self.errors = errors;
                return Action::None;
            }
        };
        let result = match &self.saved {
            Some(prisoner) => ctx.db.update_prisoner(prisoner.id, &details).map(|()| prisoner.id),
            None => ctx.db.insert_prisoner(&details),
        };
        match result.and_then(|id| ctx.db.prisoner(id)) {
            Ok(prisoner) => {
                self.errors = FieldErrors::default();
                self.notice = Some((BannerKind::Success, format!("Saved {}.", prisoner.details.display_name())));
                self.form = PrisonerForm::from_details(&prisoner.details);
                self.saved = Some(prisoner);
                self.reload_related(ctx);
                Action::Changed
            }
            Err(storage::Error::DuplicatePrisonNumber(number)) => {
                self.errors = FieldErrors::default();
                self.errors.insert(
                    Field::PrisonNumber,
                    format!("{number} is already in the case file: search the caseload for it"),
                );
                self.notice = Some((BannerKind::Error, "Not saved: the prison number is already in use.".into()));
                Action::None
            }
            Err(error) => {
                self.notice = Some((BannerKind::Error, format!("Not saved: {error}. What you typed is kept.")));
                Action::None
            }
        }
    }

    fn set_archived(&mut self, ctx: &mut Context, archived: bool) -> Action {
        let Some(prisoner) = &self.saved else {
            return Action::None;
        };
        match ctx.db.set_archived(prisoner.id, archived).and_then(|()| ctx.db.prisoner(prisoner.id)) {
            Ok(prisoner) => {
                self.notice = Some(if archived {
                    (
                        BannerKind::Info,
                        "Archived: the record is kept and can be restored from the archived list.".into(),
                    )
                } else {
                    (BannerKind::Success, "Restored to the current caseload.".into())
                });
                self.saved = Some(prisoner);
                Action::Changed
            }
            Err(error) => {
                self.notice = Some((BannerKind::Error, format!("Could not change the record: {error}")));
                Action::None
            }
        }
    }

    fn add_contact(&mut self, ctx: &mut Context) {
        let Some(prisoner) = &self.saved else { return };
        let reception = prisoner.details.reception_date;
        match self.contact_form.validate(ctx.today, reception) {
            Ok(details) => match ctx.db.add_contact(prisoner.id, &details) {
                Ok(_) => {
                    self.contact_form = ContactForm::new(ctx.today, &ctx.settings.user_name);
                    self.contact_error = None;
                    self.reload_related(ctx);
                }
                Err(error) => self.contact_error = Some(format!("Not saved: {error}")),
            },
            Err(message) => self.contact_error = Some(message.to_string()),
        }
    }

    fn form_view<'a>(&'a self, staff: &'a [Staff]) -> Element<'a, Message> {
        let form = &self.form;
        let error = |field: Field| self.errors.get(field);
        let input = |label: &'a str, field: TextField, value: &'a str, error_field: Field| {
            field_input(label, field, value, error(error_field))
        };
        let identity = section(
            "Identity",
            column![
                field_row([
                    labelled(
                        "Prison number",
                        text_input("A1234BC", &form.prison_number)
                            .id(TextField::PrisonNumber.id())
                            .on_input(|value| Message::Text(TextField::PrisonNumber, value))
                            .padding(6)
                            .size(BODY_SIZE),
                        error(Field::PrisonNumber),
                    ),
                    input(
                        "Date of birth (DD/MM/YYYY)",
                        TextField::DateOfBirth,
                        &form.date_of_birth,
                        Field::DateOfBirth
                    ),
                ]),
                field_row([
                    input("Surname", TextField::Surname, &form.surname, Field::Surname),
                    input("Forenames", TextField::Forenames, &form.forenames, Field::Forenames),
                    input("Preferred name", TextField::PreferredName, &form.preferred_name, Field::PreferredName),
                ]),
            ]
            .spacing(10),
        );

        let supervisors: Vec<Choice<i64>> = std::iter::once(Choice::none("Not allocated"))
            .chain(
                staff
                    .iter()
                    .filter(|member| {
                        member.role.holds_caseload()
                            && (member.active || Some(member.id) == form.allocated_supervisor_id)
                    })
                    .map(|member| Choice::some(member.id, member.name.clone())),
            )
            .collect();
        let reception = section(
            "Reception and location",
            column![
                field_row([
                    input("Reception date", TextField::ReceptionDate, &form.reception_date, Field::ReceptionDate),
                    input("Time (HH:MM)", TextField::ReceptionTime, &form.reception_time, Field::ReceptionTime),
                    input("Wing", TextField::Wing, &form.wing, Field::Wing),
                    input("Cell", TextField::Cell, &form.cell, Field::Cell),
                ]),
                labelled(
                    "Offender supervisor",
                    pick_list(
                        supervisors.clone(),
                        selected(&supervisors, form.allocated_supervisor_id.as_ref()),
                        Message::Supervisor
                    )
                    .text_size(BODY_SIZE)
                    .width(Fill),
                    None,
                ),
            ]
            .spacing(10),
        );

        let categories = &self.security_categories;
        let sentence = section(
            "Sentence",
            column![
                field_row([
                    labelled(
                        "Sentence type",
                        pick_list(SentenceType::ALL, form.sentence_type, Message::SentenceType)
                            .text_size(BODY_SIZE)
                            .width(Fill),
                        error(Field::SentenceType),
                    ),
                    labelled(
                        "Length (years, months, days)",
                        row![
                            length_input("y", TextField::SentenceYears, &form.sentence_years),
                            length_input("m", TextField::SentenceMonths, &form.sentence_months),
                            length_input("d", TextField::SentenceDays, &form.sentence_days),
                        ]
                        .spacing(6),
                        error(Field::SentenceLength),
                    ),
                    input("Sentence date", TextField::SentenceDate, &form.sentence_date, Field::SentenceDate),
                ]),
                field_row([
                    input(
                        "Conditional release (CRD)",
                        TextField::ConditionalReleaseDate,
                        &form.conditional_release_date,
                        Field::ConditionalReleaseDate
                    ),
                    input(
                        "Parole eligibility (PED)",
                        TextField::ParoleEligibilityDate,
                        &form.parole_eligibility_date,
                        Field::ParoleEligibilityDate
                    ),
                    input(
                        "Tariff expiry (TED)",
                        TextField::TariffExpiryDate,
                        &form.tariff_expiry_date,
                        Field::TariffExpiryDate
                    ),
                ]),
                field_row([
                    input(
                        "Licence expiry (LED)",
                        TextField::LicenceExpiryDate,
                        &form.licence_expiry_date,
                        Field::LicenceExpiryDate
                    ),
                    input(
                        "Sentence expiry (SED)",
                        TextField::SentenceExpiryDate,
                        &form.sentence_expiry_date,
                        Field::SentenceExpiryDate
                    ),
                    labelled(
                        "Security category",
                        pick_list(
                            categories.clone(),
                            selected(categories, form.security_category.as_ref()),
                            Message::SecurityCategory
                        )
                        .text_size(BODY_SIZE)
                        .width(Fill),
                        error(Field::SecurityCategory),
                    ),
                ]),
                row![
                    flag("Recalled from licence", Flag::Recall, form.recall),
                    flag("Transfer hold", Flag::TransferHold, form.transfer_hold),
                ]
                .spacing(24),
            ]
            .push(form.transfer_hold.then(|| {
                input(
                    "Why the transfer is held (e.g. programme being completed)",
                    TextField::TransferHoldReason,
                    &form.transfer_hold_reason,
                    Field::TransferHoldReason,
                )
            }))
            .spacing(10),
        );

        let rosh_choices = coded_choices::<Rosh>("Not assessed");
        let likelihood_choices = coded_choices::<Likelihood>("Not assessed");
        let mappa = |none: &str| -> Vec<Choice<u8>> {
            std::iter::once(Choice::none(none)).chain((1..=3).map(|n| Choice::some(n, n.to_string()))).collect()
        };
        let mappa_categories = mappa("Not MAPPA");
        let mappa_levels = mappa("No level");
        let risk = section(
            "Risk (OASys) and MAPPA",
            column![
                field_row([
                    labelled(
                        "Risk of serious harm (RoH)",
                        pick_list(rosh_choices.clone(), selected(&rosh_choices, form.rosh.as_ref()), Message::Rosh)
                            .text_size(BODY_SIZE)
                            .width(Fill),
                        None,
                    ),
                    labelled(
                        "Likelihood of reoffending",
                        pick_list(
                            likelihood_choices.clone(),
                            selected(&likelihood_choices, form.reoffending_likelihood.as_ref()),
                            Message::Likelihood
                        )
                        .text_size(BODY_SIZE)
                        .width(Fill),
                        None,
                    ),
                    input(
                        "Last OASys/RoH review",
                        TextField::LastOasysReviewDate,
                        &form.last_oasys_review_date,
                        Field::LastOasysReviewDate
                    ),
                ]),
                field_row([
                    labelled(
                        "MAPPA category",
                        pick_list(
                            mappa_categories.clone(),
                            selected(&mappa_categories, form.mappa_category.as_ref()),
                            Message::MappaCategory
                        )
                        .text_size(BODY_SIZE)
                        .width(Fill),
                        error(Field::MappaCategory),
                    ),
                    labelled(
                        "MAPPA level",
                        pick_list(
                            mappa_levels.clone(),
                            selected(&mappa_levels, form.mappa_level.as_ref()),
                            Message::MappaLevel
                        )
                        .text_size(BODY_SIZE)
                        .width(Fill),
                        error(Field::MappaLevel),
                    ),
                    container(flag("Prolific and other priority offender (PPO)", Flag::Ppo, form.ppo))
                        .padding([18, 0])
                        .width(Fill)
                        .into(),
                ]),
            ]
            .spacing(10),
        );

        let diversity = section(
            "Diversity needs",
            column![
                field_row([
                    input("Disability", TextField::Disability, &form.disability, Field::Disability),
                    input(
                        "Literacy (e.g. dyslexia, reading level)",
                        TextField::LiteracyNeeds,
                        &form.literacy_needs,
                        Field::LiteracyNeeds
                    ),
                ]),
                field_row([
                    input("First language", TextField::FirstLanguage, &form.first_language, Field::FirstLanguage),
                    container(flag(
                        "Interpreter needed (Language Line)",
                        Flag::InterpreterNeeded,
                        form.interpreter_needed
                    ))
                    .padding([18, 0])
                    .width(Fill)
                    .into(),
                ]),
                field_row([
                    input("Faith", TextField::Faith, &form.faith, Field::Faith),
                    input(
                        "Faith commitments (e.g. prayer times)",
                        TextField::FaithObservance,
                        &form.faith_observance,
                        Field::FaithObservance
                    ),
                ]),
                field_row([
                    input("Nationality", TextField::Nationality, &form.nationality, Field::Nationality),
                    container(
                        row![
                            flag("Foreign national", Flag::ForeignNational, form.foreign_national),
                            flag("Care leaver", Flag::CareLeaver, form.care_leaver),
                            flag("Veteran", Flag::Veteran, form.veteran),
                        ]
                        .spacing(14),
                    )
                    .padding([18, 0])
                    .width(Fill)
                    .into(),
                ]),
            ]
            .spacing(10),
        );

        let offender_manager = section(
            "Community offender manager",
            field_row([
                input("Name", TextField::OffenderManagerName, &form.offender_manager_name, Field::OffenderManagerName),
                input(
                    "Probation area",
                    TextField::OffenderManagerArea,
                    &form.offender_manager_area,
                    Field::OffenderManagerArea,
                ),
                input(
                    "Phone or email",
                    TextField::OffenderManagerContact,
                    &form.offender_manager_contact,
                    Field::OffenderManagerContact,
                ),
            ]),
        );

        let notes = section(
            "Notes",
            labelled(
                "Anything a colleague picking up this case should know (up to 10,000 characters)",
                text_editor(&self.notes).on_action(Message::NotesEdited).height(110).size(BODY_SIZE),
                error(Field::Notes),
            ),
        );

        column![identity, reception, sentence, risk, diversity, offender_manager, notes].spacing(12).into()
    }

    fn side_panel(&self, today: chrono::NaiveDate) -> Element<'_, Message> {
        let Some(prisoner) = &self.saved else {
            return section(
                "What follows from the record",
                text("Scope, tier and due dates appear here once the record is saved. Contacts can be logged after saving.")
                    .size(BODY_SIZE)
                    .style(theme::muted),
            );
        };
        let mut facts = column![].spacing(10);
        if let Some(summary) = &self.summary {
            let scope_badge = if summary.scope.value {
                badge(BannerKind::Success, "IN SCOPE")
            } else {
                badge(BannerKind::Info, "NOT IN SCOPE")
            };
            facts = facts
                .push(fact("Offender management model", scope_badge, &summary.scope.reason))
                .push(fact(
                    "Tier",
                    text(summary.tier.value.clone().map_or("Not tiered".to_string(), |tier| format!("Tier {tier}")))
                        .size(18),
                    &summary.tier.reason,
                ))
                .push(due_fact("Next OASys/RoH review", summary.review_due.value, &summary.review_due.reason, today))
                .push(due_fact(
                    "Next supervisor contact",
                    summary.contact_due.value,
                    &summary.contact_due.reason,
                    today,
                ));
            let details = &prisoner.details;
            facts = facts.push(fact(
                "MAPPA",
                text(describe_mappa(details.mappa_category, details.mappa_level)).size(BODY_SIZE),
                "",
            ));
            let needs = details.diversity.summary();
            if !needs.is_empty() {
                facts = facts.push(fact("Diversity needs to plan around", text(needs.join("\n")).size(BODY_SIZE), ""));
            }
        }

        let contact_types = ContactType::ALL;
        let mut contact_entry = column![
            field_row([
                field("Date", &self.contact_form.contact_date, None, Message::ContactDate),
                field("Who", &self.contact_form.staff_name, None, Message::ContactWho),
            ]),
            labelled(
                "Type",
                pick_list(contact_types, self.contact_form.contact_type, Message::ContactType)
                    .text_size(BODY_SIZE)
                    .width(Fill),
                None,
            ),
            field("Notes", &self.contact_form.notes, None, Message::ContactNotes),
        ]
        .spacing(8);
        if let Some(error) = &self.contact_error {
            contact_entry = contact_entry.push(text(error).size(LABEL_SIZE).style(theme::error_text));
        }
        contact_entry =
            contact_entry.push(button(text("Add contact")).on_press(Message::AddContact).style(button::primary));

        let log: Element<'_, Message> = if self.contacts.is_empty() {
            text("No contacts recorded yet.").size(BODY_SIZE).style(theme::muted).into()
        } else {
            column(self.contacts.iter().map(|contact| {
                let details = &contact.details;
                column![
                    row![
                        text(format_date(details.contact_date)).size(BODY_SIZE),
                        text(details.contact_type.label()).size(BODY_SIZE).width(Fill),
                    ]
                    .spacing(10),
                    text(format!(
                        "{}{}{}",
                        details.staff_name,
                        if details.notes.is_empty() { "" } else { ": " },
                        details.notes
                    ))
                    .size(LABEL_SIZE)
                    .style(theme::muted),
                ]
                .spacing(2)
                .into()
            }))
            .spacing(8)
            .into()
        };

        column![
            section("What follows from the record", facts),
            section("Record a contact", contact_entry),
            section("Contact log", log),
        ]
        .spacing(12)
        .into()
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
            Message::ContactNotes(value) => self.contact_form.notes = value,
            Message::AddContact => self.add_contact(ctx),
            Message::Tab(tab) => self.tab = tab,
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
        let mut actions = row![
            button(text("Back to caseload")).on_press(Message::Back).style(button::secondary).padding([8, 12]),
            text(title).size(22).width(Fill),
        ]
        .spacing(12)
        .align_y(Alignment::Center);
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

        let mut page = column![actions].spacing(10);
        if self.saved.as_ref().is_some_and(|prisoner| prisoner.archived) {
            page = page.push(banner(
                BannerKind::Warning,
                "This record is archived. Restore it to put it back on the caseload.",
            ));
        }
        if self.leave_requested {
            page = page.push(
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
            );
        }
        if self.undo_requested {
            page = page.push(confirm_bar(
                "Undo every change you made to this record since it was last saved?",
                "Undo changes",
                Message::ConfirmUndo,
                "Keep editing",
                Message::KeepChanges,
            ));
        }
        if let Some((kind, message)) = &self.notice {
            page = page.push(banner(*kind, message.as_str()));
        }
        if let Some(saved) = self.exporting.view() {
            page = page.push(saved.map(Message::Exporting));
            if matches!(self.exporting.outcome(), Some(printing::Outcome::Saved { .. })) {
                page = page.push(banner(
                    BannerKind::Warning,
                    "The pack holds personal data (OFFICIAL-SENSITIVE): send it to the receiving prison only by the secure route, then delete your copy.",
                ));
            }
        }
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

fn field_input<'a>(label: &'a str, field: TextField, value: &'a str, error: Option<&'a str>) -> Element<'a, Message> {
    labelled(
        label,
        text_input("", value)
            .id(field.id())
            .on_input(move |value| Message::Text(field, value))
            .padding(6)
            .size(BODY_SIZE),
        error,
    )
}

fn length_input<'a>(placeholder: &'a str, field: TextField, value: &'a str) -> Element<'a, Message> {
    text_input(placeholder, value)
        .id(field.id())
        .on_input(move |value| Message::Text(field, value))
        .padding(6)
        .size(BODY_SIZE)
        .width(Fill)
        .into()
}

fn flag<'a>(label: &'a str, flag: Flag, on: bool) -> Element<'a, Message> {
    checkbox(on).label(label).on_toggle(move |on| Message::Flag(flag, on)).text_size(BODY_SIZE).into()
}

fn fact<'a>(label: &'a str, value: impl Into<Element<'a, Message>>, reason: &'a str) -> Element<'a, Message> {
    let mut content = column![text(label).size(LABEL_SIZE).style(theme::muted), value.into()].spacing(3);
    if !reason.is_empty() {
        content = content.push(text(reason).size(LABEL_SIZE));
    }
    content.into()
}

fn due_fact<'a>(
    label: &'a str,
    due: chrono::NaiveDate,
    reason: &'a str,
    today: chrono::NaiveDate,
) -> Element<'a, Message> {
    let state = due_state(due, today);
    fact(
        label,
        text(format!("{}  ({})", format_date(due), state.describe())).size(18).style(theme::due_text(state)),
        reason,
    )
}
