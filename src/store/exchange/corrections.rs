//! The import's replay of a file's corrections of cases (issue 10): each
//! undo goes through the domain's own rule for what may be undone, in the
//! order of the events, and the case's fields must be what the steps left
//! standing make them; a handover names a counsellor, and the case is the
//! last one's; consent given later is a young person's consent the case
//! holds. (Who may receive a case is not checked: users are not part of
//! the file.)

use std::collections::HashMap;
use std::num::NonZeroU32;

use super::case_facts::Cases;
use super::compact::{Chunks, Texts};
use super::*;
use crate::domain::intake::{EditField, RecordedStep, Step, apply_undo, undo_order_problem};
use crate::store::case_edits::{EVENT_CONSENT_GIVEN, EVENT_EDITED, EVENT_REASSIGNED, EVENT_UNDONE};

/// What a case event is, as the replay tells them apart.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum EventKind {
    Registered,
    Step(StepKind),
    Edited,
    ConsentGiven,
    Undone,
    Reassigned,
}

impl EventKind {
    /// The kind a file names; `None` for one the store does not know.
    pub(super) fn of(kind: &str) -> Option<EventKind> {
        Some(match kind {
            "registered" => EventKind::Registered,
            EVENT_EDITED => EventKind::Edited,
            EVENT_CONSENT_GIVEN => EventKind::ConsentGiven,
            EVENT_UNDONE => EventKind::Undone,
            EVENT_REASSIGNED => EventKind::Reassigned,
            // Tried last: serde builds and drops a message for a kind that
            // is not a step.
            step => EventKind::Step(parse_enum::<StepKind>(step).ok()?),
        })
    }
}

/// What the replay reads of one case event, in 24 bytes: the events of a
/// large file are kept until the list has ended (the replay goes a case at
/// a time, which the file's order need not be).
struct EventFact {
    id: i64,
    /// The case's place in the file's list of cases.
    case: u32,
    on: NaiveDate,
    /// The reason's number in [`Corrections::reasons`].
    reason: Option<NonZeroU32>,
    kind: EventKind,
    wanted: Option<bool>,
}

/// What only corrections carry: the undone step, the new counsellor.
struct Rare {
    undoes: Option<i64>,
    counsellor: Option<String>,
}

/// The file's case events as the replay needs them, gathered a part at a
/// time; an event's place is its index in the file's list.
#[derive(Default)]
pub(super) struct Corrections {
    events: Chunks<EventFact>,
    reasons: Texts,
    /// By the event's place, for the few events that have them.
    rare: HashMap<usize, Rare>,
}

impl Corrections {
    /// Keeps what the replay needs of the list's next event, which has
    /// passed its own checks: its kind, and its case's place.
    pub(super) fn push(&mut self, e: &EventRecord, kind: EventKind, case: u32) {
        if e.undoes.is_some() || e.counsellor.is_some() {
            let rare = Rare { undoes: e.undoes, counsellor: e.counsellor.clone() };
            self.rare.insert(self.events.len(), rare);
        }
        let reason = e.reason.as_deref().map(|r| self.reasons.push(r));
        self.events.push(EventFact { id: e.id, case, on: e.on, reason, kind, wanted: e.wanted });
    }

    /// Checks every case's corrections once the list has ended; `cases` are
    /// the file's cases. Each case is replayed on its own, its events in id
    /// order, so only one case's steps are held at a time; the problem
    /// named is the one the replay of the whole file in id order meets first.
    pub(super) fn check(self, cases: &Cases) -> Result<()> {
        let (starts, order) = self.by_case(cases.len());
        // The first problem of the events in id order, then of a handover
        // (the case with the lowest id), then of the cases in file order.
        let mut first: Option<(i64, StoreError)> = None;
        let mut handover: Option<(i64, StoreError)> = None;
        let mut undone_wrongly: Option<StoreError> = None;
        for (place, bounds) in (0u32..).zip(starts.windows(2)) {
            let one_case = &order[bounds[0] as usize..bounds[1] as usize];
            if one_case.is_empty() {
                continue;
            }
            match self.replay(one_case, place, cases) {
                Err((id, problem)) => {
                    if first.as_ref().is_none_or(|(earlier, _)| id < *earlier) {
                        first = Some((id, problem));
                    }
                }
                Ok((steps, handed_to)) => {
                    if let Some((i, to)) = handed_to
                        && cases.counsellor_at(place) != Some(to)
                    {
                        let case_id = cases.id_at(place);
                        if handover.as_ref().is_none_or(|(earlier, _)| case_id < *earlier) {
                            let problem = bad(
                                format!("case_events[{i}].counsellor"),
                                "sagen er senest overdraget til en anden end sagens rådgiver (counsellor)",
                            );
                            handover = Some((case_id, problem));
                        }
                    }
                    // The cases come in file order: the first one found is named.
                    if undone_wrongly.is_none()
                        && let Some(problem) = undone_wrongly_problem(&steps, place, cases)
                    {
                        undone_wrongly = Some(problem);
                    }
                }
            }
        }
        match (first, handover, undone_wrongly) {
            (Some((_, problem)), _, _) | (None, Some((_, problem)), _) => Err(problem),
            (None, None, Some(problem)) => Err(problem),
            (None, None, None) => Ok(()),
        }
    }

    /// The events' places grouped by their case's place, each case's in id
    /// order, and where each case's begin (and the last ends): a counting
    /// sort, in a third of the events' own size.
    fn by_case(&self, cases: usize) -> (Vec<u32>, Vec<u32>) {
        let count = |n: usize| u32::try_from(n).expect("fewer than 2^32 events");
        let mut starts = vec![0u32; cases + 1];
        for e in self.events.iter() {
            starts[e.case as usize + 1] += 1;
        }
        for c in 1..starts.len() {
            starts[c] += starts[c - 1];
        }
        let mut next = starts.clone();
        let mut order = vec![0u32; self.events.len()];
        for (place, e) in self.events.iter().enumerate() {
            let at = &mut next[e.case as usize];
            order[*at as usize] = count(place);
            *at += 1;
        }
        for bounds in starts.windows(2) {
            order[bounds[0] as usize..bounds[1] as usize].sort_unstable_by_key(|&p| self.event(p).id);
        }
        (starts, order)
    }

    fn event(&self, place: u32) -> &EventFact {
        self.events.get(place as usize).expect("an event's place")
    }

    /// One case's events (their places, in id order) replayed: its steps
    /// as they stand, and its last handover, or the first problem.
    fn replay(
        &self,
        one_case: &[u32],
        case: u32,
        cases: &Cases,
    ) -> std::result::Result<(Vec<RecordedStep>, Handover<'_>), Refusal> {
        let mut steps: Vec<RecordedStep> = Vec::new();
        let mut handed_to = None;
        for &i in one_case {
            let e = self.event(i);
            let at = |field: &str| format!("case_events[{i}].{field}");
            let refuse = |field: &str, problem: String| (e.id, bad(at(field), problem));
            let reason = e.reason.map(|n| self.reasons.get(n));
            let rare = self.rare.get(&(i as usize));
            let undoes = rare.and_then(|r| r.undoes);
            let counsellor = rare.and_then(|r| r.counsellor.as_deref());
            if undoes.is_some() && e.kind != EventKind::Undone {
                return Err(refuse("undoes", "kun en fortrydelse (undone) peger på et trin".into()));
            }
            if counsellor.is_some() && e.kind != EventKind::Reassigned {
                return Err(refuse("counsellor", "kun en overdragelse (reassigned) nævner en rådgiver".into()));
            }
            match e.kind {
                EventKind::Step(kind) => {
                    let step = Step::from_parts(kind, e.on, reason.map(str::to_string), e.wanted);
                    steps.push(RecordedStep { event_id: e.id, step, undone: false });
                }
                EventKind::Undone => {
                    let target = undoes.ok_or_else(|| refuse("undoes", "mangler: hvilket trin fortrydes".into()))?;
                    if reason.is_none_or(|r| r.trim().is_empty()) {
                        return Err(refuse("reason", "en fortrydelse siger hvorfor".into()));
                    }
                    if let Some(problem) = undo_order_problem(&steps, target) {
                        return Err(refuse("undoes", crate::text::correction::undo_problem(&problem)));
                    }
                    if let Some(s) = steps.iter_mut().find(|s| s.event_id == target) {
                        s.undone = true;
                    }
                }
                EventKind::Reassigned => {
                    let to = counsellor.unwrap_or("");
                    if to.trim().is_empty() {
                        return Err(refuse("counsellor", "mangler: hvem sagen er overdraget til".into()));
                    }
                    handed_to = Some((i, to));
                }
                EventKind::ConsentGiven => {
                    let young_with_consent = cases
                        .get_at(case)
                        .is_some_and(|case| case.kind == ContactKind::Young && case.parental_consent == Some(true));
                    if !young_with_consent {
                        return Err(refuse(
                            "kind",
                            "samtykke givet kræver en ung (young) med parental_consent true".into(),
                        ));
                    }
                }
                EventKind::Edited => {
                    let fields = reason.unwrap_or("");
                    if let Some(unknown) = fields.split(',').find(|f| EditField::from_id(f).is_none()) {
                        return Err(refuse("reason", format!("ukendt felt '{unknown}'")));
                    }
                }
                EventKind::Registered => {}
            }
        }
        Ok((steps, handed_to))
    }
}

/// A case's last handover: the event's index and to whom.
type Handover<'e> = Option<(u32, &'e str)>;

/// A problem with its event's id.
type Refusal = (i64, StoreError);

/// The case's fields of each undone kind are what the steps that stand
/// make them (a close is left out: a course ended in Planer closes it
/// without a step of its own).
fn undone_wrongly_problem(steps: &[RecordedStep], place: u32, cases: &Cases) -> Option<StoreError> {
    let mut undone = steps.iter().filter(|s| s.undone && s.step.kind() != StepKind::Close).peekable();
    undone.peek()?;
    let case = cases.get_at(place)?;
    undone.find_map(|undone| {
        let mut recomputed = case.clone();
        apply_undo(&mut recomputed, steps, undone.event_id);
        (recomputed.progress != case.progress).then(|| {
            bad(
                format!("cases[{place}]"),
                format!(
                    "sagens felter passer ikke med det fortrudte trin (hændelse {}): de skal være, som de trin der står, gør dem",
                    undone.event_id
                ),
            )
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The size the import's peak was measured with (half a million events
    /// in 12 MiB); a new field grows it on purpose, not unseen.
    #[test]
    fn an_event_is_held_in_24_bytes() {
        assert!(std::mem::size_of::<EventFact>() <= 24, "{}", std::mem::size_of::<EventFact>());
    }

    #[test]
    fn every_kind_the_store_writes_is_told_apart_and_no_other() {
        assert_eq!(EventKind::of("registered"), Some(EventKind::Registered));
        assert_eq!(EventKind::of(EVENT_UNDONE), Some(EventKind::Undone));
        assert_eq!(EventKind::of(EVENT_REASSIGNED), Some(EventKind::Reassigned));
        assert_eq!(EventKind::of(EVENT_EDITED), Some(EventKind::Edited));
        assert_eq!(EventKind::of(EVENT_CONSENT_GIVEN), Some(EventKind::ConsentGiven));
        for kind in StepKind::ALL {
            assert_eq!(EventKind::of(enum_id(&kind).as_str()), Some(EventKind::Step(kind)));
        }
        assert_eq!(EventKind::of("lukket"), None);
        assert_eq!(EventKind::of(""), None);
    }
}
