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
    /// the file's cases by id (as the later checks keep them), `order` their
    /// ids in the file's order.
    pub(super) fn check(self, cases: &Cases, order: &[i64]) -> Result<()> {
        let mut events = self.events;
        events.sort_by_key(|e| e.id);
        let mut history: HashMap<i64, Vec<RecordedStep>> = HashMap::new();
        let mut handed_to: HashMap<i64, (u32, &str)> = HashMap::new();
        for e in &events {
            let i = e.index;
            let at = |field: &str| format!("case_events[{i}].{field}");
            let texts = e.rest.as_deref();
            let kind = texts.map_or("", |t| t.kind.as_str());
            let reason = texts.and_then(|t| t.reason.as_deref());
            let undoes = texts.and_then(|t| t.undoes);
            let counsellor = texts.and_then(|t| t.counsellor.as_deref());
            if undoes.is_some() && kind != EVENT_UNDONE {
                return Err(bad(at("undoes"), "kun en fortrydelse (undone) peger på et trin"));
            }
            if counsellor.is_some() && kind != EVENT_REASSIGNED {
                return Err(bad(at("counsellor"), "kun en overdragelse (reassigned) nævner en rådgiver"));
            }
            let steps = history.entry(e.case_id).or_default();
            if let Some(kind) = e.step {
                let step = Step::from_parts(kind, e.on, reason.map(str::to_string), e.wanted);
                steps.push(RecordedStep { event_id: e.id, step, undone: false });
                continue;
            }
            let Some(case) = cases.get(&e.case_id) else { continue };
            match kind {
                EVENT_UNDONE => {
                    let target = undoes.ok_or_else(|| bad(at("undoes"), "mangler: hvilket trin fortrydes"))?;
                    if reason.is_none_or(|r| r.trim().is_empty()) {
                        return Err(bad(at("reason"), "en fortrydelse siger hvorfor"));
                    }
                    if let Some(problem) = undo_order_problem(steps, target) {
                        return Err(bad(at("undoes"), crate::text::correction::undo_problem(&problem)));
                    }
                    if let Some(s) = steps.iter_mut().find(|s| s.event_id == target) {
                        s.undone = true;
                    }
                }
                EVENT_REASSIGNED => {
                    let to = counsellor.unwrap_or("");
                    if to.trim().is_empty() {
                        return Err(bad(at("counsellor"), "mangler: hvem sagen er overdraget til"));
                    }
                    handed_to.insert(e.case_id, (i, to));
                }
                EVENT_CONSENT_GIVEN if case.kind != ContactKind::Young || case.parental_consent != Some(true) => {
                    return Err(bad(at("kind"), "samtykke givet kræver en ung (young) med parental_consent true"));
                }
                EVENT_EDITED => {
                    let fields = reason.unwrap_or("");
                    if let Some(unknown) = fields.split(',').find(|f| EditField::from_id(f).is_none()) {
                        return Err(bad(at("reason"), format!("ukendt felt '{unknown}'")));
                    }
                }
                _ => {}
            }
        }
        for (case_id, (i, to)) in handed_to {
            if cases.counsellor(case_id) != Some(to) {
                return Err(bad(
                    format!("case_events[{i}].counsellor"),
                    "sagen er senest overdraget til en anden end sagens rådgiver (counsellor)",
                ));
            }
        }
        // The case's fields of each undone kind are what the steps that stand
        // make them (a close is left out: a course ended in Planer closes it
        // without a step of its own).
        for (index, id) in order.iter().enumerate() {
            let Some(steps) = history.get(id) else { continue };
            if !steps.iter().any(|s| s.undone) {
                continue;
            }
            let Some(case) = cases.get(id) else { continue };
            for undone in steps.iter().filter(|s| s.undone && s.step.kind() != StepKind::Close) {
                let mut recomputed = case.clone();
                apply_undo(&mut recomputed, steps, undone.event_id);
                if recomputed.progress != case.progress {
                    return Err(bad(
                        format!("cases[{index}]"),
                        format!(
                            "sagens felter passer ikke med det fortrudte trin (hændelse {}): de skal være, som de trin der står, gør dem",
                            undone.event_id
                        ),
                    ));
                }
            }
        }
        Ok(())
    }
}
