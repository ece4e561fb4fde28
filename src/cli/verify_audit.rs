//! `sagsbord verify-audit`: whether the audit trail is unbroken. Reads only.

use std::process::ExitCode;

use super::out::Out;
use super::{Cli, Outcome, db};
use crate::store::AuditProblem;
use crate::text::cli as text;

pub fn run(cli: &Cli) -> Outcome {
    let store = db::existing(cli)?;
    let problems = store.read_snapshot(|s| s.verify_audit())?;
    let mut out = Out::new();
    if problems.is_empty() {
        out.line(text::AUDIT_INTACT)?;
        out.finish()?;
        return Ok(ExitCode::SUCCESS);
    }
    for p in &problems {
        let what = match p {
            AuditProblem::Altered { id } => text::audit_altered(*id),
            AuditProblem::Unlinked { id } => text::audit_unlinked(*id),
        };
        out.line(text::audit_break(&what))?;
    }
    out.finish()?;
    Ok(ExitCode::FAILURE)
}
