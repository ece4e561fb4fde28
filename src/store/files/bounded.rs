//! A file read as UTF-8 text a buffer at a time, never past a bound: what
//! [`super::read_regular`] checks of a whole file held in memory, for a
//! file parsed as it is read (an import of 400 MB).

use std::io::{self, Read};

use super::FileProblem;

/// Reads `inner` as it is, but ends with an error at the first byte past
/// `limit` or the first byte that is not UTF-8; [`BoundedText::problem`]
/// then says which.
pub struct BoundedText<R> {
    inner: R,
    limit: u64,
    read: u64,
    /// The start of a character the last buffer ended in the middle of.
    carry: Vec<u8>,
    problem: Option<Refused>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refused {
    TooLarge,
    NotText,
}

impl<R: Read> BoundedText<R> {
    pub fn new(inner: R, limit: u64) -> Self {
        BoundedText { inner, limit, read: 0, carry: Vec::with_capacity(4), problem: None }
    }

    /// Why the reading was ended, if it was.
    pub fn problem(&self) -> Option<FileProblem> {
        self.problem.map(|p| match p {
            Refused::TooLarge => FileProblem::TooLarge { limit: self.limit },
            Refused::NotText => FileProblem::NotText,
        })
    }

    fn refuse(&mut self, why: Refused) -> io::Error {
        self.problem = Some(why);
        io::Error::new(io::ErrorKind::InvalidData, format!("{why:?}"))
    }

    /// Whether `bytes`, read after the carried ones, are UTF-8 so far; an
    /// unfinished character at the end is carried to the next read.
    fn text_so_far(&mut self, mut bytes: &[u8]) -> bool {
        if let Some(&lead) = self.carry.first() {
            let width = utf8_width(lead);
            let take = (width - self.carry.len()).min(bytes.len());
            self.carry.extend_from_slice(&bytes[..take]);
            bytes = &bytes[take..];
            if self.carry.len() < width {
                return true;
            }
            if std::str::from_utf8(&self.carry).is_err() {
                return false;
            }
            self.carry.clear();
        }
        match std::str::from_utf8(bytes) {
            Ok(_) => true,
            Err(e) if e.error_len().is_none() => {
                self.carry.extend_from_slice(&bytes[e.valid_up_to()..]);
                true
            }
            Err(_) => false,
        }
    }
}

/// How many bytes a character starting with `lead` takes (a lead byte the
/// validator left unfinished: 2 to 4).
fn utf8_width(lead: u8) -> usize {
    match lead {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        _ => 2,
    }
}

impl<R: Read> Read for BoundedText<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(why) = self.problem {
            return Err(self.refuse(why));
        }
        // One byte more than the bound allows, so a file too large is told.
        let room = (self.limit + 1 - self.read.min(self.limit + 1)).min(buf.len() as u64) as usize;
        let n = self.inner.read(&mut buf[..room])?;
        self.read += n as u64;
        if self.read > self.limit {
            return Err(self.refuse(Refused::TooLarge));
        }
        if n == 0 && !buf.is_empty() && !self.carry.is_empty() {
            return Err(self.refuse(Refused::NotText));
        }
        if !self.text_so_far(&buf[..n]) {
            return Err(self.refuse(Refused::NotText));
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `bytes` through the bound `step` bytes at a time.
    fn read_all(bytes: &[u8], limit: u64, step: usize) -> (Vec<u8>, Option<FileProblem>) {
        let mut reader = BoundedText::new(bytes, limit);
        let mut out = Vec::new();
        let mut buf = vec![0; step];
        loop {
            match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => out.extend_from_slice(&buf[..n]),
                Err(_) => break,
            }
        }
        (out, reader.problem())
    }

    #[test]
    fn text_split_anywhere_inside_its_characters_reads_whole() {
        let text = "Søren Ærø 😀 æøå".as_bytes();
        for step in 1..8 {
            let (out, problem) = read_all(text, 100, step);
            assert_eq!(out, text, "step {step}");
            assert!(problem.is_none(), "step {step}: {problem:?}");
        }
    }

    #[test]
    fn bytes_that_are_not_utf8_are_refused_wherever_they_fall() {
        for bytes in [&b"ab\xffcd"[..], b"ab\xc3", b"\xe2\x82x", b"ok \xf0\x9f\x98"] {
            for step in 1..6 {
                let (_, problem) = read_all(bytes, 100, step);
                assert!(matches!(problem, Some(FileProblem::NotText)), "{bytes:?} step {step}: {problem:?}");
            }
        }
    }

    #[test]
    fn a_file_past_the_bound_is_refused_and_one_at_it_is_read() {
        let (out, problem) = read_all(b"12345", 5, 2);
        assert_eq!((out.as_slice(), problem.is_none()), (&b"12345"[..], true));
        let (out, problem) = read_all(b"123456", 5, 64);
        assert!(matches!(problem, Some(FileProblem::TooLarge { limit: 5 })), "{problem:?}");
        assert!(out.is_empty(), "nothing past the bound is handed on");
    }
}
