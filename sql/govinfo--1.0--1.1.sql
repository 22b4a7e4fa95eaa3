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
-- The workspace
-- ============================================================================
DROP FUNCTION govinfo.create_workspace(name);

-- Not STRICT on purpose: a NULL schema name is an error, not a silent no-op.
CREATE FUNCTION govinfo.create_workspace(schema_name name DEFAULT 'disclosure')
RETURNS regnamespace
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $workspace$
DECLARE
    objects  CONSTANT text[] := ARRAY['reports', 'rejects', 'rejects_id_seq',
                                      'cells_long', 'agency_metrics',
                                      'regional_totals', 'regional_metrics',
                                      'yoy_cells', 'yoy_metrics', 'rankings',
                                      'validation'];
    existing text;
    mcols    text;      -- the metric columns of govinfo.disclosure_metrics, as m.col
    munpivot text;      -- VALUES rows (metric, value) of a metrics column a.m
    mpairs   text;      -- VALUES rows (metric, prev, value) of columns s.p and s.m
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
    -- that the views follow that type.
    SELECT pg_catalog.string_agg(pg_catalog.format('m.%I', a.attname), ', ' ORDER BY a.attnum),
           pg_catalog.string_agg(pg_catalog.format('(%L, (a.m).%I::pg_catalog.numeric)',
                                                   a.attname, a.attname), ', ' ORDER BY a.attnum),
           pg_catalog.string_agg(pg_catalog.format('(%L, (s.p).%I::pg_catalog.numeric, (s.m).%I::pg_catalog.numeric)',
                                                   a.attname, a.attname, a.attname), ', ' ORDER BY a.attnum)
      INTO mcols, munpivot, mpairs
      FROM pg_catalog.pg_attribute a
      JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
     WHERE a.attrelid = 'govinfo.disclosure_metrics'::pg_catalog.regclass
       AND a.attnum > 0 AND NOT a.attisdropped
       AND a.attname NOT IN ('agency', 'year', 'template')
       AND t.typcategory = 'N';
    IF mcols IS NULL THEN
        RAISE EXCEPTION 'govinfo.disclosure_metrics has no numeric columns'
            USING ERRCODE = 'internal_error';
    END IF;

    EXECUTE pg_catalog.format($sql$
CREATE TABLE %1$I.reports (
    agency       text NOT NULL,
    region       text,
    level        text,
    year         integer NOT NULL,
    report       govinfo.disclosure_report NOT NULL
                 CONSTRAINT reports_report_check CHECK (govinfo.check_totals(report)),
    source       text,
    content_hash text UNIQUE,
    loaded_at    timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (agency, year),
    CONSTRAINT reports_year_check CHECK ((report).year IS NULL OR (report).year = year)
)$sql$, schema_name);
    EXECUTE pg_catalog.format($sql$
COMMENT ON TABLE %1$I.reports IS
'Loaded reports, one per agency and year: every error rule of the template holds (govinfo.check_totals raises with the broken rules), and the report''s own year, when given, is the row''s year; region and level (province, city, county, township) group agencies in the views'
$sql$, schema_name);

    EXECUTE pg_catalog.format($sql$
CREATE TABLE %1$I.rejects (
    id           bigserial PRIMARY KEY,
    source       text,
    content_hash text UNIQUE,
    agency       text,
    region       text,
    level        text,
    year         integer,
    reason       text NOT NULL,
    sqlstate     text,
    report       govinfo.disclosure_report,
    parse_log    jsonb,
    violations   jsonb,
    rejected_at  timestamptz NOT NULL DEFAULT pg_catalog.now()
)$sql$, schema_name);
    EXECUTE pg_catalog.format($sql$
COMMENT ON TABLE %1$I.rejects IS
'Reports that could not be stored in reports, kept whole: the report value when there is one (NULL when the file could not be parsed), the reason and SQLSTATE, the parser''s log and the broken rules as recorded by the loader'
$sql$, schema_name);

    EXECUTE pg_catalog.format($sql$
CREATE VIEW %1$I.cells_long AS
SELECT r.agency, r.region, r.level, r.year, (r.report).template AS template,
       c.code, c.section, c.label_zh, c.unit, c.kind, c.value
  FROM %1$I.reports r
 CROSS JOIN LATERAL govinfo.cells(r.report) c
$sql$, schema_name);
    EXECUTE pg_catalog.format($sql$
COMMENT ON VIEW %1$I.cells_long IS
'Every cell and group of every stored report in long form, printed order, blank cells as NULL'
$sql$, schema_name);

    EXECUTE pg_catalog.format($sql$
CREATE VIEW %1$I.agency_metrics AS
SELECT r.agency, r.region, r.level, r.year, (r.report).template AS template, %2$s
  FROM %1$I.reports r
 CROSS JOIN LATERAL govinfo.metrics(r.report) m
$sql$, schema_name, mcols);
    EXECUTE pg_catalog.format($sql$
COMMENT ON VIEW %1$I.agency_metrics IS
'govinfo.metrics() of every stored report as published (blank totals stay blank; regional_totals completes them): the same figures whatever the template'
$sql$, schema_name);

    EXECUTE pg_catalog.format($sql$
CREATE VIEW %1$I.regional_totals AS
SELECT CASE WHEN GROUPING(r.region) = 1 THEN '(all)'::text ELSE r.region END AS region,
       r.year, (r.report).template AS template,
       pg_catalog.count(*) AS agencies,
       govinfo.report_sum(govinfo.complete(r.report)) AS report
  FROM %1$I.reports r
 GROUP BY GROUPING SETS ((r.region, r.year, (r.report).template),
                         (r.year, (r.report).template))
$sql$, schema_name);
    EXECUTE pg_catalog.format($sql$
COMMENT ON VIEW %1$I.regional_totals IS
'The reports of each region, year and template summed cell by cell after govinfo.complete(); region ''(all)'' is the whole workspace'
$sql$, schema_name);

    EXECUTE pg_catalog.format($sql$
CREATE VIEW %1$I.regional_metrics AS
SELECT t.region, t.year, t.template, t.agencies, %2$s
  FROM %1$I.regional_totals t
 CROSS JOIN LATERAL govinfo.metrics(t.report) m
$sql$, schema_name, mcols);
    EXECUTE pg_catalog.format($sql$
COMMENT ON VIEW %1$I.regional_metrics IS
'govinfo.metrics() of regional_totals: rates of a region are those of its summed report, not averages of its agencies'' rates'
$sql$, schema_name);

    EXECUTE pg_catalog.format($sql$
CREATE VIEW %1$I.yoy_cells AS
SELECT s.agency, s.year, c.code, c.label_zh,
       c.a AS prev_value, c.b AS value, c.delta, c.pct
  FROM (SELECT r.agency, r.year, r.report,
               pg_catalog.lag(r.report) OVER w AS prev_report,
               pg_catalog.lag(r.year) OVER w AS prev_year
          FROM %1$I.reports r
        WINDOW w AS (PARTITION BY r.agency ORDER BY r.year)) s
 CROSS JOIN LATERAL govinfo.compare(s.prev_report, s.report) c
 WHERE s.prev_year = s.year - 1
   AND (s.prev_report).template = (s.report).template
   AND (c.a IS NOT NULL OR c.b IS NOT NULL)
$sql$, schema_name);
    EXECUTE pg_catalog.format($sql$
COMMENT ON VIEW %1$I.yoy_cells IS
'Cell by cell change of each agency from the year before (govinfo.compare), when both years are stored and share a template; cells blank in both years are left out'
$sql$, schema_name);

    EXECUTE pg_catalog.format($sql$
CREATE VIEW %1$I.yoy_metrics AS
SELECT s.agency, s.year, u.metric, u.prev, u.value,
       u.value - u.prev AS delta
  FROM (SELECT r.agency, r.year, govinfo.metrics(r.report) AS m,
               pg_catalog.lag(govinfo.metrics(r.report)) OVER w AS p,
               pg_catalog.lag(r.year) OVER w AS prev_year
          FROM %1$I.reports r
        WINDOW w AS (PARTITION BY r.agency ORDER BY r.year)) s
 CROSS JOIN LATERAL (VALUES %2$s) u(metric, prev, value)
 WHERE s.prev_year = s.year - 1
   AND (u.prev IS NOT NULL OR u.value IS NOT NULL)
$sql$, schema_name, mpairs);
    EXECUTE pg_catalog.format($sql$
COMMENT ON VIEW %1$I.yoy_metrics IS
'Change of each agency''s metrics (govinfo.metrics) from the year before, across template changes (2018 to 2019, 2020 to 2021); metrics blank in both years are left out'
$sql$, schema_name);

    EXECUTE pg_catalog.format($sql$
CREATE VIEW %1$I.rankings AS
SELECT a.region, a.year, a.agency, u.metric, u.value,
       pg_catalog.rank() OVER (PARTITION BY a.region, a.year, u.metric
                               ORDER BY u.value DESC) AS rank,
       pg_catalog.round((100 * pg_catalog.percent_rank()
                             OVER (PARTITION BY a.region, a.year, u.metric
                                   ORDER BY u.value))::pg_catalog.numeric, 1) AS percentile
  FROM (SELECT r.agency, r.region, r.year, govinfo.metrics(r.report) AS m
          FROM %1$I.reports r) a
 CROSS JOIN LATERAL (VALUES %2$s) u(metric, value)
 WHERE u.value IS NOT NULL
$sql$, schema_name, munpivot);
    EXECUTE pg_catalog.format($sql$
COMMENT ON VIEW %1$I.rankings IS
'Agencies ranked by each metric within region and year: rank 1 = highest value; percentile = share of the other agencies with a lower value (0 to 100); blank metrics are not ranked'
$sql$, schema_name);

    EXECUTE pg_catalog.format($sql$
CREATE VIEW %1$I.validation AS
SELECT j.agency, j.year, j.source, v.rule_id, v.severity, v.imbalance, v.message
  FROM %1$I.rejects j
 CROSS JOIN LATERAL govinfo.violations(j.report) v
UNION ALL
SELECT j.agency, j.year, j.source, NULL::text, 'error'::text, NULL::pg_catalog.numeric, j.reason
  FROM %1$I.rejects j
 WHERE j.report IS NULL OR govinfo.is_consistent(j.report)
UNION ALL
SELECT r.agency, r.year, r.source, v.rule_id, v.severity, v.imbalance, v.message
  FROM %1$I.reports r
 CROSS JOIN LATERAL govinfo.violations(r.report) v
 WHERE v.severity = 'warning'
UNION ALL
SELECT s.agency, s.year, s.source, v.rule_id, v.severity, v.imbalance, v.message
  FROM (SELECT r.agency, r.year, r.source, r.report,
               pg_catalog.lag(r.report) OVER w AS prev_report,
               pg_catalog.lag(r.year) OVER w AS prev_year
          FROM %1$I.reports r
        WINDOW w AS (PARTITION BY r.agency ORDER BY r.year)) s
 CROSS JOIN LATERAL govinfo.continuity(s.prev_report, s.report) v
 WHERE s.prev_year = s.year - 1
   AND v.outcome IS FALSE
$sql$, schema_name);
    EXECUTE pg_catalog.format($sql$
COMMENT ON VIEW %1$I.validation IS
'Findings: the broken rules of rejected reports (or the reason for the rejection when no error rule is broken or there is no report), the broken warning rules of stored reports, and the broken continuity rules between an agency''s stored reports of consecutive years'
$sql$, schema_name);

    IF created THEN
        EXECUTE pg_catalog.format('COMMENT ON SCHEMA %I IS %L', schema_name,
                                  'govinfo workspace (govinfo.create_workspace)');
    END IF;

    RETURN (SELECT n.oid::regnamespace FROM pg_catalog.pg_namespace n WHERE n.nspname = schema_name);
END
$workspace$;
COMMENT ON FUNCTION govinfo.create_workspace(name) IS
'Create in a schema (made if missing) the tables reports and rejects and the views cells_long, agency_metrics, regional_totals, regional_metrics, yoy_cells, yoy_metrics, rankings and validation, owned by the caller and not part of the extension; returns the schema';
