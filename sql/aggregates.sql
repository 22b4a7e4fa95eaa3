-- govinfo.report_sum / report_min / report_max and report + report:
-- cell by cell over reports of one template.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS govinfo;
RESET client_min_messages;
\pset null '∅'

-- Three small gov2014 reports: two of agency A (2016, 2017), one of B (2017).
-- review is 1, blank and 0; litigation only in B; org.budget is in 万元.
CREATE TEMP TABLE agg_r (id integer, r govinfo.disclosure_report);
INSERT INTO agg_r VALUES
 (1, govinfo.report('A', 2016, 'gov2014', '{"apply.received": 10, "review": 1, "org.budget": 1.5}')),
 (2, govinfo.report('A', 2017, 'gov2014', '{"apply.received": 20, "org.budget": "2.25"}')),
 (3, govinfo.report('B', 2017, 'gov2014', '{"apply.received": 5, "review": 0, "litigation": 3}'));

-- The non-blank cells of a report, with its agency and year.
CREATE FUNCTION pg_temp.shown(r govinfo.disclosure_report)
RETURNS TABLE (agency text, year integer, code text, value numeric)
LANGUAGE sql AS $$
  SELECT (r).agency, (r).year, c.code, c.value
  FROM govinfo.cells(r) c WHERE c.value IS NOT NULL $$;

-- All three: agencies and years differ, so both are NULL.  review = 1 + 0
-- (the blank is skipped), litigation = 3 (from B alone), budget exact.
SELECT s.* FROM (SELECT govinfo.report_sum(r) AS r FROM agg_r) q, pg_temp.shown(q.r) s;

-- A cell blank in every input stays blank (not 0).
SELECT govinfo.value(govinfo.report_sum(r), 'complaint') AS complaint,
       govinfo.value(govinfo.report_sum(r), 'litigation') AS litigation
FROM agg_r WHERE id <= 2;

-- Agency A over two years: the agency is kept, the year is not.
SELECT s.* FROM (SELECT govinfo.report_sum(r) AS r FROM agg_r WHERE id <= 2) q, pg_temp.shown(q.r) s;

-- Year 2017 over two agencies: the year is kept, the agency is not.
SELECT s.* FROM (SELECT govinfo.report_sum(r) AS r FROM agg_r WHERE id >= 2) q, pg_temp.shown(q.r) s;

-- GROUP BY agency.
SELECT (r).agency AS grp, (govinfo.report_sum(r)).agency, (govinfo.report_sum(r)).year,
       govinfo.value(govinfo.report_sum(r), 'apply.received') AS received
FROM agg_r GROUP BY (r).agency ORDER BY 1;

-- min and max skip blank cells as well: review min(1, 0) = 0, max = 1.
SELECT s.* FROM (SELECT govinfo.report_min(r) AS r FROM agg_r) q, pg_temp.shown(q.r) s;
SELECT s.* FROM (SELECT govinfo.report_max(r) AS r FROM agg_r) q, pg_temp.shown(q.r) s;

-- A NULL agency or year is "not given": it does not make the result's NULL.
SELECT (govinfo.report_sum(r)).agency, (govinfo.report_sum(r)).year
FROM (VALUES (govinfo.report('A', 2017, 'gov2014', '{}')),
             (govinfo.report(NULL, NULL, 'gov2014', '{}'))) v(r);

-- NULL reports are skipped; no rows or only NULL reports give NULL.
SELECT govinfo.value(govinfo.report_sum(r), 'apply.received') AS received
FROM (SELECT r FROM agg_r UNION ALL SELECT NULL) v;
SELECT govinfo.report_sum(r) IS NULL AS no_rows FROM agg_r WHERE false;
SELECT govinfo.report_sum(NULL::govinfo.disclosure_report) IS NULL AS only_null,
       govinfo.report_min(NULL::govinfo.disclosure_report) IS NULL AS min_null,
       govinfo.report_max(NULL::govinfo.disclosure_report) IS NULL AS max_null;

-- As a window aggregate: running totals (the final function is called
-- once per row on the same state).
SELECT id, govinfo.value(govinfo.report_sum(r) OVER (ORDER BY id), 'apply.received') AS running,
       govinfo.value(govinfo.report_max(r) OVER (ORDER BY id), 'apply.received') AS running_max
FROM agg_r ORDER BY id;

-- gov2021 reports with applicant columns and NULL cells, checked position by
-- position against SQL's own sum/min/max over the unnested cells.  The
-- cells are a pattern with NULLs in runs and alone, so that every path of
-- the transition function (whole bytes present, absent, mixed) is taken.
CREATE TEMP TABLE agg21 AS
SELECT i, ROW('agency ' || (i % 3), 2021, 'gov2021',
              ARRAY(SELECT CASE WHEN (i + k) % 7 = 0 OR (i % 5 = 0 AND k BETWEEN 17 AND 40) THEN NULL
                                ELSE ((i * 37 + k * 11) % 1000)::bigint END
                    FROM generate_series(1, 200) k))::govinfo.disclosure_report AS r
FROM generate_series(1, 60) i;
INSERT INTO agg21 SELECT 61, ROW('agency 1', 2021, 'gov2021', array_fill(NULL::bigint, ARRAY[200]))::govinfo.disclosure_report;
WITH agg AS (SELECT govinfo.report_sum(r) AS s, govinfo.report_min(r) AS mi, govinfo.report_max(r) AS ma FROM agg21),
     cells AS (SELECT k, pg_catalog.sum(v)::bigint AS s, pg_catalog.min(v) AS mi, pg_catalog.max(v) AS ma
               FROM agg21, unnest((r).cells) WITH ORDINALITY u(v, k) GROUP BY k),
     expect AS (SELECT array_agg(s ORDER BY k) AS s, array_agg(mi ORDER BY k) AS mi,
                       array_agg(ma ORDER BY k) AS ma FROM cells)
SELECT (agg.s).cells = expect.s AS sum_ok, (agg.mi).cells = expect.mi AS min_ok,
       (agg.ma).cells = expect.ma AS max_ok, (agg.s).agency, (agg.s).year
FROM agg, expect;
-- gov2019 has 198 cells: the last bitmap byte is partly padding
CREATE TEMP TABLE agg19 AS
SELECT i, ROW('agency', 2020, 'gov2019',
              ARRAY(SELECT CASE WHEN (i * k) % 5 = 0 THEN NULL ELSE ((i * 31 + k) % 500)::bigint END
                    FROM generate_series(1, 198) k))::govinfo.disclosure_report AS r
FROM generate_series(1, 30) i;
WITH agg AS (SELECT govinfo.report_sum(r) AS s, govinfo.report_min(r) AS mi FROM agg19),
     cells AS (SELECT k, pg_catalog.sum(v)::bigint AS s, pg_catalog.min(v) AS mi
               FROM agg19, unnest((r).cells) WITH ORDINALITY u(v, k) GROUP BY k)
SELECT (agg.s).cells = (SELECT array_agg(s ORDER BY k) FROM cells) AS sum_ok,
       (agg.mi).cells = (SELECT array_agg(mi ORDER BY k) FROM cells) AS min_ok,
       (agg.s).cells[195:198] AS last_cells, (agg.s).agency, (agg.s).year
FROM agg;
-- groups are computed on the result as on any report
SELECT govinfo.value(govinfo.report_sum(r), 'apply.result.denied') AS denied,
       (SELECT pg_catalog.sum(govinfo.value(r, 'apply.result.denied')) FROM agg21) AS expected
FROM agg21;

-- Signed cells (gov2019 本年增/减) add up below zero.
SELECT govinfo.value(govinfo.report_sum(r), 'proactive.licensing.change') AS sum,
       govinfo.value(govinfo.report_min(r), 'proactive.licensing.change') AS min,
       govinfo.value(govinfo.report_max(r), 'proactive.licensing.change') AS max
FROM (VALUES (govinfo.report('A', 2019, 'gov2019', '{"proactive.licensing.change": -3}')),
             (govinfo.report('A', 2020, 'gov2019', '{"proactive.licensing.change": -5}')),
             (govinfo.report('A', 2020, 'gov2019', '{"proactive.licensing.change": 2}'))) v(r);

-- Errors.
-- Reports of two templates: the message names both and points to metrics().
SELECT govinfo.report_sum(r) FROM (VALUES
 (govinfo.report('A', 2018, 'gov2014', '{"apply.received": 5}')),
 (govinfo.report('A', 2021, 'gov2021', '{"apply.received": 7}'))) v(r);
SELECT govinfo.report_max(r) FROM (VALUES
 (govinfo.report('A', 2021, 'gov2021', '{"apply.received": 7}')),
 (govinfo.report('A', 2019, 'gov2019', '{"apply.received": 5}'))) v(r);
-- Overflow is an error, never a wrapped sum.
SELECT govinfo.report_sum(r) FROM (VALUES
 (govinfo.report('A', 2017, 'gov2014', '{"apply.received": 9223372036854775000}')),
 (govinfo.report('B', 2017, 'gov2014', '{"apply.received": 9223372036854775000}'))) v(r);
SELECT govinfo.report_sum(r) FROM (VALUES
 (govinfo.report('A', 2019, 'gov2019', '{"proactive.penalty.change": -9223372036854775000}')),
 (govinfo.report('A', 2020, 'gov2019', '{"proactive.penalty.change": -9223372036854775000}'))) v(r);
-- Values built by hand are validated as everywhere else.
SELECT govinfo.report_sum(r) FROM (VALUES
 (ROW('A', 2017, 'gov2014', '{1,2,3}')::govinfo.disclosure_report)) v(r);
SELECT govinfo.report_sum(r) FROM (VALUES
 (govinfo.report('A', 2017, 'gov2014', '{}')),
 (ROW('A', 2017, 'gov2014', array_fill(1::bigint, ARRAY[8, 8]))::govinfo.disclosure_report)) v(r);
SELECT govinfo.report_sum(r) FROM (VALUES
 (govinfo.report('A', 2017, 'gov2014', '{}')),
 (ROW('A', 2017, 'gov2014', array_fill(-1::bigint, ARRAY[64]))::govinfo.disclosure_report)) v(r);
SELECT govinfo.report_min(r) FROM (VALUES
 (ROW('A', 1017, 'gov2014', array_fill(1::bigint, ARRAY[64]))::govinfo.disclosure_report)) v(r);
SELECT govinfo.report_sum(r) FROM (VALUES
 (ROW('A', 2017, 'gov2099', array_fill(1::bigint, ARRAY[64]))::govinfo.disclosure_report)) v(r);
SELECT govinfo.report_sum(r) FROM (VALUES
 (ROW('A', 2017, NULL, array_fill(1::bigint, ARRAY[64]))::govinfo.disclosure_report)) v(r);
SELECT govinfo.report_sum(r) FROM (VALUES
 (ROW('A', 2017, 'gov2014', NULL)::govinfo.disclosure_report)) v(r);

-- report + report: the same cell-by-cell sum for two reports.
SELECT s.* FROM agg_r a, agg_r b,
     pg_temp.shown(a.r OPERATOR(govinfo.+) b.r) s
WHERE a.id = 1 AND b.id = 2;
-- it agrees with report_sum, and is commutative
SELECT (a.r OPERATOR(govinfo.+) b.r) = (SELECT govinfo.report_sum(r) FROM agg_r WHERE id IN (1, 3)) AS same_as_sum,
       (a.r OPERATOR(govinfo.+) b.r) = (b.r OPERATOR(govinfo.+) a.r) AS commutative
FROM agg_r a, agg_r b WHERE a.id = 1 AND b.id = 3;
-- with govinfo on the search_path it reads as +
SET search_path = govinfo, public;
SELECT to_jsonb(a.r + b.r) FROM agg_r a, agg_r b WHERE a.id = 2 AND b.id = 3;
RESET search_path;
-- a NULL report gives NULL (STRICT), as NULL + 1 does
SELECT (r OPERATOR(govinfo.+) NULL) IS NULL AS is_null FROM agg_r WHERE id = 1;
-- there is no report - report
SELECT a.r OPERATOR(govinfo.-) b.r FROM agg_r a, agg_r b WHERE a.id = 1 AND b.id = 2;
-- the same errors as report_sum
SELECT govinfo.report('A', 2018, 'gov2014', '{}') OPERATOR(govinfo.+) govinfo.report('A', 2019, 'gov2019', '{}');
SELECT govinfo.report('A', 2017, 'gov2014', '{"org.budget": 9223372036854.775}')
       OPERATOR(govinfo.+) govinfo.report('A', 2017, 'gov2014', '{"org.budget": 9223372036854.775}');
