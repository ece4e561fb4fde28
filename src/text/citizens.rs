//! The words of one citizen, one identity: the new-contact form's "same
//! person?" step, the correction of a citizen, a contact's circumstances.

use crate::domain::dates::format_date_dk;
use crate::domain::intake::{Identity, IdentityProblem};
use crate::store::{KnownCase, KnownCitizen};

pub const F_CITIZENSHIP: &str = "Statsborgerskab";
pub const F_GENDER: &str = "Køn (kun uden CPR)";
pub const F_FAMILY: &str = "Familiesituation";
pub const F_INCOME: &str = "Hovedindtægt";
pub const F_SAME_PERSON: &str = "Samme person?";
pub const SAME_OPTIONS: [&str; 3] = ["Vælg", "Ja, samme person: sagen knyttes til borgeren", "Nej, en anden person"];
pub const ANSWER_SAME_PERSON: &str = "Svar: er det samme person? (venstre/højre vælger)";

pub const F_NAME: &str = "Navn";
pub const F_PSEUDONYM: &str = "Pseudonym (§101a)";
pub const F_MUNICIPALITY: &str = "Bopælskommune";
pub const HINT_NEW_CPR: &str = "tomt: uændret; ellers DDMMÅÅ-XXXX";

pub fn f_new_cpr(masked: Option<&str>) -> String {
    match masked {
        Some(m) => format!("CPR (nu {m})"),
        None => "CPR-nummer (intet)".to_string(),
    }
}

/// Who a typed CPR number (or pseudonym) belongs to, and their cases as
/// far as the user may see them; then the question.
pub fn known_banner(known: &KnownCitizen, typed: &Identity, typed_home: &str) -> String {
    let c = &known.citizen;
    let who = match &c.identity {
        Identity::Named { name, cpr } => {
            let cpr = cpr.as_ref().map(|c| c.masked()).unwrap_or_default();
            format!("CPR-nummeret {cpr} tilhører en kendt borger: {name}, {}.", c.home_municipality)
        }
        Identity::Anonymous { pseudonym } => {
            format!("Pseudonymet «{pseudonym}» tilhører en kendt anonym borger (§101a), {}.", c.home_municipality)
        }
    };
    let cases: Vec<String> = known.cases.iter().map(known_case).collect();
    let cases = if cases.is_empty() { "Ingen sager.".to_string() } else { format!("Sager: {}.", cases.join("; ")) };
    let mut out = format!("{who} {cases} Er det samme person? Svar i feltet '{F_SAME_PERSON}'.");
    let name_differs = typed.display_name() != c.identity.display_name();
    if name_differs || typed_home.trim() != c.home_municipality {
        out.push_str(
            " Det du har skrevet som navn/bopæl afviger: borgeren ændres ikke af en ny henvendelse; ret borgeren med 'i' i en åben sag.",
        );
    }
    out
}

fn known_case(k: &KnownCase) -> String {
    let Some(d) = &k.details else { return format!("sag {} (ikke din: uden detaljer)", k.id) };
    let p = &d.progress;
    let state = if let Some(closed) = &p.closed {
        format!("henvendelse afsluttet {}", format_date_dk(closed.on))
    } else if let Some(ended) = d.course_ended_on {
        format!("forløb afsluttet {}", format_date_dk(ended))
    } else if let Some(started) = p.treatment_started_on {
        format!("i behandling fra {}", format_date_dk(started))
    } else {
        format!("i indtag fra {}", format_date_dk(d.contact_on))
    };
    format!("sag {} ({}, {state}, rådgiver {})", k.id, super::intake::contact_kind(d.kind), d.counsellor)
}

/// "No, another person": the typed number is refused where it was typed.
pub fn not_same_person(anonymous: bool) -> &'static str {
    if anonymous {
        "Pseudonymet bruges af en anden borger: vælg et andet pseudonym."
    } else {
        "Et CPR-nummer tilhører én person: tjek nummeret. Er det tastet rigtigt, er det samme person."
    }
}

/// After registering to a known citizen whose name or home differ from
/// what was typed.
pub const KEPT_AS_IS: &str = "Borgerens navn og bopæl er uændrede; ret dem med 'i' i sagen, hvis de er forkerte.";

pub fn identity_title(case_id: i64, cases: usize) -> String {
    let touches = if cases == 1 { "berører kun denne sag".to_string() } else { format!("berører {cases} sager") };
    format!("Ret borgeren · sag {case_id} · {touches}")
}

pub fn identity_problem(p: &IdentityProblem) -> String {
    match p {
        IdentityProblem::Required => "Skal udfyldes.".into(),
        IdentityProblem::TooLong { max } => format!("Højst {max} tegn."),
        IdentityProblem::ControlCharacters => "Må ikke indeholde styretegn.".into(),
        IdentityProblem::Cpr(e) => super::intake::contact_problem(&crate::domain::intake::ContactProblem::Cpr(*e)),
        IdentityProblem::CprRemoved => {
            "Et CPR-nummer kan rettes, ikke fjernes (sagernes aldersregler læser det).".into()
        }
        IdentityProblem::GenderWithCpr => "Kønnet læses af CPR-nummeret: vælg 'Ikke oplyst'.".into(),
        IdentityProblem::CprTaken => "CPR-nummeret tilhører en anden borger; et CPR-nummer hører til én person.".into(),
        IdentityProblem::NothingChanged => "Intet er ændret.".into(),
    }
}

pub fn citizen_changed(cases: usize) -> String {
    if cases == 1 {
        "Borgeren er rettet (1 sag).".to_string()
    } else {
        format!("Borgeren er rettet i alle {cases} sager.")
    }
}
