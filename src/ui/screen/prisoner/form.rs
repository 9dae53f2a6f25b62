//! The record's form: identity, sentence, risk, diversity needs and the offender
//! manager, each field with its message beside it.

use super::*;
use iced::widget::{Space, column};

impl PrisonerScreen {
    pub(super) fn form_view<'a>(&'a self, staff: &'a [Staff]) -> Element<'a, Message> {
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
                // Two to a row, so a date is never cut however narrow the card.
                field_row([
                    input("Reception date", TextField::ReceptionDate, &form.reception_date, Field::ReceptionDate),
                    input("Time (HH:MM)", TextField::ReceptionTime, &form.reception_time, Field::ReceptionTime),
                ]),
                field_row([
                    input("Wing", TextField::Wing, &form.wing, Field::Wing),
                    input("Cell", TextField::Cell, &form.cell, Field::Cell),
                ]),
                labelled(
                    "Offender supervisor",
                    choice(
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
                        choice(SentenceType::ALL, form.sentence_type, Message::SentenceType)
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
                        "Sentence expiry (SED)",
                        TextField::SentenceExpiryDate,
                        &form.sentence_expiry_date,
                        Field::SentenceExpiryDate
                    ),
                    input(
                        "Licence expiry (LED)",
                        TextField::LicenceExpiryDate,
                        &form.licence_expiry_date,
                        Field::LicenceExpiryDate
                    ),
                    labelled(
                        "Security category",
                        choice(
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
        let release = section(
            "Release dates",
            column![
                text(
                    "Home detention curfew applies to determinate sentences, tariff expiry to life and IPP; \
                     an approved date stands in for its eligibility date."
                )
                .size(LABEL_SIZE)
                .style(theme::muted),
                field_row([
                    input(
                        "Conditional release (CRD)",
                        TextField::ConditionalReleaseDate,
                        &form.conditional_release_date,
                        Field::ConditionalReleaseDate
                    ),
                    input(
                        "Automatic release (ARD)",
                        TextField::AutomaticReleaseDate,
                        &form.automatic_release_date,
                        Field::AutomaticReleaseDate
                    ),
                    input(
                        "Post-recall release (PRRD)",
                        TextField::PostRecallReleaseDate,
                        &form.post_recall_release_date,
                        Field::PostRecallReleaseDate
                    ),
                ]),
                field_row([
                    input(
                        "HDC eligibility (HDCED)",
                        TextField::HdcEligibilityDate,
                        &form.hdc_eligibility_date,
                        Field::HdcEligibilityDate
                    ),
                    input(
                        "HDC approved (HDCAD)",
                        TextField::HdcApprovedDate,
                        &form.hdc_approved_date,
                        Field::HdcApprovedDate
                    ),
                    input(
                        "ROTL eligibility",
                        TextField::RotlEligibilityDate,
                        &form.rotl_eligibility_date,
                        Field::RotlEligibilityDate
                    ),
                ]),
                field_row([
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
                    input(
                        "Approved parole (APD)",
                        TextField::ApprovedParoleDate,
                        &form.approved_parole_date,
                        Field::ApprovedParoleDate
                    ),
                ]),
                // One field in a row of three, so it keeps the width of the others.
                field_row([
                    input(
                        "Recategorisation due",
                        TextField::RecategorisationDueDate,
                        &form.recategorisation_due_date,
                        Field::RecategorisationDueDate
                    ),
                    Space::new().width(Fill).into(),
                    Space::new().width(Fill).into(),
                ]),
            ]
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
                        choice(rosh_choices.clone(), selected(&rosh_choices, form.rosh.as_ref()), Message::Rosh)
                            .text_size(BODY_SIZE)
                            .width(Fill),
                        None,
                    ),
                    labelled(
                        "Likelihood of reoffending",
                        choice(
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
                        choice(
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
                        choice(
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
                input("Nationality", TextField::Nationality, &form.nationality, Field::Nationality),
                // The ticks on a line of their own: beside a field they ran out of the card.
                row![
                    flag("Foreign national", Flag::ForeignNational, form.foreign_national),
                    flag("Care leaver", Flag::CareLeaver, form.care_leaver),
                    flag("Veteran", Flag::Veteran, form.veteran),
                ]
                .spacing(18),
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

        column![identity, reception, sentence, release, risk, diversity, offender_manager, notes].spacing(12).into()
    }
}

pub(super) fn field_input<'a>(
    label: &'a str,
    field: TextField,
    value: &'a str,
    error: Option<&'a str>,
) -> Element<'a, Message> {
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

pub(super) fn length_input<'a>(placeholder: &'a str, field: TextField, value: &'a str) -> Element<'a, Message> {
    text_input(placeholder, value)
        .id(field.id())
        .on_input(move |value| Message::Text(field, value))
        .padding(6)
        .size(BODY_SIZE)
        .width(Fill)
        .into()
}

pub(super) fn flag<'a>(label: &'a str, flag: Flag, on: bool) -> Element<'a, Message> {
    checkbox(on).label(label).on_toggle(move |on| Message::Flag(flag, on)).text_size(BODY_SIZE).into()
}

impl PrisonerScreen {
    pub(super) fn save(&mut self, ctx: &mut Context) -> Action {
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

    pub(super) fn set_archived(&mut self, ctx: &mut Context, archived: bool) -> Action {
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
}
