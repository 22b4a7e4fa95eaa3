/*
 * compare.c
 *	  Comparing and completing reports: govinfo.compare(a, b) (code by code,
 *	  with difference and percentage change, across templates by the codes
 *	  they share) and govinfo.complete(r, mode) (blank totals filled from
 *	  their parts; the logic is in complete.c).  Also the errors shared by
 *	  the comparison layer (compare.h).
 */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/numeric.h"

#include "compare.h"
#include "complete.h"
#include "decimal.h"

/* Raise the cross-template error unless a and b are one template. */
void
gi_check_same_template(const GiTemplate *a, const GiTemplate *b, const char *what)
{
	const char *lo,
			   *hi;

	if (a == b)
		return;
	/* name them in a fixed order, whichever input came first */
	lo = strcmp(a->name, b->name) < 0 ? a->name : b->name;
	hi = lo == a->name ? b->name : a->name;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("cannot combine reports of templates %s and %s", lo, hi),
			 errdetail("%s works cell by cell within one template; the cells of %s and %s are different rows.",
					   what, lo, hi),
			 errhint("Use govinfo.metrics(report), whose fields mean the same in every template, to add up reports across templates; govinfo.compare(a, b) compares them by the codes they share.")));
}

/* Raise the overflow error for have + add in cell pos of t. */
void
gi_cell_overflow_error(const GiTemplate *t, int pos, int64 have, int64 add)
{
	const GiRow *row = &t->rows[t->codes[t->cell_code[pos]].row];
	char	   *d = gi_describe_code_server(t, t->cell_code[pos]);
	char	   *unit = gi_server_str(row->unit);
	char		a[GI_DECIMAL_BUFLEN],
				b[GI_DECIMAL_BUFLEN],
				limit[GI_DECIMAL_BUFLEN];

	gi_format_decimal(have, row->scale, a);
	gi_format_decimal(add, row->scale, b);
	gi_format_decimal(add < 0 ? PG_INT64_MIN : PG_INT64_MAX, row->scale, limit);
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("sum of cell %s is out of range", t->codes[t->cell_code[pos]].code),
			 errdetail("Cell %d, %s: %s + %s %s is beyond what a cell can hold (%s %s).",
					   pos + 1, d, a, b, unit, limit, unit)));
	pg_unreachable();
}

/* numeric NULL-safe: the value of code in r (-1: r lacks it) in scale's unit, or isnull. */
static Datum
code_numeric(const GiReport *r, int code, int scale, bool *isnull, int64 *v)
{
	if (r == NULL || code < 0 || !gi_code_value(r, code, v))
	{
		*isnull = true;
		return (Datum) 0;
	}
	*isnull = false;
	return NumericGetDatum(gi_units_to_numeric(*v, scale));
}

/*
 * One row of compare(): code ci of template t (whose section, label and unit
 * it shows), a's value of code ai and b's of bi (-1 where one lacks it).
 */
static void
compare_row(Tuplestorestate *store, TupleDesc tupdesc, const GiTemplate *t, int ci,
			const GiReport *a, int ai, const GiReport *b, int bi, Datum hundred)
{
	const GiCode *c = &t->codes[ci];
	const GiRow *row = &t->rows[c->row];
	Datum		values[8];
	bool		isnull[8] = {false, false, false, false, false, false, false, false};
	int64		av = 0,
				bv = 0;

	values[0] = CStringGetTextDatum(c->code);
	values[1] = GiServerTextDatum(row->section);
	values[2] = CStringGetTextDatum(gi_code_label_zh(t, ci));
	values[3] = GiServerTextDatum(row->unit);
	values[4] = code_numeric(a, ai, row->scale, &isnull[4], &av);
	values[5] = code_numeric(b, bi, row->scale, &isnull[5], &bv);
	if (isnull[4] || isnull[5])
	{
		isnull[6] = isnull[7] = true;
	}
	else
	{
		values[6] = DirectFunctionCall2(numeric_sub, values[5], values[4]);
		if (av == 0)
			isnull[7] = true;
		else
			values[7] = DirectFunctionCall2(numeric_round,
											DirectFunctionCall2(numeric_div,
																DirectFunctionCall2(numeric_mul, hundred, values[6]),
																values[4]),
											Int32GetDatum(1));
	}
	tuplestore_putvalues(store, tupdesc, values, isnull);
}

PG_FUNCTION_INFO_V1(govinfo_compare);
/*
 * govinfo.compare(a, b): a's and b's value of every code, b - a and the %
 * change.  Across templates: b's codes, then those only a's template has;
 * the codes both have are compared (codes mean the same in every template).
 */
Datum
govinfo_compare(PG_FUNCTION_ARGS)
{
	GiReport   *a = NULL;
	GiReport	b;
	const GiTemplate *t;
	TupleDesc	tupdesc;
	Tuplestorestate *store;
	Datum		hundred;

	/*
	 * Deliberately not STRICT: a NULL a (lag() on the first row) gives the
	 * rows with a NULL; a NULL b gives no rows, as STRICT would.
	 */
	store = gi_materialize(fcinfo, &tupdesc);
	if (PG_ARGISNULL(1))
		return (Datum) 0;
	GI_GETARG_REPORT(1, &b);
	t = b.t;
	if (!PG_ARGISNULL(0))
	{
		a = palloc(sizeof(GiReport));
		GI_GETARG_REPORT(0, a);
	}

	hundred = NumericGetDatum(int64_to_numeric(100));
	for (int i = 0; i < t->ncodes; i++)
	{
		int			ai = i;

		if (a != NULL && a->t != t)
			ai = gi_code_lookup(a->t, t->codes[i].code, (int) strlen(t->codes[i].code));
		compare_row(store, tupdesc, t, i, a, ai, &b, i, hundred);
	}
	if (a != NULL && a->t != t)
		for (int i = 0; i < a->t->ncodes; i++)
		{
			const char *code = a->t->codes[i].code;

			if (gi_code_lookup(t, code, (int) strlen(code)) < 0)
				compare_row(store, tupdesc, a->t, i, a, i, &b, -1, hundred);
		}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(govinfo_complete);
/* govinfo.complete(r, mode): r with blank totals filled from their parts. */
Datum
govinfo_complete(PG_FUNCTION_ARGS)
{
	GiReport	r;
	GiMode		mode;
	bool		filled[GI_MAX_CELLS];
	int			bad = -1;

	GI_GETARG_REPORT(0, &r);
	mode = gi_mode_or_error(PG_GETARG_TEXT_PP(1));
	if (!gi_complete(r.t, mode, r.vals, r.nulls, filled, &bad))
	{
		char	   *d = gi_describe_code_server(r.t, r.t->cell_code[bad]);

		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("total %s is out of range", r.t->codes[r.t->cell_code[bad]].code),
				 errdetail("The parts of cell %d, %s, add up to more than a cell can hold; they hold implausibly large values.",
						   bad + 1, d)));
	}
	gi_report_validate(&r);
	PG_RETURN_DATUM(gi_report_form(fcinfo, &r));
}
