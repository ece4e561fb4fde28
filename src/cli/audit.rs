//! The audit trail on the command line: `check`, `audit anchor`, `audit
//! verify` (and its old name `verify-audit`) and `audit show`. Words in
//! `text::audit`; everything printed that comes from the database (users,
//! values, table names) passes through `text::cli::printable`.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use clap::{Args, Subcommand};

use super::out::Out;
use super::{Cli, Failure, Outcome, db};
use crate::store::{Anchor, AnchorUse, AuditProblem, DataProblem, Store};
use crate::text::audit as text;
use crate::text::cli::printable;

// Plain comments, not doc comments: clap would take those as help text.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    // The chain's head to the system log and/or a file; always printed.
    #[command(about = text::ANCHOR_ABOUT)]
    Anchor {
        #[arg(long, value_name = "FIL", help = text::ANCHOR_TO_HELP)]
        to: Option<PathBuf>,
        #[arg(long, help = text::NO_SYSLOG_HELP)]
        no_syslog: bool,
    },
    // The chain, and against anchors.
    #[command(about = text::VERIFY_ABOUT)]
    Verify(AnchorArgs),
    // Who looked at and changed a case.
    #[command(about = text::SHOW_ABOUT)]
    Show {
        #[arg(long = "case", value_name = "NR", help = text::CASE_HELP)]
        case: i64,
    },
}

// The anchor files a check holds the chain against.
#[derive(Debug, Args)]
pub struct AnchorArgs {
    #[arg(long = "anchor", value_name = "FIL", help = text::ANCHOR_FILE_HELP)]
    pub anchors: Vec<PathBuf>,
}

// `check`: the anchors, and whether to write the deadlines the rules compute.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub anchors: AnchorArgs,
    #[arg(long, help = text::REPAIR_HELP)]
    pub repair: bool,
}

/// `sagsbord audit …`.
pub fn run(cli: &Cli, command: &AuditCommand) -> Outcome {
    match command {
        AuditCommand::Anchor { to, no_syslog } => anchor(cli, to.as_deref(), !no_syslog),
        AuditCommand::Verify(args) => verify(cli, args),
        AuditCommand::Show { case } => show(cli, *case),
    }
}

/// The database file as anchors name it: its full path.
fn db_name(store: &Store) -> String {
    store
        .path()
        .map(|p| fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()).display().to_string())
        .unwrap_or_default()
}

fn anchor(cli: &Cli, to: Option<&Path>, syslog: bool) -> Outcome {
    let store = db::existing(cli)?;
    let head = store.audit_head()?;
    let line = Anchor::of(&head, &crate::store::now_stamp(), &db_name(&store)).line();
    let mut out = Out::new();
    // Always shown, for the morning mail, whatever else takes it.
    out.line(printable(&line))?;
    let mut kept = false;
    if syslog {
        match Command::new("logger").args(["-t", "sagsbord", "--", &line]).status() {
            Ok(s) if s.success() => {
                out.line(text::SYSLOG_WRITTEN)?;
                kept = true;
            }
            Ok(s) => say(&text::syslog_failed(&s.to_string())),
            Err(e) => say(&text::syslog_failed(&e.to_string())),
        }
    }
    if let Some(file) = to {
        append_line(file, &line).map_err(|e| crate::text::cli::file_error(file, e))?;
        out.line(text::anchor_appended(&crate::text::cli::shown(file)))?;
        kept = true;
    }
    out.finish()?;
    if kept { Ok(ExitCode::SUCCESS) } else { Err(Failure::Error(text::NEEDS_A_PLACE.into())) }
}

/// A warning on standard error; `eprintln!` would panic were standard
/// error closed, and a warning is not worth failing the command for.
fn say(warning: &str) {
    let _ = writeln!(std::io::stderr(), "sagsbord: {warning}");
}

/// Appends one line to an anchor file, created readable by all (an anchor
/// holds no data) and writable by its owner only.
fn append_line(file: &Path, line: &str) -> std::io::Result<()> {
    let mut f = OpenOptions::new().append(true).create(true).mode(0o644).custom_flags(libc::O_NOFOLLOW).open(file)?;
    if f.metadata()?.permissions().mode() & 0o022 != 0 {
        say(&text::anchor_file_writable(&crate::text::cli::shown(file)));
    }
    writeln!(f, "{line}")?;
    f.sync_all()
}

/// The anchors of this database in the files given; none given is none wanted.
fn read_anchors(store: &Store, files: &[PathBuf]) -> Result<Option<Vec<Anchor>>, Failure> {
    if files.is_empty() {
        return Ok(None);
    }
    let db = db_name(store);
    let mut found = AnchorUse::default();
    for file in files {
        let content =
            fs::read(file).map_err(|e| text::anchor_file_unreadable(&crate::text::cli::shown(file), &e.to_string()))?;
        // A system log may hold other programs' bytes that are not UTF-8.
        let read = AnchorUse::read(&String::from_utf8_lossy(&content), &db);
        found.anchors.extend(read.anchors);
        found.others += read.others;
    }
    if found.anchors.is_empty() {
        return Err(Failure::Error(text::no_anchors(&printable(&db), found.others)));
    }
    Ok(Some(found.anchors))
}

fn print_chain(out: &mut Out, problems: &[AuditProblem]) -> Result<(), Failure> {
    for p in problems {
        out.line(format!("{}: {}", text::CHAIN_BROKEN, text::audit_problem(p)))?;
    }
    Ok(())
}

/// `audit verify` and `verify-audit`: the chain, and the anchors if given.
/// Reads only, in one snapshot while colleagues go on writing.
pub fn verify(cli: &Cli, args: &AnchorArgs) -> Outcome {
    let store = db::existing(cli)?;
    let anchors = read_anchors(&store, &args.anchors)?;
    let problems = store.read_snapshot(|s| s.verify_audit_against(anchors.as_deref().unwrap_or_default()))?;
    let mut out = Out::new();
    if problems.is_empty() {
        out.line(text::CHAIN_INTACT)?;
        if let Some(anchors) = &anchors
            && let Some(newest) = anchors.iter().max_by_key(|a| a.id)
        {
            out.line(text::anchors_held(anchors.len(), newest))?;
        }
        out.finish()?;
        return Ok(ExitCode::SUCCESS);
    }
    print_chain(&mut out, &problems)?;
    out.finish()?;
    Ok(ExitCode::FAILURE)
}

/// `check`: the chain, its anchors, and every data row against it; then
/// every stored deadline against the rules (`--repair` writes the
/// computed ones, one audited action). Exit 1 when anything is wrong (and,
/// with `--repair`, was not put right).
pub fn check(cli: &Cli, args: &CheckArgs) -> Outcome {
    let mut store = if args.repair { db::writable(cli, "check --repair")? } else { db::existing(cli)? };
    store.report_progress(super::progress::bar);
    let anchors = read_anchors(&store, &args.anchors.anchors)?;
    let (report, deadlines) =
        store.read_snapshot(|s| Ok((s.check(anchors.as_deref().unwrap_or_default())?, s.check_deadlines()?)))?;
    super::progress::done();
    let mut out = Out::new();
    let mut problems = 0;
    if report.is_clean() {
        out.line(text::check_clean(report.rows, report.tables))?;
    } else {
        print_chain(&mut out, &report.chain)?;
        for p in &report.data {
            let recorded = match p {
                DataProblem::Changed { audit_id, .. } | DataProblem::Deleted { audit_id, .. } => {
                    store.audit_row(*audit_id)?
                }
                _ => None,
            };
            let when = recorded.as_ref().map(|r| text::Recorded { at: &r.at, actor: &r.actor });
            out.line(printable(&format!("{}: {}", text::DATA_PROBLEM, text::data_problem(p, when))))?;
        }
        problems += report.chain.len() + report.data.len();
    }
    if deadlines.is_empty() {
        out.line(text::DEADLINES_AGREE)?;
    } else {
        for d in &deadlines {
            out.line(printable(&format!("{}: {}", text::DEADLINE_PROBLEM, text::deadline_difference(d))))?;
        }
        if args.repair {
            store.repair_deadlines()?;
            super::progress::done();
            out.line(text::deadlines_repaired(deadlines.len()))?;
        } else {
            problems += deadlines.len();
            out.line(text::DEADLINES_REPAIR_HINT)?;
        }
    }
    if problems == 0 {
        out.finish()?;
        return Ok(ExitCode::SUCCESS);
    }
    out.line(text::check_found(problems))?;
    out.finish()?;
    Ok(ExitCode::FAILURE)
}

/// `audit show --case N`: who looked at the case and who changed what, in
/// the centre's local time. Itself a look at the case, and recorded.
fn show(cli: &Cli, case: i64) -> Outcome {
    let mut store = db::writable(cli, "audit show")?;
    let history = store.view_case_history(case)?;
    let mut out = Out::new();
    if history.is_empty() {
        out.line(text::show_nothing(case))?;
        out.finish()?;
        return Ok(ExitCode::SUCCESS);
    }
    out.line(text::show_heading(case))?;
    for line in text::history_lines(&history) {
        out.line(printable(&line))?;
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}
