//! Children of citizens and child-protection notifications (underretninger),
//! domain.md 5 and 7.4.
//!
//! A case records its children under 18 by year of birth and relation (no
//! child CPR number), and an expected child when the citizen or a partner is
//! pregnant. A notification goes drafted → citizen informed (or, with the
//! reason, not informed because telling would put the child at risk) →
//! sent → receipt confirmed, and may receive later information from the
//! municipality. States only move forward; a sent notification is never
//! changed or deleted: a correction is a new notification linked to it.

mod board;
mod children;
mod lifecycle;

pub use board::{BoardEntry, BoardFlag, BoardItem, FamilyCase, build_board, children_question_due, consideration_due};
pub use children::{
    ChildField, ChildInput, ChildProblem, ConsiderationField, ConsiderationInput, EndChildInput, MAX_CHILD_NAME,
    NewChild, NewConsideration, adult_from, answer_after, answer_children_question, noted_on, possibly_under_18,
    validate_child, validate_child_change, validate_consideration, validate_end_child,
};
pub use lifecycle::{
    DraftContext, DraftField, DraftInput, DraftProblem, HistoryProblem, NewDraft, RECEIPT_WORKING_DAYS, Transition,
    TransitionField, TransitionInput, TransitionKind, TransitionProblem, apply_transition, check_history,
    check_transition, draft_due, parse_transition, receipt_due, validate_draft,
};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use std::convert::Infallible;

use super::dates::DateInputError;
use super::input::{self, DateProblem, TextProblem};

/// What is wrong with a typed value, whatever the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputProblem {
    Required,
    TooLong {
        max: usize,
    },
    /// Control characters would corrupt the next reader's screen.
    ControlCharacters,
    Date(DateInputError),
    /// The date lies after today.
    InFuture,
}

impl From<TextProblem> for InputProblem {
    fn from(p: TextProblem) -> Self {
        match p {
            TextProblem::Required => InputProblem::Required,
            TextProblem::TooLong { max } => InputProblem::TooLong { max },
            TextProblem::ControlCharacters => InputProblem::ControlCharacters,
        }
    }
}

/// Checks a typed text by the shared rule (`domain::input`). Returns the
/// trimmed text.
pub(crate) fn check_text(text: &str, required: bool, max: usize) -> Result<String, InputProblem> {
    input::check_text(text, required, max).map(str::to_string).map_err(InputProblem::from)
}

/// A free text of several lines (line breaks kept), checked the same way.
pub(crate) fn check_note(text: &str, required: bool, max: usize) -> Result<String, InputProblem> {
    input::check_note(text, required, max).map(str::to_string).map_err(InputProblem::from)
}

/// Reads a typed date that cannot lie after today.
pub(crate) fn check_day(text: &str, today: NaiveDate) -> Result<NaiveDate, InputProblem> {
    let no_earlier: [(Infallible, Option<NaiveDate>); 0] = [];
    input::check_date(text, Some(today), &no_earlier).map_err(|p| match p {
        DateProblem::Required => InputProblem::Required,
        DateProblem::Unreadable(e) => InputProblem::Date(e),
        DateProblem::InFuture => InputProblem::InFuture,
        DateProblem::Before(never, _) => match never {},
    })
}

/// Which duty a notification is made under. The ids name the duty, not the
/// paragraph number, because the numbers changed when the duties moved from
/// Serviceloven to Barnets Lov on 1 January 2024 and may move again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Duty {
    /// Barnets Lov §133 (was Serviceloven §153): the stricter duty of
    /// public employees and those doing public tasks, which the centre's
    /// counsellors are.
    Professional,
    /// Barnets Lov §135 (was Serviceloven §154): everyone's duty.
    Everyone,
}

impl Duty {
    pub const ALL: [Duty; 2] = [Duty::Professional, Duty::Everyone];

    /// The current paragraph of Barnets Lov and the old Serviceloven one.
    pub fn paragraphs(self) -> (Paragraph, Paragraph) {
        match self {
            Duty::Professional => (Paragraph::BARNETS_LOV_133, Paragraph::SEL_153),
            Duty::Everyone => (Paragraph::BARNETS_LOV_135, Paragraph::SEL_154),
        }
    }
}

/// A paragraph of an act, to show as "§133" with the act's short name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Paragraph {
    pub act: Act,
    pub number: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Act {
    /// Barnets Lov, in force from 1 January 2024.
    BarnetsLov,
    /// Serviceloven, where the duties were until 2023.
    Serviceloven,
}

impl Paragraph {
    pub const BARNETS_LOV_133: Paragraph = Paragraph { act: Act::BarnetsLov, number: "133" };
    pub const BARNETS_LOV_135: Paragraph = Paragraph { act: Act::BarnetsLov, number: "135" };
    /// The municipality's handling: within 24 hours it assesses whether the
    /// child is in danger, and it confirms receipt to a professional
    /// notifier within 6 working days.
    pub const BARNETS_LOV_136: Paragraph = Paragraph { act: Act::BarnetsLov, number: "136" };
    /// Telling the professional notifier what follows.
    pub const BARNETS_LOV_137: Paragraph = Paragraph { act: Act::BarnetsLov, number: "137" };
    pub const SEL_153: Paragraph = Paragraph { act: Act::Serviceloven, number: "153" };
    pub const SEL_154: Paragraph = Paragraph { act: Act::Serviceloven, number: "154" };
    pub const SEL_155: Paragraph = Paragraph { act: Act::Serviceloven, number: "155" };
    pub const SEL_155_B: Paragraph = Paragraph { act: Act::Serviceloven, number: "155 b" };

    /// The municipality's handling and its receipt: the current paragraph
    /// and the old one.
    pub const HANDLING: (Paragraph, Paragraph) = (Paragraph::BARNETS_LOV_136, Paragraph::SEL_155);
    /// Later information to the notifier.
    pub const LATER_INFORMATION: (Paragraph, Paragraph) = (Paragraph::BARNETS_LOV_137, Paragraph::SEL_155_B);
}

/// Why the centre notifies (domain.md 7.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ground {
    /// §133: a child or young person may need special support.
    SpecialSupport,
    /// §133: a child may need special support right after birth because
    /// of the expecting parents' situation.
    SupportAfterBirth,
    /// §133: a child of school age has unlawful absence from school.
    SchoolAbsence,
    /// §133: a child or young person has been exposed to abuse.
    Abuse,
    /// The citizen or the citizen's partner is pregnant (domain.md 7.4).
    Pregnancy,
    /// §135: a child is neglected, degraded, or lives in conditions that
    /// put its health or development in danger.
    Endangered,
}

impl Ground {
    pub const ALL: [Ground; 6] = [
        Ground::SpecialSupport,
        Ground::SupportAfterBirth,
        Ground::SchoolAbsence,
        Ground::Abuse,
        Ground::Pregnancy,
        Ground::Endangered,
    ];

    /// The duty whose paragraph names this ground.
    pub fn duty(self) -> Duty {
        match self {
            Ground::Endangered => Duty::Everyone,
            _ => Duty::Professional,
        }
    }

    /// Grounds about a child not yet born: the notification must concern
    /// an expected child.
    pub fn concerns_expected_child(self) -> bool {
        matches!(self, Ground::SupportAfterBirth | Ground::Pregnancy)
    }
}

/// How a child relates to the citizen's household (domain.md 5), or an
/// expected child when the citizen or a partner is pregnant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChildRelation {
    LivesAtHome,
    /// Delebarn: lives part of the time with the citizen.
    SharedCustody,
    /// Samværsbarn: visits the citizen.
    ContactChild,
    PlacedOutsideHome,
    /// The citizen is pregnant; the year is the expected year of birth.
    ExpectedByCitizen,
    /// The citizen's partner is pregnant; the year is the expected year of birth.
    ExpectedByPartner,
}

impl ChildRelation {
    pub const ALL: [ChildRelation; 6] = [
        ChildRelation::LivesAtHome,
        ChildRelation::SharedCustody,
        ChildRelation::ContactChild,
        ChildRelation::PlacedOutsideHome,
        ChildRelation::ExpectedByCitizen,
        ChildRelation::ExpectedByPartner,
    ];

    pub fn is_expected(self) -> bool {
        matches!(self, ChildRelation::ExpectedByCitizen | ChildRelation::ExpectedByPartner)
    }

    /// Whether the child's daily life is with the citizen, so the case
    /// needs a regular consideration of the child. An expected child counts:
    /// a pregnancy is a ground of its own and the child will be born into
    /// the home. A contact child or a placed child does not live there.
    pub fn needs_consideration(self) -> bool {
        matches!(
            self,
            ChildRelation::LivesAtHome
                | ChildRelation::SharedCustody
                | ChildRelation::ExpectedByCitizen
                | ChildRelation::ExpectedByPartner
        )
    }
}

/// Who recorded something, and when (UTC, to the second, as the store
/// writes it). Filled in by the store, never typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub by: String,
    pub at: String,
}

/// A date with the reason the counsellor gave, and who recorded it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ended {
    pub on: NaiveDate,
    pub reason: String,
    pub stamp: Stamp,
}

/// A child of a case. No CPR number and no full name: the year of birth
/// and the relation tell most children of one case apart, and an optional
/// first name or initials tells apart two born the same year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Child {
    pub id: i64,
    pub case_id: i64,
    /// A first name or initials; empty when not given.
    pub name: String,
    /// The year of birth, or for an expected child the expected year.
    pub birth_year: i32,
    pub relation: ChildRelation,
    /// The day the centre learned of the child (or the pregnancy).
    pub noted_on: NaiveDate,
    /// No longer relevant (moved away, pregnancy ended, recorded in error):
    /// kept, never deleted, because a notification may name the child.
    pub ended: Option<Ended>,
    pub stamp: Stamp,
}

impl Child {
    /// Still one of the case's children under 18 (or still expected) on `today`.
    pub fn is_current(&self, today: NaiveDate) -> bool {
        self.ended.is_none() && (self.relation.is_expected() || possibly_under_18(self.birth_year, today))
    }
}

/// A recorded consideration of a case's children: the counsellor thought
/// about whether the children are safe, and wrote down the outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consideration {
    pub id: i64,
    pub case_id: i64,
    pub on: NaiveDate,
    pub note: String,
    pub stamp: Stamp,
}

/// What the notification says; only a draft's content may change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Content {
    pub duty: Duty,
    /// Sorted, without repeats.
    pub grounds: Vec<Ground>,
    /// The case's children it concerns (child ids), sorted.
    pub children: Vec<i64>,
    /// The receiving municipality.
    pub municipality: String,
    /// The counsellor's description of the concern.
    pub description: String,
}

/// How the citizen was told, or why not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Informed {
    Told {
        how: InformHow,
    },
    /// Telling the citizen first would put the child at risk (domain.md 5):
    /// the reason is recorded.
    NotTold {
        reason: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InformHow {
    InPerson,
    Phone,
    Letter,
    DigitalPost,
}

impl InformHow {
    pub const ALL: [InformHow; 4] = [InformHow::InPerson, InformHow::Phone, InformHow::Letter, InformHow::DigitalPost];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SendHow {
    /// The municipality's digital notification form.
    OnlineForm,
    SecureEmail,
    Letter,
    /// By phone, in an acute situation.
    Phone,
}

impl SendHow {
    pub const ALL: [SendHow; 4] = [SendHow::OnlineForm, SendHow::SecureEmail, SendHow::Letter, SendHow::Phone];
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Informing {
    pub on: NaiveDate,
    pub informed: Informed,
    pub stamp: Stamp,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sending {
    pub on: NaiveDate,
    pub how: SendHow,
    pub stamp: Stamp,
}

/// A dated event with who recorded it: the draft and the receipt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dated {
    pub on: NaiveDate,
    pub stamp: Stamp,
}

/// Later information from the municipality about what it did (§137).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaterInfo {
    pub id: i64,
    pub on: NaiveDate,
    pub text: String,
    pub stamp: Stamp,
}

/// One underretning and everything that happened to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub id: i64,
    pub case_id: i64,
    /// The sent notification this one corrects.
    pub corrects: Option<i64>,
    pub content: Content,
    pub drafted: Dated,
    pub informed: Option<Informing>,
    pub sent: Option<Sending>,
    pub receipt: Option<Dated>,
    /// A draft that was not sent after all (never a sent one).
    pub discarded: Option<Ended>,
    /// Oldest first.
    pub later: Vec<LaterInfo>,
}

/// Where a notification stands. Only ever moves down this list (or, before
/// sending, to `Discarded`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum State {
    Drafted,
    Informed,
    Sent,
    ReceiptConfirmed,
    Discarded,
}

impl Notification {
    pub fn state(&self) -> State {
        if self.discarded.is_some() {
            State::Discarded
        } else if self.receipt.is_some() {
            State::ReceiptConfirmed
        } else if self.sent.is_some() {
            State::Sent
        } else if self.informed.is_some() {
            State::Informed
        } else {
            State::Drafted
        }
    }

    /// Finished: nothing more is waited for (later information may still come).
    pub fn is_finished(&self) -> bool {
        matches!(self.state(), State::ReceiptConfirmed | State::Discarded)
    }

    /// Sent: from now on nothing of it may change.
    pub fn is_sent(&self) -> bool {
        self.sent.is_some()
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;
    use crate::domain::intake::test_support::date;

    pub fn stamp() -> Stamp {
        Stamp { by: "anna".into(), at: "2026-03-10T09:00:00Z".into() }
    }

    pub fn child(id: i64, case_id: i64, year: i32, relation: ChildRelation, noted: &str) -> Child {
        Child {
            id,
            case_id,
            name: String::new(),
            birth_year: year,
            relation,
            noted_on: date(noted),
            ended: None,
            stamp: stamp(),
        }
    }

    /// A §133 draft about child 1 of case 1.
    pub fn draft(id: i64, drafted: &str) -> Notification {
        Notification {
            id,
            case_id: 1,
            corrects: None,
            content: Content {
                duty: Duty::Professional,
                grounds: vec![Ground::SpecialSupport],
                children: vec![1],
                municipality: "Randers".into(),
                description: "Barnet kommer sultent i skole.".into(),
            },
            drafted: Dated { on: date(drafted), stamp: stamp() },
            informed: None,
            sent: None,
            receipt: None,
            discarded: None,
            later: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_duty_shows_the_current_paragraph_and_the_old_one() {
        let (now, was) = Duty::Professional.paragraphs();
        assert_eq!((now.act, now.number, was.act, was.number), (Act::BarnetsLov, "133", Act::Serviceloven, "153"));
        let (now, was) = Duty::Everyone.paragraphs();
        assert_eq!((now.number, was.number), ("135", "154"));
        assert_eq!((Paragraph::HANDLING.0.number, Paragraph::HANDLING.1.number), ("136", "155"));
        assert_eq!((Paragraph::LATER_INFORMATION.0.number, Paragraph::LATER_INFORMATION.1.number), ("137", "155 b"));
    }

    #[test]
    fn grounds_belong_to_their_duty() {
        let professional: Vec<Ground> = Ground::ALL.into_iter().filter(|g| g.duty() == Duty::Professional).collect();
        assert_eq!(
            professional,
            vec![
                Ground::SpecialSupport,
                Ground::SupportAfterBirth,
                Ground::SchoolAbsence,
                Ground::Abuse,
                Ground::Pregnancy
            ]
        );
        assert_eq!(Ground::Endangered.duty(), Duty::Everyone);
    }

    #[test]
    fn the_ids_are_stable_english() {
        assert_eq!(serde_json::to_value(Duty::Professional).unwrap(), "professional");
        assert_eq!(serde_json::to_value(Ground::SupportAfterBirth).unwrap(), "support_after_birth");
        assert_eq!(serde_json::to_value(ChildRelation::PlacedOutsideHome).unwrap(), "placed_outside_home");
        assert_eq!(serde_json::to_value(ChildRelation::ExpectedByPartner).unwrap(), "expected_by_partner");
        assert_eq!(serde_json::to_value(InformHow::DigitalPost).unwrap(), "digital_post");
        assert_eq!(serde_json::to_value(SendHow::OnlineForm).unwrap(), "online_form");
    }

    #[test]
    fn a_notification_states_where_it_stands() {
        use test_support::*;
        let mut n = draft(1, "2026-03-10");
        assert_eq!(n.state(), State::Drafted);
        n.informed =
            Some(Informing { on: n.drafted.on, informed: Informed::Told { how: InformHow::InPerson }, stamp: stamp() });
        assert_eq!(n.state(), State::Informed);
        n.sent = Some(Sending { on: n.drafted.on, how: SendHow::SecureEmail, stamp: stamp() });
        assert_eq!(n.state(), State::Sent);
        assert!(n.is_sent() && !n.is_finished());
        n.receipt = Some(Dated { on: n.drafted.on, stamp: stamp() });
        assert_eq!(n.state(), State::ReceiptConfirmed);
        assert!(n.is_finished());
    }
}
