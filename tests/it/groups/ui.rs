//! The Grupper pane rendered on ratatui's TestBackend at 80×24, driven by
//! key events through the real keymap: what a counsellor sees, as text.

use std::fs;

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Color;

use sagsbord::app::App;
use sagsbord::app::keymap::Keymap;
use sagsbord::domain::group::ledger::{CardState, LedgerEntryKind};
use sagsbord::panes::groups::GroupsScreen;
use sagsbord::store::{Store, exchange};
use sagsbord::ui::Theme;

use crate::common::screen::{assert_fg, assert_no_colour, groups, keys, line_with, press, render, screen, text_of};

/// The fixture's day: Monday 16 March 2026; "MOVE mandag" meets at 10:00.
const TODAY: &str = "2026-03-16";

fn app() -> App {
    let text = fs::read_to_string(crate::common::fixture("move_group.json")).unwrap();
    let mut store = Store::open_in_memory("anna").unwrap();
    store.import(&exchange::parse(&text).unwrap()).unwrap();
    let today = NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap();
    App::new(store, today, Keymap::built_in()).unwrap()
}

/// Grupper, then today's roll call of the selected (first) group.
fn roll_call(app: &mut App) {
    keys(app, "3");
    keys(app, "r");
    assert_eq!(groups(app).top(), GroupsScreen::RollCall, "{}", screen(app));
}

#[test]
fn the_group_list_at_80x24_snapshot() {
    let mut app = app();
    keys(&mut app, "3");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn the_list_puts_todays_sessions_first_and_the_anonymous_group_apart() {
    let mut app = app();
    keys(&mut app, "3");
    let s = screen(&app);
    let move_row = s.lines().position(|l| l.contains("MOVE mandag")).unwrap();
    let apart = s.lines().position(|l| l.contains("Anonym behandling (§101a), holdes adskilt")).unwrap();
    let anon_row = s.lines().position(|l| l.contains("Anonym gruppe")).unwrap();
    assert!(move_row < apart && apart < anon_row, "{s}");
    // Both meet today (10:00 and 18:00): the named group first, kept apart.
    assert!(line_with(&s, "MOVE mandag").contains("I DAG: FREMMØDE MANGLER"), "{s}");
    assert!(line_with(&s, "Anonym gruppe").contains("ANONYM §101a"), "{s}");
    assert!(s.contains("7 kort på lager"), "{s}");
    // The key line carries the pane's own keys and still the way out.
    let keys_line = s.lines().last().unwrap();
    for k in ["enter åbn", "r fremmøde i dag", "v MOVE", "l gavekort", "q afslut"] {
        assert!(keys_line.contains(k), "{k:?} in {keys_line:?}");
    }
}

#[test]
fn a_roll_call_line_says_at_once_that_it_earns_a_card_and_the_card_is_handed_out_on_it() {
    let mut app = app();
    roll_call(&mut app);
    let s = screen(&app);
    assert!(s.contains("Fremmøde · MOVE mandag · man 16.03.2026 kl. 10:00"), "{s}");
    // Ida: A A A C C so far, so today's attendance completes a pair.
    keys(&mut app, "m");
    let s = screen(&app);
    assert!(line_with(&s, "Ida Prøvesen").contains("MØDT"), "{s}");
    assert!(line_with(&s, "Ida Prøvesen").contains("KORT 2 OPTJENT · s: serienr."), "{s}");
    // The cursor moved on: Ole waits for a partner today.
    keys(&mut app, "m");
    assert!(line_with(&screen(&app), "Ole Testesen").contains("venter på makker"));
    // Back to Ida's line; type the card's serial there.
    press(&mut app, KeyCode::Up);
    keys(&mut app, "s");
    keys(&mut app, "MOVE-0004");
    let s = screen(&app);
    assert!(line_with(&s, "Ida Prøvesen").contains("KORT 2 · serienr.: MOVE-0004"), "{s}");
    assert!(s.lines().last().unwrap().contains("enter brug serienr."), "{s}");
    press(&mut app, KeyCode::Enter);
    assert!(line_with(&screen(&app), "Ida Prøvesen").contains("KORT 2: MOVE-0004 UDLEVERES"));
    assert!(app.shell.store.ledger().unwrap().card_state("MOVE-0004") != CardState::Unknown);
    assert!(
        matches!(app.shell.store.ledger().unwrap().card_state("MOVE-0004"), CardState::OnHand { .. }),
        "nothing written before Enter"
    );
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("Fremmødet er gemt. 2 markeringer; gavekort udleveret: MOVE-0004."), "{s}");
    assert_eq!(groups(&app).top(), GroupsScreen::List);
    assert!(line_with(&s, "MOVE mandag").contains("I DAG: 2 AF 2 MØDT"), "{s}");
    let ledger = app.shell.store.ledger().unwrap();
    assert!(matches!(ledger.card_state("MOVE-0004"), CardState::HandedOut { .. }));
    assert!(ledger.reconciliation().iter().all(|r| r.balances()));
}

#[test]
fn a_serial_not_in_stock_is_refused_on_its_line_and_nothing_is_written() {
    let mut app = app();
    roll_call(&mut app);
    keys(&mut app, "m");
    press(&mut app, KeyCode::Up);
    keys(&mut app, "sMOVE-0001");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("! Kort MOVE-0001 er ikke på lager: det er udleveret til sag 1"), "{s}");
    // Still typing: fix it in place.
    for _ in 0..4 {
        press(&mut app, KeyCode::Backspace);
    }
    keys(&mut app, "0005");
    press(&mut app, KeyCode::Enter);
    assert!(line_with(&screen(&app), "Ida Prøvesen").contains("MOVE-0005 UDLEVERES"));
    // A serial on a line that earns no card is refused too.
    press(&mut app, KeyCode::Down);
    keys(&mut app, "s");
    assert!(screen(&app).contains("Mødegangen giver ikke et kort."));
    // Enter with a line unmarked: the line says so, nothing is written.
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("! Mangler markering (m, a eller u)."), "{s}");
    assert!(s.contains("Ikke gemt: ret de markerede linjer"), "{s}");
    assert_eq!(app.shell.store.ledger().unwrap().len(), 13);
    assert_eq!(app.shell.store.roll_call(6).unwrap().lines.iter().filter(|(m, _)| m.stored.is_some()).count(), 0);
}

#[test]
fn an_unsaved_roll_call_is_not_left_by_a_stray_key_and_esc_discards_it() {
    let mut app = app();
    roll_call(&mut app);
    keys(&mut app, "m");
    for key in ["1", "q"] {
        keys(&mut app, key);
        assert_eq!((app.pane().title(), groups(&app).top()), ("Grupper", GroupsScreen::RollCall), "{key}");
        assert!(!app.should_quit);
        assert!(screen(&app).contains("Fremmødet er ikke gemt: Enter gemmer, Esc fortryder."));
    }
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.pane().title(), "Grupper");
    press(&mut app, KeyCode::Esc);
    assert_eq!(groups(&app).top(), GroupsScreen::List);
    assert!(screen(&app).contains("Fortrudt: fremmødet er ikke gemt."));
    assert_eq!(app.shell.store.roll_call(6).unwrap().lines.iter().filter(|(m, _)| m.stored.is_some()).count(), 0);
    // Ctrl-c still leaves, even from an unsaved roll call.
    roll_call(&mut app);
    keys(&mut app, "u");
    app.handle_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(app.should_quit);
}

#[test]
fn the_anonymous_groups_roll_call_shows_pseudonyms_only() {
    let mut app = app();
    keys(&mut app, "3");
    keys(&mut app, "G");
    keys(&mut app, "r");
    let s = screen(&app);
    assert!(s.contains("Fremmøde · Anonym gruppe"), "{s}");
    let ugle = line_with(&s, "Ugle");
    assert!(!ugle.contains(" 3 "), "no case number on a §101a line: {ugle}");
    assert!(!s.contains("Sag"), "no case column: {s}");
    assert!(!s.contains("MOVE-gavekort"), "no card column outside MOVE: {s}");
    keys(&mut app, "m");
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("Fremmødet er gemt. 1 markeringer."));
    // The group view names its members by pseudonym and says why.
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("Deltagere (1): Ugle") && s.contains("kun pseudonymer"), "{s}");
}

#[test]
fn the_course_view_says_for_each_session_whether_it_earned_a_card_or_why_not() {
    let mut app = app();
    keys(&mut app, "3v");
    let s = screen(&app);
    assert!(line_with(&s, "Ole Testesen").contains("hovedforløb"), "{s}");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("MOVE-forløb · Ole Testesen · sag 2"), "{s}");
    assert!(s.contains("Kort: 2 optjent · 2 udleveret · 4 mulige · 400,00 kr af højst 1.400,00 kr"), "{s}");
    assert!(s.contains("Kortene er afstemt"), "{s}");
    // A A N A A: the first of card 1's pair, card 1, no-show, the first of
    // card 2's pair, card 2; then today. A pair that earned its card waits
    // for no partner.
    assert!(line_with(&s, "09.02.2026").contains("i par med kort 1"), "{s}");
    assert!(line_with(&s, "02.03.2026").contains("i par med kort 2"), "{s}");
    assert!(!s.contains("venter på makker"), "{s}");
    assert!(
        line_with(&s, "16.02.2026").contains("kort 1 optjent") && line_with(&s, "16.02.2026").contains("MOVE-0002")
    );
    assert!(line_with(&s, "23.02.2026").contains("udeblevet: tabt"));
    assert!(
        line_with(&s, "09.03.2026").contains("kort 2 optjent") && line_with(&s, "09.03.2026").contains("MOVE-0003")
    );
    assert!(line_with(&s, "16.03.2026").contains("ikke holdt endnu"));
    // Looking at the course is audited, like opening a case.
    let audit = app.shell.store.audit_for("move_course", 2).unwrap();
    assert_eq!(audit.last().unwrap().action, "view");
}

#[test]
fn correcting_an_attendance_flags_the_handed_out_card_and_resolving_it_returns_the_card() {
    let mut app = app();
    keys(&mut app, "3v");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    // On 2 March Ole was really not there: the card of 9 March is no longer earned.
    while !screen(&app).lines().any(|l| l.contains("› 02.03.2026")) {
        press(&mut app, KeyCode::Up);
    }
    keys(&mut app, "e");
    let s = screen(&app);
    assert!(s.contains("Ret fremmøde · Ole Testesen · 02.03.2026"), "{s}");
    assert!(s.contains("‹ mødt ›"), "the one-field form shows its field: {s}");
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("Rettet: mødt → udeblevet. 1 udleveret kort er ikke længere optjent"), "{s}");
    assert!(line_with(&s, "09.03.2026").contains("AFKLAR: MOVE-0003"), "{s}");
    assert!(s.contains("1 UDLEVERET KORT AFKLARES (r)"), "{s}");
    let entries = app.shell.store.ledger().unwrap().len();
    assert_eq!(entries, 13, "flagged, not deleted");

    // Resolve: on the flagged line, r; the card came back.
    press(&mut app, KeyCode::Down);
    keys(&mut app, "r");
    assert!(screen(&app).contains("Afklar udleveret kort · MOVE-0003 · Ole Testesen"));
    press(&mut app, KeyCode::Tab);
    keys(&mut app, "Kortet lå stadig i skuffen");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("Kort MOVE-0003 er afklaret"), "{s}");
    assert!(s.contains("Kortene er afstemt"), "{s}");
    let ledger = app.shell.store.ledger().unwrap();
    assert_eq!(ledger.len(), entries + 1);
    assert!(matches!(ledger.entries().last().unwrap().kind, LedgerEntryKind::Correction { .. }));
    assert!(matches!(ledger.card_state("MOVE-0003"), CardState::OnHand { .. }));
}

#[test]
fn the_ledger_reconciles_per_value_and_takes_a_range_received_and_a_correction() {
    let mut app = app();
    keys(&mut app, "3l");
    let s = screen(&app);
    let rec = line_with(&s, "200,00 kr ");
    let numbers: Vec<&str> = rec.split_whitespace().collect();
    assert!(numbers.windows(6).any(|w| w == ["10", "3", "0", "0", "7", "STEMMER"]), "{rec}");
    keys(&mut app, "r");
    keys(&mut app, "MOVE-0011");
    press(&mut app, KeyCode::Tab);
    keys(&mut app, "30");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("20 poster: modtaget MOVE-0011 til MOVE-0030."), "{s}");
    let numbers: Vec<String> = line_with(&s, "200,00 kr ").split_whitespace().map(str::to_string).collect();
    assert!(numbers.windows(6).any(|w| w == ["30", "3", "0", "0", "27", "STEMMER"]), "{numbers:?}");
    // The last entry is selected: correct it (the receipt of MOVE-0030).
    // The whole range is offered first; only this card is chosen.
    keys(&mut app, "c");
    assert!(screen(&app).contains("Hele modtagelsen: MOVE-0011 til MOVE-0030 (20 kort)"), "{}", screen(&app));
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Tab);
    keys(&mut app, "Dette kort kom aldrig");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("rettelse af 33") && s.contains("RETTET AF 34"), "{s}");
    let numbers: Vec<String> = line_with(&s, "200,00 kr ").split_whitespace().map(str::to_string).collect();
    assert!(numbers.windows(6).any(|w| w == ["29", "3", "0", "0", "26", "STEMMER"]), "{numbers:?}");
    // A void of a card that is not in stock is refused at its field.
    keys(&mut app, "x");
    keys(&mut app, "MOVE-0002");
    press(&mut app, KeyCode::Tab);
    keys(&mut app, "Knækket");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    // The field's error wraps inside the form.
    assert!(
        s.contains("! Kort MOVE-0002 er ikke på lager: det er udleveret") && s.contains("til sag 2 (post 12)."),
        "{s}"
    );
    assert_eq!(app.shell.store.ledger().unwrap().len(), 34);
}

#[test]
fn a_new_group_is_planned_and_given_a_member_through_its_forms() {
    let mut app = app();
    keys(&mut app, "3n");
    keys(&mut app, "Tilbagefald torsdag");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Right); // relapse prevention
    press(&mut app, KeyCode::Tab);
    for _ in 0..3 {
        press(&mut app, KeyCode::Right); // Thursday
    }
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    keys(&mut app, "Lokale 1");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("Gruppen Tilbagefald torsdag er oprettet"), "{s}");
    assert!(line_with(&s, "Tilbagefald torsdag").contains("tor 10:00"), "{s}");
    // Open it, plan four weeks from Wednesday 1 April: Maundy Thursday
    // (2 April) is a public holiday and is skipped.
    while !screen(&app).lines().any(|l| l.contains("› Tilbagefald torsdag")) {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "n");
    for _ in 0..10 {
        press(&mut app, KeyCode::Backspace);
    }
    keys(&mut app, "01.04.2026");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    keys(&mut app, "4");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("4 mødegange planlagt, 09.04.2026 til 30.04.2026."), "{s}");
    // The anonymous case may not join a named group; Ida may.
    keys(&mut app, "t3");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("En anonym sag (§101a) holdes adskilt"), "{s}");
    // The typed draft asks before Esc discards it: Esc twice.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    keys(&mut app, "t1");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("Ida Prøvesen (sag 1) er med i Tilbagefald torsdag fra 16.03.2026."), "{s}");
    assert!(s.contains("Deltagere (1): Ida Prøvesen (1)"), "{s}");
}

#[test]
fn colour_repeats_a_marker_and_no_color_shows_none() {
    let mut app = app();
    keys(&mut app, "3");
    let coloured = render(&app, 80, 24, Theme::coloured());
    assert_fg(&coloured, "FREMMØDE MANGLER", "FREMMØDE", Color::Yellow);
    for screen_keys in ["", "r", "m"] {
        keys(&mut app, screen_keys);
        assert_no_colour(&render(&app, 80, 24, Theme::plain()));
    }
}

#[test]
fn every_grupper_screen_survives_tiny_and_huge_terminals() {
    let mut app = app();
    let sizes = [(80, 24), (40, 10), (20, 5), (200, 60), (1, 1)];
    let visit = |app: &mut App, k: &str| {
        keys(app, k);
        for (w, h) in sizes {
            render(app, w, h, Theme::plain());
        }
    };
    visit(&mut app, "3");
    visit(&mut app, "r");
    visit(&mut app, "ms");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Enter);
    visit(&mut app, "");
    visit(&mut app, "n");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    visit(&mut app, "v");
    press(&mut app, KeyCode::Enter);
    visit(&mut app, "");
    visit(&mut app, "?");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    visit(&mut app, "l");
}

#[test]
fn help_lists_the_keys_of_the_screen_on_top() {
    let mut app = app();
    roll_call(&mut app);
    keys(&mut app, "?");
    let s = text_of(&render(&app, 120, 40, Theme::plain()));
    for expected in ["Fremmøde", "Mødt", "Afbud", "Udeblevet uden afbud", "Serienr. på optjent kort"] {
        assert!(s.contains(expected), "{expected} missing:\n{s}");
    }
}
