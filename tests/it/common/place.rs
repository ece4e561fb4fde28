//! Where a test's centre is: a SQLite file, or a centre of a PostgreSQL
//! server (the tests' throw-away one), each opened as the program opens
//! it; and the macro that runs a test once on each, as the library's
//! `on_both_centres!` does inside the crate.

use std::path::PathBuf;

use sagsbord::store::exchange::ExportFile;
use sagsbord::store::{NewUser, Opening, Role, Store};
use tempfile::TempDir;

use super::{fresh, open_as, server_url};

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

    /// `name`'s program, a team leader of the centre: on the server as a
    /// login role of that name, made a user by the centre's creator.
    pub fn open(&self, name: &str) -> Store {
        match self {
            Place::File { path, .. } => open_as(path, name, Role::TeamLeader),
            Place::Server(url) => {
                let mut admin = postgres::Client::connect(url, postgres::NoTls).unwrap();
                admin
                    .batch_execute(&format!(
                        "DO $$ BEGIN CREATE ROLE {name} LOGIN SUPERUSER;
                         EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
                    ))
                    .unwrap();
                let mut creator = Store::open_postgres(url, CENTRE, Opening::EXISTING).unwrap();
                if creator.user(name).unwrap().is_none() {
                    let user = NewUser {
                        name: name.into(),
                        full_name: String::new(),
                        role: Role::TeamLeader,
                        anonymous_team: false,
                    };
                    creator.add_user(&user).unwrap();
                }
                let as_name = url.replacen("postgresql://postgres@", &format!("postgresql://{name}@"), 1);
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
