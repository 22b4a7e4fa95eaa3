/*
 * test_cells.c
 *	  The cell rules: ASCII and full-width digits, thousands separators, the
 *	  NULL markers, signed cells (+22 -8 增1423 减4), 元 and 万元 amounts,
 *	  and text, fractions or negatives where a count belongs (logged, NULL).
 */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

/* A gov2019 table 二 with three cells to vary. */
static GiParseResult *
table2(const char *issued, const char *change, const char *amount_header, const char *amount)
{
	char		buf[4096];

	snprintf(buf, sizeof(buf),
			 "云川市测试局2020年政府信息公开工作年度报告\n"
			 "二、主动公开政府信息情况\n"
			 "| 第二十条第（一）项 |\n"
			 "| 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |\n"
			 "| 规章 | %s | 0 | 1 |\n"
			 "| 规范性文件 | 2 | 2 | 9 |\n"
			 "| 第二十条第（五）项 |\n"
			 "| 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n"
			 "| 行政许可 | 10 | %s | 40 |\n"
			 "| 其他对外管理服务事项 | 1 | 0 | 2 |\n"
			 "| 第二十条第（九）项 |\n"
			 "| 信息内容 | 采购项目数量 | %s |\n"
			 "| 政府集中采购 | 3 | %s |\n",
			 issued, change, amount_header, amount);
	return gi_parse(buf, strlen(buf), NULL);
}

typedef struct Case
{
	const char *printed;
	bool		null;
	long long	value;
	const char *log;			/* severity of the log entry expected, or NULL */
} Case;

static void
count_cell(void)
{
	static const Case cases[] = {
		{"12", false, 12, NULL},
		{"１２", false, 12, NULL},		/* full-width digits */
		{"1,234", false, 1234, NULL},
		{"1，234", false, 1234, NULL},	/* full-width separator */
		{"１，２３４", false, 1234, NULL},
		{"12,345,678", false, 12345678, NULL},
		{"12件", false, 12, NULL},
		{"0", false, 0, NULL},
		{"+5", false, 5, NULL},
		{"", true, 0, NULL},
		{"-", true, 0, NULL},
		{"--", true, 0, NULL},
		{"—", true, 0, NULL},
		{"——", true, 0, NULL},
		{"/", true, 0, NULL},
		{"无", true, 0, NULL},
		{"暂无", true, 0, "error"},		/* text where a number belongs */
		{"约3", true, 0, "error"},
		{"3余", true, 0, "error"},
		{"1,23", true, 0, "error"},		/* not a thousands separator */
		{"3.5", true, 0, "error"},		/* a fraction of a count */
		{"3.0", false, 3, NULL},		/* trailing zero decimals are whole */
		{"-2", true, 0, "error"},		/* negative where the cell cannot be */
		{"减2", true, 0, "error"},
		{"5元", true, 0, "error"},		/* money where a count belongs */
		{"99999999999999999999", true, 0, "error"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		const Case *c = &cases[i];
		GiParseResult *r = table2(c->printed, "0", "采购总金额", "1");
		long long	v = -999;
		bool		present = unit_cell(r, "proactive.rules.issued", &v);

		CHECK(r && r->status == GI_PARSE_OK && strcmp(r->template->name, "gov2019") == 0,
			  "count '%s': parsed as gov2019", c->printed);
		if (c->null)
			CHECK(!present, "count '%s': NULL, got %lld", c->printed, v);
		else
			CHECK(present && v == c->value, "count '%s': %lld, got %s%lld", c->printed, c->value,
				  present ? "" : "NULL ", v);
		if (c->log)
			CHECK(unit_log_has(r, c->log, "proactive.rules.issued"),
				  "count '%s': an %s in the log names the cell", c->printed, c->log);
		else
			CHECK(!unit_log_has(r, "error", "proactive.rules.issued"),
				  "count '%s': no error logged", c->printed);
		/* the neighbouring cells are not disturbed */
		CHECK(unit_cell(r, "proactive.rules.published", &v) && v == 0 &&
			  unit_cell(r, "proactive.rules.public_total", &v) && v == 1,
			  "count '%s': the rest of the row is read", c->printed);
		gi_parse_free(r);
	}
}

static void
signed_cell(void)
{
	static const Case cases[] = {
		{"+22", false, 22, NULL},
		{"-8", false, -8, NULL},
		{"增1423", false, 1423, NULL},
		{"减4", false, -4, NULL},
		{"增加7", false, 7, NULL},
		{"减少2", false, -2, NULL},
		{"＋５", false, 5, NULL},
		{"－３", false, -3, NULL},
		{"−6", false, -6, NULL},		/* U+2212 minus */
		{"0", false, 0, NULL},
		{"-", true, 0, NULL},
		{"+-3", true, 0, "error"},
		{"增减", true, 0, "error"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		const Case *c = &cases[i];
		GiParseResult *r = table2("1", c->printed, "采购总金额", "1");
		long long	v = -999;
		bool		present = unit_cell(r, "proactive.licensing.change", &v);

		if (c->null)
			CHECK(!present, "signed '%s': NULL, got %lld", c->printed, v);
		else
			CHECK(present && v == c->value, "signed '%s': %lld, got %s%lld", c->printed, c->value,
				  present ? "" : "NULL ", v);
		if (c->log)
			CHECK(unit_log_has(r, c->log, "proactive.licensing.change"),
				  "signed '%s': logged", c->printed);
		gi_parse_free(r);
	}
}

static void
amount_cell(void)
{
	static const struct
	{
		const char *header;
		const char *printed;
		bool		null;
		long long	fen;			/* stored: 分 */
		const char *log;
	}			cases[] = {
		{"采购总金额", "25.1", false, 25100000, NULL},	/* 万元, exact */
		{"采购总金额", "386.52", false, 386520000, NULL},
		{"采购总金额", "25.1万元", false, 25100000, NULL},
		{"采购总金额", "251000元", false, 25100000, "info"},	/* 元: converted */
		{"采购总金额", "1,265,000元", false, 126500000, "info"},
		{"采购总金额（元）", "1,265,000", false, 126500000, "info"},	/* unit in the header */
		{"采购总金额", "1,265,000.37元", false, 126500037, "info"},	/* to the 分 */
		{"采购总金额（万元）", "12.5", false, 12500000, NULL},
		{"采购总金额", "4166.241619", false, 4166241619, NULL},	/* to the 分, as real fees are */
		{"采购总金额", "0.0001", false, 100, NULL},	/* 1 元 */
		{"采购总金额", "0.000001", false, 1, NULL},	/* 1 分 */
		{"采购总金额", "0.0000001", true, 0, "error"},	/* finer than 1 分 */
		{"采购总金额", "3.125元", true, 0, "error"},	/* finer than 1 分 */
		{"采购总金额", "12件", true, 0, "error"},		/* a count where money belongs */
		{"采购总金额", "-", true, 0, NULL},
		{"采购总金额", "见附件", true, 0, "error"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		GiParseResult *r = table2("1", "0", cases[i].header, cases[i].printed);
		long long	v = -999;
		bool		present = unit_cell(r, "proactive.procurement.amount", &v);

		if (cases[i].null)
			CHECK(!present, "amount '%s' under '%s': NULL, got %lld", cases[i].printed, cases[i].header, v);
		else
			CHECK(present && v == cases[i].fen, "amount '%s' under '%s': %lld 分, got %s%lld",
				  cases[i].printed, cases[i].header, cases[i].fen, present ? "" : "NULL ", v);
		if (cases[i].log)
			CHECK(unit_log_has(r, cases[i].log, "proactive.procurement.amount") ||
				  unit_log_has(r, cases[i].log, cases[i].printed),
				  "amount '%s': %s logged", cases[i].printed, cases[i].log);
		gi_parse_free(r);
	}
}

/* gov2014: the unit column says 元 for the 万元 budget row */
static void
unit_column(void)
{
	size_t		len;
	char		path[1024];
	char	   *seed;
	char	   *mod;
	char	   *p;
	GiParseResult *r;
	long long	v = 0;

	snprintf(path, sizeof(path), "%s/test/seed/2017-shandong-hrss.txt", unit_root);
	seed = unit_read_file(path, &len);
	CHECK(seed != NULL, "seed readable");
	if (seed == NULL)
		return;
	mod = malloc(len + 64);
	p = strstr(seed, "\t万元\n\t0\n");
	CHECK(p != NULL, "seed has the budget row");
	if (p == NULL)
	{
		free(seed);
		free(mod);
		return;
	}
	memcpy(mod, seed, (size_t) (p - seed));
	strcpy(mod + (p - seed), "\t元\n\t35,000\n");
	strcat(mod, p + strlen("\t万元\n\t0\n"));
	r = gi_parse(mod, strlen(mod), NULL);
	CHECK(unit_cell(r, "org.budget", &v) && v == 3500000, "budget 35,000 元 in a 万元 row: %lld 分", v);
	CHECK(unit_log_has(r, "info", "35000 元 stored as 3.5 万元"), "the conversion is logged");
	gi_parse_free(r);
	free(mod);
	free(seed);
}

/*
 * gov2014 as a PDF lays it out: the unit column says 万元, and the figure's
 * 元 wraps to the line below it in a squeezed cell.  Read in 万元 it would
 * be 10,000 times too large; it is read in 元, and that is logged.
 */
static void
unit_wrapped_below(void)
{
	static const char *const shapes[] = {
		"    万元       2,638,000\n                 元\n",	/* pdftotext -layout */
		"\t万元\n\t2,638,000\n\t元\n",	/* a cell a line */
	};
	size_t		len;
	char		path[1024];
	char	   *seed;
	const char *p;

	snprintf(path, sizeof(path), "%s/test/seed/2017-shandong-hrss.txt", unit_root);
	seed = unit_read_file(path, &len);
	CHECK(seed != NULL, "seed readable");
	if (seed == NULL)
		return;
	p = strstr(seed, "\t万元\n\t0\n");
	CHECK(p != NULL, "seed has the budget row");
	for (size_t i = 0; p != NULL && i < sizeof(shapes) / sizeof(shapes[0]); i++)
	{
		char	   *mod = malloc(len + 64);
		GiParseResult *r;
		long long	v = -1;

		memcpy(mod, seed, (size_t) (p - seed));
		strcpy(mod + (p - seed), shapes[i]);
		strcat(mod, p + strlen("\t万元\n\t0\n"));
		r = gi_parse(mod, strlen(mod), NULL);
		CHECK(unit_cell(r, "org.budget", &v) && v == 263800000,
			  "shape %zu: 2,638,000 over a wrapped 元 is 263.8 万元 (263800000 分), got %lld", i, v);
		CHECK(unit_log_has(r, "info", "unit 元 printed on the line below the figure"),
			  "shape %zu: the wrapped 元 is logged", i);
		CHECK(unit_log_has(r, "info", "2638000 元 stored as 263.8 万元"), "shape %zu: the conversion is logged", i);
		gi_parse_free(r);
		r = gi_parse_ex(mod, strlen(mod), &(GiParseOptions) {.values_only = true});
		CHECK(unit_cell(r, "org.budget", &v) && v == 263800000, "shape %zu without a log: %lld", i, v);
		gi_parse_free(r);
		free(mod);
	}
	free(seed);
}

void
test_cells(void)
{
	count_cell();
	signed_cell();
	amount_cell();
	unit_column();
	unit_wrapped_below();
}
