//! Correcting a case after registration (issue 10): its own fields edited
//! (parental consent given later, substances, note, channel, kind, the
//! contact's date and time), and a step undone by a correcting event that
//! keeps the step and the correction side by side in the history. Nothing
//! is deleted. The citizen's identity (name, CPR, home municipality) is
//! corrected elsewhere.
//!
//! An edit goes through the same rule book as a new contact
//! ([`validate_contact`]), fed with the case's identity as it stands, so no
//! second set of rules can drift from the first.

use chrono::NaiveDate;

use super::contact::{ContactField, ContactInput, ContactProblem, ContactWarning, validate_contact};
use super::{Case, Channel, ChildrenAnswer, ContactKind, Identity, Step, StepKind, Substance, apply_step};
use crate::domain::dates::DateInputError;
use crate::domain::input::{self, DateProblem};
use crate::domain::policy::IntakePolicy;

const MAX_REASON: usize = crate::domain::limits::STEP_REASON;

/// The case's own fields as the edit form holds them: texts raw, choices chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseEditInput {
    pub kind: ContactKind,
    pub channel: Channel,
    pub date: String,
    pub time: String,
    pub substances: Vec<Substance>,
    pub children: ChildrenAnswer,
    pub parental_consent: Option<bool>,
    /// The day the parents consented: asked when consent is given later.
    pub consent_on: String,
    pub note: String,
}

impl CaseEditInput {
    /// The form as it opens: the case as it stands.
    pub fn of(case: &Case) -> CaseEditInput {
        CaseEditInput {
            kind: case.kind,
            channel: case.channel,
            date: crate::domain::dates::format_date_dk(case.contact_date()),
            time: crate::domain::dates::format_time(case.contact_at.time()),
            substances: case.substances.clone(),
            children: case.children,
            parental_consent: case.parental_consent,
            consent_on: String::new(),
            note: case.note.clone(),
        }
    }
}

/// The fields of the edit form, with stable ids for the history
/// (`edited` events name the fields they changed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EditField {
    Kind,
    Channel,
    Date,
    Time,
    Substances,
    Children,
    ParentalConsent,
    ConsentOn,
    Note,
}

impl EditField {
    pub const ALL: [EditField; 9] = [
        EditField::Kind,
        EditField::Channel,
        EditField::Date,
        EditField::Time,
        EditField::Substances,
        EditField::Children,
        EditField::ParentalConsent,
        EditField::ConsentOn,
        EditField::Note,
    ];

    pub fn id(self) -> &'static str {
        match self {
            EditField::Kind => "kind",
            EditField::Channel => "channel",
            EditField::Date => "date",
            EditField::Time => "time",
            EditField::Substances => "substances",
            EditField::Children => "children",
            EditField::ParentalConsent => "parental_consent",
            EditField::ConsentOn => "consent_on",
            EditField::Note => "note",
        }
    }

    pub fn from_id(id: &str) -> Option<EditField> {
        EditField::ALL.into_iter().find(|f| f.id() == id)
    }
}

/// Why an edit cannot be saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditProblem {
    /// The new-contact form's own rule, at the same field.
    Contact(ContactProblem),
    /// Anonymous (§101a) or not decides who the case is about: that is the
    /// citizen's identity, not a field of the case.
    KindChangesIdentity,
    /// A case that has taken treatment steps (assessment, doctor,
    /// treatment) stays the citizen's own: not a relative's or a
    /// professional's contact.
    KindAfterTreatmentSteps,
    /// The contact cannot move to after a step already recorded on it.
    AfterFirstStep { on: NaiveDate },
    /// Treatment under 18 has started on the parents' consent: it cannot
    /// be taken back here (the course is ended in Planer).
    ConsentNeededByTreatment,
    /// The day the parents consented, when consent is given later.
    ConsentOn(ConsentOnProblem),
}

/// What is wrong with the day of a consent given later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConsentOnProblem {
    Required,
    Date(DateInputError),
    InFuture,
    BeforeContact { contact: NaiveDate },
}

/// A checked edit: the case as it will be, what changed, the day consent
/// was given when it was given now, and what the counsellor should see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseEdit {
    pub case: Case,
    pub changed: Vec<EditField>,
    pub consent_given_on: Option<NaiveDate>,
    pub warnings: Vec<ContactWarning>,
}

impl CaseEdit {
    /// Whether the contact's date moved: the guarantee's clock moves with it.
    pub fn moves_the_clock(&self) -> bool {
        self.changed.contains(&EditField::Date)
    }
}

fn edit_field(f: ContactField) -> EditField {
    match f {
        ContactField::Channel => EditField::Channel,
        ContactField::Date => EditField::Date,
        ContactField::Time => EditField::Time,
        ContactField::Substances => EditField::Substances,
        ContactField::Children => EditField::Children,
        ContactField::ParentalConsent => EditField::ParentalConsent,
        ContactField::Note => EditField::Note,
        // The identity is not edited here: a problem there comes from the
        // kind chosen (an own-use case needs a CPR number).
        _ => EditField::Kind,
    }
}

/// Checks an edit of `case` (as it stands) by the new-contact rules and
/// the rules of a case already under way. Every problem at its field.
pub fn validate_edit(
    case: &Case,
    input: &CaseEditInput,
    policy: &IntakePolicy,
    centre_municipality: &str,
    today: NaiveDate,
) -> Result<CaseEdit, Vec<(EditField, EditProblem)>> {
    let (name, cpr, pseudonym) = match &case.identity {
        Identity::Named { name, cpr } => (name.clone(), cpr.as_ref().map(|c| c.full()).unwrap_or_default(), ""),
        Identity::Anonymous { pseudonym } => (String::new(), String::new(), pseudonym.as_str()),
    };
    let contact = ContactInput {
        kind: input.kind,
        channel: input.channel,
        date: input.date.clone(),
        time: input.time.clone(),
        name,
        cpr,
        pseudonym: pseudonym.to_string(),
        home_municipality: case.home_municipality.clone(),
        counsellor: case.counsellor.clone(),
        substances: input.substances.clone(),
        children: input.children,
        parental_consent: if input.kind == ContactKind::Young { input.parental_consent } else { None },
        note: input.note.clone(),
    };
    let mut problems: Vec<(EditField, EditProblem)> = Vec::new();
    let anonymous = |k: ContactKind| k == ContactKind::Anonymous;
    if anonymous(input.kind) != anonymous(case.kind) {
        // The identity check would say the same at name and CPR; one reason is enough.
        return Err(vec![(EditField::Kind, EditProblem::KindChangesIdentity)]);
    }
    let checked = validate_contact(&contact, policy, centre_municipality, today);
    let new = match checked {
        Ok(new) => Some(new),
        Err(found) => {
            problems.extend(found.into_iter().map(|(f, p)| (edit_field(f), EditProblem::Contact(p))));
            None
        }
    };
    let p = &case.progress;
    let treatment_steps = p.consent_on.is_some() || p.doctor_offered_on.is_some() || p.treatment_started_on.is_some();
    if treatment_steps && !input.kind.can_start_treatment() {
        problems.push((EditField::Kind, EditProblem::KindAfterTreatmentSteps));
    }
    let mut consent_given_on = None;
    if let Some(new) = &new {
        if let Some(first) = first_step_on(case)
            && new.case.contact_date() > first
        {
            problems.push((EditField::Date, EditProblem::AfterFirstStep { on: first }));
        }
        let consent = new.case.parental_consent;
        if case.parental_consent == Some(true) && consent != Some(true) && p.treatment_started_on.is_some() {
            problems.push((EditField::ParentalConsent, EditProblem::ConsentNeededByTreatment));
        }
        if consent == Some(true) && case.parental_consent != Some(true) {
            let contact = new.case.contact_date();
            match input::check_date(&input.consent_on, Some(today), &[((), Some(contact))]) {
                Ok(on) => consent_given_on = Some(on),
                Err(e) => {
                    let e = match e {
                        DateProblem::Required => ConsentOnProblem::Required,
                        DateProblem::Unreadable(e) => ConsentOnProblem::Date(e),
                        DateProblem::InFuture => ConsentOnProblem::InFuture,
                        DateProblem::Before((), contact) => ConsentOnProblem::BeforeContact { contact },
                    };
                    problems.push((EditField::ConsentOn, EditProblem::ConsentOn(e)));
                }
            }
        }
    }
    let new = match new {
        Some(new) if problems.is_empty() => new,
        _ => return Err(problems),
    };
    let mut edited = case.clone();
    let n = &new.case;
    edited.kind = n.kind;
    edited.channel = n.channel;
    edited.contact_at = n.contact_at;
    edited.substances = n.substances.clone();
    edited.children = n.children;
    edited.parental_consent = n.parental_consent;
    edited.note = n.note.clone();
    edited.referred_young = n.referred_young;
    let mut changed = Vec::new();
    let mut note = |differs: bool, f: EditField| {
        if differs {
            changed.push(f);
        }
    };
    note(edited.kind != case.kind, EditField::Kind);
    note(edited.channel != case.channel, EditField::Channel);
    note(edited.contact_date() != case.contact_date(), EditField::Date);
    note(edited.contact_at.time() != case.contact_at.time(), EditField::Time);
    note(edited.substances != case.substances, EditField::Substances);
    note(edited.children != case.children, EditField::Children);
    note(edited.parental_consent != case.parental_consent, EditField::ParentalConsent);
    note(edited.note != case.note, EditField::Note);
    // Only what this edit brings up is said again: an old contact date or
    // an unchanged "children not asked" was seen when it was registered.
    let warnings = new
        .warnings
        .into_iter()
        .filter(|w| match w {
            ContactWarning::LongAgo { .. } => changed.contains(&EditField::Date),
            ContactWarning::ChildrenNotAsked => changed.contains(&EditField::Children),
            ContactWarning::NoParentalConsent => {
                changed.contains(&EditField::ParentalConsent) || changed.contains(&EditField::Kind)
            }
            ContactWarning::BelowYoungestAge { .. } => edited.referred_young != case.referred_young,
            ContactWarning::CprModulus11 | ContactWarning::OtherMunicipality { .. } => false,
        })
        .collect();
    Ok(CaseEdit { case: edited, changed, consent_given_on, warnings })
}

/// The earliest day a step recorded on the case names (a booking may lie
/// ahead, but never before the contact either).
fn first_step_on(case: &Case) -> Option<NaiveDate> {
    let p = &case.progress;
    [
        p.visitation_on,
        p.consent_on,
        p.doctor_offered_on,
        p.doctor_held_on,
        p.free_choice.as_ref().map(|r| r.on),
        p.special_assessment.as_ref().map(|r| r.on),
        p.treatment_started_on,
        p.closed.as_ref().map(|r| r.on),
    ]
    .into_iter()
    .flatten()
    .min()
}

/// A step as the case's history holds it: its event, and whether a later
/// correcting event undid it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedStep {
    pub event_id: i64,
    pub step: Step,
    pub undone: bool,
}

/// Why a step cannot be undone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UndoProblem {
    /// The case has no step that stands.
    NothingToUndo,
    /// No such step on this case.
    NoSuchStep,
    /// It was undone already (both events stay in the history).
    AlreadyUndone,
    /// Only the last step that stands is undone: later steps rest on the
    /// earlier ones. This is the last one.
    NotTheLast {
        last: StepKind,
        on: NaiveDate,
    },
    /// Treatment started and the course has records of its own in Planer or
    /// Døgn (a plan, an ending, a stay): those are corrected there first.
    CourseOnRecord,
    /// The course was ended in Planer: its ending is corrected there.
    EndedInPlaner,
    /// The correcting event says why.
    ReasonRequired,
    ReasonTooLong {
        max: usize,
    },
}

/// The last step that stands, if any: the one an undo takes back.
pub fn last_standing(history: &[RecordedStep]) -> Option<&RecordedStep> {
    history.iter().rev().find(|s| !s.undone)
}

/// Whether step `event_id` may be undone as far as the history's order
/// goes: it stands, and it is the last that does. Only the last, because
/// the steps rest on one another (a consultation held on its offer,
/// treatment started on the assessment, a close ends them all); undoing
/// the last again and again reaches any step, each with its own reason.
/// The import replays a file's corrections through this same check.
pub fn undo_order_problem(history: &[RecordedStep], event_id: i64) -> Option<UndoProblem> {
    let Some(step) = history.iter().find(|s| s.event_id == event_id) else {
        return Some(if last_standing(history).is_none() {
            UndoProblem::NothingToUndo
        } else {
            UndoProblem::NoSuchStep
        });
    };
    if step.undone {
        return Some(UndoProblem::AlreadyUndone);
    }
    match last_standing(history) {
        Some(last) if last.event_id != event_id => {
            Some(UndoProblem::NotTheLast { last: last.step.kind(), on: last.step.date() })
        }
        _ => None,
    }
}

/// Whether step `event_id` of `case` may be undone now. `course_on_record`:
/// the course has a plan, an ending or a stay.
pub fn undo_problem(
    case: &Case,
    history: &[RecordedStep],
    event_id: i64,
    course_on_record: bool,
) -> Option<UndoProblem> {
    if let Some(problem) = undo_order_problem(history, event_id) {
        return Some(problem);
    }
    let kind = history.iter().find(|s| s.event_id == event_id).map(|s| s.step.kind())?;
    if kind == StepKind::StartTreatment && course_on_record {
        return Some(UndoProblem::CourseOnRecord);
    }
    // A course ended in Planer is closed without a close step of its own.
    if case.progress.closed.is_some() && kind != StepKind::Close {
        return Some(UndoProblem::EndedInPlaner);
    }
    None
}

/// The reason a correcting event gives: required, and one line's length.
pub fn check_undo_reason(reason: &str) -> Result<String, UndoProblem> {
    let reason = reason.trim();
    if reason.is_empty() {
        Err(UndoProblem::ReasonRequired)
    } else if reason.chars().count() > MAX_REASON {
        Err(UndoProblem::ReasonTooLong { max: MAX_REASON })
    } else {
        Ok(reason.to_string())
    }
}

/// Takes step `event_id` back from the case's progress: the fields its kind
/// sets are recomputed from the steps of that kind that still stand (an
/// earlier booking comes back when a re-booking is undone). Treatment
/// started without a recorded assessment also recorded the consent that
/// day; that goes with it.
pub fn apply_undo(case: &mut Case, history: &[RecordedStep], event_id: i64) {
    let Some(undone) = history.iter().find(|s| s.event_id == event_id) else { return };
    let kind = undone.step.kind();
    let standing = || history.iter().filter(|s| !s.undone && s.event_id != event_id);
    let p = &mut case.progress;
    match kind {
        StepKind::BookVisitation => p.visitation_on = None,
        StepKind::StartAssessment => p.consent_on = None,
        StepKind::OfferDoctor => {
            p.doctor_offered_on = None;
            p.doctor_wanted = None;
        }
        StepKind::DoctorHeld => p.doctor_held_on = None,
        StepKind::FreeChoice => p.free_choice = None,
        StepKind::SpecialAssessment => p.special_assessment = None,
        StepKind::StartTreatment => {
            p.treatment_started_on = None;
            if !standing().any(|s| s.step.kind() == StepKind::StartAssessment) {
                p.consent_on = None;
            }
        }
        StepKind::Close => {
            p.closed = None;
            p.closing_reason = None;
        }
    }
    let again: Vec<Step> = standing().filter(|s| s.step.kind() == kind).map(|s| s.step.clone()).collect();
    for step in &again {
        apply_step(case, step);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::cpr::Cpr;
    use crate::domain::intake::test_support::{case_on, date};
    use crate::domain::intake::{ClosingReason, Reasoned};
    use crate::domain::policy::Profile;

    const TODAY: &str = "2026-03-20";

    /// An adult's own case, with the CPR number its kind needs (invented).
    fn adult(contact: &str) -> Case {
        let mut case = case_on(contact);
        case.identity = Identity::Named { name: "Voksen".into(), cpr: Some(Cpr::parse("150390-1230").unwrap().0) };
        case
    }

    fn young_waiting() -> Case {
        let mut case = case_on("2026-03-10");
        case.kind = ContactKind::Young;
        // 10 March 2010: 16 on the contact day (an invented number).
        case.identity =
            Identity::Named { name: "Ung Testesen".into(), cpr: Some(Cpr::parse("100310-4008").unwrap().0) };
        case.parental_consent = Some(false);
        case
    }

    fn edit(case: &Case, f: impl FnOnce(&mut CaseEditInput)) -> Result<CaseEdit, Vec<(EditField, EditProblem)>> {
        let mut input = CaseEditInput::of(case);
        f(&mut input);
        let profile = Profile::built_in("national").unwrap();
        validate_edit(case, &input, &profile.intake, "Randers", date(TODAY))
    }

    fn fields(r: Result<CaseEdit, Vec<(EditField, EditProblem)>>) -> Vec<(EditField, EditProblem)> {
        r.expect_err("expected problems")
    }

    #[test]
    fn the_form_as_it_opens_changes_nothing() {
        for case in [adult("2026-03-10"), young_waiting()] {
            let e = edit(&case, |_| {}).unwrap();
            assert!(e.changed.is_empty(), "{:?}", e.changed);
            assert_eq!(e.case, case);
            assert!(e.warnings.is_empty(), "{:?}", e.warnings);
        }
    }

    #[test]
    fn consent_given_later_needs_its_day_and_then_treatment_may_start() {
        let case = young_waiting();
        assert_eq!(
            crate::domain::intake::case_problem(StepKind::StartTreatment, &case),
            Some(crate::domain::intake::StepProblem::NeedsParentalConsent)
        );
        let given = |on: &str| {
            let on = on.to_string();
            edit(&case, move |i| {
                i.parental_consent = Some(true);
                i.consent_on = on;
            })
        };
        assert_eq!(fields(given("")), vec![(EditField::ConsentOn, EditProblem::ConsentOn(ConsentOnProblem::Required))]);
        assert_eq!(
            fields(given("21.03.2026")),
            vec![(EditField::ConsentOn, EditProblem::ConsentOn(ConsentOnProblem::InFuture))]
        );
        assert_eq!(
            fields(given("09.03.2026")),
            vec![(
                EditField::ConsentOn,
                EditProblem::ConsentOn(ConsentOnProblem::BeforeContact { contact: date("2026-03-10") })
            )]
        );
        assert!(matches!(
            fields(given("32.03.2026"))[..],
            [(EditField::ConsentOn, EditProblem::ConsentOn(ConsentOnProblem::Date(_)))]
        ));
        // The contact day and today are both in.
        for on in ["10.03.2026", "20.03.2026"] {
            let e = given(on).unwrap();
            assert_eq!(e.changed, vec![EditField::ParentalConsent]);
            assert_eq!(e.consent_given_on, Some(crate::domain::dates::parse_date_dk(on).unwrap()));
            assert_eq!(crate::domain::intake::case_problem(StepKind::StartTreatment, &e.case), None);
        }
    }

    #[test]
    fn consent_already_given_asks_no_day_and_cannot_be_taken_back_once_treatment_started() {
        let mut case = young_waiting();
        case.parental_consent = Some(true);
        let unchanged = edit(&case, |i| i.note = "Ny note".into()).unwrap();
        assert_eq!(unchanged.consent_given_on, None);
        assert_eq!(unchanged.changed, vec![EditField::Note]);
        // Before treatment: recorded wrongly, taken back (with the warning).
        let back = edit(&case, |i| i.parental_consent = Some(false)).unwrap();
        assert_eq!(back.warnings, vec![ContactWarning::NoParentalConsent]);
        case.progress.treatment_started_on = Some(date("2026-03-12"));
        case.progress.consent_on = Some(date("2026-03-12"));
        assert_eq!(
            fields(edit(&case, |i| i.parental_consent = Some(false))),
            vec![(EditField::ParentalConsent, EditProblem::ConsentNeededByTreatment)]
        );
    }

    #[test]
    fn the_new_contact_rules_apply_at_their_fields() {
        let case = adult("2026-03-10");
        let got = fields(edit(&case, |i| {
            i.date = "21.03.2026".into();
            i.time = "25:00".into();
            i.note = "\u{1b}".repeat(crate::domain::limits::CONTACT_NOTE + 1);
        }));
        let at: Vec<EditField> = got.iter().map(|(f, _)| *f).collect();
        assert_eq!(at, vec![EditField::Date, EditField::Time, EditField::Note]);
        assert_eq!(got[0].1, EditProblem::Contact(ContactProblem::InFuture));
    }

    #[test]
    fn a_kind_that_needs_what_the_case_lacks_is_refused_at_the_kind() {
        // A relative's contact without a CPR number cannot become own use.
        let mut case = case_on("2026-03-10");
        case.kind = ContactKind::Relative;
        case.identity = Identity::Named { name: "Pårørende".into(), cpr: None };
        assert_eq!(
            fields(edit(&case, |i| i.kind = ContactKind::OwnUse)),
            vec![(EditField::Kind, EditProblem::Contact(ContactProblem::Required))]
        );
        // A 16-year-old is no adult, and becoming young asks the consent question.
        let young = young_waiting();
        assert_eq!(
            fields(edit(&young, |i| i.kind = ContactKind::OwnUse)),
            vec![(EditField::Kind, EditProblem::Contact(ContactProblem::MinorAsAdult { age: 16 }))]
        );
    }

    #[test]
    fn anonymous_or_not_is_the_identity_and_not_edited_here() {
        let case = adult("2026-03-10");
        assert_eq!(
            fields(edit(&case, |i| i.kind = ContactKind::Anonymous)),
            vec![(EditField::Kind, EditProblem::KindChangesIdentity)]
        );
        let mut anon = case_on("2026-03-10");
        anon.kind = ContactKind::Anonymous;
        anon.identity = Identity::Anonymous { pseudonym: "Ravn".into() };
        assert_eq!(
            fields(edit(&anon, |i| i.kind = ContactKind::OwnUse)),
            vec![(EditField::Kind, EditProblem::KindChangesIdentity)]
        );
        let kept = edit(&anon, |i| i.channel = Channel::Web).unwrap();
        assert_eq!(kept.changed, vec![EditField::Channel]);
    }

    #[test]
    fn a_case_under_treatment_steps_stays_the_citizens_own() {
        let case = adult("2026-03-10");
        assert!(edit(&case, |i| i.kind = ContactKind::Relative).is_ok(), "no steps yet: a typo in the kind");
        for step in [
            Step::StartAssessment { on: date("2026-03-11") },
            Step::OfferDoctor { on: date("2026-03-11"), wanted: false },
            Step::StartTreatment { on: date("2026-03-11") },
        ] {
            let mut c = case.clone();
            apply_step(&mut c, &step);
            assert_eq!(
                fields(edit(&c, |i| i.kind = ContactKind::Professional)),
                vec![(EditField::Kind, EditProblem::KindAfterTreatmentSteps)],
                "{step:?}"
            );
        }
        // A booking or a free choice is no treatment step.
        let mut booked = case.clone();
        apply_step(&mut booked, &Step::BookVisitation { on: date("2026-03-12") });
        assert!(edit(&booked, |i| i.kind = ContactKind::Relative).is_ok());
    }

    #[test]
    fn the_contact_moves_up_to_its_first_step_and_the_clock_moves_with_it() {
        let mut case = adult("2026-03-10");
        apply_step(&mut case, &Step::BookVisitation { on: date("2026-03-25") });
        apply_step(&mut case, &Step::StartAssessment { on: date("2026-03-13") });
        let moved = edit(&case, |i| i.date = "13.03.2026".into()).unwrap();
        assert!(moved.moves_the_clock());
        assert_eq!(moved.case.contact_date(), date("2026-03-13"));
        assert_eq!(
            fields(edit(&case, |i| i.date = "14.03.2026".into())),
            vec![(EditField::Date, EditProblem::AfterFirstStep { on: date("2026-03-13") })]
        );
        // Earlier is always possible, and only the time is no move of the day.
        assert!(edit(&case, |i| i.date = "01.03.2026".into()).is_ok());
        let time = edit(&case, |i| i.time = "14:15".into()).unwrap();
        assert_eq!(time.changed, vec![EditField::Time]);
        assert!(!time.moves_the_clock());
    }

    #[test]
    fn only_what_the_edit_brings_up_is_warned_about() {
        let mut case = adult("2024-01-10");
        case.children = ChildrenAnswer::NotAsked;
        case.home_municipality = "Favrskov".into();
        // An old case, children never asked, from elsewhere: a note changes nothing of that.
        assert!(edit(&case, |i| i.note = "x".into()).unwrap().warnings.is_empty());
        let moved = edit(&case, |i| i.date = "09.01.2024".into()).unwrap();
        assert!(matches!(moved.warnings[..], [ContactWarning::LongAgo { .. }]), "{:?}", moved.warnings);
    }

    #[test]
    fn edit_field_ids_read_back() {
        for f in EditField::ALL {
            assert_eq!(EditField::from_id(f.id()), Some(f));
        }
        assert_eq!(EditField::from_id("name"), None);
    }

    fn history(steps: &[(i64, Step, bool)]) -> Vec<RecordedStep> {
        steps
            .iter()
            .map(|(id, step, undone)| RecordedStep { event_id: *id, step: step.clone(), undone: *undone })
            .collect()
    }

    #[test]
    fn only_the_last_standing_step_is_undone() {
        let case = adult("2026-03-10");
        assert_eq!(undo_problem(&case, &[], 1, false), Some(UndoProblem::NothingToUndo));
        let h = history(&[
            (2, Step::BookVisitation { on: date("2026-03-12") }, false),
            (3, Step::StartAssessment { on: date("2026-03-12") }, false),
            (5, Step::OfferDoctor { on: date("2026-03-12"), wanted: true }, true),
        ]);
        assert_eq!(undo_problem(&case, &h, 9, false), Some(UndoProblem::NoSuchStep));
        assert_eq!(undo_problem(&case, &h, 5, false), Some(UndoProblem::AlreadyUndone));
        assert_eq!(
            undo_problem(&case, &h, 2, false),
            Some(UndoProblem::NotTheLast { last: StepKind::StartAssessment, on: date("2026-03-12") })
        );
        assert_eq!(undo_problem(&case, &h, 3, false), None);
        assert_eq!(last_standing(&h).map(|s| s.event_id), Some(3));
    }

    #[test]
    fn treatment_with_a_course_on_record_and_a_course_ended_in_planer_are_not_undone_here() {
        let mut case = case_on("2026-03-10");
        let h = history(&[(2, Step::StartTreatment { on: date("2026-03-12") }, false)]);
        apply_step(&mut case, &h[0].step);
        assert_eq!(undo_problem(&case, &h, 2, false), None);
        assert_eq!(undo_problem(&case, &h, 2, true), Some(UndoProblem::CourseOnRecord));
        case.progress.closed = Some(Reasoned { on: date("2026-03-19"), reason: String::new() });
        assert_eq!(undo_problem(&case, &h, 2, false), Some(UndoProblem::EndedInPlaner));
    }

    #[test]
    fn undoing_each_kind_takes_back_exactly_its_fields() {
        for kind in StepKind::ALL {
            let base = case_on("2026-03-10");
            let mut case = base.clone();
            let mut steps = Vec::new();
            if kind == StepKind::DoctorHeld {
                steps.push(Step::OfferDoctor { on: date("2026-03-11"), wanted: true });
            }
            let step = match kind {
                StepKind::FreeChoice => Step::FreeChoice(Reasoned { on: date("2026-03-12"), reason: "x".into() }),
                StepKind::SpecialAssessment => {
                    Step::SpecialAssessment(Reasoned { on: date("2026-03-12"), reason: "x".into() })
                }
                StepKind::Close => {
                    Step::Close(Reasoned { on: date("2026-03-12"), reason: String::new() }, Some(ClosingReason::Moved))
                }
                StepKind::OfferDoctor => Step::OfferDoctor { on: date("2026-03-12"), wanted: true },
                other => Step::from_parts(other, date("2026-03-12"), None, None),
            };
            steps.push(step);
            for s in &steps {
                apply_step(&mut case, s);
            }
            let before_last = {
                let mut c = base.clone();
                for s in &steps[..steps.len() - 1] {
                    apply_step(&mut c, s);
                }
                c
            };
            let h: Vec<RecordedStep> = steps
                .iter()
                .enumerate()
                .map(|(i, s)| RecordedStep { event_id: i as i64 + 2, step: s.clone(), undone: false })
                .collect();
            let last = h.last().unwrap().event_id;
            assert_eq!(undo_problem(&case, &h, last, false), None, "{kind:?}");
            apply_undo(&mut case, &h, last);
            assert_eq!(case, before_last, "{kind:?}");
        }
    }

    #[test]
    fn a_rebooking_undone_brings_the_earlier_booking_back() {
        let mut case = case_on("2026-03-10");
        let h = history(&[
            (2, Step::BookVisitation { on: date("2026-03-12") }, false),
            (3, Step::BookVisitation { on: date("2030-03-12") }, false),
        ]);
        for s in &h {
            apply_step(&mut case, &s.step);
        }
        apply_undo(&mut case, &h, 3);
        assert_eq!(case.progress.visitation_on, Some(date("2026-03-12")));
    }

    #[test]
    fn treatment_undone_keeps_a_consent_recorded_by_its_own_assessment() {
        let mut case = case_on("2026-03-10");
        let h = history(&[
            (2, Step::StartAssessment { on: date("2026-03-11") }, false),
            (3, Step::StartTreatment { on: date("2026-03-12") }, false),
        ]);
        for s in &h {
            apply_step(&mut case, &s.step);
        }
        apply_undo(&mut case, &h, 3);
        assert_eq!(case.progress.consent_on, Some(date("2026-03-11")));
        assert_eq!(case.progress.treatment_started_on, None);
    }

    #[test]
    fn a_correction_says_why_in_one_line() {
        assert_eq!(check_undo_reason("  "), Err(UndoProblem::ReasonRequired));
        assert_eq!(check_undo_reason(" Forkert år "), Ok("Forkert år".into()));
        assert_eq!(check_undo_reason(&"x".repeat(MAX_REASON)).map(|r| r.len()), Ok(MAX_REASON));
        assert_eq!(check_undo_reason(&"x".repeat(MAX_REASON + 1)), Err(UndoProblem::ReasonTooLong { max: MAX_REASON }));
    }
}
