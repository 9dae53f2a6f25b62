//! What follows from the record (scope, tier, when the review and contact are due,
//! each with its reason) and the contact log.

use super::*;
use crate::ui::widget::slot;
use iced::Element;
use iced::widget::column;
use omu_core::domain::prisoner::PrisonerDetails;
use omu_core::domain::release::earliest_release;

impl PrisonerScreen {
    pub(super) fn side_panel(&self, today: chrono::NaiveDate) -> Element<'_, Message> {
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
            facts = facts.push(release_fact(details, today));
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
                choice(contact_types, self.contact_form.contact_type, Message::ContactType)
                    .text_size(BODY_SIZE)
                    .width(Fill),
                None,
            ),
            labelled(
                "Notes",
                text_editor(&self.contact_notes).on_action(Message::ContactNotes).height(90).padding(6).size(BODY_SIZE),
                None,
            ),
        ]
        .spacing(8);
        contact_entry = contact_entry.push(slot(
            self.contact_error
                .as_ref()
                .map(|error| Element::from(text(error).size(LABEL_SIZE).style(theme::error_text))),
        ));
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

        column![section("What follows from the record", facts)]
            .push(self.parole.as_ref().map(|panel| panel.view().map(Message::Parole)))
            .push(self.categorisation.as_ref().map(|panel| panel.view().map(Message::Categorisation)))
            .push(section("Record a contact", contact_entry))
            .push(section("Contact log", log))
            .spacing(12)
            .into()
    }
}

pub(super) fn fact<'a>(
    label: &'a str,
    value: impl Into<Element<'a, Message>>,
    reason: &'a str,
) -> Element<'a, Message> {
    let mut content = column![text(label).size(LABEL_SIZE).style(theme::muted), value.into()].spacing(3);
    if !reason.is_empty() {
        content = content.push(text(reason).size(LABEL_SIZE));
    }
    content.into()
}

/// The earliest release with its type and how certain it is; red when it has gone by
/// and the prisoner is still on the caseload, since then the record cannot be right.
fn release_fact<'a>(details: &PrisonerDetails, today: chrono::NaiveDate) -> Element<'a, Message> {
    let label = text("Earliest release").size(LABEL_SIZE).style(theme::muted);
    let Some(release) = earliest_release(details, today) else {
        return column![label, text("No release date recorded").size(BODY_SIZE).style(theme::muted)].spacing(3).into();
    };
    let state = due_state(release.date, today);
    let (headline, reason) = if release.has_passed(today) {
        (
            format!("{}  (passed {})", release.describe(), state.describe().replace(" overdue", " ago")),
            "The release date has gone by and the prisoner is still on the caseload: archive the record or correct the date.".to_string(),
        )
    } else {
        (
            format!("{}  ({})", release.describe(), state.describe().replace("due ", "")),
            format!("{}: {}", release.kind.meaning(), release.kind.certainty()),
        )
    };
    column![label, text(headline).size(18).style(theme::due_text(state)), text(reason).size(LABEL_SIZE)]
        .spacing(3)
        .into()
}

pub(super) fn due_fact<'a>(
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

impl PrisonerScreen {
    pub(super) fn add_contact(&mut self, ctx: &mut Context) {
        let Some(prisoner) = &self.saved else { return };
        let reception = prisoner.details.reception_date;
        match self.contact_form.validate(ctx.today, reception) {
            Ok(details) => match ctx.db.add_contact(prisoner.id, &details) {
                Ok(_) => {
                    self.contact_form = ContactForm::new(ctx.today, &ctx.settings.user_name);
                    self.contact_notes = text_editor::Content::new();
                    self.contact_error = None;
                    self.reload_related(ctx);
                }
                Err(error) => self.contact_error = Some(format!("Not saved: {error}")),
            },
            Err(message) => self.contact_error = Some(message.to_string()),
        }
    }
}
