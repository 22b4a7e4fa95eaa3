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

-- @@ISSUE3@@ (comparison: aggregates, arithmetic, metrics) goes below this line

-- @@ISSUE4@@ (loading: parse_report, parse_log, narrative_conflicts) goes below this line
