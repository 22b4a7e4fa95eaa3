/*
 * wrapped.c
 *	  Cells a PDF wrapped inside their squeezed column, as pdftotext -layout
 *	  prints them: a figure cut over two lines (１０ on the row's line and
 *	  ６ under it for 106; 1, and 084 for 1,084; the first part on the line
 *	  above the label), and a unit cut as 万 over 元.  Between classifying
 *	  the cells and making the rows, each piece is put back into its cell by
 *	  the columns the lines print them in.
 *
 *	  A line of pieces of figures (and at most a label's text before them)
 *	  continues the row line above it or the one below it; each piece lies
 *	  in the column of one of that line's figures, and the pieces are fewer
 *	  than the figures (as many only where a comma or a point marks the cut:
 *	  otherwise it is a row of its own).  Which one: a piece ending
 *	  in a comma or a point begins a figure (it goes on below), a figure
 *	  ending in one goes on in the piece below it; otherwise the table's own
 *	  arithmetic (table 三's columns summing to 总计, table 四's blocks) with
 *	  each reading, taken only when one reading keeps it and the other does
 *	  not.  A figure alone on its line under (or over) a row line's one
 *	  figure may be its piece or a row without a label: only a comma or a
 *	  point at the cut decides that.  What is put back is logged as a
 *	  warning saying what decided it; when nothing decides, the cells it may
 *	  belong to are left blank and an error is logged for each row (a wrong
 *	  figure is worse than a blank one); pieces in the column of a figure so
 *	  left blank go with it, blank too.  Never a figure changed in silence.
 *
 *	  A unit 万 over 元 in one column is 万元 (the row's unit, or the end of
 *	  a header); a 万 alone after a row's figures with no 元 under it is a
 *	  unit that cannot be told, and the row's amounts are not read (cells.c).
 */
#include "parse_int.h"

#define WRAP_MAX_NUMS	24		/* figures a row line may have */

/* A figure's cell on a laid-out line: its cell and its columns [c0, c1) */
typedef struct WCell
{
	int			ci;
	int			c0;
	int			c1;
} WCell;

/* A laid-out line: cells apart by spaces, their columns meaningful */
static bool
laid_line(const Line *l)
{
	return l->nc > 0 &&
		!(l->flags & (LF_STRUCT | LF_HTMLROW | LF_PROSE | LF_TABIND | LF_BLANK)) &&
		!((l->marks & LM_KNOWN) && (l->marks & LM_TAB));
}

/* Characters (code points) of text[from, to) */
static int
cp_count(const char *text, int from, int to)
{
	int			n = 0;

	for (int i = from; i < to; i++)
		n += ((unsigned char) text[i] & 0xC0) != 0x80;
	return n;
}

/*
 * A piece of a figure: digits (ASCII or full-width) with commas and points
 * among them, at most twelve characters.  *sep_end, *sep_start: it ends
 * (starts) with a comma or a point.
 */
static bool
figure_piece(const Doc *d, const Cell *c, bool *sep_start, bool *sep_end)
{
	const unsigned char *u = (const unsigned char *) d->text + c->off;
	int			n = 0,
				digits = 0;
	bool		last_sep = false;

	*sep_start = false;
	for (int i = 0; i < c->len; n++)
	{
		bool		sep;

		if (u[i] >= '0' && u[i] <= '9')
		{
			sep = false;
			digits++;
			i++;
		}
		else if (u[i] == ',' || u[i] == '.')
		{
			sep = true;
			i++;
		}
		else if (i + 2 < c->len && u[i] == 0xEF && u[i + 1] == 0xBC && u[i + 2] >= 0x90 && u[i + 2] <= 0x99)
		{
			sep = false;
			digits++;
			i += 3;
		}
		else if (i + 2 < c->len && u[i] == 0xEF && u[i + 1] == 0xBC && (u[i + 2] == 0x8C || u[i + 2] == 0x8E))
		{
			sep = true;			/* ，．(full width) */
			i += 3;
		}
		else
			return false;
		if (n == 0)
			*sep_start = sep;
		last_sep = sep;
	}
	*sep_end = last_sep;
	return digits > 0 && n <= 12;
}

/* The figure's whole-number value of text s[0, len) (digits and commas), or false */
static bool
piece_value(const char *s, int len, int64_t *v)
{
	const unsigned char *u = (const unsigned char *) s;
	int			digits = 0;

	*v = 0;
	for (int i = 0; i < len;)
	{
		int			dg = -1;

		if (u[i] >= '0' && u[i] <= '9')
			dg = u[i++] - '0';
		else if (u[i] == ',')
			i++;
		else if (i + 2 < len && u[i] == 0xEF && u[i + 1] == 0xBC && u[i + 2] >= 0x90 && u[i + 2] <= 0x99)
		{
			dg = u[i + 2] - 0x90;
			i += 3;
		}
		else if (i + 2 < len && u[i] == 0xEF && u[i + 1] == 0xBC && u[i + 2] == 0x8C)
			i += 3;
		else
			return false;		/* a point, or anything else: not a count */
		if (dg >= 0)
		{
			if (++digits > 15)
				return false;
			*v = *v * 10 + dg;
		}
	}
	return digits > 0;
}

/*
 * The figures of line li: cells that are numbers, NULL marks or pieces of
 * figures (or figures left blank, PIECE_WRAPBLANK), with their columns,
 * into w (room for WRAP_MAX_NUMS).  *text_after:
 * a label's text after the first of them.  Their count, or -1 (too many).
 */
static int
line_figures(const Doc *d, int li, WCell *w, bool *text_after)
{
	const Line *l = &d->lines[li];
	int			n = 0,
				pos = l->off,
				col = 0;

	*text_after = false;
	for (int k = 0; k < l->nc; k++)
	{
		const Cell *c = &d->cells[l->c0 + k];
		bool		s0,
					s1;

		if (c->cls == CELL_EMPTY && c->piece != PIECE_WRAPBLANK)
			continue;
		if (c->cls == CELL_NUM || c->cls == CELL_NULL || c->cls == CELL_EMPTY ||
			((c->cls == CELL_BAD || c->cls == CELL_TEXT) && figure_piece(d, c, &s0, &s1)))
		{
			if (n == WRAP_MAX_NUMS || c->off < pos)
				return -1;
			col += cp_count(d->text, pos, c->off);
			w[n].ci = l->c0 + k;
			w[n].c0 = col;
			col += cp_count(d->text, c->off, c->off + c->len);
			w[n].c1 = col;
			pos = c->off + c->len;
			n++;
		}
		else if (n > 0)
			*text_after = true;
	}
	return n;
}

/* The nearest line before (step -1) or after (+1) li with cells, across at most one blank line */
static int
near_line(const Doc *d, int li, int step)
{
	for (int k = 1; k <= 2; k++)
	{
		int			lj = li + step * k;
		const Line *l;
		bool		any = false;

		if (lj < 0 || lj >= d->nlines)
			return -1;
		l = &d->lines[lj];
		for (int q = 0; q < l->nc && !any; q++)
			any = d->cells[l->c0 + q].cls != CELL_EMPTY;
		if (any)
			return laid_line(l) ? lj : -1;
	}
	return -1;
}

/*
 * Whether the pieces p[0, np) lie each in the column of one figure of the
 * row line o[0, no), a different one each: their places in o into at[].
 * Fewer pieces than figures, or as many when a comma or a point marks a
 * cut between the two lines (cut).
 */
static bool
pieces_fit(const WCell *p, int np, const WCell *o, int no, bool cut, int *at)
{
	/* (as many pieces as figures only where a comma or point marks the cut: else a row of its own) */
	if (cut ? no < 1 || np > no : no < 2 || np >= no)
		return false;
	for (int i = 0; i < np; i++)
	{
		at[i] = -1;
		for (int k = 0; k < no; k++)
			if (p[i].c0 < o[k].c1 && o[k].c0 < p[i].c1)
			{
				if (at[i] >= 0)
					return false;	/* under two figures */
				at[i] = k;
			}
		if (at[i] < 0 || (i > 0 && at[i] <= at[i - 1]))
			return false;
	}
	return true;
}

/*
 * The row's arithmetic on its figures v[0, n) (ok[k]: v[k] is a count):
 * 1 kept, 0 broken, -1 not judged (a row without one, or a figure that is
 * not a count).  Table 三's rows: seven columns, the six summing to 总计 (or
 * eight with 法人或其他组织小计); table 四: three blocks of five.
 */
static int
row_arith(const int64_t *v, const bool *ok, int n)
{
	for (int k = 0; k < n; k++)
		if (!ok[k])
			return -1;
	if (n == 7)
		return v[0] + v[1] + v[2] + v[3] + v[4] + v[5] == v[6];
	if (n == 8)
		return v[1] + v[2] + v[3] + v[4] + v[5] == v[6] && v[0] + v[6] == v[7];
	if (n == 15)
	{
		for (int b = 0; b < 15; b += 5)
			if (v[b] + v[b + 1] + v[b + 2] + v[b + 3] != v[b + 4])
				return 0;
		return 1;
	}
	return -1;
}

/*
 * The arithmetic of row line o (no figures) with the pieces p[0, np) put
 * into its figures at at[] (after them when below, before them when not);
 * with np 0, as printed.
 */
static int
arith_with(const Doc *d, const WCell *o, int no, const WCell *p, int np, const int *at, bool below)
{
	int64_t		v[WRAP_MAX_NUMS];
	bool		ok[WRAP_MAX_NUMS];
	char		buf[64];

	for (int k = 0; k < no; k++)
	{
		const Cell *c = &d->cells[o[k].ci];
		int			n = c->len < 30 ? c->len : 30;

		memcpy(buf, d->text + c->off, (size_t) n);
		for (int i = 0; i < np; i++)
			if (at[i] == k)
			{
				const Cell *pc = &d->cells[p[i].ci];
				int			m = pc->len < 30 ? pc->len : 30;

				if (below)
					memcpy(buf + n, d->text + pc->off, (size_t) m);
				else
				{
					memmove(buf + m, buf, (size_t) n);
					memcpy(buf, d->text + pc->off, (size_t) m);
				}
				n += m;
			}
		ok[k] = c->cls != CELL_EMPTY && piece_value(buf, n, &v[k]);
	}
	return row_arith(v, ok, no);
}

/* What the arithmetic says, for the log */
static const char *
arith_reason(int no)
{
	return no == 15 ? "each block's parts sum to its 总计" : "its columns sum to its 总计";
}

/* The label of a row printed on lines [a, b], for the log: the first text on them */
static void
lines_label(const Doc *d, int a, int b, char *buf, int cap)
{
	buf[0] = '\0';
	for (int lj = a; lj <= b; lj++)
	{
		const Line *l = &d->lines[lj];

		for (int k = 0; k < l->nc; k++)
		{
			const Cell *c = &d->cells[l->c0 + k];

			if (c->cls == CELL_TEXT)
			{
				snprintf(buf, (size_t) cap, "%.*s", c->len, d->text + c->off);
				utf8_clip(buf);
				return;
			}
		}
	}
}

/* Cell ci's text with the piece's put after it (below) or before it: the cell reclassified */
static bool
join_piece(Doc *d, int ci, int pi, bool below)
{
	Cell	   *c = &d->cells[ci];
	const Cell *p = &d->cells[pi];
	int			start = d->textlen + 1,
				a = below ? c->off : p->off,
				alen = below ? c->len : p->len,
				b = below ? p->off : c->off,
				blen = below ? p->len : c->len;

	/* (a separator first, so that the new text runs into no line's) */
	if (!doc_putc(d, '\n') || !doc_put(d, d->text + a, alen) || !doc_put(d, d->text + b, blen))
		return false;
	c->off = start;
	c->len = alen + blen;
	c->known = -1;
	c->piece = 0;
	classify_piece(d, c);
	return true;
}

/* "1, / 084" of each piece and its figure, for the log */
static int
pieces_raw(const Doc *d, const WCell *o, const WCell *p, int np, const int *at, bool below,
		   char *buf, int cap)
{
	int			n = 0;

	buf[0] = '\0';
	for (int i = 0; i < np && n < cap - 1; i++)
	{
		const Cell *c = &d->cells[o[at[i]].ci],
				   *pc = &d->cells[p[i].ci];
		const Cell *top = below ? c : pc,
				   *bot = below ? pc : c;

		n += snprintf(buf + n, (size_t) (cap - n), "%s%.*s / %.*s", i ? " · " : "",
					  top->len, d->text + top->off, bot->len, d->text + bot->off);
		if (n >= cap)
			n = cap - 1;
	}
	utf8_clip(buf);
	return (int) strlen(buf);
}

/* A line of pieces of figures and the row lines around it that may take them */
typedef struct Wrap
{
	int			li,
				lu,				/* the lines above and below, or -1 */
				ld;
	WCell		p[WRAP_MAX_NUMS],	/* the pieces, and the figures above and below */
				up[WRAP_MAX_NUMS],
				dn[WRAP_MAX_NUMS];
	int			np,
				nup,
				ndn,
				at_up[WRAP_MAX_NUMS],	/* each piece's figure above, below */
				at_dn[WRAP_MAX_NUMS],
				sep_down,		/* cuts after a comma or point that go on below */
				sep_up;			/* and that go on from above */
	bool		fit_up,
				fit_dn,
				lone;			/* one piece alone on its line (a row's one figure may take it) */
} Wrap;

/* Does one of the figures o[0, no) start (at_start) or end with a comma or a point? */
static bool
figures_cut(const Doc *d, const WCell *o, int no, bool at_start)
{
	for (int k = 0; k < no; k++)
	{
		bool		s0,
					s1;

		if (figure_piece(d, &d->cells[o[k].ci], &s0, &s1) && (at_start ? s0 : s1))
			return true;
	}
	return false;
}

/* Whether line li has nothing but one cell (and the 元 of a unit 万 over 元) */
static bool
line_bare(const Doc *d, int li)
{
	const Line *l = &d->lines[li];
	int			n = 0;

	for (int k = 0; k < l->nc; k++)
	{
		const Cell *c = &d->cells[l->c0 + k];

		n += c->cls != CELL_EMPTY && c->piece != PIECE_UNITWRAP;
	}
	return n == 1;
}

/* Whether line w->li is a line of pieces of figures that a row line beside it may take */
static bool
wrap_find(const Doc *d, Wrap *w)
{
	bool		after,
				s0,
				s1;

	w->np = line_figures(d, w->li, w->p, &after);
	if (w->np <= 0 || after)
		return false;
	w->sep_down = w->sep_up = 0;
	for (int i = 0; i < w->np; i++)
	{
		if (d->cells[w->p[i].ci].cls == CELL_EMPTY || !figure_piece(d, &d->cells[w->p[i].ci], &s0, &s1))
			return false;		/* a NULL mark: a row's, not a piece (or a figure left blank) */
		w->sep_down += s1;		/* "1," goes on below */
		w->sep_up += s0;
	}
	w->lu = near_line(d, w->li, -1);
	w->ld = near_line(d, w->li, +1);
	w->nup = w->lu >= 0 ? line_figures(d, w->lu, w->up, &after) : 0;
	w->ndn = w->ld >= 0 ? line_figures(d, w->ld, w->dn, &after) : 0;

	/*
	 * A figure alone on its line, nothing else on it, in the column of the
	 * one figure of a row line with its label: a piece of it or a row of
	 * its own without a label cannot be told without a cut; it is looked at
	 * as a piece, and nothing but a comma or a point decides it (wrap_way).
	 */
	w->lone = w->np == 1 && line_bare(d, w->li);
	w->fit_up = w->nup > 0 && pieces_fit(w->p, w->np, w->up, w->nup,
										 w->sep_up > 0 || figures_cut(d, w->up, w->nup, false) ||
										 (w->lone && w->nup == 1 && !line_bare(d, w->lu)), w->at_up);
	w->fit_dn = w->ndn > 0 && pieces_fit(w->p, w->np, w->dn, w->ndn,
										 w->sep_down > 0 || figures_cut(d, w->dn, w->ndn, true) ||
										 (w->lone && w->ndn == 1 && !line_bare(d, w->ld)), w->at_dn);
	if (!w->fit_up && !w->fit_dn)
		return false;			/* no row line it continues: not a wrapped figure */
	for (int i = 0; w->fit_up && i < w->np; i++)
	{
		figure_piece(d, &d->cells[w->up[w->at_up[i]].ci], &s0, &s1);
		w->sep_up += s1;		/* "1," above it: it goes on in this piece */
	}
	for (int i = 0; w->fit_dn && i < w->np; i++)
	{
		figure_piece(d, &d->cells[w->dn[w->at_dn[i]].ci], &s0, &s1);
		w->sep_down += s0;
	}
	return true;
}

/*
 * Which way the pieces go: *below (into the row line above, after its
 * figures) or not (into the one below, before them), and what decided it;
 * NULL when nothing does (*unchecked: a figure alone on its line that a
 * row of one figure may take, or not).
 */
static const char *
wrap_way(const Doc *d, const Wrap *w, bool *below, bool *unchecked)
{
	int			ru,
				rd,
				pu,
				pd;
	bool		ok_up,
				ok_dn;

	if (w->sep_down > 0 || w->sep_up > 0)
	{
		/* a comma or a point at the cut: which way the figure goes on */
		*below = w->sep_up > 0;
		if ((w->sep_down > 0) != (w->sep_up > 0) && (*below ? w->fit_up : w->fit_dn) &&
			(*below ? arith_with(d, w->up, w->nup, w->p, w->np, w->at_up, true) :
			 arith_with(d, w->dn, w->ndn, w->p, w->np, w->at_dn, false)) != 0)
			return "a figure cut after a comma or a point continues on the line below";
		return NULL;
	}
	/* the arithmetic of each reading: the row it joins, and the other one as printed */
	ru = w->fit_up ? arith_with(d, w->up, w->nup, w->p, w->np, w->at_up, true) : 0;
	rd = w->fit_dn ? arith_with(d, w->dn, w->ndn, w->p, w->np, w->at_dn, false) : 0;
	pu = w->fit_up ? arith_with(d, w->up, w->nup, w->p, 0, w->at_up, true) : -1;
	pd = w->fit_dn ? arith_with(d, w->dn, w->ndn, w->p, 0, w->at_dn, false) : -1;
	ok_up = w->fit_up && ru != 0 && pd != 0;
	ok_dn = w->fit_dn && rd != 0 && pu != 0;
	if (ok_up == ok_dn)
		return NULL;
	*below = ok_up;
	if (*below ? ru == 1 : rd == 1)
		return arith_reason(*below ? w->nup : w->ndn);
	if (w->fit_up && w->fit_dn)
		return arith_reason(*below ? w->ndn : w->nup);	/* the other reading breaks it */

	/*
	 * A figure alone on its line beside a row of one figure: its piece, or
	 * a row of its own without a label, nothing tells (a wrong figure is
	 * worse than a blank one).
	 */
	if (w->lone && (*below ? w->nup : w->ndn) == 1)
	{
		*unchecked = true;
		return NULL;
	}
	return "the one row beside it with a figure in its column";
}

/* A figure a piece may belong to, left blank (its columns still a figure's to wrap_find) */
static void
blank_figure(Cell *c)
{
	c->cls = CELL_EMPTY;
	c->piece = PIECE_WRAPBLANK;
}

/* Whether one of the pieces lies in the column of a figure left blank */
static bool
pieces_on_blank(const Doc *d, const WCell *o, const int *at, int np)
{
	for (int i = 0; i < np; i++)
		if (d->cells[o[at[i]].ci].cls == CELL_EMPTY)
			return true;
	return false;
}

/*
 * The row below the pieces left blank (wrap_blank): a line of pieces under
 * it, each in the column of one of its figures left blank, is their tail,
 * and goes with them (read alone, it would be taken for the row's figure).
 */
static void
blank_tail(Doc *d, const Wrap *w)
{
	WCell		t[WRAP_MAX_NUMS],
				b[WRAP_MAX_NUMS];
	bool		after,
				s0,
				s1;
	int			nl = near_line(d, w->ld, +1),
				nn,
				nb;

	if (nl < 0 || !line_bare(d, nl) || line_figures(d, nl, t, &after) != 1 || after ||
		d->cells[t[0].ci].cls == CELL_EMPTY || !figure_piece(d, &d->cells[t[0].ci], &s0, &s1))
		return;
	/* (a figure under it in its column may take it as its head: join_line says) */
	if ((nn = near_line(d, nl, +1)) >= 0 && (nb = line_figures(d, nn, b, &after)) > 0)
		for (int k = 0; k < nb; k++)
			if (t[0].c0 < b[k].c1 && b[k].c0 < t[0].c1)
				return;
	for (int i = 0; i < w->np; i++)
	{
		const WCell *o = &w->dn[w->at_dn[i]];

		if (t[0].c0 < o->c1 && o->c0 < t[0].c1)
		{
			d->cells[t[0].ci].cls = CELL_JOINED;
			return;
		}
	}
}

/*
 * Nothing decides: the figures the pieces may belong to left blank, an
 * error for each row they may go on (each names its own row).
 */
static void
wrap_blank(Ctx *x, const Wrap *w, const char *why_not)
{
	Doc		   *d = x->d;
	char		lab[300],
				raw[300];

	for (int r = 0; r < 2 && !x->nolog; r++)
	{
		bool		up = r == 0;

		if (!(up ? w->fit_up : w->fit_dn))
			continue;
		/* the row above: its label on its line or the pieces'; below: its own line's first */
		if (up)
			lines_label(d, w->lu, w->li, lab, sizeof(lab));
		else
		{
			lines_label(d, w->ld, w->ld, lab, sizeof(lab));
			if (lab[0] == '\0')
				lines_label(d, w->li, w->li, lab, sizeof(lab));
		}
		pieces_raw(d, up ? w->up : w->dn, w->p, w->np, up ? w->at_up : w->at_dn, up, raw, sizeof(raw));
		addlog(x, SEV_ERROR, "", lab, -1, raw, -1, "%s",
			   why_not != NULL ? why_not : w->fit_up && w->fit_dn ?
			   "figure wrapped over two lines in its column: it may go on the row above or below and the table's arithmetic does not tell which, cells left blank" :
			   "figure wrapped over two lines in its column: no reading fits the table's arithmetic, cells left blank");
	}
	for (int i = 0; i < w->np; i++)
	{
		if (w->fit_up)
			blank_figure(&d->cells[w->up[w->at_up[i]].ci]);
		if (w->fit_dn)
			blank_figure(&d->cells[w->dn[w->at_dn[i]].ci]);
		d->cells[w->p[i].ci].cls = CELL_JOINED;
	}
	if (w->fit_dn)
		blank_tail(d, w);
}

/* The pieces put back into the figures of the row line above (below) or below, a warning */
static void
wrap_join(Ctx *x, const Wrap *w, bool below, const char *why)
{
	Doc		   *d = x->d;
	const WCell *o = below ? w->up : w->dn;
	const int  *at = below ? w->at_up : w->at_dn;
	char		lab[300],
				raw[300],
				vals[300];
	int			vn = 0;

	if (!x->nolog)
	{
		lines_label(d, below ? w->lu : w->li, below ? w->li : w->ld, lab, sizeof(lab));
		pieces_raw(d, o, w->p, w->np, at, below, raw, sizeof(raw));
	}
	vals[0] = '\0';
	for (int i = 0; i < w->np; i++)
	{
		const Cell *c;

		if (!join_piece(d, o[at[i]].ci, w->p[i].ci, below))
			return;
		d->cells[w->p[i].ci].cls = CELL_JOINED;
		c = &d->cells[o[at[i]].ci];
		if (vn < (int) sizeof(vals) - 1)
			vn += snprintf(vals + vn, sizeof(vals) - (size_t) vn, "%s%.*s", i ? " · " : "",
						   c->len, d->text + c->off);
	}
	if (x->nolog)
		return;
	utf8_clip(vals);
	addlog(x, SEV_WARNING, "", lab, -1, raw, -1,
		   "figure wrapped over two lines in its column read as %s: %s%s", vals,
		   strncmp(why, "its ", 4) == 0 || strncmp(why, "each ", 5) == 0 ? "the one reading where " : "",
		   why);
}

/*
 * Line li as a line of pieces of figures: put back into the row line above
 * or below it, or, when nothing tells which, the figures they may belong to
 * left blank; logged either way.
 */
static void
join_line(Ctx *x, int li)
{
	Wrap		w;
	const char *why;
	bool		below = false,
				unchecked = false;

	w.li = li;
	if (!wrap_find(x->d, &w))
		return;
	if ((w.fit_up && pieces_on_blank(x->d, w.up, w.at_up, w.np)) ||
		(w.fit_dn && pieces_on_blank(x->d, w.dn, w.at_dn, w.np)))
	{
		/* a piece of a figure already left blank: what it goes with cannot be read */
		wrap_blank(x, &w, "figure wrapped over two lines in its column, under or over a figure left blank: cells left blank");
		return;
	}
	why = wrap_way(x->d, &w, &below, &unchecked);
	if (why == NULL)
		wrap_blank(x, &w, unchecked ?
				   "figure alone on a line in the column of a row's one figure: a piece of it or a row without a label cannot be told, cells left blank" :
				   NULL);
	else
		wrap_join(x, &w, below, why);
}

/* Whether column [c0, c1) meets one of the figures o[0, no) */
static bool
in_columns(int c0, int c1, const WCell *o, int no)
{
	for (int k = 0; k < no; k++)
		if (c0 < o[k].c1 && o[k].c0 < c1)
			return true;
	return false;
}

/*
 * Whether the figures p[0, np) of a line beside row line m (nm figures) are
 * pieces of figures (not NULL marks) each in a column where m has none, and
 * each (when o is given) in the column of one of o's.
 */
static bool
pieces_apart(const Doc *d, const WCell *p, int np, const WCell *m, int nm, const WCell *o, int no)
{
	bool		s0,
				s1;

	for (int i = 0; i < np; i++)
		if (d->cells[p[i].ci].cls == CELL_EMPTY || !figure_piece(d, &d->cells[p[i].ci], &s0, &s1) ||
			in_columns(p[i].c0, p[i].c1, m, nm) || (o != NULL && !in_columns(p[i].c0, p[i].c1, o, no)))
			return false;
	return true;
}

/* Whether line li has a cell of text (a label's) */
static bool
line_text(const Doc *d, int li)
{
	const Line *l = &d->lines[li];

	for (int k = 0; k < l->nc; k++)
		if (d->cells[l->c0 + k].cls == CELL_TEXT)
			return true;
	return false;
}

/*
 * A figure centred on its row's line, as LibreOffice prints a cell wrapped
 * over two lines beside cells of one (pdftotext -layout): its first piece
 * on the line above the row line li, its last on the line below, in a
 * column where the row line has no figure (４０ over 行政许可 28 ０ over ２
 * for 402; or a figure above it and its 元 below it, the label printed on
 * the lines above and below: 政府集 313876 / 1 / 中采购 元).  Read line by
 * line, the piece above would go to another row and the row's figures would
 * shift a column; which cell each piece is cannot be read safely from the
 * columns alone, so the row's figures and the pieces are left blank, and an
 * error names the row.  The shape: the row line has figures; either its
 * label is on it and the lines above and below hold nothing but pieces,
 * each over (under) one of the other's, or its label is on the lines above
 * and below, and the line above holds pieces after it (the line below,
 * pieces or nothing but text and a unit).
 */
static void
centred_figure(Ctx *x, int li)
{
	Doc		   *d = x->d;
	WCell		m[WRAP_MAX_NUMS],
				u[WRAP_MAX_NUMS],
				b[WRAP_MAX_NUMS];
	bool		after,
				mtext;
	int			nm,
				nu,
				nb,
				lu,
				ld,
				rn = 0;
	char		lab[300],
				raw[300];

	if ((nm = line_figures(d, li, m, &after)) <= 0 || after)
		return;
	if ((lu = near_line(d, li, -1)) != li - 1 || (ld = near_line(d, li, +1)) != li + 1)
		return;
	if ((nu = line_figures(d, lu, u, &after)) <= 0 || after)
		return;
	if ((nb = line_figures(d, ld, b, &after)) < 0 || after)
		return;
	mtext = line_text(d, li);
	if (mtext)
	{
		/* the label on the row line: a piece above and below, one column */
		if (nb == 0 || line_text(d, lu) || line_text(d, ld) ||
			!pieces_apart(d, u, nu, m, nm, b, nb) || !pieces_apart(d, b, nb, m, nm, u, nu))
			return;
	}
	else if (!line_text(d, lu) || !line_text(d, ld) || !pieces_apart(d, u, nu, m, nm, NULL, 0) ||
			 (nb > 0 && !pieces_apart(d, b, nb, m, nm, u, nu)))
		return;

	if (!x->nolog)
	{
		lines_label(d, lu, ld, lab, sizeof(lab));
		raw[0] = '\0';
		for (int i = 0; i < nu && rn < (int) sizeof(raw) - 1; i++)
		{
			const Cell *c = &d->cells[u[i].ci];

			rn += snprintf(raw + rn, sizeof(raw) - (size_t) rn, "%s%.*s", i ? " · " : "", c->len, d->text + c->off);
			if (rn >= (int) sizeof(raw))
				rn = (int) sizeof(raw) - 1;
		}
		for (int i = 0; i < nb && rn < (int) sizeof(raw) - 1; i++)
		{
			const Cell *c = &d->cells[b[i].ci];

			rn += snprintf(raw + rn, sizeof(raw) - (size_t) rn, "%s%.*s", i ? " · " : " / ", c->len, d->text + c->off);
			if (rn >= (int) sizeof(raw))
				rn = (int) sizeof(raw) - 1;
		}
		utf8_clip(raw);
		addlog(x, SEV_ERROR, "", lab, -1, raw, -1, "%s",
			   "figure printed on the lines above and below its row's line, in a column where the row's line has none "
			   "(a cell centred over wrapped lines): which cell it is cannot be told, the row's cells left blank");
	}
	for (int k = 0; k < nm; k++)
		blank_figure(&d->cells[m[k].ci]);
	/* (the pieces above go with the row whose label is on their line, blank; else with none) */
	for (int i = 0; i < nu; i++)
	{
		if (mtext)
			d->cells[u[i].ci].cls = CELL_JOINED;
		else
			blank_figure(&d->cells[u[i].ci]);
	}
	for (int i = 0; i < nb; i++)
		d->cells[b[i].ci].cls = CELL_JOINED;
}

/* Does the cell's text end with 万 (not a figure's: 12万 is a number) or start with 元? */
static bool
ends_wan(const Doc *d, const Cell *c)
{
	const char *s = d->text + c->off;

	return c->cls != CELL_NUM && c->len >= 3 && memcmp(s + c->len - 3, "万", 3) == 0 &&
		!(c->len >= 4 && s[c->len - 4] >= '0' && s[c->len - 4] <= '9');
}

/* 元, 元）, 元) alone */
static bool
is_yuan_tail(const Doc *d, const Cell *c)
{
	const char *s = d->text + c->off;

	return (c->len == 3 && memcmp(s, "元", 3) == 0) ||
		(c->len == 6 && memcmp(s, "元）", 6) == 0) ||
		(c->len == 4 && memcmp(s, "元)", 4) == 0);
}

/* A cell that is nothing but the head of a wrapped unit: 万, （万, (万, 单位：万, （单位：万 */
static bool
is_wan_head(const Doc *d, const Cell *c)
{
	static const char *const heads[] = {"万", "（万", "(万", "单位：万", "（单位：万", "单位:万", "(单位:万", NULL};

	for (int k = 0; heads[k] != NULL; k++)
		if ((int) strlen(heads[k]) == c->len && memcmp(d->text + c->off, heads[k], (size_t) c->len) == 0)
			return true;
	return false;
}

/*
 * A unit 万元 wrapped in its column: a cell ending in 万 on line li and 元
 * (元）) starting a cell in its column on the next line.  Both are the unit
 * 万元 then (PIECE_UNITWRAP), the 万's cell too when it is nothing else;
 * read alone, 元 would make an amount 10,000 times too small.  A 万 alone
 * after a row's figures with no 元 under it is a unit that cannot be told
 * (UNIT_UNSURE).
 */
static void
join_unit(Doc *d, int li)
{
	const Line *l = &d->lines[li];
	int			ln = -1,
				pos = l->off,
				col = 0;
	bool		figures = false;

	for (int k = 0; k < l->nc; k++)
	{
		Cell	   *a = &d->cells[l->c0 + k];
		int			a0,
					a1;
		bool		paired = false;

		figures |= a->cls == CELL_NUM;

		if (a->off < pos)
			return;
		col += cp_count(d->text, pos, a->off);
		a0 = col;
		col += cp_count(d->text, a->off, a->off + a->len);
		a1 = col;
		pos = a->off + a->len;
		if (!ends_wan(d, a))
			continue;
		if (ln < 0)
			ln = near_line(d, li, +1);
		if (ln >= 0)
		{
			const Line *m = &d->lines[ln];
			int			mpos = m->off,
						mcol = 0;

			for (int q = 0; q < m->nc; q++)
			{
				Cell	   *b = &d->cells[m->c0 + q];
				int			b0,
							b1;

				if (b->off < mpos)
					break;
				mcol += cp_count(d->text, mpos, b->off);
				b0 = mcol;
				mcol += cp_count(d->text, b->off, b->off + b->len);
				b1 = mcol;
				mpos = b->off + b->len;
				/* 元 under the cell's last characters (its column, a character either side) */
				if (is_yuan_tail(d, b) && b0 <= a1 + 1 && b1 >= a0 && b0 >= a0 - 1)
				{
					b->cls = CELL_UNIT;
					b->unit = UNIT_WAN;
					b->piece = PIECE_UNITWRAP;
					if (is_wan_head(d, a))
					{
						a->cls = CELL_UNIT;
						a->unit = UNIT_WAN;
						a->piece = PIECE_UNITWRAP;
					}
					paired = true;
					break;
				}
			}
		}

		/*
		 * 万 alone after a row's figures, without its 元 under it: a unit
		 * cut, whose other half (if any) is elsewhere.  Neither 万元 nor 元
		 * can be told: the row's amounts are not read (cells.c).
		 */
		if (!paired && figures && is_wan_head(d, a))
		{
			a->cls = CELL_UNIT;
			a->unit = UNIT_UNSURE;
		}
	}
}

/*
 * The cells of laid-out line li that may be figures, or 0 for a line of
 * another kind; *wan: one ends in 万; *cut: a piece of a figure starts or
 * ends with a comma or a point.  A quick look at each cell's class and end
 * bytes.
 */
static int
line_kind(const Doc *d, int li, bool *wan, bool *cut)
{
	const Line *l = &d->lines[li];
	int			n = 0;

	*wan = *cut = false;
	if (!(l->marks & LM_WRAP) || !laid_line(l) || l->nc > 2 * WRAP_MAX_NUMS)
		return 0;
	for (int k = 0; k < l->nc; k++)
	{
		const Cell *c = &d->cells[l->c0 + k];
		const unsigned char *u;
		bool		s0,
					s1;

		if (c->cls == CELL_NUM || c->cls == CELL_NULL)
		{
			n++;
			continue;
		}
		if ((c->cls != CELL_TEXT && c->cls != CELL_BAD) || c->known >= 0)
			continue;			/* (a known label is neither) */
		u = (const unsigned char *) d->text + c->off;
		if (c->len <= 36 && (u[0] <= '9' || u[0] == 0xEF) && figure_piece(d, c, &s0, &s1))
		{
			n++;
			*cut |= s0 || s1;
		}
		else if (c->len >= 3 && u[c->len - 3] == 0xE4 && memcmp(u + c->len - 3, "万", 3) == 0)
			*wan = true;
	}
	return n;
}

/* line_kind of line li, once: kind[li] is -1 until asked (then bit 8 is *wan, bit 9 *cut) */
static inline int
kind_of(const Doc *d, int16_t *kind, int li, bool *wan, bool *cut)
{
	if (kind[li] < 0)
	{
		int			n = line_kind(d, li, wan, cut);

		kind[li] = (int16_t) ((n > 255 ? 255 : n) | (*wan ? 256 : 0) | (*cut ? 512 : 0));
	}
	*wan = (kind[li] & 256) != 0;
	*cut = (kind[li] & 512) != 0;
	return kind[li] & 255;
}

/*
 * Put back what a PDF wrapped inside its columns (see the file's comment).
 * A line is looked at as pieces of figures only when a line beside it has
 * more figures, or a comma or a point marks a cut: most lines of a table
 * are rows beside rows of as many.  Only lines that stage_classify marked
 * (LM_WRAP) are looked at.
 */
void
join_wrapped(Ctx *x)
{
	Doc		   *d = x->d;
	int			nlines = d->nlines;
	int16_t    *kind = NULL;

	/* figures centred on their row's line first: their pieces are no row's to take */
	for (int li = 1; li + 1 < nlines && !d->arena.failed; li++)
		if ((d->lines[li].marks & LM_WRAP) && (d->lines[li - 1].marks & LM_WRAP) && laid_line(&d->lines[li]))
			centred_figure(x, li);
	for (int li = 0; li < nlines && !d->arena.failed; li++)
	{
		bool		wan,
					cut,
					w2,
					c2;
		int			n;

		if (!(d->lines[li].marks & LM_WRAP))
			continue;
		if (kind == NULL)
		{
			if ((kind = arena_alloc(x->a, sizeof(int16_t) * (size_t) nlines)) == NULL)
				return;
			memset(kind, 0xFF, sizeof(int16_t) * (size_t) nlines);
		}
		n = kind_of(d, kind, li, &wan, &cut);
		if (wan)
			join_unit(d, li);
		if (n == 0)
			continue;
		for (int lj = li - 2; lj <= li + 2; lj++)
		{
			int			m;

			if (lj == li || lj < 0 || lj >= nlines || !(d->lines[lj].marks & LM_WRAP))
				continue;
			m = kind_of(d, kind, lj, &w2, &c2);
			if (m > n || (m > 0 && (cut || c2)) || (m == 1 && n == 1 && line_bare(d, li) && !line_bare(d, lj)))
			{
				join_line(x, li);
				break;
			}
		}
	}
}
