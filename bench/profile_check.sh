#!/bin/bash
# bench/profile_check.sh -- where a COPY's work goes, in instructions (valgrind callgrind).
#
# The timings of bench_check.sh move with whatever else the machine runs;
# instruction counts do not.  This script makes a private cluster, loads
# nothing but the tables of bench_check.sh, and runs each COPY in a
# single-user backend under callgrind:
#   (a) wide + CHECKs, (b) report + CHECK check_totals, (c) report without
#   CHECK, (a0) wide without CHECKs, (e) report + CHECK ((report).cells IS NOT NULL)
# in text and binary COPY format.  It prints instructions per row, the ratios,
# and for (b) the inclusive cost per row of the functions that matter
# (parsing, the check and its parts, heap insertion).  When the extension has
# govinfo.report_sum, also the aggregates of bench_sum.sh: report_sum against
# sum() of the wide table's columns, and the scans alone.
#
# Needs valgrind.  PROFILE_ROWS=20000 rows (valgrind runs ~50x slower than
# native); callgrind files are kept in bench/out/callgrind/ for
# callgrind_annotate or kcachegrind.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ROWS=${PROFILE_ROWS:-20000}
BIN=$(pg_config --bindir)
command -v valgrind >/dev/null || { echo "profile_check: valgrind is not installed" >&2; exit 1; }
bench_data "$ROWS"

bench_private_server govinfo_profile 5399
KEYS="agency text NOT NULL, region text, level text, year integer NOT NULL"
q <<SQL >/dev/null
CREATE EXTENSION govinfo;
CREATE UNLOGGED TABLE pb ($KEYS, report govinfo.disclosure_report NOT NULL CHECK (govinfo.check_totals(report)));
CREATE UNLOGGED TABLE pc ($KEYS, report govinfo.disclosure_report NOT NULL);
CREATE UNLOGGED TABLE pe ($KEYS, report govinfo.disclosure_report NOT NULL CHECK ((report).cells IS NOT NULL));
SQL
"$PYTHON" "$BENCH_ROOT/tools/gen_wide.py" --table pa --no-comments | sed 's/^CREATE TABLE/CREATE UNLOGGED TABLE/' | q >/dev/null
"$PYTHON" "$BENCH_ROOT/tools/gen_wide.py" --table pa0 --no-checks --no-comments | sed 's/^CREATE TABLE/CREATE UNLOGGED TABLE/' | q >/dev/null
# binary copies of the same rows
q -c "COPY pc FROM '$DATA_REPORTS'" -c "COPY pa0 FROM '$DATA_WIDE'" >/dev/null
q -c "COPY pc TO '$WORK/reports.bin' (FORMAT binary)" -c "COPY pa0 TO '$WORK/wide.bin' (FORMAT binary)" \
	-c "TRUNCATE pc, pa0" -c "CHECKPOINT" >/dev/null
"${AS[@]}" "$BIN/pg_ctl" -D "$WORK/data" stop >/dev/null

# Ir of one statement in a single-user backend
ir() {
	echo "$2" | "${AS[@]}" valgrind --tool=callgrind --callgrind-out-file="$OUTDIR/$1.out" \
		"$BIN/postgres" --single -D "$WORK/data" -c shared_buffers=512MB postgres >"$WORK/$1.log" 2>&1
	awk '/^(summary|totals):/ {print $2; exit}' "$OUTDIR/$1.out"
}
BASE=$(ir base "SELECT 1;")
declare -A IR
for fmt in text binary; do
	for v in a b c a0 e; do
		case $v in a) t=pa ;; b) t=pb ;; c) t=pc ;; a0) t=pa0 ;; e) t=pe ;; esac
		if [ $fmt = text ]; then
			case $v in a | a0) f=$DATA_WIDE ;; *) f=$DATA_REPORTS ;; esac
			opts=""
		else
			case $v in a | a0) f=$WORK/wide.bin ;; *) f=$WORK/reports.bin ;; esac
			opts="(FORMAT binary)"
		fi
		n=$(ir "${fmt}_$v" "TRUNCATE $t; COPY $t FROM '$f' $opts;")
		IR[${fmt}_$v]=$(( (n - BASE) / ROWS ))
	done
done

echo "== govinfo profile_check: instructions per row (callgrind), COPY of $ROWS gov2021 reports into unlogged tables =="
printf '%-8s %12s %12s %12s %12s %12s   %-8s %-8s %s\n' format "(a) wide+CK" "(b) checked" "(c) plain" "(a0) wide" "(e) trivial" "(b)/(c)" "(b)/(a)" "check (b)-(c), wide CHECKs (a)-(a0), input (c)-(a0)"
for fmt in text binary; do
	printf '%-8s %12d %12d %12d %12d %12d   %-8s %-8s %d, %d, %d\n' $fmt \
		"${IR[${fmt}_a]}" "${IR[${fmt}_b]}" "${IR[${fmt}_c]}" "${IR[${fmt}_a0]}" "${IR[${fmt}_e]}" \
		"$(ratio "${IR[${fmt}_b]}" "${IR[${fmt}_c]}")" "$(ratio "${IR[${fmt}_b]}" "${IR[${fmt}_a]}")" \
		$(( IR[${fmt}_b] - IR[${fmt}_c] )) $(( IR[${fmt}_a] - IR[${fmt}_a0] )) $(( IR[${fmt}_c] - IR[${fmt}_a0] ))
done
for fmt in text binary; do
	echo
	echo "-- (b) $fmt: inclusive instructions per row of selected functions --"
	callgrind_annotate --inclusive=yes "$OUTDIR/${fmt}_b.out" 2>/dev/null |
		awk -v n="$ROWS" '
		$0 ~ /:(CopyFrom|NextCopyFrom|NextCopyFromRawFields|record_in|array_in|record_recv|array_recv|int8in|int8recv|CopyArrayEls|pg_strcasecmp|appendStringInfoChar|ExecConstraints|heap_multi_insert|govinfo_check_totals|first_broken|gi_eval_rule|side_sum|gi_report_deform|gi_report_validate|lookup_rowtype_tupdesc|heap_deform_tuple|mode_or_error|text_to_cstring) / {
			gsub(",", "", $1); fn = $0; sub(/.*:/, "", fn); sub(/ .*/, "", fn);
			if (!(fn in seen)) { seen[fn] = 1; printf "    %-28s %10.0f\n", fn, $1 / n }
		}'
done

# Aggregates, if the extension has report_sum: pc and pa0 hold the rows now.
echo "VACUUM (FREEZE) pc; VACUUM (FREEZE) pa0;" | "${AS[@]}" "$BIN/postgres" --single -D "$WORK/data" postgres >/dev/null 2>&1
HAVE_SUM=$(echo "SELECT 'have=' || count(*) FROM pg_proc WHERE proname = 'report_sum' AND prokind = 'a';" |
	"${AS[@]}" "$BIN/postgres" --single -D "$WORK/data" postgres 2>/dev/null | sed -n 's/.*"have=\([0-9]*\)".*/\1/p')
if [ "${HAVE_SUM:-0}" != 0 ]; then
	COLS=$("$PYTHON" "$BENCH_ROOT/tools/gen_wide.py" --columns)
	SET="SET max_parallel_workers_per_gather = 0; SET jit = off;"
	SB=$(ir sum_base "$SET SELECT 1;")
	S1=$(( ($(ir sum_report "$SET SELECT govinfo.report_sum(report) FROM pc;") - SB) / ROWS ))
	W1=$(( ($(ir sum_wide "$SET SELECT $(echo "$COLS" | sed 's/.*/sum(&)/' | paste -sd,) FROM pa0;") - SB) / ROWS ))
	S0=$(( ($(ir sum_scan_report "$SET SELECT count(report) FROM pc;") - SB) / ROWS ))
	W0=$(( ($(ir sum_scan_wide "$SET SELECT count($(echo "$COLS" | tail -1)) FROM pa0;") - SB) / ROWS ))
	echo
	echo "-- aggregates, no workers, jit off: instructions per row --"
	echo "    report_sum $S1, $(echo "$COLS" | wc -l) x sum(col) $W1: ratio $(ratio "$W1" "$S1");" \
		"scans alone: count(report) $S0, count(last column) $W0;" \
		"aggregate work alone: report_sum $((S1 - S0)), column sums $((W1 - W0)), ratio $(ratio $((W1 - W0)) $((S1 - S0)))"
	callgrind_annotate --inclusive=yes "$OUTDIR/sum_report.out" 2>/dev/null |
		awk -v n="$ROWS" '/govinfo\.so\]/ { gsub(",", "", $1); fn = $0; sub(/.*:/, "", fn); sub(/ .*/, "", fn);
			printf "    %-28s %10.0f\n", fn, $1 / n }' | head -8
fi
echo
echo "callgrind files: $OUTDIR (callgrind_annotate --inclusive=yes FILE)"
