//! The import's checks of what the types cannot say: references between
//! records, identities, dates and stamps, and the centre's profile. A file
//! is checked a part of a list at a time ([`Checker`]), so a large one is
//! never held whole; a part is written only once it has passed.

use super::problem::{FileRecord, ImportProblem};
use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;

use super::case_facts::Cases;
use super::complaints;
use super::conversations::check_conversations;
use super::corrections::{Corrections, EventKind};
use super::groups::GroupChecks;
use super::ids::Ids;
use super::lengths::{check_centre_lengths, check_part_lengths};
use super::notifications::Family;
use super::part::{List, Part};
use super::plans::PlanChecks;
use super::stays::StayChecks;
use super::*;
use crate::domain::policy::Profile;

/// The file's centre with its own profile in it: a file that names its
/// profile by path only (from before the profile was kept in the database)
/// has it read here, once. A relative path would mean a different file for
/// each user who imports, so only an absolute one is read.
fn own_profile_copied_in(centre: &Centre) -> Result<Centre> {
    let mut centre = centre.clone();
    if centre.profile_toml.is_none()
        && let Some(path) = centre.profile_path.clone()
    {
        let path = std::path::Path::new(&path);
        if !path.is_absolute() {
            return Err(bad("centre.profile_path".into(), "stien skal være absolut (fx /etc/sagsbord/profil.toml)"));
        }
        centre
            .use_own_file(path)
            .map_err(|e| bad("centre.profile_path".into(), format!("profilen kan ikke bruges: {e}")))?;
    }
    Ok(centre)
}

/// What the checks made of a whole file in hand: tests compare a file
/// checked whole with one checked in parts.
#[cfg(test)]
#[derive(Debug)]
pub(super) struct CheckedFile {
    /// The cases as the store writes them, each with its citizen's
    /// identity and home municipality, by case id.
    pub(super) cases: HashMap<i64, Case>,
    pub(super) family: notifications::Checked,
    /// The centre as the import writes it: with its own profile copied in
    /// (see [`own_profile_copied_in`]).
    pub(super) centre: Centre,
    pub(super) complaints: Vec<crate::domain::complaint::Complaint>,
}

/// Checks a whole file in hand as the import checks a large one, a part
/// at a time (the import itself runs the checker as it writes).
#[cfg(test)]
pub(super) fn check(file: &ExportFile) -> Result<CheckedFile> {
    let mut checker = Checker::new(&file.centre)?;
    let mut cases = HashMap::with_capacity(file.cases.len());
    for part in file.parts() {
        cases.extend(checker.take(part)?.cases.into_iter().map(|c| (c.id, c)));
    }
    let Finished { centre, family, complaints } = checker.finish()?;
    Ok(CheckedFile { cases, family, centre, complaints })
}

/// The import's checks, a part of a list at a time, in the order of
/// [`List`]: what the checks of the later lists need of the earlier ones is
/// kept here, as ids, small summaries, and the cases without their texts;
/// never a large list's records.
pub(crate) struct Checker {
    centre: Centre,
    profile: Profile,
    /// The list the last part was of, and how many of its records came
    /// before the next part.
    current: Option<(List, usize)>,
    /// How many of [`List::ALL`] have ended (their closing checks done).
    ended: usize,
    /// Per citizen: identity and home municipality, until the cases are in.
    citizens: HashMap<i64, (Identity, String)>,
    cprs: HashSet<String>,
    /// The cases as the later checks read them.
    cases: Cases,
    event_ids: Ids,
    corrections: Corrections,
    plans: PlanChecks,
    family: Family,
    family_checked: Option<notifications::Checked>,
    conversation_ids: HashSet<i64>,
    stays: StayChecks,
    groups: GroupChecks,
    complaint_ids: HashSet<i64>,
    complaints: Vec<crate::domain::complaint::Complaint>,
}

// The writer takes the checker to its own thread.
const _: fn() = || {
    fn send<T: Send>() {}
    send::<Checker>();
};

/// What the checks of one part hand the writer.
#[derive(Default)]
pub(crate) struct Passed {
    /// For a part of `cases`: each case as the store writes it (with its
    /// citizen's identity and home municipality), in the part's order;
    /// empty for every other list.
    pub cases: Vec<Case>,
}

/// What the checks hand the writer after the last list.
pub(crate) struct Finished {
    /// The centre as the import writes it (own profile copied in).
    pub centre: Centre,
    /// The children and notifications ready to insert.
    pub family: notifications::Checked,
    pub complaints: Vec<crate::domain::complaint::Complaint>,
}

fn profile_problem(e: impl std::fmt::Display) -> StoreError {
    bad("centre.profile".into(), format!("profilen kan ikke bruges: {e}"))
}

impl Checker {
    /// The centre's checks (its lengths, its profile), before any list.
    pub(crate) fn new(centre: &Centre) -> Result<Checker> {
        check_centre_lengths(centre)?;
        if centre.profile_toml.is_none() && centre.profile_path.is_some() {
            // A file from before the profile was kept in the database: its
            // path is read here, once, never later.
        } else {
            centre.load_profile().map_err(profile_problem)?;
        }
        let centre = own_profile_copied_in(centre)?;
        let profile = centre.load_profile().map_err(profile_problem)?;
        Ok(Checker {
            centre,
            profile,
            current: None,
            ended: 0,
            citizens: HashMap::new(),
            cprs: HashSet::new(),
            cases: Cases::default(),
            event_ids: Ids::default(),
            corrections: Corrections::default(),
            plans: PlanChecks::default(),
            family: Family::default(),
            family_checked: None,
            conversation_ids: HashSet::new(),
            stays: StayChecks::default(),
            groups: GroupChecks::default(),
            complaint_ids: HashSet::new(),
            complaints: Vec::new(),
        })
    }

    /// Checks the next part: parts come in [`List`] order, a list in any
    /// number of parts (a problem's index counts from the list's start), an
    /// absent list as no part at all.
    pub(crate) fn take(&mut self, part: Part<'_>) -> Result<Passed> {
        let list = part.list();
        let first = match self.current {
            Some((current, taken)) if current == list => taken,
            Some((current, _)) if current > list => {
                debug_assert!(false, "{} after {}", list.key(), current.key());
                let problem = format!("står efter {} i filen; listerne står i fast rækkefølge", current.key());
                return Err(bad(list.key().into(), problem));
            }
            _ => {
                self.end_lists_before(Some(list))?;
                0
            }
        };
        self.current = Some((list, first + part.len()));
        check_part_lengths(part, first)?;
        let cases = &self.cases;
        match part {
            Part::Citizens(records) => self.take_citizens(records, first)?,
            Part::Cases(records) => return self.take_cases(records, first),
            Part::CaseEvents(records) => self.take_events(records, first)?,
            Part::PlanVersions(records) => self.plans.take_versions(records, first, cases, &self.profile)?,
            Part::CourseEndings(records) => self.plans.take_endings(records, first, cases, &self.profile)?,
            Part::FollowUpCalls(records) => self.plans.take_calls(records, first)?,
            Part::FollowUpAttempts(records) => self.plans.take_attempts(records, first)?,
            Part::Children(records) => self.family.take_children(records, first, cases)?,
            Part::ChildConsiderations(records) => self.family.take_considerations(records, first, cases)?,
            Part::Conversations(records) => {
                check_conversations(records, first, &mut self.conversation_ids, cases)?;
            }
            Part::Notifications(records) => self.family.take_notifications(records),
            Part::NotificationUpdates(records) => self.family.take_updates(records),
            Part::Providers(records) => self.stays.take_providers(records, first)?,
            Part::ProviderPrices(records) => self.stays.take_prices(records, first)?,
            Part::Stays(records) => self.stays.take_stays(records, first, cases)?,
            Part::StayEvents(records) => self.stays.take_events(records, first)?,
            Part::Groups(records) => self.groups.take_groups(records, first)?,
            Part::GroupMembers(records) => self.groups.take_members(records, first, cases)?,
            Part::GroupSessions(records) => self.groups.take_sessions(records, first)?,
            Part::MoveCourses(records) => self.groups.take_courses(records, first, cases)?,
            Part::Attendances(records) => self.groups.take_attendances(records, first, cases)?,
            Part::GiftCardLedger(records) => self.groups.take_ledger(records, first, cases)?,
            Part::Complaints(records) => {
                let weeks = self.profile.complaint.deadline_weeks;
                complaints::check(records, first, cases, weeks, &mut self.complaint_ids, &mut self.complaints)?;
            }
        }
        Ok(Passed::default())
    }

    /// The checks that need a whole list, once every list has been taken.
    pub(crate) fn finish(mut self) -> Result<Finished> {
        self.end_lists_before(None)?;
        let family = self
            .family_checked
            .take()
            .unwrap_or(notifications::Checked { children: Vec::new(), notifications: Vec::new() });
        Ok(Finished { centre: self.centre, family, complaints: self.complaints })
    }

    /// Ends every list before `list` (every list, at `None`) not yet
    /// ended: the last part of each has been taken (or it is absent).
    fn end_lists_before(&mut self, list: Option<List>) -> Result<()> {
        while let Some(&next) = List::ALL.get(self.ended) {
            if list.is_some_and(|l| next >= l) {
                break;
            }
            self.ended += 1;
            self.end(next)?;
        }
        Ok(())
    }

    /// The checks that need the whole of `list`, and the state no later
    /// list needs let go.
    fn end(&mut self, list: List) -> Result<()> {
        match list {
            List::Citizens => self.cprs = HashSet::new(),
            List::Cases => self.citizens = HashMap::new(),
            List::CaseEvents => {
                self.event_ids = Ids::default();
                std::mem::take(&mut self.corrections).check(&self.cases)?;
            }
            List::FollowUpCalls => self.plans.end_calls()?,
            List::FollowUpAttempts => self.plans = PlanChecks::default(),
            List::NotificationUpdates => {
                self.family_checked = Some(std::mem::take(&mut self.family).finish(&self.cases)?);
            }
            List::StayEvents => self.stays = StayChecks::default(),
            List::Attendances => self.groups.end_attendances(),
            List::GiftCardLedger => {
                self.groups.end_ledger()?;
                self.groups = GroupChecks::default();
            }
            _ => {}
        }
        Ok(())
    }

    fn take_citizens(&mut self, records: &[CitizenRecord], first: usize) -> Result<()> {
        let Self { citizens, cprs, .. } = self;
        citizens.reserve(records.len());
        for (i, c) in (first..).zip(records) {
            let at = |field: &str| format!("citizens[{i}].{field}");
            if c.id <= 0 || citizens.contains_key(&c.id) {
                return Err(bad(at("id"), ImportProblem::IdNotUnique { id: c.id }));
            }
            let identity = match (&c.name, &c.pseudonym, &c.cpr) {
                (Some(name), None, cpr) if !name.trim().is_empty() => {
                    let cpr = match cpr {
                        Some(text) => {
                            let (cpr, _) =
                                Cpr::parse(text).map_err(|e| bad(at("cpr"), format!("ugyldigt CPR-nummer: {e}")))?;
                            if !cprs.insert(cpr.full()) {
                                return Err(bad(at("cpr"), "CPR-nummeret står ved to borgere"));
                            }
                            Some(cpr)
                        }
                        None => None,
                    };
                    Identity::Named { name: name.clone(), cpr }
                }
                (None, Some(pseudonym), None) if !pseudonym.trim().is_empty() => {
                    Identity::Anonymous { pseudonym: pseudonym.clone() }
                }
                (None, Some(_), Some(_)) => {
                    return Err(bad(at("cpr"), "en anonym borger har intet CPR-nummer"));
                }
                _ => {
                    return Err(bad(at("name"), "enten et navn eller et pseudonym, ikke begge eller ingen"));
                }
            };
            if c.gender.is_some() && identity.cpr().is_some() {
                return Err(bad(
                    at("gender"),
                    "kønnet læses af CPR-nummeret; angiv kun køn for en borger uden CPR-nummer",
                ));
            }
            citizens.insert(c.id, (identity, c.home_municipality.clone()));
        }
        Ok(())
    }

    fn take_cases(&mut self, records: &[CaseRecord], first: usize) -> Result<Passed> {
        let Self { citizens, cases, .. } = self;
        cases.reserve(records.len());
        let mut passed = Vec::with_capacity(records.len());
        for (i, c) in (first..).zip(records) {
            let at = |field: &str| format!("cases[{i}].{field}");
            if c.id <= 0 || cases.contains_key(&c.id) {
                return Err(bad(at("id"), ImportProblem::IdNotUnique { id: c.id }));
            }
            let (identity, home) = citizens.get(&c.citizen_id).ok_or_else(|| {
                bad(at("citizen_id"), ImportProblem::NotInFile { what: FileRecord::Citizen, id: c.citizen_id })
            })?;
            let anonymous = matches!(identity, Identity::Anonymous { .. });
            if anonymous != (c.kind == ContactKind::Anonymous) {
                return Err(bad(at("kind"), "anonyme sager hører til borgere med pseudonym, og kun dem"));
            }
            if c.counsellor.trim().is_empty() {
                return Err(bad(at("counsellor"), ImportProblem::Missing));
            }
            // The store keeps one row per substance of a case.
            if c.substances.iter().enumerate().any(|(j, s)| c.substances[..j].contains(s)) {
                return Err(bad(at("substances"), "et rusmiddel står to gange"));
            }
            let contact = c.contact_at.date();
            let dated = [
                ("visitation_on", c.visitation_on),
                ("consent_on", c.consent_on),
                ("doctor_offered_on", c.doctor_offered_on),
                ("doctor_held_on", c.doctor_held_on),
                ("free_choice.on", c.free_choice.as_ref().map(|r| r.on)),
                ("special_assessment.on", c.special_assessment.as_ref().map(|r| r.on)),
                ("treatment_started_on", c.treatment_started_on),
                ("closed.on", c.closed.as_ref().map(|r| r.on)),
            ];
            for (field, on) in dated {
                if on.is_some_and(|on| on < contact) {
                    return Err(bad(at(field), "ligger før første henvendelse"));
                }
            }
            if c.closing_reason.is_some() && c.closed.is_none() {
                return Err(bad(
                    at("closing_reason"),
                    "en afslutningsårsag kræver, at henvendelsen er afsluttet (closed)",
                ));
            }
            let case = c.clone().into_case(identity.clone(), home.clone());
            cases.insert(&case);
            passed.push(case);
        }
        Ok(Passed { cases: passed })
    }

    fn take_events(&mut self, records: &[EventRecord], first: usize) -> Result<()> {
        let Self { cases, event_ids, corrections, .. } = self;
        for (i, e) in (first..).zip(records) {
            let at = |field: &str| format!("case_events[{i}].{field}");
            if e.id <= 0 || !event_ids.insert(e.id) {
                return Err(bad(at("id"), ImportProblem::IdNotUnique { id: e.id }));
            }
            let not_in_file = || bad(at("case_id"), ImportProblem::NotInFile { what: FileRecord::Case, id: e.case_id });
            let case = cases.place(e.case_id).ok_or_else(not_in_file)?;
            let contact = cases.contact(e.case_id).ok_or_else(not_in_file)?;
            if e.on < contact {
                return Err(bad(at("on"), "ligger før sagens første henvendelse"));
            }
            let kind =
                EventKind::of(&e.kind).ok_or_else(|| bad(at("kind"), format!("ukendt hændelse '{}'", e.kind)))?;
            if e.actor.trim().is_empty() {
                return Err(bad(at("actor"), ImportProblem::Missing));
            }
            if !is_recorded_at(&e.recorded_at) {
                return Err(bad(at("recorded_at"), RECORDED_AT_EXPECTED));
            }
            corrections.push(e, kind, case);
        }
        Ok(())
    }
}

pub(super) const RECORDED_AT_EXPECTED: &str = "forventede UTC-tid som 2026-03-17T09:30:00Z";

/// A stamp as the store writes it: UTC to the second,
/// `2026-03-17T09:30:00Z`. An import checks a million of them, and chrono
/// reads its pattern anew for each: a stamp with its digits and signs where
/// the store writes them is checked by hand, anything else by chrono, so
/// exactly what chrono accepts is accepted.
pub(super) fn is_recorded_at(s: &str) -> bool {
    s.len() == 20 && (is_plain_stamp(s.as_bytes()) || NaiveDateTime::parse_from_str(s, RECORDED_AT).is_ok())
}

/// `YYYY-MM-DDTHH:MM:SSZ`, each number a real date and time of day.
fn is_plain_stamp(b: &[u8]) -> bool {
    let number = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    let signs = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':'), (19, b'Z')];
    let time = || {
        NaiveDate::from_ymd_opt(i32::try_from(number(0..4)?).ok()?, number(5..7)?, number(8..10)?)?.and_hms_opt(
            number(11..13)?,
            number(14..16)?,
            number(17..19)?,
        )
    };
    signs.iter().all(|&(i, sign)| b[i] == sign) && time().is_some()
}

pub(super) fn unique_id(seen: &mut HashSet<i64>, id: i64, at: String) -> Result<()> {
    if id <= 0 || !seen.insert(id) {
        return Err(bad(at, ImportProblem::IdNotUnique { id }));
    }
    Ok(())
}

pub(super) fn not_blank(text: &str, at: String) -> Result<()> {
    if text.trim().is_empty() { Err(bad(at, ImportProblem::Missing)) } else { Ok(()) }
}

/// `HH:MM`, as the store writes a time of day.
pub(super) fn is_clock(s: &str) -> bool {
    s.len() == 5 && chrono::NaiveTime::parse_from_str(s, crate::store::groups::TIME).is_ok()
}

pub(super) fn check_recorded_at(at: String, recorded_at: &str) -> Result<()> {
    if !is_recorded_at(recorded_at) {
        return Err(bad(at, RECORDED_AT_EXPECTED));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand check stands in for chrono's parse: every stamp one
    /// character away from a good one (and a few further off) is accepted
    /// exactly when chrono accepts it.
    #[test]
    fn a_stamp_is_accepted_exactly_when_chrono_reads_it() {
        let chrono_reads = |s: &str| s.len() == 20 && NaiveDateTime::parse_from_str(s, RECORDED_AT).is_ok();
        let mut stamps: Vec<String> = [
            "2026-03-17T09:30:00Z",
            "2024-02-29T23:59:59Z",
            "2026-02-29T12:00:00Z",
            "2026-12-31T23:59:60Z",
            "0000-01-01T00:00:00Z",
            "+2026-3-17T09:30:00Z",
            "2026-03-17 09:30:00Z",
            "2026-03-17T09:30:00",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        for base in ["2026-03-17T09:30:00Z", "1999-12-31T23:59:59Z"] {
            for i in 0..base.len() {
                for c in ['0', '1', '2', '3', '5', '6', '9', '-', ':', 'T', 'Z', ' ', '+', 'x'] {
                    let mut s = base.to_string();
                    s.replace_range(i..=i, &c.to_string());
                    stamps.push(s);
                }
            }
        }
        let accepted = stamps.iter().filter(|s| is_recorded_at(s)).count();
        assert!(accepted > 100 && accepted < stamps.len(), "both kinds are tried: {accepted} of {}", stamps.len());
        for s in &stamps {
            assert_eq!(is_recorded_at(s), chrono_reads(s), "{s}");
        }
    }
}
