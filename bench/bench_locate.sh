#!/bin/bash
# bench/bench_locate.sh -- how often govinfo.locate() names the cells that were changed, and how fast.
#
# Generates the synthetic province (tools/gen_synthetic.py) with slips in a
# share of its reports (--error-kinds slips, --error-rate BENCH_LOCATE_RATE,
# default 0.4): one cell of an error rule with two digits transposed, one digit
# wrong, a digit dropped or an extra one, a total printed as 0, any other value,
# or two neighbouring cells swapped; the error list records the cells changed.
# Runs locate() on every corrupted report that breaks an error rule and prints,
# per template and kind:
#   - single cells: the share of rank-1 rows naming exactly the changed cell,
#     the share that also gives its true value back, and the share whose rows
#     contain the true explanation at some rank; "tied" counts the misses whose
#     rank 2 has the same kind and size as rank 1 (nothing in the report told
#     the two apart);
#   - swaps: the share with a row of kind swap on both cells, and at rank 1;
# then the time of one locate() call per failing report (median, p95, max),
# each call timed alone in PL/pgSQL, beside violations() on the same reports.
# Prints; asserts nothing.  Uses a throwaway pg_virtualenv server unless PGHOST is set.
# BENCH_LOCATE_KEEP=1 keeps its tables (bl_reports, bl_errors, bl_rows, bl_time) to look at.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
bench_server "$@"

RATE=${BENCH_LOCATE_RATE:-0.4}
# the summary queries are small: JIT would only add its start-up cost
export PGOPTIONS="${PGOPTIONS:-} -c jit=off"
mkdir -p "$BENCH_OUT"
chmod 755 "$BENCH_OUT"
R=$BENCH_OUT/province_slips_s${BENCH_SEED}_r$RATE.copy
E=$BENCH_OUT/province_slips_s${BENCH_SEED}_r${RATE}_errors.tsv
if [ ! -s "$R" ] || [ ! -s "$E" ]; then
	"$PYTHON" "$BENCH_ROOT/tools/gen_synthetic.py" --seed "$BENCH_SEED" --error-kinds slips \
		--error-rate "$RATE" -o "$R" --errors "$E" 2>/dev/null
fi
chmod 644 "$R" "$E"

q <<SQL
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS govinfo;
DROP TABLE IF EXISTS bl_reports, bl_errors, bl_rows, bl_time;
CREATE TABLE bl_reports (agency text, region text, level text, year integer,
                         report govinfo.disclosure_report);
\\copy bl_reports FROM '$R'
CREATE TABLE bl_errors (agency text, year integer, template text, kind text, cells text[],
    detail text, error_rules text[], warning_rules text[], unjudged_rules text[],
    zero_mode_rules text[], continuity_rules text[]);
\\copy bl_errors FROM '$E' WITH (FORMAT text, HEADER)
ALTER TABLE bl_errors ADD COLUMN id serial;
CREATE TABLE bl_rows AS SELECT e.id, l.* FROM bl_errors e, govinfo.locate(NULL::govinfo.disclosure_report) l WHERE false;
CREATE TABLE bl_time (id int, locate_ms float8, violations_ms float8);
SQL

# every failing report: its rows, then each call timed alone (locate, then violations)
q <<'SQL'
SET client_min_messages = warning;
INSERT INTO bl_rows
SELECT e.id, l.* FROM bl_errors e JOIN bl_reports r USING (agency, year), govinfo.locate(r.report) l
WHERE e.error_rules <> '{}';
DO $$
DECLARE
    rec record;
    t0 timestamptz;
    t1 timestamptz;
    t2 timestamptz;
BEGIN
    FOR rec IN SELECT e.id, r.report FROM bl_errors e JOIN bl_reports r USING (agency, year)
               WHERE e.error_rules <> '{}' ORDER BY e.id LOOP
        t0 := pg_catalog.clock_timestamp();
        PERFORM pg_catalog.count(*) FROM govinfo.locate(rec.report);
        t1 := pg_catalog.clock_timestamp();
        PERFORM pg_catalog.count(*) FROM govinfo.violations(rec.report);
        t2 := pg_catalog.clock_timestamp();
        INSERT INTO bl_time VALUES (rec.id, extract(epoch FROM t1 - t0) * 1000,
                                    extract(epoch FROM t2 - t1) * 1000);
    END LOOP;
END $$;
SQL

echo "govinfo.locate() on the synthetic province's slips (seed $BENCH_SEED, error rate $RATE)"
echo
echo "single cells: rank 1 names exactly the changed cell (named), also with its true value (value), the true fix at any rank (any)"
psql -X -q -P footer=off <<'SQL'
WITH e AS (
    SELECT e.id, e.template, e.kind, e.cells,
           pg_catalog.split_part(e.detail, ' ', 2)::numeric AS true_value
    FROM bl_errors e WHERE e.error_rules <> '{}' AND e.kind <> 'swap'),
r1 AS (SELECT * FROM bl_rows WHERE rank = 1),
r2 AS (SELECT * FROM bl_rows WHERE rank = 2),
x AS (
    SELECT e.template, e.kind,
           r1.cells = e.cells AS named,
           r1.cells = e.cells AND r1.new_values[1] = e.true_value AS valued,
           EXISTS (SELECT 1 FROM bl_rows a WHERE a.id = e.id AND a.cells = e.cells
                   AND a.new_values[1] = e.true_value) AS anyrank,
           r1.cells IS DISTINCT FROM e.cells AND r2.kind = r1.kind
             AND cardinality(r2.cells) = cardinality(r1.cells) AS tied
    FROM e LEFT JOIN r1 USING (id) LEFT JOIN r2 USING (id))
SELECT template, kind, count(*) AS n,
       round(100.0 * avg(named::int), 1) AS "named %",
       round(100.0 * avg(valued::int), 1) AS "value %",
       round(100.0 * avg(anyrank::int), 1) AS "any %",
       count(*) FILTER (WHERE tied) AS "tied misses"
FROM x GROUP BY GROUPING SETS ((template, kind), (template)) ORDER BY template, kind NULLS LAST;
SQL
echo "the target: gov2019 and gov2021 together"
psql -X -q -At <<'SQL'
SELECT 'single cells in gov2019/gov2021: ' || count(*) || ' reports, rank 1 names exactly the changed cell in '
       || round(100.0 * avg((r.cells = e.cells)::int), 1) || '% (target >= 95%)'
FROM bl_errors e LEFT JOIN bl_rows r ON r.id = e.id AND r.rank = 1
WHERE e.error_rules <> '{}' AND e.kind <> 'swap' AND e.template IN ('gov2019', 'gov2021');
SQL
echo
echo "swaps: a row of kind swap on both cells (any rank), and at rank 1"
psql -X -q -P footer=off <<'SQL'
WITH x AS (
    SELECT e.template,
           EXISTS (SELECT 1 FROM bl_rows a WHERE a.id = e.id AND a.kind = 'swap'
                   AND (SELECT array_agg(c ORDER BY c) FROM unnest(a.cells) c) =
                       (SELECT array_agg(c ORDER BY c) FROM unnest(e.cells) c)) AS found,
           EXISTS (SELECT 1 FROM bl_rows a WHERE a.id = e.id AND a.kind = 'swap' AND a.rank = 1
                   AND (SELECT array_agg(c ORDER BY c) FROM unnest(a.cells) c) =
                       (SELECT array_agg(c ORDER BY c) FROM unnest(e.cells) c)) AS first
    FROM bl_errors e WHERE e.error_rules <> '{}' AND e.kind = 'swap')
SELECT template, count(*) AS n, round(100.0 * avg(found::int), 1) AS "swap found %",
       round(100.0 * avg(first::int), 1) AS "at rank 1 %"
FROM x GROUP BY ROLLUP (template) ORDER BY template NULLS LAST;
SQL
echo
echo "time of one call per failing report, ms (PL/pgSQL clock_timestamp around each call)"
psql -X -q -P footer=off <<'SQL'
SELECT e.template, count(*) AS reports,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY locate_ms)::numeric, 3) AS "locate median",
       round(percentile_cont(0.95) WITHIN GROUP (ORDER BY locate_ms)::numeric, 3) AS "locate p95",
       round(max(locate_ms)::numeric, 3) AS "locate max",
       count(*) FILTER (WHERE locate_ms > 2) AS "over 2 ms",
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY violations_ms)::numeric, 3) AS "violations median"
FROM bl_time t JOIN bl_errors e USING (id)
GROUP BY ROLLUP (e.template) ORDER BY e.template NULLS LAST;
SQL
[ -n "${BENCH_LOCATE_KEEP:-}" ] || q -c "DROP TABLE bl_reports, bl_errors, bl_rows, bl_time"
