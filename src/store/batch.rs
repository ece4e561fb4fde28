//! Many rows into one table, a batch of rows to each INSERT: a bulk write
//! (an import, the audit record of one) runs one statement per hundred
//! rows instead of one per row. Each run of a statement pays for its
//! start (cursors opened, the IN lists of the table's CHECK constraints
//! built anew) more than for one narrow row. On either engine: SQLite's
//! full batch is prepared once and kept; PostgreSQL's goes through the
//! seam, which keeps its prepared statement by its text.

use rusqlite::types::Value;
use rusqlite::{CachedStatement, params_from_iter};

use super::Result;
use super::engine::{Db, ToValue};

/// How many rows one statement inserts: far under SQLite's limit of
/// parameters (32,766) and PostgreSQL's (65,535) for the widest table
/// written so.
const ROWS: usize = 100;

/// Rows waiting to be inserted into one table; [`BatchInsert::finish`]
/// writes the last of them.
pub(crate) struct BatchInsert<'a, 'c> {
    db: &'a Db<'c>,
    /// `INSERT INTO t (a, b) VALUES `
    head: String,
    columns: usize,
    values: Vec<Value>,
    /// SQLite's statement of a full batch, prepared at the first and kept
    /// for every other: a bulk write runs it tens of thousands of times.
    full: Option<CachedStatement<'a>>,
}

impl<'a, 'c> BatchInsert<'a, 'c> {
    pub(crate) fn new(db: &'a Db<'c>, table: &str, columns: &[&str]) -> Self {
        BatchInsert {
            db,
            head: format!("INSERT INTO {table} ({}) VALUES ", columns.join(", ")),
            columns: columns.len(),
            values: Vec::with_capacity(ROWS * columns.len()),
            full: None,
        }
    }

    /// Adds one row, its values in the order of the columns.
    pub(crate) fn push(&mut self, row: impl IntoIterator<Item = Value>) -> Result<()> {
        let before = self.values.len();
        self.values.extend(row);
        debug_assert_eq!(
            self.values.len() - before,
            self.columns,
            "a row of {} has a value for each column",
            self.head
        );
        if self.values.len() == ROWS * self.columns { self.flush() } else { Ok(()) }
    }

    /// Inserts every row of `rows` into `table` and writes the last batch:
    /// a whole list in one call.
    pub(crate) fn insert_all<Row: IntoIterator<Item = Value>>(
        db: &'a Db<'c>,
        table: &str,
        columns: &[&str],
        rows: impl IntoIterator<Item = Row>,
    ) -> Result<()> {
        let mut batch = BatchInsert::new(db, table, columns);
        for row in rows {
            batch.push(row)?;
        }
        batch.finish()
    }

    /// Writes the rows still waiting.
    pub(crate) fn finish(mut self) -> Result<()> {
        self.flush()
    }

    fn flush(&mut self) -> Result<()> {
        let rows = self.values.len() / self.columns;
        if rows == 0 {
            return Ok(());
        }
        let sql = || {
            let row = format!("({})", vec!["?"; self.columns].join(", "));
            format!("{}{}", self.head, vec![row; rows].join(", "))
        };
        let Some(conn) = self.db.as_sqlite() else {
            let params: Vec<&dyn ToValue> = self.values.iter().map(|v| v as &dyn ToValue).collect();
            self.db.execute(&sql(), &params)?;
            self.values.clear();
            return Ok(());
        };
        if rows < ROWS {
            conn.prepare_cached(&sql())?.execute(params_from_iter(self.values.drain(..)))?;
            return Ok(());
        }
        let stmt = match &mut self.full {
            Some(stmt) => stmt,
            full => full.insert(conn.prepare_cached(&sql())?),
        };
        stmt.execute(params_from_iter(self.values.drain(..)))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::engine::both::{Place, on_both_engines};

    fn table(place: &Place) -> Db<'static> {
        let db = place.open();
        db.execute_batch("CREATE TABLE t (n BIGINT PRIMARY KEY, word TEXT)").unwrap();
        db
    }

    fn every_row_is_written_in_order_across_full_batches_and_the_rest(place: &Place) {
        let db = table(place);
        let mut batch = BatchInsert::new(&db, "t", &["n", "word"]);
        let total = 2 * ROWS + 7;
        for n in 0..total as i64 {
            batch.push([Value::Integer(n), Value::Text(format!("ord {n}"))]).unwrap();
        }
        batch.finish().unwrap();
        let rows: Vec<(i64, String)> = db.query_map("SELECT n, word FROM t ORDER BY n", &[], |r| r.columns()).unwrap();
        assert_eq!(rows.len(), total);
        assert!(rows.iter().enumerate().all(|(i, (n, word))| *n == i as i64 && *word == format!("ord {i}")));
    }

    fn a_row_the_table_refuses_fails_its_batch(place: &Place) {
        let db = table(place);
        let mut batch = BatchInsert::new(&db, "t", &["n", "word"]);
        batch.push([Value::Integer(1), Value::Null]).unwrap();
        batch.push([Value::Integer(1), Value::Null]).unwrap();
        assert!(batch.finish().is_err());
    }

    on_both_engines!(
        every_row_is_written_in_order_across_full_batches_and_the_rest,
        a_row_the_table_refuses_fails_its_batch
    );
}
