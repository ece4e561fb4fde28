//! The command line on a centre in a PostgreSQL database: the real binary
//! given `--db postgresql://…` and `--centre`, against the tests' throw-away
//! server. What it does and says is what it does and says on a file.

use std::process::{Command, Stdio};

use crate::common::{BIN, Run, fixture, server_url};

fn sagsbord(url: &str, centre: Option<&str>, args: &[&str]) -> Run {
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
fn what_only_a_file_has_is_refused_on_the_server_and_nothing_is_written() {
    let url = server_url();
    sagsbord(&url, Some(CENTRE), &["centre", "--name", "Vest", "--municipality", "Faxe", "--profile", "faxe"]).ok();
    let backup = sagsbord(&url, Some(CENTRE), &["backup", "kopi.db"]).failed();
    assert!(backup.stderr.contains("kun gøres med en SQLite-fil"), "{}", backup.stderr);
    let file = fixture("caseload.json");
    let import = sagsbord(&url, Some(CENTRE), &["import", file.to_str().unwrap()]).failed();
    assert!(import.stderr.contains("kun gøres med en SQLite-fil"), "{}", import.stderr);
    let due = sagsbord(&url, Some(CENTRE), &["due", "--json", "--today", "2026-03-20"]).ok();
    assert_eq!(due.stdout.trim(), "[]", "nothing of the file was taken");
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
