//! What a counsellor feels at the keyboard: the real release binary in a
//! pseudo-terminal (100 × 30) on a generated centre, timed from outside.
//!
//!     cargo bench --locked --bench pty                          # 1,000 and 10,000 cases
//!     SAGSBORD_BENCH_100K=1 cargo bench --locked --bench pty    # and 100,000
//!     SAGSBORD_BENCH_DB=centre.db cargo bench --locked --bench pty   # one existing centre
//!     SAGSBORD_BENCH_DB=postgresql://… SAGSBORD_BENCH_CENTRE=NAME cargo bench --locked --bench pty
//!                                            # a centre on a PostgreSQL server (used as it is:
//!                                            # the looks the runs record stay in its trail)
//!
//! `SAGSBORD_BIN` runs another binary (the "before" one), and
//! `SAGSBORD_BENCH_RUNS` sets the number of runs (default 10). Each run
//! starts the program, waits for the first complete frame (`frames.rs`),
//! then presses: Enter (open a case in Indtag) and Esc; the pane switches
//! 1→2, 2→3, 3→4, 4→5, 5→6 and 6→1 (every pane visited; Rapporter's
//! switch is its first frame, the figures follow in the background); in Planer, on the way, line down, page down, and `/` and one
//! letter; back in Indtag, the same three; then reads the program's peak memory (VmHWM) and quits. A key's time runs from writing it to the terminal to
//! the last byte of its frame; its size is every byte written meanwhile.
//! Prints one markdown table a centre (median, fastest and slowest).

mod frames;
mod session;
mod stats;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use session::{Response, Session};
use stats::Record;

/// The terminal: columns × rows.
const TERMINAL: (u16, u16) = (100, 30);

/// The day the generated centres end on (the centre bench's day).
const TODAY: &str = "2026-03-17";

const DOWN: &str = "\x1b[B";
const PAGE_DOWN: &str = "\x1b[6~";
const ENTER: &str = "\r";
const ESC: &str = "\x1b";

fn main() {
    let bin = std::env::var_os("SAGSBORD_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_sagsbord")));
    let runs = std::env::var("SAGSBORD_BENCH_RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(10usize).max(1);
    let version = Command::new(&bin).arg("--version").output().expect("run sagsbord --version");
    println!("# sagsbord in a pseudo-terminal ({}×{})", TERMINAL.0, TERMINAL.1);
    println!();
    println!(
        "{} ({}); {runs} runs; {} cores; load average at the start: {}",
        String::from_utf8_lossy(&version.stdout).trim(),
        bin.display(),
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        load_average()
    );
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = |db: PathBuf| vec!["--db".to_string(), db.to_str().expect("a UTF-8 path").to_string()];
    let centres: Vec<(String, Vec<String>)> = match std::env::var("SAGSBORD_BENCH_DB") {
        Ok(url) if url.starts_with("postgresql://") || url.starts_with("postgres://") => {
            let centre = std::env::var("SAGSBORD_BENCH_CENTRE").expect("SAGSBORD_BENCH_CENTRE names the centre");
            vec![(format!("{centre} on PostgreSQL"), vec!["--db".into(), url, "--centre".into(), centre])]
        }
        Ok(db) => vec![(db.clone(), file(copy_centre(Path::new(&db), dir.path())))],
        Err(_) => sizes().into_iter().map(|n| (format!("{n} cases"), file(generate(&bin, n, dir.path())))).collect(),
    };
    for (name, db) in centres {
        // One run unmeasured: a newer binary migrates the file on its
        // first start, and the file is read into the page cache.
        measure_run(&bin, &db, &mut Record::default());
        let mut record = Record::default();
        for _ in 0..runs {
            measure_run(&bin, &db, &mut record);
        }
        println!();
        println!("## {name} (load average after: {})", load_average());
        println!();
        print!("{}", record.table());
    }
}

fn sizes() -> Vec<usize> {
    let mut sizes = vec![1_000, 10_000];
    if std::env::var_os("SAGSBORD_BENCH_100K").is_some() {
        sizes.push(100_000);
    }
    sizes
}

/// A centre of `cases` cases made by the binary itself (seed 1).
fn generate(bin: &Path, cases: usize, dir: &Path) -> PathBuf {
    let db = dir.join(format!("centre-{cases}.db"));
    eprintln!("generating {cases} cases into {} …", db.display());
    let status = Command::new(bin)
        .args(["--today", TODAY, "generate", "--cases", &cases.to_string(), "--seed", "1", "--db"])
        .arg(&db)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run sagsbord generate");
    assert!(status.success(), "sagsbord generate ended with {status}");
    db
}

/// A copy of an existing centre (with its write-ahead log), so that the
/// runs never change the original.
fn copy_centre(db: &Path, dir: &Path) -> PathBuf {
    let copy = dir.join("centre.db");
    std::fs::copy(db, &copy).expect("copy the centre");
    let wal = PathBuf::from(format!("{}-wal", db.display()));
    if wal.exists() {
        std::fs::copy(&wal, dir.join("centre.db-wal")).expect("copy the centre's log");
    }
    copy
}

/// One run: start, the keys, the peak memory, quit.
fn measure_run(bin: &Path, db: &[String], record: &mut Record) {
    let mut args: Vec<&str> = db.iter().map(String::as_str).collect();
    args.extend(["--today", TODAY]);
    let (mut tui, start) = Session::start(bin, &args, TERMINAL, |s| frames::pane_complete(s, 1));
    record.add("start-up → first complete frame", start);
    record.add("open a case (Enter), Indtag", tui.press(ENTER, frames::redrawn));
    tui.press(ESC, frames::redrawn);
    for (from, to, step) in [
        (1, 2, Some("pane switch 1→2")),
        (2, 3, Some("pane switch 2→3")),
        (3, 4, Some("pane switch 3→4")),
        (4, 5, Some("pane switch 4→5")),
        (5, 6, Some("pane switch 5→6")),
        (6, 1, Some("pane switch 6→1")),
    ] {
        assert_eq!(frames::active_pane(tui.screen()), Some(from), "{}", tui.screen().contents());
        let r = tui.press(&to.to_string(), |_, now| frames::pane_complete(now, to));
        if let Some(step) = step {
            record.add(step, r);
        }
        if to == 2 {
            // Planer: the longest list a counsellor scrolls and searches.
            for _ in 0..3 {
                record.add("line down (↓), Planer", moved(&mut tui, DOWN));
            }
            for _ in 0..2 {
                record.add("page down, Planer", moved(&mut tui, PAGE_DOWN));
            }
            tui.press("/", frames::redrawn);
            record.add("one search character (`/` then `a`), Planer", tui.press("a", frames::redrawn));
            tui.press(ESC, frames::redrawn);
        }
        if to == 1 {
            // Indtag again: its queue, the longest in a centre behind.
            record.add("line down (↓), Indtag", moved(&mut tui, DOWN));
            record.add("page down, Indtag", moved(&mut tui, PAGE_DOWN));
            tui.press("/", frames::redrawn);
            record.add("one search character (`/` then `a`), Indtag", tui.press("a", frames::redrawn));
            tui.press(ESC, frames::redrawn);
        }
    }
    record.add_peak_rss(tui.peak_rss_kib());
    tui.quit();
}

/// A cursor key: the frame it causes, which at the end of a short list
/// may change nothing (the program still answers, hiding the cursor).
fn moved(tui: &mut Session, key: &str) -> Response {
    tui.press(key, |_, now| frames::key_line_drawn(now))
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}
