/*
 * locate_slip.c
 *	  The slips of locate(): which slip turns a printed value into the true
 *	  one (two digits transposed, one wrong, one dropped or extra, 元/万元, a
 *	  sign, a total left at 0, or none), and the values a slip of a printed
 *	  value could have come from.  Pure C, no server headers.
 */
#include "locate.h"

#include <string.h>

const char *const gi_slip_names[GI_NSLIPS] = {
	"swap", "transposed_digits", "wrong_digit", "dropped_digit", "extra_digit",
	"unit", "sign", "zero_total", "value"
};

static int
digits_of(int64_t v, char *buf)
{
	uint64_t	u = v < 0 ? (uint64_t) 0 - (uint64_t) v : (uint64_t) v;
	char		tmp[24];
	int			n = 0;

	do
	{
		tmp[n++] = (char) ('0' + u % 10);
		u /= 10;
	} while (u != 0);
	for (int i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
	return n;
}

/* Levenshtein distance of two short digit strings. */
static int
digit_distance(const char *a, int na, const char *b, int nb)
{
	int			row[24];

	for (int j = 0; j <= nb; j++)
		row[j] = j;
	for (int i = 1; i <= na; i++)
	{
		int			diag = row[0];

		row[0] = i;
		for (int j = 1; j <= nb; j++)
		{
			int			up = row[j];
			int			best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[nb];
}

/* Does deleting one character of longer (n + 1 chars) give shorter (n)? */
static bool
one_deleted(const char *longer, const char *shorter, int n)
{
	int			i = 0;

	while (i < n && longer[i] == shorter[i])
		i++;
	return strcmp(longer + i + 1, shorter + i) == 0;
}

static bool
row_is_money(const GiTemplate *t, int pos)
{
	return t->rows[t->codes[t->cell_code[pos]].row].scale != 1;
}

static bool
row_is_signed(const GiTemplate *t, int pos)
{
	return t->rows[t->codes[t->cell_code[pos]].row].is_signed;
}

/* Is cell pos a total: alone on one side of an error identity whose other side has several cells? */
bool
gi_cell_is_total(const GiTemplate *t, int pos)
{
	for (int i = 0; i < t->nrules; i++)
	{
		const GiRule *r = &t->rules[i];

		if (r->severity != GI_SEV_ERROR || r->continuity || r->op != GI_OP_EQ)
			continue;
		if (r->lhs_len == 1 && r->rhs_len >= 2 && t->terms[r->lhs_start].pos == pos)
			return true;
		if (r->rhs_len == 1 && r->lhs_len >= 2 && t->terms[r->rhs_start].pos == pos)
			return true;
	}
	return false;
}

/* The slip from old to nv in cell pos (is_total: the cell is a total); *distance: digits changed. */
GiSlip
gi_slip_kind(const GiTemplate *t, int pos, bool is_total, bool old_null,
			 int64_t old, int64_t nv, int *distance)
{
	char		a[24],
				b[24];
	int			na,
				nb;

	nb = digits_of(nv, b);
	if (old_null)
	{
		*distance = nb;
		return (is_total && nv > 0) ? GI_SLIP_ZERO_TOTAL : GI_SLIP_VALUE;
	}
	na = digits_of(old, a);
	*distance = digit_distance(a, na, b, nb);
	if (old == 0)
		return (is_total && nv > 0) ? GI_SLIP_ZERO_TOTAL : GI_SLIP_VALUE;
	if (nv == 0)
		return GI_SLIP_VALUE;
	if (nv == -old)
		return row_is_signed(t, pos) ? GI_SLIP_SIGN : GI_SLIP_VALUE;
	if ((old < 0) != (nv < 0))
		return GI_SLIP_VALUE;
	if (row_is_money(t, pos) &&
		((old % 10000 == 0 && old / 10000 == nv) || (nv % 10000 == 0 && nv / 10000 == old)))
		return GI_SLIP_UNIT;
	if (na == nb)
	{
		int			diff[24];
		int			nd = 0;

		for (int i = 0; i < na; i++)
			if (a[i] != b[i])
				diff[nd++] = i;
		if (nd == 1)
			return GI_SLIP_WRONG_DIGIT;
		if (nd == 2 && diff[1] == diff[0] + 1 &&
			a[diff[0]] == b[diff[1]] && a[diff[1]] == b[diff[0]])
			return GI_SLIP_TRANSPOSED;
		return GI_SLIP_VALUE;
	}
	if (nb == na + 1 && one_deleted(b, a, na))
		return GI_SLIP_DROPPED_DIGIT;
	if (na == nb + 1 && one_deleted(a, b, nb))
		return GI_SLIP_EXTRA_DIGIT;
	return GI_SLIP_VALUE;
}

/* The slip classification of one change (exported for tests and the server). */
GiSlip
gi_slip_classify(const GiTemplate *t, int pos, bool old_null, int64_t old, int64_t new_value)
{
	int			d;

	if (!old_null && old == new_value)
		return GI_SLIP_VALUE;
	return gi_slip_kind(t, pos, gi_cell_is_total(t, pos), old_null, old, new_value, &d);
}

/* Parse a digit string of at most 18 digits (no overflow possible). */
static int64_t
digits_value(const char *s, int n)
{
	int64_t		v = 0;

	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static void
add_value(int64_t *out, int *n, int64_t v, int64_t old)
{
	if (v == old || *n >= GI_SLIP_MAX_VALUES)
		return;
	for (int i = 0; i < *n; i++)
		if (out[i] == v)
			return;
	out[(*n)++] = v;
}

/*
 * The values a slip of old's digits (or unit, or sign) would have come from,
 * i.e. the candidate true values of a cell printed as old.  few: only the
 * slips with few variants (no wrong digit), for products of several cells.
 */
int
gi_slip_values(const GiTemplate *t, int pos, bool old_null, int64_t old, bool few,
			   int64_t *out)
{
	char		s[24],
				u[24];
	int			n,
				count = 0;
	int64_t		sign;

	if (old_null || old == 0)
		return 0;
	n = digits_of(old, s);
	sign = old < 0 ? -1 : 1;
	if (n <= 17)
	{
		/* transposed */
		for (int i = 0; i + 1 < n; i++)
		{
			if (s[i] == s[i + 1] || (i == 0 && s[1] == '0'))
				continue;
			memcpy(u, s, n);
			u[i] = s[i + 1];
			u[i + 1] = s[i];
			add_value(out, &count, sign * digits_value(u, n), old);
		}
		/* one wrong digit */
		for (int i = 0; i < n && !few; i++)
			for (char c = '0'; c <= '9'; c++)
			{
				if (c == s[i] || (i == 0 && c == '0' && n > 1))
					continue;
				memcpy(u, s, n);
				u[i] = c;
				if (digits_value(u, n) != 0)
					add_value(out, &count, sign * digits_value(u, n), old);
			}
		/* a dropped digit: the true value has one more */
		for (int i = 0; i <= n; i++)
			for (char c = '0'; c <= '9'; c++)
			{
				if (i == 0 && c == '0')
					continue;
				memcpy(u, s, i);
				u[i] = c;
				memcpy(u + i + 1, s + i, n - i);
				add_value(out, &count, sign * digits_value(u, n + 1), old);
			}
		/* an extra digit: the true value has one fewer */
		for (int i = 0; i < n && n > 1; i++)
		{
			if (i == 0 && s[1] == '0')
				continue;
			memcpy(u, s, i);
			memcpy(u + i, s + i + 1, n - i - 1);
			add_value(out, &count, sign * digits_value(u, n - 1), old);
		}
	}
	if (row_is_money(t, pos))
	{
		if (old % 10000 == 0)
			add_value(out, &count, old / 10000, old);
		if (old <= INT64_MAX / 10000 && old >= INT64_MIN / 10000)
			add_value(out, &count, old * 10000, old);
	}
	if (row_is_signed(t, pos) && old != INT64_MIN)
		add_value(out, &count, -old, old);
	return count;
}
