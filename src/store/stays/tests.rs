//! The stay queries read their indexes.

use super::*;

/// The plan of a query: one line per step SQLite takes.
fn plan(store: &Store, sql: &str, params: &[&dyn rusqlite::ToSql]) -> Vec<String> {
    let mut stmt = store.conn().prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    stmt.query_map(params, |r| r.get::<_, String>(3)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
}

#[test]
fn the_panes_and_dues_queries_use_their_indexes_and_never_scan_every_stay() {
    let store = Store::open_in_memory("anna").unwrap();
    let since = "2025-12-17";
    // The pane's query with a counsellor's access rule in it (own cases,
    // shared cases, the viewer's name in `?2`): the rule must not turn
    // the read of the partial indexes into a scan.
    let allowed =
        "c.counsellor = ?2 OR EXISTS (SELECT 1 FROM case_shares x WHERE x.case_id = c.id AND x.user_name = ?2)";
    let queries: Vec<(String, Vec<&dyn rusqlite::ToSql>, &[&str])> = vec![
        (
            format!("SELECT {STAY_COLUMNS} {STAY_FROM} {}", pane_condition(allowed)),
            vec![&since, &"anna"],
            &["stays_open", "stays_reports_due", "stays_ended", "stays_refused"],
        ),
        (
            format!("SELECT {STAY_COLUMNS} {STAY_FROM} WHERE s.id IN ({OPEN} UNION ALL {REPORTS_DUE}) ORDER BY s.id"),
            vec![],
            &["stays_open", "stays_reports_due"],
        ),
        (
            format!(
                "SELECT {STAY_COLUMNS} {STAY_FROM} WHERE s.id IN ({OPEN}
                    UNION ALL SELECT id FROM stays WHERE ended_on IS NOT NULL AND ended_on >= ?1) ORDER BY s.id"
            ),
            vec![&since],
            &["stays_open", "stays_ended"],
        ),
    ];
    for (sql, params, indexes) in queries {
        let steps = plan(&store, &sql, &params);
        let text = steps.join("\n");
        for index in indexes {
            assert!(text.contains(index), "{index} not used:\n{text}");
        }
        // A scan of a partial index reads only its rows; a scan of the
        // table itself reads every stay ever recorded.
        assert!(!steps.iter().any(|s| s == "SCAN stays" || s == "SCAN s"), "a full scan of the stays:\n{text}");
    }
}

/// The own payments' expenses of a whole list are read on the primary key,
/// in each stay's order, without a sort of their own.
#[test]
fn the_expenses_of_a_list_are_read_on_their_key() {
    let store = Store::open_in_memory("anna").unwrap();
    let steps = plan(&store, &expenses_sql("?1, ?2"), &[&1, &2]);
    let text = steps.join("\n");
    assert!(text.contains("stay_own_payment_expenses USING PRIMARY KEY"), "{text}");
    assert!(!text.contains("TEMP B-TREE"), "{text}");
}
