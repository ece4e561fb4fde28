//! The Planer pane's words.

use super::markers::Marker;

/// A revision refused because a colleague revised the plan after the form
/// was opened: who, when and what they changed, and that the draft is kept.
pub fn revised_meanwhile(now: &crate::domain::plan::PlanVersion) -> String {
    let changes = match now.changes.trim() {
        "" => String::new(),
        changes => format!(" ({})", crate::domain::input::cut(&super::cli::printable(changes), 60)),
    };
    format!(
        "Ikke gemt: {} reviderede planen imens (version {}, {}){changes}. Din kladde er bevaret; luk den (Esc), \
         åbn planen og revidér den nye version.",
        super::cli::printable(&now.actor),
        now.version,
        format_date_dk(now.effective_on)
    )
}

/// An ending refused because a colleague ended the course after the form
/// was opened: who, on which day and why, and that the draft is kept.
pub fn ended_meanwhile(ended: &crate::domain::plan::Ending) -> String {
    format!(
        "Ikke gemt: {} afsluttede forløbet imens ({}: {}). Din kladde er bevaret; luk den (Esc).",
        super::cli::printable(&ended.actor),
        format_date_dk(ended.ended_on),
        discharge_reason(ended.reason)
    )
}

/// The pane's name on its tab.
pub const PANE: &str = "Planer";

use chrono::NaiveDate;

use crate::domain::dates::format_date_dk;
use crate::domain::plan::{
    ActionPlanDecision, BoardSort, CallFlag, CallOutcome, CallProblem, DischargeReason, EndingProblem, FollowUpCall,
    GoalArea, GoalStatus, LimitRule, NewEnding, PlanEntry, PlanFlag, PlanProblem, PlanVersion, RevisionLimit,
    ScheduledCall,
};
use crate::domain::policy::PlanPolicy;

pub fn goal_area(a: GoalArea) -> &'static str {
    match a {
        GoalArea::Main => "Hovedmål",
        GoalArea::EducationEmployment => "Delmål: udd./job",
        GoalArea::SocialNetwork => "Delmål: netværk",
        GoalArea::Other => "Andet delmål",
    }
}

pub fn goal_status(s: GoalStatus) -> &'static str {
    match s {
        GoalStatus::NotStarted => "Ikke påbegyndt",
        GoalStatus::InProgress => "I gang",
        GoalStatus::Achieved => "Nået",
        GoalStatus::Abandoned => "Opgivet",
    }
}

/// Every marker of a plan's view: the course, its versions, its goals'
/// states and its follow-up calls.
pub const PLAN_MARKERS: [Marker; 13] = [
    Marker { text: "[GENINDSKREVET]", meaning: "Ny henvendelse efter et afsluttet forløb", rule: "regel 2, regel 6" },
    Marker { text: "UDEN BORGER", meaning: "Versionen er lavet uden borgerens deltagelse", rule: "regel 2" },
    Marker { text: "[ÆLDRE VERSION]", meaning: "Ikke planens seneste version", rule: "regel 2" },
    Marker { text: "›", meaning: "Den version, der vises", rule: "regel 2" },
    Marker { text: "[IKKE PÅBEGYNDT]", meaning: "Målet er ikke påbegyndt", rule: "regel 2" },
    Marker { text: "[I GANG]", meaning: "Der arbejdes med målet", rule: "regel 2" },
    Marker { text: "[NÅET]", meaning: "Målet er nået", rule: "regel 2" },
    Marker { text: "[OPGIVET]", meaning: "Målet er opgivet", rule: "regel 2" },
    Marker { text: "[OPFØLGNING FRAVALGT AF BORGEREN]", meaning: "Ingen opfølgningssamtaler", rule: "regel 7.5" },
    Marker { text: "GENNEMFØRT", meaning: "Opfølgningssamtalen er holdt", rule: "regel 7.5" },
    Marker { text: "ÅBEN", meaning: "Opfølgningssamtalen er ikke holdt endnu", rule: "regel 7.5" },
    Marker {
        text: "OVERSKREDET",
        meaning: "Samtalens frist er passeret",
        rule: "regel 7.5, follow_up.after_end_months",
    },
    Marker { text: "I DAG", meaning: "Samtalens frist er i dag", rule: "regel 7.5, follow_up.after_end_months" },
];

/// The status as a text marker in the plan view.
pub fn goal_status_marker(s: GoalStatus) -> &'static str {
    match s {
        GoalStatus::NotStarted => PLAN_MARKERS[4].text,
        GoalStatus::InProgress => PLAN_MARKERS[5].text,
        GoalStatus::Achieved => PLAN_MARKERS[6].text,
        GoalStatus::Abandoned => PLAN_MARKERS[7].text,
    }
}

/// A follow-up call's deadline in the plan's view.
pub fn call_days(days_left: i64) -> String {
    match days_left {
        n if n < 0 => format!("{} med {} dage", PLAN_MARKERS[11].text, -n),
        0 => PLAN_MARKERS[12].text.into(),
        n => format!("om {n} dage"),
    }
}

pub fn action_plan(d: ActionPlanDecision) -> &'static str {
    match d {
        ActionPlanDecision::Undecided => "Ikke afklaret",
        ActionPlanDecision::Needed => "Behov: handleplan udarbejdes",
        ActionPlanDecision::NotNeeded => "Intet behov",
        ActionPlanDecision::Declined => "Tilbudt, borgeren sagde nej",
    }
}

/// What the profile says about the §141 decision, under the field.
pub fn action_plan_hint(p: &PlanPolicy) -> String {
    if let Some(m) = p.action_plan_decision_months {
        format!("afklares senest {m} måneder efter behandlingsstart (profil)")
    } else if p.action_plan_offered {
        "kommunen skal tilbyde en handleplan (profil)".into()
    } else if p.action_plan_when_needed {
        "handleplan udarbejdes efter behov (profil)".into()
    } else {
        "Serviceloven §141".into()
    }
}

pub fn discharge_reason(r: DischargeReason) -> &'static str {
    match r {
        DischargeReason::Completed => "Færdigbehandlet",
        DischargeReason::OtherService => "Udskrevet til andet tilbud",
        DischargeReason::Hospital => "Udskrevet til hospital",
        DischargeReason::PrisonProbation => "Udskrevet til Kriminalforsorgen",
        DischargeReason::Moved => "Fraflyttet kommunen",
        DischargeReason::NoShow => "Udeblevet",
        DischargeReason::Expelled => "Udskrevet (bortvist)",
        DischargeReason::OwnWish => "Stoppet efter eget ønske",
        DischargeReason::Died => "Død",
        DischargeReason::OtherReason => "Udskrevet med anden årsag",
    }
}

pub fn call_outcome(o: CallOutcome) -> &'static str {
    match o {
        CallOutcome::DrugFree => "Stoffri",
        CallOutcome::Reduced => "Reduceret forbrug",
        CallOutcome::Stabilised => "Stabiliseret",
        CallOutcome::Unchanged => "Uændret",
        CallOutcome::Relapsed => "Tilbagefald, ønsker genindskrivning",
        CallOutcome::NotStated => "Ikke oplyst",
    }
}

/// The outcome field before a counsellor has chosen: there is no default,
/// so one Enter cannot record a citizen as drug-free.
pub const CHOOSE_OUTCOME: &str = "– vælg udfald –";

/// "1 md." or "6 mdr.": how long after the end a call is.
pub fn months(m: u32) -> String {
    if m == 1 { "1 md.".into() } else { format!("{m} mdr.") }
}

pub fn board_sort(s: BoardSort) -> &'static str {
    match s {
        BoardSort::Urgency => "frist",
        BoardSort::Case => "sag",
        BoardSort::Name => "navn",
        BoardSort::Counsellor => "rådgiver",
        BoardSort::Start => "start",
    }
}

fn short(d: NaiveDate) -> String {
    format_date_dk(d)[..5].to_string()
}

const PLAN_RULE: &str = "regel 2, plan.plan_within_days_of_contact";
const REVISION_RULE: &str = "regel 2, plan.revision_every_months";
const FOLLOW_UP_RULE: &str = "regel 2, plan.first_follow_up_months";
const ACTION_PLAN_RULE: &str = "regel 2, plan.action_plan_decision_months";
const ENDED_RULE: &str = "regel 7.5, follow_up.triggers";

/// Every marker of the Planer board: a plan missing or late, a revision or
/// a follow-up due, a §141 decision late, and how a course stands.
pub const BOARD_MARKERS: [Marker; 10] = [
    Marker { text: "INGEN PLAN", meaning: "Sagen er i behandling uden plan", rule: PLAN_RULE },
    Marker { text: "PLAN OVERSKREDET", meaning: "Fristen for den første plan er passeret", rule: PLAN_RULE },
    Marker { text: "OVERSKREDET", meaning: "Planens revision er forsinket", rule: REVISION_RULE },
    Marker { text: "REVISION I DAG", meaning: "Planen skal revideres i dag", rule: REVISION_RULE },
    Marker { text: "1. OPFØLGN. OVERSKR.", meaning: "Første opfølgning er forsinket", rule: FOLLOW_UP_RULE },
    Marker { text: "§141 OVERSKR.", meaning: "Beslutning om §141-handleplan er forsinket", rule: ACTION_PLAN_RULE },
    Marker { text: "UDEN BORGER", meaning: "Planen er lavet uden borgerens deltagelse", rule: "regel 2" },
    Marker { text: "GENINDSKREVET", meaning: "Ny henvendelse efter et afsluttet forløb", rule: "regel 2, regel 6" },
    Marker { text: "AFSLUTTET", meaning: "Forløbet er afsluttet (med årsagen)", rule: ENDED_RULE },
    Marker { text: "OPFØLGNING FRAVALGT", meaning: "Borgeren har fravalgt opfølgningen", rule: ENDED_RULE },
];

/// Every marker of the follow-up call list.
pub const CALL_MARKERS: [Marker; 3] = [
    Marker {
        text: "OVERSKREDET",
        meaning: "Opfølgningssamtalen er forsinket",
        rule: "regel 7.5, follow_up.after_end_months",
    },
    Marker {
        text: "I DAG",
        meaning: "Opfølgningssamtalen skal holdes i dag",
        rule: "regel 7.5, follow_up.after_end_months",
    },
    Marker { text: "forsøg", meaning: "Antal forsøg på at nå borgeren", rule: "regel 7.5" },
];

/// The text marker of a board flag: state is never shown by colour alone.
pub fn plan_flag(f: PlanFlag, e: &PlanEntry) -> String {
    match f {
        PlanFlag::NoPlan { overdue: false } => BOARD_MARKERS[0].text.into(),
        // Short enough for the marker column at 80 columns.
        PlanFlag::NoPlan { overdue: true } => BOARD_MARKERS[1].text.into(),
        PlanFlag::RevisionOverdue => BOARD_MARKERS[2].text.into(),
        PlanFlag::RevisionToday => BOARD_MARKERS[3].text.into(),
        PlanFlag::FirstFollowUp { overdue } => {
            let due = e.deadlines.first_follow_up.map(|d| short(d.due)).unwrap_or_default();
            if overdue { BOARD_MARKERS[4].text.to_string() } else { format!("1. opfølgn. {due}") }
        }
        PlanFlag::ActionPlan { overdue } => {
            let due = e.deadlines.action_plan.map(|d| short(d.due)).unwrap_or_default();
            if overdue { BOARD_MARKERS[5].text.to_string() } else { format!("§141 senest {due}") }
        }
        PlanFlag::WithoutCitizen => BOARD_MARKERS[6].text.into(),
        PlanFlag::ReEnrolled => BOARD_MARKERS[7].text.into(),
        // The end date stands in the date column.
        PlanFlag::Ended(reason) => format!("{}: {}", BOARD_MARKERS[8].text, discharge_reason(reason)),
        PlanFlag::FollowUpDeclined => BOARD_MARKERS[9].text.into(),
    }
}

pub fn call_flag(f: CallFlag) -> String {
    match f {
        CallFlag::Overdue => CALL_MARKERS[0].text.into(),
        CallFlag::DueToday => CALL_MARKERS[1].text.into(),
        CallFlag::NotReached { attempts } => format!("{attempts} {}", CALL_MARKERS[2].text),
    }
}

pub fn next_revision_hint(limit: RevisionLimit) -> String {
    format!("senest {} ({})", format_date_dk(limit.latest), limit_rule(limit.rule))
}

fn limit_rule(rule: LimitRule) -> String {
    match rule {
        LimitRule::EveryMonths { months } => format!("mindst hver {months}. måned, profil"),
        LimitRule::FirstFollowUp { months } => {
            format!("første opfølgning senest {months} måned(er) efter start, profil")
        }
    }
}

pub fn reason_hint(triggers: bool, after_end_months: &[u32]) -> String {
    if triggers {
        let m: Vec<String> = after_end_months.iter().map(u32::to_string).collect();
        format!("Udløser opfølgningsopkald efter {} måneder", m.join(" og "))
    } else {
        "Udløser ingen opfølgningsopkald (profil)".into()
    }
}

pub fn plan_problem(p: &PlanProblem) -> String {
    match p {
        PlanProblem::Required => "Skal udfyldes.".into(),
        PlanProblem::TooLong { max } => format!("Højst {max} tegn."),
        PlanProblem::ControlCharacters => "Må ikke indeholde styretegn.".into(),
        PlanProblem::Date(e) => format!("{e}"),
        PlanProblem::InFuture => "Datoen kan ikke ligge efter i dag.".into(),
        PlanProblem::BeforeTreatmentStart { start } => {
            format!("Datoen ligger før behandlingsstart ({}).", format_date_dk(*start))
        }
        PlanProblem::BeforePreviousVersion { previous } => {
            format!("Datoen ligger før den forrige version ({}).", format_date_dk(*previous))
        }
        PlanProblem::NotAfterPlanDate => "Næste revision skal ligge efter planens dato.".into(),
        PlanProblem::PastLimit { limit, rule } => format!(
            "Senest {}: {}.",
            format_date_dk(*limit),
            match rule {
                LimitRule::EveryMonths { months } => format!("hver {months}. måned (profil)"),
                LimitRule::FirstFollowUp { months } => format!("1. opfølgning {months} md. efter start (profil)"),
            }
        ),
        PlanProblem::TooManyGoals { max } => format!("Højst {max} mål."),
        PlanProblem::ActionPlanAlreadyDecided { decision } => {
            format!("Allerede afklaret ({}); vælg en afklaring.", action_plan(*decision))
        }
        PlanProblem::TreatmentNotStarted => NOT_IN_TREATMENT.into(),
        PlanProblem::CourseClosed { on } => course_closed(*on),
    }
}

pub fn ending_problem(p: &EndingProblem) -> String {
    match p {
        EndingProblem::Required => "Skal udfyldes.".into(),
        EndingProblem::TooLong { max } => format!("Højst {max} tegn."),
        EndingProblem::ControlCharacters => "Må ikke indeholde styretegn.".into(),
        EndingProblem::Date(e) => format!("{e}"),
        EndingProblem::InFuture => "Datoen kan ikke ligge efter i dag.".into(),
        EndingProblem::BeforeTreatmentStart { start } => {
            format!("Datoen ligger før behandlingsstart ({}).", format_date_dk(*start))
        }
        EndingProblem::BeforeLatestPlan { on } => {
            format!("Datoen ligger før planens seneste version ({}).", format_date_dk(*on))
        }
        EndingProblem::TreatmentNotStarted => NOT_IN_TREATMENT.into(),
        EndingProblem::CourseClosed { on } => course_closed(*on),
    }
}

pub fn call_problem(p: &CallProblem) -> String {
    match p {
        CallProblem::Required => "Skal udfyldes.".into(),
        CallProblem::TooLong { max } => format!("Højst {max} tegn."),
        CallProblem::ControlCharacters => "Må ikke indeholde styretegn.".into(),
        CallProblem::Date(e) => format!("{e}"),
        CallProblem::InFuture => "Datoen kan ikke ligge efter i dag.".into(),
        CallProblem::NotAfterEnd { ended_on } => format!(
            "Et opfølgningsopkald ligger efter forløbets afslutning ({}): tidligst dagen efter.",
            format_date_dk(*ended_on)
        ),
        CallProblem::BeforeLastAttempt { on } => {
            format!("Datoen ligger før det seneste forsøg ({}).", format_date_dk(*on))
        }
        CallProblem::AlreadyReached { on } => call_done(*on),
        CallProblem::OutcomeWithoutReach => "Et resultat kræver, at borgeren blev truffet.".into(),
    }
}

pub fn course_closed(on: NaiveDate) -> String {
    format!("Forløbet er afsluttet ({}).", format_date_dk(on))
}

pub fn call_done(on: NaiveDate) -> String {
    format!("Opkaldet er gennemført ({}).", format_date_dk(on))
}

pub fn call_title(months_after: u32) -> String {
    format!("Opfølgningsopkald {}", months(months_after))
}

/// The attempts so far, on top of the call form.
pub fn earlier_attempts(call: &FollowUpCall) -> String {
    let tries: Vec<String> = call.attempts.iter().map(|a| format!("{} ({})", format_date_dk(a.on), a.actor)).collect();
    format!("Tidligere forsøg uden svar: {}", tries.join(", "))
}

/// What the case's `closed` reason says, so Indtag shows why it ended.
pub fn closed_text(e: &NewEnding) -> String {
    if e.note.is_empty() {
        discharge_reason(e.reason).to_string()
    } else {
        format!("{}: {}", discharge_reason(e.reason), e.note)
    }
}

pub fn plan_saved(case_id: i64, v: &PlanVersion) -> String {
    if v.is_revision() {
        format!(
            "Sag {case_id}: planen er revideret (version {}). Næste revision {}.",
            v.version,
            format_date_dk(v.next_revision_on)
        )
    } else {
        format!("Sag {case_id}: behandlingsplanen er oprettet. Næste revision {}.", format_date_dk(v.next_revision_on))
    }
}

/// Short enough for the status line at 80 columns.
pub fn ending_saved(case_id: i64, e: &NewEnding, calls: &[ScheduledCall]) -> String {
    let what = if calls.is_empty() {
        if e.follow_up_declined {
            "Ingen opkald: fravalgt.".to_string()
        } else {
            "Årsagen giver ingen opkald.".to_string()
        }
    } else {
        let dates: Vec<String> = calls.iter().map(|c| format_date_dk(c.due_on)).collect();
        format!("Opkald {}.", dates.join(" og "))
    };
    format!("Sag {case_id} afsluttet: {}. {what}", discharge_reason(e.reason))
}

pub fn call_saved(case_id: i64, call: &FollowUpCall) -> String {
    match call.reached() {
        Some(a) => format!(
            "Sag {case_id}: {} gennemført: {}.",
            call_title(call.months),
            a.outcome.map(call_outcome).unwrap_or_default()
        ),
        None => format!("Sag {case_id}: ikke truffet ({} forsøg). Opkaldet står stadig åbent.", call.missed()),
    }
}

/// The board's summary line, in its four parts (each styled on its own).
pub fn summary_in_treatment(n: usize) -> String {
    format!("{n} i behandling · ")
}

pub fn summary_overdue(n: usize) -> String {
    format!("{n} overskredet")
}

pub fn summary_no_plan(n: usize) -> String {
    format!(" · {n} uden plan · ")
}

pub fn summary_calls_due(n: usize) -> String {
    format!("{n} opkald forfaldne")
}

/// The board's title tags: its order when not by deadline, ended courses shown.
pub fn tag_sorted(s: BoardSort) -> String {
    format!("[sorteret: {}] ", board_sort(s))
}

pub const TAG_WITH_ENDED: &str = "[+afsluttede] ";

pub fn sorted_by(s: BoardSort) -> String {
    format!("Sorteret efter {}.", board_sort(s))
}

/// The lists could not be read (on coming to the pane, a toggle, or after
/// a save).
pub fn lists_failed(e: &impl std::fmt::Display) -> String {
    format!("Planerne kunne ikke hentes: {e}")
}

pub fn plan_open_failed(e: &impl std::fmt::Display) -> String {
    format!("Planen kunne ikke åbnes: {e}")
}

/// The open plan could not be read again after a change.
pub fn plan_reload_failed(e: &impl std::fmt::Display) -> String {
    format!("Planen kunne ikke hentes igen: {e}")
}

pub fn course_load_failed(e: &impl std::fmt::Display) -> String {
    format!("Forløbet kunne ikke hentes: {e}")
}

pub fn call_load_failed(e: &impl std::fmt::Display) -> String {
    format!("Opkaldet kunne ikke hentes: {e}")
}

pub fn as_of_shown(on: NaiveDate, v: &PlanVersion) -> String {
    format!("Planen pr. {}: version {} fra {}.", format_date_dk(on), v.version, format_date_dk(v.effective_on))
}

pub fn no_plan_on(on: NaiveDate) -> String {
    format!("Der var ingen plan pr. {}.", format_date_dk(on))
}

pub const PLANS_TITLE: &str = "Planer";
pub const CALLS_TITLE: &str = "Opfølgningsopkald";
pub const PLANS_EMPTY: &str = "Ingen borgere i behandling. Behandling startes i Indtag (b).";
pub const CALLS_EMPTY: &str = "Ingen åbne opfølgningsopkald.";
pub const COL_START: &str = "Start";
pub const COL_NEXT_REVISION: &str = "Næste rev.";
pub const COL_CALL: &str = "Opkald";
pub const SHOWING_ENDED: &str = "Viser også forløb afsluttet de sidste 12 måneder.";
pub const HIDING_ENDED: &str = "Viser kun forløb i behandling.";
pub const NO_CALL_SELECTED: &str = "Vælg et opkald først.";
pub const NO_OPEN_CALL: &str = "Forløbet har intet åbent opfølgningsopkald.";
pub const NOT_IN_TREATMENT: &str = "Sagens behandling er ikke startet.";
pub const ALREADY_HAS_PLAN: &str = "Sagen har allerede en plan: r reviderer den.";
pub const NO_PLAN_YET: &str = "Sagen har ingen plan endnu: n opretter den.";

pub const NEW_PLAN_TITLE: &str = "Ny behandlingsplan";
pub const REVISE_TITLE: &str = "Revision af planen";
pub const END_TITLE: &str = "Afslut forløbet";
pub const AS_OF_TITLE: &str = "Vis planen pr. dato";
pub const F_PLAN_DATE: &str = "Planens dato";
pub const F_REVISION_DATE: &str = "Revisionens dato";
pub const F_GOAL_STATUS: &str = "  status";
pub const F_SERVICES: &str = "Indsats og ydelser";
pub const F_METHODS: &str = "Metoder";
pub const F_PARTNERS: &str = "Samarbejdspartnere";
pub const F_ACTION_PLAN: &str = "§141-handleplan";
pub const F_NEXT_REVISION: &str = "Næste revision";
pub const F_TOOK_PART: &str = "Borgeren deltog";
pub const F_CHANGES: &str = "Hvad er ændret";
pub const F_ENDED_ON: &str = "Afsluttet den";
pub const F_DISCHARGE_REASON: &str = "Udskrivningsårsag";
pub const F_DECLINED: &str = "Fravælger opfølgning";
pub const HINT_DECLINED: &str = "borgeren er orienteret og siger nej tak til opkaldene";
pub const F_CALL_DATE: &str = "Dato for opkaldet";
pub const F_REACHED: &str = "Fik fat i borgeren";
pub const F_OUTCOME: &str = "Status hos borgeren";
pub const F_AS_OF: &str = "Vis planen pr.";

pub const PLAN_TITLE: &str = "Plan";
pub const PLAN_NONE: &str = "Ingen plan endnu. Tryk n for at oprette den.";
pub const PLAN_GOALS: &str = "Mål";
pub const PLAN_CALLS: &str = "Opfølgningsopkald";
pub const PLAN_HISTORY: &str = "Revisionshistorik";
pub const PLAN_HISTORY_HINT: &str = "h viser revisionshistorikken · ←/→ forrige/næste version · d vis pr. dato";

// The lists' names in the audit trail.
pub const LIST_WITH_ENDED: &str = "med afsluttede";
pub const CALLS_LIST: &str = "Planer: opfølgningsopkald";

/// The plan form's refusal, in the import's words: a record is checked
/// as of its own date, so "today" is the plan's date.
pub fn import_plan_problem(problem: &PlanProblem) -> String {
    match problem {
        PlanProblem::Required => "mangler (planskemaet kræver den)".into(),
        PlanProblem::TooLong { max } => format!("højst {max} tegn"),
        PlanProblem::ControlCharacters => "må ikke indeholde styretegn".into(),
        PlanProblem::Date(e) => e.to_string(),
        PlanProblem::InFuture => "ligger efter planens dato".into(),
        PlanProblem::BeforeTreatmentStart { start } => {
            format!("ligger før behandlingsstart ({})", format_date_dk(*start))
        }
        PlanProblem::BeforePreviousVersion { previous } => {
            format!("ligger før den forrige version ({})", format_date_dk(*previous))
        }
        PlanProblem::NotAfterPlanDate => "skal ligge efter planens dato".into(),
        PlanProblem::PastLimit { limit, rule } => format!(
            "ligger efter profilens grænse {}: {}",
            format_date_dk(*limit),
            match rule {
                LimitRule::EveryMonths { months } => format!("mindst hver {months}. måned"),
                LimitRule::FirstFollowUp { months } => format!("1. opfølgning {months} md. efter behandlingsstart"),
            }
        ),
        PlanProblem::TooManyGoals { max } => format!("højst {max} mål"),
        PlanProblem::ActionPlanAlreadyDecided { .. } => {
            "handleplanen er afklaret i en tidligere version og kan ikke blive uafklaret igen".into()
        }
        PlanProblem::TreatmentNotStarted => "sagens behandling er ikke startet".into(),
        PlanProblem::CourseClosed { on } => format!("forløbet er afsluttet {}", format_date_dk(*on)),
    }
}

/// The ending form's refusal, in the import's words (as of the end date).
pub fn import_ending_problem(problem: &EndingProblem) -> String {
    match problem {
        EndingProblem::Required => "mangler".into(),
        EndingProblem::TooLong { max } => format!("højst {max} tegn"),
        EndingProblem::ControlCharacters => "må ikke indeholde styretegn".into(),
        EndingProblem::Date(e) => e.to_string(),
        EndingProblem::InFuture => "ligger efter afslutningsdatoen".into(),
        EndingProblem::BeforeTreatmentStart { start } => {
            format!("ligger før behandlingsstart ({})", format_date_dk(*start))
        }
        EndingProblem::BeforeLatestPlan { on } => {
            format!("ligger før planens seneste version ({})", format_date_dk(*on))
        }
        EndingProblem::TreatmentNotStarted => "sagens behandling er ikke startet".into(),
        EndingProblem::CourseClosed { on } => format!("forløbet er afsluttet {}", format_date_dk(*on)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::plan::Course;
    use crate::domain::plan::test_support::started;

    /// Every marker the board and the call list can draw is a line of the
    /// table the legend lists, so the two cannot drift apart.
    #[test]
    fn every_board_and_call_marker_is_in_its_legend_table() {
        let case = started("2026-01-02", "2026-01-05");
        let e = PlanEntry {
            course: Course { case, latest: None, ending: None, re_enrolment: None },
            deadlines: Default::default(),
            flags: vec![],
        };
        let flags = [
            PlanFlag::NoPlan { overdue: false },
            PlanFlag::NoPlan { overdue: true },
            PlanFlag::RevisionOverdue,
            PlanFlag::RevisionToday,
            PlanFlag::FirstFollowUp { overdue: true },
            PlanFlag::ActionPlan { overdue: true },
            PlanFlag::WithoutCitizen,
            PlanFlag::ReEnrolled,
            PlanFlag::Ended(DischargeReason::Completed),
            PlanFlag::FollowUpDeclined,
        ];
        for (f, m) in flags.into_iter().zip(&BOARD_MARKERS) {
            assert!(plan_flag(f, &e).starts_with(m.text), "{f:?}");
        }
        for f in [PlanFlag::FirstFollowUp { overdue: false }, PlanFlag::ActionPlan { overdue: false }] {
            // A deadline not yet passed is a date in small letters, no marker.
            let s = plan_flag(f, &e);
            assert_eq!(s, s.to_lowercase(), "{f:?}");
        }
        assert_eq!(call_flag(CallFlag::Overdue), CALL_MARKERS[0].text);
        assert_eq!(call_flag(CallFlag::DueToday), CALL_MARKERS[1].text);
        assert!(call_flag(CallFlag::NotReached { attempts: 2 }).ends_with(CALL_MARKERS[2].text));
        // A plan's view: the goals' states and the calls' deadlines.
        let states = [GoalStatus::NotStarted, GoalStatus::InProgress, GoalStatus::Achieved, GoalStatus::Abandoned];
        for (g, m) in states.into_iter().zip(&PLAN_MARKERS[4..8]) {
            assert_eq!(goal_status_marker(g), m.text, "{g:?}");
        }
        assert_eq!(call_days(-3), format!("{} med 3 dage", PLAN_MARKERS[11].text));
        assert_eq!(call_days(0), PLAN_MARKERS[12].text);
        assert_eq!(call_days(2), "om 2 dage");
    }
}
