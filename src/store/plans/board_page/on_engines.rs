//! The board on both engines: every order read a page at a time forward
//! and back, located and counted alike, "only mine" in the SQL, the
//! summary's four counts, and each statement read on the index it is
//! written for.

use chrono::NaiveDate;
use rusqlite::types::Value;

use super::*;
use crate::domain::access::{Actor, Role};
use crate::store::Store;
use crate::store::access::Scope;
use crate::store::engine::both::{Place, on_both_engines, plan, whole_table_reads};
use crate::store::plans::board_summary::{BoardSummary, board_summary_on, summary_sql};

on_both_engines!(
    every_order_pages_forward_back_and_to_a_case_alike,
    only_mine_and_the_summary_count_alike,
    every_statement_reads_its_index
);

fn on(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, month, day).unwrap()
}

/// A course: its citizen, counsellor, treatment start and the plan
/// deadline (`kind`, `due`) the board orders urgency by. Its case id.
fn course(db: &Db<'_>, name: &str, counsellor: &str, started: &str, deadline: (&str, &str)) -> i64 {
    let citizen: i64 = db
        .query_row(
            "INSERT INTO citizens (name, home_municipality) VALUES (?1, 'Rødovre') RETURNING id",
            &[&name],
            |r| r.get(0),
        )
        .unwrap();
    let case: i64 = db
        .query_row(
            "INSERT INTO cases (citizen_id, kind, channel, contact_at, counsellor, children, note, treatment_started_on)
             VALUES (?1, 'own_use', 'phone', '2025-09-02T09:00:00', ?2, 'no_children', '', ?3) RETURNING id",
            &[&citizen, &counsellor, &started],
            |r| r.get(0),
        )
        .unwrap();
    db.execute(
        "INSERT INTO deadlines (case_id, seq, kind, due, counsellor, rule, setting, profile)
         VALUES (?1, 0, ?2, ?3, ?4, 'regel', 'indstilling', 'profil')",
        &[&case, &deadline.0, &deadline.1, &counsellor],
    )
    .unwrap();
    case
}

/// A course that ended on `ended`, with a follow-up call due on `call_due`.
fn ended(db: &Db<'_>, name: &str, counsellor: &str, ended: &str, call_due: &str) -> i64 {
    let case = course(db, name, counsellor, "2025-10-01", ("first_follow_up", call_due));
    db.execute("UPDATE cases SET closed_on = ?1 WHERE id = ?2", &[&ended, &case]).unwrap();
    db.execute(
        "INSERT INTO course_endings (case_id, ended_on, reason, follow_up_declined, note, actor, recorded_at)
         VALUES (?1, ?2, 'completed', 0, '', 'anna', '2026-02-10T10:00:00Z')",
        &[&case, &ended],
    )
    .unwrap();
    db.execute("INSERT INTO follow_up_calls (case_id, months, due_on) VALUES (?1, 1, ?2)", &[&case, &call_due])
        .unwrap();
    case
}

/// The centre: four courses in treatment (ids a–d), one ended since the
/// board's day (e) and one before it (f).
struct Centre {
    a: i64,
    b: i64,
    c: i64,
    d: i64,
    e: i64,
    f: i64,
}

fn centre(db: &Db<'_>) -> Centre {
    Centre {
        a: course(db, "bo Ask", "cai", "2026-01-05", ("treatment_plan", "2026-03-20")),
        b: course(db, "Ida Holm", "anna", "2026-01-02", ("plan_revision", "2026-03-01")),
        c: course(db, "Carl Dahl", "anna", "2026-02-01", ("treatment_plan", "2026-02-15")),
        d: course(db, "Ane Berg", "bo", "2026-01-20", ("plan_revision", "2026-06-01")),
        e: ended(db, "Eva Lund", "anna", "2026-02-10", "2026-03-10"),
        f: ended(db, "Finn Mørk", "bo", "2025-12-01", "2026-04-01"),
    }
}

/// A team leader's whole board, or a counsellor's own cases.
fn viewer(mine: bool) -> Viewer {
    let mut viewer = Store::open_in_memory("anna").unwrap().viewer(mine).unwrap();
    let role = if mine { Role::Counsellor } else { Role::TeamLeader };
    viewer.actor = Actor::User { role, anonymous_team: false };
    viewer.scope = if mine { Scope::OwnCases } else { Scope::AllCases };
    viewer
}

const SINCE: Option<NaiveDate> = NaiveDate::from_ymd_opt(2026, 1, 1);

fn ids(lines: &[BoardLine]) -> Vec<i64> {
    lines.iter().map(|l| l.key.case_id).collect()
}

fn every_order_pages_forward_back_and_to_a_case_alike(place: &Place) {
    let db = place.open();
    let Centre { a, b, c, d, e, f } = centre(&db);
    let leader = viewer(false);
    let orders = [
        (BoardSort::Urgency, [c, b, a, d, e], Value::Text("2026-02-15".into())),
        (BoardSort::Case, [a, b, c, d, e], Value::Integer(a)),
        // In the name order as lower case: "bo Ask" before "Carl Dahl".
        (BoardSort::Name, [d, a, c, b, e], Value::Text("ane berg".into())),
        (BoardSort::Counsellor, [b, c, d, a, e], Value::Text("anna".into())),
        (BoardSort::Start, [b, a, d, c, e], Value::Text("2026-01-02".into())),
    ];
    for (sort, want, first_value) in orders {
        let pages = board_pages_on(place.open(), &leader, "", sort, SINCE);
        assert_eq!(pages.count().unwrap(), 5, "{sort:?}");
        let all = pages.after(None, 10).unwrap();
        assert_eq!(ids(&all), want, "{sort:?}");
        assert_eq!(all[0].key.value, first_value, "{sort:?}");
        assert_eq!(all.iter().map(|l| l.key.ended).collect::<Vec<_>>(), [false, false, false, false, true]);
        // Each line's course is read in full: its case, and an ended one's ending.
        assert!(all.iter().all(|l| l.course.case.id == l.key.case_id), "{sort:?}");
        let ending = all[4].course.ending.as_ref().expect("the ended course's ending");
        assert_eq!(ending.ended_on, on(2, 10));

        // Forward by the key of the last line shown, into the ended part.
        let first = pages.after(None, 2).unwrap();
        let rest = pages.after(Some(&first[1].key), 10).unwrap();
        assert_eq!([ids(&first), ids(&rest)].concat(), want, "{sort:?} forward");
        // Back from the end, and from the first line of the last page.
        let last = pages.before(None, 2).unwrap();
        assert_eq!(ids(&last), want[3..], "{sort:?} the last page");
        let earlier = pages.before(Some(&last[0].key), 10).unwrap();
        assert_eq!(ids(&earlier), want[..3], "{sort:?} back");
        // A case's place is counted on the index.
        for (at, id) in want.iter().enumerate() {
            let (place, line) = pages.locate(*id).unwrap().expect("the case is on the board");
            assert_eq!((place, line.key.case_id), (at, *id), "{sort:?}");
        }
        assert_eq!(pages.locate(f).unwrap(), None, "ended before the board's day");
    }
    // Without the ended courses, only those in treatment.
    let pages = board_pages_on(place.open(), &leader, "", BoardSort::Case, None);
    assert_eq!((pages.count().unwrap(), ids(&pages.after(None, 10).unwrap())), (4, vec![a, b, c, d]));
}

fn only_mine_and_the_summary_count_alike(place: &Place) {
    let db = place.open();
    let Centre { b, c, e, .. } = centre(&db);
    let anna = viewer(true);
    for sort in BoardSort::ALL {
        let pages = board_pages_on(place.open(), &anna, "", sort, SINCE);
        let want = if matches!(sort, BoardSort::Urgency | BoardSort::Name) { [c, b, e] } else { [b, c, e] };
        assert_eq!(ids(&pages.after(None, 10).unwrap()), want, "{sort:?}");
        assert_eq!(pages.count().unwrap(), 3, "{sort:?}");
        assert_eq!(pages.locate(e).unwrap().map(|(at, _)| at), Some(2), "{sort:?}");
    }
    let today = on(3, 17);
    let whole = board_summary_on(&db, &viewer(false), today).unwrap();
    assert_eq!(whole, BoardSummary { in_treatment: 4, overdue: 2, no_plan: 2, calls_due: 1 });
    let mine = board_summary_on(&db, &anna, today).unwrap();
    assert_eq!(mine, BoardSummary { in_treatment: 2, overdue: 2, no_plan: 1, calls_due: 1 });
    let later = board_summary_on(&db, &viewer(false), on(4, 1)).unwrap();
    assert_eq!((later.overdue, later.calls_due), (3, 2), "a day later: a plan and a call more are due");
}

/// The index each order's page reads, on SQLite and on PostgreSQL.
fn page_index(sort: BoardSort, mine: bool, engine: crate::store::engine::Engine) -> &'static str {
    use crate::store::engine::Engine;
    match (sort, mine, engine) {
        (BoardSort::Urgency, ..) => "deadlines_board",
        (BoardSort::Case, _, Engine::Sqlite) => "INTEGER PRIMARY KEY",
        // PostgreSQL reads a counsellor's own cases in number order on
        // their index by counsellor and number, without NOT INDEXED.
        (BoardSort::Case, false, Engine::Postgres) => "cases_pkey",
        (BoardSort::Case, true, Engine::Postgres) => "cases_in_treatment_by_counsellor",
        (BoardSort::Name, ..) => "citizens_display_name",
        (BoardSort::Counsellor, ..) => "cases_in_treatment_by_counsellor",
        (BoardSort::Start, false, _) => "cases_in_treatment ",
        (BoardSort::Start, true, _) => "cases_in_treatment_counsellor",
    }
}

/// A step that sorts every row it is given: SQLite's temporary B-tree,
/// PostgreSQL's Sort. PostgreSQL's Incremental Sort is not one: it orders
/// the rows of one value of an index read in order by the id after it,
/// which SQLite's indexes hold (the rowid) and PostgreSQL's do not (the
/// ended courses, the start and the name orders).
fn sorts_whole(step: &str) -> bool {
    step.contains("TEMP B-TREE") || step.trim_start().trim_start_matches("->").trim_start().starts_with("Sort  (")
}

fn every_statement_reads_its_index(place: &Place) {
    let db = place.open();
    centre(&db);
    // PostgreSQL would rather sort a test's few rows than read them in an
    // index's order: told not to sort where an index can serve, its plan
    // says whether one serves each order at all, as SQLite's does.
    if db.engine() == crate::store::engine::Engine::Postgres {
        db.execute_batch("SET enable_sort = off").unwrap();
    }
    let limit = 10i64;
    for mine in [false, true] {
        let viewer = viewer(mine);
        for sort in BoardSort::ALL {
            let pages = board_pages_on(place.open(), &viewer, "", sort, SINCE);
            for (ended, index) in [(false, page_index(sort, mine, db.engine())), (true, "course_endings_ended")] {
                let key = pages.keys(ended, None, 1, true).unwrap().pop().expect("a line in the part");
                let sql = pages.page_sql(ended);
                let steps = plan(&db, &sql, &used(&sql, &pages.params(Some(&key), &limit)));
                assert!(whole_table_reads(&steps).is_empty(), "{sql}\nreads a whole table: {steps:?}");
                assert!(steps.iter().any(|s| s.contains(index)), "{sort:?} {index}: {steps:?}");
                assert!(!steps.iter().any(|s| sorts_whole(s)), "{sql}: {steps:?}");
            }
            let sql = pages.count_sql();
            let steps = plan(&db, &sql, &used(&sql, &pages.params(None, &limit)));
            assert!(whole_table_reads(&steps).is_empty(), "{sql}\nreads a whole table: {steps:?}");
        }
        let summary = summary_sql(&scope_sql(&viewer));
        let steps = plan(&db, &summary, &used(&summary, &[&"", &viewer.user, &"2026-03-17"]));
        let tables: Vec<_> = whole_table_reads(&steps).into_iter().filter(|s| *s != "SCAN CONSTANT ROW").collect();
        assert!(tables.is_empty(), "{summary}\nreads a whole table: {steps:?}");
        for index in ["cases_in_treatment", "deadlines_kind", "follow_up_calls_open"] {
            assert!(steps.iter().any(|s| s.contains(index)), "{index}: {steps:?}");
        }
    }
}
