//! What a counsellor types at the gift-card ledger (domain.md 3): cards
//! received into stock (one serial or a range), voided, lost, or an entry
//! corrected. Each becomes a [`StockOp`], the one shape the store applies
//! to the [`Ledger`] inside its transaction, so the checks here and there
//! are the ledger's own.

use chrono::NaiveDate;

use super::Ore;
use super::groups::{GroupProblem, MAX_NAME, check_text, parse_day, reason};
use super::ledger::{Ledger, LedgerEntry, LedgerError, split_serial};

/// One change to the books.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StockOp {
    ReceiveOne {
        serial: String,
        value: Ore,
    },
    /// `prefix` + each number from `from` to `to`, zero-padded to `from`'s width.
    ReceiveRange {
        prefix: String,
        from: String,
        to: String,
        value: Ore,
    },
    /// `case_id` is the citizen's case; `attendance_id` the session that earned it.
    HandOut {
        serial: String,
        case_id: i64,
        attendance_id: Option<i64>,
    },
    Void {
        serial: String,
        reason: String,
    },
    Lose {
        serial: String,
        reason: String,
    },
    Correct {
        entry: u64,
        reason: String,
    },
    /// A receipt of several cards (a range) did not happen: each entry is
    /// corrected, all or none.
    CorrectReceipt {
        entries: Vec<u64>,
        reason: String,
    },
}

impl StockOp {
    /// A receipt's value per card and number of cards; `None` for anything
    /// else, or a range whose numbers do not read (the ledger refuses it).
    pub fn received(&self) -> Option<(Ore, u64)> {
        match self {
            StockOp::ReceiveOne { value, .. } => Some((*value, 1)),
            StockOp::ReceiveRange { from, to, value, .. } => {
                let (first, last) = (from.parse::<u64>().ok()?, to.parse::<u64>().ok()?);
                Some((*value, last.checked_sub(first)?.checked_add(1)?))
            }
            _ => None,
        }
    }
}

/// Applies `op` to `ledger`, returning the new entries (cloned, for the
/// store to write). On refusal the ledger is unchanged.
pub fn apply(ledger: &mut Ledger, op: &StockOp, date: NaiveDate, actor: &str) -> Result<Vec<LedgerEntry>, LedgerError> {
    let one = |e: &LedgerEntry| vec![e.clone()];
    match op {
        StockOp::ReceiveOne { serial, value } => ledger.receive(serial, *value, date, actor).map(one),
        StockOp::ReceiveRange { prefix, from, to, value } => {
            ledger.receive_range(prefix, from, to, *value, date, actor).map(<[_]>::to_vec)
        }
        StockOp::HandOut { serial, case_id, attendance_id } => {
            ledger.hand_out(serial, &super::course::citizen_ref(*case_id), *attendance_id, date, actor).map(one)
        }
        StockOp::Void { serial, reason } => ledger.void(serial, reason, date, actor).map(one),
        StockOp::Lose { serial, reason } => ledger.mark_lost(serial, reason, date, actor).map(one),
        StockOp::Correct { entry, reason } => ledger.correct(*entry, reason, date, actor).map(one),
        StockOp::CorrectReceipt { entries, reason } => {
            // On a copy, kept only if every card's receipt can be corrected.
            let mut next = ledger.clone();
            let mut added = Vec::new();
            for entry in entries {
                added.push(next.correct(*entry, reason, date, actor)?.clone());
            }
            *ledger = next;
            Ok(added)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StockField {
    Serial,
    /// The last serial of a range.
    To,
    Value,
    Date,
    Reason,
    /// A correction of a receipt: the whole range it was received with, or
    /// only the selected card.
    Scope,
}

type Problems = Vec<(StockField, GroupProblem)>;

/// Where a refusal of the ledger belongs on the form.
fn field_of(e: &LedgerError) -> StockField {
    match e {
        LedgerError::MissingReason => StockField::Reason,
        LedgerError::NonPositiveValue { .. } => StockField::Value,
        LedgerError::DateBeforeEarlierEntry { .. } => StockField::Date,
        LedgerError::RangeTooLarge { .. } => StockField::To,
        _ => StockField::Serial,
    }
}

/// Tries `op` on a copy of the ledger: the form shows the ledger's refusal
/// at its field before anything is written.
fn try_on(ledger: &Ledger, op: StockOp, date: NaiveDate) -> Result<(StockOp, NaiveDate), Problems> {
    let mut copy = ledger.clone();
    match apply(&mut copy, &op, date, "-") {
        Ok(_) => Ok((op, date)),
        Err(e) => Err(vec![(field_of(&e), GroupProblem::Ledger(e))]),
    }
}

/// Cards received: `from` alone is one card; `from` and `to` a range such as
/// MOVE-0001 to MOVE-0050 (`to` may be just the number, 0050 or 50). The
/// value is typed the Danish way (200 or 200,00).
pub fn parse_receipt(
    ledger: &Ledger,
    from: &str,
    to: &str,
    value: &str,
    date: &str,
    today: NaiveDate,
) -> Result<(StockOp, NaiveDate), Problems> {
    let mut problems = Vec::new();
    let from = from.trim();
    let to = to.trim();
    if let Err(p) = check_text(from, true, MAX_NAME) {
        problems.push((StockField::Serial, p));
    }
    if let Err(p) = check_text(to, false, MAX_NAME) {
        problems.push((StockField::To, p));
    }
    let value = match Ore::parse_dk(value) {
        Ok(v) if v.ore() > 0 => Some(v),
        Ok(v) => {
            problems.push((StockField::Value, GroupProblem::Ledger(LedgerError::NonPositiveValue { value: v })));
            None
        }
        Err(e) => {
            problems.push((StockField::Value, GroupProblem::Money(e)));
            None
        }
    };
    let date = parse_day(date, today, false).map_err(|p| problems.push((StockField::Date, p))).ok();
    let (Some(value), Some(date)) = (value, date) else { return Err(problems) };
    if !problems.is_empty() {
        return Err(problems);
    }
    let op = if to.is_empty() {
        StockOp::ReceiveOne { serial: from.to_string(), value }
    } else {
        let invalid = || {
            vec![(StockField::To, GroupProblem::Ledger(LedgerError::InvalidRange { from: from.into(), to: to.into() }))]
        };
        let (prefix, first) = split_serial(from).ok_or_else(invalid)?;
        // `to` is either the whole last serial or only its number.
        let last = match split_serial(to) {
            Some((p, digits)) if p == prefix || p.is_empty() => digits,
            _ => return Err(invalid()),
        };
        StockOp::ReceiveRange { prefix: prefix.to_string(), from: first.to_string(), to: last.to_string(), value }
    };
    try_on(ledger, op, date)
}

/// What leaves stock without going to a citizen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Removal {
    Void,
    Lose,
}

pub fn parse_removal(
    ledger: &Ledger,
    kind: Removal,
    serial: &str,
    reason_text: &str,
    date: &str,
    today: NaiveDate,
) -> Result<(StockOp, NaiveDate), Problems> {
    let mut problems = Vec::new();
    let serial = serial.trim();
    if let Err(p) = check_text(serial, true, MAX_NAME) {
        problems.push((StockField::Serial, p));
    }
    let why = reason(reason_text).map_err(|p| problems.push((StockField::Reason, p))).ok();
    let date = parse_day(date, today, false).map_err(|p| problems.push((StockField::Date, p))).ok();
    match (why, date) {
        (Some(reason), Some(date)) if problems.is_empty() => {
            let serial = serial.to_string();
            let op = match kind {
                Removal::Void => StockOp::Void { serial, reason },
                Removal::Lose => StockOp::Lose { serial, reason },
            };
            try_on(ledger, op, date)
        }
        _ => Err(problems),
    }
}

/// A correction of ledger entry `entry`: the entry did not happen. With
/// `whole_receipt`, a receipt is corrected with every card received with it
/// ([`Ledger::receipt_batch`]).
pub fn parse_correction(
    ledger: &Ledger,
    entry: u64,
    whole_receipt: bool,
    reason_text: &str,
    date: &str,
    today: NaiveDate,
) -> Result<(StockOp, NaiveDate), Problems> {
    let mut problems = Vec::new();
    let why = reason(reason_text).map_err(|p| problems.push((StockField::Reason, p))).ok();
    let date = parse_day(date, today, false).map_err(|p| problems.push((StockField::Date, p))).ok();
    match (why, date) {
        (Some(reason), Some(date)) if problems.is_empty() => {
            let batch = ledger.receipt_batch(entry);
            let op = if whole_receipt && batch.len() > 1 {
                StockOp::CorrectReceipt { entries: batch, reason }
            } else {
                StockOp::Correct { entry, reason }
            };
            try_on(ledger, op, date)
        }
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::intake::test_support::date;

    const TODAY: &str = "2026-03-17";

    #[test]
    fn a_range_is_received_from_the_first_and_last_serial() {
        let l = Ledger::new();
        let today = date(TODAY);
        let (op, on) = parse_receipt(&l, "MOVE-0061", "MOVE-0080", "200", "17.03.2026", today).unwrap();
        assert_eq!(
            op,
            StockOp::ReceiveRange {
                prefix: "MOVE-".into(),
                from: "0061".into(),
                to: "0080".into(),
                value: Ore::from_kr(200)
            }
        );
        let mut l2 = l.clone();
        assert_eq!(apply(&mut l2, &op, on, "lene").unwrap().len(), 20);
        // Only the number of the last card.
        let (op, _) = parse_receipt(&l, "MOVE-0061", "80", "200,00", "17.03.2026", today).unwrap();
        assert!(matches!(op, StockOp::ReceiveRange { ref to, .. } if to == "80"));
        // One card.
        let (op, _) = parse_receipt(&l, "GK-17", "", "200", "17.03.2026", today).unwrap();
        assert_eq!(op, StockOp::ReceiveOne { serial: "GK-17".into(), value: Ore::from_kr(200) });
    }

    #[test]
    fn the_ledgers_refusals_reach_their_fields() {
        let mut l = Ledger::new();
        let today = date(TODAY);
        l.receive("MOVE-0070", Ore::from_kr(200), today, "lene").unwrap();
        let errs = parse_receipt(&l, "MOVE-0061", "MOVE-0080", "200", "17.03.2026", today).unwrap_err();
        assert!(matches!(errs[0], (StockField::Serial, GroupProblem::Ledger(LedgerError::AlreadyReceived { .. }))));
        let errs = parse_receipt(&l, "MOVE-0080", "MOVE-0061", "200", "17.03.2026", today).unwrap_err();
        assert!(matches!(errs[0], (StockField::Serial, GroupProblem::Ledger(LedgerError::InvalidRange { .. }))));
        let errs = parse_receipt(&l, "MOVE-", "MOVE-9", "200", "17.03.2026", today).unwrap_err();
        assert!(matches!(errs[0], (StockField::To, GroupProblem::Ledger(LedgerError::InvalidRange { .. }))));
        let errs = parse_receipt(&l, "MOVE-1", "GAVE-9", "200", "17.03.2026", today).unwrap_err();
        assert!(matches!(errs[0], (StockField::To, _)));
        let errs = parse_receipt(&l, "", "", "0", "18.03.2026", today).unwrap_err();
        let fields: Vec<StockField> = errs.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, vec![StockField::Serial, StockField::Value, StockField::Date]);
        let errs = parse_receipt(&l, "X1", "", "to hundrede", "17.03.2026", today).unwrap_err();
        assert!(matches!(errs[0], (StockField::Value, GroupProblem::Money(_))));
    }

    #[test]
    fn voids_losses_and_corrections_need_a_reason_and_a_card_in_stock() {
        let mut l = Ledger::new();
        let today = date(TODAY);
        l.receive("MOVE-0001", Ore::from_kr(200), date("2026-03-01"), "lene").unwrap();
        let (op, on) = parse_removal(&l, Removal::Void, "MOVE-0001", "Knækket", "17.03.2026", today).unwrap();
        assert_eq!(op, StockOp::Void { serial: "MOVE-0001".into(), reason: "Knækket".into() });
        assert_eq!(
            parse_removal(&l, Removal::Lose, "MOVE-0001", " ", "17.03.2026", today).unwrap_err(),
            vec![(StockField::Reason, GroupProblem::Required)]
        );
        assert!(matches!(
            parse_removal(&l, Removal::Lose, "MOVE-0002", "væk", "17.03.2026", today).unwrap_err()[0],
            (StockField::Serial, GroupProblem::Ledger(LedgerError::NotOnHand { .. }))
        ));
        assert!(matches!(
            parse_removal(&l, Removal::Void, "MOVE-0001", "x", "28.02.2026", today).unwrap_err()[0],
            (StockField::Date, GroupProblem::Ledger(LedgerError::DateBeforeEarlierEntry { .. }))
        ));
        apply(&mut l, &op, on, "lene").unwrap();
        assert!(parse_correction(&l, 2, false, "Forkert kort", "17.03.2026", today).is_ok());
        assert!(matches!(
            parse_correction(&l, 9, false, "x", "17.03.2026", today).unwrap_err()[0],
            (StockField::Serial, GroupProblem::Ledger(LedgerError::UnknownEntry { id: 9 }))
        ));
    }
}
