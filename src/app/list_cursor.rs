//! The cursor of a list: which row is selected and which row is at the top
//! of the view.
//!
//! The offset is sticky: it moves only as far as it must to keep the
//! selection in view. Moving up from the bottom row therefore moves the
//! highlight up the screen instead of scrolling the list under a highlight
//! pinned to the last row (what `offset = selected - (rows - 1)`, recomputed
//! every frame, does).
//!
//! Every method takes the list's current length and the number of rows the
//! view shows, so the cursor never holds a stale length: when the list
//! shrinks (a filter, a reload) or the terminal is resized, the next call
//! clamps both numbers. [`ListCursor::window`] gives the rows to draw without
//! changing anything, so drawing code that only has `&self` is always right
//! even if the state was not clamped since the last change.
//!
//! The cursor is plain state with no drawing in it; an app view holds one per
//! list:
//!
//! ```
//! use sagsbord::ui::widgets::ListCursor;
//!
//! let mut cursor = ListCursor::default();
//! let (len, rows) = (100, 10);
//! cursor.page_down(len, rows);
//! assert_eq!(cursor.selected(), 10);
//! cursor.up(len, rows);
//! assert_eq!(cursor.selected(), 9);
//! assert_eq!(cursor.window(len, rows), 9..19);
//! ```

use std::ops::Range;

use super::Action;

/// A list's selection and the first row shown. See the module docs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListCursor {
    selected: usize,
    offset: usize,
}

impl ListCursor {
    /// A cursor on the first row, at the top.
    pub const fn new() -> ListCursor {
        ListCursor { selected: 0, offset: 0 }
    }

    /// Moves by one of the list actions (up, down, page up and down, top,
    /// bottom), the one way every list of every pane moves. Returns whether
    /// `action` was one of them.
    pub fn apply(&mut self, action: Action, len: usize, rows: usize) -> bool {
        match action {
            Action::Up => self.up(len, rows),
            Action::Down => self.down(len, rows),
            Action::PageUp => self.page_up(len, rows),
            Action::PageDown => self.page_down(len, rows),
            Action::Top => self.home(len, rows),
            Action::Bottom => self.end(len, rows),
            _ => return false,
        }
        true
    }

    /// The selected row. Meaningful only when the list is not empty; an
    /// empty list has the cursor at 0.
    pub const fn selected(&self) -> usize {
        self.selected
    }

    /// The selected row of a list of `len` rows, `None` when it is empty.
    pub fn selection(&self, len: usize) -> Option<usize> {
        (len > 0).then(|| self.selected.min(len - 1))
    }

    /// The first row shown, as last stored. Use [`ListCursor::window`] to
    /// draw: it is right even if the list changed since.
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// One row up; stays on the first row.
    pub fn up(&mut self, len: usize, rows: usize) {
        self.move_to(self.selected.saturating_sub(1), len, rows);
    }

    /// One row down; stays on the last row.
    pub fn down(&mut self, len: usize, rows: usize) {
        self.move_to(self.selected.saturating_add(1), len, rows);
    }

    /// A page up: the selection and the view move a whole view's height,
    /// so the selected row stays at the same place on the screen until the
    /// top is reached.
    pub fn page_up(&mut self, len: usize, rows: usize) {
        let page = rows.max(1);
        self.offset = self.offset.saturating_sub(page);
        self.move_to(self.selected.saturating_sub(page), len, rows);
    }

    /// A page down, the mirror of [`ListCursor::page_up`]; at the end the
    /// last row is selected.
    pub fn page_down(&mut self, len: usize, rows: usize) {
        let page = rows.max(1);
        self.offset = self.offset.saturating_add(page);
        self.move_to(self.selected.saturating_add(page), len, rows);
    }

    /// The first row, at the top.
    pub fn home(&mut self, len: usize, rows: usize) {
        self.offset = 0;
        self.move_to(0, len, rows);
    }

    /// The last row, with the view's last page shown.
    pub fn end(&mut self, len: usize, rows: usize) {
        self.offset = usize::MAX;
        self.move_to(len.saturating_sub(1), len, rows);
    }

    /// Selects `index` (clamped to the list), scrolling only if it is out
    /// of view: for "keep the selection on the same case" after a reload.
    pub fn select(&mut self, index: usize, len: usize, rows: usize) {
        self.move_to(index, len, rows);
    }

    /// Brings the cursor within a list that changed length or a view that
    /// changed height: the selection moves to the last row if that row is
    /// gone, and the view does not leave empty rows under the list's end.
    pub fn clamp(&mut self, len: usize, rows: usize) {
        self.move_to(self.selected, len, rows);
    }

    /// The rows to draw: `window.start` is the first row shown, and the
    /// selection is within the window. Changes nothing.
    pub fn window(&self, len: usize, rows: usize) -> Range<usize> {
        let mut view = *self;
        view.clamp(len, rows);
        view.offset..(view.offset + rows.max(1)).min(len)
    }

    fn move_to(&mut self, index: usize, len: usize, rows: usize) {
        if len == 0 {
            *self = ListCursor::new();
            return;
        }
        let rows = rows.max(1);
        self.selected = index.min(len - 1);
        // Never more empty rows under the end than the list requires.
        self.offset = self.offset.min(len.saturating_sub(rows));
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + rows {
            self.offset = self.selected + 1 - rows;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(selected: usize, offset: usize) -> ListCursor {
        ListCursor { selected, offset }
    }

    #[test]
    fn down_scrolls_only_when_the_selection_leaves_the_view() {
        let mut c = ListCursor::new();
        for _ in 0..4 {
            c.down(20, 5);
        }
        assert_eq!(c, at(4, 0));
        c.down(20, 5);
        assert_eq!(c, at(5, 1));
        for _ in 0..30 {
            c.down(20, 5);
        }
        assert_eq!(c, at(19, 15));
    }

    #[test]
    fn up_moves_the_highlight_up_the_screen_instead_of_pinning_it_to_the_bottom() {
        let mut c = ListCursor::new();
        c.end(20, 5);
        assert_eq!(c, at(19, 15));
        c.up(20, 5);
        // The old arithmetic gave offset 18 - 4 = 14: the list scrolled and
        // the highlight stayed on the bottom row.
        assert_eq!(c, at(18, 15));
        assert_eq!(c.window(20, 5), 15..20);
        for _ in 0..3 {
            c.up(20, 5);
        }
        assert_eq!(c, at(15, 15));
        c.up(20, 5);
        assert_eq!(c, at(14, 14));
        for _ in 0..30 {
            c.up(20, 5);
        }
        assert_eq!(c, at(0, 0));
    }

    #[test]
    fn pages_keep_the_row_on_screen_and_stop_at_the_ends() {
        let mut c = ListCursor::new();
        c.down(23, 5);
        c.down(23, 5);
        c.page_down(23, 5);
        assert_eq!(c, at(7, 5));
        c.page_down(23, 5);
        assert_eq!(c, at(12, 10));
        c.page_down(23, 5);
        assert_eq!(c, at(17, 15));
        // The last page: the view stops at the end, the selection goes on.
        c.page_down(23, 5);
        assert_eq!(c, at(22, 18));
        c.page_down(23, 5);
        assert_eq!(c, at(22, 18));
        c.page_up(23, 5);
        assert_eq!(c, at(17, 13));
        c.page_up(23, 5);
        c.page_up(23, 5);
        assert_eq!(c, at(7, 3));
        c.page_up(23, 5);
        assert_eq!(c, at(2, 0));
        c.page_up(23, 5);
        assert_eq!(c, at(0, 0));
    }

    #[test]
    fn home_and_end() {
        let mut c = ListCursor::new();
        c.end(8, 3);
        assert_eq!(c, at(7, 5));
        assert_eq!(c.window(8, 3), 5..8);
        c.home(8, 3);
        assert_eq!(c, at(0, 0));
        assert_eq!(c.window(8, 3), 0..3);
    }

    #[test]
    fn an_empty_list_has_no_selection_and_every_move_is_harmless() {
        let mut c = at(4, 2);
        for step in [
            ListCursor::up,
            ListCursor::down,
            ListCursor::page_up,
            ListCursor::page_down,
            ListCursor::home,
            ListCursor::end,
            ListCursor::clamp,
        ] {
            step(&mut c, 0, 5);
            assert_eq!(c, at(0, 0));
            assert_eq!(c.window(0, 5), 0..0);
            assert_eq!(c.selection(0), None);
        }
    }

    #[test]
    fn a_list_of_one_row_stays_on_it() {
        let mut c = ListCursor::new();
        for step in [ListCursor::down, ListCursor::page_down, ListCursor::end, ListCursor::up, ListCursor::page_up] {
            step(&mut c, 1, 5);
            assert_eq!(c, at(0, 0));
            assert_eq!(c.window(1, 5), 0..1);
            assert_eq!(c.selection(1), Some(0));
        }
    }

    #[test]
    fn a_list_shorter_than_the_view_never_scrolls() {
        let mut c = ListCursor::new();
        c.page_down(4, 10);
        assert_eq!(c, at(3, 0));
        c.end(4, 10);
        assert_eq!(c, at(3, 0));
        c.up(4, 10);
        c.page_up(4, 10);
        assert_eq!(c, at(0, 0));
        assert_eq!(c.window(4, 10), 0..4);
    }

    #[test]
    fn a_shrinking_list_clamps_the_selection_and_leaves_no_empty_rows() {
        let mut c = ListCursor::new();
        c.end(50, 10);
        assert_eq!(c, at(49, 40));
        // A filter leaves 12 rows: the last one is selected, the view shows
        // the last page without rows of nothing under it.
        assert_eq!(c.window(12, 10), 2..12);
        assert_eq!(c.selection(12), Some(11));
        c.clamp(12, 10);
        assert_eq!(c, at(11, 2));
        // It shrinks below the view: no scrolling at all.
        c.clamp(3, 10);
        assert_eq!(c, at(2, 0));
        // A selection that is still there stays put, and so does the view.
        let mut c = at(5, 3);
        c.clamp(30, 10);
        assert_eq!(c, at(5, 3));
    }

    #[test]
    fn a_shorter_view_keeps_the_selection_in_it() {
        let mut c = at(9, 0);
        assert_eq!(c.window(40, 5), 5..10);
        c.clamp(40, 5);
        assert_eq!(c, at(9, 5));
        // A view of no rows is treated as one row.
        assert_eq!(c.window(40, 0), 9..10);
        c.down(40, 0);
        assert_eq!(c, at(10, 10));
    }

    #[test]
    fn select_scrolls_only_when_the_row_is_out_of_view() {
        let mut c = at(12, 10);
        c.select(14, 40, 5);
        assert_eq!(c, at(14, 10));
        c.select(30, 40, 5);
        assert_eq!(c, at(30, 26));
        c.select(2, 40, 5);
        assert_eq!(c, at(2, 2));
        c.select(99, 40, 5);
        assert_eq!(c, at(39, 35));
    }
}
