//! The workbench on a centre in a PostgreSQL database: the real binary in
//! a pseudo-terminal, driven by keys as a counsellor would.

use std::process::{Command, Stdio};

use crate::common::keys::{ENTER, ESC};
use crate::common::{BIN, Run, Tui, cpr_passing_modulus11, fill_new_contact, server_url};

const CENTRE: &str = "Rusmiddelcentret Syd";

fn command(url: &str, args: &[&str]) -> Run {
    let out = Command::new(BIN)
        .args(["--db", url, "--centre", CENTRE])
        .args(args)
        .env_remove("SAGSBORD_DB")
        .env_remove("SAGSBORD_CENTRE")
        .stdin(Stdio::null())
        .output()
        .expect("run sagsbord");
    Run::of(out)
}

#[test]
fn a_contact_registered_in_the_workbench_on_the_server_is_stored_there_and_every_pane_opens() {
    let url = server_url();
    command(&url, &["centre", "--name", "Rusmiddelcentret Syd", "--municipality", "Faxe", "--profile", "national"])
        .ok();
    let cpr = cpr_passing_modulus11("070885", 2);
    let mut tui = Tui::builder()
        .args(["--db", url.as_str(), "--centre", CENTRE, "--today", "2026-03-10"])
        .env("SAGSBORD_KEYMAP", "/nonexistent/keymap.toml")
        .spawn();
    tui.wait_for("Ingen åbne henvendelser");
    fill_new_contact(&mut tui, "Bent Testesen", &cpr);
    tui.send(ENTER);
    tui.wait_for("Sag 1 er registreret.");
    // The case opens (a look, recorded in the trail), its CPR number masked.
    tui.send(ENTER);
    let case = tui.wait_for_all(&["Sag 1 · Ny", "Behandlingsgaranti: frist 24.03.2026 (om 14 dage)", "c vis CPR"]);
    assert!(!case.contains(&cpr), "{case}");
    tui.send(ESC);
    tui.wait_gone("Behandlingsgaranti");
    // Every pane reads its first page from the server.
    for (key, title) in [("2", "Planer"), ("3", "Grupper"), ("4", "Døgn"), ("5", "Underretninger"), ("6", "Rapporter")]
    {
        tui.send(key);
        let screen = tui.wait_for(title);
        assert!(!screen.contains("kunne ikke"), "pane {title}:\n{screen}");
    }
    tui.send("1");
    tui.wait_for("Bent Testesen");
    tui.quit();

    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let schema = format!("\"{CENTRE}\"");
    let row = client.query_one(&format!("SELECT counsellor, kind FROM {schema}.cases WHERE id = 1"), &[]).unwrap();
    assert_eq!((row.get::<_, String>(0), row.get::<_, String>(1)), ("postgres".to_string(), "own_use".to_string()));
    let actions: Vec<String> = client
        .query(&format!("SELECT action FROM {schema}.audit WHERE actor = 'postgres' ORDER BY id"), &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(actions.contains(&"register_contact".to_string()) && actions.contains(&"view".to_string()), "{actions:?}");
    command(&url, &["audit", "verify"]).ok();
    command(&url, &["check"]).ok();
}

/// The server ends the workbench's session, as a restart does: the
/// workbench says it connected again within a tick or two, goes on
/// showing the centre, and saves there again.
#[test]
fn the_workbench_connects_again_when_the_server_ended_its_session() {
    let url = server_url();
    command(&url, &["centre", "--name", "Rusmiddelcentret Syd", "--municipality", "Faxe", "--profile", "national"])
        .ok();
    let mut tui = Tui::builder()
        .args(["--db", url.as_str(), "--centre", CENTRE, "--today", "2026-03-10"])
        .env("SAGSBORD_KEYMAP", "/nonexistent/keymap.toml")
        .spawn();
    tui.wait_for("Ingen åbne henvendelser");
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let ended: i64 = admin
        .query_one(
            "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
              WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend') t",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(ended >= 1, "the workbench's session is ended");
    tui.wait_for("Forbindelsen til serveren er genoprettet");
    let cpr = cpr_passing_modulus11("070885", 2);
    fill_new_contact(&mut tui, "Bent Testesen", &cpr);
    tui.send(ENTER);
    tui.wait_for("Sag 1 er registreret.");
    tui.quit();
    let schema = format!("\"{CENTRE}\"");
    let cases: i64 = admin.query_one(&format!("SELECT count(*) FROM {schema}.cases"), &[]).unwrap().get(0);
    assert_eq!(cases, 1);
    command(&url, &["audit", "verify"]).ok();
}
