//! `sagsbord demo --record FILE`: what a trainer types in the demo, written
//! as a tour file to give captions to. Keys are grouped into steps where
//! the trainer paused: a pause of [`STEP_PAUSE`] or more starts a new step,
//! each with a placeholder caption to edit.

use std::time::{Duration, Instant};

use crossterm::event::KeyEvent;

use super::script::{Act, MAX_ACTS, MAX_STEPS, Step, Tour};
use crate::text::tour as text;

/// A pause this long between two keys starts a new step.
pub const STEP_PAUSE: Duration = Duration::from_secs(2);

#[derive(Debug, Default)]
pub struct Recorder {
    steps: Vec<Vec<KeyEvent>>,
    last: Option<Instant>,
}

impl Recorder {
    /// A key the trainer pressed at `at`. Past the tour format's limits
    /// nothing more is kept (a session cannot grow the recording unbounded).
    pub fn key(&mut self, key: KeyEvent, at: Instant) {
        let paused = self.last.is_none_or(|last| at.saturating_duration_since(last) >= STEP_PAUSE);
        self.last = Some(at);
        let full = self.steps.last().is_none_or(|s| s.len() >= MAX_ACTS);
        if paused || full {
            if self.steps.len() >= MAX_STEPS {
                return;
            }
            self.steps.push(Vec::new());
        }
        if let Some(step) = self.steps.last_mut() {
            step.push(key);
        }
    }

    /// The recording as a tour: one step a burst of keys.
    pub fn tour(&self) -> Tour {
        let steps = self
            .steps
            .iter()
            .enumerate()
            .map(|(i, keys)| Step {
                caption: text::recorded_caption(i + 1),
                line: 0,
                acts: keys.iter().map(|k| Act::Key(*k)).collect(),
            })
            .collect();
        Tour {
            title: Some(text::RECORDED_TITLE.to_string()),
            scenario: None,
            typing: super::script::DEFAULT_TYPING,
            steps,
        }
    }

    /// The tour file's text; a recording without keys is one step that says so.
    pub fn file_text(&self) -> String {
        let mut tour = self.tour();
        if tour.steps.is_empty() {
            tour.steps.push(Step { caption: text::recorded_caption(1), line: 0, acts: Vec::new() });
        }
        format!("{}{}", text::RECORDED_HEADER, super::script::write(&tour))
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyModifiers};

    use super::*;
    use crate::tour::script;

    fn press(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn keys_are_grouped_into_steps_at_the_trainers_pauses_and_read_back() {
        let start = Instant::now();
        let mut recorder = Recorder::default();
        recorder.key(press('n'), start);
        recorder.key(press('J'), start + Duration::from_millis(300));
        recorder.key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE), start + Duration::from_millis(600));
        recorder.key(press('j'), start + Duration::from_secs(5));
        recorder.key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE), start + Duration::from_millis(5100));
        recorder.key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE), start + Duration::from_millis(5200));
        let text = recorder.file_text();
        let tour = script::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(tour.steps.len(), 2, "{text}");
        assert!(text.contains("Caption \"Trin 1: skriv her, hvad trinnet viser\"\nType \"nJ\"\nEnter\n"), "{text}");
        assert!(text.contains("Type \"j\"\nDown 2\n"), "{text}");
        assert_eq!(tour.steps[1].acts.len(), 3);
    }

    #[test]
    fn a_recording_without_keys_is_still_a_tour_file() {
        let text = Recorder::default().file_text();
        let tour = script::parse(&text).unwrap();
        assert_eq!(tour.steps.len(), 1);
        assert!(tour.steps[0].acts.is_empty());
    }

    #[test]
    fn a_recording_stops_growing_at_the_formats_limits() {
        let start = Instant::now();
        let mut recorder = Recorder::default();
        for i in 0..(MAX_STEPS as u64 + 10) {
            recorder.key(press('j'), start + STEP_PAUSE * (i as u32 + 1));
        }
        assert_eq!(recorder.tour().steps.len(), MAX_STEPS);
        assert!(script::parse(&recorder.file_text()).is_ok());
    }
}
