//! A keyset window over a long list: only the rows on screen are held,
//! with the list's length and the cursor over the whole list.
//!
//! A list of 100,000 courses need not be read to show 20 of them. The
//! window asks its [`PageSource`] for the rows it lacks by the key of a row
//! it holds (the sort key: "the 20 rows after this one"), never by an
//! OFFSET, which would read and throw away every row before the page. The
//! list keys move one row, one page or to an end, so the rows wanted are
//! always next to the rows held or at an end of the list, and a key is at
//! hand.
//!
//! The source is the pane's loader: it knows the order, the search, the
//! access rule and "only mine", and answers in SQL. A changed search or a
//! new order is a new source and a [`Window::reload`], which keeps the
//! selection on the same row (by its id) while the list still holds it.
//!
//! ```
//! use sagsbord::app::page::{PageRow, PageSource, Window};
//!
//! /// The numbers below `.0`, in order; a row is a number.
//! struct Numbers(u32);
//! #[derive(Clone, Copy)]
//! struct N(u32);
//! impl PageRow for N {
//!     type Key = u32;
//!     fn id(&self) -> i64 { i64::from(self.0) }
//!     fn key(&self) -> u32 { self.0 }
//! }
//! impl PageSource for Numbers {
//!     type Row = N;
//!     type Error = ();
//!     fn count(&self) -> Result<usize, ()> { Ok(self.0 as usize) }
//!     fn after(&self, key: Option<&u32>, n: usize) -> Result<Vec<N>, ()> {
//!         let from = key.map_or(0, |k| k + 1);
//!         Ok((from..self.0).take(n).map(N).collect())
//!     }
//!     fn before(&self, key: Option<&u32>, n: usize) -> Result<Vec<N>, ()> {
//!         let to = key.copied().unwrap_or(self.0);
//!         Ok((to.saturating_sub(n as u32)..to).map(N).collect())
//!     }
//!     fn locate(&self, id: i64) -> Result<Option<(usize, N)>, ()> {
//!         Ok(u32::try_from(id).ok().filter(|n| *n < self.0).map(|n| (n as usize, N(n))))
//!     }
//! }
//!
//! let mut window = Window::default();
//! window.reload(&Numbers(100_000), 10).unwrap();
//! window.page_down(&Numbers(100_000), 10).unwrap();
//! assert_eq!(window.selected().map(|n| n.0), Some(10));
//! assert_eq!(window.held(), 10);
//! ```

use std::ops::Range;

use super::Action;
use super::list_cursor::ListCursor;

/// A row of a paged list: what names it across a reload, and where it
/// stands in the list's order.
pub trait PageRow {
    /// The sort key: unique (a tie goes by the id), so "after this key"
    /// names exactly one place in the list.
    type Key: Clone;

    fn id(&self) -> i64;

    fn key(&self) -> Self::Key;
}

/// The list as the pane's loader reads it, each answer a fixed number of
/// queries whatever the list's length.
pub trait PageSource {
    type Row: PageRow;
    type Error;

    /// How many rows the list has.
    fn count(&self) -> Result<usize, Self::Error>;

    /// Up to `n` rows following `key` in the list's order (from the first
    /// row when `None`), in that order.
    fn after(&self, key: Option<&<Self::Row as PageRow>::Key>, n: usize) -> Result<Vec<Self::Row>, Self::Error>;

    /// Up to `n` rows just before `key` (the last `n` rows when `None`),
    /// in the list's order.
    fn before(&self, key: Option<&<Self::Row as PageRow>::Key>, n: usize) -> Result<Vec<Self::Row>, Self::Error>;

    /// Where the row `id` stands (its index in the list) and the row,
    /// if the list holds it.
    fn locate(&self, id: i64) -> Result<Option<(usize, Self::Row)>, Self::Error>;
}

/// The rows on screen, the list's length and the cursor. See the module
/// docs.
#[derive(Debug, Clone)]
pub struct Window<R> {
    rows: Vec<R>,
    /// The index in the list of `rows[0]`.
    start: usize,
    /// The list's length, or, until it is counted (see `counted`), the
    /// rows held: all a first screen shows.
    total: usize,
    /// Whether `total` is the list's length: false after
    /// [`Window::restart_uncounted`] left a full first screen uncounted.
    counted: bool,
    cursor: ListCursor,
}

impl<R> Default for Window<R> {
    fn default() -> Self {
        Window { rows: Vec::new(), start: 0, total: 0, counted: true, cursor: ListCursor::new() }
    }
}

impl<R: PageRow> Window<R> {
    /// How many rows the list has (as last counted); after
    /// [`Window::restart_uncounted`], until [`Window::count`], the rows of
    /// the first screen, which is all a screen of the list shows.
    pub fn len(&self) -> usize {
        self.total
    }

    /// Whether [`Window::len`] is the list's length.
    pub fn counted(&self) -> bool {
        self.counted
    }

    /// Counts the list, if a restart left it uncounted: before a key moves
    /// through it (every move counts first) or anything else asks how long
    /// it is.
    pub fn count<S: PageSource<Row = R>>(&mut self, source: &S) -> Result<(), S::Error> {
        if !self.counted {
            self.total = source.count()?;
            self.counted = true;
        }
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// How many rows are held: about a screen's worth.
    pub fn held(&self) -> usize {
        self.rows.len()
    }

    pub fn cursor(&self) -> &ListCursor {
        &self.cursor
    }

    /// The row at `index` in the list, if it is held (the rows on screen
    /// always are).
    pub fn row(&self, index: usize) -> Option<&R> {
        index.checked_sub(self.start).and_then(|i| self.rows.get(i))
    }

    /// The rows held (about a screen), in the list's order.
    pub fn rows(&self) -> impl Iterator<Item = &R> {
        self.rows.iter()
    }

    pub fn selected(&self) -> Option<&R> {
        self.cursor.selection(self.total).and_then(|i| self.row(i))
    }

    fn held_range(&self) -> Range<usize> {
        self.start..self.start + self.rows.len()
    }

    /// A list key (up, down, a page, the ends) moves the cursor and reads
    /// the rows that come into view. Returns whether the action was one of
    /// those; the rows held stay as they were when the read fails.
    pub fn navigate<S>(&mut self, action: Action, source: &S, view_rows: usize) -> Result<bool, S::Error>
    where
        S: PageSource<Row = R>,
    {
        self.count(source)?;
        let before = self.cursor;
        if !self.cursor.apply(action, self.total, view_rows) {
            return Ok(false);
        }
        if let Err(e) = self.fill(source, view_rows) {
            self.cursor = before;
            return Err(e);
        }
        Ok(true)
    }

    /// One page down (what Page Down does).
    pub fn page_down<S: PageSource<Row = R>>(&mut self, source: &S, view_rows: usize) -> Result<bool, S::Error> {
        self.navigate(Action::PageDown, source, view_rows)
    }

    /// Reads the list again (a change, a new search or order), keeping the
    /// selection on its row while the list holds it; a row that is gone
    /// leaves the selection on the row that followed it.
    pub fn reload<S: PageSource<Row = R>>(&mut self, source: &S, view_rows: usize) -> Result<(), S::Error> {
        let selected = self.cursor.selection(self.total).and_then(|i| self.row(i).map(|r| (i, r.id())));
        let mut anchor = None;
        if let Some((at, id)) = selected {
            // The selected row, else the first row after it still there.
            let after: Vec<i64> = self.rows.iter().skip(at - self.start).map(PageRow::id).collect();
            for id in std::iter::once(id).chain(after.into_iter().skip(1)) {
                if let Some(found) = source.locate(id)? {
                    anchor = Some(found);
                    break;
                }
            }
        }
        let total = source.count()?;
        self.counted = true;
        match anchor {
            Some((at, row)) => self.load_around(source, total, at, row, view_rows),
            None => {
                // Nothing to hold on to: the cursor stays at its place,
                // within the list, or at the top when nothing was selected.
                if selected.is_none() {
                    self.cursor = ListCursor::new();
                }
                self.total = total;
                self.rows.clear();
                self.cursor.clamp(total, view_rows);
                let want = self.cursor.window(total, view_rows);
                self.load_fresh(source, want)
            }
        }
    }

    /// Reads the list from its top (a search typed a character further):
    /// one page, and a count only when the page is full (a page that is
    /// not is the whole list), the selection kept only when its row is on
    /// that first screen. Finding the row further down would count the
    /// list once more for every character typed.
    pub fn restart<S: PageSource<Row = R>>(&mut self, source: &S, view_rows: usize) -> Result<(), S::Error> {
        self.restart_uncounted(source, view_rows)?;
        self.count(source)
    }

    /// [`Window::restart`] without the count: the first screen shows the
    /// same rows whatever the list's length, so a list whose count costs
    /// more than its page (a common letter typed over a long queue) counts
    /// only when a key moves through it or it is asked its length
    /// ([`Window::count`]).
    pub fn restart_uncounted<S: PageSource<Row = R>>(&mut self, source: &S, view_rows: usize) -> Result<(), S::Error> {
        let keep = self.selected().map(PageRow::id);
        let rows = source.after(None, view_rows)?;
        // A page that is not full is the whole list.
        let (total, counted) = (rows.len(), rows.len() < view_rows);
        let mut cursor = ListCursor::new();
        if let Some(at) = keep.and_then(|id| rows.iter().position(|r| r.id() == id)) {
            cursor.select(at, total, view_rows);
        }
        *self = Window { rows, start: 0, total, counted, cursor };
        Ok(())
    }

    /// Selects the row `id` if the list holds it; returns whether it did.
    pub fn select_id<S: PageSource<Row = R>>(
        &mut self,
        id: i64,
        source: &S,
        view_rows: usize,
    ) -> Result<bool, S::Error> {
        self.count(source)?;
        match source.locate(id)? {
            Some((at, row)) => {
                let total = self.total.max(at + 1);
                self.load_around(source, total, at, row, view_rows)?;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// The view around `row` at `at`, read by its key on both sides.
    fn load_around<S: PageSource<Row = R>>(
        &mut self,
        source: &S,
        total: usize,
        at: usize,
        row: R,
        view_rows: usize,
    ) -> Result<(), S::Error> {
        let mut cursor = self.cursor;
        cursor.select(at, total, view_rows);
        let want = cursor.window(total, view_rows);
        let key = row.key();
        let mut rows = source.before(Some(&key), at - want.start)?;
        let start = at - rows.len();
        rows.push(row);
        rows.extend(source.after(Some(&key), want.end.saturating_sub(at + 1))?);
        *self = Window { rows, start, total, counted: true, cursor };
        Ok(())
    }

    /// Reads the rows of the view that are not held, by the key of a held
    /// row next to them, or from an end.
    fn fill<S: PageSource<Row = R>>(&mut self, source: &S, view_rows: usize) -> Result<(), S::Error> {
        let want = self.cursor.window(self.total, view_rows);
        let held = self.held_range();
        if want.start >= held.start && want.end <= held.end {
            return Ok(());
        }
        if !self.rows.is_empty() && held.start <= want.start && want.start <= held.end {
            // Forward: keep the held rows in view, read on after the last.
            let last = self.rows.last().map(PageRow::key);
            let more = source.after(last.as_ref(), want.end - held.end)?;
            self.rows.drain(..want.start - held.start);
            self.rows.extend(more);
            self.start = want.start;
        } else if !self.rows.is_empty() && held.start <= want.end && want.end <= held.end {
            // Backward: read the rows before the first held.
            let first = self.rows.first().map(PageRow::key);
            let mut rows = source.before(first.as_ref(), held.start - want.start)?;
            let start = held.start - rows.len();
            rows.extend(self.rows.drain(..want.end - held.start));
            self.rows = rows;
            self.start = start;
        } else {
            self.load_fresh(source, want)?;
        }
        Ok(())
    }

    /// A view read from an end of the list: the top or the bottom (Home,
    /// End), or, for a view no held row touches, from the top with the
    /// cursor brought there.
    fn load_fresh<S: PageSource<Row = R>>(&mut self, source: &S, want: Range<usize>) -> Result<(), S::Error> {
        let n = want.len();
        if want.start > 0 && want.end == self.total {
            self.rows = source.before(None, n)?;
            self.start = self.total - self.rows.len();
        } else {
            if want.start > 0 {
                self.cursor = ListCursor::new();
            }
            self.rows = source.after(None, n)?;
            self.start = 0;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
