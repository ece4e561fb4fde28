//! Two counsellors at one centre (a file, or a PostgreSQL server): a form
//! opened by one, a colleague's write in between, the first one's submit. The write is refused with a
//! conflict that names the colleague and what they changed, and nothing of
//! theirs is written over.

use super::both_centres::{Centre, on_both_centres};
use super::{Conflict, Found, NewUser, Record, Role, Store, StoreError};
use crate::domain::intake::test_support::case_on;
use crate::domain::intake::{ClosingReason, NewContact, StepInput, StepKind, parse_step};
use crate::domain::notification::{
    ChildInput, ChildRelation, Content, Duty, Ground, NewChild, NewDraft, validate_child,
};
use chrono::NaiveDate;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 17).unwrap()
}

/// Anna and Bo, each with their own connection to one new centre, and a case.
fn two_at_one_centre(centre: &Centre) -> (Store, Store, i64) {
    // Anna creates the centre, so she is its team leader; Bo is one too, so
    // he may write her case: the conflict, not a refusal, is the point.
    let mut anna = centre.open("anna");
    let user = NewUser { name: "bo".into(), full_name: String::new(), role: Role::TeamLeader, anonymous_team: false };
    anna.add_user(&user).unwrap();
    let bo = centre.open("bo");
    let case_id = anna.register_contact(&NewContact::new(case_on("2026-03-10"))).unwrap();
    (anna, bo, case_id)
}

fn child(store: &Store, case_id: i64, year: &str, relation: ChildRelation) -> NewChild {
    let case = store.load_case(case_id).unwrap();
    validate_child(&ChildInput { relation, year: year.into(), name: String::new() }, &case, today()).unwrap()
}

fn conflict_of<T: std::fmt::Debug>(result: super::Result<T>) -> Conflict {
    match result {
        Err(StoreError::Changed(conflict)) => *conflict,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

fn a_child_a_colleague_changed_after_the_form_opened_is_not_written_over(centre: &Centre) {
    let (mut anna, mut bo, case_id) = two_at_one_centre(centre);
    let expected = child(&anna, case_id, "2026", ChildRelation::ExpectedByCitizen);
    let id = anna.add_child(case_id, &expected, today()).unwrap().id;
    // Anna opens the change form; Bo records the birth meanwhile.
    let opened = anna.opened().unwrap();
    bo.change_child(id, &child(&bo, case_id, "2026", ChildRelation::LivesAtHome), bo.opened().unwrap()).unwrap();
    let anna_change = child(&anna, case_id, "2025", ChildRelation::SharedCustody);

    let conflict = conflict_of(anna.change_child(id, &anna_change, opened));

    assert_eq!(conflict.record, Record::Child { id, case_id });
    assert_eq!(conflict.found, Found::Edited);
    let change = conflict.change.expect("the trail names the change");
    assert_eq!((change.actor.as_str(), change.action.as_str()), ("bo", "change_child"));
    let fields: Vec<(&str, Option<&str>, Option<&str>)> =
        change.fields.iter().map(|f| (f.column.as_str(), f.before.as_deref(), f.after.as_deref())).collect();
    assert_eq!(fields, vec![("relation", Some("expected_by_citizen"), Some("lives_at_home"))]);
    assert_eq!(anna.load_child(id).unwrap().relation, ChildRelation::LivesAtHome, "Bo's change stands");
    // With a form opened after Bo's change, Anna's change is saved.
    let opened = anna.opened().unwrap();
    assert_eq!(anna.change_child(id, &anna_change, opened).unwrap().relation, ChildRelation::SharedCustody);
    assert!(anna.verify_audit().unwrap().is_empty());
}

fn a_draft_a_colleague_edited_after_the_form_opened_is_not_written_over(centre: &Centre) {
    let (mut anna, mut bo, case_id) = two_at_one_centre(centre);
    let content = |description: &str| Content {
        duty: Duty::Professional,
        grounds: vec![Ground::SpecialSupport],
        children: Vec::new(),
        municipality: "Randers".into(),
        description: description.into(),
    };
    let draft = |description: &str| NewDraft { on: today(), content: content(description), corrects: None };
    let id = anna.draft_notification(case_id, &draft("Første udkast")).unwrap().id;
    let opened = anna.opened().unwrap();
    bo.edit_draft(id, &draft("Bos rettelse"), bo.opened().unwrap()).unwrap();

    let conflict = conflict_of(anna.edit_draft(id, &draft("Annas rettelse"), opened));

    assert_eq!((conflict.record, &conflict.found), (Record::Notification(id), &Found::Edited));
    let said = StoreError::Changed(Box::new(conflict)).to_string();
    assert!(said.starts_with("ændret imens af bo "), "{said}");
    assert!(said.contains("(kladden rettet): beskrivelse: «Første udkast» → «Bos rettelse»."), "{said}");
    assert!(said.ends_with("Underretning 1 er ændret, siden du åbnede formularen. Intet er gemt."), "{said}");
    assert_eq!(anna.notification(id).unwrap().content.description, "Bos rettelse");
}

fn a_write_refused_on_a_case_closed_meanwhile_names_who_closed_it(centre: &Centre) {
    let (mut anna, mut bo, case_id) = two_at_one_centre(centre);
    let seen = anna.load_case(case_id).unwrap();
    let new_child = child(&anna, case_id, "2019", ChildRelation::LivesAtHome);
    let close = StepInput {
        kind: StepKind::Close,
        date: "16.03.2026".into(),
        reason: String::new(),
        wanted: true,
        closing_reason: Some(ClosingReason::Moved),
    };
    bo.record_step(case_id, &parse_step(&close, &seen, today()).unwrap()).unwrap();

    let conflict = conflict_of(anna.add_child(case_id, &new_child, today()));

    assert_eq!(conflict.found, Found::CaseClosed { on: NaiveDate::from_ymd_opt(2026, 3, 16).unwrap() });
    let change = conflict.change.unwrap();
    assert_eq!(change.actor, "bo");
    assert!(change.fields.iter().any(|f| f.column == "closed_on" && f.after.as_deref() == Some("2026-03-16")));
    assert!(anna.children_of(case_id).unwrap().is_empty());
}

fn a_look_is_not_a_change_and_an_own_later_form_sees_its_own_write(centre: &Centre) {
    let (mut anna, mut bo, case_id) = two_at_one_centre(centre);
    let id = anna.add_child(case_id, &child(&anna, case_id, "2019", ChildRelation::LivesAtHome), today()).unwrap().id;
    let opened = anna.opened().unwrap();
    // Bo only looks at the case: that is no reason to refuse Anna.
    bo.view_case(case_id).unwrap();
    let change = child(&anna, case_id, "2018", ChildRelation::LivesAtHome);
    assert_eq!(anna.change_child(id, &change, opened).unwrap().birth_year, 2018);
}

on_both_centres!(
    a_child_a_colleague_changed_after_the_form_opened_is_not_written_over,
    a_draft_a_colleague_edited_after_the_form_opened_is_not_written_over,
    a_write_refused_on_a_case_closed_meanwhile_names_who_closed_it,
    a_look_is_not_a_change_and_an_own_later_form_sees_its_own_write,
);
