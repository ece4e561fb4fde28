//! The yearly report (domain.md 6, modelled on Faxe's annual report): the
//! centre's figures for a period, computed from plain rows the store loads.
//!
//! Every figure is a [`Row`] that carries the case numbers behind it, so a
//! reader can go from a number to the cases it counts. The report speaks in
//! enums and numbers; `text::report` says them in Danish. A section whose
//! data sagsbord does not record says so ([`Note::NotRecorded`]) rather than
//! show an invented zero.

mod case_line;
mod complaints;
mod courses;
pub mod events;
mod follow_up;
mod goals;
mod guarantee;
mod money;
pub mod municipality;
mod notifications;
mod people;
mod period;
mod stay_days;
#[cfg(test)]
mod tests;

pub use case_line::CaseLine;
pub use follow_up::{TargetCheck, TargetKind};
pub use goals::{GOAL_LIMIT, GoalDraft, GoalField, GoalProblem, YearGoal};
pub use notifications::Waits;
pub use people::CaseFacts;
pub use period::{Period, PeriodProblem};

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::cpr::Sex;
use super::group::ledger::Ledger;
use super::intake::{Case, Citizenship, ClosingReason, FamilySituation, Substance};
use super::money::Ore;
use super::notification::{Child, Notification};
use super::plan::{CallOutcome, DischargeReason, Ending, FollowUpCall};
use super::policy::Profile;
use super::stay::{Provider, Stay};

/// What the store loads for a report. Each list may hold more than the
/// period needs (the computation picks by date); nothing outside it is
/// counted.
#[derive(Debug, Clone, Default)]
pub struct ReportInput {
    /// Every case the period touches: started or ended a course, closed a
    /// contact or chose another provider in it, and every case of a citizen
    /// whose course was completed in it (a re-enrolment is a new case).
    pub cases: Vec<Case>,
    /// The endings of those cases' courses.
    pub endings: Vec<Ending>,
    /// The follow-up calls of those endings, with their attempts.
    pub calls: Vec<FollowUpCall>,
    /// The MOVE gift-card ledger, when the centre keeps one.
    pub ledger: Option<Ledger>,
    /// MOVE cards earned and not handed out today, by case.
    pub cards_owed: Vec<(i64, Ore)>,
    /// Residential stays with their provider.
    pub stays: Vec<(Stay, Provider)>,
    /// Underretninger of the cases, any date.
    pub notifications: Vec<Notification>,
    /// The goals of the years the period falls in, with their status.
    pub goals: Vec<YearGoal>,
    /// Complaints about decisions (the computation picks those received
    /// in the period), with their steps as they stand.
    pub complaints: Vec<super::complaint::Complaint>,
    /// The optional facts of the cases (citizenship, recorded gender,
    /// family situation), by case number; a case without any is absent.
    pub facts: BTreeMap<i64, CaseFacts>,
    /// The children recorded on the cases, ended ones too.
    pub children: Vec<Child>,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub period: Period,
    /// The day it was computed: what "still open" and forecasts count from.
    pub today: NaiveDate,
    pub profile_id: String,
    pub sections: Vec<Section>,
    /// Every case a row names, for the list behind a figure.
    pub cases: BTreeMap<i64, CaseRef>,
    /// The year's goals and their status, as written.
    pub goals: Vec<YearGoal>,
}

/// A case as the list behind a figure shows it: never by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRef {
    pub case_id: i64,
    /// DDMMYY-XXXX, or none for an anonymous (§101a) case or one without CPR.
    pub masked_cpr: Option<String>,
    pub counsellor: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub kind: SectionKind,
    pub rows: Vec<Row>,
    pub notes: Vec<Note>,
}

impl Section {
    fn new(kind: SectionKind, rows: Vec<Row>) -> Section {
        Section { kind, rows, notes: Vec::new() }
    }

    /// A section whose data is not recorded: no rows, one note.
    fn not_recorded(kind: SectionKind) -> Section {
        Section { kind, rows: Vec::new(), notes: vec![Note::NotRecorded] }
    }

    /// Whether the rows are sums of money rather than counts of cases.
    pub fn is_money(&self) -> bool {
        self.rows.iter().any(|r| r.amount.is_some())
    }
}

/// The sections, in the order of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SectionKind {
    Courses,
    Length,
    Sex,
    Age,
    Substances,
    Citizenship,
    Family,
    EndReasons,
    ClosedContacts,
    Guarantee,
    /// The follow-up call this many months after the end.
    FollowUp(u32),
    ReEnrolment,
    MoveCards,
    StaysByMonth,
    /// The days at a provider, each month.
    StayDaysByMonth,
    StaysByProvider,
    /// Each stay's cost and days in the year.
    StaysByStay,
    Notifications,
    Complaints,
}

impl SectionKind {
    /// The stable English key of the JSON output.
    pub fn id(self) -> String {
        match self {
            SectionKind::Courses => "courses".into(),
            SectionKind::Length => "length".into(),
            SectionKind::Sex => "sex".into(),
            SectionKind::Age => "age".into(),
            SectionKind::Substances => "substances".into(),
            SectionKind::Citizenship => "citizenship".into(),
            SectionKind::Family => "family".into(),
            SectionKind::EndReasons => "end_reasons".into(),
            SectionKind::ClosedContacts => "closed_contacts".into(),
            SectionKind::Guarantee => "guarantee".into(),
            SectionKind::FollowUp(m) => format!("follow_up_{m}_months"),
            SectionKind::ReEnrolment => "re_enrolment".into(),
            SectionKind::MoveCards => "move_cards".into(),
            SectionKind::StaysByMonth => "stays_by_month".into(),
            SectionKind::StayDaysByMonth => "stay_days_by_month".into(),
            SectionKind::StaysByProvider => "stays_by_provider".into(),
            SectionKind::StaysByStay => "stays_by_stay".into(),
            SectionKind::Notifications => "notifications".into(),
            SectionKind::Complaints => "complaints".into(),
        }
    }

    /// Whether the chart is a line over the months rather than bars.
    pub fn is_over_time(self) -> bool {
        matches!(self, SectionKind::StaysByMonth | SectionKind::StayDaysByMonth)
    }

    /// The sections of residential stays (`sagsbord report --section stays`).
    pub fn is_stays(self) -> bool {
        matches!(
            self,
            SectionKind::StaysByMonth
                | SectionKind::StayDaysByMonth
                | SectionKind::StaysByProvider
                | SectionKind::StaysByStay
        )
    }
}

/// One figure: what it counts, how many, and the cases behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub key: RowKey,
    pub count: usize,
    /// The money the row sums, for the MOVE cards and the stays.
    pub amount: Option<Ore>,
    /// The cases counted, in case-number order (a case may be named once
    /// per row even when it counts more than once, as a stay in two months).
    pub cases: Vec<i64>,
}

impl Row {
    fn of(key: RowKey, mut cases: Vec<i64>) -> Row {
        cases.sort_unstable();
        let count = cases.len();
        cases.dedup();
        Row { key, count, amount: None, cases }
    }

    fn money(key: RowKey, count: usize, amount: Ore, mut cases: Vec<i64>) -> Row {
        cases.sort_unstable();
        cases.dedup();
        Row { key, count, amount: Some(amount), cases }
    }
}

/// The length of an ended course, in whole calendar months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LengthBucket {
    /// Under 3 months.
    UpTo3,
    /// 3 months or more, under 6.
    From3To6,
    From6To9,
    /// 9 months or more.
    Over9,
}

impl LengthBucket {
    pub const ALL: [LengthBucket; 4] =
        [LengthBucket::UpTo3, LengthBucket::From3To6, LengthBucket::From6To9, LengthBucket::Over9];

    pub fn of_months(months: u32) -> LengthBucket {
        match months {
            0..=2 => LengthBucket::UpTo3,
            3..=5 => LengthBucket::From3To6,
            6..=8 => LengthBucket::From6To9,
            _ => LengthBucket::Over9,
        }
    }
}

/// Age at the start of treatment: each year under 19, then spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AgeGroup {
    Year(u32),
    From19To30,
    From31To40,
    From41To50,
    From51To60,
    Over60,
    /// No CPR number: anonymous (§101a) or not given.
    Unknown,
}

impl AgeGroup {
    pub fn of_age(age: u32) -> AgeGroup {
        match age {
            0..=18 => AgeGroup::Year(age),
            19..=30 => AgeGroup::From19To30,
            31..=40 => AgeGroup::From31To40,
            41..=50 => AgeGroup::From41To50,
            51..=60 => AgeGroup::From51To60,
            _ => AgeGroup::Over60,
        }
    }
}

/// What a row counts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RowKey {
    /// Courses whose treatment started in the period.
    Started,
    /// Courses in treatment on some day of the period (started before its
    /// end, not ended before its start): a course open over New Year counts
    /// in both years.
    Active,
    /// Of those started: not ended by the period's end ...
    StillOpen,
    /// ... and ended by it.
    EndedOfStarted,
    Length(LengthBucket),
    Sex(Option<Sex>),
    Age(AgeGroup),
    /// `None`: no substance recorded.
    Substance(Option<Substance>),
    /// `None`: not recorded.
    Citizenship(Option<Citizenship>),
    /// `None`: not recorded.
    Family(Option<FamilySituation>),
    /// The citizen is pregnant (a recorded expected child of her own).
    Pregnant,
    /// Children under 18 living at home or in shared custody.
    ChildrenAtHome,
    /// Children under 18 placed outside the home.
    ChildrenPlaced,
    Reason(DischargeReason),
    ClosedWithoutTreatment,
    /// Contacts closed without treatment for this reason; `None`: closed
    /// before the list of reasons existed.
    ClosingReason(Option<ClosingReason>),
    GuaranteeKept,
    /// Started after the deadline with a special assessment recorded.
    GuaranteeMissedSpecial,
    /// Started after the deadline with no reason recorded.
    GuaranteeMissed,
    /// The citizen chose another provider: the guarantee does not apply.
    GuaranteeFreeChoice,
    Outcome(CallOutcome),
    NotReached,
    Declined,
    /// Courses completed in the period ...
    Completed,
    /// ... whose citizen came back within 12 months.
    ReEnrolled,
    CardsHandedOut,
    CardsOwed,
    /// Cards in stock, per card value.
    CardsOnHand(Ore),
    StayMonth(u32),
    /// Days at a provider in the month (`count` is the days).
    StayDays(u32),
    /// One stay: its cost in the year (`count` is its days).
    Stay {
        id: i64,
        case_id: i64,
        provider: String,
    },
    Provider {
        id: i64,
        name: String,
    },
    NotificationsSent,
    ReceiptInTime,
    ReceiptLate,
    ReceiptMissing,
    /// A complaint about a decision, by what became of it.
    Complaint(ComplaintRow),
}

/// What the complaints section counts, each over the complaints received
/// in the period, as they stand on the day of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ComplaintRow {
    Received,
    /// Received after the complaint deadline (told + the profile's weeks).
    Late,
    /// Not re-assessed yet.
    AwaitingReassessment,
    /// The centre changed its decision in the citizen's favour.
    ChangedByCentre,
    /// Upheld and not forwarded yet.
    UpheldNotForwarded,
    Forwarded,
    /// Forwarded after the forwarding deadline (received + 4 weeks).
    ForwardedAfterDeadline,
    /// With Ankestyrelsen, no result yet.
    AwaitingResult,
    Result(super::complaint::AppealResult),
}

impl RowKey {
    /// The stable English key of the JSON output.
    pub fn id(&self) -> String {
        fn snake<T: serde::Serialize>(v: &T) -> String {
            serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
        }
        match self {
            RowKey::Started => "started".into(),
            RowKey::Active => "in_treatment".into(),
            RowKey::StillOpen => "still_open".into(),
            RowKey::EndedOfStarted => "ended".into(),
            RowKey::Length(b) => match b {
                LengthBucket::UpTo3 => "months_0_3".into(),
                LengthBucket::From3To6 => "months_3_6".into(),
                LengthBucket::From6To9 => "months_6_9".into(),
                LengthBucket::Over9 => "months_over_9".into(),
            },
            RowKey::Sex(Some(Sex::Male)) => "male".into(),
            RowKey::Sex(Some(Sex::Female)) => "female".into(),
            RowKey::Sex(None) => "unknown".into(),
            RowKey::Age(g) => match g {
                AgeGroup::Year(y) => format!("age_{y}"),
                AgeGroup::From19To30 => "age_19_30".into(),
                AgeGroup::From31To40 => "age_31_40".into(),
                AgeGroup::From41To50 => "age_41_50".into(),
                AgeGroup::From51To60 => "age_51_60".into(),
                AgeGroup::Over60 => "age_over_60".into(),
                AgeGroup::Unknown => "unknown".into(),
            },
            RowKey::Substance(Some(s)) => snake(s),
            RowKey::Substance(None) => "none_recorded".into(),
            RowKey::Citizenship(Some(c)) => snake(c),
            RowKey::Family(Some(f)) => snake(f),
            RowKey::Citizenship(None) | RowKey::Family(None) => "not_recorded".into(),
            RowKey::Pregnant => "pregnant".into(),
            RowKey::ChildrenAtHome => "children_under_18".into(),
            RowKey::ChildrenPlaced => "children_placed".into(),
            RowKey::Reason(r) => snake(r),
            RowKey::ClosedWithoutTreatment => "closed_without_treatment".into(),
            RowKey::ClosingReason(Some(r)) => snake(r),
            RowKey::ClosingReason(None) => "not_given".into(),
            RowKey::GuaranteeKept => "in_time".into(),
            RowKey::GuaranteeMissedSpecial => "late_special_assessment".into(),
            RowKey::GuaranteeMissed => "late_no_reason".into(),
            RowKey::GuaranteeFreeChoice => "free_choice".into(),
            RowKey::Outcome(o) => snake(o),
            RowKey::NotReached => "not_reached".into(),
            RowKey::Declined => "declined".into(),
            RowKey::Completed => "completed".into(),
            RowKey::ReEnrolled => "re_enrolled".into(),
            RowKey::CardsHandedOut => "handed_out".into(),
            RowKey::CardsOwed => "owed".into(),
            RowKey::CardsOnHand(v) => format!("on_hand_{}", v.ore()),
            RowKey::StayMonth(m) | RowKey::StayDays(m) => format!("month_{m:02}"),
            RowKey::Stay { id, .. } => format!("stay_{id}"),
            RowKey::Provider { id, .. } => format!("provider_{id}"),
            RowKey::NotificationsSent => "sent".into(),
            RowKey::ReceiptInTime => "receipt_in_time".into(),
            RowKey::ReceiptLate => "receipt_late".into(),
            RowKey::ReceiptMissing => "receipt_missing".into(),
            RowKey::Complaint(c) => match c {
                ComplaintRow::Received => "received".into(),
                ComplaintRow::Late => "late".into(),
                ComplaintRow::AwaitingReassessment => "awaiting_reassessment".into(),
                ComplaintRow::ChangedByCentre => "changed_by_centre".into(),
                ComplaintRow::UpheldNotForwarded => "upheld_not_forwarded".into(),
                ComplaintRow::Forwarded => "forwarded".into(),
                ComplaintRow::ForwardedAfterDeadline => "forwarded_after_deadline".into(),
                ComplaintRow::AwaitingResult => "awaiting_result".into(),
                ComplaintRow::Result(r) => format!("appeal_{}", snake(r)),
            },
        }
    }
}

/// What a section says beside its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// sagsbord does not record this yet: nothing is counted.
    NotRecorded,
    /// The guarantee: `kept` of `judged` started in time (free choice is
    /// not judged).
    ShareInTime {
        kept: usize,
        judged: usize,
    },
    /// One start after the deadline: the case, the days over and the
    /// special assessment's reason, if one was recorded.
    Breach {
        case_id: i64,
        days_over: i64,
        special_reason: Option<String>,
    },
    Target(TargetCheck),
    /// Completed courses whose 12 months after the end have not all passed
    /// by the day of the report: they may still re-enrol.
    WindowsOpen(usize),
    /// The ledger's stock count per card value adds up (or not).
    LedgerBalances(bool),
    /// The stays' year: spent up to `realised_to`, the forecast after it to
    /// 31 December (nothing when the year is over).
    StayYear {
        year: i32,
        realised: Ore,
        forecast: Ore,
        realised_to: NaiveDate,
    },
    /// The stays' days in the year: spent up to `realised_to`, forecast after.
    StayDays {
        realised: i64,
        forecast: i64,
    },
    /// Stays that could not be costed (a day without a price), left out.
    StaysNotCosted(Vec<i64>),
    /// How many stays could not be costed, where the cases are not named
    /// (the central team's figures).
    StaysNotCostedCount(usize),
    /// Days, sent to receipt, of the receipts confirmed, in working days
    /// (shown as their median and the longest).
    ReceiptWorkingDays(Waits),
}

/// Computes the report for `period` as it stands on `today`.
pub fn build(input: &ReportInput, profile: &Profile, period: Period, today: NaiveDate) -> Report {
    let mut report = ReportBuilder::new(profile, period, today);
    report.calls(&input.endings, &input.calls);
    let lines: Vec<CaseLine> = input.cases.iter().map(|c| CaseLine::of(c, &profile.intake, today)).collect();
    report.cases(&lines, &input.endings, &input.facts, &input.children);
    report.move_cards(input.ledger.as_ref(), &input.cards_owed);
    report.stays(&input.stays);
    report.notifications(&input.notifications);
    report.complaints(&input.complaints);
    report.finish(input.goals.clone())
}

/// The report computed a part at a time, each part from its own records
/// only, in any order: a caller can read one kind of record, add it and
/// drop it before it reads the next, so the report never holds every
/// record of the period at once (the store does so: at 100,000 cases the
/// gift-card ledger alone is as large as the cases). [`build`] adds the
/// parts of a whole [`ReportInput`]; both give the same report.
#[derive(Debug)]
pub struct ReportBuilder<'p> {
    profile: &'p Profile,
    period: Period,
    today: NaiveDate,
    /// Courses to the guarantee, then the re-enrolment (from the cases).
    courses: Vec<Section>,
    re_enrolment: Option<Section>,
    calls: Vec<Section>,
    move_cards: Option<Section>,
    stays: Vec<Section>,
    notifications: Option<Section>,
    complaints: Option<Section>,
    /// Every case a row names, for the list behind a figure.
    cases: BTreeMap<i64, CaseRef>,
}

impl<'p> ReportBuilder<'p> {
    pub fn new(profile: &'p Profile, period: Period, today: NaiveDate) -> ReportBuilder<'p> {
        ReportBuilder {
            profile,
            period,
            today,
            courses: Vec::new(),
            re_enrolment: None,
            calls: Vec::new(),
            move_cards: None,
            stays: Vec::new(),
            notifications: None,
            complaints: None,
            cases: BTreeMap::new(),
        }
    }

    /// The follow-up calls due in the period, and the endings whose
    /// citizen declined them.
    pub fn calls(&mut self, endings: &[Ending], calls: &[FollowUpCall]) {
        self.calls = follow_up::call_sections(endings, calls, self.profile, self.period);
    }

    /// Every section counted over the cases: the courses, who the citizens
    /// are, why courses ended, the closed contacts, the guarantee and the
    /// re-enrolments. The cases are named in full. `cases` are made by
    /// [`CaseLine::of`] with the profile's intake policy and the day of
    /// the report.
    pub fn cases(
        &mut self,
        cases: &[CaseLine],
        endings: &[Ending],
        facts: &BTreeMap<i64, CaseFacts>,
        children: &[Child],
    ) {
        let (period, profile) = (self.period, self.profile);
        let by_case: BTreeMap<i64, &Ending> = endings.iter().map(|e| (e.case_id, e)).collect();
        let mut sections = courses::sections(cases, &by_case, facts, period);
        sections.push(people::citizenship(cases, facts, period));
        sections.push(people::family(cases, facts, children, period));
        sections.push(courses::end_reasons(endings, period));
        sections.push(courses::closed_contacts(cases, period));
        sections.push(guarantee::section(cases, period));
        self.courses = sections;
        self.re_enrolment = Some(follow_up::re_enrolment_section(cases, endings, &profile.targets, period, self.today));
        for case in cases {
            let named = case.reference.clone();
            // A case loaded in full wins over one only named by a stay.
            if named.masked_cpr.is_some() || !named.counsellor.is_empty() || !self.cases.contains_key(&case.id) {
                self.cases.insert(case.id, named);
            }
        }
    }

    /// The MOVE gift cards: handed out in the period, owed today, in stock.
    pub fn move_cards(&mut self, ledger: Option<&Ledger>, owed: &[(i64, Ore)]) {
        self.move_cards = Some(money::move_cards(ledger, owed, self.period));
        self.name(owed.iter().map(|(id, _)| *id));
    }

    /// The residential stays' costs and days.
    pub fn stays(&mut self, stays: &[(Stay, Provider)]) {
        self.stays = money::stays(stays, self.period, self.today);
        self.name(stays.iter().map(|(s, _)| s.case_id));
    }

    pub fn notifications(&mut self, notifications: &[Notification]) {
        self.notifications = Some(notifications::section(notifications, self.period, self.today));
        self.name(notifications.iter().map(|n| n.case_id));
    }

    pub fn complaints(&mut self, complaints: &[super::complaint::Complaint]) {
        self.complaints = Some(complaints::section(complaints, self.profile, self.period));
        self.name(complaints.iter().map(|c| c.case_id));
    }

    /// Cases a figure names that may not be loaded with the report's cases:
    /// the store loads those too, so the number alone is only a fallback.
    fn name(&mut self, ids: impl IntoIterator<Item = i64>) {
        for id in ids {
            self.cases.entry(id).or_insert_with(|| unknown_case(id));
        }
    }

    /// The report, its sections in the report's order.
    pub fn finish(self, goals: Vec<YearGoal>) -> Report {
        let sections = self
            .courses
            .into_iter()
            .chain(self.calls)
            .chain(self.re_enrolment)
            .chain(self.move_cards)
            .chain(self.stays)
            .chain(self.notifications)
            .chain(self.complaints)
            .collect();
        Report {
            period: self.period,
            today: self.today,
            profile_id: self.profile.id.clone(),
            sections,
            cases: self.cases,
            goals,
        }
    }
}

/// A case named by a stay or a notification but not loaded with the
/// report's cases.
fn unknown_case(case_id: i64) -> CaseRef {
    CaseRef { case_id, masked_cpr: None, counsellor: String::new() }
}

impl Report {
    pub fn section(&self, kind: SectionKind) -> Option<&Section> {
        self.sections.iter().find(|s| s.kind == kind)
    }

    /// Only the residential stays (for the finance office): their sections,
    /// the cases they name, no goals.
    pub fn only_stays(mut self) -> Report {
        self.sections.retain(|s| s.kind.is_stays());
        let named: std::collections::BTreeSet<i64> =
            self.sections.iter().flat_map(|s| s.rows.iter().flat_map(|r| r.cases.iter().copied())).collect();
        self.cases.retain(|id, _| named.contains(id));
        self.goals.clear();
        self
    }
}
