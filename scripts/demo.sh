#!/usr/bin/env bash
# govinfo, end to end:
#
#   bash scripts/demo.sh
#
# On a fresh Debian 12 machine (as root, or as a user with sudo): installs
# what is missing, builds and installs the extension, starts a throwaway
# PostgreSQL 15 (pg_virtualenv) and, in it:
#   1. creates the extension and a workspace (govinfo.create_workspace);
#   2. loads a synthetic province (tools/gen_synthetic.py): consistent reports
#      into disclosure.reports, reports breaking error rules into
#      disclosure.rejects with their broken rules;
#   3. loads the real seed report (test/seed) into a second workspace,
#      "imported", through govinfo.parse_report, and imports the fixture
#      folder (test/fixtures) through govinfo-import;
#   4. prints the validation summary, regional totals by year, the largest
#      year-over-year changes, the highest refusal rates, the seed
#      report's prose-vs-table conflicts, and which cells locate() finds
#      wrong in the seed with a slip and in the rejected reports.
# The cluster is dropped at the end.  Environment: PGVER (default 15).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
export PGVER=${PGVER:-15}

# ---------------------------------------------------------------------------
# Outside the cluster: dependencies, build, install, then pg_virtualenv.
# ---------------------------------------------------------------------------
outer() {
    cd "$here"
    # shellcheck source=scripts/deps.sh
    . scripts/deps.sh

    echo "== dependencies (PostgreSQL $PGVER)"
    gi_install_deps
    # postgresql-contrib is a package of its own before PostgreSQL 10 only;
    # on Debian 12 postgres_fdw and friends come with postgresql-15.
    echo "== build and install govinfo"
    if ! gi_build_install; then
        echo "demo: the build failed; run 'make' to see why" >&2
        exit 1
    fi
    echo "== throwaway PostgreSQL $PGVER (pg_virtualenv)"
    # -t: a temporary cluster directory even as root, so that a cluster named
    # 15/regress left by someone else neither blocks nor is touched by us.
    pg_virtualenv -t -v "$PGVER" bash "$here/scripts/demo.sh" --inner
}

# ---------------------------------------------------------------------------
# Inside pg_virtualenv (PGHOST, PGPORT, PGUSER, PGPASSWORD are set).
# ---------------------------------------------------------------------------
heading() {
    echo
    echo "==============================================================================="
    echo "  $*"
    echo "==============================================================================="
}

inner() {
    cd "$here"
    local t0
    t0=$(date +%s)
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    export PGDATABASE=govinfo_demo
    createdb "$PGDATABASE"
    # psql for loading: stop at the first error; for showing: aligned tables.
    local PSQL=(psql -X -q -v ON_ERROR_STOP=1 -P pager=off -P footer=off)

    heading "1. The extension and the workspaces"
    "${PSQL[@]}" <<'SQL'
CREATE EXTENSION govinfo;
SELECT govinfo.create_workspace('disclosure') AS synthetic_province_workspace,
       govinfo.create_workspace('imported') AS imported_files_workspace;
SQL

    heading "2. A synthetic province (tools/gen_synthetic.py)"
    python3 tools/gen_synthetic.py --format copy -o "$tmp/province.copy" --errors "$tmp/errors.tsv"
    "${PSQL[@]}" <<SQL
CREATE TEMP TABLE staging (agency text, region text, level text, year integer,
                           report govinfo.disclosure_report);
\\copy staging FROM '$tmp/province.copy'
CREATE TEMP TABLE synthetic_errors (
    agency text, year integer, template text, kind text, cells text[], detail text,
    error_rules text[], warning_rules text[], unjudged_rules text[],
    zero_mode_rules text[], continuity_rules text[]);
\\copy synthetic_errors FROM '$tmp/errors.tsv' WITH (FORMAT text, HEADER)

-- region: the city (地市) an agency belongs to; 江川省 for provincial departments.
INSERT INTO disclosure.reports (agency, region, level, year, report, source)
SELECT agency, coalesce(nullif(split_part(region, '/', 2), ''), region), level, year, report,
       'gen_synthetic.py'
  FROM staging
 WHERE govinfo.is_consistent(report);

INSERT INTO disclosure.rejects (source, agency, region, level, year, reason, sqlstate,
                                report, violations)
SELECT 'gen_synthetic.py', s.agency, coalesce(nullif(split_part(s.region, '/', 2), ''), s.region),
       s.level, s.year,
       pg_catalog.format('breaks %s error rule(s): %s', v.n, v.ids), '23514', s.report, v.list
  FROM staging s
 CROSS JOIN LATERAL (
       SELECT count(*) AS n, string_agg(x.rule_id, ', ') AS ids,
              jsonb_agg(jsonb_build_object('rule_id', x.rule_id, 'lhs', x.lhs, 'rhs', x.rhs,
                                           'imbalance', x.imbalance, 'message', x.message)) AS list
         FROM govinfo.violations(s.report) x
        WHERE x.severity = 'error') v
 WHERE NOT govinfo.is_consistent(s.report);

\\echo
\\echo 'Reports generated, stored and rejected, by template:'
SELECT (s.report).template, count(*) AS generated,
       count(*) FILTER (WHERE govinfo.is_consistent(s.report)) AS stored,
       count(*) FILTER (WHERE NOT govinfo.is_consistent(s.report)) AS rejected,
       min(s.year) AS from_year, max(s.year) AS to_year
  FROM staging s GROUP BY 1 ORDER BY 1;

\\echo
\\echo 'The generator corrupted some reports on purpose; did the rules catch them?'
\\echo '(a blank total cannot be judged under the default mode non_null, so such a'
\\echo ' report is stored and its rules reported as not assessable, never as passed)'
SELECT e.kind, count(*) AS corrupted,
       count(j.id) AS rejected,
       count(*) FILTER (WHERE cardinality(e.error_rules) > 0) AS expected_rejected,
       count(r.agency) AS stored
  FROM synthetic_errors e
  LEFT JOIN disclosure.rejects j ON j.agency = e.agency AND j.year = e.year
  LEFT JOIN disclosure.reports r ON r.agency = e.agency AND r.year = e.year
 GROUP BY ROLLUP (e.kind) ORDER BY e.kind NULLS LAST;
ANALYZE disclosure.reports, disclosure.rejects;
SQL

    heading "3. Real reports: the seed and the fixture folder (workspace imported)"
    local seed=test/seed/2017-shandong-hrss.txt
    echo "Parsing $seed with govinfo.parse_report() (template, agency and year detected)."
    "${PSQL[@]}" <<SQL
\\set content \`cat $seed\`
CREATE TEMP TABLE parsed AS
SELECT govinfo.parse_report(:'content', NULL, NULL, NULL) AS report;
INSERT INTO imported.reports (agency, region, level, year, report, source, content_hash)
SELECT coalesce((report).agency, '山东省人力资源和社会保障厅'), '山东省', 'province',
   coalesce((report).year, 2017), report, '$seed',
   encode(sha256(convert_to(:'content', 'UTF8')), 'hex')
  FROM parsed WHERE govinfo.is_consistent(report);
INSERT INTO imported.rejects (source, agency, region, level, year, reason, sqlstate, report)
SELECT '$seed', (report).agency, '山东省', 'province', (report).year,
   'breaks error rules', '23514', report
  FROM parsed WHERE NOT govinfo.is_consistent(report);
SQL

    local fixtures=test/fixtures gi
    gi="$(pg_config --bindir)/govinfo-import"
    echo
    echo "\$ govinfo-import -t imported.reports $fixtures"
    # (the fixtures' .expected.tsv files are not reports: their lines are dropped)
    "$gi" -t imported.reports "$fixtures" 2>&1 | sed -e '/: skipped: not a /d' -e 's/^/  /'
    "${PSQL[@]}" <<'SQL'
\echo
\echo 'Stored:'
SELECT agency, year, (report).template, source FROM imported.reports ORDER BY year, agency;
\echo
\echo 'Rejected:'
SELECT source, agency, year, sqlstate, left(reason, 70) AS reason
  FROM imported.rejects ORDER BY source;
\echo
\echo 'Their findings (validation view; rules with blank operands are not assessable'
\echo 'and not listed):'
SELECT agency, year, rule_id, severity, imbalance, left(message, 90) AS message
  FROM imported.validation ORDER BY agency, year, rule_id;
SQL

    heading "4. Validation summary (synthetic province)"
    "${PSQL[@]}" <<'SQL'
\echo 'Findings per rule (rule instances like G21-02@natural or G21-COL:<row> counted'
\echo 'under their rule): rejected reports'' broken rules, and warnings and continuity'
\echo 'breaks of stored reports.'
SELECT regexp_replace(coalesce(rule_id, '(not parsed)'), '[@:].*$', '') AS rule,
       severity, count(*) AS findings,
       count(DISTINCT (agency, year)) AS reports, count(DISTINCT agency) AS agencies
  FROM disclosure.validation
 GROUP BY 1, 2 ORDER BY severity, findings DESC, rule;

\echo
\echo 'Agencies failing error rules, with the rules they fail (first 25 by region and agency):'
SELECT region, agency,
       string_agg(DISTINCT year::text, ' ') AS years,
       string_agg(DISTINCT regexp_replace(v.rule_id, '[@:].*$', ''), ' ') AS rules,
       count(*) AS findings
  FROM disclosure.validation v
  JOIN disclosure.rejects j USING (agency, year)
 WHERE v.severity = 'error'
 GROUP BY region, agency
 ORDER BY region, agency
 LIMIT 25;
SELECT count(DISTINCT agency) AS agencies_with_rejected_reports,
       count(*) AS rejected_reports
  FROM disclosure.rejects;

\echo
\echo 'One rejected report in full (the cells and numbers the rules name):'
SELECT agency, year, rule_id, imbalance, message
  FROM disclosure.validation
 WHERE (agency, year) = (SELECT agency, year FROM disclosure.rejects ORDER BY id LIMIT 1)
   AND severity = 'error';
SQL

    heading "5. Regional totals by year (reports summed cell by cell per region)"
    "${PSQL[@]}" <<'SQL'
\echo 'The whole province, per year and template (a few 2021 reports still use the'
\echo '2019 layout; rates are those of the summed table, not averages of rates):'
SELECT year, template, agencies, requests_received AS received,
       requests_carried_in AS carried_in, requests_handled AS handled,
       round(100 * disclosure_rate, 1) AS "disclosed %",
       round(100 * refusal_rate, 1) AS "refused %",
       reviews, round(100 * review_correction_rate, 1) AS "review corrected %",
       lawsuits
  FROM disclosure.regional_metrics
 WHERE region = '(all)'
 ORDER BY year, template;

\echo
\echo 'Requests received per region and year (all templates):'
SELECT region,
       sum(requests_received) FILTER (WHERE year = 2016) AS "2016",
       sum(requests_received) FILTER (WHERE year = 2017) AS "2017",
       sum(requests_received) FILTER (WHERE year = 2018) AS "2018",
       sum(requests_received) FILTER (WHERE year = 2019) AS "2019",
       sum(requests_received) FILTER (WHERE year = 2020) AS "2020",
       sum(requests_received) FILTER (WHERE year = 2021) AS "2021",
       sum(requests_received) FILTER (WHERE year = 2022) AS "2022",
       sum(requests_received) FILTER (WHERE year = 2023) AS "2023",
       sum(requests_received) FILTER (WHERE year = 2024) AS "2024"
  FROM disclosure.regional_metrics
 GROUP BY region
 ORDER BY region = '(all)', region;

\echo
\echo 'Key metrics per region, 2024:'
SELECT region, agencies, requests_received AS received, requests_handled AS handled,
       round(100 * disclosure_rate, 1) AS "disclosed %",
       round(100 * refusal_rate, 1) AS "refused %",
       reviews, lawsuits
  FROM disclosure.regional_metrics
 WHERE year = 2024
 ORDER BY region = '(all)', refusal_rate DESC NULLS LAST, region;
SQL

    heading "6. The largest year-over-year changes"
    "${PSQL[@]}" <<'SQL'
\echo 'Requests received, largest changes from the year before (across layout changes):'
SELECT y.agency, y.year - 1 || '→' || y.year AS years, y.prev, y.value, y.delta,
       round(100 * y.delta / nullif(y.prev, 0), 1) AS "change %"
  FROM disclosure.yoy_metrics y
 WHERE y.metric = 'requests_received'
 ORDER BY abs(y.delta) DESC NULLS LAST, y.agency, y.year
 LIMIT 10;

\echo
\echo 'Refusal rate, largest rises (agencies handling at least 20 requests both years):'
SELECT y.agency, y.year - 1 || '→' || y.year AS years,
       round(100 * y.prev, 1) AS "prev %", round(100 * y.value, 1) AS "now %",
       round(100 * y.delta, 1) AS "points"
  FROM disclosure.yoy_metrics y
  JOIN disclosure.yoy_metrics h ON h.agency = y.agency AND h.year = y.year
                               AND h.metric = 'requests_handled'
 WHERE y.metric = 'refusal_rate' AND h.prev >= 20 AND h.value >= 20
 ORDER BY y.delta DESC NULLS LAST, y.agency, y.year
 LIMIT 10;

\echo
\echo 'Single cells of the request tables (三, 总计 column), largest changes in 2024'
\echo '(same template both years):'
SELECT agency, code, label_zh, prev_value AS prev, value, delta, pct AS "change %"
  FROM disclosure.yoy_cells
 WHERE year = 2024 AND code LIKE 'apply.%' AND code NOT LIKE '%@%'
 ORDER BY abs(delta) DESC NULLS LAST, agency, code
 LIMIT 10;
SQL

    heading "7. The highest refusal rates"
    "${PSQL[@]}" <<'SQL'
\echo 'Agencies with the highest refusal rate (不予公开 / requests handled) in 2024,'
\echo 'among those handling at least 20 requests:'
SELECT agency, region, level, requests_handled AS handled, refused,
       round(100 * refusal_rate, 1) AS "refused %",
       round(100 * disclosure_rate, 1) AS "disclosed %"
  FROM disclosure.agency_metrics
 WHERE year = 2024 AND requests_handled >= 20
 ORDER BY refusal_rate DESC, agency
 LIMIT 10;

\echo
\echo 'Within each region (rankings view), the agency that refused the most requests'
\echo 'in 2024, and how its refusal rate ranks there (1 = highest):'
SELECT n.region, n.agency, n.value AS refused,
       round(100 * r.value, 1) AS "refused %", r.rank AS "rate rank",
       r.percentile AS "rate percentile"
  FROM disclosure.rankings n
  JOIN disclosure.rankings r ON r.region = n.region AND r.year = n.year
                            AND r.agency = n.agency AND r.metric = 'refusal_rate'
 WHERE n.year = 2024 AND n.metric = 'refused' AND n.rank = 1
 ORDER BY n.value DESC, n.region, n.agency;
SQL

    heading "8. The seed report: what its prose says vs its table"
    "${PSQL[@]}" <<SQL
\\set content \`cat $seed\`
SELECT * FROM govinfo.narrative_conflicts(:'content');
SQL

    heading "9. Which cell is wrong: locate() on the seed with its 信函 46 typed as 64, and on rejected reports"
    "${PSQL[@]}" <<SQL
\\set content \`cat $seed\`
SELECT rank, kind, cells, old_values, new_values, score
  FROM govinfo.locate(govinfo.with_cells(govinfo.parse_report(:'content'), '{"apply.received.letter": 64}'));
SELECT j.agency, j.year, l.kind, l.fixes
  FROM disclosure.rejects j, govinfo.locate(j.report) l
 WHERE j.report IS NOT NULL AND l.rank = 1
 ORDER BY j.agency, j.year LIMIT 10;
SQL

    heading "Done in $(( $(date +%s) - t0 )) s"
    "${PSQL[@]}" <<'SQL'
SELECT 'disclosure' AS workspace,
       (SELECT count(*) FROM disclosure.reports) AS reports,
       (SELECT count(*) FROM disclosure.rejects) AS rejects
UNION ALL
SELECT 'imported', (SELECT count(*) FROM imported.reports), (SELECT count(*) FROM imported.rejects);
SQL
}

if [ "${1:-}" = "--inner" ]; then
    inner
else
    outer
fi
