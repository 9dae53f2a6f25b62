//! The OMU's rules, free of any storage or window: what a valid record is and what
//! follows from it. Everything here is tested without a database or a screen.

pub mod audit;
pub mod audit_words;
pub mod backups;
pub mod caseload;
pub mod categorisation;
pub mod contact;
pub mod dates;
pub mod deadlines;
pub mod disclosure;
pub mod form;
pub mod induction;
pub mod keys;
pub mod parole;
pub mod plan;
pub mod prisoner;
pub mod release;
pub mod risk;
pub mod sorting;
pub mod staff;
pub mod text;
pub mod unit;
pub mod users;
