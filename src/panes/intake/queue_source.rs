//! The queue's lines as the keyset window reads them: the store's pages
//! (`Store::intake_queue_pages`) for the viewer and the search, each line
//! made a queue entry (guarantee, doctor, flags) for the day by the domain.

use chrono::NaiveDate;

use crate::app::page::{PageRow, PageSource};
use crate::domain::intake::{QueueEntry, queue_entry};
use crate::domain::policy::IntakePolicy;
use crate::store::{QueueKey, QueueLine, QueuePages, StoreError};

/// A line held by the window: the entry drawn and its place.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueRow {
    pub key: QueueKey,
    pub entry: QueueEntry,
}

impl PageRow for QueueRow {
    type Key = QueueKey;

    fn id(&self) -> i64 {
        self.entry.case.id
    }

    fn key(&self) -> QueueKey {
        self.key.clone()
    }
}

/// The store's pages with what makes a line an entry.
pub struct QueueSource<'a> {
    pub pages: QueuePages<'a>,
    pub policy: &'a IntakePolicy,
    pub municipality: &'a str,
    pub today: NaiveDate,
}

impl QueueSource<'_> {
    fn row(&self, line: QueueLine) -> QueueRow {
        QueueRow { key: line.key, entry: queue_entry(line.case, self.policy, self.municipality, self.today) }
    }

    fn rows(&self, lines: Vec<QueueLine>) -> Vec<QueueRow> {
        lines.into_iter().map(|l| self.row(l)).collect()
    }
}

impl PageSource for QueueSource<'_> {
    type Row = QueueRow;
    type Error = StoreError;

    fn count(&self) -> Result<usize, StoreError> {
        self.pages.count()
    }

    fn after(&self, key: Option<&QueueKey>, n: usize) -> Result<Vec<QueueRow>, StoreError> {
        Ok(self.rows(self.pages.after(key, n)?))
    }

    fn before(&self, key: Option<&QueueKey>, n: usize) -> Result<Vec<QueueRow>, StoreError> {
        Ok(self.rows(self.pages.before(key, n)?))
    }

    fn locate(&self, id: i64) -> Result<Option<(usize, QueueRow)>, StoreError> {
        Ok(self.pages.locate(id)?.map(|(at, line)| (at, self.row(line))))
    }
}
