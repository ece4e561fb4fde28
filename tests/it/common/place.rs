//! Where a test's centre is: a SQLite file, or a centre of a PostgreSQL
//! server (the tests' throw-away one), each opened as the program opens
//! it; and the macro that runs a test once on each, as the library's
//! `on_both_centres!` does inside the crate.

use std::path::PathBuf;

use sagsbord::store::exchange::ExportFile;
use sagsbord::store::{NewUser, Opening, Role, Store};
use tempfile::TempDir;

use super::{fresh, server_url};

/// A centre's name on the server.
const CENTRE: &str = "Demo";

pub enum Place {
    /// The folder is kept as long as the place: dropped, it goes.
    File {
        _folder: TempDir,
        path: PathBuf,
    },
    Server(String),
}

impl Place {
    /// A new file, created by a team leader, `opsætning`.
    pub fn file() -> Place {
        let (dir, path, _creator) = fresh("opsætning");
        Place::File { _folder: dir, path }
    }

    /// A new centre in a new database of the test server, created by the
    /// server's superuser.
    pub fn server() -> Place {
        let url = server_url();
        Store::open_postgres(&url, CENTRE, Opening::CREATE).unwrap();
        Place::Server(url)
    }

    /// A new, empty centre of the same kind.
    pub fn again(&self) -> Place {
        match self {
            Place::File { .. } => Place::file(),
            Place::Server(_) => Place::server(),
        }
    }

    /// The place with `file` imported by its creator.
    pub fn seeded(self, file: &ExportFile) -> Place {
        let mut creator = match &self {
            Place::File { path, .. } => Store::open(path, "opsætning").unwrap(),
            Place::Server(url) => Store::open_postgres(url, CENTRE, Opening::EXISTING).unwrap(),
        };
        creator.import(file).unwrap();
        drop(creator);
        self
    }

    /// Who created the centre, and so is its first team leader.
    pub fn creator(&self) -> String {
        match self {
            Place::File { .. } => "opsætning".into(),
            Place::Server(url) => {
                let user = url.strip_prefix("postgresql://").and_then(|rest| rest.split_once('@'));
                user.expect("the test server's URL names its user").0.to_string()
            }
        }
    }

    /// Runs `sql` on the centre with the trail's guards off, as anyone
    /// who can write the file can, or the server's superuser: on a file
    /// the guarding triggers dropped, on the server every trigger of the
    /// session passed by (`session_replication_role`).
    pub fn unguarded(&self, sql: &str) {
        match self {
            Place::File { path, .. } => rusqlite::Connection::open(path)
                .unwrap()
                .execute_batch(&format!("DROP TRIGGER audit_never_changed; DROP TRIGGER audit_never_deleted; {sql}"))
                .unwrap(),
            Place::Server(url) => {
                let mut admin = postgres::Client::connect(url, postgres::NoTls).unwrap();
                let schema = format!("\"{}\"", CENTRE.replace('"', "\"\""));
                admin
                    .batch_execute(&format!(
                        "SET session_replication_role = replica; SET search_path TO {schema}; {sql}"
                    ))
                    .unwrap();
            }
        }
    }

    /// `name`'s program, a team leader of the centre.
    pub fn open(&self, name: &str) -> Store {
        self.open_as(name, Role::TeamLeader)
    }

    /// `name`'s program, made a user with `role` by the centre's creator
    /// unless they are one (on the server, a login role of that name too).
    pub fn open_as(&self, name: &str, role: Role) -> Store {
        self.open_user(&NewUser { name: name.into(), full_name: String::new(), role, anonymous_team: false })
    }

    /// `user`'s program, made that user by the centre's creator unless
    /// they are one (on the server, a login role of that name too).
    pub fn open_user(&self, user: &NewUser) -> Store {
        let name = user.name.as_str();
        let creator = match self {
            Place::File { path, .. } => Store::open(path, "opsætning").unwrap(),
            Place::Server(url) => {
                let mut admin = postgres::Client::connect(url, postgres::NoTls).unwrap();
                admin
                    .batch_execute(&format!(
                        "DO $$ BEGIN CREATE ROLE {name} LOGIN SUPERUSER;
                         EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
                    ))
                    .unwrap();
                Store::open_postgres(url, CENTRE, Opening::EXISTING).unwrap()
            }
        };
        let mut creator = creator;
        if creator.user(name).unwrap().is_none() {
            creator.add_user(user).unwrap();
        }
        drop(creator);
        match self {
            Place::File { path, .. } => Store::open(path, name).unwrap(),
            Place::Server(url) => {
                let as_name =
                    url.replacen(&format!("postgresql://{}@", self.creator()), &format!("postgresql://{name}@"), 1);
                Store::open_postgres(&as_name, CENTRE, Opening::EXISTING).unwrap()
            }
        }
    }
}

/// Runs each named test, `fn(&Place)` on a new, empty centre, once on a
/// file and once on the server (in modules `file` and `server` of the
/// caller).
macro_rules! on_both_places {
    ($($test:ident),* $(,)?) => {
        mod file {
            $( #[test] fn $test() { super::$test(&$crate::common::place::Place::file()); } )*
        }
        mod server {
            $( #[test] fn $test() { super::$test(&$crate::common::place::Place::server()); } )*
        }
    };
}
pub(crate) use on_both_places;
