//! What a counsellor and a team leader wait for, on generated centres of
//! 1,000 and 10,000 cases (and 100,000 with `SAGSBORD_BENCH_100K=1`):
//!
//!     cargo bench --locked --bench centre
//!     SAGSBORD_BENCH_100K=1 cargo bench --locked --bench centre
//!
//! Each centre is made once by `sagsbord::generate` (the same generator as
//! `sagsbord generate`, seed 1, on a fixed day) and imported into a
//! temporary database; the benchmarks then time the store's own calls:
//! `due`, the yearly report, export, the intake queue's first load, the
//! Grupper pane's MOVE courses, the Planer pane's board, and import and
//! generation themselves. divan prints the median of each.
//! See BENCHMARKS.md for the figures and the command-line measurements.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use chrono::NaiveDate;
use sagsbord::app::{Action, App, keymap};
use sagsbord::domain::intake::queue_entry;
use sagsbord::domain::policy::Profile;
use sagsbord::domain::report::Period;
use sagsbord::generate::{self, Shape};
use sagsbord::store::Store;
use sagsbord::store::exchange::ExportFile;

fn main() {
    divan::main();
}

/// The day the generated centres end on.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 17).unwrap()
}

fn sizes() -> Vec<usize> {
    let mut sizes = vec![1_000, 10_000];
    if std::env::var_os("SAGSBORD_BENCH_100K").is_some() {
        sizes.push(100_000);
    }
    sizes
}

fn shape(cases: usize) -> Shape {
    Shape { cases, seed: 1, today: today(), stress: false }
}

/// A generated centre in a database, kept for the whole run.
struct Centre {
    file: &'static ExportFile,
    path: PathBuf,
    _dir: tempfile::TempDir,
}

fn centre(cases: usize) -> &'static Centre {
    static CENTRES: OnceLock<Mutex<HashMap<usize, &'static Centre>>> = OnceLock::new();
    let mut made = CENTRES.get_or_init(Default::default).lock().unwrap();
    made.entry(cases).or_insert_with(|| {
        let file: &'static ExportFile = Box::leak(Box::new(generate::centre(&shape(cases), &mut |_| {})));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("centre.db");
        Store::open(&path, "bench").unwrap().import(file).unwrap();
        Box::leak(Box::new(Centre { file, path, _dir: dir }))
    })
}

fn profile() -> Profile {
    Profile::built_in(generate::PROFILE).unwrap()
}

#[divan::bench(args = sizes(), sample_count = 10)]
fn due(bencher: divan::Bencher, cases: usize) {
    let store = Store::open(&centre(cases).path, "bench").unwrap();
    let profile = profile();
    bencher.bench_local(|| store.due(&profile, today(), 0).unwrap());
}

#[divan::bench(args = sizes(), sample_count = 10)]
fn yearly_report(bencher: divan::Bencher, cases: usize) {
    let store = Store::open(&centre(cases).path, "bench").unwrap();
    let profile = profile();
    let year = Period::year(2025).unwrap();
    bencher.bench_local(|| store.report(&profile, year, today()).unwrap());
}

#[divan::bench(args = sizes(), sample_count = 10)]
fn intake_queue(bencher: divan::Bencher, cases: usize) {
    let store = Store::open(&centre(cases).path, "bench").unwrap();
    let viewer = store.viewer(false).unwrap();
    let profile = profile();
    bencher.bench_local(|| {
        let pages = store.intake_queue_pages(&viewer, "", profile.intake.clock_starts);
        let summary = store.intake_queue_summary(&viewer, &profile.intake, today()).unwrap();
        let page = pages.after(None, 40).unwrap();
        (
            summary,
            pages.count().unwrap(),
            page.into_iter().map(|l| queue_entry(l.case, &profile.intake, "Randers", today())).collect::<Vec<_>>(),
        )
    });
}

/// The Grupper pane's MOVE course list: every course with its cards
/// checked against the ledger.
#[divan::bench(args = sizes(), sample_count = 10)]
fn move_courses(bencher: divan::Bencher, cases: usize) {
    let store = Store::open(&centre(cases).path, "bench").unwrap();
    let settings = profile().move_cards;
    bencher.bench_local(|| store.move_course_list(&settings).unwrap());
}

/// The Planer pane's board: the courses in treatment and the open
/// follow-up calls with their cases.
#[divan::bench(args = sizes(), sample_count = 10)]
fn plan_board(bencher: divan::Bencher, cases: usize) {
    let store = Store::open(&centre(cases).path, "bench").unwrap();
    let viewer = store.viewer(false).unwrap();
    bencher.bench_local(|| (store.active_courses(&viewer).unwrap(), store.open_course_calls(&viewer).unwrap()));
}

#[divan::bench(args = sizes(), sample_count = 5)]
fn export(bencher: divan::Bencher, cases: usize) {
    let mut store = Store::open(&centre(cases).path, "bench").unwrap();
    bencher.bench_local(|| store.export().unwrap());
}

#[divan::bench(args = sizes(), sample_count = 5)]
fn import(bencher: divan::Bencher, cases: usize) {
    let file = centre(cases).file;
    bencher
        .with_inputs(|| {
            let dir = tempfile::tempdir().unwrap();
            let store = Store::open(&dir.path().join("import.db"), "bench").unwrap();
            (dir, store)
        })
        .bench_local_values(|(dir, mut store)| {
            store.import(file).unwrap();
            (dir, store)
        });
}

#[divan::bench(args = sizes(), sample_count = 5)]
fn generate(bencher: divan::Bencher, cases: usize) {
    bencher.bench_local(|| generate::centre(&shape(cases), &mut |_| {}));
}

/// The workbench on the centre, as the person who imported it (a team
/// leader: every pane shows its rows), on Indtag.
fn workbench(cases: usize) -> App {
    let store = Store::open(&centre(cases).path, "bench").unwrap();
    App::new(store, today(), keymap::load(None).0).unwrap()
}

/// The panes by number key, 1 to 6.
const PANES: [usize; 6] = [0, 1, 2, 3, 4, 5];

/// A pane's first page: what coming on screen costs when its data changed
/// since it was last shown (and what every pane switch cost before the
/// shell kept track of that): its list read and built, the look recorded.
/// Indtag (pane 0) is the one the workbench opens on: its figure is the
/// start, the file opened and the queue loaded.
#[divan::bench(args = sizes(), consts = PANES, sample_count = 10)]
fn pane_first_page<const PANE: usize>(bencher: divan::Bencher, cases: usize) {
    if PANE == 0 {
        bencher.bench_local(|| workbench(cases));
        return;
    }
    bencher.with_inputs(|| workbench(cases)).bench_local_values(|mut app| {
        app.go(PANE);
        app
    });
}

/// A pane switch when nothing changed: the six panes in turn, each already
/// loaded once. One iteration is one switch.
#[divan::bench(args = sizes(), sample_count = 10)]
fn pane_switch_unchanged(bencher: divan::Bencher, cases: usize) {
    let mut app = workbench(cases);
    for pane in PANES {
        app.go(pane);
    }
    let mut next = 0;
    bencher.bench_local(|| {
        next = (next + 1) % PANES.len();
        app.go(next);
    });
}

/// A page down the Planer board (of the view's 10 rows), back to the top
/// after 20 pages.
#[divan::bench(args = sizes(), sample_count = 10)]
fn page_turn(bencher: divan::Bencher, cases: usize) {
    let mut app = workbench(cases);
    app.update(Action::PanePlans);
    let mut turned = 0;
    bencher.bench_local(|| {
        turned += 1;
        app.update(if turned % 20 == 0 { Action::Top } else { Action::PageDown });
    });
}
