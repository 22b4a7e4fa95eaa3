#!/usr/bin/env bash
# test/plpgsql_check/run.sh -- plpgsql_check over every plpgsql function of
# the extension, against a running server with govinfo and plpgsql_check
# installed (scripts/server-tests.sh runs it; Debian: postgresql-15-plpgsql-check).
#
# In a scratch database it creates the extension and then a workspace, so that
# the objects create_workspace() makes with EXECUTE exist too; it checks every
# plpgsql function the extension owns (pg_depend) and every plpgsql function in
# the workspace's schema (trigger functions against their table).  A function
# passes when plpgsql_check reports no error; warnings (extra, performance,
# security) are printed.  One check a function; ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
. test/lib.sh

gi_test_db gi_plpgsql_check
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@"; }

if [ "$own_db" != 1 ]; then
    fail "a scratch database (CREATEDB) for plpgsql_check" "the role cannot create databases"
    echo "$passed passed, $failed failed"
    exit 1
fi
setup=$(q -c 'CREATE EXTENSION plpgsql_check' -c 'CREATE EXTENSION govinfo' \
          -c "SELECT govinfo.create_workspace('plcheck_ws')" 2>&1 >/dev/null)
if [ -n "$setup" ]; then
    fail "CREATE EXTENSION plpgsql_check, govinfo and a workspace" "$setup"
    gi_test_drop_db
    echo "$passed passed, $failed failed"
    exit 1
fi

# function oid, its signature, and for a trigger function one table using it
# (a trigger with the most transition tables, so that every statement of a
# function shared by several triggers can be checked)
functions=$(q -F '|' -c "
    WITH fn AS (
        SELECT p.oid
          FROM pg_catalog.pg_depend d
          JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid
          JOIN pg_catalog.pg_proc p ON p.oid = d.objid
         WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
           AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
           AND d.deptype = 'e' AND e.extname = 'govinfo'
        UNION
        SELECT p.oid
          FROM pg_catalog.pg_proc p
         WHERE p.pronamespace = 'plcheck_ws'::pg_catalog.regnamespace)
    SELECT p.oid, p.oid::pg_catalog.regprocedure,
           COALESCE((SELECT t.tgrelid FROM pg_catalog.pg_trigger t
                      WHERE t.tgfoid = p.oid
                      ORDER BY (t.tgoldtable IS NULL)::int + (t.tgnewtable IS NULL)::int, t.oid LIMIT 1), 0),
           COALESCE((SELECT pg_catalog.quote_literal(t.tgoldtable) FROM pg_catalog.pg_trigger t
                      WHERE t.tgfoid = p.oid
                      ORDER BY (t.tgoldtable IS NULL)::int + (t.tgnewtable IS NULL)::int, t.oid LIMIT 1), 'NULL'),
           COALESCE((SELECT pg_catalog.quote_literal(t.tgnewtable) FROM pg_catalog.pg_trigger t
                      WHERE t.tgfoid = p.oid
                      ORDER BY (t.tgoldtable IS NULL)::int + (t.tgnewtable IS NULL)::int, t.oid LIMIT 1), 'NULL')
      FROM fn JOIN pg_catalog.pg_proc p ON p.oid = fn.oid
      JOIN pg_catalog.pg_language l ON l.oid = p.prolang
     WHERE l.lanname = 'plpgsql'
     ORDER BY 2")

if [ -z "$functions" ]; then
    fail "the extension has plpgsql functions to check" "none found"
fi
while IFS='|' read -r oid sig relid oldtable newtable; do
    [ -n "$oid" ] || continue
    out=$(q -F ' | ' -c "
        SELECT level, COALESCE(lineno::text, '-'), message,
               COALESCE('DETAIL: ' || detail, ''), COALESCE('HINT: ' || hint, '')
          FROM plpgsql_check_function_tb($oid, $relid,
                   oldtable => $oldtable, newtable => $newtable,
                   extra_warnings => true, performance_warnings => true,
                   security_warnings => true)" 2>&1)
    rc=$?
    errors=$(printf '%s\n' "$out" | grep -c '^error' || true)
    warnings=$(printf '%s\n' "$out" | grep -cE '^(warning|performance|security)' || true)
    if [ "$rc" -ne 0 ]; then
        fail "plpgsql_check $sig" "$out"
    elif [ "$errors" -gt 0 ]; then
        fail "plpgsql_check $sig: $errors error(s)" "$out"
    else
        pass "plpgsql_check $sig: no error, $warnings warning(s)"
        [ "$warnings" -eq 0 ] || printf '%s\n' "$out" | sed 's/^/#   /'
    fi
done <<<"$functions"

gi_test_drop_db
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
