//! The Underretninger pane rendered on ratatui's TestBackend, on the demo
//! centre, driven by key events through the real keymap: the list, one
//! notification, a case's children, and the forms, as a counsellor sees them.

use crossterm::event::KeyCode;
use ratatui::style::Color;

use sagsbord::app::App;
use sagsbord::app::keymap::Keymap;
use sagsbord::domain::notification::{ChildRelation, State};
use sagsbord::panes::notifications::NotesScreen;
use sagsbord::store::{Store, exchange};
use sagsbord::ui::Theme;

use crate::common::screen::{assert_fg, assert_no_colour, day, keys, line_with, notes, press, render, screen, text_of};

const SAMPLE: &str = include_str!("../../../sample-data/centre.json");

/// The demo centre on its own day, as `user`, on the Underretninger pane.
fn app_as(user: &str) -> App {
    let mut store = Store::open_in_memory(user).unwrap();
    store.import(&exchange::parse(SAMPLE).unwrap()).unwrap();
    let mut app = App::new(store, day("2026-03-17"), Keymap::built_in()).unwrap();
    press(&mut app, KeyCode::Char('5'));
    assert_eq!(app.pane().title(), "Underretninger");
    app
}

fn app() -> App {
    app_as("anna")
}

/// The list's lines, top to bottom.
fn lines(app: &App) -> Vec<String> {
    screen(app)
        .lines()
        .skip(5)
        .take_while(|l| l.starts_with('│'))
        .map(|l| l.trim_matches(|c| c == '│' || c == ' ').to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// Moves the selection to the line whose text contains `needle`.
fn select(app: &mut App, needle: &str) {
    press(app, KeyCode::Home);
    for _ in 0..notes(app).entries.len() {
        let s = screen(app);
        if s.lines().any(|l| l.contains('›') && l.contains(needle)) {
            return;
        }
        press(app, KeyCode::Down);
    }
    panic!("no line with {needle:?}:\n{}", screen(app));
}

#[test]
fn the_pane_at_80x24_snapshot() {
    insta::assert_snapshot!(screen(&app()));
}

#[test]
fn everything_pending_is_listed_oldest_deadline_first_each_state_in_words() {
    let app = app();
    let got = lines(&app);
    let expect = [
        ("9", "Spørg om børn", "22.12.2025", "OVERSKREDET"),
        ("20", "Overvej børnene", "05.03.2026", "OVERSKREDET"),
        ("2", "Overvej børnene", "10.03.2026", "OVERSKREDET"),
        ("10", "Kladde", "14.03.2026", "OVERSKREDET"),
        ("4", "Venter kvitt.", "16.03.2026", "OVERSKREDET"),
        ("5", "Orienteret", "17.03.2026", "FRIST I DAG"),
        // Two markers: the citizen not told, and a correction (cut at 80 columns).
        ("14", "Venter kvitt.", "24.03.2026", "EJ ORIENTERE"),
    ];
    assert_eq!(got.len(), expect.len(), "{got:#?}");
    for (line, (case, what, due, marker)) in got.iter().zip(expect) {
        let first = line.trim_start_matches('›').split_whitespace().next().unwrap();
        assert_eq!(first, case, "{line}");
        for part in [what, due, marker] {
            assert!(line.contains(part), "{part:?} missing in {line:?}");
        }
    }
    // The correction of a notification the citizen was not told about.
    assert!(notes(&app).entries[6].flags.len() == 2, "{:?}", notes(&app).entries[6].flags);
    let s = screen(&app);
    assert!(s.contains("2 ikke sendt · 2 venter kvittering · 3 om børn · 5 overskredet"), "{s}");
    assert!(s.contains("Barnets Lov §133 (tidl. SEL §153)"), "{s}");
}

#[test]
fn colour_repeats_the_marker_and_no_color_shows_none() {
    let app = app();
    let coloured = render(&app, 80, 24, Theme::coloured());
    assert_fg(&coloured, "Kladde", "14.03.2026", Color::Red);
    assert_no_colour(&render(&app, 80, 24, Theme::plain()));
}

#[test]
fn only_mine_and_the_finished_ones_on_request() {
    let mut app = app_as("dennis");
    keys(&mut app, "m");
    let s = screen(&app);
    assert!(s.contains("[kun mine]"), "{s}");
    let cases: Vec<String> =
        lines(&app).iter().map(|l| l.trim_start_matches('›').split_whitespace().next().unwrap().to_string()).collect();
    assert_eq!(cases, ["4", "14"], "{s}");
    keys(&mut app, "a");
    let s = text_of(&render(&app, 120, 30, Theme::plain()));
    assert!(s.contains("[med afsluttede]"), "{s}");
    let finished = s.lines().find(|l| l.contains("Kvitteret")).unwrap_or_else(|| panic!("{s}"));
    assert!(finished.contains("14") && finished.contains("RETTET"), "{finished}");
    assert!(!s.contains("Kasseret"), "bo's discarded draft is not dennis's: {s}");
    keys(&mut app, "m");
    assert!(screen(&app).contains("Kasseret"));
}

#[test]
fn a_notification_shows_the_law_its_history_with_who_and_when_and_its_deadline() {
    let mut app = app();
    select(&mut app, "EJ ORIENTERE");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    for part in [
        "Underretning 7 · sag 14 · Janni Østergaard · Venter kvittering",
        "Barnets Lov §133 (tidl. SEL §153)",
        "Grunde: §133: barnet har været udsat for overgreb",
        "Børn: f. 2013, delebarn",
        "Modtager: Favrskov",
        "RETTELSE til underretning 4",
        // Stored 09:00 UTC, shown on the centre's clock (CET).
        "16.03.2026  Kladde  · dennis 16.03.2026 kl. 10:00",
        "IKKE ORIENTERET af hensyn til barnet: Samleveren er voldelig",
        "Sendt: kommunens digitale formular",
        "Kvittering senest 24.03.2026 (6 hverdage, §136 (tidl. SEL §155)): om 7 dage",
    ] {
        assert!(s.contains(part), "{part:?} missing:\n{s}");
    }
    // The look is in the audit trail.
    let audit = app.shell.store.audit_for("notification", 7).unwrap();
    assert_eq!(audit.last().unwrap().action, "view");
    assert_eq!(audit.last().unwrap().actor, "anna");
    // A finished one, with later information from the municipality.
    press(&mut app, KeyCode::Esc);
    keys(&mut app, "a");
    let at = notes(&app).entries.iter().position(|e| e.notification().is_some_and(|n| n.id == 1)).unwrap();
    press(&mut app, KeyCode::Home);
    for _ in 0..at {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    for part in [
        "Underretning 1 · sag 2 · Frederik Kirkegaard · Kvitteret",
        "10.11.2025  Kvittering modtaget",
        "01.12.2025  Orientering, §137 (tidl. SEL §155 b): Kommunen har iværksat en",
        "En sendt underretning ændres aldrig",
    ] {
        assert!(s.contains(part), "{part:?} missing:\n{s}");
    }
}

#[test]
fn a_draft_is_informed_sent_and_confirmed_through_its_forms() {
    let mut app = app_as("bo");
    select(&mut app, "Kladde");
    press(&mut app, KeyCode::Enter);
    // Sending before informing is refused at the field, and nothing written.
    keys(&mut app, "s");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("Borgeren skal orienteres først"), "{s}");
    assert!(s.contains("Ikke gemt"), "{s}");
    assert_eq!(app.shell.store.notification(5).unwrap().state(), State::Drafted);
    press(&mut app, KeyCode::Esc);

    keys(&mut app, "i");
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("Borgeren orienteret: personligt"), "{}", screen(&app));
    keys(&mut app, "s");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("Sendt: sikker mail") && s.contains("Kvittering senest 25.03.2026"), "{s}");
    keys(&mut app, "k");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("Kvittering modtaget") && s.contains("· Kvitteret"), "{s}");
    let n = app.shell.store.notification(5).unwrap();
    assert_eq!(n.state(), State::ReceiptConfirmed);
    assert!(
        [&n.informed.unwrap().stamp, &n.sent.unwrap().stamp, &n.receipt.unwrap().stamp].iter().all(|s| s.by == "bo")
    );
    // Finished: it leaves the list of what is pending.
    press(&mut app, KeyCode::Esc);
    assert!(!lines(&app).iter().any(|l| l.starts_with("10") || l.starts_with("› 10")), "{}", screen(&app));
}

#[test]
fn a_sent_notification_is_not_edited_a_correction_starts_from_it() {
    let mut app = app_as("dennis");
    select(&mut app, "Venter kvitt.");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "e");
    assert!(app.form().is_none());
    assert!(screen(&app).contains("En sendt underretning ændres aldrig"), "{}", screen(&app));
    keys(&mut app, "x");
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("En sendt underretning ændres aldrig"), "{}", screen(&app));
    press(&mut app, KeyCode::Esc);
    let before = app.shell.store.notification(3).unwrap();

    keys(&mut app, "r");
    let s = screen(&app);
    assert!(s.contains("Rettelse til underretning 3"), "{s}");
    // The correction starts from what was sent; the description is edited.
    for _ in 0..4 {
        press(&mut app, KeyCode::Tab);
    }
    keys(&mut app, " Rettelse: fraværet er 30 %.");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("Underretning 8 · sag 4") && s.contains("RETTELSE til underretning 3"), "{s}");
    let correction = app.shell.store.notification(8).unwrap();
    assert_eq!(correction.corrects, Some(3));
    assert!(correction.content.description.ends_with("Rettelse: fraværet er 30 %."));
    assert_eq!(app.shell.store.notification(3).unwrap(), before, "the sent one is unchanged");
}

#[test]
fn a_cases_children_are_recorded_and_considered_through_forms() {
    let mut app = app_as("bo");
    select(&mut app, "Peter Lund");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("Børn · sag 20 · Peter Lund Jeppesen"), "{s}");
    assert!(s.contains("næste senest 05.03.2026: OVERSKREDET"), "{s}");

    // A year that makes the child an adult is refused at the field.
    keys(&mut app, "b");
    press(&mut app, KeyCode::Tab);
    keys(&mut app, "2001");
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("Født 2001: barnet er 18 år eller mere."), "{}", screen(&app));
    for _ in 0..4 {
        press(&mut app, KeyCode::Backspace);
    }
    keys(&mut app, "2017");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    // The children are a table: the new child's row, selected, says when
    // the child was noted and by whom, and nothing more. The case answered
    // "has children" at the contact (24.02), so the child was known then,
    // and writing it down is no consideration: the deadline stays overdue.
    let row = line_with(&s, "› f. 2017, bor hjemme");
    let rest: Vec<&str> =
        row.split("f. 2017, bor hjemme").nth(1).unwrap().trim_end_matches('│').split_whitespace().collect();
    assert_eq!(rest, ["24.02.2026", "bo"], "{s}");
    assert!(s.contains("næste senest 05.03.2026: OVERSKREDET"), "{s}");
    let children = app.shell.store.children_of(20).unwrap();
    assert_eq!(children.len(), 1);
    assert_eq!(children[0].relation, ChildRelation::LivesAtHome);

    keys(&mut app, "v");
    press(&mut app, KeyCode::Tab);
    keys(&mut app, "Talt med far; datteren trives i skolen.");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("Seneste overvejelse: 17.03.2026 (bo)"), "{s}");
    assert!(s.contains("næste senest 17.06.2026"), "{s}");
    press(&mut app, KeyCode::Esc);
    assert!(!screen(&app).contains("Peter Lund"), "considered: off the list:\n{}", screen(&app));
}

#[test]
fn the_children_question_is_answered_from_the_pane() {
    let mut app = app();
    select(&mut app, "Spørg om børn");
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("[IKKE SPURGT: s svarer]"), "{}", screen(&app));
    keys(&mut app, "s");
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("Spørgsmålet om børn: Spurgt: ingen børn under 18"), "{s}");
    press(&mut app, KeyCode::Esc);
    assert!(!screen(&app).contains("Spørg om børn"), "{}", screen(&app));
}

#[test]
fn a_case_not_on_the_list_is_found_by_its_number() {
    let mut app = app();
    keys(&mut app, "/x");
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("Skriv et sagsnummer"), "{}", screen(&app));
    press(&mut app, KeyCode::Backspace);
    keys(&mut app, "19");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("Børn · sag 19 · Tina Mølgaard") && s.contains("f. 2021, bor hjemme"), "{s}");
    assert!(matches!(notes(&app).top(), Some(NotesScreen::Family(_))));
}

#[test]
fn help_lists_the_keys_of_each_view_from_the_keymap() {
    let mut app = app();
    keys(&mut app, "?");
    let s = text_of(&render(&app, 120, 30, Theme::plain()));
    for part in ["Ny underretning på valgt sag", "Kun mine sager / alle", "Afslut sagsbord"] {
        assert!(s.contains(part), "{part:?} missing:\n{s}");
    }
    keys(&mut app, "?");
    select(&mut app, "Kladde");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "?");
    let s = text_of(&render(&app, 120, 30, Theme::plain()));
    for part in ["Åben underretning", "Sendt til kommunen", "Kvittering modtaget", "Orientering fra kommunen (§137)"]
    {
        assert!(s.contains(part), "{part:?} missing:\n{s}");
    }
}

#[test]
fn the_pane_survives_tiny_and_large_terminals() {
    let mut app = app();
    for (w, h) in [(80, 24), (40, 10), (20, 5), (200, 60), (1, 1)] {
        render(&app, w, h, Theme::plain());
    }
    press(&mut app, KeyCode::Enter);
    render(&app, 30, 8, Theme::plain());
    // A notification names a recorded child: with none, the form says so.
    keys(&mut app, "n");
    assert!(app.form().is_none());
    assert!(screen(&app).contains("Registrér først barnet (b)"), "{}", screen(&app));
    press(&mut app, KeyCode::Esc);
    select(&mut app, "Kladde");
    keys(&mut app, "n");
    render(&app, 30, 8, Theme::plain());
    let wide = text_of(&render(&app, 120, 30, Theme::plain()));
    assert!(wide.contains("Ny underretning · sag 10"), "{wide}");
}
