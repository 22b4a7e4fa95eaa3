/*
 * govinfo install script.  The build copies it to govinfo--VERSION.sql.
 *
 * Every object lives in schema govinfo and is schema-qualified; built-ins are
 * written pg_catalog.-qualified wherever an expression is evaluated, so that
 * the script and the SQL functions are safe under any search_path.
 */
\echo Use "CREATE EXTENSION govinfo" to load this file. \quit

-- ============================================================================
-- The type
-- ============================================================================

CREATE TYPE govinfo.disclosure_report AS (
    agency   text,
    year     integer,
    template text,
    cells    bigint[]
);
COMMENT ON TYPE govinfo.disclosure_report IS
'One agency''s annual-report statistical table: agency, year, template (gov2014, gov2019, gov2021) and cells, one bigint per stored cell in template order (govinfo.template_cells), NULL = not reported; 万元 amounts stored as integer 元';

-- ============================================================================
-- The template catalog
-- ============================================================================

CREATE FUNCTION govinfo.templates(
    OUT template text, OUT title text, OUT first_year integer,
    OUT last_year integer, OUT cells integer, OUT rules integer)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'govinfo_templates'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 3;
COMMENT ON FUNCTION govinfo.templates() IS
'The table layouts: name, title, the years they were used for (last_year NULL = still in use), stored cells and rule checks';

CREATE FUNCTION govinfo.template_cells(template text,
    OUT "position" integer, OUT code text, OUT kind text, OUT section text,
    OUT unit text, OUT sign text, OUT label_zh text, OUT label_en text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'govinfo_template_cells'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 250;
COMMENT ON FUNCTION govinfo.template_cells(text) IS
'The cells and groups of a template in printed order: position in the cells array (1-based; NULL for groups), code, kind, section, unit, sign and labels';

CREATE FUNCTION govinfo.template_rules(template text,
    OUT rule_id text, OUT severity text, OUT rule text, OUT why text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'govinfo_template_rules'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 30;
COMMENT ON FUNCTION govinfo.template_rules(text) IS
'The rules of a template as written in the spec (group definitions have rule_id DEF), plus the column set''s own rule (<prefix>-COL)';

-- ============================================================================
-- Building and reading reports
-- ============================================================================

-- Not STRICT on purpose: agency and year may be unknown (NULL); a NULL
-- template is an error and NULL cells give an all-blank report.
CREATE FUNCTION govinfo.report(agency text, year integer, template text, cells jsonb)
RETURNS govinfo.disclosure_report
AS 'MODULE_PATHNAME', 'govinfo_report'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION govinfo.report(text, integer, text, jsonb) IS
'Build a report from {"code": value}: code@column for applicant columns, a bare code for 总计; values are numbers, numeric strings ("25.1" for 万元) or null';

CREATE FUNCTION govinfo.to_jsonb(r govinfo.disclosure_report)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'govinfo_to_jsonb'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govinfo.to_jsonb(govinfo.disclosure_report) IS
'The report as {"agency", "year", "template", "cells": {code: value}} with its non-NULL cells in printed units; govinfo.report() of it gives the same report back';

CREATE FUNCTION govinfo.value(r govinfo.disclosure_report, code text)
RETURNS numeric
AS 'MODULE_PATHNAME', 'govinfo_value'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govinfo.value(govinfo.disclosure_report, text) IS
'The value of a cell or group in its printed unit (万元 with decimals); a group is the sum of its present members, NULL when none is present';

CREATE OPERATOR govinfo.-> (
    LEFTARG = govinfo.disclosure_report,
    RIGHTARG = text,
    FUNCTION = govinfo.value
);
COMMENT ON OPERATOR govinfo.-> (govinfo.disclosure_report, text) IS
'report -> code: the value of a cell or group, as govinfo.value()';

CREATE FUNCTION govinfo.cells(r govinfo.disclosure_report,
    OUT code text, OUT section text, OUT label_zh text, OUT unit text,
    OUT kind text, OUT value numeric)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'govinfo_cells'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 250;
COMMENT ON FUNCTION govinfo.cells(govinfo.disclosure_report) IS
'The report in long form, printed order, groups included: code, section, Chinese label, unit, kind and value';

-- ============================================================================
-- Checks
-- ============================================================================

CREATE FUNCTION govinfo.violations(r govinfo.disclosure_report,
    mode text DEFAULT 'non_null', output text DEFAULT 'invalid',
    OUT rule_id text, OUT severity text, OUT outcome boolean,
    OUT lhs numeric, OUT rhs numeric, OUT imbalance numeric,
    OUT cells text[], OUT message text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'govinfo_violations'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 60;
COMMENT ON FUNCTION govinfo.violations(govinfo.disclosure_report, text, text) IS
'One row per rule instance of the report''s template: outcome (false = broken, NULL = cannot be judged), both sides, imbalance (left - right), the cells and a message naming them; output ''invalid'' (default) lists the broken ones, ''all'' every instance; mode is one of non_null, non_zero, partial_null, partial_zero, always_null, always_zero';

CREATE FUNCTION govinfo.is_consistent(r govinfo.disclosure_report, mode text DEFAULT 'non_null')
RETURNS boolean
AS 'MODULE_PATHNAME', 'govinfo_is_consistent'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govinfo.is_consistent(govinfo.disclosure_report, text) IS
'False when any error-severity rule instance is broken under the mode; never raises for a broken rule';

CREATE FUNCTION govinfo.check_totals(r govinfo.disclosure_report, mode text DEFAULT 'non_null')
RETURNS boolean
AS 'MODULE_PATHNAME', 'govinfo_check_totals'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govinfo.check_totals(govinfo.disclosure_report, text) IS
'For CHECK constraints: true, or raises check_violation (23514) naming the agency and year with every broken error rule in the detail';

CREATE FUNCTION govinfo.continuity(prev govinfo.disclosure_report, cur govinfo.disclosure_report,
    mode text DEFAULT 'non_null',
    OUT rule_id text, OUT severity text, OUT outcome boolean,
    OUT lhs numeric, OUT rhs numeric, OUT imbalance numeric,
    OUT cells text[], OUT message text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'govinfo_continuity'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION govinfo.continuity(govinfo.disclosure_report, govinfo.disclosure_report, text) IS
'The continuity (prev.) rules of cur''s template between the same agency''s reports of two consecutive years, across templates; one row per instance';

-- ============================================================================
-- Comparing and aggregating: aggregates, arithmetic, metrics
-- ============================================================================

-- Aggregates over reports of one template, cell by cell.  The state is an
-- int64 per cell plus flags (internal); partial states travel between
-- parallel workers as bytea.

CREATE FUNCTION govinfo.report_sum_trans(internal, govinfo.disclosure_report)
RETURNS internal
AS 'MODULE_PATHNAME', 'govinfo_report_sum_trans'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION govinfo.report_sum_trans(internal, govinfo.disclosure_report) IS
'Transition function of govinfo.report_sum: adds a report''s cells into the state (not STRICT: it creates the state)';

CREATE FUNCTION govinfo.report_min_trans(internal, govinfo.disclosure_report)
RETURNS internal
AS 'MODULE_PATHNAME', 'govinfo_report_min_trans'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION govinfo.report_min_trans(internal, govinfo.disclosure_report) IS
'Transition function of govinfo.report_min: keeps each cell''s smallest value (not STRICT: it creates the state)';

CREATE FUNCTION govinfo.report_max_trans(internal, govinfo.disclosure_report)
RETURNS internal
AS 'MODULE_PATHNAME', 'govinfo_report_max_trans'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION govinfo.report_max_trans(internal, govinfo.disclosure_report) IS
'Transition function of govinfo.report_max: keeps each cell''s largest value (not STRICT: it creates the state)';

-- Not STRICT: a combine function of an internal state must handle NULL states.
CREATE FUNCTION govinfo.report_agg_combine(internal, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'govinfo_report_agg_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION govinfo.report_agg_combine(internal, internal) IS
'Combine function of govinfo.report_sum, report_min and report_max: merges two partial states';

CREATE FUNCTION govinfo.report_agg_serialize(internal)
RETURNS bytea
AS 'MODULE_PATHNAME', 'govinfo_report_agg_serialize'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govinfo.report_agg_serialize(internal) IS
'Serial function of the report aggregates: the state as bytea, for parallel aggregation';

CREATE FUNCTION govinfo.report_agg_deserialize(bytea, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'govinfo_report_agg_deserialize'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govinfo.report_agg_deserialize(bytea, internal) IS
'Deserial function of the report aggregates: the state back from bytea';

-- Not STRICT: it receives the internal state, NULL when no input was non-NULL.
CREATE FUNCTION govinfo.report_agg_final(internal)
RETURNS govinfo.disclosure_report
AS 'MODULE_PATHNAME', 'govinfo_report_agg_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION govinfo.report_agg_final(internal) IS
'Final function of the report aggregates: the state as a report (NULL when every input was NULL)';

CREATE AGGREGATE govinfo.report_sum(govinfo.disclosure_report) (
    SFUNC = govinfo.report_sum_trans,
    STYPE = internal,
    SSPACE = 2400,
    FINALFUNC = govinfo.report_agg_final,
    COMBINEFUNC = govinfo.report_agg_combine,
    SERIALFUNC = govinfo.report_agg_serialize,
    DESERIALFUNC = govinfo.report_agg_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE govinfo.report_sum(govinfo.disclosure_report) IS
'Cell-by-cell sum of reports of one template: a cell is NULL only when it is NULL in every input; agency and year are kept when the non-NULL ones agree, else NULL; mixing templates is an error (use govinfo.metrics() across templates); overflow is an error';

CREATE AGGREGATE govinfo.report_min(govinfo.disclosure_report) (
    SFUNC = govinfo.report_min_trans,
    STYPE = internal,
    SSPACE = 2400,
    FINALFUNC = govinfo.report_agg_final,
    COMBINEFUNC = govinfo.report_agg_combine,
    SERIALFUNC = govinfo.report_agg_serialize,
    DESERIALFUNC = govinfo.report_agg_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE govinfo.report_min(govinfo.disclosure_report) IS
'Cell-by-cell minimum of reports of one template, ignoring NULL cells; agency and year as for govinfo.report_sum';

CREATE AGGREGATE govinfo.report_max(govinfo.disclosure_report) (
    SFUNC = govinfo.report_max_trans,
    STYPE = internal,
    SSPACE = 2400,
    FINALFUNC = govinfo.report_agg_final,
    COMBINEFUNC = govinfo.report_agg_combine,
    SERIALFUNC = govinfo.report_agg_serialize,
    DESERIALFUNC = govinfo.report_agg_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE govinfo.report_max(govinfo.disclosure_report) IS
'Cell-by-cell maximum of reports of one template, ignoring NULL cells; agency and year as for govinfo.report_sum';

CREATE FUNCTION govinfo.report_add(a govinfo.disclosure_report, b govinfo.disclosure_report)
RETURNS govinfo.disclosure_report
AS 'MODULE_PATHNAME', 'govinfo_report_add'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govinfo.report_add(govinfo.disclosure_report, govinfo.disclosure_report) IS
'Cell-by-cell sum of two reports of one template, as govinfo.report_sum: NULL + x = x, NULL + NULL = NULL';

CREATE OPERATOR govinfo.+ (
    LEFTARG = govinfo.disclosure_report,
    RIGHTARG = govinfo.disclosure_report,
    FUNCTION = govinfo.report_add,
    COMMUTATOR = OPERATOR(govinfo.+)
);
COMMENT ON OPERATOR govinfo.+ (govinfo.disclosure_report, govinfo.disclosure_report) IS
'report + report: cell by cell, as govinfo.report_sum of the two (there is no report - report: use govinfo.compare)';

-- Deliberately not STRICT: compare(lag(r) OVER w, r) gets a NULL a on the
-- first row and must still give b's rows (with a, delta and pct NULL).
-- A NULL b gives no rows, as STRICT would.
CREATE FUNCTION govinfo.compare(a govinfo.disclosure_report, b govinfo.disclosure_report,
    OUT code text, OUT section text, OUT label_zh text, OUT unit text,
    OUT a numeric, OUT b numeric, OUT delta numeric, OUT pct numeric)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'govinfo_compare'
LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 250;
COMMENT ON FUNCTION govinfo.compare(govinfo.disclosure_report, govinfo.disclosure_report) IS
'Two reports of one template side by side, every code in printed order (groups included): a, b, delta = b - a and pct = 100 * delta / a rounded to 1 place (NULL when a is NULL or 0); a NULL a (lag() on the first row) gives the rows with a NULL';

CREATE FUNCTION govinfo.complete(r govinfo.disclosure_report, mode text DEFAULT 'non_null')
RETURNS govinfo.disclosure_report
AS 'MODULE_PATHNAME', 'govinfo_complete'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govinfo.complete(govinfo.disclosure_report, text) IS
'The report with blank totals filled from their parts by the template''s error-severity equality rules, repeated until nothing changes; reported values are never changed and a total the report contradicts stays blank. non_null (and the *_null modes): only when every part is present; non_zero / partial_zero / always_zero: blanks count as 0 when some part is non-zero / present / always';

CREATE TYPE govinfo.disclosure_metrics AS (
    agency                      text,
    year                        integer,
    template                    text,
    requests_received           bigint,
    requests_carried_in         bigint,
    requests_handled            bigint,
    disclosed                   bigint,
    partly_disclosed            bigint,
    refused                     bigint,
    unavailable                 bigint,
    not_processed               bigint,
    other_handling              bigint,
    carried_out                 bigint,
    disclosure_rate             numeric,
    refusal_rate                numeric,
    reviews                     bigint,
    reviews_corrected           bigint,
    review_correction_rate      numeric,
    lawsuits                    bigint,
    lawsuits_corrected          bigint,
    litigation_correction_rate  numeric,
    normative_documents_issued  bigint,
    rules_issued                bigint,
    licensing_decisions         bigint,
    penalty_decisions           bigint,
    proactive_items             bigint
);
COMMENT ON TYPE govinfo.disclosure_metrics IS
'A report''s key figures under names that mean the same in every template (govinfo.metrics; crosswalk in govinfo.metric_sources); NULL where the template lacks the concept or the report leaves it blank; rates are fractions rounded to 4 places';

CREATE FUNCTION govinfo.metrics(r govinfo.disclosure_report)
RETURNS govinfo.disclosure_metrics
AS 'MODULE_PATHNAME', 'govinfo_metrics'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govinfo.metrics(govinfo.disclosure_report) IS
'The report''s harmonised metrics: requests received, carried in, handled and their outcomes, carried out, disclosure and refusal rates, reviews, lawsuits and their correction rates, proactive-disclosure counts; a metric of several codes is the sum of those present';

CREATE FUNCTION govinfo.metric_sources(OUT metric text, OUT template text, OUT codes text[])
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'govinfo_metric_sources'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 60;
COMMENT ON FUNCTION govinfo.metric_sources() IS
'The crosswalk behind govinfo.metrics(): for each count metric and template, the codes that add up to it (NULL: the template lacks it)';

-- ============================================================================
-- The analyst's workspace
-- ============================================================================
-- ----------------------------------------------------------------------------
-- An analyst workspace: tables for loaded and rejected reports and the views
-- that compare them.  Created on demand in a schema of the caller's choosing,
-- owned by the caller and not members of the extension, so that pg_dump keeps
-- the data and DROP EXTENSION does not silently take it away.
-- ----------------------------------------------------------------------------

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
    content_hash text,
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

-- ============================================================================
-- Parsing report texts
-- ============================================================================

-- Not STRICT on purpose: agency, year and template are optional (NULL = take
-- them from the text); a NULL content gives NULL.  IMMUTABLE: the result
-- depends on the arguments alone (the templates are compiled in).
CREATE FUNCTION govinfo.parse_report(content text, agency text DEFAULT NULL,
    year integer DEFAULT NULL, template text DEFAULT NULL)
RETURNS govinfo.disclosure_report
AS 'MODULE_PATHNAME', 'govinfo_parse_report'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION govinfo.parse_report(text, text, integer, text) IS
'Read the statistical table of a report''s text (from DOCX or PDF, or its HTML page) into a disclosure_report: the template is detected from the table (given = forced), agency and year from the title and opening lines unless given; raises 22P02 when no table is found (govinfo.parse_log shows why)';

-- Not STRICT on purpose, as parse_report; a NULL content gives no rows.
CREATE FUNCTION govinfo.parse_log(content text, agency text DEFAULT NULL,
    year integer DEFAULT NULL, template text DEFAULT NULL)
RETURNS TABLE(severity text, section text, label text, raw text, message text)
AS 'MODULE_PATHNAME', 'govinfo_parse_log'
LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 20;
COMMENT ON FUNCTION govinfo.parse_log(text, text, integer, text) IS
'What govinfo.parse_report does with a text, in order: the template, agency and year found and where, every row or value it could not map or read (error, warning), every guess it made (info); never raises for a text without a table';

CREATE FUNCTION govinfo.narrative_conflicts(content text)
RETURNS TABLE(code text, label_zh text, table_value numeric, text_value numeric, excerpt text)
AS 'MODULE_PATHNAME', 'govinfo_narrative_conflicts'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 5;
COMMENT ON FUNCTION govinfo.narrative_conflicts(text) IS
'Numbers the report''s prose states about cells of its own statistical table ("当面申请26件", "不予公开11件") that differ from the table, with the sentence that states them; conservative: only clear "key words + number + 件" statements about a known cell';
