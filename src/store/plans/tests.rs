//! The plan queries read their indexes.

use super::*;
use crate::store::Store;

/// SQLite's plan for a statement, as one line of text.
pub(crate) fn query_plan(store: &Store, sql: &str) -> String {
    let mut stmt = store.sqlite().prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    let params = vec!["anna"; stmt.parameter_count()];
    let rows = stmt.query_map(rusqlite::params_from_iter(params), |r| r.get::<_, String>(3)).unwrap();
    rows.map(|r| r.unwrap()).collect::<Vec<_>>().join("; ")
}

#[test]
fn the_plan_lists_read_their_indexes_not_every_row() {
    let store = Store::open_in_memory("anna").unwrap();
    let cases =
        |condition: &str| format!("SELECT c.id FROM cases c JOIN citizens p ON p.id = c.citizen_id {condition}");
    for (sql, index) in [
        (cases(ACTIVE), "cases_in_treatment"),
        (cases(ACTIVE_MINE), "cases_in_treatment_counsellor"),
        (cases(ENDED), "course_endings_ended"),
        // One counsellor's ended courses: through that counsellor's cases.
        (cases(ENDED_MINE), "cases_counsellor"),
        (OPEN_CALLS.to_string(), "follow_up_calls_open"),
        (ENDINGS_SINCE.to_string(), "course_endings_ended"),
        (LATEST_VERSION.to_string(), "sqlite_autoindex_plan_versions_1"),
        ("SELECT area FROM plan_goals WHERE version_id = ?1 ORDER BY position".to_string(), "PRIMARY KEY"),
        ("SELECT id FROM follow_up_attempts WHERE call_id = ?1 ORDER BY id".to_string(), "follow_up_attempts_call"),
        (
            "SELECT id FROM follow_up_calls WHERE case_id = ?1 ORDER BY months, id".to_string(),
            "sqlite_autoindex_follow_up_calls_1",
        ),
        (calls::OPEN_CALL_ATTEMPTS.to_string(), "follow_up_calls_open"),
        (calls::OPEN_CALL_ATTEMPTS.to_string(), "follow_up_attempts_call"),
        (calls::CASE_ATTEMPTS.to_string(), "sqlite_autoindex_follow_up_calls_1"),
        (calls::CASE_ATTEMPTS.to_string(), "follow_up_attempts_call"),
    ] {
        let plan = query_plan(&store, &sql);
        assert!(plan.contains(index), "{sql}: {plan}");
        // A scan is only ever of a (partial) index, never of a table.
        let table_scan = plan.split("; ").any(|step| step.starts_with("SCAN") && !step.contains("USING"));
        assert!(!table_scan, "{sql}: {plan}");
    }
}

/// The board's page queries read the index of their order in that order,
/// for every order, viewer and part: no table scan, no sort of every line
/// to find the page.
#[test]
fn a_board_page_reads_its_index_in_order() {
    use crate::domain::plan::BoardSort;
    let store = Store::open_in_memory("anna").unwrap();
    let since = chrono::NaiveDate::from_ymd_opt(2025, 3, 17);
    for mine in [false, true] {
        let viewer = store.viewer(mine).unwrap();
        for sort in BoardSort::ALL {
            let index = match (sort, mine) {
                (BoardSort::Urgency, _) => "deadlines_board",
                (BoardSort::Case, _) => "INTEGER PRIMARY KEY (rowid>?)",
                (BoardSort::Name, _) => "citizens_display_name",
                (BoardSort::Counsellor, _) => "cases_in_treatment_by_counsellor",
                (BoardSort::Start, false) => "cases_in_treatment",
                (BoardSort::Start, true) => "cases_in_treatment_counsellor",
            };
            let pages = store.board_pages(&viewer, "", sort, since);
            for (ended, index) in [(false, index), (true, "course_endings_ended")] {
                let sql = pages.page_sql(ended);
                let plan = query_plan(&store, &sql);
                assert!(plan.contains(index), "{sql}: {plan}");
                assert!(!plan.contains("TEMP B-TREE"), "{sql}: {plan}");
                let table_scan = plan.split("; ").any(|step| step.starts_with("SCAN") && !step.contains("USING"));
                assert!(!table_scan, "{sql}: {plan}");
            }
        }
    }
}

mod board_pages {
    use chrono::NaiveDate;

    use crate::domain::plan::BoardSort;
    use crate::generate::{self, Shape};
    use crate::store::{BoardLine, Store};

    pub(super) fn centre(cases: usize) -> Store {
        let today = NaiveDate::from_ymd_opt(2026, 3, 17).unwrap();
        let file = generate::centre(&Shape { cases, seed: 11, today, stress: false }, &mut |_| {});
        let mut store = Store::open_in_memory("anna").unwrap();
        store.import(&file).unwrap();
        store
    }

    /// The whole board as the full load has it, in start order.
    fn full(store: &Store, mine: bool) -> Vec<i64> {
        let mut courses = store.active_courses(&store.viewer(mine).unwrap()).unwrap();
        courses.sort_by_key(|c| (c.case.progress.treatment_started_on, c.case.id));
        courses.iter().map(|c| c.case.id).collect()
    }

    fn ids(lines: &[BoardLine]) -> Vec<i64> {
        lines.iter().map(|l| l.key.case_id).collect()
    }

    #[test]
    fn pages_by_key_read_the_board_the_full_load_reads() {
        let store = centre(1_000);
        let want = full(&store, false);
        assert!(want.len() > 20, "{} courses", want.len());
        let pages = store.board_pages(&store.viewer(false).unwrap(), "", BoardSort::Start, None);
        assert_eq!(pages.count().unwrap(), want.len());
        let mut read = Vec::new();
        loop {
            let key = read.last().map(|l: &BoardLine| l.key.clone());
            let page = pages.after(key.as_ref(), 7).unwrap();
            if page.is_empty() {
                break;
            }
            read.extend(page);
        }
        assert_eq!(ids(&read), want);
        // Backwards from the end, and a line's place.
        assert_eq!(ids(&pages.before(None, 5).unwrap()), want[want.len() - 5..]);
        let tenth = &read[10];
        let key = tenth.key.clone();
        assert_eq!(ids(&pages.before(Some(&key), 3).unwrap()), want[7..10]);
        assert_eq!(pages.locate(tenth.key.case_id).unwrap(), Some((10, tenth.clone())));
    }

    #[test]
    fn the_search_and_only_mine_are_in_the_query() {
        let store = centre(300);
        let all = store.active_courses(&store.viewer(false).unwrap()).unwrap();
        let one = &all[all.len() / 2].case;
        // A part of the name in another case finds it; so does its number.
        let name = one.identity.display_name();
        let part: String = name.chars().skip(1).take(4).collect::<String>().to_uppercase();
        let pages = store.board_pages(&store.viewer(false).unwrap(), &part, BoardSort::Start, None);
        let found = pages.after(None, 1_000).unwrap();
        assert!(ids(&found).contains(&one.id), "{part}");
        assert!(
            found.iter().all(|l| l.course.case.identity.display_name().to_lowercase().contains(&part.to_lowercase()))
        );
        assert_eq!(pages.count().unwrap(), found.len());
        let by_number =
            store.board_pages(&store.viewer(false).unwrap(), &format!("#{}", one.id), BoardSort::Start, None);
        assert_eq!(ids(&by_number.after(None, 10).unwrap()), vec![one.id]);
        // Only mine: anna's courses, as the full load has them.
        let mine = store.board_pages(&store.viewer(true).unwrap(), "", BoardSort::Start, None);
        assert_eq!(ids(&mine.after(None, 1_000).unwrap()), full(&store, true));
        assert!(mine.locate(all.iter().find(|c| c.case.counsellor != "anna").unwrap().case.id).unwrap().is_none());
    }
}

/// The board's counts are narrowed to what each viewer's statement names:
/// a team leader's summary and whole board read their indexes alone (no
/// case row, no citizen), a count with a search reads the courses in their
/// citizens' order and each course's deadline in its own index.
#[test]
fn the_board_counts_read_only_the_indexes_they_need() {
    use crate::domain::access::{Actor, Role};
    use crate::domain::plan::BoardSort;
    let store = Store::open_in_memory("anna").unwrap();
    let mut leader = store.viewer(false).unwrap();
    leader.actor = Actor::User { role: Role::TeamLeader, anonymous_team: false };
    let summary = super::board_summary::summary_sql(&crate::store::case_find::scope_sql(&leader));
    let plan = query_plan(&store, &summary);
    for index in ["INDEX cases_in_treatment ", "INDEX deadlines_kind (kind=? AND due<?)", "INDEX follow_up_calls_open"]
    {
        assert!(plan.contains(index), "{index}: {plan}");
    }
    // The calls due are counted on their index alone, no case joined.
    assert!(!plan.contains("SEARCH p") && !plan.contains("case_shares"), "{plan}");
    assert_eq!(plan.matches("SEARCH c USING INTEGER PRIMARY KEY").count(), 2, "{plan}");
    let table_scan =
        plan.split("; ").any(|s| s.starts_with("SCAN") && !s.contains("USING") && s != "SCAN CONSTANT ROW");
    assert!(!table_scan, "{plan}");

    for search in ["", "an"] {
        let pages = store.board_pages(&leader, search, BoardSort::Urgency, None);
        let plan = query_plan(&store, &pages.count_sql());
        assert!(plan.contains("deadlines_board_case"), "{plan}");
        if search.is_empty() {
            assert!(plan.contains("INDEX cases_in_treatment "), "{plan}");
            assert!(!plan.contains("SEARCH p"), "{plan}");
        } else {
            assert!(plan.contains("INDEX cases_in_treatment_citizen"), "{plan}");
        }
    }
}

/// The fast counts are the rule's counts: for a team leader, a counsellor
/// off and on the anonymous team, each with and without "only mine", the
/// summary equals the straightforward statement (every course joined to
/// its citizen under the whole access rule), and the board's count in
/// every order, searched or not, with ended courses or not, is the number
/// of lines its pages hold.
#[test]
fn the_fast_counts_are_the_counts_of_the_rule() {
    use chrono::NaiveDate;

    use crate::domain::access::{Actor, Role};
    use crate::domain::plan::BoardSort;
    use crate::store::case_find::allowed_sql;
    use crate::store::{CaseAction, ended_window_start};

    let today = NaiveDate::from_ymd_opt(2026, 3, 17).unwrap();
    let store = board_pages::centre(1_500);
    let straightforward = "SELECT
        (SELECT COUNT(*) FROM cases c JOIN citizens p ON p.id = c.citizen_id
            WHERE c.treatment_started_on IS NOT NULL AND c.closed_on IS NULL AND {scope}),
        (SELECT COUNT(DISTINCT c.id) FROM cases c JOIN deadlines d ON d.case_id = c.id
            JOIN citizens p ON p.id = c.citizen_id
            WHERE c.treatment_started_on IS NOT NULL AND c.closed_on IS NULL AND {scope}
            AND d.kind IN ('treatment_plan', 'plan_revision', 'first_follow_up', 'action_plan_decision')
            AND d.due < ?3),
        (SELECT COUNT(*) FROM cases c JOIN deadlines d ON d.case_id = c.id JOIN citizens p ON p.id = c.citizen_id
            WHERE c.treatment_started_on IS NOT NULL AND c.closed_on IS NULL AND {scope}
            AND d.kind = 'treatment_plan'),
        (SELECT COUNT(*) FROM follow_up_calls f JOIN cases c ON c.id = f.case_id
            JOIN citizens p ON p.id = c.citizen_id
            WHERE f.done_on IS NULL AND f.due_on <= ?3 AND {scope})";
    let someone = store.active_courses(&store.viewer(false).unwrap()).unwrap()[3].case.counsellor.clone();
    let named: Vec<String> = {
        let courses = store.active_courses(&store.viewer(false).unwrap()).unwrap();
        let name = courses[1].case.identity.display_name();
        vec![String::new(), name.chars().take(3).collect(), "e".to_string(), format!("#{}", courses[2].case.id)]
    };
    let mut whole = 0;
    for (role, anonymous_team) in [(Role::TeamLeader, false), (Role::Counsellor, false), (Role::Counsellor, true)] {
        for mine in [false, true] {
            let mut viewer = store.viewer(mine).unwrap();
            viewer.actor = Actor::User { role, anonymous_team };
            viewer.user.clone_from(&someone);
            let scope = format!(
                "({}){}",
                allowed_sql(&viewer, CaseAction::List),
                if mine { " AND c.counsellor = ?2" } else { "" }
            );
            let want: [i64; 4] = store
                .sqlite()
                .query_row(
                    &straightforward.replace("{scope}", &scope),
                    rusqlite::params!["", viewer.user, "2026-03-17"],
                    |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?]),
                )
                .unwrap();
            let got = store.board_summary(&viewer, today).unwrap();
            let got = [got.in_treatment, got.overdue, got.no_plan, got.calls_due].map(|n| n as i64);
            assert_eq!(got, want, "{role:?} anonymous team {anonymous_team}, mine {mine}");
            assert!(want.iter().all(|n| *n > 0) || mine, "{role:?}: {want:?}");
            match (role, anonymous_team, mine) {
                (Role::TeamLeader, _, false) => whole = want[0],
                // The anonymous courses are hidden from a counsellor off the team.
                (Role::Counsellor, false, false) => assert!(want[0] < whole, "{want:?} of {whole}"),
                (_, true, false) => assert_eq!(want[0], whole),
                _ => {}
            }
            for search in &named {
                for ended in [None, Some(ended_window_start(today))] {
                    for sort in BoardSort::ALL {
                        let pages = store.board_pages(&viewer, search, sort, ended);
                        let lines = pages.after(None, 100_000).unwrap();
                        assert_eq!(
                            pages.count().unwrap(),
                            lines.len(),
                            "{role:?} {mine} {search:?} {sort:?} {ended:?}"
                        );
                    }
                }
            }
        }
    }
}
