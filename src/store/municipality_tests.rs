//! The municipality's report on a database of three centres, read as one
//! of its central team: each centre's figures are its own report's, the
//! total is theirs together, and nobody outside the team gets it.

use postgres::{Client, NoTls};

use super::*;
use crate::domain::report::Report;
use crate::store::engine::test_server::{as_user, fresh_database};
use crate::store::report::on_engines::{profile, small_centre, today};
use crate::store::schema::postgres_roles::{add_central, add_counsellor, set_up_centre};
use crate::store::schema::{MigrationOutcome, migrate_postgres};

/// Two centres with the same small centre's records, one without any.
const NORD: &str = "Nord \"A\"";
const SYD: &str = "Syd";
const OST: &str = "Øst";

struct Setup {
    config: String,
    admin: Client,
    database: String,
}

/// The three centres, their names set and their roles given, each
/// centre's data written before its capture is set up (as an import
/// does); the centres follow the generator's profile.
fn three_centres() -> Setup {
    let config = fresh_database();
    let mut admin = Client::connect(&config, NoTls).expect("the test database answers");
    let database: String = admin.query_one("SELECT current_database()", &[]).unwrap().get(0);
    for centre in [NORD, SYD, OST] {
        let migrated = migrate_postgres(&mut admin, centre).expect("the centre's schema is created");
        assert!(matches!(migrated, MigrationOutcome::AtVersion { .. }), "{migrated:?}");
        let schema = quote_identifier(centre);
        admin
            .execute(
                &format!("UPDATE {schema}.centre SET name = $1, profile_id = $2"),
                &[&format!("Rusmiddelcenter {centre}"), &crate::generate::PROFILE],
            )
            .unwrap();
        if centre != SYD {
            small_centre(&Db::postgres(&config, centre).expect("the owner writes the centre"));
        }
        set_up_centre(&mut admin, centre).expect("the centre's roles are set up");
    }
    Setup { config, admin, database }
}

impl Setup {
    fn login(&mut self, who: &str) -> String {
        let login = format!("{} {who}", self.database);
        self.admin.batch_execute(&format!("CREATE ROLE {} LOGIN", quote_identifier(&login))).unwrap();
        login
    }

    /// A centre's own report, as its owner reads it.
    fn own_report(&self, centre: &str) -> Report {
        let db = Db::postgres(&self.config, centre).unwrap();
        report_on(&db, &profile(), period(), today()).unwrap()
    }
}

fn period() -> Period {
    Period::year(2025).unwrap()
}

#[test]
fn the_central_team_gets_each_centres_figures_and_their_sum() {
    let mut setup = three_centres();
    let leader = setup.login("leder");
    add_central(&mut setup.admin, &leader).unwrap();
    let mut municipality = Municipality::open(&as_user(&setup.config, &leader)).expect("the central team is let in");
    assert_eq!(municipality.centres().unwrap(), [NORD, SYD, OST]);
    let report = municipality.report(period(), today()).expect("the municipality's report");

    let names: Vec<&str> = report.centres.iter().map(|c| c.centre.as_str()).collect();
    assert_eq!(names, ["Rusmiddelcenter Nord \"A\"", "Rusmiddelcenter Syd", "Rusmiddelcenter Øst"]);
    // Each centre's figures are its own report's, read on its own schema.
    for (figures, centre) in report.centres.iter().zip([NORD, SYD, OST]) {
        assert_eq!(figures.report, setup.own_report(centre).figures_only(), "{centre}");
    }
    let counted = |r: &Report| r.sections.iter().flat_map(|s| &s.rows).map(|r| r.count).sum::<usize>();
    let nord = counted(&report.centres[0].report);
    assert!(nord > 10, "the small centre counts its cases");
    assert_eq!(counted(&report.centres[1].report), 0, "Syd has no records");
    // The stays one by one are left out of the total: the small centre has none.
    assert_eq!(counted(&report.total), 2 * nord);
    let own: Vec<(String, Report)> =
        [NORD, SYD, OST].iter().map(|c| (format!("Rusmiddelcenter {c}"), setup.own_report(c))).collect();
    assert_eq!(report, municipality::combine(period(), today(), own));
    assert!(report.total.cases.is_empty());
}

#[test]
fn a_counsellor_and_a_stranger_are_refused_the_municipality() {
    let mut setup = three_centres();
    let anna = setup.login("anna");
    add_counsellor(&mut setup.admin, NORD, &anna).unwrap();
    let stranger = setup.login("fremmed");
    for login in [&anna, &stranger] {
        match Municipality::open(&as_user(&setup.config, login)) {
            Err(StoreError::NotCentralTeam { login: refused, role }) => {
                assert_eq!(&refused, login);
                assert_eq!(role, format!("{}/", setup.database));
            }
            Err(other) => panic!("{login}: {other}"),
            Ok(_) => panic!("{login} was let in"),
        }
    }
    // The database's own answer, were the program asked to read anyway:
    // the counsellor may not even look into another centre's schema.
    let mut client = Client::connect(&as_user(&setup.config, &anna), NoTls).unwrap();
    let e = client.query(&format!("SELECT count(*) FROM {}.cases", quote_identifier(SYD)), &[]).unwrap_err();
    assert_eq!(e.code(), Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE), "{e}");
}

#[test]
fn a_centre_at_another_version_is_named_and_nothing_is_reported() {
    let mut setup = three_centres();
    let leader = setup.login("leder");
    add_central(&mut setup.admin, &leader).unwrap();
    let older = i64::try_from(CURRENT_VERSION).unwrap() - 1;
    setup
        .admin
        .execute(&format!("UPDATE {}.schema_version SET version = $1", quote_identifier(SYD)), &[&older])
        .unwrap();
    let mut municipality = Municipality::open(&as_user(&setup.config, &leader)).unwrap();
    match municipality.report(period(), today()) {
        Err(StoreError::CentreAtVersion { centre, version, program }) => {
            assert_eq!((centre.as_str(), version, program), (SYD, CURRENT_VERSION - 1, CURRENT_VERSION));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_database_without_centres_has_no_report() {
    let config = fresh_database();
    let mut municipality = Municipality::open(&config).expect("the test server's superuser is let in");
    assert!(matches!(municipality.report(period(), today()), Err(StoreError::NoCentres)));
}

#[test]
fn a_centre_the_central_team_was_not_given_is_named() {
    let mut setup = three_centres();
    let leader = setup.login("leder");
    add_central(&mut setup.admin, &leader).unwrap();
    // A fourth centre, migrated but never set up: nobody but its owner may read it.
    migrate_postgres(&mut setup.admin, "Vest").unwrap();
    let mut municipality = Municipality::open(&as_user(&setup.config, &leader)).unwrap();
    match municipality.report(period(), today()) {
        Err(StoreError::CentreNotGiven { centre }) => assert_eq!(centre, "Vest"),
        other => panic!("{other:?}"),
    }
    let said = StoreError::CentreNotGiven { centre: "Vest".into() }.to_string();
    assert!(said.contains("centret Vest") && said.contains("setup-server"), "{said}");
}
