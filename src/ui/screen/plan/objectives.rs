//! The plan versions and their objectives by pathway: the cards, and the form an
//! objective is written in.

use super::*;
use crate::ui::widget::slot;
use iced::Element;
use iced::widget::column;

impl PlanPanel {
    pub(super) fn versions_view(&self, today: NaiveDate) -> Element<'_, Message> {
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
                    .push(choice(&PlanKind::ALL[1..], Some(self.new_kind), Message::NewKind).text_size(BODY_SIZE))
                    .push(button(text("Start a new version")).on_press(Message::StartVersion).style(button::primary));
            }
        }
        // A long plan's versions run onto a second line rather than squeezing the
        // buttons' words one under another.
        content = content.push(tabs.wrap().vertical_spacing(6));
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
        if let Some(earlier) = last_agreed_before(&self.versions, plan) {
            content = content.push(changes_view(earlier, plan));
        }
        if !draft {
            content = content.push(
                text("This version is agreed and closed: it cannot be changed. Start a new version to review it.")
                    .size(LABEL_SIZE)
                    .style(theme::muted),
            );
        }
        content = content.push(slot(match &self.objective {
            Some((None, form)) => Some(self.objective_editor(form)),
            _ => None,
        }));
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
            content = content.push(slot(self.closing.then(|| Element::from(confirm_bar(
                    format!(
                        "Version {} will be agreed and closed: its objectives can no longer be edited, and changes go in a new version.",
                        plan.number
                    ),
                    "Agree and close",
                    Message::ConfirmClose,
                    "Not yet",
                    Message::CancelClose,
                )))));
        }
        section("Sentence plan", content)
    }

    pub(super) fn intervention(&self, id: Option<i64>) -> Option<&Intervention> {
        id.and_then(|id| self.interventions.iter().find(|intervention| intervention.id == id))
    }

    pub(super) fn objective_card<'a>(
        &'a self,
        objective: &'a Objective,
        draft: bool,
        today: NaiveDate,
    ) -> Element<'a, Message> {
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

    pub(super) fn objective_editor<'a>(&'a self, form: &'a ObjectiveForm) -> Element<'a, Message> {
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
        // The domain names each field; the form labels some of them more fully.
        let beside = |field: &str| {
            self.objective_problem.as_ref().filter(|(refused, _)| refused == field).map(|(_, problem)| problem.as_str())
        };
        let mut content = column![
            labelled(
                "Objective (specific and achievable)",
                text_input("e.g. Complete the Thinking Skills Programme", &form.text)
                    .id(OBJECTIVE_TEXT_ID)
                    .on_input(|value| Message::ObjectiveText(ObjectiveText::Text, value))
                    .padding(6)
                    .size(BODY_SIZE),
                beside("Objective"),
            ),
            field_row([
                labelled(
                    "Pathway",
                    choice(Pathway::ALL, form.pathway, Message::Pathway)
                        .placeholder("Choose a pathway…")
                        .text_size(BODY_SIZE)
                        .width(Fill),
                    beside("Pathway"),
                ),
                field("Need it addresses", &form.need, beside("Need"), |value| Message::ObjectiveText(
                    ObjectiveText::Need,
                    value
                )),
            ]),
            field_row([
                labelled(
                    "Intervention required (whether or not this prison offers it)",
                    choice(
                        interventions.clone(),
                        selected(&interventions, form.intervention_id.as_ref()),
                        Message::Intervention
                    )
                    .text_size(BODY_SIZE)
                    .width(Fill),
                    beside("Intervention"),
                ),
                labelled(
                    "Where they are with it",
                    choice(InterventionState::ALL, form.intervention_state, Message::InterventionState)
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
                    choice(ResponsibleRole::ALL, form.responsible_role, Message::Responsible)
                        .placeholder("Who is responsible?")
                        .text_size(BODY_SIZE)
                        .width(Fill),
                    beside("Responsible"),
                ),
                field("Name", &form.responsible_name, beside("Responsible name"), |value| {
                    Message::ObjectiveText(ObjectiveText::ResponsibleName, value)
                }),
                labelled(
                    "Target date",
                    text_input("DD/MM/YYYY", &form.target_date)
                        .id(TARGET_DATE_ID)
                        .on_input(|value| Message::ObjectiveText(ObjectiveText::TargetDate, value))
                        .padding(6)
                        .size(BODY_SIZE),
                    beside("Target date"),
                ),
            ]))
            .push(field_row([
                labelled(
                    "Status",
                    choice(ObjectiveStatus::ALL, form.status, Message::Status).text_size(BODY_SIZE).width(Fill),
                    beside("Status"),
                ),
                field("Status changed on", &form.status_changed_on, beside("Status date"), |value| {
                    Message::ObjectiveText(ObjectiveText::StatusDate, value)
                }),
                labelled(
                    "Prisoner's agreement",
                    choice(Agreement::ALL, form.agreement, Message::Agreement)
                        .placeholder("Not yet asked")
                        .text_size(BODY_SIZE)
                        .width(Fill),
                    None,
                ),
            ]))
            .push(field("In the prisoner's words", &form.agreement_words, beside("Prisoner's words"), |value| {
                Message::ObjectiveText(ObjectiveText::AgreementWords, value)
            }))
            .push(field("Progress notes", &form.progress_notes, beside("Progress notes"), |value| {
                Message::ObjectiveText(ObjectiveText::Progress, value)
            }));
        content = content.push(slot(self.error.as_ref().map(|error| banner(BannerKind::Error, error.as_str()))));
        content = content.push(
            row![
                button(text("Save objective")).on_press(Message::SaveObjective).style(button::primary),
                button(text("Cancel")).on_press(Message::CancelObjective).style(button::secondary),
            ]
            .spacing(8),
        );
        container(content).padding(12).width(Fill).style(theme::card).into()
    }
}

impl PlanPanel {
    pub(super) fn edit_objective(&mut self, change: impl FnOnce(&mut ObjectiveForm)) {
        if let Some((_, form)) = &mut self.objective {
            change(form);
        }
    }

    pub(super) fn save_objective(&mut self, ctx: &mut Context) {
        let (Some(plan), Some((id, form))) = (self.selected_version(), &self.objective) else { return };
        let objective = match form.validate(plan.started_on, ctx.today) {
            Ok(objective) => Objective { id: *id, ..objective },
            Err(invalid) => {
                self.error = Some(format!("Not saved: {invalid}. What you typed is kept."));
                self.objective_problem = Some((invalid.field.to_string(), invalid.problem.to_string()));
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

    pub(super) fn close_version(&mut self, ctx: &mut Context) {
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
}

/// What changed since the last agreed version, for the board to see progress.
fn changes_view<'a>(earlier: &PlanVersion, later: &PlanVersion) -> Element<'a, Message> {
    let found = changes(earlier, later);
    let since = match earlier.closed_on {
        Some(agreed) => format!("Since version {} (agreed {})", earlier.number, format_date(agreed)),
        None => format!("Since version {}", earlier.number),
    };
    let lines: Element<'a, Message> = if found.is_empty() {
        text("No changes yet.").size(LABEL_SIZE).style(theme::muted).into()
    } else {
        column(found.iter().map(|change| text(format!("• {}", change.describe())).size(LABEL_SIZE).into()))
            .spacing(2)
            .into()
    };
    container(column![text(since).size(BODY_SIZE), lines].spacing(4)).padding([6, 10]).style(theme::card).into()
}
