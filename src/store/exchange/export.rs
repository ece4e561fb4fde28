//! Export: everything the database holds, read in one snapshot. To a file
//! it is written as it is read, a list at a time and a record at a time
//! (see `lists`): a centre of 400 MB never stands whole in memory.

use std::cell::RefCell;

use serde::ser::{Error as _, SerializeSeq, SerializeStruct, Serializer};

use super::lists::{self, Each};
use super::*;
use crate::store::centre::centre_on;
use crate::store::children::DayText;
use crate::store::engine::Db;

#[cfg(test)]
#[path = "export_on_engines.rs"]
mod on_engines;

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
        let file = self.read_snapshot(|store| export_snapshot(&store.db()))?;
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
                let db = store.db();
                let counts = export_counts(&db)?;
                write_snapshot(&db, &mut out)?;
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
        self.read_snapshot(|store| write_snapshot(&store.db(), out))
    }
}

fn export_counts(db: &Db<'_>) -> Result<Counts> {
    Ok(db.query_row(
        "SELECT (SELECT count(*) FROM cases), (SELECT count(*) FROM notifications),
            (SELECT count(*) FROM stays), (SELECT count(*) FROM treatment_groups),
            (SELECT count(*) FROM gift_card_ledger)",
        &[],
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

/// Writes the export's text of what `db` holds, as it is read; run inside
/// a snapshot ([`Store::read_snapshot`], or a read transaction of the seam).
pub(crate) fn write_snapshot(db: &Db<'_>, out: &mut impl std::io::Write) -> Result<()> {
    let any = |table: &str| -> Result<bool> {
        Ok(db.query_row(&format!("SELECT EXISTS (SELECT 1 FROM {table})"), &[], |r| r.get(0))?)
    };
    let streamed = Streamed {
        db,
        centre: centre_on(db)?,
        conversations: any("conversations")?,
        complaints: any("complaints")?,
        failed: RefCell::new(None),
    };
    let mut json = serde_json::Serializer::with_formatter(&mut *out, Pretty::default());
    let written = streamed.serialize(&mut json);
    if let Some(e) = streamed.failed.into_inner() {
        return Err(e);
    }
    written.map_err(|e| StoreError::Io(e.into()))?;
    out.write_all(b"\n")?;
    Ok(())
}

/// The export's reads into memory; run inside a snapshot.
fn export_snapshot(db: &Db<'_>) -> Result<ExportFile> {
    Ok(ExportFile {
        format: FORMAT_NAME.into(),
        version: FORMAT_VERSION,
        sample_today: None,
        centre: centre_on(db)?,
        citizens: all_of(db, lists::citizens)?,
        cases: all_of(db, lists::cases)?,
        case_events: all_of(db, lists::case_events)?,
        plan_versions: all_of(db, lists::plan_versions)?,
        course_endings: all_of(db, lists::course_endings)?,
        follow_up_calls: all_of(db, lists::follow_up_calls)?,
        follow_up_attempts: all_of(db, lists::follow_up_attempts)?,
        children: all_of(db, lists::children)?,
        child_considerations: all_of(db, lists::child_considerations)?,
        conversations: all_of(db, lists::conversations)?,
        notifications: all_of(db, lists::notifications)?,
        notification_updates: all_of(db, lists::notification_updates)?,
        providers: all_of(db, lists::providers)?,
        provider_prices: all_of(db, lists::provider_prices)?,
        stays: all_of(db, lists::stays)?,
        stay_events: all_of(db, lists::stay_events)?,
        groups: all_of(db, lists::groups)?,
        group_members: all_of(db, lists::group_members)?,
        group_sessions: all_of(db, lists::group_sessions)?,
        move_courses: all_of(db, lists::move_courses)?,
        attendances: all_of(db, lists::attendances)?,
        gift_card_ledger: all_of(db, lists::gift_card_ledger)?,
        complaints: all_of(db, lists::complaints)?,
    })
}

fn all_of<T>(db: &Db<'_>, each: Each<T>) -> Result<Vec<T>> {
    lists::collect(db, each)
}

/// The whole file as serde writes [`ExportFile`], field by field in its
/// order, each list read as it is written.
struct Streamed<'a, 'c> {
    db: &'a Db<'c>,
    centre: crate::store::Centre,
    /// Whether there are any: the lists [`ExportFile`] leaves out when empty.
    conversations: bool,
    complaints: bool,
    /// The first error of the reading (the writer is told only that one came).
    failed: RefCell<Option<StoreError>>,
}

impl<'c> Streamed<'_, 'c> {
    fn rows<T>(&self, each: Each<T>) -> Rows<'_, 'c, T> {
        Rows { db: self.db, each, failed: &self.failed }
    }
}

impl Serialize for Streamed<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut file = s.serialize_struct("ExportFile", 27)?;
        file.serialize_field("format", FORMAT_NAME)?;
        file.serialize_field("version", &FORMAT_VERSION)?;
        file.skip_field("sample_today")?;
        file.serialize_field("centre", &self.centre)?;
        file.serialize_field("citizens", &self.rows(lists::citizens))?;
        file.serialize_field("cases", &self.rows(lists::cases))?;
        file.serialize_field("case_events", &self.rows(lists::case_events))?;
        file.serialize_field("plan_versions", &self.rows(lists::plan_versions))?;
        file.serialize_field("course_endings", &self.rows(lists::course_endings))?;
        file.serialize_field("follow_up_calls", &self.rows(lists::follow_up_calls))?;
        file.serialize_field("follow_up_attempts", &self.rows(lists::follow_up_attempts))?;
        file.serialize_field("children", &self.rows(lists::children))?;
        file.serialize_field("child_considerations", &self.rows(lists::child_considerations))?;
        if self.conversations {
            file.serialize_field("conversations", &self.rows(lists::conversations))?;
        } else {
            file.skip_field("conversations")?;
        }
        file.serialize_field("notifications", &self.rows(lists::notifications))?;
        file.serialize_field("notification_updates", &self.rows(lists::notification_updates))?;
        file.serialize_field("providers", &self.rows(lists::providers))?;
        file.serialize_field("provider_prices", &self.rows(lists::provider_prices))?;
        file.serialize_field("stays", &self.rows(lists::stays))?;
        file.serialize_field("stay_events", &self.rows(lists::stay_events))?;
        file.serialize_field("groups", &self.rows(lists::groups))?;
        file.serialize_field("group_members", &self.rows(lists::group_members))?;
        file.serialize_field("group_sessions", &self.rows(lists::group_sessions))?;
        file.serialize_field("move_courses", &self.rows(lists::move_courses))?;
        file.serialize_field("attendances", &self.rows(lists::attendances))?;
        file.serialize_field("gift_card_ledger", &self.rows(lists::gift_card_ledger))?;
        if self.complaints {
            file.serialize_field("complaints", &self.rows(lists::complaints))?;
        } else {
            file.skip_field("complaints")?;
        }
        file.end()
    }
}

/// One list of the file, written a record at a time as `each` reads it.
struct Rows<'a, 'c, T> {
    db: &'a Db<'c>,
    each: Each<T>,
    failed: &'a RefCell<Option<StoreError>>,
}

impl<T: Serialize> Serialize for Rows<'_, '_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut list = s.serialize_seq(None)?;
        let mut written = Ok(());
        let read = (self.each)(self.db, &mut |record| {
            list.serialize_element(&record).map_err(|e| {
                written = Err(e);
                // Only stops the reading: the writer's own error is returned.
                StoreError::Corrupt(String::new())
            })
        });
        written?;
        if let Err(e) = read {
            let message = e.to_string();
            *self.failed.borrow_mut() = Some(e);
            return Err(S::Error::custom(message));
        }
        list.end()
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
