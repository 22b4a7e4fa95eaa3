/*
 * rules.c
 *	  The rule engine: one rule instance over a report's cells, under a
 *	  missing-value mode.  No fmgr here, so that it can be unit-tested and
 *	  fuzzed outside the server; the SQL wrappers are in checks.c.
 *
 * Operands (spec/README.md, "Rule language"): a cell, or a group standing
 * for its value, the sum of its present members, blank only when none of
 * them is.  (The 1.0 reading, a group as its members, each an operand, is
 * kept for govinfo.upgrade_check().)
 *
 * Modes (spec/README.md, "Missing values", after SDMX VTL check_hierarchy):
 *	 *_null modes: a side with a blank operand is NULL, so is the outcome;
 *	 *_zero modes: a blank operand counts as 0.
 *	 non_null judges a rule only when every operand is present, non_zero when
 *	 some operand is non-zero, partial_* when some operand is present, and
 *	 always_* always.  A rule not judged has outcome -1 ("not assessable").
 *	 certain: a blank operand is an unknown number, >= 0 where its cells'
 *	 sign is '+', of any sign where it is '±'.  With K the difference of the
 *	 sides' present operands, left - right ranges over an interval: K, or
 *	 unbounded above where a blank could raise the left side (or lower the
 *	 right), unbounded below where one could lower it.  The instance fails
 *	 when no point of that interval satisfies the operator, holds when every
 *	 point does, and is -1 otherwise.  This is exact because each blank is a
 *	 separate unknown: the generator refuses a rule naming a cell twice.
 */
#include "rules.h"

#include <string.h>

const char *const gi_mode_names[GI_NMODES] = {
	"non_null", "non_zero", "partial_null", "partial_zero", "always_null", "always_zero",
	"certain"
};

/* Parse a mode's name. */
bool
gi_mode_from_name(const char *name, GiMode *mode)
{
	for (int i = 0; i < GI_NMODES; i++)
		if (strcmp(name, gi_mode_names[i]) == 0)
		{
			*mode = (GiMode) i;
			return true;
		}
	return false;
}

typedef struct SideSum
{
	int64_t		sum;			/* present operands; blanks counted as 0 */
	int			present;		/* operands present */
	int			blank;			/* operands blank */
	int			nonzero;		/* operands present and non-zero */
	bool		up;				/* a blank operand could raise the side */
	bool		down;			/* ... or lower it */
} SideSum;

/* One operand's value (isnull when blank) into the side. */
static inline bool
add_operand(SideSum *s, bool isnull, int64_t v, bool up, bool down)
{
	if (isnull)
	{
		s->blank++;
		s->up |= up;
		s->down |= down;
		return true;
	}
	s->present++;
	if (v != 0)
		s->nonzero++;
	return !__builtin_add_overflow(s->sum, v, &s->sum);
}

/*
 * Sum the n operands ops[] of one side.  A group operand is present when
 * any of its members is (GI_GROUPS_AS_VALUES), or each member is an operand
 * of its own (GI_GROUPS_AS_DEFINITIONS).  A blank member can move its
 * operand up where its coefficient is +1, down where it is -1, and both
 * ways where the cell may be negative.  False on int64 overflow.
 */
static bool
side_sum(const GiTemplate *t, const GiOperand *ops, int n, GiGroupReading reading,
		 const int64_t *vals, const bool *nulls,
		 const int64_t *pvals, const bool *pnulls, SideSum *s)
{
	memset(s, 0, sizeof(SideSum));
	for (int i = 0; i < n; i++)
	{
		const GiTerm *term = &t->terms[ops[i].term_start];
		const GiTerm *end = term + ops[i].term_len;
		int64_t		sum = 0;
		bool		present = false,
					up = false,
					down = false;

		for (; term < end; term++)
		{
			bool		isnull;

			if (term->prev)
				isnull = (pvals == NULL || pnulls[term->pos]);
			else
				isnull = nulls[term->pos];
			if (!isnull)
			{
				int64_t		v = term->prev ? pvals[term->pos] : vals[term->pos];

				if (term->coef < 0 ? __builtin_sub_overflow(sum, v, &sum)
					: __builtin_add_overflow(sum, v, &sum))
					return false;
				present = true;
			}
			else if (t->rows[t->codes[term->code].row].is_signed)
				up = down = true;
			else if (term->coef > 0)
				up = true;
			else
				down = true;
			if (reading == GI_GROUPS_AS_DEFINITIONS)
			{
				if (!add_operand(s, !present, sum, up, down))
					return false;
				sum = 0;
				present = up = down = false;
			}
		}
		if (reading == GI_GROUPS_AS_VALUES &&
			!add_operand(s, !present, sum, up, down))
			return false;
	}
	return true;
}

/*
 * Mode certain: the outcome of "left - right op 0" where left - right is k,
 * or unbounded above (up) or below (down).
 */
static int
certain_outcome(char op, int64_t k, bool up, bool down)
{
	switch (op)
	{
		case GI_OP_EQ:
			if ((k > 0 && !down) || (k < 0 && !up))
				return 0;
			return (k == 0 && !up && !down) ? 1 : -1;
		case GI_OP_LE:
			if (k > 0 && !down)
				return 0;
			return (k <= 0 && !up) ? 1 : -1;
		default:
			if (k < 0 && !up)
				return 0;
			return (k >= 0 && !down) ? 1 : -1;
	}
}

/* Evaluate one rule instance, groups read as values. */
bool
gi_eval_rule(const GiTemplate *t, const GiRule *r,
			 const int64_t *vals, const bool *nulls,
			 const int64_t *pvals, const bool *pnulls,
			 GiMode mode, GiOutcome *out)
{
	return gi_eval_rule_read(t, r, vals, nulls, pvals, pnulls, mode,
							 GI_GROUPS_AS_VALUES, out);
}

/* Evaluate one rule instance, groups read as given. */
bool
gi_eval_rule_read(const GiTemplate *t, const GiRule *r,
				  const int64_t *vals, const bool *nulls,
				  const int64_t *pvals, const bool *pnulls,
				  GiMode mode, GiGroupReading reading, GiOutcome *out)
{
	SideSum		l,
				rr;
	bool		zero_mode = (mode == GI_MODE_NON_ZERO || mode == GI_MODE_PARTIAL_ZERO ||
							 mode == GI_MODE_ALWAYS_ZERO);
	bool		judged;
	int			present,
				blank;

	if (!side_sum(t, &t->operands[r->dlhs_start], r->dlhs_len, reading,
				  vals, nulls, pvals, pnulls, &l) ||
		!side_sum(t, &t->operands[r->drhs_start], r->drhs_len, reading,
				  vals, nulls, pvals, pnulls, &rr))
		return false;

	out->lhs = l.sum;
	out->rhs = rr.sum;
	out->lhs_null = !zero_mode && l.blank > 0;
	out->rhs_null = !zero_mode && rr.blank > 0;
	out->imbalance_null = out->lhs_null || out->rhs_null;
	out->lhs_up = l.up;
	out->lhs_down = l.down;
	out->rhs_up = rr.up;
	out->rhs_down = rr.down;
	out->imbalance = 0;

	if (mode == GI_MODE_CERTAIN)
	{
		int64_t		k;

		if (__builtin_sub_overflow(l.sum, rr.sum, &k))
			return false;
		if (!out->imbalance_null)
			out->imbalance = k;
		out->outcome = certain_outcome(r->op, k, l.up || rr.down, l.down || rr.up);
		return true;
	}

	present = l.present + rr.present;
	blank = l.blank + rr.blank;
	switch (mode)
	{
		case GI_MODE_NON_NULL:
			judged = (blank == 0);
			break;
		case GI_MODE_NON_ZERO:
			judged = (l.nonzero + rr.nonzero > 0);
			break;
		case GI_MODE_PARTIAL_NULL:
		case GI_MODE_PARTIAL_ZERO:
			judged = (present > 0);
			break;
		default:
			judged = true;
			break;
	}

	if (!out->imbalance_null &&
		__builtin_sub_overflow(out->lhs, out->rhs, &out->imbalance))
		return false;

	if (!judged || out->imbalance_null)
		out->outcome = -1;
	else if (r->op == GI_OP_EQ)
		out->outcome = (out->lhs == out->rhs);
	else if (r->op == GI_OP_LE)
		out->outcome = (out->lhs <= out->rhs);
	else
		out->outcome = (out->lhs >= out->rhs);
	return true;
}

/* Is one of rule r's operands blank, a group only when all its members are? */
static bool
some_operand_blank(const GiTemplate *t, const GiRule *r, const bool *nulls)
{
	for (int side = 0; side < 2; side++)
	{
		const GiOperand *op = &t->operands[side ? r->drhs_start : r->dlhs_start];
		const GiOperand *end = op + (side ? r->drhs_len : r->dlhs_len);

		for (; op < end; op++)
		{
			bool		all = true;

			for (int k = 0; k < op->term_len; k++)
				all &= nulls[t->terms[op->term_start + k].pos];
			if (all)
				return true;
		}
	}
	return false;
}

/*
 * The CHECK-constraint fast path: one tight loop per side over its flat
 * terms, no per-term bookkeeping beyond "is any term blank" (blank cells
 * hold 0 in vals, so they add nothing to a sum).  Only when a term is blank
 * and the instance has a group operand -- more terms than operands, a group
 * having two members or more -- does it look whether a whole operand is.
 */
int
gi_first_broken_non_null(const GiTemplate *t, const int64_t *vals,
						 const bool *nulls, int start)
{
	for (int i = start; i < t->nrules; i++)
	{
		const GiRule *r = &t->rules[i];
		const GiTerm *term;
		const GiTerm *end;
		int64_t		lhs = 0,
					rhs = 0;
		bool		blank = false;
		bool		overflow = false;

		if (r->severity != GI_SEV_ERROR || r->continuity)
			continue;
		term = &t->terms[r->lhs_start];
		end = term + r->lhs_len;
		for (; term < end; term++)
		{
			blank |= nulls[term->pos];
			overflow |= (term->coef < 0)
				? __builtin_sub_overflow(lhs, vals[term->pos], &lhs)
				: __builtin_add_overflow(lhs, vals[term->pos], &lhs);
		}
		term = &t->terms[r->rhs_start];
		end = term + r->rhs_len;
		for (; term < end; term++)
		{
			blank |= nulls[term->pos];
			overflow |= (term->coef < 0)
				? __builtin_sub_overflow(rhs, vals[term->pos], &rhs)
				: __builtin_add_overflow(rhs, vals[term->pos], &rhs);
		}
		if (overflow)
			return -2;
		if (blank && (r->lhs_len + r->rhs_len == r->dlhs_len + r->drhs_len ||
					  some_operand_blank(t, r, nulls)))
			continue;
		if (r->op == GI_OP_EQ ? lhs != rhs : r->op == GI_OP_LE ? lhs > rhs : lhs < rhs)
			return i;
	}
	return -1;
}

/* Value of a group code: the sum of its present members, NULL if none. */
bool
gi_group_value(const GiTemplate *t, int code,
			   const int64_t *vals, const bool *nulls,
			   int64_t *result, bool *isnull)
{
	const GiCode *c = &t->codes[code];
	GiOperand	op = {code, 1, false, c->term_start, c->term_len};
	SideSum		s;

	if (!side_sum(t, &op, 1, GI_GROUPS_AS_VALUES, vals, nulls, NULL, NULL, &s))
		return false;
	*result = s.sum;
	*isnull = (s.present == 0);
	return true;
}
