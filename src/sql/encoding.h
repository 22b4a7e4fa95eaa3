/*
 * encoding.h
 *	  Text between the pure C, which works in UTF-8, and the server, which
 *	  works in the database's encoding: every string the C hands to the
 *	  server (labels, sections, units, messages, parser output) goes through
 *	  gi_server_str() or gi_server_text(), every text the C reads through
 *	  gi_text_utf8(), and every argument echoed in an error through
 *	  gi_echo().  In a UTF8 (or SQL_ASCII) database nothing is converted or
 *	  copied.  Server-side only.
 */
#ifndef GOVINFO_ENCODING_H
#define GOVINFO_ENCODING_H

#include "postgres.h"

#include "mb/pg_wchar.h"
#include "utils/builtins.h"

#include "pg_compat.h"

/* An argument echoed in an error is cut to this many characters. */
#define GI_ECHO_MAX_CHARS	64

/* Does the database take the C's UTF-8 as it is (UTF8, or SQL_ASCII)? */
static inline bool
gi_server_is_utf8(void)
{
	int			enc = GetDatabaseEncoding();

	return enc == PG_UTF8 || enc == PG_SQL_ASCII;
}

/* s (UTF-8, s[len] == '\0') in the database encoding; raises if it cannot be. */
extern char *gi_server_str_convert(const char *s, size_t len);

/* A NUL-terminated UTF-8 string in the database encoding (s itself in UTF8). */
static inline char *
gi_server_str(const char *s)
{
	if (gi_server_is_utf8())
		return unconstify(char *, s);
	return gi_server_str_convert(s, strlen(s));
}

/* A NUL-terminated UTF-8 string as a text value in the database encoding. */
static inline text *
gi_server_text(const char *s)
{
	return cstring_to_text(gi_server_str(s));
}

#define GiServerTextDatum(s)	PointerGetDatum(gi_server_text(s))

/*
 * A text's contents as UTF-8, and their length in *len: the text's own
 * bytes in a UTF8 database (not NUL-terminated), else a converted copy.
 */
extern const char *gi_text_utf8(text *t, size_t *len);

/*
 * A value given by the caller (in the database encoding), quoted for an
 * error message: "value", or, beyond GI_ECHO_MAX_CHARS characters, its
 * start, "…" and its length, so that a huge argument is never echoed whole.
 */
extern char *gi_echo(const char *s, int len);

static inline char *
gi_echo_cstr(const char *s)
{
	return gi_echo(s, (int) strlen(s));
}

static inline char *
gi_echo_text(text *t)
{
	return gi_echo(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
}

#endif							/* GOVINFO_ENCODING_H */
