//! A centre's roles on a PostgreSQL server through the real binary:
//! the administrator's `setup-server`, `user add`/`disable`/`enable`
//! giving and taking the centre's role, and the central team. Each test
//! has a database of its own on the throw-away server; the logins (the
//! IT department's) are made here, with names unique on the server.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use postgres::error::SqlState;
use postgres::{Client, NoTls};
use sagsbord::store::engine::test_server::as_user;

use crate::common::{Run, server_url};
use crate::postgres_cli::sagsbord;

const NORD: &str = "Nord";
const SYD: &str = "Syd";

/// A database of its own with its administrator's URL (the test server's
/// superuser) and connection.
struct Server {
    url: String,
    admin: Client,
    database: String,
}

impl Server {
    fn new() -> Server {
        let url = server_url();
        let mut admin = Client::connect(&url, NoTls).expect("the test database answers");
        let database = admin.query_one("SELECT current_database()", &[]).unwrap().get(0);
        Server { url, admin, database }
    }

    /// A login the IT department made: a person's name, unique on the
    /// server (roles are the whole server's; other tests run beside).
    fn login(&mut self, who: &str) -> String {
        let mut hash = DefaultHasher::new();
        self.database.hash(&mut hash);
        let login = format!("{who}_{:08x}", hash.finish() as u32);
        self.admin.batch_execute(&format!("CREATE ROLE \"{login}\" LOGIN")).unwrap();
        login
    }

    /// `args` run by the administrator on `centre`.
    fn admin_runs(&self, centre: &str, args: &[&str]) -> Run {
        sagsbord(&self.url, Some(centre), args)
    }

    /// `args` run by `login` on `centre`.
    fn runs(&self, login: &str, centre: &str, args: &[&str]) -> Run {
        sagsbord(&as_user(&self.url, login), Some(centre), args)
    }

    /// Both centres set up by the administrator.
    fn with_centres(self) -> Server {
        for centre in [NORD, SYD] {
            self.admin_runs(centre, &["setup-server"]).ok();
        }
        self
    }

    fn client(&self, login: &str) -> Client {
        Client::connect(&as_user(&self.url, login), NoTls).expect("the person logs in")
    }

    fn members(&mut self, group: &str) -> Vec<String> {
        let rows = self
            .admin
            .query(
                "SELECT CAST(m.rolname AS TEXT) FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid
                 JOIN pg_roles m ON m.oid = a.member WHERE g.rolname = $1 ORDER BY 1",
                &[&group],
            )
            .unwrap();
        rows.iter().map(|r| r.get(0)).collect()
    }

    fn counsellors(&self, centre: &str) -> String {
        format!("{}/{centre}", self.database)
    }
}

/// How the server refused a read of `table` in `centre` to `client`.
fn refusal(client: &mut Client, centre: &str, sql: &str) -> SqlState {
    let sql = sql.replace("{}", &format!("\"{centre}\""));
    let e = client.batch_execute(&sql).expect_err("the database refuses");
    e.code().cloned().unwrap_or_else(|| panic!("not the server's refusal: {e}"))
}

#[test]
fn the_set_up_makes_the_centre_and_its_roles_and_a_second_run_changes_nothing() {
    let mut server = Server::new();
    let first = server.admin_runs(NORD, &["setup-server"]).ok();
    assert!(first.stdout.contains("Centret 'Nord' er sat op på serveren"), "{}", first.stdout);
    let counsellors = server.counsellors(NORD);
    assert!(first.stdout.contains(&format!("rollen '{counsellors}'")), "{}", first.stdout);
    assert!(first.stdout.contains(&format!("rollen '{}/'", server.database)), "{}", first.stdout);
    let roles: i64 = server
        .admin
        .query_one(
            "SELECT count(*) FROM pg_roles WHERE rolname IN ($1, $2)",
            &[&counsellors, &format!("{}/", server.database)],
        )
        .unwrap()
        .get(0);
    assert_eq!(roles, 2);

    let again = server.admin_runs(NORD, &["setup-server"]).ok();
    assert!(again.stdout.starts_with("Intet ændret: centret 'Nord' var allerede sat op"), "{}", again.stdout);

    // A grant taken behind its back is a change the next run makes, and says.
    server.admin.batch_execute(&format!("REVOKE SELECT ON \"{NORD}\".cases FROM \"{counsellors}\"")).unwrap();
    let repaired = server.admin_runs(NORD, &["setup-server"]).ok();
    assert!(repaired.stdout.contains("er sat op på serveren"), "{}", repaired.stdout);
}

#[test]
fn the_set_up_is_refused_on_a_file_and_to_a_role_that_may_not_create_roles() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("centre.db");
    let run = sagsbord(file.to_str().unwrap(), None, &["setup-server"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("sættes op med  sagsbord setup-shared"), "{}", run.stderr);
    assert!(!file.exists(), "no file made");

    let mut server = Server::new();
    let owner = server.login("ejer");
    // May create the schema, not the roles.
    server.admin.batch_execute(&format!("GRANT CREATE ON DATABASE \"{}\" TO \"{owner}\"", server.database)).unwrap();
    let run = server.runs(&owner, NORD, &["setup-server"]).failed();
    assert!(run.stderr.contains(&format!("rollen '{owner}' må ikke oprette roller (CREATEROLE)")), "{}", run.stderr);
    let made: bool = server.admin.query_one("SELECT to_regnamespace('\"Nord\"') IS NOT NULL", &[]).unwrap().get(0);
    assert!(!made, "a refused set-up leaves no schema behind");
}

#[test]
fn a_counsellor_added_by_the_binary_opens_their_centre_only_until_disabled() {
    let mut server = Server::new().with_centres();
    let anna = server.login("anna");
    let added = server.admin_runs(NORD, &["user", "add", &anna, "--role", "rådgiver"]).ok();
    assert!(!added.stdout.contains("NB"), "{}", added.stdout);
    assert_eq!(server.members(&server.counsellors(NORD)), std::slice::from_ref(&anna));

    // Their centre opens to them through the program.
    server.runs(&anna, NORD, &["due", "--json", "--today", "2026-03-20"]).ok();
    // Another centre's tables the database itself refuses.
    let mut client = server.client(&anna);
    assert_eq!(refusal(&mut client, SYD, "SELECT count(*) FROM {}.cases"), SqlState::INSUFFICIENT_PRIVILEGE);
    let other = server.runs(&anna, SYD, &["due"]).failed();
    assert!(other.stderr.contains("databaseserveren nægter adgang"), "{}", other.stderr);

    // Disabled: the list and the server's grants change together.
    let disabled = server.admin_runs(NORD, &["user", "disable", &anna]).ok();
    assert!(disabled.stdout.contains("spærret"), "{}", disabled.stdout);
    assert!(server.members(&server.counsellors(NORD)).is_empty());
    let mut client = server.client(&anna);
    assert_eq!(refusal(&mut client, NORD, "SELECT count(*) FROM {}.cases"), SqlState::INSUFFICIENT_PRIVILEGE);
    let refused = server.runs(&anna, NORD, &["due"]).failed();
    assert!(refused.stderr.contains("databaseserveren nægter adgang"), "{}", refused.stderr);

    server.admin_runs(NORD, &["user", "enable", &anna]).ok();
    assert_eq!(server.members(&server.counsellors(NORD)), std::slice::from_ref(&anna));
    server.runs(&anna, NORD, &["due", "--json", "--today", "2026-03-20"]).ok();
}

#[test]
fn a_team_leader_added_by_the_administrator_adds_colleagues_without_the_it_department() {
    let mut server = Server::new().with_centres();
    let kari = server.login("kari");
    let bo = server.login("bo");
    server.admin_runs(NORD, &["user", "add", &kari, "--role", "teamleder"]).ok();
    server.runs(&kari, NORD, &["user", "add", &bo, "--role", "rådgiver"]).ok();
    let mut members = vec![bo.clone(), kari.clone()];
    members.sort();
    assert_eq!(server.members(&server.counsellors(NORD)), members);
    server.runs(&kari, NORD, &["user", "disable", &bo]).ok();
    assert_eq!(server.members(&server.counsellors(NORD)), [kari]);
}

#[test]
fn each_refusal_of_a_user_change_on_the_server_is_said_in_danish_and_changes_nothing() {
    let mut server = Server::new();
    // A team leader registered before the centre's roles were set up: the
    // change was the list's only, and the program said so.
    server.admin_runs(NORD, &["centre", "--name", "Nord", "--municipality", "Faxe", "--profile", "faxe"]).ok();
    let lea = server.login("lea");
    let before_roles = server.admin_runs(NORD, &["user", "add", &lea, "--role", "teamleder"]).ok();
    assert!(before_roles.stdout.contains("NB: centrets roller er ikke sat op"), "{}", before_roles.stdout);
    server.admin_runs(NORD, &["setup-server"]).ok();

    // A login the server does not have.
    let run = server.admin_runs(NORD, &["user", "add", "ingen_saadan", "--role", "rådgiver"]).failed();
    assert!(run.stderr.contains("serveren har intet login ved navn 'ingen_saadan'"), "{}", run.stderr);
    let list = server.admin_runs(NORD, &["user", "list"]).ok();
    assert!(!list.stdout.contains("ingen_saadan"), "nothing added: {}", list.stdout);

    // A team leader the IT department let in by hand, without the right to
    // give the role on: refused by the server, nothing in the list either.
    let counsellors = server.counsellors(NORD);
    server.admin.batch_execute(&format!("GRANT \"{counsellors}\" TO \"{lea}\"")).unwrap();
    let bo = server.login("bo");
    let run = server.runs(&lea, NORD, &["user", "add", &bo, "--role", "rådgiver"]).failed();
    let said = format!("rollen '{lea}' må ikke give eller tage medlemskab af '{counsellors}'");
    assert!(run.stderr.contains(&said), "{}", run.stderr);
    let list = server.admin_runs(NORD, &["user", "list"]).ok();
    assert!(!list.stdout.contains(&bo), "the list and the grants agree: {}", list.stdout);
    assert_eq!(server.members(&counsellors), [lea]);
}

#[test]
fn the_central_team_reads_every_centre_writes_none_and_is_added_and_removed() {
    let mut server = Server::new().with_centres();
    let carl = server.login("carl");
    let central = format!("{}/", server.database);
    let run = sagsbord(&server.url, None, &["central", "add", &carl]).ok();
    assert!(run.stdout.contains("er med i centralteamet"), "{}", run.stdout);
    let list = sagsbord(&server.url, None, &["central", "list"]).ok();
    assert_eq!(list.stdout, format!("Centralteamet (rollen '{central}'):\n  {carl}\n"));

    let mut client = server.client(&carl);
    for centre in [NORD, SYD] {
        let sql = format!("SELECT count(*) FROM \"{centre}\".cases");
        client.query_one(&sql, &[]).expect("the central team reads every centre");
        let write = "INSERT INTO {}.citizens (pseudonym, home_municipality) VALUES ('x', 'y')";
        assert_eq!(refusal(&mut client, centre, write), SqlState::INSUFFICIENT_PRIVILEGE);
    }

    let removed = sagsbord(&server.url, None, &["central", "remove", &carl]).ok();
    assert!(removed.stdout.contains("er ikke længere med i centralteamet"), "{}", removed.stdout);
    let mut client = server.client(&carl);
    assert_eq!(refusal(&mut client, NORD, "SELECT count(*) FROM {}.cases"), SqlState::INSUFFICIENT_PRIVILEGE);
    let again = sagsbord(&server.url, None, &["central", "remove", &carl]).ok();
    assert!(again.stdout.contains("var ikke med i centralteamet"), "{}", again.stdout);
    let empty = sagsbord(&server.url, None, &["central", "list"]).ok();
    assert!(empty.stdout.contains("Centralteamet har ingen medlemmer."), "{}", empty.stdout);
}

#[test]
fn each_refusal_of_a_central_team_change_is_said_in_danish() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("centre.db");
    let run = sagsbord(file.to_str().unwrap(), None, &["central", "list"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("centralteamet findes kun på en PostgreSQL-server"), "{}", run.stderr);

    let mut server = Server::new();
    let carl = server.login("carl");
    let run = sagsbord(&server.url, None, &["central", "add", &carl]).failed();
    assert!(run.stderr.contains("ingen centralteam-rolle"), "{}", run.stderr);

    let mut server = server.with_centres();
    let run = sagsbord(&server.url, None, &["central", "add", "ingen_saadan"]).failed();
    assert!(run.stderr.contains("serveren har intet login ved navn 'ingen_saadan'"), "{}", run.stderr);
    let anna = server.login("anna");
    let run = sagsbord(&as_user(&server.url, &anna), None, &["central", "add", &carl]).failed();
    let said = format!("rollen '{anna}' må ikke give eller tage medlemskab af '{}/'", server.database);
    assert!(run.stderr.contains(&said), "{}", run.stderr);
    assert!(server.members(&format!("{}/", server.database)).is_empty());
}
