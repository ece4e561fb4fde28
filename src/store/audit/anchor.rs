//! Anchors: the chain's head written down where the database's users
//! cannot rewrite it (the system log, a file only root writes). One line
//! each, which `audit verify --anchor FILE` reads back from such a file
//! (a copy of the log does; other lines are passed over):
//!
//! ```text
//! sagsbord anker: id=57 antal=57 hash=9f… tid=2026-03-17T06:00:00Z fil=/srv/sagsbord/sagsbord.db
//! ```
//!
//! An anchored row must still be there with the anchored hash, and the
//! rows up to it as many as anchored: a trail cut back, or written anew
//! with recomputed hashes, cannot hide from its anchors.

use crate::store::engine::Db;

use super::{AuditHead, AuditProblem, Result};
use crate::text::audit::{ANCHOR_AT, ANCHOR_COUNT, ANCHOR_FILE, ANCHOR_MARK};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub id: i64,
    pub count: i64,
    pub hash: String,
    /// When it was taken, UTC as stored (`2026-03-17T06:00:00Z`).
    pub at: String,
    /// The database file it was taken of, as its full path.
    pub file: String,
}

impl Anchor {
    pub fn of(head: &AuditHead, at: &str, file: &str) -> Anchor {
        Anchor { id: head.id, count: head.count, hash: head.hash.clone(), at: at.to_string(), file: file.to_string() }
    }

    /// The anchor as one line of text (the file's path last: it may hold spaces).
    pub fn line(&self) -> String {
        format!(
            "{ANCHOR_MARK} id={} {ANCHOR_COUNT}={} hash={} {ANCHOR_AT}={} {ANCHOR_FILE}={}",
            self.id, self.count, self.hash, self.at, self.file
        )
    }

    /// The anchor in a line of text, wherever in the line it stands (the
    /// system log puts its own stamp before it); `None` for other lines.
    pub fn parse(line: &str) -> Option<Anchor> {
        let rest = &line[line.find(ANCHOR_MARK)? + ANCHOR_MARK.len()..];
        let file_key = format!(" {ANCHOR_FILE}=");
        let (fields, file) = match rest.find(&file_key) {
            Some(at) => (&rest[..at], rest[at + file_key.len()..].trim_end().to_string()),
            None => (rest, String::new()),
        };
        let (mut id, mut count, mut hash, mut at) = (None, None, None, None);
        for field in fields.split_whitespace() {
            let (key, value) = field.split_once('=')?;
            match key {
                "id" => id = value.parse().ok(),
                "hash" => hash = Some(value.to_string()),
                k if k == ANCHOR_COUNT => count = value.parse().ok(),
                k if k == ANCHOR_AT => at = Some(value.to_string()),
                _ => {}
            }
        }
        let hash = hash.filter(|h| h.len() == 64 && h.chars().all(|c| c.is_ascii_hexdigit()))?;
        Some(Anchor { id: id?, count: count?, hash, at: at?, file })
    }
}

/// The anchors of one database in a text (a log file, or a file of
/// anchors): those of other files are counted, not used.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnchorUse {
    pub anchors: Vec<Anchor>,
    /// Anchors of other database files in the text.
    pub others: usize,
}

impl AnchorUse {
    pub fn read(text: &str, file: &str) -> AnchorUse {
        let mut found = AnchorUse::default();
        for anchor in text.lines().filter_map(Anchor::parse) {
            if anchor.file == file {
                found.anchors.push(anchor);
            } else {
                found.others += 1;
            }
        }
        found
    }
}

/// What the chain no longer holds of each anchor.
pub(super) fn hold_against(db: &Db<'_>, anchors: &[Anchor]) -> Result<Vec<AuditProblem>> {
    let last: i64 = db.query_row("SELECT coalesce(max(id), 0) FROM audit", &[], |r| r.get(0))?;
    let mut problems = Vec::new();
    for anchor in anchors {
        if anchor.id == 0 {
            continue;
        }
        let hash: Option<String> = db.query_opt("SELECT hash FROM audit WHERE id = ?1", &[&anchor.id], |r| r.get(0))?;
        match hash {
            None => problems.push(AuditProblem::AnchorMissing { anchor: anchor.clone(), last }),
            Some(h) if h != anchor.hash => problems.push(AuditProblem::AnchorRewritten { anchor: anchor.clone() }),
            Some(_) => {
                let count: i64 =
                    db.query_row("SELECT count(*) FROM audit WHERE id <= ?1", &[&anchor.id], |r| r.get(0))?;
                if count != anchor.count {
                    problems.push(AuditProblem::AnchorCount { anchor: anchor.clone(), count });
                }
            }
        }
    }
    Ok(problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Anchor {
        Anchor {
            id: 57,
            count: 57,
            hash: "9f".repeat(32),
            at: "2026-03-17T06:00:00Z".into(),
            file: "/srv/rusmiddelcenter/sagsbord data.db".into(),
        }
    }

    #[test]
    fn an_anchor_reads_back_from_its_line_and_from_a_log_line_around_it() {
        let a = sample();
        assert_eq!(Anchor::parse(&a.line()), Some(a.clone()));
        let logged = format!("Mar 17 07:00:01 server sagsbord[4711]: {}", a.line());
        assert_eq!(Anchor::parse(&logged), Some(a.clone()));
        assert_eq!(Anchor::parse("Mar 17 07:00:01 server cron[1]: (root) CMD (sagsbord audit anchor)"), None);
        // A damaged hash is no anchor.
        assert_eq!(Anchor::parse(&a.line().replace(&"9f".repeat(32), "9f9f")), None);
    }

    #[test]
    fn the_anchors_of_other_files_are_counted_but_not_used() {
        let a = sample();
        let other = Anchor { file: "/tmp/prøve.db".into(), ..sample() };
        let text = format!("{}\nnoget andet\n{}\n", a.line(), other.line());
        let found = AnchorUse::read(&text, &a.file);
        assert_eq!(found.anchors, vec![a]);
        assert_eq!(found.others, 1);
    }
}
