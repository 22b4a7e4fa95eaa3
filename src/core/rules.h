/*
 * rules.h
 *	  The rule engine: evaluates a template's rule instances over a report's
 *	  cells (an int64 array and a NULL map, in template order) under one of
 *	  the seven missing-value modes.  Pure C, no server headers.
 */
#ifndef GOVINFO_RULES_H
#define GOVINFO_RULES_H

#include "catalog.h"

/* How a NULL (blank) operand is treated; see spec/README.md "Missing values". */
typedef enum GiMode
{
	GI_MODE_NON_NULL,
	GI_MODE_NON_ZERO,
	GI_MODE_PARTIAL_NULL,
	GI_MODE_PARTIAL_ZERO,
	GI_MODE_ALWAYS_NULL,
	GI_MODE_ALWAYS_ZERO,
	GI_MODE_CERTAIN				/* a blank is an unknown number within its sign */
} GiMode;

#define GI_NMODES 7

/*
 * How a group operand is read.  Since 1.1 a group stands for its value, the
 * sum of its present members, blank only when none is present (the value
 * govinfo.value() shows); 1.0 read it as its definition, each member an
 * operand of its own (so one blank member left the rule unjudged under
 * non_null).  The 1.0 reading is kept for govinfo.upgrade_check().
 */
typedef enum GiGroupReading
{
	GI_GROUPS_AS_VALUES,
	GI_GROUPS_AS_DEFINITIONS
} GiGroupReading;

/* The outcome of one rule instance. */
typedef struct GiOutcome
{
	int			outcome;		/* 1 holds, 0 fails, -1 cannot be judged */
	bool		lhs_null;
	bool		rhs_null;
	bool		imbalance_null;
	int64_t		lhs;			/* in stored units; blank operands count as 0 */
	int64_t		rhs;
	int64_t		imbalance;		/* lhs - rhs */
	/* which way the side's blank operands could move it (mode certain) */
	bool		lhs_up;
	bool		lhs_down;
	bool		rhs_up;
	bool		rhs_down;
} GiOutcome;

extern const char *const gi_mode_names[GI_NMODES];

extern bool gi_mode_from_name(const char *name, GiMode *mode);

/*
 * Evaluate rule r of template t.  vals/nulls are the report's cells;
 * pvals/pnulls the previous year's report aligned to t's positions (NULL
 * when there is none: prev. operands then count as blank).  Returns false
 * when a sum overflows int64 (out is then undefined).
 */
extern bool gi_eval_rule(const GiTemplate *t, const GiRule *r,
						 const int64_t *vals, const bool *nulls,
						 const int64_t *pvals, const bool *pnulls,
						 GiMode mode, GiOutcome *out);

/* The same, with groups read as given (gi_eval_rule reads them as values). */
extern bool gi_eval_rule_read(const GiTemplate *t, const GiRule *r,
							  const int64_t *vals, const bool *nulls,
							  const int64_t *pvals, const bool *pnulls,
							  GiMode mode, GiGroupReading reading, GiOutcome *out);

/*
 * Fast path for CHECK constraints under non_null (groups read as values):
 * index of the first error-severity, non-continuity instance from start on
 * that is judged and broken; -1 when there is none; -2 when a side leaves the int64 range (the
 * caller then words the error through gi_eval_rule).
 */
extern int	gi_first_broken_non_null(const GiTemplate *t, const int64_t *vals,
									 const bool *nulls, int start);

/*
 * Sum of a group code's present members (value semantics: NULL when none
 * is present).  Returns false on overflow.
 */
extern bool gi_group_value(const GiTemplate *t, int code,
						   const int64_t *vals, const bool *nulls,
						   int64_t *result, bool *isnull);

#endif							/* GOVINFO_RULES_H */
