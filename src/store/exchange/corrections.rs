//! The import's replay of a file's corrections of cases (issue 10): each
//! undo goes through the domain's own rule for what may be undone, in the
//! order of the events, and the case's fields must be what the steps left
//! standing make them; a handover names a counsellor, and the case is the
//! last one's; consent given later is a young person's consent the case
//! holds. (Who may receive a case is not checked: users are not part of
//! the file.)

use std::collections::HashMap;

use super::*;
use crate::domain::intake::{EditField, RecordedStep, Step, apply_undo, undo_order_problem};
use crate::store::case_edits::{EVENT_CONSENT_GIVEN, EVENT_EDITED, EVENT_REASSIGNED, EVENT_UNDONE};

/// Whether `kind` is one of the correction events (not a step, not the registration).
pub(super) fn is_correction(kind: &str) -> bool {
    [EVENT_EDITED, EVENT_CONSENT_GIVEN, EVENT_UNDONE, EVENT_REASSIGNED].contains(&kind)
}

/// Checks every case's corrections; `cases` are the file's cases by id,
/// as the domain takes them.
pub(super) fn check_corrections(file: &ExportFile, cases: &HashMap<i64, Case>) -> Result<()> {
    let mut order: Vec<(usize, &EventRecord)> = file.case_events.iter().enumerate().collect();
    order.sort_by_key(|(_, e)| e.id);
    // Per case: its steps so far (with the undone marks), and the last handover.
    let mut history: HashMap<i64, Vec<RecordedStep>> = HashMap::new();
    let mut handed_to: HashMap<i64, (usize, &str)> = HashMap::new();
    for (i, e) in &order {
        let at = |field: &str| format!("case_events[{i}].{field}");
        if e.undoes.is_some() && e.kind != EVENT_UNDONE {
            return Err(bad(at("undoes"), "kun en fortrydelse (undone) peger på et trin"));
        }
        if e.counsellor.is_some() && e.kind != EVENT_REASSIGNED {
            return Err(bad(at("counsellor"), "kun en overdragelse (reassigned) nævner en rådgiver"));
        }
        let steps = history.entry(e.case_id).or_default();
        if let Ok(kind) = parse_enum::<StepKind>(&e.kind) {
            let step = Step::from_parts(kind, e.on, e.reason.clone(), e.wanted);
            steps.push(RecordedStep { event_id: e.id, step, undone: false });
            continue;
        }
        let case = &cases[&e.case_id];
        match e.kind.as_str() {
            EVENT_UNDONE => {
                let target = e.undoes.ok_or_else(|| bad(at("undoes"), "mangler: hvilket trin fortrydes"))?;
                if e.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
                    return Err(bad(at("reason"), "en fortrydelse siger hvorfor"));
                }
                // The same rule as the form's, on the history as it stood then.
                if let Some(problem) = undo_order_problem(steps, target) {
                    return Err(bad(at("undoes"), crate::text::correction::undo_problem(&problem)));
                }
                if let Some(s) = steps.iter_mut().find(|s| s.event_id == target) {
                    s.undone = true;
                }
            }
            EVENT_REASSIGNED => {
                let to = e.counsellor.as_deref().unwrap_or("");
                if to.trim().is_empty() {
                    return Err(bad(at("counsellor"), "mangler: hvem sagen er overdraget til"));
                }
                handed_to.insert(e.case_id, (*i, to));
            }
            EVENT_CONSENT_GIVEN if case.kind != ContactKind::Young || case.parental_consent != Some(true) => {
                return Err(bad(at("kind"), "samtykke givet kræver en ung (young) med parental_consent true"));
            }
            EVENT_EDITED => {
                let fields = e.reason.as_deref().unwrap_or("");
                if let Some(unknown) = fields.split(',').find(|f| EditField::from_id(f).is_none()) {
                    return Err(bad(at("reason"), format!("ukendt felt '{unknown}'")));
                }
            }
            _ => {}
        }
    }
    for (case_id, (i, to)) in handed_to {
        if cases[&case_id].counsellor != to {
            return Err(bad(
                format!("case_events[{i}].counsellor"),
                "sagen er senest overdraget til en anden end sagens rådgiver (counsellor)",
            ));
        }
    }
    // The case's fields of each undone kind are what the steps that stand
    // make them (a close is left out: a course ended in Planer closes it
    // without a step of its own).
    for (index, record) in file.cases.iter().enumerate() {
        let Some(steps) = history.get(&record.id) else { continue };
        let case = &cases[&record.id];
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
