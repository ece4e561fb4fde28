//! The Døgn pane's records in the store: the demo sample's stays replayed
//! through the program's own checks, every state, flag and due kind on the
//! sample's day, a step checked again against the stored stay, and a stay
//! with its own payment and a corrected price read back after reopening.

use sagsbord::domain::due::DueKind;
use sagsbord::domain::money::Ore;
use sagsbord::domain::policy::Profile;
use sagsbord::domain::stay::overview::StayFlag;
use sagsbord::domain::stay::{
    CostLineKind, EndKind, NewStayInput, Stay, StayStatus, StayStepInput, StayStepKind, StayStepProblem,
    apply_stay_step, figures, parse_stay_step, validate_new_stay,
};
use sagsbord::store::exchange::{self, ExportFile};
use sagsbord::store::{Found, Record, Role, Store, StoreError};

use crate::common::{conflict_of, date, fresh, open_as, sample};

fn sample_store() -> (ExportFile, Store) {
    let file = sample();
    let mut store = Store::open_in_memory("anna").unwrap();
    store.import(&file).unwrap();
    (file, store)
}

/// Each stay's history, replayed step by step through the same checks
/// a counsellor's form goes through on the day it was recorded, gives
/// the stay as stored; and its recommendation was valid on its day.
#[test]
fn the_samples_stays_replay_to_their_state_and_every_step_was_allowed_then() {
    let (file, store) = sample_store();
    let providers = store.providers().unwrap();
    let mut last = String::new();
    for e in &file.stay_events {
        assert!(e.recorded_at > last, "stay event {} recorded out of order", e.id);
        assert!(e.recorded_at.as_str() < "2026-03-18", "stay event {} after the sample day", e.id);
        last = e.recorded_at.clone();
    }
    for stay in store.all_stays().unwrap() {
        let events: Vec<_> = file.stay_events.iter().filter(|e| e.stay_id == stay.id).collect();
        assert_eq!(events[0].kind, "recommended", "stay {}", stay.id);
        assert_eq!(events[0].on, stay.recommendation.on);
        let r = &stay.recommendation;
        let input = NewStayInput {
            case_number: stay.case_id.to_string(),
            provider_id: Some(stay.provider_id),
            services: stay.services.clone(),
            planned_start: stay.planned_start.format("%d.%m.%Y").to_string(),
            planned_end: stay.planned_end.format("%d.%m.%Y").to_string(),
            recommended_on: r.on.format("%d.%m.%Y").to_string(),
            recommended_by: r.by.clone(),
            text: r.text.clone(),
        };
        let found = |id| store.find_case(id).unwrap();
        let mut replay = validate_new_stay(&input, found, &providers, r.on)
            .unwrap_or_else(|p| panic!("stay {}: recommendation refused: {p:?}", stay.id));
        replay.id = stay.id;
        for e in &events[1..] {
            let recorded_on = date(&e.recorded_at[..10]);
            if e.kind == "own_payment" {
                let told = stay.own_payment.as_ref().expect("an own payment event has an own payment");
                assert_eq!(e.detail.as_deref(), Some(told.result.per_month.0.to_string().as_str()));
                continue;
            }
            let kind: StayStepKind = serde_json::from_value(serde_json::Value::String(e.kind.clone())).unwrap();
            let (by, reason) = match (kind, e.detail.as_deref()) {
                (StayStepKind::Refuse, Some(d)) => {
                    let (by, reason) = d.split_once(": ").unwrap();
                    (by.to_string(), reason.to_string())
                }
                (_, d) => (d.unwrap_or_default().to_string(), String::new()),
            };
            let input = StayStepInput {
                kind: Some(kind),
                date: e.on.format("%d.%m.%Y").to_string(),
                by,
                reason,
                interrupted: stay.ended.is_some_and(|x| x.kind == EndKind::Interrupted),
                reported_on: String::new(),
            };
            let step = parse_stay_step(&input, &replay, recorded_on)
                .unwrap_or_else(|p| panic!("stay {}: {} refused: {p:?}", stay.id, e.kind));
            apply_stay_step(&mut replay, &step);
        }
        replay.own_payment = stay.own_payment.clone();
        assert_eq!(replay, stay, "stay {}", stay.id);
    }
}

#[test]
fn the_sample_shows_every_stay_state_flag_and_due_kind_on_its_day() {
    let (file, store) = sample_store();
    let today = file.sample_today.unwrap();
    let profile = Profile::built_in("randers").unwrap();
    let providers = store.providers().unwrap();
    let provider = |s: &Stay| providers.iter().find(|p| p.id == s.provider_id).unwrap();
    let rows = store.pane_stays(today).unwrap();
    let all = store.all_stays().unwrap();
    assert!(rows.len() < all.len(), "an old stay is out of the pane's list");

    let statuses: Vec<StayStatus> = rows.iter().map(|s| s.status()).collect();
    for s in StayStatus::ALL {
        assert!(statuses.contains(&s), "no stay {s:?} in the pane");
    }
    let figures: Vec<_> = rows.iter().map(|s| figures(s, provider(s), &profile.stay, today)).collect();
    let flags: Vec<StayFlag> = figures.iter().flat_map(|f| f.flags.iter().copied()).collect();
    let has = |pred: fn(&StayFlag) -> bool| flags.iter().any(pred);
    assert!(has(|f| matches!(f, StayFlag::DecisionOverdue { .. })));
    assert!(has(|f| matches!(f, StayFlag::MidwayStatusMissing { .. })));
    assert!(has(|f| matches!(f, StayFlag::PastPlannedEnd { .. })));
    assert!(has(|f| matches!(f, StayFlag::FinalStatusMissing { .. })));
    assert!(has(|f| matches!(f, StayFlag::InterruptionNotReported { .. })));
    assert!(has(|f| matches!(f, StayFlag::InterruptionReportedLate { .. })));
    assert!(has(|f| matches!(f, StayFlag::LongerThanUsual { .. })));
    assert!(figures.iter().all(|f| f.committed.is_ok() && f.so_far.is_ok()), "every stay can be costed");
    // The cost shows a fee, a price change within a stay, and a monthly price.
    let lines: Vec<_> = figures.iter().flat_map(|f| f.committed.as_ref().unwrap().lines.clone()).collect();
    assert!(lines.iter().any(|l| matches!(l.kind, CostLineKind::EarlyEndFee { .. })));
    assert!(lines.iter().any(|l| matches!(l.kind, CostLineKind::Days { divisor: 28..=31, .. })));
    assert!(figures.iter().any(|f| {
        let rates: std::collections::BTreeSet<_> = f
            .committed
            .as_ref()
            .unwrap()
            .lines
            .iter()
            .filter_map(|l| match l.kind {
                CostLineKind::Days { service, rate, .. } => Some((service, rate)),
                _ => None,
            })
            .collect();
        rates.len() > rates.iter().map(|(s, _)| s).collect::<std::collections::BTreeSet<_>>().len()
    }));
    // Own payments: told, and calculated but not yet told; capped and not.
    let told: Vec<_> = all.iter().filter_map(|s| s.own_payment.as_ref()).collect();
    assert!(told.iter().any(|t| t.told_on.is_some()) && told.iter().any(|t| t.told_on.is_none()));
    assert!(told.iter().any(|t| t.result.capped) && told.iter().any(|t| !t.result.capped));
    assert!(told.iter().any(|t| t.input.keeps_own_home) && told.iter().any(|t| !t.input.keeps_own_home));

    let due: Vec<DueKind> = store.due(&profile, today, 30).unwrap().iter().map(|i| i.kind).collect();
    for k in
        [DueKind::StayApproval, DueKind::StayMidwayStatus, DueKind::StayFinalStatus, DueKind::StayInterruptionReport]
    {
        assert!(due.contains(&k), "nothing due of kind {k:?}");
    }
    // The due list is mailed: it names cases, never citizens.
    let json = serde_json::to_string(&store.due(&profile, today, 30).unwrap()).unwrap();
    for c in &file.citizens {
        if let Some(name) = &c.name {
            assert!(!json.contains(name.as_str()), "{name} in the due list");
        }
    }
}

fn approve_input() -> StayStepInput {
    StayStepInput {
        kind: Some(StayStepKind::Approve),
        date: "17.03.2026".into(),
        by: "Visitationsudvalget".into(),
        ..StayStepInput::default()
    }
}

#[test]
fn a_step_is_checked_again_against_the_stay_as_stored_so_two_counsellors_cannot_clash() {
    let (_dir, path, mut anna) = fresh("anna");
    anna.import(&sample()).unwrap();
    let mut bo = crate::common::open_as(&path, "bo", sagsbord::store::Role::TeamLeader);
    // Stay 11 waits for its decision; both read it and approve.
    let waiting = anna.view_stay(11).unwrap().stay;
    let step = parse_stay_step(&approve_input(), &waiting, date("2026-03-17")).unwrap();
    let refusal = StayStepInput { kind: Some(StayStepKind::Refuse), reason: "Ikke relevant".into(), ..approve_input() };
    let other = parse_stay_step(&refusal, &waiting, date("2026-03-17")).unwrap();
    let saved = anna.record_stay_step(11, &step).unwrap();
    assert_eq!(saved.stay.status(), StayStatus::Approved);
    let before = bo.stay_events(11).unwrap().len();
    // Bo is told in words who approved it and when, never a program's
    // debug text.
    match bo.record_stay_step(11, &other) {
        Err(e @ StoreError::Changed(_)) => {
            let StoreError::Changed(conflict) = &e else { unreachable!() };
            assert!(matches!(conflict.found, Found::StayStep(StayStepProblem::AlreadyDecided { approved: true, .. })));
            let said = e.to_string();
            assert!(said.starts_with("ændret imens af anna "), "{said}");
            assert!(said.contains("Allerede bevilget den 17.03.2026."), "{said}");
            assert!(!said.contains("AlreadyDecided") && !said.contains('{'), "{said}");
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(bo.stay_events(11).unwrap().len(), before, "nothing written");
    let events = anna.stay_events(11).unwrap();
    let last = events.last().unwrap();
    assert_eq!(
        (last.kind.as_str(), last.actor.as_str(), last.detail.as_deref()),
        ("approve", "anna", Some("Visitationsudvalget"))
    );
    assert!(anna.verify_audit().unwrap().is_empty());
    let audit = anna.audit_for("stay", 11).unwrap();
    let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
    assert_eq!(actions, vec!["view", "record_stay_step"]);
}

#[test]
fn a_stay_its_own_payment_and_a_corrected_price_read_back_after_reopening() {
    let (_dir, path, mut store) = fresh("camilla");
    store.import(&sample()).unwrap();
    // Lyngbakken's April price corrected: the same day replaces it.
    let mut price =
        store.providers().unwrap()[0].prices.iter().find(|p| p.amount == Ore::from_kr(1_520)).copied().unwrap();
    price.amount = Ore::from_kr(1_510);
    store.set_price(1, &price).unwrap();
    let stay = store.view_stay(10).unwrap().stay;
    let mut told = stay.own_payment.clone().unwrap();
    told.told_on = Some(date("2026-03-17"));
    store.save_own_payment(10, &told, date("2026-03-17"), store.opened().unwrap()).unwrap();
    drop(store);

    let store = crate::common::open_as(&path, "bo", sagsbord::store::Role::TeamLeader);
    let lyngbakken = &store.providers().unwrap()[0];
    let aprils: Vec<Ore> =
        lyngbakken.prices.iter().filter(|p| p.valid_from == price.valid_from).map(|p| p.amount).collect();
    assert_eq!(aprils, vec![Ore::from_kr(1_510)]);
    let again = store.all_stays().unwrap().into_iter().find(|s| s.id == 10).unwrap();
    assert_eq!(again.own_payment, Some(told));
    let events = store.stay_events(10).unwrap();
    assert_eq!(events.iter().filter(|e| e.kind == "own_payment").count(), 2, "the history keeps each calculation");
    // The export holds it all, and imports into an empty file as it was.
    let mut store = store;
    let text = exchange::to_text(&store.export().unwrap());
    let (_d2, _p2, mut copy) = fresh("bo");
    copy.import(&exchange::parse(&text).unwrap()).unwrap();
    assert_eq!(exchange::to_text(&copy.export().unwrap()), text);
    let copied_stays = copy.all_stays().unwrap();
    assert_eq!(copied_stays, store.all_stays().unwrap());
}

/// Anna and Bo on one file holding the sample.
fn anna_and_bo() -> (tempfile::TempDir, Store, Store) {
    let (dir, path, mut anna) = fresh("anna");
    anna.import(&sample()).unwrap();
    let bo = open_as(&path, "bo", Role::TeamLeader);
    (dir, anna, bo)
}

/// Was: the provider form saved its terms over a colleague's change made
/// after it opened.
#[test]
fn a_provider_a_colleague_changed_after_the_form_opened_is_not_written_over() {
    let (_dir, mut anna, mut bo) = anna_and_bo();
    let opened = anna.opened().unwrap();
    let mut anna_terms = anna.providers().unwrap()[0].clone();
    anna_terms.food_per_day = Some(Ore::from_kr(70));
    // A new price meanwhile is not a change of the terms ...
    let price = anna_terms.prices[0];
    bo.set_price(1, &sagsbord::domain::stay::Price { valid_from: date("2026-05-01"), ..price }).unwrap();
    // ... Bo's new contact is.
    let mut bo_terms = bo.providers().unwrap()[0].clone();
    bo_terms.contact = "Ny kontakt, tlf. 12 34 56 78".into();
    bo.update_provider(1, &bo_terms, bo.opened().unwrap()).unwrap();

    let (conflict, said) = conflict_of(anna.update_provider(1, &anna_terms, opened));

    assert_eq!((conflict.record, conflict.found), (Record::Provider(1), Found::Edited));
    let change = conflict.change.expect("the trail names the change");
    assert_eq!((change.actor.as_str(), change.action.as_str()), ("bo", "update_provider"));
    assert_eq!(change.fields.iter().map(|f| f.column.as_str()).collect::<Vec<_>>(), vec!["contact"]);
    assert!(said.starts_with("ændret imens af bo "), "{said}");
    assert!(said.contains("Leverandør 1 er ændret, siden du åbnede formularen. Intet er gemt."), "{said}");
    let stored = &anna.providers().unwrap()[0];
    assert_eq!((stored.contact.as_str(), stored.food_per_day), (bo_terms.contact.as_str(), bo_terms.food_per_day));
    // Opened again, on Bo's change, Anna's save goes through.
    anna_terms.contact = bo_terms.contact.clone();
    anna.update_provider(1, &anna_terms, anna.opened().unwrap()).unwrap();
    assert_eq!(anna.providers().unwrap()[0].food_per_day, Some(Ore::from_kr(70)));
    assert!(anna.verify_audit().unwrap().is_empty());
}

/// Was: the own payment form replaced a calculation a colleague saved
/// after it opened, unseen.
#[test]
fn an_own_payment_a_colleague_saved_after_the_form_opened_is_not_replaced() {
    let (_dir, mut anna, mut bo) = anna_and_bo();
    let stay = anna.all_stays().unwrap().into_iter().find(|s| s.id == 10).unwrap();
    let opened = anna.opened().unwrap();
    let mut bos = stay.own_payment.clone().unwrap();
    bos.told_on = Some(date("2026-03-16"));
    bo.save_own_payment(10, &bos, date("2026-03-17"), bo.opened().unwrap()).unwrap();
    let events = anna.stay_events(10).unwrap().len();
    let mut annas = stay.own_payment.clone().unwrap();
    annas.told_on = Some(date("2026-03-17"));

    let (conflict, said) = conflict_of(anna.save_own_payment(10, &annas, date("2026-03-17"), opened));

    assert_eq!((conflict.record, conflict.found), (Record::OwnPayment(10), Found::Edited));
    let change = conflict.change.expect("the trail names the change");
    assert_eq!((change.actor.as_str(), change.action.as_str()), ("bo", "save_own_payment"));
    assert!(said.contains("af bo ") && said.contains("(egenbetaling gemt)"), "{said}");
    assert!(said.contains("Egenbetalingen for ophold 10 er ændret"), "{said}");
    let stored = anna.all_stays().unwrap().into_iter().find(|s| s.id == 10).unwrap();
    assert_eq!(stored.own_payment, Some(bos), "Bo's calculation stands");
    assert_eq!(anna.stay_events(10).unwrap().len(), events, "nothing written");
    anna.save_own_payment(10, &annas, date("2026-03-17"), anna.opened().unwrap()).unwrap();
}
