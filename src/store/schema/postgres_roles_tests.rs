//! Centres kept apart by the database: each test sets up a municipality of
//! two centres on a database of its own, and connects as the people in it
//! (login roles, members of a centre's or the central team's role).

use postgres::error::SqlState;
use postgres::{Client, NoTls};

use super::{CentreRoles, add_central, add_counsellor, counsellors_here, grant, members, revoke, set_up_centre};
use crate::store::StoreError;
use crate::store::audit::AuditProblem;
use crate::store::audit::seam;
use crate::store::engine::both::a_case;
use crate::store::engine::test_server::{as_user, fresh_database};
use crate::store::engine::{Db, Intent};
use crate::store::schema::postgres::quote_identifier;
use crate::store::schema::{MigrationOutcome, migrate_postgres};

/// A centre whose name needs quoting, so every statement must quote it.
const NORD: &str = "Nord \"A\"";
const SYD: &str = "syd";

/// Two migrated centres with their roles, and the administrator's
/// connection (the test server's superuser, who owns the schemas).
struct Municipality {
    config: String,
    admin: Client,
    database: String,
}

impl Municipality {
    fn new() -> Municipality {
        let config = fresh_database();
        let mut admin = Client::connect(&config, NoTls).expect("the test database answers");
        let database = admin.query_one("SELECT current_database()", &[]).unwrap().get(0);
        for centre in [NORD, SYD] {
            let migrated = migrate_postgres(&mut admin, centre).expect("the centre's schema is created");
            assert!(matches!(migrated, MigrationOutcome::AtVersion { .. }), "{migrated:?}");
            set_up_centre(&mut admin, centre).expect("the centre's roles are set up");
        }
        Municipality { config, admin, database }
    }

    /// A new login role, a person: its name, unique on the server (roles
    /// are the whole server's, and other tests run beside this one).
    fn person(&mut self, who: &str) -> String {
        let login = format!("{} {who}", self.database);
        self.admin.batch_execute(&format!("CREATE ROLE {} LOGIN", quote_identifier(&login))).unwrap();
        login
    }

    fn counsellor(&mut self, centre: &str, who: &str) -> String {
        let login = self.person(who);
        add_counsellor(&mut self.admin, centre, &login).expect("made a counsellor of the centre");
        login
    }

    fn central(&mut self, who: &str) -> String {
        let login = self.person(who);
        add_central(&mut self.admin, &login).expect("made one of the central team");
        login
    }

    /// `login`'s own connection, as psql or another program would have it.
    fn client(&self, login: &str) -> Client {
        Client::connect(&as_user(&self.config, login), NoTls).expect("the person logs in")
    }

    /// `login`'s connection to `centre` as the program opens it, with the
    /// trail's capture set up.
    fn program(&self, login: &str, centre: &str) -> Db<'static> {
        let db = Db::postgres(&as_user(&self.config, login), centre).expect("the person logs in");
        seam::install(&db).expect("the capture is set up by a counsellor's program");
        db
    }
}

/// The SQL state a statement was refused with.
fn refusal(result: Result<impl std::fmt::Debug, postgres::Error>) -> SqlState {
    let e = result.expect_err("refused");
    e.code().cloned().unwrap_or_else(|| panic!("not the server's refusal: {e}"))
}

fn store_refusal(result: crate::store::Result<impl std::fmt::Debug>) -> (SqlState, String) {
    match result.expect_err("refused") {
        StoreError::Engine(crate::store::engine::Error::Postgres(e)) => {
            let db = e.as_db_error().expect("the server's refusal");
            (db.code().clone(), db.message().to_string())
        }
        other => panic!("not the server's refusal: {other:?}"),
    }
}

/// `sql` is refused for lack of a privilege.
#[track_caller]
fn denied(client: &mut Client, sql: &str) {
    assert_eq!(refusal(client.batch_execute(sql)), SqlState::INSUFFICIENT_PRIVILEGE, "{sql}");
}

/// One action of `actor`'s through the program: a new case and its audit
/// row. The case's id.
fn new_case(db: &Db<'_>, actor: &str) -> i64 {
    let tx = db.transaction(Intent::Write).unwrap();
    let case = a_case(&tx, actor);
    seam::append(&tx, actor, "case_created", "case", Some(case), "ny sag").expect("the audit row is appended");
    tx.commit().unwrap();
    case
}

fn count(client: &mut Client, sql: &str) -> i64 {
    client.query_one(sql, &[]).unwrap_or_else(|e| panic!("{sql}: {e}")).get(0)
}

#[test]
fn roles_are_named_from_the_database_and_the_centre_whatever_they_hold() {
    let roles = CentreRoles::named("kommune", NORD);
    assert_eq!(roles, CentreRoles { counsellors: "kommune/Nord \"A\"".into(), central: "kommune/".into() });

    let mut m = Municipality::new();
    let exists = |admin: &mut Client, role: &str| -> bool {
        admin.query_one("SELECT count(*) = 1 FROM pg_roles WHERE rolname::text = $1", &[&role]).unwrap().get(0)
    };
    let roles = CentreRoles::of(&mut m.admin, NORD).unwrap();
    assert!(exists(&mut m.admin, &roles.counsellors), "{roles:?}");
    assert!(exists(&mut m.admin, &roles.central), "{roles:?}");

    // Again: nothing new, nothing lost.
    let grants = |admin: &mut Client| -> Vec<String> {
        admin
            .query(
                "SELECT grantee || ' ' || table_schema || '.' || table_name || ' ' || privilege_type
                 FROM information_schema.role_table_grants WHERE grantee LIKE current_database() || '/%'
                 ORDER BY 1",
                &[],
            )
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect()
    };
    let before = grants(&mut m.admin);
    assert!(before.len() > 100, "{before:?}");
    assert_eq!(set_up_centre(&mut m.admin, NORD).unwrap(), roles);
    assert_eq!(grants(&mut m.admin), before);

    // A name PostgreSQL would cut short is refused, and no role is made.
    let long = "x".repeat(63 - m.database.len());
    migrate_postgres(&mut m.admin, &long).unwrap();
    let (state, message) = store_refusal(set_up_centre(&mut m.admin, &long));
    assert_eq!(state, SqlState::NAME_TOO_LONG);
    assert!(message.contains("63 byte"), "{message}");
    // Nor the name PostgreSQL would have cut it to.
    let cut = CentreRoles::named(&m.database, &long).counsellors[..63].to_string();
    assert!(!exists(&mut m.admin, &cut), "{cut}");
    // The administrator's session is left as it was: its own search path,
    // no capture of its own.
    let path: String = m.admin.query_one("SHOW search_path", &[]).unwrap().get(0);
    assert_eq!(path, "\"$user\", public");
    let capturing: bool =
        m.admin.query_one("SELECT to_regclass('pg_temp.audit_staging') IS NOT NULL", &[]).unwrap().get(0);
    assert!(!capturing);
}

/// A centre whose counsellors' role would be named past PostgreSQL's 63
/// bytes has none (the set-up refuses to make it): the user list is kept
/// without one, as on a centre not set up, rather than failing on the name.
#[test]
fn a_centre_whose_roles_name_would_be_too_long_has_no_roles_and_no_error() {
    let mut m = Municipality::new();
    let long = "x".repeat(63 - m.database.len());
    migrate_postgres(&mut m.admin, &long).unwrap();
    let db = Db::postgres(&m.config, &long).unwrap();
    assert_eq!(counsellors_here(&db).unwrap(), None);
}

#[test]
fn a_counsellor_reads_and_writes_their_centre_and_is_refused_another() {
    let mut m = Municipality::new();
    let anna = m.counsellor(NORD, "anna");
    let db = m.program(&anna, NORD);
    let case = new_case(&db, &anna);
    let note = |db: &Db<'_>| -> String {
        db.query_row("SELECT note FROM cases WHERE id = ?1", &[&case], |r| r.get(0)).unwrap()
    };
    assert_eq!(note(&db), "");
    let tx = db.transaction(Intent::Write).unwrap();
    tx.execute("UPDATE cases SET note = 'ringet op' WHERE id = ?1", &[&case]).unwrap();
    seam::append(&tx, &anna, "case_edited", "case", Some(case), "note").unwrap();
    tx.commit().unwrap();
    assert_eq!(note(&db), "ringet op");
    // What the counsellor wrote is in the trail, whole, through their own role.
    assert_eq!(seam::verify(&db).unwrap(), vec![]);
    assert_eq!(seam::check_data(&db).unwrap().0, vec![]);

    // Syd is out of reach: by its name, by its schema as the search path
    // (PostgreSQL leaves out a schema the role may not use, so no table
    // is found there), and through the program.
    let mut anna_psql = m.client(&anna);
    denied(&mut anna_psql, "SELECT count(*) FROM syd.cases");
    denied(&mut anna_psql, "INSERT INTO syd.citizens (name, home_municipality) VALUES ('Ida', 'Rødovre')");
    denied(&mut anna_psql, "UPDATE syd.centre SET profile_id = 'x'");
    denied(&mut anna_psql, "SELECT count(*) FROM syd.audit");
    anna_psql.batch_execute("SET search_path TO syd").unwrap();
    assert_eq!(refusal(anna_psql.batch_execute("SELECT count(*) FROM cases")), SqlState::UNDEFINED_TABLE);
    let in_syd = Db::postgres(&as_user(&m.config, &anna), SYD).unwrap();
    let read = in_syd.query_row("SELECT count(*) FROM cases", &[], |r| r.get::<i64>(0));
    assert!(read.is_err(), "{read:?}");
    let may_use: bool =
        m.admin.query_one("SELECT has_schema_privilege($1::name, 'syd', 'USAGE')", &[&anna]).unwrap().get(0);
    assert!(!may_use);

    // Nor can a counsellor change their own centre's schema.
    let mut anna_psql = m.client(&anna);
    let nord = quote_identifier(NORD);
    denied(&mut anna_psql, &format!("CREATE TABLE {nord}.notes (x BIGINT)"));
    denied(&mut anna_psql, &format!("DROP TABLE {nord}.cases"));
    denied(&mut anna_psql, &format!("ALTER TABLE {nord}.audit DISABLE TRIGGER audit_never_changed"));
    denied(&mut anna_psql, &format!("UPDATE {nord}.schema_version SET version = 1"));
}

#[test]
fn a_counsellor_cannot_update_delete_or_truncate_the_trail() {
    let mut m = Municipality::new();
    let anna = m.counsellor(NORD, "anna");
    new_case(&m.program(&anna, NORD), &anna);
    let mut anna_psql = m.client(&anna);
    let nord = quote_identifier(NORD);
    for (table, column) in [("audit", "detail"), ("audit_change", "old")] {
        // Refused for the privilege, before the trail's own guards are asked.
        denied(&mut anna_psql, &format!("UPDATE {nord}.{table} SET {column} = {column}"));
        denied(&mut anna_psql, &format!("DELETE FROM {nord}.{table}"));
        denied(&mut anna_psql, &format!("TRUNCATE {nord}.{table} CASCADE"));
        assert!(count(&mut anna_psql, &format!("SELECT count(*) FROM {nord}.{table}")) > 0, "{table} is read");
    }
    // TRUNCATE passes by the capture's row triggers: no data table has it.
    denied(&mut anna_psql, &format!("TRUNCATE {nord}.cases CASCADE"));
    assert_eq!(seam::verify(&m.program(&anna, NORD)).unwrap(), vec![]);
}

#[test]
fn the_central_team_reads_every_centre_and_writes_none() {
    let mut m = Municipality::new();
    let anna = m.counsellor(NORD, "anna");
    let bo = m.counsellor(SYD, "bo");
    new_case(&m.program(&anna, NORD), &anna);
    new_case(&m.program(&bo, SYD), &bo);
    let carl = m.central("carl");

    for centre in [NORD, SYD] {
        let db = m.program(&carl, centre);
        let cases: i64 = db.query_row("SELECT count(*) FROM cases", &[], |r| r.get(0)).unwrap();
        assert_eq!(cases, 1, "{centre}");
        assert_eq!(seam::verify(&db).unwrap(), vec![], "{centre}");
        assert_eq!(seam::check_data(&db).unwrap().0, vec![], "{centre}");

        let mut psql = m.client(&carl);
        let schema = quote_identifier(centre);
        denied(
            &mut psql,
            &format!("INSERT INTO {schema}.citizens (name, home_municipality) VALUES ('Ida', 'Rødovre')"),
        );
        denied(&mut psql, &format!("UPDATE {schema}.cases SET note = 'x'"));
        denied(&mut psql, &format!("DELETE FROM {schema}.cases"));
        denied(&mut psql, &format!("TRUNCATE {schema}.cases CASCADE"));
        denied(
            &mut psql,
            &format!(
                "INSERT INTO {schema}.audit (at, actor, action, entity, detail, prev_hash, hash)
                 VALUES ('', current_user, '', '', '', '', '')"
            ),
        );
        denied(&mut psql, &format!("CREATE TABLE {schema}.notes (x BIGINT)"));
    }
}

#[test]
fn a_new_centre_is_closed_to_everyone_from_the_start() {
    let mut m = Municipality::new();
    let nobody = m.person("nobody");
    // As a server before PostgreSQL 15 leaves the public schema.
    m.admin.batch_execute("GRANT CREATE ON SCHEMA public TO PUBLIC").unwrap();

    let centre = "Øst";
    migrate_postgres(&mut m.admin, centre).unwrap();
    let may = |m: &mut Municipality, schema: &str, privilege: &str| -> bool {
        m.admin
            .query_one("SELECT has_schema_privilege($1::name, $2, $3)", &[&nobody, &schema, &privilege])
            .unwrap()
            .get(0)
    };
    // A migrated schema, its roles not yet made, is already closed.
    assert!(!may(&mut m, centre, "USAGE"));
    assert!(!may(&mut m, centre, "CREATE"));

    set_up_centre(&mut m.admin, centre).unwrap();
    let anna = m.counsellor(centre, "anna");
    for who in [&nobody, &anna] {
        let mut psql = m.client(who);
        denied(&mut psql, "CREATE TABLE public.notes (x BIGINT)");
        denied(&mut psql, "CREATE TABLE \"Øst\".notes (x BIGINT)");
        denied(&mut psql, "CREATE FUNCTION public.now() RETURNS text LANGUAGE sql AS $$ SELECT '' $$");
    }
    let mut psql = m.client(&nobody);
    for schema in [centre, NORD, SYD] {
        denied(&mut psql, &format!("SELECT count(*) FROM {}.cases", quote_identifier(schema)));
    }
    assert!(!may(&mut m, "public", "CREATE"));
    assert!(!may(&mut m, centre, "USAGE"));
}

#[test]
fn the_trail_is_written_only_in_the_writers_own_name() {
    let mut m = Municipality::new();
    let anna = m.counsellor(NORD, "anna");
    let berit = m.counsellor(NORD, "berit");
    let db = m.program(&anna, NORD);
    new_case(&db, &anna);
    let berits = new_case(&m.program(&berit, NORD), &berit);

    // Anna writes an audit row in Berit's name: refused, and nothing of
    // the action is kept.
    let tx = db.transaction(Intent::Write).unwrap();
    a_case(&tx, &anna);
    let (state, message) = store_refusal(seam::append(&tx, &berit, "case_created", "case", None, "ny sag"));
    assert_eq!(state, SqlState::INSUFFICIENT_PRIVILEGE);
    assert!(message.contains("i eget navn"), "{message}");
    drop(tx);
    assert_eq!(seam::verify(&db).unwrap(), vec![]);

    // Nor under her group role's name (SET ROLE leaves the session's login).
    let mut anna_psql = m.client(&anna);
    let group = CentreRoles::of(&mut m.admin, NORD).unwrap().counsellors;
    anna_psql.batch_execute(&format!("SET ROLE {}", quote_identifier(&group))).unwrap();
    let nord = quote_identifier(NORD);
    let insert_audit = format!(
        "INSERT INTO {nord}.audit (at, actor, action, entity, detail, prev_hash, hash) VALUES ('', $1, '', '', '', '', '')"
    );
    for name in [&berit, &group] {
        let refused = anna_psql.execute(&insert_audit, &[name]);
        assert_eq!(refusal(refused), SqlState::INSUFFICIENT_PRIVILEGE, "{name}");
    }
    // Nor a change row under Berit's audit row.
    let berits_row: i64 = m
        .admin
        .query_one(&format!("SELECT max(id) FROM {nord}.audit WHERE entity_id = $1"), &[&berits])
        .unwrap()
        .get(0);
    let refused = anna_psql.execute(
        &format!("INSERT INTO {nord}.audit_change (audit_id, seq, tbl, row_key, op) VALUES ($1, 99, 'cases', '[1]', 'insert')"),
        &[&berits_row],
    );
    assert_eq!(refusal(refused), SqlState::INSUFFICIENT_PRIVILEGE);

    // Her own actions pass. The two rows refused above took ids of the
    // trail's identity as they were tried (a sequence is not rolled
    // back), so the trail shows where someone tried to write into it
    // outside the program: a gap, and nothing else.
    new_case(&db, &anna);
    let actors: Vec<String> = db.query_map("SELECT actor FROM audit ORDER BY id", &[], |r| r.get(0)).unwrap();
    // The first, the baseline, names the administrator who created the
    // centre.
    let admin: String = m.admin.query_one("SELECT CAST(session_user AS TEXT)", &[]).unwrap().get(0);
    assert_eq!(actors, [admin.as_str(), anna.as_str(), berit.as_str(), anna.as_str()]);
    assert_eq!(seam::verify(&db).unwrap(), vec![AuditProblem::Gap { after: 3, next: 6 }]);
    // The schema's owner still writes in another name, as the program
    // did in the baselines of the centres created before they named
    // their creator.
    m.admin.batch_execute(&format!("SET search_path TO {nord}")).unwrap();
    seam::record_baseline(&Db::borrowing_postgres(&mut m.admin), "sagsbord").expect("the owner writes as the program");
}

#[test]
fn a_table_a_later_migration_adds_comes_with_the_grants() {
    let mut m = Municipality::new();
    let anna = m.counsellor(NORD, "anna");
    let carl = m.central("carl");
    let nord = quote_identifier(NORD);
    // As a migration would, by the schema's owner, after the set-up.
    m.admin
        .batch_execute(&format!(
            "CREATE TABLE {nord}.later (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, x TEXT NOT NULL)"
        ))
        .unwrap();

    let mut anna_psql = m.client(&anna);
    anna_psql.batch_execute(&format!("INSERT INTO {nord}.later (x) VALUES ('ny')")).unwrap();
    anna_psql.batch_execute(&format!("UPDATE {nord}.later SET x = 'ændret'")).unwrap();
    denied(&mut anna_psql, &format!("TRUNCATE {nord}.later"));
    let mut carl_psql = m.client(&carl);
    assert_eq!(count(&mut carl_psql, &format!("SELECT count(*) FROM {nord}.later")), 1);
    denied(&mut carl_psql, &format!("DELETE FROM {nord}.later"));
}

/// The user list's change and the grant are one: a membership given in a
/// transaction that is then undone is gone with it, and one taken comes
/// back.
#[test]
fn a_membership_given_or_taken_in_a_transaction_is_undone_with_it() {
    let mut town = Municipality::new();
    let anna = town.person("anna");
    let roles = CentreRoles::named(&town.database, NORD);
    let is_member =
        |admin: &mut Client| members(&Db::borrowing_postgres(admin), &roles.counsellors).unwrap().contains(&anna);
    town.admin.batch_execute("BEGIN").unwrap();
    grant(&Db::borrowing_postgres(&mut town.admin), &roles.counsellors, &anna, false).unwrap();
    assert!(is_member(&mut town.admin), "a member inside the transaction");
    town.admin.batch_execute("ROLLBACK").unwrap();
    assert!(!is_member(&mut town.admin), "undone with the transaction");

    add_counsellor(&mut town.admin, NORD, &anna).unwrap();
    town.admin.batch_execute("BEGIN").unwrap();
    revoke(&Db::borrowing_postgres(&mut town.admin), &roles.counsellors, &anna).unwrap();
    assert!(!is_member(&mut town.admin));
    town.admin.batch_execute("ROLLBACK").unwrap();
    assert!(is_member(&mut town.admin), "the membership back with the transaction undone");

    // A login that is not one: refused, nothing given.
    let no_login = grant(&Db::borrowing_postgres(&mut town.admin), &roles.counsellors, "ingen", false);
    assert!(matches!(no_login, Err(StoreError::Users(crate::store::UserProblem::NoLogin(l))) if l == "ingen"));
}
