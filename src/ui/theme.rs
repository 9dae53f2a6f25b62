//! Colours and styles. Overdue is red everywhere, due soon amber, done green, so a
//! supervisor learns one meaning per colour.

use iced::widget::{button, container, text};
use iced::{Background, Border, Color, Theme, border, color};

use omu_core::domain::dates::DueState;
use omu_core::domain::staff::ThemeChoice;

pub fn theme(choice: ThemeChoice) -> Theme {
    match choice {
        ThemeChoice::Light => Theme::custom(
            "OMU Desk light",
            iced::theme::Palette {
                background: color!(0xF6F7F9),
                text: color!(0x1B1F24),
                primary: color!(0x1D4F91),
                success: color!(0x1E7A3C),
                warning: color!(0xB7791F),
                danger: color!(0xC0262D),
            },
        ),
        ThemeChoice::Dark => Theme::custom(
            "OMU Desk dark",
            iced::theme::Palette {
                background: color!(0x1C1F24),
                text: color!(0xE8EAED),
                primary: color!(0x6EA8FE),
                success: color!(0x4CC07A),
                warning: color!(0xF0B34A),
                danger: color!(0xFF6B6B),
            },
        ),
    }
}

/// Text colour for something against its due date.
pub fn due_text(state: DueState) -> impl Fn(&Theme) -> text::Style {
    move |theme: &Theme| {
        let palette = theme.extended_palette();
        text::Style {
            color: match state {
                DueState::Overdue(_) => Some(palette.danger.base.color),
                DueState::DueSoon(_) => Some(palette.warning.strong.color),
                DueState::NotYetDue(_) => None,
            },
        }
    }
}

pub fn muted(theme: &Theme) -> text::Style {
    let palette = theme.extended_palette();
    text::Style { color: Some(palette.background.strong.text.scale_alpha(0.7)) }
}

pub fn error_text(theme: &Theme) -> text::Style {
    text::Style { color: Some(theme.extended_palette().danger.base.color) }
}

/// What a table's rows lie on, so their colours can be worked out over it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    /// The page itself.
    Page,
    /// A [`card`].
    Card,
}

impl Surface {
    pub fn color(self, theme: &Theme) -> Color {
        let palette = theme.extended_palette();
        match self {
            Surface::Page => palette.background.base.color,
            Surface::Card if palette.is_dark => palette.background.weak.color,
            Surface::Card => Color::WHITE,
        }
    }
}

/// A white panel with a light border: one section of a form or list.
pub fn card(theme: &Theme) -> container::Style {
    let palette = theme.extended_palette();
    container::Style {
        background: Some(Background::Color(Surface::Card.color(theme))),
        border: Border { width: 1.0, radius: 6.0.into(), color: palette.background.strong.color },
        ..container::Style::default()
    }
}

/// A chart's ruled tick line: faint, so the bars stand out.
pub fn chart_rule(theme: &Theme) -> container::Style {
    container::Style {
        background: Some(Background::Color(theme.extended_palette().background.strong.color)),
        ..container::Style::default()
    }
}

/// A chart's bar: one strong colour, its figure printed above, so it reads the same
/// in either theme, in black and white and to a colour-blind reader.
pub fn chart_bar(theme: &Theme) -> container::Style {
    container::Style {
        background: Some(Background::Color(theme.extended_palette().primary.strong.color)),
        ..container::Style::default()
    }
}

/// A month of a chart that lists its prisoners when clicked: outlined when chosen or
/// under the pointer (an outline, not a colour, marks it).
pub fn chart_slot(theme: &Theme, status: iced::widget::button::Status, chosen: bool) -> iced::widget::button::Style {
    let palette = theme.extended_palette();
    let outline = match (chosen, status) {
        (true, _) => Some((palette.background.base.text, 2.0)),
        (false, iced::widget::button::Status::Hovered) => Some((palette.background.strong.color, 1.0)),
        _ => None,
    };
    iced::widget::button::Style {
        background: None,
        text_color: palette.background.base.text,
        border: outline.map_or(Border::default(), |(color, width)| Border { color, width, radius: 4.0.into() }),
        ..iced::widget::button::Style::default()
    }
}

/// The navigation column: a calm navy in both themes, so it never competes with
/// the red of overdue work.
pub fn sidebar(_theme: &Theme) -> container::Style {
    container::Style {
        background: Some(Background::Color(SIDEBAR)),
        text_color: Some(Color::WHITE),
        ..container::Style::default()
    }
}

const SIDEBAR: Color = color!(0x1F3550);

pub fn table_header(theme: &Theme) -> container::Style {
    let palette = theme.extended_palette();
    container::Style {
        background: Some(Background::Color(palette.background.strong.color)),
        border: border::rounded(4),
        ..container::Style::default()
    }
}

/// A banner across the top of a screen.
pub fn banner(kind: BannerKind) -> impl Fn(&Theme) -> container::Style {
    move |theme: &Theme| {
        let palette = theme.extended_palette();
        let pair = match kind {
            BannerKind::Info => palette.primary.weak,
            BannerKind::Success => palette.success.weak,
            BannerKind::Error => palette.danger.weak,
            BannerKind::Warning => palette.warning.weak,
        };
        container::Style {
            background: Some(Background::Color(pair.color)),
            text_color: Some(pair.text),
            border: border::rounded(4),
            ..container::Style::default()
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BannerKind {
    Info,
    Success,
    Warning,
    Error,
}

/// A small coloured label such as "OVERDUE" or "IN SCOPE".
pub fn badge(kind: BannerKind) -> impl Fn(&Theme) -> container::Style {
    move |theme: &Theme| {
        let palette = theme.extended_palette();
        let pair = match kind {
            BannerKind::Info => palette.primary.base,
            BannerKind::Success => palette.success.base,
            BannerKind::Error => palette.danger.base,
            BannerKind::Warning => palette.warning.base,
        };
        container::Style {
            background: Some(Background::Color(pair.color)),
            text_color: Some(pair.text),
            border: border::rounded(3),
            ..container::Style::default()
        }
    }
}

/// A table row that is also a button: plain until hovered.
///
/// Every colour here is opaque, worked out over the surface the rows lie `on`: the
/// CPU renderer fills an opaque colour as a plain copy of pixels but blends a
/// translucent one pixel by pixel, and a list of fifty rows is most of a frame's
/// area. A plain row draws no background at all.
pub fn table_row(on: Surface, striped: bool) -> impl Fn(&Theme, button::Status) -> button::Style {
    move |theme: &Theme, status: button::Status| {
        let palette = theme.extended_palette();
        let below = on.color(theme);
        let background = match status {
            button::Status::Hovered | button::Status::Pressed => Some(over(below, palette.primary.weak.color, 0.35)),
            _ if striped => Some(over(below, palette.background.weak.color, 0.6)),
            _ => None,
        };
        button::Style {
            background: background.map(Background::Color),
            text_color: palette.background.base.text,
            border: border::rounded(3),
            ..button::Style::default()
        }
    }
}

/// `top` laid over `bottom` at `opacity`, as one opaque colour. Mixed on the stored
/// values, as the renderer blends them, not in linear light as iced's `palette::mix`
/// does, so a row looks as it did when it was translucent.
fn over(bottom: Color, top: Color, opacity: f32) -> Color {
    let mix = |below: f32, above: f32| below + (above - below) * opacity;
    Color::from_rgb(mix(bottom.r, top.r), mix(bottom.g, top.g), mix(bottom.b, top.b))
}

/// Navigation buttons on the sidebar; the current screen is highlighted.
pub fn nav_button(active: bool) -> impl Fn(&Theme, button::Status) -> button::Style {
    move |theme: &Theme, status: button::Status| {
        let palette = theme.extended_palette();
        let background = if active {
            Some(Background::Color(palette.primary.base.color))
        } else if matches!(status, button::Status::Hovered) {
            Some(Background::Color(Color::WHITE.scale_alpha(0.12)))
        } else {
            None
        };
        button::Style { background, text_color: Color::WHITE, border: border::rounded(4), ..button::Style::default() }
    }
}
