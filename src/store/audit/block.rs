//! A bulk write's inserted rows, stored a block at a time: an import
//! inserts millions of rows, and one `audit_change` row each made the
//! trail half of the file. A block is one `audit_change` row of op
//! `inserts` standing for up to [`ROWS`] consecutive inserts of one table:
//! `seq` the first's, `row_key` the first's key, `new` every key of the
//! block one a line (a key is JSON, which writes a line break inside a
//! string as `\n`, so no key holds one), and `hashes` their row hashes, 32
//! raw bytes each (a BLOB on SQLite, BYTEA on PostgreSQL: half the size of
//! the hex every other change row carries, and no decoding but a slice).
//!
//! Everything that reads the trail reads a block as the per-row inserts it
//! stands for ([`expand`]), so the digest of an audit row's changes, and
//! with it the row's hash, is the same as if each insert had a row of its
//! own. A block that does not read as one (a hash changed in length, a key
//! added or dropped, a block cut short) is no list of changes at all: the
//! chain counts its audit row as altered.

use std::sync::mpsc::{Receiver, Sender};

use rusqlite::types::Value;
use sha2::{Digest, Sha256};

use super::ChangesDigest;
use super::capture::{self, Change, ChangeKind};

/// The op of a block in `audit_change`.
pub(super) const KIND: &str = "inserts";

/// Rows a block holds at most. Past a few hundred the trail's size and an
/// import's time hardly change (per row: a key and 32 bytes either way),
/// while a bigger block is more to expand for a reader after one row.
pub(super) const ROWS: usize = 1000;

/// The columns a block is written in: a file migrating from before
/// version 24 writes its baseline's changes without `hashes`, which it has
/// not yet, so only a block names it.
pub(super) const COLUMNS: [&str; 7] = ["audit_id", "seq", "tbl", "row_key", "op", "new", "hashes"];

/// The bytes of one row hash.
const HASH_BYTES: usize = std::mem::size_of::<capture::RowHash>();

/// A block being filled, in order.
pub(super) struct Block {
    table: String,
    first_key: String,
    seq: i64,
    keys: String,
    hashes: Vec<u8>,
}

impl Block {
    /// A block whose first row is change `seq` of its audit row.
    pub(super) fn new(table: &str, seq: i64, key: &str) -> Block {
        Block {
            table: table.to_string(),
            first_key: key.to_string(),
            seq,
            keys: String::with_capacity(ROWS * 8),
            hashes: Vec::with_capacity(ROWS * HASH_BYTES),
        }
    }

    pub(super) fn push(&mut self, key: &str, hash: &capture::RowHash) {
        if !self.keys.is_empty() {
            self.keys.push('\n');
        }
        self.keys.push_str(key);
        self.hashes.extend_from_slice(hash);
    }

    pub(super) fn is_full(&self) -> bool {
        self.hashes.len() == ROWS * HASH_BYTES
    }

    /// The block as the `audit_change` row of audit row `audit_id`, in
    /// [`COLUMNS`].
    pub(super) fn into_row(self, audit_id: i64) -> [Value; 7] {
        [
            Value::Integer(audit_id),
            Value::Integer(self.seq),
            Value::Text(self.table),
            Value::Text(self.first_key),
            Value::Text(KIND.to_string()),
            Value::Text(self.keys),
            Value::Blob(self.hashes),
        ]
    }
}

/// Rows of one table as read back, before they are hashed: each row's
/// key and the bytes its hash is taken of (`capture::each_row_hash_input`).
pub(super) struct Rows {
    table: String,
    keys: String,
    key_ends: Vec<usize>,
    inputs: Vec<u8>,
    input_ends: Vec<usize>,
}

impl Rows {
    pub(super) fn of(table: &str) -> Rows {
        Rows {
            table: table.to_string(),
            keys: String::new(),
            key_ends: Vec::with_capacity(ROWS),
            inputs: Vec::new(),
            input_ends: Vec::with_capacity(ROWS),
        }
    }

    pub(super) fn push(&mut self, key: &str, input: &[u8]) {
        self.keys.push_str(key);
        self.key_ends.push(self.keys.len());
        self.inputs.extend_from_slice(input);
        self.input_ends.push(self.inputs.len());
    }

    pub(super) fn is_full(&self) -> bool {
        self.key_ends.len() == ROWS
    }

    fn each(&self) -> impl Iterator<Item = (&str, &[u8])> {
        let starts = |ends: &[usize]| std::iter::once(0).chain(ends.iter().copied()).collect::<Vec<_>>();
        let (key_starts, input_starts) = (starts(&self.key_ends), starts(&self.input_ends));
        (0..self.key_ends.len()).map(move |i| {
            (&self.keys[key_starts[i]..self.key_ends[i]], &self.inputs[input_starts[i]..self.input_ends[i]])
        })
    }
}

/// The blocks of audit row `audit_id`'s inserts, filled one row at a
/// time in order, each row taken into the digest of its changes.
pub(super) struct Filling {
    audit_id: i64,
    block: Option<Block>,
}

impl Filling {
    pub(super) fn new(audit_id: i64) -> Filling {
        Filling { audit_id, block: None }
    }

    /// Adds one inserted row; gives back a block it finished, as its
    /// `audit_change` row: one full, or one of another table (a block
    /// holds one table's rows).
    pub(super) fn add(
        &mut self,
        digest: &mut ChangesDigest,
        table: &str,
        key: &str,
        hash: &capture::RowHash,
    ) -> Option<[Value; 7]> {
        let other = match &self.block {
            Some(b) if b.table != table => self.block.take(),
            _ => None,
        };
        let seq = digest.seq as i64;
        digest.add_parts(table, key, ChangeKind::Insert, None, None, Some(&capture::hex(hash)));
        let block = self.block.get_or_insert_with(|| Block::new(table, seq, key));
        block.push(key, hash);
        let full = if block.is_full() { self.block.take() } else { None };
        // Never both: a block of another table leaves one row in the new.
        other.or(full).map(|b| b.into_row(self.audit_id))
    }

    /// The last block, if any row is left in it.
    pub(super) fn finish(self) -> Option<[Value; 7]> {
        self.block.map(|b| b.into_row(self.audit_id))
    }
}

/// Hashes the rows as they come, table after table, into the digest of
/// audit row `audit_id`'s changes, and sends each block as its
/// `audit_change` row; gives back the digest once the rows end.
pub(super) fn hash_rows(
    mut digest: ChangesDigest,
    audit_id: i64,
    rows: Receiver<Rows>,
    blocks: Sender<[Value; 7]>,
) -> ChangesDigest {
    let mut filling = Filling::new(audit_id);
    for part in rows {
        for (key, input) in part.each() {
            let hash: capture::RowHash = Sha256::digest(input).into();
            if let Some(done) = filling.add(&mut digest, &part.table, key, &hash) {
                let _ = blocks.send(done);
            }
        }
    }
    if let Some(block) = filling.finish() {
        let _ = blocks.send(block);
    }
    digest
}

/// The inserts a stored block stands for, in order; `None` when it does
/// not read as a block: its keys and hashes differ in number, it is empty,
/// or its first key is not the one its row names.
pub(super) fn expand(table: &str, first_key: &str, keys: Option<&str>, hashes: Option<&[u8]>) -> Option<Vec<Change>> {
    let (keys, hashes) = (keys?, hashes?);
    if hashes.is_empty() || hashes.len() % HASH_BYTES != 0 {
        return None;
    }
    let mut changes = Vec::with_capacity(hashes.len() / HASH_BYTES);
    let mut keys = keys.split('\n');
    for hash in hashes.chunks_exact(HASH_BYTES) {
        let key = keys.next().filter(|k| !k.is_empty())?;
        changes.push(Change {
            table: table.to_string(),
            key: key.to_string(),
            kind: ChangeKind::Insert,
            old: None,
            new: None,
            row_hash: Some(capture::hex(hash)),
        });
    }
    let first_named = changes.first().is_some_and(|c| c.key == first_key);
    (keys.next().is_none() && first_named).then_some(changes)
}
