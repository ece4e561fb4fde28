//! The schema, as numbered migrations. The version lives in the file's
//! `PRAGMA user_version`; each migration runs in its own transaction, so a
//! file is always at one whole version. PostgreSQL follows the same list
//! from its baseline on (`postgres`).

use rusqlite::{Connection, TransactionBehavior};

#[cfg(test)]
mod drift_tests;
#[cfg(test)]
mod lacking_tests;
pub mod postgres;
pub mod postgres_roles;
#[cfg(test)]
mod postgres_tests;

pub use postgres::migrate_postgres;
pub(crate) use postgres::quote_identifier;

/// One step of the schema, in each engine's words.
pub(crate) struct Migration {
    /// SQLite's text, as it has always run.
    pub(crate) sqlite: &'static str,
    /// PostgreSQL's text: `None` for the steps before PostgreSQL's baseline
    /// (`postgres::BASELINE_VERSION`), which the baseline holds already;
    /// every later step must have one (checked when the program compiles).
    pub(crate) postgres: Option<&'static str>,
}

impl Migration {
    /// A step from before PostgreSQL's baseline.
    const fn sqlite_only(sqlite: &'static str) -> Migration {
        Migration { sqlite, postgres: None }
    }
}

/// Migration `i` brings a file from version `i` to `i + 1`. Never edit one
/// that has shipped: add the next, with its PostgreSQL text beside it.
pub(crate) const MIGRATIONS: &[Migration] = &[
    // 1: the centre, citizens, intake cases, their history and the audit trail.
    Migration::sqlite_only(
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
    ),
    // 2: treatment plans as versions that are never changed, the endings of
    // courses, and the follow-up calls after them with every attempt.
    Migration::sqlite_only(
        r#"
    CREATE TABLE plan_versions (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases(id),
        version INTEGER NOT NULL CHECK (version >= 1),
        effective_on TEXT NOT NULL,
        next_revision_on TEXT NOT NULL,
        services TEXT NOT NULL,
        methods TEXT NOT NULL,
        partners TEXT NOT NULL,
        action_plan TEXT NOT NULL,
        citizen_took_part INTEGER NOT NULL,
        changes TEXT NOT NULL,
        actor TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        UNIQUE (case_id, version)
    );
    CREATE TABLE plan_goals (
        version_id INTEGER NOT NULL REFERENCES plan_versions(id),
        position INTEGER NOT NULL,
        area TEXT NOT NULL,
        text TEXT NOT NULL,
        status TEXT NOT NULL,
        PRIMARY KEY (version_id, position)
    ) WITHOUT ROWID;
    -- A revision adds a version; what a plan said on a date must stay readable.
    CREATE TRIGGER plan_versions_keep_update BEFORE UPDATE ON plan_versions
        BEGIN SELECT RAISE(ABORT, 'plan versions are never changed'); END;
    CREATE TRIGGER plan_versions_keep_delete BEFORE DELETE ON plan_versions
        BEGIN SELECT RAISE(ABORT, 'plan versions are never deleted'); END;
    CREATE TRIGGER plan_goals_keep_update BEFORE UPDATE ON plan_goals
        BEGIN SELECT RAISE(ABORT, 'plan goals are never changed'); END;
    CREATE TRIGGER plan_goals_keep_delete BEFORE DELETE ON plan_goals
        BEGIN SELECT RAISE(ABORT, 'plan goals are never deleted'); END;

    -- The Planer board reads the courses in treatment: started, not closed.
    CREATE INDEX cases_in_treatment ON cases (treatment_started_on)
        WHERE treatment_started_on IS NOT NULL AND closed_on IS NULL;
    CREATE INDEX cases_in_treatment_counsellor ON cases (counsellor, treatment_started_on)
        WHERE treatment_started_on IS NOT NULL AND closed_on IS NULL;

    CREATE TABLE course_endings (
        case_id INTEGER PRIMARY KEY REFERENCES cases(id),
        ended_on TEXT NOT NULL,
        reason TEXT NOT NULL,
        follow_up_declined INTEGER NOT NULL,
        note TEXT NOT NULL,
        actor TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    );
    -- Recently ended courses, and the endings a re-enrolment looks back to.
    CREATE INDEX course_endings_ended ON course_endings (ended_on);

    CREATE TABLE follow_up_calls (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES course_endings(case_id),
        months INTEGER NOT NULL,
        due_on TEXT NOT NULL,
        -- The day an attempt reached the citizen; NULL while the call is open.
        done_on TEXT,
        UNIQUE (case_id, months)
    );
    CREATE INDEX follow_up_calls_open ON follow_up_calls (due_on) WHERE done_on IS NULL;

    CREATE TABLE follow_up_attempts (
        id INTEGER PRIMARY KEY,
        call_id INTEGER NOT NULL REFERENCES follow_up_calls(id),
        on_date TEXT NOT NULL,
        reached INTEGER NOT NULL,
        outcome TEXT,
        note TEXT NOT NULL,
        actor TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        CHECK ((reached = 1) = (outcome IS NOT NULL))
    );
    CREATE INDEX follow_up_attempts_call ON follow_up_attempts (call_id, id);
    "#,
    ),
    // 3: children of a case, considerations of them, and underretninger.
    Migration::sqlite_only(
        r#"
    -- A case's children under 18 (year of birth, no CPR number), and an
    -- expected child when the citizen or a partner is pregnant. Never
    -- deleted: a notification may name the child; an ended record says why.
    CREATE TABLE children (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases(id),
        birth_year INTEGER NOT NULL,
        relation TEXT NOT NULL,
        noted_on TEXT NOT NULL,
        ended_on TEXT,
        ended_reason TEXT,
        ended_by TEXT,
        ended_at TEXT,
        actor TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        CHECK ((ended_on IS NULL) = (ended_reason IS NULL))
    );
    CREATE INDEX children_case ON children (case_id, id);
    -- The cases with a current child, for the family list.
    CREATE INDEX children_current ON children (case_id) WHERE ended_on IS NULL;
    CREATE TRIGGER children_never_deleted BEFORE DELETE ON children
    BEGIN SELECT RAISE(ABORT, 'et barn slettes aldrig; afslut det med en begrundelse'); END;

    -- The open cases by their answer to the children question, for the
    -- family list (which reads the "not asked" and "has children" ones).
    CREATE INDEX cases_children_open ON cases (children) WHERE closed_on IS NULL;

    CREATE TABLE child_considerations (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases(id),
        on_date TEXT NOT NULL,
        note TEXT NOT NULL,
        actor TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    );
    CREATE INDEX child_considerations_case ON child_considerations (case_id, on_date);
    CREATE TRIGGER child_considerations_kept BEFORE DELETE ON child_considerations
    BEGIN SELECT RAISE(ABORT, 'en overvejelse slettes aldrig'); END;
    CREATE TRIGGER child_considerations_fixed BEFORE UPDATE ON child_considerations
    BEGIN SELECT RAISE(ABORT, 'en overvejelse ændres aldrig'); END;

    -- One underretning: its content, and each step with its date, how, who
    -- (Unix user) and when (UTC).
    CREATE TABLE notifications (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases(id),
        corrects INTEGER REFERENCES notifications(id),
        duty TEXT NOT NULL,
        municipality TEXT NOT NULL,
        description TEXT NOT NULL,
        drafted_on TEXT NOT NULL,
        drafted_by TEXT NOT NULL,
        drafted_at TEXT NOT NULL,
        informed_on TEXT,
        informed_how TEXT,
        not_informed_reason TEXT,
        informed_by TEXT,
        informed_at TEXT,
        sent_on TEXT,
        sent_how TEXT,
        sent_by TEXT,
        sent_at TEXT,
        receipt_on TEXT,
        receipt_by TEXT,
        receipt_at TEXT,
        discarded_on TEXT,
        discarded_reason TEXT,
        discarded_by TEXT,
        discarded_at TEXT,
        CHECK (sent_on IS NULL OR informed_on IS NOT NULL),
        CHECK (receipt_on IS NULL OR sent_on IS NOT NULL),
        CHECK (discarded_on IS NULL OR sent_on IS NULL),
        CHECK (informed_on IS NULL OR ((informed_how IS NULL) <> (not_informed_reason IS NULL)))
    );
    CREATE INDEX notifications_case ON notifications (case_id, drafted_on);
    -- The pane and `due` read only the notifications still waiting.
    CREATE INDEX notifications_open ON notifications (drafted_on)
        WHERE receipt_on IS NULL AND discarded_on IS NULL;
    CREATE INDEX notifications_corrects ON notifications (corrects) WHERE corrects IS NOT NULL;

    CREATE TABLE notification_grounds (
        notification_id INTEGER NOT NULL REFERENCES notifications(id),
        ground TEXT NOT NULL,
        PRIMARY KEY (notification_id, ground)
    ) WITHOUT ROWID;
    CREATE TABLE notification_children (
        notification_id INTEGER NOT NULL REFERENCES notifications(id),
        child_id INTEGER NOT NULL REFERENCES children(id),
        PRIMARY KEY (notification_id, child_id)
    ) WITHOUT ROWID;

    -- Later information from the municipality (Barnets Lov §137).
    CREATE TABLE notification_updates (
        id INTEGER PRIMARY KEY,
        notification_id INTEGER NOT NULL REFERENCES notifications(id),
        on_date TEXT NOT NULL,
        text TEXT NOT NULL,
        actor TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    );
    CREATE INDEX notification_updates_notification ON notification_updates (notification_id, id);

    -- An underretning is never deleted, its steps only move forward, and a
    -- sent one never changes but for its receipt. The program refuses all
    -- of this already; the file refuses it too, so no other writer can.
    CREATE TRIGGER notifications_never_deleted BEFORE DELETE ON notifications
    BEGIN SELECT RAISE(ABORT, 'en underretning slettes aldrig'); END;
    CREATE TRIGGER notifications_only_forward BEFORE UPDATE ON notifications
    WHEN OLD.discarded_on IS NOT NULL
      OR (OLD.informed_on IS NOT NULL AND (NEW.informed_on IS NOT OLD.informed_on
            OR NEW.informed_how IS NOT OLD.informed_how OR NEW.not_informed_reason IS NOT OLD.not_informed_reason
            OR NEW.informed_by IS NOT OLD.informed_by OR NEW.informed_at IS NOT OLD.informed_at))
      OR (OLD.sent_on IS NOT NULL AND (NEW.case_id IS NOT OLD.case_id OR NEW.corrects IS NOT OLD.corrects
            OR NEW.duty IS NOT OLD.duty OR NEW.municipality IS NOT OLD.municipality
            OR NEW.description IS NOT OLD.description OR NEW.drafted_on IS NOT OLD.drafted_on
            OR NEW.drafted_by IS NOT OLD.drafted_by OR NEW.drafted_at IS NOT OLD.drafted_at
            OR NEW.sent_on IS NOT OLD.sent_on OR NEW.sent_how IS NOT OLD.sent_how
            OR NEW.sent_by IS NOT OLD.sent_by OR NEW.sent_at IS NOT OLD.sent_at))
      OR (OLD.receipt_on IS NOT NULL AND (NEW.receipt_on IS NOT OLD.receipt_on
            OR NEW.receipt_by IS NOT OLD.receipt_by OR NEW.receipt_at IS NOT OLD.receipt_at))
    BEGIN SELECT RAISE(ABORT, 'en underretning går kun frem, og en sendt ændres aldrig'); END;
    CREATE TRIGGER notification_grounds_frozen_insert BEFORE INSERT ON notification_grounds
    WHEN (SELECT sent_on IS NOT NULL OR discarded_on IS NOT NULL FROM notifications WHERE id = NEW.notification_id)
    BEGIN SELECT RAISE(ABORT, 'en sendt underretning ændres aldrig'); END;
    CREATE TRIGGER notification_grounds_frozen_delete BEFORE DELETE ON notification_grounds
    WHEN (SELECT sent_on IS NOT NULL OR discarded_on IS NOT NULL FROM notifications WHERE id = OLD.notification_id)
    BEGIN SELECT RAISE(ABORT, 'en sendt underretning ændres aldrig'); END;
    CREATE TRIGGER notification_grounds_fixed BEFORE UPDATE ON notification_grounds
    BEGIN SELECT RAISE(ABORT, 'skift grunde ved at slette og indsætte'); END;
    CREATE TRIGGER notification_children_frozen_insert BEFORE INSERT ON notification_children
    WHEN (SELECT sent_on IS NOT NULL OR discarded_on IS NOT NULL FROM notifications WHERE id = NEW.notification_id)
    BEGIN SELECT RAISE(ABORT, 'en sendt underretning ændres aldrig'); END;
    CREATE TRIGGER notification_children_frozen_delete BEFORE DELETE ON notification_children
    WHEN (SELECT sent_on IS NOT NULL OR discarded_on IS NOT NULL FROM notifications WHERE id = OLD.notification_id)
    BEGIN SELECT RAISE(ABORT, 'en sendt underretning ændres aldrig'); END;
    CREATE TRIGGER notification_children_fixed BEFORE UPDATE ON notification_children
    BEGIN SELECT RAISE(ABORT, 'skift børn ved at slette og indsætte'); END;
    CREATE TRIGGER notification_updates_kept BEFORE DELETE ON notification_updates
    BEGIN SELECT RAISE(ABORT, 'en orientering slettes aldrig'); END;
    CREATE TRIGGER notification_updates_fixed BEFORE UPDATE ON notification_updates
    BEGIN SELECT RAISE(ABORT, 'en orientering ændres aldrig'); END;
    "#,
    ),
    // 4: residential stays: providers, their prices, the stays and their history.
    Migration::sqlite_only(
        r#"
    CREATE TABLE providers (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        tilbudsportalen_id TEXT NOT NULL,
        contact TEXT NOT NULL,
        bill_intake_day INTEGER NOT NULL,
        bill_discharge_day INTEGER NOT NULL,
        -- The early-ending fee in øre, and the days of stay it applies within.
        early_end_fee INTEGER CHECK (early_end_fee >= 0),
        early_end_within_days INTEGER CHECK (early_end_within_days > 0),
        food_per_day INTEGER CHECK (food_per_day >= 0),
        lodging_per_day INTEGER CHECK (lodging_per_day >= 0),
        CHECK ((early_end_fee IS NULL) = (early_end_within_days IS NULL))
    );

    -- One price per service and day; a price holds until the next one.
    CREATE TABLE provider_prices (
        id INTEGER PRIMARY KEY,
        provider_id INTEGER NOT NULL REFERENCES providers(id),
        service TEXT NOT NULL,
        unit TEXT NOT NULL,
        amount INTEGER NOT NULL CHECK (amount >= 0),
        valid_from TEXT NOT NULL,
        UNIQUE (provider_id, service, valid_from)
    );

    CREATE TABLE stays (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases(id),
        provider_id INTEGER NOT NULL REFERENCES providers(id),
        planned_start TEXT NOT NULL,
        planned_end TEXT NOT NULL,
        recommended_on TEXT NOT NULL,
        recommended_by TEXT NOT NULL,
        recommendation TEXT NOT NULL,
        -- 'approved' or 'refused', with when, by whom and (refused) why.
        decision TEXT CHECK (decision IN ('approved', 'refused')),
        decided_on TEXT,
        decided_by TEXT,
        decision_note TEXT,
        started_on TEXT,
        midway_status_on TEXT,
        ended_on TEXT,
        end_kind TEXT CHECK (end_kind IN ('planned', 'interrupted')),
        interruption_reported_on TEXT,
        final_status_on TEXT,
        aftercare_started_on TEXT,
        CHECK ((decision IS NULL) = (decided_on IS NULL)),
        CHECK ((ended_on IS NULL) = (end_kind IS NULL))
    );
    -- The pane: stays not yet ended and not refused ...
    CREATE INDEX stays_open ON stays (planned_start) WHERE ended_on IS NULL AND decision IS NOT 'refused';
    -- ... stays ended recently, and refusals of late.
    CREATE INDEX stays_ended ON stays (ended_on) WHERE ended_on IS NOT NULL;
    CREATE INDEX stays_refused ON stays (decided_on) WHERE decision = 'refused';
    -- `due`: ended stays still waiting for the provider's final status or
    -- report of an interruption.
    CREATE INDEX stays_reports_due ON stays (ended_on)
        WHERE ended_on IS NOT NULL AND (final_status_on IS NULL
            OR (end_kind = 'interrupted' AND interruption_reported_on IS NULL));
    CREATE INDEX stays_case ON stays (case_id);
    CREATE INDEX stays_provider ON stays (provider_id);

    CREATE TABLE stay_services (
        stay_id INTEGER NOT NULL REFERENCES stays(id),
        service TEXT NOT NULL,
        PRIMARY KEY (stay_id, service)
    ) WITHOUT ROWID;

    -- The own payment as calculated and told (one per stay; a new
    -- calculation replaces it, and the history keeps each).
    CREATE TABLE stay_own_payments (
        stay_id INTEGER PRIMARY KEY REFERENCES stays(id),
        monthly_income INTEGER NOT NULL,
        keeps_own_home INTEGER NOT NULL,
        food_per_day INTEGER NOT NULL,
        lodging_per_day INTEGER NOT NULL,
        days_in_month INTEGER NOT NULL CHECK (days_in_month BETWEEN 28 AND 31),
        amount_kept_per_month INTEGER NOT NULL,
        per_month INTEGER NOT NULL,
        per_day INTEGER NOT NULL,
        told_on TEXT
    );
    CREATE TABLE stay_own_payment_expenses (
        stay_id INTEGER NOT NULL REFERENCES stay_own_payments(stay_id),
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        amount INTEGER NOT NULL,
        PRIMARY KEY (stay_id, position)
    ) WITHOUT ROWID;

    -- Every step of a stay: what, for which date, who and when.
    CREATE TABLE stay_events (
        id INTEGER PRIMARY KEY,
        stay_id INTEGER NOT NULL REFERENCES stays(id),
        kind TEXT NOT NULL,
        on_date TEXT NOT NULL,
        detail TEXT,
        actor TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    );
    CREATE INDEX stay_events_stay ON stay_events (stay_id, id);
    "#,
    ),
    // 5: groups, their sessions and members, attendance, MOVE courses and
    // the gift-card ledger (domain.md 3 and 7.1).
    Migration::sqlite_only(
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
    ),
    // 6: the centre's own policy profile is kept in the database: choosing
    // it copies it in, so editing the file afterwards changes nothing, and
    // every change of the rules is an audited action.
    Migration::sqlite_only(
        r#"
    ALTER TABLE centre ADD COLUMN profile_toml TEXT;
    "#,
    ),
    // 7: the audit trail proves the data. Audit ids are AUTOINCREMENT (never
    // reused, so a cut tail leaves a gap) and each row says which hash
    // scheme it was written with; every write's changed rows, before and
    // after, go in audit_change under its audit row; neither table takes an
    // UPDATE or DELETE. The rows already there are kept as written (scheme
    // 1); after this SQL the migration adds the baseline row holding the
    // hash of every data row (`audit::record_baseline`).
    Migration::sqlite_only(
        r#"
    CREATE TABLE audit_v7 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id INTEGER,
        detail TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        -- 1: hash of the row before and this row's fields; 2: also its id
        -- and its changes.
        scheme INTEGER NOT NULL DEFAULT 1
    );
    INSERT INTO audit_v7 (id, at, actor, action, entity, entity_id, detail, prev_hash, hash, scheme)
        SELECT id, at, actor, action, entity, entity_id, detail, prev_hash, hash, 1 FROM audit ORDER BY id;
    DROP TABLE audit;
    ALTER TABLE audit_v7 RENAME TO audit;
    CREATE INDEX audit_entity ON audit (entity, entity_id);

    -- The rows one action changed: the table, the row's key (a JSON array
    -- of its primary key), how, the changed columns before and after as
    -- JSON (the whole row when inserted or deleted), and the hash of the
    -- whole row after the change (NULL once deleted).
    CREATE TABLE audit_change (
        audit_id INTEGER NOT NULL REFERENCES audit(id),
        seq INTEGER NOT NULL,
        tbl TEXT NOT NULL,
        row_key TEXT NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete', 'baseline')),
        old TEXT,
        new TEXT,
        row_hash TEXT,
        PRIMARY KEY (audit_id, seq)
    ) WITHOUT ROWID;

    CREATE TRIGGER audit_never_changed BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'revisionssporet ændres aldrig'); END;
    CREATE TRIGGER audit_never_deleted BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'revisionssporet slettes aldrig'); END;
    CREATE TRIGGER audit_change_never_changed BEFORE UPDATE ON audit_change
    BEGIN SELECT RAISE(ABORT, 'revisionssporet ændres aldrig'); END;
    CREATE TRIGGER audit_change_never_deleted BEFORE DELETE ON audit_change
    BEGIN SELECT RAISE(ABORT, 'revisionssporet slettes aldrig'); END;
    "#,
    ),
    // 8: the yearly report reads a period by its dates: courses started,
    // contacts closed before treatment, free choices, follow-up calls due
    // and notifications sent in it, each through an index of its own.
    Migration::sqlite_only(
        r#"
    -- Closed courses only: the open ones have cases_in_treatment, which the
    -- Planer board must keep choosing.
    CREATE INDEX cases_treatment_started_closed ON cases (treatment_started_on)
        WHERE treatment_started_on IS NOT NULL AND closed_on IS NOT NULL;
    CREATE INDEX cases_closed_before_treatment ON cases (closed_on)
        WHERE closed_on IS NOT NULL AND treatment_started_on IS NULL;
    CREATE INDEX cases_free_choice ON cases (free_choice_on) WHERE free_choice_on IS NOT NULL;
    CREATE INDEX follow_up_calls_due ON follow_up_calls (due_on);
    CREATE INDEX notifications_sent ON notifications (sent_on) WHERE sent_on IS NOT NULL;
    "#,
    ),
    // 9: roles and access. The centre's users (Unix user names) with their
    // role, whether they are on the anonymous (§101a) team and whether they
    // are disabled; a case shared with a colleague; and the mark of a demo
    // database, the only kind a trainer may see. Users are never deleted:
    // the trail names them. The rows are written by audited actions, never
    // by this SQL (the creator of a new file, or the counsellors of an
    // upgraded one, are registered after it: `users::register_at_open`).
    Migration::sqlite_only(
        r#"
    CREATE TABLE users (
        name TEXT PRIMARY KEY,
        full_name TEXT NOT NULL DEFAULT '',
        role TEXT NOT NULL
            CHECK (role IN ('counsellor', 'team_leader', 'doctor', 'administrator', 'trainer')),
        anonymous_team INTEGER NOT NULL DEFAULT 0 CHECK (anonymous_team IN (0, 1)),
        disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
        added_by TEXT NOT NULL,
        added_at TEXT NOT NULL
    );

    CREATE TABLE case_shares (
        case_id INTEGER NOT NULL REFERENCES cases(id),
        user_name TEXT NOT NULL REFERENCES users(name),
        shared_by TEXT NOT NULL,
        shared_at TEXT NOT NULL,
        PRIMARY KEY (case_id, user_name)
    );
    -- A user's lists read the cases shared with them.
    CREATE INDEX case_shares_user ON case_shares (user_name);

    -- One row when this is a demo (training) database.
    CREATE TABLE demo_mark (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        marked_by TEXT NOT NULL,
        marked_at TEXT NOT NULL
    );
    "#,
    ),
    // 10: the year's goals and their status, written by a team leader and
    // printed with the yearly report (Faxe's last table).
    Migration::sqlite_only(
        r#"
    CREATE TABLE report_goals (
        id INTEGER PRIMARY KEY,
        year INTEGER NOT NULL,
        goal TEXT NOT NULL CHECK (goal <> ''),
        status TEXT NOT NULL
    );
    CREATE INDEX report_goals_year ON report_goals (year, id);
    "#,
    ),
    // 11: a child's optional first name or initials, so two children born the
    // same year can be told apart. NULL when not given, so every row already
    // there keeps its hash (a row's hash leaves out its NULL columns).
    Migration::sqlite_only(
        r#"
    ALTER TABLE children ADD COLUMN name TEXT;
    "#,
    ),
    // 12: why a contact was closed, a `ClosingReason` id. NULL for contacts
    // closed before the list existed ("ikke angivet") and for courses ended
    // in Planer, so every row already there keeps its hash.
    Migration::sqlite_only(
        r#"
    ALTER TABLE cases ADD COLUMN closing_reason TEXT;
    "#,
    ),
    // 13: complaints about decisions (domain.md 7.7): the decision, when
    // the citizen was told and when the centre received the complaint, the
    // re-assessment, the forwarding to Ankestyrelsen (with the reason a
    // late one goes anyway) and Ankestyrelsen's result. `forward_by` is the
    // forwarding deadline (received + 4 weeks), kept so the Klager list and
    // `due` read the open ones by it through one partial index.
    Migration::sqlite_only(
        r#"
    CREATE TABLE complaints (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases(id),
        decision TEXT NOT NULL CHECK (decision <> ''),
        decided_on TEXT NOT NULL,
        told_on TEXT NOT NULL,
        received_on TEXT NOT NULL,
        forward_by TEXT NOT NULL,
        how TEXT NOT NULL CHECK (how IN ('written', 'oral')),
        helper TEXT NOT NULL DEFAULT '',
        registered_by TEXT NOT NULL,
        registered_at TEXT NOT NULL,
        reassessed_on TEXT,
        reassessment TEXT CHECK (reassessment IN ('changed', 'upheld')),
        reassessed_by TEXT,
        reassessed_at TEXT,
        forwarded_on TEXT,
        late_reason TEXT,
        forwarded_by TEXT,
        forwarded_at TEXT,
        result_on TEXT,
        result TEXT CHECK (result IN ('upheld', 'changed', 'returned', 'dismissed')),
        result_by TEXT,
        result_at TEXT
    );
    CREATE INDEX complaints_case ON complaints (case_id, received_on);
    CREATE INDEX complaints_received ON complaints (received_on);
    -- Open: neither changed by the centre nor decided by Ankestyrelsen.
    CREATE INDEX complaints_open ON complaints (forward_by)
        WHERE result_on IS NULL AND (reassessment IS NULL OR reassessment = 'upheld');
    "#,
    ),
    // 14: what the yearly report counts and intake did not record (issue
    // 12): the citizen's citizenship and, without CPR number, gender; the
    // contact's family situation and main source of income, in a table of
    // their own (one row per case that has any). NULL when not given, so
    // every citizen already there keeps its hash.
    Migration::sqlite_only(
        r#"
    ALTER TABLE citizens ADD COLUMN citizenship TEXT;
    ALTER TABLE citizens ADD COLUMN gender TEXT;
    CREATE TABLE case_circumstances (
        case_id INTEGER PRIMARY KEY REFERENCES cases(id),
        family TEXT,
        income TEXT
    );
    -- A registration finds a known citizen by pseudonym as it does by CPR.
    CREATE INDEX citizens_pseudonym ON citizens (pseudonym) WHERE pseudonym IS NOT NULL;
    "#,
    ),
    // 15: corrections of a case keep everything in its history: an `undone`
    // event names the step event it takes back (`undoes`), a `reassigned`
    // event the counsellor the case was handed to. NULL on every other
    // event, so every row already there keeps its hash.
    Migration::sqlite_only(
        r#"
    ALTER TABLE case_events ADD COLUMN undoes INTEGER REFERENCES case_events(id);
    ALTER TABLE case_events ADD COLUMN counsellor TEXT;
    "#,
    ),
    // 16: counted conversations on a case (anonymous, advisory, relatives'),
    // counted against the profile's limits (domain.md 1, 6a).
    Migration::sqlite_only(
        r#"
    CREATE TABLE conversations (
        id          INTEGER PRIMARY KEY,
        case_id     INTEGER NOT NULL REFERENCES cases(id),
        on_date     TEXT NOT NULL,
        kind        TEXT NOT NULL CHECK (kind IN ('anonymous', 'advisory', 'relative')),
        actor       TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    );
    CREATE INDEX conversations_case ON conversations(case_id);
    "#,
    ),
    // 17: deadlines as data (issue 13): every case's open deadlines, as
    // the rules compute them without the day (src/store/deadlines), so
    // `due` and the pane counts are range scans on `due`. A case whose
    // records change is marked in `deadlines_dirty` by the triggers below,
    // whoever writes (sagsbord, an import, `sqlite3`); sagsbord recomputes
    // the marked cases before its transaction commits. Both tables are
    // derived from the data, so the audit trail leaves them out and
    // `sagsbord check` holds them against the rules instead. Every case is
    // marked here: the file's first write (or the opening that migrates it)
    // computes them all.
    Migration::sqlite_only(
        r#"
    CREATE TABLE deadlines (
        case_id INTEGER NOT NULL,
        -- The order among a case's deadlines, as the rules list them.
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL,
        -- The due date; '' for a flag due every day until resolved (the
        -- reader puts today).
        due TEXT NOT NULL,
        -- The days the deadline holds on (from inclusive, until exclusive),
        -- NULL for always: a child turning 18 ends the consideration.
        valid_from TEXT,
        valid_until TEXT,
        counsellor TEXT NOT NULL,
        rule TEXT NOT NULL,
        setting TEXT NOT NULL,
        profile TEXT NOT NULL,
        follow_up_months INTEGER,
        clock_started TEXT,
        PRIMARY KEY (case_id, seq)
    );
    CREATE INDEX deadlines_due ON deadlines (due);
    CREATE INDEX deadlines_counsellor ON deadlines (counsellor, due);
    CREATE INDEX deadlines_kind ON deadlines (kind, due);
    CREATE TABLE deadlines_dirty (case_id INTEGER PRIMARY KEY);
    INSERT INTO deadlines_dirty (case_id) SELECT id FROM cases;
    CREATE TRIGGER deadlines_cases_insert AFTER INSERT ON cases BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT NEW.id WHERE NEW.id IS NOT NULL; END;
    CREATE TRIGGER deadlines_cases_update AFTER UPDATE ON cases BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT NEW.id WHERE NEW.id IS NOT NULL; INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT OLD.id WHERE OLD.id IS NOT NULL; END;
    CREATE TRIGGER deadlines_cases_delete AFTER DELETE ON cases BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT OLD.id WHERE OLD.id IS NOT NULL; END;
    CREATE TRIGGER deadlines_plan_versions_insert AFTER INSERT ON plan_versions BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT NEW.case_id WHERE NEW.case_id IS NOT NULL; END;
    CREATE TRIGGER deadlines_plan_versions_update AFTER UPDATE ON plan_versions BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT NEW.case_id WHERE NEW.case_id IS NOT NULL; INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT OLD.case_id WHERE OLD.case_id IS NOT NULL; END;
    CREATE TRIGGER deadlines_plan_versions_delete AFTER DELETE ON plan_versions BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT OLD.case_id WHERE OLD.case_id IS NOT NULL; END;
    CREATE TRIGGER deadlines_course_endings_insert AFTER INSERT ON course_endings BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT NEW.case_id WHERE NEW.case_id IS NOT NULL; END;
    CREATE TRIGGER deadlines_course_endings_update AFTER UPDATE ON course_endings BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT NEW.case_id WHERE NEW.case_id IS NOT NULL; INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT OLD.case_id WHERE OLD.case_id IS NOT NULL; END;
    CREATE TRIGGER deadlines_course_endings_delete AFTER DELETE ON course_endings BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT OLD.case_id WHERE OLD.case_id IS NOT NULL; END;
    CREATE TRIGGER deadlines_follow_up_calls_insert AFTER INSERT ON follow_up_calls BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT NEW.case_id WHERE NEW.case_id IS NOT NULL; END;
    CREATE TRIGGER deadlines_follow_up_calls_update AFTER UPDATE ON follow_up_calls BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT NEW.case_id WHERE NEW.case_id IS NOT NULL; INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT OLD.case_id WHERE OLD.case_id IS NOT NULL; END;
    CREATE TRIGGER deadlines_follow_up_calls_delete AFTER DELETE ON follow_up_calls BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT OLD.case_id WHERE OLD.case_id IS NOT NULL; END;
    CREATE TRIGGER deadlines_children_insert AFTER INSERT ON children BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT NEW.case_id WHERE NEW.case_id IS NOT NULL; END;
    CREATE TRIGGER deadlines_children_update AFTER UPDATE ON children BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT NEW.case_id WHERE NEW.case_id IS NOT NULL; INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT OLD.case_id WHERE OLD.case_id IS NOT NULL; END;
    CREATE TRIGGER deadlines_children_delete AFTER DELETE ON children BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT OLD.case_id WHERE OLD.case_id IS NOT NULL; END;
    CREATE TRIGGER deadlines_child_considerations_insert AFTER INSERT ON child_considerations BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT NEW.case_id WHERE NEW.case_id IS NOT NULL; END;
    CREATE TRIGGER deadlines_child_considerations_update AFTER UPDATE ON child_considerations BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT NEW.case_id WHERE NEW.case_id IS NOT NULL; INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT OLD.case_id WHERE OLD.case_id IS NOT NULL; END;
    CREATE TRIGGER deadlines_child_considerations_delete AFTER DELETE ON child_considerations BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT OLD.case_id WHERE OLD.case_id IS NOT NULL; END;
    CREATE TRIGGER deadlines_notifications_insert AFTER INSERT ON notifications BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT NEW.case_id WHERE NEW.case_id IS NOT NULL; END;
    CREATE TRIGGER deadlines_notifications_update AFTER UPDATE ON notifications BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT NEW.case_id WHERE NEW.case_id IS NOT NULL; INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT OLD.case_id WHERE OLD.case_id IS NOT NULL; END;
    CREATE TRIGGER deadlines_notifications_delete AFTER DELETE ON notifications BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT OLD.case_id WHERE OLD.case_id IS NOT NULL; END;
    CREATE TRIGGER deadlines_stays_insert AFTER INSERT ON stays BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT NEW.case_id WHERE NEW.case_id IS NOT NULL; END;
    CREATE TRIGGER deadlines_stays_update AFTER UPDATE ON stays BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT NEW.case_id WHERE NEW.case_id IS NOT NULL; INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT OLD.case_id WHERE OLD.case_id IS NOT NULL; END;
    CREATE TRIGGER deadlines_stays_delete AFTER DELETE ON stays BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT OLD.case_id WHERE OLD.case_id IS NOT NULL; END;
    CREATE TRIGGER deadlines_move_courses_insert AFTER INSERT ON move_courses BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT NEW.case_id WHERE NEW.case_id IS NOT NULL; END;
    CREATE TRIGGER deadlines_move_courses_update AFTER UPDATE ON move_courses BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT NEW.case_id WHERE NEW.case_id IS NOT NULL; INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT OLD.case_id WHERE OLD.case_id IS NOT NULL; END;
    CREATE TRIGGER deadlines_move_courses_delete AFTER DELETE ON move_courses BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT OLD.case_id WHERE OLD.case_id IS NOT NULL; END;
    CREATE TRIGGER deadlines_attendances_insert AFTER INSERT ON attendances BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT NEW.case_id WHERE NEW.case_id IS NOT NULL; END;
    CREATE TRIGGER deadlines_attendances_update AFTER UPDATE ON attendances BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT NEW.case_id WHERE NEW.case_id IS NOT NULL; INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT OLD.case_id WHERE OLD.case_id IS NOT NULL; END;
    CREATE TRIGGER deadlines_attendances_delete AFTER DELETE ON attendances BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT OLD.case_id WHERE OLD.case_id IS NOT NULL; END;
    CREATE TRIGGER deadlines_complaints_insert AFTER INSERT ON complaints BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT NEW.case_id WHERE NEW.case_id IS NOT NULL; END;
    CREATE TRIGGER deadlines_complaints_update AFTER UPDATE ON complaints BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT NEW.case_id WHERE NEW.case_id IS NOT NULL; INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT OLD.case_id WHERE OLD.case_id IS NOT NULL; END;
    CREATE TRIGGER deadlines_complaints_delete AFTER DELETE ON complaints BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT OLD.case_id WHERE OLD.case_id IS NOT NULL; END;
    CREATE TRIGGER deadlines_gift_card_ledger_insert AFTER INSERT ON gift_card_ledger BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT NEW.case_id WHERE NEW.case_id IS NOT NULL; END;
    CREATE TRIGGER deadlines_gift_card_ledger_update AFTER UPDATE ON gift_card_ledger BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT NEW.case_id WHERE NEW.case_id IS NOT NULL; INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT OLD.case_id WHERE OLD.case_id IS NOT NULL; END;
    CREATE TRIGGER deadlines_gift_card_ledger_delete AFTER DELETE ON gift_card_ledger BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT OLD.case_id WHERE OLD.case_id IS NOT NULL; END;
    CREATE TRIGGER deadlines_group_members_insert AFTER INSERT ON group_members BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT NEW.case_id WHERE NEW.case_id IS NOT NULL; END;
    CREATE TRIGGER deadlines_group_members_update AFTER UPDATE ON group_members BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT NEW.case_id WHERE NEW.case_id IS NOT NULL; INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT OLD.case_id WHERE OLD.case_id IS NOT NULL; END;
    CREATE TRIGGER deadlines_group_members_delete AFTER DELETE ON group_members BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT OLD.case_id WHERE OLD.case_id IS NOT NULL; END;
    CREATE TRIGGER deadlines_follow_up_attempts_insert AFTER INSERT ON follow_up_attempts BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT case_id FROM follow_up_calls WHERE id = NEW.call_id; END;
    CREATE TRIGGER deadlines_follow_up_attempts_update AFTER UPDATE ON follow_up_attempts BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT case_id FROM follow_up_calls WHERE id = NEW.call_id; INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT case_id FROM follow_up_calls WHERE id = OLD.call_id; END;
    CREATE TRIGGER deadlines_follow_up_attempts_delete AFTER DELETE ON follow_up_attempts BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT case_id FROM follow_up_calls WHERE id = OLD.call_id; END;
    CREATE TRIGGER deadlines_notification_updates_insert AFTER INSERT ON notification_updates BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT case_id FROM notifications WHERE id = NEW.notification_id; END;
    CREATE TRIGGER deadlines_notification_updates_update AFTER UPDATE ON notification_updates BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT case_id FROM notifications WHERE id = NEW.notification_id; INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT case_id FROM notifications WHERE id = OLD.notification_id; END;
    CREATE TRIGGER deadlines_notification_updates_delete AFTER DELETE ON notification_updates BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT case_id FROM notifications WHERE id = OLD.notification_id; END;
    CREATE TRIGGER deadlines_stay_own_payments_insert AFTER INSERT ON stay_own_payments BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT case_id FROM stays WHERE id = NEW.stay_id; END;
    CREATE TRIGGER deadlines_stay_own_payments_update AFTER UPDATE ON stay_own_payments BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT case_id FROM stays WHERE id = NEW.stay_id; INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT case_id FROM stays WHERE id = OLD.stay_id; END;
    CREATE TRIGGER deadlines_stay_own_payments_delete AFTER DELETE ON stay_own_payments BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT case_id FROM stays WHERE id = OLD.stay_id; END;
    CREATE TRIGGER deadlines_stay_events_insert AFTER INSERT ON stay_events BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT case_id FROM stays WHERE id = NEW.stay_id; END;
    CREATE TRIGGER deadlines_stay_events_update AFTER UPDATE ON stay_events BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT case_id FROM stays WHERE id = NEW.stay_id; INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT case_id FROM stays WHERE id = OLD.stay_id; END;
    CREATE TRIGGER deadlines_stay_events_delete AFTER DELETE ON stay_events BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT case_id FROM stays WHERE id = OLD.stay_id; END;
    CREATE TRIGGER deadlines_group_sessions_insert AFTER INSERT ON group_sessions BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT case_id FROM group_members WHERE group_id = NEW.group_id UNION SELECT case_id FROM attendances WHERE session_id = NEW.id; END;
    CREATE TRIGGER deadlines_group_sessions_update AFTER UPDATE ON group_sessions BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT case_id FROM group_members WHERE group_id = NEW.group_id UNION SELECT case_id FROM attendances WHERE session_id = NEW.id; INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT case_id FROM group_members WHERE group_id = OLD.group_id UNION SELECT case_id FROM attendances WHERE session_id = OLD.id; END;
    CREATE TRIGGER deadlines_group_sessions_delete AFTER DELETE ON group_sessions BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT case_id FROM group_members WHERE group_id = OLD.group_id UNION SELECT case_id FROM attendances WHERE session_id = OLD.id; END;
    CREATE TRIGGER deadlines_treatment_groups_update AFTER UPDATE ON treatment_groups BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT case_id FROM group_members WHERE group_id = NEW.id; INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT case_id FROM group_members WHERE group_id = OLD.id; END;
    CREATE TRIGGER deadlines_treatment_groups_delete AFTER DELETE ON treatment_groups BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT case_id FROM group_members WHERE group_id = OLD.id; END;
    CREATE TRIGGER deadlines_gift_card_ledger_attendance_id_insert AFTER INSERT ON gift_card_ledger BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT case_id FROM attendances WHERE id = NEW.attendance_id; END;
    CREATE TRIGGER deadlines_gift_card_ledger_corrects_insert AFTER INSERT ON gift_card_ledger
    BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id)
        SELECT case_id FROM gift_card_ledger WHERE id = NEW.corrects_entry AND case_id IS NOT NULL; END;
    -- A new profile moves every deadline (and names itself in each).
    CREATE TRIGGER deadlines_centre_profile AFTER UPDATE ON centre
    WHEN NEW.profile_id IS NOT OLD.profile_id OR NEW.profile_toml IS NOT OLD.profile_toml
    BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT id FROM cases; END;
    "#,
    ),
    // 18: the Planer board read a page at a time in each of its orders
    // (issue 13, src/store/plans/board_page.rs): by urgency on the course's
    // plan or revision deadline, by counsellor and by name, each an index
    // read from the key of a row shown, never a sort of every course.
    Migration::sqlite_only(
        r#"
    CREATE INDEX deadlines_board ON deadlines (due, case_id) WHERE kind IN ('treatment_plan', 'plan_revision');
    CREATE INDEX cases_in_treatment_by_counsellor ON cases (counsellor, id)
        WHERE treatment_started_on IS NOT NULL AND closed_on IS NULL;
    CREATE INDEX citizens_display_name ON citizens (lower(COALESCE(pseudonym, name, '')));
    "#,
    ),
    // 19: the due dates' index carries kind and validity too, so the counts
    // of the pane headers (src/store/due.rs, `due_counts`) are a range of
    // this index alone, no deadline row looked up, and `due` looks up only
    // the rows that hold on the day.
    Migration::sqlite_only(
        r#"
    CREATE INDEX deadlines_by_due ON deadlines (due, kind, valid_from, valid_until, case_id);
    DROP INDEX deadlines_due;
    "#,
    ),
    // 20: the Planer board counted at every keystroke of its search
    // (src/store/plans/board_page.rs): each course in treatment probes its
    // plan or revision deadline in an index alone, and the courses are read
    // in their citizens' order with what the access rule asks of a case, so
    // a count reads no case row and the citizens' rows one after the other.
    Migration::sqlite_only(
        r#"
    CREATE INDEX deadlines_board_case ON deadlines (case_id) WHERE kind IN ('treatment_plan', 'plan_revision');
    CREATE INDEX cases_in_treatment_citizen ON cases (citizen_id, kind)
        WHERE treatment_started_on IS NOT NULL AND closed_on IS NULL;
    "#,
    ),
    // 21: Grupper's first screen counted on indexes alone (issue 13): each
    // group's members on a day, and the cards on hand from every ledger
    // entry's kind and the entry it corrects, without reading the rows.
    Migration::sqlite_only(
        r#"
    CREATE INDEX group_members_on ON group_members (group_id, left_on, joined_on);
    CREATE INDEX gift_card_ledger_kinds ON gift_card_ledger (kind, corrects_entry);
    "#,
    ),
    // 22: a counsellor's tab counts on an index (issue 13): each stored
    // deadline carries what the access rule asks of its case besides its
    // counsellor (already stored): whether it is a §101a anonymous case. A
    // counsellor's counts are then a range of their own deadlines in
    // `deadlines_by_counsellor` and their shared cases by key, no case read
    // (src/store/due.rs). The flag is written with the deadlines (so it
    // follows a change of the case, which marks it), and a citizen given
    // or relieved of a pseudonym marks their cases too.
    Migration::sqlite_only(
        r#"
    ALTER TABLE deadlines ADD COLUMN anonymous INTEGER NOT NULL DEFAULT 0;
    UPDATE deadlines SET anonymous = coalesce((SELECT c.kind = 'anonymous' OR p.pseudonym IS NOT NULL
        FROM cases c JOIN citizens p ON p.id = c.citizen_id WHERE c.id = deadlines.case_id), 0);
    CREATE INDEX deadlines_by_counsellor ON deadlines (counsellor, due, kind, valid_from, valid_until, anonymous, case_id);
    DROP INDEX deadlines_counsellor;
    CREATE TRIGGER deadlines_citizens_pseudonym AFTER UPDATE OF pseudonym ON citizens
    BEGIN INSERT OR IGNORE INTO deadlines_dirty (case_id) SELECT id FROM cases WHERE citizen_id = NEW.id; END;
    "#,
    ),
    // 23: Indtag's queue read a page at a time in its own order (issue 13,
    // src/store/intake_queue.rs): the guarantee's part and the day its
    // clock started, then the contact, as an index over the open intake
    // cases, one for each way a profile starts the clock (the expressions
    // are `intake_queue`'s word for word, so SQLite reads the index), and
    // the open cases by citizen for a search's count.
    Migration::sqlite_only(
        r#"
    CREATE INDEX cases_intake_queue_first_contact ON cases (
        CASE WHEN kind NOT IN ('own_use', 'young') OR referred_young THEN 2
            WHEN free_choice_on IS NOT NULL THEN 3 ELSE 0 END,
        contact_at)
        WHERE treatment_started_on IS NULL AND closed_on IS NULL;
    CREATE INDEX cases_intake_queue_consent ON cases (
        CASE WHEN kind NOT IN ('own_use', 'young') OR referred_young THEN 2
            WHEN free_choice_on IS NOT NULL THEN 3 WHEN consent_on IS NULL THEN 1 ELSE 0 END,
        CASE WHEN kind NOT IN ('own_use', 'young') OR referred_young OR free_choice_on IS NOT NULL THEN ''
            ELSE COALESCE(consent_on, '') END,
        contact_at)
        WHERE treatment_started_on IS NULL AND closed_on IS NULL;
    -- A search is counted on the open cases in their citizens' order, with
    -- all the queue's order and the access rule ask of a case (and the
    -- index's own condition, which SQLite otherwise reads from the row): no
    -- case row read, the citizens' rows one after the other.
    CREATE INDEX cases_intake_open_citizen ON cases (citizen_id, kind, counsellor, referred_young,
        free_choice_on, consent_on, contact_at, treatment_started_on, closed_on)
        WHERE treatment_started_on IS NULL AND closed_on IS NULL;
    "#,
    ), // 24: a bulk write's inserted rows (an import's millions) are recorded a
    // block at a time (store::audit::block): one row of op 'inserts' for
    // up to a block's worth of consecutive inserted rows of one table, its
    // `seq` the first row's (the block covers seq .. seq + n - 1), `row_key`
    // the first row's key, `new` every key of the block one a line, and the
    // new column `hashes` their row hashes, 32 bytes each. What the trail
    // proves is unchanged: a block is read as the per-row inserts it stands
    // for. The kinds' CHECK is widened in the stored schema, as SQLite's
    // ALTER TABLE page describes for a change no stored row can break
    // (https://www.sqlite.org/lang_altertable.html): the trail, a third of
    // a large file, is not copied. RESET reloads the schema, and the ADD
    // COLUMN after it moves the schema's version on, so every other
    // connection reads the new CHECK too.
    Migration {
        sqlite: r#"
    PRAGMA writable_schema = ON;
    UPDATE sqlite_schema
        SET sql = replace(sql, '''delete'', ''baseline'')', '''delete'', ''baseline'', ''inserts'')')
        WHERE type = 'table' AND name = 'audit_change';
    PRAGMA writable_schema = RESET;
    ALTER TABLE audit_change ADD COLUMN hashes BLOB;
    "#,
        postgres: Some(
            r#"
    ALTER TABLE audit_change DROP CONSTRAINT audit_change_op_check;
    ALTER TABLE audit_change ADD CONSTRAINT audit_change_op_check
        CHECK (op IN ('insert', 'update', 'delete', 'baseline', 'inserts'));
    ALTER TABLE audit_change ADD COLUMN hashes BYTEA;
    "#,
        ),
    },
    // 25: PostgreSQL's `move_identities_past_ids()` found the centre's
    // tables through `current_schema()::regnamespace`, which reads the
    // schema's name as SQL would and refuses one that needs quoting ("invalid
    // name syntax" for a name with a space, such as "Prøvecentret Nord"): it
    // now finds the schema by its name in pg_namespace and names each table
    // and sequence quoted, with its schema. SQLite has no such function: its
    // step does nothing but move the file's version on with the list's.
    Migration {
        sqlite: "",
        postgres: Some(
            r#"
    CREATE OR REPLACE FUNCTION move_identities_past_ids() RETURNS void LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
    DECLARE
        ident record;
    BEGIN
        FOR ident IN SELECT n.nspname AS sch, c.relname AS tbl, a.attname AS col
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.attidentity <> ''
        LOOP
            EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, %L), coalesce((SELECT max(%I) FROM %I.%I), 0) + 1, false)',
                format('%I.%I', ident.sch, ident.tbl), ident.col, ident.col, ident.sch, ident.tbl);
        END LOOP;
    END $$;
    "#,
        ),
    },
    // 26: what PostgreSQL lacks for statements SQLite already runs, on
    // PostgreSQL only (SQLite's step does nothing but move the file's
    // version on with the list's):
    // - `glob(pattern, text)`: SQLite's GLOB, which the search's statements
    //   call in its function form (the same expression to SQLite's
    //   planner as `text GLOB pattern`): `*`, `?` and sets (`[aA]`, `[^x]`,
    //   `[a-z]`), case-sensitive, the whole text; a set left open matches
    //   nothing, as on SQLite.
    // - Four indexes whose order the lists read through to a tie-break by
    //   the row's id, which SQLite's indexes carry (the rowid) and
    //   PostgreSQL's do not: the id is spelled out, so PostgreSQL reads the
    //   order from the index too instead of sorting each value's rows.
    // - The names a list orders by (a citizen's name and pseudonym, a
    //   case's counsellor, a user's name) in the "C" collation: compared by
    //   their characters' code points as SQLite's BINARY does, whatever the
    //   server's locale (a Danish one puts "Aa" after "Z"). Set on the
    //   columns, so the statements and the indexes over them (the name
    //   order's `lower(COALESCE(pseudonym, name, ''))` among them) take it
    //   without a word in the shared SQL; `lower()` in "C" folds A-Z only,
    //   as SQLite's does.
    Migration {
        sqlite: "",
        postgres: Some(
            r#"
    CREATE FUNCTION glob(pattern TEXT, value TEXT) RETURNS BOOLEAN
        LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
    DECLARE
        re TEXT := '^';
        i INT := 1;
        j INT;
        n INT := length(pattern);
        ch TEXT;
        member TEXT;
    BEGIN
        WHILE i <= n LOOP
            ch := substr(pattern, i, 1);
            IF ch = '*' THEN
                re := re || '.*';
            ELSIF ch = '?' THEN
                re := re || '.';
            ELSIF ch = '[' THEN
                -- A set: `^` first negates it, a `]` first (after it) is a member.
                j := i + 1;
                re := re || '[';
                IF j <= n AND substr(pattern, j, 1) = '^' THEN
                    re := re || '^';
                    j := j + 1;
                END IF;
                IF j <= n AND substr(pattern, j, 1) = ']' THEN
                    re := re || '\]';
                    j := j + 1;
                END IF;
                WHILE j <= n AND substr(pattern, j, 1) <> ']' LOOP
                    member := substr(pattern, j, 1);
                    -- `-` between two members is a range; any other sign
                    -- stands for itself.
                    IF member = '-' OR member ~ '[[:alnum:]]' OR ascii(member) > 127 THEN
                        re := re || member;
                    ELSE
                        re := re || '\' || member;
                    END IF;
                    j := j + 1;
                END LOOP;
                IF j > n THEN
                    RETURN false;
                END IF;
                re := re || ']';
                i := j;
            ELSIF ch ~ '[[:alnum:]]' OR ascii(ch) > 127 THEN
                re := re || ch;
            ELSE
                re := re || '\' || ch;
            END IF;
            i := i + 1;
        END LOOP;
        RETURN value ~ (re || '$');
    END $$;
    DROP INDEX course_endings_ended;
    CREATE INDEX course_endings_ended ON course_endings (ended_on, case_id);
    DROP INDEX cases_in_treatment;
    CREATE INDEX cases_in_treatment ON cases (treatment_started_on, id)
        WHERE treatment_started_on IS NOT NULL AND closed_on IS NULL;
    DROP INDEX cases_in_treatment_counsellor;
    CREATE INDEX cases_in_treatment_counsellor ON cases (counsellor, treatment_started_on, id)
        WHERE treatment_started_on IS NOT NULL AND closed_on IS NULL;
    DROP INDEX citizens_display_name;
    -- The trigger names the column it watches: off while the column's
    -- collation changes, on again as the baseline made it.
    DROP TRIGGER deadlines_citizens_pseudonym ON citizens;
    ALTER TABLE citizens ALTER COLUMN name TYPE TEXT COLLATE "C", ALTER COLUMN pseudonym TYPE TEXT COLLATE "C";
    ALTER TABLE cases ALTER COLUMN counsellor TYPE TEXT COLLATE "C";
    ALTER TABLE users ALTER COLUMN name TYPE TEXT COLLATE "C";
    CREATE TRIGGER deadlines_citizens_pseudonym AFTER UPDATE OF pseudonym ON citizens
        FOR EACH ROW EXECUTE FUNCTION deadlines_mark_citizen_cases();
    CREATE INDEX citizens_display_name ON citizens ((lower(COALESCE(pseudonym, name, ''))), id);
    "#,
        ),
    },
    // 27: PostgreSQL's TRUNCATE passes by row triggers, the trail's
    // "never changed / never deleted" guards among them: statement
    // triggers refuse it on `audit` and `audit_change` (a TRUNCATE of both
    // at once, or with CASCADE, is past the foreign key's refusal). A data
    // table's TRUNCATE is not refused: it passes by the capture as a DELETE
    // from psql does, and the check finds the rows it took as deleted
    // behind the trail's back. SQLite has no TRUNCATE: its step does
    // nothing but move the file's version on with the list's.
    Migration {
        sqlite: "",
        postgres: Some(
            r#"
    CREATE TRIGGER audit_never_truncated BEFORE TRUNCATE ON audit
        FOR EACH STATEMENT EXECUTE FUNCTION refuse('revisionssporet slettes aldrig');
    CREATE TRIGGER audit_change_never_truncated BEFORE TRUNCATE ON audit_change
        FOR EACH STATEMENT EXECUTE FUNCTION refuse('revisionssporet slettes aldrig');
    "#,
        ),
    },
    // 28: PostgreSQL's `glob()` of migration 26 translates its pattern to a
    // regular expression on every row: a search's pattern is translated
    // once in the program instead (`engine::glob`), and a statement's
    // `glob(?N, text)` is sent as `glob_as_regex($N, text)`. An SQL
    // function of one expression, so the server inlines it as the plain
    // `text ~ regex` (IMMUTABLE and STRICT as `~` is; no SET clause, which
    // would keep it from being inlined). SQLite has no such function: its
    // step does nothing but move the file's version on with the list's.
    Migration {
        sqlite: "",
        postgres: Some(
            r#"
    CREATE FUNCTION glob_as_regex(regex TEXT, value TEXT) RETURNS BOOLEAN
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT value ~ regex $$;
    "#,
        ),
    },
    // 29: PostgreSQL tells the centre's open screens that something was
    // committed (NOTIFY), so an idle screen asks the server nothing until
    // then. Every action of the program adds to the trail, so the trail's
    // insert is what tells; PostgreSQL sends the notification at commit,
    // and one a transaction, however many rows. The channel is named by
    // the trail table's number: unique to the centre, and short (a channel
    // name is at most 63 bytes, a centre's name may be as long).
    // SQLite's screens ask the file, which costs no round trip.
    Migration {
        sqlite: "",
        postgres: Some(
            r#"
    CREATE FUNCTION audit_tell_screens() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('sagsbord ' || TG_RELID, '');
        RETURN NULL;
    END $$;
    CREATE TRIGGER audit_tells_screens AFTER INSERT ON audit
        FOR EACH STATEMENT EXECUTE FUNCTION audit_tell_screens();
    "#,
        ),
    },
];

/// The migration after whose SQL the audit trail's baseline is recorded:
/// the hash of every data row, in the same transaction. A later migration
/// that changes data rows must record what it changed the same way, or
/// `sagsbord check` reports those rows as changed behind the program's back.
pub(crate) const AUDIT_BASELINE_AT: usize = 7;

/// The version a fully migrated file has.
pub const CURRENT_VERSION: usize = MIGRATIONS.len();

/// Brings the file up to the current version, one transaction a step, as
/// `actor` (named in the audit trail's baseline). A file newer than this
/// program is refused rather than touched.
///
/// Each step holds the write lock from its start (IMMEDIATE) and reads the
/// version again inside it: two programs opening an old file at the same
/// moment take turns, and the second finds the step done rather than run
/// it twice.
pub fn migrate(conn: &mut Connection, actor: &str) -> super::Result<MigrationOutcome> {
    let version = |conn: &Connection| conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0));
    let from = version(conn)? as usize;
    if from > CURRENT_VERSION {
        return Ok(MigrationOutcome::TooNew { file: from, program: CURRENT_VERSION });
    }
    // Only a file behind this program takes the write lock here.
    while version(conn)? as usize != CURRENT_VERSION {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let at = version(&tx)? as usize;
        if at > CURRENT_VERSION {
            return Ok(MigrationOutcome::TooNew { file: at, program: CURRENT_VERSION });
        }
        let Some(migration) = MIGRATIONS.get(at) else { break };
        tx.execute_batch(migration.sqlite)?;
        if at + 1 == AUDIT_BASELINE_AT {
            super::audit::record_baseline(&tx, actor)?;
        }
        tx.pragma_update(None, "user_version", (at + 1) as i64)?;
        tx.commit()?;
    }
    Ok(MigrationOutcome::AtVersion { from, to: CURRENT_VERSION })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MigrationOutcome {
    AtVersion { from: usize, to: usize },
    TooNew { file: usize, program: usize },
}
