/*
 * narrative.c
 *	  Prose-vs-table conflicts: "keyword + number + 件" statements in the text
 *	  outside the statistical table, compared with the parsed table.
 *
 * Pure C.  Each line outside the table is folded once (full-width digits to
 * ASCII, traditional to simplified); every "N件" in it is read with the
 * clause that leads to it (the text back to the last comma or full stop).
 * The clause must end with the key words of exactly one rule below, after
 * filler words (共, 为, 计 ...) are stripped; clauses that compare with
 * another year, hedge (约, 近, 余件) or give a share are skipped.
 */
#include "narrative.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/*
 * A statement rule: the clause before the number must end with one of ends
 * (after fillers), contain one of needs (when given) and none of nots.
 */
typedef struct NarrRule
{
	const char *templates;		/* the templates it applies to */
	const char *code;
	const char *ends[4];
	const char *needs[6];
	const char *nots[16];
} NarrRule;

/*
 * The rules (rules[]), the words that make a clause a comparison, a share
 * or a hedge, never read (skip_words[]), and the filler words between the
 * key words and the number (fillers[]): spec/narrative.tsv, generated.
 */
#include "narrative_rules.h"

#define CLAUSE_MAX		60		/* characters from a clause's start to its number */
#define SENTENCE_MAX	150		/* characters of an excerpt either side of the number */
#define LINE_MAX_BYTES	65536	/* longer lines are read up to this length */

typedef struct Buf
{
	uint32_t   *cp;
	int		   *boff;
	int			cap;
} Buf;

static bool
is_sep(uint32_t c)
{
	/* clause separators, after folding (full-width , ; : ! ? ( ) are ASCII) */
	return c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '(' || c == ')' ||
		c == 0x3002 || c == 0x3001 || c == '\n';
}

static bool
is_sentence_end(uint32_t c)
{
	return c == 0x3002 || c == ';' || c == '!' || c == '?';
}

/* cp[a..b) as UTF-8 into out (cap bytes), spaces dropped. */
static void
to_utf8(const uint32_t *cp, int a, int b, char *out, int cap)
{
	int			o = 0;

	for (int i = a; i < b; i++)
	{
		char		t[4];
		int			k;

		if (cp[i] == ' ' || cp[i] == '\t')
			continue;
		k = gi_utf8_encode(cp[i], t);
		if (o + k >= cap)
			break;
		memcpy(out + o, t, (size_t) k);
		o += k;
	}
	out[o] = '\0';
}

static bool
ends_with(const char *s, size_t n, const char *w)
{
	size_t		k = strlen(w);

	return k <= n && memcmp(s + n - k, w, k) == 0;
}

/* Strip filler words from the end of s (in place). */
static void
strip_fillers(char *s)
{
	bool		again = true;

	while (again)
	{
		size_t		n = strlen(s);

		again = false;
		for (int i = 0; fillers[i] != NULL; i++)
			if (n > strlen(fillers[i]) && ends_with(s, n, fillers[i]))
			{
				s[n - strlen(fillers[i])] = '\0';
				again = true;
				break;
			}
	}
}

static bool
rule_matches(const NarrRule *r, const char *lead)
{
	size_t		n = strlen(lead);
	bool		end = false,
				need = r->needs[0] == NULL;

	for (int i = 0; i < 4 && r->ends[i] != NULL; i++)
		if (ends_with(lead, n, r->ends[i]))
			end = true;
	if (!end)
		return false;
	for (int i = 0; i < 6 && r->needs[i] != NULL; i++)
		if (strstr(lead, r->needs[i]) != NULL)
			need = true;
	if (!need)
		return false;
	for (int i = 0; i < 16 && r->nots[i] != NULL; i++)
		if (strstr(lead, r->nots[i]) != NULL)
			return false;
	return true;
}

/* The table's value of codes[code]: a cell, or the sum of a group's present members. */
static bool
table_value(const GiParseResult *res, int code, int64_t *v)
{
	const GiCode *c = &res->template->codes[code];

	if (c->pos < 0)
		return gi_parse_group_sum(res, res->template, code, v);
	if (c->pos >= GI_MAX_CELLS || res->nulls[c->pos])
		return false;
	*v = res->vals[c->pos];
	return true;
}

/* A year (YYYY年) in cp[a..b) other than the report's. */
static bool
other_year(const uint32_t *cp, int a, int b, int year)
{
	for (int i = a; i + 4 < b; i++)
	{
		int			y = 0;
		bool		ok = true;

		for (int k = 0; k < 4; k++)
		{
			if (cp[i + k] < '0' || cp[i + k] > '9')
			{
				ok = false;
				break;
			}
			y = y * 10 + (int) (cp[i + k] - '0');
		}
		if (ok && cp[i + 4] == 0x5E74 && (i == 0 || cp[i - 1] < '0' || cp[i - 1] > '9') &&
			y >= 1990 && y <= 2100 && y != year)
			return true;
	}
	return false;
}

/* Does the text contain 件 (E4 BB B6)? */
static bool
has_jian(const char *s, int len)
{
	const char *p = s,
			   *e = s + len;

	while (p < e && (p = memchr(p, 0xE4, (size_t) (e - p))) != NULL)
	{
		if (e - p >= 3 && (unsigned char) p[1] == 0xBB && (unsigned char) p[2] == 0xB6)
			return true;
		p++;
	}
	return false;
}

static bool
push_conflict(GiConflict **arr, int *n, int *cap, const GiConflict *c)
{
	if (*n >= *cap)
	{
		int			nc = *cap ? *cap * 2 : 8;
		GiConflict *p = realloc(*arr, sizeof(GiConflict) * (size_t) nc);

		if (p == NULL)
			return false;
		*arr = p;
		*cap = nc;
	}
	(*arr)[(*n)++] = *c;
	return true;
}

/* Scan one folded line. Returns false when memory ran out. */
static bool
scan_line(const GiParseResult *res, const char *text, const Buf *b, int n,
		  GiConflict **arr, int *nout, int *cap)
{
	const GiTemplate *t = res->template;
	const uint32_t *cp = b->cp;

	for (int i = 0; i < n; i++)
	{
		int			j,
					s,
					k,
					ce,
					ss,
					se,
					hit = -1,
					code = -1;
		int64_t		val = 0,
					tv;
		char		lead[200],
					clause[400];
		bool		ok = true,
					dup = false;

		if (cp[i] != 0x4EF6)	/* 件 */
			continue;
		if (i + 1 < n && cp[i + 1] == 0x6B21)	/* 件次 */
			continue;
		j = i - 1;
		while (j >= 0 && cp[j] == ' ')
			j--;
		if (j < 0 || cp[j] < '0' || cp[j] > '9')
			continue;
		/* the number: digits and thousands separators */
		s = j;
		while (s > 0 && ((cp[s - 1] >= '0' && cp[s - 1] <= '9') ||
						 (cp[s - 1] == ',' && s >= 2 && cp[s - 2] >= '0' && cp[s - 2] <= '9')))
			s--;
		if (s > 0 && (cp[s - 1] == '.' || cp[s - 1] == '-' || cp[s - 1] == '+'))
			continue;			/* a decimal or a range: not a plain count */
		for (int q = s; q <= j && ok; q++)
		{
			if (cp[q] == ',')
				continue;
			if (val > 100000000000LL)
				ok = false;
			val = val * 10 + (int64_t) (cp[q] - '0');
		}
		if (!ok)
			continue;
		/* the clause that leads to it, and the rest of the clause (bounded: a clear statement is short) */
		k = s - 1;
		while (k >= 0 && k >= s - CLAUSE_MAX && !is_sep(cp[k]))
			k--;
		if (k >= 0 && k < s - CLAUSE_MAX)
			continue;			/* no clause start within reach */
		ce = i + 1;
		while (ce < n && ce <= i + CLAUSE_MAX && !is_sep(cp[ce]))
			ce++;
		to_utf8(cp, k + 1, s, lead, (int) sizeof(lead));
		to_utf8(cp, k + 1, ce, clause, (int) sizeof(clause));
		for (int w = 0; skip_words[w] != NULL; w++)
			if (strstr(clause, skip_words[w]) != NULL)
				ok = false;
		if (!ok || other_year(cp, k + 1, ce, res->year))
			continue;
		strip_fillers(lead);
		for (size_t r = 0; r < sizeof(rules) / sizeof(rules[0]); r++)
		{
			int			c;

			if (strstr(rules[r].templates, t->name) == NULL)
				continue;
			if (!rule_matches(&rules[r], lead))
				continue;
			c = gi_code_lookup(t, rules[r].code, (int) strlen(rules[r].code));
			if (c < 0)
				continue;
			if (hit >= 0)
			{
				hit = -2;		/* two rules: ambiguous, not read */
				break;
			}
			hit = (int) r;
			code = c;
		}
		if (hit < 0 || !table_value(res, code, &tv) || tv == val)
			continue;
		for (int q = 0; q < *nout; q++)
			if ((*arr)[q].code == code && (*arr)[q].text_value == val)
				dup = true;
		if (dup)
			continue;
		/* the sentence, for the excerpt */
		ss = s - 1;
		while (ss >= 0 && ss >= s - SENTENCE_MAX && !is_sentence_end(cp[ss]))
			ss--;
		ss++;
		se = i + 1;
		while (se < n && se < i + SENTENCE_MAX && !is_sentence_end(cp[se]))
			se++;
		if (se < n && is_sentence_end(cp[se]))
			se++;
		{
			GiConflict	c;
			int			a = b->boff[ss],
						e = b->boff[se];

			while (a < e && (text[a] == ' ' || text[a] == '\t'))
				a++;
			if (e - a > 300)
			{
				/* keep 300 bytes around the number, on character boundaries */
				int			mid = b->boff[s];

				a = mid - 150 > a ? mid - 150 : a;
				while (((unsigned char) text[a] & 0xC0) == 0x80)
					a++;
				e = a + 300 < e ? a + 300 : e;
				while (e > a && ((unsigned char) text[e] & 0xC0) == 0x80)
					e--;
			}
			c.code = code;
			c.code_name = t->codes[code].code;
			c.label_zh = t->rows[t->codes[code].row].label_zh;
			c.table_value = tv;
			c.text_value = val;
			c.excerpt = malloc((size_t) (e - a) + 1);
			if (c.excerpt == NULL)
				return false;
			memcpy(c.excerpt, text + a, (size_t) (e - a));
			c.excerpt[e - a] = '\0';
			if (!push_conflict(arr, nout, cap, &c))
			{
				free(c.excerpt);
				return false;
			}
		}
	}
	return true;
}

/* Fold text[0..tl) into b (code points and their byte offsets) and scan it. false: out of memory */
static bool
scan_text(const GiParseResult *res, const char *text, int tl, Buf *b,
		  GiConflict **arr, int *nout, int *cap)
{
	int			m = 0;

	if (!has_jian(text, tl))
		return true;			/* no 件 at all: nothing to read */
	if (tl + 1 > b->cap)
	{
		uint32_t   *ncp = realloc(b->cp, sizeof(uint32_t) * (size_t) (tl + 1));
		int		   *nb;

		if (ncp == NULL)
			return false;
		b->cp = ncp;
		nb = realloc(b->boff, sizeof(int) * (size_t) (tl + 1));
		if (nb == NULL)
			return false;
		b->boff = nb;
		b->cap = tl + 1;
	}
	for (int i = 0; i < tl;)
	{
		uint32_t	c;
		int			k = gi_utf8_decode((const unsigned char *) text + i, (size_t) (tl - i), &c);

		b->cp[m] = gi_parse_fold_char(c);
		b->boff[m] = i;
		m++;
		i += k;
	}
	b->boff[m] = tl;
	return scan_line(res, text, b, m, arr, nout, cap);
}

static bool
is_cn_numeral(uint32_t c)
{
	static const uint32_t nums[] = {0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341};

	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
		if (c == nums[i])
			return true;
	return false;
}

/*
 * Whether the line s[0..len) begins a paragraph rather than continuing the
 * one above it (as a PDF's text wraps prose at its line width): it is
 * indented (a space, a tab, an ideographic space), or it is a heading
 * (（一）, (一), 一、, 1、, 1.).
 */
static bool
starts_paragraph(const char *s, int len)
{
	const unsigned char *u = (const unsigned char *) s;
	uint32_t	c,
				c2 = 0;
	int			k;

	if (len <= 0 || u[0] == ' ' || u[0] == '\t')
		return true;
	k = gi_utf8_decode(u, (size_t) len, &c);
	if (c == 0x3000)
		return true;
	c = gi_parse_fold_char(c);
	if (c == '(')
		return true;
	if (k < len)
		gi_utf8_decode(u + k, (size_t) (len - k), &c2);
	c2 = gi_parse_fold_char(c2);
	return ((c >= '0' && c <= '9') || is_cn_numeral(c)) &&
		(c2 == 0x3001 || c2 == '.' || c2 == 0xFF0E);
}

static bool
ascii_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/*
 * Prose is read a paragraph at a time, its lines joined (a statement cut by
 * a PDF's line break, 受理政府 / 信息公开申请 17 件, is read whole): a blank
 * line, a line of the table, an indented line or a heading ends one.  Lines
 * are joined as they are, with a space only between two ASCII letters or
 * digits, so that no number is made of two.
 */
int
gi_narrative_conflicts(const char *content, size_t len, const GiParseResult *res, GiConflict **out)
{
	GiConflict *arr = NULL;
	int			n = 0,
				cap = 0,
				nlines,
				pl = 0;
	Buf			b = {NULL, NULL, 0};
	char	   *para = NULL;

	(void) content;
	(void) len;
	*out = NULL;
	if (res == NULL || res->status != GI_PARSE_OK || res->template == NULL)
		return 0;
	nlines = gi_parse_nlines(res);
	para = malloc(LINE_MAX_BYTES + 2);
	if (para == NULL)
		return -1;
	for (int li = 0; li <= nlines; li++)
	{
		const char *text = NULL;
		int			tl = 0;
		bool		in_table = false,
					blank,
					ok = li < nlines && gi_parse_line(res, li, &text, &tl, &in_table);

		while (ok && tl > 0 && (text[tl - 1] == ' ' || text[tl - 1] == '\t' || text[tl - 1] == '\r'))
			tl--;
		blank = !ok || in_table || tl <= 0;
		if (tl > LINE_MAX_BYTES)
		{
			tl = LINE_MAX_BYTES;	/* on a character boundary */
			while (tl > 0 && ((unsigned char) text[tl] & 0xC0) == 0x80)
				tl--;
		}
		/* the paragraph so far ends here: read it */
		if (pl > 0 && (blank || starts_paragraph(text, tl) || pl + 1 + tl > LINE_MAX_BYTES))
		{
			if (!scan_text(res, para, pl, &b, &arr, &n, &cap))
				goto nomem;
			pl = 0;
		}
		if (blank)
			continue;
		if (pl > 0 && ascii_alnum(para[pl - 1]) && ascii_alnum(text[0]))
			para[pl++] = ' ';
		memcpy(para + pl, text, (size_t) tl);
		pl += tl;
	}
	free(para);
	free(b.cp);
	free(b.boff);
	*out = arr;
	return n;

nomem:
	free(para);
	free(b.cp);
	free(b.boff);
	gi_conflicts_free(arr, n);
	return -1;
}

void
gi_conflicts_free(GiConflict *conflicts, int n)
{
	if (conflicts == NULL)
		return;
	for (int i = 0; i < n; i++)
		free(conflicts[i].excerpt);
	free(conflicts);
}
