/*
 * checks.c
 *	  The SQL face of the rule engine: govinfo.violations(), is_consistent(),
 *	  check_totals() for CHECK constraints, continuity() between two
 *	  years' reports, and upgrade_check() between the 1.0 and 1.1 readings
 *	  of groups.  Evaluation itself is rules.c; this file deforms the
 *	  arguments, words the findings (in Chinese: message_zh.c) and raises
 *	  the errors.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "common/int.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "decimal.h"
#include "message_zh.h"
#include "report.h"

/* Append a value in printed units, or "blank". */
static void
append_value(StringInfo buf, bool isnull, int64 v, int scale)
{
	char		num[GI_DECIMAL_BUFLEN];

	if (isnull)
	{
		appendStringInfoString(buf, "blank");
		return;
	}
	gi_format_decimal(v, scale, num);
	appendStringInfoString(buf, num);
}

/* The printed-unit scale of a rule's sides (rules never mix units). */
static int
rule_scale(const GiTemplate *t, const GiRule *rule)
{
	const GiOperand *op = &t->operands[rule->dlhs_start];

	return t->rows[t->codes[op->code].row].scale;
}

/* Append one side of a rule as written: "a [..] 3 + b [..] 4". */
static void
append_side(StringInfo buf, const GiTemplate *t, const GiOperand *ops, int n,
			const int64 *vals, const bool *nulls,
			const int64 *pvals, const bool *pnulls)
{
	for (int i = 0; i < n; i++)
	{
		const GiOperand *op = &ops[i];
		const GiCode *c = &t->codes[op->code];
		const int64 *v = op->prev ? pvals : vals;
		const bool *nl = op->prev ? pnulls : nulls;
		int64		value = 0;
		bool		isnull;

		if (i > 0)
			appendStringInfoString(buf, op->coef < 0 ? " - " : " + ");
		else if (op->coef < 0)
			appendStringInfoString(buf, "- ");
		if (op->prev)
			appendStringInfoString(buf, "prev.");
		gi_describe_code(buf, t, op->code);
		appendStringInfoChar(buf, ' ');
		if (v == NULL)
			isnull = true;
		else if (c->pos >= 0)
		{
			isnull = nl[c->pos];
			value = v[c->pos];
		}
		else if (!gi_group_value(t, op->code, v, nl, &value, &isnull))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("value of group %s is out of range", c->code)));
		append_value(buf, isnull, value, t->rows[c->row].scale);
	}
}

/*
 * A side's total: its value, or under mode certain with a blank operand the
 * bound the blanks leave ("at least 97"), or "unknown".
 */
static void
append_total(StringInfo buf, bool isnull, int64 v, bool up, bool down,
			 GiMode mode, int scale)
{
	if (mode == GI_MODE_CERTAIN && (up || down))
	{
		if (up && down)
		{
			appendStringInfoString(buf, "unknown");
			return;
		}
		appendStringInfoString(buf, up ? "at least " : "at most ");
		isnull = false;
	}
	append_value(buf, isnull, v, scale);
}

/*
 * Word one finding: the rule id, both sides with every operand named by
 * code, section and label, and the difference.  Built in UTF-8 from the
 * catalog alone, converted once to the database encoding.
 */
static char *
finding_message(const GiTemplate *t, const GiRule *rule, const GiOutcome *o,
				GiMode mode, const int64 *vals, const bool *nulls,
				const int64 *pvals, const bool *pnulls)
{
	StringInfoData buf;
	int			scale = rule_scale(t, rule);
	const char *verb;

	initStringInfo(&buf);
	appendStringInfo(&buf, "%s: ", rule->id);
	append_side(&buf, t, &t->operands[rule->dlhs_start], rule->dlhs_len, vals, nulls, pvals, pnulls);
	if (rule->dlhs_len > 1)
	{
		appendStringInfoString(&buf, " = ");
		append_total(&buf, o->lhs_null, o->lhs, o->lhs_up, o->lhs_down, mode, scale);
	}
	if (o->outcome < 0)
		verb = rule->op == GI_OP_EQ ? "=" : rule->op == GI_OP_LE ? "<=" : ">=";
	else if (o->outcome == 0)
		verb = rule->op == GI_OP_EQ ? "≠" : rule->op == GI_OP_LE ? ">" : "<";
	else
		verb = rule->op == GI_OP_EQ ? "=" : rule->op == GI_OP_LE ? "<=" : ">=";
	appendStringInfo(&buf, " %s ", verb);
	append_side(&buf, t, &t->operands[rule->drhs_start], rule->drhs_len, vals, nulls, pvals, pnulls);
	if (rule->drhs_len > 1)
	{
		appendStringInfoString(&buf, " = ");
		append_total(&buf, o->rhs_null, o->rhs, o->rhs_up, o->rhs_down, mode, scale);
	}
	if (o->outcome == 0 && !o->imbalance_null)
	{
		appendStringInfoString(&buf, "; left - right = ");
		append_value(&buf, false, o->imbalance, scale);
	}
	else if (o->outcome == 0)
	{
		/* mode certain, blanks: the sides' known parts bound the difference */
		int64		k;

		if (pg_sub_s64_overflow(o->lhs, o->rhs, &k))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("sum out of range in rule %s of template %s", rule->id, t->name)));
		appendStringInfoString(&buf, k > 0 ? "; left - right ≥ " : "; left - right ≤ ");
		append_value(&buf, false, k, scale);
		appendStringInfoString(&buf, " whatever the blank cells hold");
	}
	else if (o->outcome < 0)
		appendStringInfo(&buf, "; cannot be judged under %s", gi_mode_names[mode]);
	else
		appendStringInfoString(&buf, "; holds");
	return gi_server_str(buf.data);
}

/* The cells a rule instance involves, as text[] ("prev." for last year's). */
static Datum
rule_cells(const GiTemplate *t, const GiRule *rule)
{
	int			n = rule->lhs_len + rule->rhs_len;
	Datum	   *elems = palloc(sizeof(Datum) * n);

	for (int i = 0; i < n; i++)
	{
		const GiTerm *term = &t->terms[i < rule->lhs_len ? rule->lhs_start + i
									   : rule->rhs_start + i - rule->lhs_len];
		const char *code = t->codes[term->code].code;

		elems[i] = CStringGetTextDatum(term->prev ? psprintf("prev.%s", code) : code);
	}
	return PointerGetDatum(construct_array(elems, n, TEXTOID, -1, false, TYPALIGN_INT));
}

static bool
eval_or_error(const GiTemplate *t, const GiRule *rule,
			  const int64 *vals, const bool *nulls,
			  const int64 *pvals, const bool *pnulls,
			  GiMode mode, GiOutcome *o)
{
	if (!gi_eval_rule(t, rule, vals, nulls, pvals, pnulls, mode, o))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("sum out of range in rule %s of template %s", rule->id, t->name),
				 errdetail("A side of the rule exceeds the bigint range; the cells hold implausibly large values.")));
	return o->outcome == 0;
}

/* Put the rows for the selected instances into the tuple store. */
static void
emit_findings(FunctionCallInfo fcinfo, const GiTemplate *t, bool continuity, bool all,
			  GiMode mode, const int64 *vals, const bool *nulls,
			  const int64 *pvals, const bool *pnulls)
{
	TupleDesc	tupdesc;
	Tuplestorestate *store = gi_materialize(fcinfo, &tupdesc);

	for (int i = 0; i < t->nrules; i++)
	{
		const GiRule *rule = &t->rules[i];
		GiOutcome	o;
		Datum		values[9];
		bool		isnull[9] = {false, false, false, false, false, false, false, false, false};
		int			scale;

		if (rule->continuity != continuity)
			continue;
		eval_or_error(t, rule, vals, nulls, pvals, pnulls, mode, &o);
		if (!all && o.outcome != 0)
			continue;
		scale = rule_scale(t, rule);
		values[0] = CStringGetTextDatum(rule->id);
		values[1] = CStringGetTextDatum(rule->severity == GI_SEV_ERROR ? "error" : "warning");
		values[2] = BoolGetDatum(o.outcome == 1);
		isnull[2] = (o.outcome < 0);
		values[3] = NumericGetDatum(gi_units_to_numeric(o.lhs, scale));
		isnull[3] = o.lhs_null;
		values[4] = NumericGetDatum(gi_units_to_numeric(o.rhs, scale));
		isnull[4] = o.rhs_null;
		values[5] = NumericGetDatum(gi_units_to_numeric(o.imbalance, scale));
		isnull[5] = o.imbalance_null;
		values[6] = rule_cells(t, rule);
		values[7] = CStringGetTextDatum(finding_message(t, rule, &o, mode, vals, nulls, pvals, pnulls));
		values[8] = GiServerTextDatum(gi_finding_zh(t, rule, &o, mode, vals, nulls, pvals, pnulls));
		tuplestore_putvalues(store, tupdesc, values, isnull);
	}
}

PG_FUNCTION_INFO_V1(govinfo_violations);
/* govinfo.violations(r, mode, output): the outcome of each rule instance. */
Datum
govinfo_violations(PG_FUNCTION_ARGS)
{
	GiReport	r;
	GiMode		mode;
	char	   *output;
	bool		all;

	GI_GETARG_REPORT(0, &r);
	mode = gi_mode_or_error(PG_GETARG_TEXT_PP(1));
	output = text_to_cstring(PG_GETARG_TEXT_PP(2));
	if (strcmp(output, "all") == 0)
		all = true;
	else if (strcmp(output, "invalid") == 0)
		all = false;
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown output %s", gi_echo_cstr(output)),
				 errhint("Use 'invalid' (broken instances only) or 'all'.")));
	emit_findings(fcinfo, r.t, false, all, mode, r.vals, r.nulls, NULL, NULL);
	return (Datum) 0;
}

/* Index of the first broken error-severity instance from start, or -1. */
static int
first_broken(const GiReport *r, GiMode mode, int start)
{
	const GiTemplate *t = r->t;

	if (mode == GI_MODE_NON_NULL)
	{
		int			i = gi_first_broken_non_null(t, r->vals, r->nulls, start);

		if (i != -2)
			return i;
		/* a sum left the int64 range: the general path words the error */
	}
	for (int i = start; i < t->nrules; i++)
	{
		const GiRule *rule = &t->rules[i];
		GiOutcome	o;

		if (rule->continuity || rule->severity != GI_SEV_ERROR)
			continue;
		if (eval_or_error(t, rule, r->vals, r->nulls, NULL, NULL, mode, &o))
			return i;
	}
	return -1;
}

PG_FUNCTION_INFO_V1(govinfo_is_consistent);
/* govinfo.is_consistent(r, mode): no error-severity instance is broken. */
Datum
govinfo_is_consistent(PG_FUNCTION_ARGS)
{
	GiReport	r;

	GI_GETARG_REPORT(0, &r);
	PG_RETURN_BOOL(first_broken(&r, gi_mode_or_error(PG_GETARG_TEXT_PP(1)), 0) < 0);
}

PG_FUNCTION_INFO_V1(govinfo_check_totals);
/* govinfo.check_totals(r, mode): true, or raise check_violation with every broken rule. */
Datum
govinfo_check_totals(PG_FUNCTION_ARGS)
{
	GiReport	r;
	GiMode		mode;
	int			i;
	StringInfoData detail;
	int			nbroken = 0;
	char	   *who;

	GI_GETARG_REPORT(0, &r);
	mode = gi_mode_or_error(PG_GETARG_TEXT_PP(1));
	i = first_broken(&r, mode, 0);
	if (i < 0)
		PG_RETURN_BOOL(true);

	initStringInfo(&detail);
	for (; i >= 0; i = first_broken(&r, mode, i + 1))
	{
		GiOutcome	o;

		eval_or_error(r.t, &r.t->rules[i], r.vals, r.nulls, NULL, NULL, mode, &o);
		if (nbroken++ > 0)
			appendStringInfoChar(&detail, '\n');
		appendStringInfoString(&detail, finding_message(r.t, &r.t->rules[i], &o, mode,
														r.vals, r.nulls, NULL, NULL));
	}
	who = r.agency ? gi_echo_text(r.agency) : "an unnamed agency";
	if (r.year_null)
		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("%s report of %s (year not given) breaks %d rule%s",
						r.t->name, who, nbroken, nbroken == 1 ? "" : "s"),
				 errdetail_internal("%s", detail.data),
				 errhint("Correct the cells named above; govinfo.violations(report) lists every rule's outcome.")));
	ereport(ERROR,
			(errcode(ERRCODE_CHECK_VIOLATION),
			 errmsg("%s report of %s for %d breaks %d rule%s",
					r.t->name, who, r.year, nbroken, nbroken == 1 ? "" : "s"),
			 errdetail_internal("%s", detail.data),
			 errhint("Correct the cells named above; govinfo.violations(report) lists every rule's outcome.")));
	PG_RETURN_BOOL(false);		/* not reached */
}

PG_FUNCTION_INFO_V1(govinfo_continuity);
/* govinfo.continuity(prev, cur, mode): the prev. rules of cur's template. */
Datum
govinfo_continuity(PG_FUNCTION_ARGS)
{
	GiReport	prev,
				cur;
	GiMode		mode;
	int64	   *pvals;
	bool	   *pnulls;
	const GiTemplate *t;

	GI_GETARG_REPORT(0, &prev);
	GI_GETARG_REPORT(1, &cur);
	mode = gi_mode_or_error(PG_GETARG_TEXT_PP(2));
	t = cur.t;

	if (prev.agency == NULL || cur.agency == NULL ||
		strcmp(text_to_cstring(prev.agency), text_to_cstring(cur.agency)) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("continuity needs two reports of the same agency"),
				 errdetail("The reports are of %s and %s.",
						   prev.agency ? gi_echo_text(prev.agency) : "no agency",
						   cur.agency ? gi_echo_text(cur.agency) : "no agency")));
	if (prev.year_null || cur.year_null || cur.year != prev.year + 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("continuity needs reports of consecutive years"),
				 errdetail("The first report is of %s, the second of %s; the second must be one year later.",
						   prev.year_null ? "no year" : psprintf("%d", prev.year),
						   cur.year_null ? "no year" : psprintf("%d", cur.year))));

	/* last year's cells, aligned to this year's template by code */
	pvals = palloc(sizeof(int64) * t->ncells);
	pnulls = palloc(sizeof(bool) * t->ncells);
	for (int i = 0; i < t->ncells; i++)
	{
		const char *code = t->codes[t->cell_code[i]].code;
		int			pc = prev.t == t ? t->cell_code[i]
			: gi_code_lookup(prev.t, code, (int) strlen(code));
		int			ppos = pc >= 0 ? prev.t->codes[pc].pos : -1;

		pnulls[i] = (ppos < 0) || prev.nulls[ppos];
		pvals[i] = pnulls[i] ? 0 : prev.vals[ppos];
	}
	emit_findings(fcinfo, t, true, true, mode, cur.vals, cur.nulls, pvals, pnulls);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(govinfo_upgrade_check);
/*
 * govinfo.upgrade_check(r, mode): the rule instances whose outcome differs
 * between govinfo 1.0 (a group term is its definition) and 1.1 (a group
 * term is the group's value).
 */
Datum
govinfo_upgrade_check(PG_FUNCTION_ARGS)
{
	GiReport	r;
	GiMode		mode;
	TupleDesc	tupdesc;
	Tuplestorestate *store;

	GI_GETARG_REPORT(0, &r);
	mode = gi_mode_or_error(PG_GETARG_TEXT_PP(1));
	if (mode == GI_MODE_CERTAIN)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("mode \"certain\" is new in govinfo 1.1"),
				 errdetail("govinfo.upgrade_check() compares outcomes under a mode that 1.0 had as well."),
				 errhint("Use non_null (the default), non_zero, partial_null, partial_zero, always_null or always_zero.")));
	store = gi_materialize(fcinfo, &tupdesc);
	for (int i = 0; i < r.t->nrules; i++)
	{
		const GiRule *rule = &r.t->rules[i];
		GiOutcome	o10,
					o11;
		Datum		values[3];
		bool		isnull[3] = {false, false, false};

		if (rule->continuity)
			continue;
		if (!gi_eval_rule_read(r.t, rule, r.vals, r.nulls, NULL, NULL, mode,
							   GI_GROUPS_AS_DEFINITIONS, &o10))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("sum out of range in rule %s of template %s", rule->id, r.t->name),
					 errdetail("A side of the rule exceeds the bigint range; the cells hold implausibly large values.")));
		eval_or_error(r.t, rule, r.vals, r.nulls, NULL, NULL, mode, &o11);
		if (o10.outcome == o11.outcome)
			continue;
		values[0] = CStringGetTextDatum(rule->id);
		values[1] = BoolGetDatum(o10.outcome == 1);
		isnull[1] = (o10.outcome < 0);
		values[2] = BoolGetDatum(o11.outcome == 1);
		isnull[2] = (o11.outcome < 0);
		tuplestore_putvalues(store, tupdesc, values, isnull);
	}
	return (Datum) 0;
}
