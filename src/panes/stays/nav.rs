//! How the movement keys move through the pane's lists (a [`ListCursor`])
//! and its views of text (a [`ViewScroll`]), and the bordered view of text
//! the stay and the totals are drawn in.

use std::cell::Cell;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::app::Action;
use crate::ui::fit;
use crate::ui::widgets::ListCursor;

/// Moves a list's cursor for a movement key; returns whether `action` was
/// one. `rows` is the number of the list's entries one page shows.
pub fn move_cursor(cursor: &mut ListCursor, action: Action, len: usize, rows: usize) -> bool {
    match action {
        Action::Up => cursor.up(len, rows),
        Action::Down => cursor.down(len, rows),
        Action::PageUp => cursor.page_up(len, rows),
        Action::PageDown => cursor.page_down(len, rows),
        Action::Top => cursor.home(len, rows),
        Action::Bottom => cursor.end(len, rows),
        _ => return false,
    }
    true
}

/// How far a view of text (a stay, the totals) is scrolled.
///
/// How many lines the view holds depends on the width its text is wrapped
/// at, which only the drawing knows, so a key only moves the offset and the
/// drawing clamps it. The drawing also notes what it showed (the clamped
/// offset's limit and the page height), so the next key moves from what the
/// user saw: Up after End scrolls at once, and a page is the page on screen.
#[derive(Debug, Clone, Default)]
pub struct ViewScroll {
    offset: usize,
    /// What the last drawing showed; only the drawing sets it.
    drawn: Cell<Option<Drawn>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Drawn {
    /// The largest offset that still fills the view.
    last: usize,
    /// Lines shown at once.
    height: usize,
}

impl ViewScroll {
    /// The first line to show, as the user last saw it (before any
    /// drawing: as moved).
    pub fn offset(&self) -> usize {
        match self.drawn.get() {
            Some(drawn) => self.offset.min(drawn.last),
            None => self.offset,
        }
    }

    /// Scrolls for a movement key; returns whether `action` was one.
    /// `page` is the page height to use until the view has been drawn.
    pub fn apply(&mut self, action: Action, page: usize) -> bool {
        let drawn = self.drawn.get();
        let last = drawn.map_or(usize::MAX, |d| d.last);
        let page = drawn.map_or(page, |d| d.height).max(1);
        let from = self.offset();
        self.offset = match action {
            Action::Up => from.saturating_sub(1),
            Action::Down => from.saturating_add(1).min(last),
            Action::PageUp => from.saturating_sub(page),
            Action::PageDown => from.saturating_add(page).min(last),
            Action::Top => 0,
            Action::Bottom => last,
            _ => return false,
        };
        true
    }

    /// The first line to show of `len` lines in a view of `height` lines:
    /// the offset clamped so the last line stays at the bottom. Notes what
    /// it showed for the next key.
    pub fn shown(&self, len: usize, height: usize) -> usize {
        let last = len.saturating_sub(height);
        self.drawn.set(Some(Drawn { last, height }));
        self.offset.min(last)
    }
}

/// A bordered view of lines with a title, scrolled by `scroll`; "↓ mere ↓"
/// on the bottom border while lines follow below.
pub fn draw_view(frame: &mut Frame, area: Rect, title: &str, lines: &[Line<'static>], scroll: &ViewScroll) {
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", fit(title, area.width.saturating_sub(4) as usize)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let visible = inner.height as usize;
    let offset = scroll.shown(lines.len(), visible);
    let shown: Vec<Line> = lines.iter().skip(offset).take(visible).cloned().collect();
    frame.render_widget(Paragraph::new(shown), inner);
    if offset + visible < lines.len() && inner.height > 0 && inner.width > 12 {
        let more = Rect { x: inner.x + inner.width - 12, y: inner.y + inner.height, width: 11, height: 1 };
        frame.render_widget(Paragraph::new(" ↓ mere ↓ "), more.intersection(area));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_scrolls_within_what_was_drawn() {
        let mut scroll = ViewScroll::default();
        // Before any drawing: moved as asked, clamped by the first drawing.
        assert!(scroll.apply(Action::Bottom, 10));
        assert_eq!(scroll.shown(30, 10), 20);
        assert_eq!(scroll.offset(), 20);
        // Up after End moves at once, from what was shown.
        scroll.apply(Action::Up, 10);
        assert_eq!(scroll.offset(), 19);
        scroll.apply(Action::PageDown, 3);
        assert_eq!(scroll.offset(), 20, "a page is the drawn height, stopped at the end");
        scroll.apply(Action::PageUp, 3);
        assert_eq!(scroll.offset(), 10);
        scroll.apply(Action::Top, 3);
        assert_eq!(scroll.offset(), 0);
        assert!(!scroll.apply(Action::OpenStay, 3));
        // A taller terminal: the same offset is clamped to the new end.
        scroll.apply(Action::Bottom, 3);
        assert_eq!(scroll.shown(30, 25), 5);
        // A view shorter than the screen never scrolls.
        assert_eq!(scroll.shown(4, 25), 0);
    }
}
