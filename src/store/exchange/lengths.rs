//! The import's bound on every text of the file: a text no form could have
//! saved (a centre name of 100 MB) is refused with its record and field
//! named, before anything else is checked or written. Typed texts are held
//! to the forms' own limits (`domain::limits`); the texts the program writes
//! itself (who, when, ids of kinds) to what the program would write.

use super::problem::ImportProblem;
use super::{ExportFile, bad};
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

/// Runs `check` on each record of `list`, named `name[i]`.
fn each<T>(name: &str, list: &[T], check: impl Fn(&Record, &T) -> Result<()>) -> Result<()> {
    for (i, item) in list.iter().enumerate() {
        check(&Record { record: &|| format!("{name}[{i}]") }, item)?;
    }
    Ok(())
}

/// Refuses the first text of the file longer than its field allows.
pub(super) fn check_lengths(file: &ExportFile) -> Result<()> {
    let c = &file.centre;
    let centre = Record { record: &|| "centre".into() };
    centre.text("name", &c.name, CENTRE_NAME)?;
    centre.text("municipality", &c.municipality, CENTRE_NAME)?;
    centre.text("profile", &c.profile, ID)?;
    centre.opt("profile_path", &c.profile_path, PATH)?;
    // The profile's TOML, as a profile file may hold it (in bytes).
    if c.profile_toml.as_ref().is_some_and(|t| t.len() as u64 > PROFILE_FILE_MAX_BYTES) {
        return Err(bad(
            "centre.profile_toml".into(),
            ImportProblem::ProfileTooLarge { max_kib: PROFILE_FILE_MAX_BYTES / 1024 },
        ));
    }
    each("citizens", &file.citizens, |r, c| {
        r.opt("name", &c.name, CONTACT_NAME)?;
        r.opt("cpr", &c.cpr, ID)?;
        r.opt("pseudonym", &c.pseudonym, CONTACT_NAME)?;
        r.text("home_municipality", &c.home_municipality, CONTACT_NAME)
    })?;
    each("cases", &file.cases, |r, c| {
        r.text("counsellor", &c.counsellor, CONTACT_NAME)?;
        r.text("note", &c.note, CONTACT_NOTE)?;
        r.reasoned("free_choice", &c.free_choice, STEP_REASON)?;
        r.reasoned("special_assessment", &c.special_assessment, STEP_REASON)?;
        r.reasoned("closed", &c.closed, STEP_REASON)
    })?;
    each("case_events", &file.case_events, |r, e| {
        r.text("kind", &e.kind, ID)?;
        r.opt("reason", &e.reason, STEP_REASON)?;
        r.opt("counsellor", &e.counsellor, CONTACT_NAME)?;
        r.who("", &e.actor, &e.recorded_at)
    })?;
    plans(file)?;
    family(file)?;
    stays(file)?;
    groups(file)?;
    complaints(file)
}

fn complaints(file: &ExportFile) -> Result<()> {
    each("complaints", &file.complaints, |r, c| {
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
    })
}

fn plans(file: &ExportFile) -> Result<()> {
    each("plan_versions", &file.plan_versions, |r, v| {
        for (j, goal) in v.goals.iter().enumerate() {
            r.text(&format!("goals[{j}].text"), &goal.text, PLAN_GOAL)?;
        }
        r.text("services", &v.services, PLAN_EFFORT)?;
        r.text("methods", &v.methods, PLAN_EFFORT)?;
        r.text("partners", &v.partners, PLAN_EFFORT)?;
        r.text("changes", &v.changes, PLAN_CHANGES)?;
        r.who("", &v.actor, &v.recorded_at)
    })?;
    each("course_endings", &file.course_endings, |r, e| {
        r.text("note", &e.note, ENDING_NOTE)?;
        r.who("", &e.actor, &e.recorded_at)
    })?;
    each("follow_up_attempts", &file.follow_up_attempts, |r, a| {
        r.text("note", &a.note, CALL_NOTE)?;
        r.who("", &a.actor, &a.recorded_at)
    })
}

fn family(file: &ExportFile) -> Result<()> {
    each("children", &file.children, |r, c| {
        if let Some(e) = &c.ended {
            r.text("ended.reason", &e.reason, CHILD_REASON)?;
            r.who("ended.", &e.actor, &e.recorded_at)?;
        }
        r.who("", &c.actor, &c.recorded_at)
    })?;
    each("child_considerations", &file.child_considerations, |r, c| {
        r.text("note", &c.note, CONSIDERATION_NOTE)?;
        r.who("", &c.actor, &c.recorded_at)
    })?;
    each("notifications", &file.notifications, |r, n| {
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
    })?;
    each("notification_updates", &file.notification_updates, |r, u| {
        r.text("text", &u.text, LATER_INFORMATION)?;
        r.who("", &u.actor, &u.recorded_at)
    })
}

fn stays(file: &ExportFile) -> Result<()> {
    each("providers", &file.providers, |r, p| {
        r.text("name", &p.name, PROVIDER_NAME)?;
        r.text("tilbudsportalen_id", &p.tilbudsportalen_id, PROVIDER_NAME)?;
        r.text("contact", &p.contact, PROVIDER_CONTACT)
    })?;
    each("stays", &file.stays, |r, s| {
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
    })?;
    each("stay_events", &file.stay_events, |r, e| {
        r.text("kind", &e.kind, ID)?;
        r.opt("detail", &e.detail, STAY_DETAIL)?;
        r.who("", &e.actor, &e.recorded_at)
    })
}

fn groups(file: &ExportFile) -> Result<()> {
    each("groups", &file.groups, |r, g| {
        r.text("name", &g.name, GROUP_NAME)?;
        r.text("weekday", &g.weekday, ID)?;
        r.text("time", &g.time, ID)?;
        r.text("place", &g.place, GROUP_NAME)?;
        for (j, counsellor) in g.counsellors.iter().enumerate() {
            r.text(&format!("counsellors[{j}]"), counsellor, GROUP_NAME)?;
        }
        Ok(())
    })?;
    each("group_sessions", &file.group_sessions, |r, s| {
        r.text("time", &s.time, ID)?;
        r.text("place", &s.place, GROUP_NAME)?;
        r.reasoned("cancelled", &s.cancelled, GROUP_REASON)?;
        s.moved.as_ref().map_or(Ok(()), |m| r.text("moved.reason", &m.reason, GROUP_REASON))
    })?;
    each("move_courses", &file.move_courses, |r, c| r.reasoned("ended", &c.ended, GROUP_REASON))?;
    each("attendances", &file.attendances, |r, a| r.who("", &a.actor, &a.recorded_at))?;
    each("gift_card_ledger", &file.gift_card_ledger, |r, e| {
        r.text("serial", &e.serial, GROUP_NAME)?;
        r.opt("reason", &e.reason, GROUP_REASON)?;
        r.who("", &e.actor, &e.recorded_at)
    })
}
