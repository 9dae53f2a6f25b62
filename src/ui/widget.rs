//! View pieces every screen shares: labelled fields with their message, cards,
//! banners, badges and table cells.

use iced::widget::{Space, column, container, row, text, text_input};
use iced::{Element, Fill, Length};

use super::theme::{self, BannerKind};
use omu_core::domain::sorting::ListSort;

pub const LABEL_SIZE: u32 = 13;
pub const BODY_SIZE: u32 = 15;

/// A text field with its label above and, when a save failed, the reason below in red.
pub fn field<'a, Message: Clone + 'a>(
    label: &'a str,
    value: &'a str,
    error: Option<&'a str>,
    on_input: impl Fn(String) -> Message + 'a,
) -> Element<'a, Message> {
    field_with_placeholder(label, "", value, error, on_input)
}

pub fn field_with_placeholder<'a, Message: Clone + 'a>(
    label: &'a str,
    placeholder: &'a str,
    value: &'a str,
    error: Option<&'a str>,
    on_input: impl Fn(String) -> Message + 'a,
) -> Element<'a, Message> {
    labelled(
        label,
        text_input(placeholder, value).id(field_id(label)).on_input(on_input).padding(6).size(BODY_SIZE),
        error,
    )
}

/// A labelled field where Enter does `on_submit`, e.g. confirms what waits for Enter.
pub fn submitting_field<'a, Message: Clone + 'a>(
    label: &'a str,
    value: &'a str,
    on_input: impl Fn(String) -> Message + 'a,
    on_submit: Message,
) -> Element<'a, Message> {
    labelled(
        label,
        text_input("", value).id(field_id(label)).on_input(on_input).on_submit(on_submit).padding(6).size(BODY_SIZE),
        None,
    )
}

/// The widget id of the field labelled `label`: stable from frame to frame, so the
/// field keeps its focus, and how tests find it.
pub fn field_id(label: &str) -> String {
    format!("field: {label}")
}

/// Any input with a label above and an optional error below.
pub fn labelled<'a, Message: 'a>(
    label: &'a str,
    input: impl Into<Element<'a, Message>>,
    error: Option<&'a str>,
) -> Element<'a, Message> {
    let mut content = column![text(label).size(LABEL_SIZE).style(theme::muted), input.into()].spacing(3);
    if let Some(error) = error {
        content = content.push(text(error).size(LABEL_SIZE).style(theme::error_text));
    }
    content.width(Fill).into()
}

/// A titled card holding one part of a form or page.
pub fn section<'a, Message: 'a>(title: &'a str, content: impl Into<Element<'a, Message>>) -> Element<'a, Message> {
    container(column![text(title).size(17), content.into()].spacing(10))
        .padding(14)
        .width(Fill)
        .style(theme::card)
        .into()
}

/// A line of fields side by side, sharing the width.
pub fn field_row<'a, Message: 'a>(fields: impl IntoIterator<Item = Element<'a, Message>>) -> Element<'a, Message> {
    row(fields).spacing(12).width(Fill).into()
}

pub fn banner<'a, Message: 'a>(kind: BannerKind, message: impl text::IntoFragment<'a>) -> Element<'a, Message> {
    container(text(message).size(BODY_SIZE)).padding([8, 12]).width(Fill).style(theme::banner(kind)).into()
}

pub fn badge<'a, Message: 'a>(kind: BannerKind, label: impl text::IntoFragment<'a>) -> Element<'a, Message> {
    container(text(label).size(12)).padding([1, 6]).style(theme::badge(kind)).into()
}

/// A table cell of a given share of the row's width.
pub fn cell<'a, Message: 'a>(content: impl Into<Element<'a, Message>>, portion: u16) -> Element<'a, Message> {
    container(content).width(Length::FillPortion(portion)).clip(true).into()
}

pub fn heading<'a, Message: 'a>(title: impl text::IntoFragment<'a>) -> Element<'a, Message> {
    text(title).size(24).into()
}

pub fn gap<'a, Message: 'a>(height: f32) -> Element<'a, Message> {
    Space::new().height(height).into()
}

/// A question before a final or destructive step, in the app's own words, with the
/// step's button first (red) and the way back beside it.
pub fn confirm_bar<'a, Message: Clone + 'a>(
    question: impl text::IntoFragment<'a>,
    confirm: &'a str,
    on_confirm: Message,
    keep: &'a str,
    on_keep: Message,
) -> Element<'a, Message> {
    container(
        row![
            text(question).size(BODY_SIZE).width(Fill),
            iced::widget::button(text(confirm)).on_press(on_confirm).style(iced::widget::button::danger),
            iced::widget::button(text(keep)).on_press(on_keep).style(iced::widget::button::secondary),
        ]
        .spacing(10)
        .align_y(iced::Alignment::Center),
    )
    .padding([8, 12])
    .style(theme::banner(BannerKind::Warning))
    .into()
}

/// One of a set of choices shown as buttons, the chosen one filled in (a tab, a
/// reason, whose caseload).
pub fn chip<'a, Message: Clone + 'a>(
    label: impl text::IntoFragment<'a>,
    chosen: bool,
    message: Message,
) -> iced::widget::Button<'a, Message> {
    iced::widget::button(text(label).size(BODY_SIZE)).on_press(message).style(if chosen {
        iced::widget::button::primary
    } else {
        iced::widget::button::secondary
    })
}

/// A place in a column for something that comes and goes (a message, a question):
/// always one container, empty when there is nothing to show. The widgets around it
/// keep their place and kind in the widget tree, so a message appearing or going
/// never takes the focus from the field being typed in.
pub fn slot<'a, Message: 'a>(content: Option<Element<'a, Message>>) -> Element<'a, Message> {
    match content {
        Some(content) => container(content).width(Fill).into(),
        None => container(Space::new().width(0).height(0)).into(),
    }
}

/// Several slots one after another (the messages and questions at the head of a
/// page), taking no room at all when all are empty.
pub fn slots<'a, Message: 'a>(items: impl IntoIterator<Item = Option<Element<'a, Message>>>) -> Element<'a, Message> {
    column(items.into_iter().map(|item| match item {
        Some(item) => container(item).width(Fill).padding(iced::Padding { bottom: 8.0, ..iced::Padding::ZERO }).into(),
        None => container(Space::new().width(0).height(0)).into(),
    }))
    .into()
}

/// A column heading that sorts by its column when clicked, with an arrow on the
/// column the list is sorted by (▲, or ▼ the other way round).
pub fn sort_heading<'a, Column: PartialEq + Copy, Message: Clone + 'a>(
    label: impl std::fmt::Display,
    sort: ListSort<Column>,
    column: Column,
    on_press: impl Fn(Column) -> Message,
) -> Element<'a, Message> {
    let arrow = match (sort.key == column, sort.reversed) {
        (true, false) => " ▲",
        (true, true) => " ▼",
        (false, _) => "",
    };
    iced::widget::button(text(format!("{label}{arrow}")).size(LABEL_SIZE))
        .on_press(on_press(column))
        .padding(0)
        .style(iced::widget::button::text)
        .into()
}

/// A table's heading cell of `portion` that sorts by its column ([`sort_heading`]).
pub fn sort_cell<'a, Column: PartialEq + Copy, Message: Clone + 'a>(
    label: impl std::fmt::Display,
    sort: ListSort<Column>,
    column: Column,
    on_press: impl Fn(Column) -> Message,
    portion: u16,
) -> Element<'a, Message> {
    cell(sort_heading(label, sort, column, on_press), portion)
}

/// "My caseload" (for someone who holds one) and "Whole unit", the one chosen
/// highlighted: whose figures a list or report shows.
pub fn whose_toggles<'a, Message: Clone + 'a>(
    has_caseload: bool,
    whole_unit: bool,
    on_choose: impl Fn(bool) -> Message,
) -> iced::widget::Row<'a, Message> {
    use iced::widget::button;
    let style = |chosen: bool| if chosen { button::primary } else { button::secondary };
    let mut toggles = iced::widget::row![].spacing(6);
    if has_caseload {
        toggles = toggles.push(button(text("My caseload")).on_press(on_choose(false)).style(style(!whole_unit)));
    }
    toggles.push(button(text("Whole unit")).on_press(on_choose(true)).style(style(whole_unit)))
}
