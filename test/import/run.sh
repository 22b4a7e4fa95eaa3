#!/usr/bin/env bash
# Tests of govinfo-import, the command-line importer.
#
# Runs against the PostgreSQL that the libpq environment names (PGHOST,
# PGPORT ..., e.g. inside `pg_virtualenv -v 15`), with govinfo installed
# there (make install).  Works in a database of its own (dropped at the end),
# or, without CREATEDB, in a schema of the current database.  Ends with
# "N passed, N failed".
#
#   bash test/import/run.sh                 # the binary of the build tree
#   GOVINFO_IMPORT=/path/to/govinfo-import bash test/import/run.sh
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
fixtures=$here/fixtures

GI=${GOVINFO_IMPORT:-$root/govinfo-import}
if [ ! -x "$GI" ]; then
    GI="$("${PG_CONFIG:-pg_config}" --bindir 2>/dev/null)/govinfo-import"
fi

. "$root/test/lib.sh"
# expect NAME EXPECTED ACTUAL
expect() {
    if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "expected: $2"$'\n'"got:      $3"; fi
}
# expect_match NAME REGEX FILE
expect_match() {
    if grep -qE -- "$2" "$3"; then pass "$1"; else fail "$1" "no line matching /$2/ in:"$'\n'"$(head -n 20 "$3")"; fi
}
# the count of a summary line ("  loaded    2")
count() { sed -n "s/^  $1  *\([0-9][0-9]*\)\$/\1/p" "$2"; }
# all seven counts of a summary, in order
counts() {
    local f=$1 out=""
    for l in 'loaded' 'loaded with rule failures' 'rejected for rule failures' \
             'rejected for other reasons' 'not parseable' 'skipped (already imported)' \
             'not recorded (errors)'; do
        out="$out $(count "$l" "$f")"
    done
    echo "${out# }"
}

if [ ! -x "$GI" ]; then
    fail "govinfo-import is built" "not found: $GI (run make)"
    echo "$passed passed, $failed failed"
    exit 1
fi

work=$(mktemp -d)
cleanup() {
    chmod -R u+rwX "$work" 2>/dev/null
    rm -rf "$work"
    gi_test_drop_db
}
trap cleanup EXIT
gi_test_db govinfo_import_test_$$
q() { psql -X -At -d "$db" -v ON_ERROR_STOP=1 -c "$1" 2>&1; }

ws=gi_import_test
if ! q "CREATE EXTENSION IF NOT EXISTS govinfo; DROP SCHEMA IF EXISTS $ws CASCADE;" >"$work/setup.log"; then
    fail "CREATE EXTENSION govinfo" "$(cat "$work/setup.log")"
    echo "$passed passed, $failed failed"
    exit 1
fi
tbl=$ws.reports
# Make the missing converter certain, whatever is installed here.
export GOVINFO_PANDOC=/nonexistent/pandoc
export GOVINFO_PDFTOTEXT=/nonexistent/pdftotext

# ---------------------------------------------------------------------------
echo "# usage and connection errors"

"$GI" --help >"$work/out" 2>&1
expect "--help exits 0" 0 $?
expect_match "--help shows the usage" '^  govinfo-import \[OPTION\]\.\.\. FILE\|DIRECTORY\.\.\.' "$work/out"
expect_match "--help lists --table" '--table=NAME' "$work/out"

"$GI" --version >"$work/out" 2>&1
expect "--version exits 0" 0 $?
expect_match "--version names the program" '^govinfo-import \(govinfo\) [0-9]' "$work/out"

"$GI" >"$work/out" 2>&1
expect "no file: exit 1" 1 $?
expect_match "no file: says so" 'no files or directories given' "$work/out"

"$GI" --bogus x >"$work/out" 2>&1
expect "unknown option: exit 1" 1 $?

"$GI" --year 20x7 "$fixtures" >"$work/out" 2>&1
expect "bad --year: exit 1" 1 $?

"$GI" -d "$db" --table "$tbl" "$work/no-such-file.txt" >"$work/out" 2>&1
expect "missing path: exit 1" 1 $?
expect_match "missing path: named" 'no-such-file\.txt: No such file or directory' "$work/out"

"$GI" -h "$work/no-socket-here" -p 1 "$fixtures" >"$work/out" 2>&1
expect "bad connection: exit 1" 1 $?
expect_match "bad connection: message" '^govinfo-import: connection to database failed' "$work/out"

"$GI" -d "$db" --table "$tbl" "$fixtures" >"$work/out" 2>&1
expect "missing table without --init: exit 1" 1 $?
expect_match "missing table: hint names --init" 'does not exist' "$work/out"

"$GI" -d "$db" --template gov2099 --table "$tbl" "$fixtures" >"$work/out" 2>&1
expect "unknown --template: exit 1" 1 $?
expect_match "unknown --template: the templates are listed" 'unknown --template "gov2099": the templates are gov2014, gov2019, gov2021' "$work/out"

"$GI" -d "$db" --init --table "$ws.other" "$fixtures" >"$work/out" 2>&1
expect "--init with a table other than reports: exit 1" 1 $?

q "CREATE SCHEMA gi_import_bad; CREATE TABLE gi_import_bad.reports (x int); CREATE TABLE gi_import_bad.rejects (y int);" >/dev/null
"$GI" -d "$db" --table gi_import_bad.reports "$fixtures" >"$work/out" 2>&1
expect "tables without the workspace's columns: exit 1" 1 $?
expect_match "tables without the workspace's columns: named" 'missing columns reports\.agency' "$work/out"
q "DROP SCHEMA gi_import_bad CASCADE" >/dev/null

# ---------------------------------------------------------------------------
echo "# first import"

in=$work/in
mkdir -p "$in/more" "$in/zz-encodings"
cp "$root/test/seed/2017-shandong-hrss.txt" "$in/"
cp "$fixtures/2016-example-transport.html" "$fixtures/2018-example-water-broken.txt" "$fixtures/list.csv" "$in/"
cp "$fixtures/2018-example-health-warning.txt" "$fixtures/notes-not-a-report.txt" \
   "$fixtures/2019-needs-pandoc.docx" "$in/more/"
printf 'GIF89a\001\000\001\000\000\000\000binary\000data' >"$in/more/garbage.txt"
# the transport report again, in GB18030: same agency and year, other bytes
sed 's/charset="utf-8"/charset="gb18030"/' "$fixtures/2016-example-transport.html" |
    iconv -f UTF-8 -t GB18030 >"$in/zz-encodings/2016-example-transport-gbk.html"
truncate -s 65M "$in/zz-encodings/huge.txt"

"$GI" -d "$db" --init --table "$tbl" "$in" >"$work/run1.out" 2>"$work/run1.err"
rc=$?
expect "first run: exit 0" 0 $rc
expect "first run: summary (loaded, with rule failures, rejected for rules, other, not parseable, skipped, not recorded)" \
    "2 1 1 1 4 0 0" "$(counts "$work/run1.out")"
expect "first run: the .csv is ignored" 1 "$(count 'ignored (not a report file)' "$work/run1.out")"
expect_match "first run: --init says it created the workspace" 'created the workspace in schema gi_import_test' "$work/run1.err"
expect_match "first run: a line per file (not a terminal)" '2017-shandong-hrss\.txt: loaded: ' "$work/run1.err"
expect_match "first run: the missing converter is named" '2019-needs-pandoc\.docx: not parseable: pandoc is not installed' "$work/run1.err"
expect_match "first run: the GB18030 file was converted" '2016-example-transport-gbk\.html: rejected: .*another file already gave this agency and year' "$work/run1.err"
expect_match "first run: the large file is reported" 'huge\.txt: not parseable: file too large' "$work/run1.err"
if [ $rc -ne 0 ]; then sed 's/^/# /' "$work/run1.err" "$work/run1.out"; fi

expect "reports: three rows" 3 "$(q "SELECT count(*) FROM $tbl")"
expect "reports: the seed's agency, year and template" \
    "山东省人力资源和社会保障厅|2017|gov2014" \
    "$(q "SELECT agency, year, (report).template FROM $tbl WHERE source LIKE '%2017-shandong-hrss.txt'")"
expect "reports: the seed's content_hash is its sha256" \
    "$(sha256sum "$in/2017-shandong-hrss.txt" | cut -c1-64)" \
    "$(q "SELECT content_hash FROM $tbl WHERE source LIKE '%2017-shandong-hrss.txt'")"
expect "reports: the seed's cells" "90|938" \
    "$(q "SELECT govinfo.value(report, 'apply.received'), govinfo.value(report, 'archive') FROM $tbl WHERE year = 2017")"
expect "reports: the HTML report, with its 万元 amount" "示例市交通运输局|2016|12.5" \
    "$(q "SELECT agency, year, govinfo.value(report, 'org.budget') FROM $tbl WHERE source LIKE '%.html'")"
expect "reports: the report breaking a warning rule is stored" "示例市卫生健康委员会|2018" \
    "$(q "SELECT agency, year FROM $tbl WHERE source LIKE '%health-warning.txt'")"
expect "reports: source and loaded_at filled" 0 \
    "$(q "SELECT count(*) FROM $tbl WHERE source IS NULL OR loaded_at IS NULL")"

expect "rejects: six rows" 6 "$(q "SELECT count(*) FROM $ws.rejects")"
expect "rejects: the broken report, with its value and broken rule" \
    "示例市水务局|2018|23514|t|t" \
    "$(q "SELECT agency, year, sqlstate, report IS NOT NULL,
                 violations @> '[{\"rule_id\": \"G14-01\", \"severity\": \"error\"}]'
            FROM $ws.rejects WHERE source LIKE '%water-broken.txt'")"
expect "rejects: the reason carries the message and its detail" "t" \
    "$(q "SELECT reason LIKE '%breaks 1 rule%DETAIL:%G14-01%' FROM $ws.rejects WHERE source LIKE '%water-broken.txt'")"
expect "rejects: the broken report's parse log is a JSON array" "array" \
    "$(q "SELECT jsonb_typeof(parse_log) FROM $ws.rejects WHERE source LIKE '%water-broken.txt'")"
expect "rejects: the non-report text, with the parser's error and log" "t|f|array" \
    "$(q "SELECT sqlstate IS NOT NULL AND reason <> '', report IS NOT NULL, jsonb_typeof(parse_log)
            FROM $ws.rejects WHERE source LIKE '%notes-not-a-report.txt'")"
expect "rejects: the .docx without pandoc" "0A000|t|t" \
    "$(q "SELECT sqlstate, reason LIKE 'pandoc is not installed%', content_hash IS NOT NULL
            FROM $ws.rejects WHERE source LIKE '%.docx'")"
expect "rejects: binary data" "22000|t" \
    "$(q "SELECT sqlstate, reason LIKE 'binary data%' FROM $ws.rejects WHERE source LIKE '%garbage.txt'")"
expect "rejects: the file over 64 MB, without a hash" "54000|t|t" \
    "$(q "SELECT sqlstate, reason LIKE 'file too large%', content_hash IS NULL FROM $ws.rejects WHERE source LIKE '%huge.txt'")"
expect "rejects: the duplicate agency and year" "23505|示例市交通运输局|2016" \
    "$(q "SELECT sqlstate, agency, year FROM $ws.rejects WHERE source LIKE '%gbk.html'")"
expect "rejects: the GB18030 file's hash is of its bytes" \
    "$(sha256sum "$in/zz-encodings/2016-example-transport-gbk.html" | cut -c1-64)" \
    "$(q "SELECT content_hash FROM $ws.rejects WHERE source LIKE '%gbk.html'")"
expect "rejects: rejected_at filled" 0 "$(q "SELECT count(*) FROM $ws.rejects WHERE rejected_at IS NULL OR source IS NULL")"

# ---------------------------------------------------------------------------
echo "# running again"

"$GI" -d "$db" --table "$tbl" "$in" >"$work/run2.out" 2>"$work/run2.err"
expect "second run: exit 0" 0 $?
expect "second run: everything skipped" "0 0 0 0 0 9 0" "$(counts "$work/run2.out")"
expect "second run: reports unchanged" 3 "$(q "SELECT count(*) FROM $tbl")"
expect "second run: rejects unchanged" 6 "$(q "SELECT count(*) FROM $ws.rejects")"
expect_match "second run: a loaded file is said to be loaded" '2017-shandong-hrss\.txt: skipped \(already loaded\)' "$work/run2.err"
expect_match "second run: a rejected file points to --retry" 'notes-not-a-report\.txt: skipped \(already in rejects; --retry' "$work/run2.err"

"$GI" -q -d "dbname=$db application_name=gi_test" --table "$tbl" "$in" >"$work/run3.out" 2>"$work/run3.err"
expect "-q and a conninfo string: exit 0" 0 $?
expect "-q: nothing on stderr" "" "$(cat "$work/run3.err")"
expect "-q: the summary is still printed" 9 "$(count 'skipped (already imported)' "$work/run3.out")"

# ---------------------------------------------------------------------------
echo "# overrides, --retry, failures to record"

# the seed with other bytes, loaded under another agency with region and level
{ cat "$in/2017-shandong-hrss.txt"; echo; } >"$work/seed-copy.txt"
"$GI" -d "$db" --table "$tbl" --agency 测试机构 --year 2017 --region 山东省 --level province \
    "$work/seed-copy.txt" >"$work/run4.out" 2>"$work/run4.err"
expect "overrides: exit 0" 0 $?
expect "overrides: loaded" 1 "$(count 'loaded' "$work/run4.out")"
expect "overrides: agency, year, region and level stored" "测试机构|2017|山东省|province" \
    "$(q "SELECT agency, year, region, level FROM $tbl WHERE source LIKE '%seed-copy.txt'")"

maxid=$(q "SELECT max(id) FROM $ws.rejects")
"$GI" -d "$db" --table "$tbl" --retry "$in/more" >"$work/run5.out" 2>"$work/run5.err"
expect "--retry: exit 0" 0 $?
expect "--retry: loaded files still skipped, rejected ones processed again" "0 0 0 0 3 1 0" "$(counts "$work/run5.out")"
expect "--retry: the old rejects rows are replaced, not added to" "6|3" \
    "$(q "SELECT count(*), count(*) FILTER (WHERE id > $maxid) FROM $ws.rejects")"

# converters: a stand-in pandoc that prints the file (here HTML saved as .docx),
# and a pdftotext that fails
mkdir -p "$work/conv"
cat >"$work/fake-pandoc" <<'EOS'
#!/bin/sh
for a in "$@"; do last=$a; done
exec cat -- "$last"
EOS
cat >"$work/failing-pdftotext" <<'EOS'
#!/bin/sh
echo "Syntax Warning: May not be a PDF file" >&2
echo "Syntax Error: Couldn't find trailer dictionary" >&2
exit 1
EOS
chmod +x "$work/fake-pandoc" "$work/failing-pdftotext"
sed 's/示例市交通运输局/示例市文化和旅游局/g' "$fixtures/2016-example-transport.html" >"$work/conv/2016-culture.docx"
printf '%%PDF-1.4 broken\n' >"$work/conv/2016-broken.pdf"
GOVINFO_PANDOC="$work/fake-pandoc" GOVINFO_PDFTOTEXT="$work/failing-pdftotext" \
    "$GI" -d "$db" --table "$tbl" "$work/conv" >"$work/run8.out" 2>"$work/run8.err"
expect "converters: exit 0" 0 $?
expect "converters: the .docx loaded, the .pdf not parseable" "1 0 0 0 1 0 0" "$(counts "$work/run8.out")"
expect "converters: the converted report is stored" "示例市文化和旅游局|2016" \
    "$(q "SELECT agency, year FROM $tbl WHERE source LIKE '%2016-culture.docx'")"
expect "converters: the converter's failure and message are recorded" "58000|t" \
    "$(q "SELECT sqlstate, reason LIKE 'pdftotext could not convert the file (exit status 1): %Syntax Error%' FROM $ws.rejects WHERE source LIKE '%2016-broken.pdf'")"

# a rejects table that refuses rows: the file cannot be recorded -> exit 2
q "ALTER TABLE $ws.rejects ADD CONSTRAINT closed_for_this_test CHECK (source NOT LIKE '%unrecordable%') NOT VALID" >/dev/null
printf '%s\n' '这也不是报告。' >"$work/unrecordable.txt"
"$GI" -d "$db" --table "$tbl" "$work/unrecordable.txt" >"$work/run6.out" 2>"$work/run6.err"
expect "unrecordable file: exit 2" 2 $?
expect "unrecordable file: counted as not recorded" 1 "$(count 'not recorded (errors)' "$work/run6.out")"
expect_match "unrecordable file: the reason is shown" 'unrecordable\.txt: not recorded .*closed_for_this_test' "$work/run6.err"
q "ALTER TABLE $ws.rejects DROP CONSTRAINT closed_for_this_test" >/dev/null

# a file that cannot be read (only meaningful when not running as root)
if [ "$(id -u)" -ne 0 ]; then
    printf '%s\n' 'secret' >"$work/locked.txt"
    chmod 000 "$work/locked.txt"
    "$GI" -d "$db" --table "$tbl" "$work/locked.txt" >"$work/run7.out" 2>"$work/run7.err"
    expect "unreadable file: exit 0, recorded" "0|58030" \
        "$?|$(q "SELECT sqlstate FROM $ws.rejects WHERE source LIKE '%locked.txt'")"
fi

# ---------------------------------------------------------------------------
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
