-- The oversight workspace: govinfo.create_workspace() and an office's cycle on
-- a small fixed dataset whose numbers can be checked by eye: load, findings,
-- review, a corrected document, a rename, a malformed row, the letter, and
-- the analysis of every published report.
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
SELECT p.oid::regprocedure AS function, provolatile, proparallel, proconfig,
       obj_description(p.oid, 'pg_proc') IS NOT NULL AS commented
  FROM pg_proc p
 WHERE p.pronamespace IN ('govinfo'::regnamespace, 'disclosure'::regnamespace)
   AND (p.proname IN ('create_workspace', 'refresh_findings', 'merge_agencies', 'load_reports',
                      'workspace_schema')
        OR p.proname LIKE 'workspace\_%' OR p.pronamespace = 'disclosure'::regnamespace)
 ORDER BY p.oid::regprocedure::text COLLATE "C";
SELECT * FROM disclosure.workspace_settings;

-- The key names are matched on: traditional and full-width forms, spaces and
-- brackets do not make another agency.
SELECT n, govinfo.normalize_agency_name(n)
  FROM (VALUES ('济南市人民政府'), ('濟南市人民政府'), ('济南市 人民政府'),
               ('济南市人民政府（本级）'), ('ＡＢ市２号局')) v(n);

-- A malformed report is described, not raised.
SELECT govinfo.report_problem(r)
  FROM (VALUES (govinfo.report('x', 2020, 'gov2019', '{}')),
               (ROW('x', 2020, 'gov2019', '{1,2}')::govinfo.disclosure_report),
               (ROW('x', 2020, 'gov2099', '{}')::govinfo.disclosure_report),
               (ROW('x', 1800, 'gov2019', NULL)::govinfo.disclosure_report)) v(r);

-- The dataset: four agencies of two regions, 2018 (gov2014), 2019-2020
-- (gov2019) and 2021 (gov2021).  handled = 办理结果总计 (gov2014: 申请答复数),
-- the sum of granted .. other; 市南区 left it blank in 2020.  历下区's 2018
-- 申请办结数 (closed) of 9 is one short of its 10 replies, and 青岛市's 2021
-- carried_in of 3 is not its 2020 carried_out of 2: warnings.  市北区's 2021
-- handled 12 is one more than its outcomes: an error rule broken, so that
-- report is flagged.
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
('市南区人民政府', '青岛', 'county', 2021, 'gov2021',  6,   0,  2,  1,  2,  1,    0, 0,  6,    0, 1, 1, NULL),
('市北区人民政府', '青岛', 'county', 2021, 'gov2021', 12,   0,  8,  1,  1,  1,    0, 0, 12,    0, 0, 0, NULL);

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

-- ============================================================================
-- 1. Load: a staging table of typed reports, every row routed.  济南's 2019
-- row is printed in traditional characters and still finds its agency; one
-- row has a malformed report (two cells), one names no agency: both go to
-- rejects, and the others load.
-- ============================================================================
CREATE TEMP TABLE staging AS
SELECT CASE WHEN agency = '济南市人民政府' AND year = 2019 THEN '濟南市人民政府' ELSE agency END AS agency,
       region, level, year, pg_temp.figures_report(f) AS report, 'figures' AS source
  FROM figures f;
INSERT INTO staging VALUES
  ('崂山区人民政府', '青岛', 'county', 2021, ROW('崂山区人民政府', 2021, 'gov2021', '{1,2}'), 'laoshan-2021'),
  (NULL, '青岛', 'county', 2021, govinfo.report(NULL, 2021, 'gov2021', '{}'), 'anonymous-2021');
SELECT * FROM govinfo.load_reports('disclosure', 'staging');
-- Loading the same rows again adds nothing.
SELECT * FROM govinfo.load_reports('disclosure', 'staging');

SELECT agency_id, name, region, level, confirmed FROM disclosure.agencies ORDER BY agency_id;
SELECT alias, alias_key, agency_id FROM disclosure.agency_aliases ORDER BY agency_id, alias;
SELECT agency, year, template, status FROM disclosure.current_reports
 WHERE status = 'flagged' OR agency LIKE '市%' ORDER BY agency, year;
SELECT source, agency, agency_id IS NOT NULL AS has_agency, year, reason, sqlstate, report IS NULL AS no_report
  FROM disclosure.rejects ORDER BY id;
-- The gate holds the current consistent versions only: 市北区's flagged one is not there.
SELECT (SELECT count(*) FROM disclosure.report_versions) AS versions,
       (SELECT count(*) FROM disclosure.reports) AS gate,
       (SELECT count(*) FROM disclosure.reports WHERE agency = '市北区人民政府') AS shibei_in_gate;

-- ============================================================================
-- 2. Findings.  Every source at once; no odd row makes anything raise.
-- ============================================================================
SELECT * FROM govinfo.refresh_findings('disclosure');
-- error rules that cannot be judged (the applicant columns are blank) are
-- findings too, one per rule instance
SELECT a.name, f.year, count(*) AS not_assessable,
       string_agg(DISTINCT regexp_replace(f.rule_id, '[@:].*$', ''), ', ') AS rules
  FROM disclosure.findings f JOIN disclosure.agencies a USING (agency_id)
 WHERE f.outcome = 'not_assessable' GROUP BY 1, 2 ORDER BY 1, 2;
SELECT finding_id, source, rule_id, severity, outcome, lhs, rhs, imbalance, status
  FROM disclosure.findings WHERE outcome <> 'not_assessable' ORDER BY agency_id, year, finding_id;
SELECT finding_id, place_zh, message_zh FROM disclosure.findings
 WHERE source IN ('rule', 'continuity') AND outcome = 'broken' ORDER BY finding_id;
-- the cells locate() finds most likely wrong, for each broken error rule
SELECT finding_id, likely_cells FROM disclosure.findings
 WHERE source = 'rule' AND outcome = 'broken' AND severity = 'error' ORDER BY finding_id;

-- A finding confirmed with a note, one dismissed; a re-check keeps both.
UPDATE disclosure.findings SET status = 'confirmed', note = '已电话核实'
 WHERE finding_id LIKE '%/2021/rule/G21-02@total';
UPDATE disclosure.findings SET status = 'dismissed', note = '上年结转按新口径'
 WHERE source = 'continuity';
SELECT finding_id, status, note, reviewed_by = current_user AS reviewed_by_me,
       reviewed_at IS NOT NULL AS reviewed
  FROM disclosure.findings WHERE status <> 'open' ORDER BY finding_id;
SELECT * FROM govinfo.refresh_findings('disclosure');
SELECT finding_id, status, note FROM disclosure.findings WHERE status <> 'open' ORDER BY finding_id;

-- report_summary: one row per agency and year.
SELECT agency, year, status, broken, not_assessable, continuity, prose, parse,
       open, confirmed, dismissed, fixed, review_state
  FROM disclosure.report_summary WHERE year = 2021 ORDER BY agency;

-- ============================================================================
-- 3. The letter: plain Chinese, as the CSV an office sends.
-- ============================================================================
COPY (SELECT 单位, 年度, 表格与栏目, 填报数, 按勾稽关系应为, 差额, 说明
        FROM disclosure.findings_letter
       WHERE source <> 'rule' OR 差额 IS NOT NULL
       ORDER BY 单位, 年度, 表格与栏目)
  TO STDOUT WITH (FORMAT csv, HEADER);

-- ============================================================================
-- 4. A corrected document: 市北区 files its 2021 report again with 8 + 1
-- granted requests.  It becomes the current version, the old one is kept, the history
-- shows the change, the confirmed finding turns fixed in the new version
-- and the report passes the gate.
-- ============================================================================
CREATE TEMP TABLE correction AS
SELECT agency, region, level, year,
       govinfo.report(agency, year, 'gov2021',
                      govinfo.to_jsonb(pg_temp.figures_report(f)) -> 'cells' || '{"apply.result.granted": 9}') AS report,
       'shibei-2021-corrected' AS source, '更正：予以公开' AS reason
  FROM figures f WHERE agency = '市北区人民政府';
SELECT * FROM govinfo.load_reports('disclosure', 'correction');
SELECT version_id, year, status, is_current, supersedes, source, reason
  FROM disclosure.report_versions v
 WHERE agency_id = (SELECT agency_id FROM disclosure.agency_aliases WHERE alias = '市北区人民政府')
 ORDER BY version_id;
SELECT agency, year, version_id, prev_version_id, status, is_current, code, prev_value, value, delta
  FROM disclosure.report_history ORDER BY agency, year, version_id, code;
SELECT * FROM govinfo.refresh_findings('disclosure');
SELECT f.finding_id, f.status, f.note, f.fixed_in = v.version_id AS fixed_in_new_version
  FROM disclosure.findings f
  JOIN disclosure.report_versions v ON v.agency_id = f.agency_id AND v.year = f.year AND v.is_current
 WHERE f.status = 'fixed' AND f.outcome <> 'not_assessable';
SELECT agency, year FROM disclosure.reports WHERE agency = '市北区人民政府';

-- ============================================================================
-- 5. A rename: 历城县 (2020) became 历城区 (2021); the reports load as two
-- agencies, so continuity is not checked between them.  Merged, the old name
-- is an alias; the versions and findings follow, and the re-check compares
-- 2020 with 2021 (carried_in 4 against carried_out 3).
-- ============================================================================
CREATE TEMP TABLE renamed AS
SELECT a AS agency, '济南' AS region, 'county' AS level, y AS year,
       govinfo.report(a, y, t, (SELECT jsonb_object_agg(c.code, 0) FROM govinfo.template_cells(t) c
                                 WHERE c.kind = 'cell' AND c.code LIKE 'apply.%' AND c.code NOT LIKE '%@%')
                               || jsonb_build_object('apply.received', r, 'apply.carried_in', 0, 'apply.result', r - o,
                                                     'apply.result.granted', r - o, 'apply.carried_out', o)) AS report
  FROM (VALUES ('历城县人民政府', 2020, 'gov2019', 10, 3),
               ('历城区人民政府', 2021, 'gov2021', 12, 0)) v(a, y, t, r, o);
UPDATE renamed SET report = govinfo.report(agency, year, 'gov2021',
       govinfo.to_jsonb(report) -> 'cells' || '{"apply.carried_in": 4, "apply.result": 16, "apply.result.granted": 16}')
 WHERE year = 2021;
SELECT * FROM govinfo.load_reports('disclosure', 'renamed');
SELECT * FROM govinfo.refresh_findings('disclosure');
SELECT count(*) AS continuity_findings_before FROM disclosure.findings
 WHERE source = 'continuity' AND message LIKE 'G21-C1@total%' AND status = 'open';
SELECT govinfo.merge_agencies('disclosure', '历城县人民政府', '历城区人民政府') =
       (SELECT agency_id FROM disclosure.agency_aliases WHERE alias = '历城区人民政府') AS merged_into_new_name;
SELECT alias, agency_id = (SELECT agency_id FROM disclosure.agency_aliases WHERE alias = '历城区人民政府') AS same
  FROM disclosure.agency_aliases WHERE alias LIKE '历城%' ORDER BY alias;
SELECT agency, year FROM disclosure.current_reports WHERE agency LIKE '历城%' ORDER BY year;
SELECT * FROM govinfo.refresh_findings('disclosure');
SELECT a.name, f.year, f.rule_id, f.lhs, f.rhs, f.imbalance, f.message_zh
  FROM disclosure.findings f JOIN disclosure.agencies a USING (agency_id)
 WHERE f.source = 'continuity' AND a.name LIKE '历城%';
-- merging a name into the agency it already names changes nothing; a new
-- spelling becomes an alias
SELECT govinfo.merge_agencies('disclosure', '历城区人民政府', '歷城區人民政府') IS NOT NULL AS same_agency;
SELECT govinfo.merge_agencies('disclosure', '济南市历城区人民政府', '历城区人民政府') IS NOT NULL AS alias_added;
SELECT count(*) AS aliases FROM disclosure.agency_aliases WHERE alias LIKE '%历城%';

-- Two names that may be one agency are a finding of their own.
INSERT INTO disclosure.reports (agency, region, level, year, report)
SELECT '青岛市市南区人民政府', '青岛', 'county', 2019,
       govinfo.report('青岛市市南区人民政府', 2019, 'gov2019', '{"apply.received": 1}');
SELECT * FROM govinfo.refresh_findings('disclosure');
SELECT a.name, f.outcome, f.message_zh FROM disclosure.findings f JOIN disclosure.agencies a USING (agency_id)
 WHERE f.source = 'agency';

-- ============================================================================
-- 6. The parser's findings: a printed subtotal that differs from its rows,
-- and prose that contradicts the table (the seed report's two), from
-- versions loaded with their text.
-- ============================================================================
\set pipe `cat test/fixtures/gov2021-2021-rows-pipe.txt`
\set seed `cat test/seed/2017-shandong-hrss.txt`
CREATE TEMP TABLE texts AS
SELECT (r).agency AS agency, NULL::text AS region, (r).year AS year, r AS report, c AS content, s AS source
  FROM (VALUES (govinfo.parse_report(:'pipe'), :'pipe', 'rows-pipe.txt'),
               (govinfo.parse_report(:'seed'), :'seed', 'seed.txt')) v(r, c, s);
SELECT * FROM govinfo.load_reports('disclosure', 'texts');
SELECT * FROM govinfo.refresh_findings('disclosure');
SELECT a.name, f.year, f.source, f.cells, f.lhs, f.rhs, f.message_zh
  FROM disclosure.findings f JOIN disclosure.agencies a USING (agency_id)
 WHERE f.source IN ('subtotal', 'prose') ORDER BY a.name, f.finding_id;
SELECT version_id IS NOT NULL AS kept, length(content) > 1000 AS has_text, jsonb_array_length(prose) AS prose
  FROM disclosure.report_versions WHERE source = 'seed.txt';

-- A malformed row of any shape never makes a view raise.  Rows that got in
-- by hand (a parse log that is not an array, prose with text values) are
-- read without error.
UPDATE disclosure.report_versions SET parse_log = '{"not": "an array"}', prose = '[1, {"code": 5, "table_value": "x"}]'
 WHERE source = 'seed.txt';
SELECT * FROM govinfo.refresh_findings('disclosure');
UPDATE disclosure.report_versions SET parse_log = '[7, "x", {"severity": "warning"}]' WHERE source = 'seed.txt';
SELECT * FROM govinfo.refresh_findings('disclosure');
SELECT source, outcome, message_zh FROM disclosure.findings f
 WHERE version_id = (SELECT version_id FROM disclosure.report_versions WHERE source = 'seed.txt')
   AND source IN ('parse', 'prose') AND status = 'open' ORDER BY finding_id;
-- and the malformed report itself is refused by the versions table
INSERT INTO disclosure.report_versions (agency_id, year, report, status, content_hash)
VALUES (1, 2021, ROW('x', 2021, 'gov2021', '{1}'), 'consistent', 'x');

-- ============================================================================
-- 7. Analysis of every published report.  市北区's flagged 2021 report was
-- replaced; make 青岛市's 2021 flagged to see it counted.
-- ============================================================================
CREATE TEMP TABLE flagged AS
SELECT agency, region, level, year,
       govinfo.report(agency, year, 'gov2021',
                      govinfo.to_jsonb(pg_temp.figures_report(f)) -> 'cells' || '{"apply.result": 47}') AS report,
       'qingdao-2021-v2' AS source
  FROM figures f WHERE agency = '青岛市人民政府' AND year = 2021;
SELECT * FROM govinfo.load_reports('disclosure', 'flagged');

-- regional_sums, kept by the triggers, against the same sums computed afresh
-- from every current report: per region, level, year and status, the
-- reports, each count's sum and how many reports give it, each rate's
-- numerator and denominator over the reports giving both
CREATE TEMP VIEW sums_afresh AS
SELECT g.region, g.level, g.year, g.status, jsonb_object_agg(g.key, g.total) AS sums
  FROM (SELECT c.region, c.level, c.year, c.status, e.key, sum(e.value) AS total
          FROM disclosure.current_reports c
         CROSS JOIN LATERAL (
               SELECT 'reports', 1::numeric
               UNION ALL
               SELECT x.key || y.suffix, CASE WHEN y.suffix = '' THEN (x.value #>> '{}')::numeric ELSE 1 END
                 FROM jsonb_each(to_jsonb(c.metrics) - ARRAY['agency', 'year', 'template', 'disclosure_rate',
                                                             'refusal_rate', 'review_correction_rate',
                                                             'litigation_correction_rate']) x,
                      (VALUES (''), ('_reports')) y(suffix)
                WHERE x.value <> 'null'
               UNION ALL
               SELECT r.rate || p.part, p.v
                 FROM (VALUES ('disclosure_rate',
                               CASE WHEN (c.metrics).disclosed IS NOT NULL OR (c.metrics).partly_disclosed IS NOT NULL
                                    THEN COALESCE((c.metrics).disclosed, 0) + COALESCE((c.metrics).partly_disclosed, 0) END,
                               (c.metrics).requests_handled),
                              ('refusal_rate', (c.metrics).refused, (c.metrics).requests_handled),
                              ('review_correction_rate', (c.metrics).reviews_corrected, (c.metrics).reviews),
                              ('litigation_correction_rate', (c.metrics).lawsuits_corrected, (c.metrics).lawsuits)) r(rate, num, den),
                      LATERAL (VALUES ('_numerator', r.num::numeric), ('_denominator', r.den), ('_reports', 1)) p(part, v)
                WHERE r.num IS NOT NULL AND r.den IS NOT NULL) e(key, value)
         GROUP BY 1, 2, 3, 4, 5) g
 GROUP BY 1, 2, 3, 4;
-- regional_sums as the same jsonb: a sum no report gives (NULL, counted 0) left out
CREATE TEMP VIEW sums_kept AS
SELECT s.region, s.level, s.year, s.status,
       (SELECT jsonb_object_agg(e.key, e.value) FROM jsonb_each(to_jsonb(s)) e
         WHERE e.key NOT IN ('region', 'level', 'year', 'status') AND e.value <> 'null'
           AND NOT (e.key LIKE '%\_reports' AND e.value = '0')) AS sums
  FROM disclosure.regional_sums s;
CREATE TEMP VIEW sums_check AS
SELECT count(*) AS groups,
       count(*) FILTER (WHERE k.sums IS NULL) AS missing,
       count(*) FILTER (WHERE a.sums IS NULL) AS extra,
       count(*) FILTER (WHERE k.sums <> a.sums) AS differing,
       (SELECT count(*) FROM disclosure.regional_sums WHERE reports <= 0) AS empty
  FROM sums_kept k
  FULL JOIN sums_afresh a
    ON COALESCE(a.region, '') = COALESCE(k.region, '') AND COALESCE(a.level, '') = COALESCE(k.level, '')
   AND a.year = k.year AND a.status = k.status;
SELECT * FROM sums_check;

SELECT * FROM disclosure.coverage WHERE region <> '(all)' OR level = '(all)' ORDER BY year, region, level;
SELECT agency, region, level, year FROM disclosure.missing_reports ORDER BY year, agency;

-- series: tidy, across templates; the flagged report counts (as published).
SELECT region, level, year, metric, numerator, denominator, value, reports, scope
  FROM disclosure.series
 WHERE metric IN ('requests_received', 'requests_handled', 'refusal_rate')
   AND region IN ('青岛', '(all)') AND level = '(all)' AND year >= 2020
 ORDER BY metric, year, region;
-- consistent only: 青岛's 2021 total leaves out the flagged report
UPDATE disclosure.workspace_settings SET scope = 'consistent';
SELECT region, level, year, metric, numerator, value, reports, scope
  FROM disclosure.series
 WHERE metric = 'requests_received' AND region = '青岛' AND level = '(all)' AND year = 2021;
UPDATE disclosure.workspace_settings SET scope = 'as_published';

-- regional totals by region and level, one row whatever the templates
SELECT region, level, year, reports, flagged, requests_received, requests_handled,
       refusal_rate_numerator, refusal_rate_denominator
  FROM disclosure.regional_totals WHERE year IN (2018, 2021) AND region <> '(all)'
 ORDER BY year, region, level;
SELECT region, level, year, template, reports,
       report OPERATOR(govinfo.->) 'apply.result' AS handled
  FROM disclosure.regional_tables WHERE year = 2020 ORDER BY region, level;

-- rankings: numerator and denominator; no rank below min_cases (30 by default)
SELECT region, level, year, agency, metric, numerator, denominator, value, rank, ranked
  FROM disclosure.rankings
 WHERE year = 2021 AND metric IN ('requests_received', 'refusal_rate') AND level = 'city'
 ORDER BY region, metric, agency;
UPDATE disclosure.workspace_settings SET min_cases = 5;
SELECT region, level, agency, numerator, denominator, value, rank, ranked
  FROM disclosure.rankings
 WHERE year = 2021 AND metric = 'refusal_rate' AND region = '青岛' ORDER BY agency;

-- The old views, on the analysed reports.
SELECT agency, year, metric, prev, value, delta
  FROM disclosure.yoy_metrics
 WHERE metric = 'requests_handled' AND agency = '济南市人民政府' ORDER BY year;
SELECT agency, year, count(*) AS cells, count(NULLIF(delta, 0)) AS changed
  FROM disclosure.yoy_cells WHERE agency IN ('济南市人民政府', '青岛市人民政府') GROUP BY 1, 2 ORDER BY 1, 2;
SELECT template, count(*) AS cells, count(value) AS reported
  FROM disclosure.cells_long WHERE region = '济南' GROUP BY template ORDER BY template;
SELECT agency, year, template, status, requests_received, requests_handled, refusal_rate
  FROM disclosure.agency_metrics WHERE year = 2021 ORDER BY region, agency;

-- ============================================================================
-- 8. Settings: the mode judges statuses, findings and the gate.  Under
-- always_zero, 市南区's blank 2020 total counts as 0 and breaks G19-02.
-- ============================================================================
SELECT agency, year, status FROM disclosure.current_reports WHERE agency = '市南区人民政府' ORDER BY year;
UPDATE disclosure.workspace_settings SET mode = 'always_zero';
SELECT agency, year, status FROM disclosure.current_reports WHERE agency = '市南区人民政府' ORDER BY year;
SELECT count(*) AS shinan_in_gate FROM disclosure.reports WHERE agency = '市南区人民政府';
SELECT pg_get_constraintdef(oid) FROM pg_constraint
 WHERE conrelid = 'disclosure.reports'::regclass AND conname = 'reports_report_check';
SELECT * FROM sums_check;
UPDATE disclosure.workspace_settings SET mode = 'non_null';
SELECT * FROM sums_check;
UPDATE disclosure.workspace_settings SET mode = 'no_such_mode';

-- ============================================================================
-- 9. The gate as a filing desk: a consistent report inserted into reports
-- becomes a version; one breaking an error rule is refused with the rule,
-- and so is a second filing for the same agency and year.
-- ============================================================================
INSERT INTO disclosure.reports (agency, region, level, year, report, source)
SELECT '李沧区人民政府', '青岛', 'county', 2021, pg_temp.figures_report(f), 'desk'
  FROM figures f WHERE agency = '市南区人民政府' AND year = 2021;
SELECT agency, year, status, source FROM disclosure.current_reports WHERE agency = '李沧区人民政府';
INSERT INTO disclosure.reports (agency, region, level, year, report)
SELECT '李沧区人民政府', '青岛', 'county', 2021, pg_temp.figures_report(f)
  FROM figures f WHERE agency = '市北区人民政府';
INSERT INTO disclosure.reports (agency, region, level, year, report)
SELECT '李沧区人民政府', '青岛', 'county', 2021, pg_temp.figures_report(f)
  FROM figures f WHERE agency = '市南区人民政府' AND year = 2021;
\set VERBOSITY terse
INSERT INTO disclosure.reports (agency, region, level, year, report)
VALUES ('李沧区人民政府', '青岛', 'county', 2021,
        govinfo.report('李沧区人民政府', 2020, 'gov2019', '{"apply.received": 1}'));
\set VERBOSITY default
SELECT * FROM sums_check;

-- regional_sums follows an agency moved to another region and level, a
-- version no longer current, one deleted, and a truncation
BEGIN;
UPDATE disclosure.agencies SET region = '济南', level = 'county' WHERE name = '市南区人民政府';
UPDATE disclosure.agencies SET region = NULL WHERE name = '青岛市人民政府';
SELECT * FROM sums_check;
SELECT region, level, year, reports FROM disclosure.regional_sums
 WHERE region IS NULL OR (region = '济南' AND level = 'county') ORDER BY region, year, status;
UPDATE disclosure.report_versions SET is_current = false
 WHERE agency_id = (SELECT agency_id FROM disclosure.agencies WHERE name = '市南区人民政府') AND year = 2021;
DELETE FROM disclosure.report_versions v
 WHERE agency_id = (SELECT agency_id FROM disclosure.agencies WHERE name = '李沧区人民政府');
SELECT * FROM sums_check;
TRUNCATE disclosure.report_versions CASCADE;
SELECT count(*) AS sums_after_truncate FROM disclosure.regional_sums;
ROLLBACK;

-- The workspace's triggers call govinfo's functions themselves, bound when
-- the workspace was made: with govinfo's schema renamed and a look-alike
-- schema of its name planted, a filing and a version with a document still
-- reach the real functions, and no planted one runs.
BEGIN;
CREATE TEMP TABLE filing AS
SELECT '崂山区人民政府' AS agency, '青岛' AS region, 'county' AS level, 2021 AS year,
       pg_temp.figures_report(f) AS report
  FROM figures f WHERE agency = '市南区人民政府' AND year = 2021;
ALTER SCHEMA govinfo RENAME TO govinfo_real;
CREATE SCHEMA govinfo;
CREATE FUNCTION govinfo.planted() RETURNS boolean LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'a planted function ran'; END $$;
CREATE FUNCTION govinfo.is_consistent(govinfo_real.disclosure_report, text) RETURNS boolean
    LANGUAGE sql AS 'SELECT govinfo.planted()';
CREATE FUNCTION govinfo.check_totals(govinfo_real.disclosure_report, text) RETURNS boolean
    LANGUAGE sql AS 'SELECT govinfo.planted()';
CREATE FUNCTION govinfo.normalize_agency_name(text) RETURNS text
    LANGUAGE sql AS 'SELECT govinfo.planted()::text';
CREATE FUNCTION govinfo.parse_log(text, text, integer, text)
    RETURNS TABLE(severity text, section text, label text, raw text, message text)
    LANGUAGE sql AS 'SELECT NULL, NULL, NULL, NULL, govinfo.planted()::text';
CREATE FUNCTION govinfo.narrative_conflicts(text)
    RETURNS TABLE(code text, label_zh text, table_value numeric, text_value numeric, excerpt text)
    LANGUAGE sql AS 'SELECT NULL, NULL, NULL::numeric, NULL::numeric, govinfo.planted()::text';
INSERT INTO disclosure.reports (agency, region, level, year, report, source)
SELECT agency, region, level, year, report, 'renamed' FROM filing;
INSERT INTO disclosure.report_versions (agency_id, year, report, status, content, content_hash, source)
SELECT agency_id, year, report, 'consistent', content, 'renamed-schema', 'renamed'
  FROM disclosure.report_versions WHERE source = 'seed.txt';
SELECT c.agency, c.year, c.status, v.parse_log IS NOT NULL AS parse_log, v.prose IS NOT NULL AS prose
  FROM disclosure.current_reports c JOIN disclosure.report_versions v USING (version_id)
 WHERE c.source = 'renamed' ORDER BY c.agency;
ROLLBACK;

-- ============================================================================
-- Errors.
-- ============================================================================
SELECT govinfo.create_workspace('disclosure');
SELECT govinfo.create_workspace(NULL);
SELECT govinfo.refresh_findings('public');
SELECT govinfo.refresh_findings(NULL);
SELECT govinfo.merge_agencies('disclosure', '某某局', '没有这个单位');
SELECT govinfo.merge_agencies('disclosure', NULL, '历城区人民政府');
CREATE TEMP TABLE bad_staging (name text, r govinfo.disclosure_report);
SELECT govinfo.load_reports('disclosure', 'bad_staging');
CREATE TEMP TABLE int_staging (agency text, report integer);
SELECT govinfo.load_reports('disclosure', 'int_staging');
SELECT govinfo.load_reports('disclosure', NULL);
\set VERBOSITY terse
UPDATE disclosure.findings SET status = 'maybe' WHERE true;
\set VERBOSITY default

-- Reports given as text: a literal that cannot be read is that row's problem.
CREATE TEMP TABLE text_staging (agency text, year integer, report text);
INSERT INTO text_staging VALUES
  ('黄岛区人民政府', 2021, '(黄岛区人民政府,2021,gov2021,"{1,2,x}")'),
  ('黄岛区人民政府', 2021, govinfo.report('黄岛区人民政府', 2021, 'gov2021', '{"apply.received": 2}')::text);
SELECT * FROM govinfo.load_reports('disclosure', 'text_staging');
SELECT agency, year, reason FROM disclosure.rejects WHERE agency = '黄岛区人民政府';

-- A hostile-looking schema name is only ever an identifier.
SELECT govinfo.create_workspace('ws"; DROP SCHEMA public CASCADE; --');
SELECT * FROM govinfo.load_reports('ws"; DROP SCHEMA public CASCADE; --', 'staging');
SELECT * FROM govinfo.refresh_findings('ws"; DROP SCHEMA public CASCADE; --');
SELECT nspname FROM pg_namespace WHERE nspname IN ('public', 'ws"; DROP SCHEMA public CASCADE; --')
 ORDER BY nspname;

SET client_min_messages = warning;
DROP SCHEMA "ws""; DROP SCHEMA public CASCADE; --" CASCADE;
DROP SCHEMA disclosure CASCADE;
RESET client_min_messages;
