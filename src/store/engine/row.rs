//! A row read through the seam, from either engine.

use super::{FromValue, Result, ValueRef};

/// One row of a query's result.
pub struct Row<'r>(Inner<'r>);

enum Inner<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    Postgres(&'r postgres::Row),
}

impl<'r> Row<'r> {
    pub(super) fn sqlite(row: &'r rusqlite::Row<'r>) -> Row<'r> {
        Row(Inner::Sqlite(row))
    }

    pub(super) fn postgres(row: &'r postgres::Row) -> Row<'r> {
        Row(Inner::Postgres(row))
    }

    /// Column `column` (from 0) as a `T`.
    pub fn get<T: FromValue>(&self, column: usize) -> Result<T> {
        T::from_value(self.value(column)?).map_err(|found| found.at(column))
    }

    /// Column `column` as the seam's value, borrowed from the row.
    pub fn value(&self, column: usize) -> Result<ValueRef<'_>> {
        match &self.0 {
            Inner::Sqlite(row) => super::sqlite::value(row, column),
            Inner::Postgres(row) => super::postgres::value(row, column),
        }
    }
}
