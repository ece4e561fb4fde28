-- The audit trail's capture on PostgreSQL: what SQLite's TEMP triggers do
-- (audit::capture). One row trigger, `audit_capture`, on every data table,
-- its arguments the table's key columns in key order. It stages into the
-- session's own temporary table `audit_staging` and nothing else: a
-- session that has not set the capture up (psql, another program) has no
-- such table, its changes are not staged, and `check` finds them as
-- changed behind the program's back, as with SQLite's TEMP triggers.
-- An insert stages the new row's key; an update the old and new keys and
-- the old row; a delete the old key and row (as JSON, as to_jsonb writes
-- it; the store puts it in SQLite's form when it reads the staging).
CREATE OR REPLACE FUNCTION audit_capture() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    new_key text;
    old_key text;
BEGIN
    IF to_regclass('pg_temp.audit_staging') IS NULL THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        SELECT jsonb_agg(to_jsonb(NEW) -> a.k ORDER BY a.o)::text INTO new_key
            FROM unnest(TG_ARGV) WITH ORDINALITY AS a(k, o);
    END IF;
    IF TG_OP <> 'INSERT' THEN
        SELECT jsonb_agg(to_jsonb(OLD) -> a.k ORDER BY a.o)::text INTO old_key
            FROM unnest(TG_ARGV) WITH ORDINALITY AS a(k, o);
    END IF;
    INSERT INTO pg_temp.audit_staging (tbl, old_key, new_key, old)
        VALUES (TG_TABLE_NAME, old_key, new_key, CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb(OLD)::text END);
    RETURN NULL;
END $$;
