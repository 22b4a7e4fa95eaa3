/*
 * manifest.h
 *	  govinfo-import --manifest: a CSV file (RFC 4180, UTF-8) whose rows
 *	  name files, folders or globs with the agency, region, level and year
 *	  to load them under, so that a corpus of many agencies loads in one
 *	  run.  Free of libpq: read, checked and expanded before connecting.
 */
#ifndef GOVINFO_IMPORT_MANIFEST_H
#define GOVINFO_IMPORT_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>

#include "files.h"

/* The columns a manifest may have, in the order of a manifest without a header. */
typedef enum GiManifestCol
{
	GI_MCOL_PATH,
	GI_MCOL_AGENCY,
	GI_MCOL_REGION,
	GI_MCOL_LEVEL,
	GI_MCOL_YEAR,
	GI_N_MCOLS
} GiManifestCol;

/* One row: NULL for an empty field (take the value from the command line or the document). */
typedef struct GiManifestRow
{
	int			line;			/* where the row starts, 1-based */
	char	   *field[GI_N_MCOLS];
} GiManifestRow;

typedef struct GiManifest
{
	GiManifestRow *rows;
	size_t		n;
	/* the files to import, each with the row it came from (rows[row[i]]) */
	GiList		files;
	size_t	   *row;
} GiManifest;

/*
 * Read the manifest at path, check every row and expand its paths and globs
 * (relative to the manifest's folder; a folder is walked as on the command
 * line) into m->files.  Ignored files are noted and counted as gi_collect
 * does.  Returns NULL when all is well, else a malloc'd message naming the
 * line ("manifest.csv, line 4: ..."); nothing is to be loaded then.
 */
extern char *gi_manifest_load(const char *path, GiManifest *m, int *ignored, GiNoteFn note);

/*
 * Parse CSV text (RFC 4180: commas, CRLF or LF, "quoted" fields with ""
 * for a quote and line breaks inside) into rows; exposed for the unit test.
 * Returns NULL or a malloc'd message as above (name is used in it).
 */
extern char *gi_manifest_parse(const char *name, const char *text, size_t len, GiManifest *m);

extern void gi_manifest_free(GiManifest *m);

#endif
