//! Roles and access in Danish: the roles' names, why something is refused,
//! the screen a person who is not a user sees, and the `user` command.

use crate::domain::access::{Refusal, Role};

/// A role's Danish name, as `user add --role` takes it and `user list` shows it.
pub fn role(r: Role) -> &'static str {
    match r {
        Role::Counsellor => "rådgiver",
        Role::TeamLeader => "teamleder",
        Role::Doctor => "læge",
        Role::Administrator => "administrator",
        Role::Trainer => "underviser",
    }
}

/// A role from its Danish name; "raadgiver" and "laege" are taken too, for
/// keyboards without æ and å.
pub fn parse_role(word: &str) -> Option<Role> {
    let word = word.trim().to_lowercase().replace("aa", "å").replace("ae", "æ");
    Role::ALL.into_iter().find(|r| role(*r) == word)
}

/// Why it was refused, said to the person who asked.
pub fn refusal(r: Refusal) -> String {
    match r {
        Refusal::NotAUser => {
            format!(
                "du er ikke bruger af centrets sagsbord; en administrator tilføjer dig med  {}",
                add_command("BRUGERNAVN")
            )
        }
        Refusal::Disabled => "din bruger er spærret i centrets sagsbord; en administrator kan åbne den igen".into(),
        Refusal::TrainerRealData => {
            "en underviser har kun adgang til en demodatabase, ikke til centrets rigtige sager".into()
        }
        Refusal::TrainerReadOnly => "en underviser kan kun se, ikke ændre".into(),
        Refusal::AdministratorNoCases => "en administrator ser ikke sagernes indhold".into(),
        Refusal::NotYourCase => {
            "sagen er en kollegas og ikke delt med dig; dens rådgiver eller en teamleder kan dele den med dig".into()
        }
        Refusal::DoctorReadsOnly => {
            "lægen læser alle sager, men ændrer kun sine egne og dem, der er delt med lægen".into()
        }
        Refusal::AnonymousTeamOnly => "anonyme sager (§101a) er kun for det anonyme team".into(),
        Refusal::LeaderOrAdministrator => "kun en teamleder eller en administrator må det".into(),
        Refusal::TeamLeaderOnly => "kun en teamleder må se, hvem der har set og ændret en sag".into(),
        Refusal::ReportTeamLeaderOnly => {
            "kun en teamleder må se årsrapporten: den viser centrets tal med sagerne bag dem, alle rådgiveres og de anonyme"
                .into()
        }
        Refusal::CaseWorkersOnly => "kun rådgivere, læger og teamledere arbejder med sager".into(),
        Refusal::OwnCounsellorOrTeamLeader => "kun sagens egen rådgiver eller en teamleder må overdrage den".into(),
    }
}

/// Why the chosen colleague cannot take over the case.
pub fn receiver_problem(p: &crate::domain::access::ReceiverProblem, name: &str) -> String {
    use crate::domain::access::ReceiverProblem as P;
    let name = super::cli::printable(name);
    match p {
        P::NotAUser => format!("{name} er ikke bruger af centrets sagsbord"),
        P::Disabled => format!("{name} er deaktiveret som bruger"),
        P::HoldsNoCases => format!("{name} arbejder ikke med sager (administrator eller underviser)"),
        P::NotOnAnonymousTeam => format!("{name} er ikke på det anonyme team, og sagen er anonym (§101a)"),
        P::AlreadyTheirs => format!("sagen er allerede {name}s"),
    }
}

/// A person who is not a user, told on the command line.
pub fn not_a_user(user: &str) -> String {
    format!(
        "du ({user}) er ikke bruger af centrets sagsbord og ser derfor ingen sager; en administrator eller en teamleder tilføjer dig med  {}",
        add_command(user)
    )
}

pub fn disabled_user(user: &str) -> String {
    format!(
        "brugeren {user} er spærret i centrets sagsbord; en administrator åbner den igen med  sagsbord user enable {user}"
    )
}

/// The command an administrator runs to add a user.
pub fn add_command(user: &str) -> String {
    format!("sagsbord user add {user} --role rådgiver")
}

// The screen of a person who is not a user (or is disabled).
pub const NOT_A_USER_TITLE: &str = "Ikke bruger af sagsbord";
pub const NO_CASES_TITLE: &str = "Ingen sager at vise";

/// The one screen of a person who sees no case: its title and its lines.
pub fn shut_out_lines(user: &str, why: Refusal) -> (&'static str, Vec<String>) {
    let lines = match why {
        Refusal::NotAUser => not_a_user_lines(user, false),
        Refusal::Disabled => not_a_user_lines(user, true),
        other => {
            let mut why = refusal(other);
            if let Some(first) = why.get(..1) {
                why = first.to_uppercase() + &why[1..];
            }
            return (NO_CASES_TITLE, vec![format!("{why}."), String::new(), "Tryk q for at afslutte.".into()]);
        }
    };
    (NOT_A_USER_TITLE, lines)
}

pub fn not_a_user_lines(user: &str, disabled: bool) -> Vec<String> {
    let mut lines = vec![if disabled {
        format!("Brugeren '{user}' er spærret i dette centers sagsbord.")
    } else {
        format!("Du ({user}) er ikke bruger af dette centers sagsbord.")
    }];
    lines.push(String::new());
    lines.push("Du ser derfor ingen sager. Bed en administrator eller en teamleder om at køre:".into());
    lines.push(String::new());
    lines.push(if disabled {
        format!("    sagsbord user enable {user}")
    } else {
        format!("    {}", add_command(user))
    });
    lines.push(String::new());
    lines.push("(rollen kan være rådgiver, teamleder, læge, administrator eller underviser)".into());
    lines.push(String::new());
    lines.push("Tryk q for at afslutte.".into());
    lines
}

// The command line's help for `user`.
pub const USER_ABOUT: &str = "Centrets brugere: tilføj, vis, spær og åbn dem, og del en sag med en kollega";
pub const ADD_ABOUT: &str = "Tilføj en Unix-bruger som bruger af sagsbord med en rolle";
pub const LIST_ABOUT: &str = "Vis centrets brugere, deres roller og hvem der er spærret";
pub const DISABLE_ABOUT: &str = "Spær en bruger: brugeren ser intet, til brugeren åbnes igen";
pub const ENABLE_ABOUT: &str = "Åbn en spærret bruger igen";
pub const SHARE_ABOUT: &str = "Del en sag med en kollega, som så ser og arbejder i den fuldt ud";
pub const UNSHARE_ABOUT: &str = "Hold op med at dele en sag med en kollega";
pub const USER_NAME_HELP: &str = "Brugerens Unix-brugernavn";
pub const ROLE_HELP: &str = "Rollen: rådgiver, teamleder, læge, administrator eller underviser";
pub const FULL_NAME_HELP: &str = "Brugerens fulde navn";
pub const ANONYMOUS_TEAM_HELP: &str = "Brugeren er med i det anonyme team (§101a-sager)";
pub const SHARE_CASE_HELP: &str = "Sagens nummer";
pub const SHARE_WITH_HELP: &str = "Kollegaens Unix-brugernavn";

pub fn unknown_role(word: &str) -> String {
    format!("ukendt rolle '{word}': brug rådgiver, teamleder, læge, administrator eller underviser")
}

pub const USERS_HEADING: &str = "Bruger      Rolle          Anonymt team  Status    Navn";
pub const ACTIVE: &str = "aktiv";
pub const DISABLED: &str = "spærret";
pub const NO_USERS: &str = "Ingen brugere.";

pub fn added(user: &str, r: Role) -> String {
    format!("{user} er tilføjet som {}.", role(r))
}

pub fn disabled(user: &str) -> String {
    format!("{user} er spærret.")
}

pub fn enabled(user: &str) -> String {
    format!("{user} er åbnet igen.")
}

pub fn shared(case: i64, user: &str) -> String {
    format!("Sag {case} er delt med {user}.")
}

pub fn unshared(case: i64, user: &str) -> String {
    format!("Sag {case} deles ikke længere med {user}.")
}

// The store's refusals about users.
pub fn no_such_user(user: &str) -> String {
    format!("brugeren '{user}' findes ikke i sagsbord; tilføj den med  {}", add_command(user))
}

pub fn user_exists(user: &str) -> String {
    format!("brugeren '{user}' findes allerede")
}

pub const BAD_USER_NAME: &str =
    "et brugernavn er et Unix-brugernavn: små bogstaver, tal, '-', '_' og '.', højst 32 tegn, ikke '-' først";

pub fn already_shared(case: i64, user: &str) -> String {
    format!("sag {case} er allerede delt med {user}")
}

pub fn not_shared(case: i64, user: &str) -> String {
    format!("sag {case} er ikke delt med {user}")
}

pub fn share_with_counsellor(case: i64, user: &str) -> String {
    format!("{user} er rådgiver på sag {case} og har den allerede: del den med en kollega")
}
pub const LAST_MANAGER: &str =
    "det er den sidste aktive teamleder eller administrator: tilføj en anden først, så ingen er låst ude";

// The list views' audit row and the team-leader view.
pub fn list_detail(list: &str, rows: usize) -> String {
    format!("{list}: {rows} rækker")
}

pub const HISTORY_TITLE: &str = "Hvem har set og ændret sagen";

/// A list's name in the audit trail: the pane's list and how it was
/// narrowed (never the search's words: they may be a citizen's name).
pub fn list_name(list: &str, only_mine: bool, searched: bool, more: Option<&str>) -> String {
    let mut how: Vec<&str> = Vec::new();
    if only_mine {
        how.push("kun mine");
    }
    how.extend(more);
    if searched {
        how.push("søgning");
    }
    if how.is_empty() { list.to_string() } else { format!("{list} ({})", how.join(", ")) }
}

/// A group member whose case the viewer may not see (a §101a case outside
/// the anonymous team): there, but not named.
pub const HIDDEN_MEMBER: &str = "(anonym deltager, §101a)";
