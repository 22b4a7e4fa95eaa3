/*
 * rules.c
 *	  The rule engine: one rule instance over a report's cells, under a
 *	  missing-value mode.  No fmgr here, so that it can be unit-tested and
 *	  fuzzed outside the server; the SQL wrappers are in checks.c.
 *
 * Semantics (spec/README.md, after SDMX VTL check_hierarchy):
 *	 *_null modes: a side with a blank operand is NULL, so is the outcome;
 *	 *_zero modes: a blank operand counts as 0.
 *	 non_null judges a rule only when every operand is present, non_zero when
 *	 some operand is non-zero, partial_* when some operand is present, and
 *	 always_* always.  A rule not judged has outcome -1 ("not assessable").
 */
#include "rules.h"

#include <string.h>

const char *const gi_mode_names[GI_NMODES] = {
	"non_null", "non_zero", "partial_null", "partial_zero", "always_null", "always_zero"
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
	int64_t		sum;			/* blanks counted as 0 */
	int			present;		/* operands present */
	int			blank;			/* operands blank */
	int			nonzero;		/* operands present and non-zero */
} SideSum;

static bool
side_sum(const GiTerm *terms, int n,
		 const int64_t *vals, const bool *nulls,
		 const int64_t *pvals, const bool *pnulls, SideSum *s)
{
	s->sum = 0;
	s->present = s->blank = s->nonzero = 0;
	for (int i = 0; i < n; i++)
	{
		const GiTerm *term = &terms[i];
		int64_t		v;
		bool		isnull;

		if (term->prev)
		{
			isnull = (pvals == NULL || pnulls[term->pos]);
			v = isnull ? 0 : pvals[term->pos];
		}
		else
		{
			isnull = nulls[term->pos];
			v = isnull ? 0 : vals[term->pos];
		}
		if (isnull)
		{
			s->blank++;
			continue;
		}
		s->present++;
		if (v != 0)
			s->nonzero++;
		if (term->coef < 0)
		{
			if (__builtin_sub_overflow(s->sum, v, &s->sum))
				return false;
		}
		else if (__builtin_add_overflow(s->sum, v, &s->sum))
			return false;
	}
	return true;
}

/* Evaluate one rule instance. */
bool
gi_eval_rule(const GiTemplate *t, const GiRule *r,
			 const int64_t *vals, const bool *nulls,
			 const int64_t *pvals, const bool *pnulls,
			 GiMode mode, GiOutcome *out)
{
	SideSum		l,
				rr;
	bool		zero_mode = (mode == GI_MODE_NON_ZERO || mode == GI_MODE_PARTIAL_ZERO ||
							 mode == GI_MODE_ALWAYS_ZERO);
	bool		judged;
	int			present,
				blank;

	if (!side_sum(&t->terms[r->lhs_start], r->lhs_len, vals, nulls, pvals, pnulls, &l) ||
		!side_sum(&t->terms[r->rhs_start], r->rhs_len, vals, nulls, pvals, pnulls, &rr))
		return false;

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

	out->lhs = l.sum;
	out->rhs = rr.sum;
	out->lhs_null = !zero_mode && l.blank > 0;
	out->rhs_null = !zero_mode && rr.blank > 0;
	out->imbalance_null = out->lhs_null || out->rhs_null;
	out->imbalance = 0;
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

/*
 * The CHECK-constraint fast path: one tight loop per instance over its flat
 * terms, no per-term bookkeeping beyond "is any operand blank".  Blank cells
 * hold 0 in vals, so a blank operand only makes the instance unjudged.
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
		if (blank)
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
	SideSum		s;

	if (!side_sum(&t->terms[c->term_start], c->term_len, vals, nulls, NULL, NULL, &s))
		return false;
	*result = s.sum;
	*isnull = (s.present == 0);
	return true;
}
