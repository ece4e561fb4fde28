//! The citizen behind a case: one person, one identity.
//!
//! Registering a contact never changes a citizen: when the CPR number (or
//! the pseudonym) typed belongs to a known citizen, the counsellor says
//! whether it is the same person ([`CitizenChoice`]); correcting a
//! citizen's name, CPR number or home municipality is its own action
//! ([`validate_identity`]). Beside the identity, the optional facts the
//! yearly report counts (domain.md 6 and 7.8, the Faxe report's alcohol
//! section [004]): citizenship and, for a citizen without CPR number, the
//! gender (the citizen's), and the family situation and main source of
//! income (the contact's: they change from one course to the next).

use serde::{Deserialize, Serialize};

use super::Identity;
use crate::domain::cpr::{Cpr, CprError, Sex};
use crate::domain::input::{self, TextProblem};

const MAX_NAME: usize = crate::domain::limits::CONTACT_NAME;

/// Whom a new contact is registered to, as the counsellor decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CitizenChoice {
    /// A person the centre does not know: the CPR number (or pseudonym)
    /// must still be free when the contact is saved.
    #[default]
    New,
    /// The known citizen `id`, whom the counsellor confirmed is the same
    /// person: the case joins them and the citizen is not changed.
    Known { id: i64 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Citizenship {
    Danish,
    Other,
}

impl Citizenship {
    pub const ALL: [Citizenship; 2] = [Citizenship::Danish, Citizenship::Other];
}

/// The family situation as the report counts it [004]: living alone
/// ("enlig") or not. Children and pregnancy are recorded with the case's
/// children (Underretninger), not here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FamilySituation {
    Single,
    WithPartner,
    /// Living with parents, family or others.
    Other,
}

impl FamilySituation {
    pub const ALL: [FamilySituation; 3] =
        [FamilySituation::Single, FamilySituation::WithPartner, FamilySituation::Other];
}

/// The main source of income, as the seed's list [004].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IncomeSource {
    Wages,
    EarlyRetirementPension,
    UnemploymentBenefit,
    /// Activation or wage subsidy (aktivering, løntilskud).
    Activation,
    SicknessBenefit,
    SocialAssistance,
    FamilyOrFriends,
    Other,
}

impl IncomeSource {
    pub const ALL: [IncomeSource; 8] = [
        IncomeSource::Wages,
        IncomeSource::EarlyRetirementPension,
        IncomeSource::UnemploymentBenefit,
        IncomeSource::Activation,
        IncomeSource::SicknessBenefit,
        IncomeSource::SocialAssistance,
        IncomeSource::FamilyOrFriends,
        IncomeSource::Other,
    ];
}

/// A gender recorded by hand: only for a citizen without CPR number (an
/// anonymous §101a case), since the CPR number says it otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Female,
    Male,
}

impl Gender {
    pub const ALL: [Gender; 2] = [Gender::Female, Gender::Male];

    pub fn sex(self) -> Sex {
        match self {
            Gender::Female => Sex::Female,
            Gender::Male => Sex::Male,
        }
    }
}

/// The citizen's own optional facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CitizenDetails {
    pub citizenship: Option<Citizenship>,
    /// `None` whenever the citizen has a CPR number.
    pub gender: Option<Gender>,
}

/// The contact's optional facts: they may change from course to course.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Circumstances {
    pub family: Option<FamilySituation>,
    pub income: Option<IncomeSource>,
}

/// A citizen as stored: the identity and the citizen's own facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citizen {
    pub id: i64,
    pub identity: Identity,
    pub home_municipality: String,
    pub details: CitizenDetails,
}

impl Citizen {
    /// The sex the report counts: from the CPR number, else as recorded.
    pub fn sex(&self) -> Option<Sex> {
        self.identity.cpr().map(Cpr::sex).or(self.details.gender.map(Gender::sex))
    }
}

/// The identity form as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityInput {
    pub name: String,
    pub cpr: String,
    pub pseudonym: String,
    pub home_municipality: String,
    pub citizenship: Option<Citizenship>,
    pub gender: Option<Gender>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdentityField {
    Name,
    Cpr,
    Pseudonym,
    HomeMunicipality,
    Citizenship,
    Gender,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentityProblem {
    Required,
    TooLong {
        max: usize,
    },
    ControlCharacters,
    Cpr(CprError),
    /// A CPR number is never taken away: the age rules of the citizen's
    /// cases read it.
    CprRemoved,
    /// The gender is read from the CPR number.
    GenderWithCpr,
    /// The number belongs to another citizen (the store finds this).
    CprTaken,
    NothingChanged,
}

impl From<TextProblem> for IdentityProblem {
    fn from(p: TextProblem) -> Self {
        match p {
            TextProblem::Required => IdentityProblem::Required,
            TextProblem::TooLong { max } => IdentityProblem::TooLong { max },
            TextProblem::ControlCharacters => IdentityProblem::ControlCharacters,
        }
    }
}

/// Checks a typed correction of citizen `stored`. An anonymous (§101a)
/// citizen stays anonymous (a pseudonym, no name or CPR number) and a named
/// one stays named; a CPR number may be added or corrected, never removed.
pub fn validate_identity(
    stored: &Citizen,
    input: &IdentityInput,
) -> Result<Citizen, Vec<(IdentityField, IdentityProblem)>> {
    let mut problems = Vec::new();
    let mut text = |field, typed: &str, required| -> String {
        input::check_text(typed, required, MAX_NAME)
            .map(str::to_string)
            .map_err(|p| problems.push((field, IdentityProblem::from(p))))
            .unwrap_or_default()
    };
    let home = text(IdentityField::HomeMunicipality, &input.home_municipality, true);
    let identity = match &stored.identity {
        Identity::Anonymous { .. } => {
            Identity::Anonymous { pseudonym: text(IdentityField::Pseudonym, &input.pseudonym, true) }
        }
        Identity::Named { cpr: had, .. } => {
            let name = text(IdentityField::Name, &input.name, true);
            let cpr = match Cpr::parse(input.cpr.trim()) {
                Ok((cpr, _)) => Some(cpr),
                Err(CprError::Empty) if had.is_some() => {
                    problems.push((IdentityField::Cpr, IdentityProblem::CprRemoved));
                    None
                }
                Err(CprError::Empty) => None,
                Err(e) => {
                    problems.push((IdentityField::Cpr, IdentityProblem::Cpr(e)));
                    None
                }
            };
            Identity::Named { name, cpr }
        }
    };
    if identity.cpr().is_some() && input.gender.is_some() {
        problems.push((IdentityField::Gender, IdentityProblem::GenderWithCpr));
    }
    let changed = Citizen {
        id: stored.id,
        identity,
        home_municipality: home,
        details: CitizenDetails { citizenship: input.citizenship, gender: input.gender },
    };
    if problems.is_empty() && changed == *stored {
        problems.push((IdentityField::Name, IdentityProblem::NothingChanged));
    }
    if problems.is_empty() { Ok(changed) } else { Err(problems) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(cpr: Option<&str>) -> Citizen {
        Citizen {
            id: 7,
            identity: Identity::Named { name: "Jens Prøve".into(), cpr: cpr.map(|c| Cpr::parse(c).unwrap().0) },
            home_municipality: "Randers".into(),
            details: CitizenDetails::default(),
        }
    }

    fn input_of(c: &Citizen) -> IdentityInput {
        IdentityInput {
            name: c.identity.display_name().into(),
            cpr: c.identity.cpr().map(Cpr::full).unwrap_or_default(),
            pseudonym: String::new(),
            home_municipality: c.home_municipality.clone(),
            citizenship: c.details.citizenship,
            gender: c.details.gender,
        }
    }

    #[test]
    fn a_corrected_name_and_home_are_taken_as_typed_and_trimmed() {
        let stored = named(Some("010190-1235"));
        let input =
            IdentityInput { name: " Jens Anden ".into(), home_municipality: "Favrskov".into(), ..input_of(&stored) };
        let changed = validate_identity(&stored, &input).unwrap();
        assert_eq!(changed.identity.display_name(), "Jens Anden");
        assert_eq!(changed.home_municipality, "Favrskov");
        assert_eq!(changed.id, 7);
    }

    #[test]
    fn nothing_changed_is_said_rather_than_saved() {
        let stored = named(Some("010190-1235"));
        assert_eq!(
            validate_identity(&stored, &input_of(&stored)),
            Err(vec![(IdentityField::Name, IdentityProblem::NothingChanged)])
        );
    }

    #[test]
    fn a_cpr_number_can_be_added_or_corrected_but_never_removed() {
        let without = named(None);
        let added = validate_identity(&without, &IdentityInput { cpr: "0101901235".into(), ..input_of(&without) });
        assert_eq!(added.unwrap().identity.cpr().map(Cpr::full).as_deref(), Some("010190-1235"));
        let with = named(Some("010190-1235"));
        let removed = validate_identity(&with, &IdentityInput { cpr: " ".into(), ..input_of(&with) });
        assert_eq!(removed, Err(vec![(IdentityField::Cpr, IdentityProblem::CprRemoved)]));
        let bad = validate_identity(&with, &IdentityInput { cpr: "3102901235".into(), ..input_of(&with) });
        assert!(
            matches!(bad, Err(p) if p[0] == (IdentityField::Cpr, IdentityProblem::Cpr(CprError::InvalidDate { day: 31, month: 2, year: 1990 })))
        );
    }

    #[test]
    fn every_text_is_checked_at_its_field() {
        let stored = named(None);
        let input = IdentityInput { name: String::new(), home_municipality: "a\u{1b}b".into(), ..input_of(&stored) };
        assert_eq!(
            validate_identity(&stored, &input),
            Err(vec![
                (IdentityField::HomeMunicipality, IdentityProblem::ControlCharacters),
                (IdentityField::Name, IdentityProblem::Required),
            ])
        );
    }

    #[test]
    fn an_anonymous_citizen_keeps_a_pseudonym_and_may_have_a_recorded_gender() {
        let stored = Citizen {
            id: 3,
            identity: Identity::Anonymous { pseudonym: "Ravn".into() },
            home_municipality: "Randers".into(),
            details: CitizenDetails::default(),
        };
        let input = IdentityInput {
            name: "ignored".into(),
            cpr: String::new(),
            pseudonym: "Ravn 2".into(),
            home_municipality: "Randers".into(),
            citizenship: Some(Citizenship::Other),
            gender: Some(Gender::Female),
        };
        let changed = validate_identity(&stored, &input).unwrap();
        assert_eq!(changed.identity, Identity::Anonymous { pseudonym: "Ravn 2".into() });
        assert_eq!(changed.sex(), Some(Sex::Female));
        assert_eq!(changed.details.citizenship, Some(Citizenship::Other));
    }

    #[test]
    fn the_gender_of_a_citizen_with_cpr_is_the_cpr_numbers() {
        let stored = named(Some("010190-1235"));
        let input = IdentityInput { gender: Some(Gender::Female), ..input_of(&stored) };
        assert_eq!(
            validate_identity(&stored, &input),
            Err(vec![(IdentityField::Gender, IdentityProblem::GenderWithCpr)])
        );
        assert_eq!(stored.sex(), Some(Sex::Male));
    }
}
