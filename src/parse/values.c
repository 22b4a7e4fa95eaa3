/*
 * values.c
 *	  Values: a printed value converted to its cell's stored unit, and a
 *	  row's values brought to the count its template row wants.
 */
#include "parse_int.h"

/* "label·column" of a code, for the log */
void
code_label(const GiTemplate *t, int code, char *buf, size_t cap)
{
	const GiCode *c = &t->codes[code];
	const GiRow *r = &t->rows[c->row];

	if (c->column >= 0 && t->columns[c->column].label_zh != NULL &&
		strcmp(t->columns[c->column].name, "total") != 0)
		snprintf(buf, cap, "%s·%s", r->label_zh, t->columns[c->column].label_zh);
	else
		snprintf(buf, cap, "%s", r->label_zh);
	utf8_clip(buf);
}

/* Unit stated in text: 万元 -> UNIT_WAN, 元 -> UNIT_YUAN, else UNIT_NONE. */
uint8_t
money_unit_in(const char *s, int len)
{
	uint32_t	prev = 0;
	uint8_t		u = UNIT_NONE;

	for (int i = 0; i < len;)
	{
		uint32_t	c;

		i += DEC(s + i, (size_t) (len - i), &c);
		c = fold(c);
		if (c == 0x5143)		/* 元 */
			u = prev == 0x4E07 ? UNIT_WAN : (u == UNIT_NONE ? UNIT_YUAN : u);
		if (c != ' ')
			prev = c;
	}
	return u;
}

/*
 * gi_parse_decimal of a cell of plain digits s[0..len), len <= 18 (so that
 * the digits alone cannot overflow): the same status and value, read in
 * place.
 */
static inline GiNumStatus
plain_decimal(const char *s, int len, int64_t scale, int64_t *out)
{
	int64_t		v = 0,
				sv;

	for (int i = 0; i < len; i++)
		v = v * 10 + (s[i] - '0');
	if (__builtin_mul_overflow(v, scale, &sv))
		return GI_NUM_RANGE;
	*out = sv;
	return GI_NUM_OK;
}

/* Read cell ci into code (a stored cell); logs what it cannot read. */
bool
assign_value(Ctx *x, const GiTemplate *t, int code, int ci, uint8_t hint, int64_t *out)
{
	const GiCode *gc = &t->codes[code];
	const GiRow *gr = &t->rows[gc->row];
	Cell	   *c;
	char		f[160],
				lab[400];
	int			n,
				scale = 1;
	NumInfo		ni;
	uint8_t		unit;
	int64_t		v;
	GiNumStatus st;
	const char *raw;
	bool		plain = false;

	if (ci < 0)
		return false;
	c = &x->d->cells[ci];
	raw = x->d->text + c->off;
	if (c->cls == CELL_EMPTY || c->cls == CELL_NULL)
		return false;
	lab[0] = '\0';
	if (c->cls != CELL_NUM)
	{
		code_label(t, code, lab, sizeof(lab));
		addlog(x, SEV_ERROR, gr->section, lab, -1, raw, c->len,
			   "not a number where %s belongs: left NULL", gc->code);
		return false;
	}
	if (plain_digits(raw, c->len))
	{
		/* as fold_cell and parse_number would have it; up to 18 digits are read in place */
		plain = c->len <= 18;
		if (!plain)
		{
			memcpy(ni.s, raw, (size_t) c->len);
			ni.s[c->len] = '\0';
			ni.n = c->len;
		}
		ni.unit = UNIT_NONE;
	}
	else if ((n = fold_cell(raw, c->len, f, (int) sizeof(f))) < 0 || !parse_number(f, n, &ni))
	{
		code_label(t, code, lab, sizeof(lab));
		addlog(x, SEV_ERROR, gr->section, lab, -1, raw, c->len,
			   "not a number where %s belongs: left NULL", gc->code);
		return false;
	}
	unit = ni.unit;
	if (gr->scale > 1)
	{
		if (unit == UNIT_NONE)
			unit = hint;
		if (unit == UNIT_UNSURE)
		{
			code_label(t, code, lab, sizeof(lab));
			addlog(x, SEV_ERROR, gr->section, lab, -1, raw, c->len,
				   "the unit of the amount cannot be told: 万 and 元 are printed apart, not one over the other in a column "
				   "(万元 and 元 differ 10,000 times): left NULL");
			return false;
		}
		if (unit == UNIT_YUAN)
			scale = gr->scale / GI_WAN_YUAN;
		else if (unit == UNIT_WAN || unit == UNIT_NONE)
			scale = gr->scale;
		else
		{
			code_label(t, code, lab, sizeof(lab));
			addlog(x, SEV_ERROR, gr->section, lab, -1, raw, c->len,
				   "a count where an amount in %s belongs (%s): left NULL", gr->unit, gc->code);
			return false;
		}
	}
	else if (unit == UNIT_YUAN || unit == UNIT_WAN)
	{
		code_label(t, code, lab, sizeof(lab));
		addlog(x, SEV_ERROR, gr->section, lab, -1, raw, c->len,
			   "an amount of money where a count in %s belongs (%s): left NULL", gr->unit, gc->code);
		return false;
	}
	st = plain ? plain_decimal(raw, c->len, scale, &v) : gi_parse_decimal(ni.s, ni.n, scale, &v);
	if (!x->nolog && (st != GI_NUM_OK || (v < 0 && !gr->is_signed) || (gr->scale > 1 && scale < gr->scale)))
		code_label(t, code, lab, sizeof(lab));
	if (st == GI_NUM_FRACTION)
	{
		addlog(x, SEV_ERROR, gr->section, lab, -1, raw, c->len,
			   scale > 1 || gr->scale > 1 ?
			   "amount finer than 0.01 元 (one 分) for %s: left NULL" :
			   "a fraction where a whole count belongs (%s): left NULL", gc->code);
		return false;
	}
	if (st != GI_NUM_OK)
	{
		addlog(x, SEV_ERROR, gr->section, lab, -1, raw, c->len,
			   "number out of range for %s: left NULL", gc->code);
		return false;
	}
	if (v < 0 && !gr->is_signed)
	{
		addlog(x, SEV_ERROR, gr->section, lab, -1, raw, c->len,
			   "negative value where %s cannot be negative: left NULL", gc->code);
		return false;
	}
	if (gr->scale > 1 && scale < gr->scale && !x->nolog)
	{
		char		wan[GI_DECIMAL_BUFLEN],
					yuan[GI_DECIMAL_BUFLEN];

		gi_format_decimal(v, gr->scale, wan);
		gi_format_decimal(v, scale, yuan);
		addlog(x, SEV_INFO, gr->section, lab, -1, raw, c->len,
			   "amount printed in 元: %s 元 stored as %s %s", yuan, wan, gr->unit);
	}
	*out = v;
	return true;
}

/* A cell made after the first pass (a piece, a join), classified: its index, or -1 (no room). */
static int
add_piece(Ctx *x, int off, int len)
{
	Cell	   *c = doc_add_cell(x->d, off, len, 1);

	if (c == NULL)
		return -1;
	classify_piece(x->d, c);
	return (int) (c - x->d->cells);
}

/*
 * How a row's values are repaired when a conversion split them or ran them
 * together (repair_values):
 *   REPAIR_RESPACE  fewer values than want, where cells hold numbers one
 *                   space apart ("0 0 0 0 0": narrow columns that pdftotext
 *                   printed one space apart): each such cell split into its
 *                   numbers.  A row whose count is right keeps its cells
 *                   (1 2 0 stays 120).
 *   REPAIR_REJOIN   more values than want, where a laid-out cell was split
 *                   into pieces of one character each (letter-spaced digits,
 *                   1 2 0): each such run of pieces read as the cell it was.
 *   REPAIR_DIGITS   table 四's row with fewer values than its fifteen where
 *                   digits ran together in narrow columns (0 0 0 00000):
 *                   when the digits past the first of its plain-digit values
 *                   are exactly the values missing, the only reading that
 *                   gives fifteen is a value a digit, and each such value is
 *                   split so.
 */
typedef enum RepairKind
{
	REPAIR_RESPACE,
	REPAIR_REJOIN,
	REPAIR_DIGITS
} RepairKind;

/*
 * One step of repair_values: the values from v[q] on read as kind reads
 * them, appended to out[*n ..] (room for want, at most 80).  Returns how
 * many values it took (>= 1), or 0 to leave the row as it is; *changed is
 * set when cells were made of them.
 */
static int
repair_step(Ctx *x, RepairKind kind, const int *v, int nv, int q, int want,
			int *out, int *n, bool *changed)
{
	int			ci = v[q];

	if (kind == REPAIR_RESPACE)
	{
		int			tok[2 * 16],
					ntok = 0;

		if (ci >= 0 && x->d->cells[ci].cls != CELL_EMPTY)
			ntok = number_pieces(x->d, x->d->cells[ci].off, x->d->cells[ci].len, false, tok, 16);
		if (ntok == 0)
		{
			if (*n == want)
				return 0;
			out[(*n)++] = ci;
			return 1;
		}
		if (*n + ntok > want)
			return 0;
		for (int k = 0; k < ntok; k++)
			if ((out[(*n)++] = add_piece(x, tok[2 * k], tok[2 * k + 1])) < 0)
				return 0;
		*changed = true;
		return 1;
	}
	if (kind == REPAIR_DIGITS)
	{
		int			off;

		if (extra_digits(x->d, ci) == 0)
		{
			out[(*n)++] = ci;
			return 1;
		}
		off = x->d->cells[ci].off;
		for (int k = 0; k < x->d->cells[ci].len; k++)
			if ((out[(*n)++] = add_piece(x, off + k, 1)) < 0)
				return 0;
		*changed = true;
		return 1;
	}
	/* REPAIR_REJOIN */
	{
		int			e = q + 1;
		bool		single = true;

		if (ci < 0 || x->d->cells[ci].piece != PIECE_FIRST)
		{
			out[(*n)++] = ci;
			return 1;
		}
		/* the run: this piece and the next cells that follow it */
		while (e < nv && v[e] == v[e - 1] + 1 && x->d->cells[v[e]].piece == PIECE_NEXT)
			e++;
		for (int k = q; k < e; k++)
			if (x->d->cells[v[k]].len != 1)
				single = false;
		if (single && e - q >= 2)
		{
			const Cell *a = &x->d->cells[v[q]],
					   *b = &x->d->cells[v[e - 1]];
			int			cj = add_piece(x, a->off, b->off + b->len - a->off);

			if (cj < 0)
				return 0;
			if (x->d->cells[cj].cls == CELL_NUM)
			{
				out[(*n)++] = cj;
				*changed = true;
				return e - q;
			}
		}
		for (int k = q; k < e; k++)
			out[(*n)++] = v[k];
		return e - q;
	}
}

/*
 * A row's values v[0 .. nv) (room for cap) repaired as kind says
 * (RepairKind), kept when that gives want values exactly: v is rewritten
 * then.  The new count, or nv.
 */
static int
repair_values(Ctx *x, RepairKind kind, int *v, int nv, int want, int cap)
{
	int			out[80],
				n = 0;
	bool		changed = false;

	if (kind == REPAIR_REJOIN ? (nv <= want || nv > 80) :
		(nv <= 0 || nv >= want || want > cap || want > 80))
		return nv;
	if (kind == REPAIR_DIGITS)
	{
		int			extra = 0;

		for (int q = 0; q < nv; q++)
			extra += extra_digits(x->d, v[q]);
		if (nv + extra != want)
			return nv;
	}
	for (int q = 0; q < nv;)
	{
		int			took = repair_step(x, kind, v, nv, q, want, out, &n, &changed);

		if (took == 0)
			return nv;
		q += took;
	}
	if (!changed || n != want)
		return nv;
	memcpy(v, out, sizeof(int) * (size_t) n);
	return n;
}

/* Table 四's values brought to want where digits ran together (REPAIR_DIGITS): the new count. */
int
split_digit_runs(Ctx *x, int *v, int nv, int want, int cap)
{
	return repair_values(x, REPAIR_DIGITS, v, nv, want, cap);
}

/*
 * A row's values brought to want where a conversion split them or ran them
 * together: numbers one space apart split where the row lacks values
 * (REPAIR_RESPACE, logged), letter-spaced digits joined back where it has
 * too many (REPAIR_REJOIN), unless it has also_ok values, a count the
 * caller reads as it is.  The new count.
 */
int
fit_values(Ctx *x, int ri, const char *section, const char *lab, int *v, int nv, int want, int cap,
		   int also_ok)
{
	if (nv < want)
	{
		if ((nv = repair_values(x, REPAIR_RESPACE, v, nv, want, cap)) == want && !x->nolog)
		{
			char		raw[400];

			row_values_raw(x, &x->rows[ri], raw, sizeof(raw));
			addlog(x, SEV_INFO, section, lab, -1, raw, -1, "values one space apart read as %d cells", want);
		}
	}
	else if (nv > want && nv != also_ok)
		nv = repair_values(x, REPAIR_REJOIN, v, nv, want, cap);
	return nv;
}

/* Sum of the present members of group code g; false when none is present (or on overflow). */
bool
gi_parse_group_sum(const GiParseResult *res, const GiTemplate *t, int g, int64_t *sum)
{
	const GiCode *gc = &t->codes[g];
	bool		any = false;

	*sum = 0;
	for (int k = 0; k < gc->term_len; k++)
	{
		const GiTerm *term = &t->terms[gc->term_start + k];

		if (term->pos >= 0 && term->pos < GI_MAX_CELLS && !res->nulls[term->pos])
		{
			int64_t		v;

			if (__builtin_mul_overflow(res->vals[term->pos], (int64_t) term->coef, &v) ||
				__builtin_add_overflow(*sum, v, sum))
				return false;
			any = true;
		}
	}
	return any;
}
