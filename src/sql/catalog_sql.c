/*
 * catalog_sql.c
 *	  SQL access to the template catalog: govinfo.templates(),
 *	  govinfo.template_cells() and govinfo.template_rules().
 */
#include "postgres.h"

#include "funcapi.h"
#include "utils/builtins.h"

#include "report.h"

PG_FUNCTION_INFO_V1(govinfo_templates);
/* govinfo.templates(): the table layouts. */
Datum
govinfo_templates(PG_FUNCTION_ARGS)
{
	TupleDesc	tupdesc;
	Tuplestorestate *store = gi_materialize(fcinfo, &tupdesc);

	for (int i = 0; i < gi_ntemplates; i++)
	{
		const GiTemplate *t = gi_templates[i];
		Datum		values[6];
		bool		isnull[6] = {false, false, false, false, false, false};
		int			checks = 0;

		for (int k = 0; k < t->nspec; k++)
			if (strcmp(t->spec[k].id, "DEF") != 0)
				checks++;
		values[0] = CStringGetTextDatum(t->name);
		values[1] = GiServerTextDatum(t->title);
		values[2] = Int32GetDatum(t->first_year);
		values[3] = Int32GetDatum(t->last_year);
		isnull[3] = (t->last_year == 0);
		values[4] = Int32GetDatum(t->ncells);
		values[5] = Int32GetDatum(checks);
		tuplestore_putvalues(store, tupdesc, values, isnull);
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(govinfo_template_cells);
/* govinfo.template_cells(template): cells and groups in printed order. */
Datum
govinfo_template_cells(PG_FUNCTION_ARGS)
{
	const GiTemplate *t = gi_template_or_error(text_to_cstring(PG_GETARG_TEXT_PP(0)));
	TupleDesc	tupdesc;
	Tuplestorestate *store = gi_materialize(fcinfo, &tupdesc);

	for (int i = 0; i < t->ncodes; i++)
	{
		const GiCode *c = &t->codes[i];
		const GiRow *row = &t->rows[c->row];
		Datum		values[8];
		bool		isnull[8] = {false, false, false, false, false, false, false, false};

		values[0] = Int32GetDatum(c->pos + 1);
		isnull[0] = (c->pos < 0);
		values[1] = CStringGetTextDatum(c->code);
		values[2] = CStringGetTextDatum(gi_kind_name(row->kind));
		values[3] = GiServerTextDatum(row->section);
		values[4] = GiServerTextDatum(row->unit);
		values[5] = GiServerTextDatum(row->is_signed ? "±" : "+");
		values[6] = CStringGetTextDatum(gi_code_label_zh(t, i));
		if (c->column >= 0)
			values[7] = GiServerTextDatum(psprintf("%s (%s)", row->label_en,
												   t->columns[c->column].label_en));
		else
			values[7] = GiServerTextDatum(row->label_en);
		tuplestore_putvalues(store, tupdesc, values, isnull);
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(govinfo_template_rules);
/* govinfo.template_rules(template): the rules as written in the spec. */
Datum
govinfo_template_rules(PG_FUNCTION_ARGS)
{
	const GiTemplate *t = gi_template_or_error(text_to_cstring(PG_GETARG_TEXT_PP(0)));
	TupleDesc	tupdesc;
	Tuplestorestate *store = gi_materialize(fcinfo, &tupdesc);

	for (int i = 0; i < t->nspec; i++)
	{
		Datum		values[4];
		bool		isnull[4] = {false, false, false, false};

		values[0] = CStringGetTextDatum(t->spec[i].id);
		values[1] = CStringGetTextDatum(t->spec[i].severity);
		values[2] = GiServerTextDatum(t->spec[i].rule);
		values[3] = GiServerTextDatum(t->spec[i].why);
		tuplestore_putvalues(store, tupdesc, values, isnull);
	}
	return (Datum) 0;
}
