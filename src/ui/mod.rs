//! The iced desktop application. Only this module uses iced: the rules, the case file
//! and printing below it are tested without a window.

pub mod app;
pub mod choice;
pub mod dialog;
pub mod printing;
pub mod screen;
pub mod session;
mod start_timings;
pub mod theme;
pub mod widget;

use std::path::PathBuf;

pub use app::{App, Message};

/// The font every screen uses, shipped with the app so every name a user types
/// (accents, Polish, Turkish, Yoruba) draws the same on every PC.
pub use omu_core::fonts::{BOLD as FONT_BOLD, FAMILY as FONT_NAME, REGULAR as FONT_REGULAR};

/// Opens the window on the case file at `db_path`, offering `name` to sign in with.
pub fn run(db_path: PathBuf, name: String) -> Result<(), String> {
    // Without a display the windowing library panics; say what is wrong instead.
    #[cfg(all(unix, not(target_os = "macos")))]
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        return Err("there is no graphical display to open the window on: start OMU Desk from the desktop \
                    (the command line works without one: omu-desk --help)"
            .to_string());
    }
    let started = std::time::Instant::now();
    let boot = move || {
        let (app, task) = App::boot(&db_path, &name);
        (app.timed(start_timings::StartTimings::from_env(started)), task)
    };
    iced::application(boot, App::update, App::view)
        .title(App::title)
        .theme(App::theme)
        .scale_factor(App::scale_factor)
        .subscription(App::subscription)
        .font(FONT_REGULAR)
        .font(FONT_BOLD)
        .default_font(iced::Font::with_name(FONT_NAME))
        .window_size((1280.0, 820.0))
        .run()
        .map_err(|error| error.to_string())
}
