#!/usr/bin/env bash
# govinfo, end to end:
#
#   bash scripts/demo.sh
#
# On a fresh Debian 12 machine (as root, or as a user with sudo): installs
# what is missing, builds and installs the extension, starts a throwaway
# PostgreSQL 15 (pg_virtualenv) and, in it:
#   1. creates the extension and a workspace (govinfo.create_workspace);
#   2. an office's cycle on a synthetic province (tools/gen_synthetic.py):
#      every report loaded as a version (govinfo.load_reports), flagged ones
#      included; coverage;
#   3. the check (govinfo.refresh_findings) and whether it caught the
#      generator's corrupted reports;
#   4. a review (confirmed, dismissed) and the letter to an agency as CSV;
#   5. corrected documents loaded as new versions, their findings fixed;
#   6. a rename merged (govinfo.merge_agencies);
#   7. the analysis of every published report: series, rankings with their
#      denominators, year-over-year changes;
#   8. the real seed report with its text (prose conflicts as findings) and
#      the fixture folder through govinfo-import, in a second workspace.
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

    heading "2. An office loads its province (tools/gen_synthetic.py, govinfo.load_reports)"
    python3 tools/gen_synthetic.py --format copy -o "$tmp/province.copy" --errors "$tmp/errors.tsv"
    "${PSQL[@]}" <<SQL
-- region: the city (地市) an agency belongs to; 江川省 for provincial departments.
CREATE TABLE staging (agency text, region text, level text, year integer,
                      report govinfo.disclosure_report, source text);
\\copy staging (agency, region, level, year, report) FROM '$tmp/province.copy'
UPDATE staging SET region = coalesce(nullif(split_part(region, '/', 2), ''), region),
                   source = 'gen_synthetic.py';
CREATE TABLE synthetic_errors (
    agency text, year integer, template text, kind text, cells text[], detail text,
    error_rules text[], warning_rules text[], unjudged_rules text[],
    zero_mode_rules text[], continuity_rules text[]);
\\copy synthetic_errors FROM '$tmp/errors.tsv' WITH (FORMAT text, HEADER)

\\echo 'Every report is loaded, flagged ones included (none is thrown away):'
SELECT * FROM govinfo.load_reports('disclosure', 'staging');
SELECT template, count(*) AS reports, count(*) FILTER (WHERE status = 'flagged') AS flagged,
       min(year) AS from_year, max(year) AS to_year
  FROM disclosure.current_reports GROUP BY template ORDER BY template;
\\echo
\\echo 'Coverage of the whole province (expected = agencies known for the year):'
SELECT year, agencies_expected, reports, consistent, flagged, missing
  FROM disclosure.coverage WHERE region = '(all)' AND level = '(all)' ORDER BY year;
SQL

    heading "3. The check: govinfo.refresh_findings"
    "${PSQL[@]}" <<'SQL'
SELECT * FROM govinfo.refresh_findings('disclosure');
\echo
\echo 'Findings by source and outcome:'
SELECT source, outcome, count(*) AS findings, count(DISTINCT (agency_id, year)) AS reports
  FROM disclosure.findings GROUP BY 1, 2 ORDER BY 1, 2;
\echo
\echo 'The generator corrupted some reports on purpose: did the rules catch them?'
\echo '(a blank total cannot be judged under the default mode non_null: such a report'
\echo ' is consistent, and its rules are findings "not_assessable", never passed)'
SELECT e.kind, count(*) AS corrupted,
       count(*) FILTER (WHERE c.status = 'flagged') AS flagged,
       count(*) FILTER (WHERE cardinality(e.error_rules) > 0) AS expected_flagged,
       count(*) FILTER (WHERE EXISTS (SELECT FROM disclosure.findings f
                                       WHERE f.agency_id = c.agency_id AND f.year = c.year
                                         AND f.outcome IN ('broken', 'not_assessable'))) AS with_findings
  FROM synthetic_errors e
  JOIN disclosure.current_reports c ON c.agency = e.agency AND c.year = e.year
 GROUP BY ROLLUP (e.kind) ORDER BY e.kind NULLS LAST;
SQL

    heading "4. Review, and the letter to an agency"
    "${PSQL[@]}" <<'SQL'
CREATE TEMP TABLE picked AS
SELECT agency_id, year FROM disclosure.findings
 WHERE source = 'rule' AND outcome = 'broken' AND severity = 'error' AND year = 2024
 ORDER BY agency_id LIMIT 1;
\echo 'A reviewer confirms the broken rules of one report and dismisses a continuity'
\echo 'finding elsewhere (UPDATE findings SET status, note):'
UPDATE disclosure.findings f SET status = 'confirmed', note = '已电话核实'
  FROM picked p WHERE f.agency_id = p.agency_id AND f.year = p.year AND f.outcome = 'broken';
UPDATE disclosure.findings SET status = 'dismissed', note = '口径调整，已说明'
 WHERE finding_id = (SELECT min(finding_id) FROM disclosure.findings WHERE source = 'continuity');
SELECT status, count(*) FROM disclosure.findings GROUP BY 1 ORDER BY 1;
\echo
\echo 'The letter (\\copy (SELECT 单位, 年度, ... FROM findings_letter WHERE ...) TO x.csv CSV HEADER):'
COPY (SELECT l.单位, l.年度, l.表格与栏目, l.填报数, l.按勾稽关系应为, l.差额, l.说明
        FROM disclosure.findings_letter l JOIN picked p ON p.agency_id = l.agency_id AND p.year = l.年度
       WHERE l.差额 IS NOT NULL
       ORDER BY l.表格与栏目) TO STDOUT WITH (FORMAT csv, HEADER);
\echo
\echo 'The state of that agency''s reports (report_summary):'
SELECT agency, year, status, broken, not_assessable, continuity, open, confirmed, review_state
  FROM disclosure.report_summary WHERE agency_id IN (SELECT agency_id FROM picked) ORDER BY year;
SQL

    heading "5. Corrected documents: new versions, findings fixed"
    "${PSQL[@]}" <<'SQL'
\echo 'Every flagged report of 2024 comes back with its totals recomputed from its parts'
\echo '(the agency''s correction, simulated: the totals named by its broken rules blanked'
\echo ' and filled by govinfo.complete()):'
CREATE TEMP TABLE corrected AS
SELECT c.agency, c.year,
       govinfo.complete(govinfo.report(c.agency, c.year, c.template,
           (SELECT jsonb_object_agg(x.code, x.value) FROM govinfo.cells(c.report) x
             WHERE x.kind = 'cell' AND x.value IS NOT NULL
               AND x.code NOT IN (SELECT v.cells[1] FROM govinfo.violations(c.report) v
                                   WHERE v.severity = 'error')))) AS report,
       'corrected.pdf' AS source, '单位更正' AS reason
  FROM disclosure.current_reports c
 WHERE c.status = 'flagged' AND c.year = 2024;
SELECT * FROM govinfo.load_reports('disclosure', 'corrected');
SELECT * FROM govinfo.refresh_findings('disclosure');
\echo
\echo 'What changed (report_history), first rows:'
SELECT agency, year, version_id, prev_version_id, code, prev_value, value
  FROM disclosure.report_history ORDER BY agency, year, code LIMIT 8;
\echo
\echo 'Findings turned fixed, with the review they had:'
SELECT status, note, count(*) AS findings FROM disclosure.findings
 WHERE fixed_in IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2;
SQL

    heading "6. A rename: two names, one agency (govinfo.merge_agencies)"
    "${PSQL[@]}" <<'SQL'
\echo 'One county government''s 2024 report printed under a new name: a new,'
\echo 'unconfirmed agency, no continuity with its 2023 report ...'
CREATE TEMP TABLE renamed AS
SELECT '新' || c.agency AS agency, c.region, c.level, c.year,
       ROW('新' || c.agency, c.year, c.template, (c.report).cells)::govinfo.disclosure_report AS report,
       'renamed.pdf' AS source
  FROM disclosure.current_reports c
 WHERE c.level = 'county' AND c.year = 2024 AND c.agency LIKE '%人民政府' AND c.status = 'consistent'
 ORDER BY c.agency LIMIT 1;
UPDATE disclosure.report_versions v SET is_current = false
  FROM renamed r, disclosure.agency_aliases a
 WHERE a.alias = substr(r.agency, 2) AND v.agency_id = a.agency_id AND v.year = 2024;
SELECT * FROM govinfo.load_reports('disclosure', 'renamed');
SELECT c.agency, c.year, c.status FROM disclosure.current_reports c JOIN renamed r USING (agency);
\echo '... until the office merges the names:'
SELECT govinfo.merge_agencies('disclosure', substr(agency, 2), agency) AS agency_id FROM renamed;
SELECT a.alias FROM disclosure.agency_aliases a
  JOIN disclosure.agency_aliases b USING (agency_id) JOIN renamed r ON b.alias = r.agency ORDER BY a.alias;
SELECT * FROM govinfo.refresh_findings('disclosure');
SQL

    heading "7. Analysis of every published report"
    "${PSQL[@]}" <<'SQL'
\echo 'Refusal rate per city, 2024 (numerator / denominator over the reports giving both,'
\echo 'across templates; flagged reports included: scope as_published):'
SELECT region, numerator AS refused, denominator AS handled, round(100 * value, 1) AS "refused %",
       reports, scope
  FROM disclosure.series
 WHERE metric = 'refusal_rate' AND year = 2024 AND level = '(all)'
 ORDER BY region = '(all)', value DESC NULLS LAST, region;
\echo
\echo 'Requests received per level and year (tidy series):'
SELECT level,
       max(value) FILTER (WHERE year = 2018) AS "2018",
       max(value) FILTER (WHERE year = 2019) AS "2019",
       max(value) FILTER (WHERE year = 2021) AS "2021",
       max(value) FILTER (WHERE year = 2024) AS "2024"
  FROM disclosure.series
 WHERE metric = 'requests_received' AND region = '(all)'
 GROUP BY level ORDER BY level;
\echo
\echo 'The highest refusal rates of 2024 among county agencies with at least 30 requests'
\echo '(rankings: below workspace_settings.min_cases an agency is listed, not ranked):'
SELECT region, agency, numerator AS refused, denominator AS handled,
       round(100 * value, 1) AS "refused %", rank, ranked
  FROM disclosure.rankings
 WHERE metric = 'refusal_rate' AND year = 2024 AND level = 'county' AND rank = 1
 ORDER BY value DESC, region LIMIT 10;
\echo
\echo 'Requests received, the largest changes from the year before (across layouts):'
SELECT agency, year - 1 || '→' || year AS years, prev, value, delta
  FROM disclosure.yoy_metrics
 WHERE metric = 'requests_received'
 ORDER BY abs(delta) DESC NULLS LAST, agency, year LIMIT 8;
SQL

    heading "8. Real reports: the seed and the fixture folder (workspace imported)"
    local seed=test/seed/2017-shandong-hrss.txt fixtures=test/fixtures gi
    echo "The seed report's text loaded with its content: the parser's log and the prose"
    echo "that contradicts the table are findings too."
    "${PSQL[@]}" <<SQL
\\set content \`cat $seed\`
CREATE TEMP TABLE seed AS
SELECT (r).agency AS agency, '山东省' AS region, 'province' AS level, r AS report,
       :'content' AS content, '$seed' AS source
  FROM (SELECT govinfo.parse_report(:'content') AS r) p;
SELECT * FROM govinfo.load_reports('imported', 'seed');
SQL
    gi="$(pg_config --bindir)/govinfo-import"
    echo
    echo "\$ govinfo-import -t imported.reports $fixtures"
    # (the fixtures' .expected.tsv files are not reports: their lines are dropped)
    "$gi" -t imported.reports "$fixtures" 2>&1 | sed -e '/: skipped: not a /d' -e 's/^/  /'
    "${PSQL[@]}" <<'SQL'
SELECT * FROM govinfo.refresh_findings('imported');
\echo
\echo 'Their findings other than unjudged rules, in Chinese:'
SELECT 单位, 年度, 表格与栏目, 填报数, 按勾稽关系应为, 差额, left(说明, 60) AS 说明
  FROM imported.findings_letter f
  JOIN imported.findings g USING (finding_id)
 WHERE g.outcome <> 'not_assessable'
 ORDER BY 单位, 年度, 表格与栏目;
SQL

    heading "9. Which cell is wrong: locate() on the seed with its 信函 46 typed as 64, and on flagged reports"
    "${PSQL[@]}" <<SQL
\\set content \`cat $seed\`
SELECT rank, kind, cells, old_values, new_values, score
  FROM govinfo.locate(govinfo.with_cells(govinfo.parse_report(:'content'), '{"apply.received.letter": 64}'));
SELECT j.agency, j.year, l.kind, l.fixes
  FROM disclosure.current_reports j, govinfo.locate(j.report) l
 WHERE j.status = 'flagged' AND l.rank = 1
 ORDER BY j.agency, j.year LIMIT 10;
SQL

    heading "Done in $(( $(date +%s) - t0 )) s"
    "${PSQL[@]}" <<'SQL'
SELECT 'disclosure' AS workspace,
       (SELECT count(*) FROM disclosure.report_versions) AS versions,
       (SELECT count(*) FROM disclosure.reports) AS gate,
       (SELECT count(*) FROM disclosure.findings WHERE status <> 'fixed') AS findings
UNION ALL
SELECT 'imported', (SELECT count(*) FROM imported.report_versions), (SELECT count(*) FROM imported.reports),
       (SELECT count(*) FROM imported.findings WHERE status <> 'fixed');
SQL
}

if [ "${1:-}" = "--inner" ]; then
    inner
else
    outer
fi
