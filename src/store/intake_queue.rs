//! Indtag's queue read a page at a time: the open intake cases in the
//! queue's order (`domain::intake::build_queue`: running guarantees by days
//! left, overdue first, then clocks not started, then contacts without a
//! guarantee, then waived ones, each by contact time), read by the key of
//! a line shown (never an OFFSET) on an index of that order (migration
//! 22), counted in SQL, with the access rule, "only mine" and the search
//! (name, pseudonym or case number) in the SQL too. A page is a screen's
//! cases whatever the queue's length; its lines are made queue entries
//! (guarantee, doctor, flags) by the domain, as before.

use chrono::NaiveDate;

use super::access::Viewer;
use super::case_find::{SEARCHED, citizens_for, scope_sql};
use super::cases::cases_by_id_on;
use super::children::day_text;
use super::engine::{Db, Engine, Row, ToValue, parameter_count};
use super::{Result, Store};
use crate::domain::dates;
use crate::domain::find::anywhere_pattern;
use crate::domain::intake::Case;
use crate::domain::policy::{ClockStart, IntakePolicy};

/// A line's place in the queue: its part of the guarantee (0 running,
/// 1 clock not started, 2 no guarantee, 3 waived), the day its clock
/// started ('' outside a running part, or when the first contact starts
/// it: the contact time orders those days), the contact time and the case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueKey {
    pub bucket: i64,
    pub clock: String,
    pub contact_at: String,
    pub case_id: i64,
}

/// One line read: its place and its case (CPR number off when the viewer
/// may only list it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueLine {
    pub key: QueueKey,
    pub case: Case,
}

/// The counts of the queue's summary line, for the viewer's whole queue
/// (the search aside).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueSummary {
    pub open: usize,
    pub overdue: usize,
    pub due_today: usize,
    pub new: usize,
    pub awaiting_visitation: usize,
}

#[cfg(test)]
#[path = "intake_queue_on_engines.rs"]
mod on_engines;

/// The guarantee's part of a case as SQL over `cases`, and the day its
/// clock started, for each way a profile starts the clock. The columns are
/// unqualified (no citizens' column shares their names) so that the text
/// is the index's of migration 23, word for word.
const BUCKET_FIRST_CONTACT: &str = "CASE WHEN kind NOT IN ('own_use', 'young') OR referred_young THEN 2
            WHEN free_choice_on IS NOT NULL THEN 3 ELSE 0 END";
const BUCKET_CONSENT: &str = "CASE WHEN kind NOT IN ('own_use', 'young') OR referred_young THEN 2
            WHEN free_choice_on IS NOT NULL THEN 3 WHEN consent_on IS NULL THEN 1 ELSE 0 END";
const CLOCK_CONSENT: &str =
    "CASE WHEN kind NOT IN ('own_use', 'young') OR referred_young OR free_choice_on IS NOT NULL THEN ''
            ELSE COALESCE(consent_on, '') END";
/// The same on PostgreSQL, as its baseline indexes them: an integer has no
/// truth there, so `referred_young` is compared. The two engines' indexes
/// differ in this word, so their texts do.
const PG_BUCKET_FIRST_CONTACT: &str = "CASE WHEN kind NOT IN ('own_use', 'young') OR referred_young <> 0 THEN 2
            WHEN free_choice_on IS NOT NULL THEN 3 ELSE 0 END";
const PG_BUCKET_CONSENT: &str = "CASE WHEN kind NOT IN ('own_use', 'young') OR referred_young <> 0 THEN 2
            WHEN free_choice_on IS NOT NULL THEN 3 WHEN consent_on IS NULL THEN 1 ELSE 0 END";
const PG_CLOCK_CONSENT: &str =
    "CASE WHEN kind NOT IN ('own_use', 'young') OR referred_young <> 0 OR free_choice_on IS NOT NULL THEN ''
            ELSE COALESCE(consent_on, '') END";
/// The open cases by citizen, with every column the order and the access
/// rule read (migration 23).
const SEARCH_INDEX: &str = "cases_intake_open_citizen";
/// The partial indexes' condition, word for word.
const OPEN: &str = "c.treatment_started_on IS NULL AND c.closed_on IS NULL";

/// The queue's order for a profile's clock as SQL: the index it reads,
/// the terms of the order with the parameters of a key's values, and the
/// started clock's day (for the counts of the summary).
struct Order {
    index: &'static str,
    bucket: &'static str,
    /// `None` when the contact time orders the running part by itself.
    clock: Option<&'static str>,
    clock_day: &'static str,
}

fn order(clock: ClockStart, engine: Engine) -> Order {
    let postgres = engine == Engine::Postgres;
    match clock {
        ClockStart::FirstContact => Order {
            index: "cases_intake_queue_first_contact",
            bucket: if postgres { PG_BUCKET_FIRST_CONTACT } else { BUCKET_FIRST_CONTACT },
            clock: None,
            clock_day: "substr(c.contact_at, 1, 10)",
        },
        ClockStart::Consent => Order {
            index: "cases_intake_queue_consent",
            bucket: if postgres { PG_BUCKET_CONSENT } else { BUCKET_CONSENT },
            clock: Some(if postgres { PG_CLOCK_CONSENT } else { CLOCK_CONSENT }),
            clock_day: "c.consent_on",
        },
    }
}

/// Where a page of the queue starts: at the queue's top (or bottom), in
/// the key's own part after (or before) the key, or in the parts beyond it.
/// A key is read as two ranges because SQLite reads a row value on the
/// index only for plain columns after an equal part: the part is an
/// equality, its first term a bound, and the rest follows.
#[derive(Clone, Copy)]
enum PageFrom {
    End,
    KeysPart,
    Beyond,
}

impl Order {
    /// The order's terms within a part, each with the parameter of its
    /// value in a key (`?5`–`?7`; the part's is `?4`).
    fn terms(&self) -> Vec<(&str, &'static str)> {
        let mut terms: Vec<(&str, &str)> = self.clock.map(|c| (c, "?5")).into_iter().collect();
        terms.extend([("c.contact_at", "?6"), ("c.id", "?7")]);
        terms
    }

    /// The rows after the key (`forward`) or before it.
    fn from(&self, from: PageFrom, forward: bool) -> String {
        let (op, bound) = if forward { (">", ">=") } else { ("<", "<=") };
        match from {
            PageFrom::End => String::new(),
            PageFrom::Beyond => format!("AND {} {op} ?4", self.bucket),
            PageFrom::KeysPart => {
                let (terms, params): (Vec<&str>, Vec<&str>) = self.terms().into_iter().unzip();
                format!(
                    "AND {} = ?4 AND {} {bound} {} AND ({}) {op} ({})",
                    self.bucket,
                    terms[0],
                    params[0],
                    terms.join(", "),
                    params.join(", ")
                )
            }
        }
    }

    /// The order of a page; within the key's part, whose value is fixed,
    /// without the part (SQLite then sees the index's order).
    fn by(&self, from: PageFrom, forward: bool) -> String {
        let dir = if forward { "" } else { " DESC" };
        let part = (!matches!(from, PageFrom::KeysPart)).then_some(self.bucket);
        let terms = part.into_iter().chain(self.terms().into_iter().map(|(t, _)| t));
        terms.map(|t| format!("{t}{dir}")).collect::<Vec<_>>().join(", ")
    }

    fn select(&self) -> String {
        format!("{}, {}, c.contact_at, c.id", self.bucket, self.clock.unwrap_or("''"))
    }
}

/// The queue as one viewer sees it, with their search: what the pane's
/// keyset window (`app::page`) reads its pages from.
pub struct QueuePages<'a> {
    db: Db<'a>,
    viewer: Viewer,
    order: Order,
    /// The viewer's scope and the search, to add with `AND`: `?1` the
    /// search as a name pattern, `?2` the user, `?3` the search as a case
    /// number.
    condition: String,
    searched: bool,
    pattern: String,
    number: String,
}

/// The first of `params` up to the largest a statement names: every
/// statement numbers its parameters as `QueuePages::params` does, and uses
/// some of them (the seam sends one left out below the largest as NULL).
fn used<'p>(sql: &str, params: &[&'p dyn ToValue]) -> Vec<&'p dyn ToValue> {
    params[..parameter_count(sql).min(params.len())].to_vec()
}

/// How many of the rows read match `condition`, 0 of none.
fn counted_where(condition: &str) -> String {
    format!("coalesce(sum(CASE WHEN {condition} THEN 1 ELSE 0 END), 0)")
}

/// The summary's statement for a clock and the viewer's scope (`?2` the
/// user, `?4` the day whose started clocks fall due today): one pass over
/// the open intake cases.
fn summary_sql(clock: ClockStart, scope: &str, engine: Engine) -> String {
    let o = order(clock, engine);
    let (bucket, day) = (o.bucket, o.clock_day);
    let before_consent = "c.free_choice_on IS NULL AND c.referred_young = 0 AND c.consent_on IS NULL";
    format!(
        "SELECT COUNT(*), {}, {}, {}, {}
        FROM cases c INDEXED BY {index} {citizens} WHERE {OPEN} {scope}",
        counted_where(&format!("{bucket} = 0 AND {day} < ?4")),
        counted_where(&format!("{bucket} = 0 AND {day} = ?4")),
        counted_where(&format!("{before_consent} AND c.visitation_on IS NULL")),
        counted_where(&format!("{before_consent} AND c.visitation_on IS NOT NULL")),
        index = if scope.contains("c.counsellor = ?2") { "cases_intake_open_counsellor" } else { "cases_intake_open" },
        citizens = citizens_for(scope),
    )
}

impl Store {
    /// The intake queue's pages for `viewer` (with "only mine" in it) and
    /// `search`, in the order of the profile's clock.
    pub fn intake_queue_pages(&self, viewer: &Viewer, search: &str, clock: ClockStart) -> QueuePages<'_> {
        intake_queue_pages_on(self.db(), viewer, search, clock)
    }

    /// The queue's summary for `viewer` on `today`: one statement over the
    /// open intake cases.
    pub fn intake_queue_summary(
        &self,
        viewer: &Viewer,
        policy: &IntakePolicy,
        today: NaiveDate,
    ) -> Result<QueueSummary> {
        intake_queue_summary_on(&self.db(), viewer, policy, today)
    }
}

/// The queue's pages (see [`Store::intake_queue_pages`]) read through `db`.
pub(crate) fn intake_queue_pages_on<'a>(
    db: Db<'a>,
    viewer: &Viewer,
    search: &str,
    clock: ClockStart,
) -> QueuePages<'a> {
    let search = search.trim();
    let mut condition = scope_sql(viewer);
    if !search.is_empty() {
        condition.push_str(" AND ");
        condition.push_str(SEARCHED);
    }
    QueuePages {
        order: order(clock, db.engine()),
        db,
        viewer: viewer.clone(),
        condition,
        searched: !search.is_empty(),
        pattern: anywhere_pattern(search),
        number: search.trim_start_matches('#').to_string(),
    }
}

/// The queue's summary (see [`Store::intake_queue_summary`]) read through `db`.
pub(crate) fn intake_queue_summary_on(
    db: &Db<'_>,
    viewer: &Viewer,
    policy: &IntakePolicy,
    today: NaiveDate,
) -> Result<QueueSummary> {
    let sql = summary_sql(policy.clock_starts, &scope_sql(viewer), db.engine());
    // A running deadline is passed when its clock started before this
    // day, and falls today when it started on it.
    let cut = day_text(dates::add_days(today, -i64::from(policy.guarantee_days)));
    let params: [&dyn ToValue; 4] = [&"", &viewer.user, &"", &cut];
    let n = |v: i64| usize::try_from(v).unwrap_or(0);
    Ok(db.query_row(&sql, &used(&sql, &params), |r| {
        Ok(QueueSummary {
            open: n(r.get(0)?),
            overdue: n(r.get(1)?),
            due_today: n(r.get(2)?),
            new: n(r.get(3)?),
            awaiting_visitation: n(r.get(4)?),
        })
    })?)
}

/// A key as a page's statement reads it: part, clock, contact, case.
fn read_key(r: &Row<'_>) -> crate::store::engine::Result<QueueKey> {
    Ok(QueueKey { bucket: r.get(0)?, clock: r.get(1)?, contact_at: r.get(2)?, case_id: r.get(3)? })
}

impl QueuePages<'_> {
    /// The `FROM … WHERE …` of a page: the order's index over the open
    /// cases, the citizens joined where the condition names them.
    fn tables(&self) -> String {
        self.tables_in(self.order.index)
    }

    /// The `FROM … WHERE …` of a count. A search's count reads every open
    /// case's citizen: in the citizens' order, from an index that holds
    /// all the rest asks of a case, so no case row is read.
    fn counted_tables(&self) -> String {
        self.tables_in(if self.searched { SEARCH_INDEX } else { self.order.index })
    }

    fn tables_in(&self, index: &str) -> String {
        let citizens = citizens_for(&self.condition);
        format!("FROM cases c INDEXED BY {index} {citizens} WHERE {OPEN} {}", self.condition)
    }

    fn params<'p>(&'p self, key: Option<&'p QueueKey>, limit: &'p i64) -> Vec<&'p dyn ToValue> {
        const NONE: Option<i64> = None;
        let mut params: Vec<&dyn ToValue> = vec![&self.pattern, &self.viewer.user, &self.number];
        match key {
            Some(k) => params.extend([&k.bucket as &dyn ToValue, &k.clock, &k.contact_at, &k.case_id]),
            None => params.extend([&NONE as &dyn ToValue; 4]),
        }
        params.push(limit);
        params
    }

    fn page_sql(&self, from: PageFrom, forward: bool) -> String {
        format!(
            "SELECT {} {} {} ORDER BY {} LIMIT ?8",
            self.order.select(),
            self.tables(),
            self.order.from(from, forward),
            self.order.by(from, forward)
        )
    }

    /// The count of the whole queue, or of the lines before a key.
    fn count_sql(&self, before_key: bool) -> String {
        let tables = self.counted_tables();
        if before_key {
            let (beyond, part) = (self.order.from(PageFrom::Beyond, false), self.order.from(PageFrom::KeysPart, false));
            format!("SELECT (SELECT COUNT(*) {tables} {beyond}) + (SELECT COUNT(*) {tables} {part})")
        } else {
            format!("SELECT COUNT(*) {tables}")
        }
    }

    fn page(&self, from: PageFrom, key: Option<&QueueKey>, n: usize, forward: bool) -> Result<Vec<QueueKey>> {
        let limit = i64::try_from(n).unwrap_or(i64::MAX);
        let sql = self.page_sql(from, forward);
        Ok(self.db.query_map(&sql, &used(&sql, &self.params(key, &limit)), read_key)?)
    }

    /// The keys of up to `n` lines from `key` on (`forward`) or back, in
    /// the order read: the rest of the key's part, then the parts beyond.
    fn keys(&self, key: Option<&QueueKey>, n: usize, forward: bool) -> Result<Vec<QueueKey>> {
        if key.is_none() {
            return self.page(PageFrom::End, None, n, forward);
        }
        let mut keys = self.page(PageFrom::KeysPart, key, n, forward)?;
        if keys.len() < n {
            keys.extend(self.page(PageFrom::Beyond, key, n - keys.len(), forward)?);
        }
        Ok(keys)
    }

    /// The lines of `keys`, in their order: the page's cases read in one
    /// query by their numbers.
    fn lines(&self, keys: Vec<QueueKey>) -> Result<Vec<QueueLine>> {
        let ids: Vec<i64> = keys.iter().map(|k| k.case_id).collect();
        let mut cases = cases_by_id_on(&self.db, &ids)?;
        Ok(keys
            .into_iter()
            .filter_map(|key| {
                let at = cases.iter().position(|c| c.id == key.case_id)?;
                let case = self.viewer.shown(cases.swap_remove(at))?;
                Some(QueueLine { key, case })
            })
            .collect())
    }

    fn counted(&self, before: Option<&QueueKey>) -> Result<usize> {
        let sql = self.count_sql(before.is_some());
        let n: i64 = self.db.query_row(&sql, &used(&sql, &self.params(before, &0)), |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// How many lines the queue has.
    pub fn count(&self) -> Result<usize> {
        self.counted(None)
    }

    /// Up to `n` lines after `key` (from the first when `None`).
    pub fn after(&self, key: Option<&QueueKey>, n: usize) -> Result<Vec<QueueLine>> {
        self.lines(self.keys(key, n, true)?)
    }

    /// Up to `n` lines just before `key` (the last `n` when `None`), in
    /// the queue's order.
    pub fn before(&self, key: Option<&QueueKey>, n: usize) -> Result<Vec<QueueLine>> {
        let mut keys = self.keys(key, n, false)?;
        keys.reverse();
        self.lines(keys)
    }

    /// The line of case `id` and its place in the queue, if it is there.
    pub fn locate(&self, id: i64) -> Result<Option<(usize, QueueLine)>> {
        let sql = format!("SELECT {} {} AND c.id = ?9", self.order.select(), self.tables());
        let mut params = self.params(None, &0);
        params.push(&id);
        let Some(key) = self.db.query_opt(&sql, &params, read_key)? else { return Ok(None) };
        let at = self.counted(Some(&key))?;
        Ok(self.lines(vec![key])?.pop().map(|line| (at, line)))
    }

    /// The SQL of the pages (after a key, before one, from an end) and of
    /// the counts (before a key, of all), for the plan checks.
    #[cfg(test)]
    pub(crate) fn statements(&self) -> ([String; 3], [String; 2]) {
        let pages = [
            self.page_sql(PageFrom::KeysPart, true),
            self.page_sql(PageFrom::Beyond, false),
            self.page_sql(PageFrom::End, false),
        ];
        (pages, [self.count_sql(true), self.count_sql(false)])
    }
}

#[cfg(test)]
#[path = "intake_queue_tests.rs"]
mod tests;
