//! The schema, as numbered migrations. The version lives in the file's
//! `PRAGMA user_version`; each migration runs in its own transaction, so a
//! file is always at one whole version.

use rusqlite::Connection;

/// Migration `i` brings a file from version `i` to `i + 1`. Never edit one
/// that has shipped: add the next.
const MIGRATIONS: &[&str] = &[
    // 1: the centre, citizens, intake cases, their history and the audit trail.
    r#"
    CREATE TABLE centre (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        name TEXT NOT NULL,
        municipality TEXT NOT NULL,
        profile_id TEXT NOT NULL,
        profile_path TEXT
    );
    INSERT INTO centre (id, name, municipality, profile_id) VALUES (1, 'Rusmiddelcenter', '', 'national');

    CREATE TABLE citizens (
        id INTEGER PRIMARY KEY,
        name TEXT,
        cpr TEXT UNIQUE,
        pseudonym TEXT,
        home_municipality TEXT NOT NULL,
        -- Named, or anonymous (§101a) with a pseudonym and no CPR number.
        CHECK ((name IS NULL) <> (pseudonym IS NULL)),
        CHECK (pseudonym IS NULL OR cpr IS NULL)
    );

    CREATE TABLE cases (
        id INTEGER PRIMARY KEY,
        citizen_id INTEGER NOT NULL REFERENCES citizens(id),
        kind TEXT NOT NULL,
        channel TEXT NOT NULL,
        contact_at TEXT NOT NULL,
        counsellor TEXT NOT NULL,
        children TEXT NOT NULL,
        parental_consent INTEGER,
        note TEXT NOT NULL,
        referred_young INTEGER NOT NULL DEFAULT 0,
        visitation_on TEXT,
        consent_on TEXT,
        doctor_offered_on TEXT,
        doctor_wanted INTEGER,
        doctor_held_on TEXT,
        free_choice_on TEXT,
        free_choice_reason TEXT,
        special_on TEXT,
        special_reason TEXT,
        treatment_started_on TEXT,
        closed_on TEXT,
        closed_reason TEXT
    );
    -- The intake queue reads only cases that have not started or closed.
    CREATE INDEX cases_intake_open ON cases (contact_at)
        WHERE treatment_started_on IS NULL AND closed_on IS NULL;
    -- ... and, filtered to one counsellor, only that counsellor's.
    CREATE INDEX cases_intake_open_counsellor ON cases (counsellor, contact_at)
        WHERE treatment_started_on IS NULL AND closed_on IS NULL;
    -- `due` reads the cases that can have something due: open ones, and
    -- started ones whose doctor's consultation is still owed.
    CREATE INDEX cases_due ON cases (id)
        WHERE closed_on IS NULL AND (treatment_started_on IS NULL
            OR (doctor_held_on IS NULL AND (doctor_offered_on IS NULL OR doctor_wanted = 1)));
    CREATE INDEX cases_citizen ON cases (citizen_id);
    CREATE INDEX cases_counsellor ON cases (counsellor);

    CREATE TABLE case_substances (
        case_id INTEGER NOT NULL REFERENCES cases(id),
        substance TEXT NOT NULL,
        PRIMARY KEY (case_id, substance)
    ) WITHOUT ROWID;

    -- Every step of a case: what, for which date, who and when.
    CREATE TABLE case_events (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases(id),
        kind TEXT NOT NULL,
        on_date TEXT NOT NULL,
        reason TEXT,
        wanted INTEGER,
        actor TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    );
    CREATE INDEX case_events_case ON case_events (case_id, id);

    -- Who read or wrote what, each row chained to the one before by hash.
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id INTEGER,
        detail TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    );
    CREATE INDEX audit_entity ON audit (entity, entity_id);
    "#,
    // 2: groups, their sessions and members, attendance, MOVE courses and
    // the gift-card ledger (domain.md 3 and 7.1).
    r#"
    -- "groups" is an SQL keyword (window frames); hence treatment_groups.
    CREATE TABLE treatment_groups (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        kind TEXT NOT NULL,
        weekday TEXT NOT NULL,
        time TEXT NOT NULL,
        place TEXT NOT NULL,
        -- The leading counsellors' user names, comma-separated.
        counsellors TEXT NOT NULL
    );

    CREATE TABLE group_members (
        id INTEGER PRIMARY KEY,
        group_id INTEGER NOT NULL REFERENCES treatment_groups(id),
        case_id INTEGER NOT NULL REFERENCES cases(id),
        joined_on TEXT NOT NULL,
        left_on TEXT
    );
    CREATE INDEX group_members_group ON group_members (group_id, case_id);
    CREATE INDEX group_members_case ON group_members (case_id);

    -- Sessions are never deleted: attendance and gift cards point at them.
    CREATE TABLE group_sessions (
        id INTEGER PRIMARY KEY,
        group_id INTEGER NOT NULL REFERENCES treatment_groups(id),
        on_date TEXT NOT NULL,
        time TEXT NOT NULL,
        place TEXT NOT NULL,
        cancelled_on TEXT,
        cancelled_reason TEXT,
        moved_from TEXT,
        moved_reason TEXT,
        UNIQUE (group_id, on_date)
    );
    -- The day's sessions, for the list that shows today's first.
    CREATE INDEX group_sessions_day ON group_sessions (on_date) WHERE cancelled_on IS NULL;

    CREATE TABLE move_courses (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases(id),
        screening_on TEXT NOT NULL,
        follow_up_from TEXT,
        ended_on TEXT,
        ended_reason TEXT
    );
    -- One open course a case; `due` reads the open ones.
    CREATE UNIQUE INDEX move_courses_open ON move_courses (case_id) WHERE ended_on IS NULL;
    CREATE INDEX move_courses_case ON move_courses (case_id);

    -- One citizen at one session: a group session's roll call line, or an
    -- individual session recorded on a MOVE course. A correction rewrites
    -- the status; the audit trail keeps what it was.
    CREATE TABLE attendances (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases(id),
        session_id INTEGER REFERENCES group_sessions(id),
        course_id INTEGER REFERENCES move_courses(id),
        -- Individual sessions only: a group session's date is the session's.
        on_date TEXT,
        status TEXT NOT NULL,
        actor TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        CHECK ((session_id IS NULL) <> (course_id IS NULL)),
        CHECK ((course_id IS NULL) = (on_date IS NULL))
    );
    CREATE UNIQUE INDEX attendances_session ON attendances (session_id, case_id) WHERE session_id IS NOT NULL;
    CREATE INDEX attendances_case ON attendances (case_id);
    CREATE INDEX attendances_course ON attendances (course_id) WHERE course_id IS NOT NULL;

    -- The gift-card ledger: money, so append-only. A mistake is undone by a
    -- correction row, never by an edit; the triggers make that hold for any
    -- program that opens the file.
    CREATE TABLE gift_card_ledger (
        id INTEGER PRIMARY KEY,
        serial TEXT NOT NULL,
        value INTEGER NOT NULL,
        on_date TEXT NOT NULL,
        actor TEXT NOT NULL,
        kind TEXT NOT NULL,
        case_id INTEGER REFERENCES cases(id),
        attendance_id INTEGER REFERENCES attendances(id),
        reason TEXT,
        corrects_entry INTEGER REFERENCES gift_card_ledger(id),
        recorded_at TEXT NOT NULL
    );
    CREATE TRIGGER gift_card_ledger_no_update BEFORE UPDATE ON gift_card_ledger
    BEGIN
        SELECT RAISE(ABORT, 'the gift-card ledger is append-only: correct an entry with a new one');
    END;
    CREATE TRIGGER gift_card_ledger_no_delete BEFORE DELETE ON gift_card_ledger
    BEGIN
        SELECT RAISE(ABORT, 'the gift-card ledger is append-only: correct an entry with a new one');
    END;
    "#,
];

/// The version a fully migrated file has.
pub const CURRENT_VERSION: usize = MIGRATIONS.len();

/// Brings the file up to the current version, one transaction a step.
/// A file newer than this program is refused rather than touched.
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<MigrationOutcome> {
    let version: usize = conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))? as usize;
    if version > CURRENT_VERSION {
        return Ok(MigrationOutcome::TooNew { file: version, program: CURRENT_VERSION });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(MigrationOutcome::AtVersion { from: version, to: CURRENT_VERSION })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MigrationOutcome {
    AtVersion { from: usize, to: usize },
    TooNew { file: usize, program: usize },
}
