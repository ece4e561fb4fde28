//! `sagsbord central`: the municipality's central team on a PostgreSQL
//! server, whose members read every centre of the database and write
//! nothing. The whole database's, not one centre's: no `--centre`, and
//! no centre's trail records it (the server's log does).

use std::process::ExitCode;

use clap::Subcommand;

use super::out::Out;
use super::{Cli, Failure, Outcome, db};
use crate::store::postgres_roles;
use crate::text::cli::printable;
use crate::text::server_roles as text;

// Plain comments, not doc comments: clap would take those as help text.
#[derive(Debug, Subcommand)]
pub enum CentralCommand {
    // A login made one of the central team.
    #[command(about = text::CENTRAL_ADD_ABOUT)]
    Add {
        #[arg(value_name = "LOGIN", help = text::LOGIN_HELP)]
        login: String,
    },
    // A login taken out of the central team.
    #[command(about = text::CENTRAL_REMOVE_ABOUT)]
    Remove {
        #[arg(value_name = "LOGIN", help = text::LOGIN_HELP)]
        login: String,
    },
    // The central team's logins.
    #[command(about = text::CENTRAL_LIST_ABOUT)]
    List,
}

pub fn run(cli: &Cli, command: &CentralCommand) -> Outcome {
    let config = db::server_config(cli).ok_or_else(|| Failure::Usage(text::CENTRAL_ON_FILE.to_string()))?;
    let mut client = postgres_roles::connect(&config)?;
    let mut out = Out::new();
    match command {
        CentralCommand::Add { login } => {
            postgres_roles::add_central(&mut client, login)?;
            out.line(text::central_added(&printable(login)))?;
        }
        CentralCommand::Remove { login } => match postgres_roles::remove_central(&mut client, login)? {
            true => out.line(text::central_removed(&printable(login)))?,
            false => out.line(text::central_not_member(&printable(login)))?,
        },
        CentralCommand::List => {
            let (role, members) = postgres_roles::central_team(&mut client)?;
            out.line(text::central_heading(&printable(&role)))?;
            if members.is_empty() {
                out.line(format!("  {}", text::NO_CENTRAL_MEMBERS))?;
            }
            for login in &members {
                out.line(format!("  {}", printable(login)))?;
            }
        }
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}
