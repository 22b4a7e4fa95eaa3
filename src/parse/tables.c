/*
 * tables.c
 *	  The tables built once per process: the templates as printed rows
 *	  ("slots"), the dictionary of their features, the known labels and the
 *	  slots each known label resembles.
 */
#include "parse_int.h"

KnownLabel *known;

static int	nknown;

int	known_mask;			/* known_slot has known_mask + 1 entries */

int16_t *known_slot;		/* open addressing by hash: index in known[], -1 = empty */

int16_t *known_norm_slot;	/* the same by the hash of the normalised label (known_by_norm) */

static void build_known_near(void);

TSlots tslots[MAX_TEMPLATES];

static int	ntslots = -1;		/* -1: not built yet */

/*
 * The dictionary of features: every feature of every template's slots,
 * numbered 0 .. nfdict - 1 (open addressing; key 0 = empty).  A label's
 * similarity with a slot only counts the features they share, so a
 * label's features outside the dictionary need no number.
 */
static int	nfdict;

int	fdict_words;		/* 64-bit words of a bitset over the dictionary */

int	fdict_mask;

uint64_t *fdict_key;

int *fdict_id;

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

const TSlots *
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
void
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

/* row_near of the known labels, per template (build_known_near) */
Near *known_near[MAX_TEMPLATES];

int *known_near_start[MAX_TEMPLATES];

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
