-- The shapes of real published documents, parsed back (test/roundtrip/run.sh,
-- bench/real_formats.sh).  Reads rs (shape, name, content, expected); prints
-- a line a shape:
--   shape|shape name|reports|exact|blank with a log|wrong with a log|silent|the first silent ones
-- where a report is
--   exact         template, agency, year and every cell as rendered;
--   blank         refused (no table; parse_log says why), or every cell that
--                 differs blank where an error or warning of parse_log names its
--                 row (its section, or its label), the agency or year blank (the
--                 log says it was not found);
--   wrong-logged  a cell read as another number, in a row the log names;
--   silent        a cell wrong or blank in a row no log line names, or the
--                 template, agency or year wrong: what a loader must never do.
-- A cell that differs is listed as position:got/expected, + when the log names it.
CREATE FUNCTION pg_temp.try_parse(c text) RETURNS govinfo.disclosure_report LANGUAGE plpgsql AS $$
BEGIN
    RETURN govinfo.parse_report(c);
EXCEPTION WHEN invalid_text_representation THEN
    RETURN NULL;
END $$;
CREATE TEMP TABLE shp AS
    SELECT s.shape, s.name, s.expected, s.got, l.nlog,
           (SELECT string_agg(c.position || ':' || coalesce((s.got).cells[c.position]::text, 'NULL') || '/'
                              || coalesce((s.expected).cells[c.position]::text, 'NULL')
                              || CASE WHEN EXISTS (SELECT FROM unnest(l.lsec) AS ls WHERE c.section LIKE ls || '%')
                                        OR EXISTS (SELECT FROM unnest(l.llab) AS ll WHERE c.label_zh LIKE ll || '%')
                                   THEN '+' ELSE '' END, ' ')
            FROM govinfo.template_cells((s.expected).template) AS c
            WHERE c.position IS NOT NULL
              AND (s.got).cells[c.position] IS DISTINCT FROM (s.expected).cells[c.position]) AS diffs
    FROM (SELECT shape, name, content, expected, pg_temp.try_parse(content) AS got FROM rs) AS s
    CROSS JOIN LATERAL (SELECT array_agg(p.section) FILTER (WHERE p.severity IN ('error', 'warning') AND p.section <> '') AS lsec,
                               array_agg(p.label) FILTER (WHERE p.severity IN ('error', 'warning') AND p.label <> '') AS llab,
                               count(*) FILTER (WHERE p.severity IN ('error', 'warning')) AS nlog
                        FROM govinfo.parse_log(s.content) AS p) AS l;
-- a report: exact; blank (refused, or only blanks where the log names the row or the
-- agency/year not found, which is logged); wrong-logged (a wrong value in a row the
-- log names); silent (a wrong value, or a blank, that no log line names)
CREATE TEMP TABLE shc AS
    SELECT shape, name, diffs,
           CASE WHEN got IS NULL THEN CASE WHEN nlog > 0 THEN 'blank' ELSE 'silent' END
                WHEN (got).template IS DISTINCT FROM (expected).template
                     OR (got).agency <> (expected).agency OR (got).year <> (expected).year
                     OR diffs ~ '[^+]( |$)' THEN 'silent'
                WHEN diffs ~ '(^| )[0-9]+:[^N][^ ]*\+' THEN 'wrong-logged'
                WHEN diffs IS NOT NULL OR (got).agency IS NULL OR (got).year IS NULL THEN 'blank'
                ELSE 'exact' END AS outcome
    FROM shp;
SELECT 'shape', shape, count(*), count(*) FILTER (WHERE outcome = 'exact'), count(*) FILTER (WHERE outcome = 'blank'),
       count(*) FILTER (WHERE outcome = 'wrong-logged'), count(*) FILTER (WHERE outcome = 'silent'),
       coalesce(string_agg(CASE WHEN outcome = 'silent' THEN name || ': ' || coalesce(diffs, 'template, agency or year') END, ' ; '), '')
FROM shc GROUP BY shape ORDER BY shape;
