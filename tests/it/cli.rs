//! The command line, run as a user runs it: the real binary on database
//! files in a temporary folder, checked by its output, its exit code and
//! the files it leaves.

use std::collections::BTreeSet;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::common::{BIN, count, fixture, open_db};
use sagsbord::store::exchange;
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
        assert_eq!(self.code, Some(0), "expected success\nstdout: {}\nstderr: {}", self.stdout, self.stderr);
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
    let run = sagsbord(dir.path(), &db, &["import", fixture("caseload.json").to_str().unwrap()]).ok();
    assert_eq!(run.stdout.trim(), "Importeret: 7 borgere, 7 sager, 11 hændelser.");
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

fn item(case: i64, kind: &str, due: &str, days_left: i64, who: &str) -> (i64, String, String, i64, String) {
    (case, kind.into(), due.into(), days_left, who.into())
}

/// Every name, pseudonym and CPR number in the fixture, as they could be printed.
fn identities() -> Vec<String> {
    let file: Value = serde_json::from_str(&fs::read_to_string(fixture("caseload.json")).unwrap()).unwrap();
    let mut found = Vec::new();
    for c in file["citizens"].as_array().unwrap() {
        for field in ["name", "pseudonym"] {
            if let Some(s) = c[field].as_str() {
                found.push(s.to_string());
            }
        }
        if let Some(cpr) = c["cpr"].as_str() {
            found.push(cpr.to_string());
            found.push(cpr.replace('-', ""));
        }
    }
    assert_eq!(found.len(), 7 + 2 * 5);
    found
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn due_lists_exactly_what_is_due_in_json_and_text_without_names_or_cpr_numbers() {
    let (dir, db) = caseload();
    let dir = dir.path();

    let (items, json_today) = due_json(dir, &db, &[]);
    // Case 5 started treatment without the doctor's consultation (faxe:
    // within 14 days of the contact); case 1's guarantee and doctor's
    // deadline both passed on 15 March. Relatives, anonymous, closed and
    // not yet due cases are not listed.
    assert_eq!(
        summary(&items),
        [
            item(5, "doctor", "2026-03-06", -14, "anna"),
            item(1, "guarantee", "2026-03-15", -5, "anna"),
            item(1, "doctor", "2026-03-15", -5, "anna"),
        ]
    );
    let fields: BTreeSet<&str> =
        ["case", "kind", "due", "days_left", "counsellor", "rule", "setting", "profile"].into_iter().collect();
    for i in &items {
        let keys: BTreeSet<&str> = i.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, fields, "{i}");
        assert_eq!(i["profile"], "faxe");
        match i["kind"].as_str().unwrap() {
            "guarantee" => {
                assert_eq!(i["setting"], "intake.guarantee_days = 14; intake.clock_starts = first_contact");
                assert!(i["rule"].as_str().unwrap().contains("§101 stk. 4"), "{i}");
            }
            _ => {
                assert_eq!(i["setting"], "intake.doctor = within_days (14)");
                assert!(i["rule"].as_str().unwrap().contains("Lægesamtale"), "{i}");
            }
        }
    }

    // --within N adds what falls due up to and including today + N.
    let (items, _) = due_json(dir, &db, &["--within", "2"]);
    assert_eq!(
        summary(&items)[3..],
        [item(2, "guarantee", "2026-03-22", 2, "bo"), item(2, "doctor", "2026-03-22", 2, "bo"),]
    );
    let (items, _) = due_json(dir, &db, &["--within", "8"]);
    assert_eq!(items.len(), 5, "case 3 falls due on day 9");
    let (items, json_week) = due_json(dir, &db, &["--within", "9"]);
    assert_eq!(
        summary(&items)[5..],
        [item(3, "guarantee", "2026-03-29", 9, "anna"), item(3, "doctor", "2026-03-29", 9, "anna"),]
    );

    // The text for the morning mail says what is overdue, and by how much.
    let text = sagsbord(dir, &db, &["due", "--today", "2026-03-20"]).ok().stdout;
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "Testcentret Faxe · forfaldent til og med 20.03.2026 · profil faxe");
    assert_eq!(lines.len(), 4, "{text}");
    assert!(lines[1].starts_with("sag     5  lægesamtale        06.03.2026  overskredet 14 dage"), "{text}");
    assert!(lines[2].starts_with("sag     1  behandlingsgaranti 15.03.2026  overskredet 5 dage"), "{text}");
    let week = sagsbord(dir, &db, &["due", "--today", "2026-03-20", "--within", "9"]).ok().stdout;
    assert!(week.contains("22.03.2026  om 2 dage"), "{week}");
    assert!(week.contains("29.03.2026  om 9 dage"), "{week}");

    // The list is meant to be mailed: no name, pseudonym or CPR number.
    for output in [&json_today, &json_week, &text, &week] {
        for secret in identities() {
            assert!(!output.contains(&secret), "{secret:?} in:\n{output}");
        }
    }

    // A day with nothing due.
    let none = sagsbord(dir, &db, &["due", "--json", "--today", "2026-02-01"]).ok();
    assert_eq!(serde_json::from_str::<Value>(&none.stdout).unwrap(), Value::Array(vec![]));
    let quiet = sagsbord(dir, &db, &["due", "--today", "01.02.2026"]).ok().stdout;
    assert!(quiet.ends_with("Intet forfaldent.\n"), "{quiet}");
}

#[test]
fn export_then_import_then_export_gives_identical_private_files() {
    let (dir, db) = caseload();
    let dir = dir.path();
    let first = dir.join("export-1.json");
    let run = sagsbord(dir, &db, &["export", first.to_str().unwrap()]).ok();
    assert!(run.stdout.contains("Eksporteret 7 sager"), "{}", run.stdout);
    assert_eq!(mode(&first), 0o600, "an export holds health data");
    // The export holds everything the fixture held.
    let exported = exchange::parse(&fs::read_to_string(&first).unwrap()).unwrap();
    let original = exchange::parse(&fs::read_to_string(fixture("caseload.json")).unwrap()).unwrap();
    assert_eq!(exported, original);

    // Into a new database, and out again, over an existing readable file
    // longer than the export.
    let db2 = dir.join("copy.db");
    sagsbord(dir, &db2, &["import", first.to_str().unwrap()]).ok();
    let second = dir.join("export-2.json");
    fs::write(&second, "x".repeat(100_000)).unwrap();
    fs::set_permissions(&second, fs::Permissions::from_mode(0o644)).unwrap();
    sagsbord(dir, &db2, &["export", second.to_str().unwrap()]).ok();
    assert_eq!(mode(&second), 0o600);
    assert!(fs::read(&first).unwrap() == fs::read(&second).unwrap(), "the second export differs from the first");
    // The database files are private too.
    assert_eq!(mode(&db), 0o600);
    assert_eq!(mode(&db2), 0o600);

    // An import only goes into an empty database.
    let run = sagsbord(dir, &db2, &["import", first.to_str().unwrap()]).failed();
    assert!(run.stderr.contains("tom database"), "{}", run.stderr);
    assert_eq!(count(&open_db(&db2), "cases"), 7);
}

#[test]
fn a_bad_import_names_the_record_and_field_and_leaves_the_database_empty() {
    let (dir, db) = folder();
    let dir = dir.path();
    // An existing, empty database (showing the centre creates it).
    sagsbord(dir, &db, &["centre"]).ok();
    let audit_before = count(&open_db(&db), "audit");
    let good: Value = serde_json::from_str(&fs::read_to_string(fixture("caseload.json")).unwrap()).unwrap();

    let cases = [
        ("/cases/0/kind", Value::from("alien"), vec!["cases[0].kind", "alien"]),
        ("/case_events/3/case_id", Value::from(99), vec!["case_events[3].case_id", "sag 99 findes ikke i filen"]),
        ("/citizens/2/cpr", Value::from("310290-1234"), vec!["citizens[2].cpr"]),
    ];
    for (pointer, value, expected) in cases {
        let mut bad = good.clone();
        *bad.pointer_mut(pointer).unwrap() = value;
        let file = dir.join("bad.json");
        fs::write(&file, serde_json::to_string_pretty(&bad).unwrap()).unwrap();
        let run = sagsbord(dir, &db, &["import", file.to_str().unwrap()]).failed();
        for part in expected {
            assert!(run.stderr.contains(part), "{part:?} in {:?}", run.stderr);
        }
        assert!(run.stderr.contains("bad.json"), "{}", run.stderr);
        let conn = open_db(&db);
        for table in ["citizens", "cases", "case_events", "case_substances"] {
            assert_eq!(count(&conn, table), 0, "{table} after {pointer}");
        }
        assert_eq!(count(&conn, "audit"), audit_before);
    }
    // The same database takes the good file afterwards.
    sagsbord(dir, &db, &["import", fixture("caseload.json").to_str().unwrap()]).ok();
    assert_eq!(count(&open_db(&db), "cases"), 7);
}

#[test]
fn the_centres_profile_decides_what_due_reports_and_a_bad_profile_is_refused() {
    let (dir, db) = caseload();
    let dir = dir.path();
    let shown = sagsbord(dir, &db, &["centre"]).ok().stdout;
    assert!(shown.contains("Profil:      faxe"), "{shown}");

    let run = sagsbord(dir, &db, &["centre", "--profile", "rodovre"]).ok();
    assert!(run.stdout.contains("Profil:      rodovre"), "{}", run.stdout);
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
    assert_eq!(items[1]["setting"], "intake.guarantee_days = 14; intake.clock_starts = consent");
    assert_eq!(items[2]["setting"], "intake.doctor = before_treatment");

    // A name that is neither a built-in profile nor a file.
    let run = sagsbord(dir, &db, &["centre", "--profile", "aarhus"]).failed();
    assert!(run.stderr.contains("ukendt profil 'aarhus'"), "{}", run.stderr);
    assert!(run.stderr.contains("national, faxe, nyborg, rodovre, randers"), "{}", run.stderr);
    // A profile file that does not exist.
    let missing = dir.join("profiler/egen.toml");
    let run = sagsbord(dir, &db, &["centre", "--profile", missing.to_str().unwrap()]).failed();
    assert!(run.stderr.contains(&format!("ukendt profil '{}'", missing.display())), "{}", run.stderr);
    // A profile file with a misspelt setting: the message names it.
    let bad = dir.join("stavefejl.toml");
    fs::write(&bad, "id = \"x\"\nname = \"X\"\n[intake]\nguarantee_dayz = 3\n").unwrap();
    let run = sagsbord(dir, &db, &["centre", "--profile", bad.to_str().unwrap()]).failed();
    assert!(run.stderr.contains("profilen kan ikke bruges"), "{}", run.stderr);
    assert!(run.stderr.contains("guarantee_dayz"), "{}", run.stderr);
    // None of the refused profiles was kept.
    let shown = sagsbord(dir, &db, &["centre"]).ok().stdout;
    assert!(shown.contains("Profil:      rodovre\n"), "{shown}");

    // The centre's own profile file: its id and its days are used.
    let own = dir.join("egen.toml");
    fs::write(&own, "id = \"egen\"\nname = \"Egen profil\"\n[intake]\nguarantee_days = 10\n").unwrap();
    let run = sagsbord(dir, &db, &["centre", "--profile", "egen.toml"]).ok();
    let canonical = fs::canonicalize(&own).unwrap();
    assert!(
        run.stdout.contains(&format!("Profil:      egen (centrets egen, læst fra {})", canonical.display())),
        "{}",
        run.stdout
    );
    let (items, _) = due_json(dir, &db, &[]);
    assert_eq!(
        summary(&items),
        [item(1, "guarantee", "2026-03-11", -9, "anna"), item(2, "guarantee", "2026-03-18", -2, "bo"),]
    );
    assert!(items.iter().all(|i| i["profile"] == "egen"));

    // The profile was copied in when it was chosen: editing (or deleting)
    // the file afterwards changes no deadline.
    fs::write(&own, "id = \"egen\"\nname = \"Egen profil\"\n[intake]\nguarantee_days = 3\n").unwrap();
    let (after_edit, _) = due_json(dir, &db, &[]);
    assert_eq!(summary(&after_edit), summary(&items));
    fs::remove_file(&own).unwrap();
    let (after_removal, _) = due_json(dir, &db, &[]);
    assert_eq!(summary(&after_removal), summary(&items));
    // The change of rules is in the audit trail with what they were before.
    let detail: String = open_db(&db)
        .query_row("SELECT detail FROM audit WHERE action = 'centre_update' ORDER BY id DESC LIMIT 1", [], |r| r.get(0))
        .unwrap();
    assert!(
        detail.contains("\"before\"") && detail.contains("rodovre") && detail.contains("guarantee_days = 10"),
        "{detail}"
    );

    // A device or a huge file is not read as a profile; a built-in id is
    // not taken by a centre's own file.
    let run = sagsbord(dir, &db, &["centre", "--profile", "/dev/zero"]).failed();
    assert!(run.stderr.contains("ikke en almindelig fil"), "{}", run.stderr);
    let posing = dir.join("posing.toml");
    fs::write(&posing, "id = \"national\"\nname = \"Falsk\"\n[intake]\nguarantee_days = 3\n").unwrap();
    let run = sagsbord(dir, &db, &["centre", "--profile", posing.to_str().unwrap()]).failed();
    assert!(run.stderr.contains("indbygget profils"), "{}", run.stderr);
    // A guarantee beyond the law's 14 days is refused at its setting.
    let lax = dir.join("lax.toml");
    fs::write(&lax, "id = \"lax\"\nname = \"Lax\"\n[intake]\nguarantee_days = 90\n").unwrap();
    let run = sagsbord(dir, &db, &["centre", "--profile", lax.to_str().unwrap()]).failed();
    assert!(run.stderr.contains("intake.guarantee_days = 90 er uden for det tilladte (1 til 14)"), "{}", run.stderr);
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
    open_db(&db).execute("UPDATE audit SET actor = 'mallory' WHERE id = 2", []).unwrap();
    let run = sagsbord(dir, &db, &["verify-audit"]).failed();
    assert_eq!(run.stdout.trim(), "Brud på revisionssporet: række 2 er ændret, efter at den blev skrevet");

    // Someone removes a row: the next one no longer chains to its predecessor.
    open_db(&copy).execute("DELETE FROM audit WHERE id = 2", []).unwrap();
    let run = sagsbord(dir, &copy, &["verify-audit"]).failed();
    assert!(run.stdout.contains("række 3 hænger ikke sammen med rækken før den"), "{}", run.stdout);
    assert!(!run.stdout.contains("intakt"), "{}", run.stdout);
}
