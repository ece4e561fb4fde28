//! The import's bound on every text of the file: a text no form could have
//! saved (a centre name of 100 MB) is refused with its record and field
//! named, before anything else of its part is checked or written. Typed texts are held
//! to the forms' own limits (`domain::limits`); the texts the program writes
//! itself (who, when, ids of kinds) to what the program would write.

use super::part::Part;
use super::problem::ImportProblem;
use super::{Centre, bad};
use crate::domain::intake::Reasoned;
use crate::domain::limits::*;
use crate::store::Result;
use crate::store::centre::PROFILE_FILE_MAX_BYTES;

/// A Unix user name (Linux's `LOGIN_NAME_MAX`).
const USER: usize = 256;
/// A stored UTC stamp, `2026-03-17T09:30:00Z`.
const STAMP: usize = 20;
/// The id of a kind, a weekday, a time of day, a CPR number, a profile id.
const ID: usize = 40;
/// A path (Linux's `PATH_MAX`).
const PATH: usize = 4096;
/// A stay event's detail: who decided, and the reason for a refusal.
const STAY_DETAIL: usize = STAY_NAME + 2 + STAY_TEXT;

/// One record's texts: `record` names it (`cases[3]`) only when a text is
/// too long, so a large file costs no names.
struct Record<'a> {
    record: &'a dyn Fn() -> String,
}

impl Record<'_> {
    fn text(&self, field: &str, text: &str, max: usize) -> Result<()> {
        // A text of at most `max` bytes has at most `max` characters; a
        // longer one is counted only as far as `max + 1`.
        if text.len() > max && text.chars().nth(max).is_some() {
            return Err(bad(format!("{}.{field}", (self.record)()), ImportProblem::TooLong { max }));
        }
        Ok(())
    }

    fn opt(&self, field: &str, text: &Option<String>, max: usize) -> Result<()> {
        text.as_deref().map_or(Ok(()), |t| self.text(field, t, max))
    }

    fn reasoned(&self, field: &str, reasoned: &Option<Reasoned>, max: usize) -> Result<()> {
        reasoned.as_ref().map_or(Ok(()), |r| self.text(&format!("{field}.reason"), &r.reason, max))
    }

    fn who(&self, prefix: &str, actor: &str, recorded_at: &str) -> Result<()> {
        self.text(&format!("{prefix}actor"), actor, USER)?;
        self.text(&format!("{prefix}recorded_at"), recorded_at, STAMP)
    }
}

/// Runs `check` on each record of `list`, named `name[i]`, counting from
/// `first`, the index of the part's first record in its whole list.
fn each<T>(name: &str, first: usize, list: &[T], check: impl Fn(&Record, &T) -> Result<()>) -> Result<()> {
    for (i, item) in (first..).zip(list) {
        check(&Record { record: &|| format!("{name}[{i}]") }, item)?;
    }
    Ok(())
}

/// Refuses the centre's first text longer than its field allows.
pub(super) fn check_centre_lengths(c: &Centre) -> Result<()> {
    let centre = Record { record: &|| "centre".into() };
    centre.text("name", &c.name, CENTRE_NAME)?;
    centre.text("municipality", &c.municipality, CENTRE_NAME)?;
    centre.text("profile", &c.profile, ID)?;
    centre.opt("profile_path", &c.profile_path, PATH)?;
    if c.profile_toml.as_ref().is_some_and(|t| t.len() as u64 > PROFILE_FILE_MAX_BYTES) {
        return Err(bad(
            "centre.profile_toml".into(),
            ImportProblem::ProfileTooLarge { max_kib: PROFILE_FILE_MAX_BYTES / 1024 },
        ));
    }
    Ok(())
}

/// Refuses the part's first text longer than its field allows; `first` is
/// the index of the part's first record in its whole list.
pub(super) fn check_part_lengths(part: Part<'_>, first: usize) -> Result<()> {
    let name = part.list().key();
    match part {
        Part::Citizens(list) => each(name, first, list, |r, c| {
            r.opt("name", &c.name, CONTACT_NAME)?;
            r.opt("cpr", &c.cpr, ID)?;
            r.opt("pseudonym", &c.pseudonym, CONTACT_NAME)?;
            r.text("home_municipality", &c.home_municipality, CONTACT_NAME)
        }),
        Part::Cases(list) => each(name, first, list, |r, c| {
            r.text("counsellor", &c.counsellor, CONTACT_NAME)?;
            r.text("note", &c.note, CONTACT_NOTE)?;
            r.reasoned("free_choice", &c.free_choice, STEP_REASON)?;
            r.reasoned("special_assessment", &c.special_assessment, STEP_REASON)?;
            r.reasoned("closed", &c.closed, STEP_REASON)
        }),
        Part::CaseEvents(list) => each(name, first, list, |r, e| {
            r.text("kind", &e.kind, ID)?;
            r.opt("reason", &e.reason, STEP_REASON)?;
            r.opt("counsellor", &e.counsellor, CONTACT_NAME)?;
            r.who("", &e.actor, &e.recorded_at)
        }),
        Part::Complaints(list) => each(name, first, list, |r, c| {
            r.text("decision", &c.decision, COMPLAINT_DECISION)?;
            r.text("helper", &c.helper, COMPLAINT_HELPER)?;
            r.text("registered_by", &c.registered_by, USER)?;
            r.text("registered_at", &c.registered_at, STAMP)?;
            if let Some(s) = &c.reassessed {
                r.who("reassessed.", &s.actor, &s.recorded_at)?;
            }
            if let Some(s) = &c.forwarded {
                r.opt("forwarded.late_reason", &s.late_reason, COMPLAINT_REASON)?;
                r.who("forwarded.", &s.actor, &s.recorded_at)?;
            }
            if let Some(s) = &c.result {
                r.who("result.", &s.actor, &s.recorded_at)?;
            }
            Ok(())
        }),
        Part::PlanVersions(list) => each(name, first, list, |r, v| {
            for (j, goal) in v.goals.iter().enumerate() {
                r.text(&format!("goals[{j}].text"), &goal.text, PLAN_GOAL)?;
            }
            r.text("services", &v.services, PLAN_EFFORT)?;
            r.text("methods", &v.methods, PLAN_EFFORT)?;
            r.text("partners", &v.partners, PLAN_EFFORT)?;
            r.text("changes", &v.changes, PLAN_CHANGES)?;
            r.who("", &v.actor, &v.recorded_at)
        }),
        Part::CourseEndings(list) => each(name, first, list, |r, e| {
            r.text("note", &e.note, ENDING_NOTE)?;
            r.who("", &e.actor, &e.recorded_at)
        }),
        Part::FollowUpAttempts(list) => each(name, first, list, |r, a| {
            r.text("note", &a.note, CALL_NOTE)?;
            r.who("", &a.actor, &a.recorded_at)
        }),
        Part::Children(list) => each(name, first, list, |r, c| {
            if let Some(e) = &c.ended {
                r.text("ended.reason", &e.reason, CHILD_REASON)?;
                r.who("ended.", &e.actor, &e.recorded_at)?;
            }
            r.who("", &c.actor, &c.recorded_at)
        }),
        Part::ChildConsiderations(list) => each(name, first, list, |r, c| {
            r.text("note", &c.note, CONSIDERATION_NOTE)?;
            r.who("", &c.actor, &c.recorded_at)
        }),
        Part::Notifications(list) => each(name, first, list, |r, n| {
            r.text("municipality", &n.municipality, NOTIFICATION_MUNICIPALITY)?;
            r.text("description", &n.description, NOTIFICATION_DESCRIPTION)?;
            r.who("drafted.", &n.drafted.actor, &n.drafted.recorded_at)?;
            if let Some(s) = &n.informed {
                r.opt("informed.not_told_reason", &s.not_told_reason, NOTIFICATION_REASON)?;
                r.who("informed.", &s.actor, &s.recorded_at)?;
            }
            if let Some(s) = &n.sent {
                r.who("sent.", &s.actor, &s.recorded_at)?;
            }
            if let Some(s) = &n.receipt {
                r.who("receipt.", &s.actor, &s.recorded_at)?;
            }
            if let Some(s) = &n.discarded {
                r.text("discarded.reason", &s.reason, NOTIFICATION_REASON)?;
                r.who("discarded.", &s.actor, &s.recorded_at)?;
            }
            Ok(())
        }),
        Part::NotificationUpdates(list) => each(name, first, list, |r, u| {
            r.text("text", &u.text, LATER_INFORMATION)?;
            r.who("", &u.actor, &u.recorded_at)
        }),
        Part::Providers(list) => each(name, first, list, |r, p| {
            r.text("name", &p.name, PROVIDER_NAME)?;
            r.text("tilbudsportalen_id", &p.tilbudsportalen_id, PROVIDER_NAME)?;
            r.text("contact", &p.contact, PROVIDER_CONTACT)
        }),
        Part::Stays(list) => each(name, first, list, |r, s| {
            r.text("recommended.by", &s.recommended.by, STAY_NAME)?;
            r.text("recommended.text", &s.recommended.text, STAY_TEXT)?;
            if let Some(d) = &s.decision {
                r.text("decision.by", &d.by, STAY_NAME)?;
                r.text("decision.note", &d.note, STAY_TEXT)?;
            }
            if let Some(own) = &s.own_payment {
                for (j, expense) in own.fixed_expenses.iter().enumerate() {
                    r.text(&format!("own_payment.fixed_expenses[{j}].name"), &expense.name, STAY_NAME)?;
                }
            }
            Ok(())
        }),
        Part::StayEvents(list) => each(name, first, list, |r, e| {
            r.text("kind", &e.kind, ID)?;
            r.opt("detail", &e.detail, STAY_DETAIL)?;
            r.who("", &e.actor, &e.recorded_at)
        }),
        Part::Groups(list) => each(name, first, list, |r, g| {
            r.text("name", &g.name, GROUP_NAME)?;
            r.text("weekday", &g.weekday, ID)?;
            r.text("time", &g.time, ID)?;
            r.text("place", &g.place, GROUP_NAME)?;
            for (j, counsellor) in g.counsellors.iter().enumerate() {
                r.text(&format!("counsellors[{j}]"), counsellor, GROUP_NAME)?;
            }
            Ok(())
        }),
        Part::GroupSessions(list) => each(name, first, list, |r, s| {
            r.text("time", &s.time, ID)?;
            r.text("place", &s.place, GROUP_NAME)?;
            r.reasoned("cancelled", &s.cancelled, GROUP_REASON)?;
            s.moved.as_ref().map_or(Ok(()), |m| r.text("moved.reason", &m.reason, GROUP_REASON))
        }),
        Part::MoveCourses(list) => each(name, first, list, |r, c| r.reasoned("ended", &c.ended, GROUP_REASON)),
        Part::Attendances(list) => each(name, first, list, |r, a| r.who("", &a.actor, &a.recorded_at)),
        Part::GiftCardLedger(list) => each(name, first, list, |r, e| {
            r.text("serial", &e.serial, GROUP_NAME)?;
            r.opt("reason", &e.reason, GROUP_REASON)?;
            r.who("", &e.actor, &e.recorded_at)
        }),
        // Lists with no free text (a conversation's stamp is checked whole
        // by its own check).
        Part::FollowUpCalls(_) | Part::Conversations(_) | Part::ProviderPrices(_) | Part::GroupMembers(_) => Ok(()),
    }
}
