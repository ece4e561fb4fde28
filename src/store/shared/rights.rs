//! The group a setgid sagsbord runs with, used only while the database is
//! opened.
//!
//! A setgid binary starts with the shared group as its effective gid.
//! [`lower`] takes it away at once, first thing in `main`, keeping it as
//! the saved gid; [`with_group`] puts it back for one step (checking the
//! database's folder and opening it) and takes it away again. Everything
//! else (the keymap, profile and import files the user names, exports,
//! backups, anchor files, the demo's throw-away database, programs started
//! from here) runs with the user's own rights, so the group can never
//! reach a file the user names, and a file written belongs to the user's
//! own group. SQLite keeps the descriptors it opened with the group (the
//! database, its `-wal` and `-shm`) for as long as the store is open.
//!
//! (`setresgid` through glibc changes every thread's ids; the program
//! switches before it starts any.)

use std::sync::OnceLock;

use nix::unistd::{Gid, getresgid, setresgid};

use super::SharedProblem;

/// The user's own (real) gid and the shared group's, once lowered.
static GROUPS: OnceLock<(Gid, Gid)> = OnceLock::new();

/// The process's real, effective and saved gid.
pub fn current() -> Result<(Gid, Gid, Gid), SharedProblem> {
    let ids = getresgid().map_err(|e| SharedProblem::Rights(e.desc().to_string()))?;
    Ok((ids.real, ids.effective, ids.saved))
}

/// Runs on with the real gid as the effective one, keeping `group` to put
/// back in [`with_group`]. Root may name any group; anyone else only the
/// one the binary was started with (the saved gid).
pub fn lower(group: Gid) -> Result<(), SharedProblem> {
    let (real, _, _) = current()?;
    let failed = |e: nix::Error| SharedProblem::Rights(e.desc().to_string());
    // Saved gid := the group, so it can be put back (root needs that set;
    // for anyone else it already is).
    setresgid(real, real, group).map_err(failed)?;
    let _ = GROUPS.set((real, group));
    Ok(())
}

/// Runs `f` with the shared group as the effective gid, then lowers it
/// again; without a shared group (not set up, or the demo) simply runs it.
/// If the group cannot be taken away again, the program must not go on
/// with it: that is an error whatever `f` returned.
pub fn with_group<T>(f: impl FnOnce() -> T) -> Result<T, SharedProblem> {
    let Some(&(real, group)) = GROUPS.get() else {
        return Ok(f());
    };
    let failed = |e: nix::Error| SharedProblem::Rights(e.desc().to_string());
    setresgid(real, group, group).map_err(failed)?;
    let value = f();
    setresgid(real, real, group).map_err(failed)?;
    Ok(value)
}
