//! The pane in a real `App` on an in-memory store with the demo centre
//! imported: keys in through the keymap (`App::handle_key`), the pane's
//! state, the screen and the database out. The forms are in `forms`.

mod ending_running;
mod forms;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::{PaneScreen, PlansPane};
use crate::app::App;
use crate::app::form::FieldName;
use crate::app::keymap::{Keymap, Layer};
use crate::store::{Store, exchange};
use crate::ui::{self, Theme};

/// The demo centre (Randers, 17 March 2026) on the Planer pane, with the
/// list `rows` rows high, as on a terminal `rows + 7` rows high.
fn demo(rows: usize) -> App {
    let sample = exchange::parse(include_str!("../../../../sample-data/centre.json")).unwrap();
    let mut store = Store::open_in_memory("anna").unwrap();
    store.import(&sample).unwrap();
    let mut app = App::new(store, sample.sample_today.unwrap(), Keymap::built_in()).unwrap();
    app.shell.list_rows = rows;
    press(&mut app, KeyCode::Char('2'));
    app
}

fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn keys(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn pane(app: &App) -> &PlansPane {
    app.pane_of().unwrap()
}

/// The screen as text at `width` × the height the list rows were set for.
fn screen(app: &App, width: u16) -> String {
    let height = app.shell.list_rows as u16 + ui::CHROME_ROWS;
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| ui::draw(f, app, &Theme::plain())).unwrap();
    let buffer = terminal.backend().buffer();
    (0..height)
        .map(|y| (0..width).map(|x| buffer[(x, y)].symbol()).collect::<String>().trim_end().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_taller_view_shows_the_board_rows_it_now_has_room_for() {
    let mut app = demo(4);
    let total = pane(&app).board.len();
    assert!(total > 8, "the demo's board is longer than the taller view: {total}");
    app.update(crate::app::Action::Down);
    let selected = selected_name(&app);
    app.set_list_rows(12);
    assert!(pane(&app).board.held() >= total.min(12), "{} held of {total}", pane(&app).board.held());
    assert_eq!(selected_name(&app), selected, "the selection stays");
    let s = screen(&app, 120);
    let names: Vec<String> = pane(&app)
        .board
        .rows()
        .take(total.min(10))
        .map(|r| r.entry.course.case.identity.display_name().to_string())
        .collect();
    assert!(names.iter().all(|n| s.contains(n.as_str())), "{names:?}\n{s}");
}

#[track_caller]
fn line_with<'a>(s: &'a str, needle: &str) -> &'a str {
    s.lines().find(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle:?} not on screen:\n{s}"))
}

/// The name on the selected line of the list on screen.
fn selected_name(app: &App) -> Option<String> {
    let pane = pane(app);
    let case = if pane.on_calls() {
        pane.selected_call().map(|c| &c.course.case)
    } else {
        pane.selected_entry().map(|e| &e.course.case)
    };
    case.map(|c| c.identity.display_name().to_string())
}

/// Moves down the list on screen to the first line of `name`.
fn select(app: &mut App, name: &str) {
    press(app, KeyCode::Home);
    for _ in 0..40 {
        if selected_name(app).as_deref() == Some(name) {
            return;
        }
        press(app, KeyCode::Down);
    }
    panic!("{name} not in the list");
}

/// Tabs to the form field `id`, as a user does.
fn focus(app: &mut App, id: impl FieldName) {
    for _ in 0..40 {
        if app.form().unwrap().focused().unwrap().id.is(id) {
            return;
        }
        press(app, KeyCode::Tab);
    }
    panic!("no field {id:?}");
}

/// Empties the focused text field.
fn clear_field(app: &mut App) {
    press(app, KeyCode::End);
    press(app, KeyCode::End);
    for _ in 0..200 {
        press(app, KeyCode::Backspace);
    }
}

#[test]
fn moving_up_from_the_bottom_keeps_the_offset_and_moves_the_highlight() {
    let mut app = demo(5);
    let len = pane(&app).board.len();
    assert!(len > 10, "the demo board has {len} courses");
    press(&mut app, KeyCode::End);
    let cursor = *pane(&app).board.cursor();
    assert_eq!((cursor.selected(), cursor.offset()), (len - 1, len - 5));
    press(&mut app, KeyCode::Up);
    let cursor = *pane(&app).board.cursor();
    assert_eq!((cursor.selected(), cursor.offset()), (len - 2, len - 5), "the list does not scroll under a pinned row");
    // On screen the pointer is on the fourth of the five rows.
    let s = screen(&app, 80);
    let rows: Vec<&str> = s.lines().skip(4).take(5).collect();
    assert!(rows[3].starts_with("│›") && rows[4].starts_with("│  "), "{s}");
    // Page up moves the view and the selection a page; the view stays put
    // while the selection moves within it.
    press(&mut app, KeyCode::PageUp);
    let cursor = *pane(&app).board.cursor();
    assert_eq!((cursor.selected(), cursor.offset()), (len - 7, len - 10));
    press(&mut app, KeyCode::Down);
    assert_eq!(pane(&app).board.cursor().offset(), len - 10);
}

#[test]
fn the_call_list_has_its_own_cursor_and_the_board_keeps_its_place() {
    let mut app = demo(3);
    select(&mut app, "Rikke Lauritsen");
    keys(&mut app, "f");
    assert!(matches!(pane(&app).stack.as_slice(), [PaneScreen::Calls]));
    assert_eq!(selected_name(&app).as_deref(), Some("Kim Abildgaard"), "the most overdue call first");
    press(&mut app, KeyCode::End);
    let calls = pane(&app).calls.len();
    assert_eq!(pane(&app).calls.cursor().selected(), calls - 1);
    press(&mut app, KeyCode::Up);
    assert_eq!(pane(&app).calls.cursor().offset(), calls - 3, "moving up keeps the offset");
    keys(&mut app, "f");
    assert!(pane(&app).stack.is_empty());
    assert_eq!(selected_name(&app).as_deref(), Some("Rikke Lauritsen"));
}

#[test]
fn a_search_keeps_the_selection_on_its_case_while_it_is_shown() {
    let mut app = demo(10);
    select(&mut app, "Pia Thygesen");
    keys(&mut app, "/pi");
    assert_eq!(selected_name(&app).as_deref(), Some("Pia Thygesen"));
    keys(&mut app, "x");
    assert_eq!(pane(&app).board.len(), 0);
    assert!(screen(&app, 80).contains("Ingen sager passer til søgningen."));
    press(&mut app, KeyCode::Esc);
    assert!(pane(&app).search.is_empty() && pane(&app).board.len() > 10);
}

#[test]
fn at_120_columns_names_are_whole_and_at_80_the_markers_keep_their_room() {
    let mut app = demo(20);
    keys(&mut app, "a");
    let wide = screen(&app, 120);
    for name in ["Frederik Kirkegaard", "Peter Lund Jeppesen"] {
        assert!(line_with(&wide, name).contains(name), "{wide}");
    }
    assert!(line_with(&wide, "Gitte Holmgaard").contains("AFSLUTTET: Færdigbehandlet, OPFØLGNING FRAVALGT"), "{wide}");
    let narrow = screen(&app, 80);
    let rikke = line_with(&narrow, "Rikke Laurits…");
    assert!(rikke.contains("dennis") && rikke.contains("REVISION I DAG"), "{narrow}");
    // At 80 a long name is cut, not the markers.
    assert!(narrow.contains("Frederik Kirk…"), "{narrow}");
    for line in narrow.lines() {
        assert!(line.chars().count() <= 80, "{line}");
    }
    // The call list: at 120 the markers and the ending are whole.
    keys(&mut app, "f");
    let wide = screen(&app, 120);
    let kim = line_with(&wide, "Kim Abildgaard");
    assert!(kim.contains("OVERSKREDET, 2 forsøg, afsl. 30.06.2025: Færdigbehandlet"), "{wide}");
    let narrow = screen(&app, 80);
    assert!(line_with(&narrow, "Kim Abildgaard").contains("OVERSKREDET, 2 forsøg"), "{narrow}");
}

/// Opens the plan of `name` from the board.
fn open_plan(app: &mut App, name: &str) {
    select(app, name);
    press(app, KeyCode::Enter);
    assert!(pane(app).plan().is_some(), "{}", screen(app, 80));
}

/// The plan view's rows on screen (inside its border).
fn view_rows(screen: &str) -> Vec<String> {
    let lines: Vec<&str> = screen.lines().collect();
    let bottom = lines.iter().rposition(|l| l.starts_with('└')).unwrap();
    lines[2..bottom].iter().map(|l| l.to_string()).collect()
}

#[test]
fn a_long_plan_scrolls_and_the_drawing_clamps_the_offset() {
    // A terminal of 12 rows: the plan view shows 7.
    let mut app = demo(5);
    open_plan(&mut app, "Pia Thygesen");
    keys(&mut app, "h");
    let top = screen(&app, 80);
    assert_eq!(view_rows(&top).len(), 7, "{top}");
    assert!(top.contains("version 2/2") && top.contains("▼ mere") && !top.contains("▲ mere"), "{top}");
    // End shows the last row: the history's last version.
    press(&mut app, KeyCode::End);
    let bottom = screen(&app, 80);
    assert!(
        bottom.contains("(gemt 16.01.2026 kl.") && bottom.contains("▲ mere") && !bottom.contains("▼ mere"),
        "{bottom}"
    );
    // Down at the end does nothing, however often; the first Up moves one
    // row from what the screen shows.
    for _ in 0..50 {
        press(&mut app, KeyCode::Down);
    }
    assert_eq!(screen(&app, 80), bottom);
    press(&mut app, KeyCode::Up);
    let up = screen(&app, 80);
    assert_eq!(view_rows(&up)[1..], view_rows(&bottom)[..6], "one row up:\n{up}");
    // A page is the view's 7 rows, there and back.
    press(&mut app, KeyCode::PageUp);
    let page_up = screen(&app, 80);
    assert_ne!(page_up, up);
    press(&mut app, KeyCode::PageDown);
    assert_eq!(screen(&app, 80), up);
    press(&mut app, KeyCode::Home);
    assert_eq!(screen(&app, 80), top);
    // Another version starts at the top again.
    press(&mut app, KeyCode::PageDown);
    screen(&app, 80);
    press(&mut app, KeyCode::Left);
    let older = screen(&app, 80);
    assert!(view_rows(&older)[0].contains("version 1/2"), "{older}");
}

#[test]
fn esc_closes_a_plan_back_to_the_list_it_was_opened_on_and_leaving_closes_it() {
    let mut app = demo(10);
    keys(&mut app, "f");
    select(&mut app, "Lasse Bruun");
    keys(&mut app, "p");
    assert!(matches!(pane(&app).stack.as_slice(), [PaneScreen::Calls, PaneScreen::Plan(_)]));
    assert_eq!(app.screen().layers.first(), Some(&Layer::Plan));
    press(&mut app, KeyCode::Esc);
    assert!(matches!(pane(&app).stack.as_slice(), [PaneScreen::Calls]));
    assert_eq!(selected_name(&app).as_deref(), Some("Lasse Bruun"));
    // Leaving the pane closes the plan; the call list stays.
    keys(&mut app, "p");
    keys(&mut app, "1");
    keys(&mut app, "2");
    assert!(matches!(pane(&app).stack.as_slice(), [PaneScreen::Calls]));
    assert!(screen(&app, 80).contains("Opfølgningsopkald · Rusmiddelcenter Randers"));
}

#[test]
fn a_list_that_cannot_be_read_says_so_on_the_status_line() {
    let mut app = demo(10);
    app.shell.store.sqlite().execute_batch("ALTER TABLE follow_up_calls RENAME TO gone").unwrap();
    keys(&mut app, "1");
    keys(&mut app, "2");
    let status = app.shell.status.clone().unwrap();
    assert_eq!(status.kind, crate::app::StatusKind::Error);
    assert!(status.text.starts_with("Planerne kunne ikke hentes: databasefejl"), "{status:?}");
    // A toggle says the failure, not the new state.
    keys(&mut app, "m");
    assert!(app.shell.status.clone().unwrap().text.starts_with("Planerne kunne ikke hentes"));
}

/// A plan's view has its own markers ([ÆLDRE VERSION], goal states, the
/// calls' ÅBEN and GENNEMFØRT): `?` then `t` on it shows all of them at
/// 80×24, from the table the view draws with.
#[test]
fn the_legend_of_a_plan_lists_the_plan_views_markers() {
    // An 80×24 terminal.
    let mut app = demo(24 - usize::from(ui::CHROME_ROWS));
    open_plan(&mut app, "Pia Thygesen");
    let view = screen(&app, 80);
    assert!(view.contains(crate::text::plans::PLAN_MARKERS[5].text), "{view}");
    app.update(crate::app::Action::Help);
    app.update(crate::app::Action::Toggle);
    let legend = screen(&app, 80);
    assert_eq!(legend.split('\n').count(), 24);
    for m in &crate::text::plans::PLAN_MARKERS {
        assert!(legend.contains(m.text) && legend.contains(m.meaning), "{} missing:\n{legend}", m.text);
    }
    assert!(!legend.contains("flere tegn"), "{legend}");
}

/// The board holds a screen: a page down reads the next screen by the key
/// of the last line held and draws it; a search finds in SQL and keeps
/// the selected case; a reload (after a change) keeps it too.
#[test]
fn the_board_pages_past_its_first_screen_and_keeps_the_selection() {
    let mut app = demo(4);
    let len = pane(&app).board.len();
    assert!(len > 8, "the demo board has {len} courses");
    assert_eq!(pane(&app).board.held(), 4, "one screen held");
    let first = selected_name(&app).unwrap();
    press(&mut app, KeyCode::PageDown);
    press(&mut app, KeyCode::PageDown);
    assert_eq!(pane(&app).board.cursor().selected(), 8);
    assert!(pane(&app).board.held() <= 4, "still one screen held");
    let name = selected_name(&app).unwrap();
    assert_ne!(name, first);
    let s = screen(&app, 120);
    assert!(line_with(&s, &name).starts_with("│›"), "{s}");
    assert!(!s.contains(&first), "the first screen is gone: {s}");
    // A part of its name finds it, still selected; clearing the search
    // brings the whole board back with the case selected at its place.
    let part: String = name.chars().take(3).collect();
    keys(&mut app, &format!("/{}", part.to_lowercase()));
    press(&mut app, KeyCode::Enter);
    assert_eq!(selected_name(&app).as_deref(), Some(name.as_str()));
    assert!(pane(&app).board.len() < len);
    press(&mut app, KeyCode::Esc);
    assert_eq!(pane(&app).board.len(), len);
    assert_eq!((selected_name(&app).as_deref(), pane(&app).board.cursor().selected()), (Some(name.as_str()), 8));
    // The sort toggle and a reload (away to Indtag and back) keep it too.
    keys(&mut app, "o");
    assert_eq!(selected_name(&app).as_deref(), Some(name.as_str()));
    press(&mut app, KeyCode::Char('1'));
    press(&mut app, KeyCode::Char('2'));
    assert_eq!(selected_name(&app).as_deref(), Some(name.as_str()));
    assert!(pane(&app).board.held() <= 4);
}

/// A typed search character reads the board once from the top of its
/// results: one count and one page (the page's keys, its cases, their
/// courses), whatever the caseload and wherever the selection was. The
/// selected case further down is not looked for: that would count the
/// board again at every keystroke.
#[test]
fn one_search_character_counts_the_board_once_and_reads_one_page() {
    let mut app = demo(4);
    press(&mut app, KeyCode::PageDown);
    press(&mut app, KeyCode::PageDown);
    keys(&mut app, "/");
    let seen = app.shell.store.trace_statements();
    keys(&mut app, "a");
    let statements = std::mem::take(&mut *seen.lock().unwrap());
    let counts = statements.iter().filter(|s| s.contains("COUNT(")).count();
    assert_eq!(counts, 1, "{statements:#?}");
    // The count, the page's keys, its cases, and their courses' endings,
    // latest plans and those plans' goals.
    assert_eq!(statements.len(), 6, "{statements:#?}");
    assert_eq!(pane(&app).board.cursor().selected(), 0, "the results from their top");
    assert!(pane(&app).board.held() <= 4);
}
