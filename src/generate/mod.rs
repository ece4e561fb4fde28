//! A generated centre: ten years of an invented rusmiddelcenter, every kind
//! of record, from a seed. `sagsbord generate` writes it (to a database
//! through the import, or to a file in the export format), the benchmarks
//! measure the program on it and trainers use it as a larger demo centre.
//!
//! The centre is built as an export file and taken in by the real import,
//! which replays every record through the domain checks of the forms (plan
//! versions, endings and their calls, stays, groups, the gift-card
//! ledger): a generated centre obeys every rule an imported one must. It is
//! built in memory in one pass and written in the import's one transaction,
//! which is what makes 100,000 cases take seconds rather than hours.
//!
//! The same `Shape` (seed, size, day) gives the same file, byte for byte:
//! the random source is our own (`rng`), every list is written in id order,
//! and nothing reads the clock.
//!
//! Shape of an ordinary centre (`Shape::stress == false`): contacts arrive
//! evenly over ten years, case numbers in the order they came; a fifth
//! close before treatment, relatives and professionals get counselling
//! only; a course in treatment lasts one month to two and a half years. On
//! any day that leaves about ten days of arrivals in intake (a few hundred
//! at 100,000 cases) and half a year of starts in treatment (a few
//! thousand). The stress shape is a centre that fell behind: the last fifth
//! of the cases (20,000 of 100,000) are contacts of the last 90 days nobody
//! has moved on.

mod cases;
mod family;
mod groups;
mod people;
mod rng;
mod stays;

use chrono::{Days, NaiveDate};

use crate::domain::intake::ContactKind;
use crate::domain::policy::Profile;
use crate::store::Centre;
use crate::store::exchange::ExportFile;
use rng::Rng;

/// How much history the centre holds.
pub const YEARS: u32 = 10;

/// The centre's built-in profile: Randers has every feature switched on
/// (MOVE gift cards, a visitation committee, an own-payment figure).
pub const PROFILE: &str = "randers";

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    pub cases: usize,
    pub seed: u64,
    /// The centre's today: the history ends here, and nothing is dated later
    /// (but group sessions planned for the weeks ahead).
    pub today: NaiveDate,
    /// A fifth of the cases as open contacts of the last 90 days.
    pub stress: bool,
}

/// How many cases the stress shape leaves in intake.
pub fn stress_open_contacts(cases: usize) -> usize {
    cases / 5
}

/// The counsellors of the generated centre (Unix user names); the last two
/// are the anonymous (§101a) team.
pub const COUNSELLORS: [&str; 12] =
    ["anna", "bo", "camilla", "dennis", "emma", "frank", "gitte", "hans", "ida", "jonas", "karen", "lene"];
const ANONYMOUS_TEAM: [&str; 2] = ["karen", "lene"];

/// One case's life as the later parts of the centre need it: who, when in
/// treatment, by whom.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Life {
    pub case_id: i64,
    pub kind: ContactKind,
    pub contact: NaiveDate,
    pub started: Option<NaiveDate>,
    /// The course's end (or the contact's close), when on or before today.
    pub ended: Option<NaiveDate>,
    pub counsellor: &'static str,
    pub has_children: bool,
}

/// The next id of each kind of record.
#[derive(Default)]
pub(crate) struct Ids {
    pub event: i64,
    pub plan: i64,
    pub call: i64,
    pub attempt: i64,
    pub child: i64,
    pub consideration: i64,
    pub notification: i64,
    pub update: i64,
    pub stay: i64,
    pub stay_event: i64,
    pub member: i64,
    pub attendance: i64,
    pub course: i64,
    pub ledger: i64,
}

/// Counts one up and gives the new id.
pub(crate) fn next(id: &mut i64) -> i64 {
    *id += 1;
    *id
}

/// A stored moment (UTC, to the second) on `day`, in working hours.
pub(crate) fn stamp(day: NaiveDate, rng: &mut Rng) -> String {
    format!("{day}T{:02}:{:02}:{:02}Z", rng.between(7, 14), rng.below(60), rng.below(60))
}

pub(crate) fn plus(day: NaiveDate, days: i64) -> NaiveDate {
    crate::domain::dates::add_days(day, days)
}

/// The centre of `shape`; `progress` is told how many cases are done.
pub fn centre(shape: &Shape, progress: &mut dyn FnMut(usize)) -> ExportFile {
    let profile = Profile::built_in(PROFILE).expect("the built-in profile loads");
    let mut rng = Rng::new(shape.seed);
    let mut file = ExportFile::empty(Centre {
        name: "Rusmiddelcenter Ådal (genereret)".into(),
        municipality: "Randers".into(),
        profile: PROFILE.into(),
        profile_path: None,
        profile_toml: None,
    });
    let first_day = crate::domain::dates::sub_months(shape.today, YEARS * 12);
    let mut ids = Ids::default();
    stays::providers(&mut file, first_day, shape.today, &mut rng.fork());
    let mut groups = groups::Groups::new(&mut file, shape, first_day, &mut rng.fork());
    let mut people = people::People::new(rng.fork());
    let (mut case_rng, mut family_rng, mut stay_rng, mut group_rng) = (rng.fork(), rng.fork(), rng.fork(), rng.fork());
    let stressed = if shape.stress { stress_open_contacts(shape.cases) } else { 0 };
    let settled = shape.cases - stressed;
    for i in 0..shape.cases {
        let contact = if i < settled {
            // Evenly over the years, in the order the case numbers run.
            let span = crate::domain::dates::days_between(first_day, shape.today).max(1) as u64;
            first_day + Days::new(i as u64 * span / settled.max(1) as u64)
        } else {
            plus(shape.today, -(90 - ((i - settled) as i64 * 90 / stressed.max(1) as i64)))
        };
        let life = cases::case(
            &mut file,
            &mut ids,
            &mut people,
            &profile,
            cases::Arrival { case_id: i as i64 + 1, contact, today: shape.today, left_in_intake: i >= settled },
            &mut case_rng,
        );
        family::children(&mut file, &mut ids, &life, shape.today, &mut family_rng);
        stays::stay(&mut file, &mut ids, &profile, &life, shape.today, &mut stay_rng);
        groups.join(&mut file, &mut ids, &life, &profile, &mut group_rng);
        // Complaints, counted conversations and case corrections are being
        // built now (other branches); when they land, each case's share of
        // them is generated here, from its own forked source like the rest.
        if (i + 1) % 1000 == 0 || i + 1 == shape.cases {
            progress(i + 1);
        }
    }
    groups.ledger(&mut file, &mut ids, &profile, &mut group_rng);
    file
}

#[cfg(test)]
mod tests;
