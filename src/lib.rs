//! OMU Desk's window: the iced application. The rules, the case file, exchange and
//! printing are in the `omu-core` crate (core/), which has no iced in its manifest.

pub mod ui;
