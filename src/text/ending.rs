//! The words of ending a course when the case still has something running
//! (a MOVE course, group memberships, a residential stay): the question
//! per item, its answers, its problems and what the status line says.

use crate::domain::dates::format_date_dk;
use crate::domain::plan::{Answer, Running, RunningKey, RunningProblem};
use crate::domain::stay::EndKind;
use crate::text::cli::printable;

/// The first answer of every question: nothing is chosen for the counsellor.
pub const CHOOSE: &str = "– vælg: afslut eller behold –";

/// Why the MOVE course ended, as the MOVE course screen shows it.
pub fn move_reason(case_id: i64) -> String {
    format!("Afsluttet med behandlingsforløbet (sag {case_id}).")
}

/// The question's label: what runs, short enough for the label column.
pub fn label(item: &Running) -> String {
    match item {
        Running::MoveCourse { .. } => "MOVE-forløb".to_string(),
        Running::Membership { group, .. } => format!("Gruppe: {}", printable(group)),
        Running::Stay { id, .. } => format!("Døgnophold {id}"),
    }
}

/// The question's hint: the item's details, and what the answers do.
pub fn hint(item: &Running) -> String {
    let what = match item {
        Running::MoveCourse { screening_on, .. } => format!("Screening {}.", format_date_dk(*screening_on)),
        Running::Membership { joined_on, .. } => format!("Med fra {}.", format_date_dk(*joined_on)),
        Running::Stay { provider, started_on, planned_end, .. } => format!(
            "{}, {}–{} (planlagt slut).",
            printable(provider),
            format_date_dk(*started_on),
            format_date_dk(*planned_end)
        ),
    };
    format!("{what} Afsluttes på slutdatoen, eller fortsætter.")
}

pub fn answer(a: Answer, item: &Running) -> &'static str {
    match (a, item) {
        (Answer::Keep, _) => "Behold",
        (Answer::End(EndKind::Planned), Running::Stay { .. }) => "Afslut som planlagt",
        (Answer::End(EndKind::Interrupted), Running::Stay { .. }) => "Afbryd (uplanlagt)",
        (Answer::End(_), _) => "Afslut",
    }
}

/// The question's options: "choose" first, then the item's answers.
pub fn options(item: &Running) -> Vec<String> {
    std::iter::once(CHOOSE.to_string()).chain(item.answers().iter().map(|a| answer(*a, item).to_string())).collect()
}

pub fn problem(p: &RunningProblem) -> String {
    match p {
        RunningProblem::NotAnswered => "Vælg, om det skal afsluttes eller fortsætte.".into(),
        RunningProblem::BeganAfter { on } => {
            format!("Begyndte {}, efter slutdatoen: kan ikke afsluttes på den; vælg Behold.", format_date_dk(*on))
        }
        RunningProblem::NotOffered => "Det svar findes ikke her.".into(),
    }
}

/// What else the ending ended, after the ending's own message; empty when
/// nothing was.
pub fn also_ended(ended: &[(RunningKey, Answer)]) -> String {
    let words: Vec<String> = ended
        .iter()
        .filter_map(|(key, answer)| match (key, answer) {
            (_, Answer::Keep) => None,
            (RunningKey::MoveCourse(_), _) => Some("MOVE-forløbet".to_string()),
            (RunningKey::Membership(_), _) => Some("en gruppe".to_string()),
            (RunningKey::Stay(id), Answer::End(EndKind::Interrupted)) => Some(format!("døgnophold {id} (afbrudt)")),
            (RunningKey::Stay(id), _) => Some(format!("døgnophold {id}")),
        })
        .collect();
    if words.is_empty() { String::new() } else { format!(" Også afsluttet: {}.", words.join(", ")) }
}
