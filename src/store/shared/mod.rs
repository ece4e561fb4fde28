//! The shared server: one database for a centre's counsellors, protected by
//! the operating system (README, "The shared server").
//!
//! An administrator runs `sagsbord setup-shared` once: the database and its
//! folder then belong to a group the counsellors are not in, the installed
//! binary is setgid to it, and the setup is recorded beside the binary
//! (`record`). The program is then in shared mode when it runs setgid or
//! finds a trusted record beside itself ([`start`]); it takes the group away
//! at once (`rights`) and uses it only to check (`checks`) and open the
//! recorded database. Who acts is the real uid's user name (`identity`).

mod checks;
mod identity;
mod record;
mod rights;
pub mod setup;

use std::path::PathBuf;

use nix::unistd::{Gid, geteuid, getgroups};

pub use checks::{Fix, Loose, check};
pub use identity::{current_user, user_name};
pub use record::{DATABASE_NAME, FILE_MODE, FOLDER_MODE, RECORD_NAME, Record, Untrusted};
pub use rights::with_group;

/// Why the program will not run (or open the database) in shared mode.
/// Said in Danish by `text::shared`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SharedProblem {
    /// A record beside the binary that cannot be trusted or read.
    UntrustedRecord { path: PathBuf, why: Untrusted },
    /// The binary runs setgid, but no record says what for: a copy or a
    /// link of it somewhere else, or a setup not finished.
    SetgidWithoutRecord { binary: PathBuf },
    /// A record is there, but the binary does not run with its group (not
    /// setgid, setgid to another group, or a file system mounted nosuid).
    NotSetgid { binary: PathBuf, group: String },
    /// The recorded folder or database is gone.
    Missing { path: PathBuf },
    /// The recorded folder or database cannot be looked at.
    Unreadable { path: PathBuf, why: String },
    /// A link, a folder or a device where the record says a file or a
    /// folder is.
    WrongKind { path: PathBuf },
    /// Looser (or other) modes and owners than the setup gave them.
    Loose { group: String, loose: Vec<Loose> },
    /// The user is a member of the shared group: they can read the file
    /// directly, outside sagsbord and its audit trail.
    Member { group: String },
    /// Switching the group failed (the system call's reason).
    Rights(String),
}

/// The first thing the program does: finds out whether it is in shared
/// mode, and if it runs setgid, takes the group away before anything else
/// happens. Returns the record in shared mode, `None` otherwise; refuses a
/// setgid binary without a trusted record and a record without the group.
pub fn start() -> Result<Option<Record>, SharedProblem> {
    let (real, effective, _) = rights::current()?;
    let setgid = effective != real;
    if setgid {
        rights::lower(effective)?;
    }
    let binary = std::env::current_exe().unwrap_or_default();
    match Record::find()? {
        None if setgid => Err(SharedProblem::SetgidWithoutRecord { binary }),
        None => Ok(None),
        Some(record) => {
            let group = Gid::from_raw(record.gid);
            if geteuid().is_root() {
                // Root reaches the files anyway; with the group, files SQLite
                // makes for it in the folder get the group as for anyone.
                rights::lower(group)?;
            } else if !setgid || effective != group {
                return Err(SharedProblem::NotSetgid { binary, group: record.group });
            } else if getgroups().is_ok_and(|groups| groups.contains(&group)) {
                // The protection does not hold for this user: said, so that
                // the administrator sees it, rather than quietly run on.
                return Err(SharedProblem::Member { group: record.group });
            }
            Ok(Some(record))
        }
    }
}
