//! What the screens share: moving the selection in a list, saying that
//! something could not be read, and the pieces every screen is drawn with.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, Borders};

use super::Step;
use crate::app::{Action, Shell, StatusKind};
use crate::store::StoreError;
use crate::ui::Theme;

/// Moves `selected` in a list of `len` rows if `action` moves (a row, a
/// page, to the top or the bottom). Returns whether it was a movement.
pub(super) fn move_selection(selected: &mut usize, len: usize, action: Action, sh: &Shell) -> bool {
    let page = sh.list_rows.max(1) as isize;
    let by = match action {
        Action::Up => -1,
        Action::Down => 1,
        Action::PageUp => -page,
        Action::PageDown => page,
        Action::Top => isize::MIN / 2,
        Action::Bottom => isize::MAX / 2,
        _ => return false,
    };
    *selected = match len {
        0 => 0,
        _ => (*selected as isize).saturating_add(by).clamp(0, len as isize - 1) as usize,
    };
    true
}

/// The selection kept on the row with `id` after a list is read again;
/// else at the same place, within the list.
pub(super) fn keep_selection<T>(rows: &[T], id: Option<i64>, id_of: impl Fn(&T) -> i64, selected: usize) -> usize {
    id.and_then(|id| rows.iter().position(|r| id_of(r) == id)).unwrap_or(selected.min(rows.len().saturating_sub(1)))
}

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

/// The first row of a list shown in `rows` rows, keeping `selected` in view.
pub(super) fn offset(selected: usize, rows: usize) -> usize {
    selected.saturating_sub(rows.saturating_sub(1))
}

pub(super) fn pointer(selected: bool) -> &'static str {
    if selected { "› " } else { "  " }
}

pub(super) fn base(selected: bool, theme: &Theme) -> Style {
    if selected { theme.selected() } else { Style::default() }
}
