/*
 * align_memo.c
 *	  The alignment's memory, per process: the matches of joins of known
 *	  labels and of rows met before with the same neighbours.
 */
#include "parse_int.h"

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

static JoinMemo join_memo[JOIN_MEMO_SIZE];
Near		join_pool[JOIN_MEMO_POOL];
static int	join_npool = -1;	/* -1: the table is not cleared yet */

/* The key of the join of rows r0 .. r0 + w - 1 for template tsi: false unless every row is a known label */
bool
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
const JoinMemo *
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
void
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

static RowMemo row_memo[ROW_MEMO_SIZE];
RowMatch	row_pool[ROW_MEMO_POOL];
static int	row_npool = -1;		/* -1: the table is not cleared yet */

/*
 * A printed row's part of the keys, rk[0 .. 3): its known entry (0 when it
 * is not a known label, or has 32768 values or more: then no key), its
 * numbering with (above bit 16) its values counted a digit each for its
 * plain-digit ones, and its counts of values and values filled with, in the
 * lowest bit, whether it is more than two lines below the row before it;
 * *rh: a hash of all but that bit.
 */
void
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
const RowMemo *
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
void
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
