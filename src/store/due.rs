//! `due`: what every pane has due, read from the stored deadlines
//! (`store::deadlines`) as one range scan on their due date.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use super::case_find::{EVERY_CASE, allowed_sql, allowed_sql_of};
use super::children::day_text;
use super::deadlines::{DueScope, Stored, stored_deadlines_on};
use super::engine::Db;
use super::{CaseAction, Result, Store};
use crate::domain::access::{CaseFacts, case_access};
use crate::domain::due::{self, DueItem, DueKind};
use crate::domain::policy::Profile;

/// The stored deadlines up to a horizon (`?1`) that hold on a day (`?3`)
/// and that the viewer (`?2`) may open: `allowed` is the access rule as
/// SQL. Reads the index `deadlines_by_due` as a range, and each case by its
/// key. A flag due every day is stored with the date '' and so is always
/// in range.
pub(crate) fn due_condition(allowed: &str, skip_marked: bool) -> String {
    let marked = if skip_marked { "AND d.case_id NOT IN (SELECT case_id FROM deadlines_dirty)" } else { "" };
    format!(
        "{}
         WHERE d.due <= ?1 AND (d.valid_from IS NULL OR d.valid_from <= ?3)
           AND (d.valid_until IS NULL OR ?3 < d.valid_until) AND ({allowed}) {marked}",
        cases_of(allowed)
    )
}

/// The join that gives the stored deadlines (`d`) what `allowed` reads of
/// their cases: none for the whole centre (a team leader's).
pub(crate) fn cases_of(allowed: &str) -> &'static str {
    if allowed == EVERY_CASE { "" } else { "JOIN cases c ON c.id = d.case_id JOIN citizens p ON p.id = c.citizen_id" }
}

/// The access rule's facts over a stored deadline `d` alone: its case's
/// counsellor and anonymity are stored on the row (migrations 17 and 22),
/// the viewer's user name in `?2`.
pub(crate) const DEADLINE_FACTS: [&str; 3] =
    ["d.counsellor = ?2", "d.case_id IN (SELECT case_id FROM case_shares WHERE user_name = ?2)", "d.anonymous <> 0"];

/// The deadlines in range (`?1` the horizon, `?3` the day) and, of a
/// deadline's case, only what `allowed` reads off the row.
const IN_RANGE: &str = "d.due <= ?1 AND (d.valid_from IS NULL OR d.valid_from <= ?3)
    AND (d.valid_until IS NULL OR ?3 < d.valid_until)";

/// The counts per kind of [`Store::due_counts`], no case row read. A
/// viewer the rule lets see only their own and shared cases (a
/// counsellor) counts a range of their own deadlines in the covering index
/// `deadlines_by_counsellor` and their shared cases' deadlines by key, each
/// once; anyone else a range of the covering index `deadlines_by_due`
/// (migration 19). Either way the rule (over [`DEADLINE_FACTS`]) decides
/// each deadline.
pub(crate) fn counts_sql(viewer: &super::Viewer) -> String {
    let allowed = allowed_sql_of(viewer, CaseAction::Read, DEADLINE_FACTS);
    let rows = if own_and_shared_only(viewer) {
        format!(
            "SELECT d.kind, d.due FROM deadlines d INDEXED BY deadlines_by_counsellor
             WHERE d.counsellor = ?2 AND {IN_RANGE} AND ({allowed})
             UNION ALL
             SELECT d.kind, d.due FROM case_shares s JOIN deadlines d ON d.case_id = s.case_id
             WHERE s.user_name = ?2 AND d.counsellor <> ?2 AND {IN_RANGE} AND ({allowed})"
        )
    } else {
        format!("SELECT d.kind, d.due FROM deadlines d INDEXED BY deadlines_by_due WHERE {IN_RANGE} AND ({allowed})")
    };
    // Counts of matches as sums of CASEs (PostgreSQL sums no comparison),
    // cast back from the NUMERIC PostgreSQL widens a sum of BIGINTs to.
    format!(
        "SELECT kind, CAST(sum(CASE WHEN due <> '' AND due < ?3 THEN 1 ELSE 0 END) AS BIGINT),
            CAST(sum(CASE WHEN due = '' OR due >= ?3 THEN 1 ELSE 0 END) AS BIGINT)
         FROM ({rows}) AS counted GROUP BY kind"
    )
}

/// Whether the access rule lets `viewer` open only the cases they are the
/// counsellor of or that are shared with them.
fn own_and_shared_only(viewer: &super::Viewer) -> bool {
    [false, true].into_iter().all(|anonymous| {
        let colleagues = CaseFacts { own: false, shared: false, anonymous };
        case_access(viewer.actor, viewer.demo, colleagues, CaseAction::Read).is_err()
    })
}

/// How many items of one kind are overdue and how many are due by the
/// horizon without being overdue (due today included).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DueCount {
    pub overdue: u32,
    pub soon: u32,
}

impl Store {
    /// Everything due on or before `today + within_days` under `profile`,
    /// most overdue first. Only the cases the person asking may open are
    /// in it: a counsellor's own and shared ones, a team leader's (or a
    /// service account's with that role) the whole centre.
    ///
    /// Under the centre's own profile it is read from the stored
    /// deadlines; a case marked for a recompute (by another program's
    /// write) is computed from the rules as it is read. Under any other
    /// profile (what another profile would ask) everything is computed
    /// from the rules.
    pub fn due(&self, profile: &Profile, today: NaiveDate, within_days: u32) -> Result<Vec<DueItem>> {
        let horizon = due::horizon(today, within_days);
        if self.centre()?.load_profile().ok().as_ref() != Some(profile) {
            return self.due_from_rules(profile, today, horizon);
        }
        let viewer = self.viewer(false)?;
        let marked = self.deadlines_dirty()?;
        let mut rows = stored_due_on(&self.db(), &viewer, today, horizon, marked)?;
        if marked {
            rows.extend(self.marked_deadlines(profile, today, horizon)?);
        }
        // A case's deadlines are numbered (`seq`), so no two keys are equal
        // and the sort in place, without a copy of 15,000 rows, is stable.
        rows.sort_unstable_by_key(|s| (s.deadline.due_on(today), s.deadline.kind, s.deadline.case, s.seq));
        Ok(rows.into_iter().map(|s| s.deadline.item(today)).collect())
    }

    /// The deadlines of the cases marked for a recompute, from the rules,
    /// those the viewer may open.
    fn marked_deadlines(&self, profile: &Profile, today: NaiveDate, horizon: NaiveDate) -> Result<Vec<Stored>> {
        let viewer = self.viewer(false)?;
        let material = self.due_material(DueScope::Dirty, profile, None)?;
        let mut seq: HashMap<i64, i64> = HashMap::new();
        let mut opens: HashMap<i64, bool> = HashMap::new();
        let mut out = Vec::new();
        for d in super::deadlines::material::open_deadlines(&material, profile) {
            let n = seq.entry(d.case).or_insert(0);
            *n += 1;
            if !d.holds_on(today) || d.due_on(today) > horizon {
                continue;
            }
            if self.may_open(&viewer, &mut opens, d.case)? {
                out.push(Stored { seq: *n, deadline: d });
            }
        }
        Ok(out)
    }

    /// [`Store::due`] computed from the rules over every case.
    fn due_from_rules(&self, profile: &Profile, today: NaiveDate, horizon: NaiveDate) -> Result<Vec<DueItem>> {
        let viewer = self.viewer(false)?;
        let mut items = self.rule_items(profile, today, horizon)?;
        // The items' cases in a few batched queries, not one a case.
        let cases = self.case_map(items.iter().map(|i| i.case))?;
        let opens: HashMap<i64, bool> =
            cases.iter().map(|(id, case)| (*id, viewer.may(case, CaseAction::Read).is_ok())).collect();
        items.retain(|i| opens[&i.case]);
        Ok(items)
    }

    /// Whether `viewer` may open `case`, each case read once (`opens`).
    fn may_open(&self, viewer: &super::Viewer, opens: &mut HashMap<i64, bool>, case: i64) -> Result<bool> {
        if let Some(may) = opens.get(&case) {
            return Ok(*may);
        }
        let may = viewer.may(&self.load_case(case)?, CaseAction::Read).is_ok();
        opens.insert(case, may);
        Ok(may)
    }

    /// Per kind, how many stored deadlines the viewer may open are overdue
    /// on `today` and how many more fall due by `today + within_days`: the
    /// counts of the pane headers, counted by SQL on the index
    /// deadlines alone ([`counts_sql`]) without reading a record. Cases marked for a
    /// recompute count as last stored.
    pub fn due_counts(&self, today: NaiveDate, within_days: u32) -> Result<BTreeMap<DueKind, DueCount>> {
        due_counts_on(&self.db(), &self.viewer(false)?, today, within_days)
    }
}

/// [`Store::due`]'s stored deadlines in range that `viewer` may open, the
/// marked cases' left out when `skip_marked` (they are computed instead).
pub(crate) fn stored_due_on(
    db: &Db<'_>,
    viewer: &super::Viewer,
    today: NaiveDate,
    horizon: NaiveDate,
    skip_marked: bool,
) -> Result<Vec<Stored>> {
    let allowed = allowed_sql(viewer, CaseAction::Read);
    let (h, t) = (day_text(horizon), day_text(today));
    stored_deadlines_on(db, &due_condition(&allowed, skip_marked), &[&h, &viewer.user, &t])
}

/// [`Store::due_counts`] for `viewer`.
pub(crate) fn due_counts_on(
    db: &Db<'_>,
    viewer: &super::Viewer,
    today: NaiveDate,
    within_days: u32,
) -> Result<BTreeMap<DueKind, DueCount>> {
    let (h, t) = (day_text(due::horizon(today, within_days)), day_text(today));
    let rows = db.query_map(&counts_sql(viewer), &[&h, &viewer.user, &t], |r| r.columns::<(String, u32, u32)>())?;
    Ok(rows
        .into_iter()
        .filter_map(|(kind, overdue, soon)| {
            let kind = DueKind::ALL.into_iter().find(|k| k.id() == kind)?;
            Some((kind, DueCount { overdue, soon }))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{NewUser, Role};

    /// SQLite's plan for `due`'s query as `viewer` sees it, as one line.
    fn plan(store: &Store) -> String {
        plan_of(store, |allowed| {
            format!("SELECT {} FROM deadlines d {}", crate::store::deadlines::COLUMNS, due_condition(allowed, false))
        })
    }

    /// SQLite's plan for the query `sql` makes of the access rule of the
    /// store's viewer, as one line.
    fn plan_of(store: &Store, sql: impl Fn(&str) -> String) -> String {
        let viewer = store.viewer(false).unwrap();
        let sql = format!("EXPLAIN QUERY PLAN {}", sql(&allowed_sql(&viewer, CaseAction::Read)));
        let mut stmt = store.sqlite().prepare(&sql).unwrap();
        let rows = stmt
            .query_map(rusqlite::params!["2026-03-17", viewer.user, "2026-03-17"], |r| r.get::<_, String>(3))
            .unwrap();
        rows.map(|r| r.unwrap()).collect::<Vec<_>>().join("; ")
    }

    /// One centre opened by its team leader and by a counsellor.
    fn leader_and_counsellor() -> (tempfile::TempDir, Store, Store) {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("sagsbord.db");
        let mut leader = Store::open(&path, "lene").unwrap();
        let user =
            NewUser { name: "anna".into(), full_name: String::new(), role: Role::Counsellor, anonymous_team: false };
        leader.add_user(&user).unwrap();
        let counsellor = Store::open(&path, "anna").unwrap();
        (dir, leader, counsellor)
    }

    #[test]
    fn due_reads_the_deadlines_as_a_range_of_their_index_and_each_case_by_its_key() {
        let (_dir, leader, counsellor) = leader_and_counsellor();
        let plan_leader = plan(&leader);
        assert!(plan_leader.contains("USING INDEX deadlines_by_due (due<?)"), "{plan_leader}");
        assert!(!plan_leader.contains("TEMP B-TREE"), "sorted by the index: {plan_leader}");
        let plan_counsellor = plan(&counsellor);
        assert!(plan_counsellor.contains("USING INDEX deadlines_by_due (due<?)"), "{plan_counsellor}");
        // Nothing read whole: every table by an index or its key.
        for p in [&plan_leader, &plan_counsellor] {
            assert!(!p.contains("SCAN"), "{p}");
        }
    }

    #[test]
    fn the_header_counts_read_a_range_of_one_index_and_no_case() {
        let (_dir, leader, counsellor) = leader_and_counsellor();
        let plan = |store: &Store| {
            let sql = format!("EXPLAIN QUERY PLAN {}", counts_sql(&store.viewer(false).unwrap()));
            let mut stmt = store.sqlite().prepare(&sql).unwrap();
            let rows = stmt
                .query_map(rusqlite::params!["2026-03-17", "anna", "2026-03-17"], |r| r.get::<_, String>(3))
                .unwrap();
            rows.map(|r| r.unwrap()).collect::<Vec<_>>().join("; ")
        };
        let leader = plan(&leader);
        assert!(leader.contains("SEARCH d USING COVERING INDEX deadlines_by_due (due<?)"), "{leader}");
        // A counsellor: their own deadlines a range, their shared cases by key.
        let counsellor = plan(&counsellor);
        assert!(
            counsellor.contains("SEARCH d USING COVERING INDEX deadlines_by_counsellor (counsellor=? AND due<?)"),
            "{counsellor}"
        );
        assert!(counsellor.contains("SEARCH s USING INDEX case_shares_user (user_name=?)"), "{counsellor}");
        assert!(counsellor.contains("SEARCH d USING INDEX sqlite_autoindex_deadlines_1 (case_id=?)"), "{counsellor}");
        for p in [&leader, &counsellor] {
            assert!(!p.contains("SCAN d") && !p.contains("SCAN s"), "{p}");
            assert!(!p.contains(" c ") && !p.contains(" p "), "no case or citizen read: {p}");
        }
    }

    /// The counts `due` lists for the store's viewer, per kind: the rule's
    /// counts, read through the cases.
    fn items_counted(store: &mut Store, today: NaiveDate, within: u32) -> BTreeMap<DueKind, DueCount> {
        let mut want: BTreeMap<DueKind, DueCount> = BTreeMap::new();
        let profile = store.profile().unwrap();
        for item in store.due(&profile, today, within).unwrap() {
            let count = want.entry(item.kind).or_default();
            if item.days_left < 0 {
                count.overdue += 1;
            } else {
                count.soon += 1;
            }
        }
        want
    }

    #[test]
    fn every_viewers_counts_are_the_rules_after_a_case_is_handed_over_and_back() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 17).unwrap();
        let shape = crate::generate::Shape { cases: 200, seed: 4, today, stress: false };
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("sagsbord.db");
        let mut leader = Store::open(&path, "lene").unwrap();
        leader.import(&crate::generate::centre(&shape, &mut |_| {})).unwrap();
        // The counsellor with the most deadlines, and a case of a colleague
        // that has some, an anonymous one among the colleagues' if any.
        let query = |sql: &str| leader.sqlite().query_row(sql, [], |r| r.get::<_, String>(0)).unwrap();
        let anna = query("SELECT counsellor FROM deadlines GROUP BY counsellor ORDER BY count(*) DESC LIMIT 1");
        // Colleagues' cases with deadlines, named and anonymous.
        let others = |anonymous: bool| -> Vec<(i64, String)> {
            let mut stmt = leader
                .sqlite()
                .prepare(
                    "SELECT DISTINCT case_id, counsellor FROM deadlines WHERE counsellor <> ?1 AND anonymous = ?2
                     ORDER BY case_id LIMIT 2",
                )
                .unwrap();
            stmt.query_map(rusqlite::params![anna, anonymous], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .map(|r| r.unwrap())
                .collect()
        };
        let (named, anonymous) = (others(false), others(true));
        let (handed, colleague) = named[0].clone();
        let users = [
            (anna.clone(), Role::Counsellor, false),
            ("doc".to_string(), Role::Doctor, false),
            ("anon".to_string(), Role::Counsellor, true),
            (colleague.clone(), Role::Counsellor, false),
        ];
        for (name, role, anonymous_team) in users {
            leader.add_user(&NewUser { name, full_name: String::new(), role, anonymous_team }).unwrap();
        }
        // Shared with the counsellor: a colleague's named case, and an
        // anonymous one, which the rule keeps from her all the same.
        for (case, _) in named.iter().skip(1).chain(anonymous.first()) {
            leader.share_case(*case, &anna).unwrap();
        }
        let viewers = ["lene", anna.as_str(), "doc", "anon", colleague.as_str()];
        let counts_of = |who: &str| {
            let mut store = Store::open(&path, who).unwrap();
            for (day, within) in [(today, 0), (today, 30)] {
                let want = items_counted(&mut store, day, within);
                assert_eq!(store.due_counts(day, within).unwrap(), want, "{who} {within}");
            }
            store.due_counts(today, 30).unwrap()
        };
        let before: Vec<_> = viewers.iter().map(|who| counts_of(who)).collect();
        let opened = leader.opened().unwrap();
        leader.reassign_case(handed, &anna, today, opened).unwrap();
        let handed_over: Vec<_> = viewers.iter().map(|who| counts_of(who)).collect();
        assert_ne!(handed_over[1], before[1], "the counsellor counts the case handed to her");
        let opened = leader.opened().unwrap();
        leader.reassign_case(handed, &colleague, today, opened).unwrap();
        let back: Vec<_> = viewers.iter().map(|who| counts_of(who)).collect();
        assert_eq!(back, before);
        assert_eq!(leader.check_deadlines().unwrap(), vec![]);
    }

    #[test]
    fn the_counts_per_kind_are_the_items_due_counted() {
        let shape = crate::generate::Shape {
            cases: 150,
            seed: 9,
            today: NaiveDate::from_ymd_opt(2026, 3, 17).unwrap(),
            stress: false,
        };
        let file = crate::generate::centre(&shape, &mut |_| {});
        let dir = tempfile::TempDir::new().unwrap();
        let mut store = Store::open(&dir.path().join("sagsbord.db"), "tester").unwrap();
        store.import(&file).unwrap();
        for (today, within) in [(shape.today, 0), (shape.today, 30), (NaiveDate::from_ymd_opt(2025, 9, 1).unwrap(), 14)]
        {
            let want = items_counted(&mut store, today, within);
            assert!(!want.is_empty());
            assert_eq!(store.due_counts(today, within).unwrap(), want, "{today} + {within}");
        }
    }
}
