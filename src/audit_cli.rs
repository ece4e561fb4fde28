//! The audit trail on the command line: `check`, `audit anchor`, `audit
//! verify` (and its old name `verify-audit`) and `audit show`. `cli.rs`
//! names the commands and hands them an open store; everything they do and
//! say is here.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use clap::{Args, Subcommand};

use crate::store::{Anchor, AnchorUse, AuditProblem, CheckReport, HistoryKind, Store};
use crate::text::audit as text;

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    #[command(about = text::ANCHOR_ABOUT)]
    Anchor {
        #[arg(long, value_name = "FIL", help = text::ANCHOR_TO_HELP)]
        to: Option<PathBuf>,
        #[arg(long, help = text::NO_SYSLOG_HELP)]
        no_syslog: bool,
    },
    #[command(about = text::VERIFY_ABOUT)]
    Verify(AnchorArgs),
    #[command(about = text::SHOW_ABOUT)]
    Show {
        #[arg(long = "case", value_name = "NR", help = text::CASE_HELP)]
        case: i64,
    },
}

/// The anchor files a check holds the chain against.
#[derive(Debug, Args)]
pub struct AnchorArgs {
    #[arg(long = "anchor", value_name = "FIL", help = text::ANCHOR_FILE_HELP)]
    pub anchors: Vec<PathBuf>,
}

/// Runs `sagsbord audit …`.
pub fn run(mut store: Store, command: &AuditCommand) -> Result<ExitCode, String> {
    match command {
        AuditCommand::Anchor { to, no_syslog } => anchor(&store, to.as_deref(), !no_syslog),
        AuditCommand::Verify(args) => verify(&store, args),
        AuditCommand::Show { case } => show(&mut store, *case),
    }
}

/// The database file as anchors name it: its full path.
fn db_name(store: &Store) -> String {
    store
        .path()
        .map(|p| fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()).display().to_string())
        .unwrap_or_default()
}

fn anchor(store: &Store, to: Option<&Path>, syslog: bool) -> Result<ExitCode, String> {
    let head = store.audit_head().map_err(|e| e.to_string())?;
    let line = Anchor::of(&head, &crate::store::now_stamp(), &db_name(store)).line();
    // Always shown, for the morning mail, whatever else takes it.
    println!("{line}");
    let mut kept = false;
    if syslog {
        match Command::new("logger").args(["-t", "sagsbord", "--", &line]).status() {
            Ok(s) if s.success() => {
                println!("{}", text::SYSLOG_WRITTEN);
                kept = true;
            }
            Ok(s) => eprintln!("sagsbord: {}", text::syslog_failed(&s.to_string())),
            Err(e) => eprintln!("sagsbord: {}", text::syslog_failed(&e.to_string())),
        }
    }
    if let Some(file) = to {
        append_line(file, &line).map_err(|e| format!("{}: {e}", file.display()))?;
        println!("{}", text::anchor_appended(&file.display().to_string()));
        kept = true;
    }
    if kept { Ok(ExitCode::SUCCESS) } else { Err(text::NEEDS_A_PLACE.into()) }
}

/// Appends one line to an anchor file, created readable by all (an anchor
/// holds no data) and writable by its owner only.
fn append_line(file: &Path, line: &str) -> std::io::Result<()> {
    let mut f = OpenOptions::new().append(true).create(true).mode(0o644).open(file)?;
    if f.metadata()?.permissions().mode() & 0o022 != 0 {
        eprintln!("sagsbord: {}", text::anchor_file_writable(&file.display().to_string()));
    }
    writeln!(f, "{line}")?;
    f.sync_all()
}

/// The anchors of this database in the files given; none given is none wanted.
fn read_anchors(store: &Store, files: &[PathBuf]) -> Result<Option<Vec<Anchor>>, String> {
    if files.is_empty() {
        return Ok(None);
    }
    let db = db_name(store);
    let mut found = AnchorUse::default();
    for file in files {
        let content =
            fs::read(file).map_err(|e| text::anchor_file_unreadable(&file.display().to_string(), &e.to_string()))?;
        // A system log may hold other programs' bytes that are not UTF-8.
        let read = AnchorUse::read(&String::from_utf8_lossy(&content), &db);
        found.anchors.extend(read.anchors);
        found.others += read.others;
    }
    if found.anchors.is_empty() {
        return Err(text::no_anchors(&db, found.others));
    }
    Ok(Some(found.anchors))
}

fn print_chain(problems: &[AuditProblem]) {
    for p in problems {
        println!("{}: {}", text::CHAIN_BROKEN, text::audit_problem(p));
    }
}

/// `audit verify` and `verify-audit`: the chain, and the anchors if given.
pub fn verify(store: &Store, args: &AnchorArgs) -> Result<ExitCode, String> {
    let anchors = read_anchors(store, &args.anchors)?;
    let problems = store.verify_audit_against(anchors.as_deref().unwrap_or_default()).map_err(|e| e.to_string())?;
    if problems.is_empty() {
        println!("{}", text::CHAIN_INTACT);
        if let Some(anchors) = &anchors
            && let Some(newest) = anchors.iter().max_by_key(|a| a.id)
        {
            println!("{}", text::anchors_held(anchors.len(), newest));
        }
        return Ok(ExitCode::SUCCESS);
    }
    print_chain(&problems);
    Ok(ExitCode::FAILURE)
}

/// `check`: the chain, its anchors, and every data row against it.
pub fn check(store: &Store, args: &AnchorArgs) -> Result<ExitCode, String> {
    let anchors = read_anchors(store, &args.anchors)?;
    let report: CheckReport = store.check(anchors.as_deref().unwrap_or_default()).map_err(|e| e.to_string())?;
    if report.is_clean() {
        println!("{}", text::check_clean(report.rows, report.tables));
        return Ok(ExitCode::SUCCESS);
    }
    print_chain(&report.chain);
    for p in &report.data {
        let recorded = match p {
            crate::store::DataProblem::Changed { audit_id, .. }
            | crate::store::DataProblem::Deleted { audit_id, .. } => {
                store.audit_row(*audit_id).map_err(|e| e.to_string())?
            }
            _ => None,
        };
        let when = recorded.as_ref().map(|r| text::Recorded { at: &r.at, actor: &r.actor });
        println!("{}: {}", text::DATA_PROBLEM, text::data_problem(p, when));
    }
    println!("{}", text::check_found(report.chain.len() + report.data.len()));
    Ok(ExitCode::FAILURE)
}

/// `audit show --case N`: who looked at the case and who changed what, in
/// the centre's local time. Itself a look at the case, and recorded.
fn show(store: &mut Store, case: i64) -> Result<ExitCode, String> {
    let history = store.view_case_history(case).map_err(|e| e.to_string())?;
    if history.is_empty() {
        println!("{}", text::show_nothing(case));
        return Ok(ExitCode::SUCCESS);
    }
    println!("{}", text::show_heading(case));
    for entry in &history {
        let what = text::action(&entry.action, &entry.entity, entry.entity_id);
        println!("{}  {:<10} {what}", text::local_time(&entry.at), entry.actor);
        if entry.kind == HistoryKind::Changed {
            for c in &entry.changes {
                println!("{:30}{}", "", text::change(c));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
