//! The audit trail: who read or wrote what, and when. Each row carries the
//! hash of the row before it, so an edited or deleted row breaks the chain
//! and [`Store::verify_audit`] finds where.

use rusqlite::{OptionalExtension, Transaction, params};
use sha2::{Digest, Sha256};

use super::{Result, Store, now_stamp};

/// The hash the first row chains to.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub detail: String,
}

/// Where the chain is broken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditProblem {
    /// The row's own content does not match its hash: it was edited.
    Altered { id: i64 },
    /// The row does not chain to the one before it: a row was removed or inserted.
    Unlinked { id: i64 },
}

fn row_hash(
    prev: &str,
    at: &str,
    actor: &str,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    detail: &str,
) -> String {
    let mut h = Sha256::new();
    for part in [prev, at, actor, action, entity, &entity_id.map(|i| i.to_string()).unwrap_or_default(), detail] {
        h.update(part.as_bytes());
        // A separator that cannot be confused with content of either side.
        h.update([0u8]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

pub(super) fn append(
    tx: &Transaction<'_>,
    actor: &str,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    detail: &str,
) -> Result<()> {
    let prev: String = tx
        .query_row("SELECT hash FROM audit ORDER BY id DESC LIMIT 1", [], |r| r.get(0))
        .optional()?
        .unwrap_or_else(|| GENESIS.to_string());
    let at = now_stamp();
    let hash = row_hash(&prev, &at, actor, action, entity, entity_id, detail);
    tx.execute(
        "INSERT INTO audit (at, actor, action, entity, entity_id, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![at, actor, action, entity, entity_id, detail, prev, hash],
    )?;
    Ok(())
}

impl Store {
    /// Walks the whole chain; an empty list means it is intact.
    pub fn verify_audit(&self) -> Result<Vec<AuditProblem>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, at, actor, action, entity, entity_id, detail, prev_hash, hash FROM audit ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        let mut expected_prev = GENESIS.to_string();
        let mut problems = Vec::new();
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let (at, actor, action, entity): (String, String, String, String) =
                (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
            let entity_id: Option<i64> = r.get(5)?;
            let (detail, prev, hash): (String, String, String) = (r.get(6)?, r.get(7)?, r.get(8)?);
            if prev != expected_prev {
                problems.push(AuditProblem::Unlinked { id });
            }
            if row_hash(&prev, &at, &actor, &action, &entity, entity_id, &detail) != hash {
                problems.push(AuditProblem::Altered { id });
            }
            expected_prev = hash;
        }
        Ok(problems)
    }

    /// The audit rows about one record, oldest first.
    pub fn audit_for(&self, entity: &str, entity_id: i64) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, at, actor, action, entity, entity_id, detail FROM audit
             WHERE entity = ?1 AND entity_id = ?2 ORDER BY id",
        )?;
        let rows = stmt.query_map(params![entity, entity_id], |r| {
            Ok(AuditEntry {
                id: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                action: r.get(3)?,
                entity: r.get(4)?,
                entity_id: r.get(5)?,
                detail: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
