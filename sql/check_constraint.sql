-- govinfo.check_totals() as a CHECK constraint: INSERT, COPY and UPDATE.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS govinfo;
RESET client_min_messages;

CREATE TABLE reports (
    id integer PRIMARY KEY,
    report govinfo.disclosure_report NOT NULL CHECK (govinfo.check_totals(report))
);

-- a consistent gov2021 report: n requests, n-2 disclosed, 1 partly, 1 carried over; review 1 upheld
-- (every applicant column filled, so that every rule can be judged under non_null)
CREATE FUNCTION pg_temp.good(agency text, n integer) RETURNS govinfo.disclosure_report
LANGUAGE sql IMMUTABLE AS $$
SELECT govinfo.report(agency, 2022, 'gov2021',
  (SELECT jsonb_object_agg(row_code || CASE WHEN col = 'total' THEN '' ELSE '@' || col END,
                           CASE WHEN col IN ('natural', 'total') THEN v ELSE 0 END)
   FROM (VALUES ('apply.received', n), ('apply.carried_in', 0), ('apply.result.granted', n - 2),
                ('apply.result.partial', 1), ('apply.result', n - 1), ('apply.carried_out', 1)) AS r(row_code, v),
        unnest(ARRAY['natural', 'commercial', 'research', 'nonprofit', 'legal', 'other', 'total']) AS col)
  || '{"review": 1, "review.upheld": 1, "review.corrected": 0, "review.other": 0, "review.pending": 0}'::jsonb)
$$;

INSERT INTO reports VALUES (1, pg_temp.good('临河市交通运输局', 8));
SELECT id, (report).agency, govinfo.value(report, 'apply.received') FROM reports;

-- a bad INSERT is rejected with the detail message; the table is unchanged
INSERT INTO reports VALUES (2, govinfo.report('临河市财政局', 2022, 'gov2021',
  '{"apply.received@natural": 5, "apply.received": 6, "review": 2, "review.upheld": 1, "review.corrected": 0, "review.other": 0, "review.pending": 0}'));
SELECT count(*) AS rows_after_bad_insert FROM reports;

-- an UPDATE that breaks a total is rejected
UPDATE reports SET report = ROW((report).agency, (report).year, (report).template,
                                (SELECT array_agg(CASE WHEN c."position" = 17 THEN 9 ELSE (report).cells[c."position"] END ORDER BY c."position")
                                 FROM govinfo.template_cells('gov2021') c WHERE c."position" IS NOT NULL))
WHERE id = 1;
SELECT govinfo.value(report, 'apply.received') AS unchanged FROM reports WHERE id = 1;

-- COPY of 1,000 rows with one bad row in the middle fails as a whole, naming the bad row
CREATE TEMP TABLE copy_src AS
SELECT i AS id, CASE WHEN i = 1500 THEN govinfo.report('坏报告', 2022, 'gov2021', (govinfo.to_jsonb(pg_temp.good('x', 6))->'cells') || '{"review": 2}')
                     ELSE pg_temp.good('机关' || i, 5 + i % 7) END AS report
FROM generate_series(1001, 2000) i;
SELECT '/tmp/govinfo_regress_copy_' || pg_backend_pid() AS copyfile \gset
COPY copy_src TO :'copyfile';
DO $$
DECLARE
  ctx text; msg text; det text;
BEGIN
  EXECUTE format('COPY reports FROM %L', '/tmp/govinfo_regress_copy_' || pg_backend_pid());
  RAISE NOTICE 'COPY succeeded (it should not have)';
EXCEPTION WHEN check_violation THEN
  GET STACKED DIAGNOSTICS ctx = PG_EXCEPTION_CONTEXT, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
  RAISE NOTICE 'error: %', msg;
  RAISE NOTICE 'detail: %', det;
  RAISE NOTICE 'where: %', substring(ctx from 'COPY reports, line [0-9]+');
END $$;
SELECT count(*) AS rows_after_bad_copy FROM reports;

-- the same 999 good rows load
DELETE FROM copy_src WHERE id = 1500;
COPY copy_src TO :'copyfile';
COPY reports FROM :'copyfile';
SELECT count(*) AS rows_after_good_copy, sum(govinfo.value(report, 'apply.received')) AS requests FROM reports;

-- the CHECK in another mode: blank totals are judged as zero
CREATE TABLE strict_reports (report govinfo.disclosure_report CHECK (govinfo.check_totals(report, 'partial_zero')));
INSERT INTO strict_reports VALUES (govinfo.report('a', 2022, 'gov2021', '{"apply.received@natural": 3}'));
INSERT INTO strict_reports VALUES (govinfo.report('a', 2022, 'gov2021', '{}'));
SELECT count(*) FROM strict_reports;

-- a report without agency or year is named as such
SELECT govinfo.check_totals(govinfo.report(NULL, NULL, 'gov2014', '{"review": 1, "review.upheld": 0, "review.corrected": 0, "review.other": 0}'));

DROP TABLE reports, strict_reports;
