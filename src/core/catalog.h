/*
 * catalog.h
 *	  The template catalog: the three table layouts of the annual reports,
 *	  their cells, codes, labels and rule instances, as static C tables.
 *
 * The tables themselves are generated at build time from spec/ by
 * tools/gen_catalog.py into src/core/catalog_data.c; nothing here is typed by
 * hand.  This header and catalog.c are free of fmgr plumbing so that the
 * parser and the rule engine can be built and tested outside the server.
 */
#ifndef GOVINFO_CATALOG_H
#define GOVINFO_CATALOG_H

#include <stdbool.h>
#include <stdint.h>

/* Row kinds, as in the spec's "kind" field. */
#define GI_KIND_CELL	'c'
#define GI_KIND_GROUP	'g'
#define GI_KIND_HEAD	'h'

/* Rule operators. */
#define GI_OP_EQ	'='
#define GI_OP_LE	'<'				/* <= */
#define GI_OP_GE	'>'				/* >= */

/* Severities. */
#define GI_SEV_ERROR	'e'
#define GI_SEV_WARNING	'w'

/*
 * Amounts: a row printed in 万元 is stored in 分 (0.01 元), its scale 1,000,000
 * stored units per 万元, so that every digit a report prints (万元 to six
 * decimals) is kept exactly.  GI_WAN_YUAN is 元 per 万元.
 */
#define GI_WAN_YUAN		10000

/* The largest number of stored cells of any template (checked by the generator). */
#define GI_MAX_CELLS	256

/* One column of a column set (table 三's applicant columns). */
typedef struct GiColumn
{
	const char *name;			/* "natural" ... "total" */
	const char *label_zh;
	const char *label_en;
} GiColumn;

/* One printed row of a template, in printed order. */
typedef struct GiRow
{
	const char *code;			/* NULL for headings */
	char		kind;			/* GI_KIND_* */
	const char *section;		/* printed numbering, "三.三(三)1" */
	const char *unit;			/* "件", "万元" ...; NULL for headings */
	bool		is_signed;		/* sign "±": may be negative */
	bool		has_columns;	/* one value per column of the template's set */
	const char *label_zh;
	const char *label_en;
	int			scale;			/* stored units per printed unit: 1,000,000 (分) for 万元 */
	int			first_code;		/* index in codes[] of its first code; -1 for headings */
} GiRow;

/*
 * One addressable code: a stored cell or a group, per column.  For a row
 * with columns there are ncolumns consecutive codes, the total column last
 * (its code is the bare row code).
 */
typedef struct GiCode
{
	const char *code;			/* "apply.received@natural", "apply.received" */
	int			row;			/* index in rows[] */
	int			column;			/* index in columns[], -1 for rows without */
	int			pos;			/* 0-based position in the cells array; -1 for groups */
	int			term_start;		/* groups: their members in terms[] */
	int			term_len;
} GiCode;

/*
 * A term of an expanded rule: a stored cell with a coefficient.  A rule
 * side's terms are its operands' members in order, each operand's terms
 * consecutive (a cell operand is one term).
 */
typedef struct GiTerm
{
	int			pos;			/* cell position, in this template */
	int			code;			/* index in codes[] (the cell's code) */
	int			coef;			/* +1 or -1, the operand's coefficient applied */
	bool		prev;			/* the same agency's report of the previous year */
} GiTerm;

/*
 * An operand as written in the rule (a cell or a group): what the rule
 * engine evaluates as one value, and what messages name.
 */
typedef struct GiOperand
{
	int			code;			/* index in codes[] */
	int			coef;
	bool		prev;
	int			term_start;		/* its terms in terms[] */
	int			term_len;
} GiOperand;

/* A rule as written in the spec file. */
typedef struct GiSpecRule
{
	const char *id;
	const char *severity;		/* "error", "warning", "-" for group definitions */
	const char *rule;
	const char *why;
} GiSpecRule;

/* A rule instance: one spec rule for one column (or one row, for -COL). */
typedef struct GiRule
{
	const char *id;				/* "G21-01@natural", "G21-COL:apply.received" */
	int			spec;			/* index in spec[] */
	char		severity;		/* GI_SEV_* */
	char		op;				/* GI_OP_* */
	bool		continuity;		/* has prev. terms: needs two reports */
	int			lhs_start, lhs_len;		/* terms[] */
	int			rhs_start, rhs_len;
	int			dlhs_start, dlhs_len;	/* operands[] */
	int			drhs_start, drhs_len;
} GiRule;

typedef struct GiTemplate
{
	const char *name;			/* "gov2021" */
	const char *title;
	int			first_year;
	int			last_year;		/* 0 = still in use */
	const char *rule_prefix;	/* "G21" */
	int			nrows;
	const GiRow *rows;
	int			ncodes;
	const GiCode *codes;		/* printed order */
	const int  *codes_sorted;	/* indexes into codes[], by strcmp of code */
	int			ncells;
	const int  *cell_code;		/* cell position -> index in codes[] */
	int			nrules;
	const GiRule *rules;		/* checks first, then -COL, then continuity */
	const GiTerm *terms;
	const GiOperand *operands;
	int			nspec;
	const GiSpecRule *spec;		/* the rules file's lines, then the -COL rule */
	int			ncolumns;		/* 0 when the template has no column set */
	const GiColumn *columns;
} GiTemplate;

extern const GiTemplate *const gi_templates[];
extern const int gi_ntemplates;

/* catalog.c */
extern const GiTemplate *gi_template_by_name(const char *name);
extern int	gi_code_lookup(const GiTemplate *t, const char *code, int len);
extern int	gi_code_nearest(const GiTemplate *t, const char *code, int len, int *distance);
extern int	gi_template_index(const GiTemplate *t);
extern const char *gi_kind_name(char kind);
extern int	gi_levenshtein(const char *a, int alen, const char *b, int blen, int max);

#endif							/* GOVINFO_CATALOG_H */
