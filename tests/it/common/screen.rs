//! Rendering on ratatui's TestBackend for the pane tests: keys go through the
//! real keymap (`App::handle_key`), the screen is read back as text, and
//! colours are checked in the buffer by the text they are on.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;
use sagsbord::app::App;
use sagsbord::ui::{self, Theme};

pub use super::date as day;

/// One key, as the terminal would send it.
pub fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// Each character of `text` as a key press.
pub fn keys(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// Waits until the pane on screen has taken what it computes in the
/// background (Rapporter's figures), as the event loop would.
pub fn settle(app: &mut App) {
    let until = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while app.busy() {
        assert!(std::time::Instant::now() < until, "the background work did not finish");
        app.poll();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

pub fn render(app: &App, width: u16, height: u16, theme: Theme) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| ui::draw(f, app, &theme)).unwrap();
    terminal.backend().buffer().clone()
}

/// The buffer's text, one line a row, trailing spaces cut.
pub fn text_of(buffer: &Buffer) -> String {
    let area = buffer.area;
    (0..area.height)
        .map(|y| {
            (0..area.width).map(|x| buffer[(x, y)].symbol().to_string()).collect::<String>().trim_end().to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first line of the screen text `s` that holds `needle`.
#[track_caller]
pub fn line_with<'a>(s: &'a str, needle: &str) -> &'a str {
    s.lines().find(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle:?} not on screen:\n{s}"))
}

/// What an 80×24 terminal without colour shows.
pub fn screen(app: &App) -> String {
    text_of(&render(app, 80, 24, Theme::plain()))
}

/// The row of the screen holding `needle`.
pub fn row_of(buffer: &Buffer, needle: &str) -> u16 {
    let text = text_of(buffer);
    text.lines().position(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle:?} not on screen:\n{text}")) as u16
}

/// Where `text` starts on the first row holding `row`, as (column, row):
/// the column counts the characters before it, as the screen shows them.
pub fn cell_of(buffer: &Buffer, row: &str, text: &str) -> (u16, u16) {
    let y = row_of(buffer, row);
    let screen = text_of(buffer);
    let line = screen.lines().nth(y as usize).unwrap();
    let at = line.find(text).unwrap_or_else(|| panic!("{text:?} not on the row {line:?}"));
    (line[..at].chars().count() as u16, y)
}

/// Checks that `text`, on the first row holding `row`, is drawn in the
/// foreground colour `colour`, every character of it.
#[track_caller]
pub fn assert_fg(buffer: &Buffer, row: &str, text: &str, colour: Color) {
    let (x, y) = cell_of(buffer, row, text);
    for (i, c) in text.chars().enumerate() {
        let cell = &buffer[(x + i as u16, y)];
        assert_eq!(cell.fg, colour, "{c:?} of {text:?} at {},{y} on the row with {row:?}", x + i as u16);
    }
}

/// Checks that no cell has a colour of its own, fore- or background, as
/// under NO_COLOR.
#[track_caller]
pub fn assert_no_colour(buffer: &Buffer) {
    let area = buffer.area;
    for y in 0..area.height {
        for x in 0..area.width {
            let cell = &buffer[(x, y)];
            assert!(
                cell.fg == Color::Reset && cell.bg == Color::Reset,
                "colour {:?} on {:?} at {x},{y} under NO_COLOR:\n{}",
                cell.fg,
                cell.bg,
                text_of(buffer)
            );
        }
    }
}

/// The panes' state, to look into in tests.
pub fn intake(app: &App) -> &sagsbord::panes::intake::IntakePane {
    app.pane_of().expect("the Indtag pane")
}

pub fn plans(app: &App) -> &sagsbord::panes::plans::PlansPane {
    app.pane_of().expect("the Planer pane")
}

pub fn groups(app: &App) -> &sagsbord::panes::groups::GroupsPane {
    app.pane_of().expect("the Grupper pane")
}

pub fn stays(app: &App) -> &sagsbord::panes::stays::StaysPane {
    app.pane_of().expect("the Døgn pane")
}

pub fn notes(app: &App) -> &sagsbord::panes::notifications::NotesPane {
    app.pane_of().expect("the Underretninger pane")
}
