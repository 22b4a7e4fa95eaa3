/*
 * agency_name.h
 *	  The key agency names are matched on: the printed name folded as the
 *	  parser folds labels (traditional -> simplified, full-width -> ASCII),
 *	  with spaces and brackets removed and ASCII letters in lower case.
 *	  Pure C: no server headers, unit-tested outside the server.
 */
#ifndef GOVINFO_AGENCY_NAME_H
#define GOVINFO_AGENCY_NAME_H

#include <stddef.h>

/* Bytes of out that gi_agency_name_key may need for an input of len bytes. */
#define GI_AGENCY_KEY_BUFLEN(len) (3 * (len) + 1)

/*
 * Write the key of name s (len bytes, any bytes: invalid UTF-8 becomes
 * U+FFFD) into out, which has room for GI_AGENCY_KEY_BUFLEN(len) bytes;
 * NUL-terminated.  Returns the key's length in bytes.  The brackets'
 * contents are kept: "某局（本级）" and "某局本级" share a key, "某局" does not.
 */
extern size_t gi_agency_name_key(const char *s, size_t len, char *out);

#endif							/* GOVINFO_AGENCY_NAME_H */
