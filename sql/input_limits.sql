-- Limits on what the functions accept: a report's cells array must be
-- subscripted [1:n] (so that (report).cells[i] is cell i); a report text
-- beyond 16 MiB is refused with 54000, not cut; an argument echoed in an
-- error is cut to 64 characters with its length, however long it is.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS govinfo;
RESET client_min_messages;
\set seedtxt `cat test/seed/2017-shandong-hrss.txt`

-- The message, SQLSTATE and lengths of the error a statement raises.
CREATE FUNCTION pg_temp.error_of(sql text)
RETURNS TABLE (state text, message text, message_length integer, detail_length integer)
LANGUAGE plpgsql AS $$
DECLARE
    d text;
BEGIN
    EXECUTE sql;
    state := 'no error';
    RETURN NEXT;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL;
    message_length := pg_catalog.length(message);
    detail_length := pg_catalog.length(d);
    RETURN NEXT;
END $$;

-- ---------------------------------------------------------------- cells arrays
-- a report whose cell i holds i, the same cells with the subscripts [0:63],
-- [2:65], and as [1:1][1:64]
CREATE TEMP TABLE shapes AS
SELECT ROW('a', 2015, 'gov2014', a)::govinfo.disclosure_report AS good,
       ROW('a', 2015, 'gov2014', ('[0:63]=' || a::text)::bigint[])::govinfo.disclosure_report AS zero_based,
       ROW('a', 2015, 'gov2014', ('[2:65]=' || a::text)::bigint[])::govinfo.disclosure_report AS two_based,
       ROW('a', 2015, 'gov2014', ARRAY[a])::govinfo.disclosure_report AS two_dims
FROM (SELECT pg_catalog.array_agg(i::bigint ORDER BY i) FROM pg_catalog.generate_series(1, 64) AS i) AS v(a);
-- (r).cells[1] of the zero-based one is its second cell: refused, with the subscripts
SELECT (good).cells[1] AS good_cells_1, (zero_based).cells[1] AS zero_based_cells_1 FROM shapes;
SELECT govinfo.value(zero_based, 'proactive.items') FROM shapes;
SELECT govinfo.value(two_based, 'proactive.items') FROM shapes;
SELECT govinfo.is_consistent(two_dims) FROM shapes;
-- every function that takes a report refuses it
SELECT f, e.state, e.message
FROM (VALUES
    ('govinfo.to_jsonb(zero_based)'),
    ('govinfo.cells(zero_based)'),
    ('govinfo.violations(zero_based)'),
    ('govinfo.is_consistent(zero_based)'),
    ('govinfo.check_totals(zero_based)'),
    ('govinfo.continuity(zero_based, good)'),
    ('govinfo.continuity(good, zero_based)'),
    ('govinfo.compare(good, zero_based)'),
    ('govinfo.compare(zero_based, good)'),
    ('govinfo.complete(zero_based)'),
    ('govinfo.metrics(zero_based)'),
    ('good OPERATOR(govinfo.+) zero_based'),
    ('(SELECT govinfo.report_sum(r) FROM (SELECT good UNION ALL SELECT zero_based) AS v(r))'),
    ('(SELECT govinfo.report_min(r) FROM (SELECT zero_based UNION ALL SELECT good) AS v(r))'),
    ('(SELECT govinfo.report_max(r) FROM (SELECT good UNION ALL SELECT zero_based) AS v(r))')
) AS c(f),
LATERAL pg_temp.error_of(pg_catalog.format('SELECT %s FROM shapes', f)) AS e;
-- as a CHECK constraint
CREATE TEMP TABLE checked (r govinfo.disclosure_report CHECK (govinfo.check_totals(r)));
INSERT INTO checked SELECT zero_based FROM shapes;
-- a null bitmap with no NULL in it, and NULLs on either side of a bitmap
-- byte's edge, are read cell for cell
SELECT govinfo.value(r, 'proactive.items') AS first, govinfo.value(r, 'apply.received') AS received,
       pg_catalog.array_lower((r).cells, 1) AS lower
FROM (SELECT ROW('a', 2015, 'gov2014',
                 (ARRAY[NULL::bigint] || pg_catalog.array_fill(7::bigint, ARRAY[64]))[2:65])::govinfo.disclosure_report) AS v(r);
SELECT string_agg(coalesce(c.value::text, '-'), ' ' ORDER BY t."position") AS cells_1_to_10
FROM (SELECT ROW('a', 2015, 'gov2014',
                 (SELECT array_agg(CASE WHEN i IN (8, 9) THEN NULL ELSE i END::bigint ORDER BY i)
                  FROM pg_catalog.generate_series(1, 64) AS i))::govinfo.disclosure_report) AS v(r),
     govinfo.template_cells('gov2014') AS t, govinfo.cells(r) AS c
WHERE c.code = t.code AND t."position" <= 10;

-- ---------------------------------------------------------------- report text size
-- 16 MiB is read (the seed report padded with spaces to exactly the limit);
-- one byte more is refused by each of the three functions
SELECT pg_catalog.octet_length(t) AS bytes, (govinfo.parse_report(t)).template
FROM (SELECT :'seedtxt' || pg_catalog.repeat(' ', 16 * 1024 * 1024 - pg_catalog.octet_length(:'seedtxt'))) AS v(t);
\set VERBOSITY default
SELECT govinfo.parse_report(pg_catalog.repeat('x', 16 * 1024 * 1024 + 1));
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) FROM govinfo.parse_log(pg_catalog.repeat('x', 16 * 1024 * 1024 + 1));
SELECT count(*) FROM govinfo.narrative_conflicts(pg_catalog.repeat('x', 16 * 1024 * 1024 + 1));
-- stored (and so toasted): the size is checked before the text is read
CREATE TEMP TABLE big_text AS SELECT pg_catalog.repeat('x', 40 * 1024 * 1024) AS t;
SELECT govinfo.parse_report(t) FROM big_text;

-- ---------------------------------------------------------------- echoed arguments
-- a 10 MB argument: the message shows 64 characters of it and its length
CREATE TEMP TABLE huge AS SELECT pg_catalog.repeat('x', 10 * 1024 * 1024) AS s;
SELECT e.state, e.message_length, e.detail_length, e.message
FROM (VALUES
    ($$govinfo.template_cells((SELECT s FROM huge))$$),
    ($$govinfo.template_rules((SELECT s FROM huge))$$),
    ($$govinfo.report('a', 2021, (SELECT s FROM huge), '{}')$$),
    ($$govinfo.report('a', 2021, 'gov2021', (SELECT pg_catalog.jsonb_build_object(s, 1) FROM huge))$$),
    ($$govinfo.report('a', 2021, 'gov2021', (SELECT pg_catalog.jsonb_build_object('apply.received', s) FROM huge))$$),
    ($$govinfo.report('a', 2021, 'gov2021', (SELECT pg_catalog.jsonb_build_object('apply.received', pg_catalog.translate(s, 'x', '9')) FROM huge))$$),
    ($$govinfo.value(govinfo.report('a', 2021, 'gov2021', '{}'), (SELECT s FROM huge))$$),
    ($$govinfo.is_consistent(govinfo.report('a', 2021, 'gov2021', '{}'), (SELECT s FROM huge))$$),
    ($$govinfo.violations(govinfo.report('a', 2021, 'gov2021', '{}'), 'non_null', (SELECT s FROM huge))$$),
    ($$govinfo.check_totals(govinfo.report((SELECT s FROM huge), 2021, 'gov2021', '{"review": 2, "review.upheld": 1, "review.corrected": 0, "review.other": 0, "review.pending": 0}'))$$),
    ($$govinfo.continuity(govinfo.report((SELECT s FROM huge), 2020, 'gov2019', '{}'), govinfo.report('b', 2021, 'gov2021', '{}'))$$),
    ($$govinfo.parse_report('', template => (SELECT s FROM huge))$$)
) AS c(f),
LATERAL pg_temp.error_of('SELECT ' || f) AS e;
-- a short one is shown whole
SELECT govinfo.template_cells('gov2022');
-- cut at a character, not a byte
SELECT govinfo.template_cells(pg_catalog.repeat('报', 100));
