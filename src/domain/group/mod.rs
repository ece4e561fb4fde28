//! Group treatment: groups, their sessions and roll calls, MOVE courses, the
//! MOVE gift-card rule engine and the gift-card ledger (domain.md sections 3
//! and 7.1).
//!
//! The rule and the books are deliberately independent: [`move_cards`] says
//! which attendances *earn* a card, [`ledger`] says which physical cards the
//! centre *holds and has handed out*. [`ledger::check_hand_outs`] is the only
//! place they meet (through [`course::course_cards`]), so a disagreement
//! between them is shown to a person instead of being silently "fixed" in
//! either direction.
//!
//! [`groups`] holds the groups, schedules, sessions and members; [`course`]
//! one citizen's MOVE course and its cards; [`roll_call`] the roll call of a
//! session; [`stock`] what counsellors type at the ledger.

// The single place that names the money type, so moving these files between
// crates means changing one line.
pub(crate) use crate::domain::money::Ore;

pub mod course;
pub mod groups;
pub mod ledger;
pub mod move_cards;
pub mod roll_call;
pub mod stock;
