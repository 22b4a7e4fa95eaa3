-- Groups as users read them (spec/README.md, "Rule language"): a group term
-- in a rule stands for the group's value, the sum of its present members,
-- blank only when none of them is -- what value() and cells() show.  Every
-- consumer of the rules follows; govinfo.upgrade_check() lists what changed
-- from 1.0, where a group term stood for its definition.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS govinfo;
RESET client_min_messages;

-- A gov2021 table (总计 column only) that prints three of 不予公开's eight
-- grounds blank, two of 无法提供's three, and （六）其他处理 as one row.
CREATE TEMP TABLE g AS SELECT govinfo.report('西河县交通运输局', 2022, 'gov2021', '{
  "apply.received": 20, "apply.carried_in": 2, "apply.result": 20, "apply.carried_out": 2,
  "apply.result.granted": 10, "apply.result.partial": 2,
  "apply.result.denied.state_secret": 0, "apply.result.denied.law_forbidden": 1,
  "apply.result.denied.third_party": 2, "apply.result.denied.internal": 0,
  "apply.result.denied.process": 1,
  "apply.result.unavailable.not_held": 2,
  "apply.result.rejected.petition": 1, "apply.result.rejected.repeat": 0,
  "apply.result.rejected.publication": 0, "apply.result.rejected.excessive": 0,
  "apply.result.rejected.confirmation": 0,
  "apply.result.other.other": 1}') AS r;

-- the groups' values, as value() and cells() show them
SELECT code, value FROM g, govinfo.cells(r) WHERE kind = 'group' AND code NOT LIKE '%@%' AND code LIKE 'apply%';
-- G21-02 is judged on those values under the default mode: 20 = 10 + 2 + 4 + 2 + 1 + 1
SELECT rule_id, outcome, lhs, rhs, imbalance, message
FROM g, govinfo.violations(r, 'non_null', 'all') WHERE rule_id = 'G21-02@total';
-- the same sides as the groups' values
SELECT v.rhs = govinfo.value(r, 'apply.result.granted') + govinfo.value(r, 'apply.result.partial')
             + govinfo.value(r, 'apply.result.denied') + govinfo.value(r, 'apply.result.unavailable')
             + govinfo.value(r, 'apply.result.rejected') + govinfo.value(r, 'apply.result.other') AS rhs_is_value_sum
FROM g, govinfo.violations(r, 'non_null', 'all') v WHERE v.rule_id = 'G21-02@total';
-- a column in which every member of a group is blank leaves the group blank:
-- G21-02@natural cannot be judged, nor G21-03 (a stored cell is blank)
SELECT rule_id, outcome, lhs, rhs FROM g, govinfo.violations(r, 'non_null', 'all')
WHERE rule_id IN ('G21-02@natural', 'G21-03');

-- A wrong （七）总计 (21, carried-out 1 so that G21-01 still holds) is flagged
-- by every consumer: violations, is_consistent, check_totals.
CREATE TEMP TABLE gbad AS SELECT govinfo.report((r).agency, (r).year, 'gov2021',
  govinfo.to_jsonb(r)->'cells' || '{"apply.result": 21, "apply.carried_out": 1}') AS r FROM g;
SELECT rule_id, outcome, lhs, rhs, imbalance, message FROM gbad, govinfo.violations(r);
SELECT govinfo.is_consistent(r) AS consistent, govinfo.is_consistent(r, 'partial_null') AS consistent_partial_null
FROM gbad;
SELECT govinfo.check_totals(r) FROM gbad;
-- ... and a CHECK constraint refuses it
CREATE TEMP TABLE stored (report govinfo.disclosure_report CHECK (govinfo.check_totals(report)));
INSERT INTO stored SELECT r FROM g;
INSERT INTO stored SELECT r FROM gbad;
SELECT count(*) AS stored FROM stored;
-- the general path (is_consistent under partial_null) and the CHECK fast path
-- (non_null) agree on a group left wholly blank: not judged
SELECT govinfo.is_consistent(govinfo.report(NULL, NULL, 'gov2021',
         (govinfo.to_jsonb(r)->'cells') - 'apply.result.other.other'::text || '{"apply.result": 19, "apply.carried_out": 3}')) AS fast,
       govinfo.is_consistent(govinfo.report(NULL, NULL, 'gov2021',
         (govinfo.to_jsonb(r)->'cells') - 'apply.result.other.other'::text || '{"apply.result": 19, "apply.carried_out": 3}'), 'partial_null') AS general
FROM g;
-- a group with a present member counts in the fast path as well: 19 is now wrong
SELECT govinfo.is_consistent(govinfo.report(NULL, NULL, 'gov2021',
         govinfo.to_jsonb(r)->'cells' || '{"apply.result": 19, "apply.carried_out": 3}')) AS fast
FROM g;

-- complete(): a blank total is filled from parts that are groups with blank members
SELECT govinfo.value(govinfo.complete(govinfo.report(NULL, NULL, 'gov2021',
         (govinfo.to_jsonb(r)->'cells') - 'apply.result'::text)), 'apply.result') AS completed
FROM g;
-- but not from a group left wholly blank (its value is unknown)
SELECT govinfo.value(govinfo.complete(govinfo.report(NULL, NULL, 'gov2021',
         (govinfo.to_jsonb(r)->'cells') - 'apply.result'::text - 'apply.result.other.other'::text)), 'apply.result') AS completed
FROM g;

-- The real case: a gov2021 report that prints （六）其他处理 as one row (the
-- parser stores it under apply.result.other.other, the other two blank).
\set t7 `cat test/fixtures/gov2021-2022-rows-tabs.txt`
CREATE TEMP TABLE real AS SELECT :'t7'::text AS content;
SELECT c.code, c.value FROM real, govinfo.cells(govinfo.parse_report(content)) c
WHERE c.code IN ('apply.result.other.no_amendment', 'apply.result.other.fee_unpaid',
                 'apply.result.other.other', 'apply.result.other', 'apply.result');
-- G21-02 is now judged, and holds, in every column
SELECT rule_id, outcome, lhs, rhs
FROM real, govinfo.violations(govinfo.parse_report(content), 'non_null', 'all')
WHERE rule_id LIKE 'G21-02@%';
-- a wrong （七）总计 (自然人 209 instead of 207, 总计 225 instead of 223) is flagged
SELECT rule_id, outcome, lhs, rhs, imbalance, message_zh
FROM real, govinfo.violations(govinfo.parse_report(
    pg_catalog.replace(content, E'（七）总计\t207\t9\t1\t0\t4\t2\t223', E'（七）总计\t209\t9\t1\t0\t4\t2\t225')))
ORDER BY rule_id;

-- upgrade_check(): the instances whose outcome changed from 1.0 (a group term
-- = its definition, NULL under non_null when a member is blank) to 1.1.
SELECT u.* FROM g, govinfo.upgrade_check(r) u;
SELECT u.* FROM gbad, govinfo.upgrade_check(r) u ORDER BY rule_id;
SELECT u.* FROM gbad, govinfo.upgrade_check(r, 'partial_null') u ORDER BY rule_id;
-- the zero modes counted a blank member as 0 in 1.0 already: nothing changes
SELECT count(*) AS changed FROM gbad, govinfo.upgrade_check(r, 'always_zero');
SELECT count(*) AS changed FROM gbad, govinfo.upgrade_check(r, 'partial_zero');
-- every instance of the real report that 1.1 now judges
SELECT rule_id, outcome_1_0, outcome_1_1 FROM real, govinfo.upgrade_check(govinfo.parse_report(content))
ORDER BY rule_id;
-- a report without groups in its rules (gov2014) or without blank members changes nothing
SELECT count(*) AS changed FROM govinfo.upgrade_check(govinfo.report('a', 2017, 'gov2014', '{"review": 1, "review.upheld": 1}'));
-- errors: certain is new in 1.1; an unknown mode
SELECT u.* FROM g, govinfo.upgrade_check(r, 'certain') u;
SELECT u.* FROM g, govinfo.upgrade_check(r, 'strict') u;

-- govinfo.upgrade_check() over every stored report: where it is, and what changes
CREATE TABLE upgrade_stored (id integer, report govinfo.disclosure_report);
INSERT INTO upgrade_stored SELECT 1, r FROM gbad;
INSERT INTO upgrade_stored SELECT 2, r FROM g;
SELECT relation, column_name, agency, year, template, rule_id, outcome_1_0, outcome_1_1
  FROM govinfo.upgrade_check() WHERE relation = 'upgrade_stored'::regclass ORDER BY outcome_1_1;
DROP TABLE upgrade_stored;
