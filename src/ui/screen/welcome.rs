//! The first screen of a new, empty case file: where you work, and whether to look
//! around a demo establishment or start with your own cases.

use iced::widget::{button, column, container, row, text};
use iced::{Alignment, Element, Fill};

use crate::ui::theme::{self, BannerKind};
use iced::widget::text_input;

use super::{Context, Screen, Shared};
use crate::ui::widget::{BODY_SIZE, banner, heading, labelled, slot};
use omu_core::demo;

pub const ESTABLISHMENT_ID: &str = "welcome-establishment";

#[derive(Default)]
pub struct Welcome {
    establishment_name: String,
    error: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    /// The establishment's name was edited.
    EstablishmentChanged(String),
    /// Fill the empty file with the demo establishment.
    LoadDemo,
    /// Start with no prisoners, under the name typed.
    StartEmpty,
}

pub enum Action {
    None,
    /// The file now holds an establishment: reread everything and show the caseload.
    Started,
}

impl Welcome {
    pub fn new() -> Self {
        Self { establishment_name: String::new(), error: None }
    }
}

impl Screen for Welcome {
    type Message = Message;
    type Action = Action;

    fn update(&mut self, message: Message, ctx: &mut Context) -> Action {
        let started = match message {
            Message::EstablishmentChanged(value) => {
                self.establishment_name = value;
                return Action::None;
            }
            Message::LoadDemo => {
                demo::populate(ctx.db, ctx.today, &ctx.user.name).map(|_| ()).map_err(|e| e.to_string())
            }
            Message::StartEmpty => ctx
                .settings
                .for_new_establishment(&self.establishment_name)
                .map_err(|invalid| invalid.to_string())
                .and_then(|settings| ctx.db.start_establishment(&settings).map_err(|e| e.to_string())),
        };
        match started {
            Ok(()) => Action::Started,
            Err(message) => {
                self.error = Some(message);
                Action::None
            }
        }
    }

    fn view<'a>(&'a self, _shared: &Shared<'a>) -> Element<'a, Message> {
        let mut content = column![
            heading("Welcome to OMU Desk"),
            text("Your caseload, induction checklists, sentence plans and the key register, kept on this PC. Nothing leaves it unless you print or export it.")
                .size(BODY_SIZE),
            labelled(
                "Establishment (printed on every document)",
                text_input("e.g. HMP Northmoor", &self.establishment_name)
                    .id(ESTABLISHMENT_ID)
                    .on_input(Message::EstablishmentChanged)
                    .padding(6)
                    .size(BODY_SIZE),
                None,
            ),
        ]
        .spacing(16)
        .max_width(640);
        content = content
            .push(slot(self.error.as_ref().map(|error| Element::from(banner(BannerKind::Error, error.as_str())))));
        content = content.push(
            row![
                button(text("Start with an empty case file").size(BODY_SIZE))
                    .on_press(Message::StartEmpty)
                    .style(button::primary)
                    .padding([10, 16]),
                button(text("Look around a demo establishment").size(BODY_SIZE))
                    .on_press(Message::LoadDemo)
                    .style(button::secondary)
                    .padding([10, 16]),
            ]
            .spacing(12)
            .align_y(Alignment::Center),
        );
        content = content.push(
            text("The demo fills this file with about sixty made-up prisoners. Use it to try things out, then start a new file for real cases.")
                .size(13)
                .style(theme::muted),
        );
        container(container(content).padding(28).style(theme::card)).center_x(Fill).padding(40).into()
    }
}
