#!/bin/bash
# bench/parse_instructions.sh -- the parser alone, outside the server: time and
# instructions a parse over the benchmark texts of bench_parse.sh.
#
# Writes the 50 texts of bench_parse.sh (the seed, the fixtures and 40
# synthetic reports from bench/render_reports.py) as files, builds
# build/unit/parse_profile (make parse-profile) and prints:
#   - the time a parse, parse_profile -L -n 100 (values only, as parse_report);
#   - the instructions a parse and a byte of text, counted by callgrind as the
#     difference between -n 4 and -n 2 rounds, so that what is built once per
#     process (the template tables, the known labels) is left out.
# PLAIN=1 builds the plain-C parser (-U__SSE2__), as on machines without SSE2.
#
# A benchmark, not a test: it prints figures and asserts nothing.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${BENCH_OUT:-$ROOT/bench/out}
SEED=${BENCH_SEED:-20240601}
SYNTH=${BENCH_SYNTH:-40}
PYTHON=${PYTHON:-python3}
cd "$ROOT"

command -v valgrind >/dev/null || { echo "parse_instructions: valgrind is not installed" >&2; exit 1; }
mkdir -p "$OUT"
TEXTS=$OUT/parse_texts_${SYNTH}_s${SEED}.copy
if [ ! -s "$TEXTS" ] || [ bench/render_reports.py -nt "$TEXTS" ]; then
	"$PYTHON" bench/render_reports.py --seed "$SEED" --synthetic "$SYNTH" \
		--include test/seed/*.txt test/fixtures/*.txt test/fixtures/*.html -o "$TEXTS.tmp"
	mv "$TEXTS.tmp" "$TEXTS"
fi
DIR=$OUT/parse_texts_${SYNTH}_s${SEED}
rm -rf "$DIR"
mkdir -p "$DIR"
# one file a COPY row (name, content, ...), content unescaped as render_reports.py escaped it
"$PYTHON" - "$TEXTS" "$DIR" <<'PY'
import re, sys
esc = {"\\\\": "\\", "\\t": "\t", "\\n": "\n", "\\r": "\r"}
for i, line in enumerate(open(sys.argv[1], encoding="utf-8")):
    f = line.rstrip("\n").split("\t")
    text = re.sub(r"\\[\\tnr]", lambda m: esc[m.group(0)], f[1])
    open("%s/%02d.txt" % (sys.argv[2], i), "w", encoding="utf-8", newline="").write(text)
PY

BIN=build/unit/parse_profile
TARGET=parse-profile
if [ "${PLAIN:-0}" = 1 ]; then
	BIN=build/unit/parse_profile_plain
	TARGET=parse-profile-plain
fi
make -s "$TARGET" >/dev/null
FILES=("$DIR"/*.txt)
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
