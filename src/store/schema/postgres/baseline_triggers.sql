-- PostgreSQL's twins of SQLite's triggers, as of version 23: the same
-- names on the same tables and events, the same error texts. Each is a
-- row trigger calling one of the functions below; a function keeps the
-- search_path it was created under (the centre's schema), so it writes
-- into its own centre's tables whoever's session fires it.

-- The guards: what SQLite refuses with RAISE(ABORT, text), with the same
-- text (the trigger's argument), as an integrity violation.
CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = TG_ARGV[0], ERRCODE = 'restrict_violation';
END $$;

-- A sent or discarded underretning's grounds and children are fixed.
-- (A WHEN clause may not read another table in PostgreSQL, so the
-- function asks what SQLite's WHEN asks.)
CREATE FUNCTION refuse_when_notification_frozen() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
DECLARE
    notification bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN
        notification := OLD.notification_id;
    ELSE
        notification := NEW.notification_id;
    END IF;
    IF (SELECT sent_on IS NOT NULL OR discarded_on IS NOT NULL FROM notifications WHERE id = notification) THEN
        RAISE EXCEPTION USING MESSAGE = TG_ARGV[0], ERRCODE = 'restrict_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;

-- The deadlines' dirty marks (SQLite's INSERT OR IGNORE INTO
-- deadlines_dirty): the case of the row inserted, of the row deleted, and
-- of the row before and after an update.
CREATE FUNCTION deadlines_mark_case_id() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP <> 'DELETE' AND NEW.case_id IS NOT NULL THEN
        INSERT INTO deadlines_dirty (case_id) VALUES (NEW.case_id) ON CONFLICT DO NOTHING;
    END IF;
    IF TG_OP <> 'INSERT' AND OLD.case_id IS NOT NULL THEN
        INSERT INTO deadlines_dirty (case_id) VALUES (OLD.case_id) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;

-- A case's own row marks itself.
CREATE FUNCTION deadlines_mark_case_itself() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO deadlines_dirty (case_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO deadlines_dirty (case_id) VALUES (OLD.id) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;

-- A row that belongs to a case through its parent: TG_ARGV[0] is the
-- row's column naming the parent's id, TG_ARGV[1] the parent's table,
-- whose case_id is marked (when it has one).
CREATE FUNCTION deadlines_mark_through() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    mark text := format('INSERT INTO deadlines_dirty (case_id) SELECT case_id FROM %I
        WHERE id = $1 AND case_id IS NOT NULL ON CONFLICT DO NOTHING', TG_ARGV[1]);
BEGIN
    IF TG_OP <> 'DELETE' THEN
        EXECUTE mark USING (to_jsonb(NEW) ->> TG_ARGV[0])::bigint;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        EXECUTE mark USING (to_jsonb(OLD) ->> TG_ARGV[0])::bigint;
    END IF;
    RETURN NULL;
END $$;

-- A group session concerns its group's members and those who attended it.
CREATE FUNCTION deadlines_mark_session_cases() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO deadlines_dirty (case_id)
            SELECT case_id FROM group_members WHERE group_id = NEW.group_id
            UNION SELECT case_id FROM attendances WHERE session_id = NEW.id
            ON CONFLICT DO NOTHING;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO deadlines_dirty (case_id)
            SELECT case_id FROM group_members WHERE group_id = OLD.group_id
            UNION SELECT case_id FROM attendances WHERE session_id = OLD.id
            ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;

-- A group concerns its members.
CREATE FUNCTION deadlines_mark_group_cases() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO deadlines_dirty (case_id) SELECT case_id FROM group_members WHERE group_id = NEW.id
            ON CONFLICT DO NOTHING;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO deadlines_dirty (case_id) SELECT case_id FROM group_members WHERE group_id = OLD.id
            ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;

-- A citizen given or relieved of a pseudonym concerns all their cases.
CREATE FUNCTION deadlines_mark_citizen_cases() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO deadlines_dirty (case_id) SELECT id FROM cases WHERE citizen_id = NEW.id ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

-- A new profile moves every deadline.
CREATE FUNCTION deadlines_mark_every_case() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO deadlines_dirty (case_id) SELECT id FROM cases ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE TRIGGER plan_versions_keep_update BEFORE UPDATE ON plan_versions
    FOR EACH ROW EXECUTE FUNCTION refuse('plan versions are never changed');
CREATE TRIGGER plan_versions_keep_delete BEFORE DELETE ON plan_versions
    FOR EACH ROW EXECUTE FUNCTION refuse('plan versions are never deleted');
CREATE TRIGGER plan_goals_keep_update BEFORE UPDATE ON plan_goals
    FOR EACH ROW EXECUTE FUNCTION refuse('plan goals are never changed');
CREATE TRIGGER plan_goals_keep_delete BEFORE DELETE ON plan_goals
    FOR EACH ROW EXECUTE FUNCTION refuse('plan goals are never deleted');
CREATE TRIGGER children_never_deleted BEFORE DELETE ON children
    FOR EACH ROW EXECUTE FUNCTION refuse('et barn slettes aldrig; afslut det med en begrundelse');
CREATE TRIGGER child_considerations_kept BEFORE DELETE ON child_considerations
    FOR EACH ROW EXECUTE FUNCTION refuse('en overvejelse slettes aldrig');
CREATE TRIGGER child_considerations_fixed BEFORE UPDATE ON child_considerations
    FOR EACH ROW EXECUTE FUNCTION refuse('en overvejelse ændres aldrig');
CREATE TRIGGER notifications_never_deleted BEFORE DELETE ON notifications
    FOR EACH ROW EXECUTE FUNCTION refuse('en underretning slettes aldrig');
CREATE TRIGGER notifications_only_forward BEFORE UPDATE ON notifications
    FOR EACH ROW WHEN (OLD.discarded_on IS NOT NULL
      OR (OLD.informed_on IS NOT NULL AND (NEW.informed_on IS DISTINCT FROM OLD.informed_on
            OR NEW.informed_how IS DISTINCT FROM OLD.informed_how OR NEW.not_informed_reason IS DISTINCT FROM OLD.not_informed_reason
            OR NEW.informed_by IS DISTINCT FROM OLD.informed_by OR NEW.informed_at IS DISTINCT FROM OLD.informed_at))
      OR (OLD.sent_on IS NOT NULL AND (NEW.case_id IS DISTINCT FROM OLD.case_id OR NEW.corrects IS DISTINCT FROM OLD.corrects
            OR NEW.duty IS DISTINCT FROM OLD.duty OR NEW.municipality IS DISTINCT FROM OLD.municipality
            OR NEW.description IS DISTINCT FROM OLD.description OR NEW.drafted_on IS DISTINCT FROM OLD.drafted_on
            OR NEW.drafted_by IS DISTINCT FROM OLD.drafted_by OR NEW.drafted_at IS DISTINCT FROM OLD.drafted_at
            OR NEW.sent_on IS DISTINCT FROM OLD.sent_on OR NEW.sent_how IS DISTINCT FROM OLD.sent_how
            OR NEW.sent_by IS DISTINCT FROM OLD.sent_by OR NEW.sent_at IS DISTINCT FROM OLD.sent_at))
      OR (OLD.receipt_on IS NOT NULL AND (NEW.receipt_on IS DISTINCT FROM OLD.receipt_on
            OR NEW.receipt_by IS DISTINCT FROM OLD.receipt_by OR NEW.receipt_at IS DISTINCT FROM OLD.receipt_at)))
    EXECUTE FUNCTION refuse('en underretning går kun frem, og en sendt ændres aldrig');
CREATE TRIGGER notification_grounds_frozen_insert BEFORE INSERT ON notification_grounds
    FOR EACH ROW EXECUTE FUNCTION refuse_when_notification_frozen('en sendt underretning ændres aldrig');
CREATE TRIGGER notification_grounds_frozen_delete BEFORE DELETE ON notification_grounds
    FOR EACH ROW EXECUTE FUNCTION refuse_when_notification_frozen('en sendt underretning ændres aldrig');
CREATE TRIGGER notification_grounds_fixed BEFORE UPDATE ON notification_grounds
    FOR EACH ROW EXECUTE FUNCTION refuse('skift grunde ved at slette og indsætte');
CREATE TRIGGER notification_children_frozen_insert BEFORE INSERT ON notification_children
    FOR EACH ROW EXECUTE FUNCTION refuse_when_notification_frozen('en sendt underretning ændres aldrig');
CREATE TRIGGER notification_children_frozen_delete BEFORE DELETE ON notification_children
    FOR EACH ROW EXECUTE FUNCTION refuse_when_notification_frozen('en sendt underretning ændres aldrig');
CREATE TRIGGER notification_children_fixed BEFORE UPDATE ON notification_children
    FOR EACH ROW EXECUTE FUNCTION refuse('skift børn ved at slette og indsætte');
CREATE TRIGGER notification_updates_kept BEFORE DELETE ON notification_updates
    FOR EACH ROW EXECUTE FUNCTION refuse('en orientering slettes aldrig');
CREATE TRIGGER notification_updates_fixed BEFORE UPDATE ON notification_updates
    FOR EACH ROW EXECUTE FUNCTION refuse('en orientering ændres aldrig');
CREATE TRIGGER gift_card_ledger_no_update BEFORE UPDATE ON gift_card_ledger
    FOR EACH ROW EXECUTE FUNCTION refuse('the gift-card ledger is append-only: correct an entry with a new one');
CREATE TRIGGER gift_card_ledger_no_delete BEFORE DELETE ON gift_card_ledger
    FOR EACH ROW EXECUTE FUNCTION refuse('the gift-card ledger is append-only: correct an entry with a new one');
CREATE TRIGGER audit_never_changed BEFORE UPDATE ON audit
    FOR EACH ROW EXECUTE FUNCTION refuse('revisionssporet ændres aldrig');
CREATE TRIGGER audit_never_deleted BEFORE DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION refuse('revisionssporet slettes aldrig');
CREATE TRIGGER audit_change_never_changed BEFORE UPDATE ON audit_change
    FOR EACH ROW EXECUTE FUNCTION refuse('revisionssporet ændres aldrig');
CREATE TRIGGER audit_change_never_deleted BEFORE DELETE ON audit_change
    FOR EACH ROW EXECUTE FUNCTION refuse('revisionssporet slettes aldrig');
CREATE TRIGGER deadlines_cases_insert AFTER INSERT ON cases
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_case_itself();
CREATE TRIGGER deadlines_cases_update AFTER UPDATE ON cases
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_case_itself();
CREATE TRIGGER deadlines_cases_delete AFTER DELETE ON cases
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_case_itself();
CREATE TRIGGER deadlines_plan_versions_insert AFTER INSERT ON plan_versions
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_case_id();
CREATE TRIGGER deadlines_plan_versions_update AFTER UPDATE ON plan_versions
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_case_id();
CREATE TRIGGER deadlines_plan_versions_delete AFTER DELETE ON plan_versions
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_case_id();
CREATE TRIGGER deadlines_course_endings_insert AFTER INSERT ON course_endings
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_case_id();
CREATE TRIGGER deadlines_course_endings_update AFTER UPDATE ON course_endings
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_case_id();
CREATE TRIGGER deadlines_course_endings_delete AFTER DELETE ON course_endings
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_case_id();
CREATE TRIGGER deadlines_follow_up_calls_insert AFTER INSERT ON follow_up_calls
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_case_id();
CREATE TRIGGER deadlines_follow_up_calls_update AFTER UPDATE ON follow_up_calls
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_case_id();
CREATE TRIGGER deadlines_follow_up_calls_delete AFTER DELETE ON follow_up_calls
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_case_id();
CREATE TRIGGER deadlines_children_insert AFTER INSERT ON children
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_case_id();
CREATE TRIGGER deadlines_children_update AFTER UPDATE ON children
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_case_id();
CREATE TRIGGER deadlines_children_delete AFTER DELETE ON children
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_case_id();
CREATE TRIGGER deadlines_child_considerations_insert AFTER INSERT ON child_considerations
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_case_id();
CREATE TRIGGER deadlines_child_considerations_update AFTER UPDATE ON child_considerations
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_case_id();
CREATE TRIGGER deadlines_child_considerations_delete AFTER DELETE ON child_considerations
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_case_id();
CREATE TRIGGER deadlines_notifications_insert AFTER INSERT ON notifications
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_case_id();
CREATE TRIGGER deadlines_notifications_update AFTER UPDATE ON notifications
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_case_id();
CREATE TRIGGER deadlines_notifications_delete AFTER DELETE ON notifications
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_case_id();
CREATE TRIGGER deadlines_stays_insert AFTER INSERT ON stays
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_case_id();
CREATE TRIGGER deadlines_stays_update AFTER UPDATE ON stays
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_case_id();
CREATE TRIGGER deadlines_stays_delete AFTER DELETE ON stays
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_case_id();
CREATE TRIGGER deadlines_move_courses_insert AFTER INSERT ON move_courses
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_case_id();
CREATE TRIGGER deadlines_move_courses_update AFTER UPDATE ON move_courses
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_case_id();
CREATE TRIGGER deadlines_move_courses_delete AFTER DELETE ON move_courses
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_case_id();
CREATE TRIGGER deadlines_attendances_insert AFTER INSERT ON attendances
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_case_id();
CREATE TRIGGER deadlines_attendances_update AFTER UPDATE ON attendances
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_case_id();
CREATE TRIGGER deadlines_attendances_delete AFTER DELETE ON attendances
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_case_id();
CREATE TRIGGER deadlines_complaints_insert AFTER INSERT ON complaints
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_case_id();
CREATE TRIGGER deadlines_complaints_update AFTER UPDATE ON complaints
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_case_id();
CREATE TRIGGER deadlines_complaints_delete AFTER DELETE ON complaints
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_case_id();
CREATE TRIGGER deadlines_gift_card_ledger_insert AFTER INSERT ON gift_card_ledger
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_case_id();
CREATE TRIGGER deadlines_gift_card_ledger_update AFTER UPDATE ON gift_card_ledger
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_case_id();
CREATE TRIGGER deadlines_gift_card_ledger_delete AFTER DELETE ON gift_card_ledger
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_case_id();
CREATE TRIGGER deadlines_group_members_insert AFTER INSERT ON group_members
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_case_id();
CREATE TRIGGER deadlines_group_members_update AFTER UPDATE ON group_members
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_case_id();
CREATE TRIGGER deadlines_group_members_delete AFTER DELETE ON group_members
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_case_id();
CREATE TRIGGER deadlines_follow_up_attempts_insert AFTER INSERT ON follow_up_attempts
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_through('call_id', 'follow_up_calls');
CREATE TRIGGER deadlines_follow_up_attempts_update AFTER UPDATE ON follow_up_attempts
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_through('call_id', 'follow_up_calls');
CREATE TRIGGER deadlines_follow_up_attempts_delete AFTER DELETE ON follow_up_attempts
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_through('call_id', 'follow_up_calls');
CREATE TRIGGER deadlines_notification_updates_insert AFTER INSERT ON notification_updates
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_through('notification_id', 'notifications');
CREATE TRIGGER deadlines_notification_updates_update AFTER UPDATE ON notification_updates
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_through('notification_id', 'notifications');
CREATE TRIGGER deadlines_notification_updates_delete AFTER DELETE ON notification_updates
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_through('notification_id', 'notifications');
CREATE TRIGGER deadlines_stay_own_payments_insert AFTER INSERT ON stay_own_payments
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_through('stay_id', 'stays');
CREATE TRIGGER deadlines_stay_own_payments_update AFTER UPDATE ON stay_own_payments
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_through('stay_id', 'stays');
CREATE TRIGGER deadlines_stay_own_payments_delete AFTER DELETE ON stay_own_payments
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_through('stay_id', 'stays');
CREATE TRIGGER deadlines_stay_events_insert AFTER INSERT ON stay_events
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_through('stay_id', 'stays');
CREATE TRIGGER deadlines_stay_events_update AFTER UPDATE ON stay_events
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_through('stay_id', 'stays');
CREATE TRIGGER deadlines_stay_events_delete AFTER DELETE ON stay_events
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_through('stay_id', 'stays');
CREATE TRIGGER deadlines_group_sessions_insert AFTER INSERT ON group_sessions
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_session_cases();
CREATE TRIGGER deadlines_group_sessions_update AFTER UPDATE ON group_sessions
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_session_cases();
CREATE TRIGGER deadlines_group_sessions_delete AFTER DELETE ON group_sessions
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_session_cases();
CREATE TRIGGER deadlines_treatment_groups_update AFTER UPDATE ON treatment_groups
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_group_cases();
CREATE TRIGGER deadlines_treatment_groups_delete AFTER DELETE ON treatment_groups
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_group_cases();
CREATE TRIGGER deadlines_gift_card_ledger_attendance_id_insert AFTER INSERT ON gift_card_ledger
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_through('attendance_id', 'attendances');
CREATE TRIGGER deadlines_gift_card_ledger_corrects_insert AFTER INSERT ON gift_card_ledger
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_through('corrects_entry', 'gift_card_ledger');
CREATE TRIGGER deadlines_centre_profile AFTER UPDATE ON centre
    FOR EACH ROW WHEN (NEW.profile_id IS DISTINCT FROM OLD.profile_id OR NEW.profile_toml IS DISTINCT FROM OLD.profile_toml) EXECUTE FUNCTION deadlines_mark_every_case();
CREATE TRIGGER deadlines_citizens_pseudonym AFTER UPDATE OF pseudonym ON citizens
    FOR EACH ROW EXECUTE FUNCTION deadlines_mark_citizen_cases();
