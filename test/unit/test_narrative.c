/*
 * test_narrative.c
 *	  Prose-vs-table conflicts: the seed's two real conflicts and nothing
 *	  else; each statement rule; the clauses that must not be read.
 */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "narrative.h"

static char *
read_rel(const char *rel, size_t *len)
{
	char		path[1024];

	snprintf(path, sizeof(path), "%s/%s", unit_root, rel);
	return unit_read_file(path, len);
}

/* Replace the first occurrence of from by to (malloc'd result). */
static char *
replace(const char *s, const char *from, const char *to)
{
	const char *p = strstr(s, from);
	size_t		n = strlen(s) - strlen(from) + strlen(to);
	char	   *out;

	if (p == NULL)
		return NULL;
	out = malloc(n + 1);
	memcpy(out, s, (size_t) (p - s));
	strcpy(out + (p - s), to);
	strcat(out, p + strlen(from));
	return out;
}

static int
conflicts(const char *text, GiConflict **c)
{
	GiParseResult *r = gi_parse(text, strlen(text), NULL);
	int			n = gi_narrative_conflicts(text, strlen(text), r, c);

	gi_parse_free(r);
	return n;
}

static const GiConflict *
find(GiConflict *c, int n, const char *code)
{
	for (int i = 0; i < n; i++)
		if (strcmp(c[i].code_name, code) == 0)
			return &c[i];
	return NULL;
}

static void
seed(void)
{
	size_t		len;
	char	   *s = read_rel("test/seed/2017-shandong-hrss.txt", &len);
	GiConflict *c;
	int			n;
	const GiConflict *letter,
			   *online;

	CHECK(s != NULL, "seed readable");
	if (s == NULL)
		return;
	n = conflicts(s, &c);
	CHECK(n == 2, "the seed has exactly its two real conflicts (got %d)", n);
	letter = find(c, n, "apply.received.letter");
	online = find(c, n, "apply.received.online");
	CHECK(letter && letter->table_value == 46 && letter->text_value == 18,
		  "信函: table 46, text 18");
	CHECK(online && online->table_value == 18 && online->text_value == 46,
		  "网上及电子邮件: table 18, text 46");
	CHECK(letter && strstr(letter->excerpt, "信函申请18件") != NULL, "the excerpt quotes the sentence");
	CHECK(letter && strcmp(letter->label_zh, "4.信函申请数") == 0, "the conflict names the row");
	for (int i = 0; i < n; i++)
		CHECK(unit_valid_utf8(c[i].excerpt), "excerpt %d is valid UTF-8", i);
	gi_conflicts_free(c, n);
	free(s);
}

/* Statements changed in the seed's prose: conflicts where the rule applies, none where it must not. */
static void
seed_variants(void)
{
	static const struct
	{
		const char *from;
		const char *to;
		const char *code;		/* the conflict expected (besides the two real ones), NULL = none */
		long long	text;
	}			cases[] = {
		{"当面申请26件", "当面申请27件", "apply.received.in_person", 27},
		{"共收到并答复政府信息公开申请90件", "共收到并答复政府信息公开申请91件", "apply.received", 91},
		{"已主动公开21件", "已主动公开20件", "apply.result.already_public", 20},
		{"同意公开26件", "同意公开25件", "apply.result.granted", 25},
		{"不属于本机关公开9件", "不属于本机关公开8件", "apply.result.not_this_agency", 8},
		{"信息不存在11件", "信息不存在10件", "apply.result.not_exist", 10},
		{"告知更改补充12件", "告知更改补充13件", "apply.result.amend_notice", 13},
		{"不予公开11件", "不予公开１２件", "apply.result.denied", 12},	/* full-width digits */
		{"没有发生因政府信息公开引起的行政复议和行政诉讼。", "发生行政复议2件。", "review", 2},
		{"没有发生因政府信息公开引起的行政复议和行政诉讼。", "因政府信息公开被提起行政诉讼1件。", "litigation", 1},
		/* conservative: none of these is read */
		{"当面申请26件", "当面申请较上年增加5件", NULL, 0},
		{"当面申请26件", "当面申请约30件", NULL, 0},
		{"当面申请26件", "当面申请30余件", NULL, 0},
		{"2017年，共收到并答复", "2016年，共收到并答复", NULL, 0},	/* another year: skipped */
		{"不予公开11件", "不予公开比上年减少3件", NULL, 0},
		{"不予公开11件", "不予公开同比持平为11件", NULL, 0},
		{"没有发生因政府信息公开引起的行政复议和行政诉讼。", "行政复议维持2件。", NULL, 0},
		{"当面申请26件", "当面申请26件次", NULL, 0},
		{"当面申请26件", "当面申请2.5件", NULL, 0},
	};
	size_t		len;
	char	   *s = read_rel("test/seed/2017-shandong-hrss.txt", &len);

	if (s == NULL)
		return;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		char	   *m = replace(s, cases[i].from, cases[i].to);
		GiConflict *c;
		int			n;

		CHECK(m != NULL, "variant %zu applies", i);
		if (m == NULL)
			continue;
		n = conflicts(m, &c);
		if (cases[i].code)
		{
			const GiConflict *f = find(c, n, cases[i].code);

			CHECK(n == 3 && f && f->text_value == cases[i].text, "'%s': a conflict on %s (%d conflicts)",
				  cases[i].to, cases[i].code, n);
		}
		else
			CHECK(n == 2, "'%s': not read (%d conflicts)", cases[i].to, n);
		gi_conflicts_free(c, n);
		free(m);
	}
	free(s);
}

static void
gov2019(void)
{
	size_t		len;
	char	   *s = read_rel("test/fixtures/gov2019-2019-cells-tab.txt", &len);
	GiConflict *c;
	int			n;
	const GiConflict *u;
	static const struct
	{
		const char *from;
		const char *to;
		const char *code;
		long long	text;
	}			cases[] = {
		{"其中予以公开39件", "其中予以公开40件", "apply.result.granted", 40},
		{"部分公开7件", "部分公开8件", "apply.result.partial", 8},
		{"不予公开9件", "不予公开10件", "apply.result.denied", 10},
		{"不予处理7件", "不予处理6件", "apply.result.rejected", 6},
		{"其他处理4件", "其他处理5件", "apply.result.other", 5},
		{"上年结转2件", "上年结转3件", "apply.carried_in", 3},
		{"结转下年度继续办理6件", "结转下年度继续办理7件", "apply.carried_out", 7},
		{"全年共收到政府信息公开申请95件", "全年共收到政府信息公开申请96件", "apply.received", 96},
		{"本年度未收取信息处理费。", "本年度发生行政复议5件，行政诉讼2件。", "review", 5},
	};

	if (s == NULL)
		return;
	n = conflicts(s, &c);
	u = find(c, n, "apply.result.unavailable");
	CHECK(n == 1 && u && u->table_value == 25 && u->text_value == 24,
		  "gov2019 fixture: its one conflict, 无法提供 (group: 25 in the table, 24 in the text)");
	gi_conflicts_free(c, n);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		char	   *m = replace(s, cases[i].from, cases[i].to);
		const GiConflict *f;

		CHECK(m != NULL, "gov2019 variant %zu applies", i);
		if (m == NULL)
			continue;
		n = conflicts(m, &c);
		f = find(c, n, cases[i].code);
		CHECK(f && f->text_value == cases[i].text, "gov2019 '%s': conflict on %s (%d conflicts)",
			  cases[i].to, cases[i].code, n);
		gi_conflicts_free(c, n);
		free(m);
	}
	free(s);
}

static void
consistent_fixtures(void)
{
	static const char *const files[] = {
		"test/fixtures/gov2014-2016-rows-pipe.txt",
		"test/fixtures/gov2019-2020-cells-blank.txt",
		"test/fixtures/gov2019-2021-pdf-layout.txt",
		"test/fixtures/gov2021-2021-rows-pipe.txt",
		"test/fixtures/gov2021-2022-rows-tabs.txt",
		"test/fixtures/gov2021-2022-traditional.txt",
		"test/fixtures/gov2021-2023-page.html",
	};

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
	{
		size_t		len;
		char	   *s = read_rel(files[i], &len);
		GiConflict *c;
		int			n;

		if (s == NULL)
		{
			CHECK(false, "read %s", files[i]);
			continue;
		}
		n = conflicts(s, &c);
		CHECK(n == 0, "%s: prose agrees with the table (%d conflicts)", files[i], n);
		for (int k = 0; k < n; k++)
			fprintf(stderr, "    %s %lld %lld %s\n", c[k].code_name, (long long) c[k].table_value,
					(long long) c[k].text_value, c[k].excerpt);
		gi_conflicts_free(c, n);
		free(s);
	}
	/* no table: no conflicts */
	{
		GiConflict *c;
		const char *t = "收到申请5件。";
		GiParseResult *r = gi_parse(t, strlen(t), NULL);

		CHECK(gi_narrative_conflicts(t, strlen(t), r, &c) == 0 && c == NULL, "no table, no conflicts");
		gi_parse_free(r);
	}
}

/* Statements are read in HTML pages and in traditional characters too. */
static void
other_forms(void)
{
	static const struct
	{
		const char *file;
		const char *from;
		const char *to;
		const char *code;
		long long	text;
	}			cases[] = {
		{"test/fixtures/gov2021-2023-page.html", "其中予以公开24件", "其中予以公开25件", "apply.result.granted", 25},
		{"test/fixtures/gov2021-2023-page.html", "无法提供22件", "无法提供21件", "apply.result.unavailable", 21},
		{"test/fixtures/gov2021-2022-traditional.txt", "申請81件", "申請82件", "apply.received", 82},
		{"test/fixtures/gov2021-2022-traditional.txt", "上年結轉4件", "上年結轉5件", "apply.carried_in", 5},
		{"test/fixtures/gov2019-2021-pdf-layout.txt", "予以公开 22 件", "予以公开 23 件", "apply.result.granted", 23},
		{"test/fixtures/gov2021-2022-rows-tabs.txt", "行政复议7件", "行政复议8件", "review", 8},
		{"test/fixtures/gov2021-2022-rows-tabs.txt", "行政诉讼7件", "行政诉讼6件", "litigation", 6},
		/* a statement cut by a PDF's line break: the paragraph's lines are read joined */
		{"test/fixtures/gov2021-2023-pdftotext.txt", "全年共新收政府信息公开申请56件", "全年共新收政府\n信息公开申请17件",
		"apply.received", 17},
		{"test/fixtures/gov2021-2023-pdftotext.txt", "全年共新收政府信息公开申请56件", "全年共新收政府信息公开申请\n17 件",
		"apply.received", 17},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		size_t		len;
		char	   *s = read_rel(cases[i].file, &len);
		char	   *m = s ? replace(s, cases[i].from, cases[i].to) : NULL;
		GiConflict *c;
		int			n;
		const GiConflict *f;

		CHECK(m != NULL, "%s: '%s' is in the text", cases[i].file, cases[i].from);
		if (m == NULL)
		{
			free(s);
			continue;
		}
		n = conflicts(m, &c);
		f = find(c, n, cases[i].code);
		CHECK(n == 1 && f && f->text_value == cases[i].text, "%s '%s': one conflict, on %s (%d)",
			  cases[i].file, cases[i].to, cases[i].code, n);
		gi_conflicts_free(c, n);
		free(m);
		free(s);
	}
}

/*
 * Lines are joined within a paragraph only: a blank line, an indented line
 * or a heading starts another, and two figures on either side of a line
 * break are never read as one number.
 */
static void
paragraphs(void)
{
	static const char *const tos[] = {
		"全年共新收政府\n\n信息公开申请17件",
		"全年共新收政府\n   信息公开申请17件",
		"全年共新收政府\n（二）信息公开申请17件",
		"全年共新收政府信息公开申请5\n6件",
	};
	size_t		len;
	char	   *s = read_rel("test/fixtures/gov2021-2023-pdftotext.txt", &len);

	for (size_t i = 0; s != NULL && i < sizeof(tos) / sizeof(tos[0]); i++)
	{
		char	   *m = replace(s, "全年共新收政府信息公开申请56件", tos[i]);
		GiConflict *c;
		int			n;

		CHECK(m != NULL, "paragraph case %zu made", i);
		if (m == NULL)
			continue;
		n = conflicts(m, &c);
		CHECK(n >= 0 && find(c, n, "apply.received") == NULL, "paragraph case %zu: no statement of apply.received read (%d conflicts)", i, n);
		gi_conflicts_free(c, n);
		free(m);
	}
	free(s);
}

void
test_narrative(void)
{
	paragraphs();
	other_forms();
	seed();
	seed_variants();
	gov2019();
	consistent_fixtures();
}
