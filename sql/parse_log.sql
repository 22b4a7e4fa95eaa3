-- govinfo.parse_log: every row or value the parser could not map or read, and every guess;
-- govinfo.parse_report's errors.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS govinfo;
RESET client_min_messages;

-- a local row the template does not have; a wrapped label joined
\set t `cat test/fixtures/gov2019-2019-cells-tab.txt`
SELECT severity, section, label, raw, message FROM govinfo.parse_log(:'t');

-- text where a number belongs, a fee in 元, （六）其他处理 printed as one row
\set t `cat test/fixtures/gov2021-2022-rows-tabs.txt`
SELECT severity, section, label, raw, message FROM govinfo.parse_log(:'t');

-- printed subtotals (one off by one), the 法人或其他组织小计 column, a typo in a label
\set t `cat test/fixtures/gov2021-2021-rows-pipe.txt`
SELECT severity, section, label, raw, message FROM govinfo.parse_log(:'t');

-- a PDF's header that cannot be read, labels over two lines, a label cut by its line
\set t `cat test/fixtures/gov2019-2021-pdf-layout.txt`
SELECT severity, section, label, raw, message FROM govinfo.parse_log(:'t');

-- a small table with unreadable values and a row that fits no template row
SELECT severity, section, label, raw, message FROM govinfo.parse_log(
'云川市测试局2020年政府信息公开工作年度报告
| 第二十条第（一）项 |
| 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |
| 规章 | 约3 | 3.5 | -2 |
| 规范性文件 | 2 | 2 | 9 |
| 第二十条第（五）项 |
| 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |
| 行政许可 | 10 | 减4 | 1,234 |
| 本单位自行增设的统计项 | 7 | 8 | 9 |
| 第二十条第（九）项 |
| 信息内容 | 采购项目数量 | 采购总金额 |
| 政府集中采购 | 3 | 12件 |');

-- no table: the log says so, parse_report raises
SELECT severity, message FROM govinfo.parse_log('2022年，我局共收到政府信息公开申请3件，均已按时答复。');
SELECT govinfo.parse_report('2022年，我局共收到政府信息公开申请3件，均已按时答复。');
SELECT govinfo.parse_report('');
-- a template given that the table does not fit
\set seed `cat test/seed/2017-shandong-hrss.txt`
SELECT govinfo.parse_report(:'seed', template => 'gov2021');
SELECT severity, message FROM govinfo.parse_log(:'seed', template => 'gov2021') WHERE severity = 'error';
-- an unknown template, a year out of range
SELECT govinfo.parse_report(:'seed', template => 'gov2030');
SELECT govinfo.parse_report(:'seed', year => 1900);
-- NULL text: NULL, no rows
SELECT govinfo.parse_report(NULL) IS NULL AS null_report;
SELECT count(*) FROM govinfo.parse_log(NULL);
SELECT count(*) FROM govinfo.narrative_conflicts(NULL);
-- a text without a table has no conflicts
SELECT count(*) FROM govinfo.narrative_conflicts('共收到政府信息公开申请3件。');
-- what the caller gives overrides the text, and the log says so
SELECT severity, raw, message FROM govinfo.parse_log(:'seed', '省人社厅', 2018) WHERE message LIKE '%given%';
