//! The integration tests, as one test binary (`cargo test --test it`): one
//! link instead of one per file. Each pane has a module with its store
//! tests on real SQLite files, its rendering tests on ratatui's TestBackend
//! and its end-to-end tests of the real binary in a pseudo-terminal; the
//! store as a whole, the import checks and the command line have their own.
//!
//! Run a part by its module path, e.g. `cargo test --test it groups::` or
//! `cargo test --test it imports::`. The command line has `cli::` (each
//! command as a user runs it), `cli_props::` (property tests of the
//! parser), `parser_props::` (property tests of the import, profile and
//! keymap readers), `conflicts::` (a form saved over a colleague's change),
//! `digest::` (`due` as the morning digest), `probes::` (several processes on one file, a writer killed again and
//! again), `files::` (exports and backups while others write, an export
//! killed half-way), `workbench::` (how the TUI opens its database),
//! `tours::` (each guided tour played to its end, its claims checked in the
//! database), `looks::` (the themes and presentation mode) and
//! `shared::` (the shared server, with throw-away Unix users; needs root).

mod access;
mod access_ui;
mod audit;
mod bench_frames;
mod cli;
mod cli_props;
mod common;
mod conflicts;
mod demo;
mod digest;
mod events;
mod exchange_stream;
mod files;
mod import_lengths;
mod imports;
mod keys;
mod looks;
mod move_cli;
mod parser_props;
mod postgres_cli;
mod postgres_municipality;
mod postgres_roles_cli;
mod postgres_workbench;
mod probes;
mod shared;
mod store;
mod tours;
mod workbench;

mod complaints {
    pub mod store;
    mod ui;
}

mod find {
    mod pty;
    mod store;
    mod ui;
}

mod intake {
    mod corrections;
    mod corrections_pty;
    mod corrections_ui;
    mod identity;
    mod identity_ui;
    mod pty;
    mod store;
    mod ui;
}

mod groups {
    mod pty;
    mod store;
    mod ui;
}

mod notifications {
    mod pty;
    mod store;
    mod ui;
}

mod plans {
    mod ending;
    mod pty;
    mod store;
    mod ui;
}

mod stays {
    mod pty;
    mod store;
    mod ui;
}

mod reports {
    mod cli;
    mod files;
    mod ui;
}
