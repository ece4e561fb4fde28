//! Who the citizens are, beyond sex and age: citizenship and family
//! situation, as the Faxe report's alcohol section shows them [004] ("57
//! danske statsborgere, 2 andet"; "45 enlige, en gravid, 8 med børn under
//! 18 år og 5 med anbragte børn").
//!
//! Counted, like sex and age, over the courses started in the period: a
//! course is one case, counted once a row. Citizenship is the citizen's;
//! the family situation (living alone or not) is the contact's, recorded at
//! intake and editable later. Pregnancy and children come from the children
//! recorded on the case (Underretninger), so they are never typed twice:
//! - pregnant: the citizen herself is expecting (a partner's pregnancy is
//!   not the citizen's), recorded and not ended before the course started;
//! - children under 18 at home: a child living at home or in shared
//!   custody, under 18 in the year the course started;
//! - children placed: a child placed outside the home, under 18 then.
//!
//! A child is counted when it was noted by the end of the period and not
//! ended before the course started. These three rows are beside the family
//! situation, not parts of it: one citizen may be in several.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use super::{CaseLine, Period, Row, RowKey, Section, SectionKind};
use crate::domain::intake::{Circumstances, CitizenDetails, Citizenship, FamilySituation};
use crate::domain::notification::{Child, ChildRelation, possibly_under_18};

/// A case's optional facts as the report reads them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CaseFacts {
    /// The citizen's.
    pub details: CitizenDetails,
    /// The contact's.
    pub circumstances: Circumstances,
}

/// The cases whose treatment started in the period, with the day.
fn started(cases: &[CaseLine], period: Period) -> Vec<(&CaseLine, NaiveDate)> {
    cases.iter().filter_map(|c| c.treatment_started_on.filter(|d| period.contains(*d)).map(|d| (c, d))).collect()
}

pub(super) fn citizenship(cases: &[CaseLine], facts: &BTreeMap<i64, CaseFacts>, period: Period) -> Section {
    let of = |c: &CaseLine| facts.get(&c.id).and_then(|f| f.details.citizenship);
    let started = started(cases, period);
    let rows = Citizenship::ALL
        .into_iter()
        .map(Some)
        .chain([None])
        .map(|kind| {
            let ids = started.iter().filter(|(c, _)| of(c) == kind).map(|(c, _)| c.id).collect();
            Row::of(RowKey::Citizenship(kind), ids)
        })
        .collect();
    Section::new(SectionKind::Citizenship, rows)
}

pub(super) fn family(
    cases: &[CaseLine],
    facts: &BTreeMap<i64, CaseFacts>,
    children: &[Child],
    period: Period,
) -> Section {
    let of = |c: &CaseLine| facts.get(&c.id).and_then(|f| f.circumstances.family);
    let started = started(cases, period);
    let mut rows: Vec<Row> = FamilySituation::ALL
        .into_iter()
        .map(Some)
        .chain([None])
        .map(|kind| {
            let ids = started.iter().filter(|(c, _)| of(c) == kind).map(|(c, _)| c.id).collect();
            Row::of(RowKey::Family(kind), ids)
        })
        .collect();
    // Each case's children found by number, not by a scan of every child
    // per case (the report would be cases x children).
    let mut of_case: HashMap<i64, Vec<&Child>> = HashMap::new();
    for child in children {
        of_case.entry(child.case_id).or_default().push(child);
    }
    let has = |case: &CaseLine, on: NaiveDate, relations: &[ChildRelation]| {
        of_case.get(&case.id).into_iter().flatten().any(|child| {
            relations.contains(&child.relation)
                && child.noted_on <= period.to
                && child.ended.as_ref().is_none_or(|e| e.on >= on)
                && (child.relation.is_expected() || possibly_under_18(child.birth_year, on))
        })
    };
    for (key, relations) in [
        (RowKey::Pregnant, &[ChildRelation::ExpectedByCitizen][..]),
        (RowKey::ChildrenAtHome, &[ChildRelation::LivesAtHome, ChildRelation::SharedCustody][..]),
        (RowKey::ChildrenPlaced, &[ChildRelation::PlacedOutsideHome][..]),
    ] {
        let ids = started.iter().filter(|(c, on)| has(c, *on, relations)).map(|(c, _)| c.id).collect();
        rows.push(Row::of(key, ids));
    }
    Section::new(SectionKind::Family, rows)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveTime;

    use super::*;
    use crate::domain::cpr::{Cpr, Sex};
    use crate::domain::intake::test_support::date;
    use crate::domain::intake::{Case, Channel, ChildrenAnswer, ContactKind, Gender, Identity, Progress};
    use crate::domain::notification::{Ended, Stamp};
    use crate::domain::policy::Profile;
    use crate::domain::report::{ReportInput, build};

    /// A case in treatment from `start`; named with the CPR number when
    /// given, else anonymous.
    fn case(id: i64, cpr: Option<&str>, start: &str) -> Case {
        let identity = match cpr {
            Some(c) => Identity::Named { name: format!("Borger {id}"), cpr: Some(Cpr::parse(c).unwrap().0) },
            None => Identity::Anonymous { pseudonym: format!("Ravn {id}") },
        };
        Case {
            id,
            citizen_id: id,
            kind: if cpr.is_some() { ContactKind::OwnUse } else { ContactKind::Anonymous },
            channel: Channel::Phone,
            contact_at: date(start).and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap()),
            identity,
            home_municipality: "Randers".into(),
            counsellor: "anna".into(),
            substances: Vec::new(),
            children: ChildrenAnswer::HasChildren,
            parental_consent: None,
            note: String::new(),
            referred_young: false,
            progress: Progress { treatment_started_on: Some(date(start)), ..Progress::default() },
        }
    }

    fn child(id: i64, case_id: i64, year: i32, relation: ChildRelation, noted: &str, ended: Option<&str>) -> Child {
        let stamp = Stamp { by: "anna".into(), at: "2025-01-01T09:00:00Z".into() };
        Child {
            id,
            case_id,
            name: String::new(),
            birth_year: year,
            relation,
            noted_on: date(noted),
            ended: ended.map(|on| Ended { on: date(on), reason: "flyttet".into(), stamp: stamp.clone() }),
            stamp,
        }
    }

    fn facts(citizenship: Option<Citizenship>, family: Option<FamilySituation>, gender: Option<Gender>) -> CaseFacts {
        CaseFacts {
            details: CitizenDetails { citizenship, gender },
            circumstances: Circumstances { family, income: None },
        }
    }

    /// Six cases; 1-5 start in 2025, 6 in 2024 (outside the year: never
    /// counted, whatever it records).
    /// 1 Danish, single, pregnant (her own expected child);
    /// 2 Danish, with a partner, a child of 2015 at home, and a child of
    ///   2004 at home who is 21 in 2025 (not under 18);
    /// 3 other citizenship, single, a child of 2012 placed outside the home,
    ///   and a partner's pregnancy (not the citizen's: not "pregnant");
    /// 4 anonymous, recorded as a woman, nothing else recorded, a shared-
    ///   custody child of 2018 whose record ended before her course started;
    /// 5 nothing recorded at all, a shared-custody child of 2019;
    /// 6 Danish, single, pregnant, but started in 2024.
    fn input() -> ReportInput {
        use Citizenship::{Danish, Other};
        use FamilySituation::{Single, WithPartner};
        ReportInput {
            cases: vec![
                case(1, Some("010190-1234"), "2025-02-01"),
                case(2, Some("020285-1235"), "2025-03-01"),
                case(3, Some("030370-1236"), "2025-04-01"),
                case(4, None, "2025-05-01"),
                case(5, Some("050595-1237"), "2025-06-01"),
                case(6, Some("060680-1238"), "2024-06-01"),
            ],
            facts: BTreeMap::from([
                (1, facts(Some(Danish), Some(Single), None)),
                (2, facts(Some(Danish), Some(WithPartner), None)),
                (3, facts(Some(Other), Some(Single), None)),
                (4, facts(None, None, Some(Gender::Female))),
                (6, facts(Some(Danish), Some(Single), None)),
            ]),
            children: vec![
                child(1, 1, 2025, ChildRelation::ExpectedByCitizen, "2025-02-01", None),
                child(2, 2, 2015, ChildRelation::LivesAtHome, "2025-03-01", None),
                child(3, 2, 2004, ChildRelation::LivesAtHome, "2025-03-01", None),
                child(4, 3, 2012, ChildRelation::PlacedOutsideHome, "2025-04-10", None),
                child(5, 3, 2025, ChildRelation::ExpectedByPartner, "2025-04-01", None),
                child(6, 4, 2018, ChildRelation::SharedCustody, "2025-01-10", Some("2025-04-30")),
                child(7, 5, 2019, ChildRelation::SharedCustody, "2025-06-01", None),
                child(8, 6, 2024, ChildRelation::ExpectedByCitizen, "2024-06-01", None),
            ],
            ..ReportInput::default()
        }
    }

    fn rows(kind: SectionKind) -> Vec<(String, usize, Vec<i64>)> {
        let period = Period::year(2025).unwrap();
        let profile = Profile::built_in("randers").unwrap();
        let report = build(&input(), &profile, period, date("2026-01-15"));
        let section = report.section(kind).unwrap().clone();
        assert!(section.notes.is_empty(), "{kind:?}: {:?}", section.notes);
        section.rows.into_iter().map(|r| (r.key.id(), r.count, r.cases)).collect()
    }

    fn r(key: &str, count: usize, cases: &[i64]) -> (String, usize, Vec<i64>) {
        (key.into(), count, cases.to_vec())
    }

    #[test]
    fn citizenship_counts_the_courses_started_in_the_year_and_those_not_recorded() {
        assert_eq!(
            rows(SectionKind::Citizenship),
            vec![r("danish", 2, &[1, 2]), r("other", 1, &[3]), r("not_recorded", 2, &[4, 5])]
        );
    }

    #[test]
    fn family_counts_the_situation_then_pregnancy_and_children_from_the_childrens_records() {
        assert_eq!(
            rows(SectionKind::Family),
            vec![
                r("single", 2, &[1, 3]),
                r("with_partner", 1, &[2]),
                r("other", 0, &[]),
                r("not_recorded", 2, &[4, 5]),
                // Her own expected child; 3's is the partner's, 6 started in 2024.
                r("pregnant", 1, &[1]),
                // 2's child of 2015 (the one of 2004 is grown up); 5's shared
                // custody; 4's record ended the day before her course.
                r("children_under_18", 2, &[2, 5]),
                // Noted after the course started, still in the year.
                r("children_placed", 1, &[3]),
            ]
        );
    }

    #[test]
    fn the_sex_of_an_anonymous_citizen_is_the_recorded_gender() {
        // 1, 2, 3 and 5 from their CPR numbers (odd last digit a man: 2
        // and 5; even a woman: 1 and 3); 4 has none, and was recorded as a
        // woman at intake.
        assert_eq!(
            rows(SectionKind::Sex),
            vec![r("male", 2, &[2, 5]), r("female", 3, &[1, 3, 4]), r("unknown", 0, &[])]
        );
        assert_eq!(Gender::Female.sex(), Sex::Female);
    }
}
