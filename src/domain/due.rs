//! What is due or overdue on a day, for `sagsbord due` and the morning mail.
//!
//! Each item names the rule and the profile it comes from, so a reader can
//! tell why it is on the list. Items carry the case number and the
//! counsellor but never a name or CPR number: the list is meant to be mailed.

use chrono::NaiveDate;
use serde::Serialize;

use super::dates;
use super::group::course::{CardStatus, CourseSession, MoveCourse, course_cards};
use super::group::ledger::Ledger;
use super::intake::{Case, DoctorStatus, Guarantee, doctor_status, guarantee};
use super::policy::{ClockStart, DoctorRule, Profile};

/// The stable English kinds. Later panes add theirs here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DueKind {
    /// Treatment must start by the 14-day guarantee's deadline.
    Guarantee,
    /// The doctor's consultation must be offered (or held, when wanted).
    Doctor,
    /// A MOVE gift card was earned and has not been handed out.
    GiftCardNotHandedOut,
    /// A handed-out MOVE gift card is no longer earned (after a corrected
    /// attendance), or is recorded to another case: a counsellor resolves it.
    GiftCardToResolve,
}

impl DueKind {
    pub const ALL: [DueKind; 4] =
        [DueKind::Guarantee, DueKind::Doctor, DueKind::GiftCardNotHandedOut, DueKind::GiftCardToResolve];

    pub fn id(self) -> &'static str {
        match self {
            DueKind::Guarantee => "guarantee",
            DueKind::Doctor => "doctor",
            DueKind::GiftCardNotHandedOut => "gift_card_not_handed_out",
            DueKind::GiftCardToResolve => "gift_card_to_resolve",
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
                items.push(DueItem {
                    case: c.course.case_id,
                    kind,
                    due,
                    days_left: dates::days_between(today, due),
                    counsellor: c.counsellor.to_string(),
                    rule,
                    setting: setting.clone(),
                    profile: profile.id.clone(),
                });
            }
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
