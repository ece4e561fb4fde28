//! `sagsbord import` and `sagsbord export`.

use std::path::Path;
use std::process::ExitCode;

use super::out::Out;
use super::{Cli, Outcome, db};
use crate::store::exchange;
use crate::store::files::{self, IMPORT_FILE_LIMIT};
use crate::text::cli as text;

/// Takes a file into an empty database (created when missing), all or nothing.
pub fn import(cli: &Cli, file: &Path) -> Outcome {
    // Most files are good: read once without following where each value
    // lies, and only a refused file a second time to name the record and
    // field of its problem.
    let parsed = match read(file, |r| exchange::parse_reader_untracked(r)) {
        Ok(parsed) => parsed,
        Err(_) => read(file, |r| exchange::parse_reader(r))?,
    };
    // A bad file creates no database; a good one is not checked again.
    let checked = exchange::check_file(&parsed).map_err(|e| text::file_error(file, e))?;
    let mut store = db::creating(cli)?;
    db::must_write(&store, "import")?;
    store.import_checked(checked).map_err(|e| text::file_error(file, e))?;
    let mut counts = format!(
        "{} borgere, {} sager, {} hændelser",
        parsed.citizens.len(),
        parsed.cases.len(),
        parsed.case_events.len()
    );
    // Plans are named only when the file has any.
    if !parsed.plan_versions.is_empty() || !parsed.course_endings.is_empty() {
        counts.push_str(&format!(
            ", {} planversioner, {} afsluttede forløb, {} opfølgningsopkald",
            parsed.plan_versions.len(),
            parsed.course_endings.len(),
            parsed.follow_up_calls.len()
        ));
    }
    // Children and underretninger too.
    if !parsed.children.is_empty() || !parsed.notifications.is_empty() {
        counts.push_str(&format!(", {} børn, {} underretninger", parsed.children.len(), parsed.notifications.len()));
    }
    // Stays too, only when the file has any.
    if !parsed.providers.is_empty() || !parsed.stays.is_empty() {
        counts.push_str(&format!(", {} leverandører, {} døgnophold", parsed.providers.len(), parsed.stays.len()));
    }
    let mut out = Out::new();
    out.line(text::imported(&counts))?;
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// The file's records, parsed by `parse` as the file is read: its text is
/// never held whole beside them.
fn read(
    file: &Path,
    parse: fn(&mut files::BoundedText<std::fs::File>) -> crate::store::Result<exchange::ExportFile>,
) -> Result<exchange::ExportFile, String> {
    let refused = |p: &files::FileProblem| text::file_error(file, crate::text::store::file_problem(p));
    let mut reader = files::open_text(file, IMPORT_FILE_LIMIT).map_err(|p| refused(&p))?;
    let parsed = parse(&mut reader);
    // The rest of the file after the document is held to the same bound
    // and to UTF-8, as when the whole file was read first.
    let rest = std::io::copy(&mut reader, &mut std::io::sink());
    if let Some(problem) = reader.problem() {
        return Err(refused(&problem));
    }
    rest.map_err(|e| refused(&files::FileProblem::Io(e)))?;
    parsed.map_err(|e| text::file_error(file, e))
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
