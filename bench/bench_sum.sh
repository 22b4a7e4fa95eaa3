#!/bin/bash
# bench/bench_sum.sh -- govinfo.report_sum against sum() of the wide table's columns.
#
# Loads the same synthetic gov2021 reports (tools/gen_synthetic.py) into a
# table of govinfo.disclosure_report and into the wide table of
# tools/gen_wide.py (one bigint column per cell, no CHECKs), then times,
# interleaved:
#   (s1)  SELECT govinfo.report_sum(report) FROM reports          no parallel workers
#   (s2)  the same with 2 parallel workers
#   (w1)  SELECT sum(c1), ..., sum(c200) FROM wide                no parallel workers
#   (w2)  the same with 2 parallel workers
#   (s0), (w0)  count(report) and count(<last column>): the scans alone, deforming
#         the same columns, so that the aggregates' own cost can be shown too
# with jit as the server has it and, for the wide sums, also jit = off (the
# faster of the two is the baseline), and prints the ratios
#   (w1)/(s1)  target >= 5     report_sum against the ~200 column sums
#   (s1)/(s2)  target >= 1.6   report_sum's parallel speed-up with 2 workers
# the plan shape of (s2), a check that report_sum's cells equal the column
# sums, and the backend's memory during a report_sum (flat expected).
#
# A benchmark, not a test: it prints figures and never asserts on them.
# It needs the aggregate govinfo.report_sum(govinfo.disclosure_report); when
# the installed extension has none it says so and exits 0.
#
# Environment:
#   BENCH_ROWS=1000000   reports
#   BENCH_RUNS=5         timed rounds (after one untimed warm-up round)
#   BENCH_SHARED_BUFFERS=2GB
#   BENCH_PREWARM=1      load both tables into shared buffers first (pg_prewarm);
#                        needs BENCH_SHARED_BUFFERS above both tables (e.g. 5GB),
#                        best with huge pages (the server asks for them: huge_pages=try)
#   BENCH_COPY, PGHOST, BENCH_OUT, BENCH_SEED, PYTHON: as in bench_check.sh
set -euo pipefail
. "$(dirname "$0")/lib.sh"
# shared_buffers is 2GB (BENCH_SHARED_BUFFERS): each 1M-row table (~2 GB) is
# larger than shared_buffers/4, so sequential scans go through a small ring of
# buffers and re-read pages from the kernel's cache -- the common case for big
# tables.  With shared_buffers large enough to hold both tables, every new
# backend and parallel worker first faults in the shared memory it touches,
# which blurs the comparison more than it helps.
bench_server "$@"

ROWS=${BENCH_ROWS:-1000000}
RUNS=${BENCH_RUNS:-5}

q -c "CREATE EXTENSION IF NOT EXISTS govinfo" >/dev/null
HAVE=$(q -c "SELECT pg_catalog.count(*) FROM pg_catalog.pg_proc p
             WHERE p.pronamespace = 'govinfo'::regnamespace AND p.proname = 'report_sum' AND p.prokind = 'a'")
if [ "$HAVE" = 0 ]; then
	echo "bench_sum: the installed govinfo has no aggregate govinfo.report_sum; nothing to measure"
	exit 0
fi
RESULT_TYPE=$(q -c "SELECT p.prorettype::regtype FROM pg_catalog.pg_proc p
                    WHERE p.pronamespace = 'govinfo'::regnamespace AND p.proname = 'report_sum' AND p.prokind = 'a' LIMIT 1")

bench_data "$ROWS"
bench_copy_mode

q <<SQL >/dev/null
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_sum_reports, bench_sum_wide;
CREATE TABLE bench_sum_reports (agency text NOT NULL, region text, level text, year integer NOT NULL,
                                report govinfo.disclosure_report NOT NULL);
SQL
"$PYTHON" "$BENCH_ROOT/tools/gen_wide.py" --template gov2021 --table bench_sum_wide --no-comments --no-checks | q >/dev/null
echo "== govinfo bench_sum: aggregates over $ROWS gov2021 reports =="
echo "server: $(q -c 'SHOW server_version'), shared_buffers $(q -c 'SHOW shared_buffers'), jit $(q -c 'SHOW jit'), $(nproc) CPUs;" \
	"govinfo $(q -c "SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'govinfo'"); report_sum returns $RESULT_TYPE"
echo "loading ($BENCH_COPY COPY) ..."
q -c "$(copy_sql bench_sum_reports "$DATA_REPORTS")" >/dev/null
q -c "$(copy_sql bench_sum_wide "$DATA_WIDE")" >/dev/null
q -c "VACUUM (FREEZE, ANALYZE) bench_sum_reports" -c "VACUUM (FREEZE, ANALYZE) bench_sum_wide" >/dev/null
if [ -n "${BENCH_PREWARM:-}" ]; then
	q -c "CREATE EXTENSION IF NOT EXISTS pg_prewarm SCHEMA public" \
	  -c "SELECT public.pg_prewarm('bench_sum_reports'), public.pg_prewarm('bench_sum_wide')" >/dev/null
	echo "  prewarmed into shared buffers; huge pages: $(q -c 'SHOW huge_pages')" \
		"($(awk '/HugePages_Total/ {t = $2} /HugePages_Free/ {f = $2} END {print t - f " of " t " in use"}' /proc/meminfo))"
fi
for t in bench_sum_reports bench_sum_wide; do
	echo "  $t: $(q -c "SELECT pg_catalog.count(*) || ' rows, ' || pg_catalog.pg_size_pretty(pg_catalog.pg_total_relation_size('$t')) FROM $t")"
done

COLS=$("$PYTHON" "$BENCH_ROOT/tools/gen_wide.py" --template gov2021 --columns)
NCOLS=$(echo "$COLS" | wc -l)
WIDE_SUM="SELECT $(echo "$COLS" | sed 's/.*/pg_catalog.sum(&)/' | paste -sd,) FROM bench_sum_wide"
REPORT_SUM="SELECT govinfo.report_sum(report) FROM bench_sum_reports"
SERIAL="SET max_parallel_workers_per_gather = 0"
PARALLEL="SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0; SET parallel_leader_participation = on"

# the plan of (s2) must be a parallel one
echo
echo "-- plan of (s2) --"
q -c "$PARALLEL" -c "EXPLAIN (COSTS OFF) $REPORT_SUM" | sed 's/^/    /'
echo "    $(q -c "$PARALLEL" -c "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) $REPORT_SUM" | grep -E 'Workers (Planned|Launched)' | sed 's/^ *//' | paste -sd' ')"

# report_sum's cells against the column sums (same data, two shapes)
if [ "$RESULT_TYPE" = govinfo.disclosure_report ]; then
	SAME=$(q -c "$SERIAL" -c "WITH r AS (SELECT (govinfo.report_sum(report)).cells AS c FROM bench_sum_reports),
	                  w AS (SELECT ARRAY[$(echo "$COLS" | sed 's/.*/pg_catalog.sum(&)::bigint/' | paste -sd,)] AS c FROM bench_sum_wide)
	             SELECT r.c = w.c FROM r, w")
	echo "report_sum cells = column sums: $SAME"
fi

declare -A SQL PRE LABEL TIMES MED
LAST=$(echo "$COLS" | tail -1)
SQL=([s1]=$REPORT_SUM [s2]=$REPORT_SUM [w1]=$WIDE_SUM [w2]=$WIDE_SUM [w1j]=$WIDE_SUM [w2j]=$WIDE_SUM
	[s0]="SELECT pg_catalog.count(report) FROM bench_sum_reports" [w0]="SELECT pg_catalog.count($LAST) FROM bench_sum_wide")
PRE=([s1]=$SERIAL [s2]=$PARALLEL [w1]=$SERIAL [w2]=$PARALLEL [w1j]="$SERIAL; SET jit = off" [w2j]="$PARALLEL; SET jit = off"
	[s0]=$SERIAL [w0]=$SERIAL)
LABEL=([s1]="report_sum, no workers" [s2]="report_sum, 2 workers"
	[w1]="$NCOLS x sum(col), no workers" [w2]="$NCOLS x sum(col), 2 workers"
	[w1j]="$NCOLS x sum(col), no workers, jit off" [w2j]="$NCOLS x sum(col), 2 workers, jit off"
	[s0]="scan floor: count(report)" [w0]="scan floor: count($LAST)")
VARIANTS="s1 s2 w1 w2 w1j w2j s0 w0"

for v in $VARIANTS; do
	BENCH_PRE_SQL=${PRE[$v]} time_ms "${SQL[$v]}" >/dev/null
done
set -- $VARIANTS
k=$#
for ((r = 0; r < RUNS; r++)); do
	for ((i = 0; i < k; i++)); do
		j=$(( (i + r) % k + 1 ))
		v=${!j}
		TIMES[$v]="${TIMES[$v]:-} $(BENCH_PRE_SQL=${PRE[$v]} time_ms "${SQL[$v]}")"
	done
done
echo
echo "-- $RUNS interleaved rounds (ms) --"
printf '%-5s %-40s %10s %10s   %s\n' "" query median min "all runs"
for v in $VARIANTS; do
	MED[$v]=$(echo "${TIMES[$v]}" | median)
	printf '%-5s %-40s %10.1f %10.1f  %s\n' "($v)" "${LABEL[$v]}" "${MED[$v]}" "$(echo "${TIMES[$v]}" | minimum)" "${TIMES[$v]}"
done
best() { awk -v a="$1" -v b="$2" 'BEGIN {print (a < b) ? a : b}'; }
W1=$(best "${MED[w1]}" "${MED[w1j]}")
W2=$(best "${MED[w2]}" "${MED[w2j]}")
echo
echo "RATIOS (medians; wide baseline = the faster of jit on/off):"
echo "  (w1)/(s1) = $(ratio "$W1" "${MED[s1]}")  report_sum vs $NCOLS column sums, no workers (target >= 5)"
echo "  (w2)/(s2) = $(ratio "$W2" "${MED[s2]}")  the same with 2 workers"
echo "  (s1)/(s2) = $(ratio "${MED[s1]}" "${MED[s2]}")  report_sum with 2 workers vs none (target >= 1.6)"
echo "  (w1)/(w2) = $(ratio "$W1" "$W2")  the column sums with 2 workers vs none, for comparison"
echo "  (w1)/(s0) = $(ratio "$W1" "${MED[s0]}")  the ceiling: an aggregate that cost nothing beyond reading the report column"
echo "  aggregate work alone, no workers: ((w1)-(w0))/((s1)-(s0)) = $(ratio "$(awk -v a="$W1" -v b="${MED[w0]}" 'BEGIN {print a - b}')" "$(awk -v a="${MED[s1]}" -v b="${MED[s0]}" 'BEGIN {print a - b}')")"
echo "  per row, no workers: report_sum $(awk -v t="${MED[s1]}" -v n="$ROWS" 'BEGIN {printf "%.3f", t * 1000 / n}') us," \
	"column sums $(awk -v t="$W1" -v n="$ROWS" 'BEGIN {printf "%.3f", t * 1000 / n}') us," \
	"scans $(awk -v t="${MED[s0]}" -v n="$ROWS" 'BEGIN {printf "%.3f", t * 1000 / n}') / $(awk -v t="${MED[w0]}" -v n="$ROWS" 'BEGIN {printf "%.3f", t * 1000 / n}') us"

echo
echo "-- memory: report_sum over $ROWS reports five times in one session, no workers --"
BENCH_SAMPLE=${BENCH_SAMPLE:-0.1} mem_profile "$SERIAL; $REPORT_SUM; $REPORT_SUM; $REPORT_SUM; $REPORT_SUM; $REPORT_SUM" govinfo_bench_sum_mem
q -c "DROP TABLE bench_sum_reports, bench_sum_wide" >/dev/null
