/*
 * compare.h
 *	  Shared by the comparison layer (aggregates.c, compare.c, metrics.c):
 *	  the errors raised when reports cannot be combined cell by cell.
 *	  Server-side only.
 */
#ifndef GOVINFO_COMPARE_H
#define GOVINFO_COMPARE_H

#include "pg_compat.h"
#include "report.h"

/*
 * Raise the "reports of two templates" error unless a and b are the same
 * template.  what names the operation for the detail ("govinfo.report_sum()").
 */
extern void gi_check_same_template(const GiTemplate *a, const GiTemplate *b,
								   const char *what);

/* Raise the overflow error for adding add to have in cell pos of t. */
pg_noreturn extern void gi_cell_overflow_error(const GiTemplate *t, int pos,
												int64 have, int64 add);

/* Parse a missing-value mode's name, or raise an error listing the modes. */

#endif							/* GOVINFO_COMPARE_H */
