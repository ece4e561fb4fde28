//! The setup an administrator made with `sagsbord setup-shared`, recorded
//! in a file beside the installed binary (`sagsbord-shared.toml`).
//!
//! The binary finds it by its own real path (`/proc/self/exe`), never by
//! anything the user can set (an environment variable, a flag, a config
//! folder). It is trusted only if it and its folder belong to root and no
//! one else may write them: a copy or a hard link of the binary in a
//! folder the user owns then finds no trusted record, and a setgid binary
//! without one refuses to run (`super::start`).

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::SharedProblem;
use crate::store::files::{self, SMALL_FILE_LIMIT};

/// The record's file name, beside the installed binary.
pub const RECORD_NAME: &str = "sagsbord-shared.toml";
/// The database's file name in the shared folder.
pub const DATABASE_NAME: &str = "sagsbord.db";
/// The shared folder: root and the group only; setgid, so every file made
/// in it (SQLite's `-wal` and `-shm` too) gets the group.
pub const FOLDER_MODE: u32 = 0o2770;
/// The database (and SQLite's files beside it): read and write for root
/// and the group, nothing for others.
pub const FILE_MODE: u32 = 0o660;

/// What `setup-shared` set up: the group that owns the data and where the
/// database is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// The group's name, for messages and the fixes they suggest.
    pub group: String,
    /// The group's id: what the folder and files must belong to.
    pub gid: u32,
    /// The shared folder (mode [`FOLDER_MODE`], root:group).
    pub folder: PathBuf,
    /// The database in it (mode [`FILE_MODE`], root:group).
    pub database: PathBuf,
}

/// Why a record beside the binary is not trusted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Untrusted {
    /// Not a regular file (a link, a folder, a device).
    NotAFile,
    /// The file or its folder does not belong to root.
    NotRoot(PathBuf),
    /// The file or its folder may be written by its group or by others.
    Writable(PathBuf),
    /// It cannot be read or is not a record (the reason in words).
    Unreadable(String),
}

impl Record {
    /// The record beside a binary at `binary`.
    pub fn beside(binary: &Path) -> PathBuf {
        files::folder_of(binary).join(RECORD_NAME)
    }

    /// The record beside the running binary: `None` if there is none, an
    /// error if there is one that cannot be trusted or read (an
    /// administrator's mistake is named rather than quietly ignored).
    pub fn find() -> Result<Option<Record>, SharedProblem> {
        let Ok(binary) = std::env::current_exe() else {
            return Ok(None);
        };
        Record::find_at(&Record::beside(&binary))
    }

    /// The record at `path`, checked (see the module's doc).
    pub fn find_at(path: &Path) -> Result<Option<Record>, SharedProblem> {
        let untrusted = |why| SharedProblem::UntrustedRecord { path: path.to_path_buf(), why };
        let meta = match fs::symlink_metadata(path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(untrusted(Untrusted::Unreadable(crate::text::cli::io_error(&e)))),
        };
        if !meta.is_file() {
            return Err(untrusted(Untrusted::NotAFile));
        }
        let folder = files::folder_of(path);
        let folder_meta =
            fs::metadata(folder).map_err(|e| untrusted(Untrusted::Unreadable(crate::text::cli::io_error(&e))))?;
        for (place, meta) in [(path, &meta), (folder, &folder_meta)] {
            if meta.uid() != 0 {
                return Err(untrusted(Untrusted::NotRoot(place.to_path_buf())));
            }
            if meta.mode() & 0o022 != 0 {
                return Err(untrusted(Untrusted::Writable(place.to_path_buf())));
            }
        }
        let text = files::read_regular(path, SMALL_FILE_LIMIT)
            .map_err(|p| untrusted(Untrusted::Unreadable(crate::text::store::file_problem(&p))))?;
        let record = Record::parse(&text).map_err(|why| untrusted(Untrusted::Unreadable(why)))?;
        Ok(Some(record))
    }

    /// A record's text, with its paths checked: absolute, and the database
    /// directly in the folder.
    pub fn parse(text: &str) -> Result<Record, String> {
        let record: Record = toml::from_str(text).map_err(|e| e.message().to_string())?;
        if !record.folder.is_absolute() || record.database.parent() != Some(record.folder.as_path()) {
            return Err(crate::text::shared::RECORD_PATHS.to_string());
        }
        Ok(record)
    }

    /// The record as written to its file, with a comment saying where it
    /// comes from.
    pub fn to_text(&self) -> String {
        let body = toml::to_string(self).unwrap_or_default();
        format!("{}{body}", crate::text::shared::RECORD_HEADER)
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn record() -> Record {
        Record {
            group: "sagsbord".into(),
            gid: 990,
            folder: "/srv/sagsbord".into(),
            database: "/srv/sagsbord/sagsbord.db".into(),
        }
    }

    #[test]
    fn a_record_reads_back_as_written_and_a_misspelt_or_relative_one_is_refused() {
        assert_eq!(Record::parse(&record().to_text()).unwrap(), record());
        assert!(Record::parse("grup = \"x\"").is_err());
        let relative = Record { folder: "srv".into(), database: "srv/sagsbord.db".into(), ..record() };
        assert!(Record::parse(&relative.to_text()).is_err());
        let elsewhere = Record { database: "/home/anna/sagsbord.db".into(), ..record() };
        assert!(Record::parse(&elsewhere.to_text()).is_err());
    }

    #[test]
    fn no_record_is_none_and_one_others_may_write_is_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(RECORD_NAME);
        assert_eq!(Record::find_at(&path).unwrap(), None);
        fs::write(&path, record().to_text()).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o666)).unwrap();
        let err = Record::find_at(&path).unwrap_err();
        // Owned by whoever runs the test: as root, the mode is what is wrong.
        let running_as_root = nix::unistd::geteuid().is_root();
        match err {
            SharedProblem::UntrustedRecord { why: Untrusted::Writable(p), .. } if running_as_root => {
                assert_eq!(p, path);
            }
            SharedProblem::UntrustedRecord { why: Untrusted::NotRoot(_), .. } if !running_as_root => {}
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_symbolic_link_is_not_a_record() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("elsewhere.toml");
        fs::write(&real, record().to_text()).unwrap();
        let path = dir.path().join(RECORD_NAME);
        std::os::unix::fs::symlink(&real, &path).unwrap();
        assert!(matches!(Record::find_at(&path), Err(SharedProblem::UntrustedRecord { why: Untrusted::NotAFile, .. })));
    }
}
