/*
 * columns.c
 *	  Table 三: the order of the applicant columns, from the header.
 */
#include "parse_int.h"
#include "keywords.h"

/* The words of table 三's header that name its columns: col_kws (spec/keywords.tsv) */

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

#define COL_GROUPMARK	101		/* 法人或其他组织: the heading over the five */

static int
column_index(const GiTemplate *t, const char *name)
{
	for (int i = 0; i < t->ncolumns; i++)
		if (strcmp(t->columns[i].name, name) == 0)
			return i;
	return -1;
}

void
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

/*
 * The column headings of table 三's header as printed: the headings of the
 * top line (top; 法人或其他组织 as COL_GROUPMARK) and those under the group
 * heading (grp), each with where it starts on its line, in characters.
 */
typedef struct HeaderCols
{
	int			top[10],
				topx[10],
				ntop,
				grp[10],
				grpx[10],
				ngrp,
				group_at;		/* the group heading's place in top, or -1 */
	bool		laid;			/* a header line of several cells apart by spaces (PDF) */
} HeaderCols;

/* The column words of the header rows start .. first_row - 1, into h */
static void
header_words(Ctx *x, const GiTemplate *t, int start, int first_row, HeaderCols *h)
{
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
			h->laid = true;
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
				if (h->group_at < 0 && h->ntop < 10)
				{
					h->group_at = h->ntop;
					h->top[h->ntop++] = COL_GROUPMARK;
				}
				continue;
			}
			ci = strcmp(col_kws[k].col, "#subtotal") == 0 ? COL_SUBTOTAL : column_index(t, col_kws[k].col);
			if (ci < 0)
				continue;
			/* the five kinds (and the subtotal) go under the group heading */
			if (h->group_at >= 0 && ci != COL_SUBTOTAL &&
				strcmp(t->columns[ci].name, "natural") != 0 && strcmp(t->columns[ci].name, "total") != 0)
			{
				if (h->ngrp < 10)
				{
					h->grpx[h->ngrp] = row_column(x, r);
					h->grp[h->ngrp++] = ci;
				}
			}
			else if (h->group_at >= 0 && ci == COL_SUBTOTAL && h->ngrp > 0)
			{
				if (h->ngrp < 10)
				{
					h->grpx[h->ngrp] = row_column(x, r);
					h->grp[h->ngrp++] = ci;
				}
			}
			else if (h->ntop < 10)
			{
				h->topx[h->ntop] = row_column(x, r);
				h->top[h->ntop++] = ci;
			}
		}
	}
}

/*
 * A laid-out header (pdftotext of a PDF) prints each heading at the height
 * of its cell's middle, so that its lines do not follow the columns: 自然人
 * and 总计 on one line, the five kinds over several.  Then the five kinds
 * are ordered by where they stand on their lines, and the headings above
 * them in the national order, 自然人 first and 总计 last (a header with
 * cells delimited keeps the order it prints).  Unless the top line has not
 * the three headings once each: then as printed.
 */
static void
header_laid_order(const GiTemplate *t, HeaderCols *h)
{
	int			nat = -1,
				tot = -1,
				nother = 0;

	/* the kinds printed above, without 法人或其他组织 over them, join the group */
	for (int i = 0; i < h->ntop; i++)
	{
		if (h->top[i] == COL_GROUPMARK)
			continue;
		if (h->top[i] != COL_SUBTOTAL && strcmp(t->columns[h->top[i]].name, "natural") == 0)
			nat = nat == -1 ? h->top[i] : -2;
		else if (h->top[i] != COL_SUBTOTAL && strcmp(t->columns[h->top[i]].name, "total") == 0)
			tot = tot == -1 ? h->top[i] : -2;
		else
			nother++;
	}
	if (nat < 0 || tot < 0 || h->ngrp + nother > 10)
		return;
	for (int i = 0; i < h->ntop; i++)
		if (h->top[i] != COL_GROUPMARK && h->top[i] != nat && h->top[i] != tot)
		{
			h->grpx[h->ngrp] = h->topx[i];
			h->grp[h->ngrp++] = h->top[i];
		}
	for (int i = 1; i < h->ngrp; i++)
		for (int k = i; k > 0 && h->grpx[k - 1] > h->grpx[k]; k--)
		{
			int			tc = h->grp[k],
						tx = h->grpx[k];

			h->grp[k] = h->grp[k - 1];
			h->grpx[k] = h->grpx[k - 1];
			h->grp[k - 1] = tc;
			h->grpx[k - 1] = tx;
		}
	h->top[0] = nat;
	h->top[1] = COL_GROUPMARK;
	h->top[2] = tot;
	h->ntop = 3;
}

/*
 * The columns in h's order into found; whether that is a complete header:
 * each of the seven columns once, the subtotal at most once.
 */
static bool
header_columns(const GiTemplate *t, const HeaderCols *h, ColMap *found)
{
	int			seen[COL_SUBTOTAL + 1];
	bool		ok = true;

	found->n = 0;
	for (int i = 0; i < h->ntop; i++)
	{
		if (h->top[i] == COL_GROUPMARK)
		{
			for (int g = 0; g < h->ngrp && found->n < 10; g++)
				found->col[found->n++] = h->grp[g];
		}
		else if (found->n < 10)
			found->col[found->n++] = h->top[i];
	}
	memset(seen, 0, sizeof(seen));
	for (int i = 0; i < found->n; i++)
		seen[found->col[i]]++;
	for (int i = 0; i < t->ncolumns; i++)
		if (seen[i] != 1)
			ok = false;
	if (seen[COL_SUBTOTAL] > 1 || found->n != t->ncolumns + (seen[COL_SUBTOTAL] ? 1 : 0))
		ok = false;
	return ok;
}

/* The log line of a header whose columns could not be read (its rows start .. first_row - 1) */
static void
log_bad_header(Ctx *x, int start, int first_row)
{
	char		buf[400];
	int			o = 0;

	buf[0] = '\0';
	for (int i = start; i < first_row && o < 300; i++)
		if (x->rows[i].norm && x->rows[i].norm[0])
			o += snprintf(buf + o, sizeof(buf) - (size_t) o, "%s%s", o ? " " : "", x->rows[i].norm);
	utf8_clip(buf);
	addlog(x, SEV_WARNING, "三", "申请人情况", -1, buf, -1,
		   "the applicant columns of table 三 could not be read from its header: "
		   "assumed the national order (自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计)");
}

/* The log line of a column order taken from the header, when it is not the national one */
static void
log_header_order(Ctx *x, const GiTemplate *t, const ColMap *cm)
{
	bool		same = cm->n == t->ncolumns || x->nolog;
	char		buf[300];
	int			o = 0;

	for (int i = 0; same && i < cm->n; i++)
		if (cm->col[i] != i)
			same = false;
	if (same)
		return;
	for (int i = 0; i < cm->n && o < 250; i++)
		o += snprintf(buf + o, sizeof(buf) - (size_t) o, "%s%s", i ? ", " : "",
					  cm->col[i] == COL_SUBTOTAL ? "法人或其他组织小计" : t->columns[cm->col[i]].label_zh);
	utf8_clip(buf);
	addlog(x, SEV_INFO, "三", "申请人情况", -1, buf, -1,
		   "column order of table 三 taken from its header");
}

/*
 * The order of table 三's applicant columns, from the header rows above its
 * first row (first_row; the window starts at w0), into cm: the national
 * order unless the header names each column once.
 */
void
detect_columns(Ctx *x, const GiTemplate *t, int first_row, int w0, ColMap *cm)
{
	HeaderCols	h;
	ColMap		found;
	int			start = first_row;
	bool		ok;

	default_columns(t, cm, false);
	if (first_row < 0)
		return;
	while (start > w0 && start > first_row - 40 && x->rows[start - 1].nfill == 0)
		start--;
	h.ntop = h.ngrp = 0;
	h.group_at = -1;
	h.laid = false;
	header_words(x, t, start, first_row, &h);
	if (h.laid)
		header_laid_order(t, &h);
	ok = header_columns(t, &h, &found);
	if (found.n == 0)
		return;					/* no header text at all: the national order */
	if (!ok)
	{
		if (!x->nolog)
			log_bad_header(x, start, first_row);
		return;
	}
	found.from_header = true;
	*cm = found;
	log_header_order(x, t, cm);
}
