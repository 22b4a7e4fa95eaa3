/*
 * govinfo-import.c
 *	  govinfo-import: load 政府信息公开工作年度报告 files into a govinfo
 *	  workspace table.  Each file is parsed server-side by
 *	  govinfo.parse_report() and inserted in its own transaction; a file that
 *	  cannot be parsed or breaks an error rule lands in the sibling table
 *	  rejects with the reason, SQLSTATE, parse log and broken rules.  Files
 *	  already seen (same SHA-256) are skipped, so a rerun adds nothing twice.
 *
 *	  The file side (walking, reading, converting) is in import/files.c.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "libpq-fe.h"

#include "import/files.h"
#include "parse.h"				/* GI_PARSE_MAX_BYTES */

#ifndef GOVINFO_VERSION
#define GOVINFO_VERSION "unknown"
#endif

#define PROGNAME "govinfo-import"
#define DEFAULT_TABLE "disclosure.reports"
#define DEFAULT_MAX_MB 64

/* type OIDs of the parameters we send (pg_type.h values, stable) */
#define TEXTOID 25

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

static const char *const outcome_label[N_OUTCOMES] = {
	"loaded",
	"loaded with rule failures",
	"rejected for rule failures",
	"rejected for other reasons",
	"not parseable",
	"skipped (already imported)",
	"not recorded (errors)"
};

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

static Ctx *ctx_for_notes;		/* for the collect callback */

/* ----------------------------------------------------------------------------
 * Output: per-file lines above a progress bar on a terminal, plain lines otherwise
 * ----------------------------------------------------------------------------
 */

static int
term_width(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	return 80;
}

static void
bar_clear(Ctx *c)
{
	if (c->bar_shown)
	{
		fputs("\r\033[K", stderr);
		c->bar_shown = false;
	}
}

/* The tail of s that fits in width columns, with "…" in front when cut. */
static char *
fit_tail(const char *s, int width)
{
	const char *p = s;

	if (gi_display_width(s) <= width)
		return gi_strdup(s);
	if (width < 2)
		return gi_strdup("");
	while (*p && gi_display_width(p) > width - 1)
	{
		p++;
		while ((*p & 0xC0) == 0x80)
			p++;
	}
	return gi_printf("\xE2\x80\xA6%s", p);
}

static void
bar_draw(Ctx *c, const char *name)
{
	int			width = term_width();
	int			barw = 20;
	int			filled;
	char		bar[64];
	char		count[64];
	char	   *safe;
	char	   *shown;
	int			room;
	int			i;

	if (!c->tty || c->opt.quiet)
		return;
	filled = c->total ? (int) ((c->done * (size_t) barw) / c->total) : barw;
	for (i = 0; i < barw; i++)
		bar[i] = i < filled ? '#' : '-';
	bar[barw] = '\0';
	snprintf(count, sizeof(count), "%zu/%zu", c->done, c->total);
	room = width - 1 - (barw + 2) - 1 - (int) strlen(count) - 1;
	safe = gi_term_safe(name ? name : "", false);
	shown = fit_tail(safe, room > 0 ? room : 0);
	fprintf(stderr, "\r\033[K[%s] %s %s", bar, count, shown);
	fflush(stderr);
	free(shown);
	free(safe);
	c->bar_shown = true;
}

/*
 * Write a message to stderr with its control characters escaped
 * (gi_term_safe): file names and the server's messages, which may quote a
 * file's text, reach the terminal as text, never as escape sequences.
 */
static void
put_safe(const char *s, bool keep_newline)
{
	char	   *t = gi_term_safe(s, keep_newline);

	fputs(t, stderr);
	free(t);
}

/* "govinfo-import: message" on stderr, escaped; the message's own lines kept. */
static void
complain(const char *fmt,...)
	__attribute__((format(printf, 1, 2)));

static void
complain(const char *fmt,...)
{
	va_list		ap;
	int			n;
	char	   *msg;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	msg = gi_malloc((size_t) (n < 0 ? 0 : n) + 1);
	msg[0] = '\0';
	va_start(ap, fmt);
	if (n >= 0)
		vsnprintf(msg, (size_t) n + 1, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: ", PROGNAME);
	put_safe(msg, true);
	fputc('\n', stderr);
	free(msg);
}

/* A line about one file (to stderr); errors are shown even with -q. */
static void
file_line(Ctx *c, bool is_error, const char *path, const char *fmt,...)
	__attribute__((format(printf, 4, 5)));

static void
file_line(Ctx *c, bool is_error, const char *path, const char *fmt,...)
{
	va_list		ap;
	char	   *name;
	char	   *msg;
	int			n;

	if (c->opt.quiet && !is_error)
		return;
	bar_clear(c);
	name = gi_utf8_name(path);
	put_safe(name, false);
	fputs(": ", stderr);
	free(name);
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	msg = gi_malloc((size_t) (n < 0 ? 0 : n) + 1);
	msg[0] = '\0';
	va_start(ap, fmt);
	if (n >= 0)
		vsnprintf(msg, (size_t) n + 1, fmt, ap);
	va_end(ap);
	put_safe(msg, true);
	free(msg);
	fputc('\n', stderr);
	fflush(stderr);
}

static void
collect_note(const char *path, const char *why, bool is_error)
{
	Ctx		   *c = ctx_for_notes;

	if (is_error)
		file_line(c, true, path, "error: %s", why);
	else
		file_line(c, false, path, "%s", why);
}

/* First line of a message, for one-line output. */
static char *
first_line(const char *s)
{
	const char *nl = strchr(s, '\n');

	return nl ? gi_printf("%.*s", (int) (nl - s), s) : gi_strdup(s);
}

/* ----------------------------------------------------------------------------
 * Database helpers
 * ----------------------------------------------------------------------------
 */

static void
dberror_free(DbError *e)
{
	free(e->message);
	free(e->detail);
	free(e->hint);
	memset(e, 0, sizeof(*e));
}

static void
dberror_set(DbError *e, PGconn *conn, const PGresult *res)
{
	const char *m = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *d = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
	const char *h = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_HINT) : NULL;
	const char *s = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

	dberror_free(e);
	if (m == NULL)
	{
		/* a libpq-side failure: the connection's message */
		char	   *msg = gi_strdup(PQerrorMessage(conn));
		size_t		l = strlen(msg);

		while (l > 0 && (msg[l - 1] == '\n' || msg[l - 1] == ' '))
			msg[--l] = '\0';
		if (l == 0)
		{
			free(msg);
			msg = gi_strdup("unknown error (no message from the server)");
		}
		e->message = msg;
	}
	else
		e->message = gi_strdup(m);
	e->detail = d ? gi_strdup(d) : NULL;
	e->hint = h ? gi_strdup(h) : NULL;
	snprintf(e->sqlstate, sizeof(e->sqlstate), "%s", s ? s : "08006");
}

/* "message\nDETAIL:  detail\nHINT:  hint", as psql shows it. */
static char *
dberror_text(const DbError *e)
{
	return gi_printf("%s%s%s%s%s", e->message,
					 e->detail ? "\nDETAIL:  " : "", e->detail ? e->detail : "",
					 e->hint ? "\nHINT:  " : "", e->hint ? e->hint : "");
}

/*
 * Run a statement with text parameters (NULL = SQL NULL).  Parameter
 * binary_param (1-based, 0 = none) is sent in binary format with its length,
 * for file content.  Returns the result when it succeeded, else NULL with *err set.
 */
static PGresult *
run(Ctx *c, const char *sql, int nparams, const char *const *values,
	int binary_param, size_t binary_len, DbError *err)
{
	Oid			types[16];
	int			lengths[16];
	int			formats[16];
	PGresult   *res;
	ExecStatusType st;
	int			i;

	for (i = 0; i < nparams; i++)
	{
		types[i] = TEXTOID;
		lengths[i] = 0;
		formats[i] = 0;
	}
	if (binary_param > 0)
	{
		lengths[binary_param - 1] = (int) binary_len;
		formats[binary_param - 1] = 1;
	}
	res = PQexecParams(c->conn, sql, nparams, types, values, lengths, formats, 0);
	st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return res;
	if (err)
		dberror_set(err, c->conn, res);
	PQclear(res);
	return NULL;
}

/* Run a statement without parameters and without a result; true when it worked. */
static bool
run_cmd(Ctx *c, const char *sql, DbError *err)
{
	PGresult   *res = run(c, sql, 0, NULL, 0, 0, err);

	PQclear(res);
	return res != NULL;
}

/*
 * The session's search_path while importing: every name the importer's
 * statements leave unqualified (operators, built-in types and functions) is
 * pg_catalog's, and nothing the connecting role, or anyone, creates in
 * another schema can stand in for it.  govinfo's own objects are called by
 * the schema found through the extension (find_extension).
 */
#define SAFE_SEARCH_PATH "SET search_path = pg_catalog, pg_temp"

/* After a failure: is the connection still there (reconnecting once if not)? */
static bool
connection_ok(Ctx *c)
{
	if (PQstatus(c->conn) == CONNECTION_OK)
	{
		if (PQtransactionStatus(c->conn) != PQTRANS_IDLE)
		{
			PGresult   *r = PQexec(c->conn, "ROLLBACK");

			PQclear(r);
		}
		return true;
	}
	PQreset(c->conn);
	if (PQstatus(c->conn) != CONNECTION_OK)
		return false;
	/* a new session: its search_path first */
	return run_cmd(c, SAFE_SEARCH_PATH, NULL);
}

/* ----------------------------------------------------------------------------
 * Connecting and finding the tables
 * ----------------------------------------------------------------------------
 */

static char *
read_password(const char *user)
{
	FILE	   *tty = fopen("/dev/tty", "r+");
	struct termios old,
				quiet;
	char		buf[1024];
	bool		echo_off = false;
	size_t		l;

	if (tty == NULL)
		return NULL;
	fprintf(tty, "Password for user %s: ", user ? user : "");
	fflush(tty);
	if (tcgetattr(fileno(tty), &old) == 0)
	{
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t) ECHO;
		echo_off = tcsetattr(fileno(tty), TCSAFLUSH, &quiet) == 0;
	}
	if (fgets(buf, sizeof(buf), tty) == NULL)
		buf[0] = '\0';
	if (echo_off)
		tcsetattr(fileno(tty), TCSAFLUSH, &old);
	fputc('\n', tty);
	fclose(tty);
	l = strlen(buf);
	while (l > 0 && (buf[l - 1] == '\n' || buf[l - 1] == '\r'))
		buf[--l] = '\0';
	return gi_strdup(buf);
}

static PGconn *
connect_db(const Options *o)
{
	char	   *password = NULL;
	PGconn	   *conn;

	if (o->prompt_password == 1)
		password = read_password(o->user);
	for (;;)
	{
		const char *keys[] = {"host", "port", "user", "password", "dbname",
		"fallback_application_name", "client_encoding", NULL};
		const char *vals[] = {o->host, o->port, o->user, password, o->dbname,
		PROGNAME, "UTF8", NULL};

		conn = PQconnectdbParams(keys, vals, 1);
		if (conn != NULL && PQstatus(conn) == CONNECTION_BAD &&
			PQconnectionNeedsPassword(conn) && password == NULL &&
			o->prompt_password != -1 && isatty(STDIN_FILENO))
		{
			PQfinish(conn);
			password = read_password(o->user);
			if (password != NULL)
				continue;
			conn = PQconnectdbParams(keys, vals, 1);
		}
		break;
	}
	if (password)
	{
		memset(password, 0, strlen(password));
		free(password);
	}
	return conn;
}

/* Print a server error for a setup step (before any file). */
static void
setup_error(const char *what, const DbError *e)
{
	char	   *t = dberror_text(e);

	complain("%s: %s", what, t);
	free(t);
}

/* Quote schema.table with PQescapeIdentifier; malloc'd. */
static char *
quote_qualified(PGconn *conn, const char *schema, const char *table)
{
	char	   *qs = PQescapeIdentifier(conn, schema, strlen(schema));
	char	   *qt = PQescapeIdentifier(conn, table, strlen(table));
	char	   *r;

	if (qs == NULL || qt == NULL)
	{
		PQfreemem(qs);
		PQfreemem(qt);
		return NULL;
	}
	r = gi_printf("%s.%s", qs, qt);
	PQfreemem(qs);
	PQfreemem(qt);
	return r;
}

/*
 * Resolve --table as SQL would, under the user's own search_path (so this
 * runs before SAFE_SEARCH_PATH): the schema and name of an existing table
 * (to_regclass), or where --init would create it (an unqualified name goes
 * to current_schema()).  0 done, 1 error (printed).
 */
static int
resolve_target(Ctx *c)
{
	DbError		err = {0};
	const char *vals[1] = {c->opt.table};
	PGresult   *res;
	int			nparts;

	res = run(c,
			  "SELECT n.nspname, k.relname, pg_catalog.array_length(p, 1), "
			  "CASE WHEN pg_catalog.array_length(p, 1) OPERATOR(pg_catalog.=) 1 "
			  "THEN pg_catalog.current_schema() ELSE p[1] END, "
			  "p[pg_catalog.array_length(p, 1)] "
			  "FROM pg_catalog.parse_ident($1) AS p "
			  "LEFT JOIN pg_catalog.pg_class k ON k.oid OPERATOR(pg_catalog.=) pg_catalog.to_regclass($1) "
			  "LEFT JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) k.relnamespace",
			  1, vals, 0, 0, &err);
	if (res == NULL)
	{
		setup_error("invalid --table name", &err);
		dberror_free(&err);
		return 1;
	}
	if (!PQgetisnull(res, 0, 0))
	{
		c->table_exists = true;
		c->schema = gi_strdup(PQgetvalue(res, 0, 0));
		c->table = gi_strdup(PQgetvalue(res, 0, 1));
		PQclear(res);
		return 0;
	}
	nparts = atoi(PQgetvalue(res, 0, 2));
	if (nparts > 2 || PQgetisnull(res, 0, 3))
	{
		complain("--table %s: give schema.table or table (with a schema in search_path)", c->opt.table);
		PQclear(res);
		return 1;
	}
	c->table_exists = false;
	c->schema = gi_strdup(PQgetvalue(res, 0, 3));
	c->table = gi_strdup(PQgetvalue(res, 0, 4));
	PQclear(res);
	return 0;
}

/*
 * Find govinfo by its catalog entry, not by a name in search_path: the
 * extension in pg_extension, its type disclosure_report and every function
 * the importer calls among the objects that belong to it (pg_depend,
 * deptype 'e'), all in one schema, which the importer's statements then
 * name (c->gv).  A schema renamed, and a look-alike put in its place, is
 * not used; and a function in the extension's schema that does not belong
 * to the extension (an overload planted by whoever could create objects
 * there, to catch the calls of the README's examples or the importer's)
 * stops the import.  0 found, 1 error (printed).
 */
static int
find_extension(Ctx *c)
{
	DbError		err = {0};
	PGresult   *res;
	const char *vals[3];
	char	   *ext_oid;
	char	   *type_oid;
	char	   *schema;
	char	   *schema_oid;
	char	   *owner;
	int			i;
	bool		mixed = false;

	res = run(c,
			  "SELECT e.oid, t.oid, n.nspname, n.oid, pg_catalog.pg_get_userbyid(n.nspowner), "
			  "pg_catalog.current_database() "
			  "FROM pg_catalog.pg_extension e "
			  "LEFT JOIN (pg_catalog.pg_depend d "
			  "  JOIN pg_catalog.pg_type t ON t.oid = d.objid AND t.typname = 'disclosure_report' "
			  "  JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace) "
			  "ON d.classid = 'pg_catalog.pg_type'::pg_catalog.regclass "
			  "AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass "
			  "AND d.refobjid = e.oid AND d.deptype = 'e' "
			  "WHERE e.extname = 'govinfo'",
			  0, NULL, 0, 0, &err);
	if (res == NULL)
	{
		setup_error("could not query the database", &err);
		dberror_free(&err);
		return 1;
	}
	if (PQntuples(res) == 0 || PQgetisnull(res, 0, 1))
	{
		if (PQntuples(res) == 0)
		{
			PGresult   *db = run(c, "SELECT pg_catalog.current_database()", 0, NULL, 0, 0, NULL);

			complain("the govinfo extension is not installed in database \"%s\"\n"
					 "HINT:  Run CREATE EXTENSION govinfo; in that database, or connect to another with -d.",
					 db ? PQgetvalue(db, 0, 0) : "?");
			PQclear(db);
		}
		else
			complain("the govinfo extension in database \"%s\" has no type disclosure_report",
					 PQgetvalue(res, 0, 5));
		PQclear(res);
		return 1;
	}
	ext_oid = gi_strdup(PQgetvalue(res, 0, 0));
	type_oid = gi_strdup(PQgetvalue(res, 0, 1));
	schema = gi_strdup(PQgetvalue(res, 0, 2));
	schema_oid = gi_strdup(PQgetvalue(res, 0, 3));
	owner = gi_strdup(PQgetvalue(res, 0, 4));
	PQclear(res);

	/*
	 * The functions called, by exact argument types (type OIDs: 25 text, 23
	 * integer, 19 name, T the extension's disclosure_report).  Every call
	 * passes exactly these types, so no other overload can be chosen.
	 */
	vals[0] = ext_oid;
	vals[1] = type_oid;
	res = run(c,
			  "SELECT w.name, p.oid IS NOT NULL, p.pronamespace "
			  "FROM (VALUES ('parse_report', '25 25 23 25'), ('violations', 'T 25 25'), "
			  "  ('parse_log', '25 25 23 25'), ('create_workspace', '19'), ('templates', '')) AS w(name, args) "
			  "LEFT JOIN pg_catalog.pg_proc p ON p.proname = w.name "
			  "  AND p.proargtypes = pg_catalog.replace(w.args, 'T', $2)::pg_catalog.oidvector "
			  "  AND EXISTS (SELECT FROM pg_catalog.pg_depend d "
			  "    WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.objid = p.oid "
			  "      AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass "
			  "      AND d.refobjid = $1::pg_catalog.oid AND d.deptype = 'e')",
			  2, vals, 0, 0, &err);
	if (res == NULL)
	{
		setup_error("could not look up govinfo's functions", &err);
		dberror_free(&err);
		free(ext_oid); free(type_oid); free(schema); free(schema_oid); free(owner);
		return 1;
	}
	for (i = 0; i < PQntuples(res); i++)
	{
		const char *name = PQgetvalue(res, i, 0);
		bool		member = strcmp(PQgetvalue(res, i, 1), "t") == 0;
		bool		needed = strcmp(name, "parse_report") == 0 || strcmp(name, "violations") == 0 ||
			(strcmp(name, "create_workspace") == 0 && c->opt.init) ||
			(strcmp(name, "templates") == 0 && c->opt.template != NULL);

		if (strcmp(name, "parse_log") == 0)
			c->have_parse_log = member;
		if (!member && needed)
		{
			complain("the govinfo extension has no function %s with the arguments govinfo-import passes%s",
					 name, c->opt.init && strcmp(name, "create_workspace") == 0 ? " (--init needs it)" : "");
			PQclear(res);
			free(ext_oid); free(type_oid); free(schema); free(schema_oid); free(owner);
			return 1;
		}
		if (member && strcmp(PQgetvalue(res, i, 2), schema_oid) != 0)
			mixed = true;
	}
	PQclear(res);
	if (mixed)
	{
		complain("the govinfo extension's functions are not all in its schema \"%s\"", schema);
		free(ext_oid); free(type_oid); free(schema); free(schema_oid); free(owner);
		return 1;
	}

	/* Functions in that schema that do not belong to the extension. */
	vals[0] = ext_oid;
	vals[1] = schema_oid;
	res = run(c,
			  "SELECT pg_catalog.count(*), pg_catalog.string_agg(p.oid::pg_catalog.regprocedure::pg_catalog.text, ', ' "
			  "  ORDER BY p.oid::pg_catalog.regprocedure::pg_catalog.text) "
			  "FROM pg_catalog.pg_proc p "
			  "WHERE p.pronamespace = $2::pg_catalog.oid AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d "
			  "  WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.objid = p.oid "
			  "    AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass "
			  "    AND d.refobjid = $1::pg_catalog.oid AND d.deptype = 'e')",
			  2, vals, 0, 0, &err);
	if (res == NULL)
	{
		setup_error("could not check the extension's schema", &err);
		dberror_free(&err);
		free(ext_oid); free(type_oid); free(schema); free(schema_oid); free(owner);
		return 1;
	}
	if (strcmp(PQgetvalue(res, 0, 0), "0") != 0)
	{
		complain("refusing to run: the schema \"%s\" of the govinfo extension holds %s function%s "
				 "that %s not part of the extension: %s\n"
				 "HINT:  A function there can capture calls meant for govinfo's own and run as the caller. "
				 "Whoever can create objects in that schema (its owner is \"%s\") may have planted %s; "
				 "a superuser should drop %s or move %s to another schema.",
				 schema, PQgetvalue(res, 0, 0), strcmp(PQgetvalue(res, 0, 0), "1") == 0 ? "" : "s",
				 strcmp(PQgetvalue(res, 0, 0), "1") == 0 ? "is" : "are", PQgetvalue(res, 0, 1), owner,
				 strcmp(PQgetvalue(res, 0, 0), "1") == 0 ? "it" : "them",
				 strcmp(PQgetvalue(res, 0, 0), "1") == 0 ? "it" : "them",
				 strcmp(PQgetvalue(res, 0, 0), "1") == 0 ? "it" : "them");
		PQclear(res);
		free(ext_oid); free(type_oid); free(schema); free(schema_oid); free(owner);
		return 1;
	}
	PQclear(res);

	c->ext_schema = schema;
	c->gv = PQescapeIdentifier(c->conn, schema, strlen(schema));
	free(ext_oid); free(type_oid); free(schema_oid); free(owner);
	if (c->gv == NULL)
	{
		complain("could not quote the schema name: %s", PQerrorMessage(c->conn));
		return 1;
	}
	return 0;
}

/*
 * Before --init creates the workspace: a schema that exists must be the
 * connecting role's own and not the extension's.  0 ok, 1 refused (printed).
 */
static int
check_new_workspace(Ctx *c)
{
	DbError		err = {0};
	const char *vals[1] = {c->schema};
	PGresult   *res;
	int			rc = 0;

	if (strcmp(c->table, "reports") != 0)
	{
		complain("--init creates tables \"reports\" and \"rejects\": --table must name SCHEMA.reports, not %s",
				 c->opt.table);
		return 1;
	}
	if (strcmp(c->schema, c->ext_schema) == 0)
	{
		complain("refusing to create a workspace in the schema \"%s\" of the govinfo extension\n"
				 "HINT:  Give a schema of its own, e.g. --table disclosure.reports.", c->schema);
		return 1;
	}
	res = run(c,
			  "SELECT pg_catalog.pg_get_userbyid(n.nspowner), pg_catalog.pg_get_userbyid(n.nspowner) = CURRENT_USER, "
			  "CURRENT_USER FROM pg_catalog.pg_namespace n WHERE n.nspname = $1",
			  1, vals, 0, 0, &err);
	if (res == NULL)
	{
		setup_error("could not look up the schema", &err);
		dberror_free(&err);
		return 1;
	}
	if (PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 1), "t") != 0)
	{
		complain("refusing to create a workspace in the schema \"%s\": it is owned by role \"%s\", not by \"%s\"\n"
				 "HINT:  The owner of a schema can replace the tables in it, or add triggers that run as whoever "
				 "imports; use a schema of your own.",
				 c->schema, PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 2));
		rc = 1;
	}
	PQclear(res);
	return rc;
}

/*
 * The target tables must be the connecting role's own, in a schema of its
 * own, plain tables, with no trigger or rule: a trigger runs its function as
 * whoever inserts, so a look-alike table could make a superuser's import run
 * someone else's code.  reports needs a unique index on content_hash (ON
 * CONFLICT).  0 ok, 1 refused (printed).
 */
static int
check_target(Ctx *c)
{
	DbError		err = {0};
	const char *vals[2] = {c->schema, c->table};
	PGresult   *res;
	int			i;

	if (strcmp(c->schema, c->ext_schema) == 0)
	{
		complain("refusing to import into %s: it is in the schema \"%s\" of the govinfo extension\n"
				 "HINT:  Import into a workspace of its own: govinfo-import --init --table disclosure.reports.",
				 c->reports, c->schema);
		return 1;
	}
	res = run(c,
			  "SELECT '\"' || pg_catalog.replace(n.nspname, '\"', '\"\"') || '\".\"' "
			  "  || pg_catalog.replace(w.t, '\"', '\"\"') || '\"', "
			  "k.oid IS NOT NULL, k.relkind, "
			  "pg_catalog.pg_get_userbyid(n.nspowner), pg_catalog.pg_get_userbyid(n.nspowner) = CURRENT_USER, "
			  "pg_catalog.pg_get_userbyid(k.relowner), pg_catalog.pg_get_userbyid(k.relowner) = CURRENT_USER, "
			  "(SELECT pg_catalog.string_agg('\"' || pg_catalog.replace(g.tgname, '\"', '\"\"') || '\"', ', ' "
			  "   ORDER BY g.tgname) "
			  "   FROM pg_catalog.pg_trigger g WHERE g.tgrelid = k.oid AND NOT g.tgisinternal), "
			  "(SELECT pg_catalog.string_agg('\"' || pg_catalog.replace(r.rulename, '\"', '\"\"') || '\"', ', ' "
			  "   ORDER BY r.rulename) "
			  "   FROM pg_catalog.pg_rewrite r WHERE r.ev_class = k.oid), "
			  "EXISTS (SELECT FROM pg_catalog.pg_index i "
			  "   JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] "
			  "   WHERE i.indrelid = k.oid AND i.indisunique AND i.indimmediate AND i.indnkeyatts = 1 "
			  "     AND i.indpred IS NULL AND i.indexprs IS NULL AND a.attname = 'content_hash'), "
			  "CURRENT_USER "
			  "FROM (VALUES (1, $2::pg_catalog.name), (2, 'rejects'::pg_catalog.name)) AS w(i, t) "
			  "JOIN pg_catalog.pg_namespace n ON n.nspname = $1 "
			  "LEFT JOIN pg_catalog.pg_class k ON k.relnamespace = n.oid AND k.relname = w.t "
			  "ORDER BY w.i",
			  2, vals, 0, 0, &err);
	if (res == NULL)
	{
		setup_error("could not check the tables", &err);
		dberror_free(&err);
		return 1;
	}
	if (PQntuples(res) != 2)
	{
		complain("schema \"%s\" does not exist", c->schema);
		PQclear(res);
		return 1;
	}
	for (i = 0; i < 2; i++)
	{
		const char *name = PQgetvalue(res, i, 0);
		const char *me = PQgetvalue(res, i, 10);

		if (strcmp(PQgetvalue(res, i, 4), "t") != 0)
		{
			complain("refusing to import into %s: the schema \"%s\" is owned by role \"%s\", not by \"%s\"\n"
					 "HINT:  The owner of a schema can replace the tables in it, or add triggers that run as "
					 "whoever imports.  Import as that role (-U), or into a schema of your own.",
					 c->reports, c->schema, PQgetvalue(res, i, 3), me);
			PQclear(res);
			return 1;
		}
		if (strcmp(PQgetvalue(res, i, 1), "t") != 0)
		{
			if (i == 1)
				complain("table %s has no sibling table %s for rejected files\n"
						 "HINT:  Tables made by govinfo.create_workspace() come in pairs; create them with that function.",
						 c->reports, name);
			else
				complain("table %s does not exist", name);
			PQclear(res);
			return 1;
		}
		if (strcmp(PQgetvalue(res, i, 2), "r") != 0)
		{
			complain("refusing to import into %s: %s is not a plain table", c->reports, name);
			PQclear(res);
			return 1;
		}
		if (strcmp(PQgetvalue(res, i, 6), "t") != 0)
		{
			complain("refusing to import into %s: table %s is owned by role \"%s\", not by \"%s\"\n"
					 "HINT:  Its owner can add triggers that run as whoever imports.  Import as that role (-U), "
					 "or into a workspace of your own.",
					 c->reports, name, PQgetvalue(res, i, 5), me);
			PQclear(res);
			return 1;
		}
		if (!PQgetisnull(res, i, 7) || !PQgetisnull(res, i, 8))
		{
			bool		trig = !PQgetisnull(res, i, 7);

			complain("refusing to import into %s: table %s has %s%s%s%s%s that govinfo-import did not create\n"
					 "HINT:  A trigger's function runs as whoever imports, a rule's actions with the table's rights; "
					 "drop them, or import into a workspace without them.",
					 c->reports, name,
					 trig ? (strchr(PQgetvalue(res, i, 7), ',') ? "triggers " : "trigger ") : "",
					 trig ? PQgetvalue(res, i, 7) : "",
					 trig && !PQgetisnull(res, i, 8) ? " and " : "",
					 !PQgetisnull(res, i, 8) ? (strchr(PQgetvalue(res, i, 8), ',') ? "rules " : "rule ") : "",
					 !PQgetisnull(res, i, 8) ? PQgetvalue(res, i, 8) : "");
			PQclear(res);
			return 1;
		}
	}
	c->unique_hash = strcmp(PQgetvalue(res, 0, 9), "t") == 0;
	PQclear(res);
	return 0;
}

/* Set up the connection's context: extension present, tables found or created and checked. */
static int
setup(Ctx *c)
{
	DbError		err = {0};
	PGresult   *res;
	const char *vals[2];
	char	   *sql;

	if (resolve_target(c) != 0)
		return 1;
	if (!run_cmd(c, SAFE_SEARCH_PATH, &err))
	{
		setup_error("could not set the search_path", &err);
		dberror_free(&err);
		return 1;
	}
	if (find_extension(c) != 0)
		return 1;

	if (c->opt.template)
	{
		vals[0] = c->opt.template;
		sql = gi_printf("SELECT pg_catalog.bool_or(t.template = $1), "
						"pg_catalog.string_agg(t.template, ', ' ORDER BY t.first_year) FROM %s.templates() AS t",
						c->gv);
		res = run(c, sql, 1, vals, 0, 0, &err);
		free(sql);
		if (res == NULL)
		{
			setup_error("could not list the templates", &err);
			dberror_free(&err);
			return 1;
		}
		if (strcmp(PQgetvalue(res, 0, 0), "t") != 0)
		{
			complain("unknown --template \"%s\": the templates are %s", c->opt.template, PQgetvalue(res, 0, 1));
			PQclear(res);
			return 1;
		}
		PQclear(res);
	}

	c->reports = quote_qualified(c->conn, c->schema, c->table);
	c->rejects = quote_qualified(c->conn, c->schema, "rejects");
	if (c->reports == NULL || c->rejects == NULL)
	{
		complain("could not quote the table name: %s", PQerrorMessage(c->conn));
		return 1;
	}

	if (!c->table_exists)
	{
		if (!c->opt.init)
		{
			complain("table %s does not exist\n"
					 "HINT:  Create it with --init, or in SQL: SELECT govinfo.create_workspace('schema');",
					 c->opt.table);
			return 1;
		}
		if (check_new_workspace(c) != 0)
			return 1;
		vals[0] = c->schema;
		sql = gi_printf("SELECT %s.create_workspace($1::pg_catalog.name)", c->gv);
		res = run(c, sql, 1, vals, 0, 0, &err);
		free(sql);
		if (res == NULL)
		{
			setup_error("could not create the workspace", &err);
			dberror_free(&err);
			return 1;
		}
		PQclear(res);
		if (!c->opt.quiet)
			complain("created the workspace in schema %s (%s and its rejects)", c->schema, c->reports);
	}

	if (check_target(c) != 0)
		return 1;

	/* The columns the importer writes, and the rights it needs, up front. */
	vals[0] = c->reports;
	vals[1] = c->rejects;
	res = run(c,
			  "SELECT pg_catalog.array_to_string(ARRAY("
			  "  SELECT w.t || '.' || w.col FROM (VALUES "
			  "    ('reports', 'agency'), ('reports', 'region'), ('reports', 'level'), ('reports', 'year'), "
			  "    ('reports', 'report'), ('reports', 'source'), ('reports', 'content_hash'), ('reports', 'loaded_at'), "
			  "    ('rejects', 'source'), ('rejects', 'content_hash'), ('rejects', 'agency'), ('rejects', 'region'), "
			  "    ('rejects', 'level'), ('rejects', 'year'), ('rejects', 'reason'), ('rejects', 'sqlstate'), "
			  "    ('rejects', 'report'), ('rejects', 'parse_log'), ('rejects', 'violations'), ('rejects', 'rejected_at')"
			  "  ) AS w(t, col) "
			  "  WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a "
			  "    WHERE a.attrelid = pg_catalog.to_regclass(CASE w.t WHEN 'reports' THEN $1 ELSE $2 END) "
			  "      AND a.attname = w.col AND a.attnum > 0 AND NOT a.attisdropped)), ', '), "
			  "pg_catalog.has_table_privilege($1, 'SELECT') AND pg_catalog.has_table_privilege($1, 'INSERT') "
			  "AND pg_catalog.has_table_privilege($2, 'SELECT') AND pg_catalog.has_table_privilege($2, 'INSERT'), "
			  "pg_catalog.has_table_privilege($2, 'DELETE')",
			  2, vals, 0, 0, &err);
	if (res == NULL)
	{
		setup_error("could not check the tables", &err);
		dberror_free(&err);
		return 1;
	}
	if (PQgetvalue(res, 0, 0)[0] != '\0')
	{
		complain("%s and %s are not govinfo workspace tables: missing columns %s\n"
				 "HINT:  Create them with govinfo.create_workspace().",
				 c->reports, c->rejects, PQgetvalue(res, 0, 0));
		PQclear(res);
		return 1;
	}
	if (strcmp(PQgetvalue(res, 0, 1), "t") != 0 ||
		(c->opt.retry && strcmp(PQgetvalue(res, 0, 2), "t") != 0))
	{
		complain("permission denied: importing needs SELECT and INSERT on %s and %s%s%s",
				 c->reports, c->rejects,
				 c->opt.retry ? ", and --retry DELETE on " : "", c->opt.retry ? c->rejects : "");
		PQclear(res);
		return 1;
	}
	PQclear(res);
	if (!c->unique_hash)
	{
		complain("%s has no unique index on content_hash alone, which govinfo-import needs to load each file once\n"
				 "HINT:  Tables made by govinfo.create_workspace() have one.", c->reports);
		return 1;
	}
	return 0;
}

/* ----------------------------------------------------------------------------
 * One file
 *
 * A file is looked up (seen_before) and, if new, converted outside any
 * transaction; then one transaction records it: an advisory lock on its
 * content hash, so that importers running at the same time take the same
 * file in turn; the look-up again, under the lock (a file another importer
 * recorded meanwhile counts as skipped, not as a duplicate); parse and insert
 * in a savepoint; on failure the rejects row, in the same transaction.
 * ----------------------------------------------------------------------------
 */

/* The advisory locks' first key: "govi", so as not to meet other users' int8 keys. */
#define GI_LOCK_CLASS "1735357033"

/*
 * Has this content been seen?  1 in reports, 2 in rejects (or, without a
 * hash, this unreadable source with the same reason), 0 no, -1 error.
 */
static int
seen_before(Ctx *c, const GiFile *f, const char *source, DbError *err)
{
	PGresult   *res;
	char	   *sql;
	int			r;

	if (f->have_hash)
	{
		const char *vals[1] = {f->hash};

		if (c->opt.retry)
			sql = gi_printf("SELECT CASE WHEN EXISTS (SELECT 1 FROM %s WHERE content_hash = $1) "
							"THEN 1 ELSE 0 END",
							c->reports);
		else
			sql = gi_printf("SELECT CASE WHEN EXISTS (SELECT 1 FROM %s WHERE content_hash = $1) THEN 1 "
							"WHEN EXISTS (SELECT 1 FROM %s WHERE content_hash = $1) THEN 2 "
							"ELSE 0 END",
							c->reports, c->rejects);
		res = run(c, sql, 1, vals, 0, 0, err);
	}
	else
	{
		const char *vals[2] = {source, f->error};

		if (c->opt.retry)
			return 0;
		sql = gi_printf("SELECT CASE WHEN EXISTS (SELECT 1 FROM %s WHERE content_hash IS NULL "
						"AND source = $1 AND reason = $2) THEN 2 ELSE 0 END",
						c->rejects);
		res = run(c, sql, 2, vals, 0, 0, err);
	}
	free(sql);
	if (res == NULL)
		return -1;
	r = atoi(PQgetvalue(res, 0, 0));
	PQclear(res);
	return r;
}

/*
 * Begin the file's transaction and take its lock: on the content hash, or,
 * for a file that could not be read, on its path and reason.
 */
static bool
begin_file(Ctx *c, const GiFile *f, const char *source, DbError *err)
{
	char	   *key = f->have_hash ? gi_strdup(f->hash) : gi_printf("%s\n%s", source, f->error ? f->error : "");
	const char *vals[1] = {key};
	PGresult   *res = NULL;
	bool		ok;

	ok = run_cmd(c, "BEGIN", err) &&
		(res = run(c, "SELECT pg_catalog.pg_advisory_xact_lock(" GI_LOCK_CLASS ", pg_catalog.hashtext($1))",
				   1, vals, 0, 0, err)) != NULL;
	PQclear(res);
	free(key);
	return ok;
}

/* After a failed statement: back to the savepoint (false when the connection is gone). */
static bool
rollback_to(Ctx *c, const char *savepoint)
{
	char	   *sql;
	bool		ok;

	if (PQstatus(c->conn) != CONNECTION_OK)
		return false;
	sql = gi_printf("ROLLBACK TO SAVEPOINT %s", savepoint);
	ok = run_cmd(c, sql, NULL);
	free(sql);
	return ok;
}

/* With --retry: drop the earlier rejects of this content (inside the caller's transaction). */
static bool
forget_rejects(Ctx *c, const GiFile *f, const char *source, DbError *err)
{
	PGresult   *res;
	char	   *sql;

	if (!c->opt.retry)
		return true;
	if (f->have_hash)
	{
		const char *vals[1] = {f->hash};

		sql = gi_printf("DELETE FROM %s WHERE content_hash = $1", c->rejects);
		res = run(c, sql, 1, vals, 0, 0, err);
	}
	else
	{
		const char *vals[1] = {source};

		sql = gi_printf("DELETE FROM %s WHERE content_hash IS NULL AND source = $1", c->rejects);
		res = run(c, sql, 1, vals, 0, 0, err);
	}
	free(sql);
	PQclear(res);
	return res != NULL;
}

/*
 * Record a rejected file, inside the file's transaction.  First with the
 * parse log and the violations; if computing those fails, once more without
 * them (the reason says why).  ON CONFLICT DO NOTHING: with a unique index
 * on rejects.content_hash, a row another importer wrote meanwhile stays the
 * only one.  Returns 1 recorded, 2 already recorded by another, 0 failed.
 */
static int
record_reject(Ctx *c, const char *source, const GiFile *f, const char *reason,
			  const char *sqlstate, const char *report, DbError *err)
{
	int			attempt;

	for (attempt = 0; attempt < 2; attempt++)
	{
		bool		full = attempt == 0;
		bool		with_log = full && c->have_parse_log && f->text != NULL;
		bool		with_viol = full && report != NULL;
		char	   *sql;
		char	   *logsql;
		char	   *violsql;
		char	   *reason2 = NULL;
		PGresult   *res;
		const char *vals[11];
		int			n;

		if (!full && err->message)
		{
			char	   *t = dberror_text(err);

			reason2 = gi_printf("%s\n(parse log and rule results not recorded: %s)", reason, t);
			free(t);
		}
		vals[0] = source;
		vals[1] = f->have_hash ? f->hash : NULL;
		vals[2] = c->opt.agency;
		vals[3] = c->opt.region;
		vals[4] = c->opt.level;
		vals[5] = c->opt.year;
		vals[6] = reason2 ? reason2 : reason;
		vals[7] = sqlstate;
		vals[8] = report;
		vals[9] = c->opt.template;
		vals[10] = with_log ? f->text : NULL;

		logsql = with_log ?
			gi_printf("(SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(l) - 'ordinality' ORDER BY l.ordinality) "
					  "FROM %s.parse_log($11, $3, $6::integer, $10) WITH ORDINALITY AS l)", c->gv) :
			gi_strdup("NULL");
		violsql = with_viol ?
			gi_printf("(SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x)) "
					  "FROM %s.violations(v.r, 'non_null'::text, 'invalid'::text) AS x)", c->gv) :
			gi_strdup("NULL");
		sql = gi_printf("INSERT INTO %s (source, content_hash, agency, region, level, year, reason, sqlstate, "
						"report, parse_log, violations, rejected_at) "
						"SELECT $1, $2, COALESCE((v.r).agency, $3), $4, $5, COALESCE((v.r).year, $6::integer), "
						"$7, $8, v.r, %s, %s, pg_catalog.now() "
						"FROM (VALUES ($9::%s.disclosure_report)) AS v(r) "
						"ON CONFLICT DO NOTHING RETURNING true",
						c->rejects, logsql, violsql, c->gv);
		free(logsql);
		free(violsql);

		res = NULL;
		if (!run_cmd(c, "SAVEPOINT gi_reject", err) ||
			!forget_rejects(c, f, source, err) ||
			(res = run(c, sql, 11, vals, with_log ? 11 : 0, with_log ? f->textlen : 0, err)) == NULL)
		{
			free(sql);
			free(reason2);
			if (!rollback_to(c, "gi_reject"))
				return 0;
			continue;
		}
		n = PQntuples(res);
		PQclear(res);
		free(sql);
		free(reason2);
		return n > 0 ? 1 : 2;
	}
	return 0;
}

/* Parse and insert in one transaction.  Fills the report text and identity when parsed. */
typedef struct Parsed
{
	char	   *report;			/* composite text, NULL when not parsed */
	char	   *agency;
	char	   *year;
	char	   *template;
	int			broken;			/* warning rules broken (after a successful insert) */
	int			unassessable;
	char	   *broken_ids;
} Parsed;

static void
parsed_free(Parsed *p)
{
	free(p->report);
	free(p->agency);
	free(p->year);
	free(p->template);
	free(p->broken_ids);
	memset(p, 0, sizeof(*p));
}

static char *
dup_value(const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL : gi_strdup(PQgetvalue(res, row, col));
}

/*
 * Parse and insert, inside the file's transaction, after SAVEPOINT gi_file.
 * Returns 0 loaded, 1 parse failed, 2 insert failed (p->report set),
 * 3 the content is in reports already (another importer without the lock).
 */
static int
parse_and_load(Ctx *c, const char *source, const GiFile *f, Parsed *p, DbError *err)
{
	PGresult   *res;
	char	   *sql;
	const char *vals[5];
	int			n;

	vals[0] = f->text;
	vals[1] = c->opt.agency;
	vals[2] = c->opt.year;
	vals[3] = c->opt.template;
	sql = gi_printf("SELECT r::text, r.agency, r.year, r.template "
					"FROM %s.parse_report($1, $2, $3::integer, $4) AS r", c->gv);
	res = run(c, sql, 4, vals, 1, f->textlen, err);
	free(sql);
	if (res == NULL)
		return 1;
	if (PQntuples(res) != 1 || PQgetisnull(res, 0, 3))
	{
		PQclear(res);
		dberror_free(err);
		err->message = gi_strdup("govinfo.parse_report() returned no report");
		snprintf(err->sqlstate, sizeof(err->sqlstate), "22000");
		return 1;
	}
	p->report = dup_value(res, 0, 0);
	p->agency = dup_value(res, 0, 1);
	p->year = dup_value(res, 0, 2);
	p->template = dup_value(res, 0, 3);
	PQclear(res);

	vals[0] = p->report;
	vals[1] = c->opt.region;
	vals[2] = c->opt.level;
	vals[3] = source;
	vals[4] = f->hash;
	sql = gi_printf("INSERT INTO %s (agency, region, level, year, report, source, content_hash, loaded_at) "
					"SELECT (v.r).agency, $2, $3, (v.r).year, v.r, $4, $5, pg_catalog.now() "
					"FROM (VALUES ($1::%s.disclosure_report)) AS v(r) "
					"ON CONFLICT (content_hash) DO NOTHING RETURNING true",
					c->reports, c->gv);
	res = run(c, sql, 5, vals, 0, 0, err);
	free(sql);
	if (res == NULL)
		return 2;
	n = PQntuples(res);
	PQclear(res);
	if (n == 0)
		return 3;

	vals[0] = p->report;
	sql = gi_printf("SELECT pg_catalog.count(*) FILTER (WHERE outcome IS FALSE), "
					"pg_catalog.count(*) FILTER (WHERE outcome IS NULL), "
					"pg_catalog.string_agg(rule_id, ', ') FILTER (WHERE outcome IS FALSE) "
					"FROM %s.violations($1::%s.disclosure_report, 'non_null'::text, 'all'::text)",
					c->gv, c->gv);
	res = run(c, sql, 1, vals, 0, 0, err);
	free(sql);
	if (res == NULL)
		return 2;
	p->broken = atoi(PQgetvalue(res, 0, 0));
	p->unassessable = atoi(PQgetvalue(res, 0, 1));
	p->broken_ids = dup_value(res, 0, 2);
	PQclear(res);

	if (!forget_rejects(c, f, source, err))
		return 2;
	return 0;
}

/*
 * An error that says the database or the connection is wrong, not the file
 * (privileges, a missing object, a dropped connection, an administrator's
 * shutdown): recording the file as rejected would blame it for nothing.
 */
static bool
is_setup_error(const char *sqlstate)
{
	return strncmp(sqlstate, "42", 2) == 0 || strncmp(sqlstate, "08", 2) == 0 ||
		strncmp(sqlstate, "57P", 3) == 0 || strcmp(sqlstate, "25006") == 0;
}

/* "agency year (template)" for messages. */
static char *
identity(const Parsed *p)
{
	return gi_printf("%s %s (%s)", p->agency ? p->agency : "(no agency)",
					 p->year ? p->year : "(no year)", p->template ? p->template : "?");
}

/* A database failure while handling a file: say so, and roll back. */
static Outcome
not_recorded(Ctx *c, const char *path, const char *what, DbError *err)
{
	char	   *t = dberror_text(err);

	file_line(c, true, path, "not recorded%s: %s", what, t);
	free(t);
	connection_ok(c);
	return OUT_FAILED;
}

/* Commit the file's transaction; OUT_FAILED when that fails, else out. */
static Outcome
commit_file(Ctx *c, const char *path, Outcome out, DbError *err)
{
	if (!run_cmd(c, "COMMIT", err))
		return not_recorded(c, path, " (commit failed)", err);
	return out;
}

/* The message for a skipped file: seen before, or recorded meanwhile by another importer. */
static void
say_skipped(Ctx *c, const char *path, const GiFile *f, int seen, bool meanwhile)
{
	const char *who = meanwhile ? ", by another import running at the same time" : "";

	if (seen == 1)
		file_line(c, false, path, "skipped (already loaded%s)", who);
	else
		file_line(c, false, path, "skipped (already in rejects%s%s; --retry processes it again)",
				  f->have_hash ? "" : " with the same reason", who);
}

/* The file could not be parsed, or its report not stored: record it in rejects. */
static Outcome
reject_file(Ctx *c, const char *path, const char *source, const GiFile *f,
			const Parsed *p, int rc, DbError *err)
{
	char	   *reason = dberror_text(err);
	char	   *r1 = first_line(reason);
	char		state[6];
	Outcome		out;
	int			rec;

	snprintf(state, sizeof(state), "%s", err->sqlstate);
	if (rc == 1)
		out = OUT_NOT_PARSEABLE;
	else if (strcmp(state, "23514") == 0)
		out = OUT_REJECTED_RULES;
	else
		out = OUT_REJECTED_OTHER;

	rec = record_reject(c, source, f, reason, state, rc == 2 ? p->report : NULL, err);
	if (rec == 0)
	{
		char	   *t = dberror_text(err);

		file_line(c, true, path, "not recorded (%s): %s", r1, t);
		free(t);
		connection_ok(c);
		out = OUT_FAILED;
	}
	else if (rec == 2)
	{
		say_skipped(c, path, f, 2, true);
		out = commit_file(c, path, OUT_SKIPPED, err);
	}
	else
	{
		out = commit_file(c, path, out, err);
		if (out == OUT_NOT_PARSEABLE)
			file_line(c, false, path, "not parseable: %s", r1);
		else if (out != OUT_FAILED)
		{
			char	   *who = identity(p);
			const char *hint = "";

			if (strcmp(state, "23502") == 0 && p->agency == NULL)
				hint = " (no agency found: give it with --agency)";
			else if (strcmp(state, "23502") == 0 && p->year == NULL)
				hint = " (no year found: give it with --year)";
			else if (strcmp(state, "23505") == 0)
				hint = " (another file already gave this agency and year)";
			file_line(c, false, path, "rejected: %s: %s%s", who, r1, hint);
			free(who);
		}
	}
	free(r1);
	free(reason);
	return out;
}

static Outcome
process_file(Ctx *c, const char *path, bool follow)
{
	GiFile		f;
	DbError		err = {0};
	Parsed		p = {0};
	char	   *source = gi_utf8_name(path);
	GiKind		kind = gi_kind_of(path);
	Outcome		out;
	int			seen;
	int			rc;

	bar_draw(c, source);

	gi_file_read(path, follow, kind == GI_KIND_DOCX || kind == GI_KIND_PDF, c->opt.max_bytes, &f);

	/* Seen before: skipped without converting it. */
	seen = seen_before(c, &f, source, &err);
	if (seen < 0)
	{
		out = not_recorded(c, path, "", &err);
		goto done;
	}
	if (seen)
	{
		say_skipped(c, path, &f, seen, false);
		out = OUT_SKIPPED;
		goto done;
	}
	if (f.error == NULL)
		gi_file_text(path, kind, &f);

	/* The file's transaction, under its lock; look again. */
	if (!begin_file(c, &f, source, &err) || (seen = seen_before(c, &f, source, &err)) < 0)
	{
		out = not_recorded(c, path, "", &err);
		goto done;
	}
	if (seen)
	{
		say_skipped(c, path, &f, seen, true);
		out = commit_file(c, path, OUT_SKIPPED, &err);
		goto done;
	}

	/* A file that could not be read or converted: a reject without a report. */
	if (f.error != NULL)
	{
		rc = record_reject(c, source, &f, f.error, f.sqlstate, NULL, &err);
		if (rc == 0)
		{
			char	   *what = gi_printf(" (%s)", f.error);

			out = not_recorded(c, path, what, &err);
			free(what);
		}
		else if (rc == 2)
		{
			say_skipped(c, path, &f, 2, true);
			out = commit_file(c, path, OUT_SKIPPED, &err);
		}
		else
		{
			out = commit_file(c, path, OUT_NOT_PARSEABLE, &err);
			if (out == OUT_NOT_PARSEABLE)
				file_line(c, false, path, "not parseable: %s", f.error);
		}
		goto done;
	}

	if (!run_cmd(c, "SAVEPOINT gi_file", &err))
	{
		out = not_recorded(c, path, "", &err);
		goto done;
	}
	rc = parse_and_load(c, source, &f, &p, &err);
	if (rc == 0)
	{
		char	   *who = identity(&p);

		if (p.broken > 0 || p.unassessable > 0)
		{
			char	   *ids = p.broken_ids ? first_line(p.broken_ids) : NULL;

			out = OUT_LOADED_RULES;
			out = commit_file(c, path, out, &err);
			if (out != OUT_FAILED)
				file_line(c, false, path, "loaded with rule failures: %s%s%s%s%s%s",
						  who, f.note[0] ? ", " : "", f.note,
						  p.broken > 0 ? "; broken: " : "", ids ? ids : "",
						  p.unassessable > 0 ? "; some rules not assessable (blank cells)" : "");
			free(ids);
		}
		else
		{
			out = commit_file(c, path, OUT_LOADED, &err);
			if (out != OUT_FAILED)
				file_line(c, false, path, "loaded: %s%s%s", who, f.note[0] ? ", " : "", f.note);
		}
		free(who);
		goto done;
	}
	if (rc == 3)
	{
		say_skipped(c, path, &f, 1, true);
		out = commit_file(c, path, OUT_SKIPPED, &err);
		goto done;
	}

	/* Parse or insert failed: back to the savepoint, then record the reject. */
	if (PQstatus(c->conn) != CONNECTION_OK)
	{
		out = not_recorded(c, path, " (connection lost)", &err);
		goto done;
	}
	if (is_setup_error(err.sqlstate))
	{
		out = not_recorded(c, path, "", &err);
		c->fatal = true;
		goto done;
	}
	if (!rollback_to(c, "gi_file"))
	{
		out = not_recorded(c, path, " (connection lost)", &err);
		goto done;
	}
	out = reject_file(c, path, source, &f, &p, rc, &err);

done:
	dberror_free(&err);
	parsed_free(&p);
	gi_file_free(&f);
	free(source);
	c->done++;
	return out;
}

/* ----------------------------------------------------------------------------
 * Main
 * ----------------------------------------------------------------------------
 */

static void
usage(void)
{
	printf("%s loads annual government-information-disclosure reports into a govinfo table.\n\n", PROGNAME);
	printf("Usage:\n  %s [OPTION]... FILE|DIRECTORY...\n\n", PROGNAME);
	printf("Each .txt, .html/.htm, .docx (needs pandoc) and .pdf (needs pdftotext) file is parsed\n"
		   "by govinfo.parse_report() in the database and inserted in its own transaction.\n"
		   "Directories are walked recursively in name order.  Files that cannot be parsed or\n"
		   "that break an error rule are recorded in the table \"rejects\" of the same schema;\n"
		   "files already imported or rejected (same SHA-256) are skipped.\n\n");
	printf("Options:\n");
	printf("  -t, --table=NAME         target table (default: %s)\n", DEFAULT_TABLE);
	printf("      --init               create the workspace (govinfo.create_workspace) if missing\n");
	printf("      --agency=NAME        agency, instead of the one found in the report\n");
	printf("      --year=YEAR          report year, instead of the one found in the report\n");
	printf("      --template=NAME      template (gov2014, gov2019, gov2021) instead of detection\n");
	printf("      --region=TEXT        value for the region column\n");
	printf("      --level=TEXT         value for the level column\n");
	printf("      --retry              process files found in rejects again, replacing their rows\n");
	printf("      --max-size=MB        largest file read, in MB (default: %d); the text given\n"
		   "                           to the parser is at most %d MiB whatever this says\n",
		   DEFAULT_MAX_MB, GI_PARSE_MAX_BYTES / (1024 * 1024));
	printf("  -q, --quiet              print only errors and the summary\n");
	printf("  -V, --version            output version information, then exit\n");
	printf("  -?, --help               show this help, then exit\n\n");
	printf("Connection options:\n");
	printf("  -h, --host=HOSTNAME      database server host or socket directory\n");
	printf("  -p, --port=PORT          database server port\n");
	printf("  -U, --username=USERNAME  database user name\n");
	printf("  -d, --dbname=DBNAME      database name, or a connection string or URI\n");
	printf("  -w, --no-password        never prompt for password\n");
	printf("  -W, --password           force password prompt\n\n");
	printf("The password may also come from PGPASSWORD or ~/.pgpass, and every libpq\n"
		   "environment variable (PGHOST, PGPORT, PGUSER, PGDATABASE ...) works.\n\n");
	printf("Exit status: 0 when every file was handled (rejected files are recorded),\n"
		   "1 on a usage or connection error, 2 when a file could not be recorded at all.\n");
}

static bool
parse_int(const char *s, long lo, long hi, long *out)
{
	char	   *end;
	long		v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"host", required_argument, NULL, 'h'},
		{"port", required_argument, NULL, 'p'},
		{"username", required_argument, NULL, 'U'},
		{"dbname", required_argument, NULL, 'd'},
		{"no-password", no_argument, NULL, 'w'},
		{"password", no_argument, NULL, 'W'},
		{"table", required_argument, NULL, 't'},
		{"init", no_argument, NULL, 1},
		{"agency", required_argument, NULL, 2},
		{"year", required_argument, NULL, 3},
		{"template", required_argument, NULL, 4},
		{"region", required_argument, NULL, 5},
		{"level", required_argument, NULL, 6},
		{"retry", no_argument, NULL, 7},
		{"max-size", required_argument, NULL, 8},
		{"quiet", no_argument, NULL, 'q'},
		{"version", no_argument, NULL, 'V'},
		{"help", no_argument, NULL, 9},
		{NULL, 0, NULL, 0}
	};
	Ctx			c;
	GiList		files = {0};
	int			opt;
	int			walk_errors = 0;
	size_t		i;
	long		n;

	memset(&c, 0, sizeof(c));
	c.opt.table = DEFAULT_TABLE;
	c.opt.max_bytes = (size_t) DEFAULT_MAX_MB * 1024 * 1024;
	ctx_for_notes = &c;

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-?") == 0))
	{
		usage();
		return 0;
	}
	if (argc > 1 && (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0))
	{
		printf("%s (govinfo) %s\n", PROGNAME, GOVINFO_VERSION);
		return 0;
	}

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":h:p:U:d:wWt:qV?", longopts, NULL)) != -1)
	{
		switch (opt)
		{
			case 'h': c.opt.host = optarg; break;
			case 'p': c.opt.port = optarg; break;
			case 'U': c.opt.user = optarg; break;
			case 'd': c.opt.dbname = optarg; break;
			case 'w': c.opt.prompt_password = -1; break;
			case 'W': c.opt.prompt_password = 1; break;
			case 't': c.opt.table = optarg; break;
			case 1: c.opt.init = true; break;
			case 2: c.opt.agency = optarg; break;
			case 3:
				if (!parse_int(optarg, 1900, 2200, &n))
				{
					fprintf(stderr, "%s: invalid --year \"%s\": give a year such as 2021\n", PROGNAME, optarg);
					return 1;
				}
				c.opt.year = optarg;
				break;
			case 4: c.opt.template = optarg; break;
			case 5: c.opt.region = optarg; break;
			case 6: c.opt.level = optarg; break;
			case 7: c.opt.retry = true; break;
			case 8:
				if (!parse_int(optarg, 1, 4096, &n))
				{
					fprintf(stderr, "%s: invalid --max-size \"%s\": give megabytes, 1 to 4096\n", PROGNAME, optarg);
					return 1;
				}
				c.opt.max_bytes = (size_t) n * 1024 * 1024;
				break;
			case 'q': c.opt.quiet = true; break;
			case 'V':
				printf("%s (govinfo) %s\n", PROGNAME, GOVINFO_VERSION);
				return 0;
			case 9:
				usage();
				return 0;
			case '?':
				if (strcmp(argv[optind - 1], "-?") == 0)
				{
					usage();
					return 0;
				}
				if (optopt != 0)
					fprintf(stderr, "%s: unknown option \"-%c\"\n", PROGNAME, optopt);
				else
					fprintf(stderr, "%s: unknown option \"%s\"\n", PROGNAME, argv[optind - 1]);
				fprintf(stderr, "Try \"%s --help\" for more information.\n", PROGNAME);
				return 1;
			case ':':
				fprintf(stderr, "%s: option \"%s\" needs a value\n", PROGNAME, argv[optind - 1]);
				fprintf(stderr, "Try \"%s --help\" for more information.\n", PROGNAME);
				return 1;
			default:
				fprintf(stderr, "Try \"%s --help\" for more information.\n", PROGNAME);
				return 1;
		}
	}
	if (optind >= argc)
	{
		fprintf(stderr, "%s: no files or directories given\n", PROGNAME);
		fprintf(stderr, "Try \"%s --help\" for more information.\n", PROGNAME);
		return 1;
	}
	/* Every path given must exist: a typo is a usage error, before anything is loaded. */
	for (i = (size_t) optind; i < (size_t) argc; i++)
	{
		if (access(argv[i], F_OK) != 0)
		{
			fprintf(stderr, "%s: %s: %s\n", PROGNAME, argv[i], strerror(errno));
			return 1;
		}
	}

	c.tty = isatty(STDERR_FILENO) && getenv("TERM") != NULL && strcmp(getenv("TERM"), "dumb") != 0;

	c.conn = connect_db(&c.opt);
	if (c.conn == NULL || PQstatus(c.conn) != CONNECTION_OK)
	{
		fprintf(stderr, "%s: connection to database failed: %s", PROGNAME,
				c.conn ? PQerrorMessage(c.conn) : "out of memory\n");
		PQfinish(c.conn);
		return 1;
	}
	if (setup(&c) != 0)
	{
		PQfinish(c.conn);
		return 1;
	}

	for (i = (size_t) optind; i < (size_t) argc; i++)
		walk_errors += gi_collect(argv[i], &files, &c.ignored, collect_note);
	c.counts[OUT_FAILED] += walk_errors;
	c.total = files.n;

	for (i = 0; i < files.n; i++)
	{
		Outcome		o = process_file(&c, files.v[i], files.follow[i]);

		c.counts[o]++;
		if (o == OUT_FAILED && (c.fatal || PQstatus(c.conn) != CONNECTION_OK))
		{
			size_t		rest = files.n - i - 1;

			bar_clear(&c);
			if (PQstatus(c.conn) != CONNECTION_OK)
				fprintf(stderr, "%s: lost the connection to the database: %s", PROGNAME, PQerrorMessage(c.conn));
			else
				fprintf(stderr, "%s: stopping: the error above is about the database, not the file\n", PROGNAME);
			if (rest > 0)
				fprintf(stderr, "%s: %zu more file%s not processed\n", PROGNAME, rest, rest == 1 ? "" : "s");
			c.counts[OUT_FAILED] += (int) rest;
			break;
		}
	}
	bar_clear(&c);

	{
		char	   *t = gi_term_safe(c.reports, false);

		printf("%s: %zu file%s into %s\n", PROGNAME, files.n, files.n == 1 ? "" : "s", t);
		free(t);
	}
	for (i = 0; i < N_OUTCOMES; i++)
		printf("  %-28s %d\n", outcome_label[i], c.counts[i]);
	if (c.ignored > 0)
		printf("  %-28s %d\n", "ignored (not a report file)", c.ignored);
	fflush(stdout);

	gi_list_free(&files);
	free(c.reports);
	free(c.rejects);
	free(c.schema);
	free(c.table);
	free(c.ext_schema);
	PQfreemem(c.gv);
	PQfinish(c.conn);
	return c.counts[OUT_FAILED] > 0 ? 2 : 0;
}
