//! The import's checks of what the types cannot say: references between
//! records, identities, dates and stamps, and the centre's profile. Nothing
//! is written until the whole file has passed.

use super::problem::{FileRecord, ImportProblem};
use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;

use super::corrections::{check_corrections, is_correction};
use super::groups::check_groups;
use super::lengths::check_lengths;
use super::*;

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

/// A file that has passed every check, with what the checks made of it
/// ready to write: the import takes this, so a file checked before its
/// database is created is not checked a second time.
#[derive(Debug)]
pub struct CheckedFile<'f> {
    pub(super) file: &'f ExportFile,
    /// The cases as the store writes them, each with its citizen's
    /// identity and home municipality, by case id.
    pub(super) cases: HashMap<i64, Case>,
    /// The children and notifications ready to insert.
    pub(super) family: notifications::Checked,
    /// The centre as the import writes it: with its own profile copied in
    /// (see [`own_profile_copied_in`]), the profile every record is checked
    /// against.
    pub(super) centre: Centre,
    pub(super) complaints: Vec<crate::domain::complaint::Complaint>,
}

/// Checks what the types cannot: references, identities and dates.
pub(super) fn check(file: &ExportFile) -> Result<CheckedFile<'_>> {
    check_lengths(file)?;
    if file.centre.profile_toml.is_none() && file.centre.profile_path.is_some() {
        // A file from before the profile was kept in the database: its
        // path is read here, once, never later.
    } else {
        file.centre
            .load_profile()
            .map_err(|e| bad("centre.profile".into(), format!("profilen kan ikke bruges: {e}")))?;
    }
    let centre = own_profile_copied_in(&file.centre)?;
    let profile =
        centre.load_profile().map_err(|e| bad("centre.profile".into(), format!("profilen kan ikke bruges: {e}")))?;
    // Sized once: a map grown by doubling would hold twice its room while it grows.
    let mut citizens = HashMap::with_capacity(file.citizens.len());
    let mut cprs = HashSet::with_capacity(file.citizens.len());
    for (i, c) in file.citizens.iter().enumerate() {
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
            return Err(bad(at("gender"), "kønnet læses af CPR-nummeret; angiv kun køn for en borger uden CPR-nummer"));
        }
        citizens.insert(c.id, (identity, c.home_municipality.clone()));
    }
    let mut case_ids = HashMap::with_capacity(file.cases.len());
    // The cases as the domain's checks take them.
    let mut cases = HashMap::with_capacity(file.cases.len());
    for (i, c) in file.cases.iter().enumerate() {
        let at = |field: &str| format!("cases[{i}].{field}");
        if c.id <= 0 || case_ids.contains_key(&c.id) {
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
            return Err(bad(at("closing_reason"), "en afslutningsårsag kræver, at henvendelsen er afsluttet (closed)"));
        }
        case_ids.insert(c.id, contact);
        cases.insert(c.id, c.clone().into_case(identity.clone(), home.clone()));
    }
    let mut event_ids = HashSet::with_capacity(file.case_events.len());
    for (i, e) in file.case_events.iter().enumerate() {
        let at = |field: &str| format!("case_events[{i}].{field}");
        if e.id <= 0 || !event_ids.insert(e.id) {
            return Err(bad(at("id"), ImportProblem::IdNotUnique { id: e.id }));
        }
        let contact = case_ids
            .get(&e.case_id)
            .ok_or_else(|| bad(at("case_id"), ImportProblem::NotInFile { what: FileRecord::Case, id: e.case_id }))?;
        if e.on < *contact {
            return Err(bad(at("on"), "ligger før sagens første henvendelse"));
        }
        // A correction is named before the steps are tried: a kind that is
        // not a step is refused by serde with a message built and dropped.
        if e.kind != "registered" && !is_correction(&e.kind) && parse_enum::<StepKind>(&e.kind).is_err() {
            return Err(bad(at("kind"), format!("ukendt hændelse '{}'", e.kind)));
        }
        if e.actor.trim().is_empty() {
            return Err(bad(at("actor"), ImportProblem::Missing));
        }
        if !is_recorded_at(&e.recorded_at) {
            return Err(bad(at("recorded_at"), RECORDED_AT_EXPECTED));
        }
    }
    check_corrections(file, &cases)?;
    check_plans(file, &cases, &profile)?;
    check_stays(file, &case_ids, &cases)?;
    super::conversations::check_conversations(&file.conversations, &case_ids)?;
    check_groups(file)?;
    let family = notifications::check(
        &case_ids,
        &file.children,
        &file.child_considerations,
        &file.notifications,
        &file.notification_updates,
    )?;
    let complaints = super::complaints::check(file, &cases, profile.complaint.deadline_weeks)?;
    Ok(CheckedFile { file, cases, family, centre, complaints })
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

// TEMPORARY stand-in until the checks take a part at a time: holds every
// part and checks the whole file at the end.
pub(crate) struct Checker {
    file: ExportFile,
}

#[derive(Default)]
pub(crate) struct Passed {
    pub cases: Vec<Case>,
}

pub(crate) struct Finished {
    pub centre: Centre,
    pub family: notifications::Checked,
    pub complaints: Vec<crate::domain::complaint::Complaint>,
}

impl Checker {
    pub(crate) fn new(centre: &Centre) -> Result<Checker> {
        Ok(Checker { file: ExportFile::empty(centre.clone()) })
    }

    pub(crate) fn take(&mut self, part: super::part::Part<'_>) -> Result<Passed> {
        use super::part::Part;
        let mut passed = Passed::default();
        match part {
            Part::Citizens(r) => self.file.citizens.extend_from_slice(r),
            Part::Cases(r) => self.file.cases.extend_from_slice(r),
            Part::CaseEvents(r) => self.file.case_events.extend_from_slice(r),
            Part::PlanVersions(r) => self.file.plan_versions.extend_from_slice(r),
            Part::CourseEndings(r) => self.file.course_endings.extend_from_slice(r),
            Part::FollowUpCalls(r) => self.file.follow_up_calls.extend_from_slice(r),
            Part::FollowUpAttempts(r) => self.file.follow_up_attempts.extend_from_slice(r),
            Part::Children(r) => self.file.children.extend_from_slice(r),
            Part::ChildConsiderations(r) => self.file.child_considerations.extend_from_slice(r),
            Part::Conversations(r) => self.file.conversations.extend_from_slice(r),
            Part::Notifications(r) => self.file.notifications.extend_from_slice(r),
            Part::NotificationUpdates(r) => self.file.notification_updates.extend_from_slice(r),
            Part::Providers(r) => self.file.providers.extend_from_slice(r),
            Part::ProviderPrices(r) => self.file.provider_prices.extend_from_slice(r),
            Part::Stays(r) => self.file.stays.extend_from_slice(r),
            Part::StayEvents(r) => self.file.stay_events.extend_from_slice(r),
            Part::Groups(r) => self.file.groups.extend_from_slice(r),
            Part::GroupMembers(r) => self.file.group_members.extend_from_slice(r),
            Part::GroupSessions(r) => self.file.group_sessions.extend_from_slice(r),
            Part::MoveCourses(r) => self.file.move_courses.extend_from_slice(r),
            Part::Attendances(r) => self.file.attendances.extend_from_slice(r),
            Part::GiftCardLedger(r) => self.file.gift_card_ledger.extend_from_slice(r),
            Part::Complaints(r) => self.file.complaints.extend_from_slice(r),
        }
        if let Part::Cases(r) = part {
            let citizens: HashMap<i64, &CitizenRecord> = self.file.citizens.iter().map(|c| (c.id, c)).collect();
            for c in r {
                let citizen = citizens.get(&c.citizen_id).ok_or_else(|| bad("cases".into(), "citizen"))?;
                let identity = match (&citizen.name, &citizen.pseudonym) {
                    (Some(name), _) => Identity::Named {
                        name: name.clone(),
                        cpr: citizen.cpr.as_ref().and_then(|t| Cpr::parse(t).ok()).map(|(c, _)| c),
                    },
                    (None, Some(p)) => Identity::Anonymous { pseudonym: p.clone() },
                    _ => return Err(bad("cases".into(), "citizen")),
                };
                passed.cases.push(c.clone().into_case(identity, citizen.home_municipality.clone()));
            }
        }
        Ok(passed)
    }

    pub(crate) fn finish(self) -> Result<Finished> {
        let checked = check(&self.file)?;
        Ok(Finished { centre: checked.centre, family: checked.family, complaints: checked.complaints })
    }
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
