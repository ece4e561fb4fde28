//! Exports and backups of a database that colleagues are writing to at the
//! same moment, and an export killed half-way: the real binary on a real
//! file, with a writer thread registering contacts through the library.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use chrono::{Datelike, Days, NaiveDate};
use sagsbord::domain::intake::{Channel, ChildrenAnswer, ContactKind, Substance, validate_contact};
use sagsbord::domain::policy::Profile;
use sagsbord::store::exchange::{self, CaseRecord, CitizenRecord, EventRecord, ExportFile};
use sagsbord::store::{Store, current_user};
use tempfile::TempDir;

use crate::common::{BIN, Run, contact_input, cpr_passing_modulus11, date, test_centre};

/// A centre of `n` cases, each with its citizen and its first event: big
/// enough that an export takes a while.
fn centre_of(n: usize) -> ExportFile {
    let mut file = ExportFile::empty(test_centre());
    let start = date("2025-01-01");
    for i in 1..=n {
        let id = i as i64;
        let contact = start + Days::new((i % 400) as u64);
        file.citizens.push(CitizenRecord {
            id,
            name: Some(format!("Borger {i}")),
            cpr: None,
            pseudonym: None,
            home_municipality: "Favrskov".into(),
            citizenship: None,
            gender: None,
        });
        file.cases.push(CaseRecord {
            id,
            citizen_id: id,
            kind: ContactKind::Relative,
            channel: Channel::Phone,
            contact_at: contact.and_hms_opt(10, 0, 0).unwrap(),
            counsellor: "anna".into(),
            substances: vec![Substance::Cannabis],
            children: ChildrenAnswer::NoChildren,
            parental_consent: None,
            note: "Opfundet til en test.".into(),
            referred_young: false,
            visitation_on: None,
            consent_on: None,
            doctor_offered_on: None,
            doctor_wanted: None,
            doctor_held_on: None,
            free_choice: None,
            special_assessment: None,
            treatment_started_on: None,
            closed: None,
            closing_reason: None,
            family: None,
            income: None,
        });
        file.case_events.push(EventRecord {
            id,
            case_id: id,
            kind: "registered".into(),
            on: contact,
            reason: None,
            wanted: None,
            actor: "anna".into(),
            recorded_at: format!("{contact}T10:05:00Z"),
            undoes: None,
            counsellor: None,
        });
    }
    file
}

/// A private folder with a database of `n` cases.
fn big_database(n: usize) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sagsbord.db");
    Store::open(&db, &current_user().unwrap()).unwrap().import(&centre_of(n)).unwrap();
    (dir, db)
}

/// A colleague registering contacts (citizen, case and event in one
/// transaction each) until told to stop, `pause` apart. Returns how many.
fn colleague(db: &Path, pause: Duration, stop: Arc<AtomicBool>) -> JoinHandle<usize> {
    let db = db.to_path_buf();
    thread::spawn(move || {
        let mut store = crate::common::open_as(&db, "bo", sagsbord::store::Role::TeamLeader);
        let policy = Profile::built_in("national").unwrap().intake;
        let mut written = 0;
        let born = date("1970-01-01");
        while !stop.load(Ordering::SeqCst) {
            let mut input = contact_input();
            // The colleague may write tens of thousands of contacts while
            // the exports and their checking imports run: the birthdays go
            // round within 1970-2002 (adults all; a citizen met again joins
            // the same citizen), with the century digit of each year.
            let day: NaiveDate = born + Days::new(written as u64 % 12_000);
            let century = if day.year() >= 2000 { 4 } else { 1 };
            input.cpr = cpr_passing_modulus11(&day.format("%d%m%y").to_string(), century);
            let contact = validate_contact(&input, &policy, "Favrskov", date("2026-03-10")).unwrap();
            store.register_contact(&contact).unwrap();
            written += 1;
            thread::sleep(pause);
        }
        written
    })
}

/// `sagsbord --db DB ARGS` in `dir`, with nothing on its standard input.
fn command(dir: &Path, db: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(BIN);
    command.arg("--db").arg(db).args(args).current_dir(dir).env_remove("SAGSBORD_DB").stdin(Stdio::null());
    command
}

fn sagsbord(dir: &Path, db: &Path, args: &[&str]) -> Run {
    Run::of(command(dir, db, args).output().unwrap())
}

/// `sagsbord --db DB ARGS` started in `dir` and left running, silent (to be
/// killed by the test).
fn started(dir: &Path, db: &Path, args: &[&str]) -> std::process::Child {
    command(dir, db, args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap()
}

/// Whether an export file is whole and consistent: it parses and an empty
/// database takes it (every reference checked, all or nothing).
fn importable(path: &Path) -> Result<usize, String> {
    let text = fs::read_to_string(path).map_err(|e| e.to_string())?;
    let file = exchange::parse(&text).map_err(|e| e.to_string())?;
    let mut store = Store::open_in_memory("kontrol").map_err(|e| e.to_string())?;
    store.import(&file).map_err(|e| e.to_string())?;
    Ok(file.cases.len())
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

/// Was: exports under concurrent writes were torn (the cases read before a
/// colleague's commit, their events after it), reported as success and
/// not importable.
#[test]
fn exports_while_a_colleague_writes_are_whole_snapshots() {
    let (dir, db) = big_database(1500);
    let dir = dir.path();
    let stop = Arc::new(AtomicBool::new(false));
    // A colleague saving about 200 times a second: far above a centre's
    // pace. With no pause at all SQLite's busy wait is not fair, and the
    // export's audit row can wait past the 5 s limit on a loaded machine.
    let writer = colleague(&db, Duration::from_millis(5), Arc::clone(&stop));
    let mut torn = Vec::new();
    let mut sizes = Vec::new();
    for i in 0..6 {
        let target = dir.join(format!("eksport-{i}.json"));
        let run = sagsbord(dir, &db, &["export", target.to_str().unwrap()]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        assert!(run.stdout.starts_with("Eksporteret "), "{}", run.stdout);
        assert_eq!(mode(&target), 0o600);
        match importable(&target) {
            Ok(cases) => sizes.push(cases),
            Err(e) => torn.push(format!("export {i}: {e}")),
        }
    }
    stop.store(true, Ordering::SeqCst);
    let written = writer.join().unwrap();
    assert!(written > 0, "the colleague wrote nothing while the exports ran");
    assert!(torn.is_empty(), "{} of 6 exports torn:\n{}", torn.len(), torn.join("\n"));
    // The exports saw the colleague's work grow.
    assert!(sizes.windows(2).all(|w| w[0] <= w[1]), "{sizes:?}");
}

/// Was: a kill mid-export destroyed the previous good export (the target
/// was truncated first and written after). Now the target is replaced only
/// by a rename of a finished, synced file: whenever the export is killed,
/// the target is the previous export or the new one, whole.
#[test]
fn an_export_killed_at_any_moment_leaves_a_whole_export_behind() {
    let (dir, db) = big_database(1500);
    let dir = dir.path();
    let target = dir.join("eksport.json");
    let run = sagsbord(dir, &db, &["export", target.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let start = Instant::now();
    let run = sagsbord(dir, &db, &["export", "--force", target.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let took = start.elapsed();
    let stop = Arc::new(AtomicBool::new(false));
    let writer = colleague(&db, Duration::from_millis(5), Arc::clone(&stop));
    for i in 0..10u32 {
        let mut child = started(dir, &db, &["export", "--force", target.to_str().unwrap()]);
        // Killed at a moment spread over the export's run, or at once when
        // the target changes (the moment an export that writes in place
        // has begun to write).
        let before = fs::metadata(&target).map(|m| (m.len(), m.modified().ok())).ok();
        let at = took * i / 10;
        let start = Instant::now();
        loop {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            let now = fs::metadata(&target).map(|m| (m.len(), m.modified().ok())).ok();
            if start.elapsed() >= at || now != before {
                let _ = child.kill();
                let _ = child.wait();
                break;
            }
            thread::yield_now();
        }
        if let Err(e) = importable(&target) {
            panic!("killed after {:?} (run {i}): the export left behind is broken: {e}", start.elapsed());
        }
        assert_eq!(mode(&target), 0o600);
    }
    stop.store(true, Ordering::SeqCst);
    writer.join().unwrap();
    // What a kill leaves is a private temporary file beside it, never more.
    for name in leftovers(dir) {
        assert_eq!(mode(&dir.join(&name)), 0o600, "{name}");
    }
}

/// New: `sagsbord backup FILE`, a consistent copy while a colleague works,
/// checked, private, never over an existing file without --force or
/// through a link.
#[test]
fn a_backup_while_a_colleague_writes_is_a_checked_private_copy() {
    let (dir, db) = big_database(1500);
    let dir = dir.path();
    let stop = Arc::new(AtomicBool::new(false));
    let writer = colleague(&db, Duration::from_millis(5), Arc::clone(&stop));
    thread::sleep(Duration::from_millis(200));
    let copy = dir.join("kopi.db");
    let run = sagsbord(dir, &db, &["backup", copy.to_str().unwrap()]);
    stop.store(true, Ordering::SeqCst);
    let written = writer.join().unwrap();
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.starts_with("Sikkerhedskopi med ") && run.stdout.contains("integritetstjekket bestået"));
    assert_eq!(mode(&copy), 0o600);
    // One file, no log beside it.
    assert!(!dir.join("kopi.db-wal").exists());
    let conn = rusqlite::Connection::open(&copy).unwrap();
    let journal: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(journal, "delete");
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    let cases: i64 = conn.query_row("SELECT count(*) FROM cases", [], |r| r.get(0)).unwrap();
    assert!((1500..=1500 + written as i64).contains(&cases), "{cases} cases, {written} written");
    drop(conn);
    // The copy is a sagsbord database in its own right: its audit trail
    // holds and its export imports.
    let verified = sagsbord(dir, &copy, &["verify-audit"]);
    assert_eq!(verified.code, Some(0), "{}{}", verified.stdout, verified.stderr);
    let exported = dir.join("fra-kopi.json");
    assert_eq!(sagsbord(dir, &copy, &["export", exported.to_str().unwrap()]).code, Some(0));
    assert_eq!(importable(&exported), Ok(cases as usize));
    // The backup is in the source's audit trail.
    let backups: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT count(*) FROM audit WHERE action = 'backup'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(backups, 1);

    // Not over an existing file without --force, never through a link.
    let before = fs::read(&copy).unwrap();
    let run = sagsbord(dir, &db, &["backup", copy.to_str().unwrap()]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("findes allerede"), "{}", run.stderr);
    assert!(fs::read(&copy).unwrap() == before);
    let planted = dir.join("planted");
    fs::write(&planted, "").unwrap();
    let link = dir.join("link.db");
    std::os::unix::fs::symlink(&planted, &link).unwrap();
    let run = sagsbord(dir, &db, &["backup", "--force", link.to_str().unwrap()]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("symbolsk link"), "{}", run.stderr);
    assert_eq!(fs::read(&planted).unwrap(), b"");
    let run = sagsbord(dir, &db, &["backup", "--force", copy.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(leftovers(dir).is_empty(), "{:?}", leftovers(dir));
}

/// The cases of a file and its journal mode, read without sagsbord.
fn cases_and_journal(db: &Path) -> (i64, String) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let cases = conn.query_row("SELECT count(*) FROM cases", [], |r| r.get(0)).unwrap();
    let mode = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    (cases, mode)
}

/// A generated centre of every kind of record (groups, stays, children,
/// plans), as a file to import.
fn generated_file(dir: &Path, cases: usize) -> PathBuf {
    let file = dir.join("centret.json");
    let out = Command::new(BIN)
        .args(["--today", "2026-03-17", "generate", "--cases", &cases.to_string(), "--seed", "7", "--out"])
        .arg(&file)
        .current_dir(dir)
        .env_remove("SAGSBORD_DB")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    file
}

/// An import that has the file to itself writes it with a rollback journal
/// and puts back the deadlines' marking triggers only at its end (see
/// `Store::journal_for_import` and `deadlines::MarksSuspended`). Killed at
/// any moment, it leaves the file empty or whole: `check` finds the trail,
/// the triggers and every stored deadline as they should be, the file is
/// in WAL mode again once opened, and a new import takes it.
#[test]
fn an_import_killed_at_any_moment_leaves_the_file_empty_or_whole() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let file = generated_file(dir, 400);
    let file = file.to_str().unwrap();
    let db = dir.join("ny.db");
    let start = Instant::now();
    let run = sagsbord(dir, &db, &["import", file]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let took = start.elapsed();
    let (whole, _) = cases_and_journal(&db);
    assert!(whole >= 400, "{whole}");
    let mut outcomes = Vec::new();
    for i in 0..10u32 {
        for end in ["", "-wal", "-shm", "-journal"] {
            let _ = fs::remove_file(format!("{}{end}", db.display()));
        }
        let mut child = started(dir, &db, &["import", file]);
        let at = took * i / 10;
        let start = Instant::now();
        while child.try_wait().unwrap().is_none() && start.elapsed() < at {
            thread::sleep(Duration::from_millis(1));
        }
        let _ = child.kill();
        let _ = child.wait();
        if !db.exists() {
            outcomes.push(0);
            continue;
        }
        let run = sagsbord(dir, &db, &["check"]);
        // Killed before the schema was written: the file is new and empty.
        let cases = if run.stderr.contains("den er tom: ingen tabeller") {
            0
        } else {
            assert_eq!(run.code, Some(0), "killed after {at:?}: {}{}", run.stdout, run.stderr);
            assert!(run.stdout.contains("Alle gemte frister er, som reglerne beregner dem"), "{}", run.stdout);
            let (cases, journal) = cases_and_journal(&db);
            assert_eq!(journal, "wal", "killed after {at:?}");
            cases
        };
        assert!(cases == 0 || cases == whole, "killed after {at:?}: {cases} of {whole} cases");
        if cases == 0 {
            let run = sagsbord(dir, &db, &["import", file]);
            assert_eq!(run.code, Some(0), "a new import after one killed after {at:?}: {}", run.stderr);
            assert_eq!(cases_and_journal(&db), (whole, "wal".to_string()));
        }
        outcomes.push(cases);
    }
    // Some kills came before the import was done.
    assert!(outcomes.contains(&0), "{outcomes:?}");
    // What the killed imports left beside the place is gone with the next.
    let _ = fs::remove_file(&db);
    assert_eq!(sagsbord(dir, &db, &["import", file]).code, Some(0));
    assert_eq!(beside(dir), Vec::<String>::new());
}

/// The files in `dir` but the import files and the database itself.
fn beside(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".json") && n != "ny.db")
        .collect();
    names.sort();
    names
}

/// The import writes each part of the file as it reads it: a problem found
/// far into the file comes after much of it was written. A new database is
/// built beside its place and put there only whole: a refused file leaves
/// nothing, beside it either.
#[test]
fn a_file_refused_far_into_its_lists_leaves_no_database() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let file = generated_file(dir, 300);
    let mut value: serde_json::Value = serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
    let events = value["case_events"].as_array_mut().unwrap();
    let last = events.len() - 1;
    events[last]["case_id"] = serde_json::Value::from(999_999);
    fs::write(&file, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    let db = dir.join("ny.db");
    let run = sagsbord(dir, &db, &["import", "centret.json"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("case_events[{last}].case_id: sag 999999 findes ikke i filen")),
        "{}",
        run.stderr
    );
    assert!(!db.exists());
    assert_eq!(beside(dir), Vec::<String>::new());
}

/// A file whose lists come in another order than an export writes them
/// (written by hand or by another system) is taken all the same: read
/// whole, as before.
#[test]
fn a_file_in_another_order_is_imported_all_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let file = generated_file(dir, 120);
    let text = fs::read_to_string(&file).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    // The keys in reverse order: the lists first, the format last.
    let object = value.as_object().unwrap();
    let fields: Vec<String> =
        object.iter().rev().map(|(k, v)| format!("{}: {v}", serde_json::to_string(k).unwrap())).collect();
    fs::write(dir.join("omvendt.json"), format!("{{{}}}", fields.join(", "))).unwrap();
    let (db, other) = (dir.join("ny.db"), dir.join("anden.db"));
    assert_eq!(sagsbord(dir, &db, &["import", "centret.json"]).code, Some(0));
    let run = sagsbord(dir, &other, &["import", "omvendt.json"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(sagsbord(dir, &db, &["export", "a.json"]).code, Some(0));
    assert_eq!(sagsbord(dir, &other, &["export", "b.json"]).code, Some(0));
    assert_eq!(fs::read(dir.join("a.json")).unwrap(), fs::read(dir.join("b.json")).unwrap());
}

/// With a colleague's program open on the empty file the journal cannot be
/// switched; the import then writes through the log as any write does, and
/// takes the whole file all the same.
#[test]
fn an_import_beside_an_open_program_writes_through_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let file = generated_file(dir, 150);
    let db = dir.join("ny.db");
    let colleague = Store::open(&db, &current_user().unwrap()).unwrap();
    let run = sagsbord(dir, &db, &["import", file.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let (cases, journal) = cases_and_journal(&db);
    assert!(cases >= 150 && journal == "wal", "{cases} {journal}");
    drop(colleague);
    let run = sagsbord(dir, &db, &["check"]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
}
