/*
 * fold.c
 *	  UTF-8 and character folding: full-width -> ASCII, the spaces and
 *	  dashes, traditional -> simplified (trad_table.c, generated).
 */
#include "parse_int.h"

int
gi_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	return utf8_dec(s, len, cp);
}

/* The one UTF-8 encoder of the parser and narrative.c (declared in parse.h). */
int
gi_utf8_encode(uint32_t c, char *o)
{
	return utf8_enc(c, o);
}

/*
 * Eight bytes at a time, in a uint64_t (the scans below only test and count
 * bytes, so the order of the bytes in the word does not matter).
 */

uint64_t trad_bits[TRAD_WORDS];

uint16_t trad_rank[TRAD_WORDS];

bool trad_bits_ready;

void
trad_bits_init(void)
{
	int			cum = 0;

	for (int i = 0; i < ntrad_simp; i++)
	{
		uint32_t	c = trad_simp[i][0];

		if (c >= 0x3400 && c <= 0x9FFF)
			trad_bits[(c - 0x3400) >> 6] |= (uint64_t) 1 << ((c - 0x3400) & 63);
	}
	for (int w = 0; w < TRAD_WORDS; w++)
	{
		trad_rank[w] = (uint16_t) cum;
		cum += popcount64(trad_bits[w]);
	}
	trad_bits_ready = true;
}

uint32_t
gi_parse_fold_char(uint32_t c)
{
	if (c < 0x80)
		return c;
	if (c >= 0xFF01 && c <= 0xFF5E)
		return c - 0xFEE0;
	switch (c)
	{
		case 0x00A0:
		case 0x3000:
		case 0x2002:
		case 0x2003:
		case 0x2004:
		case 0x2005:
		case 0x2006:
		case 0x2007:
		case 0x2008:
		case 0x2009:
		case 0x200A:
		case 0x200B:
		case 0x202F:
		case 0x205F:
		case 0xFEFF:
			return ' ';
		case 0x2010:
		case 0x2011:
		case 0x2012:
		case 0x2013:
		case 0x2014:
		case 0x2015:
		case 0x2212:
		case 0x2500:
		case 0x2501:
		case 0xFE58:
		case 0xFE63:
			return '-';
		case 0x3010:			/* 【 】 〔 〕 ［ ］ as parentheses */
		case 0x3014:
			return '(';
		case 0x3011:
		case 0x3015:
			return ')';
		case 0xFF64:			/* halfwidth ideographic comma */
			return 0x3001;
		case 0xFF61:
			return 0x3002;
		default:
			break;
	}
	if (c < 0x3400 || c > 0x9FFF)
		return c;
	return trad_fold(c);
}

/* The bytes that may start a space, a tab or a carriage return (trim_span) */
const bool space_lead[256] = {
	[' '] = true,['\t'] = true,['\r'] = true,[0xC2] = true,[0xE2] = true,[0xE3] = true,[0xEF] = true
};

/* The bytes that may end a space, a tab or a carriage return (trim_span) */
const bool space_tail[256] = {
	[' '] = true,['\t'] = true,['\r'] = true,[0xA0] = true,
	[0x80] = true,[0x81] = true,[0x82] = true,[0x83] = true,[0x84] = true,[0x85] = true,
	[0x86] = true,[0x87] = true,[0x88] = true,[0x89] = true,[0x8A] = true,[0x8B] = true,
	[0x9F] = true,[0xAF] = true,[0xBF] = true
};

/* Trim spaces and tabs at both ends of [*off, *off + *len) of text. */
void
trim_span(const char *text, int *off, int *len)
{
	int			o = *off,
				l = *len;

	for (;;)
	{
		int			n;
		unsigned char b = l > 0 ? (unsigned char) text[o] : 0;

		if (b == ' ' || b == '\t' || b == '\r')
		{
			uint64_t	w;

			/* eight ASCII spaces at a time: the indentation of a laid-out page */
			if (l >= 8 && (memcpy(&w, text + o, 8), w == BYTES8(' ')))
			{
				o += 8;
				l -= 8;
				continue;
			}
			o++;
			l--;
			continue;
		}
		/* the other spaces start with one of these bytes: most text does not */
		if (!space_lead[b] || (n = space_len_slow(text + o, l)) == 0)
			break;
		o += n;
		l -= n;
	}
	while (l > 0)
	{
		const unsigned char *e = (const unsigned char *) text + o + l;

		if (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')
			l--;
		else if (e[-1] < 0x80)
			break;				/* ASCII, not a space */
		else if (l >= 2 && e[-2] == 0xC2 && e[-1] == 0xA0)
			l -= 2;
		else if (l >= 3 && space_len((const char *) e - 3, 3) == 3)
			l -= 3;
		else
			break;
	}
	*off = o;
	*len = l;
}

/* Case-insensitive ASCII prefix test of s (len bytes) against lower-case word. */
bool
ascii_prefix_ci(const char *s, size_t len, const char *word)
{
	size_t		n = strlen(word);

	if (len < n)
		return false;
	for (size_t i = 0; i < n; i++)
	{
		char		c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char) (c - 'A' + 'a');
		if (c != word[i])
			return false;
	}
	return true;
}
