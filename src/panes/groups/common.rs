//! What the screens share: moving a list's cursor, saying that something
//! could not be read, and the pieces every screen is drawn with.
//!
//! Every list is a [`ListCursor`] drawn by a [`DataTable`]. The keys need
//! the rows a list shows to move it as the user sees it (a group's head or
//! the ledger's reconciliation takes rows from its list), so each screen
//! lays itself out by one function that both its drawing and its keys use:
//! the keys lay it out in [`inner`], the area the shell last measured.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::Step;
use crate::app::list_cursor::ListCursor;
use crate::app::{Action, Shell, StatusKind};
use crate::store::StoreError;
use crate::ui::Theme;
use crate::ui::widgets::{Column, DataTable};

/// A key that cannot act here: the status line says why.
pub(super) fn warn(sh: &mut Shell, message: &str) -> Step {
    sh.set_status(StatusKind::Warning, message);
    Step::Stay
}

/// What could not be read, and the store's reason.
pub(super) fn not_loaded(what: &str, e: StoreError) -> String {
    format!("{what} {e}")
}

/// A screen that could not be opened: the status line says why, and the
/// screen under stays.
pub(super) fn open_failed(sh: &mut Shell, why: String) -> Step {
    sh.set_status(StatusKind::Error, why);
    Step::Stay
}

/// Two reads' failures, said together.
pub(super) fn both(a: Result<(), String>, b: Result<(), String>) -> Result<(), String> {
    match (a, b) {
        (Ok(()), Ok(())) => Ok(()),
        (Err(a), Err(b)) => Err(format!("{a} {b}")),
        (Err(e), Ok(())) | (Ok(()), Err(e)) => Err(e),
    }
}

/// A bordered block with a title; returns the inner area.
pub(super) fn frame_block(frame: &mut Frame, area: Rect, title: String) -> Rect {
    let block = Block::default().borders(Borders::ALL).title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// The inside of a screen's border at the terminal size the shell last
/// measured: the pane's area less its border (`list_rows` counts the rows
/// under a one-row head and a row of column titles).
pub(super) fn inner(sh: &Shell) -> Rect {
    let height = u16::try_from(sh.list_rows + 2).unwrap_or(u16::MAX);
    Rect::new(0, 0, sh.screen_cols.saturating_sub(2), height)
}

/// A screen's head of `head` rows over its table, which takes the rest.
pub(super) fn head_and_table(inner: Rect, head: u16) -> [Rect; 2] {
    Layout::vertical([Constraint::Length(head), Constraint::Min(1)]).areas(inner)
}

/// A list as this pane draws it: bold column titles, the selected row
/// reversed (so it shows without colour), and what an empty list says.
pub(super) fn table<'a>(columns: &'a [Column], empty: &str, theme: &Theme) -> DataTable<'a> {
    DataTable::new(columns).header_style(theme.bold()).selected_style(theme.selected()).empty(empty, theme.dim())
}

/// The rows of its list a table shows in `area`.
pub(super) fn list_rows(columns: &[Column], area: Rect) -> usize {
    DataTable::new(columns).body_rows(area)
}

/// Moves `cursor` by a list key over a list of `len` rows shown `rows` at a
/// time. A row that `skip` names cannot be selected (the line that keeps
/// the anonymous group apart, a problem under its roll-call line): the
/// cursor goes on past it, the way it was going, or back at the list's
/// end. Returns whether `action` was a list key.
pub(super) fn move_cursor(
    cursor: &mut ListCursor,
    action: Action,
    len: usize,
    rows: usize,
    skip: impl Fn(usize) -> bool,
) -> bool {
    if !cursor.apply(action, len, rows) {
        return false;
    }
    if len > 0 && skip(cursor.selected()) {
        let upwards = matches!(action, Action::Up | Action::PageUp) && cursor.selected() > 0;
        if upwards {
            cursor.up(len, rows);
        } else {
            cursor.down(len, rows);
        }
        if skip(cursor.selected()) {
            cursor.up(len, rows);
        }
    }
    true
}

/// Keeps `cursor` on the record `id` in a list read again (scrolling only
/// if its row is out of view); if it is gone, the cursor stays where it
/// was, within the list.
pub(super) fn keep_on<T>(
    cursor: &mut ListCursor,
    lines: &[T],
    id: Option<i64>,
    id_of: impl Fn(&T) -> i64,
    rows: usize,
) {
    match id.and_then(|id| lines.iter().position(|l| id_of(l) == id)) {
        Some(at) => cursor.select(at, lines.len(), rows),
        None => cursor.clamp(lines.len(), rows),
    }
}

/// Draws `line` across row `row` of a list that `table` draws in `area`
/// with `cursor`, if the row is in view: a line that is no record and
/// spans the columns (a separator, a problem under its line).
pub(super) fn across(
    frame: &mut Frame,
    table: &DataTable,
    area: Rect,
    cursor: &ListCursor,
    len: usize,
    row: usize,
    line: Line<'static>,
) {
    let body = table.body_rows(area);
    let window = cursor.window(len, body);
    if !window.contains(&row) {
        return;
    }
    let head = area.height.saturating_sub(u16::try_from(body).unwrap_or(u16::MAX));
    let y = area.y + head + u16::try_from(row - window.start).unwrap_or(u16::MAX);
    let at = Rect { y, height: 1, ..area }.intersection(area);
    frame.render_widget(Clear, at);
    frame.render_widget(Paragraph::new(line), at);
}
