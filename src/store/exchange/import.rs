//! Import: a whole file into an empty database, all or nothing, each part
//! of each list checked (`check.rs`) and written (`write.rs`) as it comes.

use super::check::Checker;
use super::part::{AsPart, Counts, List};
use super::problem::ImportProblem;
use super::stream::Piece;
use super::write::Writer;
use super::*;

/// The page cache an import writes through, in KiB.
const IMPORT_CACHE_KIB: i64 = 32 * 1024;

impl Store {
    /// Takes a whole file in hand into an empty database, all or nothing.
    pub fn import(&mut self, file: &ExportFile) -> Result<Counts> {
        self.import_parts(&file.centre, file.parts().map(Some).chain([None]))
    }

    /// Takes a file as it is read ([`stream::read`]): its centre, its
    /// parts, then the end. Pieces that stop before the end (the reading
    /// failed) leave the database as it was.
    pub(crate) fn import_pieces(&mut self, pieces: impl IntoIterator<Item = Piece>) -> Result<Counts> {
        let mut pieces = pieces.into_iter();
        let Some(Piece::Centre(centre)) = pieces.next() else {
            return Err(bad("filen".into(), ImportProblem::Unfinished));
        };
        // A second centre would be the reader's mistake: it stops the
        // import short of its end.
        let rest = pieces.map_while(|p| match p {
            Piece::Chunk(chunk) => Some(Some(chunk)),
            Piece::End => Some(None),
            Piece::Centre(_) => None,
        });
        self.import_parts(&centre, rest)
    }

    /// Checks and writes each part as it comes (`None`: the end), in one
    /// transaction that is kept only when the end came.
    fn import_parts<P: AsPart>(&mut self, centre: &Centre, parts: impl Iterator<Item = Option<P>>) -> Result<Counts> {
        // A centre the checks refuse is refused before anything is written.
        let mut checker = Checker::new(centre)?;
        // The one long transaction writes every table's growing end and
        // indexes over and over: with SQLite's 2 MiB cache those pages go
        // out to the journal and are read back again and again.
        let cache: i64 = self.conn().query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        self.conn().pragma_update(None, "cache_size", -IMPORT_CACHE_KIB)?;
        let journal = self.journal_for_import();
        let written = self.write_bulk("import", "database", |tx| {
            // Empty as it stands in the transaction: a colleague may have
            // registered a contact since the file was checked.
            let occupied: i64 = tx.query_row(
                "SELECT (SELECT count(*) FROM citizens) + (SELECT count(*) FROM cases) + (SELECT count(*) FROM providers)
                    + (SELECT count(*) FROM treatment_groups) + (SELECT count(*) FROM gift_card_ledger)",
                [],
                |r| r.get(0),
            )?;
            if occupied > 0 {
                return Err(bad("databasen".into(), ImportProblem::DatabaseNotEmpty));
            }
            let mut writer = Writer::new(tx);
            let mut counts = Counts::default();
            let mut ended = false;
            for item in parts {
                let Some(item) = item else {
                    ended = true;
                    break;
                };
                let part = item.part();
                let passed = checker.take(part)?;
                writer.write(part, passed)?;
                counts.add(part);
            }
            if !ended {
                return Err(bad("filen".into(), ImportProblem::Unfinished));
            }
            writer.finish(checker.finish()?)?;
            Ok((counts, None, detail(&counts)))
        });
        if journal {
            // Back to the log. Should a colleague's program hold the file
            // just now, the switch fails; the import stands all the same,
            // and the next program to open the file (every opening sets
            // WAL mode) switches it.
            let _ = self.conn().pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0));
        }
        self.conn().pragma_update(None, "cache_size", cache)?;
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
        let now: String = self.conn().query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap_or_default();
        in_wal(&now)
            && self
                .conn()
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
