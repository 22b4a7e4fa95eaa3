#!/bin/bash
# bench/ocr_formats.sh -- govinfo-import on the formats it converts with
# LibreOffice and tesseract, against the reports they were made from.
#
# Renders synthetic reports of the province as HTML pages
# (bench/render_reports.py --layout html) and makes of each, with LibreOffice:
#   doc    a Word 97 document (as agencies publish .doc and .wps);
#   xlsx   a spreadsheet (Calc reading the page's tables);
#   scan   a PDF printed by Writer, rasterised at 300 dpi (pdftoppm -gray)
#          and made into a PDF of page images only (test/import/scan_pdf.py),
#          as a scanner makes it;
# then imports each folder with govinfo-import (the scans with --ocr) into a
# workspace of its own and counts, per path, the reports that parse back
# exactly (template, agency, year, every cell; loaded or rejected), the
# cells read right of the cells printed (the report's non-blank cells; a
# file not parsed counts none right), and the cells read as another number.
#
# A measurement, not a test: it needs LibreOffice (libreoffice-writer-nogui,
# libreoffice-calc-nogui), poppler-utils, tesseract-ocr, tesseract-ocr-chi-sim
# and a CJK font (fonts-wqy-zenhei), which CI does not install, and asserts
# nothing.  LibreOffice takes some 20 s a file here, OCR some 10 s a page.
#
#   bench/ocr_formats.sh              OCR_N=4 reports, OCR_SEED
#   PGHOST ... to use a running server instead of a throwaway one
set -euo pipefail
. "$(dirname "$0")/lib.sh"

for tool in soffice pdftoppm tesseract; do
	command -v "$tool" >/dev/null || {
		echo "ocr_formats: $tool is not installed (apt-get install libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils tesseract-ocr tesseract-ocr-chi-sim fonts-wqy-zenhei)" >&2
		exit 1
	}
done
tesseract --list-langs 2>/dev/null | grep -qx chi_sim || {
	echo "ocr_formats: tesseract has no chi_sim data (apt-get install tesseract-ocr-chi-sim)" >&2
	exit 1
}
bench_server "$@"

N=${OCR_N:-4}
SEED=${OCR_SEED:-$BENCH_SEED}
GI=${GOVINFO_IMPORT:-$BENCH_ROOT/govinfo-import}
W=$(mktemp -d)
chmod 755 "$W"
trap 'rm -rf "$W"' EXIT
LO=(soffice "-env:UserInstallation=file://$W/lo" --headless)

"$PYTHON" "$BENCH_ROOT/bench/render_reports.py" --seed "$SEED" --synthetic "$N" --layout html \
	-o /dev/null --files "$W/html"
mkdir -p "$W/doc" "$W/xlsx" "$W/scan" "$W/pdf"
"${LO[@]}" --convert-to 'doc:MS Word 97' --outdir "$W/doc" "$W"/html/*.html >/dev/null 2>&1
"${LO[@]}" --infilter='HTML (StarCalc)' --convert-to xlsx --outdir "$W/xlsx" "$W"/html/*.html >/dev/null 2>&1
"${LO[@]}" --infilter='HTML (StarWriter)' --convert-to pdf:writer_pdf_Export --outdir "$W/pdf" \
	"$W"/html/*.html >/dev/null 2>&1
pages=0
for f in "$W"/pdf/*.pdf; do
	b=$(basename "$f" .pdf)
	pdftoppm -r 300 -gray "$f" "$W/pdf/$b-page"
	pages=$((pages + $(ls "$W/pdf/$b"-page-*.pgm | wc -l)))
	"$PYTHON" "$BENCH_ROOT/test/import/scan_pdf.py" "$W/scan/$b.pdf" 300 "$W/pdf/$b"-page-*.pgm
	rm -f "$W/pdf/$b"-page-*.pgm
done

# the reports the pages were rendered from: (name, expected)
for m in "$W"/html/*.meta; do
	printf '%s\t%s\n' "$(basename "$m" .meta)" "$(cut -f2 "$m")"
done >"$W/expected.copy"
chmod -R a+rX "$W"

echo "== govinfo ocr_formats: $N report pages (seed $SEED) as .doc, .xlsx and scans ($pages pages), read back by govinfo-import =="
echo "tools: $(soffice --version 2>/dev/null | head -1); $(tesseract --version 2>&1 | head -1); pdftoppm $(pdftoppm -v 2>&1 | head -1 | awk '{print $3}')"
q <<SQL
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS govinfo;
DROP SCHEMA IF EXISTS bench_doc CASCADE;
DROP SCHEMA IF EXISTS bench_xlsx CASCADE;
DROP SCHEMA IF EXISTS bench_scan CASCADE;
SQL
for path in doc xlsx scan; do
	args=()
	[ $path = scan ] && args+=(--ocr)
	"$GI" -q --init --table "bench_$path.reports" "${args[@]}" "$W/$path" | sed 's/^/  /'
done
q <<SQL
SET client_min_messages = warning;
CREATE TEMP TABLE ex (name text, expected govinfo.disclosure_report);
\\copy ex FROM '$W/expected.copy'
CREATE TEMP TABLE got AS
    SELECT p.path, ex.name, ex.expected, r.report AS got
    FROM ex CROSS JOIN (VALUES ('doc'), ('xlsx'), ('scan')) AS p(path)
    LEFT JOIN LATERAL (
        SELECT report FROM bench_doc.reports WHERE p.path = 'doc' AND source LIKE '%/' || ex.name || '.doc'
        UNION ALL SELECT report FROM bench_doc.rejects WHERE p.path = 'doc' AND source LIKE '%/' || ex.name || '.doc'
        UNION ALL SELECT report FROM bench_xlsx.reports WHERE p.path = 'xlsx' AND source LIKE '%/' || ex.name || '.xlsx'
        UNION ALL SELECT report FROM bench_xlsx.rejects WHERE p.path = 'xlsx' AND source LIKE '%/' || ex.name || '.xlsx'
        UNION ALL SELECT report FROM bench_scan.reports WHERE p.path = 'scan' AND source LIKE '%/' || ex.name || '.pdf'
        UNION ALL SELECT report FROM bench_scan.rejects WHERE p.path = 'scan' AND source LIKE '%/' || ex.name || '.pdf'
    ) AS r ON true;
$(cells_right_sql "path" "GROUP BY path ORDER BY path")
SELECT 'scan ' || name || ': ' || (SELECT count(*) FROM generate_subscripts((expected).cells, 1) AS i
                                   WHERE (expected).cells[i] IS NOT NULL AND (got).cells[i] = (expected).cells[i])
       || ' of ' || (SELECT count(*) FROM unnest((expected).cells) AS c WHERE c IS NOT NULL) || ' cells right, '
       || (SELECT count(*) FROM generate_subscripts((expected).cells, 1) AS i WHERE (got).cells[i] <> (expected).cells[i])
       || ' wrong ('
       || coalesce((expected).template, '?') || '); rules broken: '
       || coalesce((SELECT string_agg(DISTINCT v.rule_id, ' ') FROM govinfo.violations((got), 'non_null', 'all') AS v
                    WHERE v.outcome IS FALSE), 'none')
FROM got WHERE path = 'scan' ORDER BY name;
SQL
