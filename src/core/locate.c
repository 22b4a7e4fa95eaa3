/*
 * locate.c
 *	  Which cells are wrong (see locate.h for the contract and the ranking):
 *	  the search.  The slips are in locate_slip.c.  No fmgr here;
 *	  govinfo.locate() is in locate_sql.c.
 *
 * The search:
 *	1. evaluate every error instance with the rule engine; the broken ones
 *	   are what an explanation must mend;
 *	2. swaps: a cell p of a broken instance and a cell q of the same table
 *	   and unit, in some error instance or p's printed neighbour, whose
 *	   exchange mends that instance (arithmetic first, the engine only for
 *	   what passes);
 *	3. cell sets of size 1, 2, ... max_cells that hit every broken instance
 *	   (branching on the uncovered broken instance with the fewest cells,
 *	   each set once), stopping after the first size that explains anything
 *	   (and after size 2 when a swap was found);
 *	4. for a set, the identities and bounds of the instances that contain
 *	   its cells are linear in the changes d of its cells: the identities are
 *	   eliminated exactly (__int128, fraction-free); when they pin every d
 *	   there is one candidate, otherwise the free changes take the values a
 *	   slip of the printed digits would give (and, for one free change, the
 *	   end of its feasible interval nearest to no change);
 *	5. every candidate that the arithmetic admits is classified (the slip
 *	   that turns the old value into the new one) and, when it would beat
 *	   the set's best so far, verified by re-evaluating with gi_eval_rule
 *	   every error instance that contains one of the set's cells.
 * The linear forms count a blank operand as 0; they only propose values,
 * the engine decides.  Work is counted in steps (sets and candidate
 * assignments examined) and stops at the bound with what was found.
 */
#include "locate.h"

#include <stdlib.h>
#include <string.h>

typedef __int128 i128;

#define MAX_ROWS		64		/* constraint rows of one cell set */
#define MAX_COMBOS		4096	/* assignments of several free changes */
/*
 * Bounds on the entries of an eliminated system, so that no product below
 * leaves __int128: coefficients (and their least common multiple) below
 * 2^40, right-hand sides below 2^80 (cell values are below 2^63).
 */
#define COEF_BIG		((i128) 1 << 40)
#define RHS_BIG			((i128) 1 << 80)
#define INF				((i128) 1 << 120)

typedef struct Work
{
	const GiTemplate *t;
	GiMode		mode;
	int			ncells;
	const int64_t *ovals;		/* the report as given */
	const bool *onulls;
	int64_t    *vals;			/* scratch copy, changed while verifying */
	bool	   *nulls;

	/* non-continuity instances: the errors, then the warnings (from nerr on) */
	int			ninst;
	int			nerr;
	int		   *inst_rule;
	signed char *before;		/* outcome before any change */
	i128	   *imb;			/* lhs - rhs, blanks as 0 */
	int		   *istart;			/* an instance's distinct cells and their net coefficients */
	int		   *icell;
	int		   *icoef;

	/* cell -> instances */
	int		   *cstart;
	int		   *cinst;
	int		   *ccoef;

	int			nbroken;
	int		   *broken;
	int		   *hits;			/* per instance: chosen cells in it */
	int		   *excluded;		/* per cell */
	int		   *bcov;			/* per cell: broken instances containing it */
	int			maxcov;
	bool	   *is_total;
	bool	   *in_error;		/* per cell: in some error instance */
	int		   *stamp;			/* per instance */
	int			stampv;

	int			max_cells;
	long		steps;
	long		max_steps;
	bool		stop;
	int			nswaps;
	int			nfound;			/* fixes found at the current size */
	GiLocateResult *res;
} Work;

/* A cell's row: its unit's scale and whether it may be negative. */
static int
row_scale(const GiTemplate *t, int pos)
{
	return t->rows[t->codes[t->cell_code[pos]].row].scale;
}

static bool
row_is_signed(const GiTemplate *t, int pos)
{
	return t->rows[t->codes[t->cell_code[pos]].row].is_signed;
}

/* ---------------------------------------------------------------------------
 * Setup
 * ------------------------------------------------------------------------- */

/* Allocate the work arrays (sizes from the template); false when out of memory. */
static bool
alloc_work(Work *w, int *nterms_out)
{
	const GiTemplate *t = w->t;
	int			nterms = 0;

	w->ncells = t->ncells;
	w->ninst = 0;
	for (int i = 0; i < t->nrules; i++)
	{
		const GiRule *r = &t->rules[i];

		if (!r->continuity)
		{
			w->ninst++;
			nterms += r->lhs_len + r->rhs_len;
		}
	}
	w->vals = malloc(sizeof(int64_t) * (w->ncells + 1));
	w->nulls = malloc(sizeof(bool) * (w->ncells + 1));
	w->inst_rule = malloc(sizeof(int) * (w->ninst + 1));
	w->before = malloc(w->ninst + 1);
	w->imb = malloc(sizeof(i128) * (w->ninst + 1));
	w->istart = malloc(sizeof(int) * (w->ninst + 1));
	w->icell = malloc(sizeof(int) * (nterms + 1));
	w->icoef = malloc(sizeof(int) * (nterms + 1));
	w->cstart = calloc(w->ncells + 1, sizeof(int));
	w->cinst = malloc(sizeof(int) * (nterms + 1));
	w->ccoef = malloc(sizeof(int) * (nterms + 1));
	w->broken = malloc(sizeof(int) * (w->ninst + 1));
	w->hits = calloc(w->ninst + 1, sizeof(int));
	w->excluded = calloc(w->ncells + 1, sizeof(int));
	w->bcov = calloc(w->ncells + 1, sizeof(int));
	w->is_total = calloc(w->ncells + 1, sizeof(bool));
	w->in_error = calloc(w->ncells + 1, sizeof(bool));
	w->stamp = calloc(w->ninst + 1, sizeof(int));
	*nterms_out = nterms;
	return w->vals && w->nulls && w->inst_rule && w->before && w->imb && w->istart &&
		w->icell && w->icoef && w->cstart && w->cinst && w->ccoef && w->broken &&
		w->hits && w->excluded && w->bcov && w->is_total && w->in_error && w->stamp;
}

/*
 * The scratch copy of the report, every non-continuity instance's distinct
 * cells with net coefficients (lhs +, rhs -; errors first), the index from
 * cells to instances, and the totals.
 */
static bool
setup(Work *w)
{
	const GiTemplate *t = w->t;
	int			nterms;
	int		   *tmpcoef;
	int		   *touched;
	int			ntouched;
	int			k;

	if (!alloc_work(w, &nterms))
		return false;
	tmpcoef = calloc(w->ncells + 1, sizeof(int));
	touched = malloc(sizeof(int) * (w->ncells + 1));
	if (!tmpcoef || !touched)
	{
		free(tmpcoef);
		free(touched);
		return false;
	}
	memcpy(w->vals, w->ovals, sizeof(int64_t) * w->ncells);
	memcpy(w->nulls, w->onulls, sizeof(bool) * w->ncells);
	for (int i = 0; i < w->ncells; i++)
		if (w->nulls[i])
			w->vals[i] = 0;

	k = 0;
	nterms = 0;
	/* two passes over the rules: the errors, then the warnings */
	for (int n = 0; n < 2 * t->nrules; n++)
	{
		int			i = n % t->nrules;
		bool		errors = n < t->nrules;
		const GiRule *r = &t->rules[i];

		if (r->continuity || (r->severity == GI_SEV_ERROR) != errors)
			continue;
		if (errors)
			w->nerr = k + 1;
		w->inst_rule[k] = i;
		w->istart[k] = nterms;
		ntouched = 0;
		for (int s = 0; s < 2; s++)
		{
			int			start = s == 0 ? r->lhs_start : r->rhs_start;
			int			len = s == 0 ? r->lhs_len : r->rhs_len;

			for (int j = 0; j < len; j++)
			{
				const GiTerm *term = &t->terms[start + j];

				if (term->prev || term->pos < 0 || term->pos >= w->ncells)
					continue;
				if (tmpcoef[term->pos] == 0)
				{
					bool		seen = false;

					for (int x = 0; x < ntouched; x++)
						seen |= (touched[x] == term->pos);
					if (!seen)
						touched[ntouched++] = term->pos;
				}
				tmpcoef[term->pos] += s == 0 ? term->coef : -term->coef;
			}
		}
		for (int x = 0; x < ntouched; x++)
		{
			int			p = touched[x];

			if (tmpcoef[p] != 0)
			{
				w->icell[nterms] = p;
				w->icoef[nterms] = tmpcoef[p];
				nterms++;
				w->cstart[p + 1]++;
				if (errors)
					w->in_error[p] = true;
			}
			tmpcoef[p] = 0;
		}
		k++;
	}
	w->istart[k] = nterms;
	free(tmpcoef);
	free(touched);

	/* cell -> instances (counting sort) */
	for (int p = 0; p < w->ncells; p++)
		w->cstart[p + 1] += w->cstart[p];
	{
		int		   *fill = calloc(w->ncells + 1, sizeof(int));

		if (fill == NULL)
			return false;
		for (int i = 0; i < w->ninst; i++)
			for (int j = w->istart[i]; j < w->istart[i + 1]; j++)
			{
				int			p = w->icell[j];
				int			at = w->cstart[p] + fill[p]++;

				w->cinst[at] = i;
				w->ccoef[at] = w->icoef[j];
			}
		free(fill);
	}

	/* totals: alone on one side of an identity whose other side has several cells */
	for (int i = 0; i < w->nerr; i++)
	{
		const GiRule *r = &t->rules[w->inst_rule[i]];

		if (r->op != GI_OP_EQ)
			continue;
		if (r->lhs_len == 1 && r->rhs_len >= 2)
			w->is_total[t->terms[r->lhs_start].pos] = true;
		if (r->rhs_len == 1 && r->lhs_len >= 2)
			w->is_total[t->terms[r->rhs_start].pos] = true;
	}
	return true;
}

static void
release(Work *w)
{
	free(w->vals);
	free(w->nulls);
	free(w->inst_rule);
	free(w->before);
	free(w->imb);
	free(w->istart);
	free(w->icell);
	free(w->icoef);
	free(w->cstart);
	free(w->cinst);
	free(w->ccoef);
	free(w->broken);
	free(w->hits);
	free(w->excluded);
	free(w->bcov);
	free(w->is_total);
	free(w->in_error);
	free(w->stamp);
}

/* Net coefficient of cell p in instance i (0 when absent). */
static int
coef_of(const Work *w, int i, int p)
{
	for (int j = w->cstart[p]; j < w->cstart[p + 1]; j++)
		if (w->cinst[j] == i)
			return w->ccoef[j];
	return 0;
}

/* ---------------------------------------------------------------------------
 * Results
 * ------------------------------------------------------------------------- */

/* A kind's place in the ranking: a dropped and an extra digit share one. */
static int
kind_level(GiSlip kind)
{
	return kind >= GI_SLIP_EXTRA_DIGIT ? (int) kind - 1 : (int) kind;
}

/* <0 when a ranks before b. */
static int
fix_cmp(const GiFix *a, const GiFix *b)
{
	if (a->ncells != b->ncells)
		return a->ncells - b->ncells;
	if (kind_level(a->kind) != kind_level(b->kind))
		return kind_level(a->kind) - kind_level(b->kind);
	if (a->warnings != b->warnings)
		return a->warnings - b->warnings;
	if (a->digits != b->digits)
		return a->digits - b->digits;
	if (a->change != b->change)
		return a->change < b->change ? -1 : 1;
	if (a->ntotals != b->ntotals)
		return b->ntotals - a->ntotals;
	for (int i = 0; i < a->ncells; i++)
		if (a->pos[i] != b->pos[i])
			return a->pos[i] - b->pos[i];
	return 0;
}

static bool
same_cells(const GiFix *a, const GiFix *b)
{
	if (a->ncells != b->ncells)
		return false;
	for (int i = 0; i < a->ncells; i++)
		if (a->pos[i] != b->pos[i])
			return false;
	return true;
}

/* Keep f among the best GI_LOCATE_MAX_FIXES, one fix per cell set. */
static void
add_fix(Work *w, const GiFix *f)
{
	GiLocateResult *res = w->res;
	int			at;

	for (int i = 0; i < res->nfixes; i++)
		if (same_cells(&res->fixes[i], f))
		{
			if (fix_cmp(f, &res->fixes[i]) >= 0)
				return;
			memmove(&res->fixes[i], &res->fixes[i + 1], sizeof(GiFix) * (res->nfixes - i - 1));
			res->nfixes--;
			break;
		}
	if (res->nfixes == GI_LOCATE_MAX_FIXES &&
		fix_cmp(f, &res->fixes[res->nfixes - 1]) >= 0)
		return;
	at = res->nfixes < GI_LOCATE_MAX_FIXES ? res->nfixes : GI_LOCATE_MAX_FIXES - 1;
	while (at > 0 && fix_cmp(f, &res->fixes[at - 1]) < 0)
		at--;
	memmove(&res->fixes[at + 1], &res->fixes[at],
			sizeof(GiFix) * ((res->nfixes < GI_LOCATE_MAX_FIXES ? res->nfixes : GI_LOCATE_MAX_FIXES - 1) - at));
	res->fixes[at] = *f;
	if (res->nfixes < GI_LOCATE_MAX_FIXES)
		res->nfixes++;
}

/* Fill f for cells s[0..k) taking values x (sorted by position); false if some cell does not change. */
static bool
make_fix(const Work *w, const int *s, const int64_t *x, int k, bool swap, GiFix *f)
{
	int			order[GI_LOCATE_MAX_CELLS];

	for (int i = 0; i < k; i++)
		order[i] = i;
	for (int i = 1; i < k; i++)
		for (int j = i; j > 0 && s[order[j]] < s[order[j - 1]]; j--)
		{
			int			tmp = order[j];

			order[j] = order[j - 1];
			order[j - 1] = tmp;
		}
	/* two cells whose new values are each other's old values: a swap */
	if (k == 2 && !w->onulls[s[0]] && !w->onulls[s[1]] &&
		x[0] == w->ovals[s[1]] && x[1] == w->ovals[s[0]])
		swap = true;
	memset(f, 0, sizeof(*f));
	f->ncells = k;
	f->kind = GI_SLIP_SWAP;		/* raised to the least recognisable cell's kind below */
	for (int i = 0; i < k; i++)
	{
		int			p = s[order[i]];
		int			dist;
		GiSlip		kind;
		uint64_t	ch;
		i128		diff;

		f->pos[i] = p;
		f->old_null[i] = w->onulls[p];
		f->old_vals[i] = w->onulls[p] ? 0 : w->ovals[p];
		f->new_vals[i] = x[order[i]];
		if (!f->old_null[i] && f->old_vals[i] == f->new_vals[i])
			return false;
		kind = gi_slip_kind(w->t, p, w->is_total[p], f->old_null[i], f->old_vals[i],
						   f->new_vals[i], &dist);
		f->cell_kind[i] = swap ? GI_SLIP_SWAP : kind;
		if (!swap && kind > f->kind)
			f->kind = kind;
		f->digits += dist;
		diff = (i128) f->new_vals[i] - (i128) f->old_vals[i];
		if (diff < 0)
			diff = -diff;
		ch = diff > (i128) UINT64_MAX ? UINT64_MAX : (uint64_t) diff;
		f->change = f->change > UINT64_MAX - ch ? UINT64_MAX : f->change + ch;
		f->ntotals += w->is_total[p];
	}
	return true;
}

/*
 * Does setting cells s to x leave no error instance failing?  Only the
 * instances containing one of the cells can change.  *warnings: the
 * warning instances among them that fail with the new values.
 */
static bool
verify(Work *w, const int *s, const int64_t *x, int k, int *warnings)
{
	bool		ok = true;

	*warnings = 0;
	w->stampv++;
	for (int i = 0; i < k; i++)
	{
		w->vals[s[i]] = x[i];
		w->nulls[s[i]] = false;
	}
	for (int i = 0; i < k && ok; i++)
		for (int j = w->cstart[s[i]]; j < w->cstart[s[i] + 1] && ok; j++)
		{
			int			in = w->cinst[j];
			GiOutcome	o;

			if (w->stamp[in] == w->stampv)
				continue;
			w->stamp[in] = w->stampv;
			if (!gi_eval_rule(w->t, &w->t->rules[w->inst_rule[in]], w->vals, w->nulls,
							  NULL, NULL, w->mode, &o))
				ok = false;
			else if (o.outcome == 0)
			{
				if (in < w->nerr)
					ok = false;
				else
					(*warnings)++;
			}
		}
	for (int i = 0; i < k; i++)
	{
		w->nulls[s[i]] = w->onulls[s[i]];
		w->vals[s[i]] = w->onulls[s[i]] ? 0 : w->ovals[s[i]];
	}
	return ok;
}

/* ---------------------------------------------------------------------------
 * One cell set: solve, propose, verify
 * ------------------------------------------------------------------------- */

typedef struct System
{
	int			k;
	int			neq;
	i128		eq[MAX_ROWS][GI_LOCATE_MAX_CELLS + 1];	/* sum a_j d_j = rhs */
	int			nle;
	i128		le[MAX_ROWS][GI_LOCATE_MAX_CELLS + 1];	/* sum a_j d_j <= rhs */
	int			rank;
	int			pivrow[GI_LOCATE_MAX_CELLS];	/* -1: free */
	int64_t		base[GI_LOCATE_MAX_CELLS];	/* old values, blank as 0 */
} System;

static i128
gcd128(i128 a, i128 b)
{
	if (a < 0)
		a = -a;
	if (b < 0)
		b = -b;
	while (b != 0)
	{
		i128		r = a % b;

		a = b;
		b = r;
	}
	return a;
}

static bool
within(i128 v, i128 bound)
{
	return v < bound && v > -bound;
}

/* Gaussian elimination of the identities (reduced row echelon form); false when inconsistent. */
static bool
eliminate(System *sys)
{
	int			k = sys->k;
	int			r = 0;

	for (int c = 0; c < k; c++)
	{
		int			p = -1;

		sys->pivrow[c] = -1;
		for (int i = r; i < sys->neq; i++)
			if (sys->eq[i][c] != 0)
			{
				p = i;
				break;
			}
		if (p < 0)
			continue;
		if (p != r)
			for (int j = 0; j <= k; j++)
			{
				i128		tmp = sys->eq[p][j];

				sys->eq[p][j] = sys->eq[r][j];
				sys->eq[r][j] = tmp;
			}
		for (int i = 0; i < sys->neq; i++)
		{
			i128		f1 = sys->eq[r][c],
						f2 = sys->eq[i][c],
						g = 0;

			if (i == r || f2 == 0)
				continue;
			for (int j = 0; j <= k; j++)
			{
				sys->eq[i][j] = sys->eq[i][j] * f1 - sys->eq[r][j] * f2;
				g = gcd128(g, sys->eq[i][j]);
			}
			for (int j = 0; j <= k; j++)
			{
				if (g > 1)
					sys->eq[i][j] /= g;
				if (!within(sys->eq[i][j], j < k ? COEF_BIG : RHS_BIG))
					return false;
			}
		}
		sys->pivrow[c] = r++;
	}
	sys->rank = r;
	for (int i = r; i < sys->neq; i++)
		if (sys->eq[i][k] != 0)
			return false;
	return true;
}

/* d from the free changes (d[free] set by the caller); false if not integral or out of range. */
static bool
pivots(const System *sys, int64_t *d)
{
	for (int c = 0; c < sys->k; c++)
	{
		int			r = sys->pivrow[c];
		i128		num;

		if (r < 0)
			continue;
		num = sys->eq[r][sys->k];
		for (int f = 0; f < sys->k; f++)
			if (sys->pivrow[f] < 0)
				num -= sys->eq[r][f] * (i128) d[f];
		if (num % sys->eq[r][c] != 0)
			return false;
		num /= sys->eq[r][c];
		if (num > INT64_MAX || num < INT64_MIN)
			return false;
		d[c] = (int64_t) num;
	}
	return true;
}

/* The new values x for changes d, checking bounds, signs (in le) and that every cell changes. */
static bool
admissible(const System *sys, const int64_t *d, int64_t *x)
{
	for (int i = 0; i < sys->nle; i++)
	{
		i128		lhs = 0;

		for (int j = 0; j < sys->k; j++)
			lhs += sys->le[i][j] * (i128) d[j];
		if (lhs > sys->le[i][sys->k])
			return false;
	}
	for (int j = 0; j < sys->k; j++)
	{
		i128		v = (i128) sys->base[j] + d[j];

		if (d[j] == 0 || v > INT64_MAX || v < INT64_MIN)
			return false;
		x[j] = (int64_t) v;
	}
	return true;
}

static i128
floor_div(i128 a, i128 b)
{
	i128		q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/* The interval of the one free change f allowed by the bounds: false when empty. */
static bool
free_interval(const System *sys, int f, i128 *lo, i128 *hi)
{
	i128		l = 1;

	*lo = -INF;
	*hi = INF;
	for (int c = 0; c < sys->k; c++)
		if (sys->pivrow[c] >= 0)
		{
			i128		p = sys->eq[sys->pivrow[c]][c];

			if (p < 0)
				p = -p;
			l = l / gcd128(l, p) * p;
			if (!within(l, COEF_BIG))
				return false;
		}
	for (int i = 0; i < sys->nle; i++)
	{
		i128		alpha = sys->le[i][f] * l;
		i128		beta = sys->le[i][sys->k] * l;

		for (int c = 0; c < sys->k; c++)
		{
			int			r = sys->pivrow[c];
			i128		m;

			if (r < 0 || sys->le[i][c] == 0)
				continue;
			m = l / sys->eq[r][c];
			alpha -= sys->le[i][c] * sys->eq[r][f] * m;
			beta -= sys->le[i][c] * sys->eq[r][sys->k] * m;
		}
		if (alpha > 0)
		{
			i128		h = floor_div(beta, alpha);

			if (h < *hi)
				*hi = h;
		}
		else if (alpha < 0)
		{
			i128		lw = -floor_div(beta, -alpha);	/* ceil(beta / alpha) */

			if (lw > *lo)
				*lo = lw;
		}
		else if (beta < 0)
			return false;
	}
	return *lo <= *hi;
}

/* Classify, and verify when it beats the set's best so far. */
static void
consider(Work *w, const int *s, const int64_t *x, int k, GiFix *best, bool *have)
{
	GiFix		f;

	w->steps++;
	if (!make_fix(w, s, x, k, false, &f))
		return;
	if (*have && kind_level(f.kind) > kind_level(best->kind))
		return;
	if (!verify(w, s, x, k, &f.warnings))
		return;
	if (*have && fix_cmp(&f, best) >= 0)
		return;
	*best = f;
	*have = true;
}

/*
 * The linear constraints on the changes d of cells s: the identities and
 * bounds of the error instances containing them (an instance not judged for
 * its blanks binds only when the set fills them all), and x >= 0 for '+'
 * cells.  False when there are more than MAX_ROWS.
 */
static bool
build_system(Work *w, const int *s, int k, System *sys)
{
	sys->k = k;
	sys->neq = sys->nle = 0;
	w->stampv++;
	for (int a = 0; a < k; a++)
	{
		int			p = s[a];

		sys->base[a] = w->onulls[p] ? 0 : w->ovals[p];
		if (!row_is_signed(w->t, p))
		{
			/* x >= 0: -d <= base */
			if (sys->nle >= MAX_ROWS)
				return false;
			memset(sys->le[sys->nle], 0, sizeof(sys->le[0]));
			sys->le[sys->nle][a] = -1;
			sys->le[sys->nle][k] = sys->base[a];
			sys->nle++;
		}
		for (int j = w->cstart[p]; j < w->cstart[p + 1]; j++)
		{
			int			in = w->cinst[j];
			const GiRule *r = &w->t->rules[w->inst_rule[in]];
			i128		row[GI_LOCATE_MAX_CELLS + 1];
			bool		use = true;

			if (in >= w->nerr || w->stamp[in] == w->stampv)
				continue;
			w->stamp[in] = w->stampv;
			if (w->before[in] < 0)
				for (int q = w->istart[in]; q < w->istart[in + 1] && use; q++)
				{
					int			c = w->icell[q];
					bool		inset = false;

					for (int b = 0; b < k; b++)
						inset |= (s[b] == c);
					if (w->onulls[c] && !inset)
						use = false;
				}
			if (!use)
				continue;
			for (int b = 0; b < k; b++)
				row[b] = coef_of(w, in, s[b]);
			row[k] = -w->imb[in];
			if (r->op == GI_OP_EQ)
			{
				if (sys->neq >= MAX_ROWS)
					return false;
				memcpy(sys->eq[sys->neq++], row, sizeof(row));
			}
			else
			{
				if (sys->nle >= MAX_ROWS)
					return false;
				if (r->op == GI_OP_GE)
					for (int b = 0; b <= k; b++)
						row[b] = -row[b];
				memcpy(sys->le[sys->nle++], row, sizeof(row));
			}
		}
	}
	return true;
}

/* Set d[f] to the change that takes cell value base to v; false when out of range. */
static bool
set_change(int64_t *d, int f, int64_t base, int64_t v)
{
	i128		dv = (i128) v - base;

	if (dv > INT64_MAX || dv < INT64_MIN)
		return false;
	d[f] = (int64_t) dv;
	return true;
}

/*
 * One free change f: its interval under the bounds; the candidates are the
 * slips of the cell's printed digits inside it and, when no change is
 * outside it (else a smaller set would do), the end nearest to no change.
 */
static void
solve_one_free(Work *w, const int *s, int k, const System *sys, int f,
			   int64_t *d, GiFix *best, bool *have)
{
	int			p = s[f];
	i128		lo,
				hi;
	int64_t		cand[GI_SLIP_MAX_VALUES + 1];
	int64_t		x[GI_LOCATE_MAX_CELLS];
	int			n;

	if (!free_interval(sys, f, &lo, &hi))
		return;
	n = gi_slip_values(w->t, p, w->onulls[p], sys->base[f], false, cand);
	if (lo > 0 || hi < 0)
	{
		i128		v = (i128) sys->base[f] + (lo > 0 ? lo : hi);

		if (v <= INT64_MAX && v >= INT64_MIN)
			cand[n++] = (int64_t) v;
	}
	for (int i = 0; i < n && !w->stop; i++)
	{
		if (!set_change(d, f, sys->base[f], cand[i]) || d[f] < lo || d[f] > hi)
			continue;
		if (pivots(sys, d) && admissible(sys, d, x))
			consider(w, s, x, k, best, have);
		if (w->steps > w->max_steps)
			w->stop = true;
	}
}

/* Several free changes: products of their cells' few-variant slips (at most MAX_COMBOS). */
static void
solve_free_products(Work *w, const int *s, int k, const System *sys,
					const int *freev, int nfree, int64_t *d, GiFix *best, bool *have)
{
	int			n[GI_LOCATE_MAX_CELLS];
	long		combos = 1;
	int64_t		cand[GI_LOCATE_MAX_CELLS][GI_SLIP_MAX_VALUES];
	int64_t		x[GI_LOCATE_MAX_CELLS];

	for (int i = 0; i < nfree; i++)
	{
		int			f = freev[i];

		n[i] = gi_slip_values(w->t, s[f], w->onulls[s[f]], sys->base[f], true, cand[i]);
		combos *= n[i];
		if (combos == 0 || combos > MAX_COMBOS)
			return;
	}
	for (long c = 0; c < combos && !w->stop; c++)
	{
		long		rest = c;
		bool		ok = true;

		for (int i = 0; i < nfree; i++)
		{
			ok &= set_change(d, freev[i], sys->base[freev[i]], cand[i][rest % n[i]]);
			rest /= n[i];
		}
		if (ok && pivots(sys, d) && admissible(sys, d, x))
			consider(w, s, x, k, best, have);
		if (w->steps > w->max_steps)
			w->stop = true;
	}
}

/* One cell set: its best explanation, if any, joins the results. */
static void
try_set(Work *w, const int *s, int k)
{
	System		sys;
	int64_t		d[GI_LOCATE_MAX_CELLS];
	int64_t		x[GI_LOCATE_MAX_CELLS];
	int			nfree = 0;
	int			freev[GI_LOCATE_MAX_CELLS];
	GiFix		best;
	bool		have = false;

	w->steps++;
	if (!build_system(w, s, k, &sys) || !eliminate(&sys))
		return;
	for (int c = 0; c < k; c++)
	{
		d[c] = 0;
		if (sys.pivrow[c] < 0)
			freev[nfree++] = c;
	}
	if (nfree == 0)
	{
		if (pivots(&sys, d) && admissible(&sys, d, x))
			consider(w, s, x, k, &best, &have);
	}
	else if (nfree == 1)
		solve_one_free(w, s, k, &sys, freev[0], d, &best, &have);
	else
		solve_free_products(w, s, k, &sys, freev, nfree, d, &best, &have);
	if (have)
	{
		add_fix(w, &best);
		w->nfound++;
	}
}

/* ---------------------------------------------------------------------------
 * Cell sets that hit every broken instance
 * ------------------------------------------------------------------------- */

static void
add_hits(Work *w, int p, int delta)
{
	for (int j = w->cstart[p]; j < w->cstart[p + 1]; j++)
		w->hits[w->cinst[j]] += delta;
}

static void
hitting_sets(Work *w, int k, int *chosen, int n)
{
	int			first = -1;
	int			uncovered = 0;
	int			best = 0;
	int			added[256];
	int			nadded = 0;

	if (w->stop)
		return;
	if (++w->steps > w->max_steps)
	{
		w->stop = true;
		return;
	}
	for (int b = 0; b < w->nbroken; b++)
	{
		int			in = w->broken[b];
		int			size = w->istart[in + 1] - w->istart[in];

		if (w->hits[in] > 0)
			continue;
		uncovered++;
		if (first < 0 || size < best)
		{
			first = in;
			best = size;
		}
	}
	if (first < 0)
	{
		if (n == k)
			try_set(w, chosen, n);
		return;
	}
	if (n == k || uncovered > (k - n) * w->maxcov)
		return;
	for (int q = w->istart[first]; q < w->istart[first + 1] && !w->stop; q++)
	{
		int			p = w->icell[q];

		if (w->excluded[p])
			continue;
		chosen[n] = p;
		add_hits(w, p, 1);
		hitting_sets(w, k, chosen, n + 1);
		add_hits(w, p, -1);
		if (nadded < 256)
		{
			w->excluded[p]++;
			added[nadded++] = p;
		}
	}
	for (int i = 0; i < nadded; i++)
		w->excluded[added[i]]--;
}

/* ---------------------------------------------------------------------------
 * Swaps
 * ------------------------------------------------------------------------- */

/* The length of a code's first dotted segment: "apply" of "apply.received@natural". */
static int
table_prefix(const char *code)
{
	int			n = 0;

	while (code[n] && code[n] != '.' && code[n] != '@')
		n++;
	return n;
}

static bool
same_table(const GiTemplate *t, int p, int q)
{
	const char *a = t->codes[t->cell_code[p]].code;
	const char *b = t->codes[t->cell_code[q]].code;
	int			na = table_prefix(a);

	return na == table_prefix(b) && memcmp(a, b, na) == 0;
}

/*
 * May q be p's swap partner?  Same table and unit; and q in an error
 * instance (then the swap is checked on both sides), or else p's printed
 * neighbour: the next cell of its row, or the same column of the next row.
 */
static bool
swap_partner(const Work *w, int p, int q)
{
	const GiTemplate *t = w->t;
	const GiCode *cp = &t->codes[t->cell_code[p]];
	const GiCode *cq = &t->codes[t->cell_code[q]];
	int			dist = p > q ? p - q : q - p;

	if (row_scale(t, p) != row_scale(t, q) || !same_table(t, p, q))
		return false;
	if (w->in_error[q])
		return true;
	return dist == 1 ||
		(cp->column >= 0 && cp->column == cq->column && dist == t->ncolumns);
}

static void
find_swaps(Work *w)
{
	int			first = -1;
	int			best = 0;
	const GiRule *r;

	for (int b = 0; b < w->nbroken; b++)
	{
		int			in = w->broken[b];
		int			size = w->istart[in + 1] - w->istart[in];

		if (first < 0 || size < best)
		{
			first = in;
			best = size;
		}
	}
	r = &w->t->rules[w->inst_rule[first]];
	for (int a = w->istart[first]; a < w->istart[first + 1] && !w->stop; a++)
	{
		int			p = w->icell[a];
		int			cp = w->icoef[a];

		if (w->onulls[p])
			continue;
		for (int q = 0; q < w->ncells && !w->stop; q++)
		{
			int			cq;
			i128		delta,
						after;
			int			s[2];
			int64_t		x[2];
			bool		all = true;
			GiFix		f;

			if (q == p || w->onulls[q] || w->ovals[q] == w->ovals[p])
				continue;
			cq = coef_of(w, first, q);
			if (cq != 0 && q < p)
				continue;		/* the pair is met from q's side */
			delta = (i128) w->ovals[q] - w->ovals[p];
			after = w->imb[first] + cp * delta - cq * delta;
			if (r->op == GI_OP_EQ ? after != 0 : r->op == GI_OP_LE ? after > 0 : after < 0)
				continue;
			if (!swap_partner(w, p, q))
				continue;
			if (++w->steps > w->max_steps)
				w->stop = true;
			if ((w->ovals[q] < 0 && !row_is_signed(w->t, p)) ||
				(w->ovals[p] < 0 && !row_is_signed(w->t, q)))
				continue;
			/* every broken instance must contain p or q */
			for (int b = 0; b < w->nbroken && all; b++)
				all = coef_of(w, w->broken[b], p) != 0 || coef_of(w, w->broken[b], q) != 0;
			if (!all)
				continue;
			s[0] = p;
			s[1] = q;
			x[0] = w->ovals[q];
			x[1] = w->ovals[p];
			if (!make_fix(w, s, x, 2, true, &f) || !verify(w, s, x, 2, &f.warnings))
				continue;
			add_fix(w, &f);
			w->nswaps++;
		}
	}
}

/* ---------------------------------------------------------------------------
 * Entry point
 * ------------------------------------------------------------------------- */

void
gi_locate(const GiTemplate *t, const int64_t *vals, const bool *nulls,
		  GiMode mode, int max_cells, long max_steps, GiLocateResult *res)
{
	Work		w;
	int			chosen[GI_LOCATE_MAX_CELLS];

	memset(res, 0, sizeof(*res));
	memset(&w, 0, sizeof(w));
	w.t = t;
	w.mode = mode;
	w.ovals = vals;
	w.onulls = nulls;
	w.res = res;
	w.max_cells = max_cells < 1 ? 1 : max_cells > GI_LOCATE_MAX_CELLS ? GI_LOCATE_MAX_CELLS : max_cells;
	w.max_steps = max_steps > 0 ? max_steps : GI_LOCATE_DEFAULT_STEPS;
	if (!setup(&w))
	{
		release(&w);
		res->status = GI_LOCATE_NO_MEMORY;
		return;
	}

	/* the outcomes before any change */
	for (int i = 0; i < w.ninst; i++)
	{
		GiOutcome	o;
		i128		imb = 0;

		if (!gi_eval_rule(t, &t->rules[w.inst_rule[i]], w.vals, w.nulls, NULL, NULL, mode, &o))
		{
			release(&w);
			res->status = GI_LOCATE_OVERFLOW;
			return;
		}
		w.before[i] = (signed char) o.outcome;
		for (int j = w.istart[i]; j < w.istart[i + 1]; j++)
			imb += (i128) w.icoef[j] * w.vals[w.icell[j]];
		w.imb[i] = imb;
		if (o.outcome == 0 && i < w.nerr)
		{
			w.broken[w.nbroken++] = i;
			for (int j = w.istart[i]; j < w.istart[i + 1]; j++)
				w.bcov[w.icell[j]]++;
		}
	}
	res->nbroken = w.nbroken;
	for (int p = 0; p < w.ncells; p++)
		if (w.bcov[p] > w.maxcov)
			w.maxcov = w.bcov[p];

	if (w.nbroken > 0)
	{
		if (w.max_cells >= 2)
			find_swaps(&w);
		for (int k = 1; k <= w.max_cells && !w.stop; k++)
		{
			w.nfound = 0;
			hitting_sets(&w, k, chosen, 0);
			if (w.nfound > 0 || (k >= 2 && w.nswaps > 0))
				break;
		}
	}

	/* score = (10 - kind's level) / 10 / 5^(cells - 1), from exact integers */
	for (int i = 0; i < res->nfixes; i++)
	{
		GiFix	   *f = &res->fixes[i];
		int			denom = 10;

		for (int c = 1; c < f->ncells; c++)
			denom *= 5;
		f->score = (float) (10 - kind_level(f->kind)) / (float) denom;
	}
	res->truncated = w.stop;
	res->steps = w.steps;
	release(&w);
}
