/*
 * decimal.h
 *	  Exact decimal text -> integer in stored units (万元 amounts are stored
 *	  as integer 分, 0.01 元).  Pure C, shared by report() and the parser.
 */
#ifndef GOVINFO_DECIMAL_H
#define GOVINFO_DECIMAL_H

#include <stdbool.h>
#include <stdint.h>

typedef enum GiNumStatus
{
	GI_NUM_OK = 0,
	GI_NUM_SYNTAX,				/* not a decimal number */
	GI_NUM_FRACTION,			/* finer than the stored unit (a fraction of a count, of 0.01 元) */
	GI_NUM_RANGE				/* beyond int64 */
} GiNumStatus;

/*
 * Parse [+-]digits[.digits] (ASCII, no spaces) of len bytes and multiply by
 * scale (1 or a power of ten).  Trailing zero decimals are allowed.
 */
extern GiNumStatus gi_parse_decimal(const char *s, int len, int64_t scale, int64_t *out);

#define GI_DECIMAL_BUFLEN 64

/* Format v / scale exactly ("1.5" for 15000 with scale 10000) into buf (GI_DECIMAL_BUFLEN bytes). */
extern void gi_format_decimal(int64_t v, int64_t scale, char *buf);

#endif							/* GOVINFO_DECIMAL_H */
