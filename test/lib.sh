# test/lib.sh -- sourced by the test scripts that run against a server
# (test/import/run.sh, test/roundtrip/run.sh): TAP-style checks that count
# towards the closing "N passed, N failed", and a database of the test's own.

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok $((passed + failed)) - $1"; }
fail() {
    failed=$((failed + 1))
    echo "not ok $((passed + failed)) - $1"
    if [ -n "${2:-}" ]; then printf '%s\n' "$2" | sed 's/^/#   /'; fi
}

# gi_test_db NAME: db is a new database NAME, or, without CREATEDB, the
# current one (own_db says which); gi_test_drop_db drops the one it made.
gi_test_db() {
    db=$1
    own_db=0
    if psql -X -q -d "${PGDATABASE:-postgres}" -c "CREATE DATABASE $db" >/dev/null 2>&1; then
        own_db=1
    else
        db=${PGDATABASE:-$(psql -X -At -c 'SELECT current_database()')}
    fi
}
gi_test_drop_db() {
    if [ "${own_db:-0}" = 1 ]; then
        psql -X -q -d "${PGDATABASE:-postgres}" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
    fi
}
