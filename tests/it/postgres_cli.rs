//! The command line on a centre in a PostgreSQL database: the real binary
//! given `--db postgresql://…` and `--centre`, against the tests' throw-away
//! server. What it does and says is what it does and says on a file.

use std::process::{Command, Stdio};

use crate::common::{BIN, Run, fixture, server_url};

/// The binary on `url` (and `centre`), in a folder of its own, with
/// nothing of the environment's database or keymap.
pub(crate) fn sagsbord(url: &str, centre: Option<&str>, args: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let mut command = Command::new(BIN);
    command.arg("--db").arg(url);
    if let Some(centre) = centre {
        command.arg("--centre").arg(centre);
    }
    let out = command
        .args(args)
        .current_dir(dir.path())
        .env_remove("SAGSBORD_DB")
        .env_remove("SAGSBORD_CENTRE")
        .env("SAGSBORD_KEYMAP", dir.path().join("no-such-keymap.toml"))
        .stdin(Stdio::null())
        .output()
        .expect("run sagsbord");
    Run::of(out)
}

const CENTRE: &str = "Rusmiddelcentret Vest";

#[test]
fn a_centre_is_created_on_the_server_and_due_check_and_verify_run_there() {
    let url = server_url();
    let made = sagsbord(
        &url,
        Some(CENTRE),
        &["centre", "--name", "Rusmiddelcentret Vest", "--municipality", "Faxe", "--profile", "faxe"],
    )
    .ok();
    assert!(made.stdout.contains("Faxe"), "{}", made.stdout);
    let shown = sagsbord(&url, Some(CENTRE), &["centre"]).ok();
    assert!(shown.stdout.contains("Rusmiddelcentret Vest") && shown.stdout.contains("faxe"), "{}", shown.stdout);

    let due = sagsbord(&url, Some(CENTRE), &["due", "--json", "--today", "2026-03-20"]).ok();
    assert_eq!(serde_json::from_str::<serde_json::Value>(&due.stdout).unwrap(), serde_json::json!([]));
    let verify = sagsbord(&url, Some(CENTRE), &["audit", "verify"]).ok();
    assert!(verify.stdout.contains("intakt"), "{}", verify.stdout);
    sagsbord(&url, Some(CENTRE), &["check"]).ok();

    // The export runs there, and is the file format a file's export is.
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("eksport.json");
    sagsbord(&url, Some(CENTRE), &["export", file.to_str().unwrap()]).ok();
    let exported: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(exported["centre"]["name"], "Rusmiddelcentret Vest");
    assert_eq!(exported["cases"], serde_json::json!([]));

    // The centre's change is in its trail, by the role the server let in.
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let quoted = format!("\"{CENTRE}\"");
    let actors: Vec<(String, String)> = client
        .query(&format!("SELECT actor, action FROM {quoted}.audit ORDER BY id"), &[])
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert!(actors.contains(&("postgres".to_string(), "centre_update".to_string())), "{actors:?}");
    // Its first row, the baseline, names who created the centre.
    let creator: String = client.query_one("SELECT CAST(session_user AS TEXT)", &[]).unwrap().get(0);
    assert_eq!(actors[0], (creator, "baseline".to_string()));
}

/// A centre created before the trail's baseline named its creator says
/// `sagsbord` there, the program's name: that is its history, and it
/// verifies and checks clean for its team leader, before and after their
/// next change.
#[test]
fn an_older_centre_whose_baseline_names_the_program_verifies_and_checks_clean() {
    let url = server_url();
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let leader: String = client.query_one("SELECT CAST(session_user AS TEXT)", &[]).unwrap().get(0);
    // The centre created in the name `sagsbord`, which then makes the
    // test's login its team leader.
    client
        .batch_execute(
            "DO $$ BEGIN CREATE ROLE sagsbord LOGIN SUPERUSER;
             EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$",
        )
        .unwrap();
    let as_program = url.replacen(&format!("postgresql://{leader}@"), "postgresql://sagsbord@", 1);
    sagsbord(&as_program, Some(CENTRE), &["centre", "--name", "Vest", "--municipality", "Faxe", "--profile", "faxe"])
        .ok();
    sagsbord(&as_program, Some(CENTRE), &["user", "add", &leader, "--role", "teamleder"]).ok();
    let baseline: (String, String) = client
        .query_one(&format!("SELECT actor, action FROM \"{CENTRE}\".audit ORDER BY id LIMIT 1"), &[])
        .map(|r| (r.get(0), r.get(1)))
        .unwrap();
    assert_eq!(baseline, ("sagsbord".to_string(), "baseline".to_string()));

    for change in [None, Some("Rusmiddelcentret Vest")] {
        if let Some(name) = change {
            sagsbord(&url, Some(CENTRE), &["centre", "--name", name]).ok();
        }
        let verify = sagsbord(&url, Some(CENTRE), &["audit", "verify"]).ok();
        assert!(verify.stdout.contains("intakt"), "{}", verify.stdout);
        sagsbord(&url, Some(CENTRE), &["check"]).ok();
    }
}

#[test]
fn a_server_without_a_centre_or_a_centre_that_is_not_there_is_refused_in_danish() {
    let url = server_url();
    let run = sagsbord(&url, None, &["due"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("angiv også centret med --centre"), "{}", run.stderr);

    let run = sagsbord(&url, Some("Intet Center"), &["due"]).failed();
    assert!(run.stderr.contains("intet center ved navn Intet Center"), "{}", run.stderr);
}

#[test]
fn a_backup_is_refused_on_the_server_and_nothing_is_written_but_an_import_runs_there() {
    let url = server_url();
    sagsbord(&url, Some(CENTRE), &["centre", "--name", "Vest", "--municipality", "Faxe", "--profile", "faxe"]).ok();
    let backup = sagsbord(&url, Some(CENTRE), &["backup", "kopi.db"]).failed();
    assert!(backup.stderr.contains("kun gøres med en SQLite-fil"), "{}", backup.stderr);
    let due = sagsbord(&url, Some(CENTRE), &["due", "--json", "--today", "2026-03-20"]).ok();
    assert_eq!(due.stdout.trim(), "[]", "nothing was taken");
    // An import is no file's alone: it runs there.
    let file = fixture("caseload.json");
    let import = sagsbord(&url, Some(CENTRE), &["import", file.to_str().unwrap()]).ok();
    assert_eq!(import.stdout.trim(), "Importeret: 7 borgere, 7 sager, 11 hændelser.");
}

/// A centre's file moved into the server and back: each step's export is
/// the one before it, byte for byte (the command checks it, and says so).
#[test]
fn a_centre_moves_from_its_file_into_the_server_and_back_unchanged() {
    let url = server_url();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("centre.db");
    let import = Command::new(BIN)
        .args(["--db", file.to_str().unwrap(), "import", fixture("caseload.json").to_str().unwrap()])
        .env_remove("SAGSBORD_DB")
        .output()
        .unwrap();
    Run::of(import).ok();

    let run = Command::new(BIN)
        .args(["--db", file.to_str().unwrap(), "--centre", CENTRE, "migrate", "--to", &url])
        .env_remove("SAGSBORD_DB")
        .output()
        .unwrap();
    let run = Run::of(run).ok();
    assert!(run.stdout.contains("Eksporten fra begge sider er ens"), "{}", run.stdout);
    let due = sagsbord(&url, Some(CENTRE), &["due", "--json", "--today", "2026-03-20"]).ok();
    let on_file = Command::new(BIN)
        .args(["--db", file.to_str().unwrap(), "due", "--json", "--today", "2026-03-20"])
        .env_remove("SAGSBORD_DB")
        .output()
        .unwrap();
    assert_eq!(due.stdout, Run::of(on_file).ok().stdout, "due on the server is due on the file");
    sagsbord(&url, Some(CENTRE), &["audit", "verify"]).ok();
    sagsbord(&url, Some(CENTRE), &["check"]).ok();

    // And back, into a new file.
    let back = dir.path().join("tilbage.db");
    let run = sagsbord(&url, Some(CENTRE), &["migrate", "--to", back.to_str().unwrap()]).ok();
    assert!(run.stdout.contains("Eksporten fra begge sider er ens"), "{}", run.stdout);
    let exports: Vec<String> = [&file, &back]
        .iter()
        .map(|db| {
            let out = dir.path().join(format!("{}.json", db.file_stem().unwrap().to_str().unwrap()));
            let run = Command::new(BIN)
                .args(["--db", db.to_str().unwrap(), "export", out.to_str().unwrap()])
                .env_remove("SAGSBORD_DB")
                .output()
                .unwrap();
            Run::of(run).ok();
            std::fs::read_to_string(out).unwrap()
        })
        .collect();
    assert!(exports[0] == exports[1], "the file after the round trip exports as the file before it");

    // Into a centre that has data already: refused, nothing taken.
    let again = Command::new(BIN)
        .args(["--db", file.to_str().unwrap(), "--centre", CENTRE, "migrate", "--to", &url])
        .env_remove("SAGSBORD_DB")
        .output()
        .unwrap();
    Run::of(again).failed();
}

#[test]
fn a_move_from_file_to_file_is_refused_as_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    let out = Command::new(BIN)
        .args(["--db", a.to_str().unwrap(), "migrate", "--to", b.to_str().unwrap()])
        .env_remove("SAGSBORD_DB")
        .output()
        .unwrap();
    let run = Run::of(out);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("sagsbord backup"), "{}", run.stderr);
    assert!(!a.exists() && !b.exists());
}

/// `audit show --case N` on the server: the case's history as on a file
/// (the import made the case and its citizen), the look itself recorded
/// and told the next time, and a case never there not found.
#[test]
fn a_cases_history_is_shown_on_the_server_and_the_look_is_recorded() {
    let url = server_url();
    let file = fixture("caseload.json");
    sagsbord(&url, Some(CENTRE), &["import", file.to_str().unwrap()]).ok();
    let run = sagsbord(&url, Some(CENTRE), &["audit", "show", "--case", "3"]).ok();
    let out = &run.stdout;
    assert!(out.starts_with("Sag 3: hvem har set og ændret den"), "{out}");
    assert!(out.contains(" importerede til databasen"), "{out}");
    assert!(out.contains(&format!("\n{:34}sager 3 ny\n", "")), "{out}");
    assert!(!out.contains("sager 4 "), "nothing of other cases: {out}");
    assert!(!out.contains("så revisionssporet for"), "{out}");

    let again = sagsbord(&url, Some(CENTRE), &["audit", "show", "--case", "3"]).ok();
    assert!(again.stdout.contains("så revisionssporet for sag 3"), "{}", again.stdout);
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let shown: i64 = client
        .query_one(
            &format!("SELECT count(*) FROM \"{CENTRE}\".audit WHERE action = 'audit_show' AND entity_id = 3"),
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(shown, 2);

    let run = sagsbord(&url, Some(CENTRE), &["audit", "show", "--case", "999"]).failed();
    assert!(run.stderr.contains("sag 999 findes ikke"), "{}", run.stderr);
}
