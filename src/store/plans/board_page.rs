//! The board read a page at a time: the courses in treatment in start
//! order, by the key of a row shown (never an OFFSET), counted in SQL, the
//! access rule, "only mine" and the search (a name or a case number) in
//! the SQL too, so a page is a few rows read through the index
//! `cases_in_treatment` whatever the caseload. A line holds only what the
//! board draws of it; the whole course is read when its plan is opened.

use chrono::NaiveDate;
use rusqlite::{Row, ToSql};

use super::{day, day_text};
use crate::domain::find::anywhere_pattern;
use crate::store::access::Viewer;
use crate::store::case_find::allowed_sql;
use crate::store::{CaseAction, Result, Store};

/// One board line as the list draws it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardLine {
    pub case_id: i64,
    /// The name or the pseudonym, never the CPR number.
    pub name: String,
    pub counsellor: String,
    pub started_on: NaiveDate,
}

/// A line's place in the start order; a tie goes by the case number.
pub type BoardKey = (NaiveDate, i64);

/// The board as one viewer sees it, with their search: what the pane's
/// keyset window (`app::page`) reads its pages from.
pub struct BoardPages<'a> {
    store: &'a Store,
    /// `?1` the search as a name pattern, `?2` the viewer's user name (as
    /// `allowed_sql` wants it), `?3` the search as a case number.
    condition: String,
    pattern: String,
    user: String,
    number: String,
}

/// The index's own condition, word for word, so SQLite reads the index.
const IN_TREATMENT: &str = "c.treatment_started_on IS NOT NULL AND c.closed_on IS NULL";
const FROM: &str = "FROM cases c JOIN citizens p ON p.id = c.citizen_id";
const LINE: &str = "SELECT c.id, COALESCE(p.pseudonym, p.name, ''), c.counsellor, c.treatment_started_on";
/// A name part anywhere, in any case (the GLOB of `case_find`), or the
/// case number with or without `#`.
const SEARCHED: &str = "(COALESCE(p.pseudonym, p.name, '') GLOB ?1 OR CAST(c.id AS TEXT) = ?3)";

fn read_line(r: &Row<'_>) -> rusqlite::Result<(i64, String, String, String)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
}

impl Store {
    /// The board's pages for `viewer` (with "only mine" in it) and `search`.
    pub fn board_pages(&self, viewer: &Viewer, search: &str) -> BoardPages<'_> {
        let mine = if viewer.counsellor().is_some() { " AND c.counsellor = ?2" } else { "" };
        let allowed = allowed_sql(viewer, CaseAction::List);
        let search = search.trim();
        BoardPages {
            store: self,
            condition: format!("{IN_TREATMENT}{mine} AND ({allowed}) AND {SEARCHED}"),
            pattern: anywhere_pattern(search),
            user: viewer.user.clone(),
            number: search.trim_start_matches('#').to_string(),
        }
    }
}

impl BoardPages<'_> {
    fn lines(&self, tail: &str, extra: &[&dyn ToSql]) -> Result<Vec<BoardLine>> {
        let sql = format!("{LINE} {FROM} WHERE {} {tail}", self.condition);
        let mut params = self.params();
        params.extend_from_slice(extra);
        let mut stmt = self.store.conn().prepare_cached(&sql)?;
        let raw = stmt.query_map(params.as_slice(), read_line)?.collect::<rusqlite::Result<Vec<_>>>()?;
        raw.into_iter()
            .map(|(case_id, name, counsellor, started)| {
                Ok(BoardLine { case_id, name, counsellor, started_on: day(&started)? })
            })
            .collect()
    }

    fn params(&self) -> Vec<&dyn ToSql> {
        vec![&self.pattern, &self.user, &self.number]
    }

    fn counted(&self, tail: &str, extra: &[&dyn ToSql]) -> Result<usize> {
        let sql = format!("SELECT COUNT(*) {FROM} WHERE {} {tail}", self.condition);
        let mut params = self.params();
        params.extend_from_slice(extra);
        let n: i64 = self.store.conn().prepare_cached(&sql)?.query_row(params.as_slice(), |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// The SQL of a page and its parameters, for the plan checks: the page
    /// after a key.
    #[cfg(test)]
    pub(crate) fn page_sql(&self) -> String {
        format!("{LINE} {FROM} WHERE {} {AFTER}", self.condition)
    }

    /// How many lines the board has.
    pub fn count(&self) -> Result<usize> {
        self.counted("", &[])
    }

    /// Up to `n` lines after `key` (from the first when `None`).
    pub fn after(&self, key: Option<&BoardKey>, n: usize) -> Result<Vec<BoardLine>> {
        // No key: from before the first day there is.
        let (from, id) = key.map_or((String::new(), i64::MIN), |(d, id)| (day_text(*d), *id));
        self.lines(AFTER, &[&from, &id, &limit(n)])
    }

    /// Up to `n` lines just before `key` (the last `n` when `None`), in
    /// the board's order.
    pub fn before(&self, key: Option<&BoardKey>, n: usize) -> Result<Vec<BoardLine>> {
        // No key: from after the last day there is ('~' follows the digits).
        let (to, id) = key.map_or(("~".to_string(), i64::MAX), |(d, id)| (day_text(*d), *id));
        let mut lines = self.lines(BEFORE, &[&to, &id, &limit(n)])?;
        lines.reverse();
        Ok(lines)
    }

    /// The line of case `id` and its place on the board, if it is there.
    pub fn locate(&self, id: i64) -> Result<Option<(usize, BoardLine)>> {
        let Some(line) = self.lines("AND c.id = ?4", &[&id])?.pop() else {
            return Ok(None);
        };
        // Its place: how many lines come before it, counted on the index.
        let started = day_text(line.started_on);
        let before = self.counted("AND (c.treatment_started_on, c.id) < (?4, ?5)", &[&started, &line.case_id])?;
        Ok(Some((before, line)))
    }
}

const AFTER: &str = "AND (c.treatment_started_on, c.id) > (?4, ?5) ORDER BY c.treatment_started_on, c.id LIMIT ?6";
const BEFORE: &str =
    "AND (c.treatment_started_on, c.id) < (?4, ?5) ORDER BY c.treatment_started_on DESC, c.id DESC LIMIT ?6";

fn limit(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}
