//! What the yearly report reads: a few set-based queries, each on an index,
//! however many cases the centre holds. The computation is
//! `domain::report`'s; this only loads its input, a kind of record at a time.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::cases::{cases_by_id_on, date_text};
use super::citizens::report_facts_on;
use super::complaints::complaints_received_on;
use super::engine::Db;
use super::gift_cards::load_ledger;
use super::move_courses::due_move_courses_on;
use super::notifications::query_notifications_on;
use super::plans::{attempts_by_call_on, endings_by_case_on};
use super::report_goals::year_goals_on;
use super::stays::{providers_of, stays_for_totals_on};
use super::{CentreAction, Result, Store};
use crate::domain::dates;
use crate::domain::due::{self, CourseDue, DueKind};
use crate::domain::group::ledger::{Ledger, LedgerEntryKind};
use crate::domain::money::Ore;
use crate::domain::notification::Notification;
use crate::domain::plan::FollowUpCall;
use crate::domain::policy::Profile;
use crate::domain::report::{CaseLine, Period, Report, ReportBuilder, ReportInput};
use crate::domain::stay::{Provider, Stay};

/// The cases a period touches, each branch on its own index (`?1` the
/// period's first day, `?2` its last, `?3` the earliest end whose
/// follow-up call can fall in the period): closed courses started in it,
/// courses still open (started in it or before), courses ended since `?3`
/// (those in treatment over the period's start among them), contacts
/// closed before treatment, free choices, every case of a citizen who
/// completed a course in it (a re-enrolment is a new case), and
/// notifications sent. The open courses are bounded by a start no date
/// passes (`<= '9999-12-31'`): with the partial index's condition alone,
/// SQLite would rather scan the table in id order for the union's merge,
/// and naming the index (`INDEXED BY`) is SQLite's only, where PostgreSQL
/// reads the same text. Kept as one constant so the query-plan tests read
/// exactly what runs.
pub(crate) const PERIOD_CASES: &str = "
    SELECT id FROM cases WHERE treatment_started_on IS NOT NULL AND closed_on IS NOT NULL
        AND treatment_started_on BETWEEN ?1 AND ?2
    UNION SELECT id FROM cases
        WHERE treatment_started_on IS NOT NULL AND closed_on IS NULL AND treatment_started_on <= '9999-12-31'
    UNION SELECT case_id FROM course_endings WHERE ended_on BETWEEN ?3 AND '9999-12-31'
    UNION SELECT id FROM cases WHERE closed_on IS NOT NULL AND treatment_started_on IS NULL
        AND closed_on BETWEEN ?1 AND ?2
    UNION SELECT id FROM cases WHERE free_choice_on IS NOT NULL AND free_choice_on BETWEEN ?1 AND ?2
    UNION SELECT c2.id FROM course_endings e JOIN cases c1 ON c1.id = e.case_id
        JOIN cases c2 ON c2.citizen_id = c1.citizen_id
        WHERE e.ended_on BETWEEN ?1 AND ?2 AND e.reason = 'completed'
    UNION SELECT case_id FROM notifications WHERE sent_on IS NOT NULL AND sent_on BETWEEN ?1 AND ?2";

/// The follow-up calls due in the period, and their attempts.
pub(crate) const PERIOD_CALLS: &str =
    "SELECT id, case_id, months, due_on FROM follow_up_calls WHERE due_on BETWEEN ?1 AND ?2 ORDER BY id";
pub(crate) const PERIOD_ATTEMPTS: &str = "SELECT a.id, a.call_id, a.on_date, a.reached, a.outcome, a.note, a.actor,
    a.recorded_at FROM follow_up_calls f JOIN follow_up_attempts a ON a.call_id = f.id
    WHERE f.due_on BETWEEN ?1 AND ?2 ORDER BY a.call_id, a.id";

/// The gift-card ledger and the cards owed today, when the centre keeps
/// MOVE cards.
type Cards = (Option<Ledger>, Vec<(i64, Ore)>);

impl Store {
    /// The report for `period` as it stands on `today` ([`report_on`]).
    pub fn report(&self, profile: &Profile, period: Period, today: NaiveDate) -> Result<Report> {
        self.may(CentreAction::Report)?;
        report_on(&self.db(), profile, period, today)
    }

    /// Everything the report of `period` counts, at once
    /// ([`report_input_on`]).
    pub fn report_input(&self, profile: &Profile, period: Period, today: NaiveDate) -> Result<ReportInput> {
        self.may(CentreAction::Report)?;
        report_input_on(&self.db(), profile, period, today)
    }
}

/// The report for `period` as it stands on `today`, read a kind of record
/// at a time: each is counted and dropped before the next is read, so the
/// report holds at most its largest part (the cases with their endings,
/// facts and children), never the period's every record.
pub(crate) fn report_on(db: &Db<'_>, profile: &Profile, period: Period, today: NaiveDate) -> Result<Report> {
    let (from, to) = (date_text(Some(period.from)), date_text(Some(period.to)));
    let mut ids = period_cases(db, profile, period)?;
    let mut report = ReportBuilder::new(profile, period, today);
    {
        let (ledger, owed) = report_cards(db, profile, today)?;
        ids.extend(cases_of_cards(ledger.as_ref(), &owed, period));
        report.move_cards(ledger.as_ref(), &owed);
    }
    {
        let stays = report_stays(db, period.to.year())?;
        ids.extend(stays.iter().map(|(s, _)| s.case_id));
        report.stays(&stays);
    }
    {
        let complaints = complaints_received_on(db, period.from, period.to)?;
        ids.extend(complaints.iter().map(|c| c.case_id));
        report.complaints(&complaints);
    }
    report.notifications(&notifications_sent(db, &from, &to)?);
    let ids = in_order(ids);
    let endings = endings_by_case_on(db, &ids)?;
    report.calls(&endings, &calls_due(db, &from, &to)?);
    let (facts, children) = report_facts_on(db, &ids)?;
    // A batch of cases at a time, each kept only as what the report counts
    // of it.
    let mut cases = Vec::with_capacity(ids.len());
    for batch in ids.chunks(super::BULK) {
        cases.extend(cases_by_id_on(db, batch)?.iter().map(|c| CaseLine::of(c, &profile.intake, today)));
    }
    report.cases(&cases, &endings, &facts, &children);
    Ok(report.finish(year_goals_on(db, period.from.year(), period.to.year())?))
}

/// Everything the report of `period` counts, at once: what [`report_on`]
/// reads a part at a time, for a caller that needs the records themselves.
pub(crate) fn report_input_on(db: &Db<'_>, profile: &Profile, period: Period, today: NaiveDate) -> Result<ReportInput> {
    let (from, to) = (date_text(Some(period.from)), date_text(Some(period.to)));
    let mut ids = period_cases(db, profile, period)?;
    let stays = report_stays(db, period.to.year())?;
    let complaints = complaints_received_on(db, period.from, period.to)?;
    ids.extend(complaints.iter().map(|c| c.case_id));
    let notifications = notifications_sent(db, &from, &to)?;
    let (ledger, cards_owed) = report_cards(db, profile, today)?;
    // The stays' and the cards' cases are listed behind their figures too.
    ids.extend(stays.iter().map(|(s, _)| s.case_id));
    ids.extend(cases_of_cards(ledger.as_ref(), &cards_owed, period));
    let ids = in_order(ids);
    let (facts, children) = report_facts_on(db, &ids)?;
    Ok(ReportInput {
        cases: cases_by_id_on(db, &ids)?,
        endings: endings_by_case_on(db, &ids)?,
        calls: calls_due(db, &from, &to)?,
        ledger,
        cards_owed,
        stays,
        notifications,
        goals: year_goals_on(db, period.from.year(), period.to.year())?,
        complaints,
        facts,
        children,
    })
}

/// The cases the period touches ([`PERIOD_CASES`]): a plain list, as
/// 20,000 numbers in a set would take ten times the room.
fn period_cases(db: &Db<'_>, profile: &Profile, period: Period) -> Result<Vec<i64>> {
    let (from, to) = (date_text(Some(period.from)), date_text(Some(period.to)));
    // A call due in the period belongs to a course ended up to the
    // profile's latest call (6 months) before it.
    let latest_call = profile.follow_up.after_end_months.iter().copied().max().unwrap_or(0);
    let calls_from = date_text(Some(dates::sub_months(period.from, latest_call)));
    Ok(db.query_map(PERIOD_CASES, &[&from, &to, &calls_from], |r| r.get(0))?)
}

/// The notifications sent in the period.
fn notifications_sent(db: &Db<'_>, from: &Option<String>, to: &Option<String>) -> Result<Vec<Notification>> {
    query_notifications_on(db, "WHERE n.sent_on IS NOT NULL AND n.sent_on BETWEEN ?1 AND ?2 ORDER BY n.id", &[from, to])
}

/// The ledger and the cards earned and not handed out today.
fn report_cards(db: &Db<'_>, profile: &Profile, today: NaiveDate) -> Result<Cards> {
    if !profile.move_cards.enabled {
        return Ok((None, Vec::new()));
    }
    let ledger = load_ledger(db)?;
    let courses = due_move_courses_on(db, &profile.move_cards, super::deadlines::DueScope::Centre)?;
    let candidates = courses.iter().map(|(course, counsellor, sessions)| CourseDue { course, counsellor, sessions });
    let owed = due::groups_items(candidates, &ledger, profile, today, today)
        .into_iter()
        .filter(|item| item.kind == DueKind::GiftCardNotHandedOut)
        .map(|item| (item.case, profile.move_cards.card_value))
        .collect();
    Ok((Some(ledger), owed))
}

/// The calls due in the period with their attempts: two queries, the
/// second once the first's rows are read.
fn calls_due(db: &Db<'_>, from: &Option<String>, to: &Option<String>) -> Result<Vec<FollowUpCall>> {
    let calls: Vec<(i64, i64, u32, String)> = db.query_map(PERIOD_CALLS, &[from, to], |r| r.columns())?;
    super::plans::calls_with(calls, attempts_by_call_on(db, PERIOD_ATTEMPTS, &[from, to])?)
}

/// The stays the year's totals count (the Døgn pane's own query), with
/// their providers.
fn report_stays(db: &Db<'_>, year: i32) -> Result<Vec<(Stay, Provider)>> {
    let providers: BTreeMap<i64, Provider> = providers_of(db)?.into_iter().map(|p| (p.id, p)).collect();
    Ok(stays_for_totals_on(db, year)?
        .into_iter()
        .filter_map(|s| providers.get(&s.provider_id).cloned().map(|p| (s, p)))
        .collect())
}

/// Case numbers gathered from several lists: each once, in order.
fn in_order(mut ids: Vec<i64>) -> Vec<i64> {
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The cases behind the card figures: those owed a card, and those handed
/// one in the period (the ledger names the case by its number).
fn cases_of_cards<'a>(
    ledger: Option<&'a Ledger>,
    owed: &'a [(i64, Ore)],
    period: Period,
) -> impl Iterator<Item = i64> + 'a {
    let handed = ledger.into_iter().flat_map(move |ledger| {
        ledger.active_hand_outs().into_iter().filter(move |e| period.contains(e.date)).filter_map(|e| match &e.kind {
            LedgerEntryKind::HandedOut { citizen_ref, .. } => citizen_ref.parse::<i64>().ok(),
            _ => None,
        })
    });
    owed.iter().map(|(id, _)| *id).chain(handed)
}

#[cfg(test)]
pub(crate) mod on_engines;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::report;

    /// The report read a part at a time is the report of the whole input,
    /// on generated centres of several seeds, for a year, the year before
    /// and a period across New Year.
    #[test]
    fn the_report_read_a_part_at_a_time_is_the_report_of_the_whole_input() {
        use crate::generate::{self, Shape};
        let today = NaiveDate::from_ymd_opt(2026, 3, 17).unwrap();
        let profile = Profile::built_in(generate::PROFILE).unwrap();
        let periods = [
            Period::year(2025).unwrap(),
            Period::year(2024).unwrap(),
            Period::range(NaiveDate::from_ymd_opt(2024, 10, 1).unwrap(), NaiveDate::from_ymd_opt(2025, 3, 31).unwrap())
                .unwrap(),
        ];
        for seed in [1, 2, 3] {
            let file = generate::centre(&Shape { cases: 400, seed, today, stress: false }, &mut |_| {});
            let mut store = Store::open_in_memory("anna").unwrap();
            store.import(&file).unwrap();
            for period in periods {
                let whole =
                    report::build(&store.report_input(&profile, period, today).unwrap(), &profile, period, today);
                assert!(whole.sections.iter().any(|s| s.rows.iter().any(|r| r.count > 0)), "seed {seed}: empty");
                assert_eq!(store.report(&profile, period, today).unwrap(), whole, "seed {seed}, {period:?}");
            }
        }
    }
}
