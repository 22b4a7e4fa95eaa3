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
# the counts of a run into a workspace, in order
ws_counts() {
    local f=$1 out=""
    for l in 'loaded' 'replaced' 'kept (not current)' 'flagged (of these versions)' \
             'rejected (not a version)' 'not parseable' 'skipped (already imported)' \
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
expect_match "--help lists --manifest" '--manifest=FILE +CSV' "$work/out"
expect_match "--help lists --keep-current" '--keep-current +workspace: record a new document' "$work/out"

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
echo "# first import, into a table of the user's own (not a workspace)"

# A table of one's own with the CHECK, and its sibling rejects (the shape a
# 1.0 workspace had): a report that breaks an error rule, or whose agency and
# year are there already, is refused and lands in rejects.
q "CREATE SCHEMA $ws;
   CREATE TABLE $tbl (agency text NOT NULL, region text, level text, year integer NOT NULL,
       report govinfo.disclosure_report NOT NULL CHECK (govinfo.check_totals(report)),
       source text, content_hash text UNIQUE, loaded_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (agency, year));
   CREATE TABLE $ws.rejects (id bigserial PRIMARY KEY, source text, content_hash text UNIQUE,
       agency text, region text, level text, year integer, reason text NOT NULL, sqlstate text,
       report govinfo.disclosure_report, parse_log jsonb, violations jsonb,
       rejected_at timestamptz NOT NULL DEFAULT now())" >/dev/null

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

"$GI" -d "$db" --table "$tbl" "$in" >"$work/run1.out" 2>"$work/run1.err"
rc=$?
expect "first run: exit 0" 0 $rc
expect "first run: summary (loaded, with rule failures, rejected for rules, other, not parseable, skipped, not recorded)" \
    "2 1 1 1 4 0 0" "$(counts "$work/run1.out")"
expect "first run: the .csv is ignored" 1 "$(count 'ignored (not a report file)' "$work/run1.out")"
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

# ---------------------------------------------------------------------------
echo "# more formats: .doc, .wps, .xls, .xlsx (LibreOffice), scanned PDFs (--ocr)"

# Without the converters (a PATH that has none of them, and paths that do not
# exist): each file names the Debian package to install.
mkdir -p "$work/fmt-missing" "$work/nobin"
for e in doc wps xls xlsx; do
    sed "s/示例市交通运输局/示例市缺转换器$e/g" "$fixtures/2016-example-transport.html" >"$work/fmt-missing/2016-$e.$e"
done
env -u GOVINFO_SOFFICE PATH="$work/nobin" "$GI" -d "$db" --table "$tbl" "$work/fmt-missing" \
    >"$work/fmt1.out" 2>"$work/fmt1.err"
expect "no LibreOffice: exit 0, four files not parseable" "0|4" "$?|$(count 'not parseable' "$work/fmt1.out")"
expect_match "no LibreOffice: a .doc names libreoffice-writer-nogui" \
    '2016-doc\.doc: not parseable: soffice is not installed: \.doc files are converted with LibreOffice \(install the libreoffice-writer-nogui package, or set GOVINFO_SOFFICE to its path\)' "$work/fmt1.err"
expect_match "no LibreOffice: a .wps names libreoffice-writer-nogui" \
    '2016-wps\.wps: not parseable: soffice is not installed: \.wps files .*libreoffice-writer-nogui' "$work/fmt1.err"
expect_match "no LibreOffice: a .xls names libreoffice-calc-nogui" \
    '2016-xls\.xls: not parseable: soffice is not installed: \.xls files .*libreoffice-calc-nogui' "$work/fmt1.err"
expect_match "no LibreOffice: a .xlsx names libreoffice-calc-nogui" \
    '2016-xlsx\.xlsx: not parseable: soffice is not installed: \.xlsx files .*libreoffice-calc-nogui' "$work/fmt1.err"
expect "no LibreOffice: recorded as 0A000 with the hash" "4|4" \
    "$(q "SELECT count(*) FILTER (WHERE sqlstate = '0A000'), count(content_hash) FROM $ws.rejects WHERE source LIKE '%/fmt-missing/%'")"

# A stand-in soffice that says how it was called and "converts" by copying a
# report: the file's name, however odd, never reaches a shell; LibreOffice
# gets a copy under a fixed name in a private directory, with its own profile,
# and the directory is gone afterwards.
mkdir -p "$work/fmt-odd" "$work/fmt-tmp"
sed 's/示例市交通运输局/示例市奇名局/g' "$fixtures/2016-example-transport.html" >"$work/fake-office.html"
odd="$work/fmt-odd/"'2016 $(touch pwned); `touch pwned2` '\''q'\''"d.doc'
printf 'not really a .doc\n' >"$odd"
cat >"$work/fake-soffice" <<EOF
#!/bin/sh
printf '%s\n' "\$PWD" "\$HOME" "\$@" >"$work/soffice.args"
out= ; prev= ; last=
for a in "\$@"; do [ "\$prev" = --outdir ] && out=\$a; prev=\$a; last=\$a; done
mkdir -p "\$out" && b=\$(basename "\$last") && cp "$work/fake-office.html" "\$out/\${b%.*}.html"
EOF
cat >"$work/silent-soffice" <<'EOF'
#!/bin/sh
exit 0
EOF
chmod +x "$work/fake-soffice" "$work/silent-soffice"
(cd "$work" && TMPDIR="$work/fmt-tmp" GOVINFO_SOFFICE="$work/fake-soffice" "$GI" -d "$db" --table "$tbl" \
    "$work/fmt-odd" >"$work/fmt2.out" 2>"$work/fmt2.err")
expect "odd name: exit 0, loaded" "0|1" "$?|$(count 'loaded' "$work/fmt2.out")"
expect_match "odd name: the loaded line says LibreOffice converted it" 'd\.doc: loaded: 示例市奇名局 2016 \(gov2014\), converted by LibreOffice' "$work/fmt2.err"
expect "odd name: nothing in the name was run" "" "$(find "$work" -name 'pwned*')"
priv=$(sed -n 1p "$work/soffice.args")
expect "odd name: LibreOffice ran in a private directory, which is its HOME" \
    "$work/fmt-tmp/govinfo-import.|$priv" \
    "$(case $priv in "$work/fmt-tmp/govinfo-import."??????) echo "$work/fmt-tmp/govinfo-import." ;; esac)|$(sed -n 2p "$work/soffice.args")"
expect "odd name: its own profile, and a copy of the file under a fixed name" \
    "-env:UserInstallation=file://$priv/profile|$priv/in.doc" \
    "$(grep -- '^-env:UserInstallation=' "$work/soffice.args")|$(tail -n 1 "$work/soffice.args")"
expect "odd name: the private directory is removed" "" "$(ls -A "$work/fmt-tmp")"

printf 'not a spreadsheet\n' >"$work/fmt-odd/2016-silent.xlsx"
GOVINFO_SOFFICE="$work/silent-soffice" "$GI" -d "$db" --table "$tbl" "$work/fmt-odd/2016-silent.xlsx" \
    >"$work/fmt3.out" 2>"$work/fmt3.err"
expect_match "LibreOffice writing nothing: Calc is named" \
    '2016-silent\.xlsx: not parseable: LibreOffice could not convert the file: not a spreadsheet it can read, or Calc is not installed \(install the libreoffice-calc-nogui package\)' "$work/fmt3.err"

# A PDF without a text layer: pdftotext prints only the pages' form feeds.
mkdir -p "$work/fmt-scan"
printf '%%PDF-1.4 a scan\n' >"$work/fmt-scan/2016-scan.pdf"
cat >"$work/scan-pdftotext" <<'EOF'
#!/bin/sh
printf '\f\n\f\n\f'
EOF
cat >"$work/eng-tesseract" <<'EOF'
#!/bin/sh
[ "$1" = --list-langs ] || exit 1
printf 'List of available languages in "/usr/share/tesseract-ocr/5/tessdata/" (2):\neng\nosd\n'
EOF
chmod +x "$work/scan-pdftotext" "$work/eng-tesseract"
GOVINFO_PDFTOTEXT="$work/scan-pdftotext" "$GI" -d "$db" --table "$tbl" "$work/fmt-scan" >"$work/fmt4.out" 2>"$work/fmt4.err"
expect_match "scan without --ocr: says what to do" '2016-scan\.pdf: not parseable: no text layer: a scan\? use --ocr' "$work/fmt4.err"
GOVINFO_PDFTOTEXT="$work/scan-pdftotext" GOVINFO_PDFTOPPM=/nonexistent/pdftoppm \
    "$GI" -d "$db" --table "$tbl" --retry --ocr "$work/fmt-scan" >"$work/fmt5.out" 2>"$work/fmt5.err"
expect_match "--ocr without pdftoppm: names poppler-utils" \
    'not parseable: pdftoppm is not installed: --ocr reads a scanned \.pdf with pdftoppm and tesseract \(install the poppler-utils package' "$work/fmt5.err"
GOVINFO_PDFTOTEXT="$work/scan-pdftotext" GOVINFO_PDFTOPPM=/bin/true GOVINFO_TESSERACT=/nonexistent/tesseract \
    "$GI" -d "$db" --table "$tbl" --retry --ocr "$work/fmt-scan" >"$work/fmt6.out" 2>"$work/fmt6.err"
expect_match "--ocr without tesseract: names tesseract-ocr" \
    'not parseable: tesseract is not installed: .*\(install the tesseract-ocr package' "$work/fmt6.err"
GOVINFO_PDFTOTEXT="$work/scan-pdftotext" GOVINFO_PDFTOPPM=/bin/true GOVINFO_TESSERACT="$work/eng-tesseract" \
    "$GI" -d "$db" --table "$tbl" --retry --ocr "$work/fmt-scan" >"$work/fmt7.out" 2>"$work/fmt7.err"
expect_match "--ocr without the Chinese data: names tesseract-ocr-chi-sim" \
    'not parseable: tesseract has no Chinese \(chi_sim\) language data: .*\(install the tesseract-ocr-chi-sim package\)' "$work/fmt7.err"
expect "--ocr: the reject row keeps the latest reason, once" "1|0A000" \
    "$(q "SELECT count(*), min(sqlstate) FROM $ws.rejects WHERE source LIKE '%/fmt-scan/2016-scan.pdf'")"

# With LibreOffice installed: documents made from a report page, read back
# cell for cell (the same cells as the page they were made from).
if command -v soffice >/dev/null 2>&1; then
    mkdir -p "$work/fmt-src" "$work/fmt-real" "$work/fmt-lo"
    lo=(soffice "-env:UserInstallation=file://$work/fmt-lo" --headless)
    for v in doc:示例市住房和城乡建设局 wps:示例市商务局 xls:示例市统计局 xlsx:示例市财政局; do
        sed "s/示例市交通运输局/${v#*:}/g" "$fixtures/2016-example-transport.html" >"$work/fmt-src/2016-${v%%:*}.html"
    done
    "${lo[@]}" --convert-to 'doc:MS Word 97' --outdir "$work/fmt-src" "$work/fmt-src/2016-doc.html" "$work/fmt-src/2016-wps.html" >/dev/null 2>&1
    "${lo[@]}" --infilter='HTML (StarCalc)' --convert-to xls --outdir "$work/fmt-src" "$work/fmt-src/2016-xls.html" >/dev/null 2>&1
    "${lo[@]}" --infilter='HTML (StarCalc)' --convert-to xlsx --outdir "$work/fmt-src" "$work/fmt-src/2016-xlsx.html" >/dev/null 2>&1
    # WPS Office's .wps is a Word 97 document under another name
    cp "$work/fmt-src/2016-doc.doc" "$work/fmt-src/2016-xls.xls" "$work/fmt-src/2016-xlsx.xlsx" "$work/fmt-real/" 2>/dev/null
    cp "$work/fmt-src/2016-wps.doc" "$work/fmt-real/2016-wps.wps" 2>/dev/null
    GOVINFO_SOFFICE= "$GI" -d "$db" --table "$tbl" "$work/fmt-real" >"$work/fmt8.out" 2>"$work/fmt8.err"
    expect "LibreOffice: exit 0, the four documents loaded" "0|4" "$?|$(count 'loaded' "$work/fmt8.out")"
    for e in doc wps xls xlsx; do
        expect "LibreOffice: the .$e reads back cell for cell" "t" \
            "$(q "SELECT (r.report).cells = (govinfo.parse_report(pg_catalog.convert_from(pg_catalog.decode('$(base64 -w0 "$work/fmt-src/2016-$e.html")', 'base64'), 'UTF8'))).cells
                    FROM $tbl r WHERE r.source LIKE '%/fmt-real/2016-$e.$e'")"
    done
else
    echo "# skipped (needs LibreOffice: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui): .doc, .wps, .xls, .xlsx read back"
fi

# With LibreOffice, poppler-utils and tesseract's chi_sim: a report page
# printed to PDF, rasterised at 300 dpi and made into a PDF of images only (a
# scan), read back through --ocr.
if command -v soffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 &&
   command -v pdftotext >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx chi_sim; then
    mkdir -p "$work/fmt-ocr" "$work/fmt-ocrsrc"
    sed 's/示例市交通运输局/示例市审计局/g' "$fixtures/2016-example-transport.html" >"$work/fmt-ocrsrc/page.html"
    "${lo[@]}" --infilter='HTML (StarWriter)' --convert-to pdf:writer_pdf_Export --outdir "$work/fmt-ocrsrc" \
        "$work/fmt-ocrsrc/page.html" >/dev/null 2>&1
    pdftoppm -r 300 -gray "$work/fmt-ocrsrc/page.pdf" "$work/fmt-ocrsrc/scan"
    python3 "$here/scan_pdf.py" "$work/fmt-ocr/2016-audit-scan.pdf" 300 "$work/fmt-ocrsrc"/scan-*.pgm
    GOVINFO_PDFTOTEXT= "$GI" -d "$db" --table "$tbl" "$work/fmt-ocr" >"$work/fmt9.out" 2>"$work/fmt9.err"
    expect_match "a real scan without --ocr: no text layer" 'audit-scan\.pdf: not parseable: no text layer: a scan\? use --ocr' "$work/fmt9.err"
    GOVINFO_PDFTOTEXT= "$GI" -d "$db" --table "$tbl" --retry --ocr --agency 示例市审计局 "$work/fmt-ocr" \
        >"$work/fmt10.out" 2>"$work/fmt10.err"
    expect_match "--ocr: read by OCR, the pages counted" 'audit-scan\.pdf: (loaded|loaded with rule failures|rejected): .*read by OCR \([0-9]+ pages?\)|audit-scan\.pdf: rejected: 示例市审计局 2016 \(gov2014\)' "$work/fmt10.err"
    # OCR misreads some figures (a cell's border read as a 1): the rules flag
    # them; what is asserted is that most cells are read right.
    right=$(q "WITH r AS (SELECT report FROM $tbl WHERE source LIKE '%audit-scan.pdf'
                          UNION ALL SELECT report FROM $ws.rejects WHERE source LIKE '%audit-scan.pdf'),
                    o AS (SELECT govinfo.parse_report(pg_catalog.convert_from(pg_catalog.decode('$(base64 -w0 "$work/fmt-ocrsrc/page.html")', 'base64'), 'UTF8')) AS p)
               SELECT count(*) FILTER (WHERE (r.report).cells[i] = (o.p).cells[i]) || ' of ' || count(*)
               FROM r, o, generate_subscripts((o.p).cells, 1) AS i WHERE (o.p).cells[i] IS NOT NULL")
    echo "# --ocr: $right printed cells read right"
    expect "--ocr: the year and template found, over half the printed cells read right" "2016|gov2014|t" \
        "$(q "SELECT year, (report).template FROM (SELECT year, report FROM $tbl WHERE source LIKE '%audit-scan.pdf'
               UNION ALL SELECT year, report FROM $ws.rejects WHERE source LIKE '%audit-scan.pdf') s")|$( [ "${right%% *}" -gt 32 ] && echo t || echo f)"
else
    echo "# skipped (needs LibreOffice, poppler-utils and tesseract-ocr-chi-sim): a scanned report read with --ocr"
fi

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
echo "# what reaches the terminal, files that change under the importer, the size limit"

# a file name carrying escape sequences (set the window title, clear the screen)
mkdir -p "$work/tty"
printf '%s\n' '也不是报告。' >"$work/tty/"$'evil\e]0;pwned\a\e[2J\r.txt'
"$GI" -d "$db" --table "$tbl" "$work/tty" >"$work/tty.out" 2>"$work/tty.err"
expect "escaped name: exit 0" 0 $?
expect "escaped name: no ESC, BEL or CR byte reaches stderr" 0 "$(tr -cd '\033\007\r' <"$work/tty.err" | wc -c)"
expect_match "escaped name: shown as \\xNN" 'evil\\x1b\]0;pwned\\x07\\x1b\[2J\\x0d\.txt: not parseable' "$work/tty.err"
expect "escaped name: the database keeps the real name" 1 \
    "$(q "SELECT count(*) FROM $ws.rejects WHERE source LIKE '%' || chr(27) || ']0;pwned' || chr(7) || '%'")"

# b.txt and c.txt are regular files when the folder is read; converting a.docx
# (a stand-in pandoc) turns b.txt into a FIFO and c.txt into a symbolic link
mkdir -p "$work/swap"
sed 's/示例市交通运输局/示例市档案局/g' "$fixtures/2016-example-transport.html" >"$work/swap/a.docx"
printf '%s\n' '不是报告 b' >"$work/swap/b.txt"
printf '%s\n' '不是报告 c' >"$work/swap/c.txt"
cat >"$work/swapping-pandoc" <<EOS
#!/bin/sh
rm -f "$work/swap/b.txt" "$work/swap/c.txt"
mkfifo "$work/swap/b.txt"
ln -s "$root/test/seed/2017-shandong-hrss.txt" "$work/swap/c.txt"
for a in "\$@"; do last=\$a; done
exec cat -- "\$last"
EOS
chmod +x "$work/swapping-pandoc"
# timeout only turns a hang (the bug) into a failure; nothing here is timed
GOVINFO_PANDOC="$work/swapping-pandoc" timeout 120 "$GI" -d "$db" --table "$tbl" "$work/swap" \
    >"$work/swap.out" 2>"$work/swap.err"
expect "swapped files: exit 0 (no hang)" 0 $?
expect "swapped files: a.docx loaded, the FIFO and the link not parseable" "1 0 0 0 2 0 0" "$(counts "$work/swap.out")"
expect "swapped files: the FIFO is refused, not read" "58030|not a regular file: it is a FIFO" \
    "$(q "SELECT sqlstate, reason FROM $ws.rejects WHERE source LIKE '%/swap/b.txt'")"
expect "swapped files: the new symbolic link is not followed" "58030|t" \
    "$(q "SELECT sqlstate, reason LIKE '%became a symbolic link%' FROM $ws.rejects WHERE source LIKE '%/swap/c.txt'")"
expect "swapped files: the converter read the file that was hashed" "示例市档案局|$(sha256sum "$work/swap/a.docx" | cut -c1-64)" \
    "$(q "SELECT agency, content_hash FROM $tbl WHERE source LIKE '%/swap/a.docx'")"

# one byte over the parser's 16 MiB of text: refused, never cut
mkdir -p "$work/big"
yes 'not a report, only a line of text to fill the file' | head -c 16777217 >"$work/big/over-limit.txt"
"$GI" -d "$db" --table "$tbl" "$work/big" >"$work/big.out" 2>"$work/big.err"
expect "16 MiB + 1 byte: exit 0" 0 $?
expect_match "16 MiB + 1 byte: the limit is named" 'over-limit\.txt: not parseable: text too large: 16777217 bytes, more than the 16 MiB \(16777216 bytes\) that govinfo\.parse_report reads' "$work/big.err"
expect "16 MiB + 1 byte: recorded as 54000, without a parse log" "54000|t" \
    "$(q "SELECT sqlstate, parse_log IS NULL FROM $ws.rejects WHERE source LIKE '%over-limit.txt'")"

# ---------------------------------------------------------------------------
echo "# into a workspace: every file a version"

wsin=$work/wsin
mkdir -p "$wsin"
cp "$root/test/seed/2017-shandong-hrss.txt" "$fixtures/2016-example-transport.html" \
   "$fixtures/2018-example-water-broken.txt" "$fixtures/2018-example-health-warning.txt" \
   "$fixtures/notes-not-a-report.txt" "$wsin/"
# a report that names no agency: it cannot become a version
sed 's/示例市水务局//g' "$fixtures/2018-example-water-broken.txt" >"$wsin/noagency.txt"
"$GI" -d "$db" --init --table gi_ws.reports "$wsin" >"$work/ws1.out" 2>"$work/ws1.err"
expect "workspace: exit 0" 0 $?
expect_match "workspace: --init says it created the workspace" 'created the workspace in schema gi_ws' "$work/ws1.err"
expect "workspace: summary (loaded, replaced, kept, flagged, rejected, not parseable, skipped, not recorded)" \
    "4 0 0 1 1 1 0 0" "$(ws_counts "$work/ws1.out")"
expect_match "workspace: the report breaking an error rule is loaded as a flagged version" \
    '2018-example-water-broken\.txt: loaded \(version [0-9]+\): 示例市水务局 2018 \(gov2014\); flagged: broken G14-01' "$work/ws1.err"
expect_match "workspace: a report without an agency is rejected, the way to give one named" \
    'noagency\.txt: rejected: \(no agency\) 2018 \(gov2014\): the report names no agency.*give it with --agency or in a manifest' "$work/ws1.err"
flagged=$(q "SELECT version_id FROM gi_ws.report_versions WHERE source LIKE '%water-broken.txt'")
expect "workspace: the flagged version: status, current, content = the file's text, its hash, parse log, who loaded it" \
    "flagged|t|t|$(sha256sum "$wsin/2018-example-water-broken.txt" | cut -c1-64)|array|t" \
    "$(q "SELECT status, is_current,
                 encode(sha256(convert_to(content, 'UTF8')), 'hex') = '$(sha256sum "$wsin/2018-example-water-broken.txt" | cut -c1-64)',
                 content_hash, jsonb_typeof(parse_log), loaded_by = current_user
            FROM gi_ws.report_versions WHERE version_id = $flagged")"
expect "workspace: the flagged version is counted, in no rejects, not in the gate, and its finding is open" "4|0|0|open" \
    "$(q "SELECT (SELECT count(*) FROM gi_ws.report_versions),
                 (SELECT count(*) FROM gi_ws.rejects WHERE source LIKE '%water-broken.txt'),
                 (SELECT count(*) FROM gi_ws.reports WHERE version_id = $flagged),
                 (SELECT status FROM gi_ws.findings WHERE version_id = $flagged AND rule_id = 'G14-01')")"
expect "workspace: rejects hold only what cannot be a version" "noagency.txt|23502 notes-not-a-report.txt|22P02" \
    "$(q "SELECT string_agg(regexp_replace(source, '.*/', '') || '|' || sqlstate, ' ' ORDER BY source) FROM gi_ws.rejects")"

# the corrected document: a new current version, the old one kept behind it
mkdir -p "$work/wsfix"
sed '9s/95/90/; 104s/95/90/' "$fixtures/2018-example-water-broken.txt" >"$work/wsfix/2018-example-water-corrected.txt"
"$GI" -d "$db" --table gi_ws.reports "$work/wsfix" >"$work/ws2.out" 2>"$work/ws2.err"
expect "corrected document: exit 0, counted as replaced" "0|0 1 0 0 0 0 0 0" "$?|$(ws_counts "$work/ws2.out")"
fixed=$(q "SELECT version_id FROM gi_ws.report_versions WHERE source LIKE '%water-corrected.txt'")
expect_match "corrected document: the line says which version replaces which" \
    "2018-example-water-corrected\\.txt: replaced \\(version $fixed replaces $flagged\\): 示例市水务局 2018 \\(gov2014\\); consistent" "$work/ws2.err"
expect "corrected document: consistent, current, supersedes the old; the old kept, not current" \
    "consistent|t|$flagged|flagged|f" \
    "$(q "SELECT n.status, n.is_current, n.supersedes, o.status, o.is_current
            FROM gi_ws.report_versions n JOIN gi_ws.report_versions o ON o.version_id = $flagged
           WHERE n.version_id = $fixed")"
expect "corrected document: in the gate now, and the finding fixed in it" "1|fixed|$fixed" \
    "$(q "SELECT (SELECT count(*) FROM gi_ws.reports WHERE version_id = $fixed),
                 f.status, f.fixed_in FROM gi_ws.findings f WHERE f.rule_id = 'G14-01'")"
expect_match "corrected document: the findings are refreshed after the run" 'findings \(refresh_findings\) +[0-9]+ \([0-9]+ new, 1 fixed\)' "$work/ws2.out"

# --keep-current: recorded beside the current version, which stays
mkdir -p "$work/wskeep"
{ cat "$work/wsfix/2018-example-water-corrected.txt"; echo; } >"$work/wskeep/2018-water-paper-copy.txt"
"$GI" -d "$db" --table gi_ws.reports --keep-current "$work/wskeep" >"$work/ws3.out" 2>"$work/ws3.err"
expect "--keep-current: exit 0, counted as kept" "0|0 0 1 0 0 0 0 0" "$?|$(ws_counts "$work/ws3.out")"
kept=$(q "SELECT version_id FROM gi_ws.report_versions WHERE source LIKE '%paper-copy.txt'")
expect_match "--keep-current: the line names the version and the current one" \
    "2018-water-paper-copy\\.txt: kept \\(version $kept, not current; version $fixed stays current\\)" "$work/ws3.err"
expect "--keep-current: the new version is not current and replaces nothing; the current one stays" "f||$fixed" \
    "$(q "SELECT k.is_current, k.supersedes,
                 (SELECT version_id FROM gi_ws.report_versions WHERE is_current AND agency_id = k.agency_id AND year = 2018)
            FROM gi_ws.report_versions k WHERE k.version_id = $kept")"
"$GI" -d "$db" --table "$tbl" --keep-current "$work/wskeep" >"$work/ws4.out" 2>"$work/ws4.err"
expect "--keep-current into a table that is not a workspace: exit 1" 1 $?
expect_match "--keep-current into a table that is not a workspace: said" '--keep-current needs a workspace' "$work/ws4.err"

"$GI" -d "$db" --table gi_ws.reports "$wsin" "$work/wsfix" >"$work/ws5.out" 2>"$work/ws5.err"
expect "workspace, again: everything skipped, nothing added" "0 0 0 0 0 0 7 0|6|2" \
    "$(ws_counts "$work/ws5.out")|$(q "SELECT count(*) FROM gi_ws.report_versions")|$(q "SELECT count(*) FROM gi_ws.rejects")"

# a trigger of someone's on the versions: refused, as on the gate
q "CREATE FUNCTION gi_ws.audit() RETURNS trigger LANGUAGE plpgsql AS \$\$
   BEGIN RAISE WARNING 'pwned: trigger ran as %', current_user; RETURN NEW; END \$\$;
   CREATE TRIGGER gi_audit BEFORE INSERT ON gi_ws.report_versions FOR EACH ROW EXECUTE FUNCTION gi_ws.audit();" >/dev/null
"$GI" -d "$db" --table gi_ws.reports "$work/seed-copy.txt" >"$work/ws6.out" 2>"$work/ws6.err"
expect "workspace: a trigger on report_versions: exit 1, nothing ran" "1|0" "$?|$(grep -c pwned "$work/ws6.err")"
expect_match "workspace: a trigger on report_versions: refused, named" \
    'table "gi_ws"\."report_versions" has trigger "gi_audit" that govinfo-import did not create' "$work/ws6.err"
q "DROP TRIGGER gi_audit ON gi_ws.report_versions; DROP FUNCTION gi_ws.audit();" >/dev/null

# --retry with the agency given: the rejected report becomes a version
"$GI" -d "$db" --table gi_ws.reports --retry --agency 示例市无名局 "$wsin/noagency.txt" >"$work/ws7.out" 2>"$work/ws7.err"
expect "--retry --agency: exit 0, a flagged version now, its rejects row gone" "0|1|1|0" \
    "$?|$(count loaded "$work/ws7.out")|$(q "SELECT count(*) FROM gi_ws.report_versions v JOIN gi_ws.agencies a USING (agency_id)
                                              WHERE a.name = '示例市无名局' AND v.status = 'flagged'")|$(q "SELECT count(*) FROM gi_ws.rejects WHERE source LIKE '%noagency.txt'")"

# ---------------------------------------------------------------------------
echo "# a manifest: a corpus of many agencies in one run"

cor=$work/corpus
mkdir -p "$cor/甲市" "$cor/乙县" "$cor/rename" "$cor/later"
sed 's/示例市交通运输局/甲市交通运输局/g' "$fixtures/2016-example-transport.html" >"$cor/甲市/2016-交通.html"
sed 's/示例市交通运输局/甲市水务局/g' "$fixtures/2016-example-transport.html" >"$cor/甲市/2016-水务.html"
sed 's/示例市交通运输局/某单位/g' "$fixtures/2016-example-transport.html" >"$cor/乙县/2016 report, final.html"
# a rename: the office printed as 示例市交通局 in 2016, 示例市交通运输局 from 2017
cp "$fixtures/2016-example-transport.html" "$cor/rename/2016-old.html"
sed 's/2016/2017/g' "$fixtures/2016-example-transport.html" >"$cor/rename/2017-new.html"
sed 's/2016/2018/g' "$fixtures/2016-example-transport.html" >"$cor/later/2018.html"
q "SELECT govinfo.create_workspace('gi_corpus')" >/dev/null

# mistakes: each named with its line, and nothing loaded
printf 'path,agency,province\n甲市/*.html,,甲市\n' >"$cor/bad-column.csv"
printf 'path,agency,region,level,year\n甲市/*.html,,甲市,city,\nrename/2016-old.html,示例市交通局,,,20x6\n' >"$cor/bad-year.csv"
printf '甲市/*.html\n丙市/*.pdf,丙市政府,,,\n' >"$cor/bad-glob.csv"
printf '甲市/*.html,,甲市,city,\n甲市/2016-水务.html,甲市水利局,甲市,city,\n' >"$cor/bad-twice.csv"
printf '"乙县/2016 report, final.html,乙县人民政府办公室\n' >"$cor/bad-quote.csv"
for m in column:'bad-column\.csv, line 1: unknown column "province": the columns are path, agency, region, level, year' \
         year:'bad-year\.csv, line 3: invalid year "20x6"' \
         glob:'bad-glob\.csv, line 2: "丙市/\*\.pdf" matches no file' \
         twice:'bad-twice\.csv, line 2: .*甲市/2016-水务\.html is also named on line 1, with another agency \(none there, "甲市水利局" here\)' \
         quote:'bad-quote\.csv, line 1: a quoted field is not closed'; do
    "$GI" -d "$db" --table gi_corpus.reports --manifest "$cor/bad-${m%%:*}.csv" >"$work/man.out" 2>"$work/man.err"
    rc=$?
    expect "manifest error (${m%%:*}): exit 1, nothing loaded" "1|0" "$rc|$(q "SELECT count(*) FROM gi_corpus.report_versions")"
    expect_match "manifest error (${m%%:*}): the line and the mistake named" "${m#*:}" "$work/man.err"
done

cat >"$cor/manifest.csv" <<'EOF'
path,agency,region,level,year
甲市/*.html,,甲市,city,
"乙县/2016 report, final.html",乙县人民政府办公室,"甲市,乙县",county,2016
rename/2016-old.html,示例市交通局,示例市,city,
rename/2017-new.html,示例市交通运输局,示例市,city,
EOF
"$GI" -d "$db" --table gi_corpus.reports --manifest "$cor/manifest.csv" >"$work/man1.out" 2>"$work/man1.err"
expect "manifest: exit 0, five versions" "0|5 0 0 0 0 0 0 0" "$?|$(ws_counts "$work/man1.out")"
expect "manifest: each file under the manifest's agency (or its own), region, level and year" \
    "甲市交通运输局|甲市|city|2016|2016-交通.html
甲市水务局|甲市|city|2016|2016-水务.html
乙县人民政府办公室|甲市,乙县|county|2016|2016 report, final.html
示例市交通局|示例市|city|2016|2016-old.html
示例市交通运输局|示例市|city|2017|2017-new.html" \
    "$(q "SELECT a.name, a.region, a.level, v.year, regexp_replace(v.source, '.*/', '')
            FROM gi_corpus.report_versions v JOIN gi_corpus.agencies a USING (agency_id)
           ORDER BY v.version_id")"

# the two names made two agencies; one alias makes them one, and a later
# file printed under the old name (a folder, this time) is found through it
q "SELECT govinfo.merge_agencies('gi_corpus', '示例市交通局', '示例市交通运输局')" >/dev/null
printf 'later,示例市交通局,,,2018\n' >"$cor/manifest-2018.csv"
"$GI" -d "$db" --table gi_corpus.reports --manifest "$cor/manifest-2018.csv" >"$work/man2.out" 2>"$work/man2.err"
expect "manifest, old name: exit 0, loaded" "0|1" "$?|$(count loaded "$work/man2.out")"
expect_match "manifest, old name: the line names the agency the alias resolved to" \
    'later/2018\.html: loaded \(version [0-9]+\): 示例市交通局 2018 \(gov2014\), agency 示例市交通运输局; consistent' "$work/man2.err"
expect "manifest, old name: one agency with 2016, 2017 and 2018; four agencies in all" "2016,2017,2018|4" \
    "$(q "SELECT string_agg(v.year::text, ',' ORDER BY v.year) FROM gi_corpus.report_versions v
            JOIN gi_corpus.agencies a USING (agency_id) WHERE a.name = '示例市交通运输局'")|$(q "SELECT count(*) FROM gi_corpus.agencies")"
"$GI" -d "$db" --table gi_corpus.reports --manifest "$cor/manifest.csv" "$cor/later" >"$work/man3.out" 2>"$work/man3.err"
expect "manifest and a folder, again: everything skipped" "0 0 0 0 0 0 6 0" "$(ws_counts "$work/man3.out")"

# ---------------------------------------------------------------------------
echo "# last year's version decides digits that ran together"

# A county's 2023 page as a web archiver saved it (every cell boundary lost):
# its 行政规范性文件 run 3529187 has 15 readings; the agency's 2022 version
# in the workspace (现行有效件数 181) leaves one, 35 · 29 · 187.
mkdir -p "$work/runs"
cp "$fixtures/2023-baisha-page-text.txt" "$work/runs/"
for w in gi_prev gi_prev0; do q "SELECT govinfo.create_workspace('$w')" >/dev/null; done
q "INSERT INTO gi_prev.reports (agency, year, report)
   VALUES ('白沙县人民政府', 2022, govinfo.report('白沙县人民政府', 2022, 'gov2021',
           '{\"proactive.normative.in_force\": 181}'::jsonb))" >/dev/null
"$GI" -d "$db" --table gi_prev.reports "$work/runs" >"$work/prev.out" 2>"$work/prev.err"
expect "last year's version: exit 0, loaded" "0|1" "$?|$(count loaded "$work/prev.out")"
expect "last year's version: 本年制发 · 本年废止 · 现行有效 read as 35 · 29 · 187, and the log says why" \
    "35|29|187|t" \
    "$(q "SELECT govinfo.value(v.report, 'proactive.normative.issued'), govinfo.value(v.report, 'proactive.normative.repealed'),
                 govinfo.value(v.report, 'proactive.normative.in_force'),
                 v.parse_log @> '[{\"severity\": \"warning\", \"raw\": \"3529187\"}]'
            FROM gi_prev.report_versions v WHERE v.year = 2023")"
"$GI" -d "$db" --table gi_prev0.reports "$work/runs" >"$work/prev0.out" 2>"$work/prev0.err"
expect "no version of last year: the run left blank, the log says so" "0|||t" \
    "$?|$(q "SELECT govinfo.value(v.report, 'proactive.normative.issued'), govinfo.value(v.report, 'proactive.normative.in_force'),
                 v.parse_log @> '[{\"severity\": \"error\", \"raw\": \"3529187\"}]'
            FROM gi_prev0.report_versions v WHERE v.year = 2023")"

# ---------------------------------------------------------------------------
echo "# two importers at once on the same folder, into a workspace"

par=$work/par
mkdir -p "$par"
for i in $(seq 10 69); do
    sed "s/示例市交通运输局/示例${i}市交通运输局/g" "$fixtures/2016-example-transport.html" >"$par/r$i.html"
done
for i in $(seq 10 19); do
    printf '第%s份说明，不是报告。\n' "$i" >"$par/n$i.txt"
done
# another document of 示例10市's agency and year, after r10: a new version
sed 's/示例市交通运输局/示例10市交通运输局/g; s/charset="utf-8"/charset="gb18030"/' \
    "$fixtures/2016-example-transport.html" | iconv -f UTF-8 -t GB18030 >"$par/z-r10-gbk.html"
nfiles=$(ls "$par" | wc -l)
q "SELECT govinfo.create_workspace('gi_import_par')" >/dev/null
"$GI" -d "$db" --table gi_import_par.reports "$par" >"$work/parA.out" 2>"$work/parA.err" &
pa=$!
"$GI" -d "$db" --table gi_import_par.reports "$par" >"$work/parB.out" 2>"$work/parB.err" &
pb=$!
wait $pa; ra=$?
wait $pb; rb=$?
expect "two at once: both exit 0" "0 0" "$ra $rb"
echo "# run A: $(ws_counts "$work/parA.out"); run B: $(ws_counts "$work/parB.out") (loaded, replaced, kept, flagged, rejected, not parseable, skipped, not recorded)"
sum() { expect "two at once: $1, both runs together" "$2" "$(( $(count "$1" "$work/parA.out") + $(count "$1" "$work/parB.out") ))"; }
sum 'loaded' 60
sum 'replaced' 1
sum 'rejected (not a version)' 0
sum 'not parseable' 10
sum 'skipped (already imported)' "$nfiles"
sum 'not recorded (errors)' 0
expect "two at once: each file once in versions or rejects, no duplicate row" "61|60|10|10|71" \
    "$(q "SELECT (SELECT count(*) FROM gi_import_par.report_versions),
                 (SELECT count(*) FROM gi_import_par.agencies),
                 (SELECT count(*) FROM gi_import_par.rejects),
                 (SELECT count(DISTINCT content_hash) FROM gi_import_par.rejects),
                 (SELECT count(DISTINCT content_hash) FROM (SELECT content_hash FROM gi_import_par.report_versions
                                                            UNION ALL SELECT content_hash FROM gi_import_par.rejects) AS a)")"
expect "two at once: the GB18030 file is the current version of 示例10市, r10's kept behind it" "z-r10-gbk.html|r10.html|1" \
    "$(q "SELECT regexp_replace(v.source, '.*/', ''), regexp_replace(o.source, '.*/', ''),
                 (SELECT count(*) FROM gi_import_par.report_versions WHERE is_current AND agency_id = v.agency_id)
            FROM gi_import_par.report_versions v JOIN gi_import_par.report_versions o ON o.version_id = v.supersedes")"
expect_match "two at once: a file the other run recorded is said to be skipped" \
    'skipped \(already (loaded|in rejects)(, by another import running at the same time)?' "$work/parB.err"

# the same two importers into a table of one's own: there the later document
# of 示例10市 is refused as a duplicate agency and year, and only it
q "CREATE SCHEMA gi_import_ppar;
   CREATE TABLE gi_import_ppar.reports (LIKE $tbl INCLUDING ALL);
   CREATE TABLE gi_import_ppar.rejects (LIKE $ws.rejects INCLUDING ALL)" >/dev/null
"$GI" -d "$db" --table gi_import_ppar.reports "$par" >"$work/pparA.out" 2>"$work/pparA.err" &
pa=$!
"$GI" -d "$db" --table gi_import_ppar.reports "$par" >"$work/pparB.out" 2>"$work/pparB.err" &
pb=$!
wait $pa; ra=$?
wait $pb; rb=$?
psum() { echo $(( $(count "$1" "$work/pparA.out") + $(count "$1" "$work/pparB.out") )); }
expect "two at once, a table of one's own: both exit 0; loaded, rejected otherwise, not parseable, skipped, not recorded" \
    "0 0|60 1 10 $nfiles 0" \
    "$ra $rb|$(psum 'loaded') $(psum 'rejected for other reasons') $(psum 'not parseable') $(psum 'skipped (already imported)') $(psum 'not recorded (errors)')"
expect "two at once, a table of one's own: each file once, the only duplicate-agency reject the real one" "60|11|71|1|z-r10-gbk.html" \
    "$(q "SELECT (SELECT count(*) FROM gi_import_ppar.reports), (SELECT count(*) FROM gi_import_ppar.rejects),
                 (SELECT count(DISTINCT content_hash) FROM (SELECT content_hash FROM gi_import_ppar.reports
                                                            UNION ALL SELECT content_hash FROM gi_import_ppar.rejects) AS a),
                 count(*), min(regexp_replace(source, '.*/', ''))
            FROM gi_import_ppar.rejects WHERE sqlstate = '23505'")"

# ---------------------------------------------------------------------------
echo "# a target or an extension that is not what it seems"

# the importer's own table, with a trigger on it: refused, the trigger named
q "CREATE FUNCTION $ws.audit() RETURNS trigger LANGUAGE plpgsql AS \$\$
   BEGIN RAISE WARNING 'pwned: trigger ran as %', current_user; RETURN NEW; END \$\$;
   CREATE TRIGGER gi_audit BEFORE INSERT ON $ws.reports FOR EACH ROW EXECUTE FUNCTION $ws.audit();" >/dev/null
{ cat "$root/test/seed/2017-shandong-hrss.txt"; echo; echo; } >"$work/seed-copy2.txt"
"$GI" -d "$db" --table "$tbl" --agency 触发器测试 "$work/seed-copy2.txt" >"$work/trig.out" 2>"$work/trig.err"
expect "a trigger on the table: exit 1" 1 $?
expect_match "a trigger on the table: refused, the trigger named" \
    'refusing to import into "gi_import_test"\."reports": table "gi_import_test"\."reports" has trigger "gi_audit" that govinfo-import did not create' "$work/trig.err"
expect "a trigger on the table: it never ran" 0 "$(grep -c pwned "$work/trig.err")"
q "DROP TRIGGER gi_audit ON $ws.reports; DROP FUNCTION $ws.audit();" >/dev/null

if [ "$(q "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")" != t ]; then
    echo "# skipped: the hostile-role tests need a superuser"
else
    evil=gi_import_evil_$$
    ext_owner=$(q "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'govinfo'")
    q "CREATE ROLE $evil NOLOGIN; GRANT CREATE ON DATABASE \"$db\" TO $evil;
       GRANT USAGE ON SCHEMA govinfo TO $evil; CREATE SCHEMA gi_evil_ws AUTHORIZATION $evil" >/dev/null
    drop_evil() {
        q "DROP OWNED BY $evil CASCADE; DROP ROLE $evil" >/dev/null 2>&1
    }
    # the role's own workspace, with a trigger that would run as the importing superuser
    q "SET ROLE $evil; SELECT govinfo.create_workspace('gi_evil_ws');
       CREATE FUNCTION gi_evil_ws.grab() RETURNS trigger LANGUAGE plpgsql AS \$\$
       BEGIN RAISE WARNING 'pwned: trigger ran as %', current_user; RETURN NEW; END \$\$;
       CREATE TRIGGER grab BEFORE INSERT ON gi_evil_ws.reports FOR EACH ROW EXECUTE FUNCTION gi_evil_ws.grab()" >"$work/evil.log" 2>&1 ||
        fail "hostile role: set up its workspace" "$(cat "$work/evil.log")"
    "$GI" -d "$db" --table gi_evil_ws.reports "$work/seed-copy2.txt" >"$work/evil1.out" 2>"$work/evil1.err"
    expect "another role's schema: exit 1" 1 $?
    expect_match "another role's schema: refused, the owner named" \
        "refusing to import into \"gi_evil_ws\"\.\"reports\": the schema \"gi_evil_ws\" is owned by role \"$evil\", not by \"$(q 'SELECT current_user')\"" "$work/evil1.err"
    expect "another role's schema: the trigger never ran, nothing stored" "0|0" \
        "$(grep -c pwned "$work/evil1.err")|$(q "SELECT count(*) FROM gi_evil_ws.reports")"

    # a table of the role's in the importer's own schema
    q "CREATE SCHEMA gi_mine; SELECT govinfo.create_workspace('gi_mine'); ALTER TABLE gi_mine.rejects OWNER TO $evil" >/dev/null
    "$GI" -d "$db" --table gi_mine.reports "$work/seed-copy2.txt" >"$work/evil2.out" 2>"$work/evil2.err"
    expect "another role's table: exit 1" 1 $?
    expect_match "another role's table: refused, the table and owner named" \
        "table \"gi_mine\"\.\"rejects\" is owned by role \"$evil\"" "$work/evil2.err"
    "$GI" -d "$db" --init --table gi_evil_ws.reports "$work/seed-copy2.txt" >"$work/evil3.out" 2>"$work/evil3.err"
    expect "--init in another role's schema: exit 1" 1 $?
    "$GI" -d "$db" --table govinfo.reports --init "$work/seed-copy2.txt" >"$work/evil4.out" 2>"$work/evil4.err"
    expect "--init in the extension's schema: refused" "1|t" \
        "$?|$(grep -q 'refusing to create a workspace in the schema "govinfo" of the govinfo extension' "$work/evil4.err" && echo t)"

    # 1.0's state: the extension's schema owned by the role that installed it.
    # An overload planted there stops the importer.
    q "ALTER SCHEMA govinfo OWNER TO $evil" >/dev/null
    q "SET ROLE $evil; CREATE FUNCTION govinfo.report(text, integer, text, text) RETURNS govinfo.disclosure_report
       LANGUAGE plpgsql AS \$\$ BEGIN RAISE WARNING 'pwned: ran as %', current_user; RETURN NULL; END \$\$" >"$work/evil.log" 2>&1 ||
        fail "hostile role: plant an overload" "$(cat "$work/evil.log")"
    "$GI" -d "$db" --table "$tbl" "$work/seed-copy2.txt" >"$work/evil5.out" 2>"$work/evil5.err"
    expect "a planted overload: exit 1" 1 $?
    expect_match "a planted overload: refused, the function named" \
        'the schema "govinfo" of the govinfo extension holds 1 function that is not part of the extension: govinfo\.report\(text,integer,text,text\)' "$work/evil5.err"
    q "DROP FUNCTION govinfo.report(text, integer, text, text)" >/dev/null

    # The schema renamed and a look-alike put in its place: the importer
    # calls the extension's own functions, wherever its schema now is.
    q "SET ROLE $evil; ALTER SCHEMA govinfo RENAME TO govinfo_real; CREATE SCHEMA govinfo;
       CREATE DOMAIN govinfo.disclosure_report AS govinfo_real.disclosure_report;
       CREATE FUNCTION govinfo.parse_report(c text, a text, y integer, t text) RETURNS govinfo_real.disclosure_report
       LANGUAGE plpgsql AS \$\$ BEGIN RAISE WARNING 'pwned: ran as %', current_user;
       RETURN govinfo_real.parse_report(c, a, y, t); END \$\$;
       CREATE FUNCTION govinfo.parse_log(c text, a text, y integer, t text) RETURNS SETOF record
       LANGUAGE plpgsql AS \$\$ BEGIN RAISE WARNING 'pwned: ran as %', current_user; END \$\$;
       CREATE FUNCTION govinfo.violations(r govinfo_real.disclosure_report, m text, o text,
           OUT rule_id text, OUT severity text, OUT outcome boolean) RETURNS SETOF record
       LANGUAGE plpgsql AS \$\$ BEGIN RAISE WARNING 'pwned: ran as %', current_user; END \$\$" >"$work/evil.log" 2>&1 ||
        fail "hostile role: swap the schema" "$(cat "$work/evil.log")"
    { cat "$root/test/seed/2017-shandong-hrss.txt"; printf '\n\n\n'; } >"$work/seed-copy3.txt"
    "$GI" -d "$db" --table "$tbl" --agency 改名测试 "$work/seed-copy3.txt" >"$work/evil6.out" 2>"$work/evil6.err"
    expect "a look-alike schema: exit 0, the file loaded" "0|1" "$?|$(count 'loaded' "$work/evil6.out")"
    expect "a look-alike schema: none of its functions ran" 0 "$(grep -c pwned "$work/evil6.err")"
    # a workspace's own plpgsql names govinfo.*: into a workspace, refused
    "$GI" -d "$db" --table gi_ws.reports --agency 改名测试 "$work/seed-copy3.txt" >"$work/evil7.out" 2>"$work/evil7.err"
    expect "a look-alike schema, into a workspace: exit 1, nothing ran" "1|0" "$?|$(grep -c pwned "$work/evil7.err")"
    expect_match "a look-alike schema, into a workspace: refused, the renamed schema named" \
        'refusing to load into the workspace gi_ws: the govinfo extension.s schema is now called "govinfo_real"' "$work/evil7.err"
    q "DROP SCHEMA govinfo CASCADE; ALTER SCHEMA govinfo_real RENAME TO govinfo;
       ALTER SCHEMA govinfo OWNER TO \"$ext_owner\"" >/dev/null
    drop_evil
fi

# ---------------------------------------------------------------------------
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
