//! The scroll position of a long view (an open case, a stay, a plan): the
//! first row shown. How many rows the view has is known only when it is
//! drawn at the terminal's width, so the drawing records the furthest the
//! view can scroll, and the keys clamp to what it recorded: a key past the
//! end does nothing, and the first key back moves at once.

use std::cell::Cell;

use super::Action;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scroll {
    offset: usize,
    /// The largest offset at the last draw (rows of the view less the rows
    /// shown); written while drawing.
    max: Cell<usize>,
}

impl Scroll {
    /// The first row to show, for a view of `total` rows in `rows` rows;
    /// records how far the view can scroll.
    pub fn top(&self, total: usize, rows: usize) -> usize {
        let max = total.saturating_sub(rows);
        self.max.set(max);
        self.offset.min(max)
    }

    /// Whether rows are hidden above / below at the last draw.
    pub fn more(&self) -> (bool, bool) {
        let top = self.offset.min(self.max.get());
        (top > 0, top < self.max.get())
    }

    /// Scrolls by one of the list actions, a page being `page` rows.
    /// Returns whether `action` was one of them.
    pub fn apply(&mut self, action: Action, page: usize) -> bool {
        let max = self.max.get();
        let at = self.offset.min(max);
        self.offset = match action {
            Action::Up => at.saturating_sub(1),
            Action::Down => (at + 1).min(max),
            Action::PageUp => at.saturating_sub(page.max(1)),
            Action::PageDown => (at + page.max(1)).min(max),
            Action::Top => 0,
            Action::Bottom => max,
            _ => return false,
        };
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_past_the_end_do_nothing_and_the_first_key_back_moves() {
        let mut s = Scroll::default();
        assert_eq!(s.top(30, 10), 0);
        for _ in 0..50 {
            s.apply(Action::Down, 10);
        }
        assert_eq!(s.top(30, 10), 20);
        s.apply(Action::Up, 10);
        assert_eq!(s.top(30, 10), 19);
        s.apply(Action::Bottom, 10);
        s.apply(Action::PageUp, 10);
        assert_eq!(s.top(30, 10), 10);
        assert_eq!(s.more(), (true, true));
        s.apply(Action::Top, 10);
        assert_eq!(s.more(), (false, true));
    }

    #[test]
    fn a_view_that_fits_does_not_scroll_and_a_shrunk_one_clamps_when_drawn() {
        let mut s = Scroll::default();
        assert_eq!(s.top(5, 10), 0);
        assert!(s.apply(Action::PageDown, 10));
        assert_eq!(s.top(5, 10), 0);
        assert_eq!(s.more(), (false, false));
        s.top(100, 10);
        s.apply(Action::Bottom, 10);
        assert_eq!(s.top(40, 10), 30);
        assert!(!s.apply(Action::Submit, 10));
    }
}
