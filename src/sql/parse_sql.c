/*
 * parse_sql.c
 *	  SQL wrappers of the report-text parser (parse.c) and of the prose-vs-
 *	  table check (narrative.c): govinfo.parse_report(), govinfo.parse_log()
 *	  and govinfo.narrative_conflicts().
 *
 * Thin by design: the parsing is pure C.  Here the text is refused beyond
 * GI_PARSE_MAX_BYTES and converted to UTF-8 when the database is not (its
 * strings come back through encoding.h), the parser's malloc'd result is
 * tied to the current memory context (freed even when an error is raised),
 * and its fields become a disclosure_report or rows.
 */
#include "postgres.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "access/detoast.h"
#include "fmgr.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "narrative.h"
#include "parse.h"
#include "report.h"

PG_FUNCTION_INFO_V1(govinfo_parse_report);
PG_FUNCTION_INFO_V1(govinfo_parse_report_previous);
PG_FUNCTION_INFO_V1(govinfo_parse_log);
PG_FUNCTION_INFO_V1(govinfo_parse_log_previous);
PG_FUNCTION_INFO_V1(govinfo_narrative_conflicts);

/*
 * A text at least this long is parsed with enough malloc'd memory (about
 * six times the text) that it is handed back to the system afterwards.
 */
#define GI_PARSE_TRIM_BYTES		(1024 * 1024)

/* Frees a parse result when its memory context goes away (errors included). */
typedef struct ParseGuard
{
	MemoryContextCallback cb;
	GiParseResult *res;
	bool		trim;			/* a large parse: trim the heap after it */
} ParseGuard;

static void
parse_guard_free(void *arg)
{
	ParseGuard *g = (ParseGuard *) arg;

	if (g->res != NULL)
		gi_parse_free(g->res);
	g->res = NULL;
#ifdef __GLIBC__

	/*
	 * The parser's memory comes from malloc, outside any memory context.
	 * Freed, glibc keeps most of it in the backend's heap (behind what was
	 * allocated since); give it back, or an idle backend keeps tens of MB
	 * after one large parse (bench/parse_memory.sh).
	 */
	if (g->trim)
		malloc_trim(0);
	g->trim = false;
#endif
}

/* The parser cuts its input at GI_PARSE_MAX_INPUT: refuse more before that. */
StaticAssertDecl(GI_PARSE_MAX_BYTES <= GI_PARSE_MAX_INPUT,
				 "the documented limit must not exceed what the parser reads");

/* Refuse a report text of len bytes (what) beyond the documented limit. */
static void
check_text_size(size_t len, const char *what)
{
	if (len > GI_PARSE_MAX_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("report text of %zu bytes%s exceeds the limit of %d bytes (%d MiB)",
						len, what, GI_PARSE_MAX_BYTES, GI_PARSE_MAX_BYTES >> 20),
				 errhint("Pass the report's own text; a report's text is rarely more than a few hundred kilobytes.")));
}

/* Argument 0, a report text, as UTF-8 within the limit, and its length. */
static const char *
content_utf8(FunctionCallInfo fcinfo, size_t *len)
{
	const char *s;

	/* the size is known without detoasting the text */
	check_text_size(toast_raw_datum_size(PG_GETARG_DATUM(0)) - VARHDRSZ, "");
	s = gi_text_utf8(PG_GETARG_TEXT_PP(0), len);
	check_text_size(*len, " in UTF-8");
	return s;
}

/*
 * Where the arguments of parse_report and parse_log are: the text is
 * always argument 0; < 0 = not an argument of that function.
 */
typedef struct ParseArgs
{
	int			agency;
	int			year;
	int			tmpl;
	int			previous;		/* last year's report */
} ParseArgs;

/* parse_report(content, agency, year, template) */
static const ParseArgs plain_args = {1, 2, 3, -1};

/* parse_report(content, previous, agency, year, template) */
static const ParseArgs previous_args = {2, 3, 4, 1};

/*
 * Parse argument 0 with the optional template, year and last year's report
 * (a->tmpl, a->year, a->previous); values_only when only the table's
 * values are wanted (no log).  The result is freed with the current memory
 * context; *guard lets the caller free it earlier.
 */
static GiParseResult *
run_parse(FunctionCallInfo fcinfo, const ParseArgs *a, bool values_only, ParseGuard **guard)
{
	GiParseOptions opt;
	GiParsePrevious prev;
	GiReport   *last = NULL;
	const char *data;
	size_t		len;
	ParseGuard *g;
	GiParseResult *res;
	int			year_arg = a->year,
				tmpl_arg = a->tmpl;

	memset(&opt, 0, sizeof(opt));
	opt.values_only = values_only;
	if (a->previous >= 0 && PG_NARGS() > a->previous && !PG_ARGISNULL(a->previous))
	{
		last = palloc(sizeof(GiReport));
		GI_GETARG_REPORT(a->previous, last);
		prev.template = last->t;
		prev.vals = last->vals;
		prev.nulls = last->nulls;
		opt.previous = &prev;
	}
	if (tmpl_arg >= 0 && PG_NARGS() > tmpl_arg && !PG_ARGISNULL(tmpl_arg))
	{
		char	   *name = text_to_cstring(PG_GETARG_TEXT_PP(tmpl_arg));

		opt.template_name = gi_template_or_error(name)->name;
	}
	if (year_arg >= 0 && PG_NARGS() > year_arg && !PG_ARGISNULL(year_arg))
		opt.year = PG_GETARG_INT32(year_arg);
	data = content_utf8(fcinfo, &len);

	g = MemoryContextAllocZero(CurrentMemoryContext, sizeof(ParseGuard));
	g->cb.func = parse_guard_free;
	g->cb.arg = g;
	MemoryContextRegisterResetCallback(CurrentMemoryContext, &g->cb);
	res = gi_parse_ex(data, len, &opt);
	g->res = res;
	g->trim = len >= GI_PARSE_TRIM_BYTES;
	if (res == NULL || res->status == GI_PARSE_NO_MEMORY)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory while parsing a report text"),
				 errdetail("The parser works within %zu MB; the text is %zu bytes long.",
						   (size_t) (GI_PARSE_MEM_LIMIT >> 20), len)));
	/* last year's report must be of the year before */
	if (last != NULL && !last->year_null && res->status == GI_PARSE_OK)
	{
		int			year = year_arg >= 0 && PG_NARGS() > year_arg && !PG_ARGISNULL(year_arg) ?
			PG_GETARG_INT32(year_arg) : res->year;

		if (year != 0 && last->year != year - 1)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("the previous report is of %d, not of the year before %d", last->year, year),
					 errhint("Pass the same agency's report of %d, or NULL.", year - 1)));
	}
	*guard = g;
	return res;
}

/* The report's table as a disclosure_report, its arguments where a says */
static Datum
parse_report_common(FunctionCallInfo fcinfo, const ParseArgs *a)
{
	ParseGuard *g;
	GiParseResult *res;
	GiReport	r;
	Datum		result;

	res = run_parse(fcinfo, a, true, &g);
	if (res->status == GI_PARSE_NO_TABLE)
	{
		int			nlines = gi_parse_nlines(res);

		if (!PG_ARGISNULL(a->tmpl))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("no statistical table of template %s found in the report text",
							text_to_cstring(PG_GETARG_TEXT_PP(a->tmpl))),
					 errdetail_plural("Fewer than three values could be read from rows of the text (%d line) that match rows of that template.",
									  "Fewer than three values could be read from rows of the text (%d lines) that match rows of that template.",
									  nlines, nlines),
					 errhint("Leave the template NULL to detect it; govinfo.parse_log() shows what was read.")));
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("no statistical table found in the report text"),
				 errdetail_plural("Fewer than three values could be read from rows of the text (%d line) that match rows of gov2014, gov2019 or gov2021.",
								  "Fewer than three values could be read from rows of the text (%d lines) that match rows of gov2014, gov2019 or gov2021.",
								  nlines, nlines),
				 errhint("Pass the whole text of the report, its statistical table included; govinfo.parse_log() shows what was read.")));
	}
	gi_report_init(&r, res->template);
	memcpy(r.vals, res->vals, sizeof(int64) * res->template->ncells);
	memcpy(r.nulls, res->nulls, sizeof(bool) * res->template->ncells);
	if (!PG_ARGISNULL(a->agency))
		r.agency = PG_GETARG_TEXT_P_COPY(a->agency);
	else if (res->agency != NULL)
		r.agency = gi_server_text(res->agency);
	if (!PG_ARGISNULL(a->year))
	{
		r.year_null = false;
		r.year = PG_GETARG_INT32(a->year);
	}
	else if (res->year != 0)
	{
		r.year_null = false;
		r.year = res->year;
	}
	/* the parse result is no longer needed: free it before forming the value */
	parse_guard_free(g);
	gi_report_validate(&r);
	result = gi_report_form(fcinfo, &r);
	return result;
}

/* parse_report(content, agency, year, template): the report's table as a disclosure_report */
Datum
govinfo_parse_report(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(parse_report_common(fcinfo, &plain_args));
}

/* parse_report(content, previous, agency, year, template): the same, last year's report given */
Datum
govinfo_parse_report_previous(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(parse_report_common(fcinfo, &previous_args));
}

/* What the parser mapped, guessed and could not read, its arguments where a says */
static void
parse_log_common(FunctionCallInfo fcinfo, const ParseArgs *a)
{
	TupleDesc	tupdesc;
	Tuplestorestate *store = gi_materialize(fcinfo, &tupdesc);
	ParseGuard *g;
	GiParseResult *res;

	if (PG_ARGISNULL(0))
		return;
	res = run_parse(fcinfo, a, false, &g);
	for (int i = 0; i < res->nlog; i++)
	{
		const GiParseLogEntry *e = &res->log[i];
		Datum		values[5];
		bool		nulls[5] = {false, false, false, false, false};

		values[0] = CStringGetTextDatum(e->severity);
		values[1] = GiServerTextDatum(e->section);
		nulls[1] = e->section[0] == '\0';
		values[2] = GiServerTextDatum(e->label);
		nulls[2] = e->label[0] == '\0';
		values[3] = GiServerTextDatum(e->raw);
		nulls[3] = e->raw[0] == '\0';
		values[4] = GiServerTextDatum(e->message);
		tuplestore_putvalues(store, tupdesc, values, nulls);
	}
	/* what the caller gave overrides what the text says: say so */
	for (int k = 0; k < 2; k++)
	{
		int			arg = k == 0 ? a->agency : a->year;
		Datum		values[5];
		bool		nulls[5] = {false, true, true, false, false};

		if (PG_ARGISNULL(arg))
			continue;
		values[0] = CStringGetTextDatum("info");
		if (k == 0)
		{
			values[3] = PointerGetDatum(PG_GETARG_TEXT_PP(arg));
			values[4] = CStringGetTextDatum("agency given: it overrides the one in the text");
		}
		else
		{
			values[3] = DirectFunctionCall1(int4out, PG_GETARG_DATUM(arg));
			values[3] = CStringGetTextDatum(DatumGetCString(values[3]));
			values[4] = CStringGetTextDatum("year given: it overrides the one in the text");
		}
		tuplestore_putvalues(store, tupdesc, values, nulls);
	}
	parse_guard_free(g);
}

/* parse_log(content, agency, year, template): what the parser mapped, guessed and could not read */
Datum
govinfo_parse_log(PG_FUNCTION_ARGS)
{
	parse_log_common(fcinfo, &plain_args);
	PG_RETURN_NULL();
}

/* parse_log(content, previous, agency, year, template): the same, last year's report given */
Datum
govinfo_parse_log_previous(PG_FUNCTION_ARGS)
{
	parse_log_common(fcinfo, &previous_args);
	PG_RETURN_NULL();
}

/* narrative_conflicts(content): numbers the prose states that differ from the table */
Datum
govinfo_narrative_conflicts(PG_FUNCTION_ARGS)
{
	TupleDesc	tupdesc;
	Tuplestorestate *store = gi_materialize(fcinfo, &tupdesc);
	ParseGuard *g;
	GiParseResult *res;
	GiConflict *c = NULL;
	int			n;

	{
		static const ParseArgs none = {-1, -1, -1, -1};

		res = run_parse(fcinfo, &none, false, &g);
	}
	n = gi_narrative_conflicts(NULL, 0, res, &c);
	if (n < 0)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory while comparing a report's prose with its table")));
	PG_TRY();
	{
		for (int i = 0; i < n; i++)
		{
			Datum		values[5];
			bool		nulls[5] = {false, false, false, false, false};
			int			scale = res->template->rows[res->template->codes[c[i].code].row].scale;

			values[0] = CStringGetTextDatum(c[i].code_name);
			values[1] = GiServerTextDatum(c[i].label_zh);
			values[2] = NumericGetDatum(gi_units_to_numeric(c[i].table_value, scale));
			values[3] = NumericGetDatum(gi_units_to_numeric(c[i].text_value, 1));
			values[4] = GiServerTextDatum(c[i].excerpt);
			tuplestore_putvalues(store, tupdesc, values, nulls);
		}
	}
	PG_FINALLY();
	{
		gi_conflicts_free(c, n);
	}
	PG_END_TRY();
	parse_guard_free(g);
	PG_RETURN_NULL();
}
