/*
 * rows.c
 *	  Printed rows: a label and the values that follow it.
 */
#include "parse_int.h"

/* A cell that is wholly a parenthesised annotation: （不同渠道…计1条） */
bool
is_annotation(Doc *d, const Cell *c)
{
	const char *s = d->text + c->off;
	int			depth = 0,
				inner = 0;
	bool		closed = false;

	for (int i = 0; i < c->len;)
	{
		uint32_t	cp;

		i += DEC(s + i, (size_t) (c->len - i), &cp);
		cp = fold(cp);
		if (cp == ' ')
			continue;
		if (closed)
			return false;
		if (depth == 0 && cp != '(')
			return false;
		if (cp == '(')
			depth++;
		else if (cp == ')')
		{
			if (--depth == 0)
				closed = true;
		}
		else if (is_cjk(cp))
			inner++;
	}
	return closed && inner >= 2;
}

static inline int
new_row(Ctx *x, int line)
{
	PRow	   *r;

	if (!GROW(x->a, x->rows, x->rowcap, x->nrows + 1))
		return -1;
	r = &x->rows[x->nrows];
	memset(r, 0, sizeof(*r));
	r->line = r->lastline = line;
	r->v0 = x->nvals;
	return x->nrows++;
}

/*
 * A unit cell of the open row: the row's unit when it has none yet; when it
 * has another and this one is printed on a line below the row's values (a
 * figure's 元 wrapped under it in a squeezed PDF cell, the row's unit column
 * saying 万元), noted apart, for the values stage to read the figure in it.
 */
static void
row_unit(Ctx *x, int cur, const Cell *c, int ci, int li)
{
	PRow	   *r;

	if (cur < 0)
		return;
	r = &x->rows[cur];
	if (r->unit == UNIT_NONE)
	{
		r->unit = c->unit;
		r->unit_ci = ci;
		r->unit_line = li;
		if (c->piece == PIECE_UNITWRAP)
			r->unit_wrap_ci = ci + 1;
	}
	else if (c->unit != r->unit && r->nnum > 0 && li > r->lastline && r->unit_below == UNIT_NONE)
	{
		r->unit_below = c->unit;
		r->unit_below_ci = ci;
		r->unit_below_line = li;
	}
}

static inline bool
push_value(Ctx *x, int cur, int ci)
{
	PRow	   *r = &x->rows[cur];

	/* values of a row are contiguous: only the current row takes values */
	if (r->v0 + r->nv != x->nvals)
		return false;
	if (!GROW(x->a, x->vals, x->valcap, x->nvals + 1))
		return false;
	x->vals[x->nvals++] = ci;
	r->nv++;
	if (ci >= 0)
	{
		uint8_t		cls = x->d->cells[ci].cls;

		if (cls != CELL_EMPTY)
			r->nfill++;
		if (cls == CELL_NUM)
		{
			r->nnum++;
			r->xdig += extra_digits(x->d, ci);
		}
	}
	return true;
}

void
build_rows(Ctx *x)
{
	Doc		   *d = x->d;
	Cell	   *cells = d->cells;	/* (neither moves while the rows are made) */
	Line	   *lines = d->lines;
	int			nlines = d->nlines,
				cur = -1;

	for (int li = 0; li < nlines && !x->a->failed; li++)
	{
		Line	   *l = &lines[li];
		int			firsttext = -1;
		bool		seen_value = false;

		if (l->flags & LF_BLANK || l->nc == 0)
			continue;
		if (l->flags & LF_PROSE)
		{
			cur = -1;
			continue;
		}
		/* a line continuing the tab-indented cell above it (a wrapped label) */
		if (!(l->flags & (LF_TABIND | LF_STRUCT | LF_HTMLROW)) && l->nc == 1 && cur >= 0 &&
			li > 0 && (lines[li - 1].flags & LF_TABIND) &&
			cells[l->c0].cls == CELL_TEXT && x->rows[cur].nv == 0 &&
			x->rows[cur].nlab > 0 && x->rows[cur].nlab < 4 && x->rows[cur].lastline == li - 1)
		{
			x->rows[cur].lab[x->rows[cur].nlab++] = l->c0;
			x->rows[cur].lastline = li;
			l->flags |= LF_CONT;
			continue;
		}
		for (int k = 0; k < l->nc; k++)
			if (cells[l->c0 + k].cls == CELL_TEXT)
			{
				firsttext = k;
				break;
			}
		for (int k = 0; k < l->nc; k++)
		{
			int			ci = l->c0 + k;
			Cell	   *c = &cells[ci];

			if (c->cls == CELL_JOINED)
				continue;		/* put back into the cell it was wrapped from */
			if (c->cls == CELL_TEXT && seen_value)
				c->cls = CELL_BAD;	/* text where a number belongs */
			if (c->cls == CELL_TEXT)
			{
				PRow	   *r = cur >= 0 ? &x->rows[cur] : NULL;

				if (r != NULL && r->nv == 0 && r->nlab > 0 && r->nlab < 4 && r->lastline >= li - 2 &&
					(c->known >= 0 ? known[c->known].annot : is_annotation(d, c)))
				{
					r->lab[r->nlab++] = ci;
					r->lastline = li;
					continue;
				}
				cur = new_row(x, li);
				if (cur < 0)
					return;
				x->rows[cur].lab[0] = ci;
				x->rows[cur].nlab = 1;
				continue;
			}
			if (c->cls == CELL_UNIT)
			{
				row_unit(x, cur, c, ci, li);
				continue;
			}
			if (c->cls == CELL_EMPTY && firsttext >= 0 && k < firsttext)
				continue;		/* blank label columns before the label */
			seen_value = true;
			if (cur < 0 && (cur = new_row(x, li)) < 0)
				return;
			if (!push_value(x, cur, ci))
			{
				/* the open row cannot take it: start a label-less one */
				if ((cur = new_row(x, li)) < 0 || !push_value(x, cur, ci))
					return;
			}
			for (int s = 1; s < c->colspan; s++)
				push_value(x, cur, -1);
			x->rows[cur].lastline = li;
		}
	}
}
