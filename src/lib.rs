//! sagsbord: a keyboard-driven terminal workbench for the daily caseload of a
//! Danish drug-treatment centre.

pub mod domain;
pub mod store;
