//! The workbench (the TUI) on the real database, and the demo.

use std::io::IsTerminal;
use std::process::ExitCode;

use chrono::NaiveDate;

use super::{Cli, Failure, Outcome, db};
use crate::app::{App, DemoSession, StatusKind};
use crate::domain::dates::format_date_dk;
use crate::store::{Opening, Store};
use crate::text::cli as text;
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
    let existed = crate::store::shared::with_group(|| db.path.exists())?;
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
    run(store, today, cli, banner, notice, |app| {
        if first_run {
            app.start_setup();
        }
    })
}

/// `sagsbord demo` (src/cli/demo.rs): a scenario's centre in its
/// throw-away database, marked DEMO on every screen, said once that nothing
/// is kept, and resettable to its start.
pub(super) fn run_demo(store: Store, cli: &Cli, session: DemoSession) -> Outcome {
    let today = session.today;
    run(store, today, cli, None, None, |app| app.start_demo(session))
}

/// The workbench on `store`; `prepare` readies the app before the first
/// screen (the demo's session, the first run's setup form).
fn run(
    store: Store,
    today: NaiveDate,
    cli: &Cli,
    banner: Option<String>,
    notice: Option<String>,
    prepare: impl FnOnce(&mut App),
) -> Outcome {
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
    crate::tui::run(&mut app, Theme::from_env()).map_err(|e| Failure::Error(text::terminal_error(&e)))?;
    Ok(ExitCode::SUCCESS)
}
