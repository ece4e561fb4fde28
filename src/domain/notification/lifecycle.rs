//! A notification's life: the draft (and its corrections), then the
//! transitions, only ever forward, each dated no earlier than the one before
//! (domain.md 5 and 7.4).

use chrono::NaiveDate;

use super::{
    Child, Content, Dated, Duty, Ended, Ground, InformHow, Informed, Informing, InputProblem, LaterInfo, Notification,
    SendHow, Sending, Stamp, State, check_day, check_note, check_text,
};
use crate::domain::dates;
use crate::domain::intake::Case;
use crate::domain::policy::NotificationPolicy;

/// The municipality confirms receipt to a professional notifier within 6
/// working days (Barnets Lov §136, was Serviceloven §155). Law, the same in
/// every municipality: not a profile setting.
pub const RECEIPT_WORKING_DAYS: u32 = 6;

const MAX_MUNICIPALITY: usize = crate::domain::limits::NOTIFICATION_MUNICIPALITY;
const MAX_DESCRIPTION: usize = crate::domain::limits::NOTIFICATION_DESCRIPTION;
const MAX_REASON: usize = crate::domain::limits::NOTIFICATION_REASON;
const MAX_LATER: usize = crate::domain::limits::LATER_INFORMATION;

/// The draft form as typed: choices chosen, texts raw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftInput {
    pub duty: Duty,
    pub grounds: Vec<Ground>,
    /// Child ids of the case.
    pub children: Vec<i64>,
    pub municipality: String,
    pub description: String,
    pub date: String,
}

/// What a draft is checked against.
#[derive(Debug, Clone, Copy)]
pub struct DraftContext<'a> {
    pub case: &'a Case,
    /// The case's children, ended ones included.
    pub children: &'a [Child],
    pub today: NaiveDate,
    /// The draft being edited, if any.
    pub editing: Option<&'a Notification>,
    /// The sent notification a new draft corrects, if any.
    pub corrects: Option<&'a Notification>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DraftField {
    Duty,
    Grounds,
    Children,
    Municipality,
    Description,
    Date,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftProblem {
    Input(InputProblem),
    BeforeContact {
        contact: NaiveDate,
    },
    NoGround,
    /// The ground is named by the other duty's paragraph.
    GroundNotUnderDuty {
        ground: Ground,
        duty: Duty,
    },
    NoChild,
    /// Not a child of this case.
    UnknownChild {
        id: i64,
    },
    /// The child's record is ended or the child has turned 18.
    ChildNotCurrent {
        id: i64,
    },
    /// A pregnancy ground needs an expected child among the children.
    NoExpectedChild,
    /// A sent notification is never changed: a correction is a new one.
    AlreadySent,
    Discarded,
    /// Only a sent notification of the same case can be corrected.
    CannotCorrect {
        id: i64,
    },
    /// A correction is dated on or after the notification it corrects.
    BeforeCorrected {
        sent: NaiveDate,
    },
}

/// A draft that passed its checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDraft {
    pub on: NaiveDate,
    pub content: Content,
    pub corrects: Option<i64>,
}

/// Checks a new draft, an edit of a draft, or a correction of a sent
/// notification. Every problem is reported at its field.
pub fn validate_draft(input: &DraftInput, ctx: DraftContext<'_>) -> Result<NewDraft, Vec<(DraftField, DraftProblem)>> {
    let mut problems = Vec::new();
    if let Some(n) = ctx.editing {
        if n.is_sent() {
            return Err(vec![(DraftField::Description, DraftProblem::AlreadySent)]);
        }
        if n.discarded.is_some() {
            return Err(vec![(DraftField::Description, DraftProblem::Discarded)]);
        }
    }
    if let Some(c) = ctx.corrects
        && (!c.is_sent() || c.case_id != ctx.case.id)
    {
        problems.push((DraftField::Description, DraftProblem::CannotCorrect { id: c.id }));
    }
    let on = match check_day(&input.date, ctx.today) {
        Ok(on) if on < ctx.case.contact_date() => {
            problems.push((DraftField::Date, DraftProblem::BeforeContact { contact: ctx.case.contact_date() }));
            None
        }
        Ok(on) => match ctx.corrects.and_then(|c| c.sent.as_ref()) {
            Some(sent) if on < sent.on => {
                problems.push((DraftField::Date, DraftProblem::BeforeCorrected { sent: sent.on }));
                None
            }
            _ => Some(on),
        },
        Err(p) => {
            problems.push((DraftField::Date, DraftProblem::Input(p)));
            None
        }
    };

    let mut grounds = input.grounds.clone();
    grounds.sort();
    grounds.dedup();
    if grounds.is_empty() {
        problems.push((DraftField::Grounds, DraftProblem::NoGround));
    }
    for g in &grounds {
        if g.duty() != input.duty {
            problems.push((DraftField::Grounds, DraftProblem::GroundNotUnderDuty { ground: *g, duty: input.duty }));
        }
    }

    let mut children = input.children.clone();
    children.sort();
    children.dedup();
    if children.is_empty() {
        problems.push((DraftField::Children, DraftProblem::NoChild));
    }
    // A child already named by the draft (or by the corrected notification)
    // may stay named after its record ended; a new one must be current.
    let named_before = |id: i64| {
        ctx.editing.is_some_and(|n| n.content.children.contains(&id))
            || ctx.corrects.is_some_and(|n| n.content.children.contains(&id))
    };
    let mut any_expected = false;
    for id in &children {
        match ctx.children.iter().find(|c| c.id == *id && c.case_id == ctx.case.id) {
            None => problems.push((DraftField::Children, DraftProblem::UnknownChild { id: *id })),
            Some(c) => {
                if !c.is_current(ctx.today) && !named_before(*id) {
                    problems.push((DraftField::Children, DraftProblem::ChildNotCurrent { id: *id }));
                }
                any_expected |= c.relation.is_expected();
            }
        }
    }
    if grounds.iter().any(|g| g.concerns_expected_child()) && !any_expected && !children.is_empty() {
        problems.push((DraftField::Children, DraftProblem::NoExpectedChild));
    }

    let municipality = check_text(&input.municipality, true, MAX_MUNICIPALITY)
        .map_err(|p| problems.push((DraftField::Municipality, DraftProblem::Input(p))))
        .ok();
    let description = check_note(&input.description, true, MAX_DESCRIPTION)
        .map_err(|p| problems.push((DraftField::Description, DraftProblem::Input(p))))
        .ok();

    match (on, municipality, description) {
        (Some(on), Some(municipality), Some(description)) if problems.is_empty() => Ok(NewDraft {
            on,
            content: Content { duty: input.duty, grounds, children, municipality, description },
            corrects: ctx.corrects.map(|c| c.id).or(ctx.editing.and_then(|n| n.corrects)),
        }),
        _ => Err(problems),
    }
}

/// The steps after the draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TransitionKind {
    Inform,
    Send,
    Receipt,
    LaterInfo,
    Discard,
}

/// A transition as typed. `text` is the reason (not told, discarded) or the
/// later information.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransitionInput {
    pub kind: TransitionKind,
    pub date: String,
    /// For `Inform`: was the citizen told?
    pub told: bool,
    pub inform_how: InformHow,
    pub send_how: SendHow,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TransitionField {
    Date,
    Told,
    Text,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransitionProblem {
    Input(InputProblem),
    /// Dated before the step it follows.
    Before {
        state: State,
        on: NaiveDate,
    },
    /// This step was taken already, on that day.
    AlreadyDone {
        on: NaiveDate,
    },
    /// The citizen must be told first, or the reason for not telling recorded.
    NotInformed,
    NotSent,
    /// A sent notification cannot be discarded or changed.
    AlreadySent,
    Discarded,
}

/// A checked transition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transition {
    Inform { on: NaiveDate, informed: Informed },
    Send { on: NaiveDate, how: SendHow },
    Receipt { on: NaiveDate },
    LaterInfo { on: NaiveDate, text: String },
    Discard { on: NaiveDate, reason: String },
}

impl TransitionKind {
    /// The stable id the audit trail uses.
    pub fn id(self) -> &'static str {
        match self {
            TransitionKind::Inform => "inform",
            TransitionKind::Send => "send",
            TransitionKind::Receipt => "receipt",
            TransitionKind::LaterInfo => "later_info",
            TransitionKind::Discard => "discard",
        }
    }
}

impl Transition {
    pub fn kind(&self) -> TransitionKind {
        match self {
            Transition::Inform { .. } => TransitionKind::Inform,
            Transition::Send { .. } => TransitionKind::Send,
            Transition::Receipt { .. } => TransitionKind::Receipt,
            Transition::LaterInfo { .. } => TransitionKind::LaterInfo,
            Transition::Discard { .. } => TransitionKind::Discard,
        }
    }

    pub fn on(&self) -> NaiveDate {
        match self {
            Transition::Inform { on, .. }
            | Transition::Send { on, .. }
            | Transition::Receipt { on }
            | Transition::LaterInfo { on, .. }
            | Transition::Discard { on, .. } => *on,
        }
    }
}

/// Whether `kind` may follow now, and the date it may not precede.
fn may_follow(kind: TransitionKind, n: &Notification) -> Result<(State, NaiveDate), TransitionProblem> {
    if n.discarded.is_some() {
        return Err(TransitionProblem::Discarded);
    }
    match kind {
        TransitionKind::Inform => match (&n.informed, &n.sent) {
            (_, Some(_)) => Err(TransitionProblem::AlreadySent),
            (Some(i), None) => Err(TransitionProblem::AlreadyDone { on: i.on }),
            (None, None) => Ok((State::Drafted, n.drafted.on)),
        },
        TransitionKind::Send => match (&n.informed, &n.sent) {
            (_, Some(s)) => Err(TransitionProblem::AlreadyDone { on: s.on }),
            (None, None) => Err(TransitionProblem::NotInformed),
            (Some(i), None) => Ok((State::Informed, i.on)),
        },
        TransitionKind::Receipt => match (&n.sent, &n.receipt) {
            (_, Some(r)) => Err(TransitionProblem::AlreadyDone { on: r.on }),
            (None, None) => Err(TransitionProblem::NotSent),
            (Some(s), None) => Ok((State::Sent, s.on)),
        },
        TransitionKind::LaterInfo => match &n.sent {
            None => Err(TransitionProblem::NotSent),
            Some(s) => Ok((State::Sent, s.on)),
        },
        TransitionKind::Discard => match &n.sent {
            Some(_) => Err(TransitionProblem::AlreadySent),
            None => Ok((State::Drafted, n.drafted.on)),
        },
    }
}

/// Checks a transition of `n` on `today`: only forward, each step dated no
/// earlier than the one it follows, and never after today.
pub fn parse_transition(
    input: &TransitionInput,
    n: &Notification,
    today: NaiveDate,
) -> Result<Transition, Vec<(TransitionField, TransitionProblem)>> {
    let kind = input.kind;
    let (after, earliest) = may_follow(kind, n).map_err(|p| vec![(TransitionField::Date, p)])?;
    let mut problems = Vec::new();
    let on = match check_day(&input.date, today) {
        Ok(on) if on < earliest => {
            problems.push((TransitionField::Date, TransitionProblem::Before { state: after, on: earliest }));
            None
        }
        Ok(on) => Some(on),
        Err(p) => {
            problems.push((TransitionField::Date, TransitionProblem::Input(p)));
            None
        }
    };
    let text_needed = match kind {
        TransitionKind::Inform => (!input.told).then_some(MAX_REASON),
        TransitionKind::Discard => Some(MAX_REASON),
        TransitionKind::LaterInfo => Some(MAX_LATER),
        TransitionKind::Send | TransitionKind::Receipt => None,
    };
    let text = match text_needed {
        Some(max) => check_text(&input.text, true, max)
            .map_err(|p| problems.push((TransitionField::Text, TransitionProblem::Input(p))))
            .ok(),
        None => Some(String::new()),
    };
    match (on, text) {
        (Some(on), Some(text)) if problems.is_empty() => Ok(match kind {
            TransitionKind::Inform => Transition::Inform {
                on,
                informed: if input.told {
                    Informed::Told { how: input.inform_how }
                } else {
                    Informed::NotTold { reason: text }
                },
            },
            TransitionKind::Send => Transition::Send { on, how: input.send_how },
            TransitionKind::Receipt => Transition::Receipt { on },
            TransitionKind::LaterInfo => Transition::LaterInfo { on, text },
            TransitionKind::Discard => Transition::Discard { on, reason: text },
        }),
        _ => Err(problems),
    }
}

/// Checks an already parsed transition against the notification as it is
/// now: the store calls this on the freshly read record, so a step taken
/// by someone else in the meantime is not overwritten.
pub fn check_transition(t: &Transition, n: &Notification) -> Result<(), TransitionProblem> {
    let (after, earliest) = may_follow(t.kind(), n)?;
    if t.on() < earliest { Err(TransitionProblem::Before { state: after, on: earliest }) } else { Ok(()) }
}

/// Applies a checked transition, stamped with who and when. Later
/// information gets id 0 until the store gives it one.
pub fn apply_transition(n: &mut Notification, t: &Transition, stamp: Stamp) {
    match t {
        Transition::Inform { on, informed } => {
            n.informed = Some(Informing { on: *on, informed: informed.clone(), stamp });
        }
        Transition::Send { on, how } => n.sent = Some(Sending { on: *on, how: *how, stamp }),
        Transition::Receipt { on } => n.receipt = Some(Dated { on: *on, stamp }),
        Transition::LaterInfo { on, text } => n.later.push(LaterInfo { id: 0, on: *on, text: text.clone(), stamp }),
        Transition::Discard { on, reason } => n.discarded = Some(Ended { on: *on, reason: reason.clone(), stamp }),
    }
}

/// When a draft not yet sent is overdue: the profile's days after drafting.
pub fn draft_due(n: &Notification, policy: &NotificationPolicy) -> Option<NaiveDate> {
    matches!(n.state(), State::Drafted | State::Informed)
        .then(|| dates::add_days(n.drafted.on, i64::from(policy.draft_due_days)))
}

/// The last day for the municipality's receipt of a sent notification: 6
/// working days after it was sent, the day of sending not counted,
/// weekends and Danish public holidays skipped.
pub fn receipt_due(n: &Notification) -> Option<NaiveDate> {
    match (n.state(), &n.sent) {
        (State::Sent, Some(s)) => Some(dates::add_working_days(s.on, RECEIPT_WORKING_DAYS)),
        _ => None,
    }
}

/// What is wrong with a whole notification's history, as read from a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryProblem {
    /// A later state without the one before it.
    Skipped {
        missing: State,
    },
    /// Dated before the state it follows.
    Before {
        state: State,
    },
    DiscardedAfterSending,
    ReasonRequired,
    TextRequired,
}

/// Checks a stored or imported notification's history: the states in order,
/// each dated no earlier than the one before. Names the field at fault.
pub fn check_history(n: &Notification) -> Result<(), (&'static str, HistoryProblem)> {
    let drafted = n.drafted.on;
    if let Some(i) = &n.informed {
        if i.on < drafted {
            return Err(("informed.on", HistoryProblem::Before { state: State::Drafted }));
        }
        if let Informed::NotTold { reason } = &i.informed
            && reason.trim().is_empty()
        {
            return Err(("informed.not_told_reason", HistoryProblem::ReasonRequired));
        }
    }
    if let Some(s) = &n.sent {
        let Some(i) = &n.informed else {
            return Err(("sent", HistoryProblem::Skipped { missing: State::Informed }));
        };
        if s.on < i.on {
            return Err(("sent.on", HistoryProblem::Before { state: State::Informed }));
        }
        if n.discarded.is_some() {
            return Err(("discarded", HistoryProblem::DiscardedAfterSending));
        }
    }
    if let Some(r) = &n.receipt {
        let Some(s) = &n.sent else {
            return Err(("receipt", HistoryProblem::Skipped { missing: State::Sent }));
        };
        if r.on < s.on {
            return Err(("receipt.on", HistoryProblem::Before { state: State::Sent }));
        }
    }
    if let Some(d) = &n.discarded {
        if d.on < drafted {
            return Err(("discarded.on", HistoryProblem::Before { state: State::Drafted }));
        }
        if d.reason.trim().is_empty() {
            return Err(("discarded.reason", HistoryProblem::ReasonRequired));
        }
    }
    for l in &n.later {
        match &n.sent {
            None => return Err(("later", HistoryProblem::Skipped { missing: State::Sent })),
            Some(s) if l.on < s.on => return Err(("later.on", HistoryProblem::Before { state: State::Sent })),
            Some(_) if l.text.trim().is_empty() => return Err(("later.text", HistoryProblem::TextRequired)),
            Some(_) => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::intake::test_support::{case_on, date};
    use crate::domain::notification::ChildRelation;
    use crate::domain::notification::test_support::{child, draft, stamp};

    fn draft_input() -> DraftInput {
        DraftInput {
            duty: Duty::Professional,
            grounds: vec![Ground::SpecialSupport],
            children: vec![1],
            municipality: "Randers".into(),
            description: "Barnet kommer sultent i skole.".into(),
            date: "16.03.2026".into(),
        }
    }

    fn kids() -> Vec<Child> {
        vec![
            child(1, 1, 2015, ChildRelation::LivesAtHome, "2026-03-01"),
            child(2, 1, 2026, ChildRelation::ExpectedByPartner, "2026-03-01"),
            child(3, 2, 2012, ChildRelation::LivesAtHome, "2026-03-01"),
        ]
    }

    fn ctx<'a>(case: &'a Case, children: &'a [Child]) -> DraftContext<'a> {
        DraftContext { case, children, today: date("2026-03-17"), editing: None, corrects: None }
    }

    fn step(kind: TransitionKind, on: &str) -> TransitionInput {
        TransitionInput {
            kind,
            date: on.into(),
            told: true,
            inform_how: InformHow::InPerson,
            send_how: SendHow::SecureEmail,
            text: String::new(),
        }
    }

    fn take(
        n: &mut Notification,
        kind: TransitionKind,
        on: &str,
        today: &str,
    ) -> Result<(), Vec<(TransitionField, TransitionProblem)>> {
        let mut input = step(kind, on);
        if matches!(kind, TransitionKind::Discard | TransitionKind::LaterInfo) {
            input.text = "Tekst".into();
        }
        let t = parse_transition(&input, n, date(today))?;
        apply_transition(n, &t, stamp());
        Ok(())
    }

    #[test]
    fn a_complete_draft_is_accepted_with_grounds_and_children_sorted() {
        let case = case_on("2026-03-01");
        let children = kids();
        let mut input = draft_input();
        input.grounds = vec![Ground::Abuse, Ground::SpecialSupport, Ground::Abuse];
        input.children = vec![1, 1];
        let d = validate_draft(&input, ctx(&case, &children)).unwrap();
        assert_eq!(d.on, date("2026-03-16"));
        assert_eq!(d.content.grounds, vec![Ground::SpecialSupport, Ground::Abuse]);
        assert_eq!(d.content.children, vec![1]);
        assert_eq!(d.corrects, None);
    }

    #[test]
    fn every_draft_problem_is_reported_at_its_field() {
        let case = case_on("2026-03-01");
        let children = kids();
        let input = DraftInput {
            duty: Duty::Everyone,
            grounds: vec![Ground::SchoolAbsence],
            children: vec![3, 9],
            municipality: " ".into(),
            description: String::new(),
            date: "18.03.2026".into(),
        };
        let got = validate_draft(&input, ctx(&case, &children)).unwrap_err();
        assert_eq!(
            got,
            vec![
                (DraftField::Date, DraftProblem::Input(InputProblem::InFuture)),
                (
                    DraftField::Grounds,
                    DraftProblem::GroundNotUnderDuty { ground: Ground::SchoolAbsence, duty: Duty::Everyone }
                ),
                (DraftField::Children, DraftProblem::UnknownChild { id: 3 }),
                (DraftField::Children, DraftProblem::UnknownChild { id: 9 }),
                (DraftField::Municipality, DraftProblem::Input(InputProblem::Required)),
                (DraftField::Description, DraftProblem::Input(InputProblem::Required)),
            ]
        );
        let mut empty = draft_input();
        empty.grounds.clear();
        empty.children.clear();
        empty.date = "28.02.2026".into();
        let got = validate_draft(&empty, ctx(&case, &children)).unwrap_err();
        assert_eq!(
            got,
            vec![
                (DraftField::Date, DraftProblem::BeforeContact { contact: date("2026-03-01") }),
                (DraftField::Grounds, DraftProblem::NoGround),
                (DraftField::Children, DraftProblem::NoChild),
            ]
        );
    }

    #[test]
    fn a_pregnancy_ground_concerns_an_expected_child() {
        let case = case_on("2026-03-01");
        let children = kids();
        let mut input = draft_input();
        input.grounds = vec![Ground::Pregnancy];
        assert_eq!(
            validate_draft(&input, ctx(&case, &children)).unwrap_err(),
            vec![(DraftField::Children, DraftProblem::NoExpectedChild)]
        );
        input.children = vec![2];
        assert!(validate_draft(&input, ctx(&case, &children)).is_ok());
    }

    #[test]
    fn a_child_no_longer_current_cannot_be_named_anew() {
        let case = case_on("2026-03-01");
        let mut children = kids();
        children[0].ended = Some(Ended { on: date("2026-03-10"), reason: "Flyttet".into(), stamp: stamp() });
        assert_eq!(
            validate_draft(&draft_input(), ctx(&case, &children)).unwrap_err(),
            vec![(DraftField::Children, DraftProblem::ChildNotCurrent { id: 1 })]
        );
        // But a draft already naming the child may keep it.
        let existing = draft(5, "2026-03-09");
        let editing = DraftContext { editing: Some(&existing), ..ctx(&case, &children) };
        assert!(validate_draft(&draft_input(), editing).is_ok());
    }

    #[test]
    fn a_notification_moves_only_forward_and_nothing_is_lost() {
        let mut n = draft(1, "2026-03-16");
        // Cannot be sent or confirmed before the citizen is informed.
        assert_eq!(
            take(&mut n, TransitionKind::Send, "16.03.2026", "2026-03-16"),
            Err(vec![(TransitionField::Date, TransitionProblem::NotInformed)])
        );
        assert_eq!(
            take(&mut n, TransitionKind::Receipt, "16.03.2026", "2026-03-16"),
            Err(vec![(TransitionField::Date, TransitionProblem::NotSent)])
        );
        assert_eq!(
            take(&mut n, TransitionKind::LaterInfo, "16.03.2026", "2026-03-16"),
            Err(vec![(TransitionField::Date, TransitionProblem::NotSent)])
        );
        take(&mut n, TransitionKind::Inform, "16.03.2026", "2026-03-16").unwrap();
        assert_eq!(
            take(&mut n, TransitionKind::Inform, "17.03.2026", "2026-03-17"),
            Err(vec![(TransitionField::Date, TransitionProblem::AlreadyDone { on: date("2026-03-16") })])
        );
        take(&mut n, TransitionKind::Send, "17.03.2026", "2026-03-17").unwrap();
        let before = n.clone();
        // Sent: no discarding, no informing again.
        assert_eq!(
            take(&mut n, TransitionKind::Discard, "17.03.2026", "2026-03-17"),
            Err(vec![(TransitionField::Date, TransitionProblem::AlreadySent)])
        );
        assert_eq!(
            take(&mut n, TransitionKind::Inform, "17.03.2026", "2026-03-17"),
            Err(vec![(TransitionField::Date, TransitionProblem::AlreadySent)])
        );
        assert_eq!(n, before, "a refused step changes nothing");
        // A step parsed against an older copy is refused on the current one.
        let stale = Transition::Send { on: date("2026-03-17"), how: SendHow::Letter };
        assert_eq!(check_transition(&stale, &n), Err(TransitionProblem::AlreadyDone { on: date("2026-03-17") }));
        assert_eq!(
            take(&mut n, TransitionKind::Receipt, "16.03.2026", "2026-03-17"),
            Err(vec![(
                TransitionField::Date,
                TransitionProblem::Before { state: State::Sent, on: date("2026-03-17") }
            )])
        );
        take(&mut n, TransitionKind::Receipt, "20.03.2026", "2026-03-20").unwrap();
        take(&mut n, TransitionKind::LaterInfo, "02.04.2026", "2026-04-02").unwrap();
        take(&mut n, TransitionKind::LaterInfo, "20.04.2026", "2026-04-20").unwrap();
        // Every step is still there, in order, with who recorded it.
        assert_eq!(n.state(), State::ReceiptConfirmed);
        assert_eq!(n.drafted.on, date("2026-03-16"));
        assert_eq!(n.informed.as_ref().unwrap().on, date("2026-03-16"));
        assert_eq!(n.sent.as_ref().unwrap().on, date("2026-03-17"));
        assert_eq!(n.receipt.as_ref().unwrap().on, date("2026-03-20"));
        assert_eq!(n.later.len(), 2);
        assert_eq!(n.receipt.as_ref().unwrap().stamp.by, "anna");
        assert_eq!(check_history(&n), Ok(()));
    }

    #[test]
    fn not_telling_the_citizen_needs_the_reason() {
        let mut n = draft(1, "2026-03-16");
        let mut input = step(TransitionKind::Inform, "16.03.2026");
        input.told = false;
        assert_eq!(
            parse_transition(&input, &n, date("2026-03-16")),
            Err(vec![(TransitionField::Text, TransitionProblem::Input(InputProblem::Required))])
        );
        input.text = "Far er voldelig; at orientere ham vil udsætte barnet for fare.".into();
        let t = parse_transition(&input, &n, date("2026-03-16")).unwrap();
        apply_transition(&mut n, &t, stamp());
        assert!(
            matches!(&n.informed.as_ref().unwrap().informed, Informed::NotTold { reason } if reason.contains("voldelig"))
        );
        // The reason stands in for the telling: the notification may be sent.
        take(&mut n, TransitionKind::Send, "16.03.2026", "2026-03-16").unwrap();
    }

    #[test]
    fn a_draft_can_be_discarded_but_then_goes_nowhere() {
        let mut n = draft(1, "2026-03-16");
        take(&mut n, TransitionKind::Discard, "16.03.2026", "2026-03-16").unwrap();
        assert_eq!(n.state(), State::Discarded);
        assert!(n.is_finished());
        assert_eq!(
            take(&mut n, TransitionKind::Inform, "16.03.2026", "2026-03-16"),
            Err(vec![(TransitionField::Date, TransitionProblem::Discarded)])
        );
    }

    #[test]
    fn no_step_is_dated_after_today_or_before_the_one_it_follows() {
        let mut n = draft(1, "2026-03-16");
        assert_eq!(
            take(&mut n, TransitionKind::Inform, "15.03.2026", "2026-03-17"),
            Err(vec![(
                TransitionField::Date,
                TransitionProblem::Before { state: State::Drafted, on: date("2026-03-16") }
            )])
        );
        assert_eq!(
            take(&mut n, TransitionKind::Inform, "18.03.2026", "2026-03-17"),
            Err(vec![(TransitionField::Date, TransitionProblem::Input(InputProblem::InFuture))])
        );
    }

    #[test]
    fn a_sent_notification_is_not_edited_a_correction_is_a_new_draft_linked_to_it() {
        let case = case_on("2026-03-01");
        let children = kids();
        let mut sent = draft(4, "2026-03-10");
        take(&mut sent, TransitionKind::Inform, "10.03.2026", "2026-03-10").unwrap();
        take(&mut sent, TransitionKind::Send, "11.03.2026", "2026-03-11").unwrap();
        let editing = DraftContext { editing: Some(&sent), ..ctx(&case, &children) };
        assert_eq!(
            validate_draft(&draft_input(), editing).unwrap_err(),
            vec![(DraftField::Description, DraftProblem::AlreadySent)]
        );
        let correcting = DraftContext { corrects: Some(&sent), ..ctx(&case, &children) };
        let correction = validate_draft(&draft_input(), correcting).unwrap();
        assert_eq!(correction.corrects, Some(4));
        let mut early = draft_input();
        early.date = "10.03.2026".into();
        assert_eq!(
            validate_draft(&early, correcting).unwrap_err(),
            vec![(DraftField::Date, DraftProblem::BeforeCorrected { sent: date("2026-03-11") })]
        );
        // Only a sent notification is corrected; a draft is edited instead.
        let unsent = draft(5, "2026-03-10");
        let wrong = DraftContext { corrects: Some(&unsent), ..ctx(&case, &children) };
        assert_eq!(
            validate_draft(&draft_input(), wrong).unwrap_err(),
            vec![(DraftField::Description, DraftProblem::CannotCorrect { id: 5 })]
        );
    }

    #[test]
    fn a_draft_is_due_the_day_after_it_was_drafted() {
        let policy = NotificationPolicy::default();
        let mut n = draft(1, "2026-03-16");
        assert_eq!(draft_due(&n, &policy), Some(date("2026-03-17")));
        take(&mut n, TransitionKind::Inform, "16.03.2026", "2026-03-16").unwrap();
        assert_eq!(draft_due(&n, &policy), Some(date("2026-03-17")), "informed is still not sent");
        take(&mut n, TransitionKind::Send, "17.03.2026", "2026-03-17").unwrap();
        assert_eq!(draft_due(&n, &policy), None);
        let three = NotificationPolicy { draft_due_days: 3, ..policy };
        assert_eq!(draft_due(&draft(2, "2026-03-16"), &three), Some(date("2026-03-19")));
    }

    fn sent_on(day: &str) -> Notification {
        let mut n = draft(1, day);
        n.informed =
            Some(Informing { on: n.drafted.on, informed: Informed::Told { how: InformHow::Phone }, stamp: stamp() });
        n.sent = Some(Sending { on: n.drafted.on, how: SendHow::OnlineForm, stamp: stamp() });
        n
    }

    #[test]
    fn the_receipt_is_due_six_working_days_after_sending() {
        // Monday 9 March 2026: Tuesday is the first working day, Tuesday
        // week the sixth.
        assert_eq!(receipt_due(&sent_on("2026-03-09")), Some(date("2026-03-17")));
        // Sent on a Friday: the weekend does not count.
        assert_eq!(receipt_due(&sent_on("2026-03-13")), Some(date("2026-03-23")));
        // Sent on a Saturday: the count starts on Monday.
        assert_eq!(receipt_due(&sent_on("2026-03-14")), Some(date("2026-03-23")));
        let mut confirmed = sent_on("2026-03-09");
        confirmed.receipt = Some(Dated { on: date("2026-03-12"), stamp: stamp() });
        assert_eq!(receipt_due(&confirmed), None);
        assert_eq!(receipt_due(&draft(1, "2026-03-09")), None);
    }

    #[test]
    fn the_receipt_deadline_across_christmas_and_new_year() {
        // Tue 23 Dec 2025: 24 Dec counts (juleaftensdag is no helligdag),
        // 25-26 Dec and 1 Jan do not: 24, 29, 30, 31 Dec, 2 Jan, 5 Jan.
        assert_eq!(receipt_due(&sent_on("2025-12-23")), Some(date("2026-01-05")));
        // Sent on Christmas Eve 2026 (Thursday): 25 Dec is Friday, then the
        // weekend: 28, 29, 30, 31 Dec, 4, 5 Jan.
        assert_eq!(receipt_due(&sent_on("2026-12-24")), Some(date("2027-01-05")));
    }

    #[test]
    fn the_receipt_deadline_across_easter() {
        // Easter 2026 is 5 April: Maundy Thursday 2, Good Friday 3 and
        // Easter Monday 6 April are holidays. Sent Wed 1 April: 7, 8, 9,
        // 10, 13, 14 April.
        assert_eq!(receipt_due(&sent_on("2026-04-01")), Some(date("2026-04-14")));
        // Easter 2025 is 20 April: sent Wed 16 April: 22, 23, 24, 25, 28, 29.
        assert_eq!(receipt_due(&sent_on("2025-04-16")), Some(date("2025-04-29")));
        // Easter 2027 is 28 March, across a month end: Maundy Thursday 25,
        // Good Friday 26 and Easter Monday 29 March are holidays. Sent Wed
        // 24 March: 30, 31 March, 1, 2, 5, 6 April.
        assert_eq!(receipt_due(&sent_on("2027-03-24")), Some(date("2027-04-06")));
    }

    #[test]
    fn store_bededag_stopped_the_clock_in_2023_and_no_longer_does() {
        // 5 May 2023 was Store bededag: sent Mon 1 May: 2, 3, 4, 8, 9, 10.
        assert_eq!(receipt_due(&sent_on("2023-05-01")), Some(date("2023-05-10")));
        // 26 April 2024 would have been Store bededag; it is a working day:
        // sent Mon 22 April: 23, 24, 25, 26, 29, 30.
        assert_eq!(receipt_due(&sent_on("2024-04-22")), Some(date("2024-04-30")));
    }

    #[test]
    fn the_receipt_deadline_across_ascension_and_whitsun() {
        // 2026: Ascension Thu 14 May, Whit Monday 25 May. Sent Wed 13 May:
        // 15, 18, 19, 20, 21, 22 May.
        assert_eq!(receipt_due(&sent_on("2026-05-13")), Some(date("2026-05-22")));
        // Sent Fri 22 May: 26, 27, 28, 29 May, 1, 2 June.
        assert_eq!(receipt_due(&sent_on("2026-05-22")), Some(date("2026-06-02")));
    }

    #[test]
    fn a_history_read_from_a_file_is_checked_in_order() {
        let mut n = sent_on("2026-03-10");
        assert_eq!(check_history(&n), Ok(()));
        n.informed = None;
        assert_eq!(check_history(&n), Err(("sent", HistoryProblem::Skipped { missing: State::Informed })));
        let mut n = sent_on("2026-03-10");
        n.receipt = Some(Dated { on: date("2026-03-09"), stamp: stamp() });
        assert_eq!(check_history(&n), Err(("receipt.on", HistoryProblem::Before { state: State::Sent })));
        let mut n = sent_on("2026-03-10");
        n.discarded = Some(Ended { on: date("2026-03-10"), reason: "x".into(), stamp: stamp() });
        assert_eq!(check_history(&n), Err(("discarded", HistoryProblem::DiscardedAfterSending)));
        let mut n = draft(1, "2026-03-10");
        n.later.push(LaterInfo { id: 1, on: date("2026-03-11"), text: "x".into(), stamp: stamp() });
        assert_eq!(check_history(&n), Err(("later", HistoryProblem::Skipped { missing: State::Sent })));
    }
}
