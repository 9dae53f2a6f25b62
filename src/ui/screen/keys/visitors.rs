//! People without a tally, signed in and out at the gate.

use super::{Context, Outcome};
use crate::ui::theme::{self, BannerKind};
use crate::ui::widget::{BODY_SIZE, LABEL_SIZE, field, field_row, section};
use iced::widget::{button, column, row, scrollable, text};
use iced::{Alignment, Element, Fill};
use omu_core::domain::dates::format_local;
use omu_core::domain::keys::{Visitor, VisitorForm};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VisitorField {
    Name,
    Organisation,
    Purpose,
    Escort,
}

/// The visitors tab's own state: the visitor being signed in.
#[derive(Default)]
pub struct VisitorsTab {
    form: VisitorForm,
}

#[derive(Debug, Clone)]
pub enum Message {
    /// A field of the visitor form was edited.
    Text(VisitorField, String),
    /// Sign the visitor in.
    SignIn,
    /// Sign this visitor (by id) out.
    SignOut(i64),
}

impl VisitorsTab {
    /// The visitor entry whose typing leaving would lose, if one is begun.
    pub fn unsaved_work(&self) -> Option<&'static str> {
        let form = &self.form;
        [&form.name, &form.organisation, &form.purpose]
            .iter()
            .any(|typed| !typed.trim().is_empty())
            .then_some("the visitor entry")
    }

    pub fn update(&mut self, message: Message, ctx: &mut Context) -> Outcome {
        match message {
            Message::Text(field, value) => {
                *match field {
                    VisitorField::Name => &mut self.form.name,
                    VisitorField::Organisation => &mut self.form.organisation,
                    VisitorField::Purpose => &mut self.form.purpose,
                    VisitorField::Escort => &mut self.form.escorted_by,
                } = value;
                Outcome::Nothing
            }
            Message::SignIn => {
                let visitor = match self.form.validate(ctx.now) {
                    Ok(visitor) => visitor,
                    Err(invalid) => return Outcome::Refused(format!("Not signed in: {invalid}")),
                };
                match ctx.db.sign_in_visitor(&visitor) {
                    Ok(_) => {
                        self.form = VisitorForm::default();
                        Outcome::Changed(BannerKind::Success, format!("{} signed in.", visitor.name))
                    }
                    Err(error) => Outcome::Refused(format!("Not signed in: {error}")),
                }
            }
            Message::SignOut(id) => match ctx.db.sign_out_visitor(id, ctx.now) {
                Ok(()) => Outcome::Changed(BannerKind::Success, "Signed out.".into()),
                Err(error) => Outcome::Refused(format!("Not signed out: {error}")),
            },
        }
    }

    pub fn view<'a>(&'a self, visitors: &'a [Visitor]) -> Element<'a, Message> {
        let form = &self.form;
        let mut list = column![section(
            "Sign in a visitor or contractor (no tally)",
            column![
                field_row([
                    field("Name", &form.name, None, |v| Message::Text(VisitorField::Name, v)),
                    field("Organisation", &form.organisation, None, |v| Message::Text(VisitorField::Organisation, v)),
                ]),
                field_row([
                    field("Purpose", &form.purpose, None, |v| Message::Text(VisitorField::Purpose, v)),
                    field("Escorted by", &form.escorted_by, None, |v| Message::Text(VisitorField::Escort, v)),
                ]),
                button(text("Sign in")).on_press(Message::SignIn).style(button::primary),
            ]
            .spacing(8),
        )]
        .spacing(8);
        for visitor in visitors {
            let status: Element<'_, Message> = match visitor.signed_out_at {
                Some(out) => text(format!("Signed out {}", format_local(out))).size(LABEL_SIZE).into(),
                None => button(text("Sign out")).on_press(Message::SignOut(visitor.id)).style(button::secondary).into(),
            };
            list = list.push(
                row![
                    column![
                        text(format!("{} ({})", visitor.name, visitor.organisation)).size(BODY_SIZE),
                        text(format!(
                            "{} · escorted by {} · in {}",
                            visitor.purpose,
                            visitor.escorted_by,
                            format_local(visitor.signed_in_at)
                        ))
                        .size(LABEL_SIZE)
                        .style(theme::muted),
                    ]
                    .width(Fill),
                    status,
                ]
                .align_y(Alignment::Center),
            );
        }
        scrollable(list.padding(iced::Padding { right: 14.0, ..iced::Padding::ZERO })).height(Fill).into()
    }
}
