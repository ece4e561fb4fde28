//! A municipality's centres on one PostgreSQL database, read by its
//! central team: the yearly report of each centre and of all together.
//!
//! - **Who may.** A member of the database's central team role (see
//!   `schema/postgres_roles.rs`), or a superuser. The database enforces
//!   the rest: the central team's role reads every centre's schema and
//!   writes none, so nothing here can change a record or its trail, and a
//!   counsellor who asks is refused before a centre is read.
//! - **One snapshot.** Every centre is read in one read-only transaction
//!   (REPEATABLE READ), so the municipality's figures are the centres' at
//!   one moment, however long the reading takes and whoever saves
//!   meanwhile. Each centre is read on its schema (the transaction's
//!   search path set to it in turn): PostgreSQL parses a prepared
//!   statement again when the search path changed since it last ran.
//! - **Figures only.** What leaves here is `domain::report::municipality`'s:
//!   no case behind a figure, no note that names one.

use chrono::NaiveDate;
use postgres::Client;

use super::centre::centre_on;
use super::engine::{self, Db, Intent};
use super::report::report_on;
use super::schema::postgres_roles::{self, CentreRoles};
use super::schema::quote_identifier;
use super::{CURRENT_VERSION, Result, StoreError};
use crate::domain::report::Period;
use crate::domain::report::municipality::{self, MunicipalityReport};

/// The connection of one of the municipality's central team.
pub struct Municipality {
    client: Client,
}

impl Municipality {
    /// Connects to the database `config` names as one of its central
    /// team; anyone else is refused ([`StoreError::NotCentralTeam`]).
    pub fn open(config: &str) -> Result<Municipality> {
        let mut client = postgres_roles::connect(config)?;
        let central = CentreRoles::of(&mut client, "")?.central;
        // pg_has_role fails on a role that does not exist (no centre set
        // up yet): asked only of one that does.
        let allowed: bool = client
            .query_one(
                "SELECT coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = session_user), false)
                     OR coalesce((SELECT pg_has_role(session_user, oid, 'MEMBER') FROM pg_roles
                                  WHERE rolname = $1), false)",
                &[&central],
            )
            .map_err(engine::Error::from)?
            .get(0);
        if !allowed {
            let login: String =
                client.query_one("SELECT CAST(session_user AS TEXT)", &[]).map_err(engine::Error::from)?.get(0);
            return Err(StoreError::NotCentralTeam { login, role: central });
        }
        Ok(Municipality { client })
    }

    /// The centres of the database (schemas sagsbord made), by name.
    pub fn centres(&mut self) -> Result<Vec<String>> {
        let rows = self
            .client
            .query(
                "SELECT nspname FROM pg_namespace n
                  WHERE EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = n.oid AND c.relname = 'schema_version')
                    AND EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = n.oid AND c.relname = 'centre')
                  ORDER BY nspname COLLATE \"C\"",
                &[],
            )
            .map_err(engine::Error::from)?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    /// The report of `period` on `today` of every centre, each under its
    /// own profile, and of all together.
    pub fn report(&mut self, period: Period, today: NaiveDate) -> Result<MunicipalityReport> {
        let centres = self.centres()?;
        if centres.is_empty() {
            return Err(StoreError::NoCentres);
        }
        let db = Db::borrowing_postgres(&mut self.client);
        let snapshot = db.transaction(Intent::Read)?;
        let mut reports = Vec::with_capacity(centres.len());
        for schema in &centres {
            // A centre the central team was not given (its set-up not run)
            // is named, rather than the server's bare refusal.
            let readable: bool =
                snapshot.query_row("SELECT has_schema_privilege(?1, 'USAGE')", &[schema], |r| r.get(0))?;
            if !readable {
                return Err(StoreError::CentreNotGiven { centre: schema.clone() });
            }
            snapshot.execute_batch(&format!("SET LOCAL search_path TO {}", quote_identifier(schema)))?;
            let version = snapshot.query_row("SELECT version FROM schema_version", &[], |r| r.get::<i64>(0))?;
            let version = usize::try_from(version).unwrap_or(0);
            if version != CURRENT_VERSION {
                return Err(StoreError::CentreAtVersion { centre: schema.clone(), version, program: CURRENT_VERSION });
            }
            let centre = centre_on(&snapshot)?;
            let profile = centre.load_profile().map_err(StoreError::Profile)?;
            reports.push((centre.name, report_on(&snapshot, &profile, period, today)?));
        }
        snapshot.commit()?;
        Ok(municipality::combine(period, today, reports))
    }
}

#[cfg(test)]
#[path = "municipality_tests.rs"]
mod tests;
