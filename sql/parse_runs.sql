-- Page text whose table cells ran together (a web archiver's text, every table on
-- one line): the runs split by the table's own arithmetic where one reading fits;
-- where none is the only one, the row is left blank and the log names it -- by
-- its label, and table 四's run, which has no label, by its table.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS govinfo;
RESET client_min_messages;

SELECT E'标题: 青石县人民政府2023年政府信息公开工作年度报告\n发布时间: 2024-01-26 09:30\n==================== 正文 ====================\n本报告根据《中华人民共和国政府信息公开条例》编制。 一、总体情况 2023年，我县共主动公开政府信息2310条。 二、主动公开政府信息情况第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数 规章000行政规范性文件3529187第二十条第（五）项信息内容本年处理决定数量行政许可1523第二十条第（六）项信息内容本年处理决定数量行政处罚36行政强制0第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费12.5 三、收到和处理政府信息公开申请情况 申请人情况 自然人 法人或其他组织 总计 商业 企业 科研 机构 社会公益组织 法律服务机构 其他 一、本年新收政府信息公开申请数量 121000013二、上年结转政府信息公开申请数量 2000002三、本年度办理结果 （一）予以公开 5100006（二）部分公开（区分处理的，只计这一情形，不计其他情形） 0000000（三）不予公开 1.属于国家秘密00000002.其他法律行政法规禁止公开 00000003.危及“三安全一稳定” 00000004.保护第三方合法权益 00000005.属于三类内部事务信息 10000016.属于四类过程性信息 00000007.属于行政执法案卷 00000008.属于行政查询事项 0000000（四）无法提供 1.本机关不掌握相关政府信息 60000062.没有现成信息需要另行制作 00000003.补正后申请内容仍不明确 0000000（五）不予处理 1.信访举报投诉类申请 00000002.重复申请 00000003.要求提供公开出版物 00000004.无正当理由大量反复申请 00000005.要求行政机关确认或重新出具已获取信息 0000000（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 00000002.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 00000003.其他 0000000（七）总计 121000013四、结转下年度继续办理 2000002 四、政府信息公开行政复议、行政诉讼情况行政复议 行政诉讼 结果维持结果纠正其他结果尚未审结总计 未经复议直接起诉 复议后起诉 结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计2211428122442241117 五、存在的主要问题及改进情况 2023年，我县政府信息公开工作仍有不足。\n' AS doc \gset

-- the cells: 规章 and table 三 read, 行政规范性文件 and table 四 blank
SELECT (r).agency, (r).year, (r).template,
       govinfo.value(r, 'proactive.rules.in_force') AS rules_in_force,
       govinfo.value(r, 'proactive.normative.issued') AS normative_issued,
       govinfo.value(r, 'proactive.licensing.decisions') AS licensing,
       govinfo.value(r, 'apply.received@natural') AS received_natural,
       govinfo.value(r, 'apply.received') AS received,
       govinfo.value(r, 'apply.result') AS result,
       govinfo.value(r, 'review') AS review,
       govinfo.value(r, 'litigation.direct') AS litigation_direct,
       (SELECT count(*) FROM unnest((r).cells) AS c WHERE c IS NULL) AS blank_cells
FROM (SELECT govinfo.parse_report(:'doc') AS r) AS t;

-- the errors name what they left blank: a row by its label, table 四 by its table
SELECT severity, section, label, raw, message
FROM govinfo.parse_log(:'doc')
WHERE severity = 'error';

-- every blank cell is in a row or table an error names
SELECT count(*) AS blank_cells_unnamed
FROM govinfo.template_cells('gov2021') AS c,
     (SELECT govinfo.parse_report(:'doc') AS r) AS t
WHERE c."position" IS NOT NULL AND (t.r).cells[c."position"] IS NULL
  AND NOT EXISTS (SELECT FROM govinfo.parse_log(:'doc') AS l
                  WHERE l.severity = 'error'
                    AND ((l.section <> '' AND c.section LIKE l.section || '%')
                         OR (l.label <> '' AND c.label_zh LIKE l.label || '%')));
