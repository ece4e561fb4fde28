//! A PostgreSQL server for the tests (a stand-in until the throw-away
//! cluster lands): the server `SAGSBORD_TEST_PG` names.

use std::sync::atomic::{AtomicU32, Ordering};

/// A connection string to a new, empty database on the test server.
pub fn fresh_database() -> String {
    let server = std::env::var("SAGSBORD_TEST_PG").expect("SAGSBORD_TEST_PG names the test server");
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let name = format!("t_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
    let mut client = postgres::Client::connect(&server, postgres::NoTls).expect("the test server answers");
    client.batch_execute(&format!("CREATE DATABASE {name}")).expect("a test database is created");
    format!("{server} dbname={name}")
}
