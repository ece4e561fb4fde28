//! sagsbord: a keyboard-driven terminal workbench for the daily caseload of a
//! Danish drug-treatment centre.
//!
//! `domain` holds the rules (pure), `store` the SQLite file (the only writer),
//! `app` the state and the actions, `ui` the drawing, `tui` the terminal
//! session and `cli` the command line.

pub mod app;
pub mod cli;
pub mod demo;
pub mod domain;
pub mod generate;
pub mod panes;
pub mod stage;
pub mod store;
pub mod text;
pub mod theme;
pub mod tour;
pub mod tui;
pub mod ui;
