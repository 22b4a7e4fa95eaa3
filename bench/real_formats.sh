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
# A measurement, not a test: it needs chromium, pdftotext (poppler-utils),
# pandoc and a CJK font (fonts-wqy-zenhei), and optionally LibreOffice
# (libreoffice-writer-nogui), which CI does not install, and asserts
# nothing.  Chromium takes about a second a page.
#
#   bench/real_formats.sh             REAL_N=60 reports a kind (clean, noisy), REAL_SEED
#   PGHOST ... to use a running server instead of a throwaway one
set -euo pipefail
. "$(dirname "$0")/lib.sh"

for tool in chromium pdftotext pandoc; do
	command -v "$tool" >/dev/null || {
		echo "real_formats: $tool is not installed (apt-get install chromium poppler-utils pandoc fonts-wqy-zenhei)" >&2
		exit 1
	}
done
bench_server "$@"

N=${REAL_N:-60}
SEED=${REAL_SEED:-$BENCH_SEED}
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
ls "$W"/*.html | xargs -P 2 -I{} sh -c 'b=${1%.html}; chromium --headless --no-sandbox --disable-gpu \
	--no-pdf-header-footer --print-to-pdf="$b.pdf" "file://$1" >/dev/null 2>&1;
	pdftotext -layout "$b.pdf" "$b.pdf.txt" 2>/dev/null;
	pandoc -f html -t docx -o "$b.docx" "$1" 2>/dev/null && pandoc -f docx -t html -o "$b.docx.txt" "$b.docx" 2>/dev/null' _ {}
# and, when LibreOffice is installed, its PDF and .docx of the same pages
PATHS="pdf docx"
if command -v soffice >/dev/null; then
	mkdir -p "$W/lo"
	soffice --headless --convert-to pdf --outdir "$W/lo" "$W"/*.html >/dev/null 2>&1 || true
	soffice --headless --convert-to docx:"MS Word 2007 XML" --outdir "$W/lo" "$W"/*.html >/dev/null 2>&1 || true
	for f in "$W"/*.html; do
		b=$(basename "$f" .html)
		[ -f "$W/lo/$b.pdf" ] && pdftotext -layout "$W/lo/$b.pdf" "$W/$b.lo-pdf.txt" 2>/dev/null
		[ -f "$W/lo/$b.docx" ] && pandoc -f docx -t html -o "$W/$b.lo-docx.txt" "$W/lo/$b.docx" 2>/dev/null
	done
	PATHS="pdf docx lo-pdf lo-docx"
fi

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
echo "tools: $(chromium --version 2>/dev/null | head -1); pdftotext $(pdftotext -v 2>&1 | head -1 | awk '{print $3}'); pandoc $(pandoc --version | head -1 | awk '{print $2}')"
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
