//! Holdings for the checks of a large file that never copy what they hold
//! as they grow: a list kept in chunks of a fixed size, and many short
//! texts kept in one buffer. A `Vec` grown by doubling holds its old and
//! its new buffer at once, half again its size on top of the import's peak.

use std::num::NonZeroU32;

/// How many items a chunk holds.
const CHUNK: usize = 1 << 12;

/// A list that grows a chunk at a time; an item's place is its number in
/// the order it was pushed.
pub(super) struct Chunks<T> {
    chunks: Vec<Vec<T>>,
}

impl<T> Default for Chunks<T> {
    fn default() -> Self {
        Chunks { chunks: Vec::new() }
    }
}

impl<T> Chunks<T> {
    pub(super) fn len(&self) -> usize {
        self.chunks.last().map_or(0, |last| (self.chunks.len() - 1) * CHUNK + last.len())
    }

    /// Adds `item` at the end.
    pub(super) fn push(&mut self, item: T) {
        match self.chunks.last_mut() {
            Some(last) if last.len() < CHUNK => last.push(item),
            _ => {
                let mut chunk = Vec::with_capacity(CHUNK);
                chunk.push(item);
                self.chunks.push(chunk);
            }
        }
    }

    pub(super) fn get(&self, place: usize) -> Option<&T> {
        self.chunks.get(place / CHUNK)?.get(place % CHUNK)
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = &T> {
        self.chunks.iter().flatten()
    }
}

/// Short texts one after another in one buffer, each named by its number
/// (from 1, so that an absent text costs nothing beside it in an `Option`).
#[derive(Default)]
pub(super) struct Texts {
    text: String,
    /// Where each text ends in `text`.
    ends: Vec<usize>,
}

impl Texts {
    /// Keeps `text`; its number.
    pub(super) fn push(&mut self, text: &str) -> NonZeroU32 {
        self.text.push_str(text);
        self.ends.push(self.text.len());
        // A file that could hold 2^32 texts is refused for its size first.
        u32::try_from(self.ends.len()).ok().and_then(NonZeroU32::new).expect("fewer than 2^32 texts")
    }

    pub(super) fn get(&self, number: NonZeroU32) -> &str {
        let n = number.get() as usize - 1;
        let start = if n == 0 { 0 } else { self.ends[n - 1] };
        &self.text[start..self.ends[n]]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_in_chunks_keeps_each_item_at_its_place_across_chunks() {
        let mut list = Chunks::default();
        assert_eq!(list.len(), 0);
        assert_eq!(list.get(0), None);
        for i in 0..(2 * CHUNK + 3) {
            list.push(i);
        }
        assert_eq!(list.len(), 2 * CHUNK + 3);
        for place in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 2 * CHUNK + 2] {
            assert_eq!(list.get(place), Some(&place));
        }
        assert_eq!(list.get(2 * CHUNK + 3), None);
        assert!(list.iter().copied().eq(0..2 * CHUNK + 3));
        assert_eq!(list.chunks.len(), 3, "a new chunk only when the last is full");
    }

    #[test]
    fn texts_are_given_back_by_their_numbers_the_empty_one_too() {
        let mut texts = Texts::default();
        let words = ["flyttet", "", "ønsker behandling andetsteds", "æ"];
        let numbers: Vec<NonZeroU32> = words.iter().map(|w| texts.push(w)).collect();
        assert_eq!(numbers.iter().map(|n| n.get()).collect::<Vec<_>>(), [1, 2, 3, 4]);
        for (n, w) in numbers.iter().zip(words) {
            assert_eq!(texts.get(*n), w);
        }
    }
}
