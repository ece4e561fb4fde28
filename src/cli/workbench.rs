//! The workbench (the TUI) on the real database, and the demo.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;

use super::look::{self, LookArgs, TourArgs};
use super::{Cli, Failure, Outcome, db};
use crate::app::{App, StatusKind, keymap};
use crate::domain::dates::format_date_dk;
use crate::stage::Stage;
use crate::store::files::{self, FileProblem, SMALL_FILE_LIMIT};
use crate::store::{Opening, Store, current_user, exchange};
use crate::text::cli as text;
use crate::tour::player::Player;
use crate::tour::recorder::Recorder;
use crate::tour::script::Tour;
use crate::ui::Theme;

/// The sample centre the demo opens, compiled in so `demo` works anywhere.
const SAMPLE: &str = include_str!("../../sample-data/centre.json");

/// The name a tour's `Scenario` gives the sample above.
const SAMPLE_NAME: &str = "randers";

/// The workbench draws on a terminal and reads keys from it: without one
/// (cron, a pipe, `ssh host sagsbord` without -t) it says so and stops.
fn require_terminal() -> Result<(), Failure> {
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        Ok(())
    } else {
        Err(Failure::Usage(text::NO_TERMINAL.to_string()))
    }
}

/// `sagsbord`: the database, created on the first run. With `--today` the
/// real database is opened read-only: steps dated another day than the real
/// one must not reach it (training uses the demo, or a copy with `--db`).
pub fn real(cli: &Cli) -> Outcome {
    require_terminal()?;
    let db = db::path(cli)?;
    let today = cli.today.unwrap_or_else(|| crate::domain::dates::local_of(chrono::Utc::now()).date());
    let other_day = cli.today.filter(|_| db.real);
    let how = if other_day.is_some() {
        Opening::READ_ONLY
    } else {
        Opening { create: true, create_folder: !db.named, read_only: false }
    };
    let existed = db.path.exists();
    let store = db::open(&db, how)?;
    let banner = match (other_day, store.is_read_only()) {
        (Some(day), _) => Some(text::read_only_banner_today(&format_date_dk(day))),
        (None, true) => Some(text::READ_ONLY_BANNER_FILE.to_string()),
        (None, false) => None,
    };
    let notice = (!existed).then(|| text::new_database(&db.path));
    run(store, today, cli, banner, notice)
}

/// `sagsbord demo`: the sample centre in a throw-away database; with
/// `--tour` a guided tour plays on it, with `--record` the keys typed are
/// written as one.
pub fn demo(cli: &Cli, tour_args: &TourArgs, look_args: &LookArgs) -> Outcome {
    if cli.db.is_some() {
        return Err(Failure::Usage(text::DEMO_NO_DB.to_string()));
    }
    // A tour that cannot be played, or a recording that would overwrite a
    // file, is said before the terminal is taken.
    let tour = match &tour_args.tour {
        Some(name) => Some(look::load_tour(name).and_then(|tour| check_scenario(name, tour))?),
        None => None,
    };
    if let Some(path) = &tour_args.record {
        look::check_record_target(path)?;
    }
    require_terminal()?;
    let sample = exchange::parse(SAMPLE).map_err(text::sample_unreadable)?;
    // Made with the user's own rights even on the shared server: the group
    // is only ever taken back to open the shared database.
    let dir = tempfile::tempdir().map_err(|e| Failure::Error(text::io_error(&e)))?;
    let user = current_user()?;
    let day =
        cli.today.or(sample.sample_today).unwrap_or_else(|| crate::domain::dates::local_of(chrono::Utc::now()).date());
    let mut stage = Stage::with_mouse(look_args.mouse);
    let app = match tour {
        None => {
            let store = demo_store(&dir.path().join("demo.db"), &user, &sample)?;
            stage.recorder = tour_args.record.as_ref().map(|_| Recorder::default());
            workbench_app(store, day, cli, None, None)?
        }
        Some(tour) => {
            // Each start of the tour (going back is a start afresh) gets a
            // database of its own; the tour's keys are the default keymap's.
            let folder = dir.path().to_path_buf();
            let mut starts = 0;
            let fresh = move || -> Result<App, String> {
                starts += 1;
                let store =
                    demo_store(&folder.join(format!("demo-{starts}.db")), &user, &sample).map_err(failure_text)?;
                App::new(store, day, keymap::load(None).0)
            };
            let (player, app) = Player::start(tour, tour_args.pace, Box::new(fresh))?;
            stage.tour = Some(player);
            app
        }
    };
    let app = show(app, look_args, &mut stage)?;
    keep_for_tests(app)?;
    if let (Some(path), Some(recorder)) = (&tour_args.record, &stage.recorder) {
        look::write_recording(path, recorder)?;
        eprintln!("{}", crate::text::tour::recorded(path));
    }
    Ok(ExitCode::SUCCESS)
}

/// What a failure says, for a message on the status line.
fn failure_text(failure: Failure) -> String {
    match failure {
        Failure::Error(said) | Failure::Usage(said) => said,
        Failure::ClosedOutput => String::new(),
    }
}

/// The sample the tour names must be the one the demo opens.
fn check_scenario(name: &str, tour: Tour) -> Result<Tour, Failure> {
    match &tour.scenario {
        Some(scenario) if scenario != SAMPLE_NAME => {
            Err(Failure::Usage(crate::text::tour::unknown_scenario(name, scenario)))
        }
        _ => Ok(tour),
    }
}

/// The sample centre in a new database at `path`, ready to be shown.
pub fn demo_store(path: &Path, user: &str, sample: &exchange::ExportFile) -> Result<Store, Failure> {
    let mut store = Store::open_with(path, user, Opening::CREATE)?;
    store.import(sample)?;
    // The one running the demo created the file and is its team leader;
    // the sample's counsellors are counsellors (on the anonymous team if
    // they hold a §101a case), and a trainer may show it.
    store.mark_demo()?;
    register_counsellors(&mut store, sample)?;
    Ok(store)
}

/// For the tests only (documented in README.md): the end-to-end tests of
/// the tours check the state a tour leaves, so with this set the demo
/// copies its throw-away database to the file it names when it ends (a new
/// file: never over an existing one).
pub const KEEP_FOR_TESTS: &str = "SAGSBORD_TEST_KEEP_DEMO_DB";

fn keep_for_tests(mut app: App) -> Result<(), Failure> {
    if let Some(path) = std::env::var_os(KEEP_FOR_TESTS) {
        app.shell.store.backup(Path::new(&path), false)?;
    }
    Ok(())
}

/// Registers the counsellors a demo file's cases name as counsellors (on
/// the anonymous team if they hold a §101a case): the demo and a generated
/// centre (`sagsbord generate`).
pub(super) fn register_counsellors(store: &mut Store, file: &exchange::ExportFile) -> Result<(), Failure> {
    let mut counsellors: Vec<&str> = file.cases.iter().map(|c| c.counsellor.as_str()).collect();
    counsellors.sort_unstable();
    counsellors.dedup();
    for name in counsellors {
        if store.user(name)?.is_none() {
            let anonymous_team = file
                .cases
                .iter()
                .any(|c| c.counsellor == name && c.kind == crate::domain::intake::ContactKind::Anonymous);
            store.add_user(&crate::store::NewUser {
                name: name.into(),
                full_name: String::new(),
                role: crate::store::Role::Counsellor,
                anonymous_team,
            })?;
        }
    }
    Ok(())
}

/// The user's keymap text, if there is one to use, and a problem to show.
/// A missing file is no problem unless `--keymap` named it.
fn user_keymap(cli: &Cli) -> (Option<String>, Option<String>) {
    let (path, named): (PathBuf, bool) = if let Some(p) = &cli.keymap {
        (p.clone(), true)
    } else if let Some(p) = std::env::var_os("SAGSBORD_KEYMAP") {
        (PathBuf::from(p), false)
    } else {
        match directories::ProjectDirs::from("dk", "sagsbord", "sagsbord") {
            Some(d) => (d.config_dir().join("keymap.toml"), false),
            None => return (None, None),
        }
    };
    match files::read_regular(&path, SMALL_FILE_LIMIT) {
        Ok(text) => (Some(text), None),
        Err(FileProblem::Io(e)) if e.kind() == std::io::ErrorKind::NotFound && !named => (None, None),
        Err(problem) => (None, Some(text::keymap_file(&path, &crate::text::store::file_problem(&problem)))),
    }
}

fn run(store: Store, today: NaiveDate, cli: &Cli, banner: Option<String>, notice: Option<String>) -> Outcome {
    let app = workbench_app(store, today, cli, banner, notice)?;
    let mut stage = Stage::with_mouse(cli.look.mouse);
    show(app, &cli.look, &mut stage)?;
    Ok(ExitCode::SUCCESS)
}

/// The app on `store` with the user's keymap, its banner and first message.
fn workbench_app(
    store: Store,
    today: NaiveDate,
    cli: &Cli,
    banner: Option<String>,
    notice: Option<String>,
) -> Result<App, Failure> {
    let (user_text, file_problem) = user_keymap(cli);
    let (keymap, mut problems) = keymap::load(user_text.as_deref());
    problems.extend(file_problem);
    let mut app = App::new(store, today, keymap)?;
    app.banner = banner;
    if let Some(notice) = notice {
        app.set_status(StatusKind::Warning, notice);
    }
    if !problems.is_empty() {
        app.set_status(StatusKind::Error, text::keymap_not_used(&problems.join("; ")));
    }
    Ok(app)
}

/// Shows the app on the terminal in the look asked for, until the user quits.
fn show(mut app: App, look_args: &LookArgs, stage: &mut Stage) -> Result<App, Failure> {
    app.present |= look_args.present;
    let theme = Theme::with_look(look_args.theme.unwrap_or_default());
    crate::stage::run(&mut app, theme, stage).map_err(|e| Failure::Error(text::terminal_error(&e)))?;
    Ok(app)
}
