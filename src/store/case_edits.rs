//! Corrections of a case after registration (issue 10): its own fields
//! edited, the case handed to another counsellor, a step undone. Each is
//! one audited write that refuses to write over a colleague's change since
//! the form opened, and each adds an event to the case's history, so the
//! history shows what was corrected, by whom and why; nothing is deleted.

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{Connection, Transaction, params};

use super::access::{actor_on, check_reassign, is_anonymous};
use super::cases::{
    CaseEvent, DATE, DATE_TIME, case_events_on, case_on, enum_id, parse_enum, update_columns, write_progress_change,
};
use super::conflict::{Opened, Record, unchanged_since};
use super::users::User;
use super::{Result, Store, StoreError, now_stamp};
use crate::domain::access::receiver_problem;
use crate::domain::intake::{
    Case, CaseEdit, RecordedStep, Step, StepKind, apply_undo, check_undo_reason, undo_problem,
};

/// An edit of the case's own fields; its reason names the fields changed
/// (`substances,note`: [`crate::domain::intake::EditField`] ids).
pub const EVENT_EDITED: &str = "edited";
/// The parents' consent given after the contact, on the event's day.
pub const EVENT_CONSENT_GIVEN: &str = "parental_consent";
/// A step taken back: `undoes` names its event, the reason says why.
pub const EVENT_UNDONE: &str = "undone";
/// The case handed to `counsellor`.
pub const EVENT_REASSIGNED: &str = "reassigned";

/// The steps of a case's history, each marked when a later event undid it.
pub fn recorded_steps(events: &[CaseEvent]) -> Vec<RecordedStep> {
    let undone: Vec<i64> = events.iter().filter(|e| e.kind == EVENT_UNDONE).filter_map(|e| e.undoes).collect();
    events
        .iter()
        .filter_map(|e| {
            let kind: StepKind = parse_enum(&e.kind).ok()?;
            Some(RecordedStep {
                event_id: e.id,
                step: Step::from_parts(kind, e.on, e.reason.clone(), e.wanted),
                undone: undone.contains(&e.id),
            })
        })
        .collect()
}

fn events_on(conn: &Connection, case_id: i64) -> Result<Vec<CaseEvent>> {
    case_events_on(&super::engine::Db::borrowing(conn), case_id)
}

/// Whether the course has records of its own elsewhere (a plan, an ending,
/// a residential stay) that rest on its start of treatment.
fn course_on_record_on(conn: &Connection, case_id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM plan_versions WHERE case_id = ?1)
                 OR EXISTS (SELECT 1 FROM course_endings WHERE case_id = ?1)
                 OR EXISTS (SELECT 1 FROM stays WHERE case_id = ?1)",
        )?
        .query_row([case_id], |r| r.get(0))?)
}

#[allow(clippy::too_many_arguments)]
fn insert_correction(
    tx: &Transaction<'_>,
    case_id: i64,
    kind: &str,
    on: NaiveDate,
    reason: Option<&str>,
    undoes: Option<i64>,
    counsellor: Option<&str>,
    actor: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO case_events (case_id, kind, on_date, reason, actor, recorded_at, undoes, counsellor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![case_id, kind, on.format(DATE).to_string(), reason, actor, now_stamp(), undoes, counsellor],
    )?;
    Ok(())
}

fn stored_case(tx: &Transaction<'_>, case_id: i64) -> Result<Case> {
    case_on(&super::engine::Db::borrowing(tx), case_id)?.ok_or(StoreError::NotFound { what: "sag", id: case_id })
}

/// Refused when a colleague changed the case's row or added to its
/// history (a step, an edit, a correction) since the form opened.
fn untouched(tx: &Transaction<'_>, case_id: i64, opened: Opened) -> Result<()> {
    unchanged_since(tx, Record::Case(case_id), opened)?;
    unchanged_since(tx, Record::CaseEvents(case_id), opened)
}

impl Store {
    /// The case's history and whether its course has records elsewhere:
    /// what the undo form checks against (not a look: the case is open).
    pub fn undo_facts(&self, case_id: i64) -> Result<(Vec<RecordedStep>, bool)> {
        Ok((recorded_steps(&events_on(self.conn(), case_id)?), course_on_record_on(self.conn(), case_id)?))
    }

    /// The active users who may hold a case (anonymous §101a or not),
    /// by name: whom the handover form offers.
    pub fn case_holders(&self, anonymous: bool) -> Result<Vec<User>> {
        Ok(self
            .users()?
            .into_iter()
            .filter(|u| {
                let actor = crate::domain::access::Actor::User { role: u.role, anonymous_team: u.anonymous_team };
                !u.disabled && receiver_problem(actor, &u.name, "", anonymous).is_none()
            })
            .collect())
    }

    /// Saves a checked edit of a case's own fields (`edit.case` is the case
    /// as it will be), with an `edited` event naming the fields, and a
    /// `parental_consent` event on the day consent was given later.
    /// Refused over a colleague's change since `opened`.
    pub fn edit_case(&mut self, edit: &CaseEdit, today: NaiveDate, opened: Opened) -> Result<Case> {
        let actor = self.actor().to_string();
        let case_id = edit.case.id;
        self.write("edit_case", "case", |tx| {
            let stored = stored_case(tx, case_id)?;
            untouched(tx, case_id, opened)?;
            let new = &edit.case;
            let columns: [(&'static str, Value, bool); 7] = [
                ("kind", Value::from(enum_id(&new.kind)), new.kind != stored.kind),
                ("channel", Value::from(enum_id(&new.channel)), new.channel != stored.channel),
                (
                    "contact_at",
                    Value::from(new.contact_at.format(DATE_TIME).to_string()),
                    new.contact_at != stored.contact_at,
                ),
                ("children", Value::from(enum_id(&new.children)), new.children != stored.children),
                (
                    "parental_consent",
                    Value::from(new.parental_consent),
                    new.parental_consent != stored.parental_consent,
                ),
                ("note", Value::from(new.note.clone()), new.note != stored.note),
                ("referred_young", Value::from(new.referred_young), new.referred_young != stored.referred_young),
            ];
            update_columns(
                &super::engine::Db::borrowing(tx),
                case_id,
                columns.into_iter().filter(|c| c.2).map(|(n, v, _)| (n, v)).collect(),
            )?;
            for gone in stored.substances.iter().filter(|s| !new.substances.contains(s)) {
                tx.execute(
                    "DELETE FROM case_substances WHERE case_id = ?1 AND substance = ?2",
                    params![case_id, enum_id(gone)],
                )?;
            }
            for added in new.substances.iter().filter(|s| !stored.substances.contains(s)) {
                tx.execute(
                    "INSERT INTO case_substances (case_id, substance) VALUES (?1, ?2)",
                    params![case_id, enum_id(added)],
                )?;
            }
            let fields: Vec<&str> = edit.changed.iter().map(|f| f.id()).collect();
            let fields = fields.join(",");
            insert_correction(tx, case_id, EVENT_EDITED, today, Some(&fields), None, None, &actor)?;
            if let Some(on) = edit.consent_given_on {
                insert_correction(tx, case_id, EVENT_CONSENT_GIVEN, on, None, None, None, &actor)?;
            }
            Ok((stored_case(tx, case_id)?, Some(case_id), fields))
        })
    }

    /// Hands case `case_id` to counsellor `to`: its own counsellor or a
    /// team leader may (checked here before the change, for after it the
    /// case is the receiver's), to an active user who works cases (for a
    /// §101a case, on the anonymous team). A share with the receiver is
    /// ended: the case is theirs now. Refused over a colleague's change of
    /// the case since `opened`.
    pub fn reassign_case(&mut self, case_id: i64, to: &str, today: NaiveDate, opened: Opened) -> Result<Case> {
        let actor = self.actor().to_string();
        let to = to.trim().to_string();
        self.write("reassign_case", "case", |tx| {
            let stored = stored_case(tx, case_id)?;
            unchanged_since(tx, Record::Case(case_id), opened)?;
            check_reassign(tx, &actor, &stored)?;
            let receiver = actor_on(tx, &to)?;
            if let Some(problem) = receiver_problem(receiver, &to, &stored.counsellor, is_anonymous(&stored)) {
                return Err(StoreError::Receiver(problem, to.clone()));
            }
            update_columns(&super::engine::Db::borrowing(tx), case_id, vec![("counsellor", Value::from(to.clone()))])?;
            tx.execute("DELETE FROM case_shares WHERE case_id = ?1 AND user_name = ?2", params![case_id, to])?;
            insert_correction(tx, case_id, EVENT_REASSIGNED, today, None, None, Some(&to), &actor)?;
            let detail = format!("{} → {to}", stored.counsellor);
            Ok((stored_case(tx, case_id)?, Some(case_id), detail))
        })
    }

    /// Undoes step event `event_id` of case `case_id` by a correcting
    /// `undone` event with the reason: both stay in the history, and the
    /// case's progress is recomputed from the steps that stand (the
    /// domain's [`undo_problem`] and [`apply_undo`], checked again here
    /// against the history as it stands). Refused over a colleague's
    /// change since `opened`.
    pub fn undo_step(
        &mut self,
        case_id: i64,
        event_id: i64,
        reason: &str,
        today: NaiveDate,
        opened: Opened,
    ) -> Result<Case> {
        let actor = self.actor().to_string();
        let reason = check_undo_reason(reason).map_err(StoreError::Undo)?;
        self.write("undo_step", "case", |tx| {
            let stored = stored_case(tx, case_id)?;
            untouched(tx, case_id, opened)?;
            let history = recorded_steps(&events_on(tx, case_id)?);
            if let Some(problem) = undo_problem(&stored, &history, event_id, course_on_record_on(tx, case_id)?) {
                return Err(StoreError::Undo(problem));
            }
            let mut case = stored.clone();
            apply_undo(&mut case, &history, event_id);
            write_progress_change(&super::engine::Db::borrowing(tx), case_id, &stored.progress, &case.progress)?;
            insert_correction(tx, case_id, EVENT_UNDONE, today, Some(&reason), Some(event_id), None, &actor)?;
            let kind = history.iter().find(|s| s.event_id == event_id).map(|s| enum_id(&s.step.kind()));
            Ok((case, Some(case_id), kind.unwrap_or_default()))
        })
    }
}
