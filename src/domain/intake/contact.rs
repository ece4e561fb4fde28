//! Validating a new contact as the counsellor typed it (domain.md 1 and 7.6).

use chrono::NaiveDate;

use super::{
    Case, Channel, ChildrenAnswer, Circumstances, CitizenChoice, CitizenDetails, ContactKind, Identity, Progress,
    Substance, same_municipality,
};
use crate::domain::cpr::{Cpr, CprError, CprWarning};
use std::convert::Infallible;

use crate::domain::dates::{self, DateInputError};
use crate::domain::input::{self, DateProblem, TextProblem};
use crate::domain::policy::IntakePolicy;

/// The age of majority: under it, treatment needs parental consent.
const ADULT_AGE: u32 = 18;
const MAX_NAME: usize = crate::domain::limits::CONTACT_NAME;
const MAX_NOTE: usize = crate::domain::limits::CONTACT_NOTE;

/// The contact form as typed: text fields raw, choices already chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactInput {
    pub kind: ContactKind,
    pub channel: Channel,
    pub date: String,
    pub time: String,
    pub name: String,
    pub cpr: String,
    pub pseudonym: String,
    pub home_municipality: String,
    pub counsellor: String,
    pub substances: Vec<Substance>,
    pub children: ChildrenAnswer,
    /// Only asked of young people; `None` when unanswered.
    pub parental_consent: Option<bool>,
    pub note: String,
}

/// The fields a problem can be reported at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContactField {
    Kind,
    Channel,
    Date,
    Time,
    Name,
    Cpr,
    Pseudonym,
    HomeMunicipality,
    Counsellor,
    Substances,
    Children,
    ParentalConsent,
    Note,
    /// The optional facts the yearly report counts.
    Citizenship,
    Gender,
    Family,
    Income,
    /// Whether a known citizen is the same person (asked only then).
    SamePerson,
}

/// What stops a contact from being registered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContactProblem {
    Required,
    TooLong {
        max: usize,
    },
    ControlCharacters,
    Date(DateInputError),
    Time(DateInputError),
    /// The contact cannot have happened after today.
    InFuture,
    Cpr(CprError),
    /// The CPR number says the citizen was born after the contact.
    BornAfterContact,
    /// §101a: an anonymous case holds neither name nor CPR number.
    AnonymousWithIdentity,
    /// A citizen under 18 registered as an adult's own use.
    MinorAsAdult {
        age: u32,
    },
    /// A citizen of 18 or more registered as a young person.
    AdultAsYoung {
        age: u32,
    },
    /// A young person's case must say whether the parents consent.
    ConsentUnanswered,
    /// The gender is read from the CPR number.
    GenderWithCpr,
}

/// What the counsellor should know, but which does not stop registration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContactWarning {
    /// Modulus 11 is no validity rule since 2007: only a hint of a typo.
    CprModulus11,
    /// The right to refer lies with the home municipality.
    OtherMunicipality {
        home: String,
    },
    /// Under the profile's youngest age: the case is referred.
    BelowYoungestAge {
        age: u32,
        youngest: u32,
    },
    /// Advisory conversations only; treatment cannot start without consent.
    NoParentalConsent,
    ChildrenNotAsked,
    /// Dated more than [`LONG_AGO_MONTHS`] before today: a contact is
    /// registered as it comes, so an old date is most often a typo (1996
    /// for 2026), and its guarantee would be long overdue from the start.
    LongAgo {
        months: u32,
    },
}

/// How far back a contact date is taken without a second look.
pub const LONG_AGO_MONTHS: u32 = 12;

/// A contact that passed validation, ready to be stored: the case as it
/// will be, not yet numbered (`id` and `citizen_id` are 0 until the store
/// gives them), and what the counsellor should be told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewContact {
    pub case: Case,
    pub warnings: Vec<ContactWarning>,
    /// A new citizen, or the known one the counsellor confirmed: the store
    /// never changes a citizen by registering a contact.
    pub citizen: CitizenChoice,
    /// The citizen's optional facts, kept for a new citizen only.
    pub details: CitizenDetails,
    pub circumstances: Circumstances,
}

impl NewContact {
    /// A checked case for a new citizen, with no warnings and no optional
    /// facts (tests, and callers that built the case themselves).
    pub fn new(case: Case) -> NewContact {
        NewContact {
            case,
            warnings: Vec::new(),
            citizen: CitizenChoice::New,
            details: CitizenDetails::default(),
            circumstances: Circumstances::default(),
        }
    }

    /// The optional facts typed beside the contact; a gender only for a
    /// citizen without CPR number.
    pub fn with_facts(
        mut self,
        details: CitizenDetails,
        circumstances: Circumstances,
    ) -> Result<NewContact, (ContactField, ContactProblem)> {
        if details.gender.is_some() && self.case.identity.cpr().is_some() {
            return Err((ContactField::Gender, ContactProblem::GenderWithCpr));
        }
        self.details = details;
        self.circumstances = circumstances;
        Ok(self)
    }
}

/// Checks a typed contact against the rules of domain.md 1 and 7.6 and the
/// profile. Every problem is reported at its field, so the form can show all
/// of them at once; nothing is stored unless the list is empty.
pub fn validate_contact(
    input: &ContactInput,
    policy: &IntakePolicy,
    centre_municipality: &str,
    today: NaiveDate,
) -> Result<NewContact, Vec<(ContactField, ContactProblem)>> {
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let mut problem = |field, p| problems.push((field, p));

    let no_earlier: [(Infallible, Option<NaiveDate>); 0] = [];
    let date = input::check_date(&input.date, Some(today), &no_earlier)
        .map_err(|p| {
            let p = match p {
                DateProblem::Required => ContactProblem::Required,
                DateProblem::Unreadable(e) => ContactProblem::Date(e),
                DateProblem::InFuture => ContactProblem::InFuture,
                DateProblem::Before(never, _) => match never {},
            };
            problem(ContactField::Date, p)
        })
        .ok();
    let time = match dates::parse_time(&input.time) {
        Ok(t) => Some(t),
        Err(DateInputError::Empty) => {
            problem(ContactField::Time, ContactProblem::Required);
            None
        }
        Err(e) => {
            problem(ContactField::Time, ContactProblem::Time(e));
            None
        }
    };

    let name = input.name.trim();
    let pseudonym = input.pseudonym.trim();
    let cpr_text = input.cpr.trim();
    let mut referred_young = false;

    let identity = if input.kind == ContactKind::Anonymous {
        if !name.is_empty() {
            problem(ContactField::Name, ContactProblem::AnonymousWithIdentity);
        }
        if !cpr_text.is_empty() {
            problem(ContactField::Cpr, ContactProblem::AnonymousWithIdentity);
        }
        check_text(pseudonym, true, MAX_NAME).map_err(|p| problem(ContactField::Pseudonym, p)).ok();
        Identity::Anonymous { pseudonym: pseudonym.to_string() }
    } else {
        check_text(name, true, MAX_NAME).map_err(|p| problem(ContactField::Name, p)).ok();
        // Age rules need the birth date, so the citizen's own cases need the
        // CPR number; a relative or a professional may leave it out.
        let cpr_needed = matches!(input.kind, ContactKind::OwnUse | ContactKind::Young);
        let cpr = if cpr_text.is_empty() {
            if cpr_needed {
                problem(ContactField::Cpr, ContactProblem::Required);
            }
            None
        } else {
            match Cpr::parse(cpr_text) {
                Ok((cpr, cpr_warnings)) => {
                    if cpr_warnings.contains(&CprWarning::Modulus11) {
                        warnings.push(ContactWarning::CprModulus11);
                    }
                    Some(cpr)
                }
                Err(CprError::Empty) => None,
                Err(e) => {
                    problem(ContactField::Cpr, ContactProblem::Cpr(e));
                    None
                }
            }
        };
        if let (Some(cpr), Some(on)) = (&cpr, date) {
            if cpr.birth_date() > on {
                problem(ContactField::Cpr, ContactProblem::BornAfterContact);
            } else {
                let age = cpr.age_on(on);
                match input.kind {
                    ContactKind::OwnUse if age < ADULT_AGE => {
                        problem(ContactField::Kind, ContactProblem::MinorAsAdult { age })
                    }
                    ContactKind::Young if age >= ADULT_AGE => {
                        problem(ContactField::Kind, ContactProblem::AdultAsYoung { age })
                    }
                    ContactKind::Young => {
                        if let Some(youngest) = policy.youngest_age
                            && age < youngest
                        {
                            referred_young = true;
                            warnings.push(ContactWarning::BelowYoungestAge { age, youngest });
                        }
                    }
                    _ => {}
                }
            }
        }
        Identity::Named { name: name.to_string(), cpr }
    };

    let parental_consent = if input.kind == ContactKind::Young {
        match input.parental_consent {
            None => {
                problem(ContactField::ParentalConsent, ContactProblem::ConsentUnanswered);
                None
            }
            Some(false) => {
                warnings.push(ContactWarning::NoParentalConsent);
                Some(false)
            }
            Some(true) => Some(true),
        }
    } else {
        None
    };

    let municipality = input.home_municipality.trim();
    if check_text(municipality, true, MAX_NAME).map_err(|p| problem(ContactField::HomeMunicipality, p)).is_ok()
        && !same_municipality(municipality, centre_municipality)
    {
        warnings.push(ContactWarning::OtherMunicipality { home: municipality.to_string() });
    }
    let counsellor = input.counsellor.trim();
    check_text(counsellor, true, MAX_NAME).map_err(|p| problem(ContactField::Counsellor, p)).ok();
    if input.note.chars().count() > MAX_NOTE {
        problem(ContactField::Note, ContactProblem::TooLong { max: MAX_NOTE });
    }
    if input.children == ChildrenAnswer::NotAsked {
        warnings.push(ContactWarning::ChildrenNotAsked);
    }
    if let Some(on) = date
        && on < dates::sub_months(today, LONG_AGO_MONTHS)
    {
        warnings.push(ContactWarning::LongAgo { months: dates::full_months_between(on, today) });
    }

    match (date, time) {
        (Some(date), Some(time)) if problems.is_empty() => {
            let mut substances = input.substances.clone();
            substances.sort();
            substances.dedup();
            Ok(NewContact {
                case: Case {
                    id: 0,
                    citizen_id: 0,
                    kind: input.kind,
                    channel: input.channel,
                    contact_at: date.and_time(time),
                    identity,
                    home_municipality: municipality.to_string(),
                    counsellor: counsellor.to_string(),
                    substances,
                    children: input.children,
                    parental_consent,
                    note: input.note.trim_end().to_string(),
                    referred_young,
                    progress: Progress::default(),
                },
                warnings,
                citizen: CitizenChoice::New,
                details: CitizenDetails::default(),
                circumstances: Circumstances::default(),
            })
        }
        _ => Err(problems),
    }
}

/// A one-line text: present when required, not too long, and free of
/// control characters (they would corrupt the screen of the next reader).
fn check_text(text: &str, required: bool, max: usize) -> Result<(), ContactProblem> {
    input::check_text(text, required, max).map(|_| ()).map_err(|p| match p {
        TextProblem::Required => ContactProblem::Required,
        TextProblem::TooLong { max } => ContactProblem::TooLong { max },
        TextProblem::ControlCharacters => ContactProblem::ControlCharacters,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::intake::test_support::date;
    use crate::domain::policy::Profile;

    /// 15 March 1990; passes modulus 11 (an invented number).
    const ADULT_CPR: &str = "150390-1230";

    fn input() -> ContactInput {
        ContactInput {
            kind: ContactKind::OwnUse,
            channel: Channel::Phone,
            date: "10.03.2026".into(),
            time: "09:30".into(),
            name: "Jonas Testesen".into(),
            cpr: ADULT_CPR.into(),
            pseudonym: String::new(),
            home_municipality: "Randers".into(),
            counsellor: "anna".into(),
            substances: vec![Substance::Cocaine, Substance::Cannabis, Substance::Cannabis],
            children: ChildrenAnswer::NoChildren,
            parental_consent: None,
            note: "Ringede selv.".into(),
        }
    }

    fn validate(input: &ContactInput, profile: &str) -> Result<NewContact, Vec<(ContactField, ContactProblem)>> {
        let p = Profile::built_in(profile).unwrap();
        validate_contact(input, &p.intake, "Randers", date("2026-03-10"))
    }

    fn fields(r: Result<NewContact, Vec<(ContactField, ContactProblem)>>) -> Vec<(ContactField, ContactProblem)> {
        r.expect_err("expected problems")
    }

    #[test]
    fn a_complete_adult_contact_is_accepted() {
        let c = validate(&input(), "randers").unwrap();
        assert_eq!(c.case.contact_at.to_string(), "2026-03-10 09:30:00");
        assert_eq!(c.case.substances, vec![Substance::Cannabis, Substance::Cocaine]);
        assert!(!c.case.referred_young);
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    }

    #[test]
    fn every_problem_is_reported_at_its_field_at_once() {
        let mut i = input();
        i.date = "31.02.2026".into();
        i.time = "25:00".into();
        i.name = "  ".into();
        i.home_municipality = String::new();
        let got: Vec<_> = fields(validate(&i, "national")).into_iter().map(|(f, _)| f).collect();
        for f in [ContactField::Date, ContactField::Time, ContactField::Name, ContactField::HomeMunicipality] {
            assert!(got.contains(&f), "{f:?} missing from {got:?}");
        }
    }

    #[test]
    fn a_contact_cannot_be_dated_after_today() {
        let mut i = input();
        i.date = "11.03.2026".into();
        assert_eq!(fields(validate(&i, "national")), vec![(ContactField::Date, ContactProblem::InFuture)]);
    }

    #[test]
    fn the_cpr_date_must_exist_in_its_century() {
        let mut i = input();
        i.cpr = "300290-1234".into(); // 30 February
        let got = fields(validate(&i, "national"));
        assert!(matches!(got[0], (ContactField::Cpr, ContactProblem::Cpr(CprError::InvalidDate { .. }))), "{got:?}");
    }

    #[test]
    fn modulus_11_is_a_warning_only() {
        let mut i = input();
        i.cpr = "150390-1234".into();
        let c = validate(&i, "national").expect("a failing check digit never blocks");
        assert_eq!(c.warnings, vec![ContactWarning::CprModulus11]);
    }

    #[test]
    fn the_citizens_own_cases_need_a_cpr_number_but_a_relative_need_not_give_one() {
        let mut i = input();
        i.cpr = String::new();
        assert_eq!(fields(validate(&i, "national")), vec![(ContactField::Cpr, ContactProblem::Required)]);
        i.kind = ContactKind::Relative;
        assert!(validate(&i, "national").is_ok());
    }

    #[test]
    fn an_anonymous_case_holds_a_pseudonym_and_nothing_else() {
        let mut i = input();
        i.kind = ContactKind::Anonymous;
        let got = fields(validate(&i, "national"));
        assert!(got.contains(&(ContactField::Name, ContactProblem::AnonymousWithIdentity)));
        assert!(got.contains(&(ContactField::Cpr, ContactProblem::AnonymousWithIdentity)));
        assert!(got.contains(&(ContactField::Pseudonym, ContactProblem::Required)));
        i.name.clear();
        i.cpr.clear();
        i.pseudonym = "Ravn".into();
        let c = validate(&i, "national").unwrap();
        assert_eq!(c.case.identity, Identity::Anonymous { pseudonym: "Ravn".into() });
    }

    #[test]
    fn a_minor_is_a_young_person_and_needs_the_consent_question_answered() {
        let mut i = input();
        i.cpr = "100310-4008".into(); // 10 March 2010: 16 on the contact day
        assert_eq!(
            fields(validate(&i, "national")),
            vec![(ContactField::Kind, ContactProblem::MinorAsAdult { age: 16 })]
        );
        i.kind = ContactKind::Young;
        assert_eq!(
            fields(validate(&i, "national")),
            vec![(ContactField::ParentalConsent, ContactProblem::ConsentUnanswered)]
        );
        i.parental_consent = Some(false);
        let c = validate(&i, "national").unwrap();
        assert_eq!(c.warnings, vec![ContactWarning::NoParentalConsent]);
        assert!(!c.case.referred_young);
    }

    #[test]
    fn an_adult_is_not_a_young_person() {
        let mut i = input();
        i.kind = ContactKind::Young;
        i.parental_consent = Some(true);
        assert_eq!(
            fields(validate(&i, "national")),
            vec![(ContactField::Kind, ContactProblem::AdultAsYoung { age: 35 })]
        );
    }

    #[test]
    fn under_the_profiles_youngest_age_the_case_is_referred() {
        let mut i = input();
        i.kind = ContactKind::Young;
        i.parental_consent = Some(true);
        i.cpr = "110310-4005".into(); // turns 16 the day after the contact
        let rodovre = validate(&i, "rodovre").unwrap();
        assert!(rodovre.case.referred_young);
        assert_eq!(rodovre.warnings, vec![ContactWarning::BelowYoungestAge { age: 15, youngest: 16 }]);
        // The national default has no youngest age.
        assert!(!validate(&i, "national").unwrap().case.referred_young);
        // On the 16th birthday the citizen may be treated in Rødovre.
        i.cpr = "100310-4008".into();
        assert!(!validate(&i, "rodovre").unwrap().case.referred_young);
    }

    #[test]
    fn a_citizen_from_another_municipality_is_flagged() {
        let mut i = input();
        i.home_municipality = "Favrskov".into();
        let c = validate(&i, "national").unwrap();
        assert_eq!(c.warnings, vec![ContactWarning::OtherMunicipality { home: "Favrskov".into() }]);
    }

    #[test]
    fn born_after_the_contact_is_refused() {
        let mut i = input();
        i.kind = ContactKind::Young;
        i.parental_consent = Some(true);
        i.cpr = "010426-4001".into(); // 1 April 2026
        assert_eq!(fields(validate(&i, "national")), vec![(ContactField::Cpr, ContactProblem::BornAfterContact)]);
    }

    #[test]
    fn control_characters_and_overlong_text_are_refused() {
        let mut i = input();
        i.name = "Jonas\u{1b}[2J".into();
        i.note = "x".repeat(MAX_NOTE + 1);
        let got = fields(validate(&i, "national"));
        assert!(got.contains(&(ContactField::Name, ContactProblem::ControlCharacters)));
        assert!(got.contains(&(ContactField::Note, ContactProblem::TooLong { max: MAX_NOTE })));
    }

    #[test]
    fn not_asking_about_children_is_a_warning() {
        let mut i = input();
        i.children = ChildrenAnswer::NotAsked;
        assert_eq!(validate(&i, "national").unwrap().warnings, vec![ContactWarning::ChildrenNotAsked]);
    }

    #[test]
    fn a_contact_dated_more_than_a_year_ago_is_a_warning_that_says_how_long() {
        let mut i = input();
        i.date = "10.03.2016".into();
        assert_eq!(validate(&i, "national").unwrap().warnings, vec![ContactWarning::LongAgo { months: 120 }]);
        // A year ago to the day is still taken without a second look.
        i.date = "10.03.2025".into();
        assert!(validate(&i, "national").unwrap().warnings.is_empty());
        i.date = "09.03.2025".into();
        assert_eq!(validate(&i, "national").unwrap().warnings, vec![ContactWarning::LongAgo { months: 12 }]);
    }
}
