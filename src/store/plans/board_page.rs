//! The board read a page at a time, in each of its orders: the courses in
//! treatment, and after them (when asked) the courses ended since a day,
//! read by the key of a row shown (never an OFFSET), counted in SQL, with
//! the access rule, "only mine" and the search (a name or a case number)
//! in the SQL too. Every order is an index read from the key (migration
//! 18): urgency on the course's plan or revision deadline as stored in
//! `deadlines`, start on `cases_in_treatment`, case number on the table
//! itself, counsellor and name on their own indexes. A page is a few rows
//! whatever the caseload, and only its courses are read in full.

use chrono::NaiveDate;
use rusqlite::types::Value;

use super::board_summary::in_treatment_index;
use super::courses::page_courses_on;
use super::day_text;
use crate::domain::find::anywhere_pattern;
use crate::domain::plan::{BoardSort, Course};
use crate::store::access::Viewer;
use crate::store::case_find::{SEARCHED, citizens_for, scope_sql};
use crate::store::cases::query_cases_on;
use crate::store::engine::{Db, Row, ToValue, parameter_count};
use crate::store::{Result, Store};

#[cfg(test)]
mod on_engines;

/// One board line: its course (a page's worth are read) and its place.
#[derive(Debug, Clone, PartialEq)]
pub struct BoardLine {
    pub key: BoardKey,
    pub course: Course,
}

/// A line's place on the board: its part (in treatment, then ended), its
/// value in the order, and the ids that break a tie.
#[derive(Debug, Clone, PartialEq)]
pub struct BoardKey {
    pub ended: bool,
    pub value: Value,
    /// The citizen in the name order (a citizen's cases go together),
    /// else the case.
    pub tie: i64,
    pub case_id: i64,
}

/// One part of the board in one order, as SQL. `?4`, `?5`, `?6` are a
/// key's value, tie and case; `?7` a page's length.
struct Order {
    /// The tables for a page, read in the order's index from the key.
    from: &'static str,
    /// The tables for a count: from the part's own small index.
    count_from: &'static str,
    /// The tables for one case, found by its number.
    lookup: &'static str,
    /// What narrows the tables to the part, word for word the index's.
    part: &'static str,
    value: &'static str,
    tie: &'static str,
    after: &'static str,
    before: &'static str,
    forward: &'static str,
    backward: &'static str,
}

/// `{citizens}` is the citizens' join where the statement names them
/// (`case_find::citizens_for`): the name order, the search, a rule that
/// turns on anonymity. Elsewhere a count reads the cases' index alone.
const CASES: &str = "cases c {citizens}";
/// `{in_treatment}` the index a count reads (`in_treatment_index`).
const CASES_COUNTED: &str = "cases c INDEXED BY {in_treatment} {citizens}";
/// The index's own condition, word for word, so SQLite reads the index.
const IN_TREATMENT: &str = "c.treatment_started_on IS NOT NULL AND c.closed_on IS NULL";
/// A course's plan deadline (no plan yet) or revision deadline: each
/// course in treatment has one, and the partial index `deadlines_board`
/// holds them.
const PLAN_KINDS: &str = "c.treatment_started_on IS NOT NULL AND c.closed_on IS NULL
    AND d.kind IN ('treatment_plan', 'plan_revision')";
const NAME: &str = "lower(COALESCE(p.pseudonym, p.name, ''))";

fn order(sort: BoardSort) -> Order {
    match sort {
        BoardSort::Urgency => Order {
            from: "deadlines d INDEXED BY deadlines_board JOIN cases c ON c.id = d.case_id {citizens}",
            count_from: "cases c INDEXED BY {in_treatment}
                JOIN deadlines d INDEXED BY deadlines_board_case ON d.case_id = c.id {citizens}",
            lookup: "cases c JOIN deadlines d ON d.case_id = c.id {citizens}",
            part: PLAN_KINDS,
            value: "d.due",
            tie: "c.id",
            after: "(d.due, d.case_id) > (?4, ?6)",
            before: "(d.due, d.case_id) < (?4, ?6)",
            forward: "d.due, d.case_id",
            backward: "d.due DESC, d.case_id DESC",
        },
        BoardSort::Case => Order {
            from: "cases c NOT INDEXED {citizens}",
            count_from: CASES_COUNTED,
            lookup: CASES,
            part: IN_TREATMENT,
            value: "c.id",
            tie: "c.id",
            after: "c.id > ?6",
            before: "c.id < ?6",
            forward: "c.id",
            backward: "c.id DESC",
        },
        BoardSort::Name => Order {
            from: "citizens p INDEXED BY citizens_display_name CROSS JOIN cases c ON c.citizen_id = p.id",
            count_from: CASES_COUNTED,
            lookup: CASES,
            part: IN_TREATMENT,
            value: NAME,
            tie: "p.id",
            after: "lower(COALESCE(p.pseudonym, p.name, '')) >= ?4
                AND (lower(COALESCE(p.pseudonym, p.name, '')), p.id, c.id) > (?4, ?5, ?6)",
            before: "lower(COALESCE(p.pseudonym, p.name, '')) <= ?4
                AND (lower(COALESCE(p.pseudonym, p.name, '')), p.id, c.id) < (?4, ?5, ?6)",
            forward: "lower(COALESCE(p.pseudonym, p.name, '')), p.id, c.id",
            backward: "lower(COALESCE(p.pseudonym, p.name, '')) DESC, p.id DESC, c.id DESC",
        },
        BoardSort::Counsellor => Order {
            from: "cases c INDEXED BY cases_in_treatment_by_counsellor {citizens}",
            count_from: CASES_COUNTED,
            lookup: CASES,
            part: IN_TREATMENT,
            value: "c.counsellor",
            tie: "c.id",
            after: "(c.counsellor, c.id) > (?4, ?6)",
            before: "(c.counsellor, c.id) < (?4, ?6)",
            forward: "c.counsellor, c.id",
            backward: "c.counsellor DESC, c.id DESC",
        },
        BoardSort::Start => Order {
            from: CASES,
            count_from: CASES_COUNTED,
            lookup: CASES,
            part: IN_TREATMENT,
            value: "c.treatment_started_on",
            tie: "c.id",
            after: "(c.treatment_started_on, c.id) > (?4, ?6)",
            before: "(c.treatment_started_on, c.id) < (?4, ?6)",
            forward: "c.treatment_started_on, c.id",
            backward: "c.treatment_started_on DESC, c.id DESC",
        },
    }
}

/// The ended courses, after those in treatment whatever the order: the
/// most recently ended first (a tie: the higher case number first).
const ENDED: Order = Order {
    from: "course_endings e INDEXED BY course_endings_ended JOIN cases c ON c.id = e.case_id {citizens}",
    count_from: "course_endings e JOIN cases c ON c.id = e.case_id {citizens}",
    lookup: "course_endings e JOIN cases c ON c.id = e.case_id {citizens}",
    part: "",
    value: "e.ended_on",
    tie: "c.id",
    after: "(e.ended_on, e.case_id) < (?4, ?6)",
    before: "(e.ended_on, e.case_id) > (?4, ?6)",
    forward: "e.ended_on DESC, e.case_id DESC",
    backward: "e.ended_on, e.case_id",
};

/// A statement of the board with its tables filled in: the citizens joined
/// where it names them, the index of the courses in treatment its count reads.
fn filled(sql: &str) -> String {
    sql.replace("{citizens}", citizens_for(sql)).replace("{in_treatment}", in_treatment_index(sql))
}

/// The parameters a statement uses: its numbered parameters are the first
/// of the board's (`?1`–`?3`, then a key's), and one that names neither
/// the search nor the user (a team leader's whole board) uses fewer. One
/// below the largest that it leaves out is sent all the same (the engine
/// seam sends it as NULL to PostgreSQL).
fn used<'p>(sql: &str, params: &[&'p dyn ToValue]) -> Vec<&'p dyn ToValue> {
    params[..parameter_count(sql).min(params.len())].to_vec()
}

/// A key as a page's statement reads it: value, tie, case.
fn read_key(ended: bool) -> impl Fn(&Row<'_>) -> crate::store::engine::Result<BoardKey> {
    move |r| Ok(BoardKey { ended, value: r.get(0)?, tie: r.get(1)?, case_id: r.get(2)? })
}

/// The board as one viewer sees it, with their search and order: what the
/// pane's keyset window (`app::page`) reads its pages from.
pub struct BoardPages<'a> {
    db: Db<'a>,
    viewer: Viewer,
    sort: BoardSort,
    /// The condition every part shares, to add with `AND` (empty for a
    /// team leader's whole board): `?1` the search as a name pattern,
    /// `?2` the viewer's user name (as `allowed_sql` wants it), `?3` the
    /// search as a case number.
    shared: String,
    /// The ended part's own condition, when ended courses are shown.
    ended: Option<String>,
    pattern: String,
    user: String,
    number: String,
}

impl Store {
    /// The board's pages for `viewer` (with "only mine" in it), `search`
    /// and `sort`; with the courses ended on or after `ended_since` last.
    pub fn board_pages(
        &self,
        viewer: &Viewer,
        search: &str,
        sort: BoardSort,
        ended_since: Option<NaiveDate>,
    ) -> BoardPages<'_> {
        board_pages_on(self.db(), viewer, search, sort, ended_since)
    }
}

/// The board's pages (see [`Store::board_pages`]) read through `db`.
pub(crate) fn board_pages_on<'a>(
    db: Db<'a>,
    viewer: &Viewer,
    search: &str,
    sort: BoardSort,
    ended_since: Option<NaiveDate>,
) -> BoardPages<'a> {
    let search = search.trim();
    let mut shared = scope_sql(viewer);
    if !search.is_empty() {
        shared.push_str(" AND ");
        shared.push_str(SEARCHED);
    }
    BoardPages {
        db,
        viewer: viewer.clone(),
        sort,
        shared,
        // A day's text is digits and dashes: safe in the SQL, and there
        // the index range sees it.
        ended: ended_since.map(|d| format!("e.ended_on >= '{}'", day_text(d))),
        pattern: anywhere_pattern(search),
        user: viewer.user.clone(),
        number: search.trim_start_matches('#').to_string(),
    }
}

impl BoardPages<'_> {
    fn parts(&self) -> impl Iterator<Item = (bool, Order, String)> + '_ {
        let active = order(self.sort);
        let active_where = format!("{}{}", active.part, self.shared);
        let ended = self.ended.as_ref().map(|e| (true, ENDED, format!("{e}{}", self.shared)));
        std::iter::once((false, active, active_where)).chain(ended)
    }

    fn part(&self, ended: bool) -> Option<(Order, String)> {
        self.parts().find(|(e, ..)| *e == ended).map(|(_, o, w)| (o, w))
    }

    fn params<'p>(&'p self, key: Option<&'p BoardKey>, limit: &'p i64) -> Vec<&'p dyn ToValue> {
        let mut params: Vec<&dyn ToValue> = vec![&self.pattern, &self.user, &self.number];
        if let Some(k) = key {
            params.extend([&k.value as &dyn ToValue, &k.tie, &k.case_id, limit]);
        }
        params
    }

    /// The keys of up to `n` lines of a part, from `key` on (`forward`) or
    /// back, in the order read.
    fn keys(&self, ended: bool, key: Option<&BoardKey>, n: usize, forward: bool) -> Result<Vec<BoardKey>> {
        let Some((o, condition)) = self.part(ended) else { return Ok(Vec::new()) };
        let from_key = match (key, forward) {
            (None, _) => String::new(),
            (Some(_), true) => format!("AND {}", o.after),
            (Some(_), false) => format!("AND {}", o.before),
        };
        let by = if forward { o.forward } else { o.backward };
        let limit = i64::try_from(n).unwrap_or(i64::MAX);
        // Without a key, `?4`–`?6` stand for nothing and the limit is `?4`.
        let (sql, params) = match key {
            Some(k) => (
                format!(
                    "SELECT {}, {}, c.id FROM {} WHERE {condition} {from_key} ORDER BY {by} LIMIT ?7",
                    o.value, o.tie, o.from
                ),
                self.params(Some(k), &limit),
            ),
            None => {
                let mut params = self.params(None, &limit);
                params.push(&limit);
                (
                    format!(
                        "SELECT {}, {}, c.id FROM {} WHERE {condition} ORDER BY {by} LIMIT ?4",
                        o.value, o.tie, o.from
                    ),
                    params,
                )
            }
        };
        let sql = filled(&sql);
        Ok(self.db.query_map(&sql, &used(&sql, &params), read_key(ended))?)
    }

    /// The lines of `keys`, in their order: the page's courses read in a
    /// fixed number of queries.
    fn lines(&self, keys: Vec<BoardKey>) -> Result<Vec<BoardLine>> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<i64> = keys.iter().map(|k| k.case_id).collect();
        let marks = vec!["?"; ids.len()].join(",");
        let params: Vec<&dyn ToValue> = ids.iter().map(|id| id as &dyn ToValue).collect();
        let cases = query_cases_on(&self.db, &format!("WHERE c.id IN ({marks})"), &params)?;
        let shown = cases.into_iter().filter_map(|c| self.viewer.shown(c)).collect();
        let mut courses = page_courses_on(&self.db, shown)?;
        Ok(keys
            .into_iter()
            .filter_map(|key| {
                let at = courses.iter().position(|c| c.case.id == key.case_id)?;
                Some(BoardLine { key, course: courses.swap_remove(at) })
            })
            .collect())
    }

    fn counted(&self, ended: bool, before: Option<&BoardKey>) -> Result<usize> {
        let Some((o, condition)) = self.part(ended) else { return Ok(0) };
        let limit = 0;
        let (sql, params) = match before {
            Some(k) => (
                format!("SELECT COUNT(*) FROM {} WHERE {condition} AND {}", o.count_from, o.before),
                self.params(Some(k), &limit)[..6].to_vec(),
            ),
            None => (format!("SELECT COUNT(*) FROM {} WHERE {condition}", o.count_from), self.params(None, &limit)),
        };
        let sql = filled(&sql);
        let n: i64 = self.db.query_row(&sql, &used(&sql, &params), |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// The SQL of a page after a key in the part, for the plan checks.
    #[cfg(test)]
    pub(crate) fn page_sql(&self, ended: bool) -> String {
        let (o, condition) = self.part(ended).expect("the part is shown");
        let sql = format!(
            "SELECT {}, {}, c.id FROM {} WHERE {condition} AND {} ORDER BY {} LIMIT ?7",
            o.value, o.tie, o.from, o.after, o.forward
        );
        filled(&sql)
    }

    /// The SQL of the count of the lines in treatment, for the plan checks.
    #[cfg(test)]
    pub(crate) fn count_sql(&self) -> String {
        let (o, condition) = self.part(false).expect("the part is shown");
        let sql = format!("SELECT COUNT(*) FROM {} WHERE {condition}", o.count_from);
        filled(&sql)
    }

    /// How many lines the board has.
    pub fn count(&self) -> Result<usize> {
        Ok(self.counted(false, None)? + self.counted(true, None)?)
    }

    /// Up to `n` lines after `key` (from the first when `None`).
    pub fn after(&self, key: Option<&BoardKey>, n: usize) -> Result<Vec<BoardLine>> {
        let mut keys = if key.is_some_and(|k| k.ended) { Vec::new() } else { self.keys(false, key, n, true)? };
        if keys.len() < n {
            // On into the ended courses, from their first or from the key.
            let from = key.filter(|k| k.ended);
            keys.extend(self.keys(true, from, n - keys.len(), true)?);
        }
        self.lines(keys)
    }

    /// Up to `n` lines just before `key` (the last `n` when `None`), in
    /// the board's order.
    pub fn before(&self, key: Option<&BoardKey>, n: usize) -> Result<Vec<BoardLine>> {
        let in_ended = key.is_none_or(|k| k.ended);
        let mut keys = if in_ended { self.keys(true, key, n, false)? } else { Vec::new() };
        if keys.len() < n {
            // Back into the courses in treatment, from their last or the key.
            let from = key.filter(|k| !k.ended);
            keys.extend(self.keys(false, from, n - keys.len(), false)?);
        }
        keys.reverse();
        self.lines(keys)
    }

    /// The line of case `id` and its place on the board, if it is there.
    pub fn locate(&self, id: i64) -> Result<Option<(usize, BoardLine)>> {
        for ended in [false, true] {
            let Some((o, condition)) = self.part(ended) else { continue };
            let sql = format!("SELECT {}, {}, c.id FROM {} WHERE {condition} AND c.id = ?4", o.value, o.tie, o.lookup);
            let mut params = self.params(None, &0);
            params.push(&id);
            let sql = filled(&sql);
            let Some(key) = self.db.query_opt(&sql, &used(&sql, &params), read_key(ended))? else { continue };
            // Its place: how many lines come before it, counted on the index.
            let mut at = self.counted(ended, Some(&key))?;
            if ended {
                at += self.counted(false, None)?;
            }
            return Ok(self.lines(vec![key])?.pop().map(|line| (at, line)));
        }
        Ok(None)
    }
}
