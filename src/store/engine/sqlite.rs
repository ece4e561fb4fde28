//! The SQLite side of the seam: rusqlite, with its statement cache.

use rusqlite::types::{ToSqlOutput, ValueRef as SqliteValue};
use rusqlite::{Connection, ToSql};

use super::{Params, Result, Row, ValueRef};

/// A parameter as rusqlite binds it, borrowed.
struct Param<'a>(&'a dyn super::ToValue);

impl ToSql for Param<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self.0.to_value() {
            ValueRef::Null => SqliteValue::Null,
            ValueRef::Integer(n) => SqliteValue::Integer(n),
            ValueRef::Real(x) => SqliteValue::Real(x),
            ValueRef::Text(s) => SqliteValue::Text(s.as_bytes()),
            ValueRef::Blob(b) => SqliteValue::Blob(b),
        }))
    }
}

fn bound<'p>(params: Params<'p>) -> impl Iterator<Item = Param<'p>> {
    params.iter().map(|p| Param(*p))
}

pub(super) fn execute(conn: &Connection, sql: &str, params: Params<'_>) -> Result<u64> {
    let changed = conn.prepare_cached(sql)?.execute(rusqlite::params_from_iter(bound(params)))?;
    Ok(changed as u64)
}

pub(super) fn query_each(
    conn: &Connection,
    sql: &str,
    params: Params<'_>,
    each: &mut dyn FnMut(&Row<'_>) -> Result<()>,
) -> Result<()> {
    let mut statement = conn.prepare_cached(sql)?;
    let mut rows = statement.query(rusqlite::params_from_iter(bound(params)))?;
    while let Some(row) = rows.next()? {
        each(&Row::sqlite(row))?;
    }
    Ok(())
}

/// Column `column` of a SQLite row as the seam's value.
pub(super) fn value<'r>(row: &'r rusqlite::Row<'_>, column: usize) -> Result<ValueRef<'r>> {
    let value = match row.get_ref(column) {
        Ok(value) => value,
        Err(rusqlite::Error::InvalidColumnIndex(_)) => return Err(super::Error::NoColumn { column }),
        Err(e) => return Err(e.into()),
    };
    Ok(match value {
        SqliteValue::Null => ValueRef::Null,
        SqliteValue::Integer(n) => ValueRef::Integer(n),
        SqliteValue::Real(x) => ValueRef::Real(x),
        // The store writes only UTF-8; anything else was written behind
        // its back and is refused as a value of the wrong kind.
        SqliteValue::Text(t) => ValueRef::Text(std::str::from_utf8(t).map_err(|_| super::Error::Type {
            column,
            wanted: super::Kind::Text,
            found: super::Kind::Blob,
        })?),
        SqliteValue::Blob(b) => ValueRef::Blob(b),
    })
}
