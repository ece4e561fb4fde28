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
