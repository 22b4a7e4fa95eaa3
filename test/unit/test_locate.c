/*
 * test_locate.c
 *	  Unit tests of locate.c: the slip classification, and explanations of
 *	  reports whose changed cells are known -- the seed report and the
 *	  fixtures' tables (one per template) with a cell changed by each kind of
 *	  slip, two cells swapped, a bound broken -- plus a small template built
 *	  here whose identities hold 万元 amounts and signed changes, for the
 *	  unit and sign slips that no error rule of the shipped templates can
 *	  show (their amounts and signed cells are in no error rule).
 */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "decimal.h"
#include "locate.h"
#include "rules.h"

typedef struct Table
{
	const GiTemplate *t;
	int64_t		vals[GI_MAX_CELLS];
	bool		nulls[GI_MAX_CELLS];
} Table;

/* Load NAME.expected.tsv (code TAB value lines; the template from its first comment line). */
static bool
load_table(const char *rel, Table *tb)
{
	char		path[1024];
	size_t		len;
	char	   *buf;
	char	   *line;
	char	   *save = NULL;

	snprintf(path, sizeof(path), "%s/%s", unit_root, rel);
	buf = unit_read_file(path, &len);
	if (buf == NULL)
		return false;
	tb->t = NULL;
	for (int i = 0; i < GI_MAX_CELLS; i++)
	{
		tb->vals[i] = 0;
		tb->nulls[i] = true;
	}
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
	{
		char	   *tab;
		int			code;
		int64_t		v;

		if (line[0] == '#')
		{
			char	   *p = strstr(line, "(template ");

			if (p && tb->t == NULL)
			{
				char		name[16] = {0};

				sscanf(p + 10, "%15[a-z0-9]", name);
				tb->t = gi_template_by_name(name);
			}
			continue;
		}
		tab = strchr(line, '\t');
		if (tab == NULL || tb->t == NULL)
			continue;
		code = gi_code_lookup(tb->t, line, (int) (tab - line));
		if (code < 0 || tb->t->codes[code].pos < 0)
			continue;
		if (gi_parse_decimal(tab + 1, (int) strlen(tab + 1),
							 tb->t->rows[tb->t->codes[code].row].scale, &v) != GI_NUM_OK)
			continue;
		tb->vals[tb->t->codes[code].pos] = v;
		tb->nulls[tb->t->codes[code].pos] = false;
	}
	free(buf);
	return tb->t != NULL;
}

static int
broken_count(const Table *tb, GiMode mode)
{
	int			n = 0;

	for (int i = 0; i < tb->t->nrules; i++)
	{
		const GiRule *r = &tb->t->rules[i];
		GiOutcome	o;

		if (r->severity != GI_SEV_ERROR || r->continuity)
			continue;
		if (gi_eval_rule(tb->t, r, tb->vals, tb->nulls, NULL, NULL, mode, &o) && o.outcome == 0)
			n++;
	}
	return n;
}

static int
pos_of(const Table *tb, const char *code)
{
	return unit_code_pos(tb->t, code);
}

/* Does fix f name exactly cells a (and b when given) with the old values back? */
static bool
fix_is(const GiFix *f, int a, int64_t va, int b, int64_t vb)
{
	if (b < 0)
		return f->ncells == 1 && f->pos[0] == a && f->new_vals[0] == va;
	if (f->ncells != 2)
		return false;
	if (f->pos[0] == a && f->pos[1] == b)
		return f->new_vals[0] == va && f->new_vals[1] == vb;
	return f->pos[0] == b && f->pos[1] == a && f->new_vals[0] == vb && f->new_vals[1] == va;
}

static void
show(const char *what, const Table *tb, const GiLocateResult *res)
{
	fprintf(stderr, "  %s: %d broken, %d fixes%s\n", what, res->nbroken, res->nfixes,
			res->truncated ? " (truncated)" : "");
	for (int i = 0; i < res->nfixes && i < 6; i++)
	{
		const GiFix *f = &res->fixes[i];

		fprintf(stderr, "    %d %s", i + 1, gi_slip_names[f->kind]);
		for (int c = 0; c < f->ncells; c++)
			fprintf(stderr, " %s %lld->%lld", tb->t->codes[tb->t->cell_code[f->pos[c]]].code,
					(long long) f->old_vals[c], (long long) f->new_vals[c]);
		fputc('\n', stderr);
	}
}

/* Change cell code to v and expect rank 1 to put it back as kind. */
static void
expect_single(Table *tb, const char *code, int64_t v, GiSlip kind)
{
	int			p = pos_of(tb, code);
	int64_t		old;
	GiLocateResult res;
	bool		ok;

	CHECK(p >= 0 && !tb->nulls[p], "%s: no cell %s", tb->t->name, code);
	if (p < 0)
		return;
	old = tb->vals[p];
	tb->vals[p] = v;
	gi_locate(tb->t, tb->vals, tb->nulls, GI_MODE_NON_NULL, 3, 0, &res);
	ok = res.nfixes > 0 && fix_is(&res.fixes[0], p, old, -1, 0) && res.fixes[0].kind == kind;
	CHECK(ok, "%s: %s %lld typed as %lld: rank 1 should be %s back to %lld",
		  tb->t->name, code, (long long) old, (long long) v, gi_slip_names[kind], (long long) old);
	if (!ok)
		show(code, tb, &res);
	tb->vals[p] = old;
}

/* Swap two cells and expect a swap among the fixes (rank 1 when rank1). */
static void
expect_swap(Table *tb, const char *a, const char *b, bool rank1)
{
	int			p = pos_of(tb, a),
				q = pos_of(tb, b);
	int64_t		vp,
				vq;
	GiLocateResult res;
	int			at = -1;

	if (p < 0 || q < 0)
	{
		CHECK(false, "%s: no cell %s or %s", tb->t->name, a, b);
		return;
	}
	vp = tb->vals[p];
	vq = tb->vals[q];
	tb->vals[p] = vq;
	tb->vals[q] = vp;
	gi_locate(tb->t, tb->vals, tb->nulls, GI_MODE_NON_NULL, 3, 0, &res);
	for (int i = 0; i < res.nfixes && at < 0; i++)
		if (res.fixes[i].kind == GI_SLIP_SWAP && fix_is(&res.fixes[i], p, vp, q, vq))
			at = i;
	CHECK(rank1 ? at == 0 : at >= 0, "%s: %s <-> %s: swap %s (found at %d)", tb->t->name, a, b,
		  rank1 ? "at rank 1" : "among the fixes", at + 1);
	if (rank1 ? at != 0 : at < 0)
		show("swap", tb, &res);
	tb->vals[p] = vp;
	tb->vals[q] = vq;
}

static void
test_classify(void)
{
	const GiTemplate *t = gi_template_by_name("gov2021");
	int			p = unit_code_pos(t, "apply.result.granted@natural");
	int			total = unit_code_pos(t, "apply.result@natural");

	CHECK(gi_slip_classify(t, p, false, 54, 45) == GI_SLIP_TRANSPOSED, "54 -> 45");
	CHECK(gi_slip_classify(t, p, false, 1234, 1324) == GI_SLIP_TRANSPOSED, "1234 -> 1324");
	CHECK(gi_slip_classify(t, p, false, 1234, 4231) == GI_SLIP_VALUE, "1234 -> 4231 is no adjacent transposition");
	CHECK(gi_slip_classify(t, p, false, 37, 38) == GI_SLIP_WRONG_DIGIT, "37 -> 38");
	CHECK(gi_slip_classify(t, p, false, 1, 10) == GI_SLIP_DROPPED_DIGIT, "1 -> 10");
	CHECK(gi_slip_classify(t, p, false, 15, 125) == GI_SLIP_DROPPED_DIGIT, "15 -> 125");
	CHECK(gi_slip_classify(t, p, false, 10, 1) == GI_SLIP_EXTRA_DIGIT, "10 -> 1");
	CHECK(gi_slip_classify(t, p, false, 1255, 125) == GI_SLIP_EXTRA_DIGIT, "1255 -> 125");
	CHECK(gi_slip_classify(t, p, false, 3, 30000) == GI_SLIP_VALUE, "a count is no 万元 amount");
	CHECK(gi_slip_classify(t, total, false, 0, 12) == GI_SLIP_ZERO_TOTAL, "a total 0 -> 12");
	CHECK(gi_slip_classify(t, total, true, 0, 12) == GI_SLIP_ZERO_TOTAL, "a blank total -> 12");
	CHECK(gi_slip_classify(t, p, false, 0, 2) == GI_SLIP_VALUE, "a part 0 -> 2 is a value");
	CHECK(gi_slip_classify(t, p, false, 2, 0) == GI_SLIP_VALUE, "2 -> 0 is a value");
	CHECK(gi_slip_classify(t, p, false, 37, 52) == GI_SLIP_VALUE, "37 -> 52");
	CHECK(gi_cell_is_total(t, total) && !gi_cell_is_total(t, p), "totals");
	for (int k = 0; k < GI_NSLIPS; k++)
		CHECK(gi_slip_names[k] != NULL && gi_slip_names[k][0] != '\0', "slip name %d", k);
}

/* The seed: 信函 46 typed as 64 is two digits transposed, and nothing else ranks first. */
static void
test_seed(void)
{
	Table		tb;
	GiLocateResult res;
	int			letter;

	CHECK(load_table("test/seed/2017-shandong-hrss.expected.tsv", &tb), "seed table");
	if (tb.t == NULL)
		return;
	CHECK(broken_count(&tb, GI_MODE_NON_NULL) == 0, "the seed is consistent");
	gi_locate(tb.t, tb.vals, tb.nulls, GI_MODE_NON_NULL, 3, 0, &res);
	CHECK(res.status == GI_LOCATE_OK && res.nbroken == 0 && res.nfixes == 0,
		  "a consistent report gives no fix (%d)", res.nfixes);

	letter = pos_of(&tb, "apply.received.letter");
	tb.vals[letter] = 64;
	gi_locate(tb.t, tb.vals, tb.nulls, GI_MODE_NON_NULL, 3, 0, &res);
	CHECK(res.nbroken == 1, "64 breaks G14-01 only (%d)", res.nbroken);
	CHECK(res.nfixes >= 1 && fix_is(&res.fixes[0], letter, 46, -1, 0) &&
		  res.fixes[0].kind == GI_SLIP_TRANSPOSED && res.fixes[0].old_vals[0] == 64,
		  "rank 1: apply.received.letter 64 -> 46, transposed_digits");
	for (int i = 0; i < res.nfixes; i++)
		CHECK(res.fixes[i].kind != GI_SLIP_SWAP && res.fixes[i].ncells == 1,
			  "no invented swap, only single cells (fix %d)", i + 1);
	for (int i = 1; i < res.nfixes; i++)
		CHECK(res.fixes[i].score <= res.fixes[i - 1].score, "scores follow the rank");
	if (res.nfixes == 0 || res.fixes[0].kind != GI_SLIP_TRANSPOSED)
		show("seed", &tb, &res);

	/* the other single-cell explanations of the same imbalance: every channel that can absorb 18 */
	{
		int			received = pos_of(&tb, "apply.received");
		bool		has_total = false;

		for (int i = 0; i < res.nfixes; i++)
			has_total |= fix_is(&res.fixes[i], received, 108, -1, 0);
		CHECK(has_total, "apply.received 90 -> 108 is an explanation too");
	}

	/* max_cells 1 still finds it; a bound of a few steps stops with what was found */
	gi_locate(tb.t, tb.vals, tb.nulls, GI_MODE_NON_NULL, 1, 0, &res);
	CHECK(res.nfixes >= 1 && fix_is(&res.fixes[0], letter, 46, -1, 0), "max_cells 1");
	gi_locate(tb.t, tb.vals, tb.nulls, GI_MODE_NON_NULL, 3, 3, &res);
	CHECK(res.truncated, "a bound of 3 steps truncates the search");
	tb.vals[letter] = 46;

	/*
	 * One kind per slip on gov2014.  denied (11) is in two identities (the
	 * replies and the grounds of refusal): one cell explains both.
	 */
	expect_single(&tb, "apply.result.granted", 62, GI_SLIP_TRANSPOSED);
	expect_single(&tb, "apply.result.denied", 17, GI_SLIP_WRONG_DIGIT);
	expect_single(&tb, "apply.result.denied", 1, GI_SLIP_DROPPED_DIGIT);
	expect_single(&tb, "apply.received.in_person", 266, GI_SLIP_EXTRA_DIGIT);
	expect_single(&tb, "apply.closed", 0, GI_SLIP_ZERO_TOTAL);
	expect_single(&tb, "apply.result.denied", 40, GI_SLIP_VALUE);

	/*
	 * The limit of a one-column table: a part of one identity off by one
	 * digit could be any cell of it that a one-digit change explains.  The
	 * total 90 -> 91 would break the warning 答复数 = 办结数 (G14-23), so a
	 * part ranks first (the first in printed order: already_public 21 -> 20);
	 * the true cell is among the fixes.
	 */
	{
		int			granted = pos_of(&tb, "apply.result.granted");
		int			first = pos_of(&tb, "apply.result.already_public");
		bool		found = false;

		tb.vals[granted] = 27;
		gi_locate(tb.t, tb.vals, tb.nulls, GI_MODE_NON_NULL, 3, 0, &res);
		CHECK(res.nfixes >= 2 && fix_is(&res.fixes[0], first, 20, -1, 0) &&
			  res.fixes[0].kind == GI_SLIP_WRONG_DIGIT, "granted 26 -> 27: rank 1 is already_public 21 -> 20");
		if (res.nfixes == 0 || !fix_is(&res.fixes[0], first, 20, -1, 0))
			show("ambiguous", &tb, &res);
		for (int i = 0; i < res.nfixes; i++)
			found |= fix_is(&res.fixes[i], granted, 26, -1, 0);
		CHECK(found, "granted 27 -> 26 is among the fixes");
		tb.vals[granted] = 26;
	}

	/* a bound: a channel above the items published */
	{
		int			web = pos_of(&tb, "proactive.channel.website");

		tb.vals[web] = 31340;
		gi_locate(tb.t, tb.vals, tb.nulls, GI_MODE_NON_NULL, 3, 0, &res);
		CHECK(res.nfixes >= 1 && fix_is(&res.fixes[0], web, 3134, -1, 0) &&
			  res.fixes[0].kind == GI_SLIP_EXTRA_DIGIT, "website 31340 -> 3134 within its bound");
		if (res.nfixes == 0 || res.fixes[0].kind != GI_SLIP_EXTRA_DIGIT)
			show("bound", &tb, &res);
		tb.vals[web] = 3134;
	}

	/*
	 * A swap of two replies, one of them also a total (denied, 11, and
	 * not_this_agency, 9): the replies still add up, the grounds of refusal
	 * do not; taking 2 off one ground explains that with one cell, so the
	 * swap ranks after the single cells.
	 */
	expect_swap(&tb, "apply.result.denied", "apply.result.not_this_agency", false);

	/*
	 * A swap with a printed neighbour that no error rule holds (本年制发规范性
	 * 文件数 22 beside 政府公报 26): the channels then fall 4 short of the
	 * items, and the exchange is among the explanations.
	 */
	expect_swap(&tb, "proactive.normative_issued", "proactive.channel.gazette", false);
	/* what a swap cannot show: two channels with their sum unchanged break nothing */
	{
		int			a = pos_of(&tb, "apply.received.in_person"),
					b = pos_of(&tb, "apply.received.online");

		tb.vals[a] = 18;
		tb.vals[b] = 26;
		gi_locate(tb.t, tb.vals, tb.nulls, GI_MODE_NON_NULL, 3, 0, &res);
		CHECK(res.nbroken == 0 && res.nfixes == 0, "an undetectable swap gives no fix");
		tb.vals[a] = 26;
		tb.vals[b] = 18;
	}
}

/* gov2019 and gov2021 tables: every slip of a table-三 cell, swaps in a row and a column. */
static void
test_templates(void)
{
	const char *files[] = {
		"test/fixtures/gov2019-2019-cells-tab.expected.tsv",
		"test/fixtures/gov2021-2021-rows-pipe.expected.tsv",
	};

	for (int i = 0; i < 2; i++)
	{
		Table		tb;

		CHECK(load_table(files[i], &tb), "%s", files[i]);
		if (tb.t == NULL)
			continue;
		CHECK(broken_count(&tb, GI_MODE_NON_NULL) == 0, "%s is consistent", files[i]);
		{
			int			p = pos_of(&tb, "apply.received@natural");
			int64_t		v = tb.vals[p];
			char		s[24];
			int			n = snprintf(s, sizeof(s), "%lld", (long long) v);

			CHECK(v >= 10, "%s: apply.received@natural has two digits", files[i]);
			if (v < 10)
				continue;
			if (s[n - 1] != s[n - 2])
			{
				char		u[24];

				memcpy(u, s, n + 1);
				u[n - 1] = s[n - 2];
				u[n - 2] = s[n - 1];
				if (u[0] != '0')
					expect_single(&tb, "apply.received@natural", atoll(u), GI_SLIP_TRANSPOSED);
			}
			expect_single(&tb, "apply.received@natural", v % 10 == 9 ? v - 1 : v + 1, GI_SLIP_WRONG_DIGIT);
			expect_single(&tb, "apply.received@natural", v / 10, GI_SLIP_DROPPED_DIGIT);
			expect_single(&tb, "apply.received@natural", v * 10 + 7, GI_SLIP_EXTRA_DIGIT);
			expect_single(&tb, "apply.result@natural", 0, GI_SLIP_ZERO_TOTAL);
			expect_single(&tb, "apply.result", 0, GI_SLIP_ZERO_TOTAL);
			expect_single(&tb, "apply.received", tb.vals[pos_of(&tb, "apply.received")] + 123,
						  GI_SLIP_VALUE);
		}
		expect_swap(&tb, "apply.received@natural", "apply.received@commercial", true);
		expect_swap(&tb, "apply.received@natural", "apply.carried_in@natural", true);
	}
}

/*
 * A template of our own: 万元 amounts and signed changes in identities.
 * cells: 0 fee.total 万元 = 1 fee.a + 2 fee.b; 3 net ± = 4 up ± - 5 down ±
 */
#define ROW(c_, sec_, unit_, sgn_, zh_, scale_, first_) \
	{.code = c_, .kind = GI_KIND_CELL, .section = sec_, .unit = unit_, .is_signed = sgn_, \
	 .has_columns = false, .label_zh = zh_, .label_en = c_, .scale = scale_, .first_code = first_}
static const GiRow mini_rows[] = {
	ROW("fee.total", "一", "万元", false, "收费合计", 10000, 0),
	ROW("fee.a", "一1", "万元", false, "收费甲", 10000, 1),
	ROW("fee.b", "一2", "万元", false, "收费乙", 10000, 2),
	ROW("net", "二", "项", true, "净增", 1, 3),
	ROW("net.up", "二1", "项", true, "增", 1, 4),
	ROW("net.down", "二2", "项", true, "减", 1, 5),
};
#define CODE(c_, i_) {.code = c_, .row = i_, .column = -1, .pos = i_, .term_start = 0, .term_len = 0}
static const GiCode mini_codes[] = {
	CODE("fee.total", 0), CODE("fee.a", 1), CODE("fee.b", 2),
	CODE("net", 3), CODE("net.up", 4), CODE("net.down", 5),
};
static const int mini_sorted[] = {1, 2, 0, 3, 5, 4};
static const int mini_cell_code[] = {0, 1, 2, 3, 4, 5};
#define TERM(i_, c_) {.pos = i_, .code = i_, .coef = c_, .prev = false}
static const GiTerm mini_terms[] = {
	TERM(0, 1), TERM(1, 1), TERM(2, 1), TERM(3, 1), TERM(4, 1), TERM(5, -1),
};
/* each operand a cell: its one term */
static const GiOperand mini_operands[] = {
	{.code = 0, .coef = 1, .term_start = 0, .term_len = 1},
	{.code = 1, .coef = 1, .term_start = 1, .term_len = 1},
	{.code = 2, .coef = 1, .term_start = 2, .term_len = 1},
	{.code = 3, .coef = 1, .term_start = 3, .term_len = 1},
	{.code = 4, .coef = 1, .term_start = 4, .term_len = 1},
	{.code = 5, .coef = -1, .term_start = 5, .term_len = 1},
};
static const GiSpecRule mini_spec[] = {
	{.id = "M-01", .severity = "error", .rule = "fee.total = fee.a + fee.b", .why = "test"},
	{.id = "M-02", .severity = "error", .rule = "net = net.up - net.down", .why = "test"},
};
#define RULE(id_, s_, l_, r_) \
	{.id = id_, .spec = s_, .severity = GI_SEV_ERROR, .op = GI_OP_EQ, .continuity = false, \
	 .lhs_start = l_, .lhs_len = 1, .rhs_start = r_, .rhs_len = 2, \
	 .dlhs_start = l_, .dlhs_len = 1, .drhs_start = r_, .drhs_len = 2}
static const GiRule mini_rules[] = {RULE("M-01", 0, 0, 1), RULE("M-02", 1, 3, 4)};
static const GiTemplate mini = {
	.name = "mini", .title = "a test template", .first_year = 2000, .last_year = 0,
	.rule_prefix = "M", .nrows = 6, .rows = mini_rows, .ncodes = 6, .codes = mini_codes,
	.codes_sorted = mini_sorted, .ncells = 6, .cell_code = mini_cell_code, .nrules = 2,
	.rules = mini_rules, .terms = mini_terms, .operands = mini_operands, .nspec = 2,
	.spec = mini_spec, .ncolumns = 0, .columns = NULL
};

static void
test_units_and_signs(void)
{
	Table		tb;

	tb.t = &mini;
	memset(tb.nulls, 0, sizeof(tb.nulls));
	/* 12.5 万元 = 10 万元 + 2.5 万元; net 3 = 500 - 497 */
	tb.vals[0] = 125000;
	tb.vals[1] = 100000;
	tb.vals[2] = 25000;
	tb.vals[3] = 3;
	tb.vals[4] = 500;
	tb.vals[5] = 497;
	CHECK(broken_count(&tb, GI_MODE_NON_NULL) == 0, "mini is consistent");
	expect_single(&tb, "fee.b", 250000000, GI_SLIP_UNIT);	/* 2.5 万元 printed as 25000 */
	expect_single(&tb, "net", -3, GI_SLIP_SIGN);
	CHECK(gi_slip_classify(&mini, 2, false, 250000000, 25000) == GI_SLIP_UNIT, "unit");
	CHECK(gi_slip_classify(&mini, 3, false, -3, 3) == GI_SLIP_SIGN, "sign");
	CHECK(gi_slip_classify(&mini, 2, false, 3, -3) == GI_SLIP_VALUE, "no sign slip in a + cell");
	/* a blank counts as 0 under always_zero: filling the blank total explains it */
	{
		GiLocateResult res;

		tb.nulls[0] = true;
		tb.vals[0] = 0;
		gi_locate(&mini, tb.vals, tb.nulls, GI_MODE_NON_NULL, 3, 0, &res);
		CHECK(res.nbroken == 0 && res.nfixes == 0, "a blank total is no error under non_null");
		gi_locate(&mini, tb.vals, tb.nulls, GI_MODE_ALWAYS_ZERO, 3, 0, &res);
		CHECK(res.nfixes >= 1 && res.fixes[0].pos[0] == 0 && res.fixes[0].old_null[0] &&
			  res.fixes[0].new_vals[0] == 125000 && res.fixes[0].kind == GI_SLIP_ZERO_TOTAL,
			  "always_zero: the blank total is filled with 12.5 万元");
		tb.nulls[0] = false;
		tb.vals[0] = 125000;
	}
	/* no explanation within one cell: two independent slips */
	{
		GiLocateResult res;

		tb.vals[1] = 100001;
		tb.vals[4] = 506;
		gi_locate(&mini, tb.vals, tb.nulls, GI_MODE_NON_NULL, 1, 0, &res);
		CHECK(res.nbroken == 2 && res.nfixes == 0, "two slips need two cells");
		gi_locate(&mini, tb.vals, tb.nulls, GI_MODE_NON_NULL, 2, 0, &res);
		CHECK(res.nfixes >= 1 && res.fixes[0].ncells == 2, "max_cells 2 finds two cells");
		tb.vals[1] = 100000;
		tb.vals[4] = 500;
	}
}

void
test_locate(void)
{
	test_classify();
	test_seed();
	test_templates();
	test_units_and_signs();
}
