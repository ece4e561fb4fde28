//! Migrations 26 and 28 on both engines: the search's `glob()` matches as
//! SQLite's GLOB does (on PostgreSQL as a regular expression made once),
//! the four orders read through to their id from an index with no sort,
//! and names order by their code points on a server with a Danish locale
//! as on SQLite.

use crate::domain::find::anywhere_pattern;
use crate::store::case_find::SEARCHED;
use crate::store::engine::both::{CENTRE, Place, a_case, on_both_engines, plan, whole_table_reads};
use crate::store::engine::{Db, Engine, test_server};
use crate::store::migrate_postgres;

on_both_engines!(
    glob_matches_as_sqlites_glob,
    the_search_finds_by_name_part_and_number,
    the_orders_read_their_index_to_the_id
);

fn glob_matches_as_sqlites_glob(place: &Place) {
    let db = place.open();
    // (pattern, text, matches), as SQLite's GLOB answers each.
    let cases: &[(&str, &str, bool)] = &[
        ("*", "", true),
        ("*", "Ida\nPrøvesen", true),
        ("Ida", "Ida", true),
        ("Ida", "ida", false),
        ("Ida", "Ida ", false),
        ("I?a", "Ida", true),
        ("I?a", "Ia", false),
        ("*[pP][rR][øØ]*", "Ida PRØVESEN", true),
        ("*[pP][rR][øØ]*", "Ida Prævesen", false),
        ("[^a]*", "bo", true),
        ("[^a]*", "alf", false),
        ("[a-c]", "b", true),
        ("[a-c]", "d", false),
        ("[]]", "]", true),
        ("[*]", "*", true),
        ("[*]", "x", false),
        ("[?]x", "?x", true),
        ("[[]1]", "[1]", true),
        ("[ab", "a", false),
        ("a.c", "abc", false),
        ("a.c", "a.c", true),
        ("(a)+$", "(a)+$", true),
        ("a\\b", "a\\b", true),
        ("^x|y", "^x|y", true),
        ("Åse*", "Åse Ørsted", true),
        // A `*` at an end, with line breaks about: no anchor there.
        ("*a*", "x\na\ny", true),
        ("*a", "b\na", true),
        ("*a", "a\n", false),
        ("a*", "a\n", true),
        ("a*", "\na", false),
        ("**", "", true),
        ("*[a*", "a", false),
        ("*[*]*", "a*b", true),
    ];
    for (pattern, text, want) in cases {
        let got: bool = db
            .query_row("SELECT glob(?1, ?2) FROM centre", &[pattern, text], |r| r.get(0))
            .unwrap_or_else(|e| panic!("{pattern} {text}: {e:?}"));
        assert_eq!(got, *want, "{pattern:?} on {text:?}");
        if db.engine() == Engine::Sqlite {
            let operator: bool = db.query_row("SELECT ?2 GLOB ?1 FROM centre", &[pattern, text], |r| r.get(0)).unwrap();
            assert_eq!(operator, got, "the function is SQLite's operator: {pattern:?} on {text:?}");
        }
    }
    let null: Option<bool> = db
        .query_row(
            "SELECT glob('*', name) FROM citizens WHERE FALSE UNION ALL SELECT glob('*', NULL) FROM centre",
            &[],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(null, None, "no text: no answer, as GLOB's");
}

fn the_search_finds_by_name_part_and_number(place: &Place) {
    let db = place.open();
    let ida = a_case(&db, "anna");
    db.execute(
        "UPDATE citizens SET name = 'Åse Ørsted-Hansen' WHERE id = (SELECT citizen_id FROM cases WHERE id = ?1)",
        &[&ida],
    )
    .unwrap();
    let other = a_case(&db, "bo");
    let found = |search: &str, number: &str| -> Vec<i64> {
        let sql =
            format!("SELECT c.id FROM cases c JOIN citizens p ON p.id = c.citizen_id WHERE {SEARCHED} ORDER BY c.id");
        db.query_map(&sql, &[&anywhere_pattern(search), &"", &number], |r| r.get(0)).unwrap()
    };
    assert_eq!(found("ørsted", ""), vec![ida]);
    assert_eq!(found("ØRSTED-h", ""), vec![ida]);
    assert_eq!(found("prøv", ""), vec![other]);
    assert_eq!(found("e", ""), vec![ida, other]);
    assert_eq!(found("x*", ""), Vec::<i64>::new(), "a `*` searched stands for itself");
    assert_eq!(found("zzz", &other.to_string()), vec![other]);
    if db.engine() == Engine::Postgres {
        // The pattern arrives translated (migration 28): the server matches
        // each row with its plain `~`, and calls no function per row.
        let sql = format!("SELECT c.id FROM cases c JOIN citizens p ON p.id = c.citizen_id WHERE {SEARCHED}");
        let steps = plan(&db, &sql, &[&anywhere_pattern("ørsted"), &"", &""]).join("\n");
        assert!(steps.contains(" ~ '[øØ][rR][sS][tT][eE][dD]'"), "{steps}");
        assert!(!steps.contains("glob"), "{steps}");
    }
}

fn the_orders_read_their_index_to_the_id(place: &Place) {
    let db = place.open();
    // Cases in treatment with equal start days and citizens of equal
    // names, so each order turns on the id; a course ended on a day two
    // others ended too.
    let mut ids = Vec::new();
    for (counsellor, started) in
        [("anna", "2026-02-01"), ("anna", "2026-01-15"), ("bo", "2026-02-01"), ("anna", "2026-02-01")]
    {
        let case = a_case(&db, counsellor);
        db.execute("UPDATE cases SET treatment_started_on = ?1 WHERE id = ?2", &[&started, &case]).unwrap();
        ids.push(case);
    }
    for (case, ended) in ids.iter().zip(["2026-03-01", "2026-02-20", "2026-03-01", "2026-03-01"]) {
        db.execute(
            "INSERT INTO course_endings (case_id, ended_on, reason, follow_up_declined, note, actor, recorded_at)
             VALUES (?1, ?2, 'completed', 0, '', 'anna', '2026-03-01T09:00:00Z')",
            &[case, &ended],
        )
        .unwrap();
    }
    if db.engine() == Engine::Postgres {
        // Told not to sort where an index can serve the order, not even by
        // the id after each value: an index that lacks the id cannot.
        db.execute_batch("SET enable_sort = off; SET enable_incremental_sort = off").unwrap();
    }
    let [a, b, c, d] = ids[..] else { unreachable!() };
    let orders: [(&str, &str, Vec<i64>); 4] = [
        (
            "SELECT c.id FROM cases c INDEXED BY cases_in_treatment
             WHERE c.treatment_started_on IS NOT NULL AND c.closed_on IS NULL AND c.treatment_started_on >= ?1
             ORDER BY c.treatment_started_on, c.id",
            "cases_in_treatment",
            vec![b, a, c, d],
        ),
        (
            "SELECT c.id FROM cases c INDEXED BY cases_in_treatment_counsellor
             WHERE c.treatment_started_on IS NOT NULL AND c.closed_on IS NULL AND c.counsellor = ?2
                AND c.treatment_started_on >= ?1
             ORDER BY c.treatment_started_on, c.id",
            "cases_in_treatment_counsellor",
            vec![b, a, d],
        ),
        (
            "SELECT e.case_id FROM course_endings e INDEXED BY course_endings_ended WHERE e.ended_on >= ?1
             ORDER BY e.ended_on DESC, e.case_id DESC",
            "course_endings_ended",
            vec![d, c, a, b],
        ),
        (
            "SELECT c.id FROM citizens p INDEXED BY citizens_display_name JOIN cases c ON c.citizen_id = p.id
             WHERE lower(COALESCE(p.pseudonym, p.name, '')) >= ?2 || ?1
             ORDER BY lower(COALESCE(p.pseudonym, p.name, '')), p.id",
            "citizens_display_name",
            vec![a, b, c, d],
        ),
    ];
    for (sql, index, want) in orders {
        let since = if index == "citizens_display_name" { "" } else { "2026-01-01" };
        let params: [&dyn crate::store::engine::ToValue; 2] = [&since, &"anna"];
        let used = if sql.contains("?2") { &params[..] } else { &params[..1] };
        let steps = plan(&db, sql, used);
        assert!(whole_table_reads(&steps).is_empty(), "{sql}\n{steps:#?}");
        assert!(steps.iter().any(|s| s.contains(index)), "{index}: {steps:#?}");
        assert!(!steps.iter().any(|s| s.contains("Sort") || s.contains("TEMP B-TREE")), "{sql}\n{steps:#?}");
        let got: Vec<i64> = db.query_map(sql, used, |r| r.get(0)).unwrap();
        assert_eq!(got, want, "{sql}");
    }
}

/// Names and counsellors as each engine orders them: a Danish-locale
/// PostgreSQL server (where "Aa" is "Å", after "Z") orders them by their
/// code points, as SQLite does, and still from the name order's index.
#[test]
fn names_order_by_code_point_on_a_danish_server_as_on_sqlite() {
    let config = test_server::fresh_database();
    let mut admin = ::postgres::Client::connect(&config, ::postgres::NoTls).expect("the test database answers");
    let name: String = admin.query_one("SELECT current_database()::text", &[]).unwrap().get(0);
    let danish = format!("{name}_da");
    admin
        .batch_execute(&format!(
            "CREATE DATABASE {danish} TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'da-DK' LOCALE 'C'"
        ))
        .expect("a Danish database");
    let config = match config.rsplit_once('/') {
        Some((server, _)) if config.starts_with("postgres") && !config.contains('?') => format!("{server}/{danish}"),
        _ => format!("{config} dbname={danish}"),
    };
    let mut client = ::postgres::Client::connect(&config, ::postgres::NoTls).expect("the Danish database answers");
    // The server's own order: Danish.
    let danish_order: Vec<String> = client
        .query("SELECT n FROM (VALUES ('Aase'), ('Zoe')) AS v (n) ORDER BY n", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(danish_order, ["Zoe", "Aase"], "the server orders as Danish does");
    migrate_postgres(&mut client, CENTRE).expect("the centre's schema is created");
    drop(client);
    let sqlite = Place::sqlite();
    let names = ["Aase", "Zoe", "Åse", "Ærø", "bo", "Øst"];
    let mut orders = Vec::new();
    for db in [sqlite.open(), Db::postgres(&config, CENTRE).unwrap()] {
        for (n, name) in names.iter().enumerate() {
            let case = a_case(&db, name);
            db.execute(
                "UPDATE citizens SET name = ?1 WHERE id = (SELECT citizen_id FROM cases WHERE id = ?2)",
                &[name, &case],
            )
            .unwrap();
            db.execute(
                "INSERT INTO users (name, role, added_by, added_at) VALUES (?1, 'counsellor', 'test', ?2)",
                &[name, &format!("2026-03-0{}T09:00:00Z", n + 1)],
            )
            .unwrap();
        }
        let list = |sql: &str| -> Vec<String> { db.query_map(sql, &[], |r| r.get(0)).unwrap() };
        let by_name = "SELECT p.name FROM citizens p ORDER BY lower(COALESCE(p.pseudonym, p.name, '')), p.id";
        if db.engine() == Engine::Postgres {
            db.execute_batch("SET enable_sort = off").unwrap();
            let steps = plan(&db, by_name, &[]);
            assert!(steps.iter().any(|s| s.contains("citizens_display_name")), "{steps:#?}");
            assert!(!steps.iter().any(|s| s.contains("Sort")), "{steps:#?}");
        }
        orders.push((
            list(by_name),
            list("SELECT counsellor FROM cases ORDER BY counsellor"),
            list("SELECT name FROM users WHERE name <> 'test' ORDER BY name"),
        ));
    }
    let code_points = vec!["Aase", "bo", "Zoe", "Åse", "Ærø", "Øst"];
    assert_eq!(orders[0].0, code_points, "SQLite's order");
    assert_eq!(orders[1], orders[0]);
}
