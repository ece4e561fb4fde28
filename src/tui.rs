//! The terminal session: set the terminal up, redraw on each event, and
//! always give the terminal back, on a panic too.

use std::io;
use std::time::Duration;

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
    let next = |wait: Duration| if event::poll(wait)? { event::read().map(Some) } else { Ok(None) };
    let result = event_loop(&mut terminal, app, &theme, next);
    let _ = execute!(io::stdout(), DisableBracketedPaste);
    ratatui::restore();
    result
}

/// How long the loop waits for a key before it looks for others' changes.
const LOOK_EVERY: Duration = Duration::from_secs(1);

/// Draws, waits for an event, applies it, and draws again; with no event
/// for a second, it looks whether another counsellor changed the database
/// and redraws only if the pane loaded anything. Generic over the backend
/// and the event source (`None`: no event within the wait) so that tests
/// can drive it.
pub fn event_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    theme: &Theme,
    mut next_event: impl FnMut(Duration) -> io::Result<Option<Event>>,
) -> io::Result<()>
where
    io::Error: From<B::Error>,
{
    let size = terminal.size()?;
    app.shell.list_rows = size.height.saturating_sub(ui::chrome_rows(app)) as usize;
    app.shell.screen_cols = size.width;
    terminal.draw(|f| ui::draw(f, app, theme))?;
    while !app.should_quit {
        let Some(event) = next_event(LOOK_EVERY)? else {
            if app.tick() {
                terminal.draw(|f| ui::draw(f, app, theme))?;
            }
            continue;
        };
        match event {
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
