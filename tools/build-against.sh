#!/usr/bin/env bash
# tools/build-against.sh DIR -- compile every C file of the extension (src/,
# and its subfolders) against another PostgreSQL's server headers, with that
# PostgreSQL's own CFLAGS and -Werror, without linking.  Catches what a new
# or old major version breaks (a removed macro, a changed signature) on a
# machine that has only one PostgreSQL installed.
#
# DIR is either
#   - a PostgreSQL source tree, configured and with its generated headers:
#         ./configure --without-icu --without-readline --without-zlib
#         make -C src/backend generated-headers
#   - or the root of an extracted postgresql-server-dev-NN package
#     (dpkg-deb -x postgresql-server-dev-NN_*.deb DIR), or / for an
#     installed one; with several versions under DIR, PGVER=NN chooses.
#
# Prints the PostgreSQL version and one line per file; exits non-zero when a
# file does not compile.  EXTRA_CFLAGS adds flags (for instance -O0).
set -u
cd "$(dirname "$0")/.."

if [ $# -ne 1 ] || [ ! -d "$1" ]; then
    echo "usage: $0 PGSRC|PACKAGE_ROOT" >&2
    exit 2
fi
dir=$(cd "$1" && pwd)

if [ -f "$dir/src/include/pg_config.h" ] && [ -f "$dir/src/Makefile.global" ]; then
    inc="$dir/src/include"
    global="$dir/src/Makefile.global"
else
    ver=${PGVER:-}
    if [ -z "$ver" ]; then
        ver=$(ls "$dir/usr/include/postgresql" 2>/dev/null | grep -E '^[0-9]+$' | sort -n | tail -n 1)
    fi
    inc="$dir/usr/include/postgresql/$ver/server"
    # Debian ships Makefile.global (the flags) in postgresql-client-NN, not in
    # -server-dev-NN: without it, the flags of the installed pg_config are used.
    global="$dir/usr/lib/postgresql/$ver/lib/pgxs/src/Makefile.global"
    [ -f "$global" ] || global=$(pg_config --pgxs 2>/dev/null | sed 's|/src/makefiles/pgxs.mk$|/src/Makefile.global|')
    if [ -z "$ver" ] || [ ! -f "$inc/pg_config.h" ] || [ ! -f "$global" ]; then
        echo "$1: neither a configured PostgreSQL source tree (src/include/pg_config.h," >&2
        echo "src/Makefile.global) nor a server-dev package root (usr/include/postgresql/NN/server)" >&2
        exit 2
    fi
fi

# The flags PostgreSQL was configured with (warnings, -fwrapv, -O2 …) and those
# of PGXS for a loadable module, as `make` of an extension would use them.
mkvar() { sed -n "s/^$1 = //p" "$global" | head -n 1; }
pg_cflags="$(mkvar CFLAGS) $(mkvar CFLAGS_SL) $(mkvar CFLAGS_VECTORIZE)"
pg_cppflags=$(mkvar CPPFLAGS)
cc=$(mkvar CC)
cc=${cc:-cc}
version=$(sed -n 's/^#define PG_VERSION "\(.*\)"/PostgreSQL \1/p' "$inc/pg_config.h")

# The extension's own flags (the Makefile's PG_CFLAGS), made fatal.
gi_cflags="-Wall -Wmissing-prototypes -Werror"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# The C and headers the build generates from spec/ (the Makefile's EXTRA_CLEAN
# under src/), made by make itself; any pg_config lets the Makefile parse.
gen=$(printf 'gi-generated: $(filter src/%%.c src/%%.h,$(EXTRA_CLEAN))\n' |
      make -s -f Makefile -f - PG_CONFIG="${PG_CONFIG:-pg_config}" gi-generated 2>&1)
if [ $? -ne 0 ]; then
    echo "generating the build's sources failed:"
    echo "$gen"
    exit 1
fi

includes="-I$inc"
for d in $(find src -type d | sort); do includes="$includes -I$d"; done

echo "== $version: headers $inc"
echo "   flags of $global"
echo "   $cc $pg_cflags $gi_cflags"
ok=0
bad=0
for f in $(find src -name '*.c' | sort); do
    name=$f
    # shellcheck disable=SC2086
    if $cc $pg_cflags $gi_cflags ${EXTRA_CFLAGS:-} $pg_cppflags $includes \
        -c "$f" -o "$out/obj.o" 2>"$out/err"; then
        echo "ok      $name"
        ok=$((ok + 1))
    else
        echo "FAILED  $name"
        sed 's/^/        /' "$out/err" | head -n 40
        bad=$((bad + 1))
    fi
done
echo "$ok compiled, $bad failed against $version"
[ "$bad" -eq 0 ]
