/*
 * files.h
 *	  The file side of govinfo-import, free of libpq: walking the command
 *	  line's files and directories, reading a file (size cap, SHA-256),
 *	  turning it into UTF-8 text for the parser (the converters of
 *	  import/convert.c for .docx, .pdf, .doc, .wps, .xls and .xlsx; GB18030
 *	  and UTF-16 converted with iconv), and the small string helpers the
 *	  importer shares.
 */
#ifndef GOVINFO_IMPORT_FILES_H
#define GOVINFO_IMPORT_FILES_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* What a file is, by its extension (case-insensitive). */
typedef enum GiKind
{
	GI_KIND_UNKNOWN,
	GI_KIND_TEXT,				/* .txt .text */
	GI_KIND_HTML,				/* .html .htm .xhtml */
	GI_KIND_DOCX,				/* .docx, through pandoc */
	GI_KIND_PDF,				/* .pdf, through pdftotext -layout (or OCR) */
	GI_KIND_DOC,				/* .doc .wps, through LibreOffice Writer */
	GI_KIND_SHEET				/* .xls .xlsx, through LibreOffice Calc */
} GiKind;

extern GiKind gi_kind_of(const char *path);

/*
 * A growable list of malloc'd strings.  For the files to import, follow[i]
 * says whether v[i] may be opened through a symbolic link (it was one when
 * the folder was read, or it was named on the command line).
 */
typedef struct GiList
{
	char	  **v;
	bool	   *follow;
	size_t		n;
	size_t		cap;
} GiList;

extern void gi_list_add(GiList *l, char *s);	/* takes ownership */
extern void gi_list_add_file(GiList *l, char *s, bool follow);
extern void gi_list_free(GiList *l);

/* Called for each file or directory that is not imported, and why. */
typedef void (*GiNoteFn) (const char *path, const char *why, bool is_error);

/*
 * Add the importable files under path (a file, or a directory walked
 * recursively, names in byte order, hidden entries and symlinked directories
 * left out) to files, each with its follow flag.  Unknown extensions and special files are noted and
 * counted in *ignored; unreadable directories are noted as errors and
 * counted in the return value.
 */
extern int	gi_collect(const char *path, GiList *files, int *ignored, GiNoteFn note);

/*
 * A file on its way to the parser.  On failure, error is a malloc'd message
 * (a full sentence, no trailing newline) and sqlstate says what kind of
 * failure it was, with PostgreSQL's codes:
 *	 58030 the file could not be read        54000 larger than the cap
 *	 0A000 the converter is not installed    58000 the converter failed
 *	 57014 the converter timed out           22021 not UTF-8/GB18030/UTF-16 text
 *	 22000 empty, or binary data
 */
typedef struct GiFile
{
	unsigned char *bytes;		/* the file as read (malloc'd) */
	size_t		len;
	bool		have_hash;
	char		hash[65];		/* SHA-256 hex of bytes */
	int			fd;				/* kept open for a converter, else -1 */
	char	   *text;			/* UTF-8 for the parser, NUL-terminated */
	size_t		textlen;
	char		note[128];		/* e.g. "converted from GB18030" */
	char	   *error;
	const char *sqlstate;
} GiFile;

/*
 * Read path (at most max_bytes) and hash it.  False with f->error set on
 * failure.  Never blocks on a FIFO or a device: the file is opened
 * non-blocking (and, unless follow, not through a symbolic link), and
 * whatever the descriptor turns out to be, only a regular file is read.
 * With keep_open, f->fd stays open for gi_file_text's converter, so that
 * the converter reads the file that was hashed, not what the path names now.
 */
extern bool gi_file_read(const char *path, bool follow, bool keep_open,
						 size_t max_bytes, GiFile *f);

/* Does a file of this kind go through a converter (reading f->fd)? */
#define GI_KIND_CONVERTED(k) ((k) != GI_KIND_TEXT && (k) != GI_KIND_HTML && (k) != GI_KIND_UNKNOWN)

/*
 * Make f->text from f->bytes (running the converter for the kinds that need
 * one; with ocr, a .pdf without a text layer is read by OCR).  Text longer
 * than GI_PARSE_MAX_BYTES (parse.h), the most the parser reads, is refused
 * (54000), never cut.
 */
extern bool gi_file_text(const char *path, GiKind kind, bool ocr, GiFile *f);

extern void gi_file_free(GiFile *f);

/* String helpers */
extern char *gi_strdup(const char *s);
extern char *gi_printf(const char *fmt,...) __attribute__((format(printf, 1, 2)));
extern char *gi_vprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
extern void *gi_malloc(size_t n);
extern void *gi_realloc(void *p, size_t n);

/* Length of the valid UTF-8 prefix of s[0..len) (PostgreSQL's rules). */
extern size_t gi_utf8_valid_prefix(const unsigned char *s, size_t len);

/* A UTF-8 copy of a file name for the database: invalid bytes become \xNN. */
extern char *gi_utf8_name(const char *s);

/*
 * A copy of s that is safe to write to a terminal: invalid UTF-8 bytes and
 * C0 control characters (ESC, BEL, CR ...; newline too unless keep_newline)
 * become \xNN, C1 controls and the bidirectional overrides \uNNNN, so that a
 * file name or a message cannot move the cursor, retitle the window or
 * reorder what is shown.
 */
extern char *gi_term_safe(const char *s, bool keep_newline);

/* Display width of UTF-8 text on a terminal (CJK counts 2). */
extern int	gi_display_width(const char *s);

#endif
