//! `sagsbord due` as the morning digest: per counsellor, `--mine`,
//! `--counsellor`, `--fail-if-overdue`, and the access rule under all of
//! them. The real binary on the caseload fixture (profile faxe, today 20
//! March 2026: anna's cases 5 and 1 overdue, bo's case 2 due in 2 days).

use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::{BIN, Run, fixture, open_as, open_db};
use sagsbord::store::{Role, Store, exchange};
use serde_json::Value;

fn sagsbord(db: &Path, args: &[&str]) -> Run {
    let out = Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("SAGSBORD_DB")
        .stdin(Stdio::null())
        .output()
        .expect("run sagsbord");
    Run::of(out)
}

/// The caseload imported by a team leader, `leder`, in-process; the user
/// running the tests is then registered with `role`.
fn caseload_for(role: Role) -> (tempfile::TempDir, std::path::PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sagsbord.db");
    let file = exchange::parse(&std::fs::read_to_string(fixture("caseload.json")).unwrap()).unwrap();
    Store::open(&db, "leder").unwrap().import(&file).unwrap();
    let me = sagsbord::store::current_user().unwrap();
    drop(open_as(&db, &me, role));
    (dir, db, me)
}

fn cases_and_kinds(stdout: &str) -> Vec<(i64, String)> {
    let items: Vec<Value> = serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    items.iter().map(|i| (i["case"].as_i64().unwrap(), i["kind"].as_str().unwrap().to_string())).collect()
}

fn item(case: i64, kind: &str) -> (i64, String) {
    (case, kind.to_string())
}

#[test]
fn the_digest_groups_by_counsellor_and_narrows_to_one() {
    let (_dir, db, _me) = caseload_for(Role::TeamLeader);
    let all = sagsbord(&db, &["due", "--today", "2026-03-20", "--within", "2"]).ok().stdout;
    let lines: Vec<&str> = all.lines().collect();
    assert_eq!(lines[1], "6 forfaldne punkter, heraf 4 overskredet", "{all}");
    // anna's group, then bo's; each line under the counsellor who has it.
    let anna = lines.iter().position(|l| *l == "anna (4 punkter, heraf 4 overskredet)").expect(&all);
    let bo = lines.iter().position(|l| *l == "bo (2 punkter, heraf 0 overskredet)").expect(&all);
    assert!(anna < bo, "{all}");
    assert!(lines[anna + 1..bo - 1].iter().all(|l| l.starts_with("  sag     5") || l.starts_with("  sag     1")));
    assert!(lines[bo + 1..].iter().all(|l| l.starts_with("  sag     2")), "{all}");
    assert_eq!(lines.len(), bo + 3, "{all}");

    // --counsellor: only bo's, in text and JSON alike.
    let text = sagsbord(&db, &["due", "--today", "2026-03-20", "--within", "2", "--counsellor", "bo"]).ok().stdout;
    assert!(text.contains("Kun bos sager"), "{text}");
    assert!(!text.contains("anna"), "{text}");
    let json =
        sagsbord(&db, &["due", "--json", "--today", "2026-03-20", "--within", "2", "--counsellor", "bo"]).ok().stdout;
    assert_eq!(cases_and_kinds(&json), [item(2, "guarantee"), item(2, "doctor")]);
    // Someone with nothing due: an empty list, said so.
    let none = sagsbord(&db, &["due", "--today", "2026-03-20", "--counsellor", "carl"]).ok().stdout;
    assert!(none.ends_with("Intet forfaldent.\n"), "{none}");
    // --mine: the team leader running it has no cases of their own.
    let mine = sagsbord(&db, &["due", "--json", "--today", "2026-03-20", "--mine"]).ok().stdout;
    assert_eq!(cases_and_kinds(&mine), []);
    // Not both.
    let run = sagsbord(&db, &["due", "--mine", "--counsellor", "bo"]).failed();
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("--mine kan ikke bruges sammen med --counsellor"), "{}", run.stderr);
    // A name with an escape sequence is refused, not printed.
    let run = sagsbord(&db, &["due", "--counsellor", "bo\u{1b}[2J"]).failed();
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("--counsellor må ikke indeholde styretegn"), "{}", run.stderr);
}

#[test]
fn fail_if_overdue_gives_exit_1_only_when_something_listed_is_overdue() {
    let (_dir, db, _me) = caseload_for(Role::TeamLeader);
    // anna's cases are overdue: the list is printed, and the exit code is 1.
    let run = sagsbord(&db, &["due", "--today", "2026-03-20", "--fail-if-overdue"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stdout.contains("anna (4 punkter, heraf 4 overskredet)"), "{}", run.stdout);
    assert_eq!(run.stderr, "sagsbord: 4 punkter er overskredet\n");
    let run = sagsbord(&db, &["due", "--json", "--today", "2026-03-20", "--fail-if-overdue"]);
    assert_eq!(run.code, Some(1));
    assert_eq!(cases_and_kinds(&run.stdout).len(), 4);
    // bo's items are due in 2 days, not overdue: exit 0.
    let run =
        sagsbord(&db, &["due", "--today", "2026-03-20", "--within", "2", "--counsellor", "bo", "--fail-if-overdue"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stderr.is_empty());
    // The same day without the flag: exit 0 whatever is overdue.
    assert_eq!(sagsbord(&db, &["due", "--today", "2026-03-20"]).code, Some(0));
    // Due today is not overdue: bo's case 2 on its deadline day.
    let run = sagsbord(&db, &["due", "--today", "2026-03-22", "--counsellor", "bo", "--fail-if-overdue"]);
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    assert!(run.stdout.contains("i dag"), "{}", run.stdout);
    let run = sagsbord(&db, &["due", "--today", "2026-03-23", "--counsellor", "bo", "--fail-if-overdue"]);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
}

/// The access rule still decides: a counsellor's digest holds their own
/// cases only, and naming a colleague shows nothing of the colleague's.
#[test]
fn a_counsellors_digest_holds_only_what_they_may_open() {
    let (_dir, db, me) = caseload_for(Role::Counsellor);
    // Case 1 (guarantee and doctor overdue) is given to the one running it.
    open_db(&db).execute("UPDATE cases SET counsellor = ?1 WHERE id = 1", [&me]).unwrap();
    let all = sagsbord(&db, &["due", "--json", "--today", "2026-03-20", "--within", "9"]).ok().stdout;
    assert_eq!(cases_and_kinds(&all), [item(1, "guarantee"), item(1, "doctor")]);
    let mine = sagsbord(&db, &["due", "--json", "--today", "2026-03-20", "--within", "9", "--mine"]).ok().stdout;
    assert_eq!(cases_and_kinds(&mine), [item(1, "guarantee"), item(1, "doctor")]);
    let items: Vec<Value> = serde_json::from_str(&mine).unwrap();
    assert_eq!(items[0]["clock_started"], "2026-03-01");
    assert_eq!(items[0]["follow_up_months"], Value::Null);
    assert_eq!(items[1]["clock_started"], Value::Null);
    for colleague in ["anna", "bo"] {
        let theirs =
            sagsbord(&db, &["due", "--json", "--today", "2026-03-20", "--within", "9", "--counsellor", colleague])
                .ok()
                .stdout;
        assert_eq!(cases_and_kinds(&theirs), [], "{colleague}");
    }
}
