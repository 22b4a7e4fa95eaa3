-- govinfo.compare(a, b): two reports of one template side by side; and
-- govinfo.complete(r, mode): blank totals filled from their parts.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS govinfo;
RESET client_min_messages;
\pset null '∅'

-- ============================================================================
-- compare()
-- ============================================================================

-- Agency A, three years of gov2014.  org.budget is in 万元.
CREATE TEMP TABLE cmp (r govinfo.disclosure_report);
INSERT INTO cmp VALUES
 (govinfo.report('A', 2016, 'gov2014', '{"apply.received": 10, "apply.result": 8, "review": 0, "org.budget": 1.5, "training.classes": 3}')),
 (govinfo.report('A', 2017, 'gov2014', '{"apply.received": 15, "apply.result": 8, "review": 2, "org.budget": 1.2, "training.classes": 1}')),
 (govinfo.report('A', 2018, 'gov2014', '{"apply.received": 12, "review": 1, "org.budget": 1.2, "training.classes": 4}'));

-- 2016 -> 2017: delta = b - a, pct = 100 * delta / a to one place;
-- pct is NULL when a is 0 (review), everything is NULL where either is blank.
SELECT c.* FROM cmp a, cmp b, govinfo.compare(a.r, b.r) c
WHERE (a.r).year = 2016 AND (b.r).year = 2017 AND (c.a IS NOT NULL OR c.b IS NOT NULL);

-- 2017 -> 2018: apply.result was not reported in 2018.
SELECT c.code, c.a, c.b, c.delta, c.pct FROM cmp a, cmp b, govinfo.compare(a.r, b.r) c
WHERE (a.r).year = 2017 AND (b.r).year = 2018 AND (c.a IS NOT NULL OR c.b IS NOT NULL);
-- pct rounds half away from zero: 1 -> 1.0005 万元 is +0.05 %, shown 0.1
SELECT c.a, c.b, c.delta, c.pct
FROM govinfo.compare(govinfo.report('A', 2017, 'gov2014', '{"org.budget": 1}'),
                     govinfo.report('A', 2018, 'gov2014', '{"org.budget": 1.0005}')) c
WHERE c.code = 'org.budget';

-- The year-on-year pattern: lag() gives NULL on the first row, and compare()
-- still returns that year's rows, with a, delta and pct NULL.
SELECT (s.r).year, c.a, c.b, c.delta, c.pct
FROM (SELECT r, lag(r) OVER (PARTITION BY (r).agency ORDER BY (r).year) AS prev FROM cmp) s,
     govinfo.compare(s.prev, s.r) c
WHERE c.code = 'apply.received'
ORDER BY (s.r).year;

-- Every code, in printed order, groups included (gov2021: 233 codes).
SELECT count(*) AS rows,
       bool_and(c.code = t.code) AS printed_order,
       count(*) FILTER (WHERE t.kind = 'group') AS groups
FROM govinfo.compare(govinfo.report('A', 2021, 'gov2021', '{}'), govinfo.report('A', 2022, 'gov2021', '{}'))
     WITH ORDINALITY c
JOIN govinfo.template_cells('gov2021') WITH ORDINALITY t USING (ordinality);

-- Groups are compared on their computed values; section, label and unit come along.
SELECT c.* FROM govinfo.compare(
    govinfo.report('A', 2021, 'gov2021', '{"apply.result.denied.third_party": 2, "apply.result.denied.process": 1}'),
    govinfo.report('A', 2022, 'gov2021', '{"apply.result.denied.third_party": 3, "apply.result.denied.internal": 1}')) c
WHERE c.code LIKE 'apply.result.denied%' AND c.code NOT LIKE '%@%' AND (c.a IS NOT NULL OR c.b IS NOT NULL);

-- A NULL b gives no rows (as STRICT would), whatever a is.
SELECT count(*) AS rows FROM govinfo.compare((SELECT r FROM cmp LIMIT 1), NULL);
SELECT count(*) AS rows FROM govinfo.compare(NULL, NULL);

-- Two templates: compared by the codes they share (layouts.sql).

-- ============================================================================
-- complete()
-- ============================================================================

-- A gov2014 report with blank totals:
--   apply.received blank, its five channels given           -> 90
--   apply.result.denied blank, its six grounds given         -> 11
--   apply.result blank, its eight outcomes given once denied is filled -> 90
--   review blank, two of its three parts given (both 0)      -> stays blank
--   litigation 3 reported, its parts add up to 2             -> stays 3
--   apply.closed and its parts blank                         -> stays blank
--   proactive.items and archive: only bounds (<=) relate them to their
--   rows                                                     -> stay blank
CREATE TEMP TABLE blanks AS SELECT govinfo.report('A', 2017, 'gov2014', '{
  "apply.received.in_person": 26, "apply.received.fax": 0, "apply.received.online": 18,
  "apply.received.letter": 46, "apply.received.other": 0,
  "apply.result.already_public": 21, "apply.result.granted": 26, "apply.result.partial": 0,
  "apply.result.denied.state_secret": 0, "apply.result.denied.commercial_secret": 0,
  "apply.result.denied.privacy": 1, "apply.result.denied.security": 2,
  "apply.result.denied.not_gov_info": 8, "apply.result.denied.other_law": 0,
  "apply.result.not_this_agency": 9, "apply.result.not_exist": 11,
  "apply.result.amend_notice": 12, "apply.result.other_channel": 0,
  "review.upheld": 0, "review.corrected": 0,
  "litigation": 3, "litigation.upheld": 1, "litigation.corrected": 1, "litigation.other": 0,
  "proactive.channel.website": 100, "archive.paper": 5, "archive.electronic": 5}') AS r;

-- What complete() changed: only blank cells, only the three totals.
SELECT c.code, c.section, c.a AS reported, c.b AS completed
FROM blanks, govinfo.compare(r, govinfo.complete(r)) c
WHERE c.a IS DISTINCT FROM c.b;

-- The cells it left alone.
SELECT code, govinfo.value(r, code) AS reported, govinfo.value(govinfo.complete(r), code) AS completed
FROM blanks, unnest(ARRAY['review', 'litigation', 'apply.closed', 'proactive.items', 'archive']) code;

-- It does not repair: the report is as inconsistent as before (litigation).
SELECT govinfo.is_consistent(r) AS before, govinfo.is_consistent(govinfo.complete(r)) AS after
FROM blanks;
SELECT rule_id, lhs, rhs FROM blanks, govinfo.violations(govinfo.complete(r));

-- The modes decide what parts are enough.  review's parts are 0, 0 and
-- blank; complaint's are all blank; apply.received's are all present.
SELECT m AS mode,
       govinfo.value(govinfo.complete(r, m), 'apply.received') AS received,
       govinfo.value(govinfo.complete(r, m), 'review') AS review,
       govinfo.value(govinfo.complete(r, m), 'complaint') AS complaint
FROM blanks, unnest(ARRAY['non_null', 'non_zero', 'partial_null', 'partial_zero', 'always_null', 'always_zero']) m;
-- non_zero fills from parts with a non-zero value, blanks counting as 0
SELECT govinfo.value(govinfo.complete(govinfo.report(NULL, NULL, 'gov2014',
           '{"review.upheld": 2, "review.corrected": 0}'), 'non_zero'), 'review') AS review;

-- gov2021: a 总计 column filled from the applicant columns (-COL rules), and
-- a total filled from outcomes of which one was itself just filled.
CREATE TEMP TABLE blanks21 AS SELECT govinfo.report('B', 2021, 'gov2021', '{
  "apply.received@natural": 5, "apply.received@commercial": 2, "apply.received@research": 0,
  "apply.received@nonprofit": 0, "apply.received@legal": 0, "apply.received@other": 1,
  "apply.carried_in": 0,
  "apply.result.granted@natural": 3, "apply.result.granted@commercial": 1, "apply.result.granted@research": 0,
  "apply.result.granted@nonprofit": 0, "apply.result.granted@legal": 0, "apply.result.granted@other": 0,
  "apply.result.partial": 1,
  "apply.result.denied.state_secret": 0, "apply.result.denied.law_forbidden": 0,
  "apply.result.denied.security": 0, "apply.result.denied.third_party": 2,
  "apply.result.denied.internal": 0, "apply.result.denied.process": 0,
  "apply.result.denied.enforcement": 0, "apply.result.denied.query": 0,
  "apply.result.unavailable.not_held": 1, "apply.result.unavailable.needs_creation": 0,
  "apply.result.unavailable.unclear": 0,
  "apply.result.rejected.petition": 0, "apply.result.rejected.repeat": 0,
  "apply.result.rejected.publication": 0, "apply.result.rejected.excessive": 0,
  "apply.result.rejected.confirmation": 0,
  "apply.result.other.no_amendment": 0, "apply.result.other.fee_unpaid": 0,
  "apply.result.other.other": 0,
  "review.upheld": 1, "review.corrected": 1, "review.other": 0, "review.pending": 0}') AS r;
-- received 8 and granted 4 from their columns, then apply.result 8 from the
-- outcomes, review 2; apply.carried_out stays blank (G21-01 relates it to
-- the others, but it is no total of parts).
SELECT c.code, c.a AS reported, c.b AS completed
FROM blanks21, govinfo.compare(r, govinfo.complete(r)) c
WHERE c.a IS DISTINCT FROM c.b;
SELECT govinfo.value(govinfo.complete(r), 'apply.carried_out') AS carried_out FROM blanks21;

-- When the report itself gives a blank total two different values, it stays
-- blank: here apply.result's columns add up to 8 but its outcomes to 9.
SELECT govinfo.value(c, 'apply.result') AS result, govinfo.value(c, 'apply.result.granted') AS granted,
       govinfo.value(c, 'apply.received') AS received
FROM (SELECT govinfo.complete(govinfo.report((r).agency, (r).year, 'gov2021',
        govinfo.to_jsonb(r)->'cells' || '{"apply.result.partial": 2, "apply.result@natural": 5,
          "apply.result@commercial": 2, "apply.result@research": 0, "apply.result@nonprofit": 0,
          "apply.result@legal": 0, "apply.result@other": 1}')) AS c FROM blanks21) s;

-- Completing again changes nothing.
SELECT govinfo.complete(govinfo.complete(r)) = govinfo.complete(r) AS idempotent FROM blanks21;

-- Errors.
SELECT govinfo.complete(r, 'zero') FROM blanks;
SELECT govinfo.complete(govinfo.report(NULL, NULL, 'gov2014',
    '{"review.upheld": 9223372036854775000, "review.corrected": 9223372036854775000, "review.other": 0}'));
