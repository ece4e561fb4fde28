//! Before every opening in shared mode: the folder and the database must
//! still be as `setup-shared` left them. Anything looser (a mode with more
//! bits, another owner or group, a link in their place) is refused with
//! the command that puts it right; the program opens nothing until then.
//!
//! Run with the group (`rights::with_group`): a counsellor cannot even
//! look inside the folder without it.

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use super::SharedProblem;
use super::record::{FILE_MODE, FOLDER_MODE, Record};

/// What is wrong with one path, as the fix that rights it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fix {
    /// `chown root:GROUP PATH`.
    Owner,
    /// `chmod MODE PATH`.
    Mode(u32),
}

/// One path that is not as the setup left it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loose {
    pub path: PathBuf,
    pub fix: Fix,
}

/// Checks the shared folder and the database (and SQLite's `-wal` and
/// `-shm` when there) against the record.
pub fn check(record: &Record) -> Result<(), SharedProblem> {
    let mut loose = Vec::new();
    // The folder and the database: exactly root:group and the setup's mode.
    // A mode with fewer bits is refused too: it is not what the setup gave,
    // and SQLite would fail on it later with a less helpful message.
    for (path, mode, is_folder) in [(&record.folder, FOLDER_MODE, true), (&record.database, FILE_MODE, false)] {
        let meta = match fs::symlink_metadata(path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(SharedProblem::Missing { path: path.clone() });
            }
            Err(e) => {
                return Err(SharedProblem::Unreadable { path: path.clone(), why: crate::text::cli::io_error(&e) });
            }
        };
        let right_kind = if is_folder { meta.is_dir() } else { meta.is_file() };
        if !right_kind {
            return Err(SharedProblem::WrongKind { path: path.clone() });
        }
        if meta.uid() != 0 || meta.gid() != record.gid {
            loose.push(Loose { path: path.clone(), fix: Fix::Owner });
        }
        if meta.mode() & 0o7777 != mode {
            loose.push(Loose { path: path.clone(), fix: Fix::Mode(mode) });
        }
    }
    // SQLite's files belong to whichever counsellor's program made them;
    // they must have the group and no more bits than the database.
    for suffix in ["-wal", "-shm"] {
        let path = with_suffix(&record.database, suffix);
        let Ok(meta) = fs::symlink_metadata(&path) else { continue };
        if !meta.is_file() {
            return Err(SharedProblem::WrongKind { path });
        }
        if meta.gid() != record.gid {
            loose.push(Loose { path: path.clone(), fix: Fix::Owner });
        }
        if meta.mode() & 0o7777 & !FILE_MODE != 0 {
            loose.push(Loose { path, fix: Fix::Mode(FILE_MODE) });
        }
    }
    if loose.is_empty() { Ok(()) } else { Err(SharedProblem::Loose { group: record.group.clone(), loose }) }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use nix::unistd::getegid;

    use super::*;

    /// A folder and database as the setup leaves them, but owned by
    /// whoever runs the test: the owner is then wrong unless that is root.
    fn setup() -> (tempfile::TempDir, Record) {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("delt");
        fs::create_dir(&folder).unwrap();
        fs::set_permissions(&folder, fs::Permissions::from_mode(FOLDER_MODE)).unwrap();
        let database = folder.join("sagsbord.db");
        fs::write(&database, "").unwrap();
        fs::set_permissions(&database, fs::Permissions::from_mode(FILE_MODE)).unwrap();
        let record = Record { group: "sagsbord".into(), gid: getegid().as_raw(), folder, database };
        (dir, record)
    }

    fn modes(err: SharedProblem) -> Vec<Loose> {
        match err {
            SharedProblem::Loose { loose, .. } => loose.into_iter().filter(|l| l.fix != Fix::Owner).collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn looser_modes_on_the_folder_the_file_or_its_log_are_each_named_with_their_fix() {
        let (_dir, record) = setup();
        if nix::unistd::geteuid().is_root() {
            check(&record).unwrap();
        }
        fs::set_permissions(&record.folder, fs::Permissions::from_mode(0o2775)).unwrap();
        fs::set_permissions(&record.database, fs::Permissions::from_mode(0o664)).unwrap();
        let wal = with_suffix(&record.database, "-wal");
        fs::write(&wal, "").unwrap();
        fs::set_permissions(&wal, fs::Permissions::from_mode(0o606)).unwrap();
        assert_eq!(
            modes(check(&record).unwrap_err()),
            vec![
                Loose { path: record.folder.clone(), fix: Fix::Mode(FOLDER_MODE) },
                Loose { path: record.database.clone(), fix: Fix::Mode(FILE_MODE) },
                Loose { path: wal, fix: Fix::Mode(FILE_MODE) },
            ]
        );
    }

    #[test]
    fn another_group_or_a_link_in_the_databases_place_is_refused() {
        let (_dir, record) = setup();
        let other_group = Record { gid: record.gid.wrapping_add(1), ..record.clone() };
        match check(&other_group).unwrap_err() {
            SharedProblem::Loose { loose, .. } => assert!(loose.iter().any(|l| l.fix == Fix::Owner)),
            other => panic!("{other:?}"),
        }
        fs::remove_file(&record.database).unwrap();
        assert!(matches!(check(&record), Err(SharedProblem::Missing { .. })));
        std::os::unix::fs::symlink("/etc/passwd", &record.database).unwrap();
        assert!(matches!(check(&record), Err(SharedProblem::WrongKind { .. })));
    }
}
