//! The workbench (the TUI) on the real database, and the demo.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;

use super::look::{LookArgs, TourArgs};
use super::{Cli, Failure, Outcome, db};
use crate::app::{App, DemoSession, StatusKind, keymap};
use crate::domain::dates::format_date_dk;
use crate::stage::Stage;
use crate::store::exchange::ExportFile;
use crate::store::{Opening, Store};
use crate::text::cli as text;
use crate::tour::player::Player;
use crate::tour::recorder::Recorder;
use crate::tour::script::Tour;
use crate::ui::Theme;

/// The workbench draws on a terminal and reads keys from it: without one
/// (cron, a pipe, `ssh host sagsbord` without -t) it says so and stops.
pub(super) fn require_terminal() -> Result<(), Failure> {
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
    let look = cli.look.with_settings()?;
    require_terminal()?;
    let db = db::path(cli)?;
    let today = cli.today.unwrap_or_else(|| crate::domain::dates::local_of(chrono::Utc::now()).date());
    let other_day = cli.today.filter(|_| db.real);
    let how = if other_day.is_some() {
        Opening::READ_ONLY
    } else {
        Opening { create: true, create_folder: !db.named, read_only: false }
    };
    // Looked at with the group, as the file is opened: on the shared server
    // the user alone cannot see into the database's folder.
    let existed = db.server.is_some() || crate::store::shared::with_group(|| db.path.exists())?;
    let store = db::open(&db, how)?;
    let banner = match (other_day, store.is_read_only()) {
        (Some(day), _) => Some(text::read_only_banner_today(&format_date_dk(day))),
        (None, true) => Some(text::READ_ONLY_BANNER_FILE.to_string()),
        (None, false) => None,
    };
    let notice = (!existed).then(|| text::new_database(&db.path));
    // A new database asks what centre it is, rather than silently follow
    // the national default (a file that cannot be written cannot be new).
    // (A colleague's program may have set it up in the same moment.)
    let first_run = !existed && !store.is_read_only() && store.centre()?.municipality.trim().is_empty();
    let app = workbench_app(store, today, cli, banner, notice, |app| {
        if first_run {
            app.start_setup();
        }
    })?;
    show(app, &look, &mut Stage::with_mouse(look.mouse))?;
    Ok(ExitCode::SUCCESS)
}

/// `sagsbord demo` (src/cli/demo.rs): a scenario's centre in its
/// throw-away database, marked DEMO on every screen, said once that nothing
/// is kept, and resettable to its start; with `--record` the keys typed are
/// written as a tour.
pub(super) fn run_demo(
    store: Store,
    cli: &Cli,
    session: DemoSession,
    tour_args: &TourArgs,
    look_args: &LookArgs,
) -> Outcome {
    let today = session.today;
    let app = workbench_app(store, today, cli, None, None, |app| app.start_demo(session))?;
    let mut stage = Stage::with_mouse(look_args.mouse);
    stage.recorder = tour_args.record.as_ref().map(|_| Recorder::default());
    let app = show(app, look_args, &mut stage)?;
    keep_for_tests(app)?;
    if let (Some(path), Some(recorder)) = (&tour_args.record, &stage.recorder) {
        super::look::write_recording(path, recorder)?;
        eprintln!("{}", crate::text::tour::recorded(path));
    }
    Ok(ExitCode::SUCCESS)
}

/// `sagsbord demo --tour NAME`: the tour plays on the scenario's centre.
/// Each start of the tour (going back is a start afresh) gets a database of
/// its own; the tour's keys are the default keymap's.
pub(super) fn play_tour(
    tour: Tour,
    tour_args: &TourArgs,
    look_args: &LookArgs,
    file: ExportFile,
    today: NaiveDate,
    user: String,
) -> Outcome {
    let fresh = move || -> Result<App, String> {
        let (store, dir) = crate::demo::open_fresh(&user, &file)?;
        let mut app = App::new(store, today, keymap::load(None).0)?;
        app.start_demo(DemoSession::new(file.clone(), today, dir));
        Ok(app)
    };
    let (player, app) = Player::start(tour, tour_args.pace, Box::new(fresh))?;
    let mut stage = Stage::with_mouse(look_args.mouse);
    stage.tour = Some(player);
    let app = show(app, look_args, &mut stage)?;
    keep_for_tests(app)?;
    Ok(ExitCode::SUCCESS)
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

/// The app on `store` with the user's keymap, its banner and first message;
/// `prepare` readies it before the first screen.
fn workbench_app(
    store: Store,
    today: NaiveDate,
    cli: &Cli,
    banner: Option<String>,
    notice: Option<String>,
    prepare: impl FnOnce(&mut App),
) -> Result<App, Failure> {
    let (keymap, problems) = super::keys::session(cli);
    let mut app = App::new(store, today, keymap)?;
    app.banner = banner;
    prepare(&mut app);
    if let Some(notice) = notice {
        app.set_status(StatusKind::Warning, notice);
    }
    if !problems.is_empty() {
        app.set_status(StatusKind::Error, crate::text::keys::startup_summary(problems.len()));
        app.keymap_problems = problems;
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
