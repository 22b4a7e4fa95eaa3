#!/usr/bin/env bash
# govinfo's test command: installs what is missing, builds with -Werror, checks
# the release files and the source layout, runs the pure-C unit tests (also under ASan and UBSan, and
# short libFuzzer runs of the parser, GI_FUZZ_SECONDS, default 20, and of
# locate(), GI_FUZZ_LOCATE_SECONDS, default 10), then every pg_regress test,
# the importer's tests, the upgrade test, the parser's round trip and
# plpgsql_check on a throwaway PostgreSQL (pg_virtualenv), the regression
# suite again against a server under valgrind, and last the Debian package,
# built, installed and used.  Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
export PGVER=${PGVER:-15}
. scripts/deps.sh
gi_install_deps sanitizers checks formats
# Every compiler warning is an error here (mk/warnings.mk).
if ! gi_build_install WERROR=1; then
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
echo "== release files (META.json, debian/, LICENSE)"
bash test/release/run.sh >"$log/release" 2>&1
tail -n 5 "$log/release"
count "$log/release"

echo "== source layout (make layoutcheck: pure C free of server headers)"
make -s PG_CONFIG="$PG_CONFIG" layoutcheck >"$log/layout" 2>&1
tail -n 3 "$log/layout"
count "$log/layout"

if grep -q '^unitcheck:' mk/*.mk 2>/dev/null; then
    echo "== unit tests (pure C, no server)"
    make -s PG_CONFIG="$PG_CONFIG" unitcheck >"$log/unit" 2>&1
    tail -n 3 "$log/unit"
    count "$log/unit"
fi

# The parser under AddressSanitizer and UndefinedBehaviorSanitizer: the unit
# tests, then a bounded libFuzzer run seeded from the fixtures (clang).
if grep -q '^unitcheck-asan:' mk/*.mk 2>/dev/null; then
    echo "== unit tests under ASan and UBSan (clang)"
    if make -s PG_CONFIG="$PG_CONFIG" unitcheck-asan >"$log/asan" 2>&1; then :; fi
    tail -n 3 "$log/asan"
    count "$log/asan"
    fuzz_seconds=${GI_FUZZ_SECONDS:-20}
    echo "== fuzzing the parser for $fuzz_seconds s (libFuzzer, ASan, UBSan)"
    if make -s PG_CONFIG="$PG_CONFIG" fuzz FUZZ_SECONDS="$fuzz_seconds" >"$log/fuzz" 2>&1; then
        grep -E '^Done [0-9]+ runs' "$log/fuzz" | tail -n 1
        echo "1 passed, 0 failed (no finding)"
        passed=$((passed + 1))
    else
        grep -E 'ERROR|SUMMARY|error:|Test unit written' "$log/fuzz" | head -n 20
        echo "fuzzing found a problem or did not run (build/fuzz has the artifacts)"
        failed=$((failed + 1))
    fi
fi
if grep -q '^fuzz-locate:' mk/*.mk 2>/dev/null; then
    fuzz_seconds=${GI_FUZZ_LOCATE_SECONDS:-10}
    echo "== fuzzing locate() for $fuzz_seconds s (libFuzzer, ASan, UBSan)"
    if make -s PG_CONFIG="$PG_CONFIG" fuzz-locate FUZZ_SECONDS="$fuzz_seconds" >"$log/fuzzl" 2>&1; then
        grep -E '^Done [0-9]+ runs' "$log/fuzzl" | tail -n 1
        echo "1 passed, 0 failed (no finding)"
        passed=$((passed + 1))
    else
        grep -E 'ERROR|SUMMARY|error:|Test unit written' "$log/fuzzl" | head -n 20
        echo "fuzzing locate() found a problem or did not run (build/fuzz has the artifacts)"
        failed=$((failed + 1))
    fi
fi

echo "== regression and import tests (pg_virtualenv, PostgreSQL $PGVER)"
pg_virtualenv -t -v "$PGVER" bash scripts/server-tests.sh >"$log/server" 2>&1
cat "$log/server" | grep -vE '^(Creating|Dropping) ' | tail -n 80
count "$log/server"

# The same regression suite against a server under valgrind's memcheck
# (about 4 to 8 minutes on 2 cores; GI_VALGRIND=0 skips it).
if [ "${GI_VALGRIND:-1}" = 1 ]; then
    echo "== regression tests against PostgreSQL under valgrind (memcheck)"
    make -s PG_CONFIG="$PG_CONFIG" installcheck-valgrind >"$log/valgrind" 2>&1
    grep -E '^== |^ok - |FAILED|failed|^---- |VALGRINDERROR|^==[0-9]+== [A-Z]' "$log/valgrind" | head -n 60
    count "$log/valgrind"
fi

# The Debian package: built, installed, used (GI_DEB=0 skips it).
if [ "${GI_DEB:-1}" = 1 ]; then
    echo "== the Debian package (scripts/test-deb.sh)"
    bash scripts/test-deb.sh >"$log/deb" 2>&1
    grep -vE '^#   ' "$log/deb" | tail -n 12
    grep -E '^#   ' "$log/deb" | head -n 40
    count "$log/deb"
fi
rm -rf "$log"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
