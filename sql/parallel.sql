-- report_sum / report_min / report_max in a parallel plan: partial states
-- are serialised in the workers and combined in the leader, and the result
-- is the serial one.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS govinfo;
RESET client_min_messages;
\pset null '∅'

-- Parallel workers cannot read temporary tables: a schema of our own.
CREATE SCHEMA gi_parallel;
CREATE TABLE gi_parallel.reports (id integer, r govinfo.disclosure_report);
-- 20000 gov2014 reports of 40 agencies over 5 years; some cells blank.
INSERT INTO gi_parallel.reports
SELECT i, ROW('agency ' || (i % 40), 2014 + i % 5, 'gov2014',
              ARRAY(SELECT CASE WHEN (i * k) % 11 = 0 THEN NULL ELSE ((i * 7 + k * 13) % 1000)::bigint END
                    FROM generate_series(1, 64) k))::govinfo.disclosure_report
FROM generate_series(1, 20000) i;
ALTER TABLE gi_parallel.reports SET (parallel_workers = 2);
ANALYZE gi_parallel.reports;

-- The node names of a plan that matter for its shape, by pattern (costs and
-- worker counts vary; Hash/Group aggregation and Gather Merge are folded
-- into Aggregate and Gather, as the planner may pick either).
CREATE FUNCTION gi_parallel.plan_nodes(query text)
RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    line text;
    node text;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
        node := pg_catalog.substring(line,
            '(Finalize \w*Aggregate|Partial \w*Aggregate|Gather( Merge)?|Parallel Seq Scan)');
        IF node IS NOT NULL THEN
            RETURN NEXT pg_catalog.regexp_replace(
                pg_catalog.regexp_replace(node, '(Hash|Group)Aggregate', 'Aggregate'),
                'Gather Merge', 'Gather');
        END IF;
    END LOOP;
END $$;

-- How many workers a query's Gather actually launched.
CREATE FUNCTION gi_parallel.workers_launched(query text)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    line text;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ' || query LOOP
        IF line ~ 'Workers Launched: ' THEN
            RETURN pg_catalog.substring(line, 'Workers Launched: (\d+)')::integer;
        END IF;
    END LOOP;
    RETURN 0;
END $$;

-- The serial results first.
SET max_parallel_workers_per_gather = 0;
CREATE TABLE gi_parallel.serial AS
SELECT govinfo.report_sum(r) AS s, govinfo.report_min(r) AS mi, govinfo.report_max(r) AS ma
FROM gi_parallel.reports;
CREATE TABLE gi_parallel.serial_by_year AS
SELECT (r).year, govinfo.report_sum(r) AS s FROM gi_parallel.reports GROUP BY (r).year;

-- Now force a parallel plan.
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;	-- the workers do all the scanning

SELECT n AS node FROM gi_parallel.plan_nodes(
    'SELECT govinfo.report_sum(r), govinfo.report_min(r), govinfo.report_max(r) FROM gi_parallel.reports') n;

-- workers ran it, so the partial states went through serialise, deserialise
-- and combine
SELECT gi_parallel.workers_launched(
    'SELECT govinfo.report_sum(r), govinfo.report_min(r), govinfo.report_max(r) FROM gi_parallel.reports') > 0
    AS workers_launched;

CREATE TABLE gi_parallel.par AS
SELECT govinfo.report_sum(r) AS s, govinfo.report_min(r) AS mi, govinfo.report_max(r) AS ma
FROM gi_parallel.reports;

-- Same result as the serial plan; the agency differs between rows (NULL),
-- the years too.
SELECT p.s = s.s AS sum_same, p.mi = s.mi AS min_same, p.ma = s.ma AS max_same,
       (p.s).agency, (p.s).year, (p.s).template
FROM gi_parallel.par p, gi_parallel.serial s;
-- and both are right: position by position against sum/min/max of the cells
SELECT (p.s).cells = (SELECT array_agg(x ORDER BY k) FROM
          (SELECT k, pg_catalog.sum(v)::bigint AS x
           FROM gi_parallel.reports, unnest((r).cells) WITH ORDINALITY u(v, k) GROUP BY k) c) AS sum_right,
       (p.ma).cells = (SELECT array_agg(x ORDER BY k) FROM
          (SELECT k, pg_catalog.max(v) AS x
           FROM gi_parallel.reports, unnest((r).cells) WITH ORDINALITY u(v, k) GROUP BY k) c) AS max_right,
       govinfo.value(p.s, 'apply.received') AS received
FROM gi_parallel.par p;

-- Grouped, in parallel: each year's sum keeps its year.
SELECT n AS node FROM gi_parallel.plan_nodes(
    'SELECT (r).year, govinfo.report_sum(r) FROM gi_parallel.reports GROUP BY (r).year') n;
SELECT p.year, (p.s).year AS result_year, p.s = s.s AS same_as_serial
FROM (SELECT (r).year, govinfo.report_sum(r) AS s FROM gi_parallel.reports GROUP BY (r).year) p
JOIN gi_parallel.serial_by_year s USING (year)
ORDER BY p.year;

-- One agency, in parallel: its name survives serialisation and combining.
SELECT (govinfo.report_sum(r)).agency, (govinfo.report_sum(r)).year
FROM gi_parallel.reports WHERE (r).agency = 'agency 7';

-- A report of another template in the table: the error is the serial one,
-- whether a worker's transition or the leader's combine meets it.
INSERT INTO gi_parallel.reports VALUES (20001, govinfo.report('agency 1', 2021, 'gov2021', '{"apply.received": 1}'));
\set VERBOSITY terse
SELECT govinfo.report_sum(r) FROM gi_parallel.reports;
\set VERBOSITY default

RESET parallel_leader_participation;
RESET max_parallel_workers_per_gather;
RESET min_parallel_table_scan_size;
RESET parallel_tuple_cost;
RESET parallel_setup_cost;
SET client_min_messages = warning;
DROP SCHEMA gi_parallel CASCADE;
RESET client_min_messages;
