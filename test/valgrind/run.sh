#!/usr/bin/env bash
# test/valgrind/run.sh -- `make installcheck-valgrind`: the pg_regress suite
# against a PostgreSQL started under valgrind (memcheck), every backend and
# worker included (postgres forks them without exec, and valgrind follows).
#
# Uses the PostgreSQL of PG_CONFIG, with govinfo installed there (make install
# first); makes a throwaway cluster in a new folder under /tmp (the postgres
# user may not reach the checkout), removed when memcheck found nothing and
# kept for its logs otherwise; its socket in that folder and TCP on localhost at the first free port from 55490 (the security
# test connects over TCP), started as the postgres user when run as root.  JIT
# is off: LLVM is not govinfo's code, and loading it under memcheck costs time.  Debian builds PostgreSQL without USE_VALGRIND, so memcheck
# sees malloc'd memory and the stack, not palloc's chunk boundaries: it finds
# uses of uninitialised memory and reads and writes outside malloc'd blocks
# (the parser's own buffers) -- not overruns within a memory context.
# test/valgrind/postgres.supp holds the suppressions for PostgreSQL's own
# known reports (Debian ships none).  Leak checking is off: a backend leaves
# its memory to the OS by design.
#
# Prints the suite's results, the time taken and, per process that had any,
# valgrind's errors; ends with "N passed, N failed" (each pg_regress test, and
# one check that memcheck found no error).
set -u
cd "$(dirname "$0")/../.."
PG_CONFIG=${PG_CONFIG:-pg_config}
bindir=$("$PG_CONFIG" --bindir)
dir=$(mktemp -d /tmp/govinfo-valgrind.XXXXXX)
chmod 755 "$dir"
port=${VALGRIND_PGPORT:-55490}
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
start=$(date +%s)

if ! command -v valgrind >/dev/null 2>&1; then
    echo "valgrind is not installed (Debian: apt-get install valgrind)"
    echo "0 passed, 1 failed"
    exit 1
fi

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

mkdir -p "$dir/sock" "$dir/logs"
cp test/valgrind/postgres.supp "$dir/"
[ "$(id -u)" -ne 0 ] || chown -R postgres "$dir"
if ! as_owner "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
        --no-sync >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log"
    echo "0 passed, 1 failed"
    exit 1
fi

as_owner valgrind --tool=memcheck --quiet --leak-check=no --num-callers=30 \
    --suppressions="$dir/postgres.supp" --gen-suppressions=all \
    --error-markers=VALGRINDERROR-BEGIN,VALGRINDERROR-END \
    --log-file="$dir/logs/%p.log" \
    "$bindir/postgres" -D "$dir/data" -c port=$port -c listen_addresses=localhost -c jit=off \
    -c unix_socket_directories="$dir/sock" -c fsync=off -c autovacuum=off \
    -c shared_buffers=32MB -c max_parallel_workers_per_gather=2 \
    >"$dir/server.log" 2>&1 &
pm=$!

ready=0
for _ in $(seq 1 300); do
    if "$bindir/pg_isready" -q -h "$dir/sock" -p $port; then ready=1; break; fi
    kill -0 $pm 2>/dev/null || break
    sleep 1
done
if [ "$ready" -ne 1 ]; then
    echo "postgres under valgrind did not start"
    tail -n 20 "$dir/server.log"
    kill $pm 2>/dev/null
    echo "0 passed, 1 failed"
    exit 1
fi
echo "== postgres under valgrind ready after $(( $(date +%s) - start )) s"

make -s PG_CONFIG="$PG_CONFIG" installcheck PGHOST="$dir/sock" PGPORT=$port PGUSER=postgres \
    >"$dir/installcheck.log" 2>&1
cat "$dir/installcheck.log"

as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -t 600 -w stop >/dev/null 2>&1 || kill $pm 2>/dev/null
wait $pm 2>/dev/null

# pg_regress <= 15: "test name ... ok"; >= 16: "ok 1 - name" / "not ok 1 - name"
p=$(grep -cE '(\.\.\. ok)|(^ok [0-9]+ )' "$dir/installcheck.log")
f=$(grep -cE '(\.\.\. FAILED)|(\.\.\. failed)|(^not ok [0-9]+ )' "$dir/installcheck.log")
if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then f=1; fi

procs=$(ls "$dir/logs" | wc -l)
errors=$(cat "$dir/logs"/*.log 2>/dev/null | grep -c 'VALGRINDERROR-BEGIN')
echo "== valgrind (memcheck): $procs processes, $errors errors not suppressed, $(( $(date +%s) - start )) s in all"
if [ "$errors" -gt 0 ]; then
    for log in $(grep -l 'VALGRINDERROR-BEGIN' "$dir/logs"/*.log); do
        echo "---- $log"
        sed -n '/VALGRINDERROR-BEGIN/,/VALGRINDERROR-END/p' "$log" | head -n 80
    done
    f=$((f + 1))
    echo "the logs are in $dir/logs"
else
    p=$((p + 1))
    echo "ok - memcheck found no error in the server processes"
    rm -rf "$dir"
fi
echo "$p passed, $f failed"
[ "$f" -eq 0 ]
