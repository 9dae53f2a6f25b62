//! One prisoner's sentence plan, a tab of the prisoner screen: plan versions and
//! their objectives by pathway, the interventions they require (offered here or
//! not), planning meetings and who took part, key workers, and the reviews due.

use chrono::NaiveDate;
use iced::widget::{button, column, container, pick_list, row, text, text_input};
use iced::{Alignment, Element, Fill, Length, Task};

use super::{Context, Screen, Shared};
use crate::ui::printing;
use crate::ui::screen::{Choice, coded_choices, selected};
use crate::ui::theme::{self, BannerKind};
use crate::ui::widget::{BODY_SIZE, LABEL_SIZE, badge, banner, chip, confirm_bar, field, field_row, labelled, section};
use omu_core::domain::dates::{add_months, due_state, format_date, format_optional_date, parse_date, past_date};
use omu_core::domain::form::Invalid;
use omu_core::domain::plan::{
    Agreement, AttendeeForm, Intervention, InterventionState, Keyworker, Meeting, MeetingForm, Objective,
    ObjectiveForm, ObjectiveStatus, Participation, Pathway, PlanKind, PlanStatus, PlanVersion, ResponsibleRole,
    check_keyworker, check_significant_change, not_invited,
};
use omu_core::domain::prisoner::{CaseSummary, PrisonerDetails};
use omu_core::domain::risk::{Coded, Likelihood, Rosh};
use omu_core::print;

pub const OBJECTIVE_TEXT_ID: &str = "plan-objective-text";
pub const TARGET_DATE_ID: &str = "plan-objective-target";
pub const NEXT_REVIEW_ID: &str = "plan-meeting-next-review";
pub const PRISONER_VIEWS_ID: &str = "plan-meeting-views";
pub const CLOSE_REVIEW_ID: &str = "plan-close-review";

pub struct PlanPanel {
    prisoner_id: i64,
    details: PrisonerDetails,
    versions: Vec<PlanVersion>,
    selected: Option<i64>,
    interventions: Vec<Intervention>,
    keyworkers: Vec<Keyworker>,
    meetings: Vec<Meeting>,
    summary: Option<CaseSummary>,
    objective: Option<(Option<i64>, ObjectiveForm)>,
    meeting: Option<(Option<i64>, MeetingForm)>,
    new_kind: PlanKind,
    close_review: String,
    keyworker_name: String,
    keyworker_role: String,
    review_date: String,
    review_rosh: Option<Rosh>,
    review_likelihood: Option<Likelihood>,
    change_date: String,
    change_description: String,
    notice: Option<(BannerKind, String)>,
    error: Option<String>,
    printing: printing::Status,
    /// Esc was pressed on a form being written: asking before throwing it away.
    discarding: bool,
    /// Asking before the draft version is agreed and closed.
    closing: bool,
}

/// Which objective field was edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectiveText {
    Text,
    Need,
    ResponsibleName,
    TargetDate,
    StatusDate,
    Progress,
    AgreementWords,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingText {
    Date,
    Time,
    Chair,
    Views,
    Decisions,
    NextReview,
}

/// Ids (`i64`) are of the record named; attendee numbers (`usize`) are positions in
/// the meeting form, from 0.
#[derive(Debug, Clone)]
pub enum Message {
    /// Show this plan version.
    SelectVersion(i64),
    /// The kind of the next version was chosen (review, transfer, termination).
    NewKind(PlanKind),
    /// Start the next plan version as a copy of the last.
    StartVersion,
    /// The next review date for closing the draft was edited.
    CloseReview(String),
    /// Ask before agreeing and closing the draft version.
    CloseVersion,
    /// Agree and close the draft: its objectives can no longer be edited.
    ConfirmClose,
    /// Leave the draft open.
    CancelClose,
    /// Open a blank objective form.
    AddObjective,
    /// Open this objective's form.
    EditObjective(i64),
    /// Remove this objective from the draft.
    RemoveObjective(i64),
    /// A text field of the objective form was edited.
    ObjectiveText(ObjectiveText, String),
    /// The objective's pathway was chosen.
    Pathway(Pathway),
    /// The intervention the objective needs was chosen.
    Intervention(Choice<i64>),
    /// Where the prisoner is with that intervention was chosen.
    InterventionState(InterventionState),
    /// Who is responsible was chosen.
    Responsible(ResponsibleRole),
    /// The objective's status was chosen.
    Status(ObjectiveStatus),
    /// Whether the prisoner agreed was chosen.
    Agreement(Agreement),
    /// Save the objective form (Ctrl+S on this tab).
    SaveObjective,
    /// Close the objective form without saving.
    CancelObjective,
    /// Esc: ask before throwing away the form being written.
    Escape,
    /// Throw the form away, after being asked.
    ConfirmDiscard,
    /// Keep writing, after being asked.
    KeepWriting,
    /// Open a form for a new planning meeting, inviting the key workers.
    PlanMeeting,
    /// Open this meeting's record.
    EditMeeting(i64),
    /// A text field of the meeting form was edited.
    MeetingText(MeetingText, String),
    /// Whether the meeting was held was changed.
    Held(bool),
    /// Whether the prisoner attended was changed.
    PrisonerAttended(bool),
    /// An attendee's name was edited.
    AttendeeName(usize, String),
    /// An attendee's role was edited.
    AttendeeRole(usize, String),
    /// How an attendee took part was chosen.
    AttendeeParticipation(usize, Participation),
    /// Add a blank attendee line.
    AddAttendee,
    /// Take this attendee off the meeting form.
    RemoveAttendee(usize),
    /// Add the key workers and offender manager not yet invited.
    InviteKnown,
    /// Save the meeting form (Ctrl+S on this tab).
    SaveMeeting,
    /// Close the meeting form without saving.
    CancelMeeting,
    /// The new key worker's name was edited.
    KeyworkerName(String),
    /// The new key worker's role was edited.
    KeyworkerRole(String),
    /// Add the new key worker.
    AddKeyworker,
    /// Remove this key worker.
    RemoveKeyworker(i64),
    /// The OASys review date was edited.
    ReviewDate(String),
    /// The reviewed risk of serious harm was chosen.
    ReviewRosh(Choice<Rosh>),
    /// The reviewed likelihood of reoffending was chosen.
    ReviewLikelihood(Choice<Likelihood>),
    /// Record the OASys/RoH review.
    RecordReview,
    /// The significant change's date was edited.
    ChangeDate(String),
    /// What changed was edited.
    ChangeDescription(String),
    /// Record the significant change.
    RecordChange,
    /// Print the version showing.
    Print,
    /// Where the printed plan went, or why not.
    Printed(printing::Outcome),
    /// Open or dismiss the printed plan's banner.
    Printing(printing::Message),
}

pub enum Action {
    None,
    /// The prisoner's record changed (an OASys review): read it again.
    RecordChanged,
    Run(Task<Message>),
}

impl PlanPanel {
    pub fn new(ctx: &mut Context, prisoner_id: i64, details: PrisonerDetails) -> Self {
        let today = format_date(ctx.today);
        let mut panel = Self {
            prisoner_id,
            details,
            versions: Vec::new(),
            selected: None,
            interventions: Vec::new(),
            keyworkers: Vec::new(),
            meetings: Vec::new(),
            summary: None,
            objective: None,
            meeting: None,
            new_kind: PlanKind::Review,
            close_review: String::new(),
            keyworker_name: String::new(),
            keyworker_role: String::new(),
            review_date: today.clone(),
            review_rosh: None,
            review_likelihood: None,
            change_date: today,
            change_description: String::new(),
            notice: None,
            error: None,
            printing: printing::Status::default(),
            discarding: false,
            closing: false,
        };
        panel.refresh(ctx);
        panel
    }

    /// Reads the plan again, keeping the version shown and any form being written.
    pub fn refresh(&mut self, ctx: &mut Context) {
        let loaded = (|| {
            Ok::<_, omu_core::storage::Error>((
                ctx.db.plan_versions(self.prisoner_id)?,
                ctx.db.interventions()?,
                ctx.db.keyworkers(self.prisoner_id)?,
                ctx.db.meetings(self.prisoner_id)?,
                ctx.db.case_summary(self.prisoner_id, ctx.today)?,
                ctx.db.prisoner(self.prisoner_id)?.details,
            ))
        })();
        match loaded {
            Ok((versions, interventions, keyworkers, meetings, summary, details)) => {
                if self.selected.is_none_or(|id| !versions.iter().any(|plan| plan.id == id)) {
                    self.selected = versions.first().map(|plan| plan.id);
                }
                self.versions = versions;
                self.interventions = interventions;
                self.keyworkers = keyworkers;
                self.meetings = meetings;
                self.summary = Some(summary);
                self.details = details;
                if self.close_review.is_empty() {
                    self.close_review = self.suggested_review(ctx.today);
                }
            }
            Err(error) => self.notice = Some((BannerKind::Error, format!("Could not read the plan: {error}"))),
        }
    }

    /// The next review a held meeting set, or six months on.
    fn suggested_review(&self, today: NaiveDate) -> String {
        let from_meeting = self.draft().and_then(|draft| {
            self.meetings
                .iter()
                .filter(|meeting| meeting.held && meeting.plan_version_id == Some(draft.id))
                .find_map(|meeting| meeting.next_review_date)
        });
        format_date(from_meeting.unwrap_or_else(|| add_months(today, 6)))
    }

    /// The message that saves the form being written, if one is open (Ctrl+S).
    pub fn save_message(&self) -> Option<Message> {
        if self.objective.is_some() {
            Some(Message::SaveObjective)
        } else if self.meeting.is_some() {
            Some(Message::SaveMeeting)
        } else {
            None
        }
    }

    pub fn versions(&self) -> &[PlanVersion] {
        &self.versions
    }

    pub fn meetings(&self) -> &[Meeting] {
        &self.meetings
    }

    fn draft(&self) -> Option<&PlanVersion> {
        self.versions.iter().find(|plan| plan.status == PlanStatus::Draft)
    }

    fn selected_version(&self) -> Option<&PlanVersion> {
        self.versions.iter().find(|plan| Some(plan.id) == self.selected)
    }

    fn edit_objective(&mut self, change: impl FnOnce(&mut ObjectiveForm)) {
        if let Some((_, form)) = &mut self.objective {
            change(form);
        }
    }

    fn edit_meeting(&mut self, change: impl FnOnce(&mut MeetingForm)) {
        if let Some((_, form)) = &mut self.meeting {
            change(form);
        }
    }

    /// The key workers and offender manager, as invitees of a new meeting.
    fn known_invitees(&self) -> Vec<AttendeeForm> {
        let mut invitees: Vec<AttendeeForm> = self
            .keyworkers
            .iter()
            .map(|keyworker| AttendeeForm {
                name: keyworker.name.clone(),
                role: keyworker.role.clone(),
                participation: Some(Participation::Invited),
            })
            .collect();
        if !self.details.offender_manager.name.is_empty() {
            invitees.push(AttendeeForm {
                name: self.details.offender_manager.name.clone(),
                role: "Offender manager".into(),
                participation: Some(Participation::Invited),
            });
        }
        invitees
    }

    fn save_objective(&mut self, ctx: &mut Context) {
        let (Some(plan), Some((id, form))) = (self.selected_version(), &self.objective) else { return };
        let objective = match form.validate(plan.started_on, ctx.today) {
            Ok(objective) => Objective { id: *id, ..objective },
            Err(message) => {
                self.error = Some(message.to_string());
                return;
            }
        };
        match ctx.db.save_objective(plan.id, &objective) {
            Ok(_) => {
                self.objective = None;
                self.refresh(ctx);
                self.notice = Some((BannerKind::Success, "Objective saved.".into()));
            }
            Err(error) => self.error = Some(format!("Not saved: {error}. What you typed is kept.")),
        }
    }

    fn close_version(&mut self, ctx: &mut Context) {
        let Some(draft) = self.draft() else { return };
        let next_review = match parse_date(&self.close_review) {
            Ok(Some(date)) => date,
            Ok(None) => {
                self.error = Some("Next review: give the date the plan will be reviewed".into());
                return;
            }
            Err(message) => {
                self.error = Some(format!("Next review: {message}"));
                return;
            }
        };
        let number = draft.number;
        match ctx.db.close_plan_version(draft.id, next_review, ctx.today) {
            Ok(()) => {
                self.refresh(ctx);
                self.close_review.clear();
                self.notice = Some((
                    BannerKind::Success,
                    format!("Version {number} agreed and closed; next review {}.", format_date(next_review)),
                ));
            }
            Err(error) => self.error = Some(format!("Not closed: {error}")),
        }
    }

    fn save_meeting(&mut self, ctx: &mut Context) {
        let Some((id, form)) = &self.meeting else { return };
        let details = match form.validate(ctx.today) {
            Ok(details) => details,
            Err(message) => {
                self.error = Some(message.to_string());
                return;
            }
        };
        // A meeting belongs to the version being prepared, if there is one.
        let plan_version = self
            .meetings
            .iter()
            .find(|meeting| Some(meeting.id) == *id)
            .and_then(|meeting| meeting.plan_version_id)
            .or(self.draft().map(|draft| draft.id));
        let missing = not_invited(&self.keyworkers, &self.details.offender_manager.name, &details.attendees);
        match ctx.db.save_meeting(self.prisoner_id, *id, plan_version, &details) {
            Ok(_) => {
                self.meeting = None;
                self.close_review.clear();
                self.refresh(ctx);
                self.notice = Some(if missing.is_empty() {
                    (BannerKind::Success, "Meeting saved.".into())
                } else {
                    (BannerKind::Warning, format!("Meeting saved. Not invited: {}.", missing.join(", ")))
                });
            }
            Err(error) => self.error = Some(format!("Not saved: {error}. What you typed is kept.")),
        }
    }

    fn add_keyworker(&mut self, ctx: &mut Context) {
        match check_keyworker(&self.keyworker_name, &self.keyworker_role) {
            Ok((name, role)) => match ctx.db.add_keyworker(self.prisoner_id, &name, &role) {
                Ok(_) => {
                    self.keyworker_name.clear();
                    self.keyworker_role.clear();
                    self.refresh(ctx);
                }
                Err(error) => self.error = Some(format!("Not added: {error}")),
            },
            Err(invalid) => self.error = Some(invalid.to_string()),
        }
    }

    fn record_review(&mut self, ctx: &mut Context) -> Action {
        let date = match past_date(&self.review_date, ctx.today) {
            Ok(date) => date,
            Err(problem) => {
                self.error = Some(Invalid::new("Review date", problem).to_string());
                return Action::None;
            }
        };
        match ctx.db.record_oasys_review(self.prisoner_id, date, self.review_rosh, self.review_likelihood) {
            Ok(()) => {
                self.refresh(ctx);
                self.notice =
                    Some((BannerKind::Success, format!("OASys/RoH review of {} recorded.", format_date(date))));
                Action::RecordChanged
            }
            Err(error) => {
                self.error = Some(format!("Not recorded: {error}"));
                Action::None
            }
        }
    }

    fn record_change(&mut self, ctx: &mut Context) {
        let (date, description) = match check_significant_change(&self.change_date, &self.change_description, ctx.today)
        {
            Ok(checked) => checked,
            Err(message) => {
                self.error = Some(message.to_string());
                return;
            }
        };
        match ctx.db.record_significant_change(self.prisoner_id, date, &description) {
            Ok(()) => {
                self.change_description.clear();
                self.refresh(ctx);
                self.notice =
                    Some((BannerKind::Warning, "Significant change recorded: the OASys/RoH review is due now.".into()));
            }
            Err(error) => self.error = Some(format!("Not recorded: {error}")),
        }
    }

    fn reviews_view(&self, today: NaiveDate) -> Element<'_, Message> {
        let mut due: Vec<(&'static str, NaiveDate, &str)> = Vec::new();
        if let Some(summary) = &self.summary {
            due.push(("OASys/RoH review", summary.review_due.value, &summary.review_due.reason));
            if let Some(review) = &summary.plan_review_due {
                due.push(("Sentence plan review", review.value, &review.reason));
            }
            due.push(("Supervisor contact", summary.contact_due.value, &summary.contact_due.reason));
        }
        let lines = column(due.into_iter().map(|(label, date, reason)| {
            let state = due_state(date, today);
            row![
                text(label).size(BODY_SIZE).width(Length::FillPortion(2)),
                text(format!("{} ({})", format_date(date), state.describe()))
                    .size(BODY_SIZE)
                    .style(theme::due_text(state))
                    .width(Length::FillPortion(2)),
                text(reason.to_string()).size(LABEL_SIZE).style(theme::muted).width(Length::FillPortion(3)),
            ]
            .spacing(8)
            .into()
        }))
        .spacing(6);
        let rosh_choices = coded_choices::<Rosh>("RoH unchanged");
        let likelihood_choices = coded_choices::<Likelihood>("Reoffending unchanged");
        let review = row![
            field("OASys/RoH review done on", &self.review_date, None, Message::ReviewDate),
            labelled(
                "RoH found",
                pick_list(
                    rosh_choices.clone(),
                    selected(&rosh_choices, self.review_rosh.as_ref()),
                    Message::ReviewRosh
                )
                .text_size(BODY_SIZE),
                None,
            ),
            labelled(
                "Likelihood of reoffending",
                pick_list(
                    likelihood_choices.clone(),
                    selected(&likelihood_choices, self.review_likelihood.as_ref()),
                    Message::ReviewLikelihood,
                )
                .text_size(BODY_SIZE),
                None,
            ),
            button(text("Record review")).on_press(Message::RecordReview).style(button::secondary),
        ]
        .spacing(10)
        .align_y(Alignment::End);
        let change = row![
            field("Significant change on", &self.change_date, None, Message::ChangeDate),
            field(
                "What changed (e.g. new charge, incident, family bereavement)",
                &self.change_description,
                None,
                Message::ChangeDescription
            ),
            button(text("Record change")).on_press(Message::RecordChange).style(button::secondary),
        ]
        .spacing(10)
        .align_y(Alignment::End);
        section("Reviews and contact", column![lines, review, change].spacing(12))
    }

    fn versions_view(&self, today: NaiveDate) -> Element<'_, Message> {
        let mut content = column![].spacing(10);
        let mut tabs = row![].spacing(6);
        for plan in &self.versions {
            let label = match plan.status {
                PlanStatus::Draft => format!("v{} {} (draft)", plan.number, plan.kind.label()),
                PlanStatus::Closed => format!("v{} {}", plan.number, plan.kind.label()),
            };
            tabs = tabs.push(
                button(text(label).size(BODY_SIZE))
                    .on_press(Message::SelectVersion(plan.id))
                    .style(if Some(plan.id) == self.selected { button::primary } else { button::secondary }),
            );
        }
        if self.draft().is_none() {
            if self.versions.is_empty() {
                tabs = tabs.push(
                    button(text("Start the initial plan")).on_press(Message::StartVersion).style(button::primary),
                );
            } else {
                tabs = tabs
                    .push(pick_list(&PlanKind::ALL[1..], Some(self.new_kind), Message::NewKind).text_size(BODY_SIZE))
                    .push(button(text("Start a new version")).on_press(Message::StartVersion).style(button::primary));
            }
        }
        content = content.push(tabs);
        let Some(plan) = self.selected_version() else {
            content = content.push(
                text("No sentence plan yet. Start the initial plan, add objectives with the prisoner, and agree it at the planning meeting.")
                    .size(BODY_SIZE)
                    .style(theme::muted),
            );
            return section("Sentence plan", content);
        };
        let draft = plan.status == PlanStatus::Draft;
        let mut header = row![
            column![
                text(plan.title()).size(17),
                text(format!(
                    "Started {}{}",
                    format_date(plan.started_on),
                    plan.next_review_date
                        .map(|date| format!(" · next review {}", format_date(date)))
                        .unwrap_or_default()
                ))
                .size(LABEL_SIZE)
                .style(theme::muted),
            ]
            .width(Fill),
            button(text("Print this plan")).on_press(Message::Print).style(button::secondary),
        ]
        .spacing(8)
        .align_y(Alignment::Center);
        if draft {
            header = header.push(button(text("Add objective")).on_press(Message::AddObjective).style(button::primary));
        }
        content = content.push(header);
        if !draft {
            content = content.push(
                text("This version is agreed and closed: it cannot be changed. Start a new version to review it.")
                    .size(LABEL_SIZE)
                    .style(theme::muted),
            );
        }
        if let Some((None, form)) = &self.objective {
            content = content.push(self.objective_editor(form));
        }
        if plan.objectives.is_empty() {
            content = content.push(text("No objectives yet.").size(BODY_SIZE).style(theme::muted));
        }
        for (pathway, objectives) in plan.by_pathway() {
            content = content.push(text(pathway.label()).size(15));
            for objective in objectives {
                match &self.objective {
                    Some((Some(id), form)) if objective.id == Some(*id) => {
                        content = content.push(self.objective_editor(form));
                    }
                    _ => content = content.push(self.objective_card(objective, draft, today)),
                }
            }
        }
        if draft {
            content = content.push(
                container(
                    row![
                        labelled(
                            "Next review date",
                            text_input("DD/MM/YYYY", &self.close_review)
                                .id(CLOSE_REVIEW_ID)
                                .on_input(Message::CloseReview)
                                .padding(6)
                                .size(BODY_SIZE),
                            None,
                        ),
                        button(text(format!("Agree and close version {}", plan.number)))
                            .on_press(Message::CloseVersion)
                            .style(button::success),
                    ]
                    .spacing(10)
                    .align_y(Alignment::End),
                )
                .padding([6, 0]),
            );
            if self.closing {
                content = content.push(confirm_bar(
                    format!(
                        "Version {} will be agreed and closed: its objectives can no longer be edited, and changes go in a new version.",
                        plan.number
                    ),
                    "Agree and close",
                    Message::ConfirmClose,
                    "Not yet",
                    Message::CancelClose,
                ));
            }
        }
        section("Sentence plan", content)
    }

    fn intervention(&self, id: Option<i64>) -> Option<&Intervention> {
        id.and_then(|id| self.interventions.iter().find(|intervention| intervention.id == id))
    }

    fn objective_card<'a>(&'a self, objective: &'a Objective, draft: bool, today: NaiveDate) -> Element<'a, Message> {
        let mut content = column![text(objective.text.as_str()).size(BODY_SIZE)].spacing(4);
        if !objective.need.is_empty() {
            content = content.push(text(format!("Need: {}", objective.need)).size(LABEL_SIZE).style(theme::muted));
        }
        if let Some(intervention) = self.intervention(objective.intervention_id) {
            let mut line = row![
                text(format!(
                    "Intervention: {} · {}",
                    intervention.name,
                    objective.intervention_state.map_or("", InterventionState::label)
                ))
                .size(LABEL_SIZE)
            ]
            .spacing(8);
            if !intervention.offered {
                line = line.push(badge(BannerKind::Warning, "REQUIRED: NOT AVAILABLE HERE"));
            }
            content = content.push(line);
        }
        let responsible = if objective.responsible_name.is_empty() {
            objective.responsible_role.label().to_string()
        } else {
            format!("{} ({})", objective.responsible_name, objective.responsible_role.label())
        };
        let target = match objective.target_date {
            Some(date) if objective.status.is_active() => {
                let state = due_state(date, today);
                text(format!("Target {} ({})", format_date(date), state.describe()))
                    .size(LABEL_SIZE)
                    .style(theme::due_text(state))
            }
            Some(date) => text(format!("Target {}", format_date(date))).size(LABEL_SIZE),
            None => text("No target date").size(LABEL_SIZE).style(theme::muted),
        };
        content = content.push(
            row![
                text(format!("Responsible: {responsible}")).size(LABEL_SIZE).width(Fill),
                target,
                text(format!("{} since {}", objective.status.label(), format_date(objective.status_changed_on)))
                    .size(LABEL_SIZE),
            ]
            .spacing(12),
        );
        let agreement = match objective.agreement {
            Some(agreement) if objective.agreement_words.is_empty() => agreement.label().to_string(),
            Some(agreement) => format!("{}: \u{201c}{}\u{201d}", agreement.label(), objective.agreement_words),
            None => "Prisoner's agreement not recorded".to_string(),
        };
        content = content.push(text(agreement).size(LABEL_SIZE).style(theme::muted));
        if !objective.progress_notes.is_empty() {
            content = content.push(text(format!("Progress: {}", objective.progress_notes)).size(LABEL_SIZE));
        }
        if draft && let Some(id) = objective.id {
            content = content.push(
                row![
                    button(text("Edit")).on_press(Message::EditObjective(id)).style(button::secondary),
                    button(text("Remove")).on_press(Message::RemoveObjective(id)).style(button::text),
                ]
                .spacing(8),
            );
        }
        container(content).padding(10).width(Fill).style(theme::card).into()
    }

    fn objective_editor<'a>(&'a self, form: &'a ObjectiveForm) -> Element<'a, Message> {
        let interventions: Vec<Choice<i64>> = std::iter::once(Choice::none("No intervention"))
            .chain(
                self.interventions
                    .iter()
                    .filter(|intervention| intervention.active || Some(intervention.id) == form.intervention_id)
                    .filter(|intervention| {
                        form.pathway.is_none_or(|pathway| pathway == intervention.pathway)
                            || Some(intervention.id) == form.intervention_id
                    })
                    .map(|intervention| Choice::some(intervention.id, intervention.describe())),
            )
            .collect();
        let mut content = column![
            labelled(
                "Objective (specific and achievable)",
                text_input("e.g. Complete the Thinking Skills Programme", &form.text)
                    .id(OBJECTIVE_TEXT_ID)
                    .on_input(|value| Message::ObjectiveText(ObjectiveText::Text, value))
                    .padding(6)
                    .size(BODY_SIZE),
                None,
            ),
            field_row([
                labelled(
                    "Pathway",
                    pick_list(Pathway::ALL, form.pathway, Message::Pathway)
                        .placeholder("Choose a pathway…")
                        .text_size(BODY_SIZE)
                        .width(Fill),
                    None,
                ),
                field("Need it addresses", &form.need, None, |value| Message::ObjectiveText(
                    ObjectiveText::Need,
                    value
                )),
            ]),
            field_row([
                labelled(
                    "Intervention required (whether or not this prison offers it)",
                    pick_list(
                        interventions.clone(),
                        selected(&interventions, form.intervention_id.as_ref()),
                        Message::Intervention
                    )
                    .text_size(BODY_SIZE)
                    .width(Fill),
                    None,
                ),
                labelled(
                    "Where they are with it",
                    pick_list(InterventionState::ALL, form.intervention_state, Message::InterventionState)
                        .placeholder("—")
                        .text_size(BODY_SIZE)
                        .width(Fill),
                    None,
                ),
            ]),
        ]
        .spacing(8);
        if let Some(intervention) = self.intervention(form.intervention_id).filter(|i| !i.offered) {
            content = content.push(banner(
                BannerKind::Warning,
                format!("{} is not offered here. It is recorded as required but unavailable, and counted in the unmet need report.", intervention.name),
            ));
        }
        content = content
            .push(field_row([
                labelled(
                    "Responsible",
                    pick_list(ResponsibleRole::ALL, form.responsible_role, Message::Responsible)
                        .placeholder("Who is responsible?")
                        .text_size(BODY_SIZE)
                        .width(Fill),
                    None,
                ),
                field("Name", &form.responsible_name, None, |value| {
                    Message::ObjectiveText(ObjectiveText::ResponsibleName, value)
                }),
                labelled(
                    "Target date",
                    text_input("DD/MM/YYYY", &form.target_date)
                        .id(TARGET_DATE_ID)
                        .on_input(|value| Message::ObjectiveText(ObjectiveText::TargetDate, value))
                        .padding(6)
                        .size(BODY_SIZE),
                    None,
                ),
            ]))
            .push(field_row([
                labelled(
                    "Status",
                    pick_list(ObjectiveStatus::ALL, form.status, Message::Status).text_size(BODY_SIZE).width(Fill),
                    None,
                ),
                field("Status changed on", &form.status_changed_on, None, |value| {
                    Message::ObjectiveText(ObjectiveText::StatusDate, value)
                }),
                labelled(
                    "Prisoner's agreement",
                    pick_list(Agreement::ALL, form.agreement, Message::Agreement)
                        .placeholder("Not yet asked")
                        .text_size(BODY_SIZE)
                        .width(Fill),
                    None,
                ),
            ]))
            .push(field("In the prisoner's words", &form.agreement_words, None, |value| {
                Message::ObjectiveText(ObjectiveText::AgreementWords, value)
            }))
            .push(field("Progress notes", &form.progress_notes, None, |value| {
                Message::ObjectiveText(ObjectiveText::Progress, value)
            }));
        if let Some(error) = &self.error {
            content = content.push(banner(BannerKind::Error, error.as_str()));
        }
        content = content.push(
            row![
                button(text("Save objective")).on_press(Message::SaveObjective).style(button::primary),
                button(text("Cancel")).on_press(Message::CancelObjective).style(button::secondary),
            ]
            .spacing(8),
        );
        container(content).padding(12).width(Fill).style(theme::card).into()
    }

    fn meetings_view(&self) -> Element<'_, Message> {
        let mut content = column![
            row![
                text("Planning meetings (boards)").size(15).width(Fill),
                button(text("Plan or record a meeting")).on_press(Message::PlanMeeting).style(button::primary),
            ]
            .align_y(Alignment::Center)
        ]
        .spacing(10);
        if let Some((None, form)) = &self.meeting {
            content = content.push(self.meeting_editor(form));
        }
        if self.meetings.is_empty() {
            content = content.push(text("No meetings yet.").size(BODY_SIZE).style(theme::muted));
        }
        for meeting in &self.meetings {
            if let Some((Some(id), form)) = &self.meeting
                && *id == meeting.id
            {
                content = content.push(self.meeting_editor(form));
                continue;
            }
            content = content.push(self.meeting_card(meeting));
        }
        section("Meetings", content)
    }

    fn meeting_card<'a>(&'a self, meeting: &'a Meeting) -> Element<'a, Message> {
        let when = format!(
            "{}{}  ·  chair {}",
            format_date(meeting.date),
            meeting.time.map(|time| format!(" {}", time.format("%H:%M"))).unwrap_or_default(),
            meeting.chair
        );
        let version = meeting
            .plan_version_id
            .and_then(|id| self.versions.iter().find(|plan| plan.id == id))
            .map(|plan| format!("Version {}", plan.number))
            .unwrap_or_default();
        let fixed = meeting
            .plan_version_id
            .and_then(|id| self.versions.iter().find(|plan| plan.id == id))
            .is_some_and(|plan| plan.status == PlanStatus::Closed);
        let mut header = row![
            text(when).size(BODY_SIZE).width(Fill),
            text(version).size(LABEL_SIZE).style(theme::muted),
            if meeting.held { badge(BannerKind::Success, "HELD") } else { badge(BannerKind::Info, "PLANNED") },
        ]
        .spacing(8)
        .align_y(Alignment::Center);
        if !fixed {
            header =
                header.push(button(text("Edit")).on_press(Message::EditMeeting(meeting.id)).style(button::secondary));
        }
        let mut content = column![header].spacing(4);
        content = content.extend(meeting.attendees.iter().map(|a| {
            text(format!("{} ({}): {}", a.name, a.role, a.participation.label().to_lowercase())).size(LABEL_SIZE).into()
        }));
        if meeting.held {
            content = content.push(
                text(if meeting.prisoner_attended { "The prisoner attended." } else { "The prisoner did not attend." })
                    .size(LABEL_SIZE),
            );
            if !meeting.prisoner_views.is_empty() {
                content = content.push(text(format!("Prisoner's views: {}", meeting.prisoner_views)).size(LABEL_SIZE));
            }
            if !meeting.decisions.is_empty() {
                content = content.push(text(format!("Decisions: {}", meeting.decisions)).size(LABEL_SIZE));
            }
            content = content.push(
                text(format!("Next review: {}", format_optional_date(meeting.next_review_date))).size(LABEL_SIZE),
            );
        }
        let missing = not_invited(&self.keyworkers, &self.details.offender_manager.name, &meeting.attendees);
        if !missing.is_empty() {
            content = content.push(banner(BannerKind::Warning, format!("Not invited: {}", missing.join(", "))));
        }
        container(content).padding(10).width(Fill).style(theme::card).into()
    }

    fn meeting_editor<'a>(&'a self, form: &'a MeetingForm) -> Element<'a, Message> {
        let text_field = |label: &'a str, value: &'a str, which: MeetingText| {
            field(label, value, None, move |v| Message::MeetingText(which, v))
        };
        let participation_options: &[Participation] =
            if form.held { &Participation::ALL[1..] } else { &Participation::ALL[..1] };
        let attendees = form.attendees.iter().enumerate().map(|(index, attendee)| {
            row![
                text_input("Name", &attendee.name)
                    .on_input(move |v| Message::AttendeeName(index, v))
                    .padding(6)
                    .size(BODY_SIZE)
                    .width(Length::FillPortion(3)),
                text_input("Role", &attendee.role)
                    .on_input(move |v| Message::AttendeeRole(index, v))
                    .padding(6)
                    .size(BODY_SIZE)
                    .width(Length::FillPortion(3)),
                pick_list(participation_options, attendee.participation, move |p| Message::AttendeeParticipation(
                    index, p
                ))
                .placeholder("How did they take part?")
                .text_size(BODY_SIZE)
                .width(Length::FillPortion(3)),
            ]
            .spacing(6)
            .into()
        });
        let missing = {
            let listed: Vec<omu_core::domain::plan::Attendee> = form
                .attendees
                .iter()
                .map(|a| omu_core::domain::plan::Attendee {
                    name: a.name.clone(),
                    role: a.role.clone(),
                    participation: Participation::Invited,
                })
                .collect();
            not_invited(&self.keyworkers, &self.details.offender_manager.name, &listed)
        };
        let mut content = column![
            field_row([
                text_field("Date", &form.date, MeetingText::Date),
                text_field("Time (HH:MM)", &form.time, MeetingText::Time),
                text_field("Chair", &form.chair, MeetingText::Chair),
            ]),
            row![
                chip("Planned, not yet held", !form.held, Message::Held(false)),
                chip("Held", form.held, Message::Held(true)),
            ]
            .spacing(6),
            text("Attendees").size(LABEL_SIZE).style(theme::muted),
            column(attendees).spacing(6),
            row![
                button(text("Add attendee")).on_press(Message::AddAttendee).style(button::secondary),
                button(text("Invite the key workers and offender manager"))
                    .on_press(Message::InviteKnown)
                    .style(button::secondary),
            ]
            .spacing(8),
        ]
        .spacing(8);
        if !missing.is_empty() {
            content = content.push(banner(BannerKind::Warning, format!("Not on the list: {}", missing.join(", "))));
        }
        if !self.details.diversity.summary().is_empty() {
            content = content.push(
                text(format!("Plan around: {}", self.details.diversity.summary().join("; ")))
                    .size(LABEL_SIZE)
                    .style(theme::muted),
            );
        }
        if form.held {
            content = content
                .push(
                    row![
                        chip("The prisoner attended", form.prisoner_attended, Message::PrisonerAttended(true)),
                        chip("The prisoner did not attend", !form.prisoner_attended, Message::PrisonerAttended(false)),
                    ]
                    .spacing(6),
                )
                .push(labelled(
                    "What the prisoner said",
                    text_input("", &form.prisoner_views)
                        .id(PRISONER_VIEWS_ID)
                        .on_input(|value| Message::MeetingText(MeetingText::Views, value))
                        .padding(6)
                        .size(BODY_SIZE),
                    None,
                ))
                .push(text_field("Decisions", &form.decisions, MeetingText::Decisions))
                .push(labelled(
                    "Next review date",
                    text_input("DD/MM/YYYY", &form.next_review_date)
                        .id(NEXT_REVIEW_ID)
                        .on_input(|value| Message::MeetingText(MeetingText::NextReview, value))
                        .padding(6)
                        .size(BODY_SIZE),
                    None,
                ));
        }
        if let Some(error) = &self.error {
            content = content.push(banner(BannerKind::Error, error.as_str()));
        }
        content = content.push(
            row![
                button(text("Save meeting")).on_press(Message::SaveMeeting).style(button::primary),
                button(text("Cancel")).on_press(Message::CancelMeeting).style(button::secondary),
            ]
            .spacing(8),
        );
        container(content).padding(12).width(Fill).style(theme::card).into()
    }

    fn keyworkers_view(&self) -> Element<'_, Message> {
        let mut content = column![].spacing(6);
        if self.keyworkers.is_empty() {
            content = content.push(text("No key workers recorded.").size(BODY_SIZE).style(theme::muted));
        }
        for keyworker in &self.keyworkers {
            content = content.push(
                row![
                    text(format!("{} ({})", keyworker.name, keyworker.role)).size(BODY_SIZE).width(Fill),
                    button(text("Remove")).on_press(Message::RemoveKeyworker(keyworker.id)).style(button::text),
                ]
                .align_y(Alignment::Center),
            );
        }
        content = content.push(
            row![
                field("Name", &self.keyworker_name, None, Message::KeyworkerName),
                field("Role (e.g. Education, CARATS, Chaplaincy)", &self.keyworker_role, None, Message::KeyworkerRole),
                button(text("Add key worker")).on_press(Message::AddKeyworker).style(button::secondary),
            ]
            .spacing(10)
            .align_y(Alignment::End),
        );
        section("Key workers", content)
    }
}

impl Screen for PlanPanel {
    type Message = Message;
    type Action = Action;

    fn update(&mut self, message: Message, ctx: &mut Context) -> Action {
        self.error = None;
        match message {
            Message::SelectVersion(id) => {
                self.selected = Some(id);
                self.objective = None;
            }
            Message::NewKind(kind) => self.new_kind = kind,
            Message::StartVersion => {
                let kind = if self.versions.is_empty() { PlanKind::Initial } else { self.new_kind };
                match ctx.db.start_plan_version(self.prisoner_id, kind, ctx.today) {
                    Ok(id) => {
                        self.selected = Some(id);
                        self.refresh(ctx);
                        self.notice = Some((
                            BannerKind::Success,
                            if kind == PlanKind::Initial {
                                "Initial plan started: add objectives, then agree it at the planning meeting.".into()
                            } else {
                                "New version started as a copy of the last: update it, then agree it.".into()
                            },
                        ));
                    }
                    Err(error) => self.error = Some(error.to_string()),
                }
            }
            Message::CloseReview(value) => self.close_review = value,
            Message::CloseVersion => self.closing = self.draft().is_some(),
            Message::AddObjective => self.objective = Some((None, ObjectiveForm::new())),
            Message::EditObjective(id) => {
                let form = self
                    .selected_version()
                    .and_then(|plan| plan.objectives.iter().find(|objective| objective.id == Some(id)))
                    .map(ObjectiveForm::from_objective);
                self.objective = form.map(|form| (Some(id), form));
            }
            Message::RemoveObjective(id) => match ctx.db.remove_objective(id) {
                Ok(()) => self.refresh(ctx),
                Err(error) => self.error = Some(format!("Not removed: {error}")),
            },
            Message::ObjectiveText(field, value) => {
                if let Some((_, form)) = &mut self.objective {
                    *match field {
                        ObjectiveText::Text => &mut form.text,
                        ObjectiveText::Need => &mut form.need,
                        ObjectiveText::ResponsibleName => &mut form.responsible_name,
                        ObjectiveText::TargetDate => &mut form.target_date,
                        ObjectiveText::StatusDate => &mut form.status_changed_on,
                        ObjectiveText::Progress => &mut form.progress_notes,
                        ObjectiveText::AgreementWords => &mut form.agreement_words,
                    } = value;
                }
            }
            Message::Pathway(pathway) => self.edit_objective(|form| form.pathway = Some(pathway)),
            Message::Intervention(choice) => self.edit_objective(|form| {
                form.intervention_id = choice.value;
                if choice.value.is_none() {
                    form.intervention_state = None;
                } else if form.intervention_state.is_none() {
                    form.intervention_state = Some(InterventionState::Required);
                }
            }),
            Message::InterventionState(state) => self.edit_objective(|form| form.intervention_state = Some(state)),
            Message::Responsible(role) => self.edit_objective(|form| form.responsible_role = Some(role)),
            Message::Status(status) => {
                let today = format_date(ctx.today);
                self.edit_objective(|form| {
                    if form.status != Some(status) && form.previous_status.is_some() {
                        // A change of status is dated; today unless the user says otherwise.
                        form.status_changed_on = today;
                    }
                    form.status = Some(status);
                })
            }
            Message::Agreement(agreement) => self.edit_objective(|form| form.agreement = Some(agreement)),
            Message::SaveObjective => self.save_objective(ctx),
            Message::CancelObjective => self.objective = None,
            Message::Escape => self.discarding = self.objective.is_some() || self.meeting.is_some(),
            Message::ConfirmDiscard => {
                self.objective = None;
                self.meeting = None;
                self.discarding = false;
            }
            Message::KeepWriting => self.discarding = false,
            Message::ConfirmClose => {
                self.closing = false;
                self.close_version(ctx);
            }
            Message::CancelClose => self.closing = false,
            Message::RemoveAttendee(index) => self.edit_meeting(|form| {
                if index < form.attendees.len() {
                    form.attendees.remove(index);
                }
            }),
            Message::PlanMeeting => {
                let mut form = MeetingForm {
                    date: format_date(ctx.today),
                    time: "10:00".into(),
                    chair: ctx.settings.user_name.clone(),
                    ..MeetingForm::default()
                };
                form.attendees = self.known_invitees();
                self.meeting = Some((None, form));
            }
            Message::EditMeeting(id) => {
                self.meeting = self
                    .meetings
                    .iter()
                    .find(|meeting| meeting.id == id)
                    .map(|meeting| (Some(id), MeetingForm::from_meeting(meeting)));
            }
            Message::MeetingText(field, value) => {
                if let Some((_, form)) = &mut self.meeting {
                    *match field {
                        MeetingText::Date => &mut form.date,
                        MeetingText::Time => &mut form.time,
                        MeetingText::Chair => &mut form.chair,
                        MeetingText::Views => &mut form.prisoner_views,
                        MeetingText::Decisions => &mut form.decisions,
                        MeetingText::NextReview => &mut form.next_review_date,
                    } = value;
                }
            }
            Message::Held(held) => self.edit_meeting(|form| {
                form.held = held;
                if held {
                    for attendee in &mut form.attendees {
                        if attendee.participation == Some(Participation::Invited) {
                            attendee.participation = None;
                        }
                    }
                }
            }),
            Message::PrisonerAttended(on) => self.edit_meeting(|form| form.prisoner_attended = on),
            Message::AttendeeName(index, value) => self.edit_meeting(|form| form.attendees[index].name = value),
            Message::AttendeeRole(index, value) => self.edit_meeting(|form| form.attendees[index].role = value),
            Message::AttendeeParticipation(index, participation) => {
                self.edit_meeting(|form| form.attendees[index].participation = Some(participation))
            }
            Message::AddAttendee => self.edit_meeting(|form| form.attendees.push(AttendeeForm::default())),
            Message::InviteKnown => {
                let known = self.known_invitees();
                self.edit_meeting(|form| {
                    for invitee in known {
                        let listed =
                            form.attendees.iter().any(|a| a.name.trim().eq_ignore_ascii_case(invitee.name.trim()));
                        if !listed {
                            form.attendees.push(invitee);
                        }
                    }
                })
            }
            Message::SaveMeeting => self.save_meeting(ctx),
            Message::CancelMeeting => self.meeting = None,
            Message::KeyworkerName(value) => self.keyworker_name = value,
            Message::KeyworkerRole(value) => self.keyworker_role = value,
            Message::AddKeyworker => self.add_keyworker(ctx),
            Message::RemoveKeyworker(id) => match ctx.db.remove_keyworker(id) {
                Ok(()) => self.refresh(ctx),
                Err(error) => self.error = Some(format!("Not removed: {error}")),
            },
            Message::ReviewDate(value) => self.review_date = value,
            Message::ReviewRosh(choice) => self.review_rosh = choice.value,
            Message::ReviewLikelihood(choice) => self.review_likelihood = choice.value,
            Message::RecordReview => return self.record_review(ctx),
            Message::ChangeDate(value) => self.change_date = value,
            Message::ChangeDescription(value) => self.change_description = value,
            Message::RecordChange => self.record_change(ctx),
            Message::Print => {
                let Some(plan) = self.selected_version() else { return Action::None };
                let prepared = print::sentence_plan(ctx.db, plan.id, ctx.now);
                return Action::Run(self.printing.start(prepared, ctx).map(Message::Printed));
            }
            Message::Printed(outcome) => self.printing.finished(outcome, ctx.db),
            Message::Printing(message) => return Action::Run(self.printing.update(message).map(Message::Printing)),
        }
        Action::None
    }

    fn view<'a>(&'a self, shared: &Shared<'a>) -> Element<'a, Message> {
        let today = shared.today;
        let mut page = column![].spacing(12);
        if self.discarding {
            page = page.push(confirm_bar(
                "Throw away what you have typed in this form?",
                "Throw it away",
                Message::ConfirmDiscard,
                "Keep writing",
                Message::KeepWriting,
            ));
        }
        if let Some((kind, message)) = &self.notice {
            page = page.push(banner(*kind, message.as_str()));
        }
        if let Some(error) = &self.error {
            page = page.push(banner(BannerKind::Error, error.as_str()));
        }
        if let Some(status) = self.printing.view() {
            page = page.push(status.map(Message::Printing));
        }
        let needs = self.details.diversity.summary();
        page = page.push(section(
            "Diversity needs to plan around",
            if needs.is_empty() {
                text("None recorded on the prisoner's record.").size(BODY_SIZE).style(theme::muted)
            } else {
                text(needs.join("\n")).size(BODY_SIZE)
            },
        ));
        page = page.push(self.versions_view(today));
        page = page.push(self.meetings_view());
        page = page.push(self.reviews_view(today));
        page = page.push(self.keyworkers_view());
        page.into()
    }

    /// What leaving now would lose: a form opened and not yet saved or cancelled.
    fn unsaved_work(&self) -> Option<&'static str> {
        if self.objective.is_some() {
            Some("the objective")
        } else if self.meeting.is_some() {
            Some("the meeting record")
        } else if !self.change_description.trim().is_empty() {
            Some("the significant change")
        } else if !self.keyworker_name.trim().is_empty() {
            Some("the keyworker")
        } else {
            None
        }
    }
}
