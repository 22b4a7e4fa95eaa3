/*
 * ocr_layout.c
 *	  The text of a scanned page from tesseract's TSV output (one word a
 *	  line, with its box), laid out as pdftotext -layout lays out a page:
 *	  words whose boxes share a line of the page make one text line, even
 *	  when tesseract put them in different blocks (the cells of a table row
 *	  often are), and a wide gap between two words becomes spaces up to the
 *	  word's column, so that a table row keeps its cells apart and the
 *	  parser reads it as it reads a PDF's text.
 */
#include "convert.h"

#include <stdlib.h>
#include <string.h>

typedef struct Word
{
	long		left,
				top,
				width,
				height;
	const char *text;			/* into the TSV copy */
	size_t		len;
} Word;

/* Split the TSV copy in place into words (level 5, non-blank text). */
static Word *
read_words(char *tsv, size_t *nwords)
{
	Word	   *w = NULL;
	size_t		n = 0,
				cap = 0;
	char	   *line = tsv;
	bool		header = true;

	while (line && *line)
	{
		char	   *next = strchr(line, '\n');
		char	   *field[12];
		int			nf = 0;
		char	   *p = line;

		if (next)
			*next++ = '\0';
		while (nf < 12)
		{
			char	   *tab = strchr(p, '\t');

			field[nf++] = p;
			if (tab == NULL)
				break;
			*tab = '\0';
			p = tab + 1;
		}
		if (!header && nf == 12 && strcmp(field[0], "5") == 0)
		{
			char	   *t = field[11];
			size_t		tl = strlen(t);

			while (tl > 0 && (t[tl - 1] == ' ' || t[tl - 1] == '\r'))
				tl--;
			while (tl > 0 && *t == ' ')
				t++, tl--;
			if (tl > 0)
			{
				if (n == cap)
				{
					cap = cap ? 2 * cap : 256;
					w = gi_realloc(w, cap * sizeof(Word));
				}
				w[n].left = atol(field[6]);
				w[n].top = atol(field[7]);
				w[n].width = atol(field[8]);
				w[n].height = atol(field[9]);
				w[n].text = t;
				w[n].len = tl;
				n++;
			}
		}
		header = false;
		line = next;
	}
	*nwords = n;
	return w;
}

static int
cmp_long(const void *a, const void *b)
{
	long		x = *(const long *) a,
				y = *(const long *) b;

	return (x > y) - (x < y);
}

/* By the vertical centre (twice, to stay in integers), then left to right. */
static int
cmp_centre(const void *a, const void *b)
{
	const Word *x = a,
			   *y = b;
	long		cx = 2 * x->top + x->height,
				cy = 2 * y->top + y->height;

	if (cx != cy)
		return (cx > cy) - (cx < cy);
	return (x->left > y->left) - (x->left < y->left);
}

static int
cmp_left(const void *a, const void *b)
{
	const Word *x = a,
			   *y = b;

	return (x->left > y->left) - (x->left < y->left);
}

/* The median word height: the size of a character on this page. */
static long
median_height(const Word *w, size_t n)
{
	long	   *h = gi_malloc(n * sizeof(long));
	long		m;
	size_t		i;

	for (i = 0; i < n; i++)
		h[i] = w[i].height;
	qsort(h, n, sizeof(long), cmp_long);
	m = h[n / 2];
	free(h);
	return m > 0 ? m : 1;
}

/* A growing output buffer. */
typedef struct Buf
{
	char	   *s;
	size_t		len,
				cap;
} Buf;

static void
put(Buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap)
	{
		while (b->len + n + 1 > b->cap)
			b->cap = b->cap ? 2 * b->cap : 4096;
		b->s = gi_realloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
put_spaces(Buf *b, long n)
{
	while (n-- > 0)
		put(b, " ", 1);
}

/*
 * The marks a cell's border leaves when OCR reads it as a character: a
 * vertical rule next to a figure comes out as a quote, a comma or a bar
 * ("”1200", "|22").  Trimmed from a word's ends when what they enclose is a
 * number, and only then; a rule read as a digit ("1200" for "200") is left
 * to the parser's rules, which find that the figures no longer add up.
 */
static const char *const border_marks[] = {
	"\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x98", "\xE2\x80\x99",	/* “ ” ‘ ’ */
	"\xEF\xBC\x8C", "\xE4\xB8\xA8", "\xEF\xBD\x9C",	/* ， 丨 ｜ */
	"\"", "'", ",", "|", "[", "]", "!", NULL
};

/* Length of the border mark at s (0 when none). */
static size_t
border_mark(const char *s, size_t len)
{
	int			i;

	for (i = 0; border_marks[i]; i++)
	{
		size_t		n = strlen(border_marks[i]);

		if (n <= len && memcmp(s, border_marks[i], n) == 0)
			return n;
	}
	return 0;
}

/* The border mark that ends s[0..len) (0 when none). */
static size_t
border_mark_end(const char *s, size_t len)
{
	int			i;

	for (i = 0; border_marks[i]; i++)
	{
		size_t		n = strlen(border_marks[i]);

		if (n <= len && memcmp(s + len - n, border_marks[i], n) == 0)
			return n;
	}
	return 0;
}

/* Trim border marks from the ends of a word that is a number inside them. */
static void
trim_border_marks(Word *w)
{
	const char *s = w->text;
	size_t		len = w->len;
	size_t		n;

	while (len > 0 && (n = border_mark(s, len)) > 0)
		s += n, len -= n;
	while (len > 0 && (n = border_mark_end(s, len)) > 0)
		len -= n;
	if (len == 0)
		return;
	/* what is left must be a figure: digits, with separators and a point inside */
	if (!(s[0] >= '0' && s[0] <= '9') || !(s[len - 1] >= '0' && s[len - 1] <= '9'))
		return;
	for (n = 0; n < len; n++)
		if (!((s[n] >= '0' && s[n] <= '9') || s[n] == ',' || s[n] == '.'))
			return;
	w->text = s;
	w->len = len;
}

/* Is the byte an ASCII letter or digit (or a sign a number carries)? */
static bool
ascii_word_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		c == '.' || c == ',' || c == '%' || c == '-';
}

/*
 * The width of a word's ink: its box's, or, when that is wider than its
 * characters can be (tesseract's boxes of CJK words are often far too wide),
 * a character height for each CJK character and two thirds of one for each
 * other.  The gap to the next word is measured from here.
 */
static long
ink_width(const Word *w, long h)
{
	long		est = 0;
	size_t		i;

	for (i = 0; i < w->len; i++)
	{
		unsigned char c = (unsigned char) w->text[i];

		if (c < 0x80)
			est += 2 * h / 3;
		else if (c >= 0xC0)
			est += h;			/* the lead byte of a wide character */
	}
	return est < w->width ? est : w->width;
}

/*
 * One text line from the words of a row (sorted left to right).  A word is
 * put at its column, the page's x in half-character units (a CJK character
 * is two columns wide, as on a terminal and in pdftotext's layout).  The
 * gap to the word before it, in character heights (the larger characters',
 * so that a title scales), decides: over one and a half, a column gap of
 * at least two spaces, what the parser takes as the border between cells;
 * else two ASCII words are one space apart, a CJK word and an ASCII one
 * too when the gap is over half a character (a unit and its figure), and
 * two CJK words join (tables print labels letter-spaced).
 */
static void
layout_row(Buf *b, Word *w, size_t n, long unit, long h)
{
	size_t		line_start = b->len;
	size_t		i;

	qsort(w, n, sizeof(Word), cmp_left);
	for (i = 0; i < n; i++)
		trim_border_marks(&w[i]);
	for (i = 0; i < n; i++)
	{
		long		col = w[i].left / unit;
		long		cur;
		char	   *piece = gi_malloc(w[i].len + 1);

		memcpy(piece, w[i].text, w[i].len);
		piece[w[i].len] = '\0';
		cur = gi_display_width(b->s + line_start);
		if (i == 0)
			put_spaces(b, col - cur);
		else
		{
			long		hh = h;
			long		gap;

			/* the scale is the larger characters' (a title's) */
			if (w[i - 1].height > hh)
				hh = w[i - 1].height;
			if (w[i].height > hh)
				hh = w[i].height;
			gap = w[i].left - (w[i - 1].left + ink_width(&w[i - 1], hh));
			if (2 * gap >= 3 * hh)
				put_spaces(b, col - cur >= 2 ? col - cur : 2);
			else if (ascii_word_char(w[i - 1].text[w[i - 1].len - 1]) ?
					 (ascii_word_char(w[i].text[0]) || 2 * gap >= hh) :
					 (ascii_word_char(w[i].text[0]) && 2 * gap >= hh))
				put(b, " ", 1);
		}
		put(b, piece, w[i].len);
		free(piece);
	}
	put(b, "\n", 1);
}

char *
gi_ocr_layout(const char *tsv, size_t *len)
{
	char	   *copy = gi_strdup(tsv);
	size_t		n;
	Word	   *w = read_words(copy, &n);
	Buf			b = {0};
	long		h;
	size_t		start;

	if (n == 0)
	{
		free(w);
		free(copy);
		*len = 0;
		return gi_strdup("");
	}
	put(&b, "", 0);
	h = median_height(w, n);
	qsort(w, n, sizeof(Word), cmp_centre);

	/* a row: the words whose centres lie within 0.6 character heights of its first word's */
	start = 0;
	while (start < n)
	{
		long		c0 = 2 * w[start].top + w[start].height;
		size_t		end = start + 1;

		while (end < n && (2 * w[end].top + w[end].height) - c0 <= (long) (1.2 * (double) h))
			end++;
		layout_row(&b, w + start, end - start, h / 2 > 0 ? h / 2 : 1, h);
		start = end;
	}
	free(w);
	free(copy);
	*len = b.len;
	return b.s;
}

/*
 * Erase a table's rules from a greyscale page before OCR: every vertical or
 * horizontal run of dark pixels at least minrun long (a third of an inch; the
 * longest stroke of a character is shorter) becomes white.  Without this,
 * tesseract reads a cell's border as a character, most often a 1 beside the
 * figure ("1200" for 200).  Both directions are found on the page as it was,
 * then erased, so that erasing one does not hide the other.
 */
void
gi_ocr_erase_rules(unsigned char *pix, long w, long h, long minrun)
{
	unsigned char *mask = gi_malloc((size_t) (w * h));
	long		x,
				y;

	memset(mask, 0, (size_t) (w * h));
	for (y = 0; y < h; y++)
	{
		long		run = 0;

		for (x = 0; x <= w; x++)
		{
			if (x < w && pix[y * w + x] < GI_OCR_DARK)
				run++;
			else
			{
				if (run >= minrun)
					memset(mask + y * w + x - run, 1, (size_t) run);
				run = 0;
			}
		}
	}
	for (x = 0; x < w; x++)
	{
		long		run = 0;

		for (y = 0; y <= h; y++)
		{
			if (y < h && pix[y * w + x] < GI_OCR_DARK)
				run++;
			else
			{
				long		k;

				if (run >= minrun)
					for (k = y - run; k < y; k++)
						mask[k * w + x] = 1;
				run = 0;
			}
		}
	}
	for (x = 0; x < w * h; x++)
		if (mask[x])
			pix[x] = 255;
	free(mask);
}
