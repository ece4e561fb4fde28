//! A centre's roles on a PostgreSQL server in Danish: `setup-server`,
//! `central` and why the server would not give or take a membership.

// `sagsbord setup-server`.
pub const SETUP_ABOUT: &str = "Sæt centret op på PostgreSQL-serveren (administratoren): skemaet oprettet eller opdateret, centrets roller og rettigheder";
pub const SETUP_ON_FILE: &str = "setup-server er til et center på en PostgreSQL-server (--db postgresql://… --centre NAVN); \
     en database-fil på en fælles maskine sættes op med  sagsbord setup-shared";

pub fn no_createrole(who: &str) -> String {
    format!(
        "rollen '{who}' må ikke oprette roller (CREATEROLE), og centrets roller skal oprettes: kør setup-server som \
         serverens administrator, en rolle med CREATEROLE, der ejer skemaet eller må oprette det; intet er ændret"
    )
}

pub fn set_up(centre: &str, version: usize) -> String {
    format!("Centret '{centre}' er sat op på serveren (skemaets version {version}):")
}

pub fn already_set_up(centre: &str, version: usize) -> String {
    format!("Intet ændret: centret '{centre}' var allerede sat op på serveren (skemaets version {version}).")
}

pub fn counsellors_role(role: &str) -> String {
    format!("  centrets brugere:  rollen '{role}' (læser og skriver kun dette center)")
}

pub fn central_role(role: &str) -> String {
    format!("  centralteamet:     rollen '{role}' (læser alle centre, skriver intet)")
}

pub const NEXT_STEPS: &str = "Næste skridt (logins oprettes af IT-afdelingen, med CREATE ROLE … LOGIN):";

pub fn next_steps(centre: &str) -> [String; 2] {
    let centre = super::cli::shell_word(std::path::Path::new(centre));
    [
        format!("sagsbord --db URL --centre {centre} user add LOGIN --role teamleder   (centrets teamleder)"),
        "sagsbord --db URL central add LOGIN   (en af kommunens centralteam)".to_string(),
    ]
}

// `sagsbord central`.
pub const CENTRAL_ABOUT: &str =
    "Kommunens centralteam på PostgreSQL-serveren: læser alle centres tal, skriver intet (add, remove, list)";
pub const CENTRAL_ADD_ABOUT: &str = "Gør et login til en af centralteamet";
pub const CENTRAL_REMOVE_ABOUT: &str = "Tag et login ud af centralteamet";
pub const CENTRAL_LIST_ABOUT: &str = "Vis centralteamets logins";
pub const LOGIN_HELP: &str = "Loginnavnet på PostgreSQL-serveren (oprettet af IT-afdelingen)";
pub const CENTRAL_ON_FILE: &str = "centralteamet findes kun på en PostgreSQL-server (--db postgresql://…): en database-fil \
     er ét center, og dets brugere styres med  sagsbord user";
pub const NO_CENTRAL: &str = "serveren har ingen centralteam-rolle for denne database endnu: den oprettes, når det første \
     center sættes op med  sagsbord --db URL --centre NAVN setup-server";
pub const NO_CENTRAL_MEMBERS: &str = "Centralteamet har ingen medlemmer.";

pub fn central_heading(role: &str) -> String {
    format!("Centralteamet (rollen '{role}'):")
}

pub fn central_added(login: &str) -> String {
    format!("{login} er med i centralteamet: læser alle centre i databasen, skriver intet.")
}

pub fn central_removed(login: &str) -> String {
    format!("{login} er ikke længere med i centralteamet.")
}

pub fn central_not_member(login: &str) -> String {
    format!("{login} var ikke med i centralteamet; intet ændret.")
}

// On the server, after `user add`, `disable` or `enable`.
pub const NO_ROLES_YET: &str = "NB: centrets roller er ikke sat op på serveren, så databasen skiller ikke centrene ad \
     endnu; administratoren kører  sagsbord --db URL --centre NAVN setup-server";

// The store's refusals about logins and memberships.
pub fn no_login(login: &str) -> String {
    format!(
        "serveren har intet login ved navn '{login}': IT-afdelingen opretter det (CREATE ROLE … LOGIN); sagsbord opretter \
         ikke logins. Intet er ændret"
    )
}

pub fn may_not_grant(who: &str, group: &str) -> String {
    format!(
        "rollen '{who}' må ikke give eller tage medlemskab af '{group}': det kræver '{group}' WITH ADMIN OPTION (en \
         teamleder eller administrator får det, når de tilføjes med  sagsbord user add) eller CREATEROLE; spørg \
         IT-afdelingen. Intet er ændret"
    )
}

pub fn still_member(login: &str, group: &str) -> String {
    format!(
        "'{login}' er stadig medlem af '{group}', givet af en anden rolle: IT-afdelingen tager det (REVOKE … GRANTED BY \
         …). Intet er ændret"
    )
}
