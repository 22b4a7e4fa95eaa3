/*
 * parse.h
 *	  The report-text parser: the text of an annual report (extracted from
 *	  DOCX or PDF, or its HTML page) -> template, agency, year, cells and a
 *	  log of everything that could not be mapped or read and every guess made.
 *
 * Pure C: no server headers (only catalog.h, decimal.h and libc), so that
 * the parser is unit-tested and fuzzed outside the server.  All memory of a
 * result comes from one bounded arena owned by the result: free it with
 * gi_parse_free().  Work is linear in the input (plus an alignment bounded
 * by GI_PARSE_MAX_ROWS x the template's rows); nothing recurses.
 *
 * How it works, in short: gi_parse_ex (src/parse/parse.c) runs these
 * stages in turn, each a file of src/parse/ (their shared types and hot
 * helpers are in src/parse/parse_int.h):
 *	1. decode (decode_text.c, decode_html.c, lines.c): HTML (tags, entities,
 *	   <tr>/<td> with colspan) or plain text into lines, and each line into
 *	   cells (split at '|', tabs or runs of two spaces; sentences, rules and
 *	   page numbers told apart); invalid UTF-8 becomes U+FFFD, control
 *	   characters spaces;
 *	2. classify every cell (classify.c): empty, NULL marker (- -- / 无),
 *	   unit, number (ASCII or full-width digits, thousands separators,
 *	   +/-/增/减, 元/万元), unreadable value, or text; then cells a PDF
 *	   wrapped inside squeezed columns put back by their columns
 *	   (wrapped.c): a figure cut over two lines, a unit 万 over 元;
 *	3. printed rows (rows.c): a text cell and the value cells that follow it;
 *	4. the table and its template (detect.c, align.c, similarity.c,
 *	   label.c, tables.c): the window of rows that holds the table; the
 *	   template by distinctive labels of the table (never by the year
 *	   alone), and the alignment of printed rows with the template's rows,
 *	   by dynamic programming over printed order and character similarity
 *	   of normalised labels (traditional -> simplified, pinyin and
 *	   annotations in parentheses removed, full-width -> ASCII, spaces
 *	   removed); wrapped labels are joined; table 四 is one row of 15
 *	   numbers mapped by position;
 *	5. agency and year (agency.c) from the title and opening lines;
 *	6. values (cells.c, values.c, columns.c): converted to stored units and
 *	   the cell's sign rule, table 三's columns in the order its header
 *	   gives; printed subtotals checked against their parts and logged,
 *	   never stored; the rows left unmapped logged.
 */
#ifndef GOVINFO_PARSE_H
#define GOVINFO_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog.h"

/*
 * The largest text the parser reads: 16 MiB of UTF-8.  One limit for the
 * server and the importer: govinfo-import (built with this header) refuses a
 * file whose text is longer, rather than let the parser see part of it.
 */
#define GI_PARSE_MAX_BYTES		(16 * 1024 * 1024)

/* Bounds on hostile input: beyond them the input is truncated and logged. */
#define GI_PARSE_MAX_INPUT		GI_PARSE_MAX_BYTES	/* bytes read */
#define GI_PARSE_MAX_LINES		400000
#define GI_PARSE_MAX_CELLS		800000
#define GI_PARSE_MAX_ROWS		4000	/* printed rows aligned with a template */
#define GI_PARSE_MAX_LOG		500 /* log entries kept (then one "truncated") */
#define GI_PARSE_MEM_LIMIT		((size_t) 256 * 1024 * 1024)

typedef enum GiParseStatus
{
	GI_PARSE_OK = 0,			/* a statistical table was found */
	GI_PARSE_NO_TABLE,			/* no statistical table found at all */
	GI_PARSE_BAD_TEMPLATE,		/* options->template_name is not a template */
	GI_PARSE_NO_MEMORY			/* out of memory or over GI_PARSE_MEM_LIMIT */
} GiParseStatus;

/* One log entry.  All strings are UTF-8, never NULL ("" when not applicable). */
typedef struct GiParseLogEntry
{
	const char *severity;		/* "error", "warning" or "info" */
	const char *section;		/* the template row's section ("三.三(三)2"), or "" */
	const char *label;			/* the printed label, or the template's label */
	const char *raw;			/* the raw text of the cell or row concerned */
	const char *message;		/* what happened, in English */
} GiParseLogEntry;

/*
 * Last year's report of the same agency, as stored (template, cells in
 * stored units, NULL flags): what the continuity rules compare with.  Used
 * where the table's own arithmetic leaves more than one reading of digits
 * that ran together (runs.c).
 */
typedef struct GiParsePrevious
{
	const GiTemplate *template;
	const int64_t *vals;
	const bool *nulls;
} GiParsePrevious;

typedef struct GiParseOptions
{
	const char *template_name;	/* force this template; NULL = detect it */
	int			year;			/* the report's year when known (0 = none):
								 * only breaks a tie between gov2019 and
								 * gov2021 when the table has no row that
								 * tells them apart */
	bool		values_only;	/* only the template, agency, year and cells
								 * (what parse_report returns): no log, and
								 * no table extent for gi_parse_line; the
								 * values are the same, found faster */
	const GiParsePrevious *previous;	/* last year's report, or NULL */
} GiParseOptions;

struct GiParseDoc;

typedef struct GiParseResult
{
	GiParseStatus status;
	const GiTemplate *template;	/* NULL unless status is GI_PARSE_OK */
	char	   *agency;			/* from the title or opening lines; NULL = not found */
	int			year;			/* 0 = not found */
	int			ncells;			/* template->ncells when a template is set */
	int64_t		vals[GI_MAX_CELLS];	/* stored units: 分 for 万元 cells */
	bool		nulls[GI_MAX_CELLS];
	int			nmapped;		/* cells given a value (not NULL) */
	int			nlog;
	GiParseLogEntry *log;
	/* private: the decoded document and the arena (narrative.c reads lines) */
	struct GiParseDoc *doc;
} GiParseResult;

/*
 * Parse content (len bytes, any bytes at all).  Returns NULL only when the
 * result itself cannot be allocated; otherwise check ->status.  The result
 * owns all its strings.
 */
extern GiParseResult *gi_parse_ex(const char *content, size_t len,
								  const GiParseOptions *options);

/* gi_parse_ex with only a template to force (NULL = detect). */
extern GiParseResult *gi_parse(const char *content, size_t len,
							   const char *template_hint);

extern void gi_parse_free(GiParseResult *res);

/* A one-line description of a status, for error messages. */
extern const char *gi_parse_status_message(GiParseStatus status);

/*
 * The sum of group code g's present members in a result of template t
 * (their coefficients applied); false when none is present or the sum
 * overflows.
 */
extern bool gi_parse_group_sum(const GiParseResult *res, const GiTemplate *t, int g, int64_t *sum);

/*
 * The document's decoded lines, for narrative.c: line i's text (UTF-8,
 * valid, no newline) and whether it belongs to the statistical table (an
 * HTML table row, or a line between the first and last mapped table rows).
 * Returns false when i is out of range.
 */
extern int	gi_parse_nlines(const GiParseResult *res);
extern bool gi_parse_line(const GiParseResult *res, int i,
						  const char **text, int *len, bool *in_table);

/*
 * Normalise a label as the parser does (full-width -> ASCII, traditional ->
 * simplified, parenthesised parts and numbering removed, spaces and
 * punctuation removed) into out (outsize bytes, NUL-terminated).  For tests
 * and for narrative.c.  Returns the length written.
 */
extern int	gi_parse_normalise_label(const char *s, int len, char *out, int outsize);

/*
 * Fold one code point as the parser does: full-width ASCII -> ASCII, other
 * spaces -> ' ', dashes -> '-', traditional -> simplified (for the
 * characters of the templates' labels and the parser's key words).
 */
extern uint32_t gi_parse_fold_char(uint32_t c);

/* Decode one UTF-8 sequence of s[0..len); invalid -> U+FFFD. Returns bytes used (>= 1). */
extern int	gi_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

/* Encode code point c (<= U+10FFFF) as UTF-8 into out (room for 4 bytes). Returns bytes written. */
extern int	gi_utf8_encode(uint32_t c, char *out);

#endif							/* GOVINFO_PARSE_H */
