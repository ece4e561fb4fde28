//! Who is looking, and so which cases a list may show. There are no roles
//! yet: a counsellor chooses between all cases and their own ("kun mine").
//! The shared-server issue brings the access rules (a team leader sees all
//! pending notifications, a counsellor those of their own cases); they go
//! in [`Viewer::new`], and every query that lists cases for a person takes
//! a `Viewer`, so that is the one place they need to change.

use crate::domain::intake::Case;

/// Which cases a viewer's lists hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every case of the centre (a team leader; `due` for the whole centre).
    AllCases,
    /// Only the cases the user is the counsellor of.
    OwnCases,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    /// The Unix user.
    pub user: String,
    pub scope: Scope,
}

impl Viewer {
    /// `user` looking at their own cases only, or at all the cases they may see.
    pub fn new(user: &str, only_own: bool) -> Viewer {
        Viewer { user: user.to_string(), scope: if only_own { Scope::OwnCases } else { Scope::AllCases } }
    }

    /// The whole centre, for `sagsbord due` and the morning mail.
    pub fn centre() -> Viewer {
        Viewer { user: String::new(), scope: Scope::AllCases }
    }

    /// The counsellor a query must filter on, if any.
    pub fn counsellor(&self) -> Option<&str> {
        match self.scope {
            Scope::AllCases => None,
            Scope::OwnCases => Some(&self.user),
        }
    }

    pub fn sees(&self, case: &Case) -> bool {
        self.counsellor().is_none_or(|who| case.counsellor == who)
    }
}
