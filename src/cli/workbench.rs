//! The workbench (the TUI) on the real database, and the demo.

use std::io::IsTerminal;
use std::process::ExitCode;

use chrono::NaiveDate;

use super::{Cli, Failure, Outcome, db};
use crate::app::{App, StatusKind};
use crate::domain::dates::format_date_dk;
use crate::store::{Opening, Store, current_user, exchange};
use crate::text::cli as text;
use crate::ui::Theme;

/// The sample centre the demo opens, compiled in so `demo` works anywhere.
const SAMPLE: &str = include_str!("../../sample-data/centre.json");

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

/// `sagsbord demo`: the sample centre in a throw-away database.
pub fn demo(cli: &Cli) -> Outcome {
    if cli.db.is_some() {
        return Err(Failure::Usage(text::DEMO_NO_DB.to_string()));
    }
    require_terminal()?;
    let sample = exchange::parse(SAMPLE).map_err(text::sample_unreadable)?;
    // Made with the user's own rights even on the shared server: the group
    // is only ever taken back to open the shared database.
    let dir = tempfile::tempdir().map_err(|e| Failure::Error(text::io_error(&e)))?;
    let mut store = Store::open_with(&dir.path().join("demo.db"), &current_user()?, Opening::CREATE)?;
    store.import(&sample)?;
    // The one running the demo created the file and is its team leader;
    // the sample's counsellors are counsellors (on the anonymous team if
    // they hold a §101a case), and a trainer may show it.
    store.mark_demo()?;
    register_counsellors(&mut store, &sample)?;
    let day =
        cli.today.or(sample.sample_today).unwrap_or_else(|| crate::domain::dates::local_of(chrono::Utc::now()).date());
    run(store, day, cli, None, None)
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

fn run(store: Store, today: NaiveDate, cli: &Cli, banner: Option<String>, notice: Option<String>) -> Outcome {
    let (keymap, problems) = super::keys::session(cli);
    let mut app = App::new(store, today, keymap)?;
    app.banner = banner;
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
