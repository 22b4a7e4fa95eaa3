#!/usr/bin/env bash
# test/release/run.sh -- the release files agree with each other and with the
# PGXN meta spec 1.0.0 (no server needed): META.json has the spec's required
# fields and forms, its version is govinfo.control's default_version (as
# SemVer, 1.1 -> 1.1.0), debian/changelog carries that version, debian/control
# is what pg_buildext makes of debian/control.in.  Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
. test/lib.sh

version=$(sed -n "s/^default_version *= *'\([^']*\)'.*/\1/p" govinfo.control)

out=$(python3 - "$version" <<'EOF' 2>&1
import json, re, sys

version = sys.argv[1]
semver = re.compile(r'^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)'
                    r'(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$')
want = version if version.count('.') == 2 else version + '.0'
meta = json.load(open('META.json', encoding='utf-8'))
problems = []
for key in ('name', 'abstract', 'version', 'maintainer', 'license', 'provides', 'meta-spec'):
    if key not in meta:
        problems.append('missing required field %r' % key)
if meta.get('meta-spec', {}).get('version') != '1.0.0':
    problems.append('meta-spec.version is not 1.0.0')
if not semver.match(meta.get('version', '')):
    problems.append('version %r is not SemVer' % meta.get('version'))
if meta.get('version') != want:
    problems.append('version %r, govinfo.control says %s (%s)' % (meta.get('version'), version, want))
ext = meta.get('provides', {}).get('govinfo', {})
if ext.get('version') != want:
    problems.append('provides.govinfo.version %r, expected %s' % (ext.get('version'), want))
for key in ('file', 'docfile'):
    try:
        open(ext.get(key, '')).close()
    except OSError:
        problems.append('provides.govinfo.%s %r does not exist' % (key, ext.get(key)))
if meta.get('license') != 'postgresql':
    problems.append('license %r, expected "postgresql" (LICENSE)' % meta.get('license'))
if not meta.get('release_status', 'stable') in ('stable', 'testing', 'unstable'):
    problems.append('release_status %r' % meta.get('release_status'))
for phase, rels in meta.get('prereqs', {}).items():
    for rel, reqs in rels.items():
        for name, v in reqs.items():
            if v != 0 and not semver.match(re.sub(r'^([<>=!]=?)\s*', '', str(v))):
                problems.append('prereqs.%s.%s.%s %r is no version range' % (phase, rel, name, v))
for tag in meta.get('tags', []):
    if len(tag) < 2 or len(tag) > 255 or re.search(r'[/\\\x00-\x1f\x7f]', tag):
        problems.append('tag %r' % tag)
print('\n'.join(problems))
EOF
)
if [ -z "$out" ]; then
    pass "META.json: PGXN meta spec 1.0.0 fields, version $version as $(python3 -c 'import json; print(json.load(open("META.json"))["version"])')"
else
    fail "META.json" "$out"
fi

deb_version=$(sed -n '1s/^govinfo (\([^)]*\)).*/\1/p' debian/changelog)
if [ "${deb_version%%-*}" = "$version" ]; then
    pass "debian/changelog's version $deb_version is govinfo.control's $version"
else
    fail "debian/changelog's version $deb_version is not govinfo.control's $version" \
        "add a debian/changelog entry (dch -v $version) when the version changes"
fi

if command -v pg_buildext >/dev/null 2>&1; then
    if out=$(pg_buildext checkcontrol 2>&1); then
        pass "debian/control is up to date with debian/control.in"
    else
        fail "debian/control is up to date with debian/control.in" "$out"
    fi
fi

if [ -f LICENSE ] && grep -q 'PostgreSQL License' LICENSE; then
    pass "LICENSE: the PostgreSQL License"
else
    fail "LICENSE: the PostgreSQL License"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
