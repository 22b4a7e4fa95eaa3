/*
 * parse.c
 *	  The report-text parser's public entry: gi_parse_ex runs the stages
 *	  (parse.h) in turn; and the stages that have no file of their own below.
 */
#include "parse_int.h"

KnownLabel *known;

static int	nknown;

int	known_mask;			/* known_slot has known_mask + 1 entries */

int16_t *known_slot;		/* open addressing by hash: index in known[], -1 = empty */

int16_t *known_norm_slot;	/* the same by the hash of the normalised label (known_by_norm) */

static void build_known_near(void);

#define SLOT_HEAD	1			/* a heading: no value */

#define SLOT_CELL	2			/* k cells side by side (gov2014 rows; rows of table 二) */

#define SLOT_APPL	3			/* a row of table 三: one value per applicant column */

#define SLOT_GROUP	4			/* a group of table 三 (printed subtotals are checked, not stored) */

#define SLOT_T4		5			/* table 四: one row of 15 numbers */

typedef struct Slot
{
	uint8_t		kind;
	int			row;			/* first GiRow */
	int			nrow;			/* GiRows it covers */
	int			k;				/* values expected */
	int			numbering;
	uint64_t   *feat;
	int			nfeat;
	uint64_t	sig;
	char	   *norm;			/* the normalised label, UTF-8 */
	uint32_t	nhash;			/* label_hash of its code points */
	uint64_t   *bits;			/* its features: a bit per feature of the dictionary */
	int		   *fid;			/* its features: their ids in the dictionary */
} Slot;

typedef struct TSlots
{
	const GiTemplate *t;
	int			n;
	Slot	   *s;
	/* the slots with each feature of the dictionary: post[pstart[f] .. pstart[f + 1]) */
	int		   *pstart;
	int		   *post;
	/* exact labels: hash of the normalised label -> slots with that label */
	int			emask;
	int		   *efirst;			/* first slot of a chain, -1 = none */
	int		   *enext;			/* next slot with the same hash bucket */
} TSlots;

static inline uint32_t
feat_hash(uint64_t f)
{
	f *= 0x9E3779B97F4A7C15ull;
	return (uint32_t) (f >> 40);
}

#define MAX_TEMPLATES 8

static TSlots tslots[MAX_TEMPLATES];

static int	ntslots = -1;		/* -1: not built yet */

/*
 * The dictionary of features: every feature of every template's slots,
 * numbered 0 .. nfdict - 1 (open addressing; key 0 = empty).  A label's
 * similarity with a slot only counts the features they share, so a
 * label's features outside the dictionary need no number.
 */
static int	nfdict;

static int	fdict_words;		/* 64-bit words of a bitset over the dictionary */

static int	fdict_mask;

static uint64_t *fdict_key;

static int *fdict_id;

/* The id of feature f in the dictionary, or -1 */
static inline int
fdict_lookup(uint64_t f)
{
	uint32_t	h = feat_hash(f) & (uint32_t) fdict_mask;

	while (fdict_key[h] != 0)
	{
		if (fdict_key[h] == f)
			return fdict_id[h];
		h = (h + 1) & (uint32_t) fdict_mask;
	}
	return -1;
}

static inline bool
bit_test(const uint64_t *bits, int i)
{
	return (bits[i >> 6] >> (i & 63)) & 1;
}

static inline void
bit_set(uint64_t *bits, int i)
{
	bits[i >> 6] |= (uint64_t) 1 << (i & 63);
}

static bool
slot_features(Slot *s, const char *label, int len)
{
	uint32_t	f[LABEL_MAX_CP * 3],
				nrm[LABEL_MAX_CP];
	uint64_t	feat[2 * LABEL_MAX_CP];
	int			nf = fold_cps(label, len, f, (int) (sizeof(f) / sizeof(f[0])));
	int			nn = normalise_cps(f, nf, nrm, LABEL_MAX_CP, &s->numbering);

	int			o = 0;

	s->nfeat = make_features(nrm, nn, feat, &s->sig);
	s->nhash = label_hash(nrm, nn);
	s->feat = malloc(sizeof(uint64_t) * (size_t) (s->nfeat > 0 ? s->nfeat : 1));
	s->norm = malloc((size_t) nn * 4 + 1);
	if (s->feat == NULL || s->norm == NULL)
		return false;
	for (int i = 0; i < nn; i++)
		o += utf8_enc(nrm[i], s->norm + o);
	s->norm[o] = '\0';
	if (s->nfeat > 0)
		memcpy(s->feat, feat, sizeof(uint64_t) * (size_t) s->nfeat);
	return true;
}

static bool
section_is(const char *section, const char *prefix)
{
	return strncmp(section, prefix, strlen(prefix)) == 0;
}

/* The exact-label index of a template's slots. */
static bool
build_index(TSlots *ts)
{
	/* exact labels */
	ts->emask = 1;
	while (ts->emask < 2 * ts->n + 2)
		ts->emask <<= 1;
	ts->efirst = malloc(sizeof(int) * (size_t) ts->emask);
	ts->enext = malloc(sizeof(int) * (size_t) (ts->n + 1));
	if (ts->efirst == NULL || ts->enext == NULL)
		return false;
	ts->emask--;
	for (int h = 0; h <= ts->emask; h++)
		ts->efirst[h] = -1;
	for (int j = ts->n - 1; j >= 0; j--)
	{
		uint32_t	h;

		ts->enext[j] = -1;
		if (ts->s[j].norm == NULL || ts->s[j].norm[0] == '\0')
			continue;
		h = ts->s[j].nhash & (uint32_t) ts->emask;
		ts->enext[j] = ts->efirst[h];
		ts->efirst[h] = j;
	}
	return true;
}

static bool
build_slots(TSlots *ts, const GiTemplate *t)
{
	Slot	   *s = calloc((size_t) (t->nrows + 1), sizeof(Slot));
	int			n = 0;
	bool		have_t4 = false;

	if (s == NULL)
		return false;
	ts->t = t;
	ts->s = s;
	for (int i = 0; i < t->nrows;)
	{
		const GiRow *r = &t->rows[i];
		const char *dot = strstr(r->label_zh, "·");
		Slot	   *sl = &s[n];

		sl->row = i;
		sl->nrow = 1;
		if (r->kind == GI_KIND_HEAD)
		{
			sl->kind = SLOT_HEAD;
			sl->k = 0;
			if (!slot_features(sl, r->label_zh, (int) strlen(r->label_zh)))
				return false;
			n++;
			i++;
			continue;
		}
		if (r->has_columns)
		{
			sl->kind = r->kind == GI_KIND_GROUP ? SLOT_GROUP : SLOT_APPL;
			sl->k = t->ncolumns;
			if (!slot_features(sl, r->label_zh, (int) strlen(r->label_zh)))
				return false;
			n++;
			i++;
			continue;
		}
		if (dot != NULL && (section_is(r->section, "四") || strcmp(r->section, "-") == 0))
		{
			int			j = i;

			if (r->kind != GI_KIND_CELL || have_t4)
			{
				i++;
				continue;
			}
			while (j < t->nrows && t->rows[j].kind == GI_KIND_CELL &&
				   section_is(t->rows[j].section, "四"))
				j++;
			sl->kind = SLOT_T4;
			sl->nrow = j - i;
			sl->k = j - i;
			have_t4 = true;
			n++;
			i = j;
			continue;
		}
		if (r->kind != GI_KIND_CELL)
		{
			i++;				/* groups outside table 三 are not printed */
			continue;
		}
		if (dot != NULL)
		{
			int			plen = (int) (dot - r->label_zh);
			int			j = i + 1;

			while (j < t->nrows && t->rows[j].kind == GI_KIND_CELL && !t->rows[j].has_columns &&
				   strncmp(t->rows[j].label_zh, r->label_zh, (size_t) plen) == 0 &&
				   strncmp(t->rows[j].label_zh + plen, "·", strlen("·")) == 0)
				j++;
			sl->kind = SLOT_CELL;
			sl->nrow = j - i;
			sl->k = j - i;
			if (!slot_features(sl, r->label_zh, plen))
				return false;
			n++;
			i = j;
			continue;
		}
		sl->kind = SLOT_CELL;
		sl->k = 1;
		if (!slot_features(sl, r->label_zh, (int) strlen(r->label_zh)))
			return false;
		n++;
		i++;
	}
	ts->n = n;
	return build_index(ts);
}

/*
 * The dictionary of the slots' features, each slot's features as a bitset,
 * and for each template the slots with each feature (once per process).
 */
static bool
build_dictionary(TSlots *all, int n)
{
	int			total = 0;

	for (int t = 0; t < n; t++)
		for (int j = 0; j < all[t].n; j++)
			total += all[t].s[j].nfeat;
	fdict_mask = 64;
	while (fdict_mask < 2 * total + 2)
		fdict_mask <<= 1;
	fdict_key = calloc((size_t) fdict_mask, sizeof(uint64_t));
	fdict_id = calloc((size_t) fdict_mask, sizeof(int));
	if (fdict_key == NULL || fdict_id == NULL)
		return false;
	fdict_mask--;
	nfdict = 0;
	for (int t = 0; t < n; t++)
		for (int j = 0; j < all[t].n; j++)
			for (int f = 0; f < all[t].s[j].nfeat; f++)
			{
				uint64_t	v = all[t].s[j].feat[f];
				uint32_t	h = feat_hash(v) & (uint32_t) fdict_mask;

				while (fdict_key[h] != 0 && fdict_key[h] != v)
					h = (h + 1) & (uint32_t) fdict_mask;
				if (fdict_key[h] == 0)
				{
					fdict_key[h] = v;
					fdict_id[h] = nfdict++;
				}
			}
	fdict_words = (nfdict + 63) / 64;
	for (int t = 0; t < n; t++)
	{
		TSlots	   *ts = &all[t];
		int			np = 0;
		uint64_t   *bits = calloc((size_t) (ts->n > 0 ? ts->n : 1) * (size_t) fdict_words, sizeof(uint64_t));

		ts->pstart = calloc((size_t) nfdict + 1, sizeof(int));
		if (bits == NULL || ts->pstart == NULL)
			return false;
		for (int j = 0; j < ts->n; j++)
		{
			ts->s[j].bits = bits + (size_t) j * fdict_words;
			ts->s[j].fid = malloc(sizeof(int) * (size_t) (ts->s[j].nfeat > 0 ? ts->s[j].nfeat : 1));
			if (ts->s[j].fid == NULL)
				return false;
			for (int f = 0; f < ts->s[j].nfeat; f++)
			{
				int			id = fdict_lookup(ts->s[j].feat[f]);

				ts->s[j].fid[f] = id;
				bit_set(ts->s[j].bits, id);
				ts->pstart[id + 1]++;
				np++;
			}
		}
		for (int id = 0; id < nfdict; id++)
			ts->pstart[id + 1] += ts->pstart[id];
		ts->post = malloc(sizeof(int) * (size_t) (np > 0 ? np : 1));
		if (ts->post == NULL)
			return false;
		/* slots in ascending order within each feature's list */
		{
			int		   *fill = malloc(sizeof(int) * (size_t) (nfdict > 0 ? nfdict : 1));

			if (fill == NULL)
				return false;
			memcpy(fill, ts->pstart, sizeof(int) * (size_t) nfdict);
			for (int j = 0; j < ts->n; j++)
				for (int f = 0; f < ts->s[j].nfeat; f++)
					ts->post[fill[fdict_lookup(ts->s[j].feat[f])]++] = j;
			free(fill);
		}
	}
	return true;
}

static const TSlots *
template_slots(const GiTemplate *t)
{
	if (ntslots < 0)
	{
		int			n = 0;

		for (int i = 0; i < gi_ntemplates && i < MAX_TEMPLATES; i++)
		{
			if (!build_slots(&tslots[i], gi_templates[i]))
				return NULL;
			n++;
		}
		if (!build_dictionary(tslots, n))
			return NULL;
		ntslots = n;
	}
	for (int i = 0; i < ntslots; i++)
		if (tslots[i].t == t)
			return &tslots[i];
	return NULL;
}

/* The GiCode index of the q-th value of a slot. */
static inline int
slot_code(const GiTemplate *t, const Slot *s, int q)
{
	if (s->kind == SLOT_APPL || s->kind == SLOT_GROUP)
		return t->rows[s->row].first_code + q;
	return t->rows[s->row + q].first_code;
}

/*
 * The words of table 三's header that name its columns (detect_columns), in
 * the order they are tried at each place of a label.
 */
static const struct
{
	const char *kw;
	const char *col;
}			col_kws[] =
{
	{"法人或其他组织小计", "#subtotal"}, {"法人或其他组织", "#group"}, {"小计", "#subtotal"},
	{"自然人", "natural"}, {"商业企业", "commercial"}, {"商业", "commercial"},
	{"科研机构", "research"}, {"科研", "research"}, {"社会公益组织", "nonprofit"},
	{"公益", "nonprofit"}, {"法律服务机构", "legal"}, {"法律服务", "legal"},
	{"总计", "total"}, {"合计", "total"}, {"其他", "other"}
};

#define NCOL_KWS ((int) (sizeof(col_kws) / sizeof(col_kws[0])))

/*
 * The column words in a normalised label, left to right, as indices into
 * col_kws; returns how many.  out has room for LABEL_MAX_CP (a label has
 * at most that many characters, and a word two or more).
 */
static int
col_words(const char *s, uint8_t *out)
{
	static uint16_t with_b2[256];	/* the words whose third byte is this one (a bit each) */
	static bool built;
	int			n = 0;

	if (!built)
	{
		for (int k = 0; k < NCOL_KWS; k++)
			with_b2[(unsigned char) col_kws[k].kw[2]] |= (uint16_t) (1 << k);
		built = true;
	}
	while (*s)
	{
		uint16_t	cand = 0;
		int			k = NCOL_KWS;

		/* each word starts with a character of three bytes: only those with s's third can match */
		if ((unsigned char) s[0] >= 0xE0 && s[1] != '\0')
			cand = with_b2[(unsigned char) s[2]];
		for (; cand != 0 && k == NCOL_KWS; cand &= cand - 1)
		{
			int			c = __builtin_ctz(cand);

			if (strncmp(s, col_kws[c].kw, strlen(col_kws[c].kw)) == 0)
				k = c;
		}
		if (k == NCOL_KWS)
		{
			s++;
			while ((*s & 0xC0) == 0x80)
				s++;
			continue;
		}
		if (n < LABEL_MAX_CP)
			out[n++] = (uint8_t) k;
		s += strlen(col_kws[k].kw);
	}
	return n;
}

static const char *const kw_gov2014[] = {
	"统计指标", "收到申请数", "申请办结数", "申请答复数", "主动公开政府信息数",
	"回应解读情况", "被举报投诉数量", "行政复议数量", "行政诉讼数量",
	"政府信息公开专项经费", "当面申请数", "按时办结数", "同意公开答复数", NULL
};

static const char *const kw_gov2019[] = {
	"本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量",
	"本年增减", "采购项目数量", "采购总金额", NULL
};

static const char *const kw_gov2021[] = {
	"本年制发件数", "本年废止件数", "现行有效件数", "行政规范性文件",
	"本年收费金额", "逾期不补正", "逾期未按收费通知", "本年处理决定数量", NULL
};

static const char *const kw_shared[] = {
	"本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量", "予以公开",
	"不予公开", "无法提供", "不予处理", "其他处理", "结转下年度继续办理", "自然人",
	"商业企业", "科研机构", "社会公益组织", "法律服务机构", "未经复议直接起诉",
	"复议后起诉", "本机关不掌握相关政府信息", NULL
};

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

static uint64_t kw_all;			/* a bit for each key word */

static void
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
static uint64_t
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

#define NEG			(INT_MIN / 4)

#define OP_NONE		0

#define OP_SKIPP	1

#define OP_SKIPS	2

#define OP_MATCH	3			/* + w - 1: 3, 4, 5 for 1, 2, 3 joined rows */

typedef struct Align
{
	const TSlots *ts;
	int			score;
	int			nvalslots;		/* slots mapped to rows with values */
	int		   *slot_row;		/* slot -> first row (index in x->rows), -1 */
	int		   *slot_w;			/* rows joined */
} Align;

/* A printed row, or two or three joined, as a candidate for a slot */
typedef struct Cand
{
	int			numbering;
	bool		has_label;		/* a label of at least one character (so: features) */
	int			nv;
	int			nfill;
	int			xdig;			/* PRow.xdig */
} Cand;

static inline int
match_score(const Slot *s, const Cand *c, int sim)
{
	int			adj = 0,
				sc;

	if (s->kind == SLOT_T4)
	{
		if (c->nv == s->k || c->nfill == s->k)
			return 3000;
		/* digits run together (split_digit_runs): a weak match, for a row nothing else takes */
		return c->nv < s->k && c->nv + c->xdig == s->k ? 400 : NEG;
	}
	if (!c->has_label || s->nfeat == 0 || sim < 450)
		return NEG;
	if (c->numbering != NUM_NONE && s->numbering != NUM_NONE)
		adj = c->numbering == s->numbering ? 150 : -250;
	if (s->kind == SLOT_HEAD)
	{
		if (c->nfill > 0 || adj < 0 || sim < 600)
			return NEG;
		return 100 + sim / 5 + adj;
	}
	if (c->nfill == 0)
	{
		sc = 100 + sim / 5 + adj;
		return sc > 0 ? sc : NEG;
	}
	sc = 200 + 3 * (sim - 400) + adj;
	if (c->nv == s->k || c->nfill == s->k ||
		((s->kind == SLOT_APPL || s->kind == SLOT_GROUP) &&
		 (c->nv == s->k + 1 || c->nfill == s->k + 1)))
		sc += 300;
	return sc > 0 ? sc : NEG;
}

/*
 * Rows i .. i + w - 1 joined, made a row at a time (w = 2, then 3): they
 * may be one wrapped label when each has a label, each follows the one
 * before on an adjacent line, values are in one part at most and the label
 * is not too long in all.
 */
typedef struct JoinRows
{
	int			w;				/* rows taken so far (0: none yet) */
	int			n;				/* code points of their labels */
	int			withvals;		/* parts with values */
	Cand		c;				/* the candidate, once w >= 2 */
} JoinRows;

/* Take rows up to i + w - 1 into jr (started at w = 0 for row i); false when they cannot be joined. */
static bool
join_rows(Ctx *x, JoinRows *jr, int i, int w, int w1)
{
	if (i + w > w1)
		return false;
	for (int k = jr->w; k < w; k++)
	{
		const PRow *r = &x->rows[i + k];

		if (r->nlab == 0 || !r->normed || (k > 0 && r->line - x->rows[i + k - 1].lastline > 2))
			return false;
		if (r->nfill > 0)
		{
			if (++jr->withvals > 1)
				return false;
			jr->c.nv = r->nv;
			jr->c.nfill = r->nfill;
		}
		if (jr->n + r->ncp > LABEL_MAX_CP)
			return false;
		jr->n += r->ncp;
	}
	jr->w = w;
	jr->c.numbering = x->rows[i].numbering;
	jr->c.has_label = jr->n > 0;
	return true;
}

#define JOIN_HINT 400			/* a part this similar to a slot may be a wrapped piece of it */

#define MATCH_MIN 450			/* a label this similar to a slot may match it */

/* A slot that a printed row resembles: similarity >= JOIN_HINT. */
typedef struct Near
{
	int			slot;
	int			sim;
} Near;

/*
 * A possible match in the alignment: printed rows [i, i + w) with slot j,
 * which reaches the cell (i + w, j + 1) of the table with value val.
 * Events are chained by the row where they end.
 */
typedef struct Event
{
	int32_t		val;
	int			col;			/* j + 1 */
	int			w;
	int			next;			/* the next event ending in the same row, or -1 */
} Event;

/* Sort features (a shell sort: a label has at most 2 * LABEL_MAX_CP, mostly few) */
static void
sort_features(uint64_t *f, int n)
{
	static const int gaps[] = {57, 23, 10, 4, 1};

	for (int g = n < 16 ? 4 : 0; g < 5; g++)
	{
		int			gap = gaps[g];

		for (int i = gap; i < n; i++)
		{
			uint64_t	v = f[i];
			int			k = i;

			while (k >= gap && f[k - gap] > v)
			{
				f[k] = f[k - gap];
				k -= gap;
			}
			f[k] = v;
		}
	}
}

/* Add id to ids unless seen (then mark it seen): without a branch on the bit */
static inline void
add_id(uint64_t *seen, int id, int *ids, int *nid)
{
	uint64_t   *w = &seen[id >> 6];
	uint64_t	m = (uint64_t) 1 << (id & 63);

	ids[*nid] = id;
	*nid += (*w & m) == 0;
	*w |= m;
}

/* Clear the seen bits of ids[0..n) (every bit set in seen is one of them) */
static inline void
clear_seen(uint64_t *seen, const int *ids, int n)
{
	for (int k = 0; k < n; k++)
		seen[ids[k] >> 6] = 0;
}

/* Add feature v to a label's: its id to ids (once), or v to xs when outside the dictionary */
static inline void
add_feature(uint64_t *seen, uint64_t v, int *ids, int *nid, uint64_t *xs, int *nx)
{
	int			id = fdict_lookup(v);

	if (id < 0)
		xs[(*nx)++] = v;
	else
		add_id(seen, id, ids, nid);
}

/* Sorted xs[0..n) without repeats: returns the new length */
static int
unique_features(uint64_t *xs, int n)
{
	int			m = 0;

	sort_features(xs, n);
	for (int i = 0; i < n; i++)
		if (m == 0 || xs[m - 1] != xs[i])
			xs[m++] = xs[i];
	return m;
}

/*
 * A printed row's features (the unigrams and bigrams of its normalised
 * label): the ids of those in the dictionary, and the others, each once.
 */
static bool
row_features(Ctx *x, PRow *r)
{
	int			ids[2 * LABEL_MAX_CP],
				nid = 0,
				nx = 0;
	uint64_t	xs[2 * LABEL_MAX_CP];

	if (r->featured)
		return true;
	r->featured = true;
	for (int i = 0; i < r->ncp; i++)
	{
		add_feature(x->seen, UNIGRAM(r->cp[i]), ids, &nid, xs, &nx);
		if (i + 1 < r->ncp)
			add_feature(x->seen, BIGRAM(r->cp[i], r->cp[i + 1]), ids, &nid, xs, &nx);
	}
	clear_seen(x->seen, ids, nid);
	nx = unique_features(xs, nx);
	r->fid = arena_alloc(x->a, sizeof(int) * (size_t) (nid > 0 ? nid : 1));
	r->xf = arena_alloc(x->a, sizeof(uint64_t) * (size_t) (nx > 0 ? nx : 1));
	if (r->fid == NULL || r->xf == NULL)
		return false;
	memcpy(r->fid, ids, sizeof(int) * (size_t) nid);
	memcpy(r->xf, xs, sizeof(uint64_t) * (size_t) nx);
	r->nfid = nid;
	r->nxf = nx;
	r->nfeat = nid + nx;
	return true;
}

/* Add the label s[0..n) to the known labels being built (unless there or unfit) */
static bool
known_add(Arena *ka, uint64_t *seen, KnownLabel *kl, int *nkl, int cap, int16_t *slots, int mask,
		  const char *s, int n)
{
	uint32_t	h,
				k;
	int			toff = 0,
				tlen = n;
	Doc			d;
	Cell		c;
	Ctx			x;
	PRow	   *r;
	char	   *copy;

	/* a cell is trimmed, not longer than 120 bytes and not blank */
	trim_span(s, &toff, &tlen);
	if (n == 0 || toff != 0 || tlen != n || n > 120 || *nkl >= cap)
		return true;
	h = bytes_hash(s, n);
	for (k = h & (uint32_t) mask; slots[k] >= 0; k = (k + 1) & (uint32_t) mask)
		if (kl[slots[k]].hash == h && kl[slots[k]].len == n && memcmp(kl[slots[k]].s, s, (size_t) n) == 0)
			return true;
	copy = arena_strndup(ka, s, (size_t) n);
	r = arena_alloc(ka, sizeof(PRow));
	if (copy == NULL || r == NULL)
		return false;
	/* a document of one line of one cell, and a row of it: as a parse makes them */
	memset(&d, 0, sizeof(d));
	d.text = copy;
	d.textlen = n;
	memset(&c, 0, sizeof(c));
	c.len = n;
	c.colspan = 1;
	c.known = -1;
	c.unit = UNIT_NONE;
	d.cells = &c;
	d.ncells = 1;
	classify_cell(&d, &c);
	memset(&x, 0, sizeof(x));
	x.d = &d;
	x.a = ka;
	x.seen = seen;
	memset(r, 0, sizeof(*r));
	r->nlab = 1;
	r->lab[0] = 0;
	if (!norm_row(&x, r) || !row_features(&x, r) || ka->failed)
		return false;
	kl[*nkl].s = copy;
	kl[*nkl].len = n;
	kl[*nkl].hash = h;
	kl[*nkl].cls = c.cls;
	kl[*nkl].unit = c.unit;
	kl[*nkl].row = r;
	kl[*nkl].kwmask = r->norm[0] != '\0' ? kw_in_label(r->norm, r->nlen, r->sig, kw_all) : 0;
	kl[*nkl].annot = is_annotation(&d, &c);
	{
		uint8_t		words[LABEL_MAX_CP];

		kl[*nkl].ncolw = col_words(r->norm, words);
		kl[*nkl].colw = arena_alloc(ka, (size_t) kl[*nkl].ncolw + 1);
		if (kl[*nkl].colw == NULL)
			return false;
		memcpy(kl[*nkl].colw, words, (size_t) kl[*nkl].ncolw);
	}
	slots[k] = (int16_t) (*nkl)++;
	return true;
}

/* Add a label and, when it has them, its parts between '·' */
static bool
known_add_parts(Arena *ka, uint64_t *seen, KnownLabel *kl, int *nkl, int cap, int16_t *slots, int mask,
				const char *label)
{
	const char *p = label;

	if (!known_add(ka, seen, kl, nkl, cap, slots, mask, label, (int) strlen(label)))
		return false;
	if (strstr(label, "·") == NULL)
		return true;
	for (;;)
	{
		const char *dot = strstr(p, "·");
		int			n = dot ? (int) (dot - p) : (int) strlen(p);

		if (!known_add(ka, seen, kl, nkl, cap, slots, mask, p, n))
			return false;
		if (dot == NULL)
			return true;
		p = dot + strlen("·");
	}
}

/*
 * Build the known labels (once per process, after the templates' slots and
 * the dictionary of features): every template's row labels, column names,
 * the words of a table's header and the headings of the report's other
 * sections in the national format (gov2019, gov2021: 二 to 四 are the
 * table's, among the row labels).  On failure there are none, which only
 * makes parses slower.
 */
static void
build_known_labels(void)
{
	static const char *const header_words[] = {
		"统计指标", "单位", "统计数", "信息内容", "申请人情况", "统计表", "合计", "总计", "小计",
		"一、总体情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项", NULL
	};
	static Arena ka;
	static bool tried;
	KnownLabel *kl;
	int16_t    *slots,
			   *nslots;
	uint64_t   *seen;
	int			cap = 0,
				nkl = 0,
				mask = 1;

	if (tried)
		return;
	tried = true;
	kw_init();
	ka.limit = GI_PARSE_MEM_LIMIT;
	for (int i = 0; i < gi_ntemplates; i++)
		cap += 3 * (gi_templates[i]->nrows + gi_templates[i]->ncolumns);
	cap += 16;
	if (cap > INT16_MAX)
		cap = INT16_MAX;
	while (mask < 2 * cap)
		mask <<= 1;
	kl = arena_alloc(&ka, sizeof(KnownLabel) * (size_t) cap);
	slots = arena_alloc(&ka, sizeof(int16_t) * (size_t) mask);
	seen = arena_alloc(&ka, sizeof(uint64_t) * (size_t) (fdict_words + 1));
	if (kl == NULL || slots == NULL || seen == NULL)
		return;
	memset(slots, 0xFF, sizeof(int16_t) * (size_t) mask);	/* -1: empty */
	memset(seen, 0, sizeof(uint64_t) * (size_t) (fdict_words + 1));
	mask--;
	for (int i = 0; i < gi_ntemplates; i++)
	{
		const GiTemplate *t = gi_templates[i];

		for (int j = 0; j < t->nrows; j++)
			if (!known_add_parts(&ka, seen, kl, &nkl, cap, slots, mask, t->rows[j].label_zh))
				return;
		for (int j = 0; j < t->ncolumns; j++)
			if (!known_add_parts(&ka, seen, kl, &nkl, cap, slots, mask, t->columns[j].label_zh))
				return;
	}
	for (int i = 0; header_words[i] != NULL; i++)
		if (!known_add(&ka, seen, kl, &nkl, cap, slots, mask, header_words[i], (int) strlen(header_words[i])))
			return;
	/* by normalised label (not empty): the first entry with it */
	nslots = arena_alloc(&ka, sizeof(int16_t) * (size_t) (mask + 1));
	if (nslots == NULL)
		return;
	memset(nslots, 0xFF, sizeof(int16_t) * (size_t) (mask + 1));
	for (int k = 0; k < nkl; k++)
	{
		const PRow *r = kl[k].row;
		uint32_t	h;

		if (r->nlen == 0)
			continue;
		for (h = r->nhash & (uint32_t) mask; nslots[h] >= 0; h = (h + 1) & (uint32_t) mask)
			if (strcmp(kl[nslots[h]].row->norm, r->norm) == 0)
				break;
		if (nslots[h] < 0)
			nslots[h] = (int16_t) k;
	}
	known = kl;
	nknown = nkl;
	known_mask = mask;
	known_slot = slots;
	known_norm_slot = nslots;
	build_known_near();
}

/* Merge sorted a[0..na) and b[0..nb), each without repeats, into out without repeats: its length */
static int
merge_features(const uint64_t *a, int na, const uint64_t *b, int nb, uint64_t *out)
{
	int			i = 0,
				j = 0,
				o = 0;

	while (i < na && j < nb)
	{
		uint64_t	u = a[i],
					v = b[j];

		out[o++] = u < v ? u : v;
		i += u <= v;
		j += v <= u;
	}
	while (i < na)
		out[o++] = a[i++];
	while (j < nb)
		out[o++] = b[j++];
	return o;
}

/*
 * The features of printed rows joined into one label (the concatenation of
 * their normalised labels), a row at a time (join_add): the ids of those in
 * the dictionary into ids (each once), their bits left set in x->seen (the
 * caller clears them); the others, sorted, in xs[cur]; the bigrams across
 * the joins outside the dictionary in across.  Rows i, i + 1 and then
 * i + 2 are the joins of two and of three rows.
 */
typedef struct JoinAcc
{
	uint64_t	xs[2][2 * LABEL_MAX_CP + 4],
				across[4];
	int			nx,
				na,
				cur,
				nid,
				nrows;			/* rows added */
	const PRow *prev;
} JoinAcc;

static void
join_start(JoinAcc *ja)
{
	ja->nx = ja->na = ja->cur = ja->nid = ja->nrows = 0;
	ja->prev = NULL;
}

static void
join_add(Ctx *x, JoinAcc *ja, const PRow *r, int *ids)
{
	ja->nrows++;
	if (r->ncp == 0)
		return;
	/* the bigram across the join */
	if (ja->prev != NULL)
		add_feature(x->seen, BIGRAM(ja->prev->cp[ja->prev->ncp - 1], r->cp[0]), ids, &ja->nid,
					ja->across, &ja->na);
	for (int q = 0; q < r->nfid; q++)
		add_id(x->seen, r->fid[q], ids, &ja->nid);
	/* the others: the union of the parts' (sorted, each without repeats) */
	if (r->nxf > 0)
	{
		ja->nx = merge_features(ja->xs[ja->cur], ja->nx, r->xf, r->nxf, ja->xs[1 - ja->cur]);
		ja->cur = 1 - ja->cur;
	}
	ja->prev = r;
}

/* How many features the joined label has in all */
static int
join_nfeat(JoinAcc *ja)
{
	const uint64_t *xs = ja->xs[ja->cur];
	int			n = ja->nid + ja->nx;

	/* the bigrams across the joins (a few) that are neither repeated nor among the others */
	for (int k = 0; k < ja->na; k++)
	{
		uint64_t	v = ja->across[k];
		bool		dup = false;
		int			lo = 0,
					hi = ja->nx;

		for (int q = 0; q < k && !dup; q++)
			dup = ja->across[q] == v;
		if (dup)
			continue;
		while (lo < hi)			/* xs is sorted: is v in it? */
		{
			int			mid = (lo + hi) / 2;

			if (xs[mid] < v)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == ja->nx || xs[lo] != v)
			n++;
	}
	return n;
}

/*
 * The slots whose similarity with a label (Dice coefficient of the unigram
 * and bigram sets, in thousandths) is at least JOIN_HINT, appended to out
 * (room for ts->n); returns how many.  Through the slots of each of the
 * label's features in the dictionary, counting only the slots that share
 * one; cnt (ts->n zeros) is left zeroed, touched is scratch (ts->n).
 */
static int
slot_sims_near(const TSlots *ts, const PRow *r, int *cnt, int *touched, Near *out)
{
	int			nt = 0,
				no = 0;

	for (int q = 0; q < r->nfid; q++)
	{
		int			id = r->fid[q];

		for (int p = ts->pstart[id]; p < ts->pstart[id + 1]; p++)
		{
			int			j = ts->post[p];

			if (cnt[j]++ == 0)
				touched[nt++] = j;
		}
	}
	for (int k = 0; k < nt; k++)
	{
		int			j = touched[k],
					sim = 2000 * cnt[j] / (r->nfeat + ts->s[j].nfeat);

		cnt[j] = 0;
		if (sim >= JOIN_HINT)
		{
			out[no].slot = j;
			out[no].sim = sim;
			no++;
		}
	}
	return no;
}

/* The similarity with slot j of a label of nfeat features, ids[0..nid) those in the dictionary */
static int
slot_sim(const TSlots *ts, const int *ids, int nid, const uint64_t *seen, int nfeat, int j)
{
	const uint64_t *bits = ts->s[j].bits;
	int			c = 0,
				d = nfeat + ts->s[j].nfeat,
				need = (MATCH_MIN * d + 1999) / 2000,	/* the least c for MATCH_MIN */
				q = 0;

	/*
	 * Below MATCH_MIN the caller drops the slot: stop (returning 0) as soon
	 * as the ids left cannot bring c up to need.
	 */
	if (need > nid)
		return 0;
	/*
	 * The features both have: through the slot's ids and the label's bits
	 * (seen) when the slot has fewer features, else the other way round.
	 */
	if (ts->s[j].nfeat < nid)
	{
		bits = seen;
		ids = ts->s[j].fid;
		nid = ts->s[j].nfeat;
		if (need > nid)
			return 0;
	}
	for (; q + 8 <= nid; q += 8)
	{
		c += bit_test(bits, ids[q]) + bit_test(bits, ids[q + 1]) +
			bit_test(bits, ids[q + 2]) + bit_test(bits, ids[q + 3]) +
			bit_test(bits, ids[q + 4]) + bit_test(bits, ids[q + 5]) +
			bit_test(bits, ids[q + 6]) + bit_test(bits, ids[q + 7]);
		if (c + (nid - q - 8) < need)
			return 0;
	}
	for (; q < nid; q++)
		c += bit_test(bits, ids[q]);
	return c > 0 ? 2000 * c / d : 0;
}

/* row_near of the known labels, per template (build_known_near) */
static Near *known_near[MAX_TEMPLATES];

static int *known_near_start[MAX_TEMPLATES];

/*
 * The slots printed row r resembles, into out (room for ts->n): a label
 * printed exactly as a slot's (normalised) is that slot, or another with the
 * same label, with no need to weigh it against the rest; any other label,
 * the slots with similarity >= JOIN_HINT (slot_sims_near).  Returns how
 * many, or -1 when out of memory.
 */
static int
row_near(Ctx *x, const TSlots *ts, PRow *r, int *cnt, int *touched, Near *out)
{
	const char *norm = r->norm;
	int			n = 0;

	if (norm != NULL && norm[0] != '\0')
	{
		for (int e = ts->efirst[r->nhash & (uint32_t) ts->emask]; e >= 0; e = ts->enext[e])
			if (ts->s[e].nhash == r->nhash && strcmp(ts->s[e].norm, norm) == 0)
			{
				if (n == 0 && !r->featured)
				{
					/* the same label, so the same features: the slot's */
					r->featured = true;
					r->fid = ts->s[e].fid;
					r->nfid = ts->s[e].nfeat;
					r->xf = NULL;
					r->nxf = 0;
					r->nfeat = ts->s[e].nfeat;
				}
				out[n].slot = e;
				out[n].sim = 1000;
				n++;
			}
	}
	if (n > 0)
		return n;
	if (!row_features(x, r))
		return -1;
	return slot_sims_near(ts, r, cnt, touched, out);
}

/*
 * For each template, row_near of each known label (the rows of the known
 * labels have their features already): known_near[t] from
 * known_near_start[t][k] for the k-th.  Once per process, after the known
 * labels; on failure a template has none (parses only slower).
 */
static void
build_known_near(void)
{
	int			maxn = 0;
	int		   *cnt,
			   *touched;
	Ctx			x;

	memset(&x, 0, sizeof(x));
	for (int t = 0; t < ntslots; t++)
		maxn = tslots[t].n > maxn ? tslots[t].n : maxn;
	cnt = calloc((size_t) maxn + 1, sizeof(int));
	touched = calloc((size_t) maxn + 1, sizeof(int));
	if (cnt == NULL || touched == NULL)
		goto done;
	for (int t = 0; t < ntslots; t++)
	{
		const TSlots *ts = &tslots[t];
		int		   *start = malloc(sizeof(int) * (size_t) (nknown + 1));
		Near	   *pool = NULL;
		int			npool = 0,
					cap = 0;

		if (start == NULL)
			goto done;
		for (int k = 0; k < nknown; k++)
		{
			int			n;

			start[k] = npool;
			if (npool + ts->n + 1 > cap)
			{
				Near	   *p;

				cap = 2 * cap + ts->n + 1;
				p = realloc(pool, sizeof(Near) * (size_t) cap);
				if (p == NULL)
				{
					free(pool);
					free(start);
					goto done;
				}
				pool = p;
			}
			if (!known[k].row->featured || (n = row_near(&x, ts, known[k].row, cnt, touched, pool + npool)) < 0)
			{
				free(pool);
				free(start);
				goto done;
			}
			npool += n;
		}
		start[nknown] = npool;
		known_near[t] = pool;
		known_near_start[t] = start;
	}
done:
	free(cnt);
	free(touched);
}

/*
 * Joins of known labels.  Which slots a join of two or three printed rows
 * matches, and how closely (slot_sim >= MATCH_MIN), depends on the rows'
 * labels and the template alone; when each row's label is a known one, the
 * answer is remembered, per process, under the template, the number of rows
 * and the labels' entries, and a join met again (in this parse or another)
 * is not weighed again.  Bounded: a table of JOIN_MEMO_SIZE entries, where
 * a join goes in one of two places by its hash (the first when both are
 * taken, overwriting it), and a pool of JOIN_MEMO_POOL matches; when the
 * pool is full the table starts afresh.  (The fifty bench reports meet
 * some 250 joins of known labels; one place each in 1024, under a hash
 * that took the middle bits of one product, had them overwrite each other
 * parse after parse.)
 */
#define JOIN_MEMO_BITS	12

#define JOIN_MEMO_SIZE	(1 << JOIN_MEMO_BITS)

#define JOIN_MEMO_POOL	(4 * JOIN_MEMO_SIZE)

typedef struct JoinMemo
{
	int			key[4];			/* template * 4 + w (-1: empty), the rows' known1, 0 */
	int			off;			/* its matches: join_pool[off .. off + n) */
	int			n;
} JoinMemo;

static JoinMemo join_memo[JOIN_MEMO_SIZE];

static Near join_pool[JOIN_MEMO_POOL];

static int	join_npool = -1;	/* -1: the table is not cleared yet */

/* The key of the join of rows r0 .. r0 + w - 1 for template tsi: false unless every row is a known label */
static inline bool
join_memo_key(const Ctx *x, int tsi, int r0, int w, int *key)
{
	key[0] = tsi * 4 + w;
	key[3] = 0;
	for (int k = 0; k < w; k++)
	{
		key[1 + k] = x->rows[r0 + k].known1;
		if (key[1 + k] <= 0)
			return false;
	}
	return true;
}

static inline uint32_t
join_memo_hash(const int *key)
{
	/* (multiplied field by field: the top bits mix them all; keys this regular need it) */
	uint32_t	h = (uint32_t) key[1] * 0x9E3779B1u;

	h = (h ^ (uint32_t) key[2]) * 0x85EBCA77u;
	h = (h ^ (uint32_t) key[3]) * 0xC2B2AE3Du;
	h = (h ^ (uint32_t) key[0]) * 0x27D4EB2Fu;
	return h >> (32 - JOIN_MEMO_BITS);
}

static void
join_memo_clear(void)
{
	for (int e = 0; e < JOIN_MEMO_SIZE; e++)
		join_memo[e].key[0] = -1;
	join_npool = 0;
}

static inline bool
join_memo_is(const JoinMemo *e, const int *key)
{
	return e->key[0] == key[0] && e->key[1] == key[1] && e->key[2] == key[2] && e->key[3] == key[3];
}

/* The remembered matches of a join, or NULL */
static inline const JoinMemo *
join_memo_find(const int *key)
{
	uint32_t	h;

	if (join_npool < 0)
		return NULL;
	h = join_memo_hash(key);
	if (join_memo_is(&join_memo[h], key))
		return &join_memo[h];
	if (join_memo_is(&join_memo[h ^ 1], key))
		return &join_memo[h ^ 1];
	return NULL;
}

/* Remember the matches got[0..n) of a join */
static void
join_memo_add(const int *key, const Near *got, int n)
{
	JoinMemo   *e;
	uint32_t	h;

	if (n > JOIN_MEMO_POOL)
		return;
	if (join_npool < 0 || join_npool + n > JOIN_MEMO_POOL)
		join_memo_clear();
	h = join_memo_hash(key);
	e = &join_memo[h];
	if (e->key[0] >= 0 && join_memo[h ^ 1].key[0] < 0)
		e = &join_memo[h ^ 1];
	memcpy(e->key, key, sizeof(e->key));
	e->off = join_npool;
	e->n = n;
	if (n > 0)
		memcpy(join_pool + join_npool, got, sizeof(Near) * (size_t) n);
	join_npool += n;
}

/*
 * The matches that start at a printed row.  Which slots a row matches,
 * alone and joined with the next one or two, and with what score, depends
 * on the template and, for the row and the next two, on the label's known
 * entry, the numbering, the count of values and of values filled, and
 * whether it follows the row before it on an adjacent line (a known label's
 * code points, features and near slots are its entry's, whichever way the
 * row came by it: its cell, or its normalised label); when the three
 * rows (or as many as the window has) are known labels, the matches are
 * remembered under these, per process, and a row met again with the same
 * neighbours (in this parse or another: reports of one template print the
 * same rows) takes them without weighing a label.  A match is kept as the
 * rows it takes, its slot and its score less the table's value where it
 * starts.  Bounded like the join memo: ROW_MEMO_SIZE entries, two places
 * for each hash, a pool of ROW_MEMO_POOL matches, afresh when it is full.
 */
#define ROW_MEMO_BITS	11

#define ROW_MEMO_SIZE	(1 << ROW_MEMO_BITS)

#define ROW_MEMO_POOL	(4 * ROW_MEMO_SIZE)

#define ROW_MEMO_KEY	10		/* template and rows, then three ints a row */

typedef struct RowMatch
{
	int32_t		sc;				/* the score less the table's value at its start */
	int16_t		col;			/* slot + 1 */
	int16_t		w;				/* rows it takes */
} RowMatch;

typedef struct RowMemo
{
	int			key[ROW_MEMO_KEY];	/* key[0] < 0: empty */
	int			off;			/* its matches: row_pool[off .. off + n) */
	int			n;
} RowMemo;

static RowMemo row_memo[ROW_MEMO_SIZE];

static RowMatch row_pool[ROW_MEMO_POOL];

static int	row_npool = -1;		/* -1: the table is not cleared yet */

/*
 * A printed row's part of the keys, rk[0 .. 3): its known entry (0 when it
 * is not a known label, or has 32768 values or more: then no key), its
 * numbering with (above bit 16) its values counted a digit each for its
 * plain-digit ones, and its counts of values and values filled with, in the
 * lowest bit, whether it is more than two lines below the row before it;
 * *rh: a hash of all but that bit.
 */
static inline void
row_memo_part(const PRow *r, const PRow *before, int *rk, uint32_t *rh)
{
	bool		ok = r->known1 > 0 && r->nv < 32768;

	rk[0] = ok ? r->known1 : 0;
	/* (with the values its plain-digit values could be: table 四's match depends on it) */
	rk[1] = ok ? (r->numbering | (r->nv + r->xdig < 0x7FFF ? r->nv + r->xdig : 0x7FFF) << 16) : 0;
	rk[2] = ok ? (r->nv << 16 | r->nfill << 1 |
				  (before != NULL && r->line - before->lastline > 2)) : 0;
	*rh = ((uint32_t) rk[0] * 0x9E3779B1u ^ (uint32_t) rk[1]) * 0x85EBCA77u ^
		(uint32_t) (rk[2] >> 1) * 0xC2B2AE3Du;
}

/*
 * The hash of the key of the matches starting at a row: head is the
 * template and how many rows the window has from it on (up to 3), rh the
 * rows' hashes (padded with zeros past the window).  (Whether a row is
 * adjacent to the one before it is left out: it seldom differs.)
 */
static inline uint32_t
row_memo_hash(int head, const uint32_t *rh)
{
	uint32_t	h = ((uint32_t) head * 0x27D4EB2Fu ^ rh[0]) * 0x9E3779B1u;

	h = (h ^ rh[1]) * 0x85EBCA77u;
	h = (h ^ rh[2]) * 0xC2B2AE3Du;
	return h >> (32 - ROW_MEMO_BITS);
}

/*
 * Is e the entry of the key head, rk[0 .. 9) (the rows' parts, padded with
 * zeros past the window)?  The first row's distance from the row before it
 * is no part of the key.
 */
static inline bool
row_memo_is(const RowMemo *e, int head, const int *rk)
{
	return e->key[0] == head && e->key[1] == rk[0] && e->key[2] == rk[1] &&
		e->key[3] == (rk[2] & ~1) && e->key[4] == rk[3] && e->key[5] == rk[4] &&
		e->key[6] == rk[5] && e->key[7] == rk[6] && e->key[8] == rk[7] && e->key[9] == rk[8];
}

/* The remembered matches starting at a row, or NULL */
static inline const RowMemo *
row_memo_find(int head, const int *rk, const uint32_t *rh)
{
	uint32_t	h;

	if (row_npool < 0)
		return NULL;
	h = row_memo_hash(head, rh);
	if (row_memo_is(&row_memo[h], head, rk))
		return &row_memo[h];
	if (row_memo_is(&row_memo[h ^ 1], head, rk))
		return &row_memo[h ^ 1];
	return NULL;
}

/* Remember the matches ev[from .. from + n) starting at a row where the table's row is Si */
static void
row_memo_add(int head, const int *rk, const uint32_t *rh, const Event *ev, int from, int n,
			 const int32_t *Si)
{
	RowMemo    *e;
	uint32_t	h;

	if (n > ROW_MEMO_POOL)
		return;
	if (row_npool < 0 || row_npool + n > ROW_MEMO_POOL)
	{
		for (int k = 0; k < ROW_MEMO_SIZE; k++)
			row_memo[k].key[0] = -1;
		row_npool = 0;
	}
	h = row_memo_hash(head, rh);
	e = &row_memo[h];
	if (e->key[0] >= 0 && row_memo[h ^ 1].key[0] < 0)
		e = &row_memo[h ^ 1];
	e->key[0] = head;
	memcpy(e->key + 1, rk, 9 * sizeof(int));
	e->key[3] &= ~1;
	e->off = row_npool;
	e->n = n;
	for (int k = 0; k < n; k++)
	{
		const Event *v = &ev[from + k];

		row_pool[row_npool + k].sc = v->val - Si[v->col - 1];
		row_pool[row_npool + k].col = (int16_t) v->col;
		row_pool[row_npool + k].w = (int16_t) v->w;
	}
	row_npool += n;
}

static inline bool
add_event(Ctx *x, Event **ev, int *nev, int *evcap, int *ehead, int end, int col, int w, int32_t val)
{
	Event	   *e;

	if (!GROW(x->a, *ev, *evcap, *nev + 1))
		return false;
	e = &(*ev)[*nev];
	e->val = val;
	e->col = col;
	e->w = w;
	e->next = ehead[end];
	ehead[end] = (*nev)++;
	return true;
}

/* Set p[0 .. n) to v */
static inline void
fill_i32(int32_t *p, int n, int32_t v)
{
	int			k = 0;

#ifdef GI_PARSE_SSE2
	__m128i		vv = _mm_set1_epi32(v);

	for (; k + 4 <= n; k += 4)
		_mm_storeu_si128((__m128i *) (p + k), vv);
#endif
	for (; k < n; k++)
		p[k] = v;
}

/*
 * The alignment: the best-scoring order-preserving matching of printed rows
 * w0 .. w1 - 1 (alone, or two or three joined) with the template's slots.
 *
 * A dynamic programme over the table S (printed rows x slots), where
 * S[i][j] is the best score of rows before i against slots before j: it
 * skips a printed row, skips a slot, or matches.  Matches are sparse (a
 * row resembles few slots), so S is kept as rows that are non-decreasing
 * along j: row i + 1 is row i raised by the matches that end in it, or
 * row i itself (Srow[i + 1] == Srow[i], not copied) when none do.  The
 * trace back takes, at each cell, the first of these that reaches the
 * cell's score: a match of three joined rows, of two, skipping the printed
 * row, a match of one row, skipping the slot.  That is the order in which
 * a cell-by-cell filling of S writes a cell, keeping a later value only
 * when it is higher: ties are broken as they always were.
 */
static bool
align(Ctx *x, const TSlots *ts, int w0, int w1, Align *al)
{
	int			np = w1 - w0,
				m = ts->n,
				W = m + 1;
	int32_t    *S = arena_alloc(x->a, (size_t) (np + 1) * (size_t) W * sizeof(int32_t)),
			  **Srow = arena_alloc(x->a, sizeof(int32_t *) * (size_t) (np + 1));
	int		   *cnt = arena_alloc(x->a, sizeof(int) * (size_t) (m + 1));
	int		   *touched = arena_alloc(x->a, sizeof(int) * (size_t) (m + 1));
	int		   *inset = arena_alloc(x->a, sizeof(int) * (size_t) (m + 1));
	const Near **rnear = arena_alloc(x->a, sizeof(Near *) * (size_t) (np + 1));
	int		   *rn = arena_alloc(x->a, sizeof(int) * (size_t) (np + 1));
	int		   *rk = arena_alloc(x->a, sizeof(int) * (size_t) (3 * np + 9));
	uint32_t   *rh = arena_alloc(x->a, sizeof(uint32_t) * (size_t) (np + 3));
	int		   *ehead = arena_alloc(x->a, sizeof(int) * (size_t) (np + 4));
	Near	   *got = arena_alloc(x->a, sizeof(Near) * (size_t) (m + 1));
	Event	   *ev = NULL;
	const Near *knear = known_near[ts - tslots];	/* the known labels' near slots */
	const int  *kstart = known_near_start[ts - tslots];
	int			tsi = (int) (ts - tslots),
				n,
				nev = 0,
				evcap = 0,
				t4 = -1,
				nS = 1,
				i,
				j;
	int			jids[2 * LABEL_MAX_CP + 8];

	al->ts = ts;
	al->slot_row = arena_alloc(x->a, sizeof(int) * (size_t) (m + 1));
	al->slot_w = arena_alloc(x->a, sizeof(int) * (size_t) (m + 1));
	if (S == NULL || Srow == NULL || cnt == NULL || touched == NULL || inset == NULL ||
		rnear == NULL || rn == NULL || rk == NULL || rh == NULL || ehead == NULL || got == NULL ||
		al->slot_row == NULL || al->slot_w == NULL)
		return false;
	memset(cnt, 0, sizeof(int) * (size_t) (m + 1));
	memset(inset, 0, sizeof(int) * (size_t) (m + 1));
	for (i = 0; i < np + 4; i++)
		ehead[i] = -1;
	for (j = 0; j < m; j++)
		if (ts->s[j].kind == SLOT_T4)
			t4 = j;
	/*
	 * The slots each printed row resembles: rnear[i][0 .. rn[i]).  A known
	 * label's were found once, by row_near, and are read where they are;
	 * the others' are found now (into got, then kept).  And each row's part
	 * of the keys of the row memo (zeros past the window).
	 */
	memset(rk + 3 * np, 0, sizeof(int) * 9);
	memset(rh + np, 0, sizeof(uint32_t) * 3);
	for (i = 0; i < np; i++)
	{
		PRow	   *r = &x->rows[w0 + i];
		Near	   *near;

		row_memo_part(r, i > 0 ? r - 1 : NULL, rk + 3 * i, rh + i);
		if (r->known1 > 0 && kstart != NULL)
		{
			rnear[i] = knear + kstart[r->known1 - 1];
			rn[i] = kstart[r->known1] - kstart[r->known1 - 1];
			continue;
		}
		if ((n = row_near(x, ts, r, cnt, touched, got)) < 0 ||
			(near = arena_alloc(x->a, sizeof(Near) * (size_t) (n > 0 ? n : 1))) == NULL)
			return false;
		memcpy(near, got, sizeof(Near) * (size_t) n);
		rnear[i] = near;
		rn[i] = n;
	}

	memset(S, 0, sizeof(int32_t) * (size_t) W);
	Srow[0] = S;
	for (i = 0; i < np; i++)
	{
		int32_t    *Si = Srow[i],
				   *Sn;
		PRow	   *r = &x->rows[w0 + i];
		Cand		c1;
		JoinRows	jr = {0, 0, 0, {NUM_NONE, false, 0, 0, 0}};
		JoinAcc		ja;
		int			nk = np - i < 3 ? np - i : 3,
					head = tsi * 4 + nk,
					nev0 = nev;
		bool		rmemo = m < INT16_MAX && rk[3 * i] > 0 &&
			(nk < 2 || rk[3 * i + 3] > 0) && (nk < 3 || rk[3 * i + 6] > 0);
		const RowMemo *rm;

		/* a row met before with the same neighbours: its matches are remembered */
		if (rmemo && (rm = row_memo_find(head, rk + 3 * i, rh + i)) != NULL)
		{
			for (int q = 0; q < rm->n; q++)
			{
				const RowMatch *mt = &row_pool[rm->off + q];

				if (!add_event(x, &ev, &nev, &evcap, ehead, i + mt->w, mt->col, mt->w,
							   Si[mt->col - 1] + mt->sc))
					return false;
			}
		}
		else
		{
			join_start(&ja);
			/* matching row i alone: the slots it resembles, and table 四 */
			c1.numbering = r->numbering;
			c1.has_label = r->nlab > 0 && r->ncp > 0;
			c1.nv = r->nv;
			c1.nfill = r->nfill;
			c1.xdig = r->xdig;
			for (int q = 0; q < rn[i]; q++)
			{
				int			sc;

				j = rnear[i][q].slot;
				if (rnear[i][q].sim < MATCH_MIN || j == t4)
					continue;
				sc = match_score(&ts->s[j], &c1, rnear[i][q].sim);
				if (sc != NEG && !add_event(x, &ev, &nev, &evcap, ehead, i + 1, j + 1, 1, Si[j] + sc))
					return false;
			}
			if (t4 >= 0)
			{
				int			sc = match_score(&ts->s[t4], &c1, 0);

				if (sc != NEG && !add_event(x, &ev, &nev, &evcap, ehead, i + 1, t4 + 1, 1, Si[t4] + sc))
					return false;
			}
			/*
			 * Matching it joined with the next one or two (a label printed over
			 * lines): only when a part resembles some slot, and only against the
			 * slots a part resembles.
			 */
			for (int w = 2; w <= 3 && i + w <= np; w++)
			{
				int			ns = 0,
							ngot = 0,
							nid,
							nfeat,
							key[4];
				bool		memo;
				const JoinMemo *jm;

				if (rn[i] + rn[i + 1] + (w == 3 ? rn[i + 2] : 0) == 0)
					continue;		/* no part resembles any slot */
				if (!join_rows(x, &jr, w0 + i, w, w1))
					break;			/* (nor can the three rows be joined, then) */
				/* (every row of the window has its features: row_near, or a known label's) */
				/* a join of known labels met before: its matches are remembered */
				memo = join_memo_key(x, tsi, w0 + i, w, key);
				if (memo && (jm = join_memo_find(key)) != NULL)
				{
					for (int q = 0; q < jm->n; q++)
					{
						int			sc;

						j = join_pool[jm->off + q].slot;
						sc = match_score(&ts->s[j], &jr.c, join_pool[jm->off + q].sim);
						if (sc != NEG && !add_event(x, &ev, &nev, &evcap, ehead, i + w, j + 1, w, Si[j] + sc))
						{
							clear_seen(x->seen, jids, ja.nid);
							return false;
						}
					}
					continue;
				}
				/* the join of three rows is that of two and one row more */
				if (ja.nrows != w - 1)
				{
					clear_seen(x->seen, jids, ja.nid);
					join_start(&ja);
					for (int k = 0; k < w - 1; k++)
						join_add(x, &ja, &x->rows[w0 + i + k], jids);
				}
				join_add(x, &ja, &x->rows[w0 + i + w - 1], jids);	/* (jids' bits set in x->seen) */
				nid = ja.nid;
				nfeat = join_nfeat(&ja);
				for (int k = 0; k < w; k++)
					for (int q = 0; q < rn[i + k]; q++)
						if (!inset[rnear[i + k][q].slot])
						{
							inset[rnear[i + k][q].slot] = 1;
							touched[ns++] = rnear[i + k][q].slot;
						}
				for (int k = 0; k < ns; k++)
				{
					int			sim,
								sc;

					j = touched[k];
					inset[j] = 0;
					if (ts->s[j].kind == SLOT_T4)
						continue;
					sim = slot_sim(ts, jids, nid, x->seen, nfeat, j);
					if (sim < MATCH_MIN)
						continue;
					got[ngot].slot = j;
					got[ngot].sim = sim;
					ngot++;
					sc = match_score(&ts->s[j], &jr.c, sim);
					if (sc != NEG && !add_event(x, &ev, &nev, &evcap, ehead, i + w, j + 1, w, Si[j] + sc))
					{
						clear_seen(x->seen, jids, nid);
						return false;
					}
				}
				if (memo)
					join_memo_add(key, got, ngot);
			}
			clear_seen(x->seen, jids, ja.nid);
			if (rmemo)
				row_memo_add(head, rk + 3 * i, rh + i, ev, nev0, nev - nev0, Si);
		}
		/*
		 * Row i + 1: row i raised by the matches that end in it, then made
		 * non-decreasing again from the first of them on.  Row i was, so
		 * past the last match the pass stops where the row is high enough.
		 */
		if (ehead[i + 1] < 0)
			Srow[i + 1] = Si;	/* the same row: kept once */
		else
		{
			int			lo = W,
						hi = 0,
						a;
			int32_t		run;

			Sn = Srow[i + 1] = S + (size_t) nS++ * W;
			for (int e = ehead[i + 1]; e >= 0; e = ev[e].next)
			{
				int			c = ev[e].col;

				lo = c < lo ? c : lo;
				hi = c > hi ? c : hi;
			}
			memcpy(Sn, Si, sizeof(int32_t) * (size_t) (hi + 1));
			for (int e = ehead[i + 1]; e >= 0; e = ev[e].next)
				if (ev[e].val > Sn[ev[e].col])
					Sn[ev[e].col] = ev[e].val;
			run = Sn[lo];
			for (int c = lo + 1; c <= hi; c++)
			{
				if (Sn[c] >= run)
					run = Sn[c];
				else
					Sn[c] = run;
			}
			/*
			 * Past hi the row is row i's, non-decreasing: raised to run up to
			 * the first cell already as high (found by halving; none, most
			 * often, when the last is lower), the rest copied.
			 */
			a = hi + 1;
			if (hi < m && Si[hi + 1] < run)
			{
				int			b = m + 1;

				if (Si[m] < run)
					a = b;
				while (a < b)
				{
					int			mid = (a + b) / 2;

					if (Si[mid] >= run)
						b = mid;
					else
						a = mid + 1;
				}
				fill_i32(Sn + hi + 1, a - hi - 1, run);
			}
			if (a < W)
				memcpy(Sn + a, Si + a, sizeof(int32_t) * (size_t) (W - a));
		}
	}

	/* trace back */
	al->score = Srow[np][m];
	al->nvalslots = 0;
	for (j = 0; j < m; j++)
	{
		al->slot_row[j] = -1;
		al->slot_w[j] = 0;
	}
	i = np;
	j = m;
	while (i > 0 || j > 0)
	{
		int32_t		v;
		const Event *ew[4] = {NULL, NULL, NULL, NULL};	/* the match of w rows ending here */
		int			w = 0;

		if (i > 0 && ehead[i] < 0)
		{
			i--;				/* no match ends in the row: it is the row before it */
			continue;
		}
		v = Srow[i][j];
		if (i > 0 && j > 0)
		{
			for (int e = ehead[i]; e >= 0; e = ev[e].next)
				if (ev[e].col == j && ew[ev[e].w] == NULL)
					ew[ev[e].w] = &ev[e];
			for (int k = 3; k >= 2 && w == 0; k--)
				if (i >= k && ew[k] != NULL && ew[k]->val == v)
					w = k;
		}
		if (w == 0 && i > 0 && Srow[i - 1][j] == v)
		{
			i--;				/* skip the printed row */
			continue;
		}
		if (w == 0 && i > 0 && j > 0 && ew[1] != NULL && ew[1]->val == v)
			w = 1;
		if (w == 0)
		{
			if (j > 0 && Srow[i][j - 1] == v)
			{
				j--;			/* skip the slot */
				continue;
			}
			break;				/* cannot happen: every cell is reached by one of these */
		}
		i -= w;
		j--;
		al->slot_row[j] = w0 + i;
		al->slot_w[j] = w;
		for (int k = 0; k < w; k++)
			if (x->rows[w0 + i + k].nfill > 0)
			{
				al->nvalslots++;
				break;
			}
	}
	return true;
}

#define COL_SUBTOTAL	100		/* 法人或其他组织小计: checked, not stored */

#define COL_GROUPMARK	101		/* 法人或其他组织: the heading over the five */

typedef struct ColMap
{
	int			n;
	int			col[10];		/* column index in t->columns, or COL_SUBTOTAL */
	bool		from_header;
} ColMap;

static int
column_index(const GiTemplate *t, const char *name)
{
	for (int i = 0; i < t->ncolumns; i++)
		if (strcmp(t->columns[i].name, name) == 0)
			return i;
	return -1;
}

static void
default_columns(const GiTemplate *t, ColMap *cm, bool subtotal)
{
	cm->n = 0;
	cm->from_header = false;
	for (int i = 0; i < t->ncolumns && cm->n < 9; i++)
	{
		if (subtotal && strcmp(t->columns[i].name, "total") == 0)
			cm->col[cm->n++] = COL_SUBTOTAL;
		cm->col[cm->n++] = i;
	}
}

/* Where a row's label starts on its line, in characters (for a laid-out header). */
static int
row_column(Ctx *x, const PRow *r)
{
	const Doc  *d = x->d;
	int			from,
				to,
				n = 0;

	if (r->nlab == 0 || r->line >= d->nlines || (d->lines[r->line].flags & (LF_STRUCT | LF_HTMLROW)))
		return 0;				/* (delimited cells: their positions are not looked at) */
	from = d->lines[r->line].off;
	to = d->cells[r->lab[0]].off;
	for (int i = from; i < to && i < d->textlen; i++)
		n += ((unsigned char) d->text[i] & 0xC0) != 0x80;
	return n;
}

static void
detect_columns(Ctx *x, const GiTemplate *t, int first_row, int w0, ColMap *cm)
{
	int			top[10],
				topx[10],		/* where each of top starts on its line, in characters */
				ntop = 0,
				grp[10],
				grpx[10],		/* where each of grp starts on its line, in characters */
				ngrp = 0,
				group_at = -1,
				start = first_row,
				seen[COL_SUBTOTAL + 1];
	bool		ok = true,
				laid = false;	/* a header line of several cells apart by spaces (PDF) */
	ColMap		found;

	default_columns(t, cm, false);
	if (first_row < 0)
		return;
	while (start > w0 && start > first_row - 40 && x->rows[start - 1].nfill == 0)
		start--;
	for (int i = start; i < first_row; i++)
	{
		const PRow *r = &x->rows[i];
		uint8_t		buf[LABEL_MAX_CP];
		const uint8_t *words = buf;
		int			nw;

		if (r->norm == NULL)
			continue;
		if (r->line < x->d->nlines && x->d->lines[r->line].nc >= 2 &&
			!(x->d->lines[r->line].flags & (LF_STRUCT | LF_HTMLROW)))
			laid = true;
		/* (a known label's column words were found once) */
		if (r->known1 > 0)
		{
			words = known[r->known1 - 1].colw;
			nw = known[r->known1 - 1].ncolw;
		}
		else
			nw = col_words(r->norm, buf);
		for (int q = 0; q < nw; q++)
		{
			int			k = words[q],
						ci;

			if (strcmp(col_kws[k].col, "#group") == 0)
			{
				if (group_at < 0 && ntop < 10)
				{
					group_at = ntop;
					top[ntop++] = COL_GROUPMARK;
				}
				continue;
			}
			ci = strcmp(col_kws[k].col, "#subtotal") == 0 ? COL_SUBTOTAL : column_index(t, col_kws[k].col);
			if (ci < 0)
				continue;
			/* the five kinds (and the subtotal) go under the group heading */
			if (group_at >= 0 && ci != COL_SUBTOTAL &&
				strcmp(t->columns[ci].name, "natural") != 0 && strcmp(t->columns[ci].name, "total") != 0)
			{
				if (ngrp < 10)
				{
					grpx[ngrp] = row_column(x, r);
					grp[ngrp++] = ci;
				}
			}
			else if (group_at >= 0 && ci == COL_SUBTOTAL && ngrp > 0)
			{
				if (ngrp < 10)
				{
					grpx[ngrp] = row_column(x, r);
					grp[ngrp++] = ci;
				}
			}
			else if (ntop < 10)
			{
				topx[ntop] = row_column(x, r);
				top[ntop++] = ci;
			}
		}
	}
	/*
	 * A laid-out header (pdftotext of a PDF) prints each heading at the
	 * height of its cell's middle, so that its lines do not follow the
	 * columns: 自然人 and 总计 on one line, the five kinds over several.
	 * Then the five kinds are ordered by where they stand on their lines,
	 * and the headings above them in the national order, 自然人 first and
	 * 总计 last (a header with cells delimited keeps the order it prints).
	 */
	if (laid)
	{
		int			nat = -1,
					tot = -1,
					nother = 0;

		/* the kinds printed above, without 法人或其他组织 over them, join the group */
		for (int i = 0; i < ntop; i++)
		{
			if (top[i] == COL_GROUPMARK)
				continue;
			if (top[i] != COL_SUBTOTAL && strcmp(t->columns[top[i]].name, "natural") == 0)
				nat = nat == -1 ? top[i] : -2;
			else if (top[i] != COL_SUBTOTAL && strcmp(t->columns[top[i]].name, "total") == 0)
				tot = tot == -1 ? top[i] : -2;
			else
				nother++;
		}
		if (nat < 0 || tot < 0 || ngrp + nother > 10)
			goto ordered;		/* not the three headings once each: as printed */
		for (int i = 0; i < ntop; i++)
			if (top[i] != COL_GROUPMARK && top[i] != nat && top[i] != tot)
			{
				grpx[ngrp] = topx[i];
				grp[ngrp++] = top[i];
			}
		for (int i = 1; i < ngrp; i++)
			for (int k = i; k > 0 && grpx[k - 1] > grpx[k]; k--)
			{
				int			tc = grp[k],
							tx = grpx[k];

				grp[k] = grp[k - 1];
				grpx[k] = grpx[k - 1];
				grp[k - 1] = tc;
				grpx[k - 1] = tx;
			}
		top[0] = nat;
		top[1] = COL_GROUPMARK;
		top[2] = tot;
		ntop = 3;
	}
ordered:
	found.n = 0;
	for (int i = 0; i < ntop; i++)
	{
		if (top[i] == COL_GROUPMARK)
		{
			for (int g = 0; g < ngrp && found.n < 10; g++)
				found.col[found.n++] = grp[g];
		}
		else if (found.n < 10)
			found.col[found.n++] = top[i];
	}
	/* a complete header: each of the seven columns once, the subtotal at most once */
	memset(seen, 0, sizeof(seen));
	for (int i = 0; i < found.n; i++)
		seen[found.col[i]]++;
	for (int i = 0; i < t->ncolumns; i++)
		if (seen[i] != 1)
			ok = false;
	if (seen[COL_SUBTOTAL] > 1 || found.n != t->ncolumns + (seen[COL_SUBTOTAL] ? 1 : 0))
		ok = false;
	if (found.n == 0)
		return;					/* no header text at all: the national order */
	if (!ok)
	{
		char		buf[400];
		int			o = 0;

		if (x->nolog)
			return;
		buf[0] = '\0';
		for (int i = start; i < first_row && o < 300; i++)
			if (x->rows[i].norm && x->rows[i].norm[0])
				o += snprintf(buf + o, sizeof(buf) - (size_t) o, "%s%s", o ? " " : "", x->rows[i].norm);
		utf8_clip(buf);
		addlog(x, SEV_WARNING, "三", "申请人情况", -1, buf, -1,
			   "the applicant columns of table 三 could not be read from its header: "
			   "assumed the national order (自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计)");
		return;
	}
	found.from_header = true;
	*cm = found;
	{
		bool		same = cm->n == t->ncolumns || x->nolog;

		for (int i = 0; same && i < cm->n; i++)
			if (cm->col[i] != i)
				same = false;
		if (!same)
		{
			char		buf[300];
			int			o = 0;

			for (int i = 0; i < cm->n && o < 250; i++)
				o += snprintf(buf + o, sizeof(buf) - (size_t) o, "%s%s", i ? ", " : "",
							  cm->col[i] == COL_SUBTOTAL ? "法人或其他组织小计" : t->columns[cm->col[i]].label_zh);
			utf8_clip(buf);
			addlog(x, SEV_INFO, "三", "申请人情况", -1, buf, -1,
				   "column order of table 三 taken from its header");
		}
	}
}

/* "label·column" of a code, for the log */
static void
code_label(const GiTemplate *t, int code, char *buf, size_t cap)
{
	const GiCode *c = &t->codes[code];
	const GiRow *r = &t->rows[c->row];

	if (c->column >= 0 && t->columns[c->column].label_zh != NULL &&
		strcmp(t->columns[c->column].name, "total") != 0)
		snprintf(buf, cap, "%s·%s", r->label_zh, t->columns[c->column].label_zh);
	else
		snprintf(buf, cap, "%s", r->label_zh);
	utf8_clip(buf);
}

/* Unit stated in text: 万元 -> UNIT_WAN, 元 -> UNIT_YUAN, else UNIT_NONE. */
static uint8_t
money_unit_in(const char *s, int len)
{
	uint32_t	prev = 0;
	uint8_t		u = UNIT_NONE;

	for (int i = 0; i < len;)
	{
		uint32_t	c;

		i += DEC(s + i, (size_t) (len - i), &c);
		c = fold(c);
		if (c == 0x5143)		/* 元 */
			u = prev == 0x4E07 ? UNIT_WAN : (u == UNIT_NONE ? UNIT_YUAN : u);
		if (c != ' ')
			prev = c;
	}
	return u;
}

/*
 * gi_parse_decimal of a cell of plain digits s[0..len), len <= 18 (so that
 * the digits alone cannot overflow): the same status and value, read in
 * place.
 */
static inline GiNumStatus
plain_decimal(const char *s, int len, int64_t scale, int64_t *out)
{
	int64_t		v = 0,
				sv;

	for (int i = 0; i < len; i++)
		v = v * 10 + (s[i] - '0');
	if (__builtin_mul_overflow(v, scale, &sv))
		return GI_NUM_RANGE;
	*out = sv;
	return GI_NUM_OK;
}

/* s[0..len) as a count when it is 1 to 18 plain digits (plain_decimal's value), else false */
static inline bool
plain_count(const char *s, int len, int64_t *out)
{
	int64_t		v = 0;

	if (len < 1 || len > 18)
		return false;
	for (int i = 0; i < len; i++)
	{
		unsigned	d = (unsigned char) s[i] - (unsigned) '0';

		if (d > 9)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

/* Read cell ci into code (a stored cell); logs what it cannot read. */
static bool
assign_value(Ctx *x, const GiTemplate *t, int code, int ci, uint8_t hint, int64_t *out)
{
	const GiCode *gc = &t->codes[code];
	const GiRow *gr = &t->rows[gc->row];
	Cell	   *c;
	char		f[160],
				lab[400];
	int			n,
				scale = 1;
	NumInfo		ni;
	uint8_t		unit;
	int64_t		v;
	GiNumStatus st;
	const char *raw;
	bool		plain = false;

	if (ci < 0)
		return false;
	c = &x->d->cells[ci];
	raw = x->d->text + c->off;
	if (c->cls == CELL_EMPTY || c->cls == CELL_NULL)
		return false;
	lab[0] = '\0';
	if (c->cls != CELL_NUM)
	{
		code_label(t, code, lab, sizeof(lab));
		addlog(x, SEV_ERROR, gr->section, lab, -1, raw, c->len,
			   "not a number where %s belongs: left NULL", gc->code);
		return false;
	}
	if (plain_digits(raw, c->len))
	{
		/* as fold_cell and parse_number would have it; up to 18 digits are read in place */
		plain = c->len <= 18;
		if (!plain)
		{
			memcpy(ni.s, raw, (size_t) c->len);
			ni.s[c->len] = '\0';
			ni.n = c->len;
		}
		ni.unit = UNIT_NONE;
	}
	else if ((n = fold_cell(raw, c->len, f, (int) sizeof(f))) < 0 || !parse_number(f, n, &ni))
	{
		code_label(t, code, lab, sizeof(lab));
		addlog(x, SEV_ERROR, gr->section, lab, -1, raw, c->len,
			   "not a number where %s belongs: left NULL", gc->code);
		return false;
	}
	unit = ni.unit;
	if (gr->scale > 1)
	{
		if (unit == UNIT_NONE)
			unit = hint;
		if (unit == UNIT_YUAN)
			scale = 1;
		else if (unit == UNIT_WAN || unit == UNIT_NONE)
			scale = gr->scale;
		else
		{
			code_label(t, code, lab, sizeof(lab));
			addlog(x, SEV_ERROR, gr->section, lab, -1, raw, c->len,
				   "a count where an amount in %s belongs (%s): left NULL", gr->unit, gc->code);
			return false;
		}
	}
	else if (unit == UNIT_YUAN || unit == UNIT_WAN)
	{
		code_label(t, code, lab, sizeof(lab));
		addlog(x, SEV_ERROR, gr->section, lab, -1, raw, c->len,
			   "an amount of money where a count in %s belongs (%s): left NULL", gr->unit, gc->code);
		return false;
	}
	st = plain ? plain_decimal(raw, c->len, scale, &v) : gi_parse_decimal(ni.s, ni.n, scale, &v);
	if (!x->nolog && (st != GI_NUM_OK || (v < 0 && !gr->is_signed) || (gr->scale > 1 && scale == 1)))
		code_label(t, code, lab, sizeof(lab));
	if (st == GI_NUM_FRACTION)
	{
		addlog(x, SEV_ERROR, gr->section, lab, -1, raw, c->len,
			   scale > 1 || gr->scale > 1 ?
			   "amount finer than 1 元 for %s: left NULL" :
			   "a fraction where a whole count belongs (%s): left NULL", gc->code);
		return false;
	}
	if (st != GI_NUM_OK)
	{
		addlog(x, SEV_ERROR, gr->section, lab, -1, raw, c->len,
			   "number out of range for %s: left NULL", gc->code);
		return false;
	}
	if (v < 0 && !gr->is_signed)
	{
		addlog(x, SEV_ERROR, gr->section, lab, -1, raw, c->len,
			   "negative value where %s cannot be negative: left NULL", gc->code);
		return false;
	}
	if (gr->scale > 1 && scale == 1 && !x->nolog)
	{
		char		wan[GI_DECIMAL_BUFLEN];

		gi_format_decimal(v, gr->scale, wan);
		addlog(x, SEV_INFO, gr->section, lab, -1, raw, c->len,
			   "amount printed in 元: stored as %lld 元 (%s %s)", (long long) v, wan, gr->unit);
	}
	*out = v;
	return true;
}

static inline void
store(Ctx *x, const GiTemplate *t, int code, int ci, uint8_t hint)
{
	int			pos = t->codes[code].pos;
	const Cell *c = ci >= 0 ? &x->d->cells[ci] : NULL;
	int64_t		v;

	if (pos < 0 || pos >= GI_MAX_CELLS)
		return;
	if (c != NULL && c->cls == CELL_NULL)
		x->nread++;
	/*
	 * The common case, a count printed as plain digits, is read here as
	 * assign_value reads it (nothing to log); anything else by it.
	 */
	if (!(c != NULL && c->cls == CELL_NUM && t->rows[t->codes[code].row].scale <= 1 &&
		  plain_count(x->d->text + c->off, c->len, &v)) &&
		!assign_value(x, t, code, ci, hint, &v))
		return;
	x->nread++;
	if (x->res->nulls[pos])
		x->res->nmapped++;
	x->res->vals[pos] = v;
	x->res->nulls[pos] = false;
}

/*
 * The values of a mapped row (one printed row, or the one with values among
 * joined rows), with blanks trimmed to the count expected where possible.
 */
static inline int
row_values(Ctx *x, int r0, int w, int want, int *out, int cap, int *rowidx)
{
	int			ri = -1,
				a,
				b;

	for (int k = 0; k < w; k++)
		if (x->rows[r0 + k].nv > 0 && (ri < 0 || x->rows[r0 + k].nfill > 0))
			ri = r0 + k;
	*rowidx = ri >= 0 ? ri : r0;
	if (ri < 0)
		return 0;
	a = x->rows[ri].v0;
	b = a + x->rows[ri].nv;
	/* drop blanks beyond the count: leading first (a blank unit column), then trailing */
	while (b - a > want && (x->vals[a] < 0 || x->d->cells[x->vals[a]].cls == CELL_EMPTY))
		a++;
	while (b - a > want && (x->vals[b - 1] < 0 || x->d->cells[x->vals[b - 1]].cls == CELL_EMPTY))
		b--;
	if (b - a > cap)
		b = a + cap;
	for (int k = a; k < b; k++)
		out[k - a] = x->vals[k];
	return b - a;
}

/* A cell made after the first pass (a piece, a join), classified: its index, or -1 (no room). */
static int
add_piece(Ctx *x, int off, int len)
{
	Cell	   *c = doc_add_cell(x->d, off, len, 1);

	if (c == NULL)
		return -1;
	classify_piece(x->d, c);
	return (int) (c - x->d->cells);
}

/*
 * A row with fewer values than want, where cells hold numbers one space
 * apart ("0 0 0 0 0": narrow columns that pdftotext printed one space
 * apart): each such cell split into its numbers, kept when that gives want
 * values exactly.  v (room for cap) is rewritten then; the new count, or
 * nv.  A row whose count is right keeps its cells (1 2 0 stays 120).
 */
static int
respace_values(Ctx *x, int *v, int nv, int want, int cap)
{
	int			out[80],
				n = 0;
	bool		split = false;

	if (nv <= 0 || nv >= want || want > cap || want > 80)
		return nv;
	for (int q = 0; q < nv; q++)
	{
		int			ci = v[q],
					tok[2 * 16],
					ntok = 0;

		if (ci >= 0 && x->d->cells[ci].cls != CELL_EMPTY)
			ntok = number_pieces(x->d, x->d->cells[ci].off, x->d->cells[ci].len, false, tok, 16);
		if (ntok == 0)
		{
			if (n == want)
				return nv;
			out[n++] = ci;
			continue;
		}
		if (n + ntok > want)
			return nv;
		for (int k = 0; k < ntok; k++)
			if ((out[n++] = add_piece(x, tok[2 * k], tok[2 * k + 1])) < 0)
				return nv;
		split = true;
	}
	if (!split || n != want)
		return nv;
	memcpy(v, out, sizeof(int) * (size_t) n);
	return n;
}

/*
 * A row with more values than want, where a laid-out cell was split into
 * pieces of one character each (letter-spaced digits, 1 2 0): each such run
 * of pieces read as the cell it was, kept when that gives want values
 * exactly.  v is rewritten then; the new count, or nv.
 */
static int
rejoin_values(Ctx *x, int *v, int nv, int want)
{
	int			out[80],
				n = 0;
	bool		joined = false;

	if (nv <= want || nv > 80)
		return nv;
	for (int q = 0; q < nv;)
	{
		int			ci = v[q],
					e = q + 1;
		bool		single;

		if (ci < 0 || x->d->cells[ci].piece != PIECE_FIRST)
		{
			out[n++] = ci;
			q++;
			continue;
		}
		/* the run: this piece and the next cells that follow it */
		while (e < nv && v[e] == v[e - 1] + 1 && x->d->cells[v[e]].piece == PIECE_NEXT)
			e++;
		single = true;
		for (int k = q; k < e; k++)
			if (x->d->cells[v[k]].len != 1)
				single = false;
		if (single && e - q >= 2)
		{
			const Cell *a = &x->d->cells[v[q]],
					   *b = &x->d->cells[v[e - 1]];
			int			ci = add_piece(x, a->off, b->off + b->len - a->off);

			if (ci < 0)
				return nv;
			if (x->d->cells[ci].cls == CELL_NUM)
			{
				out[n++] = ci;
				joined = true;
				q = e;
				continue;
			}
		}
		for (int k = q; k < e; k++)
			out[n++] = v[k];
		q = e;
	}
	if (!joined || n != want)
		return nv;
	memcpy(v, out, sizeof(int) * (size_t) n);
	return n;
}

/*
 * Table 四's row with fewer values than its fifteen where digits ran
 * together in narrow columns (0 0 0 00000): when the digits past the first
 * of its plain-digit values are exactly the values missing, the only
 * reading that gives fifteen is a value a digit, and each such value is
 * split so.  v (room for cap) is rewritten then; the new count, or nv.
 */
static int
split_digit_runs(Ctx *x, int *v, int nv, int want, int cap)
{
	int			out[80],
				n = 0,
				extra = 0;

	if (nv <= 0 || nv >= want || want > cap || want > 80)
		return nv;
	for (int q = 0; q < nv; q++)
		extra += extra_digits(x->d, v[q]);
	if (nv + extra != want)
		return nv;
	for (int q = 0; q < nv; q++)
	{
		int			ci = v[q],
					off;

		if (extra_digits(x->d, ci) == 0)
		{
			out[n++] = ci;
			continue;
		}
		off = x->d->cells[ci].off;
		for (int k = 0; k < x->d->cells[ci].len; k++)
			if ((out[n++] = add_piece(x, off + k, 1)) < 0)
				return nv;
	}
	memcpy(v, out, sizeof(int) * (size_t) n);
	return n;
}

/*
 * A row's values brought to want where a conversion split them or ran them
 * together: numbers one space apart split where the row lacks values
 * (respace_values, logged), letter-spaced digits joined back where it has
 * too many (rejoin_values), unless it has also_ok values, a count the
 * caller reads as it is.  The new count.
 */
static int
fit_values(Ctx *x, int ri, const char *section, const char *lab, int *v, int nv, int want, int cap,
		   int also_ok)
{
	if (nv < want)
	{
		if ((nv = respace_values(x, v, nv, want, cap)) == want && !x->nolog)
		{
			char		raw[400];

			row_values_raw(x, &x->rows[ri], raw, sizeof(raw));
			addlog(x, SEV_INFO, section, lab, -1, raw, -1, "values one space apart read as %d cells", want);
		}
	}
	else if (nv > want && nv != also_ok)
		nv = rejoin_values(x, v, nv, want);
	return nv;
}

typedef struct GroupVals
{
	bool		present[10];
	int			ci[10];
} GroupVals;

/* Sum of the present members of group code g; false when none is present (or on overflow). */
bool
gi_parse_group_sum(const GiParseResult *res, const GiTemplate *t, int g, int64_t *sum)
{
	const GiCode *gc = &t->codes[g];
	bool		any = false;

	*sum = 0;
	for (int k = 0; k < gc->term_len; k++)
	{
		const GiTerm *term = &t->terms[gc->term_start + k];

		if (term->pos >= 0 && term->pos < GI_MAX_CELLS && !res->nulls[term->pos])
		{
			int64_t		v;

			if (__builtin_mul_overflow(res->vals[term->pos], (int64_t) term->coef, &v) ||
				__builtin_add_overflow(*sum, v, sum))
				return false;
			any = true;
		}
	}
	return any;
}

static int64_t
cell_number(Ctx *x, int ci, bool *ok)
{
	char		f[160];
	NumInfo		ni;
	int64_t		v = 0;
	int			n;

	*ok = false;
	if (ci < 0 || x->d->cells[ci].cls != CELL_NUM)
		return 0;
	if (plain_digits(x->d->text + x->d->cells[ci].off, x->d->cells[ci].len))
	{
		if (gi_parse_decimal(x->d->text + x->d->cells[ci].off, x->d->cells[ci].len, 1, &v) != GI_NUM_OK)
			return 0;
		*ok = true;
		return v;
	}
	n = fold_cell(x->d->text + x->d->cells[ci].off, x->d->cells[ci].len, f, (int) sizeof(f));
	if (n < 0 || !parse_number(f, n, &ni) || gi_parse_decimal(ni.s, ni.n, 1, &v) != GI_NUM_OK)
		return 0;
	*ok = true;
	return v;
}

/* Check printed subtotals of a group row against its rows; store a lone 其他处理 row. */
static void
check_group(Ctx *x, const GiTemplate *t, const Slot *s, const GroupVals *gv, const char *printed)
{
	const GiRow *gr = &t->rows[s->row];
	int			nbad = 0,
				nchecked = 0,
				other = -1;
	bool		any_part = false;

	for (int c = 0; c < s->k && !any_part; c++)
	{
		int64_t		sum;

		any_part = gi_parse_group_sum(x->res, t, slot_code(t, s, c), &sum);
	}
	if (!any_part)
	{
		char		other_code[128];

		snprintf(other_code, sizeof(other_code), "%s.other", gr->code);
		other = gi_code_lookup(t, other_code, (int) strlen(other_code));
	}
	if (other >= 0)
	{
		/* gov2021 （六）其他处理 printed as a single row: it is 3.其他 */
		const GiRow *orow = &t->rows[t->codes[other].row];
		char		raw[300];
		int			rl = 0;

		raw[0] = '\0';
		for (int c = 0; c < s->k; c++)
			if (gv->present[c])
				store(x, t, orow->first_code + c, gv->ci[c], UNIT_NONE);
		for (int c = 0; c < s->k && rl < 250 && !x->nolog; c++)
		{
			int			ci = gv->ci[c];

			rl += snprintf(raw + rl, sizeof(raw) - (size_t) rl, "%s%.*s", c ? " | " : "",
						   ci >= 0 ? x->d->cells[ci].len : 0, ci >= 0 ? x->d->text + x->d->cells[ci].off : "");
		}
		utf8_clip(raw);
		addlog(x, SEV_INFO, gr->section, printed, -1, raw, -1,
			   "%s printed as a single row without its three rows: stored under %s (3.其他)",
			   gr->label_zh, orow->code);
		return;
	}
	if (x->nolog)
		return;					/* the rest only checks and logs */
	for (int c = 0; c < s->k; c++)
	{
		int			g = slot_code(t, s, c);
		int64_t		sum,
					pv;
		bool		ok;

		if (!gv->present[c])
			continue;
		pv = cell_number(x, gv->ci[c], &ok);
		if (!ok)
		{
			if (gv->ci[c] >= 0 &&
				x->d->cells[gv->ci[c]].cls != CELL_NULL && x->d->cells[gv->ci[c]].cls != CELL_EMPTY)
			{
				char		lab[300];

				code_label(t, g, lab, sizeof(lab));
				addlog(x, SEV_WARNING, gr->section, lab, -1, x->d->text + x->d->cells[gv->ci[c]].off,
					   x->d->cells[gv->ci[c]].len, "printed subtotal is not a number: ignored");
			}
			continue;
		}
		if (!gi_parse_group_sum(x->res, t, g, &sum))
		{
			char		lab[300];

			code_label(t, g, lab, sizeof(lab));
			addlog(x, SEV_WARNING, gr->section, lab, -1, x->d->text + x->d->cells[gv->ci[c]].off,
				   x->d->cells[gv->ci[c]].len,
				   "printed subtotal %lld of %s not stored: its rows are all blank",
				   (long long) pv, t->codes[g].code);
			nbad++;
			continue;
		}
		nchecked++;
		if (sum != pv)
		{
			char		lab[300];

			code_label(t, g, lab, sizeof(lab));
			addlog(x, SEV_WARNING, gr->section, lab, -1, x->d->text + x->d->cells[gv->ci[c]].off,
				   x->d->cells[gv->ci[c]].len,
				   "printed subtotal %lld differs from the sum of its rows %lld (%s); the rows are stored, the subtotal is not",
				   (long long) pv, (long long) sum, t->codes[g].code);
			nbad++;
		}
	}
	if (nbad == 0 && nchecked > 0)
		addlog(x, SEV_INFO, gr->section, printed, -1, "", 0,
			   "printed subtotal row %s matches the sum of its rows: not stored (it is derived)",
			   gr->label_zh);
}

/* A row's values, mapped through the column order of table 三. */
static void
assign_applicant_row(Ctx *x, const GiTemplate *t, const Slot *s, int r0, int w,
					 const ColMap *cm0, GroupVals *gv, int *nsub_ok)
{
	int			v[16],
				nv,
				ri;
	ColMap		cm = *cm0;
	const GiRow *gr = &t->rows[s->row];
	char		lab[400],
				raw[400];
	int64_t		subtotal = 0,
				parts = 0;
	bool		has_sub = false,
				sub_ok = false,
				any_part = false;

	nv = row_values(x, r0, w, cm.n, v, 16, &ri);
	if (nv == 0)
		return;
	lab[0] = '\0';
	if (!x->nolog)
		row_label_raw(x, &x->rows[r0], lab, sizeof(lab));
	nv = fit_values(x, ri, gr->section, lab, v, nv, cm.n, 16, t->ncolumns + 1);
	if (nv != cm.n)
	{
		if (nv == t->ncolumns)
			default_columns(t, &cm, false);
		else if (nv == t->ncolumns + 1)
		{
			default_columns(t, &cm, true);
			addlog(x, SEV_INFO, gr->section, lab, -1, "", 0,
				   "row has %d values: took the one before 总计 for a 法人或其他组织小计 column", nv);
		}
		else
		{
			if (!x->nolog)
			{
				row_values_raw(x, &x->rows[ri], raw, sizeof(raw));
				addlog(x, SEV_ERROR, gr->section, lab, -1, raw, -1,
					   "row has %d values where table 三 has %d columns: not stored (which value is which column cannot be told)",
					   nv, cm.n);
			}
			return;
		}
	}
	for (int q = 0; q < nv; q++)
	{
		int			col = cm.col[q];

		if (col == COL_SUBTOTAL)
		{
			bool		ok;

			subtotal = cell_number(x, v[q], &ok);
			has_sub = ok;
			continue;
		}
		if (s->kind == SLOT_GROUP)
		{
			gv->present[col] = true;
			gv->ci[col] = v[q];
		}
		else
			store(x, t, slot_code(t, s, col), v[q], UNIT_NONE);
	}
	if (!has_sub || s->kind == SLOT_GROUP)
		return;
	/* the subtotal column: the five kinds of 法人或其他组织 */
	for (int col = 0; col < t->ncolumns; col++)
	{
		const char *name = t->columns[col].name;
		int			pos = t->codes[slot_code(t, s, col)].pos;

		if (strcmp(name, "natural") == 0 || strcmp(name, "total") == 0 || pos < 0)
			continue;
		if (!x->res->nulls[pos])
		{
			if (__builtin_add_overflow(parts, x->res->vals[pos], &parts))
				return;			/* beyond int64: nothing to compare */
			any_part = true;
		}
	}
	sub_ok = any_part && parts == subtotal;
	if (any_part && !sub_ok)
		addlog(x, SEV_WARNING, gr->section, lab, -1, "", 0,
			   "printed 法人或其他组织小计 %lld differs from the sum of its five columns %lld: not stored",
			   (long long) subtotal, (long long) parts);
	if (sub_ok)
		(*nsub_ok)++;
}

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

static void
find_agency_year(Ctx *x, int table_line)
{
	Doc		   *d = x->d;
	GiParseResult *res = x->res;
	int			title = -1,
				limit = table_line >= 0 ? table_line : d->nlines;
	uint32_t	cp[AGY_CAP];
	int			boff[AGY_CAP + 1],
				n;
	const char *s;
	int			len;

	if (limit > 200)
		limit = 200;
	/* the title: the first line naming 政府信息公开 and a report */
	for (int li = 0; li < limit; li++)
	{
		if (!line_text(d, li, &s, &len))
			continue;
		n = fold_line(s, len, cp, boff, AGY_CAP);
		if (n > 100)
			continue;
		if (find_cps(cp, n, "政府信息公开", 0) >= 0 && !has_sentence_punct(cp, n) &&
			(find_cps(cp, n, "报告", 0) >= 0 || find_cps(cp, n, "年报", 0) >= 0))
		{
			title = li;
			break;
		}
	}
	if (title >= 0 && line_text(d, title, &s, &len))
	{
		int			at = -1,
					y;

		n = fold_line(s, len, cp, boff, AGY_CAP);
		y = first_year(cp, n, 0, &at);
		if (y)
		{
			int			a = 0,
						b = at;

			res->year = y;
			addlog(x, SEV_INFO, "", "", 0, s, len, "year %d taken from the title (line %d)", y, title + 1);
			if (agency_span(cp, &a, &b))
			{
				res->agency = (char *) log_str(x, s + boff[a], boff[b] - boff[a], 400);
				addlog(x, SEV_INFO, "", "", 0, s, len, "agency taken from the title (line %d)", title + 1);
			}
		}
		else
		{
			int			a = 0,
						b = find_cps(cp, n, "政府信息公开", 0);

			if (b > 0 && agency_span(cp, &a, &b))
			{
				res->agency = (char *) log_str(x, s + boff[a], boff[b] - boff[a], 400);
				addlog(x, SEV_INFO, "", "", 0, s, len, "agency taken from the title (line %d)", title + 1);
			}
		}
	}
	/* the agency on a short line of its own next to the title */
	if (res->agency == NULL && title >= 0)
	{
		int			tried = 0;

		for (int li = title + 1; li < limit && tried < 3; li++)
		{
			int			a = 0,
						b;
			bool		digit = false;

			if (!line_text(d, li, &s, &len))
				continue;
			tried++;
			n = fold_line(s, len, cp, boff, AGY_CAP);
			for (int k = 0; k < n; k++)
				if (cp[k] >= '0' && cp[k] <= '9')
					digit = true;
			b = n;
			if (n <= 40 && !digit && !has_sentence_punct(cp, n) && agency_span(cp, &a, &b))
			{
				res->agency = (char *) log_str(x, s + boff[a], boff[b] - boff[a], 400);
				addlog(x, SEV_INFO, "", "", 0, s, len, "agency taken from line %d, below the title", li + 1);
				break;
			}
		}
	}
	/* 发布机构：… in a page's metadata */
	for (int li = 0; res->agency == NULL && li < limit; li++)
	{
		int			p;

		if (!line_text(d, li, &s, &len))
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
			if (agency_span(cp, &a, &b))
			{
				res->agency = (char *) log_str(x, s + boff[a], boff[b] - boff[a], 400);
				addlog(x, SEV_INFO, "", "", 0, s, len, "agency taken from the page's 发布机构 (line %d)", li + 1);
			}
		}
	}
	/* the opening paragraph: "…现公开XX局2023年政府信息公开工作年度报告" */
	for (int li = title >= 0 ? title + 1 : 0; (res->agency == NULL || res->year == 0) && li < limit && li < (title >= 0 ? title : 0) + 15; li++)
	{
		int			p,
					at = -1,
					y;

		if (!line_text(d, li, &s, &len))
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
		{
			static const char *const verbs[] = {"现公开", "现公布", "现发布", "现将", "特发布", "公布", "发布", "公开", "编制", "本", NULL};
			int			a = at,
						b = at;

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
			if (agency_span(cp, &a, &b))
			{
				res->agency = (char *) log_str(x, s + boff[a], boff[b] - boff[a], 400);
				addlog(x, SEV_WARNING, "", "", 0, s, len,
					   "agency guessed from the opening paragraph (line %d)", li + 1);
			}
		}
	}
	/* the year from the period the statistics cover, or the table's title */
	for (int li = 0; res->year == 0 && li < d->nlines && li < (table_line >= 0 ? table_line + 5 : 200); li++)
	{
		int			p,
					y,
					at;

		if (!line_text(d, li, &s, &len))
			continue;
		n = fold_line(s, len, cp, boff, AGY_CAP);
		if ((p = find_cps(cp, n, "12月31日", 0)) > 0 && (y = first_year(cp, p, p >= 6 ? p - 6 : 0, &at)) != 0)
		{
			res->year = y;
			addlog(x, SEV_INFO, "", "", 0, s, len, "year %d taken from the period of the statistics (line %d)", y, li + 1);
		}
		else if (find_cps(cp, n, "政府信息公开", 0) >= 0 && n <= 60 && (y = first_year(cp, n, 0, &at)) != 0)
		{
			res->year = y;
			addlog(x, SEV_WARNING, "", "", 0, s, len, "year %d guessed from line %d", y, li + 1);
		}
	}
	if (res->agency == NULL)
		addlog(x, SEV_WARNING, "", "", 0, "", 0, "agency not found in the title or the opening lines");
	if (res->year == 0)
		addlog(x, SEV_WARNING, "", "", 0, "", 0, "year not found in the title or the opening lines");
}

/* The window of printed rows to align: around the densest run of values. */
static void
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
static const char *
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
static const GiTemplate *
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

static void
map_values(Ctx *x, const GiTemplate *t, const Align *al, int w0)
{
	const TSlots *ts = al->ts;
	ColMap		cm;
	int			first_appl = -1,
				nsub_ok = 0;
	GroupVals  *gvs = arena_alloc(x->a, sizeof(GroupVals) * (size_t) ts->n);	/* (cleared when used) */

	if (gvs == NULL)
		return;
	for (int j = 0; j < ts->n; j++)
		if ((ts->s[j].kind == SLOT_APPL || ts->s[j].kind == SLOT_GROUP) && al->slot_row[j] >= 0)
		{
			first_appl = al->slot_row[j];
			break;
		}
	default_columns(t, &cm, false);
	if (first_appl >= 0)
		detect_columns(x, t, first_appl, w0, &cm);

	for (int j = 0; j < ts->n; j++)
	{
		const Slot *s = &ts->s[j];
		int			r0 = al->slot_row[j],
					w = al->slot_w[j],
					v[80],
					nv,
					ri;
		char		lab[400],
					raw[400];

		if (r0 < 0)
			continue;
		if (!x->nolog)
			for (int k = 0; k < w; k++)
				x->rows[r0 + k].consumed = true;	/* (for log_unmapped) */
		if (s->kind == SLOT_HEAD)
			continue;
		lab[0] = '\0';
		if (!x->nolog)
			row_label_raw(x, &x->rows[r0], lab, sizeof(lab));
		if (x->nolog)
			;
		else if (w == 1 && s->norm != NULL && x->rows[r0].norm != NULL &&
				 strcmp(s->norm, x->rows[r0].norm) != 0)
			addlog(x, SEV_INFO, t->rows[s->row].section, lab, -1, "", 0,
				   "label differs from the template's %s: mapped to %s by similarity and position",
				   t->rows[s->row].label_zh,
				   t->rows[s->row].code ? t->rows[s->row].code : t->rows[s->row].label_zh);
		if (w > 1 && !x->nolog)
		{
			char		more[300];

			row_label_raw(x, &x->rows[r0 + w - 1], more, sizeof(more));
			addlog(x, SEV_INFO, t->rows[s->row].section, lab, -1, more, -1,
				   "label printed over %d lines: joined and mapped to %s", w,
				   t->rows[s->row].code ? t->rows[s->row].code : t->rows[s->row].label_zh);
		}
		if (s->kind == SLOT_APPL || s->kind == SLOT_GROUP)
		{
			memset(&gvs[j], 0, sizeof(GroupVals));
			assign_applicant_row(x, t, s, r0, w, &cm, &gvs[j], &nsub_ok);
			continue;
		}
		nv = row_values(x, r0, w, s->k, v, 80, &ri);
		if (nv == 0)
			continue;
		nv = fit_values(x, ri, t->rows[s->row].section, lab, v, nv, s->k, 80, -1);
		if (s->kind == SLOT_T4 && nv < s->k && (nv = split_digit_runs(x, v, nv, s->k, 80)) == s->k &&
			!x->nolog)
		{
			row_values_raw(x, &x->rows[ri], raw, sizeof(raw));
			addlog(x, SEV_WARNING, t->rows[s->row].section, lab, -1, raw, -1,
				   "digits run together in narrow columns: read as one value a digit, the only way to make %d",
				   s->k);
		}
		if (nv == s->k)
		{
			uint8_t		hint = x->rows[ri].unit;

			/* a unit stated in the sub-table's header (采购总金额（元）, （单位：万元）) */
			for (int q = 0; q < s->k; q++)
			{
				const GiRow *gr = &t->rows[s->row + (s->kind == SLOT_T4 || s->kind == SLOT_CELL ? q : 0)];

				if (gr->scale > 1 && hint != UNIT_YUAN && hint != UNIT_WAN)
				{
					/*
					 * The header rows above, read in printed order as one
					 * text: a header wrapped in its column (采购总金额（单 /
					 * 位：万 / 元）) states its unit across rows.
					 */
					char		hl[1200];
					int			top = r0,
								hn = 0,
								need = 0;

					/* (as many rows up as the text holds whole: the nearest count most) */
					for (int k = 0; k < x->rows[r0].nlab; k++)
						need += x->d->cells[x->rows[r0].lab[k]].len + 1;
					while (top - 1 >= w0 && top - 1 >= r0 - 6 && x->rows[top - 1].nfill == 0)
					{
						const PRow *hr = &x->rows[top - 1];
						int			more = 1;

						for (int k = 0; k < hr->nlab; k++)
							more += x->d->cells[hr->lab[k]].len + 1;
						if (need + more >= (int) sizeof(hl) - 4)
							break;
						need += more;
						top--;
					}
					/* and the row's own label, which may hold the header's last line (元）) */
					for (int b = top; b <= r0 && hn < (int) sizeof(hl) - 2; b++)
					{
						if (hn > 0)
							hl[hn++] = ' ';
						hn += row_label_raw(x, &x->rows[b], hl + hn, (int) sizeof(hl) - hn);
					}
					{
						uint8_t		u = money_unit_in(hl, hn);

						if (u != UNIT_NONE)
							hint = u;
					}
				}
			}
			for (int q = 0; q < s->k; q++)
				store(x, t, slot_code(t, s, q), v[q], hint);
		}
		else if (s->k == 1)
		{
			int			q0 = -1;

			for (int q = 0; q < nv; q++)
				if (v[q] >= 0 && x->d->cells[v[q]].cls != CELL_EMPTY)
				{
					q0 = q;
					break;
				}
			if (q0 >= 0)
				store(x, t, slot_code(t, s, 0), v[q0], x->rows[ri].unit);
			if (x->nolog)
				continue;
			row_values_raw(x, &x->rows[ri], raw, sizeof(raw));
			addlog(x, SEV_WARNING, t->rows[s->row].section, lab, -1, raw, -1,
				   "row has %d values where %s has one: stored the first, the others are not stored",
				   nv, t->rows[s->row].code);
		}
		else if (!x->nolog)
		{
			row_values_raw(x, &x->rows[ri], raw, sizeof(raw));
			addlog(x, SEV_ERROR, t->rows[s->row].section, lab, -1, raw, -1,
				   s->kind == SLOT_T4 ?
				   "table 四 has %d values where 15 are expected: not stored" :
				   "row has %d values where %d are expected: not stored", nv, s->k);
		}
	}
	/* printed subtotal rows, after their parts */
	for (int j = 0; j < ts->n; j++)
	{
		bool		any = false;
		char		lab[400];

		if (ts->s[j].kind != SLOT_GROUP || al->slot_row[j] < 0)
			continue;
		for (int c = 0; c < ts->s[j].k; c++)
			if (gvs[j].present[c] && gvs[j].ci[c] >= 0 &&
				x->d->cells[gvs[j].ci[c]].cls != CELL_EMPTY)
				any = true;
		if (!any)
			continue;
		lab[0] = '\0';
		if (!x->nolog)
			row_label_raw(x, &x->rows[al->slot_row[j]], lab, sizeof(lab));
		check_group(x, t, &ts->s[j], &gvs[j], lab);
	}
	if (nsub_ok > 0)
		addlog(x, SEV_INFO, "三", "法人或其他组织小计", -1, "", 0,
			   "the 法人或其他组织小计 column matches its five columns in %d rows: not stored (it is derived)",
			   nsub_ok);
}

/* Whether s holds an ASCII or a full-width digit. */
static bool
has_digit(const char *s, int len)
{
	const unsigned char *u = (const unsigned char *) s;

	for (int i = 0; i < len; i++)
		if ((u[i] >= '0' && u[i] <= '9') ||
			(u[i] == 0xEF && i + 2 < len && u[i + 1] == 0xBC && u[i + 2] >= 0x90 && u[i + 2] <= 0x99))
			return true;
	return false;
}

/* Rows inside the table that were not mapped; prose lines in it; cells never found. */
static void
log_unmapped(Ctx *x, const GiTemplate *t, const Align *al, int w0, int w1, int *ext0, int *ext1)
{
	int			a = -1,
				b = -1;
	const char *known = template_label_text(t);
	char		lab[400],
				raw[400];

	for (int i = w0; i < w1; i++)
		if (x->rows[i].consumed && x->rows[i].nfill > 0)
		{
			if (a < 0)
				a = i;
			b = i;
		}
	*ext0 = a;
	*ext1 = b;
	if (a < 0)
		return;
	/* extend over neighbouring rows with values (local rows at the table's ends) */
	for (int k = b + 1; k < w1 && k <= b + 6 && x->rows[k].line - x->rows[k - 1].lastline <= 4; k++)
		if (x->rows[k].nfill > 0)
			b = k;
	for (int k = a - 1; k >= w0 && x->rows[k].nfill > 0 && x->rows[k + 1].line - x->rows[k].lastline <= 4; k--)
		a = k;
	*ext0 = a;
	*ext1 = b;
	for (int i = a; i <= b; i++)
	{
		PRow	   *r = &x->rows[i];

		if (r->consumed)
			continue;
		row_label_raw(x, r, lab, sizeof(lab));
		if (r->nfill > 0)
		{
			row_values_raw(x, r, raw, sizeof(raw));
			addlog(x, SEV_WARNING, "", lab, -1, raw, -1,
				   r->nlab > 0 ?
				   "row not mapped to any cell of %s: its values are not stored" :
				   "values without a label, not mapped to any cell of %s: not stored", t->name);
		}
		else if (r->nlab > 0 && r->ncp > 0 && r->norm != NULL)
		{
			char		probe[LABEL_MAX_CP * 4 + 4];

			snprintf(probe, sizeof(probe), "%s", r->norm);
			if (known != NULL && strstr(known, probe) != NULL)
				continue;		/* header text: a column name, a fragment of a label */
			addlog(x, SEV_INFO, "", lab, -1, "", 0, "text in the table not mapped to any row of %s", t->name);
		}
	}
	/*
	 * Lines inside the table read as sentences: said when they hold figures
	 * and do not end as a sentence does (。), as a row taken for one would.
	 */
	for (int li = x->rows[a].line; li <= x->rows[b].lastline && li < x->d->nlines; li++)
	{
		const Line *l = &x->d->lines[li];
		const char *lt = x->d->text + l->off;
		int			n = l->len;

		while (n > 0 && (lt[n - 1] == ' ' || lt[n - 1] == '\t'))
			n--;
		if ((l->flags & LF_PROSE) && has_digit(lt, n) &&
			!(n >= 3 && memcmp(lt + n - 3, "。", 3) == 0))
			addlog(x, SEV_WARNING, "", "", 0, x->d->text + l->off, l->len,
				   "a line inside the table was read as a sentence: its figures are not stored");
	}
	/* cells whose row was never found */
	{
		char		list[600];
		int			o = 0,
					cnt = 0,
					named = 0;

		list[0] = '\0';
		for (int j = 0; j < al->ts->n; j++)
		{
			const Slot *s = &al->ts->s[j];

			if (al->slot_row[j] >= 0 || s->kind == SLOT_HEAD || s->kind == SLOT_GROUP)
				continue;
			for (int q = 0; q < s->k; q++)
			{
				int			code = slot_code(t, s, q),
							pos = t->codes[code].pos;

				if (pos < 0 || !x->res->nulls[pos])
					continue;
				cnt++;
				if (s->kind == SLOT_APPL && t->codes[code].column >= 0 &&
					strcmp(t->columns[t->codes[code].column].name, "total") != 0)
					continue;	/* one name per row of table 三 */
				if (++named <= 6)
					o += snprintf(list + o, sizeof(list) - (size_t) o, "%s%s", o ? ", " : "", t->codes[code].code);
			}
		}
		if (named > 6 && o < (int) sizeof(list) - 8)
			snprintf(list + o, sizeof(list) - (size_t) o, ", …");
		utf8_clip(list);
		if (cnt > 0)
			addlog(x, SEV_INFO, "", "", 0, list, -1,
				   "%d cell%s of %s not found in the text: left NULL", cnt, cnt == 1 ? "" : "s", t->name);
	}
}

GiParseResult *
gi_parse_ex(const char *content, size_t len, const GiParseOptions *opt)
{
	GiParseResult *res = calloc(1, sizeof(GiParseResult));
	Doc		   *d;
	Ctx			x;
	const GiTemplate *forced = NULL,
			   *t;
	bool		escaped,
				input_truncated = false;
	int			w0,
				w1,
				ext0,
				ext1,
				ntext = 0;
	Align		al;

	if (res == NULL)
		return NULL;
	d = calloc(1, sizeof(Doc));
	if (d == NULL)
	{
		free(res);
		return NULL;
	}
	res->doc = d;
	d->arena.limit = GI_PARSE_MEM_LIMIT;
	for (int i = 0; i < GI_MAX_CELLS; i++)
		res->nulls[i] = true;
	memset(&x, 0, sizeof(x));
	x.d = d;
	x.a = &d->arena;
	x.res = res;
	x.nolog = opt != NULL && opt->values_only;
	if (content == NULL)
	{
		content = "";
		len = 0;
	}
	if (len > GI_PARSE_MAX_INPUT)
	{
		len = GI_PARSE_MAX_INPUT;
		input_truncated = true;
	}
	if (opt != NULL && opt->template_name != NULL)
	{
		forced = gi_template_by_name(opt->template_name);
		if (forced == NULL)
		{
			res->status = GI_PARSE_BAD_TEMPLATE;
			addlog(&x, SEV_ERROR, "", "", 0, opt->template_name, -1, "unknown template");
			return res;
		}
	}
	if (template_slots(gi_templates[0]) == NULL ||
		(x.seen = arena_alloc(&d->arena, sizeof(uint64_t) * (size_t) (fdict_words + 1))) == NULL)
	{
		res->status = GI_PARSE_NO_MEMORY;
		return res;
	}
	memset(x.seen, 0, sizeof(uint64_t) * (size_t) (fdict_words + 1));
	build_known_labels();
	if (input_truncated)
		addlog(&x, SEV_WARNING, "", "", 0, "", 0,
			   "input longer than %d bytes: only the first %d were read", GI_PARSE_MAX_INPUT, GI_PARSE_MAX_INPUT);

	/* 1. decode */
	if (looks_html(content, len, &escaped))
	{
		d->html = true;
		if (escaped)
		{
			size_t		ulen = 0;
			char	   *u = unescape_entities(&d->arena, content, len, &ulen);

			if (u != NULL)
				decode_html(d, u, ulen);
			addlog(&x, SEV_INFO, "", "", 0, "", 0, "HTML escaped as text: unescaped and read as HTML");
		}
		else
			decode_html(d, content, len);
	}
	else
		decode_text(d, (const unsigned char *) content, len);
	for (int li = 0; li < d->nlines && !d->arena.failed; li++)
		if (!(d->lines[li].flags & LF_SPLIT))
			split_line(d, li);
	if (d->truncated)
		addlog(&x, SEV_WARNING, "", "", 0, "", 0,
			   "too many lines or cells: the text was read up to line %d", d->nlines);

	/* 2. cells (a sentence is text: it is never folded) */
	for (int li = 0; li < d->nlines; li++)
	{
		Line	   *l = &d->lines[li];

		for (int k = 0; k < l->nc; k++)
		{
			Cell	   *c = &d->cells[l->c0 + k];

			if ((l->flags & LF_PROSE) || c->len > 120)
				c->cls = CELL_TEXT;
			else
			{
				classify_cell(d, c);
				ntext += c->cls == CELL_TEXT;
			}
		}
	}
	for (int li = 0; li < d->nlines; li++)
	{
		Line	   *l = &d->lines[li];
		int			nonempty = 0,
					last = -1;

		if (!(l->flags & LF_HTMLROW))
			continue;
		for (int k = 0; k < l->nc; k++)
			if (d->cells[l->c0 + k].cls != CELL_EMPTY)
			{
				nonempty++;
				last = l->c0 + k;
			}
		if (nonempty == 1 && d->cells[last].cls == CELL_TEXT &&
			is_prose(d->text + d->cells[last].off, d->cells[last].len, true))
			l->flags |= LF_PROSE;
	}

	/* 3. printed rows (about one a label: room for them at once, within reason) */
	if (!GROW(&d->arena, x.rows, x.rowcap, (ntext < 1024 ? ntext : 1024) + 16))
		goto nomem;
	build_rows(&x);
	if (d->arena.failed)
		goto nomem;

	/* 4. where the table is, and which template */
	choose_window(&x, &w0, &w1);
	for (int i = w0; i < w1; i++)
		if (!norm_row(&x, &x.rows[i]))
			goto nomem;
	if (w1 > w0)
	{
		t = choose_template(&x, opt, forced, w0, w1, &al);
		if (t == NULL)
			goto nomem;
	}
	else
		t = NULL;
	if (t == NULL || al.nvalslots < 3)
	{
		res->status = GI_PARSE_NO_TABLE;
		addlog(&x, SEV_ERROR, "", "", 0, "", 0,
			   forced ? "no statistical table of template %s found in the text (%d line%s read)"
			   : "no statistical table found in the text%s (%d line%s read)",
			   forced ? forced->name : "", d->nlines, d->nlines == 1 ? "" : "s");
		return res;
	}
	res->template = t;
	res->ncells = t->ncells;

	/* 5. the agency and the year, before the table's first mapped row */
	{
		int			first = -1;

		for (int j = 0; j < al.ts->n; j++)
			if (al.slot_row[j] >= 0 && (first < 0 || al.slot_row[j] < first))
				first = al.slot_row[j];
		find_agency_year(&x, first >= 0 ? x.rows[first].line : -1);
	}

	/* 6. values */
	map_values(&x, t, &al, w0);
	if (x.nolog)
		ext0 = ext1 = -1;		/* neither the log nor the table's extent is wanted */
	else
		log_unmapped(&x, t, &al, w0, w1, &ext0, &ext1);
	if (d->arena.failed)
		goto nomem;
	if (x.nread < 3)
	{
		/* rows matched, but (almost) nothing could be read from them */
		res->status = GI_PARSE_NO_TABLE;
		res->template = NULL;
		res->ncells = 0;
		res->nmapped = 0;
		for (int i = 0; i < GI_MAX_CELLS; i++)
			res->nulls[i] = true;
		addlog(&x, SEV_ERROR, "", "", 0, "", 0,
			   forced ? "no statistical table of template %s found in the text: %d value%s could be read from the rows that matched"
			   : "no statistical table found in the text: %s%d value%s could be read from the rows that matched",
			   forced ? forced->name : "", x.nread, x.nread == 1 ? "" : "s");
		return res;
	}
	if (ext0 >= 0)
		for (int li = x.rows[ext0].line; li <= x.rows[ext1].lastline && li < d->nlines; li++)
			d->lines[li].flags |= LF_TABLE;
	res->status = GI_PARSE_OK;
	return res;

nomem:
	res->status = GI_PARSE_NO_MEMORY;
	res->template = NULL;
	return res;
}

GiParseResult *
gi_parse(const char *content, size_t len, const char *template_hint)
{
	GiParseOptions opt;

	memset(&opt, 0, sizeof(opt));
	opt.template_name = template_hint;
	return gi_parse_ex(content, len, &opt);
}

void
gi_parse_free(GiParseResult *res)
{
	if (res == NULL)
		return;
	if (res->doc != NULL)
	{
		arena_free(&res->doc->arena);
		free(res->doc);
	}
	free(res);
}

const char *
gi_parse_status_message(GiParseStatus status)
{
	switch (status)
	{
		case GI_PARSE_OK:
			return "ok";
		case GI_PARSE_NO_TABLE:
			return "no statistical table found";
		case GI_PARSE_BAD_TEMPLATE:
			return "unknown template";
		case GI_PARSE_NO_MEMORY:
			return "out of memory";
	}
	return "unknown status";
}

int
gi_parse_nlines(const GiParseResult *res)
{
	return res && res->doc ? res->doc->nlines : 0;
}

bool
gi_parse_line(const GiParseResult *res, int i, const char **text, int *len, bool *in_table)
{
	const Doc  *d;

	if (res == NULL || res->doc == NULL || i < 0 || i >= res->doc->nlines)
		return false;
	d = res->doc;
	*text = d->text + d->lines[i].off;
	*len = d->lines[i].len;
	*in_table = (d->lines[i].flags & LF_TABLE) != 0;
	return true;
}
