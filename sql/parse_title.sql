-- The title block of a PDF's first page, read around the title line: the agency
-- centred above it, split over two lines above it or over the line above and the
-- title line, the year first; the cells of the table below read as usual.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS govinfo;
RESET client_min_messages;

CREATE TEMP TABLE title_case (n integer, head text);
INSERT INTO title_case VALUES
    (1, E'              云川市水务局\n      2021 年政府信息公开工作年度报告\n'),
    (2, E'            云川市人民政府\n            外事办公室\n      2021年度政府信息公开工作年度报告\n'),
    (3, E'          云川市人民政府\n    外事办公室2021年政府信息公开工作年度报告\n'),
    (4, E'          云川高新技术产业开发区\n    管理委员会2021年政府信息公开工作年度报告\n'),
    (5, E'          云川县\n    住房和城乡建设局2021年政府信息公开工作年度报告\n'),
    (6, E'    2021年云川综合实验区管委会政府信息公开工作年度报告\n'),
    -- the title's own agency begins as the line above does: a name of its own
    (7, E'          云川市人民政府\n    云川市水务局2021年政府信息公开工作年度报告\n');

CREATE TEMP TABLE title_text AS
SELECT n, head || E'\n   本报告根据《中华人民共和国政府信息公开条例》规定编制。\n\n'
          || E'     二、主动公开政府信息情况\n'
          || E'第二十条 第（一）项\n'
          || E'信息内容          本年制发件数     本年废止件数   现行有效件数\n'
          || E'规章            1          0        11\n'
          || E'行政规范性文件       8          26       66\n'
          || E'第二十条 第（五）项\n'
          || E'信息内容          本年处理决定数量\n'
          || E'行政许可          447228\n' AS content
FROM title_case;

SELECT n, (r).agency, (r).year, (r).template,
       govinfo.value(r, 'proactive.rules.issued') AS rules_issued,
       govinfo.value(r, 'proactive.rules.in_force') AS rules_in_force,
       govinfo.value(r, 'proactive.normative.repealed') AS normative_repealed,
       govinfo.value(r, 'proactive.licensing.decisions') AS licensing,
       (SELECT count(*) FROM unnest((r).cells) AS c WHERE c IS NOT NULL) AS cells_read
FROM (SELECT n, govinfo.parse_report(content) AS r FROM title_text) AS t
ORDER BY n;

-- where the agency was taken from
SELECT t.n, l.message
FROM title_text AS t, govinfo.parse_log(t.content) WITH ORDINALITY AS l(severity, section, label, raw, message, k)
WHERE l.message LIKE 'agency%'
ORDER BY t.n, l.k;
