//! Planning meetings (boards): the cards of past and planned ones, and the form
//! that records who took part.

use super::*;
use crate::ui::widget::slot;
use iced::Element;
use iced::widget::column;

impl PlanPanel {
    pub(super) fn meetings_view(&self) -> Element<'_, Message> {
        let mut content = column![
            row![
                text("Planning meetings (boards)").size(15).width(Fill),
                button(text("Plan or record a meeting")).on_press(Message::PlanMeeting).style(button::primary),
            ]
            .align_y(Alignment::Center)
        ]
        .spacing(10);
        content = content.push(slot(match &self.meeting {
            Some((None, form)) => Some(self.meeting_editor(form)),
            _ => None,
        }));
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

    pub(super) fn meeting_card<'a>(&'a self, meeting: &'a Meeting) -> Element<'a, Message> {
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
        if !meeting.held && !meeting.attendees.is_empty() {
            header = header.push(
                button(text("Print invitations"))
                    .on_press(Message::PrintInvitations(meeting.id))
                    .style(button::secondary),
            );
        }
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

    pub(super) fn meeting_editor<'a>(&'a self, form: &'a MeetingForm) -> Element<'a, Message> {
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
                choice(participation_options, attendee.participation, move |p| Message::AttendeeParticipation(
                    index, p
                ))
                .placeholder("How did they take part?")
                .text_size(BODY_SIZE)
                .width(Length::FillPortion(3)),
                button(text("Remove")).on_press(Message::RemoveAttendee(index)).style(button::text),
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
        content = content
            .push(slot(self.error.as_ref().map(|error| Element::from(banner(BannerKind::Error, error.as_str())))));
        content = content.push(
            row![
                button(text("Save meeting")).on_press(Message::SaveMeeting).style(button::primary),
                button(text("Cancel")).on_press(Message::CancelMeeting).style(button::secondary),
            ]
            .spacing(8),
        );
        container(content).padding(12).width(Fill).style(theme::card).into()
    }
}

impl PlanPanel {
    pub(super) fn edit_meeting(&mut self, change: impl FnOnce(&mut MeetingForm)) {
        if let Some((_, form)) = &mut self.meeting {
            change(form);
        }
    }

    /// The key workers and offender manager, as invitees of a new meeting.
    pub(super) fn known_invitees(&self) -> Vec<AttendeeForm> {
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

    pub(super) fn save_meeting(&mut self, ctx: &mut Context) {
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
}
