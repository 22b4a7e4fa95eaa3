/*
 * cells.c
 *	  Values -> cells: the aligned rows' values stored, printed subtotals
 *	  checked, the rows left unmapped logged.
 */
#include "parse_int.h"

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

/*
 * A row of an HTML table whose spans do not line up with its header's (a
 * value cell with colspan="2" below a header cell that spans otherwise):
 * expanded to the grid, it has more cells than want, the extra ones the
 * blank fills of its spans (-1).  When dropping those fills leaves exactly
 * want values, they are the row's values in order: kept so, logged.  The
 * new count (nv when not).
 */
static int
drop_span_fills(Ctx *x, int ri, const char *section, const char *lab, int *v, int nv, int want)
{
	int			fills = 0,
				n = 0;

	if (nv <= want)
		return nv;
	for (int q = 0; q < nv; q++)
		if (v[q] < 0)
			fills++;
	if (fills == 0 || nv - fills != want)
		return nv;
	if (!x->nolog)
	{
		char		raw[400];

		row_values_raw(x, &x->rows[ri], raw, sizeof(raw));
		addlog(x, SEV_INFO, section, lab, -1, raw, -1,
			   "row has %d cells on the table's grid, %d of them the blank fills of its spans: took its %d values in order",
			   nv, fills, want);
	}
	for (int q = 0; q < nv; q++)
		if (v[q] >= 0)
			v[n++] = v[q];
	return n;
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
	if (nv != t->ncolumns + 1)
		nv = drop_span_fills(x, ri, gr->section, lab, v, nv, cm.n);
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

/*
 * Does the header text s[0, len) (its cells joined by spaces) end a cell
 * with 万 whose 元 is not what follows it: a unit 万元 wrapped in its column
 * with other headings printed between its two lines?
 */
static bool
dangling_wan(const char *s, int len)
{
	for (int i = 0; i + 3 <= len; i++)
		if (memcmp(s + i, "万", 3) == 0)
		{
			int			j = i + 3;

			if (j < len && s[j] != ' ')
				continue;		/* 万元 in one cell, or 万 inside a word */
			while (j < len && s[j] == ' ')
				j++;
			if (j + 3 > len || memcmp(s + j, "元", 3) != 0)
				return true;
		}
	return false;
}

/*
 * The unit stated in the header above the row r0 of slot s when one of its
 * cells is in 万元 and the row states none (采购总金额（元）, （单位：万元）):
 * the header rows above, read in printed order as one text, for a header
 * wrapped in its column (采购总金额（单 / 位：万 / 元）) states its unit across
 * rows.  hint when none.  A header that ends a cell with 万 but whose only
 * 元 is elsewhere (额（万 … 数量 … 元）: other headings printed between the
 * two lines of the unit) tells no unit: UNIT_UNSURE, when the row or the
 * header would have it 元; 万元 (*wan_wrapped) when nothing says 元.
 */
static uint8_t
header_unit(Ctx *x, const GiTemplate *t, const Slot *s, int r0, int w0, uint8_t hint, bool *wan_wrapped)
{
	*wan_wrapped = false;
	for (int q = 0; q < s->k; q++)
	{
		const GiRow *gr = &t->rows[s->row + (s->kind == SLOT_T4 || s->kind == SLOT_CELL ? q : 0)];
		char		hl[1200];
		int			top = r0,
					hn = 0,
					need = 0;
		uint8_t		u;

		if (gr->scale <= 1 || hint == UNIT_WAN || hint == UNIT_UNSURE)
			continue;
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
		u = money_unit_in(hl, hn);
		if (dangling_wan(hl, hn))
		{
			if (hint == UNIT_YUAN || u == UNIT_YUAN)
				return UNIT_UNSURE;
			if (u == UNIT_NONE)
			{
				*wan_wrapped = true;
				u = UNIT_WAN;
			}
		}
		if (u != UNIT_NONE && hint != UNIT_YUAN)
			hint = u;
	}
	return hint;
}

/* The log lines of a slot's mapping: a label that differs from the template's, or wrapped */
static void
log_mapping(Ctx *x, const GiTemplate *t, const Slot *s, int r0, int w, const char *lab)
{
	const GiRow *gr = &t->rows[s->row];

	if (w == 1 && s->norm != NULL && x->rows[r0].norm != NULL &&
		strcmp(s->norm, x->rows[r0].norm) != 0)
		addlog(x, SEV_INFO, gr->section, lab, -1, "", 0,
			   "label differs from the template's %s: mapped to %s by similarity and position",
			   gr->label_zh, gr->code ? gr->code : gr->label_zh);
	if (w > 1)
	{
		char		more[300];

		row_label_raw(x, &x->rows[r0 + w - 1], more, sizeof(more));
		addlog(x, SEV_INFO, gr->section, lab, -1, more, -1,
			   "label printed over %d lines: joined and mapped to %s", w,
			   gr->code ? gr->code : gr->label_zh);
	}
}

/*
 * A unit printed on the line below a row's figure that differs from the one
 * the row states (2,638,000 above 元 beside a unit column's 万元, as a PDF
 * wraps a squeezed cell): the figure's own unit, as if printed in its cell,
 * when the slot has one amount to give it to, logged; else the slot's
 * amounts are not read (*drop), logged as an error.  Never the row's unit
 * in silence, which would store the figure 10,000 times off.
 */
static uint8_t
unit_below_figure(Ctx *x, const GiTemplate *t, const Slot *s, int ri, uint8_t hint, const char *lab,
				  bool *drop)
{
	const PRow *r = &x->rows[ri];
	const GiRow *gr = &t->rows[s->row];
	const Cell *uc;
	int			namounts = 0;

	*drop = false;
	if (r->unit_below == UNIT_NONE || r->unit_below == hint)
		return hint;
	for (int q = 0; q < s->k; q++)
	{
		int			code = slot_code(t, s, q);

		if (code >= 0 && t->rows[t->codes[code].row].scale > 1)
			namounts++;
	}
	if (namounts == 0)
		return hint;
	uc = &x->d->cells[r->unit_below_ci];
	if (namounts == 1)
	{
		addlog(x, r->unit_below_apart ? SEV_WARNING : SEV_INFO, gr->section, lab, -1, x->d->text + uc->off, uc->len,
			   "unit %.*s printed on the line below the figure (line %d): the amount is read in it, not in the row's %s",
			   uc->len, x->d->text + uc->off, r->unit_below_line + 1, hint == UNIT_WAN ? "万元" : "元");
		return r->unit_below;
	}
	*drop = true;
	addlog(x, SEV_ERROR, gr->section, lab, -1, x->d->text + uc->off, uc->len,
		   "unit %.*s printed on the line below the row's figures (line %d) differs from the row's %s: its amounts left NULL",
		   uc->len, x->d->text + uc->off, r->unit_below_line + 1, hint == UNIT_WAN ? "万元" : "元");
	return hint;
}

/*
 * A unit cell alone on a line of another row of the slot's label, below the
 * line of the row's figures: LibreOffice centres a wrapped cell's content on
 * its label's line, so 130,000 lands above 行政事业性收费 and its 元 below
 * it.  That unit is the figure's, printed under it (unit_below_figure), not
 * to be lost in silence under the header's 万元.
 */
static void
unit_below_apart(Ctx *x, int r0, int w, int ri)
{
	PRow	   *r = &x->rows[ri];

	if (r->unit_below != UNIT_NONE || r->nnum == 0)
		return;
	for (int rr = r0; rr < r0 + w; rr++)
	{
		const PRow *o = &x->rows[rr];

		if (rr == ri || o->nv > 0 || o->unit_line <= r->lastline ||
			(o->unit != UNIT_YUAN && o->unit != UNIT_WAN) || o->unit == r->unit)
			continue;
		r->unit_below = o->unit;
		r->unit_below_ci = o->unit_ci;
		r->unit_below_line = o->unit_line;
		r->unit_below_apart = true;
		return;
	}
}

/*
 * The unit the slot's amounts are read in, said when it was printed over
 * two lines (万 over 元, wrapped.c; a header's 万 whose 元 wrapped onto the
 * next line); when it cannot be told (UNIT_UNSURE), the amounts are not
 * read (*drop), logged as an error.
 */
static uint8_t
unit_of_amounts(Ctx *x, const GiTemplate *t, const Slot *s, int ri, uint8_t hint, bool wan_wrapped,
				const char *lab, bool *drop)
{
	const GiRow *gr = &t->rows[s->row];
	const PRow *r = &x->rows[ri];
	bool		amounts = false;

	*drop = false;
	for (int q = 0; q < s->k; q++)
		if (t->rows[t->codes[slot_code(t, s, q)].row].scale > 1)
			amounts = true;
	if (!amounts)
		return hint;
	if (hint == UNIT_UNSURE)
	{
		char		raw[400];

		*drop = true;
		if (x->nolog)
			return hint;
		row_values_raw(x, r, raw, sizeof(raw));
		addlog(x, SEV_ERROR, gr->section, lab, -1, raw, -1,
			   "the unit of the amount cannot be told: 万 and 元 are printed apart, not one over the other in a column "
			   "(万元 and 元 differ 10,000 times): left NULL");
	}
	else if (x->nolog)
		return hint;
	else if (hint == UNIT_WAN && r->unit_wrap_ci > 0 && r->unit == UNIT_WAN)
	{
		const Cell *uc = &x->d->cells[r->unit_wrap_ci - 1];

		addlog(x, SEV_INFO, gr->section, lab, -1, x->d->text + uc->off, uc->len,
			   "unit 万元 printed as 万 over 元 in its column: the amounts are read in 万元");
	}
	else if (hint == UNIT_WAN && wan_wrapped)
		addlog(x, SEV_INFO, gr->section, lab, -1, "", 0,
			   "the header's unit ends in 万 with its 元 wrapped onto the next line: the amounts are read in 万元");
	return hint;
}

/*
 * The values of the rows r0 .. r0 + w - 1 mapped to slot s (not a row of
 * table 三) stored in its cells: as many as it has, else the first of a
 * one-cell slot's, else none, logged.
 */
static void
map_slot_values(Ctx *x, const GiTemplate *t, const Slot *s, int r0, int w, int w0, const char *lab)
{
	const GiRow *gr = &t->rows[s->row];
	int			v[80],
				nv,
				ri;
	char		raw[400];

	nv = row_values(x, r0, w, s->k, v, 80, &ri);
	if (nv == 0)
		return;
	nv = drop_span_fills(x, ri, gr->section, lab, v, nv, s->k);
	nv = fit_values(x, ri, gr->section, lab, v, nv, s->k, 80, -1);
	if (s->kind == SLOT_T4 && nv < s->k && (nv = split_digit_runs(x, v, nv, s->k, 80)) == s->k &&
		!x->nolog)
	{
		row_values_raw(x, &x->rows[ri], raw, sizeof(raw));
		addlog(x, SEV_WARNING, gr->section, lab, -1, raw, -1,
			   "digits run together in narrow columns: read as one value a digit, the only way to make %d",
			   s->k);
	}
	if (nv == s->k)
	{
		bool		drop,
					wan_wrapped;
		uint8_t		hint = header_unit(x, t, s, r0, w0, x->rows[ri].unit, &wan_wrapped);

		hint = unit_of_amounts(x, t, s, ri, hint, wan_wrapped, lab, &drop);
		if (w > 1)
			unit_below_apart(x, r0, w, ri);
		if (!drop)
			hint = unit_below_figure(x, t, s, ri, hint, lab, &drop);
		for (int q = 0; q < s->k; q++)
			if (!drop || t->rows[t->codes[slot_code(t, s, q)].row].scale <= 1)
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
			return;
		row_values_raw(x, &x->rows[ri], raw, sizeof(raw));
		addlog(x, SEV_WARNING, gr->section, lab, -1, raw, -1,
			   "row has %d values where %s has one: stored the first, the others are not stored",
			   nv, gr->code);
	}
	else if (!x->nolog)
	{
		row_values_raw(x, &x->rows[ri], raw, sizeof(raw));
		addlog(x, SEV_ERROR, gr->section, lab, -1, raw, -1,
			   s->kind == SLOT_T4 ?
			   "table 四 has %d values where 15 are expected: not stored" :
			   "row has %d values where %d are expected: not stored", nv, s->k);
	}
}

/* Printed subtotal rows of table 三, after their parts: checked (check_group), never stored */
static void
check_groups(Ctx *x, const GiTemplate *t, const Align *al, const GroupVals *gvs)
{
	const TSlots *ts = al->ts;

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
}

/*
 * The aligned rows' values into the result's cells: table 三's rows by the
 * column order its header gives, the others by position, then the printed
 * subtotals checked.
 */
void
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
					w = al->slot_w[j];
		char		lab[400];

		if (r0 < 0)
			continue;
		if (!x->nolog)
			for (int k = 0; k < w; k++)
				x->rows[r0 + k].consumed = true;	/* (for log_unmapped) */
		if (s->kind == SLOT_HEAD)
			continue;
		lab[0] = '\0';
		if (!x->nolog)
		{
			row_label_raw(x, &x->rows[r0], lab, sizeof(lab));
			log_mapping(x, t, s, r0, w, lab);
		}
		if (s->kind == SLOT_APPL || s->kind == SLOT_GROUP)
		{
			memset(&gvs[j], 0, sizeof(GroupVals));
			assign_applicant_row(x, t, s, r0, w, &cm, &gvs[j], &nsub_ok);
		}
		else
			map_slot_values(x, t, s, r0, w, w0, lab);
	}
	check_groups(x, t, al, gvs);
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
void
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
		{
			int			s0 = 0,
						s1,
						k;

			/* the row's label, when the line starts with one: its text up to two spaces or a tab */
			while (s0 < n && (lt[s0] == ' ' || lt[s0] == '\t'))
				s0++;
			for (s1 = s0; s1 < n && lt[s1] != '\t' && !(lt[s1] == ' ' && s1 + 1 < n && lt[s1 + 1] == ' '); s1++)
				;
			for (k = s0; k < s1 && ((lt[k] >= '0' && lt[k] <= '9') || lt[k] == ',' || lt[k] == '.'); k++)
				;
			if (k == s1)
				s1 = s0;		/* a figure, not a label */
			addlog(x, SEV_WARNING, "", lt + s0, s1 - s0, x->d->text + l->off, l->len,
				   "a line inside the table was read as a sentence: its figures are not stored");
		}
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
