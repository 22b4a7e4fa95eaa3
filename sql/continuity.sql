-- Continuity between two years' reports of the same agency (prev. rules).
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS govinfo;
RESET client_min_messages;

CREATE TEMP TABLE y AS SELECT
  govinfo.report('江川省生态环境厅', 2020, 'gov2019', '{"apply.carried_out@natural": 3, "apply.carried_out@legal": 1, "apply.carried_out": 4, "proactive.rules.public_total": 20}') AS r2020,
  govinfo.report('江川省生态环境厅', 2021, 'gov2021', '{"apply.carried_in@natural": 3, "apply.carried_in@legal": 0, "apply.carried_in": 3, "proactive.rules.in_force": 21, "proactive.rules.issued": 2, "proactive.rules.repealed": 1}') AS r2021,
  govinfo.report('江川省生态环境厅', 2022, 'gov2021', '{"apply.carried_in": 0, "proactive.rules.in_force": 25, "proactive.rules.issued": 3, "proactive.rules.repealed": 0, "proactive.normative.in_force": 5}') AS r2022;

-- across templates: a 2020 gov2019 report before a 2021 gov2021 one
SELECT rule_id, severity, outcome, lhs, rhs, imbalance, cells
FROM y, govinfo.continuity(r2020, r2021);
SELECT message FROM y, govinfo.continuity(r2020, r2021) WHERE outcome IS NOT NULL;

-- same template: rules in force move by those issued and repealed (21 + 3 - 0 = 24, not 25)
SELECT rule_id, outcome, lhs, rhs, imbalance, message
FROM y, govinfo.continuity(r2021, r2022) WHERE outcome IS NOT NULL;
SELECT rule_id, outcome, lhs, rhs FROM y, govinfo.continuity(r2021, r2022, 'partial_zero') WHERE rule_id LIKE 'G21-C1%' AND outcome IS NOT NULL;

-- a gov2014 report has no carried-over rows: gov2019's continuity rule cannot be judged
SELECT rule_id, outcome FROM govinfo.continuity(
  govinfo.report('a', 2018, 'gov2014', '{"apply.received": 3}'),
  govinfo.report('a', 2019, 'gov2019', '{"apply.carried_in": 0}')) WHERE rule_id = 'G19-C1@total';
-- a gov2014 report has no continuity rules of its own
SELECT count(*) FROM govinfo.continuity(govinfo.report('a', 2016, 'gov2014', '{}'), govinfo.report('a', 2017, 'gov2014', '{}'));

-- errors: not the same agency, not consecutive years
SELECT * FROM y, govinfo.continuity(r2020, govinfo.report('江川省财政厅', 2021, 'gov2021', '{}'));
SELECT * FROM y, govinfo.continuity(r2020, r2022);
SELECT * FROM y, govinfo.continuity(r2021, r2020);
SELECT * FROM govinfo.continuity(govinfo.report(NULL, 2020, 'gov2019', '{}'), govinfo.report(NULL, 2021, 'gov2021', '{}'));
