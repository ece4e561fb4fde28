//! The Grupper pane's words: groups, sessions, roll calls, MOVE courses and
//! the gift-card ledger. The domain's problems and the ledger's refusals
//! (English in the domain) are said here in Danish. Words the intake pane
//! already has (F_DATE, F_TIME, F_REASON, COL_CASE) are used from there.

/// The pane's name on its tab.
pub const PANE: &str = "Grupper";

/// The MOVE course list's name in the audit trail.
pub const COURSES_LIST: &str = "Grupper: MOVE-forløb";

use super::markers::Marker;
use chrono::Weekday;

use crate::domain::dates::format_date_dk;
use crate::domain::group::course::{CardStatus, Resolution};
use crate::domain::group::groups::{GroupKind, GroupProblem, SessionState};
use crate::domain::group::ledger::{CardState, LedgerEntryKind, LedgerError};
use crate::domain::group::move_cards::{Attendance, MoveCardSettings, Phase, SessionOutcome};
use crate::domain::money::{MoneyParseError, Ore};

pub fn group_kind(k: GroupKind) -> &'static str {
    match k {
        GroupKind::Move => "MOVE",
        GroupKind::RelapsePrevention => "Tilbagefaldsforebyggelse",
        GroupKind::Mindfulness => "Mindfulness (MBRP)",
        GroupKind::Aftercare => "Efterbehandling",
        GroupKind::Anonymous => "Anonym (§101a)",
        GroupKind::Other => "Anden gruppe",
    }
}

/// A group kind in a list column (at most 15 characters).
pub fn group_kind_short(k: GroupKind) -> &'static str {
    match k {
        GroupKind::Move => "MOVE",
        GroupKind::RelapsePrevention => "Tilbagefald",
        GroupKind::Mindfulness => "Mindfulness",
        GroupKind::Aftercare => "Efterbehandling",
        GroupKind::Anonymous => "ANONYM §101a",
        GroupKind::Other => "Anden",
    }
}

pub fn weekday(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "mandag",
        Weekday::Tue => "tirsdag",
        Weekday::Wed => "onsdag",
        Weekday::Thu => "torsdag",
        Weekday::Fri => "fredag",
        Weekday::Sat => "lørdag",
        Weekday::Sun => "søndag",
    }
}

/// The first three letters of the weekday ("man", "lør", "søn"), cut by
/// characters: ø takes two bytes.
pub fn weekday_short(d: Weekday) -> &'static str {
    let day = weekday(d);
    let end = day.char_indices().nth(3).map_or(day.len(), |(i, _)| i);
    &day[..end]
}

pub fn attendance(a: Attendance) -> &'static str {
    match a {
        Attendance::Attended => "mødt",
        Attendance::Cancelled => "afbud",
        Attendance::NoShow => "udeblevet",
    }
}

/// A roll-call mark as its text marker.
pub fn mark(a: Option<Attendance>) -> &'static str {
    match a {
        Some(Attendance::Attended) => "MØDT",
        Some(Attendance::Cancelled) => "AFBUD",
        Some(Attendance::NoShow) => "UDEBLEVET",
        None => "–",
    }
}

pub fn phase(p: Phase) -> &'static str {
    match p {
        Phase::Main => "hovedforløb",
        Phase::FollowUp => "opfølgning",
    }
}

/// Why a session earned a card or not (domain.md 7.1 rule 6), short
/// enough for a column (22 characters).
pub fn outcome(o: SessionOutcome, settings: &MoveCardSettings) -> String {
    match o {
        SessionOutcome::EarnedCard { card_number } => format!("kort {card_number} optjent"),
        SessionOutcome::PartOfPair { card_number } => format!("i par med kort {card_number}"),
        SessionOutcome::WaitingForPartner => "venter på makker".into(),
        SessionOutcome::PairBrokenByNoShow => "brudt af udeblivelse".into(),
        SessionOutcome::OutsideWindow => format!("efter de {} pladser", settings.window_sessions),
        SessionOutcome::CapReached => format!("loftet på {} kort nået", settings.max_cards),
        SessionOutcome::FollowUpPhase => "opfølgning: intet kort".into(),
        SessionOutcome::NotCounted => "afbud: tæller ikke".into(),
        SessionOutcome::NoShow => "udeblevet: tabt".into(),
        SessionOutcome::NotYetHeld => "ikke holdt endnu".into(),
        SessionOutcome::CardsDisabled => "ingen gavekort".into(),
    }
}

const CARD_RULE: &str = "regel 7.1, move_cards";

/// Every marker of the Grupper pane: the gift cards owed and to resolve
/// (on the group list, the MOVE courses and one course), a card's state on
/// its line, and a session's state.
pub const GROUP_MARKERS: [Marker; 8] = [
    Marker { text: "SKYLDIGT", meaning: "Optjente gavekort, ikke udleveret endnu", rule: CARD_RULE },
    Marker { text: "AFKLARES", meaning: "Udleveret kort uden optjening: afklar det", rule: CARD_RULE },
    Marker { text: "OPTJENT", meaning: "Fremmødet gav et kort: skriv serienr.", rule: CARD_RULE },
    Marker { text: "IKKE UDLEVERET", meaning: "Kortet er optjent, men ikke givet", rule: CARD_RULE },
    Marker { text: "AFKLAR: serienr.", meaning: "Dette kort er givet uden optjening", rule: CARD_RULE },
    Marker { text: "AFLYST", meaning: "Mødegangen er aflyst", rule: "regel 3" },
    Marker { text: "HOLDT", meaning: "Fremmødet er registreret", rule: "regel 3" },
    Marker { text: "FREMMØDE MANGLER", meaning: "Mødegangen er forbi uden fremmøde", rule: "regel 3" },
];

/// The markers' words as the drawing uses them.
pub const OWED: &str = GROUP_MARKERS[0].text;
pub const TO_RESOLVE: &str = GROUP_MARKERS[1].text;
pub const EARNED: &str = GROUP_MARKERS[2].text;

/// The card column's marker for a row.
pub fn card_status(status: CardStatus, serial: Option<&str>) -> String {
    match (status, serial) {
        (CardStatus::HandedOut, Some(s)) => s.to_string(),
        (CardStatus::NotHandedOut, _) => GROUP_MARKERS[3].text.into(),
        (CardStatus::ToResolve, Some(s)) => format!("AFKLAR: {s}"),
        (CardStatus::ToResolve, None) => TO_RESOLVE.into(),
        _ => String::new(),
    }
}

pub fn session_state(s: SessionState) -> &'static str {
    match s {
        SessionState::Cancelled => GROUP_MARKERS[5].text,
        SessionState::Held => GROUP_MARKERS[6].text,
        SessionState::RollCallMissing => GROUP_MARKERS[7].text,
        SessionState::Planned => "planlagt",
    }
}

pub fn resolution(r: Resolution) -> &'static str {
    match r {
        Resolution::Returned => "Kortet er kommet retur (tilbage på lager)",
        Resolution::MoveToEarned => "Kortet hører til en anden optjent mødegang",
        Resolution::Kept => "Borgeren beholder kortet (uden optjent mødegang)",
    }
}

pub fn ledger_kind(kind: &LedgerEntryKind) -> String {
    match kind {
        LedgerEntryKind::Received => "modtaget".into(),
        LedgerEntryKind::HandedOut { .. } => "udleveret".into(),
        LedgerEntryKind::Voided { .. } => "kasseret".into(),
        LedgerEntryKind::Lost { .. } => "bortkommet".into(),
        LedgerEntryKind::Correction { corrects_entry, .. } => format!("rettelse af {corrects_entry}"),
    }
}

fn card_state(s: &CardState) -> String {
    match s {
        CardState::Unknown => "findes ikke i regnskabet".into(),
        CardState::OnHand { .. } => "er på lager".into(),
        CardState::HandedOut { entry_id, citizen_ref, .. } => {
            format!("er udleveret til sag {citizen_ref} (post {entry_id})")
        }
        CardState::Voided { entry_id } => format!("er kasseret (post {entry_id})"),
        CardState::Lost { entry_id } => format!("er meldt bortkommet (post {entry_id})"),
    }
}

/// The ledger's refusals in Danish.
pub fn ledger_error(e: &LedgerError) -> String {
    match e {
        LedgerError::EmptySerial => "Skriv kortets serienummer.".into(),
        LedgerError::MissingActor => "Posten mangler rådgiveren, der registrerer den.".into(),
        LedgerError::MissingCitizen => "En udlevering skal nævne borgerens sag.".into(),
        LedgerError::MissingReason => "Skriv en begrundelse.".into(),
        LedgerError::NonPositiveValue { value } => {
            format!("Et kort skal have en værdi over 0 (ikke {}).", value.format_dk())
        }
        LedgerError::AlreadyReceived { serial, state } => {
            format!("Kort {serial} er allerede i regnskabet: det {}.", card_state(state))
        }
        LedgerError::NotOnHand { serial, state } => {
            format!("Kort {serial} er ikke på lager: det {}.", card_state(state))
        }
        LedgerError::UnknownEntry { id } => format!("Der er ingen post {id}."),
        LedgerError::CannotCorrectCorrection { id } => {
            format!("Post {id} er selv en rettelse; registrér i stedet handlingen igen.")
        }
        LedgerError::AlreadyCorrected { id, by } => format!("Post {id} er allerede rettet af post {by}."),
        LedgerError::EntryNotCurrent { id } => format!("Post {id} er ikke længere kortets gældende post."),
        LedgerError::SessionAlreadyHasCard { entry_id, .. } => {
            format!("Mødegangen har allerede fået sit kort (post {entry_id}).")
        }
        LedgerError::DateBeforeEarlierEntry { earlier_entry, earlier_date, .. } => {
            format!("Datoen ligger før {} (post {earlier_entry}); tjek datoen.", format_date_dk(*earlier_date))
        }
        LedgerError::InvalidRange { from, to } => {
            format!("'{from}' til '{to}' er ikke en række serienumre; skriv fx MOVE-0001 til MOVE-0050.")
        }
        LedgerError::RangeTooLarge { count, max } => format!("{count} kort på én gang; højst {max}."),
        LedgerError::IdsExhausted => "Regnskabet har ikke flere postnumre.".into(),
        LedgerError::IdNotIncreasing { id, previous } => format!("Post {id} kommer ikke efter post {previous}."),
        LedgerError::EntryMismatch { id } => format!("Post {id} passer ikke til sit kort (serienummer eller værdi)."),
    }
}

fn money_error(e: &MoneyParseError) -> &'static str {
    match e {
        MoneyParseError::Empty => "Skal udfyldes.",
        MoneyParseError::NotANumber => "Skriv et beløb som 200 eller 200,00.",
        MoneyParseError::TooManyDecimals => "Højst to decimaler (øre).",
        MoneyParseError::TooLarge => "Beløbet er for stort.",
    }
}

/// Every problem the Grupper pane's forms and writes can meet.
pub fn group_problem(p: &GroupProblem) -> String {
    match p {
        GroupProblem::Required => "Skal udfyldes.".into(),
        GroupProblem::TooLong { max } => format!("Højst {max} tegn."),
        GroupProblem::ControlCharacters => "Må ikke indeholde styretegn.".into(),
        GroupProblem::Date(e) | GroupProblem::Time(e) => format!("{e}"),
        GroupProblem::NotANumber => "Skriv et tal.".into(),
        GroupProblem::OutOfRange { min, max } => format!("Skriv et tal fra {min} til {max}."),
        GroupProblem::NameTaken => "En anden gruppe hedder allerede sådan.".into(),
        GroupProblem::InFuture => "Datoen kan ikke ligge efter i dag.".into(),
        GroupProblem::Before { earlier } => format!("Datoen ligger før {}.", format_date_dk(*earlier)),
        GroupProblem::SessionCancelled => "Mødegangen er aflyst.".into(),
        GroupProblem::SessionHeld => {
            "Fremmødet er registreret: en holdt mødegang kan ikke aflyses eller flyttes.".into()
        }
        GroupProblem::SessionOnDate { date } => format!("Der er allerede en mødegang den {}.", format_date_dk(*date)),
        GroupProblem::SameDate => "Mødegangen ligger allerede den dag.".into(),
        GroupProblem::NothingToPlan => "Ingen hverdage at planlægge fra den dato.".into(),
        GroupProblem::NoSuchCase => "Der er ingen sag med det nummer.".into(),
        GroupProblem::CaseClosed => "Sagen er afsluttet.".into(),
        GroupProblem::NotATreatmentCase => "Pårørende og samarbejdspartnere er ikke med i grupper.".into(),
        GroupProblem::AnonymousGroupNeedsAnonymousCase => "Den anonyme gruppe (§101a) tager kun anonyme sager.".into(),
        GroupProblem::AnonymousCaseInNamedGroup => {
            "En anonym sag (§101a) holdes adskilt: kun i den anonyme gruppe.".into()
        }
        GroupProblem::AlreadyMember => "Sagen er allerede med i gruppen.".into(),
        GroupProblem::NotMember => "Sagen er ikke med i gruppen.".into(),
        GroupProblem::AnonymousNoGiftCards => {
            "Anonym behandling (§101a) giver ikke MOVE-gavekort; de hører til §101-behandling.".into()
        }
        GroupProblem::CourseAlreadyOpen => "Sagen har allerede et åbent MOVE-forløb.".into(),
        GroupProblem::CourseEnded => "Forløbet er afsluttet.".into(),
        GroupProblem::FollowUpStarted { on } => format!("Opfølgningsfasen startede {}.", format_date_dk(*on)),
        GroupProblem::CardsAfter { date } => {
            format!("Mødegangen {} gav et kort; opfølgningen kan tidligst starte dagen efter.", format_date_dk(*date))
        }
        GroupProblem::CardsUnsettled => "Udlever eller afklar forløbets gavekort først.".into(),
        GroupProblem::SameAttendance => "Vælg en anden markering end den registrerede.".into(),
        GroupProblem::Unmarked => "Mangler markering (m, a eller u).".into(),
        GroupProblem::CardsDisabled => "Centrets profil giver ikke gavekort.".into(),
        GroupProblem::NotEarned => "Mødegangen giver ikke et kort.".into(),
        GroupProblem::AlreadyHandedOut { serial } => format!("Kortet til mødegangen er allerede udleveret ({serial})."),
        GroupProblem::SerialTwice => "Samme kort står på to linjer.".into(),
        GroupProblem::WrongValue { card, rule } => {
            format!("Kortet er på {}; reglen giver kort på {}.", card.format_dk(), rule.format_dk())
        }
        GroupProblem::NothingToResolve => "Der er intet udleveret kort at afklare på linjen.".into(),
        GroupProblem::NoEarnedSessionFree => "Ingen optjent mødegang i forløbet mangler sit kort.".into(),
        GroupProblem::Money(e) => money_error(e).into(),
        GroupProblem::Ledger(e) => ledger_error(e),
    }
}

pub const LIST_TITLE: &str = "Grupper";
pub const ANONYMOUS_APART: &str = "Anonym behandling (§101a), holdes adskilt";
pub const NO_GROUPS: &str = "Ingen grupper endnu. Tryk n for en ny.";
pub const COL_TODAY: &str = "I dag / næste";
pub const COL_GROUP: &str = "Gruppe";
pub const COL_KIND: &str = "Type";
pub const COL_MEETS: &str = "Mødes";
pub const COL_MEMBERS: &str = "Delt";
pub const COL_DATE: &str = "Dato";
pub const COL_SESSION: &str = "Mødegang";
pub const COL_ATTENDANCE: &str = "Fremmøde";
pub const COL_CARD: &str = "Kort";
pub const COL_GIFT_CARD: &str = "Gavekort";
pub const COL_CITIZEN: &str = "Borger";
pub const COL_MEMBER: &str = "Deltager";
pub const COL_MARK: &str = "Markering";
pub const COL_MOVE: &str = "MOVE-gavekort";
pub const COL_PHASE: &str = "Fase";
pub const COL_STATUS: &str = "Status";
pub const COL_TIME: &str = "Kl.";
pub const COL_CARDS_HANDED_OUT: &str = "Udl.";
pub const COL_CARDS_POSSIBLE: &str = "Mulige";
pub const COL_KR: &str = "Kr.";
pub const COL_PLACE: &str = "Sted";
pub const TODAY_MARK: &str = "I DAG";
/// Today's session has no roll call yet.
pub const ROLL_MISSING: &str = GROUP_MARKERS[7].text;
pub const NO_SESSIONS: &str = "Ingen mødegange. Tryk n for at planlægge.";
pub const NO_MEMBERS: &str = "ingen endnu (t tilføjer)";
pub const INDIVIDUAL: &str = "Individuel";

pub const ROLL_TITLE: &str = "Fremmøde";
pub const ROLL_EMPTY: &str = "Ingen deltagere på mødegangen. Tilføj dem i gruppen (t).";
pub const ROLL_SAVED: &str = "Fremmødet er gemt.";
pub const ROLL_UNSAVED: &str = "Fremmødet er ikke gemt: Enter gemmer, Esc fortryder.";
pub const ROLL_DISCARDED: &str = "Fortrudt: fremmødet er ikke gemt.";
pub const ROLL_NOT_SAVED: &str = "Ikke gemt: ret de markerede linjer. Markeringerne er bevaret.";
pub const SERIAL_PROMPT: &str = "serienr.: ";
pub const NO_TODAY_SESSION: &str = "Gruppen har ingen mødegang i dag. Åbn gruppen (Enter) og vælg mødegangen.";

pub const COURSES_TITLE: &str = "MOVE-forløb";
pub const NO_COURSES: &str = "Ingen MOVE-forløb endnu. Tryk n for et nyt.";
pub const COURSE_TITLE: &str = "MOVE-forløb";
pub const CARDS_OFF: &str = "Centrets profil giver ikke gavekort: forløbet registreres, kortene tælles ikke.";
pub const SETTLED: &str = "Kortene er afstemt: intet skyldigt, intet at afklare.";
pub const NO_COURSE_SESSIONS: &str = "Ingen mødegange i forløbet endnu.";

pub const LEDGER_TITLE: &str = "Gavekortregnskab";
pub const LEDGER_EMPTY: &str = "Ingen poster endnu. Tryk r for kort modtaget.";
pub const BALANCES: &str = "STEMMER";
pub const DOES_NOT_BALANCE: &str = "STEMMER IKKE";
pub const COL_VALUE: &str = "Værdi";
pub const COL_RECEIVED: &str = "Modtaget";
pub const COL_HANDED_OUT: &str = "Udleveret";
pub const COL_VOIDED: &str = "Kasseret";
pub const COL_LOST: &str = "Bortkommet";
pub const COL_ON_HAND: &str = "På lager";
pub const COL_BALANCE: &str = "Afstemning";
pub const COL_NO: &str = "Nr.";
pub const COL_EVENT: &str = "Hændelse";
pub const COL_SERIAL: &str = "Serienr.";
pub const COL_AMOUNT: &str = "Beløb";
pub const COL_BY: &str = "Af";
pub const COL_NOTE: &str = "Note";
pub const CORRECTED: &str = "RETTET";

// Forms.
pub const NEW_GROUP_TITLE: &str = "Ny gruppe";
pub const F_GROUP_NAME: &str = "Navn";
pub const F_GROUP_KIND: &str = "Type";
pub const F_WEEKDAY: &str = "Ugedag";
pub const F_PLACE: &str = "Sted";
pub const F_COUNSELLORS: &str = "Rådgivere";
pub const HINT_COUNSELLORS: &str = "brugernavne, adskilt af komma";
pub const PLAN_SESSIONS_TITLE: &str = "Planlæg mødegange";
pub const F_FROM: &str = "Første dato";
pub const F_COUNT: &str = "Antal uger";
pub const HINT_PLAN: &str = "ugentligt på gruppens ugedag; helligdage springes over";
pub const CANCEL_TITLE: &str = "Aflys mødegang";
pub const MOVE_TITLE: &str = "Flyt mødegang";
pub const F_NEW_DATE: &str = "Ny dato";
pub const ADD_MEMBER_TITLE: &str = "Tilføj deltager";
pub const REMOVE_MEMBER_TITLE: &str = "Meld deltager ud";
pub const F_CASE: &str = "Sagsnummer";
pub const F_JOINED: &str = "Med fra";
pub const F_LEFT: &str = "Udmeldt den";
pub const HINT_CASE: &str = "sagens nummer, fx 12";
pub const NEW_COURSE_TITLE: &str = "Nyt MOVE-forløb";
pub const F_SCREENING: &str = "Screening holdt den";
pub const INDIVIDUAL_TITLE: &str = "Individuel session";
pub const F_ATTENDANCE: &str = "Fremmøde";
pub const CORRECT_TITLE: &str = "Ret fremmøde";
pub const HAND_OUT_TITLE: &str = "Udlever gavekort";
pub const F_SERIAL: &str = "Serienummer";
pub const FOLLOW_UP_TITLE: &str = "Opfølgningsfase starter";
pub const END_COURSE_TITLE: &str = "Afslut MOVE-forløb";
pub const RESOLVE_TITLE: &str = "Afklar udleveret kort";
pub const F_RESOLUTION: &str = "Hvad er der sket";
pub const RECEIVE_TITLE: &str = "Gavekort modtaget";
pub const F_SERIAL_FROM: &str = "Serienr. (første)";
pub const F_SERIAL_TO: &str = "Til og med (række)";
pub const HINT_SERIAL_TO: &str = "tom: ét kort; ellers fx MOVE-0050 eller 50";
pub const F_VALUE: &str = "Værdi pr. kort";
pub const VOID_TITLE: &str = "Kassér kort";
pub const LOSE_TITLE: &str = "Kort bortkommet";
pub const CORRECT_ENTRY_TITLE: &str = "Ret post";
pub const F_CORRECTION_SCOPE: &str = "Ret";

/// The correction of a receipt of several cards, as one entry.
pub fn correct_whole_receipt(first: &str, last: &str, cards: usize) -> String {
    format!("Hele modtagelsen: {first} til {last} ({cards} kort)")
}

pub fn correct_only_card(serial: &str) -> String {
    format!("Kun {serial}")
}

/// Cards received at another value than the profile's.
pub fn unusual_card_value(value: Ore, usual: Ore, cards: u64) -> String {
    let total = Ore(value.ore().saturating_mul(i64::try_from(cards).unwrap_or(i64::MAX)));
    format!(
        "Værdien {} pr. kort er ikke profilens {} ({} kort i alt {}).",
        value.format_dk(),
        usual.format_dk(),
        cards,
        total.format_dk()
    )
}

pub const HINT_CORRECTION: &str = "posten står; rettelsen er en ny post";

// What could not be read from the database; the store's reason follows.
pub const GROUPS_NOT_LOADED: &str = "Grupperne kunne ikke hentes:";
pub const GROUP_NOT_LOADED: &str = "Gruppen kunne ikke hentes:";
pub const ROLL_NOT_LOADED: &str = "Fremmødet kunne ikke hentes:";
pub const COURSES_NOT_LOADED: &str = "MOVE-forløbene kunne ikke hentes:";
pub const COURSE_NOT_LOADED: &str = "Forløbet kunne ikke hentes:";
pub const LEDGER_NOT_LOADED: &str = "Gavekortregnskabet kunne ikke hentes:";
/// A card's serial number was dropped from a roll-call line whose new mark earns no card.
pub const SERIAL_DROPPED: &str = "Serienummeret er taget af linjen: den giver ikke længere et kort.";

pub const SELECT_GROUP_FIRST: &str = "Vælg en gruppe først.";
pub const SELECT_SESSION_FIRST: &str = "Vælg en mødegang først.";
pub const SELECT_ROW_FIRST: &str = "Vælg en linje først.";
pub const NOT_AN_ATTENDANCE: &str = "Linjen er en planlagt mødegang uden fremmøde.";
pub const NOT_TO_RESOLVE: &str = "Linjen har intet kort at afklare.";
pub const NOTHING_TO_HAND_OUT: &str = "Linjen giver ikke et kort, der mangler at blive udleveret.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_weekdays_are_three_letters_even_with_a_danish_letter() {
        let all = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun]
            .map(weekday_short);
        assert_eq!(all, ["man", "tir", "ons", "tor", "fre", "lør", "søn"]);
    }
}
