-- Every function of govinfo 1.0, called through its 1.0 declaration while the
-- installed library is a later one (after `make install`, before ALTER
-- EXTENSION UPDATE): the library must serve the old objects.  Run with
-- ON_ERROR_STOP; the caller compares nothing but that every call succeeds and
-- that a few values are the ones 1.0 gave.
\set ON_ERROR_STOP 1
\set content `cat test/seed/2017-shandong-hrss.txt`
SELECT count(*) = 3 AS templates FROM govinfo.templates();
SELECT count(*) > 0 AS cells FROM govinfo.template_cells('gov2021');
SELECT count(*) > 0 AS rules FROM govinfo.template_rules('gov2019');
SELECT govinfo.value(r, 'apply.received.letter') = 46 AS value_ok,
       (r OPERATOR(govinfo.->) 'apply.received') = 90 AS operator_ok,
       govinfo.to_jsonb(r) IS NOT NULL AS to_jsonb_ok,
       (SELECT count(*) FROM govinfo.cells(r)) > 0 AS cells_ok,
       (SELECT count(*) FROM govinfo.violations(r, 'non_null', 'all')) > 0 AS violations_ok,
       govinfo.is_consistent(r) AS consistent,
       govinfo.check_totals(r) AS check_ok,
       (govinfo.complete(r)).template = 'gov2014' AS complete_ok,
       (govinfo.metrics(r)).requests_received = 90 AS metrics_ok,
       (SELECT count(*) FROM govinfo.compare(r, r)) >= 0 AS compare_ok,
       (govinfo.report_add(r, r) OPERATOR(govinfo.->) 'apply.received') = 180 AS add_ok
  FROM (SELECT govinfo.parse_report(:'content') AS r) s;
SELECT count(*) > 0 AS parse_log_ok FROM govinfo.parse_log(:'content');
SELECT count(*) = 2 AS narrative_ok FROM govinfo.narrative_conflicts(:'content');
SELECT count(*) >= 0 AS continuity_ok
  FROM govinfo.continuity(govinfo.report('a', 2020, 'gov2019', '{}'::jsonb),
                          govinfo.report('a', 2021, 'gov2021', '{}'::jsonb));
SELECT count(*) > 0 AS metric_sources_ok FROM govinfo.metric_sources();
SELECT (govinfo.report_sum(report) OPERATOR(govinfo.->) 'apply.received') IS NOT NULL AS sum_ok,
       (govinfo.report_min(report)).template IS NOT NULL AS min_ok,
       (govinfo.report_max(report)).template IS NOT NULL AS max_ok
  FROM ws10.reports WHERE (report).template = 'gov2021';
SELECT count(*) >= 0 AS views_ok FROM ws10.validation;
SELECT count(*) >= 0 AS views_ok FROM ws10.rankings;
SELECT count(*) >= 0 AS views_ok FROM ws10.yoy_metrics;
SELECT count(*) >= 0 AS views_ok FROM ws10.regional_metrics;
