//! The day's intake queue: new contacts, contacts waiting for their
//! visitation conversation, and every open case whose treatment has not
//! started, overdue first (domain.md 1).

use chrono::NaiveDate;

use super::{Case, DoctorStatus, Guarantee, doctor_status, guarantee};
use crate::domain::policy::IntakePolicy;

/// How far along intake a case is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stage {
    /// Registered; no visitation conversation booked yet.
    New,
    /// The visitation conversation is booked.
    AwaitingVisitation,
    /// The citizen showed up and consented; assessment under way.
    InAssessment,
    /// Under the profile's youngest age: referred elsewhere.
    Referred,
    /// Chose another provider.
    FreeChoice,
    InTreatment,
    Closed,
}

/// Stage of a case, from its progress. A closed case is closed whether or
/// not its treatment had started: an ended course is no longer in treatment.
pub fn stage(case: &Case) -> Stage {
    let p = &case.progress;
    if p.closed.is_some() {
        Stage::Closed
    } else if p.treatment_started_on.is_some() {
        Stage::InTreatment
    } else if p.free_choice.is_some() {
        Stage::FreeChoice
    } else if case.referred_young {
        Stage::Referred
    } else if p.consent_on.is_some() {
        Stage::InAssessment
    } else if p.visitation_on.is_some() {
        Stage::AwaitingVisitation
    } else {
        Stage::New
    }
}

/// What a queue line must say besides its stage. The UI shows each as a
/// text marker as well as a colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QueueFlag {
    Overdue,
    DueToday,
    SpecialAssessment,
    /// The centre's aim for the start (Rødovre) has passed.
    AimPassed,
    DoctorOverdue,
    DoctorDueSoon,
    OtherMunicipality,
    NoParentalConsent,
    ChildrenNotAsked,
}

/// One line of the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueEntry {
    pub case: Case,
    pub stage: Stage,
    pub guarantee: Guarantee,
    pub doctor: DoctorStatus,
    pub flags: Vec<QueueFlag>,
}

impl QueueEntry {
    pub fn days_left(&self) -> Option<i64> {
        self.guarantee.running_deadline().map(|(_, left)| left)
    }

    /// The line's part of the queue: running deadlines, then clocks not
    /// started, then contacts without a guarantee, then waived ones.
    pub fn bucket(&self) -> u8 {
        match &self.guarantee {
            Guarantee::Running { .. } => 0,
            Guarantee::AwaitingClockStart => 1,
            Guarantee::NotApplicable => 2,
            _ => 3,
        }
    }
}

/// How many days ahead a doctor's deadline counts as soon.
const DOCTOR_SOON_DAYS: i64 = 3;

/// Builds the queue from the cases whose treatment has not started and that
/// are not closed, sorted so that the most urgent comes first: running
/// deadlines by days left (overdue first), then cases whose clock has not
/// started, then contacts that carry no guarantee, each by contact time.
///
/// The store reads the same queue a page at a time in SQL
/// (`store::intake_queue`); a test holds the two to the same order.
pub fn build_queue(
    cases: impl IntoIterator<Item = Case>,
    policy: &IntakePolicy,
    centre_municipality: &str,
    today: NaiveDate,
) -> Vec<QueueEntry> {
    let mut entries: Vec<QueueEntry> = cases
        .into_iter()
        .filter(|c| c.progress.treatment_started_on.is_none() && c.progress.closed.is_none())
        .map(|case| queue_entry(case, policy, centre_municipality, today))
        .collect();
    entries.sort_by_key(|e| (e.bucket(), e.days_left().unwrap_or(0), e.case.contact_at, e.case.id));
    entries
}

/// One open case as a queue line on `today`: its stage, guarantee,
/// doctor's deadline and flags.
pub fn queue_entry(case: Case, policy: &IntakePolicy, centre_municipality: &str, today: NaiveDate) -> QueueEntry {
    let guarantee = guarantee(&case, policy, today);
    let doctor = doctor_status(&case, policy, today);
    let flags = flags(&case, &guarantee, &doctor, centre_municipality, today);
    QueueEntry { stage: stage(&case), case, guarantee, doctor, flags }
}

fn flags(
    case: &Case,
    guarantee: &Guarantee,
    doctor: &DoctorStatus,
    centre_municipality: &str,
    today: NaiveDate,
) -> Vec<QueueFlag> {
    let mut flags = Vec::new();
    if let Guarantee::Running { days_left, special, aim, .. } = guarantee {
        match days_left {
            d if *d < 0 => flags.push(QueueFlag::Overdue),
            0 => flags.push(QueueFlag::DueToday),
            _ => {}
        }
        if special.is_some() {
            flags.push(QueueFlag::SpecialAssessment);
        }
        if aim.is_some_and(|aim| aim < today) {
            flags.push(QueueFlag::AimPassed);
        }
    }
    if let DoctorStatus::Due { days_left, .. } = doctor {
        if *days_left < 0 {
            flags.push(QueueFlag::DoctorOverdue);
        } else if *days_left <= DOCTOR_SOON_DAYS {
            flags.push(QueueFlag::DoctorDueSoon);
        }
    }
    if case.from_other_municipality(centre_municipality) {
        flags.push(QueueFlag::OtherMunicipality);
    }
    if case.parental_consent == Some(false) {
        flags.push(QueueFlag::NoParentalConsent);
    }
    if case.children == super::ChildrenAnswer::NotAsked {
        flags.push(QueueFlag::ChildrenNotAsked);
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::intake::test_support::{case_on, date};
    use crate::domain::intake::{ContactKind, Reasoned};
    use crate::domain::policy::Profile;

    fn numbered(id: i64, contact: &str) -> Case {
        let mut c = case_on(contact);
        c.id = id;
        c
    }

    #[test]
    fn overdue_first_then_by_days_left_then_no_guarantee_last() {
        let mut relative = numbered(1, "2026-03-01");
        relative.kind = ContactKind::Relative;
        let fresh = numbered(2, "2026-03-20");
        let overdue = numbered(3, "2026-03-01");
        let mut started = numbered(4, "2026-03-01");
        started.progress.treatment_started_on = Some(date("2026-03-05"));
        let mut closed = numbered(5, "2026-03-01");
        closed.progress.closed = Some(Reasoned { on: date("2026-03-02"), reason: "x".into() });
        let soon = numbered(6, "2026-03-10");

        let policy = Profile::national().intake;
        let queue =
            build_queue([relative, fresh, overdue, started, closed, soon], &policy, "Randers", date("2026-03-20"));
        let order: Vec<i64> = queue.iter().map(|e| e.case.id).collect();
        assert_eq!(order, vec![3, 6, 2, 1]);
        assert_eq!(queue[0].days_left(), Some(-5));
        assert!(queue[0].flags.contains(&QueueFlag::Overdue));
        assert_eq!(queue[1].days_left(), Some(4));
        assert_eq!(queue[3].days_left(), None);
    }

    #[test]
    fn stages_follow_the_steps() {
        let mut c = case_on("2026-03-10");
        assert_eq!(stage(&c), Stage::New);
        c.progress.visitation_on = Some(date("2026-03-11"));
        assert_eq!(stage(&c), Stage::AwaitingVisitation);
        c.progress.consent_on = Some(date("2026-03-11"));
        assert_eq!(stage(&c), Stage::InAssessment);
        c.progress.treatment_started_on = Some(date("2026-03-12"));
        assert_eq!(stage(&c), Stage::InTreatment);
    }

    #[test]
    fn an_ended_course_is_closed_not_in_treatment() {
        let mut c = case_on("2026-01-05");
        c.progress.treatment_started_on = Some(date("2026-01-12"));
        assert_eq!(stage(&c), Stage::InTreatment);
        c.progress.closed = Some(Reasoned { on: date("2026-03-02"), reason: "Færdigbehandlet".into() });
        assert_eq!(stage(&c), Stage::Closed);
    }

    #[test]
    fn the_deadline_day_and_rodovres_aim_are_flagged() {
        let case = case_on("2026-03-10");
        let national = Profile::national().intake;
        let q = build_queue([case.clone()], &national, "Randers", date("2026-03-24"));
        assert_eq!(q[0].flags, vec![QueueFlag::DueToday]);

        let mut consented = case;
        consented.progress.consent_on = Some(date("2026-03-10"));
        let rodovre = Profile::built_in("rodovre").unwrap().intake;
        let on_aim = build_queue([consented.clone()], &rodovre, "Randers", date("2026-03-11"));
        assert!(!on_aim[0].flags.contains(&QueueFlag::AimPassed));
        let after_aim = build_queue([consented], &rodovre, "Randers", date("2026-03-12"));
        assert!(after_aim[0].flags.contains(&QueueFlag::AimPassed));
    }

    #[test]
    fn other_municipality_and_an_unasked_children_question_are_flagged() {
        let mut c = case_on("2026-03-10");
        c.home_municipality = "Favrskov".into();
        c.children = crate::domain::intake::ChildrenAnswer::NotAsked;
        let q = build_queue([c], &Profile::national().intake, "Randers", date("2026-03-10"));
        assert!(q[0].flags.contains(&QueueFlag::OtherMunicipality));
        assert!(q[0].flags.contains(&QueueFlag::ChildrenNotAsked));
    }
}
