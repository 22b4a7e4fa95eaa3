/*
 * test_wrapped.c
 *	  Cells a PDF wrapped inside their squeezed column (pdftotext -layout):
 *	  figures cut over two lines put back by their columns, by a comma at the
 *	  cut or by the table's arithmetic, logged; a piece nothing places leaves
 *	  the cells it may belong to blank, with an error; a unit 万元 printed as
 *	  万 over 元 read as 万元, and one that cannot be told left blank.  The
 *	  report is test/shapes/gov2021-2023-pdf-wrapped.txt, and variants of it
 *	  made here a line at a time.
 */
#define _GNU_SOURCE
#include "unit.h"

#include <stdlib.h>
#include <string.h>

/* The shape's text with the line from (whole, with its newline) replaced by to; NULL when absent */
static char *
variant(const char *text, const char *from, const char *to)
{
	const char *p = strstr(text, from);
	size_t		n = strlen(text),
				fl = strlen(from),
				tl = strlen(to);
	char	   *out;

	if (p == NULL)
		return NULL;
	out = malloc(n - fl + tl + 1);
	memcpy(out, text, (size_t) (p - text));
	memcpy(out + (p - text), to, tl);
	strcpy(out + (p - text) + tl, p + fl);
	return out;
}

static void
expect_cell(const GiParseResult *r, const char *what, const char *code, long long want)
{
	long long	v = 0;
	bool		got = unit_cell(r, code, &v);

	CHECK(got && v == want, "wrapped %s: %s = %lld (got %s%lld)", what, code, want, got ? "" : "NULL ", v);
}

static void
expect_null(const GiParseResult *r, const char *what, const char *code)
{
	long long	v = 0;

	CHECK(!unit_cell(r, code, &v), "wrapped %s: %s left NULL (got %lld)", what, code, v);
}

static void
expect_log(const GiParseResult *r, const char *what, const char *severity, const char *label,
		   const char *raw, const char *msg)
{
	const char *m = unit_log_message(r, severity, label, raw);

	CHECK(m != NULL && strcmp(m, msg) == 0, "wrapped %s: %s {%s} <%s> \"%s\" (got \"%s\")", what, severity,
		  label, raw, msg, m ? m : "none");
}

/* The report as its PDF prints it: every wrapped figure put back, the fee in 万元 */
static void
wrapped_report(const char *text)
{
	GiParseResult *r = gi_parse(text, strlen(text), NULL);

	CHECK(r && r->status == GI_PARSE_OK && r->template && strcmp(r->template->name, "gov2021") == 0 &&
		  r->nmapped == 200, "wrapped: every cell of the gov2021 table read (%d)", r ? r->nmapped : -1);
	/* 1, over 084 and 1, over 095: a comma at the cut */
	expect_cell(r, "comma", "apply.received@natural", 1084);
	expect_cell(r, "comma", "apply.received@commercial", 5);
	expect_cell(r, "comma", "apply.received", 1095);
	expect_log(r, "comma", "warning", "一、本年新收政府信息", "1, / 084 · 1, / 095",
			   "figure wrapped over two lines in its column read as 1,084 · 1,095: "
			   "a figure cut after a comma or a point continues on the line below");
	/* １０ over ６ and 10 over 9: only 106 and 109 keep the row's sum */
	expect_cell(r, "digits", "apply.result.granted@natural", 106);
	expect_cell(r, "digits", "apply.result.granted@commercial", 2);
	expect_cell(r, "digits", "apply.result.granted", 109);
	expect_log(r, "digits", "warning", "（一）予以公开", "１０ / ６ · 10 / 9",
			   "figure wrapped over two lines in its column read as １０６ · 109: "
			   "the one reading where its columns sum to its 总计");
	/* 88 above the label's line, between two rows: the arithmetic puts it below */
	expect_cell(r, "above", "apply.result.unavailable.not_held@natural", 880);
	expect_cell(r, "above", "apply.result.unavailable.not_held", 888);
	expect_cell(r, "above", "apply.result.unavailable.needs_creation@natural", 30);
	expect_log(r, "above", "warning", "1.本机关不掌握相关政", "88 / 0 · 88 / 8",
			   "figure wrapped over two lines in its column read as 880 · 888: "
			   "the one reading where its columns sum to its 总计");
	/* the header's 金额（万 over 元）, 信息内容 printed between them: 万元, said so */
	expect_cell(r, "unit", "proactive.fees.amount", 122680000);	/* 122.68 万元, in 分 */
	expect_log(r, "unit", "info", "行政事业性收费", "",
			   "the header's unit ends in 万 with its 元 wrapped onto the next line: the amounts are read in 万元");
	CHECK(!unit_log_has(r, "info", "amount printed in 元"), "wrapped: the fee is not read in 元");
	gi_parse_free(r);
	/* without a log, the same cells */
	r = gi_parse_ex(text, strlen(text), &(GiParseOptions) {.values_only = true});
	expect_cell(r, "values only", "apply.received@natural", 1084);
	expect_cell(r, "values only", "apply.result.granted@natural", 106);
	expect_cell(r, "values only", "proactive.fees.amount", 122680000);
	gi_parse_free(r);
}

/* A row of one figure, 2, over 316: the comma says the figure goes on below */
static void
wrapped_single(const char *text)
{
	char	   *t = variant(text, "   行政许可        2,316\n", "   行政许可        2,\n                316\n");
	GiParseResult *r;

	CHECK(t != NULL, "wrapped: the 行政许可 row found");
	if (t == NULL)
		return;
	r = gi_parse(t, strlen(t), NULL);
	expect_cell(r, "one figure", "proactive.licensing.decisions", 2316);
	expect_cell(r, "one figure", "proactive.penalty.decisions", 412);
	expect_log(r, "one figure", "warning", "行政许可", "2, / 316",
			   "figure wrapped over two lines in its column read as 2,316: "
			   "a figure cut after a comma or a point continues on the line below");
	gi_parse_free(r);
	free(t);
}

/*
 * A row line whose figure is cut after its comma (1, over 084, ３， over
 * ０９５): the comma is the figure's, not a sentence's, even with a label
 * long enough to be prose, and the figure is put back.
 */
static void
wrapped_comma_row(const char *text)
{
	char	   *t = variant(text,
							"一、本年新收政府信息            1,                             1,\n"
							"  公开申请数量              084   5    0    0    4    2    095\n",
							"一、本年新收政府信息公开申请数量            1,                             １，\n"
							"                          084   5    0    0    4    2    ０９５\n");
	GiParseResult *r;

	CHECK(t != NULL, "wrapped: the 本年新收 row found");
	if (t == NULL)
		return;
	r = gi_parse(t, strlen(t), NULL);
	expect_cell(r, "comma row", "apply.received@natural", 1084);
	expect_cell(r, "comma row", "apply.received", 1095);
	expect_log(r, "comma row", "warning", "一、本年新收政府信息公开申请数量", "1, / 084 · １， / ０９５",
			   "figure wrapped over two lines in its column read as 1,084 · １，０９５: "
			   "a figure cut after a comma or a point continues on the line below");
	CHECK(!unit_log_has(r, "warning", "inside the table was read as a sentence"),
		  "wrapped comma row: not read as a sentence");
	gi_parse_free(r);
	free(t);

	/* a row that does read as a sentence: its warning names the row */
	t = variant(text, "二、上年结转政府信息            22    0    0    0    0    0    22\n",
				"二、上年结转政府信息公开申请数量；合计            22    0    0    0    0    0    22\n");
	CHECK(t != NULL, "wrapped: the 上年结转 row found");
	if (t == NULL)
		return;
	r = gi_parse(t, strlen(t), NULL);
	expect_null(r, "sentence row", "apply.carried_in@natural");
	expect_log(r, "sentence row", "warning", "二、上年结转政府信息公开申请数量；合计",
			   "二、上年结转政府信息公开申请数量；合计            22    0    0    0    0    0    22",
			   "a line inside the table was read as a sentence: its figures are not stored");
	gi_parse_free(r);
	free(t);
}

/* Pieces that no reading places: the cells they may belong to blank, an error each */
static void
wrapped_undecided(const char *text)
{
	char	   *t;
	GiParseResult *r;

	/* 10 over 8: neither 108 nor 10 is the sum 109 of the row */
	t = variant(text, "                      ６                              9\n",
				"                      ６                              8\n");
	CHECK(t != NULL, "wrapped: the 予以公开 pieces found");
	if (t == NULL)
		return;
	r = gi_parse(t, strlen(t), NULL);
	expect_null(r, "no reading", "apply.result.granted@natural");
	expect_null(r, "no reading", "apply.result.granted");
	expect_cell(r, "no reading", "apply.result.granted@commercial", 2);
	expect_cell(r, "no reading", "apply.result.granted@legal", 1);
	expect_log(r, "no reading", "error", "（一）予以公开", "１０ / ６ · 10 / 8",
			   "figure wrapped over two lines in its column: no reading fits the table's arithmetic, cells left blank");
	gi_parse_free(r);
	free(t);

	/* a piece between two rows of table 二, which has no sum to tell whose it is */
	t = variant(text, "    规章          0        0     3\n\n",
				"    规章          0        0     3\n                               5\n");
	CHECK(t != NULL, "wrapped: the 规章 row found");
	if (t == NULL)
		return;
	r = gi_parse(t, strlen(t), NULL);
	expect_null(r, "two rows", "proactive.rules.in_force");
	expect_null(r, "two rows", "proactive.normative.in_force");
	expect_cell(r, "two rows", "proactive.rules.issued", 0);
	expect_cell(r, "two rows", "proactive.normative.issued", 4);
	expect_log(r, "two rows", "error", "规章", "3 / 5",
			   "figure wrapped over two lines in its column: it may go on the row above or below "
			   "and the table's arithmetic does not tell which, cells left blank");
	/* and one naming the row below, whose cell is left blank too */
	expect_log(r, "two rows", "error", "行政规范性文件", "5 / 58",
			   "figure wrapped over two lines in its column: it may go on the row above or below "
			   "and the table's arithmetic does not tell which, cells left blank");
	gi_parse_free(r);
	free(t);
}

/*
 * A figure alone on its line under a row of one figure (no comma at the
 * cut, no sum to check): its tail, or a row without a label, cannot be
 * told; the row is left blank with an error, never read as 41 or 412.
 */
static void
wrapped_lone(const char *text)
{
	const char *rows = "   行政处罚        412\n\n   行政强制        9\n";
	char	   *t = variant(text, rows, "   行政处罚        41\n                2\n\n   行政强制        9\n");
	GiParseResult *r;

	CHECK(t != NULL, "wrapped: the 行政处罚 row found");
	if (t == NULL)
		return;
	r = gi_parse(t, strlen(t), NULL);
	expect_null(r, "lone", "proactive.penalty.decisions");
	expect_cell(r, "lone", "proactive.coercion.decisions", 9);
	expect_log(r, "lone", "error", "行政处罚", "41 / 2",
			   "figure alone on a line in the column of a row's one figure: a piece of it or a row without "
			   "a label cannot be told, cells left blank");
	gi_parse_free(r);
	free(t);

	/*
	 * Between two such rows: both left blank, each named; the second's own
	 * tail (0) goes with it, not read as its figure.
	 */
	t = variant(text, rows, "   行政处罚        4\n               1\n   行政强制        9\n               0\n");
	r = gi_parse(t, strlen(t), NULL);
	expect_null(r, "lone between", "proactive.penalty.decisions");
	expect_null(r, "lone between", "proactive.coercion.decisions");
	expect_log(r, "lone between", "error", "行政处罚", "4 / 1",
			   "figure wrapped over two lines in its column: it may go on the row above or below "
			   "and the table's arithmetic does not tell which, cells left blank");
	expect_log(r, "lone between", "error", "行政强制", "1 / 9",
			   "figure wrapped over two lines in its column: it may go on the row above or below "
			   "and the table's arithmetic does not tell which, cells left blank");
	gi_parse_free(r);
	free(t);
}

/*
 * Pieces under a row whose figures an earlier piece left blank: what they
 * go with cannot be read, and the row is not read as what is left of it.
 */
static void
wrapped_on_blank(const char *text)
{
	char	   *t = variant(text,
							"3.危及“三安全一稳定”          0     0    0    0    0    0    0\n\n"
							"4.保护第三方合法权益           2     0    0    0    0    0    2\n",
							"3.危及“三安全一稳定”          1     0    0    0    0    0    1\n"
							"                      1                              1\n"
							"4.保护第三方合法权益           1     0    0    0    0    0    1\n"
							"                      2                              2\n");
	GiParseResult *r;

	CHECK(t != NULL, "wrapped: the 危及 and 保护 rows found");
	if (t == NULL)
		return;
	r = gi_parse(t, strlen(t), NULL);
	/* 1 over 1: 11 above or 11 below, both sum */
	expect_null(r, "on blank", "apply.result.denied.security@natural");
	expect_null(r, "on blank", "apply.result.denied.security");
	expect_log(r, "on blank", "error", "4.保护第三方合法权益", "1 / 1 · 1 / 1",
			   "figure wrapped over two lines in its column: it may go on the row above or below "
			   "and the table's arithmetic does not tell which, cells left blank");
	/* 2 over 2 under the cells so left blank: not 1, not 12 */
	expect_null(r, "on blank", "apply.result.denied.third_party@natural");
	expect_null(r, "on blank", "apply.result.denied.third_party");
	expect_cell(r, "on blank", "apply.result.denied.third_party@commercial", 0);
	expect_log(r, "on blank", "error", "4.保护第三方合法权益", "1 / 2 · 1 / 2",
			   "figure wrapped over two lines in its column, under or over a figure left blank: cells left blank");
	gi_parse_free(r);
	free(t);

	/* a gov2014-like unit column: 万 over 元 beside the tail of the row's one figure */
	t = variant(text, "   行政处罚        412\n\n", "   行政处罚    万    41\n           元     2\n\n");
	CHECK(t != NULL, "wrapped: the 行政处罚 row found");
	if (t == NULL)
		return;
	r = gi_parse(t, strlen(t), NULL);
	expect_null(r, "lone by a unit", "proactive.penalty.decisions");
	expect_log(r, "lone by a unit", "error", "行政处罚", "41 / 2",
			   "figure alone on a line in the column of a row's one figure: a piece of it or a row without "
			   "a label cannot be told, cells left blank");
	gi_parse_free(r);
	free(t);
}

/* 万 over 元 in a unit column; a header's 万 and 元 too far apart to tell */
static void
wrapped_units(const char *text)
{
	const char *header = "              本年收费\n              金额（万\n   信息内容        元）\n\n"
		" 行政事业性收费       122.68\n";
	char	   *t;
	GiParseResult *r;

	t = variant(text, header,
				"              本年收费\n   信息内容       金额\n\n"
				" 行政事业性收费       122.68     万\n                          元\n");
	CHECK(t != NULL, "wrapped: the fee's header found");
	if (t == NULL)
		return;
	r = gi_parse(t, strlen(t), NULL);
	expect_cell(r, "unit column", "proactive.fees.amount", 122680000);
	expect_log(r, "unit column", "info", "行政事业性收费", "万",
			   "unit 万元 printed as 万 over 元 in its column: the amounts are read in 万元");
	gi_parse_free(r);
	free(t);

	/* 元） far from the column of 金额（万: which unit the header means cannot be told */
	t = variant(text, header,
				"              本年收费\n              金额（万\n   信息内容                    元）\n\n"
				" 行政事业性收费       122.68\n");
	r = gi_parse(t, strlen(t), NULL);
	expect_null(r, "unsure", "proactive.fees.amount");
	expect_cell(r, "unsure", "proactive.coercion.decisions", 9);
	expect_log(r, "unsure", "error", "元）", "122.68",
			   "the unit of the amount cannot be told: 万 and 元 are printed apart, not one over the other in a column "
			   "(万元 and 元 differ 10,000 times): left NULL");
	gi_parse_free(r);
	free(t);

	/* a unit column's 万 with the 元 under it out of its column: cannot be told either */
	t = variant(text, header,
				"              本年收费\n   信息内容       金额\n\n"
				" 行政事业性收费       122.68     万\n                                  元\n");
	r = gi_parse(t, strlen(t), NULL);
	expect_null(r, "unsure column", "proactive.fees.amount");
	expect_log(r, "unsure column", "error", "行政事业性收费", "122.68",
			   "the unit of the amount cannot be told: 万 and 元 are printed apart, not one over the other in a column "
			   "(万元 and 元 differ 10,000 times): left NULL");
	gi_parse_free(r);
	free(t);
}

/*
 * LibreOffice centres a wrapped cell on its label's line: the figure on the
 * line above the label, its 元 alone on the line below, under a header in
 * 万元 (13 万元 printed as 130,000 元).  The 元 is the figure's unit.
 */
static void
wrapped_centred_unit(const char *text)
{
	const char *header = "              本年收费\n              金额（万\n   信息内容        元）\n\n"
		" 行政事业性收费       122.68\n";
	char	   *t;
	GiParseResult *r;

	t = variant(text, header,
				"            本年收费金\n  信息内容      额（单位：\n             万元）\n\n"
				"            130,000\n 行政事业性收费\n              元\n");
	CHECK(t != NULL, "wrapped: the fee's header found");
	if (t == NULL)
		return;
	r = gi_parse(t, strlen(t), NULL);
	expect_cell(r, "centred unit", "proactive.fees.amount", 13000000);
	expect_cell(r, "centred unit", "proactive.coercion.decisions", 9);
	expect_log(r, "centred unit", "warning", "万元）", "元",
			   "unit 元 printed on the line below the figure (line 44): the amount is read in it, not in the row's 万元");
	gi_parse_free(r);
	free(t);
}

/*
 * A figure centred on its row's line (LibreOffice): its pieces on the lines
 * above and below, in a column where the row's line has none.  Read line
 * by line the row's figures would shift a column: the row is left blank,
 * with an error naming it.
 */
static void
wrapped_centred_figure(const char *text)
{
	const char *row = "  行政规范性文件       4        2     58\n";
	char	   *t;
	GiParseResult *r;

	/* the label on the row's line: 5 above it and 8 below it for 58 */
	t = variant(text, row,
				"                               5\n  行政规范性文件       4        2\n                               8\n");
	CHECK(t != NULL, "wrapped: the normative row found");
	if (t == NULL)
		return;
	r = gi_parse(t, strlen(t), NULL);
	expect_null(r, "centred", "proactive.normative.issued");
	expect_null(r, "centred", "proactive.normative.repealed");
	expect_null(r, "centred", "proactive.normative.in_force");
	expect_cell(r, "centred", "proactive.rules.in_force", 3);
	expect_log(r, "centred", "error", "行政规范性文件", "5 / 8",
			   "figure printed on the lines above and below its row's line, in a column where the row's line has none "
			   "(a cell centred over wrapped lines): which cell it is cannot be told, the row's cells left blank");
	gi_parse_free(r);
	free(t);

	/* the label on the lines above and below the row's figures, the piece after it */
	t = variant(text, row,
				"  行政规范                         5\n                4        2\n  性文件                          8\n");
	r = gi_parse(t, strlen(t), NULL);
	expect_null(r, "centred label", "proactive.normative.issued");
	expect_null(r, "centred label", "proactive.normative.repealed");
	expect_null(r, "centred label", "proactive.normative.in_force");
	expect_log(r, "centred label", "error", "行政规范", "5 / 8",
			   "figure printed on the lines above and below its row's line, in a column where the row's line has none "
			   "(a cell centred over wrapped lines): which cell it is cannot be told, the row's cells left blank");
	gi_parse_free(r);
	free(t);
}

/*
 * Table 四 whose row of figures no row of the text could be taken for
 * (LibreOffice's PDF of a page whose narrow cells print full-width zeros
 * and run the last five together): its cells are blank, and an error says
 * so; the same page with its figures readable says nothing of the kind.
 */
static void
wrapped_table4_unread(void)
{
	char		path[1024];
	size_t		len;
	char	   *page,
			   *bad,
			   *at;
	static const char good_row[] = "     4         1     0    2    7   0    0   0    0   0   0 1 1 1 3\n";
	static const char bad_row[] = "     ０         ０    0   ０   0   ０   ０   ０   ０   0   ０００００\n";
	GiParseResult *r;
	long long	v;

	snprintf(path, sizeof(path), "%s/test/fixtures/gov2021-2023-pdftotext.txt", unit_root);
	page = unit_read_file(path, &len);
	at = page ? strstr(page, good_row) : NULL;
	CHECK(at != NULL, "wrapped: table 四's row in the fixture");
	if (at == NULL)
	{
		free(page);
		return;
	}
	r = gi_parse(page, len, NULL);
	CHECK(r && unit_cell(r, "review", &v) && v == 7 && !unit_log_has(r, "error", "no row of its"),
		  "wrapped: table 四 read, no error about it");
	gi_parse_free(r);

	bad = malloc(len + sizeof(bad_row));
	if (bad == NULL)
	{
		free(page);
		return;
	}
	memcpy(bad, page, (size_t) (at - page));
	strcpy(bad + (at - page), bad_row);
	strcat(bad, at + strlen(good_row));
	r = gi_parse(bad, strlen(bad), NULL);
	CHECK(r && r->status == GI_PARSE_OK && !unit_cell(r, "review", &v), "wrapped: table 四 unread: blank");
	CHECK(r && unit_log_message(r, "error", "四、政府信息公开行政复议、行政诉讼情况", "") != NULL &&
		  strcmp(unit_log_message(r, "error", "四、政府信息公开行政复议、行政诉讼情况", ""),
				 "table 四 is printed (line 264) but no row of its 15 figures could be found: its cells are left blank") == 0,
		  "wrapped: table 四 unread: the error names it (got \"%s\")",
		  r ? (unit_log_message(r, "error", "四、政府信息公开行政复议、行政诉讼情况", "") ?: "none") : "none");
	gi_parse_free(r);
	free(bad);
	free(page);
}

void
test_wrapped(void)
{
	char		path[1024];
	size_t		len;
	char	   *text;

	snprintf(path, sizeof(path), "%s/test/shapes/gov2021-2023-pdf-wrapped.txt", unit_root);
	text = unit_read_file(path, &len);
	CHECK(text != NULL, "wrapped: %s readable", path);
	if (text == NULL)
		return;
	wrapped_report(text);
	wrapped_single(text);
	wrapped_comma_row(text);
	wrapped_undecided(text);
	wrapped_lone(text);
	wrapped_on_blank(text);
	wrapped_units(text);
	wrapped_centred_unit(text);
	wrapped_centred_figure(text);
	wrapped_table4_unread();
	free(text);
}
