//! Export: everything the database holds, read in one snapshot. To a file
//! it is written as it is read, a list at a time and a record at a time
//! (see `lists`): a centre of 400 MB never stands whole in memory. The
//! reading and the writing of the JSON run side by side on two threads.

use std::sync::mpsc;

use serde::ser::Serializer;

use super::lists::{self, Each};
use super::*;
use crate::store::children::DayText;

/// What the export's audit row counts.
struct Counts {
    cases: i64,
    notifications: i64,
    stays: i64,
    groups: i64,
    ledger: i64,
}

impl Counts {
    fn detail(&self) -> String {
        format!(
            "{} sager, {} underretninger, {} døgnophold, {} grupper, {} gavekortposter",
            self.cases, self.notifications, self.stays, self.groups, self.ledger
        )
    }
}

impl Store {
    /// Everything the database holds, in the export format, read in one
    /// transaction: one consistent snapshot while colleagues go on writing.
    /// Audited (after the read, before the data leaves the store).
    pub fn export(&mut self) -> Result<ExportFile> {
        let file = self.read_snapshot(Store::export_snapshot)?;
        let detail = Counts {
            cases: file.cases.len() as i64,
            notifications: file.notifications.len() as i64,
            stays: file.stays.len() as i64,
            groups: file.groups.len() as i64,
            ledger: file.gift_card_ledger.len() as i64,
        }
        .detail();
        self.record_read("export", "database", None, &detail)?;
        Ok(file)
    }

    /// Exports to `target`, a new private file (see [`super::files`]): the
    /// target is checked before anything is read, the snapshot written to
    /// a temporary file beside it as it is read, the export audited, and
    /// the file synced and put in place. Returns the number of cases.
    pub fn export_to(&mut self, target: &std::path::Path, force: bool) -> Result<usize> {
        crate::store::files::check_target(target, force)?;
        // The store's own error, kept while the file writer sees an I/O error.
        let mut failed = None;
        let mut cases = 0;
        let written = crate::store::files::write_private(target, force, |out| {
            // The JSON comes a few bytes at a time: gathered a MiB at a time
            // before each write to the file, not the file writer's 8 KiB.
            let mut out = std::io::BufWriter::with_capacity(1 << 20, out);
            let streamed = self.read_snapshot(|store| {
                let counts = store.export_counts()?;
                store.write_snapshot(&mut out)?;
                Ok(counts)
            });
            let streamed = streamed.and_then(|counts| Ok(std::io::Write::flush(&mut out).map(|()| counts)?));
            let audited = streamed.and_then(|counts| {
                cases = counts.cases as usize;
                self.record_read("export", "database", None, &counts.detail())
            });
            audited.map_err(|e| {
                failed = Some(e);
                std::io::Error::other("eksporten kunne ikke læses")
            })
        });
        if let Some(e) = failed {
            return Err(e);
        }
        written?;
        Ok(cases)
    }

    /// The export's text, written to `out` as it is read (pretty JSON and
    /// a final newline, as [`write_to`] writes a whole file), in one
    /// snapshot; not audited: for benchmarks and tests of the writing.
    pub fn write_export(&self, out: &mut impl std::io::Write) -> Result<()> {
        self.read_snapshot(|store| store.write_snapshot(out))
    }

    fn export_counts(&self) -> Result<Counts> {
        Ok(self.conn().query_row(
            "SELECT (SELECT count(*) FROM cases), (SELECT count(*) FROM notifications),
                (SELECT count(*) FROM stays), (SELECT count(*) FROM treatment_groups),
                (SELECT count(*) FROM gift_card_ledger)",
            [],
            |r| {
                Ok(Counts {
                    cases: r.get(0)?,
                    notifications: r.get(1)?,
                    stays: r.get(2)?,
                    groups: r.get(3)?,
                    ledger: r.get(4)?,
                })
            },
        )?)
    }

    /// Writes the snapshot; run inside [`Store::read_snapshot`]. The file
    /// is serde_json's pretty layout of [`ExportFile`], field by field in
    /// its order: the object is written here, each list by [`Store::write_list`].
    fn write_snapshot(&self, out: &mut impl std::io::Write) -> Result<()> {
        let conversations: bool =
            self.conn().query_row("SELECT EXISTS (SELECT 1 FROM conversations)", [], |r| r.get(0))?;
        let complaints: bool = self.conn().query_row("SELECT EXISTS (SELECT 1 FROM complaints)", [], |r| r.get(0))?;
        let mut file = Fields { first: true };
        out.write_all(b"{")?;
        file.value(out, "format", &FORMAT_NAME)?;
        file.value(out, "version", &FORMAT_VERSION)?;
        file.value(out, "centre", &self.centre()?)?;
        file.list(self, out, "citizens", lists::citizens)?;
        file.list(self, out, "cases", lists::cases)?;
        file.list(self, out, "case_events", lists::case_events)?;
        file.list(self, out, "plan_versions", lists::plan_versions)?;
        file.list(self, out, "course_endings", lists::course_endings)?;
        file.list(self, out, "follow_up_calls", lists::follow_up_calls)?;
        file.list(self, out, "follow_up_attempts", lists::follow_up_attempts)?;
        file.list(self, out, "children", lists::children)?;
        file.list(self, out, "child_considerations", lists::child_considerations)?;
        // Left out when empty, as `ExportFile` leaves them out.
        if conversations {
            file.list(self, out, "conversations", lists::conversations)?;
        }
        file.list(self, out, "notifications", lists::notifications)?;
        file.list(self, out, "notification_updates", lists::notification_updates)?;
        file.list(self, out, "providers", lists::providers)?;
        file.list(self, out, "provider_prices", lists::provider_prices)?;
        file.list(self, out, "stays", lists::stays)?;
        file.list(self, out, "stay_events", lists::stay_events)?;
        file.list(self, out, "groups", lists::groups)?;
        file.list(self, out, "group_members", lists::group_members)?;
        file.list(self, out, "group_sessions", lists::group_sessions)?;
        file.list(self, out, "move_courses", lists::move_courses)?;
        file.list(self, out, "attendances", lists::attendances)?;
        file.list(self, out, "gift_card_ledger", lists::gift_card_ledger)?;
        if complaints {
            file.list(self, out, "complaints", lists::complaints)?;
        }
        // The object's end, and the file's final line break.
        out.write_all(b"\n}\n")?;
        Ok(())
    }

    /// One list of the file, its records read here as `each` reads them
    /// and written as JSON by a second thread, [`BATCH`] records at a
    /// time: reading and writing are each about half of the work, so on
    /// two cores the file is done in little more than the reading's time.
    /// This thread writes the JSON to `out` in the records' order.
    fn write_list<T: Serialize + Send, W: std::io::Write>(&self, each: Each<T>, out: &mut W) -> Result<()> {
        out.write_all(b"[")?;
        let (to_render, batches) = mpsc::sync_channel::<Vec<T>>(2);
        let (rendered, to_write) = mpsc::channel::<serde_json::Result<Vec<u8>>>();
        let any = std::thread::scope(|scope| {
            scope.spawn(move || render(batches, rendered));
            let mut batch = Vec::with_capacity(BATCH);
            let mut any = false;
            let pass = |batch: Vec<T>, out: &mut W| -> Result<()> {
                // Refused only when the writing thread stopped at an error,
                // which waits in `to_write`.
                let sent = to_render.send(batch);
                write_rendered(&to_write, out, sent.is_err())
            };
            each(self, &mut |record| {
                any = true;
                batch.push(record);
                if batch.len() == BATCH {
                    pass(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)), out)?;
                }
                Ok(())
            })?;
            if !batch.is_empty() {
                pass(batch, out)?;
            }
            drop(to_render);
            write_rendered(&to_write, out, true)?;
            Ok::<_, StoreError>(any)
        })?;
        if any {
            Pretty { level: 1, has_value: false }.line_break(out, false)?;
        }
        out.write_all(b"]")?;
        Ok(())
    }

    /// The export's reads into memory; run inside [`Store::read_snapshot`].
    fn export_snapshot(&self) -> Result<ExportFile> {
        Ok(ExportFile {
            format: FORMAT_NAME.into(),
            version: FORMAT_VERSION,
            sample_today: None,
            centre: self.centre()?,
            citizens: all_of(self, lists::citizens)?,
            cases: all_of(self, lists::cases)?,
            case_events: all_of(self, lists::case_events)?,
            plan_versions: all_of(self, lists::plan_versions)?,
            course_endings: all_of(self, lists::course_endings)?,
            follow_up_calls: all_of(self, lists::follow_up_calls)?,
            follow_up_attempts: all_of(self, lists::follow_up_attempts)?,
            children: all_of(self, lists::children)?,
            child_considerations: all_of(self, lists::child_considerations)?,
            conversations: all_of(self, lists::conversations)?,
            notifications: all_of(self, lists::notifications)?,
            notification_updates: all_of(self, lists::notification_updates)?,
            providers: all_of(self, lists::providers)?,
            provider_prices: all_of(self, lists::provider_prices)?,
            stays: all_of(self, lists::stays)?,
            stay_events: all_of(self, lists::stay_events)?,
            groups: all_of(self, lists::groups)?,
            group_members: all_of(self, lists::group_members)?,
            group_sessions: all_of(self, lists::group_sessions)?,
            move_courses: all_of(self, lists::move_courses)?,
            attendances: all_of(self, lists::attendances)?,
            gift_card_ledger: all_of(self, lists::gift_card_ledger)?,
            complaints: all_of(self, lists::complaints)?,
        })
    }
}

fn all_of<T>(store: &Store, each: Each<T>) -> Result<Vec<T>> {
    lists::collect(store, each)
}

/// How many records the reading hands the writing at a time.
const BATCH: usize = 256;

/// The fields of the file's object, written in turn one level in.
struct Fields {
    first: bool,
}

impl Fields {
    /// The next field's name, after a comma and line break as serde_json
    /// writes them (the names are plain ASCII: nothing to escape).
    fn key(&mut self, out: &mut impl std::io::Write, name: &str) -> std::io::Result<()> {
        Pretty { level: 1, has_value: false }.line_break(out, !std::mem::take(&mut self.first))?;
        out.write_all(b"\"")?;
        out.write_all(name.as_bytes())?;
        out.write_all(b"\": ")
    }

    fn value(&mut self, out: &mut impl std::io::Write, name: &str, value: &impl Serialize) -> Result<()> {
        self.key(out, name)?;
        value
            .serialize(&mut serde_json::Serializer::with_formatter(&mut *out, Pretty { level: 1, has_value: false }))
            .map_err(|e| StoreError::Io(e.into()))
    }

    fn list<T: Serialize + Send>(
        &mut self,
        store: &Store,
        out: &mut impl std::io::Write,
        name: &str,
        each: Each<T>,
    ) -> Result<()> {
        self.key(out, name)?;
        store.write_list(each, out)
    }
}

/// The writing thread of [`Store::write_list`]: each batch of records as
/// the list's elements (two levels in), the first without a comma, until
/// the reading ends or an error.
fn render<T: Serialize>(batches: mpsc::Receiver<Vec<T>>, rendered: mpsc::Sender<serde_json::Result<Vec<u8>>>) {
    let mut first = true;
    for batch in batches {
        let mut bytes = Vec::with_capacity(batch.len() * 256);
        let written = batch.iter().try_for_each(|record| {
            Pretty { level: 2, has_value: false }
                .line_break(&mut bytes, !std::mem::take(&mut first))
                .map_err(serde_json::Error::io)?;
            record.serialize(&mut serde_json::Serializer::with_formatter(
                &mut bytes,
                Pretty { level: 2, has_value: false },
            ))
        });
        let failed = written.is_err();
        if rendered.send(written.map(|()| bytes)).is_err() || failed {
            return;
        }
    }
}

/// Writes to `out` what the writing thread has made, waiting for the rest
/// when `to_the_end` (the reading is done, or the thread stopped).
fn write_rendered(
    rendered: &mpsc::Receiver<serde_json::Result<Vec<u8>>>,
    out: &mut impl std::io::Write,
    to_the_end: bool,
) -> Result<()> {
    loop {
        let next = if to_the_end { rendered.recv().ok() } else { rendered.try_recv().ok() };
        let Some(bytes) = next else { return Ok(()) };
        out.write_all(&bytes.map_err(|e| StoreError::Io(e.into()))?)?;
    }
}

/// A day of a record as the file has it, `2026-03-17`: the store's digits
/// ([`DayText`]), not chrono's formatter, which writes a character at a
/// time through serde_json's escaping, for each of the 1.5 million days of
/// a 100,000-case centre. A year outside 0-9999 is written as chrono
/// writes it.
pub(super) fn day<S: Serializer>(d: &NaiveDate, s: S) -> std::result::Result<S::Ok, S::Error> {
    match DayText::of(*d) {
        Some(text) => s.serialize_str(text.as_str()),
        None => d.serialize(s),
    }
}

/// An optional day, `null` when there is none.
pub(super) fn some_day<S: Serializer>(d: &Option<NaiveDate>, s: S) -> std::result::Result<S::Ok, S::Error> {
    match d {
        Some(d) => day(d, s),
        None => s.serialize_none(),
    }
}

/// serde_json's pretty layout, two spaces a level, byte for byte, but each
/// line break with its indentation written at once: serde_json writes the
/// indentation a level at a time, a write per level on each of the 16
/// million lines of a 100,000-case centre.
#[derive(Default)]
struct Pretty {
    level: usize,
    has_value: bool,
}

/// A comma, a line break and the indentation of the deepest level the
/// file has (records' lists within records); deeper levels are written a
/// part at a time.
const BREAK: &[u8] = b",\n                                ";

impl Pretty {
    fn line_break<W: ?Sized + std::io::Write>(&self, w: &mut W, comma: bool) -> std::io::Result<()> {
        let from = if comma { 0 } else { 1 };
        let mut spaces = 2 * self.level;
        let head = spaces.min(BREAK.len() - 2);
        w.write_all(&BREAK[from..2 + head])?;
        spaces -= head;
        while spaces > 0 {
            let part = spaces.min(BREAK.len() - 2);
            w.write_all(&BREAK[2..2 + part])?;
            spaces -= part;
        }
        Ok(())
    }

    fn open<W: ?Sized + std::io::Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + std::io::Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.line_break(w, false)?;
        }
        w.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Pretty {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        self.line_break(w, !first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        self.line_break(w, !first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(write: impl FnOnce(&mut serde_json::Serializer<&mut Vec<u8>>)) -> String {
        let mut out = Vec::new();
        write(&mut serde_json::Serializer::new(&mut out));
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_day_is_exported_as_chrono_writes_it() {
        let days = [(2026, 3, 17), (2024, 2, 29), (999, 12, 31), (0, 1, 1), (9999, 12, 31), (10_000, 1, 1), (-1, 6, 5)];
        for (y, m, d) in days {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let chrono = serde_json::to_string(&date).unwrap();
            assert_eq!(json(|s| day(&date, s).unwrap()), chrono, "{y}-{m}-{d}");
            assert_eq!(json(|s| some_day(&Some(date), s).unwrap()), chrono, "{y}-{m}-{d}");
        }
        assert_eq!(json(|s| some_day(&None, s).unwrap()), "null");
    }

    /// A disk with room for `room` more bytes.
    struct Full {
        room: usize,
    }

    impl std::io::Write for Full {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.room == 0 {
                return Err(std::io::ErrorKind::StorageFull.into());
            }
            let n = buf.len().min(self.room);
            self.room -= n;
            Ok(n)
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_disk_that_fills_up_anywhere_stops_the_export_with_its_error() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 17).unwrap();
        let shape = crate::generate::Shape { cases: 120, seed: 3, today, stress: false };
        let dir = tempfile::TempDir::new().unwrap();
        let mut store = Store::open(&dir.path().join("sagsbord.db"), "tester").unwrap();
        store.import(&crate::generate::centre(&shape, &mut |_| {})).unwrap();
        let mut whole = Vec::new();
        store.write_export(&mut whole).unwrap();
        assert!(whole.len() > 100_000, "{}", whole.len());
        // In the object, in the first list, deep in the lists, at the end.
        for room in [0, 40, 5_000, whole.len() / 2, whole.len() - 1] {
            match store.write_export(&mut Full { room }) {
                Err(StoreError::Io(e)) => assert_eq!(e.kind(), std::io::ErrorKind::StorageFull, "{room}"),
                other => panic!("{room}: {other:?}"),
            }
        }
        store.write_export(&mut Full { room: whole.len() }).unwrap();
    }

    #[test]
    fn the_layout_is_serde_jsons_pretty_layout_at_every_depth() {
        // Empty and full lists and maps, and nesting deeper than one write
        // of indentation holds.
        let mut deep = serde_json::json!({ "last": [] });
        for level in 0..24 {
            deep = serde_json::json!({ "level": level, "empty": {}, "list": [1, "två", null, [], deep] });
        }
        let mut ours = Vec::new();
        deep.serialize(&mut serde_json::Serializer::with_formatter(&mut ours, Pretty::default())).unwrap();
        assert_eq!(String::from_utf8(ours).unwrap(), serde_json::to_string_pretty(&deep).unwrap());
    }
}
