-- Missing values: the six modes (spec/README.md), and violations() output.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS govinfo;
RESET client_min_messages;

-- A gov2019 report whose 总计 column is blank while the applicant columns are filled:
-- no failed rule under non_null; the column rules fail under partial_zero.
CREATE TEMP TABLE blank_total AS
SELECT govinfo.report('北岸县司法局', 2020, 'gov2019', jsonb_build_object(
  'apply.received@natural', 5, 'apply.received@commercial', 1,
  'apply.received@research', 0, 'apply.received@nonprofit', 0, 'apply.received@legal', 0, 'apply.received@other', 0,
  'apply.carried_in@natural', 0, 'apply.carried_in@commercial', 0,
  'apply.carried_in@research', 0, 'apply.carried_in@nonprofit', 0, 'apply.carried_in@legal', 0, 'apply.carried_in@other', 0,
  'apply.result.granted@natural', 4, 'apply.result.granted@commercial', 1,
  'apply.result.granted@research', 0, 'apply.result.granted@nonprofit', 0, 'apply.result.granted@legal', 0, 'apply.result.granted@other', 0,
  'apply.result@natural', 4, 'apply.result@commercial', 1,
  'apply.result@research', 0, 'apply.result@nonprofit', 0, 'apply.result@legal', 0, 'apply.result@other', 0,
  'apply.carried_out@natural', 1, 'apply.carried_out@commercial', 0,
  'apply.carried_out@research', 0, 'apply.carried_out@nonprofit', 0, 'apply.carried_out@legal', 0, 'apply.carried_out@other', 0)) AS r;

SELECT count(*) AS failed_non_null FROM blank_total, govinfo.violations(r);
SELECT govinfo.check_totals(r) AS passes_check FROM blank_total;
SELECT rule_id, lhs, rhs, imbalance FROM blank_total, govinfo.violations(r, 'partial_zero') ORDER BY rule_id;
SELECT govinfo.is_consistent(r, 'partial_zero') AS consistent_partial_zero FROM blank_total;
SELECT govinfo.check_totals(r, 'partial_zero') FROM blank_total;

-- each mode on the same instances: outcome, sides and imbalance (NULL = cannot be judged)
SELECT m AS mode, v.rule_id, v.outcome, v.lhs, v.rhs, v.imbalance
FROM blank_total,
     unnest(ARRAY['non_null', 'non_zero', 'partial_null', 'partial_zero', 'always_null', 'always_zero']) AS m,
     govinfo.violations(r, m, 'all') AS v
WHERE v.rule_id IN ('G19-COL:apply.received', 'G19-COL:apply.carried_in', 'G19-COL:apply.result.denied.query', 'G19-01@natural', 'G19-03')
ORDER BY array_position(ARRAY['non_null', 'non_zero', 'partial_null', 'partial_zero', 'always_null', 'always_zero'], m), v.rule_id;

-- output => 'all' returns every instance, with cells and a message
SELECT count(*) AS instances, count(*) FILTER (WHERE outcome) AS hold,
       count(*) FILTER (WHERE NOT outcome) AS broken, count(*) FILTER (WHERE outcome IS NULL) AS not_judged
FROM blank_total, govinfo.violations(r, 'non_null', 'all');
SELECT rule_id, severity, outcome, cells, message
FROM blank_total, govinfo.violations(r, 'non_null', 'all') WHERE rule_id IN ('G19-01@natural', 'G19-COL:apply.received');

-- a broken warning does not make a report inconsistent, an error does
SELECT rule_id, severity, outcome, imbalance, message
FROM govinfo.violations(govinfo.report('a', 2020, 'gov2019',
     '{"proactive.rules.published": 5, "proactive.rules.public_total": 3, "review": 2, "review.upheld": 1, "review.corrected": 0, "review.other": 0, "review.pending": 0}'));
SELECT govinfo.is_consistent(govinfo.report('a', 2020, 'gov2019', '{"proactive.rules.published": 5, "proactive.rules.public_total": 3}')) AS warning_only;

-- bounds: "of which" rows and channels (gov2014)
SELECT rule_id, outcome, lhs, rhs, imbalance, message
FROM govinfo.violations(govinfo.report('a', 2016, 'gov2014',
     '{"proactive.items": 10, "proactive.items.normative": 12, "proactive.normative_issued": 12, "proactive.channel.website": 11, "proactive.channel.gazette": 0, "proactive.channel.weibo": 0, "proactive.channel.wechat": 0, "proactive.channel.other": 0}'), 'non_null', 'all')
WHERE outcome IS NOT NULL ORDER BY rule_id;

-- Mode certain (spec/README.md): a blank operand is an unknown number, >= 0
-- where its sign is '+'.  An instance fails only when no values of its blanks
-- can make it hold, holds when it holds whatever they are, else is NULL.
-- 总计 95 beside outcomes that already add to 97 and a blank 不予公开: broken
-- whatever the blank is; 总计 97 beside 95 and a blank: not judged.
CREATE TEMP TABLE certain AS SELECT
  govinfo.report('a', 2022, 'gov2021', '{"apply.result": 95, "apply.result.granted": 90, "apply.result.partial": 7,
     "apply.result.unavailable.not_held": 0, "apply.result.rejected.petition": 0, "apply.result.other.other": 0}') AS r95,
  govinfo.report('a', 2022, 'gov2021', '{"apply.result": 97, "apply.result.granted": 90, "apply.result.partial": 5,
     "apply.result.unavailable.not_held": 0, "apply.result.rejected.petition": 0, "apply.result.other.other": 0}') AS r97;
SELECT rule_id, outcome, lhs, rhs, imbalance, message
FROM certain, govinfo.violations(r95, 'certain', 'all') WHERE rule_id = 'G21-02@total';
SELECT rule_id, outcome, lhs, rhs, imbalance, message
FROM certain, govinfo.violations(r97, 'certain', 'all') WHERE rule_id = 'G21-02@total';
-- the other modes on the same instances: non_null cannot judge either, the
-- zero modes call both broken
SELECT m AS mode, (SELECT outcome FROM govinfo.violations(r95, m, 'all') WHERE rule_id = 'G21-02@total') AS r95,
       (SELECT outcome FROM govinfo.violations(r97, m, 'all') WHERE rule_id = 'G21-02@total') AS r97
FROM certain, unnest(ARRAY['non_null', 'non_zero', 'partial_null', 'partial_zero', 'always_null', 'always_zero', 'certain']) AS m
ORDER BY array_position(ARRAY['non_null', 'non_zero', 'partial_null', 'partial_zero', 'always_null', 'always_zero', 'certain'], m);
-- an "of which" bound holds whatever the blanks are: the items (10) cannot
-- exceed the channels when one channel alone has 11 (gov2014 G14-17)
SELECT rule_id, outcome, lhs, rhs, message
FROM govinfo.violations(govinfo.report('a', 2016, 'gov2014', '{"proactive.items": 10, "proactive.channel.website": 11}'),
                        'certain', 'all')
WHERE rule_id IN ('G14-13', 'G14-17', 'G14-24') ORDER BY rule_id;
-- with no blank operand it is plain evaluation
SELECT count(*) FILTER (WHERE a.outcome IS DISTINCT FROM b.outcome) AS differ, count(*) AS instances
FROM govinfo.violations(govinfo.report('a', 2016, 'gov2014', '{"archive": 5, "archive.paper": 6, "archive.electronic": 1}'), 'certain', 'all') a
JOIN govinfo.violations(govinfo.report('a', 2016, 'gov2014', '{"archive": 5, "archive.paper": 6, "archive.electronic": 1}'), 'non_null', 'all') b USING (rule_id)
WHERE rule_id IN ('G14-18', 'G14-19', 'G14-20');
-- a blank 总计 beside filled columns: certain never refuses it (partial_zero does)
SELECT govinfo.check_totals(r, 'certain') AS passes_certain, govinfo.is_consistent(r, 'certain') AS consistent_certain,
       govinfo.is_consistent(r, 'partial_zero') AS consistent_partial_zero
FROM blank_total;
-- but a total that is wrong whatever the blanks mean is refused
SELECT govinfo.is_consistent(r95, 'certain') AS r95, govinfo.is_consistent(r97, 'certain') AS r97 FROM certain;
SELECT govinfo.check_totals(r95, 'certain') FROM certain;
-- a coefficient -1: rules in force = last year's + issued - repealed (G21-C3),
-- repealed blank (>= 0): 12 > 8 + 3 can only grow worse; 10 is possible
SELECT c.rule_id, c.outcome, c.lhs, c.rhs, c.message
FROM govinfo.continuity(govinfo.report('a', 2021, 'gov2021', '{"proactive.normative.in_force": 8}'),
                        govinfo.report('a', 2022, 'gov2021', '{"proactive.normative.in_force": 12, "proactive.normative.issued": 3}'),
                        'certain') c
WHERE c.rule_id = 'G21-C3';
SELECT c.rule_id, c.outcome
FROM govinfo.continuity(govinfo.report('a', 2021, 'gov2021', '{"proactive.normative.in_force": 8}'),
                        govinfo.report('a', 2022, 'gov2021', '{"proactive.normative.in_force": 10, "proactive.normative.issued": 3}'),
                        'certain') c
WHERE c.rule_id = 'G21-C3';
-- complete() under certain fills what non_null fills (every part present)
SELECT govinfo.complete(r, 'certain') = govinfo.complete(r, 'non_null') AS same_as_non_null,
       govinfo.value(govinfo.complete(r, 'certain'), 'apply.received') AS received
FROM blank_total;
-- a report with every cell blank is certainly wrong nowhere
SELECT govinfo.is_consistent(govinfo.report('a', 2021, 'gov2021', '{}'), 'certain') AS empty_report;
