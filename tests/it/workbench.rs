//! The workbench's start: which database it opens and how, in a
//! pseudo-terminal with the real binary.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::keys::{ENTER, ESC};
use crate::common::{TWO_CASES, Tui, count, open_db};
use sagsbord::store::{Store, current_user, exchange};
use tempfile::TempDir;

fn two_cases() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sagsbord.db");
    Store::open(&db, &current_user().unwrap()).unwrap().import(&exchange::parse(TWO_CASES).unwrap()).unwrap();
    (dir, db)
}

/// (audit rows, case events): what a write would add to.
fn written(db: &Path) -> (i64, i64) {
    let conn = open_db(db);
    (count(&conn, "audit"), count(&conn, "case_events"))
}

/// Was: `--today` on the real database recorded steps dated in the
/// future. Now the real database (`$SAGSBORD_DB`, the default, or `--db`
/// naming the same file) opens read-only with a banner, and nothing is
/// saved; a copy named with `--db` stays writable, for training and tests.
#[test]
fn today_on_the_real_database_opens_it_read_only_with_a_banner_and_saves_nothing() {
    let (dir, db) = two_cases();
    let before = written(&db);
    let db_text = db.to_str().unwrap();
    let mut tui = Tui::builder().args(["--today", "2026-03-25"]).env("SAGSBORD_DB", db_text).cwd(dir.path()).spawn();
    tui.wait_for_all(&["SKRIVEBESKYTTET · --today 25.03.2026 · intet gemmes", "Karen Testesen", "q afslut"]);
    // A step would be dated 25 March: it is refused, the draft kept. (25
    // March is after the guarantee's deadline, which is shown first.)
    tui.send("v");
    tui.wait_for("Visitationssamtale booket · sag 1 · Karen Testesen");
    tui.send(ENTER);
    tui.wait_for("Visitationen ligger efter behandlingsgarantiens frist 16.03.2026");
    tui.send(ENTER);
    tui.wait_for("skrivebeskyttet: kan hverken gemmes eller logges");
    tui.send(ESC);
    tui.wait_gone("Visitationssamtale booket · sag 1 · Karen Testesen");
    // Opening a case is a look that must be logged: refused too.
    tui.send(ENTER);
    tui.wait_for("Sagen kunne ikke åbnes: skrivebeskyttet: kan hverken gemmes eller logges");
    tui.quit();
    assert_eq!(written(&db), before, "something was written");

    // --db naming the real file is the real database as well.
    let tui = Tui::builder()
        .args(["--db", db_text, "--today", "2026-03-25"])
        .env("SAGSBORD_DB", db_text)
        .cwd(dir.path())
        .spawn();
    tui.wait_for("SKRIVEBESKYTTET");
    tui.quit();

    // A copy is not: no banner, and a step is saved.
    let copy = dir.path().join("kopi.db");
    Store::open(&copy, &current_user().unwrap()).unwrap().import(&exchange::parse(TWO_CASES).unwrap()).unwrap();
    let mut tui = Tui::builder()
        .args(["--db", copy.to_str().unwrap(), "--today", "2026-03-10"])
        .env("SAGSBORD_DB", db_text)
        .cwd(dir.path())
        .spawn();
    let screen = tui.wait_for_all(&["Karen Testesen", "q afslut"]);
    assert!(!screen.contains("SKRIVEBESKYTTET"), "{screen}");
    tui.send("v");
    tui.wait_for("Visitationssamtale booket · sag 1 · Karen Testesen");
    tui.send(ENTER);
    tui.wait_for("Visitationssamtale booket · sag 1: gemt.");
    tui.quit();
    assert_eq!(written(&copy).1, before.1 + 1);
    assert_eq!(written(&db), before);
}

/// Was: a keymap path naming a pipe (or /dev/zero) hung the program or
/// ate memory before the screen came up.
#[test]
fn a_keymap_that_is_not_a_small_regular_file_is_not_read_and_the_status_line_says_why() {
    let (dir, db) = two_cases();
    let fifo = dir.path().join("keymap.fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    for (keymap, why) in [(fifo.to_str().unwrap(), "ikke en almindelig fil"), ("/dev/zero", "ikke en almindelig fil")] {
        let tui = Tui::builder()
            .args(["--db", db.to_str().unwrap(), "--keymap", keymap])
            .size(160, 30)
            .cwd(dir.path())
            .spawn();
        tui.wait_for_all(&["Din tastaturfil bruges ikke", why, "Karen Testesen"]);
        tui.quit();
    }
    // A keymap named with --keymap that does not exist is said too.
    let tui = Tui::builder()
        .args(["--db", db.to_str().unwrap(), "--keymap", "findes-ikke.toml"])
        .size(160, 30)
        .cwd(dir.path())
        .spawn();
    tui.wait_for_all(&["Din tastaturfil bruges ikke", "findes-ikke.toml: findes ikke"]);
    tui.quit();
}

/// The workbench's first run creates the database, and says where.
#[test]
fn the_first_run_creates_the_database_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ny.db");
    let mut tui = Tui::builder().args(["--db", db.to_str().unwrap()]).size(160, 30).cwd(dir.path()).spawn();
    tui.wait_for_all(&["Ny, tom database oprettet:", "Ny database: sæt centret op"]);
    // The first run's form (tests/it/demo.rs) is skipped with Esc.
    tui.send(ESC);
    tui.wait_for("Centret er ikke sat op");
    tui.quit();
    assert!(db.exists());
    let tui = Tui::builder().args(["--db", db.to_str().unwrap()]).size(160, 30).cwd(dir.path()).spawn();
    let screen = tui.wait_for("q afslut");
    assert!(!screen.contains("Ny, tom database"), "{screen}");
    tui.quit();
}
