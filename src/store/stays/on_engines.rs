//! The stays' statements on both engines: providers and their prices,
//! stays with their services, state, own payment and steps, each read back
//! as written, each list in its filter and order, each refusal the schema
//! makes, and each list read on an index.

use super::providers::{
    insert_price_on, insert_provider_on, prices_of, providers_of, set_price_on, update_provider_on,
};
use super::write::{insert_event, insert_stay_on, write_own_payment, write_state};
use super::*;
use crate::domain::stay::{
    ContractTerms, EarlyEndFee, Price, PriceUnit, Provider, Service, ToldOwnPayment, own_payment,
};
use crate::store::case_find::{EVERY_CASE, NO_CASE, anonymous_sql};
use crate::store::engine::both::{Place, a_case, on_both_engines, plan, whole_table_reads};

on_both_engines!(
    a_provider_and_its_prices_read_back_as_written,
    a_stay_its_own_payment_and_its_steps_read_back_as_written,
    the_schema_refuses_what_a_stay_cannot_be,
    the_lists_filter_and_order_alike,
    every_list_but_the_exports_reads_an_index
);

fn on(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, month, day).unwrap()
}

fn provider(id: i64, name: &str) -> Provider {
    Provider {
        id,
        name: name.into(),
        tilbudsportalen_id: "TP-1234".into(),
        contact: "visitation@hjemmet.dk, 'tlf' 12 34 56 78".into(),
        terms: ContractTerms {
            bill_intake_day: true,
            bill_discharge_day: false,
            early_end_fee: Some(EarlyEndFee { within_days: 30, fee: Ore(250_000) }),
        },
        food_per_day: Some(Ore(9_500)),
        lodging_per_day: None,
        prices: Vec::new(),
    }
}

fn price(service: Service, unit: PriceUnit, amount: i64, valid_from: NaiveDate) -> Price {
    Price { service, unit, amount: Ore(amount), valid_from }
}

fn told(told_on: Option<NaiveDate>) -> ToldOwnPayment {
    let input = OwnPaymentInput {
        monthly_income: Ore(1_250_000),
        fixed_expenses: vec![("Husleje".into(), Ore(450_000)), ("Gæld, 'afdrag'".into(), Ore(50_000))],
        keeps_own_home: true,
        food_per_day: Ore(9_500),
        lodging_per_day: Ore(0),
        days_in_month: 30,
    };
    let settings = OwnPaymentSettings { amount_kept_per_month: Ore(200_000) };
    let result = own_payment(&input, &settings).unwrap();
    ToldOwnPayment { input, settings, result, told_on }
}

/// A recommended stay, nothing decided yet.
fn stay(id: i64, case_id: i64, provider_id: i64, planned_start: NaiveDate) -> Stay {
    Stay {
        id,
        case_id,
        provider_id,
        services: vec![Service::Treatment, Service::Stay],
        planned_start,
        planned_end: planned_start + chrono::Days::new(90),
        recommendation: Recommendation {
            on: planned_start - chrono::Days::new(14),
            by: "anna".into(),
            text: "døgnbehandling 'nu'".into(),
        },
        decision: None,
        started_on: None,
        midway_status_on: None,
        ended: None,
        final_status_on: None,
        aftercare_started_on: None,
        own_payment: None,
    }
}

fn decided(mut s: Stay, approved: bool, on: NaiveDate) -> Stay {
    s.decision =
        Some(Decision { approved, on, by: "Visitationen".into(), note: if approved { "" } else { "for dyrt" }.into() });
    s
}

fn ended(mut s: Stay, kind: EndKind, on: NaiveDate, reported_on: Option<NaiveDate>) -> Stay {
    let decided_on = s.planned_start - chrono::Days::new(7);
    s = decided(s, true, decided_on);
    s.started_on = Some(s.planned_start);
    s.ended = Some(Ending { on, kind, reported_on });
    s
}

/// A citizen known by a pseudonym, with an open case of `counsellor`'s.
fn a_pseudonymous_case(db: &Db<'_>, counsellor: &str) -> i64 {
    let case = a_case(db, counsellor);
    db.execute(
        "UPDATE citizens SET name = NULL, pseudonym = 'Fugl' WHERE id = (SELECT citizen_id FROM cases WHERE id = ?1)",
        &[&case],
    )
    .unwrap();
    case
}

fn ids(stays: &[Stay]) -> Vec<i64> {
    stays.iter().map(|s| s.id).collect()
}

fn a_provider_and_its_prices_read_back_as_written(place: &Place) {
    let db = place.open();
    // A new one takes the engine's next number, as does a price set in the pane.
    let mut bare = provider(0, "Bo-stedet");
    bare.terms = ContractTerms { bill_intake_day: false, bill_discharge_day: true, early_end_fee: None };
    bare.food_per_day = None;
    bare.lodging_per_day = Some(Ore(4_000));
    let new = insert_provider_on(&db, &bare).unwrap();
    set_price_on(&db, new, &price(Service::Treatment, PriceUnit::PerDay, 185_000, on(1, 1))).unwrap();
    set_price_on(&db, new, &price(Service::Stay, PriceUnit::PerDay, 90_000, on(2, 1))).unwrap();
    // One from a file keeps its id, and its prices theirs (PostgreSQL's
    // identities are moved past a file's ids by the import, not here).
    let from_file = provider(7, "Hjemmet ved Skoven");
    assert_eq!(insert_provider_on(&db, &from_file).unwrap(), 7);
    let first = price(Service::Treatment, PriceUnit::PerMonth, 5_400_000, on(1, 1));
    let second = price(Service::Other, PriceUnit::PerDay, 0, on(3, 1));
    insert_price_on(&db, Some(30), 7, &first).unwrap();
    insert_price_on(&db, Some(31), 7, &second).unwrap();
    let mut want = [
        Provider {
            id: new,
            prices: vec![
                price(Service::Treatment, PriceUnit::PerDay, 185_000, on(1, 1)),
                price(Service::Stay, PriceUnit::PerDay, 90_000, on(2, 1)),
            ],
            ..bare
        },
        Provider { prices: vec![first, second], ..from_file.clone() },
    ];
    assert_eq!(providers_of(&db).unwrap(), want, "every column and price round-trips, in id order");
    // A price for the same service and day replaces the last.
    set_price_on(&db, new, &price(Service::Stay, PriceUnit::PerMonth, 2_700_000, on(2, 1))).unwrap();
    want[0].prices[1] = price(Service::Stay, PriceUnit::PerMonth, 2_700_000, on(2, 1));
    assert_eq!(providers_of(&db).unwrap(), want);
    let prices = prices_of(&db).unwrap();
    assert_eq!(prices.len(), 4);
    assert!(prices.windows(2).all(|w| w[0].1.0 < w[1].1.0), "in id order: {prices:?}");
    assert!(prices.contains(&(7, (30, first))) && prices.contains(&(7, (31, second))), "the file's numbers kept");
    // A change leaves the prices as they are.
    let mut changed = provider(7, "Skovhjemmet");
    changed.terms.early_end_fee = None;
    changed.food_per_day = None;
    changed.lodging_per_day = Some(Ore(12_000));
    update_provider_on(&db, 7, &changed).unwrap();
    want[1] = Provider { prices: want[1].prices.clone(), ..changed.clone() };
    assert_eq!(providers_of(&db).unwrap(), want);
    assert!(matches!(update_provider_on(&db, 99, &changed), Err(StoreError::NotFound { id: 99, .. })));
    let stray = price(Service::Other, PriceUnit::PerDay, 1, on(4, 1));
    assert!(matches!(set_price_on(&db, 99, &stray), Err(StoreError::NotFound { id: 99, .. })));
    // The schema's refusals.
    assert!(insert_provider_on(&db, &from_file).is_err(), "an id is written once");
    assert!(
        db.execute(
            "INSERT INTO providers (name, tilbudsportalen_id, contact, bill_intake_day, bill_discharge_day,
                early_end_fee) VALUES ('Halvt', '', '', 1, 1, 100)",
            &[],
        )
        .is_err(),
        "a fee without its days"
    );
    let mut negative = provider(0, "Minus");
    negative.food_per_day = Some(Ore(-1));
    assert!(insert_provider_on(&db, &negative).is_err(), "a negative figure");
    assert!(insert_price_on(&db, None, 99, &stray).is_err(), "a price of no provider");
    assert!(insert_price_on(&db, None, 7, &price(Service::Other, PriceUnit::PerDay, -1, on(4, 1))).is_err());
    assert!(insert_price_on(&db, Some(30), new, &stray).is_err(), "a price's id is written once");
    let again = price(Service::Stay, PriceUnit::PerDay, 1, on(2, 1));
    assert!(insert_price_on(&db, None, new, &again).is_err(), "one price a service and day");
    assert_eq!(providers_of(&db).unwrap(), want, "nothing refused was written");
}

fn a_stay_its_own_payment_and_its_steps_read_back_as_written(place: &Place) {
    let db = place.open();
    let case = a_case(&db, "anna");
    let p = insert_provider_on(&db, &provider(0, "Hjemmet ved Skoven")).unwrap();
    // One from a file keeps its id, its services, its whole state and its
    // own payment with the expenses in their order.
    let mut whole = ended(stay(40, case, p, on(2, 2)), EndKind::Interrupted, on(3, 20), Some(on(3, 21)));
    whole.services = vec![Service::Treatment, Service::Stay, Service::Other];
    whole.midway_status_on = Some(on(3, 15));
    whole.final_status_on = Some(on(3, 30));
    whole.aftercare_started_on = Some(on(4, 2));
    whole.own_payment = Some(told(Some(on(2, 10))));
    assert_eq!(insert_stay_on(&db, &whole).unwrap(), 40);
    let read = load_stay(&db, 40).unwrap();
    assert_eq!(read.stay, whole, "every column round-trips");
    assert_eq!((read.citizen.as_str(), read.counsellor.as_str()), ("Ida Prøvesen", "anna"));
    // A new one takes the engine's next number, with no services and no own payment.
    let mut fresh = stay(0, case, p, on(5, 1));
    fresh.services = Vec::new();
    let id = insert_stay_on(&db, &fresh).unwrap();
    assert_ne!(id, 40);
    assert_eq!(load_stay(&db, id).unwrap().stay, Stay { id, ..fresh.clone() });
    // Its steps, one at a time, as the pane records them.
    let mut s = decided(Stay { id, ..fresh }, true, on(4, 20));
    write_state(&db, &s).unwrap();
    assert_eq!(load_stay(&db, id).unwrap().stay, s);
    s.started_on = Some(on(5, 1));
    s.ended = Some(Ending { on: on(5, 9), kind: EndKind::Planned, reported_on: None });
    write_state(&db, &s).unwrap();
    assert_eq!(load_stay(&db, id).unwrap().stay, s);
    // A new own payment replaces the last, expenses and all.
    write_own_payment(&db, id, &told(None)).unwrap();
    let mut fewer = told(Some(on(5, 2)));
    fewer.input.fixed_expenses.truncate(1);
    fewer.result = own_payment(&fewer.input, &fewer.settings).unwrap();
    write_own_payment(&db, id, &fewer).unwrap();
    assert_eq!(load_stay(&db, id).unwrap().stay.own_payment, Some(fewer));
    assert_eq!(load_stay(&db, 40).unwrap().stay, whole, "the other stay is as it was");
    assert!(matches!(load_stay(&db, 41.max(id + 1)), Err(StoreError::NotFound { .. })));
    // Its recorded steps, oldest first.
    insert_event(&db, id, "recommended", on(4, 17), None, "anna").unwrap();
    insert_event(&db, id, "approve", on(4, 20), Some("Visitationen"), "bo").unwrap();
    insert_event(&db, 40, "own_payment", on(2, 10), Some("12345"), "anna").unwrap();
    let events = events_of(&db, Some(id)).unwrap();
    let seen: Vec<_> =
        events.iter().map(|e| (e.stay_id, e.kind.as_str(), e.on, e.detail.as_deref(), e.actor.as_str())).collect();
    assert_eq!(
        seen,
        [(id, "recommended", on(4, 17), None, "anna"), (id, "approve", on(4, 20), Some("Visitationen"), "bo")]
    );
    assert!(events[0].id < events[1].id && !events[0].recorded_at.is_empty());
    let every = events_of(&db, None).unwrap();
    assert_eq!(every.iter().map(|e| e.stay_id).collect::<Vec<_>>(), [id, id, 40], "every stay's, in id order");
    assert!(every.windows(2).all(|w| w[0].id < w[1].id));
}

fn the_schema_refuses_what_a_stay_cannot_be(place: &Place) {
    let db = place.open();
    let case = a_case(&db, "anna");
    let p = insert_provider_on(&db, &provider(0, "Hjemmet ved Skoven")).unwrap();
    let id = insert_stay_on(&db, &stay(0, case, p, on(5, 1))).unwrap();
    assert!(insert_stay_on(&db, &stay(id, case, p, on(6, 1))).is_err(), "an id is written once");
    assert!(insert_stay_on(&db, &stay(0, case + 1, p, on(6, 1))).is_err(), "a stay of no case");
    assert!(insert_stay_on(&db, &stay(0, case, p + 1, on(6, 1))).is_err(), "a stay at no provider");
    let refused = |sql: &str| db.execute(sql, &[&id]).is_err();
    assert!(refused("UPDATE stays SET decision = 'maybe', decided_on = '2026-05-02' WHERE id = ?1"));
    assert!(refused("UPDATE stays SET decision = 'approved' WHERE id = ?1"), "a decision without its day");
    assert!(refused("UPDATE stays SET ended_on = '2026-05-02' WHERE id = ?1"), "an ending without its kind");
    assert!(refused("UPDATE stays SET ended_on = '2026-05-02', end_kind = 'fled' WHERE id = ?1"));
    assert!(refused("INSERT INTO stay_services (stay_id, service) VALUES (?1, 'treatment')"), "a service twice");
    assert!(db.execute("INSERT INTO stay_services (stay_id, service) VALUES (?1, 'other')", &[&(id + 1)]).is_err());
    let mut short_month = told(None);
    short_month.input.days_in_month = 27;
    assert!(write_own_payment(&db, id, &short_month).is_err(), "a month of 27 days");
    assert!(
        refused("INSERT INTO stay_own_payment_expenses (stay_id, position, name, amount) VALUES (?1, 0, 'Husleje', 1)"),
        "an expense of no own payment"
    );
    assert!(insert_event(&db, id + 1, "approve", on(5, 2), None, "anna").is_err(), "a step of no stay");
    assert_eq!(load_stay(&db, id).unwrap().stay, Stay { id, ..stay(0, case, p, on(5, 1)) }, "nothing refused written");
}

fn the_lists_filter_and_order_alike(place: &Place) {
    let db = place.open();
    let (annas, birds) = (a_case(&db, "anna"), a_pseudonymous_case(&db, "bo"));
    let p1 = insert_provider_on(&db, &provider(0, "Hjemmet ved Skoven")).unwrap();
    let p2 = insert_provider_on(&db, &provider(0, "Bo-stedet")).unwrap();
    let add = |s: Stay| insert_stay_on(&db, &s).unwrap();
    // Recommended, not yet decided: open.
    let open = add(stay(0, annas, p1, on(5, 1)));
    // Ended long ago with its report: only the totals'.
    let mut reported = ended(stay(0, annas, p2, on(3, 1)), EndKind::Planned, on(3, 10), None);
    reported.final_status_on = Some(on(3, 12));
    let reported = add(reported);
    // Refused of late: the pane's only.
    let refused_late = add(decided(stay(0, birds, p1, on(4, 10)), false, on(4, 15)));
    // Interrupted long ago, not yet reported: due, in the pane and the totals.
    let unreported = add(ended(stay(0, birds, p2, on(2, 1)), EndKind::Interrupted, on(2, 20), None));
    // Ended of late with its report, with an own payment.
    let mut ended_late = ended(stay(0, annas, p1, on(1, 5)), EndKind::Planned, on(5, 20), None);
    ended_late.final_status_on = Some(on(5, 25));
    ended_late.own_payment = Some(told(Some(on(1, 6))));
    let ended_late = add(ended_late);
    // Refused long ago: in no list but the case's, the provider's and the export.
    let refused_long_ago = add(decided(stay(0, birds, p2, on(1, 20)), false, on(1, 10)));
    let today = on(6, 30);
    let pane = |allowed: &str, user: &str| ids(&pane_stays_on(&db, allowed, user, today).unwrap());
    let shared =
        "c.counsellor = ?2 OR EXISTS (SELECT 1 FROM case_shares x WHERE x.case_id = c.id AND x.user_name = ?2)";
    assert_eq!(pane(shared, "anna"), [ended_late, open], "by planned start");
    assert_eq!(pane(shared, "bo"), [unreported, refused_late]);
    assert_eq!(pane(&format!("(NOT {})", anonymous_sql()), "cai"), [ended_late, open], "not the anonymous");
    assert_eq!(pane(&anonymous_sql(), "cai"), [unreported, refused_late], "the anonymous team's");
    assert_eq!(pane(EVERY_CASE, "cai"), [ended_late, unreported, refused_late, open], "a team leader's");
    assert!(pane(NO_CASE, "cai").is_empty(), "an administrator's");
    let whole = load_stay(&db, ended_late).unwrap().stay;
    let listed = pane_stays_on(&db, shared, "anna", today).unwrap();
    assert_eq!(listed[0], whole, "the pane reads the own payment too");
    let due = query_stays(&db, &due_condition(), &[]).unwrap();
    assert_eq!(due.iter().map(|r| r.stay.id).collect::<Vec<_>>(), [open, unreported]);
    assert_eq!(due[1].citizen, "Fugl", "the pseudonym, never the CPR number");
    let since = "2025-01-01".to_string();
    let totals = query_bare_stays(&db, &totals_condition(), &[&since]).unwrap();
    assert_eq!(ids(&totals), [open, reported, unreported, ended_late]);
    assert_eq!(totals[3], Stay { own_payment: None, ..whole.clone() }, "read bare");
    let listed = |condition: &str, param: i64| -> Vec<i64> {
        query_stays(&db, condition, &[&param]).unwrap().iter().map(|r| r.stay.id).collect()
    };
    assert_eq!(listed(CASE_STAYS, annas), [ended_late, reported, open]);
    assert_eq!(listed(CASE_STAYS, birds), [refused_long_ago, unreported, refused_late]);
    assert_eq!(listed(PROVIDER_STAYS, p1), [open, refused_late, ended_late]);
    assert_eq!(listed(PROVIDER_STAYS, p2), [reported, unreported, refused_long_ago]);
    let every = query_stays(&db, "ORDER BY s.id", &[]).unwrap();
    assert_eq!(
        every.iter().map(|r| r.stay.id).collect::<Vec<_>>(),
        [open, reported, refused_late, unreported, ended_late, refused_long_ago]
    );
    let people = people_of(&db, &[annas, birds, birds + 1]).unwrap();
    assert_eq!(people.len(), 2);
    assert_eq!(people[&annas], StayPeople { citizen: "Ida Prøvesen".into(), counsellor: "anna".into() });
    assert_eq!(people[&birds], StayPeople { citizen: "Fugl".into(), counsellor: "bo".into() });
}

fn every_list_but_the_exports_reads_an_index(place: &Place) {
    let db = place.open();
    let since = "2026-04-01";
    let shared =
        "c.counsellor = ?2 OR EXISTS (SELECT 1 FROM case_shares x WHERE x.case_id = c.id AND x.user_name = ?2)";
    let not_anonymous = format!("(NOT {})", anonymous_sql());
    let pane_indexes: &[&str] = &["stays_open", "stays_reports_due", "stays_ended", "stays_refused"];
    let queries: Vec<(String, Vec<&dyn ToValue>, &[&str])> = vec![
        (pane_sql(shared), vec![&since, &"anna"], pane_indexes),
        (pane_sql(&not_anonymous), vec![&since], pane_indexes),
        (pane_sql(EVERY_CASE), vec![&since], pane_indexes),
        (
            format!("SELECT {STAY_COLUMNS} {STAY_FROM} {}", due_condition()),
            vec![],
            &["stays_open", "stays_reports_due"],
        ),
        (
            format!("SELECT {BARE_STAY_COLUMNS} FROM stays s {}", totals_condition()),
            vec![&since],
            &["stays_open", "stays_ended"],
        ),
        (format!("SELECT {STAY_COLUMNS} {STAY_FROM} {CASE_STAYS}"), vec![&1i64], &["stays_case"]),
        (format!("SELECT {STAY_COLUMNS} {STAY_FROM} {PROVIDER_STAYS}"), vec![&1i64], &["stays_provider"]),
        (format!("SELECT {STAY_COLUMNS} {STAY_FROM} WHERE s.id = ?1"), vec![&1i64], &[]),
        (expenses_sql("?1, ?2"), vec![&1i64, &2i64], &[]),
        (people_sql("?1, ?2"), vec![&1i64, &2i64], &[]),
        (format!("{EVENT_COLUMNS} WHERE stay_id = ?1 ORDER BY id"), vec![&1i64], &["stay_events_stay"]),
    ];
    for (sql, params, indexes) in &queries {
        let steps = plan(&db, sql, params);
        assert!(whole_table_reads(&steps).is_empty(), "{sql}\nreads a whole table: {steps:?}");
        for index in *indexes {
            assert!(steps.iter().any(|s| s.contains(index)), "{sql}\n{index} not read: {steps:?}");
        }
    }
}
