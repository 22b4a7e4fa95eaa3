/*
 * convert.h
 *	  govinfo-import's converters: running an outside program safely
 *	  (import/runtool.c) and turning each kind of file into text for the
 *	  parser with them (import/convert.c).  No libpq here.
 */
#ifndef GOVINFO_IMPORT_CONVERT_H
#define GOVINFO_IMPORT_CONVERT_H

#include <stdbool.h>
#include <stddef.h>

#include "files.h"
#include "parse.h"				/* GI_PARSE_MAX_BYTES */

/* How long one run of a converter may take, in seconds. */
#define GI_TOOL_TIMEOUT 300

/*
 * A converter given the file as a descriptor reads it as /dev/fd/3: the file
 * that was hashed, not what its path names by now.
 */
#define GI_TOOL_INPUT_FD 3
#define GI_TOOL_INPUT_PATH "/dev/fd/3"

/*
 * The most a converter may write: the parser's limit, and room for a UTF-8
 * byte-order mark (make_text drops it, then checks the limit).
 */
#define GI_TOOL_OUTPUT_MAX ((size_t) GI_PARSE_MAX_BYTES + 3)

/* The parser's limit in MiB, for messages. */
#define GI_PARSE_MAX_MIB (GI_PARSE_MAX_BYTES / (1024 * 1024))

/* Set f's error from a format, with a SQLSTATE (files.h lists them); returns false. */
extern bool gi_fail(GiFile *f, const char *sqlstate, const char *fmt,...)
			__attribute__((format(printf, 3, 4)));

/*
 * Find a converter: $envvar when set (a path, or a name looked up in PATH),
 * else the default name in PATH.  Returns a malloc'd path or NULL.
 */
extern char *gi_tool_find(const char *envvar, const char *name);

/*
 * Run argv[0] (a path; never through a shell), in its own process group,
 * stdin from /dev/null, in_fd (when >= 0) as descriptor GI_TOOL_INPUT_FD.
 * With dir, it runs there with HOME set to it (a private directory: a
 * converter's caches and profile go there).  With out, its stdout (at most
 * GI_TOOL_OUTPUT_MAX bytes) becomes *out; without, stdout is read and
 * dropped.  After GI_TOOL_TIMEOUT seconds the whole process group is killed.
 * True on exit status 0; otherwise f->error says what happened, with the
 * start of the tool's stderr.
 */
extern bool gi_tool_run(const char *tool_name, char *const argv[], int in_fd, const char *dir,
						char **out, size_t *outlen, GiFile *f);

/* A private temporary directory (mode 0700) under $TMPDIR or /tmp; NULL with f->error set. */
extern char *gi_tmpdir_make(GiFile *f);

/* Remove dir and everything in it (symbolic links are removed, never followed), and free it. */
extern void gi_tmpdir_remove(char *dir);

/* Write len bytes to a new file path (mode 0600); false with f->error set. */
extern bool gi_write_new(const char *path, const void *bytes, size_t len, GiFile *f);

/*
 * Read a converter's output file, refusing more than GI_TOOL_OUTPUT_MAX
 * bytes (54000, naming tool_name).  *out is NUL-terminated.  Returns 1 read,
 * 0 no such file, -1 error (f->error set).
 */
extern int	gi_read_output(const char *path, const char *tool_name, char **out, size_t *len, GiFile *f);

/*
 * Convert f (kind .docx, .pdf, .doc/.wps, .xls/.xlsx) with its converter
 * into *raw (malloc'd, NUL-terminated, not yet checked as UTF-8), reading
 * path or, when f->fd >= 0, the descriptor.  With ocr, a .pdf without a
 * text layer is read with OCR.  False with f->error set.
 */
extern bool gi_convert(const char *path, GiKind kind, bool ocr, GiFile *f, char **raw, size_t *len);

/*
 * Text lines from tesseract's TSV output: the words put back into rows by
 * their position on the page, and into columns by their distance, the way
 * pdftotext -layout prints a page.  Returns a malloc'd NUL-terminated text.
 */
extern char *gi_ocr_layout(const char *tsv, size_t *len);

/* A pixel darker than this is ink, for gi_ocr_erase_rules. */
#define GI_OCR_DARK 200

/*
 * Erase the rules of tables (runs of ink at least minrun pixels long, across
 * or down) from a w x h greyscale page, in place.
 */
extern void gi_ocr_erase_rules(unsigned char *pix, long w, long h, long minrun);

#endif
