/*
 * align.c
 *	  The alignment of printed rows with a template's rows, and its memory
 *	  of the matches of rows met before (per process).
 */
#include "parse_int.h"

#define NEG			(INT_MIN / 4)

#define OP_NONE		0

#define OP_SKIPP	1

#define OP_SKIPS	2

#define OP_MATCH	3			/* + w - 1: 3, 4, 5 for 1, 2, 3 joined rows */

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
bool
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
