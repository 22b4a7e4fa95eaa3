/*
 * pg_compat.h
 *	  What the server layer needs from PostgreSQL under a name that differs
 *	  between the major versions it compiles against (13 to 18; 15 is the
 *	  one built and tested; tools/build-against.sh compiles the others).
 *	  Server-side only.
 */
#ifndef GOVINFO_PG_COMPAT_H
#define GOVINFO_PG_COMPAT_H

#include "postgres.h"

#include "fmgr.h"
#include "utils/fmgrprotos.h"
#include "utils/numeric.h"

/*
 * A function that never returns.  PostgreSQL 18 replaced
 * pg_attribute_noreturn(), written after the declarator, by pg_noreturn,
 * written before the declaration; GCC and clang take the attribute there too.
 */
#ifndef pg_noreturn
#define pg_noreturn pg_attribute_noreturn()
#endif

/* int64_to_numeric() arrived in PostgreSQL 14; before, int8_numeric does it. */
#if PG_VERSION_NUM < 140000
static inline Numeric
int64_to_numeric(int64 v)
{
	return DatumGetNumeric(DirectFunctionCall1(int8_numeric, Int64GetDatum(v)));
}
#endif

#endif							/* GOVINFO_PG_COMPAT_H */
