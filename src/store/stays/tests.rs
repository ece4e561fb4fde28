//! The stay queries read their indexes.

use super::*;

/// The plan of a query: one line per step SQLite takes.
fn plan(store: &Store, sql: &str, params: &[&dyn rusqlite::ToSql]) -> Vec<String> {
    let mut stmt = store.sqlite().prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
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
            pane_sql(allowed),
            vec![&since, &"anna"],
            &["stays_open", "stays_reports_due", "stays_ended", "stays_refused"],
        ),
        // A team leader's: no case read at all.
        (
            pane_sql(crate::store::case_find::EVERY_CASE),
            vec![&since],
            &["stays_open", "stays_reports_due", "stays_ended", "stays_refused"],
        ),
        (
            format!("SELECT {STAY_COLUMNS} {STAY_FROM} WHERE s.id IN ({OPEN} UNION ALL {REPORTS_DUE}) ORDER BY s.id"),
            vec![],
            &["stays_open", "stays_reports_due"],
        ),
        (
            format!("SELECT {BARE_STAY_COLUMNS} FROM stays s {}", totals_condition()),
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

/// The list reads a case only when the access rule asks about it, and the
/// names of the stays in view are read on the cases' and citizens' keys.
#[test]
fn the_stays_list_joins_cases_only_for_the_access_rule_and_names_on_the_keys() {
    let store = Store::open_in_memory("anna").unwrap();
    let since = "2025-12-17";
    let leader = plan(&store, &pane_sql(crate::store::case_find::EVERY_CASE), &[&since]).join("\n");
    assert!(!leader.contains(" c ") && !leader.contains("cases"), "{leader}");
    let own = plan(&store, &pane_sql("c.counsellor = ?2"), &[&since, &"anna"]).join("\n");
    assert!(own.contains("SEARCH c USING INTEGER PRIMARY KEY"), "{own}");
    assert!(!own.contains("citizens") && !own.contains(" p "), "{own}");
    let people = plan(&store, &people_sql("?1, ?2, ?3"), &[&1, &2, &3]).join("\n");
    assert!(people.contains("SEARCH c USING INTEGER PRIMARY KEY"), "{people}");
    assert!(people.contains("SEARCH p USING INTEGER PRIMARY KEY"), "{people}");
    assert!(!people.contains("SCAN"), "{people}");
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

/// The totals' stays read bare (no own payment, citizen or counsellor)
/// give the totals the stays read whole gave: on a generated centre
/// (prices changed every January and some summers, own payments, stays
/// across the years' edges), on days at the year's edges, the same stays
/// and the same totals to the øre.
#[test]
fn the_totals_of_the_stays_read_bare_are_those_of_the_stays_read_whole() {
    use chrono::Datelike;

    use crate::domain::stay::totals;
    use crate::generate::{self, Shape};

    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let file =
        generate::centre(&Shape { cases: 1_500, seed: 11, today: day("2026-03-17"), stress: false }, &mut |_| {});
    let mut store = Store::open_in_memory("anna").unwrap();
    store.import(&file).unwrap();
    let providers = store.providers().unwrap();
    assert!(providers.iter().any(|p| p.prices.len() > 2), "prices changed");
    let every = store.all_stays().unwrap();
    assert!(every.iter().any(|s| s.own_payment.is_some()), "own payments");
    let crosses = |edge: NaiveDate| {
        every.iter().filter_map(|s| s.actual_period()).any(|p| p.start < edge && p.end.is_none_or(|e| e >= edge))
    };
    assert!(crosses(day("2026-01-01")) && crosses(day("2025-01-01")), "stays across the years' edges");
    let figures = |stays: &[Stay], today| {
        let pairs: Vec<_> =
            stays.iter().filter_map(|s| providers.iter().find(|p| p.id == s.provider_id).map(|p| (s, p))).collect();
        totals(&pairs, today)
    };
    for today in ["2026-03-17", "2026-01-01", "2025-12-31", "2026-12-31"].map(day) {
        let bare = store.stays_for_totals(today.year()).unwrap();
        let since = format!("{:04}-01-01", today.year() - 1);
        let whole: Vec<Stay> =
            query_stays(&store.db(), &totals_condition(), &[&since]).unwrap().into_iter().map(|r| r.stay).collect();
        assert!(whole.iter().any(|s| s.own_payment.is_some()), "{today}: own payments among them");
        let unpaid = |stays: &[Stay]| stays.iter().map(|s| Stay { own_payment: None, ..s.clone() }).collect::<Vec<_>>();
        assert_eq!(bare, unpaid(&whole), "{today}: the same stays");
        let (t, w) = (figures(&bare, today), figures(&whole, today));
        assert!(t.year_total() > Ore::ZERO && t.failed.is_empty(), "{today}: {t:?}");
        assert_eq!(t, w, "{today}");
    }
}
