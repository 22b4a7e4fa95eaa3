-- Reading digits that ran together with last year's report beside it:
-- govinfo.parse_report(content, previous) and govinfo.parse_log(content,
-- previous).  The page text below is as a web archiver saves a county's
-- report: the body on one line, every cell boundary lost.  Its 行政规范性文件
-- run 3529187 has 15 readings into 本年制发 · 本年废止 · 现行有效; only one keeps
-- 现行有效件数 = last year's + 本年制发 - 本年废止.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS govinfo;
RESET client_min_messages;
CREATE TEMP TABLE page (content text);
INSERT INTO page VALUES ($page$标题：白沙县人民政府2023年政府信息公开工作年度报告
来源：白沙县人民政府办公室 发布时间：2024-01-19 16:05
==================== 正文 ====================
本报告根据《中华人民共和国政府信息公开条例》编制。 一、总体情况 2023年，我县共主动公开政府信息2310条。 二、主动公开政府信息情况第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数 规章000行政规范性文件3529187第二十条第（五）项信息内容本年处理决定数量行政许可1523第二十条第（六）项信息内容本年处理决定数量行政处罚36行政强制0第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费12.5 三、收到和处理政府信息公开申请情况 申请人情况 自然人 法人或其他组织 总计 商业 企业 科研 机构 社会公益组织 法律服务机构 其他 一、本年新收政府信息公开申请数量 121000013二、上年结转政府信息公开申请数量 2000002三、本年度办理结果 （一）予以公开 5100006（二）部分公开（区分处理的，只计这一情形，不计其他情形） 0000000（三）不予公开 1.属于国家秘密00000002.其他法律行政法规禁止公开 00000003.危及“三安全一稳定” 00000004.保护第三方合法权益 00000005.属于三类内部事务信息 10000016.属于四类过程性信息 00000007.属于行政执法案卷 00000008.属于行政查询事项 0000000（四）无法提供 1.本机关不掌握相关政府信息 60000062.没有现成信息需要另行制作 00000003.补正后申请内容仍不明确 0000000（五）不予处理 1.信访举报投诉类申请 00000002.重复申请 00000003.要求提供公开出版物 00000004.无正当理由大量反复申请 00000005.要求行政机关确认或重新出具已获取信息 0000000（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 00000002.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 00000003.其他 0000000（七）总计 121000013四、结转下年度继续办理 2000002 四、政府信息公开行政复议、行政诉讼情况行政复议 行政诉讼 结果维持结果纠正其他结果尚未审结总计 未经复议直接起诉 复议后起诉 结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计10201131000100000 五、存在的主要问题及改进情况 2023年，我县政府信息公开工作仍有不足。
$page$);
CREATE TEMP TABLE last_year AS
SELECT govinfo.report('白沙县人民政府', 2022, 'gov2021',
                      '{"proactive.normative.in_force": 181, "proactive.rules.in_force": 0}'::jsonb) AS r;

-- without last year: the run is left blank, with an error
SELECT govinfo.value(govinfo.parse_report(content), 'proactive.normative.issued') AS issued,
       govinfo.value(govinfo.parse_report(content), 'proactive.normative.in_force') AS in_force
  FROM page;
SELECT severity, label, raw, message FROM page, govinfo.parse_log(content) WHERE raw = '3529187';

-- with it: 35 · 29 · 187, and a warning saying what decided it
SELECT govinfo.value(p, 'proactive.normative.issued') AS issued,
       govinfo.value(p, 'proactive.normative.repealed') AS repealed,
       govinfo.value(p, 'proactive.normative.in_force') AS in_force,
       (p).agency, (p).year
  FROM (SELECT govinfo.parse_report(content, r) AS p FROM page, last_year) x;
SELECT severity, label, raw, message FROM page, last_year, govinfo.parse_log(content, r) WHERE raw = '3529187';
-- the other cells are those of the parse without it
SELECT pg_catalog.count(*) AS cells_differ
  FROM page, last_year,
       govinfo.compare(govinfo.parse_report(content), govinfo.parse_report(content, r)) c
 WHERE c.a IS DISTINCT FROM c.b;

-- a last year that no reading keeps: blank, as without one
SELECT govinfo.value(govinfo.parse_report(content,
           govinfo.report('白沙县人民政府', 2022, 'gov2021', '{"proactive.normative.in_force": 5000}'::jsonb)),
       'proactive.normative.in_force') AS in_force
  FROM page;
-- last year's report of a gov2019 year says nothing of 现行有效件数
SELECT govinfo.value(govinfo.parse_report(content,
           govinfo.report('白沙县人民政府', 2022, 'gov2019', '{"proactive.normative.public_total": 181}'::jsonb)),
       'proactive.normative.in_force') AS in_force
  FROM page;

-- the named arguments work after it; agency, year and template as in parse_report
SELECT (govinfo.parse_report(content, r, agency => '白沙县人民政府办公室')).agency FROM page, last_year;
SELECT (govinfo.parse_report(content, previous => r, year => 2023)).year FROM page, last_year;
-- a second argument that is not a report still means the agency
SELECT (govinfo.parse_report(content, '白沙县人民政府（盖章）')).agency FROM page;
SELECT (govinfo.parse_report(content, NULL)).agency FROM page;
-- a NULL report is no last year
SELECT govinfo.value(govinfo.parse_report(content, NULL::govinfo.disclosure_report), 'proactive.normative.in_force') FROM page;

-- last year must be the year before
SELECT govinfo.parse_report(content, govinfo.report('白沙县人民政府', 2021, 'gov2021', '{}'::jsonb)) FROM page;
SELECT govinfo.parse_report(content, r, year => 2025) FROM page, last_year;
