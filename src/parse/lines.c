/*
 * lines.c
 *	  Lines -> cells: prose, rules and page numbers told apart, cells split at
 *	  '|', tabs or runs of spaces.
 */
#include "parse_int.h"

/* The bytes that is_prose's second pass looks at: ( ) ; , and the leads EF E3 */
static const bool prose_byte[256] = {
	['('] = true,[')'] = true,[';'] = true,[','] = true,[0xEF] = true,[0xE3] = true
};

/* An ASCII or full-width (EF BC 90-99) digit ends just before u[i] / starts at u[i] */
static inline bool
digit_before(const unsigned char *u, int i)
{
	return (i >= 1 && u[i - 1] >= '0' && u[i - 1] <= '9') ||
		(i >= 3 && u[i - 3] == 0xEF && u[i - 2] == 0xBC && u[i - 1] >= 0x90 && u[i - 1] <= 0x99);
}

static inline bool
digit_after(const unsigned char *u, int len, int i)
{
	return (i < len && u[i] >= '0' && u[i] <= '9') ||
		(i + 2 < len && u[i] == 0xEF && u[i + 1] == 0xBC && u[i + 2] >= 0x90 && u[i + 2] <= 0x99);
}

/*
 * Whether the comma at u[i] (w bytes) ends a figure standing apart (two
 * spaces or a tab, or the text's ends, before its digits and after it):
 * 1, or ３， a PDF cut inside its squeezed column, its digits going on the
 * line below.
 */
static bool
figure_cut_at_end(const unsigned char *u, int len, int i, int w)
{
	int			j = i,
				digits = 0;

	i += w;
	if (!(i == len || u[i] == '\t' || (i + 1 < len && u[i] == ' ' && u[i + 1] == ' ')))
		return false;
	while (j > 0)
	{
		if (u[j - 1] >= '0' && u[j - 1] <= '9')
		{
			digits++;
			j--;
		}
		else if (u[j - 1] == ',')
			j--;
		else if (j >= 3 && u[j - 3] == 0xEF && u[j - 2] == 0xBC &&
				 ((u[j - 1] >= 0x90 && u[j - 1] <= 0x99) || u[j - 1] == 0x8C))
		{
			digits += u[j - 1] != 0x8C;
			j -= 3;
		}
		else
			break;
	}
	return digits > 0 && (j == 0 || u[j - 1] == '\t' || (j >= 2 && u[j - 1] == ' ' && u[j - 2] == ' '));
}

/* The first ')' or '）' (EF BC 89) of u[from..len), or len (u is valid UTF-8) */
static int
close_paren_from(const unsigned char *u, int len, int from)
{
	const unsigned char *a = from < len ? memchr(u + from, ')', (size_t) (len - from)) : NULL;
	int			end = a != NULL ? (int) (a - u) : len;

	/* a full-width one before it: by its middle byte */
	for (const unsigned char *p = u + from + 1; p + 1 < u + end;)
	{
		p = memchr(p, 0xBC, (size_t) (u + end - 1 - p));
		if (p == NULL)
			break;
		if (p[-1] == 0xEF && p[1] == 0x89)
			return (int) (p - 1 - u);
		p++;
	}
	return end;
}

/*
 * The characters of u[0..len), counted from their lead bytes (spaces, and
 * where tabs says so tabs, left out), eight bytes at a time, stopping as
 * soon as they reach 80; and in *maybe whether any byte may be sentence
 * punctuation (EF.. and E3.. full-width forms, ',' and ';').
 */
static inline int
prose_chars(const unsigned char *u, int len, bool tabs, bool *maybe)
{
	int			chars = 0,
				i = 0;

#ifdef GI_PARSE_SSE2
	{
		/*
		 * The characters counted in a byte per lane, summed every 64 bytes
		 * (a lane counts at most four in between), and the bytes that may be
		 * punctuation or-ed together, looked at once at the end.
		 */
		__m128i		acc = _mm_setzero_si128(),
					pm = _mm_setzero_si128();

		for (; i + 16 <= len; i += 16)
		{
			__m128i		v = _mm_loadu_si128((const __m128i *) (u + i));
			__m128i		skip = _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8((char) 0xC0)),	/* 80-BF */
											_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')));

			if (tabs)
				skip = _mm_or_si128(skip, _mm_cmpeq_epi8(v, _mm_set1_epi8('\t')));
			acc = _mm_add_epi8(acc, _mm_andnot_si128(skip, _mm_set1_epi8(1)));
			pm = _mm_or_si128(pm, _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char) 0xEF)),
															_mm_cmpeq_epi8(v, _mm_set1_epi8((char) 0xE3))),
											   _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')),
															_mm_cmpeq_epi8(v, _mm_set1_epi8(';')))));
			if ((i & 48) == 48)
			{
				__m128i		sum = _mm_sad_epu8(acc, _mm_setzero_si128());

				chars += _mm_cvtsi128_si32(sum) + _mm_cvtsi128_si32(_mm_srli_si128(sum, 8));
				if (chars >= 80)
					return chars;
				acc = _mm_setzero_si128();
			}
		}
		{
			__m128i		sum = _mm_sad_epu8(acc, _mm_setzero_si128());

			chars += _mm_cvtsi128_si32(sum) + _mm_cvtsi128_si32(_mm_srli_si128(sum, 8));
		}
		*maybe = _mm_movemask_epi8(pm) != 0;
		if (i < len && len >= 16)
		{
			/* the bytes left: the last sixteen, those before them masked off */
			__m128i		v = _mm_loadu_si128((const __m128i *) (u + len - 16));
			__m128i		skip = _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8((char) 0xC0)),
											_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')));
			int			drop = 16 - (len - i);

			if (tabs)
				skip = _mm_or_si128(skip, _mm_cmpeq_epi8(v, _mm_set1_epi8('\t')));
			chars += popcount64((uint64_t) ((~_mm_movemask_epi8(skip) & 0xFFFF) >> drop));
			if ((_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char) 0xEF)),
															 _mm_cmpeq_epi8(v, _mm_set1_epi8((char) 0xE3))),
												_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')),
															 _mm_cmpeq_epi8(v, _mm_set1_epi8(';'))))) >> drop) != 0)
				*maybe = true;
			i = len;
		}
	}
#endif
	for (; i + 8 <= len; i += 8)
	{
		uint64_t	w;

		memcpy(&w, u + i, 8);
		chars += 8 - count_marked((w & ~(w << 1) & BYTES8(0x80)) | zero_bytes(w ^ BYTES8(' ')) |
								  (tabs ? zero_bytes(w ^ BYTES8('\t')) : 0));
		if (chars >= 80)
			return chars;
		if (!*maybe && (zero_bytes(w ^ BYTES8(0xEF)) | zero_bytes(w ^ BYTES8(0xE3)) |
					   zero_bytes(w ^ BYTES8(',')) | zero_bytes(w ^ BYTES8(';'))))
			*maybe = true;
	}
	for (; i < len; i++)
	{
		unsigned char b = u[i];

		if ((b & 0xC0) != 0x80 && b != ' ' && b != '\t')
		{
			if (++chars >= 80)
				return chars;
		}
		if (b == 0xEF || b == 0xE3 || b == ',' || b == ';')
			*maybe = true;
	}
	return chars;
}

/* Whether u[0..len) has sentence punctuation outside parentheses */
static inline bool
prose_punct(const unsigned char *u, int len)
{
	int			depth = 0,
				punct = 0,
				close = -1;		/* the next closing parenthesis (-1: not looked for) */

	/* sentence punctuation outside parentheses, by bytes: （ ） ， ； ！ ？ 。 , ; */
	for (int i = 0; i < len; i++)
	{
		unsigned char b;
		int			c = 0;			/* 1 open, 2 close, 3 punctuation */

#ifdef GI_PARSE_SSE2
		/* sixteen bytes at a time past those that cannot start one */
		while (i + 16 <= len)
		{
			__m128i		v = _mm_loadu_si128((const __m128i *) (u + i));
			int			m = _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('(')),
																				  _mm_cmpeq_epi8(v, _mm_set1_epi8(')'))),
																	_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(';')),
																				 _mm_cmpeq_epi8(v, _mm_set1_epi8(',')))),
													   _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char) 0xEF)),
																	_mm_cmpeq_epi8(v, _mm_set1_epi8((char) 0xE3)))));

			if (m != 0)
			{
				i += __builtin_ctz((unsigned) m);
				break;
			}
			i += 16;
		}
#endif
		/* four bytes at a time past those that cannot start one */
		while (i + 4 <= len && !(prose_byte[u[i]] | prose_byte[u[i + 1]] |
								 prose_byte[u[i + 2]] | prose_byte[u[i + 3]]))
			i += 4;
		if (i >= len)
			break;
		b = u[i];
		if (!prose_byte[b])
			continue;
		if (b == '(')
			c = 1;
		else if (b == ')')
			c = 2;
		else if (b == ';')
			c = 3;
		else if (b == ',')
			c = digit_before(u, i) && (digit_after(u, len, i + 1) ||
									   figure_cut_at_end(u, len, i, 1)) ? 0 : 3;	/* 1,976; 1, cut */
		else if (b == 0xEF && i + 2 < len && u[i + 1] == 0xBC)
		{
			unsigned char t = u[i + 2];

			c = t == 0x88 ? 1 : t == 0x89 ? 2 : (t == 0x8C || t == 0x9B || t == 0x81 || t == 0x9F) ? 3 : 0;
			if (t == 0x8C && digit_before(u, i) &&
				(digit_after(u, len, i + 3) || figure_cut_at_end(u, len, i, 3)))
				c = 0;			/* a full-width thousands separator: 1，976, or ３， cut */
			i += 2;
		}
		else if (b == 0xE3 && i + 2 < len && u[i + 1] == 0x80 && u[i + 2] == 0x82)
		{
			c = 3;
			i += 2;
		}
		if (c == 1)
			depth++;
		else if (c == 2)
		{
			if (depth > 0)
				depth--;
			else
				punct = 0;		/* the text so far was inside a parenthesis */
		}
		else if (c == 3 && depth == 0)
		{
			/*
			 * Only a closing parenthesis can take this back (a reset above):
			 * with none further on, the answer is yes already.
			 */
			if (punct++ == 0 && (close < i && (close = close_paren_from(u, len, i + 1)) == len))
				return true;
		}
	}
	return punct > 0;
}

/*
 * A sentence rather than a table cell: at least 20 characters with sentence
 * punctuation outside parentheses, or 80 characters at all.  tabs: whether
 * s may hold a tab (false when the caller knows it does not).
 */
bool
is_prose(const char *s, int len, bool tabs)
{
	const unsigned char *u = (const unsigned char *) s;
	int			chars;
	bool		maybe = false;

	if (len < 20)
		return false;			/* fewer than 20 characters (one lead byte each at least) */
	chars = prose_chars(u, len, tabs, &maybe);
	if (chars < 20 || chars >= 80 || !maybe)
		return chars >= 80;
	return prose_punct(u, len);
}

static bool
is_bar_at(const char *s, int len, int *n)
{
	if (len >= 1 && s[0] == '|')
	{
		*n = 1;
		return true;
	}
	if (len >= 3 && (unsigned char) s[0] == 0xEF && (unsigned char) s[1] == 0xBD &&
		(unsigned char) s[2] == 0x9C)
	{
		*n = 3;
		return true;
	}
	return false;
}

/*
 * The first bar ('|' or ｜, EF BD 9C) of t[i..end) and its length in *nb,
 * or end: where is_bar_at is first true.
 */
static int
next_bar(const char *t, int i, int end, int *nb)
{
#ifdef GI_PARSE_SSE2
	const unsigned char *u = (const unsigned char *) t;

	/* sixteen positions at a time, each with the two bytes after it */
	for (; i + 18 <= end; i += 16)
	{
		__m128i		v0 = _mm_loadu_si128((const __m128i *) (u + i)),
					v1 = _mm_loadu_si128((const __m128i *) (u + i + 1)),
					v2 = _mm_loadu_si128((const __m128i *) (u + i + 2));
		int			m = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v0, _mm_set1_epi8('|')),
													   _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(v0, _mm_set1_epi8((char) 0xEF)),
																				   _mm_cmpeq_epi8(v1, _mm_set1_epi8((char) 0xBD))),
																	 _mm_cmpeq_epi8(v2, _mm_set1_epi8((char) 0x9C)))));

		if (m != 0)
		{
			i += __builtin_ctz((unsigned) m);
			*nb = u[i] == '|' ? 1 : 3;
			return i;
		}
	}
	for (; i < end; i++)
		if (is_bar_at(t + i, end - i, nb))
			return i;
	*nb = 1;
	return end;
#else
	const char *a = i < end ? memchr(t + i, '|', (size_t) (end - i)) : NULL;
	int			lim = a != NULL ? (int) (a - t) : end;
	const unsigned char *p = (const unsigned char *) t + i + 1,
			   *e;

	/* a ｜ that starts before lim (and ends by end): by its middle byte */
	e = (const unsigned char *) t + (lim < end - 2 ? lim + 1 : end - 1);
	while (p < e && (p = memchr(p, 0xBD, (size_t) (e - p))) != NULL)
	{
		if (p[-1] == 0xEF && p[1] == 0x9C)
		{
			*nb = 3;
			return (int) ((const char *) p - 1 - t);
		}
		p++;
	}
	*nb = 1;
	return lim;
#endif
}

/* A markdown rule line (|---|:--|) */
static bool
is_rule_line(const char *s, int len)
{
	bool		dash = false;

	for (int i = 0; i < len; i++)
	{
		char		c = s[i];

		if (c == '-')
			dash = true;
		else if (c != '|' && c != ':' && c != ' ' && c != '\t' && c != '+' && c != '=')
			return false;
	}
	return dash;
}

/* A page number on a line of its own: "- 3 -", "— 3 —", "第3页", "第3页 共12页", "3/12" */
static bool
is_page_number(const char *s, int len)
{
	uint32_t	c[40];
	int			n = 0,
				i = 0,
				digits = 0,
				dashes = 0;
	unsigned char b0 = len > 0 ? (unsigned char) s[0] : 0;

	/* it starts with a dash, a digit or 第 (E7 AC AC), in ASCII or full width (EF BC/BD ..) */
	if (!(b0 == '-' || (b0 >= '0' && b0 <= '9') || b0 == 0xE2 || b0 == 0xEF ||
		  (b0 == 0xE7 && len >= 3 && (unsigned char) s[1] == 0xAC && (unsigned char) s[2] == 0xAC)))
		return false;

	/*
	 * The first character (s is trimmed: every character that folds to a
	 * space is gone from its start) must fold to a dash, a digit or 第, as
	 * below: most lines led by E2 or EF (full-width parentheses, quotes)
	 * are not, and need no more.
	 */
	if (b0 == 0xE2 || b0 == 0xEF)
	{
		uint32_t	c0;

		DEC(s, (size_t) len, &c0);
		c0 = fold(c0);
		if (c0 != '-' && !(c0 >= '0' && c0 <= '9'))
			return false;
	}
	/*
	 * Every page number has a digit, and only 0-9 and ０-９ (EF BC 90-99)
	 * fold to one: without either, no need to decode the line.
	 */
	{
		const unsigned char *u = (const unsigned char *) s;
		bool		digit = false;

		for (int k = 0; k < len && !digit; k++)
			digit = (unsigned) (u[k] - '0') < 10 ||
				(u[k] == 0xEF && k + 2 < len && u[k + 1] == 0xBC && u[k + 2] >= 0x90 && u[k + 2] <= 0x99);
		if (!digit)
			return false;
	}
	for (int k = 0; k < len;)
	{
		uint32_t	cp;

		k += DEC(s + k, (size_t) (len - k), &cp);
		cp = fold(cp);
		if (cp == ' ' || cp == '\t')
			continue;
		if (n >= 40)
			return false;
		c[n++] = cp;
	}
	if (n == 0)
		return false;
	if (c[0] == 0x7B2C)			/* 第N页 [共M页] */
	{
		i = 1;
		while (i < n && c[i] >= '0' && c[i] <= '9')
			i++, digits++;
		if (digits == 0 || digits > 4 || i >= n || c[i] != 0x9875)
			return false;
		i++;
		if (i < n && (c[i] == '/' || c[i] == ','))
			i++;
		if (i == n)
			return true;
		if (c[i] != 0x5171)
			return false;
		i++;
		digits = 0;
		while (i < n && c[i] >= '0' && c[i] <= '9')
			i++, digits++;
		return digits > 0 && i + 1 == n && c[i] == 0x9875;
	}
	while (i < n && c[i] == '-')
		i++, dashes++;
	while (i < n && c[i] >= '0' && c[i] <= '9')
		i++, digits++;
	if (digits == 0 || digits > 4)
		return false;
	if (dashes > 0)
	{
		int			trail = 0;

		while (i < n && c[i] == '-')
			i++, trail++;
		return i == n && trail > 0;
	}
	if (i < n && c[i] == '/')
	{
		int			d2 = 0;

		i++;
		while (i < n && c[i] >= '0' && c[i] <= '9')
			i++, d2++;
		return d2 > 0 && d2 <= 4 && i == n;
	}
	return false;
}

/*
 * Whether line u[0..len) has a tab, and a bar ('|' or ｜, EF BD 9C).  (A bar
 * is never in the spaces that trimming takes off a line's ends: the whole
 * line is looked at.)
 */
static void
line_marks(const unsigned char *u, int len, bool *tab, bool *bar)
{
	int			k = 0;

	*tab = *bar = false;
#ifdef GI_PARSE_SSE2
	{
		__m128i		acc_tab = _mm_setzero_si128(),
					acc_bar = _mm_setzero_si128();

		/*
		 * Sixteen positions at a time, each with the two bytes after it.  At
		 * the end of a line of 18 bytes or more, the last sixteen positions
		 * that have two bytes after them, overlapping the ones before (the
		 * marks are only or-ed together): then only the last two are left.
		 */
		for (; len >= 18 && k < len - 2; k += 16)
		{
			__m128i		v0,
						v1,
						v2;

			if (k + 18 > len)
				k = len - 18;
			v0 = _mm_loadu_si128((const __m128i *) (u + k));
			v1 = _mm_loadu_si128((const __m128i *) (u + k + 1));
			v2 = _mm_loadu_si128((const __m128i *) (u + k + 2));
			acc_tab = _mm_or_si128(acc_tab, _mm_cmpeq_epi8(v0, _mm_set1_epi8('\t')));
			acc_bar = _mm_or_si128(acc_bar,
								   _mm_or_si128(_mm_cmpeq_epi8(v0, _mm_set1_epi8('|')),
												_mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(v0, _mm_set1_epi8((char) 0xEF)),
																			_mm_cmpeq_epi8(v1, _mm_set1_epi8((char) 0xBD))),
															  _mm_cmpeq_epi8(v2, _mm_set1_epi8((char) 0x9C)))));
		}
		*tab = _mm_movemask_epi8(acc_tab) != 0;
		*bar = _mm_movemask_epi8(acc_bar) != 0;
	}
	for (; k < len; k++)
	{
		*tab |= u[k] == '\t';
		*bar |= u[k] == '|' || (k + 2 < len && u[k] == 0xEF && u[k + 1] == 0xBD && u[k + 2] == 0x9C);
	}
#else
	*tab = len > 0 && memchr(u, '\t', (size_t) len) != NULL;
	if (len > 0 && memchr(u, '|', (size_t) len) != NULL)
		*bar = true;
	else
	{
		/* ｜ (EF BD 9C): by its middle byte, rarer in Chinese text than EF */
		for (const unsigned char *p = u + 1; !*bar && p + 1 < u + len &&
			 (p = memchr(p, 0xBD, (size_t) (u + len - 1 - p))) != NULL; p++)
			*bar = p[-1] == 0xEF && p[1] == 0x9C;
	}
	(void) k;
#endif
}

/*
 * Whether s[0..len) ends with a bar: its last byte '|', or its last three
 * ｜.  (Not a '|' three bytes from the end: that is the bar before a last
 * value of one character, 行政许可 | 5 | 6 | 7.)
 */
static bool
ends_with_bar(const char *s, int len)
{
	return (len >= 1 && s[len - 1] == '|') ||
		(len >= 3 && (unsigned char) s[len - 3] == 0xEF && (unsigned char) s[len - 2] == 0xBD &&
		 (unsigned char) s[len - 1] == 0x9C);
}

/* Line l (text t, trimmed to [toff, toff + tlen)) split at its bars: | and ｜ */
static inline void
split_bars(Doc *d, Line *l, const char *t, int toff, int tlen)
{
	int			pieces[2 * 256];
	int			nb,
				np = 0,
				ps = toff,
				first,
				last;
	bool		lead,
				trail;

	if (is_rule_line(t + toff, tlen))
	{
		l->flags |= LF_BLANK;
		return;
	}
	l->flags |= LF_STRUCT;
	for (int i = toff; np < 256;)
	{
		i = next_bar(t, i, toff + tlen, &nb);
		pieces[2 * np] = ps;
		pieces[2 * np + 1] = i - ps;
		np++;
		if (i == toff + tlen)
			break;
		i += nb;
		ps = i;
	}
	lead = is_bar_at(t + toff, tlen, &nb);
	trail = ends_with_bar(t + toff, tlen);
	if (np == 2 && lead && trail)
	{
		if (doc_add_cell(d, pieces[0], 0, 1))
			l->nc = 1;
		return;
	}
	first = lead ? 1 : 0;
	last = trail ? np - 1 : np;
	for (int k = first; k < last; k++)
		if (doc_add_cell(d, pieces[2 * k], pieces[2 * k + 1], 1))
			l->nc++;
	if (l->nc == 1 && is_prose(t + d->cells[l->c0].off, d->cells[l->c0].len, true))
		l->flags |= LF_PROSE;
}

/* Line l (text t, [off, off + len)) split at its tabs */
static inline void
split_tabs(Doc *d, Line *l, const char *t, int off, int len)
{
	int			i = off,
				end = off + len,
				ps;

	while (i < end && (t[i] == '\t' || space_len(t + i, end - i) > 0))
		i += t[i] == '\t' ? 1 : space_len(t + i, end - i);
	/* trailing spaces are not cells, trailing tabs are */
	while (end > i && space_len(t + end - 1, 1) == 1)
		end--;
	l->flags |= LF_STRUCT;
	ps = i;
	while (i <= end)
	{
		const char *tab = i < end ? memchr(t + i, '\t', (size_t) (end - i)) : NULL;

		i = tab != NULL ? (int) (tab - t) : end;
		if (doc_add_cell(d, ps, i - ps, 1))
			l->nc++;
		ps = ++i;
	}
	if (l->nc == 1 && is_prose(t + d->cells[l->c0].off, d->cells[l->c0].len, false))
		l->flags |= LF_PROSE;	/* the cells were split at the tabs */
}

/* Line l (text t, trimmed to [toff, toff + tlen)) split at runs of two or more spaces */
static inline void
split_spaces(Doc *d, Line *l, const char *t, int toff, int tlen)
{
	int			i = toff,
				end = toff + tlen,
				ps = toff;

	while (i < end)
	{
		unsigned char b;
		int			n;

		i = skip_no_space((const unsigned char *) t, i, end);
		if (i >= end)
			break;
		b = (unsigned char) t[i];
		n = (b == ' ' || b == 0xC2 || b == 0xE2 || b == 0xE3 || b == 0xEF) ?
			space_len(t + i, end - i) : 0;

		if (n > 0)
		{
			int			j = i + n,
						count = 1,
						m;

			for (;;)
			{
				uint64_t	w;

				/* eight ASCII spaces at a time: the runs of a laid-out page are long */
				if (j + 8 <= end && (memcpy(&w, t + j, 8), w == BYTES8(' ')))
				{
					j += 8;
					count += 8;
					continue;
				}
				if ((m = space_len(t + j, end - j)) == 0)
					break;
				j += m;
				count++;
			}
			if (count >= 2)
			{
				if (i - ps >= 3 && memchr(t + ps, ' ', (size_t) (i - ps)) != NULL)
					l->nc += add_layout_cell(d, ps, i - ps);
				else if (doc_add_cell(d, ps, i - ps, 1))
					l->nc++;
				ps = j;
			}
			i = j;
		}
		else
			i++;
	}
	if (end - ps >= 3 && memchr(t + ps, ' ', (size_t) (end - ps)) != NULL)
		l->nc += add_layout_cell(d, ps, end - ps);
	else if (doc_add_cell(d, ps, end - ps, 1))
		l->nc++;
}

void
split_line(Doc *d, int li)
{
	Line	   *l = &d->lines[li];
	const char *t = d->text;
	int			off = l->off,
				len = l->len,
				toff = off,
				tlen = len;
	bool		has_tab,
				has_bar;

	if (l->marks & LM_KNOWN)
	{
		has_tab = (l->marks & LM_TAB) != 0;
		has_bar = (l->marks & LM_BAR) != 0;
	}
	else
		line_marks((const unsigned char *) t + off, len, &has_tab, &has_bar);
	l->c0 = d->ncells;
	l->nc = 0;
	l->flags |= LF_SPLIT;
	if (len > 0 && t[off] == '\t')
		l->flags |= LF_TABIND;
	if (space_at_ends(t, toff, tlen))
		trim_span(t, &toff, &tlen);
	if (tlen > 0 && tlen < 60 && is_page_number(t + toff, tlen))
	{
		l->flags |= LF_BLANK;
		return;
	}
	if (tlen == 0)
	{
		if (has_tab)
		{
			/* a tab-only line: one blank cell */
			l->flags |= LF_STRUCT;
			if (doc_add_cell(d, off, 0, 1))
				l->nc = 1;
		}
		else
			l->flags |= LF_BLANK;
		return;
	}
	if (has_bar)
	{
		split_bars(d, l, t, toff, tlen);
		return;
	}
	if (has_tab)
	{
		split_tabs(d, l, t, off, len);
		return;
	}
	if (is_prose(t + toff, tlen, false))	/* no tab in the line */
	{
		l->flags |= LF_PROSE;
		if (doc_add_cell(d, toff, tlen, 1))
			l->nc = 1;
		return;
	}
	split_spaces(d, l, t, toff, tlen);
}
