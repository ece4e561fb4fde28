//! The PostgreSQL side of the seam: the synchronous `postgres` client, a
//! centre's schema as its search path, and a cache of prepared statements
//! by their SQLite text (as rusqlite's `prepare_cached`).

use std::collections::HashMap;

use bytes::BytesMut;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{IsNull, ToSql, Type, to_sql_checked};
use postgres::{Client, NoTls, Statement};

use super::{Error, Kind, Params, Result, Row, ValueRef};

/// Begins a write: after every other writer of the centre (its schema),
/// as SQLite's `BEGIN IMMEDIATE` is after every other writer of the file.
/// The lock is held to the transaction's end.
pub(super) const BEGIN_WRITE: &str = "BEGIN ISOLATION LEVEL READ COMMITTED;
    SELECT pg_advisory_xact_lock(hashtext('sagsbord'), hashtext(current_schema()));";

pub(super) struct Connection<'c> {
    client: Held<'c>,
    /// Prepared statements by the text the store wrote.
    prepared: HashMap<String, Prepared>,
}

/// A prepared statement, which of its parameters its text names, and
/// which it takes as a GLOB pattern translated to a regular expression.
#[derive(Clone)]
struct Prepared {
    statement: Statement,
    named: std::sync::Arc<[bool]>,
    patterns: std::sync::Arc<[bool]>,
}

/// `name` as a quoted SQL identifier.
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The client: the seam's own, or one a caller holds (a migration's,
/// inside its transaction).
// The connection is boxed whole in `Db`: the size of the owned variant
// costs nothing there.
#[allow(clippy::large_enum_variant)]
enum Held<'c> {
    Own(Client),
    Borrowed(&'c mut Client),
}

impl std::ops::Deref for Held<'_> {
    type Target = Client;
    fn deref(&self) -> &Client {
        match self {
            Held::Own(c) => c,
            Held::Borrowed(c) => c,
        }
    }
}

impl std::ops::DerefMut for Held<'_> {
    fn deref_mut(&mut self) -> &mut Client {
        match self {
            Held::Own(c) => c,
            Held::Borrowed(c) => c,
        }
    }
}

impl<'c> Connection<'c> {
    /// A client held elsewhere, on the schema its search path names.
    pub(super) fn borrowing(client: &'c mut Client) -> Connection<'c> {
        Connection { client: Held::Borrowed(client), prepared: HashMap::new() }
    }
}

impl Connection<'_> {
    pub(super) fn connect(config: &str, centre: &str) -> Result<Connection<'static>> {
        Connection::on_client(Client::connect(config, NoTls)?, centre)
    }

    /// A client already connected (one the opening migrated the centre
    /// with), set to the centre's schema.
    pub(super) fn on_client(mut client: Client, centre: &str) -> Result<Connection<'static>> {
        // A write waits for a colleague's write as long as on SQLite, then fails.
        let wait = crate::store::BUSY_TIMEOUT.as_millis();
        client.batch_execute(&format!("SET search_path TO {}; SET lock_timeout = {wait};", ident(centre)))?;
        Ok(Connection { client: Held::Own(client), prepared: HashMap::new() })
    }

    /// Asks the server to tell this session of every commit to the
    /// centre's trail (`audit_tells_screens`, migration 29).
    pub(super) fn listen(&mut self) -> Result<()> {
        let channel: Option<String> =
            self.client.query_one("SELECT 'sagsbord ' || CAST(CAST(to_regclass('audit') AS oid) AS text)", &[])?.get(0);
        // A centre always has its trail; without one there is nothing to hear.
        let channel = channel.ok_or(super::Error::NoRows)?;
        self.client.batch_execute(&format!("LISTEN {}", ident(&channel)))?;
        Ok(())
    }

    /// Whether the server told of a commit since last asked: the
    /// notifications it sent, all taken (one or many mean the same). The
    /// client reads what the server sent only while it waits on the
    /// connection (its plain `iter` looks at what was read already), so
    /// this waits a millisecond when nothing came: no round trip.
    pub(super) fn heard(&mut self) -> Result<bool> {
        let mut notifications = self.client.notifications();
        let mut pending = notifications.timeout_iter(std::time::Duration::from_millis(1));
        let mut heard = false;
        while pending.next()?.is_some() {
            heard = true;
        }
        Ok(heard)
    }

    /// Whether the server closed the connection: nothing more runs on it.
    /// The client may learn so only after a statement failed on it, and
    /// then not at once; `probe` asks the server (a round trip) when the
    /// client does not know yet.
    pub(super) fn is_lost(&mut self, probe: bool) -> bool {
        self.client.is_closed() || (probe && self.client.is_valid(std::time::Duration::from_secs(2)).is_err())
    }

    pub(super) fn cancel_token(&self) -> postgres::CancelToken {
        self.client.cancel_token()
    }

    /// `sql` prepared. A parameter its text leaves out is declared TEXT
    /// (PostgreSQL has no other way to know its type) and sent as NULL,
    /// as SQLite takes a parameter a statement does not use; the others
    /// take the types PostgreSQL finds.
    fn prepared(&mut self, sql: &str) -> Result<Prepared> {
        if let Some(prepared) = self.prepared.get(sql) {
            return Ok(prepared.clone());
        }
        let text = super::dialect::postgres_text(sql);
        let types: Vec<Type> = text.named.iter().map(|&n| if n { Type::UNKNOWN } else { Type::TEXT }).collect();
        let statement = match text.named.contains(&false) {
            true => self.client.prepare_typed(&text.sql, &types)?,
            false => self.client.prepare(&text.sql)?,
        };
        let prepared = Prepared { statement, named: text.named.into(), patterns: text.patterns.into() };
        self.prepared.insert(sql.to_string(), prepared.clone());
        Ok(prepared)
    }

    pub(super) fn execute(&mut self, sql: &str, params: Params<'_>) -> Result<u64> {
        let prepared = self.prepared(sql)?;
        let bound = bound(params, &prepared);
        let statement = prepared.statement;
        let refs: Vec<&(dyn ToSql + Sync)> = bound.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        Ok(self.client.execute(&statement, &refs)?)
    }

    pub(super) fn execute_batch(&mut self, sql: &str) -> Result<()> {
        Ok(self.client.batch_execute(sql)?)
    }

    pub(super) fn query_each(
        &mut self,
        sql: &str,
        params: Params<'_>,
        each: &mut dyn FnMut(&Row<'_>) -> Result<()>,
    ) -> Result<()> {
        let prepared = self.prepared(sql)?;
        let bound = bound(params, &prepared);
        let statement = prepared.statement;
        let mut rows = self.client.query_raw(&statement, bound.iter().map(|p| p as &dyn ToSql))?;
        while let Some(row) = rows.next()? {
            each(&Row::postgres(&row))?;
        }
        Ok(())
    }
}

/// The parameters as sent: one the text leaves out as NULL, a GLOB
/// pattern as its regular expression.
fn bound<'p>(params: Params<'p>, prepared: &Prepared) -> Vec<Param<'p>> {
    let value = |(n, p): (usize, &&'p dyn super::ToValue)| match (prepared.named.get(n), p.to_value()) {
        (Some(false), _) => Param::Value(ValueRef::Null),
        (_, ValueRef::Text(pattern)) if prepared.patterns.get(n) == Some(&true) => {
            Param::Regex(super::glob::glob_regex(pattern))
        }
        (_, value) => Param::Value(value),
    };
    params.iter().enumerate().map(value).collect()
}

/// A parameter as PostgreSQL takes it: converted to the type the server
/// gave the parameter, as SQLite would store it in such a column; or a
/// GLOB pattern's regular expression, made for the statement.
#[derive(Debug)]
enum Param<'a> {
    Value(ValueRef<'a>),
    Regex(String),
}

/// A parameter that cannot be given as the type the statement wants.
#[derive(Debug)]
pub struct Mismatch {
    pub value: Kind,
    pub wanted: String,
}

impl std::error::Error for Mismatch {}

impl ToSql for Param<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        let value = match self {
            Param::Value(value) => *value,
            Param::Regex(re) => ValueRef::Text(re),
        };
        match (value, ty) {
            (ValueRef::Null, _) => Ok(IsNull::Yes),
            (ValueRef::Integer(n), &Type::INT8) => n.to_sql(ty, out),
            (ValueRef::Integer(n), &Type::INT4) => i32::try_from(n)?.to_sql(ty, out),
            (ValueRef::Integer(n), &Type::INT2) => i16::try_from(n)?.to_sql(ty, out),
            (ValueRef::Integer(n), &Type::BOOL) => (n != 0).to_sql(ty, out),
            (ValueRef::Integer(n), &Type::FLOAT8) => (n as f64).to_sql(ty, out),
            (ValueRef::Real(x), &Type::FLOAT8) => x.to_sql(ty, out),
            (ValueRef::Text(s), &Type::TEXT | &Type::VARCHAR | &Type::BPCHAR | &Type::NAME | &Type::UNKNOWN) => {
                s.to_sql(ty, out)
            }
            (ValueRef::Blob(b), &Type::BYTEA) => b.to_sql(ty, out),
            (value, ty) => Err(Box::new(Mismatch { value: value.kind(), wanted: ty.name().to_string() })),
        }
    }

    fn accepts(_: &Type) -> bool {
        // Every type is tried; to_sql refuses what does not fit.
        true
    }

    to_sql_checked!();
}

/// Column `column` of a PostgreSQL row as the seam's value.
pub(super) fn value(row: &postgres::Row, column: usize) -> Result<ValueRef<'_>> {
    let Some(described) = row.columns().get(column) else {
        return Err(Error::NoColumn { column });
    };
    let ty = described.type_();
    let integer = |n: Option<i64>| n.map_or(ValueRef::Null, ValueRef::Integer);
    Ok(match *ty {
        Type::INT8 => integer(row.try_get::<_, Option<i64>>(column)?),
        Type::INT4 => integer(row.try_get::<_, Option<i32>>(column)?.map(i64::from)),
        Type::INT2 => integer(row.try_get::<_, Option<i16>>(column)?.map(i64::from)),
        // A comparison in a select list: SQLite's 0 or 1.
        Type::BOOL => integer(row.try_get::<_, Option<bool>>(column)?.map(i64::from)),
        Type::FLOAT8 => row.try_get::<_, Option<f64>>(column)?.map_or(ValueRef::Null, ValueRef::Real),
        Type::FLOAT4 => row.try_get::<_, Option<f32>>(column)?.map_or(ValueRef::Null, |x| ValueRef::Real(f64::from(x))),
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => {
            row.try_get::<_, Option<&str>>(column)?.map_or(ValueRef::Null, ValueRef::Text)
        }
        Type::BYTEA => row.try_get::<_, Option<&[u8]>>(column)?.map_or(ValueRef::Null, ValueRef::Blob),
        _ => return Err(Error::ColumnType { column, name: ty.name().to_string() }),
    })
}
