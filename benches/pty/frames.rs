//! When a frame on the vt100 screen is complete. ratatui writes a frame
//! top row first, so a frame is complete when its last parts are on the
//! screen: the pane's frame closed at its bottom border and the key line
//! (the last row).

/// The panes in the order of their number keys (`src/panes/mod.rs`).
pub const PANES: [&str; 6] = ["Indtag", "Planer", "Grupper", "Døgn", "Underretninger", "Rapporter"];

/// The number (1-6) of the pane whose tab is shown as the active one,
/// `[2 Planer]`.
pub fn active_pane(screen: &vt100::Screen) -> Option<usize> {
    let contents = screen.contents();
    let tabs = contents.lines().find(|l| l.contains("1 Indtag"))?;
    PANES.iter().enumerate().find(|(i, title)| tabs.contains(&format!("[{} {title}]", i + 1))).map(|(i, _)| i + 1)
}

/// The key line is drawn: the last row holds something (every screen names
/// at least one key there).
pub fn key_line_drawn(screen: &vt100::Screen) -> bool {
    let (rows, cols) = screen.size();
    !screen.contents_between(rows - 1, 0, rows - 1, cols).trim().is_empty()
}

/// The pane's bordered frame is drawn down to its bottom corner, on the
/// row above the status line.
pub fn pane_closed(screen: &vt100::Screen) -> bool {
    let (rows, cols) = screen.size();
    let row = screen.contents_between(rows - 3, 0, rows - 3, cols);
    row.starts_with('└') || row.starts_with('╰')
}

/// A whole frame of pane `pane` (1-6): its tab active, its frame closed
/// and the key line drawn.
pub fn pane_complete(screen: &vt100::Screen, pane: usize) -> bool {
    active_pane(screen) == Some(pane) && pane_closed(screen) && key_line_drawn(screen)
}

/// A key's frame: something on the screen changed (text or style, such
/// as the highlighted row) and the frame is whole again.
pub fn redrawn(before: &vt100::Screen, now: &vt100::Screen) -> bool {
    now.contents_formatted() != before.contents_formatted() && pane_closed(now) && key_line_drawn(now)
}
