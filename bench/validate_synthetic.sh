#!/bin/bash
# bench/validate_synthetic.sh -- the synthetic province against the extension's own checks.
#
# Generates the province of tools/gen_synthetic.py with its error list and
# checks, in SQL, that govinfo finds exactly the recorded errors: the
# inconsistent reports, the failing rule instances (mode non_null), the
# instances not assessable because of a blank 总计, the failures in mode
# always_zero, the continuity failures between consecutive years, and that
# CHECK (govinfo.check_totals(report)) accepts every other report.  Prints one
# line per comparison ("... differ 0" is agreement) and exits 1 on any difference.
# Uses a throwaway pg_virtualenv server unless PGHOST is set.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
bench_server "$@"

mkdir -p "$BENCH_OUT"
chmod 755 "$BENCH_OUT"
R=$BENCH_OUT/province_s$BENCH_SEED.copy
E=$BENCH_OUT/province_s${BENCH_SEED}_errors.tsv
"$PYTHON" "$BENCH_ROOT/tools/gen_synthetic.py" --seed "$BENCH_SEED" -o "$R" --errors "$E"
chmod 644 "$R" "$E"
OUT=$(q <<SQL
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS govinfo;
DROP TABLE IF EXISTS synthetic_reports, synthetic_errors, synthetic_checked;
CREATE TEMP TABLE synthetic_reports (agency text, region text, level text, year integer,
                                     report govinfo.disclosure_report);
\\copy synthetic_reports FROM '$R'
CREATE TEMP TABLE synthetic_errors (agency text, year integer, template text, kind text, cells text[],
    detail text, error_rules text[], warning_rules text[], unjudged_rules text[],
    zero_mode_rules text[], continuity_rules text[]);
\\copy synthetic_errors FROM '$E' WITH (FORMAT text, HEADER)
SELECT 'reports ' || pg_catalog.count(*) || ', recorded errors ' || (SELECT pg_catalog.count(*) FROM synthetic_errors)
FROM synthetic_reports;
-- failing instances, mode non_null (errors and warnings)
WITH v AS (SELECT agency, year, pg_catalog.array_agg(rule_id ORDER BY rule_id) AS ids
           FROM synthetic_reports, govinfo.violations(report) WHERE outcome = false GROUP BY 1, 2),
     x AS (SELECT agency, year, ARRAY(SELECT u FROM unnest(error_rules || warning_rules) u ORDER BY 1) AS ids
           FROM synthetic_errors WHERE error_rules || warning_rules <> '{}')
SELECT 'failing instances differ ' || pg_catalog.count(*) FROM x FULL JOIN v USING (agency, year)
WHERE x.ids IS DISTINCT FROM v.ids;
-- is_consistent is false exactly for the reports with error rules
SELECT 'is_consistent differs ' || pg_catalog.count(*)
FROM synthetic_reports r LEFT JOIN synthetic_errors e USING (agency, year)
WHERE govinfo.is_consistent(r.report) = (coalesce(e.error_rules, '{}') <> '{}');
-- not assessable (non_null) because of the change; continuity rules left out (no prev here)
WITH v AS (SELECT agency, year, pg_catalog.array_agg(rule_id ORDER BY rule_id) AS ids
           FROM synthetic_reports, govinfo.violations(report, 'non_null', 'all')
           WHERE outcome IS NULL AND rule_id !~ '-C[0-9]' GROUP BY 1, 2),
     x AS (SELECT agency, year, ARRAY(SELECT u FROM unnest(unjudged_rules) u ORDER BY 1) AS ids
           FROM synthetic_errors WHERE unjudged_rules <> '{}')
SELECT 'unassessable instances differ ' || pg_catalog.count(*) FROM x FULL JOIN v USING (agency, year)
WHERE x.ids IS DISTINCT FROM v.ids;
-- mode always_zero
WITH v AS (SELECT agency, year, pg_catalog.array_agg(rule_id ORDER BY rule_id) AS ids
           FROM synthetic_reports, govinfo.violations(report, 'always_zero') WHERE outcome = false GROUP BY 1, 2),
     x AS (SELECT agency, year, ARRAY(SELECT u FROM unnest(zero_mode_rules) u ORDER BY 1) AS ids
           FROM synthetic_errors WHERE zero_mode_rules <> '{}')
SELECT 'always_zero failures differ ' || pg_catalog.count(*) FROM x FULL JOIN v USING (agency, year)
WHERE x.ids IS DISTINCT FROM v.ids;
-- continuity between consecutive years
WITH v AS (SELECT cur.agency, cur.year || ':' || f.rule_id AS id
           FROM synthetic_reports cur
           JOIN synthetic_reports prev ON prev.agency = cur.agency AND prev.year = cur.year - 1,
                govinfo.continuity(prev.report, cur.report) f
           WHERE f.outcome = false),
     x AS (SELECT DISTINCT agency, unnest(continuity_rules) AS id FROM synthetic_errors)
SELECT 'continuity failures differ ' || pg_catalog.count(*) FROM x FULL JOIN v USING (agency, id)
WHERE x.agency IS NULL OR v.agency IS NULL;
-- the CHECK accepts every report without error rules
CREATE TEMP TABLE synthetic_checked (agency text, region text, level text, year integer,
    report govinfo.disclosure_report CHECK (govinfo.check_totals(report)));
INSERT INTO synthetic_checked
SELECT r.* FROM synthetic_reports r LEFT JOIN synthetic_errors e USING (agency, year)
WHERE coalesce(e.error_rules, '{}') = '{}';
SELECT 'CHECK accepted ' || pg_catalog.count(*) || ' of ' ||
       (SELECT pg_catalog.count(*) FROM synthetic_reports r LEFT JOIN synthetic_errors e USING (agency, year)
        WHERE coalesce(e.error_rules, '{}') = '{}')
FROM synthetic_checked;
SQL
)
echo "$OUT"
if echo "$OUT" | grep -q "differs\? [1-9]"; then exit 1; fi
