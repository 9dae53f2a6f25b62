//! The app as the real window runs it: after every event (a click, one key) the
//! messages go to `update` and the view is built again, keeping the widget state
//! (which field has the focus, where the cursor is) from one frame to the next. The
//! Simulator cannot see a field losing its focus when the layout changes; this can.

use iced::Size;
use iced_test::core::renderer::Headless;
use iced_test::core::{clipboard, mouse, widget};
use iced_test::runtime::{UserInterface, user_interface};
use iced_test::selector::Bounded;
use iced_test::{Selector, renderer::Renderer};

use crate::harness::*;

pub struct Live {
    renderer: Renderer,
    cache: Option<user_interface::Cache>,
    size: Size,
    cursor: mouse::Cursor,
}

impl Live {
    /// A window of `width` by `height`, with the app's fonts.
    pub fn new(width: f32, height: f32) -> Self {
        // A Simulator loads the fonts into the shared font system once.
        let app_font = iced::Font::with_name(FONT_NAME);
        let fonts = Settings {
            fonts: vec![FONT_REGULAR.into(), FONT_BOLD.into()],
            default_font: app_font,
            ..Settings::default()
        };
        drop(Simulator::<'_, Message>::with_size(fonts, (width, height), iced::widget::space()));
        let backend = std::env::var("ICED_TEST_BACKEND").ok();
        let renderer = iced_test::futures::futures::executor::block_on(Renderer::new(
            app_font,
            iced::Pixels(16.0),
            backend.as_deref(),
        ))
        .expect("a headless renderer");
        Self {
            renderer,
            cache: Some(user_interface::Cache::default()),
            size: Size::new(width, height),
            cursor: mouse::Cursor::Unavailable,
        }
    }

    /// Feeds `events` to one frame of the app, then the messages to `update`.
    fn frame(&mut self, app: &mut App, events: &[iced::Event]) {
        let mut messages = Vec::new();
        {
            let mut ui =
                UserInterface::build(app.view(), self.size, self.cache.take().unwrap_or_default(), &mut self.renderer);
            let _ = ui.update(events, self.cursor, &mut self.renderer, &mut clipboard::Null, &mut messages);
            self.cache = Some(ui.into_cache());
        }
        apply(app, messages);
    }

    /// Clicks what `selector` finds, as the window would.
    pub fn click<S>(&mut self, app: &mut App, selector: S)
    where
        S: Selector + Send,
        S::Output: Bounded + Clone + Send + Sync + 'static,
    {
        let bounds = {
            let mut ui =
                UserInterface::build(app.view(), self.size, self.cache.take().unwrap_or_default(), &mut self.renderer);
            let mut operation = selector.find();
            ui.operate(&self.renderer, &mut widget::operation::black_box(&mut operation));
            self.cache = Some(ui.into_cache());
            match widget::Operation::finish(&operation) {
                widget::operation::Outcome::Some(Some(target)) => target.visible_bounds(),
                _ => None,
            }
        };
        let bounds = bounds.expect("the target is on screen");
        self.cursor = mouse::Cursor::Available(bounds.center());
        let events: Vec<iced::Event> = iced_test::simulator::click().collect();
        self.frame(app, &events);
    }

    /// Types `text` one key at a time, a frame (and an update) after each.
    pub fn type_text(&mut self, app: &mut App, text: &str) {
        for c in text.chars() {
            let events: Vec<iced::Event> = iced_test::simulator::typewrite(&c.to_string()).collect();
            self.frame(app, &events);
        }
    }

    /// Presses a named key (Enter, Escape) in one frame.
    pub fn tap(&mut self, app: &mut App, key: iced::keyboard::key::Named) {
        let events: Vec<iced::Event> = iced_test::simulator::tap_key(key, None).collect();
        self.frame(app, &events);
    }

    /// Moves the focus on one field, as the app's Tab shortcut does
    /// (`operation::focus_next`; the shortcut itself is tested with the Simulator).
    pub fn next_field(&mut self, app: &mut App) {
        let mut ui =
            UserInterface::build(app.view(), self.size, self.cache.take().unwrap_or_default(), &mut self.renderer);
        // The operation counts the fields first, then moves the focus: a chain, run to
        // its end as the runtime runs it.
        let mut operation: Box<dyn widget::Operation<()>> = Box::new(widget::operation::focusable::focus_next());
        loop {
            ui.operate(&self.renderer, operation.as_mut());
            match operation.finish() {
                widget::operation::Outcome::Chain(next) => operation = next,
                _ => break,
            }
        }
        self.cache = Some(ui.into_cache());
    }

    /// Clicks back into a field, rubs out `typed` and types `again`, key by key, as a
    /// person does after reading why a save failed.
    pub fn retype<S>(&mut self, app: &mut App, field: S, typed: &str, again: &str)
    where
        S: Selector + Send,
        S::Output: Bounded + Clone + Send + Sync + 'static,
    {
        self.click(app, field);
        for _ in typed.chars() {
            self.tap(app, iced::keyboard::key::Named::Backspace);
        }
        self.type_text(app, again);
    }

    /// Clicks into a field, rubs out whatever the form offered in it (up to 40
    /// characters) and types `text`.
    pub fn replace<S>(&mut self, app: &mut App, field: S, text: &str)
    where
        S: Selector + Send,
        S::Output: Bounded + Clone + Send + Sync + 'static,
    {
        self.click(app, field);
        self.tap(app, iced::keyboard::key::Named::End);
        for _ in 0..40 {
            self.tap(app, iced::keyboard::key::Named::Backspace);
        }
        self.type_text(app, text);
    }
}
