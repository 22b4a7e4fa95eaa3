-- The real 2017 report (山东省人力资源和社会保障厅, gov2014 layout), from its table as codes and values.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS govinfo;
RESET client_min_messages;

\set seedtsv `cat test/seed/2017-shandong-hrss.expected.tsv`
CREATE TEMP TABLE seed AS
SELECT split_part(l, E'\t', 1) AS code, split_part(l, E'\t', 2)::numeric AS value
FROM pg_catalog.regexp_split_to_table(:'seedtsv', E'\n') AS l
WHERE l !~ '^#' AND l <> '';
SELECT count(*) AS seed_values FROM seed;

CREATE TEMP TABLE seed_report AS
SELECT govinfo.report('山东省人力资源和社会保障厅', 2017, 'gov2014',
                      (SELECT jsonb_object_agg(code, value) FROM seed)) AS r;

SELECT (r).agency, (r).year, (r).template, cardinality((r).cells) AS cells FROM seed_report;
SELECT govinfo.check_totals(r) AS check_totals, govinfo.is_consistent(r) AS is_consistent FROM seed_report;

-- no failed rule in any mode
SELECT m.mode, count(v.*) AS failed
FROM unnest(ARRAY['non_null', 'non_zero', 'partial_null', 'partial_zero', 'always_null', 'always_zero']) AS m(mode)
CROSS JOIN seed_report
LEFT JOIN LATERAL govinfo.violations(r, m.mode) AS v ON true
GROUP BY m.mode ORDER BY m.mode;

-- every rule is judged and holds
SELECT outcome, severity, count(*) FROM seed_report, govinfo.violations(r, 'non_null', 'all') GROUP BY 1, 2 ORDER BY 1, 2;

-- govinfo.cells gives back every value of the .tsv
SELECT count(*) AS matching, count(*) FILTER (WHERE c.value IS DISTINCT FROM s.value) AS differing
FROM seed s LEFT JOIN (SELECT c.* FROM seed_report, govinfo.cells(r) c) c USING (code);

SELECT code, section, label_zh, unit, kind, value
FROM seed_report, govinfo.cells(r) WHERE code LIKE 'apply.result%';
