#!/bin/bash
# bench/real_formats.sh -- the parser on what real tools make of a report.
#
# Renders synthetic reports of the province as HTML pages
# (bench/render_reports.py --layout html, clean and --noise), then:
#   pdf      Chromium prints each page to PDF (cells padded as in a published
#            document), and pdftotext -layout reads the text back, as
#            govinfo-import does with a .pdf;
#   docx     pandoc writes each page as a .docx, and pandoc reads it back as
#            HTML, as govinfo-import does with a .docx;
#   lo-pdf, lo-docx  the same with LibreOffice (soffice --convert-to) making
#            the PDF and the .docx, when it is installed;
# and counts, per path, how many of the texts govinfo.parse_report() turns
# back into exactly the report they were rendered from (template, agency,
# year, every cell), listing the first that differ.  Escaped pages (the
# noise's HTML-as-text) are left out: a browser prints them as text.
#
# Then the shapes of real published documents (render_reports.py --shape,
# REAL_SHAPE_N reports each: title blocks, HTML spans that do not line up,
# borderless | rows, cells run together, values wrapped in squeezed PDF
# columns, prose wrapped by PDF lines), counted as test/roundtrip/shapes.sql
# counts them: exact, blank or refused with a log line naming the row,
# wrong in a row the log names, wrong or blank with no log line.  And the
# scanned page: REAL_OCR_N reports rendered as a page to print (--shape
# scan: the agency above the title, padded cells), printed to PDF by
# LibreOffice Writer, rasterised at 300 dpi (pdftoppm -gray), made a PDF of
# page images only (test/import/scan_pdf.py) and read back by govinfo-import
# --ocr: the cells right of the cells printed, and those read as another
# number.
#
# A measurement, not a test: it needs pdftotext (poppler-utils), pandoc and
# a CJK font (fonts-wqy-zenhei), and optionally chromium (the pdf path),
# LibreOffice (libreoffice-writer-nogui: lo-pdf, lo-docx and the scans) and
# tesseract-ocr with tesseract-ocr-chi-sim (the scans), which CI does not
# install, and asserts nothing.  Chromium takes about a second a page,
# LibreOffice some 20 s a file, OCR some 10 s a page.
#
#   bench/real_formats.sh             REAL_N=60 reports a kind (clean, noisy), REAL_SEED,
#                                     REAL_SHAPE_N=200 a shape, REAL_OCR_N=2 scans
#   PGHOST ... to use a running server instead of a throwaway one
set -euo pipefail
. "$(dirname "$0")/lib.sh"

for tool in pdftotext pandoc; do
	command -v "$tool" >/dev/null || {
		echo "real_formats: $tool is not installed (apt-get install poppler-utils pandoc fonts-wqy-zenhei)" >&2
		exit 1
	}
done
CHROMIUM=$(command -v chromium || true)
[ -n "$CHROMIUM" ] || echo "real_formats: chromium is not installed: no pdf path (apt-get install chromium)" >&2
bench_server "$@"

N=${REAL_N:-60}
SEED=${REAL_SEED:-$BENCH_SEED}
SHAPE_N=${REAL_SHAPE_N:-200}
OCR_N=${REAL_OCR_N:-2}
GI=${GOVINFO_IMPORT:-$BENCH_ROOT/govinfo-import}
SHAPES="title spans bare-pipes runs wrapped prose-wrap"
W=$(mktemp -d)
chmod 755 "$W"
trap 'rm -rf "$W"' EXIT

# the pages: every k-th report of the province, clean and noisy, escaped pages left
# out, cells padded as a published document's are (unpadded narrow cells run
# together in print)
for kind in clean noisy; do
	args=(--layout html)
	[ $kind = noisy ] && args+=(--noise)
	"$PYTHON" "$BENCH_ROOT/bench/render_reports.py" --seed "$SEED" --synthetic 5000 "${args[@]}" \
		-o /dev/null --files "$W/$kind.all"
	all=("$W/$kind.all"/*.html)
	step=$(( ${#all[@]} / N > 1 ? ${#all[@]} / N : 1 ))
	k=0
	for ((i = 0; i < ${#all[@]} && k < N; i += step)); do
		f=${all[$i]}
		grep -q '&lt;table' "$f" && continue
		base=$(printf '%s/%s-%04d' "$W" "$kind" "$k")
		sed 's/td{border:1px solid #999}/td{border:1px solid #999;padding:2px 6px}/' "$f" >"$base.html"
		cp "${f%.html}.meta" "$base.meta"
		k=$((k + 1))
	done
	rm -rf "$W/$kind.all"
done

# PDF through Chromium and pdftotext; DOCX through pandoc, both ways
ls "$W"/*.html | xargs -P 2 -I{} sh -c 'b=${1%.html}; if [ -n "$2" ]; then "$2" --headless --no-sandbox --disable-gpu \
	--no-pdf-header-footer --print-to-pdf="$b.pdf" "file://$1" >/dev/null 2>&1;
	pdftotext -layout "$b.pdf" "$b.pdf.txt" 2>/dev/null; fi;
	pandoc -f html -t docx -o "$b.docx" "$1" 2>/dev/null && pandoc -f docx -t html -o "$b.docx.txt" "$b.docx" 2>/dev/null' _ {} "$CHROMIUM"
# and, when LibreOffice is installed, its PDF and .docx of the same pages
PATHS="docx"
[ -n "$CHROMIUM" ] && PATHS="pdf docx"
if command -v soffice >/dev/null; then
	mkdir -p "$W/lo"
	soffice --headless --convert-to pdf --outdir "$W/lo" "$W"/*.html >/dev/null 2>&1 || true
	soffice --headless --convert-to docx:"MS Word 2007 XML" --outdir "$W/lo" "$W"/*.html >/dev/null 2>&1 || true
	for f in "$W"/*.html; do
		b=$(basename "$f" .html)
		[ -f "$W/lo/$b.pdf" ] && pdftotext -layout "$W/lo/$b.pdf" "$W/$b.lo-pdf.txt" 2>/dev/null
		[ -f "$W/lo/$b.docx" ] && pandoc -f docx -t html -o "$W/$b.lo-docx.txt" "$W/lo/$b.docx" 2>/dev/null
	done
	PATHS="$PATHS lo-pdf lo-docx"
fi

# the shapes of real documents, as text
mkdir -p "$W/shapes"
for shape in $SHAPES; do
	"$PYTHON" "$BENCH_ROOT/bench/render_reports.py" --seed "$SEED" --synthetic "$SHAPE_N" --shape "$shape" \
		-o "$W/shapes/$shape.copy"
done
# and the scans, when LibreOffice and tesseract (with chi_sim) are installed
OCR=no
if [ "$OCR_N" -gt 0 ] && command -v soffice >/dev/null && command -v pdftoppm >/dev/null &&
	tesseract --list-langs 2>/dev/null | grep -qx chi_sim; then
	OCR=yes
	mkdir -p "$W/scan/html" "$W/scan/pdf" "$W/scan/in"
	"$PYTHON" "$BENCH_ROOT/bench/render_reports.py" --seed "$SEED" --synthetic 5000 --shape scan \
		-o /dev/null --files "$W/scan/all"
	all=("$W/scan/all"/*.html)
	step=$(( ${#all[@]} / OCR_N > 1 ? ${#all[@]} / OCR_N : 1 ))
	for ((i = 0, k = 0; i < ${#all[@]} && k < OCR_N; i += step, k++)); do
		cp "${all[$i]}" "$W/scan/html/"
		b=$(basename "${all[$i]}" .html)
		printf '%s\t%s\n' "$b" "$(cut -f2 "${all[$i]%.html}.meta")" >>"$W/scan/expected.copy"
	done
	soffice "-env:UserInstallation=file://$W/lo-scan" --headless --infilter='HTML (StarWriter)' \
		--convert-to pdf:writer_pdf_Export --outdir "$W/scan/pdf" "$W"/scan/html/*.html >/dev/null 2>&1 || true
	pages=0
	for f in "$W"/scan/pdf/*.pdf; do
		b=$(basename "$f" .pdf)
		pdftoppm -r 300 -gray "$f" "$W/scan/pdf/$b-page"
		pages=$((pages + $(ls "$W/scan/pdf/$b"-page-*.pgm | wc -l)))
		"$PYTHON" "$BENCH_ROOT/test/import/scan_pdf.py" "$W/scan/in/$b.pdf" 300 "$W/scan/pdf/$b"-page-*.pgm
		rm -f "$W/scan/pdf/$b"-page-*.pgm
	done
fi
chmod -R a+rX "$W"

"$PYTHON" - "$W" $PATHS >"$W/all.copy" <<'PY'
import glob, os, sys
w = sys.argv[1]
paths = sys.argv[2:]
def esc(s): return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
for meta in sorted(glob.glob(w + "/*.meta")):
    base = meta[:-5]
    kind = os.path.basename(base).split("-")[0]
    name, expected = open(meta, encoding="utf-8").read().split("\t")
    for path in paths:
        f = "%s.%s.txt" % (base, path)
        text = open(f, encoding="utf-8", errors="replace").read() if os.path.exists(f) else ""
        print("\t".join([path + " " + kind, esc(name), esc(text), esc(expected)]))
PY
chmod 644 "$W/all.copy"

echo "== govinfo real_formats: $N clean and $N noisy report pages (seed $SEED), printed and read back =="
echo "tools: ${CHROMIUM:+$($CHROMIUM --version 2>/dev/null | head -1); }pdftotext $(pdftotext -v 2>&1 | head -1 | awk '{print $3}'); pandoc $(pandoc --version | head -1 | awk '{print $2}')"
q <<SQL
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS govinfo;
CREATE TEMP TABLE rf (path text, name text, content text, expected govinfo.disclosure_report);
\\copy rf FROM '$W/all.copy'
CREATE TEMP TABLE rfp AS
    SELECT path, name, expected,
           CASE WHEN content <> '' THEN govinfo.parse_report(content) END AS got
    FROM rf;
SELECT path || ': ' || count(*) FILTER (WHERE (got).template = (expected).template AND (got).agency = (expected).agency
                                        AND (got).year = (expected).year AND (got).cells IS NOT DISTINCT FROM (expected).cells)
       || ' of ' || count(*) || ' parse back exactly'
FROM rfp GROUP BY path ORDER BY path;
SELECT 'differs: ' || path || ' ' || name || ': '
       || coalesce((SELECT string_agg('cell ' || i || ' ' || coalesce((got).cells[i]::text, 'NULL')
                                      || ' (expected ' || coalesce((expected).cells[i]::text, 'NULL') || ')', ', ')
                    FROM generate_subscripts((expected).cells, 1) AS i
                    WHERE (got).cells[i] IS DISTINCT FROM (expected).cells[i]), 'template, agency or year')
FROM rfp
WHERE NOT coalesce((got).template = (expected).template AND (got).agency = (expected).agency
                   AND (got).year = (expected).year AND (got).cells IS NOT DISTINCT FROM (expected).cells, false)
ORDER BY path, name
LIMIT 12;
SQL

SHAPE_LOAD=""
for shape in $SHAPES; do
	SHAPE_LOAD="$SHAPE_LOAD
\\copy rs (name, content, expected) FROM '$W/shapes/$shape.copy'
UPDATE rs SET shape = '$shape' WHERE shape IS NULL;"
done
echo "== the shapes of real documents: $SHAPE_N reports a shape; exact | blank or refused with a log line | wrong in a row the log names | wrong or blank with no log line =="
q <<SQL | awk -F'|' '$1 == "shape" { printf "%-11s %4d reports: %4d exact, %4d blank with a log, %4d wrong with a log, %4d with no log line\n", $2, $3, $4, $5, $6, $7 }'
SET client_min_messages = warning;
CREATE TEMP TABLE rs (shape text, name text, content text, expected govinfo.disclosure_report);
$SHAPE_LOAD
\\i $BENCH_ROOT/test/roundtrip/shapes.sql
SQL

[ "$OCR" = yes ] || { echo "(no scans: LibreOffice, pdftoppm or tesseract with chi_sim missing)"; exit 0; }
echo "== scans: $OCR_N report pages rendered (--shape scan), printed by LibreOffice, rasterised at 300 dpi ($pages pages), read back by govinfo-import --ocr =="
echo "tools: $(soffice --version 2>/dev/null | head -1); $(tesseract --version 2>&1 | head -1); pdftoppm $(pdftoppm -v 2>&1 | head -1 | awk '{print $3}')"
q <<SQL
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS bench_real_scan CASCADE;
SQL
"$GI" -q --init --table bench_real_scan.reports --ocr "$W/scan/in" | sed 's/^/  /'
q <<SQL
SET client_min_messages = warning;
CREATE TEMP TABLE ex (name text, expected govinfo.disclosure_report);
\\copy ex FROM '$W/scan/expected.copy'
CREATE TEMP TABLE got AS
    SELECT ex.name, ex.expected, r.report AS got
    FROM ex LEFT JOIN LATERAL (
        SELECT report FROM bench_real_scan.reports WHERE source LIKE '%/' || ex.name || '.pdf'
        UNION ALL SELECT report FROM bench_real_scan.rejects WHERE source LIKE '%/' || ex.name || '.pdf'
    ) AS r ON true;
$(cells_right_sql "'scan'" "")
SELECT 'scan ' || name || ' (' || coalesce((expected).template, '?') || '): '
       || (SELECT count(*) FROM generate_subscripts((expected).cells, 1) AS i
           WHERE (expected).cells[i] IS NOT NULL AND (got).cells[i] = (expected).cells[i])
       || ' of ' || (SELECT count(*) FROM unnest((expected).cells) AS c WHERE c IS NOT NULL) || ' cells right, '
       || (SELECT count(*) FROM generate_subscripts((expected).cells, 1) AS i WHERE (got).cells[i] <> (expected).cells[i])
       || ' wrong; agency ' || coalesce((got).agency, 'not found')
FROM got ORDER BY name;
SQL
