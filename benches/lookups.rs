//! One record by number, as the store reads it, with SQLite's query
//! planner stability guarantee (QPSG) off and on: without it a cached
//! lookup is compiled again on every use (see `Store::setup`).
//!
//!     cargo bench --locked --bench lookups
//!
//! The statements run on a raw connection to a generated centre of 1,000
//! cases, through rusqlite's statement cache exactly as the store runs
//! them; `qpsg = false` is the connection as it was before the setting.

use std::path::PathBuf;
use std::sync::OnceLock;

use chrono::NaiveDate;
use rusqlite::Connection;
use rusqlite::config::DbConfig;
use sagsbord::generate::{self, Shape};
use sagsbord::store::Store;

fn main() {
    divan::main();
}

/// The store's case lookup (`load_case`): the case with its citizen.
const CASE: &str = "SELECT c.id, c.citizen_id, c.kind, c.channel, c.contact_at, p.name, p.cpr, p.pseudonym,
    c.counsellor, c.treatment_started_on, c.closed_on FROM cases c JOIN citizens p ON p.id = c.citizen_id
    WHERE c.id = ?1";
/// A course's follow-up calls (`course_calls`).
const CALLS: &str = "SELECT id, case_id, months, due_on FROM follow_up_calls WHERE case_id = ?1 ORDER BY months, id";

const CASES: usize = 1_000;

fn centre() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let today = NaiveDate::from_ymd_opt(2026, 3, 17).unwrap();
        let file = generate::centre(&Shape { cases: CASES, seed: 1, today, stress: false }, &mut |_| {});
        let dir = Box::leak(Box::new(tempfile::tempdir().unwrap()));
        let path = dir.path().join("centre.db");
        Store::open(&path, "bench").unwrap().import(&file).unwrap();
        path
    })
}

fn connection(qpsg: bool) -> Connection {
    let conn = Connection::open(centre()).unwrap();
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, qpsg).unwrap();
    conn
}

/// Looks up every case in turn, one statement from the cache a lookup.
fn lookups(bencher: divan::Bencher, qpsg: bool, sql: &str) {
    let conn = connection(qpsg);
    let mut id = 0i64;
    bencher.bench_local(|| {
        id = id % CASES as i64 + 1;
        let mut stmt = conn.prepare_cached(sql).unwrap();
        let rows = stmt.query_map([id], |r| r.get::<_, i64>(0)).unwrap();
        rows.count()
    });
}

#[divan::bench(args = [false, true])]
fn case_by_number(bencher: divan::Bencher, qpsg: bool) {
    lookups(bencher, qpsg, CASE);
}

#[divan::bench(args = [false, true])]
fn calls_of_a_course(bencher: divan::Bencher, qpsg: bool) {
    lookups(bencher, qpsg, CALLS);
}
