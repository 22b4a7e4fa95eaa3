-- Installation by a non-superuser database owner, a hostile search_path,
-- and how every function is marked and documented.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS govinfo;
RESET client_min_messages;

-- every function: volatility, strictness, parallel safety (read it against the README)
SELECT p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid) AS args,
       p.provolatile AS vol, p.proisstrict AS strict, p.proparallel AS par
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid AND e.extname = 'govinfo'
ORDER BY 1, 2;

-- no parallel-unsafe C function, and every object of the extension has a comment
SELECT p.proname FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid AND e.extname = 'govinfo'
WHERE p.prolang = (SELECT oid FROM pg_catalog.pg_language WHERE lanname = 'c') AND p.proparallel <> 's';
SELECT pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid) AS uncommented
FROM pg_catalog.pg_depend d
JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid AND e.extname = 'govinfo'
WHERE d.deptype = 'e'
  AND d.classid IN ('pg_catalog.pg_proc'::regclass, 'pg_catalog.pg_type'::regclass, 'pg_catalog.pg_operator'::regclass, 'pg_catalog.pg_class'::regclass)
  AND pg_catalog.obj_description(d.objid, d.classid::regclass::text) IS NULL
  AND NOT (d.classid = 'pg_catalog.pg_type'::regclass AND EXISTS
           (SELECT 1 FROM pg_catalog.pg_type t WHERE t.oid = d.objid AND t.typcategory = 'A'))
ORDER BY 1;

-- a database owner without superuser installs and uses the extension (trusted = true)
SET client_min_messages = warning;
DROP DATABASE IF EXISTS govinfo_owned;
DROP ROLE IF EXISTS govinfo_owner;
RESET client_min_messages;
CREATE ROLE govinfo_owner LOGIN PASSWORD 'govinfo-test' NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE DATABASE govinfo_owned OWNER govinfo_owner;
\c "dbname=govinfo_owned user=govinfo_owner password=govinfo-test host=localhost"
SELECT current_user, (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user) AS superuser;

-- a hostile search_path: look-alike objects that a careless script would pick up
CREATE SCHEMA evil;
CREATE FUNCTION evil.jsonb_object_agg(text, numeric) RETURNS jsonb LANGUAGE sql AS $$ SELECT '{"hijacked": 1}'::jsonb $$;
CREATE FUNCTION evil.sum(bigint) RETURNS bigint LANGUAGE sql AS $$ SELECT 42::bigint $$;
CREATE FUNCTION evil.array_fill(bigint, integer[]) RETURNS bigint[] LANGUAGE sql AS $$ SELECT ARRAY[42]::bigint[] $$;
CREATE TABLE evil.disclosure_report (x int);
SET search_path = evil, public;

CREATE EXTENSION govinfo;
-- the extension belongs to the installing role, its schema to a superuser
SELECT e.extname, pg_catalog.pg_get_userbyid(e.extowner) AS extension_owner,
       r.rolsuper AS schema_owner_is_superuser
FROM pg_catalog.pg_extension e, pg_catalog.pg_namespace n
JOIN pg_catalog.pg_roles r ON r.oid = n.nspowner
WHERE e.extname = 'govinfo' AND n.nspname = 'govinfo';

CREATE TABLE mine (report govinfo.disclosure_report CHECK (govinfo.check_totals(report)));
INSERT INTO mine VALUES (govinfo.report('自有机关', 2021, 'gov2021', '{"review": 1, "review.upheld": 1, "review.corrected": 0, "review.other": 0, "review.pending": 0}'));
INSERT INTO mine VALUES (govinfo.report('自有机关', 2022, 'gov2021', '{"review": 2, "review.upheld": 1, "review.corrected": 0, "review.other": 0, "review.pending": 0}'));
SELECT (report).agency, govinfo.value(report, 'review') FROM mine;
SELECT count(*) AS cells_rows FROM mine, govinfo.cells(report);
SELECT rule_id FROM mine, govinfo.violations(report, 'always_zero') ORDER BY 1 LIMIT 3;

-- the owner can drop it again
DROP TABLE mine;
DROP EXTENSION govinfo;
-- (with the schema its install script made)
SELECT pg_catalog.count(*) AS govinfo_schemas FROM pg_catalog.pg_namespace WHERE nspname = 'govinfo';
