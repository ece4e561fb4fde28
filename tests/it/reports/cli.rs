//! `sagsbord report` as a user runs it: the sample centre's report as a
//! snapshot, and a hand-built file whose every figure is counted below.

use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::common::{BIN, fixture, manifest};

pub(super) fn run(db: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("SAGSBORD_DB")
        .stdin(Stdio::null())
        .output()
        .expect("run sagsbord");
    (out.status.code(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

/// A database in a temporary folder holding `file`.
pub(super) fn imported(file: &Path) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sagsbord.db");
    let (code, _, err) = run(&db, &["import", file.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    (dir, db)
}

pub(super) fn report_json(db: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--today", "2026-03-17", "report", "--json"];
    all.extend_from_slice(args);
    let (code, out, err) = run(db, &all);
    assert_eq!(code, Some(0), "{err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}):\n{out}"))
}

/// (key, count, cases) of each row with a count, of one section.
fn figures(report: &Value, section: &str) -> Vec<(String, u64, Vec<i64>)> {
    let s = report["sections"].as_array().unwrap().iter().find(|s| s["section"] == section).unwrap();
    s["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["count"].as_u64().unwrap() > 0)
        .map(|r| {
            let cases = r["cases"].as_array().unwrap().iter().map(|c| c.as_i64().unwrap()).collect();
            (r["key"].as_str().unwrap().to_string(), r["count"].as_u64().unwrap(), cases)
        })
        .collect()
}

fn f(key: &str, count: u64, cases: &[i64]) -> (String, u64, Vec<i64>) {
    (key.to_string(), count, cases.to_vec())
}

fn notes(report: &Value, section: &str) -> Vec<Value> {
    let s = report["sections"].as_array().unwrap().iter().find(|s| s["section"] == section).unwrap();
    s["notes"].as_array().unwrap().clone()
}

#[test]
fn the_hand_built_year_is_counted_figure_by_figure() {
    // tests/fixtures/report_year.json, Randers, reported for 2025 on 17.03.2026:
    // 1: Karl (150590-1233), 01.12.2024 - 15.02.2025 completed; called at
    //    1 month (drug-free) and 6 months (reduced).
    // 2: Karl again from 01.10.2025, started 10.10 (day 9 of 14).
    // 3: Ole (120560-1111), first contact 01.07.2025, started 20.07 (5 days over).
    // 4: Lise, no CPR, contact closed 10.04.2025 without treatment.
    // Complaints: 1 (case 3) told 25.07, received 22.08 (the 28th day: in
    //    time), upheld 25.08, forwarded 19.09 (received + 28: in time),
    //    returned by Ankestyrelsen 01.12. 2 (case 2) told 15.10, received
    //    13.11 (the 29th day: late), changed by the centre 20.11. 3 (case 3)
    //    received 10.12, not re-assessed.
    let (_dir, db) = imported(&fixture("report_year.json"));
    let report = report_json(&db, &["--year", "2025"]);
    assert_eq!(report["period"], serde_json::json!({ "from": "2025-01-01", "to": "2025-12-31" }));
    assert_eq!(report["profile"], "randers");
    // Started in 2025: 2 and 3, both open; 1 was in treatment over New Year.
    assert_eq!(
        figures(&report, "courses"),
        vec![f("started", 2, &[2, 3]), f("still_open", 2, &[2, 3]), f("in_treatment", 3, &[1, 2, 3])]
    );
    // 1 ended after 2 whole months.
    assert_eq!(figures(&report, "length"), vec![f("months_0_3", 1, &[1])]);
    assert_eq!(figures(&report, "sex"), vec![f("male", 2, &[2, 3])]);
    // Karl is 35 on 10.10.2025; Ole 65 on 20.07.2025.
    assert_eq!(figures(&report, "age"), vec![f("age_31_40", 1, &[2]), f("age_over_60", 1, &[3])]);
    assert_eq!(figures(&report, "end_reasons"), vec![f("completed", 1, &[1])]);
    assert_eq!(
        figures(&report, "closed_contacts"),
        vec![f("closed_without_treatment", 1, &[4]), f("not_given", 1, &[4])]
    );
    assert_eq!(figures(&report, "guarantee"), vec![f("in_time", 1, &[2]), f("late_no_reason", 1, &[3])]);
    assert_eq!(notes(&report, "guarantee")[0], serde_json::json!({ "kind": "share_in_time", "in_time": 1, "of": 2 }));
    assert_eq!(figures(&report, "follow_up_1_months"), vec![f("drug_free", 1, &[1])]);
    assert_eq!(figures(&report, "follow_up_6_months"), vec![f("reduced", 1, &[1])]);
    // Karl came back within 12 months: 1 of 1 completed, over Randers' 15 %.
    assert_eq!(figures(&report, "re_enrolment"), vec![f("completed", 1, &[1]), f("re_enrolled", 1, &[1])]);
    let target = &notes(&report, "re_enrolment")[0];
    assert_eq!((target["target"].as_str(), target["met"].as_bool()), (Some("re_enrolled_at_most"), Some(false)));
    // Not recorded is said, not counted.
    assert_eq!(
        figures(&report, "complaints"),
        vec![
            f("received", 3, &[2, 3]),
            f("late", 1, &[2]),
            f("awaiting_reassessment", 1, &[3]),
            f("changed_by_centre", 1, &[2]),
            f("forwarded", 1, &[3]),
            f("appeal_returned", 1, &[3]),
        ]
    );
    // Citizenship and family are recorded now (optional at intake:
    // "not_recorded" rows count the rest).
    for (section, recorded) in [("citizenship", true), ("family", true), ("complaints", true)] {
        let s = report["sections"].as_array().unwrap().iter().find(|s| s["section"] == section).unwrap();
        assert_eq!(s["recorded"], recorded, "{section}");
    }
    // The cases behind the figures: masked CPR and counsellor, never a name.
    let cases = report["cases"].as_array().unwrap();
    assert_eq!(cases[1], serde_json::json!({ "case": 2, "cpr_masked": "150590-XXXX", "counsellor": "bo" }));
    assert!(!report.to_string().contains("Karl"));
    // A range is the same computation: the second half of 2025 has only 2.
    let half = report_json(&db, &["--from", "2025-07-21", "--to", "2025-12-31"]);
    assert_eq!(figures(&half, "courses")[0], f("started", 1, &[2]));
}

#[test]
fn the_sample_centres_report_as_text() {
    let (_dir, db) = imported(&manifest("sample-data/centre.json"));
    let (code, out, err) = run(&db, &["--today", "2026-03-17", "report", "--year", "2025"]);
    assert_eq!(code, Some(0), "{err}");
    for line in out.lines() {
        assert!(line.chars().count() <= 80, "wider than 80: {line}");
        assert!(!line.chars().any(char::is_control), "control character: {line:?}");
    }
    insta::assert_snapshot!("sample_report_2025", out);
    // Without a year: the last whole year before today.
    let (_, default, _) = run(&db, &["--today", "2026-03-17", "report"]);
    assert_eq!(default, out);
}

#[test]
fn a_period_that_cannot_be_is_a_usage_error() {
    let (_dir, db) = imported(&fixture("report_year.json"));
    let (code, _, err) = run(&db, &["report", "--from", "2025-02-01", "--to", "2025-01-01"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("--to ligger før --from"), "{err}");
    let (code, _, _) = run(&db, &["report", "--year", "2025", "--from", "2025-01-01", "--to", "2025-02-01"]);
    assert_eq!(code, Some(2));
    let (code, _, _) = run(&db, &["report", "--from", "2025-01-01"]);
    assert_eq!(code, Some(2));
}
