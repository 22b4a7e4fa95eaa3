/*
 * message_zh.h
 *	  A finding in plain Chinese, for letters to agencies: the cells named by
 *	  their printed labels, the values reported and the difference (the
 *	  message_zh column of violations() and continuity()).  Server-side.
 */
#ifndef GOVINFO_MESSAGE_ZH_H
#define GOVINFO_MESSAGE_ZH_H

#include "report.h"

/*
 * Word rule instance r's outcome o (evaluated under mode) over vals/nulls,
 * and pvals/pnulls for prev. operands (NULL when there are none).  palloc'd.
 */
extern char *gi_finding_zh(const GiTemplate *t, const GiRule *r, const GiOutcome *o,
						   GiMode mode, const int64 *vals, const bool *nulls,
						   const int64 *pvals, const bool *pnulls);

#endif							/* GOVINFO_MESSAGE_ZH_H */
