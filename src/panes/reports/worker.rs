//! The yearly report computed off the UI thread: at 100,000 cases it takes
//! a good part of a second, and the pane must draw at once and keep taking
//! keys meanwhile. The worker opens its own read-only connection to the
//! same data (on a file, SQLite lets a reader run beside the app's
//! connection, WAL; on a server, a second session)
//! and sends the finished report back. A job that is replaced (another
//! year, the data changed) or whose pane is left is dropped, and dropping
//! it stops the work: the worker's query is interrupted, so a report
//! nobody will read does not hold a core of the shared server.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::{Arc, Mutex, PoisonError};

use chrono::NaiveDate;

use crate::app::Shell;
use crate::domain::policy::Profile;
use crate::domain::report::{Period, Report};
use crate::store::{CentreAction, Store};

/// What a computation gives: the report, or why it could not be read (as
/// the pane says it).
pub type Outcome = Result<Report, String>;

/// A report being computed; dropping it stops the computation.
#[derive(Debug)]
pub struct Job {
    result: Receiver<Outcome>,
    stop: Arc<Stop>,
}

impl Drop for Job {
    fn drop(&mut self) {
        self.stop.ask();
    }
}

/// The way to stop a worker: asked once, from the UI thread, at any point
/// of the worker's life. Before the worker's connection is open the flag
/// keeps it from starting; after, the connection's interrupt ends the
/// statement running.
#[derive(Default)]
pub(crate) struct Stop {
    asked: AtomicBool,
    connection: Mutex<Option<crate::store::engine::Interrupt>>,
}

impl std::fmt::Debug for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stop").field("asked", &self.asked).finish_non_exhaustive()
    }
}

impl Stop {
    fn ask(&self) {
        self.asked.store(true, Ordering::SeqCst);
        if let Some(handle) = &*self.connection.lock().unwrap_or_else(PoisonError::into_inner) {
            handle.interrupt();
        }
    }

    /// Hands over the worker's connection; whether the work may go on. The
    /// flag is read after the handle is in place, so an `ask` either sees
    /// the handle or is seen here.
    fn attach(&self, store: &Store) -> bool {
        *self.connection.lock().unwrap_or_else(PoisonError::into_inner) = store.interrupt_handle().ok();
        !self.asked.load(Ordering::SeqCst)
    }

    #[cfg(test)]
    pub(crate) fn asked(&self) -> bool {
        self.asked.load(Ordering::SeqCst)
    }
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

    /// The job's stop: for tests, which see that leaving asks it.
    #[cfg(test)]
    pub(crate) fn stop(&self) -> Arc<Stop> {
        Arc::clone(&self.stop)
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
    let Some(place) = shell.store.place().cloned() else {
        return Started::Now(compute(&shell.store, &shell.profile, period, shell.today));
    };
    let (actor, profile, today) = (shell.store.actor().to_string(), shell.profile.clone(), shell.today);
    let (send, result) = mpsc::channel();
    let stop = Arc::new(Stop::default());
    let worker_stop = Arc::clone(&stop);
    let spawned = std::thread::Builder::new().name("rapport".into()).spawn(move || {
        let store = match place.open_read_only(&actor) {
            Ok(store) => store,
            Err(e) => return drop(send.send(Err(e.to_string()))),
        };
        // A job dropped already: nobody waits for the figures.
        if !worker_stop.attach(&store) {
            return;
        }
        // A job replaced meanwhile has no receiver: its result (the
        // interrupted query's error, as likely as not) is dropped.
        let _ = send.send(compute(&store, &profile, period, today));
    });
    match spawned {
        Ok(_) => Started::Later(Job { result, stop }),
        // No thread to be had: the report is computed here, as before.
        Err(_) => Started::Now(compute(&shell.store, &shell.profile, period, shell.today)),
    }
}

fn compute(store: &Store, profile: &Profile, period: Period, today: NaiveDate) -> Outcome {
    store.read_snapshot(|s| s.report(profile, period, today)).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::mpsc::{self, RecvTimeoutError};
    use std::time::{Duration, Instant};

    use super::Stop;
    use crate::store::both_centres::{Centre, on_both_centres};
    use crate::store::engine;

    /// A stop asked while the worker's statement runs ends it; asked
    /// before the worker starts, it keeps it from starting: on a file by
    /// SQLite's interrupt, on a server by PostgreSQL's cancel.
    fn a_stop_ends_the_workers_query_and_keeps_a_later_worker_from_starting(centre: &Centre) {
        drop(centre.open("anna"));
        let stop = Arc::new(Stop::default());
        let (ready, attached) = mpsc::channel();
        let (send, ended) = mpsc::channel();
        let worker = Arc::clone(&stop);
        let place = centre.open("anna").place().cloned().expect("a centre has a place");
        std::thread::spawn(move || {
            let store = place.open_read_only("anna").unwrap();
            ready.send(worker.attach(&store)).unwrap();
            // A count with no end of its own: only the interrupt ends it.
            let count = store.db().query_row(
                "WITH RECURSIVE n(x) AS (SELECT CAST(1 AS BIGINT) UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n",
                &[],
                |r| r.get::<i64>(0),
            );
            let _ = send.send(count);
        });
        assert!(attached.recv().unwrap(), "nothing was asked yet");
        // Asked again until the statement has begun and been ended.
        let since = Instant::now();
        let count = loop {
            stop.ask();
            match ended.recv_timeout(Duration::from_millis(20)) {
                Ok(count) => break count,
                Err(RecvTimeoutError::Timeout) => assert!(since.elapsed() < Duration::from_secs(60), "never ended"),
                Err(RecvTimeoutError::Disconnected) => panic!("the worker died"),
            }
        };
        let stopped = match &count {
            Err(engine::Error::Sqlite(rusqlite::Error::SqliteFailure(e, _))) => {
                e.code == rusqlite::ErrorCode::OperationInterrupted
            }
            Err(engine::Error::Postgres(e)) => e.code() == Some(&::postgres::error::SqlState::QUERY_CANCELED),
            _ => false,
        };
        assert!(stopped, "{count:?}");
        assert!(!stop.attach(&centre.open("anna")));
    }

    on_both_centres!(a_stop_ends_the_workers_query_and_keeps_a_later_worker_from_starting);
}
