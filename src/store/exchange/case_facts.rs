//! The file's cases as the checks after the cases read them, kept compact
//! for a large file: the corrections' replay, the plan, ending, stay and
//! complaint forms' rules and the groups read a case's kind, dates,
//! progress, counsellor and whether it is anonymous, never its note,
//! substances, home municipality or citizen's name.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};

use crate::domain::intake::{Case, Channel, ChildrenAnswer, ContactKind, Identity, Progress};

/// One case, without its texts; its counsellor by number in [`Cases::counsellors`]
/// (a centre has a few dozen, its cases a hundred thousand).
struct CaseFacts {
    citizen_id: i64,
    contact_at: NaiveDateTime,
    progress: Progress,
    counsellor: u32,
    kind: ContactKind,
    channel: Channel,
    children: ChildrenAnswer,
    parental_consent: Option<bool>,
    referred_young: bool,
    anonymous: bool,
}

/// The cases by id.
#[derive(Default)]
pub(super) struct Cases {
    facts: HashMap<i64, CaseFacts>,
    counsellors: Vec<String>,
    counsellor_numbers: HashMap<String, u32>,
}

impl Cases {
    pub(super) fn reserve(&mut self, more: usize) {
        self.facts.reserve(more);
    }

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
            progress: case.progress.clone(),
            counsellor,
            kind: case.kind,
            channel: case.channel,
            children: case.children,
            parental_consent: case.parental_consent,
            referred_young: case.referred_young,
            anonymous: matches!(case.identity, Identity::Anonymous { .. }),
        };
        self.facts.insert(case.id, facts);
    }

    pub(super) fn contains_key(&self, id: &i64) -> bool {
        self.facts.contains_key(id)
    }

    /// The case's first contact's day.
    pub(super) fn contact(&self, id: i64) -> Option<NaiveDate> {
        self.facts.get(&id).map(|f| f.contact_at.date())
    }

    /// The case's kind and first contact's day.
    pub(super) fn kind_and_contact(&self, id: i64) -> Option<(ContactKind, NaiveDate)> {
        self.facts.get(&id).map(|f| (f.kind, f.contact_at.date()))
    }

    /// The case's counsellor.
    pub(super) fn counsellor(&self, id: i64) -> Option<&str> {
        self.facts.get(&id).map(|f| self.counsellors[f.counsellor as usize].as_str())
    }

    /// The case as the domain's checks take it: its texts empty (but its
    /// counsellor), its citizen named or anonymous as in the file.
    pub(super) fn get(&self, id: &i64) -> Option<Case> {
        let f = self.facts.get(id)?;
        let identity = if f.anonymous {
            Identity::Anonymous { pseudonym: String::new() }
        } else {
            Identity::Named { name: String::new(), cpr: None }
        };
        Some(Case {
            id: *id,
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
            progress: f.progress.clone(),
        })
    }
}
