-- Amounts exact to the 分: 万元 cells keep every digit real reports print (six
-- decimals of 万元 = 0.01 元), through every path a value takes.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS govinfo;
RESET client_min_messages;

-- A real fee: 4166.241619 万元 = 41,662,416.19 元, stored as 4,166,241,619 分.
CREATE TABLE money (agency text, report govinfo.disclosure_report);
INSERT INTO money VALUES
 ('甲', govinfo.report('甲', 2023, 'gov2021', '{"proactive.fees.amount": "4166.241619"}'::jsonb)),
 ('乙', govinfo.report('乙', 2023, 'gov2021', '{"proactive.fees.amount": 0.01}'::jsonb));
SELECT agency, govinfo.value(report, 'proactive.fees.amount') AS wan_yuan,
       (report).cells[c."position"] AS stored_fen,
       govinfo.to_jsonb(report) -> 'cells' AS cells
  FROM money, govinfo.template_cells('gov2021') c
 WHERE c.code = 'proactive.fees.amount' ORDER BY agency;

-- to_jsonb() and back, and the sum of both reports, exactly
SELECT govinfo.report(agency, 2023, 'gov2021', govinfo.to_jsonb(report) -> 'cells') = report AS round_trip
  FROM money ORDER BY agency;
SELECT govinfo.value(govinfo.report_sum(report), 'proactive.fees.amount') AS summed FROM money;

-- COPY out and in
CREATE TEMP TABLE money_copy (LIKE money);
\copy (SELECT * FROM money ORDER BY agency) TO 'results/money.copy'
\copy money_copy FROM 'results/money.copy'
SELECT count(*) AS same_after_copy FROM money m JOIN money_copy c USING (agency) WHERE m.report = c.report;
COPY money TO STDOUT (FORMAT binary) \g 'results/money.bin'
\copy money_copy FROM 'results/money.bin' (FORMAT binary)
SELECT count(*) AS rows_after_binary_copy, count(DISTINCT report) AS distinct_reports FROM money_copy;

-- parse_report() of a table that prints the fee in 万元, and in 元 to the 分
\set pipe_fixture `cat test/fixtures/gov2021-2021-rows-pipe.txt`
SELECT govinfo.value(govinfo.parse_report(pg_catalog.replace(:'pipe_fixture', '| 12.35 |', '| 4166.241619 |')), 'proactive.fees.amount') AS parsed_wan,
       govinfo.value(govinfo.parse_report(pg_catalog.replace(:'pipe_fixture', '| 12.35 |', '| 41662416.19元 |')), 'proactive.fees.amount') AS parsed_yuan;
SELECT severity, message FROM govinfo.parse_log(pg_catalog.replace(:'pipe_fixture', '| 12.35 |', '| 41662416.19元 |'))
 WHERE message LIKE '%元%';

-- finer than a 分 is still refused, by report() and by the parser (logged, left blank)
SELECT govinfo.report('丙', 2023, 'gov2021', '{"proactive.fees.amount": "4166.2416191"}'::jsonb);
SELECT govinfo.value(govinfo.parse_report(pg_catalog.replace(:'pipe_fixture', '| 12.35 |', '| 4166.2416191 |')), 'proactive.fees.amount') AS parsed_too_fine;
SELECT severity, message FROM govinfo.parse_log(pg_catalog.replace(:'pipe_fixture', '| 12.35 |', '| 4166.2416191 |'))
 WHERE message LIKE '%分%';
