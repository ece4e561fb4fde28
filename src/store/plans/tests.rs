//! The plan queries read their indexes.

use super::*;
use crate::store::Store;

/// SQLite's plan for a statement, as one line of text.
fn query_plan(store: &Store, sql: &str) -> String {
    let mut stmt = store.conn().prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
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

    fn centre(cases: usize) -> Store {
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
