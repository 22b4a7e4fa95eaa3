/*
 * decode_html.c
 *	  Decoding HTML (and HTML escaped as text): tags, entities, <tr>/<td>
 *	  with colspan.
 */
#include "parse_int.h"

#define ENTITY(name, cp) {name, sizeof(name) - 1, cp}

static const struct
{
	const char *name;
	size_t		len;			/* strlen(name) */
	uint32_t	cp;
}			html_entities[] =
{
	ENTITY("nbsp", 0xA0), ENTITY("amp", '&'), ENTITY("lt", '<'), ENTITY("gt", '>'),
	ENTITY("quot", '"'), ENTITY("apos", '\''), ENTITY("ensp", 0x2002), ENTITY("emsp", 0x2003),
	ENTITY("thinsp", 0x2009), ENTITY("ldquo", 0x201C), ENTITY("rdquo", 0x201D),
	ENTITY("lsquo", 0x2018), ENTITY("rsquo", 0x2019), ENTITY("mdash", 0x2014),
	ENTITY("ndash", 0x2013), ENTITY("middot", 0xB7), ENTITY("hellip", 0x2026),
	ENTITY("times", 0xD7), ENTITY("shy", 0xAD), ENTITY("zwsp", 0x200B),
	ENTITY("ideographicspace", 0x3000)
};

/*
 * An entity at s[0] == '&': its code point and length, or 0 when it is not
 * one (the '&' is then literal).
 */
static int
html_entity(const char *s, size_t len, uint32_t *cp)
{
	size_t		j = 1;

	if (len < 3)
		return 0;
	if (s[1] == '#')
	{
		uint32_t	v = 0;
		bool		hex = false;
		int			nd = 0;

		j = 2;
		if (j < len && (s[j] == 'x' || s[j] == 'X'))
		{
			hex = true;
			j++;
		}
		for (; j < len && nd < 8; j++, nd++)
		{
			char		c = s[j];
			int			dv;

			if (c >= '0' && c <= '9')
				dv = c - '0';
			else if (hex && c >= 'a' && c <= 'f')
				dv = c - 'a' + 10;
			else if (hex && c >= 'A' && c <= 'F')
				dv = c - 'A' + 10;
			else
				break;
			v = v * (hex ? 16 : 10) + (uint32_t) dv;
		}
		if (nd == 0 || j >= len || s[j] != ';')
			return 0;
		if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
			v = 0xFFFD;
		*cp = v;
		return (int) j + 1;
	}
	for (size_t k = 0; k < sizeof(html_entities) / sizeof(html_entities[0]); k++)
	{
		size_t		n;

		if (html_entities[k].name[0] != s[1])
			continue;			/* (the first letter: no need to compare the rest) */
		n = html_entities[k].len;
		if (len >= n + 1 && memcmp(s + 1, html_entities[k].name, n) == 0)
		{
			if (len >= n + 2 && s[n + 1] == ';')
			{
				*cp = html_entities[k].cp;
				return (int) n + 2;
			}
			/* &nbsp without ';' is common enough */
			if (k == 0 && (len == n + 1 || !((s[n + 1] | 0x20) >= 'a' && (s[n + 1] | 0x20) <= 'z')))
			{
				*cp = 0xA0;
				return (int) n + 1;
			}
		}
	}
	return 0;
}

typedef struct Html
{
	Doc		   *d;
	const char *in;
	size_t		len;
	size_t		next_gt;		/* memo: position of the next '>' (len = none) */
	bool		gt_known;
	bool		in_row;
	bool		in_cell;
	bool		in_pre;
	int			depth;
	int			line_start;
	int			row_line;
	int			cell_start;
	int			cell_colspan;
	int			ncell_in_row;
} Html;

static void
html_finish_text(Html *h)
{
	Doc		   *d = h->d;
	int			off = h->line_start,
				len = d->textlen - off,
				t = off,
				tl = len;

	if (space_at_ends(d->text, t, tl))
		trim_span(d->text, &t, &tl);
	if (tl == 0)
	{
		d->textlen = off;
		if (d->text != NULL)
			d->text[off] = '\0';
		return;
	}
	doc_add_line(d, off, len, 0);
	doc_putc(d, '\n');
	h->line_start = d->textlen;
}

/* The cell open (h->in_cell) ends: add it */
static void
html_cell_close(Html *h)
{
	Doc		   *d = h->d;

	h->in_cell = false;
	if (doc_add_cell(d, h->cell_start, d->textlen - h->cell_start, h->cell_colspan) != NULL &&
		h->row_line >= 0 && h->row_line < d->nlines)
		d->lines[h->row_line].nc++;
}

/* End the cell open, if any (inline: most calls find none) */
static inline void
html_cell_end(Html *h)
{
	if (h->in_cell)
		html_cell_close(h);
}

static void
html_row_end(Html *h)
{
	Doc		   *d = h->d;

	if (!h->in_row)
		return;
	html_cell_end(h);
	h->in_row = false;
	if (h->row_line >= 0 && h->row_line < d->nlines)
	{
		Line	   *l = &d->lines[h->row_line];

		l->len = d->textlen - l->off;
		if (l->nc == 0)
			l->flags |= LF_BLANK;
	}
	doc_putc(d, '\n');
	h->line_start = d->textlen;
}

static void
html_row_start(Html *h)
{
	Doc		   *d = h->d;

	html_row_end(h);
	html_finish_text(h);
	if (doc_add_line(d, d->textlen, 0, LF_HTMLROW | LF_STRUCT | LF_SPLIT) == NULL)
	{
		h->row_line = -1;
		return;
	}
	h->row_line = d->nlines - 1;
	h->in_row = true;
	h->ncell_in_row = 0;
}

static int
attr_colspan(const char *s, size_t len)
{
	for (size_t i = 0; i + 7 <= len; i++)
	{
		if ((s[i] | 0x20) == 'c' && (s[i + 1] | 0x20) == 'o' && ascii_prefix_ci(s + i, len - i, "colspan"))
		{
			size_t		j = i + 7;
			int			v = 0;

			while (j < len && (s[j] == ' ' || s[j] == '=' || s[j] == '"' || s[j] == '\''))
				j++;
			while (j < len && s[j] >= '0' && s[j] <= '9' && v < 1000)
				v = v * 10 + (s[j++] - '0');
			return v < 1 ? 1 : v > 64 ? 64 : v;
		}
	}
	return 1;
}

static void
html_cell_start(Html *h, const char *attrs, size_t alen)
{
	Doc		   *d = h->d;

	if (!h->in_row)
		html_row_start(h);
	if (!h->in_row)
		return;
	html_cell_end(h);
	if (h->ncell_in_row++ > 0)
		doc_putc(d, '\t');
	h->cell_start = d->textlen;
	h->cell_colspan = attr_colspan(attrs, alen);
	h->in_cell = true;
}

/* Position of the next '>' at or after i, or len. */
static inline size_t
html_next_gt(Html *h, size_t i)
{
	const char *p = NULL;
	size_t		k = i;

	/* i only moves forward: the last answer holds while it is not behind i */
	if (h->gt_known && h->next_gt >= i)
		return h->next_gt;

#ifdef GI_PARSE_SSE2
	/* most tags are short: sixteen bytes at a time, a few times, before calling memchr */
	while (p == NULL && k < i + 48 && k + 16 <= h->len)
	{
		int			m = _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *) (h->in + k)),
														 _mm_set1_epi8('>')));

		if (m != 0)
			p = h->in + k + __builtin_ctz((unsigned) m);
		else
			k += 16;
	}
#endif
	/*
	 * Most tags are short: look a few bytes ahead, eight at a time (the byte
	 * itself found in the word that has one), before calling memchr.
	 */
	while (p == NULL && k < i + 24 && k + 8 <= h->len)
	{
		uint64_t	w;

		memcpy(&w, h->in + k, 8);
		if (zero_bytes(w ^ BYTES8('>')) != 0)
		{
			while (h->in[k] != '>')
				k++;
			p = h->in + k;
		}
		else
			k += 8;
	}
	if (p == NULL && k < h->len)
		p = memchr(h->in + k, '>', h->len - k);
	h->next_gt = p ? (size_t) (p - h->in) : h->len;
	h->gt_known = true;
	return h->next_gt;
}

/* Skip to after the closing tag </name (case-insensitive), or to the end. */
static size_t
html_skip_element(Html *h, size_t i, const char *name)
{
	size_t		n = strlen(name);

	for (; i + 2 + n <= h->len; i++)
	{
		if (h->in[i] == '<' && h->in[i + 1] == '/' &&
			ascii_prefix_ci(h->in + i + 2, h->len - i - 2, name))
		{
			const char *gt = memchr(h->in + i, '>', h->len - i);

			return gt ? (size_t) (gt - h->in) + 1 : h->len;
		}
	}
	return h->len;
}

/* A byte of a tag's name (letters, digits, ':'), lower case; 0 for every other byte */
static const char tag_name_char[256] = {
	['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4', ['5'] = '5', ['6'] = '6',
	['7'] = '7', ['8'] = '8', ['9'] = '9', [':'] = ':', ['A'] = 'a', ['B'] = 'b', ['C'] = 'c',
	['D'] = 'd', ['E'] = 'e', ['F'] = 'f', ['G'] = 'g', ['H'] = 'h', ['I'] = 'i', ['J'] = 'j',
	['K'] = 'k', ['L'] = 'l', ['M'] = 'm', ['N'] = 'n', ['O'] = 'o', ['P'] = 'p', ['Q'] = 'q',
	['R'] = 'r', ['S'] = 's', ['T'] = 't', ['U'] = 'u', ['V'] = 'v', ['W'] = 'w', ['X'] = 'x',
	['Y'] = 'y', ['Z'] = 'z', ['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e',
	['f'] = 'f', ['g'] = 'g', ['h'] = 'h', ['i'] = 'i', ['j'] = 'j', ['k'] = 'k', ['l'] = 'l',
	['m'] = 'm', ['n'] = 'n', ['o'] = 'o', ['p'] = 'p', ['q'] = 'q', ['r'] = 'r', ['s'] = 's',
	['t'] = 't', ['u'] = 'u', ['v'] = 'v', ['w'] = 'w', ['x'] = 'x', ['y'] = 'y', ['z'] = 'z'
};

/* what decode_html does with a tag */
#define TAG_OTHER	0			/* ignored: span, font, b, a, img, o:p ... */

#define TAG_RAW		1			/* script, style, noscript, template: skipped with its content */

#define TAG_TR		2

#define TAG_TD		3			/* td, th */

#define TAG_TABLE	4

#define TAG_PRE		5

#define TAG_BREAK	6			/* br and the block tags: a line break outside a table */

/*
 * The block tags, which break a line outside a table: p div li h1-h6 title
 * section article header footer blockquote ul ol dt dd hr caption center
 * form nav aside main figure figcaption dl address (and br).
 */

#define NAME_IS(name, w) (memcmp((name), (w), sizeof(w)) == 0)	/* with the NUL */

/*
 * The kind of a tag by its (lower-case) name of n characters: script,
 * style, noscript and template; tr; td and th; table; pre; br and the
 * block tags above; every other name is ignored.
 */
static int
tag_kind(const char *name, int n)
{
	/* first the commonest tags, td, tr, p (a jump on the length costs more than these tests) */
	if (n == 2 && name[0] == 't')
		return name[1] == 'r' ? TAG_TR : (name[1] == 'd' || name[1] == 'h') ? TAG_TD : TAG_OTHER;
	if (n == 1)
		return name[0] == 'p' ? TAG_BREAK : TAG_OTHER;
	switch (n)
	{
		case 2:
			switch (name[0])
			{
				case 'b':
					return name[1] == 'r' ? TAG_BREAK : TAG_OTHER;
				case 'h':
					return (name[1] >= '1' && name[1] <= '6') || name[1] == 'r' ? TAG_BREAK : TAG_OTHER;
				case 'l':
					return name[1] == 'i' ? TAG_BREAK : TAG_OTHER;
				case 'u':
				case 'o':
					return name[1] == 'l' ? TAG_BREAK : TAG_OTHER;
				case 'd':
					return name[1] == 't' || name[1] == 'd' || name[1] == 'l' ? TAG_BREAK : TAG_OTHER;
				default:
					return TAG_OTHER;
			}
		case 3:
			if (NAME_IS(name, "pre"))
				return TAG_PRE;
			return NAME_IS(name, "div") || NAME_IS(name, "nav") ? TAG_BREAK : TAG_OTHER;
		case 4:
			return NAME_IS(name, "form") || NAME_IS(name, "main") ? TAG_BREAK : TAG_OTHER;
		case 5:
			if (NAME_IS(name, "table"))
				return TAG_TABLE;
			if (NAME_IS(name, "style"))
				return TAG_RAW;
			return NAME_IS(name, "title") || NAME_IS(name, "aside") ? TAG_BREAK : TAG_OTHER;
		case 6:
			if (NAME_IS(name, "script"))
				return TAG_RAW;
			return NAME_IS(name, "header") || NAME_IS(name, "footer") || NAME_IS(name, "center") ||
				NAME_IS(name, "figure") ? TAG_BREAK : TAG_OTHER;
		case 7:
			return NAME_IS(name, "section") || NAME_IS(name, "article") || NAME_IS(name, "caption") ||
				NAME_IS(name, "address") ? TAG_BREAK : TAG_OTHER;
		case 8:
			return NAME_IS(name, "noscript") || NAME_IS(name, "template") ? TAG_RAW : TAG_OTHER;
		case 10:
			return NAME_IS(name, "blockquote") || NAME_IS(name, "figcaption") ? TAG_BREAK : TAG_OTHER;
		default:
			return TAG_OTHER;
	}
}

static void html_text_byte(Html *h, size_t *i);

/*
 * Length of the run at in[i..len) that html_text_byte would copy byte for
 * byte unchanged: printable ASCII but '<', '&' and spaces, and well-formed
 * characters U+00C0-U+07FF and U+1000-U+FFFF but surrogates and the line
 * and paragraph separators.
 */
static size_t
html_plain_run(const unsigned char *in, size_t i, size_t len)
{
	size_t		j = i;

	while (j < len)
	{
		unsigned char b = in[j];

		if (b > 0x20 && b < 0x7F && b != '<' && b != '&')
			j++;
		else if (b >= 0xE3 && b <= 0xEF && b != 0xED && j + 2 < len &&
				 ((in[j + 1] | ((unsigned) in[j + 2] << 8)) & 0xC0C0) == 0x8080)
		{
			/* a run of three-byte characters led by E3-EC, EE, EF (as in clean_run) */
#ifdef GI_PARSE_SSE2
			size_t		j0 = j;

			while (j + 16 <= len && cjk_run5(in + j))
				j += 15;
			if (j > j0)
				continue;
#endif
			do
			{
				j += 3;
				if (j + 2 >= len)
					break;
				b = in[j];
			} while (b >= 0xE3 && b <= 0xEF && b != 0xED &&
					 ((in[j + 1] | ((unsigned) in[j + 2] << 8)) & 0xC0C0) == 0x8080);
		}
		else if (b >= 0xE1 && b <= 0xEF && b != 0xED && j + 2 < len &&
				 (in[j + 1] & 0xC0) == 0x80 && (in[j + 2] & 0xC0) == 0x80 &&
				 !(b == 0xE2 && in[j + 1] == 0x80 && (in[j + 2] == 0xA8 || in[j + 2] == 0xA9)))
			j += 3;
		else if (b >= 0xC3 && b <= 0xDF && j + 1 < len && (in[j + 1] & 0xC0) == 0x80)
			j += 2;
		else
			break;
	}
	return j - i;
}

/* Text up to the next '<' (or an entity, a space, an odd byte): at least one byte. */
static void
html_text(Html *h, size_t *i)
{
	Doc		   *d = h->d;
	size_t		n;

	if (h->in_row && !h->in_cell)
	{
		/* text between cells: ignored */
		const char *lt = memchr(h->in + *i, '<', h->len - *i);

		*i = lt ? (size_t) (lt - h->in) : h->len;
		return;
	}
	n = html_plain_run((const unsigned char *) h->in, *i, h->len);
	if (n > 0)
	{
		doc_put(d, h->in + *i, (int) n);
		*i += n;
		return;
	}
	html_text_byte(h, i);
}

static void
html_text_byte(Html *h, size_t *i)
{
	Doc		   *d = h->d;
	unsigned char c = (unsigned char) h->in[*i];
	bool		lastbad = false;

	if (h->in_row && !h->in_cell)
	{
		(*i)++;					/* text between cells: ignored */
		return;
	}
	if (c == '\n' && h->in_pre && !h->in_cell)
	{
		(*i)++;
		html_finish_text(h);
		return;
	}
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f')
	{
		(*i)++;
		if (d->textlen > 0 && d->text[d->textlen - 1] != ' ' &&
			d->textlen > (h->in_cell ? h->cell_start : h->line_start))
			doc_putc(d, ' ');
		return;
	}
	if (c == '&')
	{
		uint32_t	cp;
		int			n = html_entity(h->in + *i, h->len - *i, &cp);

		if (n > 0)
		{
			*i += (size_t) n;
			if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
				doc_putc(d, ' ');
			else
				doc_putcp(d, cp);
			return;
		}
	}
	put_clean_char(d, (const unsigned char *) h->in, h->len, i, &lastbad);
	if (d->textlen > 0 && (d->text[d->textlen - 1] == '\n' || d->text[d->textlen - 1] == '\t'))
		d->text[d->textlen - 1] = ' ';
}

/*
 * A tag read: its kind by its name (name, nl characters, lower case), a
 * closing tag or not, its attributes in h->in[p .. gt) where gt is its '>'.
 * i is past the '>'; returns where reading goes on (past the element, for
 * script, style and the like).
 */
static inline size_t
html_tag(Html *h, size_t i, size_t p, size_t gt, const char *name, int nl, bool closing)
{
	Doc		   *d = h->d;
	const char *in = h->in;

	switch (tag_kind(name, nl))
	{
		case TAG_RAW:
			if (!closing && in[gt - 1] != '/')
				i = html_skip_element(h, i, name);
			break;
		case TAG_TR:
			if (closing)
				html_row_end(h);
			else
				html_row_start(h);
			break;
		case TAG_TD:
			if (closing)
				html_cell_end(h);
			else
				html_cell_start(h, in + p, gt - p);
			break;
		case TAG_TABLE:
			html_row_end(h);
			html_finish_text(h);
			if (closing)
				h->depth = h->depth > 0 ? h->depth - 1 : 0;
			else
				h->depth++;
			break;
		case TAG_PRE:
			if (!h->in_row)
				html_finish_text(h);
			h->in_pre = !closing;
			break;
		case TAG_BREAK:
			if (h->in_cell)
			{
				if (d->textlen > h->cell_start && d->text[d->textlen - 1] != ' ')
					doc_putc(d, ' ');
			}
			else if (!h->in_row)
				html_finish_text(h);
			break;
		default:
			break;			/* every other tag (span, font, b, a, img, o:p ...) is ignored */
	}
	return i;
}

void
decode_html(Doc *d, const char *in, size_t len)
{
	Html		h;
	size_t		i = 0;

	memset(&h, 0, sizeof(h));
	h.d = d;
	h.in = in;
	h.len = len;
	h.row_line = -1;
	if (!GROW(&d->arena, d->text, d->textcap, (int) (len / 2 + 64)))
		return;
	while (i < len && !d->arena.failed && !d->truncated)
	{
		char		c = in[i];
		size_t		gt,
					p;
		bool		closing = false;
		char		name[17];
		int			nl = 0;
		unsigned char b1;

		if (c != '<')
		{
			html_text(&h, &i);
			continue;
		}
		b1 = i + 1 < len ? (unsigned char) in[i + 1] : 0;
		p = i + 1;
		if (tag_name_char[b1] < 'a')
		{
			/*
			 * Not a letter (which tag_name_char makes a-z; digits and ':'
			 * come below 'a'): a closing tag, a comment or the like, or text.
			 */
			if (b1 == '/' && i + 2 < len && tag_name_char[(unsigned char) in[i + 2]] >= 'a')
			{
				closing = true;
				p++;
			}
			else if (b1 == '!' || b1 == '?')
			{
				/* comments, doctype, processing instructions */
				if (i + 3 < len && in[i + 2] == '-' && in[i + 3] == '-')
				{
					size_t		j = i + 4;

					for (; j + 2 < len; j++)
						if (in[j] == '-' && in[j + 1] == '-' && in[j + 2] == '>')
							break;
					i = j + 2 < len ? j + 3 : len;
					continue;
				}
				gt = html_next_gt(&h, i);
				i = gt < len ? gt + 1 : len;
				continue;
			}
			else
			{
				html_text_byte(&h, &i); /* a literal '<' */
				continue;
			}
		}
#ifdef GI_PARSE_SSE2
		if (p + 16 <= len)
		{
			/*
			 * One load for most tags: the '>' that ends it, and its name:
			 * letters (lower case by |0x20, a-z), digits and ':' (0-9 and ':'
			 * unchanged).  Each range by one signed compare: x + 128 - lo is
			 * below -128 + its size as a signed byte exactly when x is in it.
			 */
			__m128i		v = _mm_loadu_si128((const __m128i *) (in + p));
			__m128i		lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
			int			mgt = _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('>')));
			int			mname = _mm_movemask_epi8(
				_mm_or_si128(_mm_cmplt_epi8(_mm_add_epi8(lower, _mm_set1_epi8((char) (128 - 'a'))),
											_mm_set1_epi8(-128 + 26)),
							 _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8((char) (128 - '0'))),
											_mm_set1_epi8(-128 + 11))));

			if (mgt != 0)
				gt = p + (size_t) __builtin_ctz((unsigned) mgt);
			else if ((gt = html_next_gt(&h, p + 16)) >= len)	/* (none before p + 16) */
			{
				html_text_byte(&h, &i);
				continue;
			}

			/*
			 * The name's characters (never a '>'), 16 at most: no tag that
			 * matters is longer than 10, so the first 16 tell as well as all.
			 */
			nl = __builtin_ctz((unsigned) ~mname);
			_mm_storeu_si128((__m128i *) name, lower);
			name[nl] = '\0';
			p += (size_t) nl;
		}
		else
#endif
		{
			gt = html_next_gt(&h, p);
			if (gt >= len)
			{
				html_text_byte(&h, &i);
				continue;
			}
			while (p < gt && nl < (int) sizeof(name) - 1 && tag_name_char[(unsigned char) in[p]] != 0)
				name[nl++] = tag_name_char[(unsigned char) in[p++]];
			name[nl] = '\0';
		}
		i = gt + 1;

		i = html_tag(&h, i, p, gt, name, nl, closing);
	}
	html_row_end(&h);
	html_finish_text(&h);
}

/* Decode entities only (for HTML that was escaped into text). */
char *
unescape_entities(Arena *a, const char *in, size_t len, size_t *outlen)
{
	char	   *out = arena_alloc(a, len + 1);
	size_t		o = 0;

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < len;)
	{
		uint32_t	cp;
		int			n;

		if (in[i] == '&' && (n = html_entity(in + i, len - i, &cp)) > 0)
		{
			char		b[4];
			int			k = utf8_enc(cp, b);

			/* an entity is at least 3 bytes (&x;), a character at most 4 */
			if (k <= n)
			{
				memcpy(out + o, b, (size_t) k);
				o += (size_t) k;
				i += (size_t) n;
				continue;
			}
		}
		out[o++] = in[i++];
	}
	out[o] = '\0';
	*outlen = o;
	return out;
}

/* Does the input look like HTML (or like HTML escaped as text)? */
bool
looks_html(const char *s, size_t len, bool *escaped)
{
	static const char *const tags[] = {"table", "tr", "td", "th", "p", "div", "br", "html", "body", "span", NULL};
	bool		esc = false;

	*escaped = false;
	for (int pass = 0; pass < 2; pass++)
	for (const char *q = s; q < s + len && (q = memchr(q, pass == 0 ? '<' : '&', (size_t) (s + len - q))) != NULL; q++)
	{
		size_t		i = (size_t) (q - s),
					p;

		if (s[i] == '<')
			p = i + 1;
		else if (s[i] == '&' && i + 4 < len && memcmp(s + i, "&lt;", 4) == 0)
			p = i + 4;
		else
			continue;
		if (p < len && s[p] == '/')
			p++;
		for (int t = 0; tags[t] != NULL; t++)
		{
			size_t		n = strlen(tags[t]);

			if (ascii_prefix_ci(s + p, len - p, tags[t]) &&
				(p + n >= len || s[p + n] == '>' || s[p + n] == ' ' || s[p + n] == '&' ||
				 s[p + n] == '/' || s[p + n] == '\n' || s[p + n] == '\t'))
			{
				if (s[i] == '<')
					return true;
				/* the second pass: no '<' tag was found, so it is escaped HTML */
				*escaped = true;
				return true;
			}
		}
	}
	*escaped = esc;
	return esc;
}
