//! Reading an export file as it comes: its centre, then each list a part
//! at a time, each part handed on as soon as it is read. A file of a
//! hundred thousand cases is 400 MB of text and, read whole, half a GiB of
//! records; read so, no more than a few parts are ever held.
//!
//! Only a file laid out as an export writes it is read so: the format and
//! version, then the centre, then the lists in their order ([`List`]), a
//! list left out or empty as the export leaves it. Anything else (a list
//! before the centre or out of its order, a key twice, broken JSON, a
//! wrong type) stops the reading, and the caller reads the file whole
//! instead, as before: that reading takes a file in any order and names a
//! problem by its record and field.

use std::fmt;
use std::io::Read;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::part::{Chunk, List};
use super::{Centre, FORMAT_NAME, FORMAT_VERSION};

/// How many records of a list go in one part: a multiple of the rows a
/// batched insert writes at a time (`store::batch`).
const PART: usize = 2_000;

/// What the reading hands on, in this order: the centre, the parts, and
/// (from the caller, once it has seen the rest of the file) the end.
#[derive(Debug)]
pub(crate) enum Piece {
    Centre(Centre),
    Chunk(Chunk),
    /// The whole file was read: the import may be kept.
    End,
}

/// Why a file was not read a part at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NotRead {
    /// The file is not laid out as an export writes it, or not readable
    /// at all: it is to be read whole, which takes or names it.
    ReadWhole(String),
    /// The receiver stopped taking parts (the import refused one).
    Stopped,
}

/// The marks the reading leaves in serde's error, to tell why it stopped.
const STOPPED: &str = "sagsbord: stopped";

/// Reads the file from `reader`, handing each piece to `each` until it
/// returns false. The end is not handed on: the caller decides, once the
/// rest of the file has been seen, that the file was whole.
pub(crate) fn read(reader: impl Read, each: &mut dyn FnMut(Piece) -> bool) -> Result<(), NotRead> {
    read_in_parts(reader, PART, each)
}

/// [`read`] with parts of `part` records.
fn read_in_parts(reader: impl Read, part: usize, each: &mut dyn FnMut(Piece) -> bool) -> Result<(), NotRead> {
    let mut de = serde_json::Deserializer::from_reader(std::io::BufReader::with_capacity(1 << 16, reader));
    FileSeed { each, part }.deserialize(&mut de).map_err(|e| {
        let message = e.to_string();
        if message.starts_with(STOPPED) { NotRead::Stopped } else { NotRead::ReadWhole(message) }
    })
}

struct FileSeed<'s> {
    each: &'s mut dyn FnMut(Piece) -> bool,
    part: usize,
}

impl<'de> DeserializeSeed<'de> for FileSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FileSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an export file")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut format: Option<String> = None;
        let mut version: Option<u32> = None;
        let mut sample_today = false;
        let mut centre = false;
        // The last list read: each must come after it.
        let mut last: Option<List> = None;
        let mut seen = [false; List::COUNT];
        let whole = |why: &str| de::Error::custom(format!("læses hel: {why}"));
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" if format.is_none() && !centre => format = Some(map.next_value()?),
                "version" if version.is_none() && !centre => version = Some(map.next_value()?),
                "sample_today" if !sample_today => {
                    sample_today = true;
                    map.next_value::<Option<chrono::NaiveDate>>()?;
                }
                "centre" if !centre => {
                    if format.as_deref() != Some(FORMAT_NAME) || version != Some(FORMAT_VERSION) {
                        return Err(whole("format og version først, og kendte"));
                    }
                    centre = true;
                    if !(self.each)(Piece::Centre(map.next_value()?)) {
                        return Err(de::Error::custom(STOPPED));
                    }
                }
                key => match List::of_key(key) {
                    Some(list) if centre && last.is_none_or(|l| l < list) => {
                        last = Some(list);
                        seen[list as usize] = true;
                        list.read_parts(&mut map, self.part, &mut |chunk| (self.each)(Piece::Chunk(chunk)))?;
                    }
                    _ => return Err(whole(key)),
                },
            }
        }
        // The lists the format requires (the rest default to empty).
        if !centre || ![List::Citizens, List::Cases, List::CaseEvents].iter().all(|&l| seen[l as usize]) {
            return Err(whole("en liste mangler"));
        }
        Ok(())
    }
}

/// Reads one list, a part at a time.
pub(super) struct ListSeed<'s, T> {
    pub part: usize,
    pub each: &'s mut dyn FnMut(Chunk) -> bool,
    pub wrap: fn(Vec<T>) -> Chunk,
}

impl<'de, T: serde::Deserialize<'de>> DeserializeSeed<'de> for ListSeed<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T: serde::Deserialize<'de>> Visitor<'de> for ListSeed<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<(), S::Error> {
        let mut part = Vec::with_capacity(self.part);
        let mut handed = false;
        while let Some(record) = seq.next_element::<T>()? {
            part.push(record);
            if part.len() == self.part {
                let full = std::mem::replace(&mut part, Vec::with_capacity(self.part));
                handed = true;
                if !(self.each)((self.wrap)(full)) {
                    return Err(de::Error::custom(STOPPED));
                }
            }
        }
        // An empty list is handed on too: the list was there.
        if (!part.is_empty() || !handed) && !(self.each)((self.wrap)(part)) {
            return Err(de::Error::custom(STOPPED));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::part::{AsPart, List};
    use super::*;
    use crate::store::Store;

    fn generated(cases: usize) -> String {
        let shape = crate::generate::Shape {
            cases,
            seed: 11,
            today: chrono::NaiveDate::from_ymd_opt(2026, 3, 17).unwrap(),
            stress: false,
        };
        super::super::to_text(&crate::generate::centre(&shape, &mut |_| {}))
    }

    fn pieces(text: &str, part: usize) -> (Vec<Piece>, Result<(), NotRead>) {
        let mut pieces = Vec::new();
        let read = read_in_parts(text.as_bytes(), part, &mut |p| {
            pieces.push(p);
            true
        });
        (pieces, read)
    }

    /// Read a few records at a time, a file is the same file: imported so,
    /// it exports as the file imported whole does.
    #[test]
    fn a_file_imported_as_it_is_read_is_the_file_imported_whole() {
        let text = generated(120);
        let mut whole = Store::open_in_memory("anna").unwrap();
        let counted = whole.import(&super::super::parse(&text).unwrap()).unwrap();
        let (mut pieces, read) = pieces(&text, 7);
        assert_eq!(read, Ok(()));
        let largest =
            pieces.iter().filter_map(|p| if let Piece::Chunk(c) = p { Some(c.part().len()) } else { None }).max();
        assert_eq!(largest, Some(7));
        pieces.push(Piece::End);
        let mut streamed = Store::open_in_memory("anna").unwrap();
        assert_eq!(streamed.import_pieces(pieces).unwrap(), counted);
        assert!(counted.of(List::CaseEvents) > 7 && counted.of(List::Attendances) > 7, "{counted:?}");
        assert_eq!(streamed.export().unwrap(), whole.export().unwrap());
    }

    /// Pieces that stop before the end (the reading failed) keep nothing.
    #[test]
    fn an_import_whose_reading_stops_keeps_nothing() {
        let text = generated(40);
        let (pieces, read) = pieces(&text, 5);
        assert_eq!(read, Ok(()));
        for keep in [0, 1, pieces.len() / 2, pieces.len()] {
            let (mut pieces, _) = self::pieces(&text, 5);
            pieces.truncate(keep);
            unfinished_and_nothing_written(pieces);
        }
    }

    /// Imports `pieces` into a new centre: the import stops unfinished,
    /// and the centre is as it was.
    fn unfinished_and_nothing_written(pieces: Vec<Piece>) {
        let mut store = Store::open_in_memory("anna").unwrap();
        let refused = store.import_pieces(pieces).unwrap_err();
        assert!(
            matches!(
                &refused,
                crate::store::StoreError::Import { problem: super::super::ImportProblem::Unfinished, .. }
            ),
            "{refused:?}"
        );
        assert_eq!(store.export().unwrap(), Store::open_in_memory("anna").unwrap().export().unwrap());
    }

    /// The checks take the pieces in the order the reading hands them on:
    /// a part before the centre, or a second centre, is a reading gone
    /// wrong, and the import stops unfinished with nothing written.
    #[test]
    fn pieces_out_of_their_place_stop_the_import_unfinished() {
        let text = generated(20);
        // The parts, then the end, with no centre before them.
        unfinished_and_nothing_written(self::pieces(&text, 5).0.into_iter().skip(1).chain([Piece::End]).collect());
        // A second centre among the parts.
        let (mut twice, _) = self::pieces(&text, 5);
        let (second, _) = self::pieces(&text, 5);
        twice.insert(3, second.into_iter().next().unwrap());
        twice.push(Piece::End);
        unfinished_and_nothing_written(twice);
        // The end given twice is taken once: the import is whole.
        let (mut ended, _) = self::pieces(&text, 5);
        ended.extend([Piece::End, Piece::End]);
        assert!(Store::open_in_memory("anna").unwrap().import_pieces(ended).is_ok());
    }

    /// A part the checks refuse is handed on as its problem, named where
    /// the reading met it, after the parts before it passed.
    #[test]
    fn a_part_the_checks_refuse_is_handed_on_as_its_problem() {
        let text = generated(20).replacen("\"kind\": \"registered\"", "\"kind\": \"ukendt\"", 1);
        let (pieces, read) = self::pieces(&text, 5);
        assert_eq!(read, Ok(()));
        let mut checks = super::super::PieceChecks::new();
        let steps: Vec<_> = pieces.into_iter().chain([Piece::End]).filter_map(|p| checks.take(p)).collect();
        let refused = steps.iter().position(Result::is_err).expect("the unknown kind is refused");
        let Err(problem) = &steps[refused] else { unreachable!() };
        assert!(problem.to_string().contains("case_events["), "{problem}");
        assert!(steps[..refused].iter().all(Result::is_ok));
    }

    /// A receiver that stops taking parts stops the reading.
    #[test]
    fn the_reading_stops_when_the_parts_are_no_longer_taken() {
        let text = generated(40);
        let mut taken = 0;
        let read = read_in_parts(text.as_bytes(), 5, &mut |_| {
            taken += 1;
            taken < 3
        });
        assert_eq!(read, Err(NotRead::Stopped));
        assert_eq!(taken, 3);
    }

    /// Anything but the export's own layout is left to the whole reading,
    /// which takes a file in any order and names its problems.
    #[test]
    fn a_file_not_laid_out_as_an_export_is_read_whole() {
        let text = generated(10);
        let file: serde_json::Value = serde_json::from_str(&text).unwrap();
        let object = file.as_object().unwrap();
        let laid_out = |keys: &[&str]| -> String {
            let fields: Vec<String> = keys
                .iter()
                .map(|k| {
                    format!(
                        "{}: {}",
                        serde_json::to_string(k).unwrap(),
                        object.get(*k).map_or("[]".into(), |v| v.to_string())
                    )
                })
                .collect();
            format!("{{{}}}", fields.join(", "))
        };
        let keys: Vec<&str> = object.keys().map(String::as_str).collect();
        let order: Vec<&str> = ["format", "version", "centre"]
            .into_iter()
            .chain(List::ALL.iter().map(|l| l.key()).filter(|k| keys.contains(k)))
            .collect();
        assert_eq!(pieces(&laid_out(&order), 3).1, Ok(()), "the export's layout is read a part at a time");
        let swapped = |a: usize, b: usize| {
            let mut keys = order.clone();
            keys.swap(a, b);
            keys
        };
        let without = |key: &str| order.iter().copied().filter(|k| *k != key).collect::<Vec<_>>();
        let with = |key: &'static str| order.iter().copied().chain([key]).collect::<Vec<_>>();
        let unlike = [
            ("a list before the centre", laid_out(&swapped(2, 3))),
            ("two lists swapped", laid_out(&swapped(4, 5))),
            ("the version after the centre", laid_out(&swapped(1, 2))),
            ("a list twice", laid_out(&with("cases"))),
            ("the centre twice", laid_out(&with("centre"))),
            ("no case events", laid_out(&without("case_events"))),
            ("no centre", laid_out(&without("centre"))),
            ("another format", laid_out(&order).replacen("\"sagsbord\"", "\"andet\"", 1)),
            ("a key of no list", laid_out(&order).replacen("\"citizens\"", "\"borgere\"", 1)),
            ("broken JSON", laid_out(&order)[..text.len() / 2].to_string()),
            ("a list of another type", laid_out(&order).replacen("\"cases\": [", "\"cases\": {\"x\": [", 1)),
            ("not an object", "[]".to_string()),
        ];
        for (what, text) in unlike {
            assert!(matches!(pieces(&text, 3).1, Err(NotRead::ReadWhole(_))), "{what}");
        }
    }
}
