//! One prisoner's sentence plan, a tab of the prisoner screen: plan versions and
//! their objectives by pathway, the interventions they require (offered here or
//! not), planning meetings and who took part, key workers, and the reviews due.

use crate::ui::choice::choice;
use chrono::NaiveDate;
use iced::widget::{button, column, container, row, text, text_input};
use iced::{Alignment, Element, Fill, Length, Task};

use super::{Context, Screen, Shared};
use crate::ui::printing;
use crate::ui::screen::{Choice, coded_choices, selected};
use crate::ui::theme::{self, BannerKind};
use crate::ui::widget::{
    BODY_SIZE, LABEL_SIZE, badge, banner, chip, confirm_bar, field, field_row, labelled, section, slots,
};
use omu_core::domain::dates::{add_months, due_state, format_date, format_optional_date, parse_date, past_date};
use omu_core::domain::form::Invalid;
use omu_core::domain::plan::{
    Agreement, AttendeeForm, Intervention, InterventionState, Keyworker, Meeting, MeetingForm, Objective,
    ObjectiveForm, ObjectiveStatus, Participation, Pathway, PlanKind, PlanStatus, PlanVersion, ResponsibleRole,
    changes, check_keyworker, check_significant_change, last_agreed_before, not_invited,
};
use omu_core::domain::prisoner::{CaseSummary, PrisonerDetails};
use omu_core::domain::risk::{Coded, Likelihood, Rosh};
use omu_core::print;

mod reviews;

mod meetings;

mod objectives;

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
    /// The objective form's field that was refused (its label in the domain) and why,
    /// shown beside that field.
    objective_problem: Option<(String, String)>,
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
    /// Print an invitation for each person on this planned meeting's list.
    PrintInvitations(i64),
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
            objective_problem: None,
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

    /// The objective form being written, if one is open.
    pub fn objective_form(&self) -> Option<&ObjectiveForm> {
        self.objective.as_ref().map(|(_, form)| form)
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
}

impl Screen for PlanPanel {
    type Message = Message;
    type Action = Action;

    fn update(&mut self, message: Message, ctx: &mut Context) -> Action {
        self.error = None;
        self.objective_problem = None;
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
                let mut invited = Vec::new();
                self.edit_meeting(|form| {
                    for invitee in known.iter() {
                        let listed =
                            form.attendees.iter().any(|a| a.name.trim().eq_ignore_ascii_case(invitee.name.trim()));
                        if !listed {
                            invited.push(invitee.name.clone());
                            form.attendees.push(invitee.clone());
                        }
                    }
                });
                self.notice = Some(if known.is_empty() {
                    (
                        BannerKind::Info,
                        "No key workers or offender manager are recorded for this prisoner: add them under Key workers and on the record, or type the attendees in.".into(),
                    )
                } else if invited.is_empty() {
                    (BannerKind::Info, "The key workers and offender manager are already on the list.".into())
                } else {
                    (BannerKind::Success, format!("Added to the invitations: {}.", invited.join(", ")))
                });
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
            Message::PrintInvitations(meeting) => {
                let prepared = print::invitations(ctx.db, self.prisoner_id, meeting, ctx.now);
                return Action::Run(self.printing.start(prepared, ctx).map(Message::Printed));
            }
            Message::Printed(outcome) => self.printing.finished(outcome, ctx.db),
            Message::Printing(message) => return Action::Run(self.printing.update(message).map(Message::Printing)),
        }
        Action::None
    }

    fn view<'a>(&'a self, shared: &Shared<'a>) -> Element<'a, Message> {
        let today = shared.today;
        let mut page = column![slots([
            self.discarding.then(|| confirm_bar(
                "Throw away what you have typed in this form?",
                "Throw it away",
                Message::ConfirmDiscard,
                "Keep writing",
                Message::KeepWriting,
            )),
            self.notice.as_ref().map(|(kind, message)| banner(*kind, message.as_str())),
            self.error.as_ref().map(|error| banner(BannerKind::Error, error.as_str())),
            self.printing.view().map(|status| status.map(Message::Printing)),
        ])]
        .spacing(12);
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
