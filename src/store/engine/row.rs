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

    /// The row's first columns as a tuple: `let (id, name): (i64, String) = r.columns()?`.
    pub fn columns<T: FromRow>(&self) -> Result<T> {
        T::from_row(self)
    }

    /// Column `column` as the seam's value, borrowed from the row.
    pub fn value(&self, column: usize) -> Result<ValueRef<'_>> {
        match &self.0 {
            Inner::Sqlite(row) => super::sqlite::value(row, column),
            Inner::Postgres(row) => super::postgres::value(row, column),
        }
    }
}

/// What a whole row can be read as: a tuple of its first columns, in order.
pub trait FromRow: Sized {
    fn from_row(row: &Row<'_>) -> Result<Self>;
}

/// A tuple of up to twelve values is read from the row's first columns.
macro_rules! tuple_from_row {
    ($($kind:ident $column:tt),+) => {
        impl<$($kind: FromValue),+> FromRow for ($($kind,)+) {
            fn from_row(row: &Row<'_>) -> Result<Self> {
                Ok(($(row.get::<$kind>($column)?,)+))
            }
        }
    };
}

tuple_from_row!(A 0, B 1);
tuple_from_row!(A 0, B 1, C 2);
tuple_from_row!(A 0, B 1, C 2, D 3);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4, F 5);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4, F 5, G 6);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11);
