//! The Underretninger pane's words. The law is named as it stands since 1
//! January 2024 (Barnets Lov), with the old Serviceloven paragraph beside it,
//! because the centres' own standards still cite the old numbers.

/// The pane's name on its tab.
pub const PANE: &str = "Underretninger";

use super::markers::Marker;
use crate::domain::dates::format_date_dk;
use crate::domain::intake::ChildrenAnswer;
use crate::domain::notification::{
    BoardFlag, Child, ChildProblem, ChildRelation, DraftProblem, Duty, Ground, InformHow, InputProblem, Paragraph,
    SendHow, State, TransitionKind, TransitionProblem,
};

/// "§133 (tidl. SEL §153)".
pub fn paragraphs((now, was): (Paragraph, Paragraph)) -> String {
    format!("§{} (tidl. SEL §{})", now.number, was.number)
}

/// The duty with its current paragraph and the old one.
pub fn duty(d: Duty) -> &'static str {
    match d {
        Duty::Professional => "Barnets Lov §133 (tidl. SEL §153): fagpersoners skærpede pligt",
        Duty::Everyone => "Barnets Lov §135 (tidl. SEL §154): alles pligt",
    }
}

/// The duty as a choice in the draft form: one line.
pub fn duty_option(d: Duty) -> &'static str {
    match d {
        Duty::Professional => "§133 (tidl. SEL §153): fagpersoner",
        Duty::Everyone => "§135 (tidl. SEL §154): alle",
    }
}

/// A ground as an option in the draft form: short enough for one line.
pub fn ground_option(g: Ground) -> &'static str {
    match g {
        Ground::SpecialSupport => "Særlig støtte (§133)",
        Ground::SupportAfterBirth => "Støtte efter fødslen (§133)",
        Ground::SchoolAbsence => "Ulovligt skolefravær (§133)",
        Ground::Abuse => "Overgreb (§133)",
        Ground::Pregnancy => "Graviditet",
        Ground::Endangered => "Barnet i fare (§135)",
    }
}

/// Short: for the list and the view's title.
pub fn duty_short(d: Duty) -> String {
    paragraphs(d.paragraphs())
}

pub fn ground(g: Ground) -> &'static str {
    match g {
        Ground::SpecialSupport => "§133: barnet kan have behov for særlig støtte",
        Ground::SupportAfterBirth => "§133: det ventede barn kan få behov for støtte lige efter fødslen",
        Ground::SchoolAbsence => "§133: ulovligt skolefravær",
        Ground::Abuse => "§133: barnet har været udsat for overgreb",
        Ground::Pregnancy => "Graviditet hos borgeren eller partneren",
        Ground::Endangered => "§135: vanrøgt, nedværdigende behandling eller fare for sundhed/udvikling",
    }
}

pub fn relation(r: ChildRelation) -> &'static str {
    match r {
        ChildRelation::LivesAtHome => "Bor hjemme",
        ChildRelation::SharedCustody => "Delebarn",
        ChildRelation::ContactChild => "Samværsbarn",
        ChildRelation::PlacedOutsideHome => "Anbragt uden for hjemmet",
        ChildRelation::ExpectedByCitizen => "Ventet: borgeren er gravid",
        ChildRelation::ExpectedByPartner => "Ventet: partneren er gravid",
    }
}

/// "f. 2015, bor hjemme" or "ventet 2026, borgeren er gravid".
pub fn child_label(c: &Child) -> String {
    let mut s = if c.name.is_empty() { String::new() } else { format!("{}, ", c.name) };
    s += &match c.relation {
        ChildRelation::ExpectedByCitizen => format!("ventet {}, borgeren er gravid", c.birth_year),
        ChildRelation::ExpectedByPartner => format!("ventet {}, partneren er gravid", c.birth_year),
        r => format!("f. {}, {}", c.birth_year, relation(r).to_lowercase()),
    };
    if let Some(e) = &c.ended {
        s.push_str(&format!(" {}", ended_mark(e.on)));
    }
    s
}

pub fn inform_how(h: InformHow) -> &'static str {
    match h {
        InformHow::InPerson => "Personligt",
        InformHow::Phone => "Telefon",
        InformHow::Letter => "Brev",
        InformHow::DigitalPost => "Digital Post",
    }
}

pub fn send_how(h: SendHow) -> &'static str {
    match h {
        SendHow::OnlineForm => "Kommunens digitale formular",
        SendHow::SecureEmail => "Sikker mail",
        SendHow::Letter => "Brev",
        SendHow::Phone => "Telefon (akut)",
    }
}

/// The state as the list and the view say it.
pub fn state(s: State) -> &'static str {
    match s {
        State::Drafted => "Kladde",
        State::Informed => "Borger orienteret",
        State::Sent => "Venter kvittering",
        State::ReceiptConfirmed => "Kvitteret",
        State::Discarded => "Kasseret",
    }
}

// The list's deadlines: a draft and a consideration by the profile's
// notification settings, a receipt by the law.
const DEADLINE_RULE: &str = "regel 5, 7.4, notification";

/// Every marker of the Underretninger list: the deadline of what the line
/// waits for (a draft, a receipt, the children question, a consideration),
/// the citizen not told, a correction and its original, an ended child.
pub const NOTE_MARKERS: [Marker; 6] = [
    Marker { text: "OVERSKREDET", meaning: "Linjens frist er passeret", rule: DEADLINE_RULE },
    Marker { text: "FRIST I DAG", meaning: "Linjens frist er i dag", rule: DEADLINE_RULE },
    Marker { text: "EJ ORIENTERET", meaning: "Borgeren er ikke orienteret af hensyn til barnet", rule: "regel 5" },
    Marker { text: "RETTELSE", meaning: "Denne underretning retter en sendt", rule: "regel 7.4" },
    Marker { text: "RETTET", meaning: "En senere underretning retter denne", rule: "regel 7.4" },
    Marker { text: "[AFSLUTTET dato]", meaning: "Barnet er ikke længere berørt fra datoen", rule: "regel 5" },
];

/// The text marker of a line: state is never shown by colour alone.
pub fn board_flag(f: BoardFlag) -> &'static str {
    match f {
        BoardFlag::Overdue => NOTE_MARKERS[0].text,
        BoardFlag::DueToday => NOTE_MARKERS[1].text,
        BoardFlag::NotTold => NOTE_MARKERS[2].text,
        BoardFlag::Correction => NOTE_MARKERS[3].text,
        BoardFlag::Corrected => NOTE_MARKERS[4].text,
    }
}

/// An ended child's mark, as the legend shows it with the day put in.
fn ended_mark(on: chrono::NaiveDate) -> String {
    NOTE_MARKERS[5].text.replace("dato", &format_date_dk(on))
}

pub const WHAT_CHILDREN_QUESTION: &str = "Spørg om børn";
pub const WHAT_CONSIDERATION: &str = "Overvej børnene";

pub fn transition_title(k: TransitionKind) -> &'static str {
    match k {
        TransitionKind::Inform => "Borgeren orienteret",
        TransitionKind::Send => "Sendt til kommunen",
        TransitionKind::Receipt => "Kvittering modtaget",
        TransitionKind::LaterInfo => "Orientering fra kommunen",
        TransitionKind::Discard => "Kassér kladden",
    }
}

pub fn transition_date_label(k: TransitionKind) -> &'static str {
    match k {
        TransitionKind::Inform => "Orienteret den",
        TransitionKind::Send => "Sendt den",
        TransitionKind::Receipt => "Kvittering den",
        TransitionKind::LaterInfo => "Modtaget den",
        TransitionKind::Discard => "Dato",
    }
}

pub fn transition_saved(k: TransitionKind, id: i64) -> String {
    format!("{} · underretning {id}: gemt.", transition_title(k))
}

fn input_problem(p: &InputProblem) -> String {
    match p {
        InputProblem::Required => "Skal udfyldes.".into(),
        InputProblem::TooLong { max } => format!("Højst {max} tegn."),
        InputProblem::ControlCharacters => "Må ikke indeholde styretegn.".into(),
        InputProblem::Date(e) => format!("{e}"),
        InputProblem::InFuture => "Datoen kan ikke ligge efter i dag.".into(),
    }
}

fn state_done(s: State) -> &'static str {
    match s {
        State::Drafted => "kladden",
        State::Informed => "orienteringen af borgeren",
        State::Sent => "afsendelsen",
        State::ReceiptConfirmed => "kvitteringen",
        State::Discarded => "kasseringen",
    }
}

pub fn draft_problem(p: &DraftProblem, children: &[Child]) -> String {
    let child =
        |id: &i64| children.iter().find(|c| c.id == *id).map(child_label).unwrap_or_else(|| format!("barn {id}"));
    match p {
        DraftProblem::Input(p) => input_problem(p),
        DraftProblem::BeforeContact { contact } => {
            format!("Datoen ligger før første henvendelse ({}).", format_date_dk(*contact))
        }
        DraftProblem::NoGround => "Vælg mindst én grund.".into(),
        DraftProblem::GroundNotUnderDuty { ground, duty: d } => {
            format!("'{}' hører ikke under {}.", ground_short(*ground), duty_short(*d))
        }
        DraftProblem::NoChild => "Vælg mindst ét barn.".into(),
        DraftProblem::UnknownChild { id } => format!("Barn {id} hører ikke til sagen."),
        DraftProblem::ChildNotCurrent { id } => {
            format!("{} er afsluttet eller fyldt 18.", child(id))
        }
        DraftProblem::NoExpectedChild => "En graviditet som grund kræver, at det ventede barn er valgt.".into(),
        DraftProblem::AlreadySent => SENT_IS_FROZEN.into(),
        DraftProblem::Discarded => "Kladden er kasseret.".into(),
        DraftProblem::CannotCorrect { id } => format!("Underretning {id} er ikke sendt; ret kladden i stedet."),
        DraftProblem::BeforeCorrected { sent } => {
            format!("En rettelse kan ikke ligge før den rettede blev sendt ({}).", format_date_dk(*sent))
        }
    }
}

fn ground_short(g: Ground) -> &'static str {
    match g {
        Ground::SpecialSupport => "særlig støtte",
        Ground::SupportAfterBirth => "støtte efter fødslen",
        Ground::SchoolAbsence => "skolefravær",
        Ground::Abuse => "overgreb",
        Ground::Pregnancy => "graviditet",
        Ground::Endangered => "fare for barnet",
    }
}

pub fn transition_problem(p: &TransitionProblem) -> String {
    match p {
        TransitionProblem::Input(p) => input_problem(p),
        TransitionProblem::Before { state, on } => {
            format!("Datoen ligger før {} ({}).", state_done(*state), format_date_dk(*on))
        }
        TransitionProblem::AlreadyDone { on } => format!("Allerede registreret den {}.", format_date_dk(*on)),
        TransitionProblem::NotInformed => {
            "Borgeren skal orienteres først (i), eller begrundelsen for ikke at orientere registreres.".into()
        }
        TransitionProblem::NotSent => "Underretningen er ikke sendt endnu.".into(),
        TransitionProblem::AlreadySent => SENT_IS_FROZEN.into(),
        TransitionProblem::Discarded => "Kladden er kasseret.".into(),
    }
}

pub fn child_problem(p: &ChildProblem) -> String {
    match p {
        ChildProblem::Input(p) => input_problem(p),
        ChildProblem::NotAYear => "Skriv fødselsåret med fire cifre, fx 2015.".into(),
        ChildProblem::Adult { year } => format!("Født {year}: barnet er 18 år eller mere."),
        ChildProblem::BornInFuture { year } => format!("Et født barn kan ikke være født {year}."),
        ChildProblem::ExpectedOutOfRange { from, to } => format!("Et ventet barn fødes {from} eller {to}."),
        ChildProblem::CaseClosed => "Sagen er afsluttet.".into(),
        ChildProblem::Ended { on } => format!("Barnet er afsluttet den {}; det ændres ikke.", format_date_dk(*on)),
        ChildProblem::Unchanged => "Intet er ændret.".into(),
        ChildProblem::BeforeNoted { noted } => format!("Datoen ligger før {}.", format_date_dk(*noted)),
        ChildProblem::CannotUnask => "Spørgsmålet er stillet; det kan ikke blive 'ikke spurgt' igen.".into(),
        ChildProblem::ChildrenRecorded { count } => {
            format!("Sagen har {count} registrerede børn under 18; afslut dem først.")
        }
    }
}

pub fn draft_saved(id: i64) -> String {
    format!("Underretning {id} er gemt som kladde. Orientér borgeren (i), og send den (s).")
}

pub fn draft_edited(id: i64) -> String {
    format!("Kladden til underretning {id} er rettet.")
}

pub fn child_saved(c: &Child) -> String {
    format!("Barnet er gemt: {}.", child_label(c))
}

pub fn child_ended(c: &Child) -> String {
    format!("Barnet er afsluttet: {}.", child_label(c))
}

pub fn consideration_saved(case_id: i64) -> String {
    format!("Overvejelsen af børnene på sag {case_id} er gemt.")
}

pub fn answer_saved(case_id: i64, answer: ChildrenAnswer) -> String {
    format!("Sag {case_id}: {}.", super::intake::children(answer))
}

pub fn no_such_case(id: i64) -> String {
    format!("Sag {id} findes ikke.")
}

pub const NOTES_TITLE: &str = "Underretninger";
pub const NOTES_EMPTY: &str = "Intet venter: ingen kladder, kvitteringer, børnespørgsmål eller overvejelser.";
pub const NOTES_LOAD_FAILED: &str = "Underretningerne kunne ikke hentes:";
pub const NOTES_OPEN_FAILED: &str = "Kunne ikke åbnes:";
pub const SHOWING_FINISHED: &str = "Viser også afsluttede underretninger.";
pub const SHOWING_PENDING: &str = "Viser kun det, der venter.";
pub const SENT_IS_FROZEN: &str = "En sendt underretning ændres aldrig; lav en rettelse (r).";
pub const ONLY_SENT_CORRECTED: &str = "Kun en sendt underretning rettes med en ny; ret kladden (e).";
pub const RECORD_CHILD_FIRST: &str = "Registrér først barnet (b), som underretningen handler om.";
pub const SELECT_CHILD_FIRST: &str = "Vælg et barn først.";
pub const NOT_A_CASE_NUMBER: &str = "Skriv et sagsnummer, fx 12.";
/// What the law line under the list says.
pub const LAW_LINE: &str = "Barnets Lov §133 (tidl. SEL §153) · kommunen kvitterer inden 6 hverdage (§136)";

pub const COL_WHAT: &str = "Hvad";
pub const COL_DUE: &str = "Frist";

pub const FIND_CASE_TITLE: &str = "Åbn en sag";
pub const NEW_NOTIFICATION_TITLE: &str = "Ny underretning";
pub const EDIT_DRAFT_TITLE: &str = "Ret kladden til underretning";
pub const CORRECTION_TITLE: &str = "Rettelse til underretning";
pub const ADD_CHILD_TITLE: &str = "Nyt barn";
pub const CHANGE_CHILD_TITLE: &str = "Ret barn";
pub const END_CHILD_TITLE: &str = "Afslut barn";
pub const CONSIDERATION_TITLE: &str = "Overvejelse af børnene";
pub const ANSWER_TITLE: &str = "Spørgsmålet om børn under 18";
pub const FAMILY_TITLE: &str = "Børn";
pub const NOTIFICATION_TITLE: &str = "Underretning";

pub const F_CASE_NUMBER: &str = "Sagsnummer";
pub const F_DUTY: &str = "Pligt";
pub const F_GROUNDS: &str = "Grunde";
pub const F_CHILDREN_CONCERNED: &str = "Berørte børn";
pub const F_RECEIVING_MUNICIPALITY: &str = "Modtagende kommune";
pub const F_DESCRIPTION: &str = "Beskrivelse";
pub const F_DRAFT_DATE: &str = "Kladde den";
pub const F_TOLD: &str = "Borgeren orienteret";
pub const TOLD_YES: &str = "Ja, før afsendelsen";
pub const TOLD_NO: &str = "Nej: det ville bringe barnet i fare";
pub const F_HOW: &str = "Hvordan";
pub const F_HOW_SENT: &str = "Sendt via";
pub const F_NOT_TOLD_REASON: &str = "Begrundelse";
pub const F_LATER_TEXT: &str = "Hvad kommunen gør";
pub const F_RELATION: &str = "Forhold";
pub const F_BIRTH_YEAR: &str = "Fødselsår";
pub const F_CONSIDERATION_NOTE: &str = "Vurdering";

pub const HINT_CASE_NUMBER: &str = "fx 12";
pub const HINT_NOT_TOLD: &str = "hvorfor orientering ville bringe barnet i fare";
pub const HINT_LATER: &str = "Barnets Lov §137 (tidl. SEL §155 b)";
pub const HINT_BIRTH_YEAR: &str = "åååå; ventet barn: forventet fødselsår";
pub const F_CHILD_NAME: &str = "Fornavn eller initialer";
pub const HINT_CHILD_NAME: &str = "valgfrit; skiller to børn født samme år ad";
pub const HINT_END_CHILD: &str = "fx flyttet, graviditet afbrudt, fejlregistreret";
pub const HINT_CONSIDERATION: &str = "kort: hvad blev vurderet, og hvad blev resultatet";

// The board.
pub const COL_NR: &str = "Nr";
pub const TAG_ONLY_MINE: &str = "[kun mine] ";
pub const TAG_WITH_FINISHED: &str = "[med afsluttede] ";
pub const WHAT_NOT_TOLD: &str = "Ej orienteret";
pub const WHAT_TOLD: &str = "Orienteret";
pub const WHAT_AWAITING_RECEIPT: &str = "Venter kvitt.";

/// The summary line's counts, before the overdue count.
pub fn board_counts(drafts: usize, waiting: usize, children: usize) -> String {
    format!("{drafts} ikke sendt · {waiting} venter kvittering · {children} om børn")
}

pub fn overdue_count(n: usize) -> String {
    format!("{n} overskredet")
}

// The views over the board.
/// Saved, but the screen could not show it afterwards.
pub fn saved_not_shown(saved: Option<&str>, error: impl std::fmt::Display) -> String {
    match saved {
        Some(saved) => format!("{saved} Visningen kunne ikke opdateres: {error}"),
        None => format!("{NOTES_OPEN_FAILED} {error}"),
    }
}

/// How far a deadline is: "OVERSKREDET 3 dage", "FRIST I DAG", "om 7 dage".
pub fn days_left(days: i64) -> String {
    match days {
        d if d < 0 => format!("OVERSKREDET {}", super::days(-d)),
        0 => "FRIST I DAG".to_string(),
        d => format!("om {}", super::days(d)),
    }
}

// One notification open.
pub fn grounds_line(grounds: &[&str]) -> String {
    format!("Grunde: {}", grounds.join("; "))
}

pub fn children_line(children: &[String]) -> String {
    format!("Børn: {}", children.join("; "))
}

/// A child the notification names that is not among the case's children.
pub fn unknown_child(id: i64) -> String {
    format!("barn {id}")
}

pub fn recipient_line(municipality: &str, counsellor: &str) -> String {
    format!("Modtager: {municipality} · rådgiver {counsellor}")
}

pub fn description_line(description: &str) -> String {
    format!("Beskrivelse: {description}")
}

pub fn correction_of(id: i64) -> String {
    format!("RETTELSE til underretning {id}")
}

pub fn corrected_by(ids: &[String]) -> String {
    format!("RETTET ved underretning {}", ids.join(", "))
}

pub const STEP_DRAFTED: &str = "Kladde";
pub const STEP_RECEIPT: &str = "Kvittering modtaget";

pub fn step_told(how: InformHow) -> String {
    format!("Borgeren orienteret: {}", inform_how(how).to_lowercase())
}

pub fn step_not_told(reason: &str) -> String {
    format!("IKKE ORIENTERET af hensyn til barnet: {reason}")
}

pub fn step_sent(how: SendHow) -> String {
    format!("Sendt: {}", send_how(how).to_lowercase())
}

pub fn step_later_info(text: &str) -> String {
    format!("Orientering, {}: {text}", paragraphs(Paragraph::LATER_INFORMATION))
}

pub fn step_discarded(reason: &str) -> String {
    format!("Kasseret: {reason}")
}

/// What a sent notification waits for.
pub fn receipt_due_line(due: chrono::NaiveDate, working_days: u32, days: i64) -> String {
    format!(
        "Kvittering senest {} ({working_days} hverdage, {}): {}",
        format_date_dk(due),
        paragraphs(Paragraph::HANDLING),
        days_left(days)
    )
}

/// What a draft waits for: to be sent by its deadline, after the citizen
/// is told.
pub fn send_by_line(due: chrono::NaiveDate, days: i64, informed: bool) -> String {
    let next = if informed { "send den (s)" } else { "orientér borgeren (i)" };
    format!("Sendes senest {}: {}; næste: {next}", format_date_dk(due), days_left(days))
}

// A case's children open.
pub fn children_question_line(answer: ChildrenAnswer) -> String {
    format!("Spørgsmålet om børn: {}", super::intake::children(answer))
}

pub const MARK_NOT_ASKED_DUE: &str = " [IKKE SPURGT: s svarer]";
pub const MARK_NOT_ASKED: &str = " [s svarer]";

/// The latest consideration: its day and who made it, or none.
pub fn last_consideration(last: Option<(chrono::NaiveDate, &str)>) -> String {
    match last {
        Some((on, by)) => format!("Seneste overvejelse: {} ({by})", format_date_dk(on)),
        None => "Seneste overvejelse: ingen registreret".to_string(),
    }
}

/// A notification drafted after the latest consideration counts as one.
pub fn notification_counts(on: chrono::NaiveDate) -> String {
    format!(" · underretning {} tæller", format_date_dk(on))
}

pub fn next_consideration(due: chrono::NaiveDate, days: i64) -> String {
    format!(" · næste senest {}: {}", format_date_dk(due), days_left(days))
}

pub const COL_CHILD: &str = "Børn";
pub const COL_NOTED: &str = "Noteret";
pub const COL_BY: &str = "Af";
pub const COL_CHILD_NOTE: &str = "Bemærkning";
/// A child not ended who may have turned 18: no longer counted.
pub const CHILD_ADULT: &str = "FYLDT 18";
pub const CHILDREN_EMPTY: &str = "Ingen registreret. b tilføjer et barn eller en graviditet.";
pub const SECTION_NOTIFICATIONS: &str = "Underretninger";
pub const NOTIFICATIONS_EMPTY: &str = "  Ingen. n laver en ny.";
pub const SECTION_CONSIDERATIONS: &str = "Overvejelser";
pub const CONSIDERATIONS_EMPTY: &str = "  Ingen. v registrerer en.";

/// A deadline after a notification in a case's list.
pub fn deadline_suffix(due: chrono::NaiveDate) -> String {
    format!(" · frist {}", format_date_dk(due))
}

/// The board's name in the audit trail when finished ones are shown too.
pub const LIST_WITH_FINISHED: &str = "med afsluttede";

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    /// Every marker the Underretninger screens can draw is a line of the
    /// table the legend lists.
    #[test]
    fn every_notification_marker_is_in_its_legend_table() {
        let flags =
            [BoardFlag::Overdue, BoardFlag::DueToday, BoardFlag::NotTold, BoardFlag::Correction, BoardFlag::Corrected];
        for (f, m) in flags.into_iter().zip(&NOTE_MARKERS) {
            assert_eq!(board_flag(f), m.text, "{f:?}");
        }
        let on = NaiveDate::from_ymd_opt(2026, 2, 15).unwrap();
        assert_eq!(ended_mark(on), "[AFSLUTTET 15.02.2026]");
        assert_eq!(ended_mark(on).replace("15.02.2026", "dato"), NOTE_MARKERS[5].text);
    }
}
