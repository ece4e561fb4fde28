//! A keyboard form: labelled fields of text, a note of several lines, a
//! choice, several choices, with an error per field. The form only holds and
//! edits the draft; what the draft means is decided by the domain when it is
//! submitted, and a refused draft stays as the user typed it. Changing a
//! field clears its error (the others keep theirs) until the next submit.

use std::any::TypeId;
use std::cell::Cell;
use std::fmt;

use super::action::Action;

/// What names a form's fields: the domain's field enums (`ContactField`,
/// `StepField`, ...), so a form's fields and the problems the domain finds
/// in them are named by the same value, and a misspelt field does not
/// compile. A pane whose form has fields the domain does not name gives
/// them an enum of its own.
pub trait FieldName: Copy + fmt::Debug + 'static {}

/// A field's identity within its form: the type of its name and the name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldKey {
    kind: TypeId,
    name: String,
}

impl FieldKey {
    pub fn of<N: FieldName>(name: N) -> FieldKey {
        FieldKey { kind: TypeId::of::<N>(), name: format!("{name:?}") }
    }

    /// Whether this is the field named `name`.
    pub fn is<N: FieldName>(&self, name: N) -> bool {
        *self == FieldKey::of(name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue {
    /// One line of text; `cursor` counts characters. A paste's line breaks
    /// become spaces.
    Text { value: String, cursor: usize },
    /// Text of several lines (a note, a plan text, a description): a
    /// paste's line breaks are kept, and the field shows the text wrapped
    /// over several rows. `cursor` counts characters, a line break as one.
    /// Enter still submits the form; Home and End go to the start and end
    /// of the line, pressed again to the start and end of the text.
    Note { value: String, cursor: usize },
    /// One of a list, changed with left/right or space.
    Choice { options: Vec<String>, index: usize },
    /// Any of a list: left/right move the cursor, space toggles.
    Multi { options: Vec<String>, chosen: Vec<bool>, cursor: usize },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub id: FieldKey,
    pub label: String,
    pub value: FieldValue,
    pub error: Option<String>,
    /// Shown under the field when there is no error: what to type.
    pub hint: Option<String>,
    pub hidden: bool,
}

impl Field {
    pub fn text(id: impl FieldName, label: &str, value: &str) -> Field {
        Field::new(id, label, FieldValue::Text { value: value.to_string(), cursor: value.chars().count() })
    }

    /// A text field of several lines. Line breaks are `\n`.
    pub fn note(id: impl FieldName, label: &str, value: &str) -> Field {
        Field::new(id, label, FieldValue::Note { value: value.to_string(), cursor: value.chars().count() })
    }

    pub fn choice(id: impl FieldName, label: &str, options: Vec<String>, index: usize) -> Field {
        Field::new(id, label, FieldValue::Choice { options, index })
    }

    pub fn multi(id: impl FieldName, label: &str, options: Vec<String>) -> Field {
        let chosen = vec![false; options.len()];
        Field::new(id, label, FieldValue::Multi { options, chosen, cursor: 0 })
    }

    fn new(id: impl FieldName, label: &str, value: FieldValue) -> Field {
        Field { id: FieldKey::of(id), label: label.to_string(), value, error: None, hint: None, hidden: false }
    }

    pub fn with_hint(mut self, hint: &str) -> Field {
        self.hint = Some(hint.to_string());
        self
    }

    /// Whether the field takes typed text (a one-line text or a note).
    pub fn is_text(&self) -> bool {
        matches!(self.value, FieldValue::Text { .. } | FieldValue::Note { .. })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// A message about the whole form (a failed save, warnings to confirm).
    pub banner: Option<String>,
    /// Drawing state, not the draft: the first row of the form the screen
    /// showed last, so the view scrolls only as far as the focused field
    /// needs (as a list's sticky offset does). Only the drawing sets it.
    pub view_top: Cell<usize>,
    /// Text has been typed or pasted into the draft: closing it throws
    /// work away, so the app asks first.
    pub typed: bool,
}

impl Form {
    pub fn new(title: &str, fields: Vec<Field>) -> Form {
        let mut form =
            Form { title: title.to_string(), fields, focus: 0, banner: None, view_top: Cell::new(0), typed: false };
        form.focus = form.first_visible_from(0).unwrap_or(0);
        form
    }

    fn first_visible_from(&self, start: usize) -> Option<usize> {
        (start..self.fields.len()).find(|&i| !self.fields[i].hidden)
    }

    pub fn field(&self, id: impl FieldName) -> Option<&Field> {
        let key = FieldKey::of(id);
        self.fields.iter().find(|f| f.id == key)
    }

    pub fn field_mut(&mut self, id: impl FieldName) -> Option<&mut Field> {
        let key = FieldKey::of(id);
        self.fields.iter_mut().find(|f| f.id == key)
    }

    pub fn focused(&self) -> Option<&Field> {
        self.fields.get(self.focus)
    }

    /// The text of a text field or a note (empty if the form has no such
    /// field).
    pub fn text(&self, id: impl FieldName) -> String {
        match self.field(id).map(|f| &f.value) {
            Some(FieldValue::Text { value, .. } | FieldValue::Note { value, .. }) => value.clone(),
            _ => String::new(),
        }
    }

    /// The chosen index of a choice field.
    pub fn choice(&self, id: impl FieldName) -> usize {
        match self.field(id).map(|f| &f.value) {
            Some(FieldValue::Choice { index, .. }) => *index,
            _ => 0,
        }
    }

    /// The chosen indices of a multi field.
    pub fn chosen(&self, id: impl FieldName) -> Vec<usize> {
        match self.field(id).map(|f| &f.value) {
            Some(FieldValue::Multi { chosen, .. }) => {
                chosen.iter().enumerate().filter(|(_, c)| **c).map(|(i, _)| i).collect()
            }
            _ => Vec::new(),
        }
    }

    pub fn set_hidden(&mut self, id: impl FieldName, hidden: bool) {
        if let Some(f) = self.field_mut(id) {
            f.hidden = hidden;
        }
        if self.fields.get(self.focus).is_some_and(|f| f.hidden) {
            self.focus = self.first_visible_from(self.focus).or_else(|| self.first_visible_from(0)).unwrap_or(0);
        }
    }

    pub fn clear_errors(&mut self) {
        for f in &mut self.fields {
            f.error = None;
        }
        self.banner = None;
    }

    /// Puts an error at a field and, for the first error, the focus there.
    pub fn set_error(&mut self, id: impl FieldName, message: String) {
        let first = self.fields.iter().all(|f| f.error.is_none());
        let key = FieldKey::of(id);
        if let Some(i) = self.fields.iter().position(|f| f.id == key) {
            self.fields[i].error = Some(message);
            if first {
                self.fields[i].hidden = false;
                self.focus = i;
            }
        }
    }

    pub fn has_errors(&self) -> bool {
        self.fields.iter().any(|f| f.error.is_some())
    }

    /// Types a character into the focused text field or note. Returns
    /// whether the form took it (a choice field does not take text).
    /// Control characters are taken and dropped.
    pub fn type_char(&mut self, c: char) -> bool {
        if !self.focused().is_some_and(Field::is_text) {
            return false;
        }
        if !c.is_control() {
            self.insert(c);
        }
        true
    }

    /// A line break at the cursor of a focused note; other fields do not
    /// take one. For a key the keymap may one day give this (Enter submits).
    pub fn insert_line_break(&mut self) -> bool {
        if !matches!(self.focused().map(|f| &f.value), Some(FieldValue::Note { .. })) {
            return false;
        }
        self.insert('\n');
        true
    }

    /// Pasted text goes in as typed characters, so a paste can never submit
    /// the form. A note keeps the line breaks (`\r\n`, `\r` and `\n` alike);
    /// a one-line field gets a space for each. A tab is a space.
    pub fn paste(&mut self, text: &str) {
        let note = matches!(self.focused().map(|f| &f.value), Some(FieldValue::Note { .. }));
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            let c = match c {
                '\r' => {
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    '\n'
                }
                '\t' => ' ',
                c => c,
            };
            if c == '\n' {
                if note {
                    self.insert_line_break();
                } else {
                    self.type_char(' ');
                }
            } else {
                self.type_char(c);
            }
        }
    }

    /// Inserts at the cursor of the focused text field or note.
    fn insert(&mut self, c: char) {
        if let Some(field) = self.fields.get_mut(self.focus)
            && let FieldValue::Text { value, cursor } | FieldValue::Note { value, cursor } = &mut field.value
        {
            let at = byte_index(value, *cursor);
            value.insert(at, c);
            *cursor += 1;
            field.error = None;
            self.typed = true;
        }
    }

    /// Applies an editing action. Submit and cancel are the caller's. A
    /// change to the field's value clears the field's error.
    pub fn edit(&mut self, action: Action) {
        match action {
            Action::NextField => self.move_focus(1),
            Action::PrevField => self.move_focus(-1),
            _ => {
                if let Some(field) = self.fields.get_mut(self.focus)
                    && edit_field(&mut field.value, action)
                {
                    field.error = None;
                }
            }
        }
    }

    fn move_focus(&mut self, step: isize) {
        let n = self.fields.len() as isize;
        if n == 0 {
            return;
        }
        let mut i = self.focus as isize;
        for _ in 0..n {
            i = (i + step).rem_euclid(n);
            if !self.fields[i as usize].hidden {
                self.focus = i as usize;
                return;
            }
        }
    }
}

/// Applies an action to a field's value; returns whether the value (not
/// just a cursor) changed.
fn edit_field(value: &mut FieldValue, action: Action) -> bool {
    match value {
        FieldValue::Text { value, cursor } => {
            let len = value.chars().count();
            match action {
                Action::Home => *cursor = 0,
                Action::End => *cursor = len,
                _ => return edit_text(value, cursor, action),
            }
            false
        }
        FieldValue::Note { value, cursor } => {
            let chars: Vec<char> = value.chars().collect();
            let at = (*cursor).min(chars.len());
            let line_start = chars[..at].iter().rposition(|c| *c == '\n').map_or(0, |i| i + 1);
            let line_end = chars[at..].iter().position(|c| *c == '\n').map_or(chars.len(), |i| at + i);
            match action {
                // Again at the line's start: the text's start.
                Action::Home => *cursor = if at == line_start { 0 } else { line_start },
                Action::End => *cursor = if at == line_end { chars.len() } else { line_end },
                _ => return edit_text(value, cursor, action),
            }
            false
        }
        FieldValue::Choice { options, index } => {
            let n = options.len().max(1);
            let before = *index;
            match action {
                Action::Right | Action::Toggle => *index = (*index + 1) % n,
                Action::Left => *index = (*index + n - 1) % n,
                Action::Home => *index = 0,
                Action::End => *index = n - 1,
                _ => {}
            }
            *index != before
        }
        FieldValue::Multi { options, chosen, cursor } => {
            let n = options.len().max(1);
            match action {
                Action::Right => *cursor = (*cursor + 1) % n,
                Action::Left => *cursor = (*cursor + n - 1) % n,
                Action::Toggle => {
                    if let Some(c) = chosen.get_mut(*cursor) {
                        *c = !*c;
                        return true;
                    }
                }
                _ => {}
            }
            false
        }
    }
}

/// Cursor moves and deletions shared by text fields and notes.
fn edit_text(value: &mut String, cursor: &mut usize, action: Action) -> bool {
    let len = value.chars().count();
    match action {
        Action::Left => *cursor = cursor.saturating_sub(1),
        Action::Right => *cursor = (*cursor + 1).min(len),
        Action::Backspace if *cursor > 0 => {
            *cursor -= 1;
            value.remove(byte_index(value, *cursor));
            return true;
        }
        Action::Delete if *cursor < len => {
            value.remove(byte_index(value, *cursor));
            return true;
        }
        _ => {}
    }
    false
}

fn byte_index(s: &str, chars: usize) -> usize {
    s.char_indices().nth(chars).map(|(i, _)| i).unwrap_or(s.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The test forms' fields.
    #[derive(Debug, Clone, Copy)]
    enum T {
        Name,
        Kind,
        Subs,
        Note,
    }

    impl FieldName for T {}

    fn form() -> Form {
        Form::new(
            "Test",
            vec![
                Field::text(T::Name, "Navn", ""),
                Field::choice(T::Kind, "Hvem", vec!["A".into(), "B".into(), "C".into()], 0),
                Field::multi(T::Subs, "Stoffer", vec!["x".into(), "y".into()]),
                Field::text(T::Note, "Note", "hej"),
            ],
        )
    }

    #[test]
    fn typing_edits_at_the_cursor_including_danish_letters() {
        let mut f = form();
        for c in "Søren".chars() {
            assert!(f.type_char(c));
        }
        f.edit(Action::Left);
        f.edit(Action::Left);
        f.edit(Action::Backspace);
        assert_eq!(f.text(T::Name), "Søen");
        f.edit(Action::Home);
        f.edit(Action::Delete);
        assert_eq!(f.text(T::Name), "øen");
    }

    #[test]
    fn choices_cycle_both_ways_and_text_is_not_taken_by_a_choice() {
        let mut f = form();
        f.edit(Action::NextField);
        assert!(!f.type_char('x'));
        f.edit(Action::Left);
        assert_eq!(f.choice(T::Kind), 2);
        f.edit(Action::Right);
        f.edit(Action::Toggle);
        assert_eq!(f.choice(T::Kind), 1);
    }

    #[test]
    fn multi_fields_toggle_under_the_cursor() {
        let mut f = form();
        f.edit(Action::NextField);
        f.edit(Action::NextField);
        f.edit(Action::Right);
        f.edit(Action::Toggle);
        assert_eq!(f.chosen(T::Subs), vec![1]);
    }

    #[test]
    fn focus_skips_hidden_fields_and_wraps() {
        let mut f = form();
        f.set_hidden(T::Kind, true);
        f.edit(Action::NextField);
        assert!(f.focused().unwrap().id.is(T::Subs));
        f.edit(Action::PrevField);
        f.edit(Action::PrevField);
        assert!(f.focused().unwrap().id.is(T::Note));
    }

    #[test]
    fn the_first_error_takes_the_focus_and_a_paste_cannot_submit() {
        let mut f = form();
        f.set_error(T::Note, "Skal udfyldes".into());
        f.set_error(T::Name, "Skal udfyldes".into());
        assert!(f.focused().unwrap().id.is(T::Note));
        f.clear_errors();
        assert!(!f.has_errors());
        f.paste("a\nb");
        assert_eq!(f.text(T::Note), "heja b");
    }

    #[test]
    fn changing_a_field_clears_its_error_and_keeps_the_others() {
        let mut f = form();
        f.set_error(T::Name, "Skal udfyldes".into());
        f.set_error(T::Kind, "Vælg".into());
        f.set_error(T::Subs, "Vælg mindst ét".into());
        f.set_error(T::Note, "For lang".into());
        // Moving about is not a change.
        f.edit(Action::Left);
        f.edit(Action::End);
        f.edit(Action::NextField);
        f.edit(Action::PrevField);
        assert!(f.fields.iter().all(|field| field.error.is_some()));
        f.type_char('S');
        assert_eq!(f.field(T::Name).unwrap().error, None);
        assert!(f.field(T::Kind).unwrap().error.is_some());
        f.edit(Action::NextField);
        f.edit(Action::Right);
        assert_eq!(f.field(T::Kind).unwrap().error, None);
        f.edit(Action::NextField);
        f.edit(Action::Right);
        assert!(f.field(T::Subs).unwrap().error.is_some(), "moving the multi cursor is not a change");
        f.edit(Action::Toggle);
        assert_eq!(f.field(T::Subs).unwrap().error, None);
        assert!(f.field(T::Note).unwrap().error.is_some());
        f.edit(Action::NextField);
        f.paste("!");
        assert!(!f.has_errors());
        // A backspace at the start changes nothing and clears nothing.
        f.set_error(T::Note, "For lang".into());
        f.edit(Action::Home);
        f.edit(Action::Backspace);
        assert!(f.has_errors());
        f.edit(Action::Delete);
        assert!(!f.has_errors());
    }

    fn note_form(value: &str) -> Form {
        Form::new("Test", vec![Field::note(T::Note, "Note", value), Field::text(T::Name, "Navn", "")])
    }

    #[test]
    fn a_note_keeps_pasted_line_breaks_and_a_text_field_gets_spaces() {
        let mut f = note_form("");
        assert!(f.focused().unwrap().is_text());
        f.paste("Første linje\r\nAnden\rTredje\n\tfjerde");
        assert_eq!(f.text(T::Note), "Første linje\nAnden\nTredje\n fjerde");
        f.edit(Action::NextField);
        f.paste("a\r\nb\nc");
        assert_eq!(f.text(T::Name), "a b c");
        assert!(!f.insert_line_break(), "a one-line field takes no line break");
        f.edit(Action::NextField);
        f.edit(Action::End);
        assert!(f.insert_line_break());
        assert!(f.type_char('x'));
        assert!(f.text(T::Note).ends_with("fjerde\nx"));
    }

    #[test]
    fn home_and_end_in_a_note_go_to_the_line_then_to_the_text() {
        let mut f = note_form("ab\ncd\nef");
        let cursor = |f: &Form| match &f.focused().unwrap().value {
            FieldValue::Note { cursor, .. } => *cursor,
            _ => unreachable!(),
        };
        assert_eq!(cursor(&f), 8);
        f.edit(Action::Left);
        f.edit(Action::Left);
        f.edit(Action::Left);
        f.edit(Action::Left);
        assert_eq!(cursor(&f), 4, "on the middle line, between c and d");
        f.edit(Action::Home);
        assert_eq!(cursor(&f), 3);
        f.edit(Action::Home);
        assert_eq!(cursor(&f), 0);
        f.edit(Action::Right);
        f.edit(Action::Right);
        f.edit(Action::Right);
        f.edit(Action::Right);
        f.edit(Action::End);
        assert_eq!(cursor(&f), 5);
        f.edit(Action::End);
        assert_eq!(cursor(&f), 8);
        // Backspace at a line's start joins the lines.
        f.edit(Action::Home);
        f.edit(Action::Backspace);
        assert_eq!(f.text(T::Note), "ab\ncdef");
        // Typing a character in a note does not need a line break.
        f.type_char('æ');
        assert_eq!(f.text(T::Note), "ab\ncdæef");
    }
}
