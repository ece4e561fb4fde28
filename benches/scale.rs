//! How the store and the panes' loads scale with the size of a centre.
//!
//!     cargo bench --bench scale            # 1,000, 10,000 and 100,000 cases
//!     cargo bench --bench scale -- 5000    # one size
//!
//! Builds a generated centre (`sagsbord::generate`, the generator of
//! `sagsbord generate`, seed 1) in a temporary file through the real
//! import, then times what a counsellor waits for:
//! opening the intake queue, `due`, and export. Each figure is the best of
//! five runs; the import and `check` (every row held against the audit
//! trail) are timed once.
//! With `SAGSBORD_SCALE_JSON=DIR` each generated centre is also written to
//! `DIR/centre-N.json`, for timing `sagsbord import` on it.
//!
//! The centre holds ten years of every kind of record (see
//! `src/generate/mod.rs`); `benches/centre.rs` times the same calls with
//! divan, and BENCHMARKS.md has the figures.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use sagsbord::domain::intake::build_queue;
use sagsbord::domain::policy::Profile;
use sagsbord::generate::Shape;
use sagsbord::store::exchange::ExportFile;
use sagsbord::store::{NewUser, Role, Store, Viewer};

const TODAY: &str = "2026-03-17";

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The generated centre of `n` cases (`sagsbord generate --cases n --seed 1`).
fn centre_of(n: usize) -> ExportFile {
    sagsbord::generate::centre(&Shape { cases: n, seed: 1, today: day(TODAY), stress: false }, &mut |_| {})
}

/// The best of five runs of `f`.
fn best(mut f: impl FnMut()) -> Duration {
    (0..5)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap()
}

fn ms(d: Duration) -> String {
    format!("{:>9.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let sizes: Vec<usize> = match std::env::args().skip(1).find(|a| !a.starts_with('-')) {
        Some(n) => vec![n.parse().expect("a number of cases")],
        None => vec![1_000, 10_000, 100_000],
    };
    let today = day(TODAY);
    let profile = Profile::built_in("randers").unwrap();
    println!(
        "{:>8} {:>12} {:>12} {:>12} {:>12} {:>12} {:>12}",
        "cases", "import", "queue", "queue mine", "due", "export", "check"
    );
    for n in sizes {
        let file = centre_of(n);
        // The generated centre as an import file, to time `sagsbord import` on it.
        if let Some(dir) = std::env::var_os("SAGSBORD_SCALE_JSON") {
            let out = std::path::Path::new(&dir).join(format!("centre-{n}.json"));
            std::fs::write(&out, sagsbord::store::exchange::to_text(&file)).unwrap();
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("scale.db");
        let mut store = Store::open(&path, "bench").unwrap();
        let start = Instant::now();
        store.import(&file).unwrap();
        let import = start.elapsed();

        let queue = |filter: &Viewer, store: &Store| {
            let cases = store.intake_open_cases(filter).unwrap();
            build_queue(cases, &profile.intake, "Randers", today)
        };
        // The bench's own user created the file (a team leader, who sees
        // every case); "kun mine" is a counsellor's own cases.
        if store.user("anna").unwrap().is_none() {
            let anna = NewUser {
                name: "anna".into(),
                full_name: String::new(),
                role: Role::Counsellor,
                anonymous_team: false,
            };
            store.add_user(&anna).unwrap();
        }
        let all = store.viewer(false).unwrap();
        let mine = Store::open(&path, "anna").unwrap().viewer(true).unwrap();
        let queue_all = best(|| assert!(!queue(&all, &store).is_empty()));
        let queue_mine = best(|| assert!(!queue(&mine, &store).is_empty()));
        let due = best(|| {
            store.due(&profile, today, 0).unwrap();
        });
        let export = best(|| {
            store.export().unwrap();
        });
        // Once: every row of the file hashed and held against the trail.
        let start = Instant::now();
        assert!(store.check(&[]).unwrap().is_clean());
        let check = start.elapsed();
        println!(
            "{n:>8} {:>12} {} {} {} {} {}",
            ms(import),
            ms(queue_all),
            ms(queue_mine),
            ms(due),
            ms(export),
            ms(check),
        );
    }
}
