//! Bunches: what hangs on each hook and how many keys, and the form for one.

use super::*;
use crate::ui::widget::slot;
use iced::Element;
use iced::widget::column;

impl KeysScreen {
    pub(super) fn bunches_view(&self) -> Element<'_, Message> {
        let mut list = column![
            row![
                text(format!("{} bunches on {} hooks", self.tiles.len(), self.tiles.len())).size(BODY_SIZE).width(Fill),
                button(text("Add a bunch")).on_press(Message::NewBunch).style(button::primary),
            ]
            .align_y(Alignment::Center)
        ]
        .spacing(6);
        list = list.push(slot(self.bunch_form.as_ref().map(|(_, form)| Element::from(bunch_editor(form)))));
        for tile in &self.tiles {
            let bunch = &tile.bunch;
            list = list.push(
                row![
                    text(format!("{:>4}", bunch.hook)).size(18).width(60),
                    column![
                        text(bunch.description.as_str()).size(BODY_SIZE),
                        text(format!("{} keys · {}", bunch.key_count, bunch.contents))
                            .size(LABEL_SIZE)
                            .style(theme::muted),
                    ]
                    .width(Fill),
                    text(tile.state.label()).size(BODY_SIZE),
                    button(text("Edit")).on_press(Message::EditBunch(bunch.id)).style(button::secondary),
                ]
                .spacing(10)
                .align_y(Alignment::Center),
            );
        }
        scrollable(list.padding(iced::Padding { right: 14.0, ..iced::Padding::ZERO })).height(Fill).into()
    }
}

pub(super) fn bunch_editor(form: &BunchForm) -> Element<'_, Message> {
    let mut content = column![
        field_row([
            field("Hook", &form.hook, None, |v| Message::BunchText(BunchField::Hook, v)),
            field("Description", &form.description, None, |v| Message::BunchText(BunchField::Description, v)),
            field("Number of keys", &form.key_count, None, |v| Message::BunchText(BunchField::Count, v)),
        ]),
        field("Contents (types, suites, serials)", &form.contents, None, |v| Message::BunchText(
            BunchField::Contents,
            v
        )),
        row![chip("Out of use", form.out_of_use, Message::BunchOutOfUse(!form.out_of_use))],
    ]
    .spacing(8);
    if form.out_of_use {
        content = content.push(field("Why it is out of use", &form.out_of_use_reason, None, |v| {
            Message::BunchText(BunchField::Reason, v)
        }));
    }
    content = content.push(
        row![
            button(text("Save bunch")).on_press(Message::SaveBunch).style(button::primary),
            button(text("Cancel")).on_press(Message::CancelBunch).style(button::secondary),
        ]
        .spacing(8),
    );
    container(content).padding(12).style(theme::card).into()
}
