/*
 * doc.c
 *	  The document: decoded text, its lines and their cells.
 */
#include "parse_int.h"

/* doc_put when the text has no room for n more bytes (and a NUL) */
bool
doc_put_grow(Doc *d, const char *s, int n)
{
	if ((int64_t) d->textlen + n + 1 > INT_MAX / 2)
	{
		d->truncated = true;
		return false;
	}
	if (!GROW(&d->arena, d->text, d->textcap, d->textlen + n + 1))
		return false;
	memcpy(d->text + d->textlen, s, (size_t) n);
	d->textlen += n;
	d->text[d->textlen] = '\0';
	return true;
}

bool
doc_putcp(Doc *d, uint32_t cp)
{
	char		b[4];

	return doc_put(d, b, utf8_enc(cp, b));
}

/* doc_add_line when the lines have no room for one more: false when there is none (or no memory) */
bool
doc_line_room(Doc *d)
{
	if (d->nlines >= GI_PARSE_MAX_LINES)
	{
		d->truncated = true;
		return false;
	}
	return GROW(&d->arena, d->lines, d->linecap, d->nlines + 1);
}

/* doc_add_cell's room for one more cell: false when there is none (or no memory) */
bool
doc_cell_room(Doc *d)
{
	if (d->ncells >= GI_PARSE_MAX_CELLS)
	{
		d->truncated = true;
		return false;
	}
	return GROW(&d->arena, d->cells, d->cellcap, d->ncells + 1);
}

/*
 * Trim a new cell's text as trim_span would, when it may start or end with a
 * space: without the call for the common case of one ASCII space (a cell
 * between bars, or an HTML cell whose last tag left one) next to a
 * character that is none.
 */
void
trim_cell(const char *text, Cell *c)
{
	const unsigned char *u = (const unsigned char *) text;
	int			o = c->off,
				l = c->len;

	/* (trim_span's first step too) */
	if (l > 0 && u[o] == ' ')
	{
		o++;
		l--;
	}
	if (l > 0 && !space_lead[u[o]])
	{
		/*
		 * Nothing more comes off the front, so trim_span would only take
		 * spaces off the end: first this one, then, if the byte before it
		 * may end a space, whatever else it finds.
		 */
		if (u[o + l - 1] == ' ')
			l--;				/* (l was 2 or more: u[o] is no space) */
		c->off = o;
		c->len = l;
		if (space_tail[u[o + l - 1]] && space_at_ends(text, o, l))
			trim_span(text, &c->off, &c->len);
		return;
	}
	c->off = o;
	c->len = l;
	if (space_at_ends(text, o, l))
		trim_span(text, &c->off, &c->len);
}
