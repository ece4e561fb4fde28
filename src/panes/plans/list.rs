//! The call list: the rows as loaded, the rows the search lets through and
//! the cursor over those (the board is read a page at a time instead, by
//! `app::page`); the search and "only mine" are the pane's, for both.

use crate::app::Action;
use crate::domain::intake::Case;
use crate::domain::plan::CallEntry;
use crate::ui::widgets::ListCursor;

/// A row the search finds by its case, and the cursor keeps hold of across
/// a reload by its id.
pub trait Row {
    /// What names the row across a reload: the case on the board, the call
    /// on the call list (a case may have two calls open).
    fn id(&self) -> i64;

    fn case(&self) -> &Case;
}

impl Row for CallEntry {
    fn id(&self) -> i64 {
        self.course.call.id
    }

    fn case(&self) -> &Case {
        &self.course.case
    }
}

/// Whether a case answers the search: its name, or its number (with or
/// without `#`). `query` is trimmed and in lower case.
fn matches(query: &str, case: &Case) -> bool {
    query.is_empty()
        || case.identity.display_name().to_lowercase().contains(query)
        || case.id.to_string() == query.trim_start_matches('#')
}

fn normalised(query: &str) -> String {
    query.trim().to_lowercase()
}

#[derive(Debug)]
pub struct SearchList<T> {
    rows: Vec<T>,
    /// Indices into `rows` that answer the search, in the list's order.
    shown: Vec<usize>,
    /// Over `shown`.
    cursor: ListCursor,
}

impl<T> Default for SearchList<T> {
    fn default() -> Self {
        SearchList { rows: Vec::new(), shown: Vec::new(), cursor: ListCursor::new() }
    }
}

impl<T: Row> SearchList<T> {
    /// Every row as loaded, the search aside.
    pub fn all(&self) -> &[T] {
        &self.rows
    }

    /// How many rows the search lets through.
    pub fn len(&self) -> usize {
        self.shown.len()
    }

    pub fn is_empty(&self) -> bool {
        self.shown.is_empty()
    }

    /// The `i`th row the search lets through.
    pub fn shown(&self, i: usize) -> &T {
        &self.rows[self.shown[i]]
    }

    pub fn shown_rows(&self) -> impl Iterator<Item = &T> {
        self.shown.iter().map(|&i| &self.rows[i])
    }

    pub fn selected(&self) -> Option<&T> {
        self.cursor.selection(self.shown.len()).map(|i| self.shown(i))
    }

    pub fn cursor(&self) -> &ListCursor {
        &self.cursor
    }

    /// The rows as loaded anew, the search applied, the selection kept on
    /// the same row while it is still there.
    pub fn replace(&mut self, rows: Vec<T>, query: &str, view_rows: usize) {
        let keep = self.selected().map(Row::id);
        self.rows = rows;
        self.apply(query, keep, view_rows);
    }

    /// Applies a changed search, keeping the selection on its row when the
    /// search still lets it through.
    pub fn refilter(&mut self, query: &str, view_rows: usize) {
        let keep = self.selected().map(Row::id);
        self.apply(query, keep, view_rows);
    }

    fn apply(&mut self, query: &str, keep: Option<i64>, view_rows: usize) {
        let query = normalised(query);
        self.shown = (0..self.rows.len()).filter(|&i| matches(&query, self.rows[i].case())).collect();
        match keep.and_then(|id| self.position(|row| row.id() == id)) {
            Some(at) => self.cursor.select(at, self.shown.len(), view_rows),
            // The row is gone: the cursor stays at its place, within the list.
            None => self.cursor.clamp(self.shown.len(), view_rows),
        }
    }

    fn position(&self, found: impl Fn(&T) -> bool) -> Option<usize> {
        self.shown.iter().position(|&i| found(&self.rows[i]))
    }

    /// A list key (up, down, a page, the ends) moves the cursor in a view
    /// of `view_rows` rows. Returns whether the action was one of those.
    pub fn navigate(&mut self, action: Action, view_rows: usize) -> bool {
        self.cursor.apply(action, self.shown.len(), view_rows)
    }
}
