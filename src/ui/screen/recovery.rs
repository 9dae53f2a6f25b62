//! Shown once, right after set-up: the recovery key, to print and lock away.

use iced::widget::{button, column, container, row, text};
use iced::{Alignment, Element, Fill, Font, Task};

use crate::ui::printing;
use crate::ui::theme::{self, BannerKind};
use crate::ui::widget::{BODY_SIZE, banner, heading};
use omu_core::print;
use omu_core::storage::{Db, RecoveryKey};

pub struct RecoveryScreen {
    key: RecoveryKey,
    printing: printing::Status,
}

#[derive(Debug, Clone)]
pub enum Message {
    Print,
    Printed(printing::Outcome),
    Printing(printing::Message),
    Continue,
}

pub enum Action {
    None,
    Run(Task<Message>),
    Continue,
}

impl RecoveryScreen {
    pub fn new(key: RecoveryKey) -> Self {
        Self { key, printing: printing::Status::default() }
    }

    pub fn update(&mut self, message: Message, db: &Db, administrator: &str) -> Action {
        match message {
            Message::Print => {
                let sheet = print::recovery_sheet(db.path(), administrator, self.key.as_str(), chrono::Utc::now());
                Action::Run(printing::print(sheet, db).map(Message::Printed))
            }
            Message::Printed(outcome) => {
                self.printing.show(outcome);
                Action::None
            }
            Message::Printing(message) => Action::Run(self.printing.update(message).map(Message::Printing)),
            Message::Continue => Action::Continue,
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let mut content = column![
            heading("Your recovery key"),
            text("This key opens the case file if every administrator's passphrase is lost. It is shown only now. Print it (or write it down exactly), and lock it away from the PC.")
                .size(BODY_SIZE),
            container(text(self.key.as_str()).size(24).font(Font::MONOSPACE)).padding(16).style(theme::card),
            banner(
                BannerKind::Warning,
                "Without the recovery key and without any administrator's passphrase, nobody can open the case file: not the IT department, not the makers of OMU Desk.",
            ),
        ]
        .spacing(16)
        .max_width(720);
        if let Some(status) = self.printing.view() {
            content = content.push(status.map(Message::Printing));
        }
        content = content.push(
            row![
                button(text("Print the recovery key").size(BODY_SIZE))
                    .on_press(Message::Print)
                    .style(button::secondary)
                    .padding([10, 16]),
                button(text("I have printed or written it down: continue").size(BODY_SIZE))
                    .on_press(Message::Continue)
                    .style(button::primary)
                    .padding([10, 16]),
            ]
            .spacing(12)
            .align_y(Alignment::Center),
        );
        container(container(content).padding(28).max_width(780).style(theme::card)).center_x(Fill).padding(40).into()
    }
}
