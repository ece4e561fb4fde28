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
use serde_json::Value;

use super::engine::Db;
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
pub(crate) fn conflict(db: &Db<'_>, record: Record, found: Found, opened: Option<Opened>) -> StoreError {
    let trail = found.trail(record);
    let since = opened.unwrap_or_default();
    let change = match last_change(db, &trail, since) {
        Ok(Some(change)) => Some(change),
        // The change may be older than the mark (the form was opened on a
        // stale screen): the latest one is still the one to name.
        Ok(None) if since.0 > 0 && trail.entity.is_some() => last_change(db, &trail, Opened(0)).ok().flatten(),
        _ => None,
    };
    StoreError::Changed(Box::new(Conflict { record, found, change }))
}

/// Refused with [`Found::Edited`] if `record` was changed after `opened`.
pub(crate) fn unchanged_since(db: &Db<'_>, record: Record, opened: Opened) -> Result<()> {
    match last_change(db, &record.own_trail(), opened)? {
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
pub(crate) fn card_refusal(db: &Db<'_>, ledger: &Ledger, problem: GroupProblem, opened: Opened) -> StoreError {
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
    match last_change(db, &record.own_trail(), opened) {
        Ok(Some(change)) => StoreError::Changed(Box::new(Conflict { record, found, change: Some(change) })),
        Ok(None) => StoreError::Group(problem),
        Err(e) => e,
    }
}

/// The latest audit row of an entity after a mark (`?3`) with changes of
/// a table (`?4`) and row (`?5`), either any when NULL (index
/// `audit_entity`, then the change rows' key). A parameter that may be NULL
/// is given its type by a CAST, which PostgreSQL needs to plan it.
const LAST_OF_ENTITY: &str = "SELECT a.id, a.actor, a.at, a.action FROM audit a
    WHERE a.entity = ?1 AND a.entity_id = ?2 AND a.id > ?3
      AND EXISTS (SELECT 1 FROM audit_change c WHERE c.audit_id = a.id
                  AND (CAST(?4 AS TEXT) IS NULL OR c.tbl = ?4) AND (CAST(?5 AS TEXT) IS NULL OR c.row_key = ?5))
    ORDER BY a.id DESC LIMIT 1";
/// The latest audit row after a mark (`?1`) with changes of a table and
/// row (`?2`, `?3`), whatever it was about: the trail's rows from the mark.
const LAST_AFTER_MARK: &str = "SELECT a.id, a.actor, a.at, a.action FROM audit a
    WHERE a.id > ?1
      AND EXISTS (SELECT 1 FROM audit_change c WHERE c.audit_id = a.id
                  AND (CAST(?2 AS TEXT) IS NULL OR c.tbl = ?2) AND (CAST(?3 AS TEXT) IS NULL OR c.row_key = ?3))
    ORDER BY a.id DESC LIMIT 1";
/// The updated rows of an audit row's changes of a table and row.
const CHANGED_FIELDS: &str = "SELECT tbl, old, new FROM audit_change
    WHERE audit_id = ?1 AND op = 'update' AND (CAST(?2 AS TEXT) IS NULL OR tbl = ?2)
      AND (CAST(?3 AS TEXT) IS NULL OR row_key = ?3)
    ORDER BY seq";

/// The latest audit row after `since` with changes of `trail`, and the
/// fields it changed there.
fn last_change(db: &Db<'_>, trail: &Trail, since: Opened) -> Result<Option<LastChange>> {
    let key = trail.key.map(|k| Value::Array(vec![Value::from(k)]).to_string());
    let row: Option<(i64, String, String, String)> = match trail.entity {
        Some(entity) => {
            db.query_opt(LAST_OF_ENTITY, &[&entity, &trail.entity_id, &since.0, &trail.table, &key], |r| r.columns())?
        }
        // Only the rows after the mark are read: a form is open for minutes.
        None => db.query_opt(LAST_AFTER_MARK, &[&since.0, &trail.table, &key], |r| r.columns())?,
    };
    let Some((audit_id, actor, at, action)) = row else { return Ok(None) };
    let rows: Vec<(String, Option<String>, Option<String>)> =
        db.query_map(CHANGED_FIELDS, &[&audit_id, &trail.table, &key], |r| r.columns())?;
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

/// The mark a form takes when it opens (see [`Store::opened`]).
pub(crate) fn opened_on(db: &Db<'_>) -> Result<Opened> {
    let id: Option<i64> = db.query_row("SELECT max(id) FROM audit", &[], |r| r.get(0))?;
    Ok(Opened(id.unwrap_or(0)))
}

impl Store {
    /// The mark a form takes when it opens: a later write refuses to
    /// write over what others changed after it.
    pub fn opened(&self) -> Result<Opened> {
        opened_on(&self.db())
    }
}

/// The rechecks on both engines: a colleague's change written on another
/// connection after a form's mark is seen, and the write refused, naming
/// who, when and which fields; a change before the mark, or of another
/// record, lets it through.
#[cfg(test)]
mod on_engines {
    use super::*;
    use crate::store::engine::Intent;
    use crate::store::engine::both::{Place, a_case, on_both_engines, plan, whole_table_reads};

    on_both_engines!(
        a_change_since_the_form_opened_is_seen_and_refused,
        a_refusal_names_the_latest_change_of_its_record,
        a_card_taken_since_the_form_opened_is_named,
        the_trail_is_read_on_its_indexes
    );

    /// One change row of a trail row: table, key, op, old and new JSON.
    type Change<'a> = (&'a str, i64, &'a str, Option<&'a str>, Option<&'a str>);

    /// A trail row by `actor` about `entity` `entity_id`, with its change
    /// rows, as a write leaves it: its id.
    fn trail(db: &Db<'_>, actor: &str, action: &str, entity: (&str, i64), changes: &[Change<'_>]) -> i64 {
        let at = format!("2026-03-17T09:{:02}:00Z", changes.len());
        let id: i64 = db
            .query_row(
                "INSERT INTO audit (at, actor, action, entity, entity_id, detail, prev_hash, hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, '', '', '') RETURNING id",
                &[&at, &actor, &action, &entity.0, &entity.1],
                |r| r.get(0),
            )
            .unwrap();
        for (seq, (tbl, key, op, old, new)) in changes.iter().enumerate() {
            let (seq, key) = (seq as i64, format!("[{key}]"));
            db.execute(
                "INSERT INTO audit_change (audit_id, seq, tbl, row_key, op, old, new) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                &[&id, &seq, tbl, &key, op, old, new],
            )
            .unwrap();
        }
        id
    }

    fn conflict_of(e: StoreError) -> Conflict {
        match e {
            StoreError::Changed(conflict) => *conflict,
            other => panic!("expected a conflict, got {other:?}"),
        }
    }

    fn field(column: &str, before: Option<&str>, after: Option<&str>) -> FieldChange {
        FieldChange {
            table: "cases".into(),
            column: column.into(),
            before: before.map(Into::into),
            after: after.map(Into::into),
        }
    }

    fn a_change_since_the_form_opened_is_seen_and_refused(place: &Place) {
        let anna = place.open();
        let case = a_case(&anna, "anna");
        trail(&anna, "anna", "register_contact", ("case", case), &[("cases", case, "insert", None, Some("{}"))]);
        let opened = opened_on(&anna).unwrap();
        assert!(opened.0 > 0, "the mark is the trail's last row");
        unchanged_since(&anna, Record::Case(case), opened).expect("nothing changed since the mark");

        // Bo, on his own connection, changes the case and adds an event.
        let bo = place.open();
        let old = r#"{"counsellor":"anna","note":"","kind":"own_use"}"#;
        let new = r#"{"counsellor":"bo","note":"ringet 'i går'"}"#;
        trail(
            &bo,
            "bo",
            "reassign_case",
            ("case", case),
            &[("cases", case, "update", Some(old), Some(new)), ("case_events", 40, "insert", None, Some("{}"))],
        );

        // Anna's submit rechecks inside her write, and is refused.
        let tx = anna.transaction(Intent::Write).unwrap();
        let refused = conflict_of(unchanged_since(&tx, Record::Case(case), opened).unwrap_err());
        assert_eq!(refused.record, Record::Case(case));
        assert_eq!(refused.found, Found::Edited);
        let change = refused.change.expect("the trail names the change");
        assert_eq!((change.actor.as_str(), change.action.as_str()), ("bo", "reassign_case"));
        assert_eq!(change.at, "2026-03-17T09:02:00Z");
        assert_eq!(
            change.fields,
            [field("counsellor", Some("anna"), Some("bo")), field("note", Some(""), Some("ringet 'i går'"))],
            "the updated fields, before and after"
        );
        let events = conflict_of(unchanged_since(&tx, Record::CaseEvents(case), opened).unwrap_err());
        assert_eq!(events.change.map(|c| c.fields), Some(vec![]), "an inserted row names no field");
        // Another record of the case, and the case after a later mark, pass.
        unchanged_since(&tx, Record::Child { id: 7, case_id: case }, opened).expect("the child was not changed");
        unchanged_since(&tx, Record::Case(case), opened_on(&tx).unwrap()).expect("nothing since the new mark");
        drop(tx);

        // A citizen's change is found by its row, from whatever case.
        let citizen: i64 =
            anna.query_row("SELECT citizen_id FROM cases WHERE id = ?1", &[&case], |r| r.get(0)).unwrap();
        let opened = opened_on(&anna).unwrap();
        unchanged_since(&anna, Record::Citizen(citizen), opened).unwrap();
        let renamed = (Some(r#"{"name":"Ida Prøvesen"}"#), Some(r#"{"name":"Ida Hansen"}"#));
        trail(&bo, "bo", "change_citizen", ("case", 999), &[("citizens", citizen, "update", renamed.0, renamed.1)]);
        let refused = conflict_of(unchanged_since(&anna, Record::Citizen(citizen), opened).unwrap_err());
        let fields = refused.change.expect("named").fields;
        assert_eq!((fields[0].column.as_str(), fields[0].after.as_deref()), ("name", Some("Ida Hansen")));
        unchanged_since(&anna, Record::Citizen(citizen + 1), opened).expect("another citizen was not changed");
    }

    fn a_refusal_names_the_latest_change_of_its_record(place: &Place) {
        let db = place.open();
        let case = a_case(&db, "anna");
        let closed = NaiveDate::from_ymd_opt(2026, 3, 16).unwrap();
        let found = Found::CaseClosed { on: closed };
        let call = Record::Call { id: 3, case_id: case };
        let none = conflict_of(conflict(&db, call, found.clone(), None));
        assert_eq!((none.record, none.found.clone(), none.change), (call, found.clone(), None), "no trail: no name");

        let closing = (Some(r#"{"closed_on":null}"#), Some(r#"{"closed_on":"2026-03-16"}"#));
        trail(&db, "bo", "record_step", ("case", case), &[("cases", case, "update", closing.0, closing.1)]);
        trail(&db, "cai", "reassign_case", ("case", case + 1), &[("cases", case + 1, "update", None, Some("{}"))]);
        let mark = opened_on(&db).unwrap();
        // A closed case is the case row's change, whatever the write was
        // about; older than the form's mark, it is still the one named.
        for opened in [None, Some(Opened(0)), Some(mark)] {
            let named = conflict_of(conflict(&db, call, found.clone(), opened));
            let change = named.change.expect("the case's change is named");
            assert_eq!((change.actor.as_str(), change.action.as_str()), ("bo", "record_step"), "{opened:?}");
            let closed_on = &change.fields[0];
            assert_eq!((closed_on.before.as_deref(), closed_on.after.as_deref()), (None, Some("2026-03-16")));
        }
        // The call's own trail has no change: its refusal names none.
        let own = conflict_of(conflict(&db, call, Found::CallDone { on: None }, None));
        assert_eq!(own.change, None);
    }

    fn a_card_taken_since_the_form_opened_is_named(place: &Place) {
        let db = place.open();
        let ledger = crate::domain::group::ledger::Ledger::new();
        let corrected = || GroupProblem::Ledger(LedgerError::AlreadyCorrected { id: 5, by: 9 });
        let before = opened_on(&db).unwrap();
        trail(&db, "bo", "roll_call", ("group_session", 2), &[("gift_card_ledger", 9, "insert", None, Some("{}"))]);
        let after = opened_on(&db).unwrap();

        let named = conflict_of(card_refusal(&db, &ledger, corrected(), before));
        assert_eq!(named.record, Record::GiftCard(9));
        assert_eq!(named.found, Found::EntryCorrected { id: 5 });
        assert_eq!(named.change.map(|c| (c.actor, c.action)), Some(("bo".into(), "roll_call".into())));
        // Before the form opened: the ledger's own refusal, as it is.
        assert!(matches!(card_refusal(&db, &ledger, corrected(), after), StoreError::Group(_)));
        // A refusal no colleague's entry causes is the ledger's too.
        assert!(matches!(card_refusal(&db, &ledger, GroupProblem::NotEarned, before), StoreError::Group(_)));
    }

    fn the_trail_is_read_on_its_indexes(place: &Place) {
        let db = place.open();
        let key = "[1]".to_string();
        let (table, entity, zero) = (Some("cases"), "case", 0i64);
        let queries: [(&str, Vec<&dyn crate::store::engine::ToValue>); 3] = [
            (LAST_OF_ENTITY, vec![&entity, &zero, &zero, &table, &key]),
            (LAST_AFTER_MARK, vec![&zero, &table, &key]),
            (CHANGED_FIELDS, vec![&zero, &table, &key]),
        ];
        for (sql, params) in &queries {
            let steps = plan(&db, sql, params);
            assert!(whole_table_reads(&steps).is_empty(), "{sql}\nreads a whole table: {steps:?}");
        }
        let steps = plan(&db, LAST_OF_ENTITY, &queries[0].1);
        assert!(steps.iter().any(|s| s.contains("audit_entity")), "{steps:?}");
    }
}
