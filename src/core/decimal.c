/*
 * decimal.c
 *	  Exact conversion between decimal text and integers in stored units.
 *	  No floating point anywhere: 25.1 万元 is 25,100,000 分, exactly.
 */
#include "decimal.h"

#include <stdio.h>
#include <string.h>

/* Parse a decimal number into stored units. */
GiNumStatus
gi_parse_decimal(const char *s, int len, int64_t scale, int64_t *out)
{
	int			i = 0;
	bool		neg = false;
	int64_t		acc = 0;		/* accumulated as a negative number: int64 min fits */
	int64_t		unit = scale;
	bool		digits = false;

	if (len <= 0)
		return GI_NUM_SYNTAX;
	if (s[0] == '+' || s[0] == '-')
	{
		neg = (s[0] == '-');
		i++;
	}
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
	{
		digits = true;
		if (__builtin_mul_overflow(acc, 10, &acc) ||
			__builtin_sub_overflow(acc, (int64_t) (s[i] - '0'), &acc))
			return GI_NUM_RANGE;
	}
	if (__builtin_mul_overflow(acc, scale, &acc))
		return GI_NUM_RANGE;
	if (i < len && s[i] == '.')
	{
		bool		fdigits = false;

		i++;
		for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
		{
			int			d = s[i] - '0';

			fdigits = true;
			unit /= 10;
			if (unit == 0)
			{
				if (d != 0)
					return GI_NUM_FRACTION;
				continue;
			}
			if (__builtin_sub_overflow(acc, (int64_t) d * unit, &acc))
				return GI_NUM_RANGE;
		}
		if (!fdigits && !digits)
			return GI_NUM_SYNTAX;
		digits = true;
	}
	if (!digits || i != len)
		return GI_NUM_SYNTAX;
	if (!neg)
	{
		if (acc == INT64_MIN)
			return GI_NUM_RANGE;
		acc = -acc;
	}
	*out = acc;
	return GI_NUM_OK;
}

/* Format v / scale exactly, without trailing zeros. */
void
gi_format_decimal(int64_t v, int64_t scale, char *buf)
{
	uint64_t	mag = v < 0 ? (uint64_t) 0 - (uint64_t) v : (uint64_t) v;
	uint64_t	ip,
				fp;
	int			ndec = 0;
	char		frac[24];

	if (scale <= 1)
	{
		snprintf(buf, GI_DECIMAL_BUFLEN, "%s%llu", v < 0 ? "-" : "", (unsigned long long) mag);
		return;
	}
	ip = mag / (uint64_t) scale;
	fp = mag % (uint64_t) scale;
	for (int64_t s = scale; s > 1 && ndec < 18; s /= 10)
		ndec++;
	if (fp == 0)
	{
		snprintf(buf, GI_DECIMAL_BUFLEN, "%s%llu", v < 0 ? "-" : "", (unsigned long long) ip);
		return;
	}
	snprintf(frac, sizeof(frac), "%0*llu", ndec, (unsigned long long) (fp % 1000000000000000000ULL));
	for (int k = (int) strlen(frac) - 1; k > 0 && frac[k] == '0'; k--)
		frac[k] = '\0';
	snprintf(buf, GI_DECIMAL_BUFLEN, "%s%llu.%.19s", v < 0 ? "-" : "", (unsigned long long) ip, frac);
}
