-- govinfo.parse_report on pdftotext -layout text whose squeezed columns wrapped their cells
-- (test/shapes): figures cut over two lines put back by their columns, a comma at the cut or
-- the table's arithmetic; a unit 万元 printed as 万 over 元 read as 万元, never as 元.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS govinfo;
RESET client_min_messages;

-- figures cut over two lines: 1, over 084; １０ over ６; 88 on the line above its label.
-- The fee's header prints 金额（万 over 元）with 信息内容 between them: 122.68 万元.
\set t `cat test/shapes/gov2021-2023-pdf-wrapped.txt`
SELECT c.code, c.value
  FROM govinfo.cells(govinfo.parse_report(:'t')) c
 WHERE c.code IN ('apply.received@natural', 'apply.received', 'apply.result.granted@natural',
                  'apply.result.granted', 'apply.result.unavailable.not_held@natural',
                  'apply.result.unavailable.not_held', 'proactive.fees.amount')
 ORDER BY c.code;
SELECT severity, section, label, raw, message FROM govinfo.parse_log(:'t')
 WHERE message LIKE 'figure%' OR message LIKE '%万%';

-- the fee's unit in a unit column, 万 over 元
\set t `cat test/shapes/gov2021-2023-pdf-unit-column.txt`
SELECT govinfo.value(govinfo.parse_report(:'t'), 'proactive.fees.amount');
SELECT severity, section, label, raw, message FROM govinfo.parse_log(:'t') WHERE message LIKE '%万%';

-- 元） printed far from the column of 金额（万: the unit cannot be told, the fee is left NULL
SELECT govinfo.value(govinfo.parse_report(replace(:'t',
         E'   信息内容       金额\n\n 行政事业性收费       122.68     万\n                          元\n',
         E'              金额（万\n   信息内容                    元）\n\n 行政事业性收费       122.68\n')),
       'proactive.fees.amount') IS NULL AS fee_left_null;
SELECT severity, section, label, message FROM govinfo.parse_log(replace(:'t',
         E'   信息内容       金额\n\n 行政事业性收费       122.68     万\n                          元\n',
         E'              金额（万\n   信息内容                    元）\n\n 行政事业性收费       122.68\n'))
 WHERE section = '二(8)';
