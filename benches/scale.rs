//! How the store and the panes' loads scale with the size of a centre.
//!
//!     cargo bench --bench scale            # 1,000, 10,000 and 100,000 cases
//!     cargo bench --bench scale -- 5000    # one size
//!
//! Builds a generated centre (invented names and CPR numbers) in a temporary
//! file through the real import, then times what a counsellor waits for:
//! opening the intake queue, `due`, and export. Each figure is the best of
//! five runs; the import and `check` (every row held against the audit
//! trail) are timed once.
//! With `SAGSBORD_SCALE_JSON=DIR` each generated centre is also written to
//! `DIR/centre-N.json`, for timing `sagsbord import` on it.
//!
//! A fifth of the cases are open in intake, the rest in treatment or
//! ended, about as a real centre's history grows; a quarter have children
//! under 18.

use std::time::{Duration, Instant};

use chrono::{Datelike, Days, NaiveDate};
use sagsbord::domain::intake::{Channel, ChildrenAnswer, ContactKind, Reasoned, Substance, build_queue};
use sagsbord::domain::policy::Profile;
use sagsbord::store::exchange::{CaseRecord, CitizenRecord, EventRecord, ExportFile};
use sagsbord::store::{Centre, NewUser, Role, Store, Viewer};

const TODAY: &str = "2026-03-17";
const COUNSELLORS: [&str; 8] = ["anna", "bo", "camilla", "dennis", "emma", "frank", "gitte", "hans"];

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// An invented CPR number for citizen `i`, passing modulus 11.
fn cpr(i: usize) -> String {
    let born = day("1950-01-01") + Days::new((i % 18_000) as u64);
    let base = born.format("%d%m%y").to_string();
    let seventh = if born.year_ce().1 < 2000 { '1' } else { '4' };
    let weights = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];
    for serial in 0..1000 {
        let candidate = format!("{base}{seventh}{:03}", (i / 18_000 * 97 + serial) % 1000);
        let sum: u32 = candidate.chars().zip(weights).map(|(c, w)| c.to_digit(10).unwrap() * w).sum();
        if sum.is_multiple_of(11) {
            return format!("{}-{}", &candidate[..6], &candidate[6..]);
        }
    }
    unreachable!("every ten serials hold one that passes modulus 11")
}

fn centre_of(n: usize) -> ExportFile {
    let today = day(TODAY);
    let (mut citizens, mut cases, mut events) = (Vec::new(), Vec::new(), Vec::new());
    for i in 1..=n {
        let id = i as i64;
        citizens.push(CitizenRecord {
            id,
            name: Some(format!("Borger {i}")),
            cpr: Some(cpr(i)),
            pseudonym: None,
            home_municipality: "Randers".into(),
            citizenship: None,
            gender: None,
        });
        // Every fifth case is an open contact of the last three weeks; the
        // others started treatment over six years, a third of them ended.
        let open = i % 5 == 0;
        let contact = if open { today - Days::new((i % 21) as u64) } else { today - Days::new(30 + (i % 2200) as u64) };
        let started = (!open).then(|| contact + Days::new(7));
        let closed =
            (!open && i % 3 == 0).then(|| Reasoned { on: contact + Days::new(90), reason: "Afsluttet".into() });
        cases.push(CaseRecord {
            id,
            citizen_id: id,
            kind: ContactKind::OwnUse,
            channel: Channel::Phone,
            contact_at: contact.and_hms_opt(10, 0, 0).unwrap(),
            counsellor: COUNSELLORS[i % COUNSELLORS.len()].into(),
            substances: vec![Substance::Cannabis],
            // About a quarter of citizens have children under 18.
            children: if i % 4 == 0 { ChildrenAnswer::HasChildren } else { ChildrenAnswer::NoChildren },
            parental_consent: None,
            note: String::new(),
            referred_young: false,
            visitation_on: None,
            consent_on: started,
            doctor_offered_on: started,
            doctor_wanted: started.map(|_| false),
            doctor_held_on: None,
            free_choice: None,
            special_assessment: None,
            treatment_started_on: started,
            closed: closed.filter(|c| c.on <= today),
            closing_reason: None,
            family: None,
            income: None,
        });
        events.push(EventRecord {
            id,
            case_id: id,
            kind: "registered".into(),
            on: contact,
            reason: None,
            wanted: None,
            actor: "anna".into(),
            recorded_at: format!("{contact}T10:05:00Z"),
            undoes: None,
            counsellor: None,
        });
    }
    ExportFile {
        citizens,
        cases,
        case_events: events,
        ..ExportFile::empty(Centre {
            name: "Målecenter".into(),
            municipality: "Randers".into(),
            profile: "randers".into(),
            profile_path: None,
            profile_toml: None,
        })
    }
}

/// The best of five runs of `f`.
fn best(mut f: impl FnMut()) -> Duration {
    (0..5)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap()
}

fn ms(d: Duration) -> String {
    format!("{:>9.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let sizes: Vec<usize> = match std::env::args().skip(1).find(|a| !a.starts_with('-')) {
        Some(n) => vec![n.parse().expect("a number of cases")],
        None => vec![1_000, 10_000, 100_000],
    };
    let today = day(TODAY);
    let profile = Profile::built_in("randers").unwrap();
    println!(
        "{:>8} {:>12} {:>12} {:>12} {:>12} {:>12} {:>12}",
        "cases", "import", "queue", "queue mine", "due", "export", "check"
    );
    for n in sizes {
        let file = centre_of(n);
        // The generated centre as an import file, to time `sagsbord import` on it.
        if let Some(dir) = std::env::var_os("SAGSBORD_SCALE_JSON") {
            let out = std::path::Path::new(&dir).join(format!("centre-{n}.json"));
            std::fs::write(&out, sagsbord::store::exchange::to_text(&file)).unwrap();
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("scale.db");
        let mut store = Store::open(&path, "bench").unwrap();
        let start = Instant::now();
        store.import(&file).unwrap();
        let import = start.elapsed();

        let queue = |filter: &Viewer, store: &Store| {
            let cases = store.intake_open_cases(filter).unwrap();
            build_queue(cases, &profile.intake, "Randers", today)
        };
        // The bench's own user created the file (a team leader, who sees
        // every case); "kun mine" is a counsellor's own cases.
        if store.user("anna").unwrap().is_none() {
            let anna = NewUser {
                name: "anna".into(),
                full_name: String::new(),
                role: Role::Counsellor,
                anonymous_team: false,
            };
            store.add_user(&anna).unwrap();
        }
        let all = store.viewer(false).unwrap();
        let mine = Store::open(&path, "anna").unwrap().viewer(true).unwrap();
        let queue_all = best(|| assert!(!queue(&all, &store).is_empty()));
        let queue_mine = best(|| assert!(!queue(&mine, &store).is_empty()));
        let due = best(|| {
            store.due(&profile, today, 0).unwrap();
        });
        let export = best(|| {
            store.export().unwrap();
        });
        // Once: every row of the file hashed and held against the trail.
        let start = Instant::now();
        assert!(store.check(&[]).unwrap().is_clean());
        let check = start.elapsed();
        println!(
            "{n:>8} {:>12} {} {} {} {} {}",
            ms(import),
            ms(queue_all),
            ms(queue_mine),
            ms(due),
            ms(export),
            ms(check),
        );
    }
}
