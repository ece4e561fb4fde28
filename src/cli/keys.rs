//! `sagsbord keys`: a keymap file checked (`--check FIL`: every problem of
//! it, each with its file's name and line, the whole path once on top,
//! wrapped at 80 columns) or the keymap in
//! use printed (`--print`: every layer's keys with their Danish
//! descriptions, after the user's file). Also the choice of the keymap a
//! session uses: `--keymap vim` or `emacs` (a bundled base), or a file laid
//! over the default; the user's own file is always laid over the base.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::out::Out;
use super::{Cli, Failure, Outcome};
use crate::app::keymap::{self, BUNDLED, Keymap, Layer, Problem};
use crate::store::files::{self, FileProblem, SMALL_FILE_LIMIT};
use crate::text::cli::shown;
use crate::text::keys as text;
use crate::ui::widgets::wrap;

/// The width the problems and the map are wrapped to: a terminal's least.
const WIDTH: usize = 80;

#[derive(Debug, clap::Args)]
pub struct KeysArgs {
    #[arg(long, value_name = "FIL", help = text::CHECK_HELP)]
    pub check: Option<PathBuf>,
    #[arg(long, conflicts_with = "check", help = text::PRINT_HELP)]
    pub print: bool,
}

/// The keymap a session uses: the base (`--keymap vim`, else the default)
/// with the user's file over it, and every problem of that file said with
/// its file and line. A file with problems is not used at all.
pub(super) fn session(cli: &Cli) -> (Keymap, Vec<String>) {
    let base = base(cli);
    match user_file(cli) {
        Ok(None) => (base, Vec::new()),
        Ok(Some((path, contents))) => {
            let (keymap, found) = keymap::load_over(base, Some(&contents));
            let file = file_name(&path);
            (keymap, found.iter().map(|p| text::problem(Some(&file), p.line, &p.text)).collect())
        }
        Err(problem) => (base, vec![problem]),
    }
}

/// The file's own name, to go before each of its problems: the whole path
/// once at the top, so a long path does not fill every problem's first row.
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| shown(path), |name| shown(Path::new(name)))
}

/// The bundled keymap `--keymap` names, or the default.
fn base(cli: &Cli) -> Keymap {
    cli.keymap.as_deref().and_then(bundled_name).and_then(Keymap::bundled).unwrap_or_else(Keymap::built_in)
}

/// The name of a bundled keymap, if `--keymap`'s value is one.
fn bundled_name(value: &Path) -> Option<&'static str> {
    let value = value.to_str()?;
    BUNDLED.iter().map(|(name, _)| *name).find(|name| *name == value)
}

/// The user's keymap file and its text, if there is one to use. A missing
/// file is no problem unless `--keymap` named it.
fn user_file(cli: &Cli) -> Result<Option<(PathBuf, String)>, String> {
    let named = cli.keymap.as_deref().filter(|p| bundled_name(p).is_none());
    let (path, named): (PathBuf, bool) = if let Some(p) = named {
        (p.to_path_buf(), true)
    } else if let Some(p) = std::env::var_os("SAGSBORD_KEYMAP") {
        (PathBuf::from(p), false)
    } else {
        match directories::ProjectDirs::from("dk", "sagsbord", "sagsbord") {
            Some(d) => (d.config_dir().join("keymap.toml"), false),
            None => return Ok(None),
        }
    };
    match files::read_regular(&path, SMALL_FILE_LIMIT) {
        Ok(contents) => Ok(Some((path, contents))),
        Err(FileProblem::Io(e)) if e.kind() == std::io::ErrorKind::NotFound && !named => Ok(None),
        Err(problem) => Err(crate::text::cli::keymap_file(&path, &crate::text::store::file_problem(&problem))),
    }
}

pub fn run(cli: &Cli, args: &KeysArgs) -> Outcome {
    match &args.check {
        Some(path) => check(cli, path),
        None => print(cli),
    }
}

/// `keys --check FIL`: every problem of the file over the base, or that it
/// has none. Exit 1 when it has problems.
fn check(cli: &Cli, path: &Path) -> Outcome {
    let contents = files::read_regular(path, SMALL_FILE_LIMIT)
        .map_err(|p| Failure::Error(crate::text::cli::keymap_file(path, &crate::text::store::file_problem(&p))))?;
    let (_, problems) = keymap::load_over(base(cli), Some(&contents));
    let file = shown(path);
    let name = file_name(path);
    let mut out = Out::new();
    if problems.is_empty() {
        out.line(text::no_problems(&file))?;
        out.finish()?;
        return Ok(ExitCode::SUCCESS);
    }
    for line in wrap_all(&text::problems_found(&file, problems.len()), "") {
        out.line(line)?;
    }
    for Problem { line, text: what } in &problems {
        for row in wrap_all(&text::problem(Some(&name), *line, what), "  ") {
            out.line(row)?;
        }
    }
    out.finish()?;
    Ok(ExitCode::from(1))
}

/// `text` wrapped at [`WIDTH`], each row after the first indented two
/// more than `indent`, so one problem reads as one block.
fn wrap_all(text: &str, indent: &str) -> Vec<String> {
    let rows = wrap(text, WIDTH - indent.len() - 2);
    rows.iter()
        .enumerate()
        .map(|(i, r)| if i == 0 { format!("{indent}{r}") } else { format!("{indent}  {r}") })
        .collect()
}

/// `keys --print`: the keymap in use, layer by layer, each key by its
/// Danish name beside its description. A user file that is not used says
/// why first (on standard error), and the map printed is the one in use.
fn print(cli: &Cli) -> Outcome {
    let (keymap, problems) = session(cli);
    for problem in &problems {
        // Nothing more can be done if standard error is closed.
        let _ = writeln!(std::io::stderr(), "sagsbord: {}", text::not_used(problem));
    }
    let mut out = Out::new();
    for layer in Layer::ALL {
        let rows = crate::ui::key_rows(keymap.bindings(layer));
        if rows.is_empty() {
            continue;
        }
        out.line(format!("{} [{}]", crate::ui::layer_title(layer), layer.id()))?;
        let keys_width = rows.iter().map(|(k, _)| k.chars().count()).max().unwrap_or(0).min(16);
        for (keys, desc) in rows {
            let pad = keys_width.saturating_sub(keys.chars().count());
            let rows = wrap(&desc, WIDTH.saturating_sub(keys_width + 4).max(20));
            for (i, row) in rows.iter().enumerate() {
                if i == 0 {
                    out.line(format!("  {keys}{:pad$}  {row}", ""))?;
                } else {
                    out.line(format!("  {:keys_width$}  {row}", ""))?;
                }
            }
        }
        out.line("")?;
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}
