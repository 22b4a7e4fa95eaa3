/*
 * complete.h
 *	  Filling a report's blank totals from their parts, following the
 *	  template's equality rules.  Pure C, no server headers.
 */
#ifndef GOVINFO_COMPLETE_H
#define GOVINFO_COMPLETE_H

#include "rules.h"

/*
 * Fill the blank cells of vals/nulls (t's cells) that a rule defines as the
 * sum of other cells, under mode (see complete.c), until nothing changes.
 * Reported (non-blank) cells are never changed.  filled[i] is set for each
 * cell filled.  Returns false when the parts of some total add up beyond
 * int64; *overflow_pos is then that total's position and vals/nulls are
 * unchanged.
 */
extern bool gi_complete(const GiTemplate *t, GiMode mode,
						int64_t *vals, bool *nulls, bool *filled, int *overflow_pos);

#endif							/* GOVINFO_COMPLETE_H */
