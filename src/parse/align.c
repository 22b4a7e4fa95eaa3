/*
 * align.c
 *	  The alignment of printed rows with a template's rows (its memory of
 *	  rows met before: align_memo.c).
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
 * The alignment's working state: the table S as rows (Srow), the matches
 * as events chained by the row where they end, the slots each printed row
 * resembles, and scratch for a row's candidates.
 */
typedef struct AlignWork
{
	Ctx		   *x;
	const TSlots *ts;
	int			w0,
				np,				/* printed rows */
				m,				/* slots */
				W,				/* m + 1: a row of S */
				tsi,
				t4,				/* table 四's slot, or -1 */
				nS;				/* rows of S made */
	int32_t    *S,
			  **Srow;
	int		   *cnt,
			   *touched,
			   *inset;
	const Near **rnear;			/* rnear[i][0 .. rn[i]): the slots row i resembles */
	int		   *rn,
			   *rk;				/* the rows' parts of the row memo's keys */
	uint32_t   *rh;
	int		   *ehead;			/* the first event ending in each row, or -1 */
	Near	   *got;
	Event	   *ev;
	int			nev,
				evcap;
	int			jids[2 * LABEL_MAX_CP + 8];
} AlignWork;

/* The working state for rows w0 .. w1 - 1 and al's slot arrays; false when out of memory */
static bool
align_start(AlignWork *w, Ctx *x, const TSlots *ts, int w0, int w1, Align *al)
{
	int			np = w1 - w0,
				m = ts->n;

	w->x = x;
	w->ts = ts;
	w->w0 = w0;
	w->np = np;
	w->m = m;
	w->W = m + 1;
	w->tsi = (int) (ts - tslots);
	w->t4 = -1;
	w->nS = 1;
	w->ev = NULL;
	w->nev = 0;
	w->evcap = 0;
	w->S = arena_alloc(x->a, (size_t) (np + 1) * (size_t) w->W * sizeof(int32_t));
	w->Srow = arena_alloc(x->a, sizeof(int32_t *) * (size_t) (np + 1));
	w->cnt = arena_alloc(x->a, sizeof(int) * (size_t) (m + 1));
	w->touched = arena_alloc(x->a, sizeof(int) * (size_t) (m + 1));
	w->inset = arena_alloc(x->a, sizeof(int) * (size_t) (m + 1));
	w->rnear = arena_alloc(x->a, sizeof(Near *) * (size_t) (np + 1));
	w->rn = arena_alloc(x->a, sizeof(int) * (size_t) (np + 1));
	w->rk = arena_alloc(x->a, sizeof(int) * (size_t) (3 * np + 9));
	w->rh = arena_alloc(x->a, sizeof(uint32_t) * (size_t) (np + 3));
	w->ehead = arena_alloc(x->a, sizeof(int) * (size_t) (np + 4));
	w->got = arena_alloc(x->a, sizeof(Near) * (size_t) (m + 1));
	al->ts = ts;
	al->slot_row = arena_alloc(x->a, sizeof(int) * (size_t) (m + 1));
	al->slot_w = arena_alloc(x->a, sizeof(int) * (size_t) (m + 1));
	if (w->S == NULL || w->Srow == NULL || w->cnt == NULL || w->touched == NULL ||
		w->inset == NULL || w->rnear == NULL || w->rn == NULL || w->rk == NULL ||
		w->rh == NULL || w->ehead == NULL || w->got == NULL ||
		al->slot_row == NULL || al->slot_w == NULL)
		return false;
	memset(w->cnt, 0, sizeof(int) * (size_t) (m + 1));
	memset(w->inset, 0, sizeof(int) * (size_t) (m + 1));
	for (int i = 0; i < np + 4; i++)
		w->ehead[i] = -1;
	for (int j = 0; j < m; j++)
		if (ts->s[j].kind == SLOT_T4)
			w->t4 = j;
	return true;
}

/*
 * The slots each printed row resembles: rnear[i][0 .. rn[i]).  A known
 * label's were found once, by row_near, and are read where they are; the
 * others' are found now (into got, then kept).  And each row's part of the
 * keys of the row memo (zeros past the window).
 */
static bool
align_near(AlignWork *w)
{
	Ctx		   *x = w->x;
	const Near *knear = known_near[w->tsi];	/* the known labels' near slots */
	const int  *kstart = known_near_start[w->tsi];
	int			np = w->np,
				n;

	memset(w->rk + 3 * np, 0, sizeof(int) * 9);
	memset(w->rh + np, 0, sizeof(uint32_t) * 3);
	for (int i = 0; i < np; i++)
	{
		PRow	   *r = &x->rows[w->w0 + i];
		Near	   *near;

		row_memo_part(r, i > 0 ? r - 1 : NULL, w->rk + 3 * i, w->rh + i);
		if (r->known1 > 0 && kstart != NULL)
		{
			w->rnear[i] = knear + kstart[r->known1 - 1];
			w->rn[i] = kstart[r->known1] - kstart[r->known1 - 1];
			continue;
		}
		if ((n = row_near(x, w->ts, r, w->cnt, w->touched, w->got)) < 0 ||
			(near = arena_alloc(x->a, sizeof(Near) * (size_t) (n > 0 ? n : 1))) == NULL)
			return false;
		memcpy(near, w->got, sizeof(Near) * (size_t) n);
		w->rnear[i] = near;
		w->rn[i] = n;
	}
	return true;
}

/* Row i alone against the slots it resembles, and against table 四 */
static inline bool
align_single(AlignWork *w, int i, const int32_t *Si)
{
	Ctx		   *x = w->x;
	const PRow *r = &x->rows[w->w0 + i];
	const TSlots *ts = w->ts;
	const Near *near = w->rnear[i];
	int		   *ehead = w->ehead;
	int			nn = w->rn[i],
				t4 = w->t4;
	Cand		c1;

	c1.numbering = r->numbering;
	c1.has_label = r->nlab > 0 && r->ncp > 0;
	c1.nv = r->nv;
	c1.nfill = r->nfill;
	c1.xdig = r->xdig;
	for (int q = 0; q < nn; q++)
	{
		int			j = near[q].slot,
					sc;

		if (near[q].sim < MATCH_MIN || j == t4)
			continue;
		sc = match_score(&ts->s[j], &c1, near[q].sim);
		if (sc != NEG && !add_event(x, &w->ev, &w->nev, &w->evcap, ehead, i + 1, j + 1, 1, Si[j] + sc))
			return false;
	}
	if (t4 >= 0)
	{
		int			sc = match_score(&ts->s[t4], &c1, 0);

		if (sc != NEG && !add_event(x, &w->ev, &w->nev, &w->evcap, ehead, i + 1, t4 + 1, 1, Si[t4] + sc))
			return false;
	}
	return true;
}

/*
 * Rows i .. i + nw - 1 joined (jr already taken up to them; ja holds the
 * join of the rows before the last when it was made) against the slots any
 * part resembles; the matches remembered when each row is a known label.
 * The seen bits of w->jids are the caller's to clear.
 */
static inline bool
align_join(AlignWork *w, int i, int nw, const JoinRows *jr, JoinAcc *ja, const int32_t *Si)
{
	Ctx		   *x = w->x;
	const TSlots *ts = w->ts;
	const Near *const *rnear = w->rnear;
	const int  *rn = w->rn;
	int		   *inset = w->inset,
			   *touched = w->touched,
			   *jids = w->jids;
	Near	   *got = w->got;
	int		   *ehead = w->ehead;
	int			ns = 0,
				ngot = 0,
				nid,
				nfeat,
				key[4];
	bool		memo;
	const JoinMemo *jm;

	/* (every row of the window has its features: row_near, or a known label's) */
	/* a join of known labels met before: its matches are remembered */
	memo = join_memo_key(x, w->tsi, w->w0 + i, nw, key);
	if (memo && (jm = join_memo_find(key)) != NULL)
	{
		for (int q = 0; q < jm->n; q++)
		{
			int			j = join_pool[jm->off + q].slot,
						sc = match_score(&ts->s[j], &jr->c, join_pool[jm->off + q].sim);

			if (sc != NEG && !add_event(x, &w->ev, &w->nev, &w->evcap, ehead, i + nw, j + 1, nw, Si[j] + sc))
				return false;
		}
		return true;
	}
	/* the join of three rows is that of two and one row more */
	if (ja->nrows != nw - 1)
	{
		clear_seen(x->seen, jids, ja->nid);
		join_start(ja);
		for (int k = 0; k < nw - 1; k++)
			join_add(x, ja, &x->rows[w->w0 + i + k], jids);
	}
	join_add(x, ja, &x->rows[w->w0 + i + nw - 1], jids);	/* (jids' bits set in x->seen) */
	nid = ja->nid;
	nfeat = join_nfeat(ja);
	for (int k = 0; k < nw; k++)
		for (int q = 0; q < rn[i + k]; q++)
			if (!inset[rnear[i + k][q].slot])
			{
				inset[rnear[i + k][q].slot] = 1;
				touched[ns++] = rnear[i + k][q].slot;
			}
	for (int k = 0; k < ns; k++)
	{
		int			j = touched[k],
					sim,
					sc;

		inset[j] = 0;
		if (ts->s[j].kind == SLOT_T4)
			continue;
		sim = slot_sim(ts, jids, nid, x->seen, nfeat, j);
		if (sim < MATCH_MIN)
			continue;
		got[ngot].slot = j;
		got[ngot].sim = sim;
		ngot++;
		sc = match_score(&ts->s[j], &jr->c, sim);
		if (sc != NEG && !add_event(x, &w->ev, &w->nev, &w->evcap, ehead, i + nw, j + 1, nw, Si[j] + sc))
			return false;
	}
	if (memo)
		join_memo_add(key, got, ngot);
	return true;
}

/*
 * The matches of the rows from row i on (it alone, or joined with the next
 * one or two: a label printed over lines) as events; a row met before with
 * the same neighbours takes its remembered matches.
 */
static inline bool
align_row(AlignWork *w, int i)
{
	Ctx		   *x = w->x;
	const int32_t *Si = w->Srow[i];
	JoinRows	jr = {0, 0, 0, {NUM_NONE, false, 0, 0, 0}};
	JoinAcc		ja;
	int			np = w->np,
				nk = np - i < 3 ? np - i : 3,
				head = w->tsi * 4 + nk,
				nev0 = w->nev;
	const int  *rk = w->rk,
			   *rn = w->rn;
	int		   *ehead = w->ehead;
	bool		rmemo = w->m < INT16_MAX && rk[3 * i] > 0 &&
		(nk < 2 || rk[3 * i + 3] > 0) && (nk < 3 || rk[3 * i + 6] > 0);
	const RowMemo *rm;

	/* a row met before with the same neighbours: its matches are remembered */
	if (rmemo && (rm = row_memo_find(head, rk + 3 * i, w->rh + i)) != NULL)
	{
		for (int q = 0; q < rm->n; q++)
		{
			const RowMatch *mt = &row_pool[rm->off + q];

			if (!add_event(x, &w->ev, &w->nev, &w->evcap, ehead, i + mt->w, mt->col, mt->w, Si[mt->col - 1] + mt->sc))
				return false;
		}
		return true;
	}
	join_start(&ja);
	if (!align_single(w, i, Si))
		return false;
	/*
	 * Joined with the next one or two: only when a part resembles some slot,
	 * and only against the slots a part resembles.
	 */
	for (int nw = 2; nw <= 3 && i + nw <= np; nw++)
	{
		if (rn[i] + rn[i + 1] + (nw == 3 ? rn[i + 2] : 0) == 0)
			continue;			/* no part resembles any slot */
		if (!join_rows(x, &jr, w->w0 + i, nw, w->w0 + np))
			break;				/* (nor can the three rows be joined, then) */
		if (!align_join(w, i, nw, &jr, &ja, Si))
		{
			clear_seen(x->seen, w->jids, ja.nid);
			return false;
		}
	}
	clear_seen(x->seen, w->jids, ja.nid);
	if (rmemo)
		row_memo_add(head, rk + 3 * i, w->rh + i, w->ev, nev0, w->nev - nev0, Si);
	return true;
}

/*
 * Row i + 1 of S: row i raised by the matches that end in it, then made
 * non-decreasing again from the first of them on.  Row i was, so past the
 * last match the pass stops where the row is high enough.
 */
static inline void
align_raise(AlignWork *w, int i)
{
	const Event *ev = w->ev;
	int32_t    *Si = w->Srow[i],
			   *Sn;
	int			W = w->W,
				m = w->m,
				lo = W,
				hi = 0,
				a;
	int32_t		run;

	if (w->ehead[i + 1] < 0)
	{
		w->Srow[i + 1] = Si;	/* the same row: kept once */
		return;
	}
	Sn = w->Srow[i + 1] = w->S + (size_t) w->nS++ * W;
	for (int e = w->ehead[i + 1]; e >= 0; e = ev[e].next)
	{
		int			c = ev[e].col;

		lo = c < lo ? c : lo;
		hi = c > hi ? c : hi;
	}
	memcpy(Sn, Si, sizeof(int32_t) * (size_t) (hi + 1));
	for (int e = w->ehead[i + 1]; e >= 0; e = ev[e].next)
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
	 * Past hi the row is row i's, non-decreasing: raised to run up to the
	 * first cell already as high (found by halving; none, most often, when
	 * the last is lower), the rest copied.
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

/*
 * The trace back: from the last cell of S to the first, at each cell the
 * first of these that reaches its score: a match of three joined rows, of
 * two, skipping the printed row, a match of one row, skipping the slot.
 */
static void
align_trace(const AlignWork *w, Align *al)
{
	const Event *ev = w->ev;
	int32_t   **Srow = w->Srow;
	const int  *ehead = w->ehead;
	int			i = w->np,
				j = w->m;

	al->score = Srow[w->np][w->m];
	al->nvalslots = 0;
	for (int s = 0; s < w->m; s++)
	{
		al->slot_row[s] = -1;
		al->slot_w[s] = 0;
	}
	while (i > 0 || j > 0)
	{
		int32_t		v;
		const Event *ew[4] = {NULL, NULL, NULL, NULL};	/* the match of w rows ending here */
		int			nw = 0;

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
			for (int k = 3; k >= 2 && nw == 0; k--)
				if (i >= k && ew[k] != NULL && ew[k]->val == v)
					nw = k;
		}
		if (nw == 0 && i > 0 && Srow[i - 1][j] == v)
		{
			i--;				/* skip the printed row */
			continue;
		}
		if (nw == 0 && i > 0 && j > 0 && ew[1] != NULL && ew[1]->val == v)
			nw = 1;
		if (nw == 0)
		{
			if (j > 0 && Srow[i][j - 1] == v)
			{
				j--;			/* skip the slot */
				continue;
			}
			break;				/* cannot happen: every cell is reached by one of these */
		}
		i -= nw;
		j--;
		al->slot_row[j] = w->w0 + i;
		al->slot_w[j] = nw;
		for (int k = 0; k < nw; k++)
			if (w->x->rows[w->w0 + i + k].nfill > 0)
			{
				al->nvalslots++;
				break;
			}
	}
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
 * trace back (align_trace) takes, at each cell, the first of these that
 * reaches the cell's score: a match of three joined rows, of two, skipping
 * the printed row, a match of one row, skipping the slot.  That is the
 * order in which a cell-by-cell filling of S writes a cell, keeping a
 * later value only when it is higher: ties are broken as they always were.
 */
bool
align(Ctx *x, const TSlots *ts, int w0, int w1, Align *al)
{
	AlignWork	w;

	if (!align_start(&w, x, ts, w0, w1, al) || !align_near(&w))
		return false;
	/* the fill: a row of S at a time */
	memset(w.S, 0, sizeof(int32_t) * (size_t) w.W);
	w.Srow[0] = w.S;
	for (int i = 0; i < w.np; i++)
	{
		if (!align_row(&w, i))
			return false;
		align_raise(&w, i);
	}
	align_trace(&w, al);
	return true;
}
