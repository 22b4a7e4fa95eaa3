/*
 * importer.h
 *	  What govinfo-import's parts share: the options, the run's context, a
 *	  server error, and the database side (import/setup.c): running
 *	  statements, connecting, finding govinfo and checking the target tables.
 */
#ifndef GOVINFO_IMPORT_IMPORTER_H
#define GOVINFO_IMPORT_IMPORTER_H

#include <stdbool.h>
#include <stddef.h>

#include "libpq-fe.h"

#define PROGNAME "govinfo-import"

/* What happened to a file; the order of the summary. */
typedef enum Outcome
{
	OUT_LOADED,
	OUT_LOADED_RULES,			/* loaded; a warning rule broken or a rule not assessable */
	OUT_REJECTED_RULES,			/* an error rule broken (check_violation) */
	OUT_REJECTED_OTHER,			/* parsed, but could not be stored (agency/year missing, duplicate) */
	OUT_NOT_PARSEABLE,
	OUT_SKIPPED,
	OUT_FAILED,					/* could not be recorded at all */
	N_OUTCOMES
} Outcome;

typedef struct Options
{
	const char *host;
	const char *port;
	const char *user;
	const char *dbname;
	int			prompt_password;	/* -1 never (-w), 0 when needed, 1 always (-W) */
	const char *table;
	bool		init;
	const char *agency;
	const char *year;
	const char *template;
	const char *region;
	const char *level;
	bool		quiet;
	bool		retry;
	bool		ocr;			/* read scanned PDFs with tesseract */
	size_t		max_bytes;
} Options;

typedef struct Ctx
{
	Options		opt;
	PGconn	   *conn;
	char	   *ext_schema;		/* the extension's schema */
	char	   *gv;				/* the same, quoted: "govinfo" */
	char	   *schema;			/* the target's schema and table, as named */
	char	   *table;
	bool		table_exists;
	bool		unique_hash;	/* reports has a unique index on content_hash */
	char	   *reports;		/* quoted schema.table */
	char	   *rejects;
	bool		have_parse_log;
	bool		fatal;			/* stop: the database setup is wrong, not the file */
	int			counts[N_OUTCOMES];
	int			ignored;
	/* progress */
	bool		tty;
	bool		bar_shown;
	size_t		total;
	size_t		done;
} Ctx;

/* An error from the server (or from libpq), owned strings. */
typedef struct DbError
{
	char	   *message;		/* primary message */
	char	   *detail;
	char	   *hint;
	char		sqlstate[6];
} DbError;

/* Errors before any file, on stderr as "govinfo-import: ...", escaped (gi_term_safe). */
extern void gi_complain(const char *fmt,...) __attribute__((format(printf, 1, 2)));

extern void gi_dberror_free(DbError *e);
/* "message\nDETAIL:  detail\nHINT:  hint", as psql shows it; malloc'd. */
extern char *gi_dberror_text(const DbError *e);

/*
 * Run a statement with text parameters (NULL = SQL NULL); parameter
 * binary_param (1-based, 0 = none) is sent in binary format, binary_len
 * bytes.  The result when it succeeded, else NULL with *err set (err may be NULL).
 */
extern PGresult *gi_run(Ctx *c, const char *sql, int nparams, const char *const *values,
						int binary_param, size_t binary_len, DbError *err);
/* A statement without parameters or result; true when it worked. */
extern bool gi_run_cmd(Ctx *c, const char *sql, DbError *err);
/* After a failure: rolled back, or reconnected (once); false when the connection is gone. */
extern bool gi_connection_ok(Ctx *c);

/* Connect with the options (prompting for a password when needed). */
extern PGconn *gi_connect(const Options *o);
/* Find govinfo and the target, create it with --init, check it: 0 ready, 1 error (printed). */
extern int	gi_setup(Ctx *c);

#endif
