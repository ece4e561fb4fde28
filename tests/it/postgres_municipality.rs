//! `sagsbord report --municipality`: the real binary reads every centre of
//! a municipality's database, as one of its central team (here the test
//! server's superuser, whom the database lets read every centre), and
//! prints the centres' figures added up and each centre's own, naming no
//! case; anyone else, and a file, are refused in Danish.

use serde_json::Value;

use crate::common::{fixture, server_url};
use crate::postgres_cli::sagsbord;

const CENTRES: [&str; 2] = ["Nord", "Syd"];
const TODAY: &str = "2026-12-02";

/// Two centres of the same caseload on a new database.
fn two_centres() -> String {
    let url = server_url();
    for centre in CENTRES {
        sagsbord(&url, Some(centre), &["import", fixture("caseload.json").to_str().unwrap()]).ok();
        sagsbord(&url, Some(centre), &["centre", "--name", &format!("Rusmiddelcenter {centre}")]).ok();
    }
    url
}

/// (section, row key) → count, of a report's JSON.
fn counts(report: &Value) -> Vec<(String, String, u64)> {
    let mut counts = Vec::new();
    for section in report["sections"].as_array().unwrap() {
        for row in section["rows"].as_array().unwrap() {
            let key = (section["section"].as_str().unwrap().to_string(), row["key"].as_str().unwrap().to_string());
            counts.push((key.0, key.1, row["count"].as_u64().unwrap()));
        }
    }
    counts
}

#[test]
fn the_municipality_adds_up_its_centres_and_names_no_case() {
    let url = two_centres();
    let args = ["report", "--year", "2026", "--today", TODAY, "--json"];
    let own: Vec<Value> =
        CENTRES.iter().map(|c| serde_json::from_str(&sagsbord(&url, Some(c), &args).ok().stdout).unwrap()).collect();
    let mut municipality_args = args.to_vec();
    municipality_args.push("--municipality");
    let run = sagsbord(&url, None, &municipality_args).ok();
    let m: Value = serde_json::from_str(&run.stdout).unwrap();

    let names: Vec<&str> = m["centres"].as_array().unwrap().iter().map(|c| c["centre"].as_str().unwrap()).collect();
    assert_eq!(names, ["Rusmiddelcenter Nord", "Rusmiddelcenter Syd"]);
    let nord = counts(&own[0]);
    assert!(nord.iter().map(|c| c.2).sum::<u64>() > 5, "the caseload counts: {nord:?}");
    for (section, key, count) in counts(&m["municipality"]) {
        let of = |r: &Value| counts(r).into_iter().find(|c| c.0 == section && c.1 == key).map_or(0, |c| c.2);
        assert_eq!(count, of(&own[0]) + of(&own[1]), "{section} {key}");
    }
    // Each centre's figures are its own report's, without its cases.
    for (centre, own) in m["centres"].as_array().unwrap().iter().zip(&own) {
        assert_eq!(counts(&centre["report"]), counts(own));
    }
    assert!(own[0]["cases"].as_array().is_some_and(|c| !c.is_empty()), "the centre's own report names its cases");
    for report in
        std::iter::once(&m["municipality"]).chain(m["centres"].as_array().unwrap().iter().map(|c| &c["report"]))
    {
        assert_eq!(report["cases"], serde_json::json!([]));
        for section in report["sections"].as_array().unwrap() {
            assert!(section["rows"].as_array().unwrap().iter().all(|r| r["cases"] == serde_json::json!([])));
        }
    }

    // As text: the municipality's heading, then each centre's report.
    let text = sagsbord(&url, None, &["report", "--year", "2026", "--today", TODAY, "--municipality"]).ok();
    assert!(text.stdout.starts_with("Kommunens årsrapport 2026 · 2 centre · opgjort 02.12.2026"), "{}", text.stdout);
    assert!(text.stdout.contains("Centrene: Rusmiddelcenter Nord, Rusmiddelcenter Syd."), "{}", text.stdout);
    assert!(text.stdout.lines().all(|l| l.chars().count() <= 80), "{}", text.stdout);
    for centre in ["Rusmiddelcenter Nord", "Rusmiddelcenter Syd"] {
        assert!(text.stdout.contains(&format!("Årsrapport 2026 · {centre} · opgjort 02.12.2026")), "{}", text.stdout);
    }
}

#[test]
fn the_workbook_and_the_page_set_each_figure_of_the_municipality_beside_each_centres() {
    use calamine::{Data, Reader, Xlsx};
    use std::os::unix::fs::PermissionsExt;
    let url = two_centres();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kommunen.xlsx");
    let args = ["report", "--year", "2026", "--today", TODAY, "--municipality", "--xlsx", file.to_str().unwrap()];
    let run = sagsbord(&url, None, &args).ok();
    assert!(run.stdout.contains("kommunen.xlsx"), "{}", run.stdout);
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    let json = ["report", "--year", "2026", "--today", TODAY, "--municipality", "--json"];
    let m: Value = serde_json::from_str(&sagsbord(&url, None, &json).ok().stdout).unwrap();

    let mut book: Xlsx<_> = calamine::open_workbook(&file).unwrap();
    let names = book.sheet_names();
    let sections = m["municipality"]["sections"].as_array().unwrap();
    assert_eq!(names.len(), sections.len() + 1, "a sheet a section and the goals: {names:?}");
    let courses = book.worksheet_range(&names[0]).unwrap();
    let header: Vec<String> = (0..4).map(|c| courses.get_value((1, c)).unwrap().to_string()).collect();
    assert_eq!(header, ["Hvad", "Kommunen", "Rusmiddelcenter Nord", "Rusmiddelcenter Syd"]);
    // Each row: the municipality's count, then each centre's.
    let rows = sections[0]["rows"].as_array().unwrap();
    for (at, row) in (2..).zip(rows) {
        let cell = |c: u32| match courses.get_value((at, c)) {
            Some(Data::Float(n)) => *n as u64,
            other => panic!("row {at} column {c}: {other:?}"),
        };
        let centre = |i: usize, key: &str| {
            let rows = m["centres"][i]["report"]["sections"][0]["rows"].as_array().unwrap();
            rows.iter().find(|r| r["key"] == key).map_or(0, |r| r["count"].as_u64().unwrap())
        };
        let key = row["key"].as_str().unwrap();
        assert_eq!(
            (cell(1), cell(2), cell(3)),
            (row["count"].as_u64().unwrap(), centre(0, key), centre(1, key)),
            "{key}"
        );
    }
}

#[test]
fn the_central_team_set_up_through_the_binary_gets_it_and_a_centres_team_leader_is_refused() {
    let url = two_centres();
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let database: String = admin.query_one("SELECT current_database()", &[]).unwrap().get(0);
    // Unique on the server (roles are the whole server's), and short: a
    // user's name is a Unix user's, at most 32 characters.
    let mut login = |who: &str| {
        use std::hash::{Hash, Hasher};
        let mut hash = std::collections::hash_map::DefaultHasher::new();
        database.hash(&mut hash);
        let login = format!("{who}_{:08x}", hash.finish() as u32);
        admin.batch_execute(&format!("CREATE ROLE {login} LOGIN")).unwrap();
        login
    };
    let (leader, anna) = (login("leder"), login("anna"));
    for centre in CENTRES {
        sagsbord(&url, Some(centre), &["setup-server"]).ok();
    }
    sagsbord(&url, None, &["central", "add", &leader]).ok();
    sagsbord(&url, Some("Nord"), &["user", "add", &anna, "--role", "teamleder"]).ok();
    let as_ = |who: &str| sagsbord::store::engine::test_server::as_user(&url, who);

    let args = ["report", "--year", "2026", "--today", TODAY, "--municipality", "--json"];
    let m: Value = serde_json::from_str(&sagsbord(&as_(&leader), None, &args).ok().stdout).unwrap();
    assert_eq!(m["centres"].as_array().unwrap().len(), 2);
    assert!(counts(&m["municipality"]).iter().map(|c| c.2).sum::<u64>() > 0);

    let run = sagsbord(&as_(&anna), None, &["report", "--municipality"]).failed();
    assert!(run.stderr.contains(&format!("{anna} er ikke med i kommunens centrale team")), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    // Her own centre's report is the team leader's; the municipality's is not.
    sagsbord(&as_(&anna), Some("Nord"), &["report", "--year", "2026", "--today", TODAY]).ok();
}

#[test]
fn a_file_is_refused_in_danish() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("centret.db");
    let run = sagsbord(file.to_str().unwrap(), None, &["report", "--municipality"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains("kommunens rapport læser alle centrene på kommunens PostgreSQL-server"),
        "{}",
        run.stderr
    );
    assert!(!file.exists(), "no file is made");
}
