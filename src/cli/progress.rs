//! A progress line on standard error, only when it is a terminal (a log
//! gets nothing): generating a centre, recomputing a large centre's
//! deadlines.

use std::io::{IsTerminal, Write};

/// Writes over the progress line.
pub fn line(line: &str) {
    let mut err = std::io::stderr();
    if err.is_terminal() {
        // Nothing more to do if standard error is gone.
        let _ = write!(err, "\r\x1b[2K{line}");
        let _ = err.flush();
    }
}

/// Clears the progress line.
pub fn done() {
    let mut err = std::io::stderr();
    if err.is_terminal() {
        let _ = write!(err, "\r\x1b[2K");
        let _ = err.flush();
    }
}

/// The deadlines' recompute: `done` steps of `of` (`store::Progress`).
pub fn bar(done: usize, of: usize) {
    line(&crate::text::cli::deadlines_progress(done, of));
}
