//! Intake: contacts (henvendelser), the 14-day treatment guarantee and the
//! steps that move a case from first contact to treatment start (domain.md 1).

mod citizen;
mod contact;
mod conversations;
mod correction;
mod guarantee;
mod queue;
mod steps;

pub use citizen::{
    Circumstances, Citizen, CitizenChoice, CitizenDetails, Citizenship, FamilySituation, Gender, IdentityField,
    IdentityInput, IdentityProblem, IncomeSource, validate_identity,
};
pub use contact::{ContactField, ContactInput, ContactProblem, ContactWarning, NewContact, validate_contact};
pub use conversations::{
    Conversation, ConversationCount, ConversationField, ConversationKind, counts as conversation_counts,
    parse_conversation, passed as conversations_passed, warning_for_new as conversation_warning,
};
pub use correction::{
    CaseEdit, CaseEditInput, ConsentOnProblem, EditField, EditProblem, RecordedStep, UndoProblem, apply_undo,
    check_undo_reason, last_standing, undo_order_problem, undo_problem, validate_edit,
};
pub use guarantee::{DoctorStatus, Guarantee, doctor_status, guarantee};
pub use queue::{QueueEntry, QueueFlag, Stage, build_queue, queue_entry, stage};
pub use steps::{
    ClosingReason, Step, StepField, StepInput, StepKind, StepProblem, StepWarning, apply_step, case_problem,
    parse_step, step_warnings,
};

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::cpr::Cpr;

/// Who contacts the centre (domain.md 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactKind {
    /// A citizen over 18 about their own use.
    OwnUse,
    /// A relative (pårørende).
    Relative,
    /// A young person under 18.
    Young,
    /// Anonymous treatment under §101a: a pseudonym, never a name or CPR.
    Anonymous,
    /// A professional (samarbejdspartner).
    Professional,
}

impl ContactKind {
    pub const ALL: [ContactKind; 5] = [
        ContactKind::OwnUse,
        ContactKind::Relative,
        ContactKind::Young,
        ContactKind::Anonymous,
        ContactKind::Professional,
    ];

    /// The 14-day guarantee belongs to §101 treatment of the citizen; a
    /// relative's or a professional's contact is not a request for it, and
    /// §101a anonymous treatment is kept apart from §101.
    pub fn carries_guarantee(self) -> bool {
        matches!(self, ContactKind::OwnUse | ContactKind::Young)
    }

    /// Whether a case of this kind can start treatment at the centre.
    pub fn can_start_treatment(self) -> bool {
        matches!(self, ContactKind::OwnUse | ContactKind::Young | ContactKind::Anonymous)
    }
}

/// How the contact reached the centre.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Phone,
    Email,
    InPerson,
    Web,
}

impl Channel {
    pub const ALL: [Channel; 4] = [Channel::Phone, Channel::Email, Channel::InPerson, Channel::Web];
}

/// The substances the yearly report counts (domain.md 6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Substance {
    Cannabis,
    Amphetamine,
    Opioids,
    Benzodiazepines,
    Cocaine,
    Solvents,
    Other,
}

impl Substance {
    pub const ALL: [Substance; 7] = [
        Substance::Cannabis,
        Substance::Amphetamine,
        Substance::Opioids,
        Substance::Benzodiazepines,
        Substance::Cocaine,
        Substance::Solvents,
        Substance::Other,
    ];
}

/// The question every intake asks about children under 18 (domain.md 5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChildrenAnswer {
    NotAsked,
    NoChildren,
    HasChildren,
}

impl ChildrenAnswer {
    pub const ALL: [ChildrenAnswer; 3] =
        [ChildrenAnswer::NotAsked, ChildrenAnswer::NoChildren, ChildrenAnswer::HasChildren];
}

/// Who the case is about: a named citizen, or a pseudonym only (§101a).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identity {
    Named { name: String, cpr: Option<Cpr> },
    Anonymous { pseudonym: String },
}

impl Identity {
    /// What lists show: the name or the pseudonym, never the CPR number.
    pub fn display_name(&self) -> &str {
        match self {
            Identity::Named { name, .. } => name,
            Identity::Anonymous { pseudonym } => pseudonym,
        }
    }

    pub fn cpr(&self) -> Option<&Cpr> {
        match self {
            Identity::Named { cpr, .. } => cpr.as_ref(),
            Identity::Anonymous { .. } => None,
        }
    }
}

/// A date with the reason the counsellor gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reasoned {
    pub on: NaiveDate,
    pub reason: String,
}

/// How far a case has come. Each field is set by one [`Step`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    /// The date the visitation conversation is booked for.
    pub visitation_on: Option<NaiveDate>,
    /// The citizen showed up and agreed that the assessment starts.
    pub consent_on: Option<NaiveDate>,
    pub doctor_offered_on: Option<NaiveDate>,
    /// Whether the citizen wanted the doctor's consultation when offered.
    pub doctor_wanted: Option<bool>,
    pub doctor_held_on: Option<NaiveDate>,
    /// Free choice of another provider: the guarantee no longer applies (§101 stk. 6).
    pub free_choice: Option<Reasoned>,
    /// A special assessment that can make the 14 days impossible: the
    /// deadline is kept, but marked with the reason.
    pub special_assessment: Option<Reasoned>,
    pub treatment_started_on: Option<NaiveDate>,
    /// The contact was closed without (further) treatment here.
    pub closed: Option<Reasoned>,
    /// Why the contact was closed, from the list; `None` for a course ended
    /// in Planer and for contacts closed before the list existed.
    pub closing_reason: Option<ClosingReason>,
}

/// One contact and the course that follows from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub id: i64,
    pub citizen_id: i64,
    pub kind: ContactKind,
    pub channel: Channel,
    pub contact_at: NaiveDateTime,
    pub identity: Identity,
    pub home_municipality: String,
    pub counsellor: String,
    pub substances: Vec<Substance>,
    pub children: ChildrenAnswer,
    /// Asked only for young people under 18.
    pub parental_consent: Option<bool>,
    pub note: String,
    /// Under the profile's youngest age: referred to the children and family
    /// department rather than treated here.
    pub referred_young: bool,
    pub progress: Progress,
}

impl Case {
    pub fn contact_date(&self) -> NaiveDate {
        self.contact_at.date()
    }

    /// Whether the citizen's home municipality differs from the centre's.
    pub fn from_other_municipality(&self, centre_municipality: &str) -> bool {
        !same_municipality(&self.home_municipality, centre_municipality)
    }
}

/// Municipality names compared as people type them: case and surrounding
/// space do not matter, and "Kommune" after the name is the same place.
pub fn same_municipality(a: &str, b: &str) -> bool {
    fn norm(s: &str) -> String {
        let lower = s.trim().to_lowercase();
        lower.strip_suffix("kommune").map(|s| s.trim_end().to_string()).unwrap_or(lower)
    }
    let (a, b) = (norm(a), norm(b));
    a.is_empty() || b.is_empty() || a == b
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;
    use chrono::NaiveTime;

    pub fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// An adult own-use case from a first contact at 10:00 on `contact`.
    pub fn case_on(contact: &str) -> Case {
        Case {
            id: 1,
            citizen_id: 1,
            kind: ContactKind::OwnUse,
            channel: Channel::Phone,
            contact_at: date(contact).and_time(NaiveTime::from_hms_opt(10, 0, 0).unwrap()),
            identity: Identity::Named { name: "Testborger".into(), cpr: None },
            home_municipality: "Randers".into(),
            counsellor: "anna".into(),
            substances: vec![Substance::Cannabis],
            children: ChildrenAnswer::NoChildren,
            parental_consent: None,
            note: String::new(),
            referred_young: false,
            progress: Progress::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn municipality_names_compare_as_people_write_them() {
        assert!(same_municipality("Randers", " randers kommune "));
        assert!(!same_municipality("Randers", "Favrskov"));
        // An unknown centre municipality flags nobody.
        assert!(same_municipality("Favrskov", ""));
    }

    #[test]
    fn only_the_citizens_own_treatment_carries_the_guarantee() {
        let carrying: Vec<_> = ContactKind::ALL.into_iter().filter(|k| k.carries_guarantee()).collect();
        assert_eq!(carrying, vec![ContactKind::OwnUse, ContactKind::Young]);
    }
}
