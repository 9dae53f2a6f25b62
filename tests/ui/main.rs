//! The screens driven as a user drives them, headless with iced_test's Simulator:
//! click by label, type into focused fields, feed the messages back into `update`
//! (running the tasks it returns), and check what the next view shows.

#[path = "../../core/tests/common/mod.rs"]
mod common;
mod harness;

mod access;
mod deadlines;
mod induction;
mod keys;
mod live;
mod planning;
mod records;
mod snapshots;
mod spreadsheets;
mod typing;
mod unit;
