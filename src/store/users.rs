//! The centre's users and the cases shared between them: every change an
//! audited action, checked like every other write (managing users is a
//! team leader's or an administrator's; sharing a case needs the right to
//! write it).

use super::cases::{enum_id, parse_enum};
use super::engine::{Db, Engine, Row};
use super::schema::postgres_roles;
use super::{Result, Store, StoreError, UserProblem, now_stamp};
use crate::domain::access::{self, Actor, CentreAction, Role};

/// A user of the centre's sagsbord.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// The Unix user name.
    pub name: String,
    pub full_name: String,
    pub role: Role,
    pub anonymous_team: bool,
    pub disabled: bool,
    pub added_by: String,
    pub added_at: String,
}

/// A user to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    pub name: String,
    pub full_name: String,
    pub role: Role,
    pub anonymous_team: bool,
}

/// Whether `name` can be a Unix user name (as `useradd` takes them by
/// default): what the trail records as the actor.
fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 32
        && !name.starts_with('-')
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'))
}

/// The columns of a user, as [`user_of`] reads them.
const USER: &str = "SELECT name, full_name, role, anonymous_team, disabled, added_by, added_at FROM users";

/// A user read as [`USER`] selects it.
fn user_of(r: &Row<'_>) -> super::engine::Result<User> {
    Ok(User {
        name: r.get(0)?,
        full_name: r.get(1)?,
        role: parse_enum(&r.get::<String>(2)?)?,
        anonymous_team: r.get(3)?,
        disabled: r.get(4)?,
        added_by: r.get(5)?,
        added_at: r.get(6)?,
    })
}

fn user_on(db: &Db<'_>, name: &str) -> Result<Option<User>> {
    Ok(db.query_opt(&format!("{USER} WHERE name = ?1"), &[&name], user_of)?)
}

fn insert_user(db: &Db<'_>, user: &NewUser, by: &str) -> Result<()> {
    db.execute(
        "INSERT INTO users (name, full_name, role, anonymous_team, disabled, added_by, added_at)
         VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6)",
        &[&user.name, &user.full_name, &enum_id(&user.role), &user.anonymous_team, &by, &now_stamp()],
    )?;
    Ok(())
}

/// Every user, by name.
fn all_users(db: &Db<'_>) -> Result<Vec<User>> {
    Ok(db.query_map(&format!("{USER} ORDER BY name"), &[], user_of)?)
}

/// Shares a case with a user; false when it already was.
fn add_share(db: &Db<'_>, case_id: i64, with: &str, by: &str) -> Result<bool> {
    let added = db.execute(
        "INSERT INTO case_shares (case_id, user_name, shared_by, shared_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT DO NOTHING",
        &[&case_id, &with, &by, &now_stamp()],
    )?;
    Ok(added > 0)
}

/// Stops sharing a case with a user; false when it was not shared.
pub(super) fn remove_share(db: &Db<'_>, case_id: i64, with: &str) -> Result<bool> {
    let removed = db.execute("DELETE FROM case_shares WHERE case_id = ?1 AND user_name = ?2", &[&case_id, &with])?;
    Ok(removed > 0)
}

/// The users a case is shared with, by name.
fn shares_of(db: &Db<'_>, case_id: i64) -> Result<Vec<String>> {
    Ok(db.query_map("SELECT user_name FROM case_shares WHERE case_id = ?1 ORDER BY user_name", &[&case_id], |r| {
        r.get(0)
    })?)
}

/// How many active users may manage users.
fn managers(db: &Db<'_>) -> Result<i64> {
    Ok(db.query_row(
        "SELECT count(*) FROM users WHERE disabled = 0 AND role IN ('team_leader', 'administrator')",
        &[],
        |r| r.get(0),
    )?)
}

/// On a PostgreSQL server whose centre has its roles, makes the login
/// `name` one of the centre's counsellors, in the user list's transaction
/// (GRANT is transactional there): the list and the server's grants agree.
/// One who manages users may give the membership on.
fn grant_on_server(db: &Db<'_>, name: &str, role: Role) -> Result<()> {
    if let Some(group) = server_counsellors(db)? {
        let manages =
            access::centre_access(Actor::User { role, anonymous_team: false }, false, CentreAction::ManageUsers);
        postgres_roles::grant(db, &group, name, manages.is_ok())?;
    }
    Ok(())
}

/// [`grant_on_server`]'s undoing, for a disabled user.
fn revoke_on_server(db: &Db<'_>, name: &str) -> Result<()> {
    match server_counsellors(db)? {
        Some(group) => postgres_roles::revoke(db, &group, name),
        None => Ok(()),
    }
}

fn server_counsellors(db: &Db<'_>) -> Result<Option<String>> {
    match db.engine() {
        Engine::Postgres => postgres_roles::counsellors_here(db),
        Engine::Sqlite => Ok(None),
    }
}

fn refused(problem: UserProblem) -> StoreError {
    StoreError::Users(problem)
}

impl Store {
    /// Registers who may use a file nobody is registered in yet, so that
    /// nobody is locked out: the person who creates a new file becomes its
    /// team leader; in a file from before roles (`from` its version), the
    /// counsellors its cases and groups name become counsellors (a team
    /// leader is then added by root with `sagsbord user add`).
    ///
    /// A file that holds no one and nothing (no case, no group) and whose
    /// trail names this person as the one who wrote its schema is theirs
    /// as a new file is, whatever its version: their program may have been
    /// stopped after the schema and before the registration, and the file
    /// would otherwise be one nobody may use. Only the creator: a colleague
    /// opening the file in that moment must not take it from them.
    pub(super) fn register_at_open(&mut self, from: usize) -> Result<()> {
        let (empty, unused): (bool, bool) = self.db().query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM users),
                    NOT EXISTS (SELECT 1 FROM cases) AND NOT EXISTS (SELECT 1 FROM treatment_groups)
                    AND (SELECT actor FROM audit ORDER BY id LIMIT 1) = ?1",
            &[&self.actor],
            |r| r.columns(),
        )?;
        let from = if unused { 0 } else { from };
        if !empty || from >= 8 {
            return Ok(());
        }
        let actor = self.actor.clone();
        self.transact("user_register_at_open", "user", false, |tx| {
            // A colleague's program may have registered them meanwhile.
            if tx.query_row("SELECT EXISTS (SELECT 1 FROM users)", &[], |r| r.get::<bool>(0))? {
                return Ok(((), None, String::new()));
            }
            let names: Vec<String> = if from == 0 {
                vec![actor.clone()]
            } else {
                let mut names: Vec<String> =
                    tx.query_map("SELECT DISTINCT counsellor FROM cases ORDER BY counsellor", &[], |r| r.get(0))?;
                let groups: Vec<String> =
                    tx.query_map("SELECT counsellors FROM treatment_groups", &[], |r| r.get(0))?;
                names.extend(groups.iter().flat_map(|g| g.split(',').map(|n| n.trim().to_string())));
                names.sort();
                names.dedup();
                names.retain(|n| valid_name(n));
                names
            };
            let role = if from == 0 { Role::TeamLeader } else { Role::Counsellor };
            for name in &names {
                insert_user(
                    tx,
                    &NewUser { name: name.clone(), full_name: String::new(), role, anonymous_team: false },
                    &actor,
                )?;
            }
            Ok(((), None, names.join(", ")))
        })
    }

    /// Lets the machine's superuser manage the users whatever the user
    /// list says (`sagsbord user` run as root), so a centre whose last
    /// team leader left is never locked out. Nothing for anyone else.
    pub fn claim_root(&mut self) {
        self.root = nix::unistd::getuid().is_root();
    }

    /// Every user, by name.
    pub fn users(&self) -> Result<Vec<User>> {
        all_users(&self.db())
    }

    /// One user, if registered.
    pub fn user(&self, name: &str) -> Result<Option<User>> {
        user_on(&self.db(), name)
    }

    /// Adds a user.
    pub fn add_user(&mut self, user: &NewUser) -> Result<()> {
        // Refused before the user list is consulted: who may not manage
        // the users learns nothing of who is in it.
        self.may(CentreAction::ManageUsers)?;
        if !valid_name(&user.name) {
            return Err(refused(UserProblem::BadName));
        }
        let by = self.actor.clone();
        let detail = format!("{} ({})", user.name, enum_id(&user.role));
        self.write("user_add", "user", |tx| {
            if user_on(tx, &user.name)?.is_some() {
                return Err(refused(UserProblem::Exists(user.name.clone())));
            }
            insert_user(tx, user, &by)?;
            grant_on_server(tx, &user.name, user.role)?;
            Ok(((), None, detail))
        })
    }

    /// Disables a user (they see nothing until enabled), or enables them again.
    pub fn set_user_disabled(&mut self, name: &str, disabled: bool) -> Result<()> {
        let action = if disabled { "user_disable" } else { "user_enable" };
        self.may(CentreAction::ManageUsers)?;
        self.write(action, "user", |tx| {
            let user = user_on(tx, name)?.ok_or_else(|| refused(UserProblem::NoSuchUser(name.to_string())))?;
            tx.execute("UPDATE users SET disabled = ?2 WHERE name = ?1", &[&name, &disabled])?;
            if disabled && managers(tx)? == 0 {
                return Err(refused(UserProblem::LastManager));
            }
            if disabled {
                revoke_on_server(tx, name)?;
            } else {
                grant_on_server(tx, name, user.role)?;
            }
            Ok(((), None, name.to_string()))
        })
    }

    /// Shares case `case_id` with colleague `with`: they then see and work
    /// it in full. Needs the right to write the case.
    pub fn share_case(&mut self, case_id: i64, with: &str) -> Result<()> {
        // One who sees no case at all learns nothing of which cases and
        // users there are.
        self.viewer(false)?.sees_any().map_err(StoreError::Refused)?;
        let by = self.actor.clone();
        self.write("share_case", "case", |tx| {
            let case = super::cases::case_on(tx, case_id)?.ok_or(StoreError::NotFound { what: "sag", id: case_id })?;
            if user_on(tx, with)?.is_none() {
                return Err(refused(UserProblem::NoSuchUser(with.to_string())));
            }
            if case.counsellor == with {
                return Err(refused(UserProblem::ShareWithCounsellor { case: case_id, user: with.to_string() }));
            }
            if !add_share(tx, case_id, with, &by)? {
                return Err(refused(UserProblem::AlreadyShared { case: case_id, user: with.to_string() }));
            }
            Ok(((), Some(case_id), with.to_string()))
        })
    }

    /// Stops sharing case `case_id` with `with`.
    pub fn unshare_case(&mut self, case_id: i64, with: &str) -> Result<()> {
        self.viewer(false)?.sees_any().map_err(StoreError::Refused)?;
        self.write("unshare_case", "case", |tx| {
            if super::cases::case_on(tx, case_id)?.is_none() {
                return Err(StoreError::NotFound { what: "sag", id: case_id });
            }
            if !remove_share(tx, case_id, with)? {
                return Err(refused(UserProblem::NotShared { case: case_id, user: with.to_string() }));
            }
            Ok(((), Some(case_id), with.to_string()))
        })
    }

    /// The users case `case_id` is shared with.
    pub fn shared_with(&self, case_id: i64) -> Result<Vec<String>> {
        shares_of(&self.db(), case_id)
    }

    /// Marks the file as a demo database (`sagsbord demo`), the only kind a
    /// trainer may see.
    pub fn mark_demo(&mut self) -> Result<()> {
        let by = self.actor.clone();
        self.write("mark_demo", "database", |tx| {
            tx.execute(
                "INSERT INTO demo_mark (id, marked_by, marked_at) VALUES (1, ?1, ?2) ON CONFLICT DO NOTHING",
                &[&by, &now_stamp()],
            )?;
            Ok(((), None, String::new()))
        })
    }
}

/// Registers `name` with `role` in the file at `path` (as the team leader
/// `creator` who made it) and opens it as them: how the unit tests act as
/// a colleague.
#[cfg(test)]
pub(crate) fn open_as(path: &std::path::Path, creator: &str, name: &str, role: Role) -> Store {
    let mut leader = Store::open(path, creator).unwrap();
    if leader.user(name).unwrap().is_none() {
        leader.add_user(&NewUser { name: name.into(), full_name: String::new(), role, anonymous_team: false }).unwrap();
    }
    drop(leader);
    Store::open(path, name).unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    /// A file with the schema written by `creator`'s program, stopped
    /// before anything else (before it registered them), and `sql` run on
    /// it; readable by its owner only, as sagsbord requires.
    fn left_by(dir: &tempfile::TempDir, creator: &str, sql: &str) -> std::path::PathBuf {
        let path = dir.path().join("ny.db");
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        super::super::schema::migrate(&mut conn, creator).unwrap();
        conn.execute_batch(sql).unwrap();
        drop(conn);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        path
    }

    /// Was: a program stopped after it wrote a new file's schema and
    /// before it registered its creator (a killed `sagsbord import` into a
    /// new file) left a file nobody was a user of, refused to everyone but
    /// root. Now the next person to open a file that holds no one and
    /// nothing becomes its team leader, as its creator would have.
    #[test]
    fn a_file_left_without_its_creator_is_taken_by_the_next_opener() {
        let dir = tempfile::tempdir().unwrap();
        let path = left_by(&dir, "kari", "");
        let store = Store::open(&path, "kari").unwrap();
        let users = store.users().unwrap();
        assert_eq!(users.len(), 1, "{users:?}");
        assert_eq!((users[0].name.as_str(), users[0].role), ("kari", Role::TeamLeader));
    }

    /// A colleague opening the new file before its creator is registered
    /// does not take it: the creator does, when their program goes on.
    #[test]
    fn a_file_left_without_its_creator_is_not_taken_by_a_colleague() {
        let dir = tempfile::tempdir().unwrap();
        let path = left_by(&dir, "kari", "");
        let colleague = Store::open(&path, "bo").unwrap();
        assert!(colleague.users().unwrap().is_empty());
        let creator = Store::open(&path, "kari").unwrap();
        assert_eq!(
            creator.users().unwrap().iter().map(|u| (u.name.as_str(), u.role)).collect::<Vec<_>>(),
            [("kari", Role::TeamLeader)]
        );
    }

    /// A file with cases and no one registered is not new: its opener is
    /// not made its team leader (root adds one with `sagsbord user add`).
    #[test]
    fn a_used_file_without_users_is_not_taken_by_its_opener() {
        let dir = tempfile::tempdir().unwrap();
        let path = left_by(
            &dir,
            "kari",
            "INSERT INTO citizens (id, pseudonym, home_municipality) VALUES (1, 'Ræven', 'Randers');
             INSERT INTO cases (id, citizen_id, kind, contact_at, channel, counsellor, children, note)
                 VALUES (1, 1, 'anonymous', '2026-03-02T09:00:00', 'phone', 'bo', 'has_children', '')",
        );
        let store = Store::open(&path, "kari").unwrap();
        assert!(store.users().unwrap().iter().all(|u| u.name != "kari"));
    }
}

/// The family's statements on both engines.
#[cfg(test)]
mod on_engines {
    use super::*;
    use crate::store::engine::both::{Place, a_case, on_both_engines};

    on_both_engines!(users_are_added_read_and_counted_alike, a_case_is_shared_once_and_unshared_once);

    fn user(name: &str, role: Role) -> NewUser {
        NewUser {
            name: name.into(),
            full_name: format!("{name} Prøvesen"),
            role,
            anonymous_team: role == Role::Counsellor,
        }
    }

    fn users_are_added_read_and_counted_alike(place: &Place) {
        let db = place.open();
        // The creator of a SQLite file is registered when it is made; a
        // centre's schema on PostgreSQL starts with nobody.
        db.execute("DELETE FROM users", &[]).unwrap();
        assert_eq!(managers(&db).unwrap(), 0);
        for new in [user("bo", Role::TeamLeader), user("anna", Role::Counsellor), user("cai", Role::Administrator)] {
            insert_user(&db, &new, "root").unwrap();
        }
        let users = all_users(&db).unwrap();
        assert_eq!(users.iter().map(|u| u.name.as_str()).collect::<Vec<_>>(), ["anna", "bo", "cai"]);
        let anna = user_on(&db, "anna").unwrap().expect("anna is registered");
        assert_eq!((anna.role, anna.anonymous_team, anna.disabled), (Role::Counsellor, true, false));
        assert_eq!((anna.full_name.as_str(), anna.added_by.as_str()), ("anna Prøvesen", "root"));
        assert_eq!(users[0], anna);
        assert_eq!(user_on(&db, "dina").unwrap(), None);
        assert_eq!(managers(&db).unwrap(), 2);
        db.execute("UPDATE users SET disabled = ?2 WHERE name = ?1", &[&"bo", &true]).unwrap();
        assert_eq!(managers(&db).unwrap(), 1, "a disabled team leader manages nobody");
        assert!(user_on(&db, "bo").unwrap().unwrap().disabled);
        assert!(insert_user(&db, &user("anna", Role::Doctor), "root").is_err(), "a name is registered once");
    }

    fn a_case_is_shared_once_and_unshared_once(place: &Place) {
        let db = place.open();
        for name in ["anna", "bo"] {
            if user_on(&db, name).unwrap().is_none() {
                insert_user(&db, &user(name, Role::Counsellor), "root").unwrap();
            }
        }
        let case = a_case(&db, "anna");
        assert!(add_share(&db, case, "bo", "anna").unwrap());
        assert!(!add_share(&db, case, "bo", "anna").unwrap(), "shared already");
        assert_eq!(shares_of(&db, case).unwrap(), ["bo"]);
        assert!(remove_share(&db, case, "bo").unwrap());
        assert!(!remove_share(&db, case, "bo").unwrap(), "not shared any more");
        assert!(shares_of(&db, case).unwrap().is_empty());
        assert!(add_share(&db, case, "nobody", "anna").is_err(), "only a registered user");
    }
}
