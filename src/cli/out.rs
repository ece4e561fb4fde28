//! Standard output for the commands: a closed pipe (`sagsbord due | head
//! -1`) ends the command quietly instead of a panic, and every other write
//! error is said in Danish.

use std::fmt::Display;
use std::io::{self, BufWriter, Stdout, Write};

use super::Failure;
use crate::text::cli as text;

pub struct Out {
    inner: BufWriter<Stdout>,
}

impl Out {
    pub fn new() -> Out {
        // Large enough that a listing of thousands of lines goes out in a
        // few dozen writes, not hundreds.
        Out { inner: BufWriter::with_capacity(64 * 1024, io::stdout()) }
    }

    /// One line. Text from the database passes through
    /// [`text::printable`] before it comes here.
    pub fn line(&mut self, line: impl Display) -> Result<(), Failure> {
        writeln!(self.inner, "{line}").map_err(failure)
    }

    /// One line already made, written as it is (no formatting).
    pub fn str_line(&mut self, line: &str) -> Result<(), Failure> {
        self.inner.write_all(line.as_bytes()).and_then(|()| self.inner.write_all(b"\n")).map_err(failure)
    }

    /// `value` as indented JSON and a line break, written as it is made
    /// (not held whole in memory first), then everything flushed.
    pub fn json_pretty(mut self, value: &impl serde::Serialize) -> Result<(), Failure> {
        serde_json::to_writer_pretty(&mut self.inner, value).map_err(|e| match e.io_error_kind() {
            Some(kind) => failure(kind.into()),
            None => Failure::Error(e.to_string()),
        })?;
        self.inner.write_all(b"\n").map_err(failure)?;
        self.finish()
    }

    /// Text as it is (help, JSON), then everything flushed.
    pub fn text(mut self, text: &str) -> Result<(), Failure> {
        self.inner.write_all(text.as_bytes()).map_err(failure)?;
        self.finish()
    }

    /// Flushes what is left; the command is done only when this is.
    pub fn finish(mut self) -> Result<(), Failure> {
        self.inner.flush().map_err(failure)
    }
}

fn failure(e: io::Error) -> Failure {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Failure::ClosedOutput
    } else {
        Failure::Error(format!("kan ikke skrive til standard-ud: {}", text::io_error(&e)))
    }
}
