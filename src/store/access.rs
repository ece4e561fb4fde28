//! Who is asking, and so which cases a list shows and which looks and
//! writes the store lets through. The rule itself is
//! [`crate::domain::access`]; here the store gathers its facts (the user's
//! row, the cases shared with them, whether the file is a demo) and
//! applies it in three places no pane can pass by:
//!
//! - every list of cases takes a [`Viewer`] ([`Store::viewer`]), which
//!   leaves out what the user may not see and takes the CPR number off a
//!   row the user may list but not open;
//! - every audited look ([`Store::record_read`]) checks the record's case;
//! - every write ([`Store::write`]) checks, inside its transaction and
//!   against the user's row as it stands there, the case (or the centre's
//!   work) the write names.

use std::collections::HashSet;

use super::cases::{case_on, parse_enum};
use super::engine::Db;
use super::{Result, Store, StoreError};
pub use crate::domain::access::{Actor, CaseAction, CaseFacts, CentreAction, Refusal, Role};
use crate::domain::access::{case_access, centre_access, reassign_access};
use crate::domain::intake::{Case, ContactKind, Identity};

/// Which of the cases a viewer may see their list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every case the viewer may list.
    AllCases,
    /// Only the cases the viewer is the counsellor of ("kun mine").
    OwnCases,
}

/// A person looking at lists: who they are as the user list holds them,
/// the cases shared with them, and the scope they chose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    /// The Unix user.
    pub user: String,
    pub actor: Actor,
    /// The database is a demo (the only kind a trainer sees).
    pub demo: bool,
    pub scope: Scope,
    shared: HashSet<i64>,
}

impl Viewer {
    /// How `case` stands to this viewer.
    pub fn facts(&self, case: &Case) -> CaseFacts {
        CaseFacts {
            own: case.counsellor == self.user,
            shared: self.shared.contains(&case.id),
            anonymous: is_anonymous(case),
        }
    }

    /// Whether this viewer may do `action` with `case`, and if not why.
    pub fn may(&self, case: &Case, action: CaseAction) -> std::result::Result<(), Refusal> {
        case_access(self.actor, self.demo, self.facts(case), action)
    }

    /// Whether this viewer may do `action`, which is no single case's.
    pub fn may_centre(&self, action: CentreAction) -> std::result::Result<(), Refusal> {
        centre_access(self.actor, self.demo, action)
    }

    /// Whether the viewer sees any case at all, and if not why: a person
    /// who is not a user, a disabled one, an administrator, a trainer on
    /// a real database.
    pub fn sees_any(&self) -> std::result::Result<(), Refusal> {
        let colleagues = CaseFacts { own: false, shared: false, anonymous: false };
        case_access(self.actor, self.demo, colleagues, CaseAction::List)
    }

    /// Whether the viewer may open `case` (a list row they may only see
    /// is shown without its CPR number, and opening it is refused).
    pub fn opens(&self, case: &Case) -> bool {
        self.may(case, CaseAction::Read).is_ok()
    }

    /// The counsellor a query may filter on: the viewer's own name when
    /// they chose only their own cases.
    pub fn counsellor(&self) -> Option<&str> {
        match self.scope {
            Scope::AllCases => None,
            Scope::OwnCases => Some(&self.user),
        }
    }

    /// Whether a row of `case` belongs in this viewer's list.
    pub fn sees(&self, case: &Case) -> bool {
        self.counsellor().is_none_or(|who| case.counsellor == who) && self.may(case, CaseAction::List).is_ok()
    }

    /// The name a list of the centre's work (a group's members, a roll
    /// call) shows for `case`: its name or pseudonym, or, for a case the
    /// viewer may not even list (a §101a case outside the anonymous team),
    /// a stand-in that says only that someone is there.
    pub fn name_of(&self, case: &Case) -> String {
        if self.may(case, CaseAction::List).is_ok() {
            case.identity.display_name().to_string()
        } else {
            crate::text::access::HIDDEN_MEMBER.to_string()
        }
    }

    /// `case` as this viewer's list shows it, or `None` when it is not
    /// theirs to see: a case they may not open loses its CPR number here,
    /// so it never leaves the store.
    pub(crate) fn shown(&self, mut case: Case) -> Option<Case> {
        if !self.sees(&case) {
            return None;
        }
        if !self.opens(&case)
            && let Identity::Named { cpr, .. } = &mut case.identity
        {
            *cpr = None;
        }
        Some(case)
    }
}

/// A §101a anonymous case: the citizen has a pseudonym only.
pub fn is_anonymous(case: &Case) -> bool {
    case.kind == ContactKind::Anonymous || matches!(case.identity, Identity::Anonymous { .. })
}

/// The user `name` as the user list holds them now.
pub(crate) fn actor_on(db: &Db<'_>, name: &str) -> Result<Actor> {
    let row: Option<(String, bool, bool)> =
        db.query_opt("SELECT role, anonymous_team, disabled FROM users WHERE name = ?1", &[&name], |r| r.columns())?;
    Ok(match row {
        None => Actor::Unknown,
        Some((_, _, true)) => Actor::Disabled,
        Some((role, anonymous_team, false)) => Actor::User { role: parse_enum(&role)?, anonymous_team },
    })
}

/// Whether the file is a demo database.
pub(crate) fn demo_on(db: &Db<'_>) -> Result<bool> {
    Ok(db.query_row("SELECT EXISTS (SELECT 1 FROM demo_mark)", &[], |r| r.get(0))?)
}

/// Whether case `case_id` is shared with `user`.
fn shared_on(db: &Db<'_>, case_id: i64, user: &str) -> Result<bool> {
    Ok(db.query_row(
        "SELECT EXISTS (SELECT 1 FROM case_shares WHERE case_id = ?1 AND user_name = ?2)",
        &[&case_id, &user],
        |r| r.get(0),
    )?)
}

/// The table of an audit row's entity that is a case's own record, with
/// the column naming its case; `None` for the centre's records (groups,
/// sessions, providers, the gift-card ledger), which are team work.
fn case_table(entity: &str) -> Option<(&'static str, &'static str)> {
    Some(match entity {
        "case" => ("cases", "id"),
        "notification" => ("notifications", "case_id"),
        "stay" => ("stays", "case_id"),
        "move_course" => ("move_courses", "case_id"),
        "attendance" => ("attendances", "case_id"),
        "complaint" => ("complaints", "case_id"),
        _ => return None,
    })
}

/// The case record `id` of `table` belongs to.
fn case_of(db: &Db<'_>, (table, column): (&str, &str), id: i64) -> Result<i64> {
    db.query_opt(&format!("SELECT {column} FROM {table} WHERE id = ?1"), &[&id], |r| r.get(0))?
        .ok_or(StoreError::NotFound { what: "sag", id })
}

/// What an audited action asks of the person doing it.
enum Need {
    Case(i64, CaseAction),
    Centre(CentreAction),
    /// Housekeeping of the program's own (a profile kept in the file, the
    /// look at a list, which is a record of what was shown).
    Nothing,
}

fn need(db: &Db<'_>, action: &str, entity: &str, entity_id: Option<i64>, write: bool) -> Result<Vec<Need>> {
    let case_action = if write { CaseAction::Write } else { CaseAction::Read };
    Ok(match (action, entity, entity_id) {
        ("profile_kept" | "list", _, _) => vec![Need::Nothing],
        ("register_contact", _, Some(id)) => {
            vec![Need::Centre(CentreAction::NewCase), Need::Case(id, CaseAction::List)]
        }
        ("audit_show", _, _) => vec![Need::Centre(CentreAction::CaseHistory)],
        // The national register's events: every citizen's CPR number, the
        // report's reader only.
        ("register_events", _, _) => vec![Need::Centre(CentreAction::Report)],
        // The new-contact form shows who a typed CPR number or pseudonym
        // belongs to (their cases only as far as the rule lets the user
        // see them): part of registering a contact.
        ("known_citizen", _, _) => vec![Need::Centre(CentreAction::NewCase)],
        // Checked by the handover itself before it changes the case
        // (`check_reassign`): after it, the case is the receiver's and no
        // longer the giver's own.
        ("reassign_case", "case", Some(_)) => vec![Need::Nothing],
        // A counted conversation is a write on its case (the case's id is
        // the entity's; named here so the rule is read in one place).
        ("register_conversation", "case", Some(id)) => vec![Need::Case(id, CaseAction::Write)],
        (_, "user", _) => vec![Need::Centre(CentreAction::ManageUsers)],
        // The year's goals belong to the report (a team leader or a
        // trainer) and writing them is team work (no trainer): together,
        // the team leader's.
        (_, "report_goal", _) if write => {
            vec![Need::Centre(CentreAction::Report), Need::Centre(CentreAction::TeamWork)]
        }
        (_, "centre" | "database", _) => vec![Need::Centre(CentreAction::ManageCentre)],
        (_, entity, id) => match (case_table(entity), id) {
            (Some(table), Some(id)) => vec![Need::Case(case_of(db, table, id)?, case_action)],
            // The centre's records, and an action that names no record.
            _ => vec![Need::Centre(if write { CentreAction::TeamWork } else { CentreAction::ManageCentre })],
        },
    })
}

/// Checks that `user` may do the audited `action` on `entity`, on the
/// connection (inside the action's own transaction for a write), with the
/// user's row and the case as they stand there. `root` is the machine's
/// superuser, who may always manage the users so nobody is locked out.
/// Checks that `user` may do the audited `action` on `entity`, on the
/// connection (inside the action's own transaction for a write), with the
/// user's row and the case as they stand there. `root` is the machine's
/// superuser, who may always manage the users so nobody is locked out.
pub(crate) fn check(
    db: &Db<'_>,
    user: &str,
    root: bool,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    write: bool,
) -> Result<()> {
    let actor = actor_on(db, user)?;
    let demo = demo_on(db)?;
    for need in need(db, action, entity, entity_id, write)? {
        let allowed = match need {
            Need::Nothing => Ok(()),
            Need::Centre(CentreAction::ManageUsers) if root => Ok(()),
            Need::Centre(what) => centre_access(actor, demo, what),
            Need::Case(id, what) => {
                let case = case_on(db, id)?.ok_or(StoreError::NotFound { what: "sag", id })?;
                let facts = CaseFacts {
                    own: case.counsellor == user,
                    shared: shared_on(db, id, user)?,
                    anonymous: is_anonymous(&case),
                };
                case_access(actor, demo, facts, what)
            }
        };
        allowed.map_err(StoreError::Refused)?;
    }
    Ok(())
}

/// Whether `user` may hand `case` (as it stands in the write's
/// transaction, before the handover) to another counsellor.
pub(crate) fn check_reassign(db: &Db<'_>, user: &str, case: &Case) -> Result<()> {
    let facts = CaseFacts {
        own: case.counsellor == user,
        shared: shared_on(db, case.id, user)?,
        anonymous: is_anonymous(case),
    };
    reassign_access(actor_on(db, user)?, demo_on(db)?, facts).map_err(StoreError::Refused)
}

/// The cases shared with `user`.
pub(crate) fn shared_with_on(db: &Db<'_>, user: &str) -> Result<HashSet<i64>> {
    let ids: Vec<i64> = db.query_map("SELECT case_id FROM case_shares WHERE user_name = ?1", &[&user], |r| r.get(0))?;
    Ok(ids.into_iter().collect())
}

impl Store {
    /// The person using the store, as the user list holds them now.
    pub fn who(&self) -> Result<Actor> {
        actor_on(&self.db(), &self.actor)
    }

    /// Whether the file is a demo database.
    pub fn is_demo(&self) -> Result<bool> {
        demo_on(&self.db())
    }

    /// The person using the store as a viewer of lists: their row and the
    /// cases shared with them as they stand now; `only_own` is "kun mine".
    pub fn viewer(&self, only_own: bool) -> Result<Viewer> {
        let shared = shared_with_on(&self.db(), &self.actor)?;
        Ok(Viewer {
            user: self.actor.clone(),
            actor: self.who()?,
            demo: self.is_demo()?,
            scope: if only_own { Scope::OwnCases } else { Scope::AllCases },
            shared,
        })
    }

    /// Whether the person using the store may do `action` (no single
    /// case's), and if not why: for the command line to refuse at once.
    pub fn may(&self, action: CentreAction) -> Result<()> {
        if action == CentreAction::ManageUsers && self.root {
            return Ok(());
        }
        centre_access(self.who()?, self.is_demo()?, action).map_err(StoreError::Refused)
    }

    /// Whether the person using the store may do `action` with case
    /// `case_id`, and if not why.
    pub fn may_case(&self, case_id: i64, action: CaseAction) -> Result<()> {
        let case = self.load_case(case_id)?;
        self.viewer(false)?.may(&case, action).map_err(StoreError::Refused)
    }

    /// Records that the person looked at a list: which one and how many
    /// rows. Never in the way of the screen: a list shown is already shown,
    /// so a failure (a read-only file, a colleague's long write) is
    /// dropped, and the look does not wait for its turn.
    pub fn record_list(&mut self, list: &str, rows: usize) {
        if self.read_only {
            return;
        }
        let detail = crate::text::access::list_detail(list, rows);
        // No waiting for a colleague's write: the row is left out instead.
        let _ = self.db().wait_for_writers(std::time::Duration::ZERO);
        let _ = self.transact("list", "list", false, |_| Ok(((), None, detail)));
        let _ = self.db().wait_for_writers(super::BUSY_TIMEOUT);
    }
}

/// The facts the rule is given, gathered alike on both engines: the user's
/// row, the demo mark, a case's shares, and what a write asks of whom.
#[cfg(test)]
mod on_engines {
    use super::*;
    use crate::store::engine::both::{Place, a_case, on_both_engines, plan, whole_table_reads};

    on_both_engines!(
        the_user_list_and_the_demo_mark_read_alike,
        a_write_is_checked_against_its_case_and_shares,
        the_schema_refuses_a_user_twice_and_a_role_it_does_not_know,
    );

    fn user(db: &Db<'_>, name: &str, role: &str, anonymous_team: i64, disabled: i64) {
        db.execute(
            "INSERT INTO users (name, role, anonymous_team, disabled, added_by, added_at)
             VALUES (?1, ?2, ?3, ?4, 'test', '2026-03-01T09:00:00Z')",
            &[&name, &role, &anonymous_team, &disabled],
        )
        .unwrap();
    }

    fn share(db: &Db<'_>, case: i64, with: &str) {
        db.execute(
            "INSERT INTO case_shares (case_id, user_name, shared_by, shared_at) VALUES (?1, ?2, 'test', '2026-03-03T09:00:00Z')",
            &[&case, &with],
        )
        .unwrap();
    }

    fn the_user_list_and_the_demo_mark_read_alike(place: &Place) {
        let db = place.open();
        user(&db, "anna", "counsellor", 1, 0);
        user(&db, "lene", "team_leader", 0, 0);
        user(&db, "bo", "doctor", 0, 1);
        assert_eq!(actor_on(&db, "anna").unwrap(), Actor::User { role: Role::Counsellor, anonymous_team: true });
        assert_eq!(actor_on(&db, "lene").unwrap(), Actor::User { role: Role::TeamLeader, anonymous_team: false });
        assert_eq!(actor_on(&db, "bo").unwrap(), Actor::Disabled);
        assert_eq!(actor_on(&db, "ukendt").unwrap(), Actor::Unknown);
        assert!(!demo_on(&db).unwrap());
        db.execute("INSERT INTO demo_mark (marked_by, marked_at) VALUES ('test', '2026-03-01T09:00:00Z')", &[])
            .unwrap();
        assert!(demo_on(&db).unwrap());
        let (first, second) = (a_case(&db, "anna"), a_case(&db, "bo"));
        share(&db, second, "anna");
        share(&db, first, "lene");
        assert_eq!(shared_with_on(&db, "anna").unwrap(), HashSet::from([second]));
        assert!(shared_on(&db, second, "anna").unwrap());
        assert!(!shared_on(&db, first, "anna").unwrap());
        assert!(shared_with_on(&db, "bo").unwrap().is_empty());
        // A viewer's shares: a range of their index, on either engine.
        let steps = plan(&db, "SELECT case_id FROM case_shares WHERE user_name = ?1", &[&"anna"]);
        assert!(whole_table_reads(&steps).is_empty(), "{steps:#?}");
        assert!(steps.iter().any(|s| s.contains("case_shares_user")), "{steps:#?}");
    }

    fn a_write_is_checked_against_its_case_and_shares(place: &Place) {
        let db = place.open();
        user(&db, "anna", "counsellor", 0, 0);
        user(&db, "bo", "counsellor", 0, 0);
        user(&db, "lene", "team_leader", 0, 0);
        let case = a_case(&db, "anna");
        let write = |who: &str| check(&db, who, false, "edit_case", "case", Some(case), true);
        assert!(write("anna").is_ok(), "her own case");
        assert!(write("lene").is_ok(), "the team leader's centre");
        assert!(matches!(write("bo"), Err(StoreError::Refused(_))), "a colleague's case");
        assert!(matches!(write("ukendt"), Err(StoreError::Refused(_))));
        share(&db, case, "bo");
        assert!(write("bo").is_ok(), "shared with him");
        // A record of no case: refused for being missing, not let through.
        let missing = check(&db, "anna", false, "edit_case", "case", Some(case + 100), true);
        assert!(matches!(missing, Err(StoreError::NotFound { .. })), "{missing:?}");
        // The users are the team leader's, and root's so nobody is locked out.
        assert!(matches!(check(&db, "anna", false, "add_user", "user", None, true), Err(StoreError::Refused(_))));
        assert!(check(&db, "anna", true, "add_user", "user", None, true).is_ok());
        assert!(check(&db, "lene", false, "add_user", "user", None, true).is_ok());
        // The handover, with the facts as they stand.
        let stored = case_on(&db, case).unwrap().unwrap();
        for who in ["anna", "bo", "lene", "ukendt"] {
            let facts = CaseFacts { own: who == "anna", shared: who == "bo", anonymous: false };
            let want = reassign_access(actor_on(&db, who).unwrap(), false, facts).is_ok();
            assert_eq!(check_reassign(&db, who, &stored).is_ok(), want, "{who}");
        }
    }

    fn the_schema_refuses_a_user_twice_and_a_role_it_does_not_know(place: &Place) {
        let db = place.open();
        user(&db, "anna", "counsellor", 0, 0);
        let again = db.execute(
            "INSERT INTO users (name, role, added_by, added_at) VALUES ('anna', 'doctor', 'test', '2026-03-01T09:00:00Z')",
            &[],
        );
        assert!(again.is_err(), "a second anna");
        let role = db.execute(
            "INSERT INTO users (name, role, added_by, added_at) VALUES ('bo', 'chef', 'test', '2026-03-01T09:00:00Z')",
            &[],
        );
        assert!(role.is_err(), "a role the program does not know");
        let share_unknown = db.execute(
            "INSERT INTO case_shares (case_id, user_name, shared_by, shared_at) VALUES (?1, 'ingen', 'test', '2026-03-03')",
            &[&a_case(&db, "anna")],
        );
        assert!(share_unknown.is_err(), "a share with nobody on the user list");
    }
}
