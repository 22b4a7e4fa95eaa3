/*
 * report.h
 *	  govinfo.disclosure_report <-> C: deform and validate a composite value
 *	  into a GiReport, form a composite from one, and describe cells for
 *	  messages.  Server-side only (uses fmgr and the type cache).
 */
#ifndef GOVINFO_REPORT_H
#define GOVINFO_REPORT_H

#include "postgres.h"

#include "fmgr.h"
#include "access/tupdesc.h"
#include "lib/stringinfo.h"
#include "utils/tuplestore.h"
#include "utils/numeric.h"

#include "catalog.h"
#include "encoding.h"
#include "rules.h"

/* A report, deformed: the template, the identity and the cells. */
typedef struct GiReport
{
	const GiTemplate *t;
	text	   *agency;			/* NULL when the agency is NULL */
	bool		year_null;
	int32		year;
	int64		vals[GI_MAX_CELLS];	/* stored units (分 for 万元 cells) */
	bool		nulls[GI_MAX_CELLS];
} GiReport;

/*
 * Deform and validate (known template, cells length, year 1990-2100, no
 * negative value where the sign is '+').  Raises a clear error otherwise.
 */
extern void gi_report_deform(HeapTupleHeader th, GiReport *r);

#define GI_GETARG_REPORT(n, r) gi_report_deform(PG_GETARG_HEAPTUPLEHEADER(n), (r))

/* Validate a GiReport built in C (year range, signs); raises on error. */
extern void gi_report_validate(const GiReport *r);

/* Form the composite; fcinfo's function must be declared to return disclosure_report. */
extern Datum gi_report_form(FunctionCallInfo fcinfo, const GiReport *r);

/* Initialise r as an all-blank report of template t. */
extern void gi_report_init(GiReport *r, const GiTemplate *t);

/* The template of that name, or an error naming the known ones. */
extern const GiTemplate *gi_template_or_error(const char *name);

/* Look up a code of t; unknown -> ERROR 22023 with a hint naming the nearest code. */
extern int	gi_code_or_error(const GiTemplate *t, const char *code);

/* Value of codes[code] in stored units: a cell, or a group's present members' sum. */
extern bool gi_code_value(const GiReport *r, int code, int64 *v);

/*
 * Stored amounts of a database still at 1.0 (the 1.1 library installed,
 * ALTER EXTENSION govinfo UPDATE not yet run): 万元 cells hold whole 元 there,
 * 分 from 1.1 on.  Deforming and forming convert, so that all else works in 分
 * (upgrade.c).
 */
extern int	gi_amounts_legacy;	/* -1 not known yet, 0 分, 1 元 (1.0) */
extern bool gi_amounts_legacy_lookup(void);
extern void gi_amounts_from_stored(GiReport *r);
extern void gi_amounts_to_stored(const GiTemplate *t, int64 *vals, const bool *nulls);

static inline bool
gi_amounts_in_yuan(void)
{
	return gi_amounts_legacy == 0 ? false : gi_amounts_legacy_lookup();
}

/* Stored units -> numeric in the printed unit (万元 with decimals). */
extern Numeric gi_units_to_numeric(int64 v, int scale);

/*
 * Append "code [section label·column]" for codes[code] of t, in UTF-8 (for
 * text built in UTF-8 and converted once with gi_server_str()).
 */
extern void gi_describe_code(StringInfo buf, const GiTemplate *t, int code);

/* The same, palloc'd, in the database encoding (for messages). */
extern char *gi_describe_code_server(const GiTemplate *t, int code);

/*
 * The Chinese label of a code, with "·column" for applicant columns
 * (palloc'd, in the database encoding).
 */
extern char *gi_code_label_zh(const GiTemplate *t, int code);

/* Parse a decimal string into stored units of codes[code]; raises on error. */
extern int64 gi_parse_cell_value(const GiTemplate *t, int code, const char *s);

/* Parse a missing-value mode's name; an unknown one is an error listing them. */
extern GiMode gi_mode_or_error(text *name);

/* Set up a materialised set-returning function's result (any PostgreSQL 13+). */
extern Tuplestorestate *gi_materialize(FunctionCallInfo fcinfo, TupleDesc *tupdesc);

#endif							/* GOVINFO_REPORT_H */
