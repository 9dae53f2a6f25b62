//! People without a tally, signed in and out at the gate.

use super::*;
use iced::widget::column;

impl KeysScreen {
    pub(super) fn visitors_view(&self) -> Element<'_, Message> {
        let form = &self.visitor_form;
        let mut list = column![section(
            "Sign in a visitor or contractor (no tally)",
            column![
                field_row([
                    field("Name", &form.name, None, |v| Message::VisitorText(VisitorField::Name, v)),
                    field("Organisation", &form.organisation, None, |v| Message::VisitorText(
                        VisitorField::Organisation,
                        v
                    )),
                ]),
                field_row([
                    field("Purpose", &form.purpose, None, |v| Message::VisitorText(VisitorField::Purpose, v)),
                    field("Escorted by", &form.escorted_by, None, |v| Message::VisitorText(VisitorField::Escort, v)),
                ]),
                button(text("Sign in")).on_press(Message::SignIn).style(button::primary),
            ]
            .spacing(8),
        )]
        .spacing(8);
        for visitor in &self.visitors {
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

    pub(super) fn sign_in(&mut self, ctx: &mut Context) {
        let visitor = match self.visitor_form.validate(ctx.now) {
            Ok(visitor) => visitor,
            Err(invalid) => {
                self.fail(format!("Not signed in: {invalid}"));
                return;
            }
        };
        match ctx.db.sign_in_visitor(&visitor) {
            Ok(_) => {
                self.visitor_form = VisitorForm::default();
                self.reload(ctx);
                self.notice = Some((BannerKind::Success, format!("{} signed in.", visitor.name)));
            }
            Err(error) => self.fail(format!("Not signed in: {error}")),
        }
    }
}
