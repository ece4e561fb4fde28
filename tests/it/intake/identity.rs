//! One citizen, one identity (issue 10, finding 1), on a file and on a
//! centre of a PostgreSQL server (`on_both_places!` at the end): a
//! registration never changes a known citizen, whatever name and home it
//! was typed with; a correction of a citizen is its own audited action
//! with before and after; a CPR number belongs to one person; the new
//! optional facts travel through export and import.

use sagsbord::domain::cpr::Cpr;
use sagsbord::domain::intake::{
    Circumstances, Citizen, CitizenChoice, CitizenDetails, Citizenship, ContactKind, FamilySituation, Gender, Identity,
    IncomeSource, NewContact, validate_contact,
};
use sagsbord::domain::policy::Profile;
use sagsbord::store::{ChangeKind, Found, Record, Role, Store, StoreError};

use crate::common::place::{Place, on_both_places};
use crate::common::{conflict_of, contact_input, date, trail};

fn contact(name: &str, home: &str, on: &str) -> NewContact {
    let mut input = contact_input();
    input.name = name.into();
    input.home_municipality = home.into();
    input.date = on.into();
    let policy = Profile::built_in("randers").unwrap().intake;
    validate_contact(&input, &policy, "Randers", date("2026-03-20")).unwrap()
}

fn anonymous(pseudonym: &str, home: &str) -> NewContact {
    let mut input = contact_input();
    input.kind = ContactKind::Anonymous;
    (input.name, input.cpr, input.pseudonym) = (String::new(), String::new(), pseudonym.into());
    input.home_municipality = home.into();
    let policy = Profile::built_in("randers").unwrap().intake;
    validate_contact(&input, &policy, "Randers", date("2026-03-20")).unwrap()
}

/// Every case's citizen as stored: (case, name or pseudonym, home).
fn citizens_of_cases(store: &Store) -> Vec<(i64, String, String)> {
    store
        .all_cases()
        .unwrap()
        .into_iter()
        .map(|c| (c.id, c.identity.display_name().to_string(), c.home_municipality))
        .collect()
}

fn a_contact_with_a_known_cpr_and_another_name_never_renames_the_citizen(place: &Place) {
    let mut store = place.open("anna");
    let first = store.register_contact(&contact("Ida Prøvesen", "Randers", "10.03.2026")).unwrap();
    let citizen = store.citizen_of_case(first).unwrap().id;

    // Registered as a new citizen (the form's default): the number is
    // taken, so the store refuses rather than join or rename.
    let typo = contact("Ida Anden", "Favrskov", "16.03.2026");
    let (conflict, said) = conflict_of(store.register_contact(&typo));
    assert_eq!(conflict.found, Found::CitizenRegistered { citizen });
    assert_eq!(conflict.record, Record::Case(first));
    assert!(said.contains("samme person"), "{said}");

    // The counsellor said it is the same person: the case joins her, and
    // she keeps her name and home in every case.
    let same = NewContact { citizen: CitizenChoice::Known { id: citizen }, ..typo };
    let second = store.register_contact(&same).unwrap();
    assert_eq!(
        citizens_of_cases(&store),
        vec![(first, "Ida Prøvesen".into(), "Randers".into()), (second, "Ida Prøvesen".into(), "Randers".into())]
    );
    assert_eq!(store.cases_of_citizen(citizen).unwrap(), 2);
    // No row of the citizens table was written by either registration
    // after the first.
    let citizen_changes = (trail(&store).iter())
        .filter(|e| e.action == "register_contact")
        .flat_map(|e| store.audit_changes(e.id).unwrap())
        .filter(|c| c.table == "citizens")
        .count();
    assert_eq!(citizen_changes, 1, "only the first registration inserted her");
}

fn a_known_pseudonym_is_never_a_second_citizen_nor_changed(place: &Place) {
    let mut store = place.open("anna");
    let first = store.register_contact(&anonymous("Ravn", "Randers")).unwrap();
    let citizen = store.citizen_of_case(first).unwrap().id;
    let again = anonymous("Ravn", "Norddjurs");
    let (conflict, _) = conflict_of(store.register_contact(&again));
    assert_eq!(conflict.found, Found::CitizenRegistered { citizen });
    let second =
        store.register_contact(&NewContact { citizen: CitizenChoice::Known { id: citizen }, ..again }).unwrap();
    assert_eq!(
        citizens_of_cases(&store),
        vec![(first, "Ravn".into(), "Randers".into()), (second, "Ravn".into(), "Randers".into())]
    );
    assert_eq!(store.all_citizens().unwrap().len(), 1);
}

fn a_known_citizen_is_shown_with_only_the_cases_the_user_may_open_and_the_look_is_recorded(place: &Place) {
    let mut anna = place.open("anna");
    let mut bo = place.open_as("bo", Role::Counsellor);
    let mut mine = contact("Ida Prøvesen", "Randers", "10.03.2026");
    mine.case.counsellor = "anna".into();
    let annas = anna.register_contact(&mine).unwrap();
    let typed = contact("Ida P.", "Randers", "16.03.2026");
    let known = bo.known_citizen(&typed.case.identity).unwrap().unwrap();
    assert_eq!(known.citizen.identity.display_name(), "Ida Prøvesen");
    assert_eq!(known.cases.len(), 1);
    assert_eq!(known.cases[0].id, annas);
    assert_eq!(known.cases[0].details, None, "a colleague's case is listed without details");
    let own = anna.known_citizen(&typed.case.identity).unwrap().unwrap();
    assert_eq!(own.cases[0].details.as_ref().map(|d| d.counsellor.as_str()), Some("anna"));
    let looks: Vec<(String, String)> =
        trail(&anna).into_iter().filter(|e| e.action == "known_citizen").map(|e| (e.actor, e.entity)).collect();
    assert_eq!(looks, vec![("bo".into(), "citizen".into()), ("anna".into(), "citizen".into())]);
    // A number nobody holds shows nobody, and is not a look.
    let mut other = contact_input();
    other.cpr = "020285-1231".into();
    let policy = Profile::built_in("randers").unwrap().intake;
    let other = validate_contact(&other, &policy, "Randers", date("2026-03-20")).unwrap();
    assert_eq!(bo.known_citizen(&other.case.identity).unwrap(), None);
}

fn two_counsellors_a_citizen_registered_meanwhile_is_a_conflict_not_a_silent_join(place: &Place) {
    let mut anna = place.open("anna");
    let mut bo = place.open_as("bo", Role::TeamLeader);
    // Both forms found nobody with the number; Bo saves first.
    let annas = contact("Ida Prøvesen", "Randers", "16.03.2026");
    assert_eq!(anna.known_citizen(&annas.case.identity).unwrap(), None);
    let bos = bo.register_contact(&contact("Ida Prøvesen", "Randers", "16.03.2026")).unwrap();
    let (conflict, said) = conflict_of(anna.register_contact(&annas));
    assert_eq!(conflict.record, Record::Case(bos));
    assert_eq!(conflict.change.as_ref().map(|c| c.actor.as_str()), Some("bo"));
    assert!(said.contains("bo"), "{said}");
    assert_eq!(anna.all_cases().unwrap().len(), 1, "nothing written");
}

fn corrected(store: &Store, case_id: i64, name: &str, home: &str, cpr: Option<&str>) -> Citizen {
    let mut c = store.citizen_of_case(case_id).unwrap();
    let cpr = match cpr {
        Some(text) => Some(Cpr::parse(text).unwrap().0),
        None => c.identity.cpr().cloned(),
    };
    c.identity = Identity::Named { name: name.into(), cpr };
    c.home_municipality = home.into();
    c
}

fn a_correction_is_its_own_audited_action_with_before_and_after_in_every_case(place: &Place) {
    let mut store = place.open("anna");
    let first = store.register_contact(&contact("Ida Prøvesen", "Randers", "10.03.2026")).unwrap();
    let id = store.citizen_of_case(first).unwrap().id;
    let second = store
        .register_contact(&NewContact {
            citizen: CitizenChoice::Known { id },
            ..contact("Ida Prøvesen", "Randers", "16.03.2026")
        })
        .unwrap();
    let opened = store.opened().unwrap();
    let mut changed = corrected(&store, second, "Ida Mikkelsen", "Favrskov", None);
    changed.details.citizenship = Some(Citizenship::Other);
    let circumstances = Circumstances { family: Some(FamilySituation::Single), income: Some(IncomeSource::Wages) };
    assert_eq!(store.change_citizen(second, &changed, &circumstances, opened).unwrap(), 2);
    assert_eq!(
        citizens_of_cases(&store),
        vec![(first, "Ida Mikkelsen".into(), "Favrskov".into()), (second, "Ida Mikkelsen".into(), "Favrskov".into())]
    );
    assert_eq!(store.circumstances(second).unwrap(), circumstances);
    assert_eq!(store.circumstances(first).unwrap(), Circumstances::default(), "the other contact's own");

    let last = trail(&store).pop().unwrap();
    assert_eq!(
        (last.action.as_str(), last.actor.as_str(), last.entity.as_str(), last.entity_id),
        ("change_citizen", "anna", "case", Some(second))
    );
    let update = (store.audit_changes(last.id).unwrap().into_iter())
        .find(|c| c.table == "citizens" && c.kind == ChangeKind::Update)
        .unwrap();
    let json = |text: Option<String>| -> serde_json::Value { serde_json::from_str(&text.unwrap()).unwrap() };
    let (old, new) = (json(update.old), json(update.new));
    assert_eq!(old["name"], "Ida Prøvesen");
    assert_eq!(old["home_municipality"], "Randers");
    assert_eq!(new["name"], "Ida Mikkelsen");
    assert_eq!(new["home_municipality"], "Favrskov");
    assert_eq!(new["citizenship"], "other");
    // The first case's history shows the correction made from the second.
    let history = store.view_case_history(first).unwrap();
    assert!(history.iter().any(|h| h.action == "change_citizen"), "{history:?}");
    assert_eq!(store.verify_audit().unwrap(), vec![]);
}

fn a_cpr_number_of_another_citizen_is_refused_and_nothing_changes(place: &Place) {
    let mut store = place.open("anna");
    let ida = store.register_contact(&contact("Ida Prøvesen", "Randers", "10.03.2026")).unwrap();
    let mut other = contact_input();
    (other.name, other.cpr) = ("Mads Prøvesen".into(), "020285-1231".into());
    let policy = Profile::built_in("randers").unwrap().intake;
    let mads =
        store.register_contact(&validate_contact(&other, &policy, "Randers", date("2026-03-20")).unwrap()).unwrap();
    let before = citizens_of_cases(&store);
    let opened = store.opened().unwrap();
    let taken = corrected(&store, mads, "Mads Prøvesen", "Randers", Some("150390-1230"));
    let ida_citizen = store.citizen_of_case(ida).unwrap().id;
    assert_eq!(store.cpr_holder(taken.identity.cpr().unwrap(), taken.id).unwrap(), Some(ida_citizen));
    let (conflict, said) = conflict_of(store.change_citizen(mads, &taken, &Circumstances::default(), opened));
    assert_eq!(conflict.found, Found::CprTaken { citizen: ida_citizen });
    assert!(said.contains("én person"), "{said}");
    assert_eq!(citizens_of_cases(&store), before);
}

fn a_correction_over_a_colleagues_correction_is_refused_with_their_name(place: &Place) {
    let mut anna = place.open("anna");
    let mut bo = place.open_as("bo", Role::TeamLeader);
    let case = anna.register_contact(&contact("Ida Prøvesen", "Randers", "10.03.2026")).unwrap();
    let annas_form = anna.opened().unwrap();
    let bos_form = bo.opened().unwrap();
    let by_bo = corrected(&bo, case, "Ida Mikkelsen", "Randers", None);
    bo.change_citizen(case, &by_bo, &Circumstances::default(), bos_form).unwrap();
    let by_anna = corrected(&anna, case, "Ida Prøvesen", "Favrskov", None);
    let (conflict, said) = conflict_of(anna.change_citizen(case, &by_anna, &Circumstances::default(), annas_form));
    assert_eq!((conflict.record, conflict.found), (Record::Citizen(by_bo.id), Found::Edited));
    assert!(said.contains("bo"), "{said}");
    assert_eq!(citizens_of_cases(&anna), vec![(case, "Ida Mikkelsen".into(), "Randers".into())]);
}

fn a_counsellor_may_not_correct_the_citizen_of_a_colleagues_case(place: &Place) {
    let mut anna = place.open("anna");
    let mut bo = place.open_as("bo", Role::Counsellor);
    let case = anna.register_contact(&contact("Ida Prøvesen", "Randers", "10.03.2026")).unwrap();
    let opened = bo.opened().unwrap();
    let changed = corrected(&bo, case, "Ida Mikkelsen", "Randers", None);
    let refused = bo.change_citizen(case, &changed, &Circumstances::default(), opened);
    assert!(matches!(refused, Err(StoreError::Refused(_))), "{refused:?}");
    assert_eq!(citizens_of_cases(&anna), vec![(case, "Ida Prøvesen".into(), "Randers".into())]);
}

fn the_new_facts_travel_through_export_and_import_unchanged(place: &Place) {
    let mut store = place.open("anna");
    let named = contact("Ida Prøvesen", "Randers", "10.03.2026")
        .with_facts(
            CitizenDetails { citizenship: Some(Citizenship::Danish), gender: None },
            Circumstances { family: Some(FamilySituation::WithPartner), income: Some(IncomeSource::SicknessBenefit) },
        )
        .unwrap();
    store.register_contact(&named).unwrap();
    let anon = anonymous("Ravn", "Randers")
        .with_facts(
            CitizenDetails { citizenship: Some(Citizenship::Other), gender: Some(Gender::Male) },
            Circumstances { family: None, income: Some(IncomeSource::Other) },
        )
        .unwrap();
    let anon_case = store.register_contact(&anon).unwrap();
    let exported = store.export().unwrap();
    let json = serde_json::to_value(&exported).unwrap();
    assert_eq!(json["citizens"][0]["citizenship"], "danish");
    assert_eq!(json["citizens"][1]["gender"], "male");
    assert_eq!(json["cases"][0]["family"], "with_partner");
    assert_eq!(json["cases"][1]["income"], "other");
    assert!(json["cases"][1].get("family").is_none(), "left out when not known");

    let second = place.again().seeded(&exported);
    let mut copy = second.open("anna");
    assert_eq!(copy.export().unwrap(), exported);
    assert_eq!(copy.circumstances(anon_case).unwrap().income, Some(IncomeSource::Other));
    let anon_citizen = copy.citizen_of_case(anon_case).unwrap();
    assert_eq!(anon_citizen.details.gender, Some(Gender::Male));

    // A gender beside a CPR number is refused at its field by the import.
    let mut bad = exported.clone();
    bad.citizens[0].gender = Some(Gender::Female);
    let other = place.again();
    let mut third = other.open("anna");
    match third.import(&bad) {
        Err(StoreError::Import { at, .. }) => assert_eq!(at, "citizens[0].gender"),
        other => panic!("{other:?}"),
    }
}

on_both_places!(
    a_contact_with_a_known_cpr_and_another_name_never_renames_the_citizen,
    a_known_pseudonym_is_never_a_second_citizen_nor_changed,
    a_known_citizen_is_shown_with_only_the_cases_the_user_may_open_and_the_look_is_recorded,
    two_counsellors_a_citizen_registered_meanwhile_is_a_conflict_not_a_silent_join,
    a_correction_is_its_own_audited_action_with_before_and_after_in_every_case,
    a_cpr_number_of_another_citizen_is_refused_and_nothing_changes,
    a_correction_over_a_colleagues_correction_is_refused_with_their_name,
    a_counsellor_may_not_correct_the_citizen_of_a_colleagues_case,
    the_new_facts_travel_through_export_and_import_unchanged,
);
