//! The ids a large list has used so far, to hold each new one unique: a
//! bit for each id up to a bound, a set for the rest. A file the program
//! exported numbers its records from 1 without gaps to speak of, so half a
//! million case events take 64 KiB instead of the 9 MiB a hash set of
//! them takes; a hand-written file with far-flung ids costs what a hash
//! set costs, and never more than [`BITS`] bits besides.

use std::collections::HashSet;

/// The ids held as bits: 1 to 2^26 - 1, at most 8 MiB of them.
const BITS: i64 = 1 << 26;

#[derive(Default)]
pub(super) struct Ids {
    /// Bit `id % 64` of word `id / 64`: the ids below [`BITS`].
    bits: Vec<u64>,
    /// The ids at or past [`BITS`], and below 1 (which a check refuses
    /// before, but the set does not rely on it).
    rest: HashSet<i64>,
}

impl Ids {
    /// Adds `id`; false when it was there already.
    pub(super) fn insert(&mut self, id: i64) -> bool {
        let Some((word, bit)) = place(id) else { return self.rest.insert(id) };
        if word >= self.bits.len() {
            // Grown to the next power of two: a list read in id order grows
            // it a few dozen times, not once per part.
            self.bits.resize((word + 1).next_power_of_two(), 0);
        }
        let fresh = self.bits[word] & bit == 0;
        self.bits[word] |= bit;
        fresh
    }
}

/// The word and bit of an id held as a bit.
fn place(id: i64) -> Option<(usize, u64)> {
    (1..BITS).contains(&id).then(|| ((id / 64) as usize, 1u64 << (id % 64)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every id is new once and known after, wherever it falls: near the
    /// words' edges, at the bound, past it, below 1; its neighbours stay new.
    #[test]
    fn an_id_is_new_once_on_either_side_of_the_bound() {
        let ids = [1, 63, 64, 128, 4_000, BITS - 1, BITS, i64::MAX, 0, -1, i64::MIN];
        let mut held = Ids::default();
        for &id in &ids {
            assert!(held.insert(id), "{id} new");
            assert!(!held.insert(id), "{id} again");
        }
        for id in [2, 62, 65, 127, 129, 3_999, 4_001, BITS - 2, BITS + 1, i64::MAX - 1, -2] {
            assert!(held.insert(id), "{id} is a neighbour, not taken");
        }
        assert!(held.bits.len() <= (BITS / 64) as usize);
    }

    /// Held as a hash set of the same ids would hold them.
    #[test]
    fn it_answers_as_a_hash_set_does() {
        let mut held = Ids::default();
        let mut set = HashSet::new();
        let mut x: i64 = 7;
        for _ in 0..20_000 {
            // A small generator: ids dense and far, repeated now and then.
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let id = if x % 3 == 0 { x.rem_euclid(5_000) } else { x >> 30 };
            assert_eq!(held.insert(id), set.insert(id), "{id}");
        }
        for id in -10..6_000 {
            assert_eq!(held.insert(id), set.insert(id), "{id}");
        }
    }
}
