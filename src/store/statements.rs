//! Counting the statements a piece of work runs: for tests that keep a
//! page load, `due` or the report from turning into one query per record
//! (an N+1 pattern shows as a count that grows with the centre).

use std::sync::{Arc, Mutex};

use rusqlite::trace::{TraceEvent, TraceEventCodes};

use super::Store;

/// The statements one piece of work ran, in order, as SQL text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Statements(pub(crate) Vec<String>);

impl Statements {
    pub(crate) fn count(&self) -> usize {
        self.0.len()
    }

    /// The distinct statements with how often each ran, most often first:
    /// what a failing test prints.
    pub(crate) fn summary(&self) -> String {
        let mut counts: Vec<(usize, &str)> = Vec::new();
        for sql in &self.0 {
            match counts.iter_mut().find(|(_, s)| *s == sql.as_str()) {
                Some((n, _)) => *n += 1,
                None => counts.push((1, sql)),
            }
        }
        counts.sort_by_key(|c| std::cmp::Reverse(c.0));
        counts
            .iter()
            .map(|(n, sql)| format!("{n:>6} x {}", sql.split_whitespace().collect::<Vec<_>>().join(" ")))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl Store {
    /// Runs `work` and returns what it gave with the statements it ran on
    /// this connection. SQLite's trace hook sees each statement once as it
    /// starts (a statement that is stepped again after a reset counts
    /// again); the lines a trigger program adds (`-- trigger`) are not
    /// counted.
    pub(crate) fn counting_statements<T>(&mut self, work: impl FnOnce(&mut Store) -> T) -> (T, Statements) {
        let seen: Arc<Mutex<Vec<String>>> = Arc::default();
        let sink = Arc::clone(&seen);
        self.link
            .as_sqlite_mut()
            .expect("a store on SQLite")
            .trace_v2(
                TraceEventCodes::SQLITE_TRACE_STMT,
                Some(move |event: TraceEvent<'_>| {
                    if let TraceEvent::Stmt(stmt, text) = event
                        && !text.starts_with("--")
                    {
                        sink.lock().unwrap_or_else(|e| e.into_inner()).push(stmt.sql().into_owned());
                    }
                }),
            )
            .expect("the trace hook can be set");
        let out = work(self);
        self.link
            .as_sqlite_mut()
            .expect("a store on SQLite")
            .trace_v2(TraceEventCodes::empty(), None::<fn(TraceEvent<'_>)>)
            .expect("the trace hook can be cleared");
        let statements = std::mem::take(&mut *seen.lock().unwrap_or_else(|e| e.into_inner()));
        (out, Statements(statements))
    }
}
