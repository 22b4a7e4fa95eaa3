#!/usr/bin/env bash
# bench_workspace.sh -- the oversight workspace at a national year's order of
# magnitude: ten synthetic provinces (tools/gen_synthetic.py, ~16,400 reports
# each for 2016-2024, ~165,000 in all, a few per cent carrying one typical
# error), loaded into a workspace with govinfo.load_reports, then
# govinfo.refresh_findings and a typical query of every view.
#
#   bash bench/bench_workspace.sh                  a throwaway server (pg_virtualenv)
#   PGHOST=/tmp PGPORT=5432 bash bench/bench_workspace.sh   an existing server
#
# Settings: BENCH_PROVINCES (default 10), BENCH_SEED, BENCH_OUT (data cache).
# Prints, and asserts nothing: the load time, refresh_findings' time (first
# run: every finding new; second: every one recurring; after a correction),
# the backend's memory during the refresh (RssAnon should stay flat), and
# each view's time.  Targets on a 2-core machine: refresh <= 60 s, each view
# <= 1 s.
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
bench_server "$@"

PROVINCES=${BENCH_PROVINCES:-10}
NAMES=(江川省 河川省 山川省 云川省 海川省 林川省 湖川省 石川省 金川省 玉川省
       春川省 夏川省 秋川省 冬川省 东川省 西川省 南川省 北川省 中川省 新川省)
if [ "$PROVINCES" -gt ${#NAMES[@]} ]; then
	echo "bench_workspace: at most ${#NAMES[@]} provinces" >&2
	exit 1
fi

# ---- data: one province per seed, renamed so that no two share a name --------
mkdir -p "$BENCH_OUT"
chmod 755 "$BENCH_OUT"
DATA="$BENCH_OUT/workspace_${PROVINCES}p_s${BENCH_SEED}.copy"
if [ ! -s "$DATA" ]; then
	echo "generating $PROVINCES provinces into $DATA ..." >&2
	: >"$DATA.tmp"
	for ((k = 0; k < PROVINCES; k++)); do
		"$PYTHON" "$BENCH_ROOT/tools/gen_synthetic.py" --seed $((BENCH_SEED + k)) --format copy \
			-o "$BENCH_OUT/province.tmp" 2>/dev/null
		# 江川省 -> this province's name; an agency whose name does not
		# begin with it gets it in front (as a national corpus prints them)
		"$PYTHON" - "${NAMES[$k]}" "$BENCH_OUT/province.tmp" >>"$DATA.tmp" <<-'PY'
			import sys
			prov, path = sys.argv[1], sys.argv[2]
			with open(path, encoding="utf-8") as f:
			    for line in f:
			        agency, region, level, year, report = line.rstrip("\n").split("\t")
			        new = agency.replace("江川省", prov, 1)
			        if not new.startswith(prov):
			            new = prov + new
			        report = report.replace('("' + agency + '"', '("' + new + '"', 1)
			        region = region.replace("江川省", prov, 1)
			        sys.stdout.write("\t".join((new, region, level, year, report)) + "\n")
		PY
	done
	rm -f "$BENCH_OUT/province.tmp"
	mv "$DATA.tmp" "$DATA"
	chmod 644 "$DATA"
fi
ROWS=$(wc -l <"$DATA")

DB=gi_bench_workspace
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
export PGDATABASE=$DB
bench_cpu_mode
q -c "CREATE EXTENSION govinfo" -c "SELECT govinfo.create_workspace('ws')" >/dev/null
q -c "CREATE UNLOGGED TABLE staging (agency text, region text, level text, year integer,
                                     report govinfo.disclosure_report)"

echo "== the oversight workspace: $PROVINCES provinces, $ROWS reports ($(nproc) cores)"
printf '%-58s %10s %10s\n' "step" "wall ms" "cpu ms"
line() { printf '%-58s %10s %10s\n' "$1" $2; }

line "COPY the reports into a staging table" "$(time_stmt "\\copy staging FROM '$DATA'")"
line "govinfo.load_reports (versions, agencies, the gate)" \
	"$(time_stmt "SELECT * FROM govinfo.load_reports('ws', 'staging')")"
q -c "VACUUM ANALYZE ws.report_versions" -c "VACUUM ANALYZE ws.agencies" \
  -c "VACUUM ANALYZE ws.agency_aliases" -c "VACUUM ANALYZE ws.reports"
q -F ' ' -c "SELECT 'loaded: ' || count(*) || ' versions, ' || count(*) FILTER (WHERE status = 'flagged')
                    || ' flagged, ' || (SELECT count(*) FROM ws.agencies) || ' agencies, '
                    || (SELECT count(*) FROM ws.reports) || ' in the gate'
               FROM ws.report_versions"

line "refresh_findings, first run (every finding new)" \
	"$(time_stmt "SELECT * FROM govinfo.refresh_findings('ws')")"
q -c "VACUUM ANALYZE ws.findings"
q -c "SELECT 'findings: ' || string_agg(n || ' ' || source, ', ' ORDER BY source)
        FROM (SELECT source, count(*) AS n FROM ws.findings GROUP BY source) s"
line "refresh_findings, second run (every finding recurring)" \
	"$(time_stmt "SELECT * FROM govinfo.refresh_findings('ws')")"

# a review, then 1,000 corrected documents (the flagged reports' totals
# set to their parts) loaded as new versions, and a re-check
q -c "UPDATE ws.findings SET status = 'confirmed', note = 'bench'
       WHERE finding_id IN (SELECT finding_id FROM ws.findings WHERE outcome = 'broken' LIMIT 2000)"
q -c "CREATE UNLOGGED TABLE correction AS
      SELECT a.name AS agency, v.year, govinfo.complete(
                 govinfo.report(a.name, v.year, (v.report).template,
                                (SELECT jsonb_object_agg(c.code, c.value) FROM govinfo.cells(v.report) c
                                  WHERE c.kind = 'cell' AND c.value IS NOT NULL
                                    AND c.code NOT IN (SELECT unnest(x.cells) FROM govinfo.violations(v.report) x
                                                        WHERE x.severity = 'error' LIMIT 1)))) AS report,
             'corrected' AS source, 'bench: totals left blank and completed' AS reason
        FROM ws.report_versions v JOIN ws.agencies a USING (agency_id)
       WHERE v.status = 'flagged' AND v.is_current
       LIMIT 1000"
line "load_reports of 1,000 corrected documents" \
	"$(time_stmt "SELECT * FROM govinfo.load_reports('ws', 'correction')")"
line "refresh_findings after the corrections" \
	"$(time_stmt "SELECT * FROM govinfo.refresh_findings('ws')")"
q -c "SELECT 'after the corrections: ' || count(*) FILTER (WHERE status = 'fixed') || ' fixed, '
             || count(*) FILTER (WHERE status = 'confirmed') || ' still confirmed'
        FROM ws.findings"

echo
echo "== memory of the backend during refresh_findings (RssAnon should stay flat)"
mem_profile "SELECT * FROM govinfo.refresh_findings('ws')" gi_bench_refresh

# ---- the views: a typical question to each -----------------------------------
REGION=$(q -c "SELECT region FROM ws.agencies WHERE level = 'city' ORDER BY agency_id LIMIT 1")
AGENCY=$(q -c "SELECT agency_id FROM ws.findings WHERE outcome = 'broken' ORDER BY finding_id LIMIT 1")
echo
echo "== views (region $REGION, agency $AGENCY): median of 3 runs"
printf '%-58s %10s %10s\n' "query" "wall ms" "cpu ms"
view() {
	local label=$1 sql=$2 w=() c=() r
	for _ in 1 2 3; do
		r=$(time_stmt "$sql")
		w+=("${r% *}")
		c+=("${r#* }")
	done
	printf '%-58s %10s %10s\n' "$label" "$(echo "${w[*]}" | median)" \
		"$( [ "${c[0]}" = - ] && echo - || echo "${c[*]}" | median)"
}
view "current_reports: one year"           "SELECT count(*) FROM ws.current_reports WHERE year = 2021"
view "report_history: every change"        "SELECT count(*) FROM ws.report_history"
view "findings_letter: one agency"         "SELECT * FROM ws.findings_letter WHERE agency_id = $AGENCY"
view "findings_letter: every open finding" "SELECT count(*) FROM ws.findings_letter"
view "report_summary: a region's year"     "SELECT * FROM ws.report_summary WHERE region = '$REGION' AND year = 2021"
view "coverage: all of it"                 "SELECT count(*) FROM ws.coverage"
view "missing_reports: all of it"          "SELECT count(*) FROM ws.missing_reports"
view "series: one metric, every region"    "SELECT * FROM ws.series WHERE metric = 'refusal_rate'"
view "regional_totals: all of it"          "SELECT count(*) FROM ws.regional_totals"
view "regional_tables: one year"           "SELECT count(*) FROM ws.regional_tables WHERE year = 2021"
view "rankings: a region's year"           "SELECT count(*) FROM ws.rankings WHERE region = '$REGION' AND year = 2021"
view "cells_long: one agency"              "SELECT count(*) FROM ws.cells_long WHERE agency_id = $AGENCY"
view "agency_metrics: one year"            "SELECT count(*) FROM ws.agency_metrics WHERE year = 2021"
view "yoy_metrics: one agency"             "SELECT count(*) FROM ws.yoy_metrics WHERE agency_id = $AGENCY"
view "yoy_cells: one agency"               "SELECT count(*) FROM ws.yoy_cells WHERE agency_id = $AGENCY"

psql -X -q -d postgres -c "DROP DATABASE $DB"
