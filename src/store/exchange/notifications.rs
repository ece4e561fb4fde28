//! The export format's children, considerations, underretninger and their
//! later information: the records, their checks on import, and the turning
//! of records into the domain's types and back.

use super::problem::{FileRecord, ImportProblem};
use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::bad;
use super::case_facts::Cases;
use crate::domain::notification::{
    Child, ChildRelation, Consideration, Content, Dated, Duty, Ended, Ground, HistoryProblem, InformHow, Informed,
    Informing, LaterInfo, MAX_CHILD_NAME, Notification, SendHow, Sending, Stamp, State, check_history,
    possibly_under_18,
};
use crate::store::Result;
use crate::store::cases::enum_id;

/// Who recorded something and when (UTC, `YYYY-MM-DDTHH:MM:SSZ`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepRecord {
    pub on: NaiveDate,
    pub actor: String,
    pub recorded_at: String,
}

/// A dated end with its reason: a child's record ended, a draft discarded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndedRecord {
    pub on: NaiveDate,
    pub reason: String,
    pub actor: String,
    pub recorded_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChildRecord {
    pub id: i64,
    pub case_id: i64,
    /// The year of birth; for an expected child the expected year.
    pub birth_year: i32,
    pub relation: ChildRelation,
    /// A first name or initials; left out of the file when not given.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(serialize_with = "crate::store::exchange::export::day")]
    pub noted_on: NaiveDate,
    #[serde(default)]
    pub ended: Option<EndedRecord>,
    pub actor: String,
    pub recorded_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsiderationRecord {
    pub id: i64,
    pub case_id: i64,
    pub on: NaiveDate,
    pub note: String,
    pub actor: String,
    pub recorded_at: String,
}

/// The citizen told (with `how`), or not told (with the reason).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InformedRecord {
    pub on: NaiveDate,
    #[serde(default)]
    pub how: Option<InformHow>,
    #[serde(default)]
    pub not_told_reason: Option<String>,
    pub actor: String,
    pub recorded_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SentRecord {
    pub on: NaiveDate,
    pub how: SendHow,
    pub actor: String,
    pub recorded_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotificationRecord {
    pub id: i64,
    pub case_id: i64,
    /// The sent notification this one corrects.
    #[serde(default)]
    pub corrects: Option<i64>,
    pub duty: Duty,
    pub grounds: Vec<Ground>,
    /// Child ids of the same case.
    pub children: Vec<i64>,
    pub municipality: String,
    pub description: String,
    pub drafted: StepRecord,
    #[serde(default)]
    pub informed: Option<InformedRecord>,
    #[serde(default)]
    pub sent: Option<SentRecord>,
    #[serde(default)]
    pub receipt: Option<StepRecord>,
    #[serde(default)]
    pub discarded: Option<EndedRecord>,
}

/// Later information from the municipality about a sent notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotificationUpdateRecord {
    pub id: i64,
    pub notification_id: i64,
    pub on: NaiveDate,
    pub text: String,
    pub actor: String,
    pub recorded_at: String,
}

fn stamp(actor: &str, at: &str) -> Stamp {
    Stamp { by: actor.to_string(), at: at.to_string() }
}

impl From<&Child> for ChildRecord {
    fn from(c: &Child) -> Self {
        ChildRecord {
            id: c.id,
            case_id: c.case_id,
            birth_year: c.birth_year,
            relation: c.relation,
            name: c.name.clone(),
            noted_on: c.noted_on,
            ended: c.ended.as_ref().map(ended_record),
            actor: c.stamp.by.clone(),
            recorded_at: c.stamp.at.clone(),
        }
    }
}

fn ended_record(e: &Ended) -> EndedRecord {
    EndedRecord { on: e.on, reason: e.reason.clone(), actor: e.stamp.by.clone(), recorded_at: e.stamp.at.clone() }
}

fn ended(e: &EndedRecord) -> Ended {
    Ended { on: e.on, reason: e.reason.clone(), stamp: stamp(&e.actor, &e.recorded_at) }
}

impl ChildRecord {
    pub fn to_child(&self) -> Child {
        Child {
            id: self.id,
            case_id: self.case_id,
            name: self.name.clone(),
            birth_year: self.birth_year,
            relation: self.relation,
            noted_on: self.noted_on,
            ended: self.ended.as_ref().map(ended),
            stamp: stamp(&self.actor, &self.recorded_at),
        }
    }
}

impl From<&Consideration> for ConsiderationRecord {
    fn from(c: &Consideration) -> Self {
        ConsiderationRecord {
            id: c.id,
            case_id: c.case_id,
            on: c.on,
            note: c.note.clone(),
            actor: c.stamp.by.clone(),
            recorded_at: c.stamp.at.clone(),
        }
    }
}

fn step_record(d: &Dated) -> StepRecord {
    StepRecord { on: d.on, actor: d.stamp.by.clone(), recorded_at: d.stamp.at.clone() }
}

fn dated(s: &StepRecord) -> Dated {
    Dated { on: s.on, stamp: stamp(&s.actor, &s.recorded_at) }
}

impl From<&Notification> for NotificationRecord {
    fn from(n: &Notification) -> Self {
        NotificationRecord {
            id: n.id,
            case_id: n.case_id,
            corrects: n.corrects,
            duty: n.content.duty,
            grounds: n.content.grounds.clone(),
            children: n.content.children.clone(),
            municipality: n.content.municipality.clone(),
            description: n.content.description.clone(),
            drafted: step_record(&n.drafted),
            informed: n.informed.as_ref().map(|i| {
                let (how, not_told_reason) = match &i.informed {
                    Informed::Told { how } => (Some(*how), None),
                    Informed::NotTold { reason } => (None, Some(reason.clone())),
                };
                InformedRecord {
                    on: i.on,
                    how,
                    not_told_reason,
                    actor: i.stamp.by.clone(),
                    recorded_at: i.stamp.at.clone(),
                }
            }),
            sent: n.sent.as_ref().map(|s| SentRecord {
                on: s.on,
                how: s.how,
                actor: s.stamp.by.clone(),
                recorded_at: s.stamp.at.clone(),
            }),
            receipt: n.receipt.as_ref().map(step_record),
            discarded: n.discarded.as_ref().map(ended_record),
        }
    }
}

impl NotificationRecord {
    /// The domain's notification, with the later information given. `None`
    /// when the informed step names both or neither of how and why not.
    fn to_notification(&self, later: Vec<LaterInfo>) -> Option<Notification> {
        let informed = match &self.informed {
            None => None,
            Some(i) => {
                let informed = match (&i.how, &i.not_told_reason) {
                    (Some(how), None) => Informed::Told { how: *how },
                    (None, Some(reason)) => Informed::NotTold { reason: reason.clone() },
                    _ => return None,
                };
                Some(Informing { on: i.on, informed, stamp: stamp(&i.actor, &i.recorded_at) })
            }
        };
        Some(Notification {
            id: self.id,
            case_id: self.case_id,
            corrects: self.corrects,
            content: Content {
                duty: self.duty,
                grounds: self.grounds.clone(),
                children: self.children.clone(),
                municipality: self.municipality.clone(),
                description: self.description.clone(),
            },
            drafted: dated(&self.drafted),
            informed,
            sent: self.sent.as_ref().map(|s| Sending { on: s.on, how: s.how, stamp: stamp(&s.actor, &s.recorded_at) }),
            receipt: self.receipt.as_ref().map(dated),
            discarded: self.discarded.as_ref().map(ended),
            later,
        })
    }
}

impl From<(&Notification, &LaterInfo)> for NotificationUpdateRecord {
    fn from((n, l): (&Notification, &LaterInfo)) -> Self {
        NotificationUpdateRecord {
            id: l.id,
            notification_id: n.id,
            on: l.on,
            text: l.text.clone(),
            actor: l.stamp.by.clone(),
            recorded_at: l.stamp.at.clone(),
        }
    }
}

fn check_who(at: &dyn Fn(&str) -> String, prefix: &str, actor: &str, recorded_at: &str) -> Result<()> {
    if actor.trim().is_empty() {
        return Err(bad(at(&format!("{prefix}actor")), ImportProblem::Missing));
    }
    if !super::is_recorded_at(recorded_at) {
        return Err(bad(at(&format!("{prefix}recorded_at")), "forventede UTC-tid som 2026-03-17T09:30:00Z"));
    }
    Ok(())
}

fn unique(seen: &mut HashSet<i64>, id: i64, at: String) -> Result<()> {
    if id <= 0 || !seen.insert(id) {
        return Err(bad(at, ImportProblem::IdNotUnique { id }));
    }
    Ok(())
}

fn history_message(p: HistoryProblem) -> &'static str {
    match p {
        HistoryProblem::Skipped { missing: State::Informed } => {
            "sendt uden at borgeren er orienteret eller begrundelsen for ikke at orientere er registreret"
        }
        HistoryProblem::Skipped { .. } => "følger et trin, der ikke er taget",
        HistoryProblem::Before { .. } => "ligger før det trin, det følger",
        HistoryProblem::DiscardedAfterSending => "en sendt underretning kan ikke kasseres",
        HistoryProblem::ReasonRequired => "begrundelsen mangler",
        HistoryProblem::TextRequired => "teksten mangler",
    }
}

/// The records of one file, checked, and turned into the domain's types
/// ready to be inserted.
#[derive(Debug)]
pub(crate) struct Checked {
    pub children: Vec<Child>,
    pub notifications: Vec<Notification>,
}

/// The checks of the file's children, considerations, notifications and
/// their later information against each other and the cases, the first
/// problem named by record and field; a part of a list at a time: children and
/// considerations as they come; notifications and their updates (a few per
/// hundred cases) kept until both lists are in, as a notification is
/// checked with its later information.
#[derive(Default)]
pub(crate) struct Family {
    child_ids: HashSet<i64>,
    child_case: HashMap<i64, i64>,
    children: Vec<Child>,
    consideration_ids: HashSet<i64>,
    notifications: Vec<NotificationRecord>,
    updates: Vec<NotificationUpdateRecord>,
}

/// A case's first contact's day, or the problem of a case not in the file.
fn case_contact(cases: &Cases, case_id: i64, at: String) -> Result<NaiveDate> {
    cases.contact(case_id).ok_or_else(|| bad(at, ImportProblem::NotInFile { what: FileRecord::Case, id: case_id }))
}

impl Family {
    /// A part of `children`; `first` is its first record's index.
    pub(crate) fn take_children(&mut self, records: &[ChildRecord], first: usize, cases: &Cases) -> Result<()> {
        let Self { child_ids: seen, child_case, children: checked_children, .. } = self;
        for (i, c) in (first..).zip(records) {
            let at = |field: &str| format!("children[{i}].{field}");
            unique(seen, c.id, at("id"))?;
            let contact = case_contact(cases, c.case_id, at("case_id"))?;
            if c.noted_on < contact {
                return Err(bad(at("noted_on"), "ligger før første henvendelse"));
            }
            // What the form takes: a first name or initials, never a text that
            // could drive the terminal.
            if crate::domain::input::check_text(&c.name, false, MAX_CHILD_NAME).is_err() || c.name.trim() != c.name {
                return Err(bad(
                    at("name"),
                    format!("et fornavn eller initialer: højst {MAX_CHILD_NAME} tegn, uden styretegn"),
                ));
            }
            let year = c.noted_on.year();
            let plausible = if c.relation.is_expected() {
                (year..=year + 1).contains(&c.birth_year)
            } else {
                c.birth_year <= year && possibly_under_18(c.birth_year, c.noted_on)
            };
            if !plausible {
                return Err(bad(at("birth_year"), "ikke et barn under 18 (eller ventet) den dag, barnet blev noteret"));
            }
            check_who(&at, "", &c.actor, &c.recorded_at)?;
            if let Some(e) = &c.ended {
                if e.on < c.noted_on {
                    return Err(bad(at("ended.on"), "ligger før barnet blev noteret"));
                }
                if e.reason.trim().is_empty() {
                    return Err(bad(at("ended.reason"), "begrundelsen mangler"));
                }
                check_who(&at, "ended.", &e.actor, &e.recorded_at)?;
            }
            child_case.insert(c.id, c.case_id);
            checked_children.push(c.to_child());
        }
        Ok(())
    }

    /// A part of `child_considerations`; `first` is its first record's index.
    pub(crate) fn take_considerations(
        &mut self,
        records: &[ConsiderationRecord],
        first: usize,
        cases: &Cases,
    ) -> Result<()> {
        let seen = &mut self.consideration_ids;
        for (i, c) in (first..).zip(records) {
            let at = |field: &str| format!("child_considerations[{i}].{field}");
            unique(seen, c.id, at("id"))?;
            let contact = case_contact(cases, c.case_id, at("case_id"))?;
            if c.on < contact {
                return Err(bad(at("on"), "ligger før første henvendelse"));
            }
            if c.note.trim().is_empty() {
                return Err(bad(at("note"), ImportProblem::Missing));
            }
            check_who(&at, "", &c.actor, &c.recorded_at)?;
        }

        // Later information first, so each notification's history is whole.
        Ok(())
    }

    /// A part of `notifications`, kept until the updates are in.
    pub(crate) fn take_notifications(&mut self, records: &[NotificationRecord]) {
        self.notifications.extend_from_slice(records);
    }

    /// A part of `notification_updates`, kept until the list has ended.
    pub(crate) fn take_updates(&mut self, records: &[NotificationUpdateRecord]) {
        self.updates.extend_from_slice(records);
    }

    /// Once `notification_updates` has ended: the updates, then the
    /// notifications with their later information.
    pub(crate) fn finish(self, cases: &Cases) -> Result<Checked> {
        let Self { child_case, children: checked_children, notifications, updates, .. } = self;
        let (notifications, updates) = (&notifications[..], &updates[..]);
        let ids: HashMap<i64, usize> = notifications.iter().enumerate().map(|(i, n)| (n.id, i)).collect();
        let mut later: HashMap<i64, Vec<LaterInfo>> = HashMap::new();
        let mut seen = HashSet::new();
        for (i, u) in updates.iter().enumerate() {
            let at = |field: &str| format!("notification_updates[{i}].{field}");
            unique(&mut seen, u.id, at("id"))?;
            let Some(&n) = ids.get(&u.notification_id) else {
                return Err(bad(
                    at("notification_id"),
                    ImportProblem::NotInFile { what: FileRecord::Notification, id: u.notification_id },
                ));
            };
            match &notifications[n].sent {
                None => return Err(bad(at("notification_id"), "underretningen er ikke sendt")),
                Some(s) if u.on < s.on => return Err(bad(at("on"), "ligger før underretningen blev sendt")),
                Some(_) => {}
            }
            if u.text.trim().is_empty() {
                return Err(bad(at("text"), ImportProblem::Missing));
            }
            check_who(&at, "", &u.actor, &u.recorded_at)?;
            later.entry(u.notification_id).or_default().push(LaterInfo {
                id: u.id,
                on: u.on,
                text: u.text.clone(),
                stamp: stamp(&u.actor, &u.recorded_at),
            });
        }

        let mut seen = HashSet::new();
        let mut checked = Vec::with_capacity(notifications.len());
        for (i, r) in notifications.iter().enumerate() {
            let at = |field: &str| format!("notifications[{i}].{field}");
            unique(&mut seen, r.id, at("id"))?;
            let contact = case_contact(cases, r.case_id, at("case_id"))?;
            if r.drafted.on < contact {
                return Err(bad(at("drafted.on"), "ligger før første henvendelse"));
            }
            if let Some(c) = r.corrects {
                // Corrections come after what they correct, so the file inserts in id order.
                let corrected = ids.get(&c).map(|&j| &notifications[j]).filter(|o| o.id < r.id);
                match corrected {
                    None => return Err(bad(at("corrects"), format!("underretning {c} findes ikke før denne i filen"))),
                    Some(o) if o.case_id != r.case_id => return Err(bad(at("corrects"), "hører til en anden sag")),
                    Some(o) if o.sent.is_none() => return Err(bad(at("corrects"), "kun en sendt underretning rettes")),
                    Some(_) => {}
                }
            }
            if r.grounds.is_empty() {
                return Err(bad(at("grounds"), "mindst én grund"));
            }
            if let Some((j, g)) = r.grounds.iter().enumerate().find(|(_, g)| g.duty() != r.duty) {
                return Err(bad(
                    at(&format!("grounds[{j}]")),
                    format!("'{}' hører ikke under den valgte pligt", enum_id(g)),
                ));
            }
            if r.grounds.iter().collect::<HashSet<_>>().len() != r.grounds.len() {
                return Err(bad(at("grounds"), "en grund står to gange"));
            }
            if r.children.is_empty() {
                return Err(bad(at("children"), "mindst ét barn"));
            }
            for (j, child) in r.children.iter().enumerate() {
                match child_case.get(child) {
                    None => {
                        return Err(bad(
                            at(&format!("children[{j}]")),
                            ImportProblem::NotInFile { what: FileRecord::Child, id: *child },
                        ));
                    }
                    Some(case) if *case != r.case_id => {
                        return Err(bad(at(&format!("children[{j}]")), format!("barn {child} hører til en anden sag")));
                    }
                    Some(_) => {}
                }
            }
            if r.children.iter().collect::<HashSet<_>>().len() != r.children.len() {
                return Err(bad(at("children"), "et barn står to gange"));
            }
            if r.municipality.trim().is_empty() {
                return Err(bad(at("municipality"), ImportProblem::Missing));
            }
            if r.description.trim().is_empty() {
                return Err(bad(at("description"), ImportProblem::Missing));
            }
            check_who(&at, "drafted.", &r.drafted.actor, &r.drafted.recorded_at)?;
            if let Some(s) = &r.informed {
                check_who(&at, "informed.", &s.actor, &s.recorded_at)?;
            }
            if let Some(s) = &r.sent {
                check_who(&at, "sent.", &s.actor, &s.recorded_at)?;
            }
            if let Some(s) = &r.receipt {
                check_who(&at, "receipt.", &s.actor, &s.recorded_at)?;
            }
            if let Some(s) = &r.discarded {
                check_who(&at, "discarded.", &s.actor, &s.recorded_at)?;
            }
            let n = r
                .to_notification(later.remove(&r.id).unwrap_or_default())
                .ok_or_else(|| bad(at("informed"), "enten hvordan borgeren blev orienteret, eller hvorfor ikke"))?;
            check_history(&n).map_err(|(field, p)| bad(at(field), history_message(p)))?;
            let mut n = n;
            n.content.grounds.sort();
            n.content.children.sort();
            checked.push(n);
        }
        Ok(Checked { children: checked_children, notifications: checked })
    }
}
