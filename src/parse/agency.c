/*
 * agency.c
 *	  The agency and the year, from the title and opening lines.
 */
#include "parse_int.h"

static bool
line_text(const Doc *d, int li, const char **s, int *len)
{
	int			off,
				l;

	if (li < 0 || li >= d->nlines)
		return false;
	off = d->lines[li].off;
	l = d->lines[li].len;
	trim_span(d->text, &off, &l);
	*s = d->text + off;
	*len = l;
	return l > 0;
}

/* Folded code points of a line, with their byte offsets. */
static int
fold_line(const char *s, int len, uint32_t *cp, int *boff, int cap)
{
	int			n = 0;

	int			i = 0;

	while (i < len && n < cap)
	{
		uint32_t	c;
		int			k = DEC(s + i, (size_t) (len - i), &c);

		cp[n] = fold(c);
		boff[n] = i;
		n++;
		i += k;
		boff[n] = i;			/* where the next character starts (boff has cap + 1 slots) */
	}
	if (n == 0)
		boff[0] = 0;
	return n;
}

static int
find_cps(const uint32_t *cp, int n, const char *word, int from)
{
	uint32_t	w[32];
	int			wn = 0;

	for (int i = 0; word[i] && wn < 32;)
	{
		uint32_t	c;

		i += DEC(word + i, strlen(word + i), &c);
		w[wn++] = c;
	}
	for (int i = from < 0 ? 0 : from; i + wn <= n; i++)
	{
		int			k = 0;

		while (k < wn && cp[i + k] == w[k])
			k++;
		if (k == wn)
			return i;
	}
	return -1;
}

/* A year (1990-2100) followed by 年 at cp[i]: ASCII or Chinese numerals; its length in *n. */
static int
year_at(const uint32_t *cp, int n, int i, int *len)
{
	int			y = 0,
				gap;

	/*
	 * 2023年, and 2023 年 as text extracted from a PDF or a Word file prints
	 * it, a space between Western digits and Chinese characters
	 */
	gap = i + 5 < n && cp[i + 4] == ' ' && cp[i + 5] == 0x5E74 ? 1 : 0;
	if (i + 4 + gap < n && cp[i + 4 + gap] == 0x5E74)	/* 年 after the four digits */
	{
		bool		ok = true;

		for (int k = 0; k < 4; k++)
			if (!(cp[i + k] >= '0' && cp[i + k] <= '9'))
				ok = false;
		if (ok && (i == 0 || !(cp[i - 1] >= '0' && cp[i - 1] <= '9')))
		{
			for (int k = 0; k < 4; k++)
				y = y * 10 + (int) (cp[i + k] - '0');
			*len = 4 + gap;
			return y >= 1990 && y <= 2100 ? y : 0;
		}
		/* 二〇二三年 */
		ok = true;
		y = 0;
		for (int k = 0; k < 4 && ok; k++)
		{
			uint32_t	c = cp[i + k];
			int			dv;

			if (c == 0x3007 || c == 0x25CB || c == 0x96F6)
				dv = 0;
			else if ((dv = cn_digit(c)) < 1 || dv > 9)
				ok = false;
			y = y * 10 + dv;
		}
		if (ok)
		{
			*len = 4 + gap;
			return y >= 1990 && y <= 2100 ? y : 0;
		}
	}
	return 0;
}

static int
first_year(const uint32_t *cp, int n, int from, int *at)
{
	for (int i = from; i < n; i++)
	{
		int			l,
					y = year_at(cp, n, i, &l);

		if (y)
		{
			if (at)
				*at = i;
			return y;
		}
	}
	return 0;
}

static bool
agency_suffix(const uint32_t *cp, int n)
{
	static const char suffixes[] = "厅局委办室院府部署会处所站馆队社司镇乡区县市旗盟心行校园关组庭场台";
	uint32_t	last;

	if (n < 2)
		return false;
	last = cp[n - 1];
	for (int i = 0; suffixes[i];)
	{
		uint32_t	c;

		i += DEC(suffixes + i, strlen(suffixes + i), &c);
		if (c == last)
			return true;
	}
	return false;
}

/* Trim an agency candidate cp[a..b): spaces, punctuation, 关于, 的. */
static bool
agency_span(const uint32_t *cp, int *a, int *b)
{
	for (;;)
	{
		while (*a < *b && !is_cjk(cp[*a]) && !is_ascii_alnum(cp[*a]))
			(*a)++;
		while (*b > *a && !is_cjk(cp[*b - 1]) && !is_ascii_alnum(cp[*b - 1]))
			(*b)--;
		if (*b - *a >= 2 && cp[*b - 2] == 0x5173 && cp[*b - 1] == 0x4E8E)	/* 关于 */
		{
			*b -= 2;
			continue;
		}
		if (*b - *a >= 2 && cp[*a] == 0x5173 && cp[*a + 1] == 0x4E8E)
		{
			*a += 2;
			continue;
		}
		if (*b > *a && cp[*b - 1] == 0x7684)	/* 的 */
		{
			(*b)--;
			continue;
		}
		break;
	}
	if (*b - *a < 2 || *b - *a > 40 || !agency_suffix(cp + *a, *b - *a))
		return false;
	/* a name: no punctuation inside but parentheses and the middle dot */
	for (int i = *a; i < *b; i++)
		if (!is_cjk(cp[i]) && !is_ascii_alnum(cp[i]) && cp[i] != '(' && cp[i] != ')' && cp[i] != 0xB7)
			return false;
	return true;
}

static bool
has_sentence_punct(const uint32_t *cp, int n)
{
	for (int i = 0; i < n; i++)
		if (cp[i] == ',' || cp[i] == 0x3002 || cp[i] == ';' || cp[i] == ':' || cp[i] == 0xFF1A)
			return true;
	return false;
}

#define AGY_CAP 200

/* The agency from s (the line li, folded into cp, boff) where agency_span finds it in [a, b) */
static bool
take_agency(Ctx *x, const char *s, int len, const int *boff, int a, int b, const uint32_t *cp,
			int sev, const char *fmt, int li)
{
	if (!agency_span(cp, &a, &b))
		return false;
	x->res->agency = (char *) log_str(x, s + boff[a], boff[b] - boff[a], 400);
	addlog(x, sev, "", "", 0, s, len, fmt, li + 1);
	return true;
}

/* The title: the first line before limit naming 政府信息公开 and a report, or -1 */
static int
find_title(Doc *d, int limit)
{
	uint32_t	cp[AGY_CAP];
	int			boff[AGY_CAP + 1],
				n,
				len;
	const char *s;

	for (int li = 0; li < limit; li++)
	{
		if (!line_text(d, li, &s, &len))
			continue;
		n = fold_line(s, len, cp, boff, AGY_CAP);
		if (n > 100)
			continue;
		if (find_cps(cp, n, "政府信息公开", 0) >= 0 && !has_sentence_punct(cp, n) &&
			(find_cps(cp, n, "报告", 0) >= 0 || find_cps(cp, n, "年报", 0) >= 0))
			return li;
	}
	return -1;
}

/*
 * The year first: 2019年上海市人民政府办公厅政府信息公开工作年度报告, the
 * agency between 年 (or 年度, 关于) and 政府信息公开.
 */
static void
agency_after_year(Ctx *x, const char *s, int len, const uint32_t *cp, const int *boff, int n, int at, int title)
{
	int			yl,
				a,
				b;

	if (at < 0 || year_at(cp, n, at, &yl) == 0)
		return;
	a = at + yl + 1;			/* past 年 */
	if (a < n && cp[a] == 0x5EA6)	/* 度 */
		a++;
	b = find_cps(cp, n, "政府信息公开", a);
	if (b - a >= 2)
		take_agency(x, s, len, boff, a, b, cp, SEV_INFO, "agency taken from the title, after the year (line %d)", title);
}

/* The year and the agency from the title line: the agency is what precedes the year, or 政府信息公开 */
static void
from_title(Ctx *x, int title)
{
	uint32_t	cp[AGY_CAP];
	int			boff[AGY_CAP + 1],
				n,
				len,
				at = -1,
				y;
	const char *s;

	if (!line_text(x->d, title, &s, &len))
		return;
	n = fold_line(s, len, cp, boff, AGY_CAP);
	y = first_year(cp, n, 0, &at);
	if (y)
	{
		x->res->year = y;
		addlog(x, SEV_INFO, "", "", 0, s, len, "year %d taken from the title (line %d)", y, title + 1);
		if (!take_agency(x, s, len, boff, 0, at, cp, SEV_INFO, "agency taken from the title (line %d)", title))
			agency_after_year(x, s, len, cp, boff, n, at, title);
	}
	else
	{
		int			b = find_cps(cp, n, "政府信息公开", 0);

		if (b > 0)
			take_agency(x, s, len, boff, 0, b, cp, SEV_INFO, "agency taken from the title (line %d)", title);
	}
}

/* The agency on a short line of its own below the title (one of the next three) */
static void
agency_below_title(Ctx *x, int title, int limit)
{
	uint32_t	cp[AGY_CAP];
	int			boff[AGY_CAP + 1],
				n,
				len,
				tried = 0;
	const char *s;

	for (int li = title + 1; li < limit && tried < 3; li++)
	{
		bool		digit = false;

		if (!line_text(x->d, li, &s, &len))
			continue;
		tried++;
		n = fold_line(s, len, cp, boff, AGY_CAP);
		for (int k = 0; k < n; k++)
			if (cp[k] >= '0' && cp[k] <= '9')
				digit = true;
		if (n <= 40 && !digit && !has_sentence_punct(cp, n) &&
			take_agency(x, s, len, boff, 0, n, cp, SEV_INFO, "agency taken from line %d, below the title", li))
			break;
	}
}

/* A short line that may hold an agency or part of one: no digits, no sentence punctuation */
static bool
agency_line(const Doc *d, int li, uint32_t *cp, int *boff, int *n, const char **s, int *len)
{
	if (!line_text(d, li, s, len))
		return false;
	*n = fold_line(*s, *len, cp, boff, AGY_CAP);
	if (*n > 40 || has_sentence_punct(cp, *n))
		return false;
	for (int k = 0; k < *n; k++)
		if (cp[k] >= '0' && cp[k] <= '9')
			return false;
	return true;
}

/*
 * The upper line of a name split over two is a name itself, cut where one
 * unit of the agency ends (云川市人民政府 / 办公室, 平潭综合实验区 / 管委会):
 * that keeps a page's navigation line (首页, 政务公开) out of the name.
 */
static bool
upper_is_name(const uint32_t *cp, int n)
{
	int			a = 0,
				b = n;

	return agency_span(cp, &a, &b) && a == 0 && b == n;
}

/*
 * The agency on its own line above the title, as a PDF's title page prints
 * it (centred, so indented): the line just above, or the two lines just
 * above joined when the name is split over them (云川市人民政府 / 办公室).
 * Blank lines between the agency and the title are allowed; a blank line
 * between the two parts of a name is not.
 */
static void
agency_above_title(Ctx *x, int title)
{
	uint32_t	cp[AGY_CAP],
				cp2[AGY_CAP];
	int			boff[AGY_CAP + 1],
				boff2[AGY_CAP + 1],
				n,
				n2,
				len,
				len2,
				li = title - 1;
	const char *s,
			   *s2;

	while (li >= 0 && li >= title - 3 && !line_text(x->d, li, &s, &len))
		li--;
	if (li < 0 || li < title - 3 || !agency_line(x->d, li, cp, boff, &n, &s, &len))
		return;
	if (li > 0 && agency_line(x->d, li - 1, cp2, boff2, &n2, &s2, &len2) && n + n2 <= 40 &&
		upper_is_name(cp2, n2))
	{
		char		joined[AGY_CAP * 4 + 1];
		int			jl;

		/* both lines as one name, their spaces trimmed */
		jl = boff2[n2] - boff2[0];
		memcpy(joined, s2, jl);
		memcpy(joined + jl, s, len);
		jl += len;
		joined[jl] = '\0';
		n2 = fold_line(joined, jl, cp2, boff2, AGY_CAP);
		if (take_agency(x, joined, jl, boff2, 0, n2, cp2, SEV_INFO,
						"agency taken from line %d and the next, above the title", li))
			return;
	}
	take_agency(x, s, len, boff, 0, n, cp, SEV_INFO, "agency taken from line %d, above the title", li);
}

/*
 * A name split over the title line: 云川市人民政府 / 办公室2020年政府信息公开
 * 工作年度报告.  When the line just above the title (no blank line between)
 * is a name by itself and the agency taken from the title does not begin as
 * it does (云川市人民政府 / 云川市水务局2020年…: a name of its own), that line
 * is the agency's first part: the two joined.
 */
static void
agency_split_over_title(Ctx *x, int title)
{
	uint32_t	cp[AGY_CAP];
	int			boff[AGY_CAP + 1],
				n,
				len,
				al = (int) strlen(x->res->agency);
	const char *s;
	char		joined[AGY_CAP * 4 + 1];
	int			jl;
	uint32_t	first[2];

	if (fold_line(x->res->agency, al, first, boff, 2) < 2)
		return;
	if (title < 1 || !agency_line(x->d, title - 1, cp, boff, &n, &s, &len) || n + al > 40 ||
		!upper_is_name(cp, n) || len + al > AGY_CAP * 4 || (cp[0] == first[0] && cp[1] == first[1]))
		return;
	memcpy(joined, s, len);
	memcpy(joined + len, x->res->agency, al);
	jl = len + al;
	joined[jl] = '\0';
	n = fold_line(joined, jl, cp, boff, AGY_CAP);
	take_agency(x, joined, jl, boff, 0, n, cp, SEV_INFO,
				"agency taken from line %d and the title line, the name split over them", title - 1);
}

/* 发布机构：… in a page's metadata */
static void
agency_from_metadata(Ctx *x, int limit)
{
	uint32_t	cp[AGY_CAP];
	int			boff[AGY_CAP + 1],
				n,
				len;
	const char *s;

	for (int li = 0; x->res->agency == NULL && li < limit; li++)
	{
		int			p;

		if (!line_text(x->d, li, &s, &len))
			continue;
		n = fold_line(s, len, cp, boff, AGY_CAP);
		if ((p = find_cps(cp, n, "发布机构", 0)) >= 0 || (p = find_cps(cp, n, "发文机关", 0)) >= 0)
		{
			int			a = p + 4,
						b;

			while (a < n && (cp[a] == ':' || cp[a] == ' '))
				a++;
			b = a;
			while (b < n && cp[b] != ' ' && cp[b] != ',' && cp[b] != 0x3002)
				b++;
			take_agency(x, s, len, boff, a, b, cp, SEV_INFO, "agency taken from the page's 发布机构 (line %d)", li);
		}
	}
}

/*
 * The agency before the year at cp[at] of an opening paragraph: the run of
 * CJK before it, from after the last of these verbs in it (现公开 …).
 */
static void
agency_before_year(Ctx *x, const char *s, int len, const uint32_t *cp, const int *boff, int at, int li)
{
	static const char *const verbs[] = {"现公开", "现公布", "现发布", "现将", "特发布", "公布", "发布", "公开", "编制", "本", NULL};
	int			a = at;

	while (a > 0 && is_cjk(cp[a - 1]) && at - a < 40)
		a--;
	for (int v = 0; verbs[v]; v++)
	{
		int			q = -1,
					f;

		for (f = find_cps(cp, at, verbs[v], a); f >= 0; f = find_cps(cp, at, verbs[v], f + 1))
			q = f;
		if (q >= 0)
		{
			a = q + (int) strlen(verbs[v]) / 3;
			break;
		}
	}
	take_agency(x, s, len, boff, a, at, cp, SEV_WARNING, "agency guessed from the opening paragraph (line %d)", li);
}

/* The opening paragraph: "…现公开XX局2023年政府信息公开工作年度报告", up to 15 lines in */
static void
from_opening(Ctx *x, int title, int limit)
{
	GiParseResult *res = x->res;
	uint32_t	cp[AGY_CAP];
	int			boff[AGY_CAP + 1],
				n,
				len;
	const char *s;

	for (int li = title >= 0 ? title + 1 : 0; (res->agency == NULL || res->year == 0) && li < limit && li < (title >= 0 ? title : 0) + 15; li++)
	{
		int			p,
					at = -1,
					y;

		if (!line_text(x->d, li, &s, &len))
			continue;
		n = fold_line(s, len, cp, boff, AGY_CAP);
		p = find_cps(cp, n, "政府信息公开工作年度报告", 0);
		if (p < 0)
			p = find_cps(cp, n, "政府信息公开年度报告", 0);
		if (p < 0)
			continue;
		for (int k = p - 1; k >= 0 && k >= p - 8; k--)
		{
			int			l;

			if ((y = year_at(cp, n, k, &l)) != 0)
			{
				at = k;
				break;
			}
		}
		if (at < 0)
			continue;
		y = year_at(cp, n, at, &p);
		if (res->year == 0 && y)
		{
			res->year = y;
			addlog(x, SEV_INFO, "", "", 0, s, len, "year %d taken from the opening paragraph (line %d)", y, li + 1);
		}
		if (res->agency == NULL)
			agency_before_year(x, s, len, cp, boff, at, li);
	}
}

/* The year from the period the statistics cover, or the table's title */
static void
year_from_period(Ctx *x, int table_line)
{
	Doc		   *d = x->d;
	uint32_t	cp[AGY_CAP];
	int			boff[AGY_CAP + 1],
				n,
				len;
	const char *s;

	for (int li = 0; x->res->year == 0 && li < d->nlines && li < (table_line >= 0 ? table_line + 5 : 200); li++)
	{
		int			p,
					y,
					at;

		if (!line_text(d, li, &s, &len))
			continue;
		n = fold_line(s, len, cp, boff, AGY_CAP);
		if ((p = find_cps(cp, n, "12月31日", 0)) > 0 && (y = first_year(cp, p, p >= 6 ? p - 6 : 0, &at)) != 0)
		{
			x->res->year = y;
			addlog(x, SEV_INFO, "", "", 0, s, len, "year %d taken from the period of the statistics (line %d)", y, li + 1);
		}
		else if (find_cps(cp, n, "政府信息公开", 0) >= 0 && n <= 60 && (y = first_year(cp, n, 0, &at)) != 0)
		{
			x->res->year = y;
			addlog(x, SEV_WARNING, "", "", 0, s, len, "year %d guessed from line %d", y, li + 1);
		}
	}
}

/*
 * The agency and the year, from the lines before table_line (the table's
 * first mapped row; -1 = none), each from the first of these that gives
 * it: the title, a line below it, the page's metadata, the opening
 * paragraph, and for the year the period of the statistics.
 */
void
find_agency_year(Ctx *x, int table_line)
{
	GiParseResult *res = x->res;
	int			limit = table_line >= 0 ? table_line : x->d->nlines,
				title;

	if (limit > 200)
		limit = 200;
	title = find_title(x->d, limit);
	if (title >= 0)
		from_title(x, title);
	if (res->agency != NULL && title >= 0)
		agency_split_over_title(x, title);
	if (res->agency == NULL && title >= 0)
		agency_above_title(x, title);
	if (res->agency == NULL && title >= 0)
		agency_below_title(x, title, limit);
	agency_from_metadata(x, limit);
	from_opening(x, title, limit);
	year_from_period(x, table_line);
	if (res->agency == NULL)
		addlog(x, SEV_WARNING, "", "", 0, "", 0, "agency not found in the title or the opening lines");
	if (res->year == 0)
		addlog(x, SEV_WARNING, "", "", 0, "", 0, "year not found in the title or the opening lines");
}
