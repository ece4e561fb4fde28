//! Plays a tour in the real UI: each step's caption is shown and its keys
//! go through the app as if typed, one at a time at the tour's typing
//! speed. While a tour plays, the keyboard is the trainer's remote: one key
//! forward, one key back, one to take over. Going back starts the demo
//! afresh and replays every step before the one asked for (a database
//! cannot be un-saved; replaying is the honest way back).

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::script::{Act, Tour};
use crate::app::App;
use crate::text::tour as text;

/// Makes the demo afresh, as it was at its start.
pub type Fresh = Box<dyn FnMut() -> Result<App, String>>;

/// What the loop does after a key the player has seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum After {
    /// The player took the key.
    Played,
    /// The trainer takes over: the tour ends and the UI stays as it is.
    TakeOver,
}

pub struct Player {
    tour: Tour,
    /// The step whose caption is on screen.
    step: usize,
    /// Its keys and pauses not yet played.
    pending: VecDeque<Act>,
    /// `--pace`: the next step follows this long after a step's keys.
    pace: Option<Duration>,
    /// When the next key is pressed, or the next step begins.
    due: Option<Instant>,
    /// The step's keys are played and the pace is running to the next step.
    pace_started: bool,
    fresh: Fresh,
}

impl Player {
    /// Makes the demo and shows the tour's first step.
    pub fn start(tour: Tour, pace: Option<Duration>, mut fresh: Fresh) -> Result<(Player, App), String> {
        let app = fresh()?;
        let mut player =
            Player { tour, step: 0, pending: VecDeque::new(), pace, due: None, pace_started: false, fresh };
        player.enter(0, Instant::now());
        Ok((player, app))
    }

    /// Shows step `index` and queues its keys.
    fn enter(&mut self, index: usize, now: Instant) {
        self.step = index;
        self.pending = self.tour.steps[index].acts.iter().copied().collect();
        self.due = Some(now + self.tour.typing);
    }

    pub fn tour(&self) -> &Tour {
        &self.tour
    }

    /// The step on screen, from 0.
    pub fn step(&self) -> usize {
        self.step
    }

    /// Whether the last step is on screen and its keys are played.
    pub fn at_end(&self) -> bool {
        self.step + 1 == self.tour.steps.len() && self.pending.is_empty()
    }

    /// The caption box's title line: where in the tour this is.
    pub fn heading(&self) -> String {
        text::step_heading(self.tour.title.as_deref(), self.step + 1, self.tour.steps.len(), self.at_end())
    }

    pub fn caption(&self) -> &str {
        &self.tour.steps[self.step].caption
    }

    /// How long until the player has something to do.
    pub fn wait(&self, now: Instant) -> Option<Duration> {
        self.due.map(|due| due.saturating_duration_since(now))
    }

    /// Plays what is due: one key or pause, or the next step on a set pace.
    /// Returns whether anything changed on screen.
    pub fn on_time(&mut self, app: &mut App, now: Instant) -> bool {
        let Some(due) = self.due else { return false };
        if now < due {
            return false;
        }
        match self.pending.pop_front() {
            Some(Act::Key(key)) => {
                app.handle_key(key);
                self.due = Some(now + self.tour.typing);
            }
            Some(Act::Sleep(pause)) => self.due = Some(now + pause),
            None => {
                self.due = None;
                if let Some(pace) = self.pace
                    && self.step + 1 < self.tour.steps.len()
                {
                    // The pace runs from the step's last key; the step then follows.
                    if self.pace_started {
                        self.pace_started = false;
                        self.enter(self.step + 1, now);
                    } else {
                        self.pace_started = true;
                        self.due = Some(now + pace);
                    }
                }
            }
        }
        true
    }

    /// A key the trainer pressed while the tour plays.
    pub fn on_key(&mut self, app: &mut App, key: KeyEvent, now: Instant) -> After {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('c') if ctrl => app.should_quit = true,
            KeyCode::Char('q') => app.should_quit = true,
            KeyCode::Esc | KeyCode::Char('t') => return After::TakeOver,
            KeyCode::Right | KeyCode::Char(' ' | 'n') | KeyCode::Enter => self.forward(app, now),
            KeyCode::Left | KeyCode::Backspace | KeyCode::Char('p') => self.back(app, now),
            _ => {}
        }
        After::Played
    }

    /// The rest of this step's keys at once, then the next step.
    fn forward(&mut self, app: &mut App, now: Instant) {
        self.finish_step(app);
        self.pace_started = false;
        if self.step + 1 < self.tour.steps.len() {
            self.enter(self.step + 1, now);
        } else {
            self.due = None;
        }
    }

    /// The demo afresh, every step before the previous one replayed at
    /// once, and the previous one shown with its keys to play.
    fn back(&mut self, app: &mut App, now: Instant) {
        let target = self.step.saturating_sub(1);
        match (self.fresh)() {
            Ok(fresh) => *app = fresh,
            Err(why) => {
                app.set_status(crate::app::StatusKind::Error, text::restart_failed(&why));
                return;
            }
        }
        for step in 0..target {
            self.pending = self.tour.steps[step].acts.iter().copied().collect();
            self.finish_step(app);
        }
        self.pace_started = false;
        self.enter(target, now);
    }

    /// Plays this step's keys that are left, without pauses.
    fn finish_step(&mut self, app: &mut App) {
        while let Some(act) = self.pending.pop_front() {
            if let Act::Key(key) = act {
                app.handle_key(key);
            }
        }
    }
}
