//! The values that cross the seam: SQLite's five storage classes, which
//! every value the store keeps already is (dates as `YYYY-MM-DD` text,
//! money as whole øre, yes/no as 0/1). PostgreSQL's columns are chosen to
//! match (BIGINT, TEXT, DOUBLE PRECISION, BYTEA), so a value reads back
//! the same from either engine.

use super::Error;

/// A value bound to a statement or read from a row, borrowed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ValueRef<'a> {
    Null,
    Integer(i64),
    Real(f64),
    Text(&'a str),
    Blob(&'a [u8]),
}

/// The kinds of value, for a message about one of the wrong kind (worded
/// in `text::store`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Null,
    Integer,
    /// An integer too large for the number asked for.
    LargeInteger,
    Real,
    Text,
    Blob,
}

impl ValueRef<'_> {
    pub fn kind(&self) -> Kind {
        match self {
            ValueRef::Null => Kind::Null,
            ValueRef::Integer(_) => Kind::Integer,
            ValueRef::Real(_) => Kind::Real,
            ValueRef::Text(_) => Kind::Text,
            ValueRef::Blob(_) => Kind::Blob,
        }
    }
}

/// What can be bound to a statement's parameter.
pub trait ToValue {
    fn to_value(&self) -> ValueRef<'_>;
}

impl ToValue for i64 {
    fn to_value(&self) -> ValueRef<'_> {
        ValueRef::Integer(*self)
    }
}

impl ToValue for i32 {
    fn to_value(&self) -> ValueRef<'_> {
        ValueRef::Integer(i64::from(*self))
    }
}

impl ToValue for u32 {
    fn to_value(&self) -> ValueRef<'_> {
        ValueRef::Integer(i64::from(*self))
    }
}

impl ToValue for bool {
    fn to_value(&self) -> ValueRef<'_> {
        ValueRef::Integer(i64::from(*self))
    }
}

impl ToValue for f64 {
    fn to_value(&self) -> ValueRef<'_> {
        ValueRef::Real(*self)
    }
}

impl ToValue for str {
    fn to_value(&self) -> ValueRef<'_> {
        ValueRef::Text(self)
    }
}

impl ToValue for String {
    fn to_value(&self) -> ValueRef<'_> {
        ValueRef::Text(self)
    }
}

impl ToValue for [u8] {
    fn to_value(&self) -> ValueRef<'_> {
        ValueRef::Blob(self)
    }
}

impl ToValue for Vec<u8> {
    fn to_value(&self) -> ValueRef<'_> {
        ValueRef::Blob(self)
    }
}

impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> ValueRef<'_> {
        (**self).to_value()
    }
}

impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> ValueRef<'_> {
        self.as_ref().map_or(ValueRef::Null, ToValue::to_value)
    }
}

/// What a column of a row can be read as.
pub trait FromValue: Sized {
    /// The value, or what was found instead of what was wanted.
    fn from_value(value: ValueRef<'_>) -> Result<Self, Found>;
}

/// A value of another kind than the one asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub wanted: Kind,
    pub found: Kind,
}

impl Found {
    fn of(wanted: Kind, value: ValueRef<'_>) -> Found {
        Found { wanted, found: value.kind() }
    }

    /// As an error about column `column`.
    pub(super) fn at(self, column: usize) -> Error {
        Error::Type { column, wanted: self.wanted, found: self.found }
    }
}

impl FromValue for i64 {
    fn from_value(value: ValueRef<'_>) -> Result<Self, Found> {
        match value {
            ValueRef::Integer(n) => Ok(n),
            other => Err(Found::of(Kind::Integer, other)),
        }
    }
}

impl FromValue for i32 {
    fn from_value(value: ValueRef<'_>) -> Result<Self, Found> {
        let n = i64::from_value(value)?;
        i32::try_from(n).map_err(|_| Found { wanted: Kind::Integer, found: Kind::LargeInteger })
    }
}

impl FromValue for u32 {
    fn from_value(value: ValueRef<'_>) -> Result<Self, Found> {
        let n = i64::from_value(value)?;
        u32::try_from(n).map_err(|_| Found { wanted: Kind::Integer, found: Kind::LargeInteger })
    }
}

impl FromValue for bool {
    fn from_value(value: ValueRef<'_>) -> Result<Self, Found> {
        i64::from_value(value).map(|n| n != 0)
    }
}

impl FromValue for f64 {
    fn from_value(value: ValueRef<'_>) -> Result<Self, Found> {
        match value {
            ValueRef::Real(x) => Ok(x),
            // SQLite keeps a whole REAL as an integer.
            ValueRef::Integer(n) => Ok(n as f64),
            other => Err(Found::of(Kind::Real, other)),
        }
    }
}

impl FromValue for String {
    fn from_value(value: ValueRef<'_>) -> Result<Self, Found> {
        match value {
            ValueRef::Text(s) => Ok(s.to_string()),
            other => Err(Found::of(Kind::Text, other)),
        }
    }
}

impl FromValue for Vec<u8> {
    fn from_value(value: ValueRef<'_>) -> Result<Self, Found> {
        match value {
            ValueRef::Blob(b) => Ok(b.to_vec()),
            other => Err(Found::of(Kind::Blob, other)),
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: ValueRef<'_>) -> Result<Self, Found> {
        match value {
            ValueRef::Null => Ok(None),
            other => T::from_value(other).map(Some),
        }
    }
}

/// A value rusqlite owns: how a row the import writes to SQLite in bulk
/// (`store::batch`) is built, so the same row goes through the seam too.
impl ToValue for rusqlite::types::Value {
    fn to_value(&self) -> ValueRef<'_> {
        use rusqlite::types::Value;
        match self {
            Value::Null => ValueRef::Null,
            Value::Integer(n) => ValueRef::Integer(*n),
            Value::Real(x) => ValueRef::Real(*x),
            Value::Text(s) => ValueRef::Text(s),
            Value::Blob(b) => ValueRef::Blob(b),
        }
    }
}

/// A column of whatever kind, as rusqlite owns it: a key a list is read
/// from (the board's), bound again as the next page's parameter.
impl FromValue for rusqlite::types::Value {
    fn from_value(value: ValueRef<'_>) -> Result<Self, Found> {
        use rusqlite::types::Value;
        Ok(match value {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(n) => Value::Integer(n),
            ValueRef::Real(x) => Value::Real(x),
            ValueRef::Text(s) => Value::Text(s.to_string()),
            ValueRef::Blob(b) => Value::Blob(b.to_vec()),
        })
    }
}
