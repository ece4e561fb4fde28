//! Counted conversations on a case (anonymous, advisory, relatives'): the
//! one write that registers one, and the reads the case screen and the
//! export use. The count against the profile's limit is the domain's
//! (`domain::intake::conversation_counts`); passing it is a warning, so the
//! store records the conversation either way.

use super::cases::case_on;
use super::children::{day, day_text};
use super::conflict::{Found, Record, conflict};
use super::engine::{Db, Params};
use super::{Result, Store, StoreError, now_stamp};
use crate::domain::intake::{Conversation, ConversationKind};
use crate::domain::notification::Stamp;

/// A conversation as recorded: on which case, by whom and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldConversation {
    pub id: i64,
    pub case_id: i64,
    pub conversation: Conversation,
    pub stamp: Stamp,
}

pub(super) fn query_on(db: &Db<'_>, condition: &str, params: Params<'_>) -> Result<Vec<HeldConversation>> {
    let sql = format!("SELECT id, case_id, on_date, kind, actor, recorded_at FROM conversations {condition}");
    let rows = db.query_map(&sql, params, |r| {
        Ok((r.get(0)?, r.get(1)?, r.get::<String>(2)?, r.get::<String>(3)?, r.get(4)?, r.get(5)?))
    })?;
    rows.into_iter()
        .map(|(id, case_id, on, kind, by, at)| {
            let kind = ConversationKind::from_id(&kind)
                .ok_or_else(|| StoreError::Corrupt(format!("ukendt samtaletype: {kind}")))?;
            Ok(HeldConversation {
                id,
                case_id,
                conversation: Conversation { on: day(on)?, kind },
                stamp: Stamp { by, at },
            })
        })
        .collect()
}

impl Store {
    /// A case's conversations, oldest first.
    pub fn conversations_of(&self, case_id: i64) -> Result<Vec<HeldConversation>> {
        query_on(&self.db(), "WHERE case_id = ?1 ORDER BY on_date, id", &[&case_id])
    }

    /// Every conversation, in id order (for export).
    pub fn all_conversations(&self) -> Result<Vec<HeldConversation>> {
        query_on(&self.db(), "ORDER BY id", &[])
    }

    /// Registers a held conversation on a case: one audited transaction, a
    /// write on the case. The case is read inside it: one a colleague has
    /// closed meanwhile takes no more conversations.
    pub fn register_conversation(&mut self, case_id: i64, conversation: Conversation) -> Result<HeldConversation> {
        let actor = self.actor().to_string();
        let id = self.write("register_conversation", "case", |tx| {
            let case = case_on(tx, case_id)?.ok_or(StoreError::NotFound { what: "sag", id: case_id })?;
            if let Some(closed) = &case.progress.closed {
                return Err(conflict(tx, Record::Case(case_id), Found::CaseClosed { on: closed.on }, None));
            }
            let id = insert(tx, None, case_id, conversation, &actor, &now_stamp())?;
            Ok((id, Some(case_id), format!("samtale {id}: {} {}", conversation.kind.id(), day_text(conversation.on))))
        })?;
        query_on(&self.db(), "WHERE id = ?1", &[&id])?.pop().ok_or(StoreError::NotFound { what: "samtale", id })
    }
}

/// Writes one conversation row (the form's write, and the import's with
/// the file's id); returns its id. A new row's id is left to the engine,
/// not given as NULL, which only SQLite would take for "a new id".
pub(crate) fn insert(
    db: &Db<'_>,
    id: Option<i64>,
    case_id: i64,
    conversation: Conversation,
    actor: &str,
    recorded_at: &str,
) -> Result<i64> {
    let (on, kind) = (day_text(conversation.on), conversation.kind.id());
    let inserted = match id {
        Some(id) => db.query_row(
            "INSERT INTO conversations (id, case_id, on_date, kind, actor, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             RETURNING id",
            &[&id, &case_id, &on, &kind, &actor, &recorded_at],
            |r| r.get(0),
        ),
        None => db.query_row(
            "INSERT INTO conversations (case_id, on_date, kind, actor, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)
             RETURNING id",
            &[&case_id, &on, &kind, &actor, &recorded_at],
            |r| r.get(0),
        ),
    };
    Ok(inserted?)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use tempfile::TempDir;

    use super::*;
    use crate::domain::access::Role;
    use crate::domain::intake::{Reasoned, Step};
    use crate::store::NewUser;
    use crate::store::{Found, exchange};

    /// One open case of Ida's counsellor anna, imported into a real file.
    const ONE_CASE: &str = r#"{
      "format": "sagsbord", "version": 1,
      "centre": { "name": "Testcentret", "municipality": "Rødovre", "profile": "rodovre" },
      "citizens": [ { "id": 1, "name": "Ida Prøvesen", "home_municipality": "Rødovre" } ],
      "cases": [ { "id": 1, "citizen_id": 1, "kind": "relative", "channel": "phone",
                   "contact_at": "2026-03-02T09:00:00", "counsellor": "anna", "children": "no_children" } ],
      "case_events": [ { "id": 1, "case_id": 1, "kind": "registered", "on": "2026-03-02", "actor": "anna",
                         "recorded_at": "2026-03-02T09:05:00Z" } ]
    }"#;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    fn file_with_a_case() -> (TempDir, std::path::PathBuf, Store) {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("sagsbord.db");
        let mut store = Store::open(&path, "anna").unwrap();
        store.import(&exchange::parse(ONE_CASE).unwrap()).unwrap();
        (dir, path, store)
    }

    fn relative(d: u32) -> Conversation {
        Conversation { on: day(d), kind: ConversationKind::Relative }
    }

    #[test]
    fn a_registered_conversation_is_read_back_by_a_second_connection_and_audited() {
        let (_dir, path, mut store) = file_with_a_case();
        let held = store.register_conversation(1, relative(3)).unwrap();
        assert_eq!(held.conversation, relative(3));
        assert_eq!(held.stamp.by, "anna");
        store.register_conversation(1, Conversation { on: day(4), kind: ConversationKind::Anonymous }).unwrap();

        let other = Store::open(&path, "anna").unwrap();
        let read: Vec<_> = other.conversations_of(1).unwrap().into_iter().map(|c| c.conversation).collect();
        assert_eq!(read, vec![relative(3), Conversation { on: day(4), kind: ConversationKind::Anonymous }]);
        let (action, entity_id): (String, Option<i64>) = other
            .sqlite()
            .query_row("SELECT action, entity_id FROM audit ORDER BY id DESC LIMIT 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!((action.as_str(), entity_id), ("register_conversation", Some(1)));
    }

    #[test]
    fn a_counsellor_who_does_not_hold_the_case_is_refused_and_nothing_is_written() {
        let (_dir, path, mut store) = file_with_a_case();
        store
            .add_user(&NewUser {
                name: "bo".into(),
                full_name: String::new(),
                role: Role::Counsellor,
                anonymous_team: false,
            })
            .unwrap();
        let mut bo = Store::open(&path, "bo").unwrap();
        assert!(matches!(bo.register_conversation(1, relative(3)), Err(StoreError::Refused(_))));
        assert!(store.conversations_of(1).unwrap().is_empty());
    }

    #[test]
    fn a_case_a_colleague_closed_takes_no_conversation() {
        let (_dir, path, mut store) = file_with_a_case();
        let mut colleague = Store::open(&path, "anna").unwrap();
        colleague.record_step(1, &Step::Close(Reasoned { on: day(5), reason: String::new() }, None)).unwrap();
        match store.register_conversation(1, relative(6)) {
            Err(StoreError::Changed(c)) => assert!(matches!(c.found, Found::CaseClosed { .. })),
            other => panic!("expected the closed case's conflict, got {other:?}"),
        }
        assert!(store.conversations_of(1).unwrap().is_empty());
    }

    #[test]
    fn conversations_survive_export_and_import_and_a_file_without_them_still_imports() {
        let (_dir, _path, mut store) = file_with_a_case();
        store.register_conversation(1, relative(3)).unwrap();
        store.register_conversation(1, Conversation { on: day(9), kind: ConversationKind::Advisory }).unwrap();
        let file = store.export().unwrap();
        let text = serde_json::to_string(&file).unwrap();
        assert!(text.contains(r#""kind":"advisory""#), "{text}");

        let dir = TempDir::new().unwrap();
        let mut again = Store::open(&dir.path().join("again.db"), "anna").unwrap();
        again.import(&exchange::parse(&text).unwrap()).unwrap();
        assert_eq!(again.all_conversations().unwrap(), store.all_conversations().unwrap());
        assert_eq!(again.export().unwrap().conversations, file.conversations);

        // A conversation before the case's first contact is refused on import.
        let early = text.replace(r#""on":"2026-03-03""#, r#""on":"2026-03-01""#);
        let dir = TempDir::new().unwrap();
        let mut refused = Store::open(&dir.path().join("early.db"), "anna").unwrap();
        assert!(refused.import(&exchange::parse(&early).unwrap()).is_err());
        assert!(refused.all_conversations().unwrap().is_empty());
    }
}

/// The family's statements on both engines.
#[cfg(test)]
mod on_engines {
    use super::*;
    use crate::store::engine::both::{Place, a_case, on_both_engines};

    on_both_engines!(conversations_read_back_by_case_in_date_order);

    fn conversations_read_back_by_case_in_date_order(place: &Place) {
        let db = place.open();
        let (case, other) = (a_case(&db, "anna"), a_case(&db, "bo"));
        let on = |d| chrono::NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
        let talk = |d, kind| Conversation { on: on(d), kind };
        let later =
            insert(&db, None, case, talk(9, ConversationKind::Relative), "anna", "2026-03-09T10:00:00Z").unwrap();
        let filed =
            insert(&db, Some(40), case, talk(4, ConversationKind::Advisory), "bo", "2026-03-04T10:00:00Z").unwrap();
        let same_day =
            insert(&db, None, case, talk(9, ConversationKind::Anonymous), "anna", "2026-03-09T11:00:00Z").unwrap();
        insert(&db, None, other, talk(1, ConversationKind::Advisory), "bo", "2026-03-01T10:00:00Z").unwrap();
        assert_eq!(filed, 40, "an id from a file is kept");
        assert!(same_day > later, "a new conversation takes the next id");
        let held = query_on(&db, "WHERE case_id = ?1 ORDER BY on_date, id", &[&case]).unwrap();
        assert_eq!(held.iter().map(|h| h.id).collect::<Vec<_>>(), [filed, later, same_day]);
        let first = &held[0];
        assert_eq!(
            (first.case_id, first.conversation, first.stamp.by.as_str()),
            (case, talk(4, ConversationKind::Advisory), "bo")
        );
        assert_eq!(first.stamp.at, "2026-03-04T10:00:00Z");
        assert_eq!(query_on(&db, "ORDER BY id", &[]).unwrap().len(), 4);
        assert!(
            insert(&db, Some(40), other, talk(2, ConversationKind::Advisory), "bo", "x").is_err(),
            "an id is written once"
        );
    }
}
