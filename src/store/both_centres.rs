//! The store itself on both engines: a centre on a SQLite file and a
//! centre in a PostgreSQL database of its own, each opened by counsellors
//! as the program opens it, and the macro that runs a test once on each.
//! Where [`engine::both`](super::engine::both) proves a family's SQL, this
//! proves what a user does through the [`Store`]: the transaction, the
//! access check, the audit trail and the rechecks for a colleague's change.

use tempfile::TempDir;

use super::engine::test_server;
use super::{Opening, Store};

/// A centre's name on the server: one that needs quoting, as a centre's may.
pub(crate) const CENTRE: &str = "Rusmiddelcentret Øst";

pub(crate) enum Centre {
    Sqlite(TempDir),
    Postgres(String),
}

impl Centre {
    /// A folder for a new file, created by the first to open it.
    pub(crate) fn sqlite() -> Centre {
        Centre::Sqlite(TempDir::new().expect("a temporary folder"))
    }

    /// A new, empty PostgreSQL database, the centre created by the first
    /// to open it.
    pub(crate) fn postgres() -> Centre {
        Centre::Postgres(test_server::fresh_database())
    }

    /// `who`'s program on the centre: on SQLite as the Unix user `who`
    /// would open the file; on PostgreSQL logged in as the role `who`
    /// (made a login role of the test server when missing, with every
    /// privilege: the separation of centres is tested where roles are).
    pub(crate) fn open(&self, who: &str) -> Store {
        match self {
            Centre::Sqlite(dir) => Store::open(&dir.path().join("sagsbord.db"), who).expect("the file opens"),
            Centre::Postgres(config) => {
                let mut admin = postgres::Client::connect(config, postgres::NoTls).expect("the server answers");
                let role = super::schema::quote_identifier(who);
                admin
                    .batch_execute(&format!(
                        "DO $$ BEGIN CREATE ROLE {role} LOGIN SUPERUSER;
                         EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
                    ))
                    .expect("the role is made");
                let as_who = format!("{config} user='{}'", who.replace('\\', "\\\\").replace('\'', "\\'"));
                Store::open_postgres(&as_who, CENTRE, Opening::CREATE).expect("the centre opens")
            }
        }
    }
}

impl Centre {
    /// Runs `sql` on the centre as its administrator would with psql or
    /// sqlite3, around the program: on the server as a superuser with the
    /// centre's schema first in the search path.
    pub(crate) fn behind_the_programs_back(&self, sql: &str) {
        match self {
            Centre::Sqlite(dir) => {
                rusqlite::Connection::open(dir.path().join("sagsbord.db")).unwrap().execute_batch(sql).unwrap()
            }
            Centre::Postgres(config) => {
                let mut admin = postgres::Client::connect(config, postgres::NoTls).expect("the server answers");
                let schema = super::schema::quote_identifier(CENTRE);
                admin.batch_execute(&format!("SET search_path TO {schema}; {sql}")).unwrap();
            }
        }
    }
}

/// Runs each named test, `fn(&Centre)`, once on SQLite and once on
/// PostgreSQL (in modules `sqlite` and `postgres` of the caller).
macro_rules! on_both_centres {
    ($($test:ident),* $(,)?) => {
        mod sqlite {
            $( #[test] fn $test() { super::$test(&$crate::store::both_centres::Centre::sqlite()); } )*
        }
        mod postgres {
            $( #[test] fn $test() { super::$test(&$crate::store::both_centres::Centre::postgres()); } )*
        }
    };
}
pub(crate) use on_both_centres;
