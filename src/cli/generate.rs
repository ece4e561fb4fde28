//! `sagsbord generate`: a generated centre (see `crate::generate`) for the
//! benchmarks and for trainers, written into a new database through the
//! real import, or as a file in the export format. Never into the real
//! database: the command wants a file named with `--db` or `--out`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use super::out::Out;
use super::{Cli, Failure, Outcome, db};
use crate::generate::{self, Shape};
use crate::store::{exchange, files};
use crate::text::cli as text;

#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    #[arg(long, default_value_t = 1000, value_name = "ANTAL", help = text::GENERATE_CASES_HELP)]
    pub cases: usize,
    #[arg(long, default_value_t = 1, value_name = "FRØ", help = text::GENERATE_SEED_HELP)]
    pub seed: u64,
    #[arg(long, value_name = "FIL", help = text::GENERATE_OUT_HELP)]
    pub out: Option<PathBuf>,
    #[arg(long, help = text::GENERATE_STRESS_HELP)]
    pub stress: bool,
    #[arg(long, requires = "out", help = text::FORCE_HELP)]
    pub force: bool,
}

/// The most cases a generated centre may hold: ten times the benchmark's.
const MAX_CASES: usize = 1_000_000;

pub fn run(cli: &Cli, args: &GenerateArgs) -> Outcome {
    if !(1..=MAX_CASES).contains(&args.cases) {
        return Err(Failure::Usage(text::GENERATE_CASES_RANGE.into()));
    }
    let started = Instant::now();
    let today = cli.today.unwrap_or_else(|| crate::domain::dates::local_of(chrono::Utc::now()).date());
    let shape = Shape { cases: args.cases, seed: args.seed, today, stress: args.stress };
    let path = match (&args.out, &cli.db) {
        (Some(_), Some(_)) => return Err(Failure::Usage(text::GENERATE_BOTH_TARGETS.into())),
        (Some(out), None) => {
            // The target is refused before anything is made.
            files::check_target(out, args.force)?;
            let file = made(&shape);
            files::write_private(out, args.force, |w| exchange::write_to(&file, w))?;
            out.clone()
        }
        (None, _) => {
            let target = db::path(cli)?;
            if !target.named || target.real {
                return Err(Failure::Usage(text::GENERATE_NEEDS_TARGET.into()));
            }
            let file = made(&shape);
            let mut store = db::creating(cli)?;
            db::must_write(&store, "generate")?;
            super::progress::line(text::GENERATE_WRITING);
            store.import(&file)?;
            // Invented people on an invented centre: a trainer may show it,
            // and its counsellors can log in to a copy of it.
            store.mark_demo()?;
            crate::demo::register_counsellors(&mut store, &file)?;
            target.path
        }
    };
    super::progress::done();
    let mut out = Out::new();
    out.line(text::generated(args.cases, args.seed, &path, started.elapsed().as_secs_f64()))?;
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// The centre, with a progress line on standard error when it is a terminal.
fn made(shape: &Shape) -> exchange::ExportFile {
    generate::centre(shape, &mut |done| super::progress::line(&text::generate_progress(done, shape.cases)))
}
