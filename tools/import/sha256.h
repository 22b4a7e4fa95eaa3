/*
 * sha256.h
 *	  SHA-256 (FIPS 180-4) of a byte string, as 64 lowercase hex digits: the
 *	  content hash that govinfo-import stores in reports.content_hash and
 *	  rejects.content_hash.  Pure C, no library needed.
 */
#ifndef GOVINFO_IMPORT_SHA256_H
#define GOVINFO_IMPORT_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct GiSha256
{
	uint32_t	h[8];
	uint64_t	nbytes;			/* message length so far */
	unsigned char buf[64];		/* partial block */
	size_t		nbuf;
} GiSha256;

extern void gi_sha256_init(GiSha256 *s);
extern void gi_sha256_update(GiSha256 *s, const void *data, size_t len);
/* Finish and write 64 hex digits and a NUL into hex[65]. */
extern void gi_sha256_hex(GiSha256 *s, char hex[65]);

#endif
