//! The intake pane's words.

/// The pane's name on its tab.
pub const PANE: &str = "Indtag";

use super::markers::Marker;
use crate::domain::cpr::CprError;
use crate::domain::dates::format_date_dk;
use crate::domain::intake::{
    Channel, ChildrenAnswer, Citizenship, ClosingReason, ContactKind, ContactProblem, ContactWarning, FamilySituation,
    Gender, IncomeSource, QueueFlag, Reasoned, Stage, StepKind, StepProblem, StepWarning, Substance,
};

pub fn contact_kind(k: ContactKind) -> &'static str {
    match k {
        ContactKind::OwnUse => "Borger, eget forbrug",
        ContactKind::Relative => "Pårørende",
        ContactKind::Young => "Ung under 18",
        ContactKind::Anonymous => "Anonym (§101a)",
        ContactKind::Professional => "Samarbejdspartner",
    }
}

pub fn channel(c: Channel) -> &'static str {
    match c {
        Channel::Phone => "Telefon",
        Channel::Email => "E-mail",
        Channel::InPerson => "Personligt fremmøde",
        Channel::Web => "Hjemmeside",
    }
}

pub fn substance(s: Substance) -> &'static str {
    match s {
        Substance::Cannabis => "Hash/cannabis",
        Substance::Amphetamine => "Amfetamin",
        Substance::Opioids => "Opioider",
        Substance::Benzodiazepines => "Benzodiazepiner",
        Substance::Cocaine => "Kokain",
        Substance::Solvents => "Opløsningsmidler",
        Substance::Other => "Andet",
    }
}

pub fn children(c: ChildrenAnswer) -> &'static str {
    match c {
        ChildrenAnswer::NotAsked => "Ikke spurgt",
        ChildrenAnswer::NoChildren => "Spurgt: ingen børn under 18",
        ChildrenAnswer::HasChildren => "Spurgt: har børn under 18",
    }
}

pub fn citizenship(c: Citizenship) -> &'static str {
    match c {
        Citizenship::Danish => "Dansk",
        Citizenship::Other => "Andet end dansk",
    }
}

pub fn family(f: FamilySituation) -> &'static str {
    match f {
        FamilySituation::Single => "Enlig (bor alene)",
        FamilySituation::WithPartner => "Gift/samlevende",
        FamilySituation::Other => "Bor hos forældre/andre",
    }
}

pub fn income(i: IncomeSource) -> &'static str {
    match i {
        IncomeSource::Wages => "Lønindkomst",
        IncomeSource::EarlyRetirementPension => "Førtidspension",
        IncomeSource::UnemploymentBenefit => "Dagpenge",
        IncomeSource::Activation => "Aktivering eller løntilskud",
        IncomeSource::SicknessBenefit => "Sygedagpenge",
        IncomeSource::SocialAssistance => "Kontanthjælp",
        IncomeSource::FamilyOrFriends => "Forsørget af familie/venner",
        IncomeSource::Other => "Anden indtægt",
    }
}

pub fn gender(g: Gender) -> &'static str {
    match g {
        Gender::Female => "Kvinde",
        Gender::Male => "Mand",
    }
}

/// The first option of an optional choice.
pub const NOT_GIVEN: &str = "Ikke oplyst";

pub fn consent(c: Option<bool>) -> &'static str {
    match c {
        None => "Ikke besvaret",
        Some(true) => "Ja, forældrene samtykker",
        Some(false) => "Nej (kun rådgivende samtaler)",
    }
}

pub fn stage(s: Stage) -> &'static str {
    match s {
        Stage::New => "Ny",
        Stage::AwaitingVisitation => "Visitation",
        Stage::InAssessment => "Udredning",
        Stage::Referred => "Henvist",
        Stage::FreeChoice => "Frit valg",
        Stage::InTreatment => "I behandling",
        Stage::Closed => "Afsluttet",
    }
}

/// The text marker of a queue flag: state is never shown by colour alone.
pub fn flag(f: QueueFlag) -> &'static str {
    flag_marker(f).text
}

/// A queue flag's marker in [`QUEUE_MARKERS`].
pub fn flag_marker(f: QueueFlag) -> &'static Marker {
    match f {
        QueueFlag::Overdue => &QUEUE_MARKERS[0],
        QueueFlag::DueToday => &QUEUE_MARKERS[1],
        QueueFlag::SpecialAssessment => &QUEUE_MARKERS[2],
        QueueFlag::AimPassed => &QUEUE_MARKERS[3],
        QueueFlag::DoctorOverdue => &QUEUE_MARKERS[4],
        QueueFlag::DoctorDueSoon => &QUEUE_MARKERS[5],
        QueueFlag::OtherMunicipality => &QUEUE_MARKERS[6],
        QueueFlag::NoParentalConsent => &QUEUE_MARKERS[7],
        QueueFlag::ChildrenNotAsked => &QUEUE_MARKERS[8],
    }
}

const GUARANTEE: &str = "regel 1, intake.guarantee_days";
const DOCTOR: &str = "regel 1, intake.doctor";

/// Every marker of the queue and of an open case: the flags (in the order
/// of [`flag_marker`]), then the marks of a contact without a running
/// guarantee. Short enough that the legend shows them all at 80×24.
pub const QUEUE_MARKERS: [Marker; 14] = [
    Marker { text: "OVERSKREDET", meaning: "Garantifristen er passeret", rule: GUARANTEE },
    Marker { text: "FRIST I DAG", meaning: "Behandling skal starte i dag", rule: GUARANTEE },
    Marker { text: "SÆRLIG UDREDNING", meaning: "Fristen kan ikke holdes; se begrundelsen", rule: "regel 1" },
    Marker { text: "MÅL PASSERET", meaning: "Eget startmål passeret", rule: "regel 1, intake.aim_start_within_days" },
    Marker { text: "LÆGE OVERSKREDET", meaning: "Lægesamtalen skulle være tilbudt", rule: DOCTOR },
    Marker { text: "LÆGE SNART", meaning: "Lægesamtale tilbydes inden 3 dage", rule: DOCTOR },
    Marker { text: "ANDEN KOMMUNE", meaning: "Hjemkommunen visiterer, ikke centret", rule: "regel 1" },
    Marker { text: "INTET SAMTYKKE", meaning: "Under 18 uden forældresamtykke", rule: "regel 1" },
    Marker { text: "BØRN IKKE SPURGT", meaning: "Ikke spurgt om børn i hjemmet", rule: "regel 5" },
    Marker { text: "VENTER SAMTYKKE", meaning: "Fristen starter ved samtykke", rule: "regel 1, intake.clock_starts" },
    Marker { text: "HENVIST: UNDER ALDER", meaning: "For ung: henvist til familieafdelingen", rule: "regel 1" },
    Marker { text: "PÅRØRENDE", meaning: "Pårørendes henvendelse: ingen garanti", rule: "regel 1" },
    Marker { text: "ANONYM §101a", meaning: "Anonym: kun pseudonym, intet CPR", rule: "regel 1, §101a" },
    Marker { text: "SAMARBEJDSPARTNER", meaning: "Fagpersons henvendelse: ingen garanti", rule: "regel 1" },
];

pub fn step_title(k: StepKind) -> &'static str {
    match k {
        StepKind::BookVisitation => "Visitationssamtale booket",
        StepKind::StartAssessment => "Udredning startet, samtykke givet",
        StepKind::OfferDoctor => "Lægesamtale tilbudt",
        StepKind::DoctorHeld => "Lægesamtale holdt",
        StepKind::FreeChoice => "Frit valg af andet tilbud",
        StepKind::SpecialAssessment => "Særlig udredning",
        StepKind::StartTreatment => "Behandling startet",
        StepKind::Close => "Henvendelsen afsluttet",
    }
}

/// The event history's word for a stored event kind.
pub fn event_kind(kind: &str) -> String {
    if kind == "registered" {
        return "Henvendelse registreret".into();
    }
    StepKind::ALL
        .into_iter()
        .find(|k| crate::store::exchange::step_id(*k) == kind)
        .map(|k| step_title(k).to_string())
        .unwrap_or_else(|| kind.to_string())
}

pub fn step_date_label(k: StepKind) -> &'static str {
    match k {
        StepKind::BookVisitation => "Samtalen er den",
        _ => "Dato",
    }
}

pub fn contact_problem(p: &ContactProblem) -> String {
    match p {
        ContactProblem::Required => "Skal udfyldes.".into(),
        ContactProblem::TooLong { max } => format!("Højst {max} tegn."),
        ContactProblem::ControlCharacters => "Må ikke indeholde styretegn.".into(),
        ContactProblem::Date(e) | ContactProblem::Time(e) => format!("{e}"),
        ContactProblem::InFuture => "Henvendelsen kan ikke ligge efter i dag.".into(),
        ContactProblem::Cpr(e) => cpr_error(e),
        ContactProblem::BornAfterContact => "CPR-nummeret siger, at borgeren er født efter henvendelsen.".into(),
        ContactProblem::AnonymousWithIdentity => "En anonym sag (§101a) har hverken navn eller CPR-nummer.".into(),
        ContactProblem::MinorAsAdult { age } => {
            format!("Borgeren er {age} år: vælg 'Ung under 18'.")
        }
        ContactProblem::AdultAsYoung { age } => {
            format!("Borgeren er {age} år og dermed ikke under 18.")
        }
        ContactProblem::ConsentUnanswered => "Svar på, om forældrene samtykker (under 18 kræver samtykke).".into(),
        ContactProblem::GenderWithCpr => "Kønnet læses af CPR-nummeret: vælg 'Ikke angivet'.".into(),
    }
}

fn cpr_error(e: &CprError) -> String {
    match e {
        CprError::Empty => "Skal udfyldes.".into(),
        CprError::WrongLength { digits } => format!("Et CPR-nummer har 10 cifre, ikke {digits}."),
        CprError::NotDigits => "Skriv CPR-nummeret som DDMMÅÅ-XXXX.".into(),
        CprError::InvalidDate { day, month, year } => {
            format!("Datoen {day:02}.{month:02}.{year} findes ikke (CPR-nummerets fødselsdato).")
        }
    }
}

pub fn contact_warning(w: &ContactWarning) -> String {
    match w {
        ContactWarning::CprModulus11 => {
            "Bemærk: CPR-nummeret består ikke modulus 11-kontrollen; tjek for tastefejl.".into()
        }
        ContactWarning::OtherMunicipality { home } => {
            format!("Borgeren bor i {home}: retten til at visitere ligger hos hjemkommunen.")
        }
        ContactWarning::BelowYoungestAge { age, youngest } => format!(
            "Borgeren er {age} år; centret behandler ikke under {youngest} år. Sagen registreres som henvist til Børn og Familie."
        ),
        ContactWarning::NoParentalConsent => "Uden forældresamtykke: kun anonyme rådgivende samtaler.".into(),
        ContactWarning::ChildrenNotAsked => "Spørgsmålet om børn under 18 er ikke stillet.".into(),
        ContactWarning::LongAgo { months } => format!(
            "Henvendelsen er dateret {} før i dag: er datoen skrevet rigtigt? Garantien regnes fra den.",
            if *months >= 24 { format!("{} år", months / 12) } else { format!("{months} måneder") }
        ),
    }
}

/// Warnings the counsellor must see before the contact is saved.
pub fn warning_needs_confirmation(w: &ContactWarning) -> bool {
    matches!(
        w,
        ContactWarning::CprModulus11
            | ContactWarning::BelowYoungestAge { .. }
            | ContactWarning::ChildrenNotAsked
            | ContactWarning::LongAgo { .. }
    )
}

pub fn step_warning(w: &StepWarning) -> String {
    match w {
        StepWarning::VisitationAfterDeadline { deadline } => format!(
            "Visitationen ligger efter behandlingsgarantiens frist {}: behandlingen skal være startet senest den dag \
             (Serviceloven §101 stk. 4).",
            format_date_dk(*deadline)
        ),
    }
}

pub fn step_problem(p: &StepProblem) -> String {
    match p {
        StepProblem::Required => "Skal udfyldes.".into(),
        StepProblem::TooLong { max } => format!("Højst {max} tegn."),
        StepProblem::Date(e) => format!("{e}"),
        StepProblem::InFuture => "Datoen kan ikke ligge efter i dag.".into(),
        StepProblem::BeforeContact { contact } => {
            format!("Datoen ligger før første henvendelse ({}).", format_date_dk(*contact))
        }
        StepProblem::CaseClosed => "Henvendelsen er afsluttet.".into(),
        StepProblem::AlreadyRecorded { on } => {
            format!("Allerede registreret den {}.", format_date_dk(*on))
        }
        StepProblem::TreatmentAlreadyStarted => "Behandlingen er startet: forløbet afsluttes i Planer (e).".into(),
        StepProblem::NotATreatmentCase => "Pårørende og samarbejdspartnere behandles ikke som borgeren.".into(),
        StepProblem::Referred => "Sagen er henvist til Børn og Familie (under profilens alder).".into(),
        StepProblem::FreeChoiceTaken => "Borgeren har valgt et andet tilbud (frit valg).".into(),
        StepProblem::NeedsParentalConsent => "Under 18: behandling kræver forældrenes samtykke.".into(),
        StepProblem::DoctorNotOffered => "Lægesamtalen er ikke tilbudt og ønsket endnu.".into(),
        StepProblem::AssessmentAlreadyStarted { on } => format!(
            "Udredningen er allerede startet den {}: visitationssamtalen er holdt. Et forkert trin fortrydes i sagen (z).",
            format_date_dk(*on)
        ),
    }
}

pub const NEW_CONTACT_TITLE: &str = "Ny henvendelse";
pub const F_KIND: &str = "Hvem henvender sig";
pub const F_CHANNEL: &str = "Kanal";
pub const F_DATE: &str = "Dato";
pub const F_TIME: &str = "Klokken";
pub const F_NAME: &str = "Navn";
pub const F_CPR: &str = "CPR-nummer";
pub const F_PSEUDONYM: &str = "Pseudonym";
pub const F_MUNICIPALITY: &str = "Hjemkommune";
pub const F_COUNSELLOR: &str = "Rådgiver";
pub const F_SUBSTANCES: &str = "Rusmidler";
pub const F_CHILDREN: &str = "Børn under 18";
pub const F_CONSENT: &str = "Forældresamtykke";
pub const F_NOTE: &str = "Note";
pub const F_REASON: &str = "Begrundelse";
pub const F_CLOSING_REASON: &str = "Årsag";
pub const F_CLOSING_TEXT: &str = "Anden årsag, skriv hvilken";
pub const CHOOSE_CLOSING_REASON: &str = "– vælg årsag –";
/// A contact closed before the list of reasons existed.
pub const CLOSING_REASON_NOT_GIVEN: &str = "ikke angivet";

/// The words for why a contact was closed without treatment.
pub fn closing_reason(r: ClosingReason) -> &'static str {
    match r {
        ClosingReason::ReferredElsewhere => "Henvist til andet tilbud",
        ClosingReason::NotWanted => "Ønsker ikke behandling",
        ClosingReason::NoShow => "Udeblevet",
        ClosingReason::Moved => "Fraflyttet",
        ClosingReason::NotRelevant => "Ikke relevant",
        ClosingReason::Other => "Andet",
    }
}

/// The case view's line for a closed case. A contact closed before
/// treatment names its reason from the list ("ikke angivet" for one closed
/// before the list existed), then any text; an ended course its text.
pub fn closed_line(closed: &Reasoned, why: Option<ClosingReason>, before_treatment: bool) -> String {
    let mut parts = Vec::new();
    if before_treatment {
        parts.push(format!("Årsag: {}", closing_reason_or_not_given(why)));
    }
    if !closed.reason.is_empty() {
        parts.push(closed.reason.clone());
    }
    format!("Afsluttet ({}): {}", format_date_dk(closed.on), parts.join(" · "))
}

/// A closing reason as shown on a case, "ikke angivet" when there is none.
pub fn closing_reason_or_not_given(r: Option<ClosingReason>) -> &'static str {
    r.map(closing_reason).unwrap_or(CLOSING_REASON_NOT_GIVEN)
}
pub const F_WANTED: &str = "Ønsker borgeren samtalen";

pub const HINT_DATE: &str = "dd.mm.åååå";
pub const HINT_TIME: &str = "tt:mm";
pub const HINT_CPR: &str = "DDMMÅÅ-XXXX";
pub const HINT_PSEUDONYM: &str = "kun pseudonym: intet navn eller CPR";
pub const HINT_MULTI: &str = "←/→ flyt, mellemrum vælger";

pub const QUEUE_TITLE: &str = "Indtag";
pub const QUEUE_EMPTY: &str = "Ingen åbne henvendelser. Tryk n for en ny.";
pub const QUEUE_NO_MATCH: &str = "Ingen sager passer til søgningen.";
pub const COL_CASE: &str = "Sag";
pub const COL_NAME: &str = "Navn";
pub const COL_STAGE: &str = "Status";
pub const COL_DEADLINE: &str = "Frist";
pub const COL_DAYS: &str = "Dage";
pub const COL_COUNSELLOR: &str = "Rådgiver";
pub const COL_FLAGS: &str = "Markering";
pub const SEARCH_PROMPT: &str = "Søg: ";
pub const ONLY_MINE_MARK: &str = "kun mine";
pub const QUEUE_NOT_LOADED: &str = "Køen kunne ikke hentes:";
pub const CASE_NOT_OPENED: &str = "Sagen kunne ikke åbnes:";
pub const HISTORY_NOT_LOADED: &str = "Sagens forløb kunne ikke hentes:";
pub const AWAITING_CONSENT_MARK: &str = QUEUE_MARKERS[9].text;
pub const REFERRED_MARK: &str = QUEUE_MARKERS[10].text;
pub const RELATIVE_MARK: &str = QUEUE_MARKERS[11].text;
pub const ANONYMOUS_MARK: &str = QUEUE_MARKERS[12].text;
pub const PROFESSIONAL_MARK: &str = QUEUE_MARKERS[13].text;

/// The status line after a new contact is saved.
pub fn registered(case_id: i64) -> String {
    format!("Sag {case_id} er registreret.")
}

/// The status line after a step is saved.
pub fn step_saved(kind: StepKind, case_id: i64) -> String {
    format!("{} · sag {case_id}: gemt.", step_title(kind))
}
pub const NO_GUARANTEE: &str = "ingen garanti";
pub const AWAITING_CONSENT: &str = "venter samtykke";
pub const WAIVED: &str = "bortfaldet";
pub const CASE_TITLE: &str = "Sag";
pub const HISTORY: &str = "Forløb";
pub const REVEAL_CPR_HINT: &str = "c viser hele CPR-nummeret (logges)";

/// The queue's summary line, before its overdue count: the day, the open
/// cases, the new ones and those booked for visitation.
pub fn queue_summary(day: &str, open: usize, new: usize, booked: usize) -> String {
    format!("{day} · {open} åbne · {new} nye · {booked} til visitation · ")
}

/// The summary's overdue count (drawn in red when not 0).
pub fn queue_overdue(n: usize) -> String {
    format!("{n} overskredet")
}

/// The summary's count of guarantees that fall today.
pub fn queue_due_today(n: usize) -> String {
    format!(" · {n} i dag")
}

/// The profile's aim for the start of treatment, after the counts.
pub fn queue_aim(days: u32) -> String {
    format!(" · mål {days} dag")
}
