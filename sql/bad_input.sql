-- Every kind of bad input gets a clear error with an SQLSTATE; nothing crashes.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS govinfo;
RESET client_min_messages;
\set VERBOSITY default
\set SHOW_CONTEXT never
-- show the SQLSTATE of each error too
\set ON_ERROR_STOP 0

CREATE FUNCTION pg_temp.sqlstate(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE q;
  RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE;
END $$;

-- govinfo.report(): unknown code (the hint names the nearest valid code)
SELECT govinfo.report('a', 2021, 'gov2021', '{"apply.recieved": 1}');
SELECT govinfo.report('a', 2021, 'gov2021', '{"apply.received@natrual": 1}');
-- a fraction in a count
SELECT govinfo.report('a', 2021, 'gov2021', '{"apply.received": 1.5}');
-- finer than a 分 (0.01 元) in a 万元 amount
SELECT govinfo.report('a', 2021, 'gov2021', '{"proactive.fees.amount": "0.0000001"}');
-- negative where the sign is +; allowed where it is ±
SELECT govinfo.report('a', 2021, 'gov2021', '{"apply.received": -1}');
SELECT govinfo.value(govinfo.report('a', 2020, 'gov2019', '{"proactive.penalty.change": -8}'), 'proactive.penalty.change');
-- beyond bigint
SELECT govinfo.report('a', 2021, 'gov2021', '{"apply.received": 9223372036854775808}');
SELECT govinfo.report('a', 2021, 'gov2021', '{"proactive.fees.amount": 922337203685478}');
-- text where a number belongs, booleans, arrays, objects
SELECT govinfo.report('a', 2021, 'gov2021', '{"apply.received": "十二"}');
SELECT govinfo.report('a', 2021, 'gov2021', '{"apply.received": "12 "}');
SELECT govinfo.report('a', 2021, 'gov2021', '{"apply.received": true}');
SELECT govinfo.report('a', 2021, 'gov2021', '{"apply.received": [1]}');
-- not an object; a group as a key
SELECT govinfo.report('a', 2021, 'gov2021', '[1, 2]');
SELECT govinfo.report('a', 2021, 'gov2021', '{"apply.result.denied": 3}');
-- template and year
SELECT govinfo.report('a', 2021, NULL, '{}');
SELECT govinfo.report('a', 2021, 'gov2020', '{}');
SELECT govinfo.report('a', 1989, 'gov2021', '{}');
SELECT govinfo.report('a', 2101, 'gov2021', '{}');

-- hand-built values: wrong length, two dimensions, negative cell, unknown template, NULL cells, bad year
SELECT govinfo.is_consistent(ROW('a', 2021, 'gov2021', ARRAY[1, 2, 3]::bigint[])::govinfo.disclosure_report);
SELECT govinfo.is_consistent(ROW('a', 2021, 'gov2021', '{}'::bigint[])::govinfo.disclosure_report);
SELECT govinfo.is_consistent(ROW('a', 2015, 'gov2014', array_fill(1::bigint, ARRAY[8, 8]))::govinfo.disclosure_report);
SELECT govinfo.check_totals(ROW('a', 2015, 'gov2014', array_fill(-1::bigint, ARRAY[64]))::govinfo.disclosure_report);
SELECT govinfo.cells(ROW('a', 2015, 'gov1999', array_fill(1::bigint, ARRAY[64]))::govinfo.disclosure_report);
SELECT govinfo.to_jsonb(ROW('a', 2015, 'gov2014', NULL)::govinfo.disclosure_report);
SELECT govinfo.to_jsonb(ROW('a', 2015, NULL, array_fill(1::bigint, ARRAY[64]))::govinfo.disclosure_report);
SELECT govinfo.violations(ROW('a', 3000, 'gov2014', array_fill(1::bigint, ARRAY[64]))::govinfo.disclosure_report);

-- value(): unknown code
SELECT govinfo.value(govinfo.report('a', 2021, 'gov2021', '{}'), 'apply.received.total');
-- modes and outputs
SELECT * FROM govinfo.violations(govinfo.report('a', 2021, 'gov2021', '{}'), 'strict');
SELECT * FROM govinfo.violations(govinfo.report('a', 2021, 'gov2021', '{}'), 'non_null', 'failed');
SELECT govinfo.check_totals(govinfo.report('a', 2021, 'gov2021', '{}'), 'NON_NULL');

-- sums that overflow raise an error, never wrap
SELECT govinfo.is_consistent(govinfo.report('a', 2021, 'gov2021',
  '{"review.upheld": 9223372036854775807, "review.corrected": 9223372036854775807, "review.other": 1, "review.pending": 1, "review": 5}'));
SELECT govinfo.value(govinfo.report('a', 2021, 'gov2021',
  '{"litigation.direct": 9223372036854775807, "litigation.after_review": 1}'), 'litigation');

-- the SQLSTATEs of the errors above
SELECT q, pg_temp.sqlstate(q) FROM (VALUES
  ($$SELECT govinfo.report('a', 2021, 'gov2021', '{"apply.recieved": 1}')$$),
  ($$SELECT govinfo.report('a', 2021, 'gov2021', '{"apply.received": 1.5}')$$),
  ($$SELECT govinfo.report('a', 2021, 'gov2021', '{"apply.received": -1}')$$),
  ($$SELECT govinfo.report('a', 2021, 'gov2021', '{"apply.received": 9223372036854775808}')$$),
  ($$SELECT govinfo.report('a', 2021, 'gov2021', '{"apply.received": "十二"}')$$),
  ($$SELECT govinfo.report('a', 2021, NULL, '{}')$$),
  ($$SELECT govinfo.report('a', 1989, 'gov2021', '{}')$$),
  ($$SELECT govinfo.is_consistent(ROW('a', 2021, 'gov2021', ARRAY[1]::bigint[])::govinfo.disclosure_report)$$),
  ($$SELECT govinfo.is_consistent(govinfo.report('a', 2021, 'gov2021', '{"review.upheld": 9223372036854775807, "review.corrected": 1}'), 'always_zero')$$)
) AS t(q);

-- hostile text: long, control characters and markup in keys and values are reported, not executed
SELECT govinfo.report('a', 2021, 'gov2021', jsonb_build_object(repeat('x', 5000), 1));
SELECT govinfo.report('a', 2021, 'gov2021', jsonb_build_object(E'apply.received\n''; DROP TABLE x; --', 1));
SELECT govinfo.report(E'<script>\u0001', 2021, 'gov2021', '{"apply.received": "1e3"}');
