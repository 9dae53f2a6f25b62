//! OMU Desk below the window: the rules, the case file, exchange and printing.
//!
//! Nothing here depends on iced (this crate's manifest has no iced, so the compiler
//! keeps it that way): every rule is tested without a window, and the app's screens
//! and command line both call the same functions.

pub mod chart;
pub mod demo;
pub mod domain;
pub mod exchange;
pub mod fonts;
pub mod pdf;
pub mod print;
pub mod storage;
