//! The forms of the gift-card ledger: cards received, a card voided or
//! lost, and an entry corrected.

use super::Centre;
use crate::app::Action;
use crate::domain::group::groups::GroupProblem;
use crate::domain::group::ledger::{CardState, LedgerEntryKind};
use crate::domain::group::stock::StockField;
use crate::text::groups::group_problem;

/// The ledger on screen.
fn ledger() -> Centre {
    let mut c = Centre::new();
    c.press(Action::ShowLedger);
    assert_eq!(c.ledger().ledger.len(), 13);
    c
}

#[test]
fn a_range_received_is_written_one_entry_a_card_and_the_last_is_selected() {
    let mut c = ledger();
    c.press(Action::ReceiveCards);
    c.fill(StockField::Serial, "MOVE-0011");
    c.fill(StockField::To, "30");
    assert_eq!(c.saves(), "20 poster: modtaget MOVE-0011 til MOVE-0030.");
    let ledger = c.store().ledger().unwrap();
    assert_eq!(ledger.len(), 33);
    assert!(matches!(ledger.card_state("MOVE-0030"), CardState::OnHand { .. }));
    assert_eq!(c.ledger().cursor.selected(), 32, "the last new entry is selected");
    assert_eq!(c.pane().cards.on_hand, 27, "the figures over the lists follow");
}

#[test]
fn a_card_received_twice_is_refused_at_the_serial() {
    let mut c = ledger();
    c.press(Action::ReceiveCards);
    c.fill(StockField::Serial, "MOVE-0001");
    assert!(c.refused_at(StockField::Serial).starts_with("Kort MOVE-0001 er allerede i regnskabet"));
    assert_eq!(c.store().ledger().unwrap().len(), 13);
}

#[test]
fn a_voided_card_is_written_with_its_reason() {
    let mut c = ledger();
    c.press(Action::VoidCard);
    c.fill(StockField::Serial, "MOVE-0005");
    c.fill(StockField::Reason, "Knækket");
    assert_eq!(c.saves(), "Post 14: kasseret MOVE-0005.");
    let ledger = c.store().ledger().unwrap();
    assert!(matches!(ledger.card_state("MOVE-0005"), CardState::Voided { entry_id: 14 }));
    assert!(matches!(&ledger.entries()[13].kind, LedgerEntryKind::Voided { reason } if reason == "Knækket"));
}

#[test]
fn voiding_a_card_that_is_handed_out_is_refused_at_the_serial() {
    let mut c = ledger();
    c.press(Action::VoidCard);
    c.fill(StockField::Serial, "MOVE-0002");
    c.fill(StockField::Reason, "Knækket");
    assert!(c.refused_at(StockField::Serial).starts_with("Kort MOVE-0002 er ikke på lager"));
    assert!(matches!(c.store().ledger().unwrap().card_state("MOVE-0002"), CardState::HandedOut { .. }));
}

#[test]
fn a_lost_card_is_written_with_its_reason() {
    let mut c = ledger();
    c.press(Action::LoseCard);
    c.fill(StockField::Serial, "MOVE-0006");
    c.fill(StockField::Reason, "Tabt på vejen til huset");
    let said = c.saves();
    assert!(said.starts_with("Post 14: ") && said.ends_with(" MOVE-0006."), "{said}");
    let ledger = c.store().ledger().unwrap();
    assert!(matches!(ledger.card_state("MOVE-0006"), CardState::Lost { entry_id: 14 }));
}

#[test]
fn a_lost_card_without_a_reason_is_refused_at_the_reason() {
    let mut c = ledger();
    c.press(Action::LoseCard);
    c.fill(StockField::Serial, "MOVE-0006");
    assert_eq!(c.refused_at(StockField::Reason), group_problem(&GroupProblem::Required));
    assert!(matches!(c.store().ledger().unwrap().card_state("MOVE-0006"), CardState::OnHand { .. }));
}

#[test]
fn a_corrected_entry_stays_and_the_correction_is_a_new_entry() {
    let mut c = ledger();
    // The newest entry is selected: the hand-out of MOVE-0003.
    assert_eq!(c.ledger().selected_entry().unwrap().id, 13);
    c.press(Action::CorrectEntry);
    c.fill(StockField::Reason, "Registreret på den forkerte sag");
    let said = c.saves();
    assert!(said.starts_with("Post 14: ") && said.ends_with(" MOVE-0003."), "{said}");
    let ledger = c.store().ledger().unwrap();
    assert_eq!(ledger.len(), 14);
    assert_eq!(ledger.corrected_by(13), Some(14));
    assert!(matches!(ledger.card_state("MOVE-0003"), CardState::OnHand { .. }));
}

#[test]
fn a_correction_without_a_reason_is_refused_at_the_reason() {
    let mut c = ledger();
    c.press(Action::CorrectEntry);
    assert_eq!(c.refused_at(StockField::Reason), group_problem(&GroupProblem::Required));
    assert_eq!(c.store().ledger().unwrap().corrected_by(13), None);
}

#[test]
fn cards_at_another_value_than_the_profiles_are_shown_first_and_saved_on_enter_again() {
    let mut c = ledger();
    c.press(Action::ReceiveCards);
    c.fill(StockField::Serial, "MOVE-0011");
    c.fill(StockField::To, "12");
    c.fill(StockField::Value, "1.000.000");
    c.press(Action::Submit);
    let banner = c.form().banner.clone().expect("the value is shown first");
    assert!(
        banner.starts_with(
            "Værdien 1.000.000,00 kr pr. kort er ikke profilens 200,00 kr (2 kort i alt 2.000.000,00 kr)."
        ),
        "{banner}"
    );
    assert_eq!(c.store().ledger().unwrap().len(), 13, "nothing written before it was seen");
    // The value put right: the usual value saves at once.
    c.fill(StockField::Value, "200");
    assert_eq!(c.saves(), "2 poster: modtaget MOVE-0011 til MOVE-0012.");
}

#[test]
fn a_range_received_at_a_mistyped_value_is_corrected_as_the_one_entry_it_was() {
    let mut c = ledger();
    c.press(Action::ReceiveCards);
    c.fill(StockField::Serial, "MOVE-0011");
    c.fill(StockField::To, "30");
    c.fill(StockField::Value, "2.000");
    c.press(Action::Submit);
    assert_eq!(c.saves(), "20 poster: modtaget MOVE-0011 til MOVE-0030.");
    // The last card of the range is selected; its correction offers the
    // whole receipt first.
    c.press(Action::CorrectEntry);
    let scope = c.form().field(StockField::Scope).expect("a choice of the whole range").clone();
    assert!(format!("{:?}", scope.value).contains("Hele modtagelsen: MOVE-0011 til MOVE-0030 (20 kort)"));
    c.fill(StockField::Reason, "Forkert værdi tastet");
    let said = c.saves();
    assert!(said.starts_with("20 poster: "), "{said}");
    let ledger = c.store().ledger().unwrap();
    assert_eq!(ledger.len(), 53);
    assert!(matches!(ledger.card_state("MOVE-0011"), CardState::Unknown));
    assert!(matches!(ledger.card_state("MOVE-0030"), CardState::Unknown));
    assert!(ledger.reconciliation().iter().all(|r| r.balances()));
    // The cards can now be received again at the right value.
    c.press(Action::ReceiveCards);
    c.fill(StockField::Serial, "MOVE-0011");
    c.fill(StockField::To, "30");
    assert_eq!(c.saves(), "20 poster: modtaget MOVE-0011 til MOVE-0030.");
}
