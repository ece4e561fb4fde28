//! A keyboard form: labelled fields of text, a choice, several choices, with
//! an error per field. The form only holds and edits the draft; what the
//! draft means is decided by the domain when it is submitted, and a refused
//! draft stays as the user typed it.

use super::action::Action;

/// A field's identity within its form.
pub type FieldId = &'static str;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue {
    /// One line of text; `cursor` counts characters.
    Text { value: String, cursor: usize },
    /// One of a list, changed with left/right or space.
    Choice { options: Vec<String>, index: usize },
    /// Any of a list: left/right move the cursor, space toggles.
    Multi { options: Vec<String>, chosen: Vec<bool>, cursor: usize },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub id: FieldId,
    pub label: String,
    pub value: FieldValue,
    pub error: Option<String>,
    /// Shown under the field when there is no error: what to type.
    pub hint: Option<String>,
    pub hidden: bool,
}

impl Field {
    pub fn text(id: FieldId, label: &str, value: &str) -> Field {
        Field::new(id, label, FieldValue::Text { value: value.to_string(), cursor: value.chars().count() })
    }

    pub fn choice(id: FieldId, label: &str, options: Vec<String>, index: usize) -> Field {
        Field::new(id, label, FieldValue::Choice { options, index })
    }

    pub fn multi(id: FieldId, label: &str, options: Vec<String>) -> Field {
        let chosen = vec![false; options.len()];
        Field::new(id, label, FieldValue::Multi { options, chosen, cursor: 0 })
    }

    fn new(id: FieldId, label: &str, value: FieldValue) -> Field {
        Field { id, label: label.to_string(), value, error: None, hint: None, hidden: false }
    }

    pub fn with_hint(mut self, hint: &str) -> Field {
        self.hint = Some(hint.to_string());
        self
    }

    pub fn is_text(&self) -> bool {
        matches!(self.value, FieldValue::Text { .. })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// A message about the whole form (a failed save, warnings to confirm).
    pub banner: Option<String>,
}

impl Form {
    pub fn new(title: &str, fields: Vec<Field>) -> Form {
        let mut form = Form { title: title.to_string(), fields, focus: 0, banner: None };
        form.focus = form.first_visible_from(0).unwrap_or(0);
        form
    }

    fn first_visible_from(&self, start: usize) -> Option<usize> {
        (start..self.fields.len()).find(|&i| !self.fields[i].hidden)
    }

    pub fn field(&self, id: FieldId) -> Option<&Field> {
        self.fields.iter().find(|f| f.id == id)
    }

    pub fn field_mut(&mut self, id: FieldId) -> Option<&mut Field> {
        self.fields.iter_mut().find(|f| f.id == id)
    }

    pub fn focused(&self) -> Option<&Field> {
        self.fields.get(self.focus)
    }

    /// The text of a text field (empty if the form has no such field).
    pub fn text(&self, id: FieldId) -> String {
        match self.field(id).map(|f| &f.value) {
            Some(FieldValue::Text { value, .. }) => value.clone(),
            _ => String::new(),
        }
    }

    /// The chosen index of a choice field.
    pub fn choice(&self, id: FieldId) -> usize {
        match self.field(id).map(|f| &f.value) {
            Some(FieldValue::Choice { index, .. }) => *index,
            _ => 0,
        }
    }

    /// The chosen indices of a multi field.
    pub fn chosen(&self, id: FieldId) -> Vec<usize> {
        match self.field(id).map(|f| &f.value) {
            Some(FieldValue::Multi { chosen, .. }) => {
                chosen.iter().enumerate().filter(|(_, c)| **c).map(|(i, _)| i).collect()
            }
            _ => Vec::new(),
        }
    }

    pub fn set_hidden(&mut self, id: FieldId, hidden: bool) {
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
    pub fn set_error(&mut self, id: FieldId, message: String) {
        let first = self.fields.iter().all(|f| f.error.is_none());
        if let Some(i) = self.fields.iter().position(|f| f.id == id) {
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

    /// Types a character into the focused text field. Returns whether the
    /// form took it (a choice field does not take text).
    pub fn type_char(&mut self, c: char) -> bool {
        let Some(Field { value: FieldValue::Text { value, cursor }, .. }) = self.fields.get_mut(self.focus) else {
            return false;
        };
        if c.is_control() {
            return true;
        }
        let at = byte_index(value, *cursor);
        value.insert(at, c);
        *cursor += 1;
        true
    }

    /// Pasted text goes in as typed characters; line breaks become spaces,
    /// so a paste can never submit the form.
    pub fn paste(&mut self, text: &str) {
        for c in text.chars() {
            self.type_char(if c == '\n' || c == '\r' || c == '\t' { ' ' } else { c });
        }
    }

    /// Applies an editing action. Submit and cancel are the caller's.
    pub fn edit(&mut self, action: Action) {
        match action {
            Action::NextField => self.move_focus(1),
            Action::PrevField => self.move_focus(-1),
            _ => {
                if let Some(field) = self.fields.get_mut(self.focus) {
                    edit_field(&mut field.value, action);
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

fn edit_field(value: &mut FieldValue, action: Action) {
    match value {
        FieldValue::Text { value, cursor } => {
            let len = value.chars().count();
            match action {
                Action::Left => *cursor = cursor.saturating_sub(1),
                Action::Right => *cursor = (*cursor + 1).min(len),
                Action::Home => *cursor = 0,
                Action::End => *cursor = len,
                Action::Backspace if *cursor > 0 => {
                    *cursor -= 1;
                    value.remove(byte_index(value, *cursor));
                }
                Action::Delete if *cursor < len => {
                    value.remove(byte_index(value, *cursor));
                }
                _ => {}
            }
        }
        FieldValue::Choice { options, index } => {
            let n = options.len().max(1);
            match action {
                Action::Right | Action::Toggle => *index = (*index + 1) % n,
                Action::Left => *index = (*index + n - 1) % n,
                Action::Home => *index = 0,
                Action::End => *index = n - 1,
                _ => {}
            }
        }
        FieldValue::Multi { options, chosen, cursor } => {
            let n = options.len().max(1);
            match action {
                Action::Right => *cursor = (*cursor + 1) % n,
                Action::Left => *cursor = (*cursor + n - 1) % n,
                Action::Toggle => {
                    if let Some(c) = chosen.get_mut(*cursor) {
                        *c = !*c;
                    }
                }
                _ => {}
            }
        }
    }
}

fn byte_index(s: &str, chars: usize) -> usize {
    s.char_indices().nth(chars).map(|(i, _)| i).unwrap_or(s.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> Form {
        Form::new(
            "Test",
            vec![
                Field::text("name", "Navn", ""),
                Field::choice("kind", "Hvem", vec!["A".into(), "B".into(), "C".into()], 0),
                Field::multi("subs", "Stoffer", vec!["x".into(), "y".into()]),
                Field::text("note", "Note", "hej"),
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
        assert_eq!(f.text("name"), "Søen");
        f.edit(Action::Home);
        f.edit(Action::Delete);
        assert_eq!(f.text("name"), "øen");
    }

    #[test]
    fn choices_cycle_both_ways_and_text_is_not_taken_by_a_choice() {
        let mut f = form();
        f.edit(Action::NextField);
        assert!(!f.type_char('x'));
        f.edit(Action::Left);
        assert_eq!(f.choice("kind"), 2);
        f.edit(Action::Right);
        f.edit(Action::Toggle);
        assert_eq!(f.choice("kind"), 1);
    }

    #[test]
    fn multi_fields_toggle_under_the_cursor() {
        let mut f = form();
        f.edit(Action::NextField);
        f.edit(Action::NextField);
        f.edit(Action::Right);
        f.edit(Action::Toggle);
        assert_eq!(f.chosen("subs"), vec![1]);
    }

    #[test]
    fn focus_skips_hidden_fields_and_wraps() {
        let mut f = form();
        f.set_hidden("kind", true);
        f.edit(Action::NextField);
        assert_eq!(f.focused().unwrap().id, "subs");
        f.edit(Action::PrevField);
        f.edit(Action::PrevField);
        assert_eq!(f.focused().unwrap().id, "note");
    }

    #[test]
    fn the_first_error_takes_the_focus_and_a_paste_cannot_submit() {
        let mut f = form();
        f.set_error("note", "Skal udfyldes".into());
        f.set_error("name", "Skal udfyldes".into());
        assert_eq!(f.focused().unwrap().id, "note");
        f.clear_errors();
        assert!(!f.has_errors());
        f.paste("a\nb");
        assert_eq!(f.text("note"), "heja b");
    }
}
