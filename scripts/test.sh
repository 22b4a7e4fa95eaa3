#!/usr/bin/env bash
# govinfo's test command: installs what is missing, builds, runs the pure-C
# unit tests, then every pg_regress test and the importer's tests on a
# throwaway PostgreSQL (pg_virtualenv).  Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
export PGVER=${PGVER:-15}
. scripts/deps.sh
gi_install_deps
if ! gi_build_install; then
    echo "build failed"
    echo "0 passed, 1 failed"
    exit 1
fi

passed=0
failed=0
count() {  # add the "N passed, N failed" line of a log to the totals
    local line
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
    if [ -z "$line" ]; then
        failed=$((failed + 1))
        return
    fi
    passed=$((passed + $(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')))
    failed=$((failed + $(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')))
}

log=$(mktemp -d)
if grep -q '^unitcheck:' mk/*.mk 2>/dev/null; then
    echo "== unit tests (pure C, no server)"
    make -s PG_CONFIG="$PG_CONFIG" unitcheck >"$log/unit" 2>&1
    tail -n 3 "$log/unit"
    count "$log/unit"
fi

echo "== regression and import tests (pg_virtualenv, PostgreSQL $PGVER)"
pg_virtualenv -t -v "$PGVER" bash scripts/server-tests.sh >"$log/server" 2>&1
cat "$log/server" | grep -vE '^(Creating|Dropping) ' | tail -n 80
count "$log/server"
rm -rf "$log"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
