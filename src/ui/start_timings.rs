//! Where start-up time goes, for the benchmark: with `OMU_DESK_TIMINGS` set, the app
//! writes to standard error when it first builds a screen to draw, and how long it
//! took from pressing Enter to sign in to the case file's first screen built. The
//! drawing follows at once; the benchmark's frame rows say what drawing costs. The
//! benchmark runs the release binary under Xvfb and reads these lines.

use std::cell::Cell;
use std::time::Instant;

pub struct StartTimings {
    started: Instant,
    first_view_built: Cell<bool>,
    /// When Enter was pressed to sign in, until the case file's first screen.
    signing_in: Cell<Option<Instant>>,
}

impl StartTimings {
    /// Timings from `started` (the start of `main`), when the environment asks for them.
    pub fn from_env(started: Instant) -> Option<StartTimings> {
        std::env::var_os("OMU_DESK_TIMINGS").map(|_| StartTimings {
            started,
            first_view_built: Cell::new(false),
            signing_in: Cell::new(None),
        })
    }

    /// Enter was pressed on the sign-in screen.
    pub fn signing_in(&self) {
        if self.signing_in.get().is_none() {
            self.signing_in.set(Some(Instant::now()));
        }
    }

    /// A screen is being built to draw; `signed_in` when it shows the case file.
    /// (Counted from `view`, which takes the app by shared reference: hence cells.)
    pub fn viewed(&self, signed_in: bool) {
        if !self.first_view_built.replace(true) {
            eprintln!("omu-desk timing: first frame {:.1} ms after start", milliseconds(self.started));
        }
        if signed_in && let Some(pressed) = self.signing_in.take() {
            eprintln!(
                "omu-desk timing: signed in and drew the first screen {:.1} ms after Enter",
                milliseconds(pressed)
            );
        }
    }
}

fn milliseconds(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}
