//! A write refused because a colleague changed the record meanwhile, in
//! Danish: who, when, what they changed, and that nothing was saved.
//! The form around it says that the draft is kept.

use chrono::{NaiveDate, Utc};

use super::cli::printable;
use super::time::{clock_only, local_date_time};
use crate::domain::dates::{format_date_dk, local_of, local_of_stamp};
use crate::store::{Conflict, FieldChange, Found, LastChange, Record};

/// A value longer than this is cut: the message is one status line.
const MAX_VALUE_CHARS: usize = 30;

/// The whole message: "ændret imens af bo kl. 10:42 (trin registreret):
/// sendt – → 17.03.2026. Underretningen er sendt eller kasseret. Intet er
/// gemt."
pub fn conflict(c: &Conflict) -> String {
    let mut out = match &c.change {
        Some(change) => format!("ændret imens af {}", who_when(change, local_of(Utc::now()).date())),
        None => "ændret imens af en anden".to_string(),
    };
    out.push_str(": ");
    if let Some(change) = &c.change
        && !change.fields.is_empty()
    {
        let fields: Vec<String> = change.fields.iter().map(field).collect();
        out.push_str(&fields.join(", "));
        out.push_str(". ");
    }
    out.push_str(&found(&c.found, c.record));
    out.push_str(" Intet er gemt.");
    out
}

/// "bo kl. 10:42 (trin registreret)", with the day when it is not `today`.
fn who_when(change: &LastChange, today: NaiveDate) -> String {
    let when = match local_of_stamp(&change.at) {
        Some(local) if local.date() == today => clock_only(local),
        Some(local) => format!("den {}", local_date_time(local)),
        None => printable(&change.at).into_owned(),
    };
    let mut out = format!("{} {when}", printable(&change.actor));
    if let Some(action) = action(&change.action) {
        out.push_str(&format!(" ({action})"));
    }
    out
}

/// What a write did, in words (the trail's action names).
fn action(id: &str) -> Option<&'static str> {
    Some(match id {
        "record_step" => "trin registreret",
        "edit_case" => "sagen rettet",
        "reassign_case" => "sagen overdraget",
        "undo_step" => "trin fortrudt",
        "plan_create" => "planen oprettet",
        "plan_revise" => "planen revideret",
        "end_course" => "forløbet afsluttet",
        "follow_up_attempt" => "opfølgningsopkald registreret",
        "add_child" => "barn tilføjet",
        "register_conversation" => "samtale registreret",
        "change_child" => "barnet ændret",
        "end_child" => "barnet afsluttet",
        "answer_children" => "spørgsmålet om børn besvaret",
        "edit_draft" => "kladden rettet",
        "notification_step" => "trin registreret",
        "record_stay_step" => "trin registreret",
        "save_own_payment" => "egenbetaling gemt",
        "update_provider" => "leverandøren ændret",
        "set_price" => "pris sat",
        "roll_call" => "fremmøde registreret",
        "cancel_session" => "mødegangen aflyst",
        "move_session" => "mødegangen flyttet",
        "hand_out_gift_card" => "gavekort udleveret",
        "void_gift_card" => "gavekort kasseret",
        "lose_gift_card" => "gavekort meldt tabt",
        "receive_gift_cards" => "gavekort modtaget",
        "correct_gift_card_entry" => "post rettet",
        "import" => "import",
        _ => return None,
    })
}

/// "sendt: – → 17.03.2026"
fn field(f: &FieldChange) -> String {
    let shown = |v: Option<&str>| match v.and_then(|v| choice(&f.table, &f.column, v)) {
        Some(word) => format!("«{word}»"),
        None => value(v),
    };
    format!("{}: {} → {}", column(&f.table, &f.column), shown(f.before.as_deref()), shown(f.after.as_deref()))
}

/// A stored choice (`lives_at_home`) in the words the form shows it by.
fn choice(table: &str, column: &str, id: &str) -> Option<&'static str> {
    let id = serde_json::Value::String(id.to_string());
    match (table, column) {
        ("children", "relation") => serde_json::from_value(id).ok().map(super::notifications::relation),
        ("notifications", "duty") => serde_json::from_value(id).ok().map(super::notifications::duty_option),
        _ => None,
    }
}

/// A column's name in words; an unnamed one as it is.
fn column(table: &str, column: &str) -> String {
    let word = match (table, column) {
        (_, "closed_on") => "afsluttet",
        (_, "closed_reason") => "afslutningsgrund",
        (_, "closing_reason") => "afslutningsårsag",
        (_, "treatment_started_on") => "behandling startet",
        (_, "visitation_on") => "visitation",
        (_, "consent_on") => "samtykke",
        (_, "doctor_offered_on") => "lægesamtale tilbudt",
        (_, "doctor_held_on") => "lægesamtale holdt",
        (_, "free_choice_on") => "frit valg",
        (_, "special_on") => "særlig grund",
        ("cases", "children") => "børn",
        ("cases", "note") => "note",
        ("cases", "counsellor") => "rådgiver",
        ("cases", "parental_consent") => "forældresamtykke",
        ("cases", "contact_at") => "henvendelse",
        ("cases", "channel") => "kanal",
        ("cases", "kind") => "hvem",
        ("children", "birth_year") => "fødselsår",
        ("children", "relation") => "relation",
        ("children", "ended_on") => "afsluttet",
        ("children", "ended_reason") => "begrundelse",
        ("notifications", "description") => "beskrivelse",
        ("notifications", "municipality") => "kommune",
        ("notifications", "duty") => "pligt",
        ("notifications", "drafted_on") => "kladdedato",
        ("notifications", "informed_on") => "orienteret",
        ("notifications", "sent_on") => "sendt",
        ("notifications", "receipt_on") => "kvittering",
        ("notifications", "discarded_on") => "kasseret",
        ("stays", "decision") => "afgørelse",
        ("stays", "decided_on") => "afgjort",
        ("stays", "started_on") => "startet",
        ("stays", "midway_status_on") => "midtvejsstatus",
        ("stays", "ended_on") => "sluttet",
        ("stays", "final_status_on") => "slutstatus",
        ("stays", "interruption_reported_on") => "afbrydelse meldt",
        ("stays", "aftercare_started_on") => "efterbehandling startet",
        ("follow_up_calls", "done_on") => "gennemført",
        ("providers", "name") => "navn",
        ("providers", "contact") => "kontakt",
        _ => return printable(column).into_owned(),
    };
    word.to_string()
}

/// A stored value as the user reads it: a day as 17.03.2026, nothing as –,
/// a long text cut.
fn value(v: Option<&str>) -> String {
    let Some(v) = v else { return "–".to_string() };
    if let Ok(day) = NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        return format_date_dk(day);
    }
    let clean = printable(v);
    if clean.chars().count() > MAX_VALUE_CHARS {
        let cut: String = clean.chars().take(MAX_VALUE_CHARS).collect();
        format!("«{cut}…»")
    } else {
        format!("«{clean}»")
    }
}

/// The record in words, as the subject of a sentence.
fn record(r: Record) -> String {
    match r {
        Record::Case(id) | Record::CaseEvents(id) => format!("Sag {id}"),
        Record::Plan { case_id } => format!("Planen for sag {case_id}"),
        Record::Call { id, .. } => format!("Opfølgningsopkald {id}"),
        Record::Child { id, .. } => format!("Barn {id}"),
        Record::Notification(id) => format!("Underretning {id}"),
        Record::Stay(id) => format!("Ophold {id}"),
        Record::OwnPayment(id) => format!("Egenbetalingen for ophold {id}"),
        Record::Provider(id) => format!("Leverandør {id}"),
        Record::Session(id) => format!("Mødegang {id}"),
        Record::GiftCard(_) => "Gavekortet".to_string(),
        Record::Members(id) => format!("Deltagerne i gruppe {id}"),
        Record::Complaint(id) => format!("Klage {id}"),
        Record::Citizen(_) => "Borgeren".to_string(),
        Record::Circumstances { case_id } => format!("Forholdene i sag {case_id}"),
    }
}

/// What the record holds now that the write did not expect.
fn found(f: &Found, r: Record) -> String {
    match f {
        Found::CaseClosed { on } => format!("Sagen blev afsluttet {}.", format_date_dk(*on)),
        Found::IntakeStep(p) => super::intake::step_problem(p),
        Found::PlanVersion { expected, latest } => {
            format!("Planen er revideret imens: version {latest} findes, din er skrevet som version {expected}.")
        }
        Found::CallDone { on: Some(on) } => format!("Opkaldet blev gennemført {}.", format_date_dk(*on)),
        Found::CallDone { on: None } => "Opkaldet er gennemført.".to_string(),
        Found::ChildEnded => "Barnet er afsluttet.".to_string(),
        Found::NotificationClosed => "Underretningen er sendt eller kasseret.".to_string(),
        Found::NotificationStep(p) => super::notifications::transition_problem(p),
        Found::StayStep(p) => super::stays::stay_step_problem(p),
        Found::ComplaintStep(p) => super::complaints::step_problem(p),
        Found::Edited => format!("{} er ændret, siden du åbnede formularen.", record(r)),
        Found::CardHandedOut { serial } => {
            format!("Kortet for mødegangen er udleveret imens: {}.", printable(serial))
        }
        Found::CardReceived { serial } => format!("Gavekort {} er modtaget imens.", printable(serial)),
        Found::EntryCorrected { id } => format!("Post {id} er rettet imens."),
        Found::NameTaken { name } => format!("{} hedder nu «{}».", record(r), printable(name)),
        Found::StayOverlaps { case } => format!("Sag {case} har nu {} i de samme dage.", record(r).to_lowercase()),
        Found::CardGone { serial } => {
            format!("Gavekort {} er ikke længere på lager; vælg et andet.", printable(serial))
        }
        Found::CitizenRegistered { .. } => {
            "CPR-nummeret (eller pseudonymet) er registreret på en borger imens: gem igen, og svar på, om det er samme person."
                .to_string()
        }
        Found::CprTaken { .. } => {
            "CPR-nummeret tilhører en anden borger; et CPR-nummer hører til én person.".to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(fields: Vec<FieldChange>) -> LastChange {
        LastChange { actor: "bo".into(), at: "2026-03-17T09:42:00Z".into(), action: "notification_step".into(), fields }
    }

    #[test]
    fn a_changed_choice_is_named_in_the_forms_words_not_by_its_stored_id() {
        let relation = FieldChange {
            table: "children".into(),
            column: "relation".into(),
            before: Some("lives_at_home".into()),
            after: Some("shared_custody".into()),
        };
        let shown = field(&relation);
        assert!(!shown.contains("lives_at_home") && !shown.contains("shared_custody"), "{shown}");
        let (home, shared) = (
            crate::text::notifications::relation(crate::domain::notification::ChildRelation::LivesAtHome),
            crate::text::notifications::relation(crate::domain::notification::ChildRelation::SharedCustody),
        );
        assert_eq!(shown, format!("relation: «{home}» → «{shared}»"));
    }

    #[test]
    fn names_the_colleague_the_time_the_fields_and_that_nothing_was_saved() {
        let sent = FieldChange {
            table: "notifications".into(),
            column: "sent_on".into(),
            before: None,
            after: Some("2026-03-17".into()),
        };
        let c = Conflict {
            record: Record::Notification(4),
            found: Found::NotificationClosed,
            change: Some(change(vec![sent])),
        };
        let text = conflict(&c);
        // Stored 09:42 UTC: 10:42 on the centre's clock (CET), whatever
        // zone the server runs in.
        assert!(text.starts_with("ændret imens af bo den 17.03.2026 kl. 10:42 (trin registreret): "), "{text}");
        assert!(text.contains("(trin registreret): sendt: – → 17.03.2026. "), "{text}");
        assert!(text.ends_with("Underretningen er sendt eller kasseret. Intet er gemt."), "{text}");
        let today = NaiveDate::from_ymd_opt(2026, 3, 17).unwrap();
        assert_eq!(who_when(&change(Vec::new()), today), "bo kl. 10:42 (trin registreret)");
    }

    #[test]
    fn a_colleagues_name_and_values_cannot_steer_the_terminal_and_long_ones_are_cut() {
        let long = FieldChange {
            table: "notifications".into(),
            column: "description".into(),
            before: Some("a\u{1b}[2Jb".into()),
            after: Some("x".repeat(500)),
        };
        let mut last = change(vec![long]);
        last.actor = "ond\u{1b}]0;titel\u{7}".into();
        let text = conflict(&Conflict { record: Record::Notification(4), found: Found::Edited, change: Some(last) });
        assert!(!text.contains('\u{1b}'), "{text:?}");
        assert!(text.chars().count() < 250, "{text}");
        assert!(text.contains("Underretning 4 er ændret, siden du åbnede formularen."), "{text}");
    }

    #[test]
    fn without_the_trail_it_still_says_what_is_there_now() {
        let c = Conflict {
            record: Record::Plan { case_id: 3 },
            found: Found::PlanVersion { expected: 2, latest: 2 },
            change: None,
        };
        assert_eq!(
            conflict(&c),
            "ændret imens af en anden: Planen er revideret imens: version 2 findes, din er skrevet som version 2. \
             Intet er gemt."
        );
    }
}
