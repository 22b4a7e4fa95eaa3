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
	OUT_REPLACED,				/* workspace: a new current version of its agency and year */
	OUT_KEPT,					/* workspace: a version beside the current one (--keep-current) */
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
	bool		keep_current;	/* workspace: never replace the current version */
	const char *manifest;
	size_t		max_bytes;
} Options;

typedef struct Ctx
{
	Options		opt;
	PGconn	   *conn;
	char	   *ext_schema;		/* the extension's schema */
	char	   *gv;				/* the same, quoted: "govinfo" */
	char	   *ext_oid;		/* the extension's pg_extension oid, and its schema's */
	char	   *ext_schema_oid;
	bool		have_load_reports;	/* govinfo.load_reports(name, regclass) is a member */
	bool		have_refresh;	/* govinfo.refresh_findings(name) is a member */
	char	   *schema;			/* the target's schema and table, as named */
	char	   *table;
	bool		table_exists;
	bool		unique_hash;	/* reports has a unique index on content_hash */
	char	   *reports;		/* quoted schema.table */
	char	   *rejects;
	bool		workspace;		/* an oversight workspace: each file becomes a version */
	char	   *versions;		/* its quoted schema.report_versions */
	char	   *ws_name;		/* its schema, quoted */
	int			flagged;		/* versions stored flagged */
	bool		have_parse_log;
	bool		have_previous;	/* parse_report/parse_log(text, disclosure_report, …) and
								 * normalize_agency_name(text) are members: last year's
								 * version helps read the file */
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
/* A result's value, malloc'd; NULL for SQL NULL. */
extern char *gi_value_dup(const PGresult *res, int row, int col);
/* After a failure: rolled back, or reconnected (once); false when the connection is gone. */
extern bool gi_connection_ok(Ctx *c);

/* Connect with the options (prompting for a password when needed). */
extern PGconn *gi_connect(const Options *o);
/* Find govinfo and the target, create it with --init, check it: 0 ready, 1 error (printed). */
extern int	gi_setup(Ctx *c);

/*
 * What happened to a file loaded into a workspace's versions: the action of
 * govinfo.load_reports ("loaded", "replaced", "kept", "duplicate",
 * "rejected") and the version it made.  Strings malloc'd or NULL.
 */
typedef struct GiVersion
{
	char		action[12];
	char	   *version_id;
	char	   *status;			/* consistent or flagged */
	char	   *supersedes;		/* the version it replaced */
	char	   *current_id;		/* the current version of its agency and year */
	char	   *agency_name;	/* the agency the name resolved to */
	char	   *broken_errors;	/* error rules broken, "G14-01, ..." */
	char	   *broken_warnings;
	int			unassessable;
	char	   *reason;			/* rejected: why (from rejects) */
} GiVersion;

/*
 * Load a parsed report (its composite text) as a version of the workspace,
 * inside the file's transaction (import/versions.c).  True with *v filled,
 * false with *err set.
 */
extern bool gi_load_version(Ctx *c, const char *source, const char *hash, const char *text,
							size_t textlen, const char *report, const char *agency, const char *year,
							const char *template, const char *previous, GiVersion *v, DbError *err);
extern void gi_version_free(GiVersion *v);
/* The agency's current version of the year before year (composite text), or NULL. */
extern char *gi_previous_version(Ctx *c, const char *agency, const char *year, DbError *err, bool *failed);
/* Make the session's staging table pg_temp.gi_import_file (outside a transaction). */
extern bool gi_make_staging(Ctx *c, DbError *err);

#endif
