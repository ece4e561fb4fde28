//! `sagsbord demo`: a sample centre in a throw-away database, on the
//! sample's own day, marked DEMO on every screen. It never touches a real
//! database: `--db` and `$SAGSBORD_DB` are refused, not ignored.

use std::process::ExitCode;

use super::look::{self, LookArgs, TourArgs};
use super::out::Out;
use super::{Cli, Failure, Outcome, workbench};
use crate::app::DemoSession;
use crate::demo::{self, SCENARIOS, Scenario};
use crate::store::current_user;
use crate::text::cli as cli_text;
use crate::text::demo as text;
use crate::tour::script::Tour;

/// The demo's options; a guided tour adds its own beside these.
#[derive(Debug, Default, clap::Args)]
pub struct DemoArgs {
    #[arg(long, value_name = "NAVN", help = text::SCENARIO_HELP)]
    pub scenario: Option<String>,
    #[arg(long, help = text::LIST_HELP)]
    pub list: bool,
    // Guided tours and recording them (src/cli/look.rs).
    #[command(flatten)]
    pub tour: TourArgs,
    #[command(flatten)]
    pub look: LookArgs,
}

/// The scenario the arguments name: `--scenario`, else the one the tour
/// plays on, else the default. A tour that names another scenario than
/// `--scenario` is refused.
pub fn chosen(args: &DemoArgs, tour: Option<&Tour>) -> Result<&'static Scenario, Failure> {
    let toured = tour.and_then(|t| t.scenario.as_deref());
    if let (Some(asked), Some(toured), Some(name)) = (args.scenario.as_deref(), toured, args.tour.tour.as_deref())
        && asked != toured
    {
        return Err(Failure::Usage(crate::text::tour::unknown_scenario(name, asked)));
    }
    let name = args.scenario.as_deref().or(toured).unwrap_or(demo::DEFAULT);
    demo::scenario(name).ok_or_else(|| {
        let known: Vec<&str> = SCENARIOS.iter().map(|s| s.name).collect();
        Failure::Usage(text::unknown_scenario(name, &known.join(", ")))
    })
}

pub fn run(cli: &Cli, args: &DemoArgs) -> Outcome {
    if cli.db.is_some() {
        return Err(Failure::Usage(cli_text::DEMO_NO_DB.to_string()));
    }
    if std::env::var_os("SAGSBORD_DB").is_some_and(|p| !p.is_empty()) {
        return Err(Failure::Usage(text::ENV_DB_REFUSED.to_string()));
    }
    if args.list {
        return list();
    }
    // A tour that cannot be played, or a recording that would overwrite a
    // file, is said before the terminal is taken.
    let tour = args.tour.tour.as_deref().map(look::load_tour).transpose()?;
    if let Some(path) = &args.tour.record {
        look::check_record_target(path)?;
    }
    let look = args.look.with_settings()?;
    let scenario = chosen(args, tour.as_ref())?;
    workbench::require_terminal()?;
    let file = scenario.file().map_err(cli_text::sample_unreadable)?;
    let today = demo::today(&file, cli.today);
    let user = current_user()?;
    if let Some(tour) = tour {
        return workbench::play_tour(tour, &args.tour, &look, file, today, user);
    }
    // Made with the user's own rights even on the shared server: the group
    // is only ever taken back to open the shared database.
    let (store, dir) = demo::open_fresh(&user, &file)?;
    let session = DemoSession::new(file, today, dir);
    workbench::run_demo(store, cli, session, &args.tour, &look)
}

/// `demo --list`: one line a scenario.
fn list() -> Outcome {
    let mut out = Out::new();
    out.line(text::LIST_HEADING)?;
    for scenario in &SCENARIOS {
        let file = scenario.file().map_err(cli_text::sample_unreadable)?;
        let today = demo::today(&file, None);
        out.line(text::list_line(
            scenario.name,
            &file.centre.municipality,
            &file.centre.profile,
            today,
            scenario.shows,
        ))?;
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}
