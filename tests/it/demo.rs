//! `sagsbord demo` as a trainer runs it, and the first run of a new
//! database: the real binary, in a pseudo-terminal where it draws.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::keys::{DOWN, ENTER, ESC, RIGHT, TAB};
use crate::common::{BIN, Run, Tui, open_db};

fn sagsbord(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(BIN);
    cmd.args(args).current_dir(dir).env_remove("SAGSBORD_DB").stdin(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    Run::of(cmd.output().expect("run sagsbord"))
}

/// How many times the centre's settings were changed, by the audit trail.
fn centre_updates(conn: &rusqlite::Connection) -> i64 {
    conn.query_row("SELECT count(*) FROM audit WHERE action = 'centre_update'", [], |r| r.get(0)).unwrap()
}

#[test]
fn demo_list_gives_one_danish_line_per_scenario_with_its_municipality_profile_and_day() {
    let dir = tempfile::tempdir().unwrap();
    let run = sagsbord(dir.path(), &["demo", "--list"], &[]).ok();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[0], "Demoer (sagsbord demo --scenario NAVN):", "{}", run.stdout);
    assert_eq!(lines.len(), 4, "{}", run.stdout);
    for (line, (name, municipality, day)) in lines[1..].iter().zip([
        ("randers", "Randers", "17.03.2026"),
        ("faxe", "Faxe", "10.02.2026"),
        ("rodovre", "Rødovre", "03.03.2026"),
    ]) {
        assert!(line.starts_with(name), "{line}");
        assert!(line.contains(&format!("{municipality} · profil {name} · i dag {day} · ")), "{line}");
        assert!(line.chars().count() <= 160, "{line}");
    }
    assert!(lines[3].contains("16 år"), "Rødovre's youngest age: {}", lines[3]);
}

#[test]
fn demo_refuses_a_database_by_flag_or_environment_and_never_touches_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rigtig.db");
    std::fs::write(&db, b"the centre's real file").unwrap();
    let named = db.to_str().unwrap();
    for (args, env) in [
        (vec!["demo", "--db", named], vec![]),
        (vec!["--db", named, "demo", "--scenario", "faxe"], vec![]),
        (vec!["demo"], vec![("SAGSBORD_DB", named)]),
        (vec!["demo", "--list"], vec![("SAGSBORD_DB", named)]),
    ] {
        let run = sagsbord(dir.path(), &args, &env);
        assert_eq!(run.code, Some(2), "{args:?} {env:?}: {}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        let said =
            if env.is_empty() { "--db kan ikke bruges med demo" } else { "$SAGSBORD_DB kan ikke bruges med demo" };
        assert!(run.stderr.contains(said), "{args:?}: {}", run.stderr);
        assert_eq!(std::fs::read(&db).unwrap(), b"the centre's real file");
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "nothing beside it either");
    let run = sagsbord(dir.path(), &["demo", "--scenario", "aarhus"], &[]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("ukendt demo 'aarhus'; kendte: randers, faxe, rodovre"), "{}", run.stderr);
}

/// The rows under the banner and the tab bar, without the message and key
/// lines: what the pane shows.
/// The pane's own rows: below the demo's mark and the tab bar, above the
/// key lines. The tab bar's counts are left out: they are filled in when
/// the program is idle, so a screen read at once may not have them yet.
fn pane_rows(screen: &str) -> Vec<String> {
    let lines: Vec<String> = screen.lines().map(|l| l.trim_end().to_string()).collect();
    assert!(lines[1].contains("Indtag") && lines[1].contains("Rapporter"), "the tab bar is the second line:\n{screen}");
    lines[2..lines.len().saturating_sub(2)].to_vec()
}

#[test]
fn the_demo_is_marked_on_every_pane_and_a_reset_takes_back_a_change() {
    let dir = tempfile::tempdir().unwrap();
    let mut tui = Tui::builder().args(["demo", "--scenario", "faxe"]).cwd(dir.path()).spawn();
    let mark = "DEMO · i dag er 10. februar 2026 i demoen · profil Faxe";
    let start = tui.wait_for_all(&[mark, "intet gemmes", "ctrl-r", "q afslut"]);
    for (key, tab) in [
        ("2", "[2 Planer]"),
        ("3", "[3 Grupper]"),
        ("4", "[4 Døgn]"),
        ("5", "[5 Underretninger]"),
        ("6", "[6 Rapporter]"),
        ("1", "[1 Indtag]"),
    ] {
        tui.send(key);
        let screen = tui.wait_for(tab);
        assert!(screen.lines().next().unwrap().starts_with(mark), "{tab}:\n{screen}");
    }
    // A change: the visitation booked for a new contact (case 44, the
    // seventh row; the first ones are being assessed).
    let before = pane_rows(&tui.wait_for("n ny"));
    assert_eq!(before, pane_rows(&start));
    tui.send_times(DOWN, 6);
    tui.wait_for("› 44");
    tui.send("v");
    tui.wait_for("Visitationssamtale booket · sag 44");
    tui.send(ENTER);
    let changed = pane_rows(&tui.wait_for(": gemt."));
    assert_ne!(changed, before, "the step shows in the list");
    // Asked first; another key leaves it.
    tui.send("\x12"); // ctrl-r
    tui.wait_for("Start demoen forfra?");
    tui.send("n");
    tui.wait_for("Demoen fortsætter");
    assert_eq!(pane_rows(&tui.screen()), changed);
    // The plain key asks too; j starts it again.
    tui.send("2");
    tui.wait_for("[2 Planer]");
    tui.send("R");
    tui.wait_for("Start demoen forfra?");
    tui.send("j");
    let again = tui.wait_for_all(&["Demoen er startet forfra", "[1 Indtag]", mark]);
    assert_eq!(pane_rows(&again), before, "the start again:\n{again}");
    tui.quit();
}

#[test]
fn a_new_database_asks_for_the_centre_and_saves_it_as_sagsbord_centre_does() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ny.db");
    let named = db.to_str().unwrap();
    let mut tui = Tui::builder().args(["--db", named]).cwd(dir.path()).spawn();
    tui.wait_for_all(&["Ny database: sæt centret op", "Centrets navn", "Kommune", "National standard"]);
    // Nothing typed: both texts are needed, nothing is saved.
    tui.send(ENTER);
    tui.wait_for("skal udfyldes");
    tui.type_text("Rusmiddelcenter Vestegnen");
    tui.send(TAB);
    tui.type_text("Rødovre");
    tui.send(TAB);
    // national, faxe, nyborg, rodovre: each with its line.
    for (name, line) in
        [("Faxe", "plan senest 14 dage"), ("Nyborg", "handleplan"), ("Rødovre", "ingen behandling under 16 år")]
    {
        tui.send(RIGHT);
        tui.wait_for_all(&[name, line]);
    }
    tui.send(ENTER);
    tui.wait_for_all(&["Centret er sat op: Rusmiddelcenter Vestegnen med profilen Rødovre.", "[1 Indtag]"]);
    tui.quit();
    let run = sagsbord(dir.path(), &["--db", named, "centre"], &[]).ok();
    let shown: Vec<&str> = run.stdout.lines().collect();
    assert!(shown[0].ends_with("Rusmiddelcenter Vestegnen"), "{}", run.stdout);
    assert!(shown[1].ends_with("Rødovre"), "{}", run.stdout);
    assert!(shown[2].ends_with("rodovre"), "{}", run.stdout);
    let conn = open_db(&db);
    let updates = centre_updates(&conn);
    assert_eq!(updates, 1, "one audited write");
    // The second start opens the panes: the centre is set up.
    let tui = Tui::builder().args(["--db", named]).cwd(dir.path()).spawn();
    let screen = tui.wait_for("[1 Indtag]");
    assert!(!screen.contains("sæt centret op"), "{screen}");
    tui.quit();
}

#[test]
fn esc_on_the_first_runs_form_writes_nothing_and_says_how_to_set_up_later() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ny.db");
    let named = db.to_str().unwrap();
    let mut tui = Tui::builder().args(["--db", named]).cwd(dir.path()).spawn();
    tui.wait_for("Ny database: sæt centret op");
    tui.type_text("Halvt skrevet");
    tui.send(ESC);
    tui.wait_for_all(&["Centret er ikke sat op: den nationale standard gælder", "[1 Indtag]"]);
    tui.quit();
    let conn = open_db(&db);
    let updates = centre_updates(&conn);
    assert_eq!(updates, 0);
    let (name, municipality, profile): (String, String, String) = conn
        .query_row("SELECT name, municipality, profile_id FROM centre WHERE id = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert!(!name.contains("Halvt"), "{name}");
    assert_eq!((municipality.as_str(), profile.as_str()), ("", "national"));
}
