//! `sagsbord report --csv/--html/--xlsx`: each file read back with a reader
//! of its own format (the `csv` crate, an HTML5 parser, `calamine`) and held
//! against the same report's JSON.

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use serde_json::Value;

use super::cli::{imported, report_json, run};
use crate::common::manifest;

const TODAY: &str = "2026-03-17";

/// The goal the team leader wrote for 2025, with what HTML must escape.
const GOAL: &str = "Synlighed <i lokalavisen> & på nettet";
const STATUS: &str = "Annonceret to gange\nFolderen revideret";

/// The sample centre's database with a goal for 2025, and its 2025 report
/// as JSON.
fn sample() -> (tempfile::TempDir, std::path::PathBuf, Value) {
    let (dir, db) = imported(&manifest("sample-data/centre.json"));
    let mut store = crate::common::open_as(&db, "tove", sagsbord::store::Role::TeamLeader);
    let draft = sagsbord::domain::report::GoalDraft::new(GOAL, STATUS).unwrap();
    store.save_year_goal(None, 2025, &draft).unwrap();
    drop(store);
    let json = report_json(&db, &["--year", "2025"]);
    assert_eq!(json["goals"], serde_json::json!([{ "year": 2025, "goal": GOAL, "status": STATUS }]));
    (dir, db, json)
}

fn sections(json: &Value) -> &Vec<Value> {
    json["sections"].as_array().unwrap()
}

fn write(db: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let mut all = vec!["--today", TODAY, "report", "--year", "2025"];
    all.extend_from_slice(args);
    run(db, &all)
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn every_section_round_trips_through_its_csv_file() {
    let (dir, db, json) = sample();
    let out = dir.path().join("rapport-csv");
    let (code, stdout, err) = write(&db, &["--csv", out.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert!(stdout.contains("Skrevet:") && stdout.contains("courses.csv"), "{stdout}");
    for section in sections(&json) {
        let path = out.join(format!("{}.csv", section["section"].as_str().unwrap()));
        assert_eq!(mode(&path), 0o600, "{path:?}");
        let mut reader = csv::Reader::from_path(&path).unwrap();
        assert_eq!(reader.headers().unwrap(), vec!["key", "label", "count", "amount_ore", "cases"]);
        let read: Vec<(String, u64, Option<i64>, Vec<i64>)> = reader
            .records()
            .map(|r| {
                let r = r.unwrap();
                let cases = r[4].split_whitespace().map(|c| c.parse().unwrap()).collect();
                (r[0].to_string(), r[2].parse().unwrap(), (!r[3].is_empty()).then(|| r[3].parse().unwrap()), cases)
            })
            .collect();
        let expected: Vec<(String, u64, Option<i64>, Vec<i64>)> = section["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let cases = r["cases"].as_array().unwrap().iter().map(|c| c.as_i64().unwrap()).collect();
                (r["key"].as_str().unwrap().to_string(), r["count"].as_u64().unwrap(), r["amount_ore"].as_i64(), cases)
            })
            .collect();
        assert_eq!(read, expected, "{path:?}");
    }
    // The notes file names each note's section; the goals file the goals.
    let mut notes = csv::Reader::from_path(out.join("notes.csv")).unwrap();
    assert!(notes.records().any(|r| r.unwrap()[0] == *"guarantee"));
    let goals: Vec<csv::StringRecord> =
        csv::Reader::from_path(out.join("goals.csv")).unwrap().records().map(Result::unwrap).collect();
    assert_eq!(goals, vec![csv::StringRecord::from(vec!["2025", GOAL, "Annonceret to gange Folderen revideret"])]);
    // Nothing is replaced without --force; with it, all of them are.
    std::fs::write(out.join("courses.csv"), "mine").unwrap();
    let (code, _, err) = write(&db, &["--csv", out.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert!(err.contains("findes allerede") && err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(out.join("courses.csv")).unwrap(), "mine");
    let (code, _, err) = write(&db, &["--csv", out.to_str().unwrap(), "--force"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(std::fs::read_to_string(out.join("courses.csv")).unwrap().starts_with("key,label"));
    // A file where the folder should be is named, and nothing is written.
    let file = dir.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    let (code, _, err) = write(&db, &["--csv", file.to_str().unwrap()]);
    assert_eq!((code, err.contains("er ikke en mappe")), (Some(1), true), "{err}");
}

#[test]
fn the_html_page_is_one_self_contained_danish_document_for_a4() {
    let (dir, db, json) = sample();
    let file = dir.path().join("rapport.html");
    let (code, _, err) = write(&db, &["--html", file.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(mode(&file), 0o600);
    let page = std::fs::read_to_string(&file).unwrap();
    let doc = scraper::Html::parse_document(&page);
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    assert_eq!(doc.select(&sel("html")).next().unwrap().value().attr("lang"), Some("da"));
    // Nothing outside the file: no address, no script, no linked style.
    assert!(!page.contains("http://") && !page.contains("https://"), "an address in the page");
    for element in doc.root_element().descendants().filter_map(scraper::ElementRef::wrap) {
        for (name, value) in element.value().attrs() {
            assert!(!value.trim_start().starts_with("//"), "{name}={value}");
        }
    }
    assert_eq!(doc.select(&sel("script")).count(), 0);
    assert_eq!(doc.select(&sel("link[href]")).count(), 0);
    assert_eq!(doc.select(&sel("img, iframe, object, embed")).count(), 0);
    assert!(!page.contains("url(") && !page.contains("@import"));
    // A4, a page a section.
    let style: String = doc.select(&sel("style")).map(|s| s.text().collect::<String>()).collect();
    assert!(style.contains("size: A4") && style.contains("break-before: page"), "{style}");
    // Every section, under its Danish title, figures beside bars.
    let titles: Vec<String> = doc.select(&sel("section > h2")).map(|h| h.text().collect()).collect();
    assert_eq!(titles.len(), sections(&json).len() + 1);
    assert_eq!((titles[0].as_str(), titles.last().unwrap().as_str()), ("Forløb", "Årets mål og status"));
    // The goal as written, its markup shown as text, its lines kept.
    let goal_row = doc.select(&sel("section:last-of-type tbody tr")).next().expect("the goal's row");
    let cells: Vec<String> = goal_row.select(&sel("td")).map(|td| td.text().collect::<Vec<_>>().join("\n")).collect();
    assert_eq!(cells, ["2025", GOAL, STATUS]);
    let started = doc
        .select(&sel("tr"))
        .find(|tr| tr.text().any(|t| t == "Startet i perioden"))
        .expect("the row of courses started");
    let figure = sections(&json)[0]["rows"][0]["count"].to_string();
    assert!(started.text().any(|t| t == figure), "{:?}", started.text().collect::<Vec<_>>());
    assert!(started.select(&sel("svg rect")).next().is_some());
    // Black bars: readable in black and white.
    assert!(doc.select(&sel("svg rect")).all(|r| r.value().attr("fill") == Some("#000")));
}

#[test]
fn the_workbook_has_a_sheet_a_section_with_numbers_and_charts() {
    use calamine::{Data, Reader, Xlsx};
    let (dir, db, json) = sample();
    let file = dir.path().join("rapport.xlsx");
    let (code, _, err) = write(&db, &["--xlsx", file.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(mode(&file), 0o600);
    let mut book: Xlsx<_> = calamine::open_workbook(&file).unwrap();
    let mut names = book.sheet_names();
    assert_eq!(names.len(), sections(&json).len() + 1);
    assert_eq!(names[0], "01 Forløb");
    // The last sheet: the year's goals.
    let goals_sheet = names.pop().unwrap();
    let goals = book.worksheet_range(&goals_sheet).unwrap();
    assert_eq!(goals.get_value((2, 0)), Some(&Data::Float(2025.0)));
    assert_eq!(goals.get_value((2, 1)), Some(&Data::String(GOAL.into())));
    assert_eq!(goals.get_value((2, 2)), Some(&Data::String(STATUS.into())));
    for (name, section) in names.iter().zip(sections(&json)) {
        let range = book.worksheet_range(name).unwrap();
        // Each figure's label, its count as a number and its amount in kroner.
        let by_label: BTreeMap<String, (f64, Option<f64>)> = (2..range.height() as u32)
            .filter_map(|row| {
                let label = range.get_value((row, 0))?.to_string();
                match range.get_value((row, 1))? {
                    Data::Float(count) => {
                        let amount = match range.get_value((row, 2)) {
                            Some(Data::Float(a)) => Some(*a),
                            _ => None,
                        };
                        Some((label, (*count, amount)))
                    }
                    _ => None,
                }
            })
            .collect();
        let rows = section["rows"].as_array().unwrap();
        assert_eq!(by_label.len(), rows.len(), "{name}");
        let counts: Vec<f64> = by_label.values().map(|v| v.0).collect();
        let mut expected: Vec<f64> = rows.iter().map(|r| r["count"].as_f64().unwrap()).collect();
        let mut got = counts.clone();
        got.sort_by(f64::total_cmp);
        expected.sort_by(f64::total_cmp);
        assert_eq!(got, expected, "{name}");
        let amounts: i64 = by_label.values().filter_map(|v| v.1).map(|a| (a * 100.0).round() as i64).sum();
        let expected: i64 = rows.iter().filter_map(|r| r["amount_ore"].as_i64()).sum();
        assert_eq!(amounts, expected, "{name}");
    }
    // A chart on each sheet that has figures: the drawings in the package.
    let zip = std::fs::read(&file).unwrap();
    let with_rows = sections(&json).iter().filter(|s| !s["rows"].as_array().unwrap().is_empty()).count();
    let charts = (1..=with_rows).filter(|i| find(&zip, format!("xl/charts/chart{i}.xml").as_bytes())).count();
    assert_eq!(charts, with_rows);
    assert!(!find(&zip, format!("xl/charts/chart{}.xml", with_rows + 1).as_bytes()));
}

fn find(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_report_file_is_never_written_over_without_force() {
    let (dir, db, _) = sample();
    let file = dir.path().join("rapport.html");
    std::fs::write(&file, "a colleague's").unwrap();
    let (code, _, err) = write(&db, &["--html", file.to_str().unwrap(), "--xlsx", "/nonexistent/x.xlsx"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("findes allerede"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "a colleague's");
    let (code, _, err) = write(&db, &["--html", file.to_str().unwrap(), "--force"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(std::fs::read_to_string(&file).unwrap().starts_with("<!DOCTYPE html>"));
    // JSON and files are not asked for at once.
    let (code, _, _) = write(&db, &["--json", "--html", file.to_str().unwrap()]);
    assert_eq!(code, Some(2));
}

#[test]
fn the_stays_alone_for_the_finance_office_add_up_in_text_json_and_csv() {
    let (dir, db) = imported(&manifest("sample-data/centre.json"));
    // 2026 on 17.03.2026: spent to today, forecast to 31 December.
    let json = report_json(&db, &["--year", "2026", "--section", "stays"]);
    let ids: Vec<&str> = sections(&json).iter().map(|s| s["section"].as_str().unwrap()).collect();
    assert_eq!(ids, ["stays_by_month", "stay_days_by_month", "stays_by_provider", "stays_by_stay"]);
    assert_eq!(json["goals"], serde_json::json!([]));
    let amount = |id: &str| -> i64 {
        let s = sections(&json).iter().find(|s| s["section"] == id).unwrap();
        s["rows"].as_array().unwrap().iter().map(|r| r["amount_ore"].as_i64().unwrap()).sum()
    };
    let note = |id: &str, kind: &str| -> Value {
        let s = sections(&json).iter().find(|s| s["section"] == id).unwrap();
        s["notes"].as_array().unwrap().iter().find(|n| n["kind"] == kind).unwrap().clone()
    };
    let year = note("stays_by_month", "stay_year");
    let total = year["realised_ore"].as_i64().unwrap() + year["forecast_ore"].as_i64().unwrap();
    assert!(total > 0 && year["forecast_ore"].as_i64().unwrap() > 0, "{year}");
    // Per month, per provider and per stay: the same year's money.
    assert_eq!((amount("stays_by_month"), amount("stays_by_provider"), amount("stays_by_stay")), (total, total, total));
    // The days per month add up to the days spent and forecast.
    let days = note("stay_days_by_month", "stay_days");
    let by_month: u64 =
        sections(&json)[1]["rows"].as_array().unwrap().iter().map(|r| r["count"].as_u64().unwrap()).sum();
    assert_eq!(by_month as i64, days["realised"].as_i64().unwrap() + days["forecast"].as_i64().unwrap());
    assert!(days["forecast"].as_i64().unwrap() > 0);
    // The text says the stays only, 80 columns.
    let (code, out, err) = run(&db, &["--today", TODAY, "report", "--year", "2026", "--section", "stays"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("DØGNOPHOLD: UDGIFT PR. OPHOLD") && out.contains("DØGNOPHOLD: DAGE PR. MÅNED"), "{out}");
    assert!(!out.contains("FORLØB") && !out.contains("ÅRETS MÅL"), "{out}");
    assert!(out.lines().all(|l| l.chars().count() <= 80));
    // The CSV: one file per stays section and the per-stay lines read back.
    let folder = dir.path().join("økonomi");
    let args = ["--today", TODAY, "report", "--year", "2026", "--section", "stays", "--csv", folder.to_str().unwrap()];
    let (code, _, err) = run(&db, &args);
    assert_eq!(code, Some(0), "{err}");
    let mut reader = csv::Reader::from_path(folder.join("stays_by_stay.csv")).unwrap();
    let sum: i64 = reader.records().map(|r| r.unwrap()[3].parse::<i64>().unwrap()).sum();
    assert_eq!(sum, total);
    assert!(!folder.join("courses.csv").exists());
    // A section that is not one is a usage error, in Danish.
    let (code, _, err) = run(&db, &["report", "--section", "forløb"]);
    assert_eq!(code, Some(2), "{err}");
}

/// The text (the morning mail's and the terminal's) prints the year's
/// goals after the figures too, as the JSON and every file do.
#[test]
fn the_text_report_prints_the_goals_after_the_figures() {
    let (_dir, db, _json) = sample();
    let (code, out, err) = write(&db, &[]);
    assert_eq!(code, Some(0), "{err}");
    let lines: Vec<&str> = out.lines().collect();
    let title = lines.iter().position(|l| *l == "ÅRETS MÅL OG STATUS").expect(&out);
    let figures = lines.iter().position(|l| *l == "FORLØB").expect(&out);
    assert!(figures < title, "{out}");
    assert_eq!(lines[title + 1], "  Mål 2025: Synlighed <i lokalavisen> & på nettet", "{out}");
    assert!(lines[title + 2].starts_with("    Status: Annonceret to gange"), "{out}");
    assert!(lines[title + 2..].iter().any(|l| l.contains("Folderen revideret")), "{out}");
}

/// The complaints of the hand-built year (tests/fixtures/report_year.json;
/// every figure explained in `cli::the_hand_built_year_is_counted_figure_by_figure`)
/// in the text, CSV, HTML and XLSX outputs alike.
#[test]
fn the_complaints_and_their_outcome_are_in_every_output() {
    use calamine::{Data, Reader, Xlsx};
    let (dir, db) = imported(&crate::common::fixture("report_year.json"));
    // (label, count) of the figures with a count.
    let expected = [
        ("Modtaget i perioden", 3),
        ("Heraf efter klagefristen", 1),
        ("Afventer genvurdering", 1),
        ("Ændret af centret ved genvurdering", 1),
        ("Videresendt til Ankestyrelsen", 1),
        ("Ankestyrelsen: hjemvist", 1),
    ];
    // Text: the section under its title, each figure on its label's line.
    let (code, text, err) = write(&db, &[]);
    assert_eq!(code, Some(0), "{err}");
    let section = &text[text.find("KLAGER").expect("the section")..];
    for (label, count) in expected {
        let line = section.lines().find(|l| l.contains(label)).unwrap_or_else(|| panic!("{label}:\n{section}"));
        assert!(line.split_whitespace().any(|w| w == count.to_string()), "{line}");
    }
    assert!(!section.lines().take(3).any(|l| l.contains("Ikke registreret")), "{section}");
    // CSV: complaints.csv, by key with the cases behind.
    let out = dir.path().join("csv");
    assert_eq!(write(&db, &["--csv", out.to_str().unwrap()]).0, Some(0));
    let rows: Vec<csv::StringRecord> =
        csv::Reader::from_path(out.join("complaints.csv")).unwrap().records().map(Result::unwrap).collect();
    let received = rows.iter().find(|r| &r[0] == "received").unwrap();
    assert_eq!((&received[1], &received[2], &received[4]), ("Modtaget i perioden", "3", "2 3"));
    let returned = rows.iter().find(|r| &r[0] == "appeal_returned").unwrap();
    assert_eq!((&returned[2], &returned[4]), ("1", "3"));
    // HTML: the section's rows with their figures.
    let file = dir.path().join("rapport.html");
    assert_eq!(write(&db, &["--html", file.to_str().unwrap()]).0, Some(0));
    let doc = scraper::Html::parse_document(&std::fs::read_to_string(&file).unwrap());
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    let section = doc
        .select(&sel("section"))
        .find(|s| s.select(&sel("h2")).any(|h| h.text().collect::<String>() == "Klager"))
        .expect("the complaints section");
    for (label, count) in expected {
        let row =
            section.select(&sel("tr")).find(|tr| tr.text().any(|t| t == label)).unwrap_or_else(|| panic!("{label}"));
        assert!(row.text().any(|t| t == count.to_string()), "{label}: {:?}", row.text().collect::<Vec<_>>());
    }
    // XLSX: the sheet "NN Klager", counts as numbers.
    let file = dir.path().join("rapport.xlsx");
    assert_eq!(write(&db, &["--xlsx", file.to_str().unwrap()]).0, Some(0));
    let mut book: Xlsx<_> = calamine::open_workbook(&file).unwrap();
    let name = book.sheet_names().into_iter().find(|n| n.ends_with(" Klager")).expect("the sheet");
    let range = book.worksheet_range(&name).unwrap();
    for (label, count) in expected {
        let row = (0..range.height() as u32)
            .find(|r| range.get_value((*r, 0)).is_some_and(|v| *v == Data::String(label.into())))
            .unwrap_or_else(|| panic!("{label}"));
        assert_eq!(range.get_value((row, 1)), Some(&Data::Float(f64::from(count))), "{label}");
    }
}
