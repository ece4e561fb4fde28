//! The words of the find over every case and of a case's whole life.

use crate::domain::dates::format_date_dk;
use crate::store::FIND_LIMIT;

pub const TITLE: &str = "Find sag";
pub const PROMPT: &str = "Søg: ";
pub const HOW: &str = "Sagsnummer, navn eller pseudonym (en del af det), CPR-nummer eller fødselsdato (DDMMÅÅ). Alle sager, også afsluttede.";
pub const CPR_ONLY_OPENABLE: &str = "Et CPR-nummer finder kun de sager, du må åbne.";
pub const TYPE_MORE: &str = "Skriv mindst to bogstaver, et sagsnummer eller et CPR-nummer.";
pub const NOTHING_FOUND: &str = "Ingen sager fundet.";
/// In the CPR column of a row the user may see but not open.
pub const NOT_OPENABLE: &str = "må ikke åbnes";
pub const SEARCH_FAILED: &str = "Søgningen kunne ikke gennemføres:";

pub const COL_CASE: &str = "Sag";
pub const COL_NAME: &str = "Navn / pseudonym";
pub const COL_CPR: &str = "CPR";
pub const COL_STATE: &str = "Tilstand";
pub const COL_COUNSELLOR: &str = "Rådgiver";

/// The last line under a list that was cut at the limit.
pub fn more_than_shown() -> String {
    format!("Flere end {FIND_LIMIT} sager passer: skriv mere for at indsnævre.")
}

/// How many cases the search found.
pub fn found(n: usize) -> String {
    match n {
        1 => "1 sag".to_string(),
        n => format!("{n} sager"),
    }
}

// The case's whole life.
pub const LIFE_TITLE: &str = "Sagens forløb";
pub const NOT_OPENED: &str = "Sagen kunne ikke åbnes:";
pub const ENDED_COURSE: &str = "Forløb afsluttet";

/// Where a case stands, as the find's list and the life's title say it: a
/// course ended after treatment apart from a contact closed before it.
pub fn state(case: &crate::domain::intake::Case) -> &'static str {
    use crate::domain::intake::{Stage, stage};
    match stage(case) {
        Stage::Closed if case.progress.treatment_started_on.is_some() => ENDED_COURSE,
        other => super::intake::stage(other),
    }
}

pub const S_CONTACT: &str = "HENVENDELSEN";
pub const S_STEPS: &str = "TRIN OG HÆNDELSER";
pub const S_CONVERSATIONS: &str = "SAMTALER (TÆLLES)";
pub const S_PLAN: &str = "BEHANDLINGSPLAN";
pub const S_ENDING: &str = "AFSLUTNING OG OPFØLGNING";
pub const S_GROUPS: &str = "GRUPPER";
pub const S_MOVE: &str = "MOVE-FORLØB";
pub const S_STAYS: &str = "DØGNOPHOLD";
pub const S_CHILDREN: &str = "BØRN";
pub const S_NOTIFICATIONS: &str = "UNDERRETNINGER";
pub const S_COMPLAINTS: &str = "KLAGER";

pub const NONE: &str = "  ingen";
pub const NO_PLAN: &str = "  ingen plan";
pub const NOT_ENDED: &str = "  forløbet er ikke afsluttet";
pub const NO_CPR: &str = "intet CPR-nummer";
pub const ANONYMOUS: &str = "anonym (§101a), intet navn eller CPR";
pub const FOLLOW_UP_DECLINED: &str = "borgeren har frabedt sig opfølgning";

/// Where a part of the case is worked on: the key line's words.
pub const GO_INTAKE: &str = "Indtag";
pub const GO_PLANS: &str = "planen";
pub const GO_CHILDREN: &str = "børn";
pub const CANNOT_OPEN_THERE: &str = "Den del af sagen kan ikke åbnes i den rude.";

/// The line naming a plan version.
pub fn plan_line(version: i64, effective: chrono::NaiveDate, next: chrono::NaiveDate, goals: i64) -> String {
    format!(
        "  Version {version} fra {} · næste revision {} · {goals} mål",
        format_date_dk(effective),
        format_date_dk(next)
    )
}

/// A follow-up call and how it stands.
pub fn call_line(
    months: u32,
    due: chrono::NaiveDate,
    reached: Option<(chrono::NaiveDate, &str)>,
    tries: usize,
) -> String {
    let head = format!("  Opfølgning efter {months} md., frist {}", format_date_dk(due));
    match reached {
        Some((on, outcome)) => format!("{head}: nået {} ({outcome})", format_date_dk(on)),
        None if tries == 0 => format!("{head}: ikke ringet endnu"),
        None => format!("{head}: ikke nået ({tries} forsøg)"),
    }
}

/// A group membership.
pub fn membership_line(group: &str, kind: &str, joined: chrono::NaiveDate, left: Option<chrono::NaiveDate>) -> String {
    match left {
        Some(left) => {
            format!("  {group} ({kind}) · {} til {}", format_date_dk(joined), format_date_dk(left))
        }
        None => format!("  {group} ({kind}) · fra {}", format_date_dk(joined)),
    }
}

/// A MOVE course with its cards: earned, handed out and still owed.
pub fn move_line(screening: chrono::NaiveDate, ended: Option<chrono::NaiveDate>, earned: u32, handed: u32) -> String {
    let owed = earned.saturating_sub(handed);
    let when = match ended {
        Some(ended) => format!("{} til {}", format_date_dk(screening), format_date_dk(ended)),
        None => format!("fra {}", format_date_dk(screening)),
    };
    format!("  Screening {when} · kort optjent {earned}, udleveret {handed}, skyldes {owed}")
}

/// A stay: provider, status, dates and cost.
pub fn stay_line(provider: &str, status: &str, start: chrono::NaiveDate, end: chrono::NaiveDate) -> String {
    format!("  {provider} · {status} · {} til {}", format_date_dk(start), format_date_dk(end))
}

pub fn stay_cost(so_far: &str, committed: &str) -> String {
    format!("    udgift til nu {so_far} · hele opholdet {committed}")
}

pub const COST_UNKNOWN: &str = "kan ikke beregnes";

/// A child, by year and relation.
pub fn child_line(name: &str, year: i32, relation: &str, ended: Option<chrono::NaiveDate>) -> String {
    let who = if name.is_empty() { String::new() } else { format!("{name}, ") };
    match ended {
        Some(on) => format!("  {who}født {year} · {relation} · afsluttet {}", format_date_dk(on)),
        None => format!("  {who}født {year} · {relation}"),
    }
}

pub fn consideration_line(on: chrono::NaiveDate, by: &str) -> String {
    format!("  Overvejelse af børnene {} · {by}", format_date_dk(on))
}

pub fn notification_line(id: i64, duty: &str, state: &str, drafted: chrono::NaiveDate) -> String {
    format!("  Nr. {id} · {duty} · {state} · kladde {}", format_date_dk(drafted))
}

pub fn complaint_line(received: chrono::NaiveDate, about: &str, state: &str) -> String {
    format!("  {} · {about} · {state}", format_date_dk(received))
}

pub const FORM_OPEN: &str = "En formular er åben: gem eller fortryd den først.";
