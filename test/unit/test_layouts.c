/*
 * test_layouts.c
 *	  Structure: no table, forced and unknown templates, the column order of
 *	  table 三 from its header, gov2019/gov2021 ties, the log of what was not
 *	  mapped, label normalisation, agency and year detection, the table's
 *	  lines for the narrative.
 */
#define _GNU_SOURCE
#include "unit.h"

#include <stdlib.h>
#include <string.h>

static GiParseResult *
parse_file(const char *rel, const char *tmpl)
{
	char		path[1024];
	size_t		len;
	char	   *buf;
	GiParseResult *r;

	snprintf(path, sizeof(path), "%s/%s", unit_root, rel);
	buf = unit_read_file(path, &len);
	CHECK(buf != NULL, "read %s", rel);
	if (buf == NULL)
		return NULL;
	r = gi_parse(buf, len, tmpl);
	free(buf);
	return r;
}

static void
no_table(void)
{
	const char *prose =
		"某某局2022年政府信息公开工作年度报告\n\n"
		"2022年，我局认真贯彻落实《中华人民共和国政府信息公开条例》，全年共收到政府信息公开申请3件，均已按时答复。\n"
		"下一步，我局将继续做好政府信息公开工作。\n";
	GiParseResult *r = gi_parse(prose, strlen(prose), NULL);

	CHECK(r && r->status == GI_PARSE_NO_TABLE, "prose only: no table (%d)", r ? (int) r->status : -1);
	CHECK(r && r->template == NULL, "prose only: no template");
	CHECK(unit_log_has(r, "error", "no statistical table found"), "prose only: logged");
	gi_parse_free(r);

	r = gi_parse("", 0, NULL);
	CHECK(r && r->status == GI_PARSE_NO_TABLE, "empty text: no table");
	gi_parse_free(r);

	r = gi_parse(NULL, 0, NULL);
	CHECK(r && r->status == GI_PARSE_NO_TABLE, "NULL text: no table");
	gi_parse_free(r);
}

static void
forced_template(void)
{
	GiParseResult *r = parse_file("test/seed/2017-shandong-hrss.txt", "gov2014");
	long long	v;

	CHECK(r && r->status == GI_PARSE_OK && strcmp(r->template->name, "gov2014") == 0, "forced gov2014 on the seed");
	CHECK(unit_log_has(r, "info", "template gov2014 given"), "forced template logged");
	CHECK(unit_cell(r, "apply.received", &v) && v == 90, "forced gov2014: apply.received 90");
	gi_parse_free(r);

	r = parse_file("test/seed/2017-shandong-hrss.txt", "gov1999");
	CHECK(r && r->status == GI_PARSE_BAD_TEMPLATE, "unknown template refused");
	CHECK(unit_log_has(r, "error", "unknown template"), "unknown template logged");
	gi_parse_free(r);

	/* a gov2021 table read as gov2019 when told so: (六) is a cell there */
	r = parse_file("test/fixtures/gov2021-2021-rows-pipe.txt", "gov2019");
	CHECK(r && r->status == GI_PARSE_OK && strcmp(r->template->name, "gov2019") == 0, "forced gov2019 on a gov2021 table");
	CHECK(unit_cell(r, "apply.received", &v) && v == 152, "forced gov2019: table 三 still read (%lld)", v);
	CHECK(unit_log_has(r, "warning", "row not mapped"), "forced gov2019: gov2021-only rows logged as not mapped");
	gi_parse_free(r);
}

/* Table 三 alone, header and rows given. */
static GiParseResult *
table3(const char *header, const char *rows, int year)
{
	char		buf[8192];
	GiParseOptions opt;

	snprintf(buf, sizeof(buf),
			 "测试区测试局政府信息公开工作年度报告\n"
			 "三、收到和处理政府信息公开申请情况\n%s%s", header, rows);
	memset(&opt, 0, sizeof(opt));
	opt.year = year;
	return gi_parse_ex(buf, strlen(buf), &opt);
}

static const char *rows_std =
"| 一、本年新收政府信息公开申请数量 | 10 | 1 | 2 | 3 | 4 | 5 | 25 |\n"
"| 二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
"| 三、本年度办理结果 | （一）予以公开 | 6 | 1 | 2 | 3 | 4 | 5 | 21 |\n"
"| （二）部分公开（区分处理的，只计这一情形，不计其他情形） | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
"| （三）不予公开 | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
"| 2.其他法律行政法规禁止公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
"| （四）无法提供 | 1.本机关不掌握相关政府信息 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n"
"| （七）总计 | 9 | 1 | 2 | 3 | 4 | 5 | 24 |\n"
"| 四、结转下年度继续办理 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n";

static void
column_order(void)
{
	const char *hdr_std =
		"| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 |\n"
		"| 自然人 | 法人或其他组织 | 总计 |\n"
		"| 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |\n";
	/* a report that prints 总计 first and the legal persons before the natural persons */
	const char *hdr_odd =
		"| 申请人情况 |\n"
		"| 总计 | 法人或其他组织 | 自然人 |\n"
		"| 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |\n";
	const char *rows_odd =
		"| 一、本年新收政府信息公开申请数量 | 25 | 1 | 2 | 3 | 4 | 5 | 10 |\n"
		"| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
		"| （七）总计 | 24 | 1 | 2 | 3 | 4 | 5 | 9 |\n";
	GiParseResult *r;
	long long	v;

	r = table3(hdr_std, rows_std, 2021);
	CHECK(r && r->status == GI_PARSE_OK, "table 三 alone parses");
	CHECK(unit_cell(r, "apply.received@natural", &v) && v == 10, "standard header: natural 10");
	CHECK(unit_cell(r, "apply.received@legal", &v) && v == 4, "standard header: legal 4");
	CHECK(unit_cell(r, "apply.received", &v) && v == 25, "standard header: total 25");
	CHECK(!unit_log_has(r, NULL, "column order"), "standard header: no column note");
	/* neither table 二 nor the sub-rows of （六）: the year breaks the tie, and that is logged */
	CHECK(r && strcmp(r->template->name, "gov2021") == 0, "tie, year 2021: gov2021");
	CHECK(unit_log_has(r, "warning", "fits gov2019 and gov2021 alike"), "tie logged");
	gi_parse_free(r);

	r = table3(hdr_std, rows_std, 2020);
	CHECK(r && strcmp(r->template->name, "gov2019") == 0, "tie, year 2020: gov2019");
	gi_parse_free(r);

	r = table3(hdr_odd, rows_odd, 2021);
	CHECK(unit_cell(r, "apply.received", &v) && v == 25, "odd header: total first (%lld)", v);
	CHECK(unit_cell(r, "apply.received@commercial", &v) && v == 1, "odd header: commercial");
	CHECK(unit_cell(r, "apply.received@other", &v) && v == 5, "odd header: other");
	CHECK(unit_cell(r, "apply.received@natural", &v) && v == 10, "odd header: natural last");
	CHECK(unit_cell(r, "apply.result@natural", &v) && v == 9, "odd header: result natural");
	CHECK(unit_log_has(r, "info", "column order of table 三 taken from its header"), "odd header: logged");
	gi_parse_free(r);
}

static void
logs_of_fixtures(void)
{
	GiParseResult *r;

	r = parse_file("test/fixtures/gov2019-2019-cells-tab.txt", NULL);
	CHECK(unit_log_has(r, "warning", "其中：通过政府网站提交的申请"), "a local row is logged as not mapped");
	CHECK(unit_log_has(r, "info", "template gov2019 detected"), "template detection logged");
	CHECK(unit_log_has(r, "info", "agency taken from the title"), "agency source logged");
	gi_parse_free(r);

	r = parse_file("test/fixtures/gov2021-2021-rows-pipe.txt", NULL);
	CHECK(unit_log_has(r, "warning", "printed subtotal 44 differs from the sum of its rows 43"),
		  "a printed subtotal off by one is logged");
	CHECK(unit_log_has(r, "info", "（三）不予公开 matches the sum of its rows"), "a matching subtotal row is logged");
	CHECK(unit_log_has(r, "info", "法人或其他组织小计 column matches"), "the subtotal column is checked");
	CHECK(unit_log_has(r, "info", "2.其他法律行政止公开"), "a label with a typo is mapped, and the guess logged");
	gi_parse_free(r);

	r = parse_file("test/fixtures/gov2021-2022-rows-tabs.txt", NULL);
	CHECK(unit_log_has(r, "info", "printed as a single row without its three rows"), "（六） as one row is logged");
	CHECK(unit_log_has(r, "error", "暂无"), "text where a number belongs is logged with its text");
	CHECK(unit_log_has(r, "info", "251000 元"), "元 amount conversion logged");
	gi_parse_free(r);

	r = parse_file("test/fixtures/gov2019-2021-pdf-layout.txt", NULL);
	CHECK(unit_log_has(r, "info", "label printed over 2 lines"), "wrapped labels joined, logged");
	CHECK(unit_log_has(r, "warning", "could not be read from its header"), "unreadable PDF header logged");
	gi_parse_free(r);

	r = parse_file("test/fixtures/gov2014-2016-rows-pipe.txt", NULL);
	CHECK(unit_log_has(r, "warning", "十、政务公开工作考核"), "a local gov2014 row is logged");
	gi_parse_free(r);

	r = parse_file("test/fixtures/gov2019-2020-libreoffice.txt", NULL);
	CHECK(unit_log_has(r, "warning", "digits run together in narrow columns"),
		  "table 四's values run together (00000): read a digit each, and that is a warning");
	CHECK(!unit_log_has(r, NULL, "column order of table 三"),
		  "a laid-out applicant header in the national order: no column note");
	gi_parse_free(r);
}

static void
normalise(void)
{
	static const struct
	{
		const char *in;
		const char *out;
	}			cases[] = {
		{"規(guī)章", "规章"},
		{"行政規(guī)範(fàn)性文件", "行政规范性文件"},
		{"（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "部分公开"},
		{"自 然 人", "自然人"},
		{"总　　计", "总计"},
		{"本年<br>制发件数", "本年制发件数"},
		{"本年(2023)制发件数", "本年制发件数"},
		{"2.其他法律行政止公开", "其他法律行政止公开"},
		{"其中：主动公开规范性文件数", "主动公开规范性文件数"},
		{"三、本年度办理结果", "本年度办理结果"},
		{"3.危及“三安全一稳定”", "危及三安全一稳定"},
		{"护等方面的经费）", ""},
		{"（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维", "政府信息公开专项经费"},
		{"ＡＢＣ１２", "abc12"},
		{"申請人無正當理由逾期不補正", "申请人无正当理由逾期不补正"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		char		out[512];

		gi_parse_normalise_label(cases[i].in, (int) strlen(cases[i].in), out, (int) sizeof(out));
		CHECK(strcmp(out, cases[i].out) == 0, "normalise '%s': '%s', got '%s'", cases[i].in, cases[i].out, out);
	}
	CHECK(gi_parse_fold_char(0xFF11) == '1', "fold full-width 1");
	CHECK(gi_parse_fold_char(0x3000) == ' ', "fold ideographic space");
	CHECK(gi_parse_fold_char(0x958B) == 0x5F00, "fold 開 -> 开");
}

/* gov2019's table 二, (一) and the header of (五), in | rows: a row of 行政许可 to follow */
#define TABLE2_PIPES_HEAD \
	"| 第二十条第（一）项 |\n" \
	"| 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |\n" \
	"| 规章 | 0 | 0 | 1 |\n" \
	"| 规范性文件 | 2 | 2 | 9 |\n" \
	"| 第二十条第（五）项 |\n" \
	"| 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n"

static void
agency_year(void)
{
	const char *table = TABLE2_PIPES_HEAD "| 行政许可 | 10 | 0 | 40 |\n";
	static const struct
	{
		const char *head;
		const char *agency;
		int			year;
	}			cases[] = {
		{"云川市水务局2020年政府信息公开工作年度报告\n", "云川市水务局", 2020},
		{"云川市水务局 2020 年政府信息公开工作年度报告\n", "云川市水务局", 2020},	/* as a PDF's text has it */
		{"云川市水务局关于2020年度政府信息公开工作年度报告\n", "云川市水务局", 2020},
		{"政府信息公开工作年度报告（二〇二〇年）\n云川市水务局\n", "云川市水务局", 2020},
		{"首页 > 政务公开\n发布机构：云川市水务局 发布日期：2021-01-20\n政府信息公开工作年度报告\n"
		"本报告所列数据的统计期限自2020年1月1日起至2020年12月31日止。\n", "云川市水务局", 2020},
		{"年度报告\n根据《条例》规定，现公布云川市水务局2020年政府信息公开工作年度报告。\n", "云川市水务局", 2020},
		{"雲川市水務局2020年政府信息公開工作年度報告\n", "雲川市水務局", 2020},
		{"2020年政府信息公开工作年度报告\n", NULL, 2020},
		/* a PDF's title page: the agency centred above the title */
		{"            云川市水务局\n     2020 年政府信息公开工作年度报告\n\n\n   本报告由云川市水务局编制。\n",
		"云川市水务局", 2020},
		{"        云川市人民政府\n          办公室\n\n   2020 年度政府信息公开工作年度报告\n", "云川市人民政府办公室", 2020},
		{"   云川综合实验区\n   管委会\n   2020 年政府信息公开工作年度报告\n", "云川综合实验区管委会", 2020},
		{"首页\n政务公开\n2020年政府信息公开工作年度报告\n", NULL, 2020},
		/* the name split over the title line: its first part on the line above */
		{"          云川市人民政府\n    办公室2020年政府信息公开工作年度报告\n", "云川市人民政府办公室", 2020},
		{"   云川经济技术开发区\n   管委会2020年度政府信息公开工作年度报告\n", "云川经济技术开发区管委会", 2020},
		{"        云川县\n    住房和城乡建设局2020年政府信息公开工作年度报告\n", "云川县住房和城乡建设局", 2020},
		/* not when the title's agency names its place, nor a navigation line */
		{"云川市人民政府\n云川市水务局2020年政府信息公开工作年度报告\n", "云川市水务局", 2020},
		{"首页 > 政务公开\n市场监督管理局2020年政府信息公开工作年度报告\n", "市场监督管理局", 2020},
		/* the year first */
		{"2019年云川市人民政府办公厅政府信息公开工作年度报告\n", "云川市人民政府办公厅", 2019},
		{"2020年度云川经济技术开发区政府信息公开工作年度报告\n", "云川经济技术开发区", 2020},
		{"2020 年度 云川综合实验区 政府信息公开工作年度报告\n", "云川综合实验区", 2020},
		/* a web archiver's metadata lines, the 发布机构 empty */
		{"标题: 云川综合实验区2020年度政府信息公开工作年度报告\n发布时间: 2021-02-20 15:07\n发布机构: \n"
		"栏目: 政府信息公开年报\n", "云川综合实验区", 2020},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		char		buf[4096];
		GiParseResult *r;

		snprintf(buf, sizeof(buf), "%s\n二、主动公开政府信息情况\n%s", cases[i].head, table);
		r = gi_parse(buf, strlen(buf), NULL);
		CHECK(r && r->status == GI_PARSE_OK, "agency/year case %zu parses", i);
		if (cases[i].agency)
			CHECK(r && r->agency && strcmp(r->agency, cases[i].agency) == 0, "case %zu: agency '%s', got '%s'",
				  i, cases[i].agency, r && r->agency ? r->agency : "(null)");
		else
			CHECK(r && r->agency == NULL && unit_log_has(r, "warning", "agency not found"),
				  "case %zu: no agency, and that is logged", i);
		CHECK(r && r->year == cases[i].year, "case %zu: year %d, got %d", i, cases[i].year, r ? r->year : -1);
		gi_parse_free(r);
	}
}

static void
table_lines(void)
{
	GiParseResult *r = parse_file("test/seed/2017-shandong-hrss.txt", NULL);
	int			n = gi_parse_nlines(r),
				intable = 0,
				prose_with_statement = -1;

	for (int i = 0; i < n; i++)
	{
		const char *t;
		int			l;
		bool		in;

		CHECK(gi_parse_line(r, i, &t, &l, &in), "line %d readable", i);
		if (in)
			intable++;
		else if (l > 0 && memmem(t, (size_t) l, "当面申请26件", strlen("当面申请26件")) != NULL)
			prose_with_statement = i;
	}
	CHECK(intable > 100, "the seed's table spans its lines (%d)", intable);
	CHECK(prose_with_statement >= 0, "the seed's prose is outside the table");
	CHECK(!gi_parse_line(r, n, &(const char *){NULL}, &(int){0}, &(bool){false}), "line past the end refused");
	gi_parse_free(r);
}

/*
 * A laid-out (pdftotext -layout) table where a wide value leaves a single
 * space between two columns: the pieces are cells when every one is a
 * number or a unit; a dash before a number is its sign; letter-spaced
 * digits are one number.
 */
static GiParseResult *
laid_out(const char *licensing, const char *procurement)
{
	char		buf[4096];

	snprintf(buf, sizeof(buf),
			 "云川市测试局2020年政府信息公开工作年度报告\n"
			 "二、主动公开政府信息情况\n"
			 "    第二十条第（一）项\n"
			 "    信息内容    本年新制作数量    本年新公开数量    对外公开总数量\n"
			 "    规章             0       0       1\n"
			 "    规范性文件       2       2       9\n"
			 "    第二十条第（五）项\n"
			 "    信息内容    上一年项目数量    本年增/减    处理决定数量\n"
			 "    行政许可  %s\n"
			 "    其他对外管理服务事项       1       0       2\n"
			 "    第二十条第（九）项\n"
			 "    信息内容    采购项目数量    采购总金额\n"
			 "    政府集中采购  %s\n",
			 licensing, procurement);
	return gi_parse(buf, strlen(buf), NULL);
}

static void
single_space_columns(void)
{
	static const struct
	{
		const char *licensing;
		const char *procurement;
		long long	prev,
					change,
					decisions,
					projects,
					amount;		/* as stored, in 分 (the table prints 万元) */
	}			cases[] = {
		{"      10       0      40", "       6     2032.06", 10, 0, 40, 6, 2032060000},
		{"      10       0      40", "       6 2032.06", 10, 0, 40, 6, 2032060000},
		{"12345678 -8 40", "       6 1.5万元", 12345678, -8, 40, 6, 1500000},
		{"      10     - 18     40", "   1 2 0      30", 10, -18, 40, 120, 30000000},
		{"      10     - 8      40", "       6     2032.06", 10, -8, 40, 6, 2032060000},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		GiParseResult *r = laid_out(cases[i].licensing, cases[i].procurement);
		long long	v;

		CHECK(r && r->status == GI_PARSE_OK, "laid-out case %zu parses", i);
		CHECK(unit_cell(r, "proactive.licensing.prev_items", &v) && v == cases[i].prev,
			  "laid-out case %zu: prev_items %lld", i, cases[i].prev);
		CHECK(unit_cell(r, "proactive.licensing.change", &v) && v == cases[i].change,
			  "laid-out case %zu: change %lld", i, cases[i].change);
		CHECK(unit_cell(r, "proactive.licensing.decisions", &v) && v == cases[i].decisions,
			  "laid-out case %zu: decisions %lld", i, cases[i].decisions);
		CHECK(unit_cell(r, "proactive.procurement.projects", &v) && v == cases[i].projects,
			  "laid-out case %zu: projects %lld", i, cases[i].projects);
		CHECK(unit_cell(r, "proactive.procurement.amount", &v) && v == cases[i].amount,
			  "laid-out case %zu: amount %lld", i, cases[i].amount);
		CHECK(!unit_log_has(r, "error", ""), "laid-out case %zu: no error logged", i);
		gi_parse_free(r);
	}

	/*
	 * A long row with a full-width thousands separator is a row, not a
	 * sentence: ， between digits is not punctuation (it was, and the row
	 * was dropped as prose, silently).
	 */
	{
		GiParseResult *r = laid_out("（含下属单位）        75       2  52，350", "       6     2032.06");
		GiParseResult *r2 = laid_out("（含下属单位）        75       2  ５２，３５０", "       6     2032.06");
		long long	v;

		CHECK(r && unit_cell(r, "proactive.licensing.decisions", &v) && v == 52350,
			  "a laid-out row with 52，350 is read: decisions 52350");
		CHECK(r2 && unit_cell(r2, "proactive.licensing.decisions", &v) && v == 52350,
			  "a laid-out row with ５２，３５０ is read: decisions 52350");
		gi_parse_free(r);
		gi_parse_free(r2);
	}

	/*
	 * A money header wrapped in its column over lines (pdftotext of a PDF):
	 * 本年收费金额（单位：万元） as 本年收费 / 金额（单 / 位：万 / 元）, its last
	 * line joined to the row's label.  The unit is read across the lines:
	 * 16.03 is 万元, not 元.
	 */
	{
		const char *text =
			"云川市测试局2022年政府信息公开工作年度报告\n\n二、主动公开政府信息情况\n\n第二十条第（一）项\n\n"
			"   信息内容      本年制发件数   本年废止件数   现行有效件数\n\n"
			"   规章               0             0             1\n\n"
			"   行政规范性文件     2             2             9\n\n第二十条第（五）项\n\n"
			"   信息内容      本年处理决定件数\n\n   行政许可          40\n\n第二十条第（八）项\n\n"
			"            本年收费\n            金额（单\n   信息内容\n             位：万\n              元）\n\n"
			" 行政事业性收费     16.03\n";
		GiParseResult *r = gi_parse(text, strlen(text), NULL);
		long long	v;

		CHECK(r && r->status == GI_PARSE_OK && unit_cell(r, "proactive.fees.amount", &v) && v == 16030000,
			  "a 万元 header wrapped over four lines: 16.03 stored as 16030000 分");
		gi_parse_free(r);
	}

	/*
	 * Numbers one space apart in a delimited cell, where the row lacks
	 * values (a separator lost in conversion): split, and that is logged.
	 */
	{
		const char *text =
			"云川市测试局2020年政府信息公开工作年度报告\n二、主动公开政府信息情况\n"
			TABLE2_PIPES_HEAD "| 行政许可 | 10 0 | 40 |\n";
		GiParseResult *r = gi_parse(text, strlen(text), NULL);
		long long	v;

		CHECK(r && unit_cell(r, "proactive.licensing.prev_items", &v) && v == 10 &&
			  unit_cell(r, "proactive.licensing.change", &v) && v == 0 &&
			  unit_cell(r, "proactive.licensing.decisions", &v) && v == 40,
			  "| 10 0 | 40 | in a row of three: read as 10, 0, 40");
		CHECK(unit_log_has(r, "info", "values one space apart read as 3 cells"), "and that is logged");
		gi_parse_free(r);
	}

	/* a row inside the table that reads as a sentence is not dropped silently */
	{
		GiParseResult *r = laid_out("；含下属单位及派出机构等        10       0      40", "       6     2032.06");
		long long	v;

		CHECK(r && r->status == GI_PARSE_OK && !unit_cell(r, "proactive.licensing.prev_items", &v),
			  "a row with ； read as a sentence: its cells are NULL");
		CHECK(unit_log_has(r, "warning", "inside the table was read as a sentence"),
			  "a row read as a sentence inside the table is logged as a warning");
		gi_parse_free(r);
	}
}

/*
 * The fixture of | rows printed without outer bars (行政许可 | 5 | 6 | 7),
 * and then with an empty cell after the last value (… | 1 | 1 | ): every
 * cell as with the bars, none lost (a last value of one character used to
 * be taken for the closing bar), nothing logged as an error.
 */
static void
borderless_bars(void)
{
	char		path[1024];
	size_t		len;
	char	   *buf,
			   *out[2];
	GiParseResult *want,
			   *got;

	snprintf(path, sizeof(path), "%s/test/fixtures/gov2021-2021-rows-pipe.txt", unit_root);
	buf = unit_read_file(path, &len);
	CHECK(buf != NULL, "read the | fixture");
	if (buf == NULL)
		return;
	want = gi_parse(buf, len, NULL);
	for (int v = 0; v < 2; v++)
	{
		char	   *o = out[v] = malloc(len * 2 + 1);
		const char *p = buf;

		while (*p)
		{
			const char *nl = strchr(p, '\n');
			size_t		n = nl ? (size_t) (nl - p) : strlen(p);

			if (n >= 4 && strncmp(p, "| ", 2) == 0 && strncmp(p + n - 2, " |", 2) == 0)
			{
				memcpy(o, p + 2, n - 4);
				o += n - 4;
				if (v == 1)
				{
					memcpy(o, " | ", 3);
					o += 3;
				}
			}
			else
			{
				memcpy(o, p, n);
				o += n;
			}
			if (nl)
				*o++ = '\n';
			p += n + (nl ? 1 : 0);
		}
		*o = '\0';
		CHECK(strstr(out[v], "\n规章 | 0 | 0 | 0") != NULL, "shape %d: borderless rows made", v);
		got = gi_parse(out[v], strlen(out[v]), NULL);
		CHECK(got && want && got->template == want->template && got->ncells == want->ncells,
			  "shape %d: the template", v);
		for (int c = 0; got && want && c < got->ncells && c < want->ncells; c++)
			CHECK(got->nulls[c] == want->nulls[c] && (got->nulls[c] || got->vals[c] == want->vals[c]),
				  "shape %d: cell %d %s%lld, with the bars %s%lld", v, c,
				  got->nulls[c] ? "NULL " : "", (long long) got->vals[c],
				  want->nulls[c] ? "NULL " : "", (long long) want->vals[c]);
		CHECK(got && !unit_log_has(got, "error", ""), "shape %d: no error logged", v);
		if (got && unit_log_has(got, "error", ""))
			unit_dump_log(got);
		gi_parse_free(got);
		free(out[v]);
	}
	gi_parse_free(want);
	free(buf);
}

/*
 * An HTML table 二 whose value cells span otherwise than its header's: on
 * the grid the 规章 row has four cells for three values (the fill of its
 * colspan="2"), the 行政规范性文件 row too; each row's values are taken in
 * order, and that is logged.
 */
static void
html_spans(void)
{
	static const char page[] =
		"<html><body><p>云川市水务局2023年政府信息公开工作年度报告</p>\n"
		"<p>二、主动公开政府信息情况</p>\n<table border=\"1\">\n"
		"<tr><td colspan=\"5\">第二十条第（一）项</td></tr>\n"
		"<tr><td>信息内容</td><td colspan=\"2\">本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>\n"
		"<tr><td>规章</td><td colspan=\"2\">2</td><td>1</td><td>5</td></tr>\n"
		"<tr><td>行政规范性文件</td><td>4</td><td colspan=\"2\">0</td><td>27</td></tr>\n"
		"<tr><td colspan=\"5\">第二十条第（五）项</td></tr>\n"
		"<tr><td>信息内容</td><td colspan=\"4\">本年处理决定数量</td></tr>\n"
		"<tr><td>行政许可</td><td colspan=\"4\">52</td></tr>\n"
		"<tr><td colspan=\"5\">第二十条第（六）项</td></tr>\n"
		"<tr><td>信息内容</td><td colspan=\"4\">本年处理决定数量</td></tr>\n"
		"<tr><td>行政处罚</td><td colspan=\"4\">9</td></tr>\n"
		"<tr><td>行政强制</td><td colspan=\"4\">3</td></tr>\n"
		"</table></body></html>\n";
	static const struct
	{
		const char *code;
		long long	v;
	}			want[] = {
		{"proactive.rules.issued", 2}, {"proactive.rules.repealed", 1}, {"proactive.rules.in_force", 5},
		{"proactive.normative.issued", 4}, {"proactive.normative.repealed", 0}, {"proactive.normative.in_force", 27},
		{"proactive.licensing.decisions", 52},
	};
	GiParseResult *r = gi_parse(page, strlen(page), "gov2021");

	CHECK(r && r->status == GI_PARSE_OK, "spans: parses");
	for (size_t i = 0; r && i < sizeof(want) / sizeof(want[0]); i++)
	{
		long long	v = -1;

		CHECK(unit_cell(r, want[i].code, &v) && v == want[i].v, "spans: %s %lld, got %lld",
			  want[i].code, want[i].v, v);
	}
	CHECK(unit_log_has(r, "info", "row has 4 cells on the table's grid, 1 of them the blank fills of its spans: took its 3 values in order"),
		  "spans: logged");
	CHECK(!unit_log_has(r, "error", "values where"), "spans: no row refused");
	gi_parse_free(r);
}

void
test_layouts(void)
{
	html_spans();
	no_table();
	forced_template();
	column_order();
	logs_of_fixtures();
	normalise();
	single_space_columns();
	agency_year();
	table_lines();
	borderless_bars();
}
