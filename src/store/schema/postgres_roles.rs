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
use crate::store::{Result, StoreError, UserProblem};

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

/// What [`set_up_server`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetUp {
    /// The centre is set up at schema version `version`; `changed` whether
    /// this run changed anything (a schema, a role, a grant, a trigger).
    Done { roles: CentreRoles, version: usize, changed: bool },
    /// The administrator's role `who` may not create roles: nothing done.
    NoCreateRole { who: String },
}

/// The administrator's one command for a centre on a server: the centre's
/// schema created or brought up to date (its creator registered as its
/// team leader, as a new file's is), then its roles ([`set_up_centre`]).
/// Run by a role that may create roles and owns (or may create) the
/// schema; refused before anything is written when it may not create
/// roles, so a refused set-up leaves no half-made centre.
pub fn set_up_server(config: &str, centre_schema: &str) -> Result<SetUp> {
    let mut admin = connect(config)?;
    let (who, may): (String, bool) = {
        let row = admin
            .query_one(
                "SELECT CAST(rolname AS TEXT), rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user",
                &[],
            )
            .map_err(pg)?;
        (row.get(0), row.get(1))
    };
    if !may {
        return Ok(SetUp::NoCreateRole { who });
    }
    let roles = CentreRoles::of(&mut admin, centre_schema)?;
    let before = fingerprint(&mut admin, centre_schema, &roles)?;
    // The program's own opening migrates and registers, as on a file.
    drop(crate::store::Store::open_postgres(config, centre_schema, crate::store::Opening::CREATE)?);
    set_up_centre(&mut admin, centre_schema)?;
    let after = fingerprint(&mut admin, centre_schema, &roles)?;
    let table = format!("{}.schema_version", quote_identifier(centre_schema));
    let version: i64 = admin.query_one(&format!("SELECT version FROM {table}"), &[]).map_err(pg)?.get(0);
    Ok(SetUp::Done { roles, version: version as usize, changed: before != after })
}

/// Everything the set-up may change, as one text: two runs that leave the
/// same text changed nothing.
fn fingerprint(client: &mut Client, centre_schema: &str, roles: &CentreRoles) -> Result<String> {
    const STATE: &str = "
        WITH centre AS (SELECT oid FROM pg_namespace WHERE nspname = $1)
        SELECT concat_ws(' | ',
            (SELECT string_agg(CAST(rolname AS TEXT), ',' ORDER BY rolname) FROM pg_roles WHERE rolname IN ($2, $3)),
            (SELECT string_agg(nspname || '=' || coalesce(CAST(nspacl AS TEXT), ''), ',' ORDER BY nspname)
                FROM pg_namespace WHERE nspname IN ($1, 'public')),
            (SELECT CAST(datacl AS TEXT) FROM pg_database WHERE datname = current_database()),
            (SELECT string_agg(c.relname || '=' || coalesce(CAST(c.relacl AS TEXT), ''), ',' ORDER BY c.relname)
                FROM pg_class c WHERE c.relnamespace IN (SELECT oid FROM centre)),
            (SELECT string_agg(CAST(d.defaclobjtype AS TEXT) || '=' || CAST(d.defaclacl AS TEXT), ','
                    ORDER BY d.defaclobjtype, d.defaclrole)
                FROM pg_default_acl d WHERE d.defaclnamespace IN (SELECT oid FROM centre)),
            (SELECT string_agg(pg_get_triggerdef(t.oid), ',' ORDER BY pg_get_triggerdef(t.oid))
                FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                WHERE c.relnamespace IN (SELECT oid FROM centre) AND NOT t.tgisinternal),
            (SELECT string_agg(md5(pg_get_functiondef(p.oid)), ',' ORDER BY p.proname, md5(pg_get_functiondef(p.oid)))
                FROM pg_proc p WHERE p.pronamespace IN (SELECT oid FROM centre)))";
    let params: [&(dyn postgres::types::ToSql + Sync); 3] = [&centre_schema, &roles.counsellors, &roles.central];
    Ok(client.query_one(STATE, &params).map_err(pg)?.get(0))
}

/// A connection to the server `config` names, as the one who runs the
/// command.
pub fn connect(config: &str) -> Result<Client> {
    Ok(Client::connect(config, postgres::NoTls).map_err(crate::store::engine::Error::from)?)
}

/// Makes the login role `login` (a person) one of the centre's counsellors.
pub fn add_counsellor(client: &mut Client, centre_schema: &str, login: &str) -> Result<()> {
    let roles = CentreRoles::of(client, centre_schema)?;
    add_member(client, &roles.counsellors, login)
}

/// Makes the login role `login` (a person) one of the central team.
pub fn add_central(client: &mut Client, login: &str) -> Result<()> {
    let central =
        central_here(&Db::borrowing_postgres(client))?.ok_or(StoreError::Users(UserProblem::NoCentralTeam))?;
    add_member(client, &central, login)
}

/// Takes the login `login` out of the central team; false when they were
/// not in it.
pub fn remove_central(client: &mut Client, login: &str) -> Result<bool> {
    let db = Db::borrowing_postgres(client);
    let central = central_here(&db)?.ok_or(StoreError::Users(UserProblem::NoCentralTeam))?;
    if !members(&db, &central)?.iter().any(|m| m == login) {
        return Ok(false);
    }
    revoke(&db, &central, login)?;
    Ok(true)
}

/// The central team's role and its members, by name.
pub fn central_team(client: &mut Client) -> Result<(String, Vec<String>)> {
    let db = Db::borrowing_postgres(client);
    let central = central_here(&db)?.ok_or(StoreError::Users(UserProblem::NoCentralTeam))?;
    let members = members(&db, &central)?;
    Ok((central, members))
}

fn add_member(client: &mut Client, group: &str, login: &str) -> Result<()> {
    grant(&Db::borrowing_postgres(client), group, login, false)
}

/// The counsellors' role of the centre `db` is on (its search path's
/// schema), if the centre's roles are set up: a centre whose roles are
/// not has no grants to keep beside its user list.
pub fn counsellors_here(db: &Db<'_>) -> Result<Option<String>> {
    let (database, centre): (String, String) =
        db.query_row("SELECT current_database(), current_schema()", &[], |r| r.columns())?;
    let group = CentreRoles::named(&database, &centre).counsellors;
    Ok(role_exists(db, &group)?.then_some(group))
}

/// The central team's role of the database `db` is connected to, when a
/// centre's set-up has made it.
pub fn central_here(db: &Db<'_>) -> Result<Option<String>> {
    let database: String = db.query_row("SELECT current_database()", &[], |r| r.get(0))?;
    let group = CentreRoles::named(&database, "").central;
    Ok(role_exists(db, &group)?.then_some(group))
}

fn role_exists(db: &Db<'_>, role: &str) -> Result<bool> {
    // A name past PostgreSQL's 63 bytes is no role (the set-up refuses to
    // make one), and the server refuses it even as a value to compare.
    if role.len() > 63 {
        return Ok(false);
    }
    Ok(db.query_row("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?1)", &[&role], |r| r.get(0))?)
}

/// Makes the login `login` a member of `group`; with `admin`, one who may
/// make others members too (a team leader adds their colleagues without
/// the IT department). Inside the caller's transaction, where there is
/// one: PostgreSQL's GRANT is undone with it.
pub fn grant(db: &Db<'_>, group: &str, login: &str, admin: bool) -> Result<()> {
    // Logins are the IT department's to create, with their passwords.
    let person = "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?1 AND rolcanlogin)";
    if !db.query_row(person, &[&login], |r| r.get::<bool>(0))? {
        return Err(StoreError::Users(UserProblem::NoLogin(login.to_string())));
    }
    let option = if admin { " WITH ADMIN OPTION" } else { "" };
    let sql = format!("GRANT {} TO {}{option}", quote_identifier(group), quote_identifier(login));
    let who = current_user(db)?;
    db.execute_batch(&sql).map_err(|e| may_not(e, who, group))
}

/// Takes the membership of `group` from `login`, if they are one and the
/// login is there (a login the IT department removed has nothing left).
pub fn revoke(db: &Db<'_>, group: &str, login: &str) -> Result<()> {
    if !role_exists(db, login)? {
        return Ok(());
    }
    let sql = format!("REVOKE {} FROM {}", quote_identifier(group), quote_identifier(login));
    let who = current_user(db)?;
    db.execute_batch(&sql).map_err(|e| may_not(e, who, group))?;
    // From PostgreSQL 16 a REVOKE takes only the revoker's own grant and
    // leaves another's with a warning: the membership would outlive the
    // user list's change unseen.
    if members(db, group)?.iter().any(|m| m == login) {
        return Err(StoreError::Users(UserProblem::StillMember { login: login.to_string(), group: group.to_string() }));
    }
    Ok(())
}

/// The logins that are direct members of `group`, by name.
pub fn members(db: &Db<'_>, group: &str) -> Result<Vec<String>> {
    Ok(db.query_map(
        "SELECT CAST(m.rolname AS TEXT) FROM pg_auth_members a
         JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles m ON m.oid = a.member
         WHERE g.rolname = ?1 ORDER BY m.rolname",
        &[&group],
        |r| r.get(0),
    )?)
}

fn current_user(db: &Db<'_>) -> Result<String> {
    Ok(db.query_row("SELECT CAST(current_user AS TEXT)", &[], |r| r.get(0))?)
}

/// A GRANT or REVOKE the server refused to `who` for want of the right to
/// give `group`, said as such; any other failure as it came.
fn may_not(e: crate::store::engine::Error, who: String, group: &str) -> StoreError {
    match &e {
        crate::store::engine::Error::Postgres(p)
            if p.code() == Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE) =>
        {
            StoreError::Users(UserProblem::MayNotGrant { who, group: group.to_string() })
        }
        _ => StoreError::from(e),
    }
}

#[cfg(test)]
#[path = "postgres_roles_tests.rs"]
mod tests;
