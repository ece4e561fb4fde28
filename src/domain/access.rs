//! Who may do what with which case: the one rule every list, every look
//! and every write of the store goes through. Pure: the store gathers the
//! facts (the user's row, how the case relates to them) and asks here.
//!
//! The matrix, row by row (README "Roles and access" is the same table):
//!
//! | role          | own / shared case | other case       | anonymous §101a case          |
//! |---------------|-------------------|------------------|-------------------------------|
//! | rådgiver      | list, read, write | list (no CPR)    | team: list, read, write; else hidden |
//! | læge          | list, read, write | list, read       | team: list, read, write; else hidden |
//! | teamleder     | list, read, write | list, read, write| list, read, write             |
//! | administrator | hidden            | hidden           | hidden                        |
//! | underviser    | demo database: list, read; a real one: hidden (all three) |
//!
//! A disabled or unknown user is refused everything. The centre's own
//! work that belongs to no single case (groups, sessions, providers, the
//! gift-card ledger) is written by those who write cases; the users, the
//! centre's settings, import, export and backup by a team leader or an
//! administrator; a case's history (who looked, who changed) is read by a
//! team leader only.

use serde::{Deserialize, Serialize};

/// A user's role at the centre.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Rådgiver: works their own caseload.
    Counsellor,
    /// Teamleder: leads the centre's work, sees and may correct every case.
    TeamLeader,
    /// Læge: the doctor's consultation needs every case's record.
    Doctor,
    /// Administrator: the users, the centre's settings, backups and the
    /// trail; never a case's contents.
    Administrator,
    /// Underviser: shows the workbench on a demo database, read-only.
    Trainer,
}

impl Role {
    pub const ALL: [Role; 5] = [Role::Counsellor, Role::TeamLeader, Role::Doctor, Role::Administrator, Role::Trainer];
}

/// The person acting, as the centre's user list holds them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// Not in the user list at all.
    Unknown,
    /// In the list but disabled.
    Disabled,
    /// An active user.
    User {
        role: Role,
        /// Member of the anonymous (§101a) team.
        anonymous_team: bool,
    },
}

/// How a case stands to the person asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseFacts {
    /// They are its counsellor.
    pub own: bool,
    /// Its counsellor (or a team leader) shared it with them.
    pub shared: bool,
    /// A §101a anonymous case (the citizen has only a pseudonym).
    pub anonymous: bool,
}

/// What is done with a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseAction {
    /// Shown as a row in a list.
    List,
    /// Opened: the record in full, the CPR number, its plan and the rest.
    Read,
    /// Any change to it or to a record of it (sharing it too).
    Write,
}

impl CaseAction {
    pub const ALL: [CaseAction; 3] = [CaseAction::List, CaseAction::Read, CaseAction::Write];
}

/// What is done that is no single case's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CentreAction {
    /// Register a new contact (a new case of one's own or a colleague's).
    NewCase,
    /// Groups, sessions, roll calls, providers, the gift-card ledger.
    TeamWork,
    /// Add, disable and enable users.
    ManageUsers,
    /// The centre's settings and profile, import, export, backup.
    ManageCentre,
    /// Who looked at and changed a case (`audit show`, the team-leader view).
    CaseHistory,
    /// The yearly report: the centre's figures, each with the cases behind
    /// it (every counsellor's and the anonymous ones), so the team
    /// leader's; a trainer shows it on the demo.
    Report,
}

impl CentreAction {
    pub const ALL: [CentreAction; 6] = [
        CentreAction::NewCase,
        CentreAction::TeamWork,
        CentreAction::ManageUsers,
        CentreAction::ManageCentre,
        CentreAction::CaseHistory,
        CentreAction::Report,
    ];
}

/// Why something is refused; `text::access` says it in Danish.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not a user of this centre's sagsbord.
    NotAUser,
    /// A user who has been disabled.
    Disabled,
    /// A trainer on a database that is not a demo.
    TrainerRealData,
    /// A trainer may only look.
    TrainerReadOnly,
    /// An administrator never sees a case's contents.
    AdministratorNoCases,
    /// Another counsellor's case that is not shared with this one.
    NotYourCase,
    /// The doctor reads every case but writes only on their own and shared ones.
    DoctorReadsOnly,
    /// A §101a case, for the anonymous team only.
    AnonymousTeamOnly,
    /// Only a team leader or an administrator.
    LeaderOrAdministrator,
    /// Only a team leader (who looked at and changed a case).
    TeamLeaderOnly,
    /// The yearly report is a team leader's (a trainer's on the demo).
    ReportTeamLeaderOnly,
    /// Those who work cases (not an administrator).
    CaseWorkersOnly,
    /// Handing a case over is its own counsellor's or a team leader's.
    OwnCounsellorOrTeamLeader,
}

/// Whether `actor` may do `action` with a case that stands to them as
/// `case` says, on a demo database or a real one.
pub fn case_access(actor: Actor, demo: bool, case: CaseFacts, action: CaseAction) -> Result<(), Refusal> {
    let (role, anonymous_team) = active(actor)?;
    match role {
        Role::Administrator => return Err(Refusal::AdministratorNoCases),
        Role::Trainer => return trainer(demo, action),
        Role::TeamLeader => return Ok(()),
        Role::Counsellor | Role::Doctor => {}
    }
    if case.anonymous {
        return if anonymous_team { Ok(()) } else { Err(Refusal::AnonymousTeamOnly) };
    }
    if case.own || case.shared {
        return Ok(());
    }
    match (role, action) {
        (_, CaseAction::List) => Ok(()),
        (Role::Doctor, CaseAction::Read) => Ok(()),
        (Role::Doctor, _) => Err(Refusal::DoctorReadsOnly),
        _ => Err(Refusal::NotYourCase),
    }
}

/// Whether `actor` may do `action`, which is no single case's.
pub fn centre_access(actor: Actor, demo: bool, action: CentreAction) -> Result<(), Refusal> {
    let (role, _) = active(actor)?;
    if role == Role::Trainer {
        // The report is only a look; everything else here changes
        // something or shows what colleagues did.
        let look = if action == CentreAction::Report { CaseAction::Read } else { CaseAction::Write };
        trainer(demo, look)?;
    }
    match action {
        CentreAction::NewCase | CentreAction::TeamWork => match role {
            Role::Counsellor | Role::Doctor | Role::TeamLeader => Ok(()),
            _ => Err(Refusal::CaseWorkersOnly),
        },
        CentreAction::ManageUsers | CentreAction::ManageCentre => match role {
            Role::TeamLeader | Role::Administrator => Ok(()),
            _ => Err(Refusal::LeaderOrAdministrator),
        },
        CentreAction::CaseHistory => match role {
            Role::TeamLeader => Ok(()),
            _ => Err(Refusal::TeamLeaderOnly),
        },
        CentreAction::Report => match role {
            Role::TeamLeader | Role::Trainer => Ok(()),
            _ => Err(Refusal::ReportTeamLeaderOnly),
        },
    }
}

/// Why a user cannot be handed a case; `text::access` says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReceiverProblem {
    /// Not a user of this centre's sagsbord.
    NotAUser,
    Disabled,
    /// Administrators and trainers hold no cases.
    HoldsNoCases,
    /// A §101a case goes to the anonymous team only.
    NotOnAnonymousTeam,
    /// The case is theirs already.
    AlreadyTheirs,
}

/// Whether `actor` may hand a case that stands to them as `case` says to
/// another counsellor: its own counsellor and a team leader may; a
/// colleague it is only shared with, the doctor on another's case, and
/// anyone who may not write the case may not (the write rule first, so a
/// trainer or an administrator hears the same reason as for any write).
pub fn reassign_access(actor: Actor, demo: bool, case: CaseFacts) -> Result<(), Refusal> {
    case_access(actor, demo, case, CaseAction::Write)?;
    let (role, _) = active(actor)?;
    if role == Role::TeamLeader || case.own { Ok(()) } else { Err(Refusal::OwnCounsellorOrTeamLeader) }
}

/// Whether `receiver` may be handed a case (anonymous §101a or not) that
/// is now `current`'s: an active user who works cases (a counsellor, a
/// doctor or a team leader), on the anonymous team for a §101a case, and
/// not the one who has it.
pub fn receiver_problem(
    receiver: Actor,
    receiver_name: &str,
    current: &str,
    anonymous: bool,
) -> Option<ReceiverProblem> {
    let (role, anonymous_team) = match receiver {
        Actor::Unknown => return Some(ReceiverProblem::NotAUser),
        Actor::Disabled => return Some(ReceiverProblem::Disabled),
        Actor::User { role, anonymous_team } => (role, anonymous_team),
    };
    if !matches!(role, Role::Counsellor | Role::Doctor | Role::TeamLeader) {
        return Some(ReceiverProblem::HoldsNoCases);
    }
    if anonymous && !anonymous_team {
        return Some(ReceiverProblem::NotOnAnonymousTeam);
    }
    (receiver_name == current).then_some(ReceiverProblem::AlreadyTheirs)
}

/// The role of an active user, and whether they are on the anonymous team.
fn active(actor: Actor) -> Result<(Role, bool), Refusal> {
    match actor {
        Actor::Unknown => Err(Refusal::NotAUser),
        Actor::Disabled => Err(Refusal::Disabled),
        Actor::User { role, anonymous_team } => Ok((role, anonymous_team)),
    }
}

fn trainer(demo: bool, action: CaseAction) -> Result<(), Refusal> {
    match (demo, action) {
        (false, _) => Err(Refusal::TrainerRealData),
        (true, CaseAction::List | CaseAction::Read) => Ok(()),
        (true, CaseAction::Write) => Err(Refusal::TrainerReadOnly),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINE: CaseFacts = CaseFacts { own: true, shared: false, anonymous: false };
    const OTHER: CaseFacts = CaseFacts { own: false, shared: false, anonymous: false };

    fn user(role: Role) -> Actor {
        Actor::User { role, anonymous_team: false }
    }

    #[test]
    fn a_counsellor_lists_a_colleagues_case_but_may_not_open_it() {
        let c = user(Role::Counsellor);
        assert_eq!(case_access(c, false, OTHER, CaseAction::List), Ok(()));
        assert_eq!(case_access(c, false, OTHER, CaseAction::Read), Err(Refusal::NotYourCase));
        assert_eq!(case_access(c, false, MINE, CaseAction::Write), Ok(()));
    }

    const SHARED: CaseFacts = CaseFacts { own: false, shared: true, anonymous: false };
    const MINE_ANON: CaseFacts = CaseFacts { own: true, shared: false, anonymous: true };
    const OTHER_ANON: CaseFacts = CaseFacts { own: false, shared: false, anonymous: true };

    #[test]
    fn who_may_hand_a_case_over_every_role_every_case() {
        use Refusal as R;
        let team = |role| Actor::User { role, anonymous_team: true };
        // (actor, case, on a demo?, expected)
        let cells: Vec<(Actor, CaseFacts, Result<(), Refusal>)> = vec![
            (user(Role::Counsellor), MINE, Ok(())),
            (user(Role::Counsellor), SHARED, Err(R::OwnCounsellorOrTeamLeader)),
            (user(Role::Counsellor), OTHER, Err(R::NotYourCase)),
            (user(Role::Counsellor), MINE_ANON, Err(R::AnonymousTeamOnly)),
            (team(Role::Counsellor), MINE_ANON, Ok(())),
            (team(Role::Counsellor), OTHER_ANON, Err(R::OwnCounsellorOrTeamLeader)),
            (user(Role::Doctor), MINE, Ok(())),
            (user(Role::Doctor), SHARED, Err(R::OwnCounsellorOrTeamLeader)),
            (user(Role::Doctor), OTHER, Err(R::DoctorReadsOnly)),
            (user(Role::TeamLeader), MINE, Ok(())),
            (user(Role::TeamLeader), OTHER, Ok(())),
            (user(Role::TeamLeader), OTHER_ANON, Ok(())),
            (user(Role::Administrator), MINE, Err(R::AdministratorNoCases)),
            (user(Role::Trainer), MINE, Err(R::TrainerRealData)),
            (Actor::Disabled, MINE, Err(R::Disabled)),
            (Actor::Unknown, MINE, Err(R::NotAUser)),
        ];
        for (actor, case, expected) in cells {
            assert_eq!(reassign_access(actor, false, case), expected, "{actor:?} {case:?}");
        }
        // On the demo a trainer still only looks.
        assert_eq!(reassign_access(user(Role::Trainer), true, MINE), Err(R::TrainerReadOnly));
        assert_eq!(reassign_access(user(Role::Counsellor), true, MINE), Ok(()));
    }

    #[test]
    fn who_may_receive_a_case_every_role_named_and_anonymous() {
        use ReceiverProblem as P;
        for role in Role::ALL {
            for anonymous_team in [false, true] {
                for anonymous in [false, true] {
                    let actor = Actor::User { role, anonymous_team };
                    let expected = match role {
                        Role::Administrator | Role::Trainer => Some(P::HoldsNoCases),
                        _ if anonymous && !anonymous_team => Some(P::NotOnAnonymousTeam),
                        _ => None,
                    };
                    assert_eq!(
                        receiver_problem(actor, "bo", "anna", anonymous),
                        expected,
                        "{role:?} {anonymous_team} {anonymous}"
                    );
                }
            }
        }
        assert_eq!(receiver_problem(Actor::Unknown, "bo", "anna", false), Some(P::NotAUser));
        assert_eq!(receiver_problem(Actor::Disabled, "bo", "anna", false), Some(P::Disabled));
        assert_eq!(receiver_problem(user(Role::Counsellor), "anna", "anna", false), Some(P::AlreadyTheirs));
    }

    #[test]
    fn a_disabled_user_is_told_so_rather_than_that_they_are_unknown() {
        assert_eq!(case_access(Actor::Disabled, true, MINE, CaseAction::List), Err(Refusal::Disabled));
        assert_eq!(centre_access(Actor::Unknown, true, CentreAction::NewCase), Err(Refusal::NotAUser));
    }
}
