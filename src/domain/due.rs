//! What is due or overdue on a day, for `sagsbord due` and the morning mail.
//!
//! Each item names the rule and the profile it comes from, so a reader can
//! tell why it is on the list. Items carry the case number and the
//! counsellor but never a name or CPR number: the list is meant to be mailed.

use chrono::NaiveDate;
use serde::Serialize;

use super::complaint::{Complaint, FORWARD_WEEKS};
use super::dates;
use super::group::course::{CardStatus, CourseSession, MoveCourse, course_cards};
use super::group::ledger::Ledger;
use super::intake::{Case, DoctorStatus, Guarantee, doctor_status, guarantee};
use super::notification::{
    FamilyCase, Notification, Paragraph, RECEIPT_WORKING_DAYS, children_question_due, consideration_due, draft_due,
    receipt_due,
};
use super::plan::{Course, CourseCall, course_deadlines};
use super::policy::{ClockStart, DoctorRule, Profile, StayDecider};
use super::stay::Stay;
use super::stay::overview::{interruption_report_due, midway_due, own_payment_told_due};

/// The stable English kinds. Later panes add theirs here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DueKind {
    /// Treatment must start by the 14-day guarantee's deadline.
    Guarantee,
    /// The doctor's consultation must be offered (or held, when wanted).
    Doctor,
    /// A case in treatment has no treatment plan: due from the start of
    /// treatment, or the profile's days after the first contact.
    TreatmentPlan,
    /// The treatment plan must be revised by the date it names.
    PlanRevision,
    /// The §141 action-plan decision (Nyborg: within 2 months of the start).
    ActionPlanDecision,
    /// The first follow-up after the start (Faxe: 1 month).
    FirstFollowUp,
    /// A follow-up call after the course ended (1 and 6 months).
    FollowUpCall,
    /// A drafted underretning not yet sent.
    NotificationDraft,
    /// A sent underretning whose receipt the municipality has not confirmed.
    NotificationReceipt,
    /// Treatment started and the question about children was never asked.
    ChildrenQuestion,
    /// Children at home (or expected) not considered lately.
    ChildrenConsideration,
    /// A residential stay is recommended and waits for approval; due by its
    /// planned start.
    StayApproval,
    /// No mid-way status from the provider by the middle of the stay.
    StayMidwayStatus,
    /// No final status from the provider after the end of the stay.
    StayFinalStatus,
    /// An interrupted stay the provider has not reported within the
    /// profile's days.
    StayInterruptionReport,
    /// An approved stay whose own payment the citizen has not been told;
    /// due by the start of the stay (domain.md 4).
    StayOwnPaymentTold,
    /// A MOVE gift card was earned and has not been handed out.
    GiftCardNotHandedOut,
    /// A handed-out MOVE gift card is no longer earned (after a corrected
    /// attendance), or is recorded to another case: a counsellor resolves it.
    GiftCardToResolve,
    /// A complaint about a decision the centre has not yet forwarded to
    /// Ankestyrelsen (re-assessed as upheld, or not yet re-assessed): due
    /// 4 weeks after it was received (domain.md 7.7).
    ComplaintForwarding,
}

impl DueKind {
    pub const ALL: [DueKind; 19] = [
        DueKind::Guarantee,
        DueKind::Doctor,
        DueKind::TreatmentPlan,
        DueKind::PlanRevision,
        DueKind::ActionPlanDecision,
        DueKind::FirstFollowUp,
        DueKind::FollowUpCall,
        DueKind::NotificationDraft,
        DueKind::NotificationReceipt,
        DueKind::ChildrenQuestion,
        DueKind::ChildrenConsideration,
        DueKind::StayApproval,
        DueKind::StayMidwayStatus,
        DueKind::StayFinalStatus,
        DueKind::StayInterruptionReport,
        DueKind::StayOwnPaymentTold,
        DueKind::GiftCardNotHandedOut,
        DueKind::GiftCardToResolve,
        DueKind::ComplaintForwarding,
    ];

    pub fn id(self) -> &'static str {
        match self {
            DueKind::Guarantee => "guarantee",
            DueKind::Doctor => "doctor",
            DueKind::TreatmentPlan => "treatment_plan",
            DueKind::PlanRevision => "plan_revision",
            DueKind::ActionPlanDecision => "action_plan_decision",
            DueKind::FirstFollowUp => "first_follow_up",
            DueKind::FollowUpCall => "follow_up_call",
            DueKind::NotificationDraft => "notification_draft",
            DueKind::NotificationReceipt => "notification_receipt",
            DueKind::ChildrenQuestion => "children_question",
            DueKind::ChildrenConsideration => "children_consideration",
            DueKind::StayApproval => "stay_approval",
            DueKind::StayMidwayStatus => "stay_midway_status",
            DueKind::StayFinalStatus => "stay_final_status",
            DueKind::StayInterruptionReport => "stay_interruption_report",
            DueKind::StayOwnPaymentTold => "stay_own_payment_told",
            DueKind::GiftCardNotHandedOut => "gift_card_not_handed_out",
            DueKind::GiftCardToResolve => "gift_card_to_resolve",
            DueKind::ComplaintForwarding => "complaint_forwarding",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueItem {
    pub case: i64,
    pub kind: DueKind,
    pub due: NaiveDate,
    /// Negative when overdue.
    pub days_left: i64,
    pub counsellor: String,
    /// The rule in words, with its source.
    pub rule: String,
    /// The profile setting the date comes from.
    pub setting: String,
    pub profile: String,
    /// A follow-up call: which one it is, in months after the end (1 or 6);
    /// null for every other kind.
    pub follow_up_months: Option<u32>,
    /// The guarantee: the day its clock started (the first contact, or
    /// show-up and consent as the profile says); null for every other kind.
    pub clock_started: Option<NaiveDate>,
}

/// What every item is computed against: the centre's profile and the day.
#[derive(Clone, Copy)]
struct Source<'p> {
    profile: &'p Profile,
    today: NaiveDate,
}

impl Source<'_> {
    /// An item of `kind` for a case, due on `due`, with the rule in words
    /// and the profile setting behind it.
    fn item(
        self,
        case: i64,
        counsellor: &str,
        kind: DueKind,
        due: NaiveDate,
        rule: String,
        setting: String,
    ) -> DueItem {
        DueItem {
            case,
            kind,
            due,
            days_left: dates::days_between(self.today, due),
            counsellor: counsellor.to_string(),
            rule,
            setting,
            profile: self.profile.id.clone(),
            follow_up_months: None,
            clock_started: None,
        }
    }
}

/// The day up to which `due` looks: today plus `within_days`.
pub fn horizon(today: NaiveDate, within_days: u32) -> NaiveDate {
    dates::add_days(today, i64::from(within_days))
}

/// Puts the items of every pane in one order: by due date, then kind, then
/// case, so the most overdue comes first and the order is stable.
pub fn sort(items: &mut [DueItem]) {
    items.sort_by_key(|i| (i.due, i.kind, i.case));
}

/// Intake's items due on or before `horizon`: the guarantee's deadline and
/// the doctor's consultation. Each pane has a function like this one.
pub fn intake_items<'a>(
    cases: impl IntoIterator<Item = &'a Case>,
    profile: &Profile,
    today: NaiveDate,
    horizon: NaiveDate,
) -> Vec<DueItem> {
    let policy = &profile.intake;
    let mut items = Vec::new();
    for case in cases {
        let item = |kind, due: NaiveDate, rule: String, setting: String| {
            Source { profile, today }.item(case.id, &case.counsellor, kind, due, rule, setting)
        };
        if let Guarantee::Running { deadline, clock_start, .. } = guarantee(case, policy, today)
            && deadline <= horizon
        {
            let from = match policy.clock_starts {
                ClockStart::FirstContact => "første henvendelse",
                ClockStart::Consent => "fremmøde og samtykke",
            };
            items.push(DueItem {
                clock_started: Some(clock_start),
                ..item(
                    DueKind::Guarantee,
                    deadline,
                    format!(
                        "Behandlingsgaranti, Serviceloven §101 stk. 4: behandling senest {} dage efter {from}",
                        policy.guarantee_days
                    ),
                    format!(
                        "intake.guarantee_days = {}; intake.clock_starts = {}",
                        policy.guarantee_days,
                        clock_id(policy.clock_starts)
                    ),
                )
            });
        }
        if let DoctorStatus::Due { deadline, .. } = doctor_status(case, policy, today)
            && deadline <= horizon
        {
            let (rule, setting) = match policy.doctor {
                DoctorRule::WithinDays { days } => (
                    format!("Lægesamtale tilbydes senest {days} dage efter første henvendelse"),
                    format!("intake.doctor = within_days ({days})"),
                ),
                DoctorRule::BeforeTreatment => (
                    "Lægesamtale tilbydes inden behandlingen starter".to_string(),
                    "intake.doctor = before_treatment".to_string(),
                ),
                DoctorRule::AtEnrolment => {
                    ("Lægesamtale tilbydes ved indskrivning".to_string(), "intake.doctor = at_enrolment".to_string())
                }
                DoctorRule::None => continue,
            };
            items.push(item(DueKind::Doctor, deadline, rule, setting));
        }
    }
    sort(&mut items);
    items
}

/// The Planer pane's items due on or before `horizon`: plan revisions, the
/// §141 decisions and first follow-ups the profile asks for, and the open
/// follow-up calls after ended courses.
pub fn plan_items<'a>(
    courses: impl IntoIterator<Item = &'a Course>,
    calls: impl IntoIterator<Item = &'a CourseCall>,
    profile: &Profile,
    today: NaiveDate,
    horizon: NaiveDate,
) -> Vec<DueItem> {
    let policy = &profile.plan;
    let mut items = Vec::new();
    let mut push = |case: &Case, kind, due: NaiveDate, rule: String, setting: String| {
        if due <= horizon {
            items.push(Source { profile, today }.item(case.id, &case.counsellor, kind, due, rule, setting));
        }
    };
    for course in courses {
        let d = course_deadlines(policy, &course.case, course.latest.as_ref(), today);
        if let Some(p) = d.plan {
            let (rule, setting) = match policy.plan_within_days_of_contact {
                Some(days) => (
                    format!("Behandlingsplanen foreligger senest {days} dage efter første henvendelse"),
                    format!("plan.plan_within_days_of_contact = {days}"),
                ),
                None => (
                    "Behandlingsplanen foreligger ved behandlingsstart (Serviceloven §101 stk. 8)".into(),
                    String::new(),
                ),
            };
            push(&course.case, DueKind::TreatmentPlan, p.due, rule, setting);
        }
        if let Some(r) = d.revision {
            push(
                &course.case,
                DueKind::PlanRevision,
                r.due,
                format!(
                    "Behandlingsplanen revideres senest på den dato, planen selv nævner; mindst hver {}. måned",
                    policy.revision_every_months
                ),
                format!("plan.revision_every_months = {}", policy.revision_every_months),
            );
        }
        if let (Some(f), Some(months)) = (d.first_follow_up, policy.first_follow_up_months) {
            push(
                &course.case,
                DueKind::FirstFollowUp,
                f.due,
                format!("Første opfølgning på behandlingsplanen senest {} efter behandlingsstart", months_da(months)),
                format!("plan.first_follow_up_months = {months}"),
            );
        }
        if let (Some(a), Some(months)) = (d.action_plan, policy.action_plan_decision_months) {
            push(
                &course.case,
                DueKind::ActionPlanDecision,
                a.due,
                format!(
                    "Inden for de første {months} måneder afklares, om der er behov for en handleplan efter Serviceloven §141"
                ),
                format!("plan.action_plan_decision_months = {months}"),
            );
        }
    }
    for c in calls {
        if !c.call.is_open() || c.call.due_on > horizon {
            continue;
        }
        let months: Vec<String> = profile.follow_up.after_end_months.iter().map(u32::to_string).collect();
        let call = Source { profile, today }.item(
            c.case.id,
            &c.case.counsellor,
            DueKind::FollowUpCall,
            c.call.due_on,
            format!(
                "Opfølgningssamtale senest {} efter afsluttet behandling (bekendtgørelse om udredning og gavekort §4 stk. 2)",
                months_da(c.call.months)
            ),
            format!("follow_up.after_end_months = [{}]; follow_up.triggers", months.join(", ")),
        );
        items.push(DueItem { follow_up_months: Some(c.call.months), ..call });
    }
    sort(&mut items);
    items
}

/// The Underretninger pane's items due on or before `horizon`: drafts not
/// sent, receipts not confirmed, children questions never asked, and
/// children not considered lately. `notifications` are the pending ones,
/// each with its case (for the counsellor); `family` the cases that may
/// need the question or a consideration.
pub fn notification_items<'a>(
    notifications: impl IntoIterator<Item = &'a (Case, Notification)>,
    family: impl IntoIterator<Item = &'a FamilyCase>,
    profile: &Profile,
    today: NaiveDate,
    horizon: NaiveDate,
) -> Vec<DueItem> {
    let policy = &profile.notification;
    let mut items = Vec::new();
    let item = |case: &Case, kind, due: NaiveDate, rule: String, setting: String| {
        Source { profile, today }.item(case.id, &case.counsellor, kind, due, rule, setting)
    };
    let (handling, handling_was) = Paragraph::HANDLING;
    for (case, n) in notifications {
        if let Some(due) = draft_due(n, policy).filter(|d| *d <= horizon) {
            items.push(item(
                case,
                DueKind::NotificationDraft,
                due,
                {
                    let (now, was) = n.content.duty.paragraphs();
                    let days = match policy.draft_due_days {
                        1 => "1 dag".to_string(),
                        d => format!("{d} dage"),
                    };
                    format!(
                        "Underretning {} er ikke sendt: borgeren orienteres, og underretningen sendes senest {days} efter kladden (Barnets Lov §{}, tidl. Serviceloven §{})",
                        n.id, now.number, was.number
                    )
                },
                format!("notification.draft_due_days = {}", policy.draft_due_days),
            ));
        }
        if let Some(due) = receipt_due(n).filter(|d| *d <= horizon) {
            items.push(item(
                case,
                DueKind::NotificationReceipt,
                due,
                format!(
                    "Underretning {}: kommunen kvitterer inden {RECEIPT_WORKING_DAYS} hverdage (Barnets Lov §{}, tidl. Serviceloven §{}); ellers rykkes kommunen",
                    n.id, handling.number, handling_was.number
                ),
                format!("lov: {RECEIPT_WORKING_DAYS} hverdage, weekender og helligdage springes over"),
            ));
        }
    }
    for fc in family {
        if let Some(due) = children_question_due(&fc.case).filter(|d| *d <= horizon) {
            items.push(item(
                &fc.case,
                DueKind::ChildrenQuestion,
                due,
                "Behandlingen er startet, men spørgsmålet om børn under 18 er aldrig stillet (kvalitetsstandarderne: der spørges altid til børn)".to_string(),
                "intet (spørges ved hvert indtag)".to_string(),
            ));
        }
        if let Some(due) = consideration_due(fc, policy, today).filter(|d| *d <= horizon) {
            items.push(item(
                &fc.case,
                DueKind::ChildrenConsideration,
                due,
                format!(
                    "Børn i hjemmet: en overvejelse af børnenes forhold registreres mindst hver {}. måned",
                    policy.consider_children_every_months
                ),
                format!("notification.consider_children_every_months = {}", policy.consider_children_every_months),
            ));
        }
    }
    sort(&mut items);
    items
}

/// The Døgn pane's items due on or before `horizon`: approvals waiting,
/// the provider's mid-way status, final status and report of an
/// interruption, and the own payment the citizen must know before the
/// stay starts (domain.md 4). Each stay comes with its case's counsellor.
pub fn stay_items<'a>(
    stays: impl IntoIterator<Item = (&'a Stay, &'a str)>,
    profile: &Profile,
    today: NaiveDate,
    horizon: NaiveDate,
) -> Vec<DueItem> {
    let policy = &profile.stay;
    let mut items = Vec::new();
    for (stay, counsellor) in stays {
        let mut item = |kind, due: NaiveDate, rule: String, setting: String| {
            if due <= horizon {
                items.push(Source { profile, today }.item(stay.case_id, counsellor, kind, due, rule, setting));
            }
        };
        if stay.decision.is_none() {
            let (who, id) = match policy.decided_by {
                StayDecider::Centre => ("centret", "centre"),
                StayDecider::VisitationCommittee => ("visitationsudvalget", "visitation_committee"),
                StayDecider::SocialDepartment => ("socialafdelingen", "social_department"),
            };
            item(
                DueKind::StayApproval,
                stay.planned_start,
                format!(
                    "Døgnophold {} indstillet {}: afgøres af {who} før planlagt start",
                    stay.id,
                    dates::format_date_dk(stay.recommendation.on)
                ),
                format!("stay.decided_by = {id}"),
            );
        }
        if stay.ended.is_none()
            && stay.midway_status_on.is_none()
            && let Some(due) = midway_due(stay)
        {
            item(
                DueKind::StayMidwayStatus,
                due,
                format!("Døgnophold {}: døgntilbuddet sender midtvejsstatus ved opholdets midte", stay.id),
                String::new(),
            );
        }
        if let Some(ended) = stay.ended
            && stay.final_status_on.is_none()
        {
            item(
                DueKind::StayFinalStatus,
                ended.on,
                format!("Døgnophold {}: døgntilbuddet sender afslutningsstatus ved opholdets slut", stay.id),
                String::new(),
            );
        }
        if let Some(due) = interruption_report_due(stay, policy)
            && stay.ended.is_some_and(|e| e.reported_on.is_none())
        {
            item(
                DueKind::StayInterruptionReport,
                due,
                format!(
                    "Døgnophold {}: døgntilbuddet orienterer senest {} dage efter afbrudt behandling",
                    stay.id, policy.interruption_report_days
                ),
                format!("stay.interruption_report_days = {}", policy.interruption_report_days),
            );
        }
        if let Some(due) = own_payment_told_due(stay) {
            item(
                DueKind::StayOwnPaymentTold,
                due,
                format!("Døgnophold {}: borgeren skal kende egenbetalingen, før opholdet starter", stay.id),
                String::new(),
            );
        }
    }
    sort(&mut items);
    items
}

/// "1 måned", "6 måneder": the rule texts are read by people.
/// The Klager list's items: complaints the centre has not yet forwarded to
/// Ankestyrelsen (upheld, or not re-assessed yet: an upheld decision must
/// go on), due on the forwarding deadline, 4 weeks after the complaint was
/// received. A decision changed in the citizen's favour, a forwarded and a
/// decided complaint have nothing due. `complaints` are the open ones, each
/// with its case (for the counsellor).
pub fn complaint_items<'a>(
    complaints: impl IntoIterator<Item = &'a (Case, Complaint)>,
    profile: &Profile,
    today: NaiveDate,
    horizon: NaiveDate,
) -> Vec<DueItem> {
    let weeks = profile.complaint.deadline_weeks;
    let mut items = Vec::new();
    for (case, c) in complaints {
        let due = c.forwarding_deadline();
        if !c.awaits_forwarding() || due > horizon {
            continue;
        }
        let late = if c.is_late(weeks) {
            format!(
                "; klagen kom efter klagefristen ({}), så grunden til at videresende den noteres",
                dates::format_date_dk(c.deadline(weeks))
            )
        } else {
            String::new()
        };
        items.push(Source { profile, today }.item(
            case.id,
            &case.counsellor,
            DueKind::ComplaintForwarding,
            due,
            format!(
                "Klage {} over en afgørelse: genvurderes og videresendes, hvis afgørelsen fastholdes, til \
                 Ankestyrelsen senest {FORWARD_WEEKS} uger efter modtagelsen (Retssikkerhedsloven §66){late}",
                c.id
            ),
            format!("complaint.deadline_weeks = {weeks}"),
        ));
    }
    sort(&mut items);
    items
}

/// One MOVE course as `due` needs it: the course, the case's counsellor
/// and the course's sessions.
pub struct CourseDue<'a> {
    pub course: &'a MoveCourse,
    pub counsellor: &'a str,
    pub sessions: &'a [CourseSession],
}

/// The Grupper pane's items: MOVE cards earned but not handed out (due on
/// the day of the session that earned them), and handed-out cards that no
/// longer have a session earning them (due at once, today, every day until
/// a counsellor resolves them: a flag, not a deadline). Nothing is due when
/// the profile gives no gift cards.
pub fn groups_items<'a>(
    courses: impl IntoIterator<Item = CourseDue<'a>>,
    ledger: &Ledger,
    profile: &Profile,
    today: NaiveDate,
    horizon: NaiveDate,
) -> Vec<DueItem> {
    let settings = &profile.move_cards;
    let setting = format!(
        "move_cards.window_sessions = {}; move_cards.attendances_per_card = {}; move_cards.max_cards = {}",
        settings.window_sessions, settings.attendances_per_card, settings.max_cards
    );
    let mut items = Vec::new();
    for c in courses {
        let cards = course_cards(c.course, c.sessions, ledger, settings);
        if !cards.in_force {
            continue;
        }
        for row in &cards.rows {
            let (kind, due, rule) = match row.status {
                CardStatus::NotHandedOut => (
                    DueKind::GiftCardNotHandedOut,
                    row.session.date,
                    format!(
                        "MOVE-gavekort nr. {} optjent ved mødegangen {}: udleveres (Serviceloven §101 stk. 9-11)",
                        row.outcome.card_number().unwrap_or(0),
                        dates::format_date_dk(row.session.date)
                    ),
                ),
                CardStatus::ToResolve => (
                    DueKind::GiftCardToResolve,
                    today,
                    format!(
                        "Udleveret MOVE-gavekort for mødegangen {} er ikke optjent efter en rettelse: afklares (intet slettes)",
                        dates::format_date_dk(row.session.date)
                    ),
                ),
                CardStatus::NoCard | CardStatus::HandedOut => continue,
            };
            if due <= horizon {
                items.push(Source { profile, today }.item(
                    c.course.case_id,
                    c.counsellor,
                    kind,
                    due,
                    rule,
                    setting.clone(),
                ));
            }
        }
    }
    sort(&mut items);
    items
}

fn months_da(n: u32) -> String {
    if n == 1 { "1 måned".into() } else { format!("{n} måneder") }
}

fn clock_id(clock: ClockStart) -> &'static str {
    match clock {
        ClockStart::FirstContact => "first_contact",
        ClockStart::Consent => "consent",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::intake::test_support::{case_on, date};

    #[test]
    fn lists_deadlines_up_to_the_horizon_most_overdue_first() {
        let mut a = case_on("2026-03-01"); // deadline 15 March: overdue on the 20th
        a.id = 7;
        let mut b = case_on("2026-03-08"); // deadline 22 March
        b.id = 8;
        let mut c = case_on("2026-03-15"); // deadline 29 March: beyond a 2-day horizon
        c.id = 9;
        let profile = Profile::national();
        let items = intake_items([&a, &b, &c], &profile, date("2026-03-20"), horizon(date("2026-03-20"), 2));
        let got: Vec<(i64, i64)> = items.iter().map(|i| (i.case, i.days_left)).collect();
        assert_eq!(got, vec![(7, -5), (8, 2)]);
        assert_eq!(items[0].kind, DueKind::Guarantee);
        assert_eq!(items[0].profile, "national");
        assert!(items[0].setting.contains("guarantee_days = 14"));
    }

    #[test]
    fn the_doctors_deadline_comes_from_the_profile() {
        let case = case_on("2026-03-01");
        let faxe = Profile::built_in("faxe").unwrap();
        let items = intake_items([&case], &faxe, date("2026-03-15"), date("2026-03-15"));
        let kinds: Vec<DueKind> = items.iter().map(|i| i.kind).collect();
        assert_eq!(kinds, vec![DueKind::Guarantee, DueKind::Doctor]);
        assert!(items.iter().all(|i| i.due == date("2026-03-15") && i.days_left == 0));
        // The national default tracks no doctor's deadline.
        let national = intake_items([&case], &Profile::national(), date("2026-03-15"), date("2026-03-15"));
        assert_eq!(national.len(), 1);
    }

    #[test]
    fn plan_items_come_from_the_profile_and_the_stored_calls() {
        use crate::domain::plan::test_support::{ending, started, version};
        use crate::domain::plan::{Course, CourseCall, DischargeReason, FollowUpCall};
        let mut in_treatment = started("2026-01-05", "2026-01-31");
        in_treatment.id = 4;
        let course = Course {
            case: in_treatment.clone(),
            latest: Some(version(1, "2026-02-02", "2026-02-28")),
            ending: None,
            re_enrolment: None,
        };
        let call = |id, months, due: &str| CourseCall {
            case: in_treatment.clone(),
            ending: ending(4, "2026-03-01", DischargeReason::Completed),
            call: FollowUpCall { id, case_id: 4, months, due_on: date(due), attempts: vec![] },
        };
        let calls = [call(1, 1, "2026-04-01"), call(2, 6, "2026-09-01")];
        let today = date("2026-03-17");
        let kinds = |profile: &str, within: u32| -> Vec<(DueKind, NaiveDate)> {
            let mut p = Profile::built_in(profile).unwrap();
            if profile == "faxe" {
                // A centre's own copy of Faxe with a first follow-up after a month.
                p.plan.first_follow_up_months = Some(1);
            }
            plan_items([&course], &calls, &p, today, horizon(today, within)).iter().map(|i| (i.kind, i.due)).collect()
        };
        // The revision and the first follow-up, both 28 February.
        assert_eq!(
            kinds("faxe", 0),
            vec![(DueKind::PlanRevision, date("2026-02-28")), (DueKind::FirstFollowUp, date("2026-02-28"))]
        );
        // Nyborg: the §141 decision, 2 months after 31 January.
        assert_eq!(
            kinds("nyborg", 14),
            vec![(DueKind::PlanRevision, date("2026-02-28")), (DueKind::ActionPlanDecision, date("2026-03-31"))]
        );
        // The 1-month call falls within 15 days, the 6-month call within 170.
        assert_eq!(kinds("randers", 15).last(), Some(&(DueKind::FollowUpCall, date("2026-04-01"))));
        assert_eq!(kinds("randers", 170).len(), 3);
        let items = plan_items([&course], &calls, &Profile::national(), today, horizon(today, 170));
        let json = serde_json::to_value(&items[2]).unwrap();
        assert_eq!(json["kind"], "follow_up_call");
        assert_eq!(json["case"], 4);
        assert_eq!(json["days_left"], 168);
        assert!(json["setting"].as_str().unwrap().contains("after_end_months = [1, 6]"));
        // Which call it is, for scripts; no guarantee clock on a call.
        assert_eq!(json["follow_up_months"], 6);
        assert_eq!(json["clock_started"], serde_json::Value::Null);
        assert_eq!(items[1].follow_up_months, Some(1));
        assert_eq!(items[0].follow_up_months, None, "{:?}", items[0].kind);
    }

    /// The guarantee's item carries the day its clock started: the first
    /// contact, or (Rødovre) show-up and consent, which is later.
    #[test]
    fn the_guarantee_item_says_when_its_clock_started() {
        let mut case = case_on("2026-03-02");
        let today = date("2026-03-20");
        let national = intake_items([&case], &Profile::national(), today, today);
        assert_eq!(national[0].kind, DueKind::Guarantee);
        assert_eq!(national[0].clock_started, Some(date("2026-03-02")));
        assert_eq!(national[0].due, date("2026-03-16"));
        case.progress.consent_on = Some(date("2026-03-05"));
        let rodovre = intake_items([&case], &Profile::built_in("rodovre").unwrap(), today, horizon(today, 30));
        let guarantee = rodovre.iter().find(|i| i.kind == DueKind::Guarantee).unwrap();
        assert_eq!(guarantee.clock_started, Some(date("2026-03-05")));
        assert_eq!(guarantee.due, date("2026-03-19"));
        let json = serde_json::to_value(guarantee).unwrap();
        assert_eq!(json["clock_started"], "2026-03-05");
        assert_eq!(json["follow_up_months"], serde_json::Value::Null);
        // The doctor's item has neither.
        assert!(rodovre.iter().filter(|i| i.kind != DueKind::Guarantee).all(|i| i.clock_started.is_none()));
    }

    #[test]
    fn the_underretning_items_name_their_rule_and_never_a_name() {
        use crate::domain::intake::ChildrenAnswer;
        use crate::domain::notification::test_support::{child, draft, stamp};
        use crate::domain::notification::{ChildRelation, InformHow, Informed, Informing, SendHow, Sending};

        let today = date("2026-03-17");
        let mut case = case_on("2026-01-05");
        case.id = 4;
        case.counsellor = "bo".into();
        case.progress.treatment_started_on = Some(date("2026-01-12"));
        case.children = ChildrenAnswer::NotAsked;
        let drafted = draft(1, "2026-03-15");
        let mut sent = draft(2, "2026-03-09");
        sent.informed = Some(Informing {
            on: date("2026-03-09"),
            informed: Informed::Told { how: InformHow::Phone },
            stamp: stamp(),
        });
        sent.sent = Some(Sending { on: date("2026-03-09"), how: SendHow::OnlineForm, stamp: stamp() });
        let pending = vec![(case.clone(), drafted), (case.clone(), sent)];
        let fam = vec![FamilyCase {
            case: case.clone(),
            children: vec![child(1, 4, 2016, ChildRelation::SharedCustody, "2026-01-12")],
            last_consideration: None,
            last_notification: Some(date("2025-12-01")),
        }];
        let items = notification_items(&pending, &fam, &Profile::national(), today, today);
        let got: Vec<(&str, NaiveDate, i64)> = items.iter().map(|i| (i.kind.id(), i.due, i.days_left)).collect();
        assert_eq!(
            got,
            vec![
                ("children_question", date("2026-01-12"), -64),
                ("children_consideration", date("2026-03-01"), -16),
                ("notification_draft", date("2026-03-16"), -1),
                ("notification_receipt", date("2026-03-17"), 0),
            ]
        );
        assert!(items.iter().all(|i| i.case == 4 && i.counsellor == "bo"));
        assert!(items[3].rule.contains("§136") && items[3].rule.contains("§155"), "{}", items[3].rule);
        assert_eq!(items[1].setting, "notification.consider_children_every_months = 3");
        let json = serde_json::to_string(&items).unwrap();
        assert!(!json.contains("Testborger"), "a due item never carries a name: {json}");
        // A receipt due later falls outside today's list but inside a wider horizon.
        let later =
            notification_items(&pending[1..], &[], &Profile::national(), date("2026-03-16"), date("2026-03-16"));
        assert!(later.is_empty());
        let within =
            notification_items(&pending[1..], &[], &Profile::national(), date("2026-03-16"), date("2026-03-17"));
        assert_eq!(within.len(), 1);
    }

    #[test]
    fn stays_are_due_for_approval_status_reports_and_the_report_of_an_interruption() {
        use crate::domain::stay::StayStepKind as K;
        use crate::domain::stay::lifecycle::test_support::{recommended, take, told_own_payment};
        let randers = Profile::built_in("randers").unwrap();
        let today = date("2026-03-17");
        // Waiting for the committee, planned start 1 March: overdue.
        let waiting = recommended();
        // Running since 2 March, planned end 31 May: mid-way due 16 April.
        let mut running = recommended();
        running.id = 2;
        take(&mut running, K::Approve, "20.02.2026", "2026-03-17").unwrap();
        take(&mut running, K::Start, "02.03.2026", "2026-03-17").unwrap();
        running.own_payment = Some(told_own_payment("2026-02-25"));
        // Interrupted 13 March, not reported: due 15 March; final status due 13 March.
        let mut interrupted = running.clone();
        interrupted.id = 3;
        let end = crate::domain::stay::StayStepInput {
            kind: Some(K::End),
            date: "13.03.2026".into(),
            interrupted: true,
            ..Default::default()
        };
        let step = crate::domain::stay::parse_stay_step(&end, &interrupted, today).unwrap();
        crate::domain::stay::apply_stay_step(&mut interrupted, &step);
        // Approved to start 1 March, the own payment not told: overdue.
        let mut untold = recommended();
        untold.id = 4;
        take(&mut untold, K::Approve, "20.02.2026", "2026-03-17").unwrap();
        let stays = [(&waiting, "dennis"), (&running, "anna"), (&interrupted, "bo"), (&untold, "camilla")];

        let items = stay_items(stays, &randers, today, today);
        let got: Vec<(DueKind, i64, i64, &str)> =
            items.iter().map(|i| (i.kind, i.case, i.days_left, i.counsellor.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (DueKind::StayApproval, 7, -16, "dennis"),
                (DueKind::StayOwnPaymentTold, 7, -16, "camilla"),
                (DueKind::StayFinalStatus, 7, -4, "bo"),
                (DueKind::StayInterruptionReport, 7, -2, "bo"),
            ]
        );
        assert!(items[1].rule.contains("egenbetalingen, før opholdet starter"), "{}", items[1].rule);
        assert_eq!(items[0].setting, "stay.decided_by = visitation_committee");
        assert!(items[0].rule.contains("visitationsudvalget"), "{}", items[0].rule);
        assert_eq!(items[3].setting, "stay.interruption_report_days = 2");
        // Looking a month ahead brings the mid-way status.
        let ahead = stay_items(stays, &randers, today, horizon(today, 30));
        let midway: Vec<_> = ahead.iter().filter(|i| i.kind == DueKind::StayMidwayStatus).collect();
        assert_eq!(midway.len(), 1);
        assert_eq!((midway[0].due, midway[0].counsellor.as_str()), (date("2026-04-16"), "anna"));
        // The ids are the README's.
        let ids: Vec<&str> = DueKind::ALL.iter().map(|k| k.id()).collect();
        assert_eq!(
            &ids[11..16],
            [
                "stay_approval",
                "stay_midway_status",
                "stay_final_status",
                "stay_interruption_report",
                "stay_own_payment_told"
            ]
        );
        for k in DueKind::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), k.id());
        }
    }

    #[test]
    fn gift_cards_owed_and_to_resolve_are_due() {
        use crate::domain::group::Ore;
        use crate::domain::group::course::SessionSource;
        use crate::domain::group::move_cards::Attendance;

        let course =
            MoveCourse { id: 1, case_id: 12, screening_on: date("2026-02-02"), follow_up_from: None, ended: None };
        // A A N at 3, 10 and 17 February; the card of the 10th went out, then
        // the 10th was corrected to a no-show.
        let marks = [Attendance::Attended, Attendance::NoShow, Attendance::Attended, Attendance::Attended];
        let sessions: Vec<CourseSession> = marks
            .iter()
            .enumerate()
            .map(|(i, a)| CourseSession {
                attendance_id: Some(10 + i as i64),
                date: dates::add_days(date("2026-02-03"), 7 * i as i64),
                source: SessionSource::Individual,
                attendance: Some(*a),
            })
            .collect();
        let mut ledger = Ledger::new();
        ledger.receive("MOVE-1", Ore::from_kr(200), date("2026-01-01"), "lene").unwrap();
        ledger.hand_out("MOVE-1", "12", Some(11), date("2026-02-10"), "anna").unwrap();
        let randers = Profile::built_in("randers").unwrap();
        let today = date("2026-03-17");
        let due = CourseDue { course: &course, counsellor: "camilla", sessions: &sessions };
        let items = groups_items([due], &ledger, &randers, today, today);
        let got: Vec<(i64, DueKind, i64)> = items.iter().map(|i| (i.case, i.kind, i.days_left)).collect();
        // A N A A: card 1 at the 4th session (24 February), 21 days ago.
        assert_eq!(got, vec![(12, DueKind::GiftCardNotHandedOut, -21), (12, DueKind::GiftCardToResolve, 0)]);
        assert!(items[0].setting.contains("max_cards = 7"));
        let json = serde_json::to_value(&items).unwrap();
        assert_eq!(json[0]["kind"], "gift_card_not_handed_out");
        assert_eq!(json[1]["kind"], "gift_card_to_resolve");
        // The ids are the README's.
        let ids: Vec<&str> = DueKind::ALL.iter().map(|k| k.id()).collect();
        assert_eq!(&ids[16..18], ["gift_card_not_handed_out", "gift_card_to_resolve"]);
        assert_eq!(ids[18], "complaint_forwarding");
        // Only what falls due by the horizon; nothing without gift cards.
        let due = CourseDue { course: &course, counsellor: "camilla", sessions: &sessions };
        assert_eq!(groups_items([due], &ledger, &randers, today, date("2026-02-01")).len(), 0);
        let due = CourseDue { course: &course, counsellor: "camilla", sessions: &sessions };
        assert!(groups_items([due], &ledger, &Profile::national(), today, today).is_empty());
    }

    #[test]
    fn the_json_names_are_stable_english() {
        let case = case_on("2026-03-01");
        let items = intake_items([&case], &Profile::national(), date("2026-03-20"), date("2026-03-20"));
        let json = serde_json::to_value(&items[0]).unwrap();
        assert_eq!(json["kind"], "guarantee");
        assert_eq!(json["due"], "2026-03-15");
        assert_eq!(json["days_left"], -5);
        assert_eq!(json["case"], 1);
        assert_eq!(json["counsellor"], "anna");
    }
}
