//! The board's lines as the keyset window reads them: the store's pages
//! (`Store::board_pages`) in the pane's order, search and "only mine",
//! each line made a board entry (its deadlines and markers) for the day.

use chrono::NaiveDate;

use crate::app::page::{PageRow, PageSource};
use crate::domain::plan::{PlanEntry, board_entry};
use crate::domain::policy::PlanPolicy;
use crate::store::{BoardKey, BoardLine, BoardPages, StoreError};

/// A line held by the window: the entry drawn and its place.
#[derive(Debug, Clone, PartialEq)]
pub struct BoardRow {
    pub key: BoardKey,
    pub entry: PlanEntry,
}

impl PageRow for BoardRow {
    type Key = BoardKey;

    fn id(&self) -> i64 {
        self.entry.course.case.id
    }

    fn key(&self) -> BoardKey {
        self.key.clone()
    }
}

/// The store's pages with what makes a line an entry.
pub struct BoardSource<'a> {
    pub pages: BoardPages<'a>,
    pub policy: &'a PlanPolicy,
    pub today: NaiveDate,
}

impl BoardSource<'_> {
    fn row(&self, line: BoardLine) -> BoardRow {
        BoardRow { key: line.key, entry: board_entry(line.course, self.policy, self.today) }
    }

    fn rows(&self, lines: Vec<BoardLine>) -> Vec<BoardRow> {
        lines.into_iter().map(|l| self.row(l)).collect()
    }
}

impl PageSource for BoardSource<'_> {
    type Row = BoardRow;
    type Error = StoreError;

    fn count(&self) -> Result<usize, StoreError> {
        self.pages.count()
    }

    fn after(&self, key: Option<&BoardKey>, n: usize) -> Result<Vec<BoardRow>, StoreError> {
        Ok(self.rows(self.pages.after(key, n)?))
    }

    fn before(&self, key: Option<&BoardKey>, n: usize) -> Result<Vec<BoardRow>, StoreError> {
        Ok(self.rows(self.pages.before(key, n)?))
    }

    fn locate(&self, id: i64) -> Result<Option<(usize, BoardRow)>, StoreError> {
        Ok(self.pages.locate(id)?.map(|(at, line)| (at, self.row(line))))
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::BoardSource;
    use crate::app::Action;
    use crate::app::page::{PageRow, PageSource, Window};
    use crate::domain::plan::BoardSort;
    use crate::domain::policy::Profile;
    use crate::generate::{self, Shape};
    use crate::store::{Store, ended_window_start};

    /// The window over the store's board, in every order and with the
    /// ended courses: a screen held, moved by its keys, each order the
    /// store's whole list read at once.
    #[test]
    fn the_window_pages_through_the_stored_board_in_every_order() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 17).unwrap();
        let file = generate::centre(&Shape { cases: 300, seed: 5, today, stress: false }, &mut |_| {});
        let mut store = Store::open_in_memory("anna").unwrap();
        store.import(&file).unwrap();
        let policy = Profile::built_in(generate::PROFILE).unwrap().plan;
        let viewer = store.viewer(false).unwrap();
        for ended in [None, Some(ended_window_start(today))] {
            for sort in BoardSort::ALL {
                let source = BoardSource { pages: store.board_pages(&viewer, "", sort, ended), policy: &policy, today };
                let every: Vec<i64> = source.pages.after(None, 10_000).unwrap().iter().map(|l| l.key.case_id).collect();
                let backwards: Vec<i64> =
                    source.pages.before(None, 10_000).unwrap().iter().map(|l| l.key.case_id).collect();
                assert_eq!(every, backwards, "{sort:?}: the same list read from either end");
                let mut window = Window::default();
                window.reload(&source, 8).unwrap();
                assert_eq!(window.len(), every.len(), "{sort:?}");
                window.navigate(Action::PageDown, &source, 8).unwrap();
                window.navigate(Action::Down, &source, 8).unwrap();
                assert_eq!(window.selected().map(PageRow::id), Some(every[9]), "{sort:?}");
                window.navigate(Action::Bottom, &source, 8).unwrap();
                assert_eq!(window.selected().map(PageRow::id), every.last().copied(), "{sort:?}");
                assert!(window.held() <= 8);
                let kept = every[every.len() - 3];
                window.navigate(Action::Up, &source, 8).unwrap();
                window.navigate(Action::Up, &source, 8).unwrap();
                window.reload(&source, 8).unwrap();
                assert_eq!(window.selected().map(PageRow::id), Some(kept), "{sort:?}");
                for (at, id) in every.iter().enumerate().step_by(37) {
                    assert_eq!(source.locate(*id).unwrap().map(|(i, r)| (i, r.id())), Some((at, *id)), "{sort:?}");
                }
            }
        }
    }
}
