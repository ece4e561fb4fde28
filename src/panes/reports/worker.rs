//! The yearly report computed off the UI thread: at 100,000 cases it takes
//! a good part of a second, and the pane must draw at once and keep taking
//! keys meanwhile. The worker opens its own read-only connection to the
//! same file (SQLite lets a reader run beside the app's connection, WAL)
//! and sends the finished report back. A job that is replaced (another
//! year, the data changed) is dropped with its channel: what it sends
//! then goes nowhere and is never shown.

use std::sync::mpsc::{self, Receiver, TryRecvError};

use chrono::NaiveDate;

use crate::app::Shell;
use crate::domain::policy::Profile;
use crate::domain::report::{Period, Report};
use crate::store::{CentreAction, Opening, Store};

/// What a computation gives: the report, or why it could not be read (as
/// the pane says it).
pub type Outcome = Result<Report, String>;

/// A report being computed.
#[derive(Debug)]
pub struct Job {
    result: Receiver<Outcome>,
}

/// How a job stands when the pane looks.
pub enum Poll {
    Running,
    Done(Outcome),
}

impl Job {
    /// The result, if it has come, without waiting.
    pub fn poll(&self) -> Poll {
        match self.result.try_recv() {
            Ok(outcome) => Poll::Done(outcome),
            Err(TryRecvError::Empty) => Poll::Running,
            // The worker died without a word (a panic): said as a failure.
            Err(TryRecvError::Disconnected) => Poll::Done(Err(crate::text::report::WORKER_GONE.into())),
        }
    }

    /// Waits for the result: for tests, which must see the figures.
    #[cfg(test)]
    pub fn wait(&self) -> Outcome {
        self.result.recv().unwrap_or_else(|_| Err(crate::text::report::WORKER_GONE.into()))
    }
}

/// Either the report at once (a database in memory has no file another
/// connection could read: the tests' and the demo's), or a job computing it
/// in the background.
pub enum Started {
    Now(Outcome),
    Later(Job),
}

/// Starts the report of `period` as `shell`'s user sees it.
pub fn start(shell: &Shell, period: Period) -> Started {
    // A user who may not see the report is told so at once, not after a
    // worker opened the file to find it out.
    if let Err(refused) = shell.store.may(CentreAction::Report) {
        return Started::Now(Err(refused.to_string()));
    }
    let Some(path) = shell.store.path().map(|p| p.to_path_buf()) else {
        return Started::Now(compute(&shell.store, &shell.profile, period, shell.today));
    };
    let (actor, profile, today) = (shell.store.actor().to_string(), shell.profile.clone(), shell.today);
    let (send, result) = mpsc::channel();
    let spawned = std::thread::Builder::new().name("rapport".into()).spawn(move || {
        let outcome = Store::open_with(&path, &actor, Opening::READ_ONLY)
            .map_err(|e| e.to_string())
            .and_then(|store| compute(&store, &profile, period, today));
        // A job replaced meanwhile has no receiver: its result is dropped.
        let _ = send.send(outcome);
    });
    match spawned {
        Ok(_) => Started::Later(Job { result }),
        // No thread to be had: the report is computed here, as before.
        Err(_) => Started::Now(compute(&shell.store, &shell.profile, period, shell.today)),
    }
}

fn compute(store: &Store, profile: &Profile, period: Period, today: NaiveDate) -> Outcome {
    store.read_snapshot(|s| s.report(profile, period, today)).map_err(|e| e.to_string())
}
