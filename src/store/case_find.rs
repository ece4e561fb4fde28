//! One find over every case, whatever its state: by case number, CPR
//! number (whole, or its birth-date part) and name or pseudonym. The
//! access rule is applied in the SQL itself, so the LIMIT counts only
//! rows the person may see, and again on every row read ([`Viewer::shown`]).
//!
//! A number or a CPR number is looked up through an index (the cases'
//! primary key, the citizens' UNIQUE index on `cpr`). A part of a name
//! cannot be: it reads the citizens in a scan, bounded by [`FIND_LIMIT`].
//! A CPR number (or its birth-date part) finds only the cases the person
//! may open: a case they may only list never shows its CPR number, so it
//! must not be found by it either.

use super::access::Viewer;
use super::{CaseAction, Result, Store};
use crate::domain::access::{CaseFacts, case_access};
use crate::domain::find::{FindQuery, anywhere_pattern};
use crate::domain::intake::{Case, ContactKind};

/// The most rows a find shows; a search that matches more says so.
pub const FIND_LIMIT: usize = 50;

/// What one find found: the cases (as the viewer may see them, newest
/// first) and whether more matched than are shown.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FindResult {
    pub cases: Vec<FoundCase>,
    pub more: bool,
}

/// One case found. `case` has no CPR number when the viewer may not open
/// it ([`Viewer::shown`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundCase {
    pub case: Case,
    /// Whether the viewer may open it.
    pub opens: bool,
}

/// The facts of the access rule as SQL over `cases c JOIN citizens p`,
/// the viewer's user name in `?2`.
const OWN: &str = "c.counsellor = ?2";
const SHARED: &str = "EXISTS (SELECT 1 FROM case_shares s WHERE s.case_id = c.id AND s.user_name = ?2)";

pub(crate) fn anonymous_sql() -> String {
    format!("(c.kind = '{}' OR p.pseudonym IS NOT NULL)", super::cases::enum_id(&ContactKind::Anonymous))
}

/// The access rule's condition when it admits every case (a team
/// leader's) and when it admits none (an administrator's): SQL's booleans,
/// which both engines read in a WHERE (PostgreSQL refuses an integer there).
pub(crate) const EVERY_CASE: &str = "TRUE";
pub(crate) const NO_CASE: &str = "FALSE";

/// The access rule for `action` as an SQL condition: the rule is asked
/// for every combination of the three facts, and the condition admits
/// exactly the combinations it allows. So the SQL cannot drift from
/// `domain::access`: it is read off it. A fact the answer never turns on
/// is left out (a counsellor's list turns only on anonymity), so a count
/// over thousands of cases does not look up each one's shares for nothing.
pub(crate) fn allowed_sql(viewer: &Viewer, action: CaseAction) -> String {
    allowed_sql_of(viewer, action, [OWN, SHARED, &anonymous_sql()])
}

/// [`allowed_sql`] over other SQL for the three facts (own, shared,
/// anonymous), in that order: a stored deadline's own columns. Each fact
/// is a condition (a comparison, not a 0/1 column alone), so that `NOT`
/// and `AND` over it read alike on both engines.
pub(crate) fn allowed_sql_of(viewer: &Viewer, action: CaseAction, facts: [&str; 3]) -> String {
    let allows = |f: [bool; 3]| {
        let facts = CaseFacts { own: f[0], shared: f[1], anonymous: f[2] };
        case_access(viewer.actor, viewer.demo, facts, action).is_ok()
    };
    let every: Vec<[bool; 3]> = (0..8).map(|n: u8| [n & 4 != 0, n & 2 != 0, n & 1 != 0]).collect();
    let matters = |i: usize| {
        every.iter().any(|f| {
            let mut flipped = *f;
            flipped[i] = !flipped[i];
            allows(*f) != allows(flipped)
        })
    };
    let matters: Vec<bool> = (0..3).map(matters).collect();
    let mut arms: Vec<String> = Vec::new();
    for f in every.iter().filter(|f| allows(**f)) {
        let parts: Vec<String> =
            (0..3).filter(|&i| matters[i]).map(|i| format!("{}{}", if f[i] { "" } else { "NOT " }, facts[i])).collect();
        let arm = format!("({})", parts.join(" AND "));
        if !arms.contains(&arm) {
            arms.push(arm);
        }
    }
    if arms.is_empty() {
        NO_CASE.to_string()
    } else if !matters.contains(&true) {
        EVERY_CASE.to_string()
    } else {
        arms.join(" OR ")
    }
}

/// The citizens joined to the cases `c`, for a statement that names them
/// (`p.`): a join per case costs a lookup per case, so none without need.
pub(crate) fn citizens_for(sql: &str) -> &'static str {
    if names_table(sql, "p") { "JOIN citizens p ON p.id = c.citizen_id" } else { "" }
}

/// Whether `sql` names a column of the table aliased `alias` (`alias.`,
/// not as the end of a longer name).
pub(crate) fn names_table(sql: &str, alias: &str) -> bool {
    let dotted = format!("{alias}.");
    sql.match_indices(&dotted).any(|(at, _)| !sql[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_'))
}

/// The viewer's scope as a condition to add with `AND` (`?2` the user):
/// the access rule and "only mine", or nothing when every case is theirs.
pub(crate) fn scope_sql(viewer: &Viewer) -> String {
    let mut scope = String::new();
    let allowed = allowed_sql(viewer, CaseAction::List);
    if allowed != EVERY_CASE {
        scope = format!(" AND ({allowed})");
    }
    if viewer.counsellor().is_some() {
        scope.push_str(" AND c.counsellor = ?2");
    }
    scope
}

/// A list's search: a name part anywhere, in any case (`?1`, an
/// [`anywhere_pattern`]), or the case number with or without `#` (`?3`).
/// GLOB in its function form, `glob(pattern, text)`: SQLite plans it as
/// the operator (it is the same expression); on PostgreSQL the seam sends
/// the pattern as a regular expression made once, matched with `~`
/// (`engine::glob`, migration 28).
pub(crate) const SEARCHED: &str = "(glob(?1, COALESCE(p.pseudonym, p.name, '')) OR CAST(c.id AS TEXT) = ?3)";

/// The matching part of each reading of a search, `?1` its value.
const BY_NUMBER: &str = "c.id = ?1";
const BY_CPR: &str = "p.cpr = ?1";
/// The birth-date part as a range of the stored `DDMMYY-SSSS`: from
/// `DDMMYY-` to just before `DDMMYY.` ('.' follows '-'), which the UNIQUE
/// index on `cpr` reads as a range.
const BY_BIRTH: &str = "p.cpr >= ?1 || '-' AND p.cpr < ?1 || '.'";
const BY_NAME: &str = "(glob(?1, p.name) OR glob(?1, p.pseudonym))";

/// The condition of one reading: what matches, what the viewer may see,
/// newest case first, one row more than is shown to tell that there are
/// more.
pub(crate) fn find_condition(matching: &str, allowed: &str) -> String {
    format!("WHERE ({matching}) AND ({allowed}) ORDER BY c.id DESC LIMIT {}", FIND_LIMIT + 1)
}

impl Store {
    /// Every case that matches `query` and that `viewer` may see, in any
    /// state, newest first, at most [`FIND_LIMIT`]. The search's words are
    /// not written anywhere.
    pub fn find_cases(&self, query: &FindQuery, viewer: &Viewer) -> Result<FindResult> {
        let listed = allowed_sql(viewer, CaseAction::List);
        let opened = allowed_sql(viewer, CaseAction::Read);
        let mut readings: Vec<(&str, &str, String)> = Vec::new();
        if let Some(n) = query.case_number {
            readings.push((BY_NUMBER, &listed, n.to_string()));
        }
        if let Some(cpr) = &query.cpr {
            readings.push((BY_CPR, &opened, cpr.clone()));
        }
        if let Some(birth) = &query.birth {
            readings.push((BY_BIRTH, &opened, birth.clone()));
        }
        if let Some(text) = &query.text {
            readings.push((BY_NAME, &listed, anywhere_pattern(text)));
        }
        let mut cases: Vec<Case> = Vec::new();
        for (matching, allowed, value) in readings {
            let condition = find_condition(matching, allowed);
            // A case number is an integer column: bind it as one. The
            // viewer's name only when the rule's condition names it (a
            // team leader's is every case: no name in it).
            let number = value.parse::<i64>().unwrap_or(0);
            let first: &dyn super::engine::ToValue = if matching == BY_NUMBER { &number } else { &value };
            let params: &[&dyn super::engine::ToValue] =
                if allowed.contains("?2") { &[first, &viewer.user] } else { &[first] };
            let rows = self.query_cases(&condition, params)?;
            for case in rows {
                if !cases.iter().any(|c| c.id == case.id) {
                    cases.push(case);
                }
            }
        }
        cases.sort_by_key(|c| std::cmp::Reverse(c.id));
        let mut found = FindResult::default();
        for case in cases {
            if found.cases.len() == FIND_LIMIT {
                found.more = true;
                break;
            }
            let opens = viewer.opens(&case);
            if let Some(case) = viewer.shown(case) {
                found.cases.push(FoundCase { case, opens });
            }
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::access::{Actor, Role};

    fn plan(store: &Store, condition: &str) -> String {
        let sql =
            format!("EXPLAIN QUERY PLAN SELECT c.id FROM cases c JOIN citizens p ON p.id = c.citizen_id {condition}");
        let mut stmt = store.sqlite().prepare(&sql).unwrap();
        // The user only where the rule names them (`?2`).
        let params = ["010190", "anna"];
        let params = rusqlite::params_from_iter(&params[..stmt.parameter_count()]);
        let rows = stmt.query_map(params, |r| r.get::<_, String>(3)).unwrap();
        rows.map(|r| r.unwrap()).collect::<Vec<_>>().join("; ")
    }

    fn counsellor(store: &Store) -> Viewer {
        let mut v = store.viewer(false).unwrap();
        v.actor = Actor::User { role: Role::Counsellor, anonymous_team: false };
        v
    }

    #[test]
    fn a_number_and_a_cpr_number_are_looked_up_by_index_and_every_reading_is_limited() {
        let store = Store::open_in_memory("anna").unwrap();
        let viewer = counsellor(&store);
        let listed = allowed_sql(&viewer, CaseAction::List);
        let opened = allowed_sql(&viewer, CaseAction::Read);
        let by_number = plan(&store, &find_condition(BY_NUMBER, &listed));
        assert!(by_number.contains("SEARCH c USING INTEGER PRIMARY KEY"), "{by_number}");
        for matching in [BY_CPR, BY_BIRTH] {
            let by_cpr = plan(&store, &find_condition(matching, &opened));
            assert!(by_cpr.contains("SEARCH p USING INDEX sqlite_autoindex_citizens_1 (cpr"), "{matching}: {by_cpr}");
            assert!(by_cpr.contains("USING INDEX cases_citizen"), "{matching}: {by_cpr}");
        }
        // A part of a name is a scan: bounded by the LIMIT every reading has.
        for matching in [BY_NUMBER, BY_CPR, BY_BIRTH, BY_NAME] {
            assert!(find_condition(matching, &listed).ends_with(&format!("LIMIT {}", FIND_LIMIT + 1)));
        }
    }

    #[test]
    fn the_sql_admits_exactly_what_the_rule_allows() {
        let store = Store::open_in_memory("anna").unwrap();
        let mut viewer = counsellor(&store);
        assert!(allowed_sql(&viewer, CaseAction::List).contains("NOT (c.kind"), "a counsellor off the team");
        // A counsellor's list turns on anonymity alone: no lookup of the
        // case's counsellor or shares; opening one turns on all three.
        assert_eq!(allowed_sql(&viewer, CaseAction::List), format!("(NOT {})", anonymous_sql()));
        let read = allowed_sql(&viewer, CaseAction::Read);
        assert!(read.contains(OWN) && read.contains(SHARED) && read.contains("NOT (c.kind"), "{read}");
        viewer.actor = Actor::User { role: Role::TeamLeader, anonymous_team: false };
        assert_eq!(allowed_sql(&viewer, CaseAction::Read), EVERY_CASE);
        viewer.actor = Actor::User { role: Role::Administrator, anonymous_team: false };
        assert_eq!(allowed_sql(&viewer, CaseAction::List), NO_CASE);
    }
}

/// The access rule's SQL on both engines: over the cases and over the
/// stored deadlines, it admits exactly the cases the rule allows, for
/// every kind of person and both actions.
#[cfg(test)]
mod on_engines {
    use super::*;
    use crate::domain::access::{Actor, Role};
    use crate::store::due::DEADLINE_FACTS;
    use crate::store::engine::both::{Place, on_both_engines};
    use crate::store::engine::{Db, ToValue};

    on_both_engines!(the_rule_admits_the_cases_it_allows_on_either_engine);

    /// A case of each combination of the facts as they stand to anna (hers
    /// or bo's, shared with her or not, named or anonymous: by a pseudonym
    /// or by the kind of contact), each with a stored deadline.
    fn every_combination(db: &Db<'_>) -> Vec<(i64, CaseFacts)> {
        db.execute(
            "INSERT INTO users (name, role, added_by, added_at)
             VALUES ('anna', 'counsellor', 'test', '2026-03-01T09:00:00Z') ON CONFLICT DO NOTHING",
            &[],
        )
        .unwrap();
        let mut cases = Vec::new();
        for n in 0..8u8 {
            let facts = CaseFacts { own: n & 4 != 0, shared: n & 2 != 0, anonymous: n & 1 != 0 };
            let by_kind = facts.anonymous && facts.shared;
            let (name, pseudonym) = match (facts.anonymous, by_kind) {
                (true, false) => (None, Some("Fugl")),
                _ => (Some("Ida Prøvesen"), None),
            };
            let citizen: i64 = db
                .query_row(
                    "INSERT INTO citizens (name, pseudonym, home_municipality) VALUES (?1, ?2, 'Rødovre') RETURNING id",
                    &[&name, &pseudonym],
                    |r| r.get(0),
                )
                .unwrap();
            let kind = if by_kind { super::super::cases::enum_id(&ContactKind::Anonymous) } else { "own_use".into() };
            let counsellor = if facts.own { "anna" } else { "bo" };
            let case: i64 = db
                .query_row(
                    "INSERT INTO cases (citizen_id, kind, channel, contact_at, counsellor, children, note)
                     VALUES (?1, ?2, 'phone', '2026-03-02T09:00:00', ?3, 'no_children', '') RETURNING id",
                    &[&citizen, &kind, &counsellor],
                    |r| r.get(0),
                )
                .unwrap();
            if facts.shared {
                db.execute(
                    "INSERT INTO case_shares (case_id, user_name, shared_by, shared_at)
                     VALUES (?1, 'anna', 'bo', '2026-03-03T09:00:00Z')",
                    &[&case],
                )
                .unwrap();
            }
            db.execute(
                "INSERT INTO deadlines (case_id, seq, kind, due, counsellor, rule, setting, profile, anonymous)
                 VALUES (?1, 0, 'treatment_plan', '2026-04-01', ?2, 'regel', 'indstilling', 'profil', ?3)",
                &[&case, &counsellor, &facts.anonymous],
            )
            .unwrap();
            cases.push((case, facts));
        }
        cases
    }

    /// The ids `sql` reads, `?1` a lower bound (so the user's name, bound
    /// only when the rule names it, is never the only parameter).
    fn admitted(db: &Db<'_>, sql: &str, user: &str) -> Vec<i64> {
        let params: &[&dyn ToValue] = if sql.contains("?2") { &[&0i64, &user] } else { &[&0i64] };
        db.query_map(sql, params, |r| r.get(0)).unwrap_or_else(|e| panic!("{sql}\n{e:?}"))
    }

    fn the_rule_admits_the_cases_it_allows_on_either_engine(place: &Place) {
        let db = place.open();
        let cases = every_combination(&db);
        let mut viewer = Store::open_in_memory("anna").unwrap().viewer(false).unwrap();
        let mut actors = vec![Actor::Unknown, Actor::Disabled];
        for role in [Role::Counsellor, Role::TeamLeader, Role::Doctor, Role::Administrator, Role::Trainer] {
            actors.extend([false, true].map(|anonymous_team| Actor::User { role, anonymous_team }));
        }
        let mut rules = Vec::new();
        for (actor, demo, action) in actors
            .iter()
            .flat_map(|a| [false, true].map(move |d| (*a, d)))
            .flat_map(|(a, d)| [CaseAction::List, CaseAction::Read].map(move |action| (a, d, action)))
        {
            viewer.actor = actor;
            viewer.demo = demo;
            let allows: Vec<i64> = cases
                .iter()
                .filter(|(_, facts)| case_access(actor, demo, *facts, action).is_ok())
                .map(|(id, _)| *id)
                .collect();
            let allowed = allowed_sql(&viewer, action);
            let sql = format!(
                "SELECT c.id FROM cases c JOIN citizens p ON p.id = c.citizen_id WHERE c.id > ?1 AND ({allowed})
                 ORDER BY c.id"
            );
            assert_eq!(admitted(&db, &sql, "anna"), allows, "{actor:?} demo {demo} {action:?}: {allowed}");
            let on_deadlines = allowed_sql_of(&viewer, action, DEADLINE_FACTS);
            let sql = format!(
                "SELECT d.case_id FROM deadlines d WHERE d.case_id > ?1 AND ({on_deadlines}) ORDER BY d.case_id"
            );
            assert_eq!(admitted(&db, &sql, "anna"), allows, "{actor:?} demo {demo} {action:?}: {on_deadlines}");
            rules.push(allowed);
        }
        // Every shape of the rule was read: every case, none, and the facts.
        for shape in [EVERY_CASE, NO_CASE, OWN, SHARED, "NOT (c.kind"] {
            assert!(rules.iter().any(|r| r.contains(shape)), "{shape} never asked");
        }
    }
}
