//! `sagsbord setup-shared`, the administrator's one run: the group, the
//! shared folder and database, the setgid binary and the record beside it.
//! Each step sets owners and modes exactly, whatever was there before, so
//! running it again repairs a setup.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt, chown};
use std::path::{Path, PathBuf};
use std::process::Command;

use nix::unistd::{Group, getuid};

use super::record::{DATABASE_NAME, FILE_MODE, FOLDER_MODE, Record};
use crate::store::{Opening, Store, StoreError, current_user, files};

/// The installed binary's mode: everyone may run it, and it runs with the
/// group (setgid).
pub const BINARY_MODE: u32 = 0o2755;
/// Where the binary is installed unless `--install` says otherwise.
pub const DEFAULT_INSTALL: &str = "/usr/local/bin/sagsbord";

/// What the administrator asked for.
#[derive(Debug, Clone)]
pub struct Plan {
    pub group: String,
    pub folder: PathBuf,
    pub install: PathBuf,
}

/// What was done, step by step, for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Done {
    GroupFound {
        name: String,
        gid: u32,
        members: Vec<String>,
    },
    GroupCreated {
        name: String,
        gid: u32,
    },
    Folder(PathBuf),
    DatabaseCreated(PathBuf),
    DatabaseKept(PathBuf),
    Installed(PathBuf),
    /// The running binary is the installed one: only its owner and mode set.
    InstalledInPlace(PathBuf),
    Recorded(PathBuf),
}

/// Why the setup stopped. Said in Danish by `text::shared`.
#[derive(Debug)]
pub enum SetupError {
    NotRoot,
    BadGroupName(String),
    NotAbsolute(PathBuf),
    /// A parent folder others cannot pass through: counsellors would not
    /// reach the database even with the group.
    Closed(PathBuf),
    /// The folder the binary goes in may be written by others than root:
    /// its record would not be trusted.
    InstallFolder(PathBuf),
    GroupAdd(String),
    NotAFolder(PathBuf),
    Io {
        path: PathBuf,
        error: io::Error,
    },
    Store(StoreError),
}

fn io_at(path: &Path) -> impl Fn(io::Error) -> SetupError + '_ {
    move |error| SetupError::Io { path: path.to_path_buf(), error }
}

/// Runs the whole setup with `binary` as the program to install.
pub fn run(plan: &Plan, binary: &Path) -> Result<Vec<Done>, SetupError> {
    if !getuid().is_root() || !nix::unistd::geteuid().is_root() {
        return Err(SetupError::NotRoot);
    }
    if !valid_group_name(&plan.group) {
        return Err(SetupError::BadGroupName(plan.group.clone()));
    }
    for path in [&plan.folder, &plan.install] {
        if !path.is_absolute() || path.file_name().is_none() {
            return Err(SetupError::NotAbsolute(path.clone()));
        }
    }
    let install_folder = files::folder_of(&plan.install).to_path_buf();
    let mut done = Vec::new();
    let gid = group(&plan.group, &mut done)?;
    let folder = shared_folder(&plan.folder, gid)?;
    done.push(Done::Folder(folder.clone()));
    let database = folder.join(DATABASE_NAME);
    done.push(shared_database(&database, gid)?);
    fs::create_dir_all(&install_folder).map_err(io_at(&install_folder))?;
    let meta = fs::metadata(&install_folder).map_err(io_at(&install_folder))?;
    if meta.uid() != 0 || meta.mode() & 0o022 != 0 {
        return Err(SetupError::InstallFolder(install_folder));
    }
    done.push(install(binary, &plan.install, gid)?);
    let record = Record { group: plan.group.clone(), gid, folder, database };
    let record_path = Record::beside(&plan.install);
    write_root_file(&record_path, &record.to_text())?;
    done.push(Done::Recorded(record_path));
    Ok(done)
}

/// A name `groupadd` takes and no shell or message can trip over.
fn valid_group_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some('a'..='z' | '_'))
        && name.len() <= 32
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_' | '-'))
}

/// The group's id, creating it as a system group when missing.
fn group(name: &str, done: &mut Vec<Done>) -> Result<u32, SetupError> {
    let found = |name: &str| Group::from_name(name).ok().flatten();
    if let Some(group) = found(name) {
        let gid = group.gid.as_raw();
        done.push(Done::GroupFound { name: name.to_string(), gid, members: group.mem });
        return Ok(gid);
    }
    let out = Command::new("groupadd")
        .args(["--system", "--", name])
        .output()
        .map_err(|e| SetupError::GroupAdd(crate::text::cli::io_error(&e)))?;
    if !out.status.success() {
        return Err(SetupError::GroupAdd(String::from_utf8_lossy(&out.stderr).trim().to_string()));
    }
    let gid = found(name).ok_or_else(|| SetupError::GroupAdd(name.to_string()))?.gid.as_raw();
    done.push(Done::GroupCreated { name: name.to_string(), gid });
    Ok(gid)
}

/// The folder, root:group and [`FOLDER_MODE`]; its full path, without links.
fn shared_folder(folder: &Path, gid: u32) -> Result<PathBuf, SetupError> {
    match fs::symlink_metadata(folder) {
        Ok(meta) if !meta.is_dir() => return Err(SetupError::NotAFolder(folder.to_path_buf())),
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            fs::create_dir_all(folder).map_err(io_at(folder))?;
        }
        Err(e) => return Err(io_at(folder)(e)),
    }
    let folder = fs::canonicalize(folder).map_err(io_at(folder))?;
    // Counsellors pass through every folder above it as "others".
    for parent in folder.ancestors().skip(1) {
        let mode = fs::metadata(parent).map_err(io_at(parent))?.mode();
        if mode & 0o001 == 0 {
            return Err(SetupError::Closed(parent.to_path_buf()));
        }
    }
    // Owner first: chown takes the setgid bit off, the mode puts it on.
    chown(&folder, Some(0), Some(gid)).map_err(io_at(&folder))?;
    fs::set_permissions(&folder, fs::Permissions::from_mode(FOLDER_MODE)).map_err(io_at(&folder))?;
    Ok(folder)
}

/// The database: a sagsbord database already there is kept (and checked
/// by opening it), else a new one is made; then root:group, [`FILE_MODE`],
/// and so SQLite's files beside it when they are there.
fn shared_database(database: &Path, gid: u32) -> Result<Done, SetupError> {
    let existed = database.exists();
    let actor = current_user().map_err(SetupError::Store)?;
    let how = if existed { Opening::EXISTING } else { Opening::CREATE };
    drop(Store::open_with(database, &actor, how).map_err(SetupError::Store)?);
    for suffix in ["", "-wal", "-shm"] {
        let mut name = database.as_os_str().to_owned();
        name.push(suffix);
        let path = PathBuf::from(name);
        if suffix.is_empty() || path.exists() {
            chown(&path, Some(0), Some(gid)).map_err(io_at(&path))?;
            fs::set_permissions(&path, fs::Permissions::from_mode(FILE_MODE)).map_err(io_at(&path))?;
        }
    }
    Ok(if existed { Done::DatabaseKept(database.to_path_buf()) } else { Done::DatabaseCreated(database.to_path_buf()) })
}

/// The binary at `target`, root:group and [`BINARY_MODE`], put in place by
/// a rename so a running copy is never half overwritten.
fn install(binary: &Path, target: &Path, gid: u32) -> Result<Done, SetupError> {
    let same = match (fs::metadata(binary), fs::metadata(target)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    };
    if same {
        chown(target, Some(0), Some(gid)).map_err(io_at(target))?;
        fs::set_permissions(target, fs::Permissions::from_mode(BINARY_MODE)).map_err(io_at(target))?;
        return Ok(Done::InstalledInPlace(target.to_path_buf()));
    }
    let temp = temp_beside(target);
    let result = (|| {
        let mut to = OpenOptions::new().write(true).create_new(true).mode(0o700).open(&temp)?;
        io::copy(&mut File::open(binary)?, &mut to)?;
        to.sync_all()?;
        drop(to);
        chown(&temp, Some(0), Some(gid))?;
        fs::set_permissions(&temp, fs::Permissions::from_mode(BINARY_MODE))?;
        fs::rename(&temp, target)
    })();
    if let Err(error) = result {
        let _ = fs::remove_file(&temp);
        return Err(SetupError::Io { path: target.to_path_buf(), error });
    }
    Ok(Done::Installed(target.to_path_buf()))
}

/// A file only root may write, everyone may read, put in place by rename.
fn write_root_file(target: &Path, text: &str) -> Result<(), SetupError> {
    let temp = temp_beside(target);
    let result = (|| {
        let mut to = OpenOptions::new().write(true).create_new(true).mode(0o644).open(&temp)?;
        io::Write::write_all(&mut to, text.as_bytes())?;
        to.sync_all()?;
        drop(to);
        chown(&temp, Some(0), Some(0))?;
        fs::set_permissions(&temp, fs::Permissions::from_mode(0o644))?;
        fs::rename(&temp, target)
    })();
    if let Err(error) = result {
        let _ = fs::remove_file(&temp);
        return Err(SetupError::Io { path: target.to_path_buf(), error });
    }
    Ok(())
}

fn temp_beside(target: &Path) -> PathBuf {
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    files::folder_of(target).join(format!(".{name}.setup-{}.tmp", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_names_are_what_groupadd_takes_and_nothing_a_shell_reads() {
        for good in ["sagsbord", "_sb", "sb-data_2"] {
            assert!(valid_group_name(good), "{good}");
        }
        for bad in ["", "Sagsbord", "2sb", "-sb", "sb;rm", "sb data", "æøå", &"s".repeat(33)] {
            assert!(!valid_group_name(bad), "{bad}");
        }
    }

    #[test]
    fn only_root_may_set_up_and_a_relative_folder_is_refused() {
        let plan = Plan { group: "sagsbord".into(), folder: "srv".into(), install: "/usr/local/bin/sagsbord".into() };
        let err = run(&plan, Path::new("/nonexistent")).unwrap_err();
        if getuid().is_root() {
            assert!(matches!(err, SetupError::NotAbsolute(_)), "{err:?}");
        } else {
            assert!(matches!(err, SetupError::NotRoot), "{err:?}");
        }
    }
}
