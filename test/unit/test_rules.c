/*
 * test_rules.c
 *	  The rule engine (src/core/rules.c) outside the server: groups read as their
 *	  values and as their definitions, mode certain checked against brute
 *	  force over the blanks' values, and the CHECK fast path against the
 *	  general evaluation.
 */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "rules.h"

/*
 * A small template of its own, for what the spec's rules do not have: a
 * signed cell in a rule, and a coefficient -1 on a '+' cell.
 *	 x, s (±), g := m1 + m2, y
 *	 R0: x = g + s		R1: x - y <= g		R2: y >= x		R3: x = m1 + y
 */
static const GiRow mini_rows[] = {
	{"x", GI_KIND_CELL, "1", "件", false, false, "（一）甲", "x", 1, 0},
	{"s", GI_KIND_CELL, "2", "件", true, false, "（二）乙", "s", 1, 1},
	{"g", GI_KIND_GROUP, "3", "件", false, false, "（三）丙", "g", 1, 2},
	{"g.m1", GI_KIND_CELL, "3.1", "件", false, false, "1.丙一", "m1", 1, 3},
	{"g.m2", GI_KIND_CELL, "3.2", "件", false, false, "2.丙二", "m2", 1, 4},
	{"y", GI_KIND_CELL, "4", "件", false, false, "（四）丁", "y", 1, 5},
};
static const GiCode mini_codes[] = {
	{"x", 0, -1, 0, 0, 0}, {"s", 1, -1, 1, 0, 0}, {"g", 2, -1, -1, 0, 2},
	{"g.m1", 3, -1, 2, 0, 0}, {"g.m2", 4, -1, 3, 0, 0}, {"y", 5, -1, 4, 0, 0},
};
static const int mini_sorted[] = {2, 3, 4, 1, 0, 5};
static const int mini_cell_code[] = {0, 1, 3, 4, 5};
static const GiTerm mini_terms[] = {
	/* g's members */
	{2, 3, 1, false}, {3, 4, 1, false},
	/* R0: x = g + s */
	{0, 0, 1, false}, {2, 3, 1, false}, {3, 4, 1, false}, {1, 1, 1, false},
	/* R1: x - y <= g */
	{0, 0, 1, false}, {4, 5, -1, false}, {2, 3, 1, false}, {3, 4, 1, false},
	/* R2: y >= x */
	{4, 5, 1, false}, {0, 0, 1, false},
	/* R3: x = m1 + y */
	{0, 0, 1, false}, {2, 3, 1, false}, {4, 5, 1, false},
};
static const GiOperand mini_operands[] = {
	{0, 1, false, 2, 1}, {2, 1, false, 3, 2}, {1, 1, false, 5, 1},
	{0, 1, false, 6, 1}, {5, -1, false, 7, 1}, {2, 1, false, 8, 2},
	{5, 1, false, 10, 1}, {0, 1, false, 11, 1},
	{0, 1, false, 12, 1}, {3, 1, false, 13, 1}, {5, 1, false, 14, 1},
};
static const GiRule mini_rules[] = {
	{"R0", 0, GI_SEV_ERROR, GI_OP_EQ, false, 2, 1, 3, 3, 0, 1, 1, 2},
	{"R1", 1, GI_SEV_ERROR, GI_OP_LE, false, 6, 2, 8, 2, 3, 2, 5, 1},
	{"R2", 2, GI_SEV_ERROR, GI_OP_GE, false, 10, 1, 11, 1, 6, 1, 7, 1},
	{"R3", 3, GI_SEV_ERROR, GI_OP_EQ, false, 12, 1, 13, 2, 8, 1, 9, 2},
};
static const GiSpecRule mini_spec[] = {
	{"R0", "error", "x = g + s", "-"}, {"R1", "error", "x - y <= g", "-"},
	{"R2", "error", "y >= x", "-"}, {"R3", "error", "x = g.m1 + y", "-"},
};
static const GiTemplate mini = {
	"mini", "mini", 2000, 0, "R", 6, mini_rows, 6, mini_codes, mini_sorted,
	5, mini_cell_code, 4, mini_rules, mini_terms, mini_operands, 4, mini_spec, 0, NULL
};

/* Does the instance hold on fully known cells (non_null; blank members of a present group count 0)? */
static int
holds(const GiTemplate *t, const GiRule *r, const int64_t *vals, const bool *nulls)
{
	GiOutcome	o;

	if (!gi_eval_rule(t, r, vals, nulls, NULL, NULL, GI_MODE_NON_NULL, &o))
		return -2;
	return o.outcome;
}

/*
 * Brute force for mode certain: give each blank operand's cells every value
 * of [0, D] (or [-D, D] where signed), D beyond any sum the other cells
 * (0 to 4 each, random_report) can make; blank members of a
 * group that has a present member stay blank (they add nothing).  Returns
 * the outcome certain must give: 1 all hold, 0 none does, -1 otherwise;
 * -3 when there are too many unknowns to try.
 */
static int
brute_certain(const GiTemplate *t, const GiRule *r, const int64_t *vals, const bool *nulls)
{
	int			unknown[4];
	int			nunknown = 0;
	int64_t		v[GI_MAX_CELLS];
	bool		n[GI_MAX_CELLS];
	int			lo[4],
				hi[4],
				cur[4];
	bool		any_hold = false,
				any_fail = false;
	int			domain = 10 * (r->lhs_len + r->rhs_len) + 10;

	for (int side = 0; side < 2; side++)
	{
		int			os = side ? r->drhs_start : r->dlhs_start;
		int			ol = side ? r->drhs_len : r->dlhs_len;

		for (int i = os; i < os + ol; i++)
		{
			const GiOperand *op = &t->operands[i];
			bool		present = false;

			for (int k = 0; k < op->term_len; k++)
				present |= !nulls[t->terms[op->term_start + k].pos];
			if (present)
				continue;
			for (int k = 0; k < op->term_len; k++)
			{
				const GiTerm *term = &t->terms[op->term_start + k];

				if (nunknown == 4)
					return -3;
				unknown[nunknown] = term->pos;
				lo[nunknown] = t->rows[t->codes[term->code].row].is_signed ? -domain : 0;
				hi[nunknown] = domain;
				nunknown++;
			}
		}
	}
	if (nunknown > 2)
		return -3;
	memcpy(v, vals, sizeof(int64_t) * t->ncells);
	memcpy(n, nulls, sizeof(bool) * t->ncells);
	for (int i = 0; i < nunknown; i++)
	{
		cur[i] = lo[i];
		n[unknown[i]] = false;
	}
	for (;;)
	{
		int			h;

		for (int i = 0; i < nunknown; i++)
			v[unknown[i]] = cur[i];
		h = holds(t, r, v, n);
		any_hold |= (h == 1);
		any_fail |= (h == 0);
		{
			int			i = 0;

			while (i < nunknown && ++cur[i] > hi[i])
				cur[i] = lo[i], i++;
			if (i == nunknown)
				break;
		}
	}
	return !any_fail ? 1 : !any_hold ? 0 : -1;
}

static void
set_cells(int64_t *vals, bool *nulls, const char *spec)
{
	/* spec: one char a cell, '.' blank, '0'-'9' a value, 'a'-'i' -1..-9 */
	for (int i = 0; spec[i]; i++)
	{
		nulls[i] = (spec[i] == '.');
		vals[i] = nulls[i] ? 0 : spec[i] >= 'a' ? -(spec[i] - 'a' + 1) : spec[i] - '0';
	}
}

static void
test_mini(void)
{
	/* cells: x s m1 m2 y */
	static const struct
	{
		const char *cells;
		int			rule;
		int			certain;	/* the outcome certain must give */
		int			non_null;	/* groups as values */
		int			non_null_1_0;	/* groups as definitions */
	}			cases[] = {
		{"52212", 0, 1, 1, 1},	/* 5 = (2 + 1) + 2 */
		{"5221.", 0, 1, 1, 1},
		{"53.2.", 0, 1, 1, -1},	/* g = m2 = 2: judged on its value, 1.0 could not */
		{"63.2.", 0, 0, 0, -1},
		{"5.32.", 0, -1, -1, -1},	/* s blank, any sign: x = 5 + s is possible */
		{"5.96.", 0, -1, -1, -1},
		{"53...", 0, -1, -1, -1},	/* g blank, >= 0: 5 = 3 + g possible */
		{"83...", 0, -1, -1, -1},
		{"1c...", 0, -1, -1, -1},	/* g blank >= 0: 1 = -3 + g possible... */
		{"13...", 0, 0, -1, -1},	/* ... but 1 = 3 + g is not */
		{"1.1..", 0, -1, -1, -1},
		{"9..5.", 1, -1, -1, -1},	/* x - y <= g, y blank: y can absorb */
		{"9..4.", 1, -1, -1, -1},
		{".1123", 1, -1, -1, -1},	/* x blank: x - 3 <= 3 needs x <= 6: open */
		{"2.113", 1, 1, 1, 1},		/* 2 - 3 <= 2 */
		{"9.1.3", 1, 0, 0, -1},	/* 9 - 3 <= 1: broken, 1.0 could not judge */
		{"9....", 1, -1, -1, -1},
		{"....3", 2, -1, -1, -1},	/* 3 >= x, x blank >= 0 */
		{"4....", 2, -1, -1, -1},	/* y >= 4 */
		{"0....", 2, 1, -1, -1},	/* y >= 0 always */
		{"5.1.3", 3, 0, 0, 0},		/* 5 = 1 + 3 */
		{"5...3", 3, -1, -1, -1},	/* m1 blank: 5 = m1 + 3 possible */
		{"2...3", 3, 0, -1, -1},	/* 2 = m1 + 3 impossible */
	};

	for (int c = 0; c < (int) (sizeof(cases) / sizeof(cases[0])); c++)
	{
		int64_t		vals[5];
		bool		nulls[5];
		const GiRule *r = &mini.rules[cases[c].rule];
		GiOutcome	o;
		int			brute;

		set_cells(vals, nulls, cases[c].cells);
		CHECK(gi_eval_rule(&mini, r, vals, nulls, NULL, NULL, GI_MODE_CERTAIN, &o) &&
			  o.outcome == cases[c].certain,
			  "mini %s %s: certain gives %d, expected %d", r->id, cases[c].cells, o.outcome, cases[c].certain);
		brute = brute_certain(&mini, r, vals, nulls);
		CHECK(brute == -3 || brute == cases[c].certain,
			  "mini %s %s: brute force gives %d, expected %d", r->id, cases[c].cells, brute, cases[c].certain);
		CHECK(gi_eval_rule(&mini, r, vals, nulls, NULL, NULL, GI_MODE_NON_NULL, &o) &&
			  o.outcome == cases[c].non_null,
			  "mini %s %s: non_null gives %d, expected %d", r->id, cases[c].cells, o.outcome, cases[c].non_null);
		CHECK(gi_eval_rule_read(&mini, r, vals, nulls, NULL, NULL, GI_MODE_NON_NULL,
								GI_GROUPS_AS_DEFINITIONS, &o) &&
			  o.outcome == cases[c].non_null_1_0,
			  "mini %s %s: 1.0 non_null gives %d, expected %d", r->id, cases[c].cells, o.outcome,
			  cases[c].non_null_1_0);
	}

	/* sides and the bounds certain leaves: R0 on 9 = 3 + g(blank) */
	{
		int64_t		vals[5];
		bool		nulls[5];
		GiOutcome	o;

		set_cells(vals, nulls, "93...");
		gi_eval_rule(&mini, &mini.rules[0], vals, nulls, NULL, NULL, GI_MODE_CERTAIN, &o);
		CHECK(o.lhs == 9 && !o.lhs_null && o.rhs == 3 && o.rhs_null && o.imbalance_null &&
			  o.rhs_up && !o.rhs_down && !o.lhs_up && !o.lhs_down,
			  "mini R0 93...: lhs %lld rhs %lld up %d down %d", (long long) o.lhs, (long long) o.rhs,
			  o.rhs_up, o.rhs_down);
	}

	/* overflow is reported, never wrapped, in every mode */
	{
		int64_t		vals[5] = {INT64_MAX, INT64_MAX, 1, 0, 0};
		bool		nulls[5] = {false, false, false, true, true};
		GiOutcome	o;

		for (int m = 0; m < GI_NMODES; m++)
			CHECK(!gi_eval_rule(&mini, &mini.rules[0], vals, nulls, NULL, NULL, (GiMode) m, &o),
				  "mini R0 overflow not reported under %s", gi_mode_names[m]);
	}
}

/* A pseudo-random report of t: values 0..4, each cell blank with probability 1/blank. */
static void
random_report(const GiTemplate *t, unsigned *seed, int blank, int64_t *vals, bool *nulls)
{
	for (int i = 0; i < t->ncells; i++)
	{
		*seed = *seed * 1103515245u + 12345u;
		nulls[i] = ((*seed >> 16) % blank) == 0;
		*seed = *seed * 1103515245u + 12345u;
		vals[i] = nulls[i] ? 0 : (int64_t) ((*seed >> 16) % 5);
	}
}

static void
test_templates(void)
{
	unsigned	seed = 20211001;
	int			checked = 0,
				open = 0;

	for (int ti = 0; ti < gi_ntemplates; ti++)
	{
		const GiTemplate *t = gi_templates[ti];

		for (int round = 0; round < 300; round++)
		{
			int64_t		vals[GI_MAX_CELLS];
			bool		nulls[GI_MAX_CELLS];
			int			fast,
						slow = -1;

			random_report(t, &seed, 2 + round % 12, vals, nulls);

			/* the fast path finds the general path's first broken error instance */
			for (int i = 0; i < t->nrules && slow < 0; i++)
			{
				GiOutcome	o;
				const GiRule *r = &t->rules[i];

				if (r->continuity || r->severity != GI_SEV_ERROR)
					continue;
				if (gi_eval_rule(t, r, vals, nulls, NULL, NULL, GI_MODE_NON_NULL, &o) && o.outcome == 0)
					slow = i;
			}
			fast = gi_first_broken_non_null(t, vals, nulls, 0);
			CHECK(fast == slow, "%s round %d: fast path %d, general %d", t->name, round, fast, slow);

			/* certain against brute force, where the blanks are few enough to try */
			for (int i = 0; i < t->nrules; i++)
			{
				const GiRule *r = &t->rules[i];
				GiOutcome	o;
				int			brute;

				if (r->continuity)
					continue;
				brute = brute_certain(t, r, vals, nulls);
				if (brute == -3)
					continue;
				checked++;
				open += (brute == -1);
				CHECK(gi_eval_rule(t, r, vals, nulls, NULL, NULL, GI_MODE_CERTAIN, &o) &&
					  o.outcome == brute,
					  "%s round %d %s: certain gives %d, brute force %d", t->name, round, r->id,
					  o.outcome, brute);
			}
		}
	}
	CHECK(checked > 1000 && open > 100, "certain checked on %d instances, %d open", checked, open);
}

void
test_rules(void)
{
	test_mini();
	test_templates();
}
