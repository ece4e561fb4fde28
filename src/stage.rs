//! What plays around the app on the terminal: a guided tour with its
//! caption box, the recorder of a trainer's keys, and the mouse when the
//! user turned it on. The plain workbench is a stage with none of them
//! ([`crate::tui::run`]).

use std::io;
use std::time::{Duration, Instant};

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event, KeyEventKind,
    MouseButton, MouseEvent, MouseEventKind,
};
use crossterm::execute;
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::app::{Action, App, StatusKind};
use crate::tour::player::{After, Player};
use crate::tour::recorder::Recorder;
use crate::ui::{self, Theme};

/// How long the loop waits for a key before it looks for others' changes.
const LOOK_EVERY: Duration = Duration::from_secs(1);

/// How long the loop waits for a key while the pane on screen computes in
/// the background: its result is drawn this soon after it comes.
const LOOK_WHILE_BUSY: Duration = Duration::from_millis(25);

/// The most rows the caption box takes (with its borders).
const CAPTION_MAX_ROWS: u16 = 7;

#[derive(Default)]
pub struct Stage {
    pub tour: Option<Player>,
    pub recorder: Option<Recorder>,
    /// Mouse capture: off unless the user asked (it stops the terminal's own
    /// selection of text, which copying over SSH needs).
    pub mouse: bool,
    /// Where the app was drawn, and the row of its selected list line.
    drawn: Option<(Rect, Option<u16>)>,
}

impl Stage {
    /// A stage with the mouse on or off and nothing else.
    pub fn with_mouse(mouse: bool) -> Stage {
        Stage { mouse, ..Stage::default() }
    }
}

/// Runs the app on the real terminal, with what the stage holds, until the
/// user quits.
pub fn run(app: &mut App, theme: Theme, stage: &mut Stage) -> io::Result<()> {
    // ratatui::try_init enters raw mode and the alternate screen, and
    // installs a panic hook that restores the terminal before the report is
    // printed; a terminal it cannot set up is an error, not a panic.
    let mut terminal = ratatui::try_init()?;
    // Bracketed paste: a pasted note arrives as text and cannot submit a form.
    let _ = execute!(io::stdout(), EnableBracketedPaste);
    if stage.mouse {
        let _ = execute!(io::stdout(), EnableMouseCapture);
    }
    let next = |wait: Duration| if event::poll(wait)? { event::read().map(Some) } else { Ok(None) };
    let result = event_loop(&mut terminal, app, &theme, stage, next);
    if stage.mouse {
        let _ = execute!(io::stdout(), DisableMouseCapture);
    }
    let _ = execute!(io::stdout(), DisableBracketedPaste);
    ratatui::restore();
    result
}

/// Draws, waits for an event or the tour's next key, applies it, and draws
/// again; with nothing for a second, looks for others' changes as the
/// plain workbench does. Generic over the backend and the event source so
/// that tests can drive it.
pub fn event_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    theme: &Theme,
    stage: &mut Stage,
    mut next_event: impl FnMut(Duration) -> io::Result<Option<Event>>,
) -> io::Result<()>
where
    B::Error: std::error::Error + Send + Sync + 'static,
{
    app.looks_after_frame = true;
    draw(terminal, app, theme, stage)?;
    // The tab bar's counts follow the first frame rather than delay it.
    if app.recount() {
        draw(terminal, app, theme, stage)?;
    }
    while !app.should_quit {
        let now = Instant::now();
        let look = if app.busy() { LOOK_WHILE_BUSY } else { LOOK_EVERY };
        let wait = stage.tour.as_ref().and_then(|t| t.wait(now)).map_or(look, |w| w.min(look));
        let Some(event) = next_event(wait)? else {
            let played = stage.tour.as_mut().is_some_and(|t| t.on_time(app, Instant::now()));
            // The others' changes are looked for about once a second, as
            // ever; a background result as soon as it comes.
            let busy = app.busy();
            let arrived = app.poll();
            let looked = (!busy || arrived) && app.tick();
            let counted = !busy && app.recount();
            if played | arrived | looked | counted {
                draw(terminal, app, theme, stage)?;
            }
            continue;
        };
        match event {
            // Only presses: terminals that report releases must not act twice.
            Event::Key(key) if key.kind == KeyEventKind::Press => match &mut stage.tour {
                Some(player) => {
                    if player.on_key(app, key, Instant::now()) == After::TakeOver {
                        stage.tour = None;
                        app.set_status(StatusKind::Info, crate::text::tour::TAKEN_OVER);
                    }
                }
                None => {
                    if let Some(recorder) = &mut stage.recorder {
                        recorder.key(key, Instant::now());
                    }
                    app.handle_key(key);
                }
            },
            Event::Paste(text) if stage.tour.is_none() => app.handle_paste(&text),
            Event::Mouse(mouse) if stage.mouse && stage.tour.is_none() => {
                if !click(app, stage, mouse) {
                    continue;
                }
            }
            Event::Resize(..) => terminal.autoresize().map_err(io::Error::other)?,
            _ => continue,
        }
        app.poll();
        // A session started again (the demo's fresh start) counts at once.
        if !app.badges.counted() {
            app.recount();
        }
        draw(terminal, app, theme, stage)?;
    }
    Ok(())
}

/// Draws the app above the caption box, if a tour plays, and notes where
/// the selected list line is (for a click).
fn draw<B: Backend>(terminal: &mut Terminal<B>, app: &mut App, theme: &Theme, stage: &mut Stage) -> io::Result<()>
where
    B::Error: std::error::Error + Send + Sync + 'static,
{
    let size = terminal.size().map_err(io::Error::other)?;
    let full = Rect::new(0, 0, size.width, size.height);
    let caption_rows = stage.tour.as_ref().map_or(0, |t| caption_rows(t, size.width));
    let [app_area, caption_area] = Layout::vertical([Constraint::Min(0), Constraint::Length(caption_rows)]).areas(full);
    app.set_list_rows(app_area.height.saturating_sub(ui::chrome_rows(app)) as usize);
    app.shell.screen_cols = size.width;
    let frame = terminal
        .draw(|f| {
            ui::draw_in(f, app_area, app, theme);
            if let Some(player) = &stage.tour {
                draw_caption(f, caption_area, player, theme);
            }
        })
        .map_err(io::Error::other)?;
    stage.drawn = Some((app_area, selected_row(frame.buffer, app_area)));
    // The list a pane switch brought on screen is shown: its look is
    // recorded now, before the next key.
    app.record_pending_look();
    Ok(())
}

/// The caption's rows: its wrapped lines and the two borders, at most
/// [`CAPTION_MAX_ROWS`].
fn caption_rows(player: &Player, width: u16) -> u16 {
    let inner = width.saturating_sub(4).max(10) as usize;
    let lines: usize = player.caption().lines().map(|l| l.chars().count().div_ceil(inner).max(1)).sum();
    (lines as u16 + 2).min(CAPTION_MAX_ROWS)
}

fn draw_caption(frame: &mut ratatui::Frame, area: Rect, player: &Player, theme: &Theme) {
    let block = Block::default()
        .borders(Borders::ALL)
        .title(player.heading())
        .title_bottom(crate::text::tour::CONTROLS)
        .border_style(theme.accent());
    let caption = Paragraph::new(player.caption()).style(theme.bold()).wrap(Wrap { trim: false }).block(block);
    frame.render_widget(caption, area);
}

/// The first row under the tab bar with a selected (reversed) cell: the
/// list's selected line.
fn selected_row(buffer: &Buffer, area: Rect) -> Option<u16> {
    let area = area.intersection(buffer.area);
    (area.top() + 1..area.bottom())
        .find(|&y| (area.left()..area.right()).any(|x| buffer[(x, y)].modifier.contains(Modifier::REVERSED)))
}

/// A click on a list line selects it (the cursor moves there by the list's
/// own keys, so paging and loading stay the pane's); the wheel moves the
/// cursor. Not over a form, the help or the find. Returns whether anything
/// was done.
fn click(app: &mut App, stage: &Stage, mouse: MouseEvent) -> bool {
    if app.help || app.find.is_some() || app.form().is_some() {
        return false;
    }
    match mouse.kind {
        MouseEventKind::ScrollDown => app.update(Action::Down),
        MouseEventKind::ScrollUp => app.update(Action::Up),
        MouseEventKind::Down(MouseButton::Left) => {
            let Some((area, Some(selected))) = stage.drawn else { return false };
            if mouse.row <= area.top() || mouse.row >= area.bottom() {
                return false;
            }
            let (action, steps) = if mouse.row > selected {
                (Action::Down, mouse.row - selected)
            } else {
                (Action::Up, selected - mouse.row)
            };
            for _ in 0..steps {
                app.update(action);
            }
            return steps > 0;
        }
        _ => return false,
    }
    true
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use ratatui::backend::TestBackend;

    use super::*;
    use crate::store::{Store, exchange};

    fn sample_app() -> App {
        let file = exchange::parse(include_str!("../sample-data/centre.json")).unwrap();
        let mut store = Store::open_in_memory("dennis").unwrap();
        store.import(&file).unwrap();
        App::new(store, file.sample_today.unwrap(), crate::app::keymap::load(None).0).unwrap()
    }

    fn click_at(row: u16) -> Event {
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: 10,
            row,
            modifiers: KeyModifiers::NONE,
        })
    }

    /// Runs the loop over `events` (then `q`) and returns the row the
    /// selected line is drawn on at the end.
    fn selected_after(mouse: bool, events: Vec<Event>) -> Option<u16> {
        let mut app = sample_app();
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
        let mut stage = Stage::with_mouse(mouse);
        let mut events = events.into_iter().chain([Event::Key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE))]);
        event_loop(&mut terminal, &mut app, &Theme::plain(), &mut stage, |_| Ok(events.next())).unwrap();
        stage.drawn.and_then(|(_, row)| row)
    }

    #[test]
    fn with_the_mouse_on_a_click_selects_the_line_and_the_wheel_moves_it() {
        let first = selected_after(true, vec![]).expect("a selected line");
        assert_eq!(selected_after(true, vec![click_at(first + 3)]), Some(first + 3));
        assert_eq!(selected_after(true, vec![click_at(first + 3), click_at(first + 1)]), Some(first + 1));
        let wheel = Event::Mouse(MouseEvent {
            kind: MouseEventKind::ScrollDown,
            column: 0,
            row: 0,
            modifiers: KeyModifiers::NONE,
        });
        assert_eq!(selected_after(true, vec![wheel.clone(), wheel]), Some(first + 2));
    }

    /// The terminal's loop draws a pane switch's frame before it records
    /// the look at the list (the audit row's sync to disk would delay the
    /// frame), and records it before it waits for the next key.
    #[test]
    fn a_pane_switch_records_its_look_after_its_frame_and_before_the_next_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("centre.db");
        let file = exchange::parse(include_str!("../sample-data/centre.json")).unwrap();
        let mut store = Store::open_with(&path, "dennis", crate::store::Opening::CREATE).unwrap();
        store.import(&file).unwrap();
        let mut app = App::new(store, file.sample_today.unwrap(), crate::app::keymap::load(None).0).unwrap();
        let stays_looks = || -> i64 {
            rusqlite::Connection::open(&path)
                .unwrap()
                .query_row("SELECT count(*) FROM audit WHERE action = 'list' AND detail LIKE 'Døgn:%'", [], |r| {
                    r.get(0)
                })
                .unwrap()
        };
        let key = |c| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
        let mut asked = 0;
        let mut seen = Vec::new();
        event_loop(&mut terminal, &mut app, &Theme::plain(), &mut Stage::default(), |_| {
            asked += 1;
            seen.push(stays_looks());
            Ok(Some(key(match asked {
                1 => '4',
                _ => 'q',
            })))
        })
        .unwrap();
        assert_eq!(seen, vec![0, 1], "no look at Døgn before the switch, one after its frame");
        assert!(app.showing::<crate::panes::stays::StaysPane>());
    }

    #[test]
    fn with_the_mouse_off_a_click_does_nothing() {
        let first = selected_after(false, vec![]).expect("a selected line");
        assert_eq!(selected_after(false, vec![click_at(first + 3)]), Some(first));
    }
}
