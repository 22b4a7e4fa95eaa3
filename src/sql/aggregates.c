/*
 * aggregates.c
 *	  Cell-by-cell arithmetic over reports of one template: the aggregates
 *	  govinfo.report_sum(), report_min() and report_max() (with combine,
 *	  serialise and deserialise functions for parallel plans) and the
 *	  operator report + report.
 *
 * A result cell is NULL only when every input cell is NULL.  The result's
 * agency (year) is the one agency (year) that the non-NULL inputs share, or
 * NULL when they differ or are all NULL.
 *
 * The transition function is the hot path (a million rows, 200 cells each):
 * it reads the composite's four fields and walks the bigint[] payload in
 * place, with no per-cell Datum, no copy of the cells and no allocation
 * unless an input is compressed.  The full validation of report.c runs only
 * when a cheap check fails, so that the error message is the usual one.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "common/int.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/typcache.h"

#include "compare.h"
#include "report.h"

/* Year range accepted by gi_report_validate() (report.c). */
#define AGG_YEAR_MIN 1990
#define AGG_YEAR_MAX 2100

typedef enum GiAggOp
{
	GI_AGG_SUM,
	GI_AGG_MIN,
	GI_AGG_MAX
} GiAggOp;

static const char *const agg_names[] = {
	"govinfo.report_sum()", "govinfo.report_min()", "govinfo.report_max()"
};

/*
 * The transition state, allocated once per group in the aggregate context.
 * vals[i] is the running sum (min, max) of cell i over the inputs where it
 * is non-NULL; seen[i] says whether there was one.
 */
typedef struct GiAggState
{
	const GiTemplate *t;		/* template of every input so far */
	int32		tindex;			/* its index in gi_templates[] */
	int32		op;				/* GiAggOp */
	int32		tname_len;		/* strlen(t->name) */
	bool		all_seen;		/* every seen[i] is true */
	bool		agency_seen;	/* agency holds the first non-NULL agency */
	bool		agency_mixed;	/* two different agencies were seen */
	bool		year_seen;
	bool		year_mixed;
	int32		year;
	int32		agency_len;		/* bytes of agency text */
	char	   *agency;			/* copy in the aggregate context */
	bool		seen[GI_MAX_CELLS];
	int64		vals[GI_MAX_CELLS];
} GiAggState;

/* The four fields of an input report, pointing into the input. */
typedef struct GiAggInput
{
	const char *tname;			/* template name, not NUL-terminated */
	int			tlen;
	const char *agency;			/* NULL when the agency is NULL */
	int			agency_len;
	bool		year_null;
	int32		year;
	ArrayType  *cells;			/* NULL when the array is NULL */
	Pointer		cells_raw;		/* the field as stored: cells unless detoasted */
} GiAggInput;

/* The input row type's descriptor, cached in fn_extra. */
typedef struct GiAggTypeCache
{
	Oid			typid;
	int32		typmod;
	TupleDesc	tupdesc;		/* copy in fn_mcxt */
} GiAggTypeCache;

/* Serialised state header; followed by seen[n], vals[n] and the agency. */
typedef struct GiAggSerial
{
	int32		tindex;
	int32		op;
	int32		year;
	int32		agency_len;
	uint8		flags;
} GiAggSerial;

#define SER_ALL_SEEN		0x01
#define SER_AGENCY_SEEN		0x02
#define SER_AGENCY_MIXED	0x04
#define SER_YEAR_SEEN		0x08
#define SER_YEAR_MIXED		0x10

/*
 * A text field's bytes and length (NULL, 0 when the field is NULL), detoasted
 * if it is compressed or external (not if merely short).
 */
static inline void
field_text(bool isnull, Datum d, const char **data, int *len)
{
	struct varlena *v;

	if (isnull)
	{
		*data = NULL;
		*len = 0;
		return;
	}
	v = pg_detoast_datum_packed((struct varlena *) DatumGetPointer(d));
	*data = VARDATA_ANY(v);
	*len = VARSIZE_ANY_EXHDR(v);
}

/*
 * Read the four fields of a report into in, pointing into the tuple (or a
 * detoasted copy).  The row type's shape is checked once per type.
 */
static void
read_input(FunctionCallInfo fcinfo, HeapTupleHeader th, GiAggInput *in)
{
	GiAggTypeCache *cache = (GiAggTypeCache *) fcinfo->flinfo->fn_extra;
	Oid			typid = HeapTupleHeaderGetTypeId(th);
	int32		typmod = HeapTupleHeaderGetTypMod(th);
	HeapTupleData tuple;
	Datum		values[4];
	bool		isnull[4];

	if (cache == NULL || cache->typid != typid || cache->typmod != typmod)
	{
		TupleDesc	td = lookup_rowtype_tupdesc(typid, typmod);
		bool		ok = (td->natts == 4 &&
						  TupleDescAttr(td, 0)->atttypid == TEXTOID &&
						  TupleDescAttr(td, 1)->atttypid == INT4OID &&
						  TupleDescAttr(td, 2)->atttypid == TEXTOID &&
						  TupleDescAttr(td, 3)->atttypid == INT8ARRAYOID);
		MemoryContext old;

		ReleaseTupleDesc(td);
		if (!ok)
		{
			GiReport	r;

			gi_report_deform(th, &r);	/* raises the shape error */
			elog(ERROR, "unexpected disclosure report row type");
		}
		old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		if (cache == NULL)
			cache = palloc0(sizeof(GiAggTypeCache));
		else
			FreeTupleDesc(cache->tupdesc);
		cache->tupdesc = lookup_rowtype_tupdesc_copy(typid, typmod);
		cache->typid = typid;
		cache->typmod = typmod;
		fcinfo->flinfo->fn_extra = cache;
		MemoryContextSwitchTo(old);
	}

	tuple.t_len = HeapTupleHeaderGetDatumLength(th);
	ItemPointerSetInvalid(&tuple.t_self);
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = th;
	heap_deform_tuple(&tuple, cache->tupdesc, values, isnull);

	field_text(isnull[2], values[2], &in->tname, &in->tlen);
	field_text(isnull[0], values[0], &in->agency, &in->agency_len);
	in->year_null = isnull[1];
	in->year = isnull[1] ? 0 : DatumGetInt32(values[1]);
	in->cells_raw = isnull[3] ? NULL : DatumGetPointer(values[3]);
	in->cells = isnull[3] ? NULL : DatumGetArrayTypeP(values[3]);
}

/* Is the counted name the name of the state's template? */
static inline bool
same_name(const GiAggState *st, const char *name, int len)
{
	return len == st->tname_len && memcmp(st->t->name, name, len) == 0;
}

/*
 * Is the input acceptable as a report of t without the full validation?
 * (template name already matched).  Negative values are checked while
 * folding.
 */
static inline bool
cheap_valid(const GiTemplate *t, const GiAggInput *in)
{
	ArrayType  *a = in->cells;

	if (a == NULL || ARR_ELEMTYPE(a) != INT8OID || ARR_NDIM(a) != 1 ||
		ARR_DIMS(a)[0] != t->ncells || ARR_LBOUND(a)[0] != 1)
		return false;
	if (!in->year_null && (in->year < AGG_YEAR_MIN || in->year > AGG_YEAR_MAX))
		return false;
	return true;
}

/* Raise the error that report.c raises for this input; must not return. */
static void
invalid_input(HeapTupleHeader th)
{
	GiReport	r;

	gi_report_deform(th, &r);
	elog(ERROR, "disclosure report failed a quick check but passed validation");
}

/* A new, empty state for template t in the aggregate context. */
static GiAggState *
new_state(MemoryContext aggcxt, const GiTemplate *t, GiAggOp op)
{
	GiAggState *st = (GiAggState *) MemoryContextAllocZero(aggcxt, sizeof(GiAggState));
	int64		init = op == GI_AGG_MIN ? PG_INT64_MAX : op == GI_AGG_MAX ? PG_INT64_MIN : 0;

	st->t = t;
	st->tindex = gi_template_index(t);
	st->tname_len = (int32) strlen(t->name);
	st->op = op;
	for (int i = 0; i < GI_MAX_CELLS; i++)
		st->vals[i] = init;
	return st;
}

/*
 * The loops over a run of non-NULL cells, written so that the compiler can
 * vectorise them (mk/compare.mk adds -ftree-vectorize for this file): no
 * branch, no aliasing.  A sum wraps and the overflow is detected afterwards
 * from the sign bits (the caller then finds the culprit cell); a negative
 * value anywhere shows in the OR of all values.
 */
static inline void
sum_dense(int64 *restrict vals, const int64 *restrict d, int n,
		  uint64 *ovf_acc, int64 *neg_acc)
{
	uint64		ovf = 0;
	int64		neg = 0;

	for (int i = 0; i < n; i++)
	{
		uint64		a = (uint64) vals[i];
		uint64		v = (uint64) d[i];
		uint64		s = a + v;

		ovf |= (a ^ s) & (v ^ s);
		neg |= (int64) v;
		vals[i] = (int64) s;
	}
	*ovf_acc |= ovf;
	*neg_acc |= neg;
}

static inline void
min_dense(int64 *restrict vals, const int64 *restrict d, int n, int64 *neg_acc)
{
	int64		neg = 0;

	for (int i = 0; i < n; i++)
	{
		int64		v = d[i];

		neg |= v;
		vals[i] = v < vals[i] ? v : vals[i];
	}
	*neg_acc |= neg;
}

static inline void
max_dense(int64 *restrict vals, const int64 *restrict d, int n, int64 *neg_acc)
{
	int64		neg = 0;

	for (int i = 0; i < n; i++)
	{
		int64		v = d[i];

		neg |= v;
		vals[i] = v > vals[i] ? v : vals[i];
	}
	*neg_acc |= neg;
}

static pg_attribute_always_inline void
fold_dense(GiAggOp op, int64 *restrict vals, const int64 *restrict d, int n,
		   uint64 *ovf_acc, int64 *neg_acc)
{
	switch (op)
	{
		case GI_AGG_SUM:
			sum_dense(vals, d, n, ovf_acc, neg_acc);
			break;
		case GI_AGG_MIN:
			min_dense(vals, d, n, neg_acc);
			break;
		case GI_AGG_MAX:
			max_dense(vals, d, n, neg_acc);
			break;
	}
}

/*
 * Fold one row of cells into vals/seen.  Returns false when a sum
 * overflowed; *anyneg < 0 when some value is negative.
 */
static pg_attribute_always_inline bool
fold_cells(GiAggState *st, GiAggOp op, ArrayType *a, int64 *anyneg)
{
	const int	n = st->t->ncells;
	const int64 *d = (const int64 *) ARR_DATA_PTR(a);
	int64	   *vals = st->vals;
	int64		neg = 0;
	uint64		ovf = 0;

	/*
	 * Ask for all of the row's cache lines at once: a row is read once, from
	 * shared buffers, and waiting for each line in turn dominates otherwise.
	 */
	for (int off = 0; off < n * (int) sizeof(int64); off += 64)
		__builtin_prefetch((const char *) d + off);

	if (!ARR_HASNULL(a))
	{
		fold_dense(op, vals, d, n, &ovf, &neg);
		if (!st->all_seen)
		{
			memset(st->seen, true, sizeof(st->seen));
			st->all_seen = true;
		}
	}
	else
	{
		/* eight cells per bitmap byte: all present, none, or one by one */
		const bits8 *bitmap = ARR_NULLBITMAP(a);
		bool	   *seen = st->seen;
		int			k = 0;

		for (int base = 0; base < n; base += 8)
		{
			bits8		b = bitmap[base >> 3];
			int			m = Min(8, n - base);

			if (b == 0)
				continue;
			if (b == 0xFF && m == 8)
			{
				fold_dense(op, vals + base, d + k, 8, &ovf, &neg);
				memset(seen + base, true, 8);
				k += 8;
				continue;
			}
			for (int j = 0; j < m; j++)
			{
				if (b & (1 << j))
				{
					fold_dense(op, vals + base + j, d + k, 1, &ovf, &neg);
					seen[base + j] = true;
					k++;
				}
			}
		}
	}
	*anyneg = neg;
	return (int64) ovf >= 0;
}

/*
 * After fold_cells() reported an overflow: undo the wrapped sums to find
 * the first cell that overflowed and raise the error naming it.
 */
static void
sum_overflow(GiAggState *st, ArrayType *a)
{
	const int64 *d = (const int64 *) ARR_DATA_PTR(a);
	const bits8 *bitmap = ARR_NULLBITMAP(a);
	int			k = 0;

	for (int i = 0; i < st->t->ncells; i++)
	{
		int64		v,
					before,
					r;

		if (bitmap && !(bitmap[i >> 3] & (1 << (i & 7))))
			continue;
		v = d[k++];
		before = (int64) ((uint64) st->vals[i] - (uint64) v);
		if (pg_add_s64_overflow(before, v, &r))
			gi_cell_overflow_error(st->t, i, before, v);
	}
	elog(ERROR, "report_sum overflow detected but not found");
}

/* Is some value of a '+' cell negative?  (Only called when some value is.) */
static bool
has_bad_negative(const GiTemplate *t, ArrayType *a)
{
	const int64 *d = (const int64 *) ARR_DATA_PTR(a);
	const bits8 *bitmap = ARR_NULLBITMAP(a);
	int			k = 0;

	for (int i = 0; i < t->ncells; i++)
	{
		if (bitmap && !(bitmap[i >> 3] & (1 << (i & 7))))
			continue;
		if (d[k++] < 0 && !t->rows[t->codes[t->cell_code[i]].row].is_signed)
			return true;
	}
	return false;
}

/* Fold an agency (NULL = not given) into the state. */
static inline void
fold_agency(GiAggState *st, const char *agency, int len)
{
	if (agency == NULL || st->agency_mixed)
		return;
	if (!st->agency_seen)
	{
		st->agency = MemoryContextAlloc(GetMemoryChunkContext(st), len + 1);
		memcpy(st->agency, agency, len);
		st->agency[len] = '\0';
		st->agency_len = len;
		st->agency_seen = true;
	}
	else if (st->agency_len != len || memcmp(st->agency, agency, len) != 0)
		st->agency_mixed = true;
}

/* Fold a year (year_null = not given) into the state. */
static inline void
fold_year(GiAggState *st, bool year_null, int32 year)
{
	if (year_null || st->year_mixed)
		return;
	if (!st->year_seen)
	{
		st->year = year;
		st->year_seen = true;
	}
	else if (st->year != year)
		st->year_mixed = true;
}

/*
 * A heap page stores consecutive rows at descending addresses, so in a
 * sequential scan the bytes just before this report are most likely the
 * next row's.  Ask for them now, so that they arrive while this row is
 * folded (measured: a quarter less time over a million gov2021 rows held
 * in shared buffers).  A prefetch is only a hint: it never faults,
 * whatever the address, and it is harmless when the report does not come
 * from a heap page.
 */
static inline void
prefetch_next_row(HeapTupleHeader th)
{
	Size		len = HeapTupleHeaderGetDatumLength(th) + 64;

	for (Size off = 64; off <= len; off += 64)
		__builtin_prefetch((const char *) th - off);
}

/* The transition function of all three aggregates. */
static pg_attribute_always_inline Datum
agg_trans(FunctionCallInfo fcinfo, GiAggOp op)
{
	MemoryContext aggcxt;
	GiAggState *st = PG_ARGISNULL(0) ? NULL : (GiAggState *) PG_GETARG_POINTER(0);
	HeapTupleHeader th;
	GiAggInput	in;
	int64		anyneg;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "%s transition function called in non-aggregate context", agg_names[op]);
	if (PG_ARGISNULL(1))
	{
		if (st == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(st);
	}

	th = PG_GETARG_HEAPTUPLEHEADER(1);
	prefetch_next_row(th);
	read_input(fcinfo, th, &in);

	if (st == NULL)
	{
		if (in.tname == NULL)
			invalid_input(th);
		st = new_state(aggcxt, gi_template_or_error(pnstrdup(in.tname, in.tlen)), op);
	}
	else if (in.tname == NULL || !same_name(st, in.tname, in.tlen))
	{
		if (in.tname == NULL)
			invalid_input(th);
		gi_check_same_template(st->t, gi_template_or_error(pnstrdup(in.tname, in.tlen)),
							   agg_names[op]);
	}
	if (!cheap_valid(st->t, &in))
		invalid_input(th);

	if (!fold_cells(st, op, in.cells, &anyneg))
	{
		if (anyneg < 0 && has_bad_negative(st->t, in.cells))
			invalid_input(th);
		sum_overflow(st, in.cells);
	}
	if (anyneg < 0 && has_bad_negative(st->t, in.cells))
		invalid_input(th);

	fold_agency(st, in.agency, in.agency_len);
	fold_year(st, in.year_null, in.year);

	if ((Pointer) in.cells != in.cells_raw)
		pfree(in.cells);		/* a detoasted copy */
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(govinfo_report_sum_trans);
/* report_sum transition: add a report's cells into the state. */
Datum
govinfo_report_sum_trans(PG_FUNCTION_ARGS)
{
	return agg_trans(fcinfo, GI_AGG_SUM);
}

PG_FUNCTION_INFO_V1(govinfo_report_min_trans);
/* report_min transition: keep each cell's smallest value. */
Datum
govinfo_report_min_trans(PG_FUNCTION_ARGS)
{
	return agg_trans(fcinfo, GI_AGG_MIN);
}

PG_FUNCTION_INFO_V1(govinfo_report_max_trans);
/* report_max transition: keep each cell's largest value. */
Datum
govinfo_report_max_trans(PG_FUNCTION_ARGS)
{
	return agg_trans(fcinfo, GI_AGG_MAX);
}

/* Merge state b into a (same op). */
static void
merge_states(GiAggState *a, const GiAggState *b)
{
	const int	n = a->t->ncells;

	gi_check_same_template(a->t, b->t, agg_names[a->op]);
	for (int i = 0; i < n; i++)
	{
		if (!b->seen[i])
			continue;
		if (!a->seen[i])
			a->vals[i] = b->vals[i];
		else if (a->op == GI_AGG_SUM)
		{
			int64		before = a->vals[i];

			if (pg_add_s64_overflow(before, b->vals[i], &a->vals[i]))
				gi_cell_overflow_error(a->t, i, before, b->vals[i]);
		}
		else if (a->op == GI_AGG_MIN)
			a->vals[i] = Min(a->vals[i], b->vals[i]);
		else
			a->vals[i] = Max(a->vals[i], b->vals[i]);
		a->seen[i] = true;
	}
	a->all_seen = a->all_seen || b->all_seen;

	if (b->agency_mixed)
		a->agency_mixed = true;
	else if (b->agency_seen)
		fold_agency(a, b->agency, b->agency_len);
	if (b->year_mixed)
		a->year_mixed = true;
	else if (b->year_seen)
		fold_year(a, false, b->year);
}

PG_FUNCTION_INFO_V1(govinfo_report_agg_combine);
/* Combine two partial states of report_sum, report_min or report_max. */
Datum
govinfo_report_agg_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	GiAggState *a = PG_ARGISNULL(0) ? NULL : (GiAggState *) PG_GETARG_POINTER(0);
	GiAggState *b = PG_ARGISNULL(1) ? NULL : (GiAggState *) PG_GETARG_POINTER(1);

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "report aggregate combine function called in non-aggregate context");
	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	if (a == NULL)
	{
		/* copy b into the aggregate context */
		a = new_state(aggcxt, b->t, (GiAggOp) b->op);
		memcpy(a->seen, b->seen, sizeof(a->seen));
		memcpy(a->vals, b->vals, sizeof(a->vals));
		a->all_seen = b->all_seen;
		a->agency_mixed = b->agency_mixed;
		if (b->agency_seen && !b->agency_mixed)
			fold_agency(a, b->agency, b->agency_len);
		a->year_seen = b->year_seen;
		a->year_mixed = b->year_mixed;
		a->year = b->year;
		PG_RETURN_POINTER(a);
	}
	merge_states(a, b);
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(govinfo_report_agg_serialize);
/* Serialise a report aggregate state to bytea (parallel aggregation). */
Datum
govinfo_report_agg_serialize(PG_FUNCTION_ARGS)
{
	GiAggState *st = (GiAggState *) PG_GETARG_POINTER(0);
	int			n = st->t->ncells;
	int			alen = (st->agency_seen && !st->agency_mixed) ? st->agency_len : 0;
	Size		size = VARHDRSZ + sizeof(GiAggSerial) + n * (sizeof(bool) + sizeof(int64)) + alen;
	bytea	   *out = (bytea *) palloc(size);
	char	   *p = VARDATA(out);
	GiAggSerial h;

	SET_VARSIZE(out, size);
	h.tindex = st->tindex;
	h.op = st->op;
	h.year = st->year;
	h.agency_len = alen;
	h.flags = (st->all_seen ? SER_ALL_SEEN : 0) |
		(st->agency_seen ? SER_AGENCY_SEEN : 0) |
		(st->agency_mixed ? SER_AGENCY_MIXED : 0) |
		(st->year_seen ? SER_YEAR_SEEN : 0) |
		(st->year_mixed ? SER_YEAR_MIXED : 0);
	memcpy(p, &h, sizeof(h));
	p += sizeof(h);
	memcpy(p, st->vals, n * sizeof(int64));
	p += n * sizeof(int64);
	memcpy(p, st->seen, n * sizeof(bool));
	p += n * sizeof(bool);
	if (alen > 0)
		memcpy(p, st->agency, alen);
	PG_RETURN_BYTEA_P(out);
}

PG_FUNCTION_INFO_V1(govinfo_report_agg_deserialize);
/* Deserialise a report aggregate state from bytea. */
Datum
govinfo_report_agg_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *in = PG_GETARG_BYTEA_PP(0);
	const char *p = VARDATA_ANY(in);
	Size		len = VARSIZE_ANY_EXHDR(in);
	MemoryContext aggcxt;
	GiAggSerial h;
	GiAggState *st;
	int			n;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "report aggregate deserialise function called in non-aggregate context");
	if (len < sizeof(h))
		elog(ERROR, "corrupt report aggregate state");
	memcpy(&h, p, sizeof(h));
	p += sizeof(h);
	if (h.tindex < 0 || h.tindex >= gi_ntemplates || h.op < GI_AGG_SUM || h.op > GI_AGG_MAX ||
		h.agency_len < 0)
		elog(ERROR, "corrupt report aggregate state");
	n = gi_templates[h.tindex]->ncells;
	if (len != sizeof(h) + n * (sizeof(bool) + sizeof(int64)) + h.agency_len)
		elog(ERROR, "corrupt report aggregate state");

	/* in the current (per-call) context: the combine function copies it */
	st = (GiAggState *) palloc0(sizeof(GiAggState));
	st->t = gi_templates[h.tindex];
	st->tindex = h.tindex;
	st->op = h.op;
	st->year = h.year;
	st->all_seen = (h.flags & SER_ALL_SEEN) != 0;
	st->agency_seen = (h.flags & SER_AGENCY_SEEN) != 0;
	st->agency_mixed = (h.flags & SER_AGENCY_MIXED) != 0;
	st->year_seen = (h.flags & SER_YEAR_SEEN) != 0;
	st->year_mixed = (h.flags & SER_YEAR_MIXED) != 0;
	memcpy(st->vals, p, n * sizeof(int64));
	p += n * sizeof(int64);
	memcpy(st->seen, p, n * sizeof(bool));
	p += n * sizeof(bool);
	st->agency_len = h.agency_len;
	if (st->agency_seen && !st->agency_mixed)
		st->agency = pnstrdup(p, h.agency_len);
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(govinfo_report_agg_final);
/* Final function of the report aggregates: the state as a report. */
Datum
govinfo_report_agg_final(PG_FUNCTION_ARGS)
{
	GiAggState *st = PG_ARGISNULL(0) ? NULL : (GiAggState *) PG_GETARG_POINTER(0);
	GiReport	r;

	if (st == NULL)
		PG_RETURN_NULL();
	/* the state is left untouched: window aggregates call this repeatedly */
	gi_report_init(&r, st->t);
	for (int i = 0; i < st->t->ncells; i++)
	{
		r.nulls[i] = !st->seen[i];
		r.vals[i] = st->seen[i] ? st->vals[i] : 0;
	}
	if (st->agency_seen && !st->agency_mixed)
		r.agency = cstring_to_text_with_len(st->agency, st->agency_len);
	if (st->year_seen && !st->year_mixed)
	{
		r.year_null = false;
		r.year = st->year;
	}
	/* the state summed the arrays as stored; forming converts back */
	if (gi_amounts_in_yuan())
		gi_amounts_from_stored(&r);
	PG_RETURN_DATUM(gi_report_form(fcinfo, &r));
}

PG_FUNCTION_INFO_V1(govinfo_report_add);
/* report + report: cell by cell, NULL + x = x, agency/year kept when shared. */
Datum
govinfo_report_add(PG_FUNCTION_ARGS)
{
	GiReport	a,
				b;

	GI_GETARG_REPORT(0, &a);
	GI_GETARG_REPORT(1, &b);
	gi_check_same_template(a.t, b.t, "The + operator on reports");
	for (int i = 0; i < a.t->ncells; i++)
	{
		if (b.nulls[i])
			continue;
		if (a.nulls[i])
		{
			a.vals[i] = b.vals[i];
			a.nulls[i] = false;
		}
		else
		{
			int64		before = a.vals[i];

			if (pg_add_s64_overflow(before, b.vals[i], &a.vals[i]))
				gi_cell_overflow_error(a.t, i, before, b.vals[i]);
		}
	}
	if (a.agency == NULL)
		a.agency = b.agency;
	else if (b.agency != NULL &&
			 (VARSIZE_ANY_EXHDR(a.agency) != VARSIZE_ANY_EXHDR(b.agency) ||
			  memcmp(VARDATA_ANY(a.agency), VARDATA_ANY(b.agency),
					 VARSIZE_ANY_EXHDR(a.agency)) != 0))
		a.agency = NULL;
	if (a.year_null)
	{
		a.year_null = b.year_null;
		a.year = b.year;
	}
	else if (!b.year_null && a.year != b.year)
		a.year_null = true;
	PG_RETURN_DATUM(gi_report_form(fcinfo, &a));
}
