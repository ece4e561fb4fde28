//! The pane's area as the key handling sees it: a list's cursor moves by
//! the rows its table shows, so the keys measure the screen the way the
//! drawing will.

use ratatui::layout::Rect;

use crate::app::Shell;

/// Rows the shell takes from the screen around a pane: the tab bar, the
/// status line and the key line (`crate::ui::draw`).
const SHELL_ROWS: u16 = 3;

/// The pane's area on the last screen size, as `crate::ui::draw` gives it.
/// `list_rows` is the screen's height less `CHROME_ROWS`.
pub(super) fn pane_area(sh: &Shell) -> Rect {
    let height = (sh.list_rows as u16).saturating_add(crate::ui::CHROME_ROWS).saturating_sub(SHELL_ROWS);
    Rect::new(0, 0, sh.screen_cols, height)
}
