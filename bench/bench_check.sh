#!/bin/bash
# bench/bench_check.sh -- what does CHECK (govinfo.check_totals(report)) cost?
#
# Loads the same synthetic gov2021 reports (tools/gen_synthetic.py) by COPY into
#   (a)  the wide table a user would write: 200 bigint columns and the
#        template's 42 error rules as CHECK constraints (tools/gen_wide.py)
#   (b)  a table of govinfo.disclosure_report with CHECK (govinfo.check_totals(report))
#   (c)  the same table without the CHECK
#   (a0) the wide table without its CHECKs (to show what the 42 CHECKs cost)
# several times, interleaved, and prints the timings, the ratios (b)/(c)
# (target <= 1.10) and (b)/(a) (target <= 1.0) and the tables' sizes.  Then a
# memory check: the backend's memory over a BENCH_MEM_ROWS-row COPY into (b)
# (and into (c) for comparison) should stay flat.
#
# A benchmark, not a test: it prints figures and never asserts on them.
#
# Environment:
#   BENCH_ROWS=200000      reports per COPY
#   BENCH_RUNS=5           timed rounds (after one untimed warm-up round)
#   BENCH_MEM_ROWS=1000000 rows of the memory check (0 skips it)
#   BENCH_EXTRA=1          also (e) CHECK ((report).cells IS NOT NULL), a check
#                          that calls no govinfo code, and (f) CHECK (govinfo.is_consistent(report))
#   BENCH_UNLOGGED=1       UNLOGGED tables: no WAL, so the CPU cost stands out
#                          from the disk's noise (default: ordinary tables)
#   BENCH_FORMAT=binary    time COPY ... (FORMAT binary) of the same rows (exported
#                          from the text loads): record_recv/array_recv instead
#                          of the text parsers record_in/array_in
#   BENCH_COPY=server|client  server-side COPY FROM file (default when the
#                          server can read bench/out) or psql's \copy
#   PGHOST ...             use this server instead of a throwaway pg_virtualenv one
#   BENCH_OUT, BENCH_SEED, PYTHON
set -euo pipefail
. "$(dirname "$0")/lib.sh"
bench_server "$@"

ROWS=${BENCH_ROWS:-200000}
RUNS=${BENCH_RUNS:-5}
MEM_ROWS=${BENCH_MEM_ROWS:-1000000}

bench_data "$ROWS"
bench_copy_mode
bench_cpu_mode

q -c "CREATE EXTENSION IF NOT EXISTS govinfo" >/dev/null
KEYS="agency text NOT NULL, region text, level text, year integer NOT NULL"
KIND=TABLE
[ "${BENCH_UNLOGGED:-0}" = 1 ] && KIND="UNLOGGED TABLE"
q <<SQL >/dev/null
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_wide, bench_wide_nocheck, bench_checked, bench_plain,
                     bench_trivial, bench_consistent;
CREATE $KIND bench_checked ($KEYS, report govinfo.disclosure_report NOT NULL
                            CHECK (govinfo.check_totals(report)));
CREATE $KIND bench_plain ($KEYS, report govinfo.disclosure_report NOT NULL);
CREATE $KIND bench_trivial ($KEYS, report govinfo.disclosure_report NOT NULL
                            CHECK ((report).cells IS NOT NULL));
CREATE $KIND bench_consistent ($KEYS, report govinfo.disclosure_report NOT NULL
                               CHECK (govinfo.is_consistent(report)));
SQL
"$PYTHON" "$BENCH_ROOT/tools/gen_wide.py" --template gov2021 --table bench_wide --no-comments | sed "s/^CREATE TABLE/CREATE $KIND/" | q >/dev/null
"$PYTHON" "$BENCH_ROOT/tools/gen_wide.py" --template gov2021 --table bench_wide_nocheck --no-comments --no-checks | sed "s/^CREATE TABLE/CREATE $KIND/" | q >/dev/null
NCHECKS=$(q -c "SELECT pg_catalog.count(*) FROM pg_catalog.pg_constraint WHERE conrelid = 'bench_wide'::regclass AND contype = 'c'")

VARIANTS="a b c a0"
[ "${BENCH_EXTRA:-0}" = 1 ] && VARIANTS="$VARIANTS e f"
declare -A TABLE FILE LABEL WALL CPU WMED WMIN CMED CMIN
TABLE=([a]=bench_wide [b]=bench_checked [c]=bench_plain [a0]=bench_wide_nocheck [e]=bench_trivial [f]=bench_consistent)
FILE=([a]=$DATA_WIDE [b]=$DATA_REPORTS [c]=$DATA_REPORTS [a0]=$DATA_WIDE [e]=$DATA_REPORTS [f]=$DATA_REPORTS)
LABEL=([a]="wide table + $NCHECKS CHECKs" [b]="report + CHECK check_totals" [c]="report, no CHECK"
	[a0]="wide table, no CHECK" [e]="report + CHECK cells IS NOT NULL" [f]="report + CHECK is_consistent")

echo "== govinfo bench_check: COPY of $ROWS gov2021 reports into ${KIND,,}s =="
echo "server: $(q -c 'SHOW server_version'), shared_buffers $(q -c 'SHOW shared_buffers'), $(nproc) CPUs;" \
	"govinfo $(q -c "SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'govinfo'"); COPY mode: $BENCH_COPY;" \
	"backend CPU time: $([ -n "${BENCH_CPU:-}" ] && echo yes || echo "not readable")"
echo "data: $(basename "$DATA_REPORTS") ($(du -m "$DATA_REPORTS" | cut -f1) MB), $(basename "$DATA_WIDE") ($(du -m "$DATA_WIDE" | cut -f1) MB)"

FORMAT=${BENCH_FORMAT:-text}
COPY_OPTS=
load() {
	local v=$1
	q -c "TRUNCATE ${TABLE[$v]}" -c "CHECKPOINT" >/dev/null
	time_stmt "$(copy_sql "${TABLE[$v]}" "${FILE[$v]}" "$COPY_OPTS")"
}

# warm-up round (not timed): caches, and a row count check
for v in $VARIANTS; do
	load "$v" >/dev/null
	n=$(q -c "SELECT pg_catalog.count(*) FROM ${TABLE[$v]}")
	[ "$n" = "$ROWS" ] || { echo "($v) loaded $n rows, expected $ROWS" >&2; exit 1; }
done
# the CHECK is live: one report with apply.received (总计) off by one must be refused
POS=$(q -c "SELECT position FROM govinfo.template_cells('gov2021') WHERE code = 'apply.received'")
echo "check live: a report with apply.received off by one is $(q 2>&1 <<SQL | sed -n 's/.*NOTICE:  //p'
DO \$\$
BEGIN
    INSERT INTO bench_checked
    SELECT agency, region, level, year,
           ROW((report).agency, (report).year, (report).template,
               (report).cells[1:$((POS - 1))] || ((report).cells[$POS] + 1) || (report).cells[$((POS + 1)):])::govinfo.disclosure_report
    FROM bench_plain LIMIT 1;
    RAISE NOTICE 'NOT refused (!)';
EXCEPTION WHEN check_violation THEN
    RAISE NOTICE 'refused';
END
\$\$;
SQL
)"

if [ "$FORMAT" = binary ]; then
	# the same rows in COPY's binary format, written by psql (so any server can read them back with \copy)
	BIN_REPORTS=$BENCH_OUT/reports_${ROWS}_s${BENCH_SEED}.bin
	BIN_WIDE=$BENCH_OUT/wide_${ROWS}_s${BENCH_SEED}.bin
	q -c "\\copy bench_plain TO '$BIN_REPORTS' (FORMAT binary)" -c "\\copy bench_wide_nocheck TO '$BIN_WIDE' (FORMAT binary)"
	chmod 644 "$BIN_REPORTS" "$BIN_WIDE"
	for v in $VARIANTS; do
		case ${FILE[$v]} in "$DATA_WIDE") FILE[$v]=$BIN_WIDE ;; *) FILE[$v]=$BIN_REPORTS ;; esac
	done
	COPY_OPTS="(FORMAT binary)"
	for v in $VARIANTS; do load "$v" >/dev/null; done
fi

echo
echo "-- $RUNS interleaved rounds ($FORMAT COPY): wall time and the backend's CPU time (ms) --"
bench_rounds load 34 variant
echo
us() { awk -v t="$1" -v n="$ROWS" 'BEGIN {printf "%.2f", t * 1000 / n}'; }
usd() { awk -v a="$1" -v b="$2" -v n="$ROWS" 'BEGIN {printf "%.2f", (a - b) * 1000 / n}'; }
echo "per row (wall medians): (a) $(us "${WMED[a]}") us, (b) $(us "${WMED[b]}") us, (c) $(us "${WMED[c]}") us, (a0) $(us "${WMED[a0]}") us"
if [ -n "${BENCH_CPU:-}" ]; then
	echo "per row (cpu medians):  (a) $(us "${CMED[a]}") us, (b) $(us "${CMED[b]}") us, (c) $(us "${CMED[c]}") us, (a0) $(us "${CMED[a0]}") us;" \
		"check_totals (b)-(c) $(usd "${CMED[b]}" "${CMED[c]}") us, the $NCHECKS CHECKs (a)-(a0) $(usd "${CMED[a]}" "${CMED[a0]}") us," \
		"composite input (c)-(a0) $(usd "${CMED[c]}" "${CMED[a0]}") us"
fi
echo "RATIOS wall, medians: (b)/(c) = $(ratio "${WMED[b]}" "${WMED[c]}") (target <= 1.10)   (b)/(a) = $(ratio "${WMED[b]}" "${WMED[a]}") (target <= 1.0)"
echo "RATIOS wall, minima:  (b)/(c) = $(ratio "${WMIN[b]}" "${WMIN[c]}")                   (b)/(a) = $(ratio "${WMIN[b]}" "${WMIN[a]}")"
if [ -n "${BENCH_CPU:-}" ]; then
	echo "RATIOS cpu, medians:  (b)/(c) = $(ratio "${CMED[b]}" "${CMED[c]}")                   (b)/(a) = $(ratio "${CMED[b]}" "${CMED[a]}")"
fi

echo
echo "-- on-disk size after one load of $ROWS rows (pg_total_relation_size) --"
for v in a b c; do
	q -c "SELECT '($v) ' || rpad('${LABEL[$v]}', 34) || lpad(pg_catalog.pg_size_pretty(pg_catalog.pg_total_relation_size('${TABLE[$v]}')), 10)
	       || '  ' || (pg_catalog.pg_total_relation_size('${TABLE[$v]}') / $ROWS) || ' bytes/row'"
done
echo "SIZE: (b)/(a) = $(ratio "$(q -c "SELECT pg_catalog.pg_total_relation_size('bench_checked')")" "$(q -c "SELECT pg_catalog.pg_total_relation_size('bench_wide')")")"

if [ "$MEM_ROWS" != 0 ]; then
	bench_data "$MEM_ROWS"
	echo
	echo "-- memory: COPY of $MEM_ROWS reports into (b) --"
	q -c "TRUNCATE bench_checked" -c "TRUNCATE bench_plain" -c "CHECKPOINT" >/dev/null
	mem_profile "$(copy_sql bench_checked "$DATA_REPORTS")" govinfo_bench_mem_b
	echo "-- for comparison: the same COPY into (c), no CHECK --"
	mem_profile "$(copy_sql bench_plain "$DATA_REPORTS")" govinfo_bench_mem_c
fi
q -c "DROP TABLE bench_wide, bench_wide_nocheck, bench_checked, bench_plain, bench_trivial, bench_consistent" >/dev/null
