//! Import: a whole file into an empty database, all or nothing, each part
//! of each list checked (`check.rs`) and written (`write.rs`) as it comes.
//! The checks may run on another thread than the writes ([`PieceChecks`]):
//! a large file is read and checked on the reading thread while this one
//! writes.

use super::check::{Checker, Finished, Passed};
use super::part::{AsPart, Chunk, Counts, List};
use super::problem::ImportProblem;
use super::stream::Piece;
use super::write::Writer;
use super::*;
use crate::store::engine::Engine;

/// The page cache an import writes through, in KiB.
const IMPORT_CACHE_KIB: i64 = 8 * 1024;

/// A file's next step, checked: a part with what its checks hand the
/// writer, or the end with what the checks give once the file is whole.
pub(crate) enum Step<P> {
    Part(P, Passed),
    End(Finished),
}

/// The checks of a file read a piece at a time, wherever it is read.
pub(crate) struct PieceChecks {
    checker: Option<Checker>,
}

impl PieceChecks {
    pub(crate) fn new() -> PieceChecks {
        PieceChecks { checker: None }
    }

    /// The step a piece makes, once checked; `None` for the centre, which
    /// only begins the checks. A piece out of place (no centre first, or a
    /// second one) stops the import short of its end.
    pub(crate) fn take(&mut self, piece: Piece) -> Option<Result<Step<Chunk>>> {
        match (piece, &mut self.checker) {
            (Piece::Centre(centre), None) => match Checker::new(&centre) {
                Ok(checker) => {
                    self.checker = Some(checker);
                    None
                }
                Err(e) => Some(Err(e)),
            },
            (Piece::Chunk(chunk), Some(checker)) => {
                Some(checker.take(chunk.part()).map(|passed| Step::Part(chunk, passed)))
            }
            (Piece::End, checker @ Some(_)) => checker.take().map(|c| c.finish().map(Step::End)),
            _ => Some(Err(bad("filen".into(), ImportProblem::Unfinished))),
        }
    }
}

impl Store {
    /// Takes a whole file in hand into an empty database, all or nothing.
    pub fn import(&mut self, file: &ExportFile) -> Result<Counts> {
        // A centre the checks refuse is refused before anything is written.
        let mut checker = Some(Checker::new(&file.centre)?);
        let mut parts = file.parts();
        let steps = std::iter::from_fn(move || match parts.next() {
            Some(part) => Some(checker.as_mut()?.take(part).map(|passed| Step::Part(part, passed))),
            None => Some(checker.take()?.finish().map(Step::End)),
        });
        self.import_steps(steps)
    }

    /// Takes a file as it is read ([`stream::read`]): its centre, its
    /// parts, then the end, checked here. Pieces that stop before the end
    /// (the reading failed) leave the database as it was.
    #[cfg(test)]
    pub(crate) fn import_pieces(&mut self, pieces: impl IntoIterator<Item = Piece>) -> Result<Counts> {
        let mut checks = PieceChecks::new();
        self.import_steps(pieces.into_iter().filter_map(move |piece| checks.take(piece)))
    }

    /// Writes each step as it comes, checked (by [`PieceChecks`], on this
    /// thread or the reader's), in one transaction that is kept only when
    /// the end came; the first refusal ends it.
    pub(crate) fn import_steps<P: AsPart>(&mut self, steps: impl Iterator<Item = Result<Step<P>>>) -> Result<Counts> {
        // The one long transaction writes every table's growing end and
        // indexes over and over: with SQLite's 2 MiB cache those pages go
        // out to the journal and are read back again and again.
        // A server keeps its own cache.
        let cache = match self.conn() {
            Ok(conn) => {
                let cache: i64 = conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
                conn.pragma_update(None, "cache_size", -IMPORT_CACHE_KIB)?;
                Some(cache)
            }
            Err(_) => None,
        };
        let journal = self.journal_for_import();
        let written = self.write_bulk("import", "database", |db| {
            // Empty as it stands in the transaction: a colleague may have
            // registered a contact since the file was checked.
            let occupied: i64 = db.query_row(
                "SELECT (SELECT count(*) FROM citizens) + (SELECT count(*) FROM cases) + (SELECT count(*) FROM providers)
                    + (SELECT count(*) FROM treatment_groups) + (SELECT count(*) FROM gift_card_ledger)",
                &[],
                |r| r.get(0),
            )?;
            if occupied > 0 {
                return Err(bad("databasen".into(), ImportProblem::DatabaseNotEmpty));
            }
            let mut writer = Writer::new(db);
            let mut counts = Counts::default();
            let mut finished = None;
            for step in steps {
                match step? {
                    Step::Part(item, passed) => {
                        let part = item.part();
                        writer.write(part, passed)?;
                        counts.add(part);
                    }
                    Step::End(end) => {
                        finished = Some(end);
                        break;
                    }
                }
            }
            let Some(finished) = finished else {
                return Err(bad("filen".into(), ImportProblem::Unfinished));
            };
            writer.finish(finished)?;
            if db.engine() == Engine::Postgres {
                // The rows took their ids from the file; a row added later
                // takes the next past them.
                db.execute_batch("SELECT move_identities_past_ids()")?;
            }
            Ok((counts, None, detail(&counts)))
        });
        if journal {
            // Back to the log. Should a colleague's program hold the file
            // just now, the switch fails; the import stands all the same,
            // and the next program to open the file (every opening sets
            // WAL mode) switches it.
            let _ = self.conn()?.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0));
        }
        if let Some(cache) = cache {
            self.conn()?.pragma_update(None, "cache_size", cache)?;
        }
        written
    }

    /// Switches the file to a rollback journal for the import, when no one
    /// else has it open (else it stays in WAL mode, and the import only
    /// takes longer); returns whether it switched.
    ///
    /// Why: the import fills empty tables, and SQLite writes the pages
    /// past the file's end as it was straight into the file, once, with
    /// nothing to journal; in WAL mode every page goes into the log, again
    /// each time the cache spills it, and is copied into the file by the
    /// checkpoint after. All or nothing still holds: a killed import leaves
    /// a journal that the next opening rolls back, as the WAL would.
    fn journal_for_import(&self) -> bool {
        let in_wal = |mode: &str| mode.eq_ignore_ascii_case("wal");
        let Ok(conn) = self.conn() else { return false };
        let now: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap_or_default();
        in_wal(&now)
            && conn
                .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get::<_, String>(0))
                .is_ok_and(|mode| !in_wal(&mode))
    }
}

/// The import's record in the trail: how many of each were taken.
fn detail(counts: &Counts) -> String {
    let n = |list| counts.of(list);
    format!(
        "{} borgere, {} sager, {} hændelser, {} planversioner, {} afslutninger, {} opfølgningsopkald, {} børn, {} underretninger, \
         {} leverandører, {} døgnophold",
        n(List::Citizens),
        n(List::Cases),
        n(List::CaseEvents),
        n(List::PlanVersions),
        n(List::CourseEndings),
        n(List::FollowUpCalls),
        n(List::Children),
        n(List::Notifications),
        n(List::Providers),
        n(List::Stays)
    )
}
