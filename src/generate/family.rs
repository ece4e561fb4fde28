//! The children of the cases that answered "has children", the regular
//! considerations of them while the course runs, and the underretninger
//! (child-protection notifications) with their receipts and the
//! municipality's later information.

use chrono::Datelike;

use super::rng::Rng;
use super::{Ids, Life, next, plus, stamp};
use crate::domain::dates::{add_months, add_working_days};
use crate::domain::notification::{ChildRelation, Duty, Ground, InformHow, SendHow};
use crate::store::exchange::{
    ChildRecord, ConsiderationRecord, EndedRecord, ExportFile, InformedRecord, NotificationRecord,
    NotificationUpdateRecord, SentRecord, StepRecord,
};

const CONSIDERATIONS: [&str; 4] = [
    "Børnene trives; ingen bekymring ved samtalen",
    "Hjemmebesøg: barnet virker trygt, forælderen stabil",
    "Drøftet med borgeren; skolen oplever ingen ændring",
    "Ingen bekymring nu; følges ved næste samtale",
];

pub fn children(file: &mut ExportFile, ids: &mut Ids, life: &Life, today: chrono::NaiveDate, rng: &mut Rng) {
    if !life.has_children {
        return;
    }
    let noted = life.contact;
    let actor = life.counsellor;
    let mut at_home = Vec::new();
    for _ in 0..rng.weighted(&[(1, 50), (2, 35), (3, 15)]) {
        let relation = rng.weighted(&[
            (ChildRelation::LivesAtHome, 60),
            (ChildRelation::SharedCustody, 15),
            (ChildRelation::ContactChild, 10),
            (ChildRelation::PlacedOutsideHome, 5),
            (ChildRelation::ExpectedByCitizen, 5),
            (ChildRelation::ExpectedByPartner, 5),
        ]);
        let birth_year = if relation.is_expected() {
            noted.year() + i32::from(rng.chance(40))
        } else {
            noted.year() - rng.between(0, 16) as i32
        };
        let id = next(&mut ids.child);
        let ended = life.ended.filter(|_| rng.chance(5)).map(|on| EndedRecord {
            on,
            reason: "Flyttet til den anden forælder".into(),
            actor: actor.into(),
            recorded_at: stamp(on, rng),
        });
        file.children.push(ChildRecord {
            id,
            case_id: life.case_id,
            birth_year,
            relation,
            name: if rng.chance(50) {
                (*rng.pick(&["A.", "M.K.", "Sofus", "Alma", "Noah", "Ella"])).into()
            } else {
                String::new()
            },
            noted_on: noted,
            ended,
            actor: actor.into(),
            recorded_at: stamp(noted, rng),
        });
        if relation.needs_consideration() && !relation.is_expected() {
            at_home.push(id);
        }
    }
    let Some(start) = life.started else { return };
    let until = life.ended.unwrap_or(today);
    // A consideration every three months (the national default); now and
    // then one is missed, so some fall due.
    let mut on = start;
    while on <= until {
        if rng.chance(90) {
            file.child_considerations.push(ConsiderationRecord {
                id: next(&mut ids.consideration),
                case_id: life.case_id,
                on,
                note: (*rng.pick(&CONSIDERATIONS)).into(),
                actor: actor.into(),
                recorded_at: stamp(on, rng),
            });
        }
        on = plus(add_months(on, 3), -rng.between(0, 7));
    }
    if !at_home.is_empty() && rng.chance(8) {
        notification(file, ids, life, at_home[0], plus(start, rng.between(20, 150)).min(until), today, rng);
    }
}

/// One underretning about `child`, drafted on `drafted`: told, sent, the
/// receipt within a few working days (some still missing), and now and
/// then the municipality's later information. A few stay drafts.
fn notification(
    file: &mut ExportFile,
    ids: &mut Ids,
    life: &Life,
    child: i64,
    drafted: chrono::NaiveDate,
    today: chrono::NaiveDate,
    rng: &mut Rng,
) {
    let actor = life.counsellor;
    let ground = rng.weighted(&[
        (Ground::SpecialSupport, 60),
        (Ground::SchoolAbsence, 15),
        (Ground::Abuse, 10),
        (Ground::Endangered, 15),
    ]);
    let duty = if ground.duty() == Duty::Everyone { Duty::Everyone } else { Duty::Professional };
    let step = |on, rng: &mut Rng| StepRecord { on, actor: actor.into(), recorded_at: stamp(on, rng) };
    let draft_only = drafted >= plus(today, -3) && rng.chance(50);
    let sent_on = plus(drafted, rng.between(0, 1));
    let sent = (!draft_only && sent_on <= today).then(|| SentRecord {
        on: sent_on,
        how: rng.weighted(&[(SendHow::OnlineForm, 80), (SendHow::SecureEmail, 15), (SendHow::Letter, 5)]),
        actor: actor.into(),
        recorded_at: stamp(sent_on, rng),
    });
    let receipt_on = add_working_days(sent_on, rng.between(1, 9) as u32);
    let receipt = sent.as_ref().filter(|_| receipt_on <= today && rng.chance(92)).map(|_| step(receipt_on, rng));
    let id = next(&mut ids.notification);
    file.notifications.push(NotificationRecord {
        id,
        case_id: life.case_id,
        corrects: None,
        duty,
        grounds: vec![ground],
        children: vec![child],
        municipality: "Randers".into(),
        description: "Barnet kommer ofte for sent i skole og fortæller om uro i hjemmet, når forælderen har brugt."
            .into(),
        drafted: step(drafted, rng),
        informed: Some(InformedRecord {
            on: drafted,
            how: Some(InformHow::InPerson),
            not_told_reason: None,
            actor: actor.into(),
            recorded_at: stamp(drafted, rng),
        }),
        sent,
        receipt,
        discarded: None,
    });
    let later = plus(receipt_on, rng.between(10, 40));
    if file.notifications.last().is_some_and(|n| n.receipt.is_some()) && later <= today && rng.chance(20) {
        file.notification_updates.push(NotificationUpdateRecord {
            id: next(&mut ids.update),
            notification_id: id,
            on: later,
            text: "Kommunen har iværksat en børnefaglig undersøgelse.".into(),
            actor: actor.into(),
            recorded_at: stamp(later, rng),
        });
    }
}
