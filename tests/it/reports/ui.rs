//! The Rapporter pane on ratatui's TestBackend, driven through the real
//! keymap, on the demo centre of the sample file (its day: 17.03.2026).

use crossterm::event::KeyCode;

use sagsbord::app::App;
use sagsbord::app::keymap::Keymap;
use sagsbord::store::{Store, exchange};
use sagsbord::ui::Theme;

use crate::common::screen::{assert_no_colour, keys, line_with, press, render, screen};

fn sample_app() -> App {
    let file = exchange::parse(&crate::common::sample_text()).unwrap();
    let mut store = Store::open_in_memory("dennis").unwrap();
    store.import(&file).unwrap();
    let mut app = App::new(store, file.sample_today.unwrap(), Keymap::built_in()).unwrap();
    keys(&mut app, "6");
    assert_eq!(app.pane().title(), "Rapporter");
    app
}

#[test]
fn the_last_whole_year_is_shown_with_a_bar_per_figure_at_80_by_24_without_colour() {
    let app = sample_app();
    let s = screen(&app);
    assert!(s.contains("Rapporter 2025"), "{s}");
    // The sample's 2025: 10 courses started, a full bar for the largest.
    let started = line_with(&s, "Startet i perioden");
    assert!(started.contains(" 10 ") && started.contains('█'), "{started}");
    assert_no_colour(&render(&app, 80, 24, Theme::plain()));
}

#[test]
fn the_arrows_change_the_year_and_enter_lists_the_cases_behind_a_figure() {
    let mut app = sample_app();
    press(&mut app, KeyCode::Left);
    assert!(screen(&app).contains("Rapporter 2024"));
    keys(&mut app, "+");
    assert!(screen(&app).contains("Rapporter 2025"));
    // The first figure: courses started in 2025.
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("Sagerne bag tallet: Forløb: Startet i perioden"), "{s}");
    // Masked CPR numbers and counsellors, never a full CPR number.
    assert!(s.contains("-XXXX"), "{s}");
    assert!(!s.lines().any(|l| l.chars().filter(char::is_ascii_digit).count() >= 10), "{s}");
    press(&mut app, KeyCode::Esc);
    assert!(screen(&app).contains("Startet i perioden"));
}

#[test]
fn a_goal_for_the_year_is_written_and_changed_from_the_keyboard() {
    let mut app = sample_app();
    // An empty goal is refused at its field, nothing saved.
    keys(&mut app, "n");
    assert!(screen(&app).contains("Nyt mål for 2025"), "{}", screen(&app));
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("Skriv målet."), "{}", screen(&app));
    assert!(app.shell.store.year_goals(2025, 2025).unwrap().is_empty());
    keys(&mut app, "Synlighed i lokalavisen");
    press(&mut app, KeyCode::Tab);
    keys(&mut app, "Er i gang");
    press(&mut app, KeyCode::Enter);
    let goals = app.shell.store.year_goals(2025, 2025).unwrap();
    assert_eq!(
        goals.iter().map(|g| (g.goal.as_str(), g.status.as_str())).collect::<Vec<_>>(),
        [("Synlighed i lokalavisen", "Er i gang")]
    );
    // It stands last in the report, under the year's goals.
    press(&mut app, KeyCode::End);
    let s = screen(&app);
    assert!(s.contains("ÅRETS MÅL OG STATUS") && s.contains("Synlighed i lokalavisen"), "{s}");
    assert!(line_with(&s, "Status: Er i gang").contains("Status"), "{s}");
    // e on the goal changes it in place: its status is added to.
    keys(&mut app, "e");
    assert!(screen(&app).contains("Ret mål for 2025"), "{}", screen(&app));
    press(&mut app, KeyCode::Tab);
    keys(&mut app, ", to annoncer");
    press(&mut app, KeyCode::Enter);
    let goals = app.shell.store.year_goals(2025, 2025).unwrap();
    assert_eq!(goals.len(), 1);
    assert_eq!(goals[0].status, "Er i gang, to annoncer");
    assert!(screen(&app).contains("Status: Er i gang, to annoncer"), "{}", screen(&app));
    // Another year has goals of its own.
    press(&mut app, KeyCode::Right);
    assert!(screen(&app).contains("Rapporter 2026"));
    assert!(app.shell.store.year_goals(2026, 2026).unwrap().is_empty());
}

#[test]
fn a_section_by_month_draws_its_line_over_the_months() {
    let mut app = sample_app();
    assert!(!screen(&app).contains("Måned for måned"));
    let mut found = None;
    for _ in 0..300 {
        press(&mut app, KeyCode::Down);
        let s = screen(&app);
        if s.contains("Måned for måned: Døgnophold: udgift pr. måned") {
            found = Some(s);
            break;
        }
    }
    let s = found.expect("the stays' months are reached");
    // The sample's 2025 stays cost from July: bars under the title.
    let below: String = s.lines().skip_while(|l| !l.contains("Måned for måned")).skip(1).collect();
    assert!(below.chars().any(|c| "▁▂▃▄▅▆▇█".contains(c)), "{s}");
    assert_no_colour(&render(&app, 80, 24, Theme::plain()));
}

#[test]
fn the_key_line_names_the_arrow_keys_in_danish() {
    let app = sample_app();
    let s = screen(&app);
    let keys = s.lines().last().unwrap();
    assert!(keys.starts_with("venstre forrige år  højre næste år  enter sagerne bag"), "{keys}");
    assert!(!keys.contains("left") && !keys.contains("right"), "{keys}");
}
