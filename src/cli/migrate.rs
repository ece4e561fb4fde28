//! `sagsbord migrate --to PLACE`: a centre moved whole from its database
//! (`--db`) into an empty one elsewhere: from a SQLite file into a centre
//! on a PostgreSQL server, or back. It goes through the export format, the
//! one description of a centre both engines read and write: the source is
//! exported (an audited look at everything), the export imported into the
//! target (all or nothing), and the target exported again. The move is
//! told done only when the two exports are the same, byte for byte.
//!
//! The exports lie in a folder only this user can read, removed at the
//! end: they hold the whole centre.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;
use std::process::ExitCode;

use super::out::Out;
use super::{Cli, Failure, Outcome, db, exchange};
use crate::store::Opening;
use crate::text::cli as text;

pub fn run(cli: &Cli, to: &Path) -> Outcome {
    let from = db::path(cli)?;
    let target = db::other(cli, to)?;
    if from.server.is_none() && target.server.is_none() {
        return Err(Failure::Usage(text::MIGRATE_NEEDS_SERVER.to_string()));
    }
    if target.real {
        return Err(Failure::Usage(text::MIGRATE_NOT_INTO_REAL.to_string()));
    }
    // tempfile makes the folder readable by this user only.
    let work = tempfile::Builder::new().prefix("sagsbord-flyt-").tempdir().map_err(crate::store::StoreError::Io)?;
    let (out, back) = (work.path().join("fra.json"), work.path().join("til.json"));

    let mut source = db::open(&from, Opening::EXISTING)?;
    db::must_write(&source, "migrate")?;
    source.export_to(&out, false)?;
    drop(source);
    let counts = exchange::import_into(&target, &out)?;
    let mut moved = db::open(&target, Opening::EXISTING)?;
    moved.export_to(&back, false)?;
    drop(moved);
    if !same_bytes(&out, &back).map_err(crate::store::StoreError::Io)? {
        return Err(Failure::Error(text::MIGRATE_DIFFERS.to_string()));
    }
    let mut told = Out::new();
    told.line(text::migrated(&exchange::told(&counts), to))?;
    told.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// Whether two files hold the same bytes, read a block at a time.
fn same_bytes(a: &Path, b: &Path) -> std::io::Result<bool> {
    let (mut a, mut b) = (BufReader::new(File::open(a)?), BufReader::new(File::open(b)?));
    let (mut x, mut y) = (vec![0; 1 << 16], vec![0; 1 << 16]);
    loop {
        let n = read_full(&mut a, &mut x)?;
        let m = read_full(&mut b, &mut y)?;
        if n != m || x[..n] != y[..m] {
            return Ok(false);
        }
        if n == 0 {
            return Ok(true);
        }
    }
}

/// Fills `buf` as far as the reader has bytes; how many it filled.
fn read_full(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match r.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}
