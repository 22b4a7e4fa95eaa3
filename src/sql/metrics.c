/*
 * metrics.c
 *	  govinfo.metrics(r): a report's key figures under names that mean the
 *	  same thing in every template (govinfo.disclosure_metrics), and
 *	  govinfo.metric_sources(), the crosswalk behind them.
 *
 * The crosswalk is the static table below: for each metric and template,
 * the codes whose values add up to it (docs/metrics.md explains each
 * choice).  Codes are resolved to indices once per backend, at first use;
 * nothing is looked up by name per row.  A metric of several codes is the
 * sum of those present, NULL when none is (as a group's value); a metric a
 * template lacks is NULL.
 */
#include "postgres.h"

#include "common/int.h"
#include "fmgr.h"
#include "funcapi.h"
#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/numeric.h"

#include "compare.h"

/* The count metrics, in the order of their attributes after rates are set aside. */
typedef enum GiMetric
{
	M_RECEIVED,
	M_CARRIED_IN,
	M_HANDLED,
	M_DISCLOSED,
	M_PARTLY,
	M_REFUSED,
	M_UNAVAILABLE,
	M_NOT_PROCESSED,
	M_OTHER_HANDLING,
	M_CARRIED_OUT,
	M_REVIEWS,
	M_REVIEWS_CORRECTED,
	M_LAWSUITS,
	M_LAWSUITS_CORRECTED,
	M_NORMATIVE_ISSUED,
	M_RULES_ISSUED,
	M_LICENSING,
	M_PENALTY,
	M_PROACTIVE_ITEMS,
	M_NMETRICS
} GiMetric;

/* Metric names: the attribute names of govinfo.disclosure_metrics. */
static const char *const metric_names[M_NMETRICS] = {
	"requests_received", "requests_carried_in", "requests_handled",
	"disclosed", "partly_disclosed", "refused", "unavailable", "not_processed",
	"other_handling", "carried_out", "reviews", "reviews_corrected",
	"lawsuits", "lawsuits_corrected", "normative_documents_issued",
	"rules_issued", "licensing_decisions", "penalty_decisions", "proactive_items"
};

#define MAX_SOURCE_CODES 3

typedef struct GiCrosswalk
{
	GiMetric	metric;
	const char *template;
	const char *codes[MAX_SOURCE_CODES];	/* NULL-terminated */
} GiCrosswalk;

/* The crosswalk.  Metrics missing for a template are NULL for it. */
static const GiCrosswalk crosswalk[] = {
	/* gov2014: 政府信息公开工作情况统计表 */
	{M_RECEIVED, "gov2014", {"apply.received"}},
	{M_HANDLED, "gov2014", {"apply.result"}},
	{M_DISCLOSED, "gov2014", {"apply.result.already_public", "apply.result.granted"}},
	{M_PARTLY, "gov2014", {"apply.result.partial"}},
	{M_REFUSED, "gov2014", {"apply.result.denied"}},
	{M_UNAVAILABLE, "gov2014", {"apply.result.not_this_agency", "apply.result.not_exist"}},
	{M_OTHER_HANDLING, "gov2014", {"apply.result.amend_notice", "apply.result.other_channel"}},
	{M_REVIEWS, "gov2014", {"review"}},
	{M_REVIEWS_CORRECTED, "gov2014", {"review.corrected"}},
	{M_LAWSUITS, "gov2014", {"litigation"}},
	{M_LAWSUITS_CORRECTED, "gov2014", {"litigation.corrected"}},
	{M_NORMATIVE_ISSUED, "gov2014", {"proactive.normative_issued"}},
	{M_PROACTIVE_ITEMS, "gov2014", {"proactive.items"}},

	/* gov2019: 年度报告格式（试行） */
	{M_RECEIVED, "gov2019", {"apply.received"}},
	{M_CARRIED_IN, "gov2019", {"apply.carried_in"}},
	{M_HANDLED, "gov2019", {"apply.result"}},
	{M_DISCLOSED, "gov2019", {"apply.result.granted"}},
	{M_PARTLY, "gov2019", {"apply.result.partial"}},
	{M_REFUSED, "gov2019", {"apply.result.denied"}},
	{M_UNAVAILABLE, "gov2019", {"apply.result.unavailable"}},
	{M_NOT_PROCESSED, "gov2019", {"apply.result.rejected"}},
	{M_OTHER_HANDLING, "gov2019", {"apply.result.other"}},
	{M_CARRIED_OUT, "gov2019", {"apply.carried_out"}},
	{M_REVIEWS, "gov2019", {"review"}},
	{M_REVIEWS_CORRECTED, "gov2019", {"review.corrected"}},
	{M_LAWSUITS, "gov2019", {"litigation"}},
	{M_LAWSUITS_CORRECTED, "gov2019", {"litigation.corrected"}},
	{M_NORMATIVE_ISSUED, "gov2019", {"proactive.normative.issued"}},
	{M_RULES_ISSUED, "gov2019", {"proactive.rules.issued"}},
	{M_LICENSING, "gov2019", {"proactive.licensing.decisions"}},
	{M_PENALTY, "gov2019", {"proactive.penalty.decisions"}},

	/* gov2021: 年度报告格式 */
	{M_RECEIVED, "gov2021", {"apply.received"}},
	{M_CARRIED_IN, "gov2021", {"apply.carried_in"}},
	{M_HANDLED, "gov2021", {"apply.result"}},
	{M_DISCLOSED, "gov2021", {"apply.result.granted"}},
	{M_PARTLY, "gov2021", {"apply.result.partial"}},
	{M_REFUSED, "gov2021", {"apply.result.denied"}},
	{M_UNAVAILABLE, "gov2021", {"apply.result.unavailable"}},
	{M_NOT_PROCESSED, "gov2021", {"apply.result.rejected"}},
	{M_OTHER_HANDLING, "gov2021", {"apply.result.other"}},
	{M_CARRIED_OUT, "gov2021", {"apply.carried_out"}},
	{M_REVIEWS, "gov2021", {"review"}},
	{M_REVIEWS_CORRECTED, "gov2021", {"review.corrected"}},
	{M_LAWSUITS, "gov2021", {"litigation"}},
	{M_LAWSUITS_CORRECTED, "gov2021", {"litigation.corrected"}},
	{M_NORMATIVE_ISSUED, "gov2021", {"proactive.normative.issued"}},
	{M_RULES_ISSUED, "gov2021", {"proactive.rules.issued"}},
	{M_LICENSING, "gov2021", {"proactive.licensing.decisions"}},
	{M_PENALTY, "gov2021", {"proactive.penalty.decisions"}},
};

#define MAX_TEMPLATES 8

/* The crosswalk resolved to code indices: -1 ends a list. */
static int	resolved[MAX_TEMPLATES][M_NMETRICS][MAX_SOURCE_CODES + 1];
static bool resolved_done = false;

/* Resolve the crosswalk's codes to indices, once per backend. */
static void
resolve_crosswalk(void)
{
	if (resolved_done)
		return;
	if (gi_ntemplates > MAX_TEMPLATES)
		elog(ERROR, "too many templates for the metrics crosswalk");
	memset(resolved, -1, sizeof(resolved));
	for (int i = 0; i < lengthof(crosswalk); i++)
	{
		const GiCrosswalk *e = &crosswalk[i];
		int			ti = -1;
		const GiTemplate *t;

		for (int k = 0; k < gi_ntemplates; k++)
			if (strcmp(gi_templates[k]->name, e->template) == 0)
				ti = k;
		if (ti < 0)
			elog(ERROR, "metrics crosswalk names unknown template %s", e->template);
		t = gi_templates[ti];
		for (int k = 0; k < MAX_SOURCE_CODES && e->codes[k]; k++)
		{
			int			code = gi_code_lookup(t, e->codes[k], (int) strlen(e->codes[k]));

			if (code < 0)
				elog(ERROR, "metrics crosswalk names unknown code %s of template %s",
					 e->codes[k], t->name);
			if (t->rows[t->codes[code].row].scale != 1)
				elog(ERROR, "metrics crosswalk code %s of template %s is not a count",
					 e->codes[k], t->name);
			resolved[ti][e->metric][k] = code;
		}
	}
	resolved_done = true;
}

/* The value of a metric: the sum of its codes' present values; false when NULL. */
static bool
metric_value(const GiReport *r, int ti, GiMetric m, int64 *out)
{
	const int  *codes = resolved[ti][m];
	bool		any = false;
	int64		sum = 0;

	for (int k = 0; k < MAX_SOURCE_CODES && codes[k] >= 0; k++)
	{
		int64		v;

		if (!gi_code_value(r, codes[k], &v))
			continue;
		if (pg_add_s64_overflow(sum, v, &sum))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("metric %s of this %s report is out of range",
							metric_names[m], r->t->name)));
		any = true;
	}
	*out = sum;
	return any;
}

/* num / den rounded to 4 places; NULL (false) when either is NULL or den is 0. */
static bool
rate(bool num_ok, int64 num, bool den_ok, int64 den, Datum *out)
{
	if (!num_ok || !den_ok || den == 0)
		return false;
	*out = DirectFunctionCall2(numeric_round,
							   DirectFunctionCall2(numeric_div,
												   NumericGetDatum(int64_to_numeric(num)),
												   NumericGetDatum(int64_to_numeric(den))),
							   Int32GetDatum(4));
	return true;
}

/* Attribute numbers (0-based) of govinfo.disclosure_metrics. */
enum
{
	A_AGENCY, A_YEAR, A_TEMPLATE,
	A_RECEIVED, A_CARRIED_IN, A_HANDLED, A_DISCLOSED, A_PARTLY, A_REFUSED,
	A_UNAVAILABLE, A_NOT_PROCESSED, A_OTHER_HANDLING, A_CARRIED_OUT,
	A_DISCLOSURE_RATE, A_REFUSAL_RATE,
	A_REVIEWS, A_REVIEWS_CORRECTED, A_REVIEW_RATE,
	A_LAWSUITS, A_LAWSUITS_CORRECTED, A_LITIGATION_RATE,
	A_NORMATIVE_ISSUED, A_RULES_ISSUED, A_LICENSING, A_PENALTY, A_PROACTIVE_ITEMS,
	A_NATTS
};

/* Attribute of each count metric. */
static const int metric_attr[M_NMETRICS] = {
	A_RECEIVED, A_CARRIED_IN, A_HANDLED, A_DISCLOSED, A_PARTLY, A_REFUSED,
	A_UNAVAILABLE, A_NOT_PROCESSED, A_OTHER_HANDLING, A_CARRIED_OUT,
	A_REVIEWS, A_REVIEWS_CORRECTED, A_LAWSUITS, A_LAWSUITS_CORRECTED,
	A_NORMATIVE_ISSUED, A_RULES_ISSUED, A_LICENSING, A_PENALTY, A_PROACTIVE_ITEMS
};

/* The result type's descriptor, cached in fn_extra. */
static TupleDesc
metrics_tupdesc(FunctionCallInfo fcinfo)
{
	TupleDesc	td = (TupleDesc) fcinfo->flinfo->fn_extra;

	if (td == NULL)
	{
		MemoryContext old;

		if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "govinfo.metrics() called in a context without its type");
		if (td->natts != A_NATTS)
			elog(ERROR, "govinfo.disclosure_metrics has %d attributes, expected %d",
				 td->natts, A_NATTS);
		old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		td = BlessTupleDesc(CreateTupleDescCopy(td));
		MemoryContextSwitchTo(old);
		fcinfo->flinfo->fn_extra = td;
	}
	return td;
}

PG_FUNCTION_INFO_V1(govinfo_metrics);
/* govinfo.metrics(r): the report's harmonised key figures. */
Datum
govinfo_metrics(PG_FUNCTION_ARGS)
{
	GiReport	r;
	TupleDesc	td = metrics_tupdesc(fcinfo);
	Datum		values[A_NATTS];
	bool		isnull[A_NATTS];
	int64		v[M_NMETRICS];
	bool		ok[M_NMETRICS];
	int			ti;
	int64		num;
	bool		num_ok;

	GI_GETARG_REPORT(0, &r);
	resolve_crosswalk();
	ti = gi_template_index(r.t);

	memset(isnull, true, sizeof(isnull));
	if (r.agency)
	{
		values[A_AGENCY] = PointerGetDatum(r.agency);
		isnull[A_AGENCY] = false;
	}
	if (!r.year_null)
	{
		values[A_YEAR] = Int32GetDatum(r.year);
		isnull[A_YEAR] = false;
	}
	values[A_TEMPLATE] = CStringGetTextDatum(r.t->name);
	isnull[A_TEMPLATE] = false;

	for (int m = 0; m < M_NMETRICS; m++)
	{
		ok[m] = metric_value(&r, ti, (GiMetric) m, &v[m]);
		if (ok[m])
		{
			values[metric_attr[m]] = Int64GetDatum(v[m]);
			isnull[metric_attr[m]] = false;
		}
	}

	/* disclosed + partly disclosed, NULL only when both are */
	num_ok = ok[M_DISCLOSED] || ok[M_PARTLY];
	num = 0;
	if (num_ok &&
		pg_add_s64_overflow(ok[M_DISCLOSED] ? v[M_DISCLOSED] : 0,
							ok[M_PARTLY] ? v[M_PARTLY] : 0, &num))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("metric disclosure_rate of this %s report is out of range", r.t->name)));
	isnull[A_DISCLOSURE_RATE] = !rate(num_ok, num, ok[M_HANDLED], v[M_HANDLED],
									  &values[A_DISCLOSURE_RATE]);
	isnull[A_REFUSAL_RATE] = !rate(ok[M_REFUSED], v[M_REFUSED], ok[M_HANDLED], v[M_HANDLED],
								   &values[A_REFUSAL_RATE]);
	isnull[A_REVIEW_RATE] = !rate(ok[M_REVIEWS_CORRECTED], v[M_REVIEWS_CORRECTED],
								  ok[M_REVIEWS], v[M_REVIEWS], &values[A_REVIEW_RATE]);
	isnull[A_LITIGATION_RATE] = !rate(ok[M_LAWSUITS_CORRECTED], v[M_LAWSUITS_CORRECTED],
									  ok[M_LAWSUITS], v[M_LAWSUITS], &values[A_LITIGATION_RATE]);

	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(td, values, isnull)));
}

PG_FUNCTION_INFO_V1(govinfo_metric_sources);
/* govinfo.metric_sources(): the crosswalk, one row per metric and template. */
Datum
govinfo_metric_sources(PG_FUNCTION_ARGS)
{
	TupleDesc	tupdesc;
	Tuplestorestate *store = gi_materialize(fcinfo, &tupdesc);

	resolve_crosswalk();
	for (int m = 0; m < M_NMETRICS; m++)
		for (int ti = 0; ti < gi_ntemplates; ti++)
		{
			const GiTemplate *t = gi_templates[ti];
			const int  *codes = resolved[ti][m];
			Datum		values[3];
			bool		isnull[3] = {false, false, false};
			Datum		elems[MAX_SOURCE_CODES];
			int			n = 0;

			while (n < MAX_SOURCE_CODES && codes[n] >= 0)
			{
				elems[n] = CStringGetTextDatum(t->codes[codes[n]].code);
				n++;
			}
			values[0] = CStringGetTextDatum(metric_names[m]);
			values[1] = CStringGetTextDatum(t->name);
			if (n == 0)
				isnull[2] = true;
			else
				values[2] = PointerGetDatum(construct_array(elems, n, TEXTOID, -1, false, TYPALIGN_INT));
			tuplestore_putvalues(store, tupdesc, values, isnull);
		}
	return (Datum) 0;
}
