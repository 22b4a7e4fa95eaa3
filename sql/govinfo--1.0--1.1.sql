/*
 * govinfo 1.0 -> 1.1 upgrade script.  What changed and what to do before an
 * upgrade is in CHANGELOG.md ("Upgrading from 1.0").
 */
\echo Use "ALTER EXTENSION govinfo UPDATE TO '1.1'" to load this file. \quit

-- ============================================================================
-- The schema: 1.0 left it owned by the role that ran CREATE EXTENSION (or by
-- whoever had made it first).  It passes to the role running this script (a
-- superuser; for a trusted extension the bootstrap superuser), after checking
-- that it holds nothing but the extension's own objects.
-- ============================================================================
DO $schema$
DECLARE
    foreign_objects text;
    grantee oid;
BEGIN
    SELECT pg_catalog.string_agg(pg_catalog.pg_describe_object(d.classid, d.objid, 0), ', ' ORDER BY 1)
      INTO foreign_objects
      FROM pg_catalog.pg_depend d
     WHERE d.refclassid = 'pg_catalog.pg_namespace'::pg_catalog.regclass
       AND d.refobjid = 'govinfo'::pg_catalog.regnamespace
       AND d.deptype = 'n'
       AND d.classid <> 'pg_catalog.pg_extension'::pg_catalog.regclass
       AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend e
                        WHERE e.classid = d.classid AND e.objid = d.objid AND e.deptype IN ('e', 'i', 'a'));
    IF foreign_objects IS NOT NULL THEN
        RAISE EXCEPTION 'schema "govinfo" holds objects that are not part of the extension'
            USING ERRCODE = 'object_in_use',
                  DETAIL = pg_catalog.format('They are: %s.', foreign_objects),
                  HINT = 'Move or drop them (someone other than the extension made them), then run ALTER EXTENSION govinfo UPDATE again.';
    END IF;
    EXECUTE 'ALTER SCHEMA govinfo OWNER TO CURRENT_USER';
    FOR grantee IN SELECT DISTINCT a.grantee
                     FROM pg_catalog.pg_namespace n, pg_catalog.aclexplode(n.nspacl) a
                    WHERE n.nspname = 'govinfo' AND a.grantee <> n.nspowner
    LOOP
        IF grantee = 0 THEN
            EXECUTE 'REVOKE ALL ON SCHEMA govinfo FROM PUBLIC';
        ELSE
            EXECUTE pg_catalog.format('REVOKE ALL ON SCHEMA govinfo FROM %I', pg_catalog.pg_get_userbyid(grantee));
        END IF;
    END LOOP;
END
$schema$;
COMMENT ON SCHEMA govinfo IS
'govinfo: typed storage, arithmetic checks, comparison and loading of 政府信息公开工作年度报告 statistical tables';
GRANT USAGE ON SCHEMA govinfo TO PUBLIC;

-- ============================================================================
-- Stored reports: 1.0 kept 万元 amounts in whole 元, 1.1 keeps them in 分
-- (0.01 元).  Every report stored in a table of this database is rewritten,
-- each table as its owner in a security-restricted operation (upgrade.c), so
-- that no trigger, constraint or index expression of a less privileged role
-- runs as the superuser running this script.  Materialized views are
-- refreshed after their tables.  Reports inside arrays, domains or other
-- composite types cannot be found this way: the update refuses, naming them.
-- ============================================================================
CREATE FUNCTION govinfo.amounts_1_0_to_1_1(r govinfo.disclosure_report)
RETURNS govinfo.disclosure_report
AS 'MODULE_PATHNAME', 'govinfo_amounts_1_0_to_1_1'
LANGUAGE C IMMUTABLE STRICT;
CREATE FUNCTION govinfo.upgrade_rewrite(rel regclass, col name)
RETURNS bigint
AS 'MODULE_PATHNAME', 'govinfo_upgrade_rewrite'
LANGUAGE C VOLATILE STRICT;

DO $amounts$
DECLARE
    rt       oid := 'govinfo.disclosure_report'::pg_catalog.regtype;
    nested   text;
    col      record;
    rows     bigint := 0;
    tables   integer := 0;
BEGIN
    SELECT pg_catalog.string_agg(pg_catalog.format('%s.%I', a.attrelid::pg_catalog.regclass, a.attname), ', ' ORDER BY 1)
      INTO nested
      FROM pg_catalog.pg_attribute a
      JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
      JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
     WHERE c.relkind IN ('r', 'p', 'm', 'f') AND a.attnum > 0 AND NOT a.attisdropped
       AND (t.typelem = rt OR t.typbasetype = rt
            OR (t.typrelid <> 0 AND t.oid <> rt AND EXISTS
                (SELECT FROM pg_catalog.pg_attribute b
                  WHERE b.attrelid = t.typrelid AND b.atttypid = rt AND NOT b.attisdropped)));
    IF nested IS NOT NULL THEN
        RAISE EXCEPTION 'govinfo 1.1 stores amounts in 分 and cannot convert reports held inside other types'
            USING ERRCODE = 'feature_not_supported',
                  DETAIL = pg_catalog.format('Columns: %s.', nested),
                  HINT = 'Store those reports as plain govinfo.disclosure_report columns, or empty those columns, then update again.';
    END IF;

    FOR col IN SELECT a.attrelid::pg_catalog.regclass AS rel, a.attname
                 FROM pg_catalog.pg_attribute a
                 JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
                WHERE c.relkind = 'r' AND a.atttypid = rt AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY 1, 2
    LOOP
        rows := rows + govinfo.upgrade_rewrite(col.rel, col.attname);
        tables := tables + 1;
    END LOOP;
    FOR col IN SELECT DISTINCT a.attrelid::pg_catalog.regclass AS rel
                 FROM pg_catalog.pg_attribute a
                 JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
                WHERE c.relkind = 'm' AND c.relispopulated AND a.atttypid = rt AND NOT a.attisdropped
    LOOP
        EXECUTE pg_catalog.format('REFRESH MATERIALIZED VIEW %s', col.rel);
    END LOOP;
    IF rows > 0 THEN
        RAISE NOTICE 'govinfo: amounts of % stored reports in % columns converted from 元 to 分', rows, tables;
    END IF;
END
$amounts$;

DROP FUNCTION govinfo.upgrade_rewrite(regclass, name);
DROP FUNCTION govinfo.amounts_1_0_to_1_1(govinfo.disclosure_report);
COMMENT ON TYPE govinfo.disclosure_report IS
'One agency''s annual-report statistical table: agency, year, template (gov2014, gov2019, gov2021) and cells, one bigint per stored cell in template order (govinfo.template_cells), NULL = not reported; 万元 amounts stored as integer 分 (0.01 元)';

-- ============================================================================
-- Checks: violations() and continuity() gain message_zh, so they are made
-- again.  Views of the database that use them (a 1.0 workspace's validation
-- view) are kept: each is saved with its definition, options, owner, grants
-- and comment, dropped, and made again after the functions, in dependency
-- order.  Anything else that depends on them (a materialized view, a
-- function body, a default) stops the update, named.
-- ============================================================================
DO $save_views$
DECLARE
    funcs   oid[] := ARRAY['govinfo.violations(govinfo.disclosure_report, text, text)'::pg_catalog.regprocedure,
                           'govinfo.continuity(govinfo.disclosure_report, govinfo.disclosure_report, text)'::pg_catalog.regprocedure];
    others  text;
    saved   jsonb;
    i       integer;
BEGIN
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
    SELECT pg_catalog.string_agg(pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid), ', ')
      INTO others
      FROM pg_catalog.pg_depend d
     WHERE d.refclassid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.refobjid = ANY (funcs)
       AND d.deptype = 'n'
       AND NOT (d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND EXISTS
                (SELECT FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_class c ON c.oid = r.ev_class
                  WHERE r.oid = d.objid AND c.relkind = 'v'));
    IF others IS NOT NULL THEN
        RAISE EXCEPTION 'objects outside the extension depend on govinfo.violations() or govinfo.continuity()'
            USING ERRCODE = 'dependent_objects_still_exist',
                  DETAIL = pg_catalog.format('They are: %s. Views are kept by the update; these cannot be.', others),
                  HINT = 'Drop them, run ALTER EXTENSION govinfo UPDATE, then make them again.';
    END IF;

    -- every view using the functions, and the views using those, deepest last
    WITH RECURSIVE dep(view, depth) AS (
        SELECT DISTINCT r.ev_class, 1
          FROM pg_catalog.pg_depend d
          JOIN pg_catalog.pg_rewrite r ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND r.oid = d.objid
         WHERE d.refclassid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.refobjid = ANY (funcs)
        UNION
        SELECT r.ev_class, dep.depth + 1
          FROM dep
          JOIN pg_catalog.pg_depend d ON d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjid = dep.view
          JOIN pg_catalog.pg_rewrite r ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND r.oid = d.objid
         WHERE r.ev_class <> dep.view),
    views AS (SELECT view, pg_catalog.max(depth) AS depth FROM dep GROUP BY view)
    SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
               'name', v.view::pg_catalog.regclass::text,
               'def', pg_catalog.pg_get_viewdef(v.view),
               'options', COALESCE(pg_catalog.array_to_string(c.reloptions, ', '), ''),
               'owner', pg_catalog.pg_get_userbyid(c.relowner),
               'comment', pg_catalog.obj_description(v.view, 'pg_class'),
               'grants', (SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                                     'grantee', CASE WHEN a.grantee = 0 THEN 'PUBLIC'
                                                     ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(a.grantee)) END,
                                     'privilege', a.privilege_type, 'grantable', a.is_grantable))
                            FROM pg_catalog.aclexplode(c.relacl) a WHERE a.grantee <> c.relowner))
               ORDER BY v.depth, v.view)
      INTO saved
      FROM views v JOIN pg_catalog.pg_class c ON c.oid = v.view;
    saved := COALESCE(saved, '[]');
    PERFORM pg_catalog.set_config('govinfo.upgrade_saved_views', saved::text, true);
    FOR i IN REVERSE pg_catalog.jsonb_array_length(saved) - 1 .. 0
    LOOP
        EXECUTE pg_catalog.format('DROP VIEW %s', saved->i->>'name');
    END LOOP;
END
$save_views$;

DROP FUNCTION govinfo.violations(govinfo.disclosure_report, text, text);
DROP FUNCTION govinfo.continuity(govinfo.disclosure_report, govinfo.disclosure_report, text);

CREATE FUNCTION govinfo.violations(r govinfo.disclosure_report,
    mode text DEFAULT 'non_null', output text DEFAULT 'invalid',
    OUT rule_id text, OUT severity text, OUT outcome boolean,
    OUT lhs numeric, OUT rhs numeric, OUT imbalance numeric,
    OUT cells text[], OUT message text, OUT message_zh text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'govinfo_violations'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 60;

COMMENT ON FUNCTION govinfo.violations(govinfo.disclosure_report, text, text) IS
'One row per rule instance of the report''s template: outcome (false = broken, NULL = cannot be judged), both sides, imbalance (left - right), the cells, a message naming them and message_zh, the finding in plain Chinese by the cells'' labels; a group term is the group''s value (its present members'' sum); output ''invalid'' (default) lists the broken ones, ''all'' every instance; mode is one of non_null, non_zero, partial_null, partial_zero, always_null, always_zero, certain';

CREATE FUNCTION govinfo.continuity(prev govinfo.disclosure_report, cur govinfo.disclosure_report,
    mode text DEFAULT 'non_null',
    OUT rule_id text, OUT severity text, OUT outcome boolean,
    OUT lhs numeric, OUT rhs numeric, OUT imbalance numeric,
    OUT cells text[], OUT message text, OUT message_zh text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'govinfo_continuity'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;

COMMENT ON FUNCTION govinfo.continuity(govinfo.disclosure_report, govinfo.disclosure_report, text) IS
'The continuity (prev.) rules of cur''s template between the same agency''s reports of two consecutive years, across templates; one row per instance, with the same columns as govinfo.violations (message_zh included)';

CREATE FUNCTION govinfo.upgrade_check(r govinfo.disclosure_report, mode text DEFAULT 'non_null',
    OUT rule_id text, OUT outcome_1_0 boolean, OUT outcome_1_1 boolean)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'govinfo_upgrade_check'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 5;

COMMENT ON FUNCTION govinfo.upgrade_check(govinfo.disclosure_report, text) IS
'The rule instances (continuity rules aside) whose outcome under the mode differs between govinfo 1.0, where a group term stood for its definition (NULL under non_null when any member is blank), and 1.1, where it stands for the group''s value (the sum of its present members, blank only when none is); mode certain is new in 1.1 and refused';

-- Every report stored in a table of the database that the caller may read,
-- through govinfo.upgrade_check(r): what to look at after updating from 1.0.
CREATE FUNCTION govinfo.upgrade_check(
    OUT relation regclass, OUT column_name name, OUT agency text, OUT year integer,
    OUT template text, OUT rule_id text, OUT outcome_1_0 boolean, OUT outcome_1_1 boolean)
RETURNS SETOF record
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $upgrade_check$
DECLARE
    col record;
BEGIN
    FOR col IN SELECT a.attrelid::pg_catalog.regclass AS rel, a.attname
                 FROM pg_catalog.pg_attribute a
                 JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
                WHERE c.relkind IN ('r', 'p', 'm') AND NOT c.relispartition
                  AND a.atttypid = 'govinfo.disclosure_report'::pg_catalog.regtype
                  AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY 1, 2
    LOOP
        IF NOT pg_catalog.has_column_privilege(col.rel, col.attname, 'SELECT') THEN
            RAISE NOTICE 'govinfo.upgrade_check: %.% skipped (no SELECT privilege)', col.rel, col.attname;
            CONTINUE;
        END IF;
        RETURN QUERY EXECUTE pg_catalog.format(
            'SELECT %L::pg_catalog.regclass, %L::pg_catalog.name, (t.%I).agency, (t.%I).year, (t.%I).template,'
            '       u.rule_id, u.outcome_1_0, u.outcome_1_1'
            '  FROM %s t, govinfo.upgrade_check(t.%I) u'
            ' ORDER BY 3, 4, 6',
            col.rel, col.attname, col.attname, col.attname, col.attname, col.rel, col.attname);
    END LOOP;
END
$upgrade_check$;
COMMENT ON FUNCTION govinfo.upgrade_check() IS
'Every report stored in a table or materialized view the caller may read whose rule outcomes (mode non_null) differ between govinfo 1.0 and 1.1, one row per rule instance: where it is stored, the report''s agency, year and template, and both outcomes; tables the caller cannot read are skipped with a NOTICE';

DO $restore_views$
DECLARE
    v jsonb;
    g jsonb;
BEGIN
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
    FOR v IN SELECT pg_catalog.jsonb_array_elements(pg_catalog.current_setting('govinfo.upgrade_saved_views')::jsonb)
    LOOP
        EXECUTE pg_catalog.format('CREATE VIEW %s%s AS %s', v->>'name',
                                  CASE WHEN v->>'options' <> '' THEN pg_catalog.format(' WITH (%s)', v->>'options') ELSE '' END,
                                  pg_catalog.rtrim(v->>'def', ';'));
        -- made in this script, the view would join the extension: it stays the user's
        EXECUTE pg_catalog.format('ALTER EXTENSION govinfo DROP VIEW %s', v->>'name');
        EXECUTE pg_catalog.format('ALTER VIEW %s OWNER TO %I', v->>'name', v->>'owner');
        IF v->>'comment' IS NOT NULL THEN
            EXECUTE pg_catalog.format('COMMENT ON VIEW %s IS %L', v->>'name', v->>'comment');
        END IF;
        FOR g IN SELECT pg_catalog.jsonb_array_elements(CASE pg_catalog.jsonb_typeof(v->'grants') WHEN 'array' THEN v->'grants' ELSE '[]' END)
        LOOP
            EXECUTE pg_catalog.format('GRANT %s ON %s TO %s%s', g->>'privilege', v->>'name', g->>'grantee',
                                      CASE WHEN (g->>'grantable')::boolean THEN ' WITH GRANT OPTION' ELSE '' END);
        END LOOP;
    END LOOP;
END
$restore_views$;

-- ============================================================================
-- Which cells are wrong
-- ============================================================================

CREATE FUNCTION govinfo.locate(r govinfo.disclosure_report, mode text DEFAULT 'non_null',
    max_cells integer DEFAULT 3)
RETURNS TABLE(rank integer, kind text, cells text[], old_values numeric[],
              new_values numeric[], fixes text[], score real)
AS 'MODULE_PATHNAME', 'govinfo_locate'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 5;

COMMENT ON FUNCTION govinfo.locate(govinfo.disclosure_report, text, integer) IS
'Explanations of the report''s broken error rules, best first: changing cells from old_values to new_values (printed units) makes every error rule instance hold or unjudgeable under the mode; fewest cells first, then the slip (swap, transposed_digits, wrong_digit, dropped_digit, extra_digit, unit, sign, zero_total, value), then fewer broken warnings, fewer digits changed, the smaller change, totals before parts, printed order; no rows for a consistent report; a bounded search (a NOTICE when the bound is reached)';

CREATE FUNCTION govinfo.with_cells(r govinfo.disclosure_report, cells jsonb)
RETURNS govinfo.disclosure_report
AS 'MODULE_PATHNAME', 'govinfo_with_cells'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION govinfo.with_cells(govinfo.disclosure_report, jsonb) IS
'The report with the cells named in {"code": value} changed, values as govinfo.report() takes them (null blanks a cell), validated as report() validates; agency, year and the other cells unchanged';

-- ============================================================================
-- Reading a report with last year's beside it
-- ============================================================================

CREATE FUNCTION govinfo.parse_report(content text, previous govinfo.disclosure_report,
    agency text DEFAULT NULL, year integer DEFAULT NULL, template text DEFAULT NULL)
RETURNS govinfo.disclosure_report
AS 'MODULE_PATHNAME', 'govinfo_parse_report_previous'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION govinfo.parse_report(text, govinfo.disclosure_report, text, integer, text) IS
'govinfo.parse_report(content, agency, year, template) given the same agency''s report of the year before: where digits ran together and the table''s arithmetic leaves more than one reading, the one that keeps the continuity rules (上年结转 = last year''s 结转下年度继续办理; 现行有效件数 = last year''s + 本年制发 - 本年废止) is taken, with a warning in parse_log; a previous report of another year than the one before is an error (22023)';

CREATE FUNCTION govinfo.parse_log(content text, previous govinfo.disclosure_report,
    agency text DEFAULT NULL, year integer DEFAULT NULL, template text DEFAULT NULL)
RETURNS TABLE(severity text, section text, label text, raw text, message text)
AS 'MODULE_PATHNAME', 'govinfo_parse_log_previous'
LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 20;
COMMENT ON FUNCTION govinfo.parse_log(text, govinfo.disclosure_report, text, integer, text) IS
'What govinfo.parse_report(content, previous, …) does with a text, last year''s report given: as govinfo.parse_log(content, agency, year, template), with the readings the continuity rules decided';

-- ============================================================================
-- Comments that 1.1 words anew
-- ============================================================================

COMMENT ON FUNCTION govinfo.value(govinfo.disclosure_report, text) IS
'The value of a cell or group in its printed unit (万元 with decimals); a group is the sum of its present members, NULL when none is present; NULL for a code of another template that this report''s lacks (a code no template has is an error)';

COMMENT ON FUNCTION govinfo.is_consistent(govinfo.disclosure_report, text) IS
'False when any error-severity rule instance is broken under the mode (one of govinfo.violations''s seven); never raises for a broken rule';

COMMENT ON FUNCTION govinfo.check_totals(govinfo.disclosure_report, text) IS
'For CHECK constraints: true, or raises check_violation (23514) naming the agency and year with every broken error rule in the detail; mode certain refuses only what is wrong whatever the blank cells hold';

COMMENT ON FUNCTION govinfo.compare(govinfo.disclosure_report, govinfo.disclosure_report) IS
'Two reports side by side, every code in printed order (groups included): a, b, delta = b - a and pct = 100 * delta / a rounded to 1 place (NULL when a is NULL or 0); a NULL a (lag() on the first row) gives the rows with a NULL; across templates, b''s codes and then those only a''s template has, the shared ones compared';

COMMENT ON FUNCTION govinfo.complete(govinfo.disclosure_report, text) IS
'The report with blank totals filled from their parts by the template''s error-severity equality rules, repeated until nothing changes; reported values are never changed and a total the report contradicts stays blank. a part that is a group is its value (the sum of its present members); non_null (and the *_null modes and certain): only when every part is present; non_zero / partial_zero / always_zero: blanks count as 0 when some part is non-zero / present / always';

-- ============================================================================
-- The workspace
-- ============================================================================
-- 1.0's workspaces stay as they are (reports, rejects and their views);
-- create_workspace now makes the oversight workspace, and the functions that
-- work on it are new.
DROP FUNCTION govinfo.create_workspace(name);

CREATE FUNCTION govinfo.normalize_agency_name(name text)
RETURNS text
AS 'MODULE_PATHNAME', 'govinfo_normalize_agency_name'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govinfo.normalize_agency_name(text) IS
'The key a workspace matches agency names on: traditional characters folded to simplified, full-width forms to ASCII, letters to lower case, spaces and brackets removed (their contents kept)';

CREATE FUNCTION govinfo.report_problem(r govinfo.disclosure_report)
RETURNS text
AS 'MODULE_PATHNAME', 'govinfo_report_problem'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govinfo.report_problem(govinfo.disclosure_report) IS
'Why the other functions would refuse this report (unknown template, cells array of the wrong length, year out of range, a negative value where none is allowed), or NULL when it is well formed; never raises';

CREATE FUNCTION govinfo.unjudged_rules(r govinfo.disclosure_report, mode text DEFAULT 'non_null')
RETURNS text[]
AS 'MODULE_PATHNAME', 'govinfo_unjudged_rules'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govinfo.unjudged_rules(govinfo.disclosure_report, text) IS
'The error-severity rule instances of the report that cannot be judged under the mode (blank operands), as rule ids; empty when every one can be';

CREATE FUNCTION govinfo.is_mode(mode text)
RETURNS boolean
AS 'MODULE_PATHNAME', 'govinfo_is_mode'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govinfo.is_mode(text) IS
'Whether the rule engine knows this missing-value mode (non_null, non_zero, partial_null, partial_zero, always_null, always_zero …)';

-- The workspace a function is given: its schema must hold the workspace's
-- tables.  Not STRICT: a NULL name is an error.
CREATE FUNCTION govinfo.workspace_schema(workspace name)
RETURNS name
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $check$
BEGIN
    IF workspace IS NULL THEN
        RAISE EXCEPTION 'workspace name must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF pg_catalog.to_regclass(pg_catalog.format('%I.report_versions', workspace)) IS NULL
       OR pg_catalog.to_regclass(pg_catalog.format('%I.findings', workspace)) IS NULL
       OR pg_catalog.to_regclass(pg_catalog.format('%I.agency_aliases', workspace)) IS NULL THEN
        RAISE EXCEPTION 'schema % is not a govinfo workspace', pg_catalog.quote_ident(workspace)
            USING ERRCODE = 'undefined_table',
                  DETAIL = 'It has no tables report_versions, agency_aliases and findings.',
                  HINT = 'Create one with SELECT govinfo.create_workspace(''schema'').';
    END IF;
    RETURN workspace;
END
$check$;
COMMENT ON FUNCTION govinfo.workspace_schema(name) IS
'The name given, when that schema holds a workspace made by govinfo.create_workspace; otherwise an error (42P01)';

-- Trigger function of report_versions (AFTER UPDATE, FOR EACH STATEMENT,
-- transition tables changed_before and changed): the gate table reports
-- holds, for every agency and year touched, its current version when that
-- is consistent.
CREATE FUNCTION govinfo.workspace_sync_gate()
RETURNS trigger
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $sync$
BEGIN
    EXECUTE pg_catalog.format($sql$
DELETE FROM %1$I.reports r
 USING (SELECT DISTINCT c.agency_id, c.year FROM changed c) t
 WHERE r.agency_id = t.agency_id AND r.year = t.year
$sql$, TG_TABLE_SCHEMA);
    IF TG_OP = 'UPDATE' THEN
        EXECUTE pg_catalog.format($sql$
DELETE FROM %1$I.reports r
 USING (SELECT DISTINCT c.agency_id, c.year FROM changed_before c) t
 WHERE r.agency_id = t.agency_id AND r.year = t.year
$sql$, TG_TABLE_SCHEMA);
    END IF;
    EXECUTE pg_catalog.format($sql$
INSERT INTO %1$I.reports (agency_id, agency, region, level, year, report, version_id,
                          source, content_hash, loaded_at)
SELECT v.agency_id, a.name, a.region, a.level, v.year, v.report, v.version_id,
       v.source, v.content_hash, v.loaded_at
  FROM (SELECT DISTINCT c.agency_id, c.year FROM changed c) t
  JOIN %1$I.report_versions v
    ON v.agency_id = t.agency_id AND v.year = t.year AND v.is_current
  JOIN %1$I.agencies a ON a.agency_id = v.agency_id
 WHERE v.status = 'consistent'
$sql$, TG_TABLE_SCHEMA);
    RETURN NULL;
END
$sync$;
COMMENT ON FUNCTION govinfo.workspace_sync_gate() IS
'Trigger function of a workspace''s report_versions (after each update statement): keeps the gate table reports equal to the current consistent versions of the agencies and years the statement touched';

-- Trigger function of workspace_settings (AFTER UPDATE): a new mode
-- re-judges every version and moves the gate's CHECK to that mode.
CREATE FUNCTION govinfo.workspace_settings_changed()
RETURNS trigger
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $settings$
BEGIN
    IF NEW.mode IS DISTINCT FROM OLD.mode THEN
        EXECUTE pg_catalog.format('ALTER TABLE %I.reports DROP CONSTRAINT reports_report_check',
                                  TG_TABLE_SCHEMA);
        EXECUTE pg_catalog.format($sql$
UPDATE %1$I.report_versions v
   SET status = CASE WHEN govinfo.is_consistent(v.report, $1) THEN 'consistent' ELSE 'flagged' END
 WHERE v.status IS DISTINCT FROM
       CASE WHEN govinfo.is_consistent(v.report, $1) THEN 'consistent' ELSE 'flagged' END
$sql$, TG_TABLE_SCHEMA) USING NEW.mode;
        EXECUTE pg_catalog.format(
            'ALTER TABLE %I.reports ADD CONSTRAINT reports_report_check CHECK (govinfo.check_totals(report, %L))',
            TG_TABLE_SCHEMA, NEW.mode);
    END IF;
    RETURN NULL;
END
$settings$;
COMMENT ON FUNCTION govinfo.workspace_settings_changed() IS
'Trigger function of a workspace''s workspace_settings: when the mode changes, every version''s status is judged again under it and the gate table''s CHECK follows it (findings follow at the next govinfo.refresh_findings)';

-- Trigger function of findings (BEFORE UPDATE): who reviewed, and when.
CREATE FUNCTION govinfo.workspace_finding_reviewed()
RETURNS trigger
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $reviewed$
BEGIN
    IF (NEW.status IS DISTINCT FROM OLD.status AND NEW.status IN ('confirmed', 'dismissed'))
       OR NEW.note IS DISTINCT FROM OLD.note THEN
        NEW.reviewed_by := CURRENT_USER;
        NEW.reviewed_at := pg_catalog.now();
    END IF;
    RETURN NEW;
END
$reviewed$;
COMMENT ON FUNCTION govinfo.workspace_finding_reviewed() IS
'Trigger function of a workspace''s findings: a status set to confirmed or dismissed, or a note changed, records reviewed_by and reviewed_at';

-- Not STRICT on purpose: a NULL schema name is an error, not a silent no-op.
CREATE FUNCTION govinfo.create_workspace(schema_name name DEFAULT 'disclosure')
RETURNS regnamespace
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $workspace$
DECLARE
    objects  CONSTANT text[] := ARRAY['workspace_settings', 'agencies', 'agency_aliases',
                                      'report_versions', 'regional_sums', 'reports', 'rejects', 'findings',
                                      'current_reports', 'analysed_reports', 'report_history',
                                      'findings_letter', 'report_summary', 'coverage',
                                      'missing_reports', 'series', 'regional_totals',
                                      'regional_tables', 'rankings', 'cells_long',
                                      'agency_metrics', 'yoy_cells', 'yoy_metrics'];
    existing text;
    mcols    text;      -- the metric columns of govinfo.disclosure_metrics, as m.col
    mpairs   text;      -- VALUES rows (metric, prev, value) of columns s.p and s.m
    csumup   text;      -- per count metric: its sum and how many reports give it, over groups of regional_sums
    rsumup   text;      -- per rate: the sums of its numerator and denominator and how many reports give both
    runpivot text;      -- VALUES rows (metric, numerator, denominator, value) of one report
    scols    text;      -- regional_sums: the columns of the sums, with their types
    snames   text;      -- the same, names only
    sdelta   text;      -- the signed sums of a set of versions d (sign, …) with metrics m
    supdate  text;      -- a stored row of regional_sums plus EXCLUDED, the delta
    sseries  text;      -- series: one UNION ALL branch per metric over regional_sums
    sums_sql text;      -- the statement that adds to regional_sums the signed rows of d
    created  boolean := false;
BEGIN
    IF schema_name IS NULL THEN
        RAISE EXCEPTION 'schema name must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;

    -- A workspace lives in a schema of the caller's own: the owner of a schema
    -- can drop or swap the tables in it (a look-alike reports table with a
    -- trigger would then run as whoever loads reports).  The extension's
    -- schema, public and the system schemas are never workspaces.
    IF schema_name IN ('govinfo', 'public', 'pg_catalog', 'information_schema', 'pg_toast')
       OR schema_name LIKE 'pg\_temp%' OR schema_name LIKE 'pg\_toast\_temp%' THEN
        RAISE EXCEPTION 'schema % cannot hold a workspace', pg_catalog.quote_ident(schema_name)
            USING ERRCODE = 'invalid_schema_name',
                  DETAIL = 'The extension''s schema, public and the system schemas are shared with other roles.',
                  HINT = 'Name a schema of your own; govinfo.create_workspace() creates it when it does not exist.';
    END IF;
    SELECT r.rolname INTO existing
      FROM pg_catalog.pg_namespace n
      JOIN pg_catalog.pg_roles r ON r.oid = n.nspowner
     WHERE n.nspname = schema_name AND n.nspowner <> (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = current_user);
    IF existing IS NOT NULL THEN
        RAISE EXCEPTION 'schema % is not owned by the current role', pg_catalog.quote_ident(schema_name)
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('It belongs to role %I; its owner could drop or replace the workspace''s tables.', existing),
                  HINT = 'Name a schema you own, or a new one.';
    END IF;

    SELECT pg_catalog.string_agg(pg_catalog.quote_ident(c.relname), ', ' ORDER BY c.relname)
      INTO existing
      FROM pg_catalog.pg_class c
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = schema_name AND c.relname = ANY (objects);
    IF existing IS NOT NULL THEN
        RAISE EXCEPTION 'schema % already holds workspace objects',
                pg_catalog.quote_ident(schema_name)
            USING ERRCODE = 'duplicate_table',
                  DETAIL = pg_catalog.format('It has %s.', existing),
                  HINT = 'Choose another schema, or drop these objects first.';
    END IF;

    IF NOT EXISTS (SELECT FROM pg_catalog.pg_namespace WHERE nspname = schema_name) THEN
        EXECUTE pg_catalog.format('CREATE SCHEMA %I', schema_name);
        created := true;
    END IF;

    -- Every statement below is parsed under this function's search_path
    -- (pg_catalog, pg_temp): operators resolve to pg_catalog's, functions
    -- are written pg_catalog.-qualified, and everything else is qualified by
    -- its schema.  The metrics are read from govinfo.disclosure_metrics, so
    -- that the views follow that type: its bigint columns are counts, summed
    -- over reports; its other numeric columns are rates, whose numerator and
    -- denominator are named below (the same as govinfo.metrics() divides).
    SELECT pg_catalog.string_agg(pg_catalog.format('m.%I', a.attname), ', ' ORDER BY a.attnum),
           pg_catalog.string_agg(pg_catalog.format('(%L, (s.p).%I::pg_catalog.numeric, (s.m).%I::pg_catalog.numeric)',
                                                   a.attname, a.attname, a.attname), ', ' ORDER BY a.attnum)
      INTO mcols, mpairs
      FROM pg_catalog.pg_attribute a
      JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
     WHERE a.attrelid = 'govinfo.disclosure_metrics'::pg_catalog.regclass
       AND a.attnum > 0 AND NOT a.attisdropped
       AND a.attname NOT IN ('agency', 'year', 'template')
       AND t.typcategory = 'N';
    SELECT pg_catalog.string_agg(pg_catalog.format('pg_catalog.sum(g.%1$I)::pg_catalog.int8 AS %1$I, pg_catalog.sum(g.%2$I)::pg_catalog.int8 AS %2$I',
                                                   a.attname, a.attname || '_reports'), ', ' ORDER BY a.attnum)
      INTO csumup
      FROM pg_catalog.pg_attribute a
     WHERE a.attrelid = 'govinfo.disclosure_metrics'::pg_catalog.regclass
       AND a.attnum > 0 AND NOT a.attisdropped
       AND a.atttypid = 'pg_catalog.int8'::pg_catalog.regtype;
    SELECT pg_catalog.string_agg(pg_catalog.format(
               '(%1$L, (%2$s)::pg_catalog.numeric, (%3$s)::pg_catalog.numeric, (s.m).%1$I)',
               x.rate, pg_catalog.replace(x.num, 'M.', '(s.m).'), pg_catalog.replace(x.den, 'M.', '(s.m).')), ', ' ORDER BY x.ord),
           pg_catalog.string_agg(pg_catalog.format(
               'pg_catalog.sum(g.%1$I) AS %1$I, pg_catalog.sum(g.%2$I) AS %2$I, pg_catalog.sum(g.%3$I)::pg_catalog.int8 AS %3$I',
               x.rate || '_numerator', x.rate || '_denominator', x.rate || '_reports'), ', ' ORDER BY x.ord)
      INTO runpivot, rsumup
      FROM (VALUES (1, 'disclosure_rate',
                    'CASE WHEN M.disclosed IS NOT NULL OR M.partly_disclosed IS NOT NULL THEN COALESCE(M.disclosed, 0) + COALESCE(M.partly_disclosed, 0) END',
                    'M.requests_handled'),
                   (2, 'refusal_rate', 'M.refused', 'M.requests_handled'),
                   (3, 'review_correction_rate', 'M.reviews_corrected', 'M.reviews'),
                   (4, 'litigation_correction_rate', 'M.lawsuits_corrected', 'M.lawsuits')) x(ord, rate, num, den)
     WHERE EXISTS (SELECT FROM pg_catalog.pg_attribute a
                    WHERE a.attrelid = 'govinfo.disclosure_metrics'::pg_catalog.regclass
                      AND a.attname = x.rate AND NOT a.attisdropped);
    IF mcols IS NULL OR csumup IS NULL OR rsumup IS NULL THEN
        RAISE EXCEPTION 'govinfo.disclosure_metrics has no count or rate columns'
            USING ERRCODE = 'internal_error';
    END IF;

    -- regional_sums: the same sums per region, level, year and status, kept
    -- by the triggers of report_versions and agencies, which add the signed
    -- sums of the versions a statement made current (sign 1) or no longer
    -- current (sign -1).  A sum is NULL when no report gives its figure, as
    -- pg_catalog.sum() is.  series reads them one metric per branch, so that
    -- a question about one metric sums that metric alone.  The scope is read
    -- as one scalar row: the settings table, never analysed, would otherwise
    -- be estimated at hundreds of rows, and the plan at a cost that JIT
    -- compiles for half a second.
    SELECT pg_catalog.string_agg(x.col, ', ' ORDER BY x.ord), pg_catalog.string_agg(x.name, ', ' ORDER BY x.ord),
           pg_catalog.string_agg(x.delta, ', ' ORDER BY x.ord), pg_catalog.string_agg(x.upd, ', ' ORDER BY x.ord),
           pg_catalog.string_agg(x.branch, ' UNION ALL ' ORDER BY x.ord)
      INTO scols, snames, sdelta, supdate, sseries
      FROM (SELECT a.attnum AS ord,
                   pg_catalog.format('%1$I pg_catalog.numeric, %2$I pg_catalog.int8 NOT NULL',
                                     a.attname, a.attname || '_reports') AS col,
                   pg_catalog.format('%1$I, %2$I', a.attname, a.attname || '_reports') AS name,
                   pg_catalog.format('pg_catalog.sum(d.sign * m.%1$I) AS %1$I, '
                                     'COALESCE(pg_catalog.sum(d.sign) FILTER (WHERE m.%1$I IS NOT NULL), 0) AS %2$I',
                                     a.attname, a.attname || '_reports') AS delta,
                   pg_catalog.format('%2$I = s.%2$I + EXCLUDED.%2$I, '
                                     '%1$I = CASE WHEN s.%2$I + EXCLUDED.%2$I = 0 THEN NULL '
                                     'ELSE COALESCE(s.%1$I, 0) + COALESCE(EXCLUDED.%1$I, 0) END',
                                     a.attname, a.attname || '_reports') AS upd,
                   pg_catalog.format('SELECT g.region, g.level, g.year, %2$L::pg_catalog.text AS metric, '
                                     'g.v::pg_catalog.numeric AS numerator, NULL::pg_catalog.numeric AS denominator, '
                                     'g.v::pg_catalog.numeric AS value, g.n AS reports, g.scope '
                                     'FROM (SELECT %4$s, pg_catalog.sum(s.%2$I)::pg_catalog.int8 AS v, '
                                     'pg_catalog.sum(s.%3$I)::pg_catalog.int8 AS n %5$s) g',
                                     schema_name, a.attname, a.attname || '_reports',
                                     'CASE WHEN GROUPING(s.region) = 1 THEN ''(all)'' ELSE COALESCE(s.region, ''(none)'') END AS region, '
                                     'CASE WHEN GROUPING(s.level) = 1 THEN ''(all)'' ELSE COALESCE(s.level, ''(none)'') END AS level, '
                                     's.year, pg_catalog.min(w.scope) AS scope',
                                     pg_catalog.format('FROM %1$I.regional_sums s CROSS JOIN (SELECT (SELECT x.scope FROM %1$I.workspace_settings x) AS scope) w '
                                                       'WHERE w.scope = ''as_published'' OR s.status = ''consistent'' '
                                                       'GROUP BY GROUPING SETS ((s.region, s.level, s.year), (s.region, s.year), '
                                                       '(s.level, s.year), (s.year))', schema_name)) AS branch
              FROM pg_catalog.pg_attribute a
             WHERE a.attrelid = 'govinfo.disclosure_metrics'::pg_catalog.regclass
               AND a.attnum > 0 AND NOT a.attisdropped
               AND a.atttypid = 'pg_catalog.int8'::pg_catalog.regtype
            UNION ALL
            SELECT 10000 + r.ord,
                   pg_catalog.format('%1$I pg_catalog.numeric, %2$I pg_catalog.numeric, %3$I pg_catalog.int8 NOT NULL',
                                     r.rate || '_numerator', r.rate || '_denominator', r.rate || '_reports'),
                   pg_catalog.format('%1$I, %2$I, %3$I',
                                     r.rate || '_numerator', r.rate || '_denominator', r.rate || '_reports'),
                   pg_catalog.format('pg_catalog.sum(d.sign * (%1$s)) FILTER (WHERE (%1$s) IS NOT NULL AND (%2$s) IS NOT NULL) AS %3$I, '
                                     'pg_catalog.sum(d.sign * (%2$s)) FILTER (WHERE (%1$s) IS NOT NULL AND (%2$s) IS NOT NULL) AS %4$I, '
                                     'COALESCE(pg_catalog.sum(d.sign) FILTER (WHERE (%1$s) IS NOT NULL AND (%2$s) IS NOT NULL), 0) AS %5$I',
                                     pg_catalog.replace(r.num, 'M.', 'm.'), pg_catalog.replace(r.den, 'M.', 'm.'),
                                     r.rate || '_numerator', r.rate || '_denominator', r.rate || '_reports'),
                   pg_catalog.format('%3$I = s.%3$I + EXCLUDED.%3$I, '
                                     '%1$I = CASE WHEN s.%3$I + EXCLUDED.%3$I = 0 THEN NULL '
                                     'ELSE COALESCE(s.%1$I, 0) + COALESCE(EXCLUDED.%1$I, 0) END, '
                                     '%2$I = CASE WHEN s.%3$I + EXCLUDED.%3$I = 0 THEN NULL '
                                     'ELSE COALESCE(s.%2$I, 0) + COALESCE(EXCLUDED.%2$I, 0) END',
                                     r.rate || '_numerator', r.rate || '_denominator', r.rate || '_reports'),
                   pg_catalog.format('SELECT g.region, g.level, g.year, %2$L::pg_catalog.text AS metric, '
                                     'g.p AS numerator, g.q AS denominator, '
                                     'pg_catalog.round(g.p / NULLIF(g.q, 0), 4) AS value, g.n AS reports, g.scope '
                                     'FROM (SELECT %6$s, pg_catalog.sum(s.%3$I) AS p, pg_catalog.sum(s.%4$I) AS q, '
                                     'pg_catalog.sum(s.%5$I)::pg_catalog.int8 AS n %7$s) g',
                                     schema_name, r.rate, r.rate || '_numerator', r.rate || '_denominator',
                                     r.rate || '_reports',
                                     'CASE WHEN GROUPING(s.region) = 1 THEN ''(all)'' ELSE COALESCE(s.region, ''(none)'') END AS region, '
                                     'CASE WHEN GROUPING(s.level) = 1 THEN ''(all)'' ELSE COALESCE(s.level, ''(none)'') END AS level, '
                                     's.year, pg_catalog.min(w.scope) AS scope',
                                     pg_catalog.format('FROM %1$I.regional_sums s CROSS JOIN (SELECT (SELECT x.scope FROM %1$I.workspace_settings x) AS scope) w '
                                                       'WHERE w.scope = ''as_published'' OR s.status = ''consistent'' '
                                                       'GROUP BY GROUPING SETS ((s.region, s.level, s.year), (s.region, s.year), '
                                                       '(s.level, s.year), (s.year))', schema_name))
              FROM (VALUES (1, 'disclosure_rate',
                            'CASE WHEN M.disclosed IS NOT NULL OR M.partly_disclosed IS NOT NULL THEN COALESCE(M.disclosed, 0) + COALESCE(M.partly_disclosed, 0) END',
                            'M.requests_handled'),
                           (2, 'refusal_rate', 'M.refused', 'M.requests_handled'),
                           (3, 'review_correction_rate', 'M.reviews_corrected', 'M.reviews'),
                           (4, 'litigation_correction_rate', 'M.lawsuits_corrected', 'M.lawsuits')) r(ord, rate, num, den)
             WHERE EXISTS (SELECT FROM pg_catalog.pg_attribute a
                            WHERE a.attrelid = 'govinfo.disclosure_metrics'::pg_catalog.regclass
                              AND a.attname = r.rate AND NOT a.attisdropped)) x;
    sums_sql := pg_catalog.format($sums$
INSERT INTO %1$I.regional_sums AS s (region, level, year, status, reports, %2$s)
SELECT d.region, d.level, d.year, d.status, pg_catalog.sum(d.sign) AS reports, %3$s
  FROM d
 CROSS JOIN LATERAL pg_catalog.unnest(ARRAY[d.metrics]) m
 GROUP BY d.region, d.level, d.year, d.status
 ORDER BY d.region, d.level, d.year, d.status
    ON CONFLICT (region, level, year, status) DO UPDATE
   SET reports = s.reports + EXCLUDED.reports, %4$s$sums$, schema_name, snames, sdelta, supdate);

    -- ---- settings ---------------------------------------------------------
    EXECUTE pg_catalog.format($sql$
CREATE TABLE %1$I.workspace_settings (
    singleton  boolean PRIMARY KEY DEFAULT true
               CONSTRAINT workspace_settings_one_row CHECK (singleton),
    mode       text NOT NULL DEFAULT 'non_null'
               CONSTRAINT workspace_settings_mode_check CHECK (govinfo.is_mode(mode)),
    min_cases  integer NOT NULL DEFAULT 30 CHECK (min_cases >= 1),
    scope      text NOT NULL DEFAULT 'as_published'
               CHECK (scope IN ('as_published', 'consistent'))
);
INSERT INTO %1$I.workspace_settings DEFAULT VALUES;
COMMENT ON TABLE %1$I.workspace_settings IS
'One row: mode = the missing-value mode findings, statuses and the gate table judge under (default non_null); min_cases = the fewest cases (a rate''s denominator) for a rank in rankings (default 30); scope = what the analysis views read: as_published (every current version, flagged ones included; the default) or consistent (current consistent versions only)';
CREATE TRIGGER workspace_settings_changed AFTER UPDATE ON %1$I.workspace_settings
    FOR EACH ROW EXECUTE FUNCTION govinfo.workspace_settings_changed();
$sql$, schema_name);

    -- ---- agencies ---------------------------------------------------------
    EXECUTE pg_catalog.format($sql$
CREATE TABLE %1$I.agencies (
    agency_id  bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    name       text NOT NULL,
    region     text,
    level      text,
    parent_id  bigint REFERENCES %1$I.agencies ON DELETE SET NULL,
    valid_from integer,
    valid_to   integer,
    confirmed  boolean NOT NULL DEFAULT false,
    CONSTRAINT agencies_valid_check CHECK (valid_from <= valid_to)
);
COMMENT ON TABLE %1$I.agencies IS
'The agencies reports belong to: name as first printed (or as set), region and level (province, city, county, township …) that the analysis groups by, parent, the years it existed (valid_from/valid_to, NULL = open; coverage expects a report for each), confirmed = checked by a person (a name seen for the first time makes an unconfirmed agency)';

CREATE TABLE %1$I.agency_aliases (
    alias      text NOT NULL,
    alias_key  text GENERATED ALWAYS AS (govinfo.normalize_agency_name(alias)) STORED PRIMARY KEY,
    agency_id  bigint NOT NULL REFERENCES %1$I.agencies ON DELETE CASCADE
);
CREATE INDEX ON %1$I.agency_aliases (agency_id);
COMMENT ON TABLE %1$I.agency_aliases IS
'Every name an agency is printed under, its own included: a report''s agency is found by govinfo.normalize_agency_name(name) = alias_key; govinfo.merge_agencies adds names (a rename, another spelling)';
$sql$, schema_name);

    -- ---- versions and the gate --------------------------------------------
    EXECUTE pg_catalog.format($sql$
CREATE TABLE %1$I.report_versions (
    version_id   bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    agency_id    bigint NOT NULL REFERENCES %1$I.agencies,
    year         integer NOT NULL CONSTRAINT report_versions_year_range CHECK (year BETWEEN 1990 AND 2100),
    report       govinfo.disclosure_report NOT NULL
                 CONSTRAINT report_versions_report_check CHECK (govinfo.report_problem(report) IS NULL),
    status       text NOT NULL CHECK (status IN ('consistent', 'flagged')),
    is_current   boolean NOT NULL DEFAULT true,
    source       text,
    content      text,
    content_hash text NOT NULL,
    parse_log    jsonb,
    prose        jsonb,
    metrics      govinfo.disclosure_metrics
                 GENERATED ALWAYS AS (govinfo.metrics(govinfo.complete(report))) STORED,
    loaded_at    timestamptz NOT NULL DEFAULT pg_catalog.now(),
    loaded_by    name NOT NULL DEFAULT CURRENT_USER,
    supersedes   bigint REFERENCES %1$I.report_versions,
    reason       text,
    CONSTRAINT report_versions_year_check CHECK ((report).year IS NULL OR (report).year = year),
    CONSTRAINT report_versions_one_current EXCLUDE USING btree (agency_id WITH =, year WITH =)
        WHERE (is_current) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX ON %1$I.report_versions (agency_id, year, version_id);
CREATE INDEX ON %1$I.report_versions (content_hash);
COMMENT ON TABLE %1$I.report_versions IS
'Every load of every report, kept: status consistent (every error rule holds or cannot be judged under the workspace''s mode) or flagged (one is broken); is_current marks the version of an agency and year the analysis uses (loading another document for it makes that one current, unless it is loaded with is_current = false); content is the document''s text, parse_log and prose what the parser and govinfo.narrative_conflicts found in it, metrics govinfo.metrics(govinfo.complete(report)); supersedes is the version it replaced';
$sql$, schema_name);

    -- regional_sums: what regional_totals and series sum, kept per region,
    -- level, year and status by the triggers below (report_versions_settle,
    -- report_versions_sums and agencies_sums).
    EXECUTE pg_catalog.format($sql$
CREATE TABLE %1$I.regional_sums (
    region  text,
    level   text,
    year    integer NOT NULL,
    status  text NOT NULL,
    reports bigint NOT NULL,
    %2$s,
    CONSTRAINT regional_sums_key UNIQUE NULLS NOT DISTINCT (region, level, year, status)
);
CREATE INDEX regional_sums_empty ON %1$I.regional_sums (reports) WHERE reports = 0;
COMMENT ON TABLE %1$I.regional_sums IS
'Kept by the triggers of report_versions and agencies, never written by hand: for each region and level of the agencies, year and status, the number of current versions (reports) and the sums of their metrics (govinfo.metrics of each report after govinfo.complete) that regional_totals and series read: per count its sum and how many reports give it (<metric>_reports), per rate the sums of its numerator and denominator over the reports giving both and how many they are';
$sql$, schema_name, scols);

    -- The versions' own trigger function: status, hash, the parser's
    -- findings and the current version are set as a row arrives.  It is
    -- a workspace object (static SQL, so its plans are kept across rows).
    -- It calls govinfo through functions of the workspace whose bodies are
    -- bound to govinfo's functions themselves when the workspace is made
    -- (SQL-standard bodies, as a view is): a schema renamed or faked under
    -- govinfo's name later is never called, and no row looks govinfo up.
    EXECUTE pg_catalog.format($sql$
CREATE FUNCTION %1$I.govinfo_is_consistent(report govinfo.disclosure_report, mode text)
RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN govinfo.is_consistent(report, mode);
COMMENT ON FUNCTION %1$I.govinfo_is_consistent(govinfo.disclosure_report, text) IS
'govinfo.is_consistent, bound to that function when the workspace was made: what the workspace''s triggers call';

CREATE FUNCTION %1$I.govinfo_check_totals(report govinfo.disclosure_report, mode text)
RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN govinfo.check_totals(report, mode);
COMMENT ON FUNCTION %1$I.govinfo_check_totals(govinfo.disclosure_report, text) IS
'govinfo.check_totals, bound to that function when the workspace was made: what the workspace''s triggers call';

CREATE FUNCTION %1$I.govinfo_normalize_agency_name(name text)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN govinfo.normalize_agency_name(name);
COMMENT ON FUNCTION %1$I.govinfo_normalize_agency_name(text) IS
'govinfo.normalize_agency_name, bound to that function when the workspace was made: what the workspace''s triggers call';

-- Not STRICT: year and template may be NULL (the parser then finds them).
CREATE FUNCTION %1$I.govinfo_parse_log(content text, year integer, template text)
RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN (SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(l))
          FROM govinfo.parse_log(content, NULL, year, template) l);
COMMENT ON FUNCTION %1$I.govinfo_parse_log(text, integer, text) IS
'govinfo.parse_log of a document as one jsonb array (NULL when the parser logs nothing), bound to that function when the workspace was made: what the workspace''s triggers call';

CREATE FUNCTION %1$I.govinfo_narrative_conflicts(content text)
RETURNS jsonb
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(n))
          FROM govinfo.narrative_conflicts(content) n);
COMMENT ON FUNCTION %1$I.govinfo_narrative_conflicts(text) IS
'govinfo.narrative_conflicts of a document as one jsonb array (NULL when the prose contradicts nothing), bound to that function when the workspace was made: what the workspace''s triggers call';

CREATE FUNCTION %1$I.report_versions_arrive() RETURNS trigger
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp
AS $arrive$
DECLARE
    m    text;
BEGIN
    SELECT s.mode INTO m FROM %1$I.workspace_settings s;
    NEW.status := CASE WHEN %1$I.govinfo_is_consistent(NEW.report, COALESCE(m, 'non_null'))
                       THEN 'consistent' ELSE 'flagged' END;
    IF TG_OP = 'UPDATE' THEN
        RETURN NEW;
    END IF;
    IF NEW.content_hash IS NULL THEN
        NEW.content_hash := pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(
            COALESCE(NEW.content, NEW.agency_id || '/' || NEW.year || '/' || NEW.report::text), 'UTF8')), 'hex');
    END IF;
    IF NEW.content IS NOT NULL AND NEW.parse_log IS NULL THEN
        NEW.parse_log := %1$I.govinfo_parse_log(NEW.content, NEW.year, (NEW.report).template);
    END IF;
    IF NEW.content IS NOT NULL AND NEW.prose IS NULL THEN
        NEW.prose := %1$I.govinfo_narrative_conflicts(NEW.content);
    END IF;
    RETURN NEW;
END
$arrive$;
COMMENT ON FUNCTION %1$I.report_versions_arrive() IS
'Trigger function of report_versions (before each row): judges the status under the workspace''s mode, hashes, and reads the parse log and prose conflicts of the content';

-- Which version is current is settled once per statement, set-based: a
-- bulk load costs no query per row.
CREATE FUNCTION %1$I.report_versions_settle() RETURNS trigger
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp
AS $settle$
BEGIN
    -- the versions that arrive current join regional_sums first; the
    -- update below takes away those it makes no longer current
    WITH d AS (
        SELECT 1 AS sign, a.region, a.level, c.year, c.status, c.metrics
          FROM changed c JOIN %1$I.agencies a ON a.agency_id = c.agency_id
         WHERE c.is_current)
    %2$s;

    WITH pairs AS (
        SELECT c.agency_id, c.year,
               pg_catalog.max(c.version_id) FILTER (WHERE c.is_current) AS wanted,
               pg_catalog.max(c.version_id) AS newest,
               pg_catalog.min(c.version_id) AS first_new
          FROM changed c GROUP BY c.agency_id, c.year),
    target AS (
        SELECT p.agency_id, p.year, o.version_id AS previous,
               COALESCE(p.wanted, o.version_id, p.newest) AS version_id
          FROM pairs p
          LEFT JOIN %1$I.report_versions o
            ON o.agency_id = p.agency_id AND o.year = p.year AND o.is_current
           AND o.version_id < p.first_new)
    UPDATE %1$I.report_versions v
       SET is_current = (v.version_id = t.version_id),
           supersedes = CASE WHEN v.version_id = t.version_id AND v.supersedes IS NULL
                                  AND t.previous <> t.version_id
                             THEN t.previous ELSE v.supersedes END
      FROM target t
     WHERE v.agency_id = t.agency_id AND v.year = t.year
       AND (v.is_current <> (v.version_id = t.version_id)
            OR (v.version_id = t.version_id AND v.supersedes IS NULL
                AND t.previous <> t.version_id));

    DELETE FROM %1$I.reports r
     USING (SELECT DISTINCT c.agency_id, c.year FROM changed c) t
     WHERE r.agency_id = t.agency_id AND r.year = t.year;
    INSERT INTO %1$I.reports (agency_id, agency, region, level, year, report, version_id,
                              source, content_hash, loaded_at)
    SELECT v.agency_id, a.name, a.region, a.level, v.year, v.report, v.version_id,
           v.source, v.content_hash, v.loaded_at
      FROM (SELECT DISTINCT c.agency_id, c.year FROM changed c) t
      JOIN %1$I.report_versions v
        ON v.agency_id = t.agency_id AND v.year = t.year AND v.is_current
      JOIN %1$I.agencies a ON a.agency_id = v.agency_id
     WHERE v.status = 'consistent';
    RETURN NULL;
END
$settle$;
COMMENT ON FUNCTION %1$I.report_versions_settle() IS
'Trigger function of report_versions (after each insert statement): the new current versions join regional_sums; for every agency and year the statement touched, the newest new version asking to be current becomes current (the one it replaces keeps its row and is named in supersedes), else the current one stays, else the newest new one becomes current; then the gate table follows';

-- regional_sums follows every other change of what is current, where, and
-- with which status and metrics.
CREATE FUNCTION %1$I.report_versions_sums() RETURNS trigger
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp
AS $sums$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM %1$I.regional_sums;
        RETURN NULL;
    ELSIF TG_OP = 'UPDATE' THEN
        WITH d AS (
            SELECT -1 AS sign, a.region, a.level, o.year, o.status, o.metrics
              FROM gone o JOIN %1$I.agencies a ON a.agency_id = o.agency_id
             WHERE o.is_current
            UNION ALL
            SELECT 1, a.region, a.level, n.year, n.status, n.metrics
              FROM arrived n JOIN %1$I.agencies a ON a.agency_id = n.agency_id
             WHERE n.is_current)
        %2$s;
    ELSE
        WITH d AS (
            SELECT -1 AS sign, a.region, a.level, o.year, o.status, o.metrics
              FROM gone o JOIN %1$I.agencies a ON a.agency_id = o.agency_id
             WHERE o.is_current)
        %2$s;
    END IF;
    DELETE FROM %1$I.regional_sums s WHERE s.reports = 0;
    RETURN NULL;
END
$sums$;
COMMENT ON FUNCTION %1$I.report_versions_sums() IS
'Trigger function of report_versions (after each update, delete and truncate statement): takes from regional_sums the versions that were current as they were, under their agency''s region and level, and adds those current now';

CREATE FUNCTION %1$I.agencies_sums() RETURNS trigger
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp
AS $sums$
BEGIN
    WITH moved AS (
        SELECT o.agency_id, o.region AS old_region, o.level AS old_level, n.region, n.level
          FROM gone o JOIN arrived n ON n.agency_id = o.agency_id
         WHERE (o.region, o.level) IS DISTINCT FROM (n.region, n.level)),
    d AS (
        SELECT -1 AS sign, c.old_region AS region, c.old_level AS level, v.year, v.status, v.metrics
          FROM moved c JOIN %1$I.report_versions v ON v.agency_id = c.agency_id AND v.is_current
        UNION ALL
        SELECT 1, c.region, c.level, v.year, v.status, v.metrics
          FROM moved c JOIN %1$I.report_versions v ON v.agency_id = c.agency_id AND v.is_current)
    %2$s;
    DELETE FROM %1$I.regional_sums s WHERE s.reports = 0;
    RETURN NULL;
END
$sums$;
COMMENT ON FUNCTION %1$I.agencies_sums() IS
'Trigger function of agencies (after each update statement): the current versions of an agency whose region or level changed move in regional_sums from the old region and level to the new';
CREATE TRIGGER report_versions_arrive BEFORE INSERT OR UPDATE OF report ON %1$I.report_versions
    FOR EACH ROW EXECUTE FUNCTION %1$I.report_versions_arrive();

CREATE TABLE %1$I.reports (
    agency_id    bigint NOT NULL REFERENCES %1$I.agencies,
    agency       text NOT NULL,
    region       text,
    level        text,
    year         integer NOT NULL,
    report       govinfo.disclosure_report NOT NULL
                 CONSTRAINT reports_report_check CHECK (govinfo.check_totals(report, 'non_null')),
    version_id   bigint NOT NULL UNIQUE REFERENCES %1$I.report_versions ON DELETE CASCADE,
    source       text,
    content_hash text UNIQUE,
    loaded_at    timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (agency_id, year)
);
COMMENT ON TABLE %1$I.reports IS
'The gate: the current version of each agency and year when it is consistent, under CHECK (govinfo.check_totals(report, mode)); kept by report_versions'' triggers, for those who want only consistent reports. A row inserted here (agency, region, level, year, report, source, content_hash) passes the check and becomes a version; one for an agency and year that has a version already is refused (23505)';

-- A filing through the gate: checked as the gate checks, then loaded as a
-- version, which the row then stands for here.
CREATE FUNCTION %1$I.reports_arrive() RETURNS trigger
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp
AS $arrive$
DECLARE
    m   text;
    aid bigint;
    vid bigint;
BEGIN
    IF pg_catalog.pg_trigger_depth() > 1 THEN
        RETURN NEW;
    END IF;
    IF NEW.agency IS NULL OR NEW.year IS NULL THEN
        RAISE EXCEPTION 'a report filed in %%.reports needs its agency and year', TG_TABLE_SCHEMA
            USING ERRCODE = 'not_null_violation';
    END IF;
    IF (NEW.report).year IS NOT NULL AND (NEW.report).year <> NEW.year THEN
        RAISE EXCEPTION 'the report is of %%, the row of %%', (NEW.report).year, NEW.year
            USING ERRCODE = 'check_violation';
    END IF;
    SELECT s.mode INTO m FROM %1$I.workspace_settings s;
    PERFORM %1$I.govinfo_check_totals(NEW.report, COALESCE(m, 'non_null'));
    SELECT a.agency_id INTO aid FROM %1$I.agency_aliases a
     WHERE a.alias_key = %1$I.govinfo_normalize_agency_name(NEW.agency);
    IF aid IS NULL THEN
        INSERT INTO %1$I.agencies (name, region, level) VALUES (NEW.agency, NEW.region, NEW.level)
        RETURNING agency_id INTO aid;
        INSERT INTO %1$I.agency_aliases (alias, agency_id) VALUES (NEW.agency, aid);
    ELSIF EXISTS (SELECT FROM %1$I.report_versions v
                   WHERE v.agency_id = aid AND v.year = NEW.year AND v.is_current) THEN
        RAISE EXCEPTION 'agency "%%" already has a report for %%', NEW.agency, NEW.year
            USING ERRCODE = 'unique_violation',
                  DETAIL = 'A filing through the gate never replaces a report.',
                  HINT = 'Load a corrected document with govinfo.load_reports: it becomes the current version and the old one is kept.';
    END IF;
    INSERT INTO %1$I.report_versions (agency_id, year, report, status, source, content_hash, loaded_at)
    VALUES (aid, NEW.year, NEW.report, 'consistent', NEW.source, NEW.content_hash,
            COALESCE(NEW.loaded_at, pg_catalog.now()))
    RETURNING version_id INTO vid;
    -- the version's trigger put it in the gate; this row takes that one's place
    DELETE FROM %1$I.reports r WHERE r.version_id = vid;
    NEW.agency_id := aid;
    NEW.version_id := vid;
    NEW.loaded_at := COALESCE(NEW.loaded_at, pg_catalog.now());
    RETURN NEW;
END
$arrive$;
COMMENT ON FUNCTION %1$I.reports_arrive() IS
'Trigger function of reports: a row inserted by a user (not by report_versions'' triggers) is checked by govinfo.check_totals under the workspace''s mode, its agency found or made, and loaded as a version, which the row then stands for in the gate; an agency and year that already have one are refused (23505)';
CREATE TRIGGER reports_arrive BEFORE INSERT ON %1$I.reports
    FOR EACH ROW EXECUTE FUNCTION %1$I.reports_arrive();
CREATE TRIGGER report_versions_settle AFTER INSERT ON %1$I.report_versions
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION %1$I.report_versions_settle();
CREATE TRIGGER report_versions_gate_update AFTER UPDATE ON %1$I.report_versions
    REFERENCING OLD TABLE AS changed_before NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION govinfo.workspace_sync_gate();
CREATE TRIGGER report_versions_sums_update AFTER UPDATE ON %1$I.report_versions
    REFERENCING OLD TABLE AS gone NEW TABLE AS arrived
    FOR EACH STATEMENT EXECUTE FUNCTION %1$I.report_versions_sums();
CREATE TRIGGER report_versions_sums_delete AFTER DELETE ON %1$I.report_versions
    REFERENCING OLD TABLE AS gone
    FOR EACH STATEMENT EXECUTE FUNCTION %1$I.report_versions_sums();
CREATE TRIGGER report_versions_sums_truncate AFTER TRUNCATE ON %1$I.report_versions
    FOR EACH STATEMENT EXECUTE FUNCTION %1$I.report_versions_sums();
CREATE TRIGGER agencies_sums AFTER UPDATE ON %1$I.agencies
    REFERENCING OLD TABLE AS gone NEW TABLE AS arrived
    FOR EACH STATEMENT EXECUTE FUNCTION %1$I.agencies_sums();
$sql$, schema_name, sums_sql);

    EXECUTE pg_catalog.format($sql$
CREATE TABLE %1$I.rejects (
    id           bigserial PRIMARY KEY,
    source       text,
    content_hash text UNIQUE,
    agency       text,
    agency_id    bigint REFERENCES %1$I.agencies ON DELETE SET NULL,
    region       text,
    level        text,
    year         integer,
    reason       text NOT NULL,
    sqlstate     text,
    report       govinfo.disclosure_report,
    parse_log    jsonb,
    violations   jsonb,
    rejected_at  timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE %1$I.rejects IS
'What could not become a version, kept: a file without a statistical table, a row without an agency or year, a malformed report (its value is then NULL and the reason says what is wrong); each is a finding (source load) until a version of that agency and year is loaded after it';

CREATE TABLE %1$I.findings (
    finding_id   text PRIMARY KEY,
    agency_id    bigint REFERENCES %1$I.agencies ON DELETE SET NULL,
    year         integer,
    version_id   bigint REFERENCES %1$I.report_versions ON DELETE SET NULL,
    source       text NOT NULL
                 CHECK (source IN ('rule', 'continuity', 'subtotal', 'prose', 'parse', 'load', 'agency')),
    rule_id      text,
    severity     text,
    outcome      text NOT NULL,
    cells        text[],
    lhs          numeric,
    rhs          numeric,
    imbalance    numeric,
    likely_cells text[],
    place_zh     text,
    message      text,
    message_zh   text,
    status       text NOT NULL DEFAULT 'open'
                 CHECK (status IN ('open', 'confirmed', 'dismissed', 'fixed')),
    note         text,
    reviewed_by  name,
    reviewed_at  timestamptz,
    first_seen   timestamptz NOT NULL DEFAULT pg_catalog.now(),
    last_seen    timestamptz NOT NULL DEFAULT pg_catalog.now(),
    fixed_in     bigint REFERENCES %1$I.report_versions ON DELETE SET NULL
);
CREATE INDEX ON %1$I.findings (agency_id, year);
COMMENT ON TABLE %1$I.findings IS
'What govinfo.refresh_findings found, one row per stable fingerprint finding_id (agency/year/source/rule instance or cell, never the values): broken rules and unjudged error rules of current versions (source rule), broken continuity between consecutive years (continuity), printed subtotals that differ from their rows (subtotal), prose that contradicts the table (prose), what the parser could not store (parse), what could not be loaded (load), names that may be one agency (agency); review by setting status (open, confirmed, dismissed) and note, which later refreshes keep; a finding gone from the current version becomes fixed, fixed_in naming that version';
CREATE TRIGGER findings_reviewed BEFORE UPDATE ON %1$I.findings
    FOR EACH ROW EXECUTE FUNCTION govinfo.workspace_finding_reviewed();
$sql$, schema_name);

    -- ---- what the analysis reads ------------------------------------------
    EXECUTE pg_catalog.format($sql$
CREATE VIEW %1$I.current_reports AS
SELECT v.version_id, v.agency_id, a.name AS agency, a.region, a.level, v.year,
       (v.report).template AS template, v.status, v.report, v.metrics, v.source, v.loaded_at
  FROM %1$I.report_versions v
  JOIN %1$I.agencies a ON a.agency_id = v.agency_id
 WHERE v.is_current;
COMMENT ON VIEW %1$I.current_reports IS
'The current version of every agency and year, consistent or flagged, with the agency''s name, region and level';

CREATE VIEW %1$I.analysed_reports AS
SELECT c.*, (SELECT s.scope FROM %1$I.workspace_settings s) AS scope
  FROM %1$I.current_reports c
 WHERE (SELECT s.scope FROM %1$I.workspace_settings s) = 'as_published'
    OR c.status = 'consistent';
COMMENT ON VIEW %1$I.analysed_reports IS
'The reports the analysis views read, under workspace_settings.scope: as_published = every current version (flagged included), consistent = current consistent versions only; scope is on every row';

CREATE VIEW %1$I.report_history AS
SELECT h.agency_id, a.name AS agency, h.year, h.version_id, h.prev_version_id,
       h.loaded_at, h.loaded_by, h.source, h.reason, h.status, h.is_current,
       c.code, c.label_zh, c.a AS prev_value, c.b AS value, c.delta
  FROM (SELECT v.*, pg_catalog.lag(v.version_id) OVER w AS prev_version_id,
               pg_catalog.lag(v.report) OVER w AS prev_report
          FROM %1$I.report_versions v
         WHERE (v.agency_id, v.year) IN (SELECT m.agency_id, m.year FROM %1$I.report_versions m
                                          GROUP BY m.agency_id, m.year HAVING pg_catalog.count(*) > 1)
        WINDOW w AS (PARTITION BY v.agency_id, v.year ORDER BY v.version_id)) h
  JOIN %1$I.agencies a ON a.agency_id = h.agency_id
 CROSS JOIN LATERAL govinfo.compare(
           CASE WHEN (h.prev_report).template = (h.report).template THEN h.prev_report END,
           h.report) c
 WHERE h.prev_version_id IS NOT NULL
   AND c.a IS DISTINCT FROM c.b;
COMMENT ON VIEW %1$I.report_history IS
'Every change between consecutive versions of an agency''s report for a year (govinfo.compare), with when, by whom and why the later one was loaded; a change of template lists the later version''s cells with prev_value NULL';
$sql$, schema_name);

    EXECUTE pg_catalog.format($sql$
CREATE VIEW %1$I.findings_letter AS
SELECT a.name AS "单位", f.year AS "年度", f.place_zh AS "表格与栏目",
       f.lhs AS "填报数", f.rhs AS "按勾稽关系应为", f.imbalance AS "差额",
       f.message_zh AS "说明",
       f.finding_id, f.agency_id, a.region, a.level, f.source, f.status
  FROM %1$I.findings f
  LEFT JOIN %1$I.agencies a ON a.agency_id = f.agency_id
 WHERE f.status IN ('open', 'confirmed');
COMMENT ON VIEW %1$I.findings_letter IS
'The open and confirmed findings in plain Chinese, one a row, for a letter to the agency: \copy (SELECT 单位, 年度, 表格与栏目, 填报数, 按勾稽关系应为, 差额, 说明 FROM ws.findings_letter WHERE agency_id = …) TO ''x.csv'' CSV HEADER';

CREATE VIEW %1$I.report_summary AS
SELECT c.agency_id, c.agency, c.region, c.level, c.year, c.version_id, c.status,
       pg_catalog.count(f.finding_id) FILTER (WHERE f.source = 'rule' AND f.outcome = 'broken' AND f.status <> 'fixed') AS broken,
       pg_catalog.count(f.finding_id) FILTER (WHERE f.source = 'rule' AND f.outcome = 'not_assessable' AND f.status <> 'fixed') AS not_assessable,
       pg_catalog.count(f.finding_id) FILTER (WHERE f.source = 'continuity' AND f.status <> 'fixed') AS continuity,
       pg_catalog.count(f.finding_id) FILTER (WHERE f.source = 'prose' AND f.status <> 'fixed') AS prose,
       pg_catalog.count(f.finding_id) FILTER (WHERE f.source IN ('subtotal', 'parse', 'load') AND f.status <> 'fixed') AS parse,
       pg_catalog.count(f.finding_id) FILTER (WHERE f.status = 'open') AS open,
       pg_catalog.count(f.finding_id) FILTER (WHERE f.status = 'confirmed') AS confirmed,
       pg_catalog.count(f.finding_id) FILTER (WHERE f.status = 'dismissed') AS dismissed,
       pg_catalog.count(f.finding_id) FILTER (WHERE f.status = 'fixed') AS fixed,
       CASE WHEN pg_catalog.count(f.finding_id) FILTER (WHERE f.status = 'open') > 0 THEN 'to review'
            WHEN pg_catalog.count(f.finding_id) FILTER (WHERE f.status = 'confirmed') > 0 THEN 'confirmed'
            WHEN pg_catalog.count(f.finding_id) FILTER (WHERE f.status = 'dismissed') > 0 THEN 'reviewed'
            ELSE 'no findings' END AS review_state
  FROM %1$I.current_reports c
  LEFT JOIN %1$I.findings f ON f.agency_id = c.agency_id AND f.year = c.year
 GROUP BY c.agency_id, c.agency, c.region, c.level, c.year, c.version_id, c.status;
COMMENT ON VIEW %1$I.report_summary IS
'One row per agency and year with a current version: its status, the findings not fixed by source (broken rules, unjudged error rules, continuity, prose, parser and load), the findings by review status, and review_state (to review while any is open, then confirmed, reviewed, or no findings)';
$sql$, schema_name);

    EXECUTE pg_catalog.format($sql$
CREATE VIEW %1$I.missing_reports AS
WITH first_year AS (
    SELECT v.agency_id, pg_catalog.min(v.year) AS year
      FROM %1$I.report_versions v GROUP BY v.agency_id),
years AS (SELECT DISTINCT v.year FROM %1$I.report_versions v)
SELECT a.agency_id, a.name AS agency, a.region, a.level, y.year
  FROM %1$I.agencies a
  LEFT JOIN first_year f ON f.agency_id = a.agency_id
  JOIN years y ON y.year >= COALESCE(a.valid_from, f.year, CASE WHEN a.confirmed THEN y.year END)
              AND (a.valid_to IS NULL OR y.year <= a.valid_to)
 WHERE NOT EXISTS (SELECT FROM %1$I.report_versions v
                    WHERE v.agency_id = a.agency_id AND v.year = y.year AND v.is_current);
COMMENT ON VIEW %1$I.missing_reports IS
'Agencies expected to report for a year that have no report loaded: every year the workspace holds reports for, from the agency''s valid_from (else its first loaded year; else, for a confirmed agency, every year) to its valid_to';

CREATE VIEW %1$I.coverage AS
WITH first_year AS (
    SELECT v.agency_id, pg_catalog.min(v.year) AS year
      FROM %1$I.report_versions v GROUP BY v.agency_id),
years AS (SELECT DISTINCT v.year FROM %1$I.report_versions v),
expected AS (
    SELECT a.agency_id, a.region, a.level, y.year
      FROM %1$I.agencies a
      LEFT JOIN first_year f ON f.agency_id = a.agency_id
      JOIN years y ON y.year >= COALESCE(a.valid_from, f.year, CASE WHEN a.confirmed THEN y.year END)
                  AND (a.valid_to IS NULL OR y.year <= a.valid_to)),
pairs AS (
    SELECT COALESCE(e.agency_id, c.agency_id) AS agency_id,
           COALESCE(e.region, c.region) AS region,
           COALESCE(e.level, c.level) AS level,
           COALESCE(e.year, c.year) AS year,
           e.agency_id IS NOT NULL AS expected, c.status
      FROM expected e
      FULL JOIN %1$I.current_reports c ON c.agency_id = e.agency_id AND c.year = e.year)
SELECT CASE WHEN GROUPING(p.region) = 1 THEN '(all)' ELSE COALESCE(p.region, '(none)') END AS region,
       CASE WHEN GROUPING(p.level) = 1 THEN '(all)' ELSE COALESCE(p.level, '(none)') END AS level,
       p.year,
       pg_catalog.count(*) FILTER (WHERE p.expected) AS agencies_expected,
       pg_catalog.count(p.status) AS reports,
       pg_catalog.count(*) FILTER (WHERE p.status = 'consistent') AS consistent,
       pg_catalog.count(*) FILTER (WHERE p.status = 'flagged') AS flagged,
       pg_catalog.count(*) FILTER (WHERE p.expected AND p.status IS NULL) AS missing
  FROM pairs p
 GROUP BY GROUPING SETS ((p.region, p.level, p.year), (p.region, p.year), (p.level, p.year), (p.year));
COMMENT ON VIEW %1$I.coverage IS
'For each region, level and year (''(all)'' where summed over them): the agencies expected to report (see missing_reports), the reports loaded (current versions), how many are consistent and flagged, and how many expected reports are missing; every published report counts, whatever workspace_settings.scope says';
$sql$, schema_name);

    EXECUTE pg_catalog.format($sql$
CREATE VIEW %1$I.regional_totals AS
SELECT CASE WHEN GROUPING(g.region) = 1 THEN '(all)' ELSE COALESCE(g.region, '(none)') END AS region,
       CASE WHEN GROUPING(g.level) = 1 THEN '(all)' ELSE COALESCE(g.level, '(none)') END AS level,
       g.year, pg_catalog.min(w.scope) AS scope,
       pg_catalog.sum(g.reports)::pg_catalog.int8 AS reports,
       COALESCE(pg_catalog.sum(g.reports) FILTER (WHERE g.status = 'flagged'), 0)::pg_catalog.int8 AS flagged,
       %2$s, %3$s
  FROM %1$I.regional_sums g
 CROSS JOIN (SELECT (SELECT s.scope FROM %1$I.workspace_settings s) AS scope) w
 WHERE w.scope = 'as_published' OR g.status = 'consistent'
 GROUP BY GROUPING SETS ((g.region, g.level, g.year), (g.region, g.year), (g.level, g.year), (g.year));
COMMENT ON VIEW %1$I.regional_totals IS
'The metrics of the analysed reports summed by region, level and year, whatever their templates (govinfo.metrics of each report after govinfo.complete): for each count its sum and how many reports give it (<metric>_reports); for each rate the sums of its numerator and denominator over the reports giving both; ''(all)'' where summed over regions or levels; read from regional_sums';

CREATE VIEW %1$I.series AS
%4$s;
COMMENT ON VIEW %1$I.series IS
'regional_totals in tidy form, one row per region, level, year and metric, ready for a chart: counts have numerator = value and no denominator; rates are numerator / denominator summed over the reports giving both (not an average of rates); reports = how many reports the figure rests on; a question about some metrics sums those alone';
$sql$, schema_name, csumup, rsumup, sseries);

    EXECUTE pg_catalog.format($sql$
CREATE VIEW %1$I.regional_tables AS
SELECT CASE WHEN GROUPING(r.region) = 1 THEN '(all)' ELSE COALESCE(r.region, '(none)') END AS region,
       CASE WHEN GROUPING(r.level) = 1 THEN '(all)' ELSE COALESCE(r.level, '(none)') END AS level,
       r.year, r.template, pg_catalog.min(r.scope) AS scope,
       pg_catalog.count(*) AS reports,
       govinfo.report_sum(govinfo.complete(r.report)) AS report
  FROM %1$I.analysed_reports r
 GROUP BY GROUPING SETS ((r.region, r.level, r.year, r.template), (r.region, r.year, r.template),
                         (r.year, r.template));
COMMENT ON VIEW %1$I.regional_tables IS
'The analysed reports of each region, level, year and template summed cell by cell after govinfo.complete(), for figures only one template has (regional_totals sums across templates); ''(all)'' where summed over regions or levels';

CREATE VIEW %1$I.rankings AS
SELECT q.region, q.level, q.year, q.agency_id, q.agency, q.metric,
       q.numerator, q.denominator, q.value,
       CASE WHEN q.ranked THEN pg_catalog.rank() OVER w END AS rank,
       CASE WHEN q.ranked THEN pg_catalog.count(*) OVER p END AS ranked,
       CASE WHEN q.ranked THEN pg_catalog.round((100 * pg_catalog.percent_rank() OVER wa)::pg_catalog.numeric, 1) END AS percentile,
       q.scope
  FROM (SELECT r.region, r.level, r.year, r.agency_id, r.agency, r.scope, u.metric,
               u.numerator, u.denominator, u.value,
               u.value IS NOT NULL
               AND (u.denominator IS NULL
                    OR u.denominator >= (SELECT s.min_cases FROM %1$I.workspace_settings s)) AS ranked
          FROM %1$I.analysed_reports r
         CROSS JOIN LATERAL pg_catalog.unnest(ARRAY[r.metrics]) m
         CROSS JOIN LATERAL (VALUES
             ('requests_received', m.requests_received::pg_catalog.numeric, NULL::pg_catalog.numeric, m.requests_received::pg_catalog.numeric),
             ('requests_handled', m.requests_handled::pg_catalog.numeric, NULL, m.requests_handled::pg_catalog.numeric),
             ('reviews', m.reviews::pg_catalog.numeric, NULL, m.reviews::pg_catalog.numeric),
             ('lawsuits', m.lawsuits::pg_catalog.numeric, NULL, m.lawsuits::pg_catalog.numeric),
             %2$s) u(metric, numerator, denominator, value)
         WHERE u.value IS NOT NULL) q
WINDOW p AS (PARTITION BY q.region, q.level, q.year, q.metric, q.ranked),
       w AS (PARTITION BY q.region, q.level, q.year, q.metric, q.ranked ORDER BY q.value DESC),
       wa AS (PARTITION BY q.region, q.level, q.year, q.metric, q.ranked ORDER BY q.value);
COMMENT ON VIEW %1$I.rankings IS
'Agencies of a region and level ranked by each metric within a year (rank 1 = highest; percentile = share of the ranked others with a lower value): request, review and lawsuit counts, and the rates with their numerator and denominator; a rate whose denominator is below workspace_settings.min_cases (default 30) is shown but not ranked (rank NULL)';
$sql$, schema_name, pg_catalog.replace(runpivot, '(s.m).', 'm.'));

    EXECUTE pg_catalog.format($sql$
CREATE VIEW %1$I.cells_long AS
SELECT r.agency_id, r.agency, r.region, r.level, r.year, r.template, r.status,
       c.code, c.section, c.label_zh, c.unit, c.kind, c.value
  FROM %1$I.analysed_reports r
 CROSS JOIN LATERAL govinfo.cells(r.report) c;
COMMENT ON VIEW %1$I.cells_long IS
'Every cell and group of every analysed report in long form, printed order, blank cells as NULL';

CREATE VIEW %1$I.agency_metrics AS
SELECT r.agency_id, r.agency, r.region, r.level, r.year, r.template, r.status, %2$s
  FROM %1$I.analysed_reports r
 CROSS JOIN LATERAL govinfo.metrics(r.report) m;
COMMENT ON VIEW %1$I.agency_metrics IS
'govinfo.metrics() of every analysed report as published (blank totals stay blank; regional_totals completes them): the same figures whatever the template';

CREATE VIEW %1$I.yoy_cells AS
SELECT s.agency_id, s.agency, s.year, c.code, c.label_zh,
       c.a AS prev_value, c.b AS value, c.delta, c.pct
  FROM (SELECT r.agency_id, r.agency, r.year, r.report,
               pg_catalog.lag(r.report) OVER w AS prev_report,
               pg_catalog.lag(r.year) OVER w AS prev_year
          FROM %1$I.analysed_reports r
        WINDOW w AS (PARTITION BY r.agency_id ORDER BY r.year)) s
 CROSS JOIN LATERAL govinfo.compare(s.prev_report, s.report) c
 WHERE s.prev_year = s.year - 1
   AND (s.prev_report).template = (s.report).template
   AND (c.a IS NOT NULL OR c.b IS NOT NULL);
COMMENT ON VIEW %1$I.yoy_cells IS
'Cell by cell change of each agency from the year before (govinfo.compare), when both years are analysed and share a template; cells blank in both years are left out';

CREATE VIEW %1$I.yoy_metrics AS
SELECT s.agency_id, s.agency, s.year, u.metric, u.prev, u.value,
       u.value - u.prev AS delta
  FROM (SELECT r.agency_id, r.agency, r.year, govinfo.metrics(r.report) AS m,
               pg_catalog.lag(govinfo.metrics(r.report)) OVER w AS p,
               pg_catalog.lag(r.year) OVER w AS prev_year
          FROM %1$I.analysed_reports r
        WINDOW w AS (PARTITION BY r.agency_id ORDER BY r.year)) s
 CROSS JOIN LATERAL (VALUES %3$s) u(metric, prev, value)
 WHERE s.prev_year = s.year - 1
   AND (u.prev IS NOT NULL OR u.value IS NOT NULL);
COMMENT ON VIEW %1$I.yoy_metrics IS
'Change of each agency''s metrics (govinfo.metrics) from the year before, across template changes (2018 to 2019, 2020 to 2021); metrics blank in both years are left out';
$sql$, schema_name, mcols, mpairs);

    IF created THEN
        EXECUTE pg_catalog.format('COMMENT ON SCHEMA %I IS %L', schema_name,
                                  'govinfo workspace (govinfo.create_workspace)');
    END IF;

    RETURN (SELECT n.oid::regnamespace FROM pg_catalog.pg_namespace n WHERE n.nspname = schema_name);
END
$workspace$;
COMMENT ON FUNCTION govinfo.create_workspace(name) IS
'Create in a schema (made if missing) an oversight workspace owned by the caller and not part of the extension: tables workspace_settings, agencies, agency_aliases, report_versions, reports (the gate), rejects and findings, and views current_reports, analysed_reports, report_history, findings_letter, report_summary, coverage, missing_reports, series, regional_totals, regional_tables, rankings, cells_long, agency_metrics, yoy_cells and yoy_metrics; returns the schema';

-- The findings of one refresh, before they are merged into findings.
-- Runs every source as one set-based statement over the current versions.
CREATE FUNCTION govinfo.refresh_findings(workspace name,
    OUT findings bigint, OUT new bigint, OUT recurring bigint, OUT fixed bigint)
RETURNS record
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
-- locate() says NOTICE for every report no small change explains: the
-- finding's likely_cells stays NULL, which says the same once, where it is kept
SET client_min_messages = warning
AS $refresh$
DECLARE
    ws   name := govinfo.workspace_schema(workspace);
    m    text;
    -- the extension's schema, found through the extension (not by name),
    -- for the statements below
    gv   text := (SELECT pg_catalog.quote_ident(n.nspname)
                    FROM pg_catalog.pg_depend d
                    JOIN pg_catalog.pg_type t ON t.oid = d.objid
                    JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
                   WHERE d.classid = 'pg_catalog.pg_type'::pg_catalog.regclass AND d.deptype = 'e'
                     AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
                     AND d.refobjid = (SELECT x.oid FROM pg_catalog.pg_extension x WHERE x.extname = 'govinfo')
                     AND t.typname = 'disclosure_report');
BEGIN
    EXECUTE pg_catalog.format('LOCK TABLE %I.findings IN SHARE ROW EXCLUSIVE MODE', ws);
    EXECUTE pg_catalog.format('SELECT s.mode FROM %I.workspace_settings s', ws) INTO m;
    m := COALESCE(m, 'non_null');

    -- (continuity is given both reports under the agency's id and the
    -- version's year: the printed names may differ, as after a merge)
    IF pg_catalog.to_regclass('pg_temp.gi_fresh') IS NOT NULL THEN
        DROP TABLE pg_temp.gi_fresh, pg_temp.gi_labels, pg_temp.gi_shapes;
    END IF;
    CREATE TEMP TABLE gi_fresh (
        finding_id text PRIMARY KEY, agency_id bigint, year integer, version_id bigint,
        source text, rule_id text, severity text, outcome text, cells text[],
        lhs numeric, rhs numeric, imbalance numeric, message text, template text,
        extra text, place_zh text, message_zh text, engine_zh text, likely_cells text[]) ON COMMIT DROP;
    -- (for plpgsql_check, which cannot see a table made at run time; a no-op otherwise)
    PERFORM 'PRAGMA:TABLE: gi_fresh (finding_id text, agency_id bigint, year integer, version_id bigint, source text, rule_id text, severity text, outcome text, cells text[], lhs numeric, rhs numeric, imbalance numeric, message text, template text, extra text, place_zh text, message_zh text, engine_zh text, likely_cells text[])';

    -- the rules of every current version: broken ones, and error rules that
    -- cannot be judged (violations() lists every instance only for those)
    EXECUTE pg_catalog.replace(pg_catalog.format($sql$
INSERT INTO gi_fresh (finding_id, agency_id, year, version_id, source, rule_id, severity,
                      outcome, cells, lhs, rhs, imbalance, message, template, engine_zh)
SELECT v.agency_id || '/' || v.year || '/rule/' || x.rule_id, v.agency_id, v.year, v.version_id,
       'rule', x.rule_id, x.severity,
       CASE WHEN x.outcome IS FALSE THEN 'broken' ELSE 'not_assessable' END,
       x.cells, x.lhs, x.rhs, x.imbalance, x.message, (v.report).template, x.message_zh
  FROM %1$I.report_versions v
 CROSS JOIN LATERAL govinfo.violations(v.report, $1,
           CASE WHEN pg_catalog.cardinality(govinfo.unjudged_rules(v.report, $1)) = 0
                THEN 'invalid' ELSE 'all' END) x
 WHERE v.is_current
   AND (x.outcome IS FALSE OR (x.outcome IS NULL AND x.severity = 'error'))
ON CONFLICT DO NOTHING
$sql$, ws), 'govinfo.', gv || '.') USING m;

    -- which cells are likely wrong: the cells of locate()'s first explanation
    -- of the version's broken error rules that each broken rule involves
    EXECUTE pg_catalog.replace(pg_catalog.format($sql$
UPDATE gi_fresh n
   SET likely_cells = ARRAY(SELECT c FROM pg_catalog.unnest(l.cells) c
                             WHERE c OPERATOR(pg_catalog.=) ANY (n.cells) ORDER BY 1)
  FROM (SELECT v.version_id,
               (SELECT x.cells FROM govinfo.locate(v.report, $1) x WHERE x.rank = 1) AS cells
          FROM %1$I.report_versions v
         WHERE v.is_current
           AND EXISTS (SELECT FROM gi_fresh f
                        WHERE f.version_id = v.version_id AND f.source = 'rule'
                          AND f.outcome = 'broken' AND f.severity = 'error')) l
 WHERE n.version_id = l.version_id AND n.source = 'rule' AND n.outcome = 'broken'
   AND n.severity = 'error' AND l.cells IS NOT NULL
$sql$, ws), 'govinfo.', gv || '.') USING m;

    -- continuity between consecutive years' current versions, whatever their status
    EXECUTE pg_catalog.replace(pg_catalog.format($sql$
INSERT INTO gi_fresh (finding_id, agency_id, year, version_id, source, rule_id, severity,
                      outcome, cells, lhs, rhs, imbalance, message, template, engine_zh)
SELECT v.agency_id || '/' || v.year || '/continuity/' || x.rule_id, v.agency_id, v.year, v.version_id,
       'continuity', x.rule_id, x.severity, 'broken',
       x.cells, x.lhs, x.rhs, x.imbalance, x.message, (v.report).template, x.message_zh
  FROM %1$I.report_versions v
  JOIN %1$I.report_versions p
    ON p.agency_id = v.agency_id AND p.year = v.year - 1 AND p.is_current
 CROSS JOIN LATERAL govinfo.continuity(
           ROW(p.agency_id::text, p.year, (p.report).template, (p.report).cells)::govinfo.disclosure_report,
           ROW(v.agency_id::text, v.year, (v.report).template, (v.report).cells)::govinfo.disclosure_report,
           $1) x
 WHERE v.is_current AND x.outcome IS FALSE
ON CONFLICT DO NOTHING
$sql$, ws), 'govinfo.', gv || '.') USING m;

    -- the parser's log: printed subtotals that differ from their rows, and
    -- rows or values it could not store (an entry of any shape is read
    -- without error: what is not there is NULL)
    EXECUTE pg_catalog.replace(pg_catalog.format($sql$
INSERT INTO gi_fresh (finding_id, agency_id, year, version_id, source, rule_id, severity,
                      outcome, cells, lhs, rhs, imbalance, message, template, extra)
SELECT v.agency_id || '/' || v.year || '/' ||
       CASE WHEN s.mm IS NOT NULL THEN 'subtotal/' || s.mm[3]
            ELSE 'parse/' || pg_catalog.left(pg_catalog.md5(pg_catalog.concat_ws('|',
                     e ->> 'section', e ->> 'label',
                     pg_catalog.regexp_replace(e ->> 'message', '[0-9]+', '#', 'g'))), 12) END,
       v.agency_id, v.year, v.version_id,
       CASE WHEN s.mm IS NOT NULL THEN 'subtotal' ELSE 'parse' END, NULL, e ->> 'severity',
       CASE WHEN s.mm IS NOT NULL THEN 'differs' ELSE 'not_stored' END,
       CASE WHEN s.mm IS NOT NULL THEN ARRAY[s.mm[3]] END,
       s.mm[1]::pg_catalog.numeric, s.mm[2]::pg_catalog.numeric,
       s.mm[1]::pg_catalog.numeric - s.mm[2]::pg_catalog.numeric,
       pg_catalog.concat_ws(': ', NULLIF(e ->> 'section', ''), NULLIF(e ->> 'label', ''), e ->> 'message'),
       (v.report).template,
       pg_catalog.concat_ws(' ', NULLIF(e ->> 'section', ''), NULLIF(e ->> 'label', ''),
                            NULLIF(pg_catalog.left(e ->> 'raw', 80), ''))
  FROM %1$I.report_versions v
 CROSS JOIN LATERAL pg_catalog.jsonb_array_elements(
           CASE WHEN pg_catalog.jsonb_typeof(v.parse_log) = 'array' THEN v.parse_log ELSE '[]' END) e
 CROSS JOIN LATERAL (SELECT pg_catalog.regexp_match(e ->> 'message',
           '^printed subtotal (-?[0-9]{1,18}) differs from the sum of its rows (-?[0-9]{1,18}) \(([^)]*)\)') AS mm) s
 WHERE v.is_current AND e ->> 'severity' IN ('error', 'warning')
ON CONFLICT DO NOTHING
$sql$, ws), 'govinfo.', gv || '.');

    -- prose that contradicts the table (narrative_conflicts, kept at load)
    EXECUTE pg_catalog.replace(pg_catalog.format($sql$
INSERT INTO gi_fresh (finding_id, agency_id, year, version_id, source, rule_id, severity,
                      outcome, cells, lhs, rhs, imbalance, message, template, extra)
SELECT v.agency_id || '/' || v.year || '/prose/' || COALESCE(e ->> 'code', '?'),
       v.agency_id, v.year, v.version_id, 'prose', NULL, 'warning', 'differs',
       ARRAY[e ->> 'code'], n.t, n.p, n.t - n.p,
       pg_catalog.format('%%s: the table says %%s, the text %%s: %%s', e ->> 'code', n.t, n.p, e ->> 'excerpt'),
       (v.report).template, e ->> 'excerpt'
  FROM %1$I.report_versions v
 CROSS JOIN LATERAL pg_catalog.jsonb_array_elements(
           CASE WHEN pg_catalog.jsonb_typeof(v.prose) = 'array' THEN v.prose ELSE '[]' END) e
 CROSS JOIN LATERAL (SELECT
           CASE WHEN pg_catalog.jsonb_typeof(e -> 'table_value') = 'number'
                THEN (e -> 'table_value')::pg_catalog.numeric END AS t,
           CASE WHEN pg_catalog.jsonb_typeof(e -> 'text_value') = 'number'
                THEN (e -> 'text_value')::pg_catalog.numeric END AS p) n
 WHERE v.is_current
ON CONFLICT DO NOTHING
$sql$, ws), 'govinfo.', gv || '.');

    -- what could not be loaded, until a version of that agency and year is
    -- loaded after it
    EXECUTE pg_catalog.replace(pg_catalog.format($sql$
INSERT INTO gi_fresh (finding_id, agency_id, year, version_id, source, rule_id, severity,
                      outcome, message, extra)
SELECT COALESCE(j.agency_id::text, '') || '/' || COALESCE(j.year::text, '') ||
       '/load/' || pg_catalog.left(pg_catalog.md5(COALESCE(j.content_hash, j.source, j.id::text)), 12),
       j.agency_id, j.year, NULL, 'load', NULL, 'error', 'not_loaded',
       pg_catalog.concat_ws(': ', j.source, j.reason), j.source
  FROM (SELECT r.id, r.year, r.content_hash, r.source, r.reason, r.rejected_at,
               COALESCE(r.agency_id,
                   (SELECT a.agency_id FROM %1$I.agency_aliases a
                     WHERE a.alias_key = govinfo.normalize_agency_name(r.agency))) AS agency_id
          FROM %1$I.rejects r) j
 WHERE NOT EXISTS (SELECT FROM %1$I.report_versions v
                    WHERE v.agency_id = j.agency_id AND v.year = j.year
                      AND v.loaded_at >= j.rejected_at)
ON CONFLICT DO NOTHING
$sql$, ws), 'govinfo.', gv || '.');

    -- two agencies that may be one: a name that is another's after its
    -- province, city or prefecture ("淮安市洪泽区人民政府", "洪泽区人民政府"),
    -- unless both are confirmed
    EXECUTE pg_catalog.replace(pg_catalog.format($sql$
INSERT INTO gi_fresh (finding_id, agency_id, year, version_id, source, rule_id, severity,
                      outcome, message, extra)
SELECT a.agency_id || '//agency/' || b.agency_id, a.agency_id, NULL, NULL, 'agency', NULL,
       'warning', 'same_agency',
       pg_catalog.format('agency %%s may be agency %%s (%%s): merge them with govinfo.merge_agencies, or confirm both',
                         a.name, b.agency_id, b.name),
       b.name
  FROM %1$I.agencies a
 CROSS JOIN LATERAL (SELECT DISTINCT pg_catalog.substr(k.key, p.i + 1) AS tail
                       FROM (SELECT govinfo.normalize_agency_name(a.name) AS key) k
                      CROSS JOIN LATERAL pg_catalog.generate_series(1, pg_catalog.length(k.key) - 1) p(i)
                      WHERE pg_catalog.substr(k.key, p.i, 1) IN ('省', '市', '州', '盟')) t
  JOIN %1$I.agency_aliases al ON al.alias_key = t.tail
  JOIN %1$I.agencies b ON b.agency_id = al.agency_id
 WHERE b.agency_id <> a.agency_id
   AND pg_catalog.length(t.tail) >= 4
   AND t.tail ~ '[省市州盟县区旗镇乡]'
   AND NOT (a.confirmed AND b.confirmed)
   AND (a.region IS NULL OR b.region IS NULL OR a.region = b.region)
ON CONFLICT DO NOTHING
$sql$, ws), 'govinfo.', gv || '.');

    -- where each finding is, and what it says, in Chinese
    EXECUTE pg_catalog.format($sql$
CREATE TEMP TABLE gi_labels ON COMMIT DROP AS
SELECT t.template, c.code, c.section || ' ' || c.label_zh AS label
  FROM %1$s.templates() t
 CROSS JOIN LATERAL %1$s.template_cells(t.template) c
 WHERE c.code IS NOT NULL
$sql$, gv);
    CREATE INDEX ON gi_labels (template, code);
    EXECUTE pg_catalog.format($sql$
CREATE TEMP TABLE gi_shapes ON COMMIT DROP AS
SELECT t.template, r.rule_id AS base,
       pg_catalog.substring(r.rule, ' (=|<=|>=) ') AS op,
       pg_catalog.cardinality(pg_catalog.regexp_split_to_array(
           pg_catalog.btrim(pg_catalog.split_part(r.rule, ' ' || pg_catalog.substring(r.rule, ' (=|<=|>=) ') || ' ', 1)),
           '\s+[-+]\s+')) AS nlhs
  FROM %1$s.templates() t
 CROSS JOIN LATERAL %1$s.template_rules(t.template) r
 WHERE r.rule_id <> 'DEF'
$sql$, gv);
    PERFORM 'PRAGMA:TABLE: gi_labels (template text, code text, label text)';
    PERFORM 'PRAGMA:TABLE: gi_shapes (template text, base text, op text, nlhs integer)';
    ANALYZE gi_labels;
    ANALYZE gi_fresh;

    UPDATE gi_fresh f
       SET place_zh = COALESCE(l.label, f.cells[1]) ||
                      CASE WHEN f.source IN ('rule', 'continuity') AND sh.nlhs > 1
                           THEN pg_catalog.format(' 等%s项之和', sh.nlhs) ELSE '' END
      FROM gi_labels l, gi_shapes sh
     WHERE l.template = f.template
       AND l.code = pg_catalog.regexp_replace(f.cells[1], '^prev\.', '')
       AND sh.template = f.template
       AND sh.base = pg_catalog.regexp_replace(f.rule_id, '[@:].*$', '');
    UPDATE gi_fresh f
       SET place_zh = COALESCE(f.place_zh, l.label, f.cells[1])
      FROM gi_labels l
     WHERE f.place_zh IS NULL AND l.template = f.template AND l.code = f.cells[1];
    UPDATE gi_fresh f
       SET message_zh = CASE
           WHEN f.engine_zh IS NOT NULL AND f.engine_zh <> '' THEN
               pg_catalog.format('%s（规则 %s）', f.engine_zh, f.rule_id)
           WHEN f.source = 'rule' AND f.outcome = 'broken' THEN
               pg_catalog.format('%s填报%s，按勾稽关系%s%s，差额%s（规则 %s）',
                   f.place_zh, f.lhs,
                   CASE (SELECT sh.op FROM gi_shapes sh
                          WHERE sh.template = f.template
                            AND sh.base = pg_catalog.regexp_replace(f.rule_id, '[@:].*$', ''))
                        WHEN '<=' THEN '应不大于' WHEN '>=' THEN '应不小于' ELSE '应为' END,
                   f.rhs, f.imbalance, f.rule_id)
           WHEN f.source = 'rule' THEN
               pg_catalog.format('%s：所涉栏目有空白，无法核对勾稽关系（规则 %s）', f.place_zh, f.rule_id)
           WHEN f.source = 'continuity' THEN
               pg_catalog.format('%s填报%s，按上年报告应为%s，差额%s（规则 %s）',
                   f.place_zh, f.lhs, f.rhs, f.imbalance, f.rule_id)
           WHEN f.source = 'subtotal' THEN
               pg_catalog.format('表中印刷的小计%s与其各行之和%s不符（%s）', f.lhs, f.rhs, f.place_zh)
           WHEN f.source = 'prose' THEN
               pg_catalog.format('正文所述%s与表中%s不符：“%s”', f.rhs, f.lhs, f.extra)
           WHEN f.source = 'parse' THEN
               pg_catalog.format('表中此处未能读取：%s', COALESCE(NULLIF(f.extra, ''), f.message))
           WHEN f.source = 'load' THEN
               pg_catalog.format('报告未能入库（%s）', f.message)
           ELSE pg_catalog.format('单位名称可能与“%s”为同一单位', f.extra) END;

    -- merge: recurring findings keep their review; new ones are open; the
    -- ones no longer found become fixed in the agency's current version
    EXECUTE pg_catalog.replace(pg_catalog.format($sql$
UPDATE %1$I.findings f
   SET agency_id = n.agency_id, year = n.year, version_id = n.version_id, rule_id = n.rule_id,
       severity = n.severity, outcome = n.outcome, cells = n.cells, lhs = n.lhs, rhs = n.rhs,
       imbalance = n.imbalance, place_zh = n.place_zh, message = n.message,
       message_zh = n.message_zh, likely_cells = n.likely_cells, last_seen = pg_catalog.now(),
       status = CASE WHEN f.status = 'fixed' THEN 'open' ELSE f.status END,
       fixed_in = NULL
  FROM gi_fresh n
 WHERE n.finding_id = f.finding_id
$sql$, ws), 'govinfo.', gv || '.');
    GET DIAGNOSTICS recurring = ROW_COUNT;
    EXECUTE pg_catalog.replace(pg_catalog.format($sql$
INSERT INTO %1$I.findings (finding_id, agency_id, year, version_id, source, rule_id, severity,
                           outcome, cells, lhs, rhs, imbalance, place_zh, message, message_zh,
                           likely_cells)
SELECT n.finding_id, n.agency_id, n.year, n.version_id, n.source, n.rule_id, n.severity,
       n.outcome, n.cells, n.lhs, n.rhs, n.imbalance, n.place_zh, n.message, n.message_zh,
       n.likely_cells
  FROM gi_fresh n
 WHERE NOT EXISTS (SELECT FROM %1$I.findings f WHERE f.finding_id = n.finding_id)
$sql$, ws), 'govinfo.', gv || '.');
    GET DIAGNOSTICS new = ROW_COUNT;
    EXECUTE pg_catalog.replace(pg_catalog.format($sql$
UPDATE %1$I.findings f
   SET status = 'fixed',
       fixed_in = (SELECT v.version_id FROM %1$I.report_versions v
                    WHERE v.agency_id = f.agency_id AND v.year = f.year AND v.is_current)
 WHERE f.status <> 'fixed'
   AND NOT EXISTS (SELECT FROM gi_fresh n WHERE n.finding_id = f.finding_id)
$sql$, ws), 'govinfo.', gv || '.');
    GET DIAGNOSTICS fixed = ROW_COUNT;
    SELECT pg_catalog.count(*) INTO findings FROM gi_fresh;
    DROP TABLE gi_fresh, gi_labels, gi_shapes;
END
$refresh$;
COMMENT ON FUNCTION govinfo.refresh_findings(name) IS
'Recompute a workspace''s findings from its current versions, continuity between consecutive years, the parser''s logs, prose conflicts, rejects and agency names, under the workspace''s mode: recurring findings keep status and note (a fixed one that recurs is open again), new ones are open, those no longer found become fixed with fixed_in; returns how many were found, new, recurring and newly fixed';

-- Not STRICT: NULL arguments are errors.
CREATE FUNCTION govinfo.merge_agencies(workspace name, alias text, agency text)
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $merge$
DECLARE
    ws     name := govinfo.workspace_schema(workspace);
    target bigint;
    other  bigint;
BEGIN
    IF alias IS NULL OR agency IS NULL THEN
        RAISE EXCEPTION 'alias and agency must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    EXECUTE pg_catalog.format('LOCK TABLE %I.agencies IN SHARE ROW EXCLUSIVE MODE', ws);
    EXECUTE pg_catalog.format('SELECT a.agency_id FROM %I.agency_aliases a WHERE a.alias_key = govinfo.normalize_agency_name($1)', ws)
       INTO target USING agency;
    IF target IS NULL THEN
        RAISE EXCEPTION 'agency "%" is not known in workspace %', agency, pg_catalog.quote_ident(ws)
            USING ERRCODE = 'undefined_object',
                  HINT = pg_catalog.format('Load a report of it first, or add it: INSERT INTO %I.agencies (name) and INSERT INTO %I.agency_aliases (alias, agency_id).', ws, ws);
    END IF;
    EXECUTE pg_catalog.format('SELECT a.agency_id FROM %I.agency_aliases a WHERE a.alias_key = govinfo.normalize_agency_name($1)', ws)
       INTO other USING alias;
    IF other = target THEN
        RETURN target;
    END IF;
    IF other IS NULL THEN
        EXECUTE pg_catalog.format('INSERT INTO %I.agency_aliases (alias, agency_id) VALUES ($1, $2)', ws)
           USING alias, target;
        RETURN target;
    END IF;

    -- Two agencies become one.  Where both have a current version of a
    -- year, the one loaded last stays current.
    EXECUTE pg_catalog.format($sql$
UPDATE %1$I.report_versions v SET is_current = false
 WHERE v.is_current AND v.agency_id IN ($1, $2)
   AND EXISTS (SELECT FROM %1$I.report_versions w
                WHERE w.is_current AND w.agency_id IN ($1, $2) AND w.agency_id <> v.agency_id
                  AND w.year = v.year
                  AND (w.loaded_at, w.version_id) > (v.loaded_at, v.version_id))
$sql$, ws) USING target, other;
    EXECUTE pg_catalog.format('UPDATE %I.report_versions SET agency_id = $1 WHERE agency_id = $2', ws)
       USING target, other;
    -- findings follow, under their new fingerprint; one the other agency
    -- already has under it is the same finding
    EXECUTE pg_catalog.format($sql$
DELETE FROM %1$I.findings f
 WHERE f.agency_id = $2
   AND EXISTS (SELECT FROM %1$I.findings g
                WHERE g.finding_id = $1 || pg_catalog.substr(f.finding_id, pg_catalog.length($2::text) + 1))
$sql$, ws) USING target, other;
    EXECUTE pg_catalog.format($sql$
UPDATE %1$I.findings
   SET finding_id = $1 || pg_catalog.substr(finding_id, pg_catalog.length($2::text) + 1), agency_id = $1
 WHERE agency_id = $2
$sql$, ws) USING target, other;
    EXECUTE pg_catalog.format('UPDATE %I.rejects SET agency_id = $1 WHERE agency_id = $2', ws)
       USING target, other;
    EXECUTE pg_catalog.format('UPDATE %I.agency_aliases SET agency_id = $1 WHERE agency_id = $2', ws)
       USING target, other;
    EXECUTE pg_catalog.format('UPDATE %I.agencies SET parent_id = $1 WHERE parent_id = $2', ws)
       USING target, other;
    EXECUTE pg_catalog.format($sql$
UPDATE %1$I.agencies t
   SET region = COALESCE(t.region, o.region),
       level = COALESCE(t.level, o.level),
       valid_from = CASE WHEN t.valid_from IS NULL OR o.valid_from IS NULL THEN NULL
                         ELSE LEAST(t.valid_from, o.valid_from) END
  FROM %1$I.agencies o
 WHERE t.agency_id = $1 AND o.agency_id = $2
$sql$, ws) USING target, other;
    EXECUTE pg_catalog.format('DELETE FROM %I.agencies WHERE agency_id = $1', ws) USING other;
    RETURN target;
END
$merge$;
COMMENT ON FUNCTION govinfo.merge_agencies(name, text, text) IS
'Make a name an alias of an agency (a rename, the same office printed another way): a new name is added to agency_aliases; a name of another agency merges that agency into this one, with its names, versions (where both have a current version of a year, the one loaded last stays current), findings (under their new fingerprints), rejects and children; returns the agency''s id. Continuity is then checked across the two names at the next govinfo.refresh_findings';

-- Not STRICT: NULL arguments are errors.
CREATE FUNCTION govinfo.load_reports(workspace name, staging regclass,
    OUT loaded bigint, OUT replaced bigint, OUT kept bigint,
    OUT duplicates bigint, OUT rejected bigint)
RETURNS record
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $load$
DECLARE
    ws       name := govinfo.workspace_schema(workspace);
    cols     jsonb;
    rtype    regtype;
    sel      text := '';
    opt      record;
    row      record;
BEGIN
    IF staging IS NULL THEN
        RAISE EXCEPTION 'staging table must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT pg_catalog.jsonb_object_agg(a.attname, a.atttypid::regtype::text)
      INTO cols
      FROM pg_catalog.pg_attribute a
     WHERE a.attrelid = staging AND a.attnum > 0 AND NOT a.attisdropped;
    IF cols IS NULL OR NOT cols ? 'agency' OR NOT cols ? 'report' THEN
        RAISE EXCEPTION 'staging table % has no columns agency and report', staging
            USING ERRCODE = 'undefined_column',
                  HINT = 'It needs agency (text) and report (govinfo.disclosure_report, or text in its literal form), and may have year, region, level, source, content, content_hash, parse_log (jsonb), reason and keep_current (boolean).';
    END IF;
    rtype := (cols ->> 'report')::regtype;
    IF rtype NOT IN ('govinfo.disclosure_report'::regtype, 'text'::regtype) THEN
        RAISE EXCEPTION 'column report of staging table % is of type %', staging, rtype
            USING ERRCODE = 'datatype_mismatch',
                  HINT = 'Use govinfo.disclosure_report, or text holding its literal form.';
    END IF;
    FOR opt IN SELECT * FROM (VALUES ('year', 'integer'), ('region', 'text'), ('level', 'text'),
                                     ('source', 'text'), ('content', 'text'), ('content_hash', 'text'),
                                     ('parse_log', 'jsonb'), ('reason', 'text'),
                                     ('keep_current', 'boolean')) o(col, typ) LOOP
        sel := sel || pg_catalog.format(', %s::%s AS %I',
                   CASE WHEN cols ? opt.col THEN pg_catalog.format('s.%I', opt.col) ELSE 'NULL' END,
                   opt.typ, opt.col);
    END LOOP;

    IF pg_catalog.to_regclass('pg_temp.gi_load') IS NOT NULL THEN
        DROP TABLE pg_temp.gi_load;
    END IF;
    EXECUTE pg_catalog.format($sql$
CREATE TEMP TABLE gi_load ON COMMIT DROP AS
SELECT pg_catalog.row_number() OVER () AS n, s.agency::text AS agency,
       %s AS report, %s AS report_text%s,
       NULL::text AS problem, NULL::text AS key, NULL::bigint AS agency_id,
       NULL::text AS action
  FROM %s s
$sql$, CASE WHEN rtype = 'text'::regtype THEN 'NULL::govinfo.disclosure_report' ELSE 's.report' END,
       CASE WHEN rtype = 'text'::regtype THEN 's.report' ELSE 'NULL::text' END,
       sel, staging);
    -- (for plpgsql_check, which cannot see a table made at run time; a no-op otherwise)
    PERFORM 'PRAGMA:TABLE: gi_load (n bigint, agency text, report govinfo.disclosure_report, report_text text, year integer, region text, level text, source text, content text, content_hash text, parse_log jsonb, reason text, keep_current boolean, problem text, key text, agency_id bigint, action text)';

    -- reports given as text: read one at a time, so that one bad literal
    -- is that row's problem only
    IF rtype = 'text'::regtype THEN
        FOR row IN SELECT l.n, l.report_text FROM gi_load l WHERE l.report_text IS NOT NULL LOOP
            BEGIN
                UPDATE gi_load SET report = row.report_text::govinfo.disclosure_report WHERE n = row.n;
            EXCEPTION WHEN data_exception OR invalid_text_representation THEN
                UPDATE gi_load SET problem = 'report is not readable: ' || SQLERRM WHERE n = row.n;
            END;
        END LOOP;
    END IF;

    UPDATE gi_load SET year = (report).year
     WHERE year IS NULL AND report IS NOT NULL AND (report).year BETWEEN 1990 AND 2100;
    UPDATE gi_load SET problem = CASE
        WHEN agency IS NULL OR govinfo.normalize_agency_name(agency) = '' THEN 'no agency name'
        WHEN report IS NULL THEN 'no report'
        ELSE govinfo.report_problem(report) END
     WHERE problem IS NULL;
    UPDATE gi_load SET problem = CASE
        WHEN year IS NULL THEN 'no year: neither the row nor its report gives one'
        WHEN year NOT BETWEEN 1990 AND 2100 THEN pg_catalog.format('year %s is out of range', year)
        WHEN (report).year <> year THEN pg_catalog.format('the report is of %s, the row of %s', (report).year, year)
        END
     WHERE problem IS NULL;
    UPDATE gi_load SET key = govinfo.normalize_agency_name(agency)
     WHERE agency IS NOT NULL AND govinfo.normalize_agency_name(agency) <> '';
    UPDATE gi_load SET content_hash = pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(
               COALESCE(content, key || '/' || year || '/' || COALESCE(report::text, report_text),
                        report_text, ''), 'UTF8')), 'hex')
     WHERE content_hash IS NULL;

    -- agencies: a name never seen makes an unconfirmed agency
    EXECUTE pg_catalog.format($sql$
WITH made AS (
    INSERT INTO %1$I.agencies (name, region, level)
    SELECT DISTINCT ON (l.key) l.agency, l.region, l.level
      FROM gi_load l
     WHERE l.key IS NOT NULL
       AND NOT EXISTS (SELECT FROM %1$I.agency_aliases a WHERE a.alias_key = l.key)
     ORDER BY l.key, l.n
    RETURNING agency_id, name)
INSERT INTO %1$I.agency_aliases (alias, agency_id) SELECT m.name, m.agency_id FROM made m
$sql$, ws);
    EXECUTE pg_catalog.format($sql$
UPDATE gi_load l SET agency_id = a.agency_id
  FROM %1$I.agency_aliases a WHERE a.alias_key = l.key
$sql$, ws);
    EXECUTE pg_catalog.format($sql$
UPDATE %1$I.agencies a
   SET region = COALESCE(a.region, l.region), level = COALESCE(a.level, l.level)
  FROM (SELECT DISTINCT ON (g.agency_id) g.agency_id, g.region, g.level
          FROM gi_load g WHERE g.region IS NOT NULL OR g.level IS NOT NULL
         ORDER BY g.agency_id, g.n) l
 WHERE a.agency_id = l.agency_id AND (a.region IS NULL OR a.level IS NULL)
   AND (l.region IS NOT NULL AND a.region IS NULL OR l.level IS NOT NULL AND a.level IS NULL)
$sql$, ws);

    -- nothing twice: a document already loaded for its agency and year, or
    -- a row already rejected, is skipped, and so is a repeated row
    ANALYZE gi_load;
    UPDATE gi_load l SET action = 'duplicate'
      FROM (SELECT g.n, pg_catalog.row_number() OVER (
                       PARTITION BY g.content_hash, g.agency_id, g.year ORDER BY g.n) AS k
              FROM gi_load g) d
     WHERE d.n = l.n AND d.k > 1;
    EXECUTE pg_catalog.format($sql$
UPDATE gi_load l SET action = 'duplicate'
  FROM %1$I.report_versions v
 WHERE l.problem IS NULL AND l.action IS NULL AND v.content_hash = l.content_hash
   AND v.agency_id = l.agency_id AND v.year = l.year
$sql$, ws);
    EXECUTE pg_catalog.format($sql$
UPDATE gi_load l SET action = 'duplicate'
  FROM %1$I.rejects j
 WHERE l.problem IS NOT NULL AND l.action IS NULL AND j.content_hash = l.content_hash
$sql$, ws);
    -- the first new document of an agency and year without a current
    -- version is loaded; the others replace it, or are kept beside it
    UPDATE gi_load SET action = 'rejected' WHERE problem IS NOT NULL AND action IS NULL;
    EXECUTE pg_catalog.format($sql$
UPDATE gi_load l SET action = CASE
    WHEN f.k = 1 AND NOT EXISTS (SELECT FROM %1$I.report_versions v
                                  WHERE v.agency_id = l.agency_id AND v.year = l.year AND v.is_current)
         THEN 'loaded'
    WHEN l.keep_current THEN 'kept'
    ELSE 'replaced' END
  FROM (SELECT g.n, pg_catalog.row_number() OVER (PARTITION BY g.agency_id, g.year ORDER BY g.n) AS k
          FROM gi_load g WHERE g.action IS NULL) f
 WHERE f.n = l.n
$sql$, ws);

    EXECUTE pg_catalog.format($sql$
INSERT INTO %1$I.rejects (source, content_hash, agency, agency_id, region, level, year,
                          reason, sqlstate, report, parse_log)
SELECT l.source, l.content_hash, l.agency, l.agency_id, l.region, l.level, l.year,
       l.problem, '22023',
       CASE WHEN l.report IS NOT NULL AND govinfo.report_problem(l.report) IS NULL THEN l.report END,
       l.parse_log
  FROM gi_load l WHERE l.action = 'rejected' ORDER BY l.n
$sql$, ws);
    EXECUTE pg_catalog.format($sql$
INSERT INTO %1$I.report_versions (agency_id, year, report, status, is_current, source, content,
                                  content_hash, parse_log, reason)
SELECT l.agency_id, l.year, l.report, 'flagged', NOT COALESCE(l.keep_current, false),
       l.source, l.content, l.content_hash, l.parse_log, l.reason
  FROM gi_load l WHERE l.action IN ('loaded', 'replaced', 'kept') ORDER BY l.n
$sql$, ws);

    SELECT pg_catalog.count(*) FILTER (WHERE l.action = 'loaded'),
           pg_catalog.count(*) FILTER (WHERE l.action = 'replaced'),
           pg_catalog.count(*) FILTER (WHERE l.action = 'kept'),
           pg_catalog.count(*) FILTER (WHERE l.action = 'duplicate'),
           pg_catalog.count(*) FILTER (WHERE l.action = 'rejected')
      INTO loaded, replaced, kept, duplicates, rejected
      FROM gi_load l;
    DROP TABLE gi_load;
END
$load$;
COMMENT ON FUNCTION govinfo.load_reports(name, regclass) IS
'Load every row of a staging table (agency, report; optionally year, region, level, source, content, content_hash, parse_log, reason, keep_current) into a workspace''s versions, each with its status: names resolve through agency_aliases (a new name makes an unconfirmed agency), a new document for an agency and year becomes current (replaced) unless keep_current, one already loaded is skipped (duplicates), and a row that cannot be a version (no agency, no year, a malformed report, a report of another year) goes to rejects without stopping the others; returns the counts';
