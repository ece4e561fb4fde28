//! End-to-end: the real binary in a pseudo-terminal, driven by keys as a
//! counsellor would, checked on the screen and then in the database file.

use std::path::{Path, PathBuf};

use crate::common::keys::{BACKSPACE, BACKTAB, ENTER, ESC, HOME, RIGHT, TAB};
use crate::common::{TWO_CASES, Tui, count, cpr_passing_modulus11, fill_new_contact, open_db};
use sagsbord::store::{Centre, Store, current_user, exchange};
use tempfile::TempDir;

/// The day every test treats as today.
const TODAY: &str = "2026-03-10";

/// A fresh database for a centre in Faxe, as `sagsbord centre` would set it up.
fn fresh_centre() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sagsbord.db");
    let mut store = Store::open(&db, &current_user().unwrap()).unwrap();
    store
        .set_centre(&Centre {
            name: "Testcentret".into(),
            municipality: "Faxe".into(),
            profile: "national".into(),
            profile_path: None,
            profile_toml: None,
        })
        .unwrap();
    (dir, db)
}

fn centre_with(json: &str) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sagsbord.db");
    let mut store = Store::open(&db, &current_user().unwrap()).unwrap();
    store.import(&exchange::parse(json).unwrap()).unwrap();
    (dir, db)
}

fn open_tui(dir: &Path, db: &Path) -> Tui {
    Tui::builder().args(["--db", db.to_str().unwrap(), "--today", TODAY]).cwd(dir).spawn()
}

/// The words of the screen row showing `name`.
fn row_words(tui: &Tui, name: &str) -> Vec<String> {
    let line = tui.line_with(name).unwrap_or_else(|| panic!("no row with {name:?}:\n{}", tui.screen()));
    line.split_whitespace().map(str::to_string).collect()
}

#[test]
fn a_new_contact_registered_through_the_form_is_queued_with_its_deadline_and_stored() {
    let (dir, db) = fresh_centre();
    let cpr = cpr_passing_modulus11("070885", 2);
    let mut tui = open_tui(dir.path(), &db);
    tui.wait_for("Ingen åbne henvendelser");

    fill_new_contact(&mut tui, "Bent Testesen", &cpr);
    // Answered children and a CPR number that passes modulus 11: no warning
    // to confirm, so one Enter saves.
    tui.send(ENTER);
    let screen = tui.wait_for("Sag 1 er registreret.");
    assert!(!screen.contains("Ny henvendelse"), "the form closed");
    assert!(!screen.contains("modulus"), "{screen}");

    // The queue: the name, the stage, the deadline 14 days on, 14 days left.
    let words = row_words(&tui, "Bent Testesen");
    let at =
        words.iter().position(|w| w == "24.03.2026").unwrap_or_else(|| panic!("no deadline 24.03.2026 in {words:?}"));
    assert_eq!(words[at + 1], "14", "days left in {words:?}");
    assert!(words.contains(&"Ny".to_string()), "{words:?}");
    assert!(!screen.contains("BØRN IKKE SPURGT"), "{screen}");
    assert!(screen.contains("1 åbne · 1 nye"), "{screen}");
    // Lists never show the CPR number.
    assert!(!screen.contains(&cpr[..6]), "{screen}");

    // The case view shows what was typed, the CPR number masked.
    tui.send(ENTER);
    let masked = format!("CPR {}-XXXX", &cpr[..6]);
    let case = tui.wait_for_all(&[
        "Sag 1 · Ny",
        &masked,
        "Rusmidler: Amfetamin · Børn: Spurgt: ingen børn under 18",
        "Behandlingsgaranti: frist 24.03.2026 (om 14 dage)",
        // The case view's key line: the bottom row, so the frame is whole.
        "c vis CPR",
    ]);
    assert!(!case.contains(&cpr), "the full CPR number only on request");
    tui.send(ESC);
    tui.wait_gone("Behandlingsgaranti");
    tui.quit();

    let user = current_user().unwrap();
    let db = open_db(&db);
    let (kind, channel, contact_at, counsellor, children, citizen): (String, String, String, String, String, i64) = db
        .query_row(
            "SELECT kind, channel, contact_at, counsellor, children, citizen_id FROM cases WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )
        .unwrap();
    assert_eq!((kind.as_str(), channel.as_str()), ("own_use", "phone"));
    assert!(contact_at.starts_with("2026-03-10T"), "{contact_at}");
    assert_eq!(counsellor, user);
    assert_eq!(children, "no_children");
    let (name, stored_cpr, home): (String, String, String) = db
        .query_row("SELECT name, cpr, home_municipality FROM citizens WHERE id = ?1", [citizen], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!((name.as_str(), stored_cpr.as_str(), home.as_str()), ("Bent Testesen", cpr.as_str(), "Faxe"));
    let substances: Vec<String> = db
        .prepare("SELECT substance FROM case_substances WHERE case_id = 1")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(substances, ["amphetamine"]);
    let events: Vec<(String, String, String)> = db
        .prepare("SELECT kind, on_date, actor FROM case_events WHERE case_id = 1 ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(events, [("registered".to_string(), TODAY.to_string(), user.clone())]);
    let audit: Vec<(String, String)> = db
        .prepare("SELECT action, actor FROM audit WHERE entity = 'case' AND entity_id = 1 ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(audit, [("register_contact".to_string(), user.clone()), ("view".to_string(), user.clone())]);
    drop(db);
    let store = Store::open(dir.path().join("sagsbord.db").as_path(), "test").unwrap();
    assert_eq!(store.verify_audit().unwrap(), []);
}

#[test]
fn a_refused_draft_is_kept_and_saves_once_corrected_in_place() {
    let (dir, db) = fresh_centre();
    let good = cpr_passing_modulus11("280290", 1);
    // 31 February 1990 does not exist.
    let bad = format!("31{}", &good[2..]);
    let mut tui = open_tui(dir.path(), &db);
    tui.wait_for("Ingen åbne henvendelser");
    let audit_before = count(&open_db(&db), "audit");

    tui.send("n");
    tui.wait_for("Ny henvendelse");
    tui.send_times(TAB, 4);
    tui.type_text("Ida Kladde");
    tui.send(TAB);
    tui.type_text(&bad);
    tui.send(TAB);
    tui.send(ENTER);
    let screen = tui.wait_for("Datoen 31.02.1990 findes ikke");
    assert!(screen.contains("Ikke gemt: ret de markerede felter. Kladden er bevaret."), "{screen}");
    // The message stands under the CPR field, which is marked and focused.
    let lines: Vec<&str> = screen.lines().collect();
    let field = lines.iter().position(|l| l.contains("CPR-nummer")).expect("the CPR field");
    assert!(lines[field].contains("›!CPR-nummer"), "{}", lines[field]);
    assert!(lines[field].contains(&bad), "the draft keeps what was typed");
    assert!(lines[field + 1].contains("! Datoen 31.02.1990 findes ikke"));
    assert!(screen.contains("Ida Kladde"), "the name is kept: {screen}");
    {
        let db = open_db(&db);
        assert_eq!(count(&db, "cases"), 0);
        assert_eq!(count(&db, "citizens"), 0);
        assert_eq!(count(&db, "case_events"), 0);
        assert_eq!(count(&db, "audit"), audit_before);
    }

    // Fix the day in place: the cursor to after "31", two Backspaces, "28".
    tui.send(HOME);
    tui.send(RIGHT);
    tui.send(RIGHT);
    tui.send(BACKSPACE);
    tui.send(BACKSPACE);
    tui.type_text("28");
    tui.wait_for(&good);
    // The children question is unanswered: the first Enter shows the
    // warning and saves nothing, the second saves.
    tui.send(ENTER);
    let screen = tui.wait_for("ADVARSEL: Spørgsmålet om børn under 18 er ikke stillet.");
    assert!(!screen.contains("findes ikke"), "{screen}");
    assert!(screen.contains("Tryk Enter igen for at gemme"), "{screen}");
    assert_eq!(count(&open_db(&db), "cases"), 0);
    tui.send(ENTER);
    tui.wait_for("Sag 1 er registreret.");
    let words = row_words(&tui, "Ida Kladde");
    assert!(words.contains(&"24.03.2026".to_string()), "{words:?}");
    assert!(tui.line_with("Ida Kladde").unwrap().contains("BØRN IKKE SPURGT"));
    tui.quit();

    let db = open_db(&db);
    assert_eq!(count(&db, "cases"), 1);
    let (cpr, children): (String, String) = db
        .query_row("SELECT p.cpr, c.children FROM cases c JOIN citizens p ON p.id = c.citizen_id", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(cpr, good);
    assert_eq!(children, "not_asked");
    assert_eq!(count(&db, "audit"), audit_before + 1);
}

#[test]
fn step_keys_move_cases_from_the_queue_and_from_the_case_view_into_treatment() {
    let (dir, db) = centre_with(TWO_CASES);
    let mut tui = open_tui(dir.path(), &db);
    tui.wait_for("Karen Testesen");
    // The active tab is coloured when NO_COLOR is not set.
    assert!(tui.with_screen(|s| {
        (0..100).any(|c| s.cell(0, c).is_some_and(|cell| cell.fgcolor() != vt100::Color::Default))
    }));
    // The most urgent case is first and selected.
    assert!(tui.line_with("Karen Testesen").unwrap().contains("› 1"), "{}", tui.screen());

    // From the queue: v, s, b on the selected line, each saved with Enter.
    tui.send("v");
    tui.wait_for("Visitationssamtale booket · sag 1 · Karen Testesen");
    tui.send(ENTER);
    tui.wait_for("Visitationssamtale booket · sag 1: gemt.");
    assert!(row_words(&tui, "Karen Testesen").contains(&"Visitation".to_string()));
    tui.send("s");
    tui.wait_for("Udredning startet, samtykke givet · sag 1 · Karen Testesen");
    tui.send(ENTER);
    tui.wait_for("Udredning startet, samtykke givet · sag 1: gemt.");
    assert!(row_words(&tui, "Karen Testesen").contains(&"Udredning".to_string()));
    tui.send("b");
    tui.wait_for("Behandling startet · sag 1 · Karen Testesen");
    tui.send(ENTER);
    tui.wait_for("Behandling startet · sag 1: gemt.");
    let screen = tui.wait_gone("Karen Testesen");
    assert!(screen.contains("1 åbne"), "{screen}");

    // From the case view: Enter opens it, the same keys act on it.
    assert!(tui.line_with("Mads Prøvesen").unwrap().contains("› 2"));
    tui.send(ENTER);
    tui.wait_for("Sag 2 · Ny");
    tui.send("v");
    tui.wait_for("Visitationssamtale booket · sag 2 · Mads Prøvesen");
    tui.send(ENTER);
    // The step shows in the title and in the history below it.
    tui.wait_for_all(&["Sag 2 · Visitation ", "Visitationssamtale booket ·"]);
    tui.send("s");
    tui.wait_for("Udredning startet, samtykke givet · sag 2 · Mads Prøvesen");
    tui.send(ENTER);
    tui.wait_for("Sag 2 · Udredning");
    tui.send("b");
    tui.wait_for("Behandling startet · sag 2 · Mads Prøvesen");
    tui.send(ENTER);
    tui.wait_for_all(&[
        "Sag 2 · I behandling",
        "Behandlingsgaranti: overholdt, startet 10.03.2026 (frist 23.03.2026)",
        "Behandling startet ·",
    ]);
    tui.send(ESC);
    let screen = tui.wait_for("Ingen åbne henvendelser");
    assert!(!screen.contains("Mads Prøvesen"), "{screen}");
    tui.quit();

    let user = current_user().unwrap();
    let db = open_db(&db);
    for case in [1, 2] {
        let events: Vec<(String, String, String)> = db
            .prepare("SELECT kind, on_date, actor FROM case_events WHERE case_id = ?1 ORDER BY id")
            .unwrap()
            .query_map([case], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let kinds: Vec<&str> = events.iter().map(|e| e.0.as_str()).collect();
        assert_eq!(kinds, ["registered", "book_visitation", "start_assessment", "start_treatment"], "case {case}");
        for (_, on, actor) in &events[1..] {
            assert_eq!((on.as_str(), actor.as_str()), (TODAY, user.as_str()));
        }
        let progress: (String, String, String) = db
            .query_row("SELECT visitation_on, consent_on, treatment_started_on FROM cases WHERE id = ?1", [case], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .unwrap();
        assert_eq!(progress, (TODAY.to_string(), TODAY.to_string(), TODAY.to_string()));
        let steps: i64 = db
            .query_row(
                "SELECT count(*) FROM audit WHERE action = 'record_step' AND entity_id = ?1 AND actor = ?2",
                rusqlite::params![case, user],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(steps, 3, "case {case}");
    }
}

#[test]
fn the_demo_shows_six_panes_switches_with_keys_shows_help_and_quits_cleanly() {
    let sample: serde_json::Value = serde_json::from_str(&crate::common::sample_text()).unwrap();
    let centre = sample["centre"]["name"].as_str().unwrap();
    let day = sample["sample_today"].as_str().unwrap();
    let day_dk = format!("{}.{}.{}", &day[8..10], &day[5..7], &day[..4]);

    let dir = tempfile::tempdir().unwrap();
    let mut tui = Tui::builder().args(["demo"]).cwd(dir.path()).spawn();
    let title = format!("Indtag · {centre}");
    let screen = tui.wait_for_all(&[&title, &day_dk, "q afslut"]);
    // The demo's own line over everything, then the tabs.
    assert!(screen.lines().next().unwrap().starts_with("DEMO · i dag er 17. marts 2026 i demoen"), "{screen}");
    let tabs = screen.lines().nth(1).unwrap().to_string();
    for pane in ["[1 Indtag]", "2 Planer", "3 Grupper", "4 Døgn", "5 Underretninger", "6 Rapporter"] {
        assert!(tabs.contains(pane), "{pane} in the tab bar: {tabs}");
    }
    assert!(screen.lines().last().unwrap().contains(&day_dk), "the sample's day on the key line: {screen}");

    for (key, tab) in [
        ("2", "[2 Planer]"),
        (TAB, "[3 Grupper]"),
        ("4", "[4 Døgn]"),
        ("5", "[5 Underretninger]"),
        ("6", "[6 Rapporter]"),
        (TAB, "[1 Indtag]"),
        (BACKTAB, "[6 Rapporter]"),
    ] {
        tui.send(key);
        if tab == "[1 Indtag]" {
            tui.wait_for_all(&[tab, "n ny"]);
            tui.wait_gone("Kommer senere");
        } else if tab == "[3 Grupper]" {
            // Grupper is built: its list and its own key line.
            tui.wait_for_all(&[tab, &format!("Grupper · {centre}"), "r fremmøde i dag"]);
            tui.wait_gone("Kommer senere");
        } else if tab == "[2 Planer]" {
            // Planer is built: its board and its own key line.
            tui.wait_for_all(&[tab, &format!("Planer · {centre}"), "f opkald"]);
        } else if tab == "[5 Underretninger]" {
            // Its own pane: what is pending in the demo, and its key line.
            tui.wait_for_all(&[tab, &format!("Underretninger · {centre}"), "Venter kvitt.", "b børn"]);
            tui.wait_gone("Kommer senere");
        } else if tab == "[4 Døgn]" {
            // Døgn is built: its stays and its own key line.
            tui.wait_for_all(&[tab, &format!("Døgn · {centre}"), "t udgift"]);
            tui.wait_gone("Kommer senere");
        } else {
            // Rapporter: the last whole year before the sample's day, and its key line.
            tui.wait_for_all(&[tab, "Rapporter 2025", "Startet i perioden", "sagerne bag"]);
        }
    }
    tui.send("1");
    tui.wait_for("[1 Indtag]");
    tui.wait_gone("Kommer senere");

    // The help is a page of its own: its border says how to close it.
    tui.send("?");
    tui.wait_for_all(&["Taster", "Ny henvendelse", "Esc eller ? lukker hjælpen."]);
    tui.send("?");
    tui.wait_gone("Esc eller ? lukker hjælpen.");
    tui.quit();
}

#[test]
fn a_small_terminal_without_colour_shows_the_queue_and_the_key_line() {
    let json = TWO_CASES.replace("2026-03-02T09:00:00", "2026-02-20T09:00:00");
    let (dir, db) = centre_with(&json);
    let tui = Tui::builder()
        .args(["--db", db.to_str().unwrap(), "--today", TODAY])
        .cwd(dir.path())
        .size(80, 24)
        .env("NO_COLOR", "1")
        .spawn();
    let screen = tui.wait_for_all(&["Mads Prøvesen", "q afslut"]);
    // Overdue is said in words, not only in red: 06.03.2026 was 4 days ago.
    let karen = tui.line_with("Karen Testesen").unwrap();
    assert!(karen.contains("06.03.2026"), "{karen}");
    assert!(karen.contains("-4"), "{karen}");
    assert!(karen.contains("OVERSKRED"), "{karen}");
    assert!(screen.contains("1 overskredet"), "{screen}");
    let keys = screen.lines().last().unwrap();
    for k in ["n ny", "enter åbn", "/ søg", "? hjælp", "q afslut"] {
        assert!(keys.contains(k), "{k:?} on the key line: {keys:?}");
    }
    let coloured = tui.with_screen(|s| {
        let (rows, cols) = s.size();
        (0..rows)
            .flat_map(|r| (0..cols).map(move |c| (r, c)))
            .filter(|&(r, c)| {
                s.cell(r, c).is_some_and(|cell| {
                    cell.fgcolor() != vt100::Color::Default || cell.bgcolor() != vt100::Color::Default
                })
            })
            .count()
    });
    assert_eq!(coloured, 0, "NO_COLOR: no coloured cells\n{screen}");
    tui.quit();
}
