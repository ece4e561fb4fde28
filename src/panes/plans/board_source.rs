//! The board's lines as the keyset window reads them: the store's pages
//! in start order (`Store::board_pages`).

use crate::app::page::{PageRow, PageSource};
use crate::store::{BoardKey, BoardLine, BoardPages, StoreError};

impl PageRow for BoardLine {
    type Key = BoardKey;

    fn id(&self) -> i64 {
        self.case_id
    }

    fn key(&self) -> BoardKey {
        (self.started_on, self.case_id)
    }
}

impl PageSource for BoardPages<'_> {
    type Row = BoardLine;
    type Error = StoreError;

    fn count(&self) -> Result<usize, StoreError> {
        BoardPages::count(self)
    }

    fn after(&self, key: Option<&BoardKey>, n: usize) -> Result<Vec<BoardLine>, StoreError> {
        BoardPages::after(self, key, n)
    }

    fn before(&self, key: Option<&BoardKey>, n: usize) -> Result<Vec<BoardLine>, StoreError> {
        BoardPages::before(self, key, n)
    }

    fn locate(&self, id: i64) -> Result<Option<(usize, BoardLine)>, StoreError> {
        BoardPages::locate(self, id)
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::app::Action;
    use crate::app::page::Window;
    use crate::generate::{self, Shape};
    use crate::store::Store;

    /// The window over the store's board: a screen held, moved by its keys.
    #[test]
    fn the_window_pages_through_the_stored_board() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 17).unwrap();
        let file = generate::centre(&Shape { cases: 300, seed: 5, today, stress: false }, &mut |_| {});
        let mut store = Store::open_in_memory("anna").unwrap();
        store.import(&file).unwrap();
        let pages = store.board_pages(&store.viewer(false).unwrap(), "");
        let every = pages.after(None, 10_000).unwrap();
        let mut window = Window::default();
        window.reload(&pages, 8).unwrap();
        assert_eq!(window.len(), every.len());
        window.navigate(Action::PageDown, &pages, 8).unwrap();
        window.navigate(Action::Down, &pages, 8).unwrap();
        assert_eq!(window.selected(), Some(&every[9]));
        window.navigate(Action::Bottom, &pages, 8).unwrap();
        assert_eq!(window.selected(), every.last());
        assert!(window.held() <= 8);
        let kept = every[every.len() - 3].case_id;
        window.navigate(Action::Up, &pages, 8).unwrap();
        window.navigate(Action::Up, &pages, 8).unwrap();
        window.reload(&store.board_pages(&store.viewer(false).unwrap(), ""), 8).unwrap();
        assert_eq!(window.selected().map(|l| l.case_id), Some(kept));
    }
}
