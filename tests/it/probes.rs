//! Several processes on one file, as on the centre's server, and a writer
//! killed with SIGKILL again and again. The processes are this test binary
//! itself, started again with `SAGSBORD_PROBE` naming what it is to do: a
//! test that finds the variable set is a worker and writes, one that does
//! not is the coordinator, starts the workers and checks the file after.
//! Workers say what the store reported as saved on stdout, one line each
//! (`PROBE …`), so the coordinator can hold the file against it.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use sagsbord::domain::group::stock::StockOp;
use sagsbord::domain::money::Ore;
use sagsbord::domain::notification::NewConsideration;
use sagsbord::domain::plan::NewVersion;
use sagsbord::store::{NewUser, Role, Store, StoreError};
use tempfile::TempDir;

use crate::common::{BIN, fresh, sample};

/// What a worker process is to do (unset in the coordinator).
const PROBE: &str = "SAGSBORD_PROBE";
const PROBE_DB: &str = "SAGSBORD_PROBE_DB";
/// How long each worker of the mixed probe writes.
const WRITE_FOR: Duration = Duration::from_millis(2500);
/// No worker may run longer than this, however loaded the machine.
const LIMIT: Duration = Duration::from_secs(45);
const WORKERS: usize = 4;

/// The demo centre on a file, with its day, an open case and an open
/// course with a plan.
struct Centre {
    _dir: TempDir,
    path: PathBuf,
    today: NaiveDate,
    open_case: i64,
    plan_case: i64,
}

fn centre() -> Centre {
    let file = sample();
    let (dir, path, mut store) = fresh("opsætning");
    store.import(&file).unwrap();
    // The workers are team leaders: every one of them may write the case,
    // the plan and the ledger they race on.
    for name in (0..WORKERS).map(|i| format!("probe{i}")).chain(["skriver".to_string()]) {
        store
            .add_user(&NewUser { name, full_name: String::new(), role: Role::TeamLeader, anonymous_team: false })
            .unwrap();
    }
    let open: Vec<i64> =
        store.all_cases().unwrap().into_iter().filter(|c| c.progress.closed.is_none()).map(|c| c.id).collect();
    let plan_case = *open.iter().find(|id| store.latest_plan_version(**id).unwrap().is_some()).unwrap();
    Centre { _dir: dir, path, today: file.sample_today.unwrap(), open_case: open[0], plan_case }
}

/// This test binary again, running only test `name` as a worker.
fn worker(name: &str, mode: &str, db: &Path, actor: &str) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args([name, "--exact", "--nocapture", "--test-threads=1", "-q"])
        .env(PROBE, mode)
        .env(PROBE_DB, db)
        .env("USER", actor)
        .env("LOGNAME", actor)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// The `PROBE` lines a worker printed, each as it comes.
fn probe_lines(child: &mut Child) -> mpsc::Receiver<String> {
    let out = child.stdout.take().unwrap();
    let (send, lines) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if let Some(rest) = line.strip_prefix("PROBE ") {
                let _ = send.send(rest.to_string());
            }
        }
    });
    lines
}

/// The store a worker writes through, as the actor its parent named.
fn worker_store() -> (Store, String) {
    let path = PathBuf::from(std::env::var(PROBE_DB).unwrap());
    let actor = std::env::var("USER").unwrap();
    (Store::open(&path, &actor).unwrap(), actor)
}

/// A failure that is not a refusal of the rules: the database busy, locked, broken.
fn failure(e: &StoreError) -> bool {
    !matches!(e, StoreError::Changed(_) | StoreError::Group(_))
}

fn report<T>(result: Result<T, StoreError>, saved: impl FnOnce(T) -> String) {
    match result {
        Ok(value) => println!("PROBE {}", saved(value)),
        Err(e) if failure(&e) => println!("PROBE error {e}"),
        Err(_) => println!("PROBE refused"),
    }
}

/// A worker of the mixed probe: for a bounded time, a consideration on one
/// case, a revision of one plan (the next version number as it reads it),
/// and gift card `PROBE-n` received, over and over.
fn mixed_worker(today: NaiveDate, open_case: i64, plan_case: i64) {
    let (mut store, actor) = worker_store();
    let started = Instant::now();
    let mut round = 0;
    while started.elapsed() < WRITE_FOR {
        let note = NewConsideration { on: today, note: format!("{actor} {round}") };
        report(store.record_consideration(open_case, &note), |c| format!("consideration {}", c.id));
        match store.latest_plan_version(plan_case) {
            Ok(Some(latest)) => {
                let next = NewVersion {
                    version: latest.version + 1,
                    effective_on: latest.effective_on,
                    next_revision_on: latest.next_revision_on,
                    goals: latest.goals.clone(),
                    services: latest.services.clone(),
                    methods: latest.methods.clone(),
                    partners: latest.partners.clone(),
                    action_plan: latest.action_plan,
                    citizen_took_part: latest.citizen_took_part,
                    changes: format!("{actor} {round}"),
                };
                report(store.add_plan_version(plan_case, &next), |v| format!("plan {} {actor}", v.version));
            }
            Ok(None) => println!("PROBE error the plan is gone"),
            Err(e) => println!("PROBE error {e}"),
        }
        let card = StockOp::ReceiveOne { serial: format!("PROBE-{round}"), value: Ore::from_kr(100) };
        report(store.record_stock(&card, today), |_| format!("card PROBE-{round} {actor}"));
        round += 1;
    }
}

/// Four processes write the same case, the same plan and the same gift
/// card serials at once for a bounded time: every write the store said it
/// saved is in the file, none failed as busy or locked, and the trail and
/// the file check out.
#[test]
fn processes_writing_one_file_at_once_lose_nothing_and_never_meet_a_locked_database() {
    if std::env::var(PROBE).is_ok_and(|m| m.starts_with("mixed ")) {
        let mode = std::env::var(PROBE).unwrap();
        let parts: Vec<&str> = mode.split(' ').collect();
        let day = NaiveDate::parse_from_str(parts[1], "%Y-%m-%d").unwrap();
        return mixed_worker(day, parts[2].parse().unwrap(), parts[3].parse().unwrap());
    }
    let c = centre();
    let setup = Store::open(&c.path, "opsætning").unwrap();
    let considerations_before = setup.considerations_of(c.open_case).unwrap().len();
    let versions_before = setup.plan_versions(c.plan_case).unwrap().len();
    let mode = format!("mixed {} {} {}", c.today, c.open_case, c.plan_case);
    let name = "probes::processes_writing_one_file_at_once_lose_nothing_and_never_meet_a_locked_database";
    let actors: Vec<String> = (0..WORKERS).map(|i| format!("probe{i}")).collect();
    let mut children: Vec<Child> = actors.iter().map(|a| worker(name, &mode, &c.path, a)).collect();
    let outputs: Vec<mpsc::Receiver<String>> = children.iter_mut().map(probe_lines).collect();
    let started = Instant::now();
    for child in &mut children {
        while child.try_wait().unwrap().is_none() {
            assert!(started.elapsed() < LIMIT, "a worker hung");
            thread::sleep(Duration::from_millis(20));
        }
        assert!(child.wait().unwrap().success(), "a worker failed");
    }
    let lines: Vec<Vec<String>> = outputs.iter().map(|o| o.try_iter().collect()).collect();

    let all: Vec<&String> = lines.iter().flatten().collect();
    let errors: Vec<&&String> = all.iter().filter(|l| l.starts_with("error")).collect();
    assert!(errors.is_empty(), "failures, not refusals: {errors:?}");
    for (actor, own) in actors.iter().zip(&lines) {
        assert!(own.iter().any(|l| !l.starts_with("refused")), "{actor} saved nothing: {own:?}");
    }
    let store = Store::open(&c.path, "kontrol").unwrap();
    // Considerations: each one saved is there, and no more.
    let stored: Vec<i64> = store.considerations_of(c.open_case).unwrap().iter().map(|c| c.id).collect();
    let saved: Vec<i64> =
        all.iter().filter_map(|l| l.strip_prefix("consideration ")).map(|id| id.parse().unwrap()).collect();
    for id in &saved {
        assert!(stored.contains(id), "consideration {id} was reported saved and is gone");
    }
    assert_eq!(stored.len(), considerations_before + saved.len());
    // The plan: each version number once, by the one told it was saved.
    let versions = store.plan_versions(c.plan_case).unwrap();
    let revised: Vec<(u32, &str)> = all
        .iter()
        .filter_map(|l| l.strip_prefix("plan "))
        .map(|rest| rest.split_once(' ').map(|(v, a)| (v.parse().unwrap(), a)).unwrap())
        .collect();
    assert_eq!(versions.len(), versions_before + revised.len(), "{revised:?}");
    for (version, actor) in &revised {
        let stored = versions.iter().find(|v| v.version == *version).unwrap();
        assert_eq!(stored.actor, *actor, "version {version}");
    }
    // Gift cards: each serial received once, by the one told so.
    let cards: Vec<(&str, &str)> =
        all.iter().filter_map(|l| l.strip_prefix("card ")).map(|rest| rest.split_once(' ').unwrap()).collect();
    let ledger = store.ledger().unwrap();
    let received: Vec<(&str, &str)> = ledger
        .entries()
        .iter()
        .filter(|e| e.serial.starts_with("PROBE-"))
        .map(|e| (e.serial.as_str(), e.actor.as_str()))
        .collect();
    let mut cards_sorted = cards.clone();
    cards_sorted.sort();
    let mut received_sorted = received.clone();
    received_sorted.sort();
    assert_eq!(received_sorted, cards_sorted);
    intact(&c.path, &store);
}

/// The file passes SQLite's integrity check, the trail's chain and
/// `sagsbord check`.
fn intact(path: &Path, store: &Store) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(integrity, "ok");
    assert_eq!(store.verify_audit().unwrap(), Vec::new());
    let out = Command::new(BIN).arg("--db").arg(path).arg("check").env_remove("SAGSBORD_DB").output().unwrap();
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}

/// A worker that records considerations until it is killed, saying each
/// one the store reported saved.
fn endless_writer(today: NaiveDate, case_id: i64) {
    let (mut store, actor) = worker_store();
    for round in 0.. {
        let note = NewConsideration { on: today, note: format!("{actor} {round}") };
        report(store.record_consideration(case_id, &note), |c| format!("saved {}", c.id));
    }
}

/// A writer killed with SIGKILL at twenty moments, mid-transaction most
/// of them: after each, the file passes its checks and every change the
/// store reported saved is there.
#[test]
fn a_writer_killed_again_and_again_loses_no_saved_change_and_leaves_an_intact_file() {
    if let Ok(mode) = std::env::var(PROBE)
        && let Some(rest) = mode.strip_prefix("writer ")
    {
        let (day, case) = rest.split_once(' ').unwrap();
        return endless_writer(NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap(), case.parse().unwrap());
    }
    let c = centre();
    let name = "probes::a_writer_killed_again_and_again_loses_no_saved_change_and_leaves_an_intact_file";
    let mode = format!("writer {} {}", c.today, c.open_case);
    let mut saved: Vec<i64> = Vec::new();
    for round in 0..20u32 {
        let mut child = worker(name, &mode, &c.path, "skriver");
        let lines = probe_lines(&mut child);
        // Killed after a few saves, at a moment that moves through a write.
        let wanted = 1 + round as usize % 4;
        let mut got = 0;
        let started = Instant::now();
        while got < wanted {
            match lines.recv_timeout(LIMIT.saturating_sub(started.elapsed())) {
                Ok(line) => {
                    assert!(!line.starts_with("error"), "round {round}: {line}");
                    if let Some(id) = line.strip_prefix("saved ") {
                        saved.push(id.parse().unwrap());
                        got += 1;
                    }
                }
                Err(_) => panic!("round {round}: the writer saved nothing within {LIMIT:?}"),
            }
        }
        thread::sleep(Duration::from_micros(u64::from(round) * 700));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        saved.extend(lines.try_iter().filter_map(|l| l.strip_prefix("saved ").map(|id| id.parse::<i64>().unwrap())));
    }
    let store = Store::open(&c.path, "kontrol").unwrap();
    let stored: Vec<i64> = store.considerations_of(c.open_case).unwrap().iter().map(|c| c.id).collect();
    for id in &saved {
        assert!(stored.contains(id), "consideration {id} was reported saved and is gone");
    }
    intact(&c.path, &store);
}
