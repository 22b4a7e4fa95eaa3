#!/usr/bin/env bash
# Runs inside pg_virtualenv (PGHOST etc. set): pg_regress, then the importer's
# tests and the parser's round trip (test/roundtrip/run.sh).  Prints one
# "N passed, N failed" line for all of them.
set -u
cd "$(dirname "$0")/.."
passed=0
failed=0
out=$(mktemp)
make -s PG_CONFIG="$PG_CONFIG" installcheck >"$out" 2>&1
cat "$out"
# pg_regress <= 15: "test name ... ok"; >= 16: "ok 1 - name" / "not ok 1 - name"
p=$(grep -cE '(\.\.\. ok)|(^ok [0-9]+ )' "$out")
f=$(grep -cE '(\.\.\. FAILED)|(\.\.\. failed)|(^not ok [0-9]+ )' "$out")
if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then f=1; fi
passed=$((passed + p)); failed=$((failed + f))
if [ -f regression.diffs ] && [ "$f" -gt 0 ]; then
    echo "---- regression.diffs (first 200 lines)"
    head -n 200 regression.diffs
fi
# the importer's tests, the upgrade test, the parser's round trip on the
# synthetic province, and plpgsql_check over the extension's plpgsql functions
for t in test/import/run.sh test/upgrade/run.sh test/roundtrip/run.sh test/plpgsql_check/run.sh; do
    [ -f "$t" ] || continue
    bash "$t" >"$out" 2>&1
    cat "$out"
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
    if [ -n "$line" ]; then
        passed=$((passed + $(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')))
        failed=$((failed + $(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')))
    else
        failed=$((failed + 1))
    fi
done
rm -f "$out"
echo "$passed passed, $failed failed"
