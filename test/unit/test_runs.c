/*
 * test_runs.c
 *	  Text whose cells ran together (page text saved without cell
 *	  boundaries, every table on one line): each run of digits split into its
 *	  row's values by the table's own arithmetic, taken only when one reading
 *	  fits, logged; an ambiguous run left blank with an error.  The real
 *	  document this shape comes from is read when /work/shared/real is present.
 */
#define _GNU_SOURCE
#include "unit.h"

#include <stdlib.h>
#include <string.h>

/*
 * A county office's 2023 report as a web archiver saves it: metadata lines,
 * then the body on one line.  Table 三's 新收 and （七）总计 rows are each
 * two readings by their own columns (12 · 1 · 0 · 0 · 0 · 0 · 13 and
 * 1 · 2 · 10 · 0 · 0 · 0 · 13): the outcome rows decide 总计, then
 * 新收 + 结转 = 办理 + 结转下年 decides 新收.  Table 二's 行政规范性文件 run
 * (3529187) has many readings and nothing to decide them: blank.  Table 四
 * is one run of 17 digits, its blocks deciding it.
 */
static const char runs_doc[] =
	"标题: 青石县人民政府2023年政府信息公开工作年度报告\n"
	"发布时间: 2024-01-26 09:30\n"
	"==================== 正文 ====================\n"
	"本报告根据《中华人民共和国政府信息公开条例》编制。 一、总体情况 2023年，我县共主动公开政府信息2310条。 "
	"二、主动公开政府信息情况第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数 "
	"规章000行政规范性文件3529187第二十条第（五）项信息内容本年处理决定数量行政许可1523"
	"第二十条第（六）项信息内容本年处理决定数量行政处罚36行政强制0"
	"第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费12.5 "
	"三、收到和处理政府信息公开申请情况 申请人情况 自然人 法人或其他组织 总计 商业 企业 科研 机构 社会公益组织 法律服务机构 其他 "
	"一、本年新收政府信息公开申请数量 121000013二、上年结转政府信息公开申请数量 2000002三、本年度办理结果 "
	"（一）予以公开 5100006（二）部分公开（区分处理的，只计这一情形，不计其他情形） 0000000（三）不予公开 "
	"1.属于国家秘密00000002.其他法律行政法规禁止公开 00000003.危及“三安全一稳定” 00000004.保护第三方合法权益 "
	"00000005.属于三类内部事务信息 10000016.属于四类过程性信息 00000007.属于行政执法案卷 00000008.属于行政查询事项 "
	"0000000（四）无法提供 1.本机关不掌握相关政府信息 60000062.没有现成信息需要另行制作 00000003.补正后申请内容仍不明确 "
	"0000000（五）不予处理 1.信访举报投诉类申请 00000002.重复申请 00000003.要求提供公开出版物 00000004.无正当理由大量反复申请 "
	"00000005.要求行政机关确认或重新出具已获取信息 0000000（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 "
	"00000002.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 00000003.其他 0000000"
	"（七）总计 121000013四、结转下年度继续办理 2000002 "
	"四、政府信息公开行政复议、行政诉讼情况行政复议 行政诉讼 结果维持结果纠正其他结果尚未审结总计 未经复议直接起诉 复议后起诉 "
	"结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计10201131000100000 "
	"五、存在的主要问题及改进情况 2023年，我县政府信息公开工作仍有不足。\n";

static void
expect(const GiParseResult *r, const char *code, long long want)
{
	long long	v = 0;
	bool		got = unit_cell(r, code, &v);

	CHECK(got && v == want, "runs: %s = %lld (got %s%lld)", code, want, got ? "" : "NULL ", v);
}

static void
expect_msg(const GiParseResult *r, const char *severity, const char *label, const char *raw,
		   const char *msg)
{
	const char *m = unit_log_message(r, severity, label, raw);

	CHECK(m != NULL && strcmp(m, msg) == 0, "runs: %s {%s} <%s> \"%s\" (got \"%s\")", severity, label, raw,
		  msg, m ? m : "none");
}

static void
runs_split(void)
{
	GiParseResult *r = gi_parse(runs_doc, strlen(runs_doc), NULL);
	long long	v;
	static const char *const applicants[] = {"@commercial", "@research", "@nonprofit", "@legal", "@other"};

	CHECK(r && r->status == GI_PARSE_OK && r->template && strcmp(r->template->name, "gov2021") == 0,
		  "runs: a gov2021 table read");
	if (r == NULL || r->status != GI_PARSE_OK)
	{
		unit_dump_log(r);
		gi_parse_free(r);
		return;
	}
	/* table 二: the unique readings, the amount as printed, the ambiguous row blank */
	expect(r, "proactive.rules.issued", 0);
	expect(r, "proactive.rules.repealed", 0);
	expect(r, "proactive.rules.in_force", 0);
	CHECK(!unit_cell(r, "proactive.normative.issued", &v) && !unit_cell(r, "proactive.normative.repealed", &v) &&
		  !unit_cell(r, "proactive.normative.in_force", &v), "runs: the ambiguous run left blank");
	expect(r, "proactive.licensing.decisions", 1523);
	expect(r, "proactive.penalty.decisions", 36);
	expect(r, "proactive.coercion.decisions", 0);
	expect(r, "proactive.fees.amount", 12500000);	/* 12.5 万元, stored in 分 */
	/* table 三 */
	expect(r, "apply.received@natural", 12);
	expect(r, "apply.received@commercial", 1);
	expect(r, "apply.received", 13);
	expect(r, "apply.carried_in@natural", 2);
	expect(r, "apply.carried_in", 2);
	expect(r, "apply.result.granted@natural", 5);
	expect(r, "apply.result.granted@commercial", 1);
	expect(r, "apply.result.granted", 6);
	expect(r, "apply.result.denied.internal@natural", 1);
	expect(r, "apply.result.denied.internal", 1);
	expect(r, "apply.result.denied.state_secret", 0);
	expect(r, "apply.result.denied.law_forbidden", 0);
	expect(r, "apply.result.unavailable.not_held@natural", 6);
	expect(r, "apply.result.unavailable.not_held", 6);
	expect(r, "apply.result.other.other", 0);
	expect(r, "apply.result@natural", 12);
	expect(r, "apply.result@commercial", 1);
	expect(r, "apply.result", 13);
	expect(r, "apply.carried_out@natural", 2);
	expect(r, "apply.carried_out", 2);
	for (int k = 0; k < 5; k++)
	{
		char		code[64];

		snprintf(code, sizeof(code), "apply.result.unavailable.not_held%s", applicants[k]);
		expect(r, code, 0);
	}
	/* table 四 */
	expect(r, "review.upheld", 10);
	expect(r, "review.corrected", 2);
	expect(r, "review.other", 0);
	expect(r, "review.pending", 1);
	expect(r, "review", 13);
	expect(r, "litigation.direct.upheld", 1);
	expect(r, "litigation.direct", 1);
	expect(r, "litigation.after_review", 0);

	/* what decided each, and the row left blank */
	expect_msg(r, "info", "", "", "cells ran together in the text: its rows read again a row a line");
	expect_msg(r, "warning", "（七）总计", "121000013",
			   "digits run together read as 12 · 1 · 0 · 0 · 0 · 0 · 13: the one reading where "
			   "the outcome rows sum to （七）总计, column by column");
	expect_msg(r, "warning", "一、本年新收政府信息公开申请数量", "121000013",
			   "digits run together read as 12 · 1 · 0 · 0 · 0 · 0 · 13: the one reading where "
			   "新收 + 结转 = 办理 + 结转下年, column by column");
	expect_msg(r, "warning", "", "10201131000100000",
			   "digits run together read as 10 · 2 · 0 · 1 · 13 · 1 · 0 · 0 · 0 · 1 · 0 · 0 · 0 · 0 · 0: "
			   "the one reading where each block's parts sum to its 总计");
	/* a run of one digit a value needs no arithmetic, and is not logged */
	CHECK(unit_log_message(r, "warning", "1.本机关不掌握相关政府信息", "6000006") == NULL, "runs: one digit a value not logged");
	expect_msg(r, "error", "行政规范性文件", "3529187",
			   "digits run together: 15 readings into 3 values fit the table's arithmetic, cells left blank");
	gi_parse_free(r);
}

/* A run no reading fits, and text that only looks like it: no table made up. */
static void
runs_refused(void)
{
	char	   *doc = strdup(runs_doc);
	char	   *p = doc ? strstr(doc, "（一）予以公开 5100006") : NULL;
	GiParseResult *r;
	long long	v;

	CHECK(p != NULL, "runs: the row to break");
	if (p == NULL)
	{
		free(doc);
		return;
	}
	/* 5 · 1 · … · 6 printed as 5100007: no reading sums to its 总计 */
	p[strlen("（一）予以公开 510000")] = '7';
	r = gi_parse(doc, strlen(doc), NULL);
	CHECK(r && r->status == GI_PARSE_OK, "runs: a broken row still reads the rest");
	CHECK(r && !unit_cell(r, "apply.result.granted", &v) && !unit_cell(r, "apply.result.granted@natural", &v),
		  "runs: the row no reading fits left blank");
	if (r)
		expect_msg(r, "error", "（一）予以公开", "5100007",
				   "digits run together: no reading into 7 values fits the table's arithmetic, cells left blank");
	/* with 予以公开 unknown, the outcome rows no longer decide （七）总计 */
	CHECK(r && !unit_cell(r, "apply.result", &v), "runs: 总计 undecided stays blank");
	if (r)
		expect_msg(r, "error", "（七）总计", "121000013",
				   "digits run together: 2 readings into 7 values fit the table's arithmetic, cells left blank");
	gi_parse_free(r);
	free(doc);

	/* prose with numbers in it is not a table */
	{
		const char *prose = "一、总体情况 2023年，全县共主动公开政府信息2310条，收到申请13件。 "
			"二、主动公开政府信息情况 全年制发规范性文件35件，废止29件，现行有效187件。\n";

		r = gi_parse(prose, strlen(prose), NULL);
		CHECK(r && r->status == GI_PARSE_NO_TABLE, "runs: prose is not read as rows");
		gi_parse_free(r);
	}
}

/*
 * Last year's report, as govinfo.parse_report(content, previous) gives it:
 * a gov2021 report with only the cells the continuity rules read set.
 */
typedef struct PrevReport
{
	GiParsePrevious p;
	int64_t		vals[GI_MAX_CELLS];
	bool		nulls[GI_MAX_CELLS];
} PrevReport;

static void
prev_init(PrevReport *pr)
{
	memset(pr, 0, sizeof(*pr));
	pr->p.template = gi_template_by_name("gov2021");
	pr->p.vals = pr->vals;
	pr->p.nulls = pr->nulls;
	for (int i = 0; i < GI_MAX_CELLS; i++)
		pr->nulls[i] = true;
}

static void
prev_set(PrevReport *pr, const char *code, int64_t v)
{
	int			c = gi_code_lookup(pr->p.template, code, (int) strlen(code));

	if (c >= 0)
		c = pr->p.template->codes[c].pos;
	CHECK(c >= 0, "runs: cell %s", code);
	if (c >= 0)
	{
		pr->vals[c] = v;
		pr->nulls[c] = false;
	}
}

static GiParseResult *
parse_with(const char *doc, const PrevReport *pr)
{
	GiParseOptions opt;

	memset(&opt, 0, sizeof(opt));
	opt.previous = pr ? &pr->p : NULL;
	return gi_parse_ex(doc, strlen(doc), &opt);
}

/* doc (malloc'd) with the first from replaced by to; NULL when from is not in it. */
static char *
swap_text(char *doc, const char *from, const char *to)
{
	char	   *p = doc ? strstr(doc, from) : NULL;
	char	   *out;
	size_t		head;

	CHECK(p != NULL, "runs: %s in the document", from);
	if (p == NULL)
	{
		free(doc);
		return NULL;
	}
	head = (size_t) (p - doc);
	out = malloc(strlen(doc) - strlen(from) + strlen(to) + 1);
	if (out != NULL)
	{
		memcpy(out, doc, head);
		strcpy(out + head, to);
		strcat(out, p + strlen(from));
	}
	free(doc);
	return out;
}

/*
 * What the table's own arithmetic cannot decide, last year's report can:
 * 行政规范性文件 3529187 has many readings, one of which keeps 现行有效件数 =
 * last year's 181 + 本年制发 - 本年废止 (35 · 29 · 187); table 三's 新收
 * (10 · 1 · … · 11 or 1 · 0 · 10 · … · 11) and 上年结转 (11 · 0 · … · 11 or
 * 1 · 10 · … · 11) are undecided together until last year's 结转下年 (11)
 * decides 上年结转, and then 新收 + 结转 = 办理 + 结转下年 decides 新收.
 */
static void
runs_previous(void)
{
	PrevReport	pr;
	GiParseResult *r;
	char	   *doc = strdup(runs_doc);
	static const char *const cols[] = {"@natural", "@commercial", "@research", "@nonprofit", "@legal", "@other", ""};
	long long	v;

	prev_init(&pr);
	prev_set(&pr, "proactive.normative.in_force", 181);
	r = parse_with(runs_doc, &pr);
	CHECK(r && r->status == GI_PARSE_OK, "runs, previous: a table read");
	if (r)
	{
		expect(r, "proactive.normative.issued", 35);
		expect(r, "proactive.normative.repealed", 29);
		expect(r, "proactive.normative.in_force", 187);
		expect_msg(r, "warning", "行政规范性文件", "3529187",
				   "digits run together read as 35 · 29 · 187: the one reading where 现行有效件数 = "
				   "last year's 现行有效件数 + 本年制发 - 本年废止 (the report given as last year's)");
	}
	gi_parse_free(r);

	/* a last year that no reading keeps: blank, as without one */
	prev_set(&pr, "proactive.normative.in_force", 5000);
	r = parse_with(runs_doc, &pr);
	CHECK(r && !unit_cell(r, "proactive.normative.in_force", &v), "runs, previous: no reading keeps it: blank");
	gi_parse_free(r);

	/* table 三: two rows undecided together */
	doc = swap_text(doc, "一、本年新收政府信息公开申请数量 121000013", "一、本年新收政府信息公开申请数量 101000011");
	doc = swap_text(doc, "二、上年结转政府信息公开申请数量 2000002", "二、上年结转政府信息公开申请数量 110000011");
	doc = swap_text(doc, "（一）予以公开 5100006", "（一）予以公开 91000010");
	doc = swap_text(doc, "10000016.属于四类", "30000036.属于四类");
	doc = swap_text(doc, "（七）总计 121000013", "（七）总计 181000019");
	doc = swap_text(doc, "四、结转下年度继续办理 2000002", "四、结转下年度继续办理 3000003");
	if (doc == NULL)
		return;

	r = parse_with(doc, NULL);
	CHECK(r && r->status == GI_PARSE_OK, "runs, previous: table 三 read without last year");
	CHECK(r && !unit_cell(r, "apply.received@natural", &v) && !unit_cell(r, "apply.carried_in@natural", &v),
		  "runs, previous: 新收 and 上年结转 blank without last year");
	if (r)
		expect_msg(r, "error", "二、上年结转政府信息公开申请数量", "110000011",
				   "digits run together: 2 readings into 7 values fit the table's arithmetic, cells left blank");
	gi_parse_free(r);

	prev_init(&pr);
	for (int c = 0; c < 7; c++)
	{
		char		code[64];

		snprintf(code, sizeof(code), "apply.carried_out%s", cols[c]);
		prev_set(&pr, code, c == 0 || c == 6 ? 11 : 0);
	}
	r = parse_with(doc, &pr);
	CHECK(r && r->status == GI_PARSE_OK, "runs, previous: table 三 read with last year");
	if (r)
	{
		expect(r, "apply.carried_in@natural", 11);
		expect(r, "apply.carried_in@commercial", 0);
		expect(r, "apply.received@natural", 10);
		expect(r, "apply.received@commercial", 1);
		expect(r, "apply.result@natural", 18);
		expect(r, "apply.carried_out@natural", 3);
		expect_msg(r, "warning", "二、上年结转政府信息公开申请数量", "110000011",
				   "digits run together read as 11 · 0 · 0 · 0 · 0 · 0 · 11: the one reading where "
				   "上年结转 equals last year's 结转下年度继续办理 (the report given as last year's)");
		expect_msg(r, "warning", "一、本年新收政府信息公开申请数量", "101000011",
				   "digits run together read as 10 · 1 · 0 · 0 · 0 · 0 · 11: the one reading where "
				   "新收 + 结转 = 办理 + 结转下年, column by column");
	}
	gi_parse_free(r);
	free(doc);
}

/*
 * A byte that is no UTF-8 in a label whose digits ran together: the log
 * names the label with U+FFFD for it, as the decoded text has it (the note
 * is made from the input as it came).
 */
static void
runs_bad_byte(void)
{
	const char *at = strstr(runs_doc, "本年新收");
	size_t		n = strlen(runs_doc);
	char	   *t = malloc(n + 2);
	GiParseResult *r;

	memcpy(t, runs_doc, (size_t) (at - runs_doc));
	t[at - runs_doc] = (char) 0xFF;
	strcpy(t + (at - runs_doc) + 1, at);
	r = gi_parse(t, n + 1, NULL);
	CHECK(r && r->status == GI_PARSE_OK, "runs: a bad byte in a label, the table still read");
	expect_msg(r, "warning", "一、\xef\xbf\xbd本年新收政府信息公开申请数量", "121000013",
			   "digits run together read as 12 · 1 · 0 · 0 · 0 · 0 · 13: the one reading where "
			   "新收 + 结转 = 办理 + 结转下年, column by column");
	gi_parse_free(r);
	free(t);
}

/* The real page text this shape comes from, when /work/shared/real is present */
static void
runs_real(void)
{
	char		path[1024];
	size_t		len;
	char	   *buf;
	GiParseResult *r;
	long long	v;

	snprintf(path, sizeof(path), "/work/shared/real/2022-pingtan-page-text.txt");
	buf = unit_read_file(path, &len);
	if (buf == NULL)
		return;					/* not here: skipped */
	r = gi_parse(buf, len, NULL);
	CHECK(r && r->status == GI_PARSE_OK, "real page text: a table read");
	CHECK(r && unit_cell(r, "apply.received@natural", &v) && v == 71, "real page text: 新收 自然人 71");
	CHECK(r && unit_cell(r, "apply.result", &v) && v == 75, "real page text: 办理结果 总计 75");
	CHECK(r && unit_cell(r, "review", &v) && v == 2, "real page text: 行政复议 总计 2");
	CHECK(r && !unit_cell(r, "proactive.normative.issued", &v), "real page text: 8855698 left blank");
	gi_parse_free(r);
	/* with a last year whose 现行有效件数 was 665, the hand-read 88 · 55 · 698 */
	{
		PrevReport	pr;

		prev_init(&pr);
		prev_set(&pr, "proactive.normative.in_force", 665);
		r = parse_with(buf, &pr);
		CHECK(r && unit_cell(r, "proactive.normative.issued", &v) && v == 88 &&
			  unit_cell(r, "proactive.normative.repealed", &v) && v == 55 &&
			  unit_cell(r, "proactive.normative.in_force", &v) && v == 698,
			  "real page text, last year given: 8855698 read as 88 · 55 · 698");
		gi_parse_free(r);
	}
	free(buf);
}

void
test_runs(void)
{
	runs_split();
	runs_refused();
	runs_previous();
	runs_bad_byte();
	runs_real();
}
