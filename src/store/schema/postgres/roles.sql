-- A centre's group roles and what each may do (postgres_roles.rs says
-- why). Run by a role that may create roles, in one transaction, its
-- search_path the centre's schema; the names come as settings:
-- sagsbord.centre (the schema), sagsbord.counsellors and sagsbord.central
-- (the roles). Every statement may run again: it leaves the same grants.
DO $roles$
DECLARE
    centre text := current_setting('sagsbord.centre');
    counsellors text := current_setting('sagsbord.counsellors');
    central text := current_setting('sagsbord.central');
    group_role text;
    owner regrole := (SELECT nspowner FROM pg_namespace WHERE nspname = centre);
BEGIN
    -- Database "a/b" with centre "c" and database "a" with centre "b/c"
    -- would share a role.
    IF position('/' IN current_database()) > 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_name', MESSAGE = format(
            'databasen %s har en / i navnet, som centrenes roller adskilles med: giv den et navn uden',
            quote_ident(current_database()));
    END IF;
    -- PostgreSQL cuts a longer name short without a word, and two centres
    -- whose names begin alike would share a role.
    FOREACH group_role IN ARRAY ARRAY[counsellors, central] LOOP
        IF octet_length(group_role) > 63 THEN
            RAISE EXCEPTION USING ERRCODE = 'name_too_long', MESSAGE = format(
                'rollenavnet %s er længere end PostgreSQLs 63 byte: giv databasen eller centret et kortere navn',
                quote_ident(group_role));
        END IF;
        BEGIN
            EXECUTE format('CREATE ROLE %I NOLOGIN', group_role);
        EXCEPTION
            -- There already, or created by a set-up running beside this one.
            WHEN duplicate_object OR unique_violation THEN NULL;
        END;
    END LOOP;

    -- PUBLIC (every login of the server) has nothing here. A new schema
    -- grants PUBLIC nothing; PostgreSQL before 15 let PUBLIC create
    -- objects in the database's public schema, where a counsellor could
    -- lay a function in another's way.
    EXECUTE format('REVOKE ALL ON SCHEMA %I FROM PUBLIC', centre);
    IF to_regnamespace('public') IS NOT NULL THEN
        REVOKE CREATE ON SCHEMA public FROM PUBLIC;
    END IF;
    -- Both connect and keep the trail's capture table of their session
    -- (TEMP), also where the database's owner took these from PUBLIC.
    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I, %I', current_database(), counsellors, central);

    -- The centre's counsellors: their own schema, its data read and
    -- written, its trail only added to; never TRUNCATE, which passes by
    -- the capture's row triggers.
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', centre, counsellors);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO %I', centre, counsellors);
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON audit, audit_change FROM %I', counsellors);
    EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_version FROM %I', counsellors);
    -- A new row's id, the trail's id past every id given (setval), and an
    -- import's ids moved past (move_identities_past_ids).
    EXECUTE format('GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA %I TO %I', centre, counsellors);

    -- The central team: every centre's figures, read only.
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', centre, central);
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO %I', centre, central);

    -- A table a later migration adds (created by the schema's owner)
    -- comes with the same grants.
    EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %s IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I',
        owner, centre, counsellors);
    EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %s IN SCHEMA %I GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO %I',
        owner, centre, counsellors);
    EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %s IN SCHEMA %I GRANT SELECT ON TABLES TO %I',
        owner, centre, central);
END $roles$;

-- The trail names the person who acted: an audit row's actor is the
-- login of the session that writes it (session_user: a SET ROLE does not
-- change it), and a change row belongs to such an audit row. Only the
-- schema's owner (who migrates it; a superuser) writes in another name:
-- centres created before the baseline named its creator say "sagsbord". Checked, not stamped: the actor is in the row's
-- hash, which the program computes before the row is written.
CREATE OR REPLACE FUNCTION audit_in_own_name() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
DECLARE
    actor text;
BEGIN
    IF TG_TABLE_NAME = 'audit' THEN
        actor := NEW.actor;
    ELSE
        SELECT a.actor INTO actor FROM audit a WHERE a.id = NEW.audit_id;
    END IF;
    IF actor IS DISTINCT FROM session_user
        AND NOT pg_has_role(session_user, (SELECT nspowner FROM pg_namespace WHERE nspname = TG_TABLE_SCHEMA), 'MEMBER')
    THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE = format(
            'revisionssporet skrives kun i eget navn: %s er logget ind, rækken nævner %s',
            session_user, coalesce(actor, 'ingen'));
    END IF;
    RETURN NEW;
END $$;
CREATE OR REPLACE TRIGGER audit_in_own_name BEFORE INSERT ON audit
    FOR EACH ROW EXECUTE FUNCTION audit_in_own_name();
CREATE OR REPLACE TRIGGER audit_change_in_own_name BEFORE INSERT ON audit_change
    FOR EACH ROW EXECUTE FUNCTION audit_in_own_name();
