//! The integration tests, as one test binary (`cargo test --test it`): one
//! link instead of one per file. Each pane has a module with its store
//! tests on real SQLite files, its rendering tests on ratatui's TestBackend
//! and its end-to-end tests of the real binary in a pseudo-terminal; the
//! store as a whole, the import checks and the command line have their own.
//!
//! Run a part by its module path, e.g. `cargo test --test it groups::` or
//! `cargo test --test it imports::`.

mod audit;
mod cli;
mod common;
mod imports;
mod store;

mod intake {
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
    mod pty;
    mod store;
    mod ui;
}

mod stays {
    mod pty;
    mod store;
    mod ui;
}
