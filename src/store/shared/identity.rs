//! Who acts: the user name of the process's real uid.
//!
//! Never `$USER` or `$LOGNAME`: anyone can set those, and on a shared server
//! the name goes into the audit trail and decides whose cases are "mine".
//! The real uid is what the kernel says logged in; a setgid binary does not
//! change it, and only root can.

use nix::unistd::{Uid, User, getuid};

use crate::store::{Result, StoreError};

/// The Unix user name of the real uid. A uid with no passwd entry (a
/// deleted account, a container without /etc/passwd) is refused rather
/// than recorded as a number no one can trace.
pub fn current_user() -> Result<String> {
    user_name(getuid())
}

/// The user name of `uid`, from the passwd database.
pub fn user_name(uid: Uid) -> Result<String> {
    match User::from_uid(uid) {
        Ok(Some(user)) => Ok(user.name),
        _ => Err(StoreError::NoUser { uid: uid.as_raw() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_user_is_the_real_uids_passwd_name() {
        // (That $USER plays no part is shown by tests/it/shared.rs, which
        // runs the program with another name in it: the environment cannot
        // be changed safely inside a threaded test binary.)
        let expected = User::from_uid(getuid()).unwrap().map(|u| u.name);
        assert_eq!(current_user().ok(), expected);
    }

    #[test]
    fn a_uid_without_a_passwd_entry_is_refused() {
        // No account has this uid (it is the "nobody" overflow's neighbour,
        // above every range useradd hands out).
        let err = user_name(Uid::from_raw(4_294_967_000)).unwrap_err();
        assert!(matches!(err, StoreError::NoUser { uid: 4_294_967_000 }), "{err:?}");
    }
}
