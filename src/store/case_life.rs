//! A case's whole life in one read, for the find's case view: the contact
//! and its steps, the plan's versions, the ending and its follow-up calls,
//! group memberships and MOVE courses, residential stays, children and
//! notifications. One query (or one loader of the store's own) a section,
//! never one a row; the look is audited once, as opening a case is.

use chrono::NaiveDate;

use super::cases::{CaseEvent, parse_date};
use super::conversations::HeldConversation;
use super::engine::Db;
use super::gift_cards::load_ledger;
use super::move_courses::{course_sessions, courses_of};
use super::{Result, Store};
use crate::domain::complaint::Complaint;
use crate::domain::group::course::{CourseCards, MoveCourse, course_cards};
use crate::domain::group::move_cards::MoveCardSettings;
use crate::domain::intake::Case;
use crate::domain::notification::{Child, Consideration, Notification};
use crate::domain::plan::{Ending, FollowUpCall};
use crate::domain::stay::lifecycle::Stay;
use crate::domain::stay::provider::Provider;

/// One version of the case's treatment plan, as the life lists it (the
/// plan in full is Planer's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanLine {
    pub version: i64,
    pub effective_on: NaiveDate,
    pub next_revision_on: NaiveDate,
    /// What changed from the version before, in the counsellor's words.
    pub changes: String,
    pub goals: i64,
    pub actor: String,
    pub recorded_at: String,
}

/// One membership of a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MembershipLine {
    pub group: String,
    pub kind: crate::domain::group::groups::GroupKind,
    pub joined_on: NaiveDate,
    pub left_on: Option<NaiveDate>,
}

/// A MOVE course with its cards as the course view counts them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoveLine {
    pub course: MoveCourse,
    pub cards: CourseCards,
}

/// Everything the case view shows of one case.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseLife {
    pub case: Case,
    pub events: Vec<CaseEvent>,
    pub plan: Vec<PlanLine>,
    pub ending: Option<Ending>,
    pub calls: Vec<FollowUpCall>,
    pub groups: Vec<MembershipLine>,
    pub move_courses: Vec<MoveLine>,
    pub stays: Vec<Stay>,
    /// The providers of the stays, for their names and prices.
    pub providers: Vec<Provider>,
    pub children: Vec<Child>,
    pub considerations: Vec<Consideration>,
    pub notifications: Vec<Notification>,
    /// The complaints about the case's decisions, oldest first.
    pub complaints: Vec<Complaint>,
    /// The counted conversations (anonymous, advisory, relatives'), oldest first.
    pub conversations: Vec<HeldConversation>,
}

impl Store {
    /// Opens case `id` in full: refused, and nothing read, unless the
    /// person may open it; the look is recorded in the audit trail once
    /// (`view` of the case, as Indtag's case view records it).
    pub fn view_case_life(&mut self, id: i64, move_cards: &MoveCardSettings) -> Result<CaseLife> {
        let case = self.view_case(id)?;
        self.case_life_of(case, move_cards)
    }

    /// The rest of a case's life, without a new look to audit.
    fn case_life_of(&self, case: Case, move_cards: &MoveCardSettings) -> Result<CaseLife> {
        let id = case.id;
        let stays = self.case_stays(id)?;
        let providers = if stays.is_empty() { Vec::new() } else { self.providers()? };
        Ok(CaseLife {
            events: self.case_events(id)?,
            plan: self.plan_lines(id)?,
            ending: self.course_ending(id)?,
            calls: self.course_calls(id)?,
            groups: self.memberships(id)?,
            move_courses: self.move_lines(id, move_cards)?,
            stays,
            providers,
            children: self.children_of(id)?,
            considerations: self.considerations_of(id)?,
            notifications: self.notifications_of_case(id)?,
            complaints: self.complaints_of_case(id)?,
            conversations: self.conversations_of(id)?,
            case,
        })
    }

    fn plan_lines(&self, case_id: i64) -> Result<Vec<PlanLine>> {
        plan_lines_on(&self.db(), case_id)
    }

    fn memberships(&self, case_id: i64) -> Result<Vec<MembershipLine>> {
        memberships_on(&self.db(), case_id)
    }

    /// The case's MOVE courses with the cards each earned and was handed.
    fn move_lines(&self, case_id: i64, settings: &MoveCardSettings) -> Result<Vec<MoveLine>> {
        let db = self.db();
        let courses = courses_of(&db, case_id)?;
        if courses.is_empty() {
            return Ok(Vec::new());
        }
        let ledger = load_ledger(&db)?;
        courses
            .into_iter()
            .map(|course| {
                let cards = course_cards(&course, &course_sessions(&db, &course)?, &ledger, settings);
                Ok(MoveLine { course, cards })
            })
            .collect()
    }
}

/// The plan's versions, oldest first, with how many goals each has.
fn plan_lines_on(db: &Db<'_>, case_id: i64) -> Result<Vec<PlanLine>> {
    let rows = db.query_map(
        "SELECT v.version, v.effective_on, v.next_revision_on, v.changes, v.actor, v.recorded_at,
                (SELECT count(*) FROM plan_goals g WHERE g.version_id = v.id)
         FROM plan_versions v WHERE v.case_id = ?1 ORDER BY v.version",
        &[&case_id],
        |r| Ok((r.get(0)?, r.get::<String>(1)?, r.get::<String>(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)),
    )?;
    rows.into_iter()
        .map(|(version, effective, next, changes, actor, recorded_at, goals)| {
            Ok(PlanLine {
                version,
                effective_on: parse_date(Some(effective))?.unwrap_or_default(),
                next_revision_on: parse_date(Some(next))?.unwrap_or_default(),
                changes,
                goals,
                actor,
                recorded_at,
            })
        })
        .collect()
}

/// The case's group memberships, by the day they joined.
fn memberships_on(db: &Db<'_>, case_id: i64) -> Result<Vec<MembershipLine>> {
    let rows: Vec<(String, String, String, Option<String>)> = db.query_map(
        "SELECT g.name, g.kind, m.joined_on, m.left_on FROM group_members m
         JOIN treatment_groups g ON g.id = m.group_id
         WHERE m.case_id = ?1 ORDER BY m.joined_on, m.id",
        &[&case_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    rows.into_iter()
        .map(|(group, kind, joined, left)| {
            Ok(MembershipLine {
                group,
                kind: super::cases::parse_enum(&kind)?,
                joined_on: parse_date(Some(joined))?.unwrap_or_default(),
                left_on: parse_date(left)?,
            })
        })
        .collect()
}

/// The family's statements on both engines.
#[cfg(test)]
mod on_engines {
    use super::*;
    use crate::domain::group::groups::GroupKind;
    use crate::domain::intake::test_support::date;
    use crate::store::engine::both::{Place, a_case, on_both_engines};

    on_both_engines!(the_plans_versions_are_listed_with_their_goals_counted, memberships_are_listed_by_day_joined);

    fn version(db: &Db<'_>, case_id: i64, version: i64, effective: &str) -> i64 {
        db.query_row(
            "INSERT INTO plan_versions (case_id, version, effective_on, next_revision_on, services, methods,
                 partners, action_plan, citizen_took_part, changes, actor, recorded_at)
             VALUES (?1, ?2, ?3, '2026-09-01', '', '', '', '', 1, ?4, 'anna', '2026-03-17T10:00:00') RETURNING id",
            &[&case_id, &version, &effective, &format!("Version {version}")],
            |r| r.get(0),
        )
        .unwrap()
    }

    fn the_plans_versions_are_listed_with_their_goals_counted(place: &Place) {
        let db = place.open();
        let case = a_case(&db, "anna");
        let other = a_case(&db, "anna");
        let second = version(&db, case, 2, "2026-04-01");
        version(&db, case, 1, "2026-03-03");
        version(&db, other, 1, "2026-03-04");
        for position in [1i64, 2] {
            db.execute(
                "INSERT INTO plan_goals (version_id, position, area, text, status) VALUES (?1, ?2, 'drugs', 'Mål', 'open')",
                &[&second, &position],
            )
            .unwrap();
        }
        let lines = plan_lines_on(&db, case).unwrap();
        let seen: Vec<_> = lines.iter().map(|l| (l.version, l.effective_on, l.goals, l.changes.as_str())).collect();
        assert_eq!(seen, [(1, date("2026-03-03"), 0, "Version 1"), (2, date("2026-04-01"), 2, "Version 2")]);
        assert_eq!((lines[0].next_revision_on, lines[0].actor.as_str()), (date("2026-09-01"), "anna"));
        assert_eq!(lines[0].recorded_at, "2026-03-17T10:00:00");
        assert!(plan_lines_on(&db, other + 100).unwrap().is_empty());
    }

    fn memberships_are_listed_by_day_joined(place: &Place) {
        let db = place.open();
        let case = a_case(&db, "anna");
        let group = |name: &str, kind: &str| -> i64 {
            db.query_row(
                "INSERT INTO treatment_groups (name, kind, weekday, time, place, counsellors)
                 VALUES (?1, ?2, 'monday', '10:00', 'Lokale 2', 'anna') RETURNING id",
                &[&name, &kind],
                |r| r.get(0),
            )
            .unwrap()
        };
        let (move_group, aftercare) = (group("MOVE forår", "move"), group("Efterværn", "aftercare"));
        for (group_id, joined, left) in [
            (aftercare, "2026-03-10", None),
            (move_group, "2026-03-03", Some("2026-03-09")),
            (move_group, "2026-03-10", None),
        ] {
            db.execute(
                "INSERT INTO group_members (group_id, case_id, joined_on, left_on) VALUES (?1, ?2, ?3, ?4)",
                &[&group_id, &case, &joined, &left],
            )
            .unwrap();
        }
        let lines = memberships_on(&db, case).unwrap();
        let seen: Vec<_> = lines.iter().map(|l| (l.group.as_str(), l.kind, l.joined_on, l.left_on)).collect();
        assert_eq!(
            seen,
            [
                ("MOVE forår", GroupKind::Move, date("2026-03-03"), Some(date("2026-03-09"))),
                ("Efterværn", GroupKind::Aftercare, date("2026-03-10"), None),
                ("MOVE forår", GroupKind::Move, date("2026-03-10"), None),
            ]
        );
    }
}
