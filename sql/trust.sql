-- The trust model of a trusted extension: a database owner without superuser
-- installs govinfo, and a superuser later runs its functions and workspaces.
-- Nothing the less privileged role can do may make the superuser run its code.
SET client_min_messages = warning;
DROP DATABASE IF EXISTS govinfo_trust;
DROP ROLE IF EXISTS govinfo_trust_owner;
DROP ROLE IF EXISTS govinfo_trust_reader;
RESET client_min_messages;
-- error contexts name lines of plpgsql bodies: not part of what is checked here
\set SHOW_CONTEXT never
SELECT pg_catalog.current_database() AS test_db \gset
CREATE ROLE govinfo_trust_owner LOGIN PASSWORD 'govinfo-test' NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE ROLE govinfo_trust_reader LOGIN PASSWORD 'govinfo-test' NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE DATABASE govinfo_trust OWNER govinfo_trust_owner;

\c "dbname=govinfo_trust user=govinfo_trust_owner password=govinfo-test host=localhost"
-- A schema of the extension's name made beforehand is refused, not used: its
-- owner could otherwise keep objects of its own among the extension's.
CREATE SCHEMA govinfo;
CREATE FUNCTION govinfo.report(text, integer, text, text) RETURNS text
    LANGUAGE sql AS $$ SELECT 'planted' $$;
CREATE EXTENSION govinfo;
DROP SCHEMA govinfo CASCADE;

-- The install script makes the schema; the bootstrap superuser owns it and
-- every object in it, the installing role owns only the extension.
CREATE EXTENSION govinfo;
SELECT e.extversion,
       pg_catalog.pg_get_userbyid(e.extowner) AS extension_owner,
       (SELECT r.rolsuper FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_roles r ON r.oid = n.nspowner
         WHERE n.nspname = 'govinfo') AS schema_owner_is_superuser,
       (SELECT pg_catalog.count(*) FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_roles r ON r.oid = p.proowner
         WHERE p.pronamespace = 'govinfo'::regnamespace AND NOT r.rolsuper) AS functions_owned_by_others
FROM pg_catalog.pg_extension e WHERE e.extname = 'govinfo';

-- The owner can plant no overload that an untyped literal would pick, and
-- cannot rename the schema to put a look-alike in its place.
CREATE FUNCTION govinfo.report(text, integer, text, text) RETURNS text
    LANGUAGE sql AS $$ SELECT 'planted' $$;
ALTER SCHEMA govinfo RENAME TO govinfo_old;
ALTER SCHEMA govinfo OWNER TO govinfo_trust_owner;
CREATE TYPE govinfo.fake AS (x integer);
ALTER FUNCTION govinfo.value(govinfo.disclosure_report, text) RENAME TO value_old;

-- A superuser's empty schema of that name, in which no other role may create,
-- is used as it is (pg_dump recreates it so for a database upgraded from 1.0).
\c - postgres
DROP EXTENSION govinfo;
CREATE SCHEMA govinfo;
GRANT CREATE ON SCHEMA govinfo TO govinfo_trust_owner;
CREATE EXTENSION govinfo;
REVOKE CREATE ON SCHEMA govinfo FROM govinfo_trust_owner;
CREATE EXTENSION govinfo;
SELECT pg_catalog.count(*) AS member_schema FROM pg_catalog.pg_depend
 WHERE classid = 'pg_catalog.pg_namespace'::regclass AND objid = 'govinfo'::regnamespace AND deptype = 'e';
DROP EXTENSION govinfo;
DROP SCHEMA govinfo;
\c "dbname=govinfo_trust user=govinfo_trust_owner password=govinfo-test host=localhost"
CREATE EXTENSION govinfo;

-- An untyped literal reaches the extension's own function.
SELECT pg_catalog.pg_typeof(govinfo.report('自有机关', 2022, 'gov2021', '{"review": 1}')) AS report_type;

-- Other roles may use the extension (USAGE on its schema, EXECUTE on its functions).
\c "dbname=govinfo_trust user=govinfo_trust_reader password=govinfo-test host=localhost"
SELECT govinfo.value(govinfo.report('自有机关', 2022, 'gov2021', '{"review": 1}'::jsonb), 'review') AS review;

-- A workspace lives only in a schema of the caller's own.
\c "dbname=govinfo_trust user=govinfo_trust_owner password=govinfo-test host=localhost"
CREATE SCHEMA owners_schema;
SELECT govinfo.create_workspace('public');
SELECT govinfo.create_workspace('govinfo');
SELECT govinfo.create_workspace('pg_catalog');
SELECT govinfo.create_workspace('owners_ws')::text AS created;
\c - postgres
-- A superuser is refused a schema that a less privileged role owns (its
-- owner could swap in a look-alike reports table with a trigger).
SELECT govinfo.create_workspace('owners_schema');
SELECT govinfo.create_workspace('owners_ws');
SELECT govinfo.create_workspace('superusers_ws')::text AS created;

-- DROP EXTENSION takes the schema it made with it.
SET client_min_messages = warning;
DROP SCHEMA superusers_ws CASCADE;
\c "dbname=govinfo_trust user=govinfo_trust_owner password=govinfo-test host=localhost"
SET client_min_messages = warning;
DROP SCHEMA owners_ws CASCADE;
RESET client_min_messages;
\c "dbname=govinfo_trust user=govinfo_trust_owner password=govinfo-test host=localhost"
DROP EXTENSION govinfo;
SELECT pg_catalog.count(*) AS govinfo_schemas FROM pg_catalog.pg_namespace WHERE nspname = 'govinfo';

\c :"test_db" postgres
SET client_min_messages = warning;
DROP DATABASE govinfo_trust;
DROP ROLE govinfo_trust_owner;
DROP ROLE govinfo_trust_reader;
