//! Lost, broken and missing keys: the incidents, open and closed, and the report form.

use super::*;
use crate::ui::widget::slot;
use iced::Element;
use iced::widget::column;

impl KeysScreen {
    pub(super) fn incidents_view(&self) -> Element<'_, Message> {
        let mut list = column![
            row![
                text(format!("{} open", self.incidents.iter().filter(|i| i.closed_at.is_none()).count()))
                    .size(BODY_SIZE)
                    .width(Fill),
                button(text("Report an incident")).on_press(Message::NewIncident).style(button::primary),
            ]
            .align_y(Alignment::Center)
        ]
        .spacing(8);
        list = list.push(slot(self.incident_form.as_ref().map(|form| Element::from(incident_editor(form)))));
        for incident in &self.incidents {
            let hook = self.tiles.iter().find(|t| t.bunch.id == incident.bunch_id).map_or(0, |t| t.bunch.hook);
            let mut card = column![
                row![
                    text(format!("{} · hook {hook}", incident.kind.label())).size(17).width(Fill),
                    if incident.closed_at.is_some() {
                        badge(BannerKind::Success, "CLOSED")
                    } else {
                        badge(BannerKind::Error, "OPEN")
                    },
                ]
                .align_y(Alignment::Center),
                text(format!(
                    "Reported {} by {} to the {}. Last holder: {}.",
                    format_local(incident.reported_at),
                    incident.reported_by,
                    incident.reported_to.label().to_lowercase(),
                    incident.last_holder
                ))
                .size(LABEL_SIZE),
                text(format!("Keys: {}", incident.keys_affected)).size(LABEL_SIZE),
                text(format!("Explanation: {}", incident.explanation)).size(LABEL_SIZE),
                text(format!("Actions: {}", incident.actions)).size(LABEL_SIZE),
            ]
            .spacing(4);
            match (incident.closed_at, &self.closing) {
                (Some(closed), _) => {
                    card = card.push(
                        text(format!(
                            "Closed {} by {}: {}",
                            format_local(closed),
                            incident.closed_by.clone().unwrap_or_default(),
                            incident.closure_notes
                        ))
                        .size(LABEL_SIZE),
                    )
                }
                (None, Some((id, notes))) if *id == incident.id => {
                    card = card.push(
                        row![
                            field("What was found and done", notes, None, Message::ClosingNotes),
                            button(text("Close incident")).on_press(Message::CloseIncident).style(button::primary),
                        ]
                        .spacing(8)
                        .align_y(Alignment::End),
                    )
                }
                (None, _) => {
                    card = card.push(
                        button(text("Close…")).on_press(Message::StartClosing(incident.id)).style(button::secondary),
                    )
                }
            }
            list = list.push(container(card).padding(10).width(Fill).style(theme::card));
        }
        scrollable(list.padding(iced::Padding { right: 14.0, ..iced::Padding::ZERO })).height(Fill).into()
    }

    pub(super) fn edit_incident(&mut self, change: impl FnOnce(&mut IncidentForm)) {
        if let Some(form) = &mut self.incident_form {
            change(form);
        }
    }
}

pub(super) fn incident_editor(form: &IncidentForm) -> Element<'_, Message> {
    let kinds = row(IncidentKind::ALL
        .iter()
        .map(|kind| chip(kind.label(), form.kind == Some(*kind), Message::IncidentKind(*kind)).into()))
    .spacing(6);
    let to = row(ReportedTo::ALL
        .iter()
        .map(|to| chip(to.label(), form.reported_to == Some(*to), Message::IncidentReportedTo(*to)).into()))
    .spacing(6);
    container(
        column![
            labelled("What happened", kinds, None),
            field_row([
                field("Hook", &form.hook, None, |v| Message::IncidentText(IncidentField::Hook, v)),
                field("Which keys", &form.keys_affected, None, |v| Message::IncidentText(IncidentField::Keys, v)),
                field("Reported by", &form.reported_by, None, |v| Message::IncidentText(IncidentField::ReportedBy, v)),
            ]),
            field("Written explanation", &form.explanation, None, |v| Message::IncidentText(
                IncidentField::Explanation,
                v
            )),
            labelled("Reported to", to, None),
            field("Actions (relock, replacement keys, search)", &form.actions, None, |v| Message::IncidentText(
                IncidentField::Actions,
                v
            )),
            row![
                button(text("Record incident")).on_press(Message::SaveIncident).style(button::danger),
                button(text("Cancel")).on_press(Message::CancelIncident).style(button::secondary),
            ]
            .spacing(8),
        ]
        .spacing(8),
    )
    .padding(12)
    .style(theme::card)
    .into()
}
