/*
 * pg_compat.h
 *	  What the server layer needs from PostgreSQL under a name that differs
 *	  between the major versions it compiles against (14 to 18; 15 is the
 *	  one built and tested; tools/build-against.sh compiles the others).
 *	  Server-side only.
 */
#ifndef GOVINFO_PG_COMPAT_H
#define GOVINFO_PG_COMPAT_H

#include "postgres.h"

/*
 * PostgreSQL 13 (out of support since November 2025) lacks the conversions
 * that stop at an untranslatable character (pg_do_encoding_conversion_buf
 * with noError, new in 14), which encoding.c builds on.
 */
#if PG_VERSION_NUM < 140000
#error "govinfo needs PostgreSQL 14 or later"
#endif

/*
 * A function that never returns.  PostgreSQL 18 replaced
 * pg_attribute_noreturn(), written after the declarator, by pg_noreturn,
 * written before the declaration; GCC and clang take the attribute there too.
 */
#ifndef pg_noreturn
#define pg_noreturn pg_attribute_noreturn()
#endif

/* PostgreSQL 16 moved the varlena macros (VARDATA_ANY ...) out of postgres.h. */
#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#endif

#endif							/* GOVINFO_PG_COMPAT_H */
