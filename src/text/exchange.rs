//! The import's words for a record the forms would have refused: the same
//! problems the forms name, said as the import says them (after the field,
//! lower case, no full stop).

use crate::domain::dates::format_date_dk;
use crate::domain::plan::CallProblem;
use crate::domain::stay::{NewStayProblem, StayStepProblem};
use crate::store::exchange::{FileRecord, ImportProblem};

/// Why an import file is refused, in words (after its record and field).
pub fn import_problem(problem: &ImportProblem) -> String {
    match problem {
        ImportProblem::IdNotUnique { id } => format!("id {id} er ikke positivt og entydigt"),
        ImportProblem::Missing => "mangler".into(),
        ImportProblem::Unfinished => "filen blev ikke læst til ende; intet er gemt".into(),
        ImportProblem::NotInFile { what, id } => format!("{} {id} findes ikke i filen", file_record(*what)),
        ImportProblem::TooLong { max } => format!("højst {max} tegn"),
        ImportProblem::ProfileTooLarge { max_kib } => format!("højst {max_kib} KiB"),
        ImportProblem::DatabaseNotEmpty => "importen kræver en tom database; der ligger allerede sager i den".into(),
        ImportProblem::UnknownVersion { file, known } => {
            format!("formatversion {file} kendes ikke (denne sagsbord læser {known})")
        }
        ImportProblem::Words(words) => words.clone(),
    }
}

fn file_record(what: FileRecord) -> &'static str {
    match what {
        FileRecord::Citizen => "borger",
        FileRecord::Case => "sag",
        FileRecord::Group => "gruppe",
        FileRecord::Session => "mødegang",
        FileRecord::Attendance => "fremmøde",
        FileRecord::MoveCourse => "MOVE-forløb",
        FileRecord::Provider => "leverandør",
        FileRecord::Stay => "ophold",
        FileRecord::Call => "opkald",
        FileRecord::Notification => "underretning",
        FileRecord::Child => "barn",
    }
}

/// The follow-up call form's refusal of an attempt, as of the attempt's day.
pub fn import_call_problem(problem: &CallProblem) -> String {
    match problem {
        CallProblem::Required => "mangler".into(),
        CallProblem::TooLong { max } => format!("højst {max} tegn"),
        CallProblem::ControlCharacters => "må ikke indeholde styretegn".into(),
        CallProblem::Date(e) => e.to_string(),
        CallProblem::InFuture => "ligger efter forsøgets dato".into(),
        CallProblem::NotAfterEnd { ended_on } => {
            format!("ligger ikke efter forløbets afslutning ({}): tidligst dagen efter", format_date_dk(*ended_on))
        }
        CallProblem::BeforeLastAttempt { on } => format!("ligger før det seneste forsøg ({})", format_date_dk(*on)),
        CallProblem::AlreadyReached { on } => format!("opkaldet er allerede gennemført ({})", format_date_dk(*on)),
        CallProblem::OutcomeWithoutReach => "et resultat kræver, at borgeren blev truffet".into(),
    }
}

/// The recommendation form's refusal of a stay, in the import's words.
pub fn import_new_stay_problem(problem: &NewStayProblem) -> String {
    as_import(&super::stays::new_stay_problem(problem))
}

/// The stay step form's refusal, in the import's words.
pub fn import_stay_step_problem(problem: &StayStepProblem) -> String {
    as_import(&super::stays::stay_step_problem(problem))
}

/// A form's sentence as the import says it after the field: from a small
/// letter, without the full stop ("Slut ligger før start." → "slut ligger
/// før start").
fn as_import(sentence: &str) -> String {
    let trimmed = sentence.strip_suffix('.').unwrap_or(sentence);
    let mut chars = trimmed.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_forms_sentence_reads_as_the_imports() {
        assert_eq!(as_import("Slut ligger før start."), "slut ligger før start");
        assert_eq!(as_import("Ærligt talt"), "ærligt talt");
        assert_eq!(as_import(""), "");
        assert_eq!(import_stay_step_problem(&StayStepProblem::NotStarted), "opholdet er ikke startet");
    }
}
