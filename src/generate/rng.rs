//! A small seeded random source (SplitMix64): the same seed gives the same
//! centre on every machine and with every version of the crates, which a
//! library generator could not promise.

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A whole number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }

    /// A whole number in `lo..=hi`.
    pub fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below(hi.saturating_sub(lo).saturating_add(1).max(0) as u64) as i64
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, from: &'a [T]) -> &'a T {
        &from[self.below(from.len() as u64) as usize]
    }

    /// One of `from`, each as likely as its weight.
    pub fn weighted<T: Copy>(&mut self, from: &[(T, u64)]) -> T {
        let total: u64 = from.iter().map(|(_, w)| w).sum();
        let mut roll = self.below(total);
        for (value, weight) in from {
            if roll < *weight {
                return *value;
            }
            roll -= weight;
        }
        from[from.len() - 1].0
    }

    /// A new source for one part of the centre, so that changing how one
    /// part is drawn leaves the others as they were.
    pub fn fork(&mut self) -> Rng {
        Rng(self.next())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_draws_the_same_numbers() {
        let (mut a, mut b) = (Rng::new(7), Rng::new(7));
        let first: Vec<u64> = (0..5).map(|_| a.next()).collect();
        assert_eq!(first, (0..5).map(|_| b.next()).collect::<Vec<_>>());
        assert_ne!(first, (0..5).map(|_| Rng::new(8).next()).collect::<Vec<_>>());
    }

    #[test]
    fn between_stays_inside_its_bounds_and_reaches_both() {
        let mut r = Rng::new(1);
        let drawn: Vec<i64> = (0..1000).map(|_| r.between(-2, 2)).collect();
        assert!(drawn.iter().all(|d| (-2..=2).contains(d)));
        assert!(drawn.contains(&-2) && drawn.contains(&2));
        assert_eq!(r.between(5, 5), 5);
        assert_eq!(r.below(0), 0);
    }
}
