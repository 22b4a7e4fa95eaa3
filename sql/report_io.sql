-- Building reports from jsonb and reading them back.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS govinfo;
RESET client_min_messages;

-- a bare code is the 总计 column; code@column the others; strings and numbers; null = blank
CREATE TEMP TABLE r21 AS
SELECT govinfo.report('临河市民政局', 2022, 'gov2021', '{
  "apply.received@natural": 10, "apply.received@commercial": "2", "apply.received": 12,
  "apply.result.denied.state_secret@natural": 1, "apply.result.denied.process@natural": 2,
  "apply.result.denied.third_party": null,
  "proactive.fees.amount": "25.1", "proactive.rules.issued": 3.0
}'::jsonb) AS r;

SELECT (r).agency, (r).year, (r).template, cardinality((r).cells) AS cells,
       (SELECT count(*) FROM unnest((r).cells) c WHERE c IS NOT NULL) AS non_null
FROM r21;

-- 万元 amounts are stored as exact integer 元 and read back in 万元
SELECT (r).cells[c."position"] AS stored_fen, govinfo.value(r, 'proactive.fees.amount') AS wan_yuan
FROM r21, govinfo.template_cells('gov2021') c WHERE c.code = 'proactive.fees.amount';

-- values of cells and groups; a group is the sum of its present members, NULL when none
SELECT code, govinfo.value(r, code)
FROM r21, unnest(ARRAY['apply.received', 'apply.received@natural', 'apply.received@research',
                       'apply.result.denied@natural', 'apply.result.denied', 'apply.result.denied@commercial',
                       'litigation', 'proactive.rules.issued']) AS code;

-- the operator form
SELECT r OPERATOR(govinfo.->) 'apply.received@commercial' AS commercial FROM r21;
SET search_path = govinfo, public;
SELECT r -> 'apply.received' AS total FROM r21;
RESET search_path;

-- to_jsonb lists the non-NULL cells; report() of it gives back the same report
SELECT govinfo.to_jsonb(r) FROM r21;
SELECT govinfo.report(j->>'agency', (j->>'year')::int, j->>'template', j->'cells') = r AS round_trip
FROM (SELECT r, govinfo.to_jsonb(r) AS j FROM r21) s;

-- long form, printed order, groups included
SELECT code, section, label_zh, unit, kind, value
FROM r21, govinfo.cells(r) WHERE value IS NOT NULL;
SELECT count(*) AS long_form_rows FROM r21, govinfo.cells(r);

-- agency and year may be unknown; NULL cells give an all-blank report
SELECT (r).agency IS NULL AS no_agency, (r).year IS NULL AS no_year,
       (SELECT count(*) FROM unnest((r).cells) c WHERE c IS NOT NULL) AS non_null
FROM (SELECT govinfo.report(NULL, NULL, 'gov2014', NULL) AS r) s;

-- a report built by hand with ROW() works with every function
SELECT govinfo.value(ROW('手工', 2015, 'gov2014', array_fill(NULL::bigint, ARRAY[64]))::govinfo.disclosure_report, 'apply.received') IS NULL AS blank;
SELECT govinfo.value(ROW('手工', 2015, 'gov2014', array_fill(7::bigint, ARRAY[64]))::govinfo.disclosure_report, 'apply.received') AS seven;
