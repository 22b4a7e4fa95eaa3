-- The cell rules of govinfo.parse_report: ASCII and full-width digits, thousands separators,
-- blank / - / -- / / / 无 = NULL, signed cells (+22 -8 增1423 减4), 元 and 万元 amounts.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS govinfo;
RESET client_min_messages;

-- a gov2019 table 二 with the cells under test printed in it
CREATE TEMP TABLE parse_cells_case (n integer, issued text, change text, amount_header text, amount text);
INSERT INTO parse_cells_case VALUES
    (1, '12', '+22', '采购总金额', '25.1'),
    (2, '１２', '-8', '采购总金额', '386.52'),
    (3, '1,234', '增1423', '采购总金额', '251000元'),
    (4, '１，２３４', '减4', '采购总金额（元）', '1,265,000'),
    (5, '', '－３', '采购总金额', '25.1万元'),
    (6, '-', '0', '采购总金额（万元）', '0.5'),
    (7, '--', '—', '采购总金额', '/'),
    (8, '/', '', '采购总金额', '无'),
    (9, '无', '增加7', '采购总金额', '0'),
    (10, '暂无', '约2', '采购总金额', '12件');

CREATE TEMP TABLE parse_cells_report AS
SELECT n, govinfo.parse_report(format(
'云川市测试局2020年政府信息公开工作年度报告
二、主动公开政府信息情况
| 第二十条第（一）项 |
| 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |
| 规章 | %s | 0 | 1 |
| 规范性文件 | 2 | 2 | 9 |
| 第二十条第（五）项 |
| 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |
| 行政许可 | 10 | %s | 40 |
| 其他对外管理服务事项 | 1 | 0 | 2 |
| 第二十条第（九）项 |
| 信息内容 | 采购项目数量 | %s |
| 政府集中采购 | 3 | %s |', issued, change, amount_header, amount)) AS r
FROM parse_cells_case;

SELECT c.n, c.issued, govinfo.value(r, 'proactive.rules.issued') AS issued_value,
       c.change, govinfo.value(r, 'proactive.licensing.change') AS change_value,
       c.amount_header, c.amount, govinfo.value(r, 'proactive.procurement.amount') AS amount_wan,
       (r).cells[govinfo_pos.p] AS amount_stored_yuan
FROM parse_cells_case AS c JOIN parse_cells_report USING (n),
     (SELECT "position" AS p FROM govinfo.template_cells('gov2019') WHERE code = 'proactive.procurement.amount') AS govinfo_pos
ORDER BY c.n;

-- what could not be read is logged, with its text, and left NULL
SELECT c.n, l.severity, l.label, l.raw, l.message
FROM parse_cells_case AS c, govinfo.parse_log(format(
'云川市测试局2020年政府信息公开工作年度报告
二、主动公开政府信息情况
| 第二十条第（一）项 |
| 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |
| 规章 | %s | 0 | 1 |
| 规范性文件 | 2 | 2 | 9 |
| 第二十条第（五）项 |
| 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |
| 行政许可 | 10 | %s | 40 |
| 其他对外管理服务事项 | 1 | 0 | 2 |
| 第二十条第（九）项 |
| 信息内容 | 采购项目数量 | %s |
| 政府集中采购 | 3 | %s |', c.issued, c.change, c.amount_header, c.amount)) AS l
WHERE l.severity IN ('error', 'warning') OR l.message LIKE 'amount%'
ORDER BY c.n, l.message;
