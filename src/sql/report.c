/*
 * report.c
 *	  govinfo.disclosure_report between SQL and C: deform and validate a
 *	  composite, form one, build one from jsonb (or change some of its cells,
 *	  with_cells), and read it back as jsonb, single values and long form.
 */
#include "postgres.h"

#include <limits.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/typcache.h"

#include "decimal.h"
#include "report.h"

PG_MODULE_MAGIC;

#define GI_YEAR_MIN 1990
#define GI_YEAR_MAX 2100

/* The template of that name, or an error naming the known ones. */
const GiTemplate *
gi_template_or_error(const char *name)
{
	const GiTemplate *t = gi_template_by_name(name);

	if (t == NULL)
	{
		StringInfoData known;

		initStringInfo(&known);
		for (int i = 0; i < gi_ntemplates; i++)
			appendStringInfo(&known, "%s%s", i ? ", " : "", gi_templates[i]->name);
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown template %s", gi_echo_cstr(name)),
				 errhint("Known templates are %s.", known.data)));
	}
	return t;
}

/* Initialise r as an all-blank report of template t. */
void
gi_report_init(GiReport *r, const GiTemplate *t)
{
	r->t = t;
	r->agency = NULL;
	r->year_null = true;
	r->year = 0;
	for (int i = 0; i < t->ncells; i++)
	{
		r->vals[i] = 0;
		r->nulls[i] = true;
	}
}

/* The Chinese label of a code, with "·column" for applicant columns, in the database encoding. */
char *
gi_code_label_zh(const GiTemplate *t, int code)
{
	const GiCode *c = &t->codes[code];
	const GiRow *row = &t->rows[c->row];

	if (c->column >= 0)
		return gi_server_str(psprintf("%s·%s", row->label_zh, t->columns[c->column].label_zh));
	return pstrdup(gi_server_str(row->label_zh));
}

/* Append "code [section label·column]". */
void
gi_describe_code(StringInfo buf, const GiTemplate *t, int code)
{
	const GiCode *c = &t->codes[code];
	const GiRow *row = &t->rows[c->row];

	appendStringInfo(buf, "%s [%s %s", c->code, row->section, row->label_zh);
	if (c->column >= 0)
		appendStringInfo(buf, "·%s", t->columns[c->column].label_zh);
	appendStringInfoChar(buf, ']');
}

/* "code [section label·column]" in the database encoding. */
char *
gi_describe_code_server(const GiTemplate *t, int code)
{
	StringInfoData d;

	initStringInfo(&d);
	gi_describe_code(&d, t, code);
	return gi_server_str(d.data);
}

/* Validate year range and signs. */
void
gi_report_validate(const GiReport *r)
{
	const GiTemplate *t = r->t;
	int64		any = 0;

	if (!r->year_null && (r->year < GI_YEAR_MIN || r->year > GI_YEAR_MAX))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("report year %d is out of range", r->year),
				 errdetail("A report's year must lie between %d and %d.",
						   GI_YEAR_MIN, GI_YEAR_MAX)));

	/* blank cells hold 0: one pass finds whether any value is negative */
	for (int i = 0; i < t->ncells; i++)
		any |= r->vals[i];
	if (any >= 0)
		return;
	for (int i = 0; i < t->ncells; i++)
	{
		int			code = t->cell_code[i];

		if (!r->nulls[i] && r->vals[i] < 0 &&
			!t->rows[t->codes[code].row].is_signed)
		{
			char	   *d = gi_describe_code_server(t, code);

			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("negative value in cell %s of a %s report",
							t->codes[code].code, t->name),
					 errdetail("Cell %d, %s, holds " INT64_FORMAT "; the template allows no negative value there.",
							   i + 1, d, r->vals[i])));
		}
	}
}

/*
 * The row descriptor of a disclosure_report value.  The type cache keeps it;
 * reading it without pinning is safe here because nothing between this call
 * and heap_deform_tuple() can process invalidations.  This saves a resource
 * owner entry per row, which matters on the CHECK-constraint path.
 */
static TupleDesc
report_tupdesc(Oid typid, int32 typmod)
{
	if (typmod < 0)
	{
		TypeCacheEntry *tce = lookup_type_cache(typid, TYPECACHE_TUPDESC);

		if (tce->tupDesc != NULL)
			return tce->tupDesc;
	}
	ereport(ERROR,
			(errcode(ERRCODE_DATATYPE_MISMATCH),
			 errmsg("a disclosure report must be a value of type govinfo.disclosure_report")));
	return NULL;				/* not reached */
}

/* The template named by a text datum, or an error naming the known ones. */
static const GiTemplate *
template_of_text(Datum d)
{
	text	   *name = DatumGetTextPP(d);
	const char *s = VARDATA_ANY(name);
	int			len = VARSIZE_ANY_EXHDR(name);

	for (int i = 0; i < gi_ntemplates; i++)
	{
		const char *n = gi_templates[i]->name;

		if ((int) strlen(n) == len && memcmp(n, s, len) == 0)
			return gi_templates[i];
	}
	return gi_template_or_error(text_to_cstring(name));
}

/* Deform a composite value into r and validate it. */
void
gi_report_deform(HeapTupleHeader th, GiReport *r)
{
	TupleDesc	tupdesc = report_tupdesc(HeapTupleHeaderGetTypeId(th),
										 HeapTupleHeaderGetTypMod(th));
	HeapTupleData tuple;
	Datum		values[4];
	bool		isnull[4];
	ArrayType  *cells;
	const GiTemplate *t;
	int			n;

	if (tupdesc->natts != 4 ||
		TupleDescAttr(tupdesc, 0)->atttypid != TEXTOID ||
		TupleDescAttr(tupdesc, 1)->atttypid != INT4OID ||
		TupleDescAttr(tupdesc, 2)->atttypid != TEXTOID ||
		TupleDescAttr(tupdesc, 3)->atttypid != INT8ARRAYOID)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("a disclosure report must be (agency text, year integer, template text, cells bigint[])")));
	tuple.t_len = HeapTupleHeaderGetDatumLength(th);
	ItemPointerSetInvalid(&tuple.t_self);
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = th;
	heap_deform_tuple(&tuple, tupdesc, values, isnull);

	if (isnull[2])
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("report template is NULL"),
				 errhint("Use gov2014, gov2019 or gov2021.")));
	t = template_of_text(values[2]);

	r->t = t;
	r->agency = isnull[0] ? NULL : DatumGetTextPP(values[0]);
	r->year_null = isnull[1];
	r->year = isnull[1] ? 0 : DatumGetInt32(values[1]);

	if (isnull[3])
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("report cells array is NULL"),
				 errhint("A %s report has %d cells; write NULL elements for cells not reported.",
						 t->name, t->ncells)));
	cells = DatumGetArrayTypeP(values[3]);
	if (ARR_ELEMTYPE(cells) != INT8OID)
		elog(ERROR, "cells array has element type %u, expected bigint", ARR_ELEMTYPE(cells));
	if (ARR_NDIM(cells) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("cells array of a %s report has %d dimensions", t->name, ARR_NDIM(cells)),
				 errdetail("The array must be one-dimensional, one element per stored cell in template order."),
				 errhint("See govinfo.template_cells('%s') for the positions.", t->name)));
	n = ARR_NDIM(cells) == 0 ? 0 : ARR_DIMS(cells)[0];
	if (n != t->ncells)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("cells array of a %s report has %d elements, expected %d",
						t->name, n, t->ncells),
				 errdetail("The array must be one-dimensional, one element per stored cell in template order."),
				 errhint("See govinfo.template_cells('%s') for the positions.", t->name)));
	if (ARR_LBOUND(cells)[0] != 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("cells array of a %s report has subscripts [%d:%d], expected [1:%d]",
						t->name, ARR_LBOUND(cells)[0], ARR_LBOUND(cells)[0] + n - 1, n),
				 errdetail("Element i of the array is the cell at position i of govinfo.template_cells('%s'), so that (report).cells[i] reads that cell.",
						   t->name),
				 errhint("Write the array without explicit bounds.")));
	if (!ARR_HASNULL(cells))
	{
		memcpy(r->vals, ARR_DATA_PTR(cells), sizeof(int64) * n);
		memset(r->nulls, 0, sizeof(bool) * n);
	}
	else
	{
		bits8	   *bitmap = ARR_NULLBITMAP(cells);
		const int64 *data = (const int64 *) ARR_DATA_PTR(cells);
		int			k = 0;

		for (int i = 0; i < n; i++)
		{
			if (bitmap[i / 8] & (1 << (i % 8)))
			{
				r->nulls[i] = false;
				r->vals[i] = data[k++];
			}
			else
			{
				r->nulls[i] = true;
				r->vals[i] = 0;
			}
		}
	}
	if (gi_amounts_in_yuan())
		gi_amounts_from_stored(r);
	gi_report_validate(r);
}

/* Form the composite value of r. */
Datum
gi_report_form(FunctionCallInfo fcinfo, const GiReport *r)
{
	const GiTemplate *t = r->t;
	TupleDesc	tupdesc;
	Datum		values[4];
	bool		isnull[4] = {false, false, false, false};
	Datum	   *elems;
	int			dims[1];
	int			lbs[1] = {1};
	bool		anynull = false;

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "function returning a disclosure report called in a context without its type");
	tupdesc = BlessTupleDesc(tupdesc);

	elems = palloc(sizeof(Datum) * t->ncells);
	if (gi_amounts_in_yuan())
	{
		int64	   *stored = palloc(sizeof(int64) * t->ncells);

		memcpy(stored, r->vals, sizeof(int64) * t->ncells);
		gi_amounts_to_stored(t, stored, r->nulls);
		for (int i = 0; i < t->ncells; i++)
			elems[i] = Int64GetDatum(stored[i]);
	}
	else
		for (int i = 0; i < t->ncells; i++)
			elems[i] = Int64GetDatum(r->vals[i]);
	for (int i = 0; i < t->ncells; i++)
		anynull |= r->nulls[i];
	dims[0] = t->ncells;
	values[0] = r->agency ? PointerGetDatum(r->agency) : (Datum) 0;
	isnull[0] = (r->agency == NULL);
	values[1] = Int32GetDatum(r->year);
	isnull[1] = r->year_null;
	values[2] = CStringGetTextDatum(t->name);
	values[3] = PointerGetDatum(construct_md_array(elems, anynull ? (bool *) r->nulls : NULL,
												   1, dims, lbs, INT8OID, 8,
												   FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	return HeapTupleGetDatum(heap_form_tuple(tupdesc, values, isnull));
}

/* Look up a code of t, or raise an error with the nearest valid code. */
int
gi_code_or_error(const GiTemplate *t, const char *code)
{
	int			len = (int) strlen(code);
	int			idx = gi_code_lookup(t, code, len);

	if (idx < 0)
	{
		int			dist;
		int			near = gi_code_nearest(t, code, len, &dist);

		/* a garbled key gets no far-fetched hint */
		if (dist > 3 && dist * 2 > (len > 200 ? 200 : len))
			near = -1;
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown cell code %s in template %s", gi_echo(code, len), t->name),
				 near >= 0 ? errhint("The nearest valid code is \"%s\" (%s); govinfo.template_cells('%s') lists them all.",
									 t->codes[near].code, gi_code_label_zh(t, near), t->name) :
				 errhint("govinfo.template_cells('%s') lists the valid codes.", t->name)));
	}
	return idx;
}

/* Value of a code in stored units; false when NULL. */
bool
gi_code_value(const GiReport *r, int code, int64 *v)
{
	const GiCode *c = &r->t->codes[code];
	bool		isnull;

	if (c->pos >= 0)
	{
		*v = r->vals[c->pos];
		return !r->nulls[c->pos];
	}
	if (!gi_group_value(r->t, code, r->vals, r->nulls, v, &isnull))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("value of group %s is out of range", c->code)));
	return !isnull;
}

/* Stored units -> numeric in the printed unit. */
Numeric
gi_units_to_numeric(int64 v, int scale)
{
	char		buf[GI_DECIMAL_BUFLEN];

	if (scale == 1)
		return DatumGetNumeric(DirectFunctionCall1(int8_numeric, Int64GetDatum(v)));
	gi_format_decimal(v, scale, buf);
	return DatumGetNumeric(DirectFunctionCall3(numeric_in, CStringGetDatum(buf),
											   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)));
}

/* Parse a decimal string in the printed unit of codes[code] into stored units. */
int64
gi_parse_cell_value(const GiTemplate *t, int code, const char *s)
{
	const GiRow *row = &t->rows[t->codes[code].row];
	const char *cc = t->codes[code].code;
	int64_t		v = 0;
	GiNumStatus st = gi_parse_decimal(s, (int) strlen(s), row->scale, &v);

	switch (st)
	{
		case GI_NUM_OK:
			break;
		case GI_NUM_SYNTAX:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid value %s for cell %s", gi_echo_cstr(s), cc),
					 errdetail("Cell %s (%s) takes a number in %s.", cc,
							   gi_code_label_zh(t, code), gi_server_str(row->unit))));
			break;
		case GI_NUM_FRACTION:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("value %s for cell %s has a fraction", gi_echo_cstr(s), cc),
					 row->scale == 1 ?
					 errdetail("Cell %s (%s) counts whole %s.", cc,
							   gi_code_label_zh(t, code), gi_server_str(row->unit)) :
					 errdetail("Cell %s (%s) is in %s, stored exactly to %s.", cc,
							   gi_code_label_zh(t, code), gi_server_str(row->unit),
							   gi_server_str("0.01 元 (six decimals of 万元)"))));
			break;
		case GI_NUM_RANGE:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("value %s for cell %s is out of range", gi_echo_cstr(s), cc),
					 errdetail("Cells hold integers of at most 9223372036854775807 stored units (%s).",
							   gi_server_str("分, 0.01 元, for 万元 cells"))));
			break;
	}
	if (v < 0 && !row->is_signed)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("negative value %s for cell %s", gi_echo_cstr(s), cc),
				 errdetail("Cell %s (%s) cannot be negative; only %s cells can.",
						   cc, gi_code_label_zh(t, code), gi_server_str("本年增/减"))));
	return v;
}

/* Set up a materialised SRF result; returns the tuple store. */
Tuplestorestate *
gi_materialize(FunctionCallInfo fcinfo, TupleDesc *tupdesc)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MemoryContext oldcxt;
	Tuplestorestate *store;
	TupleDesc	built;

	if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo) ||
		(rsinfo->allowedModes & SFRM_Materialize) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("set-valued function called in context that cannot accept a set")));
	oldcxt = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);
	if (get_call_result_type(fcinfo, NULL, &built) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	*tupdesc = CreateTupleDescCopy(built);
	/*
	 * A descriptor built from OUT parameters is new on every call, in
	 * per-query memory: free it, or a LATERAL call per row keeps one per row
	 * until the query ends.  (The executor frees the copy, setDesc.)
	 */
	if (built->tdrefcount == -1)
		FreeTupleDesc(built);
	store = tuplestore_begin_heap(true, false, work_mem);
	rsinfo->returnMode = SFRM_Materialize;
	rsinfo->setResult = store;
	rsinfo->setDesc = *tupdesc;
	MemoryContextSwitchTo(oldcxt);
	return store;
}

/* Value of a jsonb scalar as text for gi_parse_cell_value; NULL for json null. */
static char *
jsonb_cell_text(const GiTemplate *t, int code, JsonbValue *v)
{
	switch (v->type)
	{
		case jbvNull:
			return NULL;
		case jbvNumeric:
			return DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(v->val.numeric)));
		case jbvString:
			return pnstrdup(v->val.string.val, v->val.string.len);
		default:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("value for cell %s is not a number", t->codes[code].code),
					 errdetail("Cell values are JSON numbers, numeric strings such as \"25.1\", or null.")));
	}
	return NULL;				/* not reached */
}

/*
 * Set the cells named in j ({"code": value}) in r: values as report() takes
 * them, null blanks a cell; unknown codes and groups are errors.
 */
static void
set_cells_from_jsonb(GiReport *r, Jsonb *j)
{
	const GiTemplate *t = r->t;
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;
	int			code = -1;

	if (!JB_ROOT_IS_OBJECT(j) || JB_ROOT_IS_SCALAR(j))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("report cells must be a JSON object"),
				 errdetail("Write {\"code\": value, ...}, for example {\"apply.received\": 12, \"apply.received@natural\": 10}.")));
	it = JsonbIteratorInit(&j->root);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		if (tok == WJB_KEY)
		{
			char	   *key = pnstrdup(v.val.string.val, v.val.string.len);

			code = gi_code_or_error(t, key);
			if (t->codes[code].pos < 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("cell code \"%s\" is a group", key),
						 errdetail("%s (%s) is computed from its members, not stored.",
								   key, gi_code_label_zh(t, code)),
						 errhint("Give the values of its members instead.")));
		}
		else if (tok == WJB_VALUE)
		{
			char	   *s = jsonb_cell_text(t, code, &v);
			int			pos = t->codes[code].pos;

			r->nulls[pos] = (s == NULL);
			r->vals[pos] = s == NULL ? 0 : gi_parse_cell_value(t, code, s);
		}
	}
}

PG_FUNCTION_INFO_V1(govinfo_report);
/* govinfo.report(agency, year, template, cells jsonb): build a report from {code: value}. */
Datum
govinfo_report(PG_FUNCTION_ARGS)
{
	GiReport	r;
	const GiTemplate *t;

	if (PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("report template is NULL"),
				 errhint("Use gov2014, gov2019 or gov2021.")));
	t = gi_template_or_error(text_to_cstring(PG_GETARG_TEXT_PP(2)));
	gi_report_init(&r, t);
	if (!PG_ARGISNULL(0))
		r.agency = PG_GETARG_TEXT_PP(0);
	if (!PG_ARGISNULL(1))
	{
		r.year_null = false;
		r.year = PG_GETARG_INT32(1);
	}
	if (!PG_ARGISNULL(3))
		set_cells_from_jsonb(&r, PG_GETARG_JSONB_P(3));
	gi_report_validate(&r);
	PG_RETURN_DATUM(gi_report_form(fcinfo, &r));
}

PG_FUNCTION_INFO_V1(govinfo_with_cells);
/* govinfo.with_cells(r, cells jsonb): r with the cells named changed (null blanks one). */
Datum
govinfo_with_cells(PG_FUNCTION_ARGS)
{
	GiReport	r;

	GI_GETARG_REPORT(0, &r);
	set_cells_from_jsonb(&r, PG_GETARG_JSONB_P(1));
	gi_report_validate(&r);
	PG_RETURN_DATUM(gi_report_form(fcinfo, &r));
}

PG_FUNCTION_INFO_V1(govinfo_to_jsonb);
/* govinfo.to_jsonb(r): the report as jsonb, non-NULL cells in printed units. */
Datum
govinfo_to_jsonb(PG_FUNCTION_ARGS)
{
	GiReport	r;
	StringInfoData s;
	bool		first = true;

	GI_GETARG_REPORT(0, &r);
	initStringInfo(&s);
	appendStringInfoString(&s, "{\"agency\": ");
	if (r.agency)
		escape_json(&s, text_to_cstring(r.agency));
	else
		appendStringInfoString(&s, "null");
	if (r.year_null)
		appendStringInfoString(&s, ", \"year\": null");
	else
		appendStringInfo(&s, ", \"year\": %d", r.year);
	appendStringInfo(&s, ", \"template\": \"%s\", \"cells\": {", r.t->name);
	for (int i = 0; i < r.t->ncells; i++)
	{
		const GiCode *c = &r.t->codes[r.t->cell_code[i]];
		char		buf[GI_DECIMAL_BUFLEN];

		if (r.nulls[i])
			continue;
		gi_format_decimal(r.vals[i], r.t->rows[c->row].scale, buf);
		appendStringInfo(&s, "%s\"%s\": %s", first ? "" : ", ", c->code, buf);
		first = false;
	}
	appendStringInfoString(&s, "}}");
	PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(s.data)));
}

PG_FUNCTION_INFO_V1(govinfo_value);
/*
 * govinfo.value(r, code): a cell's or group's value in the printed unit;
 * NULL for a code of another template that r's lacks.
 */
Datum
govinfo_value(PG_FUNCTION_ARGS)
{
	GiReport	r;
	char	   *name;
	int			code;
	int64		v;

	GI_GETARG_REPORT(0, &r);
	name = text_to_cstring(PG_GETARG_TEXT_PP(1));
	code = gi_code_lookup(r.t, name, (int) strlen(name));
	if (code < 0)
	{
		int			len = (int) strlen(name);
		int			dist;
		int			own;
		const GiTemplate *other = NULL;
		int			near = -1;

		/* a code of another layout is one this report does not have */
		for (int i = 0; i < gi_ntemplates; i++)
			if (gi_code_lookup(gi_templates[i], name, len) >= 0)
				PG_RETURN_NULL();

		/*
		 * A code no template has: the hint names the nearest code of the
		 * report's template, unless another template has a nearer one.
		 */
		gi_code_nearest(r.t, name, len, &own);
		for (int i = 0; i < gi_ntemplates; i++)
		{
			int			c = gi_code_nearest(gi_templates[i], name, len, &dist);

			if (gi_templates[i] != r.t && c >= 0 && dist < own && dist <= 3)
			{
				other = gi_templates[i];
				near = c;
				own = dist;
			}
		}
		if (other != NULL)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown cell code \"%s\" in template %s", name, r.t->name),
					 errhint("The nearest code is \"%s\" (%s) of template %s, which %s reports lack: govinfo.value() gives NULL for it.",
							 other->codes[near].code, gi_code_label_zh(other, near),
							 other->name, r.t->name)));
		code = gi_code_or_error(r.t, name);
	}
	if (!gi_code_value(&r, code, &v))
		PG_RETURN_NULL();
	PG_RETURN_NUMERIC(gi_units_to_numeric(v, r.t->rows[r.t->codes[code].row].scale));
}

PG_FUNCTION_INFO_V1(govinfo_cells);
/* govinfo.cells(r): the report in long form, printed order, groups included. */
Datum
govinfo_cells(PG_FUNCTION_ARGS)
{
	GiReport	r;
	TupleDesc	tupdesc;
	Tuplestorestate *store;
	const GiTemplate *t;

	GI_GETARG_REPORT(0, &r);
	t = r.t;
	store = gi_materialize(fcinfo, &tupdesc);
	for (int i = 0; i < t->ncodes; i++)
	{
		const GiCode *c = &t->codes[i];
		const GiRow *row = &t->rows[c->row];
		Datum		values[6];
		bool		isnull[6] = {false, false, false, false, false, false};
		int64		v;

		values[0] = CStringGetTextDatum(c->code);
		values[1] = GiServerTextDatum(row->section);
		values[2] = CStringGetTextDatum(gi_code_label_zh(t, i));
		values[3] = GiServerTextDatum(row->unit);
		values[4] = CStringGetTextDatum(gi_kind_name(row->kind));
		if (gi_code_value(&r, i, &v))
			values[5] = NumericGetDatum(gi_units_to_numeric(v, row->scale));
		else
			isnull[5] = true;
		tuplestore_putvalues(store, tupdesc, values, isnull);
	}
	return (Datum) 0;
}

/* Parse a mode name or raise an error listing the modes. */
GiMode
gi_mode_or_error(text *name)
{
	const char *s = VARDATA_ANY(name);
	int			len = VARSIZE_ANY_EXHDR(name);

	for (int i = 0; i < GI_NMODES; i++)
		if ((int) strlen(gi_mode_names[i]) == len && memcmp(gi_mode_names[i], s, len) == 0)
			return (GiMode) i;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown missing-value mode %s", gi_echo_text(name)),
			 errhint("Use non_null (the default), non_zero, partial_null, partial_zero, always_null, always_zero or certain.")));
	return GI_MODE_NON_NULL;	/* not reached */
}
