//! Files that hold health data outside the database (exports, backups) and
//! small files the program reads (profiles, keymaps).
//!
//! A private file is written to a new temporary file beside its target,
//! created with `O_EXCL | O_NOFOLLOW` and mode 0600 from the first byte,
//! synced, and only then put in place: a kill mid-way leaves the previous
//! file whole, and nothing is ever written through a file or a link that
//! someone else planted at the target. An existing target is replaced only
//! when asked (`force`); a symbolic link there is always refused.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Read};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::{Result, StoreError};

mod bounded;
pub use bounded::BoundedText;

/// What is wrong with a file the program was asked to write or read.
#[derive(Debug)]
pub enum FileProblem {
    /// The target exists and replacing it was not asked for.
    Exists,
    /// The target is a symbolic link: never followed, never replaced.
    Symlink,
    /// Not a regular file (a folder, a device, a pipe).
    NotRegular,
    /// The folder it would go in does not exist.
    NoFolder,
    /// Larger than the program reads (`limit` bytes).
    TooLarge {
        limit: u64,
    },
    /// Not UTF-8 text.
    NotText,
    Io(io::Error),
}

impl From<io::Error> for FileProblem {
    fn from(e: io::Error) -> Self {
        FileProblem::Io(e)
    }
}

fn problem(path: &Path, problem: FileProblem) -> StoreError {
    StoreError::File { path: path.to_path_buf(), problem }
}

/// Refuses a target that must not be written: a symbolic link, anything
/// but a regular file, or an existing file without `force`; and a folder
/// that does not exist. Checked before any data is read for it.
pub fn check_target(target: &Path, force: bool) -> Result<()> {
    match fs::symlink_metadata(target) {
        Ok(meta) if meta.file_type().is_symlink() => Err(problem(target, FileProblem::Symlink)),
        Ok(meta) if !meta.is_file() => Err(problem(target, FileProblem::NotRegular)),
        Ok(_) if !force => Err(problem(target, FileProblem::Exists)),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if folder_of(target).is_dir() {
                Ok(())
            } else {
                Err(problem(target, FileProblem::NoFolder))
            }
        }
        Err(e) => Err(problem(target, FileProblem::Io(e))),
    }
}

/// The folder a path is in (`.` for a bare file name).
pub(crate) fn folder_of(path: &Path) -> &Path {
    path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// A new file beside a target, readable by its owner only, removed again
/// unless it is put in place.
pub(crate) struct TempFile {
    path: PathBuf,
    placed: bool,
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

impl TempFile {
    /// Creates `.NAME.sagsbord-PID-N.tmp` in the target's folder with
    /// `O_EXCL | O_NOFOLLOW` and mode 0600, and returns it open for writing.
    pub(crate) fn beside(target: &Path) -> Result<(TempFile, File)> {
        let folder = folder_of(target);
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let pid = std::process::id();
        for _ in 0..100 {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let nanos =
                std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
            let path = folder.join(format!(".{name}.sagsbord-{pid}-{n}-{nanos:x}.tmp"));
            match OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
                .open(&path)
            {
                Ok(file) => {
                    // The umask can only take bits away; set exactly, on the
                    // open file rather than by name.
                    file.set_permissions(fs::Permissions::from_mode(0o600))?;
                    return Ok((TempFile { path, placed: false }, file));
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(problem(target, FileProblem::Io(e))),
            }
        }
        Err(problem(target, FileProblem::Io(io::Error::from(io::ErrorKind::AlreadyExists))))
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes the file's data to disk (by a new descriptor: SQLite may
    /// have written it).
    pub(crate) fn sync(&self) -> Result<()> {
        let file = OpenOptions::new().read(true).custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC).open(&self.path)?;
        file.sync_all()?;
        Ok(())
    }

    /// Puts the file at `target`: without `force` only if nothing is there
    /// (a hard link fails on any existing name, atomically), with `force`
    /// by renaming over it (a rename replaces a name, it never follows a
    /// link). Then syncs the folder, so the new name survives a power cut.
    pub(crate) fn place(mut self, target: &Path, force: bool) -> Result<()> {
        // Checked again: the target may have changed since the first check.
        check_target(target, force)?;
        if force {
            fs::rename(&self.path, target).map_err(|e| problem(target, FileProblem::Io(e)))?;
        } else {
            match fs::hard_link(&self.path, target) {
                Ok(()) => fs::remove_file(&self.path).map_err(|e| problem(target, FileProblem::Io(e)))?,
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    return Err(problem(target, FileProblem::Exists));
                }
                // A file system without hard links: check, then rename.
                Err(_) => {
                    check_target(target, false)?;
                    fs::rename(&self.path, target).map_err(|e| problem(target, FileProblem::Io(e)))?;
                }
            }
        }
        self.placed = true;
        if let Ok(folder) = File::open(folder_of(target)) {
            let _ = folder.sync_all();
        }
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.placed {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Writes a private file (see the module's doc): `write` streams the
/// contents into it.
pub fn write_private(
    target: &Path,
    force: bool,
    write: impl FnOnce(&mut BufWriter<File>) -> io::Result<()>,
) -> Result<()> {
    check_target(target, force)?;
    let (temp, file) = TempFile::beside(target)?;
    let mut out = BufWriter::new(file);
    write(&mut out).map_err(|e| problem(target, FileProblem::Io(e)))?;
    let file = out.into_inner().map_err(|e| problem(target, FileProblem::Io(e.into_error())))?;
    file.sync_all().map_err(|e| problem(target, FileProblem::Io(e)))?;
    drop(file);
    temp.place(target, force)
}

/// How large a profile or keymap file may be.
pub const SMALL_FILE_LIMIT: u64 = 64 * 1024;

/// How large an import file may be. Measured (`cargo bench --bench scale
/// -- 100000` with `SAGSBORD_SCALE_JSON`): the generated 100,000-case
/// centre (citizens, cases, one event each) is 97 MiB, and importing it
/// peaks at 441 MiB resident, 4.5 times the file. The demo centre holds
/// 4.1 KB per case with every kind of record (plans, children, stays,
/// groups, gift cards), so 100,000 such cases are about 400 MB. A real
/// centre's history is a small part of 100,000 cases; 512 MiB takes even
/// that at the demo's density, and keeps an import of the largest file
/// allowed near 2.3 GiB of memory on the shared server instead of 4.5.
pub const IMPORT_FILE_LIMIT: u64 = 512 * 1024 * 1024;

/// Reads a text file: only a regular file of at most `limit` bytes,
/// so that a device, a pipe or a huge file is refused at once instead of
/// being read without end.
pub fn read_regular(path: &Path, limit: u64) -> std::result::Result<String, FileProblem> {
    let file = open_regular(path, limit)?;
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(FileProblem::TooLarge { limit });
    }
    String::from_utf8(bytes).map_err(|_| FileProblem::NotText)
}

/// Opens a text file to be read a buffer at a time, with the checks of
/// [`read_regular`]: a regular file of at most `limit` bytes, UTF-8.
pub fn open_text(path: &Path, limit: u64) -> std::result::Result<BoundedText<File>, FileProblem> {
    Ok(BoundedText::new(open_regular(path, limit)?, limit))
}

/// Opens a regular file of at most `limit` bytes (as it stands now).
fn open_regular(path: &Path, limit: u64) -> std::result::Result<File, FileProblem> {
    let meta = fs::metadata(path)?;
    if !meta.is_file() {
        return Err(FileProblem::NotRegular);
    }
    if meta.len() > limit {
        return Err(FileProblem::TooLarge { limit });
    }
    // Non-blocking: a pipe swapped in since the look above cannot hang the
    // open; it is refused by the second look.
    let file =
        OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY | libc::O_CLOEXEC).open(path)?;
    if !file.metadata()?.is_file() {
        return Err(FileProblem::NotRegular);
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::os::unix::fs::symlink;

    use super::*;

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).unwrap().permissions().mode() & 0o7777
    }

    fn leftovers(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect()
    }

    #[test]
    fn a_private_file_is_0600_and_an_existing_one_is_kept_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("eksport.json");
        write_private(&target, false, |w| w.write_all(b"first")).unwrap();
        assert_eq!(mode(&target), 0o600);
        let err = write_private(&target, false, |w| w.write_all(b"second")).unwrap_err();
        assert!(matches!(err, StoreError::File { problem: FileProblem::Exists, .. }), "{err:?}");
        assert_eq!(fs::read(&target).unwrap(), b"first");
        // With force: a new file (and so a new mode) replaces it.
        fs::set_permissions(&target, fs::Permissions::from_mode(0o644)).unwrap();
        write_private(&target, true, |w| w.write_all(b"second")).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"second");
        assert_eq!(mode(&target), 0o600);
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_symlink_at_the_target_is_refused_even_with_force_and_its_file_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let planted = dir.path().join("planted");
        fs::write(&planted, "").unwrap();
        let target = dir.path().join("eksport.json");
        symlink(&planted, &target).unwrap();
        for force in [false, true] {
            let err = write_private(&target, force, |w| w.write_all(b"secret")).unwrap_err();
            assert!(matches!(err, StoreError::File { problem: FileProblem::Symlink, .. }), "{err:?}");
        }
        assert_eq!(fs::read(&planted).unwrap(), b"");
        // A dangling link is refused too, and nothing is created where it points.
        let nowhere = dir.path().join("nowhere");
        let dangling = dir.path().join("dangling.json");
        symlink(&nowhere, &dangling).unwrap();
        assert!(write_private(&dangling, false, |w| w.write_all(b"secret")).is_err());
        assert!(!nowhere.exists());
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_failed_write_leaves_the_previous_file_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("eksport.json");
        write_private(&target, false, |w| w.write_all(b"good")).unwrap();
        let err = write_private(&target, true, |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("stopped"))
        })
        .unwrap_err();
        assert!(matches!(err, StoreError::File { .. }));
        assert_eq!(fs::read(&target).unwrap(), b"good");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn only_regular_files_within_the_limit_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let small = dir.path().join("small.toml");
        fs::write(&small, "id = \"x\"").unwrap();
        assert_eq!(read_regular(&small, SMALL_FILE_LIMIT).unwrap(), "id = \"x\"");
        let big = dir.path().join("big.toml");
        File::create(&big).unwrap().set_len(SMALL_FILE_LIMIT + 1).unwrap();
        assert!(matches!(read_regular(&big, SMALL_FILE_LIMIT), Err(FileProblem::TooLarge { .. })));
        assert!(matches!(read_regular(dir.path(), SMALL_FILE_LIMIT), Err(FileProblem::NotRegular)));
        assert!(matches!(read_regular(Path::new("/dev/zero"), SMALL_FILE_LIMIT), Err(FileProblem::NotRegular)));
        let binary = dir.path().join("binary");
        fs::write(&binary, [0xff, 0xfe]).unwrap();
        assert!(matches!(read_regular(&binary, SMALL_FILE_LIMIT), Err(FileProblem::NotText)));
    }
}
