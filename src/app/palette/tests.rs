//! The palette offers what the keys reach, filters fuzzily and runs what it
//! offers as the key would.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::*;
use crate::app::keymap::BUNDLED;
use crate::app::{App, pane};
use crate::store::{Store, exchange};
use crate::ui::Theme;

const TWO_CASES: &str = r#"{"format":"sagsbord","version":1,"centre":{"name":"T","municipality":"Faxe","profile":"national"},"citizens":[{"id":1,"name":"Karen Testesen","home_municipality":"Faxe"},{"id":2,"name":"Per Prøvesen","home_municipality":"Faxe"}],"cases":[{"id":1,"citizen_id":1,"kind":"own_use","channel":"phone","contact_at":"2026-03-02T09:00:00","counsellor":"anna","children":"no_children","note":""},{"id":2,"citizen_id":2,"kind":"own_use","channel":"phone","contact_at":"2026-03-03T09:00:00","counsellor":"anna","children":"no_children","note":""}],"case_events":[]}"#;

fn app(keymap: Keymap) -> App {
    let mut store = Store::open_in_memory("anna").unwrap();
    store.import(&exchange::parse(TWO_CASES).unwrap()).unwrap();
    App::new(store, NaiveDate::from_ymd_opt(2026, 3, 10).unwrap(), keymap).unwrap()
}

fn press(app: &mut App, code: KeyCode, modifiers: KeyModifiers) {
    app.handle_key(KeyEvent::new(code, modifiers));
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c), KeyModifiers::NONE);
    }
}

/// The actions a key reaches on a screen of `layers`, worked out from the
/// keymap alone as the key dispatch does it (every key any layer names,
/// looked up in the screen's layers, a ctrl or alt key falling through to
/// the global layer), not from the palette's own list.
fn reachable(keymap: &Keymap, layers: &[Layer]) -> BTreeSet<String> {
    let keys: BTreeSet<Key> = Layer::ALL.iter().flat_map(|l| keymap.bindings(*l)).map(|b| b.key).collect();
    keys.into_iter()
        .filter_map(|key| {
            keymap
                .lookup(layers, key)
                .or_else(|| (key.ctrl || key.alt).then(|| keymap.lookup(&[Layer::Global], key)).flatten())
        })
        .filter(|a| *a != Action::Palette)
        .map(|a| format!("{a:?}"))
        .collect()
}

#[test]
fn the_palette_offers_exactly_what_the_keys_reach_on_every_screen_of_every_keymap() {
    for (name, _) in BUNDLED {
        let keymap = Keymap::bundled(name).unwrap();
        for screen in App::all_screens() {
            // Not offered over the help, nor over itself.
            if std::ptr::eq(screen, &pane::HELP) || std::ptr::eq(screen, &PALETTE) {
                continue;
            }
            let offered = entries(&keymap, screen.layers);
            let actions: BTreeSet<String> = offered.iter().map(|e| format!("{:?}", e.action)).collect();
            assert_eq!(actions, reachable(&keymap, screen.layers), "{name}: {:?}", screen.layers);
            assert_eq!(actions.len(), offered.len(), "each action once");
            // Each key shown beside an action runs that action there.
            for e in &offered {
                for key in &e.keys {
                    let runs = keymap.lookup(screen.layers, *key).or_else(|| keymap.lookup(&[Layer::Global], *key));
                    assert_eq!(runs, Some(e.action), "{name}: {key} on {:?}", screen.layers);
                }
            }
        }
    }
}

#[test]
fn colon_opens_the_palette_on_the_queue_with_the_queue_s_and_the_global_actions() {
    let mut app = app(Keymap::built_in());
    type_text(&mut app, ":");
    let palette = app.palette.as_ref().expect("the palette is open");
    let actions: Vec<Action> = palette.entries.iter().map(|e| e.action).collect();
    for a in [Action::NewContact, Action::StepBookVisitation, Action::Down, Action::PaneGroups, Action::Quit] {
        assert!(actions.contains(&a), "{a:?} in {actions:?}");
    }
    assert!(!actions.contains(&Action::Palette));
    assert!(!actions.contains(&Action::Submit), "not the form's");
    assert_eq!(app.screen().layers, &[Layer::Palette]);
    press(&mut app, KeyCode::Esc, KeyModifiers::NONE);
    assert!(app.palette.is_none());
    assert!(app.form().is_none(), "Esc only closed the palette");
}

#[test]
fn typing_filters_fuzzily_and_enter_runs_the_action_as_its_key_would() {
    let mut by_key = app(Keymap::built_in());
    type_text(&mut by_key, "v");
    let by_key_form = by_key.form().expect("v opens the visitation form").title.clone();

    let mut app = app(Keymap::built_in());
    press(&mut app, KeyCode::Char('p'), KeyModifiers::CONTROL);
    type_text(&mut app, "vistbook");
    let palette = app.palette.as_ref().unwrap();
    let first = palette.entries[palette.shown[0]].action;
    assert_eq!(first, Action::StepBookVisitation, "{:?}", palette.shown);
    press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    assert!(app.palette.is_none());
    assert_eq!(app.form().expect("the same form").title, by_key_form);
}

#[test]
fn the_arrows_choose_backspace_widens_and_nothing_matching_runs_nothing() {
    let mut app = app(Keymap::built_in());
    type_text(&mut app, ":");
    let all = app.palette.as_ref().unwrap().shown.len();
    type_text(&mut app, "qqqqzzz");
    assert!(app.palette.as_ref().unwrap().shown.is_empty());
    press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    assert!(app.palette.is_some(), "nothing chosen, nothing run");
    for _ in 0..7 {
        press(&mut app, KeyCode::Backspace, KeyModifiers::NONE);
    }
    assert_eq!(app.palette.as_ref().unwrap().shown.len(), all);
    press(&mut app, KeyCode::Down, KeyModifiers::NONE);
    press(&mut app, KeyCode::Down, KeyModifiers::NONE);
    press(&mut app, KeyCode::Up, KeyModifiers::NONE);
    assert_eq!(app.palette.as_ref().unwrap().chosen, 1);
    // Unfiltered, the list is in the keymap's order: Indtag's second
    // binding (Enter) is the second row.
    let second = app.palette.as_ref().unwrap().entries[app.palette.as_ref().unwrap().shown[1]].action;
    assert_eq!(second, Action::OpenCase);
}

#[test]
fn over_a_form_the_palette_offers_the_form_s_actions_and_the_global_ctrl_keys() {
    let mut app = app(Keymap::built_in());
    type_text(&mut app, "n");
    assert!(app.form().is_some());
    // ":" is text in the form; ctrl-p opens the palette.
    let focus = app.form().unwrap().focus;
    press(&mut app, KeyCode::Char('p'), KeyModifiers::CONTROL);
    let palette = app.palette.as_ref().expect("ctrl-p reaches the palette over a form");
    let actions: Vec<Action> = palette.entries.iter().map(|e| e.action).collect();
    assert!(actions.contains(&Action::NextField) && actions.contains(&Action::Submit), "{actions:?}");
    assert!(actions.contains(&Action::FindCase) && actions.contains(&Action::Quit), "{actions:?}");
    assert!(!actions.contains(&Action::PaneGroups), "a number key is text in a form: {actions:?}");
    type_text(&mut app, "næste felt");
    press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    assert!(app.palette.is_none());
    assert_ne!(app.form().expect("the draft is kept").focus, focus, "the next field has the focus");
}

#[test]
fn over_the_find_the_palette_offers_the_find_s_actions() {
    let mut app = app(Keymap::built_in());
    type_text(&mut app, "F");
    assert!(app.find.is_some());
    press(&mut app, KeyCode::Char('p'), KeyModifiers::CONTROL);
    let actions: Vec<Action> = app.palette.as_ref().unwrap().entries.iter().map(|e| e.action).collect();
    assert!(actions.contains(&Action::OpenCase) && actions.contains(&Action::Close), "{actions:?}");
    type_text(&mut app, "luk søgningen");
    press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    assert!(app.palette.is_none());
    assert!(app.find.is_none(), "the find was closed as by Esc");
}

#[test]
fn over_the_help_the_palette_is_not_offered() {
    let mut app = app(Keymap::built_in());
    type_text(&mut app, "?");
    assert!(app.help);
    press(&mut app, KeyCode::Char('p'), KeyModifiers::CONTROL);
    assert!(app.palette.is_none());
}

#[test]
fn emacs_hands_open_it_with_alt_x_and_vim_hands_with_colon() {
    let mut emacs = app(Keymap::bundled("emacs").unwrap());
    press(&mut emacs, KeyCode::Char('x'), KeyModifiers::ALT);
    assert!(emacs.palette.is_some());
    let mut vim = app(Keymap::bundled("vim").unwrap());
    type_text(&mut vim, ":");
    assert!(vim.palette.is_some());
}

fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| crate::ui::draw(f, app, &Theme::plain())).unwrap();
    let buffer = terminal.backend().buffer();
    (0..24)
        .map(|y| (0..80).map(|x| buffer[(x, y)].symbol()).collect::<String>().trim_end().to_string() + "\n")
        .collect()
}

#[test]
fn the_palette_at_80x24() {
    let mut app = app(Keymap::built_in());
    type_text(&mut app, ":");
    insta::assert_snapshot!("palette_queue_all", screen(&app));
    type_text(&mut app, "læge");
    insta::assert_snapshot!("palette_queue_laege", screen(&app));
}
