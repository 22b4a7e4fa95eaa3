/*
 * workspace.c
 *	  C helpers of the oversight workspace (govinfo.create_workspace): the
 *	  key agency names are matched on, a report's defect as text instead of
 *	  an error (so that one malformed row becomes a finding, not a failed
 *	  query), the error rules a report leaves unjudged, and whether a mode
 *	  name is known.  The workspace itself is plpgsql in sql/govinfo.sql.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/typcache.h"

#include "agency_name.h"
#include "report.h"

#define WS_YEAR_MIN 1990
#define WS_YEAR_MAX 2100

PG_FUNCTION_INFO_V1(govinfo_normalize_agency_name);
/* govinfo.normalize_agency_name(name): the key agency names are matched on. */
Datum
govinfo_normalize_agency_name(PG_FUNCTION_ARGS)
{
	text	   *name = PG_GETARG_TEXT_PP(0);
	size_t		len = VARSIZE_ANY_EXHDR(name);
	char	   *out = palloc(GI_AGENCY_KEY_BUFLEN(len));
	size_t		n = gi_agency_name_key(VARDATA_ANY(name), len, out);

	PG_RETURN_TEXT_P(cstring_to_text_with_len(out, (int) n));
}

/* The problem of a cells array for template t, or NULL. */
static char *
cells_problem(const GiTemplate *t, ArrayType *cells, const int64 **vals, bits8 **bitmap)
{
	int			n;

	if (ARR_ELEMTYPE(cells) != INT8OID)
		return psprintf("cells array is not bigint[]");
	n = ARR_NDIM(cells) == 0 ? 0 : ARR_DIMS(cells)[0];
	if (ARR_NDIM(cells) > 1 || n != t->ncells)
		return psprintf("cells array of a %s report has %d %s, expected %d",
						t->name, n, ARR_NDIM(cells) > 1 ? "rows" : "elements", t->ncells);
	*vals = (const int64 *) ARR_DATA_PTR(cells);
	*bitmap = ARR_NULLBITMAP(cells);
	return NULL;
}

/* The first negative value where t allows none, described, or NULL. */
static char *
sign_problem(const GiTemplate *t, const int64 *data, const bits8 *bitmap)
{
	int			k = 0;

	for (int i = 0; i < t->ncells; i++)
	{
		int			code = t->cell_code[i];

		if (bitmap != NULL && !(bitmap[i / 8] & (1 << (i % 8))))
			continue;
		if (data[k] < 0 && !t->rows[t->codes[code].row].is_signed)
		{
			StringInfoData d;

			initStringInfo(&d);
			appendStringInfo(&d, "negative value " INT64_FORMAT " in cell ", data[k]);
			gi_describe_code(&d, t, code);
			return d.data;
		}
		k++;
	}
	return NULL;
}

PG_FUNCTION_INFO_V1(govinfo_report_problem);
/* govinfo.report_problem(r): why the report would be refused, or NULL. */
Datum
govinfo_report_problem(PG_FUNCTION_ARGS)
{
	HeapTupleHeader th = PG_GETARG_HEAPTUPLEHEADER(0);
	TupleDesc	tupdesc;
	HeapTupleData tuple;
	Datum		values[4];
	bool		isnull[4];
	const GiTemplate *t;
	const int64 *data = NULL;
	bits8	   *bitmap = NULL;
	char	   *problem;
	char	   *name;

	tupdesc = lookup_rowtype_tupdesc(HeapTupleHeaderGetTypeId(th),
									 HeapTupleHeaderGetTypMod(th));
	if (tupdesc->natts != 4 ||
		TupleDescAttr(tupdesc, 0)->atttypid != TEXTOID ||
		TupleDescAttr(tupdesc, 1)->atttypid != INT4OID ||
		TupleDescAttr(tupdesc, 2)->atttypid != TEXTOID ||
		TupleDescAttr(tupdesc, 3)->atttypid != INT8ARRAYOID)
	{
		ReleaseTupleDesc(tupdesc);
		PG_RETURN_TEXT_P(cstring_to_text("not a value of type govinfo.disclosure_report"));
	}
	tuple.t_len = HeapTupleHeaderGetDatumLength(th);
	ItemPointerSetInvalid(&tuple.t_self);
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = th;
	heap_deform_tuple(&tuple, tupdesc, values, isnull);
	ReleaseTupleDesc(tupdesc);

	if (isnull[2])
		PG_RETURN_TEXT_P(cstring_to_text("report template is NULL"));
	name = TextDatumGetCString(values[2]);
	t = gi_template_by_name(name);
	if (t == NULL)
		PG_RETURN_TEXT_P(cstring_to_text(psprintf("unknown template \"%s\"", name)));
	if (!isnull[1] && (DatumGetInt32(values[1]) < WS_YEAR_MIN ||
					   DatumGetInt32(values[1]) > WS_YEAR_MAX))
		PG_RETURN_TEXT_P(cstring_to_text(psprintf("report year %d is out of range",
												  DatumGetInt32(values[1]))));
	if (isnull[3])
		PG_RETURN_TEXT_P(cstring_to_text("report cells array is NULL"));
	problem = cells_problem(t, DatumGetArrayTypeP(values[3]), &data, &bitmap);
	if (problem == NULL)
		problem = sign_problem(t, data, bitmap);
	if (problem == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(problem));
}

PG_FUNCTION_INFO_V1(govinfo_unjudged_rules);
/* govinfo.unjudged_rules(r, mode): the error rule instances the report leaves unjudged. */
Datum
govinfo_unjudged_rules(PG_FUNCTION_ARGS)
{
	GiReport	r;
	GiMode		mode;
	Datum	   *ids;
	int			n = 0;

	GI_GETARG_REPORT(0, &r);
	mode = gi_mode_or_error(PG_GETARG_TEXT_PP(1));
	ids = palloc(sizeof(Datum) * Max(r.t->nrules, 1));
	for (int i = 0; i < r.t->nrules; i++)
	{
		const GiRule *rule = &r.t->rules[i];
		GiOutcome	o;

		if (rule->continuity || rule->severity != GI_SEV_ERROR)
			continue;
		/* a side out of range is judged (and reported) by violations() */
		if (gi_eval_rule(r.t, rule, r.vals, r.nulls, NULL, NULL, mode, &o) && o.outcome < 0)
			ids[n++] = CStringGetTextDatum(rule->id);
	}
	PG_RETURN_ARRAYTYPE_P(construct_array(ids, n, TEXTOID, -1, false, TYPALIGN_INT));
}

PG_FUNCTION_INFO_V1(govinfo_is_mode);
/* govinfo.is_mode(name): whether the rule engine knows this missing-value mode. */
Datum
govinfo_is_mode(PG_FUNCTION_ARGS)
{
	GiMode		mode;

	PG_RETURN_BOOL(gi_mode_from_name(text_to_cstring(PG_GETARG_TEXT_PP(0)), &mode));
}
