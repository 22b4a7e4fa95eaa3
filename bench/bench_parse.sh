#!/bin/bash
# bench/bench_parse.sh -- what does parse_report cost next to loading a report?
#
# Loads report texts (the seed report, the fixtures and BENCH_SYNTH synthetic
# reports rendered as text by bench/render_reports.py, each BENCH_REPEAT
# times) into bench_texts, parses them once into bench_parsed, and then
# times, in interleaved rounds, two ways of loading the same reports into a
# table of (content text, report govinfo.disclosure_report), a row with the
# text and its report:
#   (p)  INSERT INTO t SELECT content, govinfo.parse_report(content) FROM bench_texts
#   (i)  INSERT INTO t SELECT content, report FROM bench_parsed    (the same reports, parsed)
# and, for reference,
#   (c)  as (i) from bench_parsed_c, where the reports are stored compressed
#   (s)  SELECT count(govinfo.parse_report(content)) FROM bench_texts  (the parse alone)
#   (d)  SELECT count(content || '') FROM bench_texts  (reading and decompressing the texts)
#   (l)  SELECT sum(length(content)) FROM bench_texts  (PostgreSQL counting the characters)
#   (m)  SELECT count(md5(content)) FROM bench_texts   (PostgreSQL hashing the bytes)
# bench_parsed keeps its reports uncompressed (STORAGE PLAIN), so that (i)
# stores each report as (p) does, compressing it; (c) copies reports that
# are compressed already, which no freshly made report is.  The script
# prints the parse throughput (reports/s and MB/s of text) and the ratio
# (p)/(i) -- target <= 2.0: parsing at most doubles the cost of loading a
# report -- in wall time and in the backend's CPU time, side by side, and
# checks that the synthetic texts parse back to the reports they were
# rendered from.  It also prints the bound: (p) >= (i) + (d) + the parse,
# so that a parse_report costing nothing would give (p)/(i) = ((i)+(d))/(i),
# and the target leaves the parse (i)-(d) a report; (l)-(d) and (m)-(d), what
# PostgreSQL's own length() and md5() take on the same texts, are yardsticks
# of a pass over the text.  Then the same reports one statement a report
# (bench/load_client.c), and last the product's own load: govinfo-import of
# BENCH_IMPORT_N distinct texts as files, against parse_report alone on them.
#
# A benchmark, not a test: it prints figures and never asserts on them.
#
#   bench/bench_parse.sh              throwaway server (pg_virtualenv -t -v 15) unless PGHOST is set
#   bench/bench_parse.sh --callgrind  the same statements in a single-user backend under valgrind's
#                                     callgrind: instructions per report, which machine noise does
#                                     not move, and the parser's most costly functions
#
# Environment:
#   BENCH_REPEAT=100     copies of each text (the seed, the fixtures, BENCH_SYNTH synthetic)
#   BENCH_SYNTH=40       synthetic reports rendered (all three templates, four layouts)
#   BENCH_IMPORT_N=1000  distinct texts loaded as files by govinfo-import at the end (0: none)
#   BENCH_RUNS=5         timed rounds (after one untimed warm-up round)
#   BENCH_UNLOGGED=1     UNLOGGED target table (no WAL: the CPU cost stands out)
#   PROFILE_REPEAT=4     --callgrind: copies of each text
#   PGHOST ...           use this server instead of a throwaway one
#   BENCH_OUT, BENCH_SEED, PYTHON
set -euo pipefail
. "$(dirname "$0")/lib.sh"

MODE=time
if [ "${1:-}" = "--callgrind" ]; then
	MODE=callgrind
	shift
fi
[ $MODE = time ] && bench_server "$@"

REPEAT=${BENCH_REPEAT:-100}
SYNTH=${BENCH_SYNTH:-40}
RUNS=${BENCH_RUNS:-5}
[ $MODE = callgrind ] && REPEAT=${PROFILE_REPEAT:-4}

# the texts, as COPY rows (name, content, expected report or \N)
mkdir -p "$BENCH_OUT"
chmod 755 "$BENCH_OUT"
TEXTS=$BENCH_OUT/parse_texts_${SYNTH}_s${BENCH_SEED}.copy
if [ ! -s "$TEXTS" ] || [ "$BENCH_ROOT/bench/render_reports.py" -nt "$TEXTS" ]; then
	"$PYTHON" "$BENCH_ROOT/bench/render_reports.py" --seed "$BENCH_SEED" --synthetic "$SYNTH" \
		--include "$BENCH_ROOT"/test/seed/*.txt "$BENCH_ROOT"/test/fixtures/*.txt "$BENCH_ROOT"/test/fixtures/*.html \
		-o "$TEXTS.tmp"
	mv "$TEXTS.tmp" "$TEXTS"
	chmod 644 "$TEXTS"
fi
NTEXT=$(wc -l <"$TEXTS")
N=$((NTEXT * REPEAT))

KIND=TABLE
[ "${BENCH_UNLOGGED:-0}" = 1 ] && KIND="UNLOGGED TABLE"
SETUP_SQL="
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_texts0, bench_texts, bench_parsed, bench_parsed_c, bench_parse_t;
CREATE TEMP TABLE bench_texts0 (name text, content text, expected govinfo.disclosure_report);
\\copy bench_texts0 FROM '$TEXTS'
CREATE TABLE bench_texts AS
    SELECT pg_catalog.row_number() OVER () AS id, name, content, expected
    FROM bench_texts0, pg_catalog.generate_series(1, $REPEAT) AS r ORDER BY r, name;
CREATE TABLE bench_parsed (id bigint, name text, content text, report govinfo.disclosure_report);
ALTER TABLE bench_parsed ALTER report SET STORAGE PLAIN;
INSERT INTO bench_parsed SELECT id, name, content, govinfo.parse_report(content) FROM bench_texts ORDER BY id;
CREATE TABLE bench_parsed_c AS SELECT * FROM bench_parsed;
CREATE $KIND bench_parse_t (content text, report govinfo.disclosure_report);
VACUUM ANALYZE bench_texts;
VACUUM ANALYZE bench_parsed;
VACUUM ANALYZE bench_parsed_c;
"
SQL_P="INSERT INTO bench_parse_t SELECT content, govinfo.parse_report(content) FROM bench_texts"
SQL_I="INSERT INTO bench_parse_t SELECT content, report FROM bench_parsed"
SQL_C="INSERT INTO bench_parse_t SELECT content, report FROM bench_parsed_c"
SQL_S="SELECT pg_catalog.count(govinfo.parse_report(content)) FROM bench_texts"
SQL_D="SELECT pg_catalog.count(pg_catalog.textcat(content, '')) FROM bench_texts"
SQL_L="SELECT pg_catalog.sum(pg_catalog.length(content)) FROM bench_texts"
SQL_M="SELECT pg_catalog.count(pg_catalog.md5(content)) FROM bench_texts"

# what the synthetic texts parse back to: their source report, cell for cell?
CHECK_SQL="SELECT pg_catalog.count(*) FILTER (WHERE t.expected IS NOT NULL) || ' synthetic, '
       || pg_catalog.count(*) FILTER (WHERE t.expected IS NOT NULL AND (p.report).template = (t.expected).template
                                      AND (p.report).cells IS NOT DISTINCT FROM (t.expected).cells
                                      AND (p.report).year = (t.expected).year
                                      AND (p.report).agency = (t.expected).agency)
       || ' parse back to their source report exactly'
FROM bench_texts t JOIN bench_parsed p USING (id) WHERE t.id <= $NTEXT"

VARIANTS="p i c s d l m"
declare -A SQL LABEL
SQL=([p]="$SQL_P" [i]="$SQL_I" [c]="$SQL_C" [s]="$SQL_S" [d]="$SQL_D" [l]="$SQL_L" [m]="$SQL_M")
LABEL=([p]="INSERT content, parse_report(content)" [i]="INSERT content, report (parsed)"
	[c]="INSERT content, report (parsed, compressed)" [s]="SELECT count(parse_report(content))"
	[d]="SELECT count(content || '') (detoast)" [l]="SELECT sum(length(content))"
	[m]="SELECT count(md5(content))")

if [ $MODE = callgrind ]; then
	BIN=$(pg_config --bindir)
	command -v valgrind >/dev/null || { echo "bench_parse: valgrind is not installed" >&2; exit 1; }
	bench_private_server govinfo_parse_profile 5398
	q -c "CREATE EXTENSION govinfo" >/dev/null
	echo "$SETUP_SQL" | q >/dev/null
	BYTES=$(q -c "SELECT pg_catalog.sum(pg_catalog.octet_length(content)) FROM bench_texts")
	CHECK=$(q -c "$CHECK_SQL")
	q -c "CHECKPOINT" >/dev/null
	"${AS[@]}" "$BIN/pg_ctl" -D "$WORK/data" stop >/dev/null

	# Ir of one statement in a single-user backend (the extension preloaded, so
	# that loading it and building its per-process tables are not counted)
	ir() {
		echo "$2" | "${AS[@]}" valgrind --tool=callgrind --callgrind-out-file="$OUTDIR/$1.out" \
			"$BIN/postgres" --single -D "$WORK/data" -c shared_buffers=512MB \
			-c shared_preload_libraries=govinfo postgres >"$WORK/$1.log" 2>&1
		awk '/^(summary|totals):/ {print $2; exit}' "$OUTDIR/$1.out"
	}
	WARM="SELECT pg_catalog.count(govinfo.parse_report(content)) FROM bench_texts WHERE id = 1;"
	BASE=$(ir parse_base "$WARM TRUNCATE bench_parse_t;")
	declare -A IR
	for v in $VARIANTS; do
		IR[$v]=$(( ($(ir "parse_$v" "$WARM TRUNCATE bench_parse_t; ${SQL[$v]};") - BASE) / N ))
	done
	echo "== govinfo bench_parse --callgrind: instructions per report, $N reports ($NTEXT texts x $REPEAT), $((BYTES / N)) bytes of text on average =="
	echo "$CHECK"
	for v in $VARIANTS; do
		printf '%-4s %-46s %12s\n' "($v)" "${LABEL[$v]}" "${IR[$v]}"
	done
	P=${IR[p]} I=${IR[i]}
	echo "parse_report itself, (s)-(d): $((IR[s] - IR[d])) a report, $(awk -v a=$((IR[s] - IR[d])) -v b=$((BYTES / N)) 'BEGIN {printf "%.1f", a / b}') a byte of text"
	echo "RATIO instructions: (p)/(i) = $(ratio "$P" "$I") (target <= 2.0)   (p)/(c) = $(ratio "$P" "${IR[c]}")"
	echo
	echo "-- (p): inclusive instructions per report of selected functions --"
	callgrind_annotate --inclusive=yes "$OUTDIR/parse_p.out" 2>/dev/null |
		awk -v n="$N" '
		/govinfo\.so\]|:(ExecInsert|heap_insert|toast_save_datum|heap_toast_insert_or_update|detoast_attr|pglz_decompress|pglz_compress|ExecScan|malloc|free) / {
			gsub(",", "", $1); fn = $0; sub(/.*:/, "", fn); sub(/ .*/, "", fn);
			if (!(fn in seen) && $1 / n >= 500) { seen[fn] = 1; printf "    %-32s %10.0f\n", fn, $1 / n }
		}' | head -40
	echo
	echo "callgrind files: $OUTDIR/parse_{p,i,c,s,d,base}.out (callgrind_annotate --inclusive=yes FILE)"
	exit 0
fi

bench_cpu_mode
q -c "CREATE EXTENSION IF NOT EXISTS govinfo" >/dev/null
echo "$SETUP_SQL" | q >/dev/null
BYTES=$(q -c "SELECT pg_catalog.sum(pg_catalog.octet_length(content)) FROM bench_texts")

echo "== govinfo bench_parse: $N reports ($NTEXT texts x $REPEAT: the seed, the fixtures, $SYNTH synthetic), $((BYTES / N)) bytes of text on average, ${KIND,,} target =="
echo "server: $(q -c 'SHOW server_version'), shared_buffers $(q -c 'SHOW shared_buffers'), $(nproc) CPUs;" \
	"govinfo $(q -c "SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'govinfo'");" \
	"backend CPU time: $([ -n "${BENCH_CPU:-}" ] && echo yes || echo "not readable")"
q -c "$CHECK_SQL"

declare -A WALL CPU WMED WMIN CMED CMIN
run() {
	local v=$1
	q -c "TRUNCATE bench_parse_t" -c "CHECKPOINT" >/dev/null
	time_stmt "${SQL[$v]}"
}
for v in $VARIANTS; do run "$v" >/dev/null; done
echo
echo "-- $RUNS interleaved rounds: wall time and the backend's CPU time (ms) --"
bench_rounds run 44 statement
echo
us() { awk -v t="$1" -v n="$N" 'BEGIN {printf "%.1f", t * 1000 / n}'; }
usd() { awk -v a="$1" -v b="$2" -v n="$N" 'BEGIN {printf "%.1f", (a - b) * 1000 / n}'; }
rps() { awk -v t="$1" -v n="$N" 'BEGIN {if (t > 0) printf "%.0f", n * 1000 / t; else print "n/a"}'; }
mbs() { awk -v t="$1" -v b="$BYTES" 'BEGIN {if (t > 0) printf "%.1f", b / 1048576 / (t / 1000); else print "n/a"}'; }
for m in wall cpu; do
	[ $m = cpu ] && [ -z "${BENCH_CPU:-}" ] && continue
	declare -n M=$([ $m = wall ] && echo WMED || echo CMED)
	printf 'per report (%s medians): (p) %s us, (i) %s us, (c) %s us, (s) %s us, (d) %s us;' "$m" \
		"$(us "${M[p]}")" "$(us "${M[i]}")" "$(us "${M[c]}")" "$(us "${M[s]}")" "$(us "${M[d]}")"
	printf ' parse_report (p)-(i) %s us, (s)-(d) %s us\n' "$(usd "${M[p]}" "${M[i]}")" "$(usd "${M[s]}" "${M[d]}")"
	unset -n M
done
echo "THROUGHPUT (wall medians): load with parse_report (p) $(rps "${WMED[p]}") reports/s, $(mbs "${WMED[p]}") MB/s of text;" \
	"parse_report alone (s) $(rps "${WMED[s]}") reports/s, $(mbs "${WMED[s]}") MB/s"
echo "RATIO wall, medians: (p)/(i) = $(ratio "${WMED[p]}" "${WMED[i]}") (target <= 2.0)   (p)/(c) = $(ratio "${WMED[p]}" "${WMED[c]}")"
echo "RATIO wall, minima:  (p)/(i) = $(ratio "${WMIN[p]}" "${WMIN[i]}")                   (p)/(c) = $(ratio "${WMIN[p]}" "${WMIN[c]}")"
if [ -n "${BENCH_CPU:-}" ]; then
	echo "RATIO cpu, medians:  (p)/(i) = $(ratio "${CMED[p]}" "${CMED[i]}")                   (p)/(c) = $(ratio "${CMED[p]}" "${CMED[c]}")"
fi
# (p) >= (i) + (d) + the parse: the ratio of a parse that cost nothing, and what the target leaves it
echo "BOUND (wall medians): a parse_report costing nothing: (p)/(i) = ((i)+(d))/(i) = $(ratio "$(awk -v a="${WMED[i]}" -v b="${WMED[d]}" 'BEGIN {print a + b}')" "${WMED[i]}");" \
	"the target leaves the parse (i)-(d) = $(usd "${WMED[i]}" "${WMED[d]}") us a report, it takes (s)-(d) = $(usd "${WMED[s]}" "${WMED[d]}") us"
echo "YARDSTICKS (wall medians, the same texts): PostgreSQL's length(content) (l)-(d) = $(usd "${WMED[l]}" "${WMED[d]}") us," \
	"md5(content) (m)-(d) = $(usd "${WMED[m]}" "${WMED[d]}") us a report"

# The same reports loaded one statement a report, as a loading program sends
# them (bench/load_client.c, libpq): the text to parse_report, or the parsed
# report as a value.
echo
echo "-- one statement a report (bench/load_client.c) --"
CLIENT=$BENCH_OUT/load_client
if ${CC:-cc} -O2 -Wall -I"$(pg_config --includedir)" -o "$CLIENT" "$BENCH_ROOT/bench/load_client.c" \
	-L"$(pg_config --libdir)" -lpq 2>"$BENCH_OUT/load_client.log"; then
	"$CLIENT" "$RUNS"
else
	echo "load_client did not build (libpq headers missing?): $(head -1 "$BENCH_OUT/load_client.log")"
fi

# The product's own load: govinfo-import into a workspace, one transaction a
# file (BEGIN, the content hash looked up, parse_report, load_reports making
# it a version, the rules, COMMIT), on BENCH_IMPORT_N distinct texts
# (render_reports.py --noise: the importer skips a text it has seen), against what parse_report alone takes on them.
IMPORT_N=${BENCH_IMPORT_N:-1000}
GI=$BENCH_ROOT/govinfo-import
[ -x "$GI" ] || GI=$(pg_config --bindir)/govinfo-import
echo
echo "-- govinfo-import, one transaction a file --"
if [ "$IMPORT_N" -gt 0 ] && [ -x "$GI" ]; then
	IMP=$BENCH_OUT/import_texts_${IMPORT_N}_s${BENCH_SEED}
	if [ ! -s "$IMP.copy" ] || [ "$BENCH_ROOT/bench/render_reports.py" -nt "$IMP.copy" ]; then
		rm -rf "$IMP" "$IMP.copy" "$IMP.files"
		mkdir -p "$IMP"
		"$PYTHON" "$BENCH_ROOT/bench/render_reports.py" --seed "$BENCH_SEED" --synthetic "$IMPORT_N" --noise \
			-o "$IMP.copy.tmp" --files "$IMP.files"
		mv "$IMP.files"/*.txt "$IMP.files"/*.html "$IMP"/ 2>/dev/null
		rm -rf "$IMP.files"
		mv "$IMP.copy.tmp" "$IMP.copy"
		chmod -R a+rX "$IMP" "$IMP.copy"
	fi
	NF=$(ls "$IMP" | wc -l)
	DB=$(q -c "SELECT current_database()")
	q -c "SET client_min_messages = warning" -c "DROP SCHEMA IF EXISTS bench_import CASCADE" -c "SELECT govinfo.create_workspace('bench_import')" >/dev/null
	T0=$(date +%s%N)
	"$GI" -q -d "$DB" --table bench_import.reports "$IMP" >"$BENCH_OUT/import.log" 2>&1 || true
	T1=$(date +%s%N)
	LOADED=$(q -c "SELECT pg_catalog.count(*) FROM bench_import.report_versions")
	# parse_report alone on the same texts, in bulk: (s) - (d) as above, warm
	MS=$(psql -X -q -v ON_ERROR_STOP=1 <<SQL | awk '/^Time:/ {print $2}' | tail -2 | tr '\n' ' '
CREATE TEMP TABLE bench_import_texts (name text, content text, expected govinfo.disclosure_report);
\copy bench_import_texts FROM '$IMP.copy'
SELECT pg_catalog.count(govinfo.parse_report(content)) FROM bench_import_texts;
\timing on
SELECT pg_catalog.count(govinfo.parse_report(content)) FROM bench_import_texts;
SELECT pg_catalog.count(pg_catalog.textcat(content, '')) FROM bench_import_texts;
SQL
)
	awk -v t0="$T0" -v t1="$T1" -v n="$NF" -v loaded="$LOADED" -v ms="$MS" 'BEGIN {
		split(ms, t, " "); wall = (t1 - t0) / 1e6; parse = t[1] - t[2];
		printf "IMPORT: %d files (%d loaded) in %.0f ms: %.0f files/s, %.0f us a file; parse_report alone on the same texts %.1f us a file, %.1f%% of it\n",
			n, loaded, wall, n * 1000 / wall, wall * 1000 / n, parse * 1000 / n, 100 * parse / wall }'
	q -c "SET client_min_messages = warning" -c "DROP SCHEMA bench_import CASCADE" >/dev/null
else
	echo "skipped (BENCH_IMPORT_N=0, or govinfo-import not built)"
fi

q -c "DROP TABLE bench_texts, bench_parsed, bench_parsed_c, bench_parse_t" >/dev/null
