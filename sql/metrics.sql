-- govinfo.metrics(r): the same key figures for every template, and the
-- crosswalk behind them, govinfo.metric_sources().
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS govinfo;
RESET client_min_messages;
\pset null '∅'

-- gov2014: the seed report (test/seed/2017-shandong-hrss.expected.tsv), inline.
CREATE TEMP TABLE m_reports (r govinfo.disclosure_report);
INSERT INTO m_reports SELECT govinfo.report('山东省人力资源和社会保障厅', 2017, 'gov2014', '{
  "proactive.items": 5060, "proactive.items.normative": 22, "proactive.normative_issued": 22,
  "proactive.channel.gazette": 26, "proactive.channel.website": 3134,
  "proactive.channel.weibo": 465, "proactive.channel.wechat": 912, "proactive.channel.other": 523,
  "response.hotspots": 4, "response.channel.press": 8, "response.channel.press.principal": 4,
  "response.channel.interview": 3, "response.channel.interview.principal": 3,
  "response.channel.articles": 35, "response.channel.social": 0, "response.channel.other": 0,
  "apply.received": 90, "apply.received.in_person": 26, "apply.received.fax": 0,
  "apply.received.online": 18, "apply.received.letter": 46, "apply.received.other": 0,
  "apply.closed": 90, "apply.closed.on_time": 90, "apply.closed.extended": 0, "apply.result": 90,
  "apply.result.already_public": 21, "apply.result.granted": 26, "apply.result.partial": 0,
  "apply.result.denied": 11, "apply.result.denied.state_secret": 0,
  "apply.result.denied.commercial_secret": 0, "apply.result.denied.privacy": 1,
  "apply.result.denied.security": 2, "apply.result.denied.not_gov_info": 8,
  "apply.result.denied.other_law": 0, "apply.result.not_this_agency": 9,
  "apply.result.not_exist": 11, "apply.result.amend_notice": 12, "apply.result.other_channel": 0,
  "review": 0, "review.upheld": 0, "review.corrected": 0, "review.other": 0, "litigation": 0,
  "litigation.upheld": 0, "litigation.corrected": 0, "litigation.other": 0, "complaint": 0,
  "complaint.upheld": 0, "complaint.corrected": 0, "complaint.other": 0, "archive": 938,
  "archive.paper": 938, "archive.electronic": 938, "org.units": 0, "org.reading_points": 1,
  "org.staff": 2, "org.staff.full_time": 0, "org.staff.part_time": 2, "org.budget": 0,
  "training.meetings": 1, "training.classes": 1, "training.trainees": 165}');

-- gov2019: 总计 column only.  refused = 2 + 3 grounds, unavailable 20,
-- not processed 5, other handling 10 (one cell in this template);
-- 100 + 10 received = 90 handled + 20 carried out.
INSERT INTO m_reports SELECT govinfo.report('C', 2020, 'gov2019', '{
  "proactive.rules.issued": 1, "proactive.normative.issued": 7,
  "proactive.licensing.decisions": 1000, "proactive.penalty.decisions": 50,
  "apply.received": 100, "apply.carried_in": 10,
  "apply.result.granted": 40, "apply.result.partial": 10,
  "apply.result.denied.state_secret": 2, "apply.result.denied.third_party": 3,
  "apply.result.unavailable.not_held": 20, "apply.result.rejected.repeat": 5,
  "apply.result.other": 10, "apply.result": 90, "apply.carried_out": 20,
  "review.upheld": 3, "review.corrected": 1, "review": 4,
  "litigation.direct.upheld": 1, "litigation.direct.corrected": 1, "litigation.direct": 2,
  "litigation.after_review.upheld": 1, "litigation.after_review": 1}');

-- gov2021: other handling is a group of three here (3 + 2); lawsuits only
-- directly filed (after_review blank); reviews 0.
INSERT INTO m_reports SELECT govinfo.report('D', 2022, 'gov2021', '{
  "proactive.rules.issued": 0, "proactive.normative.issued": 12,
  "proactive.licensing.decisions": 300, "proactive.penalty.decisions": 7,
  "apply.received": 50, "apply.carried_in": 5,
  "apply.result.granted": 20, "apply.result.partial": 5,
  "apply.result.denied.internal": 3, "apply.result.denied.process": 2,
  "apply.result.unavailable.not_held": 5, "apply.result.unavailable.needs_creation": 3,
  "apply.result.unavailable.unclear": 2, "apply.result.rejected.petition": 2,
  "apply.result.other.no_amendment": 3, "apply.result.other.other": 2,
  "apply.result": 47, "apply.carried_out": 8,
  "review.upheld": 0, "review.corrected": 0, "review.other": 0, "review.pending": 0, "review": 0,
  "litigation.direct.corrected": 2, "litigation.direct": 2}');

-- Expected, by hand:
--   gov2014  disclosed 21 + 26 = 47 (属于已主动公开范围 counts as disclosed),
--            unavailable 9 + 11 = 20, other handling 12 + 0 = 12,
--            disclosure rate 47 / 90 = 0.5222, refusal rate 11 / 90 = 0.1222,
--            no carry-over rows and no 不予处理 in this template: NULL;
--            0 reviews, 0 lawsuits: correction rates NULL.
--   gov2019  (40 + 10) / 90 = 0.5556, 5 / 90 = 0.0556, 1 / 4 = 0.2500,
--            lawsuits 2 + 1 = 3, corrected 1 + blank = 1, 1 / 3 = 0.3333.
--   gov2021  (20 + 5) / 47 = 0.5319, 5 / 47 = 0.1064, reviews 0: NULL,
--            lawsuits 2 + blank = 2, corrected 2, 2 / 2 = 1.0000.
\x on
SELECT m.* FROM m_reports, govinfo.metrics(r) m ORDER BY m.template;
\x off

-- Each template's outcomes add up to the requests handled.
SELECT m.template, m.requests_handled,
       m.disclosed + m.partly_disclosed + m.refused + m.unavailable
         + coalesce(m.not_processed, 0) + m.other_handling AS outcomes
FROM m_reports, govinfo.metrics(r) m ORDER BY m.template;

-- Across templates: what report_sum cannot do, the metrics can.
SELECT pg_catalog.sum(m.requests_received) AS received, pg_catalog.sum(m.requests_handled) AS handled,
       pg_catalog.round(pg_catalog.sum(m.disclosed + m.partly_disclosed)::numeric
                        / pg_catalog.sum(m.requests_handled), 4) AS disclosure_rate
FROM m_reports, govinfo.metrics(r) m;

-- Rates are NULL when the denominator is blank or 0; a metric of several
-- codes is the sum of those given (partly given: 21 + blank).
SELECT m.requests_handled, m.disclosed, m.refused, m.disclosure_rate, m.refusal_rate
FROM govinfo.metrics(govinfo.report('E', 2016, 'gov2014',
       '{"apply.result.already_public": 21, "apply.result.denied": 1}')) m;
SELECT m.requests_handled, m.disclosed, m.disclosure_rate, m.refusal_rate
FROM govinfo.metrics(govinfo.report('E', 2016, 'gov2014',
       '{"apply.result": 0, "apply.result.granted": 0}')) m;
-- a blank total is not guessed; complete() fills it from its parts first
SELECT (govinfo.metrics(r)).requests_handled AS reported,
       (govinfo.metrics(govinfo.complete(r))).requests_handled AS completed,
       (govinfo.metrics(govinfo.complete(r))).disclosure_rate AS rate
FROM (SELECT govinfo.report('E', 2016, 'gov2014', '{"apply.result.already_public": 3,
        "apply.result.granted": 4, "apply.result.partial": 1, "apply.result.denied": 1,
        "apply.result.not_this_agency": 0, "apply.result.not_exist": 1,
        "apply.result.amend_notice": 0, "apply.result.other_channel": 0}') AS r) s;
-- an all-blank report has all metrics NULL, but its identity
SELECT e.key, e.value
FROM govinfo.metrics(govinfo.report(NULL, 2021, 'gov2021', '{}')) m,
     pg_catalog.jsonb_each(pg_catalog.to_jsonb(m)) e
WHERE e.value <> 'null';
SELECT govinfo.metrics(NULL) IS NULL AS strict;

-- The crosswalk, as the code has it (docs/metrics.md explains each line).
SELECT * FROM govinfo.metric_sources();
