//! One case's life: the citizen, the contact and its steps through intake,
//! and for a course in treatment its plan versions, its ending and the
//! follow-up calls the ending schedules, with the attempts to reach the
//! citizen. Every step is dated on or before the centre's today; a step
//! that would fall later has not happened yet, which is what leaves a
//! realistic share of cases open in intake and in treatment.

use chrono::{NaiveDate, NaiveTime};

use super::people::People;
use super::rng::Rng;
use super::{ANONYMOUS_TEAM, COUNSELLORS, Ids, Life, next, plus, stamp};
use crate::domain::dates::add_months;
use crate::domain::intake::{Channel, ChildrenAnswer, ClosingReason, ContactKind, Reasoned, StepKind, Substance};
use crate::domain::plan::{ActionPlanDecision, CallOutcome, DischargeReason, Goal, GoalArea, GoalStatus, NewEnding};
use crate::domain::policy::Profile;
use crate::store::exchange::{
    AttemptRecord, CallRecord, CaseRecord, CitizenRecord, EndingRecord, EventRecord, ExportFile, PlanVersionRecord,
    step_id,
};

/// A new case: its number and the day the citizen first made contact.
pub struct Arrival {
    pub case_id: i64,
    pub contact: NaiveDate,
    pub today: NaiveDate,
    /// The stress shape: a contact nobody has moved on yet.
    pub left_in_intake: bool,
}

const SUBSTANCES: [(Substance, u64); 7] = [
    (Substance::Cannabis, 45),
    (Substance::Amphetamine, 15),
    (Substance::Cocaine, 18),
    (Substance::Opioids, 6),
    (Substance::Benzodiazepines, 8),
    (Substance::Solvents, 1),
    (Substance::Other, 7),
];

const MAIN_GOALS: [&str; 6] = [
    "Stoffrihed",
    "Reducere forbruget af hash til weekender",
    "Ophør med kokain",
    "Stabilt forbrug uden sidemisbrug",
    "Nedtrapning af benzodiazepiner med lægen",
    "Stoffrihed og fast bolig",
];
const OTHER_GOALS: [(GoalArea, &str); 5] = [
    (GoalArea::EducationEmployment, "Fastholde arbejdet i den nuværende stilling"),
    (GoalArea::EducationEmployment, "Starte på en uddannelse efter sommerferien"),
    (GoalArea::SocialNetwork, "Genoptage kontakten til familien"),
    (GoalArea::SocialNetwork, "En fritidsaktivitet uden forbrug hver uge"),
    (GoalArea::Other, "Orden i økonomien med hjælp fra gældsrådgivningen"),
];

/// Whose case: the anonymous team takes the anonymous ones.
fn counsellor(kind: ContactKind, rng: &mut Rng) -> &'static str {
    if kind == ContactKind::Anonymous {
        ANONYMOUS_TEAM[rng.below(ANONYMOUS_TEAM.len() as u64) as usize]
    } else {
        COUNSELLORS[rng.below((COUNSELLORS.len() - ANONYMOUS_TEAM.len()) as u64) as usize]
    }
}

/// `day` if it has come by `today`.
fn by(day: NaiveDate, today: NaiveDate) -> Option<NaiveDate> {
    (day <= today).then_some(day)
}

struct Events<'a> {
    file: &'a mut ExportFile,
    ids: &'a mut Ids,
    case_id: i64,
    actor: &'static str,
}

impl Events<'_> {
    fn add(&mut self, kind: &str, on: NaiveDate, reason: Option<String>, wanted: Option<bool>, rng: &mut Rng) {
        let id = next(&mut self.ids.event);
        self.file.case_events.push(EventRecord {
            id,
            case_id: self.case_id,
            kind: kind.into(),
            on,
            reason,
            wanted,
            actor: self.actor.into(),
            recorded_at: stamp(on, rng),
            undoes: None,
            counsellor: None,
        });
    }

    fn step(&mut self, kind: StepKind, on: Option<NaiveDate>, reason: Option<String>, rng: &mut Rng) {
        if let Some(on) = on {
            self.add(&step_id(kind), on, reason, None, rng);
        }
    }
}

pub fn case(
    file: &mut ExportFile,
    ids: &mut Ids,
    people: &mut People,
    profile: &Profile,
    arrival: Arrival,
    rng: &mut Rng,
) -> Life {
    let Arrival { case_id, contact, today, left_in_intake } = arrival;
    let kind = rng.weighted(&[
        (ContactKind::OwnUse, 74),
        (ContactKind::Young, 9),
        (ContactKind::Relative, 10),
        (ContactKind::Anonymous, 5),
        (ContactKind::Professional, 2),
    ]);
    let person = people.citizen(kind, contact);
    if !person.known {
        file.citizens.push(CitizenRecord {
            id: person.citizen_id,
            name: person.name.clone(),
            cpr: person.cpr.clone(),
            pseudonym: person.pseudonym.clone(),
            home_municipality: person.home.into(),
            // Citizenship, and gender without CPR, are left unrecorded: the
            // report counts them as "ikke oplyst".
            citizenship: None,
            gender: None,
        });
    }
    let counsellor = counsellor(kind, rng);
    let channel =
        rng.weighted(&[(Channel::Phone, 55), (Channel::InPerson, 20), (Channel::Email, 15), (Channel::Web, 10)]);
    let time =
        NaiveTime::from_hms_opt(rng.between(8, 15) as u32, *rng.pick(&[0, 15, 30, 45]), 0).expect("a clock time");
    let mut substances = Vec::new();
    if matches!(kind, ContactKind::OwnUse | ContactKind::Young | ContactKind::Anonymous) {
        for _ in 0..rng.weighted(&[(1, 60), (2, 30), (3, 10)]) {
            let s = rng.weighted(&SUBSTANCES);
            if !substances.contains(&s) {
                substances.push(s);
            }
        }
        // In the order the store reads them back, so an export gives the file again.
        substances.sort();
    }
    let under_18 = person.born.is_some_and(|b| crate::domain::dates::age_in_years(b, contact) < 18);
    let has_children = matches!(kind, ContactKind::OwnUse) && !under_18 && rng.chance(25);
    let mut record = CaseRecord {
        id: case_id,
        citizen_id: person.citizen_id,
        kind,
        channel,
        contact_at: contact.and_time(time),
        counsellor: counsellor.into(),
        substances,
        children: if has_children { ChildrenAnswer::HasChildren } else { ChildrenAnswer::NoChildren },
        parental_consent: under_18.then_some(true),
        note: String::new(),
        referred_young: kind == ContactKind::Young && rng.chance(30),
        visitation_on: None,
        consent_on: None,
        doctor_offered_on: None,
        doctor_wanted: None,
        doctor_held_on: None,
        free_choice: None,
        special_assessment: None,
        treatment_started_on: None,
        closed: None,
        closing_reason: None,
        family: None,
        income: None,
    };
    let mut events = Events { file: &mut *file, ids: &mut *ids, case_id, actor: counsellor };
    events.add("registered", contact, None, None, rng);
    let mut life = Life { case_id, kind, contact, started: None, ended: None, counsellor, has_children };
    if left_in_intake {
        // A contact of a centre that fell behind: registered, perhaps a
        // visitation booked, nothing more.
        if rng.chance(30) {
            record.visitation_on = by(plus(contact, rng.between(1, 20)), today);
            events.step(StepKind::BookVisitation, record.visitation_on, None, rng);
        }
        file.cases.push(record);
        return life;
    }
    if !kind.can_start_treatment() {
        // Counselling for relatives and professionals, closed after a while.
        let closed = plus(contact, rng.between(10, 120));
        if closed <= today {
            let reason = "Rådgivningsforløbet er afsluttet".to_string();
            events.step(StepKind::Close, Some(closed), Some(reason.clone()), rng);
            record.closed = Some(Reasoned { on: closed, reason });
            record.closing_reason = Some(ClosingReason::Other);
            life.ended = Some(closed);
        }
        file.cases.push(record);
        return life;
    }
    let visitation = plus(contact, rng.between(1, 5));
    let consent = plus(visitation, rng.between(0, 3));
    if rng.chance(20) {
        // Closed before treatment, somewhere along intake.
        let closed = plus(contact, rng.between(3, 40));
        if rng.chance(60) && visitation < closed {
            record.visitation_on = by(visitation, today);
            events.step(StepKind::BookVisitation, record.visitation_on, None, rng);
        }
        if closed <= today {
            let reason = rng.weighted(&[
                (ClosingReason::NoShow, 35),
                (ClosingReason::NotWanted, 25),
                (ClosingReason::ReferredElsewhere, 15),
                (ClosingReason::Moved, 5),
                (ClosingReason::NotRelevant, 10),
                (ClosingReason::Other, 10),
            ]);
            let text = match reason {
                ClosingReason::NoShow => "Udeblevet fra to aftaler",
                ClosingReason::NotWanted => "Ønsker ikke behandling nu",
                ClosingReason::ReferredElsewhere => "Henvist til psykiatrien",
                ClosingReason::Moved => "Flyttet fra kommunen",
                ClosingReason::NotRelevant => "Intet behandlingskrævende forbrug",
                ClosingReason::Other => "Afsluttet efter aftale med borgeren",
            };
            events.step(StepKind::Close, Some(closed), Some(text.into()), rng);
            record.closed = Some(Reasoned { on: closed, reason: text.into() });
            record.closing_reason = Some(reason);
            life.ended = Some(closed);
            people.closed(person.citizen_id, closed, person.born);
        }
        file.cases.push(record);
        return life;
    }
    // Towards treatment: most start well within the 14-day guarantee, some
    // late with a special assessment, some choose another provider first.
    let late = rng.chance(6);
    let start = if late { plus(contact, rng.between(15, 30)) } else { plus(consent, rng.between(1, 8)) };
    record.visitation_on = by(visitation, today);
    events.step(StepKind::BookVisitation, record.visitation_on, None, rng);
    record.consent_on = by(consent, today);
    events.step(StepKind::StartAssessment, record.consent_on, None, rng);
    if rng.chance(3) {
        let on = plus(contact, 2);
        let reason = "Borgeren har valgt et privat tilbud (frit valg)".to_string();
        record.free_choice = by(on, today).map(|on| Reasoned { on, reason: reason.clone() });
        events.step(StepKind::FreeChoice, record.free_choice.as_ref().map(|r| r.on), Some(reason), rng);
    }
    if late {
        let on = plus(contact, 12);
        let reason = "Særlig vurdering: venter på afrusning før opstart".to_string();
        record.special_assessment = by(on, today).map(|on| Reasoned { on, reason: reason.clone() });
        events.step(StepKind::SpecialAssessment, record.special_assessment.as_ref().map(|r| r.on), Some(reason), rng);
    }
    // Randers offers the doctor at enrolment: on the day treatment starts.
    let Some(start) = by(start, today) else {
        file.cases.push(record);
        return life;
    };
    let wanted = rng.chance(30);
    record.doctor_offered_on = Some(start);
    record.doctor_wanted = Some(wanted);
    events.add(&step_id(StepKind::OfferDoctor), start, None, Some(wanted), rng);
    record.treatment_started_on = Some(start);
    events.step(StepKind::StartTreatment, Some(start), None, rng);
    if wanted {
        record.doctor_held_on = by(plus(start, rng.between(3, 20)), today);
        events.step(StepKind::DoctorHeld, record.doctor_held_on, None, rng);
    }
    if rng.chance(3) {
        // Never asked about children: the children question falls due.
        record.children = ChildrenAnswer::NotAsked;
        life.has_children = false;
    }
    life.started = Some(start);
    let days = rng.weighted(&[((30, 90), 25), ((90, 180), 30), ((180, 365), 30), ((365, 900), 15)]);
    let end = plus(start, rng.between(days.0, days.1));
    let last_plan = plans(file, ids, profile, &life, end, today, rng);
    if let Some(end) = by(end, today) {
        let end = end.max(last_plan.unwrap_or(start));
        let reason = ending(file, ids, profile, &life, end, today, rng);
        record.closed = Some(Reasoned { on: end, reason });
        let mut events = Events { file: &mut *file, ids: &mut *ids, case_id, actor: counsellor };
        events.step(StepKind::Close, Some(end), record.closed.as_ref().map(|c| c.reason.clone()), rng);
        life.ended = Some(end);
        people.closed(person.citizen_id, end, person.born);
    }
    file.cases.push(record);
    life
}

/// The plan versions of a course from its start until it ends or today:
/// the first within ten days, each revision on or a little before the date
/// the last one named. One course in twelve is let slip (no revision after
/// some point), so revisions fall overdue as in a real centre. Gives the
/// last version's date.
fn plans(
    file: &mut ExportFile,
    ids: &mut Ids,
    profile: &Profile,
    life: &Life,
    end: NaiveDate,
    today: NaiveDate,
    rng: &mut Rng,
) -> Option<NaiveDate> {
    let start = life.started?;
    let until = end.min(today);
    let slips = rng.chance(8);
    let main = *rng.pick(&MAIN_GOALS);
    let other = *rng.pick(&OTHER_GOALS);
    let months = profile.plan.revision_every_months;
    let mut on = plus(start, rng.between(0, 10));
    let mut version = 0;
    let mut decision = ActionPlanDecision::Undecided;
    let mut last = None;
    while on <= until && version < 40 {
        version += 1;
        let next_revision = plus(add_months(on, months), -rng.between(0, 14));
        if version > 1 && decision == ActionPlanDecision::Undecided {
            decision = rng.weighted(&[
                (ActionPlanDecision::Undecided, 40),
                (ActionPlanDecision::NotNeeded, 45),
                (ActionPlanDecision::Needed, 10),
                (ActionPlanDecision::Declined, 5),
            ]);
        }
        let status = if version == 1 { GoalStatus::NotStarted } else { GoalStatus::InProgress };
        let mut goals = vec![Goal { area: GoalArea::Main, text: main.into(), status }];
        if version > 1 || rng.chance(70) {
            goals.push(Goal { area: other.0, text: other.1.into(), status });
        }
        let id = next(&mut ids.plan);
        file.plan_versions.push(PlanVersionRecord {
            id,
            case_id: life.case_id,
            version,
            effective_on: on,
            next_revision_on: next_revision,
            goals,
            services: "Individuelle samtaler hver anden uge".into(),
            methods: "Motiverende samtale, kognitiv adfærdsterapi".into(),
            partners: if rng.chance(40) { "Jobcentret".into() } else { String::new() },
            action_plan: decision,
            citizen_took_part: rng.chance(92),
            changes: if version > 1 {
                "Planen er gennemgået med borgeren; mål justeret".into()
            } else {
                String::new()
            },
            actor: life.counsellor.into(),
            recorded_at: stamp(on, rng),
        });
        last = Some(on);
        if slips && version >= 2 {
            break;
        }
        on = plus(next_revision, -rng.between(0, 10)).max(plus(on, 1));
    }
    last
}

/// The course's ending on `end` and the follow-up calls it schedules, with
/// the attempts made by today. Gives the case's closing text.
fn ending(
    file: &mut ExportFile,
    ids: &mut Ids,
    profile: &Profile,
    life: &Life,
    end: NaiveDate,
    today: NaiveDate,
    rng: &mut Rng,
) -> String {
    let reason = rng.weighted(&[
        (DischargeReason::Completed, 45),
        (DischargeReason::OwnWish, 15),
        (DischargeReason::NoShow, 14),
        (DischargeReason::OtherService, 8),
        (DischargeReason::Moved, 5),
        (DischargeReason::PrisonProbation, 3),
        (DischargeReason::Hospital, 2),
        (DischargeReason::Expelled, 2),
        (DischargeReason::Died, 1),
        (DischargeReason::OtherReason, 5),
    ]);
    let declined = profile.follow_up.triggers.contains(&reason) && rng.chance(15);
    let note = if declined { "Ønsker ikke opfølgningsopkald" } else { "" };
    file.course_endings.push(EndingRecord {
        case_id: life.case_id,
        ended_on: end,
        reason,
        follow_up_declined: declined,
        note: note.into(),
        actor: life.counsellor.into(),
        recorded_at: stamp(end, rng),
    });
    let ending = NewEnding { ended_on: end, reason, follow_up_declined: declined, note: note.into() };
    for call in crate::domain::plan::scheduled_calls(&ending, &profile.follow_up) {
        let call_id = next(&mut ids.call);
        file.follow_up_calls.push(CallRecord {
            id: call_id,
            case_id: life.case_id,
            months: call.months,
            due_on: call.due_on,
        });
        attempts(file, ids, life, call_id, call.due_on, today, rng);
    }
    if declined { "Afsluttet; ønsker ikke opfølgningsopkald".into() } else { "Forløbet er afsluttet".into() }
}

/// How many days before today a call may still be open: the counsellor
/// tries again until the citizen answers, so only the last weeks' calls are
/// still being tried.
pub(crate) const STILL_TRYING_DAYS: u64 = 42;

/// Calls are made around the day they are due: most reach the citizen at
/// once, some after a try or two. A call of the last weeks may not have
/// reached them yet; an older one was tried until it did. None is made
/// after today.
fn attempts(
    file: &mut ExportFile,
    ids: &mut Ids,
    life: &Life,
    call_id: i64,
    due: NaiveDate,
    today: NaiveDate,
    rng: &mut Rng,
) {
    let tries = rng.weighted(&[(1, 70), (2, 20), (3, 10)]);
    let still_trying = today - chrono::Days::new(STILL_TRYING_DAYS) <= due;
    let reached_at_last = !still_trying || rng.chance(85);
    let mut on = plus(due, rng.between(0, 5));
    for attempt in 1..=tries {
        if on > today {
            return;
        }
        let reached = attempt == tries && reached_at_last;
        file.follow_up_attempts.push(AttemptRecord {
            id: next(&mut ids.attempt),
            call_id,
            on,
            reached,
            outcome: reached.then(|| {
                rng.weighted(&[
                    (CallOutcome::DrugFree, 25),
                    (CallOutcome::Reduced, 25),
                    (CallOutcome::Stabilised, 20),
                    (CallOutcome::Unchanged, 15),
                    (CallOutcome::Relapsed, 10),
                    (CallOutcome::NotStated, 5),
                ])
            }),
            note: if reached { String::new() } else { "Telefonsvarer; besked lagt".into() },
            actor: life.counsellor.into(),
            recorded_at: stamp(on, rng),
        });
        on = plus(on, rng.between(2, 7));
    }
}
