//! The guided tours of sample-data/tours: each is played to its end twice,
//! in process (the player stepping forward on TestBackend, fast, with the
//! screen after each step for a failure message) and as the real binary in
//! a pseudo-terminal (`sagsbord demo --tour NAME --pace 0`), and the state
//! its last caption claims is checked in the database it leaves.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use sagsbord::app::{App, keymap};
use sagsbord::store::current_user;
use sagsbord::tour::player::{After, Player};
use sagsbord::tour::{self, script};
use sagsbord::ui::Theme;

use crate::common::screen::{render, text_of};
use crate::common::{Tui, open_db, sample};

/// The keys a trainer presses to step forward.
fn forward() -> KeyEvent {
    KeyEvent::new(KeyCode::Right, KeyModifiers::NONE)
}

/// What the player starts the demo with, as `sagsbord demo --tour` does:
/// each start (going back is one) a new database in `folder`.
fn fresh_demos(folder: PathBuf) -> Box<dyn FnMut() -> Result<App, String>> {
    let sample = sample();
    let day = sample.sample_today.unwrap();
    let user = current_user().unwrap();
    let mut starts = 0;
    Box::new(move || {
        starts += 1;
        let store = sagsbord::demo::open_at(&folder.join(format!("demo-{starts}.db")), &user, &sample)
            .map_err(|f| format!("{f:?}"))?;
        App::new(store, day, keymap::load(None).0)
    })
}

/// Plays tour `name` in process, step by step, on the demo made as
/// `sagsbord demo` makes it; returns the app at the end, the screen after
/// each step and the folder holding the database.
fn play(name: &str) -> (tempfile::TempDir, PathBuf, App, Vec<String>) {
    let tour = script::parse(tour::built_in(name).expect("a built-in tour")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let fresh = fresh_demos(dir.path().to_path_buf());
    let steps = tour.steps.len();
    let (mut player, mut app) = Player::start(tour, None, fresh).unwrap();
    let mut screens = Vec::new();
    for _ in 0..steps {
        assert_eq!(player.on_key(&mut app, forward(), Instant::now()), After::Played);
        screens.push(text_of(&render(&app, 100, 30, Theme::plain())));
    }
    assert!(player.at_end(), "the tour {name} reached its end");
    let db = app.shell.store.path().expect("a file").to_path_buf();
    if std::env::var_os("TOUR_DEBUG").is_some() {
        for (i, s) in screens.iter().enumerate() {
            eprintln!("── {name}: after step {} ──\n{s}", i + 1);
        }
    }
    (dir, db, app, screens)
}

/// Plays tour `name` in the real binary at full speed to its end, quits,
/// and returns the database it left.
fn play_in_pty(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let kept = dir.path().join("kept.db");
    let mut tui = Tui::builder()
        .args(["demo", "--tour", name, "--pace", "0"])
        .env(sagsbord::cli::KEEP_FOR_TESTS, kept.to_str().unwrap())
        .cwd(dir.path())
        .spawn();
    tui.wait_for("slut på rundvisningen");
    tui.send("q");
    let status = tui.wait_exit();
    assert!(status.success(), "{status:?}\n{}", tui.screen());
    (dir, kept)
}

fn one<T: rusqlite::types::FromSql>(db: &Path, sql: &str) -> T {
    open_db(db).query_row(sql, [], |r| r.get(0)).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

fn rows<A: rusqlite::types::FromSql, B: rusqlite::types::FromSql>(db: &Path, sql: &str) -> Vec<(A, B)> {
    let conn = open_db(db);
    let mut statement = conn.prepare(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<Result<_, _>>().unwrap()
}

/// What the last caption of each tour claims, checked in its database.
fn check_claims(name: &str, db: &Path, screens: &[String]) {
    let last = screens.last().map(String::as_str).unwrap_or("");
    match name {
        "kontakt" => {
            // Sag 49, Kirsten Prøvesen: registered, visitation, assessment and
            // treatment all on the demo's day, within the 14 days.
            let name: String =
                one(db, "SELECT name FROM citizens c JOIN cases k ON k.citizen_id = c.id WHERE k.id = 49");
            assert_eq!(name, "Kirsten Prøvesen");
            let steps: Vec<(String, String)> =
                rows(db, "SELECT kind, on_date FROM case_events WHERE case_id = 49 ORDER BY id");
            let day = "2026-03-17".to_string();
            assert_eq!(
                steps,
                ["registered", "book_visitation", "start_assessment", "start_treatment"]
                    .map(|k| (k.to_string(), day.clone()))
            );
            if !screens.is_empty() {
                assert!(last.contains("49    Kirsten Prøve… root     17.03.2026"), "{last}");
                assert!(last.contains("INGEN PLAN"), "{last}");
            }
        }
        "move" => {
            // Six attended today's MOVE session; cards 3 and 6 handed out on
            // the attendances that earned them.
            let marks: Vec<(String, i64)> = rows(
                db,
                "SELECT a.status, count(*) FROM attendances a JOIN group_sessions s ON s.id = a.session_id \
                 WHERE s.group_id = 1 AND s.on_date = '2026-03-17' GROUP BY a.status",
            );
            assert_eq!(marks, [("attended".to_string(), 6)]);
            let cards: Vec<(String, i64)> = rows(
                db,
                "SELECT l.serial, l.case_id FROM gift_card_ledger l JOIN attendances a ON a.id = l.attendance_id \
                 WHERE l.kind = 'handed_out' AND l.on_date = '2026-03-17' ORDER BY l.serial",
            );
            assert_eq!(cards, [("MOVE-0028".to_string(), 12), ("MOVE-0029".to_string(), 8)]);
            if !screens.is_empty() {
                let rec = last.lines().find(|l| l.contains("200,00 kr ")).unwrap();
                let words: Vec<&str> = rec.split_whitespace().collect();
                assert!(words.windows(6).any(|w| w == ["60", "28", "1", "1", "30", "STEMMER"]), "{last}");
            }
        }
        "afslutning" => {
            // Case 17 ended today, finished; calls at 1 and 6 months; its
            // group membership ended the same day.
            let ended: Vec<(String, String)> =
                rows(db, "SELECT ended_on, reason FROM course_endings WHERE case_id = 17");
            assert_eq!(ended.len(), 1);
            assert_eq!(ended[0].0, "2026-03-17");
            let calls: Vec<(i64, String)> = rows(
                db,
                "SELECT months, due_on FROM follow_up_calls WHERE case_id = 17 AND done_on IS NULL ORDER BY months",
            );
            assert_eq!(calls, [(1, "2026-04-17".to_string()), (6, "2026-09-17".to_string())]);
            let left: String = one(db, "SELECT left_on FROM group_members WHERE case_id = 17");
            assert_eq!(left, "2026-03-17");
            if !screens.is_empty() {
                assert!(last.contains("Opfølgningsopkald"), "{last}");
                let emil: Vec<&str> = last.lines().filter(|l| l.contains("Emil Hedegaard")).collect();
                assert!(
                    emil.iter().any(|l| l.contains("17.04.2026")) && emil.iter().any(|l| l.contains("17.09.2026")),
                    "{last}"
                );
            }
        }
        "dogn" => {
            // Stay 10's own payment: 700,00 kr a month, 23,33 kr a day, told today.
            let saved: Vec<(i64, String)> =
                rows(db, "SELECT per_month, told_on FROM stay_own_payments WHERE stay_id = 10");
            assert_eq!(saved, [(70_000, "2026-03-17".to_string())]);
            let per_day: i64 = one(db, "SELECT per_day FROM stay_own_payments WHERE stay_id = 10");
            assert_eq!(per_day, 2_333);
            if !screens.is_empty() {
                assert!(last.contains("Egenbetaling (kost og logi) · oplyst borgeren 17.03.2026"), "{last}");
                assert!(last.contains("I alt                                                                                188.000,00 kr"), "{last}");
            }
        }
        "underretning" => {
            // Notification 5: informed, sent and receipted, all today.
            let steps: Vec<(String, String)> =
                rows(db, "SELECT informed_on || ' ' || sent_on, receipt_on FROM notifications WHERE id = 5");
            assert_eq!(steps, [("2026-03-17 2026-03-17".to_string(), "2026-03-17".to_string())]);
            if !screens.is_empty() {
                assert!(last.contains("Underretning 5 · sag 10 · Kenneth Riis · Kvitteret"), "{last}");
            }
        }
        "klage" => {
            // Complaint 1 on case 9: received, upheld and forwarded today.
            let steps: Vec<(String, String)> = rows(
                db,
                "SELECT case_id || ' ' || received_on || ' ' || reassessed_on || ' ' || reassessment, forwarded_on \
                 FROM complaints WHERE id = 1",
            );
            assert_eq!(steps, [("9 2026-03-17 2026-03-17 upheld".to_string(), "2026-03-17".to_string())]);
            if !screens.is_empty() {
                assert!(last.contains("videresendt"), "{last}");
            }
        }
        _ => panic!("no claims written for {name}; the last screen:\n{last}"),
    }
}

fn both_ways(name: &str) {
    let (_dir, db, _app, screens) = play(name);
    check_claims(name, &db, &screens);
    let (_dir, kept) = play_in_pty(name);
    check_claims(name, &kept, &[]);
}

#[test]
fn every_built_in_tour_reads_and_has_claims_checked_below() {
    assert!(!tour::BUILT_IN.is_empty());
    for (name, text) in tour::BUILT_IN {
        let tour = script::parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(tour.steps.len() >= 3, "{name}");
        assert!(tour.title.is_some(), "{name}");
    }
}

#[test]
fn kontakt() {
    both_ways("kontakt");
}

#[test]
fn move_roll_call() {
    both_ways("move");
}

#[test]
fn ending_a_course() {
    both_ways("afslutning");
}

#[test]
fn a_residential_stay() {
    both_ways("dogn");
}

#[test]
fn a_notification() {
    both_ways("underretning");
}

#[test]
fn a_complaint() {
    both_ways("klage");
}

fn events_of_case_49(app: &App) -> Vec<(String, String)> {
    rows(app.shell.store.path().unwrap(), "SELECT kind, on_date FROM case_events WHERE case_id = 49 ORDER BY id")
}

#[test]
fn stepping_back_starts_the_demo_afresh_and_replays_up_to_the_previous_step() {
    let tour = script::parse(tour::built_in("kontakt").unwrap()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let fresh = fresh_demos(dir.path().to_path_buf());
    let (mut player, mut app) = Player::start(tour, None, fresh).unwrap();
    // Five steps on: the contact is saved (step 4) and the visitation booked (step 5).
    for _ in 0..5 {
        player.on_key(&mut app, forward(), Instant::now());
    }
    assert_eq!(player.step(), 5);
    let kinds = |events: Vec<(String, String)>| events.into_iter().map(|(k, _)| k).collect::<Vec<_>>();
    assert_eq!(kinds(events_of_case_49(&app)), ["registered", "book_visitation"]);
    let first_db = app.shell.store.path().unwrap().to_path_buf();

    // Back: a new demo, the steps before the previous one replayed; the
    // previous step's keys (the booking) are still to play.
    let back = KeyEvent::new(KeyCode::Left, KeyModifiers::NONE);
    assert_eq!(player.on_key(&mut app, back, Instant::now()), After::Played);
    assert_eq!(player.step(), 4);
    assert_ne!(app.shell.store.path().unwrap(), first_db, "a fresh database");
    assert_eq!(kinds(events_of_case_49(&app)), ["registered"]);
    assert!(player.caption().starts_with("Visitationssamtalen bookes"), "{}", player.caption());
    player.on_key(&mut app, forward(), Instant::now());
    assert_eq!(kinds(events_of_case_49(&app)), ["registered", "book_visitation"]);

    // Back from the first step starts it again; Esc hands the keyboard over.
    for _ in 0..6 {
        player.on_key(&mut app, back, Instant::now());
    }
    assert_eq!(player.step(), 0);
    assert!(events_of_case_49(&app).is_empty());
    let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(player.on_key(&mut app, esc, Instant::now()), After::TakeOver);
}

#[test]
fn at_a_set_pace_the_steps_follow_by_themselves_one_key_at_a_time() {
    let tour = script::parse("Set TypingSpeed 0ms\nCaption \"a\"\nType \"2\"\nCaption \"b\"\nType \"3\"\n").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let sample = sample();
    let day = sample.sample_today.unwrap();
    let user = current_user().unwrap();
    let fresh = Box::new(move || {
        let _ = std::fs::remove_file(&path);
        let store = sagsbord::demo::open_at(&path, &user, &sample).map_err(|f| format!("{f:?}"))?;
        App::new(store, day, keymap::load(None).0)
    });
    let pace = std::time::Duration::from_secs(5);
    let (mut player, mut app) = Player::start(tour, Some(pace), fresh).unwrap();
    let start = Instant::now();
    assert!(player.on_time(&mut app, start), "the first key is due at once");
    assert_eq!(app.pane().title(), "Planer");
    assert!(player.on_time(&mut app, start), "the step's keys are played: the pace starts");
    assert!(!player.on_time(&mut app, start + pace / 2), "nothing before the pace has passed");
    assert_eq!(player.step(), 0);
    assert!(player.on_time(&mut app, start + pace));
    assert_eq!(player.step(), 1);
    assert!(player.on_time(&mut app, start + pace));
    assert_eq!(app.pane().title(), "Grupper");
    assert!(player.at_end());
}

#[test]
fn a_tour_in_the_terminal_shows_its_caption_below_the_screen_steps_on_and_hands_over() {
    let dir = tempfile::tempdir().unwrap();
    let mut tui = Tui::builder().args(["demo", "--tour", "kontakt"]).size(100, 30).cwd(dir.path()).spawn();
    let first = tui.wait_for_all(&["trin 1 af 8", "→ næste · ← forrige · Esc tag over", "Ny henvendelse"]);
    // The caption box lies below the key line: the workbench is whole above it.
    let lines: Vec<&str> = first.lines().collect();
    let key_line = lines.iter().position(|l| l.contains("? hjælp") || l.contains("esc fortryd")).unwrap();
    let caption = lines.iter().position(|l| l.contains("trin 1 af 8")).unwrap();
    assert!(caption > key_line, "{first}");
    tui.send(crate::common::keys::RIGHT);
    tui.wait_for("trin 2 af 8");
    tui.wait_for("Kirsten Prøvesen");
    tui.send(crate::common::keys::LEFT);
    tui.wait_for("trin 1 af 8");
    tui.send(crate::common::keys::ESC);
    tui.wait_gone("trin 1 af 8");
    tui.wait_for("tastaturet er dit");
    // The keyboard is the user's: the form the tour opened takes typing.
    tui.send(crate::common::keys::TAB);
    tui.send(crate::common::keys::TAB);
    tui.send(crate::common::keys::TAB);
    tui.send(crate::common::keys::TAB);
    tui.type_text("Egen");
    tui.wait_for("Egen");
}

#[test]
fn an_unknown_tour_or_a_broken_tour_file_is_refused_before_the_terminal_is_taken() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(crate::common::BIN).args(args).current_dir(dir.path()).output().unwrap()
    };
    let out = run(&["demo", "--tour", "ingen"]);
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("ukendt rundvisning «ingen»") && said.contains("kontakt"), "{said}");
    let broken = dir.path().join("brudt.tour");
    std::fs::write(&broken, "Caption \"a\"\nTyp \"x\"\n").unwrap();
    let out = run(&["demo", "--tour", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("linje 2: ukendt kommando «Typ»"));
    let exists = dir.path().join("findes.tour");
    std::fs::write(&exists, "x").unwrap();
    let out = run(&["demo", "--record", exists.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("skriver aldrig over"));
    assert_eq!(std::fs::read_to_string(&exists).unwrap(), "x");
}

#[test]
fn what_a_trainer_types_with_record_becomes_a_tour_that_plays() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("optaget.tour");
    let mut tui =
        Tui::builder().args(["demo", "--record", file.to_str().unwrap()]).cwd(dir.path()).size(100, 30).spawn();
    tui.wait_for("Indtag");
    tui.send("2");
    tui.wait_for("i behandling");
    tui.send("j");
    tui.send(crate::common::keys::DOWN);
    tui.quit();
    let text = std::fs::read_to_string(&file).unwrap();
    let tour = script::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert!(text.contains("Type \"2j\"\nDown\n") || text.contains("Type \"2j\"\nDown\nType \"q\"\n"), "{text}");
    assert!(tour.steps[0].caption.contains("skriv her"), "{text}");
    // It plays: the demo opens with it.
    let tui = Tui::builder().args(["demo", "--tour", file.to_str().unwrap()]).cwd(dir.path()).spawn();
    tui.wait_for("Optaget rundvisning · trin 1 af");
}

#[test]
fn presentation_mode_in_the_terminal_shows_the_keys_and_masks_every_cpr() {
    let dir = tempfile::tempdir().unwrap();
    let mut tui = Tui::builder().args(["demo", "--present"]).cwd(dir.path()).size(100, 30).spawn();
    tui.wait_for("Taster:");
    tui.send(crate::common::keys::ENTER);
    let screen = tui.wait_for_all(&["Taster: [enter]", "XXXXXX-XXXX"]);
    assert!(
        !screen.lines().any(|l| {
            let c: Vec<char> = l.chars().collect();
            c.windows(7).any(|w| w[..6].iter().all(char::is_ascii_digit) && w[6] == '-')
        }),
        "{screen}"
    );
}
