//! The counts of the board's summary line, in SQL: the courses in
//! treatment, those with a deadline passed, those without a plan, and the
//! follow-up calls due, for one viewer ("only mine" in it, the search
//! aside). One statement on the indexes, whatever the caseload; the board
//! itself is read a page at a time (`board_page`).

use chrono::NaiveDate;

use super::day_text;
use crate::store::access::Viewer;
use crate::store::case_find::{citizens_for, scope_sql};
use crate::store::engine::{Db, ToValue};
use crate::store::{Result, Store};

/// What the board's summary line says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BoardSummary {
    pub in_treatment: usize,
    /// Courses in treatment with a plan, revision, first follow-up or
    /// §141 deadline passed.
    pub overdue: usize,
    pub no_plan: usize,
    /// Open follow-up calls due today or before.
    pub calls_due: usize,
}

/// The four counts in one statement, each read from the smallest index
/// that answers it: the courses in treatment from `cases_in_treatment`,
/// (by counsellor for "only mine"), the overdue and planless ones from their deadlines' kinds
/// (`deadlines_kind`, a range of a few hundred rows whatever the history),
/// the calls due from `follow_up_calls_open`. `{cases}` joins what the
/// viewer's scope names (`{scope}`, `?2` the user), `?3` is today. A team
/// leader's scope names nothing: each count then reads its index alone.
const SUMMARY: &str = "SELECT
    (SELECT COUNT(*) FROM cases c INDEXED BY {in_treatment} {citizens}
        WHERE c.treatment_started_on IS NOT NULL AND c.closed_on IS NULL {scope}),
    (SELECT COUNT(DISTINCT d.case_id) FROM deadlines d INDEXED BY deadlines_kind
        JOIN cases c ON c.id = d.case_id {citizens}
        WHERE d.kind IN ('treatment_plan', 'plan_revision', 'first_follow_up', 'action_plan_decision')
        AND d.due < ?3 AND c.treatment_started_on IS NOT NULL AND c.closed_on IS NULL {scope}),
    (SELECT COUNT(*) FROM deadlines d INDEXED BY deadlines_kind JOIN cases c ON c.id = d.case_id {citizens}
        WHERE d.kind = 'treatment_plan' AND c.treatment_started_on IS NOT NULL AND c.closed_on IS NULL {scope}),
    (SELECT COUNT(*) FROM follow_up_calls f INDEXED BY follow_up_calls_open {cases}
        WHERE f.done_on IS NULL AND f.due_on <= ?3 {scope})";

/// The index of the courses in treatment a count of `sql` reads: by
/// counsellor for "only mine"; in the citizens' order, with each case's
/// kind, when it names the citizens (a search, anonymity); else the
/// smallest.
pub(super) fn in_treatment_index(sql: &str) -> &'static str {
    if sql.contains("c.counsellor = ?2") {
        "cases_in_treatment_counsellor"
    } else if citizens_for(sql).is_empty() {
        "cases_in_treatment"
    } else {
        "cases_in_treatment_citizen"
    }
}

/// The summary's SQL for a scope.
pub(super) fn summary_sql(scope: &str) -> String {
    let citizens = citizens_for(scope);
    let cases = if scope.is_empty() { String::new() } else { format!("JOIN cases c ON c.id = f.case_id {citizens}") };
    SUMMARY
        .replace("{in_treatment}", in_treatment_index(scope))
        .replace("{citizens}", citizens)
        .replace("{cases}", &cases)
        .replace("{scope}", scope)
}

impl Store {
    /// The board's summary for `viewer` on `today`.
    pub fn board_summary(&self, viewer: &Viewer, today: NaiveDate) -> Result<BoardSummary> {
        board_summary_on(&self.db(), viewer, today)
    }
}

/// The board's summary (see [`Store::board_summary`]) read through `db`.
pub(crate) fn board_summary_on(db: &Db<'_>, viewer: &Viewer, today: NaiveDate) -> Result<BoardSummary> {
    let sql = summary_sql(&scope_sql(viewer));
    let today = day_text(today);
    // `?1` is not used: the rule's user is `?2` wherever it is.
    let params: [&dyn ToValue; 3] = [&"", &viewer.user, &today];
    let n = |v: i64| usize::try_from(v).unwrap_or(0);
    let (in_treatment, overdue, no_plan, calls_due) = db.query_row(&sql, &params, |r| r.columns())?;
    Ok(BoardSummary {
        in_treatment: n(in_treatment),
        overdue: n(overdue),
        no_plan: n(no_plan),
        calls_due: n(calls_due),
    })
}
