//! What is due or overdue on a day, for `sagsbord due` and the morning mail.
//!
//! Each item names the rule and the profile it comes from, so a reader can
//! tell why it is on the list. Items carry the case number and the
//! counsellor but never a name or CPR number: the list is meant to be mailed.

use chrono::NaiveDate;
use serde::Serialize;

use super::dates;
use super::intake::{Case, DoctorStatus, Guarantee, doctor_status, guarantee};
use super::policy::{ClockStart, DoctorRule, Profile, StayDecider};
use super::stay::Stay;
use super::stay::overview::{interruption_report_due, midway_due};

/// The stable English kinds. Later panes add theirs here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DueKind {
    /// Treatment must start by the 14-day guarantee's deadline.
    Guarantee,
    /// The doctor's consultation must be offered (or held, when wanted).
    Doctor,
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
}

impl DueKind {
    pub const ALL: [DueKind; 6] = [
        DueKind::Guarantee,
        DueKind::Doctor,
        DueKind::StayApproval,
        DueKind::StayMidwayStatus,
        DueKind::StayFinalStatus,
        DueKind::StayInterruptionReport,
    ];

    pub fn id(self) -> &'static str {
        match self {
            DueKind::Guarantee => "guarantee",
            DueKind::Doctor => "doctor",
            DueKind::StayApproval => "stay_approval",
            DueKind::StayMidwayStatus => "stay_midway_status",
            DueKind::StayFinalStatus => "stay_final_status",
            DueKind::StayInterruptionReport => "stay_interruption_report",
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
}

/// The day up to which `due` looks: today plus `within_days`.
pub fn horizon(today: NaiveDate, within_days: u32) -> NaiveDate {
    dates::add_days(today, i64::from(within_days))
}

/// Puts the items of every pane in one order: by due date, then kind, then
/// case, so the most overdue comes first and the order is stable.
pub fn sort(items: &mut [DueItem]) {
    items.sort_by(|a, b| (a.due, a.kind, a.case).cmp(&(b.due, b.kind, b.case)));
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
        let item = |kind, due: NaiveDate, rule: String, setting: String| DueItem {
            case: case.id,
            kind,
            due,
            days_left: dates::days_between(today, due),
            counsellor: case.counsellor.clone(),
            rule,
            setting,
            profile: profile.id.clone(),
        };
        if let Guarantee::Running { deadline, .. } = guarantee(case, policy, today)
            && deadline <= horizon
        {
            let from = match policy.clock_starts {
                ClockStart::FirstContact => "første henvendelse",
                ClockStart::Consent => "fremmøde og samtykke",
            };
            items.push(item(
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
            ));
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

/// The Døgn pane's items due on or before `horizon`: approvals waiting, and
/// the provider's mid-way status, final status and report of an
/// interruption (domain.md 4). Each stay comes with its case's counsellor.
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
                items.push(DueItem {
                    case: stay.case_id,
                    kind,
                    due,
                    days_left: dates::days_between(today, due),
                    counsellor: counsellor.to_string(),
                    rule,
                    setting,
                    profile: profile.id.clone(),
                });
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
    }
    sort(&mut items);
    items
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
    fn stays_are_due_for_approval_status_reports_and_the_report_of_an_interruption() {
        use crate::domain::stay::StayStepKind as K;
        use crate::domain::stay::lifecycle::test_support::{recommended, take};
        let randers = Profile::built_in("randers").unwrap();
        let today = date("2026-03-17");
        // Waiting for the committee, planned start 1 March: overdue.
        let waiting = recommended();
        // Running since 2 March, planned end 31 May: mid-way due 16 April.
        let mut running = recommended();
        running.id = 2;
        take(&mut running, K::Approve, "20.02.2026", "2026-03-17").unwrap();
        take(&mut running, K::Start, "02.03.2026", "2026-03-17").unwrap();
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
        let stays = [(&waiting, "dennis"), (&running, "anna"), (&interrupted, "bo")];

        let items = stay_items(stays, &randers, today, today);
        let got: Vec<(DueKind, i64, i64, &str)> =
            items.iter().map(|i| (i.kind, i.case, i.days_left, i.counsellor.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (DueKind::StayApproval, 7, -16, "dennis"),
                (DueKind::StayFinalStatus, 7, -4, "bo"),
                (DueKind::StayInterruptionReport, 7, -2, "bo"),
            ]
        );
        assert_eq!(items[0].setting, "stay.decided_by = visitation_committee");
        assert!(items[0].rule.contains("visitationsudvalget"), "{}", items[0].rule);
        assert_eq!(items[2].setting, "stay.interruption_report_days = 2");
        // Looking a month ahead brings the mid-way status.
        let ahead = stay_items(stays, &randers, today, horizon(today, 30));
        let midway: Vec<_> = ahead.iter().filter(|i| i.kind == DueKind::StayMidwayStatus).collect();
        assert_eq!(midway.len(), 1);
        assert_eq!((midway[0].due, midway[0].counsellor.as_str()), (date("2026-04-16"), "anna"));
        // The ids are the README's.
        let ids: Vec<&str> = DueKind::ALL.iter().map(|k| k.id()).collect();
        assert_eq!(&ids[2..], ["stay_approval", "stay_midway_status", "stay_final_status", "stay_interruption_report"]);
        for k in DueKind::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), k.id());
        }
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
