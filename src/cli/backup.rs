//! `sagsbord backup FILE`: a consistent copy while colleagues work.

use std::path::Path;
use std::process::ExitCode;

use super::out::Out;
use super::{Cli, Outcome, db};
use crate::store::files;
use crate::text::cli as text;

pub fn run(cli: &Cli, file: &Path, force: bool) -> Outcome {
    files::check_target(file, force)?;
    let mut store = db::writable(cli, "backup")?;
    let done = store.backup(file, force)?;
    let mut out = Out::new();
    out.line(text::backed_up(done.cases, done.bytes, file))?;
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}
