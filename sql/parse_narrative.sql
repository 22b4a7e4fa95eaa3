-- govinfo.narrative_conflicts: numbers the prose states about the table's cells that differ
-- from the table; clauses that compare, hedge or name another year are not read.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS govinfo;
RESET client_min_messages;

-- gov2019: the prose says 无法提供24件, the table's group （四）无法提供 sums to 25
\set t `cat test/fixtures/gov2019-2019-cells-tab.txt`
SELECT * FROM govinfo.narrative_conflicts(:'t');

-- the seed with its prose changed: one statement per line of this list
\set seed `cat test/seed/2017-shandong-hrss.txt`
CREATE TEMP TABLE parse_narr_case (n integer, from_text text, to_text text);
INSERT INTO parse_narr_case VALUES
    (1, '当面申请26件', '当面申请27件'),
    (2, '不予公开11件', '不予公开１２件'),
    (3, '没有发生因政府信息公开引起的行政复议和行政诉讼。', '发生行政复议2件、行政诉讼1件。'),
    (4, '当面申请26件', '当面申请较上年增加5件'),
    (5, '当面申请26件', '当面申请约30件'),
    (6, '2017年，共收到并答复政府信息公开申请90件', '2016年共收到并答复政府信息公开申请80件'),
    (7, '当面申请26件', '当面申请30余件');
SELECT c.n, c.to_text, n.code, n.table_value, n.text_value
FROM parse_narr_case AS c
LEFT JOIN LATERAL govinfo.narrative_conflicts(replace(:'seed', c.from_text, c.to_text)) AS n
       ON n.code NOT IN ('apply.received.letter', 'apply.received.online')
ORDER BY c.n, n.code;
