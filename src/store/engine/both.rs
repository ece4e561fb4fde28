//! The store's tests on both engines: a centre's schema, migrated, on a
//! SQLite file and on a PostgreSQL database of its own, and the macro that
//! runs a test once on each. A family that has moved onto the seam proves
//! here that its statements read and write alike on both.

use super::{Db, test_server};
use crate::store::{MigrationOutcome, Store, migrate_postgres};

/// A migrated centre's data on one engine: new connections on demand.
pub(crate) enum Place {
    Sqlite(tempfile::TempDir),
    Postgres(String),
}

/// The centre's schema the PostgreSQL side connects to: a name that needs
/// quoting, as a centre's may.
pub(crate) const CENTRE: &str = "Prøvecentret Nord";

impl Place {
    /// A new SQLite file at the program's schema (as `Store::open` leaves
    /// it, its creator registered).
    pub(crate) fn sqlite() -> Place {
        let dir = tempfile::tempdir().expect("a temporary folder");
        drop(Store::open(&dir.path().join("centre.db"), "test").expect("the file is created"));
        Place::Sqlite(dir)
    }

    /// A new PostgreSQL database with one centre at the program's schema.
    pub(crate) fn postgres() -> Place {
        let config = test_server::fresh_database();
        let mut client = postgres::Client::connect(&config, postgres::NoTls).expect("the test database answers");
        let migrated = migrate_postgres(&mut client, CENTRE).expect("the centre's schema is created");
        assert!(matches!(migrated, MigrationOutcome::AtVersion { .. }), "{migrated:?}");
        Place::Postgres(config)
    }

    /// A new connection, as a second counsellor's program would open.
    pub(crate) fn open(&self) -> Db<'static> {
        match self {
            Place::Sqlite(dir) => {
                let conn = rusqlite::Connection::open(dir.path().join("centre.db")).expect("the file opens");
                conn.busy_timeout(crate::store::BUSY_TIMEOUT).expect("a busy timeout");
                conn.pragma_update(None, "foreign_keys", true).expect("foreign keys on");
                Db::sqlite(conn)
            }
            Place::Postgres(config) => Db::postgres(config, CENTRE).expect("the server answers"),
        }
    }
}

/// Runs each named test, `fn(&Place)`, once on SQLite and once on
/// PostgreSQL (in modules `sqlite` and `postgres` of the caller).
macro_rules! on_both_engines {
    ($($test:ident),* $(,)?) => {
        mod sqlite {
            $( #[test] fn $test() { super::$test(&$crate::store::engine::both::Place::sqlite()); } )*
        }
        mod postgres {
            $( #[test] fn $test() { super::$test(&$crate::store::engine::both::Place::postgres()); } )*
        }
    };
}
pub(crate) use on_both_engines;

/// A citizen and an open case of `counsellor`'s, written as the schema
/// asks and nothing more: what a family's rows refer to. Its id.
pub(crate) fn a_case(db: &Db<'_>, counsellor: &str) -> i64 {
    let citizen: i64 = db
        .query_row(
            "INSERT INTO citizens (name, home_municipality) VALUES ('Ida Prøvesen', 'Rødovre') RETURNING id",
            &[],
            |r| r.get(0),
        )
        .expect("a citizen is written");
    db.query_row(
        "INSERT INTO cases (citizen_id, kind, channel, contact_at, counsellor, children, note)
         VALUES (?1, 'own_use', 'phone', '2026-03-02T09:00:00', ?2, 'no_children', '') RETURNING id",
        &[&citizen, &counsellor],
        |r| r.get(0),
    )
    .expect("a case is written")
}

/// How the engine would run `sql`: one line a step. PostgreSQL is told not
/// to read a table whole where an index can serve (its planner prefers a
/// whole read of the few rows a test holds): what it plans then says
/// whether an index serves the query at all, as SQLite's plan does.
pub(crate) fn plan(db: &Db<'_>, sql: &str, params: super::Params<'_>) -> Vec<String> {
    match db.engine() {
        super::Engine::Sqlite => db
            .query_map(&format!("EXPLAIN QUERY PLAN {sql}"), params, |r| r.get::<String>(3))
            .expect("SQLite plans the query"),
        super::Engine::Postgres => {
            db.execute_batch("SET enable_seqscan = off").expect("the planner takes the setting");
            let plan = db.query_map(&format!("EXPLAIN {sql}"), params, |r| r.get::<String>(0));
            db.execute_batch("RESET enable_seqscan").expect("the planner takes the setting");
            plan.expect("PostgreSQL plans the query")
        }
    }
}

/// The steps of a plan that read a whole table rather than an index.
pub(crate) fn whole_table_reads(plan: &[String]) -> Vec<&String> {
    plan.iter()
        .filter(|step| (step.trim_start().starts_with("SCAN ") && !step.contains("INDEX")) || step.contains("Seq Scan"))
        .collect()
}
