//! The looks (`--theme`) and presentation mode on ratatui's TestBackend, on
//! the sample centre as its team leader: every pane in every look uses the
//! 16 ANSI colours only, and none at all without colour (NO_COLOR);
//! presentation mode shows the keys pressed and no CPR number.

use crossterm::event::KeyCode;
use ratatui::buffer::Buffer;
use ratatui::style::Color;
use sagsbord::app::App;
use sagsbord::app::keymap::Keymap;
use sagsbord::store::{Store, exchange};
use sagsbord::theme::{Look, Theme};

use crate::common::screen::{keys, press, render, screen, text_of};

fn sample_app() -> App {
    let file = exchange::parse(&crate::common::sample_text()).unwrap();
    let mut store = Store::open_in_memory("dennis").unwrap();
    store.import(&file).unwrap();
    App::new(store, file.sample_today.unwrap(), Keymap::built_in()).unwrap()
}

/// The 16 colours every terminal has, and the terminal's own.
const ANSI_16: [Color; 17] = [
    Color::Reset,
    Color::Black,
    Color::Red,
    Color::Green,
    Color::Yellow,
    Color::Blue,
    Color::Magenta,
    Color::Cyan,
    Color::Gray,
    Color::DarkGray,
    Color::LightRed,
    Color::LightGreen,
    Color::LightYellow,
    Color::LightBlue,
    Color::LightMagenta,
    Color::LightCyan,
    Color::White,
];

/// Every screen worth looking at: each pane, an open case, a form, the
/// help and the find, drawn by `each`.
fn every_screen(app: &mut App, mut each: impl FnMut(&App, &str)) {
    for pane in ["1", "2", "3", "4", "5", "6"] {
        keys(app, pane);
        each(app, pane);
    }
    keys(app, "1");
    press(app, KeyCode::Enter);
    each(app, "the open case");
    press(app, KeyCode::Esc);
    keys(app, "n");
    each(app, "the new contact form");
    press(app, KeyCode::Esc);
    keys(app, "?");
    each(app, "the help");
    press(app, KeyCode::Esc);
    keys(app, "F");
    each(app, "the find");
    press(app, KeyCode::Esc);
}

fn colours(buffer: &Buffer) -> impl Iterator<Item = (Color, Color)> + '_ {
    buffer.content().iter().map(|cell| (cell.fg, cell.bg))
}

#[test]
fn every_look_draws_every_screen_in_the_16_ansi_colours_and_uses_some() {
    for (look, name) in Look::ALL {
        for present in [false, true] {
            let mut app = sample_app();
            app.present = present;
            let mut coloured = 0;
            every_screen(&mut app, |app, what| {
                let buffer = render(app, 100, 30, Theme { color: true, look });
                for (fg, bg) in colours(&buffer) {
                    assert!(ANSI_16.contains(&fg) && ANSI_16.contains(&bg), "{name}, {what}: {fg:?} on {bg:?}");
                    coloured += usize::from(fg != Color::Reset);
                }
            });
            assert!(coloured > 0, "the look {name} shows some colour");
        }
    }
}

#[test]
fn without_colour_no_look_draws_any_colour_at_all() {
    for (look, name) in Look::ALL {
        for present in [false, true] {
            let mut app = sample_app();
            app.present = present;
            every_screen(&mut app, |app, what| {
                let buffer = render(app, 100, 30, Theme { color: false, look });
                for (fg, bg) in colours(&buffer) {
                    assert_eq!((fg, bg), (Color::Reset, Color::Reset), "{name}, {what}, presenting: {present}");
                }
            });
        }
    }
}

#[test]
fn the_looks_differ_where_a_light_or_dark_terminal_needs_it() {
    let app = sample_app();
    let drawn = |look| {
        let buffer = render(&app, 100, 30, Theme { color: true, look });
        colours(&buffer).map(|(fg, _)| fg).collect::<std::collections::HashSet<_>>()
    };
    let fg = |set: &std::collections::HashSet<Color>, c: Color| set.contains(&c);
    let (light, dark) = (drawn(Look::Light), drawn(Look::Dark));
    assert!(!fg(&light, Color::Yellow) && !fg(&light, Color::Cyan), "{light:?}");
    assert!(!fg(&dark, Color::DarkGray), "{dark:?}");
    assert_ne!(light, dark);
}

#[test]
fn presentation_mode_shows_the_keys_pressed_and_the_key_toggles_it() {
    let mut app = sample_app();
    assert!(!screen(&app).contains("Taster:"));
    press(&mut app, KeyCode::F(2));
    assert!(app.present, "F2 turns presentation mode on");
    keys(&mut app, "j");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    let shown = screen(&app);
    let strip = shown.lines().last().unwrap();
    assert_eq!(strip.trim_end(), "Taster: [j] [↓] [enter]", "{shown}");
    // The rows it takes come off the list, not off the key line.
    assert!(shown.lines().nth(22).unwrap().contains("esc"), "{shown}");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::F(2));
    assert!(!app.present);
    assert!(!screen(&app).contains("Taster:"));
}

/// Whether `screen` holds six digits and a dash: a CPR number or its birth date.
fn shows_a_cpr(screen: &str) -> bool {
    screen.lines().any(|line| {
        let chars: Vec<char> = line.chars().collect();
        chars.windows(7).any(|w| w[..6].iter().all(char::is_ascii_digit) && w[6] == '-')
    })
}

#[test]
fn presentation_mode_never_shows_a_cpr_number_not_even_its_birth_date() {
    let mut app = sample_app();
    press(&mut app, KeyCode::Enter);
    let normal = text_of(&render(&app, 100, 30, Theme::plain()));
    assert!(shows_a_cpr(&normal), "the open case shows the masked CPR's birth date normally:\n{normal}");

    app.present = true;
    let presented = text_of(&render(&app, 100, 30, Theme::plain()));
    assert!(presented.contains("XXXXXX-XXXX"), "{presented}");
    assert!(!shows_a_cpr(&presented), "{presented}");
    // `c` does not show the whole number.
    keys(&mut app, "c");
    let after = text_of(&render(&app, 100, 30, Theme::plain()));
    assert!(after.contains("hele CPR-nummeret vises ikke"), "{after}");
    assert!(!shows_a_cpr(&after), "{after}");
    // Nor does the find, which lists masked numbers.
    press(&mut app, KeyCode::Esc);
    keys(&mut app, "F");
    assert!(!shows_a_cpr(&text_of(&render(&app, 100, 30, Theme::plain()))));
}

#[test]
fn a_theme_or_a_pace_that_does_not_exist_is_refused_in_danish() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(crate::common::BIN).args(args).current_dir(dir.path()).output().unwrap()
    };
    for args in [&["--theme", "blå"][..], &["demo", "--theme", "blå"][..]] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(said.contains("ukendt tema; vælg et af: standard, mørk, lys, kontrast"), "{said}");
    }
    let out = run(&["demo", "--tour", "kontakt", "--pace", "601"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("et antal sekunder mellem 0 og 600"));
    // --pace belongs to a tour.
    assert_eq!(run(&["demo", "--pace", "2"]).status.code(), Some(2));
}

/// The look and the mouse as settings in the environment, put once in the
/// shell's profile: a flag wins over them, and a setting that means nothing
/// is refused in Danish before the terminal is taken.
#[test]
fn the_theme_and_the_mouse_are_settings_in_the_environment_too() {
    use crate::common::Tui;
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str], env: (&str, &str)| {
        std::process::Command::new(crate::common::BIN)
            .args(args)
            .env(env.0, env.1)
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    for args in [&[][..], &["demo"][..]] {
        let out = run(args, ("SAGSBORD_THEME", "blå"));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(said.contains("indstillingen SAGSBORD_THEME: ukendt tema; vælg et af"), "{said}");
        let out = run(args, ("SAGSBORD_MOUSE", "måske"));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(said.contains("indstillingen SAGSBORD_MOUSE: skriv til eller fra"), "{said}");
    }
    // The flag wins over a setting that would be refused: the demo opens.
    let tui = Tui::builder().args(["demo", "--theme", "lys"]).env("SAGSBORD_THEME", "blå").cwd(dir.path()).spawn();
    tui.wait_for("DEMO");
    tui.quit();

    let mouse_on = |value: Option<&str>| {
        let mut builder = Tui::builder().args(["demo"]).cwd(dir.path());
        if let Some(value) = value {
            builder = builder.env("SAGSBORD_MOUSE", value);
        }
        let tui = builder.spawn();
        tui.wait_for("DEMO");
        let on = tui.with_screen(|s| s.mouse_protocol_mode() != vt100::MouseProtocolMode::None);
        tui.quit();
        on
    };
    assert!(!mouse_on(None), "the mouse is off by default");
    assert!(mouse_on(Some("til")), "SAGSBORD_MOUSE=til turns it on");
    assert!(!mouse_on(Some("fra")));
}
