/*
 * locate.h
 *	  Which cells are wrong: from a report's broken error-rule instances to
 *	  the fewest cells whose change makes every error instance hold (the
 *	  Fellegi-Holt principle), each explanation classified as the slip that
 *	  most plausibly produced it (two cells swapped, two digits transposed,
 *	  one digit wrong ...).  Pure C, no server headers: unit-tested and
 *	  fuzzed outside the server; govinfo.locate() wraps it (locate_sql.c).
 *
 * An explanation ("fix") of a report is a set of cells and new values such
 * that, with those values, no error-severity instance of the template fails
 * under the mode (every broken one is mended, none that held or could not
 * be judged is broken), every cell of the set changes, and every new value
 * keeps the spec's sign ('+' cells stay non-negative).  Rules are evaluated
 * by the rule engine (gi_eval_rule) only: what "holds" means is the
 * engine's, whatever its semantics of groups and modes.
 *
 * Ranking (also in README.md, "Which cell is wrong"):
 *	1. fewer cells first;
 *	2. then the kind, in the order of GiSlip below (swap first, value last;
 *	   a dropped and an extra digit rank alike); a fix of several cells that
 *	   is not a swap has the kind of its least recognisable cell;
 *	3. then fewer warning-severity instances failing after the change (a
 *	   plausibility rule that agrees with the fix is evidence for it);
 *	4. then fewer digits changed (the edit distance between the old and new
 *	   values' decimal digits, summed over the cells);
 *	5. then the smaller change (sum of |new - old| in stored units);
 *	6. then more totals among the cells (a total is a cell standing alone on
 *	   one side of an identity whose other side has several cells: a total
 *	   computed by hand is taken to be likelier wrong than one of its parts);
 *	7. last the cells' positions in printed order, compared as sorted lists.
 * score = w / 5^(cells - 1), w = 1.0 for swap down to 0.3 for value in
 * steps of 0.1 (0.7 for both dropped and extra digits): it orders
 * explanations as the rank does, up to ties.
 */
#ifndef GOVINFO_LOCATE_H
#define GOVINFO_LOCATE_H

#include <stdbool.h>
#include <stdint.h>

#include "catalog.h"
#include "rules.h"

/* The most cells an explanation may change (max_cells is 1 .. this). */
#define GI_LOCATE_MAX_CELLS		4

/* The best explanations kept (more are found only in degenerate reports). */
#define GI_LOCATE_MAX_FIXES		32

/*
 * The default bound on the search: candidate cell sets and candidate value
 * assignments examined.  About 100 ms of work at worst; a report with one
 * slip needs a few hundred.
 */
#define GI_LOCATE_DEFAULT_STEPS	200000

/* Kinds of slip, in ranking order. */
typedef enum GiSlip
{
	GI_SLIP_SWAP,				/* two cells' values exchanged */
	GI_SLIP_TRANSPOSED,			/* two adjacent digits exchanged: 54 -> 45 */
	GI_SLIP_WRONG_DIGIT,		/* one digit different: 37 -> 38 */
	GI_SLIP_DROPPED_DIGIT,		/* the printed value lacks a digit: 1 for 10 */
	GI_SLIP_EXTRA_DIGIT,		/* the printed value has a digit too many: 10 for 1 */
	GI_SLIP_UNIT,				/* a 万元 amount printed in 元 or the reverse (x 10,000) */
	GI_SLIP_SIGN,				/* the sign of a signed cell flipped */
	GI_SLIP_ZERO_TOTAL,			/* a total printed as 0 (or blank, where a blank counts as 0) */
	GI_SLIP_VALUE				/* any other value, solved from the identities */
} GiSlip;

#define GI_NSLIPS 9

extern const char *const gi_slip_names[GI_NSLIPS];

/* One explanation. */
typedef struct GiFix
{
	int			ncells;
	GiSlip		kind;
	int			pos[GI_LOCATE_MAX_CELLS];	/* cell positions, ascending */
	bool		old_null[GI_LOCATE_MAX_CELLS];
	int64_t		old_vals[GI_LOCATE_MAX_CELLS];	/* stored units */
	int64_t		new_vals[GI_LOCATE_MAX_CELLS];
	GiSlip		cell_kind[GI_LOCATE_MAX_CELLS];	/* each cell's own slip */
	float		score;
	/* ranking keys 3-6 (see above) */
	int			warnings;
	int			digits;
	uint64_t	change;
	int			ntotals;
} GiFix;

typedef enum GiLocateStatus
{
	GI_LOCATE_OK = 0,
	GI_LOCATE_OVERFLOW,			/* a rule's side leaves the int64 range: no search */
	GI_LOCATE_NO_MEMORY
} GiLocateStatus;

typedef struct GiLocateResult
{
	GiLocateStatus status;
	int			nbroken;		/* error instances failing before any change */
	int			nfixes;			/* best first */
	GiFix		fixes[GI_LOCATE_MAX_FIXES];
	bool		truncated;		/* the step bound was reached: the fixes are the best found */
	long		steps;			/* work done, in the units of max_steps */
} GiLocateResult;

/*
 * Explain the broken error-severity (non-continuity) instances of a report
 * of template t (vals/nulls in template order, stored units) under mode,
 * with explanations of at most max_cells cells (clamped to 1 ..
 * GI_LOCATE_MAX_CELLS): those of the smallest size that has any, plus swaps
 * (two cells) when max_cells >= 2.  A consistent report gives no fix.
 * max_steps bounds the search (<= 0: GI_LOCATE_DEFAULT_STEPS).
 */
extern void gi_locate(const GiTemplate *t, const int64_t *vals, const bool *nulls,
					  GiMode mode, int max_cells, long max_steps, GiLocateResult *res);

/*
 * The slip that turns old into new in cell pos of t (old_null: the cell was
 * blank).  Digit slips compare the decimal digits of the stored values and
 * need both values non-zero and of the same sign.
 */
extern GiSlip gi_slip_classify(const GiTemplate *t, int pos, bool old_null,
							   int64_t old, int64_t new_value);

/* Is cell pos of t a total (alone on one side of an error identity whose other side has several cells)? */
extern bool gi_cell_is_total(const GiTemplate *t, int pos);

/* locate_slip.c, for locate.c: gi_slip_classify with the total known, and the digits changed. */
extern GiSlip gi_slip_kind(const GiTemplate *t, int pos, bool is_total, bool old_null,
						   int64_t old, int64_t new_value, int *distance);

/* The most values gi_slip_values gives. */
#define GI_SLIP_MAX_VALUES	256

/*
 * The values that a slip of old's digits (or unit, or sign) could have come
 * from: the candidate true values of a cell printed as old, written to out
 * (room for GI_SLIP_MAX_VALUES).  few: only the slips with few variants
 * (no wrong digit), for products over several cells.  Returns how many.
 */
extern int	gi_slip_values(const GiTemplate *t, int pos, bool old_null, int64_t old,
						   bool few, int64_t *out);

#endif							/* GOVINFO_LOCATE_H */
