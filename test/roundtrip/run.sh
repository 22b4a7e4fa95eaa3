#!/usr/bin/env bash
# Round trip of the parser on the synthetic province: every report that
# tools/gen_synthetic.py invents (1,868 agencies, each with one of its
# years, 2014-2024: all three templates) is rendered as text by
# bench/render_reports.py in each of its four layouts (tab-separated rows,
# |-separated rows, a pdftotext -layout page, an HTML page), then with
# --noise (as published reports vary: NULL markers, full-width digits,
# amounts in 元, spaced, cut and wrapped headers and labels, annotations,
# page footers, title variants, local rows, traditional characters, CRLF,
# HTML spans and escapes ...) in seven (those four and a
# cell a line: tab-indented, a paragraph, ending in |), and
# govinfo.parse_report() must give back the report it was rendered from:
# template, agency, year and every cell.  One check a layout and template;
# a failure names the first reports that differ, and their cells.  Then
# govinfo.narrative_conflicts(): nothing in those renderings (their prose
# agrees with the table), and exactly the one figure in renderings whose
# prose states one off the table's (render_reports.py --conflict).
#
# Then the shapes of real published documents (render_reports.py --shape,
# ROUNDTRIP_SHAPE_REPORTS of the province each): a title block around the
# title line, HTML spans that do not line up, borderless | rows, cells run
# together, values wrapped in squeezed PDF columns, prose wrapped by PDF
# lines.  There a report may come back exactly, or with cells blank (or be
# refused) where parse_log has an error or warning naming the row (its
# section or label), or the agency or year blank (logged); each shape counts
# those, the wrong values in rows the log names, and what is wrong or blank
# with no log line naming it -- which must be none (a shape in UNASSERTED
# is counted and printed only).  And narrative_conflicts() finds
# the one figure stated off the table in prose wrapped by the PDF's lines.
#
# Runs against the PostgreSQL that the libpq environment names (inside
# `pg_virtualenv -v 15`), with govinfo installed there (make install), in a
# database of its own (dropped at the end) or, without CREATEDB, in the
# current one.  Ends with "N passed, N failed".
#
#   bash test/roundtrip/run.sh     ROUNDTRIP_REPORTS=200: fewer reports; ROUNDTRIP_SEED=N: another province
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
PYTHON=${PYTHON:-python3}
N=${ROUNDTRIP_REPORTS:-5000}		# more than the province has: all of them
NS=${ROUNDTRIP_SHAPE_REPORTS:-400}	# a sample of the province a shape
SHAPES="title spans bare-pipes runs wrapped prose-wrap"
UNASSERTED=""
SEED=${ROUNDTRIP_SEED:-20240601}

. "$root/test/lib.sh"

work=$(mktemp -d)
chmod 755 "$work"
cleanup() {
    rm -rf "$work"
    gi_test_drop_db
}
trap cleanup EXIT
gi_test_db govinfo_roundtrip_test_$$

# the clean renderings in four layouts, then the noisy ones (render_reports.py
# --noise: NULL markers, full-width digits, 元 amounts, spaced and wrapped
# headers, annotations, CRLF, HTML spans and escapes ...) in seven
LAYOUTS="tabs pipes pdf html noisy-tabs noisy-pipes noisy-pdf noisy-html noisy-cells-tab noisy-cells-blank noisy-cells-bar"
# and the prose stating one figure off the table's (--conflict), clean and noisy
for set in $LAYOUTS conflict noisy-conflict $(printf 'shape-%s ' $SHAPES) shape-conflict; do
    n=$N
    case $set in
        conflict) args=(--conflict) ;;
        noisy-conflict) args=(--conflict --noise) ;;
        shape-conflict) args=(--conflict --shape prose-wrap); n=$NS ;;
        shape-*) args=(--shape "${set#shape-}"); n=$NS ;;
        noisy-*) args=(--noise --layout "${set#noisy-}") ;;
        *) args=(--layout "$set") ;;
    esac
    if ! "$PYTHON" "$root/bench/render_reports.py" --seed "$SEED" --synthetic "$n" "${args[@]}" \
        -o "$work/$set.copy" 2>"$work/render.err"; then
        fail "render the synthetic reports as $set" "$(head -n 5 "$work/render.err")"
        echo "$passed passed, $failed failed"
        exit 1
    fi
    chmod 644 "$work/$set.copy"
done
SHAPE_LOAD=""
for shape in $SHAPES; do
    SHAPE_LOAD="$SHAPE_LOAD
\\copy rs (name, content, expected) FROM '$work/shape-$shape.copy'
UPDATE rs SET shape = '$shape' WHERE shape IS NULL;"
done
LOAD=""
for layout in $LAYOUTS; do
    LOAD="$LOAD
\\copy rt (name, content, expected) FROM '$work/$layout.copy'
UPDATE rt SET layout = '$layout' WHERE layout IS NULL;"
done

# one line a layout and template: layout|template|reports|exact|first differences
psql -X -At -d "$db" -v ON_ERROR_STOP=1 >"$work/out" 2>&1 <<SQL
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS govinfo;
CREATE TEMP TABLE rt (layout text, name text, content text, expected govinfo.disclosure_report);
$LOAD
CREATE TEMP TABLE parsed AS
    SELECT layout, name, expected, govinfo.parse_report(content) AS got FROM rt;
SELECT layout, (expected).template, count(*),
       count(*) FILTER (WHERE (got).template = (expected).template AND (got).agency = (expected).agency
                        AND (got).year = (expected).year AND (got).cells IS NOT DISTINCT FROM (expected).cells),
       coalesce(string_agg(CASE WHEN NOT ((got).template = (expected).template AND (got).agency = (expected).agency
                                          AND (got).year = (expected).year
                                          AND (got).cells IS NOT DISTINCT FROM (expected).cells)
                           THEN name || ': ' || coalesce((got).template || ' ' || (got).agency || ' ' || (got).year, '?') || ' '
                                || coalesce((SELECT string_agg('cell ' || i || ' ' || coalesce((got).cells[i]::text, 'NULL')
                                                               || ' (expected ' || coalesce((expected).cells[i]::text, 'NULL') || ')', ', ')
                                             FROM generate_subscripts((expected).cells, 1) AS i
                                             WHERE (got).cells[i] IS DISTINCT FROM (expected).cells[i]), '')
                           END, ' ; '), '')
FROM parsed
GROUP BY 1, 2
ORDER BY array_position(string_to_array('$LAYOUTS', ' '), layout), 2;
-- the prose of every consistent rendering agrees with its table
SELECT 'consistent', count(*), (SELECT count(*) FROM rt, govinfo.narrative_conflicts(rt.content)),
       coalesce((SELECT string_agg(rt.name || ': ' || c.code || ' table ' || c.table_value || ' text ' || c.text_value, ' ; ')
                 FROM rt, govinfo.narrative_conflicts(rt.content) AS c), '')
FROM rt;
CREATE TEMP TABLE rc (layout text, name text, content text, expected govinfo.disclosure_report, conflicts text);
\\copy rc (name, content, expected, conflicts) FROM '$work/conflict.copy'
UPDATE rc SET layout = 'conflict' WHERE layout IS NULL;
\\copy rc (name, content, expected, conflicts) FROM '$work/noisy-conflict.copy'
UPDATE rc SET layout = 'noisy-conflict' WHERE layout IS NULL;
\\copy rc (name, content, expected, conflicts) FROM '$work/shape-conflict.copy'
UPDATE rc SET layout = 'prose-wrap' WHERE layout IS NULL;
SELECT 'stated-' || layout, count(*), count(*) FILTER (WHERE found IS NOT DISTINCT FROM conflicts),
       coalesce(string_agg(CASE WHEN found IS DISTINCT FROM conflicts
                           THEN name || ': found ' || coalesce(found, 'nothing') || ', stated ' || conflicts END, ' ; '), '')
FROM (SELECT layout, name, conflicts,
             (SELECT string_agg(c.code || ' ' || c.table_value || ' ' || c.text_value, ';' ORDER BY c.code)
              FROM govinfo.narrative_conflicts(rc.content) AS c) AS found
      FROM rc) AS s
GROUP BY layout
ORDER BY layout;
-- the shapes of real documents: a line a shape,
-- shape|reports|exact|blank with a log|wrong with a log|silent|the first silent ones
CREATE TEMP TABLE rs (shape text, name text, content text, expected govinfo.disclosure_report);
$SHAPE_LOAD
\\i $here/shapes.sql
SQL
if [ $? -ne 0 ]; then
    fail "load and parse the rendered reports" "$(grep -v "^\(COPY\|UPDATE\) [0-9]" "$work/out" | tail -n 20)"
    echo "$passed passed, $failed failed"
    exit 1
fi

total=0
while IFS='|' read -r layout tmpl n exact diffs; do
    [ -n "$tmpl" ] || continue
    total=$((total + n))
    if [ "$n" -gt 0 ] && [ "$n" = "$exact" ]; then
        pass "$layout $tmpl: $exact of $n synthetic reports parse back to their source"
    else
        fail "$layout $tmpl: $exact of $n synthetic reports parse back to their source" \
            "$(printf '%s\n' "$diffs" | sed 's/ ; /\n/g' | head -n 5)"
    fi
done < <(grep -E '^[a-z-]+\|gov' "$work/out")
# every layout and template was there
if [ "$((passed + failed))" -eq 33 ] && [ "$total" -ge 20000 ]; then
    pass "33 layout-template pairs, $total reports in all"
else
    fail "33 layout-template pairs and 20000 reports or more" "$((passed + failed)) pairs, $total reports"
fi

# narrative_conflicts: nothing where prose and table agree, exactly the figure stated off where one is
while IFS='|' read -r what n found diffs; do
    case $what in
        consistent)
            if [ "$n" -ge 20000 ] && [ "$found" = 0 ]; then
                pass "narrative_conflicts: no conflict in the $n renderings whose prose agrees with the table"
            else
                fail "narrative_conflicts: no conflict in the $n renderings whose prose agrees with the table" \
                    "$found found:"$'\n'"$(printf '%s\n' "$diffs" | sed 's/ ; /\n/g' | head -n 5)"
            fi ;;
        stated-*)
            min=1000
            [ "$what" = stated-prose-wrap ] && min=$((NS / 2))
            if [ "$n" -ge "$min" ] && [ "$n" = "$found" ]; then
                pass "narrative_conflicts (${what#stated-}): $found of $n reports give exactly the one figure their prose states off the table"
            else
                fail "narrative_conflicts (${what#stated-}): $found of $n reports give exactly the one figure their prose states off the table" \
                    "$(printf '%s\n' "$diffs" | sed 's/ ; /\n/g' | head -n 5)"
            fi ;;
    esac
done < <(grep -E '^(consistent|stated-[a-z-]+)\|' "$work/out")
if [ "$(grep -cE '^(consistent|stated-[a-z-]+)\|' "$work/out")" != 4 ]; then
    fail "narrative_conflicts checks ran" "$(grep -E '^(consistent|stated-)' "$work/out" | head -n 5)"
fi

# the shapes of real documents: nothing wrong or blank without a log line naming it
while IFS='|' read -r _ shape n exact blank wlogged silent diffs; do
    what="shape $shape: $n reports, $exact exact, $blank blank or refused with a log line, $wlogged with a wrong value in a row the log names, $silent wrong or blank with no log line naming it"
    case " $UNASSERTED " in
        *" $shape "*)
            echo "# (counted, not asserted) $what"
            [ "$silent" -gt 0 ] && printf '%s\n' "$diffs" | sed 's/ ; /\n/g' | head -n 3 | sed 's/^/#   /'
            continue ;;
    esac
    if [ "$n" -ge 1 ] && [ "$silent" = 0 ]; then
        pass "$what"
    else
        fail "$what" "$(printf '%s\n' "$diffs" | sed 's/ ; /\n/g' | head -n 5)"
    fi
done < <(grep -E '^shape\|' "$work/out")
if [ "$(grep -cE '^shape\|' "$work/out")" != "$(echo $SHAPES | wc -w)" ]; then
    fail "every shape parsed back" "$(grep -E '^shape\|' "$work/out" | cut -d'|' -f2 | tr '\n' ' ')"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
