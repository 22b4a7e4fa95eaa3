/*
 * catalog.c
 *	  Look-ups in the generated template catalog: templates by name, codes
 *	  by name (binary search over the sorted index), and the nearest valid
 *	  code for error hints.
 *
 * Pure C, no server headers: shared by the extension, the parser's unit
 * tests and the fuzzing harness.
 */
#include "catalog.h"

#include <stdlib.h>
#include <string.h>

/* The template of that name, or NULL. */
const GiTemplate *
gi_template_by_name(const char *name)
{
	for (int i = 0; i < gi_ntemplates; i++)
		if (strcmp(gi_templates[i]->name, name) == 0)
			return gi_templates[i];
	return NULL;
}

/* Index of t in gi_templates[] (t must come from the catalog). */
int
gi_template_index(const GiTemplate *t)
{
	for (int i = 0; i < gi_ntemplates; i++)
		if (gi_templates[i] == t)
			return i;
	abort();					/* can't happen: templates come from gi_templates */
}

/* "cell", "group" or "head". */
const char *
gi_kind_name(char kind)
{
	return kind == GI_KIND_CELL ? "cell" : kind == GI_KIND_GROUP ? "group" : "head";
}

/* Compare a counted string with a NUL-terminated one, as strcmp would. */
static int
cmp_counted(const char *a, int alen, const char *b)
{
	size_t		blen = strlen(b);
	size_t		n = (size_t) alen < blen ? (size_t) alen : blen;
	int			c = memcmp(a, b, n);

	if (c != 0)
		return c;
	if ((size_t) alen == blen)
		return 0;
	return (size_t) alen < blen ? -1 : 1;
}

/* Index in t->codes of the code (len bytes), or -1. */
int
gi_code_lookup(const GiTemplate *t, const char *code, int len)
{
	int			lo = 0,
				hi = t->ncodes - 1;

	while (lo <= hi)
	{
		int			mid = lo + (hi - lo) / 2;
		int			idx = t->codes_sorted[mid];
		int			c = cmp_counted(code, len, t->codes[idx].code);

		if (c == 0)
			return idx;
		if (c < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return -1;
}

/*
 * Levenshtein distance between two byte strings, or max + 1 when it is
 * larger than max (max bounds the work on hostile input).
 */
int
gi_levenshtein(const char *a, int alen, const char *b, int blen, int max)
{
	int			stackbuf[128] = {0};
	int		   *row;
	int			result;

	if (abs(alen - blen) > max)
		return max + 1;
	if (blen + 1 <= (int) (sizeof(stackbuf) / sizeof(stackbuf[0])))
		row = stackbuf;
	else
	{
		row = malloc(sizeof(int) * (size_t) (blen + 1));
		if (row == NULL)
			return max + 1;
	}
	for (int j = 0; j <= blen; j++)
		row[j] = j;
	for (int i = 1; i <= alen; i++)
	{
		int			diag = row[0];
		int			best = i;

		row[0] = i;
		for (int j = 1; j <= blen; j++)
		{
			int			up = row[j];
			int			v = diag + (a[i - 1] == b[j - 1] ? 0 : 1);

			if (up + 1 < v)
				v = up + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			row[j] = v;
			diag = up;
			if (v < best)
				best = v;
		}
		if (best > max)
		{
			if (row != stackbuf)
				free(row);
			return max + 1;
		}
	}
	result = row[blen];
	if (row != stackbuf)
		free(row);
	return result > max ? max + 1 : result;
}

/*
 * Index of the code nearest to the given (unknown) one, for hints, and its
 * edit distance.  Only the first 200 bytes are compared.
 */
int
gi_code_nearest(const GiTemplate *t, const char *code, int len, int *distance)
{
	int			best = -1;
	int			bestd = 1 << 30;

	if (len > 200)
		len = 200;
	for (int i = 0; i < t->ncodes; i++)
	{
		const char *c = t->codes[i].code;
		int			d = gi_levenshtein(code, len, c, (int) strlen(c),
									   bestd < 1000 ? bestd : 1000);

		if (d < bestd)
		{
			bestd = d;
			best = i;
		}
	}
	if (distance)
		*distance = bestd;
	return best;
}
