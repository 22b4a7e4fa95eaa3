/*
 * classify.c
 *	  Cells: blank, NULL marker, unit, number, unreadable value or text.
 */
#include "parse_int.h"

/* Fold a cell into buf (UTF-8, spaces dropped).  -1 when longer than cap. */
int
fold_cell(const char *s, int len, char *buf, int cap)
{
	const unsigned char *u = (const unsigned char *) s;
	int			o = 0;

	for (int i = 0; i < len;)
	{
		uint32_t	c;
		unsigned char b = u[i];

		if (b < 0x80)
		{
			i++;
			if (b == ' ' || b == '\t' || b == '\n')
				continue;
			if (o + 1 >= cap)
				return -1;
			buf[o++] = (char) b;
			continue;
		}
		/* U+4000-U+9FFF, well formed: unchanged unless traditional */
		if (b >= 0xE4 && b <= 0xE9 && i + 2 < len &&
			(u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80)
		{
			c = ((uint32_t) (b & 0x0F) << 12) | ((uint32_t) (u[i + 1] & 0x3F) << 6) | (u[i + 2] & 0x3F);
			if (o + 4 >= cap)
				return -1;
			if (c < 0x3400 || trad_fold(c) == c)
			{
				buf[o] = (char) b;
				buf[o + 1] = (char) u[i + 1];
				buf[o + 2] = (char) u[i + 2];
				o += 3;
			}
			else
				o += utf8_enc(trad_fold(c), buf + o);
			i += 3;
			continue;
		}
		i += DEC(s + i, (size_t) (len - i), &c);
		c = fold(c);
		if (c == ' ' || c == '\t' || c == '\n')
			continue;
		if (o + 4 >= cap)
			return -1;
		o += utf8_enc(c, buf + o);
	}
	buf[o] = '\0';
	return o;
}

/* s[0..n) is the string literal w */
#define STREQ_LIT(s, n, w) ((n) == (int) sizeof(w) - 1 && memcmp((s), (w), sizeof(w) - 1) == 0)

/* s[0..n) starts with the string literal w */
#define STARTS_LIT(s, n, w) ((n) >= (int) sizeof(w) - 1 && memcmp((s), (w), sizeof(w) - 1) == 0)

static bool
streq_n(const char *s, int n, const char *w)
{
	return (int) strlen(w) == n && memcmp(s, w, (size_t) n) == 0;
}

static const struct
{
	const char *w;
	uint8_t		unit;
}			unit_words[] =
{
	{"万元", UNIT_WAN}, {"元", UNIT_YUAN}, {"件次", UNIT_COUNT}, {"人次", UNIT_COUNT},
	{"件", UNIT_COUNT}, {"条", UNIT_COUNT}, {"项", UNIT_COUNT}, {"个", UNIT_COUNT},
	{"次", UNIT_COUNT}, {"人", UNIT_COUNT}, {"篇", UNIT_COUNT}, {"家", UNIT_COUNT},
	{"份", UNIT_COUNT}, {"场", UNIT_COUNT}, {"户", UNIT_COUNT}, {"期", UNIT_COUNT},
	{"分", UNIT_COUNT}, {"天", UNIT_COUNT}
};

/* A unit word (its UNIT_*), or -1; the words are one or two characters of three bytes. */
static int
unit_word(const char *s, int n)
{
	if (n != 3 && n != 6)
		return -1;
	for (size_t i = 0; i < sizeof(unit_words) / sizeof(unit_words[0]); i++)
	{
		const char *w = unit_words[i].w;
		int			k = w[3] == '\0' ? 3 : 6;	/* one character or two */

		if (k == n && memcmp(s, w, (size_t) k) == 0)
			return unit_words[i].unit;
	}
	return -1;
}

static const char *const bad_words[] = {
	"不详", "未统计", "暂无", "暂无数据", "未填报", "不适用", "未知", "空白",
	"待统计", "见附件", "略", NULL
};

/* The length of the longest bad word (a longer cell is none) */
static int
bad_word_max(void)
{
	static int	max = -1;

	if (max < 0)
	{
		int			m = 0;

		for (int i = 0; bad_words[i] != NULL; i++)
			if ((int) strlen(bad_words[i]) > m)
				m = (int) strlen(bad_words[i]);
		max = m;
	}
	return max;
}

/*
 * A number as printed in a cell, folded: [增|减|+|-] digits with optional
 * thousands separators, optional decimals, optional unit suffix.
 */
bool
parse_number(const char *f, int n, NumInfo *ni)
{
	int			p = 0,
				q = 0,
				sign = 0,
				intd = 0,
				group = 0,
				commas = 0;

	ni->unit = UNIT_NONE;
	if (STARTS_LIT(f, n, "增"))
	{
		sign = 1;
		p = 3;
		if (STARTS_LIT(f + p, n - p, "加"))
			p += 3;
	}
	else if (STARTS_LIT(f, n, "减"))
	{
		sign = -1;
		p = 3;
		if (STARTS_LIT(f + p, n - p, "少"))
			p += 3;
	}
	if (p < n && (f[p] == '+' || f[p] == '-'))
	{
		if (sign != 0)
			return false;
		sign = f[p] == '-' ? -1 : 1;
		p++;
	}
	if (sign < 0)
		ni->s[q++] = '-';
	while (p < n)
	{
		char		c = f[p];

		if (c >= '0' && c <= '9')
		{
			if (q >= 40)
				return false;
			ni->s[q++] = c;
			intd++;
			group++;
			p++;
		}
		else if (c == ',')
		{
			if (intd == 0 || (commas == 0 ? group > 3 : group != 3))
				return false;
			commas++;
			group = 0;
			p++;
		}
		else
			break;
	}
	if (intd == 0 || (commas > 0 && group != 3))
		return false;
	if (p < n && f[p] == '.')
	{
		int			fd = 0;

		ni->s[q++] = '.';
		p++;
		while (p < n && f[p] >= '0' && f[p] <= '9')
		{
			if (q >= 46)
				return false;
			ni->s[q++] = f[p++];
			fd++;
		}
		if (fd == 0)
			return false;
	}
	ni->s[q] = '\0';
	ni->n = q;
	if (p < n)
	{
		int			u = unit_word(f + p, n - p);

		if (u < 0)
			return false;
		ni->unit = (uint8_t) u;
	}
	return true;
}

/* classify_cell for a cell that is not blank, digits or a known label: folded first */
void
classify_folded(Doc *d, Cell *c)
{
	char		f[160];
	int			n,
				letters = 0,
				digits = 0,
				u;
	NumInfo		ni;
	bool		dashes = true;

	n = fold_cell(d->text + c->off, c->len, f, (int) sizeof(f));
	if (n < 0)
	{
		c->cls = CELL_TEXT;
		return;
	}
	if (n == 0)
	{
		c->cls = CELL_EMPTY;
		return;
	}
	for (int i = 0; i < n; i++)
		if (f[i] != '-')
		{
			dashes = false;
			break;
		}
	if ((dashes && n <= 8) || STREQ_LIT(f, n, "/") || STREQ_LIT(f, n, "无") ||
		STREQ_LIT(f, n, "\\") || STREQ_LIT(f, n, "—"))
	{
		c->cls = CELL_NULL;
		return;
	}
	if ((u = unit_word(f, n)) >= 0)
	{
		c->cls = CELL_UNIT;
		c->unit = (uint8_t) u;
		return;
	}
	if (parse_number(f, n, &ni))
	{
		c->cls = CELL_NUM;
		c->unit = ni.unit;
		return;
	}
	if (f[n - 1] == '.' || f[0] == '(' || f[n - 1] == ')' ||
		(n >= 3 && memcmp(f + n - 3, "、", 3) == 0))
	{
		c->cls = CELL_TEXT;		/* numbering on its own: 1. (一) 3、 */
		return;
	}
	/* a year as a header: 2023年, 2023年度 */
	if ((n == 7 || n == 10) && f[0] >= '1' && f[0] <= '2' && f[1] >= '0' && f[1] <= '9' &&
		f[2] >= '0' && f[2] <= '9' && f[3] >= '0' && f[3] <= '9' && memcmp(f + 4, "年", 3) == 0 &&
		(n == 7 || memcmp(f + 7, "度", 3) == 0))
	{
		c->cls = CELL_TEXT;
		return;
	}
	if (n <= bad_word_max())
		for (int i = 0; bad_words[i] != NULL; i++)
			if (streq_n(f, n, bad_words[i]))
			{
				c->cls = CELL_BAD;
				return;
			}
	{
		/*
		 * A numbered label, however short: 3.其他.  Numbering is at most
		 * five characters, "(十二三)" and what follows it: six are enough.
		 */
		uint32_t	cps[6];
		int			ncp = 0,
					p = 0;
		unsigned char f0 = (unsigned char) f[0];

		/*
		 * Numbering starts with '(', a digit, or 其 or 一-十 (U+4E00-U+5FFF:
		 * lead byte E4 or E5): no need to decode the others.
		 */
		if (f0 == '(' || (f0 >= '0' && f0 <= '9') || f0 == 0xE4 || f0 == 0xE5)
		{
			for (int i = 0; i < n && ncp < 6;)
				i += DEC(f + i, (size_t) (n - i), &cps[ncp++]);
			if (strip_numbering(cps, ncp, &p) != NUM_NONE && p < ncp && is_cjk(cps[p]))
			{
				c->cls = CELL_TEXT;
				return;
			}
		}
	}
	for (int i = 0; i < n;)
	{
		uint32_t	cp;
		unsigned char b = (unsigned char) f[i];

		if (b < 0x80)
		{
			i++;
			if (b >= '0' && b <= '9')
				digits++;
			else if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z'))
				letters++;
			continue;
		}
		if (b >= 0xE4 && b <= 0xE9)
		{
			/* U+4000-U+9FFF (f is well formed): CJK */
			letters++;
			i += 3;
			continue;
		}
		i += DEC(f + i, (size_t) (n - i), &cp);
		if (is_cjk(cp))
			letters++;
	}
	if ((digits > 0 && letters <= 3) || letters == 0)
		c->cls = CELL_BAD;
	else
		c->cls = CELL_TEXT;
}

/* classify_cell out of line, for the few cells made after the first pass (pieces, joins) */
__attribute__((noinline)) void
classify_piece(Doc *d, Cell *c)
{
	classify_cell(d, c);
}

/*
 * The pieces of d->text[off, off + len) one ASCII space apart, as (offset,
 * length) pairs in tok (room for max): their count when there are two or
 * more and every one is a number, a NULL mark or (units) a unit; 0 when not,
 * and when a dash comes before another piece (- 8 is -8, not NULL and 8).
 */
int
number_pieces(Doc *d, int off, int len, bool units, int *tok, int max)
{
	const char *t = d->text;
	int			ntok = 0,
				p = off,
				end = off + len;

	if (len < 3 || memchr(t + off, ' ', (size_t) len) == NULL)
		return 0;
	while (p < end)
	{
		const char *sp = memchr(t + p, ' ', (size_t) (end - p));
		int			q = sp != NULL ? (int) (sp - t) : end;
		Cell		c;

		if (q == p || ntok == max)
			return 0;
		memset(&c, 0, sizeof(c));
		c.off = p;
		c.len = q - p;
		c.known = -1;
		classify_piece(d, &c);
		if (c.cls == CELL_NULL && q < end && strspn(t + p, "-") >= (size_t) (q - p))
			return 0;			/* a sign, or a dash as NULL: unclear */
		if (c.cls != CELL_NUM && c.cls != CELL_NULL && !(units && c.cls == CELL_UNIT))
			return 0;
		tok[2 * ntok] = p;
		tok[2 * ntok + 1] = q - p;
		ntok++;
		p = q + 1;
	}
	return ntok >= 2 ? ntok : 0;
}

/*
 * A cell of a laid-out line (columns apart by runs of spaces, as pdftotext
 * -layout prints them), added to the line: when a wide value leaves one
 * space only between two columns ("6 2032.06", "万元 12.2064") or narrow
 * columns print one space apart (table 四's "0 0 0 0 0"), the pieces apart
 * by a single space are cells of their own if every one of them is a
 * number or a unit (number_pieces), marked as pieces: where a row then has
 * more values than its cell wants, repair_values puts letter-spaced digits
 * back together (1 2 0 is 120).  The number of cells added.
 */
int
add_layout_cell(Doc *d, int off, int len)
{
	int			tok[2 * 16],
				ntok = number_pieces(d, off, len, true, tok, 16);

	if (ntok == 0)
		return doc_add_cell(d, off, len, 1) != NULL;
	for (int k = 0; k < ntok; k++)
	{
		Cell	   *c = doc_add_cell(d, tok[2 * k], tok[2 * k + 1], 1);

		if (c == NULL)
			return k;
		c->piece = k == 0 ? PIECE_FIRST : PIECE_NEXT;
	}
	return ntok;
}
