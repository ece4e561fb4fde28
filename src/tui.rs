//! The terminal session: set the terminal up, redraw on each event, and
//! always give the terminal back, on a panic too.

use std::io;

use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyEventKind};
use crossterm::execute;
use ratatui::Terminal;
use ratatui::backend::Backend;

use crate::app::App;
use crate::ui::{self, Theme};

/// Runs the app on the real terminal until the user quits.
pub fn run(app: &mut App, theme: Theme) -> io::Result<()> {
    // ratatui::try_init enters raw mode and the alternate screen, and
    // installs a panic hook that restores the terminal before the report is
    // printed; a terminal it cannot set up is an error, not a panic.
    let mut terminal = ratatui::try_init()?;
    // Bracketed paste: a pasted note arrives as text and cannot submit a form.
    let _ = execute!(io::stdout(), EnableBracketedPaste);
    let result = event_loop(&mut terminal, app, &theme, event::read);
    let _ = execute!(io::stdout(), DisableBracketedPaste);
    ratatui::restore();
    result
}

/// Draws, waits for an event, applies it, and draws again: nothing is
/// redrawn without an event. Generic over the backend and the event source
/// so that tests can drive it.
pub fn event_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    theme: &Theme,
    mut next_event: impl FnMut() -> io::Result<Event>,
) -> io::Result<()>
where
    io::Error: From<B::Error>,
{
    let size = terminal.size()?;
    app.shell.list_rows = size.height.saturating_sub(ui::chrome_rows(app)) as usize;
    app.shell.screen_cols = size.width;
    terminal.draw(|f| ui::draw(f, app, theme))?;
    while !app.should_quit {
        match next_event()? {
            // Only presses: terminals that report releases must not act twice.
            Event::Key(key) if key.kind == KeyEventKind::Press => app.handle_key(key),
            Event::Paste(text) => app.handle_paste(&text),
            Event::Resize(width, height) => {
                app.shell.list_rows = height.saturating_sub(ui::chrome_rows(app)) as usize;
                app.shell.screen_cols = width;
                terminal.autoresize()?;
            }
            _ => continue,
        }
        terminal.draw(|f| ui::draw(f, app, theme))?;
    }
    Ok(())
}
