//! `sagsbord setup-server`: the administrator's command for a centre on a
//! PostgreSQL server, the counterpart of a file's `setup-shared`: the
//! centre's schema created or brought up to date and given its roles
//! (`store::postgres_roles::set_up_server`). Run again, it changes nothing
//! and says so.

use std::process::ExitCode;

use super::out::Out;
use super::{Cli, Failure, Outcome, db};
use crate::store::postgres_roles::{self, SetUp};
use crate::text::cli::printable;
use crate::text::server_roles as text;

pub fn run(cli: &Cli) -> Outcome {
    let Some(server) = db::path(cli)?.server else {
        return Err(Failure::Usage(text::SETUP_ON_FILE.to_string()));
    };
    let centre = printable(&server.centre);
    let mut out = Out::new();
    match postgres_roles::set_up_server(&server.config, &server.centre)? {
        SetUp::NoCreateRole { who } => return Err(Failure::Error(text::no_createrole(&printable(&who)))),
        SetUp::Done { version, changed: false, .. } => out.line(text::already_set_up(&centre, version))?,
        SetUp::Done { roles, version, changed: true } => {
            out.line(text::set_up(&centre, version))?;
            out.line(text::counsellors_role(&printable(&roles.counsellors)))?;
            out.line(text::central_role(&printable(&roles.central)))?;
            out.line("")?;
            out.line(text::NEXT_STEPS)?;
            for step in text::next_steps(&server.centre) {
                out.line(format!("  {step}"))?;
            }
        }
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}
