//! The pseudo-terminal bench's idea of a complete frame
//! (`benches/pty/frames.rs`), checked against the real binary's screens:
//! if the drawing changes so that the bench would wait for a frame that
//! never comes, or would stop timing at half a frame, this fails first.

#[path = "../../benches/pty/frames.rs"]
mod frames;

use std::process::Command;

use crate::common::{BIN, Tui};

/// The workbench on a small generated centre (as the bench makes its
/// large ones), its first frame drawn.
fn workbench(dir: &std::path::Path) -> Tui {
    let db = dir.join("centre.db");
    let status = Command::new(BIN)
        .args(["--today", "2026-03-17", "generate", "--cases", "200", "--seed", "1", "--db"])
        .arg(&db)
        .output()
        .expect("run sagsbord generate");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let tui = Tui::builder().args(["--db", db.to_str().unwrap(), "--today", "2026-03-17"]).cwd(dir).spawn();
    tui.wait_until("Indtag's whole first frame", |s| frames::pane_complete(s, 1));
    tui
}

#[test]
fn every_panes_first_frame_counts_as_complete_and_half_of_it_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let mut tui = workbench(dir.path());
    for pane in [2, 3, 4, 5, 6, 1] {
        tui.send(&pane.to_string());
        tui.wait_until(&format!("pane {pane}'s whole frame"), |s| frames::pane_complete(s, pane));
        let (whole, half) = tui.with_screen(|s| {
            let bytes = s.contents_formatted();
            let mut half = vt100::Parser::new(s.size().0, s.size().1, 0);
            half.process(&bytes[..bytes.len() / 2]);
            (frames::pane_complete(s, pane), frames::pane_complete(half.screen(), pane))
        });
        assert!(whole && !half, "pane {pane}: a whole frame must count, half of it must not\n{}", tui.screen());
    }
    tui.quit();
}

#[test]
fn a_moved_cursor_and_an_opened_case_count_as_redrawn_frames() {
    let dir = tempfile::tempdir().unwrap();
    let mut tui = workbench(dir.path());
    tui.send("2");
    tui.wait_until("Planer's whole frame", |s| frames::pane_complete(s, 2));
    let planer = tui.with_screen(Clone::clone);
    assert!(!frames::redrawn(&planer, &planer), "an unchanged screen is not a new frame");
    tui.send("\x1b[B");
    tui.wait_until("the cursor one line down", |s| frames::redrawn(&planer, s));
    tui.send("1");
    tui.wait_until("Indtag's whole frame", |s| frames::pane_complete(s, 1));
    let queue = tui.with_screen(Clone::clone);
    tui.send("\r");
    tui.wait_until("the case opened", |s| frames::redrawn(&queue, s) && s.contents().contains("luk"));
    tui.quit();
}
