//! Lost, broken and missing keys: the incidents, open and closed, and the report form.

use super::{Context, Outcome};
use crate::ui::theme::{self, BannerKind};
use crate::ui::widget::{BODY_SIZE, LABEL_SIZE, badge, chip, field, field_row, labelled, slot};
use iced::widget::{button, column, container, row, scrollable, text};
use iced::{Alignment, Element, Fill};
use omu_core::domain::dates::format_local;
use omu_core::domain::keys::{Incident, IncidentForm, IncidentKind, ReportedTo};
use omu_core::domain::risk::Coded;
use omu_core::storage::HookTile;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncidentField {
    Hook,
    Keys,
    ReportedBy,
    Explanation,
    Actions,
}

/// The incidents tab's own state: the report being written, and the incident being
/// closed with its notes.
#[derive(Default)]
pub struct IncidentsTab {
    form: Option<IncidentForm>,
    closing: Option<(i64, String)>,
}

#[derive(Debug, Clone)]
pub enum Message {
    /// Open the form for a new key incident.
    New,
    /// The incident's kind was chosen.
    Kind(IncidentKind),
    /// Who the incident was reported to was chosen.
    ReportedTo(ReportedTo),
    /// A field of the incident form was edited.
    Text(IncidentField, String),
    /// Record the incident.
    Save,
    /// Close the incident form without recording.
    Cancel,
    /// Start closing this incident (by id): ask for the closing notes.
    StartClosing(i64),
    /// The closing notes were edited.
    ClosingNotes(String),
    /// Close the incident with its notes.
    Close,
}

impl IncidentsTab {
    /// Opens the report with what is known already (a short count at issue).
    pub fn open_form(&mut self, form: IncidentForm) {
        self.form = Some(form);
    }

    /// The report whose typing leaving would lose, if one is begun.
    pub fn unsaved_work(&self) -> Option<&'static str> {
        let closing = self.closing.as_ref().is_some_and(|(_, notes)| !notes.trim().is_empty());
        (self.form.is_some() || closing).then_some("the incident report")
    }

    pub fn update(&mut self, message: Message, ctx: &mut Context) -> Outcome {
        let edit = |form: &mut Option<IncidentForm>, change: &dyn Fn(&mut IncidentForm)| {
            if let Some(form) = form {
                change(form);
            }
        };
        match message {
            Message::New => {
                self.form =
                    Some(IncidentForm { reported_by: ctx.settings.user_name.clone(), ..IncidentForm::default() })
            }
            Message::Kind(kind) => edit(&mut self.form, &|form| form.kind = Some(kind)),
            Message::ReportedTo(to) => edit(&mut self.form, &|form| form.reported_to = Some(to)),
            Message::Text(field, value) => edit(&mut self.form, &|form| {
                *match field {
                    IncidentField::Hook => &mut form.hook,
                    IncidentField::Keys => &mut form.keys_affected,
                    IncidentField::ReportedBy => &mut form.reported_by,
                    IncidentField::Explanation => &mut form.explanation,
                    IncidentField::Actions => &mut form.actions,
                } = value.clone()
            }),
            Message::Save => {
                let Some(form) = &self.form else { return Outcome::Nothing };
                return match form.validate() {
                    Ok(incident) => match ctx.db.report_incident(&incident, ctx.now) {
                        Ok(_) => {
                            self.form = None;
                            Outcome::Changed(
                                BannerKind::Warning,
                                if incident.kind == IncidentKind::Lost {
                                    format!(
                                        "Incident recorded. Bunch {} is compromised until the incident is closed.",
                                        incident.hook
                                    )
                                } else {
                                    "Incident recorded.".to_string()
                                },
                            )
                        }
                        Err(error) => Outcome::Refused(format!("Not recorded: {error}")),
                    },
                    Err(message) => Outcome::Refused(format!("Not saved: {message}")),
                };
            }
            Message::Cancel => self.form = None,
            Message::StartClosing(id) => self.closing = Some((id, String::new())),
            Message::ClosingNotes(value) => {
                if let Some((_, notes)) = &mut self.closing {
                    *notes = value;
                }
            }
            Message::Close => {
                let Some((id, notes)) = &self.closing else { return Outcome::Nothing };
                if notes.trim().is_empty() {
                    return Outcome::Refused(
                        "Closing: say what was found and done (e.g. key found, locks not compromised)".into(),
                    );
                }
                return match ctx.db.close_incident(*id, notes.trim(), ctx.now) {
                    Ok(()) => {
                        self.closing = None;
                        Outcome::Changed(BannerKind::Success, "Incident closed.".into())
                    }
                    Err(error) => Outcome::Refused(format!("Not closed: {error}")),
                };
            }
        }
        Outcome::Nothing
    }

    pub fn view<'a>(&'a self, incidents: &'a [Incident], tiles: &'a [HookTile]) -> Element<'a, Message> {
        let mut list = column![
            row![
                text(format!("{} open", incidents.iter().filter(|i| i.closed_at.is_none()).count()))
                    .size(BODY_SIZE)
                    .width(Fill),
                button(text("Report an incident")).on_press(Message::New).style(button::primary),
            ]
            .align_y(Alignment::Center)
        ]
        .spacing(8);
        list = list.push(slot(self.form.as_ref().map(|form| Element::from(incident_editor(form)))));
        for incident in incidents {
            let hook = tiles.iter().find(|t| t.bunch.id == incident.bunch_id).map_or(0, |t| t.bunch.hook);
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
                            button(text("Close incident")).on_press(Message::Close).style(button::primary),
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
}

fn incident_editor(form: &IncidentForm) -> Element<'_, Message> {
    let kinds = row(IncidentKind::ALL
        .iter()
        .map(|kind| chip(kind.label(), form.kind == Some(*kind), Message::Kind(*kind)).into()))
    .spacing(6);
    let to = row(ReportedTo::ALL
        .iter()
        .map(|to| chip(to.label(), form.reported_to == Some(*to), Message::ReportedTo(*to)).into()))
    .spacing(6);
    container(
        column![
            labelled("What happened", kinds, None),
            field_row([
                field("Hook", &form.hook, None, |v| Message::Text(IncidentField::Hook, v)),
                field("Which keys", &form.keys_affected, None, |v| Message::Text(IncidentField::Keys, v)),
                field("Reported by", &form.reported_by, None, |v| Message::Text(IncidentField::ReportedBy, v)),
            ]),
            field("Written explanation", &form.explanation, None, |v| Message::Text(IncidentField::Explanation, v)),
            labelled("Reported to", to, None),
            field("Actions (relock, replacement keys, search)", &form.actions, None, |v| Message::Text(
                IncidentField::Actions,
                v
            )),
            row![
                button(text("Record incident")).on_press(Message::Save).style(button::danger),
                button(text("Cancel")).on_press(Message::Cancel).style(button::secondary),
            ]
            .spacing(8),
        ]
        .spacing(8),
    )
    .padding(12)
    .style(theme::card)
    .into()
}
