/*
 * locate_sql.c
 *	  govinfo.locate(): the SQL face of locate.c, which finds the fewest
 *	  cells whose change explains a report's broken error rules.  This file
 *	  deforms the arguments, runs the search and words its rows.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "decimal.h"
#include "locate.h"
#include "report.h"

/* A numeric[] of values in the cells' printed units (NULL for a blank). */
static Datum
values_array(const GiTemplate *t, const GiFix *f, bool new_values)
{
	Datum		elems[GI_LOCATE_MAX_CELLS];
	bool		nulls[GI_LOCATE_MAX_CELLS];
	int			dims[1] = {f->ncells};
	int			lbs[1] = {1};

	for (int i = 0; i < f->ncells; i++)
	{
		int			scale = t->rows[t->codes[t->cell_code[f->pos[i]]].row].scale;

		nulls[i] = !new_values && f->old_null[i];
		elems[i] = nulls[i] ? (Datum) 0 :
			NumericGetDatum(gi_units_to_numeric(new_values ? f->new_vals[i] : f->old_vals[i], scale));
	}
	return PointerGetDatum(construct_md_array(elems, nulls, 1, dims, lbs, NUMERICOID,
											  -1, false, TYPALIGN_INT));
}

/* "code [section label] old → new (kind)" for each cell of a fix. */
static Datum
fixes_array(const GiTemplate *t, const GiFix *f, Datum *cells)
{
	Datum		elems[GI_LOCATE_MAX_CELLS];

	for (int i = 0; i < f->ncells; i++)
	{
		int			code = t->cell_code[f->pos[i]];
		int			scale = t->rows[t->codes[code].row].scale;
		char		oldbuf[GI_DECIMAL_BUFLEN];
		char		newbuf[GI_DECIMAL_BUFLEN];
		StringInfoData buf;

		if (f->old_null[i])
			strcpy(oldbuf, "blank");
		else
			gi_format_decimal(f->old_vals[i], scale, oldbuf);
		gi_format_decimal(f->new_vals[i], scale, newbuf);
		initStringInfo(&buf);
		gi_describe_code(&buf, t, code);
		appendStringInfo(&buf, " %s → %s (%s)", oldbuf, newbuf, gi_slip_names[f->cell_kind[i]]);
		elems[i] = CStringGetTextDatum(buf.data);
		cells[i] = CStringGetTextDatum(t->codes[code].code);
	}
	return PointerGetDatum(construct_array(elems, f->ncells, TEXTOID, -1, false, TYPALIGN_INT));
}

PG_FUNCTION_INFO_V1(govinfo_locate);
/* govinfo.locate(r, mode, max_cells): the fewest cells whose change explains the broken error rules. */
Datum
govinfo_locate(PG_FUNCTION_ARGS)
{
	GiReport	r;
	GiMode		mode;
	int32		max_cells;
	GiLocateResult *res;
	TupleDesc	tupdesc;
	Tuplestorestate *store;

	GI_GETARG_REPORT(0, &r);
	mode = gi_mode_or_error(PG_GETARG_TEXT_PP(1));
	max_cells = PG_GETARG_INT32(2);
	if (max_cells < 1 || max_cells > GI_LOCATE_MAX_CELLS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("max_cells must be between 1 and %d", GI_LOCATE_MAX_CELLS),
				 errdetail("max_cells %d was given.", max_cells)));

	res = palloc(sizeof(GiLocateResult));
	gi_locate(r.t, r.vals, r.nulls, mode, max_cells, 0, res);
	if (res->status == GI_LOCATE_OVERFLOW)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("sum out of range in a rule of template %s", r.t->name),
				 errdetail("A side of a rule exceeds the bigint range; the cells hold implausibly large values.")));
	if (res->status == GI_LOCATE_NO_MEMORY)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory"),
				 errdetail("govinfo.locate() could not allocate its working memory.")));

	if (res->truncated)
		ereport(NOTICE,
				(errmsg("locate stopped at its bound of %d steps", GI_LOCATE_DEFAULT_STEPS),
				 errdetail("%d error rule instances are broken; the rows are the best explanations found before the bound.",
						   res->nbroken),
				 errhint("A smaller max_cells searches less; fix the clearest errors first and run locate again.")));
	else if (res->nbroken > 0 && res->nfixes == 0)
		ereport(NOTICE,
				(errmsg("no change of at most %d cell%s makes the report consistent",
						max_cells, max_cells == 1 ? "" : "s"),
				 errdetail("%d error rule instance%s broken under %s.", res->nbroken,
						   res->nbroken == 1 ? " is" : "s are", gi_mode_names[mode]),
				 max_cells < GI_LOCATE_MAX_CELLS ?
				 errhint("A larger max_cells (at most %d) searches further.", GI_LOCATE_MAX_CELLS) : 0));

	store = gi_materialize(fcinfo, &tupdesc);
	for (int i = 0; i < res->nfixes; i++)
	{
		const GiFix *f = &res->fixes[i];
		Datum		values[7];
		bool		isnull[7] = {false, false, false, false, false, false, false};
		Datum		cells[GI_LOCATE_MAX_CELLS];

		values[0] = Int32GetDatum(i + 1);
		values[1] = CStringGetTextDatum(gi_slip_names[f->kind]);
		values[5] = fixes_array(r.t, f, cells);
		values[2] = PointerGetDatum(construct_array(cells, f->ncells, TEXTOID, -1, false, TYPALIGN_INT));
		values[3] = values_array(r.t, f, false);
		values[4] = values_array(r.t, f, true);
		values[6] = Float4GetDatum(f->score);
		tuplestore_putvalues(store, tupdesc, values, isnull);
	}
	return (Datum) 0;
}
