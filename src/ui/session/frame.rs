//! What surrounds every page of a session: the sidebar (pages the role allows, who is
//! signed in, Lock and Sign out), the question about leaving unsaved work, and news
//! from work done in the background.

use iced::widget::{button, column, container, row, text};
use iced::{Alignment, Element, Fill};

use super::Session;
use crate::ui::app::{Destination, Message};
use crate::ui::theme;
use crate::ui::widget::{BODY_SIZE, banner, confirm_bar, slots};

pub(super) fn around<'a>(session: &'a Session, content: Element<'a, Message>) -> Element<'a, Message> {
    // The bars take slots that are always there, so the page below keeps its place in
    // the widget tree (and its focus) when one comes or goes.
    let leaving = session.leaving.as_ref().map(|leaving| {
        if leaving.undo {
            confirm_bar(
                format!("Throw away your unsaved changes to {}?", leaving.unsaved),
                "Throw them away",
                Message::LeaveAnyway,
                "Keep editing",
                Message::StayOnPage,
            )
        } else {
            confirm_bar(
                format!("You have not saved {}.", leaving.unsaved),
                "Leave without saving",
                Message::LeaveAnyway,
                "Stay on this page",
                Message::StayOnPage,
            )
        }
    });
    let notice = session.notice.as_ref().map(|(kind, message)| {
        row![
            banner(*kind, message.as_str()),
            button(text("Dismiss")).on_press(Message::DismissNotice).style(button::secondary),
        ]
        .spacing(8)
        .align_y(Alignment::Center)
        .into()
    });
    let page = column![slots([notice, leaving]), content].spacing(2);
    row![sidebar(session), container(page).padding(18).width(Fill).height(Fill)].into()
}

fn sidebar(session: &Session) -> Element<'_, Message> {
    let current = session.page.destination();
    let nav = |label: &'static str, destination: Destination| {
        button(text(label).size(BODY_SIZE))
            .on_press(Message::Navigate(destination))
            .width(Fill)
            .padding([8, 12])
            .style(theme::nav_button(current == destination))
    };
    let mut links = column![].spacing(6);
    for (label, destination) in [
        ("My day", Destination::MyDay),
        ("Caseload", Destination::Caseload),
        ("Due", Destination::Due),
        ("Induction", Destination::Induction),
        ("Boards", Destination::Boards),
        ("Interventions", Destination::Interventions),
        ("Keys", Destination::Keys),
        ("Workload", Destination::Workload),
        ("Unit", Destination::Unit),
        ("Users", Destination::Users),
        ("Audit trail", Destination::Audit),
        ("Settings", Destination::Settings),
    ] {
        if session.desk.may(destination.needs()) {
            links = links.push(nav(label, destination));
        }
    }
    let small = |label: &'static str, message: Message| {
        button(text(label).size(13)).on_press(message).padding([4, 8]).style(button::secondary)
    };
    let user = &session.desk.user;
    container(
        column![
            text("OMU Desk").size(22),
            text(session.desk.settings.establishment_name.as_str()).size(13),
            iced::widget::space().height(16),
            // The links scroll when the window is too short for them (large text at
            // 1024x768), so who is signed in and the marking always show.
            iced::widget::scrollable(links)
                .direction(iced::widget::scrollable::Direction::Vertical(
                    iced::widget::scrollable::Scrollbar::new().width(3).scroller_width(3),
                ))
                .height(Fill),
            text(format!("Signed in as\n{}\n{}", user.name, user.role.name())).size(13),
            row![small("Lock", Message::Lock), small("Sign out", Message::SignOut)].spacing(6),
            text("OFFICIAL-SENSITIVE").size(12),
        ]
        .spacing(6)
        .align_x(Alignment::Start),
    )
    .padding(14)
    .width(190)
    .height(Fill)
    .style(theme::sidebar)
    .into()
}
