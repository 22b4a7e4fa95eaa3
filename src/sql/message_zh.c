/*
 * message_zh.c
 *	  The message_zh column of violations() and continuity(): a finding in
 *	  plain Chinese, worded from the rule's sides and the template's labels
 *	  alone (no text per rule), for example
 *		三、（七）总计·自然人 填报97，三、（一）予以公开、（二）部分公开、……、
 *		（六）其他处理的自然人栏之和为95，相差2
 *
 * A cell is named by its label, preceded by the ordinals of the rows that
 * enclose it ("三、" before "（七）总计", "三、（一）" before "1.当面申请数":
 * the nearest earlier rows whose labels open with a higher-level ordinal),
 * without a trailing note in parentheses, and followed by "·" and its
 * column.  A side of several operands lists them once, leaving out of the
 * second and later names the leading parts all of them share; a side that
 * is the other columns of the other side's row is "其余各栏".
 */
#include "postgres.h"

#include "common/int.h"
#include "lib/stringinfo.h"

#include "decimal.h"
#include "message_zh.h"

#define ZH_DUN		"\xe3\x80\x81"	/* 、 */
#define ZH_LPAREN	"\xef\xbc\x88"	/* （ */
#define ZH_RPAREN	"\xef\xbc\x89"	/* ） */
#define ZH_DOT		"\xc2\xb7"		/* · */
#define ZH_FWSTOP	"\xef\xbc\x8e"	/* ． */

/* The largest number of name parts kept: ordinals of enclosing rows, then the label's parts. */
#define MAX_SEGS	12

static const char *const numerals[] = {
	"一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "〇", "零"
};

/* Length of the run of Chinese numerals at s (bytes). */
static int
numeral_run(const char *s)
{
	int			n = 0;

	for (;;)
	{
		bool		hit = false;

		for (int i = 0; i < (int) lengthof(numerals); i++)
			if (strncmp(s + n, numerals[i], strlen(numerals[i])) == 0)
			{
				n += strlen(numerals[i]);
				hit = true;
				break;
			}
		if (!hit)
			return n;
	}
}

/*
 * The level of the ordinal a label opens with: 1 for "三、", 2 for "（三）",
 * 3 for "3." (or "3．"), 0 for none; *len is its length in bytes.
 */
static int
ordinal_level(const char *label, int *len)
{
	int			n;

	*len = 0;
	if ((n = numeral_run(label)) > 0 &&
		strncmp(label + n, ZH_DUN, strlen(ZH_DUN)) == 0)
	{
		*len = n + strlen(ZH_DUN);
		return 1;
	}
	if (strncmp(label, ZH_LPAREN, strlen(ZH_LPAREN)) == 0 &&
		(n = numeral_run(label + strlen(ZH_LPAREN))) > 0 &&
		strncmp(label + strlen(ZH_LPAREN) + n, ZH_RPAREN, strlen(ZH_RPAREN)) == 0)
	{
		*len = strlen(ZH_LPAREN) + n + strlen(ZH_RPAREN);
		return 2;
	}
	for (n = 0; label[n] >= '0' && label[n] <= '9'; n++)
		;
	if (n > 0 && label[n] == '.')
	{
		*len = n + 1;
		return 3;
	}
	if (n > 0 && strncmp(label + n, ZH_FWSTOP, strlen(ZH_FWSTOP)) == 0)
	{
		*len = n + strlen(ZH_FWSTOP);
		return 3;
	}
	return 0;
}

/* A label without a trailing note in parentheses: "（二）部分公开（区分处理的……）" -> "（二）部分公开". */
static char *
label_core(const char *label)
{
	int			len = strlen(label);
	int			rp = strlen(ZH_RPAREN);
	int			ordlen;
	const char *open = NULL;

	ordinal_level(label, &ordlen);
	if (len <= rp || strcmp(label + len - rp, ZH_RPAREN) != 0)
		return pstrdup(label);
	for (const char *p = label + ordlen; (p = strstr(p, ZH_LPAREN)) != NULL; p += strlen(ZH_LPAREN))
		open = p;
	if (open == NULL || open == label + ordlen)
		return pstrdup(label);
	return pnstrdup(label, open - label);
}

/* A cell's or group's name as parts: enclosing ordinals, then its label split after each "·". */
typedef struct ZhName
{
	int			nsegs;
	const char *segs[MAX_SEGS];
	int			row;
	int			column;			/* -1 for rows without columns */
} ZhName;

static void
name_of(const GiTemplate *t, int code, ZhName *nm)
{
	const GiCode *c = &t->codes[code];
	const char *ctx[4];
	int			nctx = 0;
	int			len;
	int			level = ordinal_level(t->rows[c->row].label_zh, &len);
	char	   *core;

	nm->nsegs = 0;
	nm->row = c->row;
	nm->column = c->column;

	/* the ordinals of the enclosing rows, nearest first */
	for (int r = c->row - 1; r >= 0 && level > 1 && nctx < (int) lengthof(ctx); r--)
	{
		int			l = ordinal_level(t->rows[r].label_zh, &len);

		if (l >= 1 && l < level)
		{
			ctx[nctx++] = pnstrdup(t->rows[r].label_zh, len);
			level = l;
		}
	}
	while (nctx > 0)
		nm->segs[nm->nsegs++] = ctx[--nctx];

	core = label_core(t->rows[c->row].label_zh);
	for (;;)
	{
		char	   *dot = strstr(core, ZH_DOT);

		if (dot == NULL || nm->nsegs == MAX_SEGS - 1)
		{
			nm->segs[nm->nsegs++] = core;
			break;
		}
		nm->segs[nm->nsegs++] = pnstrdup(core, dot + strlen(ZH_DOT) - core);
		core = dot + strlen(ZH_DOT);
	}
}

static const char *
column_label(const GiTemplate *t, int column)
{
	return t->columns[column].label_zh;
}

/* A value in its printed unit; the unit is written when it is not a count (万元). */
static void
append_number(StringInfo buf, const GiTemplate *t, int code, int64 v)
{
	const GiRow *row = &t->rows[t->codes[code].row];
	char		num[GI_DECIMAL_BUFLEN];

	gi_format_decimal(v, row->scale, num);
	appendStringInfoString(buf, num);
	if (row->scale != 1)
		appendStringInfoString(buf, row->unit);
}

/* The value of one operand: false when it is blank. */
static bool
operand_value(const GiTemplate *t, const GiOperand *op,
			  const int64 *vals, const bool *nulls,
			  const int64 *pvals, const bool *pnulls, int64 *v)
{
	const GiCode *c = &t->codes[op->code];
	const int64 *vv = op->prev ? pvals : vals;
	const bool *nn = op->prev ? pnulls : nulls;
	bool		isnull;

	if (vv == NULL)
		return false;
	if (c->pos >= 0)
	{
		*v = vv[c->pos];
		return !nn[c->pos];
	}
	if (!gi_group_value(t, op->code, vv, nn, v, &isnull))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("value of group %s is out of range", c->code)));
	return !isnull;
}

/*
 * The names of a side's operands.  other is the other side: when this side
 * is the other columns of the row of other's single operand, "其余各栏".
 */
static void
append_names(StringInfo buf, const GiTemplate *t, const GiOperand *ops, int n,
			 const GiOperand *other, int nother)
{
	ZhName	   *names = palloc(sizeof(ZhName) * n);
	bool		allplus = true;
	bool		samecol = true;
	bool		samerow = true;
	int			common = MAX_SEGS;

	for (int i = 0; i < n; i++)
	{
		name_of(t, ops[i].code, &names[i]);
		allplus &= (ops[i].coef > 0);
		samecol &= (names[i].column == names[0].column);
		samerow &= (names[i].row == names[0].row);
	}
	if (n > 1 && samerow && allplus && nother == 1 && t->ncolumns > 0 &&
		n == t->ncolumns - 1 && t->codes[other[0].code].row == names[0].row)
	{
		appendStringInfoString(buf, "其余各栏");
		return;
	}

	/* the leading parts every name shares are written once */
	for (int i = 0; i < n; i++)
	{
		int			k = 0;

		while (k < names[i].nsegs - 1 && k < names[0].nsegs - 1 &&
			   strcmp(names[i].segs[k], names[0].segs[k]) == 0)
			k++;
		common = Min(common, k);
	}
	if (n == 1)
		common = 0;

	for (int i = 0; i < n; i++)
	{
		if (allplus)
		{
			if (i > 0)
				appendStringInfoString(buf, n == 2 ? "与" : ZH_DUN);
		}
		else if (i > 0 || ops[i].coef < 0)
			appendStringInfoString(buf, ops[i].coef < 0 ? (i > 0 ? "减" : "负") : "加");
		if (ops[i].prev)
			appendStringInfoString(buf, "上年报告");
		for (int k = (i > 0 ? common : 0); k < names[i].nsegs; k++)
			appendStringInfoString(buf, names[i].segs[k]);
		if (names[i].column >= 0 && (n == 1 || !samecol))
			appendStringInfo(buf, ZH_DOT "%s", column_label(t, names[i].column));
	}
	if (n > 1 && samecol && names[0].column >= 0)
		appendStringInfo(buf, allplus ? "的%s栏" : "（%s栏）", column_label(t, names[0].column));
}

/*
 * One side: its names and value, "X 填报97", "X、Y、Z之和为95", "X之和至少为95".
 */
static void
append_side_zh(StringInfo buf, const GiTemplate *t, const GiRule *r, bool left,
			   const GiOutcome *o, GiMode mode,
			   const int64 *vals, const bool *nulls,
			   const int64 *pvals, const bool *pnulls)
{
	const GiOperand *ops = &t->operands[left ? r->dlhs_start : r->drhs_start];
	int			n = left ? r->dlhs_len : r->drhs_len;
	const GiOperand *other = &t->operands[left ? r->drhs_start : r->dlhs_start];
	int			nother = left ? r->drhs_len : r->dlhs_len;
	bool		isnull = left ? o->lhs_null : o->rhs_null;
	int64		v = left ? o->lhs : o->rhs;
	bool		up = left ? o->lhs_up : o->rhs_up;
	bool		down = left ? o->lhs_down : o->rhs_down;
	bool		zero_mode = (mode == GI_MODE_NON_ZERO || mode == GI_MODE_PARTIAL_ZERO ||
							 mode == GI_MODE_ALWAYS_ZERO);
	bool		blanks;
	bool		allplus = true;

	for (int i = 0; i < n; i++)
		allplus &= (ops[i].coef > 0);
	append_names(buf, t, ops, n, other, nother);

	/* a lone stored cell is what the report says */
	if (n == 1 && ops[0].coef > 0 && t->codes[ops[0].code].pos >= 0)
	{
		int64		cv;

		if (operand_value(t, &ops[0], vals, nulls, pvals, pnulls, &cv))
		{
			appendStringInfoString(buf, " 填报");
			append_number(buf, t, ops[0].code, cv);
		}
		else
			appendStringInfoString(buf, zero_mode ? " 未填报（按0计）" : " 未填报");
		return;
	}

	if (n == 1 && t->codes[ops[0].code].pos < 0)
		appendStringInfoString(buf, "（各分项合计）");
	else if (allplus)
		appendStringInfoString(buf, "之和");

	/* did a blank operand count? */
	blanks = isnull || up || down;
	if (!blanks && zero_mode)
		for (int i = 0; i < n && !blanks; i++)
		{
			int64		cv;

			blanks = !operand_value(t, &ops[i], vals, nulls, pvals, pnulls, &cv);
		}

	if (mode == GI_MODE_CERTAIN && (up || down))
	{
		if (up && down)
		{
			appendStringInfoString(buf, "不详（有栏目未填报）");
			return;
		}
		appendStringInfoString(buf, up ? "至少为" : "至多为");
		append_number(buf, t, ops[0].code, v);
		return;
	}
	if (isnull)
	{
		appendStringInfoString(buf, "无法计算（有栏目未填报）");
		return;
	}
	appendStringInfoString(buf, "为");
	append_number(buf, t, ops[0].code, v);
	if (blanks)
		appendStringInfoString(buf, "（空白按0计）");
}

/* Word one finding in Chinese; see the file header. */
char *
gi_finding_zh(const GiTemplate *t, const GiRule *r, const GiOutcome *o,
			  GiMode mode, const int64 *vals, const bool *nulls,
			  const int64 *pvals, const bool *pnulls)
{
	StringInfoData buf;
	int			unit_code = t->operands[r->dlhs_start].code;
	int64		k;
	bool		open;

	initStringInfo(&buf);
	append_side_zh(&buf, t, r, true, o, mode, vals, nulls, pvals, pnulls);
	appendStringInfoString(&buf, "，");
	append_side_zh(&buf, t, r, false, o, mode, vals, nulls, pvals, pnulls);
	appendStringInfoString(&buf, "，");

	if (o->outcome < 0)
	{
		if (mode == GI_MODE_CERTAIN)
			appendStringInfoString(&buf, "是否相符取决于未填报的栏目，无法判断");
		else
			appendStringInfo(&buf, "按%s模式无法判断", gi_mode_names[mode]);
		return buf.data;
	}
	if (o->outcome > 0)
	{
		appendStringInfoString(&buf, r->op == GI_OP_EQ ? "相符" :
							   r->op == GI_OP_LE ? "前者不多于后者，相符" :
							   "前者不少于后者，相符");
		return buf.data;
	}

	/* broken: the difference, "at least" when blanks leave it open */
	if (pg_sub_s64_overflow(o->lhs, o->rhs, &k))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("sum out of range in rule %s of template %s", r->id, t->name)));
	open = (o->lhs_up || o->lhs_down || o->rhs_up || o->rhs_down) && mode == GI_MODE_CERTAIN;
	if (r->op == GI_OP_EQ)
		appendStringInfoString(&buf, open ? "至少相差" : "相差");
	else if (k > 0)
		appendStringInfoString(&buf, open ? "前者至少比后者多" : "前者比后者多");
	else
		appendStringInfoString(&buf, open ? "前者至少比后者少" : "前者比后者少");
	if (k < 0 && k == PG_INT64_MIN)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("sum out of range in rule %s of template %s", r->id, t->name)));
	append_number(&buf, t, unit_code, k < 0 ? -k : k);
	return buf.data;
}
