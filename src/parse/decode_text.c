/*
 * decode_text.c
 *	  Decoding plain text: invalid UTF-8 and control characters cleaned,
 *	  line by line.
 */
#include "parse_int.h"

/* Copy one input character (at in[*i]) as clean UTF-8; controls -> space. */
bool
put_clean_char(Doc *d, const unsigned char *in, size_t len, size_t *i, bool *lastbad)
{
	uint32_t	cp;
	int			n = DEC(in + *i, len - *i, &cp);

	if (cp == 0xFFFD && n == 1)
	{
		*i += 1;
		if (*lastbad)
			return true;
		*lastbad = true;
		return doc_putcp(d, 0xFFFD);
	}
	*lastbad = false;
	*i += (size_t) n;
	if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
		return doc_putc(d, cp == '\t' ? '\t' : cp == '\n' ? '\n' : ' ');
	if (cp == 0x2028 || cp == 0x2029)
		return doc_putc(d, '\n');
	return doc_put(d, (const char *) in + *i - n, n);
}

#ifdef GI_PARSE_SSE2
/*
 * Sixteen bytes at s (18 readable) for clean_run: printable ASCII, tabs and
 * newlines, and three-byte characters led by E1-EF but ED and not E2 80 A8
 * or E2 80 A9, as bit masks.  *lead: the lead bytes.  carry: the bits of the
 * continuation bytes that the lead bytes of the sixteen before put here
 * (their *lead shifted).  The bytes that are not right, as a bit mask; with
 * none, the characters of the last lead bytes go on in the next sixteen.
 */
static inline int
clean16_bad(const unsigned char *s, int carry, int *lead)
{
	__m128i		v = _mm_loadu_si128((const __m128i *) s),
				v1 = _mm_loadu_si128((const __m128i *) (s + 1)),
				v2 = _mm_loadu_si128((const __m128i *) (s + 2));

	/* (signed bytes: 80-BF are -128..-65, E1-EF -31..-17) */
	int			a = _mm_movemask_epi8(_mm_or_si128(_mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(0x1F)),
																 _mm_cmplt_epi8(v, _mm_set1_epi8(0x7F))),
												   _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')),
																_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')))));
	int			l = _mm_movemask_epi8(_mm_andnot_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char) 0xED)),
												   _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8((char) 0xE0)),
																 _mm_cmplt_epi8(v, _mm_set1_epi8((char) 0xF0)))));
	int			c = _mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8((char) 0xC0)));

	/* the line and paragraph separators, E2 80 A8 and E2 80 A9 (A8 | 1 is A9) */
	int			sep = _mm_movemask_epi8(_mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char) 0xE2)),
																   _mm_cmpeq_epi8(v1, _mm_set1_epi8((char) 0x80))),
													 _mm_cmpeq_epi8(_mm_or_si128(v2, _mm_set1_epi8(1)),
																	_mm_set1_epi8((char) 0xA9))));

	*lead = l;
	return (~(a | l | c) | (c ^ (((l << 1) | (l << 2) | carry) & 0xFFFF)) | sep) & 0xFFFF;
}
#endif

/*
 * The end of the run of clean text from in[j] that decode_text copies as it
 * is: printable ASCII, tabs and newlines, and well-formed characters
 * U+00C0-U+07FF and U+1000-U+FFFF but surrogates and the line and paragraph
 * separators.  With SSE2 sixteen bytes at a time (clean16_bad) while the
 * bytes are ASCII and three-byte characters, whatever their mix; the rest a
 * character at a time (ASCII eight bytes at a time).
 */
static size_t
clean_run(const unsigned char *in, size_t j, size_t len)
{
	while (j < len)
	{
		unsigned char b;

#ifdef GI_PARSE_SSE2
		if (j + 18 <= len)
		{
			/*
			 * Sixteen bytes at a time while all are right.  Then back from
			 * the first byte that is not (or from the end of the last
			 * sixteen) to the start of its character, which a lead byte at
			 * most two bytes before may start (maybe in the sixteen before):
			 * the code below goes on from there a character at a time.
			 */
			int			lead = 0,
						prev = 0,
						bad,
						n;
			unsigned	both;

			while ((bad = clean16_bad(in + j, ((prev << 1) | (prev << 2)) >> 16, &lead)) == 0)
			{
				j += 16;
				prev = lead;
				lead = 0;
				if (j + 18 > len)
					break;
			}
			n = bad != 0 ? __builtin_ctz((unsigned) bad) : 0;
			both = (unsigned) prev | ((unsigned) lead << 16);	/* bit n + 16: a lead byte at byte n */
			n -= ((both >> (n + 15)) & 1) ? 1 : ((both >> (n + 14)) & 1) ? 2 : 0;
			j = (size_t) ((ptrdiff_t) j + n);
		}
#endif
		b = in[j];
		if (b < 0x80)
		{
			if (j + 8 <= len)
			{
				uint64_t	w,
							ctl;

				memcpy(&w, in + j, 8);
				if ((w & BYTES8(0x80)) == 0)
				{
					/* bytes below 0x20 (exact: no byte is 0x80 or more) but tabs and newlines, and DEL */
					ctl = ~(w + BYTES8(0x60)) & BYTES8(0x80);
					ctl &= ~(zero_bytes(w ^ BYTES8('\t')) | zero_bytes(w ^ BYTES8('\n')));
					if ((ctl | zero_bytes(w ^ BYTES8(0x7F))) == 0)
					{
						j += 8;
						continue;
					}
				}
			}
			if ((b >= 0x20 && b < 0x7F) || b == '\t' || b == '\n')
			{
				j++;
				continue;
			}
			break;
		}
		/* runs of three-byte characters led by E3-EC, EE, EF (CJK, full-width forms) */
		if (b >= 0xE3 && b <= 0xEF && b != 0xED && j + 2 < len &&
			((in[j + 1] | ((unsigned) in[j + 2] << 8)) & 0xC0C0) == 0x8080)
		{
			do
			{
				j += 3;
				if (j + 2 >= len)
					break;
				b = in[j];
			} while (b >= 0xE3 && b <= 0xEF && b != 0xED &&
					 ((in[j + 1] | ((unsigned) in[j + 2] << 8)) & 0xC0C0) == 0x8080);
			continue;
		}
		if (b >= 0xE1 && b <= 0xEF && b != 0xED && j + 2 < len &&
			(in[j + 1] & 0xC0) == 0x80 && (in[j + 2] & 0xC0) == 0x80 &&
			!(b == 0xE2 && in[j + 1] == 0x80 && (in[j + 2] == 0xA8 || in[j + 2] == 0xA9)))
			j += 3;				/* U+1000-U+FFFF but surrogates and line separators */
		else if (b >= 0xC3 && b <= 0xDF && j + 1 < len && (in[j + 1] & 0xC0) == 0x80)
			j += 2;				/* U+00C0-U+07FF */
		else
			break;
	}
	return j;
}

void
decode_text(Doc *d, const unsigned char *in, size_t len)
{
	size_t		i = 0;
	bool		lastbad = false;
	int			start;

	if (len >= 3 && in[0] == 0xEF && in[1] == 0xBB && in[2] == 0xBF)
		i = 3;
	if (!GROW(&d->arena, d->text, d->textcap, (int) (len + len / 8 + 64)))
		return;
	while (i < len && !d->arena.failed && !d->truncated)
	{
		unsigned char c = in[i];
		size_t		j = i;

		/* copy runs of clean text (printable ASCII, tabs, newlines, valid UTF-8) at once */
		j = clean_run(in, j, len);
		if (j > i)
		{
			doc_put(d, (const char *) in + i, (int) (j - i));
			lastbad = false;
			i = j;
			continue;
		}
		if (c == '\r')
		{
			i++;
			if (i < len && in[i] == '\n')
				continue;
			doc_putc(d, '\n');
		}
		else
			put_clean_char(d, in, len, &i, &lastbad);
	}
	/* lines: how many, to make room for them (and about a cell each) at once */
	{
		int			nl = 1,
					k = 0;

#ifdef GI_PARSE_SSE2
		/* the newlines counted in a byte per lane, summed every 255 times sixteen bytes at most */
		while (k + 16 <= d->textlen)
		{
			__m128i		acc = _mm_setzero_si128(),
						sum;

			for (int r = 0; r < 255 && k + 16 <= d->textlen; r++, k += 16)
				acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *) (d->text + k)),
													   _mm_set1_epi8('\n')));
			sum = _mm_sad_epu8(acc, _mm_setzero_si128());
			nl += _mm_cvtsi128_si32(sum) + _mm_cvtsi128_si32(_mm_srli_si128(sum, 8));
		}
#endif
		for (const char *q = d->text + k; q != NULL && q < d->text + d->textlen;)
		{
			q = memchr(q, '\n', (size_t) (d->text + d->textlen - q));
			if (q != NULL)
			{
				nl++;
				q++;
			}
		}
		if (nl > GI_PARSE_MAX_LINES)
			nl = GI_PARSE_MAX_LINES;
		if (!GROW(&d->arena, d->lines, d->linecap, nl) ||
			!GROW(&d->arena, d->cells, d->cellcap, nl + 64))
			return;
	}
	if (d->truncated)
		return;

#ifdef GI_PARSE_SSE2
	/*
	 * The lines, with whether each has a tab and a bar (what split_line
	 * would ask line_marks) found in the same pass: sixteen positions at a
	 * time, each with the two bytes after it (neither kind of bar spans a
	 * newline), then the last few one at a time.
	 */
	{
		const unsigned char *u = (const unsigned char *) d->text;
		int			n = d->textlen,
					k = 0;
		unsigned	tabs = 0,	/* the line's tabs and bars so far, as bits of their sixteen */
					bars = 0;

		start = 0;
		for (; k + 18 <= n; k += 16)
		{
			__m128i		v0 = _mm_loadu_si128((const __m128i *) (u + k)),
						v1 = _mm_loadu_si128((const __m128i *) (u + k + 1)),
						v2 = _mm_loadu_si128((const __m128i *) (u + k + 2));
			unsigned	mnl = (unsigned) _mm_movemask_epi8(_mm_cmpeq_epi8(v0, _mm_set1_epi8('\n'))),
						mtab = (unsigned) _mm_movemask_epi8(_mm_cmpeq_epi8(v0, _mm_set1_epi8('\t'))),
						mbar = (unsigned) _mm_movemask_epi8(
				_mm_or_si128(_mm_cmpeq_epi8(v0, _mm_set1_epi8('|')),
							 _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(v0, _mm_set1_epi8((char) 0xEF)),
														 _mm_cmpeq_epi8(v1, _mm_set1_epi8((char) 0xBD))),
										   _mm_cmpeq_epi8(v2, _mm_set1_epi8((char) 0x9C)))));

			while (mnl != 0)
			{
				int			p = __builtin_ctz(mnl);
				unsigned	before = (1u << p) - 1;

				tabs |= mtab & before;
				bars |= mbar & before;
				if (!doc_add_text_line(d, start, k + p - start,
									   (tabs ? LM_TAB : 0) | (bars ? LM_BAR : 0)))
					return;
				start = k + p + 1;
				tabs = bars = 0;
				mtab &= ~before;
				mbar &= ~before;
				mnl &= mnl - 1;
			}
			tabs |= mtab;
			bars |= mbar;
		}
		for (; k < n; k++)
		{
			unsigned char b = u[k];

			if (b == '\n')
			{
				if (!doc_add_text_line(d, start, k - start, (tabs ? LM_TAB : 0) | (bars ? LM_BAR : 0)))
					return;
				start = k + 1;
				tabs = bars = 0;
			}
			else if (b == '\t')
				tabs = 1;
			else if (b == '|' || (b == 0xEF && k + 2 < n && u[k + 1] == 0xBD && u[k + 2] == 0x9C))
				bars = 1;
		}
		doc_add_text_line(d, start, n - start, (tabs ? LM_TAB : 0) | (bars ? LM_BAR : 0));
	}
#else
	/* the lines (split_line finds their tabs and bars) */
	start = 0;
	while (start <= d->textlen)
	{
		const char *nl = memchr(d->text + start, '\n', (size_t) (d->textlen - start));
		int			k = nl ? (int) (nl - d->text) : d->textlen;

		if (doc_add_line(d, start, k - start, 0) == NULL)
			break;
		start = k + 1;
	}
#endif
}
