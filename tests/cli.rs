//! The command line, run as a user runs it: the real binary on database
//! files in a temporary folder, checked by its output, its exit code and
//! the files it leaves.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{BIN, count, fixture, open_db};
use serde_json::Value;
use tempfile::TempDir;

/// One run of the program.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn ok(self) -> Run {
        assert_eq!(
            self.code,
            Some(0),
            "expected success\nstdout: {}\nstderr: {}",
            self.stdout,
            self.stderr
        );
        self
    }

    fn failed(self) -> Run {
        assert!(
            self.code.is_some_and(|c| c != 0),
            "expected a failure, got {:?}\nstdout: {}\nstderr: {}",
            self.code,
            self.stdout,
            self.stderr
        );
        self
    }
}

fn sagsbord(dir: &Path, db: &Path, args: &[&str]) -> Run {
    let out = Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(args)
        .current_dir(dir)
        .env_remove("SAGSBORD_DB")
        .env("SAGSBORD_KEYMAP", dir.join("no-such-keymap.toml"))
        .stdin(Stdio::null())
        .output()
        .expect("run sagsbord");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("UTF-8 output"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8 errors"),
    }
}

/// A temporary folder with `sagsbord.db` in it.
fn folder() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sagsbord.db");
    (dir, db)
}

/// A folder whose database holds the caseload fixture (profile faxe).
fn caseload() -> (TempDir, PathBuf) {
    let (dir, db) = folder();
    let run = sagsbord(
        dir.path(),
        &db,
        &["import", fixture("caseload.json").to_str().unwrap()],
    )
    .ok();
    assert_eq!(
        run.stdout.trim(),
        "Importeret: 7 borgere, 7 sager, 11 hændelser."
    );
    (dir, db)
}

fn due_json(dir: &Path, db: &Path, extra: &[&str]) -> (Vec<Value>, String) {
    let mut args = vec!["due", "--json", "--today", "2026-03-20"];
    args.extend_from_slice(extra);
    let run = sagsbord(dir, db, &args).ok();
    let items: Vec<Value> = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("due --json is not a JSON list ({e}):\n{}", run.stdout));
    (items, run.stdout)
}

/// (case, kind, due, days_left, counsellor) of each item, in order.
fn summary(items: &[Value]) -> Vec<(i64, String, String, i64, String)> {
    items
        .iter()
        .map(|i| {
            (
                i["case"].as_i64().unwrap(),
                i["kind"].as_str().unwrap().to_string(),
                i["due"].as_str().unwrap().to_string(),
                i["days_left"].as_i64().unwrap(),
                i["counsellor"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn item(
    case: i64,
    kind: &str,
    due: &str,
    days_left: i64,
    who: &str,
) -> (i64, String, String, i64, String) {
    (case, kind.into(), due.into(), days_left, who.into())
}

#[test]
fn the_centres_profile_decides_what_due_reports_and_a_bad_profile_is_refused() {
    let (dir, db) = caseload();
    let dir = dir.path();
    let shown = sagsbord(dir, &db, &["centre"]).ok().stdout;
    assert!(shown.contains("Profil:      faxe"), "{shown}");

    let run = sagsbord(dir, &db, &["centre", "--profile", "rodovre"]).ok();
    assert!(
        run.stdout.contains("Profil:      rodovre"),
        "{}",
        run.stdout
    );
    let (items, _) = due_json(dir, &db, &["--within", "9"]);
    assert!(items.iter().all(|i| i["profile"] == "rodovre"), "{items:?}");
    // Rødovre counts from the day the citizen showed up and consented (case
    // 2: 12 March), so cases 1 and 3 have no running deadline yet; the
    // doctor's consultation is due before treatment starts.
    assert_eq!(
        summary(&items),
        [
            item(5, "doctor", "2026-03-01", -19, "anna"),
            item(2, "guarantee", "2026-03-26", 6, "bo"),
            item(2, "doctor", "2026-03-26", 6, "bo"),
        ]
    );
    assert_eq!(
        items[1]["setting"],
        "intake.guarantee_days = 14; intake.clock_starts = consent"
    );
    assert_eq!(items[2]["setting"], "intake.doctor = before_treatment");

    // A name that is neither a built-in profile nor a file.
    let run = sagsbord(dir, &db, &["centre", "--profile", "aarhus"]).failed();
    assert!(
        run.stderr.contains("ukendt profil 'aarhus'"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("national, faxe, nyborg, rodovre, randers"),
        "{}",
        run.stderr
    );
    // A profile file that does not exist.
    let missing = dir.join("profiler/egen.toml");
    let run = sagsbord(
        dir,
        &db,
        &["centre", "--profile", missing.to_str().unwrap()],
    )
    .failed();
    assert!(
        run.stderr
            .contains(&format!("ukendt profil '{}'", missing.display())),
        "{}",
        run.stderr
    );
    // A profile file with a misspelt setting: the message names it.
    let bad = dir.join("stavefejl.toml");
    fs::write(
        &bad,
        "id = \"x\"\nname = \"X\"\n[intake]\nguarantee_dayz = 3\n",
    )
    .unwrap();
    let run = sagsbord(dir, &db, &["centre", "--profile", bad.to_str().unwrap()]).failed();
    assert!(
        run.stderr.contains("profilen kan ikke bruges"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("guarantee_dayz"), "{}", run.stderr);
    // None of the refused profiles was kept.
    let shown = sagsbord(dir, &db, &["centre"]).ok().stdout;
    assert!(shown.contains("Profil:      rodovre\n"), "{shown}");

    // The centre's own profile file: its id and its days are used.
    let own = dir.join("egen.toml");
    fs::write(
        &own,
        "id = \"egen\"\nname = \"Egen profil\"\n[intake]\nguarantee_days = 10\n",
    )
    .unwrap();
    let run = sagsbord(dir, &db, &["centre", "--profile", "egen.toml"]).ok();
    let canonical = fs::canonicalize(&own).unwrap();
    assert!(
        run.stdout
            .contains(&format!("Profil:      egen (fil {})", canonical.display())),
        "{}",
        run.stdout
    );
    let (items, _) = due_json(dir, &db, &[]);
    assert_eq!(
        summary(&items),
        [
            item(1, "guarantee", "2026-03-11", -9, "anna"),
            item(2, "guarantee", "2026-03-18", -2, "bo"),
        ]
    );
    assert!(items.iter().all(|i| i["profile"] == "egen"));
}

#[test]
fn verify_audit_passes_after_writes_and_fails_after_a_row_is_altered_or_removed() {
    let (dir, db) = caseload();
    let dir = dir.path();
    sagsbord(dir, &db, &["centre", "--name", "Rusmiddelcentret Faxe"]).ok();
    sagsbord(dir, &db, &["export", dir.join("e.json").to_str().unwrap()]).ok();
    // import, centre, export: each left its row.
    assert_eq!(count(&open_db(&db), "audit"), 3);
    let copy = dir.join("copy.db");
    fs::copy(&db, &copy).unwrap();

    let run = sagsbord(dir, &db, &["verify-audit"]).ok();
    assert_eq!(run.stdout.trim(), "Revisionssporet er intakt.");

    // Someone edits who did the centre change.
    open_db(&db)
        .execute("UPDATE audit SET actor = 'mallory' WHERE id = 2", [])
        .unwrap();
    let run = sagsbord(dir, &db, &["verify-audit"]).failed();
    assert_eq!(
        run.stdout.trim(),
        "Brud på revisionssporet: række 2 er ændret, efter at den blev skrevet"
    );

    // Someone removes a row: the next one no longer chains to its predecessor.
    open_db(&copy)
        .execute("DELETE FROM audit WHERE id = 2", [])
        .unwrap();
    let run = sagsbord(dir, &copy, &["verify-audit"]).failed();
    assert!(
        run.stdout
            .contains("række 3 hænger ikke sammen med rækken før den"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("intakt"), "{}", run.stdout);
}
