-- Reading across layouts: value() and compare() take a code of any template;
-- the cell-by-cell arithmetic still refuses to mix templates.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS govinfo;
RESET client_min_messages;

-- One agency over the 2018 -> 2019 layout change.
CREATE TEMP TABLE agency AS SELECT
  govinfo.report('东川县民政局', 2018, 'gov2014', '{"apply.received": 12, "apply.result": 11, "apply.result.granted": 7, "review": 2, "org.budget": 1.5, "litigation": 1}') AS r2018,
  govinfo.report('东川县民政局', 2019, 'gov2019', '{"apply.received@natural": 9, "apply.received": 15, "apply.carried_in": 2, "apply.result.granted": 9, "review": 3, "litigation.direct": 2, "litigation.after_review": 1, "proactive.procurement.amount": 20.5}') AS r2019;

-- value(): a code that another template has and this one lacks is NULL, not an error
SELECT govinfo.value(r2018, 'apply.carried_in') AS carried_in_2018,
       govinfo.value(r2018, 'apply.received@natural') AS natural_2018,
       govinfo.value(r2019, 'org.budget') AS budget_2019,
       govinfo.value(r2019, 'apply.carried_in') AS carried_in_2019
FROM agency;
-- the operator as well; a code both have is read as before (litigation: a cell in
-- gov2014, a group in gov2019)
SELECT r2018 OPERATOR(govinfo.->) 'apply.carried_in' AS op_2018,
       govinfo.value(r2018, 'litigation') AS litigation_2018,
       govinfo.value(r2019, 'litigation') AS litigation_2019
FROM agency;
-- a code no template has is still an error, with the nearest code of the report's
-- template, or of another template when that one is nearer (the hint then says so)
SELECT govinfo.value(r2019, 'apply.recieved') FROM agency;
SELECT govinfo.value(r2018, 'apply.carried_inn') FROM agency;
SELECT govinfo.value(r2019, 'org.budgett') FROM agency;
SELECT govinfo.value(r2018, 'no.such.code') FROM agency;

-- compare(a, b) across templates: b's codes in printed order, then those only
-- a's template has; the shared codes are compared.
SELECT count(*) AS codes,
       count(*) FILTER (WHERE c.code IN (SELECT code FROM govinfo.template_cells('gov2019'))) AS of_gov2019,
       count(*) FILTER (WHERE c.code NOT IN (SELECT code FROM govinfo.template_cells('gov2019'))) AS only_gov2014,
       (SELECT count(*) FROM govinfo.template_cells('gov2019')) AS gov2019_codes,
       (SELECT count(*) FROM govinfo.template_cells('gov2014') t
         WHERE t.code NOT IN (SELECT code FROM govinfo.template_cells('gov2019'))) AS gov2014_only_codes
FROM agency, govinfo.compare(r2018, r2019) c;
-- the rows where either year has a value: shared codes with delta and pct,
-- codes of one layout with the other side NULL
SELECT c.code, c.section, c.label_zh, c.unit, c.a, c.b, c.delta, c.pct
FROM agency, govinfo.compare(r2018, r2019) c
WHERE c.a IS NOT NULL OR c.b IS NOT NULL;
-- the other way round (2019 before 2018): gov2014's codes first, then gov2019's own
SELECT c.code, c.a, c.b, c.delta
FROM agency, govinfo.compare(r2019, r2018) c
WHERE c.a IS NOT NULL OR c.b IS NOT NULL;
-- lag() across the change, as an analyst writes it
SELECT y.year, c.a, c.b, c.delta, c.pct
FROM (SELECT (r).year AS year, r, pg_catalog.lag(r) OVER (ORDER BY (r).year) AS prev
      FROM agency, LATERAL (VALUES (r2018), (r2019)) v(r)) y,
     govinfo.compare(y.prev, y.r) c
WHERE c.code = 'apply.received'
ORDER BY y.year;

-- The cell-by-cell arithmetic keeps refusing to mix templates.
SELECT govinfo.report_sum(r) FROM agency, LATERAL (VALUES (r2018), (r2019)) v(r);
SELECT govinfo.report_min(r) FROM agency, LATERAL (VALUES (r2019), (r2018)) v(r);
SELECT r2018 OPERATOR(govinfo.+) r2019 FROM agency;
SELECT govinfo.report_add(r2019, r2018) FROM agency;
