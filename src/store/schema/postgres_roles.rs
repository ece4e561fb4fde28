//! Centres kept apart by the database itself: each centre's schema has a
//! group role of its counsellors, and the municipality a central team's
//! role that reads every centre; a person's login role is made a member
//! of one. What each may do is `postgres/roles.sql`.
//!
//! - **A step of its own, not part of `migrate_postgres`.** Roles belong
//!   to the whole server, not to one database, and creating them takes
//!   CREATEROLE, which a server's administrators keep from the role that
//!   owns and migrates the schemas. So the administrator runs
//!   [`set_up_centre`] once a centre's schema is migrated (again whenever
//!   in doubt: it leaves the same grants). A table a later migration adds
//!   takes the same grants by the schema's default privileges; its
//!   capture trigger is the set-up's, run again after such a migration.
//! - **Names.** `<database>/<centre>` is a centre's counsellors,
//!   `<database>/` the central team: the database in the name since a
//!   role of one database's centre "Nord" must not be a role of another
//!   database's "Nord" on the same server. A database whose name holds a
//!   `/` is refused (two pairs would give one name), and so is a name
//!   past PostgreSQL's 63 bytes, which it would cut short.
//! - **The trail in one's own name.** The capture triggers are created
//!   here by the owner (a counsellor may create nothing in the schema),
//!   and the trail refuses an audit row whose actor is not the session's
//!   login, and a change row of such a row: the program's actor on
//!   PostgreSQL is the login's name, as on SQLite it is the Unix user's.

use postgres::Client;

use super::postgres::quote_identifier;
use crate::store::engine::Db;
use crate::store::{Result, StoreError};

const ROLES: &str = include_str!("postgres/roles.sql");

/// The group roles of one centre's schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CentreRoles {
    /// The centre's counsellors: their schema's data read and written,
    /// its trail only added to.
    pub counsellors: String,
    /// The municipality's central team: every centre read, none written.
    pub central: String,
}

impl CentreRoles {
    /// The roles of `centre_schema` in the database `database`.
    pub fn named(database: &str, centre_schema: &str) -> CentreRoles {
        CentreRoles { counsellors: format!("{database}/{centre_schema}"), central: format!("{database}/") }
    }

    /// The roles of `centre_schema` in the database `client` is connected to.
    pub fn of(client: &mut Client, centre_schema: &str) -> Result<CentreRoles> {
        Ok(CentreRoles::named(&database(client)?, centre_schema))
    }
}

fn database(client: &mut Client) -> Result<String> {
    Ok(client.query_one("SELECT current_database()", &[]).map_err(pg)?.get(0))
}

fn pg(e: postgres::Error) -> StoreError {
    StoreError::from(crate::store::engine::Error::from(e))
}

/// Gives the migrated centre schema `centre_schema` its group roles and
/// their privileges, and the trail its capture and its check of who
/// writes. Run by a role that may create roles and owns the schema (or
/// is a member of its owner).
pub fn set_up_centre(client: &mut Client, centre_schema: &str) -> Result<CentreRoles> {
    let roles = CentreRoles::of(client, centre_schema)?;
    let schema = quote_identifier(centre_schema);
    let path: String = client.query_one("SHOW search_path", &[]).map_err(pg)?.get(0);
    client.batch_execute(&format!("SET search_path TO {schema}")).map_err(pg)?;
    let done = capture_and_grant(client, centre_schema, &roles);
    // The caller's session as it was, whatever came of the set-up.
    let restored = client.execute("SELECT set_config('search_path', $1, false)", &[&path]).map_err(pg);
    done.and(restored).map(|_| roles)
}

fn capture_and_grant(client: &mut Client, centre_schema: &str, roles: &CentreRoles) -> Result<()> {
    let staging = "SELECT to_regclass('pg_temp.audit_staging') IS NOT NULL";
    let capturing: bool = client.query_one(staging, &[]).map_err(pg)?.get(0);
    crate::store::audit::seam::install(&Db::borrowing_postgres(client))?;
    if !capturing {
        // The administrator's session stays as it was: capturing nothing.
        client.batch_execute("DROP TABLE pg_temp.audit_staging").map_err(pg)?;
    }
    let mut tx = client.transaction().map_err(pg)?;
    // Set-ups take turns: two GRANTs on one object at once fail.
    tx.batch_execute("SELECT pg_advisory_xact_lock(hashtext('sagsbord roles'))").map_err(pg)?;
    for (setting, value) in [
        ("sagsbord.centre", centre_schema),
        ("sagsbord.counsellors", &roles.counsellors),
        ("sagsbord.central", &roles.central),
    ] {
        tx.execute("SELECT set_config($1, $2, true)", &[&setting, &value]).map_err(pg)?;
    }
    tx.batch_execute(ROLES).map_err(pg)?;
    tx.commit().map_err(pg)
}

/// Makes the login role `login` (a person) one of the centre's counsellors.
pub fn add_counsellor(client: &mut Client, centre_schema: &str, login: &str) -> Result<()> {
    let roles = CentreRoles::of(client, centre_schema)?;
    add_member(client, &roles.counsellors, login)
}

/// Makes the login role `login` (a person) one of the central team.
pub fn add_central(client: &mut Client, login: &str) -> Result<()> {
    let central = CentreRoles::named(&database(client)?, "").central;
    add_member(client, &central, login)
}

fn add_member(client: &mut Client, group: &str, login: &str) -> Result<()> {
    let sql = format!("GRANT {} TO {}", quote_identifier(group), quote_identifier(login));
    client.batch_execute(&sql).map_err(pg)
}

#[cfg(test)]
#[path = "postgres_roles_tests.rs"]
mod tests;
