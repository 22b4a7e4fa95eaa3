/*
 * similarity.c
 *	  The similarity of a printed row's label with a template's rows: the
 *	  features they share, for one row or two or three joined.
 */
#include "parse_int.h"

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
bool
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

void
join_start(JoinAcc *ja)
{
	ja->nx = ja->na = ja->cur = ja->nid = ja->nrows = 0;
	ja->prev = NULL;
}

void
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
int
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
int
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

/*
 * The slots printed row r resembles, into out (room for ts->n): a label
 * printed exactly as a slot's (normalised) is that slot, or another with the
 * same label, with no need to weigh it against the rest; any other label,
 * the slots with similarity >= JOIN_HINT (slot_sims_near).  Returns how
 * many, or -1 when out of memory.
 */
int
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
