#!/usr/bin/env bash
# scripts/test-deb.sh -- the Debian package, end to end: builds
# postgresql-NN-govinfo from debian/ (pg_buildext) in a copy of the tree,
# installs it with apt, and on a throwaway cluster (pg_virtualenv) runs
# CREATE EXTENSION, a smoke query and the packaged govinfo-import from PATH.
# Installs what the build needs when it is missing (Debian 12, as root or
# with sudo).  Ends with "N passed, N failed".
#
# It installs the package into the system's PostgreSQL and purges it at the
# end; govinfo files that a `make install` had put there before are saved
# first and put back.
#
# DEB_BUILD_OPTIONS=nocheck: the package's own build-time test
# (dh_pgxs_test, the pg_regress suite) is skipped here because scripts/test.sh
# has just run the same suite on the same build; GI_DEB_CHECK=1 runs it too.
set -u
cd "$(dirname "$0")/.."
. scripts/deps.sh
. test/lib.sh
pgver=${PGVER:-15}
pkg=postgresql-$pgver-govinfo
version=$(sed -n "s/^default_version *= *'\([^']*\)'.*/\1/p" govinfo.control)

need=""
for p in debhelper dpkg-dev postgresql-server-dev-all libpq-dev python3 "postgresql-$pgver"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'ok installed' || need="$need $p"
done
if [ "${GI_DEB_CHECK:-0}" = 1 ]; then
    dpkg-query -W -f='${Status}\n' postgresql-all 2>/dev/null | grep -q 'ok installed' || need="$need postgresql-all"
fi
if [ -n "$need" ]; then
    echo "== installing:$need"
    gi_need_sudo apt-get update -qq
    gi_need_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
fi

work=$(mktemp -d)
chmod 755 "$work"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT

# The tree as git sees it (tracked and new files, nothing ignored): no build
# output, and the .deb lands in $work, not beside the checkout.
mkdir "$work/govinfo"
git ls-files -co --exclude-standard -z | tar --null -T - -cf - | tar -C "$work/govinfo" -xf -

echo "== dpkg-buildpackage -us -uc -b ($pkg)"
start=$(date +%s)
if [ "${GI_DEB_CHECK:-0}" = 1 ]; then opts=""; else opts=nocheck; fi
if (cd "$work/govinfo" && DEB_BUILD_OPTIONS=$opts DEB_BUILD_PROFILES=$opts \
        dpkg-buildpackage -us -uc -b -j2) >"$work/build.log" 2>&1; then
    pass "dpkg-buildpackage built the package in $(( $(date +%s) - start )) s"
else
    fail "dpkg-buildpackage" "$(tail -n 40 "$work/build.log")"
fi

deb=$(ls "$work/${pkg}_"*.deb 2>/dev/null | head -n 1)
if [ -z "$deb" ]; then
    fail "$pkg .deb produced" "$(ls "$work")"
    echo "$passed passed, $failed failed"
    exit 1
fi
contents=$(dpkg-deb -c "$deb")
missing=""
for f in "./usr/lib/postgresql/$pgver/lib/govinfo.so" \
         "./usr/share/postgresql/$pgver/extension/govinfo.control" \
         "./usr/share/postgresql/$pgver/extension/govinfo--$version.sql" \
         "./usr/lib/postgresql/$pgver/bin/govinfo-import" \
         "./usr/bin/govinfo-import -> " \
         "./usr/share/doc/$pkg/copyright"; do
    printf '%s\n' "$contents" | grep -qF -- "$f" || missing="$missing $f"
done
if [ -z "$missing" ]; then
    pass "$(basename "$deb") holds the library, control file, install script, govinfo-import (and /usr/bin link), copyright"
else
    fail "package contents: missing$missing" "$contents"
fi

# Install it (apt resolves its dependencies), after saving what a
# `make install` had put there.
saved=""
if ! dpkg-query -W -f='${Status}\n' "$pkg" 2>/dev/null | grep -q 'ok installed'; then
    for f in /usr/lib/postgresql/$pgver/lib/govinfo.so /usr/lib/postgresql/$pgver/bin/govinfo-import \
             /usr/share/postgresql/$pgver/extension/govinfo*.control \
             /usr/share/postgresql/$pgver/extension/govinfo--*.sql; do
        [ -f "$f" ] && saved="$saved $f"
    done
    # shellcheck disable=SC2086
    [ -z "$saved" ] || tar -cPf "$work/saved.tar" $saved || saved=""
fi
if gi_need_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --reinstall "$deb" >"$work/install.log" 2>&1; then
    pass "apt-get install ./$(basename "$deb")"
else
    fail "apt-get install ./$(basename "$deb")" "$(tail -n 20 "$work/install.log")"
fi

# On a throwaway cluster: the packaged extension and importer.
cat >"$work/smoke.sh" <<EOF
psql -X -q -c 'CREATE DATABASE smoke'
psql -X -At -v ON_ERROR_STOP=1 -d smoke \\
  -c 'CREATE EXTENSION govinfo' \\
  -c "SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'govinfo'" \\
  -c "SELECT govinfo.value(govinfo.report('临河市财政局'::text, 2017, 'gov2014'::text, '{\\"apply.received\\": 3, \\"org.budget\\": \\"25.1\\"}'::jsonb), 'org.budget')" \\
  -c "SELECT pg_catalog.count(*) FROM govinfo.templates()" >"$work/smoke.out" 2>&1
command -v govinfo-import >"$work/which.out" 2>&1
govinfo-import --version >"$work/version.out" 2>&1
govinfo-import -q -d smoke --init "$PWD/test/seed/2017-shandong-hrss.txt" >"$work/import.out" 2>&1
psql -X -At -d smoke -c 'SELECT agency, year FROM disclosure.reports' >"$work/reports.out" 2>&1
EOF
chmod 644 "$work/smoke.sh"
# (pg_virtualenv picks its own port and socket: none of a caller's PG* settings)
if env -u PGPORT -u PGHOST -u PGUSER -u PGDATABASE -u PGPASSWORD \
        pg_virtualenv -v "$pgver" bash "$work/smoke.sh" >"$work/venv.log" 2>&1; then :; fi
expect="CREATE EXTENSION
$version
25.1
3"
if [ "$(cat "$work/smoke.out" 2>/dev/null)" = "$expect" ]; then
    pass "CREATE EXTENSION govinfo $version from the package; govinfo.report()/value() and templates() answer"
else
    fail "CREATE EXTENSION and smoke query on a pg_virtualenv cluster" \
        "$(cat "$work/smoke.out" "$work/venv.log" 2>/dev/null | tail -n 30)"
fi
if [ "$(cat "$work/which.out" 2>/dev/null)" = /usr/bin/govinfo-import ] \
   && [ "$(cat "$work/version.out" 2>/dev/null)" = "govinfo-import (govinfo) $version" ]; then
    pass "govinfo-import on PATH (/usr/bin/govinfo-import): $(cat "$work/version.out")"
else
    fail "govinfo-import --version from PATH" "$(cat "$work/which.out" "$work/version.out" 2>/dev/null)"
fi
if [ "$(cat "$work/reports.out" 2>/dev/null)" = "山东省人力资源和社会保障厅|2017" ]; then
    pass "the packaged govinfo-import --init loads the seed report into the packaged extension"
else
    fail "govinfo-import --init of the seed report" "$(cat "$work/import.out" "$work/reports.out" 2>/dev/null)"
fi

# Leave the system as it was: the package purged, the saved files back.
gi_need_sudo dpkg --purge "$pkg" >/dev/null 2>&1
if [ -n "$saved" ]; then
    gi_need_sudo tar -xPf "$work/saved.tar" || echo "note: putting back$saved failed"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
