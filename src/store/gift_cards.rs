//! The gift-card ledger on file: rows in, [`Ledger`] out, and new entries
//! written only after the domain's ledger accepted them inside the same
//! transaction. The table is append-only (triggers in migration 2).

use chrono::NaiveDate;
use rusqlite::{Connection, Transaction, params};

use super::cases::DATE;
use super::conflict::{Opened, card_refusal};
use super::{Result, Store, StoreError, now_stamp};
use crate::domain::group::Ore;
use crate::domain::group::ledger::{Ledger, LedgerEntry, LedgerEntryKind};
use crate::domain::group::stock::{self, StockOp};

/// The stored id of an entry kind.
pub(crate) fn kind_id(kind: &LedgerEntryKind) -> &'static str {
    match kind {
        LedgerEntryKind::Received => "received",
        LedgerEntryKind::HandedOut { .. } => "handed_out",
        LedgerEntryKind::Voided { .. } => "voided",
        LedgerEntryKind::Lost { .. } => "lost",
        LedgerEntryKind::Correction { .. } => "correction",
    }
}

/// The columns of a ledger row besides id, serial, value, date and actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RowParts {
    pub kind: &'static str,
    pub case_id: Option<i64>,
    pub attendance_id: Option<i64>,
    pub reason: Option<String>,
    pub corrects_entry: Option<u64>,
}

pub(crate) fn row_parts(kind: &LedgerEntryKind) -> Result<RowParts> {
    let mut parts =
        RowParts { kind: kind_id(kind), case_id: None, attendance_id: None, reason: None, corrects_entry: None };
    match kind {
        LedgerEntryKind::Received => {}
        LedgerEntryKind::HandedOut { citizen_ref, earned_by_session } => {
            // The store's citizen reference is the case number (course::citizen_ref).
            parts.case_id = Some(
                citizen_ref
                    .parse()
                    .map_err(|_| StoreError::Corrupt(format!("gavekort udleveret til '{citizen_ref}'")))?,
            );
            parts.attendance_id = *earned_by_session;
        }
        LedgerEntryKind::Voided { reason } | LedgerEntryKind::Lost { reason } => parts.reason = Some(reason.clone()),
        LedgerEntryKind::Correction { corrects_entry, reason } => {
            parts.corrects_entry = Some(*corrects_entry);
            parts.reason = Some(reason.clone());
        }
    }
    Ok(parts)
}

/// Rebuilds an entry kind from its stored parts; `None` if they do not fit.
pub(crate) fn entry_kind(
    kind: &str,
    case_id: Option<i64>,
    attendance_id: Option<i64>,
    reason: Option<String>,
    corrects_entry: Option<u64>,
) -> Option<LedgerEntryKind> {
    Some(match (kind, case_id, reason, corrects_entry) {
        ("received", None, None, None) if attendance_id.is_none() => LedgerEntryKind::Received,
        ("handed_out", Some(case), None, None) => LedgerEntryKind::HandedOut {
            citizen_ref: crate::domain::group::course::citizen_ref(case),
            earned_by_session: attendance_id,
        },
        ("voided", None, Some(reason), None) if attendance_id.is_none() => LedgerEntryKind::Voided { reason },
        ("lost", None, Some(reason), None) if attendance_id.is_none() => LedgerEntryKind::Lost { reason },
        ("correction", None, Some(reason), Some(corrects_entry)) if attendance_id.is_none() => {
            LedgerEntryKind::Correction { corrects_entry, reason }
        }
        _ => return None,
    })
}

/// The ledger as the file holds it, replayed and checked entry by entry.
pub(crate) fn load_ledger(conn: &Connection) -> Result<Ledger> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, serial, value, on_date, actor, kind, case_id, attendance_id, reason, corrects_entry
         FROM gift_card_ledger ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    let mut entries = Vec::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let on: String = r.get(3)?;
        let kind: String = r.get(5)?;
        let corrects: Option<i64> = r.get(9)?;
        let entry_kind = entry_kind(&kind, r.get(6)?, r.get(7)?, r.get(8)?, corrects.map(|c| c as u64))
            .ok_or_else(|| StoreError::Corrupt(format!("gavekortpost {id}")))?;
        entries.push(LedgerEntry {
            id: id as u64,
            serial: r.get(1)?,
            value: Ore(r.get(2)?),
            date: NaiveDate::parse_from_str(&on, DATE).map_err(|_| StoreError::Corrupt(format!("dato '{on}'")))?,
            actor: r.get(4)?,
            kind: entry_kind,
        });
    }
    Ledger::from_entries(entries).map_err(|e| StoreError::Corrupt(format!("gavekortregnskabet: {e}")))
}

/// Writes entries the domain's ledger has accepted, with their ids.
pub(crate) fn insert_entries(tx: &Transaction<'_>, entries: &[LedgerEntry], recorded_at: &str) -> Result<()> {
    for e in entries {
        let p = row_parts(&e.kind)?;
        tx.execute(
            "INSERT INTO gift_card_ledger
                (id, serial, value, on_date, actor, kind, case_id, attendance_id, reason, corrects_entry, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                e.id as i64,
                e.serial,
                e.value.ore(),
                e.date.format(DATE).to_string(),
                e.actor,
                p.kind,
                p.case_id,
                p.attendance_id,
                p.reason,
                p.corrects_entry.map(|c| c as i64),
                recorded_at,
            ],
        )?;
    }
    Ok(())
}

/// Applies one operation to `ledger` (read inside `tx`, and kept current
/// by every call) and writes what it adds. The domain's refusal is returned
/// as is. One replay per transaction, however many operations it holds.
pub(crate) fn apply_in(
    tx: &Transaction<'_>,
    ledger: &mut Ledger,
    op: &StockOp,
    date: NaiveDate,
    actor: &str,
) -> Result<Vec<LedgerEntry>> {
    let added = stock::apply(ledger, op, date, actor)
        .map_err(|e| StoreError::Group(crate::domain::group::groups::GroupProblem::Ledger(e)))?;
    insert_entries(tx, &added, &now_stamp())?;
    Ok(added)
}

fn audit_action(op: &StockOp) -> &'static str {
    match op {
        StockOp::ReceiveOne { .. } | StockOp::ReceiveRange { .. } => "receive_gift_cards",
        StockOp::HandOut { .. } => "hand_out_gift_card",
        StockOp::Void { .. } => "void_gift_card",
        StockOp::Lose { .. } => "lose_gift_card",
        StockOp::Correct { .. } | StockOp::CorrectReceipt { .. } => "correct_gift_card_entry",
    }
}

impl Store {
    /// The gift-card ledger, replayed from the file.
    pub fn ledger(&self) -> Result<Ledger> {
        load_ledger(self.conn())
    }

    /// Records cards received, voided or lost, or a correction, in one
    /// transaction with its audit row. Returns the new entries.
    pub fn record_stock(&mut self, op: &StockOp, date: NaiveDate) -> Result<Vec<LedgerEntry>> {
        self.record_stock_on(op, date, None)
    }

    /// As [`Store::record_stock`], from a screen that read the ledger at
    /// `opened`: a card or an entry a colleague changed since is refused
    /// as a [`Conflict`](super::Conflict) naming them.
    pub fn record_stock_since(&mut self, op: &StockOp, date: NaiveDate, opened: Opened) -> Result<Vec<LedgerEntry>> {
        self.record_stock_on(op, date, Some(opened))
    }

    fn record_stock_on(&mut self, op: &StockOp, date: NaiveDate, opened: Option<Opened>) -> Result<Vec<LedgerEntry>> {
        let actor = self.actor().to_string();
        self.write(audit_action(op), "gift_card_ledger", |tx| {
            let mut ledger = load_ledger(tx)?;
            let added = apply_in(tx, &mut ledger, op, date, &actor).map_err(|e| match (e, opened) {
                (StoreError::Group(problem), Some(opened)) => card_refusal(tx, &ledger, problem, opened),
                (e, _) => e,
            })?;
            let first = added.first().map(|e| e.id as i64);
            let detail = match (added.first(), added.last()) {
                (Some(a), Some(b)) if added.len() > 1 => format!("{} kort: {} til {}", added.len(), a.serial, b.serial),
                (Some(a), _) => a.serial.clone(),
                _ => String::new(),
            };
            Ok((added, first, detail))
        })
    }
}
