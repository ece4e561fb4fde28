//! The command line, run as a user runs it: the real binary on database
//! files in a temporary folder, checked by its output, its exit code and
//! the files it leaves.

use std::collections::BTreeSet;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{BIN, Run, count, fixture, open_db};
use sagsbord::store::exchange;
use serde_json::Value;
use tempfile::TempDir;

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
    Run::of(out)
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
    // Case 5 started treatment without the doctor's consultation and
    // without a treatment plan (faxe: both within 14 days of the contact);
    // case 1's guarantee and doctor's deadline both passed on 15 March.
    // Relatives, anonymous, closed and not yet due cases are not listed.
    assert_eq!(
        summary(&items),
        [
            item(5, "doctor", "2026-03-06", -14, "anna"),
            item(5, "treatment_plan", "2026-03-06", -14, "anna"),
            item(1, "guarantee", "2026-03-15", -5, "anna"),
            item(1, "doctor", "2026-03-15", -5, "anna"),
        ]
    );
    let fields: BTreeSet<&str> = [
        "case",
        "kind",
        "due",
        "days_left",
        "counsellor",
        "rule",
        "setting",
        "profile",
        "follow_up_months",
        "clock_started",
    ]
    .into_iter()
    .collect();
    for i in &items {
        let keys: BTreeSet<&str> = i.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, fields, "{i}");
        assert_eq!(i["profile"], "faxe");
        match i["kind"].as_str().unwrap() {
            "guarantee" => {
                assert_eq!(i["setting"], "intake.guarantee_days = 14; intake.clock_starts = first_contact");
                assert!(i["rule"].as_str().unwrap().contains("§101 stk. 4"), "{i}");
            }
            "treatment_plan" => {
                assert_eq!(i["setting"], "plan.plan_within_days_of_contact = 14");
                assert!(i["rule"].as_str().unwrap().contains("14 dage efter første henvendelse"), "{i}");
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
        summary(&items)[4..],
        [item(2, "guarantee", "2026-03-22", 2, "bo"), item(2, "doctor", "2026-03-22", 2, "bo"),]
    );
    let (items, _) = due_json(dir, &db, &["--within", "8"]);
    assert_eq!(items.len(), 6, "case 3 falls due on day 9");
    let (items, json_week) = due_json(dir, &db, &["--within", "9"]);
    assert_eq!(
        summary(&items)[6..],
        [item(3, "guarantee", "2026-03-29", 9, "anna"), item(3, "doctor", "2026-03-29", 9, "anna"),]
    );

    // The text for the morning mail says what is overdue, and by how much.
    // Grouped by counsellor, each group most overdue first.
    let text = sagsbord(dir, &db, &["due", "--today", "2026-03-20"]).ok().stdout;
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "Testcentret Faxe · forfaldent til og med 20.03.2026 · profil faxe");
    assert_eq!(lines[1], "4 forfaldne punkter, heraf 4 overskredet");
    assert_eq!(lines[2], "");
    assert_eq!(lines[3], "anna (4 punkter, heraf 4 overskredet)");
    assert_eq!(lines.len(), 8, "{text}");
    assert!(lines[4].starts_with("  sag     5  lægesamtale        06.03.2026  overskredet 14 dage"), "{text}");
    assert!(lines[5].starts_with("  sag     5  plan mangler       06.03.2026  overskredet 14 dage"), "{text}");
    assert!(lines[6].starts_with("  sag     1  behandlingsgaranti 15.03.2026  overskredet 5 dage"), "{text}");
    assert!(lines[6].ends_with("(fristen løber fra 01.03.2026)"), "{text}");
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
    // longer than the export: refused without --force, replaced with it.
    let db2 = dir.join("copy.db");
    sagsbord(dir, &db2, &["import", first.to_str().unwrap()]).ok();
    let second = dir.join("export-2.json");
    fs::write(&second, "x".repeat(100_000)).unwrap();
    fs::set_permissions(&second, fs::Permissions::from_mode(0o644)).unwrap();
    let run = sagsbord(dir, &db2, &["export", second.to_str().unwrap()]).failed();
    assert!(run.stderr.contains("findes allerede") && run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(fs::read_to_string(&second).unwrap(), "x".repeat(100_000));
    sagsbord(dir, &db2, &["export", "--force", second.to_str().unwrap()]).ok();
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
            item(5, "treatment_plan", "2026-03-06", -14, "anna"),
            item(2, "guarantee", "2026-03-26", 6, "bo"),
            item(2, "doctor", "2026-03-26", 6, "bo"),
        ]
    );
    assert_eq!(items[1]["setting"], "plan.plan_within_days_of_contact = 14");
    assert_eq!(items[2]["setting"], "intake.guarantee_days = 14; intake.clock_starts = consent");
    assert_eq!(items[3]["setting"], "intake.doctor = before_treatment");

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
    // Its plan settings are the national ones: case 5's plan was due when
    // treatment started.
    let (items, _) = due_json(dir, &db, &[]);
    assert_eq!(
        summary(&items),
        [
            item(5, "treatment_plan", "2026-03-01", -19, "anna"),
            item(1, "guarantee", "2026-03-11", -9, "anna"),
            item(2, "guarantee", "2026-03-18", -2, "bo"),
        ]
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
    // The new file's baseline and its creator's registration as team
    // leader; then import, centre, export: each left its row.
    let actions: Vec<String> = open_db(&db)
        .prepare("SELECT action FROM audit ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(actions, ["baseline", "user_register_at_open", "import", "centre_update", "export"]);
    let copy = dir.join("copy.db");
    fs::copy(&db, &copy).unwrap();

    let run = sagsbord(dir, &db, &["verify-audit"]).ok();
    assert_eq!(run.stdout.trim(), "Revisionssporet er intakt.");

    // Someone edits who did the centre change (the rows refuse it until
    // their protection is dropped, as anyone with sqlite3 can).
    let conn = open_db(&db);
    assert!(conn.execute("UPDATE audit SET actor = 'mallory' WHERE id = 4", []).is_err());
    conn.execute_batch("DROP TRIGGER audit_never_changed; UPDATE audit SET actor = 'mallory' WHERE id = 4").unwrap();
    let run = sagsbord(dir, &db, &["verify-audit"]).failed();
    assert_eq!(run.stdout.trim(), "Brud på revisionssporet: række 4 er ændret, efter at den blev skrevet");

    // Someone removes a row: the next one no longer chains to its predecessor.
    open_db(&copy)
        .execute_batch("PRAGMA foreign_keys = OFF; DROP TRIGGER audit_never_deleted; DELETE FROM audit WHERE id = 4")
        .unwrap();
    let run = sagsbord(dir, &copy, &["verify-audit"]).failed();
    assert!(run.stdout.contains("række 4 mangler (efter række 3)"), "{}", run.stdout);
    assert!(run.stdout.contains("række 5 hænger ikke sammen med rækken før den"), "{}", run.stdout);
    assert!(!run.stdout.contains("intakt"), "{}", run.stdout);
}

/// Runs the program with `args` only (no `--db` added), giving up after
/// `limit`: `None` when it had to be killed (it hung).
fn run_within(dir: &Path, args: &[&str], env: &[(&str, &Path)], limit: Duration) -> Option<Run> {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .current_dir(dir)
        .env_remove("SAGSBORD_DB")
        .env("SAGSBORD_KEYMAP", dir.join("no-such-keymap.toml"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("run sagsbord");
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    Some(Run {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("UTF-8 output"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8 errors"),
    })
}

/// The files in a folder, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// Was: `due` on a missing or mistyped path made an empty database and
/// mailed "Intet forfaldent" with exit 0.
#[test]
fn a_missing_database_is_an_error_naming_the_path_and_only_centre_import_create_one() {
    let (dir, db) = folder();
    let dir = dir.path();
    let typo = dir.join("sagsbrod.db");
    for args in
        [vec!["due"], vec!["due", "--json"], vec!["export", "e.json"], vec!["backup", "b.db"], vec!["verify-audit"]]
    {
        let run = sagsbord(dir, &typo, &args).failed();
        assert_eq!(run.code, Some(1), "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
        assert!(run.stderr.starts_with("sagsbord: databasen findes ikke: "), "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(&typo.display().to_string()), "{}", run.stderr);
        assert!(run.stderr.contains("sagsbord --db") && run.stderr.contains("centre"), "{}", run.stderr);
        assert_eq!(names_in(dir), Vec::<String>::new(), "{args:?} left files behind");
    }
    // $SAGSBORD_DB pointing nowhere is the same error.
    let run = run_within(dir, &["due"], &[("SAGSBORD_DB", &typo)], Duration::from_secs(20)).unwrap();
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("databasen findes ikke"), "{}", run.stderr);
    // A folder that does not exist is not made for a named file either.
    let run = sagsbord(dir, &dir.join("mangler/sagsbord.db"), &["centre"]).failed();
    assert!(run.stderr.contains("mappen findes ikke"), "{}", run.stderr);
    assert!(!dir.join("mangler").exists());
    // centre and import create it.
    sagsbord(dir, &db, &["centre"]).ok();
    assert_eq!(mode(&db), 0o600);
    let db2 = dir.join("ny.db");
    sagsbord(dir, &db2, &["import", fixture("caseload.json").to_str().unwrap()]).ok();
    assert_eq!(count(&open_db(&db2), "cases"), 7);
    // --help says which commands create one.
    let help = sagsbord(dir, &db, &["--help"]).ok().stdout;
    assert!(help.contains("Kun arbejdsbordet (første gang), centre og import opretter en database"), "{help}");
}

/// Was: a file without sagsbord's tables got them added.
#[test]
fn a_file_that_is_not_a_sagsbord_database_is_refused_before_anything_is_written_to_it() {
    let (dir, _) = folder();
    let dir = dir.path();
    let other = dir.join("andet.db");
    {
        let conn = rusqlite::Connection::open(&other).unwrap();
        conn.execute_batch(
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('x');",
        )
        .unwrap();
    }
    let text = dir.join("noter.txt");
    fs::write(&text, "Dette er ikke en database.\n".repeat(20)).unwrap();
    // Another program's SQLite file that numbers its own schema.
    let numbered = dir.join("nummereret.db");
    {
        let conn = rusqlite::Connection::open(&numbered).unwrap();
        conn.execute_batch("CREATE TABLE things (id INTEGER PRIMARY KEY); PRAGMA user_version = 1;").unwrap();
    }
    for (file, why) in [
        (&other, "et andet programs SQLite-database"),
        (&text, "ikke en SQLite-database"),
        (&numbered, "sagsbords tabeller mangler"),
    ] {
        fs::set_permissions(file, fs::Permissions::from_mode(0o600)).unwrap();
        let before = fs::read(file).unwrap();
        for args in [
            vec!["centre", "--name", "X"],
            vec!["centre"],
            vec!["import", fixture("caseload.json").to_str().unwrap()],
            vec!["due"],
            vec!["export", "e.json"],
        ] {
            let run = sagsbord(dir, file, &args).failed();
            assert!(run.stderr.contains("er ikke en sagsbord-database"), "{args:?}: {}", run.stderr);
            assert!(run.stderr.contains(why), "{args:?}: {}", run.stderr);
            assert!(fs::read(file).unwrap() == before, "{} was changed by {args:?}", file.display());
        }
    }
    assert_eq!(names_in(dir), ["andet.db", "noter.txt", "nummereret.db"]);
    // An empty file (made with the right owner and mode before the first
    // run) is set up by the commands that create a database.
    let empty = dir.join("tom.db");
    fs::write(&empty, "").unwrap();
    fs::set_permissions(&empty, fs::Permissions::from_mode(0o600)).unwrap();
    let run = sagsbord(dir, &empty, &["due"]).failed();
    assert!(run.stderr.contains("er ikke en sagsbord-database (den er tom"), "{}", run.stderr);
    sagsbord(dir, &empty, &["centre"]).ok();
    sagsbord(dir, &empty, &["due"]).ok();
    // A folder in its place.
    fs::create_dir(dir.join("mappe.db")).unwrap();
    let run = sagsbord(dir, &dir.join("mappe.db"), &["due"]).failed();
    assert!(run.stderr.contains("ikke en almindelig fil"), "{}", run.stderr);
}

/// Was: a database of mode 0644 was opened without a word.
#[test]
fn a_database_others_can_read_is_refused_with_the_command_that_fixes_it() {
    let (dir, db) = caseload();
    let dir = dir.path();
    fs::set_permissions(&db, fs::Permissions::from_mode(0o644)).unwrap();
    for args in [vec!["due"], vec!["centre"], vec!["export", "e.json"], vec!["verify-audit"]] {
        let run = sagsbord(dir, &db, &args).failed();
        assert!(run.stdout.is_empty(), "{args:?} printed: {}", run.stdout);
        assert!(run.stderr.contains("andre brugere kan læse databasen"), "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(&format!("chmod 600 {}", db.display())), "{args:?}: {}", run.stderr);
    }
    assert!(!dir.join("e.json").exists());
    fs::set_permissions(&db, fs::Permissions::from_mode(0o600)).unwrap();
    sagsbord(dir, &db, &["due"]).ok();

    // In a group-shared folder (setgid) the file is the group's too: 660.
    let shared = dir.join("delt");
    fs::create_dir(&shared).unwrap();
    fs::set_permissions(&shared, fs::Permissions::from_mode(0o2770)).unwrap();
    let shared_db = shared.join("sagsbord.db");
    sagsbord(dir, &shared_db, &["centre"]).ok();
    assert_eq!(mode(&shared_db), 0o660);
    fs::set_permissions(&shared_db, fs::Permissions::from_mode(0o664)).unwrap();
    let run = sagsbord(dir, &shared_db, &["due"]).failed();
    assert!(run.stderr.contains(&format!("chmod 660 {}", shared_db.display())), "{}", run.stderr);

    // A folder everyone may write in: anyone could swap the file.
    let open = dir.join("aaben");
    fs::create_dir(&open).unwrap();
    fs::set_permissions(&open, fs::Permissions::from_mode(0o777)).unwrap();
    let run = sagsbord(dir, &open.join("sagsbord.db"), &["centre"]).failed();
    assert!(run.stderr.contains(&format!("chmod o-w {}", open.display())), "{}", run.stderr);
    assert_eq!(names_in(&open), Vec::<String>::new());
}

/// A user who may only read the file is told so by the commands that
/// write, while `due` reads it. Runs as the unprivileged user `nobody`
/// (needs root and setpriv, as on the CI machine; skipped elsewhere).
#[test]
fn a_read_only_database_is_said_at_start() {
    let root = Command::new("id").arg("-u").output().map(|o| o.stdout == b"0\n").unwrap_or(false);
    if !root {
        // Running as another user needs root (CI runs as root).
        eprintln!("not run: needs root to act as the user nobody");
        return;
    }
    // A copy of the binary the user nobody can reach (the build folder may
    // be under a private home folder).
    let bin_dir = tempfile::TempDir::new().unwrap();
    fs::set_permissions(bin_dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let bin = bin_dir.path().join("sagsbord");
    fs::copy(BIN, &bin).unwrap();
    fs::set_permissions(&bin, fs::Permissions::from_mode(0o755)).unwrap();
    let (dir, db) = caseload();
    // nobody is the centre's team leader, so what is refused below is
    // refused for the read-only file, not for their role.
    sagsbord(dir.path(), &db, &["user", "add", "nobody", "--role", "teamleder"]).ok();
    // A group-shared folder the user's group may write in (for SQLite's
    // shared memory), and a file the group may only read.
    let nogroup = "65534";
    for path in [dir.path(), db.as_path()] {
        assert!(Command::new("chgrp").arg(nogroup).arg(path).status().unwrap().success());
    }
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o2770)).unwrap();
    fs::set_permissions(&db, fs::Permissions::from_mode(0o640)).unwrap();
    let as_nobody = |args: &[&str]| {
        let out = Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&bin)
            .arg("--db")
            .arg(&db)
            .args(args)
            .current_dir(dir.path())
            .env_remove("SAGSBORD_DB")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        Run {
            code: out.status.code(),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    };
    let due = as_nobody(&["due", "--today", "2026-03-20"]).ok();
    assert!(due.stdout.contains("overskredet"), "{}", due.stdout);
    let before = count(&open_db(&db), "audit");
    for (args, command) in [
        (vec!["centre", "--name", "X"], "centre"),
        (vec!["export", "/tmp/sagsbord-ro-test.json"], "export"),
        (vec!["import", fixture("caseload.json").to_str().unwrap()], "import"),
    ] {
        let run = as_nobody(&args).failed();
        assert!(
            run.stderr.contains("databasen er skrivebeskyttet for dig") && run.stderr.contains(command),
            "{args:?}: {}",
            run.stderr
        );
    }
    assert!(!Path::new("/tmp/sagsbord-ro-test.json").exists());
    assert_eq!(count(&open_db(&db), "audit"), before);
}

/// Was: an existing file, or a symbolic link planted by someone else, got
/// the whole export (CPR numbers and all) before the command failed.
#[test]
fn an_export_never_writes_into_an_existing_file_or_through_a_link() {
    let (dir, db) = caseload();
    let dir = dir.path();
    let planted = dir.join("planted-by-someone-else");
    fs::write(&planted, "").unwrap();
    fs::set_permissions(&planted, fs::Permissions::from_mode(0o666)).unwrap();
    let link = dir.join("eksport.json");
    std::os::unix::fs::symlink(&planted, &link).unwrap();
    for force in [false, true] {
        let mut args = vec!["export", "eksport.json"];
        if force {
            args.insert(1, "--force");
        }
        let run = sagsbord(dir, &db, &args).failed();
        assert!(run.stderr.contains("er et symbolsk link"), "{}", run.stderr);
        assert_eq!(fs::read(&planted).unwrap(), b"", "the export went through the link");
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    }
    // A link to where no file is yet: nothing is created there.
    let nowhere = dir.join("nowhere.json");
    let dangling = dir.join("dangling.json");
    std::os::unix::fs::symlink(&nowhere, &dangling).unwrap();
    sagsbord(dir, &db, &["export", "dangling.json"]).failed();
    assert!(!nowhere.exists(), "the export created the link's target");
    // An existing file is kept as it was, without --force.
    let existing = dir.join("gammel.json");
    fs::write(&existing, "behold mig").unwrap();
    fs::set_permissions(&existing, fs::Permissions::from_mode(0o644)).unwrap();
    let run = sagsbord(dir, &db, &["export", "gammel.json"]).failed();
    assert!(run.stderr.contains("gammel.json findes allerede"), "{}", run.stderr);
    assert_eq!(fs::read_to_string(&existing).unwrap(), "behold mig");
    // No temporary file is left behind by any of it.
    assert!(names_in(dir).iter().all(|n| !n.ends_with(".tmp")), "{:?}", names_in(dir));
    // And no secret reached any file but a new export.
    let ok = sagsbord(dir, &db, &["export", "ny.json"]).ok();
    assert!(ok.stdout.contains("Eksporteret 7 sager"), "{}", ok.stdout);
    assert_eq!(mode(&dir.join("ny.json")), 0o600);
}

/// Was: `sagsbord due | head -1` panicked with "Broken pipe", exit 101.
#[test]
fn a_closed_pipe_ends_the_command_quietly() {
    let (dir, db) = caseload();
    for args in [
        vec!["due", "--today", "2026-03-20", "--within", "30"],
        vec!["due", "--json", "--today", "2026-03-20"],
        vec!["due", "--mine", "--today", "2026-03-20", "--within", "30"],
        vec!["due", "--counsellor", "anna", "--json", "--today", "2026-03-20"],
        vec!["due", "--fail-if-overdue", "--today", "2026-03-20", "--within", "30"],
        vec!["report", "--section", "stays", "--year", "2026"],
        vec!["report", "--section", "stays", "--json", "--year", "2026"],
        vec!["audit", "show", "--case", "1"],
        vec!["audit", "verify"],
        vec!["centre"],
        vec!["report", "--year", "2026"],
        vec!["report", "--json", "--year", "2026"],
        vec!["user", "list"],
        vec!["--help"],
    ] {
        let mut child = Command::new(BIN)
            .arg("--db")
            .arg(&db)
            .args(&args)
            .current_dir(dir.path())
            .env_remove("SAGSBORD_DB")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away before the program has written a line.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
    // As in a shell: the first line, and exit 0 from sagsbord.
    let script = format!(
        "'{}' --db '{}' due --today 2026-03-20 --within 30 | head -1; exit ${{PIPESTATUS[0]}}",
        BIN,
        db.display()
    );
    let out = Command::new("bash").arg("-c").arg(&script).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
}

/// An import file larger than any centre's export is refused before it
/// is read, and no database is created for it.
#[test]
fn an_import_file_over_the_limit_is_refused_at_once() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ny.db");
    let big = dir.path().join("stor.json");
    let limit = sagsbord::store::files::IMPORT_FILE_LIMIT;
    assert_eq!(limit, 512 * 1024 * 1024);
    fs::File::create(&big).unwrap().set_len(limit + 1).unwrap();
    let run = sagsbord(dir.path(), &db, &["import", "stor.json"]).failed();
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("stor.json: er for stor (højst 512 MiB)"), "{:?}", run.stderr);
    assert!(!db.exists(), "nothing created");
}

/// Was: an import file refused by its checks (a text longer than its form
/// allows) left a new, empty database behind.
#[test]
fn a_refused_import_creates_no_database() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ny.db");
    let mut sample: Value = serde_json::from_str(&crate::common::sample_text()).unwrap();
    sample["centre"]["name"] = Value::from("x".repeat(10_000_000));
    fs::write(dir.path().join("lang.json"), sample.to_string()).unwrap();
    let run = sagsbord(dir.path(), &db, &["import", "lang.json"]).failed();
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("lang.json: centre.name: højst 120 tegn"), "{:?}", run.stderr);
    assert!(run.stderr.len() < 300, "{} bytes", run.stderr.len());
    assert!(!db.exists(), "nothing created");
}

/// Was: `centre --name` took a name of any length, which no import of the
/// export would take back.
#[test]
fn a_centre_name_longer_than_the_import_takes_is_refused_as_typed() {
    let (dir, db) = caseload();
    let long = "ø".repeat(sagsbord::domain::limits::CENTRE_NAME + 1);
    let run = sagsbord(dir.path(), &db, &["centre", "--name", &long]).failed();
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("--name må højst have 120 tegn"), "{:?}", run.stderr);
    let name = "ø".repeat(sagsbord::domain::limits::CENTRE_NAME);
    sagsbord(dir.path(), &db, &["centre", "--name", &name]).ok();
}

/// Was: `due` and `centre` printed escape sequences from stored names raw
/// into the morning mail.
#[test]
fn control_characters_in_stored_text_never_reach_the_output() {
    let (dir, db) = caseload();
    let dir = dir.path();
    let name = "\u{1b}]0;ejet\u{7}\u{1b}[2J\u{1b}[31mRød\u{1b}[0m\nsag 99  falsk linje\r\u{9b}1m\u{202e}";
    // Refused as typed...
    let run = sagsbord(dir, &db, &["centre", "--name", name]).failed();
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("--name må ikke indeholde styretegn"), "{:?}", run.stderr);
    // ... and cleaned when printed from a file that holds them anyway.
    open_db(&db)
        .execute("UPDATE centre SET name = ?1, municipality = ?2", rusqlite::params![name, "Faxe\u{7}"])
        .unwrap();
    // Counsellors' names come from the database too.
    open_db(&db).execute("UPDATE cases SET counsellor = 'anna' || char(27) || '[8m' WHERE id = 5", []).unwrap();
    for args in [vec!["centre"], vec!["due", "--today", "2026-03-20"]] {
        let out = sagsbord(dir, &db, &args).ok().stdout;
        assert!(out.chars().all(|c| c == '\n' || !c.is_control()), "{args:?}: {out:?}");
        assert!(!out.contains('\u{202e}'), "{args:?}: {out:?}");
        assert!(out.contains("Rød sag 99  falsk linje"), "{args:?}: {out:?}");
        assert!(!out.lines().any(|l| l.starts_with("sag 99")), "a forged line: {out:?}");
    }
    let due = sagsbord(dir, &db, &["due", "--today", "2026-03-20"]).ok().stdout;
    // The digest's heading of case 5's counsellor, cleaned.
    assert!(due.lines().any(|l| l.starts_with("anna[8m (") || l.starts_with("anna (")), "{due:?}");
    assert!(!due.contains('\u{1b}'));
    // JSON escapes them.
    let json = sagsbord(dir, &db, &["due", "--json", "--today", "2026-03-20"]).ok().stdout;
    assert!(!json.chars().any(|c| c.is_control() && c != '\n'), "{json:?}");
}

/// Was: the workbench without a terminal panicked with an English
/// backtrace (exit 101); `demo --db FILE` was accepted and ignored.
#[test]
fn the_workbench_without_a_terminal_and_demo_with_db_are_refused_in_one_danish_line() {
    let (dir, db) = folder();
    let dir = dir.path();
    for args in [vec![], vec!["--today", "2026-03-20"], vec!["demo"]] {
        let mut all = vec!["--db", db.to_str().unwrap()];
        if args == ["demo"] {
            all.clear();
        }
        all.extend(args.iter().copied());
        let run = run_within(dir, &all, &[], Duration::from_secs(20)).expect("it ended");
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("kræver en terminal"), "{args:?}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked") && !run.stderr.contains("BACKTRACE"), "{}", run.stderr);
    }
    // Nothing was created on the way.
    assert!(!db.exists());
    let run = sagsbord(dir, &db, &["demo"]).failed();
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("--db kan ikke bruges med demo"), "{}", run.stderr);
    assert!(!db.exists());
}

/// Was: `/dev/zero` (or a pipe, or a huge file) as a profile was read
/// without end.
#[test]
fn a_profile_that_is_not_a_small_regular_file_is_refused_at_once() {
    let (dir, db) = caseload();
    let dir = dir.path();
    let limit = Duration::from_secs(20);
    // A pipe nobody writes to: opening it for reading would wait forever.
    let fifo = dir.join("profil.fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let run =
        run_within(dir, &["--db", db.to_str().unwrap(), "centre", "--profile", fifo.to_str().unwrap()], &[], limit)
            .expect("a pipe as a profile hung the program");
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("ikke en almindelig fil"), "{}", run.stderr);
    // A file far larger than any profile.
    let big = dir.join("stor.toml");
    fs::File::create(&big).unwrap().set_len(100 * 1024 * 1024).unwrap();
    let run = run_within(dir, &["--db", db.to_str().unwrap(), "centre", "--profile", "stor.toml"], &[], limit).unwrap();
    assert!(run.stderr.contains("større end 64 KiB"), "{}", run.stderr);
    let run = run_within(dir, &["--db", db.to_str().unwrap(), "centre", "--profile", "/dev/zero"], &[], limit).unwrap();
    assert!(run.stderr.contains("ikke en almindelig fil"), "{}", run.stderr);
    // A profile file swapped for a pipe after it was chosen: the profile
    // was copied into the database, so `due` neither reads nor hangs on it.
    let own = dir.join("egen.toml");
    fs::write(&own, "id = \"egen\"\nname = \"Egen profil\"\n").unwrap();
    sagsbord(dir, &db, &["centre", "--profile", "egen.toml"]).ok();
    fs::remove_file(&own).unwrap();
    assert!(Command::new("mkfifo").arg(&own).status().unwrap().success());
    let run = run_within(dir, &["--db", db.to_str().unwrap(), "due"], &[], limit).expect("due hung on the profile");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}

/// Was: every clap message and `--help` were in English.
#[test]
fn help_and_command_line_errors_are_in_danish() {
    let (dir, db) = folder();
    let dir = dir.path();
    let english =
        ["Usage:", "Options:", "Arguments:", "Commands:", "Print help", "Print version", "[default", "[possible"];
    for args in [
        vec!["--help"],
        vec!["-h"],
        vec!["due", "--help"],
        vec!["import", "-h"],
        vec!["export", "--help"],
        vec!["backup", "--help"],
        vec!["centre", "--help"],
        vec!["verify-audit", "--help"],
        vec!["demo", "--help"],
    ] {
        let help = sagsbord(dir, &db, &args).ok().stdout;
        assert!(help.contains("Brug: sagsbord"), "{args:?}: {help}");
        assert!(help.contains("Tilvalg:") && help.contains("Vis denne hjælp"), "{args:?}: {help}");
        for word in english {
            assert!(!help.contains(word), "{word:?} in {args:?}: {help}");
        }
    }
    let help = sagsbord(dir, &db, &["--help"]).ok().stdout;
    assert!(help.contains("Kommandoer:") && help.contains("backup"), "{help}");
    assert!(sagsbord(dir, &db, &["import", "--help"]).ok().stdout.contains("Argumenter:\n  <FIL>"));
    assert_eq!(sagsbord(dir, &db, &["--version"]).ok().stdout, format!("sagsbord {}\n", env!("CARGO_PKG_VERSION")));

    let refused = |args: &[&str], expected: &[&str]| {
        let run = sagsbord(dir, &db, args).failed();
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty());
        for e in expected {
            assert!(run.stderr.contains(e), "{e:?} for {args:?} in:\n{}", run.stderr);
        }
        for word in ["error:", "Usage:", "unexpected", "invalid", "tip:", "For more information"] {
            assert!(!run.stderr.contains(word), "{word:?} for {args:?} in:\n{}", run.stderr);
        }
    };
    refused(&["--bogus"], &["ukendt tilvalg '--bogus'", "Brug: sagsbord [TILVALG] [KOMMANDO]", "sagsbord --help"]);
    refused(&["due", "--jsn"], &["ukendt tilvalg '--jsn'", "mente du '--json'?", "sagsbord due --help"]);
    refused(&["due", "--within"], &["--within <DAGE> mangler en værdi"]);
    refused(&["due", "--within", "abc"], &["ugyldig værdi 'abc' til --within <DAGE>", "helt antal dage"]);
    refused(&["due", "--within", "99999999999"], &["ugyldig værdi '99999999999'"]);
    refused(&["due", "--today", "31.02.2026"], &["ugyldig værdi '31.02.2026' til --today <DATO>", "findes ikke"]);
    refused(&["due", "--today", "i morgen"], &["kan ikke læses"]);
    refused(&["--db"], &["--db <FIL> mangler en værdi"]);
    refused(&["dew"], &["ukendt kommando 'dew'"]);
    refused(&["import"], &["mangler <FIL>", "Brug: sagsbord import [TILVALG] <FIL>"]);
    refused(&["export", "a.json", "b.json"], &["uventet argument 'b.json'"]);
    refused(&["due", "--json", "--json"], &["--json er angivet mere end én gang"]);
    assert!(!db.exists(), "a refused command line created the database");
}

/// Every command and option has its own help text (a command added later
/// gets clap's Danish by `cli::command`, but its words are its own).
#[test]
fn every_command_and_option_has_a_help_text() {
    fn walk(cmd: &clap::Command, path: &str) {
        assert!(cmd.get_about().is_some_and(|a| !a.to_string().is_empty()), "{path} has no about");
        for arg in cmd.get_arguments() {
            let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
            assert!(!help.is_empty(), "{path} {} has no help", arg.get_id());
            for english in [" the ", " and ", " with ", "Print "] {
                assert!(!help.contains(english), "{path} {}: {help:?}", arg.get_id());
            }
        }
        for sub in cmd.get_subcommands() {
            walk(sub, &format!("{path} {}", sub.get_name()));
        }
    }
    let mut cmd = sagsbord::cli::command();
    cmd.build();
    walk(&cmd, "sagsbord");
}

// ---------------------------------------------------------------------------
// Users: `sagsbord user …` and the person who is not one
// ---------------------------------------------------------------------------

/// The line of `user list` that names `user`.
fn user_line(dir: &Path, db: &Path, user: &str) -> String {
    let run = sagsbord(dir, db, &["user", "list"]).ok();
    run.stdout
        .lines()
        .find(|l| l.split_whitespace().next() == Some(user))
        .unwrap_or_else(|| panic!("{user} is not listed:\n{}", run.stdout))
        .to_string()
}

#[test]
fn users_are_added_listed_disabled_enabled_and_cases_shared_on_the_command_line() {
    // The file is made by the command line, so its maker is its team leader.
    let (dir, db) = caseload();
    let dir = dir.path();
    let me = sagsbord::store::current_user().unwrap();
    assert!(user_line(dir, &db, &me).contains("teamleder"));

    let run = sagsbord(dir, &db, &["user", "add", "anna", "--role", "rådgiver", "--name", "Anna Andersen"]).ok();
    assert_eq!(run.stdout.trim(), "anna er tilføjet som rådgiver.");
    let run = sagsbord(dir, &db, &["user", "add", "dennis", "--role", "laege", "--anonymous-team"]).ok();
    assert_eq!(run.stdout.trim(), "dennis er tilføjet som læge.");
    let anna = user_line(dir, &db, "anna");
    assert!(anna.contains("rådgiver") && anna.contains("aktiv") && anna.ends_with("Anna Andersen"), "{anna}");
    let dennis = user_line(dir, &db, "dennis");
    assert_eq!(dennis.split_whitespace().take(4).collect::<Vec<_>>(), ["dennis", "læge", "Ja", "aktiv"], "{dennis}");

    // Refusals say why.
    let run = sagsbord(dir, &db, &["user", "add", "anna", "--role", "rådgiver"]).failed();
    assert!(run.stderr.contains("brugeren 'anna' findes allerede"), "{}", run.stderr);
    let run = sagsbord(dir, &db, &["user", "add", "bo", "--role", "chef"]).failed();
    assert!(run.stderr.contains("ukendt rolle 'chef'"), "{}", run.stderr);
    let run = sagsbord(dir, &db, &["user", "disable", &me]).failed();
    assert!(run.stderr.contains("den sidste aktive teamleder eller administrator"), "{}", run.stderr);

    let run = sagsbord(dir, &db, &["user", "disable", "anna"]).ok();
    assert_eq!(run.stdout.trim(), "anna er spærret.");
    assert!(user_line(dir, &db, "anna").contains("spærret"));
    let run = sagsbord(dir, &db, &["user", "enable", "anna"]).ok();
    assert_eq!(run.stdout.trim(), "anna er åbnet igen.");
    assert!(user_line(dir, &db, "anna").contains("aktiv"));

    // Case 1 is Anna's: sharing it with her is refused with why; Dennis gets it.
    let run = sagsbord(dir, &db, &["user", "share", "--case", "1", "--with", "anna"]).failed();
    assert!(run.stderr.contains("anna er rådgiver på sag 1 og har den allerede"), "{}", run.stderr);
    let run = sagsbord(dir, &db, &["user", "share", "--case", "1", "--with", "dennis"]).ok();
    assert_eq!(run.stdout.trim(), "Sag 1 er delt med dennis.");
    assert_eq!(count(&open_db(&db), "case_shares"), 1);
    let run = sagsbord(dir, &db, &["user", "share", "--case", "1", "--with", "dennis"]).failed();
    assert!(run.stderr.contains("sag 1 er allerede delt med dennis"), "{}", run.stderr);
    let run = sagsbord(dir, &db, &["user", "unshare", "--case", "1", "--with", "dennis"]).ok();
    assert_eq!(run.stdout.trim(), "Sag 1 deles ikke længere med dennis.");
    assert_eq!(count(&open_db(&db), "case_shares"), 0);

    // Every change is in the audit trail, by who made it.
    let rows: Vec<(String, String)> = open_db(&db)
        .prepare("SELECT actor, action FROM audit WHERE entity IN ('user', 'case') AND action <> 'list' ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let actions: Vec<&str> = rows.iter().map(|(_, a)| a.as_str()).collect();
    assert_eq!(
        actions,
        ["user_register_at_open", "user_add", "user_add", "user_disable", "user_enable", "share_case", "unshare_case"]
    );
    assert!(rows.iter().all(|(actor, _)| *actor == me), "{rows:?}");
}

#[test]
fn a_person_who_is_not_a_user_is_refused_with_the_command_that_adds_them() {
    let (dir, db) = folder();
    let dir = dir.path();
    // Made in-process by the team leader, so the one running the binary is
    // no user of it.
    drop(sagsbord::store::Store::open(&db, "leder").unwrap());
    let me = sagsbord::store::current_user().unwrap();
    let run = sagsbord(dir, &db, &["due"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.stderr.contains(&format!("du ({me}) er ikke bruger af centrets sagsbord")), "{}", run.stderr);
    assert!(run.stderr.contains(&format!("sagsbord user add {me} --role rådgiver")), "{}", run.stderr);

    // Added by the team leader, they get in; disabled, they are told so
    // and what lets them in again.
    drop(crate::common::open_as(&db, &me, sagsbord::store::Role::Counsellor));
    sagsbord(dir, &db, &["due"]).ok();
    sagsbord::store::Store::open(&db, "leder").unwrap().set_user_disabled(&me, true).unwrap();
    let run = sagsbord(dir, &db, &["due"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains(&format!("brugeren {me} er spærret")), "{}", run.stderr);
    assert!(run.stderr.contains(&format!("sagsbord user enable {me}")), "{}", run.stderr);
}
