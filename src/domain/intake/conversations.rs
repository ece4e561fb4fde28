//! Counted conversations before enrolment (domain.md 1, 6a): anonymous,
//! advisory and relatives' conversations are counted per case against the
//! profile's limit. Passing the limit is a warning to the counsellor, never
//! a refusal: the conversation happened and is recorded as it was.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Case, StepProblem};
use crate::domain::input::{self, DateProblem};
use crate::domain::policy::IntakePolicy;

/// What kind of counted conversation it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConversationKind {
    /// A non-committal, anonymous conversation (Rødovre: up to 3).
    Anonymous,
    /// An advisory conversation by phone, video or in person (Randers: 1-5).
    Advisory,
    /// A relative's conversation (Rødovre: 1-2).
    Relative,
}

impl ConversationKind {
    pub const ALL: [ConversationKind; 3] =
        [ConversationKind::Anonymous, ConversationKind::Advisory, ConversationKind::Relative];

    /// The stable id kept in the database and in exported files.
    pub fn id(self) -> &'static str {
        match self {
            ConversationKind::Anonymous => "anonymous",
            ConversationKind::Advisory => "advisory",
            ConversationKind::Relative => "relative",
        }
    }

    pub fn from_id(id: &str) -> Option<ConversationKind> {
        ConversationKind::ALL.into_iter().find(|k| k.id() == id)
    }
}

/// One conversation held on a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Conversation {
    pub on: NaiveDate,
    pub kind: ConversationKind,
}

/// How many conversations of one kind a case has had, against the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConversationCount {
    pub kind: ConversationKind,
    pub count: u32,
    /// `None`: the profile names no number for this kind.
    pub limit: Option<u32>,
    /// The limit is the young person's (under 18, before the family
    /// department decides), not the adult one.
    pub young: bool,
}

impl ConversationCount {
    /// More conversations than the limit: the warning. At the limit is fine.
    pub fn passed(&self) -> bool {
        self.limit.is_some_and(|limit| self.count > limit)
    }
}

/// The limit for `kind` on a case, from the profile. A young person's
/// anonymous conversations count against the young limit when the profile
/// has one (Rødovre: one before the family department decides).
pub fn limit(policy: &IntakePolicy, kind: ConversationKind, young: bool) -> (Option<u32>, bool) {
    match kind {
        ConversationKind::Anonymous if young && policy.young_anonymous_conversations_max.is_some() => {
            (policy.young_anonymous_conversations_max, true)
        }
        ConversationKind::Anonymous => (policy.anonymous_conversations_max, false),
        ConversationKind::Advisory => (policy.advisory_conversations_max, false),
        ConversationKind::Relative => (policy.relatives_conversations_max, false),
    }
}

/// The count of each kind on a case, in `ConversationKind::ALL` order.
/// `young`: the case is a young person's (under 18).
pub fn counts(conversations: &[Conversation], policy: &IntakePolicy, young: bool) -> Vec<ConversationCount> {
    ConversationKind::ALL
        .into_iter()
        .map(|kind| {
            let count = conversations.iter().filter(|c| c.kind == kind).count();
            let (limit, young_limit) = limit(policy, kind, young);
            ConversationCount { kind, count: u32::try_from(count).unwrap_or(u32::MAX), limit, young: young_limit }
        })
        .collect()
}

/// The counts past their limit: what the case screen warns about.
pub fn passed(conversations: &[Conversation], policy: &IntakePolicy, young: bool) -> Vec<ConversationCount> {
    counts(conversations, policy, young).into_iter().filter(ConversationCount::passed).collect()
}

/// The warning for registering one more conversation of `kind`: the count
/// it would make, when that passes the limit.
pub fn warning_for_new(
    conversations: &[Conversation],
    kind: ConversationKind,
    policy: &IntakePolicy,
    young: bool,
) -> Option<ConversationCount> {
    let count = conversations.iter().filter(|c| c.kind == kind).count() + 1;
    let (limit, young_limit) = limit(policy, kind, young);
    let after = ConversationCount { kind, count: u32::try_from(count).unwrap_or(u32::MAX), limit, young: young_limit };
    after.passed().then_some(after)
}

/// The conversation form's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConversationField {
    Date,
    Kind,
}

/// A conversation typed on the form, checked against the case as loaded:
/// a readable date, not in the future, not before the first contact, on a
/// case still open. The problems are the steps' (the same words).
pub fn parse_conversation(
    date: &str,
    kind: ConversationKind,
    case: &Case,
    today: NaiveDate,
) -> Result<Conversation, (ConversationField, StepProblem)> {
    if case.progress.closed.is_some() {
        return Err((ConversationField::Date, StepProblem::CaseClosed));
    }
    let on = input::check_date(date, Some(today), &[((), Some(case.contact_date()))]).map_err(|p| {
        let p = match p {
            DateProblem::Required => StepProblem::Required,
            DateProblem::Unreadable(e) => StepProblem::Date(e),
            DateProblem::InFuture => StepProblem::InFuture,
            DateProblem::Before((), contact) => StepProblem::BeforeContact { contact },
        };
        (ConversationField::Date, p)
    })?;
    Ok(Conversation { on, kind })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::policy::Profile;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    fn held(kind: ConversationKind, n: u32) -> Vec<Conversation> {
        (1..=n).map(|d| Conversation { on: day(1) + chrono::Days::new(d.into()), kind }).collect()
    }

    fn policy(id: &str) -> IntakePolicy {
        Profile::built_in(id).unwrap().intake
    }

    fn case_from_march_2(closed: bool) -> Case {
        let mut case = crate::domain::intake::test_support::case_on("2026-03-02");
        if closed {
            case.progress.closed = Some(crate::domain::intake::Reasoned { on: day(5), reason: String::new() });
        }
        case
    }

    #[test]
    fn the_form_date_is_checked_at_its_edges() {
        let case = case_from_march_2(false);
        let today = day(10);
        let ok = |d: &str| parse_conversation(d, ConversationKind::Relative, &case, today);
        assert_eq!(ok("02.03.2026"), Ok(Conversation { on: day(2), kind: ConversationKind::Relative }));
        assert_eq!(ok("10.03.2026").map(|c| c.on), Ok(day(10)));
        assert_eq!(ok("11.03.2026"), Err((ConversationField::Date, StepProblem::InFuture)));
        assert_eq!(ok("01.03.2026"), Err((ConversationField::Date, StepProblem::BeforeContact { contact: day(2) })));
        assert_eq!(ok(""), Err((ConversationField::Date, StepProblem::Required)));
        assert!(matches!(ok("32.03.2026"), Err((ConversationField::Date, StepProblem::Date(_)))));
        assert!(matches!(ok("i går"), Err((ConversationField::Date, StepProblem::Date(_)))));
        let closed = case_from_march_2(true);
        assert_eq!(
            parse_conversation("03.03.2026", ConversationKind::Anonymous, &closed, today),
            Err((ConversationField::Date, StepProblem::CaseClosed))
        );
    }

    #[test]
    fn kind_ids_round_trip_and_unknown_is_none() {
        for kind in ConversationKind::ALL {
            assert_eq!(ConversationKind::from_id(kind.id()), Some(kind));
        }
        assert_eq!(ConversationKind::from_id("phone"), None);
        assert_eq!(ConversationKind::from_id(""), None);
    }

    #[test]
    fn rodovre_anonymous_at_the_limit_is_fine_one_over_warns() {
        let p = policy("rodovre");
        for n in 0..=3 {
            assert!(passed(&held(ConversationKind::Anonymous, n), &p, false).is_empty(), "{n}");
        }
        let over = passed(&held(ConversationKind::Anonymous, 4), &p, false);
        assert_eq!(
            over,
            vec![ConversationCount { kind: ConversationKind::Anonymous, count: 4, limit: Some(3), young: false }]
        );
    }

    #[test]
    fn rodovre_relatives_two_fine_three_warns() {
        let p = policy("rodovre");
        assert!(passed(&held(ConversationKind::Relative, 2), &p, false).is_empty());
        assert_eq!(passed(&held(ConversationKind::Relative, 3), &p, false)[0].count, 3);
        assert_eq!(warning_for_new(&held(ConversationKind::Relative, 1), ConversationKind::Relative, &p, false), None);
        assert_eq!(
            warning_for_new(&held(ConversationKind::Relative, 2), ConversationKind::Relative, &p, false),
            Some(ConversationCount { kind: ConversationKind::Relative, count: 3, limit: Some(2), young: false })
        );
    }

    #[test]
    fn randers_advisory_five_fine_six_warns_and_other_kinds_unlimited() {
        let p = policy("randers");
        assert!(passed(&held(ConversationKind::Advisory, 5), &p, false).is_empty());
        assert_eq!(passed(&held(ConversationKind::Advisory, 6), &p, false)[0].limit, Some(5));
        assert!(passed(&held(ConversationKind::Anonymous, 40), &p, true).is_empty());
        assert!(passed(&held(ConversationKind::Relative, 40), &p, false).is_empty());
    }

    #[test]
    fn rodovre_young_person_gets_one_anonymous_conversation() {
        let p = policy("rodovre");
        let one = held(ConversationKind::Anonymous, 1);
        assert!(passed(&one, &p, true).is_empty());
        assert_eq!(
            warning_for_new(&one, ConversationKind::Anonymous, &p, true),
            Some(ConversationCount { kind: ConversationKind::Anonymous, count: 2, limit: Some(1), young: true })
        );
        // The young limit is for anonymous conversations only; a relative's
        // conversations keep the relatives' limit.
        assert_eq!(
            counts(&[], &p, true)[2],
            ConversationCount { kind: ConversationKind::Relative, count: 0, limit: Some(2), young: false }
        );
        // An adult case has the adult limit.
        assert_eq!(warning_for_new(&one, ConversationKind::Anonymous, &p, false), None);
    }

    #[test]
    fn profiles_that_name_no_number_never_warn() {
        for id in ["national", "faxe", "nyborg"] {
            let p = policy(id);
            for kind in ConversationKind::ALL {
                for young in [false, true] {
                    assert!(passed(&held(kind, 30), &p, young).is_empty(), "{id} {kind:?}");
                    assert_eq!(warning_for_new(&held(kind, 30), kind, &p, young), None);
                    assert!(counts(&held(kind, 30), &p, young).iter().all(|c| c.limit.is_none()));
                }
            }
        }
    }

    #[test]
    fn a_limit_of_zero_warns_at_the_first_conversation() {
        let p = IntakePolicy { advisory_conversations_max: Some(0), ..IntakePolicy::default() };
        assert!(passed(&[], &p, false).is_empty());
        assert!(warning_for_new(&[], ConversationKind::Advisory, &p, false).is_some());
    }

    #[test]
    fn counts_each_kind_apart() {
        let p = policy("rodovre");
        let mut all = held(ConversationKind::Anonymous, 3);
        all.extend(held(ConversationKind::Relative, 2));
        all.extend(held(ConversationKind::Advisory, 9));
        let c = counts(&all, &p, false);
        assert_eq!(c.iter().map(|c| c.count).collect::<Vec<_>>(), vec![3, 9, 2]);
        assert_eq!(c.iter().map(|c| c.limit).collect::<Vec<_>>(), vec![Some(3), None, Some(2)]);
        assert!(passed(&all, &p, false).is_empty());
    }
}
