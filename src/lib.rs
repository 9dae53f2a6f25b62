//! OMU Desk: offline case management for a prison's Offender Management Unit.
//!
//! The library has two halves. `domain`, `storage`, `exchange`, `pdf` and `demo` hold
//! the rules, the case file and printing and never touch iced (CI checks this), so they are tested
//! without a window. `ui` is the iced application on top.

pub mod demo;
pub mod domain;
pub mod exchange;
pub mod pdf;
pub mod print;
pub mod storage;
pub mod ui;
