//! `sagsbord centre`: show or change the centre's name, municipality and
//! policy profile. Creates the database when missing.

use std::process::ExitCode;

use super::out::Out;
use super::{Cli, Failure, Outcome, db};
use crate::domain::limits::CENTRE_NAME;
use crate::domain::policy::BUILT_IN;
use crate::store::Centre;
use crate::store::{CentreTextProblem, centre_text_problem};
use crate::text::cli::{self as text, printable};

pub fn run(cli: &Cli, name: Option<&str>, municipality: Option<&str>, profile: Option<&str>) -> Outcome {
    // A name is shown on every screen and in the morning mail: control
    // characters have no place in it (what is stored already is cleaned
    // when printed).
    for (flag, value) in [("--name", name), ("--municipality", municipality)] {
        match value.and_then(centre_text_problem) {
            Some(CentreTextProblem::ControlCharacters) => return Err(Failure::Usage(text::control_characters(flag))),
            Some(CentreTextProblem::TooLong) => return Err(Failure::Usage(text::too_long(flag, CENTRE_NAME))),
            None => {}
        }
    }
    let mut store = db::creating(cli)?;
    let mut centre = store.centre()?;
    if name.is_none() && municipality.is_none() && profile.is_none() {
        show(&centre)?;
        return Ok(ExitCode::SUCCESS);
    }
    db::must_write(&store, "centre")?;
    if let Some(n) = name {
        centre.name = n.to_string();
    }
    if let Some(m) = municipality {
        centre.municipality = m.to_string();
    }
    if let Some(p) = profile {
        if BUILT_IN.iter().any(|(id, _)| *id == p) {
            centre.use_built_in(p).map_err(|e| Failure::Error(e.to_string()))?;
        } else {
            let known: Vec<&str> = BUILT_IN.iter().map(|(id, _)| *id).collect();
            let path = std::fs::canonicalize(p)
                .map_err(|e| Failure::Error(text::unknown_profile(p, &known.join(", "), &text::io_error(&e))))?;
            // Read once (only a small regular file) and kept in the database.
            centre.use_own_file(&path).map_err(|e| format!("{}: {}", printable(p), text::profile_unusable(e)))?;
        }
    }
    // A new profile moves every deadline, recomputed in the same write.
    store.report_progress(super::progress::bar);
    store.set_centre(&centre)?;
    super::progress::done();
    show(&centre)?;
    Ok(ExitCode::SUCCESS)
}

fn show(centre: &Centre) -> Result<(), Failure> {
    let mut out = Out::new();
    out.line(format_args!("{:<12} {}", text::CENTRE_NAME, printable(&centre.name)))?;
    out.line(format_args!("{:<12} {}", text::CENTRE_MUNICIPALITY, printable(&centre.municipality)))?;
    let profile = match &centre.profile_path {
        Some(path) => text::profile_with_file(&centre.profile, path),
        None => printable(&centre.profile).into_owned(),
    };
    out.line(format_args!("{:<12} {profile}", text::CENTRE_PROFILE))?;
    out.finish()
}
