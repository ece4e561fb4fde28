//! A file taken in many small parts is checked as the whole file is: it
//! passes exactly when the whole passes, with the same cases, children,
//! notifications and complaints, and a refused one is refused with the same
//! problem at the same place (an index counted from its list's start).

use std::collections::HashMap;

use super::check::{Checker, Finished, check};
use super::part::Part;
use super::*;
use crate::generate::{Shape, centre};

/// What the checks made of a file, comparable whichever way it was taken.
type Outcome = std::result::Result<(HashMap<i64, Case>, String), String>;

fn outcome(result: Result<(HashMap<i64, Case>, Finished)>) -> Outcome {
    let (cases, finished) = result.map_err(|e| format!("{e:?}"))?;
    let Finished { centre, family, complaints } = finished;
    Ok((cases, format!("{centre:?} {family:?} {complaints:?}")))
}

fn whole(file: &ExportFile) -> Outcome {
    outcome(check(file).map(|c| (c.cases, Finished { centre: c.centre, family: c.family, complaints: c.complaints })))
}

/// Every list in parts of 1, 2 and 3 records in turn; an empty list as one
/// empty part or, every other time, as no part at all.
fn in_small_parts(file: &ExportFile) -> Outcome {
    let taken = || -> Result<(HashMap<i64, Case>, Finished)> {
        let mut checker = Checker::new(&file.centre)?;
        let mut cases = HashMap::new();
        for (n, list) in file.parts().enumerate() {
            if list.len() == 0 && n % 2 == 0 {
                continue;
            }
            let mut rest: Part<'_> = list;
            let mut size = 1;
            loop {
                let (part, after) = rest.split_at(size.min(rest.len()));
                cases.extend(checker.take(part)?.cases.into_iter().map(|c| (c.id, c)));
                rest = after;
                size = size % 3 + 1;
                if rest.len() == 0 {
                    break;
                }
            }
        }
        Ok((cases, checker.finish()?))
    };
    outcome(taken())
}

fn generated() -> ExportFile {
    let shape = Shape { cases: 400, seed: 11, today: NaiveDate::from_ymd_opt(2026, 3, 17).unwrap(), stress: false };
    centre(&shape, &mut |_| {})
}

fn samples() -> Vec<(String, ExportFile)> {
    let mut files = vec![("generated".to_string(), generated())];
    let dir = env!("CARGO_MANIFEST_DIR");
    for path in ["tests/valid_imports/minimal.json", "sample-data/centre.json", "sample-data/scenarios/faxe.json"] {
        let text = std::fs::read_to_string(format!("{dir}/{path}")).unwrap();
        files.push((path.to_string(), parse(&text).unwrap()));
    }
    files
}

#[test]
fn a_valid_file_passes_in_small_parts_as_it_passes_whole() {
    for (name, file) in samples() {
        let whole = whole(&file);
        assert!(whole.is_ok(), "{name}: {whole:?}");
        let parts = in_small_parts(&file);
        assert_eq!(parts.as_ref().map(|(c, _)| c.len()), Ok(file.cases.len()), "{name}");
        assert!(parts == whole, "{name}: taken in parts, the checks make the same of it");
    }
}

/// Refused in parts exactly as whole, at `at`.
fn refused_alike(file: &ExportFile, at: &str) {
    let whole = whole(file);
    let parts = in_small_parts(file);
    assert!(whole.as_ref().is_err_and(|e| e.contains(&format!("at: \"{at}"))), "whole: {whole:?}, expected {at}");
    assert_eq!(parts.err(), whole.err(), "in parts as whole");
}

#[test]
fn a_broken_file_is_refused_in_small_parts_as_whole() {
    let file = generated();

    // A text too long, in a later part of its list.
    let mut broken = file.clone();
    broken.cases[7].note = "x".repeat(crate::domain::limits::CONTACT_NOTE + 1);
    refused_alike(&broken, "cases[7].note");

    // An id twice, the second in a later part: the index counts from the list's start.
    let mut broken = file.clone();
    broken.case_events[5].id = broken.case_events[4].id;
    refused_alike(&broken, "case_events[5].id");

    // A reference to a record the file does not hold.
    let mut broken = file.clone();
    let last = broken.follow_up_attempts.len() - 1;
    broken.follow_up_attempts[last].call_id = 999_999;
    refused_alike(&broken, &format!("follow_up_attempts[{last}].call_id"));

    // Checks across a whole list, when it has ended: an ending's scheduled
    // call missing, and a later information on a notification not in the file.
    let mut broken = file.clone();
    let call = broken.follow_up_calls.remove(0);
    let ending = broken.course_endings.iter().position(|e| e.case_id == call.case_id).unwrap();
    broken.follow_up_attempts.retain(|a| a.call_id != call.id);
    refused_alike(&broken, &format!("course_endings[{ending}].reason"));

    let mut broken = file.clone();
    if let Some(update) = broken.notification_updates.last_mut() {
        update.notification_id = 999_999;
        let at = format!("notification_updates[{}].notification_id", broken.notification_updates.len() - 1);
        refused_alike(&broken, &at);
    }

    // A case's corrections replayed once the events have ended: a handover
    // to someone other than the case's counsellor.
    let mut broken = file.clone();
    let case = &broken.cases[3];
    let mut handover = broken.case_events.iter().find(|e| e.case_id == case.id).unwrap().clone();
    handover.id = broken.case_events.iter().map(|e| e.id).max().unwrap() + 1;
    handover.kind = crate::store::case_edits::EVENT_REASSIGNED.into();
    handover.reason = None;
    handover.wanted = None;
    handover.counsellor = Some(format!("{}x", case.counsellor));
    broken.case_events.push(handover);
    refused_alike(&broken, &format!("case_events[{}].counsellor", broken.case_events.len() - 1));
}
