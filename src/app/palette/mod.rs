//! The command palette: `:` or ctrl-p lays over the screen a list of every
//! action its keys can reach, by the keymap's Danish description, with the
//! keys beside it; typing filters the list fuzzily (nucleo-matcher, helix's
//! matcher); Enter runs the chosen action exactly as its key would; Esc
//! closes it.
//!
//! Nothing here is written by hand: the list is the keymap's bindings on
//! the screen under the palette ([`Screen::layers`], first match wins, as
//! the key dispatch looks keys up), plus the global ctrl and alt keys that reach
//! every screen. Like the find it is the shell's, not a pane's: the
//! [`super::App`] holds it and runs what it returns.

mod draw;
mod keys;

pub use draw::draw;
pub use keys::{PALETTE, SCREENS};

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::Action;
use super::keymap::{Key, Keymap, Layer};

/// The longest search kept: a description is never longer.
const MAX_QUERY: usize = 60;

/// One action the palette offers: the layer whose binding names it, its
/// description, and every key that runs it on the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub action: Action,
    pub layer: Layer,
    pub desc: String,
    pub keys: Vec<Key>,
}

/// The actions the keys reach on a screen of `layers`, in the order of the
/// layers and their bindings. A key an earlier layer binds hides a later
/// layer's binding of it; a ctrl or alt key of the global layer reaches
/// every screen (the shell falls through to it), so it is offered where it
/// is not hidden. The palette itself is not offered.
pub fn entries(keymap: &Keymap, layers: &[Layer]) -> Vec<Entry> {
    let global_fallback = (!layers.contains(&Layer::Global)).then_some(Layer::Global);
    let mut entries: Vec<Entry> = Vec::new();
    for (i, &layer) in layers.iter().chain(global_fallback.iter()).enumerate() {
        for b in keymap.bindings(layer) {
            let fallback = i >= layers.len();
            if (fallback && !(b.key.ctrl || b.key.alt))
                || keymap.lookup(&layers[..i.min(layers.len())], b.key).is_some()
            {
                continue;
            }
            if matches!(b.action, Action::Palette | Action::None) {
                continue;
            }
            match entries.iter_mut().find(|e| e.action == b.action) {
                Some(e) => e.keys.push(b.key),
                None => entries.push(Entry { action: b.action, layer, desc: b.desc.clone(), keys: vec![b.key] }),
            }
        }
    }
    entries
}

/// The palette's state: what it offers, the search, and the choice.
#[derive(Debug)]
pub struct Palette {
    pub entries: Vec<Entry>,
    pub query: String,
    /// Indices into `entries` that match the search, best first.
    pub shown: Vec<usize>,
    /// The chosen row of `shown`.
    pub chosen: usize,
}

/// What the shell is asked to do after a key in the palette.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaletteOutcome {
    Stay,
    Close,
    /// Close, and run `action` as its key `key` would.
    Run(Key, Action),
}

impl Palette {
    /// The palette over a screen of `layers`, every action shown.
    pub fn open(keymap: &Keymap, layers: &[Layer]) -> Palette {
        let entries = entries(keymap, layers);
        let shown = (0..entries.len()).collect();
        Palette { entries, query: String::new(), shown, chosen: 0 }
    }

    /// A typed character: into the search.
    pub fn type_text(&mut self, c: char) -> bool {
        if c.is_control() {
            return false;
        }
        if self.query.chars().count() < MAX_QUERY {
            self.query.push(c);
            self.filter();
        }
        true
    }

    /// An action of the palette's own layer.
    pub fn update(&mut self, action: Action) -> PaletteOutcome {
        match action {
            Action::Cancel | Action::Close => return PaletteOutcome::Close,
            Action::Submit => {
                return match self.shown.get(self.chosen).map(|&i| &self.entries[i]) {
                    Some(e) => PaletteOutcome::Run(e.keys[0], e.action),
                    None => PaletteOutcome::Stay,
                };
            }
            Action::Down if self.chosen + 1 < self.shown.len() => self.chosen += 1,
            Action::Up => self.chosen = self.chosen.saturating_sub(1),
            Action::Backspace if self.query.pop().is_some() => self.filter(),
            _ => {}
        }
        PaletteOutcome::Stay
    }

    /// The entries that match the search, best first; ties keep the
    /// keymap's order. The description is searched, then the layer's title.
    fn filter(&mut self) {
        self.chosen = 0;
        if self.query.trim().is_empty() {
            self.shown = (0..self.entries.len()).collect();
            return;
        }
        let pattern = Pattern::parse(&self.query, CaseMatching::Ignore, Normalization::Smart);
        let mut matcher = Matcher::new(Config::DEFAULT);
        let mut buf = Vec::new();
        let mut scored: Vec<(u32, usize)> = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| {
                let haystack = format!("{} {}", e.desc, crate::ui::layer_title(e.layer));
                pattern.score(Utf32Str::new(&haystack, &mut buf), &mut matcher).map(|score| (score, i))
            })
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        self.shown = scored.into_iter().map(|(_, i)| i).collect();
    }
}

#[cfg(test)]
mod tests;
