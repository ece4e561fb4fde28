//! The words of complaints about decisions (klager): the Klager list in
//! Planer, its forms, the rules' refusals and the report's rows.

use super::markers::Marker;
use crate::domain::complaint::{
    AppealResult, Complaint, ComplaintHow, ComplaintProblem, HEALTH_CARE_YEARS, Reassessment, State, StepKind,
    StepProblem, Urgency,
};
use crate::domain::dates::format_date_dk;
use crate::store::StoreError;

/// The list's name in the frame and in the audit trail's `list` rows.
pub const LIST: &str = "Klager";
pub const TITLE: &str = "Klager over afgørelser";
pub const EMPTY: &str = "Ingen åbne klager.";

pub const COL_RECEIVED: &str = "Modtaget";
pub const COL_FORWARD_BY: &str = "Videresend";
pub const COL_STATE: &str = "Status og markering";

pub const F_ABOUT: &str = "Klagen gælder";
pub const ABOUT_DECISION: &str = "En afgørelse fra centret";
pub const ABOUT_HEALTH_CARE: &str = "Lægens eller sygeplejerskens behandling";
pub const F_DECISION: &str = "Afgørelsen (hvad)";
pub const F_DECIDED_ON: &str = "Afgørelsens dato";
pub const F_TOLD_ON: &str = "Borgeren fik den at vide";
pub const F_RECEIVED_ON: &str = "Klagen modtaget";
pub const F_HOW: &str = "Klagen er";
pub const F_HELPER: &str = "Hvem hjælper borgeren";
pub const F_DATE: &str = "Dato";
pub const F_REASSESSMENT: &str = "Genvurdering";
pub const F_RESULT: &str = "Ankestyrelsens afgørelse";
pub const F_LATE_REASON: &str = "Grund til at videresende trods fristen";
pub const CHOOSE: &str = "(vælg)";

pub const NO_COMPLAINT_SELECTED: &str = "Vælg en klage først.";

pub fn how(h: ComplaintHow) -> &'static str {
    match h {
        ComplaintHow::Written => "Skriftlig",
        ComplaintHow::Oral => "Mundtlig",
    }
}

pub fn reassessment(r: Reassessment) -> &'static str {
    match r {
        Reassessment::Changed => "Ændret til borgerens fordel",
        Reassessment::Upheld => "Fastholdt",
    }
}

pub fn result(r: AppealResult) -> &'static str {
    match r {
        AppealResult::Upheld => "Stadfæstet",
        AppealResult::Changed => "Ændret",
        AppealResult::Returned => "Hjemvist",
        AppealResult::Dismissed => "Afvist",
    }
}

pub fn state(s: State) -> &'static str {
    match s {
        State::Received => "Afventer genvurdering",
        State::Upheld => "Fastholdt, ikke videresendt",
        State::Forwarded => "Hos Ankestyrelsen",
        State::ChangedByCentre => "Ændret af centret",
        State::Decided => "Afgjort af Ankestyrelsen",
    }
}

fn step_name(k: StepKind) -> &'static str {
    match k {
        StepKind::Reassess => "Genvurderingen",
        StepKind::Forward => "Videresendelsen",
        StepKind::Result => "Ankestyrelsens afgørelse",
    }
}

/// The form's title for a step.
pub fn step_title(k: StepKind, c: &Complaint) -> String {
    let what = match k {
        StepKind::Reassess => "Genvurdering",
        StepKind::Forward => "Videresend til Ankestyrelsen",
        StepKind::Result => "Ankestyrelsens afgørelse",
    };
    format!("{what} · klage {} · sag {}", c.id, c.case_id)
}

pub fn register_title(case_id: i64, name: &str) -> String {
    format!("Ny klage over en afgørelse · sag {case_id} · {name}")
}

/// The register form's banner: the rule, so the counsellor can tell the citizen.
pub fn register_banner(weeks: u32) -> String {
    format!(
        "Klagefrist {weeks} uger fra borgeren fik afgørelsen at vide; centret genvurderer og videresender en \
         fastholdt afgørelse til Ankestyrelsen senest 4 uger efter modtagelsen. Hjælp borgeren med at formulere \
         klagen."
    )
}

/// The forwarding form's banner on a late complaint.
pub fn late_banner(c: &Complaint, weeks: u32) -> String {
    format!(
        "Klagen kom for sent (fristen var {}): den kan videresendes, når der er god grund. Skriv grunden.",
        format_date_dk(c.deadline(weeks))
    )
}

pub fn step_problem(p: &StepProblem) -> String {
    match p {
        StepProblem::NotNow { kind, state: s } => {
            format!("{} passer ikke nu: klagen står som «{}».", step_name(*kind), state(*s).to_lowercase())
        }
        StepProblem::Before { earlier } => {
            format!("Datoen ligger før det forrige trin ({}).", format_date_dk(*earlier))
        }
        StepProblem::LateReasonMissing { deadline } => format!(
            "Klagen kom efter klagefristen ({}): skriv grunden til at videresende den alligevel.",
            format_date_dk(*deadline)
        ),
    }
}

pub fn problem(p: &ComplaintProblem) -> String {
    match p {
        ComplaintProblem::Required => "Skal udfyldes.".into(),
        ComplaintProblem::TooLong { max } => format!("Højst {max} tegn."),
        ComplaintProblem::ControlCharacters => "Må ikke indeholde styretegn.".into(),
        ComplaintProblem::Date(e) => format!("{e}"),
        ComplaintProblem::InFuture => "Datoen kan ikke ligge efter i dag.".into(),
        ComplaintProblem::ToldBeforeDecision { decided_on } => {
            format!("Borgeren kan ikke have fået den at vide før afgørelsen ({}).", format_date_dk(*decided_on))
        }
        ComplaintProblem::ReceivedBeforeTold { told_on } => {
            format!(
                "Klagen kan ikke være modtaget, før borgeren fik afgørelsen at vide ({}).",
                format_date_dk(*told_on)
            )
        }
        ComplaintProblem::Anonymous => "Afgørelser om anonym behandling (Serviceloven §101a) kan ikke påklages: \
                                        klagen registreres ikke."
            .into(),
        ComplaintProblem::HealthCare => {
            let (within, latest) = HEALTH_CARE_YEARS;
            format!(
                "Klager over sundhedsfaglig behandling (læge, sygeplejerske) sendes af borgeren til Styrelsen for \
                 Patientklager senest {within} år efter, borgeren fik kendskab til forholdet, og senest {latest} år \
                 efter det skete. Centret vejleder; klagen registreres ikke her."
            )
        }
        ComplaintProblem::NotChosen => "Vælg en mulighed.".into(),
        ComplaintProblem::Step(p) => step_problem(p),
    }
}

/// Where a complaint stands, short, for the list.
pub fn state_short(s: State) -> &'static str {
    match s {
        State::Received => "genvurderes",
        State::Upheld => "fastholdt",
        State::Forwarded => "hos Ankestyrelsen",
        State::ChangedByCentre => "ændret",
        State::Decided => "afgjort",
    }
}

const FORWARD_RULE: &str = "regel 7.7, complaint.deadline_weeks";

/// Every marker of the Klager list: the forwarding deadline passed or
/// near, a complaint received after the complaint deadline.
pub const COMPLAINT_MARKERS: [Marker; 3] = [
    Marker { text: "OVERSKREDET", meaning: "Fristen for at videresende er passeret", rule: FORWARD_RULE },
    Marker { text: "SNART", meaning: "Under en uge til fristen for videresendelse", rule: FORWARD_RULE },
    Marker { text: "FOR SENT", meaning: "Klagen kom efter klagefristen: notér grunden", rule: FORWARD_RULE },
];

/// The list's markers for a complaint, then where it stands: the
/// forwarding deadline passed or near in words (never by colour alone), a
/// complaint received after the complaint deadline.
pub fn markers(c: &Complaint, urgency: Urgency, weeks: u32) -> String {
    let mut m = Vec::new();
    match urgency {
        Urgency::Overdue => m.push(COMPLAINT_MARKERS[0].text),
        Urgency::Soon => m.push(COMPLAINT_MARKERS[1].text),
        Urgency::Later | Urgency::NotDue => {}
    }
    if c.is_late(weeks) {
        m.push(COMPLAINT_MARKERS[2].text);
    }
    m.push(state_short(c.state()));
    m.join(", ")
}

pub fn registered(c: &Complaint) -> String {
    format!("Klage {} registreret på sag {}.", c.id, c.case_id)
}

pub fn step_saved(k: StepKind, c: &Complaint) -> String {
    let what = match k {
        StepKind::Reassess => match c.reassessed.as_ref().map(|r| r.outcome) {
            Some(Reassessment::Changed) => "genvurderet: afgørelsen er ændret, og klagen er afsluttet".to_string(),
            _ => "genvurderet: afgørelsen er fastholdt; videresend den til Ankestyrelsen".to_string(),
        },
        StepKind::Forward => "videresendt til Ankestyrelsen".to_string(),
        StepKind::Result => "afgjort af Ankestyrelsen".to_string(),
    };
    format!("Klage {} {what}.", c.id)
}

pub fn load_failed(e: &StoreError) -> String {
    format!("Klagerne kunne ikke læses: {e}")
}

/// A step that does not follow where the complaint stands, said before
/// the form opens.
pub fn no_step(k: StepKind, c: &Complaint) -> String {
    format!("{} passer ikke nu: klage {} står som «{}».", step_name(k), c.id, state(c.state()).to_lowercase())
}

/// The summary line over the list.
pub fn summary(open: usize, to_forward: usize, overdue: usize) -> String {
    format!("{open} åbne klager · {to_forward} skal videresendes · {overdue} overskredet")
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::complaint::{Decision, Stamp};

    /// The list's markers for a late complaint whose forwarding deadline
    /// passed or nears are the lines of the table the legend lists.
    #[test]
    fn every_complaint_marker_is_in_its_legend_table() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let c = Complaint {
            id: 1,
            case_id: 7,
            decision: Decision { what: "Afslag".into(), decided_on: d("2026-01-02"), told_on: d("2026-01-02") },
            received_on: d("2026-03-02"),
            how: ComplaintHow::Written,
            helper: String::new(),
            registered: Stamp { by: "anna".into(), at: "2026-03-02T09:00:00Z".into() },
            reassessed: None,
            forwarded: None,
            result: None,
        };
        let overdue = markers(&c, Urgency::Overdue, 4);
        let soon = markers(&c, Urgency::Soon, 4);
        let words = |s: &str| s.split(", ").map(str::to_string).collect::<Vec<_>>();
        assert_eq!(words(&overdue)[..2], [COMPLAINT_MARKERS[0].text, COMPLAINT_MARKERS[2].text]);
        assert_eq!(words(&soon)[..2], [COMPLAINT_MARKERS[1].text, COMPLAINT_MARKERS[2].text]);
    }
}
