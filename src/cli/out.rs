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
        Out { inner: BufWriter::new(io::stdout()) }
    }

    /// One line. Text from the database passes through
    /// [`text::printable`] before it comes here.
    pub fn line(&mut self, line: impl Display) -> Result<(), Failure> {
        writeln!(self.inner, "{line}").map_err(failure)
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
