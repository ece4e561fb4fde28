//! Opening cases while a colleague writes: two counsellors' processes open
//! cases over and over (each look writes its audit row), while a third
//! process writes, and once holds the write lock for 7 s, longer than the
//! store's 5 s busy timeout, as an import of a large file does.
//!
//!     cargo bench --bench audit_wait            # 20 s
//!     cargo bench --bench audit_wait -- 40      # another number of seconds
//!
//! Prints, for each reader, how many cases it opened, how many looks
//! failed, and the median, 99th percentile and longest wait for one look.
//! The same binary runs each process (`SAGSBORD_BENCH_ROLE`).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use rusqlite::{Connection, TransactionBehavior};
use sagsbord::domain::group::stock::StockOp;
use sagsbord::domain::money::Ore;
use sagsbord::store::{Store, exchange};

const SAMPLE: &str = include_str!("../sample-data/centre.json");
/// When the writer takes the lock for long, and for how long.
const LONG_WRITE_AT: Duration = Duration::from_secs(4);
const LONG_WRITE: Duration = Duration::from_secs(7);

fn reader(db: &Path, who: &str, seconds: u64) {
    let mut store = Store::open(db, who).unwrap();
    let cases: Vec<i64> = store.all_cases().unwrap().iter().map(|c| c.id).collect();
    let until = Instant::now() + Duration::from_secs(seconds);
    let (mut waits, mut failures) = (Vec::new(), Vec::new());
    let mut n = 0;
    while Instant::now() < until {
        let started = Instant::now();
        match store.view_case(cases[n % cases.len()]) {
            Ok(_) => waits.push(started.elapsed()),
            Err(e) => failures.push(e.to_string()),
        }
        n += 1;
        std::thread::sleep(Duration::from_millis(20));
    }
    waits.sort();
    let at = |q: f64| waits.get(((waits.len() as f64 - 1.0) * q) as usize).copied().unwrap_or_default();
    let ms = |d: Duration| format!("{:.1}", d.as_secs_f64() * 1000.0);
    println!(
        "{who:>8} {:>7} {:>7} {:>10} {:>10} {:>10}  {}",
        waits.len(),
        failures.len(),
        ms(at(0.5)),
        ms(at(0.99)),
        ms(at(1.0)),
        failures.first().map(String::as_str).unwrap_or("")
    );
}

fn writer(db: &Path, seconds: u64) {
    let mut store = Store::open(db, "writer").unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 3, 17).unwrap();
    let started = Instant::now();
    let until = started + Duration::from_secs(seconds);
    let mut serial = 0;
    let mut long_done = false;
    while Instant::now() < until {
        if !long_done && started.elapsed() >= LONG_WRITE_AT {
            // Another program's long write (a large import): the lock held 7 s.
            let mut conn = Connection::open(db).unwrap();
            conn.busy_timeout(Duration::from_secs(30)).unwrap();
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).unwrap();
            std::thread::sleep(LONG_WRITE);
            tx.commit().unwrap();
            long_done = true;
        }
        serial += 1;
        let op = StockOp::ReceiveOne { serial: format!("BENCH-{serial:05}"), value: Ore::from_kr(200) };
        if let Err(e) = store.record_stock(&op, day) {
            eprintln!("writer: {e}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    println!("  writer {serial:>7} writes, and one that held the file for {} s", LONG_WRITE.as_secs());
}

fn main() {
    let seconds: u64 =
        std::env::args().skip(1).find(|a| !a.starts_with('-')).map(|s| s.parse().expect("seconds")).unwrap_or(20);
    if let Ok(role) = std::env::var("SAGSBORD_BENCH_ROLE") {
        let db = std::env::var("SAGSBORD_BENCH_DB").unwrap();
        match role.as_str() {
            "writer" => writer(Path::new(&db), seconds),
            who => reader(Path::new(&db), who, seconds),
        }
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("wait.db");
    Store::open(&db, "setup").unwrap().import(&exchange::parse(SAMPLE).unwrap()).unwrap();
    println!("{:>8} {:>7} {:>7} {:>10} {:>10} {:>10}", "process", "opened", "failed", "median ms", "p99 ms", "max ms");
    let me = std::env::current_exe().unwrap();
    let children: Vec<_> = ["anna", "bo", "writer"]
        .into_iter()
        .map(|role| {
            Command::new(&me)
                .arg(seconds.to_string())
                .env("SAGSBORD_BENCH_ROLE", role)
                .env("SAGSBORD_BENCH_DB", &db)
                .stdout(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        print!("{}", String::from_utf8_lossy(&out.stdout));
    }
}
