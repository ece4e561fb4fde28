//! The find on ratatui's TestBackend, driven through the real keymap, on
//! the sample centre (its day: 17.03.2026) as its team leader.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use sagsbord::app::App;
use sagsbord::app::keymap::Keymap;
use sagsbord::store::{Store, exchange};
use sagsbord::ui::Theme;

use crate::common::screen::{keys, press, render, screen, text_of};

fn sample_app() -> App {
    let file = exchange::parse(&crate::common::sample_text()).unwrap();
    let mut store = Store::open_in_memory("dennis").unwrap();
    store.import(&file).unwrap();
    App::new(store, file.sample_today.unwrap(), Keymap::built_in()).unwrap()
}

/// The whole screen on a tall terminal, so a long case life shows whole.
fn tall(app: &App) -> String {
    text_of(&render(app, 120, 90, Theme::plain()))
}

#[test]
fn the_find_key_opens_the_find_from_every_pane_and_esc_goes_back_there() {
    let mut app = sample_app();
    for pane in ["1", "2", "3", "4", "5", "6"] {
        keys(&mut app, pane);
        let title = app.pane().title();
        keys(&mut app, "F");
        assert!(app.find.is_some(), "F on {title}");
        assert!(screen(&app).contains("Find sag"), "{title}:\n{}", screen(&app));
        press(&mut app, KeyCode::Esc);
        assert!(app.find.is_none());
        assert_eq!(app.pane().title(), title, "back where the user was");
    }
    // ctrl-f reaches it from an open form, and the draft waits under it.
    keys(&mut app, "1n");
    for _ in 0..4 {
        press(&mut app, KeyCode::Tab);
    }
    keys(&mut app, "Udkast");
    assert!(app.form().is_some_and(|f| f.typed), "{}", screen(&app));
    app.handle_key(KeyEvent::new(KeyCode::Char('f'), KeyModifiers::CONTROL));
    assert!(app.find.is_some(), "{}", screen(&app));
    press(&mut app, KeyCode::Esc);
    assert!(app.find.is_none());
    assert!(app.form().is_some_and(|f| f.typed), "the draft is kept");
}

#[test]
fn typing_a_cpr_number_finds_the_closed_case_and_enter_shows_its_whole_life() {
    let mut app = sample_app();
    keys(&mut app, "2F");
    keys(&mut app, "110797-1889");
    let s = screen(&app);
    // Case 40 (a new request) and case 1 (closed), masked, newest first.
    let rows: Vec<&str> = s.lines().filter(|l| l.contains("Lasse Bruun")).collect();
    assert_eq!(rows.len(), 2, "{s}");
    assert!(rows[0].contains("40") && rows[1].contains(" 1 "), "{s}");
    assert!(rows[1].contains("110797-XXXX") && rows[1].contains("Forløb afsluttet"), "{s}");
    assert!(!s.contains("110797-1889 "), "never the whole number in the list:\n{s}");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    let s = tall(&app);
    assert!(s.contains("Sagens forløb 1 · Lasse Bruun"), "{s}");
    for section in [
        "HENVENDELSEN",
        "TRIN OG HÆNDELSER",
        "SAMTALER (TÆLLES)",
        "BEHANDLINGSPLAN",
        "AFSLUTNING OG OPFØLGNING",
        "GRUPPER",
        "MOVE-FORLØB",
        "DØGNOPHOLD",
        "BØRN",
        "UNDERRETNINGER",
        "KLAGER",
    ] {
        assert!(s.contains(section), "{section}:\n{s}");
    }
    assert!(s.contains("110797-XXXX") && !s.contains("110797-1889"), "masked until asked:\n{s}");
    assert!(s.contains("Version 1 fra"), "the plan's versions:\n{s}");
    assert!(s.contains("Opfølgning efter 1 md."), "the follow-up calls:\n{s}");
    assert!(s.contains("udgift til nu"), "the stay's cost:\n{s}");
    // c shows the whole number, as the case view does (and records it).
    keys(&mut app, "c");
    assert!(tall(&app).contains("CPR 110797-1889"));
    // Esc: the list again; Esc: back in Planer.
    press(&mut app, KeyCode::Esc);
    assert!(app.find.as_ref().is_some_and(|f| f.life.is_none()));
    press(&mut app, KeyCode::Esc);
    assert!(app.find.is_none());
    assert_eq!(app.pane().title(), "Planer");
    // A contact closed before treatment is told apart from an ended course.
    keys(&mut app, "F");
    keys(&mut app, "Bjarke");
    let s = screen(&app);
    let row = s.lines().find(|l| l.contains("Bjarke Thomsen")).unwrap_or_else(|| panic!("{s}"));
    assert!(row.contains("Afsluttet") && !row.contains("Forløb afsluttet"), "{row}");
}

#[test]
fn from_a_cases_life_one_key_opens_its_contact_in_indtag_and_its_plan_in_planer() {
    let mut app = sample_app();
    keys(&mut app, "4F");
    keys(&mut app, "Lasse");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("Sagens forløb 1"), "{}", screen(&app));
    keys(&mut app, "p");
    assert!(app.find.is_none());
    assert_eq!(app.pane().title(), "Planer");
    assert!(screen(&app).contains("Lasse Bruun"), "{}", screen(&app));
    keys(&mut app, "F");
    keys(&mut app, "1");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "i");
    assert_eq!(app.pane().title(), "Indtag");
    let case = crate::common::screen::intake(&app).case().map(|v| v.case.id);
    assert_eq!(case, Some(1), "the closed contact opens in Indtag:\n{}", screen(&app));
}

#[test]
fn enter_on_a_case_behind_a_figure_in_rapporter_opens_its_life_and_esc_comes_back() {
    let mut app = sample_app();
    keys(&mut app, "6");
    // The first figure: courses started in 2025; Enter lists its cases.
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("Sagerne bag tallet"), "{}", screen(&app));
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(app.find.as_ref().is_some_and(|f| f.life.is_some()), "{s}");
    assert!(s.contains("Sagens forløb"), "{s}");
    press(&mut app, KeyCode::Esc);
    assert!(app.find.is_none());
    assert!(screen(&app).contains("Sagerne bag tallet"), "{}", screen(&app));
}

/// The sample centre on a file, the workbench opened by anna, a counsellor.
fn annas_app() -> (tempfile::TempDir, std::path::PathBuf, App) {
    let (dir, path, mut store) = crate::common::fresh("leder");
    let file = crate::common::sample();
    store.import(&file).unwrap();
    drop(store);
    let anna = crate::common::open_as(&path, "anna", sagsbord::store::Role::Counsellor);
    let app = App::new(anna, file.sample_today.unwrap(), Keymap::built_in()).unwrap();
    (dir, path, app)
}

#[test]
fn a_colleagues_case_is_listed_without_cpr_and_enter_says_why_it_does_not_open() {
    let (_dir, _path, mut app) = annas_app();
    keys(&mut app, "F");
    keys(&mut app, "Østergaard");
    let s = screen(&app);
    let row = s.lines().find(|l| l.contains("Janni Østergaard")).unwrap_or_else(|| panic!("{s}"));
    assert!(row.contains("må ikke åbnes") && !row.contains("120589"), "{row}");
    press(&mut app, KeyCode::Enter);
    let find = app.find.as_ref().unwrap();
    assert!(find.life.is_none(), "not opened");
    let status = app.shell.status.as_ref().map(|s| s.text.clone()).unwrap_or_default();
    assert!(status.contains("ikke tilladt"), "{status}");
    // Her CPR number does not find it either.
    for _ in 0..10 {
        press(&mut app, KeyCode::Backspace);
    }
    keys(&mut app, "1205892938");
    assert!(screen(&app).contains("Ingen sager fundet."), "{}", screen(&app));
}

#[test]
fn the_look_at_the_list_found_and_the_case_opened_are_recorded_never_the_words() {
    let (_dir, path, mut app) = annas_app();
    keys(&mut app, "F");
    keys(&mut app, "Bruun");
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("Sagens forløb 40"), "{}", screen(&app));
    // From the case's life to the children and notifications.
    keys(&mut app, "b");
    assert_eq!(app.pane().title(), "Underretninger");
    let db = crate::common::open_db(&path);
    let details: Vec<(String, String, Option<i64>)> = db
        .prepare("SELECT action, detail, entity_id FROM audit WHERE actor = 'anna' ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(
        details.iter().any(|(a, d, _)| a == "list" && d.starts_with("Find sag") && d.contains("2 rækker")),
        "{details:?}"
    );
    assert!(details.iter().any(|(a, _, id)| a == "view" && *id == Some(40)), "{details:?}");
    assert!(!details.iter().any(|(_, d, _)| d.to_lowercase().contains("bruun")), "{details:?}");
}

/// The counted conversations are part of the case's life: the counts
/// against the profile's limits, then each conversation with who recorded it.
#[test]
fn the_life_shows_the_counted_conversations_against_the_profiles_limits() {
    use sagsbord::domain::intake::{Conversation, ConversationKind};
    let mut app = sample_app();
    let today = app.shell.today;
    app.shell.store.register_conversation(40, Conversation { on: today, kind: ConversationKind::Advisory }).unwrap();
    keys(&mut app, "F");
    keys(&mut app, "110797-1889");
    press(&mut app, KeyCode::Enter);
    let s = tall(&app);
    assert!(s.contains("Sagens forløb 40"), "the newest first:\n{s}");
    let section = &s[s.find("SAMTALER (TÆLLES)").expect("the section")..];
    assert!(section.contains("rådgivende 1 af 5"), "Randers: up to 5 advisory conversations:\n{section}");
    assert!(section.contains("dennis"), "who recorded it:\n{section}");
}
