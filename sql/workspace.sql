-- The analyst workspace: govinfo.create_workspace() and its tables and views,
-- on a small fixed dataset whose numbers can be checked by eye.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS govinfo;
RESET client_min_messages;

SELECT govinfo.create_workspace();

-- Owned by the caller, not members of the extension (pg_dump keeps them), commented.
SELECT c.relname, c.relkind,
       pg_catalog.pg_get_userbyid(c.relowner) = current_user AS mine,
       EXISTS (SELECT FROM pg_depend d
                WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                  AND d.deptype = 'e') AS in_extension,
       obj_description(c.oid, 'pg_class') IS NOT NULL AS commented
  FROM pg_class c
 WHERE c.relnamespace = 'disclosure'::regnamespace AND c.relkind IN ('r', 'v')
 ORDER BY c.relkind, c.relname;
SELECT provolatile, proparallel, proconfig,
       obj_description(oid, 'pg_proc') IS NOT NULL AS commented
  FROM pg_proc WHERE oid = 'govinfo.create_workspace(name)'::regprocedure;

-- The dataset: four agencies of two regions, 2018 (gov2014), 2019-2020
-- (gov2019) and 2021 (gov2021).  handled = 办理结果总计 (gov2014: 申请答复数),
-- the sum of granted .. other; 市南区 left it blank in 2020.  In gov2014,
-- "unavailable" is 申请信息不存在 and "other" 告知通过其他途径办理.
-- 历下区's 2018 申请办结数 (closed) of 9 is one short of its 10 replies, and
-- 青岛市's 2021 carried_in of 3 is not its 2020 carried_out of 2: warnings.
CREATE TEMP TABLE figures (
    agency text, region text, level text, year integer, template text,
    received int, carried_in int, granted int, partial int, denied int,
    unavailable int, not_processed int, other int, handled int,
    carried_out int, reviews int, reviews_corrected int, closed int);
INSERT INTO figures VALUES
-- agency          region  level   year  template  recv cin grant part deny unav notp oth hand cout rev rcor closed
('济南市人民政府', '济南', 'city',   2018, 'gov2014', 40, NULL, 20,  5,  5,  6, NULL, 4, 40, NULL, 2, 1, NULL),
('济南市人民政府', '济南', 'city',   2019, 'gov2019', 50,   0, 25,  5,  6,  6,    2, 1, 45,    5, 3, 1, NULL),
('济南市人民政府', '济南', 'city',   2020, 'gov2019', 60,   5, 30,  8,  6, 10,    3, 2, 59,    6, 2, 0, NULL),
('济南市人民政府', '济南', 'city',   2021, 'gov2021', 80,   6, 40, 10,  8, 12,    4, 4, 78,    8, 4, 2, NULL),
('历下区人民政府', '济南', 'county', 2018, 'gov2014', 10, NULL,  6,  1,  1,  1, NULL, 1, 10, NULL, 0, 0,    9),
('历下区人民政府', '济南', 'county', 2019, 'gov2019', 12,   0,  7,  1,  2,  1,    0, 0, 11,    1, 1, 0, NULL),
('历下区人民政府', '济南', 'county', 2020, 'gov2019',  8,   1,  5,  1,  1,  1,    1, 0,  9,    0, 0, 0, NULL),
('历下区人民政府', '济南', 'county', 2021, 'gov2021', 15,   0,  9,  2,  3,  1,    0, 0, 15,    0, 1, 1, NULL),
('青岛市人民政府', '青岛', 'city',   2018, 'gov2014', 30, NULL, 18,  3,  3,  4, NULL, 2, 30, NULL, 1, 0, NULL),
('青岛市人民政府', '青岛', 'city',   2019, 'gov2019', 36,   0, 20,  4,  4,  4,    1, 1, 34,    2, 2, 1, NULL),
('青岛市人民政府', '青岛', 'city',   2020, 'gov2019', 33,   2, 20,  3,  3,  5,    1, 1, 33,    2, 1, 0, NULL),
('青岛市人民政府', '青岛', 'city',   2021, 'gov2021', 45,   3, 25,  5,  6,  6,    2, 2, 46,    2, 3, 1, NULL),
('市南区人民政府', '青岛', 'county', 2020, 'gov2019',  5,   0,  3,  0,  1,  1,    0, 0, NULL,  0, 0, 0, NULL),
('市南区人民政府', '青岛', 'county', 2021, 'gov2021',  6,   0,  2,  1,  2,  1,    0, 0,  6,    0, 1, 1, NULL);

-- The figures as reports of their template.  As in real tables, every
-- outcome cell of the 总计 column is filled: the parts not listed are 0
-- (gov2014's refusals are all 法律法规规定的其他情形).
CREATE FUNCTION pg_temp.figures_report(f figures) RETURNS govinfo.disclosure_report
LANGUAGE sql AS $$
SELECT govinfo.report(f.agency, f.year, f.template,
    (SELECT jsonb_object_agg(c.code, 0) FROM govinfo.template_cells(f.template) c
      WHERE c.kind = 'cell' AND c.code LIKE 'apply.result.%' AND c.code NOT LIKE '%@%')
    || CASE WHEN f.template = 'gov2014' THEN jsonb_build_object(
        'apply.received', f.received, 'apply.closed', f.closed,
        'apply.result', f.handled, 'apply.result.granted', f.granted,
        'apply.result.partial', f.partial, 'apply.result.denied', f.denied,
        'apply.result.denied.other_law', f.denied,
        'apply.result.not_exist', f.unavailable, 'apply.result.other_channel', f.other)
    ELSE jsonb_build_object(
        'apply.received', f.received, 'apply.carried_in', f.carried_in,
        'apply.result', f.handled, 'apply.result.granted', f.granted,
        'apply.result.partial', f.partial,
        'apply.result.denied.third_party', f.denied,
        'apply.result.unavailable.not_held', f.unavailable,
        'apply.result.rejected.repeat', f.not_processed,
        CASE f.template WHEN 'gov2019' THEN 'apply.result.other'
                        ELSE 'apply.result.other.other' END, f.other,
        'apply.carried_out', f.carried_out, 'review.pending', 0)
    END
    || jsonb_build_object('review', f.reviews, 'review.upheld', f.reviews - f.reviews_corrected,
                          'review.corrected', f.reviews_corrected, 'review.other', 0))
$$;

INSERT INTO disclosure.reports (agency, region, level, year, report, source)
SELECT agency, region, level, year, pg_temp.figures_report(f), 'figures'
  FROM figures f;
SELECT (report).template, count(*) AS reports FROM disclosure.reports GROUP BY 1 ORDER BY 1;

-- The CHECK constraints: a report breaking an error rule is refused with the
-- rule in the message (handled 12 but its outcomes add up to 11) ...
INSERT INTO figures VALUES
('市北区人民政府', '青岛', 'county', 2021, 'gov2021', 12, 0, 8, 1, 1, 1, 0, 0, 12, 0, 0, 0, NULL);
INSERT INTO disclosure.reports (agency, region, level, year, report)
SELECT agency, region, level, year, pg_temp.figures_report(f)
  FROM figures f WHERE agency = '市北区人民政府';
-- ... and so is a report of another year than its row (terse: the failing
-- row's detail would show loaded_at).
\set VERBOSITY terse
INSERT INTO disclosure.reports (agency, region, level, year, report)
VALUES ('市北区人民政府', '青岛', 'county', 2021,
        govinfo.report('市北区人民政府', 2020, 'gov2019', '{"apply.received": 1}'));
\set VERBOSITY default

-- Rejected reports are kept whole in rejects, with the broken rules; a file
-- that could not be parsed is kept with a NULL report.
INSERT INTO disclosure.rejects (source, agency, region, level, year, reason, sqlstate, report, violations)
SELECT 'shibei-2021.html', agency, region, level, year, 'breaks error rules', '23514', r,
       (SELECT jsonb_agg(jsonb_build_object('rule_id', v.rule_id, 'imbalance', v.imbalance))
          FROM govinfo.violations(r) v WHERE v.severity = 'error')
  FROM (SELECT f.*, pg_temp.figures_report(f) AS r FROM figures f) f
 WHERE NOT govinfo.is_consistent(r);
INSERT INTO disclosure.rejects (source, agency, year, reason)
VALUES ('laoshan-2021.pdf', '崂山区人民政府', 2021, 'no statistical table found');
SELECT id, source, agency, year, reason, sqlstate, (report).template, violations
  FROM disclosure.rejects ORDER BY id;

-- cells_long: every cell of every report; here the values 历下区 reported for 2018.
SELECT template, count(*) AS cells, count(value) AS reported
  FROM disclosure.cells_long GROUP BY template ORDER BY template;
SELECT code, section, label_zh, unit, kind, value
  FROM disclosure.cells_long
 WHERE agency = '历下区人民政府' AND year = 2018 AND value IS NOT NULL;

-- agency_metrics: the same names in every template.
SELECT agency, year, template, requests_received AS recv, requests_carried_in AS cin,
       requests_handled AS handled, disclosed, partly_disclosed AS partly, refused,
       unavailable AS unav, not_processed AS notp, other_handling AS oth,
       carried_out AS cout, disclosure_rate, refusal_rate, reviews, reviews_corrected AS rcor
  FROM disclosure.agency_metrics ORDER BY region, agency, year;

-- regional_totals: per region and year, and '(all)'.  complete() fills
-- 市南区's blank 2020 total from its parts (5), so 青岛 handled 33 + 5 = 38.
SELECT region, year, template, agencies,
       report OPERATOR(govinfo.->) 'apply.received' AS received,
       report OPERATOR(govinfo.->) 'apply.result' AS handled,
       report OPERATOR(govinfo.->) 'review' AS reviews,
       (report).agency AS report_agency, (report).year AS report_year
  FROM disclosure.regional_totals ORDER BY year, region;

-- regional_metrics: rates of the summed reports.
SELECT region, year, template, agencies, requests_received AS recv, requests_handled AS handled,
       disclosed, refused, disclosure_rate, refusal_rate, reviews, review_correction_rate
  FROM disclosure.regional_metrics ORDER BY year, region;

-- yoy_cells: only 2019 -> 2020 shares a template; 2018 -> 2019 and 2020 -> 2021
-- do not, and 市南区 has no 2019.
SELECT agency, year, count(*) AS cells, count(NULLIF(delta, 0)) AS changed
  FROM disclosure.yoy_cells GROUP BY 1, 2 ORDER BY 1, 2;
SELECT code, label_zh, prev_value, value, delta, pct
  FROM disclosure.yoy_cells WHERE agency = '济南市人民政府' AND delta <> 0 ORDER BY code;

-- yoy_metrics: across the layout changes too.
SELECT agency, year, metric, prev, value, delta
  FROM disclosure.yoy_metrics
 WHERE metric IN ('requests_received', 'requests_handled', 'refusal_rate')
 ORDER BY agency, metric, year;

-- rankings: within region and year; rank 1 = highest.
SELECT region, year, metric, agency, value, rank, percentile
  FROM disclosure.rankings
 WHERE year = 2021 AND metric IN ('requests_received', 'refusal_rate')
 ORDER BY region, metric, rank, agency;

-- validation: the rejected report's broken rules, the unparseable file's
-- reason, and the warnings of stored reports (a rule and a continuity rule).
SELECT agency, year, source, rule_id, severity, imbalance, message
  FROM disclosure.validation ORDER BY agency, year, rule_id;

-- Errors: the schema already holds a workspace; no schema name.
SELECT govinfo.create_workspace('disclosure');
SELECT govinfo.create_workspace(NULL);

-- A hostile-looking schema name is only ever an identifier.
SELECT govinfo.create_workspace('ws"; DROP SCHEMA public CASCADE; --');
INSERT INTO "ws""; DROP SCHEMA public CASCADE; --".reports (agency, region, level, year, report)
SELECT agency, region, level, year, pg_temp.figures_report(f) FROM figures f
 WHERE agency = '青岛市人民政府';
SELECT region, year, agencies, requests_received, refusal_rate
  FROM "ws""; DROP SCHEMA public CASCADE; --".regional_metrics ORDER BY year, region;
SELECT nspname FROM pg_namespace WHERE nspname IN ('public', 'ws"; DROP SCHEMA public CASCADE; --')
 ORDER BY nspname;
SELECT count(*) AS views FROM pg_views WHERE schemaname = 'ws"; DROP SCHEMA public CASCADE; --';

SET client_min_messages = warning;
DROP SCHEMA "ws""; DROP SCHEMA public CASCADE; --" CASCADE;
DROP SCHEMA disclosure CASCADE;
RESET client_min_messages;
