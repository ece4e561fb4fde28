//! The terminal session: set the terminal up, redraw on each event, and
//! always give the terminal back, on a panic too. The loop itself is the
//! stage's ([`crate::stage`]); the plain workbench is a stage with no tour,
//! no recorder and no mouse.

use std::io;
use std::time::Duration;

use crossterm::event::Event;
use ratatui::Terminal;
use ratatui::backend::Backend;

use crate::app::App;
use crate::stage::{self, Stage};
use crate::ui::Theme;

/// Runs the app on the real terminal until the user quits.
pub fn run(app: &mut App, theme: Theme) -> io::Result<()> {
    stage::run(app, theme, &mut Stage::default())
}

/// The plain workbench's loop (see [`stage::event_loop`]), generic over the
/// backend and the event source so that tests can drive it.
pub fn event_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    theme: &Theme,
    next_event: impl FnMut(Duration) -> io::Result<Option<Event>>,
) -> io::Result<()>
where
    B::Error: std::error::Error + Send + Sync + 'static,
{
    stage::event_loop(terminal, app, theme, &mut Stage::default(), next_event)
}
