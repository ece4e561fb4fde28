//! `sagsbord setup-shared`: the administrator's one run that puts the
//! database under a group of its own and installs the binary setgid to it
//! (`store::shared::setup`; the threat model is in the README).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::out::Out;
use super::{Cli, Failure, Outcome};
use crate::store::shared::setup::{self, DEFAULT_INSTALL, Plan};
use crate::text::shared as text;

// Plain comments, not doc comments: clap would take those as help text.
#[derive(Debug, Args)]
pub struct SetupArgs {
    #[arg(long, value_name = "NAVN", help = text::SETUP_GROUP_HELP)]
    pub group: String,
    #[arg(long, value_name = "MAPPE", help = text::SETUP_DIR_HELP)]
    pub dir: PathBuf,
    #[arg(long, value_name = "STI", default_value = DEFAULT_INSTALL, help = text::SETUP_INSTALL_HELP)]
    pub install: PathBuf,
}

pub fn run(cli: &Cli, args: &SetupArgs) -> Outcome {
    if cli.db.is_some() {
        return Err(Failure::Usage(text::SETUP_NO_DB.to_string()));
    }
    let binary = std::env::current_exe().map_err(|e| Failure::Error(crate::text::cli::io_error(&e)))?;
    let plan = Plan { group: args.group.clone(), folder: args.dir.clone(), install: args.install.clone() };
    let done = setup::run(&plan, &binary).map_err(|e| Failure::Error(e.to_string()))?;
    let mut out = Out::new();
    out.line(text::SETUP_DONE)?;
    for step in &done {
        out.line(format!("  {}", text::setup_done(step)))?;
    }
    out.line("")?;
    out.line(text::NEXT_STEPS)?;
    for step in text::next_steps(&plan.group, &plan.install) {
        out.line(format!("  {step}"))?;
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}
