//! The export format's counted conversations (anonymous, advisory,
//! relatives'): the record, its checks on import, and the rows both ways.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::bad;
use super::case_facts::Cases;
use super::check::{check_recorded_at, not_blank, unique_id};
use crate::domain::intake::{Conversation, ConversationKind};
use crate::store::Result;
use crate::store::conversations::{HeldConversation, insert};
use crate::store::engine::Db;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConversationRecord {
    pub id: i64,
    pub case_id: i64,
    pub on: NaiveDate,
    pub kind: ConversationKind,
    pub actor: String,
    pub recorded_at: String,
}

impl From<&HeldConversation> for ConversationRecord {
    fn from(c: &HeldConversation) -> Self {
        ConversationRecord {
            id: c.id,
            case_id: c.case_id,
            on: c.conversation.on,
            kind: c.conversation.kind,
            actor: c.stamp.by.clone(),
            recorded_at: c.stamp.at.clone(),
        }
    }
}

/// Each conversation on a case of the file, on or after its first contact,
/// as the form allows: a part of the list, `first` its first record's index,
/// `seen` the ids of the parts before, `cases` the file's cases by id.
pub(super) fn check_conversations(
    records: &[ConversationRecord],
    first: usize,
    seen: &mut HashSet<i64>,
    cases: &Cases,
) -> Result<()> {
    for (i, c) in (first..).zip(records) {
        let at = |field: &str| format!("conversations[{i}].{field}");
        unique_id(seen, c.id, at("id"))?;
        let contact = cases
            .contact(c.case_id)
            .ok_or_else(|| bad(at("case_id"), format!("sag {} findes ikke i filen", c.case_id)))?;
        if c.on < contact {
            return Err(bad(at("on"), "ligger før sagens første henvendelse"));
        }
        not_blank(&c.actor, at("actor"))?;
        check_recorded_at(at("recorded_at"), &c.recorded_at)?;
    }
    Ok(())
}

pub(super) fn import_conversations(db: &Db<'_>, records: &[ConversationRecord]) -> Result<()> {
    for c in records {
        let conversation = Conversation { on: c.on, kind: c.kind };
        insert(db, Some(c.id), c.case_id, conversation, &c.actor, &c.recorded_at)?;
    }
    Ok(())
}
