//! The file's cases as the checks after the cases read them, kept compact
//! for a large file: the corrections' replay, the plan, ending, stay and
//! complaint forms' rules and the groups read a case's kind, dates,
//! progress, counsellor and whether it is anonymous, never its note,
//! substances, home municipality or citizen's name.

use std::collections::HashMap;
use std::num::NonZeroU32;

use chrono::{NaiveDate, NaiveDateTime};

use super::compact::{Chunks, Texts};
use crate::domain::intake::{Case, Channel, ChildrenAnswer, ClosingReason, ContactKind, Identity, Progress, Reasoned};

/// One case, without its texts: its counsellor by number in
/// [`Cases::counsellors`] (a centre has a few dozen, its cases a hundred
/// thousand), its progress's reasons by number in [`Cases::reasons`].
struct CaseFacts {
    citizen_id: i64,
    contact_at: NaiveDateTime,
    progress: CompactProgress,
    counsellor: u32,
    kind: ContactKind,
    channel: Channel,
    children: ChildrenAnswer,
    parental_consent: Option<bool>,
    referred_young: bool,
    anonymous: bool,
}

/// A reasoned step's day and its reason's number: the texts are read back
/// only when a check takes the whole case (the corrections' replay compares
/// them), and held in one buffer instead of a hundred thousand strings.
type CompactReasoned = Option<(NaiveDate, NonZeroU32)>;

/// [`Progress`] with its reasons by number.
struct CompactProgress {
    visitation_on: Option<NaiveDate>,
    consent_on: Option<NaiveDate>,
    doctor_offered_on: Option<NaiveDate>,
    doctor_wanted: Option<bool>,
    doctor_held_on: Option<NaiveDate>,
    free_choice: CompactReasoned,
    special_assessment: CompactReasoned,
    treatment_started_on: Option<NaiveDate>,
    closed: CompactReasoned,
    closing_reason: Option<ClosingReason>,
}

impl CompactProgress {
    fn new(progress: &Progress, reasons: &mut Texts) -> CompactProgress {
        // Every field named: a new one cannot be left out unseen.
        let Progress {
            visitation_on,
            consent_on,
            doctor_offered_on,
            doctor_wanted,
            doctor_held_on,
            free_choice,
            special_assessment,
            treatment_started_on,
            closed,
            closing_reason,
        } = progress;
        let mut keep = |r: &Option<Reasoned>| r.as_ref().map(|r| (r.on, reasons.push(&r.reason)));
        CompactProgress {
            visitation_on: *visitation_on,
            consent_on: *consent_on,
            doctor_offered_on: *doctor_offered_on,
            doctor_wanted: *doctor_wanted,
            doctor_held_on: *doctor_held_on,
            free_choice: keep(free_choice),
            special_assessment: keep(special_assessment),
            treatment_started_on: *treatment_started_on,
            closed: keep(closed),
            closing_reason: *closing_reason,
        }
    }

    fn progress(&self, reasons: &Texts) -> Progress {
        let whole = |r: CompactReasoned| r.map(|(on, n)| Reasoned { on, reason: reasons.get(n).to_string() });
        Progress {
            visitation_on: self.visitation_on,
            consent_on: self.consent_on,
            doctor_offered_on: self.doctor_offered_on,
            doctor_wanted: self.doctor_wanted,
            doctor_held_on: self.doctor_held_on,
            free_choice: whole(self.free_choice),
            special_assessment: whole(self.special_assessment),
            treatment_started_on: self.treatment_started_on,
            closed: whole(self.closed),
            closing_reason: self.closing_reason,
        }
    }
}

/// The cases, each at its place: its number in the file's list.
#[derive(Default)]
pub(super) struct Cases {
    facts: Chunks<CaseFacts>,
    /// The cases' ids by place.
    ids: Vec<i64>,
    places: HashMap<i64, u32>,
    reasons: Texts,
    counsellors: Vec<String>,
    counsellor_numbers: HashMap<String, u32>,
}

impl Cases {
    pub(super) fn reserve(&mut self, more: usize) {
        self.places.reserve(more);
        self.ids.reserve(more);
    }

    /// Adds the next case of the file's list (its id not yet taken).
    pub(super) fn insert(&mut self, case: &Case) {
        let counsellor = match self.counsellor_numbers.get(&case.counsellor) {
            Some(&n) => n,
            None => {
                let n = u32::try_from(self.counsellors.len()).unwrap_or(u32::MAX);
                self.counsellors.push(case.counsellor.clone());
                self.counsellor_numbers.insert(case.counsellor.clone(), n);
                n
            }
        };
        let facts = CaseFacts {
            citizen_id: case.citizen_id,
            contact_at: case.contact_at,
            progress: CompactProgress::new(&case.progress, &mut self.reasons),
            counsellor,
            kind: case.kind,
            channel: case.channel,
            children: case.children,
            parental_consent: case.parental_consent,
            referred_young: case.referred_young,
            anonymous: matches!(case.identity, Identity::Anonymous { .. }),
        };
        // A file that could hold 2^32 cases is refused for its size first.
        let place = u32::try_from(self.ids.len()).expect("fewer than 2^32 cases");
        self.facts.push(facts);
        self.ids.push(case.id);
        self.places.insert(case.id, place);
    }

    pub(super) fn contains_key(&self, id: &i64) -> bool {
        self.places.contains_key(id)
    }

    /// How many cases there are.
    pub(super) fn len(&self) -> usize {
        self.ids.len()
    }

    /// The case's place in the file's list.
    pub(super) fn place(&self, id: i64) -> Option<u32> {
        self.places.get(&id).copied()
    }

    /// The id of the case at `place`.
    pub(super) fn id_at(&self, place: u32) -> i64 {
        self.ids[place as usize]
    }

    fn facts(&self, id: i64) -> Option<&CaseFacts> {
        self.facts.get(self.place(id)? as usize)
    }

    /// The case's first contact's day.
    pub(super) fn contact(&self, id: i64) -> Option<NaiveDate> {
        self.facts(id).map(|f| f.contact_at.date())
    }

    /// The case's kind and first contact's day.
    pub(super) fn kind_and_contact(&self, id: i64) -> Option<(ContactKind, NaiveDate)> {
        self.facts(id).map(|f| (f.kind, f.contact_at.date()))
    }

    /// The counsellor of the case at `place`.
    pub(super) fn counsellor_at(&self, place: u32) -> Option<&str> {
        self.facts.get(place as usize).map(|f| self.counsellors[f.counsellor as usize].as_str())
    }

    /// The case as the domain's checks take it: its texts empty (but its
    /// counsellor and its progress's reasons), its citizen named or
    /// anonymous as in the file.
    pub(super) fn get(&self, id: &i64) -> Option<Case> {
        self.get_at(self.place(*id)?)
    }

    /// The case at `place`, as [`Cases::get`] gives it.
    pub(super) fn get_at(&self, place: u32) -> Option<Case> {
        let f = self.facts.get(place as usize)?;
        let identity = if f.anonymous {
            Identity::Anonymous { pseudonym: String::new() }
        } else {
            Identity::Named { name: String::new(), cpr: None }
        };
        Some(Case {
            id: self.ids[place as usize],
            citizen_id: f.citizen_id,
            kind: f.kind,
            channel: f.channel,
            contact_at: f.contact_at,
            identity,
            home_municipality: String::new(),
            counsellor: self.counsellors[f.counsellor as usize].clone(),
            substances: Vec::new(),
            children: f.children,
            parental_consent: f.parental_consent,
            note: String::new(),
            referred_young: f.referred_young,
            progress: f.progress.progress(&self.reasons),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The size the import's peak was measured with (100,000 cases in 8
    /// MiB); a new field grows it on purpose, not unseen.
    #[test]
    fn a_case_is_held_in_80_bytes() {
        assert!(std::mem::size_of::<CaseFacts>() <= 80, "{}", std::mem::size_of::<CaseFacts>());
    }

    #[test]
    fn a_case_is_given_back_with_its_progress_and_reasons_as_taken() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
        let mut case = crate::domain::intake::test_support::case_on("2026-03-01");
        case.progress = Progress {
            visitation_on: Some(day(2)),
            consent_on: Some(day(3)),
            doctor_offered_on: Some(day(4)),
            doctor_wanted: Some(true),
            doctor_held_on: Some(day(5)),
            free_choice: Some(Reasoned { on: day(6), reason: "valgte Aarhus".into() }),
            special_assessment: Some(Reasoned { on: day(7), reason: String::new() }),
            treatment_started_on: None,
            closed: Some(Reasoned { on: day(9), reason: "flyttet".into() }),
            closing_reason: None,
        };
        let mut cases = Cases::default();
        let mut other = case.clone();
        other.id = case.id + 1;
        other.progress = Progress::default();
        cases.insert(&other);
        cases.insert(&case);
        let back = cases.get(&case.id).expect("taken");
        assert_eq!(back.progress, case.progress);
        assert_eq!((back.id, back.counsellor.as_str()), (case.id, case.counsellor.as_str()));
        assert_eq!(cases.get(&other.id).expect("taken").progress, Progress::default());
        assert_eq!(cases.place(case.id), Some(1));
    }
}
