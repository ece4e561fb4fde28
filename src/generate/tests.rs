use super::*;
use crate::store::Store;
use crate::store::exchange::{check_file, to_text};

fn shape(cases: usize, seed: u64) -> Shape {
    Shape { cases, seed, today: NaiveDate::from_ymd_opt(2026, 3, 17).unwrap(), stress: false }
}

fn generated(shape: &Shape) -> ExportFile {
    centre(shape, &mut |_| {})
}

#[test]
fn the_same_seed_gives_the_same_file_and_another_seed_another() {
    let a = to_text(&generated(&shape(300, 42)));
    assert_eq!(a, to_text(&generated(&shape(300, 42))));
    assert_ne!(a, to_text(&generated(&shape(300, 43))));
}

#[test]
fn a_generated_centre_holds_every_kind_of_record_and_imports_cleanly() {
    let file = generated(&shape(600, 7));
    let counts = [
        ("citizens", file.citizens.len()),
        ("cases", file.cases.len()),
        ("case_events", file.case_events.len()),
        ("plan_versions", file.plan_versions.len()),
        ("course_endings", file.course_endings.len()),
        ("follow_up_calls", file.follow_up_calls.len()),
        ("follow_up_attempts", file.follow_up_attempts.len()),
        ("children", file.children.len()),
        ("child_considerations", file.child_considerations.len()),
        ("notifications", file.notifications.len()),
        ("providers", file.providers.len()),
        ("provider_prices", file.provider_prices.len()),
        ("stays", file.stays.len()),
        ("stay_events", file.stay_events.len()),
        ("groups", file.groups.len()),
        ("group_members", file.group_members.len()),
        ("group_sessions", file.group_sessions.len()),
        ("move_courses", file.move_courses.len()),
        ("attendances", file.attendances.len()),
        ("gift_card_ledger", file.gift_card_ledger.len()),
    ];
    for (what, n) in counts {
        assert!(n > 0, "no {what} in a generated centre of 600 cases");
    }
    assert_eq!(file.cases.len(), 600);
    // Plan revisions, stays that started, price changes within a year.
    assert!(file.plan_versions.iter().any(|v| v.version > 1));
    assert!(file.stays.iter().any(|s| s.started_on.is_some() && s.own_payment.is_some()));
    assert!(file.cases.iter().any(|c| c.closed.is_some() && c.treatment_started_on.is_none()));
    check_file(&file).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("generated.db"), "tester").unwrap();
    store.import(&file).unwrap();
    assert!(store.check(&[]).unwrap().is_clean());
    // What the database holds is the file, record for record.
    let (exported, generated) = (to_text(&store.export().unwrap()), to_text(&file));
    let differs = exported.lines().zip(generated.lines()).position(|(a, b)| a != b);
    if let Some(at) = differs {
        let near = |text: &str| text.lines().skip(at.saturating_sub(8)).take(12).collect::<Vec<_>>().join("\n");
        panic!("the export differs at line {at}:\n{}\n--- generated:\n{}", near(&exported), near(&generated));
    }
    assert_eq!(exported.len(), generated.len());
}

#[test]
fn nothing_is_dated_after_today_and_a_realistic_share_is_open() {
    let s = shape(2000, 3);
    let file = generated(&s);
    assert!(file.case_events.iter().all(|e| e.on <= s.today));
    assert!(file.plan_versions.iter().all(|v| v.effective_on <= s.today));
    assert!(file.follow_up_attempts.iter().all(|a| a.on <= s.today));
    assert!(file.attendances.iter().all(|a| a.recorded_at.as_str() <= "2026-03-17T23:59:59Z"));
    let in_intake = file.cases.iter().filter(|c| c.closed.is_none() && c.treatment_started_on.is_none()).count();
    let in_treatment = file.cases.iter().filter(|c| c.closed.is_none() && c.treatment_started_on.is_some()).count();
    // 2,000 cases over ten years: about half a day's arrivals a day, so a
    // few in intake and some tens in treatment (a few hundred and a few
    // thousand at 100,000 cases).
    assert!((2..=30).contains(&in_intake), "{in_intake} in intake");
    assert!((20..=150).contains(&in_treatment), "{in_treatment} in treatment");
}

#[test]
fn the_stress_shape_leaves_a_fifth_of_the_cases_in_intake() {
    let s = Shape { stress: true, ..shape(1000, 5) };
    let file = generated(&s);
    let in_intake = file.cases.iter().filter(|c| c.closed.is_none() && c.treatment_started_on.is_none()).count();
    assert!(in_intake >= stress_open_contacts(1000), "{in_intake}");
    check_file(&file).unwrap();
}

/// A day's work as a centre has it: the generated calls are made until the
/// citizen is reached, but for the last weeks' (a few still being tried),
/// and every card handed out is one the MOVE rules say was earned, so
/// nothing waits to be resolved. Ten years of never-closed calls or of
/// cards the rules do not back would bury `due` and the panes in work no
/// centre has.
#[test]
fn what_is_due_is_a_realistic_days_work() {
    use crate::domain::due::DueKind;
    let s = shape(2000, 3);
    let file = generated(&s);
    let reached: std::collections::HashSet<i64> =
        file.follow_up_attempts.iter().filter(|a| a.reached).map(|a| a.call_id).collect();
    let weeks_ago = s.today - chrono::Days::new(cases::STILL_TRYING_DAYS);
    let long_open: Vec<_> =
        file.follow_up_calls.iter().filter(|c| !reached.contains(&c.id) && c.due_on < weeks_ago).collect();
    assert!(
        long_open.is_empty(),
        "{} calls open since long before today, the first {:?}",
        long_open.len(),
        long_open[0]
    );

    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("generated.db"), "tester").unwrap();
    store.import(&file).unwrap();
    let profile = store.centre().unwrap().load_profile().unwrap();
    let due = store.due(&profile, s.today, 14).unwrap();
    let count = |kind| due.iter().filter(|i| i.kind == kind).count();
    assert_eq!(count(DueKind::GiftCardToResolve), 0, "cards handed out that the rules do not back");
    let calls = count(DueKind::FollowUpCall);
    assert!((1..=40).contains(&calls), "{calls} follow-up calls due of 2,000 cases");
}
