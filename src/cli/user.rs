//! `sagsbord user`: the centre's users (add, list, disable, enable) and the
//! cases shared between them. Managing users is a team leader's or an
//! administrator's, and always root's (so a centre is never locked out);
//! the store checks it inside each change. Words in `text::access`.

use std::process::ExitCode;

use clap::Subcommand;

use super::out::Out;
use super::{Cli, Failure, Outcome, db};
use crate::domain::access::Actor;
use crate::store::engine::Engine;
use crate::store::{CentreAction, NewUser, Store, postgres_roles};
use crate::text::access as text;
use crate::text::cli::printable;

// Plain comments, not doc comments: clap would take those as help text.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    // A Unix user becomes a user of sagsbord with a role.
    #[command(about = text::ADD_ABOUT)]
    Add {
        #[arg(value_name = "BRUGER", help = text::USER_NAME_HELP)]
        name: String,
        #[arg(long, value_name = "ROLLE", help = text::ROLE_HELP)]
        role: String,
        #[arg(long = "name", value_name = "NAVN", help = text::FULL_NAME_HELP)]
        full_name: Option<String>,
        #[arg(long, help = text::ANONYMOUS_TEAM_HELP)]
        anonymous_team: bool,
    },
    // Every user with role and state.
    #[command(about = text::LIST_ABOUT)]
    List,
    // A user who should no longer see anything.
    #[command(about = text::DISABLE_ABOUT)]
    Disable {
        #[arg(value_name = "BRUGER", help = text::USER_NAME_HELP)]
        name: String,
    },
    // A disabled user back.
    #[command(about = text::ENABLE_ABOUT)]
    Enable {
        #[arg(value_name = "BRUGER", help = text::USER_NAME_HELP)]
        name: String,
    },
    // A case shared with a colleague.
    #[command(about = text::SHARE_ABOUT)]
    Share {
        #[arg(long = "case", value_name = "NR", help = text::SHARE_CASE_HELP)]
        case: i64,
        #[arg(long = "with", value_name = "BRUGER", help = text::SHARE_WITH_HELP)]
        with: String,
    },
    // A case no longer shared with a colleague.
    #[command(about = text::UNSHARE_ABOUT)]
    Unshare {
        #[arg(long = "case", value_name = "NR", help = text::SHARE_CASE_HELP)]
        case: i64,
        #[arg(long = "with", value_name = "BRUGER", help = text::SHARE_WITH_HELP)]
        with: String,
    },
}

/// `sagsbord user …`.
pub fn run(cli: &Cli, command: &UserCommand) -> Outcome {
    let mut store = db::writable(cli, "user")?;
    store.claim_root();
    let said = match command {
        UserCommand::Add { name, role, full_name, anonymous_team } => {
            let role = crate::text::access::parse_role(role).ok_or_else(|| Failure::Usage(text::unknown_role(role)))?;
            let full_name = full_name.clone().unwrap_or_default();
            if full_name.chars().any(char::is_control) {
                return Err(Failure::Usage(crate::text::cli::control_characters("--name")));
            }
            store.add_user(&NewUser { name: name.clone(), full_name, role, anonymous_team: *anonymous_team })?;
            text::added(name, role)
        }
        UserCommand::List => return list(&store),
        UserCommand::Disable { name } => {
            store.set_user_disabled(name, true)?;
            text::disabled(&printable(name))
        }
        UserCommand::Enable { name } => {
            store.set_user_disabled(name, false)?;
            text::enabled(&printable(name))
        }
        UserCommand::Share { case, with } => {
            store.share_case(*case, with)?;
            text::shared(*case, &printable(with))
        }
        UserCommand::Unshare { case, with } => {
            store.unshare_case(*case, with)?;
            text::unshared(*case, &printable(with))
        }
    };
    let mut out = Out::new();
    out.line(said)?;
    if matches!(command, UserCommand::Add { .. } | UserCommand::Disable { .. } | UserCommand::Enable { .. })
        && !roles_set_up(&store)?
    {
        out.line(crate::text::server_roles::NO_ROLES_YET)?;
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// Whether a user's change reached the server's grants too: on a file
/// there are none to reach; on a server only once the centre's roles are
/// set up (`setup-server`).
fn roles_set_up(store: &Store) -> Result<bool, Failure> {
    let db = store.db();
    Ok(db.engine() == Engine::Sqlite || postgres_roles::counsellors_here(&db)?.is_some())
}

fn list(store: &Store) -> Outcome {
    store.may(CentreAction::ManageUsers)?;
    let users = store.users()?;
    let mut out = Out::new();
    if users.is_empty() {
        out.line(text::NO_USERS)?;
    } else {
        out.line(text::USERS_HEADING)?;
    }
    for u in &users {
        out.line(format_args!(
            "{:<11} {:<14} {:<13} {:<9} {}",
            printable(&u.name),
            text::role(u.role),
            if u.anonymous_team { crate::text::YES } else { crate::text::NO },
            if u.disabled { text::DISABLED } else { text::ACTIVE },
            printable(&u.full_name)
        ))?;
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// Refuses a command that shows or changes case data to a person who is
/// not an active user of the centre's sagsbord, with why and what to do.
pub fn must_be_user(store: &Store) -> Result<(), Failure> {
    match store.who()? {
        Actor::User { .. } => Ok(()),
        Actor::Unknown => Err(Failure::Error(text::not_a_user(&printable(store.actor())))),
        Actor::Disabled => Err(Failure::Error(text::disabled_user(&printable(store.actor())))),
    }
}
