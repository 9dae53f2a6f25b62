//! Shown once, right after set-up: the recovery key, to print and lock away.

use iced::widget::{button, column, container, row, text};
use iced::{Alignment, Element, Fill, Font, Task};

use super::{Context, Screen, Shared};
use crate::ui::printing;
use crate::ui::theme::{self, BannerKind};
use crate::ui::widget::{BODY_SIZE, banner, heading, slot};
use omu_core::print;
use omu_core::storage::RecoveryKey;

pub struct RecoveryScreen {
    key: RecoveryKey,
    printing: printing::Status,
}

#[derive(Debug, Clone)]
pub enum Message {
    /// Print the recovery key sheet.
    Print,
    /// Where the sheet went, or why not.
    Printed(printing::Outcome),
    /// Open or dismiss the printed sheet's banner.
    Printing(printing::Message),
    /// The key is written down or printed: carry on.
    Continue,
}

pub enum Action {
    None,
    Run(Task<Message>),
    /// Leave the key behind and go on to the desk.
    Continue,
}

impl RecoveryScreen {
    pub fn new(key: RecoveryKey) -> Self {
        Self { key, printing: printing::Status::default() }
    }
}

impl Screen for RecoveryScreen {
    type Message = Message;
    type Action = Action;

    fn update(&mut self, message: Message, ctx: &mut Context) -> Action {
        match message {
            Message::Print => {
                let sheet = print::recovery_sheet(ctx.db.path(), &ctx.user.name, self.key.as_str(), ctx.now);
                Action::Run(printing::print_recovery_sheet(sheet, ctx.dialogs).map(Message::Printed))
            }
            Message::Printed(outcome) => {
                self.printing.show(outcome);
                Action::None
            }
            Message::Printing(message) => Action::Run(self.printing.update(message).map(Message::Printing)),
            Message::Continue => Action::Continue,
        }
    }

    fn view<'a>(&'a self, _shared: &Shared<'a>) -> Element<'a, Message> {
        let mut content = column![
            heading("Your recovery key"),
            text("This key opens the case file if every administrator's passphrase is lost. It is shown only now. Write it down exactly, or save the sheet straight to a USB drive or a printer and print it, then lock it away from the PC. OMU Desk keeps no copy.")
                .size(BODY_SIZE),
            container(text(in_two_lines(self.key.as_str())).size(30).font(Font::MONOSPACE)).padding(16).style(theme::card),
            banner(
                BannerKind::Warning,
                "Without the recovery key and without any administrator's passphrase, nobody can open the case file: not the IT department, not the makers of OMU Desk.",
            ),
        ]
        .spacing(16)
        .max_width(720);
        content = content.push(slot(self.printing.view().map(|status| Element::from(status.map(Message::Printing)))));
        content = content.push(
            row![
                button(text("Save the sheet to a USB drive or printer…").size(BODY_SIZE))
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

/// The key in two lines of groups, broken where a person copying it would break it
/// (a narrow window otherwise wraps it mid-way, leaving one group on a line alone).
fn in_two_lines(key: &str) -> String {
    let groups: Vec<&str> = key.split('-').collect();
    let (first, second) = groups.split_at(groups.len().div_ceil(2));
    if second.is_empty() { key.to_string() } else { format!("{}-\n{}", first.join("-"), second.join("-")) }
}
