//! The import's replay of a file's corrections of cases (issue 10): each
//! undo goes through the domain's own rule for what may be undone, in the
//! order of the events, and the case's fields must be what the steps left
//! standing make them; a handover names a counsellor, and the case is the
//! last one's; consent given later is a young person's consent the case
//! holds. (Who may receive a case is not checked: users are not part of
//! the file.)

use std::collections::HashMap;

use super::case_facts::Cases;
use super::*;
use crate::domain::intake::{EditField, RecordedStep, Step, apply_undo, undo_order_problem};
use crate::store::case_edits::{EVENT_CONSENT_GIVEN, EVENT_EDITED, EVENT_REASSIGNED, EVENT_UNDONE};

/// Whether `kind` is one of the correction events (not a step, not the registration).
pub(super) fn is_correction(kind: &str) -> bool {
    [EVENT_EDITED, EVENT_CONSENT_GIVEN, EVENT_UNDONE, EVENT_REASSIGNED].contains(&kind)
}

/// What the replay reads of one case event: small and `Copy`-like, so the
/// events of a large file are kept until the list has ended (the replay
/// goes in id order, which need not be the file's); the rare texts and
/// references boxed on their own.
struct EventFact {
    id: i64,
    case_id: i64,
    /// The event's place in the file's list.
    index: u32,
    on: NaiveDate,
    /// The step, or `None` for the registration and the corrections.
    step: Option<StepKind>,
    wanted: Option<bool>,
    rest: Option<Box<EventTexts>>,
}

/// An event's kind, reason, target and counsellor, kept only for the events
/// that are corrections or carry a reason (few of a file's).
struct EventTexts {
    kind: String,
    reason: Option<String>,
    undoes: Option<i64>,
    counsellor: Option<String>,
}

/// The file's case events as the replay needs them, gathered a part at a time.
#[derive(Default)]
pub(super) struct Corrections {
    events: Vec<EventFact>,
}

impl Corrections {
    /// Keeps what the replay needs of a part of `case_events` that has
    /// passed its own checks; `first` is its first record's index.
    pub(super) fn take(&mut self, records: &[EventRecord], first: usize) {
        self.events.reserve(records.len());
        for (i, e) in (first..).zip(records) {
            // Not tried on the registration and the corrections: serde builds
            // and drops a message for a kind that is not a step.
            let step = (e.kind != "registered" && !is_correction(&e.kind))
                .then(|| parse_enum::<StepKind>(&e.kind).ok())
                .flatten();
            let plain = e.reason.is_none() && e.undoes.is_none() && e.counsellor.is_none();
            let rest = (!(plain && (step.is_some() || e.kind == "registered"))).then(|| {
                Box::new(EventTexts {
                    kind: e.kind.clone(),
                    reason: e.reason.clone(),
                    undoes: e.undoes,
                    counsellor: e.counsellor.clone(),
                })
            });
            let index = u32::try_from(i).unwrap_or(u32::MAX);
            self.events.push(EventFact { id: e.id, case_id: e.case_id, index, on: e.on, step, wanted: e.wanted, rest });
        }
    }

    /// Checks every case's corrections once the list has ended; `cases` are
    /// the file's cases by id, `order` their ids in the file's order. Each
    /// case is replayed on its own, its events in id order, so only one
    /// case's steps are held at a time; the problem named is the one the
    /// replay of the whole file in id order meets first.
    pub(super) fn check(self, cases: &Cases, order: &[i64]) -> Result<()> {
        let mut events = self.events;
        // Unstable: the keys are unique (an event's id), and a stable sort
        // would take half the events' size again for its buffer.
        events.sort_unstable_by_key(|e| (e.case_id, e.id));
        // The first problem of the events in id order, then of a handover,
        // then of the cases in file order.
        let mut first: Option<(i64, StoreError)> = None;
        let mut handover: Option<StoreError> = None;
        let mut undone_wrongly: HashMap<i64, StoreError> = HashMap::new();
        for one_case in events.chunk_by(|a, b| a.case_id == b.case_id) {
            let case_id = one_case[0].case_id;
            match replay(one_case, cases) {
                Err((id, problem)) => {
                    if first.as_ref().is_none_or(|(earlier, _)| id < *earlier) {
                        first = Some((id, problem));
                    }
                }
                Ok((steps, handed_to)) => {
                    if let Some((i, to)) = handed_to
                        && cases.counsellor(case_id) != Some(to)
                        && handover.is_none()
                    {
                        handover = Some(bad(
                            format!("case_events[{i}].counsellor"),
                            "sagen er senest overdraget til en anden end sagens rådgiver (counsellor)",
                        ));
                    }
                    if let Some(problem) = undone_wrongly_problem(&steps, case_id, cases) {
                        undone_wrongly.insert(case_id, problem);
                    }
                }
            }
        }
        if let Some((_, problem)) = first {
            return Err(problem);
        }
        if let Some(problem) = handover {
            return Err(problem);
        }
        if !undone_wrongly.is_empty()
            && let Some((index, id)) = order.iter().enumerate().find(|(_, id)| undone_wrongly.contains_key(id))
        {
            let problem = undone_wrongly.remove(id).expect("found just now");
            return Err(match problem {
                StoreError::Import { problem, .. } => StoreError::Import { at: format!("cases[{index}]"), problem },
                other => other,
            });
        }
        Ok(())
    }
}

/// A case's last handover: the event's index and to whom.
type Handover<'e> = Option<(u32, &'e str)>;

/// A problem with its event's id.
type Refusal = (i64, StoreError);

/// One case's events replayed in id order: its steps as they stand, and
/// its last handover, or the first problem.
fn replay<'e>(
    events: &'e [EventFact],
    cases: &Cases,
) -> std::result::Result<(Vec<RecordedStep>, Handover<'e>), Refusal> {
    let mut steps: Vec<RecordedStep> = Vec::new();
    let mut handed_to = None;
    for e in events {
        let i = e.index;
        let at = |field: &str| format!("case_events[{i}].{field}");
        let refuse = |field: &str, problem: String| (e.id, bad(at(field), problem));
        let texts = e.rest.as_deref();
        let kind = texts.map_or("", |t| t.kind.as_str());
        let reason = texts.and_then(|t| t.reason.as_deref());
        let undoes = texts.and_then(|t| t.undoes);
        let counsellor = texts.and_then(|t| t.counsellor.as_deref());
        if undoes.is_some() && kind != EVENT_UNDONE {
            return Err(refuse("undoes", "kun en fortrydelse (undone) peger på et trin".into()));
        }
        if counsellor.is_some() && kind != EVENT_REASSIGNED {
            return Err(refuse("counsellor", "kun en overdragelse (reassigned) nævner en rådgiver".into()));
        }
        if let Some(kind) = e.step {
            let step = Step::from_parts(kind, e.on, reason.map(str::to_string), e.wanted);
            steps.push(RecordedStep { event_id: e.id, step, undone: false });
            continue;
        }
        match kind {
            EVENT_UNDONE => {
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
            EVENT_REASSIGNED => {
                let to = counsellor.unwrap_or("");
                if to.trim().is_empty() {
                    return Err(refuse("counsellor", "mangler: hvem sagen er overdraget til".into()));
                }
                handed_to = Some((i, to));
            }
            EVENT_CONSENT_GIVEN => {
                let young_with_consent = cases
                    .get(&e.case_id)
                    .is_some_and(|case| case.kind == ContactKind::Young && case.parental_consent == Some(true));
                if !young_with_consent {
                    return Err(refuse(
                        "kind",
                        "samtykke givet kræver en ung (young) med parental_consent true".into(),
                    ));
                }
            }
            EVENT_EDITED => {
                let fields = reason.unwrap_or("");
                if let Some(unknown) = fields.split(',').find(|f| EditField::from_id(f).is_none()) {
                    return Err(refuse("reason", format!("ukendt felt '{unknown}'")));
                }
            }
            _ => {}
        }
    }
    Ok((steps, handed_to))
}

/// The case's fields of each undone kind are what the steps that stand
/// make them (a close is left out: a course ended in Planer closes it
/// without a step of its own); the problem is placed at the case by the caller.
fn undone_wrongly_problem(steps: &[RecordedStep], case_id: i64, cases: &Cases) -> Option<StoreError> {
    let mut undone = steps.iter().filter(|s| s.undone && s.step.kind() != StepKind::Close).peekable();
    undone.peek()?;
    let case = cases.get(&case_id)?;
    undone.find_map(|undone| {
        let mut recomputed = case.clone();
        apply_undo(&mut recomputed, steps, undone.event_id);
        (recomputed.progress != case.progress).then(|| {
            bad(
                "cases".into(),
                format!(
                    "sagens felter passer ikke med det fortrudte trin (hændelse {}): de skal være, som de trin der står, gør dem",
                    undone.event_id
                ),
            )
        })
    })
}
