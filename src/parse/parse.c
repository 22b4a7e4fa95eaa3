/*
 * parse.c
 *	  The report-text parser's public entry: gi_parse_ex runs the stages
 *	  (parse.h) in turn; and the stages that have no file of their own below.
 */
#include "parse_int.h"

/*
 * The words of table 三's header that name its columns (detect_columns), in
 * the order they are tried at each place of a label.
 */
static const struct
{
	const char *kw;
	const char *col;
}			col_kws[] =
{
	{"法人或其他组织小计", "#subtotal"}, {"法人或其他组织", "#group"}, {"小计", "#subtotal"},
	{"自然人", "natural"}, {"商业企业", "commercial"}, {"商业", "commercial"},
	{"科研机构", "research"}, {"科研", "research"}, {"社会公益组织", "nonprofit"},
	{"公益", "nonprofit"}, {"法律服务机构", "legal"}, {"法律服务", "legal"},
	{"总计", "total"}, {"合计", "total"}, {"其他", "other"}
};

#define NCOL_KWS ((int) (sizeof(col_kws) / sizeof(col_kws[0])))

/*
 * The column words in a normalised label, left to right, as indices into
 * col_kws; returns how many.  out has room for LABEL_MAX_CP (a label has
 * at most that many characters, and a word two or more).
 */
int
col_words(const char *s, uint8_t *out)
{
	static uint16_t with_b2[256];	/* the words whose third byte is this one (a bit each) */
	static bool built;
	int			n = 0;

	if (!built)
	{
		for (int k = 0; k < NCOL_KWS; k++)
			with_b2[(unsigned char) col_kws[k].kw[2]] |= (uint16_t) (1 << k);
		built = true;
	}
	while (*s)
	{
		uint16_t	cand = 0;
		int			k = NCOL_KWS;

		/* each word starts with a character of three bytes: only those with s's third can match */
		if ((unsigned char) s[0] >= 0xE0 && s[1] != '\0')
			cand = with_b2[(unsigned char) s[2]];
		for (; cand != 0 && k == NCOL_KWS; cand &= cand - 1)
		{
			int			c = __builtin_ctz(cand);

			if (strncmp(s, col_kws[c].kw, strlen(col_kws[c].kw)) == 0)
				k = c;
		}
		if (k == NCOL_KWS)
		{
			s++;
			while ((*s & 0xC0) == 0x80)
				s++;
			continue;
		}
		if (n < LABEL_MAX_CP)
			out[n++] = (uint8_t) k;
		s += strlen(col_kws[k].kw);
	}
	return n;
}

#define COL_SUBTOTAL	100		/* 法人或其他组织小计: checked, not stored */

#define COL_GROUPMARK	101		/* 法人或其他组织: the heading over the five */

typedef struct ColMap
{
	int			n;
	int			col[10];		/* column index in t->columns, or COL_SUBTOTAL */
	bool		from_header;
} ColMap;

static int
column_index(const GiTemplate *t, const char *name)
{
	for (int i = 0; i < t->ncolumns; i++)
		if (strcmp(t->columns[i].name, name) == 0)
			return i;
	return -1;
}

static void
default_columns(const GiTemplate *t, ColMap *cm, bool subtotal)
{
	cm->n = 0;
	cm->from_header = false;
	for (int i = 0; i < t->ncolumns && cm->n < 9; i++)
	{
		if (subtotal && strcmp(t->columns[i].name, "total") == 0)
			cm->col[cm->n++] = COL_SUBTOTAL;
		cm->col[cm->n++] = i;
	}
}

/* Where a row's label starts on its line, in characters (for a laid-out header). */
static int
row_column(Ctx *x, const PRow *r)
{
	const Doc  *d = x->d;
	int			from,
				to,
				n = 0;

	if (r->nlab == 0 || r->line >= d->nlines || (d->lines[r->line].flags & (LF_STRUCT | LF_HTMLROW)))
		return 0;				/* (delimited cells: their positions are not looked at) */
	from = d->lines[r->line].off;
	to = d->cells[r->lab[0]].off;
	for (int i = from; i < to && i < d->textlen; i++)
		n += ((unsigned char) d->text[i] & 0xC0) != 0x80;
	return n;
}

static void
detect_columns(Ctx *x, const GiTemplate *t, int first_row, int w0, ColMap *cm)
{
	int			top[10],
				topx[10],		/* where each of top starts on its line, in characters */
				ntop = 0,
				grp[10],
				grpx[10],		/* where each of grp starts on its line, in characters */
				ngrp = 0,
				group_at = -1,
				start = first_row,
				seen[COL_SUBTOTAL + 1];
	bool		ok = true,
				laid = false;	/* a header line of several cells apart by spaces (PDF) */
	ColMap		found;

	default_columns(t, cm, false);
	if (first_row < 0)
		return;
	while (start > w0 && start > first_row - 40 && x->rows[start - 1].nfill == 0)
		start--;
	for (int i = start; i < first_row; i++)
	{
		const PRow *r = &x->rows[i];
		uint8_t		buf[LABEL_MAX_CP];
		const uint8_t *words = buf;
		int			nw;

		if (r->norm == NULL)
			continue;
		if (r->line < x->d->nlines && x->d->lines[r->line].nc >= 2 &&
			!(x->d->lines[r->line].flags & (LF_STRUCT | LF_HTMLROW)))
			laid = true;
		/* (a known label's column words were found once) */
		if (r->known1 > 0)
		{
			words = known[r->known1 - 1].colw;
			nw = known[r->known1 - 1].ncolw;
		}
		else
			nw = col_words(r->norm, buf);
		for (int q = 0; q < nw; q++)
		{
			int			k = words[q],
						ci;

			if (strcmp(col_kws[k].col, "#group") == 0)
			{
				if (group_at < 0 && ntop < 10)
				{
					group_at = ntop;
					top[ntop++] = COL_GROUPMARK;
				}
				continue;
			}
			ci = strcmp(col_kws[k].col, "#subtotal") == 0 ? COL_SUBTOTAL : column_index(t, col_kws[k].col);
			if (ci < 0)
				continue;
			/* the five kinds (and the subtotal) go under the group heading */
			if (group_at >= 0 && ci != COL_SUBTOTAL &&
				strcmp(t->columns[ci].name, "natural") != 0 && strcmp(t->columns[ci].name, "total") != 0)
			{
				if (ngrp < 10)
				{
					grpx[ngrp] = row_column(x, r);
					grp[ngrp++] = ci;
				}
			}
			else if (group_at >= 0 && ci == COL_SUBTOTAL && ngrp > 0)
			{
				if (ngrp < 10)
				{
					grpx[ngrp] = row_column(x, r);
					grp[ngrp++] = ci;
				}
			}
			else if (ntop < 10)
			{
				topx[ntop] = row_column(x, r);
				top[ntop++] = ci;
			}
		}
	}
	/*
	 * A laid-out header (pdftotext of a PDF) prints each heading at the
	 * height of its cell's middle, so that its lines do not follow the
	 * columns: 自然人 and 总计 on one line, the five kinds over several.
	 * Then the five kinds are ordered by where they stand on their lines,
	 * and the headings above them in the national order, 自然人 first and
	 * 总计 last (a header with cells delimited keeps the order it prints).
	 */
	if (laid)
	{
		int			nat = -1,
					tot = -1,
					nother = 0;

		/* the kinds printed above, without 法人或其他组织 over them, join the group */
		for (int i = 0; i < ntop; i++)
		{
			if (top[i] == COL_GROUPMARK)
				continue;
			if (top[i] != COL_SUBTOTAL && strcmp(t->columns[top[i]].name, "natural") == 0)
				nat = nat == -1 ? top[i] : -2;
			else if (top[i] != COL_SUBTOTAL && strcmp(t->columns[top[i]].name, "total") == 0)
				tot = tot == -1 ? top[i] : -2;
			else
				nother++;
		}
		if (nat < 0 || tot < 0 || ngrp + nother > 10)
			goto ordered;		/* not the three headings once each: as printed */
		for (int i = 0; i < ntop; i++)
			if (top[i] != COL_GROUPMARK && top[i] != nat && top[i] != tot)
			{
				grpx[ngrp] = topx[i];
				grp[ngrp++] = top[i];
			}
		for (int i = 1; i < ngrp; i++)
			for (int k = i; k > 0 && grpx[k - 1] > grpx[k]; k--)
			{
				int			tc = grp[k],
							tx = grpx[k];

				grp[k] = grp[k - 1];
				grpx[k] = grpx[k - 1];
				grp[k - 1] = tc;
				grpx[k - 1] = tx;
			}
		top[0] = nat;
		top[1] = COL_GROUPMARK;
		top[2] = tot;
		ntop = 3;
	}
ordered:
	found.n = 0;
	for (int i = 0; i < ntop; i++)
	{
		if (top[i] == COL_GROUPMARK)
		{
			for (int g = 0; g < ngrp && found.n < 10; g++)
				found.col[found.n++] = grp[g];
		}
		else if (found.n < 10)
			found.col[found.n++] = top[i];
	}
	/* a complete header: each of the seven columns once, the subtotal at most once */
	memset(seen, 0, sizeof(seen));
	for (int i = 0; i < found.n; i++)
		seen[found.col[i]]++;
	for (int i = 0; i < t->ncolumns; i++)
		if (seen[i] != 1)
			ok = false;
	if (seen[COL_SUBTOTAL] > 1 || found.n != t->ncolumns + (seen[COL_SUBTOTAL] ? 1 : 0))
		ok = false;
	if (found.n == 0)
		return;					/* no header text at all: the national order */
	if (!ok)
	{
		char		buf[400];
		int			o = 0;

		if (x->nolog)
			return;
		buf[0] = '\0';
		for (int i = start; i < first_row && o < 300; i++)
			if (x->rows[i].norm && x->rows[i].norm[0])
				o += snprintf(buf + o, sizeof(buf) - (size_t) o, "%s%s", o ? " " : "", x->rows[i].norm);
		utf8_clip(buf);
		addlog(x, SEV_WARNING, "三", "申请人情况", -1, buf, -1,
			   "the applicant columns of table 三 could not be read from its header: "
			   "assumed the national order (自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计)");
		return;
	}
	found.from_header = true;
	*cm = found;
	{
		bool		same = cm->n == t->ncolumns || x->nolog;

		for (int i = 0; same && i < cm->n; i++)
			if (cm->col[i] != i)
				same = false;
		if (!same)
		{
			char		buf[300];
			int			o = 0;

			for (int i = 0; i < cm->n && o < 250; i++)
				o += snprintf(buf + o, sizeof(buf) - (size_t) o, "%s%s", i ? ", " : "",
							  cm->col[i] == COL_SUBTOTAL ? "法人或其他组织小计" : t->columns[cm->col[i]].label_zh);
			utf8_clip(buf);
			addlog(x, SEV_INFO, "三", "申请人情况", -1, buf, -1,
				   "column order of table 三 taken from its header");
		}
	}
}

/* "label·column" of a code, for the log */
static void
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
static uint8_t
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

/* s[0..len) as a count when it is 1 to 18 plain digits (plain_decimal's value), else false */
static inline bool
plain_count(const char *s, int len, int64_t *out)
{
	int64_t		v = 0;

	if (len < 1 || len > 18)
		return false;
	for (int i = 0; i < len; i++)
	{
		unsigned	d = (unsigned char) s[i] - (unsigned) '0';

		if (d > 9)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

/* Read cell ci into code (a stored cell); logs what it cannot read. */
static bool
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
		if (unit == UNIT_YUAN)
			scale = 1;
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
	if (!x->nolog && (st != GI_NUM_OK || (v < 0 && !gr->is_signed) || (gr->scale > 1 && scale == 1)))
		code_label(t, code, lab, sizeof(lab));
	if (st == GI_NUM_FRACTION)
	{
		addlog(x, SEV_ERROR, gr->section, lab, -1, raw, c->len,
			   scale > 1 || gr->scale > 1 ?
			   "amount finer than 1 元 for %s: left NULL" :
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
	if (gr->scale > 1 && scale == 1 && !x->nolog)
	{
		char		wan[GI_DECIMAL_BUFLEN];

		gi_format_decimal(v, gr->scale, wan);
		addlog(x, SEV_INFO, gr->section, lab, -1, raw, c->len,
			   "amount printed in 元: stored as %lld 元 (%s %s)", (long long) v, wan, gr->unit);
	}
	*out = v;
	return true;
}

static inline void
store(Ctx *x, const GiTemplate *t, int code, int ci, uint8_t hint)
{
	int			pos = t->codes[code].pos;
	const Cell *c = ci >= 0 ? &x->d->cells[ci] : NULL;
	int64_t		v;

	if (pos < 0 || pos >= GI_MAX_CELLS)
		return;
	if (c != NULL && c->cls == CELL_NULL)
		x->nread++;
	/*
	 * The common case, a count printed as plain digits, is read here as
	 * assign_value reads it (nothing to log); anything else by it.
	 */
	if (!(c != NULL && c->cls == CELL_NUM && t->rows[t->codes[code].row].scale <= 1 &&
		  plain_count(x->d->text + c->off, c->len, &v)) &&
		!assign_value(x, t, code, ci, hint, &v))
		return;
	x->nread++;
	if (x->res->nulls[pos])
		x->res->nmapped++;
	x->res->vals[pos] = v;
	x->res->nulls[pos] = false;
}

/*
 * The values of a mapped row (one printed row, or the one with values among
 * joined rows), with blanks trimmed to the count expected where possible.
 */
static inline int
row_values(Ctx *x, int r0, int w, int want, int *out, int cap, int *rowidx)
{
	int			ri = -1,
				a,
				b;

	for (int k = 0; k < w; k++)
		if (x->rows[r0 + k].nv > 0 && (ri < 0 || x->rows[r0 + k].nfill > 0))
			ri = r0 + k;
	*rowidx = ri >= 0 ? ri : r0;
	if (ri < 0)
		return 0;
	a = x->rows[ri].v0;
	b = a + x->rows[ri].nv;
	/* drop blanks beyond the count: leading first (a blank unit column), then trailing */
	while (b - a > want && (x->vals[a] < 0 || x->d->cells[x->vals[a]].cls == CELL_EMPTY))
		a++;
	while (b - a > want && (x->vals[b - 1] < 0 || x->d->cells[x->vals[b - 1]].cls == CELL_EMPTY))
		b--;
	if (b - a > cap)
		b = a + cap;
	for (int k = a; k < b; k++)
		out[k - a] = x->vals[k];
	return b - a;
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
 * A row with fewer values than want, where cells hold numbers one space
 * apart ("0 0 0 0 0": narrow columns that pdftotext printed one space
 * apart): each such cell split into its numbers, kept when that gives want
 * values exactly.  v (room for cap) is rewritten then; the new count, or
 * nv.  A row whose count is right keeps its cells (1 2 0 stays 120).
 */
static int
respace_values(Ctx *x, int *v, int nv, int want, int cap)
{
	int			out[80],
				n = 0;
	bool		split = false;

	if (nv <= 0 || nv >= want || want > cap || want > 80)
		return nv;
	for (int q = 0; q < nv; q++)
	{
		int			ci = v[q],
					tok[2 * 16],
					ntok = 0;

		if (ci >= 0 && x->d->cells[ci].cls != CELL_EMPTY)
			ntok = number_pieces(x->d, x->d->cells[ci].off, x->d->cells[ci].len, false, tok, 16);
		if (ntok == 0)
		{
			if (n == want)
				return nv;
			out[n++] = ci;
			continue;
		}
		if (n + ntok > want)
			return nv;
		for (int k = 0; k < ntok; k++)
			if ((out[n++] = add_piece(x, tok[2 * k], tok[2 * k + 1])) < 0)
				return nv;
		split = true;
	}
	if (!split || n != want)
		return nv;
	memcpy(v, out, sizeof(int) * (size_t) n);
	return n;
}

/*
 * A row with more values than want, where a laid-out cell was split into
 * pieces of one character each (letter-spaced digits, 1 2 0): each such run
 * of pieces read as the cell it was, kept when that gives want values
 * exactly.  v is rewritten then; the new count, or nv.
 */
static int
rejoin_values(Ctx *x, int *v, int nv, int want)
{
	int			out[80],
				n = 0;
	bool		joined = false;

	if (nv <= want || nv > 80)
		return nv;
	for (int q = 0; q < nv;)
	{
		int			ci = v[q],
					e = q + 1;
		bool		single;

		if (ci < 0 || x->d->cells[ci].piece != PIECE_FIRST)
		{
			out[n++] = ci;
			q++;
			continue;
		}
		/* the run: this piece and the next cells that follow it */
		while (e < nv && v[e] == v[e - 1] + 1 && x->d->cells[v[e]].piece == PIECE_NEXT)
			e++;
		single = true;
		for (int k = q; k < e; k++)
			if (x->d->cells[v[k]].len != 1)
				single = false;
		if (single && e - q >= 2)
		{
			const Cell *a = &x->d->cells[v[q]],
					   *b = &x->d->cells[v[e - 1]];
			int			ci = add_piece(x, a->off, b->off + b->len - a->off);

			if (ci < 0)
				return nv;
			if (x->d->cells[ci].cls == CELL_NUM)
			{
				out[n++] = ci;
				joined = true;
				q = e;
				continue;
			}
		}
		for (int k = q; k < e; k++)
			out[n++] = v[k];
		q = e;
	}
	if (!joined || n != want)
		return nv;
	memcpy(v, out, sizeof(int) * (size_t) n);
	return n;
}

/*
 * Table 四's row with fewer values than its fifteen where digits ran
 * together in narrow columns (0 0 0 00000): when the digits past the first
 * of its plain-digit values are exactly the values missing, the only
 * reading that gives fifteen is a value a digit, and each such value is
 * split so.  v (room for cap) is rewritten then; the new count, or nv.
 */
static int
split_digit_runs(Ctx *x, int *v, int nv, int want, int cap)
{
	int			out[80],
				n = 0,
				extra = 0;

	if (nv <= 0 || nv >= want || want > cap || want > 80)
		return nv;
	for (int q = 0; q < nv; q++)
		extra += extra_digits(x->d, v[q]);
	if (nv + extra != want)
		return nv;
	for (int q = 0; q < nv; q++)
	{
		int			ci = v[q],
					off;

		if (extra_digits(x->d, ci) == 0)
		{
			out[n++] = ci;
			continue;
		}
		off = x->d->cells[ci].off;
		for (int k = 0; k < x->d->cells[ci].len; k++)
			if ((out[n++] = add_piece(x, off + k, 1)) < 0)
				return nv;
	}
	memcpy(v, out, sizeof(int) * (size_t) n);
	return n;
}

/*
 * A row's values brought to want where a conversion split them or ran them
 * together: numbers one space apart split where the row lacks values
 * (respace_values, logged), letter-spaced digits joined back where it has
 * too many (rejoin_values), unless it has also_ok values, a count the
 * caller reads as it is.  The new count.
 */
static int
fit_values(Ctx *x, int ri, const char *section, const char *lab, int *v, int nv, int want, int cap,
		   int also_ok)
{
	if (nv < want)
	{
		if ((nv = respace_values(x, v, nv, want, cap)) == want && !x->nolog)
		{
			char		raw[400];

			row_values_raw(x, &x->rows[ri], raw, sizeof(raw));
			addlog(x, SEV_INFO, section, lab, -1, raw, -1, "values one space apart read as %d cells", want);
		}
	}
	else if (nv > want && nv != also_ok)
		nv = rejoin_values(x, v, nv, want);
	return nv;
}

typedef struct GroupVals
{
	bool		present[10];
	int			ci[10];
} GroupVals;

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

static int64_t
cell_number(Ctx *x, int ci, bool *ok)
{
	char		f[160];
	NumInfo		ni;
	int64_t		v = 0;
	int			n;

	*ok = false;
	if (ci < 0 || x->d->cells[ci].cls != CELL_NUM)
		return 0;
	if (plain_digits(x->d->text + x->d->cells[ci].off, x->d->cells[ci].len))
	{
		if (gi_parse_decimal(x->d->text + x->d->cells[ci].off, x->d->cells[ci].len, 1, &v) != GI_NUM_OK)
			return 0;
		*ok = true;
		return v;
	}
	n = fold_cell(x->d->text + x->d->cells[ci].off, x->d->cells[ci].len, f, (int) sizeof(f));
	if (n < 0 || !parse_number(f, n, &ni) || gi_parse_decimal(ni.s, ni.n, 1, &v) != GI_NUM_OK)
		return 0;
	*ok = true;
	return v;
}

/* Check printed subtotals of a group row against its rows; store a lone 其他处理 row. */
static void
check_group(Ctx *x, const GiTemplate *t, const Slot *s, const GroupVals *gv, const char *printed)
{
	const GiRow *gr = &t->rows[s->row];
	int			nbad = 0,
				nchecked = 0,
				other = -1;
	bool		any_part = false;

	for (int c = 0; c < s->k && !any_part; c++)
	{
		int64_t		sum;

		any_part = gi_parse_group_sum(x->res, t, slot_code(t, s, c), &sum);
	}
	if (!any_part)
	{
		char		other_code[128];

		snprintf(other_code, sizeof(other_code), "%s.other", gr->code);
		other = gi_code_lookup(t, other_code, (int) strlen(other_code));
	}
	if (other >= 0)
	{
		/* gov2021 （六）其他处理 printed as a single row: it is 3.其他 */
		const GiRow *orow = &t->rows[t->codes[other].row];
		char		raw[300];
		int			rl = 0;

		raw[0] = '\0';
		for (int c = 0; c < s->k; c++)
			if (gv->present[c])
				store(x, t, orow->first_code + c, gv->ci[c], UNIT_NONE);
		for (int c = 0; c < s->k && rl < 250 && !x->nolog; c++)
		{
			int			ci = gv->ci[c];

			rl += snprintf(raw + rl, sizeof(raw) - (size_t) rl, "%s%.*s", c ? " | " : "",
						   ci >= 0 ? x->d->cells[ci].len : 0, ci >= 0 ? x->d->text + x->d->cells[ci].off : "");
		}
		utf8_clip(raw);
		addlog(x, SEV_INFO, gr->section, printed, -1, raw, -1,
			   "%s printed as a single row without its three rows: stored under %s (3.其他)",
			   gr->label_zh, orow->code);
		return;
	}
	if (x->nolog)
		return;					/* the rest only checks and logs */
	for (int c = 0; c < s->k; c++)
	{
		int			g = slot_code(t, s, c);
		int64_t		sum,
					pv;
		bool		ok;

		if (!gv->present[c])
			continue;
		pv = cell_number(x, gv->ci[c], &ok);
		if (!ok)
		{
			if (gv->ci[c] >= 0 &&
				x->d->cells[gv->ci[c]].cls != CELL_NULL && x->d->cells[gv->ci[c]].cls != CELL_EMPTY)
			{
				char		lab[300];

				code_label(t, g, lab, sizeof(lab));
				addlog(x, SEV_WARNING, gr->section, lab, -1, x->d->text + x->d->cells[gv->ci[c]].off,
					   x->d->cells[gv->ci[c]].len, "printed subtotal is not a number: ignored");
			}
			continue;
		}
		if (!gi_parse_group_sum(x->res, t, g, &sum))
		{
			char		lab[300];

			code_label(t, g, lab, sizeof(lab));
			addlog(x, SEV_WARNING, gr->section, lab, -1, x->d->text + x->d->cells[gv->ci[c]].off,
				   x->d->cells[gv->ci[c]].len,
				   "printed subtotal %lld of %s not stored: its rows are all blank",
				   (long long) pv, t->codes[g].code);
			nbad++;
			continue;
		}
		nchecked++;
		if (sum != pv)
		{
			char		lab[300];

			code_label(t, g, lab, sizeof(lab));
			addlog(x, SEV_WARNING, gr->section, lab, -1, x->d->text + x->d->cells[gv->ci[c]].off,
				   x->d->cells[gv->ci[c]].len,
				   "printed subtotal %lld differs from the sum of its rows %lld (%s); the rows are stored, the subtotal is not",
				   (long long) pv, (long long) sum, t->codes[g].code);
			nbad++;
		}
	}
	if (nbad == 0 && nchecked > 0)
		addlog(x, SEV_INFO, gr->section, printed, -1, "", 0,
			   "printed subtotal row %s matches the sum of its rows: not stored (it is derived)",
			   gr->label_zh);
}

/* A row's values, mapped through the column order of table 三. */
static void
assign_applicant_row(Ctx *x, const GiTemplate *t, const Slot *s, int r0, int w,
					 const ColMap *cm0, GroupVals *gv, int *nsub_ok)
{
	int			v[16],
				nv,
				ri;
	ColMap		cm = *cm0;
	const GiRow *gr = &t->rows[s->row];
	char		lab[400],
				raw[400];
	int64_t		subtotal = 0,
				parts = 0;
	bool		has_sub = false,
				sub_ok = false,
				any_part = false;

	nv = row_values(x, r0, w, cm.n, v, 16, &ri);
	if (nv == 0)
		return;
	lab[0] = '\0';
	if (!x->nolog)
		row_label_raw(x, &x->rows[r0], lab, sizeof(lab));
	nv = fit_values(x, ri, gr->section, lab, v, nv, cm.n, 16, t->ncolumns + 1);
	if (nv != cm.n)
	{
		if (nv == t->ncolumns)
			default_columns(t, &cm, false);
		else if (nv == t->ncolumns + 1)
		{
			default_columns(t, &cm, true);
			addlog(x, SEV_INFO, gr->section, lab, -1, "", 0,
				   "row has %d values: took the one before 总计 for a 法人或其他组织小计 column", nv);
		}
		else
		{
			if (!x->nolog)
			{
				row_values_raw(x, &x->rows[ri], raw, sizeof(raw));
				addlog(x, SEV_ERROR, gr->section, lab, -1, raw, -1,
					   "row has %d values where table 三 has %d columns: not stored (which value is which column cannot be told)",
					   nv, cm.n);
			}
			return;
		}
	}
	for (int q = 0; q < nv; q++)
	{
		int			col = cm.col[q];

		if (col == COL_SUBTOTAL)
		{
			bool		ok;

			subtotal = cell_number(x, v[q], &ok);
			has_sub = ok;
			continue;
		}
		if (s->kind == SLOT_GROUP)
		{
			gv->present[col] = true;
			gv->ci[col] = v[q];
		}
		else
			store(x, t, slot_code(t, s, col), v[q], UNIT_NONE);
	}
	if (!has_sub || s->kind == SLOT_GROUP)
		return;
	/* the subtotal column: the five kinds of 法人或其他组织 */
	for (int col = 0; col < t->ncolumns; col++)
	{
		const char *name = t->columns[col].name;
		int			pos = t->codes[slot_code(t, s, col)].pos;

		if (strcmp(name, "natural") == 0 || strcmp(name, "total") == 0 || pos < 0)
			continue;
		if (!x->res->nulls[pos])
		{
			if (__builtin_add_overflow(parts, x->res->vals[pos], &parts))
				return;			/* beyond int64: nothing to compare */
			any_part = true;
		}
	}
	sub_ok = any_part && parts == subtotal;
	if (any_part && !sub_ok)
		addlog(x, SEV_WARNING, gr->section, lab, -1, "", 0,
			   "printed 法人或其他组织小计 %lld differs from the sum of its five columns %lld: not stored",
			   (long long) subtotal, (long long) parts);
	if (sub_ok)
		(*nsub_ok)++;
}

static bool
line_text(const Doc *d, int li, const char **s, int *len)
{
	int			off,
				l;

	if (li < 0 || li >= d->nlines)
		return false;
	off = d->lines[li].off;
	l = d->lines[li].len;
	trim_span(d->text, &off, &l);
	*s = d->text + off;
	*len = l;
	return l > 0;
}

/* Folded code points of a line, with their byte offsets. */
static int
fold_line(const char *s, int len, uint32_t *cp, int *boff, int cap)
{
	int			n = 0;

	int			i = 0;

	while (i < len && n < cap)
	{
		uint32_t	c;
		int			k = DEC(s + i, (size_t) (len - i), &c);

		cp[n] = fold(c);
		boff[n] = i;
		n++;
		i += k;
		boff[n] = i;			/* where the next character starts (boff has cap + 1 slots) */
	}
	if (n == 0)
		boff[0] = 0;
	return n;
}

static int
find_cps(const uint32_t *cp, int n, const char *word, int from)
{
	uint32_t	w[32];
	int			wn = 0;

	for (int i = 0; word[i] && wn < 32;)
	{
		uint32_t	c;

		i += DEC(word + i, strlen(word + i), &c);
		w[wn++] = c;
	}
	for (int i = from < 0 ? 0 : from; i + wn <= n; i++)
	{
		int			k = 0;

		while (k < wn && cp[i + k] == w[k])
			k++;
		if (k == wn)
			return i;
	}
	return -1;
}

/* A year (1990-2100) followed by 年 at cp[i]: ASCII or Chinese numerals; its length in *n. */
static int
year_at(const uint32_t *cp, int n, int i, int *len)
{
	int			y = 0,
				gap;

	/*
	 * 2023年, and 2023 年 as text extracted from a PDF or a Word file prints
	 * it, a space between Western digits and Chinese characters
	 */
	gap = i + 5 < n && cp[i + 4] == ' ' && cp[i + 5] == 0x5E74 ? 1 : 0;
	if (i + 4 + gap < n && cp[i + 4 + gap] == 0x5E74)	/* 年 after the four digits */
	{
		bool		ok = true;

		for (int k = 0; k < 4; k++)
			if (!(cp[i + k] >= '0' && cp[i + k] <= '9'))
				ok = false;
		if (ok && (i == 0 || !(cp[i - 1] >= '0' && cp[i - 1] <= '9')))
		{
			for (int k = 0; k < 4; k++)
				y = y * 10 + (int) (cp[i + k] - '0');
			*len = 4 + gap;
			return y >= 1990 && y <= 2100 ? y : 0;
		}
		/* 二〇二三年 */
		ok = true;
		y = 0;
		for (int k = 0; k < 4 && ok; k++)
		{
			uint32_t	c = cp[i + k];
			int			dv;

			if (c == 0x3007 || c == 0x25CB || c == 0x96F6)
				dv = 0;
			else if ((dv = cn_digit(c)) < 1 || dv > 9)
				ok = false;
			y = y * 10 + dv;
		}
		if (ok)
		{
			*len = 4 + gap;
			return y >= 1990 && y <= 2100 ? y : 0;
		}
	}
	return 0;
}

static int
first_year(const uint32_t *cp, int n, int from, int *at)
{
	for (int i = from; i < n; i++)
	{
		int			l,
					y = year_at(cp, n, i, &l);

		if (y)
		{
			if (at)
				*at = i;
			return y;
		}
	}
	return 0;
}

static bool
agency_suffix(const uint32_t *cp, int n)
{
	static const char suffixes[] = "厅局委办室院府部署会处所站馆队社司镇乡区县市旗盟心行校园关组庭场台";
	uint32_t	last;

	if (n < 2)
		return false;
	last = cp[n - 1];
	for (int i = 0; suffixes[i];)
	{
		uint32_t	c;

		i += DEC(suffixes + i, strlen(suffixes + i), &c);
		if (c == last)
			return true;
	}
	return false;
}

/* Trim an agency candidate cp[a..b): spaces, punctuation, 关于, 的. */
static bool
agency_span(const uint32_t *cp, int *a, int *b)
{
	for (;;)
	{
		while (*a < *b && !is_cjk(cp[*a]) && !is_ascii_alnum(cp[*a]))
			(*a)++;
		while (*b > *a && !is_cjk(cp[*b - 1]) && !is_ascii_alnum(cp[*b - 1]))
			(*b)--;
		if (*b - *a >= 2 && cp[*b - 2] == 0x5173 && cp[*b - 1] == 0x4E8E)	/* 关于 */
		{
			*b -= 2;
			continue;
		}
		if (*b - *a >= 2 && cp[*a] == 0x5173 && cp[*a + 1] == 0x4E8E)
		{
			*a += 2;
			continue;
		}
		if (*b > *a && cp[*b - 1] == 0x7684)	/* 的 */
		{
			(*b)--;
			continue;
		}
		break;
	}
	if (*b - *a < 2 || *b - *a > 40 || !agency_suffix(cp + *a, *b - *a))
		return false;
	/* a name: no punctuation inside but parentheses and the middle dot */
	for (int i = *a; i < *b; i++)
		if (!is_cjk(cp[i]) && !is_ascii_alnum(cp[i]) && cp[i] != '(' && cp[i] != ')' && cp[i] != 0xB7)
			return false;
	return true;
}

static bool
has_sentence_punct(const uint32_t *cp, int n)
{
	for (int i = 0; i < n; i++)
		if (cp[i] == ',' || cp[i] == 0x3002 || cp[i] == ';' || cp[i] == ':' || cp[i] == 0xFF1A)
			return true;
	return false;
}

#define AGY_CAP 200

static void
find_agency_year(Ctx *x, int table_line)
{
	Doc		   *d = x->d;
	GiParseResult *res = x->res;
	int			title = -1,
				limit = table_line >= 0 ? table_line : d->nlines;
	uint32_t	cp[AGY_CAP];
	int			boff[AGY_CAP + 1],
				n;
	const char *s;
	int			len;

	if (limit > 200)
		limit = 200;
	/* the title: the first line naming 政府信息公开 and a report */
	for (int li = 0; li < limit; li++)
	{
		if (!line_text(d, li, &s, &len))
			continue;
		n = fold_line(s, len, cp, boff, AGY_CAP);
		if (n > 100)
			continue;
		if (find_cps(cp, n, "政府信息公开", 0) >= 0 && !has_sentence_punct(cp, n) &&
			(find_cps(cp, n, "报告", 0) >= 0 || find_cps(cp, n, "年报", 0) >= 0))
		{
			title = li;
			break;
		}
	}
	if (title >= 0 && line_text(d, title, &s, &len))
	{
		int			at = -1,
					y;

		n = fold_line(s, len, cp, boff, AGY_CAP);
		y = first_year(cp, n, 0, &at);
		if (y)
		{
			int			a = 0,
						b = at;

			res->year = y;
			addlog(x, SEV_INFO, "", "", 0, s, len, "year %d taken from the title (line %d)", y, title + 1);
			if (agency_span(cp, &a, &b))
			{
				res->agency = (char *) log_str(x, s + boff[a], boff[b] - boff[a], 400);
				addlog(x, SEV_INFO, "", "", 0, s, len, "agency taken from the title (line %d)", title + 1);
			}
		}
		else
		{
			int			a = 0,
						b = find_cps(cp, n, "政府信息公开", 0);

			if (b > 0 && agency_span(cp, &a, &b))
			{
				res->agency = (char *) log_str(x, s + boff[a], boff[b] - boff[a], 400);
				addlog(x, SEV_INFO, "", "", 0, s, len, "agency taken from the title (line %d)", title + 1);
			}
		}
	}
	/* the agency on a short line of its own next to the title */
	if (res->agency == NULL && title >= 0)
	{
		int			tried = 0;

		for (int li = title + 1; li < limit && tried < 3; li++)
		{
			int			a = 0,
						b;
			bool		digit = false;

			if (!line_text(d, li, &s, &len))
				continue;
			tried++;
			n = fold_line(s, len, cp, boff, AGY_CAP);
			for (int k = 0; k < n; k++)
				if (cp[k] >= '0' && cp[k] <= '9')
					digit = true;
			b = n;
			if (n <= 40 && !digit && !has_sentence_punct(cp, n) && agency_span(cp, &a, &b))
			{
				res->agency = (char *) log_str(x, s + boff[a], boff[b] - boff[a], 400);
				addlog(x, SEV_INFO, "", "", 0, s, len, "agency taken from line %d, below the title", li + 1);
				break;
			}
		}
	}
	/* 发布机构：… in a page's metadata */
	for (int li = 0; res->agency == NULL && li < limit; li++)
	{
		int			p;

		if (!line_text(d, li, &s, &len))
			continue;
		n = fold_line(s, len, cp, boff, AGY_CAP);
		if ((p = find_cps(cp, n, "发布机构", 0)) >= 0 || (p = find_cps(cp, n, "发文机关", 0)) >= 0)
		{
			int			a = p + 4,
						b;

			while (a < n && (cp[a] == ':' || cp[a] == ' '))
				a++;
			b = a;
			while (b < n && cp[b] != ' ' && cp[b] != ',' && cp[b] != 0x3002)
				b++;
			if (agency_span(cp, &a, &b))
			{
				res->agency = (char *) log_str(x, s + boff[a], boff[b] - boff[a], 400);
				addlog(x, SEV_INFO, "", "", 0, s, len, "agency taken from the page's 发布机构 (line %d)", li + 1);
			}
		}
	}
	/* the opening paragraph: "…现公开XX局2023年政府信息公开工作年度报告" */
	for (int li = title >= 0 ? title + 1 : 0; (res->agency == NULL || res->year == 0) && li < limit && li < (title >= 0 ? title : 0) + 15; li++)
	{
		int			p,
					at = -1,
					y;

		if (!line_text(d, li, &s, &len))
			continue;
		n = fold_line(s, len, cp, boff, AGY_CAP);
		p = find_cps(cp, n, "政府信息公开工作年度报告", 0);
		if (p < 0)
			p = find_cps(cp, n, "政府信息公开年度报告", 0);
		if (p < 0)
			continue;
		for (int k = p - 1; k >= 0 && k >= p - 8; k--)
		{
			int			l;

			if ((y = year_at(cp, n, k, &l)) != 0)
			{
				at = k;
				break;
			}
		}
		if (at < 0)
			continue;
		y = year_at(cp, n, at, &p);
		if (res->year == 0 && y)
		{
			res->year = y;
			addlog(x, SEV_INFO, "", "", 0, s, len, "year %d taken from the opening paragraph (line %d)", y, li + 1);
		}
		if (res->agency == NULL)
		{
			static const char *const verbs[] = {"现公开", "现公布", "现发布", "现将", "特发布", "公布", "发布", "公开", "编制", "本", NULL};
			int			a = at,
						b = at;

			while (a > 0 && is_cjk(cp[a - 1]) && at - a < 40)
				a--;
			for (int v = 0; verbs[v]; v++)
			{
				int			q = -1,
							f;

				for (f = find_cps(cp, at, verbs[v], a); f >= 0; f = find_cps(cp, at, verbs[v], f + 1))
					q = f;
				if (q >= 0)
				{
					a = q + (int) strlen(verbs[v]) / 3;
					break;
				}
			}
			if (agency_span(cp, &a, &b))
			{
				res->agency = (char *) log_str(x, s + boff[a], boff[b] - boff[a], 400);
				addlog(x, SEV_WARNING, "", "", 0, s, len,
					   "agency guessed from the opening paragraph (line %d)", li + 1);
			}
		}
	}
	/* the year from the period the statistics cover, or the table's title */
	for (int li = 0; res->year == 0 && li < d->nlines && li < (table_line >= 0 ? table_line + 5 : 200); li++)
	{
		int			p,
					y,
					at;

		if (!line_text(d, li, &s, &len))
			continue;
		n = fold_line(s, len, cp, boff, AGY_CAP);
		if ((p = find_cps(cp, n, "12月31日", 0)) > 0 && (y = first_year(cp, p, p >= 6 ? p - 6 : 0, &at)) != 0)
		{
			res->year = y;
			addlog(x, SEV_INFO, "", "", 0, s, len, "year %d taken from the period of the statistics (line %d)", y, li + 1);
		}
		else if (find_cps(cp, n, "政府信息公开", 0) >= 0 && n <= 60 && (y = first_year(cp, n, 0, &at)) != 0)
		{
			res->year = y;
			addlog(x, SEV_WARNING, "", "", 0, s, len, "year %d guessed from line %d", y, li + 1);
		}
	}
	if (res->agency == NULL)
		addlog(x, SEV_WARNING, "", "", 0, "", 0, "agency not found in the title or the opening lines");
	if (res->year == 0)
		addlog(x, SEV_WARNING, "", "", 0, "", 0, "year not found in the title or the opening lines");
}

static void
map_values(Ctx *x, const GiTemplate *t, const Align *al, int w0)
{
	const TSlots *ts = al->ts;
	ColMap		cm;
	int			first_appl = -1,
				nsub_ok = 0;
	GroupVals  *gvs = arena_alloc(x->a, sizeof(GroupVals) * (size_t) ts->n);	/* (cleared when used) */

	if (gvs == NULL)
		return;
	for (int j = 0; j < ts->n; j++)
		if ((ts->s[j].kind == SLOT_APPL || ts->s[j].kind == SLOT_GROUP) && al->slot_row[j] >= 0)
		{
			first_appl = al->slot_row[j];
			break;
		}
	default_columns(t, &cm, false);
	if (first_appl >= 0)
		detect_columns(x, t, first_appl, w0, &cm);

	for (int j = 0; j < ts->n; j++)
	{
		const Slot *s = &ts->s[j];
		int			r0 = al->slot_row[j],
					w = al->slot_w[j],
					v[80],
					nv,
					ri;
		char		lab[400],
					raw[400];

		if (r0 < 0)
			continue;
		if (!x->nolog)
			for (int k = 0; k < w; k++)
				x->rows[r0 + k].consumed = true;	/* (for log_unmapped) */
		if (s->kind == SLOT_HEAD)
			continue;
		lab[0] = '\0';
		if (!x->nolog)
			row_label_raw(x, &x->rows[r0], lab, sizeof(lab));
		if (x->nolog)
			;
		else if (w == 1 && s->norm != NULL && x->rows[r0].norm != NULL &&
				 strcmp(s->norm, x->rows[r0].norm) != 0)
			addlog(x, SEV_INFO, t->rows[s->row].section, lab, -1, "", 0,
				   "label differs from the template's %s: mapped to %s by similarity and position",
				   t->rows[s->row].label_zh,
				   t->rows[s->row].code ? t->rows[s->row].code : t->rows[s->row].label_zh);
		if (w > 1 && !x->nolog)
		{
			char		more[300];

			row_label_raw(x, &x->rows[r0 + w - 1], more, sizeof(more));
			addlog(x, SEV_INFO, t->rows[s->row].section, lab, -1, more, -1,
				   "label printed over %d lines: joined and mapped to %s", w,
				   t->rows[s->row].code ? t->rows[s->row].code : t->rows[s->row].label_zh);
		}
		if (s->kind == SLOT_APPL || s->kind == SLOT_GROUP)
		{
			memset(&gvs[j], 0, sizeof(GroupVals));
			assign_applicant_row(x, t, s, r0, w, &cm, &gvs[j], &nsub_ok);
			continue;
		}
		nv = row_values(x, r0, w, s->k, v, 80, &ri);
		if (nv == 0)
			continue;
		nv = fit_values(x, ri, t->rows[s->row].section, lab, v, nv, s->k, 80, -1);
		if (s->kind == SLOT_T4 && nv < s->k && (nv = split_digit_runs(x, v, nv, s->k, 80)) == s->k &&
			!x->nolog)
		{
			row_values_raw(x, &x->rows[ri], raw, sizeof(raw));
			addlog(x, SEV_WARNING, t->rows[s->row].section, lab, -1, raw, -1,
				   "digits run together in narrow columns: read as one value a digit, the only way to make %d",
				   s->k);
		}
		if (nv == s->k)
		{
			uint8_t		hint = x->rows[ri].unit;

			/* a unit stated in the sub-table's header (采购总金额（元）, （单位：万元）) */
			for (int q = 0; q < s->k; q++)
			{
				const GiRow *gr = &t->rows[s->row + (s->kind == SLOT_T4 || s->kind == SLOT_CELL ? q : 0)];

				if (gr->scale > 1 && hint != UNIT_YUAN && hint != UNIT_WAN)
				{
					/*
					 * The header rows above, read in printed order as one
					 * text: a header wrapped in its column (采购总金额（单 /
					 * 位：万 / 元）) states its unit across rows.
					 */
					char		hl[1200];
					int			top = r0,
								hn = 0,
								need = 0;

					/* (as many rows up as the text holds whole: the nearest count most) */
					for (int k = 0; k < x->rows[r0].nlab; k++)
						need += x->d->cells[x->rows[r0].lab[k]].len + 1;
					while (top - 1 >= w0 && top - 1 >= r0 - 6 && x->rows[top - 1].nfill == 0)
					{
						const PRow *hr = &x->rows[top - 1];
						int			more = 1;

						for (int k = 0; k < hr->nlab; k++)
							more += x->d->cells[hr->lab[k]].len + 1;
						if (need + more >= (int) sizeof(hl) - 4)
							break;
						need += more;
						top--;
					}
					/* and the row's own label, which may hold the header's last line (元）) */
					for (int b = top; b <= r0 && hn < (int) sizeof(hl) - 2; b++)
					{
						if (hn > 0)
							hl[hn++] = ' ';
						hn += row_label_raw(x, &x->rows[b], hl + hn, (int) sizeof(hl) - hn);
					}
					{
						uint8_t		u = money_unit_in(hl, hn);

						if (u != UNIT_NONE)
							hint = u;
					}
				}
			}
			for (int q = 0; q < s->k; q++)
				store(x, t, slot_code(t, s, q), v[q], hint);
		}
		else if (s->k == 1)
		{
			int			q0 = -1;

			for (int q = 0; q < nv; q++)
				if (v[q] >= 0 && x->d->cells[v[q]].cls != CELL_EMPTY)
				{
					q0 = q;
					break;
				}
			if (q0 >= 0)
				store(x, t, slot_code(t, s, 0), v[q0], x->rows[ri].unit);
			if (x->nolog)
				continue;
			row_values_raw(x, &x->rows[ri], raw, sizeof(raw));
			addlog(x, SEV_WARNING, t->rows[s->row].section, lab, -1, raw, -1,
				   "row has %d values where %s has one: stored the first, the others are not stored",
				   nv, t->rows[s->row].code);
		}
		else if (!x->nolog)
		{
			row_values_raw(x, &x->rows[ri], raw, sizeof(raw));
			addlog(x, SEV_ERROR, t->rows[s->row].section, lab, -1, raw, -1,
				   s->kind == SLOT_T4 ?
				   "table 四 has %d values where 15 are expected: not stored" :
				   "row has %d values where %d are expected: not stored", nv, s->k);
		}
	}
	/* printed subtotal rows, after their parts */
	for (int j = 0; j < ts->n; j++)
	{
		bool		any = false;
		char		lab[400];

		if (ts->s[j].kind != SLOT_GROUP || al->slot_row[j] < 0)
			continue;
		for (int c = 0; c < ts->s[j].k; c++)
			if (gvs[j].present[c] && gvs[j].ci[c] >= 0 &&
				x->d->cells[gvs[j].ci[c]].cls != CELL_EMPTY)
				any = true;
		if (!any)
			continue;
		lab[0] = '\0';
		if (!x->nolog)
			row_label_raw(x, &x->rows[al->slot_row[j]], lab, sizeof(lab));
		check_group(x, t, &ts->s[j], &gvs[j], lab);
	}
	if (nsub_ok > 0)
		addlog(x, SEV_INFO, "三", "法人或其他组织小计", -1, "", 0,
			   "the 法人或其他组织小计 column matches its five columns in %d rows: not stored (it is derived)",
			   nsub_ok);
}

/* Whether s holds an ASCII or a full-width digit. */
static bool
has_digit(const char *s, int len)
{
	const unsigned char *u = (const unsigned char *) s;

	for (int i = 0; i < len; i++)
		if ((u[i] >= '0' && u[i] <= '9') ||
			(u[i] == 0xEF && i + 2 < len && u[i + 1] == 0xBC && u[i + 2] >= 0x90 && u[i + 2] <= 0x99))
			return true;
	return false;
}

/* Rows inside the table that were not mapped; prose lines in it; cells never found. */
static void
log_unmapped(Ctx *x, const GiTemplate *t, const Align *al, int w0, int w1, int *ext0, int *ext1)
{
	int			a = -1,
				b = -1;
	const char *known = template_label_text(t);
	char		lab[400],
				raw[400];

	for (int i = w0; i < w1; i++)
		if (x->rows[i].consumed && x->rows[i].nfill > 0)
		{
			if (a < 0)
				a = i;
			b = i;
		}
	*ext0 = a;
	*ext1 = b;
	if (a < 0)
		return;
	/* extend over neighbouring rows with values (local rows at the table's ends) */
	for (int k = b + 1; k < w1 && k <= b + 6 && x->rows[k].line - x->rows[k - 1].lastline <= 4; k++)
		if (x->rows[k].nfill > 0)
			b = k;
	for (int k = a - 1; k >= w0 && x->rows[k].nfill > 0 && x->rows[k + 1].line - x->rows[k].lastline <= 4; k--)
		a = k;
	*ext0 = a;
	*ext1 = b;
	for (int i = a; i <= b; i++)
	{
		PRow	   *r = &x->rows[i];

		if (r->consumed)
			continue;
		row_label_raw(x, r, lab, sizeof(lab));
		if (r->nfill > 0)
		{
			row_values_raw(x, r, raw, sizeof(raw));
			addlog(x, SEV_WARNING, "", lab, -1, raw, -1,
				   r->nlab > 0 ?
				   "row not mapped to any cell of %s: its values are not stored" :
				   "values without a label, not mapped to any cell of %s: not stored", t->name);
		}
		else if (r->nlab > 0 && r->ncp > 0 && r->norm != NULL)
		{
			char		probe[LABEL_MAX_CP * 4 + 4];

			snprintf(probe, sizeof(probe), "%s", r->norm);
			if (known != NULL && strstr(known, probe) != NULL)
				continue;		/* header text: a column name, a fragment of a label */
			addlog(x, SEV_INFO, "", lab, -1, "", 0, "text in the table not mapped to any row of %s", t->name);
		}
	}
	/*
	 * Lines inside the table read as sentences: said when they hold figures
	 * and do not end as a sentence does (。), as a row taken for one would.
	 */
	for (int li = x->rows[a].line; li <= x->rows[b].lastline && li < x->d->nlines; li++)
	{
		const Line *l = &x->d->lines[li];
		const char *lt = x->d->text + l->off;
		int			n = l->len;

		while (n > 0 && (lt[n - 1] == ' ' || lt[n - 1] == '\t'))
			n--;
		if ((l->flags & LF_PROSE) && has_digit(lt, n) &&
			!(n >= 3 && memcmp(lt + n - 3, "。", 3) == 0))
			addlog(x, SEV_WARNING, "", "", 0, x->d->text + l->off, l->len,
				   "a line inside the table was read as a sentence: its figures are not stored");
	}
	/* cells whose row was never found */
	{
		char		list[600];
		int			o = 0,
					cnt = 0,
					named = 0;

		list[0] = '\0';
		for (int j = 0; j < al->ts->n; j++)
		{
			const Slot *s = &al->ts->s[j];

			if (al->slot_row[j] >= 0 || s->kind == SLOT_HEAD || s->kind == SLOT_GROUP)
				continue;
			for (int q = 0; q < s->k; q++)
			{
				int			code = slot_code(t, s, q),
							pos = t->codes[code].pos;

				if (pos < 0 || !x->res->nulls[pos])
					continue;
				cnt++;
				if (s->kind == SLOT_APPL && t->codes[code].column >= 0 &&
					strcmp(t->columns[t->codes[code].column].name, "total") != 0)
					continue;	/* one name per row of table 三 */
				if (++named <= 6)
					o += snprintf(list + o, sizeof(list) - (size_t) o, "%s%s", o ? ", " : "", t->codes[code].code);
			}
		}
		if (named > 6 && o < (int) sizeof(list) - 8)
			snprintf(list + o, sizeof(list) - (size_t) o, ", …");
		utf8_clip(list);
		if (cnt > 0)
			addlog(x, SEV_INFO, "", "", 0, list, -1,
				   "%d cell%s of %s not found in the text: left NULL", cnt, cnt == 1 ? "" : "s", t->name);
	}
}

GiParseResult *
gi_parse_ex(const char *content, size_t len, const GiParseOptions *opt)
{
	GiParseResult *res = calloc(1, sizeof(GiParseResult));
	Doc		   *d;
	Ctx			x;
	const GiTemplate *forced = NULL,
			   *t;
	bool		escaped,
				input_truncated = false;
	int			w0,
				w1,
				ext0,
				ext1,
				ntext = 0;
	Align		al;

	if (res == NULL)
		return NULL;
	d = calloc(1, sizeof(Doc));
	if (d == NULL)
	{
		free(res);
		return NULL;
	}
	res->doc = d;
	d->arena.limit = GI_PARSE_MEM_LIMIT;
	for (int i = 0; i < GI_MAX_CELLS; i++)
		res->nulls[i] = true;
	memset(&x, 0, sizeof(x));
	x.d = d;
	x.a = &d->arena;
	x.res = res;
	x.nolog = opt != NULL && opt->values_only;
	if (content == NULL)
	{
		content = "";
		len = 0;
	}
	if (len > GI_PARSE_MAX_INPUT)
	{
		len = GI_PARSE_MAX_INPUT;
		input_truncated = true;
	}
	if (opt != NULL && opt->template_name != NULL)
	{
		forced = gi_template_by_name(opt->template_name);
		if (forced == NULL)
		{
			res->status = GI_PARSE_BAD_TEMPLATE;
			addlog(&x, SEV_ERROR, "", "", 0, opt->template_name, -1, "unknown template");
			return res;
		}
	}
	if (template_slots(gi_templates[0]) == NULL ||
		(x.seen = arena_alloc(&d->arena, sizeof(uint64_t) * (size_t) (fdict_words + 1))) == NULL)
	{
		res->status = GI_PARSE_NO_MEMORY;
		return res;
	}
	memset(x.seen, 0, sizeof(uint64_t) * (size_t) (fdict_words + 1));
	build_known_labels();
	if (input_truncated)
		addlog(&x, SEV_WARNING, "", "", 0, "", 0,
			   "input longer than %d bytes: only the first %d were read", GI_PARSE_MAX_INPUT, GI_PARSE_MAX_INPUT);

	/* 1. decode */
	if (looks_html(content, len, &escaped))
	{
		d->html = true;
		if (escaped)
		{
			size_t		ulen = 0;
			char	   *u = unescape_entities(&d->arena, content, len, &ulen);

			if (u != NULL)
				decode_html(d, u, ulen);
			addlog(&x, SEV_INFO, "", "", 0, "", 0, "HTML escaped as text: unescaped and read as HTML");
		}
		else
			decode_html(d, content, len);
	}
	else
		decode_text(d, (const unsigned char *) content, len);
	for (int li = 0; li < d->nlines && !d->arena.failed; li++)
		if (!(d->lines[li].flags & LF_SPLIT))
			split_line(d, li);
	if (d->truncated)
		addlog(&x, SEV_WARNING, "", "", 0, "", 0,
			   "too many lines or cells: the text was read up to line %d", d->nlines);

	/* 2. cells (a sentence is text: it is never folded) */
	for (int li = 0; li < d->nlines; li++)
	{
		Line	   *l = &d->lines[li];

		for (int k = 0; k < l->nc; k++)
		{
			Cell	   *c = &d->cells[l->c0 + k];

			if ((l->flags & LF_PROSE) || c->len > 120)
				c->cls = CELL_TEXT;
			else
			{
				classify_cell(d, c);
				ntext += c->cls == CELL_TEXT;
			}
		}
	}
	for (int li = 0; li < d->nlines; li++)
	{
		Line	   *l = &d->lines[li];
		int			nonempty = 0,
					last = -1;

		if (!(l->flags & LF_HTMLROW))
			continue;
		for (int k = 0; k < l->nc; k++)
			if (d->cells[l->c0 + k].cls != CELL_EMPTY)
			{
				nonempty++;
				last = l->c0 + k;
			}
		if (nonempty == 1 && d->cells[last].cls == CELL_TEXT &&
			is_prose(d->text + d->cells[last].off, d->cells[last].len, true))
			l->flags |= LF_PROSE;
	}

	/* 3. printed rows (about one a label: room for them at once, within reason) */
	if (!GROW(&d->arena, x.rows, x.rowcap, (ntext < 1024 ? ntext : 1024) + 16))
		goto nomem;
	build_rows(&x);
	if (d->arena.failed)
		goto nomem;

	/* 4. where the table is, and which template */
	choose_window(&x, &w0, &w1);
	for (int i = w0; i < w1; i++)
		if (!norm_row(&x, &x.rows[i]))
			goto nomem;
	if (w1 > w0)
	{
		t = choose_template(&x, opt, forced, w0, w1, &al);
		if (t == NULL)
			goto nomem;
	}
	else
		t = NULL;
	if (t == NULL || al.nvalslots < 3)
	{
		res->status = GI_PARSE_NO_TABLE;
		addlog(&x, SEV_ERROR, "", "", 0, "", 0,
			   forced ? "no statistical table of template %s found in the text (%d line%s read)"
			   : "no statistical table found in the text%s (%d line%s read)",
			   forced ? forced->name : "", d->nlines, d->nlines == 1 ? "" : "s");
		return res;
	}
	res->template = t;
	res->ncells = t->ncells;

	/* 5. the agency and the year, before the table's first mapped row */
	{
		int			first = -1;

		for (int j = 0; j < al.ts->n; j++)
			if (al.slot_row[j] >= 0 && (first < 0 || al.slot_row[j] < first))
				first = al.slot_row[j];
		find_agency_year(&x, first >= 0 ? x.rows[first].line : -1);
	}

	/* 6. values */
	map_values(&x, t, &al, w0);
	if (x.nolog)
		ext0 = ext1 = -1;		/* neither the log nor the table's extent is wanted */
	else
		log_unmapped(&x, t, &al, w0, w1, &ext0, &ext1);
	if (d->arena.failed)
		goto nomem;
	if (x.nread < 3)
	{
		/* rows matched, but (almost) nothing could be read from them */
		res->status = GI_PARSE_NO_TABLE;
		res->template = NULL;
		res->ncells = 0;
		res->nmapped = 0;
		for (int i = 0; i < GI_MAX_CELLS; i++)
			res->nulls[i] = true;
		addlog(&x, SEV_ERROR, "", "", 0, "", 0,
			   forced ? "no statistical table of template %s found in the text: %d value%s could be read from the rows that matched"
			   : "no statistical table found in the text: %s%d value%s could be read from the rows that matched",
			   forced ? forced->name : "", x.nread, x.nread == 1 ? "" : "s");
		return res;
	}
	if (ext0 >= 0)
		for (int li = x.rows[ext0].line; li <= x.rows[ext1].lastline && li < d->nlines; li++)
			d->lines[li].flags |= LF_TABLE;
	res->status = GI_PARSE_OK;
	return res;

nomem:
	res->status = GI_PARSE_NO_MEMORY;
	res->template = NULL;
	return res;
}

GiParseResult *
gi_parse(const char *content, size_t len, const char *template_hint)
{
	GiParseOptions opt;

	memset(&opt, 0, sizeof(opt));
	opt.template_name = template_hint;
	return gi_parse_ex(content, len, &opt);
}

void
gi_parse_free(GiParseResult *res)
{
	if (res == NULL)
		return;
	if (res->doc != NULL)
	{
		arena_free(&res->doc->arena);
		free(res->doc);
	}
	free(res);
}

const char *
gi_parse_status_message(GiParseStatus status)
{
	switch (status)
	{
		case GI_PARSE_OK:
			return "ok";
		case GI_PARSE_NO_TABLE:
			return "no statistical table found";
		case GI_PARSE_BAD_TEMPLATE:
			return "unknown template";
		case GI_PARSE_NO_MEMORY:
			return "out of memory";
	}
	return "unknown status";
}

int
gi_parse_nlines(const GiParseResult *res)
{
	return res && res->doc ? res->doc->nlines : 0;
}

bool
gi_parse_line(const GiParseResult *res, int i, const char **text, int *len, bool *in_table)
{
	const Doc  *d;

	if (res == NULL || res->doc == NULL || i < 0 || i >= res->doc->nlines)
		return false;
	d = res->doc;
	*text = d->text + d->lines[i].off;
	*len = d->lines[i].len;
	*in_table = (d->lines[i].flags & LF_TABLE) != 0;
	return true;
}
