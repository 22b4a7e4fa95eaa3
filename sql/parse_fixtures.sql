-- govinfo.parse_report on report texts in every layout met in real reports (test/fixtures):
-- each parses to exactly the table of its .expected.tsv, with its template, agency and year.
--   gov2014-2016-rows-pipe        gov2014, rows on one line separated by |, budget in 元, a local row
--   gov2019-2019-cells-tab        gov2019, one cell per line, tab-indented, a wrapped label, a local row
--   gov2019-2020-cells-blank      gov2019, one cell per line between blank lines, full-width digits, 元
--   gov2019-2020-escaped-html     gov2019, the page's HTML escaped into text
--   gov2019-2021-pdf-layout       a 2021 report on the gov2019 layout, as pdftotext -layout prints it
--   gov2021-2021-rows-pipe        gov2021, rows with |, 法人或其他组织小计 column, printed subtotals, a typo
--   gov2021-2022-rows-tabs        gov2021, rows with tabs, （六）其他处理 as one row, 元, text for a number
--   gov2021-2022-traditional      gov2021, traditional characters with pinyin, one cell per line ending in |
--   gov2021-2023-page             gov2021, an HTML page: rowspan/colspan, &nbsp;, <br> in headers
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS govinfo;
RESET client_min_messages;

\set t1 `cat test/fixtures/gov2014-2016-rows-pipe.txt`
\set e1 `cat test/fixtures/gov2014-2016-rows-pipe.expected.tsv`
\set t2 `cat test/fixtures/gov2019-2019-cells-tab.txt`
\set e2 `cat test/fixtures/gov2019-2019-cells-tab.expected.tsv`
\set t3 `cat test/fixtures/gov2019-2020-cells-blank.txt`
\set e3 `cat test/fixtures/gov2019-2020-cells-blank.expected.tsv`
\set t4 `cat test/fixtures/gov2019-2020-escaped-html.txt`
\set e4 `cat test/fixtures/gov2019-2020-escaped-html.expected.tsv`
\set t5 `cat test/fixtures/gov2019-2021-pdf-layout.txt`
\set e5 `cat test/fixtures/gov2019-2021-pdf-layout.expected.tsv`
\set t6 `cat test/fixtures/gov2021-2021-rows-pipe.txt`
\set e6 `cat test/fixtures/gov2021-2021-rows-pipe.expected.tsv`
\set t7 `cat test/fixtures/gov2021-2022-rows-tabs.txt`
\set e7 `cat test/fixtures/gov2021-2022-rows-tabs.expected.tsv`
\set t8 `cat test/fixtures/gov2021-2022-traditional.txt`
\set e8 `cat test/fixtures/gov2021-2022-traditional.expected.tsv`
\set t9 `cat test/fixtures/gov2021-2023-page.html`
\set e9 `cat test/fixtures/gov2021-2023-page.expected.tsv`

CREATE TEMP TABLE parse_fx (name text, content text, expected text);
INSERT INTO parse_fx VALUES
    ('gov2014-2016-rows-pipe', :'t1', :'e1'),
    ('gov2019-2019-cells-tab', :'t2', :'e2'),
    ('gov2019-2020-cells-blank', :'t3', :'e3'),
    ('gov2019-2020-escaped-html', :'t4', :'e4'),
    ('gov2019-2021-pdf-layout', :'t5', :'e5'),
    ('gov2021-2021-rows-pipe', :'t6', :'e6'),
    ('gov2021-2022-rows-tabs', :'t7', :'e7'),
    ('gov2021-2022-traditional', :'t8', :'e8'),
    ('gov2021-2023-page', :'t9', :'e9');
CREATE TEMP TABLE parse_fx_report AS
SELECT name, govinfo.parse_report(content) AS r FROM parse_fx;

-- template, agency and year as the .tsv's header states them
SELECT f.name, (p.r).template, (p.r).agency, (p.r).year,
       (p.r).template = substring(f.expected FROM '\(template (\w+)\)') AS template_ok,
       (p.r).agency = substring(f.expected FROM '# agency (.*), year') AS agency_ok,
       (p.r).year = substring(f.expected FROM ', year (\d+)\.')::integer AS year_ok
FROM parse_fx AS f JOIN parse_fx_report AS p USING (name)
ORDER BY f.name;

-- every cell: the .tsv's values, and NULL for every cell it does not list
WITH expected AS (
    SELECT f.name, split_part(l, E'\t', 1) AS code, split_part(l, E'\t', 2)::numeric AS value
    FROM parse_fx AS f, pg_catalog.regexp_split_to_table(f.expected, E'\n') AS l
    WHERE l !~ '^#' AND l <> ''
), parsed AS (
    SELECT p.name, c.code, c.value
    FROM parse_fx_report AS p, govinfo.cells(p.r) AS c
    WHERE c.kind = 'cell' AND c.value IS NOT NULL
)
SELECT name, count(*) FILTER (WHERE e.value = p.value) AS equal,
       count(*) FILTER (WHERE e.value IS DISTINCT FROM p.value) AS different
FROM expected AS e FULL JOIN parsed AS p USING (name, code)
GROUP BY name ORDER BY name;

-- a few cells by name: signed, 元 -> 万元, （六） as one row, full-width, thousands separators
SELECT p.name, c.code, c.value
FROM parse_fx_report AS p, govinfo.cells(p.r) AS c
WHERE p.name IN ('gov2019-2019-cells-tab', 'gov2019-2020-cells-blank', 'gov2021-2022-rows-tabs')
  AND c.code IN ('proactive.licensing.change', 'proactive.other_services.change',
                 'proactive.procurement.amount', 'proactive.fees.amount', 'apply.result.other.other',
                 'apply.result.other.no_amendment', 'apply.received@natural', 'proactive.licensing.decisions',
                 'proactive.coercion.decisions', 'proactive.rules.repealed')
ORDER BY p.name, c.code;

-- every fixture's table holds its rules (the off-by-one printed subtotal is not stored)
SELECT name, govinfo.is_consistent(r) FROM parse_fx_report ORDER BY name;

-- how much each parse logged, by severity
SELECT f.name, l.severity, count(*)
FROM parse_fx AS f, govinfo.parse_log(f.content) AS l
GROUP BY f.name, l.severity ORDER BY f.name, l.severity;

-- the fixtures' prose agrees with their tables, but for one deliberate difference
SELECT f.name, c.code, c.table_value, c.text_value
FROM parse_fx AS f, govinfo.narrative_conflicts(f.content) AS c
ORDER BY f.name, c.code;
