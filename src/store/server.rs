//! A centre on a PostgreSQL server: the same store as on a file, opened
//! on the centre's schema of a municipality's database.
//!
//! Who acts is the role the server let in (`session_user`), not a name the
//! program is told: the server has authenticated them, as the file's
//! permissions and the Unix user do for a centre on one machine. The
//! user list of the centre (`users`) holds those role names.

use postgres::{Client, NoTls};

use super::engine::{self, Link};
use super::schema::{MigrationOutcome, migrate_postgres};
use super::{Opening, Place, Result, Store, StoreError};

impl Store {
    /// Opens the centre `centre` (its schema) in the PostgreSQL database
    /// `config` names (a `postgresql://` URL or `key=value` pairs), as
    /// `how` allows: the schema is brought up to date first (created, when
    /// `how` may create), and one newer than the program is refused
    /// untouched.
    pub fn open_postgres(config: &str, centre: &str, how: Opening) -> Result<Store> {
        let mut client = Client::connect(config, NoTls).map_err(engine::Error::from)?;
        let exists: bool = client
            .query_one("SELECT to_regnamespace($1) IS NOT NULL", &[&super::schema::quote_identifier(centre)])
            .map_err(engine::Error::from)?
            .get(0);
        if !exists && (!how.create || how.read_only) {
            return Err(StoreError::NoCentre { centre: centre.to_string() });
        }
        let from = if how.read_only {
            let version = version_of(&mut client, centre)?;
            if version > super::CURRENT_VERSION {
                return Err(StoreError::TooNew { file: version, program: super::CURRENT_VERSION });
            }
            if version < super::CURRENT_VERSION {
                return Err(StoreError::NeedsUpgrade { file: version, program: super::CURRENT_VERSION });
            }
            version
        } else {
            match migrate_postgres(&mut client, centre)? {
                MigrationOutcome::TooNew { file, program } => return Err(StoreError::TooNew { file, program }),
                MigrationOutcome::AtVersion { from, .. } => from,
            }
        };
        // The same session on: one connection an opening, not two.
        let link = Link::postgres_on(client, centre)?;
        let actor: String = link.db().query_row("SELECT CAST(session_user AS TEXT)", &[], |r| r.get(0))?;
        let place = Place::Server { config: config.to_string(), centre: centre.to_string() };
        let mut store = Store::on_link(link, actor, Some(place), how.read_only);
        if !how.read_only {
            store.register_at_open(from)?;
            store.recompute_marked_now()?;
        }
        Ok(store)
    }
}

impl Store {
    /// Connects again when the server closed the store's connection (it
    /// restarted, or an administrator ended the session): the same centre,
    /// and only as the same person at the same schema version, or the
    /// trail would name someone else or the program misread the tables.
    /// `Ok(true)` when it connected again; an error when the server is
    /// not back yet (the caller asks again later). Asks the server whether
    /// the connection still stands: for after a statement failed. A write cut off by the
    /// loss was rolled back by the server: nothing of it is kept.
    pub fn reconnect_if_lost(&mut self) -> Result<bool> {
        self.reconnect(true)
    }

    /// [`Store::reconnect_if_lost`] when the client already knows the
    /// connection closed, without asking the server: for every tick.
    pub fn reconnect_if_closed(&mut self) -> Result<bool> {
        self.reconnect(false)
    }

    fn reconnect(&mut self, probe: bool) -> Result<bool> {
        if !self.link.is_lost(probe) {
            return Ok(false);
        }
        let Some(Place::Server { config, centre }) = &self.place else { return Ok(false) };
        let link = Link::postgres(config, centre)?;
        let (actor, version): (String, i64) = link.db().query_row(
            "SELECT CAST(session_user AS TEXT), (SELECT version FROM schema_version)",
            &[],
            |r| r.columns(),
        )?;
        if actor != self.actor {
            return Err(StoreError::ReconnectedAsOther { was: self.actor.clone(), now: actor });
        }
        let version = usize::try_from(version).unwrap_or(0);
        if version != super::CURRENT_VERSION {
            return Err(StoreError::CentreAtVersion {
                centre: centre.clone(),
                version,
                program: super::CURRENT_VERSION,
            });
        }
        self.link = link;
        // The trail's capture table was the lost session's (TEMP).
        self.capturing = false;
        // So was its listening; what was told meanwhile is not known.
        if self.heard_stamp.is_some() {
            self.heard_stamp = None;
            self.listen_for_changes()?;
        }
        Ok(true)
    }
}

/// The centre's schema version, read without changing anything.
fn version_of(client: &mut Client, centre: &str) -> Result<usize> {
    let table = format!("{}.schema_version", super::schema::quote_identifier(centre));
    let present: bool =
        client.query_one("SELECT to_regclass($1) IS NOT NULL", &[&table]).map_err(engine::Error::from)?.get(0);
    if !present {
        return Ok(0);
    }
    let version: i64 =
        client.query_one(&format!("SELECT version FROM {table}"), &[]).map_err(engine::Error::from)?.get(0);
    Ok(version as usize)
}
