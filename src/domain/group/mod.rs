//! Group treatment: the MOVE gift-card rule engine and the gift-card ledger
//! (domain.md sections 3 and 7.1).
//!
//! The two halves are deliberately independent: [`move_cards`] says which
//! attendances *earn* a card, [`ledger`] says which physical cards the centre
//! *holds and has handed out*. [`ledger::check_hand_outs`] is the only place
//! they meet, so a disagreement between them is shown to a person instead of
//! being silently "fixed" in either direction.

// The single place that names the money type, so moving these files between
// crates means changing one line.
pub(crate) use crate::domain::money::Ore;

pub mod ledger;
pub mod move_cards;
