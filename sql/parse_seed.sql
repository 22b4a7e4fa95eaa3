-- govinfo.parse_report on the real 2017 report (gov2014, one cell per line): exactly
-- the 64 values of its .expected.tsv, its agency and year; its log; its two prose conflicts.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS govinfo;
RESET client_min_messages;

\set seedtxt `cat test/seed/2017-shandong-hrss.txt`
\set seedtsv `cat test/seed/2017-shandong-hrss.expected.tsv`
CREATE TEMP TABLE parse_seed_expected AS
SELECT split_part(l, E'\t', 1) AS code, split_part(l, E'\t', 2)::numeric AS value
FROM pg_catalog.regexp_split_to_table(:'seedtsv', E'\n') AS l
WHERE l !~ '^#' AND l <> '';
CREATE TEMP TABLE parse_seed AS SELECT govinfo.parse_report(:'seedtxt') AS r;

SELECT (r).agency, (r).year, (r).template, cardinality((r).cells) AS cells FROM parse_seed;

-- every value of the .tsv, and no other
WITH parsed AS (
    SELECT c.code, c.value FROM parse_seed, govinfo.cells(r) AS c WHERE c.kind = 'cell'
)
SELECT count(*) FILTER (WHERE e.value = p.value) AS equal,
       count(*) FILTER (WHERE e.value IS DISTINCT FROM p.value) AS different
FROM parse_seed_expected AS e FULL JOIN parsed AS p USING (code);

-- the same report as built from the .tsv
SELECT r = govinfo.report('山东省人力资源和社会保障厅', 2017, 'gov2014',
                          (SELECT jsonb_object_agg(code, value) FROM parse_seed_expected)) AS same_report
FROM parse_seed;

-- the cells the prose disagrees with, as the table prints them
SELECT govinfo.value(r, 'apply.received.online') AS online, govinfo.value(r, 'apply.received.letter') AS letter,
       govinfo.value(r, 'org.budget') AS budget_wan
FROM parse_seed;

-- the table is consistent
SELECT govinfo.is_consistent(r) FROM parse_seed;

-- what the parser did: the template, year and agency and where it found them
SELECT * FROM govinfo.parse_log(:'seedtxt');

-- the prose says 信函 18 and 网上及电子邮件 46; the table has 网络 18 and 信函 46; nothing else differs
SELECT * FROM govinfo.narrative_conflicts(:'seedtxt');

-- given agency, year and template override what the text says
SELECT (r).agency, (r).year, (r).template
FROM (SELECT govinfo.parse_report(:'seedtxt', '省人社厅', 2018, 'gov2014') AS r) AS s;
