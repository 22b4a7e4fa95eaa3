#!/bin/bash
# bench/parse_instructions.sh -- the parser alone, outside the server: time and
# instructions a parse over the benchmark texts of bench_parse.sh.
#
# Writes the texts of bench_parse.sh (the seed, the fixtures and 40
# synthetic reports from bench/render_reports.py) as files -- or takes the
# FILEs given -- builds build/unit/parse_profile (make parse-profile) and
# prints:
#   - the time a parse, parse_profile -L -n 100 (values only, as parse_report);
#   - the instructions a parse and a byte of text, counted by callgrind as the
#     difference between -n 4 and -n 2 rounds, so that what is built once per
#     process (the template tables, the known labels) is left out.
# PLAIN=1 builds the plain-C parser (-U__SSE2__), as on machines without SSE2.
#
# A benchmark, not a test: it prints figures and asserts nothing.
#
#   bench/parse_instructions.sh                 the bench texts
#   bench/parse_instructions.sh FILE...         these texts (e.g. test/fixtures/*-pdftotext.txt)
set -euo pipefail
ARGS=()
for f in "$@"; do ARGS+=("$(cd "$(dirname "$f")" && pwd)/$(basename "$f")"); done
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${BENCH_OUT:-$ROOT/bench/out}
SEED=${BENCH_SEED:-20240601}
SYNTH=${BENCH_SYNTH:-40}
PYTHON=${PYTHON:-python3}
cd "$ROOT"

command -v valgrind >/dev/null || { echo "parse_instructions: valgrind is not installed" >&2; exit 1; }
mkdir -p "$OUT"
# the texts of bench_parse.sh, a file each (render_reports.py --files)
DIR=$OUT/parse_texts_${SYNTH}_s${SEED}
rm -rf "$DIR"
if [ ${#ARGS[@]} -eq 0 ]; then
	"$PYTHON" bench/render_reports.py --seed "$SEED" --synthetic "$SYNTH" \
		--include test/seed/*.txt test/fixtures/*.txt test/fixtures/*.html -o /dev/null --files "$DIR"
fi

BIN=build/unit/parse_profile
TARGET=parse-profile
if [ "${PLAIN:-0}" = 1 ]; then
	BIN=build/unit/parse_profile_plain
	TARGET=parse-profile-plain
fi
make -s "$TARGET" >/dev/null
if [ ${#ARGS[@]} -gt 0 ]; then
	FILES=("${ARGS[@]}")
else
	FILES=($(ls "$DIR"/*.txt "$DIR"/*.html 2>/dev/null | sort))
fi
BYTES=$(cat "${FILES[@]}" | wc -c)
echo "== govinfo parse_instructions: ${#FILES[@]} texts, $((BYTES / ${#FILES[@]})) bytes on average; $BIN =="
"$BIN" -L -n 100 "${FILES[@]}" | tail -1
count() {
	valgrind --tool=callgrind --callgrind-out-file=/dev/null "$BIN" -L -n "$1" "${FILES[@]}" 2>&1 >/dev/null |
		awk '/refs:/ {gsub(",", "", $NF); print $NF}'
}
A=$(count 2)
B=$(count 4)
echo "instructions a parse: $(( (B - A) / (2 * ${#FILES[@]}) )), $(awk -v d=$((B - A)) -v b="$BYTES" 'BEGIN {printf "%.1f", d / 2 / b}') a byte of text"
