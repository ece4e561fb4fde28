//! Groups: weekly sessions over the whole history (public holidays
//! skipped, a few cancelled, four weeks planned ahead), members who join
//! a group for some weeks of their course, the roll call of every session
//! they were members at, the young people's MOVE courses and the gift-card
//! ledger of the cards they earned.

use chrono::{Datelike, NaiveDate, Weekday};

use super::rng::Rng;
use super::{COUNSELLORS, Ids, Life, Shape, next, plus, stamp};
use crate::domain::dates::is_public_holiday;
use crate::domain::group::groups::{GroupKind, weekday_id};
use crate::domain::group::move_cards::{Attendance, Phase, SessionRecord, assess};
use crate::domain::intake::{ContactKind, Reasoned};
use crate::domain::policy::Profile;
use crate::store::exchange::{
    AttendanceRecord, CourseRecord, ExportFile, GroupRecord, GroupSessionRecord, LedgerKind, LedgerRecord, MemberRecord,
};

const WEEKDAYS: [Weekday; 4] = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu];
const TIMES: [&str; 4] = ["10:00", "13:00", "15:30", "18:00"];
const KINDS: [(GroupKind, &str); 4] = [
    (GroupKind::RelapsePrevention, "Tilbagefaldsforebyggelse"),
    (GroupKind::Mindfulness, "Mindfulness"),
    (GroupKind::Aftercare, "Efterværn"),
    (GroupKind::Other, "Samtalegruppe"),
];

struct Group {
    id: i64,
    counsellor: &'static str,
    /// The sessions in date order: day, id, cancelled.
    sessions: Vec<(NaiveDate, i64, bool)>,
}

/// A card earned: the day, the case and the attendance that earned it.
struct Earned {
    on: NaiveDate,
    case_id: i64,
    attendance_id: i64,
}

pub struct Groups {
    ordinary: Vec<Group>,
    moves: Vec<Group>,
    anonymous: Group,
    today: NaiveDate,
    earned: Vec<Earned>,
}

impl Groups {
    /// The groups and their sessions: about one ordinary group per 4,000
    /// cases (so a group keeps eight to ten members at a time), one MOVE
    /// group per 20,000 and the anonymous §101a group.
    pub fn new(file: &mut ExportFile, shape: &Shape, first_day: NaiveDate, rng: &mut Rng) -> Groups {
        let mut session_id = 0;
        let mut make = |file: &mut ExportFile, id: i64, kind: GroupKind, name: String, rng: &mut Rng| {
            let weekday = WEEKDAYS[id as usize % WEEKDAYS.len()];
            let time = if kind == GroupKind::Anonymous { "18:00" } else { TIMES[id as usize % TIMES.len()] };
            let place = format!("Lokale {}", 1 + id % 4);
            let counsellors: Vec<String> = if kind == GroupKind::Anonymous {
                super::ANONYMOUS_TEAM.iter().map(|c| c.to_string()).collect()
            } else {
                vec![COUNSELLORS[id as usize % 10].into(), COUNSELLORS[(id as usize + 3) % 10].into()]
            };
            let counsellor =
                if kind == GroupKind::Anonymous { super::ANONYMOUS_TEAM[0] } else { COUNSELLORS[id as usize % 10] };
            file.groups.push(GroupRecord {
                id,
                name,
                kind,
                weekday: weekday_id(weekday).into(),
                time: time.into(),
                place: place.clone(),
                counsellors,
            });
            let mut sessions = Vec::new();
            let mut on = first_day;
            while on.weekday() != weekday {
                on = plus(on, 1);
            }
            while on <= plus(shape.today, 28) {
                if is_public_holiday(on).is_none() {
                    session_id += 1;
                    let cancelled = (on <= shape.today && rng.chance(2))
                        .then(|| Reasoned { on: plus(on, -1), reason: "Underviseren er syg".into() });
                    sessions.push((on, session_id, cancelled.is_some()));
                    file.group_sessions.push(GroupSessionRecord {
                        id: session_id,
                        group_id: id,
                        on,
                        time: time.into(),
                        place: place.clone(),
                        cancelled,
                        moved: None,
                    });
                }
                on = plus(on, 7);
            }
            Group { id, counsellor, sessions }
        };
        let mut id = 0;
        let mut ordinary = Vec::new();
        for n in 0..(shape.cases / 4000).max(3) {
            id += 1;
            let (kind, name) = KINDS[n % KINDS.len()];
            ordinary.push(make(file, id, kind, format!("{name} {}", n / KINDS.len() + 1), rng));
        }
        let mut moves = Vec::new();
        for n in 0..(shape.cases / 20_000).max(1) {
            id += 1;
            moves.push(make(file, id, GroupKind::Move, format!("MOVE {}", n + 1), rng));
        }
        id += 1;
        let anonymous = make(file, id, GroupKind::Anonymous, "Anonym gruppe".into(), rng);
        Groups { ordinary, moves, anonymous, today: shape.today, earned: Vec::new() }
    }

    /// Perhaps a member of a group for some weeks of the course: one in
    /// eight own-use courses, half the young (in MOVE, with a course) and
    /// most anonymous ones; the roll call of every session since.
    pub fn join(&mut self, file: &mut ExportFile, ids: &mut Ids, life: &Life, profile: &Profile, rng: &mut Rng) {
        let Some(start) = life.started else { return };
        let (group, young) = match life.kind {
            ContactKind::OwnUse if rng.chance(12) => {
                (&self.ordinary[rng.below(self.ordinary.len() as u64) as usize], false)
            }
            ContactKind::Young if rng.chance(50) => (&self.moves[rng.below(self.moves.len() as u64) as usize], true),
            ContactKind::Anonymous if rng.chance(60) => (&self.anonymous, false),
            _ => return,
        };
        let joined = plus(start, rng.between(7, 21));
        let until = life.ended.unwrap_or(self.today);
        if joined > until {
            return;
        }
        let leave = plus(joined, rng.between(56, 112)).min(until);
        let left = (leave < self.today || life.ended.is_some()).then_some(leave);
        file.group_members.push(MemberRecord {
            id: next(&mut ids.member),
            group_id: group.id,
            case_id: life.case_id,
            joined_on: joined,
            left_on: left,
        });
        let course = young.then(|| {
            let id = next(&mut ids.course);
            file.move_courses.push(CourseRecord {
                id,
                case_id: life.case_id,
                screening_on: joined,
                follow_up_from: None,
                ended: left.map(|on| Reasoned { on, reason: "Forløbet er afsluttet".into() }),
            });
        });
        // MOVE: the cards are the ones the rule earns (domain.md 7.1), asked
        // of the domain once the member's sessions are known, so that every
        // card handed out below is one the Grupper pane finds earned.
        let mut held: Vec<(SessionRecord, NaiveDate, i64)> = Vec::new();
        let first = group.sessions.partition_point(|(on, _, _)| *on < joined);
        for &(on, session_id, cancelled) in &group.sessions[first..] {
            if on > leave || on > self.today {
                break;
            }
            if cancelled {
                continue;
            }
            let status =
                rng.weighted(&[(Attendance::Attended, 78), (Attendance::Cancelled, 12), (Attendance::NoShow, 10)]);
            let attendance_id = next(&mut ids.attendance);
            file.attendances.push(AttendanceRecord {
                id: attendance_id,
                case_id: life.case_id,
                session_id: Some(session_id),
                course_id: None,
                on: None,
                status,
                actor: group.counsellor.into(),
                recorded_at: stamp(on, rng),
            });
            held.push((SessionRecord { date: on, phase: Phase::Main, attendance: Some(status) }, on, attendance_id));
        }
        if course.is_some() {
            let sessions: Vec<SessionRecord> = held.iter().map(|(s, _, _)| s.clone()).collect();
            for i in assess(&sessions, &profile.move_cards).earned_indices() {
                let (_, on, attendance_id) = held[i];
                self.earned.push(Earned { on, case_id: life.case_id, attendance_id });
            }
        }
    }

    /// The gift-card ledger: cards received in boxes of 50 when the stock
    /// runs out, one in each box lost at the count, and every card earned
    /// handed out on the day (a few of the last two weeks' still owed).
    pub fn ledger(mut self, file: &mut ExportFile, ids: &mut Ids, profile: &Profile, rng: &mut Rng) {
        let value = profile.move_cards.card_value.0;
        self.earned.sort_by_key(|e| (e.on, e.attendance_id));
        // The highest serial received, and the next to hand out.
        let (mut top, mut hand) = (0, 1);
        for e in &self.earned {
            if e.on > plus(self.today, -14) && rng.chance(30) {
                continue;
            }
            if hand >= top {
                for serial in top + 1..=top + 50 {
                    file.gift_card_ledger.push(card(ids, serial, value, e.on, LedgerKind::Received, rng));
                }
                top += 50;
                let mut lost = card(ids, top, value, e.on, LedgerKind::Lost, rng);
                lost.reason = Some("Mangler ved optælling".into());
                file.gift_card_ledger.push(lost);
                hand = top - 49;
            }
            let mut handed = card(ids, hand, value, e.on, LedgerKind::HandedOut, rng);
            handed.case_id = Some(e.case_id);
            handed.attendance_id = Some(e.attendance_id);
            file.gift_card_ledger.push(handed);
            hand += 1;
        }
    }
}

/// A ledger entry of `kind` for card `serial`, by the centre's secretary.
fn card(ids: &mut Ids, serial: u32, value: i64, on: NaiveDate, kind: LedgerKind, rng: &mut Rng) -> LedgerRecord {
    LedgerRecord {
        id: next(&mut ids.ledger),
        serial: format!("MOVE-{serial:05}"),
        value,
        on,
        actor: "lene".into(),
        kind,
        case_id: None,
        attendance_id: None,
        reason: None,
        corrects_entry: None,
        recorded_at: stamp(on, rng),
    }
}
