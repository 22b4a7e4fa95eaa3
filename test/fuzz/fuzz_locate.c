/*
 * fuzz_locate.c
 *	  libFuzzer harness of locate.c (built by `make fuzz-locate` with ASan
 *	  and UBSan).  The input chooses a template, a mode, max_cells and a
 *	  series of cell edits applied to a report of zeros (which is
 *	  consistent); values range from small counts to the int64 extremes.
 *	  Besides memory and undefined-behaviour errors it aborts when a fix
 *	  breaks the contract: a cell that does not change, a '+' cell made
 *	  negative, positions not ascending, an error instance failing after the
 *	  fix is applied, or fixes out of rank order.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "locate.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int64_t
read_value(const uint8_t *d, size_t n, size_t *i)
{
	uint8_t		tag;
	int64_t		v = 0;

	if (*i >= n)
		return 0;
	tag = d[(*i)++];
	if ((tag & 0xC0) != 0xC0 || *i + 8 > n)
		return (int64_t) (tag & 0x7F) - ((tag & 0x80) ? 20 : 0);
	memcpy(&v, d + *i, 8);
	*i += 8;
	return v;
}

static void
check_fix(const GiTemplate *t, const int64_t *vals, const bool *nulls, GiMode mode, const GiFix *f)
{
	int64_t		v[GI_MAX_CELLS];
	bool		nl[GI_MAX_CELLS];

	if (f->ncells < 1 || f->ncells > GI_LOCATE_MAX_CELLS || f->kind < 0 || f->kind >= GI_NSLIPS)
		abort();
	memcpy(v, vals, sizeof(int64_t) * t->ncells);
	memcpy(nl, nulls, sizeof(bool) * t->ncells);
	for (int c = 0; c < f->ncells; c++)
	{
		int			p = f->pos[c];
		const GiRow *row = &t->rows[t->codes[t->cell_code[p]].row];

		if (p < 0 || p >= t->ncells || (c > 0 && p <= f->pos[c - 1]))
			abort();
		if (f->old_null[c] != nulls[p] || (!nulls[p] && f->old_vals[c] != vals[p]))
			abort();
		if (!nulls[p] && vals[p] == f->new_vals[c])
			abort();
		if (!row->is_signed && f->new_vals[c] < 0)
			abort();
		v[p] = f->new_vals[c];
		nl[p] = false;
	}
	for (int i = 0; i < t->nrules; i++)
	{
		const GiRule *r = &t->rules[i];
		GiOutcome	o;

		if (r->severity != GI_SEV_ERROR || r->continuity)
			continue;
		if (!gi_eval_rule(t, r, v, nl, NULL, NULL, mode, &o) || o.outcome == 0)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const GiTemplate *t;
	GiMode		mode;
	int			max_cells;
	int64_t		vals[GI_MAX_CELLS];
	bool		nulls[GI_MAX_CELLS];
	GiLocateResult *res;
	size_t		i = 3;

	if (size < 3)
		return 0;
	t = gi_templates[data[0] % gi_ntemplates];
	mode = (GiMode) (data[1] % GI_NMODES);
	max_cells = 1 + data[2] % GI_LOCATE_MAX_CELLS;
	for (int p = 0; p < t->ncells; p++)
	{
		vals[p] = 0;
		nulls[p] = false;
	}
	while (i + 1 < size)
	{
		int			p = data[i++] % t->ncells;
		const GiRow *row = &t->rows[t->codes[t->cell_code[p]].row];
		int64_t		v = read_value(data, size, &i);

		if ((v & 0xFF) == 0x7F)
		{
			nulls[p] = true;
			vals[p] = 0;
			continue;
		}
		if (!row->is_signed && v < 0)
			v = v == INT64_MIN ? INT64_MAX : -v;
		vals[p] = v;
		nulls[p] = false;
	}
	res = malloc(sizeof(GiLocateResult));
	if (res == NULL)
		return 0;
	gi_locate(t, vals, nulls, mode, max_cells, 20000, res);
	if (res->status != GI_LOCATE_OK && res->status != GI_LOCATE_OVERFLOW)
		abort();
	if (res->nfixes < 0 || res->nfixes > GI_LOCATE_MAX_FIXES)
		abort();
	if (res->nbroken == 0 && res->nfixes != 0)
		abort();
	for (int k = 0; k < res->nfixes; k++)
	{
		check_fix(t, vals, nulls, mode, &res->fixes[k]);
		if (k > 0 && (res->fixes[k].ncells < res->fixes[k - 1].ncells ||
					  res->fixes[k].score > res->fixes[k - 1].score))
			abort();
	}
	free(res);
	return 0;
}
