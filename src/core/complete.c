/*
 * complete.c
 *	  govinfo.complete(): fill a report's blank totals from their parts.
 *	  Pure C, no server headers; the SQL wrapper is in compare.c.
 *
 * A "filler" is an error-severity equality rule instance (not a continuity
 * rule) one side of which is a single stored cell: that cell is the total,
 * the other side its parts (a -COL rule's 总计 column from the applicant
 * columns, apply.result from the outcomes, review from its outcomes ...).
 * A blank total whose parts allow it gets their sum; filling one total can
 * make another fillable, so the passes repeat until nothing changes.
 * Reported cells are never touched, and bounds (<=, >=) and warnings never
 * fill anything.
 *
 * A part is an operand of the rule: a cell, or a group standing for its
 * value (the sum of its present members, blank only when none is).
 * Whether the parts allow it depends on the mode:
 *	 non_null, partial_null, always_null, certain: every part is present (a
 *		blank part makes the sum NULL under the *_null modes, and leaves it
 *		unknown under certain, so they all behave alike);
 *	 non_zero:	   blanks count as 0 and some part is non-zero;
 *	 partial_zero: blanks count as 0 and some part is present;
 *	 always_zero:  blanks count as 0, always (all-blank parts give 0).
 * Under the zero modes the exact fills (every part present) are made
 * first, and a total is filled from parts that are themselves still
 * fillable totals only after those have been filled.
 *
 * A filled value must not be contradicted by the report: when two rules
 * would give a blank cell different values, or a filled value disagrees
 * with another rule that can be evaluated on the completed report, the cell
 * is left blank and the completion is redone without it.  complete() thus
 * never "repairs" an inconsistent report; it only writes down totals that
 * the report itself determines.
 */
#include "complete.h"

#include <string.h>

/* The filler of rule r, direction d (0: lhs is the total, 1: rhs is). */
typedef struct Filler
{
	int			target;			/* cell position of the total, or -1 */
	int			start;			/* its parts in terms[] (their cells) */
	int			len;
	int			ostart;			/* its parts in operands[] */
	int			olen;
} Filler;

static Filler
filler(const GiTemplate *t, const GiRule *r, int d)
{
	Filler		f = {-1, 0, 0, 0, 0};
	int			tstart = d == 0 ? r->lhs_start : r->rhs_start;
	int			tlen = d == 0 ? r->lhs_len : r->rhs_len;
	const GiTerm *total = &t->terms[tstart];

	if (r->op != GI_OP_EQ || r->severity != GI_SEV_ERROR || r->continuity ||
		tlen != 1 || total->coef != 1 || total->prev)
		return f;
	f.start = d == 0 ? r->rhs_start : r->lhs_start;
	f.len = d == 0 ? r->rhs_len : r->lhs_len;
	f.ostart = d == 0 ? r->drhs_start : r->dlhs_start;
	f.olen = d == 0 ? r->drhs_len : r->dlhs_len;
	for (int i = 0; i < f.len; i++)
		if (t->terms[f.start + i].pos == total->pos || t->terms[f.start + i].prev)
			return f;			/* not a total of other cells */
	f.target = total->pos;
	return f;
}

/*
 * The parts' sum under mode: 1 when it may fill the total (*sum set), 0 when
 * not, -1 on overflow.
 */
static int
parts_value(const GiTemplate *t, const Filler *f, const int64_t *vals,
			const bool *nulls, GiMode mode, int64_t *sum)
{
	int64_t		s = 0;
	int			present = 0,
				blank = 0,
				nonzero = 0;
	bool		ok;

	for (int i = 0; i < f->olen; i++)
	{
		const GiOperand *op = &t->operands[f->ostart + i];
		int64_t		v = 0;
		bool		any = false;

		for (int k = 0; k < op->term_len; k++)
		{
			const GiTerm *term = &t->terms[op->term_start + k];

			if (nulls[term->pos])
				continue;
			any = true;
			if (term->coef < 0 ? __builtin_sub_overflow(v, vals[term->pos], &v)
				: __builtin_add_overflow(v, vals[term->pos], &v))
				return -1;
		}
		if (!any)
		{
			blank++;
			continue;
		}
		present++;
		if (v != 0)
			nonzero++;
		if (__builtin_add_overflow(s, v, &s))
			return -1;
	}
	switch (mode)
	{
		case GI_MODE_NON_ZERO:
			ok = nonzero > 0;
			break;
		case GI_MODE_PARTIAL_ZERO:
			ok = present > 0;
			break;
		case GI_MODE_ALWAYS_ZERO:
			ok = true;
			break;
		default:
			ok = blank == 0;
			break;
	}
	/* a sum with subtracted parts must not put a negative value in a '+' cell */
	if (ok && s < 0 && !t->rows[t->codes[t->cell_code[f->target]].row].is_signed)
		ok = false;
	*sum = s;
	return ok ? 1 : 0;
}

/*
 * Is some blank cell among f's parts (a blank part, or a blank member of a
 * group part) a total that is itself about to be filled?
 */
static bool
waits_for_pending(const GiTemplate *t, const Filler *f, const bool *nulls,
				  const bool *pending)
{
	for (int i = 0; i < f->len; i++)
	{
		int			pos = t->terms[f->start + i].pos;

		if (nulls[pos] && pending[pos])
			return true;
	}
	return false;
}

/* Fill passes under one mode until nothing changes; false on overflow. */
static bool
fill_passes(const GiTemplate *t, GiMode mode, int64_t *vals, bool *nulls,
			bool *filled, bool *blocked, int *overflow_pos)
{
	for (;;)
	{
		bool		pending[GI_MAX_CELLS];
		int64_t		cand[GI_MAX_CELLS];
		unsigned char state[GI_MAX_CELLS];	/* 0 none, 1 a value, 2 conflicting */
		bool		changed = false;
		bool		any = false;

		memset(pending, 0, sizeof(pending));
		memset(state, 0, sizeof(state));

		/* which blank totals could be filled now */
		for (int i = 0; i < t->nrules; i++)
			for (int d = 0; d < 2; d++)
			{
				Filler		f = filler(t, &t->rules[i], d);
				int64_t		v;
				int			rc;

				if (f.target < 0 || !nulls[f.target] || blocked[f.target])
					continue;
				rc = parts_value(t, &f, vals, nulls, mode, &v);
				if (rc < 0)
				{
					*overflow_pos = f.target;
					return false;
				}
				if (rc > 0)
					pending[f.target] = true;
			}

		/*
		 * Candidates: first only from parts that wait for no pending total;
		 * if there are none (a cycle), from all.
		 */
		for (int ready_only = 1; ready_only >= 0 && !any; ready_only--)
			for (int i = 0; i < t->nrules; i++)
				for (int d = 0; d < 2; d++)
				{
					Filler		f = filler(t, &t->rules[i], d);
					int64_t		v;

					if (f.target < 0 || !nulls[f.target] || blocked[f.target])
						continue;
					if (parts_value(t, &f, vals, nulls, mode, &v) != 1)
						continue;
					if (ready_only && waits_for_pending(t, &f, nulls, pending))
						continue;
					any = true;
					if (state[f.target] == 0)
					{
						state[f.target] = 1;
						cand[f.target] = v;
					}
					else if (cand[f.target] != v)
						state[f.target] = 2;
				}

		for (int p = 0; p < t->ncells; p++)
		{
			if (state[p] == 1)
			{
				vals[p] = cand[p];
				nulls[p] = false;
				filled[p] = true;
				changed = true;
			}
			else if (state[p] == 2)
				blocked[p] = true;
		}
		if (!changed)
			return true;
	}
}

/* Fill blank totals; see the file header. */
bool
gi_complete(const GiTemplate *t, GiMode mode, int64_t *vals, bool *nulls, bool *filled,
			int *overflow_pos)
{
	int			n = t->ncells;
	int64_t		ovals[GI_MAX_CELLS];
	bool		onulls[GI_MAX_CELLS];
	bool		blocked[GI_MAX_CELLS];
	bool		zero_mode = (mode == GI_MODE_NON_ZERO || mode == GI_MODE_PARTIAL_ZERO ||
							 mode == GI_MODE_ALWAYS_ZERO);
	GiMode		verify_mode = zero_mode ? mode : GI_MODE_NON_NULL;

	memcpy(ovals, vals, sizeof(int64_t) * n);
	memcpy(onulls, nulls, sizeof(bool) * n);
	memset(blocked, 0, sizeof(blocked));

	for (;;)
	{
		bool		redo = false;

		memcpy(vals, ovals, sizeof(int64_t) * n);
		memcpy(nulls, onulls, sizeof(bool) * n);
		memset(filled, 0, sizeof(bool) * n);

		if (!fill_passes(t, GI_MODE_NON_NULL, vals, nulls, filled, blocked, overflow_pos) ||
			(zero_mode && !fill_passes(t, mode, vals, nulls, filled, blocked, overflow_pos)))
			goto overflow;

		/* a filled value that another rule contradicts is withdrawn */
		for (int i = 0; i < t->nrules; i++)
			for (int d = 0; d < 2; d++)
			{
				Filler		f = filler(t, &t->rules[i], d);
				int64_t		v;
				int			rc;

				if (f.target < 0 || !filled[f.target])
					continue;
				rc = parts_value(t, &f, vals, nulls, verify_mode, &v);
				if (rc < 0)
				{
					*overflow_pos = f.target;
					goto overflow;
				}
				if (rc > 0 && v != vals[f.target])
				{
					blocked[f.target] = true;
					redo = true;
				}
			}
		if (!redo)
			return true;
	}

overflow:
	memcpy(vals, ovals, sizeof(int64_t) * n);
	memcpy(nulls, onulls, sizeof(bool) * n);
	memset(filled, 0, sizeof(bool) * n);
	return false;
}
