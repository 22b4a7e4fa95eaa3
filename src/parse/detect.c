/*
 * detect.c
 *	  Template detection: the table's window in the text and its template,
 *	  by distinctive labels of each layout.
 */
#include "parse_int.h"
#include "keywords.h"

/* The key words of each layout, kw_gov2014 … kw_shared: keywords.h (spec/keywords.tsv) */

typedef struct Detect
{
	int			hits[4];		/* 2014, 2019, 2021, shared */
	const char *first[4][4];	/* the first key words found, for the log */
} Detect;

static uint64_t
text_sig(const char *s)
{
	uint64_t	sig = 0;

	for (int i = 0; s[i];)
	{
		uint32_t	c;

		i += DEC(s + i, strlen(s + i), &c);
		sig |= char_bit(c);
	}
	return sig;
}

/*
 * The key words in the order they are tried, list by list (at most 64, a
 * bit each); for each byte of a sig, the key words with any of its bits: a
 * label can hold only the key words none of whose bits it lacks.  Built
 * once per process (kw_init).
 */
static struct
{
	const char *w;
	int			len;
	int			list;
}			kw[64];

static uint64_t kw_with_byte[8][256];	/* the key words with any of a byte's bits */

static int	nkw = -1;

uint64_t kw_all;			/* a bit for each key word */

void
kw_init(void)
{
	const char *const *lists[4] = {kw_gov2014, kw_gov2019, kw_gov2021, kw_shared};
	int			n = 0;

	if (nkw >= 0)
		return;
	for (int l = 0; l < 4; l++)
		for (int k = 0; lists[l][k] != NULL && k < 32 && n < 64; k++)
		{
			uint64_t	sig = text_sig(lists[l][k]);

			kw[n].w = lists[l][k];
			kw[n].len = (int) strlen(lists[l][k]);
			kw[n].list = l;
			for (int b = 0; b < 64; b++)
				if (sig & ((uint64_t) 1 << b))
					for (int v = 0; v < 256; v++)
						if (v & (1 << (b & 7)))
							kw_with_byte[b >> 3][v] |= (uint64_t) 1 << n;
			n++;
		}
	nkw = n;
	kw_all = nkw == 64 ? ~(uint64_t) 0 : ((uint64_t) 1 << nkw) - 1;
}

/*
 * The key words among cand that the normalised label norm (nlen bytes, its
 * characters' bits in sig) holds, as bits.
 */
uint64_t
kw_in_label(const char *norm, int nlen, uint64_t sig, uint64_t cand)
{
	uint64_t	lacks = ~sig,
				in = 0;

	for (int b = 0; b < 8; b++)
		cand &= ~kw_with_byte[b][(lacks >> (8 * b)) & 0xFF];
	for (; cand != 0; cand &= cand - 1)
	{
		int			k = __builtin_ctzll(cand);

		if (kw[k].len <= nlen && strstr(norm, kw[k].w) != NULL)
			in |= (uint64_t) 1 << k;
	}
	return in;
}

static void
detect_keywords(Ctx *x, int w0, int w1, Detect *det)
{
	uint64_t	found = 0;

	kw_init();
	memset(det, 0, sizeof(*det));
	for (int i = w0; i < w1 && found != kw_all; i++)
	{
		PRow	   *r = &x->rows[i];
		uint64_t	in;

		/* a known label's key words were found once, by kw_in_label */
		if (r->known1 > 0)
			in = known[r->known1 - 1].kwmask & ~found;
		else if (r->nlab == 0 || r->norm == NULL || r->norm[0] == '\0')
			continue;
		else
			in = kw_in_label(r->norm, r->nlen, r->sig, kw_all & ~found);
		for (; in != 0; in &= in - 1)
		{
			int			k = __builtin_ctzll(in),
						l = kw[k].list;

			found |= (uint64_t) 1 << k;
			if (det->hits[l] < 4)
				det->first[l][det->hits[l]] = kw[k].w;
			det->hits[l]++;
		}
	}
}

/* The window of printed rows to align: around the densest run of values. */
void
choose_window(Ctx *x, int *w0, int *w1)
{
	int			bf = -1,
				bl = -1,
				bc = 0,
				cf = -1,
				cl = -1,
				cc = 0,
				gap = 0,		/* lines with rows since row cl */
				prevline = -1;

	for (int i = 0; i <= x->nrows; i++)
	{
		bool		end = i == x->nrows;

		/* a line of several rows (a header printed in pieces) counts once */
		if (!end && x->rows[i].line != prevline)
		{
			gap++;
			prevline = x->rows[i].line;
		}
		if (!end && x->rows[i].nfill == 0)
			continue;
		if (cf >= 0 && (end || gap > 40))
		{
			if (cc > bc)
			{
				bf = cf;
				bl = cl;
				bc = cc;
			}
			cf = -1;
		}
		if (end)
			break;
		if (cf < 0)
		{
			cf = i;
			cc = 0;
		}
		cl = i;
		cc++;
		gap = 0;
	}
	if (bc == 0)
	{
		*w0 = *w1 = 0;
		return;
	}
	*w0 = bf > 25 ? bf - 25 : 0;
	*w1 = bl + 4 < x->nrows ? bl + 4 : x->nrows;
	if (*w1 - *w0 > GI_PARSE_MAX_ROWS)
	{
		addlog(x, SEV_WARNING, "", "", 0, "", 0,
			   "the table has more than %d printed rows: only the first %d were read",
			   GI_PARSE_MAX_ROWS, GI_PARSE_MAX_ROWS);
		*w1 = *w0 + GI_PARSE_MAX_ROWS;
	}
}

/* All normalised labels of a template, '|'-separated, for "is this header text?" */
const char *
template_label_text(const GiTemplate *t)
{
	static char *texts[MAX_TEMPLATES];
	static const GiTemplate *owners[MAX_TEMPLATES];
	int			slot = -1;
	size_t		cap = 0,
				o = 0;
	char	   *buf;
	char		tmp[LABEL_MAX_CP * 4 + 8];

	for (int i = 0; i < MAX_TEMPLATES; i++)
	{
		if (owners[i] == t)
			return texts[i];
		if (owners[i] == NULL && slot < 0)
			slot = i;
	}
	if (slot < 0)
		return NULL;
	for (int i = 0; i < t->nrows; i++)
		cap += strlen(t->rows[i].label_zh) + 2;
	for (int i = 0; i < t->ncolumns; i++)
		cap += strlen(t->columns[i].label_zh) + 2;
	cap += 200;
	buf = malloc(cap);
	if (buf == NULL)
		return NULL;
	o = 0;
	buf[o++] = '|';
	for (int i = 0; i < t->nrows + t->ncolumns; i++)
	{
		const char *l = i < t->nrows ? t->rows[i].label_zh : t->columns[i - t->nrows].label_zh;
		int			n = gi_parse_normalise_label(l, (int) strlen(l), tmp, (int) sizeof(tmp));

		if (o + (size_t) n + 2 >= cap)
			break;
		memcpy(buf + o, tmp, (size_t) n);
		o += (size_t) n;
		buf[o++] = '|';
	}
	{
		static const char extra[] = "统计指标|单位|统计数|信息内容|申请人情况|统计表|法人或其他组织小计|合计|";
		size_t		n = strlen(extra);

		if (o + n < cap)
		{
			memcpy(buf + o, extra, n);
			o += n;
		}
	}
	buf[o] = '\0';
	texts[slot] = buf;
	owners[slot] = t;
	return buf;
}

/* Choose the template: forced, or by distinctive labels (and alignments when tied). */
const GiTemplate *
choose_template(Ctx *x, const GiParseOptions *opt, const GiTemplate *forced, int w0, int w1, Align *best)
{
	Detect		det;
	const GiTemplate *tries[3];
	int			ntries = 0,
				s14,
				s19,
				s21,
				bi = -1;
	Align		al[3];
	const GiTemplate *g14 = gi_template_by_name("gov2014"),
			   *g19 = gi_template_by_name("gov2019"),
			   *g21 = gi_template_by_name("gov2021");
	char		why[300];

	detect_keywords(x, w0, w1, &det);
	s14 = det.hits[0];
	s19 = det.hits[1] + det.hits[3];
	s21 = det.hits[2] + det.hits[3];
	why[0] = '\0';
	if (forced != NULL)
		tries[ntries++] = forced;
	else if ((s14 < 2 && s19 < 2 && s21 < 2) || g14 == NULL || g19 == NULL || g21 == NULL)
	{
		for (int i = 0; i < gi_ntemplates && ntries < 3; i++)
			tries[ntries++] = gi_templates[i];
	}
	else if (s14 > s19 && s14 > s21)
		tries[ntries++] = g14;
	else if (det.hits[2] > det.hits[1])
		tries[ntries++] = g21;
	else if (det.hits[1] > det.hits[2])
		tries[ntries++] = g19;
	else
	{
		tries[ntries++] = g19;
		tries[ntries++] = g21;
	}
	for (int i = 0; i < ntries; i++)
	{
		const TSlots *ts = template_slots(tries[i]);

		if (ts == NULL || !align(x, ts, w0, w1, &al[i]))
			return NULL;
		if (bi < 0 || al[i].nvalslots > al[bi].nvalslots ||
			(al[i].nvalslots == al[bi].nvalslots && al[i].score > al[bi].score))
			bi = i;
	}
	if (bi < 0)
		return NULL;
	/* gov2019 and gov2021 alike (no row tells them apart): the year decides */
	if (ntries == 2 && al[0].score == al[1].score && tries[0] == g19 && tries[1] == g21)
	{
		int			year = opt && opt->year ? opt->year : x->res->year;

		bi = (year != 0 && year < 2021) ? 0 : 1;
		addlog(x, SEV_WARNING, "", "", 0, "", 0,
			   "the table fits gov2019 and gov2021 alike (no row of table 二 and no sub-row of （六）其他处理): chose %s %s",
			   tries[bi]->name,
			   year ? (year < 2021 ? "because the report's year is before 2021" : "because the report's year is 2021 or later")
			   : "because the year is unknown and gov2021 is the layout in use");
	}
	*best = al[bi];
	if (forced != NULL)
		addlog(x, SEV_INFO, "", "", 0, "", 0, "template %s given", forced->name);
	else if (al[bi].nvalslots >= 3 && !x->nolog)
	{
		int			l = tries[bi] == g14 ? 0 : tries[bi] == g19 ? 1 : tries[bi] == g21 ? 2 : -1;
		int			o = 0;

		if (l >= 0)
		{
			for (int k = 0; k < det.hits[l] && k < 4; k++)
				o += snprintf(why + o, sizeof(why) - (size_t) o, "%s%s", o ? ", " : "", det.first[l][k]);
			if (o == 0 && l > 0)
				for (int k = 0; k < det.hits[3] && k < 3; k++)
					o += snprintf(why + o, sizeof(why) - (size_t) o, "%s%s", o ? ", " : "", det.first[3][k]);
		}
		utf8_clip(why);
		if (o > 0)
			addlog(x, SEV_INFO, "", "", 0, why, -1,
				   "template %s detected from the table's labels", tries[bi]->name);
		else
			addlog(x, SEV_INFO, "", "", 0, "", 0,
				   "template %s detected from the alignment of the table's rows (%d rows with values)",
				   tries[bi]->name, al[bi].nvalslots);
	}
	return tries[bi];
}
