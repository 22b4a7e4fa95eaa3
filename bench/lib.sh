# bench/lib.sh -- shared by bench_check.sh and bench_sum.sh (sourced, not run).
#
# A throwaway server (pg_virtualenv) unless PGHOST is set, the synthetic data
# files (tools/gen_synthetic.py, cached in bench/out/), psql helpers, timing
# with psql's \timing, medians, and a backend memory sampler.

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_OUT=${BENCH_OUT:-$BENCH_ROOT/bench/out}
BENCH_SEED=${BENCH_SEED:-20240601}
PYTHON=${PYTHON:-python3}

# Re-run the calling script inside pg_virtualenv unless a server is given.
# Settings: enough shared_buffers to hold the tables, and no checkpoint in
# the middle of a timed COPY (the scripts CHECKPOINT before each one).
bench_server() {
	if [ -z "${PGHOST:-}" ]; then
		exec pg_virtualenv -t -v "${PGVERSION_WANTED:-15}" \
			-o shared_buffers="${BENCH_SHARED_BUFFERS:-2GB}" -o huge_pages=try \
			-o max_wal_size=20GB -o checkpoint_timeout=1h \
			-o max_parallel_workers_per_gather=2 -o max_worker_processes=8 \
			-o log_min_messages=warning \
			"$0" "$@"
	fi
}

q() { psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }

# One statement, timed: prints "WALL_MS CPU_MS", wall time from psql's
# \timing and the backend's own CPU time (user + system, from
# /proc/self/stat read by the backend: needs superuser or
# pg_read_server_files; "-" otherwise).  CPU time is what the statement
# costs the server; unlike wall time it hardly moves when other processes
# compete for the machine.  (\copy is timed around psql, connection included.)
CPU_SQL="SELECT 'cpu ' || (pg_catalog.split_part(s, ' ', 14)::bigint + pg_catalog.split_part(s, ' ', 15)::bigint) FROM pg_catalog.pg_read_file('/proc/self/stat') AS s"
CLK_TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)
time_stmt() {
	local out t0 t1 wall
	t0=$(date +%s%N)
	out=$(psql -X -q -v ON_ERROR_STOP=1 -At ${BENCH_PRE_SQL:+-c "$BENCH_PRE_SQL"} \
		${BENCH_CPU:+-c "$CPU_SQL"} -c '\timing on' -c "$1" -c '\timing off' ${BENCH_CPU:+-c "$CPU_SQL"})
	t1=$(date +%s%N)
	wall=$(echo "$out" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1)
	case $1 in '\copy'*) wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", (b - a) / 1e6}') ;; esac
	echo "$wall $(echo "$out" | awk -v hz="$CLK_TCK" '/^cpu / {c[n++] = $2} END {if (n == 2) printf "%.0f", (c[1] - c[0]) * 1000 / hz; else print "-"}')"
}
time_ms() { time_stmt "$1" | cut -d' ' -f1; }

# BENCH_CPU is set when the backend can read its /proc/self/stat.
bench_cpu_mode() {
	if q -c "$CPU_SQL" >/dev/null 2>&1; then BENCH_CPU=1; else BENCH_CPU=; fi
}

median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }
minimum() { tr ' ' '\n' | grep . | sort -g | head -1; }

# Interleaved timed rounds: bench_rounds FN WIDTH HEADING calls "FN v" (which
# prints "WALL_MS CPU_MS") for every variant of $VARIANTS, $RUNS times, the
# order rotated each round so that no variant always runs first.  Fills the
# associative arrays WALL, CPU (all runs) and WMED, WMIN, CMED, CMIN (the
# caller declares them) and prints one line per variant with LABEL[v].
bench_rounds() {
	local fn=$1 width=$2 heading=$3 r i j k v wall cpu
	local -a order
	set -- $VARIANTS
	k=$#
	for ((r = 0; r < RUNS; r++)); do
		order=()
		for ((i = 0; i < k; i++)); do
			j=$(( (i + r) % k + 1 ))
			order+=("${!j}")
		done
		for v in "${order[@]}"; do
			read -r wall cpu < <("$fn" "$v")
			WALL[$v]="${WALL[$v]:-} $wall"
			CPU[$v]="${CPU[$v]:-} $cpu"
		done
	done
	printf "%-4s %-${width}s %11s %11s %11s %11s\n" "" "$heading" "wall med" "wall min" "cpu med" "cpu min"
	for v in $VARIANTS; do
		WMED[$v]=$(echo "${WALL[$v]}" | median)
		WMIN[$v]=$(echo "${WALL[$v]}" | minimum)
		if [ -n "${BENCH_CPU:-}" ]; then
			CMED[$v]=$(echo "${CPU[$v]}" | median)
			CMIN[$v]=$(echo "${CPU[$v]}" | minimum)
		else
			CMED[$v]=0 CMIN[$v]=0
		fi
		printf "%-4s %-${width}s %11.0f %11.0f %11.0f %11.0f\n" "($v)" "${LABEL[$v]}" "${WMED[$v]}" "${WMIN[$v]}" "${CMED[$v]}" "${CMIN[$v]}"
	done
	for v in $VARIANTS; do
		echo "     ($v) wall:${WALL[$v]}   cpu:${CPU[$v]}"
	done
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "n/a" }'; }

# Data files of N gov2021 reports: reports_N.copy (composite) and wide_N.copy.
bench_data() {
	local n=$1
	mkdir -p "$BENCH_OUT"
	chmod 755 "$BENCH_OUT"
	local r="$BENCH_OUT/reports_${n}_s${BENCH_SEED}.copy" w="$BENCH_OUT/wide_${n}_s${BENCH_SEED}.copy"
	if [ ! -s "$r" ] || [ ! -s "$w" ]; then
		echo "generating $n gov2021 reports into $BENCH_OUT ..." >&2
		"$PYTHON" "$BENCH_ROOT/tools/gen_synthetic.py" --seed "$BENCH_SEED" --template gov2021 \
			--rows "$n" -o "$r.tmp" --wide-output "$w.tmp"
		mv "$r.tmp" "$r"
		mv "$w.tmp" "$w"
		chmod 644 "$r" "$w"
	fi
	DATA_REPORTS=$r
	DATA_WIDE=$w
}

# COPY from a file: server-side when the server can read our files (the
# default with pg_virtualenv), else psql's \copy.  BENCH_COPY=server|client.
copy_sql() {
	local table=$1 file=$2 opts=${3:-}
	if [ "${BENCH_COPY:-}" = client ]; then
		printf '\\copy %s FROM %s %s' "$table" "'$file'" "$opts"
	else
		printf "COPY %s FROM '%s' %s" "$table" "$file" "$opts"
	fi
}

bench_copy_mode() {
	if [ -z "${BENCH_COPY:-}" ]; then
		if q -c "SELECT pg_catalog.length(pg_catalog.pg_read_binary_file('$DATA_REPORTS', 0, 1))" >/dev/null 2>&1; then
			BENCH_COPY=server
		else
			BENCH_COPY=client
		fi
	fi
	export BENCH_COPY
}

# Memory of a backend while a statement runs.  Runs the SQL in the
# background under application_name $2, samples /proc/PID/status
# (VmRSS, RssAnon = private memory, VmHWM = peak) with the rows done
# so far (pg_stat_progress_copy) every $BENCH_SAMPLE seconds, and prints a
# table; the session also reports pg_backend_memory_contexts totals before
# and after.  RssAnon is the figure to read: RSS also counts the shared
# buffers the backend touches.
mem_profile() {
	local sql=$1 app=$2 log pid="" samples=() t0
	log=$(mktemp)
	PGAPPNAME=$app psql -X -q -v ON_ERROR_STOP=1 -At >"$log" 2>&1 <<-SQL &
		SELECT 'ctx_before ' || pg_catalog.sum(total_bytes) FROM pg_catalog.pg_backend_memory_contexts;
		SELECT 'proc_before ' || pg_catalog.pg_backend_pid();
		$sql;
		SELECT 'ctx_after ' || pg_catalog.sum(total_bytes) FROM pg_catalog.pg_backend_memory_contexts;
		SELECT 'ctx_top ' || name || ' ' || total_bytes FROM pg_catalog.pg_backend_memory_contexts ORDER BY total_bytes DESC LIMIT 3;
	SQL
	local bg=$!
	t0=$(date +%s.%N)
	for _ in $(seq 200); do
		pid=$(q -c "SELECT pid FROM pg_catalog.pg_stat_activity WHERE application_name = '$app' LIMIT 1")
		[ -n "$pid" ] && break
		sleep 0.05
	done
	local have_proc=0
	[ -n "$pid" ] && [ -r "/proc/$pid/status" ] && have_proc=1
	while kill -0 "$bg" 2>/dev/null; do
		if [ $have_proc = 1 ] && [ -r "/proc/$pid/status" ]; then
			local st done el
			st=$(awk '/^VmRSS:/ {r=$2} /^RssAnon:/ {a=$2} /^VmHWM:/ {h=$2} END {if (r != "") print r, a, h}' \
				"/proc/$pid/status" 2>/dev/null || true)
			done=$(q -c "SELECT tuples_processed FROM pg_catalog.pg_stat_progress_copy WHERE pid = $pid" 2>/dev/null || true)
			el=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')
			[ -n "$st" ] && samples+=("$el ${done:--} $st")
		fi
		sleep "${BENCH_SAMPLE:-0.5}"
	done
	wait "$bg" || { cat "$log"; rm -f "$log"; return 1; }
	if [ $have_proc = 1 ]; then
		echo "    backend pid $pid; /proc/$pid/status sampled every ${BENCH_SAMPLE:-0.5}s (kB):"
		printf '    %8s %10s %10s %10s %10s\n' seconds rows VmRSS RssAnon VmHWM
		local n=${#samples[@]} step i
		step=$(( n > 12 ? n / 12 : 1 ))
		for ((i = 0; i < n; i += step)); do
			printf '    %8s %10s %10s %10s %10s\n' ${samples[$i]}
		done
		if [ $n -gt 0 ] && [ $(( (n - 1) % step )) -ne 0 ]; then
			printf '    %8s %10s %10s %10s %10s\n' ${samples[$((n - 1))]}
		fi
		if [ $n -ge 4 ]; then
			# RssAnon growth between the first quarter and the end
			local a b
			a=$(echo "${samples[$((n / 4))]}" | awk '{print $4}')
			b=$(echo "${samples[$((n - 1))]}" | awk '{print $4}')
			echo "    RssAnon from 1/4 of the run to the end: ${a} kB -> ${b} kB ($(awk -v a="$a" -v b="$b" 'BEGIN {printf "%+d", b - a}') kB)"
		fi
	elif [ -z "$pid" ]; then
		echo "    (the statement ended before the first sample: server memory contexts only)"
	else
		echo "    (backend's /proc/$pid not readable from here: server memory contexts only)"
	fi
	awk '/^ctx_before/ {b=$2} /^ctx_after/ {a=$2} END {printf "    pg_backend_memory_contexts total: before %d kB, after %d kB\n", b/1024, a/1024}' "$log"
	awk '/^ctx_top/ {printf "      largest after: %s %d kB\n", $2, $3/1024}' "$log"
	rm -f "$log"
}

# A private server for callgrind runs (bench_parse.sh --callgrind,
# profile_check.sh): initdb and pg_ctl in a temporary directory, as postgres
# when run as root, stopped and removed on exit.  bench_private_server NAME
# PORT sets WORK, OUTDIR (callgrind output), AS (the command prefix to run as
# the server's owner) and the libpq environment.
bench_private_server() {
	BIN=${BIN:-$(pg_config --bindir)}
	WORK=$(mktemp -d -t "$1.XXXXXX")
	OUTDIR=$BENCH_OUT/callgrind
	mkdir -p "$OUTDIR"
	AS=()
	if [ "$(id -u)" = 0 ]; then
		chown postgres "$WORK" "$OUTDIR"
		AS=(runuser -u postgres --)
	fi
	trap bench_private_server_stop EXIT
	"${AS[@]}" "$BIN/initdb" -D "$WORK/data" -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
	"${AS[@]}" "$BIN/pg_ctl" -D "$WORK/data" -o "-p $2 -k $WORK -c listen_addresses=''" -l "$WORK/log" start >/dev/null
	export PGHOST=$WORK PGPORT=$2 PGUSER=$([ "$(id -u)" = 0 ] && echo postgres || id -un) PGDATABASE=postgres
}

bench_private_server_stop() {
	"${AS[@]}" "$BIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1 || true
	rm -rf "$WORK"
}

# The SELECT that sums up a temporary table got (expected, got: reports) as
# read back from made documents: reports parsed back exactly, cells read
# right of those printed, cells read as another number, agency and year
# found.  $1: an SQL expression naming the line (a column or a literal); $2:
# what follows FROM got (a GROUP BY, or nothing).
cells_right_sql() {
	cat <<SQL
SELECT $1 || ': ' || count(*) FILTER (WHERE (got).template = (expected).template AND (got).agency = (expected).agency
                                   AND (got).year = (expected).year AND (got).cells IS NOT DISTINCT FROM (expected).cells)
       || ' of ' || count(*) || ' reports parse back exactly; cells read right: '
       || sum((SELECT count(*) FROM generate_subscripts((expected).cells, 1) AS i
               WHERE (expected).cells[i] IS NOT NULL AND (got).cells[i] = (expected).cells[i]))
       || ' of ' || sum((SELECT count(*) FROM unnest((expected).cells) AS c WHERE c IS NOT NULL))
       || ' printed, '
       || sum((SELECT count(*) FROM generate_subscripts((expected).cells, 1) AS i
               WHERE (got).cells[i] <> (expected).cells[i]))
       || ' read as another number; agency found ' || count(*) FILTER (WHERE (got).agency = (expected).agency)
       || ', year ' || count(*) FILTER (WHERE (got).year = (expected).year)
FROM got $2;
SQL
}
