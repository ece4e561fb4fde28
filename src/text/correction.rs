//! The words of a case's corrections in Indtag: editing its own fields,
//! handing it to another counsellor, undoing a step.

use crate::domain::dates::format_date_dk;
use crate::domain::intake::{ConsentOnProblem, EditField, EditProblem, StepKind, UndoProblem};
use crate::store::{CaseEvent, EVENT_CONSENT_GIVEN, EVENT_EDITED, EVENT_REASSIGNED, EVENT_UNDONE};

pub const EDIT_TITLE: &str = "Ret sagen";
pub const REASSIGN_TITLE: &str = "Overdrag sagen";
pub const UNDO_TITLE: &str = "Fortryd trin";
pub const F_CONSENT_ON: &str = "Samtykke givet den";
pub const F_RECEIVER: &str = "Ny rådgiver";
pub const F_STEP: &str = "Trin der fortrydes";
pub const F_UNDO_REASON: &str = "Hvorfor (kræves)";
pub const HINT_UNDO: &str = "trinnet og rettelsen bliver begge stående i forløbet";
pub const NOTHING_CHANGED: &str = "Ingen ændringer: intet gemt.";
pub const NOBODY_TO_RECEIVE: &str = "Ingen anden aktiv bruger kan overtage sagen.";

pub fn edit_problem(p: &EditProblem) -> String {
    match p {
        EditProblem::Contact(p) => super::intake::contact_problem(p),
        EditProblem::KindChangesIdentity => {
            "Anonym (§101a) eller ej handler om borgerens identitet og rettes ikke her.".into()
        }
        EditProblem::KindAfterTreatmentSteps => {
            "Sagen har udredning, lægesamtale eller behandling: den forbliver borgerens egen.".into()
        }
        EditProblem::AfterFirstStep { on } => {
            format!("Henvendelsen kan ikke ligge efter sagens første trin ({}).", format_date_dk(*on))
        }
        EditProblem::ConsentNeededByTreatment => {
            "Behandlingen er startet på forældrenes samtykke; forløbet afsluttes i Planer (e).".into()
        }
        EditProblem::ConsentOn(p) => match p {
            ConsentOnProblem::Required => "Skriv den dag, forældrene gav samtykke.".into(),
            ConsentOnProblem::Date(e) => format!("{e}"),
            ConsentOnProblem::InFuture => "Datoen kan ikke ligge efter i dag.".into(),
            ConsentOnProblem::BeforeContact { contact } => {
                format!("Datoen ligger før første henvendelse ({}).", format_date_dk(*contact))
            }
        },
    }
}

pub fn undo_problem(p: &UndoProblem) -> String {
    match p {
        UndoProblem::NothingToUndo => "Sagen har intet trin at fortryde.".into(),
        UndoProblem::NoSuchStep => "Trinnet findes ikke i sagen.".into(),
        UndoProblem::AlreadyUndone => "Trinnet er allerede fortrudt.".into(),
        UndoProblem::NotTheLast { last, on } => format!(
            "Kun det seneste trin kan fortrydes ({} {}): de senere trin bygger på de tidligere.",
            super::intake::step_title(*last),
            format_date_dk(*on)
        ),
        UndoProblem::CourseOnRecord => {
            "Forløbet har en plan, en afslutning eller et døgnophold: de rettes først i Planer og Døgn.".into()
        }
        UndoProblem::EndedInPlaner => "Forløbet er afsluttet i Planer; afslutningen rettes dér.".into(),
        UndoProblem::ReasonRequired => "Skriv hvorfor trinnet fortrydes.".into(),
        UndoProblem::ReasonTooLong { max } => format!("Højst {max} tegn."),
    }
}

fn field_word(f: EditField) -> &'static str {
    match f {
        EditField::Kind => "hvem",
        EditField::Channel => "kanal",
        EditField::Date => "dato",
        EditField::Time => "klokken",
        EditField::Substances => "rusmidler",
        EditField::Children => "børn",
        EditField::ParentalConsent => "forældresamtykke",
        EditField::ConsentOn => "samtykkedato",
        EditField::Note => "note",
    }
}

/// The fields an `edited` event names, in words: "rusmidler, note".
pub fn edited_fields(ids: &str) -> String {
    let words: Vec<&str> = ids
        .split(',')
        .filter(|s| !s.is_empty())
        .map(|id| EditField::from_id(id).map(field_word).unwrap_or(id))
        .collect();
    words.join(", ")
}

/// A correction event's line in the case's history (after its date), or
/// `None` for a step or the registration, which `text::intake` words.
/// `steps` finds the step an undo names.
pub fn event_line(e: &CaseEvent, events: &[CaseEvent]) -> Option<String> {
    Some(match e.kind.as_str() {
        EVENT_EDITED => format!("Sagen rettet: {}", edited_fields(e.reason.as_deref().unwrap_or(""))),
        EVENT_CONSENT_GIVEN => "Forældresamtykke givet".into(),
        EVENT_REASSIGNED => format!("Overdraget til {}", e.counsellor.as_deref().unwrap_or("?")),
        EVENT_UNDONE => {
            let undone = events.iter().find(|u| Some(u.id) == e.undoes);
            let what = undone.map_or_else(
                || "et trin".to_string(),
                |u| format!("{} {}", super::intake::event_kind(&u.kind), format_date_dk(u.on)),
            );
            format!("FORTRUDT: {what}: {}", e.reason.as_deref().unwrap_or(""))
        }
        _ => return None,
    })
}

/// The mark after a step that a later event undid.
pub const UNDONE_MARK: &str = " [fortrudt]";

pub fn edited(case_id: i64, clock_moved: bool) -> String {
    let mut s = format!("Sag {case_id} rettet.");
    if clock_moved {
        s.push_str(" Henvendelsens dato er flyttet: behandlingsgarantiens frist flytter med.");
    }
    s
}

pub fn reassigned(case_id: i64, to: &str) -> String {
    format!("Sag {case_id} er overdraget til {}.", super::cli::printable(to))
}

pub fn undone(case_id: i64, kind: StepKind) -> String {
    format!("Sag {case_id}: {} fortrudt; trinnet og rettelsen står begge i forløbet.", super::intake::step_title(kind))
}

/// The step the undo form takes back, as its one line.
pub fn step_to_undo(kind: StepKind, on: chrono::NaiveDate) -> String {
    format!("{} {}", super::intake::step_title(kind), format_date_dk(on))
}
