//! Follow-up calls after a course has ended: the calls with their
//! attempts, the open ones on the board, and an attempt recorded.

use std::collections::HashMap;

use super::{OPEN_CALLS, day, day_text};
use crate::domain::plan::{CallAttempt, CourseCall, Ending, FollowUpCall, NewAttempt};
use crate::store::access::Viewer;
use crate::store::cases::{enum_id, parse_enum};
use crate::store::conflict::{Found, Record, conflict};
use crate::store::deadlines::DueScope;
use crate::store::engine::{Db, Params, Row};
use crate::store::{Result, Store, StoreError, now_stamp};

/// One call's attempts (index `follow_up_attempts_call`).
pub(super) const CALL_ATTEMPTS: &str =
    "SELECT a.id, a.call_id, a.on_date, a.reached, a.outcome, a.note, a.actor, a.recorded_at
    FROM follow_up_attempts a WHERE a.call_id = ?1 ORDER BY a.id";
/// A case's calls' attempts (the calls' UNIQUE (case_id, months) index, then
/// `follow_up_attempts_call`).
pub(super) const CASE_ATTEMPTS: &str = "SELECT a.id, a.call_id, a.on_date, a.reached, a.outcome, a.note, a.actor,
    a.recorded_at FROM follow_up_calls f JOIN follow_up_attempts a ON a.call_id = f.id
    WHERE f.case_id = ?1 ORDER BY a.call_id, a.id";
/// The attempts at every open call (the partial index `follow_up_calls_open`,
/// then `follow_up_attempts_call`). Asked as a join, SQLite would rather
/// read every attempt in call order than sort the few open calls' own; as
/// a list of the open calls, each call's attempts are read in the order
/// wanted, on either engine.
pub(super) const OPEN_CALL_ATTEMPTS: &str = "SELECT a.id, a.call_id, a.on_date, a.reached, a.outcome, a.note,
    a.actor, a.recorded_at FROM follow_up_attempts a
    WHERE a.call_id IN (SELECT f.id FROM follow_up_calls f WHERE f.done_on IS NULL) ORDER BY a.call_id, a.id";
/// A call (id, case, months, due) as `calls_with` takes it.
const CALL_COLUMNS: &str = "SELECT f.id, f.case_id, f.months, f.due_on FROM follow_up_calls f";

/// A call's row.
type RawCall = (i64, i64, u32, String);

pub(super) fn read_call(r: &Row<'_>) -> crate::store::engine::Result<RawCall> {
    r.columns()
}

/// The calls `tail` selects (after `FROM follow_up_calls f`).
fn call_rows_on(db: &Db<'_>, tail: &str, params: Params<'_>) -> Result<Vec<RawCall>> {
    Ok(db.query_map(&format!("{CALL_COLUMNS} {tail}"), params, read_call)?)
}

/// A course's follow-up calls with their attempts, by months.
pub(crate) fn course_calls_on(db: &Db<'_>, case_id: i64) -> Result<Vec<FollowUpCall>> {
    let rows = call_rows_on(db, "WHERE f.case_id = ?1 ORDER BY f.months, f.id", &[&case_id])?;
    calls_with(rows, attempts_by_call_on(db, CASE_ATTEMPTS, &[&case_id])?)
}

/// One call with its attempts.
pub(crate) fn call_on(db: &Db<'_>, call_id: i64) -> Result<FollowUpCall> {
    let row = call_rows_on(db, "WHERE f.id = ?1", &[&call_id])?
        .pop()
        .ok_or(StoreError::NotFound { what: "opfølgningsopkald", id: call_id })?;
    calls_with(vec![row], attempts_by_call_on(db, CALL_ATTEMPTS, &[&call_id])?)?
        .pop()
        .ok_or(StoreError::NotFound { what: "opfølgningsopkald", id: call_id })
}

/// The attempts `sql` selects (the columns of [`CALL_ATTEMPTS`], ordered
/// by call and id), by call: one query for any number of calls.
pub(crate) fn attempts_by_call_on(
    db: &Db<'_>,
    sql: &str,
    params: Params<'_>,
) -> Result<HashMap<i64, Vec<CallAttempt>>> {
    let rows =
        db.query_map(sql, params, |r| r.columns::<(i64, i64, String, bool, Option<String>, String, String, String)>())?;
    let mut by_call: HashMap<i64, Vec<CallAttempt>> = HashMap::new();
    for (id, call_id, on, reached, outcome, note, actor, recorded_at) in rows {
        by_call.entry(call_id).or_default().push(CallAttempt {
            id,
            call_id,
            on: day(&on)?,
            reached,
            outcome: outcome.as_deref().map(parse_enum).transpose()?,
            note,
            actor,
            recorded_at,
        });
    }
    Ok(by_call)
}

impl Store {
    /// A course's follow-up calls with their attempts, by months.
    pub fn course_calls(&self, case_id: i64) -> Result<Vec<FollowUpCall>> {
        course_calls_on(&self.db(), case_id)
    }

    /// The attempts `sql` selects, by call (see [`attempts_by_call_on`]).
    pub(crate) fn attempts_by_call(&self, sql: &str, params: Params<'_>) -> Result<HashMap<i64, Vec<CallAttempt>>> {
        attempts_by_call_on(&self.db(), sql, params)
    }

    /// The open follow-up calls with their courses, earliest due first.
    /// Uses the partial index `follow_up_calls_open`.
    pub fn open_course_calls(&self, viewer: &Viewer) -> Result<Vec<CourseCall>> {
        Ok(self
            .all_open_course_calls()?
            .into_iter()
            .filter_map(|mut c| {
                c.case = viewer.shown(c.case)?;
                Some(c)
            })
            .collect())
    }

    /// Every open follow-up call, whoever may see it: for `due`, which
    /// says per case what the caller may see.
    pub(crate) fn all_open_course_calls(&self) -> Result<Vec<CourseCall>> {
        self.open_course_calls_in(DueScope::Centre)
    }

    /// The open follow-up calls of the cases in `scope`.
    pub(crate) fn open_course_calls_in(&self, scope: DueScope) -> Result<Vec<CourseCall>> {
        let rows = self.db().query_map(&scope.narrow(OPEN_CALLS, "f.case_id"), &[], read_call)?;
        // The calls' cases, endings and attempts: a query a table (a batch
        // of cases a query), merged here by number, never three a call.
        let mut case_ids: Vec<i64> = rows.iter().map(|row| row.1).collect();
        case_ids.sort_unstable();
        case_ids.dedup();
        let cases = self.case_map(case_ids.iter().copied())?;
        let endings: HashMap<i64, Ending> =
            self.endings_by_case(&case_ids)?.into_iter().map(|e| (e.case_id, e)).collect();
        let attempts = self.attempts_by_call(OPEN_CALL_ATTEMPTS, &[])?;
        calls_with(rows, attempts)?
            .into_iter()
            .map(|call| {
                let ending = endings
                    .get(&call.case_id)
                    .ok_or_else(|| StoreError::Corrupt(format!("opkald til sag {} uden afslutning", call.case_id)))?;
                Ok(CourseCall { case: cases[&call.case_id].clone(), ending: ending.clone(), call })
            })
            .collect()
    }

    /// One call with its course, for the call form.
    pub fn course_call(&self, call_id: i64) -> Result<CourseCall> {
        let call = call_on(&self.db(), call_id)?;
        let case = self.load_case(call.case_id)?;
        let ending = self
            .course_ending(call.case_id)?
            .ok_or_else(|| StoreError::Corrupt(format!("opkald {call_id} uden afslutning")))?;
        Ok(CourseCall { case, ending, call })
    }

    /// Records one attempt at a call; an attempt that reached the citizen
    /// closes the call. Refused if someone else closed it meanwhile.
    pub fn record_call_attempt(&mut self, call_id: i64, attempt: &NewAttempt) -> Result<FollowUpCall> {
        let actor = self.actor().to_string();
        let case_id: i64 = self
            .db()
            .query_opt("SELECT case_id FROM follow_up_calls WHERE id = ?1", &[&call_id], |r| r.get(0))?
            .ok_or(StoreError::NotFound { what: "opfølgningsopkald", id: call_id })?;
        self.write("follow_up_attempt", "case", |db| {
            let done: Option<String> =
                db.query_row("SELECT done_on FROM follow_up_calls WHERE id = ?1", &[&call_id], |r| r.get(0))?;
            if let Some(done) = done {
                let found = Found::CallDone { on: day(&done).ok() };
                return Err(conflict(db, Record::Call { id: call_id, case_id }, found, None));
            }
            insert_attempt(db, None, call_id, attempt, &actor, &now_stamp())?;
            let detail = match attempt.outcome {
                Some(outcome) => format!("opkald {call_id}: {}", enum_id(&outcome)),
                None => format!("opkald {call_id}: ikke truffet"),
            };
            Ok(((), Some(case_id), detail))
        })?;
        Ok(self.course_call(call_id)?.call)
    }
}

/// Calls as read (id, case, months, due) with their attempts by call.
pub(crate) fn calls_with(
    rows: Vec<(i64, i64, u32, String)>,
    mut attempts: HashMap<i64, Vec<CallAttempt>>,
) -> Result<Vec<FollowUpCall>> {
    rows.into_iter()
        .map(|(id, case_id, months, due_on)| {
            let attempts = attempts.remove(&id).unwrap_or_default();
            Ok(FollowUpCall { id, case_id, months, due_on: day(&due_on)?, attempts })
        })
        .collect()
}

/// Inserts an attempt (`id` keeps an imported one; none: the engine's
/// next); one that reached the citizen closes its call.
pub(crate) fn insert_attempt(
    db: &Db<'_>,
    id: Option<i64>,
    call_id: i64,
    a: &NewAttempt,
    actor: &str,
    recorded_at: &str,
) -> Result<()> {
    let (on, outcome) = (day_text(a.on), a.outcome.map(|o| enum_id(&o)));
    let params: [&dyn crate::store::engine::ToValue; 8] =
        [&call_id, &on, &a.reached, &outcome, &a.note, &actor, &recorded_at, &id];
    let columns = "call_id, on_date, reached, outcome, note, actor, recorded_at";
    let values = "?1, ?2, ?3, ?4, ?5, ?6, ?7";
    match id {
        Some(_) => {
            db.execute(&format!("INSERT INTO follow_up_attempts ({columns}, id) VALUES ({values}, ?8)"), &params)?
        }
        None => db.execute(&format!("INSERT INTO follow_up_attempts ({columns}) VALUES ({values})"), &params[..7])?,
    };
    if a.reached {
        db.execute("UPDATE follow_up_calls SET done_on = ?1 WHERE id = ?2", &[&on, &call_id])?;
    }
    Ok(())
}
