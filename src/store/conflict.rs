//! A write refused because the record changed since the user's form was
//! opened: which record, what the write expected that no longer holds,
//! and, from the audit trail, who changed it, when and which fields.
//!
//! A form carries an [`Opened`] mark: the audit trail's last row id when
//! it was opened. The trail records every write's changed rows under its
//! row, so "changed since the form was opened" is "a row with changes of
//! this record after the mark", found through the `audit_entity` index
//! without any version column in the data tables.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;

use super::{Result, Store, StoreError};
use crate::domain::group::groups::GroupProblem;
use crate::domain::group::ledger::{CardState, Ledger, LedgerError};
use crate::domain::intake::StepProblem;
use crate::domain::notification::TransitionProblem;
use crate::domain::stay::StayStepProblem;

/// The audit trail's last row id when a form was opened (0 on an empty
/// trail): the version of everything the form shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Opened(pub(crate) i64);

/// The record a write was refused on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    Case(i64),
    /// The intake history of a case: every step, edit, correction and
    /// handover adds an event there (an edit of the substances alone
    /// touches no column of the case's own row).
    CaseEvents(i64),
    /// The plan of a case.
    Plan {
        case_id: i64,
    },
    /// A follow-up call of a case.
    Call {
        id: i64,
        case_id: i64,
    },
    Child {
        id: i64,
        case_id: i64,
    },
    Notification(i64),
    Stay(i64),
    /// The own payment calculated for a stay.
    OwnPayment(i64),
    Provider(i64),
    /// A group session: its roll call, its cancelling or moving.
    Session(i64),
    /// A gift card, by the ledger entry that took it out of stock.
    GiftCard(i64),
    /// The members of a group.
    Members(i64),
    /// A complaint about a decision.
    Complaint(i64),
    /// A citizen: name, CPR number or pseudonym, home municipality.
    Citizen(i64),
    /// A case's family situation and main source of income.
    Circumstances {
        case_id: i64,
    },
}

/// What the write expected that the record as stored no longer has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// The case was closed on that day.
    CaseClosed { on: NaiveDate },
    /// The intake step no longer fits the case.
    IntakeStep(StepProblem),
    /// The plan the revision was written against was `expected - 1`;
    /// version `latest` is there now.
    PlanVersion { expected: u32, latest: u32 },
    /// The call was completed (on that day, when it reads as one).
    CallDone { on: Option<NaiveDate> },
    /// The child's record was ended.
    ChildEnded,
    /// The draft was sent or discarded.
    NotificationClosed,
    /// The notification step no longer fits the notification.
    NotificationStep(TransitionProblem),
    /// The stay's step no longer fits the stay.
    StayStep(StayStepProblem),
    /// The complaint's step no longer fits the complaint (a colleague took
    /// it, or another, meanwhile).
    ComplaintStep(crate::domain::complaint::StepProblem),
    /// The record was changed since the form was opened, and the form
    /// would write over that change.
    Edited,
    /// The gift card the form hands out left the stock (handed out, voided
    /// or lost) since the form was opened.
    CardGone { serial: String },
    /// The session's card was handed out (this serial) since the form
    /// was opened.
    CardHandedOut { serial: String },
    /// The card was received into stock since the form was opened.
    CardReceived { serial: String },
    /// The ledger entry the form corrects was corrected since.
    EntryCorrected { id: u64 },
    /// Another provider (the record) took this name since the form was
    /// checked.
    NameTaken { name: String },
    /// Another stay of the case (the record) was recommended in the same
    /// days since the form was checked.
    StayOverlaps { case: i64 },
    /// A new citizen was to be registered, but the CPR number or pseudonym
    /// was registered to this citizen meanwhile.
    CitizenRegistered { citizen: i64 },
    /// The CPR number belongs to this other citizen.
    CprTaken { citizen: i64 },
}

/// One field of a colleague's change, as the trail holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub table: String,
    pub column: String,
    /// `None`: empty (NULL), or the row was new.
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The latest change of a record as the audit trail holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastChange {
    pub actor: String,
    /// The audit row's UTC time (`2026-03-17T09:05:00Z`).
    pub at: String,
    /// The audit row's action (`record_step`, `plan_revise`, …).
    pub action: String,
    /// The fields the change updated (an inserted row adds none).
    pub fields: Vec<FieldChange>,
}

/// Someone else changed the record since it was read: nothing written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub record: Record,
    pub found: Found,
    /// Who changed it, when and what, if the trail says.
    pub change: Option<LastChange>,
}

/// At most this many fields are named: the message is one status line.
const MAX_FIELDS: usize = 4;

/// Where in the trail a record's changes are: the audit rows of `entity`
/// `entity_id`, with change rows of `table` (any when `None`) and of the
/// row `key` (any when `None`).
struct Trail {
    /// `None`: any audit row (searched only after a mark, by the row's key).
    entity: Option<&'static str>,
    entity_id: i64,
    table: Option<&'static str>,
    key: Option<i64>,
}

impl Record {
    /// The trail of the record itself: its own row, or the rows of its kind.
    fn own_trail(self) -> Trail {
        let t = |entity, entity_id, table, key| Trail { entity: Some(entity), entity_id, table: Some(table), key };
        let all = |entity, entity_id| Trail { entity: Some(entity), entity_id, table: None, key: None };
        match self {
            Record::Case(id) => t("case", id, "cases", Some(id)),
            Record::CaseEvents(id) => t("case", id, "case_events", None),
            Record::Plan { case_id } => t("case", case_id, "plan_versions", None),
            Record::Call { id, case_id } => t("case", case_id, "follow_up_calls", Some(id)),
            Record::Child { id, case_id } => t("case", case_id, "children", Some(id)),
            Record::Notification(id) => all("notification", id),
            Record::Complaint(id) => t("complaint", id, "complaints", Some(id)),
            Record::Stay(id) => all("stay", id),
            Record::OwnPayment(id) => {
                Trail { entity: Some("stay"), entity_id: id, table: Some("stay_own_payments"), key: None }
            }
            Record::Provider(id) => t("provider", id, "providers", Some(id)),
            Record::Session(id) => all("group_session", id),
            // A ledger entry is written under the roll call, the course or
            // the ledger that took the card.
            Record::Members(group_id) => t("group", group_id, "group_members", None),
            Record::GiftCard(entry) => {
                Trail { entity: None, entity_id: 0, table: Some("gift_card_ledger"), key: Some(entry) }
            }
            // A citizen is changed from any of their cases.
            Record::Citizen(id) => Trail { entity: None, entity_id: 0, table: Some("citizens"), key: Some(id) },
            Record::Circumstances { case_id } => t("case", case_id, "case_circumstances", Some(case_id)),
        }
    }

    /// The case the record belongs to, if any.
    fn case_id(self) -> Option<i64> {
        match self {
            Record::Case(id) | Record::CaseEvents(id) => Some(id),
            Record::Plan { case_id }
            | Record::Call { case_id, .. }
            | Record::Child { case_id, .. }
            | Record::Circumstances { case_id } => Some(case_id),
            _ => None,
        }
    }
}

impl Found {
    /// Where the change that caused this is found: a closed case is the
    /// case row's change, whatever record the write was about.
    fn trail(&self, record: Record) -> Trail {
        match (self, record.case_id()) {
            (Found::CaseClosed { .. }, Some(case_id)) => Record::Case(case_id).own_trail(),
            _ => record.own_trail(),
        }
    }
}

/// The refusal of a write on `record`, told by what is `found` and by the
/// trail's latest change of it (after `opened`, when the form said when
/// it was opened).
pub(crate) fn conflict(conn: &Connection, record: Record, found: Found, opened: Option<Opened>) -> StoreError {
    let trail = found.trail(record);
    let since = opened.unwrap_or_default();
    let change = match last_change(conn, &trail, since) {
        Ok(Some(change)) => Some(change),
        // The change may be older than the mark (the form was opened on a
        // stale screen): the latest one is still the one to name.
        Ok(None) if since.0 > 0 && trail.entity.is_some() => last_change(conn, &trail, Opened(0)).ok().flatten(),
        _ => None,
    };
    StoreError::Changed(Box::new(Conflict { record, found, change }))
}

/// Refused with [`Found::Edited`] if `record` was changed after `opened`.
pub(crate) fn unchanged_since(conn: &Connection, record: Record, opened: Opened) -> Result<()> {
    match last_change(conn, &record.own_trail(), opened)? {
        Some(change) => {
            Err(StoreError::Changed(Box::new(Conflict { record, found: Found::Edited, change: Some(change) })))
        }
        None => Ok(()),
    }
}

/// A gift-card refusal as it is, unless a colleague's ledger entry after
/// `opened` caused it (the card handed out on their roll call, voided,
/// lost or received meanwhile, the entry corrected meanwhile): then a
/// [`Conflict`] naming who and when.
pub(crate) fn card_refusal(conn: &Connection, ledger: &Ledger, problem: GroupProblem, opened: Opened) -> StoreError {
    let gone = |state: &CardState| match state {
        CardState::HandedOut { entry_id, .. } | CardState::Voided { entry_id } | CardState::Lost { entry_id } => {
            Some(*entry_id as i64)
        }
        CardState::Unknown | CardState::OnHand { .. } => None,
    };
    let taken = match &problem {
        GroupProblem::Ledger(LedgerError::NotOnHand { serial, state }) => {
            gone(state).map(|entry| (entry, Found::CardGone { serial: serial.clone() }))
        }
        GroupProblem::Ledger(LedgerError::AlreadyReceived { serial, state }) => {
            let entry = match state {
                CardState::OnHand { received_entry } => Some(*received_entry as i64),
                other => gone(other),
            };
            entry.map(|entry| (entry, Found::CardReceived { serial: serial.clone() }))
        }
        GroupProblem::Ledger(LedgerError::AlreadyCorrected { id, by }) => {
            Some((*by as i64, Found::EntryCorrected { id: *id }))
        }
        GroupProblem::AlreadyHandedOut { serial } => {
            gone(&ledger.card_state(serial)).map(|entry| (entry, Found::CardHandedOut { serial: serial.clone() }))
        }
        _ => None,
    };
    let Some((entry, found)) = taken else { return StoreError::Group(problem) };
    let record = Record::GiftCard(entry);
    match last_change(conn, &record.own_trail(), opened) {
        Ok(Some(change)) => StoreError::Changed(Box::new(Conflict { record, found, change: Some(change) })),
        Ok(None) => StoreError::Group(problem),
        Err(e) => e,
    }
}

/// The latest audit row after `since` with changes of `trail`, and the
/// fields it changed there.
fn last_change(conn: &Connection, trail: &Trail, since: Opened) -> Result<Option<LastChange>> {
    let key = trail.key.map(|k| Value::Array(vec![Value::from(k)]).to_string());
    let row: Option<(i64, String, String, String)> = match trail.entity {
        Some(entity) => conn
            .prepare_cached(
                "SELECT a.id, a.actor, a.at, a.action FROM audit a
                 WHERE a.entity = ?1 AND a.entity_id = ?2 AND a.id > ?3
                   AND EXISTS (SELECT 1 FROM audit_change c WHERE c.audit_id = a.id
                               AND (?4 IS NULL OR c.tbl = ?4) AND (?5 IS NULL OR c.row_key = ?5))
                 ORDER BY a.id DESC LIMIT 1",
            )?
            .query_row(params![entity, trail.entity_id, since.0, trail.table, key], |r| r.try_into())
            .optional()?,
        // Only the rows after the mark are read: a form is open for minutes.
        None => conn
            .prepare_cached(
                "SELECT a.id, a.actor, a.at, a.action FROM audit a
                 WHERE a.id > ?1
                   AND EXISTS (SELECT 1 FROM audit_change c WHERE c.audit_id = a.id
                               AND (?2 IS NULL OR c.tbl = ?2) AND (?3 IS NULL OR c.row_key = ?3))
                 ORDER BY a.id DESC LIMIT 1",
            )?
            .query_row(params![since.0, trail.table, key], |r| r.try_into())
            .optional()?,
    };
    let Some((audit_id, actor, at, action)) = row else { return Ok(None) };
    let mut stmt = conn.prepare_cached(
        "SELECT tbl, old, new FROM audit_change
         WHERE audit_id = ?1 AND op = 'update' AND (?2 IS NULL OR tbl = ?2) AND (?3 IS NULL OR row_key = ?3)
         ORDER BY seq",
    )?;
    let rows = stmt
        .query_map(params![audit_id, trail.table, key], |r| r.try_into())?
        .collect::<rusqlite::Result<Vec<(String, Option<String>, Option<String>)>>>()?;
    let mut fields = Vec::new();
    for (table, old, new) in rows {
        let (old, new) = (object(old.as_deref()), object(new.as_deref()));
        for (column, after) in &new {
            if fields.len() == MAX_FIELDS {
                break;
            }
            let before = old.get(column).and_then(shown);
            fields.push(FieldChange { table: table.clone(), column: column.clone(), before, after: shown(after) });
        }
    }
    Ok(Some(LastChange { actor, at, action, fields }))
}

/// A change row's JSON object of columns (empty when it is not one).
fn object(json: Option<&str>) -> serde_json::Map<String, Value> {
    match json.map(serde_json::from_str::<Value>) {
        Some(Ok(Value::Object(map))) => map,
        _ => serde_json::Map::new(),
    }
}

/// A stored value as text; `None` for NULL.
fn shown(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

impl Store {
    /// The mark a form takes when it opens: a later write refuses to
    /// write over what others changed after it.
    pub fn opened(&self) -> Result<Opened> {
        let id: Option<i64> = self.conn().query_row("SELECT max(id) FROM audit", [], |r| r.get(0))?;
        Ok(Opened(id.unwrap_or(0)))
    }
}
