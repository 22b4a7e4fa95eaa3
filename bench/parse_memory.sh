#!/bin/bash
# bench/parse_memory.sh -- the memory a backend uses for one parse of a large
# report text, and what it keeps afterwards.
#
# The parser (src/parse.c) allocates with malloc, outside any memory context,
# up to GI_PARSE_MEM_LIMIT.  For each text below, a fresh session of the
# running server (PGHOST/PGPORT/PGUSER, superuser: it reads /proc/self/status
# with pg_read_file) prints, in kB:
#   before  RssAnon after the extension is loaded and a small text parsed;
#   peak    VmHWM - VmRSS across the call: the most the parse and its text added;
#   after   RssAnon after the call, with the session idle again;
#   kept    after - before: what the backend keeps once the parse is over;
#   text    the same peak for a query that only builds the text and takes its
#           length, so that peak - text is about what the parse itself needs,
#           and what that query alone keeps (text kept).
# Texts: the seed report alone, repeated to 16 MiB (many table lines), and
# followed by numbers on short lines to 16 MiB (many cells).
#
# A benchmark, not a test: it prints figures and asserts nothing.
#
#   bench/parse_memory.sh [FUNCTION]     parse_log (default) or parse_report
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
FN=${1:-parse_log}
SEED=$ROOT/test/seed/2017-shandong-hrss.txt
LIMIT=$((16 * 1024 * 1024))
seed_sql="pg_catalog.convert_from(pg_catalog.decode('$(base64 -w0 "$SEED")', 'base64'), 'UTF8')"

status_kb() {	# the kB of a /proc/self/status field, as SQL
	echo "(pg_catalog.substring(pg_catalog.pg_read_file('/proc/self/status'), '$1:\\s+([0-9]+) kB'))::bigint"
}

# $1: a label; $2: an SQL expression of the text, evaluated in the call
# itself (a variable or a wrapper function would add copies of the text).
# The peak is reset (/proc/self/clear_refs, written by COPY as the
# backend) before each query.
measure() {
	psql -X -q -At -v ON_ERROR_STOP=1 <<SQL
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS govinfo;
SELECT count(*) FROM govinfo.$FN($seed_sql) \\g /dev/null
COPY (SELECT 5) TO '/proc/self/clear_refs';
SELECT $(status_kb RssAnon) AS before, $(status_kb VmRSS) AS rss0 \\gset
SELECT pg_catalog.octet_length($2) AS bytes \\gset
SELECT $(status_kb VmHWM) - :rss0 AS text_peak, $(status_kb RssAnon) - :before AS text_kept \\gset
COPY (SELECT 5) TO '/proc/self/clear_refs';
SELECT $(status_kb VmRSS) AS rss1 \\gset
SELECT count(*) FROM govinfo.$FN($2) \\g /dev/null
SELECT $(status_kb VmHWM) - :rss1 AS peak, $(status_kb RssAnon) AS after \\gset
\\echo $1 :bytes :before :peak :after :text_peak :text_kept
SQL
}

seed_bytes=$(wc -c <"$SEED")
reps=$((LIMIT / (seed_bytes + 1)))
{
	measure seed "$seed_sql"
	measure seed_x$reps "pg_catalog.repeat($seed_sql || E'\\n', $reps)"
	measure numbers "$seed_sql || pg_catalog.repeat(E'12 345 6789\\n', $(((LIMIT - seed_bytes) / 12)))"
} | awk -v fn="$FN" '
	BEGIN { printf "== govinfo parse_memory: govinfo.%s, one fresh session a text, kB ==\n", fn
	        printf "%-14s %10s %9s %9s %9s %9s %9s %9s\n", "text", "bytes", "before", "peak", "after", "kept", "text", "text kept" }
	{ printf "%-14s %10d %9d %9d %9d %9d %9d %9d\n", $1, $2, $3, $4, $5, $5 - $3, $6, $7 }'
