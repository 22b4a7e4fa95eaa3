-- Scale-out through postgres_fdw: reports kept in other databases (here a
-- loopback server into this one) are summed and filtered on the remote side,
-- because govinfo's functions, aggregates and type are shippable once the
-- server lists the extension (OPTIONS (extensions 'govinfo')).
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS govinfo;
CREATE EXTENSION IF NOT EXISTS postgres_fdw;
RESET client_min_messages;

-- The "remote" side: one table of reports per region, 100 agencies a year
-- in 2017 and 2018.  Each reports 2 requests received, 1 granted and 1
-- reconsideration (upheld), except every tenth agency, whose 行政复议数量 of 2
-- is not the sum of its outcomes (1): inconsistent.
CREATE SCHEMA fdw_remote;
CREATE TABLE fdw_remote.jinan (region text, agency text, year integer,
                               report govinfo.disclosure_report);
CREATE TABLE fdw_remote.qingdao (LIKE fdw_remote.jinan);
CREATE FUNCTION fdw_remote.fake(region text, agency text, year integer, bad boolean)
RETURNS govinfo.disclosure_report LANGUAGE sql AS $$
SELECT govinfo.report(region || agency, year, 'gov2014',
    jsonb_build_object('apply.received', 2, 'apply.result.granted', 1,
                       'review', CASE WHEN bad THEN 2 ELSE 1 END,
                       'review.upheld', 1, 'review.corrected', 0, 'review.other', 0))
$$;
INSERT INTO fdw_remote.jinan
SELECT '济南', format('第%s局', i), y, fdw_remote.fake('济南', format('第%s局', i), y, i % 10 = 0)
  FROM generate_series(1, 100) i, generate_series(2017, 2018) y;
INSERT INTO fdw_remote.qingdao
SELECT '青岛', format('第%s局', i), y, fdw_remote.fake('青岛', format('第%s局', i), y, i % 10 = 0)
  FROM generate_series(1, 100) i, generate_series(2017, 2018) y;
SELECT region, year, count(*) AS reports,
       count(*) FILTER (WHERE govinfo.is_consistent(report)) AS consistent
  FROM (TABLE fdw_remote.jinan UNION ALL TABLE fdw_remote.qingdao) t
 GROUP BY region, year ORDER BY region, year;

-- A loopback server through this cluster's Unix socket (TCP to localhost
-- when it has none), naming govinfo as shippable, and a user mapping with
-- the password that pg_virtualenv's clients use when there is one (the
-- socket's peer authentication does not need it).  Built by plpgsql because
-- socket directory, port and password vary; nothing variable is printed.
\set gi_password ''
\getenv gi_password PGPASSWORD
SET govinfo_test.password TO :'gi_password';
\unset gi_password
DO $$
BEGIN
    EXECUTE pg_catalog.format(
        'CREATE SERVER govinfo_loopback FOREIGN DATA WRAPPER postgres_fdw '
        'OPTIONS (dbname %L, host %L, port %L, extensions %L)',
        pg_catalog.current_database(),
        coalesce(nullif(pg_catalog.btrim(pg_catalog.split_part(
                     pg_catalog.current_setting('unix_socket_directories'), ',', 1)), ''),
                 'localhost'),
        pg_catalog.current_setting('port'),
        'govinfo');
    EXECUTE pg_catalog.format(
        'CREATE USER MAPPING FOR CURRENT_USER SERVER govinfo_loopback OPTIONS (%s)',
        pg_catalog.concat_ws(', ',
            pg_catalog.format('user %L', CURRENT_USER),
            CASE WHEN pg_catalog.current_setting('govinfo_test.password') <> ''
                 THEN pg_catalog.format('password %L',
                          pg_catalog.current_setting('govinfo_test.password'))
            END));
END
$$;
RESET govinfo_test.password;
SELECT srvname, srvoptions[array_length(srvoptions, 1)] AS last_option
  FROM pg_foreign_server WHERE srvname = 'govinfo_loopback';

-- The local side: a foreign table per region, and a table partitioned by
-- region whose partitions are those foreign tables.
CREATE SCHEMA fdw_local;
CREATE FOREIGN TABLE fdw_local.jinan (region text, agency text, year integer,
                                      report govinfo.disclosure_report)
    SERVER govinfo_loopback OPTIONS (schema_name 'fdw_remote', table_name 'jinan');
CREATE TABLE fdw_local.reports (region text, agency text, year integer,
                                report govinfo.disclosure_report)
    PARTITION BY LIST (region);
CREATE FOREIGN TABLE fdw_local.reports_jinan PARTITION OF fdw_local.reports
    FOR VALUES IN ('济南')
    SERVER govinfo_loopback OPTIONS (schema_name 'fdw_remote', table_name 'jinan');
CREATE FOREIGN TABLE fdw_local.reports_qingdao PARTITION OF fdw_local.reports
    FOR VALUES IN ('青岛')
    SERVER govinfo_loopback OPTIONS (schema_name 'fdw_remote', table_name 'qingdao');
ANALYZE fdw_local.jinan, fdw_local.reports;

-- The loopback works.
SELECT count(*) FROM fdw_local.jinan;

-- 1. The aggregate and the consistency filter run remotely: the Remote SQL
-- holds govinfo.report_sum(report) and govinfo.is_consistent(report, ...).
EXPLAIN (VERBOSE, COSTS OFF)
SELECT govinfo.report_sum(report) FROM fdw_local.jinan WHERE govinfo.is_consistent(report);
-- 济南's 180 consistent reports of 2017 and 2018: 360 requests, 180 granted,
-- 180 reconsiderations; agency and year are blank, as the inputs differ in both.
SELECT s.r OPERATOR(govinfo.->) 'apply.received' AS received,
       s.r OPERATOR(govinfo.->) 'apply.result.granted' AS granted,
       s.r OPERATOR(govinfo.->) 'review' AS reviews,
       (s.r).agency, (s.r).year
  FROM (SELECT govinfo.report_sum(report)
          FROM fdw_local.jinan WHERE govinfo.is_consistent(report)) s(r);
-- The same as summing the remote table directly.
SELECT (SELECT govinfo.report_sum(report) FROM fdw_local.jinan
         WHERE govinfo.is_consistent(report))
     = (SELECT govinfo.report_sum(report) FROM fdw_remote.jinan
         WHERE govinfo.is_consistent(report)) AS same;

-- 2. Partitionwise aggregation over foreign partitions: grouped by the
-- partition key, each partition's whole aggregate is pushed down.
SET enable_partitionwise_aggregate = on;
EXPLAIN (VERBOSE, COSTS OFF)
SELECT region, year, govinfo.report_sum(report)
  FROM fdw_local.reports
 WHERE govinfo.is_consistent(report)
 GROUP BY region, year;
SELECT region, year, count(*) AS agencies,
       govinfo.report_sum(report) OPERATOR(govinfo.->) 'apply.received' AS received,
       govinfo.report_sum(report) OPERATOR(govinfo.->) 'apply.result.granted' AS granted
  FROM fdw_local.reports
 WHERE govinfo.is_consistent(report)
 GROUP BY region, year
 ORDER BY region, year;

-- 3. Grouped by something else (year), each partition is aggregated
-- partially (Partial Aggregate over its Foreign Scan, whose Remote SQL
-- carries the filter) and the partial states are combined locally.
EXPLAIN (VERBOSE, COSTS OFF)
SELECT year, govinfo.report_sum(report)
  FROM fdw_local.reports
 WHERE govinfo.is_consistent(report)
 GROUP BY year;
SELECT year, count(*) AS agencies,
       govinfo.report_sum(report) OPERATOR(govinfo.->) 'apply.received' AS received,
       govinfo.report_sum(report) OPERATOR(govinfo.->) 'apply.result.granted' AS granted
  FROM fdw_local.reports
 WHERE govinfo.is_consistent(report)
 GROUP BY year
 ORDER BY year;
RESET enable_partitionwise_aggregate;

SET client_min_messages = warning;
DROP SCHEMA fdw_local CASCADE;
DROP SERVER govinfo_loopback CASCADE;
DROP SCHEMA fdw_remote CASCADE;
RESET client_min_messages;
