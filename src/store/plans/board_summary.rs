//! The counts of the board's summary line, in SQL: the courses in
//! treatment, those with a deadline passed, those without a plan, and the
//! follow-up calls due, for one viewer ("only mine" in it, the search
//! aside). One statement on the indexes, whatever the caseload; the board
//! itself is read a page at a time (`board_page`).

use chrono::NaiveDate;
use rusqlite::ToSql;

use super::day_text;
use crate::store::access::Viewer;
use crate::store::case_find::allowed_sql;
use crate::store::{CaseAction, Result, Store};

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

/// `{scope}` the access rule and "only mine" (`?2` the user), `?3` today.
const SUMMARY: &str = "SELECT
    (SELECT COUNT(*) FROM cases c INDEXED BY cases_in_treatment JOIN citizens p ON p.id = c.citizen_id
        WHERE c.treatment_started_on IS NOT NULL AND c.closed_on IS NULL AND {scope}),
    (SELECT COUNT(DISTINCT c.id) FROM cases c INDEXED BY cases_in_treatment JOIN deadlines d ON d.case_id = c.id
        JOIN citizens p ON p.id = c.citizen_id
        WHERE c.treatment_started_on IS NOT NULL AND c.closed_on IS NULL AND {scope}
        AND d.kind IN ('treatment_plan', 'plan_revision', 'first_follow_up', 'action_plan_decision') AND d.due < ?3),
    (SELECT COUNT(*) FROM cases c INDEXED BY cases_in_treatment JOIN deadlines d ON d.case_id = c.id
        JOIN citizens p ON p.id = c.citizen_id
        WHERE c.treatment_started_on IS NOT NULL AND c.closed_on IS NULL AND {scope} AND d.kind = 'treatment_plan'),
    (SELECT COUNT(*) FROM follow_up_calls f JOIN cases c ON c.id = f.case_id JOIN citizens p ON p.id = c.citizen_id
        WHERE f.done_on IS NULL AND f.due_on <= ?3 AND {scope})";

impl Store {
    /// The board's summary for `viewer` on `today`.
    pub fn board_summary(&self, viewer: &Viewer, today: NaiveDate) -> Result<BoardSummary> {
        let mine = if viewer.counsellor().is_some() { " AND c.counsellor = ?2" } else { "" };
        let scope = format!("({}){mine}", allowed_sql(viewer, CaseAction::List));
        let sql = SUMMARY.replace("{scope}", &scope);
        let today = day_text(today);
        // `?1` is not used: the rule's user is `?2` wherever it is.
        let params: [&dyn ToSql; 3] = [&"", &viewer.user, &today];
        let n = |v: i64| usize::try_from(v).unwrap_or(0);
        Ok(self.conn().prepare_cached(&sql)?.query_row(params.as_slice(), |r| {
            Ok(BoardSummary {
                in_treatment: n(r.get(0)?),
                overdue: n(r.get(1)?),
                no_plan: n(r.get(2)?),
                calls_due: n(r.get(3)?),
            })
        })?)
    }
}
