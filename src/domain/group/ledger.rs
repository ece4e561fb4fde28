//! The gift-card ledger: every physical MOVE card the centre holds, from
//! receipt into stock to hand-out, void or loss (domain.md 3: "cards are
//! money ... the centre must be able to account for every one").
//!
//! The ledger is append-only. No entry is ever edited or removed; a mistake
//! is undone by a [`LedgerEntryKind::Correction`] that names the entry it
//! cancels. Every operation validates first and either appends exactly the
//! entries it describes or returns a [`LedgerError`] and changes nothing.
//!
//! Life of one card (one serial number):
//!
//! ```text
//!            receive                hand_out
//!  Unknown ──────────▶ OnHand ─────────────────▶ HandedOut
//!     ▲                 │  ▲ ▲ ▲  correct(hand-out)   │
//!     │ correct(receipt)│  │ │ └─────────────────────┘
//!     └─────────────────┘  │ │   void / correct(void)
//!                          │ └─────────────────────▶ Voided
//!                          │     mark_lost / correct(loss)
//!                          └───────────────────────▶ Lost
//! ```
//!
//! Corrections, precisely:
//! * correcting a `HandedOut`, `Voided` or `Lost` entry returns the card to
//!   stock (`OnHand`): the hand-out, void or loss did not happen;
//! * correcting a `Received` entry takes the card out of the books
//!   (`Unknown`: the receipt did not happen, e.g. a mistyped serial or
//!   value); only allowed while the card is on hand, because a card that has
//!   left stock must first have that step corrected. The serial may then be
//!   received again;
//! * an entry is corrected at most once, and a correction cannot itself be
//!   corrected: to redo an undone step, record the step again.
//!
//! A card's value is fixed at receipt; later entries for the serial copy it,
//! so every entry carries the value it moves.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Ore;
use super::move_cards::CardAssessment;

/// What an entry records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LedgerEntryKind {
    /// A physical card came into stock.
    Received,
    /// The card was given to a citizen, normally for the session that earned
    /// it (`earned_by_session`: the session's id in the store).
    HandedOut { citizen_ref: String, earned_by_session: Option<i64> },
    /// The card was made unusable on purpose (damaged, blocked).
    Voided { reason: String },
    /// The card cannot be found.
    Lost { reason: String },
    /// Entry `corrects_entry` did not happen (see the module docs).
    Correction { corrects_entry: u64, reason: String },
}

/// One line of the ledger. `serial` and `value` are those of the card the
/// entry concerns (for a correction: of the corrected entry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerEntry {
    /// Strictly increasing in ledger order.
    pub id: u64,
    pub serial: String,
    pub value: Ore,
    pub date: NaiveDate,
    /// The counsellor who recorded it.
    pub actor: String,
    pub kind: LedgerEntryKind,
}

/// Where a card is now, as the entries so far say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CardState {
    /// Never received, or its receipt was corrected.
    Unknown,
    /// In the centre's stock; `received_entry` is the receipt in force.
    OnHand {
        received_entry: u64,
    },
    HandedOut {
        entry_id: u64,
        citizen_ref: String,
        earned_by_session: Option<i64>,
    },
    Voided {
        entry_id: u64,
    },
    Lost {
        entry_id: u64,
    },
}

/// Why an operation was refused. Nothing was appended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LedgerError {
    /// The serial is empty or only whitespace.
    EmptySerial,
    /// Every entry names the counsellor who made it.
    MissingActor,
    /// A hand-out names the citizen.
    MissingCitizen,
    /// Voids, losses and corrections say why.
    MissingReason,
    NonPositiveValue {
        value: Ore,
    },
    /// The serial is in the books already (in any state but `Unknown`).
    AlreadyReceived {
        serial: String,
        state: CardState,
    },
    /// Hand-out, void or loss of a card that is not in stock, or correction
    /// of the receipt of a card that has left stock.
    NotOnHand {
        serial: String,
        state: CardState,
    },
    UnknownEntry {
        id: u64,
    },
    CannotCorrectCorrection {
        id: u64,
    },
    AlreadyCorrected {
        id: u64,
        by: u64,
    },
    /// The corrected entry is no longer what the card's state rests on.
    /// Cannot happen through this API; kept so replay never panics.
    EntryNotCurrent {
        id: u64,
    },
    /// A session earns one card; a second hand-out for it is refused
    /// (correct the first one if it was the wrong card).
    SessionAlreadyHasCard {
        session_id: i64,
        entry_id: u64,
    },
    /// An entry dated before the receipt of its card, or a correction dated
    /// before the entry it corrects: almost surely a typo in the date.
    DateBeforeEarlierEntry {
        date: NaiveDate,
        earlier_entry: u64,
        earlier_date: NaiveDate,
    },
    /// The ends of a range are not digits, or `from > to`.
    InvalidRange {
        from: String,
        to: String,
    },
    /// More than [`MAX_RANGE`] cards at once: almost surely a typo.
    RangeTooLarge {
        count: u64,
        max: u64,
    },
    /// No id is left after `u64::MAX`.
    IdsExhausted,
    /// Replay only: stored ids must increase strictly.
    IdNotIncreasing {
        id: u64,
        previous: u64,
    },
    /// Replay only: a stored entry's serial or value differs from the card
    /// (or corrected entry) it refers to.
    EntryMismatch {
        id: u64,
    },
}

impl fmt::Display for LedgerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use LedgerError::*;
        match self {
            EmptySerial => f.write_str("the serial number is empty"),
            MissingActor => f.write_str("the entry names no counsellor"),
            MissingCitizen => f.write_str("the hand-out names no citizen"),
            MissingReason => f.write_str("a reason is required"),
            NonPositiveValue { value } => write!(f, "a card's value must be positive, got {value}"),
            AlreadyReceived { serial, .. } => write!(f, "card {serial} has already been received"),
            NotOnHand { serial, state } => write!(f, "card {serial} is not in stock ({state:?})"),
            UnknownEntry { id } => write!(f, "no ledger entry {id}"),
            CannotCorrectCorrection { id } => {
                write!(f, "entry {id} is a correction and cannot be corrected")
            }
            AlreadyCorrected { id, by } => {
                write!(f, "entry {id} was already corrected by entry {by}")
            }
            EntryNotCurrent { id } => write!(f, "entry {id} is no longer the card's current state"),
            SessionAlreadyHasCard { session_id, entry_id } => {
                write!(f, "session {session_id} already has a card (entry {entry_id})")
            }
            DateBeforeEarlierEntry { date, earlier_entry, earlier_date } => {
                write!(f, "date {date} is before {earlier_date} of entry {earlier_entry}")
            }
            InvalidRange { from, to } => write!(f, "invalid serial range {from}..{to}"),
            RangeTooLarge { count, max } => write!(f, "{count} cards in one range; at most {max}"),
            IdsExhausted => f.write_str("no entry ids left"),
            IdNotIncreasing { id, previous } => {
                write!(f, "entry id {id} does not follow {previous}")
            }
            EntryMismatch { id } => write!(f, "entry {id} does not match its card"),
        }
    }
}

impl std::error::Error for LedgerError {}

/// A stored entry that could not be replayed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplayError {
    /// Position in the stored list.
    pub index: usize,
    pub id: u64,
    pub error: LedgerError,
}

impl fmt::Display for ReplayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ledger entry {} (position {}): {}", self.id, self.index, self.error)
    }
}

impl std::error::Error for ReplayError {}

/// The most cards [`Ledger::receive_range`] takes at once.
pub const MAX_RANGE: u64 = 10_000;

/// Stock count for one card value. `received`, `handed_out`, `voided` and
/// `lost` count entries (minus the entries corrected away); `on_hand` counts
/// the cards whose replayed state is `OnHand`. The two are computed
/// independently, so a flaw in either shows as an imbalance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reconciliation {
    pub value: Ore,
    pub received: u32,
    pub handed_out: u32,
    pub voided: u32,
    pub lost: u32,
    pub on_hand: u32,
}

impl Reconciliation {
    /// received = handed out + voided + lost + on hand.
    pub fn balances(&self) -> bool {
        u64::from(self.received)
            == u64::from(self.handed_out) + u64::from(self.voided) + u64::from(self.lost) + u64::from(self.on_hand)
    }

    /// The money in stock at this value (saturating; only absurd values
    /// could reach the limit).
    pub fn value_on_hand(&self) -> Ore {
        Ore(self.value.ore().saturating_mul(i64::from(self.on_hand)))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    OnHand,
    HandedOut,
    Voided,
    Lost,
}

/// Replayed state of one serial in the books.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Card {
    value: Ore,
    received_entry: u64,
    received_date: NaiveDate,
    status: Status,
    /// The entry the status rests on (the receipt while on hand).
    status_entry: u64,
}

/// The ledger: the entries, plus indexes rebuilt from them (never stored).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<LedgerEntry>", into = "Vec<LedgerEntry>")]
pub struct Ledger {
    entries: Vec<LedgerEntry>,
    /// Serials in the books (not `Unknown`), sorted for stable listings.
    cards: BTreeMap<String, Card>,
    /// Entry id → id of the correction that cancels it.
    corrected_by: HashMap<u64, u64>,
    /// Session id → the hand-out in force for it.
    session_hand_outs: HashMap<i64, u64>,
    /// Citizen reference (as recorded) → the hand-outs in force to it, so
    /// that checking one course reads its own entries, not the whole ledger.
    citizen_hand_outs: HashMap<String, BTreeSet<u64>>,
}

impl TryFrom<Vec<LedgerEntry>> for Ledger {
    type Error = ReplayError;
    fn try_from(entries: Vec<LedgerEntry>) -> Result<Self, ReplayError> {
        Ledger::from_entries(entries)
    }
}

impl From<Ledger> for Vec<LedgerEntry> {
    fn from(ledger: Ledger) -> Self {
        ledger.entries
    }
}

fn required(text: &str, error: LedgerError) -> Result<String, LedgerError> {
    let text = text.trim();
    if text.is_empty() { Err(error) } else { Ok(text.to_string()) }
}

fn not_before(date: NaiveDate, earlier_entry: u64, earlier_date: NaiveDate) -> Result<(), LedgerError> {
    if date < earlier_date {
        Err(LedgerError::DateBeforeEarlierEntry { date, earlier_entry, earlier_date })
    } else {
        Ok(())
    }
}

/// Splits `MOVE-0042` into `("MOVE-", "0042")`: the prefix and the trailing
/// run of ASCII digits. `None` if the serial does not end in a digit.
pub fn split_serial(serial: &str) -> Option<(&str, &str)> {
    let digits = serial.bytes().rev().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    Some(serial.split_at(serial.len() - digits))
}

impl Ledger {
    pub fn new() -> Self {
        Self::default()
    }

    /// Rebuilds a ledger from stored entries, checking each exactly as if it
    /// were recorded now (so stored data cannot smuggle in a state the
    /// operations would refuse). Ids must increase strictly.
    pub fn from_entries(entries: Vec<LedgerEntry>) -> Result<Ledger, ReplayError> {
        let mut ledger = Ledger::new();
        for (index, entry) in entries.into_iter().enumerate() {
            let id = entry.id;
            ledger.apply(entry).map_err(|error| ReplayError { index, id, error })?;
        }
        Ok(ledger)
    }

    pub fn entries(&self) -> &[LedgerEntry] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn entry(&self, id: u64) -> Option<&LedgerEntry> {
        self.entries.binary_search_by_key(&id, |e| e.id).ok().map(|i| &self.entries[i])
    }

    /// The correction that cancels entry `id`, if any.
    pub fn corrected_by(&self, id: u64) -> Option<u64> {
        self.corrected_by.get(&id).copied()
    }

    /// Every entry for one serial, corrections included, in ledger order.
    pub fn history(&self, serial: &str) -> Vec<&LedgerEntry> {
        let serial = serial.trim();
        self.entries.iter().filter(|e| e.serial == serial).collect()
    }

    /// The receipt entry `id` was recorded with, in id order: the run of
    /// receipts next to it (a range is written as one run) of the same day,
    /// counsellor and value, none of them corrected. A mistyped range is
    /// corrected as the one entry it was typed as. Just `id` for a single
    /// card; empty when `id` is no uncorrected receipt.
    pub fn receipt_batch(&self, id: u64) -> Vec<u64> {
        let Ok(at) = self.entries.binary_search_by_key(&id, |e| e.id) else { return Vec::new() };
        let target = &self.entries[at];
        let same = |e: &LedgerEntry| {
            e.kind == LedgerEntryKind::Received
                && (e.date, &e.actor, e.value) == (target.date, &target.actor, target.value)
                && self.corrected_by(e.id).is_none()
        };
        if !same(target) {
            return Vec::new();
        }
        let first = self.entries[..at].iter().rposition(|e| !same(e)).map_or(0, |i| i + 1);
        let last = self.entries[at..].iter().position(|e| !same(e)).map_or(self.entries.len(), |i| at + i);
        self.entries[first..last].iter().map(|e| e.id).collect()
    }

    /// Records one card received into stock.
    pub fn receive(
        &mut self,
        serial: &str,
        value: Ore,
        date: NaiveDate,
        actor: &str,
    ) -> Result<&LedgerEntry, LedgerError> {
        let serial = required(serial, LedgerError::EmptySerial)?;
        let actor = required(actor, LedgerError::MissingActor)?;
        self.push(serial, value, date, actor, LedgerEntryKind::Received)
    }

    /// Records a run of cards received into stock, e.g. `("MOVE-", "0001",
    /// "0050")` for MOVE-0001 ... MOVE-0050. The numbers are zero-padded to
    /// the width of `from` as typed (`"8".."12"` gives 8, 9, 10, 11, 12).
    /// All or nothing: if any serial of the run is refused, none is recorded.
    /// Returns the new entries.
    pub fn receive_range(
        &mut self,
        prefix: &str,
        from: &str,
        to: &str,
        value: Ore,
        date: NaiveDate,
        actor: &str,
    ) -> Result<&[LedgerEntry], LedgerError> {
        let invalid = || LedgerError::InvalidRange { from: from.to_string(), to: to.to_string() };
        let (from_t, to_t) = (from.trim(), to.trim());
        let is_number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !is_number(from_t) || !is_number(to_t) {
            return Err(invalid());
        }
        let first: u64 = from_t.parse().map_err(|_| invalid())?;
        let last: u64 = to_t.parse().map_err(|_| invalid())?;
        if first > last {
            return Err(invalid());
        }
        // `last - first + 1` overflows for 0..u64::MAX, hence the check on
        // the span and the saturating count in the error.
        let span = last - first;
        if span >= MAX_RANGE {
            return Err(LedgerError::RangeTooLarge { count: span.saturating_add(1), max: MAX_RANGE });
        }
        let actor = required(actor, LedgerError::MissingActor)?;
        let prefix = prefix.trim_start();
        let width = from_t.len();

        // Work on a copy and keep it only if every card is accepted, so a
        // refusal halfway leaves the ledger untouched.
        let mut next = self.clone();
        for n in first..=last {
            let serial = format!("{prefix}{n:0width$}");
            next.push(serial, value, date, actor.clone(), LedgerEntryKind::Received)?;
        }
        let start = self.entries.len();
        *self = next;
        Ok(&self.entries[start..])
    }

    /// Records a card handed to a citizen, for the session that earned it.
    pub fn hand_out(
        &mut self,
        serial: &str,
        citizen_ref: &str,
        earned_by_session: Option<i64>,
        date: NaiveDate,
        actor: &str,
    ) -> Result<&LedgerEntry, LedgerError> {
        let citizen_ref = required(citizen_ref, LedgerError::MissingCitizen)?;
        self.leave_stock(serial, date, actor, LedgerEntryKind::HandedOut { citizen_ref, earned_by_session })
    }

    /// Records a card in stock made unusable on purpose.
    pub fn void(
        &mut self,
        serial: &str,
        reason: &str,
        date: NaiveDate,
        actor: &str,
    ) -> Result<&LedgerEntry, LedgerError> {
        let reason = required(reason, LedgerError::MissingReason)?;
        self.leave_stock(serial, date, actor, LedgerEntryKind::Voided { reason })
    }

    /// Records a card in stock as lost.
    pub fn mark_lost(
        &mut self,
        serial: &str,
        reason: &str,
        date: NaiveDate,
        actor: &str,
    ) -> Result<&LedgerEntry, LedgerError> {
        let reason = required(reason, LedgerError::MissingReason)?;
        self.leave_stock(serial, date, actor, LedgerEntryKind::Lost { reason })
    }

    /// Records that entry `entry_id` did not happen (module docs). The
    /// correction carries the corrected entry's serial and value.
    pub fn correct(
        &mut self,
        entry_id: u64,
        reason: &str,
        date: NaiveDate,
        actor: &str,
    ) -> Result<&LedgerEntry, LedgerError> {
        let reason = required(reason, LedgerError::MissingReason)?;
        let actor = required(actor, LedgerError::MissingActor)?;
        let target = self.entry(entry_id).ok_or(LedgerError::UnknownEntry { id: entry_id })?;
        let (serial, value) = (target.serial.clone(), target.value);
        self.push(serial, value, date, actor, LedgerEntryKind::Correction { corrects_entry: entry_id, reason })
    }

    fn leave_stock(
        &mut self,
        serial: &str,
        date: NaiveDate,
        actor: &str,
        kind: LedgerEntryKind,
    ) -> Result<&LedgerEntry, LedgerError> {
        let serial = required(serial, LedgerError::EmptySerial)?;
        let actor = required(actor, LedgerError::MissingActor)?;
        // The card's own value; an unknown card fails in `apply` before the
        // value is looked at.
        let value = self.cards.get(&serial).map_or(Ore::ZERO, |c| c.value);
        self.push(serial, value, date, actor, kind)
    }

    fn push(
        &mut self,
        serial: String,
        value: Ore,
        date: NaiveDate,
        actor: String,
        kind: LedgerEntryKind,
    ) -> Result<&LedgerEntry, LedgerError> {
        let id = match self.entries.last() {
            None => 1,
            Some(last) => last.id.checked_add(1).ok_or(LedgerError::IdsExhausted)?,
        };
        self.apply(LedgerEntry { id, serial, value, date, actor, kind })?;
        // `apply` pushed on success.
        self.entries.last().ok_or(LedgerError::IdsExhausted)
    }

    /// The one place that decides whether an entry is acceptable, used both
    /// for new entries and for replay, and updates the indexes. Checks
    /// everything before changing anything.
    fn apply(&mut self, entry: LedgerEntry) -> Result<(), LedgerError> {
        if let Some(last) = self.entries.last()
            && entry.id <= last.id
        {
            return Err(LedgerError::IdNotIncreasing { id: entry.id, previous: last.id });
        }
        if entry.actor.trim().is_empty() {
            return Err(LedgerError::MissingActor);
        }
        if entry.serial.trim().is_empty() {
            return Err(LedgerError::EmptySerial);
        }
        match &entry.kind {
            LedgerEntryKind::Received => {
                if entry.value.ore() <= 0 {
                    return Err(LedgerError::NonPositiveValue { value: entry.value });
                }
                if self.cards.contains_key(&entry.serial) {
                    return Err(LedgerError::AlreadyReceived {
                        serial: entry.serial.clone(),
                        state: self.card_state(&entry.serial),
                    });
                }
                self.cards.insert(
                    entry.serial.clone(),
                    Card {
                        value: entry.value,
                        received_entry: entry.id,
                        received_date: entry.date,
                        status: Status::OnHand,
                        status_entry: entry.id,
                    },
                );
            }
            LedgerEntryKind::HandedOut { .. } | LedgerEntryKind::Voided { .. } | LedgerEntryKind::Lost { .. } => {
                let (status, session) = match &entry.kind {
                    LedgerEntryKind::HandedOut { citizen_ref, earned_by_session } => {
                        if citizen_ref.trim().is_empty() {
                            return Err(LedgerError::MissingCitizen);
                        }
                        (Status::HandedOut, *earned_by_session)
                    }
                    LedgerEntryKind::Voided { reason } | LedgerEntryKind::Lost { reason } => {
                        if reason.trim().is_empty() {
                            return Err(LedgerError::MissingReason);
                        }
                        let status = if matches!(entry.kind, LedgerEntryKind::Voided { .. }) {
                            Status::Voided
                        } else {
                            Status::Lost
                        };
                        (status, None)
                    }
                    _ => return Err(LedgerError::EntryMismatch { id: entry.id }),
                };
                let card = match self.cards.get(&entry.serial) {
                    Some(card) if card.status == Status::OnHand => card,
                    _ => {
                        return Err(LedgerError::NotOnHand {
                            serial: entry.serial.clone(),
                            state: self.card_state(&entry.serial),
                        });
                    }
                };
                if card.value != entry.value {
                    return Err(LedgerError::EntryMismatch { id: entry.id });
                }
                not_before(entry.date, card.received_entry, card.received_date)?;
                if let Some(session_id) = session
                    && let Some(&entry_id) = self.session_hand_outs.get(&session_id)
                {
                    return Err(LedgerError::SessionAlreadyHasCard { session_id, entry_id });
                }
                if let Some(session_id) = session {
                    self.session_hand_outs.insert(session_id, entry.id);
                }
                if let LedgerEntryKind::HandedOut { citizen_ref, .. } = &entry.kind {
                    self.citizen_hand_outs.entry(citizen_ref.clone()).or_default().insert(entry.id);
                }
                if let Some(card) = self.cards.get_mut(&entry.serial) {
                    card.status = status;
                    card.status_entry = entry.id;
                }
            }
            LedgerEntryKind::Correction { corrects_entry, reason } => {
                let target_id = *corrects_entry;
                if reason.trim().is_empty() {
                    return Err(LedgerError::MissingReason);
                }
                let target = self.entry(target_id).ok_or(LedgerError::UnknownEntry { id: target_id })?;
                if matches!(target.kind, LedgerEntryKind::Correction { .. }) {
                    return Err(LedgerError::CannotCorrectCorrection { id: target_id });
                }
                if let Some(by) = self.corrected_by(target_id) {
                    return Err(LedgerError::AlreadyCorrected { id: target_id, by });
                }
                if target.serial != entry.serial || target.value != entry.value {
                    return Err(LedgerError::EntryMismatch { id: entry.id });
                }
                not_before(entry.date, target.id, target.date)?;
                // Decide first, then change: `target` borrows the entries.
                enum Undo {
                    Receipt,
                    LeftStock { session: Option<i64>, citizen: Option<String> },
                }
                let undo = match (&target.kind, self.cards.get(&entry.serial)) {
                    (LedgerEntryKind::Received, Some(card)) if card.received_entry == target_id => {
                        if card.status != Status::OnHand {
                            return Err(LedgerError::NotOnHand {
                                serial: entry.serial.clone(),
                                state: self.card_state(&entry.serial),
                            });
                        }
                        Undo::Receipt
                    }
                    (LedgerEntryKind::HandedOut { earned_by_session, citizen_ref }, Some(card))
                        if card.status_entry == target_id =>
                    {
                        Undo::LeftStock { session: *earned_by_session, citizen: Some(citizen_ref.clone()) }
                    }
                    (LedgerEntryKind::Voided { .. } | LedgerEntryKind::Lost { .. }, Some(card))
                        if card.status_entry == target_id =>
                    {
                        Undo::LeftStock { session: None, citizen: None }
                    }
                    _ => return Err(LedgerError::EntryNotCurrent { id: target_id }),
                };
                match undo {
                    Undo::Receipt => {
                        self.cards.remove(&entry.serial);
                    }
                    Undo::LeftStock { session, citizen } => {
                        if let Some(session_id) = session {
                            self.session_hand_outs.remove(&session_id);
                        }
                        if let Some(citizen) = citizen
                            && let Some(ids) = self.citizen_hand_outs.get_mut(&citizen)
                        {
                            ids.remove(&target_id);
                            if ids.is_empty() {
                                self.citizen_hand_outs.remove(&citizen);
                            }
                        }
                        self.return_to_stock(&entry.serial);
                    }
                }
                self.corrected_by.insert(target_id, entry.id);
            }
        }
        self.entries.push(entry);
        Ok(())
    }

    fn return_to_stock(&mut self, serial: &str) {
        if let Some(card) = self.cards.get_mut(serial) {
            card.status = Status::OnHand;
            card.status_entry = card.received_entry;
        }
    }

    /// Where card `serial` is now.
    pub fn card_state(&self, serial: &str) -> CardState {
        let Some(card) = self.cards.get(serial.trim()) else {
            return CardState::Unknown;
        };
        match card.status {
            Status::OnHand => CardState::OnHand { received_entry: card.received_entry },
            Status::Voided => CardState::Voided { entry_id: card.status_entry },
            Status::Lost => CardState::Lost { entry_id: card.status_entry },
            Status::HandedOut => match self.entry(card.status_entry).map(|e| &e.kind) {
                Some(LedgerEntryKind::HandedOut { citizen_ref, earned_by_session }) => CardState::HandedOut {
                    entry_id: card.status_entry,
                    citizen_ref: citizen_ref.clone(),
                    earned_by_session: *earned_by_session,
                },
                // Unreachable by construction; a harmless answer beats a panic.
                _ => CardState::HandedOut {
                    entry_id: card.status_entry,
                    citizen_ref: String::new(),
                    earned_by_session: None,
                },
            },
        }
    }

    /// Serials in stock, sorted.
    pub fn on_hand(&self) -> Vec<&str> {
        self.cards.iter().filter(|(_, c)| c.status == Status::OnHand).map(|(s, _)| s.as_str()).collect()
    }

    /// Every serial in the books (state other than `Unknown`), sorted.
    pub fn serials(&self) -> Vec<&str> {
        self.cards.keys().map(String::as_str).collect()
    }

    /// The hand-outs in force (not corrected), in ledger order.
    pub fn active_hand_outs(&self) -> Vec<&LedgerEntry> {
        self.entries
            .iter()
            .filter(|e| matches!(e.kind, LedgerEntryKind::HandedOut { .. }) && !self.corrected_by.contains_key(&e.id))
            .collect()
    }

    /// The hand-out in force for a session, so the UI can tell a card
    /// earned but not yet handed out.
    pub fn handed_out_for_session(&self, session_id: i64) -> Option<&LedgerEntry> {
        self.session_hand_outs.get(&session_id).and_then(|&id| self.entry(id))
    }

    /// Stock count per card value, lowest value first (see
    /// [`Reconciliation`]).
    pub fn reconciliation(&self) -> Vec<Reconciliation> {
        // Flow side, from the entries alone: +1 per entry, -1 per entry
        // corrected away. [received, handed_out, voided, lost].
        let mut flows: BTreeMap<Ore, [i64; 4]> = BTreeMap::new();
        let slot = |kind: &LedgerEntryKind| match kind {
            LedgerEntryKind::Received => Some(0),
            LedgerEntryKind::HandedOut { .. } => Some(1),
            LedgerEntryKind::Voided { .. } => Some(2),
            LedgerEntryKind::Lost { .. } => Some(3),
            LedgerEntryKind::Correction { .. } => None,
        };
        for e in &self.entries {
            let (kind, value, delta) = match &e.kind {
                LedgerEntryKind::Correction { corrects_entry, .. } => match self.entry(*corrects_entry) {
                    Some(target) => (&target.kind, target.value, -1),
                    None => continue,
                },
                kind => (kind, e.value, 1),
            };
            if let Some(k) = slot(kind) {
                flows.entry(value).or_default()[k] += delta;
            }
        }
        // Stock side, from the replayed card states.
        let mut stock: BTreeMap<Ore, i64> = BTreeMap::new();
        for card in self.cards.values() {
            if card.status == Status::OnHand {
                *stock.entry(card.value).or_default() += 1;
            }
        }
        let values: BTreeSet<Ore> = flows.keys().chain(stock.keys()).copied().collect();
        // A negative count would be a bug; clamping keeps the imbalance visible.
        let count = |n: i64| u32::try_from(n.max(0)).unwrap_or(u32::MAX);
        values
            .into_iter()
            .map(|value| {
                let f = flows.get(&value).copied().unwrap_or_default();
                Reconciliation {
                    value,
                    received: count(f[0]),
                    handed_out: count(f[1]),
                    voided: count(f[2]),
                    lost: count(f[3]),
                    on_hand: count(stock.get(&value).copied().unwrap_or(0)),
                }
            })
            .collect()
    }
}

/// A session that earns a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EarnedCard {
    pub session_id: i64,
    pub card_number: u32,
}

/// Disagreements between the rule engine and the ledger for one citizen's
/// course. Each is for a person to look at: nothing is deleted or changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HandOutCheck<'a> {
    /// (a) Sessions that earn a card with no hand-out in force for them.
    pub earned_not_handed_out: Vec<EarnedCard>,
    /// (b) Hand-outs in force for a session of this course that does not
    /// (any longer) earn a card, e.g. after an attendance was corrected.
    pub handed_out_not_earned: Vec<&'a LedgerEntry>,
    /// Hand-outs in force for a session of this course but recorded to
    /// another citizen reference: the session's card went to the wrong
    /// record (or the citizen reference changed).
    pub handed_to_another_citizen: Vec<&'a LedgerEntry>,
    /// Hand-outs in force to this citizen that name no session of this
    /// course (no session at all, or a session not in `session_ids`, such as
    /// one of an earlier course).
    pub unmatched_for_citizen: Vec<&'a LedgerEntry>,
}

impl HandOutCheck<'_> {
    pub fn is_clean(&self) -> bool {
        self.earned_not_handed_out.is_empty()
            && self.handed_out_not_earned.is_empty()
            && self.handed_to_another_citizen.is_empty()
            && self.unmatched_for_citizen.is_empty()
    }
}

/// `session_ids` and the assessment's outcomes differ in length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionIdsMismatch {
    pub session_ids: usize,
    pub outcomes: usize,
}

impl fmt::Display for SessionIdsMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} session ids for {} assessed sessions", self.session_ids, self.outcomes)
    }
}

impl std::error::Error for SessionIdsMismatch {}

/// Compares one citizen's course with the ledger. `session_ids[i]` is the
/// store id of the session behind `assessment.outcomes[i]` (the same slice
/// order as given to [`super::move_cards::assess`]). A length mismatch is an
/// error rather than a guess, because a guess could hide an unpaid card.
pub fn check_hand_outs<'a>(
    ledger: &'a Ledger,
    citizen_ref: &str,
    session_ids: &[i64],
    assessment: &CardAssessment,
) -> Result<HandOutCheck<'a>, SessionIdsMismatch> {
    if session_ids.len() != assessment.outcomes.len() {
        return Err(SessionIdsMismatch { session_ids: session_ids.len(), outcomes: assessment.outcomes.len() });
    }
    let citizen_ref = citizen_ref.trim();
    let course: BTreeSet<i64> = session_ids.iter().copied().collect();
    let earning: BTreeSet<i64> =
        session_ids.iter().zip(&assessment.outcomes).filter(|(_, o)| o.earned()).map(|(id, _)| *id).collect();

    let mut check = HandOutCheck::default();
    for (id, outcome) in session_ids.iter().zip(&assessment.outcomes) {
        if let Some(card_number) = outcome.card_number()
            && ledger.handed_out_for_session(*id).is_none()
        {
            check.earned_not_handed_out.push(EarnedCard { session_id: *id, card_number });
        }
    }
    // Only the hand-outs in force for this course's sessions or to this
    // citizen can be flagged below: read those through the ledger's indexes
    // (in ledger order, as a scan would meet them) rather than every entry,
    // which made the Grupper pane quadratic in courses x ledger.
    let mut relevant: BTreeSet<u64> = course.iter().filter_map(|s| ledger.session_hand_outs.get(s).copied()).collect();
    if let Some(ids) = ledger.citizen_hand_outs.get(citizen_ref) {
        relevant.extend(ids);
    }
    for entry in relevant.into_iter().filter_map(|id| ledger.entry(id)) {
        let LedgerEntryKind::HandedOut { citizen_ref: to, earned_by_session } = &entry.kind else {
            continue;
        };
        match earned_by_session {
            // Both flags may apply to one entry: they are separate questions.
            Some(session) if course.contains(session) => {
                if to != citizen_ref {
                    check.handed_to_another_citizen.push(entry);
                }
                if !earning.contains(session) {
                    check.handed_out_not_earned.push(entry);
                }
            }
            _ if to == citizen_ref => check.unmatched_for_citizen.push(entry),
            _ => {}
        }
    }
    Ok(check)
}

#[cfg(test)]
mod tests {
    use super::*;
    // Relative, so the tests compile wherever the module is mounted.
    use super::super::move_cards::{Attendance, MoveCardSettings, Phase, SessionRecord, assess};
    use proptest::prelude::*;

    fn day(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 3, 3).unwrap() + chrono::Duration::days(n)
    }

    const KR200: Ore = Ore::from_kr(200);

    fn stocked(serials: &[&str]) -> Ledger {
        let mut l = Ledger::new();
        for s in serials {
            l.receive(s, KR200, day(0), "lene").unwrap();
        }
        l
    }

    #[test]
    fn receive_and_hand_out() {
        let mut l = stocked(&["MOVE-0001", "MOVE-0002"]);
        let e = l.hand_out("MOVE-0001", "borger-17", Some(501), day(3), "lene").unwrap().clone();
        assert_eq!(e.id, 3);
        assert_eq!(e.value, KR200);
        assert_eq!(l.on_hand(), vec!["MOVE-0002"]);
        assert_eq!(
            l.card_state("MOVE-0001"),
            CardState::HandedOut { entry_id: 3, citizen_ref: "borger-17".into(), earned_by_session: Some(501) }
        );
        assert_eq!(l.handed_out_for_session(501).map(|e| e.id), Some(3));
        assert_eq!(l.handed_out_for_session(502), None);
        assert_eq!(l.card_state("MOVE-9999"), CardState::Unknown);
    }

    #[test]
    fn refusals_append_nothing() {
        let mut l = stocked(&["A1", "A2", "A3", "A4"]);
        l.hand_out("A1", "c", None, day(1), "x").unwrap();
        l.void("A2", "damaged", day(1), "x").unwrap();
        l.mark_lost("A3", "not found at count", day(1), "x").unwrap();
        let before = l.clone();

        assert!(matches!(l.receive("A1", KR200, day(2), "x"), Err(LedgerError::AlreadyReceived { .. })));
        assert_eq!(
            l.receive("B1", Ore::ZERO, day(2), "x").unwrap_err(),
            LedgerError::NonPositiveValue { value: Ore::ZERO }
        );
        assert_eq!(
            l.receive("B1", Ore(-1), day(2), "x").unwrap_err(),
            LedgerError::NonPositiveValue { value: Ore(-1) }
        );
        assert_eq!(l.receive("  ", KR200, day(2), "x").unwrap_err(), LedgerError::EmptySerial);
        assert_eq!(l.receive("B1", KR200, day(2), " ").unwrap_err(), LedgerError::MissingActor);
        for s in ["A1", "A2", "A3", "never"] {
            assert!(matches!(l.hand_out(s, "c", None, day(2), "x"), Err(LedgerError::NotOnHand { .. })), "{s}");
            assert!(matches!(l.void(s, "r", day(2), "x"), Err(LedgerError::NotOnHand { .. })), "{s}");
            assert!(matches!(l.mark_lost(s, "r", day(2), "x"), Err(LedgerError::NotOnHand { .. })), "{s}");
        }
        assert_eq!(l.hand_out("A4", " ", None, day(2), "x").unwrap_err(), LedgerError::MissingCitizen);
        assert_eq!(l.void("A4", "", day(2), "x").unwrap_err(), LedgerError::MissingReason);
        assert_eq!(l.correct(99, "r", day(2), "x").unwrap_err(), LedgerError::UnknownEntry { id: 99 });
        assert_eq!(l.correct(1, "", day(2), "x").unwrap_err(), LedgerError::MissingReason);
        assert_eq!(
            l.hand_out("A4", "c", None, day(-1), "x").unwrap_err(),
            LedgerError::DateBeforeEarlierEntry { date: day(-1), earlier_entry: 4, earlier_date: day(0) }
        );
        assert_eq!(l, before);
    }

    #[test]
    fn correcting_a_hand_out_returns_the_card_to_stock() {
        let mut l = stocked(&["A1"]);
        let out = l.hand_out("A1", "c", Some(7), day(1), "x").unwrap().id;
        let fix = l.correct(out, "wrong citizen", day(2), "x").unwrap().clone();
        assert_eq!(fix.serial, "A1");
        assert_eq!(fix.value, KR200);
        assert_eq!(l.card_state("A1"), CardState::OnHand { received_entry: 1 });
        assert_eq!(l.handed_out_for_session(7), None);
        assert_eq!(l.corrected_by(out), Some(fix.id));
        assert_eq!(
            l.correct(out, "again", day(2), "x").unwrap_err(),
            LedgerError::AlreadyCorrected { id: out, by: fix.id }
        );
        assert_eq!(
            l.correct(fix.id, "undo", day(2), "x").unwrap_err(),
            LedgerError::CannotCorrectCorrection { id: fix.id }
        );
        // The card can go out again, now to the right citizen.
        l.hand_out("A1", "d", Some(7), day(2), "x").unwrap();
        assert_eq!(l.history("A1").len(), 4);
        assert!(l.reconciliation().iter().all(Reconciliation::balances));
    }

    #[test]
    fn correcting_a_receipt_takes_the_card_out_of_the_books() {
        let mut l = stocked(&["A1", "A2"]);
        let out = l.hand_out("A2", "c", None, day(1), "x").unwrap().id;
        // A2 has left stock: its receipt cannot be undone before the hand-out.
        assert!(matches!(l.correct(2, "typo", day(2), "x"), Err(LedgerError::NotOnHand { .. })));
        l.correct(out, "not handed out", day(2), "x").unwrap();
        l.correct(2, "typo in serial", day(2), "x").unwrap();
        assert_eq!(l.card_state("A2"), CardState::Unknown);
        l.correct(1, "typo in value", day(2), "x").unwrap();
        assert!(l.on_hand().is_empty());
        // Received again with the right value.
        l.receive("A1", Ore::from_kr(100), day(3), "x").unwrap();
        assert_eq!(l.correct(1, "again", day(3), "x").unwrap_err(), LedgerError::AlreadyCorrected { id: 1, by: 6 });
        let r = l.reconciliation();
        assert_eq!(r.len(), 2);
        assert_eq!(
            r[0],
            Reconciliation { value: Ore::from_kr(100), received: 1, handed_out: 0, voided: 0, lost: 0, on_hand: 1 }
        );
        assert_eq!(r[1], Reconciliation { value: KR200, received: 0, handed_out: 0, voided: 0, lost: 0, on_hand: 0 });
    }

    #[test]
    fn correcting_a_void_or_loss_returns_the_card() {
        let mut l = stocked(&["A1", "A2"]);
        let v = l.void("A1", "looked damaged", day(1), "x").unwrap().id;
        let lost = l.mark_lost("A2", "missing", day(1), "x").unwrap().id;
        l.correct(v, "it works", day(2), "x").unwrap();
        l.correct(lost, "found in the drawer", day(2), "x").unwrap();
        assert_eq!(l.on_hand(), vec!["A1", "A2"]);
    }

    #[test]
    fn one_card_per_session() {
        let mut l = stocked(&["A1", "A2"]);
        let first = l.hand_out("A1", "c", Some(5), day(1), "x").unwrap().id;
        assert_eq!(
            l.hand_out("A2", "c", Some(5), day(1), "x").unwrap_err(),
            LedgerError::SessionAlreadyHasCard { session_id: 5, entry_id: first }
        );
        // Without a session, or for another session, it is fine.
        l.hand_out("A2", "c", Some(6), day(1), "x").unwrap();
    }

    #[test]
    fn receive_range_keeps_the_width() {
        let mut l = Ledger::new();
        let new = l.receive_range("MOVE-", "0001", "0050", KR200, day(0), "x").unwrap();
        assert_eq!(new.len(), 50);
        assert_eq!(new[0].serial, "MOVE-0001");
        assert_eq!(new[49].serial, "MOVE-0050");
        assert_eq!(l.on_hand().len(), 50);
        l.receive_range("B", "8", "12", KR200, day(0), "x").unwrap();
        assert_eq!(l.card_state("B10"), CardState::OnHand { received_entry: 53 });
        assert_eq!(l.card_state("B08"), CardState::Unknown);
        assert_eq!(split_serial("MOVE-0042"), Some(("MOVE-", "0042")));
        assert_eq!(split_serial("MOVE-"), None);
        assert_eq!(split_serial("ÆØÅ7"), Some(("ÆØÅ", "7")));
    }

    #[test]
    fn receive_range_is_all_or_nothing() {
        let mut l = stocked(&["MOVE-0005"]);
        let before = l.clone();
        assert!(matches!(
            l.receive_range("MOVE-", "0001", "0010", KR200, day(0), "x"),
            Err(LedgerError::AlreadyReceived { .. })
        ));
        assert_eq!(l, before);
        for (from, to) in [("0010", "0001"), ("", "5"), ("1a", "5"), ("-1", "5"), ("1", "99999999999999999999999")] {
            assert!(
                matches!(l.receive_range("M", from, to, KR200, day(0), "x"), Err(LedgerError::InvalidRange { .. })),
                "{from}..{to}"
            );
        }
        assert_eq!(
            l.receive_range("M", "0", "10000", KR200, day(0), "x").unwrap_err(),
            LedgerError::RangeTooLarge { count: 10_001, max: MAX_RANGE }
        );
        assert_eq!(
            l.receive_range("M", "0", &u64::MAX.to_string(), KR200, day(0), "x").unwrap_err(),
            LedgerError::RangeTooLarge { count: u64::MAX, max: MAX_RANGE }
        );
        assert!(matches!(
            l.receive_range("M", "1", "2", Ore::ZERO, day(0), "x"),
            Err(LedgerError::NonPositiveValue { .. })
        ));
        assert_eq!(l, before);
    }

    #[test]
    fn replay_rebuilds_and_rejects_tampering() {
        let mut l = stocked(&["A1", "A2", "A3"]);
        let out = l.hand_out("A1", "c", Some(1), day(1), "x").unwrap().id;
        l.void("A2", "bent", day(1), "x").unwrap();
        l.correct(out, "wrong", day(2), "x").unwrap();
        let again = Ledger::from_entries(l.entries().to_vec()).unwrap();
        assert_eq!(again, l);

        // Hand out a card twice by editing stored data: refused on replay.
        let mut tampered = l.entries().to_vec();
        tampered.push(LedgerEntry {
            id: 100,
            serial: "A2".into(),
            value: KR200,
            date: day(3),
            actor: "x".into(),
            kind: LedgerEntryKind::HandedOut { citizen_ref: "c".into(), earned_by_session: None },
        });
        let err = Ledger::from_entries(tampered).unwrap_err();
        assert_eq!(err.index, 6);
        assert!(matches!(err.error, LedgerError::NotOnHand { .. }));

        let mut wrong_value = l.entries().to_vec();
        wrong_value.push(LedgerEntry {
            id: 100,
            serial: "A3".into(),
            value: Ore(1),
            date: day(3),
            actor: "x".into(),
            kind: LedgerEntryKind::Lost { reason: "r".into() },
        });
        assert_eq!(Ledger::from_entries(wrong_value).unwrap_err().error, LedgerError::EntryMismatch { id: 100 });

        let mut backwards = l.entries().to_vec();
        backwards.swap(0, 1);
        assert!(matches!(Ledger::from_entries(backwards).unwrap_err().error, LedgerError::IdNotIncreasing { .. }));

        let mut last_id = Ledger::new();
        last_id
            .apply(LedgerEntry {
                id: u64::MAX,
                serial: "Z".into(),
                value: KR200,
                date: day(0),
                actor: "x".into(),
                kind: LedgerEntryKind::Received,
            })
            .unwrap();
        assert_eq!(last_id.receive("Y", KR200, day(0), "x").unwrap_err(), LedgerError::IdsExhausted);
    }

    #[test]
    fn the_rule_and_the_ledger_are_compared() {
        // Randers course: A A A A N, sessions 11..=15.
        let mut sessions: Vec<SessionRecord> = (0..4)
            .map(|k| SessionRecord { date: day(7 * k), phase: Phase::Main, attendance: Some(Attendance::Attended) })
            .collect();
        sessions.push(SessionRecord { date: day(28), phase: Phase::Main, attendance: Some(Attendance::NoShow) });
        let ids = [11, 12, 13, 14, 15];
        let settings = MoveCardSettings::randers();

        let mut l = stocked(&["A1", "A2", "A3", "A4"]);
        l.hand_out("A1", "borger-1", Some(12), day(7), "x").unwrap();
        l.hand_out("A2", "borger-1", Some(13), day(14), "x").unwrap(); // wrong session
        l.hand_out("A3", "borger-1", None, day(14), "x").unwrap(); // no session named
        l.hand_out("A4", "borger-2", Some(99), day(14), "x").unwrap(); // someone else

        let a = assess(&sessions, &settings);
        let check = check_hand_outs(&l, "borger-1", &ids, &a).unwrap();
        assert_eq!(check.earned_not_handed_out, vec![EarnedCard { session_id: 14, card_number: 2 }]);
        assert_eq!(check.handed_out_not_earned.iter().map(|e| e.serial.as_str()).collect::<Vec<_>>(), vec!["A2"]);
        assert_eq!(check.unmatched_for_citizen.iter().map(|e| e.serial.as_str()).collect::<Vec<_>>(), vec!["A3"]);
        assert!(check.handed_to_another_citizen.is_empty());
        assert!(!check.is_clean());

        // A card for this course's session 11 recorded to another citizen.
        l.receive("A5", KR200, day(0), "x").unwrap();
        let wrong = l.hand_out("A5", "borger-9", Some(11), day(14), "x").unwrap().id;
        let check = check_hand_outs(&l, "borger-1", &ids, &a).unwrap();
        assert_eq!(check.handed_to_another_citizen.iter().map(|e| e.id).collect::<Vec<_>>(), vec![wrong]);
        assert_eq!(check.handed_out_not_earned.iter().map(|e| e.serial.as_str()).collect::<Vec<_>>(), vec!["A2", "A5"]);
        l.correct(wrong, "wrong citizen and session", day(15), "x").unwrap();

        // Session 12 turns out to have been a no-show: its card is flagged.
        sessions[1].attendance = Some(Attendance::NoShow);
        let a = assess(&sessions, &settings);
        let check = check_hand_outs(&l, "borger-1", &ids, &a).unwrap();
        assert_eq!(check.handed_out_not_earned.iter().map(|e| e.serial.as_str()).collect::<Vec<_>>(), vec!["A1", "A2"]);
        assert_eq!(check.earned_not_handed_out, vec![EarnedCard { session_id: 14, card_number: 1 }]);
        // Flagged, never deleted.
        assert_eq!(l.len(), 11);

        assert_eq!(
            check_hand_outs(&l, "borger-1", &ids[..4], &a).unwrap_err(),
            SessionIdsMismatch { session_ids: 4, outcomes: 5 }
        );
    }

    #[test]
    fn a_course_is_checked_against_its_own_entries_only() {
        let settings = MoveCardSettings::randers();
        let attended =
            |k: i64| SessionRecord { date: day(7 * k), phase: Phase::Main, attendance: Some(Attendance::Attended) };
        let mut l = stocked(&["A1", "A2", "A3", "A4"]);
        // Another case's cards, for its own sessions and for none.
        l.hand_out("A1", "borger-2", Some(21), day(7), "x").unwrap();
        l.hand_out("A2", "borger-2", None, day(7), "x").unwrap();

        // A course with no sessions and no entries of its own: nothing to say.
        let none = assess(&[], &settings);
        assert!(check_hand_outs(&l, "borger-1", &[], &none).unwrap().is_clean());

        // Entries of another case are not this course's, whatever they name.
        let sessions = [attended(0), attended(1)];
        let a = assess(&sessions, &settings);
        let check = check_hand_outs(&l, "borger-1", &[11, 12], &a).unwrap();
        assert!(check.handed_out_not_earned.is_empty() && check.unmatched_for_citizen.is_empty());
        assert!(check.handed_to_another_citizen.is_empty());

        // A card handed out for session 12, then the attendance corrected
        // to a no-show: flagged; the hand-out corrected away: gone.
        let out = l.hand_out("A3", "borger-1", Some(12), day(8), "x").unwrap().id;
        let corrected = [attended(0), SessionRecord { attendance: Some(Attendance::NoShow), ..attended(1) }];
        let a = assess(&corrected, &settings);
        let check = check_hand_outs(&l, "borger-1", &[11, 12], &a).unwrap();
        assert_eq!(check.handed_out_not_earned.iter().map(|e| e.id).collect::<Vec<_>>(), vec![out]);
        l.correct(out, "no-show", day(9), "x").unwrap();
        let check = check_hand_outs(&l, "borger-1", &[11, 12], &a).unwrap();
        assert!(check.handed_out_not_earned.is_empty() && check.unmatched_for_citizen.is_empty());
        // The card handed out again to this citizen without a session.
        let again = l.hand_out("A3", "borger-1", None, day(10), "x").unwrap().id;
        let check = check_hand_outs(&l, "borger-1", &[11, 12], &a).unwrap();
        assert_eq!(check.unmatched_for_citizen.iter().map(|e| e.id).collect::<Vec<_>>(), vec![again]);
    }

    /// What [`check_hand_outs`] must find, by scanning every entry: the
    /// indexed check is held to it.
    fn scanned(ledger: &Ledger, citizen_ref: &str, session_ids: &[i64]) -> (Vec<u64>, Vec<u64>) {
        let (mut of_course, mut unmatched) = (Vec::new(), Vec::new());
        for entry in ledger.active_hand_outs() {
            let LedgerEntryKind::HandedOut { citizen_ref: to, earned_by_session } = &entry.kind else { continue };
            match earned_by_session {
                Some(session) if session_ids.contains(session) => of_course.push(entry.id),
                _ if to == citizen_ref => unmatched.push(entry.id),
                _ => {}
            }
        }
        (of_course, unmatched)
    }

    // ---- property: random operation sequences ---------------------------

    /// `back`: how many days before "today" (the step number) the entry is
    /// dated; mostly 0, sometimes far back so date checks get exercised.
    #[derive(Debug, Clone)]
    enum Op {
        Receive {
            serial: usize,
            value: usize,
            back: i64,
        },
        Range {
            from: u32,
            len: u32,
            value: usize,
            back: i64,
        },
        HandOut {
            serial: usize,
            citizen: usize,
            session: Option<i64>,
            back: i64,
        },
        Void {
            serial: usize,
            back: i64,
        },
        Lose {
            serial: usize,
            back: i64,
        },
        /// `pick` chooses among the existing ids and two that do not exist.
        Correct {
            pick: prop::sample::Index,
            back: i64,
        },
    }

    const SERIALS: usize = 12;
    const VALUES: [Ore; 4] = [Ore::from_kr(200), Ore::from_kr(100), Ore::ZERO, Ore(-5)];

    fn serial(n: usize) -> String {
        format!("MOVE-{n:02}")
    }

    fn arb_op() -> impl Strategy<Value = Op> {
        let b = || prop_oneof![8 => Just(0i64), 1 => 1i64..30];
        let v = || prop_oneof![4 => Just(0usize), 2 => Just(1usize), 1 => 2usize..4];
        prop_oneof![
            3 => (0..SERIALS, v(), b()).prop_map(|(serial, value, back)| Op::Receive { serial, value, back }),
            1 => (0..SERIALS as u32, 1u32..5, v(), b()).prop_map(|(from, len, value, back)| Op::Range { from, len, value, back }),
            4 => (0..SERIALS, 0usize..3, prop::option::of(0i64..6), b())
                .prop_map(|(serial, citizen, session, back)| Op::HandOut { serial, citizen, session, back }),
            1 => (0..SERIALS, b()).prop_map(|(serial, back)| Op::Void { serial, back }),
            1 => (0..SERIALS, b()).prop_map(|(serial, back)| Op::Lose { serial, back }),
            3 => (any::<prop::sample::Index>(), b()).prop_map(|(pick, back)| Op::Correct { pick, back }),
        ]
    }

    fn run(l: &mut Ledger, op: &Op, step: i64) -> Result<usize, LedgerError> {
        let date = |back: &i64| day(step - back);
        match op {
            Op::Receive { serial: s, value, back } => {
                l.receive(&serial(*s), VALUES[*value], date(back), "x").map(|_| 1)
            }
            Op::Range { from, len, value, back } => l
                .receive_range(
                    "MOVE-",
                    &format!("{from:02}"),
                    &(from + len - 1).to_string(),
                    VALUES[*value],
                    date(back),
                    "x",
                )
                .map(<[_]>::len),
            Op::HandOut { serial: s, citizen, session, back } => {
                l.hand_out(&serial(*s), &format!("borger-{citizen}"), *session, date(back), "x").map(|_| 1)
            }
            Op::Void { serial: s, back } => l.void(&serial(*s), "r", date(back), "x").map(|_| 1),
            Op::Lose { serial: s, back } => l.mark_lost(&serial(*s), "r", date(back), "x").map(|_| 1),
            Op::Correct { pick, back } => {
                let id = pick.index(l.len() + 2) as u64 + 1;
                l.correct(id, "r", date(back), "x").map(|_| 1)
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]
        #[test]
        fn the_books_always_balance(ops in prop::collection::vec(arb_op(), 0..80)) {
            let mut l = Ledger::new();
            for (step, op) in ops.iter().enumerate() {
                let before = l.clone();
                match run(&mut l, op, step as i64) {
                    Ok(n) => {
                        prop_assert_eq!(l.len(), before.len() + n);
                        // Nothing already written changed.
                        prop_assert_eq!(&l.entries()[..before.len()], before.entries());
                    }
                    Err(_) => prop_assert_eq!(&l, &before),
                }

                let recs = l.reconciliation();
                for r in &recs {
                    prop_assert!(r.balances(), "{:?}", r);
                }

                // Each serial has exactly one state, and the per-state counts
                // from `card_state` agree with the entry-based counts.
                let universe: BTreeSet<String> = (0..SERIALS + 5).map(serial).chain(l.serials().iter().map(|s| s.to_string())).collect();
                let on_hand: BTreeSet<&str> = l.on_hand().into_iter().collect();
                let (mut n_on, mut n_out, mut n_void, mut n_lost, mut n_known) = (0u32, 0u32, 0u32, 0u32, 0u32);
                let mut sessions_seen = BTreeSet::new();
                for s in &universe {
                    let state = l.card_state(s);
                    prop_assert_eq!(on_hand.contains(s.as_str()), matches!(state, CardState::OnHand { .. }));
                    match state {
                        CardState::Unknown => {}
                        CardState::OnHand { .. } => n_on += 1,
                        CardState::HandedOut { entry_id, earned_by_session, .. } => {
                            n_out += 1;
                            if let Some(session) = earned_by_session {
                                prop_assert!(sessions_seen.insert(session), "two cards for session {}", session);
                                prop_assert_eq!(l.handed_out_for_session(session).map(|e| e.id), Some(entry_id));
                            }
                        }
                        CardState::Voided { .. } => n_void += 1,
                        CardState::Lost { .. } => n_lost += 1,
                    }
                    if state != CardState::Unknown {
                        n_known += 1;
                    }
                }
                let sum = |f: fn(&Reconciliation) -> u32| recs.iter().map(f).sum::<u32>();
                prop_assert_eq!(sum(|r| r.on_hand), n_on);
                prop_assert_eq!(sum(|r| r.handed_out), n_out);
                prop_assert_eq!(sum(|r| r.voided), n_void);
                prop_assert_eq!(sum(|r| r.lost), n_lost);
                prop_assert_eq!(sum(|r| r.received), n_known);
                prop_assert_eq!(l.active_hand_outs().len() as u32, n_out);
                for session in 0..6 {
                    if !sessions_seen.contains(&session) {
                        prop_assert!(l.handed_out_for_session(session).is_none());
                    }
                }
            }
            // The indexed course check finds what a scan of every entry finds.
            let settings = MoveCardSettings::randers();
            for citizen in 0..3 {
                let me = format!("borger-{citizen}");
                let ids = [i64::from(citizen), 3, 5];
                let records: Vec<SessionRecord> = (0..3)
                    .map(|k| SessionRecord { date: day(7 * k), phase: Phase::Main, attendance: Some(Attendance::Attended) })
                    .collect();
                let assessment = assess(&records, &settings);
                let check = check_hand_outs(&l, &me, &ids, &assessment).unwrap();
                let (of_course, unmatched) = scanned(&l, &me, &ids);
                let kind = |id: &u64| l.entry(*id).unwrap().kind.clone();
                let another: Vec<u64> = of_course.iter().copied()
                    .filter(|id| matches!(kind(id), LedgerEntryKind::HandedOut { citizen_ref, .. } if citizen_ref != me))
                    .collect();
                let earning: Vec<i64> = ids.iter().zip(&assessment.outcomes).filter(|(_, o)| o.earned()).map(|(id, _)| *id).collect();
                let not_earned: Vec<u64> = of_course.iter().copied()
                    .filter(|id| matches!(kind(id), LedgerEntryKind::HandedOut { earned_by_session: Some(s), .. } if !earning.contains(&s)))
                    .collect();
                let ids_of = |v: &[&LedgerEntry]| v.iter().map(|e| e.id).collect::<Vec<_>>();
                prop_assert_eq!(ids_of(&check.handed_to_another_citizen), another);
                prop_assert_eq!(ids_of(&check.handed_out_not_earned), not_earned);
                prop_assert_eq!(check.unmatched_for_citizen.iter().map(|e| e.id).collect::<Vec<_>>(), unmatched);
            }
            // The stored entries alone rebuild the same ledger.
            prop_assert_eq!(Ledger::from_entries(l.entries().to_vec()).unwrap(), l);
        }
    }
}
