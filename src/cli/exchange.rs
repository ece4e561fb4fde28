//! `sagsbord import` and `sagsbord export`.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::db::DbPath;
use super::out::Out;
use super::{Cli, Failure, Outcome, db};
use crate::store::exchange::stream::{self, NotRead, Piece};
use crate::store::exchange::{self, Chunk, Counts, List, PieceChecks, Step};
use crate::store::files::{self, BoundedText, IMPORT_FILE_LIMIT};
use crate::store::{Opening, Store};
use crate::text::cli as text;

/// Takes a file into an empty database (created when missing), all or nothing.
pub fn import(cli: &Cli, file: &Path) -> Outcome {
    let counts = import_into(&db::path(cli)?, file)?;
    let mut out = Out::new();
    out.line(text::imported(&told(&counts)))?;
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// Takes `file` into the empty database `target`, all or nothing: on a
/// server in the import's one transaction; a new file is built beside its
/// place and put there only whole.
pub(super) fn import_into(target: &DbPath, file: &Path) -> Result<Counts, Failure> {
    // A file over the bound is refused before any database is opened.
    let reader = files::open_text(file, IMPORT_FILE_LIMIT).map_err(|p| refused(file, &p))?;
    if target.server.is_some() {
        let mut store = db::open(target, Opening { create: true, create_folder: false, read_only: false })?;
        db::must_write(&store, "import")?;
        return read_and_import(&mut store, file, reader);
    }
    let target = target.clone();
    // A new database is built under a name of its own beside its place and
    // put there only whole: a refused file leaves nothing behind.
    let building = (!target.path.exists()).then(|| Building::beside(&target.path));
    let real = target.path.clone();
    let place = DbPath { path: building.as_ref().map_or(target.path.clone(), |b| b.path.clone()), ..target };
    let mut store = db::open(&place, Opening { create: true, create_folder: !place.named, read_only: false })?;
    db::must_write(&store, "import")?;
    let counts = match read_and_import(&mut store, file, reader) {
        Ok(counts) => counts,
        Err(failure) => {
            drop(store);
            if let Some(building) = &building {
                building.remove();
            }
            return Err(failure);
        }
    };
    drop(store);
    if let Some(building) = building {
        building.put_in_place(&real, file)?;
    }
    Ok(counts)
}

/// What an import took, as the command line says it.
pub(super) fn told(counts: &Counts) -> String {
    let n = |list| counts.of(list);
    let mut told =
        format!("{} borgere, {} sager, {} hændelser", n(List::Citizens), n(List::Cases), n(List::CaseEvents));
    // Plans are named only when the file has any.
    if n(List::PlanVersions) > 0 || n(List::CourseEndings) > 0 {
        told.push_str(&format!(
            ", {} planversioner, {} afsluttede forløb, {} opfølgningsopkald",
            n(List::PlanVersions),
            n(List::CourseEndings),
            n(List::FollowUpCalls)
        ));
    }
    // Children and underretninger too.
    if n(List::Children) > 0 || n(List::Notifications) > 0 {
        told.push_str(&format!(", {} børn, {} underretninger", n(List::Children), n(List::Notifications)));
    }
    // Stays too, only when the file has any.
    if n(List::Providers) > 0 || n(List::Stays) > 0 {
        told.push_str(&format!(", {} leverandører, {} døgnophold", n(List::Providers), n(List::Stays)));
    }
    told
}

/// Reads and checks the file on a second thread, a part at a time, while
/// this one writes each part. A file not laid out as an export writes it
/// is read again, whole, which takes it in any order or names its problem.
fn read_and_import(store: &mut Store, file: &Path, reader: BoundedText<File>) -> Result<Counts, Failure> {
    // Two parts in hand besides the one being written: the reader keeps
    // ahead without holding the file.
    let (send, receive) = std::sync::mpsc::sync_channel::<crate::store::Result<Step<Chunk>>>(2);
    let reading = std::thread::spawn(move || {
        let mut reader = reader;
        let mut checks = PieceChecks::new();
        // A refused part is handed on, and the reading stops there.
        let mut hand_on = |piece| match checks.take(piece) {
            None => true,
            Some(step) => {
                let refused = step.is_err();
                send.send(step).is_ok() && !refused
            }
        };
        let read = stream::read(&mut reader, &mut hand_on);
        // The rest of the file after the document is held to the same
        // bound and to UTF-8, as when the whole file was read first.
        let rest = std::io::copy(&mut reader, &mut std::io::sink());
        if let Some(problem) = reader.problem() {
            return Err(Unread::File(problem));
        }
        rest.map_err(|e| Unread::File(files::FileProblem::Io(e)))?;
        read.map_err(Unread::Stream)?;
        // Only now is the import to be kept: the end's closing checks.
        hand_on(Piece::End);
        Ok(())
    });
    let imported = store.import_steps(receive.into_iter());
    let read = reading.join().unwrap_or(Err(Unread::Stream(NotRead::Stopped)));
    match (imported, read) {
        (Ok(counts), _) => Ok(counts),
        (Err(_), Err(Unread::File(problem))) => Err(refused(file, &problem).into()),
        (Err(_), Err(Unread::Stream(NotRead::ReadWhole(_)))) => {
            let parsed = match whole(file, |r| exchange::parse_reader_untracked(r)) {
                Ok(parsed) => parsed,
                Err(_) => whole(file, |r| exchange::parse_reader(r))?,
            };
            Ok(store.import(&parsed).map_err(|e| text::file_error(file, e))?)
        }
        (Err(e), _) => Err(text::file_error(file, e).into()),
    }
}

/// Why the reading thread did not read the file to its end.
enum Unread {
    File(files::FileProblem),
    Stream(NotRead),
}

fn refused(file: &Path, problem: &files::FileProblem) -> String {
    text::file_error(file, crate::text::store::file_problem(problem))
}

/// The file's records, parsed whole by `parse` as the file is read: its
/// text is never held whole beside them.
fn whole(
    file: &Path,
    parse: fn(&mut BoundedText<File>) -> crate::store::Result<exchange::ExportFile>,
) -> Result<exchange::ExportFile, String> {
    let mut reader = files::open_text(file, IMPORT_FILE_LIMIT).map_err(|p| refused(file, &p))?;
    let parsed = parse(&mut reader);
    let rest = std::io::copy(&mut reader, &mut std::io::sink());
    if let Some(problem) = reader.problem() {
        return Err(refused(file, &problem));
    }
    rest.map_err(|e| refused(file, &files::FileProblem::Io(e)))?;
    parsed.map_err(|e| text::file_error(file, e))
}

/// A new database being built beside its place, under a name no one
/// else opens.
struct Building {
    path: PathBuf,
}

impl Building {
    fn beside(target: &Path) -> Building {
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let prefix = format!(".{name}.import-");
        Building::remove_left(target, &prefix);
        Building { path: target.with_file_name(format!("{prefix}{}", std::process::id())) }
    }

    /// Removes what an import stopped midway (killed, the machine down)
    /// left beside the place: its half-built file holds the centre's data.
    /// A file of an import still running (its process is there) is left.
    fn remove_left(target: &Path, prefix: &str) {
        let Some(folder) = target.parent().map(|p| if p.as_os_str().is_empty() { Path::new(".") } else { p }) else {
            return;
        };
        let Ok(entries) = std::fs::read_dir(folder) else { return };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(rest) = name.strip_prefix(prefix) else { continue };
            let pid = rest.split('-').next().unwrap_or_default();
            let running = pid.parse::<u32>().is_ok_and(|pid| Path::new(&format!("/proc/{pid}")).exists());
            if !running {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    /// Puts the whole database in its place, never over a file someone
    /// made there meanwhile.
    fn put_in_place(self, target: &Path, file: &Path) -> Result<(), Failure> {
        let linked = std::fs::hard_link(&self.path, target);
        self.remove();
        linked.map_err(|e| {
            let problem = if e.kind() == std::io::ErrorKind::AlreadyExists {
                files::FileProblem::Exists
            } else {
                files::FileProblem::Io(e)
            };
            Failure::Error(text::file_error(
                target,
                format!("{} (importen af {} er ikke gemt)", crate::text::store::file_problem(&problem), file.display()),
            ))
        })
    }

    /// Removes the database and what SQLite keeps beside it.
    fn remove(&self) {
        for end in ["", "-wal", "-shm", "-journal"] {
            let mut path = self.path.clone().into_os_string();
            path.push(end);
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Everything the database holds, as one snapshot, to a new private file.
pub fn export(cli: &Cli, file: &Path, force: bool) -> Outcome {
    // The target is refused before the database is even opened.
    files::check_target(file, force)?;
    let mut store = db::writable(cli, "export")?;
    let cases = store.export_to(file, force)?;
    let mut out = Out::new();
    out.line(text::exported(cases, file))?;
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}
