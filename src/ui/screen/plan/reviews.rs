//! Reviews due (OASys/RoH, the plan, monthly contact), significant changes, and the
//! key workers.

use super::*;
use iced::widget::column;

impl PlanPanel {
    pub(super) fn reviews_view(&self, today: NaiveDate) -> Element<'_, Message> {
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
                choice(rosh_choices.clone(), selected(&rosh_choices, self.review_rosh.as_ref()), Message::ReviewRosh)
                    .text_size(BODY_SIZE),
                None,
            ),
            labelled(
                "Likelihood of reoffending",
                choice(
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

    pub(super) fn keyworkers_view(&self) -> Element<'_, Message> {
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

impl PlanPanel {
    pub(super) fn add_keyworker(&mut self, ctx: &mut Context) {
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

    pub(super) fn record_review(&mut self, ctx: &mut Context) -> Action {
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

    pub(super) fn record_change(&mut self, ctx: &mut Context) {
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
}
