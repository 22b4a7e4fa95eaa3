#!/usr/bin/env bash
# The upgrade from govinfo 1.0 to the version of this tree.
#
# 1.0 is installed from its released script (sql/govinfo--1.0.sql, kept
# unchanged) while the library installed is this tree's; a 1.0 workspace is
# made and filled.  Then, in order:
#   - every 1.0 function is called through its 1.0 declaration: the new
#     library must serve the old objects until the update runs;
#   - ALTER EXTENSION govinfo UPDATE;
#   - the extension's catalog (every function, type, operator and aggregate
#     with its markings, body and comment) must equal a fresh install's;
#   - the 1.0 workspace's views still answer, govinfo.upgrade_check() runs
#     over the stored reports when it exists;
#   - the whole pg_regress suite passes on the upgraded database;
#   - pg_dump of the upgraded database restores into a new one.
#
# Runs against the PostgreSQL that the libpq environment names, with this
# tree installed (make install).  Ends with "N passed, N failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
. "$root/test/lib.sh"
PG_CONFIG=${PG_CONFIG:-pg_config}
bindir=$("$PG_CONFIG" --bindir)

work=$(mktemp -d)
chmod 755 "$work"
up=govinfo_upgraded_$$
fresh=govinfo_fresh_$$
restored=govinfo_restored_$$
cleanup() {
    for d in "$up" "$fresh" "$restored"; do
        psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $d" >/dev/null 2>&1
    done
    psql -X -q -d postgres -c "DROP ROLE IF EXISTS govinfo_upgrade_owner_$$" >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT
q() { psql -X -At -v ON_ERROR_STOP=1 -d "$1" -c "$2" 2>&1; }
# check NAME COMMAND...: passes when the command exits 0, else shows its output
check() {
    local name=$1; shift
    if "$@" >"$work/out" 2>&1; then pass "$name"; else fail "$name" "$(tail -n 30 "$work/out")"; fi
}

if ! psql -X -q -d postgres -c "CREATE DATABASE $up" >/dev/null 2>&1 ||
   ! psql -X -q -d postgres -c "CREATE DATABASE $fresh" >/dev/null 2>&1; then
    fail "create the test databases (needs CREATEDB)"
    echo "$passed passed, $failed failed"
    exit 1
fi

# 1.0 as released, with a workspace of reports: the synthetic province's first
# 120 agencies over 2016-2024 (all three templates), loaded through 1.0's
# report() from the cells as a 1.1 install prints them (1.0 stores 万元
# amounts in 元, 1.1 in 分), and a fingerprint of every report as printed.
check "install 1.0 from its released script" \
    q "$up" "CREATE EXTENSION govinfo VERSION '1.0'; SELECT govinfo.create_workspace('ws10')"
python3 tools/gen_synthetic.py --agencies 120 --years 2016-2024 --format copy -o "$work/reports.copy"
printed_11() {
    psql -X -q -v ON_ERROR_STOP=1 -d "$fresh" <<SQL
CREATE EXTENSION govinfo;
CREATE TABLE staging (agency text, region text, level text, year integer, report govinfo.disclosure_report);
\\copy staging FROM '$work/reports.copy'
\\copy (SELECT agency, region, level, year, govinfo.to_jsonb(report) FROM staging) TO '$work/reports.json'
SQL
}
check "the reports as a 1.1 install prints them" printed_11
load_10() {
    psql -X -q -v ON_ERROR_STOP=1 -d "$up" <<SQL
CREATE TEMP TABLE staging (agency text, region text, level text, year integer, j jsonb);
\\copy staging FROM '$work/reports.json'
CREATE TEMP TABLE r10 AS
SELECT agency, region, level, year, govinfo.report(agency, year, j->>'template', j->'cells') AS report FROM staging;
INSERT INTO ws10.reports (agency, region, level, year, report)
SELECT agency, region, level, year, report FROM r10 WHERE govinfo.is_consistent(report);
INSERT INTO ws10.rejects (agency, region, level, year, report, reason)
SELECT agency, region, level, year, report, 'rule failures' FROM r10 WHERE NOT govinfo.is_consistent(report);
-- a table of a role without superuser, with a trigger that notes who runs it
CREATE ROLE govinfo_upgrade_owner_$$;
CREATE SCHEMA owned AUTHORIZATION govinfo_upgrade_owner_$$;
GRANT USAGE ON SCHEMA govinfo TO govinfo_upgrade_owner_$$;   -- 1.0 granted nothing
SET ROLE govinfo_upgrade_owner_$$;
CREATE TABLE owned.budgets (id serial, report govinfo.disclosure_report);
CREATE TABLE owned.ran_as (who name);
CREATE FUNCTION owned.note() RETURNS trigger LANGUAGE plpgsql AS \$\$
BEGIN INSERT INTO owned.ran_as VALUES (current_user); RETURN NEW; END \$\$;
CREATE TRIGGER note BEFORE UPDATE ON owned.budgets FOR EACH ROW EXECUTE FUNCTION owned.note();
INSERT INTO owned.budgets (report) VALUES
  (govinfo.report('自有机关', 2017, 'gov2014', '{"org.budget": 25.1}')),
  (govinfo.report('自有机关', 2018, 'gov2014', '{"org.budget": 0}'));
RESET ROLE;
SQL
}
check "load a 1.0 workspace" load_10
fingerprint() {
    q "$1" "SELECT md5(string_agg(govinfo.to_jsonb(report)::text, ',' ORDER BY (report).agency, (report).year, (report).template))
              FROM (SELECT report FROM $2.reports UNION ALL SELECT report FROM $2.rejects) s"
}
fp_11=$(q "$fresh" "SELECT md5(string_agg(govinfo.to_jsonb(report)::text, ',' ORDER BY (report).agency, (report).year, (report).template)) FROM staging")
fp_10=$(fingerprint "$up" ws10)
expect() { if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "expected: $2"$'\n'"got:      $3"; fi; }
expect "the 1.1 library reads the 1.0 reports as stored (万元 amounts in 元)" "$fp_11" "$fp_10"
expect "a 1.0 amount read before the update" "25.1" "$(q "$up" "SELECT govinfo.value(report, 'org.budget') FROM owned.budgets WHERE id = 1")"
expect "a 1.0 amount as stored before the update (元)" "251000" \
    "$(q "$up" "SELECT (report).cells[c.position] FROM owned.budgets, govinfo.template_cells('gov2014') c WHERE id = 1 AND c.code = 'org.budget'")"
expect_rows() { [ "$(q "$up" "$1")" -gt 0 ]; }
check "1.0 workspace holds reports" expect_rows "SELECT count(*) FROM ws10.reports"

# The new library serves the 1.0 objects.
check "every 1.0 function works with the new library before the update" \
    psql -X -q -v ON_ERROR_STOP=1 -d "$up" -f "$here/smoke_1_0.sql"
grep -q ' f$\| f |' "$work/out" && fail "1.0 values unchanged before the update" "$(cat "$work/out")" \
    || pass "1.0 values unchanged before the update"

check "ALTER EXTENSION govinfo UPDATE" q "$up" "ALTER EXTENSION govinfo UPDATE"
expect "the reports read the same after the update" "$fp_11" "$(fingerprint "$up" ws10)"
expect "a 1.0 amount read after the update" "25.1" "$(q "$up" "SELECT govinfo.value(report, 'org.budget') FROM owned.budgets WHERE id = 1")"
expect "the amount as stored after the update (分)" "25100000" \
    "$(q "$up" "SELECT (report).cells[c.position] FROM owned.budgets, govinfo.template_cells('gov2014') c WHERE id = 1 AND c.code = 'org.budget'")"
expect "the owner's trigger ran as the owner, once, for the one report with an amount" "govinfo_upgrade_owner_$$" \
    "$(q "$up" "SELECT string_agg(who, ',') FROM owned.ran_as")"
v_up=$(q "$up" "SELECT extversion FROM pg_extension WHERE extname = 'govinfo'")
v_new=$(sed -n "s/^default_version *= *'\([^']*\)'.*/\1/p" govinfo.control)
if [ "$v_up" = "$v_new" ]; then pass "updated to $v_new"; else fail "updated to $v_new" "extversion is $v_up"; fi

# The upgraded catalog is a fresh install's.
if psql -X -At -v ON_ERROR_STOP=1 -d "$up" -f "$here/catalog.sql" >"$work/catalog.up" 2>&1 &&
   psql -X -At -v ON_ERROR_STOP=1 -d "$fresh" -f "$here/catalog.sql" >"$work/catalog.fresh" 2>&1 &&
   diff -u "$work/catalog.fresh" "$work/catalog.up" >"$work/catalog.diff"; then
    pass "the upgraded catalog equals a fresh install's ($(wc -l <"$work/catalog.fresh") objects)"
else
    fail "the upgraded catalog equals a fresh install's" "$(head -n 60 "$work/catalog.diff")"
fi

# The 1.0 workspace after the update.
views_ok() {
    for v in cells_long agency_metrics regional_totals regional_metrics yoy_cells yoy_metrics rankings validation; do
        q "$up" "SELECT count(*) FROM ws10.$v" >/dev/null || { echo "view $v failed"; q "$up" "SELECT count(*) FROM ws10.$v"; return 1; }
    done
}
check "the 1.0 workspace's views answer after the update" views_ok
if [ -n "$(q "$fresh" "SELECT to_regprocedure('govinfo.upgrade_check()')")" ]; then
    check "govinfo.upgrade_check() over the stored reports" q "$up" "SELECT count(*) FROM govinfo.upgrade_check()"
fi

# The regression suite on the upgraded database.
make -s PG_CONFIG="$PG_CONFIG" installcheck CONTRIB_TESTDB="$up" EXTRA_REGRESS_OPTS=--use-existing >"$work/regress" 2>&1
p=$(grep -cE '(\.\.\. ok)|(^ok [0-9]+ )' "$work/regress")
f=$(grep -cE '(\.\.\. FAILED)|(\.\.\. failed)|(^not ok [0-9]+ )' "$work/regress")
if [ "$p" -gt 0 ] && [ "$f" -eq 0 ]; then
    pass "pg_regress on the upgraded database: $p tests"
else
    fail "pg_regress on the upgraded database: $f of $((p + f)) failed" "$(grep -E 'FAILED|failed' "$work/regress"; head -n 40 regression.diffs 2>/dev/null)"
fi

# Dump and restore of the upgraded database.
dump_restore() {
    psql -X -q -d postgres -c "CREATE DATABASE $restored" &&
    "$bindir/pg_dump" -d "$up" -f "$work/dump.sql" &&
    psql -X -q -v ON_ERROR_STOP=1 -d "$restored" -f "$work/dump.sql" >/dev/null &&
    [ "$(q "$up" "SELECT count(*) FROM ws10.reports")" = "$(q "$restored" "SELECT count(*) FROM ws10.reports")" ]
}
check "pg_dump of the upgraded database restores, every report kept" dump_restore

echo "$passed passed, $failed failed"
