//! The demo's session: the scenario it was started from (to start again
//! from), its day, the throw-away folder of its database, and the reset
//! that asks first. Only `sagsbord demo` starts one; on a real database the
//! reset key only says it is the demo's.

use chrono::NaiveDate;
use tempfile::TempDir;

use super::keymap::{Key, Layer};
use super::{Action, App, StatusKind};
use crate::store::exchange::ExportFile;
use crate::text::demo as text;

/// What the demo needs to start again from its start.
pub struct DemoSession {
    /// The scenario's file, as read when the demo started.
    file: ExportFile,
    pub today: NaiveDate,
    /// The folder of the demo's database, removed when the demo ends or is
    /// started again (after the database is closed).
    dir: TempDir,
    /// The user was asked "Start demoen forfra?": the next key answers.
    pub asked: bool,
}

/// The keys that answer yes to the reset: j (ja) and y (yes).
const YES: [char; 2] = ['j', 'y'];

impl DemoSession {
    pub fn new(file: ExportFile, today: NaiveDate, dir: TempDir) -> DemoSession {
        DemoSession { file, today, dir, asked: false }
    }
}

impl App {
    /// Makes this session the demo of `session`: the DEMO line with the
    /// demo's day over every screen, and said once that nothing is kept and
    /// how to start again.
    pub fn start_demo(&mut self, session: DemoSession) {
        self.banner = Some(text::banner(session.today, &self.shell.profile.name));
        self.demo = Some(session);
        let key = self.reset_key_name();
        self.set_status(StatusKind::Info, text::started(&key));
    }

    /// The reset key as the key line names it (the user's keymap may move it).
    fn reset_key_name(&self) -> String {
        let keys = self.keymap.keys_for(Layer::Global, Action::ResetDemo);
        let names: Vec<String> = keys.iter().map(|k| crate::text::keys::key_name(&k.to_string())).collect();
        if names.is_empty() { "ctrl-r".to_string() } else { names.join(" eller ") }
    }

    /// The reset key: in the demo it asks first; elsewhere it says so.
    pub(super) fn ask_reset(&mut self) {
        match &mut self.demo {
            Some(demo) => {
                demo.asked = true;
                self.set_status(StatusKind::Warning, text::reset_question(&YES[0].to_string()));
            }
            None => self.set_status(StatusKind::Warning, text::RESET_ONLY_IN_DEMO),
        }
    }

    /// The key after "Start demoen forfra?": j or y starts it again, any
    /// other key leaves it as it is.
    pub(super) fn answer_reset(&mut self, key: Key) {
        if let Some(demo) = &mut self.demo {
            demo.asked = false;
        }
        if !key.ctrl && key.typed_char().is_some_and(|c| YES.contains(&c.to_ascii_lowercase())) {
            self.reset_demo();
        } else {
            self.set_status(StatusKind::Info, text::RESET_KEPT);
        }
    }

    /// Whether the next key answers the reset question.
    pub(super) fn reset_asked(&self) -> bool {
        self.demo.as_ref().is_some_and(|d| d.asked)
    }

    /// A fresh throw-away database from the same scenario, and the app on it
    /// as it was at the start: the first pane, nothing open. The old
    /// database and its folder go; a failure leaves the demo as it was.
    pub fn reset_demo(&mut self) {
        let Some(demo) = &self.demo else { return };
        let fresh = crate::demo::open_fresh(&self.shell.user, &demo.file)
            .and_then(|(store, dir)| Ok((App::new(store, demo.today, self.keymap.clone())?, dir)));
        let (mut app, dir) = match fresh {
            Ok(made) => made,
            Err(why) => {
                self.set_status(StatusKind::Error, text::reset_failed(&why));
                return;
            }
        };
        app.banner = self.banner.take();
        app.set_list_rows(self.shell.list_rows);
        app.shell.screen_cols = self.shell.screen_cols;
        let mut demo = self.demo.take().expect("checked above");
        let old_dir = std::mem::replace(&mut demo.dir, dir);
        app.demo = Some(demo);
        app.set_status(StatusKind::Info, text::RESET_DONE);
        // The old database closes before its folder is removed.
        drop(std::mem::replace(self, app));
        drop(old_dir);
    }
}
