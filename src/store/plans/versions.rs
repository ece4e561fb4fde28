//! Plan versions: read back with their goals, one case or a whole board at
//! a time, and the next version stored.

use std::collections::HashMap;

use super::{BULK, GoalRow, LATEST_VERSION, RawVersion, VERSION_COLUMNS, day, day_text, read_version};
use crate::domain::plan::{Goal, NewVersion, PlanVersion};
use crate::store::cases::{case_on, enum_id, parse_enum};
use crate::store::conflict::{Found, Record, conflict};
use crate::store::engine::{Db, Params, ToValue};
use crate::store::{Result, Store, StoreError, now_stamp};

/// Versions as `tail` selects them (after `FROM plan_versions v`), with
/// their goals: one goal query a batch of versions, never one a version.
pub(crate) fn versions_on(db: &Db<'_>, tail: &str, params: Params<'_>) -> Result<Vec<PlanVersion>> {
    let raws = db.query_map(&format!("SELECT {VERSION_COLUMNS} FROM plan_versions v {tail}"), params, read_version)?;
    with_goals(db, raws)
}

/// Versions as read, with their goals.
fn with_goals(db: &Db<'_>, raws: Vec<RawVersion>) -> Result<Vec<PlanVersion>> {
    let mut goals = goal_rows(db, &raws.iter().map(|r| r.0.0).collect::<Vec<_>>())?;
    raws.into_iter()
        .map(|raw| {
            let goal_rows = goals.remove(&raw.0.0).unwrap_or_default();
            version_from(raw, goal_rows)
        })
        .collect()
}

/// The goals of several versions, by version id, in their order.
fn goal_rows(db: &Db<'_>, version_ids: &[i64]) -> Result<HashMap<i64, Vec<GoalRow>>> {
    let mut by_version: HashMap<i64, Vec<GoalRow>> = HashMap::new();
    for chunk in version_ids.chunks(BULK) {
        let marks = vec!["?"; chunk.len()].join(",");
        let params: Vec<&dyn ToValue> = chunk.iter().map(|id| id as &dyn ToValue).collect();
        db.query_each(
            &format!(
                "SELECT version_id, area, text, status FROM plan_goals WHERE version_id IN ({marks})
                 ORDER BY version_id, position"
            ),
            &params,
            |r| {
                let (version_id, area, text, status) = r.columns()?;
                by_version.entry(version_id).or_default().push((area, text, status));
                Ok(())
            },
        )?;
    }
    Ok(by_version)
}

/// The latest plan version of each of `case_ids` that has a plan, by
/// case: a few queries for a whole board rather than two per course.
pub(super) fn latest_versions_of(db: &Db<'_>, case_ids: &[i64]) -> Result<HashMap<i64, PlanVersion>> {
    let mut latest = HashMap::new();
    for chunk in case_ids.chunks(BULK) {
        let marks = vec!["?"; chunk.len()].join(",");
        let params: Vec<&dyn ToValue> = chunk.iter().map(|id| id as &dyn ToValue).collect();
        let tail = format!(
            "WHERE v.case_id IN ({marks})
             AND v.version = (SELECT max(w.version) FROM plan_versions w WHERE w.case_id = v.case_id)"
        );
        for version in versions_on(db, &tail, &params)? {
            latest.insert(version.case_id, version);
        }
    }
    Ok(latest)
}

fn version_from(raw: RawVersion, goal_rows: Vec<GoalRow>) -> Result<PlanVersion> {
    let (
        (id, case_id, version, effective_on, next, services, methods, partners, action_plan, took_part, changes, actor),
        recorded_at,
    ) = raw;
    let goals = goal_rows
        .into_iter()
        .map(|(area, text, status)| Ok(Goal { area: parse_enum(&area)?, text, status: parse_enum(&status)? }))
        .collect::<Result<Vec<_>>>()?;
    Ok(PlanVersion {
        id,
        case_id,
        version,
        effective_on: day(&effective_on)?,
        next_revision_on: day(&next)?,
        goals,
        services,
        methods,
        partners,
        action_plan: parse_enum(&action_plan)?,
        citizen_took_part: took_part,
        changes,
        actor,
        recorded_at,
    })
}

impl Store {
    /// Every version of a case's plan, oldest first.
    pub fn plan_versions(&self, case_id: i64) -> Result<Vec<PlanVersion>> {
        versions_on(&self.db(), "WHERE v.case_id = ?1 ORDER BY v.version", &[&case_id])
    }

    /// The latest version of a case's plan (the highest number), if any.
    pub fn latest_plan_version(&self, case_id: i64) -> Result<Option<PlanVersion>> {
        latest_version_on(&self.db(), case_id)
    }

    /// Stores a checked plan version: the first plan or a revision. The
    /// version number must be the next one, so two counsellors revising at
    /// once cannot both write the same version, and the course must still
    /// be open as it stands in the transaction.
    pub fn add_plan_version(&mut self, case_id: i64, v: &NewVersion) -> Result<PlanVersion> {
        let actor = self.actor().to_string();
        let action = if v.version == 1 { "plan_create" } else { "plan_revise" };
        let id = self.write(action, "case", |db| {
            let case = case_on(db, case_id)?.ok_or(StoreError::NotFound { what: "sag", id: case_id })?;
            if let Some(closed) = &case.progress.closed {
                let found = Found::CaseClosed { on: closed.on };
                return Err(conflict(db, Record::Plan { case_id }, found, None));
            }
            let latest = latest_number_on(db, case_id)?;
            if latest + 1 != v.version {
                let found = Found::PlanVersion { expected: v.version, latest };
                return Err(conflict(db, Record::Plan { case_id }, found, None));
            }
            let id = insert_version(db, case_id, v, &actor, &now_stamp(), None)?;
            Ok((id, Some(case_id), format!("version {}", v.version)))
        })?;
        self.plan_versions(case_id)?
            .into_iter()
            .find(|p| p.id == id)
            .ok_or(StoreError::NotFound { what: "planversion", id })
    }
}

/// Every plan version in id order, handed to `f` one at a time (the
/// export writes them as it reads): a page of versions and their goals at
/// a time, two queries a page.
pub(crate) fn each_plan_version_on(db: &Db<'_>, mut f: impl FnMut(PlanVersion) -> Result<()>) -> Result<()> {
    let mut after = 0;
    loop {
        let page = versions_on(db, &format!("WHERE v.id > ?1 ORDER BY v.id LIMIT {BULK}"), &[&after])?;
        let Some(last) = page.last() else { return Ok(()) };
        after = last.id;
        for version in page {
            f(version)?;
        }
    }
}

/// The latest version of a case's plan, if any.
pub(crate) fn latest_version_on(db: &Db<'_>, case_id: i64) -> Result<Option<PlanVersion>> {
    let raw = db.query_opt(LATEST_VERSION, &[&case_id], read_version)?;
    Ok(with_goals(db, raw.into_iter().collect())?.pop())
}

/// The highest version number of a case's plan, 0 for none.
fn latest_number_on(db: &Db<'_>, case_id: i64) -> Result<u32> {
    let latest: Option<u32> =
        db.query_row("SELECT max(version) FROM plan_versions WHERE case_id = ?1", &[&case_id], |r| r.get(0))?;
    Ok(latest.unwrap_or(0))
}

/// Inserts a version and its goals; `id` keeps an imported id (none: the
/// engine's next).
pub(crate) fn insert_version(
    db: &Db<'_>,
    case_id: i64,
    v: &NewVersion,
    actor: &str,
    recorded_at: &str,
    id: Option<i64>,
) -> Result<i64> {
    let values = (day_text(v.effective_on), day_text(v.next_revision_on), enum_id(&v.action_plan));
    let (effective_on, next_revision_on, action_plan) = &values;
    let params: [&dyn ToValue; 13] = [
        &case_id,
        &v.version,
        effective_on,
        next_revision_on,
        &v.services,
        &v.methods,
        &v.partners,
        action_plan,
        &v.citizen_took_part,
        &v.changes,
        &actor,
        &recorded_at,
        &id,
    ];
    let columns = "case_id, version, effective_on, next_revision_on, services, methods, partners, action_plan,
        citizen_took_part, changes, actor, recorded_at";
    let values = "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12";
    let version_id: i64 = match id {
        Some(_) => db.query_row(
            &format!("INSERT INTO plan_versions ({columns}, id) VALUES ({values}, ?13) RETURNING id"),
            &params,
            |r| r.get(0),
        )?,
        None => db.query_row(
            &format!("INSERT INTO plan_versions ({columns}) VALUES ({values}) RETURNING id"),
            &params[..12],
            |r| r.get(0),
        )?,
    };
    for (position, g) in v.goals.iter().enumerate() {
        db.execute(
            "INSERT INTO plan_goals (version_id, position, area, text, status) VALUES (?1, ?2, ?3, ?4, ?5)",
            &[&version_id, &(position as i64), &enum_id(&g.area), &g.text, &enum_id(&g.status)],
        )?;
    }
    Ok(version_id)
}
