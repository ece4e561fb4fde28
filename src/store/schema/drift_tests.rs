//! The drift test: SQLite's migrated schema and PostgreSQL's, described
//! the same way from each engine's catalogue and compared. A SQLite
//! migration added without its PostgreSQL text (or with a different one)
//! shows here as what one engine has and the other lacks.

use std::collections::{BTreeMap, BTreeSet};

use postgres::Client;
use rusqlite::Connection;

use super::postgres_tests::{migrated_centre, migrated_sqlite};

/// A schema as both engines can tell it.
#[derive(Debug, Default, PartialEq)]
struct Shape {
    /// Each table's columns in order: name, type family, NOT NULL.
    tables: BTreeMap<String, Vec<(String, String, bool)>>,
    /// Named indexes: table, columns ("<expression>" for an expression),
    /// unique, partial.
    indexes: BTreeMap<String, (String, Vec<String>, bool, bool)>,
    /// Primary keys and UNIQUE constraints: table, kind, columns.
    keys: BTreeSet<(String, &'static str, Vec<String>)>,
    /// Foreign keys: table, columns, referenced table, its columns.
    foreign_keys: BTreeSet<(String, Vec<String>, String, Vec<String>)>,
    /// Triggers: name, table, timing and event ("BEFORE UPDATE").
    triggers: BTreeMap<String, (String, String)>,
    /// How many CHECK constraints each table has.
    checks: BTreeMap<String, usize>,
}

/// "BEFORE UPDATE" from `CREATE TRIGGER name BEFORE UPDATE [OF …] ON …`,
/// as both engines write a trigger's definition.
fn timing_and_event(definition: &str) -> String {
    let words: Vec<&str> = definition.split_whitespace().collect();
    format!("{} {}", words[3], words[4]).to_uppercase()
}

/// A declared SQLite type's family, by SQLite's own affinity rules.
fn sqlite_family(declared: &str) -> String {
    let declared = declared.to_uppercase();
    let family = if declared.contains("INT") {
        "integer"
    } else if ["CHAR", "CLOB", "TEXT"].iter().any(|t| declared.contains(t)) {
        "text"
    } else if declared.is_empty() || declared.contains("BLOB") {
        "blob"
    } else if ["REAL", "FLOA", "DOUB"].iter().any(|t| declared.contains(t)) {
        "real"
    } else {
        "numeric"
    };
    family.to_string()
}

/// PostgreSQL's type, by the translation rules: only BIGINT is integer
/// (an INT4 would refuse the store's i64).
fn postgres_family(data_type: &str) -> String {
    match data_type {
        "bigint" => "integer".to_string(),
        "text" => "text".to_string(),
        "double precision" => "real".to_string(),
        "bytea" => "blob".to_string(),
        other => format!("PostgreSQL's {other}"),
    }
}

fn sqlite_shape(conn: &Connection) -> Shape {
    let strings = |sql: &str| -> Vec<Vec<Option<String>>> {
        let mut statement = conn.prepare(sql).unwrap();
        let width = statement.column_count();
        statement
            .query_map([], |r| {
                (0..width)
                    .map(|i| {
                        Ok(match r.get_ref(i)? {
                            rusqlite::types::ValueRef::Null => None,
                            rusqlite::types::ValueRef::Integer(n) => Some(n.to_string()),
                            value => Some(value.as_str()?.to_string()),
                        })
                    })
                    .collect()
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let mut shape = Shape::default();
    let tables =
        strings("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'");
    for table in tables.iter().map(|r| text(&r[0])) {
        let columns =
            strings(&format!("SELECT name, type, \"notnull\", pk FROM pragma_table_info('{table}') ORDER BY cid"));
        // A key column is never NULL on PostgreSQL; on SQLite the rowid
        // cannot be, and the store writes no NULL key.
        let described = columns.iter().map(|c| {
            (text(&c[0]), sqlite_family(&text(&c[1])), c[2].as_deref() == Some("1") || c[3].as_deref() != Some("0"))
        });
        shape.tables.insert(table.clone(), described.collect());
        let sql = strings(&format!("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '{table}'"));
        shape.checks.insert(table.clone(), text(&sql[0][0]).matches("CHECK").count());
        let mut primary: Vec<(i64, String)> = columns
            .iter()
            .filter(|c| c[3].as_deref() != Some("0"))
            .map(|c| (text(&c[3]).parse().unwrap(), text(&c[0])))
            .collect();
        primary.sort();
        if !primary.is_empty() {
            shape.keys.insert((table.clone(), "primary key", primary.into_iter().map(|(_, c)| c).collect()));
        }
        for index in strings(&format!("SELECT name, \"unique\", origin, partial FROM pragma_index_list('{table}')")) {
            let name = text(&index[0]);
            let columns: Vec<String> = strings(&format!("SELECT name FROM pragma_index_info('{name}') ORDER BY seqno"))
                .iter()
                .map(|c| c[0].clone().unwrap_or_else(|| "<expression>".to_string()))
                .collect();
            match text(&index[2]).as_str() {
                "c" => {
                    shape
                        .indexes
                        .insert(name, (table.clone(), columns, text(&index[1]) == "1", text(&index[3]) == "1"));
                }
                "u" => {
                    shape.keys.insert((table.clone(), "unique", columns));
                }
                _ => {} // The primary key's, described above.
            }
        }
        let mut foreign: BTreeMap<String, (String, Vec<String>, Vec<String>)> = BTreeMap::new();
        for key in strings(&format!(
            "SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list('{table}') ORDER BY id, seq"
        )) {
            let entry = foreign.entry(text(&key[0])).or_insert_with(|| (text(&key[1]), Vec::new(), Vec::new()));
            entry.1.push(text(&key[2]));
            entry.2.push(text(&key[3]));
        }
        for (_, (referenced, from, to)) in foreign {
            shape.foreign_keys.insert((table.clone(), from, referenced, to));
        }
    }
    for trigger in strings("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'") {
        shape.triggers.insert(text(&trigger[0]), (text(&trigger[1]), timing_and_event(&text(&trigger[2]))));
    }
    shape
}

/// PostgreSQL's indexes that end in the id SQLite's indexes carry as the
/// rowid (migration 26), and that column: described without it, as
/// SQLite describes its own.
const ROWID_SPELLED_OUT: [(&str, &str); 4] = [
    ("course_endings_ended", "case_id"),
    ("cases_in_treatment", "id"),
    ("cases_in_treatment_counsellor", "id"),
    ("citizens_display_name", "id"),
];

fn postgres_shape(client: &mut Client) -> Shape {
    let schema: String = client.query_one("SELECT current_schema()", &[]).unwrap().get(0);
    let namespace = "(SELECT oid FROM pg_namespace WHERE nspname = $1)";
    let mut shape = Shape::default();
    let tables = client
        .query(
            "SELECT table_name::text FROM information_schema.tables
             WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name <> 'schema_version'",
            &[&schema],
        )
        .unwrap();
    for table in tables.iter().map(|r| r.get::<_, String>(0)) {
        let columns = client
            .query(
                "SELECT column_name::text, data_type::text, is_nullable = 'NO' FROM information_schema.columns
                 WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position",
                &[&schema, &table],
            )
            .unwrap();
        let described = columns.iter().map(|c| (c.get(0), postgres_family(c.get(1)), c.get(2)));
        shape.tables.insert(table, described.collect());
    }
    let indexes = client
        .query(
            &format!(
                "SELECT ic.relname::text, tc.relname::text, i.indisunique, i.indpred IS NOT NULL, i.indisprimary,
                    EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u')),
                    ARRAY(SELECT coalesce(a.attname::text, '<expression>')
                        FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
                        LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum AND k.attnum > 0
                        ORDER BY k.n)
                 FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class tc ON tc.oid = i.indrelid
                 WHERE tc.relnamespace = {namespace} AND tc.relname <> 'schema_version'"
            ),
            &[&schema],
        )
        .unwrap();
    for index in indexes {
        let (name, table, mut columns): (String, String, Vec<String>) = (index.get(0), index.get(1), index.get(6));
        if let Some((_, id)) = ROWID_SPELLED_OUT.iter().find(|(spelled, _)| *spelled == name) {
            assert_eq!(columns.pop().as_deref(), Some(*id), "{name} ends in the rowid's column");
        }
        match (index.get::<_, bool>(4), index.get::<_, bool>(5)) {
            (true, _) => {
                shape.keys.insert((table, "primary key", columns));
            }
            (false, true) => {
                shape.keys.insert((table, "unique", columns));
            }
            (false, false) => {
                shape.indexes.insert(name, (table, columns, index.get(2), index.get(3)));
            }
        }
    }
    let foreign_keys = client
        .query(
            &format!(
                "SELECT tc.relname::text, rc.relname::text,
                    ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, n)
                        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.n),
                    ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, n)
                        JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.n)
                 FROM pg_constraint c JOIN pg_class tc ON tc.oid = c.conrelid JOIN pg_class rc ON rc.oid = c.confrelid
                 WHERE c.contype = 'f' AND c.connamespace = {namespace}"
            ),
            &[&schema],
        )
        .unwrap();
    for key in foreign_keys {
        shape.foreign_keys.insert((key.get(0), key.get(2), key.get(1), key.get(3)));
    }
    // Statement triggers (tgtype bit 1 unset) have no twin: SQLite's are
    // row triggers. They are TRUNCATE's refusals (SQLite has no TRUNCATE)
    // and the trail's notice to open screens (migration 29).
    let triggers = client
        .query(
            &format!(
                "SELECT t.tgname::text, c.relname::text, pg_get_triggerdef(t.oid)
                 FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                 WHERE NOT t.tgisinternal AND c.relnamespace = {namespace}
                 AND (t.tgtype & 1) = 1"
            ),
            &[&schema],
        )
        .unwrap();
    for trigger in triggers {
        shape.triggers.insert(trigger.get(0), (trigger.get(1), timing_and_event(trigger.get(2))));
    }
    for table in shape.tables.keys() {
        let checks: i64 = client
            .query_one(
                &format!(
                    "SELECT count(*) FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
                     WHERE c.contype = 'c' AND t.relname = $2 AND t.relnamespace = {namespace}"
                ),
                &[&schema, table],
            )
            .unwrap()
            .get(0);
        shape.checks.insert(table.clone(), checks as usize);
    }
    shape
}

/// What differs between two maps, in words.
fn map_differences<K: Ord + std::fmt::Debug, V: PartialEq + std::fmt::Debug>(
    what: &str,
    sqlite: &BTreeMap<K, V>,
    postgres: &BTreeMap<K, V>,
    out: &mut Vec<String>,
) {
    for (key, value) in sqlite {
        match postgres.get(key) {
            None => out.push(format!("{what} {key:?}: only on SQLite: {value:?}")),
            Some(other) if other != value => {
                out.push(format!("{what} {key:?}: SQLite {value:?}, PostgreSQL {other:?}"))
            }
            Some(_) => {}
        }
    }
    for (key, value) in postgres {
        if !sqlite.contains_key(key) {
            out.push(format!("{what} {key:?}: only on PostgreSQL: {value:?}"));
        }
    }
}

fn set_differences<T: Ord + std::fmt::Debug>(
    what: &str,
    sqlite: &BTreeSet<T>,
    postgres: &BTreeSet<T>,
    out: &mut Vec<String>,
) {
    out.extend(sqlite.difference(postgres).map(|v| format!("{what}: only on SQLite: {v:?}")));
    out.extend(postgres.difference(sqlite).map(|v| format!("{what}: only on PostgreSQL: {v:?}")));
}

fn differences(sqlite: &Shape, postgres: &Shape) -> Vec<String> {
    let mut out = Vec::new();
    // Column by column, so a difference names its column.
    let columns = |shape: &Shape| -> BTreeMap<String, (usize, String, bool)> {
        let each = shape.tables.iter().flat_map(|(table, columns)| {
            columns
                .iter()
                .enumerate()
                .map(move |(at, (name, family, not_null))| (format!("{table}.{name}"), (at, family.clone(), *not_null)))
        });
        each.collect()
    };
    let names = |shape: &Shape| shape.tables.keys().map(|t| (t.clone(), ())).collect::<BTreeMap<_, _>>();
    map_differences("table", &names(sqlite), &names(postgres), &mut out);
    map_differences("column (position, type, NOT NULL)", &columns(sqlite), &columns(postgres), &mut out);
    map_differences("index", &sqlite.indexes, &postgres.indexes, &mut out);
    set_differences("key", &sqlite.keys, &postgres.keys, &mut out);
    set_differences("foreign key", &sqlite.foreign_keys, &postgres.foreign_keys, &mut out);
    map_differences("trigger", &sqlite.triggers, &postgres.triggers, &mut out);
    map_differences("CHECK constraints of table", &sqlite.checks, &postgres.checks, &mut out);
    out
}

#[test]
fn postgresql_has_the_schema_sqlite_has() {
    let sqlite = sqlite_shape(&migrated_sqlite());
    let postgres = postgres_shape(&mut migrated_centre("randers"));
    // The description itself reads what there is.
    let sizes = [
        sqlite.tables.len(),
        sqlite.indexes.len(),
        sqlite.keys.len(),
        sqlite.foreign_keys.len(),
        sqlite.triggers.len(),
    ];
    assert!(sizes.iter().zip([40, 60, 40, 40, 80]).all(|(n, least)| *n >= least), "{sizes:?}: {sqlite:?}");
    assert!(sqlite.checks.values().sum::<usize>() >= 30, "{:?}", sqlite.checks);
    let found = differences(&sqlite, &postgres);
    assert!(found.is_empty(), "the engines' schemas differ:\n{}", found.join("\n"));
}

/// The comparison sees a change of each kind: a schema one step off is
/// told apart, each difference named.
#[test]
fn the_drift_test_names_what_one_engine_lacks() {
    let conn = migrated_sqlite();
    let before = sqlite_shape(&conn);
    conn.execute_batch(
        "ALTER TABLE conversations ADD COLUMN minutes INTEGER;
         CREATE INDEX conversations_on ON conversations (on_date) WHERE on_date IS NOT NULL;
         DROP TRIGGER deadlines_complaints_delete;
         CREATE TABLE rooms (id INTEGER PRIMARY KEY, case_id INTEGER REFERENCES cases(id), name TEXT UNIQUE CHECK (name <> ''));",
    )
    .unwrap();
    let found = differences(&sqlite_shape(&conn), &before);
    let named = |what: &str| found.iter().any(|line| line.contains(what));
    for what in ["conversations.minutes", "conversations_on", "deadlines_complaints_delete", "table \"rooms\""] {
        assert!(named(what), "{what} not named in {found:#?}");
    }
    assert!(found.iter().any(|l| l.starts_with("foreign key") && l.contains("rooms")), "{found:#?}");
    assert!(found.iter().any(|l| l.starts_with("key") && l.contains("unique")), "{found:#?}");
    assert!(found.iter().any(|l| l.starts_with("CHECK") && l.contains("rooms")), "{found:#?}");
}
