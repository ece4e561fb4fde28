//! The Underretninger pane's list: every notification not finished, cases in
//! treatment whose children question was never asked, and cases with
//! children at home whose children were not considered lately; the oldest
//! deadline first, so nothing pending goes unseen.

use chrono::NaiveDate;

use super::{Child, Informed, Notification, draft_due, receipt_due};
use crate::domain::dates;
use crate::domain::intake::{Case, ChildrenAnswer};
use crate::domain::policy::NotificationPolicy;

/// A case with what the children rules need to know about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyCase {
    pub case: Case,
    /// Ended ones included.
    pub children: Vec<Child>,
    pub last_consideration: Option<NaiveDate>,
    /// The day the latest notification of the case was drafted: drafting
    /// one is a consideration of the children too.
    pub last_notification: Option<NaiveDate>,
}

/// A case whose treatment has started while the intake's question about
/// children under 18 was never asked: due from the day treatment started.
pub fn children_question_due(case: &Case) -> Option<NaiveDate> {
    let p = &case.progress;
    match (p.treatment_started_on, &p.closed, case.children) {
        (Some(started), None, ChildrenAnswer::NotAsked) => Some(started),
        _ => None,
    }
}

/// When the case's children are next to be considered, if the case is in
/// treatment and has children at home (or expected): the profile's months
/// after the latest consideration. With none ever recorded it is due from
/// the start of treatment (or from the day the centre learned of the
/// children, if later), since nothing about them has been considered in the
/// last months. Before treatment starts the intake queue follows the case.
/// A case answered "has children" with no child recorded counts too: where
/// those children live is unknown, and the consideration is where the
/// counsellor finds out.
pub fn consideration_due(fc: &FamilyCase, policy: &NotificationPolicy, today: NaiveDate) -> Option<NaiveDate> {
    let case = &fc.case;
    let started = case.progress.treatment_started_on?;
    if case.progress.closed.is_some() || !case.kind.can_start_treatment() {
        return None;
    }
    let current: Vec<&Child> = fc.children.iter().filter(|c| c.is_current(today)).collect();
    let needing = current.iter().filter(|c| c.relation.needs_consideration()).map(|c| c.noted_on).min();
    let unrecorded = case.children == ChildrenAnswer::HasChildren && !current.iter().any(|c| !c.relation.is_expected());
    let known = match (needing, unrecorded) {
        (Some(noted), _) => noted,
        (None, true) => case.contact_date(),
        (None, false) => return None,
    };
    Some(match fc.last_consideration.max(fc.last_notification) {
        Some(last) => dates::add_months(last, policy.consider_children_every_months),
        None => known.max(started),
    })
}

/// What a line of the pane is about.
// Most lines are notifications, so boxing them would only add allocations.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BoardItem {
    Notification(Notification),
    /// Treatment started; the children question was never asked.
    ChildrenQuestion,
    /// Children at home, not considered lately.
    Consideration {
        last: Option<NaiveDate>,
    },
}

/// What a line must say besides its item; shown as text markers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BoardFlag {
    Overdue,
    DueToday,
    /// The citizen was not told, for the child's safety.
    NotTold,
    /// This notification corrects another.
    Correction,
    /// A later notification corrects this one.
    Corrected,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardEntry {
    pub case_id: i64,
    /// The citizen's name or pseudonym (the pane is on screen, not mailed).
    pub name: String,
    pub counsellor: String,
    pub item: BoardItem,
    /// None for a finished notification.
    pub due: Option<NaiveDate>,
    pub days_left: Option<i64>,
    pub flags: Vec<BoardFlag>,
}

impl BoardEntry {
    pub fn notification(&self) -> Option<&Notification> {
        match &self.item {
            BoardItem::Notification(n) => Some(n),
            _ => None,
        }
    }

    fn order(&self) -> (u8, i64) {
        match &self.item {
            BoardItem::Notification(n) => (0, n.id),
            BoardItem::ChildrenQuestion => (1, 0),
            BoardItem::Consideration { .. } => (2, 0),
        }
    }
}

fn entry(case: &Case, item: BoardItem, due: Option<NaiveDate>, today: NaiveDate) -> BoardEntry {
    let days_left = due.map(|d| dates::days_between(today, d));
    let mut flags = Vec::new();
    match days_left {
        Some(d) if d < 0 => flags.push(BoardFlag::Overdue),
        Some(0) => flags.push(BoardFlag::DueToday),
        _ => {}
    }
    BoardEntry {
        case_id: case.id,
        name: case.identity.display_name().to_string(),
        counsellor: case.counsellor.clone(),
        item,
        due,
        days_left,
        flags,
    }
}

/// Builds the pane's lines. `notifications` are those to show (the
/// pending ones, and the finished ones when asked for); `family` the cases
/// that may need their children question or a consideration. Lines with a
/// deadline come first, the oldest deadline first; finished notifications
/// follow, newest first. Considerations appear once they are due.
pub fn build_board(
    notifications: Vec<(Case, Notification)>,
    family: &[FamilyCase],
    policy: &NotificationPolicy,
    today: NaiveDate,
) -> Vec<BoardEntry> {
    let corrected: Vec<i64> = notifications.iter().filter_map(|(_, n)| n.corrects).collect();
    let mut entries = Vec::new();
    for (case, n) in notifications {
        let due = draft_due(&n, policy).or_else(|| receipt_due(&n));
        let mut e = entry(&case, BoardItem::Notification(n.clone()), due, today);
        if matches!(n.informed.as_ref().map(|i| &i.informed), Some(Informed::NotTold { .. })) {
            e.flags.push(BoardFlag::NotTold);
        }
        if n.corrects.is_some() {
            e.flags.push(BoardFlag::Correction);
        }
        if corrected.contains(&n.id) {
            e.flags.push(BoardFlag::Corrected);
        }
        entries.push(e);
    }
    for fc in family {
        if let Some(due) = children_question_due(&fc.case) {
            entries.push(entry(&fc.case, BoardItem::ChildrenQuestion, Some(due), today));
        }
        if let Some(due) = consideration_due(fc, policy, today)
            && due <= today
        {
            let last = fc.last_consideration.max(fc.last_notification);
            entries.push(entry(&fc.case, BoardItem::Consideration { last }, Some(due), today));
        }
    }
    entries.sort_by(|a, b| match (a.due, b.due) {
        (Some(x), Some(y)) => (x, a.order(), a.case_id).cmp(&(y, b.order(), b.case_id)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => b.order().cmp(&a.order()),
    });
    entries
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::intake::ContactKind;
    use crate::domain::intake::test_support::{case_on, date};
    use crate::domain::notification::test_support::{child, draft, stamp};
    use crate::domain::notification::{ChildRelation, Dated, Ended, InformHow, Informing, SendHow, Sending};

    fn family(case: Case, children: Vec<Child>) -> FamilyCase {
        FamilyCase { case, children, last_consideration: None, last_notification: None }
    }

    /// A case whose treatment started on the day of the first contact.
    fn treated(contact: &str) -> Case {
        let mut case = case_on(contact);
        case.progress.treatment_started_on = Some(date(contact));
        case
    }

    fn policy() -> NotificationPolicy {
        NotificationPolicy::default()
    }

    #[test]
    fn a_case_in_treatment_whose_children_question_was_never_asked_is_due_from_the_start() {
        let mut case = case_on("2026-03-01");
        case.children = ChildrenAnswer::NotAsked;
        assert_eq!(children_question_due(&case), None, "not in treatment yet: intake's queue flags it");
        case.progress.treatment_started_on = Some(date("2026-03-05"));
        assert_eq!(children_question_due(&case), Some(date("2026-03-05")));
        case.children = ChildrenAnswer::NoChildren;
        assert_eq!(children_question_due(&case), None);
    }

    #[test]
    fn children_at_home_are_considered_every_n_months() {
        let today = date("2026-03-17");
        let mut fc = family(treated("2026-01-05"), vec![child(1, 1, 2015, ChildRelation::LivesAtHome, "2026-01-05")]);
        // Never considered: due from the day the child was noted.
        assert_eq!(consideration_due(&fc, &policy(), today), Some(date("2026-01-05")));
        fc.last_consideration = Some(date("2025-12-31"));
        // Three calendar months, clamped at the month end.
        assert_eq!(consideration_due(&fc, &policy(), today), Some(date("2026-03-31")));
        // A notification drafted later counts as a consideration.
        fc.last_notification = Some(date("2026-02-10"));
        assert_eq!(consideration_due(&fc, &policy(), today), Some(date("2026-05-10")));
        let six = NotificationPolicy { consider_children_every_months: 6, ..policy() };
        assert_eq!(consideration_due(&fc, &six, today), Some(date("2026-08-10")));
    }

    #[test]
    fn a_consideration_from_the_last_of_february_lands_on_a_month_end() {
        let mut fc = family(treated("2024-01-02"), vec![child(1, 1, 2015, ChildRelation::LivesAtHome, "2024-01-02")]);
        fc.last_consideration = Some(date("2024-02-29"));
        let twelve = NotificationPolicy { consider_children_every_months: 12, ..policy() };
        assert_eq!(consideration_due(&fc, &twelve, date("2024-03-01")), Some(date("2025-02-28")));
        fc.last_consideration = Some(date("2025-11-30"));
        assert_eq!(consideration_due(&fc, &policy(), date("2026-01-01")), Some(date("2026-02-28")));
    }

    #[test]
    fn only_children_living_with_the_citizen_or_expected_need_it() {
        let today = date("2026-03-17");
        let case = treated("2026-03-01");
        for (relation, needs) in [
            (ChildRelation::LivesAtHome, true),
            (ChildRelation::SharedCustody, true),
            (ChildRelation::ContactChild, false),
            (ChildRelation::PlacedOutsideHome, false),
            (ChildRelation::ExpectedByCitizen, true),
            (ChildRelation::ExpectedByPartner, true),
        ] {
            let year = if relation.is_expected() { 2026 } else { 2015 };
            let fc = family(case.clone(), vec![child(1, 1, year, relation, "2026-03-02")]);
            assert_eq!(consideration_due(&fc, &policy(), today).is_some(), needs, "{relation:?}");
        }
    }

    #[test]
    fn ended_grown_up_closed_and_relatives_cases_need_none() {
        let today = date("2026-03-17");
        let mut ended = child(1, 1, 2015, ChildRelation::LivesAtHome, "2026-03-02");
        ended.ended = Some(Ended { on: today, reason: "Flyttet".into(), stamp: stamp() });
        assert_eq!(consideration_due(&family(treated("2026-03-01"), vec![ended]), &policy(), today), None);
        let grown = child(1, 1, 2007, ChildRelation::LivesAtHome, "2025-03-02");
        assert_eq!(consideration_due(&family(treated("2025-03-01"), vec![grown]), &policy(), today), None);
        let kid = || vec![child(1, 1, 2015, ChildRelation::LivesAtHome, "2026-03-02")];
        let mut closed = treated("2026-03-01");
        closed.progress.closed = Some(crate::domain::intake::Reasoned { on: today, reason: "Slut".into() });
        assert_eq!(consideration_due(&family(closed, kid()), &policy(), today), None);
        let mut relative = treated("2026-03-01");
        relative.kind = ContactKind::Relative;
        assert_eq!(consideration_due(&family(relative, kid()), &policy(), today), None);
    }

    #[test]
    fn has_children_with_none_recorded_is_due_from_the_first_contact() {
        let mut case = treated("2026-03-01");
        case.children = ChildrenAnswer::HasChildren;
        let today = date("2026-03-17");
        assert_eq!(consideration_due(&family(case.clone(), vec![]), &policy(), today), Some(date("2026-03-01")));
        // A contact child recorded: the children are known and none lives there.
        let contact = child(1, 1, 2015, ChildRelation::ContactChild, "2026-03-02");
        assert_eq!(consideration_due(&family(case, vec![contact]), &policy(), today), None);
    }

    #[test]
    fn the_first_consideration_is_due_from_the_start_of_treatment_or_the_child_if_later() {
        let today = date("2026-03-17");
        let kid = |noted| vec![child(1, 1, 2015, ChildRelation::LivesAtHome, noted)];
        let mut case = case_on("2026-02-02");
        // In intake the queue follows the case; nothing is due here yet.
        assert_eq!(consideration_due(&family(case.clone(), kid("2026-02-02")), &policy(), today), None);
        case.progress.treatment_started_on = Some(date("2026-02-10"));
        assert_eq!(
            consideration_due(&family(case.clone(), kid("2026-02-02")), &policy(), today),
            Some(date("2026-02-10"))
        );
        assert_eq!(consideration_due(&family(case, kid("2026-03-16")), &policy(), today), Some(date("2026-03-16")));
    }

    fn sent(id: i64, day: &str) -> Notification {
        let mut n = draft(id, day);
        n.informed =
            Some(Informing { on: n.drafted.on, informed: Informed::Told { how: InformHow::InPerson }, stamp: stamp() });
        n.sent = Some(Sending { on: n.drafted.on, how: SendHow::SecureEmail, stamp: stamp() });
        n
    }

    #[test]
    fn the_board_lists_the_oldest_deadline_first_with_markers() {
        let today = date("2026-03-17");
        let mut a = case_on("2026-01-05");
        a.id = 1;
        a.progress.treatment_started_on = Some(date("2026-03-16"));
        a.children = ChildrenAnswer::NotAsked;
        let mut b = treated("2026-01-05");
        b.id = 2;
        let mut finished = sent(3, "2026-03-02");
        finished.receipt = Some(Dated { on: date("2026-03-04"), stamp: stamp() });
        let mut correction = draft(4, "2026-03-17");
        correction.corrects = Some(2);
        let notifications = vec![
            (a.clone(), draft(1, "2026-03-15")), // due 16 March: overdue
            (b.clone(), sent(2, "2026-03-09")),  // receipt due 17 March: today
            (b.clone(), finished),
            (b.clone(), correction), // due 18 March
        ];
        let fam = vec![
            family(a.clone(), vec![]),
            family(b.clone(), vec![child(1, 2, 2015, ChildRelation::LivesAtHome, "2026-02-01")]),
        ];
        let board = build_board(notifications, &fam, &policy(), today);
        let got: Vec<(i64, &str, Option<i64>, Vec<BoardFlag>)> = board
            .iter()
            .map(|e| {
                let what = match &e.item {
                    BoardItem::Notification(n) if n.id == 1 => "draft",
                    BoardItem::Notification(n) if n.id == 2 => "sent",
                    BoardItem::Notification(n) if n.id == 3 => "finished",
                    BoardItem::Notification(_) => "correction",
                    BoardItem::ChildrenQuestion => "question",
                    BoardItem::Consideration { .. } => "consideration",
                };
                (e.case_id, what, e.days_left, e.flags.clone())
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (2, "consideration", Some(-44), vec![BoardFlag::Overdue]),
                (1, "draft", Some(-1), vec![BoardFlag::Overdue]),
                (1, "question", Some(-1), vec![BoardFlag::Overdue]),
                (2, "sent", Some(0), vec![BoardFlag::DueToday, BoardFlag::Corrected]),
                (2, "correction", Some(1), vec![BoardFlag::Correction]),
                (2, "finished", None, vec![]),
            ]
        );
        assert_eq!(board[0].name, "Testborger");
    }

    #[test]
    fn a_consideration_not_yet_due_is_not_on_the_board() {
        let today = date("2026-03-17");
        let mut fc = family(treated("2026-01-05"), vec![child(1, 1, 2015, ChildRelation::LivesAtHome, "2026-01-05")]);
        fc.last_consideration = Some(date("2026-03-01"));
        assert!(build_board(vec![], &[fc], &policy(), today).is_empty());
    }
}
