//! The command line: the workbench (the TUI), the demo, `due`, import,
//! export and backup, the centre's settings, the audit trail, the
//! shared server's setup and a centre's roles on a PostgreSQL server. One file
//! per command; `args` makes clap speak Danish, `db` finds and opens the
//! database as each command may, `out` prints.
//!
//! Exit codes: 0 done, 1 an error (or a broken audit trail), 2 a command
//! line that cannot be used or no terminal for the workbench.

mod args;
mod audit;
mod backup;
mod central;
mod centre;
mod db;
mod demo;
mod due;
mod events;
mod exchange;
mod generate;
mod keys;
mod look;
mod migrate;
mod move_cards;
mod out;
mod progress;
mod report;
mod setup_server;
mod setup_shared;
mod user;
mod workbench;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

pub use args::{Parsed, command, parse_day, parse_within, try_parse};
pub use workbench::KEEP_FOR_TESTS;

use crate::store::StoreError;
use crate::store::shared::{self, Record, SharedProblem};
use crate::text::cli as text;

// The words of `--help` live in `text::cli`; clap's own English is replaced
// in `args`. Plain comments, not doc comments, so that clap takes none of
// them as help text.
#[derive(Debug, Parser)]
#[command(name = "sagsbord", version, about = text::ABOUT, after_help = text::AFTER_HELP)]
pub struct Cli {
    // The database file; default $SAGSBORD_DB, else the platform's data folder.
    #[arg(long, global = true, value_name = "FIL", help = text::DB_HELP)]
    pub db: Option<PathBuf>,
    // The centre in a PostgreSQL database (`--db postgresql://…`); default
    // $SAGSBORD_CENTRE.
    #[arg(long, global = true, value_name = "NAVN", help = text::CENTRE_HELP)]
    pub centre: Option<String>,
    // The day to treat as today; the workbench is then read-only.
    #[arg(long, global = true, value_name = "DATO", value_parser = parse_day, help = text::TODAY_HELP)]
    pub today: Option<NaiveDate>,
    // A keymap laid over the default.
    #[arg(long, global = true, value_name = "FIL", help = text::KEYMAP_HELP)]
    pub keymap: Option<PathBuf>,
    // How the workbench looks and is driven (src/cli/look.rs).
    #[command(flatten)]
    pub look: look::LookArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
    // Not on the command line: the shared server's setup when the program
    // runs in shared mode (store::shared::start), set before any command.
    #[arg(skip)]
    pub shared: Option<Record>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    // The sample centre in a throw-away database, on the sample's own day.
    #[command(about = text::DEMO_ABOUT)]
    Demo(demo::DemoArgs),
    // What is due or overdue, for the morning mail.
    #[command(about = text::DUE_ABOUT)]
    Due {
        #[arg(long, help = text::DUE_JSON_HELP)]
        json: bool,
        #[arg(long, default_value_t = 0, value_name = "DAGE", value_parser = parse_within, help = text::DUE_WITHIN_HELP)]
        within: u32,
        #[command(flatten)]
        digest: due::Digest,
    },
    // The MOVE gift-card verdict per session of a case (src/cli/move_cards.rs).
    #[command(about = crate::text::move_cli::ABOUT)]
    Move {
        #[arg(long = "case", value_name = "NR", help = crate::text::move_cli::CASE_HELP)]
        case: i64,
        #[arg(long, help = crate::text::move_cli::JSON_HELP)]
        json: bool,
    },
    // A file in the sagsbord format into an empty database (all or nothing).
    #[command(about = text::IMPORT_ABOUT)]
    Import {
        #[arg(value_name = "FIL", help = text::IMPORT_FILE_HELP)]
        file: PathBuf,
    },
    // Everything the database holds, to a new private file.
    #[command(about = text::EXPORT_ABOUT)]
    Export {
        #[arg(value_name = "FIL", help = text::EXPORT_FILE_HELP)]
        file: PathBuf,
        #[arg(long, help = text::FORCE_HELP)]
        force: bool,
    },
    // The centre moved whole between a file and a PostgreSQL server.
    #[command(about = text::MIGRATE_ABOUT)]
    Migrate {
        #[arg(long, value_name = "STED", help = text::MIGRATE_TO_HELP)]
        to: PathBuf,
    },
    // A consistent copy of the whole database, by SQLite's backup API.
    #[command(about = text::BACKUP_ABOUT)]
    Backup {
        #[arg(value_name = "FIL", help = text::BACKUP_FILE_HELP)]
        file: PathBuf,
        #[arg(long, help = text::FORCE_HELP)]
        force: bool,
    },
    // Show or change the centre's name, municipality and policy profile.
    #[command(about = text::CENTRE_ABOUT)]
    Centre {
        #[arg(long, value_name = "NAVN", help = text::CENTRE_NAME_HELP)]
        name: Option<String>,
        #[arg(long, value_name = "KOMMUNE", help = text::CENTRE_MUNICIPALITY_HELP)]
        municipality: Option<String>,
        #[arg(long, value_name = "PROFIL", help = text::CENTRE_PROFILE_HELP)]
        profile: Option<String>,
    },
    // The audit trail (src/cli/audit.rs): verify-audit is the old name of
    // `audit verify`; check holds every row against the trail.
    #[command(about = crate::text::audit::VERIFY_AUDIT_ABOUT)]
    VerifyAudit(audit::AnchorArgs),
    #[command(about = crate::text::audit::CHECK_ABOUT)]
    Check(audit::CheckArgs),
    #[command(about = crate::text::audit::AUDIT_ABOUT, subcommand)]
    Audit(audit::AuditCommand),
    // The centre's users and the cases shared between them (src/cli/user.rs).
    #[command(about = crate::text::access::USER_ABOUT, subcommand)]
    User(user::UserCommand),
    // The shared server, once, by root (src/cli/setup_shared.rs).
    #[command(about = crate::text::shared::SETUP_ABOUT)]
    SetupShared(setup_shared::SetupArgs),
    // A centre on a PostgreSQL server, once, by its administrator
    // (src/cli/setup_server.rs).
    #[command(about = crate::text::server_roles::SETUP_ABOUT)]
    SetupServer,
    // The municipality's central team on the server (src/cli/central.rs).
    #[command(about = crate::text::server_roles::CENTRAL_ABOUT, subcommand)]
    Central(central::CentralCommand),
    // The yearly report, as text or JSON.
    #[command(about = crate::text::report::ABOUT)]
    Report(report::ReportArgs),
    // The treatment events per citizen for the national register, as CSV.
    #[command(about = crate::text::events::ABOUT)]
    Events(events::EventsArgs),
    // A generated centre for benchmarks and training (src/cli/generate.rs).
    #[command(about = text::GENERATE_ABOUT)]
    Generate(generate::GenerateArgs),
    // A keymap file checked, or the keymap in use printed (src/cli/keys.rs).
    #[command(about = crate::text::keys::ABOUT)]
    Keys(keys::KeysArgs),
}

/// Why a command stopped: said on standard error with its exit code.
#[derive(Debug)]
pub enum Failure {
    /// Something went wrong: exit 1.
    Error(String),
    /// A command line or a setting that cannot be used: exit 2.
    Usage(String),
    /// Whoever read standard output stopped reading (`| head -1`): nothing
    /// more to say, exit 0.
    ClosedOutput,
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure::Error(e.to_string())
    }
}

impl From<SharedProblem> for Failure {
    fn from(e: SharedProblem) -> Self {
        Failure::Error(e.to_string())
    }
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure::Error(message)
    }
}

type Outcome = Result<ExitCode, Failure>;

/// Runs the command line; errors are printed in Danish on standard error.
pub fn main() -> ExitCode {
    // Before anything else, even the command line: a setgid sagsbord gives
    // up its group here and takes it back only to open the database.
    let shared = match shared::start() {
        Ok(shared) => shared,
        Err(problem) => return report(problem.into()),
    };
    let mut cli = match try_parse(std::env::args_os()) {
        Ok(cli) => cli,
        Err(args::Parsed::Show(text)) => {
            return match out::Out::new().text(&text) {
                Ok(()) | Err(Failure::ClosedOutput) => ExitCode::SUCCESS,
                Err(other) => report(other),
            };
        }
        Err(args::Parsed::Refused(message)) => return report(Failure::Usage(message)),
    };
    cli.shared = shared;
    match run(&cli) {
        Ok(code) => code,
        Err(failure) => report(failure),
    }
}

/// Says why on standard error and gives the exit code.
fn report(failure: Failure) -> ExitCode {
    let (message, code) = match failure {
        Failure::ClosedOutput => return ExitCode::SUCCESS,
        Failure::Error(m) => (m, 1),
        Failure::Usage(m) => (m, 2),
    };
    // Nothing more can be done if standard error is closed too.
    let _ = writeln!(std::io::stderr(), "sagsbord: {message}");
    ExitCode::from(code)
}

fn run(cli: &Cli) -> Outcome {
    match &cli.command {
        None => workbench::real(cli),
        Some(Command::Demo(args)) => demo::run(cli, args),
        Some(Command::Due { json, within, digest }) => due::run(cli, *within, *json, digest),
        Some(Command::Move { case, json }) => move_cards::run(cli, *case, *json),
        Some(Command::Import { file }) => exchange::import(cli, file),
        Some(Command::Export { file, force }) => exchange::export(cli, file, *force),
        Some(Command::Backup { file, force }) => backup::run(cli, file, *force),
        Some(Command::Migrate { to }) => migrate::run(cli, to),
        Some(Command::Centre { name, municipality, profile }) => {
            centre::run(cli, name.as_deref(), municipality.as_deref(), profile.as_deref())
        }
        Some(Command::VerifyAudit(args)) => audit::verify(cli, args),
        Some(Command::Check(args)) => audit::check(cli, args),
        Some(Command::Audit(command)) => audit::run(cli, command),
        Some(Command::User(command)) => user::run(cli, command),
        Some(Command::SetupShared(args)) => setup_shared::run(cli, args),
        Some(Command::SetupServer) => setup_server::run(cli),
        Some(Command::Central(command)) => central::run(cli, command),
        Some(Command::Report(args)) => report::run(cli, args),
        Some(Command::Events(args)) => events::run(cli, args),
        Some(Command::Generate(args)) => generate::run(cli, args),
        Some(Command::Keys(args)) => keys::run(cli, args),
    }
}
