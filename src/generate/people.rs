//! The invented citizens: names put together from common Danish first and
//! last names, CPR numbers with a real date and century digit (so sex and
//! age count in the report) and never twice, and the citizens who come
//! back for a new course after an earlier one closed.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};

use chrono::{Datelike, NaiveDate};

use super::rng::Rng;
use crate::domain::intake::ContactKind;

const FIRST_FEMALE: [&str; 16] = [
    "Anne", "Mette", "Louise", "Camilla", "Sofie", "Maria", "Julie", "Ida", "Emma", "Signe", "Line", "Pia", "Karina",
    "Tina", "Nanna", "Freja",
];
const FIRST_MALE: [&str; 16] = [
    "Peter", "Lars", "Martin", "Thomas", "Rasmus", "Mads", "Jonas", "Kasper", "Mikkel", "Frederik", "Emil", "Jesper",
    "Nikolaj", "Kim", "Brian", "Oliver",
];
const LAST: [&str; 20] = [
    "Nielsen",
    "Jensen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Poulsen",
    "Holm",
    "Bruun",
    "Lund",
    "Dahl",
];
/// Where citizens from outside the centre's municipality live.
const OTHER_MUNICIPALITIES: [&str; 4] = ["Favrskov", "Norddjurs", "Syddjurs", "Viborg"];

pub struct Person {
    pub citizen_id: i64,
    pub name: Option<String>,
    pub cpr: Option<String>,
    pub pseudonym: Option<String>,
    pub home: &'static str,
    pub born: Option<NaiveDate>,
    /// Already in the file (a citizen who came back).
    pub known: bool,
}

pub struct People {
    rng: Rng,
    cprs: HashSet<String>,
    next_id: i64,
    /// Citizens whose last case closed, by the day it closed: they may come back.
    closed: BinaryHeap<Reverse<(NaiveDate, i64, Option<NaiveDate>)>>,
    returning: Vec<(i64, Option<NaiveDate>)>,
}

impl People {
    pub fn new(rng: Rng) -> People {
        People { rng, cprs: HashSet::new(), next_id: 0, closed: BinaryHeap::new(), returning: Vec::new() }
    }

    /// The citizen of a new case of `kind` on `contact`: one in ten named
    /// own-use contacts is a citizen whose earlier case has closed.
    pub fn citizen(&mut self, kind: ContactKind, contact: NaiveDate) -> Person {
        while let Some(Reverse((closed, id, born))) = self.closed.peek().copied() {
            if closed >= contact {
                break;
            }
            self.closed.pop();
            self.returning.push((id, born));
        }
        if kind == ContactKind::OwnUse && !self.returning.is_empty() && self.rng.chance(10) {
            let at = self.rng.below(self.returning.len() as u64) as usize;
            let (citizen_id, born) = self.returning.swap_remove(at);
            return Person { citizen_id, name: None, cpr: None, pseudonym: None, home: "Randers", born, known: true };
        }
        self.next_id += 1;
        let citizen_id = self.next_id;
        let home = if self.rng.chance(8) { *self.rng.pick(&OTHER_MUNICIPALITIES) } else { "Randers" };
        if kind == ContactKind::Anonymous {
            return Person {
                citizen_id,
                name: None,
                cpr: None,
                pseudonym: Some(format!("Anonym {citizen_id}")),
                home,
                born: None,
                known: false,
            };
        }
        let age = match kind {
            ContactKind::Young => self.rng.between(15, 24),
            ContactKind::Professional => self.rng.between(25, 60),
            _ => self.rng.weighted(&[(18, 5), (25, 35), (35, 30), (45, 20), (55, 8), (65, 2)]) + self.rng.between(0, 9),
        };
        let female = self.rng.chance(30);
        let first = if female { self.rng.pick(&FIRST_FEMALE) } else { self.rng.pick(&FIRST_MALE) };
        let name = format!("{first} {}", self.rng.pick(&LAST));
        let (cpr, born) = self.cpr(contact, age, female);
        Person { citizen_id, name: Some(name), cpr: Some(cpr), pseudonym: None, home, born: Some(born), known: false }
    }

    /// The citizen's case closed on `closed`: a named citizen may come
    /// back after it (an anonymous one would come back anonymously, as a
    /// new pseudonym).
    pub fn closed(&mut self, citizen_id: i64, closed: NaiveDate, born: Option<NaiveDate>) {
        if born.is_some() {
            self.closed.push(Reverse((closed, citizen_id, born)));
        }
    }

    /// A CPR number of someone `age` years old on `on`, used by nobody else.
    fn cpr(&mut self, on: NaiveDate, age: i64, female: bool) -> (String, NaiveDate) {
        loop {
            let born = super::plus(on, -(age * 365 + self.rng.between(0, 364)));
            let year = born.year();
            // The seventh digit gives the century (CPR's own table).
            let seventh = match year {
                ..=1999 => self.rng.between(0, 3),
                _ => 4,
            };
            let serial = self.rng.below(500) * 2 + u64::from(!female);
            let cpr = format!("{}-{seventh}{serial:03}", born.format("%d%m%y"));
            if self.cprs.insert(cpr.clone()) {
                return (cpr, born);
            }
        }
    }
}
