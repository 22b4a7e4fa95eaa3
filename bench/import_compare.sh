#!/usr/bin/env bash
# bench/import_compare.sh OLD_BINARY [NEW_BINARY]: two builds of govinfo-import
# side by side on the same BENCH_IMPORT_N distinct texts as files (rendered by
# render_reports.py --noise), each round into a fresh workspace, the order of
# the two alternating; prints each one's median files/s and the ratio
# new/old.  A benchmark, not a test: it never asserts on the figures.
#
#   git -C /path/to/checkout-of-1.0 ... make govinfo-import   # an older build
#   bench/import_compare.sh /tmp/govinfo-import-1.0           # against ./govinfo-import
#
# Environment: BENCH_IMPORT_N=1000, BENCH_RUNS=5, PGHOST ... (a throwaway
# server, pg_virtualenv, when unset), BENCH_OUT, BENCH_SEED, PYTHON.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
bench_server "$@"

OLD=${1:?usage: bench/import_compare.sh OLD_BINARY [NEW_BINARY]}
NEW=${2:-$BENCH_ROOT/govinfo-import}
N=${BENCH_IMPORT_N:-1000}
RUNS=${BENCH_RUNS:-5}

DIR=$BENCH_OUT/import_compare_${N}_s${BENCH_SEED}
if [ ! -d "$DIR" ] || [ "$BENCH_ROOT/bench/render_reports.py" -nt "$DIR" ]; then
	rm -rf "$DIR" "$DIR.files"
	mkdir -p "$DIR"
	"$PYTHON" "$BENCH_ROOT/bench/render_reports.py" --seed "$BENCH_SEED" --synthetic "$N" --noise \
		-o /dev/null --files "$DIR.files"
	mv "$DIR.files"/*.txt "$DIR.files"/*.html "$DIR"/ 2>/dev/null
	rm -rf "$DIR.files"
fi
NF=$(ls "$DIR" | wc -l)
DB=$(q -c "SELECT current_database()")
q -c "CREATE EXTENSION IF NOT EXISTS govinfo" >/dev/null

# one import into a fresh workspace: prints files/s
one() {
	local bin=$1 t0 t1
	q -c "SET client_min_messages = warning" -c "DROP SCHEMA IF EXISTS bench_import_cmp CASCADE" \
		-c "SELECT govinfo.create_workspace('bench_import_cmp')" >/dev/null
	t0=$(date +%s%N)
	"$bin" -q -d "$DB" --table bench_import_cmp.reports "$DIR" >/dev/null 2>&1 || true
	t1=$(date +%s%N)
	awk -v n="$NF" -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", n * 1e9 / (b - a)}'
}

echo "-- govinfo-import, $NF files, $RUNS rounds (order alternating) --"
OLDR=""; NEWR=""
for r in $(seq 1 "$RUNS"); do
	if [ $((r % 2)) -eq 1 ]; then
		OLDR="$OLDR $(one "$OLD")"; NEWR="$NEWR $(one "$NEW")"
	else
		NEWR="$NEWR $(one "$NEW")"; OLDR="$OLDR $(one "$OLD")"
	fi
done
LOADED=$(q -c "SELECT pg_catalog.count(*) FROM bench_import_cmp.reports")
VERSIONS=$(q -c "SELECT pg_catalog.count(*) FROM bench_import_cmp.report_versions")
q -c "SET client_min_messages = warning" -c "DROP SCHEMA bench_import_cmp CASCADE" >/dev/null
MO=$(echo "$OLDR" | median)
MN=$(echo "$NEWR" | median)
printf '%-8s %s files/s (median; runs:%s)\n' old "$MO" "$OLDR"
printf '%-8s %s files/s (median; runs:%s)\n' new "$MN" "$NEWR"
echo "new/old  $(ratio "$MN" "$MO") (files/s); the last run: $VERSIONS of $NF files versions, $LOADED in the gate (consistent)"
