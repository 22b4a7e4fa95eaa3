-- message_zh: each finding of violations() and continuity() in plain Chinese,
-- worded from the rule's sides and the template's labels: a cell by the
-- ordinals of the rows that enclose it, its label without a trailing note and
-- its column; a side of several cells as one list with its sum.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS govinfo;
RESET client_min_messages;
\pset format unaligned

-- = with a group side, per column (gov2021 G21-02@natural), and the column
-- set's own rule (-COL): "其余各栏"
SELECT rule_id, message_zh FROM govinfo.violations(govinfo.report('a', 2022, 'gov2021', '{
  "apply.result@natural": 97, "apply.result.granted@natural": 80, "apply.result.partial@natural": 5,
  "apply.result.denied.third_party@natural": 4, "apply.result.unavailable.not_held@natural": 3,
  "apply.result.rejected.repeat@natural": 2, "apply.result.other.other@natural": 1,
  "apply.received": 12, "apply.received@natural": 9, "apply.received@commercial": 2,
  "apply.received@research": 0, "apply.received@nonprofit": 0, "apply.received@legal": 0,
  "apply.received@other": 0}'))
ORDER BY rule_id;

-- = and <= in gov2014: ordinals of the enclosing rows ("三、（一）"), the
-- common part of a list written once, a trailing note in parentheses left out
SELECT rule_id, message_zh FROM govinfo.violations(govinfo.report('a', 2016, 'gov2014', '{
  "apply.received": 10, "apply.received.in_person": 2, "apply.received.fax": 0, "apply.received.online": 6,
  "apply.received.letter": 1, "apply.received.other": 0,
  "proactive.items": 10, "proactive.items.normative": 12, "proactive.normative_issued": 12,
  "review": 3, "review.upheld": 1, "review.corrected": 1, "review.other": 0}'))
ORDER BY rule_id;

-- gov2021 table 四: labels with "·" parts share their leading parts
SELECT rule_id, message_zh FROM govinfo.violations(govinfo.report('a', 2022, 'gov2021', '{
  "litigation.direct": 4, "litigation.direct.upheld": 1, "litigation.direct.corrected": 1,
  "litigation.direct.other": 0, "litigation.direct.pending": 1}'));

-- outcomes that hold or cannot be judged, in several modes; a blank side
SELECT m AS mode, v.outcome, v.message_zh
FROM unnest(ARRAY['non_null', 'partial_zero', 'certain']) AS m,
     govinfo.violations(govinfo.report('a', 2022, 'gov2021', '{"review": 3, "review.upheld": 1, "review.corrected": 1}'), m, 'all') v
WHERE v.rule_id = 'G21-03'
ORDER BY array_position(ARRAY['non_null', 'partial_zero', 'certain'], m);
SELECT outcome, message_zh FROM govinfo.violations(govinfo.report('a', 2022, 'gov2021',
  '{"review": 2, "review.upheld": 1, "review.corrected": 1, "review.other": 0, "review.pending": 0}'), 'non_null', 'all')
WHERE rule_id = 'G21-03';

-- mode certain: a side with blanks is bounded ("至少为"), and so is the difference
SELECT rule_id, outcome, message_zh FROM govinfo.violations(govinfo.report('a', 2022, 'gov2021',
  '{"apply.result": 95, "apply.result.granted": 90, "apply.result.partial": 7}'), 'certain')
ORDER BY rule_id;
-- a bound that holds whatever the blanks are (gov2014 G14-17)
SELECT rule_id, outcome, message_zh FROM govinfo.violations(govinfo.report('a', 2016, 'gov2014',
  '{"proactive.items": 10, "proactive.channel.website": 11}'), 'certain', 'all')
WHERE rule_id = 'G14-17';
-- <= under certain with no blank (gov2019 G19-06: newly published <= all public)
SELECT rule_id, outcome, message_zh FROM govinfo.violations(govinfo.report('a', 2020, 'gov2019',
  '{"proactive.rules.published": 5, "proactive.rules.public_total": 3}'), 'certain');

-- continuity: last year's cells are "上年报告"; a coefficient -1 is "减"
SELECT rule_id, outcome, message_zh
FROM govinfo.continuity(govinfo.report('江川省生态环境厅', 2021, 'gov2021', '{"apply.carried_out@natural": 3, "proactive.rules.in_force": 20}'),
                        govinfo.report('江川省生态环境厅', 2022, 'gov2021', '{"apply.carried_in@natural": 4, "proactive.rules.in_force": 25, "proactive.rules.issued": 3, "proactive.rules.repealed": 1}'))
WHERE outcome IS NOT NULL
ORDER BY rule_id;
-- across templates (gov2019 then gov2021)
SELECT rule_id, message_zh
FROM govinfo.continuity(govinfo.report('b', 2020, 'gov2019', '{"apply.carried_out": 4}'),
                        govinfo.report('b', 2021, 'gov2021', '{"apply.carried_in": 3}'))
WHERE rule_id = 'G21-C1@total';
\pset format aligned
